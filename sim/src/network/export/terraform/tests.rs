//! Unit tests of the Terraform exporter: what it writes for one design, and the warnings
//! for what Terraform cannot say. The round trip over every scenario and fixture is
//! `sim/tests/terraform_roundtrip.rs`.

use super::*;
use crate::network::import::terraform::{import_terraform, TerraformImport, TerraformSource};
use crate::network::model::*;
use crate::network::samples::{sample_design, sample_network};
use crate::network::trace::{trace, Flow};

fn file<'a>(out: &'a TerraformExport, name: &str) -> &'a str {
    out.files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn import(out: &TerraformExport) -> TerraformImport {
    let source = TerraformSource {
        files: out
            .files
            .iter()
            .map(|(n, t)| (format!("m/{n}"), t.clone()))
            .collect(),
        root: "m".into(),
        single_file: None,
        cli_variables: Vec::new(),
    };
    import_terraform(&source).unwrap_or_else(|e| panic!("{e}"))
}

/// Exports an edited sample; returns the export and the warnings about `component`.
fn warned(edit: impl FnOnce(&mut Network), component: &str) -> (TerraformExport, Vec<String>) {
    let mut net = sample_network();
    edit(&mut net);
    let out = export_terraform(&net);
    let mine = out
        .warnings
        .iter()
        .filter(|w| w.component == component)
        .map(|w| w.message.clone())
        .collect();
    (out, mine)
}

#[test]
fn the_sample_is_written_as_references_variables_and_the_aws_defaults() {
    let out = export_design_terraform(&sample_design());
    let names: Vec<&str> = out.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "main.tf",
            "variables.tf",
            "network.tf",
            "security.tf",
            "compute.tf",
            "outputs.tf"
        ]
    );
    let network = file(&out, "network.tf");
    assert!(network.contains("cidr_block           = var.vpc_cidr"));
    assert!(network.contains("cidr_block              = var.subnet_cidrs[\"public_a\"]"));
    assert!(network.contains("resource \"aws_default_route_table\" \"main\""));
    assert!(network.contains("gateway_id = aws_internet_gateway.week1_igw.id"));
    let security = file(&out, "security.tf");
    assert!(security.contains("resource \"aws_default_security_group\" \"default\""));
    assert!(security.contains("resource \"aws_default_network_acl\" \"default\""));
    assert!(security.contains("security_groups = [aws_security_group.bastion.id]"));
    // Every group's egress is written: a Terraform group has none unless it is.
    assert_eq!(security.matches("egress {").count(), 4);
    let compute = file(&out, "compute.tf");
    assert!(
        compute.contains("private_ip             = cidrhost(aws_subnet.public_a.cidr_block, 10)")
    );
    assert!(compute.contains("Role = \"bastion\""));
    assert!(compute.contains("instance = aws_instance.bastion.id"));
    assert_eq!(out.addresses["i-0bastion"], "aws_instance.bastion");
    assert_eq!(out.addresses["rtb-0main"], "aws_default_route_table.main");
    assert!(out
        .warnings
        .iter()
        .any(|w| w.component.is_empty() && w.message.contains("saved test flow")));
}

#[test]
fn a_deleted_nat_gateway_is_left_out_and_its_route_stays_a_blackhole() {
    let (out, w) = warned(
        |n| {
            n.nat_gateways.push(NatGateway {
                id: "nat-gone".into(),
                subnet_id: "subnet-0a11".into(),
                state: NatState::Deleted,
                ..NatGateway::default()
            });
            n.route_tables[0].routes.push(Route {
                destination: RouteDestination::Cidr("0.0.0.0/0".into()),
                target: RouteTarget {
                    kind: TargetKind::Nat,
                    id: "nat-gone".into(),
                },
                state: RouteState::Blackhole,
            });
        },
        "nat-gone",
    );
    assert!(
        w[0].contains("deleted is not a resource Terraform can declare"),
        "{w:?}"
    );
    assert!(file(&out, "network.tf").contains("nat_gateway_id = \"nat-gone\""));
    let back = import(&out);
    let codes: Vec<String> = crate::network::lint(&back.network)
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"BLACKHOLE_ROUTE".to_string()), "{codes:?}");
}

#[test]
fn a_blackhole_route_whose_target_works_is_warned_about() {
    let (_, w) = warned(
        |n| n.route_tables[1].routes[1].state = RouteState::Blackhole,
        "rtb-0public",
    );
    assert!(w.iter().any(|m| m.contains("marked blackhole")), "{w:?}");
}

#[test]
fn an_instance_without_a_group_gets_an_empty_one_not_the_default() {
    let (out, w) = warned(|n| n.instances[1].security_groups.clear(), "i-0app");
    assert!(
        w[0].contains("empty group aws_security_group.app_no_rules"),
        "{w:?}"
    );
    let back = import(&out);
    let app = back.network.instance("aws_instance.app").unwrap();
    assert_eq!(app.security_groups, ["aws_security_group.app_no_rules"]);
    let t = trace(
        &back.network,
        &Flow::tcp("aws_instance.bastion", "aws_instance.app", 22),
    )
    .unwrap();
    assert!(!t.is_reachable());
}

/// A change to the sample network.
type Edit = Box<dyn FnOnce(&mut Network)>;

#[test]
fn a_customer_managed_prefix_list_is_a_resource_its_rules_reference() {
    let mut n = sample_network();
    n.prefix_lists.push(PrefixList {
        id: "pl-mine".into(),
        name: "office".into(),
        cidrs: vec!["198.51.100.0/24".into(), "203.0.113.0/24".into()],
        ..PrefixList::default()
    });
    n.security_groups[1].ingress.push(SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange::single(22)),
        icmp: None,
        peer: RulePeer::PrefixList("pl-mine".into()),
        description: String::new(),
    });
    let out = export_terraform(&n);
    let network = file(&out, "network.tf");
    assert!(
        network.contains("resource \"aws_ec2_managed_prefix_list\" \"office\"")
            && network.contains("cidr = \"203.0.113.0/24\""),
        "{network}"
    );
    assert!(
        file(&out, "security.tf").contains("aws_ec2_managed_prefix_list.office.id"),
        "the rule references the list"
    );
    let back = import(&out);
    assert_eq!(
        back.network
            .prefix_list("aws_ec2_managed_prefix_list.office")
            .map(|p| p.cidrs.clone()),
        Some(vec!["198.51.100.0/24".into(), "203.0.113.0/24".into()])
    );
}

#[test]
fn what_terraform_cannot_say_is_named_by_a_warning() {
    let cases: Vec<(&str, Edit, &str, &str)> = vec![
        (
            "a rejected peering is written as pending",
            Box::new(|n| {
                n.vpcs.push(Vpc {
                    ipv6_cidr_blocks: Vec::new(),
                    id: "vpc-2".into(),
                    name: "peer".into(),
                    cidr_blocks: vec!["10.9.0.0/16".into()],
                });
                n.peering_connections.push(PeeringConnection {
                    id: "pcx-1".into(),
                    name: String::new(),
                    requester_vpc: "vpc-0a1b2c3d".into(),
                    accepter_vpc: "vpc-2".into(),
                    status: PeeringStatus::Rejected,
                });
            }),
            "pcx-1",
            "written as pending acceptance",
        ),
        (
            "a dangling reference keeps the literal id",
            Box::new(|n| n.instances[0].security_groups.push("sg-gone".into())),
            "i-0bastion",
            "sg-gone, which is not in the design",
        ),
        (
            "an auto-assigned public address is AWS's",
            Box::new(|n| n.instances[0].elastic_ip = false),
            "i-0bastion",
            "AWS assigns the public address at launch",
        ),
        (
            "a transit gateway peering attachment is not written",
            Box::new(|n| {
                n.transit_gateways.push(TransitGateway {
                    id: "tgw-1".into(),
                    name: String::new(),
                });
                n.transit_gateway_attachments
                    .push(TransitGatewayAttachment {
                        id: "tgw-attach-peer".into(),
                        transit_gateway_id: "tgw-1".into(),
                        kind: TgwAttachmentKind::Peering,
                        peer_transit_gateway_id: Some("tgw-far".into()),
                        ..TransitGatewayAttachment::default()
                    });
            }),
            "tgw-attach-peer",
            "peering attachment",
        ),
        (
            "a TCP rule for port 0 only",
            Box::new(|n| n.security_groups[1].ingress[0].ports = Some(PortRange::single(0))),
            "sg-0bastion",
            "port 0 only",
        ),
        (
            "a Kubernetes node's labels",
            Box::new(|n| {
                n.instances[1]
                    .node_labels
                    .insert("tier".into(), "web".into());
            }),
            "i-0app",
            "labels and taints",
        ),
        (
            "a second main route table",
            Box::new(|n| n.route_tables[1].main = true),
            "rtb-0public",
            "already has a main route table",
        ),
    ];
    for (name, edit, component, needle) in cases {
        let (out, w) = warned(edit, component);
        assert!(
            w.iter().any(|m| m.contains(needle)),
            "{name}: no warning containing `{needle}` for {component}: {w:?}"
        );
        // Still a configuration the importer reads.
        import(&out);
    }
}

#[test]
fn groups_that_reference_each_other_are_written_with_separate_rules() {
    let mut net = sample_network();
    // bastion ← app already; add app → bastion, closing a cycle.
    let rule = SecurityGroupRule::tcp_from_group(9000, "sg-0app", "from app");
    net.security_groups[1].ingress.push(rule);
    let out = export_terraform(&net);
    let security = file(&out, "security.tf");
    assert!(
        security.contains("resource \"aws_vpc_security_group_ingress_rule\" \"bastion_ingress_2\"")
    );
    assert!(security.contains("referenced_security_group_id = aws_security_group.app.id"));
    let back = import(&out);
    let bastion = back
        .network
        .security_group("aws_security_group.bastion")
        .unwrap();
    assert_eq!(bastion.ingress.len(), 2);
    assert_eq!(bastion.egress.len(), 1);
}

#[test]
fn the_same_design_gives_the_same_bytes() {
    let a = export_design_terraform(&sample_design());
    let b = export_design_terraform(&sample_design());
    assert_eq!(a, b);
}

#[test]
fn a_route_to_an_instance_goes_through_its_primary_interface() {
    let mut net = sample_network();
    net.instances[0].role = InstanceRole::NatInstance;
    net.instances[0].source_dest_check = false;
    net.route_tables[0].routes.push(Route {
        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
        target: RouteTarget {
            kind: TargetKind::Instance,
            id: "i-0bastion".into(),
        },
        state: RouteState::Active,
    });
    let out = export_terraform(&net);
    assert!(file(&out, "network.tf")
        .contains("network_interface_id = aws_instance.bastion.primary_network_interface_id"));
    let back = import(&out).network;
    let nat = back.instance("aws_instance.bastion").unwrap();
    assert_eq!(nat.role, InstanceRole::NatInstance);
    assert!(!nat.source_dest_check);
    assert_eq!(nat.eni_id.as_deref(), Some("aws_instance.bastion:eni"));
    let main = back.route_table("aws_default_route_table.main").unwrap();
    assert_eq!(main.routes[0].target.id, "aws_instance.bastion:eni");
    assert!(!crate::network::lint(&back)
        .iter()
        .any(|d| d.code == "BLACKHOLE_ROUTE"));
}

#[test]
fn a_table_on_a_cycle_with_an_endpoint_gets_separate_routes() {
    let mut net = sample_network();
    net.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-s3".into(),
        name: "s3".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        service: "com.amazonaws.ap-northeast-2.s3".into(),
        endpoint_type: EndpointType::Gateway,
        route_table_ids: vec!["rtb-0public".into()],
        prefix_list_id: None,
        interface: None,
    });
    // A CIDR route to the endpoint: the table names the endpoint, which names the table.
    net.route_tables[1].routes.push(Route {
        destination: RouteDestination::Cidr("52.216.0.0/15".into()),
        target: RouteTarget {
            kind: TargetKind::Vpce,
            id: "vpce-s3".into(),
        },
        state: RouteState::Active,
    });
    let out = export_terraform(&net);
    let network = file(&out, "network.tf");
    assert!(
        network.contains("resource \"aws_route\" \"public_2\""),
        "{network}"
    );
    assert!(network.contains("destination_cidr_block = \"0.0.0.0/0\""));
    assert!(
        !network.contains("  route {"),
        "no inline routes mixed in: {network}"
    );
    let back = import(&out).network;
    let t = back.route_table("aws_route_table.public").unwrap();
    assert_eq!(t.routes.len(), 3, "{:?}", t.routes);
}

#[test]
fn a_second_component_with_the_same_id_is_left_out_with_a_warning() {
    let (out, w) = warned(
        |n| {
            let twin = n.instances[0].clone();
            n.instances.push(twin);
        },
        "i-0bastion",
    );
    assert!(
        w.iter().any(|m| m.contains("only the first is exported")),
        "{w:?}"
    );
    assert_eq!(
        file(&out, "compute.tf")
            .matches("resource \"aws_instance\"")
            .count(),
        2
    );
    import(&out);
}

#[test]
fn rule_descriptions_keep_to_the_characters_aws_accepts() {
    assert_eq!(
        aws_rule_description("SSH from the admin's own IP"),
        "SSH from the admins own IP"
    );
    assert_eq!(aws_rule_description("a\nb <c>"), "a b c");
    assert_eq!(aws_rule_description("${x} [ok] #1"), "${x} [ok] #1");
    let (out, w) = warned(
        |n| n.security_groups[1].ingress[0].description = "admin's SSH".into(),
        "sg-0bastion",
    );
    assert!(
        w.iter().any(|m| m.contains("written as \"admins SSH\"")),
        "{w:?}"
    );
    assert!(file(&out, "security.tf").contains("description = \"admins SSH\""));
}

#[test]
fn a_further_interface_is_written_with_its_attachment_and_imports_back_q5() {
    let mut net = sample_network();
    net.instances[1].network_interfaces.push(InstanceInterface {
        id: "eni-0app-side".into(),
        device_index: 1,
        subnet_id: "subnet-0a11".into(),
        private_ip: "10.0.1.77".into(),
        secondary_private_ips: vec!["10.0.1.78".into()],
        security_groups: vec!["sg-0bastion".into()],
        source_dest_check: false,
        ..InstanceInterface::default()
    });
    // A route to the further interface names it by reference.
    net.route_tables[0].routes.push(Route {
        destination: RouteDestination::Cidr("192.168.0.0/16".into()),
        target: RouteTarget {
            kind: TargetKind::Eni,
            id: "eni-0app-side".into(),
        },
        state: RouteState::Active,
    });
    let out = export_terraform(&net);
    let compute = file(&out, "compute.tf");
    assert!(
        compute.contains("resource \"aws_network_interface\" \"app_eth1\"")
            && compute.contains("resource \"aws_network_interface_attachment\" \"app_eth1\"")
            && compute.contains("device_index         = 1")
            && compute.contains("source_dest_check = false"),
        "{compute}"
    );
    assert!(file(&out, "network.tf")
        .contains("network_interface_id = aws_network_interface.app_eth1.id"));
    let back = import(&out).network;
    let app = back.instance("aws_instance.app").unwrap();
    let f = &app.network_interfaces[0];
    assert_eq!(
        (
            f.id.as_str(),
            f.subnet_id.as_str(),
            f.private_ip.as_str(),
            f.source_dest_check
        ),
        (
            "aws_network_interface.app_eth1",
            "aws_subnet.public_a",
            "10.0.1.77",
            false
        )
    );
    assert_eq!(f.secondary_private_ips, vec!["10.0.1.78"]);
    assert_eq!(f.security_groups, vec!["aws_security_group.bastion"]);
    let main = back.route_table("aws_default_route_table.main").unwrap();
    assert!(main
        .routes
        .iter()
        .any(|r| r.target.id == "aws_network_interface.app_eth1"));
    assert!(!crate::network::lint(&back)
        .iter()
        .any(|d| d.code == "BLACKHOLE_ROUTE"));
}
