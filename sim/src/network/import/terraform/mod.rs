//! Terraform in: an HCL root module (with tfvars, CLI variables and local child modules) or
//! the JSON of `terraform show -json` → [`Network`].
//!
//! **Why**: learners and reviewers describe VPCs in Terraform, and the questions Stratosim
//! answers (can this packet get there, which rule decides?) are the same. Terraform's AWS
//! provider differs from the console in ways that matter for reachability, so this importer
//! applies the provider's semantics, not the console's: a Terraform `aws_security_group` has
//! no egress unless one is written; `aws_default_*` resources keep only the rules they
//! restate; what the configuration does not manage keeps AWS's defaults and is named
//! `aws_vpc.NAME:main_route_table`, `aws_vpc.NAME:default_network_acl`,
//! `aws_vpc.NAME:default_security_group`.
//!
//! **Guarantees**:
//! - pure: the caller reads files and passes a map path → text; nothing here touches the
//!   filesystem, the clock or a hash map's iteration order. The same input gives the same
//!   [`TerraformImport`], byte for byte.
//! - every component id is its Terraform resource address (`aws_instance.web[1]`,
//!   `module.net.aws_subnet.private["a"]`), and [`TerraformImport::provenance`] says which
//!   file and line declared it (and, for rules, which block wrote the rule);
//! - every value nobody can know offline (data sources, AWS-assigned addresses, registry
//!   modules) is either a stated assumption listed in [`TerraformImport::warnings`] or an
//!   error; never a silent default;
//! - malformed input is a [`TerraformError`] naming the file, the line and what is wrong
//!   (syntax, undeclared reference, wrong type, cycle, expansion limit), never a panic.
//!   `count`/`for_each` expand to at most [`MAX_INSTANCES_PER_BLOCK`] instances per block
//!   and [`MAX_RESOURCES`] in all; modules nest at most [`MAX_MODULE_DEPTH`] deep.

mod build;
mod cache;
mod eval;
mod functions;
mod patch;
mod paths;
mod state;
mod syntax;
mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;

use crate::network::model::Network;
use crate::network::trace::{DecidingRule, Hop, HopDirection, Trace};

pub use cache::ImportCache;
pub use paths::{join_path, normalize_path, parent_dir};
pub use state::import_terraform_json;

/// At most this many instances from one block's `count` or `for_each`.
pub const MAX_INSTANCES_PER_BLOCK: usize = 1_000;
/// At most this many resource instances in a whole configuration (all modules).
pub const MAX_RESOURCES: usize = 10_000;
/// Child modules nest at most this deep (a module that calls itself hits this).
pub const MAX_MODULE_DEPTH: usize = 16;
/// Brackets, braces and parentheses nest at most this deep in one file.
pub const MAX_NESTING: usize = 128;

/// Where a component or a rule was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Provenance {
    pub file: String,
    /// 1-based line of the block (0 when the input is JSON state, which has no lines).
    pub line: usize,
}

/// One assumption the importer made, or a construct it could not model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// The block or address it is about, e.g. `data.aws_availability_zones.available`.
    pub block: String,
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A variable value given on the command line, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliVariable {
    /// `--var NAME=VALUE`.
    Var { name: String, value: String },
    /// `--var-file FILE`: its name (for messages) and text.
    File { path: String, text: String },
}

/// An HCL configuration: every file the CLI read, keyed by `/`-separated path.
#[derive(Clone, Debug, Default)]
pub struct TerraformSource {
    /// Path → text. The root module is every `*.tf` directly in `root` (or, when
    /// `single_file` is set, that one file); `terraform.tfvars` and `*.auto.tfvars` in
    /// `root` are loaded like Terraform does; `*.tf` files in other directories are read
    /// only when a `module` block's local `source` names their directory.
    pub files: BTreeMap<String, String>,
    /// The root module's directory (`""` for the current directory).
    pub root: String,
    /// When the input is one `.tf` file, its path: the root module is that file alone.
    pub single_file: Option<String>,
    /// `--var` and `--var-file`, in command-line order (later wins).
    pub cli_variables: Vec<CliVariable>,
}

/// Where a rule inside a component came from (for `--json` hops).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum RuleKey {
    /// Security-group rule by direction and index in the model's list.
    SecurityGroup { egress: bool, index: usize },
    /// NACL entry by direction and rule number.
    Nacl { egress: bool, rule_number: u32 },
    /// A route by destination text.
    Route { destination: String },
}

/// The result of an import: the network plus what the CLI needs to explain it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerraformImport {
    pub network: Network,
    /// Component id (a resource address) → the block that declared it.
    pub provenance: BTreeMap<String, Provenance>,
    /// (component id, rule) → the block that wrote the rule (an inline block or a separate
    /// rule resource).
    pub rule_provenance: BTreeMap<(String, RuleKey), Provenance>,
    /// Every assumption made, in configuration order.
    pub warnings: Vec<ImportWarning>,
    /// Real AWS ids (from state JSON: `i-…`, `sg-…`) → the resource address.
    pub aliases: BTreeMap<String, String>,
    /// The address of each component whose facts rest on an assumption → the warning indexes.
    pub assumed: BTreeMap<String, Vec<usize>>,
}

impl TerraformImport {
    /// The address a `--from`/`--to` spec names: a real id from state JSON maps to its
    /// address; anything else (an address, an IP, `internet`) is returned unchanged.
    pub fn resolve_endpoint(&self, spec: &str) -> String {
        let s = spec.trim();
        if let Some(a) = self.aliases.get(s) {
            return a.clone();
        }
        s.to_string()
    }

    /// The block that decided a hop: the rule's own block (an inline `ingress`/`route`
    /// block, or a separate rule resource) when a rule decided, else the component's block.
    /// `None` for the internet and for JSON input (which has no lines).
    pub fn hop_provenance(&self, h: &Hop) -> Option<&Provenance> {
        let rule = match &h.rule {
            DecidingRule::SecurityGroupRule {
                security_group,
                index,
                ..
            } => Some((
                security_group.clone(),
                RuleKey::SecurityGroup {
                    egress: h.direction == HopDirection::Outbound,
                    index: *index,
                },
            )),
            DecidingRule::NaclEntry {
                network_acl,
                rule_number: Some(n),
                ..
            } => Some((
                network_acl.clone(),
                RuleKey::Nacl {
                    egress: h.direction == HopDirection::Outbound,
                    rule_number: *n,
                },
            )),
            DecidingRule::Route {
                route_table,
                destination,
                implicit: false,
                ..
            } => Some((
                route_table.clone(),
                RuleKey::Route {
                    destination: destination.clone(),
                },
            )),
            _ => None,
        };
        rule.and_then(|k| self.rule_provenance.get(&k))
            .or_else(|| self.provenance.get(&h.component))
            .filter(|p| p.line > 0)
    }

    /// The block that declared a component, when it has a line.
    pub fn component_provenance(&self, id: &str) -> Option<&Provenance> {
        self.provenance.get(id).filter(|p| p.line > 0)
    }

    /// Where a trace's first blocker was decided: the hop that dropped the packet, else the
    /// blocking component's block.
    pub fn blocker_provenance(&self, t: &Trace) -> Option<&Provenance> {
        let b = t.blockers.first()?;
        t.hops
            .iter()
            .chain(&t.return_hops)
            .find(|h| h.component == b.component && !h.after_blocker)
            .and_then(|h| self.hop_provenance(h))
            .or_else(|| self.component_provenance(&b.component))
    }

    /// The indexes into [`Self::warnings`] of the assumptions a trace rests on: those about
    /// a component it passes through, a blocker or an endpoint, in warning order.
    pub fn assumptions_used(&self, t: &Trace) -> Vec<usize> {
        let mut used = std::collections::BTreeSet::new();
        let ids = t
            .hops
            .iter()
            .chain(&t.return_hops)
            .map(|h| h.component.as_str())
            .chain([t.flow.from.as_str(), t.flow.to.as_str()])
            .chain(t.blockers.iter().map(|b| b.component.as_str()));
        for id in ids {
            if let Some(ws) = self.assumed.get(id) {
                used.extend(ws.iter().copied());
            }
        }
        used.into_iter().collect()
    }
}

/// Why a configuration could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TerraformError {
    #[error("{file}:{line}:{column}: HCL syntax error: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}: reference to undeclared {what} `{name}`")]
    Undeclared {
        file: String,
        line: usize,
        what: String,
        name: String,
    },
    #[error("{file}:{line}: wrong type for {what}: {message}")]
    WrongType {
        file: String,
        line: usize,
        what: String,
        message: String,
    },
    #[error("{file}:{line}: cannot evaluate {what}: {message}")]
    Eval {
        file: String,
        line: usize,
        what: String,
        message: String,
    },
    #[error("{file}:{line}: dependency cycle: {}", cycle.join(" → "))]
    Cycle {
        file: String,
        line: usize,
        cycle: Vec<String>,
    },
    #[error("{file}:{line}: {what} expands to {count} instances, more than the limit of {limit}")]
    TooMany {
        file: String,
        line: usize,
        what: String,
        count: usize,
        limit: usize,
    },
    #[error("{file}: not valid JSON at line {line}, column {column}: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    State { file: String, message: String },
    #[error("{0}")]
    CommandLine(String),
    #[error("no Terraform configuration: {0}")]
    Empty(String),
}

/// Imports an HCL configuration.
pub fn import_terraform(source: &TerraformSource) -> Result<TerraformImport, TerraformError> {
    let evaluated = eval::evaluate(source, &mut ImportCache::new())?;
    Ok(build::build(&evaluated))
}

/// Imports an HCL configuration like [`import_terraform`] (same result, same errors),
/// reusing what `cache` kept from the previous import: files whose text did not change are
/// not parsed again, unchanged inputs (or changes the import never reads, such as a
/// variable's `description`) give the previous result without evaluating, and an edit of
/// blocks nothing else depends on re-evaluates only those blocks (`patch`).
pub fn import_terraform_cached(
    source: &TerraformSource,
    cache: &mut ImportCache,
) -> Result<TerraformImport, TerraformError> {
    if let Some(previous) = cache.previous(source) {
        return Ok(previous);
    }
    if let Some(patched) = cache.patched(source) {
        return Ok(patched);
    }
    match eval::evaluate_keeping(source, cache) {
        Ok((evaluated, memo)) => {
            let import = build::build(&evaluated);
            cache.keep(source, &import);
            cache.keep_memo(memo, evaluated);
            Ok(import)
        }
        Err(e) => {
            cache.forget_result();
            Err(e)
        }
    }
}

/// The local module directories a file's `module` blocks name (`source = "./modules/net"`),
/// resolved against `dir`: what the CLI must read before calling [`import_terraform`].
/// Files that do not parse give no sources (the import itself reports the syntax error).
pub fn local_module_dirs(dir: &str, text: &str) -> Vec<String> {
    syntax::local_module_sources(text)
        .into_iter()
        .map(|s| normalize_path(&join_path(dir, &s)))
        .collect()
}
