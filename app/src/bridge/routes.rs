//! The route-table view's choices, asked of `sim`: the targets a new route may take, given
//! the destination typed so far. Only targets of the table's VPC that AWS accepts are
//! offered (T10, G1), and an egress-only internet gateway only once the destination is IPv6
//! (docs/SEMANTICS.md#x8). A NAT gateway stays on offer for an IPv6 destination: choosing it
//! is the learner's mistake to make, and `sim::network::policy_edit::add_route` refuses it
//! saying why (IPv4 only, and NAT64's prefix), as it refuses it from the CLI.

use sim::network::policy_edit::{destination_family, Family};
use sim::network::{Network, NetworkIndex, TargetKind};

/// A route a virtual private gateway propagates into a table (G3): shown read-only, with its
/// origin, beside the table's written routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropagatedRoute {
    pub table: String,
    pub destination: String,
    pub gateway: String,
}

/// Every table's propagated routes, as the tracer's index holds them (so the view lists what
/// a trace follows), tables in the design's order.
pub fn propagated_routes(ix: &NetworkIndex) -> Vec<PropagatedRoute> {
    ix.net
        .route_tables
        .iter()
        .flat_map(|t| {
            ix.propagated_routes(&t.id)
                .into_iter()
                .map(|(cidr, target)| PropagatedRoute {
                    table: t.id.clone(),
                    destination: cidr.to_string(),
                    gateway: target.id.clone(),
                })
        })
        .collect()
}

/// The virtual private gateways that may propagate into `table`: those attached to its VPC,
/// each with whether it does.
pub fn propagating_gateways(net: &Network, table: &str) -> Vec<(String, bool)> {
    let Some(t) = net.route_table(table) else {
        return Vec::new();
    };
    net.vpn_gateways
        .iter()
        .filter(|g| g.attached_vpc.as_deref() == Some(t.vpc_id.as_str()))
        .map(|g| (g.id.clone(), g.propagates_to.contains(&t.id)))
        .collect()
}

/// Every target a route of `table` could name, in the order the form lists them, with its
/// kind: internet gateways, egress-only gateways, NAT gateways, peering connections,
/// endpoints, transit gateways the VPC is attached to, its virtual private gateway, then
/// instances.
fn candidates(net: &Network, vpc: &str) -> Vec<(TargetKind, String)> {
    let in_vpc = |subnet: &str| net.subnet(subnet).is_some_and(|s| s.vpc_id == vpc);
    let mut out = Vec::new();
    let mut push = |kind, ids: Vec<String>| out.extend(ids.into_iter().map(|id| (kind, id)));
    push(
        TargetKind::Igw,
        net.internet_gateways
            .iter()
            .filter(|g| g.attached_vpc.as_deref() == Some(vpc))
            .map(|g| g.id.clone())
            .collect(),
    );
    push(
        TargetKind::Eigw,
        net.egress_only_internet_gateways
            .iter()
            .filter(|g| g.attached_vpc.as_deref() == Some(vpc))
            .map(|g| g.id.clone())
            .collect(),
    );
    push(
        TargetKind::Nat,
        net.nat_gateways
            .iter()
            .filter(|n| in_vpc(&n.subnet_id))
            .map(|n| n.id.clone())
            .collect(),
    );
    push(
        TargetKind::Pcx,
        net.peering_connections
            .iter()
            .filter(|x| x.requester_vpc == vpc || x.accepter_vpc == vpc)
            .map(|x| x.id.clone())
            .collect(),
    );
    push(
        TargetKind::Vpce,
        net.vpc_endpoints
            .iter()
            .filter(|e| e.vpc_id == vpc)
            .map(|e| e.id.clone())
            .collect(),
    );
    push(
        TargetKind::Tgw,
        net.transit_gateways
            .iter()
            .filter(|g| {
                net.transit_gateway_attachments
                    .iter()
                    .any(|a| a.transit_gateway_id == g.id && a.vpc_id.as_deref() == Some(vpc))
            })
            .map(|g| g.id.clone())
            .collect(),
    );
    push(
        TargetKind::Vgw,
        net.vpn_gateways
            .iter()
            .filter(|g| g.attached_vpc.as_deref() == Some(vpc))
            .map(|g| g.id.clone())
            .collect(),
    );
    push(
        TargetKind::Instance,
        net.instances
            .iter()
            .filter(|i| in_vpc(&i.subnet_id))
            .map(|i| i.id.clone())
            .collect(),
    );
    out
}

/// The targets the form offers for a route of `table` to `destination` (as typed so far):
/// the VPC's, its egress-only internet gateways only when the destination is IPv6 (a CIDR
/// with a colon or an IPv6 prefix list).
pub fn route_targets(net: &Network, table: &str, destination: &str) -> Vec<String> {
    let Some(t) = net.route_table(table) else {
        return Vec::new();
    };
    let ipv6 = destination_family(net, destination) == Some(Family::Ipv6);
    candidates(net, &t.vpc_id)
        .into_iter()
        .filter(|(kind, _)| *kind != TargetKind::Eigw || ipv6)
        .map(|(_, id)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dual_stack() -> Network {
        let text = include_str!("../../../tests/fixtures/ipv6/dual-stack.json");
        let mut net = sim::network::import_aws_json(text).expect("fixture").0;
        net.nat_gateways.push(sim::network::NatGateway {
            id: "nat-batch".into(),
            subnet_id: "subnet-batch".into(),
            ..Default::default()
        });
        net.prefix_lists.push(sim::network::PrefixList {
            id: "pl-v6".into(),
            cidrs: vec!["2001:db8:77::/48".into()],
            ..Default::default()
        });
        net
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn targets_follow_the_family_of_the_destination_typed() {
        let net = dual_stack();
        let all = ["eigw-batch", "nat-batch", "i-worker"];
        let no_eigw = ["nat-batch", "i-worker"];
        // (rule, table, destination as typed, targets offered)
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "nothing typed: no egress-only gateway yet",
                "rtb-batch",
                "",
                &no_eigw,
            ),
            (
                "half an IPv6 block is not IPv6 yet",
                "rtb-batch",
                "2600:",
                &no_eigw,
            ),
            (
                "X4: IPv6 takes the egress-only gateway",
                "rtb-batch",
                "::/0",
                &all,
            ),
            (
                "X8: IPv4 never takes the egress-only gateway",
                "rtb-batch",
                "0.0.0.0/0",
                &no_eigw,
            ),
            (
                "M2: an IPv6 prefix list is IPv6",
                "rtb-batch",
                "pl-v6",
                &all,
            ),
            (
                "X3: the internet gateway carries both",
                "rtb-web",
                "::/0",
                &["igw-web", "i-web"],
            ),
            ("no such table", "rtb-nope", "::/0", &[]),
        ];
        for (rule, table, dest, want) in cases {
            assert_eq!(route_targets(&net, table, dest), *want, "{rule}");
        }
    }
}
