//! Terraform resources of transit gateways and customer-managed prefix lists → the model
//! (docs/SEMANTICS.md#t1 … #t9; docs/TERRAFORM.md): `aws_ec2_transit_gateway` (with its
//! default route table), `aws_ec2_transit_gateway_vpc_attachment`,
//! `aws_ec2_transit_gateway_peering_attachment`, `aws_ec2_transit_gateway_route_table`,
//! `aws_ec2_transit_gateway_route_table_association`,
//! `aws_ec2_transit_gateway_route_table_propagation`, `aws_ec2_transit_gateway_route`,
//! `aws_ec2_managed_prefix_list`, and Site-to-Site VPN (docs/SEMANTICS.md#g1 … #g3):
//! `aws_vpn_gateway`, `aws_vpn_gateway_attachment`, `aws_customer_gateway`,
//! `aws_vpn_connection` (on a virtual private or a transit gateway), `aws_vpn_connection_route`,
//! `aws_vpn_gateway_route_propagation` and `propagating_vgws` of `aws_route_table`.
//!
//! The provider's defaults apply: a gateway gets a default route table unless both
//! `default_route_table_association` and `default_route_table_propagation` are `disable`, and
//! a VPC attachment is associated with it and propagates into it unless its
//! `transit_gateway_default_route_table_association` / `_propagation` are `false`.

use super::*;

/// The implicit default route table of a gateway (`aws_ec2_transit_gateway.x:default_route_table`,
/// what `association_default_route_table_id` evaluates to).
fn default_table(tgw: &str) -> String {
    format!("{tgw}:default_route_table")
}

pub(super) fn build_transit(b: &mut Builder, rs: &[Resource]) {
    let mut defaults: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for r in rs.iter().filter(|r| r.kind == "aws_ec2_transit_gateway") {
        let enabled = |k: &str| text(&r.values, k).as_deref() != Some("disable");
        let assoc = enabled("default_route_table_association");
        let prop = enabled("default_route_table_propagation");
        b.net.transit_gateways.push(TransitGateway {
            id: r.address.clone(),
            name: name_tag(r),
        });
        if assoc || prop {
            b.net
                .transit_gateway_route_tables
                .push(TransitGatewayRouteTable {
                    id: default_table(&r.address),
                    name: "default".into(),
                    transit_gateway_id: r.address.clone(),
                    ..TransitGatewayRouteTable::default()
                });
            b.provenance.insert(default_table(&r.address), r.at.clone());
        }
        defaults.insert(r.address.clone(), (assoc, prop));
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_route_table")
    {
        let Some(tgw) = text(&r.values, "transit_gateway_id") else {
            b.warn(r, "needs `transit_gateway_id`; ignored".into());
            continue;
        };
        b.net
            .transit_gateway_route_tables
            .push(TransitGatewayRouteTable {
                id: r.address.clone(),
                name: name_tag(r),
                transit_gateway_id: tgw,
                ..TransitGatewayRouteTable::default()
            });
    }
    let mut implicit: Vec<(String, String, bool, bool)> = Vec::new();
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_vpc_attachment")
    {
        let (Some(tgw), Some(vpc)) = (
            text(&r.values, "transit_gateway_id"),
            text(&r.values, "vpc_id"),
        ) else {
            b.warn(r, "needs `transit_gateway_id` and `vpc_id`; ignored".into());
            continue;
        };
        let appliance = text(&r.values, "appliance_mode_support").as_deref() == Some("enable");
        let (assoc, prop) = defaults.get(&tgw).copied().unwrap_or((false, false));
        implicit.push((
            r.address.clone(),
            tgw.clone(),
            assoc
                && flag(&r.values, "transit_gateway_default_route_table_association")
                    .unwrap_or(true),
            prop && flag(&r.values, "transit_gateway_default_route_table_propagation")
                .unwrap_or(true),
        ));
        b.net
            .transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: r.address.clone(),
                name: name_tag(r),
                transit_gateway_id: tgw,
                kind: TgwAttachmentKind::Vpc,
                vpc_id: Some(vpc),
                subnet_ids: strings(&r.values, "subnet_ids"),
                appliance_mode: appliance,
                ..TransitGatewayAttachment::default()
            });
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_peering_attachment")
    {
        let (Some(tgw), Some(peer)) = (
            text(&r.values, "transit_gateway_id"),
            text(&r.values, "peer_transit_gateway_id"),
        ) else {
            b.warn(
                r,
                "needs `transit_gateway_id` and `peer_transit_gateway_id`; ignored".into(),
            );
            continue;
        };
        b.warn(
            r,
            "the peer accepts the attachment with aws_ec2_transit_gateway_peering_attachment_accepter; it is assumed accepted"
                .into(),
        );
        b.net
            .transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: r.address.clone(),
                name: name_tag(r),
                transit_gateway_id: tgw,
                kind: TgwAttachmentKind::Peering,
                peer_transit_gateway_id: Some(peer),
                ..TransitGatewayAttachment::default()
            });
    }
    let table = |b: &mut Builder, r: &Resource| -> Option<usize> {
        let id = text(&r.values, "transit_gateway_route_table_id");
        let found = id.as_deref().and_then(|id| {
            b.net
                .transit_gateway_route_tables
                .iter()
                .position(|t| t.id == id)
        });
        if found.is_none() {
            b.warn(
                r,
                format!(
                    "`transit_gateway_route_table_id` {} is not a route table of this configuration; ignored",
                    id.unwrap_or_default()
                ),
            );
        }
        found
    };
    for (att, tgw, assoc, prop) in implicit {
        if let Some(t) = b
            .net
            .transit_gateway_route_tables
            .iter_mut()
            .find(|t| t.id == default_table(&tgw))
        {
            if assoc {
                t.associations.push(att.clone());
            }
            if prop {
                t.propagations.push(att);
            }
        }
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_route_table_association")
    {
        let (Some(t), Some(att)) = (
            table(b, r),
            text(&r.values, "transit_gateway_attachment_id"),
        ) else {
            continue;
        };
        // An attachment has one association: an explicit one replaces the default (T5).
        for other in &mut b.net.transit_gateway_route_tables {
            other.associations.retain(|a| *a != att);
        }
        b.net.transit_gateway_route_tables[t].associations.push(att);
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_route_table_propagation")
    {
        let (Some(t), Some(att)) = (
            table(b, r),
            text(&r.values, "transit_gateway_attachment_id"),
        ) else {
            continue;
        };
        let list = &mut b.net.transit_gateway_route_tables[t].propagations;
        if !list.contains(&att) {
            list.push(att);
        }
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_transit_gateway_route")
    {
        let Some(t) = table(b, r) else { continue };
        let Some(destination) = text(&r.values, "destination_cidr_block") else {
            b.warn(r, "needs `destination_cidr_block`; ignored".into());
            continue;
        };
        let blackhole = flag(&r.values, "blackhole").unwrap_or(false);
        let attachment = text(&r.values, "transit_gateway_attachment_id");
        if !blackhole && attachment.is_none() {
            b.warn(
                r,
                "neither `transit_gateway_attachment_id` nor `blackhole = true`; ignored".into(),
            );
            continue;
        }
        b.net.transit_gateway_route_tables[t].routes.push(TgwRoute {
            destination,
            attachment: attachment.filter(|_| !blackhole),
            blackhole,
            origin: TgwRouteOrigin::Static,
        });
    }
    build_vpn(b, rs, &defaults);
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_managed_prefix_list")
    {
        let address_family = match text(&r.values, "address_family").as_deref() {
            None => None,
            Some("IPv4") => Some(AddressFamily::Ipv4),
            Some("IPv6") => Some(AddressFamily::Ipv6),
            Some(other) => {
                b.warn(
                    r,
                    format!("`address_family` {other} is neither IPv4 nor IPv6; the entries' family is used"),
                );
                None
            }
        };
        let max_entries = match int(&r.values, "max_entries") {
            None => None,
            Some(n) if (1..=i64::from(u32::MAX)).contains(&n) => Some(n as u32),
            Some(n) => {
                b.warn(
                    r,
                    format!("`max_entries` {n} is not a positive count; not recorded"),
                );
                None
            }
        };
        let mut cidrs = Vec::new();
        let mut descriptions = BTreeMap::new();
        for e in blocks(&r.values, "entry") {
            let Some(cidr) = text(e, "cidr") else {
                continue;
            };
            if let Some(d) = text(e, "description") {
                descriptions.insert(cidr.clone(), d);
            }
            if !cidrs.contains(&cidr) {
                cidrs.push(cidr);
            }
        }
        b.net.prefix_lists.push(PrefixList {
            id: r.address.clone(),
            name: text(&r.values, "name").unwrap_or_default(),
            cidrs,
            address_family,
            max_entries,
            descriptions,
        });
    }
}

/// Site-to-Site VPN resources (G1–G3; T4 for a connection on a transit gateway).
fn build_vpn(b: &mut Builder, rs: &[Resource], defaults: &BTreeMap<String, (bool, bool)>) {
    for r in rs.iter().filter(|r| r.kind == "aws_vpn_gateway") {
        b.net.vpn_gateways.push(VpnGateway {
            id: r.address.clone(),
            name: name_tag(r),
            attached_vpc: text(&r.values, "vpc_id"),
            propagates_to: Vec::new(),
        });
    }
    for r in rs.iter().filter(|r| r.kind == "aws_vpn_gateway_attachment") {
        let (Some(vgw), Some(vpc)) = (text(&r.values, "vpn_gateway_id"), text(&r.values, "vpc_id"))
        else {
            b.warn(r, "needs `vpn_gateway_id` and `vpc_id`; ignored".into());
            continue;
        };
        match b.net.vpn_gateways.iter_mut().find(|g| g.id == vgw) {
            Some(g) => g.attached_vpc = Some(vpc),
            None => b.warn(
                r,
                format!(
                    "`vpn_gateway_id` {vgw} is not a VPN gateway of this configuration; ignored"
                ),
            ),
        }
    }
    for r in rs.iter().filter(|r| r.kind == "aws_customer_gateway") {
        // The provider takes the ASN as a string or a number; what is not one is named, not
        // silently dropped.
        let bgp_asn = match text(&r.values, "bgp_asn") {
            None => None,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(asn) if (1..=4_294_967_294).contains(&asn) => Some(asn),
                _ => {
                    b.warn(
                        r,
                        format!("`bgp_asn` {raw} is not a BGP ASN (1 to 4294967294); ignored"),
                    );
                    None
                }
            },
        };
        b.net.customer_gateways.push(CustomerGateway {
            id: r.address.clone(),
            name: name_tag(r),
            ip_address: text(&r.values, "ip_address").unwrap_or_default(),
            bgp_asn,
        });
    }
    for r in rs.iter().filter(|r| r.kind == "aws_vpn_connection") {
        let vgw = text(&r.values, "vpn_gateway_id");
        let tgw = text(&r.values, "transit_gateway_id");
        if vgw.is_none() && tgw.is_none() {
            b.warn(
                r,
                "neither `vpn_gateway_id` nor `transit_gateway_id`: the connection ends nowhere the simulator models; ignored".into(),
            );
            continue;
        }
        let mut routes: Vec<String> = rs
            .iter()
            .filter(|x| {
                x.kind == "aws_vpn_connection_route"
                    && text(&x.values, "vpn_connection_id").as_deref() == Some(&r.address)
            })
            .filter_map(|x| text(&x.values, "destination_cidr_block"))
            .collect();
        if let Some(remote) = text(&r.values, "remote_ipv4_network_cidr") {
            if remote != "0.0.0.0/0" && !routes.contains(&remote) {
                routes.push(remote);
            }
        }
        if routes.is_empty() {
            b.warn(
                r,
                "no `aws_vpn_connection_route` and no `remote_ipv4_network_cidr`: the ranges BGP would advertise are unknown, so no office address is routed to this connection".into(),
            );
        }
        if let Some(t) = &tgw {
            // The provider's `transit_gateway_attachment_id`: the attachment AWS creates.
            let att = format!("{}:transit_gateway_attachment", r.address);
            b.net
                .transit_gateway_attachments
                .push(TransitGatewayAttachment {
                    id: att.clone(),
                    name: name_tag(r),
                    transit_gateway_id: t.clone(),
                    kind: TgwAttachmentKind::Vpn,
                    vpn_connection_id: Some(r.address.clone()),
                    remote_cidrs: routes.clone(),
                    ..TransitGatewayAttachment::default()
                });
            let (assoc, prop) = defaults.get(t).copied().unwrap_or((false, false));
            if let Some(table) = b
                .net
                .transit_gateway_route_tables
                .iter_mut()
                .find(|x| x.id == default_table(t))
            {
                if assoc {
                    table.associations.push(att.clone());
                }
                if prop {
                    table.propagations.push(att);
                }
            }
        }
        b.net.vpn_connections.push(VpnConnection {
            id: r.address.clone(),
            name: name_tag(r),
            customer_gateway_id: text(&r.values, "customer_gateway_id").unwrap_or_default(),
            vpn_gateway_id: vgw,
            transit_gateway_id: tgw,
            routes,
            state: VpnState::Available,
        });
    }
    // Route propagation: the standalone resource and `propagating_vgws` of a route table (G3).
    let mut props: Vec<(String, String)> = rs
        .iter()
        .filter(|r| r.kind == "aws_vpn_gateway_route_propagation")
        .filter_map(|r| {
            Some((
                text(&r.values, "vpn_gateway_id")?,
                text(&r.values, "route_table_id")?,
            ))
        })
        .collect();
    for r in rs.iter().filter(|r| r.kind == "aws_route_table") {
        for g in strings(&r.values, "propagating_vgws") {
            props.push((g, r.address.clone()));
        }
    }
    for (g, table) in props {
        let table = b.canon(&table);
        if let Some(v) = b.net.vpn_gateways.iter_mut().find(|x| x.id == g) {
            if !v.propagates_to.contains(&table) {
                v.propagates_to.push(table);
            }
        }
    }
}
