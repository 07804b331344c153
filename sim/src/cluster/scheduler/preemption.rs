//! PostFilter DefaultPreemption (`defaultpreemption/default_preemption.go`,
//! `framework/preemption/preemption.go`, docs/SEMANTICS.md#k12), simplified where stated.
//!
//! Candidates are nodes whose first failing filter returned `Unschedulable` (never
//! `UnschedulableAndUnresolvable`). On each, every lower-priority pod is removed, the filters are
//! re-run on the node's reduced aggregates, then victims are reprieved one by one, most important
//! first, while the pod still fits — victims whose eviction would exceed a PodDisruptionBudget's
//! `disruptionsAllowed` are tried first (`filterPodsWithPDBViolation`). The node is picked by:
//! fewest PDB violations → lowest highest-victim priority → smallest priority sum → fewest victims
//! → latest start of the highest-priority victims → node order.
//! Simplified: a PDB's expected pod count is the number of pods it selects (not the controller's
//! scale); PodTopologySpread / InterPodAffinity state is not updated for removed victims (their
//! PreFilter state is kept as computed for the cycle). Nominated pods hold their room against
//! lower-priority pods until they bind ([`super::Cache::nominate`]).

use serde::{Deserialize, Serialize};

use super::plugins::{self, CycleState};
use super::{Code, Cycle, NodeAgg, Status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreemptionResult {
    /// The nominated node.
    pub node: String,
    /// Victims as `ns/name`.
    pub victims: Vec<String>,
    #[serde(skip)]
    pub victim_indices: Vec<usize>,
}

fn fits(c: &Cycle, state: &CycleState, node_idx: usize, agg: &NodeAgg) -> bool {
    state
        .active_filters
        .iter()
        .all(|&p| plugins::filter(c, state, p, node_idx, agg).is_success())
}

pub fn preempt(
    c: &Cycle,
    state: &CycleState,
    first_failure: &[Option<Status>],
) -> Option<PreemptionResult> {
    let prio = c.pod.priority;
    // (PDB violations, highest victim priority, priority sum, victim count, −earliest start, node-order position)
    type Rank = (usize, i64, i64, usize, i64, usize);
    let allowed = pdb_disruptions_allowed(c);
    let mut best: Option<(Rank, usize, Vec<usize>)> = None;
    for (pos, &n) in c.cache.order.iter().enumerate() {
        if first_failure[n].as_ref().map(|s| s.code) != Some(Code::Unschedulable) {
            continue;
        }
        let mut agg = c.cache.aggs[n].clone();
        let mut potential: Vec<usize> = agg
            .pods
            .iter()
            .copied()
            .filter(|&i| c.pods[i].priority < prio)
            .collect();
        if potential.is_empty() {
            continue;
        }
        // Most important first: higher priority, then earlier start.
        potential.sort_by_key(|&i| {
            (
                std::cmp::Reverse(c.pods[i].priority),
                c.pods[i].creation_index,
            )
        });
        for &i in &potential {
            agg.remove(i, &c.pods[i]);
        }
        if !fits(c, state, n, &agg) {
            continue;
        }
        // filterPodsWithPDBViolation: walk the victims in importance order, spending each PDB's budget.
        let mut budget = allowed.clone();
        let (mut violating, mut non_violating) = (Vec::new(), Vec::new());
        for &i in &potential {
            let p = &c.pods[i];
            let mut violated = false;
            for (b, pdb) in c.pdbs.iter().enumerate() {
                if pdb.namespace == p.namespace && pdb.selector.matches(&p.labels) {
                    budget[b] -= 1;
                    if budget[b] < 0 {
                        violated = true;
                    }
                }
            }
            if violated {
                violating.push(i);
            } else {
                non_violating.push(i);
            }
        }
        let mut victims = Vec::new();
        let mut violations = 0;
        for (group, is_violating) in [(&violating, true), (&non_violating, false)] {
            for &i in group {
                agg.add(i, &c.pods[i]);
                if !fits(c, state, n, &agg) {
                    agg.remove(i, &c.pods[i]);
                    victims.push(i);
                    violations += usize::from(is_violating);
                }
            }
        }
        if victims.is_empty() {
            continue;
        }
        let highest = victims
            .iter()
            .map(|&i| i64::from(c.pods[i].priority))
            .max()
            .unwrap_or(0);
        let sum: i64 = victims
            .iter()
            .map(|&i| i64::from(c.pods[i].priority) + i64::from(i32::MAX) + 1)
            .sum();
        let earliest_of_highest = victims
            .iter()
            .filter(|&&i| i64::from(c.pods[i].priority) == highest)
            .map(|&i| c.pods[i].creation_index as i64)
            .min()
            .unwrap_or(0);
        let key = (
            violations,
            highest,
            sum,
            victims.len(),
            -earliest_of_highest,
            pos,
        );
        if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
            best = Some((key, n, victims));
        }
    }
    best.map(|(_, n, victims)| PreemptionResult {
        node: c.nodes[n].name.clone(),
        victims: victims.iter().map(|&i| c.pods[i].key()).collect(),
        victim_indices: victims,
    })
}

/// `disruptionsAllowed` of each PDB: ready, non-terminating selected pods minus the desired healthy count.
fn pdb_disruptions_allowed(c: &Cycle) -> Vec<i64> {
    c.pdbs
        .iter()
        .map(|pdb| {
            let selected: Vec<&crate::cluster::model::Pod> = c
                .cache
                .assigned_pods()
                .map(|i| &c.pods[i])
                .filter(|p| p.namespace == pdb.namespace && pdb.selector.matches(&p.labels))
                .collect();
            let expected = selected.len() as i64;
            let healthy = selected
                .iter()
                .filter(|p| p.ready && p.deletion_timestamp.is_none())
                .count() as i64;
            let desired = match (&pdb.min_available, &pdb.max_unavailable) {
                (Some(m), _) => m.scaled(expected, true),
                (None, Some(u)) => (expected - u.scaled(expected, true)).max(0),
                (None, None) => expected,
            };
            (healthy - desired).max(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::cluster::config::SchedulerConfig;
    use crate::cluster::scheduler::testing::*;
    use crate::cluster::scheduler::{Cache, Explain, Scheduler, Workloads};
    use rand::SeedableRng;

    // default_preemption_test.go "a pod that fits on one node with low-priority pods": the node with the
    // lowest-priority victims is chosen and only as many victims as needed are evicted.
    #[test]
    fn preemption_picks_the_node_with_the_least_important_victims() {
        let nodes = vec![node("node1", 2000, 4000), node("node2", 2000, 4000)];
        let mut low = on(pod_req("low", &[(Some(1000), Some(1000))]), "node1");
        low.priority = 10;
        let mut low2 = on(pod_req("low2", &[(Some(1000), Some(1000))]), "node1");
        low2.priority = 10;
        let mut mid = on(pod_req("mid", &[(Some(2000), Some(1000))]), "node2");
        mid.priority = 50;
        let mut high = pod_req("high", &[(Some(1000), Some(1000))]);
        high.priority = 100;
        let pods = vec![low, low2, mid, high];
        let cache = Cache::build(&nodes, &pods);
        let mut s = Scheduler::new(SchedulerConfig::default());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let d = s.schedule_one(
            &nodes,
            &pods,
            &cache,
            Workloads::default(),
            3,
            &mut rng,
            Explain::None,
        );
        assert_eq!(d.node, None);
        let p = d.preemption.expect("preemption should find a node");
        assert_eq!(p.node, "node1");
        assert_eq!(
            p.victims.len(),
            1,
            "one 1000m victim is enough: {:?}",
            p.victims
        );
        assert!(
            d.message
                .starts_with("0/2 nodes are available: 2 Insufficient cpu."),
            "{}",
            d.message
        );
    }
}

#[cfg(test)]
mod pdb_tests {
    use crate::cluster::config::SchedulerConfig;
    use crate::cluster::model::*;
    use crate::cluster::scheduler::testing::*;
    use crate::cluster::scheduler::{Cache, Explain, Scheduler, Workloads};
    use rand::SeedableRng;

    // default_preemption_test.go "preemption to avoid PDB violation": two equally good nodes, one whose
    // victim is protected by a PDB with no disruptions allowed — the other node is nominated.
    #[test]
    fn preemption_prefers_nodes_whose_victims_do_not_violate_a_pdb() {
        let nodes = vec![node("node1", 1000, 4000), node("node2", 1000, 4000)];
        let mut protected = on(
            with_labels(
                pod_req("protected", &[(Some(1000), Some(1000))]),
                &[("app", "db")],
            ),
            "node1",
        );
        protected.ready = true;
        let mut free = on(
            with_labels(
                pod_req("free", &[(Some(1000), Some(1000))]),
                &[("app", "batch")],
            ),
            "node2",
        );
        free.ready = true;
        let mut high = pod_req("high", &[(Some(1000), Some(1000))]);
        high.priority = 100;
        let pods = vec![protected, free, high];
        let pdb = PodDisruptionBudget {
            name: "db".into(),
            namespace: "default".into(),
            selector: LabelSelector {
                match_labels: [("app".to_string(), "db".to_string())].into(),
                match_expressions: vec![],
            },
            min_available: Some(IntOrPercent::Int(1)),
            max_unavailable: None,
        };
        let cache = Cache::build(&nodes, &pods);
        let mut s = Scheduler::new(SchedulerConfig::default());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let pdbs = [pdb];
        let w = Workloads {
            pdbs: &pdbs,
            ..Workloads::default()
        };
        let d = s.schedule_one(&nodes, &pods, &cache, w, 2, &mut rng, Explain::None);
        let p = d.preemption.expect("preemption");
        assert_eq!(p.node, "node2");
        assert_eq!(p.victims, vec!["default/free".to_string()]);
        // Without the PDB, node order decides: node1.
        let d = s.schedule_one(
            &nodes,
            &pods,
            &cache,
            Workloads::default(),
            2,
            &mut rng,
            Explain::None,
        );
        assert_eq!(d.preemption.expect("preemption").node, "node1");
    }
}

#[cfg(test)]
mod nominated_tests {
    use crate::cluster::config::SchedulerConfig;
    use crate::cluster::scheduler::testing::*;
    use crate::cluster::scheduler::{Cache, Explain, Scheduler, Workloads};
    use rand::SeedableRng;

    // framework.go addNominatedPods: a nominated higher-priority pod holds its room against
    // pods of lower priority until it binds.
    #[test]
    fn a_nominated_pod_keeps_its_room_from_lower_priority_pods() {
        let nodes = vec![node("node1", 1000, 4000)];
        let mut high = pod_req("high", &[(Some(800), Some(100))]);
        high.priority = 100;
        let low = pod_req("low", &[(Some(500), Some(100))]);
        let pods = vec![high, low];
        let mut cache = Cache::build(&nodes, &pods);
        let mut s = Scheduler::new(SchedulerConfig::default());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let free = s.schedule_one(
            &nodes,
            &pods,
            &cache,
            Workloads::default(),
            1,
            &mut rng,
            Explain::None,
        );
        assert_eq!(
            free.node.as_deref(),
            Some("node1"),
            "without a nomination the low pod fits"
        );
        cache.nominate(0, 0);
        let held = s.schedule_one(
            &nodes,
            &pods,
            &cache,
            Workloads::default(),
            1,
            &mut rng,
            Explain::Full,
        );
        assert_eq!(held.node, None);
        assert_eq!(
            held.filter[0]
                .statuses
                .iter()
                .find(|st| !st.is_success())
                .map(|st| st.reason.as_str()),
            Some("Insufficient cpu")
        );
        cache.clear_nomination(0);
        let again = s.schedule_one(
            &nodes,
            &pods,
            &cache,
            Workloads::default(),
            1,
            &mut rng,
            Explain::None,
        );
        assert_eq!(again.node.as_deref(), Some("node1"));
    }
}
