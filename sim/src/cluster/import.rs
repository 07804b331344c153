//! Kubernetes manifests → [`Cluster`]: YAML (multi-document) or JSON, including `kind: List`.
//!
//! Guarantees: loading never fails as a whole and never panics — every problem becomes a
//! [`Diagnostic`] naming the document (`file#index kind name`) and the field (`spec.containers[0].resources`);
//! a document with an error is skipped, unknown kinds are reported and skipped, and partial manifests
//! the scheduler can still reason about (a node without `pods` capacity, a pod without containers)
//! load with a warning. Object order is document order. A node whose `Ready` condition is False or
//! Unknown gets the `not-ready` / `unreachable` NoSchedule taint, and one under memory, disk or PID
//! pressure the matching NoSchedule taint (TaintNodesByCondition), and a
//! duplicate object name is an error like the API server's "already exists". Before any of that,
//! [`crate::yaml`] refuses a duplicate mapping key (naming both lines) and alias bombs; the
//! documents before the refused one still load.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::config::{parse_scheduler_config_value, SchedulerConfig};
use super::model::*;
use super::network::{max_pods, node_instance_type};
use super::quantity::{parse_milli, parse_value};
use crate::network::msg::{msg, Arg, Msg, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found while loading, with where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `file#n` (1-based document index) plus kind and name when known.
    pub document: String,
    /// Dotted field path, empty for whole-document problems.
    pub field: String,
    pub message: String,
    /// The message's key and arguments, for the app's translation (not serialised: the JSON
    /// and the CLI's text carry the English only).
    #[serde(skip)]
    pub message_msg: Option<Msg>,
}

impl Diagnostic {
    /// A diagnostic whose message is `message`'s English, with its structured form kept.
    pub fn new(severity: Severity, document: String, field: String, message: Text) -> Diagnostic {
        Diagnostic {
            severity,
            document,
            field,
            message: message.en,
            message_msg: message.msg,
        }
    }
}

/// A message about an optional string the manifest gave where one of a few values was
/// expected: `got` is [`Got`], the quoted value or "no value" in every language.
macro_rules! msg_got {
    ($key:literal, $fmt:literal, $got:expr) => {{
        const _: () = assert!(
            $crate::network::msg::known($key, &["got"]),
            concat!(
                "message key ",
                $key,
                " is not in KEYS with the argument got"
            )
        );
        let got: Option<&str> = $got;
        Text::new(
            format!($fmt, got = Got(got)),
            Msg {
                key: $key,
                args: vec![("got", got_arg(got))],
            },
        )
    }};
}

/// An optional string the manifest gave where one of a few values was expected: `"Near"`, or
/// `no value` when the field is absent — never Rust's `Some("Near")` / `None` — and, as a
/// message argument, the quoted value or the words for "no value" in the reader's language.
pub(crate) struct Got<'a>(pub Option<&'a str>);

impl std::fmt::Display for Got<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(s) => write!(f, "{s:?}"),
            None => f.write_str("no value"),
        }
    }
}

impl crate::network::msg::ToArg for Got<'_> {
    fn to_arg(&self) -> Arg {
        got_arg(self.0)
    }
}

/// The `got` argument of `msg_got!`.
fn got_arg(got: Option<&str>) -> Arg {
    match got {
        Some(s) => Arg::Value(format!("{s:?}")),
        None => Arg::Msg(Msg {
            key: "k8s-import-no-value",
            args: Vec::new(),
        }),
    }
}

/// A string as the English quotes it (`{s:?}`), for a message argument.
pub(crate) fn quoted(s: &str) -> String {
    format!("{s:?}")
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.field.is_empty() {
            write!(f, "{sev}: {}: {}", self.document, self.message)
        } else {
            write!(
                f,
                "{sev}: {}: {}: {}",
                self.document, self.field, self.message
            )
        }
    }
}

/// What manifests produced: the objects plus an optional scheduler configuration.
#[derive(Debug, Clone, Default)]
pub struct Manifests {
    pub cluster: Cluster,
    pub scheduler_config: Option<SchedulerConfig>,
}

/// Loads one manifest string (YAML or JSON; several documents allowed).
pub fn import_manifests(src: &str) -> (Manifests, Vec<Diagnostic>) {
    import_manifest_files(&[("manifest", src)])
}

/// Loads several named manifest strings, in order (the name appears in diagnostics).
pub fn import_manifest_files(files: &[(&str, &str)]) -> (Manifests, Vec<Diagnostic>) {
    let mut loader = Loader::default();
    for (file, src) in files {
        for (i, doc) in split_documents(src).into_iter().enumerate() {
            let name = format!("{file}#{}", i + 1);
            match doc {
                Ok(Value::Null) => {}
                Ok(v) => loader.object(&name, &v),
                Err(Refused::Syntax(e)) => loader.diag(
                    Severity::Error,
                    &name,
                    "",
                    msg!("k8s-import-not-yaml", "not valid YAML/JSON: {e}", e),
                ),
                Err(Refused::Guard(e)) => loader.diag(Severity::Error, &name, e.path(), e.text()),
            }
        }
    }
    let mut manifests = loader.out;
    for (i, pod) in manifests.cluster.pods.iter_mut().enumerate() {
        pod.creation_index = i as u64;
    }
    let mut diags = loader.diags;
    daemon_sets_without_nodes(&manifests.cluster, &mut diags);
    replica_sets_not_captured(&mut manifests.cluster, &mut diags);
    storage::resolve_classes(&mut manifests.cluster, &mut diags);
    (manifests, diags)
}

/// A DaemonSet whose node selector or required node affinity matches none of the captured
/// nodes runs no pod: say so instead of printing nothing.
fn daemon_sets_without_nodes(cluster: &Cluster, diags: &mut Vec<Diagnostic>) {
    if cluster.nodes.is_empty() {
        return;
    }
    for ds in &cluster.daemon_sets {
        let mut probe = ds.template.spec.clone();
        probe.labels = ds.template.labels.clone();
        let matching = cluster
            .nodes
            .iter()
            .filter(|n| super::scheduler::plugins::node_affinity::matches_required(&probe, n))
            .count();
        if matching == 0 {
            let selector: Vec<String> = probe
                .node_selector
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let what = if selector.is_empty() {
                msg!(
                    "k8s-import-what-node-affinity",
                    "its required node affinity"
                )
            } else {
                let selector = selector.join(",");
                msg!(
                    "k8s-import-what-node-selector",
                    "its nodeSelector {selector}",
                    selector
                )
            };
            diags.push(Diagnostic::new(
                Severity::Warning,
                format!("DaemonSet {}/{}", ds.namespace, ds.name),
                "spec.template.spec.nodeSelector".into(),
                msg!(
                    "k8s-import-daemon-set-no-node",
                    "{what} matches none of the {n} node(s); the DaemonSet runs no pod",
                    what,
                    n = cluster.nodes.len()
                ),
            ));
        }
    }
}

/// Pods dumped with a Deployment but without the ReplicaSet they name as owner
/// (`kubectl get deploy,pods`): when the ReplicaSet's name is `DEPLOYMENT-<pod-template-hash>`
/// the Deployment's current ReplicaSet is assumed, so the Deployment controller adopts those
/// pods instead of creating its replicas a second time (docs/SEMANTICS.md#c11).
fn replica_sets_not_captured(cluster: &mut Cluster, diags: &mut Vec<Diagnostic>) {
    let mut made: Vec<ReplicaSet> = Vec::new();
    for pod in &cluster.pods {
        let Some(owner) = pod.owner.as_ref().filter(|o| o.kind == "ReplicaSet") else {
            continue;
        };
        let known = |r: &ReplicaSet| r.namespace == pod.namespace && r.name == owner.name;
        if cluster.replica_sets.iter().any(known) || made.iter().any(known) {
            continue;
        }
        let Some(hash) = pod.labels.get("pod-template-hash") else {
            continue;
        };
        let Some(dep) = cluster.deployments.iter().find(|d| {
            d.namespace == pod.namespace
                && owner.name == format!("{}-{hash}", d.name)
                && d.selector.matches(&pod.labels)
        }) else {
            continue;
        };
        let mut template = dep.template.clone();
        template
            .labels
            .insert("pod-template-hash".into(), hash.clone());
        template.spec.labels = template.labels.clone();
        let mut selector = dep.selector.clone();
        selector
            .match_labels
            .insert("pod-template-hash".into(), hash.clone());
        diags.push(Diagnostic::new(
            Severity::Warning,
            format!("Pod {}/{}", pod.namespace, pod.name),
            "metadata.ownerReferences".into(),
            msg!(
                "k8s-import-replica-set-assumed",
                "ReplicaSet {rs} is not in the capture; assumed to be Deployment {deployment}'s current ReplicaSet (pod-template-hash {hash})",
                rs = owner.name,
                deployment = dep.name,
                hash
            ),
        ));
        made.push(ReplicaSet {
            name: owner.name.clone(),
            namespace: pod.namespace.clone(),
            labels: template.labels.clone(),
            owner: Some(OwnerRef {
                kind: "Deployment".into(),
                name: dep.name.clone(),
            }),
            replicas: dep.replicas,
            selector,
            template,
            revision: 1,
            kind: "ReplicaSet".into(),
        });
    }
    cluster.replica_sets.extend(made);
}

/// Why a document was not read.
enum Refused {
    Syntax(String),
    /// A duplicate key or an expansion bomb ([`crate::yaml`]).
    Guard(crate::yaml::GuardError),
}

/// Splits a string into YAML documents (JSON is YAML). The documents before one the guard
/// refuses are kept; the stream stops there.
fn split_documents(src: &str) -> Vec<Result<Value, Refused>> {
    let trimmed = src.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(src) {
            if let Err(e) = crate::yaml::check_json(src) {
                return vec![Err(Refused::Guard(e))];
            }
            return match v {
                Value::Array(items) => items.into_iter().map(Ok).collect(),
                v => vec![Ok(v)],
            };
        }
    }
    let guard = crate::yaml::check_yaml(src).err();
    if let Some(e) = guard
        .as_ref()
        .filter(|e| matches!(e, crate::yaml::GuardError::TooDeep { .. }))
    {
        // Found before parsing: even splitting the stream would parse the first document.
        return vec![Err(Refused::Guard(e.clone()))];
    }
    let mut out = Vec::new();
    for (i, de) in serde_norway::Deserializer::from_str(src).enumerate() {
        if let Some(e) = guard.as_ref().filter(|e| e.document() == i) {
            out.push(Err(Refused::Guard(e.clone())));
            break;
        }
        match Value::deserialize(de) {
            Ok(v) => out.push(Ok(v)),
            Err(e) => {
                out.push(Err(Refused::Syntax(e.to_string())));
                break; // the YAML stream cannot be resynchronised after a syntax error
            }
        }
    }
    out
}

#[derive(Default)]
struct Loader {
    out: Manifests,
    diags: Vec<Diagnostic>,
    seen: std::collections::BTreeSet<(String, String, String)>,
}

/// Field access with the path kept for diagnostics.
struct Ctx<'a> {
    doc: String,
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

impl Ctx<'_> {
    fn error(&mut self, field: &str, message: Text) {
        self.failed = true;
        self.diags.push(Diagnostic::new(
            Severity::Error,
            self.doc.clone(),
            field.into(),
            message,
        ));
    }
    fn warn(&mut self, field: &str, message: Text) {
        self.diags.push(Diagnostic::new(
            Severity::Warning,
            self.doc.clone(),
            field.into(),
            message,
        ));
    }
    fn string(&mut self, v: &Value, key: &str, path: &str) -> Option<String> {
        match v.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.error(
                    &join(path, key),
                    msg!("k8s-import-expected-string", "expected a string"),
                );
                None
            }
        }
    }
    fn int(&mut self, v: &Value, key: &str, path: &str) -> Option<i64> {
        match v.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Some(i),
                None => {
                    self.error(
                        &join(path, key),
                        msg!(
                            "k8s-import-expected-integer",
                            "expected an integer, got {value}",
                            value = n.to_string()
                        ),
                    );
                    None
                }
            },
            Some(Value::String(s)) if s.parse::<i64>().is_ok() => s.parse().ok(),
            Some(other) => {
                self.error(
                    &join(path, key),
                    msg!(
                        "k8s-import-expected-integer",
                        "expected an integer, got {value}",
                        value = other.to_string()
                    ),
                );
                None
            }
        }
    }
    fn bool(&mut self, v: &Value, key: &str, path: &str) -> bool {
        match v.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(
                    &join(path, key),
                    msg!("k8s-import-expected-bool", "expected true or false"),
                );
                false
            }
        }
    }
    fn list<'v>(&mut self, v: &'v Value, key: &str, path: &str) -> &'v [Value] {
        match v.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(_) => {
                self.error(
                    &join(path, key),
                    msg!("k8s-import-expected-list", "expected a list"),
                );
                &[]
            }
        }
    }
    fn obj<'v>(&mut self, v: &'v Value, key: &str, path: &str) -> Option<&'v Value> {
        match v.get(key) {
            None | Some(Value::Null) => None,
            Some(o @ Value::Object(_)) => Some(o),
            Some(_) => {
                self.error(
                    &join(path, key),
                    msg!("k8s-import-expected-mapping", "expected a mapping"),
                );
                None
            }
        }
    }
    fn string_map(&mut self, v: &Value, key: &str, path: &str) -> Labels {
        let mut out = Labels::new();
        if let Some(o) = self.obj(v, key, path) {
            for (k, val) in o.as_object().into_iter().flatten() {
                match val {
                    Value::String(s) => {
                        out.insert(k.clone(), s.clone());
                    }
                    Value::Number(_) | Value::Bool(_) => {
                        out.insert(k.clone(), val.to_string());
                    }
                    _ => self.error(
                        &join(&join(path, key), k),
                        msg!(
                            "k8s-import-expected-string-value",
                            "expected a string value"
                        ),
                    ),
                }
            }
        }
        out
    }
    fn resource_list(&mut self, v: &Value, key: &str, path: &str) -> BTreeMap<String, i64> {
        let mut out = BTreeMap::new();
        let Some(o) = self.obj(v, key, path) else {
            return out;
        };
        for (name, q) in o.as_object().into_iter().flatten() {
            let field = join(&join(path, key), name);
            let text = match q {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    self.error(
                        &field,
                        msg!("k8s-import-expected-quantity", "expected a quantity"),
                    );
                    continue;
                }
            };
            let parsed = if name == "cpu" {
                parse_milli(&text)
            } else {
                parse_value(&text)
            };
            match parsed {
                Ok(n) if n < 0 => self.error(
                    &field,
                    msg!(
                        "k8s-import-quantity-negative",
                        "quantity {q} must not be negative",
                        q = quoted(&text)
                    ),
                ),
                Ok(n) if n > MAX_QUANTITY => self.error(
                    &field,
                    msg!(
                        "k8s-import-quantity-too-large",
                        "quantity {q} is larger than the simulator supports (2^50 units, 1Pi bytes)",
                        q = quoted(&text)
                    ),
                ),
                Ok(n) => {
                    out.insert(name.clone(), n);
                }
                Err(e) => self.error(&field, e.text()),
            }
        }
        out
    }
}

/// Largest resource amount accepted (2^50): keeps every score computation (`× 100`, sums over
/// thousands of pods) far from `i64` overflow.
pub const MAX_QUANTITY: i64 = 1 << 50;

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn idx(path: &str, key: &str, i: usize) -> String {
    format!("{}[{i}]", join(path, key))
}

impl Loader {
    fn diag(&mut self, severity: Severity, doc: &str, field: &str, message: Text) {
        self.diags
            .push(Diagnostic::new(severity, doc.into(), field.into(), message));
    }

    fn object(&mut self, doc: &str, v: &Value) {
        if !v.is_object() {
            self.diag(
                Severity::Error,
                doc,
                "",
                msg!(
                    "k8s-import-not-an-object",
                    "expected a Kubernetes object (a mapping with apiVersion and kind)"
                ),
            );
            return;
        }
        let kind = v
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let name = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let label = if name.is_empty() {
            format!("{doc} {kind}")
        } else {
            format!("{doc} {kind} {name}")
        };
        let label = label.trim_end().to_string();
        if kind == "List" || kind.ends_with("List") && v.get("items").is_some() {
            let items = v
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                self.object(&format!("{doc}.items[{i}]"), item);
            }
            return;
        }
        let mut ctx = Ctx {
            doc: label.clone(),
            diags: &mut self.diags,
            failed: false,
        };
        if kind.is_empty() {
            ctx.error("kind", msg!("k8s-import-missing", "missing"));
            return;
        }
        if name.is_empty() && kind != "KubeSchedulerConfiguration" {
            ctx.error("metadata.name", msg!("k8s-import-missing", "missing"));
            return;
        }
        let ns = v
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string();
        if kind != "KubeSchedulerConfiguration" {
            let cluster_scoped = matches!(
                kind.as_str(),
                "Node" | "PersistentVolume" | "StorageClass" | "CSINode"
            );
            let scope = if cluster_scoped {
                String::new()
            } else {
                ns.clone()
            };
            if !self.seen.insert((kind.clone(), scope, name.clone())) {
                ctx.error(
                    "metadata.name",
                    msg!(
                        "k8s-import-duplicate",
                        "{kind} {name} already exists; the duplicate is skipped",
                        kind,
                        name = quoted(&name)
                    ),
                );
                return;
            }
        }
        let meta_labels = match v.get("metadata") {
            Some(m) => ctx.string_map(m, "labels", "metadata"),
            None => Labels::new(),
        };
        let spec = v.get("spec").cloned().unwrap_or(Value::Null);
        match kind.as_str() {
            "Node" => {
                if let Some(node) = parse_node(&mut ctx, v, name, meta_labels) {
                    if !ctx.failed {
                        self.out.cluster.nodes.push(node);
                    }
                }
            }
            "Pod" => {
                let mut pod = parse_pod_spec(&mut ctx, &spec, "spec");
                pod.name = name;
                pod.namespace = ns;
                pod.labels = meta_labels;
                pod.owner = controller_ref(v);
                // A pod the API server has marked for deletion (its grace period running) is
                // terminating: not scheduled again, not counted by PodTopologySpread.
                if v.pointer("/metadata/deletionTimestamp")
                    .is_some_and(|t| !t.is_null())
                {
                    pod.deletion_timestamp = Some(0);
                }
                if let Some(status) = v.get("status") {
                    match status.get("phase").and_then(Value::as_str) {
                        Some("Running") => pod.phase = PodPhase::Running,
                        Some("Succeeded") => pod.phase = PodPhase::Succeeded,
                        Some("Failed") => pod.phase = PodPhase::Failed,
                        _ => {}
                    }
                }
                if pod.node_name.is_some() && pod.phase == PodPhase::Pending {
                    // A bound pod counts as existing; treat it as running.
                    pod.phase = PodPhase::Running;
                    pod.ready = true;
                }
                if !ctx.failed {
                    self.out.cluster.pods.push(pod);
                }
            }
            "Deployment" => {
                let (replicas, selector, template) = workload(&mut ctx, &spec, &ns, false);
                let strategy = spec.get("strategy").cloned().unwrap_or(Value::Null);
                let recreate = strategy.get("type").and_then(Value::as_str) == Some("Recreate");
                let ru = strategy
                    .get("rollingUpdate")
                    .cloned()
                    .unwrap_or(Value::Null);
                let max_surge =
                    int_or_percent(&mut ctx, &ru, "maxSurge", "spec.strategy.rollingUpdate")
                        .unwrap_or(IntOrPercent::Percent(25));
                let max_unavailable = int_or_percent(
                    &mut ctx,
                    &ru,
                    "maxUnavailable",
                    "spec.strategy.rollingUpdate",
                )
                .unwrap_or(IntOrPercent::Percent(25));
                let min_ready_seconds = ctx.int(&spec, "minReadySeconds", "spec").unwrap_or(0);
                if !ctx.failed {
                    self.out.cluster.deployments.push(Deployment {
                        name,
                        namespace: ns,
                        labels: meta_labels,
                        replicas,
                        selector,
                        template,
                        max_surge,
                        max_unavailable,
                        recreate,
                        min_ready_seconds,
                    });
                }
            }
            "ReplicaSet" | "ReplicationController" => {
                let rc = kind == "ReplicationController";
                let (replicas, selector, template) = workload(&mut ctx, &spec, &ns, rc);
                // `kubectl get deploy,rs` dumps the Deployment's ReplicaSets with their owner
                // reference and revision: the Deployment controller adopts them (docs/SEMANTICS.md#c11).
                let revision = v
                    .pointer("/metadata/annotations/deployment.kubernetes.io~1revision")
                    .and_then(Value::as_str)
                    .and_then(|r| r.parse::<u32>().ok())
                    .unwrap_or(1);
                if !ctx.failed {
                    self.out.cluster.replica_sets.push(ReplicaSet {
                        name,
                        namespace: ns,
                        labels: meta_labels,
                        owner: controller_ref(v),
                        replicas,
                        selector,
                        template,
                        revision,
                        kind: kind.clone(),
                    });
                }
            }
            "StatefulSet" => {
                let (replicas, selector, template) = workload(&mut ctx, &spec, &ns, false);
                let parallel = match ctx.string(&spec, "podManagementPolicy", "spec").as_deref() {
                    None | Some("OrderedReady") => false,
                    Some("Parallel") => true,
                    Some(other) => {
                        ctx.error(
                            "spec.podManagementPolicy",
                            msg!(
                                "k8s-import-bad-pod-management-policy",
                                "{value} is not OrderedReady or Parallel",
                                value = quoted(other)
                            ),
                        );
                        false
                    }
                };
                let volume_claim_templates = storage::claim_templates(&mut ctx, &spec, &ns);
                if !ctx.failed {
                    self.out.cluster.stateful_sets.push(StatefulSet {
                        name,
                        namespace: ns,
                        replicas,
                        selector,
                        template,
                        parallel,
                        volume_claim_templates,
                    });
                }
            }
            "Job" => {
                let owner = controller_ref(v);
                let status = v.get("status").cloned().unwrap_or(Value::Null);
                if let Some(job) = parse_job(&mut ctx, &spec, &status, "spec", &ns, &name, owner) {
                    if !ctx.failed {
                        self.out.cluster.jobs.push(job);
                    }
                }
            }
            "CronJob" => {
                if let Some(cj) = parse_cron_job(&mut ctx, &spec, &ns, &name) {
                    if !ctx.failed {
                        self.out.cluster.cron_jobs.push(cj);
                    }
                }
            }
            "DaemonSet" => {
                let (_, selector, template) = workload(&mut ctx, &spec, &ns, false);
                if !ctx.failed {
                    self.out.cluster.daemon_sets.push(DaemonSet {
                        name,
                        namespace: ns,
                        selector,
                        template,
                    });
                }
            }
            "Service" => {
                let selector = spec
                    .get("selector")
                    .map(|_| ctx.string_map(&spec, "selector", "spec"));
                let mut ports = Vec::new();
                for (i, p) in ctx.list(&spec, "ports", "spec").iter().enumerate() {
                    if let Some(port) = ctx.int(p, "port", &idx("spec", "ports", i)) {
                        ports.push(port as i32);
                    }
                }
                if !ctx.failed {
                    self.out.cluster.services.push(Service {
                        name,
                        namespace: ns,
                        selector,
                        ports,
                    });
                }
            }
            "PodDisruptionBudget" => {
                let selector = ctx
                    .obj(&spec, "selector", "spec")
                    .map(|s| parse_label_selector(&mut ctx, s, "spec.selector"));
                let min_available = int_or_percent(&mut ctx, &spec, "minAvailable", "spec");
                let max_unavailable = int_or_percent(&mut ctx, &spec, "maxUnavailable", "spec");
                if min_available.is_some() && max_unavailable.is_some() {
                    ctx.error(
                        "spec",
                        msg!(
                            "k8s-import-pdb-exclusive",
                            "minAvailable and maxUnavailable are mutually exclusive"
                        ),
                    );
                }
                if !ctx.failed {
                    self.out
                        .cluster
                        .pod_disruption_budgets
                        .push(PodDisruptionBudget {
                            name,
                            namespace: ns,
                            selector: selector.unwrap_or_default(),
                            min_available,
                            max_unavailable,
                        });
                }
            }
            "KubeSchedulerConfiguration" => match parse_scheduler_config_value(v) {
                Ok((cfg, warnings)) => {
                    for w in warnings {
                        ctx.warn("", w);
                    }
                    self.out.scheduler_config = Some(cfg);
                }
                Err(e) => ctx.error(&e.field, e.text()),
            },
            "StorageClass" => {
                let class = storage::storage_class(&mut ctx, v, name);
                if !ctx.failed {
                    self.out.cluster.storage.classes.push(class);
                }
            }
            "PersistentVolume" => {
                let pv = storage::persistent_volume(&mut ctx, &spec, name, meta_labels);
                if !ctx.failed {
                    self.out.cluster.storage.volumes.push(pv);
                }
            }
            "PersistentVolumeClaim" => {
                let claim =
                    storage::claim_spec(&mut ctx, v.get("metadata"), &spec, "spec", name, ns);
                if !ctx.failed {
                    self.out.cluster.storage.claims.push(claim);
                }
            }
            "CSINode" => {
                let node = storage::csi_node(&mut ctx, &spec, name);
                if !ctx.failed {
                    self.out.cluster.storage.csi_nodes.push(node);
                }
            }
            other => ctx.warn(
                "kind",
                msg!(
                    "k8s-import-unknown-kind",
                    "unknown kind {kind} skipped",
                    kind = quoted(other)
                ),
            ),
        }
    }
}

fn int_or_percent(ctx: &mut Ctx, v: &Value, key: &str, path: &str) -> Option<IntOrPercent> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) if i >= 0 => Some(IntOrPercent::Int(i)),
            _ => {
                ctx.error(
                    &join(path, key),
                    msg!(
                        "k8s-import-expected-int-or-percent-non-negative",
                        "expected a non-negative integer or a percentage"
                    ),
                );
                None
            }
        },
        Some(Value::String(s)) => match s.strip_suffix('%').map(str::parse::<i64>) {
            Some(Ok(p)) if p >= 0 => Some(IntOrPercent::Percent(p)),
            _ => match s.parse::<i64>() {
                Ok(i) if i >= 0 => Some(IntOrPercent::Int(i)),
                _ => {
                    ctx.error(
                        &join(path, key),
                        msg!(
                            "k8s-import-not-int-or-percent",
                            "{value} is neither an integer nor a percentage",
                            value = quoted(s)
                        ),
                    );
                    None
                }
            },
        },
        Some(_) => {
            ctx.error(
                &join(path, key),
                msg!(
                    "k8s-import-expected-int-or-percent",
                    "expected an integer or a percentage"
                ),
            );
            None
        }
    }
}

/// The owner reference with `controller: true` (else the first one), as the controllers use it.
fn controller_ref(v: &Value) -> Option<OwnerRef> {
    let refs = v
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)?;
    let r = refs
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .or_else(|| refs.first())?;
    Some(OwnerRef {
        kind: r.get("kind").and_then(Value::as_str).unwrap_or("").into(),
        name: r.get("name").and_then(Value::as_str).unwrap_or("").into(),
    })
}

/// A pod template at `path` (`spec.template`, `spec.jobTemplate.spec.template`).
fn pod_template(ctx: &mut Ctx, spec: &Value, ns: &str, path: &str) -> PodTemplate {
    let tv = spec.get("template").cloned().unwrap_or(Value::Null);
    let labels = match tv.get("metadata") {
        Some(m) => ctx.string_map(m, "labels", &join(path, "template.metadata")),
        None => Labels::new(),
    };
    let tspec = tv.get("spec").cloned().unwrap_or(Value::Null);
    let mut pod = parse_pod_spec(ctx, &tspec, &join(path, "template.spec"));
    pod.namespace = ns.to_string();
    pod.labels = labels.clone();
    PodTemplate { labels, spec: pod }
}

/// A Job's spec (also a CronJob's `jobTemplate.spec`) and status.
fn parse_job(
    ctx: &mut Ctx,
    spec: &Value,
    status: &Value,
    path: &str,
    ns: &str,
    name: &str,
    owner: Option<OwnerRef>,
) -> Option<Job> {
    if !spec.is_object() {
        ctx.error(
            path,
            msg!("k8s-import-missing-job-spec", "missing job spec"),
        );
        return None;
    }
    let count = |ctx: &mut Ctx, key: &str, default: Option<i64>| -> Option<i32> {
        match ctx.int(spec, key, path) {
            Some(n) if !(0..=100_000).contains(&n) => {
                ctx.error(
                    &join(path, key),
                    msg!(
                        "k8s-import-out-of-range",
                        "{n} is out of range {range}",
                        n,
                        range = "0..=100000"
                    ),
                );
                None
            }
            Some(n) => Some(n as i32),
            None => default.map(|d| d as i32),
        }
    };
    let completions = count(ctx, "completions", None);
    let parallelism = count(ctx, "parallelism", Some(1)).unwrap_or(1);
    let backoff_limit = count(ctx, "backoffLimit", Some(6)).unwrap_or(6);
    let mut template = pod_template(ctx, spec, ns, path);
    // The Job controller labels its pods with the Job's name.
    template.labels.insert("job-name".into(), name.to_string());
    template.spec.labels = template.labels.clone();
    let rp = join(path, "template.spec.restartPolicy");
    match spec
        .pointer("/template/spec/restartPolicy")
        .and_then(Value::as_str)
    {
        Some("OnFailure" | "Never") => {}
        other => ctx.error(
            &rp,
            msg_got!(
                "k8s-import-job-restart-policy",
                "a Job's pods must have restartPolicy OnFailure or Never, got {got}",
                other
            ),
        ),
    }
    let succeeded = ctx
        .int(status, "succeeded", "status")
        .unwrap_or(0)
        .clamp(0, 100_000) as i32;
    let complete = status.get("completionTime").is_some_and(|t| !t.is_null())
        || status
            .get("conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| {
                matches!(
                    c.get("type").and_then(Value::as_str),
                    Some("Complete" | "Failed")
                ) && c.get("status").and_then(Value::as_str) == Some("True")
            });
    let suspend = ctx.bool(spec, "suspend", path);
    Some(Job {
        name: name.to_string(),
        namespace: ns.to_string(),
        owner,
        completions,
        parallelism,
        backoff_limit,
        template,
        succeeded,
        done: complete || suspend,
        failed: false,
    })
}

fn parse_cron_job(ctx: &mut Ctx, spec: &Value, ns: &str, name: &str) -> Option<CronJob> {
    let Some(schedule) = ctx.string(spec, "schedule", "spec") else {
        ctx.error("spec.schedule", msg!("k8s-import-missing", "missing"));
        return None;
    };
    let (minutes, hours) = match parse_cron(&schedule) {
        Ok((m, h, note)) => {
            if let Some(note) = note {
                ctx.warn("spec.schedule", note);
            }
            (m, h)
        }
        Err(e) => {
            ctx.error(
                "spec.schedule",
                msg!(
                    "k8s-import-bad-schedule",
                    "{schedule}: {e}",
                    schedule = quoted(&schedule),
                    e
                ),
            );
            return None;
        }
    };
    ctx.warn(
        "spec.schedule",
        msg!(
            "k8s-import-cron-simulated-time",
            "{schedule} runs in simulated time, assumed to start at 00:00: `simulate` creates its Jobs, the cluster at t = 0 (`schedule`) has none yet",
            schedule = quoted(&schedule)
        ),
    );
    if spec.get("timeZone").is_some_and(|t| !t.is_null()) {
        ctx.warn(
            "spec.timeZone",
            msg!(
                "k8s-import-cron-time-zone",
                "time zones are not simulated: the schedule is read in simulated time (assumed UTC)"
            ),
        );
    }
    let concurrency = match ctx.string(spec, "concurrencyPolicy", "spec").as_deref() {
        None | Some("Allow") => "Allow".to_string(),
        Some(p @ ("Forbid" | "Replace")) => p.to_string(),
        Some(other) => {
            ctx.error(
                "spec.concurrencyPolicy",
                msg!(
                    "k8s-import-bad-concurrency-policy",
                    "{value} is not Allow, Forbid or Replace",
                    value = quoted(other)
                ),
            );
            return None;
        }
    };
    let suspend = ctx.bool(spec, "suspend", "spec");
    let limit = |ctx: &mut Ctx, key: &str, default: i64| match ctx.int(spec, key, "spec") {
        Some(n) if !(0..=1000).contains(&n) => {
            ctx.error(
                &join("spec", key),
                msg!(
                    "k8s-import-out-of-range",
                    "{n} is out of range {range}",
                    n,
                    range = "0..=1000"
                ),
            );
            default as i32
        }
        Some(n) => n as i32,
        None => default as i32,
    };
    let successful_history = limit(ctx, "successfulJobsHistoryLimit", 3);
    let failed_history = limit(ctx, "failedJobsHistoryLimit", 1);
    let jt = spec.get("jobTemplate").cloned().unwrap_or(Value::Null);
    let jspec = jt.get("spec").cloned().unwrap_or(Value::Null);
    let job = parse_job(
        ctx,
        &jspec,
        &Value::Null,
        "spec.jobTemplate.spec",
        ns,
        name,
        Some(OwnerRef {
            kind: "CronJob".into(),
            name: name.to_string(),
        }),
    )?;
    Some(CronJob {
        name: name.to_string(),
        namespace: ns.to_string(),
        schedule,
        minutes,
        hours,
        suspend,
        concurrency,
        successful_history,
        failed_history,
        job,
    })
}

/// A cron schedule's minute and hour fields (`*`, `*/n`, `a`, `a-b`, `a-b/n`, lists; the
/// `@hourly`/`@daily` macros). The day fields are not simulated: anything but `*`/`?` there is
/// reported as an assumption (the note) and treated as matching every day.
pub fn parse_cron(schedule: &str) -> Result<(CronField, CronField, Option<Text>), Text> {
    let expanded = match schedule.trim() {
        "@hourly" => "0 * * * *",
        "@daily" | "@midnight" => "0 0 * * *",
        "@weekly" => "0 0 * * 0",
        "@monthly" => "0 0 1 * *",
        "@yearly" | "@annually" => "0 0 1 1 *",
        s if s.starts_with('@') => {
            return Err(msg!("k8s-cron-unknown-macro", "unknown macro {s}", s))
        }
        s => s,
    };
    let fields: Vec<&str> = expanded.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(msg!(
            "k8s-cron-field-count",
            "expected 5 fields (minute hour day-of-month month day-of-week), got {n}",
            n = fields.len()
        ));
    }
    // One field's values, or why not in words that name the field.
    let in_field = |f: &str, lo: u32, hi: u32, what: &Text| {
        cron_field(f, lo, hi).map_err(|e| msg!("k8s-cron-in-field", "{what} field: {e}", what, e))
    };
    let minutes = in_field(fields[0], 0, 59, &msg!("k8s-cron-minute", "minute"))?;
    let hours = in_field(fields[1], 0, 23, &msg!("k8s-cron-hour", "hour"))?;
    let ranges = [
        (1, 31, msg!("k8s-cron-day-of-month", "day-of-month")),
        (1, 12, msg!("k8s-cron-month", "month")),
        (0, 7, msg!("k8s-cron-day-of-week", "day-of-week")),
    ];
    let mut assumed = Vec::new();
    for (f, (lo, hi, what)) in fields[2..].iter().zip(ranges) {
        if *f == "*" || *f == "?" {
            continue;
        }
        // Month and weekday names are valid cron; only numbers are checked here.
        if f.chars().all(|c| c.is_ascii_digit() || ",-/*".contains(c)) {
            in_field(f, lo, hi, &what)?;
        }
        assumed.push(msg!(
            "k8s-cron-assumed-field",
            "{what} {value}",
            what,
            value = quoted(f)
        ));
    }
    let note = (!assumed.is_empty()).then(|| {
        let fields = Text::join(assumed, ", ");
        msg!(
            "k8s-cron-days-assumed",
            "only the minute and hour fields are simulated; {fields} assumed to match every day",
            fields
        )
    });
    Ok((minutes, hours, note))
}

fn cron_field(f: &str, lo: u32, hi: u32) -> Result<CronField, Text> {
    let mut out = std::collections::BTreeSet::new();
    for part in f.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                let step: u32 = s
                    .parse()
                    .map_err(|_| msg!("k8s-cron-bad-step", "bad step {s}", s = quoted(s)))?;
                if step == 0 {
                    return Err(msg!("k8s-cron-step-zero", "a step must be at least 1"));
                }
                (r, step)
            }
            None => (part, 1),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            let a: u32 = a
                .parse()
                .map_err(|_| msg!("k8s-cron-bad-value", "bad value {v}", v = quoted(a)))?;
            let b: u32 = b
                .parse()
                .map_err(|_| msg!("k8s-cron-bad-value", "bad value {v}", v = quoted(b)))?;
            (a, b)
        } else {
            let a: u32 = range
                .parse()
                .map_err(|_| msg!("k8s-cron-bad-value", "bad value {v}", v = quoted(range)))?;
            // `a/n` means from a to the end.
            (a, if part.contains('/') { hi } else { a })
        };
        if a < lo || b > hi || a > b {
            return Err(msg!(
                "k8s-cron-outside",
                "{part} is outside {lo}-{hi}",
                part = quoted(part),
                lo,
                hi
            ));
        }
        out.extend((a..=b).step_by(step as usize));
    }
    Ok(CronField(out.into_iter().collect()))
}

fn workload(
    ctx: &mut Ctx,
    spec: &Value,
    ns: &str,
    plain_selector: bool,
) -> (i32, LabelSelector, PodTemplate) {
    let replicas = ctx.int(spec, "replicas", "spec").unwrap_or(1);
    let replicas = if !(0..=100_000).contains(&replicas) {
        ctx.error(
            "spec.replicas",
            msg!(
                "k8s-import-out-of-range",
                "{n} is out of range {range}",
                n = replicas,
                range = "0..=100000"
            ),
        );
        0
    } else {
        replicas as i32
    };
    // A ReplicationController's selector is a plain label map, not a LabelSelector.
    let selector = match ctx.obj(spec, "selector", "spec") {
        Some(_) if plain_selector => LabelSelector {
            match_labels: ctx.string_map(spec, "selector", "spec"),
            match_expressions: vec![],
        },
        Some(s) => parse_label_selector(ctx, s, "spec.selector"),
        None => LabelSelector::default(),
    };
    let PodTemplate { labels, spec: pod } = pod_template(ctx, spec, ns, "spec");
    if selector.is_empty() && plain_selector {
        // The API server defaults an RC's selector to its template labels.
        let sel = LabelSelector {
            match_labels: labels.clone(),
            match_expressions: vec![],
        };
        return (replicas, sel, PodTemplate { labels, spec: pod });
    }
    if selector.is_empty() {
        ctx.warn(
            "spec.selector",
            msg!(
                "k8s-import-no-selector",
                "missing selector; using the template labels"
            ),
        );
        let sel = LabelSelector {
            match_labels: labels.clone(),
            match_expressions: vec![],
        };
        return (replicas, sel, PodTemplate { labels, spec: pod });
    }
    if !selector.matches(&labels) {
        ctx.error(
            "spec.template.metadata.labels",
            msg!(
                "k8s-import-selector-mismatch",
                "selector does not match template labels"
            ),
        );
    }
    (replicas, selector, PodTemplate { labels, spec: pod })
}

fn parse_node(ctx: &mut Ctx, v: &Value, name: String, mut labels: Labels) -> Option<Node> {
    let mut node = Node {
        name: name.clone(),
        ..Node::default()
    };
    labels
        .entry(LABEL_HOSTNAME.to_string())
        .or_insert_with(|| name.clone());
    node.labels = labels;
    let spec = v.get("spec").cloned().unwrap_or(Value::Null);
    node.unschedulable = ctx.bool(&spec, "unschedulable", "spec");
    node.instance = ctx
        .string(&spec, "providerID", "spec")
        .and_then(|p| p.rsplit('/').next().map(str::to_string))
        .filter(|s| s.starts_with("i-"));
    for (i, t) in ctx.list(&spec, "taints", "spec").iter().enumerate() {
        let path = idx("spec", "taints", i);
        let key = ctx.string(t, "key", &path).unwrap_or_default();
        let value = ctx.string(t, "value", &path).unwrap_or_default();
        let effect = match ctx.string(t, "effect", &path).as_deref() {
            Some("NoSchedule") => TaintEffect::NoSchedule,
            Some("PreferNoSchedule") => TaintEffect::PreferNoSchedule,
            Some("NoExecute") => TaintEffect::NoExecute,
            other => {
                ctx.error(
                    &join(&path, "effect"),
                    msg_got!(
                        "k8s-import-bad-node-taint-effect",
                        "{got} is not NoSchedule, PreferNoSchedule or NoExecute",
                        other
                    ),
                );
                continue;
            }
        };
        node.taints.push(Taint {
            key,
            value,
            effect,
            time_added: None,
        });
    }
    let status = v.get("status").cloned().unwrap_or(Value::Null);
    let field = if status.get("allocatable").is_some() {
        "allocatable"
    } else {
        "capacity"
    };
    let list = ctx.resource_list(&status, field, "status");
    if list.is_empty() {
        ctx.warn(
            &join("status", field),
            msg!(
                "k8s-import-node-no-allocatable",
                "node has no allocatable resources; pods with requests will not fit"
            ),
        );
    }
    node.allocatable = Resources::from_list(&list);
    match list.get("pods") {
        Some(p) => node.allowed_pod_number = *p,
        None => {
            let from_type = node_instance_type(&node).and_then(max_pods);
            node.allowed_pod_number = from_type.unwrap_or(KUBELET_DEFAULT_MAX_PODS);
            let why = match from_type {
                Some(n) => msg!(
                    "k8s-import-node-pods-from-type",
                    "no pods capacity; using {n} from the instance type (VPC CNI max pods)",
                    n
                ),
                None => msg!(
                    "k8s-import-node-pods-default",
                    "no pods capacity; assuming the kubelet default {n}",
                    n = KUBELET_DEFAULT_MAX_PODS
                ),
            };
            ctx.warn(&join(&join("status", field), "pods"), why);
        }
    }
    for (i, im) in ctx.list(&status, "images", "status").iter().enumerate() {
        let path = idx("status", "images", i);
        let names: Vec<String> = ctx
            .list(im, "names", &path)
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        let size = ctx.int(im, "sizeBytes", &path).unwrap_or(0);
        node.images.push(ImageState {
            names,
            size_bytes: size,
        });
    }
    let mut condition_taints: Vec<&str> = Vec::new();
    for c in status
        .get("conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // TaintNodesByCondition: a node under pressure carries the matching NoSchedule taint.
        let pressure = match c.get("type").and_then(Value::as_str) {
            Some("MemoryPressure") => Some(TAINT_MEMORY_PRESSURE),
            Some("DiskPressure") => Some(TAINT_DISK_PRESSURE),
            Some("PIDPressure") => Some(TAINT_PID_PRESSURE),
            Some("NetworkUnavailable") => Some(TAINT_NETWORK_UNAVAILABLE),
            _ => None,
        };
        if let Some(key) = pressure {
            if c.get("status").and_then(Value::as_str) == Some("True") {
                condition_taints.push(key);
            }
        }
        if c.get("type").and_then(Value::as_str) == Some("Ready") {
            node.ready = match c.get("status").and_then(Value::as_str) {
                Some("False") => ConditionStatus::False,
                Some("Unknown") => ConditionStatus::Unknown,
                _ => ConditionStatus::True,
            };
        }
    }
    // TaintNodesByCondition: a node that is not Ready carries the matching NoSchedule taint.
    let condition_taint = match node.ready {
        ConditionStatus::True => None,
        ConditionStatus::False => Some(TAINT_NOT_READY),
        ConditionStatus::Unknown => Some(TAINT_UNREACHABLE),
    };
    condition_taints.extend(condition_taint);
    for key in condition_taints {
        if !node
            .taints
            .iter()
            .any(|t| t.key == key && t.effect == TaintEffect::NoSchedule)
        {
            node.taints.push(Taint {
                key: key.into(),
                value: String::new(),
                effect: TaintEffect::NoSchedule,
                time_added: None,
            });
        }
    }
    Some(node)
}

fn requirement(ctx: &mut Ctx, v: &Value, path: &str, node_ops: bool) -> Option<Requirement> {
    let key = ctx.string(v, "key", path)?;
    let op = ctx.string(v, "operator", path).unwrap_or_default();
    let operator = match op.as_str() {
        "In" => SelectorOperator::In,
        "NotIn" => SelectorOperator::NotIn,
        "Exists" => SelectorOperator::Exists,
        "DoesNotExist" => SelectorOperator::DoesNotExist,
        "Gt" if node_ops => SelectorOperator::Gt,
        "Lt" if node_ops => SelectorOperator::Lt,
        other => {
            ctx.error(
                &join(path, "operator"),
                msg!(
                    "k8s-import-bad-selector-operator",
                    "unsupported operator {value}",
                    value = quoted(other)
                ),
            );
            return None;
        }
    };
    let values: Vec<String> = ctx
        .list(v, "values", path)
        .iter()
        .map(|x| match x {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    Some(Requirement {
        key,
        operator,
        values,
    })
}

fn parse_label_selector(ctx: &mut Ctx, v: &Value, path: &str) -> LabelSelector {
    let match_labels = ctx.string_map(v, "matchLabels", path);
    let mut match_expressions = Vec::new();
    for (i, e) in ctx.list(v, "matchExpressions", path).iter().enumerate() {
        if let Some(r) = requirement(ctx, e, &idx(path, "matchExpressions", i), false) {
            match_expressions.push(r);
        }
    }
    LabelSelector {
        match_labels,
        match_expressions,
    }
}

fn node_selector_term(ctx: &mut Ctx, v: &Value, path: &str) -> NodeSelectorTerm {
    let mut t = NodeSelectorTerm::default();
    for (i, e) in ctx.list(v, "matchExpressions", path).iter().enumerate() {
        if let Some(r) = requirement(ctx, e, &idx(path, "matchExpressions", i), true) {
            t.match_expressions.push(r);
        }
    }
    for (i, e) in ctx.list(v, "matchFields", path).iter().enumerate() {
        if let Some(r) = requirement(ctx, e, &idx(path, "matchFields", i), true) {
            t.match_fields.push(r);
        }
    }
    t
}

fn pod_affinity_term(ctx: &mut Ctx, v: &Value, path: &str) -> PodAffinityTerm {
    let label_selector = ctx
        .obj(v, "labelSelector", path)
        .map(|s| parse_label_selector(ctx, s, &join(path, "labelSelector")));
    let namespace_selector = ctx
        .obj(v, "namespaceSelector", path)
        .map(|s| parse_label_selector(ctx, s, &join(path, "namespaceSelector")));
    let namespaces = ctx
        .list(v, "namespaces", path)
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    let topology_key = ctx.string(v, "topologyKey", path).unwrap_or_default();
    if topology_key.is_empty() {
        ctx.error(
            &join(path, "topologyKey"),
            msg!("k8s-import-must-not-be-empty", "must not be empty"),
        );
    }
    PodAffinityTerm {
        label_selector,
        namespaces,
        namespace_selector,
        topology_key,
    }
}

fn pod_affinity(ctx: &mut Ctx, v: &Value, path: &str) -> PodAffinity {
    let mut a = PodAffinity::default();
    let req_key = "requiredDuringSchedulingIgnoredDuringExecution";
    for (i, t) in ctx.list(v, req_key, path).iter().enumerate() {
        a.required
            .push(pod_affinity_term(ctx, t, &idx(path, req_key, i)));
    }
    let pref_key = "preferredDuringSchedulingIgnoredDuringExecution";
    for (i, t) in ctx.list(v, pref_key, path).iter().enumerate() {
        let p = idx(path, pref_key, i);
        let weight = ctx.int(t, "weight", &p).unwrap_or(0);
        if !(1..=100).contains(&weight) {
            ctx.error(
                &join(&p, "weight"),
                msg!(
                    "k8s-import-weight-range",
                    "{n} must be in 1..=100",
                    n = weight
                ),
            );
        }
        let term = match ctx.obj(t, "podAffinityTerm", &p) {
            Some(pt) => pod_affinity_term(ctx, pt, &join(&p, "podAffinityTerm")),
            None => PodAffinityTerm::default(),
        };
        a.preferred.push(WeightedPodAffinityTerm {
            weight: weight as i32,
            term,
        });
    }
    a
}

fn probe(ctx: &mut Ctx, v: &Value, key: &str, path: &str) -> Option<Probe> {
    let p = ctx.obj(v, key, path)?;
    let path = join(path, key);
    let d = Probe::default();
    // The API server's minimums (ValidateProbe): a value below one is refused, not clamped.
    let mut field = |name: &str, default: i64, min: i64| match ctx.int(p, name, &path) {
        Some(n) if n < min => {
            ctx.error(
                &join(&path, name),
                msg!(
                    "k8s-import-below-minimum",
                    "{n} is below the minimum of {min}",
                    n,
                    min
                ),
            );
            default
        }
        Some(n) => n,
        None => default,
    };
    Some(Probe {
        initial_delay_seconds: field("initialDelaySeconds", d.initial_delay_seconds, 0),
        period_seconds: field("periodSeconds", d.period_seconds, 1),
        failure_threshold: field("failureThreshold", d.failure_threshold, 1),
        success_threshold: field("successThreshold", d.success_threshold, 1),
    })
}

fn container(ctx: &mut Ctx, v: &Value, path: &str) -> Container {
    let mut c = Container {
        name: ctx.string(v, "name", path).unwrap_or_default(),
        image: ctx.string(v, "image", path).unwrap_or_default(),
        ..Container::default()
    };
    if let Some(res) = ctx.obj(v, "resources", path) {
        let rp = join(path, "resources");
        c.requests = ctx.resource_list(res, "requests", &rp);
        c.limits = ctx.resource_list(res, "limits", &rp);
        // Kubernetes defaults requests to limits when only limits are given.
        for (k, l) in c.limits.clone() {
            c.requests.entry(k).or_insert(l);
        }
    }
    for (i, p) in ctx.list(v, "ports", path).iter().enumerate() {
        let pp = idx(path, "ports", i);
        c.ports.push(ContainerPort {
            name: ctx.string(p, "name", &pp).unwrap_or_default(),
            container_port: ctx.int(p, "containerPort", &pp).unwrap_or(0) as i32,
            host_port: ctx.int(p, "hostPort", &pp).unwrap_or(0) as i32,
            protocol: ctx
                .string(p, "protocol", &pp)
                .unwrap_or_else(|| "TCP".into()),
            host_ip: ctx
                .string(p, "hostIP", &pp)
                .unwrap_or_else(|| "0.0.0.0".into()),
        });
    }
    c.restart_policy_always = ctx.string(v, "restartPolicy", path).as_deref() == Some("Always");
    c.readiness_probe = probe(ctx, v, "readinessProbe", path);
    c.liveness_probe = probe(ctx, v, "livenessProbe", path);
    c
}

/// Parses a PodSpec (also used for templates). Never fails: problems go to `ctx`.
fn parse_pod_spec(ctx: &mut Ctx, spec: &Value, path: &str) -> Pod {
    let mut pod = Pod::default();
    if !spec.is_object() {
        ctx.warn(
            path,
            msg!("k8s-import-missing-pod-spec", "missing pod spec"),
        );
        return pod;
    }
    for (i, c) in ctx.list(spec, "containers", path).iter().enumerate() {
        let c = container(ctx, c, &idx(path, "containers", i));
        pod.containers.push(c);
    }
    if pod.containers.is_empty() {
        ctx.warn(
            &join(path, "containers"),
            msg!(
                "k8s-import-no-containers",
                "pod has no containers; it requests nothing"
            ),
        );
    }
    for (i, c) in ctx.list(spec, "initContainers", path).iter().enumerate() {
        let c = container(ctx, c, &idx(path, "initContainers", i));
        pod.init_containers.push(c);
    }
    pod.overhead = ctx.resource_list(spec, "overhead", path);
    pod.claims = storage::pod_claims(ctx, spec, path);
    if let Some(res) = ctx.obj(spec, "resources", path) {
        // PodLevelResources: cpu, memory and hugepages only (the API server refuses others);
        // requests default to limits like a container's.
        let rp = join(path, "resources");
        let requests = ctx.resource_list(res, "requests", &rp);
        let limits = ctx.resource_list(res, "limits", &rp);
        for (list, key) in [(&requests, "requests"), (&limits, "limits")] {
            for name in list.keys() {
                if !(name == "cpu" || name == "memory" || name.starts_with("hugepages-")) {
                    ctx.error(
                        &join(&join(&rp, key), name),
                        msg!(
                            "k8s-import-pod-level-resource",
                            "{name} is not supported at pod level (only cpu, memory and hugepages-*)",
                            name = quoted(name)
                        ),
                    );
                }
            }
        }
        pod.pod_requests = requests;
        for (k, l) in &limits {
            pod.pod_requests.entry(k.clone()).or_insert(*l);
        }
        pod.pod_limits = limits;
    }
    pod.node_name = ctx.string(spec, "nodeName", path).filter(|s| !s.is_empty());
    pod.node_selector = ctx.string_map(spec, "nodeSelector", path);
    pod.priority = ctx
        .int(spec, "priority", path)
        .unwrap_or(0)
        .clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    pod.preemption_never = ctx.string(spec, "preemptionPolicy", path).as_deref() == Some("Never");
    pod.scheduler_name = ctx
        .string(spec, "schedulerName", path)
        .unwrap_or_else(|| "default-scheduler".into());
    pod.termination_grace_period_seconds = ctx
        .int(spec, "terminationGracePeriodSeconds", path)
        .unwrap_or(30)
        .max(0);
    pod.restart_policy = match ctx.string(spec, "restartPolicy", path).as_deref() {
        None | Some("Always") => RestartPolicy::Always,
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Never") => RestartPolicy::Never,
        Some(other) => {
            ctx.error(
                &join(path, "restartPolicy"),
                msg!(
                    "k8s-import-bad-restart-policy",
                    "{value} is not Always, OnFailure or Never",
                    value = quoted(other)
                ),
            );
            RestartPolicy::Always
        }
    };
    for g in ctx.list(spec, "schedulingGates", path) {
        if let Some(n) = g.get("name").and_then(Value::as_str) {
            pod.scheduling_gates.push(n.to_string());
        }
    }
    for (i, t) in ctx.list(spec, "tolerations", path).iter().enumerate() {
        let tp = idx(path, "tolerations", i);
        let operator = match ctx.string(t, "operator", &tp).as_deref() {
            None | Some("Equal") => TolerationOperator::Equal,
            Some("Exists") => TolerationOperator::Exists,
            Some(other) => {
                ctx.error(
                    &join(&tp, "operator"),
                    msg!(
                        "k8s-import-bad-toleration-operator",
                        "{value} is not Equal or Exists",
                        value = quoted(other)
                    ),
                );
                continue;
            }
        };
        let effect = match ctx.string(t, "effect", &tp).as_deref() {
            None | Some("") => None,
            Some("NoSchedule") => Some(TaintEffect::NoSchedule),
            Some("PreferNoSchedule") => Some(TaintEffect::PreferNoSchedule),
            Some("NoExecute") => Some(TaintEffect::NoExecute),
            Some(other) => {
                ctx.error(
                    &join(&tp, "effect"),
                    msg!(
                        "k8s-import-bad-toleration-effect",
                        "{value} is not a taint effect",
                        value = quoted(other)
                    ),
                );
                continue;
            }
        };
        pod.tolerations.push(Toleration {
            key: ctx.string(t, "key", &tp).unwrap_or_default(),
            operator,
            value: ctx.string(t, "value", &tp).unwrap_or_default(),
            effect,
            toleration_seconds: ctx.int(t, "tolerationSeconds", &tp),
        });
    }
    if let Some(aff) = ctx.obj(spec, "affinity", path) {
        let ap = join(path, "affinity");
        if let Some(na) = ctx.obj(aff, "nodeAffinity", &ap) {
            let np = join(&ap, "nodeAffinity");
            let mut out = NodeAffinity::default();
            let rk = "requiredDuringSchedulingIgnoredDuringExecution";
            if let Some(req) = ctx.obj(na, rk, &np) {
                let rp = join(&np, rk);
                let terms = ctx
                    .list(req, "nodeSelectorTerms", &rp)
                    .iter()
                    .enumerate()
                    .map(|(i, t)| node_selector_term(ctx, t, &idx(&rp, "nodeSelectorTerms", i)))
                    .collect();
                out.required = Some(terms);
            }
            let pk = "preferredDuringSchedulingIgnoredDuringExecution";
            for (i, t) in ctx.list(na, pk, &np).iter().enumerate() {
                let p = idx(&np, pk, i);
                let weight = ctx.int(t, "weight", &p).unwrap_or(0);
                if !(1..=100).contains(&weight) {
                    ctx.error(
                        &join(&p, "weight"),
                        msg!(
                            "k8s-import-weight-range",
                            "{n} must be in 1..=100",
                            n = weight
                        ),
                    );
                }
                let preference = match ctx.obj(t, "preference", &p) {
                    Some(pref) => node_selector_term(ctx, pref, &join(&p, "preference")),
                    None => NodeSelectorTerm::default(),
                };
                out.preferred.push(PreferredSchedulingTerm {
                    weight: weight as i32,
                    preference,
                });
            }
            pod.affinity.node_affinity = Some(out);
        }
        if let Some(pa) = ctx.obj(aff, "podAffinity", &ap) {
            pod.affinity.pod_affinity = Some(pod_affinity(ctx, pa, &join(&ap, "podAffinity")));
        }
        if let Some(pa) = ctx.obj(aff, "podAntiAffinity", &ap) {
            pod.affinity.pod_anti_affinity =
                Some(pod_affinity(ctx, pa, &join(&ap, "podAntiAffinity")));
        }
    }
    for (i, c) in ctx
        .list(spec, "topologySpreadConstraints", path)
        .iter()
        .enumerate()
    {
        let cp = idx(path, "topologySpreadConstraints", i);
        let max_skew = ctx.int(c, "maxSkew", &cp).unwrap_or(0);
        if max_skew < 1 {
            ctx.error(
                &join(&cp, "maxSkew"),
                msg!("k8s-import-at-least-one", "must be at least 1"),
            );
        }
        let topology_key = ctx.string(c, "topologyKey", &cp).unwrap_or_default();
        if topology_key.is_empty() {
            ctx.error(
                &join(&cp, "topologyKey"),
                msg!("k8s-import-must-not-be-empty", "must not be empty"),
            );
        }
        let when_unsatisfiable = match ctx.string(c, "whenUnsatisfiable", &cp).as_deref() {
            Some("DoNotSchedule") => WhenUnsatisfiable::DoNotSchedule,
            Some("ScheduleAnyway") => WhenUnsatisfiable::ScheduleAnyway,
            other => {
                ctx.error(
                    &join(&cp, "whenUnsatisfiable"),
                    msg_got!(
                        "k8s-import-bad-when-unsatisfiable",
                        "{got} is not DoNotSchedule or ScheduleAnyway",
                        other
                    ),
                );
                WhenUnsatisfiable::DoNotSchedule
            }
        };
        let label_selector = ctx
            .obj(c, "labelSelector", &cp)
            .map(|s| parse_label_selector(ctx, s, &join(&cp, "labelSelector")));
        let policy = |ctx: &mut Ctx, key: &str| match ctx.string(c, key, &cp).as_deref() {
            None => None,
            Some("Honor") => Some(InclusionPolicy::Honor),
            Some("Ignore") => Some(InclusionPolicy::Ignore),
            Some(other) => {
                ctx.error(
                    &join(&cp, key),
                    msg!(
                        "k8s-import-bad-inclusion-policy",
                        "{value} is not Honor or Ignore",
                        value = quoted(other)
                    ),
                );
                None
            }
        };
        let node_affinity_policy = policy(ctx, "nodeAffinityPolicy");
        let node_taints_policy = policy(ctx, "nodeTaintsPolicy");
        pod.topology_spread_constraints
            .push(TopologySpreadConstraint {
                max_skew: max_skew.clamp(1, i32::MAX as i64) as i32,
                topology_key,
                when_unsatisfiable,
                label_selector,
                min_domains: ctx
                    .int(c, "minDomains", &cp)
                    .map(|m| m.clamp(1, i32::MAX as i64) as i32),
                match_label_keys: ctx
                    .list(c, "matchLabelKeys", &cp)
                    .iter()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect(),
                node_affinity_policy,
                node_taints_policy,
            });
    }
    pod.refresh_requests();
    pod
}

mod storage;
#[cfg(test)]
mod tests;
