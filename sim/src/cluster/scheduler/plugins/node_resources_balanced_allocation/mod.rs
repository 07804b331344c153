//! NodeResourcesBalancedAllocation (`noderesources/balanced_allocation.go`, docs/SEMANTICS.md#k5):
//! `int64((1 − std) × 100)` over the fractions `min(1, requested/allocatable)` using **actual**
//! requests; PreScore skips best-effort pods (no request for any configured resource).

use crate::cluster::model::{Node, Pod};
use crate::cluster::scheduler::NodeAgg;

use super::node_resources_fit::{requested_and_allocatable, ResourceKey};
use super::MAX_NODE_SCORE;

pub fn pre_score_skips(pod: &Pod, resources: &[(String, i64)]) -> bool {
    resources.iter().all(|(r, _)| pod.requests.get(r) == 0)
}

#[inline]
pub fn score(pod: &Pod, node: &Node, agg: &NodeAgg, keys: &[(ResourceKey, i64)]) -> i64 {
    let mut buf = [0.0f64; 4];
    let mut heap: Vec<f64> = Vec::new();
    let mut count = 0usize;
    let mut total = 0.0;
    for &(key, _) in keys {
        let Some((requested, alloc)) = requested_and_allocatable(pod, node, agg, key, false) else {
            continue;
        };
        if alloc == 0 {
            continue;
        }
        let f = (requested as f64 / alloc as f64).min(1.0);
        total += f;
        if count < buf.len() {
            buf[count] = f;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&buf);
            }
            heap.push(f);
        }
        count += 1;
    }
    let fractions: &[f64] = if count <= buf.len() {
        &buf[..count]
    } else {
        &heap
    };
    let mut std = 0.0;
    if fractions.len() == 2 {
        std = ((fractions[0] - fractions[1]) / 2.0).abs();
    } else if fractions.len() > 2 {
        let mean = total / fractions.len() as f64;
        std = (fractions
            .iter()
            .map(|f| (f - mean) * (f - mean))
            .sum::<f64>()
            / fractions.len() as f64)
            .sqrt();
    }
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

#[cfg(test)]
mod tests {
    use crate::cluster::config::PluginName::NodeResourcesBalancedAllocation as Balanced;
    use crate::cluster::scheduler::testing::*;

    // balanced_allocation_test.go TestNodeResourcesBalancedAllocation.
    #[test]
    fn balanced_allocation_scores_one_minus_the_spread_of_fractions() {
        let p = pod_req("p", &[(Some(1000), Some(2000)), (Some(2000), Some(3000))]);
        // "nothing scheduled, resources requested, differently sized nodes": 0.75/0.5 → 87; 0.5/0.5 → 100.
        let nodes = [node("node1", 4000, 10000), node("node2", 6000, 10000)];
        assert_eq!(score(Balanced, &p, &nodes, &[]), Some(vec![87, 100]));
        // "resources requested, pods scheduled with resources": existing 3000/5000 on node2 → 1.0 vs 1.0 = 100,
        // node1 gets 0.75/0.5 again.
        let existing = [on(pod_req("e", &[(Some(3000), Some(5000))]), "node2")];
        assert_eq!(score(Balanced, &p, &nodes, &existing), Some(vec![87, 100]));
        // Fractions are capped at 1: 6000/4000 cpu → 1.0 and 0.5 memory → 75.
        let big = pod_req("p", &[(Some(6000), Some(5000))]);
        assert_eq!(score(Balanced, &big, &nodes[..1], &[]), Some(vec![75]));
        // "nothing scheduled, nothing requested": best-effort pods are skipped at PreScore.
        assert_eq!(
            score(Balanced, &pod_req("p", &[(None, None)]), &nodes, &[]),
            None
        );
    }
}
