//! The canvas side of transit gateways, Site-to-Site VPNs, interface endpoints and
//! egress-only internet gateways: where [`super::edit::auto_layout`] draws them, what the
//! palette creates, and the edits of attachments, VPN connections and transit gateway route
//! tables (docs/SEMANTICS.md#t1 … #t12, #g1 … #g4, #e5, #x4).
//!
//! Drawing: a transit gateway stands outside every VPC, to the right of them; each VPC
//! attachment is a small knob on its VPC's right edge (the canvas draws lines from the knob to
//! the gateway and to the attachment's subnets). A virtual private gateway sits on its VPC's
//! bottom edge, an egress-only gateway on the top edge beside the internet gateway. Customer
//! gateways and their VPN connections live in one "on-premises" box (layout key
//! [`ON_PREMISES`]) outside the cloud. Interface endpoints are icons inside the subnet of
//! their first network interface.
//!
//! **Invariant**: as for [`super::edit`], every function leaves a design that loads, never
//! panics, and a refused edit changes nothing and says why (a `msg!` sentence the app words
//! in the learner's language).

use std::collections::BTreeSet;
use std::fmt;

use super::cidr::Cidr;
use super::design::{Design, Rect};
use super::edit::{settle, Container, Refusal};
use super::fix::{fresh_id, fresh_public_ip};
use super::kind::ComponentKind;
use super::model::*;
use super::msg::{msg, Text};

/// The layout key of the box drawn around the customer gateways.
pub const ON_PREMISES: &str = "on-premises";

const ICON: f64 = 64.0;
const KNOB: f64 = 28.0;
const CELL: f64 = 120.0;

/// Why a transit edit was refused, in English with its message key (`msg!`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitError(pub Text);

impl fmt::Display for TransitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

fn err<T>(text: Text) -> Result<T, TransitError> {
    Err(TransitError(text))
}

fn numbered(existing: impl Iterator<Item = String>, stem: &str) -> String {
    let taken: BTreeSet<String> = existing.collect();
    (1..)
        .map(|n| format!("{stem}-{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| stem.to_string())
}

/// Where the canvas draws a component of this module: its container, for moving it with its
/// VPC or subnet and for growing that container around it. `None` for other ids.
pub fn parent(design: &Design, id: &str) -> Option<Container> {
    let net = &design.network;
    if id == ON_PREMISES || net.transit_gateways.iter().any(|t| t.id == id) {
        return Some(Container::Canvas);
    }
    if net.customer_gateways.iter().any(|c| c.id == id)
        || net.vpn_connections.iter().any(|v| v.id == id)
    {
        return Some(Container::Canvas);
    }
    let on_vpc =
        |vpc: &Option<String>| Some(vpc.clone().map(Container::Vpc).unwrap_or(Container::Canvas));
    if let Some(g) = net.vpn_gateways.iter().find(|g| g.id == id) {
        return on_vpc(&g.attached_vpc);
    }
    if let Some(g) = net
        .egress_only_internet_gateways
        .iter()
        .find(|g| g.id == id)
    {
        return on_vpc(&g.attached_vpc);
    }
    if let Some(a) = net.transit_gateway_attachments.iter().find(|a| a.id == id) {
        return on_vpc(&a.vpc_id);
    }
    let e = net.vpc_endpoints.iter().find(|e| e.id == id)?;
    let subnet = e.interface.as_ref()?.network_interfaces.first()?;
    Some(Container::Subnet(subnet.subnet_id.clone()))
}

/// Whether `id` is drawn on its VPC's edge (not clamped inside it, not growing it).
pub fn on_edge(design: &Design, id: &str) -> bool {
    let net = &design.network;
    net.vpn_gateways.iter().any(|g| g.id == id)
        || net.egress_only_internet_gateways.iter().any(|g| g.id == id)
        || net.transit_gateway_attachments.iter().any(|a| a.id == id)
}

/// The palette kinds this module creates, with where they may be dropped.
pub fn accepts(inside: &Container, what: ComponentKind) -> Option<bool> {
    use ComponentKind as K;
    match what {
        K::TransitGateway | K::CustomerGateway => Some(matches!(inside, Container::Canvas)),
        K::VpnGateway | K::EgressOnlyInternetGateway => Some(matches!(inside, Container::Vpc(_))),
        K::VpcEndpoint => Some(matches!(inside, Container::Subnet(_))),
        _ => None,
    }
}

/// Adds a palette component of this module (`None` for the other kinds). `edit::add` has
/// already checked the container.
pub fn add(
    design: &mut Design,
    what: ComponentKind,
    inside: &Container,
    rect: Rect,
) -> Option<Result<String, Refusal>> {
    use ComponentKind as K;
    let net = &mut design.network;
    let id = match (what, inside) {
        (K::TransitGateway, _) => {
            let id = fresh_id(net, "tgw");
            let name = numbered(net.transit_gateways.iter().map(|t| t.name.clone()), "tgw");
            net.transit_gateways.push(TransitGateway {
                id: id.clone(),
                name,
            });
            // AWS creates a transit gateway with a default route table that new
            // attachments associate with and propagate to (T5, T6).
            let rtb = fresh_id(net, "tgw-rtb");
            net.transit_gateway_route_tables
                .push(TransitGatewayRouteTable {
                    id: rtb,
                    name: "default".into(),
                    transit_gateway_id: id.clone(),
                    ..TransitGatewayRouteTable::default()
                });
            design.layout.insert(id.clone(), icon_at(rect));
            id
        }
        (K::CustomerGateway, _) => {
            let id = fresh_id(net, "cgw");
            let name = numbered(
                net.customer_gateways.iter().map(|c| c.name.clone()),
                "office",
            );
            let ip = fresh_public_ip(net);
            net.customer_gateways.push(CustomerGateway {
                id: id.clone(),
                name,
                ip_address: ip,
                bgp_asn: None,
            });
            if !design.layout.contains_key(ON_PREMISES) {
                design.layout.insert(
                    ON_PREMISES.into(),
                    Rect {
                        x: rect.x - 40.0,
                        y: rect.y - 60.0,
                        w: 2.0 * CELL + 40.0,
                        h: CELL + 60.0,
                    },
                );
            }
            place_on_premises(design);
            id
        }
        (K::VpnGateway, Container::Vpc(vpc)) => {
            if let Some(g) = net
                .vpn_gateways
                .iter()
                .find(|g| g.attached_vpc.as_deref() == Some(vpc.as_str()))
            {
                return Some(Err(Refusal::OneVpnGatewayPerVpc {
                    vpc: vpc.clone(),
                    existing: g.id.clone(),
                }));
            }
            let id = fresh_id(net, "vgw");
            let name = numbered(net.vpn_gateways.iter().map(|g| g.name.clone()), "vgw");
            net.vpn_gateways.push(VpnGateway {
                id: id.clone(),
                name,
                attached_vpc: Some(vpc.clone()),
                propagates_to: vec![],
            });
            let v = design.layout.get(vpc).copied();
            design.layout.insert(
                id.clone(),
                v.map(|v| edge_rect(&v, Edge::Bottom, rect.x + rect.w / 2.0))
                    .unwrap_or(rect),
            );
            id
        }
        (K::EgressOnlyInternetGateway, Container::Vpc(vpc)) => {
            let id = fresh_id(net, "eigw");
            let name = numbered(
                net.egress_only_internet_gateways
                    .iter()
                    .map(|g| g.name.clone()),
                "eigw",
            );
            net.egress_only_internet_gateways
                .push(EgressOnlyInternetGateway {
                    id: id.clone(),
                    name,
                    attached_vpc: Some(vpc.clone()),
                });
            let v = design.layout.get(vpc).copied();
            design.layout.insert(
                id.clone(),
                v.map(|v| edge_rect(&v, Edge::Top, rect.x + rect.w / 2.0))
                    .unwrap_or(rect),
            );
            id
        }
        (K::VpcEndpoint, Container::Subnet(subnet_id)) => {
            let Some(subnet) = net.subnet(subnet_id).cloned() else {
                return Some(Err(Refusal::UnknownComponent(subnet_id.clone())));
            };
            let Some(ip) = super::edit::next_free_ip(net, subnet_id) else {
                return Some(Err(Refusal::SubnetFull {
                    subnet: subnet.name.clone(),
                }));
            };
            let id = fresh_id(net, "vpce");
            let region = if net.region.is_empty() {
                "ap-northeast-2".to_string()
            } else {
                net.region.clone()
            };
            net.vpc_endpoints.push(VpcEndpoint {
                id: id.clone(),
                name: numbered(net.vpc_endpoints.iter().map(|e| e.name.clone()), "vpce"),
                vpc_id: subnet.vpc_id.clone(),
                service: format!("com.amazonaws.{region}.execute-api"),
                endpoint_type: EndpointType::Interface,
                route_table_ids: vec![],
                prefix_list_id: None,
                interface: Some(InterfaceEndpoint {
                    network_interfaces: vec![EndpointInterface {
                        subnet_id: subnet_id.clone(),
                        eni_id: None,
                        private_ip: Some(ip),
                    }],
                    // Empty: the VPC's default group (E6), shown as such on the badge.
                    security_groups: vec![],
                    private_dns: true,
                    state: EndpointState::Available,
                }),
            });
            design.layout.insert(id.clone(), icon_at(rect));
            settle(design, &id);
            id
        }
        _ => return None,
    };
    Some(Ok(id))
}

fn icon_at(rect: Rect) -> Rect {
    Rect {
        x: rect.x + rect.w / 2.0 - ICON / 2.0,
        y: rect.y + rect.h / 2.0 - ICON / 2.0,
        w: ICON,
        h: ICON,
    }
}

#[derive(Clone, Copy)]
enum Edge {
    Top,
    Bottom,
}

/// An icon centred on the VPC's top or bottom edge near `cx`, kept within the edge.
fn edge_rect(v: &Rect, edge: Edge, cx: f64) -> Rect {
    let x = (cx - ICON / 2.0).clamp(v.x + 20.0, (v.x + v.w - ICON - 20.0).max(v.x + 20.0));
    let y = match edge {
        Edge::Top => v.y - ICON / 2.0,
        Edge::Bottom => v.y + v.h - ICON / 2.0,
    };
    Rect {
        x,
        y,
        w: ICON,
        h: ICON,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The layout keys this module places outside every VPC (what a tidy-up places again after
/// it moved the VPCs).
pub fn outside_keys(design: &Design) -> Vec<String> {
    let net = &design.network;
    let mut keys: Vec<String> = net
        .transit_gateways
        .iter()
        .map(|t| t.id.clone())
        .chain(net.customer_gateways.iter().map(|c| c.id.clone()))
        .chain(net.vpn_connections.iter().map(|v| v.id.clone()))
        .chain(
            net.vpn_gateways
                .iter()
                .filter(|g| g.attached_vpc.is_none())
                .map(|g| g.id.clone()),
        )
        .collect();
    keys.push(ON_PREMISES.into());
    keys
}

/// Gives every component of this module without a rectangle one (see the module docs);
/// existing rectangles are kept. Called at the end of [`super::edit::auto_layout`].
pub fn layout(design: &mut Design) {
    // The network is read while the layout is written: two fields, borrowed apart (a copy of
    // the whole network cost a 500-component re-import 2 ms).
    let Design {
        network: net,
        layout,
        ..
    } = &mut *design;
    let vpcs: Vec<(String, Rect)> = net
        .vpcs
        .iter()
        .filter_map(|v| layout.get(&v.id).map(|r| (v.id.clone(), *r)))
        .collect();
    // On the VPCs' edges.
    for (vpc, r) in &vpcs {
        let mine = |a: &Option<String>| a.as_deref() == Some(vpc.as_str());
        for (k, g) in net
            .vpn_gateways
            .iter()
            .filter(|g| mine(&g.attached_vpc))
            .enumerate()
        {
            let cx = r.x + r.w / 2.0 + k as f64 * 90.0;
            layout
                .entry(g.id.clone())
                .or_insert_with(|| edge_rect(r, Edge::Bottom, cx));
        }
        for (k, g) in net
            .egress_only_internet_gateways
            .iter()
            .filter(|g| mine(&g.attached_vpc))
            .enumerate()
        {
            // Beside the internet gateway, which auto_layout centres on the top edge.
            let cx = r.x + r.w / 2.0 + 100.0 + k as f64 * 90.0;
            layout
                .entry(g.id.clone())
                .or_insert_with(|| edge_rect(r, Edge::Top, cx));
        }
        for (k, a) in net
            .transit_gateway_attachments
            .iter()
            .filter(|a| mine(&a.vpc_id))
            .enumerate()
        {
            layout.entry(a.id.clone()).or_insert(Rect {
                x: r.x + r.w - KNOB / 2.0,
                y: r.y + 60.0 + k as f64 * (KNOB + 16.0),
                w: KNOB,
                h: KNOB,
            });
        }
    }
    // Outside the VPCs: transit gateways in a column to their right, level with the VPCs
    // they attach, then the on-premises box.
    let right = vpcs
        .iter()
        .map(|(_, r)| r.x + r.w)
        .fold(f64::NEG_INFINITY, f64::max);
    let right = if right.is_finite() { right } else { 80.0 };
    let top = vpcs.iter().map(|(_, r)| r.y).fold(f64::INFINITY, f64::min);
    let top = if top.is_finite() { top } else { 80.0 };
    let column_x = right + 180.0;
    let mut taken: Vec<Rect> = net
        .transit_gateways
        .iter()
        .filter_map(|t| layout.get(&t.id).copied())
        .collect();
    for t in &net.transit_gateways {
        if layout.contains_key(&t.id) {
            continue;
        }
        let centres: Vec<f64> = net
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.transit_gateway_id == t.id)
            .filter_map(|a| a.vpc_id.as_ref())
            .filter_map(|v| vpcs.iter().find(|(id, _)| id == v))
            .map(|(_, r)| r.y + r.h / 2.0)
            .collect();
        let cy = if centres.is_empty() {
            top + ICON
        } else {
            centres.iter().sum::<f64>() / centres.len() as f64
        };
        let mut rect = Rect {
            x: column_x,
            y: cy - ICON / 2.0,
            w: ICON,
            h: ICON,
        };
        for _ in 0..64 {
            let Some(hit) = taken.iter().find(|o| overlaps(&rect, o)) else {
                break;
            };
            rect.y = hit.y + hit.h + 2.0 * ICON;
        }
        taken.push(rect);
        layout.insert(t.id.clone(), rect);
    }
    // Detached virtual private gateways wait beside the transit gateways.
    for (k, g) in net
        .vpn_gateways
        .iter()
        .filter(|g| g.attached_vpc.is_none())
        .enumerate()
    {
        layout.entry(g.id.clone()).or_insert(Rect {
            x: column_x + CELL,
            y: top + k as f64 * CELL,
            w: ICON,
            h: ICON,
        });
    }
    if net.customer_gateways.is_empty() {
        layout.remove(ON_PREMISES);
        return;
    }
    if !layout.contains_key(ON_PREMISES) {
        let x = column_x
            + if net.transit_gateways.is_empty() {
                0.0
            } else {
                2.0 * CELL
            };
        layout.insert(
            ON_PREMISES.into(),
            Rect {
                x,
                y: top,
                w: 2.0 * CELL + 40.0,
                h: CELL + 60.0,
            },
        );
    }
    place_on_premises(design);
}

/// Places the customer gateways (one row each, its VPN connections beside it) that have no
/// rectangle inside the on-premises box, and grows the box to hold every row.
fn place_on_premises(design: &mut Design) {
    let Some(mut b) = design.layout.get(ON_PREMISES).copied() else {
        return;
    };
    // The network is read while the layout is written: two fields, borrowed apart (a copy of
    // the whole network cost a 500-component re-import 2 ms).
    let Design {
        network: net,
        layout,
        ..
    } = &mut *design;
    let mut row_y = b.y + 56.0;
    for c in &net.customer_gateways {
        let conns: Vec<&VpnConnection> = net
            .vpn_connections
            .iter()
            .filter(|v| v.customer_gateway_id == c.id)
            .collect();
        let cgw = *layout.entry(c.id.clone()).or_insert(Rect {
            x: b.x + 28.0,
            y: row_y,
            w: ICON,
            h: ICON,
        });
        for (j, v) in conns.iter().enumerate() {
            layout.entry(v.id.clone()).or_insert(Rect {
                x: cgw.x + (j + 1) as f64 * CELL,
                y: cgw.y,
                w: ICON,
                h: ICON,
            });
        }
        row_y = row_y.max(cgw.y + CELL + 10.0);
    }
    // Connections whose customer gateway is missing still get a place.
    for v in &net.vpn_connections {
        if !layout.contains_key(&v.id) {
            layout.insert(
                v.id.clone(),
                Rect {
                    x: b.x + 28.0 + CELL,
                    y: row_y,
                    w: ICON,
                    h: ICON,
                },
            );
            row_y += CELL + 10.0;
        }
    }
    let inside: Vec<Rect> = net
        .customer_gateways
        .iter()
        .map(|c| c.id.as_str())
        .chain(net.vpn_connections.iter().map(|v| v.id.as_str()))
        .filter_map(|id| layout.get(id).copied())
        .collect();
    for r in inside {
        b.w = b.w.max(r.x + r.w + 28.0 - b.x);
        b.h = b.h.max(r.y + r.h + 40.0 - b.y);
    }
    layout.insert(ON_PREMISES.into(), b);
}

/// Interface endpoints without a rectangle: the first free cell of their first subnet.
pub fn layout_endpoints(design: &mut Design) {
    let net = design.network.clone();
    for e in &net.vpc_endpoints {
        if design.layout.contains_key(&e.id) {
            continue;
        }
        let Some(subnet) = e
            .interface
            .as_ref()
            .and_then(|i| i.network_interfaces.first())
            .map(|n| n.subnet_id.clone())
        else {
            continue;
        };
        let Some(sr) = design.layout.get(&subnet).copied() else {
            continue;
        };
        let leaves: Vec<Rect> = design
            .layout
            .iter()
            .filter(|(k, r)| k.as_str() != subnet && r.w <= 100.0 && overlaps(r, &sr))
            .map(|(_, r)| *r)
            .collect();
        let per_row = (((sr.w - 28.0) / CELL).floor() as usize).max(1);
        let rect = (0..64)
            .map(|k| Rect {
                x: sr.x + 28.0 + (k % per_row) as f64 * CELL,
                y: sr.y + 56.0 + (k / per_row) as f64 * CELL,
                w: ICON,
                h: ICON,
            })
            .find(|c| !leaves.iter().any(|l| overlaps(c, l)))
            .unwrap_or(Rect {
                x: sr.x + 28.0,
                y: sr.y + sr.h,
                w: ICON,
                h: ICON,
            });
        design.layout.insert(e.id.clone(), rect);
        settle(design, &e.id);
    }
}

/// Removes a component of this module and what cannot exist without it (`None` when `id` is
/// none of them). A transit gateway takes its attachments and route tables; a customer
/// gateway its VPN connections; routes to what is gone become blackholes, as in AWS.
pub fn remove(design: &mut Design, id: &str) -> Option<Vec<String>> {
    let net = &design.network;
    let mut doomed: BTreeSet<String> = BTreeSet::new();
    if id == ON_PREMISES {
        doomed.insert(id.into());
        doomed.extend(net.customer_gateways.iter().map(|c| c.id.clone()));
    } else if net.transit_gateways.iter().any(|t| t.id == id)
        || net.customer_gateways.iter().any(|c| c.id == id)
        || net.vpn_gateways.iter().any(|g| g.id == id)
        || net.vpn_connections.iter().any(|v| v.id == id)
        || net.transit_gateway_attachments.iter().any(|a| a.id == id)
        || net.egress_only_internet_gateways.iter().any(|g| g.id == id)
    {
        doomed.insert(id.into());
    } else {
        return None;
    }
    forget(design, &mut doomed);
    let mut gone: Vec<String> = doomed.into_iter().collect();
    gone.sort();
    Some(gone)
}

/// Drops what depends on `doomed` (extending it) from the transit side of the network: called
/// by [`remove`] and by `edit::remove` when VPCs or subnets go.
pub fn forget(design: &mut Design, doomed: &mut BTreeSet<String>) {
    let net = &design.network;
    // Closure over the dependencies, until nothing new is doomed.
    loop {
        let before = doomed.len();
        let gone = |x: &str| doomed.contains(x);
        let mut more: Vec<String> = Vec::new();
        for a in &net.transit_gateway_attachments {
            if gone(&a.transit_gateway_id)
                || a.vpc_id.as_deref().is_some_and(gone)
                || a.vpn_connection_id.as_deref().is_some_and(gone)
            {
                more.push(a.id.clone());
            }
        }
        for t in &net.transit_gateway_route_tables {
            if gone(&t.transit_gateway_id) {
                more.push(t.id.clone());
            }
        }
        for v in &net.vpn_connections {
            if gone(&v.customer_gateway_id)
                || v.vpn_gateway_id.as_deref().is_some_and(gone)
                || v.transit_gateway_id.as_deref().is_some_and(gone)
            {
                more.push(v.id.clone());
            }
        }
        for g in &net.vpn_gateways {
            if g.attached_vpc.as_deref().is_some_and(gone) {
                more.push(g.id.clone());
            }
        }
        for g in &net.egress_only_internet_gateways {
            if g.attached_vpc.as_deref().is_some_and(gone) {
                more.push(g.id.clone());
            }
        }
        doomed.extend(more);
        if doomed.len() == before {
            break;
        }
    }
    let gone = |x: &str| doomed.contains(x);
    let net = &mut design.network;
    net.transit_gateways.retain(|t| !gone(&t.id));
    net.transit_gateway_attachments.retain(|a| !gone(&a.id));
    net.transit_gateway_route_tables.retain(|t| !gone(&t.id));
    net.customer_gateways.retain(|c| !gone(&c.id));
    net.vpn_connections.retain(|v| !gone(&v.id));
    net.vpn_gateways.retain(|g| !gone(&g.id));
    net.egress_only_internet_gateways.retain(|g| !gone(&g.id));
    for a in &mut net.transit_gateway_attachments {
        a.subnet_ids.retain(|s| !gone(s));
    }
    for t in &mut net.transit_gateway_route_tables {
        t.associations.retain(|a| !gone(a));
        t.propagations.retain(|a| !gone(a));
        // A static route to a deleted attachment stays, as a blackhole (T8).
        t.routes.retain(|r| {
            r.origin == TgwRouteOrigin::Static || !r.attachment.as_deref().is_some_and(gone)
        });
        for r in &mut t.routes {
            if r.attachment.as_deref().is_some_and(gone) {
                r.attachment = None;
                r.blackhole = true;
            }
        }
    }
    for e in &mut net.vpc_endpoints {
        if let Some(i) = &mut e.interface {
            i.network_interfaces.retain(|n| !gone(&n.subnet_id));
        }
    }
    for rt in &mut net.route_tables {
        for r in &mut rt.routes {
            if r.target.kind != TargetKind::Local && gone(&r.target.id) {
                r.state = RouteState::Blackhole;
            }
        }
    }
    design.layout.retain(|k, _| !gone(k));
    if design.network.customer_gateways.is_empty() {
        design.layout.remove(ON_PREMISES);
    }
}

fn tgw_table<'a>(net: &'a Network, id: &str) -> Result<&'a TransitGatewayRouteTable, TransitError> {
    net.transit_gateway_route_tables
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| {
            TransitError(msg!(
                "transit-no-route-table",
                "there is no transit gateway route table `{id}`",
                id
            ))
        })
}

fn has_tgw(net: &Network, id: &str) -> Result<(), TransitError> {
    if net.transit_gateways.iter().any(|t| t.id == id) {
        Ok(())
    } else {
        err(msg!(
            "transit-no-gateway",
            "there is no transit gateway `{id}`",
            id
        ))
    }
}

/// The table new attachments of `tgw` associate with and propagate to: the one named
/// `default`, else the gateway's first (AWS's default association and propagation table).
fn default_table(net: &Network, tgw: &str) -> Option<usize> {
    let mine = |t: &&TransitGatewayRouteTable| t.transit_gateway_id == tgw;
    net.transit_gateway_route_tables
        .iter()
        .position(|t| mine(&t) && t.name == "default")
        .or_else(|| {
            net.transit_gateway_route_tables
                .iter()
                .position(|t| mine(&t))
        })
}

fn join_default(net: &mut Network, tgw: &str, attachment: &str) {
    if let Some(i) = default_table(net, tgw) {
        let t = &mut net.transit_gateway_route_tables[i];
        t.associations.push(attachment.to_string());
        t.propagations.push(attachment.to_string());
    }
}

/// Attaches `vpc` to transit gateway `tgw` with `subnets` (one per availability zone, T3),
/// associating and propagating the attachment in the gateway's default route table. Returns
/// the attachment's id.
pub fn attach_vpc(
    design: &mut Design,
    tgw: &str,
    vpc: &str,
    subnets: &[String],
) -> Result<String, TransitError> {
    let net = &design.network;
    has_tgw(net, tgw)?;
    if net.vpc(vpc).is_none() {
        return err(msg!("policy-no-vpc", "there is no VPC `{id}`", id = vpc));
    }
    if let Some(a) = net
        .transit_gateway_attachments
        .iter()
        .find(|a| a.transit_gateway_id == tgw && a.vpc_id.as_deref() == Some(vpc))
    {
        return err(msg!(
            "transit-already-attached",
            "VPC {vpc} is already attached to transit gateway {tgw} by {attachment}",
            vpc,
            tgw,
            attachment = a.id.as_str()
        ));
    }
    if subnets.is_empty() {
        return err(msg!(
            "transit-no-subnets",
            "choose at least one subnet of VPC {vpc}: the transit gateway puts its interfaces there",
            vpc
        ));
    }
    let mut zones: Vec<(String, String)> = Vec::new();
    for s in subnets {
        let Some(subnet) = net.subnet(s) else {
            return err(msg!(
                "policy-no-subnet",
                "there is no subnet `{id}`",
                id = s.as_str()
            ));
        };
        if subnet.vpc_id != vpc {
            return err(msg!(
                "transit-subnet-other-vpc",
                "subnet {subnet} is in VPC {other}, not in {vpc}",
                subnet = s.as_str(),
                other = subnet.vpc_id.as_str(),
                vpc
            ));
        }
        if let Some((_, first)) = zones.iter().find(|(z, _)| *z == subnet.availability_zone) {
            return err(msg!(
                "transit-two-subnets-one-zone",
                "subnets {first} and {second} are both in {zone}: an attachment has one subnet per availability zone",
                first = first.as_str(),
                second = s.as_str(),
                zone = subnet.availability_zone.as_str()
            ));
        }
        zones.push((subnet.availability_zone.clone(), s.clone()));
    }
    let net = &mut design.network;
    let id = fresh_id(net, "tgw-attach");
    let name = net
        .vpc(vpc)
        .map(|v| {
            if v.name.is_empty() {
                v.id.clone()
            } else {
                v.name.clone()
            }
        })
        .unwrap_or_default();
    net.transit_gateway_attachments
        .push(TransitGatewayAttachment {
            id: id.clone(),
            name,
            transit_gateway_id: tgw.into(),
            kind: TgwAttachmentKind::Vpc,
            vpc_id: Some(vpc.into()),
            subnet_ids: subnets.to_vec(),
            ..TransitGatewayAttachment::default()
        });
    join_default(net, tgw, &id);
    layout(design);
    Ok(id)
}

/// Where a VPN connection ends on the AWS side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VpnEnd {
    /// A virtual private gateway (`vgw-…`).
    VpnGateway(String),
    /// A transit gateway (`tgw-…`): the connection gets a VPN attachment.
    TransitGateway(String),
}

/// Creates a VPN connection from customer gateway `cgw` to `end` with the on-premises ranges
/// `routes` as static routes (G2); on a transit gateway, also its VPN attachment (T4).
/// Returns the connection's id.
pub fn connect_vpn(
    design: &mut Design,
    cgw: &str,
    end: &VpnEnd,
    routes: &[String],
) -> Result<String, TransitError> {
    let net = &design.network;
    if !net.customer_gateways.iter().any(|c| c.id == cgw) {
        return err(msg!(
            "transit-no-customer-gateway",
            "there is no customer gateway `{id}`",
            id = cgw
        ));
    }
    match end {
        VpnEnd::VpnGateway(g) if !net.vpn_gateways.iter().any(|x| &x.id == g) => {
            return err(msg!(
                "transit-no-vpn-gateway",
                "there is no virtual private gateway `{id}`",
                id = g.as_str()
            ));
        }
        VpnEnd::TransitGateway(t) => has_tgw(net, t)?,
        _ => {}
    }
    for r in routes {
        if let Err(e) = Cidr::parse(r) {
            let e = e.to_string();
            return err(msg!(
                "transit-bad-cidr",
                "{value} is not an IPv4 CIDR ({e})",
                value = r.as_str(),
                e
            ));
        }
    }
    let net = &mut design.network;
    let id = fresh_id(net, "vpn");
    let name = numbered(net.vpn_connections.iter().map(|v| v.name.clone()), "vpn");
    let (vgw, tgw) = match end {
        VpnEnd::VpnGateway(g) => (Some(g.clone()), None),
        VpnEnd::TransitGateway(t) => (None, Some(t.clone())),
    };
    net.vpn_connections.push(VpnConnection {
        id: id.clone(),
        name: name.clone(),
        customer_gateway_id: cgw.into(),
        vpn_gateway_id: vgw,
        transit_gateway_id: tgw.clone(),
        routes: routes.to_vec(),
        state: VpnState::Available,
    });
    if let Some(t) = tgw {
        let attach = fresh_id(net, "tgw-attach");
        net.transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: attach.clone(),
                name,
                transit_gateway_id: t.clone(),
                kind: TgwAttachmentKind::Vpn,
                vpn_connection_id: Some(id.clone()),
                remote_cidrs: routes.to_vec(),
                ..TransitGatewayAttachment::default()
            });
        join_default(net, &t, &attach);
    }
    layout(design);
    Ok(id)
}

/// An edit of a transit gateway route table, as its list view makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TgwTableOp {
    /// A static route to `attachment`, or a blackhole route when it is `None` (T7, T8).
    AddRoute {
        table: String,
        cidr: String,
        attachment: Option<String>,
    },
    /// Removes the static route at `index` (propagated routes follow their propagation).
    RemoveRoute { table: String, index: usize },
    /// Associates `attachment` with `table`, or ends the association (T5).
    Associate {
        table: String,
        attachment: String,
        on: bool,
    },
    /// Turns propagation of `attachment`'s routes into `table` on or off (T6).
    Propagate {
        table: String,
        attachment: String,
        on: bool,
    },
}

/// Applies a transit gateway route-table edit, or says why AWS would refuse it.
pub fn apply_table_op(design: &mut Design, op: &TgwTableOp) -> Result<(), TransitError> {
    let net = &design.network;
    let attachment_of = |table: &TransitGatewayRouteTable, a: &str| match net
        .transit_gateway_attachments
        .iter()
        .find(|x| x.id == a)
    {
        None => err(msg!(
            "transit-no-attachment",
            "there is no transit gateway attachment `{id}`",
            id = a
        )),
        Some(x) if x.transit_gateway_id != table.transit_gateway_id => err(msg!(
            "transit-attachment-other-gateway",
            "attachment {attachment} belongs to transit gateway {other}, not to {tgw}",
            attachment = a,
            other = x.transit_gateway_id.as_str(),
            tgw = table.transit_gateway_id.as_str()
        )),
        Some(_) => Ok(()),
    };
    let index = |id: &str| {
        net.transit_gateway_route_tables
            .iter()
            .position(|t| t.id == id)
    };
    match op {
        TgwTableOp::AddRoute {
            table,
            cidr,
            attachment,
        } => {
            let t = tgw_table(net, table)?;
            let c = match Cidr::parse(cidr) {
                Ok(c) => c,
                Err(e) => {
                    let e = e.to_string();
                    return err(msg!(
                        "transit-bad-cidr",
                        "{value} is not an IPv4 CIDR ({e})",
                        value = cidr.as_str(),
                        e
                    ));
                }
            };
            if let Some(a) = attachment {
                attachment_of(t, a)?;
            }
            let canonical = c.to_string();
            if t.routes.iter().any(|r| {
                r.origin == TgwRouteOrigin::Static
                    && Cidr::parse(&r.destination).is_ok_and(|d| d == c)
            }) {
                return err(msg!(
                    "transit-route-exists",
                    "route table {table} already has a static route for {cidr}",
                    table = table.as_str(),
                    cidr = canonical.as_str()
                ));
            }
            let i = index(table).unwrap_or_default();
            design.network.transit_gateway_route_tables[i]
                .routes
                .push(TgwRoute {
                    destination: canonical,
                    attachment: attachment.clone(),
                    blackhole: attachment.is_none(),
                    origin: TgwRouteOrigin::Static,
                });
        }
        TgwTableOp::RemoveRoute { table, index: at } => {
            let t = tgw_table(net, table)?;
            match t.routes.get(*at) {
                Some(r) if r.origin == TgwRouteOrigin::Static => {}
                Some(r) => {
                    return err(msg!(
                        "transit-route-propagated",
                        "the route for {cidr} is propagated: turn off the attachment's propagation instead",
                        cidr = r.destination.as_str()
                    ))
                }
                None => {
                    let at = at.to_string();
                    return err(msg!(
                        "transit-no-route",
                        "route table {table} has no route #{index}",
                        table = table.as_str(),
                        index = at.as_str()
                    ));
                }
            }
            let i = index(table).unwrap_or_default();
            design.network.transit_gateway_route_tables[i]
                .routes
                .remove(*at);
        }
        TgwTableOp::Associate {
            table,
            attachment,
            on,
        } => {
            let t = tgw_table(net, table)?;
            attachment_of(t, attachment)?;
            if *on {
                // An attachment is associated with at most one route table (T5).
                if let Some(other) = net
                    .transit_gateway_route_tables
                    .iter()
                    .find(|o| o.id != *table && o.associations.contains(attachment))
                {
                    return err(msg!(
                        "transit-associated-elsewhere",
                        "attachment {attachment} is associated with {other}: an attachment has one route table, end that association first",
                        attachment = attachment.as_str(),
                        other = other.id.as_str()
                    ));
                }
            }
            let i = index(table).unwrap_or_default();
            let list = &mut design.network.transit_gateway_route_tables[i].associations;
            list.retain(|a| a != attachment);
            if *on {
                list.push(attachment.clone());
            }
        }
        TgwTableOp::Propagate {
            table,
            attachment,
            on,
        } => {
            let t = tgw_table(net, table)?;
            attachment_of(t, attachment)?;
            let i = index(table).unwrap_or_default();
            let list = &mut design.network.transit_gateway_route_tables[i].propagations;
            list.retain(|a| a != attachment);
            if *on {
                list.push(attachment.clone());
            }
        }
    }
    Ok(())
}

/// The IPv6 block a subnet of `vpc` would get next: the first /64 of the VPC's IPv6 blocks
/// that no subnet uses (X1), for the properties panel's suggestion.
pub fn next_free_ipv6_subnet(net: &Network, vpc: &str) -> Option<String> {
    super::cidr6::next_free_subnet_64(net, vpc)
}

#[cfg(test)]
mod tests;
