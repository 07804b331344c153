//! Transit gateways, VPNs, interface endpoints and egress-only gateways for the views: their
//! canvas shapes and connecting lines, the shape a trace hop through them lands on, and the
//! list-view edits (attachments, VPN connections, transit gateway route tables) applied
//! through `sim::network::transit_edit`.

use sim::network::field_edit::FieldKey;
use sim::network::transit_edit::{self as t, TgwTableOp, VpnEnd, ON_PREMISES};
use sim::network::{self, Design, Network};

use super::{display_name, shape_label, to_rect, Refused};
use crate::kind::ComponentKind;
use crate::view::{Field, Link, LinkKind, Rect, Shape};

impl From<t::TransitError> for Refused {
    fn from(e: t::TransitError) -> Refused {
        Refused::Sim(e.0)
    }
}

fn names(net: &Network, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|g| {
            net.security_group(g)
                .map(|sg| display_name(&sg.name, &sg.id))
                .unwrap_or_else(|| g.clone())
        })
        .collect()
}

fn attachment_label(net: &Network, id: &str) -> String {
    net.transit_gateway_attachments
        .iter()
        .find(|a| a.id == id)
        .map(|a| display_name(&a.name, &a.id))
        .unwrap_or_else(|| id.to_string())
}

/// The shapes of this part of the network that have a rectangle in the layout.
pub fn transit_shapes(design: &Design) -> Vec<Shape> {
    let net = &design.network;
    let rect_of = |id: &str| design.layout.get(id).copied().map(to_rect);
    let mut out = Vec::new();
    let shape = |id: &str, kind, label: String, detail: String, rect: Rect| Shape {
        id: id.to_string(),
        kind,
        label,
        detail,
        rect,
        tier: None,
        badges: vec![],
        policies: vec![],
        parent: None,
        fields: vec![],
    };
    for g in &net.transit_gateways {
        let Some(rect) = rect_of(&g.id) else { continue };
        let tables: Vec<String> = net
            .transit_gateway_route_tables
            .iter()
            .filter(|r| r.transit_gateway_id == g.id)
            .map(|r| display_name(&r.name, &r.id))
            .collect();
        let attached: Vec<String> = net
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.transit_gateway_id == g.id)
            .map(|a| display_name(&a.name, &a.id))
            .collect();
        out.push(Shape {
            fields: vec![
                Field::show("prop-name", &g.name),
                Field::show("prop-tgw-route-tables", &tables.join(", ")),
                Field::show("prop-tgw-attachments", &attached.join(", ")),
            ],
            ..shape(
                &g.id,
                ComponentKind::TransitGateway,
                shape_label(&g.name, &g.id),
                String::new(),
                rect,
            )
        });
    }
    for a in &net.transit_gateway_attachments {
        let Some(rect) = rect_of(&a.id) else { continue };
        let table = |of: fn(&network::TransitGatewayRouteTable) -> &Vec<String>| {
            net.transit_gateway_route_tables
                .iter()
                .filter(|r| of(r).contains(&a.id))
                .map(|r| display_name(&r.name, &r.id))
                .collect::<Vec<_>>()
        };
        let associated = table(|r| &r.associations);
        let propagates = table(|r| &r.propagations);
        let subnets: Vec<String> = a
            .subnet_ids
            .iter()
            .map(|s| {
                net.subnet(s)
                    .map(|x| format!("{} ({})", display_name(&x.name, &x.id), x.availability_zone))
                    .unwrap_or_else(|| s.clone())
            })
            .collect();
        out.push(Shape {
            parent: a.vpc_id.clone(),
            fields: vec![
                Field::show("prop-name", &a.name),
                Field::show("prop-tgw", &a.transit_gateway_id),
                Field::show_or_none("prop-vpc", a.vpc_id.as_deref()),
                Field::show("prop-tgw-subnets", &subnets.join(", ")),
                match associated.first() {
                    Some(t) => Field::show("prop-tgw-associated", t),
                    None => Field::say("prop-tgw-associated", "prop-tgw-not-associated", &[]),
                },
                Field::show_or_none(
                    "prop-tgw-propagates",
                    (!propagates.is_empty())
                        .then(|| propagates.join(", "))
                        .as_deref(),
                ),
                // Appliance mode is an option of VPC attachments (T11): editable there.
                if a.kind == network::TgwAttachmentKind::Vpc {
                    Field::toggle(
                        FieldKey::ApplianceMode,
                        "prop-appliance-mode",
                        a.appliance_mode,
                    )
                } else {
                    Field::say(
                        "prop-appliance-mode",
                        if a.appliance_mode {
                            "prop-value-on"
                        } else {
                            "prop-value-off"
                        },
                        &[],
                    )
                },
            ],
            ..shape(
                &a.id,
                ComponentKind::TransitGatewayAttachment,
                shape_label(&a.name, &a.id),
                String::new(),
                rect,
            )
        });
    }
    for g in &net.vpn_gateways {
        let Some(rect) = rect_of(&g.id) else { continue };
        out.push(Shape {
            parent: g.attached_vpc.clone(),
            fields: vec![
                Field::show("prop-name", &g.name),
                Field::attached_to(g.attached_vpc.as_deref()),
                Field::show_or_none(
                    "prop-vgw-propagates",
                    (!g.propagates_to.is_empty())
                        .then(|| g.propagates_to.join(", "))
                        .as_deref(),
                ),
            ],
            ..shape(
                &g.id,
                ComponentKind::VpnGateway,
                shape_label(&g.name, &g.id),
                String::new(),
                rect,
            )
        });
    }
    for g in &net.egress_only_internet_gateways {
        let Some(rect) = rect_of(&g.id) else { continue };
        out.push(Shape {
            parent: g.attached_vpc.clone(),
            fields: vec![
                Field::show("prop-name", &g.name),
                Field::attached_to(g.attached_vpc.as_deref()),
            ],
            ..shape(
                &g.id,
                ComponentKind::EgressOnlyInternetGateway,
                shape_label(&g.name, &g.id),
                String::new(),
                rect,
            )
        });
    }
    if let Some(rect) = rect_of(ON_PREMISES) {
        out.push(shape(
            ON_PREMISES,
            ComponentKind::OnPremises,
            String::new(),
            String::new(),
            rect,
        ));
    }
    let on_prem = design
        .layout
        .contains_key(ON_PREMISES)
        .then(|| ON_PREMISES.to_string());
    for c in &net.customer_gateways {
        let Some(rect) = rect_of(&c.id) else { continue };
        out.push(Shape {
            parent: on_prem.clone(),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &c.name),
                Field::edit(FieldKey::PublicIp, "prop-cgw-ip", &c.ip_address),
                // AWS's default ASN when the design records none (G6).
                Field::edit(
                    FieldKey::BgpAsn,
                    "prop-cgw-asn",
                    &c.bgp_asn.unwrap_or(65000).to_string(),
                ),
            ],
            ..shape(
                &c.id,
                ComponentKind::CustomerGateway,
                shape_label(&c.name, &c.id),
                c.ip_address.clone(),
                rect,
            )
        });
    }
    for v in &net.vpn_connections {
        let Some(rect) = rect_of(&v.id) else { continue };
        let end = v
            .vpn_gateway_id
            .clone()
            .or_else(|| v.transit_gateway_id.clone());
        out.push(Shape {
            parent: on_prem.clone(),
            fields: vec![
                Field::show("prop-name", &v.name),
                Field::show("prop-vpn-customer-gateway", &v.customer_gateway_id),
                Field::show_or_none("prop-vpn-ends-on", end.as_deref()),
                Field::show("prop-vpn-routes", &v.routes.join(", ")),
                Field::show("prop-state", &format!("{:?}", v.state).to_lowercase()),
            ],
            ..shape(
                &v.id,
                ComponentKind::VpnConnection,
                shape_label(&v.name, &v.id),
                v.routes.join(", "),
                rect,
            )
        });
    }
    for e in &net.vpc_endpoints {
        let Some(rect) = rect_of(&e.id) else { continue };
        let Some(i) = &e.interface else { continue };
        let Some(first) = i.network_interfaces.first() else {
            continue;
        };
        // No groups given: the VPC's default group (E6), which the badge names.
        let groups = if i.security_groups.is_empty() {
            net.security_groups
                .iter()
                .filter(|g| g.vpc_id == e.vpc_id && g.name == "default")
                .map(|g| g.id.clone())
                .collect()
        } else {
            i.security_groups.clone()
        };
        let ips: Vec<String> = i
            .network_interfaces
            .iter()
            .filter_map(|n| n.private_ip.clone())
            .collect();
        out.push(Shape {
            badges: names(net, &groups),
            parent: Some(first.subnet_id.clone()),
            fields: vec![
                Field::show("prop-name", &e.name),
                Field::show("prop-endpoint-service", &e.service),
                Field::show("prop-private-ip", &ips.join(", ")),
                Field::show("prop-security-groups", &names(net, &groups).join(", ")),
                Field::say(
                    "prop-endpoint-private-dns",
                    if i.private_dns {
                        "prop-value-on"
                    } else {
                        "prop-value-off"
                    },
                    &[],
                ),
                Field::show("prop-state", i.state.name()),
            ],
            ..shape(
                &e.id,
                ComponentKind::VpcEndpoint,
                shape_label(&e.name, &e.id),
                ips.first().cloned().unwrap_or_default(),
                rect,
            )
        });
    }
    out
}

fn centre(r: &network::design::Rect) -> (f64, f64) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// The lines between shapes: each VPC attachment to its gateway and to its subnets, each
/// VPN connection to its customer gateway and to the gateway it ends on.
pub fn links(design: &Design) -> Vec<Link> {
    let net = &design.network;
    let at = |id: &str| design.layout.get(id).map(centre);
    let mut out = Vec::new();
    for a in &net.transit_gateway_attachments {
        let end = match a.kind {
            network::TgwAttachmentKind::Vpn => a.vpn_connection_id.clone(),
            _ => Some(a.id.clone()),
        };
        let (Some(from), Some(to)) = (at(&a.transit_gateway_id), end.as_deref().and_then(&at))
        else {
            continue;
        };
        out.push(Link {
            id: a.id.clone(),
            kind: LinkKind::Attachment,
            from,
            to,
        });
        for s in &a.subnet_ids {
            if let Some(r) = design.layout.get(s) {
                out.push(Link {
                    id: a.id.clone(),
                    kind: LinkKind::AttachmentSubnet,
                    from: to,
                    to: (r.x + r.w, r.y + r.h / 2.0),
                });
            }
        }
    }
    for v in &net.vpn_connections {
        let Some(here) = at(&v.id) else { continue };
        if let Some(c) = at(&v.customer_gateway_id) {
            out.push(Link {
                id: v.id.clone(),
                kind: LinkKind::Vpn,
                from: c,
                to: here,
            });
        }
        if let Some(g) = v.vpn_gateway_id.as_deref().and_then(&at) {
            out.push(Link {
                id: v.id.clone(),
                kind: LinkKind::Vpn,
                from: g,
                to: here,
            });
        }
    }
    out
}

/// The drawn shape a hop through this part of the network lands on when its component has
/// no rectangle of its own: a route table on its gateway, a VPN attachment on its VPN
/// connection (else the gateway), a peering attachment on the gateway.
pub fn hop_anchor(design: &Design, hop: &network::Hop) -> Option<String> {
    use network::ComponentKind as K;
    let net = &design.network;
    let drawn = |id: &str| design.layout.contains_key(id).then(|| id.to_string());
    match hop.kind {
        K::TransitGatewayRouteTable => net
            .transit_gateway_route_tables
            .iter()
            .find(|t| t.id == hop.component)
            .and_then(|t| drawn(&t.transit_gateway_id)),
        K::TransitGatewayAttachment => {
            let a = net
                .transit_gateway_attachments
                .iter()
                .find(|a| a.id == hop.component)?;
            a.vpn_connection_id
                .as_deref()
                .and_then(drawn)
                .or_else(|| drawn(&a.transit_gateway_id))
        }
        K::TransitGateway | K::VpnGateway | K::VpnConnection | K::EgressOnlyInternetGateway => {
            drawn(&hop.component)
        }
        _ => None,
    }
}

/// A list-view edit of this part of the network.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum TransitOp {
    /// A static route; `attachment` empty makes it a blackhole route.
    AddRoute {
        table: String,
        cidr: String,
        attachment: String,
    },
    RemoveRoute {
        table: String,
        index: usize,
    },
    Associate {
        table: String,
        attachment: String,
        on: bool,
    },
    Propagate {
        table: String,
        attachment: String,
        on: bool,
    },
    AttachVpc {
        tgw: String,
        vpc: String,
        subnets: Vec<String>,
    },
    /// A VPN connection from a customer gateway to `to` (a `vgw-…` or a `tgw-…`), with the
    /// on-premises CIDRs `routes` (comma separated).
    ConnectVpn {
        cgw: String,
        to: String,
        routes: String,
    },
}

/// Applies a list-view edit through `sim::network::transit_edit`.
pub fn apply(design: &mut Design, op: &TransitOp) -> Result<(), Refused> {
    let table_op = |op: TgwTableOp, design: &mut Design| t::apply_table_op(design, &op);
    match op {
        TransitOp::AddRoute {
            table,
            cidr,
            attachment,
        } => table_op(
            TgwTableOp::AddRoute {
                table: table.clone(),
                cidr: cidr.trim().to_string(),
                attachment: (!attachment.is_empty()).then(|| attachment.clone()),
            },
            design,
        )?,
        TransitOp::RemoveRoute { table, index } => table_op(
            TgwTableOp::RemoveRoute {
                table: table.clone(),
                index: *index,
            },
            design,
        )?,
        TransitOp::Associate {
            table,
            attachment,
            on,
        } => table_op(
            TgwTableOp::Associate {
                table: table.clone(),
                attachment: attachment.clone(),
                on: *on,
            },
            design,
        )?,
        TransitOp::Propagate {
            table,
            attachment,
            on,
        } => table_op(
            TgwTableOp::Propagate {
                table: table.clone(),
                attachment: attachment.clone(),
                on: *on,
            },
            design,
        )?,
        TransitOp::AttachVpc { tgw, vpc, subnets } => {
            t::attach_vpc(design, tgw, vpc, subnets).map(|_| ())?
        }
        TransitOp::ConnectVpn { cgw, to, routes } => {
            let end = if to.starts_with("tgw-") {
                VpnEnd::TransitGateway(to.clone())
            } else {
                VpnEnd::VpnGateway(to.clone())
            };
            let routes: Vec<String> = routes
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            t::connect_vpn(design, cgw, &end, &routes).map(|_| ())?
        }
    }
    Ok(())
}

/// The words of an attachment in a list: its name and what it connects.
pub fn attachment_text(net: &Network, id: &str) -> String {
    let label = attachment_label(net, id);
    match net
        .transit_gateway_attachments
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.vpc_id.clone().or_else(|| a.vpn_connection_id.clone()))
    {
        Some(what) if what != label => format!("{label} → {what}"),
        _ => label,
    }
}

/// The next free IPv6 /64 for a subnet of `vpc` (the properties panel's suggestion).
pub fn suggest_ipv6(design: &Design, vpc: &str) -> Option<String> {
    t::next_free_ipv6_subnet(&design.network, vpc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::network::edit;
    use sim::network::samples::hub_and_spoke;

    fn hub() -> Design {
        let mut d = Design::new("hub", hub_and_spoke(2));
        edit::auto_layout(&mut d);
        d
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_hop_of_the_spoke_to_shared_trace_lands_on_a_drawn_shape() {
        let d = hub();
        let shapes = super::super::shapes(&d);
        let trace = super::super::run_trace(&d, "i-spoke-1", "i-shared", "tcp", "443").unwrap();
        let hops: Vec<&network::Hop> = trace.hops.iter().chain(trace.return_hops.iter()).collect();
        assert!(hops
            .iter()
            .any(|h| h.kind == network::ComponentKind::TransitGatewayRouteTable));
        for h in hops {
            let anchor = super::super::hop_anchor(&d, h)
                .unwrap_or_else(|| panic!("{} ({:?}) lands nowhere", h.component, h.kind));
            assert!(
                shapes.iter().any(|s| s.id == anchor),
                "{} lands on {anchor}, which is not drawn",
                h.component
            );
        }
        let drawn: Vec<_> = links(&d).into_iter().map(|l| (l.id, l.kind)).collect();
        assert!(drawn.contains(&("tgw-attach-spoke-1".into(), LinkKind::Attachment)));
        assert!(drawn.contains(&("tgw-attach-shared".into(), LinkKind::AttachmentSubnet)));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_blackhole_route_added_in_the_list_view_blocks_the_spoke() {
        let mut d = hub();
        let table = d
            .network
            .transit_gateway_route_tables
            .iter()
            .find(|t| t.associations.iter().any(|a| a == "tgw-attach-spoke-1"))
            .unwrap()
            .id
            .clone();
        apply(
            &mut d,
            &TransitOp::AddRoute {
                table: table.clone(),
                cidr: "10.0.1.0/24".into(),
                attachment: String::new(),
            },
        )
        .unwrap();
        let trace = super::super::run_trace(&d, "i-spoke-1", "i-shared", "tcp", "443").unwrap();
        match &trace.verdict {
            network::Verdict::Unreachable { blocked_by, .. } => assert_eq!(blocked_by, &table),
            v => panic!("the blackhole should block: {v:?}"),
        }
        let refused = apply(
            &mut d,
            &TransitOp::AddRoute {
                table,
                cidr: "10.0.1.0/24".into(),
                attachment: String::new(),
            },
        )
        .unwrap_err();
        assert!(refused.text(crate::i18n::Lang::Ko).contains("10.0.1.0/24"));
        assert_ne!(
            refused.text(crate::i18n::Lang::Ko),
            refused.text(crate::i18n::Lang::En)
        );
    }
}
