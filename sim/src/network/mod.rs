//! AWS VPC network model, lints and packet tracer.
//!
//! Submodules and what each guarantees:
//! - [`cidr`]: IPv4/CIDR arithmetic on integers. Strict parsing (host bits must be clear),
//!   never panics on any input.
//! - [`model`]: the serde model with AWS-style string ids (`vpc-…`, `subnet-…`). Loads
//!   any well-shaped JSON, even a half-edited design; it does not validate.
//! - [`design`]: the versioned native format (`Design`, canvas layout, saved flows).
//!   Loading never panics; errors name the JSON path, line and column.
//! - [`fix`]: machine-applicable fixes (`Fix { summary, edits }`); applying never panics.
//! - [`lint`]: one check per file; never panics, deterministic order, each diagnostic
//!   names a component and usually carries a fix.
//! - [`samples`]: small hand-built designs for the app and the tests.
pub mod cidr;
pub mod design;
pub mod edit;
pub mod fix;
pub mod import;
pub mod lint;
pub mod model;
pub mod policy_edit;
pub mod samples;
pub mod trace;

pub use cidr::{Cidr, CidrError};
pub use design::{Design, DesignError, Expectation, Rect, TestFlow, DESIGN_VERSION};
pub use model::*;
pub use fix::{Edit, Fix, FixError};
pub use import::{import_aws_files, import_aws_json, ImportError};
pub use lint::{lint, lint_design, Diagnostic, Severity};
pub use trace::{reachability_matrix, trace, trace_design, Blocker, ComponentKind, DecidingRule, Decision, Flow, FlowError, Hop, HopDirection, Matrix, NetworkIndex, PathSide, Trace, Verdict};
