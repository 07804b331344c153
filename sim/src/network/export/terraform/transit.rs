//! Terraform out for what `write.rs` leaves to it: interface endpoints' network side,
//! customer-managed prefix lists, transit gateways and Site-to-Site VPN (docs/TERRAFORM.md,
//! "Terraform out"; docs/SEMANTICS.md#e5, #m1, #t1 … #t9, #g1 … #g3).
//!
//! Resources written: `aws_ec2_managed_prefix_list` (inline `entry` blocks);
//! `aws_ec2_transit_gateway` (with the default route table disabled: every table, association
//! and propagation is written explicitly), `aws_ec2_transit_gateway_vpc_attachment`,
//! `aws_ec2_transit_gateway_route_table`, `_route_table_association`,
//! `_route_table_propagation`, `_route` (static and blackhole routes); `aws_vpn_gateway`
//! (attached through its `vpc_id`), `aws_customer_gateway`, `aws_vpn_connection` (on a
//! virtual private or a transit gateway; a VPN attachment is the connection's
//! `transit_gateway_attachment_id`), `aws_vpn_connection_route`,
//! `aws_vpn_gateway_route_propagation`.
//!
//! **Guarantees**: as `write.rs`'s — total, deterministic, references only to resources
//! written; what Terraform cannot say (a peering attachment across accounts, an attachment
//! or connection that is not available, a propagated route listed without its propagation,
//! the interfaces' addresses) is an [`ExportWarning`] naming the component.

use super::*;

/// Names every resource of this module, before anything is written.
pub(super) fn plan(w: &mut W) {
    let net = w.net;
    let gateway_lists: BTreeSet<&str> = net
        .vpc_endpoints
        .iter()
        .filter(|e| e.endpoint_type == EndpointType::Gateway)
        .filter_map(|e| e.prefix_list_id.as_deref())
        .collect();
    for p in &net.prefix_lists {
        if !gateway_lists.contains(p.id.as_str()) {
            w.plan(
                &p.id,
                "aws_ec2_managed_prefix_list",
                &p.name,
                "prefix_list",
                "id",
            );
        }
    }
    for g in &net.transit_gateways {
        w.plan(&g.id, "aws_ec2_transit_gateway", &g.name, "tgw", "id");
    }
    for a in &net.transit_gateway_attachments {
        if a.kind == TgwAttachmentKind::Vpc {
            w.plan(
                &a.id,
                "aws_ec2_transit_gateway_vpc_attachment",
                &a.name,
                "attachment",
                "id",
            );
        }
    }
    for t in &net.transit_gateway_route_tables {
        w.plan(
            &t.id,
            "aws_ec2_transit_gateway_route_table",
            &t.name,
            "tgw_route_table",
            "id",
        );
    }
    for g in &net.vpn_gateways {
        w.plan(&g.id, "aws_vpn_gateway", &g.name, "vgw", "id");
    }
    for g in &net.customer_gateways {
        w.plan(&g.id, "aws_customer_gateway", &g.name, "cgw", "id");
    }
    for c in &net.vpn_connections {
        w.plan(&c.id, "aws_vpn_connection", &c.name, "vpn", "id");
    }
    // A VPN attachment is created by its connection (the provider's
    // `transit_gateway_attachment_id`).
    for a in &net.transit_gateway_attachments {
        let Some(c) = a
            .vpn_connection_id
            .as_ref()
            .filter(|_| a.kind == TgwAttachmentKind::Vpn)
        else {
            continue;
        };
        if let Some(address) = w.refs.get(c).map(|r| r.import_id.clone()) {
            w.refs.entry(a.id.clone()).or_insert(Ref {
                import_id: format!("{address}:transit_gateway_attachment"),
                expr: format!("{address}.transit_gateway_attachment_id"),
            });
        }
    }
}

/// The network side of an interface endpoint (E5, E6) on its `aws_vpc_endpoint` block.
pub(super) fn interface_endpoint(w: &mut W, e: &VpcEndpoint, b: &mut Block) {
    let Some(spec) = &e.interface else {
        return;
    };
    let subnets: Vec<String> = spec
        .network_interfaces
        .iter()
        .map(|i| i.subnet_id.clone())
        .collect();
    if !subnets.is_empty() {
        let list = w.references(&e.id, &subnets);
        b.push("subnet_ids", list);
    }
    if !spec.security_groups.is_empty() {
        let list = w.references(&e.id, &spec.security_groups);
        b.push("security_group_ids", list);
    }
    if spec.private_dns {
        b.push("private_dns_enabled", Expr::Bool(true));
    }
    if spec
        .network_interfaces
        .iter()
        .any(|i| i.private_ip.is_some())
    {
        w.warn(&e.id, "the addresses of the endpoint's network interfaces are AWS's choice: not written (the importer assumes free addresses of the subnets)".into());
    }
    if !spec.state.is_available() {
        w.warn(&e.id, format!("an endpoint that is {} cannot be declared: written as an endpoint Terraform creates (available)", spec.state.name()));
    }
}

pub(super) fn write(w: &mut W) {
    prefix_lists(w);
    transit_gateways(w);
    vpn(w);
}

fn prefix_lists(w: &mut W) {
    let net = w.net;
    for p in &net.prefix_lists {
        if w.res.get(&p.id).map(|(ty, _)| *ty) != Some("aws_ec2_managed_prefix_list") {
            continue;
        }
        let name = if p.name.is_empty() {
            p.id.clone()
        } else {
            p.name.clone()
        };
        let mut b = w
            .resource(&p.id)
            .attr("name", Expr::str(name))
            .attr(
                "address_family",
                Expr::str(match p.family() {
                    AddressFamily::Ipv4 => "IPv4",
                    AddressFamily::Ipv6 => "IPv6",
                }),
            )
            .attr(
                "max_entries",
                Expr::Num(i64::from(
                    p.max_entries.unwrap_or(p.cidrs.len().max(1) as u32),
                )),
            );
        for c in &p.cidrs {
            let mut entry = Block::new("entry", &[]).attr("cidr", Expr::str(c.clone()));
            if let Some(d) = p.descriptions.get(c) {
                entry = entry.attr("description", Expr::str(d.clone()));
            }
            b = b.block(entry);
        }
        w.network.push(b);
        let uncaptured = net
            .capture
            .as_ref()
            .is_some_and(|c| c.prefix_lists_without_entries.contains(&p.id));
        if uncaptured {
            w.warn(&p.id, "the capture held this prefix list without its entries: written with none, so the configuration says it is empty, not unknown".into());
        }
    }
}

fn transit_gateways(w: &mut W) {
    let net = w.net;
    for g in &net.transit_gateways {
        let b = w
            .resource(&g.id)
            .attr("default_route_table_association", Expr::str("disable"))
            .attr("default_route_table_propagation", Expr::str("disable"))
            .opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
    }
    for a in &net.transit_gateway_attachments {
        match a.kind {
            TgwAttachmentKind::Vpc => {}
            TgwAttachmentKind::Vpn => {
                if !w.refs.contains_key(&a.id) {
                    w.warn(&a.id, format!("a VPN attachment whose connection ({}) is not in the design cannot be declared: not written", a.vpn_connection_id.as_deref().unwrap_or("none")));
                }
                continue;
            }
            TgwAttachmentKind::Peering => {
                w.warn(&a.id, "a transit gateway peering attachment needs the peer's account and region and an accepter: not written".into());
                continue;
            }
        }
        let tgw = w.reference(&a.id, &a.transit_gateway_id);
        let vpc = w.reference(&a.id, a.vpc_id.as_deref().unwrap_or(""));
        let subnets = w.references(&a.id, &a.subnet_ids);
        let mut b = w
            .resource(&a.id)
            .attr("transit_gateway_id", tgw)
            .attr("vpc_id", vpc)
            .attr("subnet_ids", subnets)
            .attr(
                "transit_gateway_default_route_table_association",
                Expr::Bool(false),
            )
            .attr(
                "transit_gateway_default_route_table_propagation",
                Expr::Bool(false),
            );
        if a.appliance_mode {
            b.push("appliance_mode_support", Expr::str("enable"));
        }
        if a.state != TgwAttachmentState::Available {
            w.warn(&a.id, format!("an attachment that is {:?} cannot be declared: written as one Terraform creates (available)", a.state).to_lowercase());
        }
        let b = b.opt("tags", tags(shown(&a.name, &a.id), &[]));
        w.network.push(b);
    }
    for t in &net.transit_gateway_route_tables {
        let tgw = w.reference(&t.id, &t.transit_gateway_id);
        let b = w
            .resource(&t.id)
            .attr("transit_gateway_id", tgw)
            .opt("tags", tags(shown(&t.name, &t.id), &[]));
        w.network.push(b);
        let table = w.name_of(&t.id);
        let link = |w: &mut W, ty: &str, att: &str| {
            let n = w
                .names
                .alloc(ty, &[&format!("{table}_{}", w.name_of(att)), att], "link");
            let a = w.reference(&t.id, att);
            let r = w.reference(&t.id, &t.id);
            Block::new("resource", &[ty, &n])
                .attr("transit_gateway_attachment_id", a)
                .attr("transit_gateway_route_table_id", r)
        };
        for att in &t.associations {
            let b = link(w, "aws_ec2_transit_gateway_route_table_association", att);
            w.network.push(b);
        }
        for att in &t.propagations {
            let b = link(w, "aws_ec2_transit_gateway_route_table_propagation", att);
            w.network.push(b);
        }
        for (k, r) in t.routes.iter().enumerate() {
            if r.origin == TgwRouteOrigin::Propagated {
                let propagated = r
                    .attachment
                    .as_ref()
                    .is_some_and(|a| t.propagations.contains(a));
                if !propagated {
                    w.warn(&t.id, format!("the propagated route to {} is listed without its attachment's propagation: Terraform declares propagations, not their routes, so it is not written", r.destination));
                }
                continue;
            }
            let n = w.names.alloc(
                "aws_ec2_transit_gateway_route",
                &[&format!("{table}_{}", k + 1)],
                "tgw_route",
            );
            let table_ref = w.reference(&t.id, &t.id);
            let mut b = Block::new("resource", &["aws_ec2_transit_gateway_route", &n])
                .attr("destination_cidr_block", Expr::str(r.destination.clone()))
                .attr("transit_gateway_route_table_id", table_ref);
            match (&r.attachment, r.blackhole) {
                (Some(a), false) => {
                    let a = w.reference(&t.id, a);
                    b.push("transit_gateway_attachment_id", a);
                }
                _ => b.push("blackhole", Expr::Bool(true)),
            }
            w.network.push(b);
        }
    }
}

fn vpn(w: &mut W) {
    let net = w.net;
    for g in &net.vpn_gateways {
        let mut b = w.resource(&g.id);
        if let Some(v) = &g.attached_vpc {
            let vpc = w.reference(&g.id, v);
            b.push("vpc_id", vpc);
        }
        let b = b.opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
        let vgw = w.name_of(&g.id);
        for t in &g.propagates_to {
            let n = w.names.alloc(
                "aws_vpn_gateway_route_propagation",
                &[&format!("{vgw}_{}", w.name_of(t)), t],
                "propagation",
            );
            let gw = w.reference(&g.id, &g.id);
            let table = w.reference(&g.id, t);
            w.network.push(
                Block::new("resource", &["aws_vpn_gateway_route_propagation", &n])
                    .attr("vpn_gateway_id", gw)
                    .attr("route_table_id", table),
            );
        }
    }
    for g in &net.customer_gateways {
        let b = w
            .resource(&g.id)
            .attr("bgp_asn", Expr::Num(i64::from(g.bgp_asn.unwrap_or(65000))))
            .attr("ip_address", Expr::str(g.ip_address.clone()))
            .attr("type", Expr::str("ipsec.1"))
            .opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
        if g.bgp_asn.is_none() {
            w.warn(
                &g.id,
                "the customer gateway's BGP ASN is not in the design: written as 65000".into(),
            );
        }
    }
    for c in &net.vpn_connections {
        let cgw = w.reference(&c.id, &c.customer_gateway_id);
        let mut b = w
            .resource(&c.id)
            .attr("customer_gateway_id", cgw)
            .attr("type", Expr::str("ipsec.1"))
            .attr("static_routes_only", Expr::Bool(true));
        let mut routes = c.routes.clone();
        match (&c.vpn_gateway_id, &c.transit_gateway_id) {
            (Some(g), _) => {
                let g = w.reference(&c.id, g);
                b.push("vpn_gateway_id", g);
            }
            (None, Some(t)) => {
                let t = w.reference(&c.id, t);
                b.push("transit_gateway_id", t);
                for a in net
                    .transit_gateway_attachments
                    .iter()
                    .filter(|a| a.vpn_connection_id.as_deref() == Some(c.id.as_str()))
                {
                    for r in &a.remote_cidrs {
                        if !routes.contains(r) {
                            routes.push(r.clone());
                        }
                    }
                }
                if !routes.is_empty() {
                    w.warn(&c.id, "AWS routes a transit gateway VPN by the gateway's route tables, not by connection routes: the on-premises ranges are written as aws_vpn_connection_route so the importer knows them".into());
                }
            }
            (None, None) => w.warn(
                &c.id,
                "a VPN connection on neither a virtual private nor a transit gateway: written without one, which Terraform refuses".into(),
            ),
        }
        if c.state != VpnState::Available {
            w.warn(&c.id, format!("a VPN connection that is {:?} cannot be declared: written as one Terraform creates (available)", c.state).to_lowercase());
        }
        let b = b.opt("tags", tags(shown(&c.name, &c.id), &[]));
        w.network.push(b);
        let vpn = w.name_of(&c.id);
        for (k, r) in routes.iter().enumerate() {
            let n = w.names.alloc(
                "aws_vpn_connection_route",
                &[&format!("{vpn}_{}", k + 1)],
                "vpn_route",
            );
            let conn = w.reference(&c.id, &c.id);
            w.network.push(
                Block::new("resource", &["aws_vpn_connection_route", &n])
                    .attr("destination_cidr_block", Expr::str(r.clone()))
                    .attr("vpn_connection_id", conn),
            );
        }
    }
}
