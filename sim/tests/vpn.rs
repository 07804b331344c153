//! Site-to-Site VPN on a virtual private gateway (docs/SEMANTICS.md#g1 … #g4): attachment,
//! VPN connection state, route propagation into VPC route tables and AWS's route priority,
//! one table row per rule, on the hub-and-spoke sample with an office behind spoke 1, and a
//! golden trace (tests/fixtures/transit/golden; regenerate with `UPDATE_GOLDEN=1`).

mod support;
use sim::network::samples::hub_and_spoke;
use sim::network::*;

type Edit = fn(&mut Network);

use support::Expect::{self, *};

/// Spoke 1 with a virtual private gateway, a VPN connection to 172.16.0.0/16 whose routes
/// propagate into the spoke's route table, and HTTPS open to the office.
fn with_office() -> Network {
    let mut n = hub_and_spoke(1);
    n.vpn_gateways.push(VpnGateway {
        id: "vgw-office".into(),
        name: "office".into(),
        attached_vpc: Some("vpc-spoke-1".into()),
        propagates_to: vec!["rtb-spoke-1".into()],
    });
    n.customer_gateways.push(CustomerGateway {
        id: "cgw-office".into(),
        name: "office router".into(),
        ip_address: "198.51.100.7".into(),
        bgp_asn: Some(65000),
    });
    n.vpn_connections.push(VpnConnection {
        id: "vpn-office".into(),
        name: String::new(),
        customer_gateway_id: "cgw-office".into(),
        vpn_gateway_id: Some("vgw-office".into()),
        transit_gateway_id: None,
        routes: vec!["172.16.0.0/16".into()],
        state: VpnState::Available,
    });
    for g in &mut n.security_groups {
        g.ingress.push(SecurityGroupRule::tcp_from_cidr(
            443,
            "172.16.0.0/16",
            "office",
        ));
    }
    n
}

fn written(n: &mut Network, cidr: &str, kind: TargetKind, id: &str) {
    n.route_tables[1].routes.push(Route {
        destination: RouteDestination::Cidr(cidr.into()),
        target: RouteTarget {
            kind,
            id: id.into(),
        },
        state: RouteState::Active,
    });
}

#[test]
fn vpn_rules_decide_each_flow() {
    let cases: Vec<(&str, &str, &str, Edit, Expect)> = vec![
        (
            "G3: the VPN's routes propagate into the spoke's table and carry traffic to the office",
            "i-spoke-1",
            "172.16.5.5",
            |_| {},
            Reachable,
        ),
        (
            "G1/G3: an office host reaches the instance through the gateway, and the reply takes the propagated route",
            "172.16.5.5",
            "i-spoke-1",
            |_| {},
            Reachable,
        ),
        (
            "G3: without propagation the table has no route to the office",
            "i-spoke-1",
            "172.16.5.5",
            |n| n.vpn_gateways[0].propagates_to.clear(),
            Blocked { by: "rtb-spoke-1", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "G4: a written route for the same prefix wins over the propagated one",
            "i-spoke-1",
            "172.16.5.5",
            |n| written(n, "172.16.0.0/16", TargetKind::Tgw, "tgw-hub"),
            Blocked { by: "tgw-rtb-spokes", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "G4: a longer propagated prefix wins over a shorter written route",
            "i-spoke-1",
            "172.16.5.5",
            |n| written(n, "172.16.0.0/12", TargetKind::Tgw, "tgw-hub"),
            Reachable,
        ),
        (
            "G1: a gateway that is not attached to the VPC carries nothing",
            "i-spoke-1",
            "172.16.5.5",
            |n| {
                n.vpn_gateways[0].attached_vpc = None;
                written(n, "172.16.0.0/16", TargetKind::Vgw, "vgw-office");
            },
            Blocked { by: "vgw-office", code: "BAD_STATE_ATTACHMENT", side: PathSide::Forward },
        ),
        (
            "G2: a VPN connection that is not available carries nothing",
            "i-spoke-1",
            "172.16.5.5",
            |n| {
                n.vpn_connections[0].state = VpnState::Pending;
                written(n, "172.16.0.0/16", TargetKind::Vgw, "vgw-office");
            },
            Blocked { by: "vpn-office", code: "BAD_STATE_VPN", side: PathSide::Forward },
        ),
        (
            "G2: a deleted VPN connection propagates nothing",
            "i-spoke-1",
            "172.16.5.5",
            |n| n.vpn_connections[0].state = VpnState::Deleted,
            Blocked { by: "rtb-spoke-1", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
    ];
    for (name, from, to, edit, expect) in cases {
        let mut net = with_office();
        edit(&mut net);
        let trace =
            trace::trace(&net, &Flow::tcp(from, to, 443)).unwrap_or_else(|e| panic!("{name}: {e}"));
        support::check(name, &trace, &expect);
    }
}

#[test]
fn the_propagated_route_and_the_vpn_connection_are_named_on_the_hops() {
    let net = with_office();
    let t = trace::trace(&net, &Flow::tcp("i-spoke-1", "172.16.5.5", 443)).unwrap();
    let route = t
        .hops
        .iter()
        .find(|h| h.component == "rtb-spoke-1")
        .unwrap();
    assert!(
        matches!(&route.rule, DecidingRule::Route { destination, target, .. }
            if destination == "172.16.0.0/16 (propagated)" && target == "vgw-office"),
        "{:?}",
        route.rule
    );
    let gw = t.hops.iter().find(|h| h.component == "vgw-office").unwrap();
    assert!(
        gw.explanation.contains("vpn-office") && gw.explanation.contains("198.51.100.7"),
        "{}",
        gw.explanation
    );
}

#[test]
fn the_office_trace_matches_its_golden_file() {
    let net = with_office();
    let t = trace::trace(&net, &Flow::tcp("172.16.5.5", "i-spoke-1", 443)).unwrap();
    support::assert_golden("transit/golden/office-to-spoke-over-vpn.json", &t);
}
