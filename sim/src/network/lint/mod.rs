//! Design lints: one check per file, each returning diagnostics a learner can act on.
//!
//! **Invariant**: `lint` never panics, whatever the design holds (dangling ids, invalid
//! CIDRs); the output order is deterministic (severity, then check order, then model order). Every
//! diagnostic names one component and, where a mechanical change exists, carries a
//! [`Fix`] whose edits apply to the design.

use serde::{Deserialize, Serialize};

use super::cidr::Cidr;
use super::design::Design;
use super::fix::Fix;
use super::model::*;
use super::msg::{msg, Msg, Text};

mod blackhole_route;
pub(crate) use blackhole_route::blackhole_fix;
/// Whether a route's target can carry traffic, for the Terraform exporter.
pub(crate) use blackhole_route::broken_target;
pub(crate) use blackhole_route::target_not_captured;
pub(crate) mod cidr_size;
mod dangling_reference;
pub mod high_risk_port_open;
mod igw_not_attached;
mod instance_interface;
mod interface_endpoint_https;
pub(crate) mod invalid_cidr;
pub(crate) mod ipv6_routes;
mod ipv6_world_open_ipv4_only;
mod lookup;
pub(crate) use lookup::Lookup;
mod multi_az;
mod nat_without_igw_route;
mod peered_vpc_overlap;
mod public_subnet_without_igw_route;
mod subnet_capacity;
mod subnet_outside_vpc;
mod subnet_overlap;
mod tgw_attachment_unassociated;
mod tgw_no_route_back;
mod tgw_route_without_attachment;
mod unknown_service_kind;
mod vpn_without_routes;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable code, e.g. `SUBNET_OUTSIDE_VPC`.
    pub code: String,
    pub severity: Severity,
    /// The id of the component the diagnostic is about.
    pub component: String,
    /// One or two sentences for a learner.
    pub message: String,
    pub fix: Option<Fix>,
    /// The message's key and arguments, for the app's translation (not serialised).
    #[serde(skip)]
    pub message_msg: Option<Msg>,
}

impl Diagnostic {
    pub fn new(
        code: &str,
        severity: Severity,
        component: &str,
        message: impl Into<Text>,
        fix: Option<Fix>,
    ) -> Diagnostic {
        let message = message.into();
        Diagnostic {
            code: code.into(),
            severity,
            component: component.into(),
            message: message.en,
            fix,
            message_msg: message.msg,
        }
    }
}

/// Every code a check reports, with the keys of the messages it reports it with
/// ([`Diagnostic::message_msg`]): the app's tests check that each has a translation.
pub const CODES: &[(&str, &[&str])] = &[
    ("BLACKHOLE_ROUTE", &["lint-blackhole-route"]),
    ("CIDR_SIZE", &["lint-cidr-size"]),
    ("DB_SUBNET_GROUP_SINGLE_AZ", &["lint-db-single-az"]),
    ("EKS_SINGLE_AZ", &["lint-eks-single-az"]),
    ("ENDPOINT_NO_HTTPS_FROM_VPC", &["lint-endpoint-no-https"]),
    (
        "HIGH_RISK_PORT_OPEN",
        &["lint-high-risk-port-open", "lint-high-risk-ports-open"],
    ),
    ("IGW_NOT_ATTACHED", &["lint-igw-not-attached"]),
    (
        "INSTANCE_INTERFACE_PLACEMENT",
        &["lint-interface-other-vpc", "lint-interface-other-zone"],
    ),
    (
        "INSTANCE_ADDRESS",
        &[
            "lint-instance-ip-outside-subnet",
            "lint-instance-ip-reserved",
        ],
    ),
    (
        "INVALID_ADDRESS",
        &[
            "lint-invalid-ipv6-address",
            "lint-invalid-private-ip",
            "lint-invalid-public-ip",
        ],
    ),
    ("INVALID_CIDR", &["lint-invalid-cidr"]),
    (
        "IPV6_PUBLIC_SUBNET_NO_DEFAULT_ROUTE",
        &["lint-ipv6-no-default-route"],
    ),
    (
        "LB_INTERNET_FACING_PRIVATE_SUBNET",
        &["lint-lb-private-subnet"],
    ),
    ("LB_SINGLE_AZ", &["lint-lb-single-az"]),
    ("NAT_NO_ELASTIC_IP", &["lint-nat-no-eip"]),
    ("NAT_NO_IGW_ROUTE", &["lint-nat-no-igw-route"]),
    ("NOT_CAPTURED", &["lint-not-captured"]),
    ("PEERED_VPC_OVERLAP", &["lint-peered-vpc-overlap"]),
    (
        "PUBLIC_SUBNET_NO_IGW_ROUTE",
        &["lint-public-subnet-no-igw-route"],
    ),
    ("RDP_OPEN_TO_WORLD", &["lint-admin-port-open"]),
    (
        "ROUTE_TARGET_NOT_CAPTURED",
        &["lint-route-target-not-captured"],
    ),
    (
        "SG_WORLD_OPEN_IPV4_ONLY",
        &[
            "lint-sg-world-open-ipv4-only",
            "lint-sg-world-open-ipv4-only-member",
        ],
    ),
    ("SSH_OPEN_TO_WORLD", &["lint-admin-port-open"]),
    ("SUBNET_CAPACITY", &["lint-subnet-capacity"]),
    ("SUBNET_OUTSIDE_VPC", &["lint-subnet-outside-vpc"]),
    ("SUBNET_OVERLAP", &["lint-subnet-overlap"]),
    (
        "TGW_ATTACHMENT_NOT_CAPTURED",
        &["lint-tgw-attachment-not-captured"],
    ),
    (
        "TGW_ATTACHMENT_UNASSOCIATED",
        &["lint-tgw-attachment-unassociated"],
    ),
    ("TGW_NO_ROUTE_BACK", &["lint-tgw-no-route-back"]),
    (
        "TGW_ROUTE_WITHOUT_ATTACHMENT",
        &["lint-tgw-route-without-attachment"],
    ),
    ("UNKNOWN_REFERENCE", &["lint-unknown-reference"]),
    (
        "UNKNOWN_SERVICE_KIND",
        &[
            "lint-unknown-service-kind",
            "lint-unknown-service-kind-near",
        ],
    ),
    (
        "VPN_WITHOUT_ROUTES",
        &[
            "lint-vpn-attachment-without-routes",
            "lint-vpn-connection-without-routes",
        ],
    ),
];

type Check = fn(&Lookup, &mut Vec<Diagnostic>);

/// Every check, in the order their diagnostics are reported.
const CHECKS: &[(&str, Check)] = &[
    ("dangling_reference", dangling_reference::check),
    ("unknown_service_kind", unknown_service_kind::check),
    ("invalid_cidr", invalid_cidr::check),
    ("cidr_size", cidr_size::check),
    ("subnet_outside_vpc", subnet_outside_vpc::check),
    ("subnet_overlap", subnet_overlap::check),
    ("peered_vpc_overlap", peered_vpc_overlap::check),
    ("igw_not_attached", igw_not_attached::check),
    ("instance_interface", instance_interface::check),
    ("blackhole_route", blackhole_route::check),
    (
        "public_subnet_without_igw_route",
        public_subnet_without_igw_route::check,
    ),
    ("nat_without_igw_route", nat_without_igw_route::check),
    ("high_risk_port_open", high_risk_port_open::check),
    ("multi_az", multi_az::check),
    ("subnet_capacity", subnet_capacity::check),
    (
        "tgw_route_without_attachment",
        tgw_route_without_attachment::check,
    ),
    (
        "tgw_attachment_unassociated",
        tgw_attachment_unassociated::check,
    ),
    ("tgw_no_route_back", tgw_no_route_back::check),
    ("vpn_without_routes", vpn_without_routes::check),
    ("interface_endpoint_https", interface_endpoint_https::check),
    ("ipv6_routes", ipv6_routes::check),
    (
        "ipv6_world_open_ipv4_only",
        ipv6_world_open_ipv4_only::check,
    ),
];

/// Runs every check on a network. Errors come first, then warnings, then notes; within a
/// severity, check order then model order (a stable sort).
pub fn lint(network: &Network) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ix = Lookup::new(network);
    for (_, check) in CHECKS {
        check(&ix, &mut out);
    }
    out.sort_by_key(|d| d.severity);
    out
}

/// Runs every check on a design's network.
pub fn lint_design(design: &Design) -> Vec<Diagnostic> {
    lint(&design.network)
}

/// Re-exported so the checks here and the tracer keep importing it from `lint`.
pub(crate) use super::model::label;

/// The attached IGW that the subnet's route table sends 0.0.0.0/0 (or any route) to, if any (R11).
pub(crate) fn subnet_igw_route<'a>(net: &'a Network, subnet_id: &str) -> Option<&'a Route> {
    let table = net.route_table_for_subnet(subnet_id)?;
    let vpc = &net.subnet(subnet_id)?.vpc_id;
    table.routes.iter().find(|r| {
        r.target.kind == TargetKind::Igw
            && r.state == RouteState::Active
            && net
                .internet_gateways
                .iter()
                .any(|g| g.id == r.target.id && g.attached_vpc.as_deref() == Some(vpc.as_str()))
    })
}

/// In a capture, a subnet whose route table is not in the files (neither an association
/// nor its VPC's main table): whether it routes to the internet is unknown, so the checks
/// that need its routes skip it; the missing table is reported as not captured (Q1).
pub(crate) fn routes_not_captured(net: &Network, subnet_id: &str) -> bool {
    net.is_capture() && net.route_table_for_subnet(subnet_id).is_none()
}

/// Why a route cannot carry traffic (R9): a missing or non-functional target, or a route
/// already marked blackhole. `None` means the route works.
pub(crate) fn blackhole_reason(net: &Network, table: &RouteTable, route: &Route) -> Option<Text> {
    if blackhole_route::target_not_captured(net, route) {
        return None;
    }
    blackhole_route::broken_target(net, table, route).or_else(|| {
        (route.state == RouteState::Blackhole).then(|| {
            msg!(
                "lint-reason-state-blackhole",
                "its target {target} is marked unavailable (state blackhole)",
                target = route.target.id
            )
        })
    })
}

/// Parsed VPC CIDR blocks, skipping invalid ones (the invalid-CIDR lint reports those).
pub(crate) fn vpc_cidrs(vpc: &Vpc) -> Vec<Cidr> {
    vpc.cidr_blocks
        .iter()
        .filter_map(|c| Cidr::parse(c).ok())
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::network::samples::sample_network;

    /// An edit of the sample network for one test case.
    pub type Mutation = Box<dyn FnOnce(&mut Network)>;

    /// Lints a variant of the sample network and keeps the diagnostics with `code`.
    pub fn check(edit: impl FnOnce(&mut Network), code: &str) -> Vec<Diagnostic> {
        let mut net = sample_network();
        edit(&mut net);
        lint(&net).into_iter().filter(|d| d.code == code).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_network;

    #[test]
    fn the_sample_has_no_errors_or_warnings() {
        let diags = lint(&sample_network());
        let bad: Vec<_> = diags
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(
            diags.iter().any(|d| d.code == "SUBNET_CAPACITY"),
            "info diagnostics are still reported"
        );
    }

    #[test]
    fn every_diagnostic_has_a_listed_code_and_message_key() {
        let mut net = sample_network();
        net.route_tables[1]
            .routes
            .retain(|r| r.target.kind != TargetKind::Igw);
        net.security_groups[2]
            .ingress
            .push(SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"));
        net.subnets[1].cidr = "10.0.2.7/24".into();
        net.internet_gateways[0].attached_vpc = None;
        let diags = lint(&net);
        assert!(diags.len() > 3, "{diags:#?}");
        for d in diags {
            let keys = CODES
                .iter()
                .find(|(c, _)| *c == d.code)
                .map(|(_, k)| *k)
                .unwrap_or_else(|| panic!("{} is not in CODES", d.code));
            let m = d.message_msg.as_ref().expect("a structured message");
            assert!(keys.contains(&m.key), "{}: {}", d.code, m.key);
            if let Some(f) = &d.fix {
                assert!(f.summary_msg.is_some(), "{}: {}", d.code, f.summary);
            }
        }
    }

    #[test]
    fn every_fix_applies_cleanly_and_removes_its_diagnostic() {
        // Break the sample in several ways, then apply each suggested fix.
        let mut net = sample_network();
        net.route_tables[1]
            .routes
            .retain(|r| r.target.kind != TargetKind::Igw);
        net.security_groups[2]
            .ingress
            .push(SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"));
        net.subnets[1].cidr = "10.0.2.7/24".into();
        for d in lint(&net) {
            if let Some(fix) = &d.fix {
                let mut fixed = net.clone();
                fix.apply_to_network(&mut fixed)
                    .unwrap_or_else(|e| panic!("{}: {e}", d.code));
                let still = lint(&fixed)
                    .into_iter()
                    .any(|x| x.code == d.code && x.component == d.component);
                assert!(
                    !still,
                    "fix for {} on {} should remove it",
                    d.code, d.component
                );
            }
        }
    }
}
