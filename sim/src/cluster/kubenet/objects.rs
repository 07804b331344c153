//! The network kinds of a set of manifests — Namespace, NetworkPolicy, Service (every field the
//! data path needs) and Ingress — read from the same documents `cluster::import` reads.
//!
//! Guarantees: never panics; every value the API would refuse (an unknown `policyTypes` entry,
//! `ipBlock` beside a selector, `endPort` below `port`, an unknown protocol or Service type) is
//! an error [`Diagnostic`] naming the document and the field path, and the object is skipped.
//! Documents are split exactly as `cluster::import` splits them, behind the same
//! [`crate::yaml`] guard; syntax errors are left to that importer, which reports them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::network_policy::{
    Cidr4, Namespaces, NetworkPolicy, Peer, PolicyPort, PortRef, Rule, L4,
};
use crate::cluster::import::{Diagnostic, Severity};
use crate::cluster::model::{LabelSelector, Labels, Requirement, SelectorOperator};
use crate::network::msg::{msg, Text};

/// A Service's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceType {
    ClusterIp,
    NodePort,
    LoadBalancer,
    ExternalName,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePort {
    pub name: String,
    pub protocol: L4,
    pub port: u16,
    /// Defaults to `port`.
    pub target_port: PortRef,
    pub node_port: Option<u16>,
    /// True when the manifest gave no nodePort and one was assumed.
    pub node_port_assumed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDef {
    pub namespace: String,
    pub name: String,
    pub kind: ServiceType,
    /// `None` for a headless Service (`clusterIP: None`) or an ExternalName.
    pub cluster_ip: Option<u32>,
    /// True when the manifest gave no clusterIP and one was assumed.
    pub cluster_ip_assumed: bool,
    pub selector: Option<Labels>,
    pub ports: Vec<ServicePort>,
    /// `externalTrafficPolicy: Local`.
    pub local_traffic: bool,
    pub annotations: BTreeMap<String, String>,
}

impl ServiceDef {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// One backend of an Ingress: a Service and its port (number or name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngressBackend {
    pub host: String,
    pub path: String,
    pub service: String,
    pub port: PortRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngressDef {
    pub namespace: String,
    pub name: String,
    /// `spec.ingressClassName` (or the legacy `kubernetes.io/ingress.class` annotation).
    pub class: Option<String>,
    pub annotations: BTreeMap<String, String>,
    /// Rules in order, then the default backend (host and path empty).
    pub backends: Vec<IngressBackend>,
}

impl IngressDef {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// The network objects of a manifest set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objects {
    pub namespaces: Namespaces,
    pub policies: Vec<NetworkPolicy>,
    pub services: Vec<ServiceDef>,
    pub ingresses: Vec<IngressDef>,
}

/// The kinds this module reads (the scheduler's importer skips them with a warning).
pub const KINDS: [&str; 4] = ["Namespace", "NetworkPolicy", "Service", "Ingress"];

/// First address assumed for Services without a `clusterIP`: EKS's service range when the VPC
/// uses 10.0.0.0/8 is 172.20.0.0/16 (docs/SEMANTICS.md#sv1).
const ASSUMED_SERVICE_BASE: u32 = 0xAC14_000A; // 172.20.0.10
/// First nodePort assumed when none is given (the default range is 30000-32767).
const ASSUMED_NODE_PORT_BASE: u16 = 30000;

pub fn parse_objects(files: &[(&str, &str)]) -> (Objects, Vec<Diagnostic>) {
    let mut p = Parser::default();
    for (file, src) in files {
        for (i, doc) in documents(src).into_iter().enumerate() {
            p.object(&format!("{file}#{}", i + 1), &doc);
        }
    }
    // Assumed addresses and node ports, in document order after every explicit one is known.
    let mut next_ip = ASSUMED_SERVICE_BASE;
    let mut next_node_port = ASSUMED_NODE_PORT_BASE;
    let used_ips: Vec<u32> = p.out.services.iter().filter_map(|s| s.cluster_ip).collect();
    let used_ports: Vec<u16> = p
        .out
        .services
        .iter()
        .flat_map(|s| s.ports.iter().filter_map(|sp| sp.node_port))
        .collect();
    for s in &mut p.out.services {
        if s.cluster_ip_assumed {
            while used_ips.contains(&next_ip) {
                next_ip += 1;
            }
            s.cluster_ip = Some(next_ip);
            next_ip += 1;
        }
        for sp in &mut s.ports {
            if sp.node_port_assumed {
                while used_ports.contains(&next_node_port) {
                    next_node_port += 1;
                }
                sp.node_port = Some(next_node_port);
                next_node_port += 1;
            }
        }
    }
    (p.out, p.diags)
}

/// Documents of one file (JSON, YAML multi-document, `kind: List` expanded); stops at the
/// first document the guard or the parser refuses.
fn documents(src: &str) -> Vec<Value> {
    use serde::Deserialize as _;
    let mut out = Vec::new();
    let trimmed = src.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(src) {
            if crate::yaml::check_json(src).is_ok() {
                match v {
                    Value::Array(items) => out.extend(items),
                    v => out.push(v),
                }
            }
            return expand_lists(out);
        }
    }
    let guard = crate::yaml::check_yaml(src).err();
    if matches!(guard, Some(crate::yaml::GuardError::TooDeep { .. })) {
        return out;
    }
    for (i, de) in serde_norway::Deserializer::from_str(src).enumerate() {
        if guard.as_ref().is_some_and(|e| e.document() == i) {
            break;
        }
        match Value::deserialize(de) {
            Ok(v) => out.push(v),
            Err(_) => break,
        }
    }
    expand_lists(out)
}

fn expand_lists(docs: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for d in docs {
        if d.get("kind").and_then(Value::as_str) == Some("List") {
            if let Some(items) = d.get("items").and_then(Value::as_array) {
                out.extend(items.iter().cloned());
                continue;
            }
        }
        out.push(d);
    }
    out
}

#[derive(Default)]
struct Parser {
    out: Objects,
    diags: Vec<Diagnostic>,
}

struct Doc<'a> {
    name: String,
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

impl Doc<'_> {
    /// A refusal, keyed so the app words it in the reader's language.
    fn error(&mut self, field: &str, message: Text) {
        self.failed = true;
        self.diags.push(Diagnostic::new(
            Severity::Error,
            self.name.clone(),
            field.into(),
            message,
        ));
    }
    fn str_map(&mut self, v: Option<&Value>, field: &str) -> Labels {
        let mut out = Labels::new();
        match v {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    match v {
                        Value::String(s) => {
                            out.insert(k.clone(), s.clone());
                        }
                        Value::Number(n) => {
                            out.insert(k.clone(), n.to_string());
                        }
                        Value::Bool(b) => {
                            out.insert(k.clone(), b.to_string());
                        }
                        other => self.error(
                            &format!("{field}.{k}"),
                            msg!(
                                "k8s-obj-expected-string",
                                "expected a string, found {value}",
                                value = other.to_string()
                            ),
                        ),
                    }
                }
            }
            Some(other) => self.error(
                field,
                msg!(
                    "k8s-obj-expected-string-map",
                    "expected a map of strings, found {value}",
                    value = other.to_string()
                ),
            ),
        }
        out
    }
    fn list<'v>(&mut self, v: Option<&'v Value>, field: &str) -> &'v [Value] {
        match v {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(other) => {
                self.error(
                    field,
                    msg!(
                        "k8s-obj-expected-list",
                        "expected a list, found {value}",
                        value = other.to_string()
                    ),
                );
                &[]
            }
        }
    }
    fn selector(&mut self, v: &Value, field: &str) -> LabelSelector {
        if !v.is_object() && !v.is_null() {
            self.error(
                field,
                msg!(
                    "k8s-obj-expected-selector",
                    "expected a label selector, found {value}",
                    value = v.to_string()
                ),
            );
            return LabelSelector::default();
        }
        let match_labels = self.str_map(v.get("matchLabels"), &format!("{field}.matchLabels"));
        let mut match_expressions = Vec::new();
        let ef = format!("{field}.matchExpressions");
        for (i, e) in self.list(v.get("matchExpressions"), &ef).iter().enumerate() {
            let path = format!("{ef}[{i}]");
            let key = e
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let operator = match e.get("operator").and_then(Value::as_str) {
                Some("In") => SelectorOperator::In,
                Some("NotIn") => SelectorOperator::NotIn,
                Some("Exists") => SelectorOperator::Exists,
                Some("DoesNotExist") => SelectorOperator::DoesNotExist,
                other => {
                    self.error(
                        &format!("{path}.operator"),
                        msg!(
                            "k8s-obj-bad-selector-operator",
                            "{value} is not one of In, NotIn, Exists, DoesNotExist",
                            value = crate::cluster::import::Got(other)
                        ),
                    );
                    continue;
                }
            };
            let values: Vec<String> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let needs_values = matches!(operator, SelectorOperator::In | SelectorOperator::NotIn);
            if needs_values == values.is_empty() {
                self.error(
                    &format!("{path}.values"),
                    if needs_values {
                        msg!(
                            "k8s-obj-selector-needs-values",
                            "In and NotIn need at least one value"
                        )
                    } else {
                        msg!(
                            "k8s-obj-selector-takes-no-values",
                            "Exists and DoesNotExist take no values"
                        )
                    },
                );
            }
            if key.is_empty() {
                self.error(
                    &format!("{path}.key"),
                    msg!("k8s-obj-requirement-needs-key", "a requirement needs a key"),
                );
            }
            match_expressions.push(Requirement {
                key,
                operator,
                values,
            });
        }
        LabelSelector {
            match_labels,
            match_expressions,
        }
    }
    fn protocol(&mut self, v: &Value, field: &str) -> L4 {
        match v.get("protocol") {
            None | Some(Value::Null) => L4::Tcp,
            Some(Value::String(s)) => L4::parse(s).unwrap_or_else(|| {
                self.error(
                    &format!("{field}.protocol"),
                    msg!(
                        "k8s-obj-bad-protocol",
                        "{value} is not one of TCP, UDP, SCTP",
                        value = format!("{s:?}")
                    ),
                );
                L4::Tcp
            }),
            Some(other) => {
                self.error(
                    &format!("{field}.protocol"),
                    msg!(
                        "k8s-obj-expected-protocol",
                        "expected TCP, UDP or SCTP, found {value}",
                        value = other.to_string()
                    ),
                );
                L4::Tcp
            }
        }
    }
    fn port_ref(&mut self, v: Option<&Value>, field: &str) -> Option<PortRef> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(p @ 1..=65535) => Some(PortRef::Number(p as u16)),
                _ => {
                    self.error(
                        field,
                        msg!(
                            "k8s-obj-port-range",
                            "port {port} is not in 1-65535",
                            port = n.to_string()
                        ),
                    );
                    None
                }
            },
            Some(Value::String(s)) if !s.is_empty() => match s.parse::<u16>() {
                // The API stores an IntOrString; a numeric string is still a name to it, but
                // YAML authors mean the number.
                Ok(p) if p > 0 => Some(PortRef::Number(p)),
                _ => Some(PortRef::Name(s.clone())),
            },
            Some(other) => {
                self.error(
                    field,
                    msg!(
                        "k8s-obj-expected-port-or-name",
                        "expected a port number or name, found {value}",
                        value = other.to_string()
                    ),
                );
                None
            }
        }
    }
    fn u16_field(&mut self, v: Option<&Value>, field: &str) -> Option<u16> {
        match v {
            None | Some(Value::Null) => None,
            Some(x) => match x.as_u64() {
                Some(p @ 1..=65535) => Some(p as u16),
                _ => {
                    self.error(
                        field,
                        msg!(
                            "k8s-obj-expected-port",
                            "expected a port in 1-65535, found {value}",
                            value = x.to_string()
                        ),
                    );
                    None
                }
            },
        }
    }
}

impl Parser {
    fn object(&mut self, document: &str, v: &Value) {
        let Some(kind) = v.get("kind").and_then(Value::as_str) else {
            return;
        };
        if !KINDS.contains(&kind) {
            return;
        }
        let name = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let namespace = v
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string();
        let mut doc = Doc {
            name: format!("{document} {kind} {name}"),
            diags: &mut self.diags,
            failed: false,
        };
        if name.is_empty() {
            doc.error(
                "metadata.name",
                msg!("k8s-obj-needs-name", "every object needs a name"),
            );
            return;
        }
        let spec = v.get("spec").cloned().unwrap_or(Value::Null);
        let annotations = doc.str_map(v.pointer("/metadata/annotations"), "metadata.annotations");
        match kind {
            "Namespace" => {
                let labels = doc.str_map(v.pointer("/metadata/labels"), "metadata.labels");
                if !doc.failed {
                    self.out.namespaces.insert(&name, labels);
                }
            }
            "NetworkPolicy" => {
                if let Some(p) = network_policy(&mut doc, &namespace, &name, &spec) {
                    if !doc.failed {
                        self.out.policies.push(p);
                    }
                }
            }
            "Service" => {
                if let Some(s) = service(&mut doc, &namespace, &name, &spec, annotations) {
                    if !doc.failed {
                        self.out.services.push(s);
                    }
                }
            }
            _ => {
                let i = ingress(&mut doc, &namespace, &name, &spec, annotations);
                if !doc.failed {
                    self.out.ingresses.push(i);
                }
            }
        }
    }
}

fn network_policy(doc: &mut Doc, ns: &str, name: &str, spec: &Value) -> Option<NetworkPolicy> {
    let pod_selector = doc.selector(
        spec.get("podSelector").unwrap_or(&Value::Null),
        "spec.podSelector",
    );
    let rules_of = |doc: &mut Doc, key: &str, peers_key: &str| -> Vec<Rule> {
        let mut rules = Vec::new();
        for (i, r) in doc
            .list(spec.get(key), &format!("spec.{key}"))
            .iter()
            .enumerate()
        {
            let rp = format!("spec.{key}[{i}]");
            let mut rule = Rule::default();
            for (j, peer) in doc
                .list(r.get(peers_key), &format!("{rp}.{peers_key}"))
                .iter()
                .enumerate()
            {
                let pp = format!("{rp}.{peers_key}[{j}]");
                let pods = peer.get("podSelector").filter(|v| !v.is_null());
                let nss = peer.get("namespaceSelector").filter(|v| !v.is_null());
                let block = peer.get("ipBlock").filter(|v| !v.is_null());
                match (pods, nss, block) {
                    (None, None, None) => doc.error(
                        &pp,
                        msg!(
                            "k8s-obj-peer-empty",
                            "a peer needs podSelector, namespaceSelector or ipBlock"
                        ),
                    ),
                    (None, None, Some(b)) => {
                        let cidr_text = b.get("cidr").and_then(Value::as_str).unwrap_or_default();
                        let Some(cidr) = Cidr4::parse(cidr_text) else {
                            doc.error(
                                &format!("{pp}.ipBlock.cidr"),
                                msg!(
                                    "k8s-obj-bad-ip-block-cidr",
                                    "{value} is not an IPv4 CIDR (IPv6 is not modelled)",
                                    value = format!("{cidr_text:?}")
                                ),
                            );
                            continue;
                        };
                        let mut except = Vec::new();
                        for (k, e) in doc
                            .list(b.get("except"), &format!("{pp}.ipBlock.except"))
                            .iter()
                            .enumerate()
                        {
                            let text = e.as_str().unwrap_or_default();
                            match Cidr4::parse(text) {
                                Some(c) if c.len >= cidr.len && cidr.contains(c.base) => {
                                    except.push(c)
                                }
                                Some(_) => doc.error(
                                    &format!("{pp}.ipBlock.except[{k}]"),
                                    msg!(
                                        "k8s-obj-except-outside",
                                        "{except} must be inside {cidr}",
                                        except = text,
                                        cidr = cidr.to_string()
                                    ),
                                ),
                                None => doc.error(
                                    &format!("{pp}.ipBlock.except[{k}]"),
                                    msg!(
                                        "k8s-obj-bad-except-cidr",
                                        "{value} is not an IPv4 CIDR",
                                        value = format!("{text:?}")
                                    ),
                                ),
                            }
                        }
                        rule.peers.push(Peer::IpBlock { cidr, except });
                    }
                    (_, _, Some(_)) => doc.error(
                        &pp,
                        msg!(
                            "k8s-obj-peer-ip-block-combined",
                            "ipBlock cannot be combined with podSelector or namespaceSelector in one peer"
                        ),
                    ),
                    (pods, nss, None) => {
                        let pods = pods.map(|p| doc.selector(p, &format!("{pp}.podSelector")));
                        let namespaces =
                            nss.map(|n| doc.selector(n, &format!("{pp}.namespaceSelector")));
                        rule.peers.push(Peer::Pods { pods, namespaces });
                    }
                }
            }
            for (j, port) in doc
                .list(r.get("ports"), &format!("{rp}.ports"))
                .iter()
                .enumerate()
            {
                let pp = format!("{rp}.ports[{j}]");
                let protocol = doc.protocol(port, &pp);
                let number = doc.port_ref(port.get("port"), &format!("{pp}.port"));
                let end_port = doc.u16_field(port.get("endPort"), &format!("{pp}.endPort"));
                if let Some(end) = end_port {
                    match &number {
                        Some(PortRef::Number(n)) if end >= *n => {}
                        Some(PortRef::Number(n)) => doc.error(
                            &format!("{pp}.endPort"),
                            msg!(
                                "k8s-obj-end-port-below",
                                "endPort {end} is below port {port}",
                                end,
                                port = n
                            ),
                        ),
                        _ => doc.error(
                            &format!("{pp}.endPort"),
                            msg!(
                                "k8s-obj-end-port-needs-number",
                                "endPort needs a numeric port"
                            ),
                        ),
                    }
                }
                rule.ports.push(PolicyPort {
                    protocol,
                    port: number,
                    end_port,
                });
            }
            rules.push(rule);
        }
        rules
    };
    let ingress = rules_of(doc, "ingress", "from");
    let egress = rules_of(doc, "egress", "to");
    let types = match spec.get("policyTypes") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let mut t = (false, false);
            for (i, x) in doc.list(Some(v), "spec.policyTypes").iter().enumerate() {
                match x.as_str() {
                    Some("Ingress") => t.0 = true,
                    Some("Egress") => t.1 = true,
                    _ => doc.error(
                        &format!("spec.policyTypes[{i}]"),
                        msg!(
                            "k8s-obj-bad-policy-type",
                            "{value} is not Ingress or Egress",
                            value = x.to_string()
                        ),
                    ),
                }
            }
            Some(t)
        }
    };
    Some(NetworkPolicy::new(
        ns,
        name,
        pod_selector,
        ingress,
        egress,
        types,
    ))
}

fn service(
    doc: &mut Doc,
    ns: &str,
    name: &str,
    spec: &Value,
    annotations: BTreeMap<String, String>,
) -> Option<ServiceDef> {
    let kind = match spec.get("type").and_then(Value::as_str) {
        None | Some("ClusterIP") => ServiceType::ClusterIp,
        Some("NodePort") => ServiceType::NodePort,
        Some("LoadBalancer") => ServiceType::LoadBalancer,
        Some("ExternalName") => ServiceType::ExternalName,
        Some(other) => {
            doc.error(
                "spec.type",
                msg!(
                    "k8s-obj-bad-service-type",
                    "{value} is not one of ClusterIP, NodePort, LoadBalancer, ExternalName",
                    value = format!("{other:?}")
                ),
            );
            return None;
        }
    };
    let (cluster_ip, cluster_ip_assumed) = match spec.get("clusterIP").and_then(Value::as_str) {
        Some("None") => (None, false),
        Some("") | None if kind == ServiceType::ExternalName => (None, false),
        Some("") | None => (None, true),
        Some(text) => match text.parse::<std::net::Ipv4Addr>() {
            Ok(a) => (Some(u32::from(a)), false),
            Err(_) => {
                doc.error(
                    "spec.clusterIP",
                    msg!(
                        "k8s-obj-bad-cluster-ip",
                        "{value} is not an IPv4 address or None",
                        value = format!("{text:?}")
                    ),
                );
                return None;
            }
        },
    };
    let selector = match spec.get("selector") {
        None | Some(Value::Null) => None,
        v => Some(doc.str_map(v, "spec.selector")),
    };
    let node_ports = matches!(kind, ServiceType::NodePort | ServiceType::LoadBalancer);
    let mut ports = Vec::new();
    for (i, p) in doc.list(spec.get("ports"), "spec.ports").iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        let protocol = doc.protocol(p, &pp);
        let Some(port) = doc.u16_field(p.get("port"), &format!("{pp}.port")) else {
            doc.error(
                &format!("{pp}.port"),
                msg!(
                    "k8s-obj-service-port-needs-number",
                    "a Service port needs a port number"
                ),
            );
            continue;
        };
        let target_port = doc
            .port_ref(p.get("targetPort"), &format!("{pp}.targetPort"))
            .unwrap_or(PortRef::Number(port));
        let node_port = doc.u16_field(p.get("nodePort"), &format!("{pp}.nodePort"));
        if node_port.is_some() && !node_ports {
            doc.error(
                &format!("{pp}.nodePort"),
                msg!(
                    "k8s-obj-node-port-type",
                    "only NodePort and LoadBalancer Services have node ports"
                ),
            );
        }
        ports.push(ServicePort {
            name: p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            protocol,
            port,
            target_port,
            node_port_assumed: node_ports && node_port.is_none(),
            node_port,
        });
    }
    let local_traffic = match spec.get("externalTrafficPolicy").and_then(Value::as_str) {
        None | Some("Cluster") => false,
        Some("Local") => true,
        Some(other) => {
            doc.error(
                "spec.externalTrafficPolicy",
                msg!(
                    "k8s-obj-bad-traffic-policy",
                    "{value} is not Cluster or Local",
                    value = format!("{other:?}")
                ),
            );
            false
        }
    };
    Some(ServiceDef {
        namespace: ns.into(),
        name: name.into(),
        kind,
        cluster_ip,
        cluster_ip_assumed,
        selector,
        ports,
        local_traffic,
        annotations,
    })
}

fn ingress(
    doc: &mut Doc,
    ns: &str,
    name: &str,
    spec: &Value,
    annotations: BTreeMap<String, String>,
) -> IngressDef {
    let class = spec
        .get("ingressClassName")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| annotations.get("kubernetes.io/ingress.class").cloned());
    let mut backends = Vec::new();
    let mut backend = |doc: &mut Doc, b: &Value, field: &str, host: &str, path: &str| {
        let Some(svc) = b.get("service") else {
            doc.error(
                field,
                msg!(
                    "k8s-obj-backend-not-service",
                    "only service backends are modelled"
                ),
            );
            return;
        };
        let service = svc
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let port = svc
            .get("port")
            .and_then(|p| p.get("number").or_else(|| p.get("name")))
            .and_then(|p| doc.port_ref(Some(p), &format!("{field}.service.port")));
        match (service.is_empty(), port) {
            (false, Some(port)) => backends.push(IngressBackend {
                host: host.into(),
                path: path.into(),
                service,
                port,
            }),
            _ => doc.error(
                &format!("{field}.service"),
                msg!(
                    "k8s-obj-backend-incomplete",
                    "a backend needs a service name and a port number or name"
                ),
            ),
        }
    };
    for (i, r) in doc.list(spec.get("rules"), "spec.rules").iter().enumerate() {
        let host = r
            .get("host")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let paths = r.pointer("/http/paths").cloned().unwrap_or(Value::Null);
        for (j, p) in doc
            .list(Some(&paths), &format!("spec.rules[{i}].http.paths"))
            .iter()
            .enumerate()
        {
            let path = p
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or("/")
                .to_string();
            let field = format!("spec.rules[{i}].http.paths[{j}].backend");
            backend(
                doc,
                p.get("backend").unwrap_or(&Value::Null),
                &field,
                &host,
                &path,
            );
        }
    }
    if let Some(b) = spec.get("defaultBackend").filter(|v| !v.is_null()) {
        backend(doc, b, "spec.defaultBackend", "", "");
    }
    IngressDef {
        namespace: ns.into(),
        name: name.into(),
        class,
        annotations,
        backends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_give_policies_services_ingresses_and_namespace_labels() {
        let src = r#"
apiVersion: v1
kind: Namespace
metadata: {name: db, labels: {team: data}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-backend, namespace: db}
spec:
  podSelector: {matchLabels: {app: postgres}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: api}}
      namespaceSelector: {matchLabels: {team: backend}}
    ports: [{port: 5432}]
  egress: [{}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: backend}
spec:
  type: NodePort
  clusterIP: 10.100.12.7
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
"#;
        let (o, diags) = parse_objects(&[("m.yaml", src)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(o.namespaces.labels["db"]["team"], "data");
        assert_eq!(
            o.namespaces.labels["db"]["kubernetes.io/metadata.name"],
            "db"
        );
        let p = &o.policies[0];
        assert!(
            p.isolates_ingress && p.isolates_egress,
            "egress rules default Egress on"
        );
        assert!(matches!(
            &p.ingress[0].peers[0],
            Peer::Pods {
                pods: Some(_),
                namespaces: Some(_)
            }
        ));
        assert_eq!(
            o.services[0].ports[0].target_port,
            PortRef::Name("http".into())
        );
        assert_eq!(
            o.services[0].cluster_ip,
            Some(u32::from(std::net::Ipv4Addr::new(172, 20, 0, 10)))
        );
        assert!(o.services[0].cluster_ip_assumed);
        assert_eq!(o.services[1].ports[0].node_port, Some(30080));
        assert!(o.services[1].local_traffic);
    }

    #[test]
    fn values_the_api_refuses_are_errors_naming_the_field() {
        let cases = [
            ("spec: {podSelector: {}, policyTypes: [Ingres]}", "spec.policyTypes[0]"),
            ("spec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]}", "spec.ingress[0].from[0]"),
            ("spec: {podSelector: {}, ingress: [{ports: [{port: 90, endPort: 80}]}]}", "spec.ingress[0].ports[0].endPort"),
            ("spec: {podSelector: {}, egress: [{ports: [{protocol: ICMP}]}]}", "spec.egress[0].ports[0].protocol"),
            ("spec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]}", "spec.ingress[0].from[0].ipBlock.except[0]"),
            ("spec: {podSelector: {matchExpressions: [{key: a, operator: Has}]}}", "spec.podSelector.matchExpressions[0].operator"),
        ];
        for (spec, field) in cases {
            let src = format!("kind: NetworkPolicy\nmetadata: {{name: p}}\n{spec}\n");
            let (o, diags) = parse_objects(&[("np.yaml", &src)]);
            assert!(o.policies.is_empty(), "{spec}");
            assert_eq!(
                diags.first().map(|d| d.field.as_str()),
                Some(field),
                "{spec}: {diags:?}"
            );
        }
    }
}
