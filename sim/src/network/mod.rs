//! AWS VPC network model, lints, packet tracer, AWS CLI importer and design format.
//!
//! # Bird's-eye view
//!
//! ```text
//!  AWS CLI JSON ──import──┐                      ┌─ lint ──────────► Vec<Diagnostic> (+ Fix)
//!                         ├─► Network (model) ───┤
//!  design JSON ──Design───┘                      └─ NetworkIndex ──► trace(Flow) ► Trace (hops, verdict, Fix)
//!                                                      │           └► reachability_matrix ► Matrix
//!                                                      └─ graph (petgraph): islands, route paths
//! ```
//!
//! # Entry points
//! - [`Design::from_json`] / [`Design::to_json_pretty`]: the app's save format and the CLI's `--design`.
//! - [`import_aws_json`] / [`import_aws_files`]: the CLI's `--aws` (strings in; the caller reads files).
//! - [`import::terraform::import_terraform`] / [`import::terraform::import_terraform_json`]:
//!   the CLI's `--terraform` (HCL files or `terraform show -json`; ids are resource addresses).
//! - [`export::terraform::export_design_terraform`]: `stratosim export --terraform` and the
//!   app's Terraform download (design → HCL files, the id → address map, warnings).
//! - [`lint()`] / [`lint_design`]: diagnostics with machine-applicable [`Fix`]es.
//! - [`NetworkIndex::build`] once per edit, then [`NetworkIndex::trace`] per flow
//!   (or [`trace()`] for a one-off), and [`reachability_matrix`].
//! - [`Fix::apply`]: what the app's "Apply fix" button calls.
//! - [`diff::diff`]: what changed from one design to another (components, rules, test-flow
//!   verdicts), for the app's "Compare with…".
//!
//! # Submodules and what each guarantees
//! - [`annotation`]: the design's notes, boxes and arrows (drawings for system-design
//!   questions, ignored by every analysis); limits and refusals naming the JSON path.
//! - [`cidr`]: IPv4/CIDR arithmetic on integers. Strict parsing (host bits must be clear),
//!   never panics on any input.
//! - [`model`]: the serde model with AWS-style string ids (`vpc-…`, `subnet-…`). Loads
//!   any well-shaped JSON, even a half-edited design; it does not validate. Everything
//!   iterated is a `Vec` in the learner's order.
//! - [`design`]: the versioned native format (`Design`, canvas layout, saved flows, an
//!   opaque `cluster` value). Loading never panics; errors name the JSON path, line and
//!   column; an unknown `version` is refused with the version this build reads.
//! - [`field_edit`]: a properties panel's edits, one typed [`field_edit::FieldKey`] per field,
//!   with AWS's refusals; a refused edit leaves the design unchanged.
//! - [`fix`]: machine-applicable fixes (`Fix { summary, edits }`); applying never panics
//!   and fresh ids/addresses are chosen deterministically.
//! - [`kind`]: the one list of component kinds (trace hops, the canvas palette, edits).
//! - [`msg`]: the lints' and the tracer's sentences as a key and named arguments beside the
//!   English, so the app can say the same facts in Korean; the English is exactly `format!`'s.
//! - [`mod@lint`]: one check per file; never panics; deterministic order (severity, check,
//!   model order); each diagnostic names a component and usually carries a fix.
//! - [`import`]: AWS CLI output with AWS's own field names; never panics; errors name the
//!   file and JSON path; unmodelled data (IPv6, transit gateways) becomes diagnostics.
//! - [`export`]: the design as another tool's input (Terraform HCL); pure, never panics,
//!   importing the export gives the same components, lints and verdicts, and what cannot
//!   be expressed is a warning naming the component.
//! - [`mod@trace`]: pure, deterministic hop-by-hop tracer with blocked-path analysis, the
//!   precomputed [`NetworkIndex`], the petgraph component graph and the matrix. Malformed
//!   flows are errors; unreachable is a result with a reason code and a fix.
//! - [`regions`]: the availability zones of real regions; an unknown region is an error.
//! - [`samples`]: hand-built designs for the app and tests, and a generated large topology
//!   for benchmarks.
//!
//! # Not modelled yet
//! IPv6, transit gateways, virtual private gateways/VPN, interface VPC endpoints,
//! Gateway Load Balancers, AWS Network Firewall, load-balancer health checks, ingress
//! routing (gateway route tables), multiple ENIs per instance, prefix-list quotas, and
//! VPC Block Public Access. Routes to unmodelled targets are reported as
//! `UNSUPPORTED_COMPONENT` rather than guessed.
pub mod annotation;
pub mod cidr;
pub mod cidr6;
pub mod design;
pub mod diff;
pub mod edit;
pub mod export;
pub mod field_edit;
pub mod fix;
pub mod import;
pub mod kind;
pub mod lint;
pub mod model;
pub mod msg;
pub mod policy_edit;
pub mod prefix_list_edit;
pub mod regions;
pub mod samples;
pub mod trace;
pub mod transit_edit;

pub use cidr::{Cidr, CidrError};
pub use design::{Design, DesignError, Expectation, Rect, TestFlow, DESIGN_VERSION};
pub use fix::{Edit, Fix, FixError};
pub use import::{import_aws_files, import_aws_json, ImportError};
pub use lint::{lint, lint_design, Diagnostic, Severity};
pub use model::*;
pub use trace::{
    matrix_endpoints, reachability_matrix, trace, trace_design, Blocker, ComponentKind,
    DecidingRule, Decision, Flow, FlowError, Hop, HopDirection, Matrix, NetworkIndex, PathSide,
    ReasonCode, Trace, Verdict,
};
