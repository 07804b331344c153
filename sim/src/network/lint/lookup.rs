//! Id lookups built once per lint run, so every check costs O(n log n) in the design's size
//! instead of scanning every list for every component (issue 13: `lint --aws` on a 20,000-subnet
//! capture).
//!
//! **Invariant**: each method answers exactly what the linear `Network` method of the same name
//! answers, including which of two duplicate ids wins (the first in model order);
//! the property tests below check this on random designs with duplicates and dangling ids.

use std::collections::BTreeSet;
use std::hash::BuildHasherDefault;

use crate::network::model::*;
use crate::network::trace::index::{FastHasher, HashMap};

/// A set for lookups only, like [`HashMap`]: never iterated, so its order cannot reach a lint.
type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// Indexes of one network for the lint checks: hash maps and sets, only ever asked about a
/// key (ids are long Terraform addresses with shared prefixes, which made every ordered-map
/// lookup compare the same prefix a dozen times).
pub struct Lookup<'a> {
    pub net: &'a Network,
    vpcs: HashMap<&'a str, &'a Vpc>,
    subnets: HashMap<&'a str, &'a Subnet>,
    route_tables: HashMap<&'a str, &'a RouteTable>,
    security_groups: HashSet<&'a str>,
    /// Every component id of the design (for fresh ids).
    ids: HashSet<&'a str>,
    /// VPC id → the first internet gateway attached to it.
    igw_of_vpc: HashMap<&'a str, &'a InternetGateway>,
    prefix_lists: HashSet<&'a str>,
    /// Subnet id → the first route table (model order) that lists it.
    associated_table: HashMap<&'a str, &'a RouteTable>,
    /// VPC id → its first main route table.
    main_table: HashMap<&'a str, &'a RouteTable>,
    /// (internet gateway id, VPC id) for every attached gateway.
    attached_igws: HashSet<(&'a str, &'a str)>,
    /// Subnet id → how many instances, NAT gateways, database primaries and load balancers use it.
    interfaces: HashMap<&'a str, u64>,
    /// Subnet id → its first instance with a public IP.
    public_instance: HashMap<&'a str, &'a Instance>,
    /// Subnet id → the first internet-facing load balancer using it.
    internet_lb: HashMap<&'a str, &'a LoadBalancer>,
    /// Subnet id → its first public NAT gateway.
    public_nat: HashMap<&'a str, &'a NatGateway>,
}

/// Inserts unless the key is already there: the first duplicate wins, as `Iterator::find` does.
fn first<'a, V>(map: &mut HashMap<&'a str, V>, key: &'a str, value: V) {
    map.entry(key).or_insert(value);
}

impl<'a> Lookup<'a> {
    pub fn new(net: &'a Network) -> Lookup<'a> {
        let mut ix = Lookup {
            net,
            vpcs: HashMap::default(),
            subnets: HashMap::default(),
            route_tables: HashMap::default(),
            security_groups: net.security_groups.iter().map(|g| g.id.as_str()).collect(),
            ids: net.component_ids().into_iter().map(|(id, _)| id).collect(),
            igw_of_vpc: HashMap::default(),
            prefix_lists: net.prefix_lists.iter().map(|p| p.id.as_str()).collect(),
            associated_table: HashMap::default(),
            main_table: HashMap::default(),
            attached_igws: net
                .internet_gateways
                .iter()
                .filter_map(|g| g.attached_vpc.as_deref().map(|v| (g.id.as_str(), v)))
                .collect(),
            interfaces: HashMap::default(),
            public_instance: HashMap::default(),
            internet_lb: HashMap::default(),
            public_nat: HashMap::default(),
        };
        for v in &net.vpcs {
            first(&mut ix.vpcs, &v.id, v);
        }
        for s in &net.subnets {
            first(&mut ix.subnets, &s.id, s);
        }
        for g in &net.internet_gateways {
            if let Some(v) = &g.attached_vpc {
                first(&mut ix.igw_of_vpc, v, g);
            }
        }
        for t in &net.route_tables {
            first(&mut ix.route_tables, &t.id, t);
            for a in &t.associations {
                first(&mut ix.associated_table, a, t);
            }
            if t.main {
                first(&mut ix.main_table, &t.vpc_id, t);
            }
        }
        let mut used = |s: &'a str| *ix.interfaces.entry(s).or_insert(0) += 1;
        for i in &net.instances {
            used(&i.subnet_id);
            for f in &i.network_interfaces {
                used(&f.subnet_id);
            }
        }
        for n in &net.nat_gateways {
            used(&n.subnet_id);
        }
        for d in &net.databases {
            if let Some(s) = d.subnet_group.first() {
                used(s);
            }
        }
        for l in &net.load_balancers {
            // `contains` counts a load balancer once per subnet, however often it lists it.
            let distinct: BTreeSet<&str> = l.subnets.iter().map(String::as_str).collect();
            for s in distinct {
                used(s);
            }
        }
        for i in &net.instances {
            if i.public_ip.is_some() {
                first(&mut ix.public_instance, &i.subnet_id, i);
            }
        }
        for l in &net.load_balancers {
            if l.scheme == LoadBalancerScheme::InternetFacing {
                for s in &l.subnets {
                    first(&mut ix.internet_lb, s, l);
                }
            }
        }
        for n in &net.nat_gateways {
            if n.connectivity == NatConnectivity::Public {
                first(&mut ix.public_nat, &n.subnet_id, n);
            }
        }
        ix
    }

    /// [`Network::vpc`].
    pub fn vpc(&self, id: &str) -> Option<&'a Vpc> {
        self.vpcs.get(id).copied()
    }

    /// [`Network::subnet`].
    pub fn subnet(&self, id: &str) -> Option<&'a Subnet> {
        self.subnets.get(id).copied()
    }

    /// [`Network::route_table`].
    pub fn route_table(&self, id: &str) -> Option<&'a RouteTable> {
        self.route_tables.get(id).copied()
    }

    /// The first internet gateway (model order) attached to `vpc`.
    pub fn igw_attached_to(&self, vpc: &str) -> Option<&'a InternetGateway> {
        self.igw_of_vpc.get(vpc).copied()
    }

    /// The first internet gateway attached to no VPC.
    pub fn detached_igw(&self) -> Option<&'a InternetGateway> {
        self.net
            .internet_gateways
            .iter()
            .find(|g| g.attached_vpc.is_none())
    }

    /// Whether any component of the design has this id.
    pub fn id_taken(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Whether [`Network::security_group`] finds `id`.
    pub fn has_security_group(&self, id: &str) -> bool {
        self.security_groups.contains(id)
    }

    /// Whether [`Network::prefix_list`] finds `id`.
    pub fn has_prefix_list(&self, id: &str) -> bool {
        self.prefix_lists.contains(id)
    }

    /// [`Network::route_table_for_subnet`]: the explicit association, else the VPC's main table.
    pub fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&'a RouteTable> {
        let subnet = self.subnet(subnet_id)?;
        self.associated_table
            .get(subnet_id)
            .or_else(|| self.main_table.get(subnet.vpc_id.as_str()))
            .copied()
    }

    /// [`super::subnet_igw_route`]: the active route to an internet gateway attached to the
    /// subnet's own VPC (R11).
    pub fn igw_route(&self, subnet_id: &str) -> Option<&'a Route> {
        let table = self.route_table_for_subnet(subnet_id)?;
        let vpc = self.subnet(subnet_id)?.vpc_id.as_str();
        table.routes.iter().find(|r| {
            r.target.kind == TargetKind::Igw
                && r.state == RouteState::Active
                && self.attached_igws.contains(&(r.target.id.as_str(), vpc))
        })
    }

    /// Instances, NAT gateways, database primaries and load balancers placed in the subnet.
    pub fn interfaces_in(&self, subnet_id: &str) -> u64 {
        self.interfaces.get(subnet_id).copied().unwrap_or(0)
    }

    /// The subnet's first instance with a public IP.
    pub fn public_instance(&self, subnet_id: &str) -> Option<&'a Instance> {
        self.public_instance.get(subnet_id).copied()
    }

    /// The first internet-facing load balancer that uses the subnet.
    pub fn internet_facing_lb(&self, subnet_id: &str) -> Option<&'a LoadBalancer> {
        self.internet_lb.get(subnet_id).copied()
    }

    /// The subnet's first public NAT gateway.
    pub fn public_nat(&self, subnet_id: &str) -> Option<&'a NatGateway> {
        self.public_nat.get(subnet_id).copied()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Lookup;
    use crate::network::cidr::Cidr;
    use crate::network::fix::{internet_route_edits, internet_route_edits_in};
    use crate::network::lint::{lint, subnet_igw_route};
    use crate::network::model::*;

    /// Ids drawn from small pools, so duplicates and dangling references are common.
    fn id(prefix: &'static str) -> impl Strategy<Value = String> {
        (0..4u8).prop_map(move |n| format!("{prefix}{n}"))
    }

    fn cidr() -> impl Strategy<Value = String> {
        (0..4u8, 0..4u8, prop::sample::select(vec![22u8, 23, 24, 25]))
            .prop_map(|(a, b, p)| format!("10.0.{}.0/{p}", a * 2 + b / 2))
    }

    fn network() -> impl Strategy<Value = Network> {
        let vpcs = prop::collection::vec(
            id("vpc").prop_map(|id| Vpc {
                ipv6_cidr_blocks: Vec::new(),
                id,
                name: String::new(),
                cidr_blocks: vec!["10.0.0.0/16".into()],
            }),
            0..4,
        );
        let subnets = prop::collection::vec(
            (id("subnet"), id("vpc"), cidr(), any::<bool>()).prop_map(|(id, vpc_id, cidr, m)| {
                Subnet {
                    id,
                    vpc_id,
                    cidr,
                    map_public_ip_on_launch: m,
                    ..Subnet::default()
                }
            }),
            0..8,
        );
        let routes = prop::collection::vec(
            (id("igw"), any::<bool>()).prop_map(|(igw, active)| Route {
                destination: RouteDestination::Cidr("0.0.0.0/0".into()),
                target: RouteTarget {
                    kind: TargetKind::Igw,
                    id: igw,
                },
                state: if active {
                    RouteState::Active
                } else {
                    RouteState::Blackhole
                },
            }),
            0..3,
        );
        let tables = prop::collection::vec(
            (
                id("rtb"),
                id("vpc"),
                any::<bool>(),
                routes,
                prop::collection::vec(id("subnet"), 0..3),
            )
                .prop_map(|(id, vpc_id, main, routes, associations)| RouteTable {
                    id,
                    vpc_id,
                    main,
                    routes,
                    associations,
                    ..RouteTable::default()
                }),
            0..5,
        );
        let igws = prop::collection::vec(
            (id("igw"), prop::option::of(id("vpc"))).prop_map(|(id, attached_vpc)| {
                InternetGateway {
                    id,
                    attached_vpc,
                    ..InternetGateway::default()
                }
            }),
            0..4,
        );
        let instances = prop::collection::vec(
            (id("i"), id("subnet"), any::<bool>()).prop_map(|(id, subnet_id, public)| Instance {
                id,
                subnet_id,
                private_ip: "10.0.0.10".into(),
                public_ip: public.then(|| "3.36.0.1".into()),
                ..Instance::default()
            }),
            0..5,
        );
        let nats = prop::collection::vec(
            (id("nat"), id("subnet"), any::<bool>()).prop_map(|(id, subnet_id, public)| {
                NatGateway {
                    id,
                    subnet_id,
                    connectivity: if public {
                        NatConnectivity::Public
                    } else {
                        NatConnectivity::Private
                    },
                    ..NatGateway::default()
                }
            }),
            0..3,
        );
        let lbs = prop::collection::vec(
            (
                id("lb"),
                prop::collection::vec(id("subnet"), 0..4),
                any::<bool>(),
            )
                .prop_map(|(id, subnets, facing)| LoadBalancer {
                    id,
                    subnets,
                    scheme: if facing {
                        LoadBalancerScheme::InternetFacing
                    } else {
                        LoadBalancerScheme::Internal
                    },
                    ..LoadBalancer::default()
                }),
            0..3,
        );
        (vpcs, subnets, tables, igws, instances, nats, lbs).prop_map(
            |(vpcs, subnets, route_tables, internet_gateways, instances, nat_gateways, lbs)| {
                Network {
                    vpcs,
                    subnets,
                    route_tables,
                    internet_gateways,
                    instances,
                    nat_gateways,
                    load_balancers: lbs,
                    ..Network::default()
                }
            },
        )
    }

    fn same<T>(a: Option<&T>, b: Option<&T>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    /// The all-pairs overlap check the sweep replaced: every overlapping pair of one VPC.
    fn overlapping_pairs_by_all_pairs(net: &Network) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in net.subnets.iter().enumerate() {
            for b in &net.subnets[i + 1..] {
                let (Ok(x), Ok(y)) = (Cidr::parse(&a.cidr), Cidr::parse(&b.cidr)) else {
                    continue;
                };
                if a.vpc_id == b.vpc_id && x.overlaps(&y) {
                    out.push(b.id.clone());
                }
            }
        }
        out.sort();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn every_indexed_lookup_answers_what_the_linear_scan_answers(net in network()) {
            let ix = Lookup::new(&net);
            for n in 0..5 {
                let s = format!("subnet{n}");
                let v = format!("vpc{n}");
                let t = format!("rtb{n}");
                prop_assert!(same(ix.subnet(&s), net.subnet(&s)));
                prop_assert!(same(ix.vpc(&v), net.vpc(&v)));
                prop_assert!(same(ix.route_table(&t), net.route_table(&t)));
                prop_assert!(same(ix.route_table_for_subnet(&s), net.route_table_for_subnet(&s)));
                prop_assert!(same(ix.igw_route(&s), subnet_igw_route(&net, &s)));
                let used = net.instances.iter().filter(|i| i.subnet_id == s).count()
                    + net.nat_gateways.iter().filter(|g| g.subnet_id == s).count()
                    + net.load_balancers.iter().filter(|l| l.subnets.contains(&s)).count();
                prop_assert_eq!(ix.interfaces_in(&s), used as u64);
                prop_assert!(same(
                    ix.public_instance(&s),
                    net.instances.iter().find(|i| i.subnet_id == s && i.public_ip.is_some())
                ));
                let facing = |l: &&LoadBalancer| {
                    l.scheme == LoadBalancerScheme::InternetFacing && l.subnets.contains(&s)
                };
                prop_assert!(same(ix.internet_facing_lb(&s), net.load_balancers.iter().find(facing)));
                let public = |g: &&NatGateway| {
                    g.subnet_id == s && g.connectivity == NatConnectivity::Public
                };
                prop_assert!(same(ix.public_nat(&s), net.nat_gateways.iter().find(public)));
                prop_assert_eq!(internet_route_edits_in(&ix, &s), internet_route_edits(&net, &s));
            }
        }

        #[test]
        fn the_overlap_sweep_reports_the_pairs_all_pairs_would(net in network()) {
            let mut swept: Vec<String> = lint(&net)
                .into_iter()
                .filter(|d| d.code == "SUBNET_OVERLAP")
                .map(|d| d.component)
                .collect();
            swept.sort();
            prop_assert_eq!(swept, overlapping_pairs_by_all_pairs(&net));
        }
    }
}
