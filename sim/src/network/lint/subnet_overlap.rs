//! Subnets of one VPC must not overlap (V2).

use super::{label, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    // Sort each VPC's subnets by start address and sweep: O(n log n) for big designs.
    let mut parsed: Vec<(&str, Cidr, usize)> = net
        .subnets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Cidr::parse(&s.cidr).ok().map(|c| (s.vpc_id.as_str(), c, i)))
        .collect();
    parsed.sort_by(|a, b| (a.0, a.1.network_u32(), a.2).cmp(&(b.0, b.1.network_u32(), b.2)));
    let mut pairs = Vec::new();
    for (k, (vpc, c, i)) in parsed.iter().enumerate() {
        for (vpc2, c2, j) in &parsed[k + 1..] {
            if vpc2 != vpc || c2.network_u32() > c.broadcast_u32() {
                break;
            }
            pairs.push(((*i).min(*j), (*i).max(*j)));
        }
    }
    pairs.sort();
    for (i, j) in pairs {
        let (a, b) = (&net.subnets[i], &net.subnets[j]);
        out.push(Diagnostic::new(
            "SUBNET_OVERLAP",
            Severity::Error,
            &b.id,
            msg!(
                "lint-subnet-overlap",
                "subnet {b} ({b_cidr}) overlaps subnet {a} ({a_cidr}); subnets of one VPC must not share addresses",
                b = label(&b.name, &b.id),
                b_cidr = b.cidr,
                a = label(&a.name, &a.id),
                a_cidr = a.cidr
            ),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn subnet_overlap_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("disjoint subnets pass (V2)", Box::new(|_| {}), 0),
            (
                "identical subnets overlap (V2)",
                Box::new(|n| n.subnets[1].cidr = "10.0.1.0/24".into()),
                1,
            ),
            (
                "a /23 containing a /24 overlaps (V2)",
                Box::new(|n| n.subnets[1].cidr = "10.0.0.0/23".into()),
                1,
            ),
            (
                "equal CIDRs in different VPCs are not this lint's business",
                Box::new(|n| {
                    n.subnets[1].cidr = "10.0.1.0/24".into();
                    n.subnets[1].vpc_id = "vpc-other".into();
                }),
                0,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(check(edit, "SUBNET_OVERLAP").len(), count, "{name}");
        }
    }
}
