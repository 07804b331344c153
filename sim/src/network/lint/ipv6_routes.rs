//! A dual-stack subnet meant to be public needs an IPv6 default route too (X6): a subnet with
//! an IPv6 block whose route table sends IPv4 to an internet gateway but has no `::/0` route
//! reaches the internet over IPv4 only, and its instances' IPv6 addresses are unreachable.

use super::{label, routes_not_captured, Diagnostic, Severity};
use crate::network::cidr6::Ipv6Cidr;
use crate::network::fix::{Edit, Fix};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// Why a route to an egress-only internet gateway cannot carry traffic, if it cannot (R9, X4).
pub(crate) fn broken_eigw(net: &Network, vpc: &str, id: &str) -> Option<Text> {
    match net
        .egress_only_internet_gateways
        .iter()
        .find(|g| g.id == id)
    {
        None => Some(msg!(
            "lint-reason-eigw-missing",
            "egress-only internet gateway {id} does not exist",
            id
        )),
        Some(g) if g.attached_vpc.as_deref() != Some(vpc) => Some(msg!(
            "lint-reason-eigw-not-attached",
            "egress-only internet gateway {id} is not attached to {vpc}",
            id,
            vpc
        )),
        _ => None,
    }
}

/// Is this route's destination the IPv6 default route `::/0`?
fn is_ipv6_default(r: &Route) -> bool {
    matches!(&r.destination, RouteDestination::Cidr(c) if Ipv6Cidr::parse(c) == Ok(Ipv6Cidr::ANY))
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for s in &net.subnets {
        if s.ipv6_cidr.is_none() || routes_not_captured(net, &s.id) {
            continue;
        }
        // Meant public: an IPv4 route to an attached internet gateway (R11).
        let Some(v4) = ix.igw_route(&s.id) else {
            continue;
        };
        let Some(table) = ix.route_table_for_subnet(&s.id) else {
            continue;
        };
        if table.routes.iter().any(is_ipv6_default) {
            continue;
        }
        let igw = v4.target.id.clone();
        let fix = Fix::new(
            msg!(
                "trace6-fix-add-route",
                "add a route ::/0 → {target} to {table}",
                target = igw,
                table = table.id
            ),
            vec![Edit::AddRoute {
                route_table: table.id.clone(),
                destination: RouteDestination::Cidr("::/0".into()),
                target: RouteTarget {
                    kind: TargetKind::Igw,
                    id: igw.clone(),
                },
            }],
        );
        out.push(Diagnostic::new(
            "IPV6_PUBLIC_SUBNET_NO_DEFAULT_ROUTE",
            Severity::Warning,
            &s.id,
            msg!(
                "lint-ipv6-no-default-route",
                "subnet {subnet} has the IPv6 block {block} and its route table {table} sends IPv4 to internet gateway {igw}, but it has no ::/0 route: its instances reach the internet over IPv4 only, and their IPv6 addresses cannot be reached",
                subnet = label(&s.name, &s.id),
                block = s.ipv6_cidr.as_deref().unwrap_or_default(),
                table = table.id,
                igw
            ),
            Some(fix),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    fn dual_stack(n: &mut Network) {
        n.vpcs[0].ipv6_cidr_blocks = vec!["2600:1f18:1234:5600::/56".into()];
        n.subnets[0].ipv6_cidr = Some("2600:1f18:1234:5600::/64".into());
        n.subnets[1].ipv6_cidr = Some("2600:1f18:1234:5601::/64".into());
    }

    fn route6(target: TargetKind, id: &str) -> Route {
        Route {
            destination: RouteDestination::Cidr("::/0".into()),
            target: RouteTarget {
                kind: target,
                id: id.into(),
            },
            state: RouteState::Active,
        }
    }

    #[test]
    fn ipv6_public_subnet_without_default_route_cases_x6() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            (
                "an IPv4-only design is not asked for IPv6 routes",
                Box::new(|_| {}),
                0,
            ),
            (
                "a public subnet with an IPv6 block and no ::/0 route is reported (X6)",
                Box::new(dual_stack),
                1,
            ),
            (
                "a ::/0 route to the internet gateway satisfies it (X3)",
                Box::new(|n| {
                    dual_stack(n);
                    n.route_tables[1]
                        .routes
                        .push(route6(TargetKind::Igw, "igw-0c3d4e5f"));
                }),
                0,
            ),
            (
                "a ::/0 route to an egress-only gateway is a deliberate choice and satisfies it (X4)",
                Box::new(|n| {
                    dual_stack(n);
                    n.route_tables[1]
                        .routes
                        .push(route6(TargetKind::Eigw, "eigw-0a1"));
                }),
                0,
            ),
            (
                "the private subnet (no IPv4 route to the gateway) is not meant public",
                Box::new(|n| {
                    dual_stack(n);
                    n.subnets[0].ipv6_cidr = None;
                }),
                0,
            ),
        ];
        for (name, edit, count) in cases {
            let d = check(edit, "IPV6_PUBLIC_SUBNET_NO_DEFAULT_ROUTE");
            assert_eq!(d.len(), count, "{name}: {d:#?}");
            assert!(d.iter().all(|d| d.fix.is_some()), "{name}");
        }
    }
}
