//! A subnet must lie inside one of its VPC's CIDR blocks (V2).

use super::{label, vpc_cidrs, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for s in &net.subnets {
        let (Ok(c), Some(vpc)) = (Cidr::parse(&s.cidr), ix.vpc(&s.vpc_id)) else {
            continue;
        };
        let blocks = vpc_cidrs(vpc);
        if blocks.is_empty() || blocks.iter().any(|b| b.contains_cidr(&c)) {
            continue;
        }
        let list: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
        out.push(Diagnostic::new(
            "SUBNET_OUTSIDE_VPC",
            Severity::Error,
            &s.id,
            msg!(
                "lint-subnet-outside-vpc",
                "subnet {subnet} ({c}) is outside VPC {vpc} ({blocks}); a subnet must be carved out of its VPC's address range",
                subnet = label(&s.name, &s.id),
                c,
                vpc = label(&vpc.name, &vpc.id),
                blocks = list.join(", ")
            ),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn subnet_outside_vpc_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("subnets inside the VPC pass (V2)", Box::new(|_| {}), 0),
            (
                "a subnet in another range is reported (V2)",
                Box::new(|n| n.subnets[0].cidr = "10.1.0.0/24".into()),
                1,
            ),
            (
                "a subnet inside a secondary block passes (R4)",
                Box::new(|n| {
                    n.vpcs[0].cidr_blocks.push("10.1.0.0/16".into());
                    n.subnets[0].cidr = "10.1.0.0/24".into();
                }),
                0,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(check(edit, "SUBNET_OUTSIDE_VPC").len(), count, "{name}");
        }
    }
}
