//! What kube-proxy does with a connection to a Service: find the Service port, the ready
//! endpoints (the EndpointSlice), resolve the targetPort on each, and pick one.
//!
//! Guarantees (docs/SEMANTICS.md#sv1 … #sv4): endpoints are the ready pods with an address
//! that the Service's selector matches in its namespace, in pod-name order; a named targetPort
//! is resolved per pod from its container ports (a pod that does not declare it is left out, as
//! the EndpointSlice controller does); the pick is deterministic — the first endpoint in name
//! order, which the hop states (kube-proxy itself picks at random). Every refusal is a
//! [`ReasonCode`] with a sentence.

use std::net::Ipv4Addr;

use super::network_policy::{PodInfo, PortRef, L4};
use super::objects::{ServiceDef, ServicePort, ServiceType};
use crate::network::msg::{msg, Text};
use crate::network::trace::ReasonCode;

/// One endpoint: a pod and the port the connection reaches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backend<'a> {
    pub pod: &'a PodInfo,
    pub port: u16,
}

/// The endpoints of one Service port and the one chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution<'a> {
    pub port: &'a ServicePort,
    pub endpoints: Vec<Backend<'a>>,
    /// Index into `endpoints`.
    pub chosen: usize,
}

impl<'a> Resolution<'a> {
    pub fn backend(&self) -> Backend<'a> {
        self.endpoints[self.chosen]
    }
}

/// Why a Service cannot take the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ReasonCode,
    /// The sentence, with its message key (`svc-…`) for the app's other languages.
    pub explanation: Text,
}

/// Which Service port a connection uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The ClusterIP (or a headless Service's DNS) on the Service `port`.
    Port(u16),
    /// A node's `nodePort`, on node `node` (for `externalTrafficPolicy: Local`).
    NodePort { port: u16 },
}

/// Resolves a connection to `svc` (docs/SEMANTICS.md#sv2, #sv3). `node` limits the endpoints
/// to one node when the Service's `externalTrafficPolicy` is `Local` and the connection came
/// in through that node (a node port or a load balancer's instance target).
pub fn resolve<'a>(
    svc: &'a ServiceDef,
    pods: &'a [PodInfo],
    protocol: L4,
    via: Via,
    node: Option<&str>,
) -> Result<Resolution<'a>, Refusal> {
    let port = svc.ports.iter().find(|p| {
        p.protocol == protocol
            && match via {
                Via::Port(n) => p.port == n,
                Via::NodePort { port } => p.node_port == Some(port),
            }
    });
    let Some(port) = port else {
        let have: Vec<String> = svc
            .ports
            .iter()
            .map(|p| match via {
                Via::Port(_) => format!("{}/{}", p.port, p.protocol.name()),
                Via::NodePort { .. } => format!(
                    "{}/{}",
                    p.node_port
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "-".into()),
                    p.protocol.name()
                ),
            })
            .collect();
        let svc_key = svc.key();
        let proto = protocol.name();
        let have = have.join(", ");
        let explanation = match (via, have.is_empty()) {
            (Via::Port(n), false) => msg!(
                "svc-no-port",
                "Service {svc_key} has no port {n}/{proto}; its ports are {have}",
                svc_key,
                n,
                proto,
                have
            ),
            (Via::Port(n), true) => msg!(
                "svc-no-port-none",
                "Service {svc_key} has no port {n}/{proto}; its ports are none",
                svc_key,
                n,
                proto
            ),
            (Via::NodePort { port: n }, false) => msg!(
                "svc-no-node-port",
                "Service {svc_key} has no nodePort {n}/{proto}; its nodePorts are {have}",
                svc_key,
                n,
                proto,
                have
            ),
            (Via::NodePort { port: n }, true) => msg!(
                "svc-no-node-port-none",
                "Service {svc_key} has no nodePort {n}/{proto}; its nodePorts are none",
                svc_key,
                n,
                proto
            ),
        };
        return Err(Refusal {
            code: ReasonCode::ServicePortMismatch,
            explanation,
        });
    };
    let Some(selector) = svc.selector.as_ref().filter(|s| !s.is_empty()) else {
        return Err(Refusal {
            code: ReasonCode::ServiceNoEndpoints,
            explanation: {
                let svc_key = svc.key();
                msg!("svc-no-selector", "Service {svc_key} has no selector, so its endpoints are managed by hand and are not in the manifests", svc_key)
            },
        });
    };
    let mut selected: Vec<&PodInfo> = pods
        .iter()
        .filter(|p| {
            p.namespace == svc.namespace && selector.iter().all(|(k, v)| p.labels.get(k) == Some(v))
        })
        .collect();
    selected.sort_by(|a, b| a.name.cmp(&b.name));
    let selector_text: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let ready: Vec<&PodInfo> = selected
        .iter()
        .copied()
        .filter(|p| p.ready && p.ip.is_some())
        .collect();
    if ready.is_empty() {
        return Err(Refusal {
            code: ReasonCode::ServiceNoEndpoints,
            explanation: {
                let svc_key = svc.key();
                if selected.is_empty() {
                    let selector = selector_text.join(", ");
                    let ns = svc.namespace.as_str();
                    msg!("svc-selects-nothing", "Service {svc_key} selects no pod ({selector} matches none in namespace {ns})", svc_key, selector, ns)
                } else {
                    let count = selected.len();
                    let pods = selected
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    msg!("svc-none-ready", "Service {svc_key} has no ready endpoints: the {count} pod(s) it selects ({pods}) are not ready, and only ready pods are in its EndpointSlice", svc_key, count, pods)
                }
            },
        });
    }
    let endpoints: Vec<Backend> = ready
        .iter()
        .filter_map(|p| {
            let target = match &port.target_port {
                PortRef::Number(n) => Some(*n),
                PortRef::Name(name) => p.named_port(name, protocol),
            };
            target.map(|t| Backend { pod: p, port: t })
        })
        .collect();
    if endpoints.is_empty() {
        let name = match &port.target_port {
            PortRef::Name(n) => n.clone(),
            PortRef::Number(n) => n.to_string(),
        };
        return Err(Refusal {
            code: ReasonCode::ServiceTargetPortUnresolved,
            explanation: {
                let (svc_key, port, count, proto) =
                    (svc.key(), port.port, ready.len(), protocol.name());
                let name = format!("{name:?}");
                msg!("svc-target-port-unresolved", "Service {svc_key} port {port} targets the port named {name}, which no container of its {count} ready pod(s) declares for {proto}", svc_key, port, name, count, proto)
            },
        });
    }
    let local = match (svc.local_traffic, node, via) {
        (true, Some(node), Via::NodePort { .. }) => Some(node),
        _ => None,
    };
    let endpoints = match local {
        Some(node) => {
            let here: Vec<Backend> = endpoints
                .iter()
                .copied()
                .filter(|b| b.pod.node.as_deref() == Some(node))
                .collect();
            if here.is_empty() {
                return Err(Refusal {
                    code: ReasonCode::ServiceNoEndpoints,
                    explanation: {
                        let (svc_key, count) = (svc.key(), endpoints.len());
                        msg!("svc-local-no-endpoint", "Service {svc_key} has externalTrafficPolicy: Local and none of its {count} ready endpoints runs on node {node}, so kube-proxy there drops the connection", svc_key, count, node)
                    },
                });
            }
            here
        }
        None => endpoints,
    };
    Ok(Resolution {
        port,
        endpoints,
        chosen: 0,
    })
}

/// "Service backend/api (10.100.12.7:80) → pod api-7d4f… 10.0.11.23:8080 chosen by kube-proxy
/// (1 of 3 ready endpoints)".
pub fn hop_text(svc: &ServiceDef, r: &Resolution, via: Via) -> Text {
    let b = r.backend();
    // Headless: the client connects on the port it asked for; nothing translates it (SV1).
    let port = match (via, svc.cluster_ip) {
        (Via::Port(p), None) => p,
        _ => b.port,
    };
    let ip = b
        .pod
        .ip
        .map(|a| Ipv4Addr::from(a).to_string())
        .unwrap_or_default();
    let front = match (via, svc.cluster_ip) {
        (Via::NodePort { port }, _) => Text::from(format!("nodePort {port}")),
        (Via::Port(p), Some(a)) => Text::from(format!("{}:{p}", Ipv4Addr::from(a))),
        (Via::Port(p), None) => msg!("svc-front-headless", "headless, port {p}", p),
    };
    let assumed = if svc.cluster_ip_assumed && matches!(via, Via::Port(_)) {
        msg!(
            "svc-cluster-ip-assumed",
            "; the ClusterIP is not in the manifests and is assumed"
        )
    } else {
        Text::from("")
    };
    let (svc_key, pod, count) = (svc.key(), b.pod.name.as_str(), r.endpoints.len());
    if svc.cluster_ip.is_none() && svc.kind != ServiceType::ExternalName {
        msg!("svc-hop-headless", "Service {svc_key} ({front}) → pod {pod} {ip}:{port} chosen by the client from the DNS answer (headless: no kube-proxy) (1 of {count} ready endpoints; the simulator takes the first by name{assumed})", svc_key, front, pod, ip, port, count, assumed)
    } else {
        msg!("svc-hop-kube-proxy", "Service {svc_key} ({front}) → pod {pod} {ip}:{port} chosen by kube-proxy (1 of {count} ready endpoints; the simulator takes the first by name{assumed})", svc_key, front, pod, ip, port, count, assumed)
    }
}

#[cfg(test)]
mod tests {
    use super::super::network_policy::NamedPort;
    use super::super::objects::parse_objects;
    use super::*;

    fn pod(name: &str, app: &str, ready: bool, node: &str, http: Option<u16>) -> PodInfo {
        PodInfo {
            namespace: "backend".into(),
            name: name.into(),
            labels: [("app".to_string(), app.to_string())].into(),
            ip: Some(0x0A00_0B00 + name.len() as u32 + u32::from(name.as_bytes()[name.len() - 1])),
            node: Some(node.into()),
            ready,
            ports: http
                .into_iter()
                .map(|p| NamedPort {
                    name: "http".into(),
                    port: p,
                    protocol: L4::Tcp,
                })
                .collect(),
        }
    }

    const SERVICES: &str = r#"
kind: Service
metadata: {name: api, namespace: backend}
spec: {clusterIP: 10.100.12.7, selector: {app: api}, ports: [{port: 80, targetPort: http}]}
---
kind: Service
metadata: {name: web, namespace: backend}
spec: {type: NodePort, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}
---
kind: Service
metadata: {name: manual, namespace: backend}
spec: {ports: [{port: 80}]}
"#;

    /// (name, Service, pods, via, receiving node, chosen pod / port / endpoint count or code).
    type Case<'a> = (
        &'a str,
        &'a ServiceDef,
        Vec<PodInfo>,
        Via,
        Option<&'a str>,
        Result<(&'a str, u16, usize), ReasonCode>,
    );

    #[test]
    fn a_service_resolves_to_ready_pods_or_says_why_not() {
        let (o, d) = parse_objects(&[("s.yaml", SERVICES)]);
        assert!(d.is_empty(), "{d:?}");
        let (api, web, manual) = (&o.services[0], &o.services[1], &o.services[2]);
        let cases: Vec<Case> = vec![
            (
                "the first ready endpoint by name is chosen, its named port resolved",
                api,
                vec![
                    pod("api-c", "api", true, "n1", Some(8080)),
                    pod("api-a", "api", true, "n2", Some(8080)),
                    pod("api-b", "api", false, "n1", Some(8080)),
                ],
                Via::Port(80),
                None,
                Ok(("api-a", 8080, 2)),
            ),
            (
                "pods failing readiness are not endpoints",
                api,
                vec![pod("api-a", "api", false, "n1", Some(8080))],
                Via::Port(80),
                None,
                Err(ReasonCode::ServiceNoEndpoints),
            ),
            (
                "a selector matching no pod gives no endpoints",
                api,
                vec![pod("web-a", "web", true, "n1", Some(8080))],
                Via::Port(80),
                None,
                Err(ReasonCode::ServiceNoEndpoints),
            ),
            (
                "a Service port that does not exist is a port mismatch",
                api,
                vec![pod("api-a", "api", true, "n1", Some(8080))],
                Via::Port(8080),
                None,
                Err(ReasonCode::ServicePortMismatch),
            ),
            (
                "a named targetPort no container declares is unresolved",
                api,
                vec![pod("api-a", "api", true, "n1", None)],
                Via::Port(80),
                None,
                Err(ReasonCode::ServiceTargetPortUnresolved),
            ),
            (
                "a pod without the named port is left out of the slice",
                api,
                vec![
                    pod("api-a", "api", true, "n1", None),
                    pod("api-b", "api", true, "n1", Some(9090)),
                ],
                Via::Port(80),
                None,
                Ok(("api-b", 9090, 1)),
            ),
            (
                "externalTrafficPolicy Local keeps the endpoints on the receiving node",
                web,
                vec![
                    pod("web-a", "web", true, "n1", None),
                    pod("web-b", "web", true, "n2", None),
                ],
                Via::NodePort { port: 30080 },
                Some("n2"),
                Ok(("web-b", 8080, 1)),
            ),
            (
                "externalTrafficPolicy Local with no endpoint on the node drops",
                web,
                vec![pod("web-a", "web", true, "n1", None)],
                Via::NodePort { port: 30080 },
                Some("n2"),
                Err(ReasonCode::ServiceNoEndpoints),
            ),
            (
                "the ClusterIP of a Local Service still reaches every endpoint",
                web,
                vec![pod("web-a", "web", true, "n1", None)],
                Via::Port(80),
                Some("n2"),
                Ok(("web-a", 8080, 1)),
            ),
            (
                "a Service without a selector has no endpoints in the manifests",
                manual,
                vec![pod("api-a", "api", true, "n1", Some(8080))],
                Via::Port(80),
                None,
                Err(ReasonCode::ServiceNoEndpoints),
            ),
        ];
        for (name, svc, pods, via, node, want) in cases {
            let got = resolve(svc, &pods, L4::Tcp, via, node)
                .map(|r| {
                    (
                        r.backend().pod.name.as_str(),
                        r.backend().port,
                        r.endpoints.len(),
                    )
                })
                .map_err(|e| e.code);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn the_hop_reads_like_kube_proxy_with_the_choice_stated() {
        let (o, _) = parse_objects(&[("s.yaml", SERVICES)]);
        let mut pods = vec![
            pod("api-7d4f", "api", true, "n1", Some(8080)),
            pod("api-9b2c", "api", true, "n1", Some(8080)),
        ];
        pods[0].ip = Some(u32::from(Ipv4Addr::new(10, 0, 11, 23)));
        let r = resolve(&o.services[0], &pods, L4::Tcp, Via::Port(80), None).unwrap();
        assert_eq!(
            hop_text(&o.services[0], &r, Via::Port(80)).en,
            "Service backend/api (10.100.12.7:80) → pod api-7d4f 10.0.11.23:8080 chosen by kube-proxy (1 of 2 ready endpoints; the simulator takes the first by name)"
        );
    }
}
