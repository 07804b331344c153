//! PostFilter DefaultPreemption (`defaultpreemption/default_preemption.go`,
//! `framework/preemption/preemption.go`, reference A12), simplified where stated.
//!
//! Candidates are nodes whose first failing filter returned `Unschedulable` (never
//! `UnschedulableAndUnresolvable`). On each, every lower-priority pod is removed, the filters are
//! re-run on the node's reduced aggregates, then victims are reprieved one by one, most important
//! first, while the pod still fits. The node is picked by: lowest highest-victim priority → smallest
//! priority sum → fewest victims → latest start of the highest-priority victims → node order.
//! Not simulated: PDB-aware candidate ordering, and PodTopologySpread / InterPodAffinity state
//! updates for removed victims (their PreFilter state is kept as computed for the cycle).

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
    state.active_filters.iter().all(|&p| plugins::filter(c, state, p, node_idx, agg).is_success())
}

pub fn preempt(c: &Cycle, state: &CycleState, first_failure: &[Option<Status>]) -> Option<PreemptionResult> {
    let prio = c.pod.priority;
    // (highest victim priority, priority sum, victim count, −earliest start, node-order position)
    type Rank = (i64, i64, usize, i64, usize);
    let mut best: Option<(Rank, usize, Vec<usize>)> = None;
    for (pos, &n) in c.cache.order.iter().enumerate() {
        if first_failure[n].as_ref().map(|s| s.code) != Some(Code::Unschedulable) {
            continue;
        }
        let mut agg = c.cache.aggs[n].clone();
        let mut potential: Vec<usize> = agg.pods.iter().copied().filter(|&i| c.pods[i].priority < prio).collect();
        if potential.is_empty() {
            continue;
        }
        // Most important first: higher priority, then earlier start.
        potential.sort_by_key(|&i| (std::cmp::Reverse(c.pods[i].priority), c.pods[i].creation_index));
        for &i in &potential {
            agg.remove(i, &c.pods[i]);
        }
        if !fits(c, state, n, &agg) {
            continue;
        }
        let mut victims = Vec::new();
        for &i in &potential {
            agg.add(i, &c.pods[i]);
            if !fits(c, state, n, &agg) {
                agg.remove(i, &c.pods[i]);
                victims.push(i);
            }
        }
        if victims.is_empty() {
            continue;
        }
        let highest = victims.iter().map(|&i| i64::from(c.pods[i].priority)).max().unwrap_or(0);
        let sum: i64 = victims.iter().map(|&i| i64::from(c.pods[i].priority) + i64::from(i32::MAX) + 1).sum();
        let earliest_of_highest = victims.iter().filter(|&&i| i64::from(c.pods[i].priority) == highest).map(|&i| c.pods[i].creation_index as i64).min().unwrap_or(0);
        let key = (highest, sum, victims.len(), -earliest_of_highest, pos);
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
        let d = s.schedule_one(&nodes, &pods, &cache, Workloads::default(), 3, &mut rng, Explain::None);
        assert_eq!(d.node, None);
        let p = d.preemption.expect("preemption should find a node");
        assert_eq!(p.node, "node1");
        assert_eq!(p.victims.len(), 1, "one 1000m victim is enough: {:?}", p.victims);
        assert!(d.message.starts_with("0/2 nodes are available: 2 Insufficient cpu."), "{}", d.message);
    }
}
