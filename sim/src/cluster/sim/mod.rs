//! The cluster on a discrete-event clock: kubelets, the node lifecycle controller, taint-based
//! eviction, the ReplicaSet / ReplicationController / Deployment / DaemonSet / StatefulSet / Job /
//! CronJob controllers, the scheduler, crash back-off, injected node conditions with kubelet
//! pressure eviction, Service endpoints and PDB-aware drains (docs/SEMANTICS.md#c1 to #c14).
//!
//! Guarantees:
//! - **Deterministic**: one event queue ordered by `(time, seq)` and one `ChaCha8Rng` seeded by the
//!   caller (pod-name suffixes and scheduler ties); the same manifests, events and seed give the same
//!   [`LogEvent`] list, byte for byte.
//! - **Documented timing** ([`SimConfig`] defaults): kubelet heartbeats every 10 s from t = 10 s; the
//!   node lifecycle controller ticks every 5 s and marks a node `Ready=Unknown` at the first tick
//!   strictly after `lastHeartbeat + node-monitor-grace-period` (50 s; `nc.now().After(probe + grace)`),
//!   adding the `unreachable` NoSchedule and NoExecute taints (NoExecute rate-limited per zone at
//!   0.1 node/s; 0.01 node/s in a partially disrupted zone of a cluster above 50 nodes, else none;
//!   none at all when every zone is fully disrupted). Taint-based eviction deletes a pod when its
//!   toleration runs out (DefaultTolerationSeconds adds 300 s at admission; no PDB check). A node
//!   stopping at t = 0 is therefore NotReady at 55 s and its pods are evicted at 355 s; their
//!   replacements are created, scheduled at once and Running `pod_startup` (2 s) later.
//! - **Quiet time costs nothing**: heartbeats are streams (`heartbeat.rs`), not events, and a
//!   node-monitor tick that cannot change anything is skipped; the log and snapshots are those of
//!   [`World::step_by_step`], which queues every heartbeat (`sim/tests/coalesced_engine.rs`).
//! - Under injected memory or disk pressure the kubelet evicts one pod per 10 s
//!   (`evictionMonitoringPeriod`) until the condition is reported False or the node is empty.
//! - Pods on an unreachable node stay `Terminating` until the node comes back (no PodGC here).
//! - Crashing containers restart in place with back-off 10 s doubling to 300 s, reset after 10 min
//!   of running, each run lasting the injection's `runFor` (default `crash_run_time`, 1 s);
//!   `restartPolicy: Never` pods fail and are replaced by their ReplicaSet.
//! - Readiness drives Service endpoints: a pod is Ready when it starts (or after its readiness
//!   probe's `initialDelaySeconds`), NotReady while its node is unreachable or its container is
//!   crashing, and after `failureThreshold × periodSeconds` of an injected readiness failure.
//! - Not modelled: liveness-probe kills, node-startup-grace-period, PodGC and the out-of-service
//!   taint, `minReadySeconds` / `progressDeadlineSeconds`, scheduler back-off queues (pending pods
//!   are retried whenever the cluster changes), and graceful-termination ordering beyond a fixed `pod_shutdown`.
//! - Rolling updates follow `rolling.go` with `ResolveFenceposts` (surge rounds up, unavailable down,
//!   both 0 → unavailable 1); drains use the Eviction API semantics (PDB `disruptionsAllowed`,
//!   retried every 5 s like `kubectl drain`).

mod controllers;
pub mod events;
mod explain;
mod heartbeat;
mod volumes;

use std::collections::{BTreeMap, BTreeSet};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::config::SchedulerConfig;
use super::model::*;
use super::network::allocate_ip;
use super::scheduler::{Cache, Explain, Scheduler, Workloads};
pub use events::{
    parse_duration, parse_events, parse_events_file, Action, ConditionInjected, EventsFile,
    Injected, NodeCondition, MAX_SIM_TIME,
};
pub use explain::{explain_pod, Explained};

/// Timing knobs, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimConfig {
    pub heartbeat_interval: SimTime,
    pub node_monitor_period: SimTime,
    /// node-monitor-grace-period: 50 s since Kubernetes 1.32 (40 s before).
    pub node_monitor_grace_period: SimTime,
    /// DefaultTolerationSeconds admission plugin: 300 s.
    pub default_toleration_seconds: i64,
    /// From binding to Running (image pull, container start).
    pub pod_startup: SimTime,
    /// From deletion to removal on a live node.
    pub pod_shutdown: SimTime,
    pub backoff_initial: SimTime,
    pub backoff_max: SimTime,
    pub backoff_reset: SimTime,
    pub drain_retry: SimTime,
    /// node-eviction-rate 0.1/s → one node per 10 s per zone.
    pub eviction_interval: SimTime,
    /// secondary-node-eviction-rate 0.01/s.
    pub secondary_eviction_interval: SimTime,
    pub large_cluster_size_threshold: usize,
    pub unhealthy_zone_threshold_pct: i64,
    /// How long a crashing container runs before it exits again.
    pub crash_run_time: SimTime,
    /// How long a Job's pod runs before it exits 0. Not in any manifest: an assumption the
    /// events say when they use it (docs/SEMANTICS.md#c13).
    #[serde(default = "default_job_run_time")]
    pub job_run_time: SimTime,
    /// The kubelet's `evictionMonitoringPeriod` (10 s): under node pressure it evicts at most
    /// one pod per period, until the condition clears (docs/SEMANTICS.md#c2).
    #[serde(default = "default_eviction_monitoring_period")]
    pub eviction_monitoring_period: SimTime,
}

fn default_eviction_monitoring_period() -> SimTime {
    10_000
}

fn default_job_run_time() -> SimTime {
    10_000
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            heartbeat_interval: 10_000,
            node_monitor_period: 5_000,
            node_monitor_grace_period: 50_000,
            default_toleration_seconds: 300,
            pod_startup: 2_000,
            pod_shutdown: 1_000,
            backoff_initial: 10_000,
            backoff_max: 300_000,
            backoff_reset: 600_000,
            drain_retry: 5_000,
            eviction_interval: 10_000,
            secondary_eviction_interval: 100_000,
            large_cluster_size_threshold: 50,
            unhealthy_zone_threshold_pct: 55,
            crash_run_time: 1_000,
            job_run_time: default_job_run_time(),
            eviction_monitoring_period: default_eviction_monitoring_period(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    Normal,
    Warning,
}

/// The object an event is about (`kubectl get events` OBJECT column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.to_lowercase(), self.name)
    }
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEvent {
    /// Milliseconds since the start.
    pub time_ms: SimTime,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub reason: String,
    pub object: ObjectRef,
    pub message: String,
    /// The node the event happened on (a Node event's own name; a Pod event's node, if bound),
    /// so the app can animate without parsing messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Ev {
    Inject(usize),
    Heartbeat(usize),
    NodeMonitor,
    Reconcile,
    Schedule,
    PodStarted(usize, u64),
    PodReady(usize, u64),
    PodCrash(usize, u64),
    PodRestart(usize, u64),
    PodRemoved(usize, u64),
    TaintEvict(usize, u64),
    Drain(usize),
    ReadinessDown(usize, u64),
    ReadinessUp(usize, u64),
    /// A Job's pod exits 0.
    PodSucceeded(usize, u64),
    /// A CronJob's schedule fires.
    CronTick(usize),
    /// An injected node condition (`World::conditions[i]`).
    Condition(usize),
    /// The kubelet's eviction manager on a node under memory or disk pressure: evicts one pod
    /// while the condition holds, then comes back one monitoring period later.
    PressureEvict(usize, NodeCondition),
}

#[derive(Debug, Clone)]
struct NodeRt {
    alive: bool,
    /// The kubelet posts status but reports `Ready=False` (a dumped NotReady node).
    reports_not_ready: bool,
    heartbeats: heartbeat::Heartbeats,
    draining: bool,
}

#[derive(Debug, Clone, Default)]
struct PodRt {
    /// Bumped on every state change; queued events carry the generation they expect.
    gen: u64,
    removed: bool,
    crashes_left: u32,
    backoff: SimTime,
    last_start: SimTime,
    waiting_backoff: bool,
    last_failed_message: String,
    /// An injected crash loop's `runFor` (else `SimConfig::crash_run_time`).
    run_for: Option<SimTime>,
}

/// Owner bookkeeping for ReplicaSets created by Deployments.
#[derive(Debug, Clone, Default)]
struct RsRt {
    template_hash: String,
}

/// The simulated cluster. `Clone` makes checkpoints cheap: clone at t, run the clone forward,
/// keep the original to rewind.
#[derive(Clone)]
pub struct World {
    pub now: SimTime,
    cfg: SimConfig,
    rng: ChaCha8Rng,
    queue: BTreeMap<(SimTime, u64), Ev>,
    seq: u64,
    injected: Vec<Injected>,
    nodes: Vec<Node>,
    node_rt: Vec<NodeRt>,
    pods: Vec<Pod>,
    pod_rt: Vec<PodRt>,
    deployments: Vec<Deployment>,
    replica_sets: Vec<ReplicaSet>,
    rs_rt: Vec<RsRt>,
    daemon_sets: Vec<DaemonSet>,
    services: Vec<Service>,
    pdbs: Vec<PodDisruptionBudget>,
    scheduler: Scheduler,
    cache: Cache,
    log: Vec<LogEvent>,
    reconcile_queued: bool,
    schedule_queued: bool,
    zone_next_eviction: BTreeMap<String, SimTime>,
    used_ips: BTreeMap<String, BTreeSet<u32>>,
    /// (namespace, name) → pod index, for event enrichment.
    pod_by_name: BTreeMap<(String, String), usize>,
    stateful_sets: Vec<StatefulSet>,
    jobs: Vec<Job>,
    cron_jobs: Vec<CronJob>,
    /// `stratosim schedule`'s static run: a bound pod counts as Running and Ready for the
    /// StatefulSet controller's OrderedReady wait (no clock runs).
    assume_bound_ready: bool,
    /// Injected node conditions and `runFor` of crash injections (by index into `injected`).
    conditions: Vec<ConditionInjected>,
    crash_run_for: BTreeMap<usize, SimTime>,
    /// (node, condition) pairs whose kubelet eviction loop is armed ([`Ev::PressureEvict`]).
    pressure_evicting: BTreeSet<(usize, NodeCondition)>,
    /// The reference engine ([`World::step_by_step`]): one event per heartbeat and a full node
    /// lifecycle pass at every tick. Otherwise heartbeats are streams ([`heartbeat`]) and a tick
    /// that cannot change anything is skipped.
    step_by_step: bool,
    /// Something other than a node-monitor tick ran since the last full pass.
    monitor_dirty: bool,
    /// The earliest time at which a node-monitor tick can change something, if nothing else
    /// happens first.
    monitor_wake: SimTime,
}

fn pod_ref(p: &Pod) -> ObjectRef {
    ObjectRef {
        kind: "Pod".into(),
        namespace: Some(p.namespace.clone()),
        name: p.name.clone(),
    }
}
fn node_ref(n: &Node) -> ObjectRef {
    ObjectRef {
        kind: "Node".into(),
        namespace: None,
        name: n.name.clone(),
    }
}

/// DefaultTolerationSeconds admission: NoExecute not-ready/unreachable tolerations with 300 s.
pub fn admit_default_tolerations(pod: &mut Pod, seconds: i64) {
    for key in [TAINT_NOT_READY, TAINT_UNREACHABLE] {
        let has = pod.tolerations.iter().any(|t| {
            (t.key == key || (t.key.is_empty() && t.operator == TolerationOperator::Exists))
                && (t.effect.is_none() || t.effect == Some(TaintEffect::NoExecute))
        });
        if !has {
            pod.tolerations.push(Toleration {
                key: key.into(),
                operator: TolerationOperator::Exists,
                value: String::new(),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(seconds),
            });
        }
    }
}

impl World {
    /// Builds a world at t = 0 from imported objects; `injected` are the events to replay.
    pub fn new(
        cluster: Cluster,
        scheduler_config: SchedulerConfig,
        injected: Vec<Injected>,
        seed: u64,
        cfg: SimConfig,
    ) -> World {
        let mut w = World {
            now: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
            queue: BTreeMap::new(),
            seq: 0,
            injected,
            node_rt: cluster
                .nodes
                .iter()
                .map(|n| NodeRt {
                    // Ready=False: the kubelet still posts, reporting not ready; Unknown: it stopped.
                    alive: n.ready != ConditionStatus::Unknown,
                    reports_not_ready: n.ready == ConditionStatus::False,
                    heartbeats: heartbeat::Heartbeats::at_start(
                        n.ready != ConditionStatus::Unknown,
                    ),
                    draining: false,
                })
                .collect(),
            cache: Cache::build(&cluster.nodes, &cluster.pods),
            nodes: cluster.nodes,
            pod_rt: vec![PodRt::default(); cluster.pods.len()],
            pods: cluster.pods,
            deployments: cluster.deployments,
            rs_rt: vec![RsRt::default(); cluster.replica_sets.len()],
            replica_sets: cluster.replica_sets,
            daemon_sets: cluster.daemon_sets,
            services: cluster.services,
            pdbs: cluster.pod_disruption_budgets,
            scheduler: Scheduler::new(scheduler_config),
            log: Vec::new(),
            reconcile_queued: false,
            schedule_queued: false,
            zone_next_eviction: BTreeMap::new(),
            used_ips: BTreeMap::new(),
            pod_by_name: BTreeMap::new(),
            stateful_sets: cluster.stateful_sets,
            jobs: cluster.jobs,
            cron_jobs: cluster.cron_jobs,
            assume_bound_ready: false,
            conditions: Vec::new(),
            crash_run_for: BTreeMap::new(),
            pressure_evicting: BTreeSet::new(),
            // Coalescing relies on a posting node never going stale (docs/SEMANTICS.md#c1).
            step_by_step: cfg.heartbeat_interval > cfg.node_monitor_grace_period,
            monitor_dirty: true,
            monitor_wake: 0,
            cfg,
        };
        w.cache.storage = cluster.storage;
        w.bind_immediate_claims();
        w.adopt_captured_replica_sets();
        for c in 0..w.cron_jobs.len() {
            if let Some(t) = controllers::next_cron_time(&w.cron_jobs[c], 0) {
                w.push(t, Ev::CronTick(c));
            }
        }
        for i in 0..w.injected.len() {
            let at = w.injected[i].at;
            w.push(at, Ev::Inject(i));
        }
        for i in 0..w.pods.len() {
            w.pod_by_name
                .insert((w.pods[i].namespace.clone(), w.pods[i].name.clone()), i);
            let secs = w.cfg.default_toleration_seconds;
            admit_default_tolerations(&mut w.pods[i], secs);
            if w.pods[i].node_name.is_some() && w.cache.is_assigned(i) {
                w.pods[i].phase = PodPhase::Running;
                // MarkPodsNotReady: pods of a node that is not Ready are not Ready.
                w.pods[i].ready =
                    w.cache.node_of(i).map(|n| w.nodes[n].ready) == Some(ConditionStatus::True);
                w.assign_ip(i);
            }
            // A pod dumped while terminating: how much of its grace period is left is not in the
            // capture, so it is assumed gone `pod_shutdown` later (at once when unbound).
            if w.pods[i].is_terminating() {
                w.pods[i].ready = false;
                let at = if w.pods[i].node_name.is_none() {
                    0
                } else if w.pod_node_alive(i) {
                    w.cfg.pod_shutdown
                } else {
                    continue; // stays Terminating until its node is back
                };
                let g = w.pod_rt[i].gen;
                w.push(at, Ev::PodRemoved(i, g));
            }
        }
        if w.step_by_step {
            w.push_first_heartbeats();
        }
        w.push(0, Ev::NodeMonitor);
        w.request_reconcile();
        w.request_schedule();
        w
    }

    /// [`World::new`] from a whole events file: its actions, node conditions and crash `runFor`s.
    pub fn from_events(
        cluster: Cluster,
        scheduler_config: SchedulerConfig,
        events: EventsFile,
        seed: u64,
        cfg: SimConfig,
    ) -> World {
        let mut w = World::new(cluster, scheduler_config, events.injected, seed, cfg);
        w.crash_run_for = events.crash_run_for;
        w.conditions = events.conditions;
        for i in 0..w.conditions.len() {
            let at = w.conditions[i].at;
            w.push(at, Ev::Condition(i));
        }
        w
    }

    /// The reference engine: every kubelet heartbeat is an event and the node lifecycle
    /// controller makes its full pass at every tick, as a real control plane does. The default
    /// engine gives the same log and snapshots without queueing heartbeats or repeating passes
    /// that cannot change anything; this one is kept to test that claim. Call it on a new world,
    /// before running.
    pub fn step_by_step(mut self) -> World {
        if !self.step_by_step && self.now == 0 {
            self.step_by_step = true;
            self.push_first_heartbeats();
        }
        self
    }

    fn push_first_heartbeats(&mut self) {
        for i in 0..self.nodes.len() {
            if self.node_rt[i].alive {
                let t = self.cfg.heartbeat_interval;
                self.push(t, Ev::Heartbeat(i));
            }
        }
    }

    /// The node's `lastHeartbeat` now.
    fn last_heartbeat(&self, n: usize) -> SimTime {
        let hb = &self.node_rt[n].heartbeats;
        if self.step_by_step {
            hb.recorded()
        } else {
            hb.last(self.now, self.cfg.heartbeat_interval)
        }
    }

    fn push(&mut self, at: SimTime, ev: Ev) {
        self.seq += 1;
        self.queue.insert((at, self.seq), ev);
    }

    fn emit(&mut self, kind: EventType, reason: &str, object: ObjectRef, message: String) {
        let node = match object.kind.as_str() {
            "Node" => Some(object.name.clone()),
            "Pod" => object
                .namespace
                .as_ref()
                .and_then(|ns| self.pod_by_name.get(&(ns.clone(), object.name.clone())))
                .and_then(|&i| self.pods[i].node_name.clone()),
            _ => None,
        };
        self.log.push(LogEvent {
            time_ms: self.now,
            kind,
            reason: reason.into(),
            object,
            message,
            node,
        });
    }

    fn request_reconcile(&mut self) {
        if !self.reconcile_queued {
            self.reconcile_queued = true;
            let now = self.now;
            self.push(now, Ev::Reconcile);
        }
    }

    fn request_schedule(&mut self) {
        if !self.schedule_queued {
            self.schedule_queued = true;
            let now = self.now;
            self.push(now, Ev::Schedule);
        }
    }

    /// The event log so far.
    pub fn log(&self) -> &[LogEvent] {
        &self.log
    }

    /// Processes every event with time ≤ `until` and leaves the clock at `until`.
    pub fn run_until(&mut self, until: SimTime) {
        while let Some((&(t, seq), _)) = self.queue.iter().next() {
            if t > until {
                break;
            }
            let ev = self.queue.remove(&(t, seq)).expect("present");
            self.now = t;
            self.handle(ev);
        }
        self.now = self.now.max(until);
    }

    fn handle(&mut self, ev: Ev) {
        if ev != Ev::NodeMonitor {
            self.monitor_dirty = true;
        }
        match ev {
            Ev::Inject(i) => self.inject(i),
            Ev::Heartbeat(n) if self.node_rt[n].alive => {
                let now = self.now;
                self.node_rt[n].heartbeats.record(now);
                let t = self.now + self.cfg.heartbeat_interval;
                self.push(t, Ev::Heartbeat(n));
            }
            Ev::NodeMonitor => {
                if self.step_by_step || self.monitor_dirty || self.now >= self.monitor_wake {
                    self.monitor_nodes();
                    if !self.step_by_step {
                        self.monitor_dirty = false;
                        self.monitor_wake = self.next_monitor_change();
                    }
                }
                let t = self.now + self.cfg.node_monitor_period;
                self.push(t, Ev::NodeMonitor);
            }
            Ev::Reconcile => {
                self.reconcile_queued = false;
                self.reconcile();
            }
            Ev::Schedule => {
                self.schedule_queued = false;
                self.schedule();
            }
            Ev::PodStarted(i, g) if self.live(i, g) => self.pod_started(i),
            Ev::PodReady(i, g)
                if self.live(i, g)
                    && !self.pods[i].ready
                    && self.pods[i].phase == PodPhase::Running =>
            {
                self.pods[i].ready = true;
                self.request_reconcile();
            }
            Ev::PodCrash(i, g) if self.live(i, g) => self.pod_crash(i),
            Ev::PodRestart(i, g) if self.live(i, g) => {
                self.pod_rt[i].waiting_backoff = false;
                self.pod_started(i);
            }
            Ev::PodRemoved(i, g) if self.live(i, g) => self.remove_pod(i),
            Ev::PodSucceeded(i, g) if self.live(i, g) => self.pod_succeeded(i),
            Ev::CronTick(c) => self.cron_tick(c),
            Ev::Condition(c) => self.node_condition(c),
            Ev::PressureEvict(n, cond) => self.pressure_evict(n, cond),
            Ev::TaintEvict(i, g) if self.live(i, g) => self.taint_evict(i),
            Ev::Drain(n) => self.drain_step(n),
            Ev::ReadinessDown(i, g)
                if self.live(i, g) && self.pods[i].phase == PodPhase::Running =>
            {
                let r = pod_ref(&self.pods[i]);
                self.pods[i].ready = false;
                self.emit(
                    EventType::Warning,
                    "Unhealthy",
                    r,
                    "Readiness probe failed".into(),
                );
                self.request_reconcile();
            }
            Ev::ReadinessUp(i, g)
                if self.live(i, g)
                    && self.pods[i].phase == PodPhase::Running
                    && !self.pods[i].is_terminating() =>
            {
                let r = pod_ref(&self.pods[i]);
                self.pods[i].ready = true;
                self.emit(
                    EventType::Normal,
                    "ReadinessRecovered",
                    r,
                    "Readiness probe succeeded again (simulator event; Kubernetes records none)"
                        .into(),
                );
                self.request_reconcile();
            }
            _ => {}
        }
    }

    fn live(&self, i: usize, gen: u64) -> bool {
        !self.pod_rt[i].removed && self.pod_rt[i].gen == gen
    }

    fn bump(&mut self, i: usize) -> u64 {
        self.pod_rt[i].gen += 1;
        self.pod_rt[i].gen
    }

    fn node_alive_by_name(&self, name: &str) -> Option<usize> {
        self.cache.node_index(name)
    }

    // ----- kubelet side -------------------------------------------------------------------

    fn pod_node_alive(&self, i: usize) -> bool {
        self.pods[i]
            .node_name
            .as_deref()
            .and_then(|n| self.node_alive_by_name(n))
            .is_some_and(|n| self.node_rt[n].alive)
    }

    fn pod_started(&mut self, i: usize) {
        if !self.pod_node_alive(i) || self.pods[i].is_terminating() {
            return;
        }
        let g = self.bump(i);
        self.pods[i].phase = PodPhase::Running;
        self.pod_rt[i].last_start = self.now;
        let c = self.pods[i]
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "app".into());
        let r = pod_ref(&self.pods[i]);
        self.emit(
            EventType::Normal,
            "Started",
            r,
            format!("Started container {c}"),
        );
        let delay = self.pods[i]
            .containers
            .iter()
            .filter_map(|c| c.readiness_probe.as_ref())
            .map(|p| seconds_to_ms(p.initial_delay_seconds))
            .max();
        match delay {
            Some(d) if d > 0 => {
                let t = self.now.saturating_add(d);
                self.push(t, Ev::PodReady(i, g));
            }
            _ => {
                self.pods[i].ready = true;
                self.request_reconcile();
            }
        }
        if self.pod_rt[i].crashes_left > 0 {
            let run = self.pod_rt[i].run_for.unwrap_or(self.cfg.crash_run_time);
            let t = self.now + run;
            self.push(t, Ev::PodCrash(i, g));
        } else if self.pods[i].owner.as_ref().is_some_and(|o| o.kind == "Job") {
            let t = self.now + self.cfg.job_run_time;
            self.push(t, Ev::PodSucceeded(i, g));
        }
    }

    fn pod_crash(&mut self, i: usize) {
        if self.pods[i].phase != PodPhase::Running
            || self.pods[i].is_terminating()
            || !self.pod_node_alive(i)
        {
            return;
        }
        self.pod_rt[i].crashes_left = self.pod_rt[i].crashes_left.saturating_sub(1);
        self.bump(i);
        self.pods[i].ready = false;
        let c = self.pods[i]
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "app".into());
        let key = self.pods[i].key();
        let r = pod_ref(&self.pods[i]);
        if self.pods[i].restart_policy == RestartPolicy::Never {
            self.pods[i].phase = PodPhase::Failed;
            self.emit(EventType::Warning, "Failed", r, format!("Container {c} in pod {key} exited with code 1; restartPolicy Never: the pod failed"));
            self.request_reconcile();
            return;
        }
        let rt = &mut self.pod_rt[i];
        if rt.backoff == 0 || self.now.saturating_sub(rt.last_start) >= self.cfg.backoff_reset {
            rt.backoff = self.cfg.backoff_initial;
        }
        let delay = rt.backoff;
        rt.backoff = (rt.backoff * 2).min(self.cfg.backoff_max);
        rt.waiting_backoff = true;
        self.pods[i].restart_count += 1;
        let g = self.pod_rt[i].gen;
        self.emit(
            EventType::Warning,
            "BackOff",
            r,
            format!(
                "Back-off {}s restarting failed container {c} in pod {key} (CrashLoopBackOff)",
                delay / 1000
            ),
        );
        let t = self.now + delay;
        self.push(t, Ev::PodRestart(i, g));
        self.request_reconcile();
    }

    /// Marks a pod for deletion; on a live node it is gone after `pod_shutdown`.
    fn delete_pod(&mut self, i: usize) {
        if self.pods[i].is_terminating() || self.pod_rt[i].removed {
            return;
        }
        let g = self.bump(i);
        self.pods[i].deletion_timestamp = Some(self.now);
        self.pods[i].ready = false;
        if self.pods[i].node_name.is_none()
            || self.pods[i].phase != PodPhase::Running && self.pods[i].phase != PodPhase::Pending
        {
            self.remove_pod(i);
        } else if self.pod_node_alive(i) {
            let c = self.pods[i]
                .containers
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "app".into());
            let r = pod_ref(&self.pods[i]);
            self.emit(
                EventType::Normal,
                "Killing",
                r,
                format!("Stopping container {c}"),
            );
            let t = self.now + self.cfg.pod_shutdown;
            self.push(t, Ev::PodRemoved(i, g));
        } else if self.on_out_of_service_node(i) {
            self.remove_pod(i);
        }
        self.request_reconcile();
    }

    fn remove_pod(&mut self, i: usize) {
        if self.pod_rt[i].removed {
            return;
        }
        self.pod_rt[i].removed = true;
        self.pod_rt[i].gen += 1;
        let pod = self.pods[i].clone();
        self.cache.unassign(i, &pod);
        self.cache.clear_nomination(i);
        if let (Some(ip), Some(cidr)) = (&pod.ip, self.pod_cidr_of(&pod)) {
            if let Ok(addr) = ip.parse::<std::net::Ipv4Addr>() {
                if let Some(set) = self.used_ips.get_mut(&cidr) {
                    set.remove(&u32::from(addr));
                }
            }
        }
        self.request_reconcile();
        self.request_schedule();
    }

    fn pod_cidr_of(&self, pod: &Pod) -> Option<String> {
        let n = self.cache.node_index(pod.node_name.as_deref()?)?;
        Some(match &self.nodes[n].network {
            Some(net) => net.subnet_cidr.clone(),
            None => format!("10.{}.{}.0/24", 100 + (n >> 8), n & 0xff),
        })
    }

    fn assign_ip(&mut self, i: usize) {
        let Some(cidr) = self.pod_cidr_of(&self.pods[i]) else {
            return;
        };
        let set = self.used_ips.entry(cidr.clone()).or_default();
        if set.is_empty() {
            // Reserve node IPs of the subnet.
            for n in &self.nodes {
                if let Some(net) = n.network.as_ref().filter(|x| x.subnet_cidr == cidr) {
                    if let Ok(a) = net.node_ip.parse::<std::net::Ipv4Addr>() {
                        set.insert(u32::from(a));
                    }
                }
            }
        }
        if let Some(ip) = allocate_ip(&cidr, set) {
            set.insert(u32::from(ip));
            self.pods[i].ip = Some(ip.to_string());
        }
    }

    // ----- scheduler ---------------------------------------------------------------------------

    fn schedule(&mut self) {
        let mut pending: Vec<usize> = (0..self.pods.len())
            .filter(|&i| {
                !self.pod_rt[i].removed
                    && self.pods[i].node_name.is_none()
                    && self.pods[i].is_active()
            })
            .collect();
        pending.sort_by_key(|&i| {
            (
                std::cmp::Reverse(self.pods[i].priority),
                self.pods[i].creation_index,
                i,
            )
        });
        for i in pending {
            if self.pods[i].node_name.is_some() {
                continue;
            }
            let workloads = Workloads {
                services: &self.services,
                replica_sets: &self.replica_sets,
                stateful_sets: &self.stateful_sets,
                pdbs: &self.pdbs,
            };
            let d = self.scheduler.schedule_one(
                &self.nodes,
                &self.pods,
                &self.cache,
                workloads,
                i,
                &mut self.rng,
                Explain::None,
            );
            let r = pod_ref(&self.pods[i]);
            match (&d.node, &d.preemption) {
                (Some(node), _) => {
                    let n = self
                        .cache
                        .node_index(node)
                        .expect("scheduler returns known nodes");
                    let pod = self.pods[i].clone();
                    self.cache.assign(i, n, &pod);
                    self.pods[i].node_name = Some(node.clone());
                    self.pods[i].nominated_node_name = None;
                    self.bind_pod_volumes(i, n);
                    let key = self.pods[i].key();
                    self.emit(
                        EventType::Normal,
                        "Scheduled",
                        r,
                        format!("Successfully assigned {key} to {node}"),
                    );
                    self.assign_ip(i);
                    let g = self.bump(i);
                    let t = self.now + self.cfg.pod_startup;
                    self.push(t, Ev::PodStarted(i, g));
                }
                (None, Some(p)) => {
                    let node = p.node.clone();
                    let victims = p.victim_indices.clone();
                    let preemptor = self.pods[i].key();
                    self.pods[i].nominated_node_name = Some(node.clone());
                    if let Some(n) = self.cache.node_index(&node) {
                        self.cache.nominate(i, n);
                    }
                    self.emit(EventType::Warning, "FailedScheduling", r, d.message.clone());
                    for v in victims {
                        let vr = pod_ref(&self.pods[v]);
                        self.emit(
                            EventType::Normal,
                            "Preempted",
                            vr,
                            format!("Preempted by pod {preemptor} on node {node}"),
                        );
                        self.delete_pod(v);
                    }
                }
                (None, None) => {
                    if self.pod_rt[i].last_failed_message != d.message {
                        self.pod_rt[i].last_failed_message = d.message.clone();
                        self.emit(EventType::Warning, "FailedScheduling", r, d.message);
                    }
                }
            }
        }
    }

    // ----- node lifecycle ----------------------------------------------------------------------

    fn zone_key(&self, n: usize) -> String {
        self.nodes[n].zone().unwrap_or("").to_string()
    }

    fn monitor_nodes(&mut self) {
        let grace = self.cfg.node_monitor_grace_period;
        let mut changed = false;
        for n in 0..self.nodes.len() {
            let stale = self.now > self.last_heartbeat(n) + grace;
            match (self.nodes[n].ready, stale) {
                (ConditionStatus::True, true) => {
                    self.nodes[n].ready = ConditionStatus::Unknown;
                    let r = node_ref(&self.nodes[n]);
                    let name = self.nodes[n].name.clone();
                    self.emit(EventType::Normal, "NodeNotReady", r, format!("Node {name} status is now: NodeNotReady (kubelet stopped posting node status for {}s)", grace / 1000));
                    let now = self.now;
                    add_taint(
                        &mut self.nodes[n],
                        TAINT_UNREACHABLE,
                        TaintEffect::NoSchedule,
                        now,
                    );
                    // MarkPodsNotReady: endpoints drop the node's pods.
                    for &p in &self.cache.aggs[n].pods.clone() {
                        self.pods[p].ready = false;
                    }
                    changed = true;
                }
                (ConditionStatus::Unknown | ConditionStatus::False, false)
                    if self.node_rt[n].alive && !self.node_rt[n].reports_not_ready =>
                {
                    self.nodes[n].ready = ConditionStatus::True;
                    let r = node_ref(&self.nodes[n]);
                    let name = self.nodes[n].name.clone();
                    self.emit(
                        EventType::Normal,
                        "NodeReady",
                        r,
                        format!("Node {name} status is now: NodeReady"),
                    );
                    self.nodes[n]
                        .taints
                        .retain(|t| t.key != TAINT_UNREACHABLE && t.key != TAINT_NOT_READY);
                    changed = true;
                    self.node_recovered(n);
                }
                _ => {}
            }
        }
        // NoExecute tainting, rate-limited per zone.
        let mut zones: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for n in 0..self.nodes.len() {
            let e = zones.entry(self.zone_key(n)).or_insert((0, 0));
            e.0 += 1;
            if self.nodes[n].ready != ConditionStatus::True {
                e.1 += 1;
            }
        }
        let all_full = !zones.is_empty() && zones.values().all(|(t, nr)| nr == t);
        if all_full {
            // Every zone fully disrupted: the controller stops evicting and lifts NoExecute taints.
            for n in 0..self.nodes.len() {
                let before = self.nodes[n].taints.len();
                self.nodes[n].taints.retain(|t| {
                    !(t.effect == TaintEffect::NoExecute
                        && (t.key == TAINT_UNREACHABLE || t.key == TAINT_NOT_READY))
                });
                changed |= before != self.nodes[n].taints.len();
            }
        } else {
            for n in 0..self.nodes.len() {
                // Ready=False (kubelet posting) → not-ready; Unknown (silent) → unreachable.
                let key = if self.nodes[n].ready == ConditionStatus::False {
                    TAINT_NOT_READY
                } else {
                    TAINT_UNREACHABLE
                };
                if self.nodes[n].ready == ConditionStatus::True
                    || self.nodes[n]
                        .taints
                        .iter()
                        .any(|t| t.key == key && t.effect == TaintEffect::NoExecute)
                {
                    continue;
                }
                let zone = self.zone_key(n);
                let (total, not_ready) = zones[&zone];
                let partial = not_ready > 2
                    && (not_ready as i64) * 100
                        >= self.cfg.unhealthy_zone_threshold_pct * total as i64
                    && not_ready < total;
                let interval = if partial {
                    if self.nodes.len() <= self.cfg.large_cluster_size_threshold {
                        continue;
                    }
                    self.cfg.secondary_eviction_interval
                } else {
                    self.cfg.eviction_interval
                };
                let next = self.zone_next_eviction.get(&zone).copied().unwrap_or(0);
                if self.now < next {
                    continue;
                }
                self.zone_next_eviction.insert(zone, self.now + interval);
                let now = self.now;
                add_taint(&mut self.nodes[n], key, TaintEffect::NoExecute, now);
                let r = node_ref(&self.nodes[n]);
                self.emit(EventType::Normal, "NoExecuteTaintAdded", r, format!("Added taint {key}:NoExecute; pods without a matching toleration are evicted"));
                self.schedule_taint_evictions(n);
                changed = true;
            }
        }
        if changed {
            self.request_schedule();
            self.request_reconcile();
        }
    }

    /// Right after a full pass of [`World::monitor_nodes`]: the earliest time at which a later
    /// pass can change something if no other event happens first (every other event sets
    /// `monitor_dirty`). Until then every pass would find what this one left: no node to mark
    /// NotReady (a posting node never goes stale, since it beats at least once per grace period;
    /// a silent one goes stale `grace` after its last beat), none to mark Ready again (this pass
    /// just did), and no NoExecute taint to add before its zone's rate limit allows the next one.
    fn next_monitor_change(&self) -> SimTime {
        let grace = self.cfg.node_monitor_grace_period;
        let soon = self.now.saturating_add(1);
        let mut wake = SimTime::MAX;
        for n in 0..self.nodes.len() {
            let rt = &self.node_rt[n];
            match self.nodes[n].ready {
                ConditionStatus::True if !rt.alive => {
                    wake = wake.min(
                        self.last_heartbeat(n)
                            .saturating_add(grace)
                            .saturating_add(1),
                    );
                }
                ConditionStatus::True => {}
                ConditionStatus::Unknown | ConditionStatus::False
                    if rt.alive && !rt.reports_not_ready =>
                {
                    return soon;
                }
                _ => {}
            }
        }
        let mut zones: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for node in &self.nodes {
            let e = zones.entry(node.zone().unwrap_or("")).or_insert((0, 0));
            e.0 += 1;
            if node.ready != ConditionStatus::True {
                e.1 += 1;
            }
        }
        let all_full = !zones.is_empty() && zones.values().all(|(t, nr)| nr == t);
        for node in &self.nodes {
            if node.ready == ConditionStatus::True {
                continue;
            }
            let key = if node.ready == ConditionStatus::False {
                TAINT_NOT_READY
            } else {
                TAINT_UNREACHABLE
            };
            let tainted = |k: &str| {
                node.taints
                    .iter()
                    .any(|t| t.key == k && t.effect == TaintEffect::NoExecute)
            };
            if all_full {
                if tainted(TAINT_UNREACHABLE) || tainted(TAINT_NOT_READY) {
                    return soon;
                }
                continue;
            }
            if tainted(key) {
                continue;
            }
            let zone = node.zone().unwrap_or("");
            let (total, not_ready) = zones[zone];
            let partial = not_ready > 2
                && (not_ready as i64) * 100 >= self.cfg.unhealthy_zone_threshold_pct * total as i64
                && not_ready < total;
            if partial && self.nodes.len() <= self.cfg.large_cluster_size_threshold {
                continue; // never, until a node's state changes
            }
            let next = self.zone_next_eviction.get(zone).copied().unwrap_or(0);
            wake = wake.min(next.max(soon));
        }
        wake
    }

    fn schedule_taint_evictions(&mut self, n: usize) {
        let taints: Vec<Taint> = self.nodes[n]
            .taints
            .iter()
            .filter(|t| t.effect == TaintEffect::NoExecute)
            .cloned()
            .collect();
        for p in self.cache.aggs[n].pods.clone() {
            if self.pods[p].is_terminating() {
                continue;
            }
            // The soonest expiry over all NoExecute taints (untolerated → now).
            let mut when: Option<SimTime> = None;
            let mut forever = true;
            for t in &taints {
                let tol = self.pods[p]
                    .tolerations
                    .iter()
                    .filter(|x| x.tolerates(t))
                    .map(|x| x.toleration_seconds)
                    .collect::<Vec<_>>();
                let at = if tol.is_empty() {
                    Some(self.now)
                } else if tol.iter().any(|s| s.is_none()) {
                    None
                } else {
                    let secs = tol.iter().map(|s| s.unwrap_or(0).max(0)).min().unwrap_or(0);
                    Some(
                        t.time_added
                            .unwrap_or(self.now)
                            .saturating_add(seconds_to_ms(secs)),
                    )
                };
                if let Some(at) = at {
                    forever = false;
                    when = Some(when.map_or(at, |w: SimTime| w.min(at)));
                }
            }
            if forever {
                continue;
            }
            let at = when.unwrap_or(self.now).max(self.now);
            let g = self.pod_rt[p].gen;
            self.push(at, Ev::TaintEvict(p, g));
        }
    }

    fn taint_evict(&mut self, i: usize) {
        let Some(n) = self.pods[i]
            .node_name
            .as_deref()
            .and_then(|n| self.cache.node_index(n))
        else {
            return;
        };
        let still = self.nodes[n].taints.iter().any(|t| {
            t.effect == TaintEffect::NoExecute
                && !self.pods[i]
                    .tolerations
                    .iter()
                    .any(|x| x.tolerates(t) && x.toleration_seconds.is_none())
        });
        if !still || self.pods[i].is_terminating() {
            return;
        }
        let r = pod_ref(&self.pods[i]);
        let key = self.pods[i].key();
        self.emit(
            EventType::Normal,
            "TaintManagerEviction",
            r,
            format!("Marking for deletion Pod {key}"),
        );
        self.delete_pod(i);
    }

    fn node_recovered(&mut self, n: usize) {
        // The kubelet is back: terminating pods finish, the others are ready again.
        for p in self.cache.aggs[n].pods.clone() {
            if self.pods[p].is_terminating() {
                let g = self.bump(p);
                let t = self.now + self.cfg.pod_shutdown;
                self.push(t, Ev::PodRemoved(p, g));
            } else if self.pods[p].phase == PodPhase::Running && !self.pod_rt[p].waiting_backoff {
                self.pods[p].ready = true;
            } else if self.pods[p].phase == PodPhase::Pending {
                let g = self.bump(p);
                let now = self.now;
                self.push(now, Ev::PodStarted(p, g));
            }
        }
    }

    // ----- injected events ---------------------------------------------------------------------

    fn set_node_alive(&mut self, n: usize, alive: bool) {
        if self.node_rt[n].alive == alive {
            return;
        }
        self.node_rt[n].alive = alive;
        let r = node_ref(&self.nodes[n]);
        let name = self.nodes[n].name.clone();
        let (now, interval) = (self.now, self.cfg.heartbeat_interval);
        if alive {
            if self.step_by_step {
                self.node_rt[n].heartbeats.record(now);
                self.push(now + interval, Ev::Heartbeat(n));
            } else {
                self.node_rt[n].heartbeats.restart(now, interval);
            }
            self.emit(
                EventType::Normal,
                "Starting",
                r,
                format!("Starting kubelet on {name}"),
            );
        } else {
            if !self.step_by_step {
                self.node_rt[n].heartbeats.stop(now, interval);
            }
            self.emit(
                EventType::Warning,
                "NodeFailure",
                r,
                format!("Injected: node {name} stopped (kubelet no longer posts status)"),
            );
        }
    }

    fn inject(&mut self, i: usize) {
        let action = self.injected[i].action.clone();
        match action {
            Action::NodeFailure { node }
            | Action::NodeRecovery { node }
            | Action::Drain { node }
                if self.cache.node_index(&node).is_none() =>
            {
                self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "Node".into(),
                        namespace: None,
                        name: node.clone(),
                    },
                    format!("no node named {node}"),
                );
            }
            Action::NodeFailure { node } => {
                let n = self.cache.node_index(&node).expect("checked");
                self.set_node_alive(n, false);
            }
            Action::NodeRecovery { node } => {
                let n = self.cache.node_index(&node).expect("checked");
                self.set_node_alive(n, true);
            }
            Action::ZoneFailure { zone } | Action::ZoneRecovery { zone }
                if !self.nodes.iter().any(|n| n.zone() == Some(zone.as_str())) =>
            {
                let zone = zone.clone();
                self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "Zone".into(),
                        namespace: None,
                        name: zone.clone(),
                    },
                    format!("no node in zone {zone}"),
                );
            }
            Action::ZoneFailure { zone } => {
                for n in 0..self.nodes.len() {
                    if self.nodes[n].zone() == Some(zone.as_str()) {
                        self.set_node_alive(n, false);
                    }
                }
            }
            Action::ZoneRecovery { zone } => {
                for n in 0..self.nodes.len() {
                    if self.nodes[n].zone() == Some(zone.as_str()) {
                        self.set_node_alive(n, true);
                    }
                }
            }
            Action::OutOfService { node, zone, add } => self.out_of_service(node, zone, add),
            Action::Drain { node } => {
                let n = self.cache.node_index(&node).expect("checked");
                self.node_rt[n].draining = true;
                if !self.nodes[n].unschedulable {
                    self.nodes[n].unschedulable = true;
                    let r = node_ref(&self.nodes[n]);
                    self.emit(
                        EventType::Normal,
                        "NodeNotSchedulable",
                        r,
                        format!(
                            "Node {node} status is now: NodeNotSchedulable (cordoned for drain)"
                        ),
                    );
                }
                self.drain_step(n);
            }
            Action::PodCrash { target, times } => match self.find_pod(&target) {
                Some(p) => {
                    self.pod_rt[p].crashes_left = times;
                    self.pod_rt[p].run_for = self.crash_run_for.get(&i).copied();
                    self.pod_crash(p);
                }
                None => self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "Pod".into(),
                        namespace: None,
                        name: format!("{target:?}"),
                    },
                    "no running pod matches".into(),
                ),
            },
            Action::ReadinessFailure { target, duration } => match self.find_pod(&target) {
                Some(p) => {
                    let probe = self.pods[p]
                        .containers
                        .iter()
                        .find_map(|c| c.readiness_probe.clone())
                        .unwrap_or_default();
                    let period = seconds_to_ms(probe.period_seconds.max(1));
                    let g = self.pod_rt[p].gen;
                    let times = |n: i64| (n.max(1) as SimTime).saturating_mul(period);
                    let down = self.now.saturating_add(times(probe.failure_threshold));
                    let up = self
                        .now
                        .saturating_add(duration)
                        .saturating_add(times(probe.success_threshold));
                    self.push(down, Ev::ReadinessDown(p, g));
                    self.push(up.max(down), Ev::ReadinessUp(p, g));
                }
                None => self.emit(
                    EventType::Warning,
                    "InjectionFailed",
                    ObjectRef {
                        kind: "Pod".into(),
                        namespace: None,
                        name: format!("{target:?}"),
                    },
                    "no running pod matches".into(),
                ),
            },
            Action::Scale { target, replicas } => self.scale(&target, replicas),
            Action::ImageUpdate {
                target,
                container,
                image,
            } => self.update_image(&target, container.as_deref(), &image),
        }
    }

    fn find_pod(&self, target: &events::PodTarget) -> Option<usize> {
        let mut candidates: Vec<usize> = (0..self.pods.len())
            .filter(|&i| {
                !self.pod_rt[i].removed
                    && self.pods[i].phase == PodPhase::Running
                    && !self.pods[i].is_terminating()
            })
            .filter(|&i| match target {
                events::PodTarget::Name { namespace, name } => {
                    self.pods[i].namespace == *namespace && self.pods[i].name == *name
                }
                events::PodTarget::Selector { namespace, labels } => {
                    self.pods[i].namespace == *namespace
                        && labels
                            .iter()
                            .all(|(k, v)| self.pods[i].labels.get(k) == Some(v))
                }
            })
            .collect();
        candidates.sort_by(|a, b| self.pods[*a].name.cmp(&self.pods[*b].name));
        candidates.first().copied()
    }

    // ----- output --------------------------------------------------------------------------------

    /// The cluster as it is now.
    /// The pods that exist now (not yet removed), with their labels, ports, node, IP and
    /// readiness (the cluster network's view, `cluster::kubenet`).
    pub fn live_pods(&self) -> impl Iterator<Item = &Pod> {
        (0..self.pods.len())
            .filter(|&i| !self.pod_rt[i].removed)
            .map(|i| &self.pods[i])
    }

    /// StorageClasses, volumes and claims as they are now: the claims StatefulSets made from
    /// their `volumeClaimTemplates` and each claim's binding (docs/SEMANTICS.md#c15).
    pub fn storage(&self) -> &crate::cluster::storage::Storage {
        &self.cache.storage
    }

    pub fn snapshot(&self) -> Snapshot {
        let pods: Vec<PodView> = (0..self.pods.len())
            .filter(|&i| !self.pod_rt[i].removed)
            .map(|i| {
                let p = &self.pods[i];
                let status = if p.is_terminating() {
                    "Terminating"
                } else if p.phase == PodPhase::Failed {
                    "Error"
                } else if p.phase == PodPhase::Succeeded {
                    "Completed"
                } else if self.pod_rt[i].waiting_backoff {
                    "CrashLoopBackOff"
                } else if p.phase == PodPhase::Pending && p.node_name.is_some() {
                    "ContainerCreating"
                } else if p.phase == PodPhase::Pending {
                    "Pending"
                } else {
                    "Running"
                };
                PodView {
                    name: p.key(),
                    node: p.node_name.clone(),
                    phase: p.phase,
                    status: status.into(),
                    ready: p.ready,
                    ip: p.ip.clone(),
                    restarts: p.restart_count,
                }
            })
            .collect();
        let nodes = self
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| NodeView {
                name: node.name.clone(),
                zone: node.zone().map(str::to_string),
                ready: node.ready,
                unschedulable: node.unschedulable,
                taints: node
                    .taints
                    .iter()
                    .map(|t| format!("{}:{:?}", t.key, t.effect))
                    .collect(),
                pods: self.cache.aggs[n].pods.len(),
                requested_milli_cpu: self.cache.aggs[n].requested.milli_cpu,
                allocatable_milli_cpu: node.allocatable.milli_cpu,
                requested_memory: self.cache.aggs[n].requested.memory,
                allocatable_memory: node.allocatable.memory,
            })
            .collect();
        let services = self
            .services
            .iter()
            .map(|s| {
                let mut ready = Vec::new();
                let mut not_ready = Vec::new();
                if let Some(sel) = &s.selector {
                    for i in 0..self.pods.len() {
                        let p = &self.pods[i];
                        if self.pod_rt[i].removed
                            || p.namespace != s.namespace
                            || p.ip.is_none()
                            || !sel.iter().all(|(k, v)| p.labels.get(k) == Some(v))
                        {
                            continue;
                        }
                        let ep = format!("{} ({})", p.ip.clone().unwrap_or_default(), p.name);
                        if p.ready && !p.is_terminating() {
                            ready.push(ep);
                        } else {
                            not_ready.push(ep);
                        }
                    }
                }
                ServiceView {
                    name: format!("{}/{}", s.namespace, s.name),
                    ready_endpoints: ready,
                    not_ready_endpoints: not_ready,
                }
            })
            .collect();
        let deployments = self
            .deployments
            .iter()
            .map(|d| {
                let (ready, up_to_date, available, total) = self.deployment_status(d);
                DeploymentView {
                    name: format!("{}/{}", d.namespace, d.name),
                    replicas: d.replicas,
                    ready,
                    up_to_date,
                    available,
                    total,
                }
            })
            .collect();
        Snapshot {
            time_ms: self.now,
            nodes,
            pods,
            deployments,
            services,
        }
    }
}

fn add_taint(node: &mut Node, key: &str, effect: TaintEffect, now: SimTime) {
    if !node
        .taints
        .iter()
        .any(|t| t.key == key && t.effect == effect)
    {
        node.taints.push(Taint {
            key: key.into(),
            value: String::new(),
            effect,
            time_added: Some(now),
        });
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeView {
    pub name: String,
    pub zone: Option<String>,
    pub ready: ConditionStatus,
    pub unschedulable: bool,
    pub taints: Vec<String>,
    pub pods: usize,
    pub requested_milli_cpu: i64,
    pub allocatable_milli_cpu: i64,
    pub requested_memory: i64,
    pub allocatable_memory: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodView {
    pub name: String,
    pub node: Option<String>,
    pub phase: PodPhase,
    /// kubectl's STATUS column: Pending, ContainerCreating, Running, CrashLoopBackOff, Terminating, Error.
    pub status: String,
    pub ready: bool,
    pub ip: Option<String>,
    pub restarts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentView {
    pub name: String,
    pub replicas: i32,
    pub ready: i32,
    pub up_to_date: i32,
    pub available: i32,
    /// All active pods of the Deployment (old and new ReplicaSets).
    pub total: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub name: String,
    pub ready_endpoints: Vec<String>,
    pub not_ready_endpoints: Vec<String>,
}

/// The cluster at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub time_ms: SimTime,
    pub nodes: Vec<NodeView>,
    pub pods: Vec<PodView>,
    pub deployments: Vec<DeploymentView>,
    pub services: Vec<ServiceView>,
}

/// Runs manifests + events until `until` and returns the log and the final snapshot.
pub fn simulate(
    cluster: Cluster,
    scheduler_config: SchedulerConfig,
    injected: Vec<Injected>,
    seed: u64,
    until: SimTime,
    cfg: SimConfig,
) -> (Vec<LogEvent>, Snapshot) {
    let mut w = World::new(cluster, scheduler_config, injected, seed, cfg);
    w.run_until(until);
    (w.log.clone(), w.snapshot())
}

/// Which pods [`schedule_cluster_streamed`] explains in full (every filter plugin on every node,
/// the score table); the others get [`Explain::Summary`]: the decision and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainPods {
    /// Every pod when pending pods × nodes ≤ [`EXPLAIN_EVERY_POD_BUDGET`], else none.
    Auto,
    /// Only the pods matching one of these: `namespace/name`, `name`, or a prefix ending in `*`
    /// (`web-*`, for a Deployment's generated names).
    Only(Vec<String>),
}

/// Pending pods × nodes up to which [`ExplainPods::Auto`] explains every pod: the full tables of
/// 200,000 pod-node pairs are tens of megabytes of JSON; beyond that they are asked for by name.
pub const EXPLAIN_EVERY_POD_BUDGET: usize = 200_000;

/// What [`schedule_cluster_streamed`] tells its caller besides the placements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamedSchedule {
    /// Pods pending before scheduling (after workload expansion).
    pub pending: usize,
    pub nodes: usize,
    /// Whether every placement carries its full explanation.
    pub every_pod_explained: bool,
    /// Each claim bound by the end of the run, in words: its volume and the volume's zone, and
    /// for an immediately provisioned one the zone assumption (docs/SEMANTICS.md#c15).
    pub volumes: Vec<String>,
}

/// An `--explain` pattern that names no pending pod.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{pattern}` names no pending pod (pending pods are named like {examples})")]
pub struct UnmatchedPod {
    pub pattern: String,
    /// Up to three pending pods' keys, to show the naming.
    pub examples: String,
}

/// Whether an [`ExplainPods::Only`] pattern names the pod `namespace/name`.
pub fn explain_pattern_matches(pattern: &str, key: &str) -> bool {
    let name = key.split_once('/').map_or(key, |(_, n)| n);
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix) || name.starts_with(prefix),
        None => key == pattern || name == pattern,
    }
}

/// [`schedule_cluster`] for clusters of any size: the same placements in the same order, each
/// handed to `emit` (with whether it is explained in full) as soon as it is made, so memory holds
/// one pod's explanation at a time. Unexplained placements have empty `filter` and `scores`.
pub fn schedule_cluster_streamed(
    cluster: Cluster,
    scheduler_config: SchedulerConfig,
    seed: u64,
    explain: &ExplainPods,
    emit: &mut dyn FnMut(&super::scheduler::Placement, bool),
) -> Result<StreamedSchedule, UnmatchedPod> {
    let mut w = World::new(
        cluster,
        scheduler_config,
        Vec::new(),
        seed,
        SimConfig::default(),
    );
    w.assume_bound_ready = true;
    w.reconcile();
    let pending: Vec<String> = w
        .pods
        .iter()
        .filter(|p| p.node_name.is_none() && p.is_active())
        .map(|p| p.key())
        .collect();
    let every = match explain {
        ExplainPods::Auto => {
            pending.len().saturating_mul(w.nodes.len()) <= EXPLAIN_EVERY_POD_BUDGET
        }
        ExplainPods::Only(patterns) => {
            if let Some(p) = patterns
                .iter()
                .find(|p| !pending.iter().any(|k| explain_pattern_matches(p, k)))
            {
                return Err(UnmatchedPod {
                    pattern: p.clone(),
                    examples: if pending.is_empty() {
                        "— none: no pod is pending".into()
                    } else {
                        pending
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                });
            }
            false
        }
    };
    let named = |key: &str| match explain {
        ExplainPods::Auto => every,
        ExplainPods::Only(patterns) => patterns.iter().any(|p| explain_pattern_matches(p, key)),
    };
    let mut summary = StreamedSchedule {
        pending: pending.len(),
        nodes: w.nodes.len(),
        every_pod_explained: every,
        volumes: Vec::new(),
    };
    w.schedule_in_rounds(
        &|pod: &Pod| {
            if named(&pod.key()) {
                Explain::Full
            } else {
                Explain::Summary
            }
        },
        &mut |p| emit(&p, named(&p.decision.pod)),
    );
    summary.volumes = w.cache.storage.describe_bindings();
    Ok(summary)
}

/// [`simulate`] with a whole events file ([`parse_events_file`]): node conditions and crash
/// `runFor`s too.
pub fn simulate_events(
    cluster: Cluster,
    scheduler_config: SchedulerConfig,
    events: EventsFile,
    seed: u64,
    until: SimTime,
    cfg: SimConfig,
) -> (Vec<LogEvent>, Snapshot) {
    let mut w = World::from_events(cluster, scheduler_config, events, seed, cfg);
    w.run_until(until);
    (w.log.clone(), w.snapshot())
}

/// What `stratosim schedule` reports: the placements in queue order and the cluster after them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduleReport {
    pub placements: Vec<super::scheduler::Placement>,
    pub pods: Vec<PodView>,
}

impl World {
    /// Schedules every pending pod in queue order, then again while an OrderedReady
    /// StatefulSet creates its next pod because the previous one was bound (in these static
    /// runs a bound pod counts as running, docs/SEMANTICS.md#c12).
    fn schedule_in_rounds(
        &mut self,
        explain: &dyn Fn(&Pod) -> Explain,
        emit: &mut dyn FnMut(super::scheduler::Placement),
    ) {
        let ordered: usize = self
            .stateful_sets
            .iter()
            .filter(|s| !s.parallel)
            .map(|s| s.replicas.max(0) as usize)
            .sum();
        for round in 0..=ordered {
            let workloads = Workloads {
                services: &self.services,
                replica_sets: &self.replica_sets,
                stateful_sets: &self.stateful_sets,
                pdbs: &self.pdbs,
            };
            let mut progressed = false;
            super::scheduler::schedule_pending_with(
                &mut self.scheduler,
                &self.nodes,
                &mut self.pods,
                &mut self.cache,
                workloads,
                &mut self.rng,
                explain,
                |p| {
                    progressed |= p.decision.node.is_some();
                    emit(p)
                },
            );
            if !progressed || round == ordered {
                break;
            }
            let before = self.pods.len();
            self.sync_stateful_sets();
            if self.pods.len() == before {
                break;
            }
        }
    }
}

/// Expands Deployments, ReplicaSets and DaemonSets into pods (as their controllers would at t = 0)
/// and schedules every pending pod in queue order with full explanations. Pod-name suffixes and
/// score ties use one RNG seeded with `seed`.
pub fn schedule_cluster(
    cluster: Cluster,
    scheduler_config: SchedulerConfig,
    seed: u64,
) -> ScheduleReport {
    let mut w = World::new(
        cluster,
        scheduler_config,
        Vec::new(),
        seed,
        SimConfig::default(),
    );
    w.assume_bound_ready = true;
    w.reconcile();
    let mut placements = Vec::new();
    w.schedule_in_rounds(&|_: &Pod| Explain::Full, &mut |p| placements.push(p));
    for i in 0..w.pods.len() {
        if w.pods[i].node_name.is_some() && w.pods[i].ip.is_none() && w.cache.is_assigned(i) {
            w.assign_ip(i);
        }
        if w.pods[i].deletion_timestamp.is_some() {
            w.pod_rt[i].removed = true;
        }
    }
    ScheduleReport {
        placements,
        pods: w.snapshot().pods,
    }
}

/// Formats milliseconds as `1m35s` / `350ms` for humans.
pub fn format_time(ms: SimTime) -> String {
    let s = ms / 1000;
    let rem = ms % 1000;
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 || h > 0 {
        out.push_str(&format!("{m}m"));
    }
    if rem > 0 {
        out.push_str(&format!("{sec}.{rem:03}s"));
    } else {
        out.push_str(&format!("{sec}s"));
    }
    out
}

/// Whole seconds from a manifest → simulated milliseconds, saturating: a negative value is 0
/// and `i64::MAX` seconds is the end of time, not an overflow that wraps to "now".
fn seconds_to_ms(seconds: i64) -> SimTime {
    (seconds.max(0) as SimTime).saturating_mul(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenceposts_round_surge_up_and_unavailable_down() {
        // docs/SEMANTICS.md#c6 (deployment_util.go ResolveFenceposts): 10 → 3/2, 1 → 1/0, 3 → 1/0; both 0 → unavailable 1.
        let pct = IntOrPercent::Percent(25);
        assert_eq!(controllers::resolve_fenceposts(&pct, &pct, 10), (3, 2));
        assert_eq!(controllers::resolve_fenceposts(&pct, &pct, 1), (1, 0));
        assert_eq!(controllers::resolve_fenceposts(&pct, &pct, 3), (1, 0));
        assert_eq!(
            controllers::resolve_fenceposts(&IntOrPercent::Int(0), &IntOrPercent::Int(0), 5),
            (0, 1)
        );
    }

    #[test]
    fn default_toleration_seconds_are_added_once() {
        let mut p = Pod::default();
        admit_default_tolerations(&mut p, 300);
        admit_default_tolerations(&mut p, 300);
        assert_eq!(p.tolerations.len(), 2);
        assert!(
            p.tolerations
                .iter()
                .all(|t| t.toleration_seconds == Some(300)
                    && t.effect == Some(TaintEffect::NoExecute))
        );
    }

    #[test]
    fn times_format_for_humans() {
        assert_eq!(format_time(0), "0s");
        assert_eq!(format_time(355_000), "5m55s");
        assert_eq!(format_time(3_601_500), "1h0m1.500s");
    }
}
