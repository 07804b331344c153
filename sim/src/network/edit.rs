//! Editing a design the way the canvas does: add a component inside a container, with the
//! hierarchy AWS enforces (a subnet lives in one AZ of one VPC, an instance's ENI in one
//! subnet); remove one together with what cannot exist without it; move a container with
//! its children; and lay out a design that carries no coordinates (an AWS import).
//!
//! **Invariant**: every function here leaves a design that loads and lints (maybe with
//! findings) and never panics; a refused edit changes nothing and says why in words a
//! learner understands. Availability-zone boxes are canvas objects keyed `az:<vpc>:<zone>`
//! in the layout; the zone itself is the subnet's `availability_zone`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::annotation;
use super::cidr::{parse_ip, Cidr};
use super::design::{Design, Rect};
use super::fix::{fresh_id, fresh_public_ip};
pub use super::kind::ComponentKind;
use super::model::*;

/// Where a palette kind may be placed, as words.
fn allowed(what: ComponentKind) -> &'static str {
    match what {
        ComponentKind::Vpc | ComponentKind::AwsService => "an empty part of the canvas",
        ComponentKind::AvailabilityZone
        | ComponentKind::InternetGateway
        | ComponentKind::VpnGateway
        | ComponentKind::EgressOnlyInternetGateway => "a VPC",
        ComponentKind::TransitGateway | ComponentKind::CustomerGateway => {
            "an empty part of the canvas"
        }
        ComponentKind::Subnet => "an availability zone or a VPC",
        _ => "a subnet",
    }
}

/// Where on the canvas something was dropped, resolved to the model.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Container {
    Canvas,
    Vpc(String),
    Zone { vpc: String, zone: String },
    Subnet(String),
}

impl Container {
    /// The place with its article, for sentences ("a VPC").
    pub fn noun(&self) -> &'static str {
        match self {
            Container::Canvas => "the empty canvas",
            Container::Vpc(_) => "a VPC",
            Container::Zone { .. } => "an availability zone",
            Container::Subnet(_) => "a subnet",
        }
    }
}

/// Why an edit was refused. `Display` is the English the CLI and the app show; the fields are
/// the facts, so the app can say the same in another language from the variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not something the canvas creates (a pod, or a part such as a route table).
    NotPlaceable {
        what: ComponentKind,
    },
    WrongContainer {
        what: ComponentKind,
        inside: Container,
    },
    UnknownComponent(String),
    VpcFull {
        vpc: String,
    },
    SubnetFull {
        subnet: String,
    },
    NoFreeZone {
        vpc: String,
    },
    /// The design's region is not in the table of regions (the message says so).
    UnknownRegion(super::regions::UnknownRegion),
    OneInternetGatewayPerVpc {
        vpc: String,
        existing: String,
    },
    NoFreeVpcRange,
    CannotCopy(String),
    /// An edit of a note, box or arrow that the annotation layer's rules refuse.
    Annotation(super::annotation::AnnotationError),
    /// A VPC has at most one virtual private gateway attached (G1).
    OneVpnGatewayPerVpc {
        vpc: String,
        existing: String,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::WrongContainer { what, inside } => {
                let mut noun = what.noun().to_string();
                noun[..1].make_ascii_uppercase();
                if *inside == Container::Canvas {
                    write!(f, "{noun} must be placed inside {}.", allowed(*what))
                } else {
                    let inside = inside.noun();
                    write!(f, "{noun} cannot live inside {inside}: drop it on {}.", allowed(*what))
                }
            }
            Refusal::NotPlaceable { what: ComponentKind::Pod } => write!(f, "Pods are created by the cluster: add a Deployment in the cluster view and the scheduler places its pods on nodes."),
            Refusal::NotPlaceable { what } => {
                let mut noun = what.noun().to_string();
                noun[..1].make_ascii_uppercase();
                write!(f, "{noun} is not placed on the canvas.")
            }
            Refusal::UnknownComponent(id) => write!(f, "There is no component `{id}` in this design."),
            Refusal::VpcFull { vpc } => write!(f, "VPC {vpc} has no free /24 left for another subnet: add a CIDR block to the VPC or use smaller subnets."),
            Refusal::SubnetFull { subnet } => write!(f, "Subnet {subnet} has no free address left (AWS reserves 5 per subnet)."),
            Refusal::UnknownRegion(why) => write!(f, "{why}"),
            Refusal::NoFreeZone { vpc } => write!(f, "Every availability zone of the region already has a box in VPC {vpc}."),
            Refusal::OneInternetGatewayPerVpc { vpc, existing } => {
                write!(f, "VPC {vpc} already has internet gateway {existing} attached; a VPC can have only one.")
            }
            Refusal::NoFreeVpcRange => write!(f, "No free 10.x.0.0/16 range is left for another VPC."),
            Refusal::CannotCopy(id) => write!(f, "{id} cannot be copied: copy instances, subnets, NAT gateways or databases."),
            Refusal::Annotation(e) => write!(f, "{e}"),
            Refusal::OneVpnGatewayPerVpc { vpc, existing } => {
                write!(f, "VPC {vpc} already has virtual private gateway {existing} attached; a VPC can have only one.")
            }
        }
    }
}

/// The layout key of an availability-zone box.
pub fn zone_key(vpc: &str, zone: &str) -> String {
    format!("az:{vpc}:{zone}")
}

/// `(vpc, zone)` of an availability-zone layout key.
pub fn parse_zone_key(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix("az:")?.split_once(':')
}

/// Public if the subnet's route table sends traffic to an attached internet gateway (R11).
pub fn is_public(net: &Network, subnet_id: &str) -> bool {
    super::lint::subnet_igw_route(net, subnet_id).is_some()
}

/// The availability zones of the design's region, in order (from the table of real regions;
/// the design's own `availability_zones` list is only the zones it uses so far).
pub fn region_zones(net: &Network) -> Result<Vec<String>, Refusal> {
    super::regions::zones(&net.region).map_err(Refusal::UnknownRegion)
}

/// Zones for a new box or subnet, in order of preference: those the design already uses,
/// then the region's others.
fn zone_candidates(net: &Network) -> Result<Vec<String>, Refusal> {
    let all = region_zones(net)?;
    let mut out: Vec<String> = net
        .availability_zones
        .iter()
        .filter(|z| all.contains(z))
        .cloned()
        .collect();
    let rest: Vec<String> = all.into_iter().filter(|z| !out.contains(z)).collect();
    out.extend(rest);
    Ok(out)
}

/// The first /24 inside the VPC's CIDRs that overlaps no existing subnet of any VPC it
/// could collide with (its own). This is the "next free /24" the editor suggests.
pub fn next_free_subnet(net: &Network, vpc_id: &str, prefix: u8) -> Option<Cidr> {
    let vpc = net.vpc(vpc_id)?;
    let taken: Vec<Cidr> = net
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .filter_map(|s| Cidr::parse(&s.cidr).ok())
        .collect();
    for block in vpc.cidr_blocks.iter().filter_map(|c| Cidr::parse(c).ok()) {
        if block.prefix() > prefix {
            continue;
        }
        let step = 1u64 << (32 - prefix);
        let count = block.size() / step;
        for n in 0..count {
            let start = block.network_u32() as u64 + n * step;
            let cand = Cidr::new(std::net::Ipv4Addr::from(start as u32), prefix);
            if !taken.iter().any(|t| t.overlaps(&cand)) {
                return Some(cand);
            }
        }
    }
    None
}

/// The first address of the subnet not reserved by AWS (V3) and not used by anything.
pub fn next_free_ip(net: &Network, subnet_id: &str) -> Option<String> {
    let cidr = Cidr::parse(&net.subnet(subnet_id)?.cidr).ok()?;
    let used: BTreeSet<u32> = net
        .instances
        .iter()
        .map(|i| i.private_ip.as_str())
        .chain(
            net.nat_gateways
                .iter()
                .filter_map(|n| n.private_ip.as_deref()),
        )
        .chain(net.databases.iter().filter_map(|d| d.private_ip.as_deref()))
        .filter_map(parse_ip)
        .map(u32::from)
        .collect();
    let first = cidr.network_u32().checked_add(4)?;
    let last = cidr.broadcast_u32().checked_sub(1)?;
    (first..=last)
        .find(|a| !used.contains(a))
        .map(|a| std::net::Ipv4Addr::from(a).to_string())
}

fn next_free_vpc_cidr(net: &Network) -> Option<String> {
    let taken: Vec<Cidr> = net
        .vpcs
        .iter()
        .flat_map(|v| v.cidr_blocks.iter())
        .filter_map(|c| Cidr::parse(c).ok())
        .collect();
    (0u8..=255)
        .map(|b| Cidr::new(std::net::Ipv4Addr::new(10, b, 0, 0), 16))
        .find(|c| !taken.iter().any(|t| t.overlaps(c)))
        .map(|c| c.to_string())
}

fn numbered_name(existing: impl Iterator<Item = String>, stem: &str) -> String {
    let names: BTreeSet<String> = existing.collect();
    (1..)
        .map(|n| format!("{stem}-{n}"))
        .find(|n| !names.contains(n))
        .unwrap_or_else(|| stem.to_string())
}

fn vpc_of(net: &Network, container: &Container) -> Option<String> {
    match container {
        Container::Canvas => None,
        Container::Vpc(v) | Container::Zone { vpc: v, .. } => Some(v.clone()),
        Container::Subnet(s) => net.subnet(s).map(|s| s.vpc_id.clone()),
    }
}

fn default_group(net: &Network, vpc: &str) -> Option<String> {
    net.security_groups
        .iter()
        .find(|g| g.vpc_id == vpc && g.name == "default")
        .or_else(|| net.security_groups.iter().find(|g| g.vpc_id == vpc))
        .map(|g| g.id.clone())
}

/// Whether the canvas creates this kind (the palette's kinds but pods, which the scheduler
/// places).
pub fn placeable(what: ComponentKind) -> bool {
    what != ComponentKind::Pod && ComponentKind::PALETTE.contains(&what)
}

/// Whether `what` may live directly inside `inside` (AWS's hierarchy).
pub fn accepts(inside: &Container, what: ComponentKind) -> bool {
    use ComponentKind as N;
    if let Some(ok) = super::transit_edit::accepts(inside, what) {
        return placeable(what) && ok;
    }
    match what {
        _ if !placeable(what) => false,
        // AWS services live outside every VPC, in the Region (docs/SEMANTICS.md#w1).
        N::Vpc | N::AwsService => matches!(inside, Container::Canvas),
        N::AvailabilityZone | N::InternetGateway => matches!(inside, Container::Vpc(_)),
        N::Subnet => matches!(inside, Container::Vpc(_) | Container::Zone { .. }),
        _ => matches!(inside, Container::Subnet(_)),
    }
}

/// Adds `what` inside `inside` with the canvas rectangle `rect`, choosing sensible AWS
/// defaults (next free CIDR or address, the VPC's default security group), and returns
/// the new component's id (or layout key, for an availability-zone box).
pub fn add(
    design: &mut Design,
    what: ComponentKind,
    inside: &Container,
    rect: Rect,
) -> Result<String, Refusal> {
    use ComponentKind as N;
    let wrong = || Refusal::WrongContainer {
        what,
        inside: inside.clone(),
    };
    if !placeable(what) {
        return Err(Refusal::NotPlaceable { what });
    }
    if !accepts(inside, what) {
        return Err(wrong());
    }
    for id in [
        vpc_of(&design.network, inside),
        if let Container::Subnet(s) = inside {
            Some(s.clone())
        } else {
            None
        },
    ]
    .into_iter()
    .flatten()
    {
        if design.network.vpc(&id).is_none() && design.network.subnet(&id).is_none() {
            return Err(Refusal::UnknownComponent(id));
        }
    }
    if let Some(done) = super::transit_edit::add(design, what, inside, rect) {
        return done;
    }
    let net = &mut design.network;
    let id = match what {
        N::Vpc => {
            let cidr = next_free_vpc_cidr(net).ok_or(Refusal::NoFreeVpcRange)?;
            let id = fresh_id(net, "vpc");
            let name = numbered_name(net.vpcs.iter().map(|v| v.name.clone()), "vpc");
            net.vpcs.push(Vpc {
                ipv6_cidr_blocks: Vec::new(),
                id: id.clone(),
                name,
                cidr_blocks: vec![cidr.clone()],
            });
            // What AWS creates with every VPC: a main route table with the local route (R3,
            // R4), a default NACL allowing everything (A4), a default security group (S6).
            let rtb = fresh_id(net, "rtb");
            net.route_tables.push(RouteTable {
                id: rtb,
                name: "main".into(),
                vpc_id: id.clone(),
                main: true,
                routes: vec![Route {
                    destination: RouteDestination::Cidr(cidr),
                    target: RouteTarget {
                        kind: TargetKind::Local,
                        id: "local".into(),
                    },
                    state: RouteState::Active,
                }],
                associations: vec![],
            });
            let acl = fresh_id(net, "acl");
            net.network_acls.push(NetworkAcl {
                id: acl,
                name: "default".into(),
                vpc_id: id.clone(),
                is_default: true,
                entries: vec![
                    NaclEntry::allow_all(100, false),
                    NaclEntry::allow_all(100, true),
                ],
                associations: vec![],
            });
            let sg = fresh_id(net, "sg");
            net.security_groups.push(SecurityGroup {
                id: sg.clone(),
                name: "default".into(),
                vpc_id: id.clone(),
                description: "default VPC security group".into(),
                ingress: vec![SecurityGroupRule {
                    protocol: Protocol::All,
                    ports: None,
                    icmp: None,
                    peer: RulePeer::SecurityGroup(sg),
                    description: "members of this group".into(),
                }],
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            });
            id
        }
        N::AwsService => {
            // S3 to start with; the properties panel picks another kind (W1).
            let id = fresh_id(net, "svc");
            let name = numbered_name(net.aws_services.iter().map(|s| s.name.clone()), "s3");
            net.aws_services.push(AwsService {
                id: id.clone(),
                name,
                kind: AwsServiceKind::S3.key().into(),
                ..AwsService::default()
            });
            id
        }
        N::AvailabilityZone => {
            let vpc = vpc_of(net, inside).unwrap_or_default();
            let zone = zone_candidates(net)?
                .into_iter()
                .find(|z| !design.layout.contains_key(&zone_key(&vpc, z)))
                .ok_or(Refusal::NoFreeZone { vpc: vpc.clone() })?;
            if !net.availability_zones.contains(&zone) {
                net.availability_zones.push(zone.clone());
            }
            zone_key(&vpc, &zone)
        }
        N::Subnet => {
            let vpc = vpc_of(net, inside).unwrap_or_default();
            let zone = match inside {
                Container::Zone { zone, .. } => zone.clone(),
                _ => zone_candidates(net)?.into_iter().next().unwrap_or_default(),
            };
            let cidr =
                next_free_subnet(net, &vpc, 24).ok_or(Refusal::VpcFull { vpc: vpc.clone() })?;
            let id = fresh_id(net, "subnet");
            let name = numbered_name(net.subnets.iter().map(|s| s.name.clone()), "subnet");
            net.subnets.push(Subnet {
                ipv6_cidr: None,
                id: id.clone(),
                name,
                vpc_id: vpc,
                cidr: cidr.to_string(),
                availability_zone: zone,
                map_public_ip_on_launch: false,
            });
            id
        }
        N::InternetGateway => {
            let vpc = vpc_of(net, inside).unwrap_or_default();
            if let Some(g) = net
                .internet_gateways
                .iter()
                .find(|g| g.attached_vpc.as_deref() == Some(vpc.as_str()))
            {
                return Err(Refusal::OneInternetGatewayPerVpc {
                    vpc,
                    existing: g.id.clone(),
                });
            }
            let id = fresh_id(net, "igw");
            net.internet_gateways.push(InternetGateway {
                id: id.clone(),
                name: "igw".into(),
                attached_vpc: Some(vpc),
            });
            id
        }
        N::NatGateway
        | N::Bastion
        | N::Instance
        | N::Database
        | N::KubernetesNode
        | N::LoadBalancer => {
            let Container::Subnet(subnet_id) = inside else {
                return Err(wrong());
            };
            let subnet = net
                .subnet(subnet_id)
                .cloned()
                .ok_or_else(|| Refusal::UnknownComponent(subnet_id.clone()))?;
            let ip = next_free_ip(net, subnet_id).ok_or(Refusal::SubnetFull {
                subnet: subnet.name.clone(),
            })?;
            let groups: Vec<String> = default_group(net, &subnet.vpc_id).into_iter().collect();
            match what {
                N::NatGateway => {
                    let id = fresh_id(net, "nat");
                    let public_ip = fresh_public_ip(net);
                    net.nat_gateways.push(NatGateway {
                        id: id.clone(),
                        name: numbered_name(net.nat_gateways.iter().map(|n| n.name.clone()), "nat"),
                        subnet_id: subnet_id.clone(),
                        connectivity: NatConnectivity::Public,
                        public_ip: Some(public_ip),
                        allocation_id: Some(fresh_id(net, "eipalloc")),
                        private_ip: Some(ip),
                        state: NatState::Available,
                    });
                    id
                }
                N::Database => {
                    let id = fresh_id(net, "db");
                    net.databases.push(Database {
                        id: id.clone(),
                        name: numbered_name(net.databases.iter().map(|d| d.name.clone()), "db"),
                        engine: "mysql".into(),
                        port: 3306,
                        subnet_group: vec![subnet_id.clone()],
                        security_groups: groups,
                        multi_az: false,
                        private_ip: Some(ip),
                        publicly_accessible: false,
                    });
                    id
                }
                N::LoadBalancer => {
                    let id = fresh_id(net, "lb");
                    let scheme = if is_public(net, subnet_id) {
                        LoadBalancerScheme::InternetFacing
                    } else {
                        LoadBalancerScheme::Internal
                    };
                    net.load_balancers.push(LoadBalancer {
                        id: id.clone(),
                        arn: None,
                        name: numbered_name(
                            net.load_balancers.iter().map(|l| l.name.clone()),
                            "alb",
                        ),
                        kind: LoadBalancerKind::Application,
                        scheme,
                        vpc_id: subnet.vpc_id.clone(),
                        subnets: vec![subnet_id.clone()],
                        security_groups: groups,
                        listeners: vec![],
                    });
                    id
                }
                _ => {
                    let (role, stem, itype) = match what {
                        N::Bastion => (InstanceRole::Bastion, "bastion", "t3.micro"),
                        N::KubernetesNode => (InstanceRole::KubernetesNode, "node", "m5.large"),
                        _ => (InstanceRole::Plain, "instance", "t3.micro"),
                    };
                    // A bastion gets an Elastic IP (it is the admin's door, I1c); other
                    // instances get a public IP only where the subnet auto-assigns one (I5).
                    let (public_ip, elastic_ip) = if role == InstanceRole::Bastion {
                        (Some(fresh_public_ip(net)), true)
                    } else if subnet.map_public_ip_on_launch {
                        (Some(fresh_public_ip(net)), false)
                    } else {
                        (None, false)
                    };
                    let id = fresh_id(net, "i");
                    net.instances.push(Instance {
                        network_interfaces: Vec::new(),
                        ipv6_addresses: Vec::new(),
                        id: id.clone(),
                        name: numbered_name(net.instances.iter().map(|i| i.name.clone()), stem),
                        subnet_id: subnet_id.clone(),
                        private_ip: ip,
                        public_ip,
                        elastic_ip,
                        eni_id: None,
                        secondary_private_ips: vec![],
                        node_labels: Default::default(),
                        node_taints: vec![],
                        security_groups: groups,
                        source_dest_check: true,
                        role,
                        instance_type: itype.into(),
                    });
                    id
                }
            }
        }
        _ => return Err(Refusal::NotPlaceable { what }),
    };
    design.layout.insert(id.clone(), rect);
    settle(design, &id);
    Ok(id)
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn container_key(c: &Container) -> Option<String> {
    match c {
        Container::Canvas => None,
        Container::Vpc(v) | Container::Subnet(v) => Some(v.clone()),
        Container::Zone { vpc, zone } => Some(zone_key(vpc, zone)),
    }
}

/// Makes room for a newly placed component, the way a user tidies a diagram: it slides
/// past siblings it would cover (containers stack downwards, icons flow in rows), then
/// every container around it grows to hold it, so nothing ends up drawn outside its parent.
pub fn settle(design: &mut Design, id: &str) {
    const GAP: f64 = 20.0;
    const HEADER: f64 = 50.0;
    let Some(mut rect) = design.layout.get(id).copied() else {
        return;
    };
    let parent = parent_of(design, id).as_ref().and_then(container_key);
    let index = children_index(design);
    let siblings: Vec<Rect> = match &parent {
        Some(p) => index
            .get(p)
            .into_iter()
            .flatten()
            .filter(|c| c.as_str() != id)
            .filter_map(|c| design.layout.get(c).copied())
            .collect(),
        None => design
            .network
            .vpcs
            .iter()
            .filter(|v| v.id != id)
            .filter_map(|v| design.layout.get(&v.id).copied())
            .collect(),
    };
    let is_leaf = rect.w <= 100.0 && rect.h <= 100.0;
    let parent_rect = parent.as_ref().and_then(|p| design.layout.get(p).copied());
    for _ in 0..64 {
        let Some(hit) = siblings.iter().find(|s| overlaps(&rect, s)) else {
            break;
        };
        if is_leaf {
            rect.x = hit.x + hit.w + GAP * 2.0;
            if let Some(p) = parent_rect {
                if rect.x + rect.w > p.x + p.w - GAP {
                    rect.x = p.x + GAP;
                    rect.y = hit.y + hit.h + GAP * 2.5;
                }
            }
        } else {
            rect.y = hit.y + hit.h + GAP;
        }
    }
    // Inside the parent's content area (below its title), at least.
    if let Some(p) = parent_rect {
        let on_edge = design.network.internet_gateways.iter().any(|g| g.id == id)
            || super::transit_edit::on_edge(design, id);
        if !is_leaf || !on_edge {
            rect.x = rect.x.max(p.x + GAP);
            rect.y = rect.y.max(p.y + HEADER);
        }
    }
    design.layout.insert(id.to_string(), rect);
    settle_ancestors(design, id);
}

/// Grows every container around `id` so it holds its child (plus a margin).
fn settle_ancestors(design: &mut Design, id: &str) {
    const GAP: f64 = 20.0;
    let mut child = id.to_string();
    for _ in 0..8 {
        let Some(pk) = parent_of(design, &child).as_ref().and_then(container_key) else {
            break;
        };
        let (Some(c), Some(mut p)) = (
            design.layout.get(&child).copied(),
            design.layout.get(&pk).copied(),
        ) else {
            break;
        };
        if design
            .network
            .internet_gateways
            .iter()
            .any(|g| g.id == child)
            || super::transit_edit::on_edge(design, &child)
        {
            break; // drawn on the VPC's edge
        }
        let bottom_pad = if c.w <= 100.0 { 50.0 } else { GAP };
        let right = (c.x + c.w + GAP).max(p.x + p.w);
        let bottom = (c.y + c.h + bottom_pad).max(p.y + p.h);
        p.w = right - p.x;
        p.h = bottom - p.y;
        design.layout.insert(pk.clone(), p);
        child = pk;
    }
}

/// The model container a component lives in (its parent on the canvas).
pub fn parent_of(design: &Design, id: &str) -> Option<Container> {
    let net = &design.network;
    if let Some(c) = super::transit_edit::parent(design, id) {
        return Some(c);
    }
    if let Some((vpc, _)) = parse_zone_key(id) {
        return Some(Container::Vpc(vpc.to_string()));
    }
    if net.vpc(id).is_some() {
        return Some(Container::Canvas);
    }
    if let Some(s) = net.subnet(id) {
        let key = zone_key(&s.vpc_id, &s.availability_zone);
        return Some(if design.layout.contains_key(&key) {
            Container::Zone {
                vpc: s.vpc_id.clone(),
                zone: s.availability_zone.clone(),
            }
        } else {
            Container::Vpc(s.vpc_id.clone())
        });
    }
    if let Some(g) = net.internet_gateways.iter().find(|g| g.id == id) {
        return g
            .attached_vpc
            .clone()
            .map(Container::Vpc)
            .or(Some(Container::Canvas));
    }
    // A service is drawn beside the VPCs; ElastiCache in its first subnet (W6).
    if let Some(svc) = net.aws_services.iter().find(|s| s.id == id) {
        return Some(match svc.subnet_ids.first() {
            Some(s) => Container::Subnet(s.clone()),
            None => Container::Canvas,
        });
    }
    let subnet = net
        .instances
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.subnet_id.clone())
        .or_else(|| {
            net.nat_gateways
                .iter()
                .find(|n| n.id == id)
                .map(|n| n.subnet_id.clone())
        })
        .or_else(|| {
            net.databases
                .iter()
                .find(|d| d.id == id)
                .and_then(|d| d.subnet_group.first().cloned())
        })
        .or_else(|| {
            net.load_balancers
                .iter()
                .find(|l| l.id == id)
                .and_then(|l| l.subnets.first().cloned())
        })?;
    Some(Container::Subnet(subnet))
}

/// Container key → the components drawn directly inside it, for the whole design.
fn children_index(design: &Design) -> BTreeMap<String, Vec<String>> {
    let mut all: BTreeSet<String> = design.layout.keys().cloned().collect();
    all.extend(
        design
            .network
            .component_ids()
            .into_iter()
            .map(|(id, _)| id.to_string()),
    );
    let mut index: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for cand in all {
        let key = match parent_of(design, &cand) {
            Some(Container::Vpc(v)) | Some(Container::Subnet(v)) => v,
            Some(Container::Zone { vpc, zone }) => zone_key(&vpc, &zone),
            _ => continue,
        };
        index.entry(key).or_default().push(cand);
    }
    index
}

/// Every component drawn inside `id`, transitively (children follow their container).
pub fn descendants(design: &Design, id: &str) -> Vec<String> {
    descendants_in(&children_index(design), id)
}

fn descendants_in(index: &BTreeMap<String, Vec<String>>, id: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut frontier = vec![id.to_string()];
    while let Some(cur) = frontier.pop() {
        for child in index.get(&cur).into_iter().flatten() {
            if child != id && out.insert(child.clone()) {
                frontier.push(child.clone());
            }
        }
    }
    out.into_iter().collect()
}

/// Resizes a container's box, never smaller than what it holds (children keep their places),
/// then grows its own ancestors if needed. Icons keep their size.
pub fn resize(design: &mut Design, id: &str, w: f64, h: f64) -> Result<(), Refusal> {
    if annotation::is_annotation(design, id) {
        return annotation::resize(design, id, w, h).map_err(Refusal::Annotation);
    }
    let Some(mut r) = design.layout.get(id).copied() else {
        return Err(Refusal::UnknownComponent(id.to_string()));
    };
    let is_container = design.network.vpc(id).is_some()
        || design.network.subnet(id).is_some()
        || parse_zone_key(id).is_some();
    if !is_container {
        return Ok(());
    }
    let index = children_index(design);
    let (mut min_w, mut min_h) = (120.0_f64, 80.0_f64);
    for c in index.get(id).into_iter().flatten() {
        if design.network.internet_gateways.iter().any(|g| &g.id == c) {
            continue;
        }
        if let Some(cr) = design.layout.get(c) {
            min_w = min_w.max(cr.x + cr.w + 20.0 - r.x);
            min_h = min_h.max(cr.y + cr.h + if cr.w <= 100.0 { 50.0 } else { 20.0 } - r.y);
        }
    }
    r.w = w.max(min_w);
    r.h = h.max(min_h);
    design.layout.insert(id.to_string(), r);
    settle_ancestors(design, id);
    Ok(())
}

/// Copies a component into the same container: an instance, NAT gateway or database gets a
/// fresh id and the next free address; a subnet the next free /24 and the same route table and
/// network ACL (without its contents); a note, box or arrow its copy beside it
/// ([`annotation::duplicate`]). Returns the new id.
pub fn duplicate(design: &mut Design, id: &str) -> Result<String, Refusal> {
    if annotation::is_annotation(design, id) {
        return annotation::duplicate(design, id).map_err(Refusal::Annotation);
    }
    let net = &design.network;
    let offset = |r: Rect| Rect {
        x: r.x + 30.0,
        y: r.y + 30.0,
        ..r
    };
    let rect = design.layout.get(id).copied().map(offset).unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 64.0,
        h: 64.0,
    });
    let new_id = if let Some(i) = net.instance(id).cloned() {
        let ip = next_free_ip(net, &i.subnet_id).ok_or(Refusal::SubnetFull {
            subnet: i.subnet_id.clone(),
        })?;
        let new_id = fresh_id(net, "i");
        let name = numbered_name(
            net.instances.iter().map(|x| x.name.clone()),
            if i.name.is_empty() {
                "instance"
            } else {
                &i.name
            },
        );
        let public_ip = i.public_ip.as_ref().map(|_| fresh_public_ip(net));
        design.network.instances.push(Instance {
            id: new_id.clone(),
            name,
            private_ip: ip,
            public_ip,
            eni_id: None,
            ..i
        });
        new_id
    } else if let Some(s) = net.subnet(id).cloned() {
        let cidr = next_free_subnet(net, &s.vpc_id, 24).ok_or(Refusal::VpcFull {
            vpc: s.vpc_id.clone(),
        })?;
        let new_id = fresh_id(net, "subnet");
        let name = numbered_name(
            net.subnets.iter().map(|x| x.name.clone()),
            if s.name.is_empty() { "subnet" } else { &s.name },
        );
        if let Some(t) = net
            .route_tables
            .iter()
            .position(|t| t.associations.contains(&s.id))
        {
            design.network.route_tables[t]
                .associations
                .push(new_id.clone());
        }
        if let Some(n) = design
            .network
            .network_acls
            .iter()
            .position(|n| n.associations.contains(&s.id))
        {
            design.network.network_acls[n]
                .associations
                .push(new_id.clone());
        }
        design.network.subnets.push(Subnet {
            id: new_id.clone(),
            name,
            cidr: cidr.to_string(),
            ..s
        });
        new_id
    } else if let Some(n) = net.nat_gateways.iter().find(|n| n.id == id).cloned() {
        let ip = next_free_ip(net, &n.subnet_id).ok_or(Refusal::SubnetFull {
            subnet: n.subnet_id.clone(),
        })?;
        let new_id = fresh_id(net, "nat");
        let public_ip = Some(fresh_public_ip(net));
        let allocation_id = Some(fresh_id(net, "eipalloc"));
        design.network.nat_gateways.push(NatGateway {
            id: new_id.clone(),
            private_ip: Some(ip),
            public_ip,
            allocation_id,
            ..n
        });
        new_id
    } else if let Some(d) = net.databases.iter().find(|d| d.id == id).cloned() {
        let subnet = d.subnet_group.first().cloned().unwrap_or_default();
        let ip = next_free_ip(net, &subnet);
        let new_id = fresh_id(net, "db");
        let name = numbered_name(
            net.databases.iter().map(|x| x.name.clone()),
            if d.name.is_empty() { "db" } else { &d.name },
        );
        design.network.databases.push(Database {
            id: new_id.clone(),
            name,
            private_ip: ip,
            ..d
        });
        new_id
    } else {
        return Err(Refusal::CannotCopy(id.to_string()));
    };
    design.layout.insert(new_id.clone(), rect);
    settle(design, &new_id);
    Ok(new_id)
}

/// Moves components and everything inside them by (dx, dy) on the canvas, and the
/// annotations among `ids` ([`annotation::move_by`]).
pub fn move_by(design: &mut Design, ids: &[String], dx: f64, dy: f64) {
    annotation::move_by(design, ids, dx, dy);
    let index = children_index(design);
    let mut moving: BTreeSet<String> = BTreeSet::new();
    for id in ids {
        moving.insert(id.clone());
        moving.extend(descendants_in(&index, id));
    }
    for id in moving {
        if let Some(r) = design.layout.get_mut(&id) {
            r.x += dx;
            r.y += dy;
        }
    }
}

/// Removes a component and what cannot exist without it (a VPC's subnets, tables, groups
/// and gateways; a subnet's instances). Routes that pointed at a removed gateway or
/// instance stay, as `blackhole`, exactly as AWS leaves them (R9). Arrows that ended on a
/// removed component (or annotation) keep that end as a free point where it was. Returns
/// removed ids.
pub fn remove(design: &mut Design, id: &str) -> Result<Vec<String>, Refusal> {
    if annotation::is_annotation(design, id) {
        annotation::remove(design, id).map_err(Refusal::Annotation)?;
        return Ok(vec![id.to_string()]);
    }
    // Only a design with arrows needs to know where the removed things were.
    let before = (!design.annotations.is_empty()).then(|| design.clone());
    if let Some(gone) = super::transit_edit::remove(design, id) {
        if let Some(before) = before {
            annotation::detach_missing(&before, design);
        }
        return Ok(gone);
    }
    let exists = design.layout.contains_key(id)
        || design.network.component_ids().iter().any(|(c, _)| *c == id);
    if !exists {
        return Err(Refusal::UnknownComponent(id.to_string()));
    }
    let mut doomed = descendants(design, id);
    doomed.push(id.to_string());
    let net = &mut design.network;
    if let Some(vpc) = net.vpc(id).map(|v| v.id.clone()) {
        doomed.extend(
            net.route_tables
                .iter()
                .filter(|t| t.vpc_id == vpc)
                .map(|t| t.id.clone()),
        );
        doomed.extend(
            net.security_groups
                .iter()
                .filter(|g| g.vpc_id == vpc)
                .map(|g| g.id.clone()),
        );
        doomed.extend(
            net.network_acls
                .iter()
                .filter(|n| n.vpc_id == vpc)
                .map(|n| n.id.clone()),
        );
        doomed.extend(
            net.vpc_endpoints
                .iter()
                .filter(|e| e.vpc_id == vpc)
                .map(|e| e.id.clone()),
        );
        doomed.extend(
            net.target_groups
                .iter()
                .filter(|t| t.vpc_id == vpc)
                .map(|t| t.id.clone()),
        );
        doomed.extend(
            net.peering_connections
                .iter()
                .filter(|p| p.requester_vpc == vpc || p.accepter_vpc == vpc)
                .map(|p| p.id.clone()),
        );
    }
    // A zone box takes its subnets with it.
    if let Some((vpc, zone)) = parse_zone_key(id) {
        doomed.extend(
            net.subnets
                .iter()
                .filter(|s| s.vpc_id == vpc && s.availability_zone == zone)
                .map(|s| s.id.clone()),
        );
        let subnets: Vec<String> = doomed.clone();
        for s in subnets {
            doomed.extend(descendants(design, &s));
        }
    }
    let mut doomed: BTreeSet<String> = doomed.into_iter().collect();
    super::transit_edit::forget(design, &mut doomed);
    let gone = |x: &String| doomed.contains(x);
    let net = &mut design.network;
    net.vpcs.retain(|x| !gone(&x.id));
    net.subnets.retain(|x| !gone(&x.id));
    net.route_tables.retain(|x| !gone(&x.id));
    net.internet_gateways.retain(|x| !gone(&x.id));
    net.nat_gateways.retain(|x| !gone(&x.id));
    net.peering_connections.retain(|x| !gone(&x.id));
    net.vpc_endpoints.retain(|x| !gone(&x.id));
    net.security_groups.retain(|x| !gone(&x.id));
    net.network_acls.retain(|x| !gone(&x.id));
    net.instances.retain(|x| !gone(&x.id));
    net.target_groups.retain(|x| !gone(&x.id));
    net.databases.retain(|x| !gone(&x.id));
    net.aws_services.retain(|x| !gone(&x.id));
    for svc in &mut net.aws_services {
        svc.subnet_ids.retain(|s| !gone(s));
        svc.security_groups.retain(|g| !gone(g));
    }
    for lb in &mut net.load_balancers {
        lb.subnets.retain(|s| !gone(s));
    }
    net.load_balancers
        .retain(|x| !gone(&x.id) && !x.subnets.is_empty());
    for db in &mut net.databases {
        db.subnet_group.retain(|s| !gone(s));
    }
    for t in &mut net.route_tables {
        t.associations.retain(|s| !gone(s));
        for r in &mut t.routes {
            if r.target.kind != TargetKind::Local && gone(&r.target.id) {
                r.state = RouteState::Blackhole;
            }
        }
    }
    for n in &mut net.network_acls {
        n.associations.retain(|s| !gone(s));
    }
    for i in &mut net.instances {
        i.security_groups.retain(|g| !gone(g));
    }
    for tg in &mut net.target_groups {
        tg.targets.retain(|t| !gone(&t.id));
    }
    design.layout.retain(|k, _| !gone(k));
    if let Some(before) = before {
        annotation::detach_missing(&before, design);
    }
    Ok(doomed.into_iter().collect())
}

/// Gives every component without a rectangle one: VPCs stacked top to bottom, one column
/// per availability zone, subnets in rows (public first), icons in a grid inside each
/// subnet, the internet gateway on the VPC's top edge. Existing rectangles are kept.
pub fn auto_layout(design: &mut Design) {
    const ICON: f64 = 64.0;
    const CELL_W: f64 = 120.0;
    const CELL_H: f64 = 120.0;
    const SUBNET_W: f64 = 380.0;
    const PAD: f64 = 40.0;
    let net = design.network.clone();
    let mut y: f64 = 80.0;
    for vpc in &net.vpcs {
        if design.layout.contains_key(&vpc.id) {
            let r = design.layout[&vpc.id];
            y = y.max(r.y + r.h + 100.0);
            continue;
        }
        let subnets: Vec<&Subnet> = net.subnets.iter().filter(|s| s.vpc_id == vpc.id).collect();
        let zones: Vec<String> = subnets
            .iter()
            .map(|s| s.availability_zone.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut members: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for i in &net.instances {
            members
                .entry(i.subnet_id.as_str())
                .or_default()
                .push(i.id.clone());
        }
        for n in &net.nat_gateways {
            members
                .entry(n.subnet_id.as_str())
                .or_default()
                .push(n.id.clone());
        }
        for d in &net.databases {
            if let Some(s) = d.subnet_group.first() {
                members.entry(s.as_str()).or_default().push(d.id.clone());
            }
        }
        for l in &net.load_balancers {
            if let Some(s) = l.subnets.first() {
                members.entry(s.as_str()).or_default().push(l.id.clone());
            }
        }
        for c in &net.aws_services {
            if let Some(s) = c.subnet_ids.first() {
                members.entry(s.as_str()).or_default().push(c.id.clone());
            }
        }
        for e in &net.vpc_endpoints {
            if let Some(n) = e
                .interface
                .as_ref()
                .and_then(|i| i.network_interfaces.first())
            {
                members
                    .entry(n.subnet_id.as_str())
                    .or_default()
                    .push(e.id.clone());
            }
        }
        let per_row = 3usize;
        let subnet_h = |s: &Subnet| {
            let n = members.get(s.id.as_str()).map_or(0, |m| m.len()).max(1);
            80.0 + (n.div_ceil(per_row)) as f64 * CELL_H
        };
        let x0 = 80.0;
        let mut zone_bottom: f64 = 0.0;
        for (col, zone) in zones.iter().enumerate() {
            let zx = x0 + PAD + col as f64 * (SUBNET_W + 2.0 * PAD);
            let zy = y + 70.0;
            let mut sy = zy + 50.0;
            let mut in_zone: Vec<&&Subnet> = subnets
                .iter()
                .filter(|s| &s.availability_zone == zone)
                .collect();
            in_zone.sort_by_key(|s| {
                (
                    !is_public(&net, &s.id),
                    Cidr::parse(&s.cidr)
                        .map(|c| c.network_u32())
                        .unwrap_or(u32::MAX),
                    s.id.clone(),
                )
            });
            for s in in_zone {
                let h = subnet_h(s);
                design.layout.entry(s.id.clone()).or_insert(Rect {
                    x: zx + 20.0,
                    y: sy,
                    w: SUBNET_W - 40.0,
                    h,
                });
                let sr = design.layout[&s.id];
                for (k, m) in members.get(s.id.as_str()).into_iter().flatten().enumerate() {
                    let cx = sr.x + 28.0 + (k % per_row) as f64 * CELL_W;
                    let cy = sr.y + 56.0 + (k / per_row) as f64 * CELL_H;
                    design.layout.entry(m.clone()).or_insert(Rect {
                        x: cx,
                        y: cy,
                        w: ICON,
                        h: ICON,
                    });
                }
                sy += h + 30.0;
            }
            let zh = sy - zy;
            design
                .layout
                .entry(zone_key(&vpc.id, zone))
                .or_insert(Rect {
                    x: zx,
                    y: zy,
                    w: SUBNET_W,
                    h: zh,
                });
            zone_bottom = zone_bottom.max(zy + zh);
        }
        let w = (zones.len().max(1) as f64) * (SUBNET_W + 2.0 * PAD) + PAD;
        let h = (zone_bottom - y).max(200.0) + PAD;
        design
            .layout
            .insert(vpc.id.clone(), Rect { x: x0, y, w, h });
        for g in net
            .internet_gateways
            .iter()
            .filter(|g| g.attached_vpc.as_deref() == Some(vpc.id.as_str()))
        {
            design.layout.entry(g.id.clone()).or_insert(Rect {
                x: x0 + w / 2.0 - ICON / 2.0,
                y: y - ICON / 2.0,
                w: ICON,
                h: ICON,
            });
        }
        y += h + 120.0;
    }
    super::transit_edit::layout_endpoints(design);
    super::transit_edit::layout(design);
    place_services(design);
}

/// Gives every AWS service outside the VPCs that has no rectangle one, in a column to the
/// right of all the VPCs (the Region around them, W1), each below the last free slot.
fn place_services(design: &mut Design) {
    const ICON: f64 = 64.0;
    let right = design
        .network
        .vpcs
        .iter()
        .filter_map(|v| design.layout.get(&v.id))
        .map(|r| r.x + r.w)
        .fold(0.0, f64::max);
    let x = right + 80.0;
    let mut y = 80.0;
    let missing: Vec<String> = design
        .network
        .aws_services
        .iter()
        .filter(|s| s.subnet_ids.is_empty() && !design.layout.contains_key(&s.id))
        .map(|s| s.id.clone())
        .collect();
    for id in missing {
        let mut rect = Rect {
            x,
            y,
            w: ICON,
            h: ICON,
        };
        for _ in 0..256 {
            if !design.layout.values().any(|r| overlaps(&rect, r)) {
                break;
            }
            rect.y += ICON + 40.0;
        }
        y = rect.y + ICON + 40.0;
        design.layout.insert(id, rect);
    }
}

/// File › Tidy layout: lays the whole design out again (as [`auto_layout`] does), then puts
/// the VPCs side by side in rows, wrapping so that the whole drawing best fits a screen of
/// `screen_w` × `screen_h` (any unit: only the ratio matters), never one tall column when
/// the screen is wider than that. Each VPC keeps its own inside layout; rows keep the VPCs'
/// order.
pub fn tidy_layout(design: &mut Design, screen_w: f64, screen_h: f64) {
    const GAP: f64 = 120.0;
    const ORIGIN: f64 = 80.0;
    design.layout.clear();
    auto_layout(design);
    let vpcs: Vec<(String, Rect)> = design
        .network
        .vpcs
        .iter()
        .filter_map(|v| design.layout.get(&v.id).map(|r| (v.id.clone(), *r)))
        .collect();
    if vpcs.len() < 2 || !(screen_w > 0.0 && screen_h > 0.0) {
        return;
    }
    // What stands outside the VPCs is placed again once they moved.
    for k in super::transit_edit::outside_keys(design) {
        design.layout.remove(&k);
    }
    // Every rectangle belongs to the VPC whose horizontal band holds its centre: auto_layout
    // stacks the VPCs GAP apart, and only the internet gateway pokes out, by half its height.
    let owner = |r: &Rect| {
        let cy = r.y + r.h / 2.0;
        vpcs.iter()
            .position(|(_, v)| cy >= v.y - GAP / 2.0 && cy <= v.y + v.h + GAP / 2.0)
    };
    // Rows of `per_row` VPCs: pick the count whose bounding box fits the screen at the
    // largest zoom (ties: fewer per row).
    let rows_of = |per_row: usize| -> Vec<&[(String, Rect)]> { vpcs.chunks(per_row).collect() };
    let extent = |rows: &[&[(String, Rect)]]| {
        let w = rows
            .iter()
            .map(|row| row.iter().map(|(_, r)| r.w).sum::<f64>() + GAP * (row.len() - 1) as f64)
            .fold(0.0, f64::max);
        let h = rows
            .iter()
            .map(|row| row.iter().map(|(_, r)| r.h).fold(0.0, f64::max))
            .sum::<f64>()
            + GAP * (rows.len() - 1) as f64;
        (w, h)
    };
    let zoom = |per_row: usize| {
        let (w, h) = extent(&rows_of(per_row));
        (screen_w / w).min(screen_h / h)
    };
    let mut best = 1;
    for per_row in 2..=vpcs.len() {
        if zoom(per_row) > zoom(best) * 1.000_001 {
            best = per_row;
        }
    }
    // Where each VPC goes: (dx, dy) from where auto_layout put it.
    let mut shift = vec![(0.0, 0.0); vpcs.len()];
    let mut y = ORIGIN;
    for (r_i, row) in rows_of(best).iter().enumerate() {
        let mut x = ORIGIN;
        for (c_i, (_, r)) in row.iter().enumerate() {
            shift[r_i * best + c_i] = (x - r.x, y - r.y);
            x += r.w + GAP;
        }
        y += row.iter().map(|(_, r)| r.h).fold(0.0, f64::max) + GAP;
    }
    let services: BTreeSet<&str> = design
        .network
        .aws_services
        .iter()
        .filter(|s| s.subnet_ids.is_empty())
        .map(|s| s.id.as_str())
        .collect();
    design.layout.retain(|k, _| !services.contains(k.as_str()));
    for r in design.layout.values_mut() {
        if let Some(i) = owner(r) {
            r.x += shift[i].0;
            r.y += shift[i].1;
        }
    }
    super::transit_edit::layout(design);
    // The services' column goes beside the VPCs where they now are.
    place_services(design);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::lint::lint_design;
    use crate::network::samples::sample_design;

    fn rect() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: 64.0,
            h: 64.0,
        }
    }

    #[test]
    fn the_hierarchy_is_enforced_with_a_reason() {
        let d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let subnet = d.network.subnets[0].id.clone();
        let cases: Vec<(&str, ComponentKind, Container, Option<&str>)> = vec![
            (
                "a VPC goes on the canvas",
                ComponentKind::Vpc,
                Container::Canvas,
                None,
            ),
            (
                "a VPC cannot nest in a VPC",
                ComponentKind::Vpc,
                Container::Vpc(vpc.clone()),
                Some("A VPC cannot live inside a VPC: drop it on an empty part of the canvas."),
            ),
            (
                "a subnet goes in a VPC",
                ComponentKind::Subnet,
                Container::Vpc(vpc.clone()),
                None,
            ),
            (
                "a subnet cannot float on the canvas",
                ComponentKind::Subnet,
                Container::Canvas,
                Some("A subnet must be placed inside an availability zone or a VPC."),
            ),
            (
                "an instance goes in a subnet (V4: one ENI, one subnet)",
                ComponentKind::Instance,
                Container::Subnet(subnet.clone()),
                None,
            ),
            (
                "an instance cannot sit directly in a VPC",
                ComponentKind::Instance,
                Container::Vpc(vpc.clone()),
                Some("An EC2 instance cannot live inside a VPC: drop it on a subnet."),
            ),
            (
                "a second IGW is refused",
                ComponentKind::InternetGateway,
                Container::Vpc(vpc.clone()),
                Some("already has internet gateway"),
            ),
        ];
        for (name, what, inside, refusal) in cases {
            let mut design = d.clone();
            let result = add(&mut design, what, &inside, rect());
            match refusal {
                None => assert!(result.is_ok(), "{name}: {result:?}"),
                Some(text) => {
                    let err = result.expect_err(name).to_string();
                    assert!(err.contains(text), "{name}: {err}");
                    assert_eq!(design, d, "{name}: a refused edit changes nothing");
                }
            }
        }
    }

    #[test]
    fn a_new_subnet_takes_the_next_free_24_and_a_new_instance_the_next_free_address() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let taken: Vec<String> = d.network.subnets.iter().map(|s| s.cidr.clone()).collect();
        let id = add(&mut d, ComponentKind::Subnet, &Container::Vpc(vpc), rect()).unwrap();
        let cidr = d.network.subnet(&id).unwrap().cidr.clone();
        assert!(!taken.contains(&cidr));
        assert_eq!(
            cidr, "10.0.0.0/24",
            "the first /24 of 10.0.0.0/16 is free in the sample"
        );
        let i = add(
            &mut d,
            ComponentKind::Instance,
            &Container::Subnet(id.clone()),
            rect(),
        )
        .unwrap();
        assert_eq!(
            d.network.instance(&i).unwrap().private_ip,
            "10.0.0.4",
            "V3: .0-.3 are reserved"
        );
        let j = add(
            &mut d,
            ComponentKind::Instance,
            &Container::Subnet(id),
            rect(),
        )
        .unwrap();
        assert_eq!(d.network.instance(&j).unwrap().private_ip, "10.0.0.5");
    }

    #[test]
    fn a_new_vpc_comes_with_what_aws_creates_and_lints_clean() {
        let mut d = Design::new(
            "blank",
            Network {
                region: "ap-northeast-2".into(),
                ..Network::default()
            },
        );
        let vpc = add(&mut d, ComponentKind::Vpc, &Container::Canvas, rect()).unwrap();
        assert_eq!(
            d.network
                .route_tables
                .iter()
                .filter(|t| t.vpc_id == vpc && t.main)
                .count(),
            1,
            "R3: a main route table"
        );
        assert_eq!(
            d.network
                .network_acls
                .iter()
                .filter(|n| n.vpc_id == vpc && n.is_default)
                .count(),
            1,
            "A4: a default NACL"
        );
        assert_eq!(
            d.network
                .security_groups
                .iter()
                .filter(|g| g.vpc_id == vpc && g.name == "default")
                .count(),
            1,
            "S6"
        );
        let errors: Vec<_> = lint_design(&d)
            .into_iter()
            .filter(|l| l.severity == crate::network::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn removing_a_nat_gateway_leaves_its_routes_as_blackholes() {
        let mut d = sample_design();
        let subnet = d.network.subnets[0].id.clone();
        let nat = add(
            &mut d,
            ComponentKind::NatGateway,
            &Container::Subnet(subnet),
            rect(),
        )
        .unwrap();
        let table = d.network.route_tables[0].id.clone();
        d.network.route_tables[0].routes.push(Route {
            destination: RouteDestination::Cidr("192.0.2.0/24".into()),
            target: RouteTarget {
                kind: TargetKind::Nat,
                id: nat.clone(),
            },
            state: RouteState::Active,
        });
        remove(&mut d, &nat).unwrap();
        let t = d.network.route_table(&table).unwrap();
        let r = t
            .routes
            .iter()
            .find(|r| r.target.id == nat)
            .expect("R9: the route stays");
        assert_eq!(r.state, RouteState::Blackhole);
    }

    #[test]
    fn removing_a_vpc_removes_everything_inside_it() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        remove(&mut d, &vpc).unwrap();
        assert!(
            d.network.vpcs.is_empty()
                && d.network.subnets.is_empty()
                && d.network.instances.is_empty()
        );
        assert!(d.network.route_tables.is_empty() && d.network.security_groups.is_empty());
        assert!(
            d.layout.keys().all(|k| k.starts_with("igw")),
            "only the detached IGW may keep a rectangle: {:?}",
            d.layout.keys()
        );
    }

    #[test]
    fn moving_a_vpc_moves_its_children() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let inst = d.network.instances[0].id.clone();
        let before = d.layout[&inst];
        move_by(&mut d, std::slice::from_ref(&vpc), 10.0, -5.0);
        assert_eq!(d.layout[&inst].x, before.x + 10.0);
        assert_eq!(d.layout[&inst].y, before.y - 5.0);
    }

    #[test]
    fn dropping_twice_at_one_spot_stacks_instead_of_overlapping_and_parents_grow() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let zone = "ap-northeast-2a".to_string();
        let az = add(
            &mut d,
            ComponentKind::AvailabilityZone,
            &Container::Vpc(vpc.clone()),
            Rect {
                x: 150.0,
                y: 150.0,
                w: 300.0,
                h: 320.0,
            },
        )
        .unwrap();
        let inside = Container::Zone {
            vpc: vpc.clone(),
            zone,
        };
        let big = Rect {
            x: 170.0,
            y: 220.0,
            w: 260.0,
            h: 180.0,
        };
        let a = add(&mut d, ComponentKind::Subnet, &inside, big).unwrap();
        let b = add(&mut d, ComponentKind::Subnet, &inside, big).unwrap();
        let (ra, rb) = (d.layout[&a], d.layout[&b]);
        assert!(!overlaps(&ra, &rb), "{ra:?} {rb:?}");
        let z = d.layout[&az];
        for r in [ra, rb] {
            assert!(
                r.x >= z.x && r.y >= z.y && r.x + r.w <= z.x + z.w && r.y + r.h <= z.y + z.h,
                "{r:?} inside {z:?}"
            );
        }
        let v = d.layout[&vpc];
        assert!(
            z.x + z.w <= v.x + v.w && z.y + z.h <= v.y + v.h,
            "the VPC grew around the zone"
        );
        let i1 = add(
            &mut d,
            ComponentKind::Instance,
            &Container::Subnet(a.clone()),
            Rect {
                x: ra.x + 50.0,
                y: ra.y + 60.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        let i2 = add(
            &mut d,
            ComponentKind::Instance,
            &Container::Subnet(a),
            Rect {
                x: ra.x + 50.0,
                y: ra.y + 60.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        assert!(!overlaps(&d.layout[&i1], &d.layout[&i2]));
    }

    #[test]
    fn a_container_cannot_shrink_past_its_children() {
        let mut d = sample_design();
        let subnet = d.network.subnets[0].id.clone();
        let inst = d
            .network
            .instances
            .iter()
            .find(|i| i.subnet_id == subnet)
            .unwrap()
            .id
            .clone();
        resize(&mut d, &subnet, 10.0, 10.0).unwrap();
        let (s, i) = (d.layout[&subnet], d.layout[&inst]);
        assert!(
            i.x + i.w <= s.x + s.w && i.y + i.h <= s.y + s.h,
            "{i:?} still inside {s:?}"
        );
        resize(&mut d, &subnet, 900.0, 700.0).unwrap();
        let v = d.layout[&d.network.vpcs[0].id];
        assert!(
            d.layout[&subnet].x + 900.0 <= v.x + v.w,
            "the VPC grew with its subnet"
        );
    }

    #[test]
    fn a_copied_instance_gets_its_own_address_and_a_copied_subnet_its_own_cidr() {
        let mut d = sample_design();
        let inst = d.network.instances[0].clone();
        let copy = duplicate(&mut d, &inst.id).unwrap();
        let c = d.network.instance(&copy).unwrap();
        assert_ne!(c.private_ip, inst.private_ip);
        assert_eq!(
            (c.subnet_id.as_str(), &c.security_groups),
            (inst.subnet_id.as_str(), &inst.security_groups)
        );
        let subnet = d.network.subnets[0].clone();
        let sc = duplicate(&mut d, &subnet.id).unwrap();
        let s2 = d.network.subnet(&sc).unwrap();
        assert_ne!(s2.cidr, subnet.cidr);
        assert_eq!(
            is_public(&d.network, &sc),
            is_public(&d.network, &subnet.id),
            "same routing as the original"
        );
        let vpc = d.network.vpcs[0].id.clone();
        assert!(duplicate(&mut d, &vpc).is_err());
    }

    #[test]
    fn auto_layout_nests_every_component_inside_its_container() {
        let mut d = sample_design();
        d.layout.clear();
        auto_layout(&mut d);
        for (id, _) in d.network.component_ids() {
            let Some(r) = d.layout.get(id) else { continue };
            if let Some(Container::Subnet(s)) | Some(Container::Vpc(s)) = parent_of(&d, id) {
                if d.network.internet_gateways.iter().any(|g| g.id == id) {
                    continue; // drawn on the VPC's edge
                }
                let p = d.layout[&s];
                assert!(
                    r.x >= p.x && r.y >= p.y && r.x + r.w <= p.x + p.w && r.y + r.h <= p.y + p.h,
                    "{id} not inside {s}"
                );
            }
        }
        for s in &d.network.subnets {
            assert!(
                d.layout
                    .contains_key(&zone_key(&s.vpc_id, &s.availability_zone)),
                "AZ column for {}",
                s.id
            );
        }
    }

    #[test]
    fn tidy_layout_puts_vpcs_side_by_side_wrapping_to_the_screen_and_keeps_them_nested() {
        // (VPCs, screen w × h, VPCs in the first row)
        let cases = [
            (4, 1366.0, 768.0, 2),
            (4, 1920.0, 1080.0, 2),
            (6, 1920.0, 600.0, 3),
        ];
        for (spokes, w, h, first_row) in cases {
            let mut d = Design::new("hub", crate::network::samples::hub_and_spoke(spokes - 1));
            tidy_layout(&mut d, w, h);
            let tops: Vec<Rect> = d.network.vpcs.iter().map(|v| d.layout[&v.id]).collect();
            assert_eq!(tops.len(), spokes);
            let in_first = tops.iter().filter(|r| r.y == tops[0].y).count();
            assert_eq!(in_first, first_row, "{spokes} VPCs on {w}×{h}");
            for (i, a) in tops.iter().enumerate() {
                for b in &tops[i + 1..] {
                    let apart = a.x + a.w <= b.x
                        || b.x + b.w <= a.x
                        || a.y + a.h <= b.y
                        || b.y + b.h <= a.y;
                    assert!(apart, "VPC boxes overlap on {w}×{h}: {a:?} {b:?}");
                }
            }
            for s in &d.network.subnets {
                let (r, v) = (d.layout[&s.id], d.layout[&s.vpc_id]);
                assert!(
                    r.x >= v.x && r.y >= v.y && r.x + r.w <= v.x + v.w && r.y + r.h <= v.y + v.h,
                    "{} not inside {}",
                    s.id,
                    s.vpc_id
                );
            }
        }
    }

    #[test]
    fn a_blank_design_gets_a_box_for_every_zone_of_its_region_then_refuses() {
        // Issue #18: the first box's zone stood for the whole region.
        let mut d = Design::new(
            "blank",
            Network {
                region: "ap-northeast-2".into(),
                ..Network::default()
            },
        );
        let vpc = add(&mut d, ComponentKind::Vpc, &Container::Canvas, rect()).unwrap();
        let zones: Vec<String> = (0..4)
            .map(|_| {
                add(
                    &mut d,
                    ComponentKind::AvailabilityZone,
                    &Container::Vpc(vpc.clone()),
                    rect(),
                )
                .unwrap()
            })
            .collect();
        assert_eq!(zones[1], zone_key(&vpc, "ap-northeast-2b"));
        assert_eq!(zones[3], zone_key(&vpc, "ap-northeast-2d"));
        let full = add(
            &mut d,
            ComponentKind::AvailabilityZone,
            &Container::Vpc(vpc.clone()),
            rect(),
        );
        assert_eq!(full, Err(Refusal::NoFreeZone { vpc: vpc.clone() }));
        d.network.region = "nowhere-1".into();
        let e = add(&mut d, ComponentKind::Subnet, &Container::Vpc(vpc), rect()).unwrap_err();
        assert!(
            e.to_string().contains("`nowhere-1` is not an AWS region"),
            "{e}"
        );
    }

    #[test]
    fn aws_services_go_beside_the_vpcs_and_leave_with_their_references() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let refused = add(
            &mut d,
            ComponentKind::AwsService,
            &Container::Vpc(vpc),
            rect(),
        )
        .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "An AWS service cannot live inside a VPC: drop it on an empty part of the canvas."
        );
        let at = Rect {
            x: 1200.0,
            y: 100.0,
            w: 64.0,
            h: 64.0,
        };
        let id = add(&mut d, ComponentKind::AwsService, &Container::Canvas, at).unwrap();
        let svc = d.network.aws_services.iter().find(|s| s.id == id).unwrap();
        assert_eq!((svc.kind.as_str(), svc.name.as_str()), ("s3", "s3-1"));
        assert!(id.starts_with("svc-"), "{id}");
        assert_eq!(parent_of(&d, &id), Some(Container::Canvas));
        assert!(lint_design(&d).iter().all(|f| !f.message.contains(&id)));
        // Without a rectangle (an import), the column right of the VPCs gets one.
        d.layout.remove(&id);
        auto_layout(&mut d);
        let vpc_right = d.layout[&d.network.vpcs[0].id].x + d.layout[&d.network.vpcs[0].id].w;
        assert!(d.layout[&id].x > vpc_right, "{:?}", d.layout[&id]);
        tidy_layout(&mut d, 1600.0, 900.0);
        assert!(d.layout[&id].x > vpc_right);
        let gone = remove(&mut d, &id).unwrap();
        assert_eq!(gone, vec![id.clone()]);
        assert!(d.network.aws_services.is_empty() && !d.layout.contains_key(&id));
    }
}
