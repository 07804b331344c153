//! Transit gateway semantics (docs/SEMANTICS.md#t1 … #t12), one table row per rule, on the
//! hub-and-spoke sample (`samples::hub_and_spoke`), plus a golden trace of the spoke → shared
//! path and its return through the gateway (tests/fixtures/transit/golden). Regenerate the
//! golden after an intended change with `UPDATE_GOLDEN=1 cargo test -p sim --test
//! transit_gateway` and review the diff.

mod support;
use sim::network::samples::hub_and_spoke;
use sim::network::*;

type Edit = fn(&mut Network);

use support::Expect::{self, *};

fn table<'a>(n: &'a mut Network, id: &str) -> &'a mut TransitGatewayRouteTable {
    n.transit_gateway_route_tables
        .iter_mut()
        .find(|t| t.id == id)
        .unwrap()
}

fn attachment<'a>(n: &'a mut Network, id: &str) -> &'a mut TransitGatewayAttachment {
    n.transit_gateway_attachments
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap()
}

fn static_route(cidr: &str, to: Option<&str>) -> TgwRoute {
    TgwRoute {
        destination: cidr.into(),
        attachment: to.map(str::to_string),
        blackhole: to.is_none(),
        origin: TgwRouteOrigin::Static,
    }
}

fn add_vpn(n: &mut Network) {
    n.transit_gateway_attachments
        .push(TransitGatewayAttachment {
            id: "tgw-attach-office".into(),
            name: "office".into(),
            transit_gateway_id: "tgw-hub".into(),
            kind: TgwAttachmentKind::Vpn,
            vpn_connection_id: Some("vpn-office".into()),
            remote_cidrs: vec!["192.168.0.0/16".into()],
            ..TransitGatewayAttachment::default()
        });
    // The office is associated with the shared table (which knows every spoke) and
    // propagates into the spokes' table.
    table(n, "tgw-rtb-shared")
        .associations
        .push("tgw-attach-office".into());
    table(n, "tgw-rtb-spokes")
        .propagations
        .push("tgw-attach-office".into());
    for g in &mut n.security_groups {
        g.ingress.push(SecurityGroupRule::tcp_from_cidr(
            443,
            "192.168.0.0/16",
            "office",
        ));
    }
    for t in &mut n.route_tables {
        t.routes.push(Route {
            destination: RouteDestination::Cidr("192.168.0.0/16".into()),
            target: RouteTarget {
                kind: TargetKind::Tgw,
                id: "tgw-hub".into(),
            },
            state: RouteState::Active,
        });
    }
}

#[test]
fn transit_gateway_rules_decide_each_flow() {
    let cases: Vec<(&str, &str, &str, u16, Edit, Expect)> = vec![
        (
            "T5/T6: a spoke reaches the shared VPC through the propagated route of its associated table, and the reply comes back through the shared table",
            "i-spoke-1",
            "i-shared",
            443,
            |_| {},
            Reachable,
        ),
        (
            "T9: spokes associated with a table that only the shared VPC propagates into cannot reach each other",
            "i-spoke-1",
            "i-spoke-2",
            443,
            |_| {},
            Blocked { by: "tgw-rtb-spokes", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "T5: an attachment associated with no route table routes nothing",
            "i-spoke-1",
            "i-shared",
            443,
            |n| table(n, "tgw-rtb-spokes").associations.retain(|a| a != "tgw-attach-spoke-1"),
            Blocked { by: "tgw-attach-spoke-1", code: "UNASSOCIATED_COMPONENT", side: PathSide::Forward },
        ),
        (
            "T7/T8: a static blackhole route wins over the propagated route for the same CIDR and drops",
            "i-spoke-1",
            "i-shared",
            443,
            |n| table(n, "tgw-rtb-spokes").routes.push(static_route("10.0.0.0/16", None)),
            Blocked { by: "tgw-rtb-spokes", code: "BAD_STATE_ROUTE", side: PathSide::Forward },
        ),
        (
            "T7: a longer static route wins over a shorter blackhole",
            "i-spoke-1",
            "i-shared",
            443,
            |n| {
                let t = table(n, "tgw-rtb-spokes");
                t.routes.push(static_route("10.0.0.0/8", None));
            },
            Reachable,
        ),
        (
            "T9: a static route to another spoke on one side only: the reply finds no route back",
            "i-spoke-1",
            "i-spoke-2",
            443,
            |n| {
                table(n, "tgw-rtb-spokes")
                    .routes
                    .push(static_route("10.2.1.0/24", Some("tgw-attach-spoke-2")))
            },
            Blocked { by: "tgw-rtb-spokes", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Return },
        ),
        (
            "T3: from an availability zone where the attachment has no subnet the gateway cannot be reached",
            "i-spoke-1",
            "i-shared",
            443,
            |n| attachment(n, "tgw-attach-spoke-1").subnet_ids.retain(|s| !s.ends_with("-a")),
            Blocked { by: "tgw-attach-spoke-1", code: "BAD_STATE_ATTACHMENT", side: PathSide::Forward },
        ),
        (
            "T2: an attachment that is not available carries nothing",
            "i-spoke-1",
            "i-shared",
            443,
            |n| attachment(n, "tgw-attach-shared").state = TgwAttachmentState::PendingAcceptance,
            Blocked { by: "tgw-attach-shared", code: "BAD_STATE_ATTACHMENT", side: PathSide::Forward },
        ),
        (
            "T1: a VPC without an attachment is not joined to the others at all",
            "i-spoke-1",
            "i-shared",
            443,
            |n| n.transit_gateway_attachments.retain(|a| a.id != "tgw-attach-spoke-1"),
            Blocked { by: "vpc-spoke-1", code: "DISCONNECTED_VPCS", side: PathSide::Forward },
        ),
        (
            "T12: the attachment subnet's network ACL filters traffic entering the gateway",
            "i-spoke-1",
            "i-shared",
            443,
            |n| {
                n.network_acls.push(NetworkAcl {
                    id: "acl-tgw".into(),
                    name: "tgw".into(),
                    vpc_id: "vpc-spoke-1".into(),
                    is_default: false,
                    entries: vec![NaclEntry::allow_all(100, true)],
                    associations: vec!["subnet-spoke-1-tgw-a".into()],
                })
            },
            Blocked { by: "acl-tgw", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "T10: a VPC route table without a route to the gateway sends nothing there",
            "i-spoke-1",
            "i-shared",
            443,
            |n| n.route_tables[1].routes.clear(),
            Blocked { by: "rtb-spoke-1", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "T4: an on-premises host behind a VPN attachment is reached through the propagated VPN route",
            "i-spoke-1",
            "192.168.1.10",
            443,
            add_vpn,
            Reachable,
        ),
        (
            "T4: an on-premises host reaches a spoke through the VPN attachment's associated table",
            "192.168.1.10",
            "i-spoke-2",
            443,
            add_vpn,
            Reachable,
        ),
        (
            "S4: the destination's security group still decides after the gateway",
            "i-spoke-1",
            "i-shared",
            22,
            |_| {},
            Blocked { by: "sg-shared", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
    ];
    for (name, from, to, port, edit, expect) in cases {
        let mut net = hub_and_spoke(3);
        edit(&mut net);
        let trace = trace::trace(&net, &Flow::tcp(from, to, port))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        support::check(name, &trace, &expect);
    }
}

#[test]
fn every_transit_hop_names_the_route_table_and_the_route_that_decided() {
    let net = hub_and_spoke(2);
    let t = trace::trace(&net, &Flow::tcp("i-spoke-1", "i-shared", 443)).unwrap();
    let tgw_rules: Vec<(String, String, String, String)> = t
        .hops
        .iter()
        .chain(&t.return_hops)
        .filter_map(|h| match &h.rule {
            DecidingRule::TransitGatewayRoute {
                route_table,
                association,
                destination,
                origin,
                ..
            } => Some((
                route_table.clone(),
                association.clone(),
                destination.clone(),
                origin.clone(),
            )),
            _ => None,
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        tgw_rules,
        vec![
            (
                s("tgw-rtb-spokes"),
                s("tgw-attach-spoke-1"),
                s("10.0.0.0/16"),
                s("propagated")
            ),
            (
                s("tgw-rtb-shared"),
                s("tgw-attach-shared"),
                s("10.1.0.0/16"),
                s("propagated")
            ),
        ]
    );
}

#[test]
fn a_static_route_is_named_as_winning_over_a_propagated_route_for_the_same_cidr() {
    let mut net = hub_and_spoke(2);
    table(&mut net, "tgw-rtb-spokes")
        .routes
        .push(static_route("10.0.0.0/16", Some("tgw-attach-shared")));
    let t = trace::trace(&net, &Flow::tcp("i-spoke-1", "i-shared", 443)).unwrap();
    let hop = t
        .hops
        .iter()
        .find(|h| h.component == "tgw-rtb-spokes")
        .unwrap();
    assert!(
        matches!(&hop.rule, DecidingRule::TransitGatewayRoute { origin, .. } if origin == "static")
    );
    assert!(
        hop.explanation.contains("static route wins"),
        "{}",
        hop.explanation
    );
}

#[test]
fn appliance_mode_keeps_the_reply_on_the_interface_the_request_used() {
    let mut net = hub_and_spoke(2);
    // Appliance mode pins one interface of the shared VPC's attachment for the whole flow.
    attachment(&mut net, "tgw-attach-shared").appliance_mode = true;
    let t = trace::trace(&net, &Flow::tcp("i-spoke-1", "i-shared", 443)).unwrap();
    assert!(t.is_reachable(), "{:#?}", t.blockers);
    let out = t
        .hops
        .iter()
        .find(|h| h.component == "tgw-attach-shared" && h.direction == HopDirection::Outbound)
        .unwrap();
    assert!(
        out.explanation.contains("appliance mode"),
        "{}",
        out.explanation
    );
}

#[test]
fn designs_without_transit_gateways_serialise_without_the_new_keys() {
    let json = serde_json::to_string(&samples::sample_network()).unwrap();
    assert!(!json.contains("transit_gateway"), "{json}");
    let back: Network = serde_json::from_str(&json).unwrap();
    assert!(back.transit_gateways.is_empty());
}

#[test]
fn the_spoke_to_shared_trace_matches_its_golden_file() {
    let net = hub_and_spoke(2);
    let t = trace::trace(&net, &Flow::tcp("i-spoke-1", "i-shared", 443)).unwrap();
    support::assert_golden("transit/golden/spoke-to-shared.json", &t);
}
