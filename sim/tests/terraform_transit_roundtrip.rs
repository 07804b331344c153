//! Round trip through Terraform for transit gateways, Site-to-Site VPN, interface endpoints
//! and customer-managed prefix lists: `import(export(design))` gives the same verdicts for
//! every instance pair, the on-premises hosts and the endpoint, and the same transit
//! structure (associations, propagations, static and blackhole routes), with ids replaced by
//! the exporter's addresses (docs/TERRAFORM.md; docs/SEMANTICS.md#t1, #g1, #e5, #m1).

use std::collections::BTreeMap;

use sim::network::export::terraform::export_terraform;
use sim::network::import::terraform::{import_terraform, TerraformSource};
use sim::network::samples::hub_and_spoke;
use sim::network::*;

/// Hub and spoke with an office behind a transit gateway VPN, a second office behind a
/// virtual private gateway on spoke 1, a blackhole route, an interface endpoint in the
/// shared VPC and a prefix list of office ranges used by a group rule and a route.
fn design() -> Network {
    let mut n = hub_and_spoke(2);
    n.customer_gateways.push(CustomerGateway {
        id: "cgw-hq".into(),
        name: "hq".into(),
        ip_address: "198.51.100.7".into(),
        bgp_asn: Some(64512),
    });
    n.vpn_connections.push(VpnConnection {
        id: "vpn-hq".into(),
        name: "hq".into(),
        customer_gateway_id: "cgw-hq".into(),
        vpn_gateway_id: None,
        transit_gateway_id: Some("tgw-hub".into()),
        routes: vec!["192.168.0.0/16".into()],
        state: VpnState::Available,
    });
    n.transit_gateway_attachments
        .push(TransitGatewayAttachment {
            id: "tgw-attach-hq".into(),
            name: "hq".into(),
            transit_gateway_id: "tgw-hub".into(),
            kind: TgwAttachmentKind::Vpn,
            vpn_connection_id: Some("vpn-hq".into()),
            remote_cidrs: vec!["192.168.0.0/16".into()],
            ..TransitGatewayAttachment::default()
        });
    let shared = n
        .transit_gateway_route_tables
        .iter_mut()
        .find(|t| t.id == "tgw-rtb-shared")
        .unwrap();
    shared.associations.push("tgw-attach-hq".into());
    let spokes = n
        .transit_gateway_route_tables
        .iter_mut()
        .find(|t| t.id == "tgw-rtb-spokes")
        .unwrap();
    spokes.routes.push(TgwRoute {
        destination: "192.168.99.0/24".into(),
        attachment: None,
        blackhole: true,
        origin: TgwRouteOrigin::Static,
    });
    spokes.routes.push(TgwRoute {
        destination: "192.168.0.0/16".into(),
        attachment: Some("tgw-attach-hq".into()),
        blackhole: false,
        origin: TgwRouteOrigin::Static,
    });
    n.vpn_gateways.push(VpnGateway {
        id: "vgw-branch".into(),
        name: "branch".into(),
        attached_vpc: Some("vpc-spoke-1".into()),
        propagates_to: vec!["rtb-spoke-1".into()],
    });
    n.customer_gateways.push(CustomerGateway {
        id: "cgw-branch".into(),
        name: "branch".into(),
        ip_address: "203.0.113.9".into(),
        bgp_asn: Some(65010),
    });
    n.vpn_connections.push(VpnConnection {
        id: "vpn-branch".into(),
        name: String::new(),
        customer_gateway_id: "cgw-branch".into(),
        vpn_gateway_id: Some("vgw-branch".into()),
        transit_gateway_id: None,
        routes: vec!["172.16.0.0/16".into()],
        state: VpnState::Available,
    });
    n.prefix_lists.push(PrefixList {
        id: "pl-offices".into(),
        name: "offices".into(),
        cidrs: vec!["192.168.0.0/16".into(), "172.16.0.0/16".into()],
        address_family: Some(AddressFamily::Ipv4),
        max_entries: Some(8),
        descriptions: [("192.168.0.0/16".to_string(), "head office".to_string())].into(),
    });
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
    for g in &mut n.security_groups {
        g.ingress.push(SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange::single(22)),
            icmp: None,
            peer: RulePeer::PrefixList("pl-offices".into()),
            description: "ssh from the offices".into(),
        });
    }
    n.security_groups.push(SecurityGroup {
        id: "sg-vpce".into(),
        name: "vpce".into(),
        vpc_id: "vpc-shared".into(),
        description: "HTTPS to the endpoint".into(),
        ingress: vec![SecurityGroupRule::tcp_from_cidr(443, "10.0.0.0/8", "")],
        egress: Vec::new(),
    });
    n.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-ssm".into(),
        name: "ssm".into(),
        vpc_id: "vpc-shared".into(),
        service: "com.amazonaws.ap-northeast-2.ssm".into(),
        endpoint_type: EndpointType::Interface,
        route_table_ids: Vec::new(),
        prefix_list_id: None,
        interface: Some(InterfaceEndpoint {
            network_interfaces: vec![EndpointInterface {
                subnet_id: "subnet-shared-app-c".into(),
                eni_id: None,
                private_ip: None,
            }],
            security_groups: vec!["sg-vpce".into()],
            private_dns: true,
            state: EndpointState::Available,
        }),
    });
    n
}

fn flows(n: &Network) -> Vec<Flow> {
    let mut ends: Vec<String> = n.instances.iter().map(|i| i.id.clone()).collect();
    ends.push("192.168.4.4".into());
    ends.push("172.16.4.4".into());
    ends.push("vpce-ssm".into());
    let mut out = Vec::new();
    for a in &ends {
        for b in &ends {
            if a != b {
                for p in [22, 443, 8080] {
                    out.push(Flow::tcp(a, b, p));
                }
            }
        }
    }
    out.push(Flow::tcp("i-spoke-1", "192.168.99.5", 443));
    out
}

fn verdicts(n: &Network, flows: &[Flow]) -> Vec<String> {
    flows
        .iter()
        .map(|f| match trace(n, f) {
            Ok(t) => match t.verdict {
                Verdict::Reachable => "reachable".to_string(),
                Verdict::Unreachable { code, .. } => format!("blocked {}", code.as_str()),
            },
            Err(_) => "error".to_string(),
        })
        .collect()
}

#[test]
fn transit_vpn_endpoint_and_prefix_list_verdicts_survive_a_terraform_round_trip() {
    let original = design();
    let export = export_terraform(&original);
    let source = TerraformSource {
        files: export
            .files
            .iter()
            .map(|(n, t)| (format!("out/{n}"), t.clone()))
            .collect::<BTreeMap<_, _>>(),
        root: "out".into(),
        ..TerraformSource::default()
    };
    let all = || {
        export
            .files
            .iter()
            .map(|(n, t)| format!("==== {n}\n{t}"))
            .collect::<String>()
    };
    let back = import_terraform(&source)
        .unwrap_or_else(|e| panic!("the export does not import: {e}\n{}", all()))
        .network;
    let map = &export.addresses;
    let rename = |s: &str| map.get(s).cloned().unwrap_or_else(|| s.to_string());
    let ours = flows(&original);
    let theirs: Vec<Flow> = ours
        .iter()
        .map(|f| Flow {
            from: rename(&f.from),
            to: rename(&f.to),
            ..f.clone()
        })
        .collect();
    let (a, b) = (verdicts(&original, &ours), verdicts(&back, &theirs));
    let reachable = a.iter().filter(|v| *v == "reachable").count();
    assert!(reachable > 10, "the design reaches things: {a:?}");
    assert!(a.iter().any(|v| v != "reachable"), "and blocks some");
    assert_eq!(
        a.last().unwrap(),
        "blocked BAD_STATE_ROUTE",
        "the blackhole (T8)"
    );
    for (k, f) in ours.iter().enumerate() {
        assert_eq!(
            a[k],
            b[k],
            "{} → {} :{:?}: design `{}`, import `{}`\n{}",
            f.from,
            f.to,
            f.port,
            a[k],
            b[k],
            all()
        );
    }

    // The structure: the same tables, associations, propagations and static routes.
    let table = |n: &Network, id: &str| {
        let t = n
            .transit_gateway_route_tables
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no table {id}"))
            .clone();
        let mut assoc = t.associations.clone();
        let mut prop = t.propagations.clone();
        assoc.sort();
        prop.sort();
        let routes: Vec<(String, Option<String>, bool)> = t
            .routes
            .iter()
            .map(|r| (r.destination.clone(), r.attachment.clone(), r.blackhole))
            .collect();
        (assoc, prop, routes)
    };
    for t in &original.transit_gateway_route_tables {
        let (mut assoc, mut prop, routes) = table(&original, &t.id);
        assoc = assoc.iter().map(|a| rename(a)).collect();
        prop = prop.iter().map(|a| rename(a)).collect();
        assoc.sort();
        prop.sort();
        let routes: Vec<_> = routes
            .into_iter()
            .map(|(d, a, h)| (d, a.map(|a| rename(&a)), h))
            .collect();
        assert_eq!(
            (assoc, prop, routes),
            table(&back, &rename(&t.id)),
            "{}\n{}",
            t.id,
            all()
        );
    }
    assert_eq!(back.vpn_connections.len(), 2);
    let (pl, pl_back) = (
        original.prefix_list("pl-offices").unwrap(),
        back.prefix_list(&rename("pl-offices")).unwrap(),
    );
    assert_eq!(
        (
            &pl_back.cidrs,
            pl_back.address_family,
            pl_back.max_entries,
            &pl_back.descriptions
        ),
        (
            &pl.cidrs,
            pl.address_family,
            pl.max_entries,
            &pl.descriptions
        ),
        "a prefix list keeps its entries, family, maximum and descriptions"
    );
    let mut asns: Vec<Option<u32>> = back.customer_gateways.iter().map(|g| g.bgp_asn).collect();
    asns.sort();
    assert_eq!(
        asns,
        vec![Some(64512), Some(65010)],
        "customer gateways keep their ASN"
    );
    let spec = back.vpc_endpoints[0].interface.as_ref().unwrap();
    assert!(spec.private_dns);
    assert_eq!(spec.security_groups, vec![rename("sg-vpce")]);
    assert!(
        export
            .warnings
            .iter()
            .all(|w| !w.message.contains("not exported to Terraform yet")),
        "{:#?}",
        export.warnings
    );
}
