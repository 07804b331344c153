//! A public NAT gateway must sit in a subnet that routes to an internet gateway and have an Elastic IP (N2).

use super::{label, Diagnostic, Severity};
use crate::network::fix::{internet_route_edits_in, Edit, Fix};
use crate::network::model::*;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for n in &net.nat_gateways {
        if n.connectivity != NatConnectivity::Public
            || matches!(n.state, NatState::Deleted | NatState::Deleting)
        {
            continue;
        }
        let Some(s) = ix.subnet(&n.subnet_id) else {
            continue;
        };
        if n.public_ip.is_none() {
            out.push(Diagnostic::new(
                "NAT_NO_ELASTIC_IP",
                Severity::Error,
                &n.id,
                msg!("lint-nat-no-eip", "public NAT gateway {nat} has no Elastic IP; a public NAT gateway needs one to reach the internet", nat = label(&n.name, &n.id)),
                None,
            ));
        }
        if ix.igw_route(&s.id).is_some() || super::routes_not_captured(net, &s.id) {
            continue;
        }
        // Prefer moving it to a public subnet in the same AZ; else give its subnet an IGW route.
        let public = net
            .subnets
            .iter()
            .filter(|p| p.vpc_id == s.vpc_id && ix.igw_route(&p.id).is_some())
            .min_by_key(|p| (p.availability_zone != s.availability_zone, p.id.clone()));
        let fix = match public {
            Some(p) => Some(Fix::new(
                msg!(
                    "lint-fix-move-nat",
                    "move {nat} to public subnet {subnet}",
                    nat = n.id,
                    subnet = label(&p.name, &p.id)
                ),
                vec![Edit::MoveNatGateway {
                    nat_gateway: n.id.clone(),
                    subnet: p.id.clone(),
                }],
            )),
            None => {
                internet_route_edits_in(ix, &s.id).map(|(summary, edits)| Fix::new(summary, edits))
            }
        };
        out.push(Diagnostic::new(
            "NAT_NO_IGW_ROUTE",
            Severity::Error,
            &n.id,
            msg!(
                "lint-nat-no-igw-route",
                "NAT gateway {nat} is in subnet {subnet}, which has no route to an internet gateway; a public NAT gateway must live in a public subnet, otherwise the private instances using it cannot reach the internet",
                nat = label(&n.name, &n.id),
                subnet = label(&s.name, &s.id)
            ),
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    fn nat(subnet: &str) -> NatGateway {
        NatGateway {
            id: "nat-1".into(),
            subnet_id: subnet.into(),
            public_ip: Some("3.36.99.1".into()),
            private_ip: Some("10.0.1.50".into()),
            ..NatGateway::default()
        }
    }

    #[test]
    fn nat_without_igw_route_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, &str, usize)> = vec![
            (
                "a NAT in the public subnet passes (N2)",
                Box::new(|n| n.nat_gateways.push(nat("subnet-0a11"))),
                "NAT_NO_IGW_ROUTE",
                0,
            ),
            (
                "a NAT in the private subnet is reported (N2)",
                Box::new(|n| n.nat_gateways.push(nat("subnet-0b22"))),
                "NAT_NO_IGW_ROUTE",
                1,
            ),
            (
                "a private NAT gateway needs no IGW route (N6)",
                Box::new(|n| {
                    let mut g = nat("subnet-0b22");
                    g.connectivity = NatConnectivity::Private;
                    n.nat_gateways.push(g);
                }),
                "NAT_NO_IGW_ROUTE",
                0,
            ),
            (
                "a public NAT without an Elastic IP is reported (N2)",
                Box::new(|n| {
                    let mut g = nat("subnet-0a11");
                    g.public_ip = None;
                    n.nat_gateways.push(g);
                }),
                "NAT_NO_ELASTIC_IP",
                1,
            ),
        ];
        for (name, edit, code, count) in cases {
            assert_eq!(check(edit, code).len(), count, "{name}");
        }
    }
}
