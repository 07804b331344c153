//! Precomputed lookups over a network, built once per edit and shared by every trace.
//!
//! **Invariant**: building never fails and never panics; anything unparsable or dangling
//! is recorded as absent (`None`) so the tracer can explain it. Lookups by id use hash
//! maps (never iterated); everything iterated is a `Vec` in model order.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiplicative hasher for lookups by address or id (not DoS-resistant; the keys
/// come from the learner's own design). Maps built with it are never iterated.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map for lookups only (never iterated, so order cannot leak into results).
pub type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FastHasher>>;

use crate::network::cidr::{parse_ip, Cidr};
use crate::network::lint::blackhole_reason;
use crate::network::model::*;

/// Index of a network interface (instance, NAT gateway, load-balancer node or database).
pub type EniIx = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EniKind {
    Instance(usize),
    Nat(usize),
    LbNode {
        lb: usize,
        node: usize,
    },
    Database(usize),
    /// Interface `node` of interface endpoint `endpoint` (E5).
    InterfaceEndpoint {
        endpoint: usize,
        node: usize,
    },
    /// The primary node of ElastiCache service `n` of `aws_services` (W6).
    Cache(usize),
}

#[derive(Clone, Debug)]
pub struct Eni {
    /// The component id shown to the learner (instance id, NAT id, LB id, DB id).
    pub component: String,
    pub kind: EniKind,
    pub subnet: Option<usize>,
    pub vpc: Option<usize>,
    pub private_ip: u32,
    pub public_ip: Option<u32>,
    /// Security groups (indices); NAT gateways and SG-less NLBs have none.
    pub groups: Vec<usize>,
    pub has_groups: bool,
    pub source_dest_check: bool,
    /// Secondary private addresses (pod IPs under the VPC CNI).
    pub secondary_ips: Vec<u32>,
    /// Security group ids the component names that the network does not hold (in a
    /// capture: not captured, Q3).
    pub missing_groups: Vec<String>,
    /// For an instance: which of its further interfaces this is (an index into
    /// `Instance::network_interfaces`), `None` for the primary interface (Q5).
    pub interface: Option<usize>,
    /// A further interface AWS could not have attached (another availability zone or VPC
    /// than the instance's): the reason, and no traffic passes it (Q5).
    pub misplaced: Option<crate::network::msg::Text>,
}

impl Eni {
    /// Is `addr` one of this interface's own private addresses?
    pub fn owns(&self, addr: u32) -> bool {
        addr == self.private_ip || self.secondary_ips.contains(&addr)
    }
}

#[derive(Clone, Debug)]
pub struct VpcIx {
    pub cidrs: Vec<Cidr>,
    /// The attached internet gateway.
    pub igw: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct SubnetIx {
    pub vpc: Option<usize>,
    pub cidr: Option<Cidr>,
    pub table: Option<usize>,
    pub nacl: Option<usize>,
}

/// A route ready for longest-prefix match.
#[derive(Clone, Debug)]
pub struct RouteIx {
    pub cidr: Cidr,
    /// Index into the table's `routes`, or `None` for an implicit local route (R4).
    pub route: Option<usize>,
    pub via_prefix_list: bool,
    pub target: RouteTarget,
    /// Why the target cannot carry traffic (R9), if it cannot.
    pub broken: Option<crate::network::msg::Text>,
    /// Propagated from a virtual private gateway (G3), not written in the table.
    pub propagated: bool,
}

#[derive(Clone, Debug)]
pub struct TableIx {
    /// Sorted: longest prefix first; at equal length a CIDR route before a prefix-list route (R6, R7).
    pub routes: Vec<RouteIx>,
}

#[derive(Clone, Debug)]
pub struct NaclEntryIx {
    pub entry: usize,
    pub cidr: Option<Cidr>,
}

#[derive(Clone, Debug)]
pub struct NaclIx {
    /// Sorted by rule number (A2).
    pub inbound: Vec<NaclEntryIx>,
    pub outbound: Vec<NaclEntryIx>,
}

#[derive(Clone, Debug)]
pub enum PeerIx {
    Cidr(Cidr),
    Group(usize),
    Prefix(Vec<Cidr>),
    /// Dangling or unparsable: matches nothing.
    Nothing,
}

#[derive(Clone, Debug)]
pub struct GroupIx {
    pub vpc: Option<usize>,
    pub ingress: Vec<PeerIx>,
    pub egress: Vec<PeerIx>,
}

#[derive(Clone, Debug)]
pub struct LbIx {
    /// One node (ENI) per subnet.
    pub nodes: Vec<EniIx>,
}

/// The on-premises side a packet leaves to or comes from (T4, G2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Remote {
    /// A transit gateway VPN attachment (index).
    TgwVpn(usize),
    /// A VPN connection on a virtual private gateway (index).
    Vpn(usize),
}

/// A Site-to-Site VPN connection on a virtual private gateway, resolved (G2).
#[derive(Clone, Debug)]
pub struct VpnIx {
    pub vgw: Option<usize>,
    pub routes: Vec<Cidr>,
}

/// A transit gateway attachment, resolved (T2–T4).
#[derive(Clone, Debug)]
pub struct TgwAttachIx {
    pub tgw: Option<usize>,
    /// The other transit gateway of a peering attachment.
    pub peer_tgw: Option<usize>,
    pub vpc: Option<usize>,
    /// The attachment's subnets (one per availability zone, T3).
    pub subnets: Vec<usize>,
    /// The on-premises ranges behind a VPN attachment.
    pub remote: Vec<Cidr>,
}

/// A transit gateway route ready for longest-prefix match (T7).
#[derive(Clone, Debug)]
pub struct TgwRouteIx {
    pub cidr: Cidr,
    /// Index into the table's `routes`, or `None` for a route derived from a propagation.
    pub route: Option<usize>,
    /// The target attachment (index), when it is in the design.
    pub attachment: Option<usize>,
    pub blackhole: bool,
    pub origin: TgwRouteOrigin,
}

#[derive(Clone, Debug)]
pub struct TgwTableIx {
    pub tgw: Option<usize>,
    /// Sorted: longest prefix first; at equal length static before propagated, VPC
    /// propagations before VPN ones (T7).
    pub routes: Vec<TgwRouteIx>,
}

/// Everything the tracer needs, precomputed.
pub struct NetworkIndex<'a> {
    pub net: &'a Network,
    pub vpcs: Vec<VpcIx>,
    pub subnets: Vec<SubnetIx>,
    pub tables: Vec<TableIx>,
    pub nacls: Vec<NaclIx>,
    pub groups: Vec<GroupIx>,
    pub enis: Vec<Eni>,
    pub lbs: Vec<LbIx>,
    pub vpc_by_id: HashMap<&'a str, usize>,
    pub subnet_by_id: HashMap<&'a str, usize>,
    pub group_by_id: HashMap<&'a str, usize>,
    pub igw_by_id: HashMap<&'a str, usize>,
    pub nat_by_id: HashMap<&'a str, usize>,
    pub pcx_by_id: HashMap<&'a str, usize>,
    pub vpce_by_id: HashMap<&'a str, usize>,
    pub prefix_by_id: HashMap<&'a str, Vec<Cidr>>,
    /// Instance ids, ENI ids, NAT ids, DB ids → interface.
    pub eni_by_id: HashMap<&'a str, EniIx>,
    pub lb_by_id: HashMap<&'a str, usize>,
    pub eni_by_private_ip: HashMap<u32, EniIx>,
    pub eni_by_public_ip: HashMap<u32, EniIx>,
    /// NAT gateway index → its interface.
    pub nat_eni: Vec<Option<EniIx>>,
    pub vgw_by_id: HashMap<&'a str, usize>,
    /// The VPC each virtual private gateway is attached to.
    pub vgw_vpc: Vec<Option<usize>>,
    pub vpns: Vec<VpnIx>,
    pub tgw_by_id: HashMap<&'a str, usize>,
    pub tgw_attach_by_id: HashMap<&'a str, usize>,
    pub tgw_attachments: Vec<TgwAttachIx>,
    pub tgw_tables: Vec<TgwTableIx>,
    /// (transit gateway, attachment) → the route table it is associated with there (T5).
    pub tgw_assoc: HashMap<(usize, usize), usize>,
    /// (VPC, transit gateway) → that VPC's attachment to it.
    pub tgw_vpc_attachment: HashMap<(usize, usize), usize>,
    /// Group of VPCs joined through transit gateways (and their peerings), per VPC.
    tgw_group_of_vpc: Vec<Option<usize>>,
    /// Sorted (start, end, subnet) for address → subnet lookups.
    subnet_ranges: Vec<(u32, u32, usize)>,
    /// Island (connected component of the VPC graph, see `graph::islands`) of each VPC.
    island_of_vpc: Vec<usize>,
    internet_island: usize,
}

impl<'a> NetworkIndex<'a> {
    pub fn build(net: &'a Network) -> NetworkIndex<'a> {
        let vpc_by_id: HashMap<&str, usize> = net
            .vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .rev()
            .collect();
        let subnet_by_id: HashMap<&str, usize> = net
            .subnets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .rev()
            .collect();
        let group_by_id: HashMap<&str, usize> = net
            .security_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let igw_by_id: HashMap<&str, usize> = net
            .internet_gateways
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let nat_by_id: HashMap<&str, usize> = net
            .nat_gateways
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let pcx_by_id: HashMap<&str, usize> = net
            .peering_connections
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let vpce_by_id: HashMap<&str, usize> = net
            .vpc_endpoints
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let prefix_by_id: HashMap<&str, Vec<Cidr>> = net
            .prefix_lists
            .iter()
            .rev()
            .map(|p| {
                (
                    p.id.as_str(),
                    p.cidrs
                        .iter()
                        .filter_map(|c| Cidr::parse_lenient(c).ok())
                        .collect(),
                )
            })
            .collect();

        let vpcs: Vec<VpcIx> = net
            .vpcs
            .iter()
            .map(|v| VpcIx {
                cidrs: v
                    .cidr_blocks
                    .iter()
                    .filter_map(|c| Cidr::parse_lenient(c).ok())
                    .collect(),
                igw: net
                    .internet_gateways
                    .iter()
                    .position(|g| g.attached_vpc.as_deref() == Some(v.id.as_str())),
            })
            .collect();

        // Virtual private gateways and their VPN connections (G1, G2).
        let vgw_by_id: HashMap<&str, usize> = net
            .vpn_gateways
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .rev()
            .collect();
        let vgw_vpc: Vec<Option<usize>> = net
            .vpn_gateways
            .iter()
            .map(|g| {
                g.attached_vpc
                    .as_deref()
                    .and_then(|v| vpc_by_id.get(v).copied())
            })
            .collect();
        let vpns: Vec<VpnIx> = net
            .vpn_connections
            .iter()
            .map(|c| VpnIx {
                vgw: c
                    .vpn_gateway_id
                    .as_deref()
                    .and_then(|g| vgw_by_id.get(g).copied()),
                routes: c
                    .routes
                    .iter()
                    .filter_map(|r| Cidr::parse_lenient(r).ok())
                    .collect(),
            })
            .collect();

        // Route tables: explicit associations win over the main table (R1).
        let mut table_of_subnet: HashMap<&str, usize> = HashMap::default();
        for (ti, t) in net.route_tables.iter().enumerate().rev() {
            for s in &t.associations {
                table_of_subnet.insert(s.as_str(), ti);
            }
        }
        let mut main_of_vpc: HashMap<&str, usize> = HashMap::default();
        for (ti, t) in net.route_tables.iter().enumerate().rev() {
            if t.main {
                main_of_vpc.insert(t.vpc_id.as_str(), ti);
            }
        }
        let mut nacl_of_subnet: HashMap<&str, usize> = HashMap::default();
        for (ni, n) in net.network_acls.iter().enumerate().rev() {
            for s in &n.associations {
                nacl_of_subnet.insert(s.as_str(), ni);
            }
        }
        let mut default_nacl: HashMap<&str, usize> = HashMap::default();
        for (ni, n) in net.network_acls.iter().enumerate().rev() {
            if n.is_default {
                default_nacl.insert(n.vpc_id.as_str(), ni);
            }
        }
        let subnets: Vec<SubnetIx> = net
            .subnets
            .iter()
            .map(|s| SubnetIx {
                vpc: vpc_by_id.get(s.vpc_id.as_str()).copied(),
                cidr: Cidr::parse_lenient(&s.cidr).ok(),
                table: table_of_subnet
                    .get(s.id.as_str())
                    .or_else(|| main_of_vpc.get(s.vpc_id.as_str()))
                    .copied(),
                nacl: nacl_of_subnet
                    .get(s.id.as_str())
                    .or_else(|| default_nacl.get(s.vpc_id.as_str()))
                    .copied(),
            })
            .collect();

        let tables = net
            .route_tables
            .iter()
            .map(|t| {
                let mut routes = Vec::new();
                for (ri, r) in t.routes.iter().enumerate() {
                    let broken = blackhole_reason(net, t, r);
                    match &r.destination {
                        RouteDestination::Cidr(c) => {
                            if let Ok(cidr) = Cidr::parse_lenient(c) {
                                routes.push(RouteIx {
                                    cidr,
                                    route: Some(ri),
                                    via_prefix_list: false,
                                    target: r.target.clone(),
                                    broken,
                                    propagated: false,
                                });
                            }
                        }
                        RouteDestination::PrefixList(p) => {
                            for cidr in prefix_by_id.get(p.as_str()).into_iter().flatten() {
                                routes.push(RouteIx {
                                    cidr: *cidr,
                                    route: Some(ri),
                                    via_prefix_list: true,
                                    target: r.target.clone(),
                                    broken: broken.clone(),
                                    propagated: false,
                                });
                            }
                        }
                    }
                }
                // Every table has a local route per VPC CIDR (R4), even if the design omits it.
                if let Some(v) = vpc_by_id.get(t.vpc_id.as_str()) {
                    for c in &vpcs[*v].cidrs {
                        if !routes.iter().any(|r| r.cidr == *c && !r.via_prefix_list) {
                            routes.push(RouteIx {
                                cidr: *c,
                                route: None,
                                via_prefix_list: false,
                                target: RouteTarget {
                                    kind: TargetKind::Local,
                                    id: "local".into(),
                                },
                                broken: None,
                                propagated: false,
                            });
                        }
                    }
                }
                // Route propagation (G3): each available VPN connection of a gateway that
                // propagates into this table adds its ranges, unless a written route has them.
                for (gi, g) in net.vpn_gateways.iter().enumerate() {
                    if !g.propagates_to.contains(&t.id)
                        || vgw_vpc[gi] != vpc_by_id.get(t.vpc_id.as_str()).copied()
                    {
                        continue;
                    }
                    for (ci, c) in net.vpn_connections.iter().enumerate() {
                        if vpns[ci].vgw != Some(gi) || c.state != VpnState::Available {
                            continue;
                        }
                        for cidr in &vpns[ci].routes {
                            let written = routes.iter().any(|r| {
                                r.cidr == *cidr && !r.via_prefix_list && r.target.id == g.id
                            });
                            if !written {
                                routes.push(RouteIx {
                                    cidr: *cidr,
                                    route: None,
                                    via_prefix_list: false,
                                    target: RouteTarget {
                                        kind: TargetKind::Vgw,
                                        id: g.id.clone(),
                                    },
                                    broken: None,
                                    propagated: true,
                                });
                            }
                        }
                    }
                }
                // Longest prefix; at equal length a written CIDR route, then a prefix-list
                // route, then a propagated route (R6, R7, G4).
                routes.sort_by(|a, b| {
                    b.cidr
                        .prefix()
                        .cmp(&a.cidr.prefix())
                        .then(a.propagated.cmp(&b.propagated))
                        .then(a.via_prefix_list.cmp(&b.via_prefix_list))
                });
                TableIx { routes }
            })
            .collect();

        let nacls = net
            .network_acls
            .iter()
            .map(|n| {
                let mut inbound = Vec::new();
                let mut outbound = Vec::new();
                for (ei, e) in n.entries.iter().enumerate() {
                    let ix = NaclEntryIx {
                        entry: ei,
                        cidr: Cidr::parse_lenient(&e.cidr).ok(),
                    };
                    if e.egress {
                        outbound.push(ix);
                    } else {
                        inbound.push(ix);
                    }
                }
                inbound.sort_by_key(|x| n.entries[x.entry].rule_number);
                outbound.sort_by_key(|x| n.entries[x.entry].rule_number);
                NaclIx { inbound, outbound }
            })
            .collect();

        let peer = |p: &RulePeer| match p {
            RulePeer::Cidr(c) => Cidr::parse_lenient(c)
                .map(PeerIx::Cidr)
                .unwrap_or(PeerIx::Nothing),
            RulePeer::SecurityGroup(g) => group_by_id
                .get(g.as_str())
                .map(|g| PeerIx::Group(*g))
                .unwrap_or(PeerIx::Nothing),
            RulePeer::PrefixList(p) => prefix_by_id
                .get(p.as_str())
                .map(|c| PeerIx::Prefix(c.clone()))
                .unwrap_or(PeerIx::Nothing),
        };
        let groups = net
            .security_groups
            .iter()
            .map(|g| GroupIx {
                vpc: vpc_by_id.get(g.vpc_id.as_str()).copied(),
                ingress: g.ingress.iter().map(|r| peer(&r.peer)).collect(),
                egress: g.egress.iter().map(|r| peer(&r.peer)).collect(),
            })
            .collect();

        let mut ix = NetworkIndex {
            net,
            vpcs,
            subnets,
            tables,
            nacls,
            groups,
            enis: Vec::new(),
            lbs: Vec::new(),
            vpc_by_id,
            subnet_by_id,
            group_by_id,
            igw_by_id,
            nat_by_id,
            pcx_by_id,
            vpce_by_id,
            prefix_by_id,
            eni_by_id: HashMap::default(),
            lb_by_id: HashMap::default(),
            eni_by_private_ip: HashMap::default(),
            eni_by_public_ip: HashMap::default(),
            nat_eni: vec![None; net.nat_gateways.len()],
            vgw_by_id,
            vgw_vpc,
            vpns,
            tgw_by_id: HashMap::default(),
            tgw_attach_by_id: HashMap::default(),
            tgw_attachments: Vec::new(),
            tgw_tables: Vec::new(),
            tgw_assoc: HashMap::default(),
            tgw_vpc_attachment: HashMap::default(),
            tgw_group_of_vpc: Vec::new(),
            subnet_ranges: Vec::new(),
            island_of_vpc: Vec::new(),
            internet_island: 0,
        };
        ix.subnet_ranges = ix
            .subnets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.cidr.map(|c| (c.network_u32(), c.broadcast_u32(), i)))
            .collect();
        ix.subnet_ranges.sort();
        ix.build_interfaces();
        ix.build_interface_endpoints();
        ix.build_caches();
        ix.build_transit();
        let (islands, internet) = super::graph::islands(&ix);
        ix.island_of_vpc = islands;
        ix.internet_island = internet;
        ix
    }

    /// Can anything in VPC `a` ever reach VPC `b` (by peering or over the internet)?
    /// `None` stands for the internet.
    pub fn connected(&self, a: Option<usize>, b: Option<usize>) -> bool {
        let island = |v: Option<usize>| {
            v.map(|v| self.island_of_vpc[v])
                .unwrap_or(self.internet_island)
        };
        a == b || island(a) == island(b)
    }

    pub(super) fn missing_groups(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|g| !self.group_by_id.contains_key(g.as_str()))
            .cloned()
            .collect()
    }

    pub(super) fn groups_of(&self, ids: &[String]) -> Vec<usize> {
        ids.iter()
            .filter_map(|g| self.group_by_id.get(g.as_str()).copied())
            .collect()
    }

    pub(super) fn add_eni(&mut self, eni: Eni, ids: &[&'a str]) -> EniIx {
        let ix = self.enis.len();
        self.eni_by_private_ip.entry(eni.private_ip).or_insert(ix);
        for a in &eni.secondary_ips {
            self.eni_by_private_ip.entry(*a).or_insert(ix);
        }
        if let Some(p) = eni.public_ip {
            self.eni_by_public_ip.entry(p).or_insert(ix);
        }
        for id in ids {
            self.eni_by_id.entry(id).or_insert(ix);
        }
        self.enis.push(eni);
        ix
    }

    /// A free private address in a subnet, from the top down (for components the design
    /// gives no address: NAT gateways, load-balancer nodes, databases).
    pub(super) fn free_private(&self, subnet: Option<usize>, salt: u32) -> u32 {
        let Some(c) = subnet.and_then(|s| self.subnets[s].cidr) else {
            return 0;
        };
        let top = c.broadcast_u32().saturating_sub(1);
        let span = (c.size() as u32).saturating_sub(5).max(1);
        (0..span)
            .map(|k| top.wrapping_sub((salt.wrapping_add(k)) % span))
            .find(|ip| !self.eni_by_private_ip.contains_key(ip))
            .unwrap_or(top)
    }

    fn build_interfaces(&mut self) {
        let net = self.net;
        for (n, i) in net.instances.iter().enumerate() {
            let subnet = self.subnet_by_id.get(i.subnet_id.as_str()).copied();
            let Some(private_ip) = parse_ip(&i.private_ip).map(u32::from) else {
                continue;
            };
            let eni = Eni {
                component: i.id.clone(),
                kind: EniKind::Instance(n),
                subnet,
                vpc: subnet.and_then(|s| self.subnets[s].vpc),
                private_ip,
                public_ip: i.public_ip.as_deref().and_then(parse_ip).map(u32::from),
                groups: self.groups_of(&i.security_groups),
                has_groups: true,
                source_dest_check: i.source_dest_check,
                secondary_ips: i
                    .secondary_private_ips
                    .iter()
                    .filter_map(|a| parse_ip(a))
                    .map(u32::from)
                    .collect(),
                missing_groups: self.missing_groups(&i.security_groups),
                interface: None,
                misplaced: None,
            };
            let mut ids = vec![i.id.as_str()];
            if let Some(e) = &i.eni_id {
                ids.push(e.as_str());
            }
            // A captured instance's further interfaces name it too (Q5).
            if let Some(c) = &net.capture {
                ids.extend(
                    c.interfaces
                        .iter()
                        .filter(|(_, owner)| **owner == i.id)
                        .map(|(eni, _)| eni.as_str()),
                );
            }
            if !i.name.is_empty() {
                ids.push(i.name.as_str());
            }
            self.add_eni(eni, &ids);
            self.add_instance_interfaces(n, subnet);
        }
        for (n, g) in net.nat_gateways.iter().enumerate() {
            let subnet = self.subnet_by_id.get(g.subnet_id.as_str()).copied();
            let private_ip = g
                .private_ip
                .as_deref()
                .and_then(parse_ip)
                .map(u32::from)
                .unwrap_or_else(|| self.free_private(subnet, n as u32));
            let eni = Eni {
                component: g.id.clone(),
                kind: EniKind::Nat(n),
                subnet,
                vpc: subnet.and_then(|s| self.subnets[s].vpc),
                private_ip,
                public_ip: if g.connectivity == NatConnectivity::Public {
                    g.public_ip.as_deref().and_then(parse_ip).map(u32::from)
                } else {
                    None
                },
                groups: Vec::new(),
                missing_groups: Vec::new(),
                has_groups: false,
                source_dest_check: false,
                secondary_ips: Vec::new(),
                interface: None,
                misplaced: None,
            };
            let ix = self.add_eni(eni, &[g.id.as_str()]);
            self.nat_eni[n] = Some(ix);
        }
        for (n, d) in net.databases.iter().enumerate() {
            let subnet = d
                .subnet_group
                .first()
                .and_then(|s| self.subnet_by_id.get(s.as_str()).copied());
            let private_ip = d
                .private_ip
                .as_deref()
                .and_then(parse_ip)
                .map(u32::from)
                .unwrap_or_else(|| self.free_private(subnet, 7 + n as u32));
            let eni = Eni {
                component: d.id.clone(),
                kind: EniKind::Database(n),
                subnet,
                vpc: subnet.and_then(|s| self.subnets[s].vpc),
                private_ip,
                public_ip: None,
                groups: self.groups_of(&d.security_groups),
                missing_groups: self.missing_groups(&d.security_groups),
                has_groups: true,
                source_dest_check: true,
                secondary_ips: Vec::new(),
                interface: None,
                misplaced: None,
            };
            let mut ids = vec![d.id.as_str()];
            if !d.name.is_empty() {
                ids.push(d.name.as_str());
            }
            self.add_eni(eni, &ids);
        }
        for (n, lb) in net.load_balancers.iter().enumerate() {
            let mut nodes = Vec::new();
            let groups = self.groups_of(&lb.security_groups);
            let missing = self.missing_groups(&lb.security_groups);
            // NLBs created without security groups never get any (L7).
            let has_groups =
                lb.kind == LoadBalancerKind::Application || !lb.security_groups.is_empty();
            for (k, s) in lb.subnets.iter().enumerate() {
                let subnet = self.subnet_by_id.get(s.as_str()).copied();
                let private_ip = self.free_private(subnet, 3 + 17 * n as u32 + k as u32);
                // Internet-facing nodes get public addresses (derived: 13.124.n.k+10, an AWS Seoul range).
                let public_ip = (lb.scheme == LoadBalancerScheme::InternetFacing).then(|| {
                    u32::from(std::net::Ipv4Addr::new(
                        13,
                        124,
                        (n % 250) as u8,
                        (k % 200) as u8 + 10,
                    ))
                });
                let eni = Eni {
                    component: lb.id.clone(),
                    kind: EniKind::LbNode { lb: n, node: k },
                    subnet,
                    vpc: subnet.and_then(|s| self.subnets[s].vpc),
                    private_ip,
                    public_ip,
                    groups: groups.clone(),
                    missing_groups: missing.clone(),
                    has_groups,
                    source_dest_check: true,
                    secondary_ips: Vec::new(),
                    interface: None,
                    misplaced: None,
                };
                nodes.push(self.add_eni(eni, &[]));
            }
            self.lb_by_id.entry(lb.id.as_str()).or_insert(n);
            if let Some(a) = &lb.arn {
                self.lb_by_id.entry(a.as_str()).or_insert(n);
            }
            if !lb.name.is_empty() {
                self.lb_by_id.entry(lb.name.as_str()).or_insert(n);
            }
            self.lbs.push(LbIx { nodes });
        }
    }

    /// An instance's further interfaces (device index ≥ 1), each with its own subnet,
    /// addresses, groups and source/destination check; named by its `eni-…` id (Q5).
    fn add_instance_interfaces(&mut self, n: usize, primary_subnet: Option<usize>) {
        let net = self.net;
        let inst = &net.instances[n];
        for (k, f) in inst.network_interfaces.iter().enumerate() {
            let Some(private_ip) = parse_ip(&f.private_ip).map(u32::from) else {
                continue;
            };
            let subnet = self.subnet_by_id.get(f.subnet_id.as_str()).copied();
            let misplaced = interface_misplaced(net, inst, f).filter(|_| primary_subnet.is_some());
            let eni = Eni {
                component: inst.id.clone(),
                kind: EniKind::Instance(n),
                subnet,
                vpc: subnet.and_then(|s| self.subnets[s].vpc),
                private_ip,
                public_ip: f.public_ip.as_deref().and_then(parse_ip).map(u32::from),
                groups: self.groups_of(&f.security_groups),
                has_groups: true,
                source_dest_check: f.source_dest_check,
                secondary_ips: f
                    .secondary_private_ips
                    .iter()
                    .filter_map(|a| parse_ip(a))
                    .map(u32::from)
                    .collect(),
                missing_groups: self.missing_groups(&f.security_groups),
                interface: Some(k),
                misplaced,
            };
            self.add_eni(eni, &[f.id.as_str()]);
        }
    }

    /// Transit gateways, their attachments and route tables, with propagated routes (T1–T9).
    fn build_transit(&mut self) {
        let net = self.net;
        if net.transit_gateways.is_empty() && net.transit_gateway_attachments.is_empty() {
            return;
        }
        for (i, t) in net.transit_gateways.iter().enumerate().rev() {
            self.tgw_by_id.insert(t.id.as_str(), i);
        }
        for (i, a) in net.transit_gateway_attachments.iter().enumerate().rev() {
            self.tgw_attach_by_id.insert(a.id.as_str(), i);
        }
        let attachments: Vec<TgwAttachIx> = net
            .transit_gateway_attachments
            .iter()
            .map(|a| TgwAttachIx {
                tgw: self.tgw_by_id.get(a.transit_gateway_id.as_str()).copied(),
                peer_tgw: a
                    .peer_transit_gateway_id
                    .as_deref()
                    .and_then(|p| self.tgw_by_id.get(p).copied()),
                vpc: a
                    .vpc_id
                    .as_deref()
                    .and_then(|v| self.vpc_by_id.get(v).copied()),
                subnets: a
                    .subnet_ids
                    .iter()
                    .filter_map(|s| self.subnet_by_id.get(s.as_str()).copied())
                    .collect(),
                remote: a
                    .remote_cidrs
                    .iter()
                    .filter_map(|c| Cidr::parse_lenient(c).ok())
                    .collect(),
            })
            .collect();
        for (k, a) in attachments.iter().enumerate().rev() {
            if let (Some(v), Some(t)) = (a.vpc, a.tgw) {
                self.tgw_vpc_attachment.insert((v, t), k);
            }
        }
        let mut tables = Vec::new();
        for (ti, t) in net.transit_gateway_route_tables.iter().enumerate() {
            let tgw = self.tgw_by_id.get(t.transit_gateway_id.as_str()).copied();
            for a in &t.associations {
                if let (Some(g), Some(&k)) = (tgw, self.tgw_attach_by_id.get(a.as_str())) {
                    self.tgw_assoc.entry((g, k)).or_insert(ti);
                }
            }
            let mut routes: Vec<TgwRouteIx> = t
                .routes
                .iter()
                .enumerate()
                .filter_map(|(ri, r)| {
                    Some(TgwRouteIx {
                        cidr: Cidr::parse_lenient(&r.destination).ok()?,
                        route: Some(ri),
                        attachment: r
                            .attachment
                            .as_deref()
                            .and_then(|a| self.tgw_attach_by_id.get(a).copied()),
                        blackhole: r.blackhole,
                        origin: r.origin,
                    })
                })
                .collect();
            // Propagations: a VPC attachment brings its VPC's CIDRs, a VPN attachment the
            // ranges behind it; peering attachments do not propagate (T6).
            for p in &t.propagations {
                let Some(&k) = self.tgw_attach_by_id.get(p.as_str()) else {
                    continue;
                };
                let a = &attachments[k];
                let cidrs: Vec<Cidr> = match net.transit_gateway_attachments[k].kind {
                    TgwAttachmentKind::Vpc => a
                        .vpc
                        .map(|v| self.vpcs[v].cidrs.clone())
                        .unwrap_or_default(),
                    TgwAttachmentKind::Vpn => a.remote.clone(),
                    TgwAttachmentKind::Peering => Vec::new(),
                };
                for cidr in cidrs {
                    let known = routes.iter().any(|r| {
                        r.cidr == cidr
                            && r.attachment == Some(k)
                            && r.origin == TgwRouteOrigin::Propagated
                    });
                    if !known {
                        routes.push(TgwRouteIx {
                            cidr,
                            route: None,
                            attachment: Some(k),
                            blackhole: false,
                            origin: TgwRouteOrigin::Propagated,
                        });
                    }
                }
            }
            let kind_rank = |r: &TgwRouteIx| match r.origin {
                TgwRouteOrigin::Static => 0,
                TgwRouteOrigin::Propagated => {
                    match r
                        .attachment
                        .map(|k| net.transit_gateway_attachments[k].kind)
                    {
                        Some(TgwAttachmentKind::Vpc) => 1,
                        Some(TgwAttachmentKind::Vpn) => 2,
                        _ => 3,
                    }
                }
            };
            routes.sort_by(|a, b| {
                b.cidr
                    .prefix()
                    .cmp(&a.cidr.prefix())
                    .then(kind_rank(a).cmp(&kind_rank(b)))
            });
            tables.push(TgwTableIx { tgw, routes });
        }
        // VPCs joined through transit gateways: union of VPCs and gateways (by index).
        let n_vpc = self.vpcs.len();
        let mut parent: Vec<usize> = (0..n_vpc + net.transit_gateways.len()).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let mut joined = vec![false; n_vpc];
        for a in &attachments {
            let pairs = [
                (a.vpc, a.tgw.map(|t| n_vpc + t)),
                (a.tgw.map(|t| n_vpc + t), a.peer_tgw.map(|t| n_vpc + t)),
            ];
            if let Some(v) = a.vpc {
                joined[v] |= a.tgw.is_some();
            }
            for (x, y) in pairs {
                if let (Some(x), Some(y)) = (x, y) {
                    let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
                    parent[rx] = ry;
                }
            }
        }
        self.tgw_group_of_vpc = (0..n_vpc)
            .map(|v| joined[v].then(|| find(&mut parent, v)))
            .collect();
        self.tgw_attachments = attachments;
        self.tgw_tables = tables;
    }

    /// Are two VPCs attached to the same transit gateway, or to gateways that peer (T1, T4)?
    pub fn tgw_joined(&self, a: usize, b: usize) -> bool {
        match (
            self.tgw_group_of_vpc.get(a).copied().flatten(),
            self.tgw_group_of_vpc.get(b).copied().flatten(),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }

    /// The routes a virtual private gateway propagates into route table `table` (G3), in the
    /// order the tracer ranks them: (destination, the gateway). Empty for an unknown table.
    /// The route-table view shows these, so it lists exactly what the tracer follows.
    pub fn propagated_routes(&self, table: &str) -> Vec<(Cidr, &RouteTarget)> {
        let Some(t) = self.net.route_tables.iter().position(|t| t.id == table) else {
            return Vec::new();
        };
        self.tables[t]
            .routes
            .iter()
            .filter(|r| r.propagated)
            .map(|r| (r.cidr, &r.target))
            .collect()
    }

    /// Longest-prefix match in transit gateway route table `table` (T7).
    pub fn tgw_lookup(&self, table: usize, dst: u32) -> Option<&TgwRouteIx> {
        self.tgw_tables[table]
            .routes
            .iter()
            .find(|r| r.cidr.contains_u32(dst))
    }

    /// The on-premises side whose ranges hold `addr` (longest prefix; transit gateway VPN
    /// attachments first, then VPN connections on virtual private gateways).
    pub fn remote_for(&self, addr: u32) -> Option<Remote> {
        let tgw = self
            .tgw_attachments
            .iter()
            .enumerate()
            .flat_map(|(k, a)| a.remote.iter().map(move |c| (Remote::TgwVpn(k), *c)));
        let vgw = self
            .vpns
            .iter()
            .enumerate()
            .flat_map(|(k, v)| v.routes.iter().map(move |c| (Remote::Vpn(k), *c)));
        let mut best: Option<(Remote, Cidr)> = None;
        for (r, c) in tgw.chain(vgw) {
            if c.contains_u32(addr) && best.is_none_or(|(_, b)| c.prefix() > b.prefix()) {
                best = Some((r, c));
            }
        }
        best.map(|(r, _)| r)
    }

    /// Does the on-premises side `r` hold `addr`?
    pub fn remote_covers(&self, r: Remote, addr: u32) -> bool {
        let cidrs = match r {
            Remote::TgwVpn(k) => &self.tgw_attachments[k].remote,
            Remote::Vpn(k) => &self.vpns[k].routes,
        };
        cidrs.iter().any(|c| c.contains_u32(addr))
    }

    /// The id shown for an on-premises side: the attachment or the VPN connection.
    pub fn remote_id(&self, r: Remote) -> &'a str {
        match r {
            Remote::TgwVpn(k) => &self.net.transit_gateway_attachments[k].id,
            Remote::Vpn(k) => &self.net.vpn_connections[k].id,
        }
    }

    /// The subnet whose CIDR holds `addr`, preferring one in `vpc`.
    pub fn subnet_of_addr(&self, addr: u32, vpc: Option<usize>) -> Option<usize> {
        let end = self.subnet_ranges.partition_point(|r| r.0 <= addr);
        let mut best = None;
        for r in self.subnet_ranges[..end].iter().rev().take(64) {
            if r.0 <= addr && addr <= r.1 {
                if vpc.is_none() || self.subnets[r.2].vpc == vpc {
                    return Some(r.2);
                }
                best = best.or(Some(r.2));
            }
        }
        best
    }

    /// The VPC whose CIDR blocks hold `addr`.
    pub fn vpc_of_addr(&self, addr: u32) -> Option<usize> {
        self.vpcs
            .iter()
            .position(|v| v.cidrs.iter().any(|c| c.contains_u32(addr)))
    }

    pub fn vpc_contains(&self, vpc: Option<usize>, addr: u32) -> bool {
        vpc.map(|v| self.vpcs[v].cidrs.iter().any(|c| c.contains_u32(addr)))
            .unwrap_or(false)
    }

    /// Are the two VPCs joined by an active peering connection?
    pub fn peered(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.net.vpcs[a].id, &self.net.vpcs[b].id);
        self.net.peering_connections.iter().any(|p| {
            p.status == PeeringStatus::Active
                && ((&p.requester_vpc == a && &p.accepter_vpc == b)
                    || (&p.requester_vpc == b && &p.accepter_vpc == a))
        })
    }

    /// The peering connection (any status) between two VPCs.
    pub fn pcx_between(&self, a: usize, b: usize) -> Option<&'a PeeringConnection> {
        let (a, b) = (&self.net.vpcs[a].id, &self.net.vpcs[b].id);
        self.net.peering_connections.iter().find(|p| {
            (&p.requester_vpc == a && &p.accepter_vpc == b)
                || (&p.requester_vpc == b && &p.accepter_vpc == a)
        })
    }

    pub fn subnet_name(&self, s: usize) -> String {
        let sub = &self.net.subnets[s];
        crate::network::lint::label(&sub.name, &sub.id)
    }
}

/// Why AWS could not have attached interface `f` to instance `i`: an interface is attached
/// only to an instance in its own availability zone, in the same VPC (Q5). `None` when it
/// could (or when a subnet is unknown: the dangling-reference lint reports that).
pub(crate) fn interface_misplaced(
    net: &Network,
    i: &Instance,
    f: &InstanceInterface,
) -> Option<crate::network::msg::Text> {
    use crate::network::msg::msg;
    let (home, at) = (net.subnet(&i.subnet_id)?, net.subnet(&f.subnet_id)?);
    let (instance, eni, subnet) = (&i.id, &f.id, &at.id);
    if home.vpc_id != at.vpc_id {
        let (vpc, instance_vpc) = (&at.vpc_id, &home.vpc_id);
        return Some(msg!(
            "lint-interface-other-vpc",
            "network interface {eni} is in subnet {subnet} of VPC {vpc}, but instance {instance} is in VPC {instance_vpc}; AWS attaches an interface only to an instance in the same VPC and availability zone",
            eni, subnet, vpc, instance, instance_vpc
        ));
    }
    if home.availability_zone != at.availability_zone
        && !home.availability_zone.is_empty()
        && !at.availability_zone.is_empty()
    {
        let (zone, instance_zone) = (&at.availability_zone, &home.availability_zone);
        return Some(msg!(
            "lint-interface-other-zone",
            "network interface {eni} is in subnet {subnet} in {zone}, but instance {instance} is in {instance_zone}; AWS attaches an interface only to an instance in the same availability zone",
            eni, subnet, zone, instance, instance_zone
        ));
    }
    None
}
