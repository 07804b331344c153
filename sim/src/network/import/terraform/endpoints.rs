//! Terraform interface endpoints and prefix-list entries → the model (docs/SEMANTICS.md#e5,
//! #m1; docs/TERRAFORM.md): `aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`
//! (`subnet_ids`, `security_group_ids`, `private_dns_enabled`) and
//! `aws_ec2_managed_prefix_list_entry` (one `cidr` added to a list).
//!
//! The provider's defaults apply: no `security_group_ids` means the VPC's default group (E6);
//! `private_dns_enabled` defaults to `false`. The interfaces' addresses are chosen by AWS at
//! apply time, so they are unknown here: one assumption warning per endpoint says the
//! simulator picks free addresses of the subnets.

use super::*;

/// The network side of an interface endpoint (E5, E6).
pub(super) fn interface_of(b: &mut Builder, r: &Resource, vpc: &str) -> InterfaceEndpoint {
    let subnets: Vec<String> = strings(&r.values, "subnet_ids")
        .iter()
        .map(|s| b.canon(s))
        .collect();
    if subnets.is_empty() {
        b.warn(
            r,
            "an interface endpoint without `subnet_ids` has no network interface, so nothing reaches it".into(),
        );
    } else {
        let at = r.at.clone();
        b.warn_at(
            &r.address,
            &at,
            "AWS picks the addresses of the endpoint's network interfaces at apply time; assumed free addresses of its subnets".into(),
            true,
        );
    }
    let mut groups: Vec<String> = strings(&r.values, "security_group_ids")
        .iter()
        .map(|g| b.canon(g))
        .collect();
    if groups.is_empty() {
        groups.push(b.canon(&format!("{vpc}:default_security_group")));
    }
    InterfaceEndpoint {
        network_interfaces: subnets
            .into_iter()
            .map(|subnet_id| EndpointInterface {
                subnet_id,
                eni_id: None,
                private_ip: None,
            })
            .collect(),
        security_groups: groups,
        private_dns: flag(&r.values, "private_dns_enabled").unwrap_or(false),
        state: EndpointState::Available,
    }
}

/// `aws_ec2_managed_prefix_list_entry`: a `cidr` added to `prefix_list_id` (M1).
pub(super) fn build_prefix_list_entries(b: &mut Builder, rs: &[Resource]) {
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_managed_prefix_list_entry")
    {
        let (Some(list), Some(cidr)) = (text(&r.values, "prefix_list_id"), text(&r.values, "cidr"))
        else {
            b.warn(r, "needs `prefix_list_id` and `cidr`; ignored".into());
            continue;
        };
        let list = b.canon(&list);
        match b.net.prefix_lists.iter_mut().find(|p| p.id == list) {
            Some(p) => {
                if !p.cidrs.contains(&cidr) {
                    p.cidrs.push(cidr);
                }
            }
            None => b.warn(
                r,
                format!("prefix list `{list}` is not declared here, so the entry cannot be added; ignored"),
            ),
        }
    }
}
