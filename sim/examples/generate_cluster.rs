//! Writes a synthetic N-node cluster (manifests) and a month of injected events, for measuring
//! `stratosim simulate --until 30d` at scale (issue 13; docs/PERFORMANCE.md). Deterministic: the
//! same N gives the same bytes. Nodes are m5.4xlarge across three zones; one 3-replica Deployment
//! (with a Service and a PDB) per 10 nodes, spread over zones; the events fail two nodes and
//! recover one in the first hour, crash a pod, drain a node on day 2 and fail and recover a zone on
//! day 10, so the rest of the month is quiet time.
//!
//! `cargo run -p sim --release --example generate_cluster -- 1000 /tmp/month`
//! writes `/tmp/month/cluster.yaml` and `/tmp/month/events.yaml`.

/// The manifests as YAML text.
pub fn manifests(nodes: usize) -> String {
    let mut src = String::new();
    for i in 0..nodes {
        let zone = ["us-east-1a", "us-east-1b", "us-east-1c"][i % 3];
        src.push_str(&format!(
            "---\napiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}, labels: {{topology.kubernetes.io/zone: {zone}, node.kubernetes.io/instance-type: m5.4xlarge}}}}\nstatus: {{allocatable: {{cpu: \"16\", memory: 64Gi, pods: \"234\"}}}}\n"
        ));
    }
    for d in 0..nodes.div_ceil(10) {
        src.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{d}}}\nspec:\n  replicas: 3\n  selector: {{matchLabels: {{app: app-{d}}}}}\n  template:\n    metadata: {{labels: {{app: app-{d}}}}}\n    spec:\n      containers: [{{name: app, image: \"app:{d}\", resources: {{requests: {{cpu: 200m, memory: 256Mi}}}}}}]\n      topologySpreadConstraints: [{{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {{matchLabels: {{app: app-{d}}}}}}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: app-{d}}}\nspec: {{selector: {{app: app-{d}}}, ports: [{{port: 80}}]}}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: app-{d}}}\nspec: {{maxUnavailable: 1, selector: {{matchLabels: {{app: app-{d}}}}}}}\n"
        ));
    }
    src
}

/// A month of events for [`manifests`]: busy in the first hour and on days 2 and 10, quiet
/// otherwise.
pub fn events() -> String {
    "events:
- {at: 5m, action: nodeFailure, node: node-7}
- {at: 6m, action: nodeFailure, node: node-8}
- {at: 10m, action: podCrash, selector: {app: app-3}, times: 5}
- {at: 25m, action: nodeRecovery, node: node-7}
- {at: 26h, action: drain, node: node-20}
- {at: 240h, action: zoneFailure, zone: us-east-1c}
- {at: 241h, action: zoneRecovery, zone: us-east-1c}
"
    .into()
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "month".into()));
    std::fs::create_dir_all(&dir).expect("create the output directory");
    std::fs::write(dir.join("cluster.yaml"), manifests(nodes)).expect("write cluster.yaml");
    std::fs::write(dir.join("events.yaml"), events()).expect("write events.yaml");
    eprintln!(
        "wrote {}/cluster.yaml ({nodes} nodes) and events.yaml",
        dir.display()
    );
}
