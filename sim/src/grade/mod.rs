//! Grading a design against a rubric: `grade(&Rubric, &Submission) -> Report`.
//!
//! **Invariants**
//! - Pure and deterministic: the same rubric and design give the same report, checks in
//!   rubric order, evidence naming components in model order.
//! - Never panics on any design (dangling ids, invalid CIDRs, junk in `cluster`); a check that
//!   cannot be evaluated fails with the reason as evidence.
//! - Evidence is an explanation, not a boolean: the tracer's blocking component, reason code
//!   and sentence for reachability; the lint's code and message; the subnets counted for
//!   structural checks; the scheduler's message for cluster checks.
//! - Ids do not matter: checks select by tier (routing and name pattern), role, name or IP, so
//!   two correct designs with different ids both pass (like Packet Tracer's Activity Wizard,
//!   only the ticked items are graded).
//!
//! The rubric format is documented in `docs/RUBRICS.md`.

pub(crate) mod cluster;
pub mod copy;
mod least_privilege;
pub mod pods;
pub mod rubric;
pub mod select;
pub mod variant;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cluster::import::Manifests;
use crate::network::cidr::Cidr;
use crate::network::model::label;
use crate::network::trace::{ComponentKind, Decision, HopDirection};
use crate::network::{
    import_aws_files, lint, Design, DesignError, Flow, ImportError, InstanceRole,
    LoadBalancerScheme, Network, NetworkIndex,
};

pub(crate) use cluster::add_nodes_from_network;
pub use cluster::{load as load_cluster, manifest_text, parse_taint};
pub use rubric::{Check, CheckKind, Expect, Quantifier, Rubric, RubricError, Tier};
use select::{resolve, role_name, Tiers};

/// What is graded: a design (native, or imported from AWS CLI output).
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    pub design: Design,
    /// Importer notes (AWS submissions), for the report.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SubmissionError {
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Design(#[from] DesignError),
    #[error("{0}")]
    Aws(#[from] ImportError),
    #[error("neither a Stratosim design (no `version` field) nor AWS CLI output (no `Vpcs`, `Subnets`, `RouteTables`, … keys)")]
    Unrecognised,
}

impl Submission {
    pub fn from_design(design: Design) -> Submission {
        Submission {
            design,
            notes: Vec::new(),
        }
    }

    /// Reads a native design or merged AWS CLI JSON, detected by its keys.
    pub fn from_json(text: &str) -> Result<Submission, SubmissionError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SubmissionError::Syntax {
                line: e.line(),
                column: e.column(),
                message: crate::network::design::strip_position(&e.to_string()),
            })?;
        let Some(obj) = value.as_object() else {
            return Err(SubmissionError::Unrecognised);
        };
        if obj.contains_key("version") || obj.contains_key("network") {
            return Ok(Submission::from_design(Design::from_json(text)?));
        }
        if obj
            .keys()
            .any(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            return Submission::from_aws_files(&[("aws.json".to_string(), text.to_string())]);
        }
        Err(SubmissionError::Unrecognised)
    }

    /// Imports AWS CLI output from several files (e.g. a directory of `describe-*.json`).
    pub fn from_aws_files(files: &[(String, String)]) -> Result<Submission, SubmissionError> {
        let (network, diags) = import_aws_files(files)?;
        let mut design = Design::new("aws import", network);
        crate::network::edit::auto_layout(&mut design);
        Ok(Submission {
            design,
            notes: diags
                .into_iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect(),
        })
    }
}

/// The result of grading one submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub rubric: String,
    pub score: u32,
    pub max: u32,
    pub checks: Vec<CheckResult>,
}

impl Report {
    /// Score as a percentage (100 for an empty rubric).
    pub fn percent(&self) -> f64 {
        if self.max == 0 {
            100.0
        } else {
            f64::from(self.score) * 100.0 / f64::from(self.max)
        }
    }

    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Ids of the failed checks, in rubric order.
    pub fn failed(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.id.as_str())
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub id: String,
    /// The rubric's message: what the learner should achieve.
    pub message: String,
    pub passed: bool,
    pub points: u32,
    pub earned: u32,
    /// Why it passed or failed, in words.
    pub evidence: String,
    /// For reachability checks that failed: the component that blocked (or allowed) the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<String>,
    /// The tracer's reason code (`NO_ROUTE_TO_DESTINATION`, …) or the lint/structural code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The flow the evidence is about, so the app can open it in the tracer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Outcome {
    pub passed: bool,
    pub evidence: String,
    pub blocked_by: Option<String>,
    pub reason_code: Option<String>,
    pub flow: Option<Flow>,
}

impl Outcome {
    pub fn pass(evidence: impl Into<String>) -> Outcome {
        Outcome {
            passed: true,
            evidence: evidence.into(),
            ..Outcome::default()
        }
    }
    pub fn fail(evidence: impl Into<String>) -> Outcome {
        Outcome {
            passed: false,
            evidence: evidence.into(),
            ..Outcome::default()
        }
    }
    pub(crate) fn code(mut self, component: Option<String>, code: &str) -> Outcome {
        self.blocked_by = component;
        self.reason_code = Some(code.into());
        self
    }
}

/// Options for [`grade_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeOptions {
    /// Run cluster checks (simulations); when false they fail with "not evaluated". The app can
    /// skip them on every keystroke and run them on "Submit".
    pub cluster: bool,
}

impl Default for GradeOptions {
    fn default() -> Self {
        GradeOptions { cluster: true }
    }
}

/// Grades a submission against a rubric.
pub fn grade(rubric: &Rubric, submission: &Submission) -> Report {
    grade_with(rubric, &submission.design, GradeOptions::default())
}

/// Grades a design against a rubric (the app's live checklist calls this on every edit).
pub fn grade_design(rubric: &Rubric, design: &Design) -> Report {
    grade_with(rubric, design, GradeOptions::default())
}

/// Grades with options.
pub fn grade_with(rubric: &Rubric, design: &Design, options: GradeOptions) -> Report {
    let net = &design.network;
    let tiers = Tiers::classify(net, &rubric.tiers);
    let index = NetworkIndex::build(net);
    let mut diagnostics = None;
    let mut manifests: Option<Result<Manifests, String>> = None;
    let mut cluster_net: Option<Result<crate::cluster::kubenet::ClusterNetwork, String>> = None;
    let mut checks = Vec::with_capacity(rubric.checks.len());
    for check in &rubric.checks {
        let outcome = match &check.kind {
            CheckKind::Vpc(s) => vpc(net, s),
            CheckKind::Subnets(s) => subnets(net, &tiers, s),
            CheckKind::TierAzs(s) => tier_azs(net, &tiers, s),
            CheckKind::CidrsInsideVpc(_) => cidrs_inside_vpc(net),
            CheckKind::NoOverlappingSubnets(_) => no_overlap(net),
            CheckKind::IgwAttached(_) => igw_attached(net),
            CheckKind::NatInPublicSubnet(_) => nat_in_public(net, &tiers),
            CheckKind::Instances(s) => instances(net, &tiers, s),
            CheckKind::LoadBalancers(s) => load_balancers(net, &tiers, s),
            CheckKind::Databases(s) => databases(net, &tiers, s),
            CheckKind::EksSubnets(s) => eks_subnets(net, &tiers, s),
            CheckKind::Reach(s)
                if pods::is_cluster_selector(&s.from) || pods::is_cluster_selector(&s.to) =>
            {
                if options.cluster {
                    match cluster_net.get_or_insert_with(|| pods::build(design)) {
                        Ok(cn) => pods::reach(&rubric.tiers, cn, s),
                        Err(e) => Outcome::fail(e.clone()).code(None, "NO_SUCH_ENDPOINT"),
                    }
                } else {
                    Outcome::fail(
                        "cluster checks were not evaluated (GradeOptions::cluster is off)",
                    )
                }
            }
            CheckKind::Reach(s) => reach(net, &index, &tiers, s),
            CheckKind::OnlyFrom(s) => least_privilege::only_from(net, &index, &tiers, s),
            CheckKind::Through(s) => least_privilege::through(net, &index, &tiers, s),
            CheckKind::NoLint(sev) => match attempt(net) {
                Some(why) => Outcome::fail(why).code(None, "NOT_ATTEMPTED"),
                None => no_lint(diagnostics.get_or_insert_with(|| lint(net)), *sev),
            },
            CheckKind::ReplicasRunning(s) if options.cluster => {
                cluster::replicas_running(design, s, &mut manifests)
            }
            CheckKind::ServiceExposed(s) if options.cluster => cluster::service_exposed(design, s),
            CheckKind::ReplicasRunning(_) | CheckKind::ServiceExposed(_) => {
                Outcome::fail("cluster checks were not evaluated (GradeOptions::cluster is off)")
            }
        };
        checks.push(CheckResult {
            id: check.id.clone(),
            message: check.message.clone(),
            passed: outcome.passed,
            points: check.points,
            earned: if outcome.passed { check.points } else { 0 },
            evidence: outcome.evidence,
            blocked_by: outcome.blocked_by,
            reason_code: outcome.reason_code,
            flow: outcome.flow,
        });
    }
    Report {
        rubric: rubric.id.clone(),
        score: checks.iter().map(|c| c.earned).sum(),
        max: rubric.max_points(),
        checks,
    }
}

// ---- the rubric against its reference solution -------------------------------------------------

/// Rubric traps found by evaluating a parsed rubric on its reference solution: a selector
/// (`reach`, `only_from`, `through`) or a tier that matches nothing there is a rubric error —
/// it would fail every student for a reason that is not theirs (e.g. `name:web-*` when the
/// servers are called `www-*`). Errors name `file:line`, the check and the field; empty when the
/// rubric fits the reference. `text` is the rubric source (for the lines).
pub fn check_against_reference(
    rubric: &Rubric,
    file: &str,
    text: &str,
    reference: &Design,
) -> Vec<RubricError> {
    let net = &reference.network;
    let tiers = Tiers::classify(net, &rubric.tiers);
    let mut reference_cluster = None;
    let mut out = Vec::new();
    for (i, c) in rubric.checks.iter().enumerate() {
        let mut fields: Vec<(String, &str)> = Vec::new();
        let mut tier_fields: Vec<(String, &str)> = Vec::new();
        match &c.kind {
            CheckKind::Reach(s) => {
                fields.push(("reach.from".into(), &s.from));
                fields.push(("reach.to".into(), &s.to));
            }
            CheckKind::OnlyFrom(s) => {
                fields.push(("only_from.from".into(), &s.from));
                fields.push(("only_from.to".into(), &s.to));
                for (k, a) in s.also_from.iter().enumerate() {
                    fields.push((format!("only_from.also_from[{k}]"), a));
                }
            }
            CheckKind::Through(s) => {
                fields.push(("through.from".into(), &s.from));
                fields.push(("through.to".into(), &s.to));
            }
            CheckKind::Subnets(s) => {
                if let Some(t) = &s.tier {
                    tier_fields.push(("subnets.tier".into(), t));
                }
            }
            CheckKind::TierAzs(s) => {
                for (k, t) in s.tiers.iter().enumerate() {
                    tier_fields.push((format!("tier_azs.tiers[{k}]"), t));
                }
            }
            CheckKind::Instances(s) => {
                if let Some(t) = &s.tier {
                    tier_fields.push(("instances.tier".into(), t));
                }
            }
            CheckKind::LoadBalancers(s) => {
                if let Some(t) = &s.tier {
                    tier_fields.push(("load_balancers.tier".into(), t));
                }
            }
            CheckKind::Databases(s) => {
                if let Some(t) = &s.tier {
                    tier_fields.push(("databases.tier".into(), t));
                }
            }
            CheckKind::EksSubnets(s) => {
                if let Some(t) = &s.tier {
                    tier_fields.push(("eks_subnets.tier".into(), t));
                }
            }
            _ => {}
        }
        let error = |field: &str, message: String| RubricError {
            file: file.into(),
            line: rubric::line_of(text, "id", &c.id),
            location: format!("checks[{i}] (id `{}`): field `{field}`: ", c.id),
            message,
        };
        for (field, sel) in fields {
            let found = if pods::is_cluster_selector(sel) {
                match reference_cluster.get_or_insert_with(|| pods::build(reference)) {
                    Ok(cn) => pods::resolve_in(cn, &tiers, sel).map(|_| ()),
                    Err(e) => Err(e.clone()),
                }
            } else {
                resolve(net, &tiers, sel).map(|_| ())
            };
            if let Err(e) = found {
                out.push(error(
                    &field,
                    format!("`{sel}` matches nothing in the reference solution ({e}); every student would fail this check"),
                ));
            }
        }
        for (field, t) in tier_fields {
            if tiers.subnets(net, t).is_empty() {
                out.push(error(
                    &field,
                    format!("tier `{t}` has no subnet in the reference solution; check its routing and name_patterns"),
                ));
            }
        }
        if let CheckKind::Through(s) = &c.kind {
            let via = s.via.trim();
            let known = rubric::VIA_KINDS.contains(&via)
                || net.component_ids().iter().any(|(id, _)| *id == via)
                || net.nat_gateways.iter().any(|n| n.name == via)
                || net.load_balancers.iter().any(|l| l.name == via);
            if !known {
                out.push(error(
                    "through.via",
                    format!(
                        "`{via}` is neither a component kind ({}) nor a component of the reference solution",
                        rubric::VIA_KINDS.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

// ---- structural checks -------------------------------------------------------------------------

/// `Some(reason)` when the design is empty or nearly so — no subnet, or nothing that runs in
/// one (no instance, database or load balancer): checks that reward the absence of mistakes
/// (`no_lint`) are not awarded to a design that has not been attempted.
pub fn attempt(net: &Network) -> Option<String> {
    let hosts = net.instances.len() + net.databases.len() + net.load_balancers.len();
    if net.subnets.is_empty() || hosts == 0 {
        Some(format!(
            "the design is empty or nearly so ({}, {}): there is nothing to lint yet, so no points for the absence of mistakes",
            plural(net.subnets.len(), "subnet"),
            plural(hosts, "instance, database or load balancer")
        ))
    } else {
        None
    }
}

fn tier_azs(net: &Network, tiers: &Tiers, s: &rubric::TierAzsSpec) -> Outcome {
    let names: Vec<&str> = if s.tiers.is_empty() {
        tiers.tiers.iter().map(|t| t.name.as_str()).collect()
    } else {
        s.tiers.iter().map(String::as_str).collect()
    };
    let mut lines = Vec::new();
    for t in names {
        let azs: BTreeSet<&str> = tiers
            .subnets(net, t)
            .iter()
            .map(|x| x.availability_zone.as_str())
            .filter(|z| !z.is_empty())
            .collect();
        let line = format!(
            "tier `{t}` spans {}{}",
            plural(azs.len(), "availability zone"),
            if azs.is_empty() {
                String::new()
            } else {
                format!(" ({})", azs.iter().copied().collect::<Vec<_>>().join(", "))
            }
        );
        if azs.len() < s.min || s.max.is_some_and(|m| azs.len() > m) {
            let want = match s.max {
                Some(m) if m == s.min => format!("exactly {m}"),
                Some(m) => format!("{}..={m}", s.min),
                None => format!("at least {}", s.min),
            };
            return Outcome::fail(format!("{line}, expected {want}")).code(None, "TIER_AZ_COUNT");
        }
        lines.push(line);
    }
    Outcome::pass(lines.join("; "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn vpc(net: &Network, s: &rubric::VpcSpec) -> Outcome {
    if let Some(n) = s.count {
        if net.vpcs.len() != n {
            return Outcome::fail(format!(
                "the design has {}, expected {n}",
                plural(net.vpcs.len(), "VPC")
            ))
            .code(None, "VPC_COUNT");
        }
    }
    if net.vpcs.is_empty() {
        return Outcome::fail("the design has no VPC").code(None, "VPC_COUNT");
    }
    if let Some(p) = s.prefix {
        for v in &net.vpcs {
            let primary = v.cidr_blocks.first().map(String::as_str).unwrap_or("");
            match Cidr::parse(primary) {
                Ok(c) if c.prefix() == p => {}
                Ok(c) => {
                    return Outcome::fail(format!(
                        "VPC {} is {c} (a /{}), expected a /{p}",
                        label(&v.name, &v.id),
                        c.prefix()
                    ))
                    .code(Some(v.id.clone()), "VPC_SIZE")
                }
                Err(e) => {
                    return Outcome::fail(format!(
                        "VPC {} has no valid primary CIDR: {e}",
                        label(&v.name, &v.id)
                    ))
                    .code(Some(v.id.clone()), "INVALID_CIDR")
                }
            }
        }
    }
    if let Some(want) = &s.cidr {
        let want_c = Cidr::parse(want).ok();
        for v in &net.vpcs {
            let primary = v.cidr_blocks.first().map(String::as_str).unwrap_or("");
            if Cidr::parse(primary).ok() != want_c {
                return Outcome::fail(format!(
                    "VPC {} is {}, expected exactly {want}",
                    label(&v.name, &v.id),
                    if primary.is_empty() {
                        "without a CIDR"
                    } else {
                        primary
                    }
                ))
                .code(Some(v.id.clone()), "VPC_CIDR");
            }
        }
    }
    if let Some(n) = s.azs {
        for v in &net.vpcs {
            let azs: BTreeSet<&str> = net
                .subnets
                .iter()
                .filter(|x| x.vpc_id == v.id && !x.availability_zone.is_empty())
                .map(|x| x.availability_zone.as_str())
                .collect();
            if azs.len() != n {
                return Outcome::fail(format!(
                    "the subnets of VPC {} use {}{}, expected exactly {n}",
                    label(&v.name, &v.id),
                    plural(azs.len(), "availability zone"),
                    if azs.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", azs.iter().copied().collect::<Vec<_>>().join(", "))
                    }
                ))
                .code(Some(v.id.clone()), "VPC_AZ_COUNT");
            }
        }
    }
    let list: Vec<String> = net
        .vpcs
        .iter()
        .map(|v| format!("{} {}", label(&v.name, &v.id), v.cidr_blocks.join(",")))
        .collect();
    Outcome::pass(format!("VPC: {}", list.join("; ")))
}

fn subnet_line(s: &crate::network::Subnet) -> String {
    format!(
        "{} {} in {}",
        label(&s.name, &s.id),
        s.cidr,
        if s.availability_zone.is_empty() {
            "no AZ"
        } else {
            &s.availability_zone
        }
    )
}

fn subnets(net: &Network, tiers: &Tiers, s: &rubric::SubnetSpec) -> Outcome {
    let (what, list) = match &s.tier {
        Some(t) => (format!("tier `{t}`"), tiers.subnets(net, t)),
        None => ("the design".to_string(), net.subnets.iter().collect()),
    };
    let listing = if list.is_empty() {
        "none".to_string()
    } else {
        list.iter()
            .copied()
            .map(subnet_line)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let have = format!("{what} has {}: {listing}", plural(list.len(), "subnet"));
    if let Some(n) = s.count {
        if list.len() != n {
            return Outcome::fail(format!("{have} — expected exactly {n}"))
                .code(None, "SUBNET_COUNT");
        }
    }
    if let Some(n) = s.min {
        if list.len() < n {
            return Outcome::fail(format!("{have} — expected at least {n}"))
                .code(None, "SUBNET_COUNT");
        }
    }
    if list.is_empty() {
        return Outcome::fail(have).code(None, "SUBNET_COUNT");
    }
    if let Some(p) = s.prefix {
        for x in &list {
            match Cidr::parse(&x.cidr) {
                Ok(c) if c.prefix() == p => {}
                _ => {
                    return Outcome::fail(format!(
                        "subnet {} is {}, expected a /{p}",
                        label(&x.name, &x.id),
                        x.cidr
                    ))
                    .code(Some(x.id.clone()), "SUBNET_SIZE")
                }
            }
        }
    }
    if !s.cidrs.is_empty() {
        let want: BTreeSet<Option<Cidr>> = s.cidrs.iter().map(|c| Cidr::parse(c).ok()).collect();
        let got: BTreeSet<Option<Cidr>> = list.iter().map(|x| Cidr::parse(&x.cidr).ok()).collect();
        if want != got {
            return Outcome::fail(format!(
                "{have} — expected exactly the CIDRs {}",
                s.cidrs.join(", ")
            ))
            .code(None, "SUBNET_CIDRS");
        }
    }
    let azs: BTreeSet<&str> = list
        .iter()
        .map(|x| x.availability_zone.as_str())
        .filter(|z| !z.is_empty())
        .collect();
    if let Some(n) = s.distinct_azs {
        if azs.len() < n {
            return Outcome::fail(format!(
                "{have} — they span {}, expected at least {n} different availability zones",
                plural(azs.len(), "zone")
            ))
            .code(None, "SUBNET_AZ_SPREAD");
        }
    }
    if let Some(n) = s.max_per_az {
        for z in &azs {
            let k = list.iter().filter(|x| x.availability_zone == *z).count();
            if k > n {
                return Outcome::fail(format!("{have} — {z} holds {k}, at most {n} per zone"))
                    .code(None, "SUBNET_AZ_SPREAD");
            }
        }
    }
    Outcome::pass(have)
}

fn cidrs_inside_vpc(net: &Network) -> Outcome {
    if net.subnets.is_empty() {
        return Outcome::fail("the design has no subnets");
    }
    for s in &net.subnets {
        let Ok(c) = Cidr::parse(&s.cidr) else {
            return Outcome::fail(format!(
                "subnet {} has an invalid CIDR `{}`",
                label(&s.name, &s.id),
                s.cidr
            ))
            .code(Some(s.id.clone()), "INVALID_CIDR");
        };
        let Some(v) = net.vpc(&s.vpc_id) else {
            return Outcome::fail(format!(
                "subnet {} names VPC {} which does not exist",
                label(&s.name, &s.id),
                s.vpc_id
            ))
            .code(Some(s.id.clone()), "DANGLING_REFERENCE");
        };
        let inside = v
            .cidr_blocks
            .iter()
            .filter_map(|b| Cidr::parse(b).ok())
            .any(|b| b.contains_cidr(&c));
        if !inside {
            return Outcome::fail(format!(
                "subnet {} ({c}) is outside VPC {} ({})",
                label(&s.name, &s.id),
                label(&v.name, &v.id),
                v.cidr_blocks.join(", ")
            ))
            .code(Some(s.id.clone()), "SUBNET_OUTSIDE_VPC");
        }
    }
    Outcome::pass(format!(
        "all {} subnets lie inside their VPC",
        net.subnets.len()
    ))
}

fn no_overlap(net: &Network) -> Outcome {
    if net.subnets.is_empty() {
        return Outcome::fail("the design has no subnets");
    }
    let parsed: Vec<(&crate::network::Subnet, Cidr)> = net
        .subnets
        .iter()
        .filter_map(|s| Cidr::parse(&s.cidr).ok().map(|c| (s, c)))
        .collect();
    for (i, (a, ca)) in parsed.iter().enumerate() {
        for (b, cb) in &parsed[i + 1..] {
            if a.vpc_id == b.vpc_id && ca.overlaps(cb) {
                return Outcome::fail(format!(
                    "subnets {} ({ca}) and {} ({cb}) overlap",
                    label(&a.name, &a.id),
                    label(&b.name, &b.id)
                ))
                .code(Some(b.id.clone()), "SUBNET_OVERLAP");
            }
        }
    }
    Outcome::pass(format!(
        "no two of the {} overlap",
        plural(net.subnets.len(), "subnet")
    ))
}

fn igw_attached(net: &Network) -> Outcome {
    if net.vpcs.is_empty() {
        return Outcome::fail("the design has no VPC");
    }
    let mut found = Vec::new();
    for v in &net.vpcs {
        match net
            .internet_gateways
            .iter()
            .find(|g| g.attached_vpc.as_deref() == Some(v.id.as_str()))
        {
            Some(g) => found.push(format!(
                "{} attached to {}",
                label(&g.name, &g.id),
                label(&v.name, &v.id)
            )),
            None => {
                let detached = net
                    .internet_gateways
                    .iter()
                    .find(|g| g.attached_vpc.is_none());
                let hint = detached
                    .map(|g| format!(" ({} exists but is not attached)", label(&g.name, &g.id)))
                    .unwrap_or_default();
                return Outcome::fail(format!(
                    "VPC {} has no internet gateway attached{hint}",
                    label(&v.name, &v.id)
                ))
                .code(Some(v.id.clone()), "IGW_NOT_ATTACHED");
            }
        }
    }
    Outcome::pass(found.join("; "))
}

fn nat_in_public(net: &Network, tiers: &Tiers) -> Outcome {
    if net.nat_gateways.is_empty() {
        return Outcome::fail("the design has no NAT gateway").code(None, "NO_NAT_GATEWAY");
    }
    let mut ok = Vec::new();
    for n in &net.nat_gateways {
        if n.connectivity != crate::network::NatConnectivity::Public {
            continue;
        }
        let public = net
            .subnets
            .iter()
            .position(|s| s.id == n.subnet_id)
            .is_some_and(|i| tiers.of_subnet[i].1);
        let sub = net
            .subnet(&n.subnet_id)
            .map(|s| label(&s.name, &s.id))
            .unwrap_or_else(|| n.subnet_id.clone());
        if !public {
            return Outcome::fail(format!(
                "NAT gateway {} sits in {sub}, whose route table has no route to an attached internet gateway, so its traffic cannot reach the internet",
                label(&n.name, &n.id)
            ))
            .code(Some(n.id.clone()), "NAT_IN_PRIVATE_SUBNET");
        }
        ok.push(format!("{} in public subnet {sub}", label(&n.name, &n.id)));
    }
    Outcome::pass(ok.join("; "))
}

fn subnet_az(net: &Network, subnet_id: &str) -> Option<String> {
    net.subnet(subnet_id)
        .map(|s| s.availability_zone.clone())
        .filter(|z| !z.is_empty())
}

fn instances(net: &Network, tiers: &Tiers, s: &rubric::InstanceSpec) -> Outcome {
    let matching: Vec<&crate::network::Instance> = net
        .instances
        .iter()
        .filter(|i| s.role.as_deref().is_none_or(|r| role_name(i.role) == r))
        .filter(|i| {
            s.tier
                .as_deref()
                .is_none_or(|t| tiers.tier_of(net, &i.subnet_id) == Some(t))
        })
        .collect();
    let what = match (&s.role, &s.tier) {
        (Some(r), Some(t)) => format!("{r} instances in tier `{t}`"),
        (Some(r), None) => format!("{r} instances"),
        (None, Some(t)) => format!("instances in tier `{t}`"),
        (None, None) => "instances".to_string(),
    };
    let listing: Vec<String> = matching
        .iter()
        .map(|i| {
            format!(
                "{} in {}",
                label(&i.name, &i.id),
                subnet_az(net, &i.subnet_id).unwrap_or_else(|| "no AZ".into())
            )
        })
        .collect();
    let have = format!(
        "{} {what}: {}",
        matching.len(),
        if listing.is_empty() {
            "none".into()
        } else {
            listing.join("; ")
        }
    );
    let min = s.min.unwrap_or(1);
    if matching.len() < min {
        return Outcome::fail(format!("{have} — expected at least {min}"))
            .code(None, "INSTANCE_COUNT");
    }
    if let Some(max) = s.max {
        if matching.len() > max {
            return Outcome::fail(format!("{have} — expected at most {max}"))
                .code(None, "INSTANCE_COUNT");
        }
    }
    if let Some(n) = s.distinct_azs {
        let azs: BTreeSet<String> = matching
            .iter()
            .filter_map(|i| subnet_az(net, &i.subnet_id))
            .collect();
        if azs.len() < n {
            return Outcome::fail(format!(
                "{have} — they span {}, expected at least {n}",
                plural(azs.len(), "availability zone")
            ))
            .code(None, "INSTANCE_AZ_SPREAD");
        }
    }
    if let Some(want) = s.public_ip {
        if let Some(i) = matching.iter().find(|i| i.public_ip.is_some() != want) {
            let msg = if want {
                "has no public IP, so the internet gateway cannot translate for it"
            } else {
                "has a public IP it should not have"
            };
            return Outcome::fail(format!("{} {msg}", label(&i.name, &i.id)))
                .code(Some(i.id.clone()), "PUBLIC_IP");
        }
    }
    Outcome::pass(have)
}

fn load_balancers(net: &Network, tiers: &Tiers, s: &rubric::LoadBalancerSpec) -> Outcome {
    let matching: Vec<&crate::network::LoadBalancer> = net
        .load_balancers
        .iter()
        .filter(|l| {
            s.scheme.as_deref().is_none_or(|sc| match l.scheme {
                LoadBalancerScheme::InternetFacing => sc == "internet-facing",
                LoadBalancerScheme::Internal => sc == "internal",
            })
        })
        .collect();
    let min = s.min.unwrap_or(1);
    let scheme = s
        .scheme
        .as_deref()
        .map(|x| format!("{x} "))
        .unwrap_or_default();
    if matching.len() < min {
        return Outcome::fail(format!(
            "{} {scheme}load balancers, expected at least {min}",
            matching.len()
        ))
        .code(None, "LOAD_BALANCER_COUNT");
    }
    let mut lines = Vec::new();
    for l in &matching {
        let azs: BTreeSet<String> = l.subnets.iter().filter_map(|x| subnet_az(net, x)).collect();
        if let Some(n) = s.distinct_azs {
            if azs.len() < n {
                return Outcome::fail(format!(
                    "load balancer {} is enabled in {} ({}), expected at least {n}: an ALB needs subnets in two AZs",
                    label(&l.name, &l.id),
                    plural(azs.len(), "availability zone"),
                    azs.iter().cloned().collect::<Vec<_>>().join(", ")
                ))
                .code(Some(l.id.clone()), "LOAD_BALANCER_AZ_SPREAD");
            }
        }
        if let Some(t) = &s.tier {
            if let Some(bad) = l
                .subnets
                .iter()
                .find(|x| tiers.tier_of(net, x) != Some(t.as_str()))
            {
                return Outcome::fail(format!(
                    "load balancer {} uses subnet {bad}, which is not in tier `{t}`",
                    label(&l.name, &l.id)
                ))
                .code(Some(l.id.clone()), "LOAD_BALANCER_TIER");
            }
        }
        lines.push(format!(
            "{} in {}",
            label(&l.name, &l.id),
            azs.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    Outcome::pass(lines.join("; "))
}

fn databases(net: &Network, tiers: &Tiers, s: &rubric::DatabaseSpec) -> Outcome {
    let min = s.min.unwrap_or(1);
    if net.databases.len() < min {
        return Outcome::fail(format!(
            "{}, expected at least {min}",
            plural(net.databases.len(), "database")
        ))
        .code(None, "DATABASE_COUNT");
    }
    let mut lines = Vec::new();
    for d in &net.databases {
        let l = label(&d.name, &d.id);
        if let Some(m) = s.multi_az {
            let azs: BTreeSet<String> = d
                .subnet_group
                .iter()
                .filter_map(|x| subnet_az(net, x))
                .collect();
            if d.multi_az != m {
                return Outcome::fail(format!(
                    "database {l} has multi_az = {}, expected {m}",
                    d.multi_az
                ))
                .code(Some(d.id.clone()), "DATABASE_MULTI_AZ");
            }
            if m && azs.len() < 2 {
                return Outcome::fail(format!(
                    "database {l} is Multi-AZ but its subnet group spans {} (RDS needs two)",
                    plural(azs.len(), "availability zone")
                ))
                .code(Some(d.id.clone()), "DATABASE_MULTI_AZ");
            }
        }
        if let Some(t) = &s.tier {
            if let Some(bad) = d
                .subnet_group
                .iter()
                .find(|x| tiers.tier_of(net, x) != Some(t.as_str()))
            {
                return Outcome::fail(format!(
                    "database {l} uses subnet {bad}, which is not in tier `{t}`"
                ))
                .code(Some(d.id.clone()), "DATABASE_TIER");
            }
        }
        if let Some(p) = s.publicly_accessible {
            if d.publicly_accessible != p {
                return Outcome::fail(format!(
                    "database {l} has publicly_accessible = {}, expected {p}",
                    d.publicly_accessible
                ))
                .code(Some(d.id.clone()), "DATABASE_PUBLIC");
            }
        }
        lines.push(format!(
            "{l} ({}{})",
            d.engine,
            if d.multi_az { ", Multi-AZ" } else { "" }
        ));
    }
    Outcome::pass(lines.join("; "))
}

fn eks_subnets(net: &Network, tiers: &Tiers, s: &rubric::EksSpec) -> Outcome {
    let mut ids: Vec<&str> = Vec::new();
    for i in net.instances.iter().filter(|i| {
        matches!(
            i.role,
            InstanceRole::KubernetesNode | InstanceRole::KubernetesControlPlane
        )
    }) {
        if !ids.contains(&i.subnet_id.as_str()) {
            ids.push(&i.subnet_id);
        }
    }
    if ids.is_empty() {
        return Outcome::fail(
            "no instance of role kubernetes-node: the cluster has no node subnets",
        )
        .code(None, "EKS_NO_NODES");
    }
    let listing: Vec<String> = ids
        .iter()
        .map(|id| {
            net.subnet(id)
                .map(subnet_line)
                .unwrap_or_else(|| format!("{id} (missing)"))
        })
        .collect();
    let azs: BTreeSet<String> = ids.iter().filter_map(|x| subnet_az(net, x)).collect();
    if azs.len() < s.min_azs {
        return Outcome::fail(format!(
            "EKS refuses the cluster: InvalidParameterException — subnets specified must be in at least {} different AZs; node subnets: {}",
            s.min_azs,
            listing.join("; ")
        ))
        .code(ids.first().map(|x| x.to_string()), "EKS_SUBNETS_ONE_AZ");
    }
    if let Some(t) = &s.tier {
        if let Some(bad) = ids
            .iter()
            .find(|x| tiers.tier_of(net, x) != Some(t.as_str()))
        {
            return Outcome::fail(format!("node subnet {bad} is not in tier `{t}`"))
                .code(Some(bad.to_string()), "EKS_SUBNET_TIER");
        }
    }
    Outcome::pass(format!(
        "node subnets span {}: {}",
        plural(azs.len(), "availability zone"),
        listing.join("; ")
    ))
}

fn no_lint(diags: &[crate::network::Diagnostic], worst: crate::network::Severity) -> Outcome {
    let bad: Vec<&crate::network::Diagnostic> =
        diags.iter().filter(|d| d.severity <= worst).collect();
    let sev = format!("{worst:?}").to_lowercase();
    match bad.first() {
        None => Outcome::pass(format!("no lint of severity {sev} or worse")),
        Some(first) => {
            let more = if bad.len() > 1 {
                format!(" (and {} more)", bad.len() - 1)
            } else {
                String::new()
            };
            Outcome::fail(format!(
                "{} on {}: {}{more}",
                first.code, first.component, first.message
            ))
            .code(Some(first.component.clone()), &first.code)
        }
    }
}

// ---- reachability ---------------------------------------------------------------------------

fn flow_text(f: &Flow, from: &str, to: &str) -> String {
    let proto = match f.port {
        Some(p) => format!("{}/{p}", f.protocol.name()),
        None => f.protocol.name(),
    };
    format!("{from} → {to} {proto}")
}

fn reach(net: &Network, index: &NetworkIndex, tiers: &Tiers, s: &rubric::ReachSpec) -> Outcome {
    let froms = match resolve(net, tiers, &s.from) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("from `{}`: {e}", s.from)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let tos = match resolve(net, tiers, &s.to) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("to `{}`: {e}", s.to)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let want = s.expect == Expect::Allowed;
    let mut tested = 0usize;
    let mut met = 0usize;
    let mut first_unmet: Option<Outcome> = None;
    let mut first_met: Option<String> = None;
    for f in &froms {
        for t in &tos {
            if f.spec == t.spec {
                continue;
            }
            tested += 1;
            let flow = Flow {
                from: f.spec.clone(),
                to: t.spec.clone(),
                protocol: s.protocol,
                port: s.port,
                src_port: None,
                icmp_type: None,
                icmp_code: None,
            };
            let text = || flow_text(&flow, &f.label, &t.label);
            // The fast walk first; the blocker (a full trace) only when the evidence needs it.
            let verdict = index.reachable(&flow).and_then(|reachable| {
                let explain = !reachable
                    && ((reachable == want && first_met.is_none())
                        || (reachable != want && first_unmet.is_none()));
                if explain {
                    index.verdict(&flow)
                } else {
                    Ok((reachable, None))
                }
            });
            let (reachable, blocker) = match verdict {
                Ok(v) => v,
                Err(e) => {
                    if first_unmet.is_none() {
                        let mut o = Outcome::fail(format!("{}: cannot trace: {e}", text()))
                            .code(None, "FLOW_ERROR");
                        o.flow = Some(flow);
                        first_unmet = Some(o);
                    }
                    continue;
                }
            };
            if reachable == want {
                met += 1;
                if first_met.is_none() {
                    first_met = Some(format!(
                        "{}: {}",
                        text(),
                        if reachable {
                            "reachable".to_string()
                        } else {
                            blocked_text(&blocker)
                        }
                    ));
                }
            } else if first_unmet.is_none() {
                let o = if want {
                    let b = blocker.as_ref();
                    let mut o = Outcome::fail(format!(
                        "{}: unreachable — {}",
                        text(),
                        blocked_text(&blocker)
                    ));
                    o.blocked_by = b.map(|b| b.component.clone());
                    o.reason_code = b.map(|b| b.code.to_string());
                    o
                } else {
                    let (allowed_by, why) = allowing_rule(index, &flow);
                    let mut o =
                        Outcome::fail(format!("{}: reachable, but it must not be — {why}", text()));
                    o.blocked_by = allowed_by;
                    o.reason_code = Some("REACHABLE".into());
                    o
                };
                first_unmet = Some(Outcome {
                    flow: Some(flow),
                    ..o
                });
            }
        }
    }
    if tested == 0 {
        return Outcome::fail(format!(
            "`{}` and `{}` name the same single component; nothing to trace",
            s.from, s.to
        ))
        .code(None, "NO_SUCH_ENDPOINT");
    }
    tally(s.quantifier, tested, met, first_met, first_unmet)
}

/// The outcome of a check over several flows (`tested` > 0, `met` of them as expected): passed
/// with the first met flow's summary, or the first unmet flow's outcome; either says how many
/// of the flows met it when there were several. Shared by the network and the pod checks.
pub(crate) fn tally(
    quantifier: Quantifier,
    tested: usize,
    met: usize,
    first_met: Option<String>,
    first_unmet: Option<Outcome>,
) -> Outcome {
    let ok = match quantifier {
        Quantifier::All => met == tested,
        Quantifier::Any => met > 0,
    };
    let more = if tested > 1 {
        format!(" ({met} of {tested} flows as expected)")
    } else {
        String::new()
    };
    if ok {
        Outcome::pass(format!("{}{more}", first_met.unwrap_or_default()))
    } else {
        let mut o = first_unmet.unwrap_or_else(|| Outcome::fail("no flow met the expectation"));
        o.evidence.push_str(&more);
        o
    }
}

fn blocked_text(b: &Option<crate::network::Blocker>) -> String {
    match b {
        Some(b) => format!("blocked by {} ({}): {}", b.component, b.code, b.explanation),
        None => "blocked".into(),
    }
}

/// For a flow that should be denied: the inbound rule that let it in, from a full trace.
fn allowing_rule(index: &NetworkIndex, flow: &Flow) -> (Option<String>, String) {
    let Ok(t) = index.trace(flow) else {
        return (None, "the tracer allows it".into());
    };
    // Between VPCs joined by a transit gateway the isolation lives in its route tables (T5,
    // T6): the table that forwarded the packet to the other VPC is what lets it through, and
    // the destination's group is named after it.
    let tgw = t.hops.iter().find(|h| {
        h.kind == ComponentKind::TransitGatewayRouteTable
            && matches!(h.decision, Decision::Forward | Decision::Allow)
    });
    let sg = t.hops.iter().rev().find(|h| {
        h.direction == HopDirection::Inbound
            && h.decision == Decision::Allow
            && h.kind == ComponentKind::SecurityGroup
    });
    if let Some(h) = tgw {
        let then = sg
            .map(|g| format!("; then {}: {}", g.component, g.explanation))
            .unwrap_or_default();
        return (
            Some(h.component.clone()),
            format!(
                "{}: {}{then}",
                h.component,
                h.explanation.trim_end_matches('.')
            ),
        );
    }
    let hop = t
        .hops
        .iter()
        .rev()
        .find(|h| {
            h.direction == HopDirection::Inbound
                && h.decision == Decision::Allow
                && h.kind == ComponentKind::SecurityGroup
        })
        .or_else(|| t.hops.iter().rev().find(|h| h.decision == Decision::Allow));
    match hop {
        Some(h) => (
            Some(h.component.clone()),
            format!("{}: {}", h.component, h.explanation),
        ),
        None => (None, "every hop lets it through".into()),
    }
}

#[cfg(test)]
mod tests;
