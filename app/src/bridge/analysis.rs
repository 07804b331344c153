//! One analysis per design revision: everything `sim` says about a design that more than one
//! view needs — the lints, the cluster run (one seed, no injected events), the pods' addresses
//! from that run, the network index over the network with those addresses, the trace
//! endpoints and the saved test flows' verdicts. The editor computes it on every commit and
//! the views share it by reference.
//!
//! Guarantees:
//! - **One source per fact.** The pod addresses come from the cluster run the cluster panel
//!   shows (same seed, same manifests); test flows, traces and the matrix all walk the same
//!   index, which holds the pods' addresses, so a flow that traces as reachable is judged
//!   reachable as a test flow too.
//! - **Only what the edit touched is recomputed.** Each part records what it depends on
//!   (network, manifests, seed, saved flows); [`Analysis::next`] reuses every part whose
//!   inputs are unchanged, so moving a component (a layout-only edit) recomputes nothing.

use std::fmt;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use sim::network::{self, Design, Diagnostic, Matrix, Network, NetworkIndex, TestFlow, Trace};

use super::cluster::{self, Timeline};
use super::PodAddress;

self_cell::self_cell!(
    /// A network and the tracer's index over it, built once and shared.
    struct Indexed {
        owner: Network,
        #[covariant]
        dependent: NetworkIndex,
    }
);

/// A saved test flow with whether it meets its expectation now (`Err` when it cannot be
/// traced, e.g. an endpoint that no longer exists).
pub type FlowResult = (TestFlow, Result<bool, String>);

/// The cluster run of a design: its timeline, or why there is none (one message per line).
pub type ClusterRun = Result<Timeline, Vec<String>>;

pub struct Analysis {
    /// The design this analysis is of.
    design: Rc<Design>,
    /// The seed of the cluster run.
    pub seed: u64,
    /// A number unique to this run and index (among all analyses of this app): a memo key
    /// for anything derived from traces or the cluster run (unchanged by layout-only edits).
    pub key: u64,
    pub lints: Rc<Vec<Diagnostic>>,
    /// The design's cluster run with `seed` and no injected events (the cluster panel's run
    /// until the learner injects something).
    pub cluster: Rc<ClusterRun>,
    /// Pods on the design's Kubernetes-node instances, one minute into `cluster`.
    pub pods: Rc<Vec<PodAddress>>,
    /// Endpoints a trace can start or end at, as (id or IP, label): the internet, instances,
    /// load balancers, databases, then pods.
    pub endpoints: Rc<Vec<(String, String)>>,
    pub test_flows: Rc<Vec<FlowResult>>,
    indexed: Rc<Indexed>,
}

impl fmt::Debug for Analysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Analysis")
            .field("seed", &self.seed)
            .field("key", &self.key)
            .field("lints", &self.lints.len())
            .field("pods", &self.pods.len())
            .field("test_flows", &self.test_flows.len())
            .finish()
    }
}

/// Two analyses are equal when they share every part (they were computed once).
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.design, &other.design)
            && self.seed == other.seed
            && Rc::ptr_eq(&self.indexed, &other.indexed)
            && Rc::ptr_eq(&self.test_flows, &other.test_flows)
            && Rc::ptr_eq(&self.lints, &other.lints)
            && Rc::ptr_eq(&self.cluster, &other.cluster)
    }
}

/// How many runs and indexes were built so far (the source of [`Analysis::key`]).
static BUILDS: AtomicU64 = AtomicU64::new(0);

/// The cluster run when the design has manifests.
fn run_cluster(design: &Design, seed: u64) -> ClusterRun {
    cluster::timeline(design, &[], seed)
}

/// Pods of the run that sit on the design's Kubernetes-node instances, one minute in, with an
/// address inside their node's subnet (AWS VPC CNI: a pod's IP is a secondary address of its
/// node's interface).
fn pods_of(design: &Design, run: &ClusterRun) -> Vec<PodAddress> {
    let Ok(timeline) = run else {
        return Vec::new();
    };
    let snapshot = timeline.snapshot_at(60_000);
    let net = &design.network;
    snapshot
        .pods
        .iter()
        .filter_map(|p| {
            let ip = p.ip.clone()?;
            let node = p.node.as_deref()?;
            let inst = net.instances.iter().find(|i| {
                i.role == network::InstanceRole::KubernetesNode && (i.name == node || i.id == node)
            })?;
            let inside = network::Cidr::parse(&net.subnet(&inst.subnet_id)?.cidr)
                .ok()?
                .contains(network::cidr::parse_ip(&ip)?);
            inside.then(|| PodAddress {
                label: format!("pod {} on {}", p.name, node),
                ip,
                instance: inst.id.clone(),
            })
        })
        .collect()
}

/// The network with each pod's IP added to its node's interface, indexed for tracing.
fn index_with_pods(net: &Network, pods: &[PodAddress]) -> Indexed {
    let mut net = net.clone();
    for p in pods {
        if let Some(i) = net.instances.iter_mut().find(|i| i.id == p.instance) {
            if !i.secondary_private_ips.contains(&p.ip) {
                i.secondary_private_ips.push(p.ip.clone());
            }
        }
    }
    Indexed::new(net, |net| NetworkIndex::build(net))
}

fn endpoints_of(net: &Network, pods: &[PodAddress]) -> Vec<(String, String)> {
    let mut out = super::trace_endpoints(net);
    out.extend(pods.iter().map(|p| (p.ip.clone(), p.label.clone())));
    out
}

fn judge(index: &NetworkIndex, flows: &[TestFlow]) -> Vec<FlowResult> {
    flows
        .iter()
        .map(|f| {
            // Pass/fail needs only the verdict, not the explained hops.
            let r = index
                .verdict(&f.to_flow())
                .map(|(reachable, _)| reachable)
                .map_err(|e| e.to_string());
            (f.clone(), r)
        })
        .collect()
}

impl Analysis {
    /// Analyses a design from scratch.
    pub fn new(design: Rc<Design>, seed: u64) -> Analysis {
        let lints = Rc::new(network::lint_design(&design));
        let cluster = Rc::new(run_cluster(&design, seed));
        Analysis::from_parts(design, seed, lints, cluster)
    }

    fn from_parts(
        design: Rc<Design>,
        seed: u64,
        lints: Rc<Vec<Diagnostic>>,
        cluster: Rc<ClusterRun>,
    ) -> Analysis {
        let pods = pods_of(&design, &cluster);
        let indexed = Rc::new(index_with_pods(&design.network, &pods));
        let test_flows = Rc::new(judge(indexed.borrow_dependent(), &design.flows));
        Analysis {
            endpoints: Rc::new(endpoints_of(&design.network, &pods)),
            pods: Rc::new(pods),
            design,
            seed,
            key: BUILDS.fetch_add(1, Ordering::Relaxed) + 1,
            lints,
            cluster,
            test_flows,
            indexed,
        }
    }

    /// The analysis of `design` (the editor's next revision) with the cluster run on `seed`,
    /// reusing every part of this one whose inputs did not change.
    pub fn next(self: &Rc<Self>, design: Rc<Design>, seed: u64) -> Rc<Analysis> {
        let old = &self.design;
        let same_network = Rc::ptr_eq(old, &design) || old.network == design.network;
        let same_cluster = same_network && seed == self.seed && old.cluster == design.cluster;
        if same_cluster {
            if old.flows == design.flows {
                // A layout-only edit: nothing to recompute.
                return Rc::new(Analysis {
                    design,
                    ..self.shallow_clone()
                });
            }
            let test_flows = Rc::new(judge(self.indexed.borrow_dependent(), &design.flows));
            return Rc::new(Analysis {
                design,
                test_flows,
                ..self.shallow_clone()
            });
        }
        let lints = if same_network {
            self.lints.clone()
        } else {
            Rc::new(network::lint_design(&design))
        };
        let cluster = Rc::new(run_cluster(&design, seed));
        Rc::new(Analysis::from_parts(design, seed, lints, cluster))
    }

    fn shallow_clone(&self) -> Analysis {
        Analysis {
            design: self.design.clone(),
            seed: self.seed,
            key: self.key,
            lints: self.lints.clone(),
            cluster: self.cluster.clone(),
            pods: self.pods.clone(),
            endpoints: self.endpoints.clone(),
            test_flows: self.test_flows.clone(),
            indexed: self.indexed.clone(),
        }
    }

    /// The tracer's index over the network with the pods' addresses.
    pub fn index(&self) -> &NetworkIndex<'_> {
        self.indexed.borrow_dependent()
    }

    /// Traces a flow typed in the UI, pods included.
    pub fn trace(&self, from: &str, to: &str, protocol: &str, port: &str) -> Result<Trace, String> {
        let flow = super::parse_flow(from, to, protocol, port)?;
        self.index().trace(&flow).map_err(|e| e.to_string())
    }

    /// The reachability matrix on some ports, over [`network::matrix_endpoints`] (the CLI's
    /// rows and columns) for sources and destinations alike.
    pub fn matrix(&self, protocol: &str, ports: &str) -> Result<Matrix, String> {
        let protocol = network::Protocol::parse(protocol)
            .ok_or_else(|| format!("`{protocol}` is not a protocol"))?;
        let ports: Vec<u16> = ports
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<u16>()
                    .map_err(|_| format!("`{p}` is not a port number"))
            })
            .collect::<Result<_, _>>()?;
        let index = self.index();
        let endpoints = network::matrix_endpoints(index);
        network::reachability_matrix(index, &endpoints, &endpoints, protocol, &ports)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bastion_eks() -> Design {
        sim::scenarios::get("bastion-eks")
            .expect("built in")
            .solution
            .clone()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_pod_flow_saved_as_a_test_is_judged_like_its_trace() {
        let mut d = bastion_eks();
        let a = Analysis::new(Rc::new(d.clone()), cluster::DEFAULT_SEED);
        let pod = a.pods.first().expect("the scenario runs pods").clone();
        let t = a.trace(&pod.ip, "internet", "tcp", "443").unwrap();
        assert!(t.is_reachable(), "{:?}", t.verdict);
        assert!(
            t.hops[0].packet.starts_with(&pod.ip),
            "{}",
            t.hops[0].packet
        );
        d.flows.push(TestFlow {
            name: String::new(),
            from: pod.ip.clone(),
            to: "internet".into(),
            protocol: network::Protocol::Tcp,
            port: Some(443),
            expect: Some(network::Expectation::Reachable),
        });
        let a = Rc::new(a).next(Rc::new(d), cluster::DEFAULT_SEED);
        assert_eq!(a.test_flows.len(), 1);
        assert_eq!(a.test_flows[0].1, Ok(true), "not `unknown endpoint`");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pod_addresses_come_from_the_cluster_run_the_panel_shows() {
        let d = Rc::new(bastion_eks());
        for seed in [cluster::DEFAULT_SEED, 7] {
            let a = Analysis::new(d.clone(), seed);
            let run = a
                .cluster
                .as_ref()
                .as_ref()
                .expect("the scenario has a cluster");
            assert_eq!(run.seed, seed, "one seed for the panel and the pods");
            assert_eq!(*run, cluster::timeline(&d, &[], seed).unwrap());
            let at_one_minute = run.snapshot_at(60_000);
            for p in a.pods.iter() {
                assert!(
                    at_one_minute
                        .pods
                        .iter()
                        .any(|s| s.ip.as_deref() == Some(p.ip.as_str())),
                    "{} is not a pod of the panel's run",
                    p.ip
                );
            }
            assert!(a.endpoints.iter().any(|(id, _)| *id == a.pods[0].ip));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_layout_edit_recomputes_nothing_and_a_network_edit_reindexes() {
        let d = bastion_eks();
        let a = Rc::new(Analysis::new(Rc::new(d.clone()), cluster::DEFAULT_SEED));
        let mut moved = d.clone();
        for r in moved.layout.values_mut() {
            r.x += 10.0;
        }
        let b = a.next(Rc::new(moved.clone()), cluster::DEFAULT_SEED);
        assert!(Rc::ptr_eq(&a.indexed, &b.indexed));
        assert!(Rc::ptr_eq(&a.cluster, &b.cluster));
        assert!(Rc::ptr_eq(&a.lints, &b.lints));
        assert_eq!(b.key, a.key);
        moved.network.vpcs[0].name = "renamed".into();
        let c = b.next(Rc::new(moved), cluster::DEFAULT_SEED);
        assert!(!Rc::ptr_eq(&b.indexed, &c.indexed));
        assert_ne!(c.key, b.key);
        // Another seed reruns the cluster (the pods' addresses may move) under a new key.
        let d = c.next(c.design.clone(), 7);
        assert!(Rc::ptr_eq(&c.lints, &d.lints));
        assert!(!Rc::ptr_eq(&c.cluster, &d.cluster));
        assert_ne!(d.key, c.key);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_app_matrix_has_the_cli_rows_and_columns_load_balancers_included() {
        let d = Rc::new(bastion_eks());
        let a = Analysis::new(d.clone(), cluster::DEFAULT_SEED);
        let m = a.matrix("tcp", "22").unwrap();
        // What `stratosim matrix` uses: the same function over the plain network.
        let cli = network::matrix_endpoints(&NetworkIndex::build(&d.network));
        assert!(
            !d.network.load_balancers.is_empty(),
            "the solution draws its load balancer"
        );
        assert_eq!(m.sources, cli);
        assert_eq!(m.destinations, cli);
        for lb in &d.network.load_balancers {
            assert!(
                m.sources.contains(&lb.id),
                "{} dropped from the rows",
                lb.id
            );
        }
    }
}
