//! References to components that do not exist: an error in a drawn design (half-edited), a
//! warning in a capture, where the component exists in the account but not in the files
//! (docs/SEMANTICS.md#q1).

use super::{label, Diagnostic, Severity};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    let capture = net.is_capture();
    let mut missing = |component: &str, what: &str, id: &str| {
        let what = kind_words(what);
        out.push(if capture {
            Diagnostic::new(
                "NOT_CAPTURED",
                Severity::Warning,
                component,
                msg!("lint-not-captured", "{component} refers to {what} `{id}`, which is not captured (not in the files read); results that depend on it say so", component, what, id),
                None,
            )
        } else {
            Diagnostic::new(
                "UNKNOWN_REFERENCE",
                Severity::Error,
                component,
                msg!("lint-unknown-reference", "{component} refers to {what} `{id}`, which is not in the design; the simulator treats it as absent", component, what, id),
                None,
            )
        });
    };
    for s in &net.subnets {
        if ix.vpc(&s.vpc_id).is_none() {
            missing(&s.id, "VPC", &s.vpc_id);
        }
    }
    for i in &net.instances {
        if ix.subnet(&i.subnet_id).is_none() {
            missing(&i.id, "subnet", &i.subnet_id);
        }
        for g in &i.security_groups {
            if !ix.has_security_group(g) {
                missing(&i.id, "security group", g);
            }
        }
        // Its further interfaces' subnets and groups (Q5).
        for f in &i.network_interfaces {
            if ix.subnet(&f.subnet_id).is_none() {
                missing(&i.id, "subnet", &f.subnet_id);
            }
            for g in &f.security_groups {
                if !ix.has_security_group(g) {
                    missing(&i.id, "security group", g);
                }
            }
        }
    }
    for n in &net.nat_gateways {
        if ix.subnet(&n.subnet_id).is_none() {
            missing(&n.id, "subnet", &n.subnet_id);
        }
    }
    // An interface endpoint's subnets and groups (E5, E6).
    for e in &net.vpc_endpoints {
        let Some(spec) = &e.interface else { continue };
        for i in &spec.network_interfaces {
            if ix.subnet(&i.subnet_id).is_none() {
                missing(&e.id, "subnet", &i.subnet_id);
            }
        }
        for g in &spec.security_groups {
            if !ix.has_security_group(g) {
                missing(&e.id, "security group", g);
            }
        }
    }
    for t in &net.route_tables {
        for s in &t.associations {
            if ix.subnet(s).is_none() {
                missing(&t.id, "subnet", s);
            }
        }
    }
    for a in &net.network_acls {
        for s in &a.associations {
            if ix.subnet(s).is_none() {
                missing(&a.id, "subnet", s);
            }
        }
    }
    for g in &net.security_groups {
        for r in g.ingress.iter().chain(&g.egress) {
            match &r.peer {
                RulePeer::SecurityGroup(x) if !ix.has_security_group(x) => {
                    missing(&g.id, "security group", x)
                }
                RulePeer::PrefixList(x) if !ix.has_prefix_list(x) => {
                    missing(&g.id, "prefix list", x)
                }
                _ => {}
            }
        }
    }
    for lb in &net.load_balancers {
        for s in &lb.subnets {
            if ix.subnet(s).is_none() {
                missing(&lb.id, "subnet", s);
            }
        }
        for l in &lb.listeners {
            if let Some(tg) = &l.target_group {
                if !net.target_groups.iter().any(|t| &t.id == tg) {
                    missing(&lb.id, "target group", tg);
                }
            }
        }
    }
    for db in &net.databases {
        for s in &db.subnet_group {
            if ix.subnet(s).is_none() {
                missing(&db.id, "subnet", s);
            }
        }
    }
    let _ = label;
}

/// The kind of component a reference names, in words.
fn kind_words(what: &str) -> Text {
    match what {
        "VPC" => msg!("lint-kind-vpc", "VPC"),
        "subnet" => msg!("lint-kind-subnet", "subnet"),
        "security group" => msg!("lint-kind-security-group", "security group"),
        "prefix list" => msg!("lint-kind-prefix-list", "prefix list"),
        "target group" => msg!("lint-kind-target-group", "target group"),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn dangling_reference_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("the sample has no dangling references", Box::new(|_| {}), 0),
            (
                "an instance in a deleted subnet is reported",
                Box::new(|n| n.instances[0].subnet_id = "subnet-gone".into()),
                1,
            ),
            (
                "a rule referencing a deleted group is reported (S5)",
                Box::new(|n| {
                    n.security_groups[2].ingress[0].peer =
                        crate::network::RulePeer::SecurityGroup("sg-gone".into())
                }),
                1,
            ),
            (
                "an interface endpoint in a deleted subnet with a deleted group is reported twice (E5, E6)",
                Box::new(|n| {
                    n.vpc_endpoints.push(crate::network::VpcEndpoint {
                        id: "vpce-1".into(),
                        vpc_id: "vpc-0a1b2c3d".into(),
                        service: "com.amazonaws.ap-northeast-2.ssm".into(),
                        endpoint_type: crate::network::EndpointType::Interface,
                        interface: Some(crate::network::InterfaceEndpoint {
                            network_interfaces: vec![crate::network::EndpointInterface {
                                subnet_id: "subnet-gone".into(),
                                ..Default::default()
                            }],
                            security_groups: vec!["sg-gone".into()],
                            ..Default::default()
                        }),
                        ..Default::default()
                    })
                }),
                2,
            ),
        ];
        for (name, edit, expected) in cases {
            assert_eq!(check(edit, "UNKNOWN_REFERENCE").len(), expected, "{name}");
        }
    }

    #[test]
    fn in_a_capture_a_missing_reference_is_a_warning_that_it_was_not_captured_q1() {
        let found = check(
            |n| {
                n.capture = Some(Default::default());
                n.instances[0].subnet_id = "subnet-elsewhere".into();
            },
            "NOT_CAPTURED",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::network::lint::Severity::Warning);
        assert!(
            found[0].message.contains("not captured"),
            "{}",
            found[0].message
        );
    }
}
