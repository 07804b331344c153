//! Scheduler and simulator benchmarks (figures and commands in docs/perf-cluster.md).
//!
//! - `scheduler_perf_basic_5000_nodes_10000_pods`: kube-scheduler's scheduler_perf
//!   `SchedulingBasic/5000Nodes_10000Pods` workload (test/integration/scheduler_perf/misc/
//!   performance-config.yaml; node-default.yaml: 4 CPU, 32Gi, 110 pods; pod-default.yaml: 100m / 500Mi):
//!   5,000 nodes, 1,000 pods already bound, then 10,000 pods scheduled with the default profile.
//! - `schedule_json/streamed_summaries_5000_nodes_10000_pods`: `stratosim schedule --json` on the
//!   same nodes and pods without `--explain` (decisions and messages, each placement serialised
//!   and dropped as it is made; issue 13's goal: under 10 s and 500 MB).
//! - `replay_1h_100_nodes_2000_pods_with_failures`: one hour of simulated time for a 100-node,
//!   2,000-pod cluster across 3 zones with node failures, a recovery, a crash loop, a rolling update and a drain.
//! - `month_30d_1000_nodes`: `stratosim simulate --until 30d` on 1,000 nodes and 300 pods with a
//!   month of events (`examples/generate_cluster.rs`; issue 13's goal: under 2 s). Quiet time costs
//!   nothing since heartbeats are streams and idle node-monitor passes are skipped.

use std::time::Duration;

#[path = "../examples/generate_cluster.rs"]
mod generate_cluster;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use rand::SeedableRng;
use sim::cluster::import::import_manifests;
use sim::cluster::model::Cluster;
use sim::cluster::scheduler::{schedule_pending, Cache, Explain, Scheduler, Workloads};
use sim::cluster::sim::{
    parse_events, parse_events_file, schedule_cluster_streamed, ExplainPods, SimConfig, World,
    MAX_SIM_TIME,
};
use sim::cluster::SchedulerConfig;

/// On-CPU time of the benchmark thread (`/proc/thread-self/schedstat`, nanoseconds), so that time
/// spent waiting for a core on a shared machine is not counted. Falls back to wall time elsewhere.
/// Select with `STRATOSIM_BENCH_CLOCK=cpu`.
struct CpuTime;

static WALL: WallTime = WallTime;

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Measurement for CpuTime {
    type Intermediate = (Option<u64>, std::time::Instant);
    type Value = u64;
    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns(), std::time::Instant::now())
    }
    fn end(&self, (cpu, wall): Self::Intermediate) -> u64 {
        match (cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => wall.elapsed().as_nanos() as u64,
        }
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn scheduler_perf_cluster(nodes: usize, init_pods: usize, measure_pods: usize) -> Cluster {
    let mut src = String::new();
    for i in 0..nodes {
        src.push_str(&format!(
            "---\napiVersion: v1\nkind: Node\nmetadata: {{name: scheduler-perf-{i}}}\nstatus: {{capacity: {{pods: \"110\", cpu: \"4\", memory: 32Gi}}}}\n"
        ));
    }
    let pod = |name: String| {
        format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec: {{containers: [{{image: \"registry.k8s.io/pause:3.10.1\", name: pause, ports: [{{containerPort: 80}}], resources: {{limits: {{cpu: 100m, memory: 500Mi}}, requests: {{cpu: 100m, memory: 500Mi}}}}}}]}}\n")
    };
    for i in 0..init_pods + measure_pods {
        src.push_str(&pod(format!("pod-{i}")));
    }
    let (m, diags) = import_manifests(&src);
    assert!(diags
        .iter()
        .all(|d| d.severity == sim::cluster::Severity::Warning));
    m.cluster
}

fn scheduler_perf<M: Measurement>(c: &mut Criterion<M>) {
    let cluster = scheduler_perf_cluster(5000, 1000, 10_000);
    // Bind the 1,000 init pods first (scheduler_perf's createPods for $initPods).
    let mut init = cluster.clone();
    init.pods.truncate(1000);
    let mut cache = Cache::build(&init.nodes, &init.pods);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut scheduler = Scheduler::new(SchedulerConfig::default());
    schedule_pending(
        &mut scheduler,
        &init.nodes,
        &mut init.pods,
        &mut cache,
        Workloads::default(),
        &mut rng,
        Explain::None,
    );
    let mut pods = init.pods.clone();
    pods.extend(cluster.pods[1000..].iter().cloned());
    let nodes = cluster.nodes.clone();

    let mut g = c.benchmark_group("scheduler");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("scheduler_perf_basic_5000_nodes_10000_pods", |b| {
        b.iter_batched(
            || {
                (
                    pods.clone(),
                    cache.clone(),
                    scheduler.clone(),
                    rand_chacha::ChaCha8Rng::seed_from_u64(2),
                )
            },
            |(mut pods, mut cache, mut scheduler, mut rng)| {
                let placed = schedule_pending(
                    &mut scheduler,
                    &nodes,
                    &mut pods,
                    &mut cache,
                    Workloads::default(),
                    &mut rng,
                    Explain::None,
                );
                assert_eq!(placed.len(), 10_000);
                // Returned so that dropping them is not timed.
                (placed, pods, cache)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn replay_cluster() -> (Cluster, Vec<sim::cluster::sim::Injected>) {
    let mut src = String::new();
    for i in 0..100 {
        let zone = ["us-east-1a", "us-east-1b", "us-east-1c"][i % 3];
        src.push_str(&format!(
            "---\napiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}, labels: {{topology.kubernetes.io/zone: {zone}, node.kubernetes.io/instance-type: m5.4xlarge}}}}\nstatus: {{allocatable: {{cpu: \"16\", memory: 64Gi, pods: \"234\"}}}}\n"
        ));
    }
    for d in 0..20 {
        src.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{d}}}\nspec:\n  replicas: 100\n  selector: {{matchLabels: {{app: app-{d}}}}}\n  template:\n    metadata: {{labels: {{app: app-{d}}}}}\n    spec:\n      containers: [{{name: app, image: \"app:{d}\", resources: {{requests: {{cpu: 200m, memory: 256Mi}}}}}}]\n      topologySpreadConstraints: [{{maxSkew: 5, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {{matchLabels: {{app: app-{d}}}}}}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: app-{d}}}\nspec: {{selector: {{app: app-{d}}}, ports: [{{port: 80}}]}}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: app-{d}}}\nspec: {{maxUnavailable: 10%, selector: {{matchLabels: {{app: app-{d}}}}}}}\n"
        ));
    }
    let (m, diags) = import_manifests(&src);
    assert!(
        diags
            .iter()
            .all(|d| d.severity == sim::cluster::Severity::Warning),
        "{diags:?}"
    );
    let events = parse_events(
        "events:
- {at: 5m, action: nodeFailure, node: node-7}
- {at: 6m, action: nodeFailure, node: node-8}
- {at: 10m, action: podCrash, selector: {app: app-3}, times: 5}
- {at: 15m, action: imageUpdate, deployment: app-1, image: 'app:1b'}
- {at: 20m, action: drain, node: node-20}
- {at: 25m, action: nodeRecovery, node: node-7}
- {at: 30m, action: zoneFailure, zone: us-east-1c}
- {at: 45m, action: zoneRecovery, zone: us-east-1c}
- {at: 50m, action: scale, deployment: app-2, replicas: 150}
",
    )
    .expect("events");
    (m.cluster, events)
}

fn replay<M: Measurement>(c: &mut Criterion<M>) {
    let (cluster, events) = replay_cluster();
    let mut g = c.benchmark_group("simulator");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("replay_1h_100_nodes_2000_pods_with_failures", |b| {
        b.iter_batched(
            || (cluster.clone(), events.clone()),
            |(cluster, events)| {
                let mut w = World::new(
                    cluster,
                    SchedulerConfig::default(),
                    events,
                    1,
                    SimConfig::default(),
                );
                w.run_until(3_600_000);
                w.log().len()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// `stratosim simulate --until 30d` on 1,000 nodes (issue 13): a month of simulated time, mostly
/// quiet, with the events of `examples/generate_cluster.rs`.
fn month<M: Measurement>(c: &mut Criterion<M>) {
    let (m, _) = import_manifests(&generate_cluster::manifests(1000));
    let events = parse_events_file(&generate_cluster::events()).expect("events");
    let mut g = c.benchmark_group("simulator");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("month_30d_1000_nodes", |b| {
        b.iter_batched(
            || (m.cluster.clone(), events.clone()),
            |(cluster, events)| {
                let mut w = World::from_events(
                    cluster,
                    SchedulerConfig::default(),
                    events,
                    0,
                    SimConfig::default(),
                );
                w.run_until(MAX_SIM_TIME);
                w.log().len()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// What `stratosim schedule --json` does for 10,000 pods on 5,000 nodes (issue 13): the streamed
/// schedule with summaries and every placement serialised as it is made, then dropped.
fn schedule_json<M: Measurement>(c: &mut Criterion<M>) {
    let cluster = scheduler_perf_cluster(5000, 0, 10_000);
    let mut g = c.benchmark_group("schedule_json");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("streamed_summaries_5000_nodes_10000_pods", |b| {
        b.iter_batched(
            || cluster.clone(),
            |cluster| {
                let mut bytes = 0;
                schedule_cluster_streamed(
                    cluster,
                    SchedulerConfig::default(),
                    0,
                    &ExplainPods::Auto,
                    &mut |p, _| bytes += serde_json::to_string_pretty(p).map_or(0, |t| t.len()),
                )
                .map(|_| bytes)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(wall_clock, scheduler_perf, replay, month, schedule_json);
criterion_group! {
    name = cpu_clock;
    config = Criterion::default().with_measurement(CpuTime);
    targets = scheduler_perf, replay, month, schedule_json
}

fn main() {
    if std::env::var("STRATOSIM_BENCH_CLOCK").as_deref() == Ok("cpu") {
        cpu_clock();
    } else {
        wall_clock();
    }
    Criterion::default().configure_from_args().final_summary();
}
