//! The only module that talks to the simulator core: it turns the design into the shapes
//! the views draw, turns editor gestures into design edits (through `sim::network::edit`)
//! and asks `sim` for lints. Nothing here decides network semantics itself.

pub mod analysis;
pub mod assignment;
pub mod cluster;
pub mod k8s_objects;
pub mod routes;
pub mod terraform;
pub mod terraform_export;
pub mod transit;

use std::fmt;

use sim::network::annotation;
use sim::network::edit::{self, Container};
use sim::network::field_edit::{self, FieldKey};
use sim::network::msg::{Arg, Text};
use sim::network::{self, Design, Diagnostic, InstanceRole, Network, Rect as SimRect};

use crate::i18n::{edits, Lang};
use crate::kind::ComponentKind;
use crate::t;
use crate::view::{
    AnnotationShape, AnnotationTool, ArrowEnd, Field, PolicyBadge, Rect, Shape, Tier,
};

/// Why an edit changed nothing. Kept as data, not words, so the notice is worded in the
/// language the UI has when it is shown; `Display` is the English (what the CLI, the live
/// session's log and the e2e suite read).
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// A canvas drop, resize, copy or delete that `sim` refused.
    Edit(edit::Refusal),
    /// A sentence `sim` wrote with its message key (list views, properties fields, taints).
    Sim(Text),
    /// A lint without an automatic fix was asked to fix itself.
    NoAutomaticFix,
    /// The network ACL form's rule number is not a number.
    NotARuleNumber(String),
    /// A pod dropped on a design without Kubernetes nodes.
    PodNeedsNode,
    /// The trace form's flow is already in the design's test flows.
    FlowAlreadySaved,
    /// English from `sim` without a structured form (stale fixes, cluster manifests).
    English(String),
}

impl Refused {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refused::Edit(r) => edits::refusal(lang, r),
            Refused::Sim(t) => edits::sim_text(lang, t),
            Refused::NoAutomaticFix => t!(lang, "edits-no-automatic-fix"),
            Refused::NotARuleNumber(n) => t!(lang, "edits-not-a-rule-number", number = n.as_str()),
            Refused::PodNeedsNode => t!(lang, "edits-pod-needs-node"),
            Refused::FlowAlreadySaved => t!(lang, "edits-flow-already-saved"),
            Refused::English(s) => s.clone(),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<edit::Refusal> for Refused {
    fn from(r: edit::Refusal) -> Refused {
        Refused::Edit(r)
    }
}

impl From<Text> for Refused {
    fn from(t: Text) -> Refused {
        Refused::Sim(t)
    }
}

impl From<sim::network::policy_edit::PolicyError> for Refused {
    fn from(e: sim::network::policy_edit::PolicyError) -> Refused {
        Refused::Sim(e.0)
    }
}

impl From<field_edit::FieldError> for Refused {
    fn from(e: field_edit::FieldError) -> Refused {
        Refused::Sim(e.0)
    }
}

impl From<Refused> for String {
    fn from(r: Refused) -> String {
        r.to_string()
    }
}

/// A file's bytes as text, as the CLI reads them: UTF-8 (a BOM is dropped) or UTF-16 with
/// a BOM; anything else is an error naming the file.
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<String, String> {
    sim::text_decode::decode(file, bytes).map_err(|e| e.to_string())
}

/// The design shown on first visit: one VPC with a public and a private subnet, a bastion
/// and an application instance.
pub fn sample() -> Design {
    network::samples::sample_design()
}

/// A new design with nothing on it.
pub fn blank() -> Design {
    Design::new(
        "Untitled design",
        Network {
            region: "ap-northeast-2".into(),
            ..Network::default()
        },
    )
}

fn to_rect(r: SimRect) -> Rect {
    Rect {
        x: r.x,
        y: r.y,
        w: r.w,
        h: r.h,
    }
}

fn default_size(kind: ComponentKind) -> (f64, f64) {
    match kind {
        ComponentKind::Vpc => (640.0, 420.0),
        ComponentKind::AvailabilityZone => (300.0, 320.0),
        ComponentKind::Subnet => (260.0, 180.0),
        _ => (64.0, 64.0),
    }
}

/// The innermost container shape under a point.
pub fn container_at(shapes: &[Shape], x: f64, y: f64) -> Option<&Shape> {
    shapes
        .iter()
        .filter(|s| s.kind.is_container() && s.rect.contains(x, y))
        .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
}

fn container_of(shape: Option<&Shape>) -> Container {
    match shape {
        None => Container::Canvas,
        Some(s) => match s.kind {
            ComponentKind::Vpc => Container::Vpc(s.id.clone()),
            ComponentKind::AvailabilityZone => match edit::parse_zone_key(&s.id) {
                Some((vpc, zone)) => Container::Zone {
                    vpc: vpc.into(),
                    zone: zone.into(),
                },
                None => Container::Canvas,
            },
            ComponentKind::Subnet => Container::Subnet(s.id.clone()),
            // The on-premises box is outside the cloud: what is dropped there is on the canvas.
            ComponentKind::OnPremises => Container::Canvas,
            // A Kubernetes node box holds pods only; anything else dropped there lands in
            // the node's subnet, which `sim` then accepts or refuses.
            _ => Container::Subnet(s.id.clone()),
        },
    }
}

/// Adds a component centred on (x, y) inside the innermost container there, or explains
/// why it cannot live there. Returns the new component's id.
pub fn place(design: &mut Design, kind: ComponentKind, x: f64, y: f64) -> Result<String, Refused> {
    if !edit::placeable(kind) {
        return Err(edit::Refusal::NotPlaceable { what: kind }.into());
    }
    let what = kind;
    let shapes = shapes(design);
    let under = container_at(&shapes, x, y);
    // Dropping onto something that cannot hold it (a subnet on a subnet, an instance on a
    // Kubernetes node) means "beside it": walk up to the first container that can.
    let mut target = under;
    while let Some(t) = target {
        if edit::accepts(&container_of(Some(t)), what) {
            break;
        }
        target = t
            .parent
            .as_deref()
            .and_then(|p| shapes.iter().find(|s| s.id == p));
    }
    let target = target.or(under);
    let container = container_of(target);
    let (w, h) = default_size(kind);
    let rect = SimRect {
        x: x - w / 2.0,
        y: y - h / 2.0,
        w,
        h,
    };
    Ok(edit::add(design, what, &container, rect)?)
}

/// A palette Pod dropped at (x, y): bound to the Kubernetes node there, else pending for the
/// scheduler (see [`cluster::drop_pod`]). Returns the pod's `namespace/name`.
pub fn drop_pod(design: &mut Design, x: f64, y: f64) -> Result<String, Refused> {
    let shapes = shapes(design);
    let under = shapes
        .iter()
        .find(|s| s.kind == ComponentKind::KubernetesNode && s.rect.contains(x, y))
        .or_else(|| container_at(&shapes, x, y));
    cluster::drop_pod(design, under)
}

/// Everything the canvas draws, in model order.
pub fn shapes(design: &Design) -> Vec<Shape> {
    let net = &design.network;
    let mut out = Vec::new();
    // Looked up once per component: hashed, since ids are long addresses with shared
    // prefixes (an ordered map compared them a dozen times a lookup) and a group search by id
    // went through every group for every badge.
    let layout: sim::network::trace::index::HashMap<&str, sim::network::Rect> = design
        .layout
        .iter()
        .map(|(id, r)| (id.as_str(), *r))
        .collect();
    let mut groups: sim::network::trace::index::HashMap<&str, &sim::network::SecurityGroup> =
        Default::default();
    for g in &net.security_groups {
        // The first of a duplicated id, as `Network::security_group` finds it.
        groups.entry(g.id.as_str()).or_insert(g);
    }
    let rect_of = |id: &str| layout.get(id).copied().map(to_rect);
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|g| {
                groups
                    .get(g.as_str())
                    .copied()
                    .map(|sg| {
                        if sg.name.is_empty() {
                            sg.id.clone()
                        } else {
                            sg.name.clone()
                        }
                    })
                    .unwrap_or_else(|| g.clone())
            })
            .collect()
    };
    for vpc in &net.vpcs {
        let Some(rect) = rect_of(&vpc.id) else {
            continue;
        };
        out.push(Shape {
            id: vpc.id.clone(),
            kind: ComponentKind::Vpc,
            label: shape_label(&vpc.name, &vpc.id),
            detail: vpc.cidr_blocks.join(", "),
            rect,
            tier: None,
            badges: vec![],
            policies: vec![],
            parent: None,
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &vpc.name),
                Field::edit(
                    FieldKey::Cidr,
                    "prop-cidr",
                    vpc.cidr_blocks.first().map(String::as_str).unwrap_or(""),
                ),
                Field::show(
                    "prop-other-cidrs",
                    &vpc.cidr_blocks
                        .iter()
                        .skip(1)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Field::edit(
                    FieldKey::Ipv6Cidr,
                    "prop-ipv6-cidr",
                    vpc.ipv6_cidr_blocks
                        .first()
                        .map(String::as_str)
                        .unwrap_or(""),
                ),
                Field::show("prop-region", &net.region),
            ],
        });
    }
    for (key, r) in &design.layout {
        let Some((vpc, zone)) = edit::parse_zone_key(key) else {
            continue;
        };
        out.push(Shape {
            id: key.clone(),
            kind: ComponentKind::AvailabilityZone,
            label: zone.to_string(),
            detail: String::new(),
            rect: to_rect(*r),
            tier: None,
            badges: vec![],
            policies: vec![],
            parent: Some(vpc.to_string()),
            fields: vec![
                Field::edit(FieldKey::AvailabilityZone, "prop-zone", zone),
                Field::show("prop-vpc", vpc),
            ],
        });
    }
    for s in &net.subnets {
        let Some(rect) = rect_of(&s.id) else { continue };
        let public = edit::is_public(net, &s.id);
        let rtb = net
            .route_table_for_subnet(&s.id)
            .map(|t| display_name(&t.name, &t.id));
        let acl = net
            .nacl_for_subnet(&s.id)
            .map(|t| display_name(&t.name, &t.id));
        let usable = network::Cidr::parse(&s.cidr)
            .map(|c| network::cidr::usable_addresses(&c).to_string())
            .unwrap_or_else(|_| "—".into());
        out.push(Shape {
            id: s.id.clone(),
            kind: ComponentKind::Subnet,
            label: shape_label(&s.name, &s.id),
            detail: s.cidr.clone(),
            rect,
            tier: Some(if public { Tier::Public } else { Tier::Private }),
            badges: vec![],
            policies: subnet_policies(net, &s.id),
            parent: edit::parent_of(design, &s.id).map(container_key),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &s.name),
                Field::edit(FieldKey::Cidr, "prop-cidr", &s.cidr),
                Field::edit(
                    FieldKey::Ipv6Cidr,
                    "prop-ipv6-cidr",
                    s.ipv6_cidr.as_deref().unwrap_or(""),
                ),
                Field::show("prop-usable-addresses", &usable),
                Field::edit(
                    FieldKey::AvailabilityZone,
                    "prop-availability-zone",
                    &s.availability_zone,
                ),
                Field::toggle(
                    FieldKey::MapPublicIp,
                    "prop-auto-assign-public-ip",
                    s.map_public_ip_on_launch,
                ),
                Field::show_or_none("prop-route-table", rtb.as_deref()),
                Field::show_or_none("prop-network-acl", acl.as_deref()),
                Field::say(
                    "prop-tier",
                    if public {
                        "prop-tier-public"
                    } else {
                        "prop-tier-private"
                    },
                    &[],
                ),
            ],
        });
    }
    for g in &net.internet_gateways {
        let Some(rect) = rect_of(&g.id) else { continue };
        out.push(Shape {
            id: g.id.clone(),
            kind: ComponentKind::InternetGateway,
            label: shape_label(&g.name, &g.id),
            detail: String::new(),
            rect,
            tier: None,
            badges: vec![],
            policies: vec![],
            parent: g.attached_vpc.clone(),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &g.name),
                Field::attached_to(g.attached_vpc.as_deref()),
            ],
        });
    }
    for n in &net.nat_gateways {
        let Some(rect) = rect_of(&n.id) else { continue };
        out.push(Shape {
            id: n.id.clone(),
            kind: ComponentKind::NatGateway,
            label: shape_label(&n.name, &n.id),
            detail: n.public_ip.clone().unwrap_or_default(),
            rect,
            tier: None,
            badges: vec![],
            policies: vec![],
            parent: Some(n.subnet_id.clone()),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &n.name),
                Field::toggle(
                    FieldKey::NatPublic,
                    "prop-nat-public",
                    n.connectivity == sim::network::NatConnectivity::Public,
                ),
                Field::show_or_none("prop-elastic-ip", n.public_ip.as_deref()),
                Field::show("prop-private-ip", n.private_ip.as_deref().unwrap_or("")),
                Field::say("prop-state", nat_state(n.state), &[]),
            ],
        });
    }
    for i in &net.instances {
        let Some(rect) = rect_of(&i.id) else { continue };
        let kind = match i.role {
            InstanceRole::Bastion => ComponentKind::Bastion,
            InstanceRole::KubernetesNode => ComponentKind::KubernetesNode,
            _ => ComponentKind::Instance,
        };
        out.push(Shape {
            id: i.id.clone(),
            kind,
            label: shape_label(&i.name, &i.id),
            detail: i.private_ip.clone(),
            rect,
            tier: None,
            badges: names(&i.security_groups),
            policies: vec![],
            parent: Some(i.subnet_id.clone()),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &i.name),
                Field::edit(
                    FieldKey::InstanceType,
                    "prop-instance-type",
                    &i.instance_type,
                ),
                Field::edit(FieldKey::PrivateIp, "prop-private-ip", &i.private_ip),
                Field::toggle(FieldKey::PublicIp, "prop-public-ip", i.public_ip.is_some()),
                Field::show_or_none("prop-public-address", i.public_ip.as_deref()),
                Field::toggle(
                    FieldKey::SourceDestCheck,
                    "prop-source-dest-check",
                    i.source_dest_check,
                ),
                Field::show(
                    "prop-security-groups",
                    &names(&i.security_groups).join(", "),
                ),
            ]
            .into_iter()
            .chain(default_group_note(net, &i.security_groups))
            .chain(
                (kind == ComponentKind::KubernetesNode)
                    .then(|| {
                        [
                            Field::edit(
                                FieldKey::NodeLabels,
                                "prop-node-labels",
                                &i.node_labels
                                    .iter()
                                    .map(|(k, v)| format!("{k}={v}"))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                            Field::edit(
                                FieldKey::NodeTaints,
                                "prop-node-taints",
                                &i.node_taints.join(", "),
                            ),
                        ]
                    })
                    .into_iter()
                    .flatten(),
            )
            .collect(),
        });
    }
    for l in &net.load_balancers {
        let Some(rect) = rect_of(&l.id) else { continue };
        out.push(Shape {
            id: l.id.clone(),
            kind: ComponentKind::LoadBalancer,
            label: shape_label(&l.name, &l.id),
            detail: format!("{:?}", l.scheme).to_lowercase(),
            rect,
            tier: None,
            badges: names(&l.security_groups),
            policies: vec![],
            parent: l.subnets.first().cloned(),
            fields: {
                let group = lb_group(net, l);
                let subnet_names: Vec<String> = l
                    .subnets
                    .iter()
                    .map(|id| {
                        net.subnet(id)
                            .map(|s| display_name(&s.name, &s.id))
                            .unwrap_or_else(|| id.clone())
                    })
                    .collect();
                let target_names: Vec<String> = group
                    .map(|g| {
                        g.targets
                            .iter()
                            .map(|t| {
                                net.instance(&t.id)
                                    .map(|i| display_name(&i.name, &i.id))
                                    .unwrap_or_else(|| t.id.clone())
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                vec![
                    Field::edit(FieldKey::Name, "prop-name", &l.name),
                    Field::toggle(
                        FieldKey::LbNetwork,
                        "prop-lb-network",
                        l.kind == sim::network::LoadBalancerKind::Network,
                    ),
                    Field::toggle(
                        FieldKey::LbInternetFacing,
                        "prop-lb-internet-facing",
                        l.scheme == sim::network::LoadBalancerScheme::InternetFacing,
                    ),
                    Field::edit(
                        FieldKey::LbSubnets,
                        "prop-lb-subnets",
                        &subnet_names.join(", "),
                    ),
                    Field::edit(
                        FieldKey::LbListeners,
                        "prop-lb-listeners",
                        &l.listeners
                            .iter()
                            .map(|x| format!("{}:{}", x.protocol, x.port))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Field::edit(
                        FieldKey::LbTargetPort,
                        "prop-lb-target-port",
                        &group.map(|g| g.port.to_string()).unwrap_or_default(),
                    ),
                    Field::edit(
                        FieldKey::LbTargets,
                        "prop-lb-targets",
                        &target_names.join(", "),
                    ),
                ]
            },
        });
    }
    for d in &net.databases {
        let Some(rect) = rect_of(&d.id) else { continue };
        out.push(Shape {
            id: d.id.clone(),
            kind: ComponentKind::Database,
            label: shape_label(&d.name, &d.id),
            detail: format!("{}:{}", d.engine, d.port),
            rect,
            tier: None,
            badges: names(&d.security_groups),
            policies: vec![],
            parent: d.subnet_group.first().cloned(),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &d.name),
                Field::edit(FieldKey::Engine, "prop-engine", &d.engine),
                Field::edit(FieldKey::Port, "prop-port", &d.port.to_string()),
                Field::show("prop-subnet-group", &d.subnet_group.join(", ")),
                Field::toggle(FieldKey::MultiAz, "prop-multi-az", d.multi_az),
            ],
        });
    }
    // AWS services: beside the VPCs, ElastiCache in its subnet (docs/SEMANTICS.md#w1, #w6).
    for svc in &net.aws_services {
        let Some(rect) = rect_of(&svc.id) else {
            continue;
        };
        let kind = sim::network::AwsServiceKind::parse(&svc.kind);
        let kind_field = match kind {
            Some(k) if k != sim::network::AwsServiceKind::ElastiCache => Field::select(
                FieldKey::ServiceKind,
                "prop-service-kind",
                k.key(),
                SERVICE_KINDS,
            ),
            // ElastiCache and a misspelt kind are shown as written (the tracer refuses the
            // latter, naming the value).
            _ => Field::show("prop-service-kind", &svc.kind),
        };
        out.push(Shape {
            id: svc.id.clone(),
            kind: ComponentKind::AwsService,
            label: shape_label(&svc.name, &svc.id),
            detail: kind
                .map(|k| k.title().to_string())
                .unwrap_or_else(|| svc.kind.clone()),
            rect,
            tier: None,
            badges: names(&svc.security_groups),
            policies: vec![],
            parent: svc.subnet_ids.first().cloned(),
            fields: vec![
                Field::edit(FieldKey::Name, "prop-name", &svc.name),
                kind_field,
                Field::show(
                    "prop-region",
                    if svc.region.is_empty() {
                        &net.region
                    } else {
                        &svc.region
                    },
                ),
            ],
        });
    }
    out.extend(transit::transit_shapes(design));
    // Leaves take their subnet's tier colour.
    let tiers: Vec<(String, Option<Tier>)> = out
        .iter()
        .filter(|s| s.kind == ComponentKind::Subnet)
        .map(|s| (s.id.clone(), s.tier))
        .collect();
    for s in out.iter_mut().filter(|s| !s.kind.is_container()) {
        if let Some(p) = &s.parent {
            if let Some((_, t)) = tiers.iter().find(|(id, _)| id == p) {
                s.tier = *t;
            }
        }
    }
    out
}

/// The kinds the properties panel offers for a service placed beside the VPCs: each value
/// with the service's own name (product names, the same in every language). ElastiCache is
/// not offered: it lives in subnets (W6).
const SERVICE_KINDS: &[(&str, &str)] = &[
    ("s3", "Amazon S3"),
    ("dynamodb", "Amazon DynamoDB"),
    ("sqs", "Amazon SQS"),
    ("sns", "Amazon SNS"),
    ("lambda", "AWS Lambda"),
    ("api-gateway", "Amazon API Gateway"),
    ("cloudfront", "Amazon CloudFront"),
    ("route53", "Amazon Route 53"),
];

/// A NAT gateway's state as the panel words it (AWS's state names in English).
fn nat_state(s: sim::network::NatState) -> &'static str {
    use sim::network::NatState::*;
    match s {
        Pending => "prop-nat-state-pending",
        Available => "prop-nat-state-available",
        Deleting => "prop-nat-state-deleting",
        Deleted => "prop-nat-state-deleted",
        Failed => "prop-nat-state-failed",
    }
}

fn container_key(c: Container) -> String {
    match c {
        Container::Canvas => String::new(),
        Container::Vpc(v) | Container::Subnet(v) => v,
        Container::Zone { vpc, zone } => edit::zone_key(&vpc, &zone),
    }
}

/// Is this id a Terraform resource address (`aws_instance.web[1]`,
/// `module.net.aws_subnet.private["a"]`), as the Terraform importer names components?
pub fn is_address(id: &str) -> bool {
    (id.starts_with("aws_") || id.starts_with("module.")) && id.contains('.')
}

/// A shape's label: the resource address for a component imported from Terraform (so the
/// canvas, the CLI and the configuration name it the same way), else its name or id.
/// Says so when an instance is in its VPC's `default` security group: the canvas gives every
/// new instance that group (as AWS does when no group is chosen), and its inbound rule lets
/// every member reach every other member on every port.
fn default_group_note(net: &sim::network::Network, groups: &[String]) -> Option<Field> {
    let g = groups
        .iter()
        .filter_map(|id| net.security_group(id))
        .find(|g| g.name == "default")?;
    Some(Field::say(
        "prop-default-group",
        "prop-default-group-note",
        &[("name", &g.name), ("id", &g.id)],
    ))
}

fn shape_label(name: &str, id: &str) -> String {
    if is_address(id) {
        id.to_string()
    } else {
        display_name(name, id)
    }
}

fn display_name(name: &str, id: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        name.to_string()
    }
}

/// Sets one editable field of a component through `sim::network::field_edit`.
pub fn set_field(design: &mut Design, id: &str, key: FieldKey, value: &str) -> Result<(), Refused> {
    Ok(field_edit::set_field(design, id, key, value)?)
}

/// Live validation of a field as the user types: `Some(message)` when AWS would refuse it.
pub fn validate_field(key: FieldKey, value: &str) -> Option<Text> {
    field_edit::validate(key, value)
}

/// Applies a lint's suggested fix.
pub fn apply_fix(design: &mut Design, diagnostic: &Diagnostic) -> Result<(), Refused> {
    let fix = diagnostic.fix.as_ref().ok_or(Refused::NoAutomaticFix)?;
    apply_trace_fix(design, fix)
}

pub fn remove(design: &mut Design, id: &str) -> Result<Vec<String>, Refused> {
    Ok(edit::remove(design, id)?)
}

/// The route table and network ACL a subnet is associated with (its main/default ones when
/// it has no explicit association), as the canvas's badges on the subnet.
fn subnet_policies(net: &network::Network, subnet: &str) -> Vec<PolicyBadge> {
    let rtb = net.route_table_for_subnet(subnet).map(|t| PolicyBadge {
        id: t.id.clone(),
        label: display_name(&t.name, &t.id),
        what: "route table",
    });
    let acl = net.nacl_for_subnet(subnet).map(|a| PolicyBadge {
        id: a.id.clone(),
        label: display_name(&a.name, &a.id),
        what: "network ACL",
    });
    rtb.into_iter().chain(acl).collect()
}

/// Lays the whole design out again: AZ columns, subnets in rows, icons in grids, and the VPCs
/// side by side, wrapping to fit a canvas of `width` × `height` pixels.
pub fn tidy(design: &mut Design, width: f64, height: f64) {
    edit::tidy_layout(design, width, height);
}

pub fn resize(design: &mut Design, id: &str, w: f64, h: f64) -> Result<(), Refused> {
    Ok(edit::resize(design, id, w, h)?)
}

/// Copies components into their own containers; returns the copies' ids.
pub fn duplicate(design: &mut Design, ids: &[String]) -> Result<Vec<String>, Refused> {
    ids.iter()
        .map(|id| edit::duplicate(design, id).map_err(Refused::from))
        .collect()
}

pub fn move_by(design: &mut Design, ids: &[String], dx: f64, dy: f64) {
    edit::move_by(design, ids, dx, dy)
}

/// Applies an edit of the annotation layer (add a note, box or arrow; set a text; move an
/// arrow end) through `sim::network::annotation`; returns a new annotation's id.
pub fn annotate(
    design: &mut Design,
    e: &sim::network::annotation::AnnotationEdit,
) -> Result<Option<String>, Refused> {
    annotation::apply(design, e).map_err(|e| Refused::Edit(edit::Refusal::Annotation(e)))
}

/// After an edit from `before` to `design`: arrows that ended on something now gone end at a
/// free point where it was (an edit that removes components without `edit::remove`: a fix,
/// a patch).
pub fn settle_annotations(before: &Design, design: &mut Design) {
    annotation::detach_missing(before, design);
}

/// Where an arrow end is on the canvas (the centre of what it is attached to).
pub fn end_point(design: &Design, end: &annotation::End) -> Option<(f64, f64)> {
    annotation::end_point(design, end)
}

/// Whether `id` is a note, box or arrow of the design.
pub fn is_annotation(design: &Design, id: &str) -> bool {
    annotation::is_annotation(design, id)
}

/// Whether `id` is something a delete can remove: a component, a canvas box or an annotation.
pub fn exists(design: &Design, id: &str) -> bool {
    design.layout.contains_key(id)
        || design.network.component_ids().iter().any(|(c, _)| *c == id)
        || annotation::is_annotation(design, id)
}

/// The annotation layer as the canvas draws it: notes and boxes with their rectangles, arrows
/// with their lines from edge to edge and what each end is attached to (named as `shapes`
/// name the components).
pub fn annotation_shapes(design: &Design, shapes: &[Shape]) -> Vec<AnnotationShape> {
    use annotation::{AnnotationKind, End};
    let name_of = |id: &str| -> String {
        if let Some(s) = shapes.iter().find(|s| s.id == id) {
            return s.label.clone();
        }
        match design.annotations.iter().find(|a| a.id == id) {
            Some(a) if !a.text().is_empty() => a.text().chars().take(60).collect(),
            _ => id.to_string(),
        }
    };
    design
        .annotations
        .iter()
        .map(|a| {
            let tool = match a.kind {
                AnnotationKind::Note { .. } => AnnotationTool::Note,
                AnnotationKind::Box { .. } => AnnotationTool::Box,
                AnnotationKind::Arrow { .. } => AnnotationTool::Arrow,
            };
            let line = annotation::arrow_line(design, a);
            let ends = a.ends().map(|(from, to)| {
                let end = |e: &End, p: (f64, f64)| match e {
                    End::Attached(id) => ArrowEnd {
                        target: Some(id.clone()),
                        name: name_of(id),
                        point: p,
                    },
                    End::Point { x, y } => ArrowEnd {
                        target: None,
                        name: String::new(),
                        point: (*x, *y),
                    },
                };
                let (p, q) = line.unwrap_or(((0.0, 0.0), (0.0, 0.0)));
                (end(from, p), end(to, q))
            });
            let rect = match (a.rect(), line) {
                (Some(r), _) => to_rect(r),
                (None, Some(((x1, y1), (x2, y2)))) => Rect {
                    x: x1.min(x2),
                    y: y1.min(y2),
                    w: (x2 - x1).abs(),
                    h: (y2 - y1).abs(),
                },
                (None, None) => Rect::default(),
            };
            AnnotationShape {
                id: a.id.clone(),
                tool,
                text: a.text().to_string(),
                rect,
                line,
                ends,
            }
        })
        .collect()
}

/// "Compare with…": what changed from `before` to `after` (components, rules, test-flow
/// verdicts), computed by `sim`.
pub fn compare(before: &Design, after: &Design) -> sim::network::diff::DesignDiff {
    sim::network::diff::diff(before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The properties panel translates each row's label and worded value by message id: every
    /// id a design's rows carry must be in both catalogues (they are not literal `t!` ids).
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_properties_row_is_worded_in_every_language() {
        use crate::i18n::{has, Lang};
        use std::collections::BTreeSet;
        // The sample with one of every leaf kind added (a new instance is in the default
        // group), and the sample with its internet gateway detached.
        let mut every = sample();
        let subnet = every.network.subnets[0].id.clone();
        for kind in [
            ComponentKind::Instance,
            ComponentKind::NatGateway,
            ComponentKind::LoadBalancer,
            ComponentKind::Database,
        ] {
            let at = SimRect {
                x: 0.0,
                y: 0.0,
                w: 64.0,
                h: 64.0,
            };
            edit::add(&mut every, kind, &Container::Subnet(subnet.clone()), at).unwrap();
        }
        // An AWS service beside the VPCs (its kind is a select of product names).
        let far = SimRect {
            x: 3000.0,
            y: 80.0,
            w: 64.0,
            h: 64.0,
        };
        let svc = edit::add(
            &mut every,
            ComponentKind::AwsService,
            &Container::Canvas,
            far,
        )
        .unwrap();
        let shape = shapes(&every).into_iter().find(|s| s.id == svc).unwrap();
        assert_eq!(
            (shape.kind, shape.detail.as_str()),
            (ComponentKind::AwsService, "Amazon S3")
        );
        assert!(trace_endpoints(&every.network)
            .iter()
            .any(|(id, _)| *id == svc));
        let mut detached = sample();
        for g in &mut detached.network.internet_gateways {
            g.attached_vpc = None;
        }
        let mut ids = BTreeSet::new();
        for d in [every, nodes_design(), detached] {
            for f in shapes(&d).iter().flat_map(|s| &s.fields) {
                ids.insert(f.label);
                ids.extend(f.words.as_ref().map(|w| w.id));
            }
        }
        use sim::network::NatState::*;
        ids.extend([Pending, Available, Deleting, Deleted, Failed].map(nat_state));
        for id in &ids {
            for lang in Lang::ALL {
                assert!(has(lang, id), "{} lacks {id}", lang.tag());
            }
        }
        for id in [
            "prop-lb-targets",
            "prop-multi-az",
            "prop-node-taints",
            "prop-default-group",
            "prop-value-detached",
            "prop-tier-private",
            "prop-state",
        ] {
            assert!(ids.contains(id), "no design here shows {id}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_sample_draws_a_vpc_two_subnets_a_bastion_and_an_app() {
        let shapes = shapes(&sample());
        let count = |k| shapes.iter().filter(|s| s.kind == k).count();
        assert_eq!(count(ComponentKind::Vpc), 1);
        assert_eq!(count(ComponentKind::Subnet), 2);
        assert_eq!(count(ComponentKind::Bastion), 1);
        assert_eq!(count(ComponentKind::Instance), 1);
        let tiers: Vec<_> = shapes
            .iter()
            .filter(|s| s.kind == ComponentKind::Subnet)
            .map(|s| s.tier)
            .collect();
        assert!(tiers.contains(&Some(Tier::Public)) && tiers.contains(&Some(Tier::Private)));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_instance_dropped_in_a_subnet_is_placed() {
        let mut d = sample();
        let subnet = shapes(&d)
            .into_iter()
            .find(|s| s.kind == ComponentKind::Subnet)
            .unwrap();
        let (x, y) = (subnet.rect.x + 30.0, subnet.rect.y + subnet.rect.h - 30.0);
        let id = place(&mut d, ComponentKind::Instance, x, y).expect("inside a subnet");
        assert_eq!(d.network.instance(&id).unwrap().subnet_id, subnet.id);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn drops_where_a_thing_cannot_live_are_refused_with_the_reason() {
        let mut d = sample();
        let before = d.clone();
        let outside = place(&mut d, ComponentKind::Instance, -5000.0, -5000.0).unwrap_err();
        assert_eq!(
            outside.text(Lang::En),
            "An EC2 instance must be placed inside a subnet."
        );
        assert_eq!(
            outside.text(Lang::Ko),
            "EC2 인스턴스은(는) 서브넷 안에 놓아야 합니다."
        );
        let vpc = shapes(&d)
            .into_iter()
            .find(|s| s.kind == ComponentKind::Vpc)
            .unwrap();
        assert_eq!(
            place(
                &mut d,
                ComponentKind::Database,
                vpc.rect.x + 5.0,
                vpc.rect.y + 5.0
            )
            .unwrap_err()
            .to_string(),
            "A database cannot live inside a VPC: drop it on a subnet."
        );
        let no_node = drop_pod(&mut d, vpc.rect.x + 5.0, vpc.rect.y + 5.0).unwrap_err();
        assert_eq!(no_node.to_string(), "A pod needs a Kubernetes node to run on: place an EC2 instance with the role Kubernetes node in a subnet first.");
        assert!(no_node.text(Lang::Ko).contains("쿠버네티스 노드"));
        assert_eq!(d, before);
    }

    fn nodes_design() -> Design {
        serde_json::from_str(include_str!(
            "../../../tests/fixtures/designs/cluster-network-nodes.json"
        ))
        .unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_pod_dropped_on_a_kubernetes_node_is_bound_to_it() {
        let mut d = nodes_design();
        let tile = shapes(&d).into_iter().find(|s| s.id == "i-0k8s1").unwrap();
        let (x, y) = (
            tile.rect.x + tile.rect.w / 2.0,
            tile.rect.y + tile.rect.h / 2.0,
        );
        let pod = drop_pod(&mut d, x, y).unwrap();
        assert_eq!(pod, "default/nginx-1");
        let docs = sim::cluster::authoring::documents(&d).unwrap();
        let p = docs.iter().find(|v| v["kind"] == "Pod").unwrap();
        assert_eq!(p["spec"]["nodeName"], "k8s-c1");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_pod_dropped_on_a_subnet_is_left_to_the_scheduler_and_placed() {
        let mut d = nodes_design();
        let subnet = shapes(&d)
            .into_iter()
            .find(|s| s.id == "subnet-0b22")
            .unwrap();
        let (x, y) = (
            subnet.rect.x + subnet.rect.w - 4.0,
            subnet.rect.y + subnet.rect.h - 4.0,
        );
        let pod = drop_pod(&mut d, x, y).unwrap();
        let docs = sim::cluster::authoring::documents(&d).unwrap();
        let p = docs.iter().find(|v| v["kind"] == "Pod").unwrap();
        assert!(p["spec"].get("nodeName").is_none());
        let t = cluster::timeline(&d, &[], cluster::DEFAULT_SEED).unwrap();
        let at = cluster::scheduled_at(&t, &pod).expect("the scheduler placed it");
        let table = t.explain(&pod, at).expect("its decision is explained");
        assert!(table.node.is_some());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_nat_gateway_made_private_loses_its_elastic_ip_and_back() {
        let mut d = sample();
        let subnet = d.network.subnets[0].id.clone();
        let nat = edit::add(
            &mut d,
            ComponentKind::NatGateway,
            &Container::Subnet(subnet),
            SimRect {
                x: 0.0,
                y: 0.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        set_field(&mut d, &nat, FieldKey::NatPublic, "false").unwrap();
        let n = d.network.nat_gateways.iter().find(|n| n.id == nat).unwrap();
        assert_eq!(
            (n.connectivity, n.public_ip.is_none()),
            (sim::network::NatConnectivity::Private, true)
        );
        set_field(&mut d, &nat, FieldKey::NatPublic, "true").unwrap();
        assert!(d
            .network
            .nat_gateways
            .iter()
            .find(|n| n.id == nat)
            .unwrap()
            .public_ip
            .is_some());
        let private = Container::Subnet(d.network.subnets[1].id.clone());
        let db = edit::add(
            &mut d,
            ComponentKind::Database,
            &private,
            SimRect {
                x: 0.0,
                y: 0.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        assert!(set_field(&mut d, &db, FieldKey::Port, "70000")
            .unwrap_err()
            .to_string()
            .contains("not a port"));
        set_field(&mut d, &db, FieldKey::Port, "5432").unwrap();
        assert_eq!(
            d.network
                .databases
                .iter()
                .find(|x| x.id == db)
                .unwrap()
                .port,
            5432
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn node_labels_and_taints_are_edited_with_kubectl_syntax() {
        let mut d = sample();
        let subnet = d.network.subnets[1].id.clone();
        let node = edit::add(
            &mut d,
            ComponentKind::KubernetesNode,
            &Container::Subnet(subnet),
            SimRect {
                x: 0.0,
                y: 0.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        set_field(
            &mut d,
            &node,
            FieldKey::NodeLabels,
            "team=payments, tier = web",
        )
        .unwrap();
        set_field(
            &mut d,
            &node,
            FieldKey::NodeTaints,
            "dedicated=gpu:NoSchedule",
        )
        .unwrap();
        let i = d.network.instance(&node).unwrap();
        assert_eq!(i.node_labels.get("tier").map(String::as_str), Some("web"));
        assert_eq!(i.node_taints, vec!["dedicated=gpu:NoSchedule".to_string()]);
        assert!(
            set_field(&mut d, &node, FieldKey::NodeTaints, "dedicated=gpu")
                .unwrap_err()
                .to_string()
                .contains("needs an effect")
        );
        assert!(validate_field(FieldKey::NodeLabels, "oops").is_some());
        let shape = shapes(&d).into_iter().find(|s| s.id == node).unwrap();
        assert!(shape
            .fields
            .iter()
            .any(|f| f.key == Some(FieldKey::NodeTaints) && f.value == "dedicated=gpu:NoSchedule"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_load_balancer_is_wired_to_two_azs_and_its_targets_from_the_panel() {
        let mut d = sample();
        let public = d
            .network
            .subnets
            .iter()
            .find(|s| edit::is_public(&d.network, &s.id))
            .unwrap()
            .id
            .clone();
        let lb = edit::add(
            &mut d,
            ComponentKind::LoadBalancer,
            &Container::Subnet(public.clone()),
            SimRect {
                x: 0.0,
                y: 0.0,
                w: 64.0,
                h: 64.0,
            },
        )
        .unwrap();
        let other = d
            .network
            .subnets
            .iter()
            .find(|s| s.id != public)
            .unwrap()
            .name
            .clone();
        let app = d
            .network
            .instances
            .iter()
            .find(|i| i.name == "app")
            .unwrap()
            .id
            .clone();
        set_field(
            &mut d,
            &lb,
            FieldKey::LbSubnets,
            &format!("{public}, {other}"),
        )
        .unwrap();
        set_field(&mut d, &lb, FieldKey::LbListeners, "HTTP:80").unwrap();
        set_field(&mut d, &lb, FieldKey::LbTargetPort, "8080").unwrap();
        set_field(&mut d, &lb, FieldKey::LbTargets, "app").unwrap();
        let l = d
            .network
            .load_balancers
            .iter()
            .find(|l| l.id == lb)
            .unwrap();
        assert_eq!(l.subnets.len(), 2);
        let tg = d
            .network
            .target_groups
            .iter()
            .find(|g| Some(&g.id) == l.listeners[0].target_group.as_ref())
            .unwrap();
        assert_eq!((tg.port, tg.targets[0].id.as_str()), (8080, app.as_str()));
        assert!(set_field(&mut d, &lb, FieldKey::LbSubnets, "nowhere")
            .unwrap_err()
            .to_string()
            .contains("no subnet"));
        assert!(set_field(&mut d, &lb, FieldKey::LbListeners, "HTTP:eighty")
            .unwrap_err()
            .to_string()
            .contains("HTTP:80"));
        // The tracer now follows the listener to the target (the app's SG allows 8080 from the VPC).
        let t = run_trace(&d, "internet", &lb, "tcp", "80").unwrap();
        assert!(
            t.hops.iter().any(|h| h.component == app),
            "{:?}",
            t.hops
                .iter()
                .map(|h| h.component.clone())
                .collect::<Vec<_>>()
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn field_edits_are_validated() {
        let mut d = sample();
        let subnet = d.network.subnets[0].id.clone();
        assert!(set_field(&mut d, &subnet, FieldKey::Cidr, "10.0.300.0/24")
            .unwrap_err()
            .to_string()
            .contains("not a valid CIDR"));
        set_field(&mut d, &subnet, FieldKey::Cidr, "10.0.9.0/24").unwrap();
        assert_eq!(d.network.subnets[0].cidr, "10.0.9.0/24");
    }

    /// Refused list-view and field edits: `sim`'s English as it was, and a whole Korean
    /// sentence that repeats the ids and values.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn refused_edits_are_worded_in_both_languages() {
        let d = sample();
        let table = d.network.route_tables[0].id.clone();
        let subnet = d.network.subnets[0].id.clone();
        type Edit = Box<dyn Fn(&mut Design) -> Result<(), Refused>>;
        let (t1, t2, t3, s1) = (table.clone(), table.clone(), table.clone(), subnet.clone());
        let cases: Vec<(Edit, String, &[&str], &str)> = vec![
            (
                Box::new(move |d| {
                    apply_policy(
                        d,
                        &PolicyOp::AddRoute {
                            table: t1.clone(),
                            destination: "10.0.0.0/33".into(),
                            target: "local".into(),
                        },
                    )
                }),
                "`10.0.0.0/33` is not a valid CIDR block: `10.0.0.0/33` has a prefix length above 32"
                    .into(),
                &["10.0.0.0/33", "CIDR", "32"],
                "올바른 CIDR 블록이 아닙니다",
            ),
            (
                Box::new(move |d| {
                    apply_policy(
                        d,
                        &PolicyOp::RemoveRoute {
                            table: t2.clone(),
                            index: 99,
                        },
                    )
                }),
                format!("route table {t3} has no route #99"),
                &["#99"],
                "경로가 없습니다",
            ),
            (
                Box::new(|d| {
                    apply_policy(
                        d,
                        &PolicyOp::AddNaclEntry {
                            acl: "acl-1".into(),
                            egress: false,
                            number: " 1x ".into(),
                            protocol: "tcp".into(),
                            ports: "22".into(),
                            cidr: "0.0.0.0/0".into(),
                            allow: true,
                        },
                    )
                }),
                "`1x` is not a rule number".into(),
                &["`1x`"],
                "규칙 번호가 아닙니다",
            ),
            (
                Box::new(move |d| set_field(d, &s1, FieldKey::PrivateIp, "10.0.0")),
                "a subnet has no editable field `private_ip`".into(),
                &["`private_ip`"],
                "서브넷에는 편집할 수 있는 필드",
            ),
            (
                Box::new(|d| apply_fix(d, &Diagnostic::new("X", network::Severity::Warning, "c", "m", None))),
                "this finding has no automatic fix".into(),
                &[],
                "자동 수정이 없습니다",
            ),
        ];
        for (edit, en, facts, ko_words) in cases {
            let mut copy = d.clone();
            let why = edit(&mut copy).unwrap_err();
            assert_eq!(copy, d, "{en}: a refused edit changes nothing");
            assert_eq!(why.to_string(), en);
            assert_eq!(why.text(Lang::En), en);
            let ko = why.text(Lang::Ko);
            assert!(ko.contains(ko_words), "{en}: {ko}");
            // The ids the English names (the route table's among them) are in the Korean too.
            let table_named = en.contains(&table).then_some(table.as_str());
            for f in facts.iter().copied().chain(table_named) {
                assert!(ko.contains(f), "{en}: `{f}` missing in {ko}");
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn field_validation_is_sims_english_and_korean() {
        let cases: &[(FieldKey, &str, &str, &str)] = &[
            (
                FieldKey::Cidr,
                "10.0.0.0/8",
                "a /8 block is larger than AWS allows; use /16 or smaller (a longer prefix). AWS accepts /16 to /28",
                "/8 블록은 AWS가 허용하는 것보다 큽니다",
            ),
            (FieldKey::PrivateIp, "10.0.0", "not an IPv4 address", "IPv4 주소가 아닙니다"),
            (
                FieldKey::Port,
                "70000",
                "not a port number (0–65535)",
                "포트 번호(0–65535)가 아닙니다",
            ),
            (
                FieldKey::NodeLabels,
                "tier",
                "label `tier` should be key=value",
                "레이블 `tier`은(는) key=value 형식이어야 합니다.",
            ),
            (
                FieldKey::NodeTaints,
                "dedicated=gpu",
                "taint `dedicated=gpu` needs an effect: key=value:NoSchedule",
                "테인트 `dedicated=gpu`에 효과가 없습니다",
            ),
        ];
        for (key, value, en, ko) in cases {
            let t = validate_field(*key, value).unwrap_or_else(|| panic!("{key:?} {value}"));
            assert_eq!(edits::sim_text(Lang::En, &t), *en);
            let said = edits::sim_text(Lang::Ko, &t);
            assert!(said.starts_with(ko), "{key:?}: {said}");
        }
        assert_eq!(validate_field(FieldKey::Cidr, "10.0.0.0/24"), None);
    }
}

/// The target group a load balancer forwards to (its first listener's), if any.
fn lb_group<'a>(
    net: &'a Network,
    l: &sim::network::LoadBalancer,
) -> Option<&'a sim::network::TargetGroup> {
    l.listeners
        .iter()
        .find_map(|x| x.target_group.as_deref())
        .and_then(|tg| net.target_groups.iter().find(|g| g.id == tg))
}

/// For a subnet: the next free /24 of its VPC, offered as a one-click suggestion.
pub fn suggest_cidr(design: &Design, id: &str) -> Option<String> {
    let subnet = design.network.subnet(id)?;
    edit::next_free_subnet(&design.network, &subnet.vpc_id, 24).map(|c| c.to_string())
}

/// Is this text AWS CLI `describe-*` output rather than a Stratosim design?
pub fn looks_like_aws(text: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    !map.contains_key("version")
        && [
            "Vpcs",
            "Subnets",
            "RouteTables",
            "SecurityGroups",
            "Reservations",
            "Instances",
            "InternetGateways",
            "NetworkAcls",
        ]
        .iter()
        .any(|k| map.contains_key(*k))
}

/// Imports merged AWS CLI JSON and lays it out (VPCs stacked, AZ columns, subnets in rows),
/// since describe-* output carries no coordinates.
pub fn import_aws(name: &str, text: &str) -> Result<Design, String> {
    let (net, _warnings) = network::import_aws_json(text).map_err(|e| e.to_string())?;
    let stem = name.trim_end_matches(".json");
    let mut design = Design::new(&format!("Imported: {stem}"), net);
    edit::auto_layout(&mut design);
    Ok(design)
}

/// An edit of a route table, security group or network ACL from the list views.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PolicyOp {
    AddRoute {
        table: String,
        destination: String,
        target: String,
    },
    RemoveRoute {
        table: String,
        index: usize,
    },
    AssociateRouteTable {
        table: String,
        subnet: String,
        on: bool,
    },
    CreateRouteTable {
        vpc: String,
    },
    /// Route propagation from a virtual private gateway into a table (G3).
    SetVgwPropagation {
        table: String,
        vgw: String,
        on: bool,
    },
    AddSecurityGroupRule {
        group: String,
        egress: bool,
        protocol: String,
        ports: String,
        peer: String,
        description: String,
    },
    RemoveSecurityGroupRule {
        group: String,
        egress: bool,
        index: usize,
    },
    AttachSecurityGroup {
        instance: String,
        group: String,
        on: bool,
    },
    CreateSecurityGroup {
        vpc: String,
        name: String,
    },
    AddNaclEntry {
        acl: String,
        egress: bool,
        number: String,
        protocol: String,
        ports: String,
        cidr: String,
        allow: bool,
    },
    RemoveNaclEntry {
        acl: String,
        egress: bool,
        number: u32,
    },
    AssociateNacl {
        acl: String,
        subnet: String,
        on: bool,
    },
    CreateNacl {
        vpc: String,
    },
    /// Customer-managed prefix lists (M4).
    CreatePrefixList {
        name: String,
        family: String,
        max_entries: String,
    },
    SetPrefixList {
        id: String,
        name: String,
        max_entries: String,
    },
    AddPrefixListEntry {
        id: String,
        cidr: String,
        description: String,
    },
    RemovePrefixListEntry {
        id: String,
        cidr: String,
    },
    DeletePrefixList {
        id: String,
    },
    /// Transit gateway route tables, attachments and VPN connections.
    Transit(transit::TransitOp),
}

/// Applies a list-view edit through `sim::network::policy_edit`.
pub fn apply_policy(design: &mut Design, op: &PolicyOp) -> Result<(), Refused> {
    use sim::network::fix::RuleDirection;
    use sim::network::policy_edit as p;
    use sim::network::prefix_list_edit as pl;
    let dir = |egress: bool| {
        if egress {
            RuleDirection::Egress
        } else {
            RuleDirection::Ingress
        }
    };
    let r = match op {
        PolicyOp::AddRoute {
            table,
            destination,
            target,
        } => p::add_route(design, table, destination, target),
        PolicyOp::RemoveRoute { table, index } => p::remove_route(design, table, *index),
        PolicyOp::AssociateRouteTable { table, subnet, on } => {
            p::set_route_table_association(design, table, subnet, *on)
        }
        PolicyOp::CreateRouteTable { vpc } => {
            let n = design
                .network
                .route_tables
                .iter()
                .filter(|t| &t.vpc_id == vpc)
                .count();
            p::create_route_table(design, vpc, &format!("rtb-{n}")).map(|_| ())
        }
        PolicyOp::SetVgwPropagation { table, vgw, on } => {
            p::set_vgw_propagation(design, table, vgw, *on)
        }
        PolicyOp::AddSecurityGroupRule {
            group,
            egress,
            protocol,
            ports,
            peer,
            description,
        } => p::parse_security_group_rule(&design.network, protocol, ports, peer, description)
            .and_then(|rule| p::add_security_group_rule(design, group, dir(*egress), rule)),
        PolicyOp::RemoveSecurityGroupRule {
            group,
            egress,
            index,
        } => p::remove_security_group_rule(design, group, dir(*egress), *index),
        PolicyOp::AttachSecurityGroup {
            instance,
            group,
            on,
        } => p::set_instance_security_group(design, instance, group, *on),
        PolicyOp::CreateSecurityGroup { vpc, name } => {
            p::create_security_group(design, vpc, name).map(|_| ())
        }
        PolicyOp::AddNaclEntry {
            acl,
            egress,
            number,
            protocol,
            ports,
            cidr,
            allow,
        } => match number.trim().parse::<u32>() {
            Ok(n) => p::add_nacl_entry(
                design,
                acl,
                *egress,
                n,
                protocol,
                ports,
                cidr,
                if *allow {
                    sim::network::RuleAction::Allow
                } else {
                    sim::network::RuleAction::Deny
                },
            ),
            Err(_) => return Err(Refused::NotARuleNumber(number.trim().to_string())),
        },
        PolicyOp::RemoveNaclEntry {
            acl,
            egress,
            number,
        } => p::remove_nacl_entry(design, acl, *egress, *number),
        PolicyOp::AssociateNacl { acl, subnet, on } => {
            p::set_nacl_association(design, acl, subnet, *on)
        }
        PolicyOp::CreateNacl { vpc } => {
            let n = design
                .network
                .network_acls
                .iter()
                .filter(|t| &t.vpc_id == vpc)
                .count();
            p::create_network_acl(design, vpc, &format!("acl-{n}")).map(|_| ())
        }
        PolicyOp::CreatePrefixList {
            name,
            family,
            max_entries,
        } => pl::create_prefix_list(design, name, family, max_entries).map(|_| ()),
        PolicyOp::SetPrefixList {
            id,
            name,
            max_entries,
        } => pl::set_prefix_list(design, id, name, max_entries),
        PolicyOp::AddPrefixListEntry {
            id,
            cidr,
            description,
        } => pl::add_prefix_list_entry(design, id, cidr, description),
        PolicyOp::RemovePrefixListEntry { id, cidr } => {
            pl::remove_prefix_list_entry(design, id, cidr)
        }
        PolicyOp::DeletePrefixList { id } => pl::delete_prefix_list(design, id),
        PolicyOp::Transit(op) => return transit::apply(design, op),
    };
    Ok(r?)
}

/// Is this a list AWS manages (a service's ranges), shown read-only (M1)?
pub fn prefix_list_is_aws_managed(list: &sim::network::PrefixList) -> bool {
    sim::network::prefix_list_edit::is_aws_managed(list)
}

/// Text for a route destination and target, a rule's ports and peer: how the list views and
/// the trace explanations write them.
pub fn route_text(r: &sim::network::Route) -> (String, String) {
    let dest = match &r.destination {
        sim::network::RouteDestination::Cidr(c) => c.clone(),
        sim::network::RouteDestination::PrefixList(p) => p.clone(),
    };
    (dest, r.target.id.clone())
}

pub fn ports_text(p: &Option<sim::network::PortRange>) -> String {
    match p {
        None => "all".into(),
        Some(r) if r.from == r.to => r.from.to_string(),
        Some(r) => format!("{}-{}", r.from, r.to),
    }
}

/// A rule's peer in a table cell; sim owns the wording so tables and hops agree.
pub use sim::network::trace::peer_label;

/// Endpoints a trace can start or end at: the internet, then instances, load balancers,
/// databases and AWS services, as (id, label). [`analysis::Analysis::endpoints`] adds the pods.
pub fn trace_endpoints(net: &Network) -> Vec<(String, String)> {
    let mut out = vec![("internet".to_string(), "the internet".to_string())];
    out.extend(
        net.instances
            .iter()
            .map(|i| (i.id.clone(), display_name(&i.name, &i.id))),
    );
    out.extend(
        net.load_balancers
            .iter()
            .map(|l| (l.id.clone(), display_name(&l.name, &l.id))),
    );
    out.extend(
        net.databases
            .iter()
            .map(|d| (d.id.clone(), display_name(&d.name, &d.id))),
    );
    out.extend(
        net.aws_services
            .iter()
            .map(|s| (s.id.clone(), display_name(&s.name, &s.id))),
    );
    out
}

/// A flow typed in the UI, or what is wrong with it (in the reader's language).
pub fn parse_flow(from: &str, to: &str, protocol: &str, port: &str) -> Result<network::Flow, Text> {
    let value = |v: &str| vec![("value", Arg::Value(v.trim().to_string()))];
    let protocol = network::Protocol::parse(protocol)
        .ok_or_else(|| analysis::app_text("trace-flow-not-a-protocol", value(protocol)))?;
    let port = match port.trim() {
        "" => None,
        p => Some(
            p.parse::<u16>()
                .map_err(|_| analysis::app_text("trace-flow-not-a-port", value(p)))?,
        ),
    };
    Ok(network::Flow {
        from: from.into(),
        to: to.into(),
        protocol,
        port,
        src_port: None,
        icmp_type: None,
        icmp_code: None,
    })
}

/// Runs the tracer on a flow typed in the UI (one-off; the app traces through
/// [`analysis::Analysis::trace`], which knows the pods).
pub fn run_trace(
    design: &Design,
    from: &str,
    to: &str,
    protocol: &str,
    port: &str,
) -> Result<network::Trace, String> {
    let flow = parse_flow(from, to, protocol, port).map_err(|e| e.en)?;
    network::trace_design(design, &flow).map_err(|e| e.to_string())
}

/// The packet's source and destination addresses at a hop (`a:p → b:q proto`).
fn hop_addresses(packet: &str) -> Option<(String, String)> {
    let (a, rest) = packet.split_once(" → ")?;
    let b = rest.split_whitespace().next()?;
    let ip = |s: &str| {
        s.rsplit_once(':')
            .map(|(ip, _)| ip.to_string())
            .unwrap_or_else(|| s.to_string())
    };
    Some((ip(a), ip(b)))
}

/// The canvas shape a hop happens at: the component itself when it is drawn; for security
/// groups the instance, and for NACLs and route tables the subnet, where the packet is.
pub fn hop_anchor(design: &Design, hop: &network::Hop) -> Option<String> {
    hop_anchor_on(design, &design.network, hop)
}

/// [`hop_anchor`] with the addresses looked up in `net` (the cluster network's copy of the
/// design's network, where pods' addresses are their nodes' secondary IPs): a NetworkPolicy or
/// pod hop is drawn at the node instance of the pod it decides for.
pub fn hop_anchor_on(design: &Design, net: &Network, hop: &network::Hop) -> Option<String> {
    use network::ComponentKind as K;
    if hop.kind == K::Internet {
        return Some("internet".into());
    }
    if design.layout.contains_key(&hop.component) {
        return Some(hop.component.clone());
    }
    if let Some(a) = transit::hop_anchor(design, hop) {
        return Some(a);
    }
    let (src, dst) = hop_addresses(&hop.packet)?;
    let here = match (hop.kind, hop.direction) {
        (K::NetworkAcl, network::HopDirection::Inbound)
        | (K::SecurityGroup, network::HopDirection::Inbound)
        | (K::Pod, network::HopDirection::Inbound) => dst,
        _ => src,
    };
    let addr = network::cidr::parse_ip(&here)?;
    match hop.kind {
        K::SecurityGroup | K::NetworkInterface | K::Pod | K::KubernetesNode => net
            .instances
            .iter()
            .find(|i| i.private_ip == here || i.secondary_private_ips.contains(&here))
            .map(|i| i.id.clone())
            .or_else(|| {
                net.databases
                    .iter()
                    .find(|d| d.private_ip.as_deref() == Some(here.as_str()))
                    .map(|d| d.id.clone())
            }),
        _ => net
            .subnets
            .iter()
            .find(|s| network::Cidr::parse(&s.cidr).is_ok_and(|c| c.contains(addr)))
            .map(|s| s.id.clone()),
    }
}

/// Where "the internet" is drawn: level with the first internet gateway, to its left (so
/// fitting the design to the screen keeps it visible), else above the first VPC.
pub fn internet_anchor(design: &Design) -> (f64, f64) {
    let igw = design
        .network
        .internet_gateways
        .iter()
        .filter_map(|g| design.layout.get(&g.id))
        .next();
    if let Some(r) = igw {
        return (r.x - 220.0, r.y + r.h / 2.0 - 6.0);
    }
    design
        .network
        .vpcs
        .iter()
        .filter_map(|v| design.layout.get(&v.id))
        .map(|r| (r.x + 60.0, r.y - 40.0))
        .next()
        .unwrap_or((60.0, 40.0))
}

/// Applies a suggested fix (a lint's or a tracer blocker's) and lays out what it created.
pub fn apply_trace_fix(design: &mut Design, fix: &network::Fix) -> Result<(), Refused> {
    fix.apply(design)
        .map_err(|e| Refused::English(e.to_string()))?;
    edit::auto_layout(design);
    Ok(())
}

#[cfg(test)]
mod trace_tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_hop_of_the_sample_ssh_trace_lands_on_a_drawn_component() {
        let d = sample();
        let bastion = d
            .network
            .instances
            .iter()
            .find(|i| i.name == "bastion")
            .unwrap()
            .id
            .clone();
        let t = run_trace(&d, "203.0.113.10", &bastion, "tcp", "22").unwrap();
        assert!(t.is_reachable(), "{:?}", t.verdict);
        for hop in t.hops.iter().chain(&t.return_hops) {
            let anchor = hop_anchor(&d, hop).unwrap_or_else(|| panic!("no anchor for {hop:?}"));
            assert!(
                anchor == "internet" || d.layout.contains_key(&anchor),
                "{anchor} is not drawn"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_flow_form_reports_bad_input() {
        let d = sample();
        assert!(run_trace(&d, "internet", "nowhere", "tcp", "22")
            .unwrap_err()
            .to_string()
            .contains("unknown endpoint"));
        assert!(run_trace(&d, "internet", "internet", "tcp", "ssh")
            .unwrap_err()
            .to_string()
            .contains("not a port"));
    }
}

/// A pod the tracer can start or end at: its IP is a secondary address of its node's
/// interface (AWS VPC CNI), so the pod's traffic is checked like its node's.
#[derive(Clone, Debug, PartialEq)]
pub struct PodAddress {
    pub ip: String,
    pub label: String,
    pub instance: String,
}
