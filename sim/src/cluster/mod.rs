//! Kubernetes cluster model, scheduler and controllers.
//!
//! Submodules and what each guarantees:
//! - [`quantity`]: Kubernetes quantity parsing (`500m`, `2Gi`, `1e3`), rounding up like `MilliValue`; never panics.
//! - [`model`]: plain serde data (nodes, pods, workloads, Services, PDBs) in ordered collections; pod
//!   requests precomputed with the scheduler's rules.
//! - [`network`]: node zone/subnet/IP placement supplied as a plain [`network::NodeNetwork`] (no
//!   dependency on `sim::network`), deterministic pod IPs skipping AWS's reserved addresses, and VPC CNI max pods.
//! - [`import`]: manifests (YAML multi-doc / JSON / `kind: List`) → [`model::Cluster`] plus diagnostics
//!   naming document and field; never fails as a whole.
//! - [`config`]: `KubeSchedulerConfiguration` v1 → resolved [`config::Profile`]s (default profile = kube-scheduler's).
//! - [`scheduler`]: the framework and plugins with kube-scheduler's formulas; every decision explained.
//! - [`sim`]: the controllers on a discrete-event clock (events ordered by `(time, seq)`, one seeded RNG),
//!   a `kubectl get events`-like log and snapshots at any time; same seed ⇒ same log.
//! - [`kubenet`]: the cluster's network — NetworkPolicy as the API defines it, Services and
//!   kube-proxy (ready endpoints, targetPort), and traces from pods, Services and node ports that
//!   continue through the VPC (`stratosim trace --manifests`).
//! - [`storage`]: StorageClasses, PVs, PVCs, CSINode limits and the volume binder (which PV a
//!   claim binds on a node, dynamic provisioning in the node's zone).
//! - [`authoring`]: typed edits of a `Design`'s cluster (add a bound or pending pod, create/edit/remove
//!   Deployments, the example cluster on the design's own nodes, saved injected events); the one
//!   cluster module that reads a `network::Design`. Every refusal names the field and the value.

//!
//! Entry points (the CLI and the app call only these):
//! - `import::import_manifest_files(&[(name, text)]) -> (Manifests, Vec<Diagnostic>)` (and
//!   `import_manifests(&str)`), `config::parse_scheduler_config(&str)`, `sim::parse_events(&str)`.
//! - `sim::schedule_cluster(Cluster, SchedulerConfig, seed) -> ScheduleReport`: expand workloads,
//!   schedule every pending pod with full explanations (`stratosim schedule`).
//! - `sim::World::new(Cluster, SchedulerConfig, Vec<Injected>, seed, SimConfig)`, then
//!   `run_until(ms)`, `log()`, `snapshot()`; or `sim::simulate(..) -> (Vec<LogEvent>, Snapshot)`
//!   (`stratosim simulate`).
//! - `authoring::{add_pod, create_deployment, update_deployment, deployment_spec, example_cluster,
//!   add_event, events, …}(&Design, …) -> Result<Design, AuthoringError>` (the app's cluster gestures).
//! - Lower level: `scheduler::Scheduler::schedule_one` / `scheduler::schedule_pending` over a
//!   `scheduler::Cache`; `network::apply_node_network` to place a node from the network model.

pub mod authoring;
pub mod config;
pub mod import;
pub mod kubenet;
pub mod model;
pub mod network;
pub mod quantity;
pub mod scheduler;
pub mod sim;
pub mod storage;

pub use config::{parse_scheduler_config, PluginName, Profile, SchedulerConfig};
pub use import::{import_manifest_files, import_manifests, Diagnostic, Manifests, Severity};
pub use model::Cluster;
pub use scheduler::{Decision, Explain, Scheduler, Status};

/// The seed of a cluster run when none is given: the app's cluster panel, `stratosim schedule`,
/// `simulate`, `trace --manifests` and `matrix --manifests`, and the grader's cluster network all
/// start from it, so a learner who runs the CLI on the app's design without `--seed` gets the
/// app's pod names, placements and traces (same input + seed → same output everywhere).
pub const DEFAULT_SEED: u64 = 0;
