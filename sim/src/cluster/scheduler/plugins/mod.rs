//! The in-tree plugins, one folder each with its table test beside it, and the dispatch the
//! framework uses (a registry that is one `match`).

pub mod image_locality;
pub mod inter_pod_affinity;
pub mod node_affinity;
pub mod node_name;
pub mod node_ports;
pub mod node_resources_balanced_allocation;
pub mod node_resources_fit;
pub mod node_unschedulable;
pub mod node_volume_limits;
pub mod pod_topology_spread;
pub mod taint_toleration;
pub mod volume_binding;
pub mod volume_restrictions;
pub mod volume_zone;

use super::{Code, Cycle, FilterCounts, NodeAgg, NodeScore, PluginScore, Status};

use crate::cluster::config::PluginName;

/// `framework.MaxNodeScore`.
pub const MAX_NODE_SCORE: i64 = 100;

/// PreFilter results shared by the Filter calls of one cycle.
pub struct CycleState {
    pub spread: Option<pod_topology_spread::FilterState>,
    pub inter_pod: Option<inter_pod_affinity::FilterState>,
    pub volume_restrictions: Option<volume_restrictions::State>,
    pub volume_binding: Option<volume_binding::State>,
    pub volume_zone: Option<volume_zone::State>,
    /// The first PreFilter that rejected the pod (it then fails on every node with this
    /// status, and no Filter runs: `RunPreFilterPlugins`).
    pub rejected: Option<Status>,
    /// Filter plugins to run: the profile's minus those whose PreFilter returned Skip
    /// (kube-scheduler then skips their Filter; they pass every node).
    pub active_filters: Vec<PluginName>,
}

/// Runs every enabled PreFilter.
pub fn pre_filter(c: &Cycle) -> CycleState {
    let enabled = |p| c.profile.filters.contains(&p);
    let spread = enabled(PluginName::PodTopologySpread)
        .then(|| pod_topology_spread::pre_filter(c))
        .flatten();
    let inter_pod = enabled(PluginName::InterPodAffinity)
        .then(|| inter_pod_affinity::pre_filter(c))
        .flatten();
    // The volume plugins' PreFilters, in profile order; the first rejection wins.
    let mut rejected: Option<Status> = None;
    let mut volume_restrictions = None;
    let mut volume_binding = None;
    let mut volume_zone = None;
    if enabled(PluginName::VolumeRestrictions) {
        match volume_restrictions::pre_filter(c) {
            Ok(s) => volume_restrictions = s,
            Err(s) => rejected = Some(s),
        }
    }
    if enabled(PluginName::VolumeBinding) && rejected.is_none() {
        match volume_binding::pre_filter(c) {
            Ok(s) => volume_binding = s,
            Err(s) => rejected = Some(s),
        }
    }
    if enabled(PluginName::VolumeZone) && rejected.is_none() {
        match volume_zone::pre_filter(c) {
            Ok(s) => volume_zone = s,
            Err(s) => rejected = Some(s),
        }
    }
    let pod = c.pod;
    let active_filters = c
        .profile
        .filters
        .iter()
        .copied()
        .filter(|p| match p {
            // node_affinity.go PreFilter: Skip without nodeSelector, required node affinity
            // and required addedAffinity.
            PluginName::NodeAffinity => {
                !pod.node_selector.is_empty()
                    || c.profile
                        .args
                        .node_affinity_added
                        .as_ref()
                        .is_some_and(|a| a.required.is_some())
                    || pod
                        .affinity
                        .node_affinity
                        .as_ref()
                        .is_some_and(|a| a.required.is_some())
            }
            // node_ports.go PreFilter: Skip without host ports.
            PluginName::NodePorts => pod.host_ports().next().is_some(),
            PluginName::PodTopologySpread => spread.is_some(),
            PluginName::InterPodAffinity => inter_pod.is_some(),
            PluginName::VolumeRestrictions => volume_restrictions.is_some(),
            // nodevolumelimits PreFilter: Skip without claims.
            PluginName::NodeVolumeLimits => !pod.claims.is_empty(),
            PluginName::VolumeBinding => volume_binding.is_some(),
            PluginName::VolumeZone => volume_zone.is_some(),
            _ => true,
        })
        .collect();
    CycleState {
        spread,
        inter_pod,
        volume_restrictions,
        volume_binding,
        volume_zone,
        rejected,
        active_filters,
    }
}

/// Runs one Filter plugin on one node (`agg` may differ from the cache during preemption).
pub fn filter(
    c: &Cycle,
    state: &CycleState,
    plugin: PluginName,
    node_idx: usize,
    agg: &NodeAgg,
) -> Status {
    let node = &c.nodes[node_idx];
    if let Some(r) = state.rejected.as_ref().filter(|r| r.plugin == plugin) {
        return r.clone();
    }
    match plugin {
        PluginName::NodeUnschedulable => node_unschedulable::filter(c.pod, node),
        PluginName::NodeName => node_name::filter(c.pod, node),
        PluginName::TaintToleration => taint_toleration::filter(c.pod, node),
        PluginName::NodeAffinity => {
            node_affinity::filter(c.pod, node, c.profile.args.node_affinity_added.as_ref())
        }
        PluginName::NodePorts => node_ports::filter(c.pod, agg),
        PluginName::NodeResourcesFit => node_resources_fit::filter(c.pod, node, agg),
        PluginName::PodTopologySpread => match &state.spread {
            Some(s) => pod_topology_spread::filter(c, s, node),
            None => Status::ok(plugin),
        },
        PluginName::InterPodAffinity => match &state.inter_pod {
            Some(s) => inter_pod_affinity::filter(s, node),
            None => Status::ok(plugin),
        },
        PluginName::VolumeRestrictions => match &state.volume_restrictions {
            Some(s) => volume_restrictions::filter(c, s, node_idx, agg),
            None => Status::ok(plugin),
        },
        PluginName::NodeVolumeLimits => node_volume_limits::filter(c, node_idx, agg),
        PluginName::VolumeBinding => match &state.volume_binding {
            Some(s) => volume_binding::filter(c, s, node_idx),
            None => Status::ok(plugin),
        },
        PluginName::VolumeZone => match &state.volume_zone {
            Some(s) => volume_zone::filter(s, node),
            None => Status::ok(plugin),
        },
        _ => Status::ok(plugin),
    }
}

/// The numbers behind a filter plugin's verdict on one node, for full explanations
/// (docs/SEMANTICS.md#k8, #k9): `None` for plugins without counts or whose PreFilter skipped.
pub fn filter_counts(
    c: &Cycle,
    state: &CycleState,
    plugin: PluginName,
    node_idx: usize,
) -> Option<FilterCounts> {
    let node = &c.nodes[node_idx];
    match plugin {
        PluginName::PodTopologySpread => state
            .spread
            .as_ref()
            .map(|s| FilterCounts::TopologySpread(pod_topology_spread::counts(c, s, node))),
        PluginName::InterPodAffinity => state
            .inter_pod
            .as_ref()
            .map(|s| FilterCounts::InterPodAffinity(inter_pod_affinity::counts(c, s, node))),
        _ => None,
    }
}

/// The scores one plugin gives the feasible nodes: `None` if PreScore said Skip.
/// One plugin's scores over the feasible nodes.
pub struct PluginScores {
    pub raw: Vec<i64>,
    /// After NormalizeScore; `None` for plugins without it (the final score is `raw`).
    pub normalized: Option<Vec<i64>>,
}

impl PluginScores {
    pub fn final_scores(&self) -> &[i64] {
        self.normalized.as_deref().unwrap_or(&self.raw)
    }
    fn plain(raw: Vec<i64>) -> Option<PluginScores> {
        Some(PluginScores {
            raw,
            normalized: None,
        })
    }
    fn normalized(raw: Vec<i64>, s: Vec<i64>) -> Option<PluginScores> {
        Some(PluginScores {
            raw,
            normalized: Some(s),
        })
    }
}

pub(crate) fn plugin_scores(
    c: &Cycle,
    plugin: PluginName,
    feasible: &[usize],
) -> Option<PluginScores> {
    let raw: Vec<i64>;
    match plugin {
        PluginName::TaintToleration => {
            raw = feasible
                .iter()
                .map(|&n| taint_toleration::score(c.pod, &c.nodes[n]))
                .collect();
            let mut s = raw.clone();
            default_normalize_score(MAX_NODE_SCORE, true, &mut s);
            PluginScores::normalized(raw, s)
        }
        PluginName::NodeAffinity => {
            // node_affinity.go PreScore: Skip without preferred terms (the pod's or added).
            let added = c.profile.args.node_affinity_added.as_ref();
            if c.pod
                .affinity
                .node_affinity
                .iter()
                .chain(added)
                .all(|a| a.preferred.is_empty())
            {
                return None;
            }
            raw = feasible
                .iter()
                .map(|&n| node_affinity::score(c.pod, &c.nodes[n], added))
                .collect();
            let mut s = raw.clone();
            default_normalize_score(MAX_NODE_SCORE, false, &mut s);
            PluginScores::normalized(raw, s)
        }
        PluginName::NodeResourcesFit => {
            let strategy = &c.profile.args.fit_scoring;
            let keys = node_resources_fit::resource_keys(&strategy.resources);
            raw = feasible
                .iter()
                .map(|&n| {
                    node_resources_fit::score(c.pod, &c.nodes[n], &c.cache.aggs[n], strategy, &keys)
                })
                .collect();
            PluginScores::plain(raw)
        }
        PluginName::NodeResourcesBalancedAllocation => {
            let res = &c.profile.args.balanced_resources;
            if node_resources_balanced_allocation::pre_score_skips(c.pod, res) {
                return None;
            }
            let keys = node_resources_fit::resource_keys(res);
            raw = feasible
                .iter()
                .map(|&n| {
                    node_resources_balanced_allocation::score(
                        c.pod,
                        &c.nodes[n],
                        &c.cache.aggs[n],
                        &keys,
                    )
                })
                .collect();
            PluginScores::plain(raw)
        }
        PluginName::ImageLocality => {
            raw = if c.cache.image_nodes.is_empty() {
                // No node reports images: every node sums 0.
                let containers = c.pod.init_containers.len() + c.pod.containers.len();
                vec![image_locality::calculate_priority(0, containers); feasible.len()]
            } else {
                let images = image_locality::pod_images(c.pod);
                feasible
                    .iter()
                    .map(|&n| image_locality::score(&images, &c.nodes[n], c.cache, c.nodes.len()))
                    .collect()
            };
            PluginScores::plain(raw)
        }
        PluginName::PodTopologySpread => {
            let st = pod_topology_spread::pre_score(c, feasible)?;
            raw = feasible
                .iter()
                .map(|&n| pod_topology_spread::score(c, &st, n))
                .collect();
            let mut s = raw.clone();
            pod_topology_spread::normalize(&st, feasible, c.nodes, &mut s);
            PluginScores::normalized(raw, s)
        }
        PluginName::InterPodAffinity => {
            let st = inter_pod_affinity::pre_score(c, feasible)?;
            raw = feasible
                .iter()
                .map(|&n| inter_pod_affinity::score(&st, &c.nodes[n]))
                .collect();
            let mut s = raw.clone();
            inter_pod_affinity::normalize(&st, &mut s);
            PluginScores::normalized(raw, s)
        }
        _ => None,
    }
}

/// Scores of every enabled score plugin over the feasible nodes, with weighted totals.
pub struct ScoreTable {
    /// Per profile score plugin, per feasible node; `None` if PreScore skipped.
    pub per_plugin: Vec<Option<PluginScores>>,
    /// Σ weight × normalized, per feasible node (`RunScorePlugins`).
    pub totals: Vec<i64>,
}

impl ScoreTable {
    /// The explanation rows, in the order of `feasible`.
    pub fn explain(&self, c: &Cycle, feasible: &[usize]) -> Vec<NodeScore> {
        feasible
            .iter()
            .enumerate()
            .map(|(i, &n)| NodeScore {
                node: c.nodes[n].name.clone(),
                plugins: c
                    .profile
                    .scores
                    .iter()
                    .zip(&self.per_plugin)
                    .map(|(&(plugin, weight), s)| match s {
                        Some(ps) => PluginScore {
                            plugin,
                            raw: ps.raw[i],
                            score: ps.final_scores()[i],
                            weight,
                            skipped: false,
                        },
                        None => PluginScore {
                            plugin,
                            raw: 0,
                            score: 0,
                            weight,
                            skipped: true,
                        },
                    })
                    .collect(),
                total: self.totals[i],
            })
            .collect()
    }
}

/// PreScore + Score + NormalizeScore for every enabled score plugin.
pub fn score_table(c: &Cycle, feasible: &[usize]) -> ScoreTable {
    let mut totals = vec![0i64; feasible.len()];
    let mut per_plugin = Vec::with_capacity(c.profile.scores.len());
    for &(plugin, weight) in &c.profile.scores {
        let s = plugin_scores(c, plugin, feasible);
        if let Some(ps) = &s {
            for (t, v) in totals.iter_mut().zip(ps.final_scores()) {
                *t += v * weight;
            }
        }
        per_plugin.push(s);
    }
    ScoreTable { per_plugin, totals }
}

/// `helper.DefaultNormalizeScore` (plugins/helper/normalize_score.go).
pub fn default_normalize_score(max_priority: i64, reverse: bool, scores: &mut [i64]) {
    let max = scores.iter().copied().max().unwrap_or(0);
    if max == 0 {
        if reverse {
            for s in scores.iter_mut() {
                *s = max_priority;
            }
        }
        return;
    }
    for s in scores.iter_mut() {
        *s = max_priority * *s / max;
        if reverse {
            *s = max_priority - *s;
        }
    }
}

/// A plugin-internal helper: the status of a skipped or disabled plugin.
pub fn skip(plugin: PluginName) -> Status {
    Status {
        code: Code::Skip,
        plugin,
        reason: String::new(),
        counts: None,
    }
}
