//! The Kubernetes object model the scheduler and the controllers work on.
//!
//! Guarantees: plain data with `serde` derives (the app can render it), ordered collections
//! only (`BTreeMap`, `Vec`), and pod requests precomputed once by [`Pod::refresh_requests`]
//! with the scheduler's rules (max(Σ containers, max init) + overhead; non-zero defaults).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::network::NodeNetwork;

pub type Labels = BTreeMap<String, String>;

/// Simulated time in milliseconds since the start of the simulation.
pub type SimTime = u64;

/// `pkg/scheduler/util/pod_resources.go`: `DefaultMilliCPURequest`.
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// `pkg/scheduler/util/pod_resources.go`: `DefaultMemoryRequest` = 200 MiB.
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;
/// Kubelet's default `--max-pods`.
pub const KUBELET_DEFAULT_MAX_PODS: i64 = 110;

pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
pub const LABEL_ZONE: &str = "topology.kubernetes.io/zone";
pub const LABEL_INSTANCE_TYPE: &str = "node.kubernetes.io/instance-type";
pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
pub const TAINT_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
pub const TAINT_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
pub const TAINT_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
pub const TAINT_NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";
/// Non-graceful node shutdown: pods of a node that is not Ready and carries this taint are
/// force-deleted and their volumes detached (docs/SEMANTICS.md#c16).
pub const TAINT_OUT_OF_SERVICE: &str = "node.kubernetes.io/out-of-service";

/// Resource amounts: CPU in millicores, memory and storage in bytes, extended resources in units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scalar: BTreeMap<String, i64>,
}

impl Resources {
    pub fn get(&self, name: &str) -> i64 {
        match name {
            "cpu" => self.milli_cpu,
            "memory" => self.memory,
            "ephemeral-storage" => self.ephemeral_storage,
            other => self.scalar.get(other).copied().unwrap_or(0),
        }
    }
    pub fn add(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.saturating_add(other.milli_cpu);
        self.memory = self.memory.saturating_add(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_add(other.ephemeral_storage);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
    }
    pub fn sub(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.saturating_sub(other.milli_cpu);
        self.memory = self.memory.saturating_sub(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_sub(other.ephemeral_storage);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = e.saturating_sub(*v);
        }
    }
    fn max_with(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.max(other.milli_cpu);
        self.memory = self.memory.max(other.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(other.ephemeral_storage);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
    }
    /// From a resource list (`cpu` in millis, others in units) as read from a manifest.
    pub fn from_list(list: &BTreeMap<String, i64>) -> Resources {
        let mut r = Resources::default();
        for (k, v) in list {
            match k.as_str() {
                "cpu" => r.milli_cpu = *v,
                "memory" => r.memory = *v,
                "ephemeral-storage" => r.ephemeral_storage = *v,
                "pods" => {}
                other => {
                    r.scalar.insert(other.to_string(), *v);
                }
            }
        }
        r
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taint {
    pub key: String,
    #[serde(default)]
    pub value: String,
    pub effect: TaintEffect,
    /// When the taint was added (NoExecute eviction counts tolerationSeconds from here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<SimTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TolerationOperator {
    Equal,
    Exists,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toleration {
    pub key: String,
    pub operator: TolerationOperator,
    pub value: String,
    pub effect: Option<TaintEffect>,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// `v1.Toleration.ToleratesTaint` (k8s.io/api core/v1 toleration.go).
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if let Some(e) = self.effect {
            if e != taint.effect {
                return false;
            }
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator {
            TolerationOperator::Exists => true,
            TolerationOperator::Equal => self.value == taint.value,
        }
    }
}

pub fn tolerates_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub key: String,
    pub operator: SelectorOperator,
    #[serde(default)]
    pub values: Vec<String>,
}

impl Requirement {
    pub fn matches(&self, labels: &Labels) -> bool {
        let v = labels.get(&self.key);
        match self.operator {
            SelectorOperator::In => v.is_some_and(|v| self.values.contains(v)),
            SelectorOperator::NotIn => v.is_none_or(|v| !self.values.contains(v)),
            SelectorOperator::Exists => v.is_some(),
            SelectorOperator::DoesNotExist => v.is_none(),
            SelectorOperator::Gt | SelectorOperator::Lt => {
                let (Some(v), Some(want)) = (v, self.values.first()) else {
                    return false;
                };
                let (Ok(v), Ok(want)) = (v.parse::<i64>(), want.parse::<i64>()) else {
                    return false;
                };
                if self.operator == SelectorOperator::Gt {
                    v > want
                } else {
                    v < want
                }
            }
        }
    }
}

/// A `metav1.LabelSelector`. An empty selector matches everything; `None` (absent) matches nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSelector {
    #[serde(default)]
    pub match_labels: Labels,
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
}

impl LabelSelector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
}

/// One `nodeSelectorTerms` entry: expressions on labels and fields, ANDed. An empty term matches nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSelectorTerm {
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
    #[serde(default)]
    pub match_fields: Vec<Requirement>,
}

impl NodeSelectorTerm {
    pub fn matches(&self, node: &Node) -> bool {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return false;
        }
        self.match_expressions
            .iter()
            .all(|r| r.matches(&node.labels))
            && self.match_fields.iter().all(|r| {
                let mut fields = Labels::new();
                fields.insert("metadata.name".into(), node.name.clone());
                r.key == "metadata.name" && r.matches(&fields)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferredSchedulingTerm {
    pub weight: i32,
    pub preference: NodeSelectorTerm,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeAffinity {
    /// `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` (ORed); `None` = no requirement.
    pub required: Option<Vec<NodeSelectorTerm>>,
    pub preferred: Vec<PreferredSchedulingTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodAffinityTerm {
    pub label_selector: Option<LabelSelector>,
    /// Empty with no namespace selector = the pod's own namespace.
    pub namespaces: Vec<String>,
    pub namespace_selector: Option<LabelSelector>,
    pub topology_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightedPodAffinityTerm {
    pub weight: i32,
    pub term: PodAffinityTerm,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodAffinity {
    pub required: Vec<PodAffinityTerm>,
    pub preferred: Vec<WeightedPodAffinityTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affinity {
    pub node_affinity: Option<NodeAffinity>,
    pub pod_affinity: Option<PodAffinity>,
    pub pod_anti_affinity: Option<PodAffinity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhenUnsatisfiable {
    DoNotSchedule,
    ScheduleAnyway,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InclusionPolicy {
    Honor,
    Ignore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologySpreadConstraint {
    pub max_skew: i32,
    pub topology_key: String,
    pub when_unsatisfiable: WhenUnsatisfiable,
    pub label_selector: Option<LabelSelector>,
    pub min_domains: Option<i32>,
    #[serde(default)]
    pub match_label_keys: Vec<String>,
    pub node_affinity_policy: Option<InclusionPolicy>,
    pub node_taints_policy: Option<InclusionPolicy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPort {
    /// `name` (an IANA_SVC_NAME a Service's targetPort or a NetworkPolicy port can refer to).
    /// Not serialised when empty, so templates without named ports keep their hash.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub container_port: i32,
    pub host_port: i32,
    pub protocol: String,
    pub host_ip: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

/// A probe's timing (the handler itself is not simulated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub initial_delay_seconds: i64,
    pub period_seconds: i64,
    pub failure_threshold: i64,
    pub success_threshold: i64,
}

impl Default for Probe {
    /// Probe defaults (docs: configure-liveness-readiness-startup-probes).
    fn default() -> Self {
        Probe {
            initial_delay_seconds: 0,
            period_seconds: 10,
            failure_threshold: 3,
            success_threshold: 1,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// Requests as written; a missing key means "not specified" (matters for non-zero defaults).
    pub requests: BTreeMap<String, i64>,
    pub limits: BTreeMap<String, i64>,
    pub ports: Vec<ContainerPort>,
    /// Init containers only: `restartPolicy: Always` makes it a sidecar.
    pub restart_policy_always: bool,
    pub readiness_probe: Option<Probe>,
    pub liveness_probe: Option<Probe>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerRef {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pod {
    pub name: String,
    pub namespace: String,
    pub labels: Labels,
    pub owner: Option<OwnerRef>,
    pub containers: Vec<Container>,
    pub init_containers: Vec<Container>,
    pub overhead: BTreeMap<String, i64>,
    /// Pod-level `spec.resources.requests` (PodLevelResources, beta and on by default since
    /// Kubernetes 1.34; defaulted from pod-level limits): when set they replace the containers'
    /// sum for the resources they name (docs/SEMANTICS.md#k13).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pod_requests: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pod_limits: BTreeMap<String, i64>,
    pub node_name: Option<String>,
    pub node_selector: Labels,
    pub affinity: Affinity,
    pub tolerations: Vec<Toleration>,
    pub topology_spread_constraints: Vec<TopologySpreadConstraint>,
    pub priority: i32,
    pub preemption_never: bool,
    pub restart_policy: RestartPolicy,
    pub scheduling_gates: Vec<String>,
    pub scheduler_name: String,
    pub termination_grace_period_seconds: i64,
    /// `spec.volumes[].persistentVolumeClaim.claimName`, in order (docs/SEMANTICS.md#k14).
    /// Not serialised when empty, so templates without claims keep their hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<String>,
    // --- status ---
    pub phase: PodPhase,
    pub ready: bool,
    pub ip: Option<String>,
    pub nominated_node_name: Option<String>,
    pub deletion_timestamp: Option<SimTime>,
    pub restart_count: u32,
    /// Order in which the pod entered the cluster (queue-sort tie-break, "start time").
    pub creation_index: u64,
    // --- derived by refresh_requests ---
    /// Requests the Filter uses (actual values).
    pub requests: Resources,
    /// Non-zero CPU/memory the scorers use (100m / 200Mi for unspecified).
    pub non_zero_milli_cpu: i64,
    pub non_zero_memory: i64,
}

impl Default for Pod {
    fn default() -> Self {
        Pod {
            name: String::new(),
            namespace: "default".into(),
            labels: Labels::new(),
            owner: None,
            containers: Vec::new(),
            init_containers: Vec::new(),
            overhead: BTreeMap::new(),
            pod_requests: BTreeMap::new(),
            pod_limits: BTreeMap::new(),
            node_name: None,
            node_selector: Labels::new(),
            affinity: Affinity::default(),
            tolerations: Vec::new(),
            topology_spread_constraints: Vec::new(),
            priority: 0,
            preemption_never: false,
            restart_policy: RestartPolicy::Always,
            scheduling_gates: Vec::new(),
            scheduler_name: "default-scheduler".into(),
            termination_grace_period_seconds: 30,
            claims: Vec::new(),
            phase: PodPhase::Pending,
            ready: false,
            ip: None,
            nominated_node_name: None,
            deletion_timestamp: None,
            restart_count: 0,
            creation_index: 0,
            requests: Resources::default(),
            non_zero_milli_cpu: 0,
            non_zero_memory: 0,
        }
    }
}

impl Pod {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// Recomputes [`Pod::requests`] and the non-zero values
    /// (`computePodResourceRequest` in noderesources/fit.go; `GetNonzeroRequests` in
    /// pkg/scheduler/util/pod_resources.go). Pod-level requests, when set, replace the
    /// containers' aggregate for each resource they name, before the overhead is added
    /// (`PodRequests` in k8s.io/component-helpers/resource; docs/SEMANTICS.md#k13).
    pub fn refresh_requests(&mut self) {
        let mut sum = Resources::default();
        let mut nz_cpu: i64 = 0;
        let mut nz_mem: i64 = 0;
        for c in &self.containers {
            sum.add(&Resources::from_list(&c.requests));
            nz_cpu = nz_cpu.saturating_add(
                c.requests
                    .get("cpu")
                    .copied()
                    .unwrap_or(DEFAULT_MILLI_CPU_REQUEST),
            );
            nz_mem = nz_mem.saturating_add(
                c.requests
                    .get("memory")
                    .copied()
                    .unwrap_or(DEFAULT_MEMORY_REQUEST),
            );
        }
        // Sidecars (restartable init containers) run alongside the app containers.
        let mut sidecars = Resources::default();
        let mut init_max = Resources::default();
        let (mut nz_init_cpu, mut nz_init_mem, mut nz_side_cpu, mut nz_side_mem) =
            (0i64, 0i64, 0i64, 0i64);
        for c in &self.init_containers {
            let r = Resources::from_list(&c.requests);
            let c_cpu = c
                .requests
                .get("cpu")
                .copied()
                .unwrap_or(DEFAULT_MILLI_CPU_REQUEST);
            let c_mem = c
                .requests
                .get("memory")
                .copied()
                .unwrap_or(DEFAULT_MEMORY_REQUEST);
            if c.restart_policy_always {
                sidecars.add(&r);
                nz_side_cpu = nz_side_cpu.saturating_add(c_cpu);
                nz_side_mem = nz_side_mem.saturating_add(c_mem);
            } else {
                let mut with_sidecars = sidecars.clone();
                with_sidecars.add(&r);
                init_max.max_with(&with_sidecars);
                nz_init_cpu = nz_init_cpu.max(nz_side_cpu.saturating_add(c_cpu));
                nz_init_mem = nz_init_mem.max(nz_side_mem.saturating_add(c_mem));
            }
        }
        sum.add(&sidecars);
        sum.max_with(&init_max);
        nz_cpu = nz_cpu.saturating_add(nz_side_cpu).max(nz_init_cpu);
        nz_mem = nz_mem.saturating_add(nz_side_mem).max(nz_init_mem);
        for (name, v) in &self.pod_requests {
            match name.as_str() {
                "cpu" => {
                    sum.milli_cpu = *v;
                    nz_cpu = *v;
                }
                "memory" => {
                    sum.memory = *v;
                    nz_mem = *v;
                }
                other => {
                    sum.scalar.insert(other.to_string(), *v);
                }
            }
        }
        let overhead = Resources::from_list(&self.overhead);
        sum.add(&overhead);
        self.requests = sum;
        self.non_zero_milli_cpu = nz_cpu.saturating_add(overhead.milli_cpu);
        self.non_zero_memory = nz_mem.saturating_add(overhead.memory);
    }

    /// Host ports the pod asks for: (hostIP, protocol, port).
    pub fn host_ports(&self) -> impl Iterator<Item = &ContainerPort> {
        self.containers
            .iter()
            .flat_map(|c| c.ports.iter())
            .filter(|p| p.host_port > 0)
    }

    pub fn is_terminating(&self) -> bool {
        self.deletion_timestamp.is_some()
    }

    pub fn is_active(&self) -> bool {
        self.deletion_timestamp.is_none()
            && !matches!(self.phase, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// Conditions shown for a node (`Ready` is True/False/Unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageState {
    pub names: Vec<String>,
    pub size_bytes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[repr(C)] // the fields every scheduling cycle reads come first, sharing cache lines
pub struct Node {
    pub allocatable: Resources,
    pub allowed_pod_number: i64,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub name: String,
    pub labels: Labels,
    pub images: Vec<ImageState>,
    /// The EC2 instance the node runs on, if known.
    pub instance: Option<String>,
    pub network: Option<NodeNetwork>,
    pub ready: ConditionStatus,
}

impl Default for Node {
    fn default() -> Self {
        Node {
            name: String::new(),
            labels: Labels::new(),
            taints: Vec::new(),
            unschedulable: false,
            allocatable: Resources::default(),
            allowed_pod_number: KUBELET_DEFAULT_MAX_PODS,
            images: Vec::new(),
            instance: None,
            network: None,
            ready: ConditionStatus::True,
        }
    }
}

impl Node {
    pub fn zone(&self) -> Option<&str> {
        self.labels.get(LABEL_ZONE).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
}

impl IntOrPercent {
    /// `intstr.GetScaledValueFromIntOrPercent`.
    pub fn scaled(&self, total: i64, round_up: bool) -> i64 {
        match self {
            IntOrPercent::Int(i) => *i,
            IntOrPercent::Percent(p) => {
                let num = p.saturating_mul(total);
                if round_up {
                    (num + 99).div_euclid(100)
                } else {
                    num.div_euclid(100)
                }
            }
        }
    }
}

/// The pod template shared by Deployments, ReplicaSets and DaemonSets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodTemplate {
    pub labels: Labels,
    pub spec: Pod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub name: String,
    pub namespace: String,
    pub labels: Labels,
    pub replicas: i32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub max_surge: IntOrPercent,
    pub max_unavailable: IntOrPercent,
    pub recreate: bool,
    pub min_ready_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaSet {
    pub name: String,
    pub namespace: String,
    pub labels: Labels,
    pub owner: Option<OwnerRef>,
    pub replicas: i32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    /// Deployment revision this ReplicaSet belongs to.
    pub revision: u32,
    /// `ReplicaSet`, or `ReplicationController` for the legacy kind (same replica semantics;
    /// its pods' owner reference names this kind).
    #[serde(default = "replica_set_kind")]
    pub kind: String,
}

fn replica_set_kind() -> String {
    "ReplicaSet".into()
}

/// A StatefulSet: pods `NAME-0 … NAME-(n−1)` (docs/SEMANTICS.md#c12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatefulSet {
    pub name: String,
    pub namespace: String,
    pub replicas: i32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    /// `podManagementPolicy: Parallel` (else OrderedReady).
    pub parallel: bool,
    /// `volumeClaimTemplates`: one claim `<template>-<statefulset>-<ordinal>` per pod, kept
    /// when the pod is deleted (docs/SEMANTICS.md#c15).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<super::storage::PersistentVolumeClaim>,
}

/// A Job: runs pods to completion (docs/SEMANTICS.md#c13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub name: String,
    pub namespace: String,
    /// The CronJob that created it, if any.
    pub owner: Option<OwnerRef>,
    /// `spec.completions`; `None` = a work-queue Job (done when one pod succeeds).
    pub completions: Option<i32>,
    pub parallelism: i32,
    pub backoff_limit: i32,
    pub template: PodTemplate,
    /// Pods that had already succeeded in the capture (`status.succeeded`).
    pub succeeded: i32,
    /// `spec.suspend` or a completed Job (`status.completionTime` / a Complete condition).
    pub done: bool,
    /// Finished by exceeding `backoffLimit`.
    #[serde(default)]
    pub failed: bool,
}

/// One cron field as the set of values it allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CronField(pub Vec<u32>);

/// A CronJob: creates a Job from its template whenever its schedule matches
/// (docs/SEMANTICS.md#c14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CronJob {
    pub name: String,
    pub namespace: String,
    /// The schedule as written.
    pub schedule: String,
    pub minutes: CronField,
    pub hours: CronField,
    pub suspend: bool,
    /// `concurrencyPolicy`: Allow, Forbid or Replace.
    pub concurrency: String,
    /// `successfulJobsHistoryLimit` (3) and `failedJobsHistoryLimit` (1): finished Jobs kept.
    pub successful_history: i32,
    pub failed_history: i32,
    pub job: Job,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonSet {
    pub name: String,
    pub namespace: String,
    pub selector: LabelSelector,
    pub template: PodTemplate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    /// A Service selector is a plain map; `None` means no selector (manual endpoints).
    pub selector: Option<Labels>,
    pub ports: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodDisruptionBudget {
    pub name: String,
    pub namespace: String,
    pub selector: LabelSelector,
    pub min_available: Option<IntOrPercent>,
    pub max_unavailable: Option<IntOrPercent>,
}

/// Everything loaded from manifests.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cluster {
    pub nodes: Vec<Node>,
    pub pods: Vec<Pod>,
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub daemon_sets: Vec<DaemonSet>,
    pub services: Vec<Service>,
    pub pod_disruption_budgets: Vec<PodDisruptionBudget>,
    #[serde(default)]
    pub stateful_sets: Vec<StatefulSet>,
    #[serde(default)]
    pub jobs: Vec<Job>,
    #[serde(default)]
    pub cron_jobs: Vec<CronJob>,
    /// StorageClasses, PersistentVolumes, PersistentVolumeClaims and CSINodes.
    #[serde(default)]
    pub storage: super::storage::Storage,
}
