//! Routes whose target is gone or not functional are blackholes: traffic matching them is dropped (R9, R10).

use super::{label, Diagnostic, Severity};
use crate::network::fix::{destination_text, Edit, Fix};
use crate::network::model::*;

/// Why a route's target cannot carry traffic, if it cannot (R9).
pub(crate) fn broken_target(net: &Network, table: &RouteTable, route: &Route) -> Option<String> {
    let id = &route.target.id;
    let vpc = &table.vpc_id;
    match route.target.kind {
        TargetKind::Local => None,
        TargetKind::Igw => match net.internet_gateways.iter().find(|g| &g.id == id) {
            None => Some(format!("internet gateway {id} does not exist")),
            Some(g) if g.attached_vpc.as_deref() != Some(vpc.as_str()) => {
                Some(format!("internet gateway {id} is not attached to {vpc}"))
            }
            _ => None,
        },
        TargetKind::Nat => match net.nat_gateways.iter().find(|n| &n.id == id) {
            None => Some(format!("NAT gateway {id} does not exist (deleted)")),
            Some(n)
                if matches!(
                    n.state,
                    NatState::Deleted | NatState::Deleting | NatState::Failed
                ) =>
            {
                Some(format!("NAT gateway {id} is {:?}", n.state).to_lowercase())
            }
            _ => None,
        },
        TargetKind::Pcx => match net.peering_connections.iter().find(|p| &p.id == id) {
            None => Some(format!("peering connection {id} does not exist")),
            Some(p) if p.status != PeeringStatus::Active => Some(format!(
                "peering connection {id} is not active ({:?})",
                p.status
            )),
            _ => None,
        },
        TargetKind::Vpce => (!net.vpc_endpoints.iter().any(|e| &e.id == id))
            .then(|| format!("VPC endpoint {id} does not exist")),
        TargetKind::Instance => (!net.instances.iter().any(|i| &i.id == id))
            .then(|| format!("instance {id} does not exist")),
        TargetKind::Eni => (!net
            .instances
            .iter()
            .any(|i| i.eni_id.as_deref() == Some(id.as_str())))
        .then(|| format!("network interface {id} does not exist")),
        TargetKind::Tgw | TargetKind::Vgw | TargetKind::Other => None,
        TargetKind::Eigw => crate::network::lint::ipv6_routes::broken_eigw(net, vpc, id),
    }
}

/// Is the route's target absent from the network (as opposed to present but not working)?
pub(crate) fn target_missing(net: &Network, route: &Route) -> bool {
    let id = route.target.id.as_str();
    match route.target.kind {
        TargetKind::Local | TargetKind::Tgw | TargetKind::Vgw | TargetKind::Other => false,
        TargetKind::Igw => !net.internet_gateways.iter().any(|g| g.id == id),
        TargetKind::Nat => !net.nat_gateways.iter().any(|n| n.id == id),
        TargetKind::Pcx => !net.peering_connections.iter().any(|p| p.id == id),
        TargetKind::Vpce => !net.vpc_endpoints.iter().any(|e| e.id == id),
        TargetKind::Eigw => !net.egress_only_internet_gateways.iter().any(|g| g.id == id),
        TargetKind::Instance => net.instance(id).is_none(),
        TargetKind::Eni => {
            !net.instances
                .iter()
                .any(|i| i.eni_id.as_deref() == Some(id))
                && !net
                    .capture
                    .as_ref()
                    .is_some_and(|c| c.interfaces.contains_key(id))
        }
    }
}

/// In a capture, an `active` route whose target is not in the files: AWS saw the target, the
/// capture did not (docs/SEMANTICS.md#q2). Not a blackhole.
pub(crate) fn target_not_captured(net: &Network, route: &Route) -> bool {
    net.is_capture() && route.state == RouteState::Active && target_missing(net, route)
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for t in &net.route_tables {
        for r in &t.routes {
            if target_not_captured(net, r) {
                out.push(Diagnostic::new(
                    "ROUTE_TARGET_NOT_CAPTURED",
                    Severity::Warning,
                    &t.id,
                    format!(
                        "route table {} sends {} to {}, which is not in the capture; AWS reports the route active, so the target exists, but traces through it stop there (the verdict depends on a component not seen)",
                        label(&t.name, &t.id),
                        destination_text(&r.destination),
                        r.target.id
                    ),
                    None,
                ));
                continue;
            }
            let reason = match (r.state, broken_target(net, t, r)) {
                (_, Some(reason)) => reason,
                (RouteState::Blackhole, None) => {
                    format!("its target {} is marked unavailable", r.target.id)
                }
                (RouteState::Active, None) => continue,
            };
            let dest = destination_text(&r.destination).to_string();
            let fix = blackhole_fix(net, t, r);
            out.push(Diagnostic::new(
                "BLACKHOLE_ROUTE",
                Severity::Error,
                &t.id,
                format!(
                    "route table {} sends {dest} to {}, but {reason}; this is a blackhole route and matching traffic is dropped (AWS does not fall back to a shorter route)",
                    label(&t.name, &t.id),
                    r.target.id
                ),
                Some(fix),
            ));
        }
    }
}

/// Repair a blackhole route: a working target of the same kind, else delete the route.
pub(crate) fn blackhole_fix(net: &Network, t: &RouteTable, r: &Route) -> Fix {
    repair(net, t, r).unwrap_or_else(|| {
        Fix::new(
            format!(
                "delete the route {} → {} from {}",
                destination_text(&r.destination),
                r.target.id,
                t.id
            ),
            vec![Edit::RemoveRoute {
                route_table: t.id.clone(),
                destination: r.destination.clone(),
            }],
        )
    })
}

/// A replacement target of the same kind that works, when one exists.
fn repair(net: &Network, t: &RouteTable, r: &Route) -> Option<Fix> {
    let target = match r.target.kind {
        TargetKind::Igw => {
            if let Some(g) = net
                .internet_gateways
                .iter()
                .find(|g| g.id == r.target.id && g.attached_vpc.is_none())
            {
                return Some(Fix::new(
                    format!("attach {} to {}", g.id, t.vpc_id),
                    vec![Edit::AttachInternetGateway {
                        internet_gateway: g.id.clone(),
                        vpc: t.vpc_id.clone(),
                    }],
                ));
            }
            net.internet_gateways
                .iter()
                .find(|g| g.attached_vpc.as_deref() == Some(t.vpc_id.as_str()))
                .map(|g| RouteTarget {
                    kind: TargetKind::Igw,
                    id: g.id.clone(),
                })
        }
        TargetKind::Nat => net
            .nat_gateways
            .iter()
            .find(|n| {
                n.state == NatState::Available
                    && net
                        .subnet(&n.subnet_id)
                        .map(|s| s.vpc_id == t.vpc_id)
                        .unwrap_or(false)
            })
            .map(|n| RouteTarget {
                kind: TargetKind::Nat,
                id: n.id.clone(),
            }),
        _ => None,
    }?;
    if target == r.target {
        return None;
    }
    Some(Fix::new(
        format!(
            "point {} in {} at {}",
            destination_text(&r.destination),
            t.id,
            target.id
        ),
        vec![Edit::ReplaceRoute {
            route_table: t.id.clone(),
            destination: r.destination.clone(),
            target,
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    #[test]
    fn blackhole_route_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("working routes pass", Box::new(|_| {}), 0),
            (
                "a route marked blackhole is reported (R9)",
                Box::new(|n| n.route_tables[1].routes[1].state = RouteState::Blackhole),
                1,
            ),
            (
                "a route to a deleted NAT gateway is a blackhole (R9)",
                Box::new(|n| {
                    n.route_tables[0].routes.push(Route {
                        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
                        target: RouteTarget {
                            kind: TargetKind::Nat,
                            id: "nat-gone".into(),
                        },
                        state: RouteState::Active,
                    })
                }),
                1,
            ),
            (
                "a route to a detached IGW is a blackhole (R9)",
                Box::new(|n| n.internet_gateways[0].attached_vpc = None),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            let d = check(edit, "BLACKHOLE_ROUTE");
            assert_eq!(d.len(), count, "{name}");
            assert!(d.iter().all(|d| d.fix.is_some()), "{name}");
        }
    }
}
