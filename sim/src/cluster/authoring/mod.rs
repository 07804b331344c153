//! Authoring a design's cluster: the typed edits behind the app's cluster gestures (drop a pod,
//! create or edit a Deployment, load an example, inject an event and keep it).
//!
//! Every entry point is a pure function `&Design → Result<…, AuthoringError>` that returns a
//! new design (the editor commits it, so every edit is undoable); the input is never modified.
//!
//! Where things live (`Design.cluster`, read by [`crate::grade::manifest_text`] too):
//! - manifests: any shape the grader reads (a YAML/JSON string, a list, `{"manifests": …}`);
//!   authoring writes them back as one YAML text, one document per object;
//! - saved injections: `{"manifests": "<yaml>", "events": [<events-file entries>]}`, in the
//!   syntax of [`crate::cluster::sim::events`] (`{at: 60s, action: zoneFailure, zone: …}`).
//!   The object shape is written only once a design has events, so designs without events keep
//!   the plain-text shape they always had; old designs load unchanged and the design format
//!   version does not change.
//!
//! Nodes are the design's own: the manifests' `Node` objects, or — when they declare none —
//! one node per `kubernetes-node` instance in its subnet's AZ (what
//! [`crate::grade::load_cluster`] does). [`example_cluster`] never invents nodes: on a design
//! without Kubernetes-node instances it is an error saying what to place and where (creating
//! instances is a network edit the learner should see and own on the canvas).
//!
//! Guarantees: never panics on any spec (proptested); every error names the field and the
//! value (`requests.cpu: "two" is not a Kubernetes quantity …`); an unknown value (a node, a
//! zone, a topology key no node carries, a Deployment) is an error, never a silent default;
//! fields the typed specs do not model (probes, ports, other containers, preferred affinities)
//! are preserved by updates, which write only the fields that changed — so reading a
//! Deployment's spec and writing it back returns the design unchanged; deterministic (generated
//! names are the smallest free `<image>-<n>`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use thiserror::Error;

use crate::cluster::import::{import_manifests, Severity};
use crate::cluster::model::{
    Cluster, Labels, Node, TaintEffect, TolerationOperator, WhenUnsatisfiable, LABEL_ZONE,
};
use crate::cluster::quantity::{parse_milli, parse_value};
use crate::cluster::sim::events::{parse_events, Action, Injected, PodTarget, WorkloadRef};
use crate::cluster::sim::{explain_pod, Explained, SimConfig};
use crate::network::Design;

#[cfg(test)]
mod tests;

/// Why an authoring edit was refused: the field and the value, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthoringError {
    /// A value the learner typed or picked.
    #[error("{field}: {value:?} {why}")]
    Invalid {
        field: String,
        value: String,
        why: String,
    },
    /// The design itself cannot take the edit (unreadable manifests, no nodes).
    #[error("{field}: {why}")]
    Design { field: String, why: String },
}

fn invalid(
    field: impl Into<String>,
    value: impl Into<String>,
    why: impl Into<String>,
) -> AuthoringError {
    AuthoringError::Invalid {
        field: field.into(),
        value: value.into(),
        why: why.into(),
    }
}

fn unusable(field: impl Into<String>, why: impl Into<String>) -> AuthoringError {
    AuthoringError::Design {
        field: field.into(),
        why: why.into(),
    }
}

// ---- typed specs ----

/// Container resource requests as Kubernetes quantities (`250m`, `0.5`, `256Mi`); `None` = not set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    pub cpu: Option<String>,
    pub memory: Option<String>,
}

/// A `tolerations[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TolerationSpec {
    /// Empty only with `Exists` (tolerates every taint).
    pub key: String,
    pub operator: TolerationOperator,
    /// Empty with `Exists`.
    pub value: String,
    /// `None` matches every effect.
    pub effect: Option<TaintEffect>,
    /// Only with `NoExecute`: how long the pod stays after the taint appears.
    pub toleration_seconds: Option<i64>,
}

/// A `topologySpreadConstraints[]` entry; its `labelSelector` is the Deployment's selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpreadConstraint {
    pub max_skew: i32,
    pub topology_key: String,
    pub when_unsatisfiable: WhenUnsatisfiable,
}

/// Required node affinity: the pod may only run in these zones and on nodes with these labels
/// (one `nodeSelectorTerms` entry of `In` expressions). Empty = no requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeAffinitySpec {
    pub zones: Vec<String>,
    pub labels: Labels,
}

/// Pod anti-affinity against the Deployment's own pods (its selector) per `topology_key`
/// ("at most one per node/zone"): `required` or preferred with weight 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AntiAffinitySpec {
    pub topology_key: String,
    pub required: bool,
}

/// The Deployment editing form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentSpec {
    pub name: String,
    pub namespace: String,
    /// The first container's image.
    pub image: String,
    pub replicas: i32,
    /// The first container's requests.
    pub requests: Requests,
    /// The pod template's labels.
    pub labels: Labels,
    /// `spec.selector.matchLabels`: non-empty, and every pair must be among `labels`.
    pub selector: Labels,
    pub spread: Vec<SpreadConstraint>,
    pub node_affinity: NodeAffinitySpec,
    pub anti_affinity: Option<AntiAffinitySpec>,
    pub tolerations: Vec<TolerationSpec>,
}

impl DeploymentSpec {
    /// A Deployment `name` in `default` with labels and selector `app: <name>`.
    pub fn new(name: &str, image: &str, replicas: i32) -> DeploymentSpec {
        let labels: Labels = [("app".to_string(), name.to_string())].into();
        DeploymentSpec {
            name: name.to_string(),
            namespace: "default".to_string(),
            image: image.to_string(),
            replicas,
            requests: Requests::default(),
            labels: labels.clone(),
            selector: labels,
            spread: Vec::new(),
            node_affinity: NodeAffinitySpec::default(),
            anti_affinity: None,
            tolerations: Vec::new(),
        }
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// A standalone pod dropped on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodSpec {
    /// `None`: the smallest free `<image>-<n>` in the namespace.
    pub name: Option<String>,
    pub namespace: String,
    pub image: String,
    pub requests: Requests,
    pub labels: Labels,
    pub tolerations: Vec<TolerationSpec>,
}

impl PodSpec {
    /// A pod of `image` in `default` with a generated name.
    pub fn new(image: &str) -> PodSpec {
        PodSpec {
            name: None,
            namespace: "default".to_string(),
            image: image.to_string(),
            requests: Requests::default(),
            labels: Labels::new(),
            tolerations: Vec::new(),
        }
    }
}

/// Where a dropped pod goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// Bound by the learner: `spec.nodeName`, the scheduler is not involved.
    OnNode(String),
    /// Left for the scheduler (dropped on the cluster or on a subnet with nodes).
    Pending,
}

/// The design after [`add_pod`] and the new pod's `namespace/name` (to select it, or to ask
/// [`explain_scheduling`] why it landed where it did).
#[derive(Debug, Clone, PartialEq)]
pub struct AddedPod {
    pub design: Design,
    pub pod: String,
}

// ---- the stored cluster value ----

fn split_key(key: &str) -> (String, String) {
    match key.split_once('/') {
        Some((ns, n)) => (ns.to_string(), n.to_string()),
        None => ("default".to_string(), key.to_string()),
    }
}

/// The manifests of the design as JSON objects, in order (`List`s expanded, empty documents skipped).
pub fn documents(design: &Design) -> Result<Vec<Value>, AuthoringError> {
    let Some(text) = crate::grade::manifest_text(design).map_err(|e| unusable("cluster", e))?
    else {
        return Ok(Vec::new());
    };
    let trimmed = text.trim_start();
    let mut raw = Vec::new();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(items)) => raw.extend(items),
            Ok(v) => raw.push(v),
            Err(e) => {
                return Err(unusable(
                    "cluster.manifests",
                    format!("not valid JSON: {e}"),
                ))
            }
        }
    } else {
        for de in serde_norway::Deserializer::from_str(&text) {
            let v = <Value as Deserialize>::deserialize(de)
                .map_err(|e| unusable("cluster.manifests", format!("not valid YAML: {e}")))?;
            raw.push(v);
        }
    }
    let mut out = Vec::new();
    for v in raw {
        match v {
            Value::Null => {}
            Value::Object(ref o) if o.get("kind").and_then(Value::as_str) == Some("List") => {
                out.extend(
                    o.get("items")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            v => out.push(v),
        }
    }
    Ok(out)
}

fn manifests_yaml(docs: &[Value]) -> Result<String, AuthoringError> {
    let mut parts = Vec::new();
    for d in docs {
        parts.push(
            serde_norway::to_string(d)
                .map_err(|e| unusable("cluster.manifests", format!("cannot be written: {e}")))?,
        );
    }
    Ok(parts.join("---\n"))
}

/// The new `design.cluster`: plain YAML text without events (the shape designs always had),
/// `{"manifests", "events"}` with them; `null` when both are empty.
fn cluster_value(docs: &[Value], events: &[Injected]) -> Result<Value, AuthoringError> {
    let text = manifests_yaml(docs)?;
    if events.is_empty() {
        return Ok(if docs.is_empty() {
            Value::Null
        } else {
            Value::String(text)
        });
    }
    Ok(json!({
        "manifests": text,
        "events": events.iter().map(event_value).collect::<Vec<_>>(),
    }))
}

fn with_cluster(
    design: &Design,
    docs: &[Value],
    events: &[Injected],
) -> Result<Design, AuthoringError> {
    let mut d = design.clone();
    d.cluster = cluster_value(docs, events)?;
    Ok(d)
}

/// Refuses an edit that makes the importer report an error it did not report before.
fn check_imports(before: &Design, after: &Design) -> Result<(), AuthoringError> {
    let errors = |d: &Design| -> BTreeSet<String> {
        match crate::grade::manifest_text(d) {
            Ok(Some(t)) => import_manifests(&t)
                .1
                .iter()
                .filter(|x| x.severity == Severity::Error)
                .map(|x| x.to_string())
                .collect(),
            _ => BTreeSet::new(),
        }
    };
    let old = errors(before);
    match errors(after).into_iter().find(|e| !old.contains(e)) {
        Some(e) => Err(unusable(
            "cluster.manifests",
            format!("the edit would not import: {e}"),
        )),
        None => Ok(()),
    }
}

fn kind_is(d: &Value, kind: &str) -> bool {
    d.get("kind").and_then(Value::as_str) == Some(kind)
}

fn ns_of(d: &Value) -> &str {
    d.pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("default")
}

fn name_of(d: &Value) -> &str {
    d.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn find(docs: &[Value], kind: &str, key: &str) -> Option<usize> {
    let (ns, name) = split_key(key);
    docs.iter()
        .position(|d| kind_is(d, kind) && ns_of(d) == ns && name_of(d) == name)
}

fn keys_of(docs: &[Value], kind: &str) -> Vec<String> {
    docs.iter()
        .filter(|d| kind_is(d, kind))
        .map(|d| format!("{}/{}", ns_of(d), name_of(d)))
        .collect()
}

fn list_text(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

// ---- nodes of the design ----

/// The design's nodes: its manifests' `Node` objects, or one per `kubernetes-node` instance.
pub fn nodes(design: &Design) -> Result<Vec<Node>, AuthoringError> {
    let docs = documents(design)?;
    if docs.iter().any(|d| kind_is(d, "Node")) {
        return crate::grade::load_cluster(design)
            .map(|m| m.cluster.nodes)
            .map_err(|e| unusable("cluster.manifests", e));
    }
    let mut c = Cluster::default();
    crate::grade::add_nodes_from_network(&mut c, &design.network);
    Ok(c.nodes)
}

/// Zones a workload may be pinned to: the nodes' zones and the design's own AZs.
/// The zones a Deployment's node affinity may name: its nodes' zones and the network's AZs
/// (sorted), the choices of the app's Deployment form.
pub fn zones(design: &Design) -> Result<Vec<String>, AuthoringError> {
    Ok(design_zones(design, &nodes(design)?))
}

fn design_zones(design: &Design, nodes: &[Node]) -> Vec<String> {
    let mut z: BTreeSet<String> = nodes
        .iter()
        .filter_map(|n| n.labels.get(LABEL_ZONE).cloned())
        .collect();
    z.extend(
        design
            .network
            .availability_zones
            .iter()
            .filter(|s| !s.is_empty())
            .cloned(),
    );
    z.extend(
        design
            .network
            .subnets
            .iter()
            .map(|s| s.availability_zone.clone())
            .filter(|s| !s.is_empty()),
    );
    z.into_iter().collect()
}

// ---- validation ----

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_label_name(s: &str) -> bool {
    let ok = |b: u8| b.is_ascii_alphanumeric();
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| ok(b) || b == b'-' || b == b'_' || b == b'.')
        && ok(s.as_bytes()[0])
        && ok(s.as_bytes()[s.len() - 1])
}

fn is_label_key(s: &str) -> bool {
    match s.split_once('/') {
        Some((prefix, name)) => {
            !prefix.is_empty()
                && prefix.len() <= 253
                && prefix.split('.').all(is_dns_label)
                && is_label_name(name)
        }
        None => is_label_name(s),
    }
}

fn check_dns_label(field: &str, v: &str) -> Result<(), AuthoringError> {
    if is_dns_label(v) {
        Ok(())
    } else {
        Err(invalid(field, v, "is not a DNS-1123 label (1–63 lowercase letters, digits and '-', starting and ending with a letter or digit)"))
    }
}

fn check_image(field: &str, v: &str) -> Result<(), AuthoringError> {
    if v.trim().is_empty() || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            field,
            v,
            "is not an image reference (e.g. nginx:1.27)",
        ));
    }
    Ok(())
}

fn check_requests(field: &str, r: &Requests) -> Result<(), AuthoringError> {
    if let Some(cpu) = &r.cpu {
        match parse_milli(cpu) {
            Err(e) => {
                return Err(invalid(
                    format!("{field}.cpu"),
                    cpu,
                    format!("is not a Kubernetes quantity ({}; e.g. 250m or 0.5)", e.why),
                ))
            }
            Ok(m) if m < 0 => {
                return Err(invalid(format!("{field}.cpu"), cpu, "must not be negative"))
            }
            Ok(_) => {}
        }
    }
    if let Some(mem) = &r.memory {
        match parse_value(mem) {
            Err(e) => {
                return Err(invalid(
                    format!("{field}.memory"),
                    mem,
                    format!(
                        "is not a Kubernetes quantity ({}; e.g. 256Mi or 1Gi)",
                        e.why
                    ),
                ))
            }
            Ok(m) if m < 0 => {
                return Err(invalid(
                    format!("{field}.memory"),
                    mem,
                    "must not be negative",
                ))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

fn check_labels(field: &str, labels: &Labels) -> Result<(), AuthoringError> {
    for (k, v) in labels {
        if !is_label_key(k) {
            return Err(invalid(
                field,
                k,
                "is not a label key (name or prefix/name; letters, digits, '-', '_', '.')",
            ));
        }
        if !v.is_empty() && !is_label_name(v) {
            return Err(invalid(
                format!("{field}.{k}"),
                v,
                "is not a label value (up to 63 letters, digits, '-', '_', '.')",
            ));
        }
    }
    Ok(())
}

fn check_tolerations(field: &str, ts: &[TolerationSpec]) -> Result<(), AuthoringError> {
    for (i, t) in ts.iter().enumerate() {
        let f = format!("{field}[{i}]");
        if t.key.is_empty() {
            if t.operator != TolerationOperator::Exists {
                return Err(invalid(
                    format!("{f}.key"),
                    &t.key,
                    "may be empty only with operator Exists",
                ));
            }
        } else if !is_label_key(&t.key) {
            return Err(invalid(format!("{f}.key"), &t.key, "is not a taint key"));
        }
        if t.operator == TolerationOperator::Exists && !t.value.is_empty() {
            return Err(invalid(
                format!("{f}.value"),
                &t.value,
                "must be empty with operator Exists",
            ));
        }
        if !t.value.is_empty() && !is_label_name(&t.value) {
            return Err(invalid(
                format!("{f}.value"),
                &t.value,
                "is not a taint value",
            ));
        }
        if let Some(s) = t.toleration_seconds {
            if t.effect != Some(TaintEffect::NoExecute) {
                return Err(invalid(
                    format!("{f}.tolerationSeconds"),
                    s.to_string(),
                    "applies only to effect NoExecute",
                ));
            }
            if s < 0 {
                return Err(invalid(
                    format!("{f}.tolerationSeconds"),
                    s.to_string(),
                    "must not be negative",
                ));
            }
        }
    }
    Ok(())
}

/// A topology key must be a label some node carries (when the design has nodes).
fn check_topology_key(field: &str, key: &str, nodes: &[Node]) -> Result<(), AuthoringError> {
    if !is_label_key(key) {
        return Err(invalid(field, key, "is not a label key"));
    }
    if nodes.is_empty() || nodes.iter().any(|n| n.labels.contains_key(key)) {
        return Ok(());
    }
    let carried: BTreeSet<String> = nodes
        .iter()
        .flat_map(|n| n.labels.keys().cloned())
        .collect();
    Err(invalid(
        field,
        key,
        format!(
            "is not a label of any node (the nodes carry: {})",
            list_text(&carried.into_iter().collect::<Vec<_>>())
        ),
    ))
}

fn validate_deployment(design: &Design, s: &DeploymentSpec) -> Result<(), AuthoringError> {
    check_dns_label("name", &s.name)?;
    check_dns_label("namespace", &s.namespace)?;
    check_image("image", &s.image)?;
    if !(0..=1000).contains(&s.replicas) {
        return Err(invalid(
            "replicas",
            s.replicas.to_string(),
            "is out of range 0–1000",
        ));
    }
    check_requests("requests", &s.requests)?;
    check_labels("labels", &s.labels)?;
    check_labels("selector", &s.selector)?;
    if s.selector.is_empty() {
        return Err(invalid(
            "selector",
            "{}",
            "must not be empty: a Deployment selects its pods by label",
        ));
    }
    for (k, v) in &s.selector {
        if s.labels.get(k) != Some(v) {
            return Err(invalid(
                format!("selector.{k}"),
                v,
                format!(
                    "does not match the pod labels (labels.{k} is {})",
                    s.labels
                        .get(k)
                        .map_or("not set".to_string(), |l| format!("{l:?}"))
                ),
            ));
        }
    }
    let nodes = nodes(design)?;
    for (i, c) in s.spread.iter().enumerate() {
        if c.max_skew < 1 {
            return Err(invalid(
                format!("spread[{i}].maxSkew"),
                c.max_skew.to_string(),
                "must be at least 1",
            ));
        }
        check_topology_key(&format!("spread[{i}].topologyKey"), &c.topology_key, &nodes)?;
    }
    let zones = design_zones(design, &nodes);
    for (i, z) in s.node_affinity.zones.iter().enumerate() {
        if !zones.contains(z) {
            return Err(invalid(
                format!("nodeAffinity.zones[{i}]"),
                z,
                format!(
                    "is not a zone of this design (zones: {})",
                    list_text(&zones)
                ),
            ));
        }
    }
    check_labels("nodeAffinity.labels", &s.node_affinity.labels)?;
    if let Some(z) = s.node_affinity.labels.get(LABEL_ZONE) {
        return Err(invalid(
            format!("nodeAffinity.labels.{LABEL_ZONE}"),
            z,
            "is a zone: put it in nodeAffinity.zones",
        ));
    }
    if let Some(a) = &s.anti_affinity {
        check_topology_key("antiAffinity.topologyKey", &a.topology_key, &nodes)?;
    }
    check_tolerations("tolerations", &s.tolerations)
}

// ---- JSON helpers ----

fn obj_mut<'v>(v: &'v mut Value, key: &str) -> &'v mut Value {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    let m = v.as_object_mut().expect("just made an object");
    let e = m
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !e.is_object() {
        *e = Value::Object(Map::new());
    }
    e
}

fn path_mut<'v>(v: &'v mut Value, path: &[&str]) -> &'v mut Value {
    path.iter().fold(v, |cur, p| obj_mut(cur, p))
}

fn set_or_remove(v: &mut Value, key: &str, value: Option<Value>) {
    let Some(m) = v.as_object_mut() else { return };
    match value {
        Some(x) => {
            m.insert(key.to_string(), x);
        }
        None => {
            m.remove(key);
        }
    }
}

/// Removes `key` from the object at `path` and prunes the objects left empty on the way up.
fn remove_pruning(v: &mut Value, path: &[&str], key: &str) {
    fn go(v: &mut Value, path: &[&str], key: &str) {
        let Some(m) = v.as_object_mut() else { return };
        match path.split_first() {
            None => {
                m.remove(key);
            }
            Some((first, rest)) => {
                if let Some(child) = m.get_mut(*first) {
                    go(child, rest, key);
                    if child.as_object().is_some_and(Map::is_empty) {
                        m.remove(*first);
                    }
                }
            }
        }
    }
    go(v, path, key);
}

fn labels_value(l: &Labels) -> Value {
    Value::Object(
        l.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn labels_at(v: &Value, pointer: &str) -> Labels {
    v.pointer(pointer)
        .and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect())
        .unwrap_or_default()
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn str_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer).map(scalar_text).unwrap_or_default()
}

fn requests_value(r: &Requests) -> Option<Value> {
    let mut m = Map::new();
    if let Some(c) = &r.cpu {
        m.insert("cpu".into(), Value::String(c.clone()));
    }
    if let Some(mem) = &r.memory {
        m.insert("memory".into(), Value::String(mem.clone()));
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

fn read_requests(container: &Value) -> Requests {
    let q = |k: &str| {
        container
            .pointer(&format!("/resources/requests/{k}"))
            .map(scalar_text)
    };
    Requests {
        cpu: q("cpu"),
        memory: q("memory"),
    }
}

fn effect_text(e: TaintEffect) -> &'static str {
    match e {
        TaintEffect::NoSchedule => "NoSchedule",
        TaintEffect::PreferNoSchedule => "PreferNoSchedule",
        TaintEffect::NoExecute => "NoExecute",
    }
}

fn tolerations_value(ts: &[TolerationSpec]) -> Value {
    Value::Array(
        ts.iter()
            .map(|t| {
                let mut m = Map::new();
                if !t.key.is_empty() {
                    m.insert("key".into(), Value::String(t.key.clone()));
                }
                m.insert(
                    "operator".into(),
                    Value::String(match t.operator {
                        TolerationOperator::Equal => "Equal".into(),
                        TolerationOperator::Exists => "Exists".into(),
                    }),
                );
                if !t.value.is_empty() {
                    m.insert("value".into(), Value::String(t.value.clone()));
                }
                if let Some(e) = t.effect {
                    m.insert("effect".into(), Value::String(effect_text(e).into()));
                }
                if let Some(s) = t.toleration_seconds {
                    m.insert("tolerationSeconds".into(), Value::from(s));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

fn read_tolerations(spec: &Value) -> Vec<TolerationSpec> {
    spec.get("tolerations")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| TolerationSpec {
                    key: str_at(t, "/key"),
                    operator: if str_at(t, "/operator") == "Exists" {
                        TolerationOperator::Exists
                    } else {
                        TolerationOperator::Equal
                    },
                    value: str_at(t, "/value"),
                    effect: match str_at(t, "/effect").as_str() {
                        "NoSchedule" => Some(TaintEffect::NoSchedule),
                        "PreferNoSchedule" => Some(TaintEffect::PreferNoSchedule),
                        "NoExecute" => Some(TaintEffect::NoExecute),
                        _ => None,
                    },
                    toleration_seconds: t.get("tolerationSeconds").and_then(Value::as_i64),
                })
                .collect()
        })
        .unwrap_or_default()
}

// ---- pods ----

/// A DNS label from an image reference: `registry/team/web-api:1.2` → `web-api`.
fn base_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split(['@', ':']).next().unwrap_or(last);
    let mut s: String = last
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    s.truncate(50);
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "pod".to_string()
    } else {
        s
    }
}

/// Adds a standalone pod: bound to a node of the design (`spec.nodeName`), or pending for the
/// scheduler. Returns the new design and the pod's `namespace/name`.
pub fn add_pod(
    design: &Design,
    spec: &PodSpec,
    placement: &Placement,
) -> Result<AddedPod, AuthoringError> {
    check_dns_label("namespace", &spec.namespace)?;
    check_image("image", &spec.image)?;
    check_requests("requests", &spec.requests)?;
    check_labels("labels", &spec.labels)?;
    check_tolerations("tolerations", &spec.tolerations)?;
    let mut docs = documents(design)?;
    let taken = |n: &str| find(&docs, "Pod", &format!("{}/{n}", spec.namespace)).is_some();
    let name = match &spec.name {
        Some(n) => {
            check_dns_label("name", n)?;
            if taken(n) {
                return Err(invalid(
                    "name",
                    n,
                    format!("is already a pod in namespace {}", spec.namespace),
                ));
            }
            n.clone()
        }
        None => {
            let base = base_name(&spec.image);
            (1..)
                .map(|i| format!("{base}-{i}"))
                .find(|n| !taken(n))
                .expect("a free name exists")
        }
    };
    if let Placement::OnNode(node) = placement {
        let names: Vec<String> = nodes(design)?.into_iter().map(|n| n.name).collect();
        if !names.contains(node) {
            let why = if names.is_empty() {
                "is not a node of this design: it has none (place instances of role kubernetes-node in a subnet)".to_string()
            } else {
                format!(
                    "is not a node of this design (nodes: {})",
                    list_text(&names)
                )
            };
            return Err(invalid("placement.node", node, why));
        }
    }
    let mut container = json!({"name": base_name(&spec.image), "image": spec.image});
    if let Some(r) = requests_value(&spec.requests) {
        container["resources"] = json!({"requests": r});
    }
    let mut metadata = json!({"name": name, "namespace": spec.namespace});
    if !spec.labels.is_empty() {
        metadata["labels"] = labels_value(&spec.labels);
    }
    let mut pod_spec = json!({"containers": [container]});
    if let Placement::OnNode(node) = placement {
        pod_spec["nodeName"] = Value::String(node.clone());
    }
    if !spec.tolerations.is_empty() {
        pod_spec["tolerations"] = tolerations_value(&spec.tolerations);
    }
    docs.push(json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": pod_spec}));
    let out = with_cluster(design, &docs, &events(design)?)?;
    check_imports(design, &out)?;
    Ok(AddedPod {
        design: out,
        pod: format!("{}/{name}", spec.namespace),
    })
}

/// Removes standalone pod `namespace/name`.
pub fn remove_pod(design: &Design, key: &str) -> Result<Design, AuthoringError> {
    let mut docs = documents(design)?;
    let i = find(&docs, "Pod", key).ok_or_else(|| {
        invalid(
            "pod",
            key,
            format!(
                "is not a pod of the manifests (pods: {})",
                list_text(&keys_of(&docs, "Pod"))
            ),
        )
    })?;
    docs.remove(i);
    with_cluster(design, &docs, &events(design)?)
}

// ---- Deployments ----

/// The Deployment keys (`namespace/name`) in manifest order.
pub fn deployments(design: &Design) -> Result<Vec<String>, AuthoringError> {
    Ok(keys_of(&documents(design)?, "Deployment"))
}

fn read_deployment(d: &Value) -> DeploymentSpec {
    let tspec = d
        .pointer("/spec/template/spec")
        .cloned()
        .unwrap_or(Value::Null);
    let c0 = tspec
        .pointer("/containers/0")
        .cloned()
        .unwrap_or(Value::Null);
    let spread = tspec
        .get("topologySpreadConstraints")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .map(|c| SpreadConstraint {
                    max_skew: c
                        .get("maxSkew")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                        .clamp(i32::MIN as i64, i32::MAX as i64)
                        as i32,
                    topology_key: str_at(c, "/topologyKey"),
                    when_unsatisfiable: if str_at(c, "/whenUnsatisfiable") == "ScheduleAnyway" {
                        WhenUnsatisfiable::ScheduleAnyway
                    } else {
                        WhenUnsatisfiable::DoNotSchedule
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let mut node_affinity = NodeAffinitySpec::default();
    if let Some(exprs) = tspec
        .pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions")
        .and_then(Value::as_array)
    {
        for e in exprs.iter().filter(|e| str_at(e, "/operator") == "In") {
            let key = str_at(e, "/key");
            let values: Vec<String> = e.get("values").and_then(Value::as_array).map(|v| v.iter().map(scalar_text).collect()).unwrap_or_default();
            if key == LABEL_ZONE {
                node_affinity.zones.extend(values);
            } else if let [v] = values.as_slice() {
                node_affinity.labels.insert(key, v.clone());
            }
        }
    }
    let anti = tspec.pointer("/affinity/podAntiAffinity");
    let anti_affinity = anti.and_then(|a| {
        if let Some(t) = a.pointer("/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
        {
            Some(AntiAffinitySpec {
                topology_key: scalar_text(t),
                required: true,
            })
        } else {
            a.pointer(
                "/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey",
            )
            .map(|t| AntiAffinitySpec {
                topology_key: scalar_text(t),
                required: false,
            })
        }
    });
    DeploymentSpec {
        name: name_of(d).to_string(),
        namespace: ns_of(d).to_string(),
        image: str_at(&c0, "/image"),
        replicas: d
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1)
            .clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        requests: read_requests(&c0),
        labels: labels_at(d, "/spec/template/metadata/labels"),
        selector: labels_at(d, "/spec/selector/matchLabels"),
        spread,
        node_affinity,
        anti_affinity,
        tolerations: read_tolerations(&tspec),
    }
}

/// The editing form of Deployment `namespace/name` (a bare name means `default/name`).
pub fn deployment_spec(design: &Design, key: &str) -> Result<DeploymentSpec, AuthoringError> {
    let docs = documents(design)?;
    let i = find(&docs, "Deployment", key).ok_or_else(|| no_deployment(&docs, key))?;
    Ok(read_deployment(&docs[i]))
}

fn no_deployment(docs: &[Value], key: &str) -> AuthoringError {
    invalid(
        "deployment",
        key,
        format!(
            "is not a Deployment of the manifests (Deployments: {})",
            list_text(&keys_of(docs, "Deployment"))
        ),
    )
}

/// Writes every field of `new` that differs from `old` into the Deployment document.
fn write_deployment(doc: &mut Value, old: Option<&DeploymentSpec>, new: &DeploymentSpec) {
    let changed = |f: &dyn Fn(&DeploymentSpec) -> Value| old.is_none_or(|o| f(o) != f(new));
    if changed(&|s| Value::from(s.replicas)) {
        path_mut(doc, &["spec"])["replicas"] = Value::from(new.replicas);
    }
    if changed(&|s| labels_value(&s.selector)) {
        path_mut(doc, &["spec"])["selector"] = json!({"matchLabels": labels_value(&new.selector)});
    }
    if changed(&|s| labels_value(&s.labels)) {
        path_mut(doc, &["spec", "template", "metadata"])["labels"] = labels_value(&new.labels);
    }
    let tspec = path_mut(doc, &["spec", "template", "spec"]);
    let containers = tspec
        .as_object_mut()
        .expect("an object")
        .entry("containers")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !containers.is_array() {
        *containers = Value::Array(Vec::new());
    }
    let list = containers.as_array_mut().expect("an array");
    if list.is_empty() {
        list.push(json!({"name": new.name}));
    }
    let c0 = &mut list[0];
    if !c0.is_object() {
        *c0 = json!({"name": new.name});
    }
    if changed(&|s| Value::from(s.image.clone())) {
        c0["image"] = Value::String(new.image.clone());
    }
    if changed(&|s| requests_value(&s.requests).unwrap_or(Value::Null)) {
        match requests_value(&new.requests) {
            Some(r) => path_mut(c0, &["resources"])["requests"] = r,
            None => remove_pruning(c0, &["resources"], "requests"),
        }
    }
    if changed(&|s| tolerations_value(&s.tolerations)) {
        set_or_remove(
            tspec,
            "tolerations",
            (!new.tolerations.is_empty()).then(|| tolerations_value(&new.tolerations)),
        );
    }
    let spread_changed = changed(&|s| json!(s.spread)) || changed(&|s| labels_value(&s.selector));
    if spread_changed {
        let existing: Vec<Value> = tspec
            .get("topologySpreadConstraints")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let list: Vec<Value> = new
            .spread
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut v = existing
                    .get(i)
                    .cloned()
                    .filter(Value::is_object)
                    .unwrap_or_else(|| json!({}));
                v["maxSkew"] = Value::from(c.max_skew);
                v["topologyKey"] = Value::String(c.topology_key.clone());
                v["whenUnsatisfiable"] = Value::String(match c.when_unsatisfiable {
                    WhenUnsatisfiable::DoNotSchedule => "DoNotSchedule".into(),
                    WhenUnsatisfiable::ScheduleAnyway => "ScheduleAnyway".into(),
                });
                v["labelSelector"] = json!({"matchLabels": labels_value(&new.selector)});
                v
            })
            .collect();
        set_or_remove(
            tspec,
            "topologySpreadConstraints",
            (!list.is_empty()).then_some(Value::Array(list)),
        );
    }
    if changed(&|s| json!(s.node_affinity)) {
        let a = &new.node_affinity;
        let mut exprs = Vec::new();
        if !a.zones.is_empty() {
            exprs.push(json!({"key": LABEL_ZONE, "operator": "In", "values": a.zones}));
        }
        for (k, v) in &a.labels {
            exprs.push(json!({"key": k, "operator": "In", "values": [v]}));
        }
        let rk = "requiredDuringSchedulingIgnoredDuringExecution";
        if exprs.is_empty() {
            remove_pruning(tspec, &["affinity", "nodeAffinity"], rk);
        } else {
            path_mut(tspec, &["affinity", "nodeAffinity"])[rk] =
                json!({"nodeSelectorTerms": [{"matchExpressions": exprs}]});
        }
    }
    if changed(&|s| json!(s.anti_affinity))
        || (new.anti_affinity.is_some() && changed(&|s| labels_value(&s.selector)))
    {
        match &new.anti_affinity {
            None => remove_pruning(tspec, &["affinity"], "podAntiAffinity"),
            Some(a) => {
                let term = json!({"labelSelector": {"matchLabels": labels_value(&new.selector)}, "topologyKey": a.topology_key});
                path_mut(tspec, &["affinity"])["podAntiAffinity"] = if a.required {
                    json!({"requiredDuringSchedulingIgnoredDuringExecution": [term]})
                } else {
                    json!({"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": term}]})
                };
            }
        }
    }
}

/// Adds a Deployment (and its first container, named after it) to the manifests.
pub fn create_deployment(design: &Design, spec: &DeploymentSpec) -> Result<Design, AuthoringError> {
    validate_deployment(design, spec)?;
    let mut docs = documents(design)?;
    if find(&docs, "Deployment", &spec.key()).is_some() {
        return Err(invalid(
            "name",
            &spec.name,
            format!("is already a Deployment in namespace {}", spec.namespace),
        ));
    }
    let mut doc = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": spec.name, "namespace": spec.namespace}});
    write_deployment(&mut doc, None, spec);
    docs.push(doc);
    let out = with_cluster(design, &docs, &events(design)?)?;
    check_imports(design, &out)?;
    Ok(out)
}

/// Rewrites the fields of Deployment `key` that differ from `spec` (a rename is refused: create
/// a new Deployment instead). Writing back what [`deployment_spec`] read returns the design unchanged.
pub fn update_deployment(
    design: &Design,
    key: &str,
    spec: &DeploymentSpec,
) -> Result<Design, AuthoringError> {
    let mut docs = documents(design)?;
    let i = find(&docs, "Deployment", key).ok_or_else(|| no_deployment(&docs, key))?;
    let old = read_deployment(&docs[i]);
    if spec.name != old.name {
        return Err(invalid(
            "name",
            &spec.name,
            format!(
                "differs from the Deployment being edited ({}); create a new Deployment to rename",
                old.name
            ),
        ));
    }
    if spec.namespace != old.namespace {
        return Err(invalid(
            "namespace",
            &spec.namespace,
            format!(
                "differs from the Deployment being edited ({}); create a new Deployment to move it",
                old.namespace
            ),
        ));
    }
    if *spec == old {
        return Ok(design.clone());
    }
    validate_deployment(design, spec)?;
    let before = docs[i].clone();
    write_deployment(&mut docs[i], Some(&old), spec);
    if docs[i] == before {
        return Ok(design.clone());
    }
    let out = with_cluster(design, &docs, &events(design)?)?;
    check_imports(design, &out)?;
    Ok(out)
}

/// Removes Deployment `key`.
pub fn remove_deployment(design: &Design, key: &str) -> Result<Design, AuthoringError> {
    let mut docs = documents(design)?;
    let i = find(&docs, "Deployment", key).ok_or_else(|| no_deployment(&docs, key))?;
    docs.remove(i);
    with_cluster(design, &docs, &events(design)?)
}

// ---- the example cluster ----

/// The example workload on the design's own nodes: Deployment `web` (nginx, 250m / 256Mi, two
/// replicas per zone of the nodes, spread across zones with maxSkew 1), a Service and a PDB
/// keeping all but one replica up. Replaces the design's manifests and saved events. No `Node`
/// objects are written: the nodes are the design's `kubernetes-node` instances, in its region
/// and AZs. An error, naming the region and zones, when the design has none.
pub fn example_cluster(design: &Design) -> Result<Design, AuthoringError> {
    let mut base = design.clone();
    base.cluster = Value::Null;
    let nodes = nodes(&base)?;
    if nodes.is_empty() {
        let region = if design.network.region.is_empty() {
            "the design's region".to_string()
        } else {
            design.network.region.clone()
        };
        let zones = design_zones(design, &nodes);
        let hint = if design.network.subnets.is_empty() {
            "add a VPC and subnets first, then place instances of role kubernetes-node in them"
                .to_string()
        } else {
            format!(
                "place instances of role kubernetes-node in its subnets (zones: {})",
                list_text(&zones)
            )
        };
        return Err(unusable(
            "network.instances",
            format!("this design has no Kubernetes nodes to run the example in {region}: {hint}"),
        ));
    }
    let zones = design_zones(&base, &nodes).len().max(1);
    let replicas = (2 * zones as i32).min(2 * nodes.len() as i32).max(2);
    let mut web = DeploymentSpec::new("web", "nginx:1.27", replicas);
    web.requests = Requests {
        cpu: Some("250m".into()),
        memory: Some("256Mi".into()),
    };
    if nodes.iter().all(|n| n.labels.contains_key(LABEL_ZONE)) {
        web.spread.push(SpreadConstraint {
            max_skew: 1,
            topology_key: LABEL_ZONE.to_string(),
            when_unsatisfiable: WhenUnsatisfiable::DoNotSchedule,
        });
    }
    let mut out = create_deployment(&base, &web)?;
    let mut docs = documents(&out)?;
    docs.push(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}));
    docs.push(json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web", "namespace": "default"},
        "spec": {"minAvailable": replicas - 1, "selector": {"matchLabels": {"app": "web"}}}}));
    out.cluster = cluster_value(&docs, &[])?;
    Ok(out)
}

// ---- saved injections ----

fn duration_text(ms: u64) -> String {
    if ms > 0 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

fn pod_target_into(m: &mut Map<String, Value>, t: &PodTarget) {
    match t {
        PodTarget::Name { namespace, name } => {
            m.insert("pod".into(), Value::String(format!("{namespace}/{name}")));
        }
        PodTarget::Selector { namespace, labels } => {
            m.insert("namespace".into(), Value::String(namespace.clone()));
            m.insert("selector".into(), labels_value(labels));
        }
    }
}

fn workload_into(m: &mut Map<String, Value>, t: &WorkloadRef) {
    let (k, namespace, name) = match t {
        WorkloadRef::Deployment { namespace, name } => ("deployment", namespace, name),
        WorkloadRef::ReplicaSet { namespace, name } => ("replicaSet", namespace, name),
    };
    m.insert("namespace".into(), Value::String(namespace.clone()));
    m.insert(k.into(), Value::String(name.clone()));
}

/// An injected event in the events-file syntax ([`parse_events`] reads it back to the same value).
pub fn event_value(e: &Injected) -> Value {
    let mut m = Map::new();
    m.insert("at".into(), Value::String(duration_text(e.at)));
    let mut put = |k: &str, v: Value| {
        m.insert(k.into(), v);
    };
    match &e.action {
        Action::NodeFailure { node } => {
            put("action", "nodeFailure".into());
            put("node", node.as_str().into());
        }
        Action::NodeRecovery { node } => {
            put("action", "nodeRecovery".into());
            put("node", node.as_str().into());
        }
        Action::ZoneFailure { zone } => {
            put("action", "zoneFailure".into());
            put("zone", zone.as_str().into());
        }
        Action::ZoneRecovery { zone } => {
            put("action", "zoneRecovery".into());
            put("zone", zone.as_str().into());
        }
        Action::Drain { node } => {
            put("action", "drain".into());
            put("node", node.as_str().into());
        }
        Action::PodCrash { target, times } => {
            put("action", "podCrash".into());
            put("times", (*times).into());
            pod_target_into(&mut m, target);
        }
        Action::ReadinessFailure { target, duration } => {
            put("action", "readinessFailure".into());
            put("duration", duration_text(*duration).into());
            pod_target_into(&mut m, target);
        }
        Action::Scale { target, replicas } => {
            put("action", "scale".into());
            put("replicas", (*replicas).into());
            workload_into(&mut m, target);
        }
        Action::ImageUpdate {
            target,
            container,
            image,
        } => {
            put("action", "imageUpdate".into());
            put("image", image.as_str().into());
            if let Some(c) = container {
                put("container", c.as_str().into());
            }
            workload_into(&mut m, target);
        }
        Action::OutOfService { node, zone, add } => {
            put(
                "action",
                if *add {
                    "outOfService"
                } else {
                    "outOfServiceRemoved"
                }
                .into(),
            );
            if let Some(n) = node {
                put("node", n.as_str().into());
            }
            if let Some(z) = zone {
                put("zone", z.as_str().into());
            }
        }
    }
    Value::Object(m)
}

/// The injected events saved with the design, in time order (none for designs that have none,
/// including every design saved before events were kept).
pub fn events(design: &Design) -> Result<Vec<Injected>, AuthoringError> {
    let Value::Object(o) = &design.cluster else {
        return Ok(Vec::new());
    };
    match o.get("events") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => parse_events(&json!({ "events": items }).to_string())
            .map_err(|e| unusable(format!("cluster.{}", e.location), e.message)),
        Some(other) => Err(invalid(
            "cluster.events",
            other.to_string(),
            "should be a list of events",
        )),
    }
}

/// Checks that an event refers to things of this design: its nodes, their zones, its
/// Deployments, ReplicaSets and pods.
fn check_event(design: &Design, e: &Injected) -> Result<(), AuthoringError> {
    let node_list = nodes(design)?;
    let names: Vec<String> = node_list.iter().map(|n| n.name.clone()).collect();
    let zones: Vec<String> = node_list
        .iter()
        .filter_map(|n| n.labels.get(LABEL_ZONE).cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let docs = documents(design)?;
    let node_ok = |node: &String| {
        if names.contains(node) {
            Ok(())
        } else {
            Err(invalid(
                "event.node",
                node,
                format!(
                    "is not a node of this design (nodes: {})",
                    list_text(&names)
                ),
            ))
        }
    };
    let zone_ok = |zone: &String| {
        if zones.contains(zone) {
            Ok(())
        } else {
            Err(invalid(
                "event.zone",
                zone,
                format!(
                    "is not a zone of this design's nodes (zones: {})",
                    list_text(&zones)
                ),
            ))
        }
    };
    let workload_ok = |t: &WorkloadRef| match t {
        WorkloadRef::Deployment { namespace, name } => {
            find(&docs, "Deployment", &format!("{namespace}/{name}"))
                .map(|_| ())
                .ok_or_else(|| no_deployment(&docs, &format!("{namespace}/{name}")))
        }
        WorkloadRef::ReplicaSet { namespace, name } => {
            find(&docs, "ReplicaSet", &format!("{namespace}/{name}"))
                .map(|_| ())
                .ok_or_else(|| {
                    invalid(
                        "event.replicaSet",
                        format!("{namespace}/{name}"),
                        format!(
                            "is not a ReplicaSet of the manifests (ReplicaSets: {})",
                            list_text(&keys_of(&docs, "ReplicaSet"))
                        ),
                    )
                })
        }
    };
    let pod_ok = |t: &PodTarget| match t {
        PodTarget::Name { namespace, name } => {
            let standalone = find(&docs, "Pod", &format!("{namespace}/{name}")).is_some();
            let owned = docs.iter().any(|d| {
                (kind_is(d, "Deployment") || kind_is(d, "ReplicaSet") || kind_is(d, "DaemonSet"))
                    && ns_of(d) == namespace
                    && name.starts_with(&format!("{}-", name_of(d)))
            });
            if standalone || owned {
                Ok(())
            } else {
                Err(invalid(
                    "event.pod",
                    format!("{namespace}/{name}"),
                    "is neither a pod of the manifests nor named after one of their workloads",
                ))
            }
        }
        PodTarget::Selector { labels, .. } if labels.is_empty() => {
            Err(invalid("event.selector", "{}", "must not be empty"))
        }
        PodTarget::Selector { labels, .. } => check_labels("event.selector", labels),
    };
    match &e.action {
        Action::NodeFailure { node } | Action::NodeRecovery { node } | Action::Drain { node } => {
            node_ok(node)
        }
        Action::ZoneFailure { zone } | Action::ZoneRecovery { zone } => zone_ok(zone),
        Action::OutOfService { node, zone, .. } => match (node, zone) {
            (Some(n), None) => node_ok(n),
            (None, Some(z)) => zone_ok(z),
            _ => Err(invalid(
                "event.node",
                "",
                "give exactly one of node or zone",
            )),
        },
        Action::PodCrash { target, times } => {
            if !(1..=1000).contains(times) {
                return Err(invalid(
                    "event.times",
                    times.to_string(),
                    "must be in 1–1000",
                ));
            }
            pod_ok(target)
        }
        Action::ReadinessFailure { target, .. } => pod_ok(target),
        Action::Scale { target, replicas } => {
            if !(0..=100_000).contains(replicas) {
                return Err(invalid(
                    "event.replicas",
                    replicas.to_string(),
                    "is out of range 0–100000",
                ));
            }
            workload_ok(target)
        }
        Action::ImageUpdate { target, image, .. } => {
            check_image("event.image", image)?;
            workload_ok(target)
        }
    }
}

/// Saves an injected event with the design (kept in time order; equal times keep insertion order).
pub fn add_event(design: &Design, event: &Injected) -> Result<Design, AuthoringError> {
    check_event(design, event)?;
    if event.at >= 1_000_000_000_000 {
        return Err(invalid(
            "event.at",
            duration_text(event.at),
            "is too far in the future",
        ));
    }
    // The stored form must read back as the same event.
    let round =
        parse_events(&json!({ "events": [event_value(event)] }).to_string()).map_err(|e| {
            invalid(
                format!("event.{}", e.location.trim_start_matches("events[0].")),
                event_value(event).to_string(),
                e.message,
            )
        })?;
    if round.first() != Some(event) {
        return Err(invalid(
            "event",
            event_value(event).to_string(),
            "cannot be saved as written",
        ));
    }
    let mut evs = events(design)?;
    let at = evs.partition_point(|e| e.at <= event.at);
    evs.insert(at, event.clone());
    with_cluster(design, &documents(design)?, &evs)
}

/// Removes the saved event at `index` (of [`events`]).
pub fn remove_event(design: &Design, index: usize) -> Result<Design, AuthoringError> {
    let mut evs = events(design)?;
    if index >= evs.len() {
        return Err(invalid(
            "event",
            index.to_string(),
            format!(
                "is not an index of the saved events (there are {})",
                evs.len()
            ),
        ));
    }
    evs.remove(index);
    with_cluster(design, &documents(design)?, &evs)
}

// ---- explaining a dropped pod ----

/// How far [`explain_scheduling`] replays the simulation.
pub const EXPLAIN_HORIZON_MS: u64 = 10 * 60_000;

/// The scheduling cycle that placed pod `key` in the design's cluster with its saved events
/// (or its latest failed cycle while it is pending); `None` for a pod bound to its node by the
/// learner, which never goes through the scheduler.
pub fn explain_scheduling(
    design: &Design,
    key: &str,
    seed: u64,
) -> Result<Option<Explained>, AuthoringError> {
    let m = crate::grade::load_cluster(design).map_err(|e| unusable("cluster.manifests", e))?;
    let (ns, name) = split_key(key);
    let key = format!("{ns}/{name}");
    Ok(explain_pod(
        m.cluster,
        m.scheduler_config.unwrap_or_default(),
        events(design)?,
        seed,
        SimConfig::default(),
        &key,
        EXPLAIN_HORIZON_MS,
    ))
}
