//! Cluster assertions: the design's Kubernetes manifests run on `sim::cluster`'s simulated clock.
//!
//! Where the manifests live: `Design.cluster` holds either a string of manifest text (YAML,
//! multi-document, or JSON), an array of such strings or of Kubernetes objects, or an object
//! `{"manifests": <string or array>, "events": [...]}` (the events are the saved injections
//! of `cluster::authoring`; grading ignores them). When the manifests declare no `Node`, one
//! node is made for every instance of role `kubernetes-node` in the network, in its subnet's
//! availability zone with its private IP (so moving a node to another AZ on the canvas changes
//! the outcome).
//!
//! **Invariant**: never panics; a design without manifests fails cluster checks with a reason.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::cluster::import::{import_manifests, Manifests, Severity as ManifestSeverity};
use crate::cluster::model::{Cluster, LABEL_ZONE};
use crate::cluster::network::{apply_node_network, NodeNetwork};
use crate::cluster::sim::{format_time, Action, Injected, SimConfig, World};
use crate::network::msg::{msg, Text};
use crate::network::{Design, InstanceRole, Network};

use super::rubric::{ReplicasSpec, ServiceSpec, Workload};
use super::Outcome;

/// The manifest text stored in a design, if any.
pub fn manifest_text(design: &Design) -> Result<Option<String>, String> {
    fn from_value(v: &Value) -> Result<Option<String>, String> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            Value::Array(items) if items.iter().all(Value::is_string) => {
                Ok(Some(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n---\n")))
            }
            Value::Array(items) if items.iter().all(Value::is_object) => Ok(Some(Value::Array(items.clone()).to_string())),
            Value::Array(_) => Err("`cluster` mixes strings and objects; use one kind".into()),
            Value::Object(o) if o.contains_key("manifests") => from_value(&o["manifests"]),
            Value::Object(o) if o.contains_key("kind") => Ok(Some(v.to_string())),
            _ => Err("`cluster` should hold Kubernetes manifests: a YAML string, a list, or {\"manifests\": …}".into()),
        }
    }
    from_value(&design.cluster)
}

/// Imports the design's manifests, adding nodes from the network's Kubernetes-node instances
/// when the manifests declare none.
pub fn load(design: &Design) -> Result<Manifests, String> {
    let Some(text) = manifest_text(design)? else {
        return Err("the design has no Kubernetes manifests (`cluster` is empty)".into());
    };
    let (mut manifests, diags) = import_manifests(&text);
    if let Some(d) = diags.iter().find(|d| d.severity == ManifestSeverity::Error) {
        return Err(format!("manifest {d}"));
    }
    if manifests.cluster.nodes.is_empty() {
        add_nodes_from_network(&mut manifests.cluster, &design.network);
    }
    Ok(manifests)
}

/// Rough allocatable resources per instance type (vCPU, GiB); unknown types get 2 vCPU / 4 GiB.
fn size_of(instance_type: &str) -> (u32, u32) {
    match instance_type {
        "t3.small" | "t3a.small" => (2, 2),
        "t3.large" | "t3a.large" | "m5.large" | "m6i.large" | "m7i.large" => (2, 8),
        "t3.xlarge" | "m5.xlarge" | "m6i.xlarge" => (4, 16),
        "m5.2xlarge" | "m6i.2xlarge" => (8, 32),
        "c5.large" => (2, 4),
        _ => (2, 4),
    }
}

/// A taint as typed on a node instance: `key=value:Effect` or `key:Effect`, with Effect one
/// of NoSchedule, PreferNoSchedule, NoExecute (kubectl taint's syntax).
pub fn parse_taint(text: &str) -> Result<(String, String, String), Text> {
    let text = text.trim();
    let (kv, effect) = text.rsplit_once(':').ok_or_else(|| {
        msg!(
            "taint-needs-effect",
            "taint `{text}` needs an effect: key=value:NoSchedule",
            text
        )
    })?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return Err(msg!(
            "taint-bad-effect",
            "taint `{text}`: the effect must be NoSchedule, PreferNoSchedule or NoExecute",
            text
        ));
    }
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    if key.is_empty() {
        return Err(msg!("taint-no-key", "taint `{text}` has no key", text));
    }
    Ok((key.to_string(), value.to_string(), effect.to_string()))
}

/// Adds one node per `kubernetes-node` instance of the network (see the module doc).
pub(crate) fn add_nodes_from_network(cluster: &mut Cluster, net: &Network) {
    let docs: Vec<Value> = net
        .instances
        .iter()
        .filter(|i| i.role == InstanceRole::KubernetesNode)
        .map(|i| {
            let name = if i.name.is_empty() { i.id.clone() } else { i.name.clone() };
            let (cpu, gib) = size_of(&i.instance_type);
            let itype = if i.instance_type.is_empty() { "t3.medium".to_string() } else { i.instance_type.clone() };
            let mut labels = serde_json::Map::new();
            labels.insert("node.kubernetes.io/instance-type".into(), Value::String(itype));
            for (k, v) in &i.node_labels {
                labels.insert(k.clone(), Value::String(v.clone()));
            }
            let taints: Vec<Value> = i.node_taints.iter().filter_map(|t| parse_taint(t).ok()).map(|(key, value, effect)| json!({"key": key, "value": value, "effect": effect})).collect();
            json!({
                "apiVersion": "v1", "kind": "Node",
                "metadata": {"name": name, "labels": labels},
                "spec": {"providerID": format!("aws:///{}", i.id), "taints": taints},
                "status": {"allocatable": {"cpu": format!("{}m", cpu * 1000 - 70), "memory": format!("{}Mi", gib * 1024 - 600)}}
            })
        })
        .collect();
    if docs.is_empty() {
        return;
    }
    let (m, _) = import_manifests(&Value::Array(docs).to_string());
    let nodes_of = net
        .instances
        .iter()
        .filter(|i| i.role == InstanceRole::KubernetesNode);
    for (mut node, inst) in m.cluster.nodes.into_iter().zip(nodes_of) {
        if let Some(subnet) = net.subnet(&inst.subnet_id) {
            apply_node_network(
                &mut node,
                NodeNetwork {
                    zone: subnet.availability_zone.clone(),
                    subnet_id: subnet.id.clone(),
                    subnet_cidr: subnet.cidr.clone(),
                    node_ip: inst.private_ip.clone(),
                },
            );
        }
        cluster.nodes.push(node);
    }
}

fn split_name(s: &str) -> (String, String) {
    match s.split_once('/') {
        Some((ns, n)) => (ns.to_string(), n.to_string()),
        None => ("default".to_string(), s.to_string()),
    }
}

/// `replicas_running`: every replica Running and ready by `at + within` (after a zone failure if asked).
pub fn replicas_running(
    design: &Design,
    spec: &ReplicasSpec,
    cache: &mut Option<Result<Manifests, String>>,
) -> Outcome {
    let manifests = match cache.get_or_insert_with(|| load(design)) {
        Ok(m) => m.clone(),
        Err(e) => return Outcome::fail(e.clone()),
    };
    let (ns, name) = split_name(&spec.deployment);
    let kind = spec.workload.name();
    let replicas = match spec.workload {
        Workload::Deployment => manifests
            .cluster
            .deployments
            .iter()
            .find(|d| d.name == name && d.namespace == ns)
            .map(|d| d.replicas),
        Workload::StatefulSet => manifests
            .cluster
            .stateful_sets
            .iter()
            .find(|d| d.name == name && d.namespace == ns)
            .map(|d| d.replicas),
    };
    let Some(replicas) = replicas else {
        return Outcome::fail(format!("the manifests have no {kind} {ns}/{name}"));
    };
    if replicas <= 0 {
        return Outcome::fail(format!("{kind} {ns}/{name} asks for {replicas} replicas"));
    }
    let needed = spec.min_ready.unwrap_or(replicas).min(replicas);
    // The workload's pods: a Deployment's `<name>-<hash>-<suffix>`, a StatefulSet's
    // `<name>-<ordinal>`.
    let own = |pod: &str| -> bool {
        let Some(rest) = pod.strip_prefix(&format!("{ns}/{name}-")) else {
            return false;
        };
        match spec.workload {
            Workload::Deployment => true,
            Workload::StatefulSet => !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()),
        }
    };
    let zones: BTreeSet<String> = manifests
        .cluster
        .nodes
        .iter()
        .filter_map(|n| n.labels.get(LABEL_ZONE).cloned())
        .collect();
    if manifests.cluster.nodes.is_empty() {
        return Outcome::fail(
            "the cluster has no nodes: add Node manifests or instances of role kubernetes-node"
                .to_string(),
        );
    }
    let failures: Vec<Option<String>> = match spec.zone_failure.as_deref() {
        None => vec![None],
        Some("each") => zones.iter().cloned().map(Some).collect(),
        Some("first") => zones.iter().next().cloned().map(Some).into_iter().collect(),
        Some(z) => {
            if !zones.contains(z) {
                return Outcome::fail(format!(
                    "no node is in zone {z} (node zones: {})",
                    zones.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            vec![Some(z.to_string())]
        }
    };
    if failures.is_empty() {
        return Outcome::fail(
            "no node carries a topology.kubernetes.io/zone label, so no zone can fail".to_string(),
        );
    }
    let config = manifests.scheduler_config.clone().unwrap_or_default();
    let mut passed_lines = Vec::new();
    for zone in failures {
        let mut injected: Vec<Injected> = zone
            .iter()
            .map(|z| Injected {
                at: spec.at_ms,
                action: Action::ZoneFailure { zone: z.clone() },
            })
            .collect();
        if let (Some(z), Some(after)) = (&zone, spec.out_of_service_after_ms) {
            injected.push(Injected {
                at: spec.at_ms + after,
                action: Action::OutOfService {
                    node: None,
                    zone: Some(z.clone()),
                    add: true,
                },
            });
        }
        let until = if zone.is_some() {
            spec.at_ms + spec.within_ms
        } else {
            spec.within_ms
        };
        let mut world = World::new(
            manifests.cluster.clone(),
            config.clone(),
            injected,
            spec.seed,
            SimConfig::default(),
        );
        world.run_until(until);
        let snap = world.snapshot();
        let full = format!("{ns}/{name}");
        let ready = snap
            .pods
            .iter()
            .filter(|p| own(&p.name) && p.status == "Running" && p.ready)
            .count() as i32;
        let when = match &zone {
            Some(z) => format!(
                "{} after zone {z} failed at {}",
                format_time(spec.within_ms),
                format_time(spec.at_ms)
            ),
            None => format!("at {}", format_time(spec.within_ms)),
        };
        if ready < needed {
            let prefix = format!("{name}-");
            let stuck: Vec<String> = snap
                .pods
                .iter()
                .filter(|p| own(&p.name) && (p.status != "Running" || !p.ready))
                .map(|p| {
                    let node = p
                        .node
                        .as_deref()
                        .map(|n| format!(" on {n}"))
                        .unwrap_or_default();
                    let ready = if p.status == "Running" && !p.ready {
                        " (not ready: its node is down)"
                    } else {
                        ""
                    };
                    format!("{} {}{node}{ready}", p.name, p.status)
                })
                .collect();
            let mut per_zone: std::collections::BTreeMap<String, usize> =
                std::collections::BTreeMap::new();
            for n in &manifests.cluster.nodes {
                *per_zone
                    .entry(
                        n.labels
                            .get(LABEL_ZONE)
                            .cloned()
                            .unwrap_or_else(|| "no zone".into()),
                    )
                    .or_default() += 1;
            }
            let zones_text: Vec<String> =
                per_zone.iter().map(|(z, k)| format!("{z}: {k}")).collect();
            let why = world
                .log()
                .iter()
                .rev()
                .find(|e| {
                    e.reason == "FailedScheduling"
                        && own(&format!("{ns}/{}", e.object.name))
                        && e.object.name.starts_with(&prefix)
                })
                .map(|e| format!("; scheduler: {}", e.message))
                .unwrap_or_default();
            let of = if needed < replicas {
                format!("{replicas} (at least {needed} needed)")
            } else {
                replicas.to_string()
            };
            return Outcome::fail(format!(
                "{ready}/{of} replicas of {kind} {full} ready {when}; nodes per zone: {}; not running: {}{why}",
                zones_text.join(", "),
                if stuck.is_empty() { "-".to_string() } else { stuck.join(", ") }
            ))
            .code(None, "REPLICAS_NOT_READY");
        }
        passed_lines.push(when);
    }
    let how_many = if needed < replicas {
        format!("at least {needed} of {replicas}")
    } else {
        format!("all {replicas}")
    };
    Outcome::pass(format!(
        "{how_many} replicas of {kind} {ns}/{name} Running and ready {}",
        passed_lines.join("; ")
    ))
}

/// Every document of the manifest text as JSON (for checks the cluster model does not keep).
fn documents(text: &str) -> Vec<Value> {
    use serde::Deserialize;
    let trimmed = text.trim_start();
    let mut out = Vec::new();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            match v {
                Value::Array(items) => out.extend(items),
                v => out.push(v),
            }
        }
    } else {
        for de in serde_norway::Deserializer::from_str(text) {
            match Value::deserialize(de) {
                Ok(v) => out.push(v),
                Err(_) => break,
            }
        }
    }
    let mut flat = Vec::new();
    for d in out {
        if d.get("kind").and_then(Value::as_str) == Some("List") {
            flat.extend(
                d.get("items")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
        } else {
            flat.push(d);
        }
    }
    flat
}

/// `service_exposed`: a Service of the given type selecting the Deployment's pods.
pub fn service_exposed(design: &Design, spec: &ServiceSpec) -> Outcome {
    let text = match manifest_text(design) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return Outcome::fail(
                "the design has no Kubernetes manifests (`cluster` is empty)".to_string(),
            )
        }
        Err(e) => return Outcome::fail(e),
    };
    let docs = documents(&text);
    let kind = |d: &Value, k: &str| d.get("kind").and_then(Value::as_str) == Some(k);
    let str_at = |d: &Value, p: &str| d.pointer(p).and_then(Value::as_str).map(str::to_string);
    let services: Vec<&Value> = docs
        .iter()
        .filter(|d| {
            kind(d, "Service")
                && str_at(d, "/spec/type").as_deref().unwrap_or("ClusterIP") == spec.service_type
        })
        .collect();
    if services.is_empty() {
        let have: Vec<String> = docs
            .iter()
            .filter(|d| kind(d, "Service"))
            .map(|d| {
                format!(
                    "{} ({})",
                    str_at(d, "/metadata/name").unwrap_or_default(),
                    str_at(d, "/spec/type").unwrap_or_else(|| "ClusterIP".into())
                )
            })
            .collect();
        return Outcome::fail(format!(
            "no Service of type {}; Services found: {}",
            spec.service_type,
            if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            }
        ))
        .code(None, "NO_SUCH_SERVICE");
    }
    let Some(dep_name) = &spec.deployment else {
        return Outcome::pass(format!(
            "Service {} is of type {}",
            str_at(services[0], "/metadata/name").unwrap_or_default(),
            spec.service_type
        ));
    };
    let (ns, name) = split_name(dep_name);
    let ns_of = |d: &Value| str_at(d, "/metadata/namespace").unwrap_or_else(|| "default".into());
    let Some(dep) = docs.iter().find(|d| {
        kind(d, "Deployment")
            && str_at(d, "/metadata/name").as_deref() == Some(name.as_str())
            && ns_of(d) == ns
    }) else {
        return Outcome::fail(format!("the manifests have no Deployment {ns}/{name}"));
    };
    let labels = dep
        .pointer("/spec/template/metadata/labels")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for s in &services {
        let Some(sel) = s.pointer("/spec/selector").and_then(Value::as_object) else {
            continue;
        };
        if ns_of(s) == ns && !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v)) {
            let sel_text: Vec<String> = sel
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect();
            return Outcome::pass(format!(
                "Service {ns}/{} ({}) selects {} of Deployment {ns}/{name}",
                str_at(s, "/metadata/name").unwrap_or_default(),
                spec.service_type,
                sel_text.join(",")
            ));
        }
    }
    Outcome::fail(format!(
        "no {} Service selects the pod labels of Deployment {ns}/{name} ({})",
        spec.service_type,
        Value::Object(labels)
    ))
}

#[cfg(test)]
mod taint_tests {
    use super::*;

    #[test]
    fn node_taints_use_kubectl_syntax() {
        assert_eq!(
            parse_taint("dedicated=gpu:NoSchedule"),
            Ok(("dedicated".into(), "gpu".into(), "NoSchedule".into()))
        );
        assert_eq!(
            parse_taint("spot:PreferNoSchedule"),
            Ok(("spot".into(), "".into(), "PreferNoSchedule".into()))
        );
        assert!(parse_taint("dedicated=gpu")
            .unwrap_err()
            .en
            .contains("needs an effect"));
        assert!(parse_taint("a=b:Sometimes")
            .unwrap_err()
            .en
            .contains("must be"));
    }

    #[test]
    fn labels_and_taints_on_node_instances_reach_the_scheduler() {
        let s = crate::scenarios::get("bastion-eks").expect("built in");
        let mut d = s.solution.clone();
        let node = d
            .network
            .instances
            .iter_mut()
            .find(|i| i.role == InstanceRole::KubernetesNode)
            .unwrap();
        node.node_labels.insert("team".into(), "payments".into());
        node.node_taints.push("dedicated=gpu:NoSchedule".into());
        let name = if node.name.is_empty() {
            node.id.clone()
        } else {
            node.name.clone()
        };
        let m = load(&d).unwrap();
        let n = m.cluster.nodes.iter().find(|n| n.name == name).unwrap();
        assert_eq!(n.labels.get("team").map(String::as_str), Some("payments"));
        assert_eq!(n.taints.len(), 1);
    }
}
