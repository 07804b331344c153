//! Cluster-network benchmarks (issue 15): a 1,000-pod cluster with 200 NetworkPolicies —
//! one explained trace pod → Service → pod (goal ≤ 100 µs) and the pod × pod matrix for 100
//! pods × 3 ports (goal ≤ 1 s in the browser). Figures: docs/PERFORMANCE.md.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sim::cluster::kubenet::network_policy::{NamedPort, PodInfo, L4};
use sim::cluster::kubenet::objects::parse_objects;
use sim::cluster::kubenet::{ClusterNetwork, NodeInfo};
use sim::network::{Flow, Protocol};

const NAMESPACES: usize = 20;
const APPS: usize = 5;
const REPLICAS: usize = 10;

/// 20 namespaces × 5 apps × 10 replicas = 1,000 pods; 10 policies per namespace = 200.
fn cluster() -> ClusterNetwork {
    let mut yaml = String::new();
    for n in 0..NAMESPACES {
        let team = if n % 2 == 0 { "even" } else { "odd" };
        let _ = write!(
            yaml,
            "---\nkind: Namespace\nmetadata: {{name: ns-{n}, labels: {{team: {team}}}}}\n"
        );
        let _ = write!(yaml, "---\nkind: NetworkPolicy\nmetadata: {{name: default-deny, namespace: ns-{n}}}\nspec: {{podSelector: {{}}, policyTypes: [Ingress]}}\n");
        for a in 0..APPS {
            let _ = write!(yaml, "---\nkind: Service\nmetadata: {{name: app-{a}, namespace: ns-{n}}}\nspec: {{selector: {{app: app-{a}}}, ports: [{{port: 80, targetPort: http}}]}}\n");
            let prev = (a + APPS - 1) % APPS;
            let _ = write!(
                yaml,
                "---\nkind: NetworkPolicy\nmetadata: {{name: app-{a}-from-app-{prev}, namespace: ns-{n}}}\nspec:\n  podSelector: {{matchLabels: {{app: app-{a}}}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{app: app-{prev}}}}}\n    - podSelector: {{matchExpressions: [{{key: tier, operator: In, values: [edge, web]}}]}}\n      namespaceSelector: {{matchLabels: {{team: {team}}}}}\n    ports: [{{port: http}}, {{port: 9000, endPort: 9100}}]\n"
            );
        }
        let _ = write!(yaml, "---\nkind: NetworkPolicy\nmetadata: {{name: egress-app-0, namespace: ns-{n}}}\nspec:\n  podSelector: {{matchLabels: {{app: app-0}}}}\n  egress:\n  - to: [{{namespaceSelector: {{matchLabels: {{team: {team}}}}}}}]\n  - to: [{{ipBlock: {{cidr: 10.0.0.0/8, except: [10.9.0.0/16]}}}}]\n    ports: [{{protocol: UDP, port: 53}}]\n");
        let _ = write!(yaml, "---\nkind: NetworkPolicy\nmetadata: {{name: monitoring, namespace: ns-{n}}}\nspec:\n  podSelector: {{matchExpressions: [{{key: app, operator: Exists}}]}}\n  ingress:\n  - from: [{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: monitoring}}}}}}]\n    ports: [{{port: 9090}}]\n");
        for k in 0..2 {
            let _ = write!(yaml, "---\nkind: NetworkPolicy\nmetadata: {{name: lb-{k}, namespace: ns-{n}}}\nspec:\n  podSelector: {{matchLabels: {{app: app-{k}, exposed: 'yes'}}}}\n  ingress:\n  - from: [{{ipBlock: {{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}}}]\n");
        }
    }
    let (objects, diags) = parse_objects(&[("bench.yaml", &yaml)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(objects.policies.len(), 200);
    let mut pods = Vec::new();
    for n in 0..NAMESPACES {
        for a in 0..APPS {
            for r in 0..REPLICAS {
                let i = pods.len() as u32;
                pods.push(PodInfo {
                    namespace: format!("ns-{n}"),
                    name: format!("app-{a}-{r:02}"),
                    labels: [
                        ("app".to_string(), format!("app-{a}")),
                        ("tier".to_string(), "web".to_string()),
                    ]
                    .into(),
                    ip: Some(0x0A00_0004 + i),
                    node: Some(format!("node-{}", i % 50)),
                    ready: true,
                    ports: vec![NamedPort {
                        name: "http".into(),
                        port: 8080,
                        protocol: L4::Tcp,
                    }],
                });
            }
        }
    }
    assert_eq!(pods.len(), 1000);
    let nodes = (0..50)
        .map(|i| NodeInfo {
            name: format!("node-{i}"),
            ip: Some(0x0A01_0004 + i),
            instance: None,
        })
        .collect();
    ClusterNetwork::from_parts(objects, pods, nodes)
}

fn kubenet(c: &mut Criterion) {
    let cn = cluster();
    let mut group = c.benchmark_group("kubenet");
    let flow = Flow::tcp("pod:ns-7/app-1-03", "service:ns-7/app-2", 80);
    assert!(cn.trace(None, &flow).unwrap().is_reachable());
    group.bench_function("explain-pod-service-pod-1000-pods-200-policies", |b| {
        b.iter(|| cn.trace(None, black_box(&flow)).unwrap())
    });
    let denied = Flow::tcp("pod:ns-7/app-1-03", "pod:ns-8/app-3-00", 8080);
    assert!(!cn.trace(None, &denied).unwrap().is_reachable());
    group.bench_function("explain-denied-1000-pods-200-policies", |b| {
        b.iter(|| cn.trace(None, black_box(&denied)).unwrap())
    });
    let hundred: Vec<String> = cn
        .pods
        .iter()
        .step_by(10)
        .map(|p| format!("pod:{}", p.key()))
        .collect();
    assert_eq!(hundred.len(), 100);
    group.sample_size(10);
    group.bench_function("matrix-100-pods-x-3-ports", |b| {
        b.iter(|| {
            cn.matrix(None, &hundred, &hundred, Protocol::Tcp, &[80, 8080, 9050])
                .unwrap()
        })
    });
    // The app's matrix on a design with manifests: 100 pods on two EKS nodes of the
    // eks-ingress-rds fixture with 20 policies, the VPC's endpoints included, every pod → pod
    // cell through the node's security groups as well as the policies.
    let (vpc_cn, vpc_ix_net) = vpc_cluster();
    let ix = sim::network::NetworkIndex::build(&vpc_ix_net);
    let mut ends = sim::network::matrix_endpoints(&ix);
    ends.extend(
        vpc_cn
            .matrix_endpoints()
            .into_iter()
            .filter(|e| e.starts_with("pod:")),
    );
    assert!(ends.len() > 100);
    group.bench_function("matrix-100-pods-x-3-ports-with-vpc", |b| {
        b.iter(|| {
            vpc_cn
                .matrix(Some(&ix), &ends, &ends, Protocol::Tcp, &[80, 443, 8080])
                .unwrap()
        })
    });
    group.finish();
}

/// The browser measurement's cluster (tests/perf/cluster-matrix.mjs) built natively.
fn vpc_cluster() -> (ClusterNetwork, sim::network::Network) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/");
    let read = |rel: &str| std::fs::read_to_string(format!("{root}{rel}")).unwrap();
    let design = sim::network::Design::from_json(&read("designs/eks-ingress-rds.json")).unwrap();
    let mut yaml = read("k8s/network/ingress-shop.yaml");
    for i in 0..100 {
        let node = if i % 2 == 1 { "k8s-c2" } else { "k8s-c1" };
        let _ = write!(yaml, "\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p-{i}, namespace: shop, labels: {{app: app-{}, tier: t{}}}}}\nspec:\n  nodeName: {node}\n  containers: [{{name: c, image: c, ports: [{{name: http, containerPort: 8080}}]}}]\n", i % 5, i % 2);
    }
    for k in 0..20 {
        let egress = if k % 4 == 0 { ", Egress" } else { "" };
        let block = if k % 3 == 0 {
            ", {ipBlock: {cidr: 10.0.0.0/16, except: [10.0.9.0/24]}}"
        } else {
            ""
        };
        let port = if k % 2 == 1 { "http" } else { "80" };
        let _ = write!(yaml, "\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: np-{k}, namespace: shop}}\nspec:\n  podSelector: {{matchLabels: {{app: app-{}}}}}\n  policyTypes: [Ingress{egress}]\n  ingress:\n  - from: [{{podSelector: {{matchLabels: {{app: app-{}}}}}}}{block}]\n    ports: [{{protocol: TCP, port: {port}}}]\n", k % 5, (k + 1) % 5);
        if k % 4 == 0 {
            yaml.push_str("  egress:\n  - to: [{namespaceSelector: {}}]\n");
        }
    }
    let (cn, _) = ClusterNetwork::build(&[("cluster.yaml", &yaml)], Some(&design.network), 0);
    let net = cn
        .network
        .clone()
        .expect("nodes matched to the design's instances");
    (cn, net)
}

criterion_group!(benches, kubenet);
criterion_main!(benches);
