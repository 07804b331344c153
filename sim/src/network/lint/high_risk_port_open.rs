//! High-risk ports open to the whole internet (`0.0.0.0/0`): the port list of AWS Security
//! Hub control EC2.19 (docs/SEMANTICS.md#s10). SSH (22) and RDP (3389) keep their own codes
//! (`SSH_OPEN_TO_WORLD`, `RDP_OPEN_TO_WORLD`, with a fix narrowing the source); every other
//! listed port a rule opens is reported once per rule as `HIGH_RISK_PORT_OPEN`.
//!
//! Severity comes from the tracer: a **warning** when the internet actually reaches a member of
//! the group on one of those ports, a **note** (info) when routing, NACLs or a missing public
//! address keep it out today — the rule is still wider than it should be, and the next route
//! change exposes the service.

use super::{label, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::fix::{Edit, Fix, RuleDirection};
use crate::network::model::*;
use crate::network::msg::{msg, Text};
use crate::network::samples::ADMIN_CIDR;
use crate::network::{Flow, NetworkIndex};

/// The ports of Security Hub control EC2.19 ("Security groups should not allow unrestricted
/// access to ports with high risk"), with the service usually behind each.
pub const HIGH_RISK_PORTS: &[(u16, &str)] = &[
    (20, "FTP data"),
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (25, "SMTP"),
    (110, "POP3"),
    (135, "Windows RPC"),
    (143, "IMAP"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1434, "SQL Server browser"),
    (3000, "development web servers"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (4333, "mSQL"),
    (5000, "development web servers"),
    (5432, "PostgreSQL"),
    (5500, "VNC"),
    (5601, "Kibana"),
    (8080, "HTTP proxies and app servers"),
    (8088, "HTTP alternates"),
    (8888, "HTTP alternates"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
];

/// A rule's protocol as the tracer should test it, or `None` when the rule carries no ports.
fn test_protocol(r: &SecurityGroupRule) -> Option<Protocol> {
    match r.protocol {
        Protocol::All | Protocol::Tcp => Some(Protocol::Tcp),
        Protocol::Udp => Some(Protocol::Udp),
        _ => None,
    }
}

/// Members of a group the internet could connect to: instances, databases, load balancers.
fn members(net: &Network, group: &str) -> Vec<String> {
    let has = |gs: &[String]| gs.iter().any(|g| g == group);
    let mut v: Vec<String> = net
        .instances
        .iter()
        .filter(|i| has(&i.security_groups))
        .map(|i| i.id.clone())
        .collect();
    v.extend(
        net.databases
            .iter()
            .filter(|d| has(&d.security_groups))
            .map(|d| d.id.clone()),
    );
    v.extend(
        net.load_balancers
            .iter()
            .filter(|l| has(&l.security_groups) && !l.subnets.is_empty())
            .map(|l| l.id.clone()),
    );
    v
}

/// What tracing from the internet to the group's members showed.
enum Exposure {
    /// The internet reaches this member on this port today.
    Reached(String, u16),
    /// No path, but a blocked trace stopped at a component the capture lacks (Q2): unknown.
    NotKnown,
    /// No path, decided by components that are all in the input.
    Blocked,
}

/// The first member the internet reaches on one of `ports`, or why none is reached.
fn reached(
    index: &NetworkIndex,
    members: &[String],
    protocol: Protocol,
    ports: &[u16],
    capture: bool,
) -> Exposure {
    let mut not_known = false;
    for m in members {
        for &port in ports {
            let flow = Flow {
                from: "internet".into(),
                to: m.clone(),
                protocol,
                port: Some(port),
                src_port: None,
                icmp_type: None,
                icmp_code: None,
            };
            if matches!(index.reachable(&flow), Ok(true)) {
                return Exposure::Reached(m.clone(), port);
            }
            if capture && !not_known {
                not_known = index.trace(&flow).is_ok_and(|t| {
                    t.blockers
                        .iter()
                        .any(|b| b.code == crate::network::trace::ReasonCode::NotInCapture)
                });
            }
        }
    }
    if not_known {
        Exposure::NotKnown
    } else {
        Exposure::Blocked
    }
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    let mut index: Option<NetworkIndex> = None;
    for g in &net.security_groups {
        for (rule_index, r) in g.ingress.iter().enumerate() {
            let RulePeer::Cidr(c) = &r.peer else { continue };
            if Cidr::parse(c).map(|c| c.prefix() != 0).unwrap_or(true) {
                continue;
            }
            let Some(protocol) = test_protocol(r) else {
                continue;
            };
            let open: Vec<(u16, &str)> = HIGH_RISK_PORTS
                .iter()
                .copied()
                .filter(|(p, _)| r.ports.is_none_or(|range| range.contains(*p)))
                .collect();
            if open.is_empty() {
                continue;
            }
            let who = members(net, &g.id);
            let ix = index.get_or_insert_with(|| NetworkIndex::build(net));
            let group = label(&g.name, &g.id);
            let proto = protocol.name();
            let exposure = |ports: &[u16]| -> (Severity, Text) {
                match reached(ix, &who, protocol, ports, net.is_capture()) {
                    Exposure::Reached(m, port) => (
                        Severity::Warning,
                        msg!("lint-exposure-reached", "the internet reaches {m} on {proto} {port} today", m, proto, port),
                    ),
                    // A partial capture cannot show that nothing is exposed: the group's members
                    // or the path may simply not be in the files (docs/SEMANTICS.md#q1).
                    Exposure::NotKnown => (
                        Severity::Warning,
                        msg!("lint-exposure-not-known", "whether the internet reaches it is not known: the path depends on components not in the capture"),
                    ),
                    _ if who.is_empty() && net.is_capture() => (
                        Severity::Warning,
                        msg!("lint-exposure-no-member-captured", "no member of the group is in the capture, so whether anything is exposed is not known (not captured)"),
                    ),
                    _ if who.is_empty() => (
                        Severity::Info,
                        msg!("lint-exposure-no-member", "no instance, database or load balancer uses the group yet, so nothing is exposed today"),
                    ),
                    Exposure::Blocked => (
                        Severity::Info,
                        msg!("lint-exposure-blocked", "routing or the network ACLs keep the internet out today (traced), but the rule would expose the service after the next route or address change"),
                    ),
                }
            };
            for (port, service, code) in [
                (22u16, "SSH", "SSH_OPEN_TO_WORLD"),
                (3389, "RDP", "RDP_OPEN_TO_WORLD"),
            ] {
                if protocol != Protocol::Tcp || !open.iter().any(|(p, _)| *p == port) {
                    continue;
                }
                let (severity, why) = exposure(&[port]);
                out.push(Diagnostic::new(
                    code,
                    severity,
                    &g.id,
                    msg!(
                        "lint-admin-port-open",
                        "security group {group} lets anyone on the internet (0.0.0.0/0) try {service} on port {port} (rule #{rule_index}); {why}; allow it only from your own address or from the bastion's security group",
                        group, service, port, rule_index, why
                    ),
                    Some(narrow(net, g, rule_index, service)),
                ));
            }
            let rest: Vec<(u16, &str)> = open
                .iter()
                .copied()
                .filter(|(p, _)| protocol != Protocol::Tcp || (*p != 22 && *p != 3389))
                .collect();
            if rest.is_empty() {
                continue;
            }
            let ports: Vec<u16> = rest.iter().map(|(p, _)| *p).collect();
            let (severity, why) = exposure(&ports);
            let many = rest.len() > 1;
            let listed = Text::join(rest.iter().map(|(p, s)| port_words(*p, s)).collect(), ", ");
            out.push(Diagnostic::new(
                "HIGH_RISK_PORT_OPEN",
                severity,
                &g.id,
                if many {
                    msg!(
                        "lint-high-risk-ports-open",
                        "security group {group} rule #{rule_index} opens high-risk {proto} ports {listed} to the whole internet (0.0.0.0/0; AWS Security Hub EC2.19); {why}; allow only the sources that need it (another security group, a tier's CIDR) or put a load balancer in front",
                        group, rule_index, proto, listed, why
                    )
                } else {
                    msg!(
                        "lint-high-risk-port-open",
                        "security group {group} rule #{rule_index} opens high-risk {proto} port {listed} to the whole internet (0.0.0.0/0; AWS Security Hub EC2.19); {why}; allow only the sources that need it (another security group, a tier's CIDR) or put a load balancer in front",
                        group, rule_index, proto, listed, why
                    )
                },
                None,
            ));
        }
    }
}

/// A high-risk port with the service usually behind it (`3306 (MySQL)`); the service is words
/// for some ports, so each has its own message.
fn port_words(port: u16, service: &str) -> Text {
    match port {
        20 => msg!("lint-port-20", "{port} (FTP data)", port),
        21 => msg!("lint-port-21", "{port} (FTP)", port),
        22 => msg!("lint-port-22", "{port} (SSH)", port),
        23 => msg!("lint-port-23", "{port} (Telnet)", port),
        25 => msg!("lint-port-25", "{port} (SMTP)", port),
        110 => msg!("lint-port-110", "{port} (POP3)", port),
        135 => msg!("lint-port-135", "{port} (Windows RPC)", port),
        143 => msg!("lint-port-143", "{port} (IMAP)", port),
        445 => msg!("lint-port-445", "{port} (SMB)", port),
        1433 => msg!("lint-port-1433", "{port} (SQL Server)", port),
        1434 => msg!("lint-port-1434", "{port} (SQL Server browser)", port),
        3000 | 5000 => msg!("lint-port-dev", "{port} (development web servers)", port),
        3306 => msg!("lint-port-3306", "{port} (MySQL)", port),
        3389 => msg!("lint-port-3389", "{port} (RDP)", port),
        4333 => msg!("lint-port-4333", "{port} (mSQL)", port),
        5432 => msg!("lint-port-5432", "{port} (PostgreSQL)", port),
        5500 => msg!("lint-port-5500", "{port} (VNC)", port),
        5601 => msg!("lint-port-5601", "{port} (Kibana)", port),
        8080 => msg!(
            "lint-port-8080",
            "{port} (HTTP proxies and app servers)",
            port
        ),
        8088 | 8888 => msg!("lint-port-http-alt", "{port} (HTTP alternates)", port),
        9200 | 9300 => msg!("lint-port-elasticsearch", "{port} (Elasticsearch)", port),
        _ => format!("{port} ({service})").into(),
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
        (false, Some(b)) => (
            RulePeer::SecurityGroup(b.clone()),
            msg!(
                "lint-fix-admin-from-bastion",
                "allow {service} only from the bastion's security group {b}",
                service,
                b
            ),
        ),
        _ => (
            RulePeer::Cidr(ADMIN_CIDR.into()),
            msg!(
                "lint-fix-admin-from-address",
                "allow {service} only from your admin address (replace {admin} with your own /32)",
                service,
                admin = ADMIN_CIDR
            ),
        ),
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
    use crate::network::lint::Severity;
    use crate::network::model::*;

    #[test]
    fn high_risk_port_cases() {
        // (case, edit of the sample, code, how many, severity of the first)
        let cases: Vec<(
            &str,
            crate::network::lint::testing::Mutation,
            &str,
            usize,
            Option<Severity>,
        )> = vec![
            (
                "SSH from one admin /32 passes",
                Box::new(|_| {}),
                "SSH_OPEN_TO_WORLD",
                0,
                None,
            ),
            (
                "SSH from 0.0.0.0/0 to the public bastion is a warning: the internet gets in",
                Box::new(|n| {
                    n.security_groups[1].ingress[0].peer = RulePeer::Cidr("0.0.0.0/0".into())
                }),
                "SSH_OPEN_TO_WORLD",
                1,
                Some(Severity::Warning),
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
                None,
            ),
            (
                "all traffic from 0.0.0.0/0 is one high-risk diagnostic for the other ports",
                Box::new(|n| {
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::allow_all("0.0.0.0/0"))
                }),
                "HIGH_RISK_PORT_OPEN",
                1,
                None,
            ),
            (
                "MySQL from 0.0.0.0/0 on a private app server is only a note: routing hides it",
                Box::new(|n| {
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(3306, "0.0.0.0/0", ""))
                }),
                "HIGH_RISK_PORT_OPEN",
                1,
                Some(Severity::Info),
            ),
            (
                "8080 from 0.0.0.0/0 on the public bastion is a warning",
                Box::new(|n| {
                    n.security_groups[1]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(8080, "0.0.0.0/0", ""))
                }),
                "HIGH_RISK_PORT_OPEN",
                1,
                Some(Severity::Warning),
            ),
            (
                "443 from 0.0.0.0/0 is not on the list",
                Box::new(|n| {
                    n.security_groups[1]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", ""))
                }),
                "HIGH_RISK_PORT_OPEN",
                0,
                None,
            ),
            (
                "MySQL from the VPC CIDR is not open to the world",
                Box::new(|n| {
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(3306, "10.0.0.0/16", ""))
                }),
                "HIGH_RISK_PORT_OPEN",
                0,
                None,
            ),
        ];
        for (name, edit, code, count, severity) in cases {
            let d = check(edit, code);
            assert_eq!(d.len(), count, "{name}: {d:#?}");
            if let Some(sev) = severity {
                assert_eq!(d[0].severity, sev, "{name}: {}", d[0].message);
            }
        }
    }

    #[test]
    fn an_app_tier_open_to_the_world_is_pointed_at_the_bastion_group() {
        let d = check(
            |n| n.security_groups[2].ingress[0].peer = RulePeer::Cidr("0.0.0.0/0".into()),
            "SSH_OPEN_TO_WORLD",
        );
        assert!(d[0].fix.as_ref().unwrap().summary.contains("sg-0bastion"));
        assert_eq!(
            d[0].severity,
            Severity::Info,
            "the app server is private: {}",
            d[0].message
        );
    }

    #[test]
    fn the_list_is_the_security_hub_list() {
        let ports: Vec<u16> = super::HIGH_RISK_PORTS.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            ports,
            [
                20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000,
                5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300
            ]
        );
    }
}
