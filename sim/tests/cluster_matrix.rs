//! The cluster matrix over a VPC (what the app's Traces tab shows for a design with manifests)
//! answers every cell as the full trace of that cell does: same verdict, same first blocker,
//! same code. Cells between pods and the VPC's endpoints (both ways) and between pods take a
//! verdict-only path (policies evaluated directly, the VPC walked without sentences); these
//! tests hold it to the trace on networks where the VPC blocks some cells on the forward path
//! (a security group) and some on the return path (a network ACL), beside NetworkPolicy
//! denials in both directions and ipBlock rules that judge an instance or a database at its
//! own address.

use std::fmt::Write as _;

use serde_json::{json, Value};
use sim::cluster::kubenet::ClusterNetwork;
use sim::network::trace::matrix::matrix_endpoints;
use sim::network::trace::{Matrix, MatrixCell, PathSide, ReasonCode};
use sim::network::{Design, Flow, NetworkIndex, Protocol};

fn fixture(rel: &str) -> String {
    let path = format!("{}/../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The shop manifests plus `pods` generated pods on the two private nodes and policies that
/// isolate apps 0–3 for ingress and some for egress (ipBlock with except included); app-3 also
/// admits the public subnet (the bastion) by ipBlock on 8080, and app-4 is isolated for egress
/// only, to the public subnet on 8080 and to the internet by ipBlock.
fn manifests(pods: usize) -> String {
    let mut out = fixture("k8s/network/ingress-shop.yaml");
    for i in 0..pods {
        let node = if i % 2 == 1 { "k8s-c2" } else { "k8s-c1" };
        let _ = write!(
            out,
            "\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p-{i}, namespace: shop, labels: {{app: app-{}}}}}\nspec:\n  nodeName: {node}\n  containers: [{{name: c, image: c, ports: [{{name: http, containerPort: 8080}}]}}]\n",
            i % 5
        );
    }
    for k in 0..4 {
        let types = if k % 2 == 0 {
            "[Ingress, Egress]"
        } else {
            "[Ingress]"
        };
        let except = if k == 1 {
            ", {ipBlock: {cidr: 10.0.0.0/16, except: [10.0.2.0/26]}}"
        } else {
            ""
        };
        let _ = write!(
            out,
            "\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: np-{k}, namespace: shop}}\nspec:\n  podSelector: {{matchLabels: {{app: app-{k}}}}}\n  policyTypes: {types}\n  ingress:\n  - from: [{{podSelector: {{matchLabels: {{app: app-{}}}}}}}{except}]\n    ports: [{{protocol: TCP, port: {}}}]\n  egress:\n  - to: [{{podSelector: {{matchLabels: {{app: app-{}}}}}}}]\n",
            (k + 1) % 4,
            if k % 2 == 0 { "http" } else { "80" },
            (k + 2) % 4,
        );
    }
    out.push_str(concat!(
        "\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-public, namespace: shop}\n",
        "spec:\n  podSelector: {matchLabels: {app: app-3}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.1.0/24}}]\n    ports: [{protocol: TCP, port: 8080}]\n",
        "\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out-by-address, namespace: shop}\n",
        "spec:\n  podSelector: {matchLabels: {app: app-4}}\n  policyTypes: [Egress]\n  egress:\n",
        "  - to: [{ipBlock: {cidr: 10.0.1.0/24}}]\n    ports: [{protocol: TCP, port: 8080}]\n",
        "  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n",
    ));
    out
}

/// The eks-ingress-rds design, changed by `edit`.
fn design(edit: impl FnOnce(&mut Value)) -> Design {
    let mut v: Value = serde_json::from_str(&fixture("designs/eks-ingress-rds.json")).unwrap();
    edit(&mut v);
    Design::from_json(&v.to_string()).expect("the edited design loads")
}

/// Which cells a setting exercised: (kind of cell, first blocker's code or `None`, its side),
/// the kinds being `endpoint → pod`, `pod → endpoint`, `pod → pod` and `endpoint → endpoint`.
type Seen = Vec<(&'static str, Option<ReasonCode>, Option<PathSide>)>;

/// Every cell of the app's matrix (VPC endpoints then pods) against its trace; returns which
/// kinds of cells it saw and the matrix.
fn assert_cells_are_their_traces(d: &Design, ports: &[u16]) -> (Seen, Matrix) {
    let (cn, _) = ClusterNetwork::build(&[("m.yaml", &manifests(24))], Some(&d.network), 0);
    let net = cn.network.as_ref().expect("nodes matched to instances");
    let ix = NetworkIndex::build(net);
    let mut ends = matrix_endpoints(&ix);
    ends.extend(
        cn.matrix_endpoints()
            .into_iter()
            .filter(|e| e.starts_with("pod:")),
    );
    let m = cn
        .matrix(Some(&ix), &ends, &ends, Protocol::Tcp, ports)
        .unwrap();
    assert_eq!(m.cells.len(), ends.len() * ends.len() * ports.len());
    let mut seen = Seen::new();
    for c in &m.cells {
        if c.from == c.to {
            continue;
        }
        let t = cn
            .trace(Some(&ix), &Flow::tcp(&c.from, &c.to, c.port))
            .unwrap();
        let first = t.blockers.first();
        let at = format!("{} → {}:{}", c.from, c.to, c.port);
        assert_eq!(c.reachable, t.is_reachable(), "{at}");
        assert_eq!(
            c.blocked_by.as_deref(),
            first.map(|b| b.component.as_str()),
            "{at}"
        );
        assert_eq!(c.reason_code, first.map(|b| b.code), "{at}");
        let kind = match (c.from.starts_with("pod:"), c.to.starts_with("pod:")) {
            (false, true) => "endpoint → pod",
            (true, false) => "pod → endpoint",
            (true, true) => "pod → pod",
            (false, false) => "endpoint → endpoint",
        };
        let entry = (kind, c.reason_code, first.map(|b| b.side));
        if !seen.contains(&entry) {
            seen.push(entry);
        }
    }
    (seen, m)
}

/// The cell `from` → `to`:`port` of `m`.
fn cell<'m>(m: &'m Matrix, from: &str, to: &str, port: u16) -> &'m MatrixCell {
    m.cells
        .iter()
        .find(|c| c.from == from && c.to == to && c.port == port)
        .unwrap_or_else(|| panic!("no cell {from} → {to}:{port}"))
}

/// Whether `seen` has a cell of `kind` whose first blocker has `code` (`None`: reachable) on
/// `side`.
fn saw(seen: &Seen, kind: &str, code: Option<ReasonCode>, side: Option<PathSide>) -> bool {
    seen.iter()
        .any(|(k, c, s)| *k == kind && *c == code && (side.is_none() || *s == side))
}

#[test]
fn every_cell_is_its_trace_on_the_fixture_network() {
    let (seen, m) = assert_cells_are_their_traces(&design(|_| {}), &[80, 8080, 5432]);
    for kind in ["endpoint → pod", "pod → endpoint", "pod → pod"] {
        assert!(
            saw(&seen, kind, None, None),
            "a reachable {kind} cell: {seen:?}"
        );
    }
    assert!(
        saw(
            &seen,
            "endpoint → pod",
            Some(ReasonCode::NetworkPolicyIngress),
            None
        ),
        "{seen:?}"
    );
    assert!(
        saw(
            &seen,
            "pod → endpoint",
            Some(ReasonCode::NetworkPolicyEgress),
            None
        ),
        "{seen:?}"
    );
    assert!(
        saw(
            &seen,
            "pod → pod",
            Some(ReasonCode::NetworkPolicyEgress),
            None
        ),
        "{seen:?}"
    );
    assert!(
        saw(
            &seen,
            "pod → pod",
            Some(ReasonCode::NetworkPolicyIngress),
            None
        ),
        "{seen:?}"
    );
    // ipBlock judges an instance by its own address: the bastion (10.0.1.10) is in the public
    // subnet app-3 admits, the app server (10.0.2.20) is not.
    assert!(cell(&m, "i-0bastion", "pod:shop/p-3", 8080).reachable);
    let denied = cell(&m, "i-0app", "pod:shop/p-3", 8080);
    assert_eq!(
        (denied.blocked_by.as_deref(), denied.reason_code),
        (
            Some("networkpolicy:shop/from-public"),
            Some(ReasonCode::NetworkPolicyIngress)
        )
    );
    // And a pod's egress ipBlock judges the destination's address: app-4 may reach the
    // public subnet on 8080 (the third node, 10.0.1.33), not the database.
    let public = cell(&m, "pod:shop/p-4", "i-0k8s3", 8080);
    assert!(public.reachable, "{public:?}");
    let db = cell(&m, "pod:shop/p-4", "db-orders", 5432);
    assert_eq!(
        (db.blocked_by.as_deref(), db.reason_code),
        (
            Some("networkpolicy:shop/out-by-address"),
            Some(ReasonCode::NetworkPolicyEgress)
        )
    );
}

#[test]
fn every_cell_is_its_trace_when_a_security_group_blocks_the_forward_path() {
    // The nodes' group admits 8080 only from the first quarter of the private subnet, where
    // some pods' addresses fall and others' do not.
    let d = design(|v| {
        let sgs = v["network"]["security_groups"].as_array_mut().unwrap();
        let app = sgs.iter_mut().find(|g| g["id"] == "sg-0app").unwrap();
        app["ingress"][1]["peer"] = json!({"cidr": "10.0.2.0/26"});
    });
    let (seen, _) = assert_cells_are_their_traces(&d, &[8080]);
    for kind in ["endpoint → pod", "pod → endpoint"] {
        assert!(
            saw(
                &seen,
                kind,
                Some(ReasonCode::SecurityGroupRulesMismatch),
                Some(PathSide::Forward)
            ),
            "a {kind} cell the nodes' group refuses: {seen:?}"
        );
    }
}

#[test]
fn every_cell_is_its_trace_when_a_network_acl_blocks_the_return_path() {
    // k8s-c2 moves to its own subnet whose ACL lets nothing out above port 1023: replies from
    // its pods (to the client's ephemeral port) are dropped on the way back.
    let d = design(|v| {
        let n = &mut v["network"];
        n["subnets"].as_array_mut().unwrap().push(json!({
            "id": "subnet-0c33", "name": "private-c2", "vpc_id": "vpc-0a1b2c3d",
            "cidr": "10.0.3.0/24", "availability_zone": "ap-northeast-2c",
            "map_public_ip_on_launch": false
        }));
        let insts = n["instances"].as_array_mut().unwrap();
        let c2 = insts.iter_mut().find(|i| i["id"] == "i-0k8s2").unwrap();
        c2["subnet_id"] = json!("subnet-0c33");
        if let Some(ip) = c2.get_mut("private_ip") {
            *ip = json!("10.0.3.10");
        }
        n["network_acls"].as_array_mut().unwrap().push(json!({
            "id": "acl-0c33", "name": "no-replies", "vpc_id": "vpc-0a1b2c3d",
            "entries": [
                {"rule_number": 100, "egress": false, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"},
                {"rule_number": 100, "egress": true, "protocol": "tcp", "ports": {"from": 0, "to": 1023}, "cidr": "0.0.0.0/0", "action": "allow"}
            ],
            "associations": ["subnet-0c33"]
        }));
    });
    let (cn, _) = ClusterNetwork::build(&[("m.yaml", &manifests(24))], Some(&d.network), 0);
    let ix = NetworkIndex::build(cn.network.as_ref().unwrap());
    let t = cn
        .trace(Some(&ix), &Flow::tcp("pod:shop/p-8", "pod:shop/p-9", 8080))
        .unwrap();
    assert_eq!(
        t.blockers.first().map(|b| (b.component.as_str(), b.side)),
        Some(("acl-0c33", sim::network::trace::PathSide::Return)),
        "the setting under test: a return-path block ({:?})",
        t.blockers
    );
    let (seen, _) = assert_cells_are_their_traces(&d, &[80, 8080]);
    for kind in ["endpoint → pod", "pod → pod"] {
        assert!(
            seen.iter()
                .any(|(k, _, s)| *k == kind && *s == Some(PathSide::Return)),
            "a {kind} cell whose reply the ACL drops: {seen:?}"
        );
    }
    assert!(
        seen.iter().any(|(k, c, s)| *k == "pod → endpoint"
            && c.is_some()
            && *s == Some(PathSide::Forward)
            && !matches!(c, Some(ReasonCode::NetworkPolicyEgress))),
        "a pod → endpoint cell the ACL drops on the way out: {seen:?}"
    );
}

#[test]
fn an_instance_reaching_a_pod_is_judged_by_its_own_address_not_the_internets() {
    // `from-public` admits the public subnet to app-3 by ipBlock: the bastion (10.0.1.x) is
    // inside it.
    let yaml = manifests(10);
    let d = design(|_| {});
    let (cn, _) = ClusterNetwork::build(&[("m.yaml", &yaml)], Some(&d.network), 0);
    let ix = NetworkIndex::build(cn.network.as_ref().unwrap());
    let t = cn
        .trace(Some(&ix), &Flow::tcp("i-0bastion", "pod:shop/p-3", 8080))
        .unwrap();
    let policy = t
        .hops
        .iter()
        .find(|h| h.component.starts_with("networkpolicy:"))
        .expect("the pod's ingress policy is a hop");
    assert_eq!(policy.component, "networkpolicy:shop/from-public");
    assert_eq!(policy.decision, sim::network::Decision::Allow, "{policy:?}");
    assert!(policy.packet.starts_with("10.0.1."), "{}", policy.packet);
    assert!(
        !t.blockers
            .iter()
            .any(|b| b.component.starts_with("networkpolicy:")),
        "{:?}",
        t.blockers
    );
}
