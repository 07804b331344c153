//! Terraform's IPv6 attributes → the model (docs/SEMANTICS.md#x1 … #x5; docs/TERRAFORM.md):
//! `aws_vpc.ipv6_cidr_block` (or `assign_generated_ipv6_cidr_block`, whose /56 AWS assigns
//! at apply: `eval` assumes one and says so), `aws_vpc_ipv6_cidr_block_association`,
//! `aws_subnet.ipv6_cidr_block`, `aws_egress_only_internet_gateway`, routes'
//! `ipv6_cidr_block` / `destination_ipv6_cidr_block` and `egress_only_gateway_id`, security
//! group `ipv6_cidr_blocks` and `aws_vpc_security_group_*_rule.cidr_ipv6`, network ACL
//! `ipv6_cidr_block`, and instances' `ipv6_addresses` (or `ipv6_address_count`, assumed from
//! the subnet's block). Called from `build` at the points where it handles the IPv4 forms.

use super::*;
use crate::network::cidr6::{parse_ipv6, Ipv6Cidr};

/// The pool prefix of assumed VPC blocks: Amazon's 2600:1f00::/24 range.
pub(in crate::network::import::terraform) const ASSUMED_PREFIX: &str = "2600:1f00:0:";

/// The `k`th assumed `assign_generated_ipv6_cidr_block` /56 (k from 0).
pub(in crate::network::import::terraform) fn assumed_vpc_block(k: usize) -> String {
    format!("{ASSUMED_PREFIX}{:x}00::/56", (k % 255) + 1)
}

/// A VPC's IPv6 blocks: its own and its `aws_vpc_ipv6_cidr_block_association`s.
pub(super) fn vpc_blocks(b: &mut Builder, r: &Resource, rs: &[Resource]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = checked(b, r, "ipv6_cidr_block", &r.values) {
        out.push(c);
    }
    for a in rs
        .iter()
        .filter(|a| a.kind == "aws_vpc_ipv6_cidr_block_association")
    {
        if text(&a.values, "vpc_id").as_deref() == Some(&r.address) {
            if let Some(c) = checked(b, a, "ipv6_cidr_block", &a.values) {
                out.push(c);
            }
        }
    }
    out
}

/// An IPv6 block attribute, parsed; a bad value is a warning naming it and is left out.
fn checked(b: &mut Builder, r: &Resource, key: &str, v: &Map<String, Value>) -> Option<String> {
    let c = text(v, key)?;
    match Ipv6Cidr::parse_lenient(&c) {
        Ok(block) => Some(block.to_string()),
        Err(e) => {
            b.warn(r, format!("`{key}` {e}; ignored"));
            None
        }
    }
}

/// A subnet's `ipv6_cidr_block`.
pub(super) fn subnet_block(b: &mut Builder, r: &Resource) -> Option<String> {
    checked(b, r, "ipv6_cidr_block", &r.values)
}

/// A route's IPv6 destination (`destination_ipv6_cidr_block` of `aws_route`, `ipv6_cidr_block`
/// of an inline `route`).
pub(super) fn route_destination(v: &Map<String, Value>) -> Option<RouteDestination> {
    text(v, "destination_ipv6_cidr_block")
        .or_else(|| text(v, "ipv6_cidr_block"))
        .map(RouteDestination::Cidr)
}

/// Security group rule peers from `ipv6_cidr_blocks` (inline rules, `aws_security_group_rule`).
pub(super) fn rule_peers(v: &Map<String, Value>) -> Vec<RulePeer> {
    strings(v, "ipv6_cidr_blocks")
        .into_iter()
        .map(RulePeer::Cidr)
        .collect()
}

/// `aws_egress_only_internet_gateway` (X4).
pub(super) fn build_gateways(b: &mut Builder, rs: &[Resource]) {
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_egress_only_internet_gateway")
    {
        let vpc = text(&r.values, "vpc_id");
        if vpc.is_none() {
            b.warn(r, "no `vpc_id`: the gateway is attached to no VPC".into());
        }
        b.net
            .egress_only_internet_gateways
            .push(EgressOnlyInternetGateway {
                id: r.address.clone(),
                name: name_tag(r),
                attached_vpc: vpc,
            });
    }
}

/// An instance's IPv6 addresses: `ipv6_addresses`, else `ipv6_address_count` addresses
/// assumed from its subnet's block (AWS picks them at launch).
pub(super) fn instance_addresses(b: &mut Builder, r: &Resource, subnet: &str) -> Vec<String> {
    let listed: Vec<String> = strings(&r.values, "ipv6_addresses");
    if !listed.is_empty() {
        let mut out = Vec::new();
        for a in listed {
            match parse_ipv6(&a) {
                Some(x) => out.push(x.to_string()),
                None => b.warn(
                    r,
                    format!("`ipv6_addresses` holds `{a}`, which is not an IPv6 address; ignored"),
                ),
            }
        }
        return out;
    }
    let count = int(&r.values, "ipv6_address_count").unwrap_or(0);
    if count <= 0 {
        return Vec::new();
    }
    let block = b
        .net
        .subnet(subnet)
        .and_then(|s| s.ipv6_cidr.clone())
        .and_then(|c| Ipv6Cidr::parse(&c).ok());
    let Some(block) = block else {
        b.warn(
            r,
            format!("`ipv6_address_count` = {count} but subnet {subnet} has no IPv6 block; no IPv6 address assumed"),
        );
        return Vec::new();
    };
    let taken: usize = b
        .net
        .instances
        .iter()
        .filter(|i| i.subnet_id == subnet)
        .map(|i| i.ipv6_addresses.len())
        .sum();
    let out: Vec<String> = (0..count as usize)
        .map(|k| block.nth(0x10 + (taken + k) as u128).to_string())
        .collect();
    let at = r.at.clone();
    b.warn_at(
        &r.address,
        &at,
        format!(
            "ipv6_address_count = {count}: AWS picks the addresses in {block} at launch; assumed {}",
            out.join(", ")
        ),
        true,
    );
    out
}
