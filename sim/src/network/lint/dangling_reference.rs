//! References to components that do not exist (a half-edited or partially imported design).

use super::{label, Diagnostic, Severity};
use crate::network::model::*;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    let mut missing = |component: &str, what: &str, id: &str| {
        out.push(Diagnostic::new(
            "UNKNOWN_REFERENCE",
            Severity::Error,
            component,
            format!("{component} refers to {what} `{id}`, which is not in the design; the simulator treats it as absent"),
            None,
        ));
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
    }
    for n in &net.nat_gateways {
        if ix.subnet(&n.subnet_id).is_none() {
            missing(&n.id, "subnet", &n.subnet_id);
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
        ];
        for (name, edit, expected) in cases {
            assert_eq!(check(edit, "UNKNOWN_REFERENCE").len(), expected, "{name}");
        }
    }
}
