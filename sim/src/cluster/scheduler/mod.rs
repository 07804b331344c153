//! A kube-scheduler-faithful scheduler: one pod per scheduling cycle through the framework's
//! phases (PreFilter → Filter → PostFilter/DefaultPreemption → PreScore → Score → NormalizeScore →
//! selectHost → Reserve/Bind), with the default profile's plugins (docs/SEMANTICS.md#k1, #k2).
//!
//! Guarantees:
//! - **Faithful arithmetic**: each plugin in `plugins/<name>/` reproduces kube-scheduler's formula and
//!   integer (or float, where Go uses floats) arithmetic; its table test sits beside it.
//! - **Explainable**: with [`Explain::Full`], every filter plugin's [`Status`] is reported for every
//!   node (not only the first failure) and every score plugin's normalized score and weight for
//!   every scored node, even when exactly one node is feasible and the real scheduler skips scoring
//!   (then [`Decision::scoring_skipped`] is set and the table does not influence the choice).
//! - **Same decision with or without the explanation**: the explanation is computed on the side;
//!   the choice follows `findNodesThatFitPod` (first failure per node decides, `numFeasibleNodesToFind`
//!   with a rotating start index) and `selectHost` (reservoir sampling among equal top scores with
//!   the caller's seeded RNG).
//! - **Unschedulable is a result**: [`Decision::node`] is `None` with a kube-style message.
//! - **Incremental state**: [`Cache`] keeps per-node aggregated requests, non-zero requests, host
//!   ports and pod lists, so a cycle never rescans every pod per node.
//!
//! Node order is kube-scheduler's node tree: nodes interleaved zone by zone (zones in order of first
//! appearance), nodes within a zone in manifest order.

mod counts;
pub mod plugins;
mod preemption;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::config::{PluginName, Profile, SchedulerConfig};
use super::model::*;
pub use counts::{AffinityCount, AffinityRule, FilterCounts, SpreadCount};
pub use preemption::PreemptionResult;

/// kube-scheduler's status codes (`framework.Code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Code {
    Success,
    /// The node does not fit now; preemption may help.
    Unschedulable,
    /// The node cannot fit; preemption cannot help.
    UnschedulableAndUnresolvable,
    /// The plugin has nothing to do for this pod.
    Skip,
}

/// One plugin's verdict on one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub code: Code,
    pub plugin: PluginName,
    /// Empty for success; kube-scheduler's reason text otherwise (several joined by ", ").
    pub reason: String,
    /// The numbers behind the verdict (PodTopologySpread, InterPodAffinity), in full
    /// explanations only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<FilterCounts>,
}

impl Status {
    pub fn ok(plugin: PluginName) -> Status {
        Status {
            code: Code::Success,
            plugin,
            reason: String::new(),
            counts: None,
        }
    }
    pub fn unschedulable(plugin: PluginName, reason: impl Into<String>) -> Status {
        Status {
            code: Code::Unschedulable,
            plugin,
            reason: reason.into(),
            counts: None,
        }
    }
    pub fn unresolvable(plugin: PluginName, reason: impl Into<String>) -> Status {
        Status {
            code: Code::UnschedulableAndUnresolvable,
            plugin,
            reason: reason.into(),
            counts: None,
        }
    }
    pub fn is_success(&self) -> bool {
        matches!(self.code, Code::Success | Code::Skip)
    }
}

/// Per-node aggregates of the pods assigned to it (kube's `NodeInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[repr(C)] // hot fields first: requested, non-zero requested, pod count
pub struct NodeAgg {
    pub requested: Resources,
    pub non_zero_milli_cpu: i64,
    pub non_zero_memory: i64,
    /// Indices into the pod list, in assignment order.
    pub pods: Vec<usize>,
    /// (hostIP, protocol, hostPort) in use.
    pub used_ports: Vec<(String, String, i32)>,
    /// Pods on the node with any (anti-)affinity.
    pub pods_with_affinity: Vec<usize>,
    pub pods_with_required_anti_affinity: Vec<usize>,
}

impl NodeAgg {
    pub fn add(&mut self, idx: usize, pod: &Pod) {
        self.requested.add(&pod.requests);
        self.non_zero_milli_cpu += pod.non_zero_milli_cpu;
        self.non_zero_memory += pod.non_zero_memory;
        self.pods.push(idx);
        for p in pod.host_ports() {
            self.used_ports
                .push((p.host_ip.clone(), p.protocol.clone(), p.host_port));
        }
        let a = &pod.affinity;
        if a.pod_affinity.is_some() || a.pod_anti_affinity.is_some() {
            self.pods_with_affinity.push(idx);
        }
        if a.pod_anti_affinity
            .as_ref()
            .is_some_and(|x| !x.required.is_empty())
        {
            self.pods_with_required_anti_affinity.push(idx);
        }
    }
    pub fn remove(&mut self, idx: usize, pod: &Pod) {
        let Some(pos) = self.pods.iter().position(|p| *p == idx) else {
            return;
        };
        self.pods.remove(pos);
        self.requested.sub(&pod.requests);
        self.non_zero_milli_cpu -= pod.non_zero_milli_cpu;
        self.non_zero_memory -= pod.non_zero_memory;
        for p in pod.host_ports() {
            if let Some(i) = self
                .used_ports
                .iter()
                .position(|u| u.0 == p.host_ip && u.1 == p.protocol && u.2 == p.host_port)
            {
                self.used_ports.remove(i);
            }
        }
        self.pods_with_affinity.retain(|p| *p != idx);
        self.pods_with_required_anti_affinity.retain(|p| *p != idx);
    }
}

/// The scheduler's view of assignments: aggregates per node, kept in step with binds and deletions.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    pub aggs: Vec<NodeAgg>,
    /// Node indices in node-tree order (zones interleaved).
    pub order: Vec<usize>,
    /// Node index of each assigned pod, indexed by pod index (`None` = not assigned).
    assigned: Vec<Option<usize>>,
    /// Pods nominated to a node by preemption and not bound yet, per node.
    nominated: BTreeMap<usize, Vec<usize>>,
    /// Normalized image name → number of nodes holding it (ImageLocality's spread factor).
    pub image_nodes: BTreeMap<String, i64>,
    /// Assigned pods with any pod (anti-)affinity, and with required anti-affinity: lets
    /// InterPodAffinity skip its scans when there is nothing to find.
    pub pods_with_affinity: usize,
    pub pods_with_required_anti_affinity: usize,
    node_by_name: BTreeMap<String, usize>,
    /// Claims, volumes, classes and CSINodes: the volume binder's assume cache (the volume
    /// plugins read it; binding a pod updates it, docs/SEMANTICS.md#k14).
    pub storage: super::storage::Storage,
}

impl Cache {
    /// Builds the cache; pods bound (`node_name`) to a known node and not yet deleted are assigned.
    pub fn build(nodes: &[Node], pods: &[Pod]) -> Cache {
        let mut c = Cache {
            aggs: vec![NodeAgg::default(); nodes.len()],
            ..Cache::default()
        };
        c.refresh_nodes(nodes);
        for (i, p) in pods.iter().enumerate() {
            if let Some(n) = p
                .node_name
                .as_ref()
                .and_then(|n| c.node_by_name.get(n))
                .copied()
            {
                if !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed) {
                    c.assign(i, n, p);
                }
            }
        }
        c
    }

    /// Recomputes the node order and image index after nodes were added or changed.
    pub fn refresh_nodes(&mut self, nodes: &[Node]) {
        self.aggs.resize(nodes.len(), NodeAgg::default());
        self.node_by_name = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.clone(), i))
            .collect();
        let mut zones: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            let zone = format!(
                "{}:\0:{}",
                n.labels
                    .get("topology.kubernetes.io/region")
                    .map(String::as_str)
                    .unwrap_or(""),
                n.zone().unwrap_or("")
            );
            match zones.iter_mut().find(|(z, _)| *z == zone) {
                Some((_, v)) => v.push(i),
                None => zones.push((zone, vec![i])),
            }
        }
        self.order.clear();
        let longest = zones.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
        for k in 0..longest {
            for (_, v) in &zones {
                if let Some(i) = v.get(k) {
                    self.order.push(*i);
                }
            }
        }
        self.image_nodes.clear();
        for n in nodes {
            let mut seen: Vec<String> = Vec::new();
            for im in &n.images {
                for name in &im.names {
                    let norm = normalized_image_name(name);
                    if !seen.contains(&norm) {
                        seen.push(norm);
                    }
                }
            }
            for s in seen {
                *self.image_nodes.entry(s).or_insert(0) += 1;
            }
        }
    }

    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.node_by_name.get(name).copied()
    }

    pub fn assign(&mut self, pod_idx: usize, node_idx: usize, pod: &Pod) {
        if self.is_assigned(pod_idx) || node_idx >= self.aggs.len() {
            return;
        }
        self.aggs[node_idx].add(pod_idx, pod);
        if self.assigned.len() <= pod_idx {
            self.assigned.resize(pod_idx + 1, None);
        }
        self.assigned[pod_idx] = Some(node_idx);
        if !self.nominated.is_empty() {
            self.clear_nomination(pod_idx);
        }
        let (a, r) = affinity_kinds(pod);
        self.pods_with_affinity += usize::from(a);
        self.pods_with_required_anti_affinity += usize::from(r);
    }

    /// Records that preemption nominated `node_idx` for the pending pod `pod_idx`; until it binds or
    /// is deleted, filters for other pods of equal or lower priority see it on that node
    /// (`addNominatedPods` in kube-scheduler's framework).
    pub fn nominate(&mut self, pod_idx: usize, node_idx: usize) {
        self.clear_nomination(pod_idx);
        self.nominated.entry(node_idx).or_default().push(pod_idx);
    }

    /// Forgets a pod's nomination (it bound or was deleted).
    pub fn clear_nomination(&mut self, pod_idx: usize) {
        self.nominated.retain(|_, v| {
            v.retain(|p| *p != pod_idx);
            !v.is_empty()
        });
    }

    /// The aggregates a filter should see for `pod` on `node_idx`: nominated pods of at least the
    /// pod's priority are added (`None` when there are none, the common case).
    #[inline]
    pub fn with_nominated(&self, node_idx: usize, pod_idx: usize, pods: &[Pod]) -> Option<NodeAgg> {
        if self.nominated.is_empty() {
            return None;
        }
        let list = self.nominated.get(&node_idx)?;
        let prio = pods[pod_idx].priority;
        let mut agg: Option<NodeAgg> = None;
        for &p in list {
            if p != pod_idx && pods[p].priority >= prio && pods[p].is_active() {
                agg.get_or_insert_with(|| self.aggs[node_idx].clone())
                    .add(p, &pods[p]);
            }
        }
        agg
    }

    /// Whether the pod at `pod_idx` is assigned to a node.
    pub fn is_assigned(&self, pod_idx: usize) -> bool {
        self.assigned.get(pod_idx).is_some_and(Option::is_some)
    }

    /// The node index a pod is assigned to.
    pub fn node_of(&self, pod_idx: usize) -> Option<usize> {
        self.assigned.get(pod_idx).copied().flatten()
    }

    /// Indices of all assigned pods, ascending.
    pub fn assigned_pods(&self) -> impl Iterator<Item = usize> + '_ {
        self.assigned
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.map(|_| i))
    }

    pub fn unassign(&mut self, pod_idx: usize, pod: &Pod) {
        if let Some(n) = self.assigned.get_mut(pod_idx).and_then(Option::take) {
            self.aggs[n].remove(pod_idx, pod);
            let (a, r) = affinity_kinds(pod);
            self.pods_with_affinity = self.pods_with_affinity.saturating_sub(usize::from(a));
            self.pods_with_required_anti_affinity = self
                .pods_with_required_anti_affinity
                .saturating_sub(usize::from(r));
        }
    }
}

/// (has any pod (anti-)affinity, has required anti-affinity).
fn affinity_kinds(pod: &Pod) -> (bool, bool) {
    let a = &pod.affinity;
    (
        a.pod_affinity.is_some() || a.pod_anti_affinity.is_some(),
        a.pod_anti_affinity
            .as_ref()
            .is_some_and(|x| !x.required.is_empty()),
    )
}

/// `normalizedImageName` (image_locality.go): images without a tag or digest get `:latest`.
pub fn normalized_image_name(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    if last.contains(':') || name.contains('@') {
        name.to_string()
    } else {
        format!("{name}:latest")
    }
}

/// Everything a plugin may look at during one cycle.
pub struct Cycle<'a> {
    pub pod: &'a Pod,
    pub nodes: &'a [Node],
    pub pods: &'a [Pod],
    pub cache: &'a Cache,
    pub profile: &'a Profile,
    pub services: &'a [Service],
    pub replica_sets: &'a [ReplicaSet],
    pub stateful_sets: &'a [StatefulSet],
    pub pdbs: &'a [PodDisruptionBudget],
}

/// How much explanation to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// Only the decision (what a real scheduler computes).
    None,
    /// The decision and its kube-style message, without the per-node filter and score tables
    /// (`stratosim schedule` for pods nobody asked about: the tables are pods × nodes × plugins).
    /// The decision, the RNG draws and the message are those of [`Explain::Full`].
    Summary,
    /// Every filter plugin on every node, and the score table.
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeFilter {
    pub node: String,
    /// One status per filter plugin, in profile order.
    pub statuses: Vec<Status>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginScore {
    pub plugin: PluginName,
    /// Score before NormalizeScore.
    pub raw: i64,
    /// Final (normalized) score, 0..=100.
    pub score: i64,
    pub weight: i64,
    /// PreScore returned Skip: the plugin does not score this pod.
    pub skipped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeScore {
    pub node: String,
    pub plugins: Vec<PluginScore>,
    pub total: i64,
}

/// The outcome of one scheduling cycle, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub pod: String,
    pub node: Option<String>,
    pub filter: Vec<NodeFilter>,
    pub scores: Vec<NodeScore>,
    pub feasible_nodes: usize,
    /// Nodes the real scheduler would have filtered this cycle (`numFeasibleNodesToFind`).
    pub evaluated_nodes: usize,
    /// Exactly one feasible node: kube-scheduler skips scoring and picks it.
    pub scoring_skipped: bool,
    /// Nodes sharing the top score (the RNG picked one).
    pub tied_nodes: Vec<String>,
    pub preemption: Option<PreemptionResult>,
    /// kube-style summary, e.g. `0/3 nodes are available: 3 Insufficient cpu.`
    pub message: String,
}

/// `numFeasibleNodesToFind` (schedule_one.go): all nodes below 100, else an adaptive percentage.
pub fn num_feasible_nodes_to_find(percentage: i64, num_all_nodes: usize) -> usize {
    const MIN_FEASIBLE: usize = 100;
    const MIN_PERCENTAGE: i64 = 5;
    if num_all_nodes < MIN_FEASIBLE || percentage >= 100 {
        return num_all_nodes;
    }
    let mut pct = percentage;
    if pct <= 0 {
        pct = 50 - (num_all_nodes as i64) / 125;
        if pct < MIN_PERCENTAGE {
            pct = MIN_PERCENTAGE;
        }
    }
    let n = (num_all_nodes as i64 * pct / 100) as usize;
    n.max(MIN_FEASIBLE)
}

/// Scheduler state that persists between cycles.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    pub config: SchedulerConfig,
    next_start_node_index: usize,
}

/// Objects other than nodes and pods that plugins consult (default spread selectors, PDBs for preemption).
#[derive(Clone, Copy, Default)]
pub struct Workloads<'a> {
    pub services: &'a [Service],
    pub replica_sets: &'a [ReplicaSet],
    pub stateful_sets: &'a [StatefulSet],
    pub pdbs: &'a [PodDisruptionBudget],
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Scheduler {
        Scheduler {
            config,
            next_start_node_index: 0,
        }
    }

    /// Runs one scheduling cycle for `pods[pod_idx]`. Does not bind: call [`Cache::assign`] and set
    /// `node_name` when [`Decision::node`] is `Some`. Preemption victims are reported, not deleted.
    #[allow(clippy::too_many_arguments)] // the cluster state is borrowed piecewise so callers can keep mutating the rest
    pub fn schedule_one<R: Rng>(
        &mut self,
        nodes: &[Node],
        pods: &[Pod],
        cache: &Cache,
        workloads: Workloads<'_>,
        pod_idx: usize,
        rng: &mut R,
        explain: Explain,
    ) -> Decision {
        let pod = &pods[pod_idx];
        let mut decision = Decision {
            pod: pod.key(),
            node: None,
            filter: vec![],
            scores: vec![],
            feasible_nodes: 0,
            evaluated_nodes: 0,
            scoring_skipped: false,
            tied_nodes: vec![],
            preemption: None,
            message: String::new(),
        };
        let default_profile;
        let profile = match self.config.profile(&pod.scheduler_name) {
            Some(p) => p,
            None if pod.scheduler_name == "default-scheduler" => {
                default_profile = Profile::default();
                &default_profile
            }
            None => {
                decision.message = format!(
                    "no scheduler profile named {:?}; the pod stays pending",
                    pod.scheduler_name
                );
                return decision;
            }
        };
        if !pod.scheduling_gates.is_empty() {
            decision.message = format!(
                "pod has scheduling gates {:?} (SchedulingGates PreEnqueue)",
                pod.scheduling_gates
            );
            return decision;
        }
        if nodes.is_empty() {
            decision.message = "0/0 nodes are available: no nodes in the cluster.".into();
            return decision;
        }
        let cycle = Cycle {
            pod,
            nodes,
            pods,
            cache,
            profile,
            services: workloads.services,
            replica_sets: workloads.replica_sets,
            stateful_sets: workloads.stateful_sets,
            pdbs: workloads.pdbs,
        };
        let state = plugins::pre_filter(&cycle);
        if let Some(rejected) = &state.rejected {
            return prefilter_rejected(decision, &cycle, &state, rejected, explain);
        }

        // Filter: first failure per node decides; stop after numFeasibleNodesToFind.
        let n = cache.order.len();
        let to_find = num_feasible_nodes_to_find(self.config.percentage_of_nodes_to_score, n);
        let mut feasible: Vec<usize> = Vec::new();
        let mut failures: Vec<(usize, Status)> = Vec::new();
        let mut processed = 0;
        let mut pos = self.next_start_node_index % n;
        for _ in 0..n {
            let node_idx = cache.order[pos];
            pos += 1;
            if pos == n {
                pos = 0;
            }
            let with_nominated = cache.with_nominated(node_idx, pod_idx, pods);
            let agg = with_nominated.as_ref().unwrap_or(&cache.aggs[node_idx]);
            let mut fail = None;
            for &p in &state.active_filters {
                let s = plugins::filter(&cycle, &state, p, node_idx, agg);
                if !s.is_success() {
                    fail = Some(s);
                    break;
                }
            }
            processed += 1;
            match fail {
                None => feasible.push(node_idx),
                Some(s) => failures.push((node_idx, s)),
            }
            if feasible.len() >= to_find {
                break;
            }
        }
        self.next_start_node_index = (self.next_start_node_index + processed) % n;
        decision.evaluated_nodes = processed;
        decision.feasible_nodes = feasible.len();

        if explain == Explain::Full {
            for &node_idx in &cache.order {
                let with_nominated = cache.with_nominated(node_idx, pod_idx, pods);
                let agg = with_nominated.as_ref().unwrap_or(&cache.aggs[node_idx]);
                let statuses = profile
                    .filters
                    .iter()
                    .map(|&p| {
                        let mut s = plugins::filter(&cycle, &state, p, node_idx, agg);
                        s.counts = plugins::filter_counts(&cycle, &state, p, node_idx);
                        s
                    })
                    .collect();
                decision.filter.push(NodeFilter {
                    node: nodes[node_idx].name.clone(),
                    statuses,
                });
            }
        }

        if feasible.is_empty() {
            let mut first_failure: Vec<Option<Status>> = vec![None; nodes.len()];
            for (i, st) in failures {
                first_failure[i] = Some(st);
            }
            decision.message = fit_error_message(nodes.len(), &first_failure);
            if profile.preemption && !pod.preemption_never {
                decision.preemption = preemption::preempt(&cycle, &state, &first_failure);
                if let Some(p) = &decision.preemption {
                    decision.message.push_str(&format!(
                        " preemption: nominated node {} after evicting {} pod(s).",
                        p.node,
                        p.victims.len()
                    ));
                } else {
                    // kube's preemption diagnosis: unresolvable nodes vs nodes where no victims help.
                    let unresolvable = first_failure
                        .iter()
                        .flatten()
                        .filter(|s| s.code == Code::UnschedulableAndUnresolvable)
                        .count();
                    let other = nodes.len() - unresolvable;
                    let mut parts = Vec::new();
                    if other > 0 {
                        parts.push(format!(
                            "{other} No preemption victims found for incoming pod"
                        ));
                    }
                    if unresolvable > 0 {
                        parts.push(format!(
                            "{unresolvable} Preemption is not helpful for scheduling"
                        ));
                    }
                    decision.message.push_str(&format!(
                        " preemption: 0/{} nodes are available: {}.",
                        nodes.len(),
                        parts.join(", ")
                    ));
                }
            }
            return decision;
        }

        let must_score = feasible.len() > 1;
        decision.scoring_skipped = !must_score;
        // One feasible node: kube-scheduler binds it without running Score; a full explanation
        // still computes the table for learning (`scoring_skipped` marks it as unused), and the
        // CLI's text prints no score rows for it (docs/SEMANTICS.md#k1).
        if must_score || explain == Explain::Full {
            let table = plugins::score_table(&cycle, &feasible);
            if must_score {
                // selectHost: reservoir sampling among the highest totals.
                let mut best = i64::MIN;
                let mut count = 0u32;
                let mut chosen = feasible[0];
                for (i, &node_idx) in feasible.iter().enumerate() {
                    let total = table.totals[i];
                    if total > best {
                        best = total;
                        count = 1;
                        chosen = node_idx;
                    } else if total == best {
                        count += 1;
                        if rng.random_range(0..count) == 0 {
                            chosen = node_idx;
                        }
                    }
                }
                if explain == Explain::Full || count > 1 {
                    decision.tied_nodes = feasible
                        .iter()
                        .zip(&table.totals)
                        .filter(|(_, t)| **t == best)
                        .map(|(i, _)| nodes[*i].name.clone())
                        .collect();
                }
                decision.node = Some(nodes[chosen].name.clone());
            }
            if explain == Explain::Full {
                decision.scores = table.explain(&cycle, &feasible);
            }
        }
        if !must_score {
            decision.node = Some(nodes[feasible[0]].name.clone());
            decision.tied_nodes = vec![nodes[feasible[0]].name.clone()];
        }
        if explain == Explain::None {
            return decision;
        }
        decision.message = match (&decision.node, decision.scoring_skipped) {
            (Some(n), true) => format!("assigned to {n}: the only feasible node (scoring skipped)"),
            (Some(n), false) => format!(
                "assigned to {n} ({} feasible of {} nodes)",
                decision.feasible_nodes,
                nodes.len()
            ),
            (None, _) => String::new(),
        };
        decision
    }
}

/// A PreFilter rejected the pod: every node has that status, no Filter ran, and preemption cannot
/// help when the status is unresolvable. The message is `FitError.Error()` with the PreFilter's
/// message in place of the per-node counts, then PostFilter's diagnosis.
fn prefilter_rejected(
    mut decision: Decision,
    c: &Cycle,
    state: &plugins::CycleState,
    rejected: &Status,
    explain: Explain,
) -> Decision {
    let n = c.nodes.len();
    if explain == Explain::Full {
        for &node_idx in &c.cache.order {
            let statuses = c
                .profile
                .filters
                .iter()
                .map(|&p| {
                    if p == rejected.plugin {
                        rejected.clone()
                    } else {
                        plugins::filter(c, state, p, node_idx, &c.cache.aggs[node_idx])
                    }
                })
                .collect();
            decision.filter.push(NodeFilter {
                node: c.nodes[node_idx].name.clone(),
                statuses,
            });
        }
    }
    decision.message = format!("0/{n} nodes are available: {}.", rejected.reason);
    if c.profile.preemption && !c.pod.preemption_never {
        let what = if rejected.code == Code::UnschedulableAndUnresolvable {
            "Preemption is not helpful for scheduling"
        } else {
            "No preemption victims found for incoming pod"
        };
        decision.message.push_str(&format!(
            " preemption: 0/{n} nodes are available: {n} {what}."
        ));
    }
    decision
}

/// kube's `FitError.Error()`: `0/N nodes are available: <count> <reason>, ….` sorted by reason.
fn fit_error_message(total: usize, failures: &[Option<Status>]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in failures.iter().flatten() {
        for r in s.reason.split(", ") {
            *counts.entry(r.to_string()).or_insert(0) += 1;
        }
    }
    let parts: Vec<String> = counts.iter().map(|(r, c)| format!("{c} {r}")).collect();
    format!("0/{total} nodes are available: {}.", parts.join(", "))
}

/// One placement made by [`schedule_pending`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub decision: Decision,
    /// Pods deleted to make room (preemption), as `ns/name`.
    pub evicted: Vec<String>,
}

/// Schedules every pending pod (no `nodeName`, not terminating) of `pods` in queue order
/// (PrioritySort: priority descending, then enqueue order), binding as it goes. Preemption victims
/// are deleted at once and the preemptor is retried once after them (a static run has no grace period).
pub fn schedule_pending<R: Rng>(
    scheduler: &mut Scheduler,
    nodes: &[Node],
    pods: &mut [Pod],
    cache: &mut Cache,
    workloads: Workloads<'_>,
    rng: &mut R,
    explain: Explain,
) -> Vec<Placement> {
    let mut out = Vec::new();
    schedule_pending_with(
        scheduler,
        nodes,
        pods,
        cache,
        workloads,
        rng,
        |_| explain,
        |p| out.push(p),
    );
    out
}

/// [`schedule_pending`] with the explanation chosen per pod and each placement handed to `emit`
/// as soon as it is made, so a caller can write it out and drop it: memory stays one pod's
/// explanation, not every pod's (issue 13). The placements and their order are those of
/// [`schedule_pending`].
#[allow(clippy::too_many_arguments)] // schedule_pending's arguments plus the two callbacks
pub fn schedule_pending_with<R: Rng>(
    scheduler: &mut Scheduler,
    nodes: &[Node],
    pods: &mut [Pod],
    cache: &mut Cache,
    workloads: Workloads<'_>,
    rng: &mut R,
    explain: impl Fn(&Pod) -> Explain,
    mut emit: impl FnMut(Placement),
) {
    let mut queue: Vec<usize> = (0..pods.len())
        .filter(|&i| pods[i].node_name.is_none() && pods[i].is_active())
        .collect();
    queue.sort_by_key(|&i| {
        (
            std::cmp::Reverse(pods[i].priority),
            pods[i].creation_index,
            i,
        )
    });
    let mut retried: BTreeSet<usize> = BTreeSet::new();
    let mut q = std::collections::VecDeque::from(queue);
    while let Some(i) = q.pop_front() {
        if pods[i].node_name.is_some() || !pods[i].is_active() {
            continue;
        }
        let how = explain(&pods[i]);
        let d = scheduler.schedule_one(nodes, pods, cache, workloads, i, rng, how);
        let mut evicted = Vec::new();
        if let Some(node) = &d.node {
            if let Some(n) = cache.node_index(node) {
                cache.assign(i, n, &pods[i]);
                pods[i].node_name = Some(node.clone());
                if !pods[i].claims.is_empty() {
                    let (ns, claims) = (pods[i].namespace.clone(), pods[i].claims.clone());
                    cache.storage.bind_for_pod(&ns, &claims, &nodes[n]);
                }
            }
        } else if let Some(p) = &d.preemption {
            for &v in &p.victim_indices {
                let victim = pods[v].clone();
                cache.unassign(v, &victim);
                pods[v].deletion_timestamp = Some(0);
                pods[v].phase = PodPhase::Failed;
                evicted.push(victim.key());
            }
            pods[i].nominated_node_name = Some(p.node.clone());
            if let Some(n) = cache.node_index(&p.node) {
                cache.nominate(i, n);
            }
            if retried.insert(i) {
                q.push_front(i);
            }
        }
        emit(Placement {
            decision: d,
            evicted,
        });
    }
}
