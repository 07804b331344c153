//! InterPodAffinity (`interpodaffinity/filtering.go`, `scoring.go`, docs/SEMANTICS.md#k9).
//!
//! Filter, in kube's order: the pod's required affinity (UnschedulableAndUnresolvable; a pod that
//! matches its own terms may go first when no pod matches anywhere), its required anti-affinity,
//! then existing pods' required anti-affinity against it (both Unschedulable).
//! Score: per topology domain, + / − weights of preferred terms in both directions plus existing
//! pods' required affinity × `hardPodAffinityWeight`; normalized `100·(s − min)/(max − min)` in floats.

use std::collections::BTreeMap;

use crate::cluster::config::PluginName;
use crate::cluster::kubenet::network_policy::selector_text;
use crate::cluster::model::*;
use crate::cluster::scheduler::{AffinityCount, AffinityRule, Cycle, Status};

use super::MAX_NODE_SCORE;

pub const REASON_AFFINITY: &str = "node(s) didn't match pod affinity rules";
pub const REASON_ANTI_AFFINITY: &str = "node(s) didn't match pod anti-affinity rules";
pub const REASON_EXISTING_ANTI_AFFINITY: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";

/// `AffinityTerm.Matches`: namespace and selector (a nil selector matches nothing).
pub fn term_matches(term: &PodAffinityTerm, owner_ns: &str, pod: &Pod) -> bool {
    let ns_ok = if term.namespaces.is_empty() && term.namespace_selector.is_none() {
        pod.namespace == owner_ns
    } else {
        term.namespaces.contains(&pod.namespace)
            // Namespace labels are not modelled: only an empty namespaceSelector (all namespaces) matches.
            || term.namespace_selector.as_ref().is_some_and(|s| s.is_empty())
    };
    ns_ok
        && term
            .label_selector
            .as_ref()
            .is_some_and(|s| s.matches(&pod.labels))
}

type Pair = (String, String);

pub struct FilterState {
    existing_anti: BTreeMap<Pair, i64>,
    affinity: BTreeMap<Pair, i64>,
    anti: BTreeMap<Pair, i64>,
    required_affinity: Vec<PodAffinityTerm>,
    required_anti: Vec<PodAffinityTerm>,
    self_matches_all: bool,
}

fn bump(m: &mut BTreeMap<Pair, i64>, node: &Node, key: &str, by: i64) {
    if let Some(v) = node.labels.get(key) {
        *m.entry((key.to_string(), v.clone())).or_insert(0) += by;
    }
}

pub fn pre_filter(c: &Cycle) -> Option<FilterState> {
    let pod = c.pod;
    let required_affinity = pod
        .affinity
        .pod_affinity
        .as_ref()
        .map(|a| a.required.clone())
        .unwrap_or_default();
    let required_anti = pod
        .affinity
        .pod_anti_affinity
        .as_ref()
        .map(|a| a.required.clone())
        .unwrap_or_default();
    if required_affinity.is_empty()
        && required_anti.is_empty()
        && c.cache.pods_with_required_anti_affinity == 0
    {
        return None;
    }
    let mut s = FilterState {
        existing_anti: BTreeMap::new(),
        affinity: BTreeMap::new(),
        anti: BTreeMap::new(),
        self_matches_all: required_affinity
            .iter()
            .all(|t| term_matches(t, &pod.namespace, pod)),
        required_affinity,
        required_anti,
    };
    for (n, agg) in c.cache.aggs.iter().enumerate() {
        let node = &c.nodes[n];
        for &i in &agg.pods_with_required_anti_affinity {
            let existing = &c.pods[i];
            for t in existing
                .affinity
                .pod_anti_affinity
                .iter()
                .flat_map(|a| &a.required)
            {
                if term_matches(t, &existing.namespace, pod) {
                    bump(&mut s.existing_anti, node, &t.topology_key, 1);
                }
            }
        }
        if s.required_affinity.is_empty() && s.required_anti.is_empty() {
            continue;
        }
        for &i in &agg.pods {
            let existing = &c.pods[i];
            if !s.required_affinity.is_empty()
                && s.required_affinity
                    .iter()
                    .all(|t| term_matches(t, &pod.namespace, existing))
            {
                for t in &s.required_affinity {
                    bump(&mut s.affinity, node, &t.topology_key, 1);
                }
            }
            for t in &s.required_anti {
                if term_matches(t, &pod.namespace, existing) {
                    bump(&mut s.anti, node, &t.topology_key, 1);
                }
            }
        }
    }
    if s.existing_anti.is_empty() && s.required_affinity.is_empty() && s.required_anti.is_empty() {
        return None;
    }
    Some(s)
}

pub fn filter(s: &FilterState, node: &Node) -> Status {
    // satisfyPodAffinity
    let mut pods_exist = true;
    for t in &s.required_affinity {
        match node.labels.get(&t.topology_key) {
            Some(v) => {
                if s.affinity
                    .get(&(t.topology_key.clone(), v.clone()))
                    .copied()
                    .unwrap_or(0)
                    <= 0
                {
                    pods_exist = false;
                }
            }
            None => return Status::unresolvable(PluginName::InterPodAffinity, REASON_AFFINITY),
        }
    }
    if !pods_exist && (!s.affinity.is_empty() || !s.self_matches_all) {
        return Status::unresolvable(PluginName::InterPodAffinity, REASON_AFFINITY);
    }
    // satisfyPodAntiAffinity
    for t in &s.required_anti {
        if let Some(v) = node.labels.get(&t.topology_key) {
            if s.anti
                .get(&(t.topology_key.clone(), v.clone()))
                .copied()
                .unwrap_or(0)
                > 0
            {
                return Status::unschedulable(PluginName::InterPodAffinity, REASON_ANTI_AFFINITY);
            }
        }
    }
    // satisfyExistingPodsAntiAffinity
    for (k, v) in &node.labels {
        if s.existing_anti
            .get(&(k.clone(), v.clone()))
            .copied()
            .unwrap_or(0)
            > 0
        {
            return Status::unschedulable(
                PluginName::InterPodAffinity,
                REASON_EXISTING_ANTI_AFFINITY,
            );
        }
    }
    Status::ok(PluginName::InterPodAffinity)
}

/// The numbers [`filter`] decides from, for the node (docs/SEMANTICS.md#k9): for each of the
/// pod's required affinity and anti-affinity terms the matching pods in the node's domain, then,
/// for each label of the node whose domain holds pods with a required anti-affinity term matching
/// the incoming pod, how many terms and whose.
pub fn counts(c: &Cycle, s: &FilterState, node: &Node) -> Vec<AffinityCount> {
    let count = |m: &BTreeMap<Pair, i64>, key: &str, value: &str| {
        m.get(&(key.to_string(), value.to_string()))
            .copied()
            .unwrap_or(0)
    };
    let selector = |t: &PodAffinityTerm| match &t.label_selector {
        Some(sel) => selector_text(sel),
        None => "no selector: matches nothing".into(),
    };
    let mut out = Vec::new();
    for (i, t) in s.required_affinity.iter().enumerate() {
        let value = node.labels.get(&t.topology_key).cloned();
        let n = value
            .as_deref()
            .map_or(0, |v| count(&s.affinity, &t.topology_key, v));
        // No pod matches anywhere (every count is 0) and the pod matches its own terms.
        let first_of_group = value.is_some() && s.affinity.is_empty() && s.self_matches_all;
        out.push(AffinityCount {
            rule: AffinityRule::Affinity,
            term: Some(i),
            selector: Some(selector(t)),
            topology_key: t.topology_key.clone(),
            value: value.clone(),
            matching_pods: n,
            pods: Vec::new(),
            first_of_group,
            satisfied: n > 0 || first_of_group,
        });
    }
    for (i, t) in s.required_anti.iter().enumerate() {
        let value = node.labels.get(&t.topology_key).cloned();
        let n = value
            .as_deref()
            .map_or(0, |v| count(&s.anti, &t.topology_key, v));
        out.push(AffinityCount {
            rule: AffinityRule::AntiAffinity,
            term: Some(i),
            selector: Some(selector(t)),
            topology_key: t.topology_key.clone(),
            value,
            matching_pods: n,
            pods: Vec::new(),
            first_of_group: false,
            satisfied: n == 0,
        });
    }
    for (key, value) in &node.labels {
        let n = count(&s.existing_anti, key, value);
        if n == 0 {
            continue;
        }
        let mut pods = Vec::new();
        for (m, agg) in c.cache.aggs.iter().enumerate() {
            if c.nodes[m].labels.get(key) != Some(value) {
                continue;
            }
            for &p in &agg.pods_with_required_anti_affinity {
                let existing = &c.pods[p];
                let blocks = existing
                    .affinity
                    .pod_anti_affinity
                    .iter()
                    .flat_map(|a| &a.required)
                    .any(|t| t.topology_key == *key && term_matches(t, &existing.namespace, c.pod));
                if blocks && pods.len() < 10 {
                    pods.push(existing.key());
                }
            }
        }
        out.push(AffinityCount {
            rule: AffinityRule::ExistingAntiAffinity,
            term: None,
            selector: None,
            topology_key: key.clone(),
            value: Some(value.clone()),
            matching_pods: n,
            pods,
            first_of_group: false,
            satisfied: false,
        });
    }
    out
}

pub struct ScoreState {
    /// topology key → value → score.
    topology_score: BTreeMap<String, BTreeMap<String, i64>>,
}

fn process_term(
    m: &mut BTreeMap<String, BTreeMap<String, i64>>,
    term: &PodAffinityTerm,
    owner_ns: &str,
    weight: i64,
    target: &Pod,
    node: &Node,
) {
    if term_matches(term, owner_ns, target) {
        if let Some(v) = node.labels.get(&term.topology_key) {
            *m.entry(term.topology_key.clone())
                .or_default()
                .entry(v.clone())
                .or_insert(0) += weight;
        }
    }
}

pub fn pre_score(c: &Cycle, _feasible: &[usize]) -> Option<ScoreState> {
    let pod = c.pod;
    let pref_aff = pod
        .affinity
        .pod_affinity
        .as_ref()
        .map(|a| a.preferred.as_slice())
        .unwrap_or(&[]);
    let pref_anti = pod
        .affinity
        .pod_anti_affinity
        .as_ref()
        .map(|a| a.preferred.as_slice())
        .unwrap_or(&[]);
    let has_constraints = !pref_aff.is_empty() || !pref_anti.is_empty();
    let hard = c.profile.args.hard_pod_affinity_weight;
    if !has_constraints && c.cache.pods_with_affinity == 0 {
        return None;
    }
    let mut m: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (n, agg) in c.cache.aggs.iter().enumerate() {
        let node = &c.nodes[n];
        if node.labels.is_empty() {
            continue;
        }
        let list = if has_constraints {
            &agg.pods
        } else {
            &agg.pods_with_affinity
        };
        for &i in list {
            let existing = &c.pods[i];
            for t in pref_aff {
                process_term(
                    &mut m,
                    &t.term,
                    &pod.namespace,
                    i64::from(t.weight),
                    existing,
                    node,
                );
            }
            for t in pref_anti {
                process_term(
                    &mut m,
                    &t.term,
                    &pod.namespace,
                    -i64::from(t.weight),
                    existing,
                    node,
                );
            }
            if let Some(a) = &existing.affinity.pod_affinity {
                if hard > 0 {
                    for t in &a.required {
                        process_term(&mut m, t, &existing.namespace, hard, pod, node);
                    }
                }
                for t in &a.preferred {
                    process_term(
                        &mut m,
                        &t.term,
                        &existing.namespace,
                        i64::from(t.weight),
                        pod,
                        node,
                    );
                }
            }
            if let Some(a) = &existing.affinity.pod_anti_affinity {
                for t in &a.preferred {
                    process_term(
                        &mut m,
                        &t.term,
                        &existing.namespace,
                        -i64::from(t.weight),
                        pod,
                        node,
                    );
                }
            }
        }
    }
    if m.is_empty() {
        return None;
    }
    Some(ScoreState { topology_score: m })
}

pub fn score(s: &ScoreState, node: &Node) -> i64 {
    let mut total = 0;
    for (key, values) in &s.topology_score {
        if let Some(v) = node.labels.get(key) {
            total += values.get(v).copied().unwrap_or(0);
        }
    }
    total
}

pub fn normalize(s: &ScoreState, scores: &mut [i64]) {
    if s.topology_score.is_empty() {
        return;
    }
    let min = scores.iter().copied().min().unwrap_or(0);
    let max = scores.iter().copied().max().unwrap_or(0);
    let diff = max - min;
    for sc in scores.iter_mut() {
        let f = if diff > 0 {
            MAX_NODE_SCORE as f64 * ((*sc - min) as f64 / diff as f64)
        } else {
            0.0
        };
        *sc = f as i64;
    }
}

#[cfg(test)]
mod tests;
