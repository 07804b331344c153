//! VolumeBinding (`volumebinding/volume_binding.go`, `binder.go`): PreFilter sorts the pod's
//! claims into bound, unbound WaitForFirstConsumer and unbound immediate ones; a missing claim
//! or an unbound immediate claim rejects the pod on every node (UnschedulableAndUnresolvable,
//! "pod has unbound immediate PersistentVolumeClaims"); no claims → Skip. Filter, per node:
//! a bound claim's PV must exist ("node(s) unavailable due to one or more pvc(s) bound to
//! non-existent pv(s)") and its node affinity must admit the node ("node(s) had volume node
//! affinity conflict"); an unbound delayed claim needs an available matching PV whose affinity
//! admits the node, or a class that can provision for the node (a provisioner, and
//! `allowedTopologies` matching the node's labels) — else "node(s) didn't find available
//! persistent volumes to bind". A claim whose `selected-node` is another node fails the same way.
//! Failures are UnschedulableAndUnresolvable (docs/SEMANTICS.md#k14). Reserve/PreBind (binding
//! and provisioning) happen when the pod is bound: [`crate::cluster::storage::Storage::bind_for_pod`].

use crate::cluster::config::PluginName;
use crate::cluster::scheduler::{Cycle, Status};
use crate::cluster::storage::{
    pv_fits_node, volume_node, REASON_BIND_CONFLICT, REASON_NODE_CONFLICT, REASON_PV_NOT_EXIST,
};

pub const REASON_UNBOUND_IMMEDIATE: &str = "pod has unbound immediate PersistentVolumeClaims";

const PLUGIN: PluginName = PluginName::VolumeBinding;

/// The pod's claims as PreFilter sorted them (indices into the storage's claims).
#[derive(Debug, Clone, Default)]
pub struct State {
    pub bound: Vec<usize>,
    pub delayed: Vec<usize>,
}

/// `Err` = the PreFilter status that rejects the pod; `Ok(None)` = Skip.
pub fn pre_filter(c: &Cycle) -> Result<Option<State>, Status> {
    if c.pod.claims.is_empty() {
        return Ok(None);
    }
    let storage = &c.cache.storage;
    let mut s = State::default();
    let mut immediate = false;
    for name in &c.pod.claims {
        let Some(ci) = storage
            .claims
            .iter()
            .position(|k| k.namespace == c.pod.namespace && k.name == *name)
        else {
            return Err(Status::unresolvable(
                PLUGIN,
                format!("persistentvolumeclaim {name:?} not found"),
            ));
        };
        let claim = &storage.claims[ci];
        if storage.is_bound(claim) {
            s.bound.push(ci);
        } else if storage.delays_binding(claim) && claim.volume_name.is_none() {
            s.delayed.push(ci);
        } else {
            immediate = true;
        }
    }
    if immediate {
        return Err(Status::unresolvable(PLUGIN, REASON_UNBOUND_IMMEDIATE));
    }
    Ok(Some(s))
}

pub fn filter(c: &Cycle, s: &State, node_idx: usize) -> Status {
    let storage = &c.cache.storage;
    let node = &c.nodes[node_idx];
    let vnode = volume_node(node);
    let (mut bound_ok, mut pvs_found, mut unbound_ok) = (true, true, true);
    for &ci in &s.bound {
        let claim = &storage.claims[ci];
        match claim.volume_name.as_ref().and_then(|v| storage.volume(v)) {
            None => {
                pvs_found = false;
                break;
            }
            Some(pv) if !pv_fits_node(pv, &vnode) => {
                bound_ok = false;
                break;
            }
            Some(_) => {}
        }
    }
    if !s.delayed.is_empty() {
        let mut taken: Vec<String> = Vec::new();
        // findMatchingVolumes takes the claims smallest request first.
        let mut delayed = s.delayed.clone();
        delayed.sort_by_key(|&ci| storage.claims[ci].request);
        for ci in delayed {
            let claim = &storage.claims[ci];
            if claim
                .selected_node
                .as_ref()
                .is_some_and(|n| *n != node.name)
            {
                unbound_ok = false;
                break;
            }
            match storage.matching_volume(claim, Some(&vnode), &taken) {
                Some(pv) => taken.push(storage.volumes[pv].name.clone()),
                None if storage.can_provision(claim, &vnode) => {}
                None => {
                    unbound_ok = false;
                    break;
                }
            }
        }
    }
    let mut reasons = Vec::new();
    if !bound_ok {
        reasons.push(REASON_NODE_CONFLICT);
    }
    if !unbound_ok {
        reasons.push(REASON_BIND_CONFLICT);
    }
    if !pvs_found {
        reasons.push(REASON_PV_NOT_EXIST);
    }
    if reasons.is_empty() {
        Status::ok(PLUGIN)
    } else {
        Status::unresolvable(PLUGIN, reasons.join(", "))
    }
}

#[cfg(test)]
mod tests;
