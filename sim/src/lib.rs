//! Stratosim's simulator core.
//!
//! Everything here is pure and deterministic: no I/O, no wall clock, no OS randomness.
//! Inputs (designs, manifests, seeds, simulated time) arrive as arguments and results
//! are explanation values, never bare booleans, so the app, the CLI and the grader can
//! all show *why* a packet was dropped or a pod was left pending.
//!
//! Layers:
//! - [`network`]: the AWS VPC model, CIDR math, lints, the hop-by-hop packet tracer,
//!   the AWS CLI importer and the versioned native design format.
//! - [`cluster`]: the Kubernetes model, the kube-scheduler-faithful scheduler, the
//!   controllers on a simulated clock and the manifest importer.
//!
//! Rule ids cited in comments and tests (`R6`, `A2`, `S1`, `K8`, `C4`, …) are the sections of
//! `docs/SEMANTICS.md` (`docs/SEMANTICS.md#a2`), which states each rule in a sentence and links
//! the AWS or Kubernetes page it comes from. Text a learner reads says the rule in words instead.

pub mod cluster;
pub mod grade;
pub mod json_path;
pub mod network;
pub mod scenarios;
pub mod text_decode;
pub mod yaml;

/// The version of the simulator, shown by the CLI and the app's about box.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
