//! The rubric format (YAML or JSON; documented with examples in `docs/RUBRICS.md`).
//!
//! **API boundary**: [`Rubric::parse`] never panics; every error names the file, the line
//! (when it can be known) and the field, e.g.
//! `week1.yaml:14: checks[2] (id \`web-8080\`): field \`reach.port\`: a tcp flow needs a port`.
//! A parsed rubric is valid: every check has exactly one kind, every selector and duration
//! parses, ids are unique and every tier a check names is defined.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cluster::sim::parse_duration;
use crate::network::{Protocol, Severity};

/// A validated rubric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Subnet tiers, first match wins (see [`Tier`]). Defaults to `public` and `private` by routing.
    pub tiers: Vec<Tier>,
    pub checks: Vec<Check>,
    /// Per-student variant parameters (`grade::variant`); empty for a plain rubric.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub variants: super::variant::Params,
    /// The variant this rubric was rendered for (`None`: defaults, `variant_only` checks left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// A named group of subnets. A subnet belongs to the first tier whose `routing` and
/// `name` both match it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub name: String,
    /// `public` (a route to an attached internet gateway, R11), `private` (none) or `any`.
    #[serde(default)]
    pub routing: Routing,
    /// Glob patterns (`*` wildcard, case-insensitive) matched against the subnet's name and id;
    /// empty means any name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_patterns: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    #[default]
    Any,
    Public,
    Private,
}

/// One graded item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub id: String,
    pub points: u32,
    /// What the learner should achieve, shown in the checklist.
    pub message: String,
    #[serde(flatten)]
    pub kind: CheckKind,
    /// The variant parameters the check's text uses (its values differ per student).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// What to tell a student who failed the check (feedback files), in the scenario's words.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// VPC count and size.
    Vpc(VpcSpec),
    /// Subnets of a tier: count, size and spread over availability zones.
    Subnets(SubnetSpec),
    /// Availability zones per tier, for several tiers at once.
    TierAzs(TierAzsSpec),
    /// Every subnet CIDR lies inside its VPC's CIDR blocks (V1).
    CidrsInsideVpc(bool),
    /// No two subnets of a VPC overlap (V2).
    NoOverlappingSubnets(bool),
    /// Every VPC has an attached internet gateway (I1a).
    IgwAttached(bool),
    /// At least one NAT gateway, and every public NAT gateway sits in a public subnet (N1).
    NatInPublicSubnet(bool),
    /// Instances by role / tier / name: count and spread.
    Instances(InstanceSpec),
    /// Load balancers: count, scheme and availability zones.
    LoadBalancers(LoadBalancerSpec),
    /// Databases: count, Multi-AZ, tier.
    Databases(DatabaseSpec),
    /// The subnets of the Kubernetes nodes span enough availability zones (EKS requires two).
    EksSubnets(EksSpec),
    /// Reachability assertion evaluated by the tracer.
    Reach(ReachSpec),
    /// Least privilege: a port is open from one source and from nothing else, by trace and by
    /// the width of the security-group rules (see `grade::least_privilege`).
    OnlyFrom(OnlyFromSpec),
    /// A flow is allowed and its path crosses a component of a kind, or a named one.
    Through(ThroughSpec),
    /// No lint diagnostic at this severity or worse.
    NoLint(Severity),
    /// Every replica of a Deployment is Running and ready within a time, optionally after an AZ failure.
    ReplicasRunning(ReplicasSpec),
    /// A Service of the given type selects the pods of a workload.
    ServiceExposed(ServiceSpec),
}

impl CheckKind {
    /// The key used in the rubric file.
    pub fn key(&self) -> &'static str {
        match self {
            CheckKind::Vpc(_) => "vpc",
            CheckKind::Subnets(_) => "subnets",
            CheckKind::TierAzs(_) => "tier_azs",
            CheckKind::CidrsInsideVpc(_) => "cidrs_inside_vpc",
            CheckKind::NoOverlappingSubnets(_) => "no_overlapping_subnets",
            CheckKind::IgwAttached(_) => "igw_attached",
            CheckKind::NatInPublicSubnet(_) => "nat_in_public_subnet",
            CheckKind::Instances(_) => "instances",
            CheckKind::LoadBalancers(_) => "load_balancers",
            CheckKind::Databases(_) => "databases",
            CheckKind::EksSubnets(_) => "eks_subnets",
            CheckKind::Reach(_) => "reach",
            CheckKind::OnlyFrom(_) => "only_from",
            CheckKind::Through(_) => "through",
            CheckKind::NoLint(_) => "no_lint",
            CheckKind::ReplicasRunning(_) => "replicas_running",
            CheckKind::ServiceExposed(_) => "service_exposed",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcSpec {
    /// Exact number of VPCs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// Prefix length of each VPC's primary CIDR block, e.g. 16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<u8>,
    /// The exact primary CIDR block of every VPC, e.g. `10.0.0.0/16`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    /// The exact number of availability zones the subnets of each VPC use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azs: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetSpec {
    /// The tier name; absent means every subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Exact count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// At least this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// Every subnet of the tier has exactly this prefix length, e.g. 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<u8>,
    /// The tier spans at least this many availability zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct_azs: Option<usize>,
    /// No availability zone holds more than this many subnets of the tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_az: Option<usize>,
    /// The tier's subnet CIDRs are exactly these (as a set, order free).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<String>,
}

/// Every listed tier (default: every tier of the rubric) spans at least `min` (and at most
/// `max`) availability zones: "≥ 2 AZs per tier".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierAzsSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<String>,
    pub min: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    /// `bastion`, `web`, `app`, `nat-instance`, `kubernetes-node`, `kubernetes-control-plane`, `plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct_azs: Option<usize>,
    /// Each matching instance has (true) or has not (false) a public IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerSpec {
    /// `internet-facing` or `internal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// Each matching load balancer spans at least this many availability zones (L3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct_azs: Option<usize>,
    /// Each matching load balancer's subnets are all in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    /// Every subnet of each database's subnet group is in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksSpec {
    /// Minimum availability zones (EKS: 2).
    #[serde(default = "two")]
    pub min_azs: usize,
    /// Every node subnet is in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

fn two() -> usize {
    2
}

/// `from`/`to` selectors: a component id, a component name, `tier:<name>`, `role:<role>`,
/// `subnet:<id or name>`, `internet`, or an IP address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReachSpec {
    pub from: String,
    pub to: String,
    pub protocol: Protocol,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub expect: Expect,
    /// `all` pairs (default) or `any` pair must meet the expectation.
    pub quantifier: Quantifier,
}

/// `port` on `to` is open from `from` (and `also_from`) only: every such flow is allowed, the
/// same flow from every other instance and database, and from the internet, is denied, and no
/// security-group rule of `to` covering the port names a wider source (a CIDR holding any
/// address outside the allowed sources, or a group with other members) — even when routing
/// happens to hide it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OnlyFromSpec {
    pub to: String,
    pub from: String,
    pub protocol: Protocol,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Further sources that may also reach the port (e.g. `tier:app` itself when the nodes of
    /// a cluster talk to each other on every port, as EKS requires).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_from: Vec<String>,
}

/// Every `from` → `to` flow is allowed and its forward path crosses `via`: a component kind
/// (`nat_gateway`, `internet_gateway`, `load_balancer`, `peering_connection`, `vpc_endpoint`)
/// or a component id or name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThroughSpec {
    pub from: String,
    pub to: String,
    pub protocol: Protocol,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub via: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Allowed,
    Denied,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantifier {
    #[default]
    All,
    Any,
}

/// The workload a `replicas_running` check watches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    #[default]
    Deployment,
    /// Its pods are `<name>-<ordinal>`; each keeps its claims (and so its EBS volume's zone).
    StatefulSet,
}

impl Workload {
    pub fn name(self) -> &'static str {
        match self {
            Workload::Deployment => "Deployment",
            Workload::StatefulSet => "StatefulSet",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicasSpec {
    /// `name` or `namespace/name` of the workload (`deployment:` or `statefulset:` in YAML).
    pub deployment: String,
    pub workload: Workload,
    /// How many replicas must be Running and ready; `None`: all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_ready: Option<i32>,
    /// With a zone failure: the operator applies the out-of-service taint
    /// (`node.kubernetes.io/out-of-service`) to the failed zone's nodes this long after the
    /// failure, so pods stuck Terminating there are deleted and recreated (SEMANTICS C16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_of_service_after_ms: Option<u64>,
    /// `each` (every zone in turn), `first` (the first zone in name order) or a zone name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_failure: Option<String>,
    /// When the failure happens, in ms of simulated time.
    pub at_ms: u64,
    /// How long after the failure (or after the start) every replica must be Running, in ms.
    pub within_ms: u64,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// `LoadBalancer`, `NodePort` or `ClusterIP`.
    #[serde(rename = "type")]
    pub service_type: String,
    /// A Deployment (`name` or `namespace/name`) whose pod template the Service must select.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
}

/// A rubric problem, naming where it is.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{file}{}: {location}{message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RubricError {
    pub file: String,
    pub line: Option<usize>,
    /// e.g. `checks[2] (id `web-8080`): field `reach.port`: ` — empty for whole-file problems.
    pub location: String,
    pub message: String,
}

// ---- raw shapes ------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    id: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tiers: Option<Vec<Tier>>,
    checks: Vec<RawCheck>,
    #[serde(default)]
    variants: super::variant::Params,
}

/// Only the `variants` block, read before the text is rendered.
#[derive(Deserialize)]
struct RawParamsOnly {
    #[serde(default)]
    variants: super::variant::Params,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    id: String,
    #[serde(default = "one")]
    points: u32,
    #[serde(default)]
    message: String,
    /// Graded only when the rubric is rendered for a variant.
    #[serde(default)]
    variant_only: bool,
    #[serde(default)]
    hint: String,
    vpc: Option<VpcSpec>,
    subnets: Option<SubnetSpec>,
    tier_azs: Option<TierAzsSpec>,
    cidrs_inside_vpc: Option<bool>,
    no_overlapping_subnets: Option<bool>,
    igw_attached: Option<bool>,
    nat_in_public_subnet: Option<bool>,
    instances: Option<InstanceSpec>,
    load_balancers: Option<LoadBalancerSpec>,
    databases: Option<DatabaseSpec>,
    eks_subnets: Option<EksSpec>,
    reach: Option<RawReach>,
    only_from: Option<RawOnlyFrom>,
    through: Option<RawThrough>,
    no_lint: Option<Severity>,
    replicas_running: Option<RawReplicas>,
    service_exposed: Option<ServiceSpec>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReach {
    from: String,
    to: String,
    #[serde(default = "tcp")]
    protocol: Protocol,
    port: Option<u16>,
    expect: Expect,
    #[serde(default)]
    quantifier: Quantifier,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOnlyFrom {
    to: String,
    from: String,
    #[serde(default = "tcp")]
    protocol: Protocol,
    port: Option<u16>,
    #[serde(default)]
    also_from: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThrough {
    from: String,
    to: String,
    #[serde(default = "tcp")]
    protocol: Protocol,
    port: Option<u16>,
    via: String,
}

fn tcp() -> Protocol {
    Protocol::Tcp
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReplicas {
    #[serde(default)]
    deployment: Option<String>,
    #[serde(default)]
    statefulset: Option<String>,
    #[serde(default)]
    min_ready: Option<i32>,
    #[serde(default)]
    out_of_service_after: Option<serde_json::Value>,
    zone_failure: Option<String>,
    #[serde(default)]
    at: Option<serde_json::Value>,
    within: serde_json::Value,
    /// Defaults to the seed of every other cluster run ([`crate::cluster::DEFAULT_SEED`]).
    #[serde(default = "default_seed")]
    seed: u64,
}

fn default_seed() -> u64 {
    crate::cluster::DEFAULT_SEED
}

/// The component kinds a `through.via` can name (the tracer's hop kinds a path can cross).
pub const VIA_KINDS: &[&str] = &[
    "nat_gateway",
    "internet_gateway",
    "load_balancer",
    "peering_connection",
    "vpc_endpoint",
    "transit_gateway",
    "vpn_gateway",
    "egress_only_internet_gateway",
];

const SELECTOR_PREFIXES: &[&str] = &[
    "tier:",
    "role:",
    "subnet:",
    "name:",
    "endpoint:",
    "pod:",
    "service:",
];
const ROLES: &[&str] = &[
    "bastion",
    "web",
    "app",
    "nat-instance",
    "kubernetes-node",
    "kubernetes-control-plane",
    "plain",
    "load-balancer",
    "database",
    "nat-gateway",
];

impl Rubric {
    /// Parses a rubric from YAML or JSON text; `file` is used in error messages. A rubric with
    /// variant parameters is rendered with their defaults (see [`Rubric::parse_variant`]).
    pub fn parse(file: &str, text: &str) -> Result<Rubric, RubricError> {
        Rubric::parse_variant(file, text, None)
    }

    /// Parses a rubric rendered for one variant (`v<n>`, see `grade::variant`); `None` renders
    /// the defaults and leaves `variant_only` checks out. An unknown variant id is an error.
    pub fn parse_variant(
        file: &str,
        text: &str,
        variant: Option<&str>,
    ) -> Result<Rubric, RubricError> {
        crate::yaml::check_yaml(text).map_err(|e| RubricError {
            file: file.into(),
            line: (!e.path().is_empty()).then(|| e.line()),
            location: if e.path().is_empty() {
                String::new()
            } else {
                format!("field `{}`: ", e.path())
            },
            message: e.message(),
        })?;
        let params = if text.contains("variants") || text.contains("{{") {
            serde_norway::from_str::<RawParamsOnly>(text)
                .map(|p| p.variants)
                .unwrap_or_default()
        } else {
            Default::default()
        };
        let values = match variant {
            None => super::variant::defaults(&params),
            Some(id) => match super::variant::by_id(&params, id) {
                Some(v) => v.values,
                None => {
                    return Err(RubricError {
                        file: file.into(),
                        line: line_of(text, "variants", ""),
                        location: String::new(),
                        message: format!(
                            "unknown variant `{id}`: the rubric has {} (v0 … v{})",
                            super::variant::count(&params),
                            super::variant::count(&params).saturating_sub(1)
                        ),
                    })
                }
            },
        };
        let rendered = if text.contains("{{") {
            super::variant::render(file, text, &values)?
        } else {
            text.to_string()
        };
        let mut rubric = Rubric::parse_rendered(file, &rendered, variant.is_some())?;
        if let Some((name, _)) = params.iter().find(|(_, p)| p.values.is_empty()) {
            return Err(RubricError {
                file: file.into(),
                line: line_of(text, name, ""),
                location: format!("field `variants.{name}`: "),
                message: "a parameter needs at least one value".into(),
            });
        }
        for c in &mut rubric.checks {
            c.params = check_block(text, &c.id)
                .map(super::variant::used)
                .unwrap_or_default();
        }
        rubric.variants = params;
        rubric.variant = variant.map(str::to_string);
        Ok(rubric)
    }

    fn parse_rendered(file: &str, text: &str, varied: bool) -> Result<Rubric, RubricError> {
        crate::yaml::check_yaml(text).map_err(|e| RubricError {
            file: file.into(),
            // A too-large document says its line in the message.
            line: (!e.path().is_empty()).then(|| e.line()),
            location: if e.path().is_empty() {
                String::new()
            } else {
                format!("field `{}`: ", e.path())
            },
            message: e.message(),
        })?;
        let raw: RawRubric = {
            let de = serde_norway::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let line = inner.location().map(|l| l.line());
                let message = strip_yaml_position(&inner.to_string());
                // serde_norway prefixes the path itself; it is reported once, in `location`.
                let message = match message.split_once(": ") {
                    Some((head, rest)) if !head.is_empty() && path.starts_with(head) => {
                        rest.to_string()
                    }
                    _ => message,
                };
                let location = if path.is_empty() || path == "." {
                    String::new()
                } else {
                    format!("field `{path}`: ")
                };
                RubricError {
                    file: file.into(),
                    line,
                    location,
                    message,
                }
            })?
        };
        let fail = |line: Option<usize>, location: String, message: String| RubricError {
            file: file.into(),
            line,
            location,
            message,
        };
        if raw.id.trim().is_empty() {
            return Err(fail(
                line_of(text, "id", &raw.id),
                "field `id`: ".into(),
                "the rubric needs a non-empty id".into(),
            ));
        }
        let tiers = raw.tiers.unwrap_or_else(default_tiers);
        let mut tier_names = std::collections::BTreeSet::new();
        for (i, t) in tiers.iter().enumerate() {
            if t.name.trim().is_empty() || !tier_names.insert(t.name.clone()) {
                return Err(fail(
                    line_of(text, "name", &t.name),
                    format!("field `tiers[{i}].name`: "),
                    format!("tier name `{}` is empty or defined twice", t.name),
                ));
            }
        }
        if raw.checks.is_empty() {
            return Err(fail(
                line_of(text, "checks", ""),
                "field `checks`: ".into(),
                "a rubric needs at least one check".into(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut checks = Vec::with_capacity(raw.checks.len());
        for (i, c) in raw.checks.into_iter().enumerate() {
            if c.variant_only && !varied {
                continue;
            }
            let line = line_of(text, "id", &c.id);
            let cid = c.id.clone();
            let at = |field: &str| {
                if field.is_empty() {
                    format!("checks[{i}] (id `{cid}`): ")
                } else {
                    format!("checks[{i}] (id `{cid}`): field `{field}`: ")
                }
            };
            if c.id.trim().is_empty() {
                return Err(fail(
                    line,
                    format!("checks[{i}]: field `id`: "),
                    "every check needs a non-empty id".into(),
                ));
            }
            if !seen.insert(c.id.clone()) {
                return Err(fail(
                    line,
                    at("id"),
                    format!("check id `{}` is used twice; ids must be unique", c.id),
                ));
            }
            let id = c.id.clone();
            let points = c.points;
            let message = c.message.clone();
            let hint = c.hint.clone();
            let kind =
                check_kind(c, &tier_names).map_err(|(field, msg)| fail(line, at(&field), msg))?;
            checks.push(Check {
                id,
                points,
                message,
                kind,
                params: Vec::new(),
                hint,
            });
        }
        let _ = raw.variants;
        Ok(Rubric {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            tiers,
            checks,
            variants: Default::default(),
            variant: None,
        })
    }

    /// The sum of every check's points.
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(|c| c.points).sum()
    }
}

/// `public` then `private`, by routing alone.
pub fn default_tiers() -> Vec<Tier> {
    vec![
        Tier {
            name: "public".into(),
            routing: Routing::Public,
            name_patterns: vec![],
        },
        Tier {
            name: "private".into(),
            routing: Routing::Private,
            name_patterns: vec![],
        },
    ]
}

type FieldError = (String, String);

fn check_kind(
    c: RawCheck,
    tiers: &std::collections::BTreeSet<String>,
) -> Result<CheckKind, FieldError> {
    let mut kinds: Vec<CheckKind> = Vec::new();
    for (field, v) in [
        ("cidrs_inside_vpc", c.cidrs_inside_vpc),
        ("no_overlapping_subnets", c.no_overlapping_subnets),
        ("igw_attached", c.igw_attached),
        ("nat_in_public_subnet", c.nat_in_public_subnet),
    ] {
        if v == Some(false) {
            return Err((
                field.into(),
                "set it to true (`false` is not a check; remove the check instead)".into(),
            ));
        }
    }
    let tier_ok = |field: &str, t: &Option<String>| -> Result<(), FieldError> {
        match t {
            Some(t) if !tiers.contains(t) => Err((
                field.into(),
                format!(
                    "unknown tier `{t}` (defined: {})",
                    tiers.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )),
            _ => Ok(()),
        }
    };
    if let Some(v) = c.vpc {
        if v.prefix.is_some_and(|p| p > 32) {
            return Err(("vpc.prefix".into(), "a prefix length is 0..=32".into()));
        }
        if let Some(c) = &v.cidr {
            crate::network::cidr::Cidr::parse(c)
                .map_err(|e| ("vpc.cidr".to_string(), format!("`{c}`: {e}")))?;
        }
        kinds.push(CheckKind::Vpc(v));
    }
    if let Some(s) = c.subnets {
        tier_ok("subnets.tier", &s.tier)?;
        if s.prefix.is_some_and(|p| p > 32) {
            return Err(("subnets.prefix".into(), "a prefix length is 0..=32".into()));
        }
        for (i, c) in s.cidrs.iter().enumerate() {
            crate::network::cidr::Cidr::parse(c)
                .map_err(|e| (format!("subnets.cidrs[{i}]"), format!("`{c}`: {e}")))?;
        }
        if s.count.is_none()
            && s.min.is_none()
            && s.prefix.is_none()
            && s.distinct_azs.is_none()
            && s.max_per_az.is_none()
            && s.cidrs.is_empty()
        {
            return Err((
                "subnets".into(),
                "give at least one of count, min, prefix, distinct_azs, max_per_az, cidrs".into(),
            ));
        }
        kinds.push(CheckKind::Subnets(s));
    }
    if let Some(t) = c.tier_azs {
        for (i, name) in t.tiers.iter().enumerate() {
            tier_ok(&format!("tier_azs.tiers[{i}]"), &Some(name.clone()))?;
        }
        if t.min == 0 || t.max.is_some_and(|m| m < t.min) {
            return Err((
                "tier_azs.min".into(),
                "min is at least 1 and at most max".into(),
            ));
        }
        kinds.push(CheckKind::TierAzs(t));
    }
    if let Some(b) = c.cidrs_inside_vpc {
        kinds.push(CheckKind::CidrsInsideVpc(b));
    }
    if let Some(b) = c.no_overlapping_subnets {
        kinds.push(CheckKind::NoOverlappingSubnets(b));
    }
    if let Some(b) = c.igw_attached {
        kinds.push(CheckKind::IgwAttached(b));
    }
    if let Some(b) = c.nat_in_public_subnet {
        kinds.push(CheckKind::NatInPublicSubnet(b));
    }
    if let Some(s) = c.instances {
        tier_ok("instances.tier", &s.tier)?;
        if let Some(r) = &s.role {
            if !ROLES[..7].contains(&r.as_str()) {
                return Err((
                    "instances.role".into(),
                    format!(
                        "unknown role `{r}` (expected one of {})",
                        ROLES[..7].join(", ")
                    ),
                ));
            }
        }
        kinds.push(CheckKind::Instances(s));
    }
    if let Some(s) = c.load_balancers {
        tier_ok("load_balancers.tier", &s.tier)?;
        if let Some(sc) = &s.scheme {
            if sc != "internet-facing" && sc != "internal" {
                return Err((
                    "load_balancers.scheme".into(),
                    format!("unknown scheme `{sc}` (expected internet-facing or internal)"),
                ));
            }
        }
        kinds.push(CheckKind::LoadBalancers(s));
    }
    if let Some(s) = c.databases {
        tier_ok("databases.tier", &s.tier)?;
        kinds.push(CheckKind::Databases(s));
    }
    if let Some(s) = c.eks_subnets {
        tier_ok("eks_subnets.tier", &s.tier)?;
        kinds.push(CheckKind::EksSubnets(s));
    }
    if let Some(r) = c.reach {
        flow_ends_ok("reach", &r.from, &r.to, tiers)?;
        port_ok("reach", r.protocol, r.port)?;
        kinds.push(CheckKind::Reach(ReachSpec {
            from: r.from,
            to: r.to,
            protocol: r.protocol,
            port: r.port,
            expect: r.expect,
            quantifier: r.quantifier,
        }));
    }
    if let Some(r) = c.only_from {
        flow_ends_ok("only_from", &r.from, &r.to, tiers)?;
        for (i, sel) in r.also_from.iter().enumerate() {
            validate_selector(sel, tiers).map_err(|m| (format!("only_from.also_from[{i}]"), m))?;
        }
        if r.from.trim().eq_ignore_ascii_case("internet") {
            return Err((
                "only_from.from".into(),
                "`only from the internet` denies nothing; use a reach check with expect: allowed"
                    .into(),
            ));
        }
        port_ok("only_from", r.protocol, r.port)?;
        kinds.push(CheckKind::OnlyFrom(OnlyFromSpec {
            to: r.to,
            from: r.from,
            protocol: r.protocol,
            port: r.port,
            also_from: r.also_from,
        }));
    }
    if let Some(r) = c.through {
        flow_ends_ok("through", &r.from, &r.to, tiers)?;
        if r.via.trim().is_empty() {
            return Err((
                "through.via".into(),
                format!(
                    "name a component kind ({}) or a component id or name",
                    VIA_KINDS.join(", ")
                ),
            ));
        }
        port_ok("through", r.protocol, r.port)?;
        kinds.push(CheckKind::Through(ThroughSpec {
            from: r.from,
            to: r.to,
            protocol: r.protocol,
            port: r.port,
            via: r.via,
        }));
    }
    if let Some(s) = c.no_lint {
        kinds.push(CheckKind::NoLint(s));
    }
    if let Some(r) = c.replicas_running {
        let (workload, name, field) = match (&r.deployment, &r.statefulset) {
            (Some(d), None) => (
                Workload::Deployment,
                d.clone(),
                "replicas_running.deployment",
            ),
            (None, Some(s)) => (
                Workload::StatefulSet,
                s.clone(),
                "replicas_running.statefulset",
            ),
            _ => {
                return Err((
                    "replicas_running".into(),
                    "name exactly one workload: `deployment` or `statefulset`".into(),
                ))
            }
        };
        if name.trim().is_empty() {
            return Err((field.into(), format!("name the {}", workload.name())));
        }
        if r.min_ready.is_some_and(|n| n < 1) {
            return Err((
                "replicas_running.min_ready".into(),
                "must be at least 1".into(),
            ));
        }
        let dur = |field: &str, v: &serde_json::Value| -> Result<u64, FieldError> {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Err((
                        field.into(),
                        "expected a duration such as 90s or 10m".into(),
                    ))
                }
            };
            parse_duration(&text).map_err(|m| (field.to_string(), m))
        };
        let at_ms = match &r.at {
            Some(v) => dur("replicas_running.at", v)?,
            None => 60_000,
        };
        let within_ms = dur("replicas_running.within", &r.within)?;
        if within_ms == 0 || within_ms > 24 * 3_600_000 {
            return Err((
                "replicas_running.within".into(),
                "must be more than 0 and at most 24h".into(),
            ));
        }
        if r.zone_failure
            .as_deref()
            .is_some_and(|z| z.trim().is_empty())
        {
            return Err((
                "replicas_running.zone_failure".into(),
                "give `each`, `first` or a zone name".into(),
            ));
        }
        let out_of_service_after_ms = match &r.out_of_service_after {
            Some(v) => {
                if r.zone_failure.is_none() {
                    return Err((
                        "replicas_running.out_of_service_after".into(),
                        "needs a zone_failure: the taint goes on the failed zone's nodes".into(),
                    ));
                }
                Some(dur("replicas_running.out_of_service_after", v)?)
            }
            None => None,
        };
        kinds.push(CheckKind::ReplicasRunning(ReplicasSpec {
            deployment: name,
            workload,
            min_ready: r.min_ready,
            out_of_service_after_ms,
            zone_failure: r.zone_failure,
            at_ms,
            within_ms,
            seed: r.seed,
        }));
    }
    if let Some(s) = c.service_exposed {
        if !matches!(
            s.service_type.as_str(),
            "LoadBalancer" | "NodePort" | "ClusterIP"
        ) {
            return Err((
                "service_exposed.type".into(),
                format!(
                    "unknown Service type `{}` (LoadBalancer, NodePort or ClusterIP)",
                    s.service_type
                ),
            ));
        }
        kinds.push(CheckKind::ServiceExposed(s));
    }
    match kinds.len() {
        1 => Ok(kinds.remove(0)),
        0 => Err((
            String::new(),
            "the check has no kind: give exactly one of vpc, subnets, tier_azs, cidrs_inside_vpc, no_overlapping_subnets, igw_attached, nat_in_public_subnet, instances, load_balancers, databases, eks_subnets, reach, only_from, through, no_lint, replicas_running, service_exposed".into(),
        )),
        _ => Err((String::new(), format!("the check has {} kinds ({}); split it into one check per kind", kinds.len(), kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ")))),
    }
}

/// The `from` and `to` selectors of a flow check (`reach`, `only_from`, `through`) name
/// something the rubric knows; the error names the field.
fn flow_ends_ok(
    kind: &str,
    from: &str,
    to: &str,
    tiers: &std::collections::BTreeSet<String>,
) -> Result<(), (String, String)> {
    for (end, sel) in [("from", from), ("to", to)] {
        validate_selector(sel, tiers).map_err(|m| (format!("{kind}.{end}"), m))?;
    }
    Ok(())
}

/// A TCP or UDP flow check needs a port; ICMP and "all" do not.
fn port_ok(kind: &str, protocol: Protocol, port: Option<u16>) -> Result<(), (String, String)> {
    if protocol.has_ports() && port.is_none() {
        return Err((
            format!("{kind}.port"),
            format!("a {} flow needs a port", protocol.name()),
        ));
    }
    Ok(())
}

fn validate_selector(sel: &str, tiers: &std::collections::BTreeSet<String>) -> Result<(), String> {
    let s = sel.trim();
    if s.is_empty() {
        return Err("empty selector (use an id, a name, tier:<name>, role:<role>, subnet:<id>, sources:<selector>:<port>, internet or an IP)".into());
    }
    if let Some(rest) = s.strip_prefix("sources:") {
        let Some((inner, port)) = rest.rsplit_once(':') else {
            return Err(format!(
                "`{s}` should be sources:<selector>:<port>, e.g. sources:tier:management:22"
            ));
        };
        if port.parse::<u16>().is_err() {
            return Err(format!("`{port}` in `{s}` is not a port number"));
        }
        if inner.starts_with("sources:") {
            return Err("sources: selectors do not nest".into());
        }
        return validate_selector(inner, tiers);
    }
    if let Some(t) = s.strip_prefix("tier:") {
        if !tiers.contains(t) {
            return Err(format!(
                "unknown tier `{t}` (defined: {})",
                tiers.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if let Some(r) = s.strip_prefix("role:") {
        if !ROLES.contains(&r) {
            return Err(format!(
                "unknown role `{r}` (expected one of {})",
                ROLES.join(", ")
            ));
        }
    }
    if let Some((head, _)) = s.split_once(':') {
        let known = SELECTOR_PREFIXES
            .iter()
            .any(|p| p.trim_end_matches(':') == head)
            || head == "sources"
            || head == "arn";
        if !known
            && crate::network::cidr::parse_ip(s).is_none()
            && crate::network::cidr6::parse_ipv6(s).is_none()
        {
            return Err(format!(
                "unknown selector prefix `{head}:` in `{s}` (expected tier:, role:, subnet:, name:, endpoint:, pod:, service: or sources:)"
            ));
        }
    }
    if let Some(p) = SELECTOR_PREFIXES.iter().find(|p| s.starts_with(**p)) {
        if s.len() == p.len() {
            return Err(format!("`{s}` needs a value after the colon"));
        }
    }
    Ok(())
}

/// The lines of one check in a YAML rubric: from its `- id: <id>` line to the next check.
fn check_block<'t>(text: &'t str, id: &str) -> Option<&'t str> {
    let start_line = line_of(text, "id", id)? - 1;
    let mut offset = 0usize;
    let mut start = None;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == start_line {
            start = Some(offset);
        } else if start.is_some() {
            let t = l.trim_start();
            if t.starts_with("- id:") || t.starts_with("- {id:") || !l.starts_with(' ') {
                return Some(&text[start?..offset]);
            }
        }
        offset += l.len();
    }
    start.map(|s| &text[s..])
}

/// serde_norway appends " at line L column C"; the line is reported separately.
fn strip_yaml_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The 1-based line of `key: value` (YAML) or `"key": "value"` (JSON) in the text, if present.
pub(crate) fn line_of(text: &str, key: &str, value: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            let rest = t
                .strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
            match rest {
                Some(r) => {
                    let r = r.trim_start();
                    match r.strip_prefix(':') {
                        Some(v) => {
                            let v = v
                                .trim()
                                .trim_end_matches(',')
                                .trim_matches(|c| c == '"' || c == '\'');
                            value.is_empty() || v == value
                        }
                        None => false,
                    }
                }
                None => false,
            }
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id: r\ntitle: R\nchecks:\n- id: igw\n  points: 2\n  message: attach an IGW\n  igw_attached: true\n- id: ssh\n  reach: {from: internet, to: 'role:bastion', port: 22, expect: allowed}\n";

    #[test]
    fn a_small_rubric_parses_with_defaults() {
        let r = Rubric::parse("r.yaml", GOOD).unwrap();
        assert_eq!(r.checks.len(), 2);
        assert_eq!(r.max_points(), 3, "points default to 1");
        assert_eq!(r.tiers, default_tiers());
        match &r.checks[1].kind {
            CheckKind::Reach(s) => {
                assert_eq!(s.protocol, Protocol::Tcp, "protocol defaults to tcp");
                assert_eq!(s.quantifier, Quantifier::All);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_rubrics_parse_too() {
        let json = r#"{"id": "j", "title": "J", "checks": [{"id": "lint", "points": 3, "no_lint": "error"}]}"#;
        let r = Rubric::parse("r.json", json).unwrap();
        assert_eq!(r.checks[0].kind, CheckKind::NoLint(Severity::Error));
    }

    #[test]
    fn errors_name_the_file_line_and_field() {
        let cases: &[(&str, &str, &str)] = &[
            ("a wrong type names the path", "id: r\ntitle: R\nchecks:\n- id: a\n  points: lots\n  igw_attached: true\n", "r.yaml:5: field `checks[0].points`: invalid type: string \"lots\""),
            ("an unknown key is refused", "id: r\ntitle: R\nchecks:\n- id: a\n  igw_atached: true\n", "field `checks[0].igw_atached`: unknown field `igw_atached`"),
            ("a check without a kind", "id: r\ntitle: R\nchecks:\n- id: a\n  points: 2\n", "r.yaml:4: checks[0] (id `a`): the check has no kind"),
            ("two kinds in one check", "id: r\ntitle: R\nchecks:\n- id: a\n  igw_attached: true\n  no_lint: error\n", "2 kinds (igw_attached, no_lint)"),
            ("an unknown tier in a selector", "id: r\ntitle: R\nchecks:\n- id: x\n  reach: {from: 'tier:dmz', to: internet, port: 80, expect: allowed}\n", "r.yaml:4: checks[0] (id `x`): field `reach.from`: unknown tier `dmz`"),
            ("a tcp flow without port", "id: r\ntitle: R\nchecks:\n- id: x\n  reach: {from: internet, to: i-1, expect: allowed}\n", "field `reach.port`: a tcp flow needs a port"),
            ("a bad duration", "id: r\ntitle: R\nchecks:\n- id: k\n  replicas_running: {deployment: web, within: soon}\n", "field `replicas_running.within`"),
            ("duplicate ids", "id: r\ntitle: R\nchecks:\n- id: a\n  igw_attached: true\n- id: a\n  no_lint: error\n", "used twice"),
            ("an unknown role", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: 'role:wizard', to: internet, port: 1, expect: denied}\n", "unknown role `wizard`"),
            ("an unknown protocol", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: internet, to: x, protocol: sctpx, port: 1, expect: denied}\n", "unknown protocol `sctpx`"),
            ("an unknown expectation", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: internet, to: x, port: 1, expect: maybe}\n", "field `checks[0].reach.expect`"),
            ("a false flag", "id: r\ntitle: R\nchecks:\n- id: a\n  igw_attached: false\n", "field `igw_attached`: set it to true"),
            ("a sources selector without a port", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: 'sources:tier:public', to: x, port: 22, expect: allowed}\n", "is not a port number"),
            ("a sources selector with a bad inner selector", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: 'sources:tier:dmz:22', to: x, port: 22, expect: allowed}\n", "unknown tier `dmz`"),
            ("no checks", "id: r\ntitle: R\nchecks: []\n", "at least one check"),
            ("a Deployment and a StatefulSet in one replicas check", "id: r\ntitle: R\nchecks:\n- id: a\n  replicas_running: {deployment: web, statefulset: db, within: 5m}\n", "field `replicas_running`: name exactly one workload"),
            ("no workload in a replicas check", "id: r\ntitle: R\nchecks:\n- id: a\n  replicas_running: {within: 5m}\n", "name exactly one workload"),
            ("min_ready of zero", "id: r\ntitle: R\nchecks:\n- id: a\n  replicas_running: {statefulset: db, within: 5m, min_ready: 0}\n", "field `replicas_running.min_ready`: must be at least 1"),
            ("an out-of-service taint without a zone failure", "id: r\ntitle: R\nchecks:\n- id: a\n  replicas_running: {statefulset: db, within: 5m, out_of_service_after: 5m}\n", "field `replicas_running.out_of_service_after`: needs a zone_failure"),
            ("a bad out-of-service delay", "id: r\ntitle: R\nchecks:\n- id: a\n  replicas_running: {statefulset: db, zone_failure: each, within: 5m, out_of_service_after: soon}\n", "field `replicas_running.out_of_service_after`"),
            ("a misspelled selector prefix", "id: r\ntitle: R\nchecks:\n- id: a\n  reach: {from: internet, to: 'rol:web', port: 22, expect: denied}\n", "r.yaml:4: checks[0] (id `a`): field `reach.to`: unknown selector prefix `rol:`"),
            ("only from the internet", "id: r\ntitle: R\nchecks:\n- id: a\n  only_from: {from: internet, to: 'role:web', port: 22}\n", "field `only_from.from`"),
            ("only_from without a port", "id: r\ntitle: R\nchecks:\n- id: a\n  only_from: {from: 'role:bastion', to: 'role:web'}\n", "field `only_from.port`"),
            ("an unknown tier in only_from.also_from", "id: r\ntitle: R\nchecks:\n- id: a\n  only_from: {from: 'role:bastion', to: 'role:web', port: 22, also_from: ['tier:dmz']}\n", "field `only_from.also_from[0]`: unknown tier `dmz`"),
            ("through without via", "id: r\ntitle: R\nchecks:\n- id: a\n  through: {from: 'role:app', to: internet, port: 443, via: ''}\n", "field `through.via`"),
            ("a bad exact CIDR", "id: r\ntitle: R\nchecks:\n- id: a\n  vpc: {cidr: 10.0.0.0/33}\n", "field `vpc.cidr`"),
            ("a bad subnet CIDR list", "id: r\ntitle: R\nchecks:\n- id: a\n  subnets: {cidrs: [nope]}\n", "field `subnets.cidrs[0]`"),
            ("tier_azs naming an unknown tier", "id: r\ntitle: R\nchecks:\n- id: a\n  tier_azs: {tiers: [dmz], min: 2}\n", "field `tier_azs.tiers[0]`: unknown tier `dmz`"),
            ("tier_azs with min 0", "id: r\ntitle: R\nchecks:\n- id: a\n  tier_azs: {min: 0}\n", "field `tier_azs.min`"),
            ("not YAML at all", "id: [unclosed\n", "r.yaml:"),
            ("a missing title", "id: r\nchecks:\n- id: a\n  igw_attached: true\n", "missing field `title`"),
        ];
        for (name, text, needle) in cases {
            let err = Rubric::parse("r.yaml", text).expect_err(name).to_string();
            assert!(
                err.contains(needle),
                "{name}: `{err}` should contain `{needle}`"
            );
        }
    }

    #[test]
    fn parsing_never_panics_on_junk() {
        for text in [
            "",
            "---",
            "[]",
            "42",
            "id: 1\ntitle: 2\nchecks: {}",
            "\u{0}\u{1}",
            "checks:\n- reach: {from: '', to: '', expect: allowed}",
        ] {
            let _ = Rubric::parse("junk", text);
        }
    }
}
