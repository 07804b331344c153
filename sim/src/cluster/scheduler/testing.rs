//! Builders and the one `check` helper per phase that the plugin table tests share.

use std::collections::BTreeMap;

use super::plugins;
use super::{Cache, Cycle, Status, Workloads};
use crate::cluster::config::{PluginName, Profile};
use crate::cluster::model::*;

pub fn node(name: &str, milli_cpu: i64, memory: i64) -> Node {
    let mut n = Node {
        name: name.into(),
        ..Node::default()
    };
    n.labels.insert(LABEL_HOSTNAME.into(), name.into());
    n.allocatable.milli_cpu = milli_cpu;
    n.allocatable.memory = memory;
    n.allowed_pod_number = 110;
    n
}

pub fn labeled(mut n: Node, labels: &[(&str, &str)]) -> Node {
    for (k, v) in labels {
        n.labels.insert((*k).into(), (*v).into());
    }
    n
}

pub fn pod(name: &str) -> Pod {
    let mut p = Pod {
        name: name.into(),
        ..Pod::default()
    };
    p.refresh_requests();
    p
}

/// A pod with one container per (cpu millis, memory bytes) request; `None` leaves it unspecified.
pub fn pod_req(name: &str, containers: &[(Option<i64>, Option<i64>)]) -> Pod {
    let mut p = pod(name);
    for (i, (cpu, mem)) in containers.iter().enumerate() {
        let mut requests = BTreeMap::new();
        if let Some(c) = cpu {
            requests.insert("cpu".to_string(), *c);
        }
        if let Some(m) = mem {
            requests.insert("memory".to_string(), *m);
        }
        p.containers.push(Container {
            name: format!("c{i}"),
            image: "app".into(),
            requests,
            ..Container::default()
        });
    }
    p.refresh_requests();
    p
}

pub fn with_labels(mut p: Pod, labels: &[(&str, &str)]) -> Pod {
    for (k, v) in labels {
        p.labels.insert((*k).into(), (*v).into());
    }
    p
}

pub fn on(mut p: Pod, node: &str) -> Pod {
    p.node_name = Some(node.into());
    p.phase = PodPhase::Running;
    p
}

/// The default profile reduced to one plugin (filter and score, weight 1).
pub fn profile_with(plugin: PluginName) -> Profile {
    Profile {
        filters: vec![plugin],
        scores: vec![(plugin, 1)],
        ..Profile::default()
    }
}

/// Filter statuses of `plugin` for `incoming` on each node (manifest order), given bound `existing` pods.
pub fn filter(plugin: PluginName, incoming: &Pod, nodes: &[Node], existing: &[Pod]) -> Vec<Status> {
    filter_with(profile_with(plugin), plugin, incoming, nodes, existing, &[])
}

pub fn filter_with(
    profile: Profile,
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
    services: &[Service],
) -> Vec<Status> {
    let mut pods = existing.to_vec();
    pods.push(incoming.clone());
    let cache = Cache::build(nodes, &pods);
    let c = Cycle {
        pod: &pods[pods.len() - 1],
        nodes,
        pods: &pods,
        cache: &cache,
        profile: &profile,
        services,
        replica_sets: &[],
        stateful_sets: &[],
        pdbs: &[],
    };
    let state = plugins::pre_filter(&c);
    (0..nodes.len())
        .map(|i| plugins::filter(&c, &state, plugin, i, &cache.aggs[i]))
        .collect()
}

/// Final (normalized) scores of `plugin`, all nodes feasible; `None` if PreScore skipped.
pub fn score(
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
) -> Option<Vec<i64>> {
    score_with(profile_with(plugin), plugin, incoming, nodes, existing, &[])
}

pub fn score_with(
    profile: Profile,
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
    services: &[Service],
) -> Option<Vec<i64>> {
    let w = Workloads {
        services,
        ..Workloads::default()
    };
    let feasible: Vec<usize> = (0..nodes.len()).collect();
    score_feasible(profile, plugin, incoming, nodes, existing, w, &feasible)
}

/// Final scores of `plugin` on the `feasible` nodes only (the others failed Filter but their
/// pods still count), with the workloads that give default spread selectors.
pub fn score_feasible(
    profile: Profile,
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
    workloads: Workloads,
    feasible: &[usize],
) -> Option<Vec<i64>> {
    let mut pods = existing.to_vec();
    pods.push(incoming.clone());
    let cache = Cache::build(nodes, &pods);
    let c = Cycle {
        pod: &pods[pods.len() - 1],
        nodes,
        pods: &pods,
        cache: &cache,
        profile: &profile,
        services: workloads.services,
        replica_sets: workloads.replica_sets,
        stateful_sets: workloads.stateful_sets,
        pdbs: workloads.pdbs,
    };
    plugins::plugin_scores(&c, plugin, feasible).map(|s| s.final_scores().to_vec())
}

pub fn ok(plugin: PluginName) -> Status {
    Status::ok(plugin)
}

/// [`filter`] with the counts a full explanation attaches to each node's status.
pub fn filter_counts(
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
) -> Vec<(Status, Option<super::FilterCounts>)> {
    let profile = profile_with(plugin);
    let mut pods = existing.to_vec();
    pods.push(incoming.clone());
    let cache = Cache::build(nodes, &pods);
    let c = Cycle {
        pod: &pods[pods.len() - 1],
        nodes,
        pods: &pods,
        cache: &cache,
        profile: &profile,
        services: &[],
        replica_sets: &[],
        stateful_sets: &[],
        pdbs: &[],
    };
    let state = plugins::pre_filter(&c);
    (0..nodes.len())
        .map(|i| {
            (
                plugins::filter(&c, &state, plugin, i, &cache.aggs[i]),
                plugins::filter_counts(&c, &state, plugin, i),
            )
        })
        .collect()
}

/// PreFilter + Filter of one volume plugin with `storage` in the cache: `Err(status)` when
/// PreFilter rejected the pod (kube-scheduler's `wantPreFilterStatus`), else each node's status.
pub fn filter_storage(
    plugin: PluginName,
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
    storage: crate::cluster::storage::Storage,
) -> Result<Vec<Status>, Status> {
    let mut pods = existing.to_vec();
    pods.push(incoming.clone());
    let mut cache = Cache::build(nodes, &pods);
    cache.storage = storage;
    let profile = profile_with(plugin);
    let c = Cycle {
        pod: &pods[pods.len() - 1],
        nodes,
        pods: &pods,
        cache: &cache,
        profile: &profile,
        services: &[],
        replica_sets: &[],
        stateful_sets: &[],
        pdbs: &[],
    };
    let state = plugins::pre_filter(&c);
    if let Some(r) = state.rejected.clone() {
        return Err(r);
    }
    Ok((0..nodes.len())
        .map(|i| {
            if state.active_filters.contains(&plugin) {
                plugins::filter(&c, &state, plugin, i, &cache.aggs[i])
            } else {
                Status::ok(plugin)
            }
        })
        .collect())
}

/// A pod using the named claims.
pub fn with_claims(mut p: Pod, claims: &[&str]) -> Pod {
    p.claims = claims.iter().map(|c| c.to_string()).collect();
    p
}

/// A ReadWriteOnce claim of `class` asking for 1 GiB.
pub fn claim(name: &str, class: &str) -> crate::cluster::storage::PersistentVolumeClaim {
    crate::cluster::storage::PersistentVolumeClaim {
        name: name.into(),
        namespace: "default".into(),
        storage_class: class.into(),
        access_modes: vec![crate::cluster::storage::AccessMode::ReadWriteOnce],
        request: 1 << 30,
        volume_name: None,
        selected_node: None,
        labels: Labels::new(),
    }
}

/// An available ReadWriteOnce PV of `class` with 1 GiB and no node affinity.
pub fn volume(name: &str, class: &str) -> crate::cluster::storage::PersistentVolume {
    crate::cluster::storage::PersistentVolume {
        name: name.into(),
        storage_class: class.into(),
        capacity: 1 << 30,
        access_modes: vec![crate::cluster::storage::AccessMode::ReadWriteOnce],
        node_affinity: None,
        labels: Labels::new(),
        claim_ref: None,
        csi_driver: None,
        volume_handle: String::new(),
        provisioned: false,
    }
}

/// `claim` bound to `pv` (both directions).
pub fn bind(
    mut c: crate::cluster::storage::PersistentVolumeClaim,
    pv: &mut crate::cluster::storage::PersistentVolume,
) -> crate::cluster::storage::PersistentVolumeClaim {
    c.volume_name = Some(pv.name.clone());
    pv.claim_ref = Some((c.namespace.clone(), c.name.clone()));
    c
}

/// Node affinity `key In values` (one term).
pub fn affinity(key: &str, values: &[&str]) -> Option<Vec<NodeSelectorTerm>> {
    Some(vec![NodeSelectorTerm {
        match_expressions: vec![Requirement {
            key: key.into(),
            operator: SelectorOperator::In,
            values: values.iter().map(|v| v.to_string()).collect(),
        }],
        match_fields: vec![],
    }])
}

/// A StorageClass.
pub fn class(
    name: &str,
    provisioner: &str,
    mode: crate::cluster::storage::BindingMode,
) -> crate::cluster::storage::StorageClass {
    crate::cluster::storage::StorageClass {
        name: name.into(),
        provisioner: provisioner.into(),
        binding_mode: mode,
        allowed_topologies: vec![],
        is_default: false,
        assumed: None,
    }
}
