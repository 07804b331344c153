//! PodTopologySpread (`podtopologyspread/filtering.go`, `scoring.go`, `common.go`, docs/SEMANTICS.md#k8).
//!
//! Filter (DoNotSchedule constraints): `skew = count(domain) + selfMatch − minCount`, minCount over
//! the eligible domains (0 when fewer than `minDomains`); a node without the key is unresolvable.
//! Score (ScheduleAnyway constraints, or the system defaults built from the Services and
//! ReplicaSets selecting the pod): `Σ cnt·log(size+2) + (maxSkew − 1)`, rounded, then normalized
//! `100·(max + min − s)/max`. Node inclusion policies: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore by default.

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::config::{system_default_constraints, PluginName};
use crate::cluster::model::*;
use crate::cluster::scheduler::{Cycle, SpreadCount, Status};

use super::node_affinity::matches_required;
use super::MAX_NODE_SCORE;

pub const REASON: &str = "node(s) didn't match pod topology spread constraints";
pub const REASON_MISSING_LABEL: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";

/// A constraint with its selector resolved (`None` = matches nothing, like a nil selector).
#[derive(Debug, Clone)]
pub struct Constraint {
    pub max_skew: i64,
    pub key: String,
    pub selector: Option<LabelSelector>,
    pub min_domains: Option<i64>,
    pub honor_affinity: bool,
    pub honor_taints: bool,
}

impl Constraint {
    fn matches(&self, labels: &Labels) -> bool {
        self.selector.as_ref().is_some_and(|s| s.matches(labels))
    }
    fn includes_node(&self, pod: &Pod, node: &Node) -> bool {
        if self.honor_affinity && !matches_required(pod, node) {
            return false;
        }
        if self.honor_taints
            && node.taints.iter().any(|t| {
                matches!(t.effect, TaintEffect::NoSchedule | TaintEffect::NoExecute)
                    && !tolerates_taint(&pod.tolerations, t)
            })
        {
            return false;
        }
        true
    }
}

/// `helper.DefaultSelector`: the union of the selectors of the Services, ReplicaSets (and
/// ReplicationControllers, held as ReplicaSets) and StatefulSets selecting the pod.
pub fn default_selector(c: &Cycle) -> LabelSelector {
    let pod = c.pod;
    let mut sel = LabelSelector::default();
    for s in c.services.iter().filter(|s| s.namespace == pod.namespace) {
        if let Some(selector) = &s.selector {
            if !selector.is_empty() && selector.iter().all(|(k, v)| pod.labels.get(k) == Some(v)) {
                sel.match_labels.extend(selector.clone());
            }
        }
    }
    for rs in c
        .replica_sets
        .iter()
        .filter(|r| r.namespace == pod.namespace)
    {
        if !rs.selector.is_empty() && rs.selector.matches(&pod.labels) {
            for (k, v) in &rs.selector.match_labels {
                sel.match_expressions.push(Requirement {
                    key: k.clone(),
                    operator: SelectorOperator::In,
                    values: vec![v.clone()],
                });
            }
            sel.match_expressions
                .extend(rs.selector.match_expressions.iter().cloned());
        }
    }
    for ss in c
        .stateful_sets
        .iter()
        .filter(|s| s.namespace == pod.namespace)
    {
        if !ss.selector.is_empty() && ss.selector.matches(&pod.labels) {
            for (k, v) in &ss.selector.match_labels {
                sel.match_expressions.push(Requirement {
                    key: k.clone(),
                    operator: SelectorOperator::In,
                    values: vec![v.clone()],
                });
            }
            sel.match_expressions
                .extend(ss.selector.match_expressions.iter().cloned());
        }
    }
    sel
}

/// The pod's constraints with `when` (its own, else the profile's defaults).
pub fn constraints(c: &Cycle, when: WhenUnsatisfiable) -> (Vec<Constraint>, bool) {
    let pod = c.pod;
    if !pod.topology_spread_constraints.is_empty() {
        let out = pod
            .topology_spread_constraints
            .iter()
            .filter(|t| t.when_unsatisfiable == when)
            .map(|t| {
                let mut selector = t.label_selector.clone();
                if let Some(s) = selector.as_mut() {
                    for k in &t.match_label_keys {
                        if let Some(v) = pod.labels.get(k) {
                            s.match_expressions.push(Requirement {
                                key: k.clone(),
                                operator: SelectorOperator::In,
                                values: vec![v.clone()],
                            });
                        }
                    }
                }
                Constraint {
                    max_skew: i64::from(t.max_skew),
                    key: t.topology_key.clone(),
                    selector,
                    min_domains: t.min_domains.map(i64::from),
                    honor_affinity: t.node_affinity_policy != Some(InclusionPolicy::Ignore),
                    honor_taints: t.node_taints_policy == Some(InclusionPolicy::Honor),
                }
            })
            .collect();
        return (out, false);
    }
    let args = &c.profile.args;
    if !args.spread_system_defaulting && args.spread_default_constraints.is_empty() {
        return (vec![], false);
    }
    let selector = default_selector(c);
    if selector.is_empty() {
        return (vec![], args.spread_system_defaulting);
    }
    let defaults = if args.spread_system_defaulting {
        system_default_constraints()
    } else {
        args.spread_default_constraints.clone()
    };
    let out = defaults
        .into_iter()
        .filter(|t| t.when_unsatisfiable == when)
        .map(|t| Constraint {
            max_skew: i64::from(t.max_skew),
            key: t.topology_key,
            selector: Some(selector.clone()),
            min_domains: None,
            honor_affinity: true,
            honor_taints: false,
        })
        .collect();
    (out, args.spread_system_defaulting)
}

fn has_all_keys(node: &Node, cs: &[Constraint]) -> bool {
    cs.iter().all(|c| node.labels.contains_key(&c.key))
}

/// `countPodsMatchSelector`: same namespace, not terminating, selector matches.
fn count_matching(c: &Cycle, node_idx: usize, con: &Constraint) -> i64 {
    c.cache.aggs[node_idx]
        .pods
        .iter()
        .map(|&i| &c.pods[i])
        .filter(|p| {
            p.deletion_timestamp.is_none()
                && p.namespace == c.pod.namespace
                && con.matches(&p.labels)
        })
        .count() as i64
}

pub struct FilterState {
    pub constraints: Vec<Constraint>,
    /// Per constraint: domain value → matching pods.
    pub counts: Vec<BTreeMap<String, i64>>,
}

impl FilterState {
    fn min_match(&self, i: usize) -> i64 {
        let domains = &self.counts[i];
        if let Some(m) = self.constraints[i].min_domains {
            if (domains.len() as i64) < m {
                return 0;
            }
        }
        domains
            .values()
            .copied()
            .min()
            .unwrap_or(i64::from(i32::MAX))
    }
}

pub fn pre_filter(c: &Cycle) -> Option<FilterState> {
    let (constraints, _) = constraints(c, WhenUnsatisfiable::DoNotSchedule);
    if constraints.is_empty() {
        return None;
    }
    let mut counts = vec![BTreeMap::new(); constraints.len()];
    for (n, node) in c.nodes.iter().enumerate() {
        if !has_all_keys(node, &constraints) {
            continue;
        }
        for (i, con) in constraints.iter().enumerate() {
            if !con.includes_node(c.pod, node) {
                continue;
            }
            let v = node.labels[&con.key].clone();
            *counts[i].entry(v).or_insert(0) += count_matching(c, n, con);
        }
    }
    Some(FilterState {
        constraints,
        counts,
    })
}

pub fn filter(c: &Cycle, s: &FilterState, node: &Node) -> Status {
    for (i, con) in s.constraints.iter().enumerate() {
        let Some(value) = node.labels.get(&con.key) else {
            return Status::unresolvable(PluginName::PodTopologySpread, REASON_MISSING_LABEL);
        };
        let self_match = i64::from(con.matches(&c.pod.labels));
        let match_num = s.counts[i].get(value).copied().unwrap_or(0);
        let skew = match_num + self_match - s.min_match(i);
        if skew > con.max_skew {
            return Status::unschedulable(PluginName::PodTopologySpread, REASON);
        }
    }
    Status::ok(PluginName::PodTopologySpread)
}

/// The numbers [`filter`] decides from, per DoNotSchedule constraint, for the node
/// (docs/SEMANTICS.md#k8): the domain, its matching pods, the global minimum and the skew.
pub fn counts(c: &Cycle, s: &FilterState, node: &Node) -> Vec<SpreadCount> {
    s.constraints
        .iter()
        .enumerate()
        .map(|(i, con)| {
            let value = node.labels.get(&con.key).cloned();
            let self_match = con.matches(&c.pod.labels);
            let matching_pods = value
                .as_ref()
                .and_then(|v| s.counts[i].get(v))
                .copied()
                .unwrap_or(0);
            let eligible_domains = s.counts[i].len();
            let min = s.min_match(i);
            let global_minimum = (eligible_domains > 0 || min == 0).then_some(min);
            let skew = value
                .as_ref()
                .map(|_| matching_pods + i64::from(self_match) - min);
            SpreadCount {
                topology_key: con.key.clone(),
                value: value.clone(),
                matching_pods,
                self_match,
                global_minimum,
                eligible_domains,
                min_domains: con.min_domains,
                skew: skew.filter(|_| global_minimum.is_some()),
                max_skew: con.max_skew,
                satisfied: value.is_some() && skew.is_some_and(|k| k <= con.max_skew),
            }
        })
        .collect()
}

pub struct ScoreState {
    pub constraints: Vec<Constraint>,
    pub ignored: BTreeSet<usize>,
    pub counts: Vec<BTreeMap<String, i64>>,
    pub weights: Vec<f64>,
}

pub fn pre_score(c: &Cycle, feasible: &[usize]) -> Option<ScoreState> {
    let (constraints, system_defaulted) = constraints(c, WhenUnsatisfiable::ScheduleAnyway);
    if constraints.is_empty() || feasible.is_empty() {
        return None;
    }
    let require_all = !c.pod.topology_spread_constraints.is_empty() || !system_defaulted;
    let mut ignored = BTreeSet::new();
    let mut counts: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); constraints.len()];
    for &n in feasible {
        let node = &c.nodes[n];
        if require_all && !has_all_keys(node, &constraints) {
            ignored.insert(n);
            continue;
        }
        for (i, con) in constraints.iter().enumerate() {
            if con.key == LABEL_HOSTNAME {
                continue;
            }
            if let Some(v) = node.labels.get(&con.key) {
                counts[i].entry(v.clone()).or_insert(0);
            }
        }
    }
    let weights = constraints
        .iter()
        .enumerate()
        .map(|(i, con)| {
            let size = if con.key == LABEL_HOSTNAME {
                feasible.len() - ignored.len()
            } else {
                counts[i].len()
            };
            ((size + 2) as f64).ln()
        })
        .collect();
    for (n, node) in c.nodes.iter().enumerate() {
        if require_all && !has_all_keys(node, &constraints) {
            continue;
        }
        for (i, con) in constraints.iter().enumerate() {
            if con.key == LABEL_HOSTNAME || !con.includes_node(c.pod, node) {
                continue;
            }
            let Some(v) = node.labels.get(&con.key) else {
                continue;
            };
            if counts[i].contains_key(v) {
                let add = count_matching(c, n, con);
                *counts[i].get_mut(v).expect("checked") += add;
            }
        }
    }
    Some(ScoreState {
        constraints,
        ignored,
        counts,
        weights,
    })
}

pub fn score(c: &Cycle, s: &ScoreState, node_idx: usize) -> i64 {
    if s.ignored.contains(&node_idx) {
        return 0;
    }
    let node = &c.nodes[node_idx];
    let mut score = 0.0;
    for (i, con) in s.constraints.iter().enumerate() {
        if let Some(v) = node.labels.get(&con.key) {
            let cnt = if con.key == LABEL_HOSTNAME {
                count_matching(c, node_idx, con)
            } else {
                s.counts[i].get(v).copied().unwrap_or(0)
            };
            score += cnt as f64 * s.weights[i] + (con.max_skew - 1) as f64;
        }
    }
    score.round() as i64
}

/// NormalizeScore: ignored nodes get 0; others `100·(max + min − s)/max` (100 when max = 0).
pub fn normalize(s: &ScoreState, feasible: &[usize], _nodes: &[Node], scores: &mut [i64]) {
    let mut min = i64::MAX;
    let mut max = 0;
    for (i, &n) in feasible.iter().enumerate() {
        if s.ignored.contains(&n) {
            continue;
        }
        min = min.min(scores[i]);
        max = max.max(scores[i]);
    }
    for (i, &n) in feasible.iter().enumerate() {
        if s.ignored.contains(&n) {
            scores[i] = 0;
        } else if max == 0 {
            scores[i] = MAX_NODE_SCORE;
        } else {
            scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
        }
    }
}

#[cfg(test)]
mod tests;
