//! SSH (22) or RDP (3389) open to the whole internet is a classic mistake (warning).

use super::{label, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::fix::{Edit, Fix, RuleDirection};
use crate::network::model::*;
use crate::network::samples::ADMIN_CIDR;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for g in &net.security_groups {
        for (index, r) in g.ingress.iter().enumerate() {
            let RulePeer::Cidr(c) = &r.peer else { continue };
            if Cidr::parse(c).map(|c| c.prefix() != 0).unwrap_or(true) {
                continue;
            }
            for (port, service, code) in [
                (22u16, "SSH", "SSH_OPEN_TO_WORLD"),
                (3389, "RDP", "RDP_OPEN_TO_WORLD"),
            ] {
                let covers = match r.protocol {
                    Protocol::All => true,
                    Protocol::Tcp => r.ports.map(|p| p.contains(port)).unwrap_or(true),
                    _ => false,
                };
                if !covers {
                    continue;
                }
                out.push(Diagnostic::new(
                    code,
                    Severity::Warning,
                    &g.id,
                    format!(
                        "security group {} lets anyone on the internet (0.0.0.0/0) try {service} on port {port} (rule #{index}); allow it only from your own address or from the bastion's security group",
                        label(&g.name, &g.id)
                    ),
                    Some(narrow(net, g, index, service)),
                ));
            }
        }
    }
}

/// Members of a non-bastion group should take admin traffic from the bastion's group;
/// a bastion's own group (or any group when there is no bastion) from one admin address.
fn narrow(net: &Network, g: &SecurityGroup, index: usize, service: &str) -> Fix {
    let members_are_bastions = net
        .instances
        .iter()
        .any(|i| i.role == InstanceRole::Bastion && i.security_groups.contains(&g.id));
    let bastion_group = net
        .instances
        .iter()
        .filter(|i| i.role == InstanceRole::Bastion)
        .flat_map(|i| i.security_groups.iter())
        .find(|s| {
            *s != &g.id
                && net
                    .security_group(s)
                    .map(|x| x.vpc_id == g.vpc_id)
                    .unwrap_or(false)
        });
    let (peer, summary) = match (members_are_bastions, bastion_group) {
        (false, Some(b)) => (RulePeer::SecurityGroup(b.clone()), format!("allow {service} only from the bastion's security group {b}")),
        _ => (RulePeer::Cidr(ADMIN_CIDR.into()), format!("allow {service} only from your admin address (replace {ADMIN_CIDR} with your own /32)")),
    };
    Fix::new(
        summary,
        vec![Edit::ReplaceSecurityGroupRulePeer {
            security_group: g.id.clone(),
            direction: RuleDirection::Ingress,
            index,
            peer,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    #[test]
    fn admin_port_open_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, &str, usize)> = vec![
            (
                "SSH from one admin /32 passes",
                Box::new(|_| {}),
                "SSH_OPEN_TO_WORLD",
                0,
            ),
            (
                "SSH from 0.0.0.0/0 is a warning",
                Box::new(|n| {
                    n.security_groups[1].ingress[0].peer = RulePeer::Cidr("0.0.0.0/0".into())
                }),
                "SSH_OPEN_TO_WORLD",
                1,
            ),
            (
                "all traffic from 0.0.0.0/0 opens RDP too",
                Box::new(|n| {
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::allow_all("0.0.0.0/0"))
                }),
                "RDP_OPEN_TO_WORLD",
                1,
            ),
            (
                "port 8080 from 0.0.0.0/0 is not an admin port",
                Box::new(|n| {
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(8080, "0.0.0.0/0", ""))
                }),
                "SSH_OPEN_TO_WORLD",
                0,
            ),
        ];
        for (name, edit, code, count) in cases {
            assert_eq!(check(edit, code).len(), count, "{name}");
        }
    }

    #[test]
    fn an_app_tier_open_to_the_world_is_pointed_at_the_bastion_group() {
        let d = check(
            |n| n.security_groups[2].ingress[0].peer = RulePeer::Cidr("0.0.0.0/0".into()),
            "SSH_OPEN_TO_WORLD",
        );
        assert!(d[0].fix.as_ref().unwrap().summary.contains("sg-0bastion"));
    }
}
