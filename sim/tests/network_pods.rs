//! Pods are on the network: under the AWS VPC CNI a pod's IP is a secondary private IP of its
//! node's interface, so its traffic is the node's (same security groups, NACLs and routes),
//! sent from and delivered to the pod's own address.

use sim::network::samples::sample_design;
use sim::network::{trace_design, Flow, SecurityGroupRule, Verdict};

const POD_IP: &str = "10.0.2.50";

fn design_with_pod() -> (sim::network::Design, String, String) {
    let mut d = sample_design();
    let app = d
        .network
        .instances
        .iter_mut()
        .find(|i| i.name == "app")
        .unwrap();
    app.secondary_private_ips.push(POD_IP.into());
    let app_id = app.id.clone();
    let bastion = d
        .network
        .instances
        .iter()
        .find(|i| i.name == "bastion")
        .unwrap()
        .id
        .clone();
    (d, app_id, bastion)
}

#[test]
fn traffic_to_a_pod_ip_is_delivered_to_its_node_and_checked_by_the_node_groups() {
    let (d, app, bastion) = design_with_pod();
    let t = trace_design(&d, &Flow::tcp(&bastion, POD_IP, 8080)).unwrap();
    assert!(t.is_reachable(), "{:?}", t.verdict);
    let last = t.hops.last().unwrap();
    assert_eq!(last.component, app);
    assert!(
        last.packet.contains(&format!("{POD_IP}:8080")),
        "{}",
        last.packet
    );
}

#[test]
fn a_pod_sends_from_its_own_address_and_group_references_recognise_it() {
    let (mut d, app, bastion) = design_with_pod();
    // Until the bastion admits the app tier, the pod cannot SSH to it (S5 works by group).
    let t = trace_design(&d, &Flow::tcp(POD_IP, &bastion, 22)).unwrap();
    assert!(matches!(t.verdict, Verdict::Unreachable { .. }));
    assert!(t.hops[0].packet.starts_with(POD_IP), "{}", t.hops[0].packet);
    let app_group = d.network.instance(&app).unwrap().security_groups[0].clone();
    let bastion_group = d.network.instance(&bastion).unwrap().security_groups[0].clone();
    d.network
        .security_groups
        .iter_mut()
        .find(|g| g.id == bastion_group)
        .unwrap()
        .ingress
        .push(SecurityGroupRule::tcp_from_group(
            22,
            &app_group,
            "from the app tier",
        ));
    let t = trace_design(&d, &Flow::tcp(POD_IP, &bastion, 22)).unwrap();
    assert!(t.is_reachable(), "{:?}", t.verdict);
}

#[test]
fn a_pod_in_a_private_subnet_without_a_nat_cannot_reach_the_internet() {
    let (d, _, _) = design_with_pod();
    let t = trace_design(&d, &Flow::tcp(POD_IP, "internet", 443)).unwrap();
    match t.verdict {
        Verdict::Unreachable { code, .. } => assert_eq!(code, "NO_ROUTE_TO_DESTINATION"),
        v => panic!("expected unreachable, got {v:?}"),
    }
}
