//! VolumeRestrictions (`volumerestrictions/volume_restrictions.go`): a claim with the
//! ReadWriteOncePod access mode may be used by one pod in the whole cluster. PreFilter looks the
//! pod's claims up (a missing claim is UnschedulableAndUnresolvable) and Skips when none of its
//! ReadWriteOncePod claims is in use; Filter then refuses every node with status Unschedulable
//! (preemption may help: evicting the pod that holds the claim frees it) —
//! docs/SEMANTICS.md#k17. Inline GCE PD / EBS / iSCSI / RBD volumes (the "no available disk"
//! check) are not modelled: pods here reach volumes through claims only.

use crate::cluster::config::PluginName;
use crate::cluster::scheduler::{Cycle, NodeAgg, Status};
use crate::cluster::storage::AccessMode;

pub const REASON_RWOP: &str =
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

const PLUGIN: PluginName = PluginName::VolumeRestrictions;

/// The pod's ReadWriteOncePod claims (names in its namespace).
#[derive(Debug, Clone, Default)]
pub struct State {
    pub rwop_claims: Vec<String>,
}

/// Pods other than the incoming one, assigned to a node, that use one of `claims`.
fn users<'a>(c: &'a Cycle, claims: &'a [String]) -> impl Iterator<Item = usize> + 'a {
    let me = c.pod.key();
    c.cache.assigned_pods().filter(move |&i| {
        let p = &c.pods[i];
        p.namespace == c.pod.namespace
            && p.key() != me
            && p.claims.iter().any(|n| claims.contains(n))
    })
}

/// `Err` = the PreFilter status that rejects the pod; `Ok(None)` = Skip.
pub fn pre_filter(c: &Cycle) -> Result<Option<State>, Status> {
    let mut rwop = Vec::new();
    for name in &c.pod.claims {
        let Some(claim) = c.cache.storage.claim(&c.pod.namespace, name) else {
            return Err(Status::unresolvable(
                PLUGIN,
                format!("persistentvolumeclaim {name:?} not found"),
            ));
        };
        if claim.access_modes.contains(&AccessMode::ReadWriteOncePod) && !rwop.contains(name) {
            rwop.push(name.clone());
        }
    }
    if rwop.is_empty() || users(c, &rwop).next().is_none() {
        return Ok(None);
    }
    Ok(Some(State { rwop_claims: rwop }))
}

/// A node passes unless a pod using one of the claims is still counted: on another node, or on
/// this one and present in `agg` (preemption evaluates the node without its victims — the
/// plugin's RemovePod).
pub fn filter(c: &Cycle, s: &State, node_idx: usize, agg: &NodeAgg) -> Status {
    let conflict = users(c, &s.rwop_claims)
        .any(|i| c.cache.node_of(i) != Some(node_idx) || agg.pods.contains(&i));
    if conflict {
        Status::unschedulable(PLUGIN, REASON_RWOP)
    } else {
        Status::ok(PLUGIN)
    }
}

#[cfg(test)]
mod tests;
