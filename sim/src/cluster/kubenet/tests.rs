//! Cluster traces end to end from manifests: Services, node ports and NetworkPolicies in one
//! walk, with and without the VPC under the nodes.

use super::*;
use crate::network::msg::Arg;
use crate::network::trace::{Flow, FlowError, ReasonCode, Verdict};

pub(crate) const MANIFESTS: &str = r#"
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: n2}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
{kind: Namespace, apiVersion: v1, metadata: {name: frontend, labels: {team: frontend}}}
---
{kind: Namespace, apiVersion: v1, metadata: {name: backend, labels: {team: backend}}}
---
{kind: Namespace, apiVersion: v1, metadata: {name: db}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: frontend, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-a, namespace: backend, labels: {app: api}}
spec: {nodeName: n1, containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-b, namespace: backend, labels: {app: api}}
spec: {nodeName: n2, containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: postgres-0, namespace: db, labels: {app: postgres}}
spec: {nodeName: n2, containers: [{name: pg, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec: {clusterIP: 10.100.12.7, selector: {app: api}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-headless, namespace: backend}
spec: {clusterIP: None, selector: {app: api}, ports: [{port: 8080, targetPort: 9999}]}
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: backend}
spec: {selector: {app: nothing}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: badport, namespace: backend}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: metrics}]}
---
apiVersion: v1
kind: Service
metadata: {name: pg-np, namespace: db}
spec: {type: NodePort, externalTrafficPolicy: Local, selector: {app: postgres}, ports: [{port: 5432, nodePort: 30432}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-np, namespace: backend}
spec: {type: NodePort, selector: {app: api}, ports: [{port: 80, targetPort: http, nodePort: 30080}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-backend, namespace: db}
spec:
  podSelector: {matchLabels: {app: postgres}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: api}}
      namespaceSelector: {matchLabels: {team: backend}}
    ports: [{port: pg}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-api, namespace: frontend}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {team: backend}}}]
"#;

fn cluster() -> ClusterNetwork {
    let (cn, diags) = ClusterNetwork::build(&[("m.yaml", MANIFESTS)], None, 1);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    assert!(
        !diags.iter().any(|d| d.message.contains("unknown kind")),
        "{diags:?}"
    );
    cn
}

#[test]
fn cluster_traces_give_the_contract_verdicts_and_blockers() {
    let cn = cluster();
    assert!(
        cn.pods.iter().all(|p| p.ip.is_some() && p.ready),
        "{:?}",
        cn.pods
    );
    // (name, from, to, port, expected blocked_by and reason_code; None = reachable)
    type Case<'a> = (&'a str, &'a str, &'a str, u16, Option<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "a Service is DNAT'ed to its first ready endpoint",
            "pod:frontend/web-1",
            "service:backend/api",
            80,
            None,
        ),
        (
            "one peer with pod AND namespace selectors admits api pods of team=backend",
            "pod:backend/api-a",
            "pod:db/postgres-0",
            5432,
            None,
        ),
        (
            "web's egress policy allows only backend namespaces",
            "pod:frontend/web-1",
            "pod:db/postgres-0",
            5432,
            Some(("networkpolicy:frontend/only-api", "NETWORK_POLICY_EGRESS")),
        ),
        (
            "a port the ingress rule does not list is denied",
            "pod:backend/api-a",
            "pod:db/postgres-0",
            5433,
            Some(("networkpolicy:db/allow-backend", "NETWORK_POLICY_INGRESS")),
        ),
        (
            "a selector matching no pod leaves the Service without endpoints",
            "pod:frontend/web-1",
            "service:backend/empty",
            80,
            Some(("service:backend/empty", "SERVICE_NO_ENDPOINTS")),
        ),
        (
            "a port the Service does not have",
            "pod:frontend/web-1",
            "service:backend/api",
            8080,
            Some(("service:backend/api", "SERVICE_PORT_MISMATCH")),
        ),
        (
            "a named targetPort no container declares",
            "pod:frontend/web-1",
            "service:backend/badport",
            80,
            Some(("service:backend/badport", "SERVICE_TARGET_PORT_UNRESOLVED")),
        ),
        (
            "a node port with Cluster policy reaches an endpoint on another node",
            "internet",
            "node:n2",
            30080,
            None,
        ),
        (
            "externalTrafficPolicy Local with no endpoint on that node",
            "internet",
            "node:n1",
            30432,
            Some(("service:db/pg-np", "SERVICE_NO_ENDPOINTS")),
        ),
        (
            "Local keeps the client address, which the database policy does not admit",
            "internet",
            "node:n2",
            30432,
            Some(("networkpolicy:db/allow-backend", "NETWORK_POLICY_INGRESS")),
        ),
        (
            "a node port no Service uses",
            "internet",
            "node:n1",
            31000,
            Some(("node:n1", "SERVICE_PORT_MISMATCH")),
        ),
    ];
    for (name, from, to, port, want) in cases {
        let t = cn
            .trace(None, &Flow::tcp(from, to, port))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let j = t.to_contract_json();
        match want {
            None => assert_eq!(j["verdict"], "reachable", "{name}: {j:#}"),
            Some((by, code)) => {
                assert_eq!(j["verdict"], "unreachable", "{name}");
                assert_eq!(j["blocked_by"], by, "{name}: {j:#}");
                assert_eq!(j["reason_code"], code, "{name}: {j:#}");
            }
        }
    }
}

#[test]
fn hops_say_which_endpoint_kube_proxy_chose_and_which_policy_allowed() {
    let cn = cluster();
    let t = cn
        .trace(
            None,
            &Flow::tcp("pod:frontend/web-1", "service:backend/api", 80),
        )
        .unwrap();
    let api_a = cn
        .pods
        .iter()
        .find(|p| p.name == "api-a")
        .and_then(|p| p.ip)
        .unwrap();
    assert_eq!(
        t.hops[0].explanation,
        format!("Service backend/api (10.100.12.7:80) → pod api-a {}:8080 chosen by kube-proxy (1 of 2 ready endpoints; the simulator takes the first by name)", Ipv4Addr::from(api_a))
    );
    assert_eq!(t.hops[1].component, "networkpolicy:frontend/only-api");
    assert_eq!(t.hops[1].explanation, "NetworkPolicy frontend/only-api allows every port (TCP 8080) to every pod in namespaces with team=backend");
    let t = cn
        .trace(
            None,
            &Flow::tcp("pod:backend/api-b", "pod:db/postgres-0", 5432),
        )
        .unwrap();
    let ingress = t
        .hops
        .iter()
        .find(|h| h.component == "networkpolicy:db/allow-backend")
        .unwrap();
    assert_eq!(ingress.explanation, "NetworkPolicy db/allow-backend allows TCP port \"pg\" (5432 on pod db/postgres-0) from pods with app=api in namespaces with team=backend");
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("VPC") && n.contains("not checked")),
        "{:?}",
        t.notes
    );
}

#[test]
fn a_denied_connection_lists_every_blocker_in_path_order() {
    let cn = cluster();
    let t = cn
        .trace(
            None,
            &Flow::tcp("pod:frontend/web-1", "pod:db/postgres-0", 5432),
        )
        .unwrap();
    let codes: Vec<(String, &str)> = t
        .blockers
        .iter()
        .map(|b| (b.component.clone(), b.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (
                "networkpolicy:frontend/only-api".to_string(),
                "NETWORK_POLICY_EGRESS"
            ),
            (
                "networkpolicy:db/allow-backend".to_string(),
                "NETWORK_POLICY_INGRESS"
            ),
        ]
    );
    assert!(matches!(t.verdict, Verdict::Unreachable { .. }));
}

#[test]
fn the_same_manifests_and_seed_give_the_same_trace() {
    let a = cluster()
        .trace(
            None,
            &Flow::tcp("pod:frontend/web-1", "service:backend/api", 80),
        )
        .unwrap();
    let b = cluster()
        .trace(
            None,
            &Flow::tcp("pod:frontend/web-1", "service:backend/api", 80),
        )
        .unwrap();
    assert_eq!(a, b);
}

#[test]
fn unknown_endpoints_are_errors_that_say_what_exists() {
    let cn = cluster();
    for (spec, hint) in [
        ("pod:backend/nope", "api-a"),
        ("service:x/y", "no Service x/y"),
        ("node:n9", "no node n9"),
    ] {
        let e = cn
            .trace(None, &Flow::tcp("pod:frontend/web-1", spec, 80))
            .unwrap_err();
        assert!(e.to_string().contains(hint), "{spec}: {e}");
    }
}

#[test]
fn an_endpoint_error_keeps_its_english_and_has_a_key_only_when_every_part_has_one() {
    let cn = cluster();
    let cases = [
        ("a missing pod", "pod:backend/nope", Some("k8s-end-no-pod")),
        (
            "a missing Service",
            "service:x/y",
            Some("k8s-end-no-service"),
        ),
        ("a missing node", "node:n9", Some("k8s-end-no-node")),
        (
            "an Ingress without a network",
            "ingress:a/b",
            Some("k8s-end-ingress-needs-network"),
        ),
    ];
    for (name, spec, hint_key) in cases {
        let e = cn
            .trace(None, &Flow::tcp("pod:frontend/web-1", spec, 80))
            .unwrap_err();
        let t = e.text();
        assert_eq!(t.en, e.to_string(), "{name}: the English is the error's");
        let m = t.msg.expect(name);
        assert_eq!(m.key, "flow-unknown-endpoint", "{name}");
        match m.arg("hint") {
            Some(Arg::Msg(h)) => assert_eq!(Some(h.key), hint_key, "{name}"),
            other => panic!("{name}: hint {other:?}"),
        }
    }
    // The VPC tracer's hints have no key yet: no key for the whole either, so a translation
    // never frames an English reason.
    let e = FlowError::UnknownEndpoint {
        spec: "i-nope".into(),
        hint: "expected an instance id".into(),
    };
    assert_eq!(e.text().en, e.to_string());
    assert_eq!(e.text().msg, None);
    let e = FlowError::PortRequired {
        protocol: "tcp".into(),
        from: "a".into(),
        to: "b".into(),
    };
    assert_eq!(e.text().en, e.to_string());
    assert_eq!(e.text().msg.map(|m| m.key), Some("flow-port-required"));
}

#[test]
fn with_a_network_the_path_continues_through_the_node_security_groups() {
    let design = crate::network::samples::sample_design();
    let app = design
        .network
        .instances
        .iter()
        .find(|i| i.name == "app")
        .unwrap()
        .clone();
    let bastion = design
        .network
        .instances
        .iter()
        .find(|i| i.name == "bastion")
        .unwrap()
        .id
        .clone();
    let subnet = design.network.subnet(&app.subnet_id).unwrap().clone();
    let manifests = format!(
        "kind: Node\napiVersion: v1\nmetadata: {{name: app-node}}\nspec: {{providerID: aws:///{}/{}}}\nstatus: {{allocatable: {{cpu: '4', memory: 8Gi, pods: '20'}}}}\n---\n\
         kind: Pod\napiVersion: v1\nmetadata: {{name: api, namespace: default, labels: {{app: api}}}}\nspec: {{nodeName: app-node, containers: [{{name: c, image: i, ports: [{{containerPort: 8080}}]}}]}}\n",
        subnet.availability_zone, app.id
    );
    let (cn, diags) = ClusterNetwork::build(&[("m.yaml", &manifests)], Some(&design.network), 1);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    let pod_ip = Ipv4Addr::from(cn.pods[0].ip.unwrap()).to_string();
    let net = cn.network.as_ref().unwrap();
    assert!(
        net.instances
            .iter()
            .any(|i| i.id == app.id && i.secondary_private_ips.contains(&pod_ip)),
        "the pod's address is on its node"
    );
    let ix = NetworkIndex::build(net);
    let cluster_only = cn
        .trace(None, &Flow::tcp(&bastion, "pod:default/api", 8080))
        .unwrap();
    let with_vpc = cn
        .trace(Some(&ix), &Flow::tcp(&bastion, "pod:default/api", 8080))
        .unwrap();
    let direct = ix.trace(&Flow::tcp(&bastion, &pod_ip, 8080)).unwrap();
    assert_eq!(
        with_vpc.is_reachable(),
        direct.is_reachable(),
        "the VPC decides like a trace to the pod's IP"
    );
    assert!(
        with_vpc.hops.len() > cluster_only.hops.len(),
        "security groups, ACLs and routes are on the path"
    );
    assert!(
        with_vpc.hops.iter().any(|h| h.component == app.id),
        "{:?}",
        with_vpc.hops
    );
}

#[test]
fn the_cluster_matrix_agrees_with_each_trace() {
    let cn = cluster();
    let endpoints = cn.matrix_endpoints();
    assert!(
        endpoints.contains(&"pod:db/postgres-0".to_string())
            && endpoints.contains(&"service:backend/api".to_string())
    );
    let sources: Vec<String> = endpoints
        .iter()
        .filter(|e| e.starts_with("pod:"))
        .cloned()
        .collect();
    let m = cn
        .matrix(
            None,
            &sources,
            &endpoints,
            crate::network::model::Protocol::Tcp,
            &[80, 5432],
        )
        .unwrap();
    assert_eq!(m.cells.len(), sources.len() * endpoints.len() * 2);
    for c in &m.cells {
        if c.from == c.to {
            assert_eq!(c.reason_code, Some(ReasonCode::SameEndpoint));
            continue;
        }
        let t = cn.trace(None, &Flow::tcp(&c.from, &c.to, c.port)).unwrap();
        assert_eq!(
            c.reachable,
            t.is_reachable(),
            "{} → {}:{}",
            c.from,
            c.to,
            c.port
        );
        assert_eq!(
            c.reason_code,
            t.blockers.first().map(|b| b.code),
            "{} → {}:{}",
            c.from,
            c.to,
            c.port
        );
    }
}

#[test]
fn a_headless_service_resolves_to_a_pod_address_without_translating_the_port() {
    let cn = cluster();
    let t = cn
        .trace(
            None,
            &Flow::tcp("pod:frontend/web-1", "service:backend/api-headless", 8080),
        )
        .unwrap();
    assert!(t.is_reachable(), "{:?}", t.verdict);
    let api_a = Ipv4Addr::from(
        cn.pods
            .iter()
            .find(|p| p.name == "api-a")
            .and_then(|p| p.ip)
            .unwrap(),
    );
    assert_eq!(t.hops[0].decision, crate::network::trace::Decision::Forward);
    assert!(
        t.hops[0].explanation.contains(&format!(
            "{api_a}:8080 chosen by the client from the DNS answer"
        )),
        "{}",
        t.hops[0].explanation
    );
    assert!(
        t.hops[1].packet.contains(&format!("{api_a}:8080")),
        "{}",
        t.hops[1].packet
    );
}
