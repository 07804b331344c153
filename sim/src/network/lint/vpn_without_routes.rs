//! A VPN that no route table learns (by propagation) or points a route at carries nothing
//! towards the on-premises network: a transit gateway VPN attachment (T4, T6), or a VPN
//! connection on a virtual private gateway (G2, G3).

use super::{label, Diagnostic, Severity};
use crate::network::model::*;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for a in &net.transit_gateway_attachments {
        if a.kind != TgwAttachmentKind::Vpn {
            continue;
        }
        let propagated = net
            .transit_gateway_route_tables
            .iter()
            .any(|t| t.propagations.contains(&a.id));
        let routed = net.transit_gateway_route_tables.iter().any(|t| {
            t.routes
                .iter()
                .any(|r| r.attachment.as_deref() == Some(a.id.as_str()))
        });
        let reason = if a.remote_cidrs.is_empty() && !routed {
            msg!("lint-vpn-reason-no-ranges", "it has no on-premises ranges (no static routes of the VPN connection and nothing advertised) and no static route points at it")
        } else if !propagated && !routed {
            msg!(
                "lint-vpn-reason-not-propagated",
                "no route table of the gateway propagates it or has a static route to it"
            )
        } else {
            continue;
        };
        out.push(Diagnostic::new(
            "VPN_WITHOUT_ROUTES",
            Severity::Warning,
            &a.id,
            msg!(
                "lint-vpn-attachment-without-routes",
                "VPN attachment {att} of {tgw} carries no traffic to the on-premises network: {reason}",
                att = label(&a.name, &a.id),
                tgw = a.transit_gateway_id,
                reason
            ),
            None,
        ));
    }
    for c in &net.vpn_connections {
        let Some(g) = c.vpn_gateway_id.as_deref() else {
            continue;
        };
        let Some(vgw) = net.vpn_gateways.iter().find(|x| x.id == g) else {
            continue;
        };
        let propagated = !vgw.propagates_to.is_empty() && !c.routes.is_empty();
        let routed = net.route_tables.iter().any(|t| {
            t.routes
                .iter()
                .any(|r| r.target.kind == TargetKind::Vgw && r.target.id == g)
        });
        if propagated || routed {
            continue;
        }
        let reason = if c.routes.is_empty() {
            msg!(
                "lint-vpn-reason-no-static-routes",
                "it has no static routes and no route table sends anything to its gateway"
            )
        } else {
            msg!(
                "lint-vpn-reason-gateway-unused",
                "no route table propagates its gateway's routes or sends anything to the gateway"
            )
        };
        out.push(Diagnostic::new(
            "VPN_WITHOUT_ROUTES",
            Severity::Warning,
            &c.id,
            msg!(
                "lint-vpn-connection-without-routes",
                "VPN connection {vpn} on {g} carries no traffic to the on-premises network: {reason}",
                vpn = label(&c.name, &c.id),
                g,
                reason
            ),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edit of the hub-and-spoke sample for one case.
    type Case = fn(&mut Network);
    use crate::network::samples::hub_and_spoke;

    fn with_vpn(n: &mut Network, remote: &[&str]) {
        n.transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: "tgw-attach-office".into(),
                transit_gateway_id: "tgw-hub".into(),
                kind: TgwAttachmentKind::Vpn,
                remote_cidrs: remote.iter().map(|c| c.to_string()).collect(),
                ..TransitGatewayAttachment::default()
            });
    }

    #[test]
    fn vpn_without_routes_cases() {
        let cases: Vec<(&str, Case, usize)> = vec![
            ("no VPN, nothing to report", |_| {}, 0),
            (
                "a VPN attachment propagated into the spokes' table is used (T6)",
                |n| {
                    with_vpn(n, &["192.168.0.0/16"]);
                    n.transit_gateway_route_tables[1]
                        .propagations
                        .push("tgw-attach-office".into());
                },
                0,
            ),
            (
                "a VPN attachment nothing propagates or routes to is reported (T4)",
                |n| with_vpn(n, &["192.168.0.0/16"]),
                1,
            ),
            (
                "a VPN connection on a gateway that propagates nowhere is reported (G3)",
                |n| {
                    n.vpn_gateways.push(VpnGateway {
                        id: "vgw-1".into(),
                        attached_vpc: Some("vpc-spoke-1".into()),
                        ..VpnGateway::default()
                    });
                    n.vpn_connections.push(VpnConnection {
                        id: "vpn-1".into(),
                        vpn_gateway_id: Some("vgw-1".into()),
                        routes: vec!["172.16.0.0/16".into()],
                        ..VpnConnection::default()
                    });
                },
                1,
            ),
            (
                "a VPN attachment with no ranges and no static route is reported (T4)",
                |n| {
                    with_vpn(n, &[]);
                    n.transit_gateway_route_tables[1]
                        .propagations
                        .push("tgw-attach-office".into());
                },
                1,
            ),
        ];
        for (name, edit, count) in cases {
            let mut net = hub_and_spoke(2);
            edit(&mut net);
            let mut out = Vec::new();
            check(&crate::network::lint::Lookup::new(&net), &mut out);
            assert_eq!(out.len(), count, "{name}: {out:#?}");
        }
    }
}
