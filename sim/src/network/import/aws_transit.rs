//! AWS CLI output for transit gateways, Site-to-Site VPN connections and customer-managed
//! prefix lists → the transit parts of a [`Network`] (docs/SEMANTICS.md#t1 … #t13).
//!
//! Kept apart from `aws.rs` (which owns VPCs, subnets, instances…) and called from it through
//! two hooks: [`Transit::read`] per file and [`Transit::apply`] once on the converted network.
//!
//! Keys read: `TransitGateways`, `TransitGatewayAttachments` (with `Association`),
//! `TransitGatewayVpcAttachments`, `TransitGatewayRouteTables`, and the per-table calls wrapped
//! with the table they were made for: `TransitGatewayRoutes: [{TransitGatewayRouteTableId,
//! Routes}]` (`Routes` is the `search-transit-gateway-routes` output, or its `Routes` list),
//! `TransitGatewayRouteTableAssociations: [{TransitGatewayRouteTableId, Associations}]`,
//! `TransitGatewayRouteTablePropagations: [{TransitGatewayRouteTableId,
//! TransitGatewayRouteTablePropagations}]`; `VpnConnections` (static routes become the
//! on-premises ranges of the VPN attachment, T4); `ManagedPrefixLists` with
//! `ManagedPrefixListEntries: [{PrefixListId, Entries}]` (prefix lists for security groups
//! and routes). Unknown states and attachment types are errors naming the file and path;
//! what the capture lacks (no association data, a truncated route search) is a diagnostic.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::aws::ImportError;
use crate::network::design::strip_position;
use crate::network::lint::{Diagnostic, Severity};
use crate::network::model::*;

/// The top-level keys this module reads (a file holding only these is not "ignored").
pub(super) const KEYS: &[&str] = &[
    "TransitGateways",
    "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments",
    "TransitGatewayRouteTables",
    "TransitGatewayRoutes",
    "TransitGatewayRouteTableAssociations",
    "TransitGatewayRouteTablePropagations",
    "VpnConnections",
    "VpnGateways",
    "CustomerGateways",
    "ManagedPrefixLists",
    "ManagedPrefixListEntries",
];

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTag {
    key: String,
    value: String,
}

fn name(tags: &[RawTag]) -> String {
    tags.iter()
        .find(|t| t.key == "Name")
        .map(|t| t.value.clone())
        .unwrap_or_default()
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawFile {
    transit_gateways: Vec<RawTgw>,
    transit_gateway_attachments: Vec<RawAttachment>,
    transit_gateway_vpc_attachments: Vec<RawVpcAttachment>,
    transit_gateway_route_tables: Vec<RawRouteTable>,
    transit_gateway_routes: Vec<RawRoutesOf>,
    transit_gateway_route_table_associations: Vec<RawAssociationsOf>,
    transit_gateway_route_table_propagations: Vec<RawPropagationsOf>,
    vpn_connections: Vec<RawVpn>,
    vpn_gateways: Vec<RawVgw>,
    customer_gateways: Vec<RawCgw>,
    /// Only `RouteTableId` and `PropagatingVgws` (the rest is `aws.rs`'s).
    route_tables: Vec<RawRtPropagation>,
    managed_prefix_lists: Vec<RawManagedPrefixList>,
    managed_prefix_list_entries: Vec<RawEntriesOf>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTgw {
    transit_gateway_id: String,
    state: String,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAttachment {
    transit_gateway_attachment_id: String,
    transit_gateway_id: String,
    resource_type: String,
    resource_id: String,
    state: String,
    association: Option<RawAssociation>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default, rename_all = "PascalCase")]
struct RawAssociation {
    transit_gateway_route_table_id: String,
    transit_gateway_attachment_id: String,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVpcAttachment {
    transit_gateway_attachment_id: String,
    transit_gateway_id: String,
    vpc_id: String,
    subnet_ids: Vec<String>,
    state: String,
    options: RawVpcAttachmentOptions,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVpcAttachmentOptions {
    appliance_mode_support: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRouteTable {
    transit_gateway_route_table_id: String,
    transit_gateway_id: String,
    state: String,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRoutesOf {
    transit_gateway_route_table_id: String,
    routes: RawRouteSearch,
}

/// `search-transit-gateway-routes` output, or just its `Routes` list.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum RawRouteSearch {
    List(Vec<RawTgwRoute>),
    Output {
        #[serde(default, rename = "Routes")]
        routes: Vec<RawTgwRoute>,
        #[serde(default, rename = "AdditionalRoutesAvailable")]
        additional_routes_available: bool,
    },
}

impl Default for RawRouteSearch {
    fn default() -> Self {
        RawRouteSearch::List(Vec::new())
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTgwRoute {
    destination_cidr_block: Option<String>,
    prefix_list_id: Option<String>,
    transit_gateway_attachments: Vec<RawRouteAttachment>,
    #[serde(rename = "Type")]
    kind: String,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRouteAttachment {
    transit_gateway_attachment_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAssociationsOf {
    transit_gateway_route_table_id: String,
    associations: Vec<RawAssociation>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPropagationsOf {
    transit_gateway_route_table_id: String,
    transit_gateway_route_table_propagations: Vec<RawAssociation>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVpn {
    vpn_connection_id: String,
    customer_gateway_id: String,
    vpn_gateway_id: Option<String>,
    transit_gateway_id: Option<String>,
    state: String,
    routes: Vec<RawVpnRoute>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVgw {
    vpn_gateway_id: String,
    state: String,
    vpc_attachments: Vec<RawVgwAttachment>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVgwAttachment {
    vpc_id: String,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawCgw {
    customer_gateway_id: String,
    ip_address: String,
    /// A string in the CLI's output (`"65000"`).
    bgp_asn: String,
    state: String,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRtPropagation {
    route_table_id: String,
    propagating_vgws: Vec<RawGatewayRef>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGatewayRef {
    gateway_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVpnRoute {
    destination_cidr_block: String,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawManagedPrefixList {
    prefix_list_id: String,
    prefix_list_name: String,
    address_family: String,
    max_entries: Option<u32>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEntriesOf {
    prefix_list_id: String,
    entries: Vec<RawEntry>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEntry {
    cidr: String,
    description: String,
}

/// A value read from a file, with where it was.
#[derive(Debug)]
struct At<T> {
    file: String,
    path: String,
    value: T,
}

/// Everything read so far, across files.
#[derive(Default, Debug)]
pub(super) struct Transit {
    gateways: Vec<At<RawTgw>>,
    attachments: Vec<At<RawAttachment>>,
    vpc_attachments: Vec<At<RawVpcAttachment>>,
    tables: Vec<At<RawRouteTable>>,
    routes: Vec<At<RawRoutesOf>>,
    associations: Vec<At<RawAssociationsOf>>,
    propagations: Vec<At<RawPropagationsOf>>,
    vpns: Vec<At<RawVpn>>,
    vgws: Vec<At<RawVgw>>,
    cgws: Vec<At<RawCgw>>,
    propagating: Vec<At<RawRtPropagation>>,
    prefix_lists: Vec<At<RawManagedPrefixList>>,
    entries: Vec<At<RawEntriesOf>>,
}

fn tag_all<T>(file: &str, key: &str, items: Vec<T>, into: &mut Vec<At<T>>) {
    for (i, value) in items.into_iter().enumerate() {
        into.push(At {
            file: file.into(),
            path: format!("{key}[{i}]"),
            value,
        });
    }
}

fn invalid(file: &str, path: String, message: String) -> ImportError {
    ImportError::Invalid {
        file: file.into(),
        path,
        message,
    }
}

/// `State` of a transit gateway attachment (T2); an unknown value is an error.
fn attachment_state(file: &str, path: &str, s: &str) -> Result<TgwAttachmentState, ImportError> {
    use TgwAttachmentState as S;
    Ok(match s {
        "" | "available" => S::Available,
        "initiating" | "initiatingRequest" => S::Initiating,
        "pendingAcceptance" | "pending-acceptance" => S::PendingAcceptance,
        "pending" => S::Pending,
        "modifying" => S::Modifying,
        "rollingBack" | "deleting" => S::Deleting,
        "deleted" => S::Deleted,
        "failing" | "failed" => S::Failed,
        "rejecting" | "rejected" => S::Rejected,
        other => {
            return Err(invalid(
                file,
                format!("{path}.State"),
                format!("unknown transit gateway attachment state `{other}` (expected available, pending, pendingAcceptance, modifying, deleting, deleted, failed, rejected, …)"),
            ))
        }
    })
}

impl Transit {
    /// Reads the transit keys of one file (the other keys are `aws.rs`'s).
    pub(super) fn read(&mut self, file: &str, text: &str) -> Result<(), ImportError> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| ImportError::Shape {
            file: file.into(),
            path: crate::json_path::path_at(text, e.line(), e.column()),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        tag_all(
            file,
            "TransitGateways",
            raw.transit_gateways,
            &mut self.gateways,
        );
        tag_all(
            file,
            "TransitGatewayAttachments",
            raw.transit_gateway_attachments,
            &mut self.attachments,
        );
        tag_all(
            file,
            "TransitGatewayVpcAttachments",
            raw.transit_gateway_vpc_attachments,
            &mut self.vpc_attachments,
        );
        tag_all(
            file,
            "TransitGatewayRouteTables",
            raw.transit_gateway_route_tables,
            &mut self.tables,
        );
        tag_all(
            file,
            "TransitGatewayRoutes",
            raw.transit_gateway_routes,
            &mut self.routes,
        );
        tag_all(
            file,
            "TransitGatewayRouteTableAssociations",
            raw.transit_gateway_route_table_associations,
            &mut self.associations,
        );
        tag_all(
            file,
            "TransitGatewayRouteTablePropagations",
            raw.transit_gateway_route_table_propagations,
            &mut self.propagations,
        );
        tag_all(file, "VpnConnections", raw.vpn_connections, &mut self.vpns);
        tag_all(file, "VpnGateways", raw.vpn_gateways, &mut self.vgws);
        tag_all(
            file,
            "CustomerGateways",
            raw.customer_gateways,
            &mut self.cgws,
        );
        tag_all(file, "RouteTables", raw.route_tables, &mut self.propagating);
        tag_all(
            file,
            "ManagedPrefixLists",
            raw.managed_prefix_lists,
            &mut self.prefix_lists,
        );
        tag_all(
            file,
            "ManagedPrefixListEntries",
            raw.managed_prefix_list_entries,
            &mut self.entries,
        );
        Ok(())
    }

    /// The customer-managed prefix lists read (so `aws.rs` does not call them missing).
    pub(super) fn prefix_list_ids(&self) -> Vec<String> {
        self.prefix_lists
            .iter()
            .map(|p| p.value.prefix_list_id.clone())
            .collect()
    }

    /// Adds what was read to the converted network.
    pub(super) fn apply(
        self,
        net: &mut Network,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(), ImportError> {
        let mut seen: BTreeMap<(&'static str, String), String> = BTreeMap::new();
        let mut first = |kind: &'static str, id: &str, file: &str, path: &str| {
            if id.is_empty() {
                return Err(invalid(
                    file,
                    path.into(),
                    format!("missing: every {kind} needs its id"),
                ));
            }
            let here = format!("{file}: {path}");
            match seen.get(&(kind, id.to_string())) {
                Some(prev) => Err(ImportError::Duplicate {
                    file: file.into(),
                    path: path.into(),
                    kind,
                    id: id.into(),
                    first: prev.clone(),
                }),
                None => {
                    seen.insert((kind, id.to_string()), here);
                    Ok(())
                }
            }
        };
        for g in &self.gateways {
            first(
                "transit gateway",
                &g.value.transit_gateway_id,
                &g.file,
                &g.path,
            )?;
            if matches!(g.value.state.as_str(), "deleted" | "deleting") {
                continue;
            }
            net.transit_gateways.push(TransitGateway {
                id: g.value.transit_gateway_id.clone(),
                name: name(&g.value.tags),
            });
        }
        // Attachments: the generic list gives type, resource and association; the VPC list
        // adds subnets and appliance mode. Either may come alone.
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut assoc: Vec<(String, String)> = Vec::new(); // (attachment, table)
        for a in &self.attachments {
            let v = &a.value;
            first(
                "transit gateway attachment",
                &v.transit_gateway_attachment_id,
                &a.file,
                &a.path,
            )?;
            let kind = match v.resource_type.as_str() {
                "vpc" => TgwAttachmentKind::Vpc,
                "vpn" => TgwAttachmentKind::Vpn,
                "peering" | "tgw-peering" => TgwAttachmentKind::Peering,
                other => {
                    diags.push(Diagnostic::new(
                        "IMPORT_UNMODELLED_ATTACHMENT",
                        Severity::Warning,
                        &v.transit_gateway_attachment_id,
                        format!(
                            "{}: {}.ResourceType: attachment {} is of type `{other}`, which the simulator does not model; traffic routed to it is not followed",
                            a.file, a.path, v.transit_gateway_attachment_id
                        ),
                        None,
                    ));
                    continue;
                }
            };
            let state = attachment_state(&a.file, &a.path, &v.state)?;
            if state == TgwAttachmentState::Deleted {
                continue;
            }
            let mut att = TransitGatewayAttachment {
                id: v.transit_gateway_attachment_id.clone(),
                name: name(&v.tags),
                transit_gateway_id: v.transit_gateway_id.clone(),
                kind,
                state,
                ..TransitGatewayAttachment::default()
            };
            match kind {
                TgwAttachmentKind::Vpc => att.vpc_id = Some(v.resource_id.clone()),
                TgwAttachmentKind::Vpn => att.vpn_connection_id = Some(v.resource_id.clone()),
                TgwAttachmentKind::Peering => {
                    att.peer_transit_gateway_id = Some(v.resource_id.clone())
                }
            }
            if let Some(x) = &v.association {
                if x.state == "associated" {
                    assoc.push((att.id.clone(), x.transit_gateway_route_table_id.clone()));
                }
            }
            index.insert(att.id.clone(), net.transit_gateway_attachments.len());
            net.transit_gateway_attachments.push(att);
        }
        let mut vpc_seen: BTreeMap<String, String> = BTreeMap::new();
        for a in &self.vpc_attachments {
            let v = &a.value;
            let here = format!("{}: {}", a.file, a.path);
            if let Some(prev) = vpc_seen.insert(v.transit_gateway_attachment_id.clone(), here) {
                return Err(ImportError::Duplicate {
                    file: a.file.clone(),
                    path: a.path.clone(),
                    kind: "transit gateway VPC attachment",
                    id: v.transit_gateway_attachment_id.clone(),
                    first: prev,
                });
            }
            let state = attachment_state(&a.file, &a.path, &v.state)?;
            if state == TgwAttachmentState::Deleted {
                continue;
            }
            let appliance_mode = match v.options.appliance_mode_support.as_str() {
                "enable" => true,
                "" | "disable" => false,
                other => {
                    return Err(invalid(
                        &a.file,
                        format!("{}.Options.ApplianceModeSupport", a.path),
                        format!("unknown value `{other}` (expected enable or disable)"),
                    ))
                }
            };
            let k = match index.get(&v.transit_gateway_attachment_id) {
                Some(&k) => k,
                None => {
                    index.insert(
                        v.transit_gateway_attachment_id.clone(),
                        net.transit_gateway_attachments.len(),
                    );
                    net.transit_gateway_attachments
                        .push(TransitGatewayAttachment {
                            id: v.transit_gateway_attachment_id.clone(),
                            name: name(&v.tags),
                            transit_gateway_id: v.transit_gateway_id.clone(),
                            kind: TgwAttachmentKind::Vpc,
                            state,
                            ..TransitGatewayAttachment::default()
                        });
                    net.transit_gateway_attachments.len() - 1
                }
            };
            let att = &mut net.transit_gateway_attachments[k];
            att.vpc_id = Some(v.vpc_id.clone());
            att.subnet_ids = v.subnet_ids.clone();
            att.appliance_mode = appliance_mode;
        }
        // Route tables, with their associations and propagations.
        let mut table_ix: BTreeMap<String, usize> = BTreeMap::new();
        for t in &self.tables {
            let v = &t.value;
            first(
                "transit gateway route table",
                &v.transit_gateway_route_table_id,
                &t.file,
                &t.path,
            )?;
            if matches!(v.state.as_str(), "deleted" | "deleting") {
                continue;
            }
            table_ix.insert(
                v.transit_gateway_route_table_id.clone(),
                net.transit_gateway_route_tables.len(),
            );
            net.transit_gateway_route_tables
                .push(TransitGatewayRouteTable {
                    id: v.transit_gateway_route_table_id.clone(),
                    name: name(&v.tags),
                    transit_gateway_id: v.transit_gateway_id.clone(),
                    ..TransitGatewayRouteTable::default()
                });
        }
        let table_of = |id: &str, file: &str, path: &str, diags: &mut Vec<Diagnostic>| {
            let found = table_ix.get(id).copied();
            if found.is_none() {
                diags.push(Diagnostic::new(
                    "IMPORT_UNKNOWN_TGW_ROUTE_TABLE",
                    Severity::Warning,
                    id,
                    format!("{file}: {path}.TransitGatewayRouteTableId: route table {id} is not in TransitGatewayRouteTables (not in the capture), so this data was skipped"),
                    None,
                ));
            }
            found
        };
        for a in &self.associations {
            let v = &a.value;
            for x in &v.associations {
                if x.state == "associated" || x.state.is_empty() {
                    assoc.push((
                        x.transit_gateway_attachment_id.clone(),
                        v.transit_gateway_route_table_id.clone(),
                    ));
                }
            }
            table_of(&v.transit_gateway_route_table_id, &a.file, &a.path, diags);
        }
        for (att, table) in assoc {
            if let Some(&t) = table_ix.get(&table) {
                let list = &mut net.transit_gateway_route_tables[t].associations;
                if !list.contains(&att) {
                    list.push(att);
                }
            }
        }
        for p in &self.propagations {
            let v = &p.value;
            let Some(t) = table_of(&v.transit_gateway_route_table_id, &p.file, &p.path, diags)
            else {
                continue;
            };
            for x in &v.transit_gateway_route_table_propagations {
                if x.state == "enabled" || x.state.is_empty() {
                    let list = &mut net.transit_gateway_route_tables[t].propagations;
                    if !list.contains(&x.transit_gateway_attachment_id) {
                        list.push(x.transit_gateway_attachment_id.clone());
                    }
                }
            }
        }
        if !self.tables.is_empty() && self.associations.is_empty() && self.attachments.is_empty() {
            diags.push(Diagnostic::new(
                "IMPORT_TGW_ASSOCIATIONS_MISSING",
                Severity::Warning,
                "TransitGatewayRouteTables",
                "the capture has transit gateway route tables but neither TransitGatewayAttachments nor TransitGatewayRouteTableAssociations, so no attachment is associated and transit traffic is reported as unassociated (not in the capture)".to_string(),
                None,
            ));
        }
        for r in &self.routes {
            let v = &r.value;
            let Some(t) = table_of(&v.transit_gateway_route_table_id, &r.file, &r.path, diags)
            else {
                continue;
            };
            let (list, more) = match &v.routes {
                RawRouteSearch::List(l) => (l, false),
                RawRouteSearch::Output {
                    routes,
                    additional_routes_available,
                } => (routes, *additional_routes_available),
            };
            if more {
                diags.push(Diagnostic::new(
                    "IMPORT_TGW_ROUTES_TRUNCATED",
                    Severity::Warning,
                    &v.transit_gateway_route_table_id,
                    format!("{}: {}.Routes: AdditionalRoutesAvailable is true, so transit gateway route table {} has more routes than the capture holds; verdicts rest on the routes listed", r.file, r.path, v.transit_gateway_route_table_id),
                    None,
                ));
            }
            for (i, route) in list.iter().enumerate() {
                let path = format!("{}.Routes[{i}]", r.path);
                let origin = match route.kind.as_str() {
                    "" | "static" => TgwRouteOrigin::Static,
                    "propagated" => TgwRouteOrigin::Propagated,
                    other => {
                        return Err(invalid(
                            &r.file,
                            format!("{path}.Type"),
                            format!("unknown route type `{other}` (expected static or propagated)"),
                        ))
                    }
                };
                let blackhole = match route.state.as_str() {
                    "" | "active" | "pending" => false,
                    "blackhole" => true,
                    "deleting" | "deleted" => continue,
                    other => {
                        return Err(invalid(
                            &r.file,
                            format!("{path}.State"),
                            format!("unknown route state `{other}` (expected active, blackhole, pending, deleting or deleted)"),
                        ))
                    }
                };
                let Some(destination) = route.destination_cidr_block.clone() else {
                    diags.push(Diagnostic::new(
                        "IMPORT_TGW_PREFIX_LIST_ROUTE",
                        Severity::Warning,
                        &v.transit_gateway_route_table_id,
                        format!(
                            "{}: {path}: a route to prefix list {} is not modelled in transit gateway route tables; it was skipped",
                            r.file,
                            route.prefix_list_id.as_deref().unwrap_or("?")
                        ),
                        None,
                    ));
                    continue;
                };
                if route.transit_gateway_attachments.len() > 1 {
                    diags.push(Diagnostic::new(
                        "IMPORT_TGW_ECMP_ASSUMED_FIRST",
                        Severity::Info,
                        &v.transit_gateway_route_table_id,
                        format!("{}: {path}: {destination} has several attachments (equal-cost paths); the simulator follows the first (assumed)", r.file),
                        None,
                    ));
                }
                let attachment = route
                    .transit_gateway_attachments
                    .first()
                    .map(|a| a.transit_gateway_attachment_id.clone());
                net.transit_gateway_route_tables[t].routes.push(TgwRoute {
                    destination,
                    attachment,
                    blackhole,
                    origin,
                });
            }
        }
        // Virtual private gateways (G1), with the route tables that propagate them (G3).
        for g in &self.vgws {
            let v = &g.value;
            first("VPN gateway", &v.vpn_gateway_id, &g.file, &g.path)?;
            if matches!(v.state.as_str(), "deleted" | "deleting") {
                continue;
            }
            let attached_vpc = v
                .vpc_attachments
                .iter()
                .find(|a| a.state == "attached")
                .map(|a| a.vpc_id.clone());
            let propagates_to = self
                .propagating
                .iter()
                .filter(|t| {
                    t.value
                        .propagating_vgws
                        .iter()
                        .any(|x| x.gateway_id == v.vpn_gateway_id)
                })
                .map(|t| t.value.route_table_id.clone())
                .collect();
            net.vpn_gateways.push(VpnGateway {
                id: v.vpn_gateway_id.clone(),
                name: name(&v.tags),
                attached_vpc,
                propagates_to,
            });
        }
        for g in &self.cgws {
            let v = &g.value;
            first("customer gateway", &v.customer_gateway_id, &g.file, &g.path)?;
            if matches!(v.state.as_str(), "deleted" | "deleting") {
                continue;
            }
            let asn = v.bgp_asn.trim();
            let bgp_asn = if asn.is_empty() {
                None
            } else {
                match asn.parse::<u32>() {
                    Ok(n) if (1..=4_294_967_294).contains(&n) => Some(n),
                    _ => {
                        return Err(invalid(
                            &g.file,
                            format!("{}.BgpAsn", g.path),
                            format!(
                                "`{asn}` is not a BGP ASN (a whole number from 1 to 4294967294)"
                            ),
                        ))
                    }
                }
            };
            net.customer_gateways.push(CustomerGateway {
                id: v.customer_gateway_id.clone(),
                name: name(&v.tags),
                ip_address: v.ip_address.clone(),
                bgp_asn,
            });
        }
        // VPN connections: their static routes are the on-premises ranges (on a transit
        // gateway, of its VPN attachment); ranges learnt over BGP show up as propagated routes
        // (T4, T6, G2).
        for v in &self.vpns {
            let c = &v.value;
            first("VPN connection", &c.vpn_connection_id, &v.file, &v.path)?;
            let state = match c.state.as_str() {
                "" | "available" => VpnState::Available,
                "pending" => VpnState::Pending,
                "deleting" => VpnState::Deleting,
                "deleted" => VpnState::Deleted,
                other => {
                    return Err(invalid(
                        &v.file,
                        format!("{}.State", v.path),
                        format!("unknown VPN connection state `{other}` (expected pending, available, deleting or deleted)"),
                    ))
                }
            };
            let ranges: Vec<String> = c
                .routes
                .iter()
                .filter(|r| !matches!(r.state.as_str(), "deleted" | "deleting"))
                .map(|r| r.destination_cidr_block.clone())
                .collect();
            let down = matches!(c.state.as_str(), "deleted" | "deleting");
            for att in net
                .transit_gateway_attachments
                .iter_mut()
                .filter(|a| a.vpn_connection_id.as_deref() == Some(c.vpn_connection_id.as_str()))
            {
                for r in &ranges {
                    if !att.remote_cidrs.contains(r) {
                        att.remote_cidrs.push(r.clone());
                    }
                }
                if down {
                    att.state = TgwAttachmentState::Deleted;
                }
            }
            if state != VpnState::Deleted {
                net.vpn_connections.push(VpnConnection {
                    id: c.vpn_connection_id.clone(),
                    name: name(&c.tags),
                    customer_gateway_id: c.customer_gateway_id.clone(),
                    vpn_gateway_id: c.vpn_gateway_id.clone(),
                    transit_gateway_id: c.transit_gateway_id.clone(),
                    routes: ranges,
                    state,
                });
            }
            if c.vpn_gateway_id.is_some() && c.routes.is_empty() {
                diags.push(Diagnostic::new(
                    "IMPORT_VPN_BGP_RANGES_ASSUMED_ABSENT",
                    Severity::Info,
                    &c.vpn_connection_id,
                    format!("{}: {}: VPN connection {} lists no static routes; the ranges its BGP session advertises are not in describe-vpn-connections, so the office is reached only through the propagated routes the captured route tables list (not in the capture)", v.file, v.path, c.vpn_connection_id),
                    None,
                ));
            }
        }
        let learnt: Vec<(String, String)> = net
            .transit_gateway_route_tables
            .iter()
            .flat_map(|t| t.routes.iter())
            .filter(|r| r.origin == TgwRouteOrigin::Propagated)
            .filter_map(|r| Some((r.attachment.clone()?, r.destination.clone())))
            .collect();
        for (att, cidr) in learnt {
            if let Some(a) = net
                .transit_gateway_attachments
                .iter_mut()
                .find(|a| a.id == att && a.kind == TgwAttachmentKind::Vpn)
            {
                if !a.remote_cidrs.contains(&cidr) {
                    a.remote_cidrs.push(cidr);
                }
            }
        }
        // Customer-managed prefix lists, IPv4 and IPv6 (M1, X8), with their entries' descriptions.
        let mut entries: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut descriptions: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
        for e in &self.entries {
            let id = e.value.prefix_list_id.as_str();
            entries
                .entry(id)
                .or_default()
                .extend(e.value.entries.iter().map(|x| x.cidr.clone()));
            for x in e.value.entries.iter().filter(|x| !x.description.is_empty()) {
                descriptions
                    .entry(id)
                    .or_default()
                    .insert(x.cidr.clone(), x.description.clone());
            }
        }
        for p in &self.prefix_lists {
            let v = &p.value;
            first("managed prefix list", &v.prefix_list_id, &p.file, &p.path)?;
            let address_family = match v.address_family.as_str() {
                "" => None,
                "IPv4" => Some(AddressFamily::Ipv4),
                "IPv6" => Some(AddressFamily::Ipv6),
                other => {
                    return Err(invalid(
                        &p.file,
                        format!("{}.AddressFamily", p.path),
                        format!("unknown address family `{other}` (expected IPv4 or IPv6)"),
                    ))
                }
            };
            let cidrs = entries.get(v.prefix_list_id.as_str()).cloned();
            if cidrs.is_none() {
                diags.push(Diagnostic::new(
                    "IMPORT_PREFIX_LIST_ENTRIES_MISSING",
                    Severity::Warning,
                    &v.prefix_list_id,
                    format!("{}: {}: prefix list {} has no ManagedPrefixListEntries in the capture, so it matches nothing; verdicts that rest on it say so", p.file, p.path, v.prefix_list_id),
                    None,
                ));
                if let Some(c) = net.capture.as_mut() {
                    c.prefix_lists_without_entries
                        .push(v.prefix_list_id.clone());
                }
            }
            match net
                .prefix_lists
                .iter_mut()
                .find(|x| x.id == v.prefix_list_id)
            {
                Some(existing) => {
                    for c in cidrs.unwrap_or_default() {
                        if !existing.cidrs.contains(&c) {
                            existing.cidrs.push(c);
                        }
                    }
                    existing.address_family = existing.address_family.or(address_family);
                    existing.max_entries = existing.max_entries.or(v.max_entries);
                    if let Some(d) = descriptions.get(v.prefix_list_id.as_str()) {
                        existing.descriptions.extend(d.clone());
                    }
                }
                None => net.prefix_lists.push(PrefixList {
                    id: v.prefix_list_id.clone(),
                    name: v.prefix_list_name.clone(),
                    cidrs: cidrs.unwrap_or_default(),
                    address_family,
                    max_entries: v.max_entries,
                    descriptions: descriptions
                        .get(v.prefix_list_id.as_str())
                        .cloned()
                        .unwrap_or_default(),
                }),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::network::import::import_aws_files;
    use crate::network::model::*;

    const CAPTURE: &str = r#"{
      "Vpcs": [
        {"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16"},
        {"VpcId": "vpc-b", "CidrBlock": "10.2.0.0/16"}
      ],
      "Subnets": [
        {"SubnetId": "subnet-a", "VpcId": "vpc-a", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "ap-northeast-2a"},
        {"SubnetId": "subnet-b", "VpcId": "vpc-b", "CidrBlock": "10.2.1.0/24", "AvailabilityZone": "ap-northeast-2a"}
      ],
      "TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available", "Tags": [{"Key": "Name", "Value": "hub"}]}],
      "TransitGatewayAttachments": [
        {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": "vpc-a", "State": "available",
         "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}},
        {"TransitGatewayAttachmentId": "tgw-attach-b", "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": "vpc-b", "State": "available"},
        {"TransitGatewayAttachmentId": "tgw-attach-vpn", "TransitGatewayId": "tgw-1", "ResourceType": "vpn", "ResourceId": "vpn-1", "State": "available"}
      ],
      "TransitGatewayVpcAttachments": [
        {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1", "VpcId": "vpc-a", "SubnetIds": ["subnet-a"], "State": "available", "Options": {"ApplianceModeSupport": "enable"}}
      ],
      "TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}],
      "TransitGatewayRouteTableAssociations": [
        {"TransitGatewayRouteTableId": "tgw-rtb-1", "Associations": [{"TransitGatewayAttachmentId": "tgw-attach-b", "State": "associated"}]}
      ],
      "TransitGatewayRouteTablePropagations": [
        {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId": "tgw-attach-a", "State": "enabled"}]}
      ],
      "TransitGatewayRoutes": [
        {"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": {"Routes": [
          {"DestinationCidrBlock": "10.1.0.0/16", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-a"}], "Type": "propagated", "State": "active"},
          {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"},
          {"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-vpn"}], "Type": "propagated", "State": "active"}
        ], "AdditionalRoutesAvailable": false}}
      ],
      "VpnConnections": [{"VpnConnectionId": "vpn-1", "TransitGatewayId": "tgw-1", "State": "available", "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "State": "available"}]}],
      "ManagedPrefixLists": [{"PrefixListId": "pl-office", "PrefixListName": "office", "AddressFamily": "IPv4", "MaxEntries": 10},
        {"PrefixListId": "pl-office-v6", "PrefixListName": "office6", "AddressFamily": "IPv6", "MaxEntries": 5}],
      "ManagedPrefixListEntries": [{"PrefixListId": "pl-office", "Entries": [{"Cidr": "192.168.10.0/24", "Description": "head office"}]},
        {"PrefixListId": "pl-office-v6", "Entries": [{"Cidr": "2001:db8:10::/48"}]}]
    }"#;

    #[test]
    fn a_transit_capture_imports_gateways_attachments_tables_and_routes() {
        let (net, diags) = import_aws_files(&[("aws.json".into(), CAPTURE.into())]).unwrap();
        assert_eq!(net.transit_gateways.len(), 1, "{diags:#?}");
        assert_eq!(net.transit_gateways[0].name, "hub");
        let a = &net.transit_gateway_attachments;
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].subnet_ids, vec!["subnet-a".to_string()]);
        assert!(a[0].appliance_mode);
        assert_eq!(a[2].kind, TgwAttachmentKind::Vpn);
        assert_eq!(
            a[2].remote_cidrs,
            vec!["192.168.0.0/16".to_string(), "172.16.0.0/12".to_string()],
            "VPN static routes and BGP-learnt ranges are the on-premises side (T4)"
        );
        let t = &net.transit_gateway_route_tables[0];
        assert_eq!(t.associations, vec!["tgw-attach-a", "tgw-attach-b"]);
        assert_eq!(t.propagations, vec!["tgw-attach-a"]);
        assert_eq!(t.routes.len(), 3);
        assert!(t.routes[1].blackhole && t.routes[1].attachment.is_none());
        assert_eq!(t.routes[0].origin, TgwRouteOrigin::Propagated);
        let pl = &net.prefix_lists[0];
        assert_eq!(pl.cidrs, vec!["192.168.10.0/24".to_string()]);
        assert_eq!(
            (pl.address_family, pl.max_entries),
            (Some(AddressFamily::Ipv4), Some(10))
        );
        assert_eq!(
            pl.descriptions.get("192.168.10.0/24").map(String::as_str),
            Some("head office")
        );
        let v6 = &net.prefix_lists[1];
        assert_eq!(
            (v6.family(), v6.max_entries, v6.cidrs.as_slice()),
            (
                AddressFamily::Ipv6,
                Some(5),
                &["2001:db8:10::/48".to_string()][..]
            )
        );
        assert!(
            diags.iter().all(|d| d.code != "IMPORT_IPV6_PREFIX_LIST"),
            "IPv6 lists are simulated now: {diags:#?}"
        );
    }

    #[test]
    fn a_vpn_gateway_capture_imports_attachment_propagation_and_static_routes() {
        let json = r#"{
          "Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16"}],
          "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-a", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "ap-northeast-2a"}],
          "RouteTables": [{"RouteTableId": "rtb-a", "VpcId": "vpc-a", "Associations": [{"Main": true}],
            "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"}],
            "PropagatingVgws": [{"GatewayId": "vgw-1"}]}],
          "VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "VpcAttachments": [{"VpcId": "vpc-a", "State": "attached"}]}],
          "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.7", "BgpAsn": "65000", "State": "available"}],
          "VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1", "State": "available",
            "Routes": [{"DestinationCidrBlock": "172.16.0.0/16", "Source": "Static", "State": "available"}]}]
        }"#;
        let (net, diags) = import_aws_files(&[("aws.json".into(), json.into())]).unwrap();
        assert_eq!(net.vpn_gateways.len(), 1, "{diags:#?}");
        assert_eq!(net.vpn_gateways[0].attached_vpc.as_deref(), Some("vpc-a"));
        assert_eq!(net.vpn_gateways[0].propagates_to, vec!["rtb-a".to_string()]);
        assert_eq!(net.customer_gateways[0].ip_address, "198.51.100.7");
        assert_eq!(net.customer_gateways[0].bgp_asn, Some(65000));
        assert_eq!(
            net.vpn_connections[0].routes,
            vec!["172.16.0.0/16".to_string()]
        );
        let err = import_aws_files(&[(
            "v.json".into(),
            r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "asleep"}]}"#.into(),
        )])
        .unwrap_err();
        assert!(err.to_string().contains("VpnConnections[0].State"), "{err}");
    }

    #[test]
    fn transit_import_refuses_unknown_values_naming_the_path() {
        let cases = [
            (
                r#"{"TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "State": "sleeping"}]}"#,
                "TransitGatewayAttachments[0].State",
            ),
            (
                r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}], "TransitGatewayRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "Type": "magic"}]}]}"#,
                "TransitGatewayRoutes[0].Routes[0].Type",
            ),
            (
                r#"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "Options": {"ApplianceModeSupport": "maybe"}}]}"#,
                "TransitGatewayVpcAttachments[0].Options.ApplianceModeSupport",
            ),
            (
                r#"{"ManagedPrefixLists": [{"PrefixListId": "pl-1", "AddressFamily": "IPv5"}]}"#,
                "ManagedPrefixLists[0].AddressFamily",
            ),
            (
                r#"{"CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.7", "BgpAsn": "sixty-five"}]}"#,
                "CustomerGateways[0].BgpAsn",
            ),
            (
                r#"{"CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.7", "BgpAsn": "0"}]}"#,
                "CustomerGateways[0].BgpAsn",
            ),
        ];
        for (json, path) in cases {
            let err = import_aws_files(&[("t.json".into(), json.into())]).unwrap_err();
            assert!(err.to_string().contains(path), "{path}: {err}");
            assert!(err.to_string().starts_with("t.json"), "{err}");
        }
    }

    #[test]
    fn a_truncated_route_search_says_the_verdicts_rest_on_the_routes_listed() {
        let json = r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}],
          "TransitGatewayRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": {"Routes": [], "AdditionalRoutesAvailable": true}}]}"#;
        let (_, diags) = import_aws_files(&[("t.json".into(), json.into())]).unwrap();
        assert!(diags
            .iter()
            .any(|d| d.code == "IMPORT_TGW_ROUTES_TRUNCATED"));
        assert!(
            diags.iter().all(|d| d.code != "IMPORT_IGNORED_FILE"),
            "{diags:#?}"
        );
    }
}
