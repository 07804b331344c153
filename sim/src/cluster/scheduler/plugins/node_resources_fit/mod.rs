//! NodeResourcesFit (`noderesources/fit.go`, `least_allocated.go`, `most_allocated.go`,
//! `requested_to_capacity_ratio.go`, `resource_allocation.go`; docs/SEMANTICS.md#k3, #k4).
//!
//! Filter uses the pod's actual requests against `allocatable − Σ requested` and the pod count.
//! Score uses non-zero requests (100m CPU / 200Mi memory for unspecified) with the configured
//! strategy and integer arithmetic; there is no NormalizeScore.

use crate::cluster::config::{PluginName, ScoringStrategy, ScoringStrategyType};
use crate::cluster::model::{Node, Pod};
use crate::cluster::scheduler::{NodeAgg, Status};

use super::MAX_NODE_SCORE;

/// All reasons the pod does not fit (kube reports every insufficient resource).
#[inline]
pub fn insufficient(pod: &Pod, node: &Node, agg: &NodeAgg) -> Vec<String> {
    let mut reasons = Vec::new();
    if agg.pods.len() as i64 + 1 > node.allowed_pod_number {
        reasons.push("Too many pods".to_string());
    }
    let r = &pod.requests;
    if r.milli_cpu == 0
        && r.memory == 0
        && r.ephemeral_storage == 0
        && r.scalar.values().all(|v| *v == 0)
    {
        return reasons;
    }
    let a = &node.allocatable;
    let used = &agg.requested;
    if r.milli_cpu > 0 && r.milli_cpu > a.milli_cpu - used.milli_cpu {
        reasons.push("Insufficient cpu".into());
    }
    if r.memory > 0 && r.memory > a.memory - used.memory {
        reasons.push("Insufficient memory".into());
    }
    if r.ephemeral_storage > 0 && r.ephemeral_storage > a.ephemeral_storage - used.ephemeral_storage
    {
        reasons.push("Insufficient ephemeral-storage".into());
    }
    for (name, q) in &r.scalar {
        if *q > 0 && *q > a.get(name) - used.get(name) {
            reasons.push(format!("Insufficient {name}"));
        }
    }
    reasons
}

/// The common case without allocation: the pod fits (same checks as [`insufficient`]).
#[inline]
fn fits(pod: &Pod, node: &Node, agg: &NodeAgg) -> bool {
    if agg.pods.len() as i64 + 1 > node.allowed_pod_number {
        return false;
    }
    let r = &pod.requests;
    let a = &node.allocatable;
    let used = &agg.requested;
    !(r.milli_cpu > 0 && r.milli_cpu > a.milli_cpu - used.milli_cpu
        || r.memory > 0 && r.memory > a.memory - used.memory
        || r.ephemeral_storage > 0
            && r.ephemeral_storage > a.ephemeral_storage - used.ephemeral_storage
        || r.scalar
            .iter()
            .any(|(name, q)| *q > 0 && *q > a.get(name) - used.get(name)))
}

#[inline]
pub fn filter(pod: &Pod, node: &Node, agg: &NodeAgg) -> Status {
    if fits(pod, node, agg) {
        return Status::ok(PluginName::NodeResourcesFit);
    }
    let reasons = insufficient(pod, node, agg);
    if reasons.is_empty() {
        Status::ok(PluginName::NodeResourcesFit)
    } else {
        Status::unschedulable(PluginName::NodeResourcesFit, reasons.join(", "))
    }
}

/// A resource name resolved once, so per-node scoring does not compare strings.
#[derive(Debug, Clone, Copy)]
pub enum ResourceKey<'a> {
    Cpu,
    Memory,
    EphemeralStorage,
    Scalar(&'a str),
}

impl<'a> ResourceKey<'a> {
    pub fn of(name: &'a str) -> ResourceKey<'a> {
        match name {
            "cpu" => ResourceKey::Cpu,
            "memory" => ResourceKey::Memory,
            "ephemeral-storage" => ResourceKey::EphemeralStorage,
            other => ResourceKey::Scalar(other),
        }
    }
}

#[inline]
fn amount(r: &crate::cluster::model::Resources, key: ResourceKey) -> i64 {
    match key {
        ResourceKey::Cpu => r.milli_cpu,
        ResourceKey::Memory => r.memory,
        ResourceKey::EphemeralStorage => r.ephemeral_storage,
        ResourceKey::Scalar(name) => r.scalar.get(name).copied().unwrap_or(0),
    }
}

/// (requested incl. the pod, allocatable) of one resource for scoring (`calculateResourceAllocatableRequest`);
/// `None` for an extended resource the pod does not request.
#[inline]
pub fn requested_and_allocatable(
    pod: &Pod,
    node: &Node,
    agg: &NodeAgg,
    key: ResourceKey,
    non_zero: bool,
) -> Option<(i64, i64)> {
    let alloc = amount(&node.allocatable, key);
    match key {
        ResourceKey::Cpu if non_zero => {
            Some((agg.non_zero_milli_cpu + pod.non_zero_milli_cpu, alloc))
        }
        ResourceKey::Memory if non_zero => Some((agg.non_zero_memory + pod.non_zero_memory, alloc)),
        ResourceKey::Cpu | ResourceKey::Memory | ResourceKey::EphemeralStorage => Some((
            amount(&agg.requested, key) + amount(&pod.requests, key),
            alloc,
        )),
        ResourceKey::Scalar(_) => {
            let want = amount(&pod.requests, key);
            if want == 0 {
                None
            } else {
                Some((amount(&agg.requested, key) + want, alloc))
            }
        }
    }
}

#[inline]
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * MAX_NODE_SCORE / capacity
}

#[inline]
pub fn most_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 {
        return 0;
    }
    requested.min(capacity) * MAX_NODE_SCORE / capacity
}

/// The configured 0..=10 shape scaled to 0..=100 (MaxNodeScore / MaxCustomPriorityScore), then evaluated.
fn broken_linear_scaled(shape: &[(i64, i64)], p: i64) -> i64 {
    let scaled: Vec<(i64, i64)> = shape.iter().map(|(u, s)| (*u, s * 10)).collect();
    broken_linear(&scaled, p)
}

/// `helper.BuildBrokenLinearFunction` over a shape already scaled to 0..=100.
pub fn broken_linear(shape: &[(i64, i64)], p: i64) -> i64 {
    for (i, &(u, s)) in shape.iter().enumerate() {
        if p <= u {
            if i == 0 {
                return s;
            }
            let (pu, ps) = shape[i - 1];
            return ps + (s - ps) * (p - pu) / (u - pu);
        }
    }
    shape.last().map(|s| s.1).unwrap_or(0)
}

/// Resolves a `resources` list once per cycle.
pub fn resource_keys(resources: &[(String, i64)]) -> Vec<(ResourceKey<'_>, i64)> {
    resources
        .iter()
        .map(|(n, w)| (ResourceKey::of(n), *w))
        .collect()
}

pub fn score(
    pod: &Pod,
    node: &Node,
    agg: &NodeAgg,
    strategy: &ScoringStrategy,
    keys: &[(ResourceKey, i64)],
) -> i64 {
    let mut node_score: i64 = 0;
    let mut weight_sum: i64 = 0;
    // The shape's 0..10 scores are scaled to 0..100 (MaxNodeScore / MaxCustomPriorityScore).
    for &(key, weight) in keys {
        let weight = &weight;
        let Some((requested, alloc)) = requested_and_allocatable(pod, node, agg, key, true) else {
            continue;
        };
        if alloc == 0 {
            continue;
        }
        match strategy.kind {
            ScoringStrategyType::LeastAllocated => {
                node_score += least_requested_score(requested, alloc) * weight;
                weight_sum += weight;
            }
            ScoringStrategyType::MostAllocated => {
                node_score += most_requested_score(requested, alloc) * weight;
                weight_sum += weight;
            }
            ScoringStrategyType::RequestedToCapacityRatio => {
                let utilization = if requested > alloc {
                    100
                } else {
                    requested * 100 / alloc
                };
                let s = broken_linear_scaled(&strategy.shape, utilization);
                if s > 0 {
                    node_score += s * weight;
                    weight_sum += weight;
                }
            }
        }
    }
    if weight_sum == 0 {
        return 0;
    }
    match strategy.kind {
        ScoringStrategyType::RequestedToCapacityRatio => {
            (node_score as f64 / weight_sum as f64).round() as i64
        }
        _ => node_score / weight_sum,
    }
}

#[cfg(test)]
mod tests;
