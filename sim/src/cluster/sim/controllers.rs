//! The workload controllers as reconcile passes over the world: Deployment (`rolling.go`,
//! `ResolveFenceposts`; captured ReplicaSets adopted), ReplicaSet and ReplicationController
//! (`replica_set.go`: create `replicas − active`, delete in `getPodsToDelete` order), DaemonSet
//! (one pod per eligible node), StatefulSet (ordinal names, OrderedReady or Parallel), Job
//! (completions/parallelism, backoffLimit), CronJob (minute/hour schedule in simulated time) and
//! the disruption (PDB) math used by drains.

use rand::Rng;

use super::*;

/// `rand.SafeEncodeString` alphabet (no vowels, no confusable digits).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a over the template's JSON, encoded like `ComputeHash` + `SafeEncodeString`.
pub fn template_hash(t: &PodTemplate) -> String {
    let json = serde_json::to_string(t).unwrap_or_default();
    let mut h: u32 = 0x811c9dc5;
    for b in json.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x01000193);
    }
    h.to_string()
        .bytes()
        .map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char)
        .collect()
}

/// `ResolveFenceposts`: (maxSurge, maxUnavailable); surge rounds up, unavailable down, both 0 → unavailable 1.
pub fn resolve_fenceposts(
    max_surge: &IntOrPercent,
    max_unavailable: &IntOrPercent,
    desired: i64,
) -> (i64, i64) {
    let surge = max_surge.scaled(desired, true);
    let mut unavailable = max_unavailable.scaled(desired, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

impl World {
    fn random_suffix(&mut self) -> String {
        (0..5)
            .map(|_| ALPHANUMS[self.rng.random_range(0..ALPHANUMS.len())] as char)
            .collect()
    }

    fn rs_pods(&self, r: usize) -> Vec<usize> {
        let rs = &self.replica_sets[r];
        (0..self.pods.len())
            .filter(|&i| {
                !self.pod_rt[i].removed
                    && self.pods[i].namespace == rs.namespace
                    && self.pods[i]
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.kind == rs.kind && o.name == rs.name)
            })
            .collect()
    }

    fn active_pods(&self, r: usize) -> Vec<usize> {
        self.rs_pods(r)
            .into_iter()
            .filter(|&i| self.pods[i].is_active())
            .collect()
    }

    fn available(&self, pods: &[usize]) -> i64 {
        pods.iter()
            .filter(|&&i| self.pods[i].ready && self.pods[i].is_active())
            .count() as i64
    }

    pub(super) fn reconcile(&mut self) {
        self.adopt_orphans();
        for d in 0..self.deployments.len() {
            self.sync_deployment(d);
        }
        for r in 0..self.replica_sets.len() {
            self.sync_replica_set(r);
        }
        for d in 0..self.daemon_sets.len() {
            self.sync_daemon_set(d);
        }
        self.sync_stateful_sets();
        for j in 0..self.jobs.len() {
            self.sync_job(j);
        }
    }

    /// ReplicaSets captured with a Deployment as controller (`kubectl get deploy,rs -o yaml`):
    /// one whose template is the Deployment's plus `pod-template-hash` is its current
    /// ReplicaSet, so the Deployment controller adopts it instead of creating another
    /// (docs/SEMANTICS.md#c11). Others are older revisions.
    pub(super) fn adopt_captured_replica_sets(&mut self) {
        for r in 0..self.replica_sets.len() {
            let rs = &self.replica_sets[r];
            let Some(owner) = rs.owner.as_ref().filter(|o| o.kind == "Deployment") else {
                continue;
            };
            let Some(dep) = self
                .deployments
                .iter()
                .find(|d| d.namespace == rs.namespace && d.name == owner.name)
            else {
                continue;
            };
            let mut template = rs.template.clone();
            let captured_hash = template.labels.remove("pod-template-hash");
            template.spec.labels.remove("pod-template-hash");
            self.rs_rt[r].template_hash = if template == dep.template {
                template_hash(&dep.template)
            } else {
                // An older revision: never equal to a computed hash.
                format!("captured:{}", captured_hash.unwrap_or_default())
            };
        }
    }

    /// Pods without an owner whose labels a ReplicaSet selects are adopted (controller ref).
    fn adopt_orphans(&mut self) {
        for i in 0..self.pods.len() {
            if self.pod_rt[i].removed || self.pods[i].owner.is_some() {
                continue;
            }
            if let Some(rs) = self.replica_sets.iter().find(|rs| {
                rs.namespace == self.pods[i].namespace
                    && !rs.selector.is_empty()
                    && rs.selector.matches(&self.pods[i].labels)
            }) {
                self.pods[i].owner = Some(OwnerRef {
                    kind: rs.kind.clone(),
                    name: rs.name.clone(),
                });
            }
        }
    }

    fn deployment_rs(&self, d: usize) -> Vec<usize> {
        let dep = &self.deployments[d];
        (0..self.replica_sets.len())
            .filter(|&r| {
                self.replica_sets[r].namespace == dep.namespace
                    && self.replica_sets[r]
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.kind == "Deployment" && o.name == dep.name)
            })
            .collect()
    }

    fn scale_rs(&mut self, r: usize, to: i32, d: usize) {
        let from = self.replica_sets[r].replicas;
        if from == to {
            return;
        }
        self.replica_sets[r].replicas = to;
        let dep = &self.deployments[d];
        let obj = ObjectRef {
            kind: "Deployment".into(),
            namespace: Some(dep.namespace.clone()),
            name: dep.name.clone(),
        };
        let dir = if to > from { "up" } else { "down" };
        let rs_name = self.replica_sets[r].name.clone();
        self.emit(
            EventType::Normal,
            "ScalingReplicaSet",
            obj,
            format!("Scaled {dir} replica set {rs_name} from {from} to {to}"),
        );
    }

    fn sync_deployment(&mut self, d: usize) {
        let hash = template_hash(&self.deployments[d].template);
        let owned = self.deployment_rs(d);
        let new_rs = owned
            .iter()
            .copied()
            .find(|&r| self.rs_rt[r].template_hash == hash);
        let old: Vec<usize> = owned
            .iter()
            .copied()
            .filter(|&r| Some(r) != new_rs)
            .collect();
        let desired = i64::from(self.deployments[d].replicas);
        let new_rs = match new_rs {
            Some(r) => r,
            None => {
                let dep = self.deployments[d].clone();
                let revision = owned
                    .iter()
                    .map(|&r| self.replica_sets[r].revision)
                    .max()
                    .unwrap_or(0)
                    + 1;
                let mut labels = dep.template.labels.clone();
                labels.insert("pod-template-hash".into(), hash.clone());
                let mut selector = dep.selector.clone();
                selector
                    .match_labels
                    .insert("pod-template-hash".into(), hash.clone());
                let mut template = dep.template.clone();
                template.labels = labels.clone();
                template.spec.labels = labels.clone();
                let rs = ReplicaSet {
                    name: format!("{}-{}", dep.name, hash),
                    namespace: dep.namespace.clone(),
                    labels,
                    owner: Some(OwnerRef {
                        kind: "Deployment".into(),
                        name: dep.name.clone(),
                    }),
                    replicas: 0,
                    selector,
                    template,
                    revision,
                    kind: "ReplicaSet".into(),
                };
                self.replica_sets.push(rs);
                self.rs_rt.push(RsRt {
                    template_hash: hash,
                });
                self.replica_sets.len() - 1
            }
        };
        let dep = self.deployments[d].clone();
        if dep.recreate {
            for &r in &old {
                self.scale_rs(r, 0, d);
            }
            let old_pods: usize = old.iter().map(|&r| self.rs_pods(r).len()).sum();
            if old_pods == 0 {
                self.scale_rs(new_rs, dep.replicas, d);
            }
            return;
        }
        if old.iter().all(|&r| self.replica_sets[r].replicas == 0) {
            // Not rolling: keep the new ReplicaSet at the desired size.
            self.scale_rs(new_rs, dep.replicas, d);
            return;
        }
        let (surge, max_unavailable) =
            resolve_fenceposts(&dep.max_surge, &dep.max_unavailable, desired);
        // reconcileNewReplicaSet
        let all_replicas: i64 = owned
            .iter()
            .chain(std::iter::once(&new_rs))
            .collect::<BTreeSet<_>>()
            .iter()
            .map(|&&r| i64::from(self.replica_sets[r].replicas))
            .sum();
        let new_replicas = i64::from(self.replica_sets[new_rs].replicas);
        if new_replicas > desired {
            self.scale_rs(new_rs, dep.replicas, d);
        } else if new_replicas < desired {
            let max_total = desired + surge;
            if all_replicas < max_total {
                let up = (max_total - all_replicas).min(desired - new_replicas);
                self.scale_rs(new_rs, (new_replicas + up) as i32, d);
            }
        }
        // reconcileOldReplicaSets
        let all_replicas: i64 = old
            .iter()
            .chain(std::iter::once(&new_rs))
            .map(|&r| i64::from(self.replica_sets[r].replicas))
            .sum();
        let min_available = desired - max_unavailable;
        let new_pods = self.active_pods(new_rs);
        let new_unavailable =
            (i64::from(self.replica_sets[new_rs].replicas) - self.available(&new_pods)).max(0);
        let mut max_scaled_down = all_replicas - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas: old ReplicaSets' unavailable pods go first.
        let mut old_sorted = old.clone();
        old_sorted.sort_by_key(|&r| (self.replica_sets[r].revision, r));
        for &r in &old_sorted {
            if max_scaled_down <= 0 {
                break;
            }
            let replicas = i64::from(self.replica_sets[r].replicas);
            let avail = self.available(&self.active_pods(r));
            let unhealthy = (replicas - avail).max(0).min(max_scaled_down);
            if unhealthy > 0 {
                self.scale_rs(r, (replicas - unhealthy) as i32, d);
                max_scaled_down -= unhealthy;
            }
        }
        // scaleDownOldReplicaSetsForRollingUpdate
        let mut available_all: i64 = 0;
        for &r in old.iter().chain(std::iter::once(&new_rs)) {
            available_all += self
                .available(&self.active_pods(r))
                .min(i64::from(self.replica_sets[r].replicas).max(0));
        }
        if available_all <= min_available {
            return;
        }
        let mut total = available_all - min_available;
        for &r in &old_sorted {
            if total <= 0 {
                break;
            }
            let replicas = i64::from(self.replica_sets[r].replicas);
            if replicas == 0 {
                continue;
            }
            let down = replicas.min(total);
            self.scale_rs(r, (replicas - down) as i32, d);
            total -= down;
        }
    }

    fn create_pod_from(
        &mut self,
        template: &PodTemplate,
        namespace: &str,
        base: &str,
        owner: OwnerRef,
    ) -> usize {
        let suffix = self.random_suffix();
        self.create_named_pod(template, namespace, format!("{base}-{suffix}"), owner)
    }

    fn create_named_pod(
        &mut self,
        template: &PodTemplate,
        namespace: &str,
        name: String,
        owner: OwnerRef,
    ) -> usize {
        let mut pod = template.spec.clone();
        pod.namespace = namespace.to_string();
        pod.labels = template.labels.clone();
        pod.name = name;
        pod.owner = Some(owner);
        pod.node_name = None;
        pod.phase = PodPhase::Pending;
        pod.ready = false;
        pod.ip = None;
        pod.deletion_timestamp = None;
        pod.restart_count = 0;
        pod.creation_index = self.pods.len() as u64 + 1_000_000;
        let secs = self.cfg.default_toleration_seconds;
        admit_default_tolerations(&mut pod, secs);
        pod.refresh_requests();
        self.pod_by_name
            .insert((pod.namespace.clone(), pod.name.clone()), self.pods.len());
        self.pods.push(pod);
        self.pod_rt.push(PodRt::default());
        self.request_schedule();
        self.pods.len() - 1
    }

    fn sync_replica_set(&mut self, r: usize) {
        let active = self.active_pods(r);
        let want = i64::from(self.replica_sets[r].replicas.max(0));
        let diff = want - active.len() as i64;
        let rs = self.replica_sets[r].clone();
        let obj = ObjectRef {
            kind: rs.kind.clone(),
            namespace: Some(rs.namespace.clone()),
            name: rs.name.clone(),
        };
        if diff > 0 {
            for _ in 0..diff {
                let owner = OwnerRef {
                    kind: rs.kind.clone(),
                    name: rs.name.clone(),
                };
                let i = self.create_pod_from(&rs.template, &rs.namespace, &rs.name, owner);
                let name = self.pods[i].name.clone();
                self.emit(
                    EventType::Normal,
                    "SuccessfulCreate",
                    obj.clone(),
                    format!("Created pod: {name}"),
                );
            }
        } else if diff < 0 {
            // getPodsToDelete: unscheduled < scheduled, pending < running, not ready < ready, more restarts first, newer first.
            let mut ranked = active;
            ranked.sort_by_key(|&i| {
                let p = &self.pods[i];
                (
                    p.node_name.is_some(),
                    p.phase == PodPhase::Running,
                    p.ready,
                    std::cmp::Reverse(p.restart_count),
                    std::cmp::Reverse(p.creation_index),
                )
            });
            for &i in ranked.iter().take((-diff) as usize) {
                let name = self.pods[i].name.clone();
                self.emit(
                    EventType::Normal,
                    "SuccessfulDelete",
                    obj.clone(),
                    format!("Deleted pod: {name}"),
                );
                self.delete_pod(i);
            }
        }
    }

    fn sync_daemon_set(&mut self, d: usize) {
        let ds = self.daemon_sets[d].clone();
        let obj = ObjectRef {
            kind: "DaemonSet".into(),
            namespace: Some(ds.namespace.clone()),
            name: ds.name.clone(),
        };
        for n in 0..self.nodes.len() {
            let node = &self.nodes[n];
            let mut probe = ds.template.spec.clone();
            probe.labels = ds.template.labels.clone();
            if !super::super::scheduler::plugins::node_affinity::matches_required(&probe, node) {
                continue;
            }
            let has = (0..self.pods.len()).any(|i| {
                !self.pod_rt[i].removed
                    && self.pods[i].is_active()
                    && self.pods[i]
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.kind == "DaemonSet" && o.name == ds.name)
                    && self.pods[i]
                        .affinity
                        .node_affinity
                        .as_ref()
                        .and_then(|a| a.required.as_ref())
                        .is_some_and(|t| {
                            t.iter().any(|t| {
                                t.match_fields.iter().any(|f| f.values.contains(&node.name))
                            })
                        })
            });
            if has {
                continue;
            }
            let node_name = node.name.clone();
            let mut template = ds.template.clone();
            // The DaemonSet controller pins the pod with node affinity on metadata.name and adds its tolerations.
            template.spec.affinity.node_affinity = Some(NodeAffinity {
                required: Some(vec![NodeSelectorTerm {
                    match_expressions: vec![],
                    match_fields: vec![Requirement {
                        key: "metadata.name".into(),
                        operator: SelectorOperator::In,
                        values: vec![node_name.clone()],
                    }],
                }]),
                preferred: vec![],
            });
            // daemon_controller.go util.AddOrUpdateDaemonPodTolerations.
            for (key, effect) in [
                (TAINT_NOT_READY, TaintEffect::NoExecute),
                (TAINT_UNREACHABLE, TaintEffect::NoExecute),
                (TAINT_DISK_PRESSURE, TaintEffect::NoSchedule),
                (TAINT_MEMORY_PRESSURE, TaintEffect::NoSchedule),
                (TAINT_PID_PRESSURE, TaintEffect::NoSchedule),
                (TAINT_UNSCHEDULABLE, TaintEffect::NoSchedule),
            ] {
                template.spec.tolerations.push(Toleration {
                    key: key.into(),
                    operator: TolerationOperator::Exists,
                    value: String::new(),
                    effect: Some(effect),
                    toleration_seconds: None,
                });
            }
            let owner = OwnerRef {
                kind: "DaemonSet".into(),
                name: ds.name.clone(),
            };
            let i = self.create_pod_from(&template, &ds.namespace, &ds.name, owner);
            let name = self.pods[i].name.clone();
            self.emit(
                EventType::Normal,
                "SuccessfulCreate",
                obj.clone(),
                format!("Created pod: {name}"),
            );
        }
    }

    pub(super) fn scale(&mut self, target: &events::WorkloadRef, replicas: i32) {
        match target {
            events::WorkloadRef::Deployment { namespace, name } => match self
                .deployments
                .iter()
                .position(|d| d.namespace == *namespace && d.name == *name)
            {
                Some(d) => {
                    self.deployments[d].replicas = replicas;
                    let obj = ObjectRef {
                        kind: "Deployment".into(),
                        namespace: Some(namespace.clone()),
                        name: name.clone(),
                    };
                    self.emit(
                        EventType::Normal,
                        "Scale",
                        obj,
                        format!("Injected: scale deployment {name} to {replicas}"),
                    );
                }
                None => self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "Deployment".into(),
                        namespace: Some(namespace.clone()),
                        name: name.clone(),
                    },
                    "no such deployment".into(),
                ),
            },
            events::WorkloadRef::ReplicaSet { namespace, name } => match self
                .replica_sets
                .iter()
                .position(|r| r.namespace == *namespace && r.name == *name)
            {
                Some(r) => {
                    self.replica_sets[r].replicas = replicas;
                    let obj = ObjectRef {
                        kind: "ReplicaSet".into(),
                        namespace: Some(namespace.clone()),
                        name: name.clone(),
                    };
                    self.emit(
                        EventType::Normal,
                        "Scale",
                        obj,
                        format!("Injected: scale replica set {name} to {replicas}"),
                    );
                }
                None => self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "ReplicaSet".into(),
                        namespace: Some(namespace.clone()),
                        name: name.clone(),
                    },
                    "no such replica set".into(),
                ),
            },
        }
        self.request_reconcile();
    }

    pub(super) fn update_image(
        &mut self,
        target: &events::WorkloadRef,
        container: Option<&str>,
        image: &str,
    ) {
        let template = match target {
            events::WorkloadRef::Deployment { namespace, name } => self
                .deployments
                .iter_mut()
                .find(|d| d.namespace == *namespace && d.name == *name)
                .map(|d| &mut d.template),
            events::WorkloadRef::ReplicaSet { namespace, name } => self
                .replica_sets
                .iter_mut()
                .find(|r| r.namespace == *namespace && r.name == *name)
                .map(|r| &mut r.template),
        };
        let (kind, namespace, name) = match target {
            events::WorkloadRef::Deployment { namespace, name } => ("Deployment", namespace, name),
            events::WorkloadRef::ReplicaSet { namespace, name } => ("ReplicaSet", namespace, name),
        };
        let obj = ObjectRef {
            kind: kind.into(),
            namespace: Some(namespace.clone()),
            name: name.clone(),
        };
        let Some(template) = template else {
            self.emit(
                EventType::Warning,
                "InjectionFailed",
                obj,
                format!("no such {}", kind.to_lowercase()),
            );
            return;
        };
        let mut changed = 0;
        for c in template.spec.containers.iter_mut() {
            if container.is_none_or(|n| n == c.name) {
                c.image = image.to_string();
                changed += 1;
            }
        }
        if changed == 0 {
            self.emit(
                EventType::Warning,
                "InjectionFailed",
                obj,
                format!("no container named {:?}", container.unwrap_or("")),
            );
            return;
        }
        self.emit(
            EventType::Normal,
            "ImageUpdate",
            obj,
            format!("Injected: set image {image}"),
        );
        self.request_reconcile();
    }

    /// (ready, up-to-date, available, total) pods of a Deployment.
    pub(super) fn deployment_status(&self, dep: &Deployment) -> (i32, i32, i32, i32) {
        let Some(d) = self
            .deployments
            .iter()
            .position(|x| x.name == dep.name && x.namespace == dep.namespace)
        else {
            return (0, 0, 0, 0);
        };
        let hash = template_hash(&dep.template);
        let (mut ready, mut up, mut total) = (0, 0, 0);
        for r in self.deployment_rs(d) {
            for i in self.active_pods(r) {
                total += 1;
                if self.pods[i].ready {
                    ready += 1;
                }
                if self.rs_rt[r].template_hash == hash {
                    up += 1;
                }
            }
        }
        (ready, up, ready, total)
    }

    // ----- disruption (PDB) and drain --------------------------------------------------------------

    /// `disruptionsAllowed` of a PDB (disruption controller): currentHealthy − desiredHealthy.
    pub fn disruptions_allowed(&self, pdb: &PodDisruptionBudget) -> i64 {
        let matching: Vec<usize> = (0..self.pods.len())
            .filter(|&i| {
                !self.pod_rt[i].removed
                    && self.pods[i].namespace == pdb.namespace
                    && pdb.selector.matches(&self.pods[i].labels)
            })
            .collect();
        let healthy = matching
            .iter()
            .filter(|&&i| self.pods[i].ready && self.pods[i].is_active())
            .count() as i64;
        // Expected count: the scale of the owning controllers, else the number of pods.
        let mut owners: BTreeSet<String> = BTreeSet::new();
        let mut expected: i64 = 0;
        let mut all_owned = !matching.is_empty();
        for &i in &matching {
            match &self.pods[i].owner {
                Some(o) if o.kind == "ReplicaSet" || o.kind == "ReplicationController" => {
                    if owners.insert(o.name.clone()) {
                        expected += self
                            .replica_sets
                            .iter()
                            .find(|r| {
                                r.name == o.name && r.kind == o.kind && r.namespace == pdb.namespace
                            })
                            .map(|r| i64::from(r.replicas))
                            .unwrap_or(0);
                    }
                }
                _ => all_owned = false,
            }
        }
        if !all_owned {
            expected = matching
                .iter()
                .filter(|&&i| self.pods[i].is_active())
                .count() as i64;
        }
        let desired = match (&pdb.min_available, &pdb.max_unavailable) {
            (Some(IntOrPercent::Int(n)), _) => *n,
            (Some(p @ IntOrPercent::Percent(_)), _) => p.scaled(expected, true),
            (None, Some(m)) => (expected - m.scaled(expected, true)).max(0),
            (None, None) => expected,
        };
        (healthy - desired).max(0)
    }

    pub(super) fn drain_step(&mut self, n: usize) {
        if !self.node_rt[n].draining {
            return;
        }
        let mut blocked = false;
        for p in self.cache.aggs[n].pods.clone() {
            if self.pods[p].is_terminating()
                || self.pods[p]
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "DaemonSet")
            {
                continue;
            }
            let pdbs: Vec<PodDisruptionBudget> = self
                .pdbs
                .iter()
                .filter(|b| {
                    b.namespace == self.pods[p].namespace
                        && b.selector.matches(&self.pods[p].labels)
                })
                .cloned()
                .collect();
            let blocking = pdbs
                .iter()
                .find(|b| self.disruptions_allowed(b) <= 0 && self.pods[p].ready);
            let r = pod_ref(&self.pods[p]);
            match blocking {
                Some(b) => {
                    blocked = true;
                    let msg = format!("Cannot evict pod as it would violate the pod's disruption budget {} (disruptionsAllowed 0); retrying", b.name);
                    if self.pod_rt[p].last_failed_message != msg {
                        self.pod_rt[p].last_failed_message = msg.clone();
                        self.emit(EventType::Warning, "EvictionBlocked", r, msg);
                    }
                }
                None => {
                    let node = self.nodes[n].name.clone();
                    self.emit(
                        EventType::Normal,
                        "Evicted",
                        r,
                        format!("Evicted by drain of node {node} (Eviction API)"),
                    );
                    self.delete_pod(p);
                }
            }
        }
        if blocked {
            let t = self.now + self.cfg.drain_retry;
            self.push(t, Ev::Drain(n));
        } else {
            self.node_rt[n].draining = false;
            let name = self.nodes[n].name.clone();
            let r = node_ref(&self.nodes[n]);
            self.emit(
                EventType::Normal,
                "Drained",
                r,
                format!("Node {name} drained"),
            );
        }
    }
}

/// The first minute strictly after `after` (ms) at which a CronJob's minute and hour fields
/// match, simulated time 0 being 00:00 (docs/SEMANTICS.md#c14). `None` for an empty field.
pub fn next_cron_time(cj: &CronJob, after: SimTime) -> Option<SimTime> {
    let first = after / 60_000 + 1;
    (first..first + 24 * 60)
        .find(|m| {
            let (hour, minute) = ((m / 60) % 24, m % 60);
            cj.minutes.0.contains(&(minute as u32)) && cj.hours.0.contains(&(hour as u32))
        })
        .map(|m| m * 60_000)
}

impl World {
    pub(super) fn sync_stateful_sets(&mut self) {
        for s in 0..self.stateful_sets.len() {
            self.sync_stateful_set(s);
        }
    }

    /// `stateful_set_control.go`: pod `NAME-i` for every ordinal below `replicas`. OrderedReady
    /// creates ordinal i only when 0…i−1 are Running and Ready and deletes from the highest
    /// ordinal one at a time; Parallel creates and deletes all at once.
    fn sync_stateful_set(&mut self, s: usize) {
        let ss = self.stateful_sets[s].clone();
        let obj = ObjectRef {
            kind: "StatefulSet".into(),
            namespace: Some(ss.namespace.clone()),
            name: ss.name.clone(),
        };
        let prefix = format!("{}-", ss.name);
        let mut by_ordinal: BTreeMap<u32, usize> = BTreeMap::new();
        for i in 0..self.pods.len() {
            let p = &self.pods[i];
            if self.pod_rt[i].removed
                || p.namespace != ss.namespace
                || !p
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "StatefulSet" && o.name == ss.name)
            {
                continue;
            }
            if let Some(n) = p.name.strip_prefix(&prefix).and_then(|n| n.parse().ok()) {
                by_ordinal.insert(n, i);
            }
        }
        let replicas = ss.replicas.max(0) as u32;
        let healthy = |w: &World, i: usize| {
            let p = &w.pods[i];
            p.is_active()
                && (p.phase == PodPhase::Running && p.ready
                    || w.assume_bound_ready && p.node_name.is_some())
        };
        for ordinal in 0..replicas {
            match by_ordinal.get(&ordinal) {
                Some(&i) if self.pods[i].is_active() => {
                    if !ss.parallel && !healthy(self, i) {
                        return;
                    }
                }
                Some(_) if !ss.parallel => return, // terminating or failed: wait for it to go
                Some(_) => {}
                None => {
                    let mut template = ss.template.clone();
                    let name = format!("{}{ordinal}", prefix);
                    template
                        .labels
                        .insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
                    template
                        .labels
                        .insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
                    template.spec.claims = self.stateful_claims(&ss, ordinal, &name);
                    let owner = OwnerRef {
                        kind: "StatefulSet".into(),
                        name: ss.name.clone(),
                    };
                    let i = self.create_named_pod(&template, &ss.namespace, name.clone(), owner);
                    self.pod_by_name
                        .insert((ss.namespace.clone(), name.clone()), i);
                    self.emit(
                        EventType::Normal,
                        "SuccessfulCreate",
                        obj.clone(),
                        format!("create Pod {name} in StatefulSet {} successful", ss.name),
                    );
                    if !ss.parallel {
                        return;
                    }
                }
            }
        }
        let mut extra: Vec<(u32, usize)> = by_ordinal
            .range(replicas..)
            .map(|(&o, &i)| (o, i))
            .filter(|&(_, i)| self.pods[i].is_active())
            .collect();
        extra.sort_by_key(|&(o, _)| std::cmp::Reverse(o));
        if !ss.parallel {
            let terminating = by_ordinal.values().any(|&i| self.pods[i].is_terminating());
            if terminating {
                return;
            }
            extra.truncate(1);
        }
        for (_, i) in extra {
            let name = self.pods[i].name.clone();
            self.emit(
                EventType::Normal,
                "SuccessfulDelete",
                obj.clone(),
                format!("delete Pod {name} in StatefulSet {} successful", ss.name),
            );
            self.delete_pod(i);
        }
    }

    /// `job_controller.go`: keep `min(parallelism, completions − succeeded)` pods active until
    /// `completions` pods have succeeded (a work-queue Job without completions: until one has);
    /// more failed pods than `backoffLimit` fail the Job.
    fn sync_job(&mut self, j: usize) {
        if self.jobs[j].done {
            return;
        }
        let job = self.jobs[j].clone();
        let obj = ObjectRef {
            kind: "Job".into(),
            namespace: Some(job.namespace.clone()),
            name: job.name.clone(),
        };
        let (mut active, mut succeeded, mut failed) = (0i64, i64::from(job.succeeded), 0i64);
        for i in 0..self.pods.len() {
            let p = &self.pods[i];
            if self.pod_rt[i].removed
                || p.namespace != job.namespace
                || !p
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "Job" && o.name == job.name)
            {
                continue;
            }
            match p.phase {
                PodPhase::Succeeded => succeeded += 1,
                PodPhase::Failed => failed += 1,
                _ if p.is_active() => active += 1,
                _ => {}
            }
        }
        let complete = match job.completions {
            Some(c) => succeeded >= i64::from(c),
            None => succeeded > 0 && active == 0,
        };
        if complete {
            self.jobs[j].done = true;
            self.emit(EventType::Normal, "Completed", obj, "Job completed".into());
            return;
        }
        if failed > i64::from(job.backoff_limit) {
            self.jobs[j].done = true;
            self.jobs[j].failed = true;
            self.emit(
                EventType::Warning,
                "BackoffLimitExceeded",
                obj,
                "Job has reached the specified backoff limit".into(),
            );
            return;
        }
        let parallelism = i64::from(job.parallelism);
        let want = match job.completions {
            Some(c) => parallelism.min(i64::from(c) - succeeded),
            None if succeeded > 0 => 0,
            None => parallelism,
        };
        for _ in active..want {
            let owner = OwnerRef {
                kind: "Job".into(),
                name: job.name.clone(),
            };
            let i = self.create_pod_from(&job.template, &job.namespace, &job.name, owner);
            let name = self.pods[i].name.clone();
            self.emit(
                EventType::Normal,
                "SuccessfulCreate",
                obj.clone(),
                format!("Created pod: {name}"),
            );
        }
    }

    /// A Job's pod exits 0 after the assumed run time; it stays listed as Completed and no
    /// longer counts against its node.
    pub(super) fn pod_succeeded(&mut self, i: usize) {
        if self.pods[i].phase != PodPhase::Running || self.pods[i].is_terminating() {
            return;
        }
        self.bump(i);
        self.pods[i].phase = PodPhase::Succeeded;
        self.pods[i].ready = false;
        let pod = self.pods[i].clone();
        let c = pod
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "app".into());
        self.emit(
            EventType::Normal,
            "Completed",
            pod_ref(&pod),
            format!(
                "Container {c} exited with code 0 after {} (assumed run time: the manifest does not say how long the work takes)",
                format_time(self.cfg.job_run_time)
            ),
        );
        self.cache.unassign(i, &pod);
        self.request_reconcile();
        self.request_schedule();
    }

    /// `cronjob_controllerv2.go`: at each scheduled minute create Job `NAME-<minutes>` from the
    /// template, honouring `suspend` and `concurrencyPolicy` (Forbid skips while a Job runs,
    /// Replace deletes the running one first).
    pub(super) fn cron_tick(&mut self, c: usize) {
        let cj = self.cron_jobs[c].clone();
        if let Some(t) = next_cron_time(&cj, self.now) {
            self.push(t, Ev::CronTick(c));
        }
        let obj = ObjectRef {
            kind: "CronJob".into(),
            namespace: Some(cj.namespace.clone()),
            name: cj.name.clone(),
        };
        if cj.suspend {
            return;
        }
        let running: Vec<usize> = (0..self.jobs.len())
            .filter(|&j| {
                !self.jobs[j].done
                    && self.jobs[j].namespace == cj.namespace
                    && self.jobs[j]
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.kind == "CronJob" && o.name == cj.name)
            })
            .collect();
        if !running.is_empty() {
            match cj.concurrency.as_str() {
                "Forbid" => {
                    self.emit(
                        EventType::Normal,
                        "JobAlreadyActive",
                        obj,
                        "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
                    );
                    return;
                }
                "Replace" => {
                    for j in running {
                        let name = self.jobs[j].name.clone();
                        self.jobs[j].done = true;
                        for i in 0..self.pods.len() {
                            if self.pods[i]
                                .owner
                                .as_ref()
                                .is_some_and(|o| o.kind == "Job" && o.name == name)
                            {
                                self.delete_pod(i);
                            }
                        }
                        self.emit(
                            EventType::Normal,
                            "SuccessfulDelete",
                            obj.clone(),
                            format!("Deleted job {name}"),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut job = cj.job.clone();
        job.name = format!("{}-{}", cj.name, self.now / 60_000);
        job.template
            .labels
            .insert("job-name".into(), job.name.clone());
        job.template.spec.labels = job.template.labels.clone();
        job.succeeded = 0;
        job.done = false;
        job.failed = false;
        let name = job.name.clone();
        self.jobs.push(job);
        self.emit(
            EventType::Normal,
            "SuccessfulCreate",
            obj.clone(),
            format!("Created job {name}"),
        );
        self.prune_job_history(&cj, &obj);
        self.request_reconcile();
    }

    /// `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`: the oldest finished Jobs of a
    /// CronJob beyond the limits are deleted with their pods.
    fn prune_job_history(&mut self, cj: &CronJob, obj: &ObjectRef) {
        for (failed, keep) in [(false, cj.successful_history), (true, cj.failed_history)] {
            let finished: Vec<usize> = (0..self.jobs.len())
                .filter(|&j| {
                    let job = &self.jobs[j];
                    job.done
                        && job.failed == failed
                        && job.namespace == cj.namespace
                        && job
                            .owner
                            .as_ref()
                            .is_some_and(|o| o.kind == "CronJob" && o.name == cj.name)
                })
                .collect();
            let excess = finished.len().saturating_sub(keep.max(0) as usize);
            let doomed: Vec<String> = finished[..excess]
                .iter()
                .map(|&j| self.jobs[j].name.clone())
                .collect();
            for name in doomed {
                for i in 0..self.pods.len() {
                    if !self.pod_rt[i].removed
                        && self.pods[i].namespace == cj.namespace
                        && self.pods[i]
                            .owner
                            .as_ref()
                            .is_some_and(|o| o.kind == "Job" && o.name == name)
                    {
                        self.delete_pod(i);
                    }
                }
                self.jobs
                    .retain(|j| !(j.namespace == cj.namespace && j.name == name));
                self.emit(
                    EventType::Normal,
                    "SuccessfulDelete",
                    obj.clone(),
                    format!("Deleted job {name}"),
                );
            }
        }
    }
}

// ----- kubelet-reported node conditions (injected) ------------------------------------------

impl World {
    /// An injected `nodeCondition` (docs/SEMANTICS.md#c2): `Ready=False` from a kubelet that
    /// still posts status taints the node `not-ready` (NoSchedule now, NoExecute by the node
    /// lifecycle controller's next pass, then the 300 s toleration); `Ready=True` lets the
    /// controller mark it Ready again. Memory or disk pressure adds its NoSchedule taint and the
    /// kubelet evicts one pod (ranked as documented, with usage taken to equal requests).
    pub(super) fn node_condition(&mut self, c: usize) {
        let ev = self.conditions[c].clone();
        let Some(n) = self.cache.node_index(&ev.node) else {
            let obj = ObjectRef {
                kind: "Node".into(),
                namespace: None,
                name: ev.node.clone(),
            };
            self.emit(
                EventType::Warning,
                "InjectionFailed",
                obj,
                format!("no node named {}", ev.node),
            );
            return;
        };
        let r = node_ref(&self.nodes[n]);
        if !self.node_rt[n].alive {
            self.emit(
                EventType::Warning,
                "InjectionFailed",
                r,
                format!(
                    "node {} is not running: its kubelet posts no conditions",
                    ev.node
                ),
            );
            return;
        }
        let name = ev.node.clone();
        let now = self.now;
        match (ev.condition, ev.status) {
            (NodeCondition::Ready, false) => {
                self.node_rt[n].reports_not_ready = true;
                if self.nodes[n].ready == ConditionStatus::True {
                    self.nodes[n].ready = ConditionStatus::False;
                    add_taint(
                        &mut self.nodes[n],
                        TAINT_NOT_READY,
                        TaintEffect::NoSchedule,
                        now,
                    );
                    for &p in &self.cache.aggs[n].pods.clone() {
                        self.pods[p].ready = false;
                    }
                    self.emit(
                        EventType::Normal,
                        "NodeNotReady",
                        r,
                        format!("Node {name} status is now: NodeNotReady (injected: the kubelet reports Ready=False)"),
                    );
                }
            }
            (NodeCondition::Ready, true) => {
                // The node lifecycle controller marks it Ready at its next pass.
                self.node_rt[n].reports_not_ready = false;
            }
            (cond, true) => {
                let (taint, reason) = match cond {
                    NodeCondition::MemoryPressure => {
                        (TAINT_MEMORY_PRESSURE, "NodeHasInsufficientMemory")
                    }
                    _ => (TAINT_DISK_PRESSURE, "NodeHasDiskPressure"),
                };
                add_taint(&mut self.nodes[n], taint, TaintEffect::NoSchedule, now);
                self.emit(
                    EventType::Normal,
                    reason,
                    r,
                    format!("Node {name} status is now: {reason} (injected)"),
                );
                if !self.pressure_evicting.contains(&(n, cond)) {
                    self.pressure_evict(n, cond);
                }
            }
            (cond, false) => {
                let (taint, reason) = match cond {
                    NodeCondition::MemoryPressure => {
                        (TAINT_MEMORY_PRESSURE, "NodeHasSufficientMemory")
                    }
                    _ => (TAINT_DISK_PRESSURE, "NodeHasNoDiskPressure"),
                };
                self.nodes[n].taints.retain(|t| t.key != taint);
                self.emit(
                    EventType::Normal,
                    reason,
                    r,
                    format!("Node {name} status is now: {reason} (injected)"),
                );
            }
        }
        self.request_schedule();
        self.request_reconcile();
    }

    /// One pass of the kubelet's eviction manager under `cond` (docs/SEMANTICS.md#c2): while the
    /// node still reports the condition (its taint is on) and the kubelet runs, it evicts one pod
    /// and comes back `eviction_monitoring_period` later; it stops when the condition clears or
    /// nothing is left to evict.
    pub(super) fn pressure_evict(&mut self, n: usize, cond: NodeCondition) {
        let (taint, resource) = match cond {
            NodeCondition::MemoryPressure => (TAINT_MEMORY_PRESSURE, "memory"),
            NodeCondition::DiskPressure => (TAINT_DISK_PRESSURE, "ephemeral-storage"),
            NodeCondition::Ready => return,
        };
        let holds = self.node_rt[n].alive && self.nodes[n].taints.iter().any(|t| t.key == taint);
        if holds && self.kubelet_evict(n, resource) {
            self.pressure_evicting.insert((n, cond));
            let t = self.now + self.cfg.eviction_monitoring_period;
            self.push(t, Ev::PressureEvict(n, cond));
        } else {
            self.pressure_evicting.remove(&(n, cond));
        }
    }

    /// Node-pressure eviction of one pod: the kubelet ranks pods by whether their usage exceeds
    /// their request, then priority, then usage above request. Usage is not simulated: it is
    /// taken to equal the request, so pods without a request for the starved resource go first,
    /// then lower priorities, then larger requests, then names. Whether a pod was evicted.
    fn kubelet_evict(&mut self, n: usize, resource: &str) -> bool {
        let mut ranked: Vec<usize> = self.cache.aggs[n]
            .pods
            .iter()
            .copied()
            .filter(|&p| self.pods[p].is_active())
            .collect();
        let request = |p: &Pod| {
            p.containers
                .iter()
                .filter_map(|c| c.requests.get(resource))
                .sum::<i64>()
        };
        ranked.sort_by(|&a, &b| {
            let (pa, pb) = (&self.pods[a], &self.pods[b]);
            (request(pa) > 0)
                .cmp(&(request(pb) > 0))
                .then(pa.priority.cmp(&pb.priority))
                .then(request(pb).cmp(&request(pa)))
                .then(pa.name.cmp(&pb.name))
        });
        let Some(&p) = ranked.first() else {
            return false;
        };
        self.bump(p);
        self.pods[p].phase = PodPhase::Failed;
        self.pods[p].ready = false;
        let pod = self.pods[p].clone();
        self.cache.unassign(p, &pod);
        self.emit(
            EventType::Warning,
            "Evicted",
            pod_ref(&pod),
            format!("The node was low on resource: {resource}. (usage is not simulated: taken to equal requests; one pod per {}s while the condition holds)", self.cfg.eviction_monitoring_period / 1000),
        );
        true
    }
}
