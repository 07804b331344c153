//! Routes whose target is gone or not functional are blackholes: traffic matching them is dropped (R9, R10).

use super::{label, Diagnostic, Severity};
use crate::network::fix::{destination_text, Edit, Fix};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// Why a route's target cannot carry traffic, if it cannot (R9).
pub(crate) fn broken_target(net: &Network, table: &RouteTable, route: &Route) -> Option<Text> {
    let id = &route.target.id;
    let vpc = &table.vpc_id;
    match route.target.kind {
        TargetKind::Local => None,
        TargetKind::Igw => match net.internet_gateways.iter().find(|g| &g.id == id) {
            None => Some(msg!(
                "lint-reason-igw-missing",
                "internet gateway {id} does not exist",
                id
            )),
            Some(g) if g.attached_vpc.as_deref() != Some(vpc.as_str()) => Some(msg!(
                "lint-reason-igw-not-attached",
                "internet gateway {id} is not attached to {vpc}",
                id,
                vpc
            )),
            _ => None,
        },
        TargetKind::Nat => match net.nat_gateways.iter().find(|n| &n.id == id) {
            None => Some(msg!(
                "lint-reason-nat-missing",
                "NAT gateway {id} does not exist (deleted)",
                id
            )),
            Some(n)
                if matches!(
                    n.state,
                    NatState::Deleted | NatState::Deleting | NatState::Failed
                ) =>
            {
                // The English lower-cases the whole sentence, the id included.
                let t = msg!(
                    "lint-reason-nat-state",
                    "NAT gateway {id} is {state}",
                    id = id.to_lowercase(),
                    state = format!("{:?}", n.state).to_lowercase()
                );
                Some(Text {
                    en: t.en.to_lowercase(),
                    msg: t.msg,
                })
            }
            _ => None,
        },
        TargetKind::Pcx => match net.peering_connections.iter().find(|p| &p.id == id) {
            None => Some(msg!(
                "lint-reason-pcx-missing",
                "peering connection {id} does not exist",
                id
            )),
            Some(p) if p.status != PeeringStatus::Active => Some(msg!(
                "lint-reason-pcx-not-active",
                "peering connection {id} is not active ({status})",
                id,
                status = format!("{:?}", p.status)
            )),
            _ => None,
        },
        TargetKind::Vpce => (!net.vpc_endpoints.iter().any(|e| &e.id == id)).then(|| {
            msg!(
                "lint-reason-vpce-missing",
                "VPC endpoint {id} does not exist",
                id
            )
        }),
        TargetKind::Instance => (!net.instances.iter().any(|i| &i.id == id)).then(|| {
            msg!(
                "lint-reason-instance-missing",
                "instance {id} does not exist",
                id
            )
        }),
        TargetKind::Eni => (!net.instances.iter().any(|i| {
            i.eni_id.as_deref() == Some(id.as_str())
                || i.network_interfaces.iter().any(|f| &f.id == id)
        }))
        .then(|| {
            msg!(
                "lint-reason-eni-missing",
                "network interface {id} does not exist",
                id
            )
        }),
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
            !net.instances.iter().any(|i| {
                i.eni_id.as_deref() == Some(id) || i.network_interfaces.iter().any(|f| f.id == id)
            }) && !net
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
                    msg!(
                        "lint-route-target-not-captured",
                        "route table {table} sends {dest} to {target}, which is not in the capture; AWS reports the route active, so the target exists, but traces through it stop there (the verdict depends on a component not seen)",
                        table = label(&t.name, &t.id),
                        dest = destination_text(&r.destination),
                        target = r.target.id
                    ),
                    None,
                ));
                continue;
            }
            let reason = match (r.state, broken_target(net, t, r)) {
                (_, Some(reason)) => reason,
                (RouteState::Blackhole, None) => msg!(
                    "lint-reason-marked-unavailable",
                    "its target {target} is marked unavailable",
                    target = r.target.id
                ),
                (RouteState::Active, None) => continue,
            };
            let dest = destination_text(&r.destination).to_string();
            let fix = blackhole_fix(net, t, r);
            out.push(Diagnostic::new(
                "BLACKHOLE_ROUTE",
                Severity::Error,
                &t.id,
                msg!(
                    "lint-blackhole-route",
                    "route table {table} sends {dest} to {target}, but {reason}; this is a blackhole route and matching traffic is dropped (AWS does not fall back to a shorter route)",
                    table = label(&t.name, &t.id),
                    dest,
                    target = r.target.id,
                    reason
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
            msg!(
                "lint-fix-delete-route",
                "delete the route {dest} → {target} from {table}",
                dest = destination_text(&r.destination),
                target = r.target.id,
                table = t.id
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
                    msg!(
                        "fix-attach-igw",
                        "attach {igw} to {vpc}",
                        igw = g.id,
                        vpc = t.vpc_id
                    ),
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
        msg!(
            "lint-fix-point-route",
            "point {dest} in {table} at {target}",
            dest = destination_text(&r.destination),
            table = t.id,
            target = target.id
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
