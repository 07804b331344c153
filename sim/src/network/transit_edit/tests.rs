//! Table tests of the transit edits: each case names the AWS rule it checks (docs/SEMANTICS.md
//! T3, T5, T8, T14, G1, G5), and a refused edit must leave the design unchanged.

use super::*;
use crate::network::edit::{add, auto_layout, remove};
use crate::network::samples::hub_and_spoke;

fn hub() -> Design {
    let mut d = Design::new("hub", hub_and_spoke(2));
    auto_layout(&mut d);
    d
}

fn at(x: f64, y: f64) -> Rect {
    Rect {
        x,
        y,
        w: 64.0,
        h: 64.0,
    }
}

#[test]
fn auto_layout_draws_the_gateway_outside_every_vpc_and_knobs_on_their_edges() {
    let d = hub();
    let tgw = d.layout["tgw-hub"];
    for v in &d.network.vpcs {
        let r = d.layout[&v.id];
        assert!(tgw.x > r.x + r.w, "{} overlaps the gateway", v.id);
    }
    for a in &d.network.transit_gateway_attachments {
        let vpc = a.vpc_id.as_deref().unwrap();
        let (k, v) = (d.layout[&a.id], d.layout[vpc]);
        assert_eq!(
            k.x + k.w / 2.0,
            v.x + v.w,
            "{} sits on the right edge",
            a.id
        );
        assert_eq!(parent(&d, &a.id), Some(Container::Vpc(vpc.into())));
    }
}

#[test]
fn palette_kinds_are_placed_where_aws_puts_them_or_refused_with_the_reason() {
    let mut d = hub();
    let vpc = "vpc-shared".to_string();
    let subnet = d
        .network
        .subnets
        .iter()
        .find(|s| s.vpc_id == vpc)
        .unwrap()
        .id
        .clone();
    let v = d.layout[&vpc];
    type Case = (
        &'static str,
        ComponentKind,
        Container,
        Result<(), &'static str>,
    );
    let cases: Vec<Case> = vec![
        (
            "a transit gateway goes on the canvas",
            ComponentKind::TransitGateway,
            Container::Canvas,
            Ok(()),
        ),
        (
            "a transit gateway cannot live in a VPC",
            ComponentKind::TransitGateway,
            Container::Vpc(vpc.clone()),
            Err("cannot live inside a VPC"),
        ),
        (
            "a virtual private gateway attaches to the VPC it is dropped on",
            ComponentKind::VpnGateway,
            Container::Vpc(vpc.clone()),
            Ok(()),
        ),
        (
            "a second virtual private gateway on one VPC is refused (G1)",
            ComponentKind::VpnGateway,
            Container::Vpc(vpc.clone()),
            Err("a VPC can have only one"),
        ),
        (
            "an egress-only gateway attaches to its VPC",
            ComponentKind::EgressOnlyInternetGateway,
            Container::Vpc(vpc.clone()),
            Ok(()),
        ),
        (
            "a customer gateway is on-premises, never inside a VPC",
            ComponentKind::CustomerGateway,
            Container::Vpc(vpc.clone()),
            Err("cannot live inside a VPC"),
        ),
        (
            "a customer gateway lands in the on-premises box",
            ComponentKind::CustomerGateway,
            Container::Canvas,
            Ok(()),
        ),
        (
            "an interface endpoint lives in a subnet",
            ComponentKind::VpcEndpoint,
            Container::Subnet(subnet.clone()),
            Ok(()),
        ),
    ];
    for (name, kind, inside, want) in cases {
        let before = d.clone();
        let got = add(&mut d, kind, &inside, at(v.x + 100.0, v.y + 100.0));
        match (got, want) {
            (Ok(id), Ok(())) => {
                assert!(d.layout.contains_key(&id), "{name}: drawn");
                assert!(parent(&d, &id).is_some(), "{name}: has a container");
            }
            (Err(e), Err(words)) => {
                assert!(e.to_string().contains(words), "{name}: {e}");
                assert_eq!(d, before, "{name}: a refusal changes nothing");
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
    let vgw = &d.network.vpn_gateways[0];
    let (g, v) = (d.layout[&vgw.id], d.layout[&vpc]);
    assert_eq!(g.y + g.h / 2.0, v.y + v.h, "the VGW is on the bottom edge");
    let cgw = &d.network.customer_gateways[0];
    let (c, box_) = (d.layout[&cgw.id], d.layout[ON_PREMISES]);
    assert!(
        c.x >= box_.x && c.x + c.w <= box_.x + box_.w && c.y + c.h <= box_.y + box_.h,
        "the customer gateway is inside the on-premises box"
    );
    let e = d.network.vpc_endpoints.last().unwrap();
    let eni = &e.interface.as_ref().unwrap().network_interfaces[0];
    assert_eq!(eni.subnet_id, subnet);
    assert!(
        eni.private_ip.is_some(),
        "the endpoint's ENI gets the next free address"
    );
}

#[test]
fn attaching_a_vpc_checks_aws_rules_and_joins_the_default_table() {
    let mut d = hub();
    let tgw = match add(
        &mut d,
        ComponentKind::TransitGateway,
        &Container::Canvas,
        at(0.0, 0.0),
    ) {
        Ok(id) => id,
        Err(e) => panic!("{e}"),
    };
    let subnets_of = |d: &Design, vpc: &str| -> Vec<(String, String)> {
        d.network
            .subnets
            .iter()
            .filter(|s| s.vpc_id == vpc)
            .map(|s| (s.id.clone(), s.availability_zone.clone()))
            .collect()
    };
    let shared = subnets_of(&d, "vpc-shared");
    let other = subnets_of(&d, "vpc-spoke-1");
    let same_zone: Vec<String> = {
        let z = &shared[0].1;
        let mut v: Vec<String> = shared
            .iter()
            .filter(|(_, zz)| zz == z)
            .map(|(s, _)| s.clone())
            .collect();
        if v.len() < 2 {
            // Make a second subnet in the same zone to test the one-per-AZ rule.
            let mut s = d.network.subnet(&v[0]).unwrap().clone();
            s.id = "subnet-shared-extra".into();
            s.cidr = "10.0.200.0/24".into();
            d.network.subnets.push(s);
            v.push("subnet-shared-extra".into());
        }
        v
    };
    // (case, gateway, VPC, subnets, the refusal's key or None when it attaches)
    type Case<'a> = (&'a str, &'a str, &'a str, Vec<String>, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "an unknown gateway is named",
            "tgw-nope",
            "vpc-shared",
            vec![shared[0].0.clone()],
            Some("transit-no-gateway"),
        ),
        (
            "no subnet is refused: the gateway needs its interfaces somewhere (T3)",
            &tgw,
            "vpc-shared",
            vec![],
            Some("transit-no-subnets"),
        ),
        (
            "a subnet of another VPC is refused",
            &tgw,
            "vpc-shared",
            vec![other[0].0.clone()],
            Some("transit-subnet-other-vpc"),
        ),
        (
            "two subnets in one zone are refused (T3)",
            &tgw,
            "vpc-shared",
            same_zone.clone(),
            Some("transit-two-subnets-one-zone"),
        ),
        (
            "one subnet per zone attaches",
            &tgw,
            "vpc-shared",
            vec![shared[0].0.clone()],
            None,
        ),
        (
            "the same VPC twice is refused",
            &tgw,
            "vpc-shared",
            vec![shared[0].0.clone()],
            Some("transit-already-attached"),
        ),
    ];
    for (name, gw, vpc, subnets, want) in cases {
        let before = d.clone();
        match (attach_vpc(&mut d, gw, vpc, &subnets), want) {
            (Ok(id), None) => {
                let table = d
                    .network
                    .transit_gateway_route_tables
                    .iter()
                    .find(|t| t.transit_gateway_id == tgw)
                    .unwrap();
                assert!(table.associations.contains(&id), "{name}: associated");
                assert!(table.propagations.contains(&id), "{name}: propagated");
                assert!(d.layout.contains_key(&id), "{name}: its knob is drawn");
            }
            (Err(e), Some(key)) => {
                assert_eq!(e.0.msg.as_ref().map(|m| m.key), Some(key), "{name}: {e}");
                assert_eq!(d, before, "{name}: a refusal changes nothing");
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn route_table_edits_refuse_what_aws_refuses() {
    let mut d = hub();
    let spoke = "tgw-attach-spoke-1".to_string();
    let cases: Vec<(&str, TgwTableOp, Option<&str>)> = vec![
        (
            "a blackhole static route is added (T8)",
            TgwTableOp::AddRoute {
                table: "tgw-rtb-spokes".into(),
                cidr: "10.0.1.0/24".into(),
                attachment: None,
            },
            None,
        ),
        (
            "the same static CIDR twice is refused",
            TgwTableOp::AddRoute {
                table: "tgw-rtb-spokes".into(),
                cidr: "10.0.1.0/24".into(),
                attachment: None,
            },
            Some("transit-route-exists"),
        ),
        (
            "a bad CIDR is named",
            TgwTableOp::AddRoute {
                table: "tgw-rtb-spokes".into(),
                cidr: "10.0.1.0/33".into(),
                attachment: None,
            },
            Some("transit-bad-cidr"),
        ),
        (
            "an unknown table is named",
            TgwTableOp::RemoveRoute {
                table: "tgw-rtb-x".into(),
                index: 0,
            },
            Some("transit-no-route-table"),
        ),
        (
            "an attachment has one route table (T5)",
            TgwTableOp::Associate {
                table: "tgw-rtb-shared".into(),
                attachment: spoke.clone(),
                on: true,
            },
            Some("transit-associated-elsewhere"),
        ),
        (
            "ending an association is allowed",
            TgwTableOp::Associate {
                table: "tgw-rtb-spokes".into(),
                attachment: spoke.clone(),
                on: false,
            },
            None,
        ),
        (
            "propagation is turned off",
            TgwTableOp::Propagate {
                table: "tgw-rtb-shared".into(),
                attachment: spoke.clone(),
                on: false,
            },
            None,
        ),
    ];
    for (name, op, want) in cases {
        let before = d.clone();
        match (apply_table_op(&mut d, &op), want) {
            (Ok(()), None) => assert_ne!(d, before, "{name}: changed"),
            (Err(e), Some(key)) => {
                assert_eq!(e.0.msg.as_ref().map(|m| m.key), Some(key), "{name}: {e}");
                assert_eq!(d, before, "{name}: a refusal changes nothing");
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
    let blackhole = d.network.transit_gateway_route_tables[1]
        .routes
        .iter()
        .chain(d.network.transit_gateway_route_tables[0].routes.iter())
        .find(|r| r.destination == "10.0.1.0/24")
        .unwrap();
    assert!(blackhole.blackhole && blackhole.attachment.is_none());
}

#[test]
fn removing_a_vpc_takes_its_attachment_and_a_gateway_takes_everything_on_it() {
    let mut d = hub();
    let gone = remove(&mut d, "vpc-spoke-2").unwrap();
    assert!(gone.contains(&"tgw-attach-spoke-2".to_string()), "{gone:?}");
    assert!(d
        .network
        .transit_gateway_route_tables
        .iter()
        .all(|t| !t.associations.iter().any(|a| a == "tgw-attach-spoke-2")));
    let gone = remove(&mut d, "tgw-hub").unwrap();
    for id in ["tgw-hub", "tgw-attach-spoke-1", "tgw-rtb-shared"] {
        assert!(
            gone.contains(&id.to_string()),
            "{id} goes with its gateway: {gone:?}"
        );
    }
    assert!(d.network.transit_gateways.is_empty());
    assert!(d.network.transit_gateway_attachments.is_empty());
    assert!(d.network.transit_gateway_route_tables.is_empty());
    assert!(!d.layout.contains_key("tgw-attach-spoke-1"));
    assert!(
        Design::from_json(&d.to_json_pretty()).is_ok(),
        "still loads"
    );
}

#[test]
fn a_vpn_to_a_transit_gateway_gets_its_attachment_and_its_place_on_premises() {
    let mut d = hub();
    let cgw = add(
        &mut d,
        ComponentKind::CustomerGateway,
        &Container::Canvas,
        at(2000.0, 100.0),
    )
    .unwrap();
    let bad = connect_vpn(
        &mut d,
        &cgw,
        &VpnEnd::TransitGateway("tgw-hub".into()),
        &["192.168.0.0/33".into()],
    );
    assert_eq!(
        bad.unwrap_err().0.msg.map(|m| m.key),
        Some("transit-bad-cidr")
    );
    let vpn = connect_vpn(
        &mut d,
        &cgw,
        &VpnEnd::TransitGateway("tgw-hub".into()),
        &["192.168.0.0/16".into()],
    )
    .unwrap();
    let a = d
        .network
        .transit_gateway_attachments
        .iter()
        .find(|a| a.vpn_connection_id.as_deref() == Some(vpn.as_str()))
        .unwrap();
    assert_eq!(a.kind, TgwAttachmentKind::Vpn);
    assert_eq!(a.remote_cidrs, vec!["192.168.0.0/16".to_string()]);
    let (v, b) = (d.layout[&vpn], d.layout[ON_PREMISES]);
    assert!(
        v.x + v.w <= b.x + b.w && v.y + v.h <= b.y + b.h,
        "inside the box"
    );
}
