//! `stratosim schedule | simulate`: the cluster subcommands.
//!
//! Reads files, calls `sim::cluster`, prints tables (default) or JSON (`--json`). Bad input —
//! unreadable files, manifest errors, a malformed scheduler config or events file — is an `Err`
//! (exit code 2 with `error: …`); an unschedulable pod is a normal result.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use sim::cluster::import::{import_manifest_files, Manifests, Severity};
use sim::cluster::scheduler::{Code, FilterCounts, Placement};
use sim::cluster::sim::{
    format_time, parse_duration, parse_events_file, schedule_cluster_streamed, simulate_events,
    EventType, ExplainPods, SimConfig, EXPLAIN_EVERY_POD_BUDGET, MAX_SIM_TIME,
};
use sim::cluster::{parse_scheduler_config, SchedulerConfig};

#[derive(Subcommand, Debug)]
pub enum ClusterCommand {
    /// Schedule every pending pod of a set of Kubernetes manifests and explain each decision.
    Schedule(ScheduleArgs),
    /// Run the controllers on a simulated clock with injected events and print the event log.
    Simulate(SimulateArgs),
}

#[derive(Args, Debug)]
pub struct ScheduleArgs {
    /// A manifest file or a directory of .yaml/.yml/.json manifests.
    #[arg(long)]
    pub manifests: PathBuf,
    /// A KubeSchedulerConfiguration (YAML or JSON); overrides one found among the manifests.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Seed for pod-name suffixes and score ties (the default is the app's Cluster tab's and
    /// every other command's, so their pods agree).
    #[arg(long, default_value_t = sim::cluster::DEFAULT_SEED)]
    pub seed: u64,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Explain this pod in full (every filter plugin on every node, the score table); repeat for
    /// more. `namespace/name`, `name`, or a prefix ending in `*` (`web-*`). Without it every pod
    /// is explained when pending pods × nodes is at most 200,000; beyond that only summaries.
    #[arg(long, value_name = "POD")]
    pub explain: Vec<String>,
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// A manifest file or a directory of .yaml/.yml/.json manifests.
    #[arg(long)]
    pub manifests: PathBuf,
    /// The injected-events file (YAML or JSON; see tests/fixtures/k8s/README.md).
    #[arg(long)]
    pub events: PathBuf,
    /// Simulated time to run, e.g. 90s, 10m, 1h (default: 10m after the last injected event).
    #[arg(long)]
    pub until: Option<String>,
    /// Seed of the simulation's random number generator (the default is the app's Cluster
    /// tab's and every other command's, so their pods agree).
    #[arg(long, default_value_t = sim::cluster::DEFAULT_SEED)]
    pub seed: u64,
    /// Print the event log and the final snapshot as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cmd: ClusterCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ClusterCommand::Schedule(a) => schedule(a),
        ClusterCommand::Simulate(a) => run_simulation(a),
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    crate::text_in::read_text(path)
}

/// The manifest files of `path`: the file itself, or every .yaml/.yml/.json file of the
/// directory (sorted by name), as (name, text).
pub(crate) fn read_manifest_files(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files: Vec<(String, String)> = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read directory {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml" | "yml" | "json")
                    )
            })
            .collect();
        entries.sort();
        if entries.is_empty() {
            bail!("no .yaml, .yml or .json files in {}", path.display());
        }
        for p in entries {
            files.push((p.display().to_string(), read(&p)?));
        }
    } else {
        files.push((path.display().to_string(), read(path)?));
    }
    Ok(files)
}

/// Reads a manifest file or every .yaml/.yml/.json file of a directory (sorted by name).
fn load_manifests(path: &Path) -> anyhow::Result<Manifests> {
    let files = read_manifest_files(path)?;
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let (manifests, diags) = import_manifest_files(&refs);
    let mut errors = 0;
    for d in &diags {
        eprintln!("{d}");
        if d.severity == Severity::Error {
            errors += 1;
        }
    }
    if errors > 0 {
        bail!("{errors} error(s) in the manifests");
    }
    if manifests.cluster.nodes.is_empty() {
        eprintln!("warning: the manifests define no nodes; every pod will stay pending");
    }
    Ok(manifests)
}

fn scheduler_config(
    manifests: &Manifests,
    config: Option<&Path>,
) -> anyhow::Result<SchedulerConfig> {
    match config {
        Some(p) => {
            let (cfg, warnings) = parse_scheduler_config(&read(p)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            for w in warnings {
                eprintln!("warning: {}: {w}", p.display());
            }
            Ok(cfg)
        }
        None => Ok(manifests.scheduler_config.clone().unwrap_or_default()),
    }
}

fn placement_json(p: &Placement) -> Value {
    let d = &p.decision;
    let mut filter = Map::new();
    // The numbers behind PodTopologySpread and InterPodAffinity, per node and plugin.
    let mut counts = Map::new();
    for nf in &d.filter {
        let mut verdicts = Map::new();
        for s in &nf.statuses {
            let v = if matches!(s.code, Code::Success | Code::Skip) {
                "ok".to_string()
            } else {
                s.reason.clone()
            };
            verdicts.insert(s.plugin.to_string(), Value::String(v));
        }
        filter.insert(nf.node.clone(), Value::Object(verdicts));
        let mut node_counts = Map::new();
        for s in &nf.statuses {
            let v = match &s.counts {
                Some(FilterCounts::TopologySpread(c)) => serde_json::to_value(c),
                Some(FilterCounts::InterPodAffinity(c)) => serde_json::to_value(c),
                None => continue,
            };
            node_counts.insert(s.plugin.to_string(), v.expect("counts always serialise"));
        }
        if !node_counts.is_empty() {
            counts.insert(nf.node.clone(), Value::Object(node_counts));
        }
    }
    let mut scores = Map::new();
    for ns in &d.scores {
        let mut m = Map::new();
        for ps in &ns.plugins {
            let mut e = json!({"score": ps.score, "weight": ps.weight});
            if ps.skipped {
                e["skipped"] = Value::Bool(true);
            }
            m.insert(ps.plugin.to_string(), e);
        }
        m.insert("total".into(), json!(ns.total));
        scores.insert(ns.node.clone(), Value::Object(m));
    }
    let mut out = json!({
        "pod": d.pod,
        "node": d.node,
        "filter": filter,
        "scores": scores,
        "scoringSkipped": d.scoring_skipped,
        "feasibleNodes": d.feasible_nodes,
        "message": d.message,
    });
    if !counts.is_empty() {
        out["filterCounts"] = Value::Object(counts);
    }
    if d.tied_nodes.len() > 1 {
        out["tiedNodes"] = json!(d.tied_nodes);
    }
    if let Some(pre) = &d.preemption {
        out["nominatedNode"] = json!(pre.node);
        out["victims"] = json!(pre.victims);
    }
    out
}

fn schedule(a: ScheduleArgs) -> anyhow::Result<ExitCode> {
    let manifests = load_manifests(&a.manifests)?;
    let cfg = scheduler_config(&manifests, a.config.as_deref())?;
    let explain = if a.explain.is_empty() {
        ExplainPods::Auto
    } else {
        ExplainPods::Only(a.explain.clone())
    };
    // Placements are printed as they are made and dropped (issue 13: the full tables of every
    // pod at once took gigabytes); `pods` keeps only the keys for the summary line.
    let mut pods: Vec<String> = Vec::new();
    let (mut bound, mut cycles) = (0usize, 0usize);
    let json = a.json;
    let mut emit = |p: &Placement, explained: bool| {
        cycles += 1;
        pods.push(p.decision.pod.clone());
        if p.decision.node.is_some() {
            bound += 1;
        }
        if json {
            let mut v = placement_json(p);
            if !explained {
                v["explained"] = Value::Bool(false);
            }
            let text = serde_json::to_string_pretty(&v).expect("JSON values always serialise");
            let sep = if cycles == 1 {
                "{\n  \"placements\": [\n"
            } else {
                ",\n"
            };
            crate::output::write_str(&format!("{sep}{}", indent(&text, "    ")));
        } else {
            print_placement(p, explained);
        }
    };
    let run = schedule_cluster_streamed(manifests.cluster, cfg, a.seed, &explain, &mut emit)
        .map_err(|e| anyhow::anyhow!("--explain {e}"))?;
    if !run.every_pod_explained && explain == ExplainPods::Auto && run.pending > 0 {
        eprintln!(
            "note: {} pending pod(s) × {} node(s) is more than {EXPLAIN_EVERY_POD_BUDGET} pod-node pairs: \
             decisions and messages only; name pods with --explain POD for their filter and score tables",
            run.pending, run.nodes
        );
    }
    if json {
        // `volumes` only when a claim is bound, so documents without storage keep their shape.
        let volumes = if run.volumes.is_empty() {
            String::new()
        } else {
            let text = serde_json::to_string_pretty(&run.volumes).expect("strings serialise");
            format!(",\n  \"volumes\": {}", indent(&text, "  ").trim_start())
        };
        if cycles == 0 {
            println!("{{\n  \"placements\": []{volumes}\n}}");
        } else {
            println!("\n  ]{volumes}\n}}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    for v in &run.volumes {
        println!("volume {v}");
    }
    if cycles == 0 {
        println!("no pending pods to schedule");
    }
    pods.sort_unstable();
    pods.dedup();
    println!(
        "{bound} of {} pending pod(s) bound ({cycles} scheduling cycle(s))",
        pods.len(),
    );
    Ok(ExitCode::SUCCESS)
}

/// Indents every line of pretty JSON (JSON strings hold no raw newlines, so lines are safe).
fn indent(text: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(by);
        out.push_str(line);
    }
    out
}

fn print_placement(p: &Placement, explained: bool) {
    let d = &p.decision;
    match &d.node {
        Some(n) => println!("{} → {n}", d.pod),
        None => println!("{} → unschedulable", d.pod),
    }
    println!("  {}", d.message);
    if !p.evicted.is_empty() {
        println!("  preempted: {}", p.evicted.join(", "));
    }
    if !explained {
        println!();
        return;
    }
    let width = d
        .filter
        .iter()
        .map(|f| f.node.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("  filter:");
    for nf in &d.filter {
        let failures: Vec<String> = nf
            .statuses
            .iter()
            .filter(|s| !s.is_success())
            .map(|s| match &s.counts {
                Some(c) => format!("{}: {} ({})", s.plugin, s.reason, c.summary()),
                None => format!("{}: {}", s.plugin, s.reason),
            })
            .collect();
        if failures.is_empty() {
            // Passing nodes show the counts too: why this node's skew is within maxSkew.
            let counts: Vec<String> = nf
                .statuses
                .iter()
                .filter_map(|s| Some(format!("{}: {}", s.plugin, s.counts.as_ref()?.summary())))
                .collect();
            let counts = if counts.is_empty() {
                String::new()
            } else {
                format!(" ({})", counts.join("; "))
            };
            println!(
                "    {:width$}  ✓ all {} filters pass{counts}",
                nf.node,
                nf.statuses.len()
            );
        } else {
            println!("    {:width$}  ✗ {}", nf.node, failures.join("; "));
        }
    }
    // A lone feasible node is bound without Score: no score rows follow "scoring skipped".
    if d.scores.is_empty() || d.scoring_skipped {
        println!();
        return;
    }
    println!("  scores (normalized score × weight):");
    let plugins: Vec<String> = d.scores[0]
        .plugins
        .iter()
        .map(|ps| format!("{}×{}", short(&ps.plugin.to_string()), ps.weight))
        .collect();
    let cols: Vec<usize> = plugins.iter().map(|p| p.len().max(5)).collect();
    let mut header = format!("    {:width$}", "NODE");
    for (p, w) in plugins.iter().zip(&cols) {
        header.push_str(&format!("  {p:>w$}"));
    }
    header.push_str("  TOTAL");
    println!("{header}");
    for ns in &d.scores {
        let mut line = format!("    {:width$}", ns.node);
        for (ps, w) in ns.plugins.iter().zip(&cols) {
            let cell = if ps.skipped {
                "-".to_string()
            } else {
                ps.score.to_string()
            };
            line.push_str(&format!("  {cell:>w$}"));
        }
        let mark = if d.node.as_deref() == Some(ns.node.as_str()) {
            "  ← chosen"
        } else {
            ""
        };
        line.push_str(&format!("  {:>5}{mark}", ns.total));
        println!("{line}");
    }
    if d.tied_nodes.len() > 1 {
        println!(
            "  tie between {} broken by the seeded RNG (reservoir sampling)",
            d.tied_nodes.join(", ")
        );
    }
    println!();
}

/// Abbreviates a plugin name for table headers: NodeResourcesFit → NRFit.
fn short(name: &str) -> String {
    match name {
        "TaintToleration" => "Taint".into(),
        "NodeAffinity" => "NodeAff".into(),
        "NodeResourcesFit" => "Fit".into(),
        "PodTopologySpread" => "Spread".into(),
        "InterPodAffinity" => "PodAff".into(),
        "NodeResourcesBalancedAllocation" => "Balanced".into(),
        "ImageLocality" => "Image".into(),
        other => other.into(),
    }
}

fn run_simulation(a: SimulateArgs) -> anyhow::Result<ExitCode> {
    let manifests = load_manifests(&a.manifests)?;
    let cfg = manifests.scheduler_config.clone().unwrap_or_default();
    let events = parse_events_file(&read(&a.events)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.events.display()))?;
    // parse_events_file refuses events after MAX_SIM_TIME, so only an explicit --until can pass it.
    let until = match &a.until {
        Some(u) => parse_duration(u).map_err(|e| anyhow::anyhow!("--until {u}: {e}"))?,
        None => (events.last_time() + 600_000).min(MAX_SIM_TIME),
    };
    if until > MAX_SIM_TIME {
        bail!(
            "--until {}: at most 30 days of simulated time",
            a.until.as_deref().unwrap_or_default()
        );
    }
    let (log, snapshot) = simulate_events(
        manifests.cluster,
        cfg,
        events,
        a.seed,
        until,
        SimConfig::default(),
    );
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "events": log, "snapshot": snapshot }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let obj_w = log
        .iter()
        .map(|e| e.object.to_string().len())
        .max()
        .unwrap_or(6)
        .max(6);
    let reason_w = log.iter().map(|e| e.reason.len()).max().unwrap_or(6).max(6);
    println!(
        "{:<9}  {:<7}  {:<reason_w$}  {:<obj_w$}  MESSAGE",
        "TIME", "TYPE", "REASON", "OBJECT"
    );
    for e in &log {
        let kind = match e.kind {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        };
        println!(
            "{:<9}  {:<7}  {:<reason_w$}  {:<obj_w$}  {}",
            format_time(e.time_ms),
            kind,
            e.reason,
            e.object.to_string(),
            e.message
        );
    }
    println!();
    println!("cluster at {}:", format_time(snapshot.time_ms));
    for n in &snapshot.nodes {
        let taints = if n.taints.is_empty() {
            String::new()
        } else {
            format!(" taints: {}", n.taints.join(", "))
        };
        let cordon = if n.unschedulable {
            ",SchedulingDisabled"
        } else {
            ""
        };
        println!(
            "  node {} ({}) Ready={:?}{cordon} pods={} cpu {}m/{}m{taints}",
            n.name,
            n.zone.as_deref().unwrap_or("-"),
            n.ready,
            n.pods,
            n.requested_milli_cpu,
            n.allocatable_milli_cpu
        );
    }
    for p in &snapshot.pods {
        println!(
            "  pod {} {} ready={} node={} ip={} restarts={}",
            p.name,
            p.status,
            p.ready,
            p.node.as_deref().unwrap_or("-"),
            p.ip.as_deref().unwrap_or("-"),
            p.restarts
        );
    }
    for d in &snapshot.deployments {
        println!(
            "  deployment {} ready {}/{} up-to-date {} total {}",
            d.name, d.ready, d.replicas, d.up_to_date, d.total
        );
    }
    for s in &snapshot.services {
        println!(
            "  service {} endpoints: {}",
            s.name,
            if s.ready_endpoints.is_empty() {
                "<none>".to_string()
            } else {
                s.ready_endpoints.join(", ")
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
