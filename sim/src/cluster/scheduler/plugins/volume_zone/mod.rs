//! VolumeZone (`volumezone/volume_zone.go`): a bound PV's zone and region labels
//! (`topology.kubernetes.io/zone`, the beta `failure-domain.beta.kubernetes.io/zone`, and the
//! region keys; several values joined by `__`) must match the node's (a beta key on the PV
//! matches the GA key on the node). A node with none of these labels passes (single-zone
//! clusters). PreFilter: a WaitForFirstConsumer claim still unbound is skipped; an unbound
//! claim without a class, an unbound immediate one, and missing claims, classes or PVs are
//! UnschedulableAndUnresolvable; no labelled PV → Skip. The Filter failure is
//! UnschedulableAndUnresolvable "node(s) had no available volume zone" (docs/SEMANTICS.md#k15).

use crate::cluster::config::PluginName;
use crate::cluster::model::{Node, LABEL_ZONE};
use crate::cluster::scheduler::{Cycle, Status};
use crate::cluster::storage::{BindingMode, LABEL_REGION, LABEL_REGION_BETA, LABEL_ZONE_BETA};

pub const REASON: &str = "node(s) had no available volume zone";

const PLUGIN: PluginName = PluginName::VolumeZone;

const TOPOLOGY_LABELS: [&str; 4] = [LABEL_ZONE_BETA, LABEL_REGION_BETA, LABEL_ZONE, LABEL_REGION];

/// One PV's topology label: the key and the values it allows.
#[derive(Debug, Clone)]
pub struct Topology {
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub topologies: Vec<Topology>,
}

fn ga(key: &str) -> &str {
    match key {
        LABEL_ZONE_BETA => LABEL_ZONE,
        LABEL_REGION_BETA => LABEL_REGION,
        other => other,
    }
}

/// `Err` = the PreFilter status that rejects the pod; `Ok(None)` = Skip.
pub fn pre_filter(c: &Cycle) -> Result<Option<State>, Status> {
    let storage = &c.cache.storage;
    let mut topologies = Vec::new();
    let fail = |m: String| Err(Status::unresolvable(PLUGIN, m));
    for name in &c.pod.claims {
        let Some(claim) = storage.claim(&c.pod.namespace, name) else {
            return fail(format!("persistentvolumeclaim {name:?} not found"));
        };
        let Some(pv_name) = &claim.volume_name else {
            if claim.storage_class.is_empty() {
                return fail("PersistentVolumeClaim had no pv name and storageClass name".into());
            }
            let Some(class) = storage.class(&claim.storage_class) else {
                return fail(format!(
                    "storageclass.storage.k8s.io {:?} not found",
                    claim.storage_class
                ));
            };
            if class.binding_mode == BindingMode::WaitForFirstConsumer {
                continue;
            }
            return fail("PersistentVolume had no name".into());
        };
        let Some(pv) = storage.volume(pv_name) else {
            return fail(format!("persistentvolume {pv_name:?} not found"));
        };
        for key in TOPOLOGY_LABELS {
            if let Some(v) = pv.labels.get(key) {
                topologies.push(Topology {
                    key: key.to_string(),
                    values: v.split("__").map(str::to_string).collect(),
                });
            }
        }
    }
    if topologies.is_empty() {
        return Ok(None);
    }
    Ok(Some(State { topologies }))
}

pub fn filter(s: &State, node: &Node) -> Status {
    if !TOPOLOGY_LABELS.iter().any(|k| node.labels.contains_key(*k)) {
        return Status::ok(PLUGIN);
    }
    for t in &s.topologies {
        let v = node
            .labels
            .get(&t.key)
            .or_else(|| node.labels.get(ga(&t.key)));
        if !v.is_some_and(|v| t.values.contains(v)) {
            return Status::unresolvable(PLUGIN, REASON);
        }
    }
    Status::ok(PLUGIN)
}

#[cfg(test)]
mod tests;
