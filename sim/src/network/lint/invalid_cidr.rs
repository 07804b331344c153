//! CIDR blocks and addresses that do not parse (V1, V2; AWS rejects host bits set).

use super::{Diagnostic, Severity};
use crate::network::cidr::{parse_ip, Cidr, CidrError};
use crate::network::fix::{Edit, Fix};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for v in &net.vpcs {
        for (i, c) in v.cidr_blocks.iter().enumerate() {
            let what = msg!("lint-what-vpc-cidr", "VPC CIDR block");
            report(out, &v.id, &what, c, |fixed| Edit::SetVpcCidr {
                vpc: v.id.clone(),
                index: i,
                cidr: fixed,
            });
        }
    }
    for s in &net.subnets {
        let what = msg!("lint-what-subnet-cidr", "subnet CIDR");
        report(out, &s.id, &what, &s.cidr, |fixed| Edit::SetSubnetCidr {
            subnet: s.id.clone(),
            cidr: fixed,
        });
    }
    // IPv6 blocks and addresses (X1): errors name the value.
    for v in &net.vpcs {
        for c in &v.ipv6_cidr_blocks {
            report_plain(
                out,
                &v.id,
                &msg!("lint-what-vpc-ipv6-cidr", "VPC IPv6 CIDR block"),
                &format!("{c}{}", if c.contains(':') { "" } else { ":" }),
            );
        }
    }
    for s in &net.subnets {
        if let Some(c) = &s.ipv6_cidr {
            report_plain(
                out,
                &s.id,
                &msg!("lint-what-subnet-ipv6-cidr", "subnet IPv6 CIDR"),
                &format!("{c}{}", if c.contains(':') { "" } else { ":" }),
            );
        }
    }
    for i in &net.instances {
        for a in &i.ipv6_addresses {
            if crate::network::cidr6::parse_ipv6(a).is_none() {
                out.push(Diagnostic::new(
                    "INVALID_ADDRESS",
                    Severity::Error,
                    &i.id,
                    msg!(
                        "lint-invalid-ipv6-address",
                        "the IPv6 address `{a}` of {id} is not an IPv6 address like 2600:1f18::10",
                        a,
                        id = i.id
                    ),
                    None,
                ));
            }
        }
    }
    for t in &net.route_tables {
        for r in &t.routes {
            if let RouteDestination::Cidr(c) = &r.destination {
                report_plain(
                    out,
                    &t.id,
                    &msg!("lint-what-route-destination", "route destination"),
                    c,
                );
            }
        }
    }
    for g in &net.security_groups {
        for r in g.ingress.iter().chain(&g.egress) {
            if let RulePeer::Cidr(c) = &r.peer {
                report_plain(
                    out,
                    &g.id,
                    &msg!("lint-what-sg-rule-cidr", "security group rule CIDR"),
                    c,
                );
            }
        }
    }
    for a in &net.network_acls {
        for e in &a.entries {
            let what = msg!(
                "lint-what-nacl-rule-cidr",
                "rule {number} CIDR",
                number = e.rule_number
            );
            report_plain(out, &a.id, &what, &e.cidr);
        }
    }
    for p in &net.prefix_lists {
        for c in &p.cidrs {
            report_plain(
                out,
                &p.id,
                &msg!("lint-what-prefix-list-entry", "prefix list entry"),
                c,
            );
        }
    }
    for i in &net.instances {
        for (public, ip) in [(false, Some(&i.private_ip)), (true, i.public_ip.as_ref())] {
            if let Some(ip) = ip {
                if parse_ip(ip).is_none() {
                    let id = &i.id;
                    out.push(Diagnostic::new(
                        "INVALID_ADDRESS",
                        Severity::Error,
                        &i.id,
                        if public {
                            msg!(
                                "lint-invalid-public-ip",
                                "the public IP `{ip}` of {id} is not an IPv4 address like 10.0.1.10",
                                ip,
                                id
                            )
                        } else {
                            msg!(
                                "lint-invalid-private-ip",
                                "the private IP `{ip}` of {id} is not an IPv4 address like 10.0.1.10",
                                ip,
                                id
                            )
                        },
                        None,
                    ));
                }
            }
        }
    }
}

fn report(
    out: &mut Vec<Diagnostic>,
    component: &str,
    what: &Text,
    text: &str,
    edit: impl FnOnce(String) -> Edit,
) {
    if crate::network::cidr6::looks_ipv6(text) {
        return report_plain(out, component, what, text);
    }
    if let Err(e) = Cidr::parse(text) {
        let fix = match &e {
            CidrError::HostBitsSet { expected, .. } => Some(Fix::new(
                msg!("lint-fix-use-cidr", "use {expected}", expected),
                vec![edit(expected.clone())],
            )),
            _ => None,
        };
        let e = cidr_error(&e);
        out.push(Diagnostic::new(
            "INVALID_CIDR",
            Severity::Error,
            component,
            msg!(
                "lint-invalid-cidr",
                "the {what} of {component} is invalid: {e}",
                what,
                component,
                e
            ),
            fix,
        ));
    }
}

fn report_plain(out: &mut Vec<Diagnostic>, component: &str, what: &Text, text: &str) {
    // The family is the text's (X1): an IPv6 block is checked as IPv6.
    let error = if crate::network::cidr6::looks_ipv6(text) {
        crate::network::cidr6::Ipv6Cidr::parse(text)
            .err()
            .map(|e| cidr6_error(&e))
    } else {
        Cidr::parse(text).err().map(|e| cidr_error(&e))
    };
    if let Some(e) = error {
        out.push(Diagnostic::new(
            "INVALID_CIDR",
            Severity::Error,
            component,
            msg!(
                "lint-invalid-cidr",
                "the {what} of {component} is invalid: {e}",
                what,
                component,
                e
            ),
            None,
        ));
    }
}

/// A CIDR error in words: the same text as its `Display`, with its structured form.
pub(crate) fn cidr_error(e: &CidrError) -> Text {
    match e {
        CidrError::Syntax { input } => msg!(
            "lint-cidr-syntax",
            "`{input}` is not a CIDR block (expected a.b.c.d/n, e.g. 10.0.0.0/16)",
            input
        ),
        CidrError::PrefixTooLong { input } => msg!(
            "lint-cidr-prefix-too-long",
            "`{input}` has a prefix length above 32",
            input
        ),
        CidrError::HostBitsSet { input, expected } => msg!(
            "lint-cidr-host-bits",
            "`{input}` has host bits set; the block starts at {expected}",
            input,
            expected
        ),
    }
}

/// An IPv6 CIDR error in words, like [`cidr_error`].
pub(crate) fn cidr6_error(e: &crate::network::cidr6::Ipv6CidrError) -> Text {
    use crate::network::cidr6::Ipv6CidrError as E;
    match e {
        E::Syntax { input } => msg!(
            "lint-cidr6-syntax",
            "`{input}` is not an IPv6 CIDR block (expected e.g. 2600:1f18:1234:5600::/56)",
            input
        ),
        E::PrefixTooLong { input } => msg!(
            "lint-cidr6-prefix-too-long",
            "`{input}` has a prefix length above 128",
            input
        ),
        E::HostBitsSet { input, expected } => msg!(
            "lint-cidr-host-bits",
            "`{input}` has host bits set; the block starts at {expected}",
            input,
            expected
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn invalid_cidr_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize, bool)> = vec![
            ("valid CIDRs produce nothing", Box::new(|_| {}), 0, false),
            (
                "a subnet with host bits set gets a fix to the network address (V2)",
                Box::new(|n| n.subnets[0].cidr = "10.0.1.9/24".into()),
                1,
                true,
            ),
            (
                "garbage in a VPC block is reported without a fix (V1)",
                Box::new(|n| n.vpcs[0].cidr_blocks[0] = "10.0.0.0/99".into()),
                1,
                false,
            ),
            (
                "a bad security group CIDR is reported (S4)",
                Box::new(|n| {
                    n.security_groups[1].ingress[0].peer =
                        crate::network::RulePeer::Cidr("1.2.3".into())
                }),
                1,
                false,
            ),
        ];
        for (name, edit, count, has_fix) in cases {
            let d = check(edit, "INVALID_CIDR");
            assert_eq!(d.len(), count, "{name}: {d:#?}");
            if count > 0 {
                assert_eq!(d[0].fix.is_some(), has_fix, "{name}");
            }
        }
    }
}
