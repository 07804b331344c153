//! The component graph (petgraph): which components can hand traffic to which.
//!
//! Two uses:
//! - **Islands**: VPCs joined by peering connections or by the internet (through attached
//!   internet gateways). Two interfaces in different islands can never talk, which the
//!   tracer reports up front as `DISCONNECTED_VPCS`, like Reachability Analyzer does.
//! - **Path search**: the route-level path from a subnet towards an address, following the
//!   longest-prefix route of every subnet on the way (for the app to highlight).
//!
//! **Invariant**: building is O(components + routes); node order follows model order, so
//! paths are deterministic.

use petgraph::algo::{has_path_connecting, kosaraju_scc};
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use super::index::NetworkIndex;
use super::rules::lookup_route;
use crate::network::model::TargetKind;

/// A node of the route-level graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphNode {
    Internet,
    Vpc(usize),
    Subnet(usize),
    InternetGateway(usize),
    NatGateway(usize),
    Peering(usize),
    Endpoint(usize),
}

/// Connected components ("islands") of VPCs and the internet: VPCs joined by a peering
/// connection (any status) or both attached to the internet. Returns the island of each VPC
/// and the island of the internet.
pub fn islands(ix: &NetworkIndex) -> (Vec<usize>, usize) {
    let mut g = UnGraph::<(), ()>::default();
    let vpcs: Vec<NodeIndex> = (0..ix.vpcs.len()).map(|_| g.add_node(())).collect();
    let internet = g.add_node(());
    for (v, vpc) in ix.vpcs.iter().enumerate() {
        if vpc.igw.is_some() {
            g.add_edge(vpcs[v], internet, ());
        }
    }
    for p in &ix.net.peering_connections {
        if let (Some(a), Some(b)) = (
            ix.vpc_by_id.get(p.requester_vpc.as_str()),
            ix.vpc_by_id.get(p.accepter_vpc.as_str()),
        ) {
            g.add_edge(vpcs[*a], vpcs[*b], ());
        }
    }
    // Transit gateways join every VPC attached to them, and peer with each other (T1, T4).
    let tgws: Vec<NodeIndex> = (0..ix.net.transit_gateways.len())
        .map(|_| g.add_node(()))
        .collect();
    for a in &ix.tgw_attachments {
        if let (Some(v), Some(t)) = (a.vpc, a.tgw) {
            g.add_edge(vpcs[v], tgws[t], ());
        }
        if let (Some(t), Some(u)) = (a.tgw, a.peer_tgw) {
            g.add_edge(tgws[t], tgws[u], ());
        }
    }
    let mut island = vec![0; g.node_count()];
    for (k, component) in kosaraju_scc(&g).into_iter().enumerate() {
        for n in component {
            island[n.index()] = k;
        }
    }
    let internet_island = island[internet.index()];
    island.truncate(ix.vpcs.len());
    (island, internet_island)
}

pub struct ComponentGraph {
    /// VPCs (0..n) plus the internet (n): undirected connectivity.
    islands: UnGraph<(), ()>,
    internet: NodeIndex,
    /// Route-level directed graph; edges carry the route table index that made them (or none).
    pub routes: DiGraph<GraphNode, Option<usize>>,
    subnet_nodes: Vec<NodeIndex>,
}

impl ComponentGraph {
    pub fn build(ix: &NetworkIndex) -> ComponentGraph {
        let net = ix.net;
        let mut islands = UnGraph::<(), ()>::default();
        let vpc_nodes: Vec<NodeIndex> = (0..ix.vpcs.len()).map(|_| islands.add_node(())).collect();
        let internet = islands.add_node(());
        for (v, vpc) in ix.vpcs.iter().enumerate() {
            if vpc.igw.is_some() {
                islands.add_edge(vpc_nodes[v], internet, ());
            }
        }
        for p in &net.peering_connections {
            if let (Some(a), Some(b)) = (
                ix.vpc_by_id.get(p.requester_vpc.as_str()),
                ix.vpc_by_id.get(p.accepter_vpc.as_str()),
            ) {
                islands.add_edge(vpc_nodes[*a], vpc_nodes[*b], ());
            }
        }

        let mut routes = DiGraph::new();
        let r_internet = routes.add_node(GraphNode::Internet);
        let r_vpcs: Vec<NodeIndex> = (0..ix.vpcs.len())
            .map(|v| routes.add_node(GraphNode::Vpc(v)))
            .collect();
        let subnet_nodes: Vec<NodeIndex> = (0..ix.subnets.len())
            .map(|s| routes.add_node(GraphNode::Subnet(s)))
            .collect();
        let igws: Vec<NodeIndex> = (0..net.internet_gateways.len())
            .map(|g| routes.add_node(GraphNode::InternetGateway(g)))
            .collect();
        let nats: Vec<NodeIndex> = (0..net.nat_gateways.len())
            .map(|g| routes.add_node(GraphNode::NatGateway(g)))
            .collect();
        let pcxs: Vec<NodeIndex> = (0..net.peering_connections.len())
            .map(|g| routes.add_node(GraphNode::Peering(g)))
            .collect();
        let vpces: Vec<NodeIndex> = (0..net.vpc_endpoints.len())
            .map(|g| routes.add_node(GraphNode::Endpoint(g)))
            .collect();
        // The VPC router delivers to each of its subnets (local route, R4).
        for (s, sub) in ix.subnets.iter().enumerate() {
            if let Some(v) = sub.vpc {
                routes.add_edge(r_vpcs[v], subnet_nodes[s], None);
            }
        }
        for (g, igw) in net.internet_gateways.iter().enumerate() {
            if let Some(v) = igw
                .attached_vpc
                .as_deref()
                .and_then(|v| ix.vpc_by_id.get(v))
            {
                routes.add_edge(igws[g], r_internet, None);
                routes.add_edge(r_internet, igws[g], None);
                routes.add_edge(igws[g], r_vpcs[*v], None);
            }
        }
        for (n, _) in net.nat_gateways.iter().enumerate() {
            if let Some(s) = ix.nat_eni[n].and_then(|e| ix.enis[e].subnet) {
                routes.add_edge(nats[n], subnet_nodes[s], None);
            }
        }
        for (k, p) in net.peering_connections.iter().enumerate() {
            for side in [&p.requester_vpc, &p.accepter_vpc] {
                if let Some(v) = ix.vpc_by_id.get(side.as_str()) {
                    routes.add_edge(pcxs[k], r_vpcs[*v], None);
                }
            }
        }
        // Each subnet's route table: one edge per working route target.
        for (s, sub) in ix.subnets.iter().enumerate() {
            let Some(t) = sub.table else { continue };
            let mut seen = Vec::new();
            for r in ix.tables[t].routes.iter().filter(|r| r.broken.is_none()) {
                let to = match r.target.kind {
                    TargetKind::Local => sub.vpc.map(|v| r_vpcs[v]),
                    TargetKind::Igw => ix.igw_by_id.get(r.target.id.as_str()).map(|g| igws[*g]),
                    TargetKind::Nat => ix.nat_by_id.get(r.target.id.as_str()).map(|g| nats[*g]),
                    TargetKind::Pcx => ix.pcx_by_id.get(r.target.id.as_str()).map(|g| pcxs[*g]),
                    TargetKind::Vpce => ix.vpce_by_id.get(r.target.id.as_str()).map(|g| vpces[*g]),
                    _ => None,
                };
                if let Some(to) = to {
                    if !seen.contains(&to) {
                        seen.push(to);
                        routes.add_edge(subnet_nodes[s], to, Some(t));
                    }
                }
            }
        }
        ComponentGraph {
            islands,
            internet,
            routes,
            subnet_nodes,
        }
    }

    /// Can anything in VPC `a` ever reach VPC `b` (peering or the internet)? `None` is the internet.
    pub fn connected(&self, a: Option<usize>, b: Option<usize>) -> bool {
        let node = |v: Option<usize>| v.map(NodeIndex::new).unwrap_or(self.internet);
        a == b || has_path_connecting(&self.islands, node(a), node(b), None)
    }

    /// The route-level path from subnet `s` towards address `dst`: at every subnet only the
    /// longest-prefix route for `dst` is followed (R6). Returns graph nodes in order.
    pub fn route_path(&self, ix: &NetworkIndex, s: usize, dst: u32) -> Vec<GraphNode> {
        let mut path = vec![GraphNode::Subnet(s)];
        let mut at = self.subnet_nodes[s];
        for _ in 0..super::MAX_STEPS {
            let node = self.routes[at].clone();
            let next = match node {
                GraphNode::Subnet(sub) => {
                    let Some(t) = ix.subnets[sub].table else {
                        break;
                    };
                    let Some(r) = lookup_route(ix, t, dst) else {
                        break;
                    };
                    if r.broken.is_some() {
                        break;
                    }
                    let want = match r.target.kind {
                        TargetKind::Local => ix.subnets[sub].vpc.map(GraphNode::Vpc),
                        TargetKind::Igw => ix
                            .igw_by_id
                            .get(r.target.id.as_str())
                            .map(|g| GraphNode::InternetGateway(*g)),
                        TargetKind::Nat => ix
                            .nat_by_id
                            .get(r.target.id.as_str())
                            .map(|g| GraphNode::NatGateway(*g)),
                        TargetKind::Pcx => ix
                            .pcx_by_id
                            .get(r.target.id.as_str())
                            .map(|g| GraphNode::Peering(*g)),
                        TargetKind::Vpce => ix
                            .vpce_by_id
                            .get(r.target.id.as_str())
                            .map(|g| GraphNode::Endpoint(*g)),
                        _ => None,
                    };
                    self.routes
                        .edges(at)
                        .map(|e| e.target())
                        .find(|n| Some(&self.routes[*n]) == want.as_ref())
                }
                GraphNode::Vpc(_) | GraphNode::Peering(_) => {
                    // Into the subnet (or VPC) holding dst.
                    let holder = ix.subnet_of_addr(dst, None);
                    self.routes
                        .edges(at)
                        .map(|e| e.target())
                        .find(|n| match &self.routes[*n] {
                            GraphNode::Subnet(x) => Some(*x) == holder,
                            GraphNode::Vpc(v) => ix.vpc_contains(Some(*v), dst),
                            _ => false,
                        })
                }
                GraphNode::InternetGateway(_) => self
                    .routes
                    .edges(at)
                    .map(|e| e.target())
                    .find(|n| self.routes[*n] == GraphNode::Internet),
                GraphNode::NatGateway(_) => self.routes.edges(at).map(|e| e.target()).next(),
                GraphNode::Internet | GraphNode::Endpoint(_) => None,
            };
            let Some(n) = next else { break };
            let node = self.routes[n].clone();
            if path.contains(&node) {
                break;
            }
            path.push(node);
            at = n;
        }
        path
    }

    /// The component id of a node.
    pub fn node_id(&self, ix: &NetworkIndex, node: &GraphNode) -> String {
        let net = ix.net;
        match node {
            GraphNode::Internet => "internet".into(),
            GraphNode::Vpc(v) => net.vpcs[*v].id.clone(),
            GraphNode::Subnet(s) => net.subnets[*s].id.clone(),
            GraphNode::InternetGateway(g) => net.internet_gateways[*g].id.clone(),
            GraphNode::NatGateway(g) => net.nat_gateways[*g].id.clone(),
            GraphNode::Peering(g) => net.peering_connections[*g].id.clone(),
            GraphNode::Endpoint(g) => net.vpc_endpoints[*g].id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_network;

    #[test]
    fn route_path_from_the_public_subnet_to_the_internet_goes_through_the_igw_r6() {
        let net = sample_network();
        let ix = NetworkIndex::build(&net);
        let g = ComponentGraph::build(&ix);
        let path: Vec<String> = g
            .route_path(&ix, 0, u32::from(std::net::Ipv4Addr::new(8, 8, 8, 8)))
            .iter()
            .map(|n| g.node_id(&ix, n))
            .collect();
        assert_eq!(path, vec!["subnet-0a11", "igw-0c3d4e5f", "internet"]);
        let private: Vec<String> = g
            .route_path(&ix, 1, u32::from(std::net::Ipv4Addr::new(8, 8, 8, 8)))
            .iter()
            .map(|n| g.node_id(&ix, n))
            .collect();
        assert_eq!(
            private,
            vec!["subnet-0b22"],
            "the private subnet has no route out (R3)"
        );
    }

    #[test]
    fn a_vpc_with_an_igw_is_connected_to_the_internet_and_one_without_is_not() {
        let mut net = sample_network();
        net.vpcs.push(crate::network::Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: "vpc-island".into(),
            name: String::new(),
            cidr_blocks: vec!["10.9.0.0/16".into()],
        });
        let ix = NetworkIndex::build(&net);
        let g = ComponentGraph::build(&ix);
        assert!(g.connected(Some(0), None));
        assert!(!g.connected(Some(1), None));
        assert!(!g.connected(Some(0), Some(1)));
    }
}
