//! An interface endpoint whose security groups admit no HTTPS from its own VPC (E6): clients
//! of AWS services call them over HTTPS (TCP 443), and an endpoint's groups decide inbound,
//! so such an endpoint answers nobody in the VPC. The fix adds the rule to its first group.

use std::collections::BTreeMap;

use super::{label, vpc_cidrs, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::fix::{Edit, Fix, RuleDirection};
use crate::network::model::*;
use crate::network::msg::msg;

/// Does `rule` let TCP 443 in from somewhere inside `vpc` (any address of its blocks)?
fn admits_https_from(net: &Network, rule: &SecurityGroupRule, vpc: &[Cidr]) -> bool {
    let proto = matches!(rule.protocol, Protocol::Tcp | Protocol::All);
    let port = rule.ports.is_none_or(|p| p.contains(443));
    let overlaps = |c: &str| {
        Cidr::parse_lenient(c).is_ok_and(|c| {
            vpc.iter()
                .any(|v| v.contains_cidr(&c) || c.contains_cidr(v))
        })
    };
    let peer = match &rule.peer {
        RulePeer::Cidr(c) => overlaps(c),
        RulePeer::SecurityGroup(_) => true,
        RulePeer::PrefixList(p) => net
            .prefix_list(p)
            .is_some_and(|p| p.cidrs.iter().any(|c| overlaps(c))),
    };
    proto && port && peer
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    if net.vpc_endpoints.iter().all(|e| e.interface.is_none()) {
        return;
    }
    let groups: BTreeMap<&str, &SecurityGroup> = net
        .security_groups
        .iter()
        .rev()
        .map(|g| (g.id.as_str(), g))
        .collect();
    let defaults: BTreeMap<&str, &SecurityGroup> = net
        .security_groups
        .iter()
        .rev()
        .filter(|g| g.name == "default")
        .map(|g| (g.vpc_id.as_str(), g))
        .collect();
    for e in &net.vpc_endpoints {
        let (Some(spec), Some(vpc)) = (&e.interface, ix.vpc(&e.vpc_id)) else {
            continue;
        };
        let blocks = vpc_cidrs(vpc);
        let used: Vec<&SecurityGroup> = if spec.security_groups.is_empty() {
            defaults
                .get(e.vpc_id.as_str())
                .copied()
                .into_iter()
                .collect()
        } else {
            spec.security_groups
                .iter()
                .filter_map(|g| groups.get(g.as_str()).copied())
                .collect()
        };
        // Groups the design does not hold are the dangling-reference check's business.
        if used.is_empty() || blocks.is_empty() {
            continue;
        }
        if used
            .iter()
            .flat_map(|g| &g.ingress)
            .any(|r| admits_https_from(net, r, &blocks))
        {
            continue;
        }
        let first = used[0];
        let cidr = blocks[0].to_string();
        out.push(Diagnostic::new(
            "ENDPOINT_NO_HTTPS_FROM_VPC",
            Severity::Warning,
            &e.id,
            msg!(
                "lint-endpoint-no-https",
                "interface endpoint {endpoint} for {service} admits no HTTPS (TCP 443) from VPC {vpc}: no inbound rule of {groups} allows it, so clients in the VPC cannot reach the service through it",
                endpoint = label(&e.name, &e.id),
                service = e.service,
                vpc = label(&vpc.name, &vpc.id),
                groups = used.iter().map(|g| label(&g.name, &g.id)).collect::<Vec<_>>().join(", ")
            ),
            Some(Fix::new(
                msg!("lint-endpoint-https-fix", "allow TCP 443 from {cidr} in {group}", cidr, group = first.id),
                vec![Edit::AddSecurityGroupRule {
                    security_group: first.id.clone(),
                    direction: RuleDirection::Ingress,
                    rule: SecurityGroupRule::tcp_from_cidr(
                        443,
                        &cidr,
                        "HTTPS from the VPC to the endpoint",
                    ),
                }],
            )),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, Mutation};
    use crate::network::model::*;

    fn endpoint(groups: &[&str]) -> VpcEndpoint {
        VpcEndpoint {
            id: "vpce-ssm".into(),
            name: String::new(),
            vpc_id: "vpc-0a1b2c3d".into(),
            service: "com.amazonaws.ap-northeast-2.ssm".into(),
            endpoint_type: EndpointType::Interface,
            route_table_ids: Vec::new(),
            prefix_list_id: None,
            interface: Some(InterfaceEndpoint {
                network_interfaces: vec![EndpointInterface {
                    subnet_id: "subnet-0b22".into(),
                    ..EndpointInterface::default()
                }],
                security_groups: groups.iter().map(|g| g.to_string()).collect(),
                ..InterfaceEndpoint::default()
            }),
        }
    }

    fn group(n: &mut Network, ingress: Vec<SecurityGroupRule>) {
        n.security_groups.push(SecurityGroup {
            id: "sg-vpce".into(),
            name: "vpce".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            description: String::new(),
            ingress,
            egress: Vec::new(),
        });
    }

    #[test]
    fn interface_endpoint_https_cases() {
        let cases: Vec<(&str, Mutation, usize)> =
            vec![
            ("a design without interface endpoints passes", Box::new(|_| {}), 0),
            (
                "HTTPS from the VPC CIDR passes (E6)",
                Box::new(|n| {
                    group(n, vec![SecurityGroupRule::tcp_from_cidr(443, "10.0.0.0/16", "")]);
                    n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
                }),
                0,
            ),
            (
                "HTTPS from one subnet of the VPC passes (E6)",
                Box::new(|n| {
                    group(n, vec![SecurityGroupRule::tcp_from_cidr(443, "10.0.2.0/24", "")]);
                    n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
                }),
                0,
            ),
            (
                "HTTPS from a client group passes (S5)",
                Box::new(|n| {
                    group(n, vec![SecurityGroupRule::tcp_from_group(443, "sg-0app", "")]);
                    n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
                }),
                0,
            ),
            (
                "only 8443 open is reported (E6)",
                Box::new(|n| {
                    group(n, vec![SecurityGroupRule::tcp_from_cidr(8443, "10.0.0.0/16", "")]);
                    n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
                }),
                1,
            ),
            (
                "HTTPS only from another network is reported (E6)",
                Box::new(|n| {
                    group(n, vec![SecurityGroupRule::tcp_from_cidr(443, "192.168.0.0/16", "")]);
                    n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
                }),
                1,
            ),
            (
                "no groups means the default group, whose self rule admits its members (E6, S6)",
                Box::new(|n| n.vpc_endpoints.push(endpoint(&[]))),
                0,
            ),
            (
                "a default group without rules is reported (E6)",
                Box::new(|n| {
                    for g in &mut n.security_groups {
                        if g.name == "default" {
                            g.ingress.clear();
                        }
                    }
                    n.vpc_endpoints.push(endpoint(&[]));
                }),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(
                check(edit, "ENDPOINT_NO_HTTPS_FROM_VPC").len(),
                count,
                "{name}"
            );
        }
    }

    #[test]
    fn the_fix_opens_https_from_the_vpc_and_clears_the_finding() {
        let mut n = crate::network::samples::sample_network();
        group(&mut n, Vec::new());
        n.vpc_endpoints.push(endpoint(&["sg-vpce"]));
        let d = crate::network::lint::lint(&n)
            .into_iter()
            .find(|d| d.code == "ENDPOINT_NO_HTTPS_FROM_VPC")
            .expect("reported");
        let mut fixed = n.clone();
        d.fix
            .as_ref()
            .unwrap()
            .apply_to_network(&mut fixed)
            .unwrap();
        assert!(crate::network::lint::lint(&fixed)
            .iter()
            .all(|d| d.code != "ENDPOINT_NO_HTTPS_FROM_VPC"));
    }
}
