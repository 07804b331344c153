//! Peered VPCs must not have overlapping CIDR blocks (P5).

use super::{label, vpc_cidrs, Diagnostic, Severity};
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for p in &net.peering_connections {
        let (Some(a), Some(b)) = (net.vpc(&p.requester_vpc), net.vpc(&p.accepter_vpc)) else {
            continue;
        };
        let clash = vpc_cidrs(a).into_iter().find_map(|x| {
            vpc_cidrs(b)
                .into_iter()
                .find(|y| x.overlaps(y))
                .map(|y| (x, y))
        });
        if let Some((x, y)) = clash {
            out.push(Diagnostic::new(
                "PEERED_VPC_OVERLAP",
                Severity::Error,
                &p.id,
                msg!(
                    "lint-peered-vpc-overlap",
                    "peering {pcx} joins VPC {a} ({x}) and VPC {b} ({y}), whose address ranges overlap; AWS cannot peer overlapping VPCs, so re-address one of them",
                    pcx = label(&p.name, &p.id),
                    a = label(&a.name, &a.id),
                    x,
                    b = label(&b.name, &b.id),
                    y
                ),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    fn peer(n: &mut Network, cidr: &str) {
        n.vpcs.push(Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: "vpc-peer".into(),
            name: "peer".into(),
            cidr_blocks: vec![cidr.into()],
        });
        n.peering_connections.push(PeeringConnection {
            id: "pcx-1".into(),
            name: String::new(),
            requester_vpc: "vpc-0a1b2c3d".into(),
            accepter_vpc: "vpc-peer".into(),
            status: PeeringStatus::Active,
        });
    }

    #[test]
    fn peered_vpc_overlap_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            (
                "disjoint peers pass (P5)",
                Box::new(|n| peer(n, "10.1.0.0/16")),
                0,
            ),
            (
                "overlapping peers are reported (P5)",
                Box::new(|n| peer(n, "10.0.128.0/17")),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(check(edit, "PEERED_VPC_OVERLAP").len(), count, "{name}");
        }
    }
}
