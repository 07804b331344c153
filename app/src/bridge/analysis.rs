//! One analysis per design revision: everything `sim` says about a design that more than one
//! view needs — the lints, the cluster run (one seed, no injected events), the pods' addresses
//! from that run, the network index over the network with those addresses, the trace
//! endpoints and the saved test flows' verdicts, and — when the design has manifests — the
//! cluster network (`sim::cluster::kubenet::ClusterNetwork`: NetworkPolicy, Services, the
//! Ingresses' ALBs) with the tracer's index over the VPC it sits on. The editor computes it on
//! every commit and the views share it by reference.
//!
//! **Routing.** A design with manifests traces every flow, judges every test flow and fills
//! the matrix through the cluster network (what `stratosim trace --design D --manifests M`
//! does for the same design, manifests and seed), so `pod:`, `service:`, `ingress:` and
//! `node:` endpoints work and a NetworkPolicy decides pod traffic. Without manifests, or when
//! they do not load, the network index alone answers (a cluster endpoint is then an error
//! saying why).
//!
//! Guarantees:
//! - **One source per fact.** The pod addresses come from the cluster run the cluster panel
//!   shows (same seed, same manifests); test flows, traces and the matrix all walk the same
//!   index, which holds the pods' addresses, so a flow that traces as reachable is judged
//!   reachable as a test flow too.
//! - **Only what the edit touched is recomputed.** Each part records what it depends on
//!   (network, manifests, seed, saved flows); [`Analysis::next`] reuses every part whose
//!   inputs are unchanged, so moving a component (a layout-only edit) recomputes nothing. The
//!   cluster network depends on the network, the manifests and the seed, like the run.
//! - **The CLI's seed.** The cluster network is built with the analysis's seed (the cluster
//!   panel's, [`sim::cluster::DEFAULT_SEED`] until the learner changes it); `stratosim trace
//!   --manifests` and the grader default to that same constant, so the CLI without `--seed`
//!   answers as the untouched panel does, and given the panel's seed answers the same.

use std::fmt;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use sim::cluster::kubenet::ClusterNetwork;
use sim::network::msg::{Arg, Msg, Text};
use sim::network::{
    self, Design, Diagnostic, Flow, Matrix, Network, NetworkIndex, TestFlow, Trace,
};

use super::cluster::{self, Timeline};
use super::PodAddress;
use crate::i18n::Lang;

self_cell::self_cell!(
    /// A network and the tracer's index over it, built once and shared.
    struct Indexed {
        owner: Network,
        #[covariant]
        dependent: NetworkIndex,
    }
);

/// The tracer's index over a cluster network's VPC, when it has one.
type MaybeIndex<'a> = Option<NetworkIndex<'a>>;

self_cell::self_cell!(
    /// A design's cluster network and the index over the network it carries (the design's
    /// network with the pods' addresses and the Ingresses' ALBs), built once and shared.
    pub struct Kubenet {
        owner: ClusterNetwork,
        #[covariant]
        dependent: MaybeIndex,
    }
);

impl Kubenet {
    /// The cluster network.
    pub fn cluster(&self) -> &ClusterNetwork {
        self.borrow_owner()
    }

    /// Traces a flow through the cluster and the VPC under it; an error keeps its message key.
    pub fn trace(&self, flow: &Flow) -> Result<Trace, Text> {
        self.borrow_owner()
            .trace(self.borrow_dependent().as_ref(), flow)
            .map_err(|e| e.text())
    }
}

/// The cluster network of a design: `None` without manifests, `Err` (the errors, one per
/// line) when they do not load.
pub type KubenetPart = Option<Result<Kubenet, Vec<String>>>;

/// Is this a cluster endpoint (`pod:`, `service:`, `ingress:`, `node:`)?
pub fn is_cluster_endpoint(spec: &str) -> bool {
    ["pod:", "service:", "ingress:", "node:"]
        .iter()
        .any(|p| spec.trim().starts_with(p))
}

/// Builds the cluster network of a design with manifests, as `stratosim trace --manifests`
/// does (the importer's errors refuse it, like the CLI's exit 2).
fn build_kubenet(design: &Design, seed: u64) -> KubenetPart {
    let text = match sim::grade::manifest_text(design) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(e) => return Some(Err(vec![e])),
    };
    let (cn, diags) = ClusterNetwork::build(&[("cluster", &text)], Some(&design.network), seed);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == sim::cluster::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        return Some(Err(errors));
    }
    Some(Ok(Kubenet::new(cn, |cn| {
        cn.network.as_ref().map(NetworkIndex::build)
    })))
}

/// A cluster endpoint in the trace form's pickers, worded by the view in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterEndpoint {
    /// `pod:NS/NAME`, `service:NS/NAME`, `ingress:NS/NAME` or `node:NAME`.
    pub spec: String,
    pub kind: ClusterEndpointKind,
    /// The address, or what the view shows beside the kind (a Service's ClusterIP, a pod's
    /// IP and node, an Ingress's load balancer, a node's IP); values only, never words.
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterEndpointKind {
    Pod,
    Service,
    Ingress,
    Node,
}

fn cluster_endpoints_of(part: &KubenetPart) -> Vec<ClusterEndpoint> {
    let Some(Ok(k)) = part else {
        return Vec::new();
    };
    let cn = k.cluster();
    let ip = |a: Option<u32>| {
        a.map(|a| std::net::Ipv4Addr::from(a).to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for p in cn.pods.iter().filter(|p| p.ip.is_some()) {
        let node = p.node.as_deref().unwrap_or_default();
        out.push(ClusterEndpoint {
            spec: format!("pod:{}", p.key()),
            kind: ClusterEndpointKind::Pod,
            detail: format!("{} @ {node}", ip(p.ip)),
        });
    }
    for s in &cn.objects.services {
        out.push(ClusterEndpoint {
            spec: format!("service:{}", s.key()),
            kind: ClusterEndpointKind::Service,
            detail: ip(s.cluster_ip),
        });
    }
    for i in &cn.ingresses {
        out.push(ClusterEndpoint {
            spec: format!("ingress:{}", i.key),
            kind: ClusterEndpointKind::Ingress,
            detail: i.lb_id.clone(),
        });
    }
    for n in &cn.nodes {
        out.push(ClusterEndpoint {
            spec: format!("node:{}", n.name),
            kind: ClusterEndpointKind::Node,
            detail: ip(n.ip),
        });
    }
    out
}

/// A saved test flow with whether it meets its expectation now (`Err` when it cannot be
/// traced, e.g. an endpoint that no longer exists).
pub type FlowResult = (TestFlow, Result<bool, Text>);

/// The cluster run of a design: its timeline, or why there is none (one message per line).
pub type ClusterRun = Result<Timeline, Vec<cluster::LoadLine>>;

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
    /// The cluster network (same inputs as `cluster`: network, manifests, seed).
    pub kubenet: Rc<KubenetPart>,
    /// Pods, Services, Ingresses and nodes a trace can start or end at (with manifests).
    pub cluster_endpoints: Rc<Vec<ClusterEndpoint>>,
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
            && Rc::ptr_eq(&self.kubenet, &other.kubenet)
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

fn judge(index: &NetworkIndex, kubenet: &KubenetPart, flows: &[TestFlow]) -> Vec<FlowResult> {
    flows
        .iter()
        .map(|f| {
            let flow = f.to_flow();
            let r = match route(kubenet, &flow) {
                Route::Cluster(k) => k.trace(&flow).map(|t| t.is_reachable()),
                Route::Refused(e) => Err(e),
                // Pass/fail needs only the verdict, not the explained hops.
                Route::Network => index
                    .verdict(&flow)
                    .map(|(reachable, _)| reachable)
                    .map_err(|e| e.text()),
            };
            (f.clone(), r)
        })
        .collect()
}

/// Which tracer answers a flow.
enum Route<'a> {
    /// The design has manifests that load: the cluster network (as the CLI with `--manifests`).
    Cluster(&'a Kubenet),
    /// The network index (no manifests, or a VPC flow while the manifests do not load).
    Network,
    /// A cluster endpoint the design cannot trace, and why.
    Refused(Text),
}

/// The app's own sentence `key` as a [`Text`]: the English from the English catalogue, the key
/// for the reader's language (`i18n::explain::text`).
pub(crate) fn app_text(key: &'static str, args: Vec<(&'static str, Arg)>) -> Text {
    let mut fluent = crate::i18n::FluentArgs::new();
    for (name, arg) in &args {
        if let Arg::Value(v) = arg {
            fluent.set(*name, crate::i18n::FluentValue::from(v.clone()));
        }
    }
    Text {
        en: crate::i18n::tr_args(Lang::En, key, Some(&fluent)),
        msg: Some(Msg { key, args }),
    }
}

fn route<'a>(kubenet: &'a KubenetPart, flow: &Flow) -> Route<'a> {
    let cluster_end = is_cluster_endpoint(&flow.from) || is_cluster_endpoint(&flow.to);
    match kubenet {
        Some(Ok(k)) => Route::Cluster(k),
        Some(Err(errors)) if cluster_end => Route::Refused(app_text(
            "trace-refused-manifests-broken",
            vec![("errors", Arg::Value(errors.join("; ")))],
        )),
        None if cluster_end => Route::Refused(app_text("trace-refused-no-manifests", Vec::new())),
        _ => Route::Network,
    }
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
        let kubenet = build_kubenet(&design, seed);
        let test_flows = Rc::new(judge(indexed.borrow_dependent(), &kubenet, &design.flows));
        Analysis {
            cluster_endpoints: Rc::new(cluster_endpoints_of(&kubenet)),
            kubenet: Rc::new(kubenet),
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
            let test_flows = Rc::new(judge(
                self.indexed.borrow_dependent(),
                &self.kubenet,
                &design.flows,
            ));
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
            kubenet: self.kubenet.clone(),
            cluster_endpoints: self.cluster_endpoints.clone(),
            indexed: self.indexed.clone(),
        }
    }

    /// The tracer's index over the network with the pods' addresses.
    pub fn index(&self) -> &NetworkIndex<'_> {
        self.indexed.borrow_dependent()
    }

    /// Traces a flow typed in the UI, pods included: through the cluster network when the
    /// design has manifests (see the module doc's routing).
    pub fn trace(&self, from: &str, to: &str, protocol: &str, port: &str) -> Result<Trace, Text> {
        let flow = super::parse_flow(from, to, protocol, port)?;
        match route(&self.kubenet, &flow) {
            Route::Cluster(k) => k.trace(&flow),
            Route::Refused(e) => Err(e),
            Route::Network => self.index().trace(&flow).map_err(|e| e.text()),
        }
    }

    /// The cluster network, when the design has manifests that load.
    pub fn cluster_network(&self) -> Option<&Kubenet> {
        match self.kubenet.as_ref() {
            Some(Ok(k)) => Some(k),
            _ => None,
        }
    }

    /// The reachability matrix on some ports, over [`network::matrix_endpoints`] (the CLI's
    /// rows and columns) for sources and destinations alike; with manifests, over the cluster
    /// network's VPC endpoints then its pods (the rows of `stratosim matrix --manifests`),
    /// every cell decided by the cluster network.
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
        if let Some(k) = self.cluster_network() {
            let cn = k.cluster();
            let ix = k.borrow_dependent().as_ref();
            let mut endpoints = ix.map(network::matrix_endpoints).unwrap_or_default();
            endpoints.extend(
                cn.matrix_endpoints()
                    .into_iter()
                    .filter(|e| e.starts_with("pod:")),
            );
            return cn
                .matrix(ix, &endpoints, &endpoints, protocol, &ports)
                .map_err(|e| e.to_string());
        }
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
        // …then, the design having manifests, its pods (the rows of `matrix --manifests`).
        let pods = a.cluster_network().unwrap().cluster().matrix_endpoints();
        let pods: Vec<String> = pods.into_iter().filter(|e| e.starts_with("pod:")).collect();
        assert!(!pods.is_empty());
        assert_eq!(m.sources, [cli.clone(), pods].concat());
        assert_eq!(m.destinations, m.sources);
        for lb in &d.network.load_balancers {
            assert!(
                m.sources.contains(&lb.id),
                "{} dropped from the rows",
                lb.id
            );
        }
    }

    /// The CLI's fixture pair: `stratosim trace --design eks-ingress-rds.json --manifests
    /// ingress-shop.yaml`, as one design holding the manifests (what importing them does).
    fn eks_shop() -> Design {
        let mut d: Design = serde_json::from_str(include_str!(
            "../../../tests/fixtures/designs/eks-ingress-rds.json"
        ))
        .expect("the fixture design loads");
        d.cluster = serde_json::Value::String(
            include_str!("../../../tests/fixtures/k8s/network/ingress-shop.yaml").into(),
        );
        d
    }

    /// (component, decision, after_blocker) per hop, forward then return.
    fn hop_rows(v: &serde_json::Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for side in ["hops", "return_hops"] {
            for h in v[side].as_array().into_iter().flatten() {
                out.push((
                    h["component"].as_str().unwrap_or_default().to_string(),
                    h["decision"].as_str().unwrap_or_default().to_string(),
                ));
            }
        }
        out
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn with_manifests_the_app_traces_like_the_cli_golden() {
        let golden: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/k8s/network/golden/internet-ingress-pod-rds.json"
        ))
        .unwrap();
        let a = Analysis::new(Rc::new(eks_shop()), sim::cluster::DEFAULT_SEED);
        for (key, from, to, port) in [
            ("internet_to_ingress", "internet", "ingress:shop/web", "80"),
            ("pod_to_rds", "pod:shop/web-a", "db-orders", "5432"),
        ] {
            let t = a.trace(from, to, "tcp", port).expect(key);
            let json = t.to_contract_json();
            assert_eq!(json["verdict"], golden[key]["verdict"], "{key}");
            assert_eq!(json["blocked_by"], golden[key]["blocked_by"], "{key}");
            assert_eq!(hop_rows(&json), hop_rows(&golden[key]), "{key}");
            assert_eq!(json, golden[key], "{key}: the whole contract JSON");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn cluster_endpoints_route_through_the_cluster_network_and_only_with_manifests() {
        let a = Analysis::new(Rc::new(eks_shop()), sim::cluster::DEFAULT_SEED);
        // The pod's egress policy admits only the database subnet on 5432.
        let t = a.trace("pod:shop/web-a", "internet", "tcp", "443").unwrap();
        let json = t.to_contract_json();
        assert_eq!(json["blocked_by"], "networkpolicy:shop/web-from-alb");
        assert_eq!(json["reason_code"], "NETWORK_POLICY_EGRESS");
        // The denial is a message key: the Korean UI says it in Korean, values untouched.
        let ko = crate::i18n::explain::blocker_explanation(crate::i18n::Lang::Ko, &t.blockers[0]);
        assert!(
            ko.contains("이그레스") && ko.contains("shop/web-from-alb"),
            "{ko}"
        );
        let deny = t
            .hops
            .iter()
            .find(|h| h.decision == network::Decision::Deny)
            .unwrap();
        let ko = crate::i18n::explain::hop_explanation(crate::i18n::Lang::Ko, deny);
        assert!(ko.starts_with("파드 shop/web-a"), "{ko}");
        // The pod's address is the pod too (the cluster network knows it).
        let web_a = a
            .cluster_endpoints
            .iter()
            .find(|e| e.spec == "pod:shop/web-a")
            .expect("the picker lists the pod");
        assert_eq!(web_a.kind, ClusterEndpointKind::Pod);
        let ip = web_a.detail.split(' ').next().unwrap();
        let by_ip = a.trace(ip, "internet", "tcp", "443").unwrap();
        assert_eq!(
            by_ip.blockers[0].component,
            "networkpolicy:shop/web-from-alb"
        );
        // Where the cluster panel's run places pods on the design's nodes too, the cluster
        // network (same seed) has the same pods at the same addresses.
        for seed in [cluster::DEFAULT_SEED, 7] {
            let panel = Analysis::new(Rc::new(bastion_eks()), seed);
            assert!(!panel.pods.is_empty());
            for p in panel.pods.iter() {
                assert!(
                    panel
                        .cluster_endpoints
                        .iter()
                        .any(|e| e.kind == ClusterEndpointKind::Pod
                            && e.detail.starts_with(&format!("{} ", p.ip))
                            && p.label.contains(e.spec.trim_start_matches("pod:"))),
                    "seed {seed}: {p:?} is not a pod of the cluster network"
                );
            }
        }
        // A Service hop (kube-proxy's DNAT) is a message key too.
        let t = a
            .trace("pod:shop/web-a", "service:shop/web", "tcp", "80")
            .unwrap();
        let dnat = t
            .hops
            .iter()
            .find(|h| h.component == "service:shop/web")
            .unwrap();
        assert!(
            dnat.explanation.contains("chosen by kube-proxy"),
            "{}",
            dnat.explanation
        );
        let ko = crate::i18n::explain::hop_explanation(crate::i18n::Lang::Ko, dnat);
        assert!(ko.contains("kube-proxy가 선택"), "{ko}");
        // So is a NetworkPolicy that allows: the policy, the port and the peer in Korean.
        let t = a
            .trace("internet", "ingress:shop/web", "tcp", "80")
            .unwrap();
        let allow = t
            .hops
            .iter()
            .find(|h| h.component == "networkpolicy:shop/web-from-alb")
            .expect("the pod's policy decides on the way in");
        assert!(
            allow
                .explanation
                .starts_with("NetworkPolicy shop/web-from-alb allows "),
            "{}",
            allow.explanation
        );
        let ko = crate::i18n::explain::hop_explanation(crate::i18n::Lang::Ko, allow);
        assert!(
            ko.contains("shop/web-from-alb") && ko.contains("허용합니다"),
            "{ko}"
        );
        assert!(!ko.contains(" allows "), "{ko}");
        for spec in ["service:shop/web", "ingress:shop/web", "node:k8s-c1"] {
            assert!(
                a.cluster_endpoints.iter().any(|e| e.spec == spec),
                "{spec} missing from the pickers"
            );
        }
        // Without manifests a cluster endpoint is refused with the reason, and a VPC flow
        // still traces through the network index.
        let mut plain = eks_shop();
        plain.cluster = serde_json::Value::Null;
        let b = Analysis::new(Rc::new(plain), sim::cluster::DEFAULT_SEED);
        assert!(b.cluster_network().is_none() && b.cluster_endpoints.is_empty());
        let e = b
            .trace("internet", "ingress:shop/web", "tcp", "80")
            .unwrap_err();
        assert!(e.en.contains("no Kubernetes manifests"), "{e}");
        let ko = crate::i18n::explain::text(Lang::Ko, &e);
        assert!(ko.contains("매니페스트가 없어"), "{ko}");
        assert!(b.trace("internet", "i-0bastion", "tcp", "22").is_ok());
        // Manifests that do not load: cluster endpoints say so.
        let mut broken = eks_shop();
        broken.cluster = serde_json::Value::String("kind: Pod\nmetadata: [\n".into());
        let c = Analysis::new(Rc::new(broken), sim::cluster::DEFAULT_SEED);
        let e = c
            .trace("pod:shop/web-a", "db-orders", "tcp", "5432")
            .unwrap_err();
        assert!(e.en.contains("do not load"), "{e}");
        let ko = crate::i18n::explain::text(Lang::Ko, &e);
        assert!(
            ko.contains("불러오지 못했습니다") && ko.contains(e.en.split(": ").nth(1).unwrap()),
            "the importer's errors are quoted as they are: {ko}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_cluster_network_is_reused_until_its_inputs_change() {
        let d = eks_shop();
        let a = Rc::new(Analysis::new(
            Rc::new(d.clone()),
            sim::cluster::DEFAULT_SEED,
        ));
        assert!(a.cluster_network().is_some());
        let mut moved = d.clone();
        for r in moved.layout.values_mut() {
            r.x += 10.0;
        }
        let b = a.next(Rc::new(moved.clone()), sim::cluster::DEFAULT_SEED);
        assert!(
            Rc::ptr_eq(&a.kubenet, &b.kubenet),
            "a layout edit rebuilt it"
        );
        // A saved cluster flow is judged through the reused cluster network.
        moved.flows.push(TestFlow {
            name: String::new(),
            from: "pod:shop/web-a".into(),
            to: "db-orders".into(),
            protocol: network::Protocol::Tcp,
            port: Some(5432),
            expect: Some(network::Expectation::Reachable),
        });
        let c = b.next(Rc::new(moved.clone()), sim::cluster::DEFAULT_SEED);
        assert!(Rc::ptr_eq(&b.kubenet, &c.kubenet));
        assert_eq!(c.test_flows[0].1, Ok(true), "judged by the cluster network");
        // A manifest edit rebuilds it: web-a gone, the saved flow names a missing pod.
        let mut edited = moved.clone();
        let text = include_str!("../../../tests/fixtures/k8s/network/ingress-shop.yaml")
            .replace("name: web-a,", "name: web-z,");
        edited.cluster = serde_json::Value::String(text);
        let e = c.next(Rc::new(edited), sim::cluster::DEFAULT_SEED);
        assert!(!Rc::ptr_eq(&c.kubenet, &e.kubenet));
        assert!(
            matches!(&e.test_flows[0].1, Err(m) if m.en.contains("shop/web-a") && m.msg.is_some()),
            "{:?}",
            e.test_flows[0].1
        );
        // A network edit and another seed rebuild it too.
        let mut renamed = moved.clone();
        renamed.network.vpcs[0].name = "renamed".into();
        let f = c.next(Rc::new(renamed), sim::cluster::DEFAULT_SEED);
        assert!(!Rc::ptr_eq(&c.kubenet, &f.kubenet));
        let g = f.next(f.design.clone(), 7);
        assert!(!Rc::ptr_eq(&f.kubenet, &g.kubenet));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn with_manifests_the_matrix_pod_block_is_the_cli_matrix() {
        let a = Analysis::new(Rc::new(eks_shop()), sim::cluster::DEFAULT_SEED);
        let m = a.matrix("tcp", "8080").unwrap();
        let k = a.cluster_network().unwrap();
        let cn = k.cluster();
        let pods: Vec<String> = cn
            .matrix_endpoints()
            .into_iter()
            .filter(|e| e.starts_with("pod:"))
            .collect();
        assert_eq!(pods.len(), 2);
        // What `stratosim matrix --design … --manifests …` computes.
        let cli = cn
            .matrix(
                k.borrow_dependent().as_ref(),
                &pods,
                &pods,
                network::Protocol::Tcp,
                &[8080],
            )
            .unwrap();
        for c in &cli.cells {
            let ours = m
                .cells
                .iter()
                .find(|x| x.from == c.from && x.to == c.to && x.port == c.port)
                .expect("the pod block is in the app matrix");
            assert_eq!(ours, c);
        }
        assert!(
            m.sources.contains(&"i-0bastion".to_string()),
            "VPC rows kept"
        );
    }
}
