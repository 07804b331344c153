//! The storage controllers on the timeline: the PV controller binding immediate claims as they
//! appear, the StatefulSet controller's claims (one per template and ordinal, created once and
//! kept when the pod goes), and the volume binding a scheduled pod triggers (docs/SEMANTICS.md
//! #c15, #c16). Each binding or provisioning is an event on the claim.

use super::{EventType, ObjectRef, World};
use crate::cluster::model::{
    ConditionStatus, StatefulSet, Taint, TaintEffect, TAINT_OUT_OF_SERVICE,
};
use crate::cluster::storage::{Bound, PersistentVolumeClaim};

fn claim_ref(claim: &(String, String)) -> ObjectRef {
    ObjectRef {
        kind: "PersistentVolumeClaim".into(),
        namespace: Some(claim.0.clone()),
        name: claim.1.clone(),
    }
}

impl World {
    fn node_zones(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter_map(|n| n.zone().map(str::to_string))
            .collect()
    }

    fn emit_bound(&mut self, bound: Vec<Bound>) {
        for b in bound {
            if let Bound::Provisioned { .. } = &b {
                let r = claim_ref(b.claim());
                self.emit(EventType::Normal, "ProvisioningSucceeded", r, b.message());
            }
        }
    }

    /// The PV controller at start: every unbound claim with immediate binding binds a matching
    /// PV or is provisioned.
    pub(super) fn bind_immediate_claims(&mut self) {
        let zones = self.node_zones();
        let keys: Vec<(String, String)> = self
            .cache
            .storage
            .claims
            .iter()
            .map(PersistentVolumeClaim::key)
            .collect();
        for (ns, name) in keys {
            if let Some(b) = self.cache.storage.bind_immediate(&ns, &name, &zones) {
                self.emit_bound(vec![b]);
            }
        }
    }

    /// VolumeBinding's Reserve and PreBind for pod `i`, just bound to node `n`.
    pub(super) fn bind_pod_volumes(&mut self, i: usize, n: usize) {
        if self.pods[i].claims.is_empty() {
            return;
        }
        let pod = &self.pods[i];
        let bound = self
            .cache
            .storage
            .bind_for_pod(&pod.namespace, &pod.claims, &self.nodes[n]);
        self.emit_bound(bound);
    }

    /// The claims of a StatefulSet pod `NAME-ordinal`: its template's own claims, then
    /// `<template>-<statefulset>-<ordinal>` per `volumeClaimTemplates` entry, created (and, with
    /// immediate binding, bound) if missing — an existing claim is reused, so the pod finds its
    /// volume again.
    pub(super) fn stateful_claims(
        &mut self,
        ss: &StatefulSet,
        ordinal: u32,
        pod: &str,
    ) -> Vec<String> {
        let mut claims = ss.template.spec.claims.clone();
        let zones = self.node_zones();
        let obj = ObjectRef {
            kind: "StatefulSet".into(),
            namespace: Some(ss.namespace.clone()),
            name: ss.name.clone(),
        };
        for t in &ss.volume_claim_templates {
            let name = format!("{}-{}-{ordinal}", t.name, ss.name);
            let mut claim = t.clone();
            claim.name = name.clone();
            claim.namespace = ss.namespace.clone();
            if self.cache.storage.ensure_claim(claim) {
                self.emit(
                    EventType::Normal,
                    "SuccessfulCreate",
                    obj.clone(),
                    format!(
                        "create Claim {name} Pod {pod} in StatefulSet {} success",
                        ss.name
                    ),
                );
                if let Some(b) = self
                    .cache
                    .storage
                    .bind_immediate(&ss.namespace, &name, &zones)
                {
                    self.emit_bound(vec![b]);
                }
            }
            if !claims.contains(&name) {
                claims.push(name);
            }
        }
        claims
    }

    /// Whether pod `i` is on a node that is not Ready and has the out-of-service taint: PodGC
    /// force-deletes such a pod at once (its 20 s period is not modelled).
    pub(super) fn on_out_of_service_node(&self, i: usize) -> bool {
        self.pods[i]
            .node_name
            .as_deref()
            .and_then(|n| self.cache.node_index(n))
            .is_some_and(|n| {
                self.nodes[n].ready != ConditionStatus::True
                    && self.nodes[n]
                        .taints
                        .iter()
                        .any(|t| t.key == TAINT_OUT_OF_SERVICE)
            })
    }

    /// The `outOfService` / `outOfServiceRemoved` actions: the operator's taint of the
    /// non-graceful node shutdown procedure, on one node or a zone's nodes.
    pub(super) fn out_of_service(&mut self, node: Option<String>, zone: Option<String>, add: bool) {
        let targets: Vec<usize> = (0..self.nodes.len())
            .filter(|&n| match (&node, &zone) {
                (Some(name), _) => self.nodes[n].name == *name,
                (None, Some(z)) => self.nodes[n].zone() == Some(z.as_str()),
                (None, None) => false,
            })
            .collect();
        if targets.is_empty() {
            let (kind, name) = match (&node, &zone) {
                (Some(n), _) => ("Node", n.clone()),
                (None, z) => ("Zone", z.clone().unwrap_or_default()),
            };
            self.emit(
                EventType::Warning,
                "InjectionFailed",
                ObjectRef {
                    kind: kind.into(),
                    namespace: None,
                    name: name.clone(),
                },
                format!("no node named {name} (or in zone {name})"),
            );
            return;
        }
        for n in targets {
            let r = ObjectRef {
                kind: "Node".into(),
                namespace: None,
                name: self.nodes[n].name.clone(),
            };
            let had = self.nodes[n]
                .taints
                .iter()
                .any(|t| t.key == TAINT_OUT_OF_SERVICE);
            if add && !had {
                let now = self.now;
                self.nodes[n].taints.push(Taint {
                    key: TAINT_OUT_OF_SERVICE.into(),
                    value: "nodeshutdown".into(),
                    effect: TaintEffect::NoExecute,
                    time_added: Some(now),
                });
                self.emit(
                    EventType::Normal,
                    "TaintAdded",
                    r,
                    format!("Injected: {TAINT_OUT_OF_SERVICE}=nodeshutdown:NoExecute (non-graceful node shutdown: pods are force-deleted, volumes detached)"),
                );
                for p in self.cache.aggs[n].pods.clone() {
                    if self.pods[p].is_terminating() && self.on_out_of_service_node(p) {
                        self.remove_pod(p);
                    }
                }
                self.schedule_taint_evictions(n);
            } else if !add && had {
                self.nodes[n]
                    .taints
                    .retain(|t| t.key != TAINT_OUT_OF_SERVICE);
                self.emit(
                    EventType::Normal,
                    "TaintRemoved",
                    r,
                    format!("Injected: {TAINT_OUT_OF_SERVICE} removed"),
                );
            }
        }
        self.request_schedule();
        self.request_reconcile();
    }
}
