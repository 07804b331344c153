//! NodeVolumeLimits (`nodevolumelimits/csi.go`): a node's CSINode says how many volumes each CSI
//! driver can attach (`spec.drivers[].allocatable.count`). The pod's new volumes (its claims'
//! volumes not already attached by a pod on the node), counted per driver, plus those attached
//! must stay within the limit, else Unschedulable "node(s) exceed max volume count". A bound
//! claim counts as its PV's `driver/volumeHandle`; an unbound one as a volume of its class's
//! provisioner; a node without a CSINode (or without a limit for the driver) has no limit; a
//! missing claim is UnschedulableAndUnresolvable (docs/SEMANTICS.md#k16).

use std::collections::BTreeMap;

use crate::cluster::config::PluginName;
use crate::cluster::model::Pod;
use crate::cluster::scheduler::{Cycle, NodeAgg, Status};
use crate::cluster::storage::{Storage, EBS_CSI_DRIVER, EBS_IN_TREE};

pub const REASON: &str = "node(s) exceed max volume count";

const PLUGIN: PluginName = PluginName::NodeVolumeLimits;

/// Unique volume name (`driver/handle`) → driver, for the claims of `pod` that exist.
fn attachable(storage: &Storage, pod: &Pod, out: &mut BTreeMap<String, String>) {
    for name in &pod.claims {
        let Some(claim) = storage.claim(&pod.namespace, name) else {
            continue;
        };
        let from_pv = claim
            .volume_name
            .as_ref()
            .and_then(|v| storage.volume(v))
            .map(|pv| (pv.csi_driver.clone(), pv.volume_handle.clone()));
        let (driver, handle) = match from_pv {
            Some((Some(d), h)) => (d, h),
            Some((None, _)) => continue, // not a CSI volume
            None => match storage.class(&claim.storage_class) {
                // getCSIDriverInfoFromSC: the class's provisioner, a handle unique to the claim.
                Some(c) if !c.provisioner.is_empty() => {
                    let d = if c.provisioner == EBS_IN_TREE {
                        EBS_CSI_DRIVER.to_string()
                    } else {
                        c.provisioner.clone()
                    };
                    (d, format!("unbound-{}/{}", claim.namespace, claim.name))
                }
                _ => continue,
            },
        };
        if handle.is_empty() {
            continue;
        }
        out.insert(format!("{driver}/{handle}"), driver);
    }
}

pub fn filter(c: &Cycle, node_idx: usize, agg: &NodeAgg) -> Status {
    let storage = &c.cache.storage;
    if c.pod.claims.is_empty() {
        return Status::ok(PLUGIN);
    }
    for name in &c.pod.claims {
        if storage.claim(&c.pod.namespace, name).is_none() {
            return Status::unresolvable(
                PLUGIN,
                format!(
                    "looking up PVC {}/{name}: persistentvolumeclaim {name:?} not found",
                    c.pod.namespace
                ),
            );
        }
    }
    let mut new = BTreeMap::new();
    attachable(storage, c.pod, &mut new);
    if new.is_empty() {
        return Status::ok(PLUGIN);
    }
    let Some(limits) = storage.csi_limits(&c.nodes[node_idx].name) else {
        return Status::ok(PLUGIN);
    };
    let mut attached = BTreeMap::new();
    for &i in &agg.pods {
        if c.pods[i].is_active() {
            attachable(storage, &c.pods[i], &mut attached);
        }
    }
    let mut attached_count: BTreeMap<&str, i64> = BTreeMap::new();
    for (unique, driver) in &attached {
        new.remove(unique);
        *attached_count.entry(driver).or_default() += 1;
    }
    let mut new_count: BTreeMap<&str, i64> = BTreeMap::new();
    for driver in new.values() {
        *new_count.entry(driver).or_default() += 1;
    }
    for (driver, count) in new_count {
        if let Some(max) = limits.get(driver) {
            if attached_count.get(driver).copied().unwrap_or(0) + count > *max {
                return Status::unschedulable(PLUGIN, REASON);
            }
        }
    }
    Status::ok(PLUGIN)
}

#[cfg(test)]
mod tests;
