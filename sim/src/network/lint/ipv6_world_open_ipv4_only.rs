//! A port a security group opens to the whole IPv4 internet (`0.0.0.0/0`) but not to the
//! IPv6 internet (`::/0`), in a dual-stack VPC (X7): IPv6 clients of that port are refused.
//! Often an oversight when IPv6 is added to a running design, sometimes deliberate, so a
//! note, and a warning only when an instance of the group has an IPv6 address (its IPv6
//! clients are really refused). High-risk ports (Security Hub EC2.19, which
//! `high_risk_port_open` asks to close) and rules for all traffic are left out: opening them
//! to IPv6 as well is not advice an engineer would give.

use super::{label, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::cidr6::Ipv6Cidr;
use crate::network::fix::{Edit, Fix, RuleDirection};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// Does a rule allow TCP/UDP `port` (or all traffic) from the peer block `any`?
fn opens(rule: &SecurityGroupRule, protocol: Protocol, port: Option<u16>, world: bool) -> bool {
    let proto_ok = rule.protocol == Protocol::All || rule.protocol == protocol;
    let port_ok = match (rule.ports, port) {
        (None, _) | (_, None) => true,
        (Some(r), Some(p)) => r.contains(p),
    };
    proto_ok && port_ok && world
}

fn is_v4_world(peer: &RulePeer) -> bool {
    matches!(peer, RulePeer::Cidr(c) if Cidr::parse(c).is_ok_and(|c| c.prefix() == 0))
}

fn is_v6_world(peer: &RulePeer) -> bool {
    matches!(peer, RulePeer::Cidr(c) if Ipv6Cidr::parse(c).is_ok_and(|c| c.prefix() == 0))
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for g in &net.security_groups {
        let dual_stack = ix
            .vpc(&g.vpc_id)
            .is_some_and(|v| !v.ipv6_cidr_blocks.is_empty());
        if !dual_stack {
            continue;
        }
        let has_v6_member = net
            .instances
            .iter()
            .any(|i| !i.ipv6_addresses.is_empty() && i.security_groups.iter().any(|x| x == &g.id));
        let risky = |r: &SecurityGroupRule| match (r.protocol, r.ports) {
            (Protocol::All, _) | (_, None) => true,
            (_, Some(p)) => super::high_risk_port_open::HIGH_RISK_PORTS
                .iter()
                .any(|(port, _)| p.contains(*port)),
        };
        for rule in g
            .ingress
            .iter()
            .filter(|r| is_v4_world(&r.peer) && r.protocol.has_ports() && !risky(r))
        {
            let port = rule.ports.map(|p| p.from);
            let v6_open = g
                .ingress
                .iter()
                .any(|r| opens(r, rule.protocol, port, is_v6_world(&r.peer)));
            if v6_open {
                continue;
            }
            let proto = rule.protocol.name();
            let what: Text = match rule.ports {
                Some(r) if r.from == r.to => {
                    msg!(
                        "lint-v4-only-port",
                        "{proto} port {port}",
                        proto,
                        port = r.from
                    )
                }
                Some(r) => msg!(
                    "lint-v4-only-ports",
                    "{proto} ports {from}-{to}",
                    proto,
                    from = r.from,
                    to = r.to
                ),
                None => proto.clone().into(),
            };
            let severity = if has_v6_member {
                Severity::Warning
            } else {
                Severity::Info
            };
            let mut twin = rule.clone();
            twin.peer = RulePeer::Cidr("::/0".into());
            let fix = Fix::new(
                msg!(
                    "lint-fix-v6-twin",
                    "allow {what} from ::/0 in {group}",
                    what,
                    group = g.id
                ),
                vec![Edit::AddSecurityGroupRule {
                    security_group: g.id.clone(),
                    direction: RuleDirection::Ingress,
                    rule: twin,
                }],
            );
            out.push(Diagnostic::new(
                "SG_WORLD_OPEN_IPV4_ONLY",
                severity,
                &g.id,
                {
                    let (group, vpc) = (label(&g.name, &g.id), &g.vpc_id);
                    if has_v6_member {
                        msg!(
                            "lint-sg-world-open-ipv4-only-member",
                            "security group {group} allows {what} from 0.0.0.0/0 but not from ::/0, and VPC {vpc} is dual-stack: IPv6 clients of that port are refused (an instance in the group has an IPv6 address)",
                            group, what, vpc
                        )
                    } else {
                        msg!(
                            "lint-sg-world-open-ipv4-only",
                            "security group {group} allows {what} from 0.0.0.0/0 but not from ::/0, and VPC {vpc} is dual-stack: IPv6 clients of that port are refused",
                            group, what, vpc
                        )
                    }
                },
                Some(fix),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::lint::Severity;
    use crate::network::model::*;

    fn web_open(n: &mut Network) {
        n.security_groups[1]
            .ingress
            .push(SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", "https"));
    }

    fn dual_stack(n: &mut Network) {
        n.vpcs[0].ipv6_cidr_blocks = vec!["2600:1f18:1234:5600::/56".into()];
    }

    #[test]
    fn sg_world_open_ipv4_only_cases_x7() {
        type Case = (
            &'static str,
            crate::network::lint::testing::Mutation,
            Vec<Severity>,
        );
        let cases: Vec<Case> = vec![
            (
                "an IPv4-only VPC is not asked for IPv6 rules",
                Box::new(web_open),
                vec![],
            ),
            (
                "443 open to 0.0.0.0/0 but not ::/0 in a dual-stack VPC is a note (X7)",
                Box::new(|n| {
                    web_open(n);
                    dual_stack(n);
                }),
                vec![Severity::Info],
            ),
            (
                "a warning when an instance of the group has an IPv6 address (X7)",
                Box::new(|n| {
                    web_open(n);
                    dual_stack(n);
                    n.instances[0].ipv6_addresses = vec!["2600:1f18:1234:5600::10".into()];
                }),
                vec![Severity::Warning],
            ),
            (
                "a matching ::/0 rule for the port satisfies it",
                Box::new(|n| {
                    web_open(n);
                    dual_stack(n);
                    n.security_groups[1]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(443, "::/0", "https v6"));
                }),
                vec![],
            ),
            (
                "a high-risk port open to the world is high_risk_port_open's business, not this one's",
                Box::new(|n| {
                    dual_stack(n);
                    n.security_groups[1]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(3389, "0.0.0.0/0", "rdp"));
                }),
                vec![],
            ),
            (
                "a ::/0 rule for another port does not cover it",
                Box::new(|n| {
                    web_open(n);
                    dual_stack(n);
                    n.security_groups[1]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(80, "::/0", "http v6"));
                }),
                vec![Severity::Info],
            ),
        ];
        for (name, edit, want) in cases {
            let d = check(edit, "SG_WORLD_OPEN_IPV4_ONLY");
            let got: Vec<Severity> = d.iter().map(|d| d.severity).collect();
            assert_eq!(got, want, "{name}: {d:#?}");
            assert!(
                d.iter()
                    .all(|d| d.message.contains("port 443") && d.fix.is_some()),
                "{name}: the message names the port and a fix is offered"
            );
        }
    }
}
