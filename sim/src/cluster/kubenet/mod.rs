//! The cluster's own network: NetworkPolicy, Services and kube-proxy, and traces that start or
//! end at pods, Services and node ports and continue through the VPC under the cluster.
//!
//! - [`network_policy`]: the NetworkPolicy API as a pure function (docs/SEMANTICS.md#np1).
//! - [`objects`]: Namespace, NetworkPolicy, Service and Ingress read from the manifests.
//! - [`service`]: a Service's ready endpoints, targetPort resolution and kube-proxy's pick.
//! - [`ingress`]: the ALB the AWS Load Balancer Controller would create for an `alb` Ingress.
//! - [`trace`]: the hop-by-hop cluster trace, delegating the VPC parts to `network::trace`.
//! - `matrix.rs`: the cluster matrix, each cell what the trace says first, without its prose.
//!
//! Entry point: [`ClusterNetwork::build`] (manifest files, an optional `Network`, a seed) runs
//! the cluster one minute on the simulated clock (the same run the app shows) to know where each
//! pod is, its address and whether it is ready; with a network, nodes are matched to instances
//! (docs/SEMANTICS.md#sv5) and every pod address becomes a secondary address of its node's
//! interface, so the VPC tracer sees pod traffic as the node's (docs/SEMANTICS.md#c10).
//! Same input and seed → same pods, addresses and traces.

pub mod ingress;
mod matrix;
pub mod network_policy;
pub mod objects;
pub mod service;
pub mod trace;

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use self::network_policy::{NamedPort, PodInfo, L4};
use self::objects::{parse_objects, Objects};
use super::import::{import_manifest_files, Diagnostic, Severity};
use super::model::Pod;
use super::network::{apply_node_network, NodeNetwork};
use super::sim::{SimConfig, World};
use crate::network::model::{Network, Protocol};
use crate::network::msg::msg;
use crate::network::trace::{Flow, FlowError, Matrix, NetworkIndex, Trace};

/// When the pods are looked at: one minute into the run, like the app's cluster view.
pub const SETTLE_MS: u64 = 60_000;

/// A node as the cluster network sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    pub name: String,
    pub ip: Option<u32>,
    /// The EC2 instance it was matched to.
    pub instance: Option<String>,
}

/// Pods, nodes, policies and Services, plus the network with the pods' addresses on it.
#[derive(Debug, Clone)]
pub struct ClusterNetwork {
    pub objects: Objects,
    pub pods: Vec<PodInfo>,
    pub nodes: Vec<NodeInfo>,
    /// The input network with every pod's address as a secondary IP of its node's instance,
    /// plus the ALB of every `alb` Ingress.
    pub network: Option<Network>,
    /// The controller's plan for each Ingress it would reconcile (only with a network).
    pub ingresses: Vec<ingress::IngressPlan>,
}

impl ClusterNetwork {
    /// Reads the manifests, places the nodes on `network` (if any) and runs the cluster to
    /// [`SETTLE_MS`] with `seed`. Diagnostics are the importer's plus this module's; an
    /// error-severity diagnostic means an object was skipped.
    pub fn build(
        files: &[(&str, &str)],
        network: Option<&Network>,
        seed: u64,
    ) -> (ClusterNetwork, Vec<Diagnostic>) {
        let (manifests, mut diags) = import_manifest_files(files);
        diags.retain(|d| {
            !objects::KINDS
                .iter()
                .any(|k| d.message == format!("unknown kind {k:?} skipped"))
        });
        let (objects, more) = parse_objects(files);
        diags.extend(more);
        let mut cluster = manifests.cluster;
        let mut instance_of: Vec<Option<String>> = Vec::new();
        if let Some(net) = network {
            if cluster.nodes.is_empty() {
                crate::grade::cluster::add_nodes_from_network(&mut cluster, net);
            }
            for node in &mut cluster.nodes {
                let inst = match_instance(node, net);
                match inst {
                    Some(i) => {
                        if let Some(subnet) = net.subnet(&i.subnet_id) {
                            apply_node_network(node, NodeNetwork { zone: subnet.availability_zone.clone(), subnet_id: subnet.id.clone(), subnet_cidr: subnet.cidr.clone(), node_ip: i.private_ip.clone() });
                        }
                    }
                    None => diags.push(Diagnostic::new(
                        Severity::Warning,
                        format!("Node {}", node.name),
                        "spec.providerID".into(),
                        msg!("k8s-node-no-instance", "matches no instance of the network (by providerID aws:///ZONE/i-… or by the private DNS name ip-A-B-C-D.…); its pods stay off the VPC"),
                    )),
                }
                instance_of.push(inst.map(|i| i.id.clone()));
            }
        }
        let nodes: Vec<NodeInfo> = cluster
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeInfo {
                name: n.name.clone(),
                ip: n
                    .network
                    .as_ref()
                    .and_then(|x| x.node_ip.parse::<Ipv4Addr>().ok())
                    .map(u32::from),
                instance: instance_of.get(i).cloned().flatten(),
            })
            .collect();
        let config = manifests.scheduler_config.unwrap_or_default();
        let mut world = World::new(cluster, config, Vec::new(), seed, SimConfig::default());
        world.run_until(SETTLE_MS);
        let pods: Vec<PodInfo> = world
            .live_pods()
            .filter(|p| !p.is_terminating())
            .map(pod_info)
            .collect();
        let network = network.map(|net| {
            let mut net = net.clone();
            for p in &pods {
                let (Some(ip), Some(node)) = (p.ip, p.node.as_deref()) else {
                    continue;
                };
                let Some(inst) = nodes
                    .iter()
                    .find(|n| n.name == node)
                    .and_then(|n| n.instance.as_deref())
                else {
                    continue;
                };
                if let Some(i) = net.instances.iter_mut().find(|i| i.id == inst) {
                    let ip = Ipv4Addr::from(ip).to_string();
                    if i.private_ip != ip && !i.secondary_private_ips.contains(&ip) {
                        i.secondary_private_ips.push(ip);
                    }
                }
            }
            net
        });
        let mut ingresses = Vec::new();
        let mut network = network;
        if let Some(net) = network.as_mut() {
            for ing in &objects.ingresses {
                match ingress::plan(ing, &objects, &pods, &nodes, net) {
                    Ok(p) => ingresses.push(p),
                    Err(message) => diags.push(Diagnostic::new(
                        Severity::Warning,
                        format!("Ingress {}", ing.key()),
                        "metadata.annotations".into(),
                        message,
                    )),
                }
            }
        }
        (
            ClusterNetwork {
                objects,
                pods,
                nodes,
                network,
                ingresses,
            },
            diags,
        )
    }

    /// Builds from already-known parts (tests and benchmarks).
    pub fn from_parts(
        objects: Objects,
        pods: Vec<PodInfo>,
        nodes: Vec<NodeInfo>,
    ) -> ClusterNetwork {
        ClusterNetwork {
            objects,
            pods,
            nodes,
            network: None,
            ingresses: Vec::new(),
        }
    }

    /// Traces a flow whose ends may be `pod:NS/NAME`, `service:NS/NAME`, `node:NAME`, an IP,
    /// `internet` or anything the VPC tracer resolves. `ix` must index [`Self::network`].
    pub fn trace(&self, ix: Option<&NetworkIndex>, flow: &Flow) -> Result<Trace, FlowError> {
        trace::trace(self, ix, flow)
    }

    /// The endpoints of a cluster matrix: every pod with an address (`pod:NS/NAME`, in run
    /// order), then every Service with a ClusterIP (`service:NS/NAME`).
    pub fn matrix_endpoints(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .pods
            .iter()
            .filter(|p| p.ip.is_some())
            .map(|p| format!("pod:{}", p.key()))
            .collect();
        out.extend(
            self.objects
                .services
                .iter()
                .filter(|s| s.cluster_ip.is_some())
                .map(|s| format!("service:{}", s.key())),
        );
        out
    }

    /// Sources × destinations × ports (row-major, like `network::trace::matrix`), each cell the
    /// verdict and first blocker of [`Self::trace`]. A cell whose two ends are the same is
    /// `SAME_ENDPOINT`.
    ///
    /// Pods and VPC endpoints are answered without building the trace's sentences (policies
    /// evaluated directly, the VPC walked verdict-only, every end resolved once), the first
    /// blocker picked in the trace's path order (`kubenet/matrix.rs`); Services, nodes and anything the
    /// VPC cannot resolve take the full trace.
    pub fn matrix(
        &self,
        ix: Option<&NetworkIndex>,
        sources: &[String],
        destinations: &[String],
        protocol: Protocol,
        ports: &[u16],
    ) -> Result<Matrix, FlowError> {
        matrix::matrix(self, ix, sources, destinations, protocol, ports)
    }

    /// The first pods of `ns` by name, for a refusal of a pod that does not exist.
    fn pod_names(&self, ns: &str) -> crate::network::msg::Text {
        let names: Vec<&str> = self
            .pods
            .iter()
            .filter(|p| p.namespace == ns)
            .map(|p| p.name.as_str())
            .take(8)
            .collect();
        if names.is_empty() {
            crate::network::msg::msg!("k8s-end-no-pods-in", "none in namespace {ns}", ns)
        } else {
            names.join(", ").into()
        }
    }
}

/// A node's instance: its providerID's instance id, else a node name that is the instance's
/// EC2 private DNS name (`ip-10-0-11-23.ec2.internal`, `ip-10-0-11-23.eu-west-1.compute.internal`).
fn match_instance<'a>(
    node: &super::model::Node,
    net: &'a Network,
) -> Option<&'a crate::network::model::Instance> {
    if let Some(id) = node.instance.as_deref() {
        if let Some(i) = net.instances.iter().find(|i| i.id == id) {
            return Some(i);
        }
    }
    let host = node.name.split('.').next()?;
    let dotted = host.strip_prefix("ip-")?.replace('-', ".");
    let ip: Ipv4Addr = dotted.parse().ok()?;
    let domain_ok =
        node.name.ends_with(".ec2.internal") || node.name.ends_with(".compute.internal");
    if !domain_ok {
        return None;
    }
    net.instances
        .iter()
        .find(|i| i.private_ip == ip.to_string())
}

fn pod_info(p: &Pod) -> PodInfo {
    PodInfo {
        namespace: p.namespace.clone(),
        name: p.name.clone(),
        labels: p.labels.clone(),
        ip: p
            .ip
            .as_deref()
            .and_then(|a| a.parse::<Ipv4Addr>().ok())
            .map(u32::from),
        node: p.node_name.clone(),
        ready: p.ready,
        ports: p
            .containers
            .iter()
            .flat_map(|c| c.ports.iter())
            .filter_map(|cp| {
                Some(NamedPort {
                    name: cp.name.clone(),
                    port: u16::try_from(cp.container_port).ok()?,
                    protocol: L4::parse(&cp.protocol).unwrap_or(L4::Tcp),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
