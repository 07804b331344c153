//! The model → HCL blocks, one function per resource family, in the order the files list
//! them.
//!
//! **Guarantees**: total (a dangling id becomes the literal id with a warning, never a
//! panic); deterministic (model order, `BTreeMap`s); references point only at resources
//! this module writes, and the rule references that could form a cycle between security
//! groups are written as separate rule resources, so Terraform (and the importer) can
//! always order the configuration.

use super::hcl::{self, Block, Expr};
use super::names::Names;
use super::{ExportWarning, TerraformExport};
use crate::network::cidr::{parse_ip, Cidr};
use crate::network::model::*;
use std::collections::{BTreeMap, BTreeSet};

#[path = "transit.rs"]
mod transit;

/// How the configuration refers to a component: the expression to write and the id the
/// importer will give the component.
#[derive(Clone, Debug)]
struct Ref {
    import_id: String,
    expr: String,
}

struct W<'n> {
    net: &'n Network,
    names: Names,
    refs: BTreeMap<String, Ref>,
    /// Component id → (resource type, name).
    res: BTreeMap<String, (&'static str, String)>,
    warnings: Vec<ExportWarning>,
    variables: Vec<Block>,
    subnet_cidrs: Vec<(String, Expr)>,
    network: Vec<Block>,
    security: Vec<Block>,
    compute: Vec<Block>,
    outputs: Vec<Block>,
    /// NAT gateways left out (deleted, failed): their routes keep the literal id.
    skipped_nats: BTreeSet<String>,
    /// Instance id → the `aws_eip` that gives it its Elastic IP.
    instance_eips: BTreeMap<String, String>,
}

/// A component's name worth writing: empty when it only repeats the id.
fn shown<'a>(name: &'a str, id: &str) -> &'a str {
    if name == id {
        ""
    } else {
        name
    }
}

fn tags(name: &str, extra: &[(&str, String)]) -> Option<Expr> {
    let mut entries = Vec::new();
    if !name.is_empty() {
        entries.push(("Name".to_string(), Expr::str(name)));
    }
    for (k, v) in extra {
        entries.push((k.to_string(), Expr::str(v.clone())));
    }
    (!entries.is_empty()).then_some(Expr::Map(entries))
}

fn role_tag(role: InstanceRole) -> Option<&'static str> {
    match role {
        InstanceRole::Plain => None,
        InstanceRole::Bastion => Some("bastion"),
        InstanceRole::Web => Some("web"),
        InstanceRole::App => Some("app"),
        InstanceRole::NatInstance => Some("nat-instance"),
        InstanceRole::KubernetesNode => Some("kubernetes-node"),
        InstanceRole::KubernetesControlPlane => Some("kubernetes-control-plane"),
    }
}

impl<'n> W<'n> {
    fn warn(&mut self, component: &str, message: String) {
        self.warnings.push(ExportWarning {
            component: component.to_string(),
            message,
        });
    }

    /// Plans a resource: allocates its name, records how to reference it.
    fn plan(&mut self, id: &str, ty: &'static str, name: &str, fallback: &str, attr: &str) {
        let n = self.names.alloc(ty, &[name, id], fallback);
        let address = format!("{ty}.{n}");
        self.refs.insert(
            id.to_string(),
            Ref {
                import_id: address.clone(),
                expr: format!("{address}.{attr}"),
            },
        );
        self.res.insert(id.to_string(), (ty, n));
    }

    fn name_of(&self, id: &str) -> String {
        self.res.get(id).map(|(_, n)| n.clone()).unwrap_or_default()
    }

    /// A reference to a component, or its literal id (with a warning) when the design does
    /// not hold it.
    fn reference(&mut self, from: &str, id: &str) -> Expr {
        match self.refs.get(id) {
            Some(r) => Expr::Ref(r.expr.clone()),
            None => {
                self.warn(
                    from,
                    format!(
                        "refers to {id}, which is not in the design: written as the literal id"
                    ),
                );
                Expr::str(id)
            }
        }
    }

    fn references(&mut self, from: &str, ids: &[String]) -> Expr {
        Expr::List(ids.iter().map(|i| self.reference(from, i)).collect())
    }

    /// A CIDR as a person writes it: a VPC's or a subnet's own block by reference.
    fn cidr(&self, cidr: &str) -> Expr {
        if let Some(v) = self
            .net
            .vpcs
            .iter()
            .find(|v| v.cidr_blocks.first().map(String::as_str) == Some(cidr))
        {
            if let Some(r) = self.refs.get(&v.id) {
                return Expr::Ref(format!("{}.cidr_block", r.import_id));
            }
        }
        if let Some(s) = self
            .net
            .subnets
            .iter()
            .find(|s| s.cidr == cidr && !cidr.is_empty())
        {
            if let Some(r) = self.refs.get(&s.id) {
                return Expr::Ref(format!("{}.cidr_block", r.import_id));
            }
        }
        Expr::str(cidr)
    }

    fn resource(&self, id: &str) -> Block {
        let (ty, name) = self.res.get(id).cloned().unwrap_or(("", String::new()));
        Block::new("resource", &[ty, &name])
    }
}

/// The network without components whose id an earlier component already has (a
/// half-edited design can hold two): references could not tell them apart.
fn distinct(net: &Network) -> (Network, Vec<ExportWarning>) {
    let mut seen = BTreeSet::new();
    let mut warnings = Vec::new();
    let mut keep = |id: &str, kind: &str| {
        let first = seen.insert(id.to_string());
        if !first {
            warnings.push(ExportWarning {
                component: id.to_string(),
                message: format!(
                    "a second component ({kind}) has the id {id}: only the first is exported"
                ),
            });
        }
        first
    };
    let mut n = net.clone();
    n.vpcs.retain(|x| keep(&x.id, "VPC"));
    n.subnets.retain(|x| keep(&x.id, "subnet"));
    n.route_tables.retain(|x| keep(&x.id, "route table"));
    n.internet_gateways
        .retain(|x| keep(&x.id, "internet gateway"));
    n.nat_gateways.retain(|x| keep(&x.id, "NAT gateway"));
    n.peering_connections
        .retain(|x| keep(&x.id, "peering connection"));
    n.vpc_endpoints.retain(|x| keep(&x.id, "VPC endpoint"));
    n.security_groups.retain(|x| keep(&x.id, "security group"));
    n.network_acls.retain(|x| keep(&x.id, "network ACL"));
    n.instances.retain(|x| keep(&x.id, "instance"));
    n.target_groups.retain(|x| keep(&x.id, "target group"));
    n.load_balancers.retain(|x| keep(&x.id, "load balancer"));
    n.databases.retain(|x| keep(&x.id, "database"));
    (n, warnings)
}

pub(super) fn export(net: &Network) -> TerraformExport {
    let (net, warnings) = distinct(net);
    let net = &net;
    let mut w = W {
        net,
        names: Names::default(),
        refs: BTreeMap::new(),
        res: BTreeMap::new(),
        warnings,
        variables: Vec::new(),
        subnet_cidrs: Vec::new(),
        network: Vec::new(),
        security: Vec::new(),
        compute: Vec::new(),
        outputs: Vec::new(),
        skipped_nats: BTreeSet::new(),
        instance_eips: BTreeMap::new(),
    };
    plan(&mut w);
    transit::plan(&mut w);
    let region = if net.region.is_empty() {
        w.warn(
            "",
            "the design names no region: written as us-east-1".into(),
        );
        "us-east-1".to_string()
    } else {
        net.region.clone()
    };
    w.variables.push(
        Block::new("variable", &["region"])
            .attr(
                "description",
                Expr::str("The AWS region of every resource."),
            )
            .attr("type", Expr::Ref("string".into()))
            .attr("default", Expr::str(region)),
    );
    vpcs(&mut w);
    subnets(&mut w);
    gateways(&mut w);
    route_tables(&mut w);
    security_groups(&mut w);
    nacls(&mut w);
    instances(&mut w);
    load_balancers(&mut w);
    databases(&mut w);
    transit::write(&mut w);
    if !w.subnet_cidrs.is_empty() {
        let entries = std::mem::take(&mut w.subnet_cidrs);
        w.variables.push(
            Block::new("variable", &["subnet_cidrs"])
                .attr(
                    "description",
                    Expr::str("The IPv4 CIDR block of each subnet."),
                )
                .attr("type", Expr::Ref("map(string)".into()))
                .attr("default", Expr::Map(entries)),
        );
    }
    outputs(&mut w);

    let main = vec![
        Block::new("terraform", &[])
            .attr("required_version", Expr::str(">= 1.5"))
            .block(Block::new("required_providers", &[]).attr(
                "aws",
                Expr::Map(vec![
                    ("source".into(), Expr::str("hashicorp/aws")),
                    ("version".into(), Expr::str(">= 5.0")),
                ]),
            )),
        Block::new("provider", &["aws"]).attr("region", Expr::Ref("var.region".into())),
    ];
    let header = "Written by `stratosim export --terraform`.";
    let mut files = vec![("main.tf".to_string(), hcl::file(header, &main))];
    for (name, blocks) in [
        ("variables.tf", &w.variables),
        ("network.tf", &w.network),
        ("security.tf", &w.security),
        ("compute.tf", &w.compute),
        ("outputs.tf", &w.outputs),
    ] {
        if !blocks.is_empty() {
            files.push((name.to_string(), hcl::file(header, blocks)));
        }
    }
    let addresses = w
        .refs
        .iter()
        .map(|(id, r)| (id.clone(), r.import_id.clone()))
        .collect();
    TerraformExport {
        files,
        addresses,
        warnings: w.warnings,
    }
}

// ---- planning: every name before any reference ------------------------------------------

fn plan(w: &mut W) {
    let net = w.net;
    for ty in ["var", "output"] {
        w.names.reserve(ty, "region");
    }
    for v in &net.vpcs {
        w.plan(&v.id, "aws_vpc", &v.name, "vpc", "id");
    }
    for s in &net.subnets {
        w.plan(&s.id, "aws_subnet", &s.name, "subnet", "id");
    }
    for g in &net.internet_gateways {
        w.plan(&g.id, "aws_internet_gateway", &g.name, "igw", "id");
    }
    for g in &net.egress_only_internet_gateways {
        w.plan(
            &g.id,
            "aws_egress_only_internet_gateway",
            &g.name,
            "eigw",
            "id",
        );
    }
    for g in &net.nat_gateways {
        if matches!(
            g.state,
            NatState::Deleted | NatState::Deleting | NatState::Failed
        ) {
            w.skipped_nats.insert(g.id.clone());
            let state = format!("{:?}", g.state).to_lowercase();
            w.warn(
                &g.id,
                format!("a NAT gateway that is {state} is not a resource Terraform can declare: left out, and routes to it name its literal id (a blackhole, as in the design)"),
            );
            continue;
        }
        w.plan(&g.id, "aws_nat_gateway", &g.name, "nat", "id");
    }
    for p in &net.peering_connections {
        w.plan(
            &p.id,
            "aws_vpc_peering_connection",
            &p.name,
            "peering",
            "id",
        );
    }
    for e in &net.vpc_endpoints {
        w.plan(&e.id, "aws_vpc_endpoint", &e.name, "endpoint", "id");
        if let (EndpointType::Gateway, Some(pl)) = (e.endpoint_type, &e.prefix_list_id) {
            let address = w.refs[&e.id].import_id.clone();
            w.refs.entry(pl.clone()).or_insert(Ref {
                import_id: format!("{address}:prefix_list"),
                expr: format!("{address}.prefix_list_id"),
            });
        }
    }
    let mut seen_vpcs = BTreeSet::new();
    for t in &net.route_tables {
        let default = t.main && net.vpc(&t.vpc_id).is_some() && seen_vpcs.insert(t.vpc_id.clone());
        if t.main && !default {
            w.warn(&t.id, format!("{} already has a main route table (or is not in the design): written as an ordinary aws_route_table, not main", t.vpc_id));
        }
        let ty = if default {
            "aws_default_route_table"
        } else {
            "aws_route_table"
        };
        w.plan(&t.id, ty, &t.name, "route_table", "id");
    }
    let mut seen_vpcs = BTreeSet::new();
    for g in &net.security_groups {
        let default = g.name == "default"
            && net.vpc(&g.vpc_id).is_some()
            && seen_vpcs.insert(g.vpc_id.clone());
        let ty = if default {
            "aws_default_security_group"
        } else {
            "aws_security_group"
        };
        w.plan(&g.id, ty, &g.name, "sg", "id");
    }
    let mut seen_vpcs = BTreeSet::new();
    for a in &net.network_acls {
        let default =
            a.is_default && net.vpc(&a.vpc_id).is_some() && seen_vpcs.insert(a.vpc_id.clone());
        if a.is_default && !default {
            w.warn(&a.id, format!("{} already has a default network ACL (or is not in the design): written as an ordinary aws_network_acl", a.vpc_id));
        }
        let ty = if default {
            "aws_default_network_acl"
        } else {
            "aws_network_acl"
        };
        w.plan(&a.id, ty, &a.name, "acl", "id");
    }
    for i in &net.instances {
        w.plan(&i.id, "aws_instance", &i.name, "instance", "id");
        if let Some(eni) = i.eni_id.as_ref().filter(|e| !e.is_empty()) {
            let address = w.refs[&i.id].import_id.clone();
            w.refs.entry(eni.clone()).or_insert(Ref {
                import_id: format!("{address}:eni"),
                expr: format!("{address}.primary_network_interface_id"),
            });
        }
        // Further interfaces (Q5): an aws_network_interface each, attached below.
        for f in &i.network_interfaces {
            let base = format!("{}_eth{}", shown(&i.name, &i.id), f.device_index);
            w.plan(&f.id, "aws_network_interface", &base, "interface", "id");
        }
    }
    for t in &net.target_groups {
        w.plan(&t.id, "aws_lb_target_group", &t.name, "target_group", "arn");
    }
    for l in &net.load_balancers {
        w.plan(&l.id, "aws_lb", &l.name, "lb", "arn");
        if let Some(arn) = l.arn.as_ref().filter(|a| !a.is_empty()) {
            let r = w.refs[&l.id].clone();
            w.refs.entry(arn.clone()).or_insert(r);
        }
    }
    for d in &net.databases {
        w.plan(&d.id, "aws_db_instance", &d.name, "db", "id");
    }
}

// ---- network.tf ------------------------------------------------------------------------

fn vpcs(w: &mut W) {
    let net = w.net;
    let single = net.vpcs.len() == 1;
    for v in &net.vpcs {
        let name = w.name_of(&v.id);
        let mut b = w.resource(&v.id);
        match v.cidr_blocks.first() {
            Some(c) => {
                let var = if single { "vpc_cidr".to_string() } else { format!("{name}_vpc_cidr") };
                let var = w.names.alloc("var", &[&var], "vpc_cidr");
                w.variables.push(
                    Block::new("variable", &[&var])
                        .attr("description", Expr::str(format!("The primary IPv4 CIDR block of the VPC {name}.")))
                        .attr("type", Expr::Ref("string".into()))
                        .attr("default", Expr::str(c.clone())),
                );
                b.push("cidr_block", Expr::Ref(format!("var.{var}")));
            }
            None => w.warn(&v.id, "the VPC has no CIDR block, and Terraform requires one: written without `cidr_block`".into()),
        }
        b.push("enable_dns_support", Expr::Bool(true));
        b.push("enable_dns_hostnames", Expr::Bool(true));
        if let Some(c) = v.ipv6_cidr_blocks.first() {
            // X1: an Amazon-provided block cannot be chosen; the block is kept for the simulator.
            w.warn(&v.id, format!("the IPv6 block {c} is written as `ipv6_cidr_block`; AWS assigns Amazon-provided blocks itself (`assign_generated_ipv6_cidr_block = true`) or takes one from an IPAM pool (`ipv6_ipam_pool_id`), so applying needs one of those"));
            b.push("ipv6_cidr_block", Expr::str(c.clone()));
        }
        let b = b.opt("tags", tags(shown(&v.name, &v.id), &[]));
        w.network.push(b);
        for (k, extra) in v.ipv6_cidr_blocks.iter().enumerate().skip(1) {
            let n = w.names.alloc(
                "aws_vpc_ipv6_cidr_block_association",
                &[&format!("{name}_ipv6_{k}")],
                "ipv6",
            );
            w.network.push(
                Block::new("resource", &["aws_vpc_ipv6_cidr_block_association", &n])
                    .attr("vpc_id", Expr::Ref(format!("aws_vpc.{name}.id")))
                    .attr("ipv6_cidr_block", Expr::str(extra.clone())),
            );
        }
        for (k, extra) in v.cidr_blocks.iter().enumerate().skip(1) {
            let n = w.names.alloc(
                "aws_vpc_ipv4_cidr_block_association",
                &[&format!("{name}_{k}")],
                "cidr",
            );
            w.network.push(
                Block::new("resource", &["aws_vpc_ipv4_cidr_block_association", &n])
                    .attr("vpc_id", Expr::Ref(format!("aws_vpc.{name}.id")))
                    .attr("cidr_block", Expr::str(extra.clone())),
            );
        }
    }
}

fn subnets(w: &mut W) {
    let net = w.net;
    for s in &net.subnets {
        let name = w.name_of(&s.id);
        let vpc = w.reference(&s.id, &s.vpc_id);
        w.subnet_cidrs
            .push((name.clone(), Expr::str(s.cidr.clone())));
        let mut b = w.resource(&s.id).attr("vpc_id", vpc).attr(
            "cidr_block",
            Expr::Ref(format!("var.subnet_cidrs[\"{name}\"]")),
        );
        if s.availability_zone.is_empty() {
            w.warn(&s.id, "the subnet names no availability zone: written without one (AWS picks it; the importer assumes the region's `a` zone)".into());
        } else {
            b.push("availability_zone", Expr::str(s.availability_zone.clone()));
        }
        if s.map_public_ip_on_launch {
            b.push("map_public_ip_on_launch", Expr::Bool(true));
        }
        if let Some(c) = &s.ipv6_cidr {
            b.push("ipv6_cidr_block", Expr::str(c.clone()));
        }
        let b = b.opt("tags", tags(shown(&s.name, &s.id), &[]));
        w.network.push(b);
    }
}

fn gateways(w: &mut W) {
    let net = w.net;
    for g in &net.internet_gateways {
        let mut b = w.resource(&g.id);
        if let Some(v) = &g.attached_vpc {
            let vpc = w.reference(&g.id, v);
            b.push("vpc_id", vpc);
        }
        let b = b.opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
    }
    for g in &net.egress_only_internet_gateways {
        let mut b = w.resource(&g.id);
        match &g.attached_vpc {
            Some(v) => {
                let vpc = w.reference(&g.id, v);
                b.push("vpc_id", vpc);
            }
            None => w.warn(&g.id, "the egress-only internet gateway is attached to no VPC, and Terraform requires `vpc_id`: written without it".into()),
        }
        let b = b.opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
    }
    for g in &net.nat_gateways {
        if w.skipped_nats.contains(&g.id) {
            continue;
        }
        let name = w.name_of(&g.id);
        if g.state == NatState::Pending {
            w.warn(
                &g.id,
                "the NAT gateway is pending in the design; once applied it is available".into(),
            );
        }
        let subnet = w.reference(&g.id, &g.subnet_id);
        let mut b = w.resource(&g.id);
        match g.connectivity {
            NatConnectivity::Private => b.push("connectivity_type", Expr::str("private")),
            NatConnectivity::Public if g.public_ip.is_some() || g.allocation_id.is_some() => {
                let eip = w.names.alloc("aws_eip", &[&format!("{name}_nat"), &name], "nat");
                let eb = Block::new("resource", &["aws_eip", &eip])
                    .attr("domain", Expr::str("vpc"))
                    .opt("tags", tags(shown(&g.name, &g.id), &[]));
                w.network.push(eb);
                b.push("allocation_id", Expr::Ref(format!("aws_eip.{eip}.id")));
                if let Some(ip) = &g.public_ip {
                    w.warn(&g.id, format!("AWS allocates the Elastic IP: the configuration gets one, not {ip}"));
                }
            }
            NatConnectivity::Public => w.warn(&g.id, "a public NAT gateway without an Elastic IP: written without `allocation_id` (terraform apply refuses that)".into()),
        }
        b.push("subnet_id", subnet);
        if let Some(ip) = g.private_ip.as_ref().filter(|ip| !ip.is_empty()) {
            b.push("private_ip", host_expr(w, &g.subnet_id, ip));
        }
        let b = b.opt("tags", tags(shown(&g.name, &g.id), &[]));
        w.network.push(b);
    }
    for p in &net.peering_connections {
        let requester = w.reference(&p.id, &p.requester_vpc);
        let accepter = w.reference(&p.id, &p.accepter_vpc);
        let mut b = w
            .resource(&p.id)
            .attr("vpc_id", requester)
            .attr("peer_vpc_id", accepter);
        match p.status {
            PeeringStatus::Active => b.push("auto_accept", Expr::Bool(true)),
            PeeringStatus::PendingAcceptance => {}
            other => w.warn(&p.id, format!("a peering connection that is {} cannot be declared: written as pending acceptance (no `auto_accept`), which carries no traffic either", format!("{other:?}").to_lowercase())),
        }
        let b = b.opt("tags", tags(shown(&p.name, &p.id), &[]));
        w.network.push(b);
    }
    for e in &net.vpc_endpoints {
        let vpc = w.reference(&e.id, &e.vpc_id);
        let mut b = w
            .resource(&e.id)
            .attr("vpc_id", vpc)
            .attr("service_name", Expr::str(e.service.clone()));
        match e.endpoint_type {
            EndpointType::Gateway => {
                b.push("vpc_endpoint_type", Expr::str("Gateway"));
                let tables = endpoint_tables(net, e);
                if !tables.is_empty() {
                    let list = w.references(&e.id, &tables);
                    b.push("route_table_ids", list);
                }
                let assumed: &[&str] = if e.service.ends_with(".dynamodb") {
                    &["52.94.0.0/22"]
                } else {
                    &["52.216.0.0/15"]
                };
                if let Some(pl) = e.prefix_list_id.as_ref().and_then(|p| net.prefix_list(p)) {
                    if pl
                        .cidrs
                        .iter()
                        .map(String::as_str)
                        .ne(assumed.iter().copied())
                    {
                        w.warn(&e.id, format!("the prefix list of {} is AWS's and is not written: the design's {} become the importer's stand-in {}", e.service, pl.cidrs.join(", "), assumed.join(", ")));
                    }
                }
            }
            EndpointType::Interface => {
                b.push("vpc_endpoint_type", Expr::str("Interface"));
                transit::interface_endpoint(w, e, &mut b);
            }
        }
        let b = b.opt("tags", tags(shown(&e.name, &e.id), &[]));
        w.network.push(b);
    }
}

/// Is this route the one a gateway endpoint adds to its tables (written through the
/// endpoint's `route_table_ids` instead)?
fn endpoint_route(net: &Network, r: &Route) -> bool {
    match (&r.destination, r.target.kind) {
        (RouteDestination::PrefixList(pl), TargetKind::Vpce) => net.vpc_endpoints.iter().any(|e| {
            e.id == r.target.id
                && e.endpoint_type == EndpointType::Gateway
                && e.prefix_list_id.as_deref() == Some(pl.as_str())
        }),
        _ => false,
    }
}

fn route_tables(w: &mut W) {
    let net = w.net;
    let separate = tables_in_cycles(net, &groups_in_cycles(net));
    for t in &net.route_tables {
        let mut routes = Vec::new();
        let (ty, _) = w.res[&t.id];
        let mut b = w.resource(&t.id);
        if ty == "aws_default_route_table" {
            let vpc = w.name_of(&t.vpc_id);
            b.push(
                "default_route_table_id",
                Expr::Ref(format!("aws_vpc.{vpc}.default_route_table_id")),
            );
        } else {
            let vpc = w.reference(&t.id, &t.vpc_id);
            b.push("vpc_id", vpc);
        }
        let vpc_cidrs: Vec<String> = net
            .vpc(&t.vpc_id)
            .map(|v| [v.cidr_blocks.clone(), v.ipv6_cidr_blocks.clone()].concat())
            .unwrap_or_default();
        for r in &t.routes {
            if endpoint_route(net, r) {
                continue;
            }
            if let (TargetKind::Local, RouteDestination::Cidr(c)) = (r.target.kind, &r.destination)
            {
                if vpc_cidrs.contains(c) {
                    continue; // AWS adds it to every table (R4)
                }
            }
            if let Some(rb) = route_block(w, t, r) {
                if separate.contains(&t.id) {
                    routes.push(rb);
                } else {
                    b = b.block(rb);
                }
            }
        }
        let b = b.opt("tags", tags(shown(&t.name, &t.id), &[]));
        w.network.push(b);
        // Separate `aws_route`s, all of them: the provider's docs warn against mixing them
        // with inline routes.
        let table = w.name_of(&t.id);
        let table_ref = w.reference(&t.id, &t.id);
        for (k, rb) in routes.into_iter().enumerate() {
            let n = w
                .names
                .alloc("aws_route", &[&format!("{table}_{}", k + 1)], "route");
            let mut b = Block::new("resource", &["aws_route", &n])
                .attr("route_table_id", table_ref.clone());
            for item in rb.items {
                if let hcl::Item::Attr(key, value) = item {
                    let key = if key == "cidr_block" {
                        "destination_cidr_block".to_string()
                    } else if key == "ipv6_cidr_block" {
                        "destination_ipv6_cidr_block".to_string()
                    } else {
                        key
                    };
                    b.push(&key, value);
                }
            }
            w.network.push(b);
        }
        for s in &t.associations {
            let sname = w.names.alloc(
                "aws_route_table_association",
                &[&w.name_of(s), s],
                "association",
            );
            let subnet = w.reference(&t.id, s);
            let table = w.reference(&t.id, &t.id);
            w.network.push(
                Block::new("resource", &["aws_route_table_association", &sname])
                    .attr("subnet_id", subnet)
                    .attr("route_table_id", table),
            );
        }
    }
}

fn route_block(w: &mut W, t: &RouteTable, r: &Route) -> Option<Block> {
    let mut b = Block::new("route", &[]);
    match &r.destination {
        RouteDestination::Cidr(c) if crate::network::cidr6::looks_ipv6(c) => {
            b.push("ipv6_cidr_block", Expr::str(c.clone()))
        }
        RouteDestination::Cidr(c) => b.push("cidr_block", w.cidr(c)),
        RouteDestination::PrefixList(p) => {
            let e = w.reference(&t.id, p);
            b.push("destination_prefix_list_id", e)
        }
    }
    let id = &r.target.id;
    let known = w.refs.contains_key(id);
    let (attr, value) = match r.target.kind {
        TargetKind::Local => ("gateway_id", Expr::str("local")),
        TargetKind::Igw => ("gateway_id", w.reference(&t.id, id)),
        TargetKind::Nat if w.skipped_nats.contains(id) => ("nat_gateway_id", Expr::str(id.clone())),
        TargetKind::Nat => ("nat_gateway_id", w.reference(&t.id, id)),
        TargetKind::Pcx => ("vpc_peering_connection_id", w.reference(&t.id, id)),
        TargetKind::Vpce => ("vpc_endpoint_id", w.reference(&t.id, id)),
        TargetKind::Eni => ("network_interface_id", w.reference(&t.id, id)),
        TargetKind::Instance => match w.net.instance(id) {
            Some(i) => {
                let name = w.name_of(&i.id);
                (
                    "network_interface_id",
                    Expr::Ref(format!("aws_instance.{name}.primary_network_interface_id")),
                )
            }
            None => ("network_interface_id", w.reference(&t.id, id)),
        },
        TargetKind::Tgw if known => ("transit_gateway_id", w.reference(&t.id, id)),
        TargetKind::Tgw => ("transit_gateway_id", Expr::str(id.clone())),
        TargetKind::Vgw if known => ("gateway_id", w.reference(&t.id, id)),
        TargetKind::Eigw => ("egress_only_gateway_id", w.reference(&t.id, id)),
        TargetKind::Vgw => {
            if !id.starts_with("vgw-") {
                w.warn(&t.id, format!("a route to the virtual private gateway {id} (not simulated) is written with its literal id; the importer recognises VPN gateways by the `vgw-` prefix"));
            }
            ("gateway_id", Expr::str(id.clone()))
        }
        TargetKind::Other => {
            w.warn(&t.id, format!("a route to {id}, a target the simulator does not model, is written as `local_gateway_id`"));
            ("local_gateway_id", Expr::str(id.clone()))
        }
    };
    if r.state == RouteState::Blackhole
        && known
        && crate::network::lint::broken_target(w.net, t, r).is_none()
    {
        w.warn(&t.id, format!("the route to {} is marked blackhole in the design but its target works: Terraform cannot declare a blackhole, so the exported route carries traffic", r.target.id));
    }
    b.push(attr, value);
    Some(b)
}

// ---- security.tf -----------------------------------------------------------------------

/// The nodes of a directed graph that lie on a cycle.
fn in_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for start in edges.keys() {
        // Is `start` reachable from one of its own successors?
        let mut stack: Vec<&String> = edges[start].iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == start {
                out.insert(start.clone());
                break;
            }
            if seen.insert(n) {
                if let Some(next) = edges.get(n) {
                    stack.extend(next.iter());
                }
            }
        }
    }
    out
}

/// Groups whose rules reference each other in a cycle (A → B → A): their rules are written
/// as separate rule resources, or Terraform could not order the groups.
fn groups_in_cycles(net: &Network) -> BTreeSet<String> {
    let edges = net
        .security_groups
        .iter()
        .map(|g| {
            let to = g
                .ingress
                .iter()
                .chain(&g.egress)
                .filter_map(|r| match &r.peer {
                    RulePeer::SecurityGroup(o) if *o != g.id && net.security_group(o).is_some() => {
                        Some(o.clone())
                    }
                    _ => None,
                })
                .collect();
            (g.id.clone(), to)
        })
        .collect();
    in_cycles(&edges)
}

/// The route tables a gateway endpoint is written with: the ones it lists and any table with
/// a route to it (R12).
fn endpoint_tables(net: &Network, e: &VpcEndpoint) -> Vec<String> {
    let mut tables: Vec<String> = e.route_table_ids.clone();
    for t in &net.route_tables {
        let routes_here = t
            .routes
            .iter()
            .any(|r| r.target.kind == TargetKind::Vpce && r.target.id == e.id);
        if routes_here && !tables.contains(&t.id) {
            tables.push(t.id.clone());
        }
    }
    tables
}

/// Route tables on a reference cycle (a table routes to an endpoint, or to an instance whose
/// group names the endpoint's prefix list, and the endpoint lists the table): their routes
/// are written as separate `aws_route` resources.
fn tables_in_cycles(net: &Network, separate_groups: &BTreeSet<String>) -> BTreeSet<String> {
    let endpoint_of_list = |pl: &str| {
        net.vpc_endpoints
            .iter()
            .find(|e| {
                e.endpoint_type == EndpointType::Gateway && e.prefix_list_id.as_deref() == Some(pl)
            })
            .map(|e| format!("ep:{}", e.id))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &net.route_tables {
        let to = edges.entry(format!("rt:{}", t.id)).or_default();
        for r in t.routes.iter().filter(|r| !endpoint_route(net, r)) {
            if let RouteDestination::PrefixList(p) = &r.destination {
                to.extend(endpoint_of_list(p));
            }
            match r.target.kind {
                TargetKind::Vpce => {
                    to.insert(format!("ep:{}", r.target.id));
                }
                TargetKind::Instance => {
                    to.insert(format!("inst:{}", r.target.id));
                }
                TargetKind::Eni => {
                    if let Some(i) = net
                        .instances
                        .iter()
                        .find(|i| i.eni_id.as_deref() == Some(r.target.id.as_str()))
                    {
                        to.insert(format!("inst:{}", i.id));
                    }
                }
                _ => {}
            }
        }
    }
    for e in &net.vpc_endpoints {
        let to = edges.entry(format!("ep:{}", e.id)).or_default();
        to.extend(
            endpoint_tables(net, e)
                .into_iter()
                .map(|t| format!("rt:{t}")),
        );
    }
    for i in &net.instances {
        let to = edges.entry(format!("inst:{}", i.id)).or_default();
        to.extend(i.security_groups.iter().map(|g| format!("sg:{g}")));
    }
    for g in net
        .security_groups
        .iter()
        .filter(|g| !separate_groups.contains(&g.id))
    {
        let to = edges.entry(format!("sg:{}", g.id)).or_default();
        for r in g.ingress.iter().chain(&g.egress) {
            match &r.peer {
                RulePeer::SecurityGroup(o) if *o != g.id => {
                    to.insert(format!("sg:{o}"));
                }
                RulePeer::PrefixList(p) => to.extend(endpoint_of_list(p)),
                _ => {}
            }
        }
    }
    in_cycles(&edges)
        .into_iter()
        .filter_map(|n| n.strip_prefix("rt:").map(String::from))
        .collect()
}

/// `(protocol, from_port, to_port)` as the provider writes them.
fn proto_ports(
    w: &mut W,
    owner: &str,
    protocol: Protocol,
    ports: Option<PortRange>,
    icmp: Option<IcmpMatch>,
) -> (String, i64, i64) {
    match protocol {
        Protocol::All => ("-1".into(), 0, 0),
        Protocol::Tcp | Protocol::Udp => {
            let (f, t) = match ports {
                Some(p) => (i64::from(p.from.min(p.to)), i64::from(p.from.max(p.to))),
                None => (0, 65535),
            };
            if (f, t) == (0, 0) {
                w.warn(owner, format!("a {} rule for port 0 only cannot be written: the provider reads ports 0–0 as every port", protocol.name()));
            }
            (protocol.name(), f, t)
        }
        Protocol::Icmp => {
            let icmp = icmp.unwrap_or_default();
            let ty = icmp.icmp_type.map(i64::from).unwrap_or(-1);
            let code = icmp.code.map(i64::from).unwrap_or(-1);
            if icmp.icmp_type.is_none() && icmp.code.is_some() {
                w.warn(owner, "an ICMP rule with a code but any type cannot be written: written as any type and any code".into());
                return ("icmp".into(), -1, -1);
            }
            ("icmp".into(), ty, code)
        }
        Protocol::Other(n) => (n.to_string(), 0, 0),
    }
}

fn security_groups(w: &mut W) {
    let net = w.net;
    let cyclic = groups_in_cycles(net);
    for g in &net.security_groups {
        let (ty, name) = w.res[&g.id].clone();
        let vpc = w.reference(&g.id, &g.vpc_id);
        let mut b = w.resource(&g.id);
        if ty == "aws_security_group" {
            if !shown(&g.name, &g.id).is_empty() {
                b.push("name", Expr::str(g.name.clone()));
            }
            if !g.description.is_empty() {
                b.push("description", Expr::str(g.description.clone()));
            }
        }
        b.push("vpc_id", vpc);
        let separate = cyclic.contains(&g.id);
        let mut rules = Vec::new();
        for (egress, list) in [(false, &g.ingress), (true, &g.egress)] {
            for (k, rule) in list.iter().enumerate() {
                if separate {
                    rules.push(separate_rule(w, g, &name, egress, k, rule));
                } else {
                    b = b.block(inline_rule(w, g, egress, rule));
                }
            }
        }
        w.security.push(b);
        w.security.extend(rules);
    }
}

/// The description AWS accepts, with a warning when it differs from the design's.
fn rule_description(w: &mut W, group: &str, text: &str) -> Option<Expr> {
    let accepted = super::aws_rule_description(text);
    if accepted != text {
        w.warn(
            group,
            format!("AWS refuses some characters of the rule description {text:?}: written as {accepted:?}"),
        );
    }
    (!accepted.is_empty()).then_some(Expr::Str(accepted))
}

fn inline_rule(w: &mut W, g: &SecurityGroup, egress: bool, rule: &SecurityGroupRule) -> Block {
    let (p, f, t) = proto_ports(w, &g.id, rule.protocol, rule.ports, rule.icmp);
    let mut b = Block::new(if egress { "egress" } else { "ingress" }, &[]);
    if let Some(d) = rule_description(w, &g.id, &rule.description) {
        b.push("description", d);
    }
    b.push("from_port", Expr::Num(f));
    b.push("to_port", Expr::Num(t));
    b.push("protocol", Expr::str(p));
    match &rule.peer {
        RulePeer::Cidr(c) if crate::network::cidr6::looks_ipv6(c) => {
            b.push("ipv6_cidr_blocks", Expr::List(vec![Expr::str(c.clone())]))
        }
        RulePeer::Cidr(c) => b.push("cidr_blocks", Expr::List(vec![w.cidr(c)])),
        RulePeer::SecurityGroup(o) if *o == g.id => b.push("self", Expr::Bool(true)),
        RulePeer::SecurityGroup(o) => {
            let e = w.reference(&g.id, o);
            b.push("security_groups", Expr::List(vec![e]))
        }
        RulePeer::PrefixList(pl) => {
            let e = w.reference(&g.id, pl);
            b.push("prefix_list_ids", Expr::List(vec![e]))
        }
    }
    b
}

fn separate_rule(
    w: &mut W,
    g: &SecurityGroup,
    name: &str,
    egress: bool,
    k: usize,
    rule: &SecurityGroupRule,
) -> Block {
    let ty = if egress {
        "aws_vpc_security_group_egress_rule"
    } else {
        "aws_vpc_security_group_ingress_rule"
    };
    let dir = if egress { "egress" } else { "ingress" };
    let n = w
        .names
        .alloc(ty, &[&format!("{name}_{dir}_{}", k + 1)], "rule");
    let (p, f, t) = proto_ports(w, &g.id, rule.protocol, rule.ports, rule.icmp);
    let own = w.reference(&g.id, &g.id);
    let mut b = Block::new("resource", &[ty, &n]).attr("security_group_id", own);
    if let Some(d) = rule_description(w, &g.id, &rule.description) {
        b.push("description", d);
    }
    b.push("ip_protocol", Expr::str(p.clone()));
    if p != "-1" {
        b.push("from_port", Expr::Num(f));
        b.push("to_port", Expr::Num(t));
    }
    match &rule.peer {
        RulePeer::Cidr(c) if crate::network::cidr6::looks_ipv6(c) => {
            b.push("cidr_ipv6", Expr::str(c.clone()))
        }
        RulePeer::Cidr(c) => b.push("cidr_ipv4", w.cidr(c)),
        RulePeer::SecurityGroup(o) => {
            let e = w.reference(&g.id, o);
            b.push("referenced_security_group_id", e)
        }
        RulePeer::PrefixList(pl) => {
            let e = w.reference(&g.id, pl);
            b.push("prefix_list_id", e)
        }
    }
    b
}

fn nacls(w: &mut W) {
    let net = w.net;
    for a in &net.network_acls {
        let (ty, _) = w.res[&a.id];
        let mut b = w.resource(&a.id);
        if ty == "aws_default_network_acl" {
            let vpc = w.name_of(&a.vpc_id);
            b.push(
                "default_network_acl_id",
                Expr::Ref(format!("aws_vpc.{vpc}.default_network_acl_id")),
            );
        } else {
            let vpc = w.reference(&a.id, &a.vpc_id);
            b.push("vpc_id", vpc);
        }
        if !a.associations.is_empty() {
            let list = w.references(&a.id, &a.associations);
            b.push("subnet_ids", list);
        }
        let mut entries: Vec<&NaclEntry> = a.entries.iter().collect();
        entries.sort_by_key(|e| (e.egress, e.rule_number));
        for e in entries {
            let (p, f, t) = proto_ports(
                w,
                &a.id,
                e.protocol,
                e.ports,
                if e.protocol == Protocol::Icmp {
                    None
                } else {
                    e.icmp
                },
            );
            let mut rb = Block::new(if e.egress { "egress" } else { "ingress" }, &[])
                .attr("rule_no", Expr::Num(i64::from(e.rule_number)))
                .attr(
                    "action",
                    Expr::str(match e.action {
                        RuleAction::Allow => "allow",
                        RuleAction::Deny => "deny",
                    }),
                )
                .attr("protocol", Expr::str(p));
            if crate::network::cidr6::looks_ipv6(&e.cidr) {
                rb.push("ipv6_cidr_block", Expr::str(e.cidr.clone()));
            } else {
                rb.push("cidr_block", w.cidr(&e.cidr));
            }
            if e.protocol == Protocol::Icmp {
                let icmp = e.icmp.unwrap_or_default();
                rb.push("from_port", Expr::Num(0));
                rb.push("to_port", Expr::Num(0));
                rb.push(
                    "icmp_type",
                    Expr::Num(icmp.icmp_type.map(i64::from).unwrap_or(-1)),
                );
                rb.push(
                    "icmp_code",
                    Expr::Num(icmp.code.map(i64::from).unwrap_or(-1)),
                );
            } else {
                rb.push("from_port", Expr::Num(f));
                rb.push("to_port", Expr::Num(t));
            }
            b = b.block(rb);
        }
        let b = b.opt("tags", tags(shown(&a.name, &a.id), &[]));
        w.security.push(b);
    }
}

// ---- compute.tf ------------------------------------------------------------------------

/// `cidrhost(aws_subnet.x.cidr_block, N)` when the address is the subnet's N-th host.
fn host_expr(w: &W, subnet: &str, ip: &str) -> Expr {
    let parsed = parse_ip(ip).filter(|a| a.to_string() == ip);
    let cidr = w.net.subnet(subnet).and_then(|s| Cidr::parse(&s.cidr).ok());
    match (parsed, cidr, w.refs.get(subnet)) {
        (Some(a), Some(c), Some(r)) if c.contains(a) => {
            let n = u32::from(a) - u32::from(c.network());
            Expr::Call(
                "cidrhost",
                vec![
                    Expr::Ref(format!("{}.cidr_block", r.import_id)),
                    Expr::Num(i64::from(n)),
                ],
            )
        }
        _ => Expr::str(ip),
    }
}

fn no_rules_group(w: &mut W, owner: &str, vpc: &str, what: &str) -> Expr {
    let base = format!("{}_no_rules", w.name_of(owner));
    let n = w.names.alloc("aws_security_group", &[&base], "no_rules");
    w.warn(owner, format!("the {what} has no security group, which AWS does not allow (it would get the VPC's default group): written with an empty group aws_security_group.{n}, which allows nothing, as in the design"));
    let vpc = w.reference(owner, vpc);
    w.security.push(
        Block::new("resource", &["aws_security_group", &n])
            .attr(
                "description",
                Expr::str(format!("No rules: the {what} allows no traffic")),
            )
            .attr("vpc_id", vpc),
    );
    Expr::List(vec![Expr::Ref(format!("aws_security_group.{n}.id"))])
}

fn instances(w: &mut W) {
    let net = w.net;
    if !net.instances.is_empty() {
        w.compute.push(
            Block::new("data", &["aws_ami", "base"])
                .attr("most_recent", Expr::Bool(true))
                .attr("owners", Expr::List(vec![Expr::str("amazon")]))
                .block(
                    Block::new("filter", &[])
                        .attr("name", Expr::str("name"))
                        .attr("values", Expr::List(vec![Expr::str("al2023-ami-*-x86_64")])),
                ),
        );
    }
    for i in &net.instances {
        let name = w.name_of(&i.id);
        let subnet = net.subnet(&i.subnet_id);
        let subnet_ref = w.reference(&i.id, &i.subnet_id);
        let itype = if i.instance_type.is_empty() {
            w.warn(
                &i.id,
                "the instance has no instance type, which Terraform requires: written as t3.micro"
                    .into(),
            );
            "t3.micro".to_string()
        } else {
            i.instance_type.clone()
        };
        let mut b = w
            .resource(&i.id)
            .attr("ami", Expr::Ref("data.aws_ami.base.id".into()))
            .attr("instance_type", Expr::str(itype))
            .attr("subnet_id", subnet_ref)
            .attr("private_ip", host_expr(w, &i.subnet_id, &i.private_ip));
        if !i.secondary_private_ips.is_empty() {
            b.push(
                "secondary_private_ips",
                Expr::List(
                    i.secondary_private_ips
                        .iter()
                        .map(|s| Expr::str(s.clone()))
                        .collect(),
                ),
            );
        }
        let groups = if i.security_groups.is_empty() {
            let vpc = subnet.map(|s| s.vpc_id.clone()).unwrap_or_default();
            no_rules_group(w, &i.id, &vpc, "instance")
        } else {
            w.references(&i.id, &i.security_groups)
        };
        b.push("vpc_security_group_ids", groups);
        let maps = subnet.map(|s| s.map_public_ip_on_launch).unwrap_or(false);
        match (&i.public_ip, i.elastic_ip) {
            (Some(ip), false) => {
                if !maps {
                    b.push("associate_public_ip_address", Expr::Bool(true));
                }
                w.warn(&i.id, format!("AWS assigns the public address at launch: the configuration asks for one, not {ip}"));
            }
            (None, _) if maps => b.push("associate_public_ip_address", Expr::Bool(false)),
            _ => {}
        }
        if !i.source_dest_check {
            b.push("source_dest_check", Expr::Bool(false));
        }
        if !i.ipv6_addresses.is_empty() {
            let list = i
                .ipv6_addresses
                .iter()
                .map(|a| Expr::str(a.clone()))
                .collect();
            b.push("ipv6_addresses", Expr::List(list));
        }
        if !i.node_labels.is_empty() || !i.node_taints.is_empty() {
            w.warn(&i.id, "Kubernetes node labels and taints are not part of an aws_instance and were not exported".into());
        }
        let role: Vec<(&str, String)> = role_tag(i.role)
            .map(|r| ("Role", r.to_string()))
            .into_iter()
            .collect();
        let b = b.opt("tags", tags(shown(&i.name, &i.id), &role));
        w.compute.push(b);
        if let (Some(ip), true) = (&i.public_ip, i.elastic_ip) {
            let eip = w.names.alloc("aws_eip", &[&name], "instance");
            w.instance_eips.insert(i.id.clone(), eip.clone());
            w.compute.push(
                Block::new("resource", &["aws_eip", &eip])
                    .attr("domain", Expr::str("vpc"))
                    .attr("instance", Expr::Ref(format!("aws_instance.{name}.id")))
                    .opt("tags", tags(shown(&i.name, &i.id), &[])),
            );
            w.warn(
                &i.id,
                format!("AWS allocates the Elastic IP: the configuration gets one, not {ip}"),
            );
        }
        further_interfaces(w, i, &name);
    }
}

/// An instance's further interfaces (Q5): an `aws_network_interface` and an
/// `aws_network_interface_attachment` each.
fn further_interfaces(w: &mut W, i: &Instance, instance: &str) {
    let net = w.net;
    for f in &i.network_interfaces {
        let eni = w.name_of(&f.id);
        let subnet = w.reference(&f.id, &f.subnet_id);
        let ips = std::iter::once(host_expr(w, &f.subnet_id, &f.private_ip))
            .chain(f.secondary_private_ips.iter().map(|a| Expr::str(a.clone())))
            .collect();
        let groups = if f.security_groups.is_empty() {
            let vpc = net
                .subnet(&f.subnet_id)
                .map(|s| s.vpc_id.clone())
                .unwrap_or_default();
            no_rules_group(w, &f.id, &vpc, "network interface")
        } else {
            w.references(&f.id, &f.security_groups)
        };
        let mut b = w
            .resource(&f.id)
            .attr("subnet_id", subnet)
            .attr("private_ips", Expr::List(ips))
            .attr("security_groups", groups);
        if !f.source_dest_check {
            b.push("source_dest_check", Expr::Bool(false));
        }
        if let Some(ip) = &f.public_ip {
            w.warn(&f.id, format!("the interface's public address {ip} is AWS's (or an Elastic IP association): not exported"));
        }
        if !f.ipv6_addresses.is_empty() {
            w.warn(
                &f.id,
                "the interface's IPv6 addresses were not exported".into(),
            );
        }
        w.compute.push(b.opt("tags", tags(&f.id, &[])));
        let attachment = w
            .names
            .alloc("aws_network_interface_attachment", &[&eni], "attachment");
        w.compute.push(
            Block::new(
                "resource",
                &["aws_network_interface_attachment", &attachment],
            )
            .attr(
                "instance_id",
                Expr::Ref(format!("aws_instance.{instance}.id")),
            )
            .attr(
                "network_interface_id",
                Expr::Ref(format!("aws_network_interface.{eni}.id")),
            )
            .attr("device_index", Expr::Num(i64::from(f.device_index))),
        );
    }
}

fn load_balancers(w: &mut W) {
    let net = w.net;
    for t in &net.target_groups {
        let vpc = (!t.vpc_id.is_empty()).then(|| w.reference(&t.id, &t.vpc_id));
        let by_ip = t
            .targets
            .iter()
            .any(|x| !w.refs.contains_key(&x.id) && parse_ip(&x.id).is_some());
        let protocol = if t.protocol.is_empty() {
            w.warn(
                &t.id,
                "the target group names no protocol: written as HTTP".into(),
            );
            "HTTP".to_string()
        } else {
            t.protocol.clone()
        };
        let b = w
            .resource(&t.id)
            .opt(
                "name",
                (!shown(&t.name, &t.id).is_empty()).then(|| Expr::str(t.name.clone())),
            )
            .attr("port", Expr::Num(i64::from(t.port)))
            .attr("protocol", Expr::str(protocol))
            .opt("vpc_id", vpc)
            .opt("target_type", by_ip.then(|| Expr::str("ip")));
        w.compute.push(b);
        let tname = w.name_of(&t.id);
        for (k, target) in t.targets.iter().enumerate() {
            let n = w.names.alloc(
                "aws_lb_target_group_attachment",
                &[&format!("{tname}_{}", k + 1)],
                "attachment",
            );
            let id = if w.refs.contains_key(&target.id) {
                w.reference(&t.id, &target.id)
            } else {
                Expr::str(target.id.clone())
            };
            w.compute.push(
                Block::new("resource", &["aws_lb_target_group_attachment", &n])
                    .attr(
                        "target_group_arn",
                        Expr::Ref(format!("aws_lb_target_group.{tname}.arn")),
                    )
                    .attr("target_id", id)
                    .opt("port", target.port.map(|p| Expr::Num(i64::from(p)))),
            );
        }
    }
    for l in &net.load_balancers {
        let lname = w.name_of(&l.id);
        let first_vpc = l
            .subnets
            .first()
            .and_then(|s| net.subnet(s))
            .map(|s| s.vpc_id.clone());
        if first_vpc.as_deref() != Some(l.vpc_id.as_str()) {
            w.warn(&l.id, format!("Terraform takes a load balancer's VPC from its subnets; the design says {} but its first subnet is in {}", l.vpc_id, first_vpc.unwrap_or_else(|| "no VPC".into())));
        }
        let subnets = w.references(&l.id, &l.subnets);
        let mut b = w
            .resource(&l.id)
            .opt(
                "name",
                (!shown(&l.name, &l.id).is_empty()).then(|| Expr::str(l.name.clone())),
            )
            .attr(
                "load_balancer_type",
                Expr::str(match l.kind {
                    LoadBalancerKind::Application => "application",
                    LoadBalancerKind::Network => "network",
                }),
            )
            .attr(
                "internal",
                Expr::Bool(l.scheme == LoadBalancerScheme::Internal),
            )
            .attr("subnets", subnets);
        if !l.security_groups.is_empty() {
            let groups = w.references(&l.id, &l.security_groups);
            b.push("security_groups", groups);
        }
        w.compute.push(b);
        for listener in &l.listeners {
            let n = w.names.alloc(
                "aws_lb_listener",
                &[&format!("{lname}_{}", listener.port)],
                "listener",
            );
            let action = match &listener.target_group {
                Some(tg) => {
                    let e = w.reference(&l.id, tg);
                    Block::new("default_action", &[])
                        .attr("type", Expr::str("forward"))
                        .attr("target_group_arn", e)
                }
                None => Block::new("default_action", &[])
                    .attr("type", Expr::str("fixed-response"))
                    .block(
                        Block::new("fixed_response", &[])
                            .attr("content_type", Expr::str("text/plain"))
                            .attr("status_code", Expr::str("404")),
                    ),
            };
            if matches!(listener.protocol.as_str(), "HTTPS" | "TLS") {
                w.warn(&l.id, format!("the {} listener on port {} needs a certificate: add `certificate_arn` before applying", listener.protocol, listener.port));
            }
            w.compute.push(
                Block::new("resource", &["aws_lb_listener", &n])
                    .attr(
                        "load_balancer_arn",
                        Expr::Ref(format!("aws_lb.{lname}.arn")),
                    )
                    .attr("port", Expr::Num(i64::from(listener.port)))
                    .attr("protocol", Expr::str(listener.protocol.clone()))
                    .block(action),
            );
        }
    }
}

fn databases(w: &mut W) {
    let net = w.net;
    for d in &net.databases {
        let dname = w.name_of(&d.id);
        if d.subnet_group.is_empty() {
            w.warn(&d.id, "the database has no subnet group, so Terraform would launch it outside the design's VPCs: not exported".into());
            w.res.remove(&d.id);
            w.refs.remove(&d.id);
            continue;
        }
        if let Some(ip) = &d.private_ip {
            w.warn(
                &d.id,
                format!(
                    "RDS picks the database's address: the configuration cannot fix it to {ip}"
                ),
            );
        }
        let g = w.names.alloc("aws_db_subnet_group", &[&dname], "db");
        let subnets = w.references(&d.id, &d.subnet_group);
        w.compute.push(
            Block::new("resource", &["aws_db_subnet_group", &g])
                .attr("name", Expr::str(g.replace('_', "-")))
                .attr("subnet_ids", subnets),
        );
        let groups = if d.security_groups.is_empty() {
            let vpc = net
                .subnet(&d.subnet_group[0])
                .map(|s| s.vpc_id.clone())
                .unwrap_or_default();
            no_rules_group(w, &d.id, &vpc, "database")
        } else {
            w.references(&d.id, &d.security_groups)
        };
        let engine = if d.engine.is_empty() {
            w.warn(
                &d.id,
                "the database names no engine, which Terraform requires: written as mysql".into(),
            );
            "mysql".to_string()
        } else {
            d.engine.clone()
        };
        let b = w
            .resource(&d.id)
            .opt(
                "identifier",
                (!shown(&d.name, &d.id).is_empty()).then(|| Expr::str(d.name.clone())),
            )
            .attr("engine", Expr::str(engine))
            .attr("instance_class", Expr::str("db.t3.micro"))
            .attr("allocated_storage", Expr::Num(20))
            .attr("username", Expr::str("admin"))
            .attr("manage_master_user_password", Expr::Bool(true))
            .attr("port", Expr::Num(i64::from(d.port)))
            .attr(
                "db_subnet_group_name",
                Expr::Ref(format!("aws_db_subnet_group.{g}.name")),
            )
            .attr("vpc_security_group_ids", groups)
            .attr("multi_az", Expr::Bool(d.multi_az))
            .attr("publicly_accessible", Expr::Bool(d.publicly_accessible))
            .attr("skip_final_snapshot", Expr::Bool(true));
        w.compute.push(b);
    }
}

// ---- outputs.tf ------------------------------------------------------------------------

fn outputs(w: &mut W) {
    let net = w.net;
    for v in &net.vpcs {
        let name = w.name_of(&v.id);
        let n = w
            .names
            .alloc("output", &[&format!("{name}_vpc_id")], "vpc_id");
        w.outputs.push(
            Block::new("output", &[&n]).attr("value", Expr::Ref(format!("aws_vpc.{name}.id"))),
        );
    }
    if !net.subnets.is_empty() {
        let entries = net
            .subnets
            .iter()
            .map(|s| {
                let name = w.name_of(&s.id);
                (name.clone(), Expr::Ref(format!("aws_subnet.{name}.id")))
            })
            .collect();
        let n = w.names.alloc("output", &["subnet_ids"], "subnet_ids");
        w.outputs
            .push(Block::new("output", &[&n]).attr("value", Expr::Map(entries)));
    }
    for i in net.instances.iter().filter(|i| i.public_ip.is_some()) {
        let name = w.name_of(&i.id);
        let n = w
            .names
            .alloc("output", &[&format!("{name}_public_ip")], "public_ip");
        let value = match w.instance_eips.get(&i.id) {
            Some(eip) => format!("aws_eip.{eip}.public_ip"),
            None => format!("aws_instance.{name}.public_ip"),
        };
        w.outputs
            .push(Block::new("output", &[&n]).attr("value", Expr::Ref(value)));
    }
    for l in &net.load_balancers {
        let name = w.name_of(&l.id);
        let n = w
            .names
            .alloc("output", &[&format!("{name}_dns_name")], "dns_name");
        w.outputs.push(
            Block::new("output", &[&n]).attr("value", Expr::Ref(format!("aws_lb.{name}.dns_name"))),
        );
    }
}
