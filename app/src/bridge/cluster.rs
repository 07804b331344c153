//! The cluster view's side of the bridge: loads the design's Kubernetes manifests (through
//! `sim::grade::load_cluster`, which also turns the network's `kubernetes-node` instances into
//! nodes), runs `sim::cluster::sim` with a seed and the injected events, and turns the results
//! into what the cluster tab draws: the event log, snapshots at any simulated time, per-node
//! scheduling explanations and Deployment specs. Edits to Deployments come back as a new
//! `design.cluster` value for the editor to commit (so they are undoable).
//!
//! Guarantees: pure and deterministic (seed in, same log out); never panics on bad manifests
//! (the importer's diagnostics are returned as text); timing, scheduling and controller logic
//! all come from `sim` — nothing here decides cluster semantics.

use serde_json::Value;
use sim::cluster::authoring;
use sim::cluster::import::{import_manifests, Diagnostic, Severity};
use sim::cluster::model::{Cluster, Deployment, SimTime, WhenUnsatisfiable};
use sim::cluster::scheduler::Code;
use sim::cluster::sim::events::{PodTarget, WorkloadRef};
use sim::cluster::sim::{
    explain_pod, simulate, Action, Injected, LogEvent, SimConfig, Snapshot, World,
};
use sim::cluster::SchedulerConfig;
use sim::network::Design;

use crate::i18n::Lang;
use crate::t;

/// The seed used unless the learner changes it: `sim`'s one default, which every CLI command
/// and the grader use too, so the CLI run on this design without `--seed` answers the same.
pub const DEFAULT_SEED: u64 = sim::cluster::DEFAULT_SEED;
/// The seek bar spans at least this much simulated time.
pub const MIN_HORIZON_MS: SimTime = 15 * 60_000;
/// The example cluster: 3 nodes in 2 AZs, a 6-replica Deployment spread across zones.
pub const EXAMPLE_MANIFESTS: &str =
    include_str!("../../../tests/fixtures/k8s/three-node-two-az.yaml");

/// Formats simulated milliseconds like kubectl ages (`5m55s`).
pub fn age(ms: SimTime) -> String {
    sim::cluster::sim::format_time(ms)
}

/// Does the design hold any Kubernetes manifests?
pub fn has_cluster(design: &Design) -> bool {
    !design.cluster.is_null()
}

/// A design's cluster run on the simulated clock, precomputed once per (design, events, seed).
#[derive(Clone, Debug)]
pub struct Timeline {
    cluster: Cluster,
    config: SchedulerConfig,
    pub injected: Vec<Injected>,
    pub seed: u64,
    /// End of the seek bar.
    pub horizon: SimTime,
    /// The whole event log up to `horizon`.
    pub log: Vec<LogEvent>,
    /// Importer warnings (errors make `timeline` fail instead).
    pub warnings: Vec<LoadLine>,
    pub deployments: Vec<DeploymentSpec>,
    /// Zones in node order (first appearance), for grouping node cards.
    pub zones: Vec<String>,
}

impl PartialEq for Timeline {
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed
            && self.injected == other.injected
            && self.horizon == other.horizon
            && self.log == other.log
            && self.deployments == other.deployments
    }
}

/// A Deployment as written in the manifests, summarised for the list. The run is computed
/// once for every language, so the parts with words are kept as data and worded at render.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentSpec {
    /// `namespace/name`.
    pub key: String,
    pub name: String,
    pub replicas: i32,
    pub image: String,
    /// Per pod, e.g. `250m CPU, 256Mi`.
    pub requests: String,
    pub tolerations: Vec<TolerationLine>,
    pub spread: Vec<SpreadLine>,
    pub affinity: Vec<AffinityLine>,
    pub strategy: String,
}

/// A toleration in kubectl's notation (`key=value:Effect`), and how long it tolerates.
#[derive(Clone, Debug, PartialEq)]
pub struct TolerationLine {
    pub notation: String,
    pub seconds: Option<i64>,
}

impl TolerationLine {
    pub fn text(&self, lang: Lang) -> String {
        match self.seconds {
            None => self.notation.clone(),
            Some(s) => t!(
                lang,
                "deployment-toleration-for",
                toleration = self.notation.as_str(),
                seconds = s.to_string()
            ),
        }
    }
}

/// A topology spread constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct SpreadLine {
    pub max_skew: i32,
    pub topology_key: String,
    /// `DoNotSchedule` or `ScheduleAnyway`.
    pub when: &'static str,
}

impl SpreadLine {
    pub fn text(&self, lang: Lang) -> String {
        t!(
            lang,
            "deployment-spread-line",
            max_skew = self.max_skew.to_string(),
            key = self.topology_key.as_str(),
            when = self.when
        )
    }
}

/// One line of a Deployment's placement rules: affinity terms counted, node selectors as written.
#[derive(Clone, Debug, PartialEq)]
pub enum AffinityLine {
    NodeRequired(usize),
    NodePreferred(usize),
    Pod { required: usize, preferred: usize },
    PodAnti { required: usize, preferred: usize },
    NodeSelector(String, String),
}

impl AffinityLine {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            AffinityLine::NodeRequired(n) => t!(lang, "affinity-node-required", count = *n),
            AffinityLine::NodePreferred(n) => t!(lang, "affinity-node-preferred", count = *n),
            AffinityLine::Pod {
                required,
                preferred,
            } => t!(
                lang,
                "affinity-pod",
                required = *required,
                preferred = *preferred
            ),
            AffinityLine::PodAnti {
                required,
                preferred,
            } => t!(
                lang,
                "affinity-pod-anti",
                required = *required,
                preferred = *preferred
            ),
            AffinityLine::NodeSelector(k, v) => format!("nodeSelector {k}={v}"),
        }
    }
}

/// The design has no manifests (one of [`load`]'s reasons, worded at render).
pub const NO_MANIFESTS: &str = "This design has no Kubernetes manifests yet.";
/// The manifests and the network give no node.
pub const NO_NODES: &str = "The cluster has no nodes: declare Node objects in the manifests, or place Kubernetes nodes in a subnet on the canvas.";

/// One line of [`load`]'s answer, kept as a value and worded when shown (so switching the
/// language rewords it): an importer diagnostic, or another reason (one of the app's own
/// sentences, or a text `sim` gives in English only).
#[derive(Clone, Debug, PartialEq)]
pub enum LoadLine {
    Diagnostic(Diagnostic),
    Reason(String),
}

impl From<&str> for LoadLine {
    fn from(reason: &str) -> LoadLine {
        LoadLine::Reason(reason.to_string())
    }
}

/// One of [`load`]'s lines in `lang`: the app's own reasons are translated, and so is an
/// importer diagnostic ("error: document: field: message"; the document and the field are
/// names and stay as written).
pub fn load_error(lang: Lang, line: &LoadLine) -> String {
    match line {
        LoadLine::Diagnostic(d) => crate::i18n::explain::manifest_diagnostic(lang, d),
        LoadLine::Reason(r) => match r.as_str() {
            NO_MANIFESTS => t!(lang, "cluster-no-manifests"),
            NO_NODES => t!(lang, "cluster-no-nodes"),
            other => other.to_string(),
        },
    }
}

/// Loads the design's manifests, or says why not: every importer error, one per line.
pub fn load(design: &Design) -> Result<(Cluster, SchedulerConfig, Vec<LoadLine>), Vec<LoadLine>> {
    let text = match sim::grade::manifest_text(design) {
        Ok(Some(t)) => t,
        Ok(None) => return Err(vec![NO_MANIFESTS.into()]),
        Err(e) => return Err(vec![LoadLine::Reason(e)]),
    };
    let (_, diags) = import_manifests(&text);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(errors.into_iter().map(LoadLine::Diagnostic).collect());
    }
    let warnings = warnings.into_iter().map(LoadLine::Diagnostic).collect();
    let m = sim::grade::load_cluster(design).map_err(|e| vec![LoadLine::Reason(e)])?;
    if m.cluster.nodes.is_empty() {
        return Err(vec![NO_NODES.into()]);
    }
    Ok((m.cluster, m.scheduler_config.unwrap_or_default(), warnings))
}

fn mem_text(bytes: i64) -> String {
    const MI: i64 = 1024 * 1024;
    if bytes >= 1024 * MI && bytes % (1024 * MI) == 0 {
        format!("{}Gi", bytes / (1024 * MI))
    } else if bytes % MI == 0 {
        format!("{}Mi", bytes / MI)
    } else {
        format!("{bytes}")
    }
}

/// `1930m` / `2` CPU and `7Gi` / `256Mi` memory, as kubectl writes them.
pub fn cpu_text(milli: i64) -> String {
    if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}
pub fn memory_text(bytes: i64) -> String {
    mem_text(bytes)
}

fn deployment_spec(d: &Deployment) -> DeploymentSpec {
    let mut pod = d.template.spec.clone();
    pod.refresh_requests();
    let t = &d.template.spec;
    let tolerations = t
        .tolerations
        .iter()
        .map(|x| {
            let key = if x.key.is_empty() {
                "*".to_string()
            } else {
                x.key.clone()
            };
            let op = match x.operator {
                sim::cluster::model::TolerationOperator::Exists => " exists".to_string(),
                sim::cluster::model::TolerationOperator::Equal => format!("={}", x.value),
            };
            let eff = x.effect.map(|e| format!(":{e:?}")).unwrap_or_default();
            TolerationLine {
                notation: format!("{key}{op}{eff}"),
                seconds: x.toleration_seconds,
            }
        })
        .collect();
    let spread = t
        .topology_spread_constraints
        .iter()
        .map(|c| {
            let when = match c.when_unsatisfiable {
                WhenUnsatisfiable::DoNotSchedule => "DoNotSchedule",
                WhenUnsatisfiable::ScheduleAnyway => "ScheduleAnyway",
            };
            SpreadLine {
                max_skew: c.max_skew,
                topology_key: c.topology_key.clone(),
                when,
            }
        })
        .collect();
    let mut affinity = Vec::new();
    if let Some(na) = &t.affinity.node_affinity {
        if let Some(req) = &na.required {
            affinity.push(AffinityLine::NodeRequired(req.len()));
        }
        if !na.preferred.is_empty() {
            affinity.push(AffinityLine::NodePreferred(na.preferred.len()));
        }
    }
    if let Some(pa) = &t.affinity.pod_affinity {
        affinity.push(AffinityLine::Pod {
            required: pa.required.len(),
            preferred: pa.preferred.len(),
        });
    }
    if let Some(pa) = &t.affinity.pod_anti_affinity {
        affinity.push(AffinityLine::PodAnti {
            required: pa.required.len(),
            preferred: pa.preferred.len(),
        });
    }
    for (k, v) in &t.node_selector {
        affinity.push(AffinityLine::NodeSelector(k.clone(), v.clone()));
    }
    let strategy = if d.recreate {
        "Recreate".to_string()
    } else {
        format!(
            "RollingUpdate (maxSurge {}, maxUnavailable {})",
            int_or_pct(&d.max_surge),
            int_or_pct(&d.max_unavailable)
        )
    };
    DeploymentSpec {
        key: format!("{}/{}", d.namespace, d.name),
        name: d.name.clone(),
        replicas: d.replicas,
        image: t
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect::<Vec<_>>()
            .join(", "),
        requests: format!(
            "{} CPU, {}",
            cpu_text(pod.requests.milli_cpu),
            mem_text(pod.requests.memory)
        ),
        tolerations,
        spread,
        affinity,
        strategy,
    }
}

fn int_or_pct(v: &sim::cluster::model::IntOrPercent) -> String {
    match v {
        sim::cluster::model::IntOrPercent::Int(i) => i.to_string(),
        sim::cluster::model::IntOrPercent::Percent(p) => format!("{p}%"),
    }
}

/// Runs the design's cluster with these injected events and seed until the horizon.
pub fn timeline(
    design: &Design,
    injected: &[Injected],
    seed: u64,
) -> Result<Timeline, Vec<LoadLine>> {
    let (cluster, config, warnings) = load(design)?;
    let mut injected = injected.to_vec();
    injected.sort_by_key(|e| e.at);
    let last = injected.iter().map(|e| e.at).max().unwrap_or(0);
    let horizon = MIN_HORIZON_MS.max(last + 10 * 60_000);
    let (log, _) = simulate(
        cluster.clone(),
        config.clone(),
        injected.clone(),
        seed,
        horizon,
        SimConfig::default(),
    );
    let mut zones: Vec<String> = Vec::new();
    for n in &cluster.nodes {
        let z = n.zone().unwrap_or("").to_string();
        if !zones.contains(&z) {
            zones.push(z);
        }
    }
    Ok(Timeline {
        deployments: cluster.deployments.iter().map(deployment_spec).collect(),
        zones,
        cluster,
        config,
        injected,
        seed,
        horizon,
        log,
        warnings,
    })
}

impl Timeline {
    /// A world at t = 0 to step forward.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            world: World::new(
                self.cluster.clone(),
                self.config.clone(),
                self.injected.clone(),
                self.seed,
                SimConfig::default(),
            ),
        }
    }

    /// The cluster at time `t` (runs a fresh world; see [`Cursor`] for stepping).
    pub fn snapshot_at(&self, t: SimTime) -> Snapshot {
        self.cursor().snapshot_at(self, t)
    }

    /// How many log events happened at or before `t`.
    pub fn events_until(&self, t: SimTime) -> usize {
        self.log.partition_point(|e| e.time_ms <= t)
    }

    /// The next event time strictly after `t` (for stepping), else the horizon.
    pub fn next_event_after(&self, t: SimTime) -> SimTime {
        self.log
            .iter()
            .map(|e| e.time_ms)
            .find(|&x| x > t)
            .unwrap_or(self.horizon)
    }

    /// The latest event time strictly before `t`, else 0.
    pub fn previous_event_before(&self, t: SimTime) -> SimTime {
        self.log
            .iter()
            .rev()
            .map(|e| e.time_ms)
            .find(|&x| x < t)
            .unwrap_or(0)
    }

    /// The scheduling decision for pod `key` (`ns/name`), explained, as of time `until`.
    pub fn explain(&self, key: &str, until: SimTime) -> Option<ExplainTable> {
        let ex = explain_pod(
            self.cluster.clone(),
            self.config.clone(),
            self.injected.clone(),
            self.seed,
            SimConfig::default(),
            key,
            until,
        )?;
        Some(explain_table(ex))
    }
}

/// A world kept between frames: moving forward runs only the new events, moving back rebuilds.
/// `snapshot_at(t)` equals a fresh run to `t` (events are processed in `(time, seq)` order).
pub struct Cursor {
    world: World,
}

impl Cursor {
    pub fn now(&self) -> SimTime {
        self.world.now
    }
    pub fn snapshot_at(&mut self, timeline: &Timeline, t: SimTime) -> Snapshot {
        if t < self.world.now {
            *self = timeline.cursor();
        }
        self.world.run_until(t);
        self.world.snapshot()
    }

    /// The pods that exist now and are not terminating, with their labels (for the object
    /// lists: what a Service or a NetworkPolicy selects).
    pub fn pods(&self) -> Vec<crate::bridge::k8s_objects::LivePod> {
        self.world
            .live_pods()
            .filter(|p| !p.is_terminating())
            .map(|p| crate::bridge::k8s_objects::LivePod {
                key: p.key(),
                namespace: p.namespace.clone(),
                labels: p.labels.clone(),
                ready: p.ready,
                node: p.node_name.clone(),
                claims: p.claims.clone(),
            })
            .collect()
    }

    /// Claims, volumes and their bindings now.
    pub fn storage(&self) -> &sim::cluster::storage::Storage {
        self.world.storage()
    }
}

/// One node's row of the scheduling table.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainRow {
    pub node: String,
    /// Per filter plugin (in `ExplainTable::filters` order): passed, and the reason when not.
    pub filters: Vec<(bool, String)>,
    /// Per filter plugin (same order): the numbers behind the verdict, one line per constraint or
    /// term (PodTopologySpread's skew, InterPodAffinity's matching pods); empty for the others.
    pub counts: Vec<Vec<String>>,
    pub feasible: bool,
    /// Per score plugin (in `ExplainTable::scores` order): (score, weighted) or None (not scored / skipped).
    pub scores: Vec<Option<(i64, i64)>>,
    pub total: Option<i64>,
    pub winner: bool,
    pub tied: bool,
}

/// kube-scheduler-simulator's table for one scheduling cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainTable {
    pub pod: String,
    pub time_ms: SimTime,
    pub node: Option<String>,
    pub message: String,
    pub filters: Vec<String>,
    /// Score plugins with their weights.
    pub scores: Vec<(String, i64)>,
    pub rows: Vec<ExplainRow>,
    pub scoring_skipped: bool,
}

fn explain_table(ex: sim::cluster::sim::Explained) -> ExplainTable {
    let d = ex.decision;
    let filters: Vec<String> = d
        .filter
        .first()
        .map(|f| f.statuses.iter().map(|s| s.plugin.to_string()).collect())
        .unwrap_or_default();
    let mut scores: Vec<(String, i64)> = Vec::new();
    for ns in &d.scores {
        for p in &ns.plugins {
            let name = p.plugin.to_string();
            if !scores.iter().any(|(n, _)| *n == name) {
                scores.push((name, p.weight));
            }
        }
    }
    let rows = d
        .filter
        .iter()
        .map(|f| {
            let score = d.scores.iter().find(|s| s.node == f.node);
            ExplainRow {
                node: f.node.clone(),
                filters: f
                    .statuses
                    .iter()
                    .map(|s| {
                        (
                            s.is_success(),
                            if s.code == Code::Skip {
                                "skip".to_string()
                            } else {
                                s.reason.clone()
                            },
                        )
                    })
                    .collect(),
                counts: f
                    .statuses
                    .iter()
                    .map(|s| s.counts.as_ref().map(|c| c.lines()).unwrap_or_default())
                    .collect(),
                feasible: f.statuses.iter().all(|s| s.is_success()),
                scores: scores
                    .iter()
                    .map(|(name, _)| {
                        score
                            .and_then(|s| s.plugins.iter().find(|p| p.plugin.to_string() == *name))
                            .filter(|p| !p.skipped)
                            .map(|p| (p.score, p.score * p.weight))
                    })
                    .collect(),
                total: score.map(|s| s.total),
                winner: d.node.as_deref() == Some(f.node.as_str()),
                tied: d.tied_nodes.len() > 1 && d.tied_nodes.contains(&f.node),
            }
        })
        .collect();
    ExplainTable {
        pod: d.pod,
        time_ms: ex.time_ms,
        node: d.node,
        message: d.message,
        filters,
        scores,
        rows,
        scoring_skipped: d.scoring_skipped,
    }
}

/// What the learner can inject from the cluster tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Injection {
    KillNode(String),
    RecoverNode(String),
    FailZone(String),
    RecoverZone(String),
    /// `ns/name`; the container crashes this many starts in a row.
    CrashPod(String, u32),
    DrainNode(String),
    /// `ns/name` of a Deployment.
    Scale(String, i32),
    RollOut(String, String),
}

fn split_key(key: &str) -> (String, String) {
    match key.split_once('/') {
        Some((ns, n)) => (ns.to_string(), n.to_string()),
        None => ("default".to_string(), key.to_string()),
    }
}

/// The simulator's event for an injection at time `at`.
pub fn inject(what: &Injection, at: SimTime) -> Injected {
    let action = match what.clone() {
        Injection::KillNode(node) => Action::NodeFailure { node },
        Injection::RecoverNode(node) => Action::NodeRecovery { node },
        Injection::FailZone(zone) => Action::ZoneFailure { zone },
        Injection::RecoverZone(zone) => Action::ZoneRecovery { zone },
        Injection::CrashPod(key, times) => {
            let (namespace, name) = split_key(&key);
            Action::PodCrash {
                target: PodTarget::Name { namespace, name },
                times: times.max(1),
            }
        }
        Injection::DrainNode(node) => Action::Drain { node },
        Injection::Scale(key, replicas) => {
            let (namespace, name) = split_key(&key);
            Action::Scale {
                target: WorkloadRef::Deployment { namespace, name },
                replicas: replicas.clamp(0, 100_000),
            }
        }
        Injection::RollOut(key, image) => {
            let (namespace, name) = split_key(&key);
            Action::ImageUpdate {
                target: WorkloadRef::Deployment { namespace, name },
                container: None,
                image,
            }
        }
    };
    Injected { at, action }
}

/// An injected event in words, for the list of injections.
pub fn describe(lang: Lang, e: &Injected) -> String {
    let what = match &e.action {
        Action::NodeFailure { node } => t!(lang, "injection-kill-node", node = node.as_str()),
        Action::NodeRecovery { node } => t!(lang, "injection-recover-node", node = node.as_str()),
        Action::ZoneFailure { zone } => t!(lang, "injection-fail-zone", zone = zone.as_str()),
        Action::ZoneRecovery { zone } => t!(lang, "injection-recover-zone", zone = zone.as_str()),
        Action::PodCrash { target, times } => t!(
            lang,
            "injection-crash-pod",
            pod = pod_target(target),
            times = *times
        ),
        Action::ReadinessFailure { target, duration } => t!(
            lang,
            "injection-fail-readiness",
            pod = pod_target(target),
            duration = age(*duration)
        ),
        Action::Scale { target, replicas } => t!(
            lang,
            "injection-scale",
            workload = workload_name(lang, target),
            replicas = *replicas
        ),
        Action::ImageUpdate { target, image, .. } => t!(
            lang,
            "injection-roll-out",
            image = image.as_str(),
            workload = workload_name(lang, target)
        ),
        Action::Drain { node } => t!(lang, "injection-drain-node", node = node.as_str()),
        Action::OutOfService { node, zone, add } => {
            let (place, name) = match (node, zone) {
                (Some(n), _) => ("node", n.as_str()),
                (None, Some(z)) => ("zone", z.as_str()),
                (None, None) => ("none", ""),
            };
            if *add {
                t!(lang, "injection-taint-add", place = place, name = name)
            } else {
                t!(lang, "injection-taint-remove", place = place, name = name)
            }
        }
    };
    format!("{} {what}", age(e.at))
}

fn pod_target(target: &PodTarget) -> String {
    match target {
        PodTarget::Name { namespace, name } => format!("{namespace}/{name}"),
        PodTarget::Selector { labels, .. } => labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn workload_name(lang: Lang, w: &WorkloadRef) -> String {
    match w {
        WorkloadRef::Deployment { namespace, name } => {
            t!(
                lang,
                "workload-deployment",
                name = format!("{namespace}/{name}")
            )
        }
        WorkloadRef::ReplicaSet { namespace, name } => {
            t!(
                lang,
                "workload-replicaset",
                name = format!("{namespace}/{name}")
            )
        }
    }
}

/// Which canvas shape each cluster node is drawn on: the network's `kubernetes-node`
/// instances, named as `sim::grade::load_cluster` names them (instance name, else id).
pub fn node_anchors(design: &Design) -> Vec<(String, String)> {
    design
        .network
        .instances
        .iter()
        .filter(|i| i.role == sim::network::InstanceRole::KubernetesNode)
        .map(|i| {
            (
                if i.name.is_empty() {
                    i.id.clone()
                } else {
                    i.name.clone()
                },
                i.id.clone(),
            )
        })
        .collect()
}

/// A pod dropped from the palette on `under` (the innermost container shape at the drop point):
/// on a Kubernetes-node instance it is bound to that node; anywhere else (a subnet, an AZ, the
/// VPC, the canvas) it is left pending for the scheduler. Returns the new pod's `namespace/name`,
/// or why not.
pub fn drop_pod(
    design: &mut Design,
    under: Option<&crate::view::Shape>,
) -> Result<String, super::Refused> {
    use super::Refused;
    use sim::cluster::authoring::{add_pod, nodes, Placement, PodSpec};
    let node = under.and_then(|s| {
        node_anchors(design)
            .into_iter()
            .find(|(_, id)| *id == s.id)
            .map(|(name, _)| name)
    });
    let placement = match node {
        Some(n) => Placement::OnNode(n),
        None => {
            let nodes = nodes(design).map_err(|e| Refused::English(e.to_string()))?;
            if nodes.is_empty() {
                return Err(Refused::PodNeedsNode);
            }
            Placement::Pending
        }
    };
    let added = add_pod(design, &PodSpec::new("nginx"), &placement)
        .map_err(|e| Refused::English(e.to_string()))?;
    *design = added.design;
    Ok(added.pod)
}

/// When pod `key` was (last) scheduled in the run, so its decision can be shown.
pub fn scheduled_at(timeline: &Timeline, key: &str) -> Option<SimTime> {
    let (ns, name) = split_key(key);
    timeline
        .log
        .iter()
        .find(|e| {
            e.reason == "Scheduled"
                && e.object.kind == "Pod"
                && e.object.name == name
                && e.object.namespace.as_deref().unwrap_or("default") == ns
        })
        .map(|e| e.time_ms)
}

// ---- edits to the design's manifests (sim::cluster::authoring) ----

/// The Deployment form: `sim`'s typed spec (image, replicas, requests, spread, node affinity,
/// tolerations), read from and written back to the manifests by `sim::cluster::authoring`.
pub use sim::cluster::authoring::DeploymentSpec as DeploymentForm;
pub use sim::cluster::authoring::{SpreadConstraint, TolerationSpec};

/// The topology keys the form offers for spread constraints (the labels every node carries).
pub const TOPOLOGY_KEYS: [&str; 2] = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"];

/// The form of Deployment `key` (`ns/name`) as written in the manifests.
pub fn deployment_form(design: &Design, key: &str) -> Result<DeploymentForm, String> {
    authoring::deployment_spec(design, key).map_err(|e| e.to_string())
}

/// A form for a new Deployment: the smallest free `app-<n>` in `default`, nginx, 2 replicas.
pub fn new_deployment_form(design: &Design) -> DeploymentForm {
    let taken = authoring::deployments(design).unwrap_or_default();
    let name = (1..)
        .map(|n| format!("app-{n}"))
        .find(|n| !taken.contains(&format!("default/{n}")))
        .expect("a free name");
    DeploymentForm::new(&name, "nginx:1.27", 2)
}

/// The zones the form's node affinity can name (the design's nodes and AZs).
pub fn affinity_zones(design: &Design) -> Vec<String> {
    authoring::zones(design).unwrap_or_default()
}

/// The new `design.cluster` with Deployment `form` added (the editor commits it, undoable).
pub fn create_deployment(design: &Design, form: &DeploymentForm) -> Result<Value, String> {
    authoring::create_deployment(design, &canonical_new(form))
        .map(|d| d.cluster)
        .map_err(|e| e.to_string())
}

/// The new `design.cluster` with Deployment `key` rewritten from `form` (only changed fields).
pub fn update_deployment(
    design: &Design,
    key: &str,
    form: &DeploymentForm,
) -> Result<Value, String> {
    authoring::update_deployment(design, key, &canonical(form))
        .map(|d| d.cluster)
        .map_err(|e| e.to_string())
}

/// The new `design.cluster` without Deployment `key`.
pub fn remove_deployment(design: &Design, key: &str) -> Result<Value, String> {
    authoring::remove_deployment(design, key)
        .map(|d| d.cluster)
        .map_err(|e| e.to_string())
}

/// Empty request fields mean "not set"; blanks around a typed value are not part of it.
fn canonical(form: &DeploymentForm) -> DeploymentForm {
    let mut f = form.clone();
    let tidy = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    f.requests.cpu = tidy(&f.requests.cpu);
    f.requests.memory = tidy(&f.requests.memory);
    f.image = f.image.trim().to_string();
    f.name = f.name.trim().to_string();
    f.namespace = f.namespace.trim().to_string();
    f
}

/// A new Deployment's form: its generated `app: <name>` labels and selector follow the name
/// the learner typed.
fn canonical_new(form: &DeploymentForm) -> DeploymentForm {
    let mut f = canonical(form);
    let generated = |l: &sim::cluster::model::Labels| l.len() == 1 && l.contains_key("app");
    if generated(&f.labels) && f.labels == f.selector {
        f.labels.insert("app".into(), f.name.clone());
        f.selector.insert("app".into(), f.name.clone());
    }
    f
}

/// The injected events saved with the design (time order); none when it has none or they
/// cannot be read (the cluster view shows the manifests' errors then).
pub fn saved_events(design: &Design) -> Vec<Injected> {
    authoring::events(design).unwrap_or_default()
}

/// The new `design.cluster` with `event` saved in it.
pub fn save_event(design: &Design, event: &Injected) -> Result<Value, String> {
    authoring::add_event(design, event)
        .map(|d| d.cluster)
        .map_err(|e| e.to_string())
}

/// The new `design.cluster` without the saved event at `index` (of [`saved_events`]), or without
/// any saved event when `index` is `None`.
pub fn remove_saved_event(design: &Design, index: Option<usize>) -> Result<Value, String> {
    let mut d = design.clone();
    let indexes: Vec<usize> = match index {
        Some(i) => vec![i],
        None => (0..saved_events(design).len()).rev().collect(),
    };
    for i in indexes {
        d = authoring::remove_event(&d, i).map_err(|e| e.to_string())?;
    }
    Ok(d.cluster)
}

/// The example cluster as a `design.cluster` value, on the design's own Kubernetes-node
/// instances and region (`sim::cluster::authoring::example_cluster`); without such nodes, what
/// to add and where.
pub fn example_cluster(lang: Lang, design: &Design) -> Result<Value, String> {
    sim::cluster::authoring::example_cluster(design)
        .map(|d| d.cluster)
        .map_err(|e| t!(lang, "cluster-example-needs-nodes", reason = e.to_string()))
}

/// Does this file look like Kubernetes manifests (rather than a design)?
pub fn looks_like_manifests(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with('{') {
        // A design has `network`; a manifest has `apiVersion` and `kind`.
        return t.contains("\"apiVersion\"")
            && t.contains("\"kind\"")
            && !t.contains("\"network\"");
    }
    text.contains("apiVersion:") && text.contains("kind:")
}

/// Checks imported manifest text; returns it as a `design.cluster` value, or the importer's
/// errors in `lang`.
pub fn manifests_value(lang: Lang, name: &str, text: &str) -> Result<Value, String> {
    let (_, diags) = import_manifests(text);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| crate::i18n::explain::manifest_diagnostic(lang, d))
        .collect();
    if !errors.is_empty() {
        return Err(format!("{name}: {}", errors.join("; ")));
    }
    Ok(Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design() -> Design {
        let mut d = crate::bridge::sample();
        d.cluster = Value::String(EXAMPLE_MANIFESTS.to_string());
        d
    }

    fn kill_a1() -> Vec<Injected> {
        vec![inject(&Injection::KillNode("node-a1".into()), 0)]
    }

    #[test]
    fn killing_a_node_gives_the_documented_times() {
        let t = timeline(&design(), &kill_a1(), DEFAULT_SEED).unwrap();
        let at = |reason: &str| t.log.iter().find(|e| e.reason == reason).map(|e| e.time_ms);
        assert_eq!(at("NodeNotReady"), Some(55_000));
        let evicted: Vec<_> = t
            .log
            .iter()
            .filter(|e| e.reason == "TaintManagerEviction" && e.object.kind == "Pod")
            .collect();
        assert!(!evicted.is_empty());
        assert!(evicted.iter().all(|e| e.time_ms == 355_000));
        let started_late = t
            .log
            .iter()
            .filter(|e| e.reason == "Started" && e.time_ms == 357_000)
            .count();
        assert_eq!(started_late, evicted.len());
    }

    #[test]
    fn the_log_equals_a_plain_simulation_with_the_same_seed() {
        let (cluster, config, _) = load(&design()).unwrap();
        let (log, _) = simulate(
            cluster,
            config,
            kill_a1(),
            0,
            MIN_HORIZON_MS,
            SimConfig::default(),
        );
        assert_eq!(timeline(&design(), &kill_a1(), 0).unwrap().log, log);
    }

    #[test]
    fn a_cursor_stepping_forward_and_back_matches_fresh_snapshots() {
        let t = timeline(&design(), &kill_a1(), 3).unwrap();
        let mut c = t.cursor();
        for at in [0, 2_000, 60_000, 356_000, 400_000, 50_000, 357_000] {
            assert_eq!(c.snapshot_at(&t, at), t.snapshot_at(at), "at {at}");
        }
    }

    #[test]
    fn stepping_moves_between_event_times() {
        let t = timeline(&design(), &kill_a1(), 0).unwrap();
        assert_eq!(
            t.next_event_after(2_000),
            t.log
                .iter()
                .map(|e| e.time_ms)
                .find(|&x| x > 2_000)
                .unwrap()
        );
        assert_eq!(t.next_event_after(60_000), 355_000);
        assert_eq!(t.previous_event_before(355_000), 55_000);
    }

    #[test]
    fn a_replacement_pod_is_explained_with_the_winner_marked() {
        let t = timeline(&design(), &kill_a1(), 0).unwrap();
        let e = t
            .log
            .iter()
            .find(|e| e.reason == "Scheduled" && e.time_ms == 355_000)
            .unwrap();
        let table = t
            .explain(&format!("default/{}", e.object.name), t.horizon)
            .unwrap();
        assert_eq!(table.time_ms, 355_000);
        assert_eq!(table.rows.len(), 3);
        let winner: Vec<_> = table.rows.iter().filter(|r| r.winner).collect();
        assert_eq!(winner.len(), 1);
        assert!(e.message.ends_with(&winner[0].node));
        let a1 = table.rows.iter().find(|r| r.node == "node-a1").unwrap();
        assert!(
            !a1.feasible
                && a1
                    .filters
                    .iter()
                    .any(|(ok, why)| !ok && why.contains("taint")),
            "{a1:?}"
        );
        assert!(table
            .scores
            .iter()
            .any(|(p, w)| p == "TaintToleration" && *w == 3));
    }

    #[test]
    fn editing_replicas_through_the_form_rewrites_the_manifests_and_the_simulation_follows() {
        let mut d = design();
        let mut form = deployment_form(&d, "default/web").unwrap();
        assert_eq!(
            update_deployment(&d, "default/web", &form).unwrap(),
            d.cluster
        );
        form.replicas = 9;
        d.cluster = update_deployment(&d, "default/web", &form).unwrap();
        let t = timeline(&d, &[], 0).unwrap();
        assert_eq!(t.deployments[0].replicas, 9);
        let snap = t.snapshot_at(10_000);
        assert_eq!(
            snap.pods.iter().filter(|p| p.status == "Running").count(),
            9
        );
        assert!(update_deployment(&d, "default/nope", &form).is_err());
        form.replicas = -1;
        assert!(update_deployment(&d, "default/web", &form).is_err());
    }

    #[test]
    fn a_new_deployment_from_the_form_runs_with_its_requests_spread_and_tolerations() {
        let d = design();
        let mut form = new_deployment_form(&d);
        assert_eq!(form.name, "app-1");
        form.name = " api ".into();
        form.requests.cpu = Some("500m".into());
        form.requests.memory = Some(" ".into());
        form.spread.push(SpreadConstraint {
            max_skew: 1,
            topology_key: TOPOLOGY_KEYS[0].into(),
            when_unsatisfiable: WhenUnsatisfiable::DoNotSchedule,
        });
        form.node_affinity.zones = vec!["us-east-1b".into()];
        let mut e = d.clone();
        e.cluster = create_deployment(&d, &form).unwrap();
        let read = deployment_form(&e, "default/api").unwrap();
        assert_eq!(read.labels.get("app").map(String::as_str), Some("api"));
        assert_eq!(read.requests.cpu.as_deref(), Some("500m"));
        assert_eq!(read.requests.memory, None);
        assert_eq!(read.node_affinity.zones, vec!["us-east-1b".to_string()]);
        let t = timeline(&e, &[], 0).unwrap();
        let api = t
            .deployments
            .iter()
            .find(|x| x.key == "default/api")
            .unwrap();
        assert_eq!(api.requests, "500m CPU, 0Mi");
        // A zone that is not the design's is refused with the field and the value.
        form.name = "api2".into();
        form.node_affinity.zones = vec!["mars-1a".into()];
        let err = create_deployment(&d, &form).unwrap_err();
        assert!(
            err.contains("nodeAffinity.zones[0]") && err.contains("mars-1a"),
            "{err}"
        );
        e.cluster = remove_deployment(&e, "default/api").unwrap();
        assert!(deployment_form(&e, "default/api").is_err());
    }

    #[test]
    fn injected_events_are_saved_with_the_design_and_removed_from_it() {
        let mut d = design();
        assert!(saved_events(&d).is_empty());
        d.cluster = save_event(&d, &kill_a1()[0]).unwrap();
        d.cluster = save_event(
            &d,
            &inject(&Injection::FailZone("us-east-1b".into()), 60_000),
        )
        .unwrap();
        let back = Design::from_json(&d.to_json_pretty()).unwrap();
        assert_eq!(saved_events(&back).len(), 2);
        assert_eq!(saved_events(&back)[0], kill_a1()[0]);
        let t = timeline(&back, &saved_events(&back), 0).unwrap();
        assert!(t.log.iter().any(|e| e.reason == "NodeNotReady"));
        let mut one = back.clone();
        one.cluster = remove_saved_event(&back, Some(0)).unwrap();
        assert_eq!(saved_events(&one).len(), 1);
        one.cluster = remove_saved_event(&back, None).unwrap();
        assert!(saved_events(&one).is_empty());
    }

    #[test]
    fn bad_manifests_give_diagnostics_not_a_panic() {
        let mut d = design();
        d.cluster =
            Value::String("kind: Deployment\nmetadata: {name: x}\nspec: {replicas: many}\n".into());
        let errs = timeline(&d, &[], 0).unwrap_err();
        assert!(!errs.is_empty());
        d.cluster = Value::String("{{{ not yaml".into());
        assert!(timeline(&d, &[], 0).is_err());
        d.cluster = Value::Null;
        assert!(timeline(&d, &[], 0).is_err());
    }

    #[test]
    fn the_deployment_list_shows_requests_and_spread() {
        let t = timeline(&design(), &[], 0).unwrap();
        let w = &t.deployments[0];
        assert_eq!(
            (w.key.as_str(), w.replicas, w.requests.as_str()),
            ("default/web", 6, "250m CPU, 256Mi")
        );
        let spread = |lang| w.spread.iter().map(|s| s.text(lang)).collect::<Vec<_>>();
        assert_eq!(
            spread(Lang::En),
            vec!["maxSkew 1 over topology.kubernetes.io/zone (DoNotSchedule)".to_string()]
        );
        assert_eq!(
            spread(Lang::Ko),
            vec!["topology.kubernetes.io/zone 기준 maxSkew 1 (DoNotSchedule)".to_string()]
        );
        assert_eq!(
            t.zones,
            vec!["us-east-1a".to_string(), "us-east-1b".to_string()]
        );
    }

    #[test]
    fn nodes_come_from_the_network_when_the_manifests_declare_none() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/designs/cluster-network-nodes.json"
        ))
        .unwrap();
        let d = Design::from_json(&text).unwrap();
        let t = timeline(&d, &[], 0).unwrap();
        let snap = t.snapshot_at(10_000);
        let anchors = node_anchors(&d);
        assert_eq!(anchors.len(), 3);
        assert!(snap
            .nodes
            .iter()
            .all(|n| anchors.iter().any(|(name, _)| *name == n.name)));
        assert_eq!(
            snap.nodes
                .iter()
                .find(|n| n.name == "k8s-a1")
                .and_then(|n| n.zone.clone())
                .as_deref(),
            Some("ap-northeast-2a")
        );
        assert_eq!(
            snap.pods.iter().filter(|p| p.status == "Running").count(),
            6
        );

        // The example cluster on this design keeps the network's nodes.
        let mut e = d.clone();
        e.cluster = example_cluster(Lang::En, &d).unwrap();
        let t = timeline(&e, &[], 0).unwrap();
        assert_eq!(
            t.zones,
            vec!["ap-northeast-2c".to_string(), "ap-northeast-2a".to_string()]
        );
        assert_eq!(t.deployments[0].key, "default/web");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn injected_events_are_worded_in_each_language() {
        let web = "default/web".to_string();
        let cases = [
            (
                Injection::KillNode("node-a1".into()),
                "0s kill node node-a1",
                "0s 노드 node-a1 중지",
            ),
            (
                Injection::FailZone("us-east-1b".into()),
                "0s fail AZ us-east-1b",
                "0s 가용 영역 us-east-1b 장애",
            ),
            (
                Injection::CrashPod("default/web-1".into(), 3),
                "0s crash pod default/web-1 ×3",
                "0s 파드 default/web-1 크래시 ×3",
            ),
            (
                Injection::Scale(web.clone(), 8),
                "0s scale deployment default/web to 8",
                "0s 디플로이먼트 default/web을(를) 8개로 스케일",
            ),
            (
                Injection::RollOut(web, "nginx:1.28".into()),
                "0s roll out nginx:1.28 to deployment default/web",
                "0s 디플로이먼트 default/web에 nginx:1.28 롤아웃",
            ),
        ];
        for (what, en, ko) in cases {
            let e = inject(&what, 0);
            assert_eq!(describe(Lang::En, &e), en);
            assert_eq!(describe(Lang::Ko, &e), ko);
        }
        let taint = Injected {
            at: 0,
            action: Action::OutOfService {
                node: Some("node-a1".into()),
                zone: None,
                add: true,
            },
        };
        assert_eq!(
            describe(Lang::En, &taint),
            "0s add out-of-service taint on node node-a1"
        );
        assert_eq!(
            describe(Lang::Ko, &taint),
            "0s 노드 node-a1에 out-of-service 테인트 추가"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn deployment_lines_and_load_errors_are_worded_in_each_language() {
        let cases = [
            (
                AffinityLine::NodeRequired(1).text(Lang::En),
                "node affinity: 1 required term",
            ),
            (
                AffinityLine::NodeRequired(2).text(Lang::En),
                "node affinity: 2 required terms",
            ),
            (
                AffinityLine::NodeRequired(2).text(Lang::Ko),
                "노드 어피니티: 필수 조건 2개",
            ),
            (
                AffinityLine::PodAnti {
                    required: 1,
                    preferred: 0,
                }
                .text(Lang::En),
                "pod anti-affinity: 1 required, 0 preferred",
            ),
            (
                TolerationLine {
                    notation: "dedicated=api:NoExecute".into(),
                    seconds: Some(60),
                }
                .text(Lang::En),
                "dedicated=api:NoExecute for 60s",
            ),
            (
                TolerationLine {
                    notation: "dedicated=api:NoExecute".into(),
                    seconds: Some(60),
                }
                .text(Lang::Ko),
                "dedicated=api:NoExecute 60초 동안",
            ),
            (load_error(Lang::En, &NO_MANIFESTS.into()), NO_MANIFESTS),
            (
                load_error(Lang::Ko, &NO_MANIFESTS.into()),
                "이 설계에는 아직 Kubernetes 매니페스트가 없습니다.",
            ),
            (load_error(Lang::En, &NO_NODES.into()), NO_NODES),
            (
                load_error(Lang::Ko, &"web.yaml:3: spec.replicas".into()),
                "web.yaml:3: spec.replicas",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        let mut d = design();
        d.cluster = Value::Null;
        assert_eq!(
            timeline(&d, &[], 0).unwrap_err(),
            vec![LoadLine::from(NO_MANIFESTS)]
        );
    }

    #[test]
    fn manifest_files_are_told_apart_from_designs() {
        assert!(looks_like_manifests(EXAMPLE_MANIFESTS));
        assert!(!looks_like_manifests(
            &crate::bridge::sample().to_json_pretty()
        ));
    }
}
