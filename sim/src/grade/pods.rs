//! `reach` checks whose ends are pods or Services of the design's cluster (`pod:NS/GLOB`,
//! `service:NS/NAME`): traced by the cluster tracer (`cluster::kubenet`), NetworkPolicy and
//! kube-proxy first, then the VPC under the nodes, so "the frontend cannot reach the API" is
//! graded on the same path `stratosim trace --manifests` shows.
//!
//! **Invariants**
//! - The cluster is the one `ClusterNetwork::build` gives for the design's manifests on its
//!   network with [`DEFAULT_SEED`], the seed the app and `stratosim trace --manifests` use
//!   unless told otherwise: the pods one minute into the run, with their VPC CNI addresses,
//!   named as that trace and the app's Traces tab name them.
//! - A `pod:` selector is a glob over the names of that run's pods in one namespace (the
//!   namespace `default` when none is given), so generated names (`api-7d4f…-x2k9p`) are
//!   matched as `pod:shop/api-*`; a selector matching nothing fails with `NO_SUCH_ENDPOINT`.
//! - Never panics: a design without manifests, or a flow the tracer refuses, fails the check
//!   with the reason.

use crate::cluster::kubenet::ClusterNetwork;
use crate::cluster::DEFAULT_SEED;
use crate::network::trace::{ComponentKind, Decision, HopDirection};
use crate::network::{Design, Flow, NetworkIndex};

use super::rubric::{Expect, ReachSpec};
use super::select::{glob, resolve, Endpoint, Tiers};
use super::{blocked_text, flow_text, Outcome};

/// Is this selector one of the cluster's (pods or Services)?
pub fn is_cluster_selector(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("pod:") || s.starts_with("service:")
}

/// Builds the cluster network of `design` (see the module doc).
pub fn build(design: &Design) -> Result<ClusterNetwork, String> {
    let Some(text) = super::cluster::manifest_text(design)? else {
        return Err("the design has no Kubernetes manifests (`cluster` is empty)".into());
    };
    let (cn, diags) =
        ClusterNetwork::build(&[("cluster", &text)], Some(&design.network), DEFAULT_SEED);
    if let Some(d) = diags
        .iter()
        .find(|d| d.severity == crate::cluster::import::Severity::Error)
    {
        return Err(format!("manifest {d}"));
    }
    Ok(cn)
}

fn split(rest: &str) -> (&str, &str) {
    rest.split_once('/').unwrap_or(("default", rest))
}

/// Resolves a selector against the cluster: pods and Services by name, anything else as the
/// VPC grader does on the network the pods live on.
pub fn resolve_in(
    cn: &ClusterNetwork,
    tiers: &Tiers,
    selector: &str,
) -> Result<Vec<Endpoint>, String> {
    let s = selector.trim();
    if let Some(rest) = s.strip_prefix("pod:") {
        let (ns, pattern) = split(rest);
        let v: Vec<Endpoint> = cn
            .pods
            .iter()
            .filter(|p| p.namespace == ns && p.ip.is_some() && glob(pattern, &p.name))
            .map(|p| Endpoint {
                spec: format!("pod:{}", p.key()),
                label: format!("pod {}", p.key()),
            })
            .collect();
        if v.is_empty() {
            let names: Vec<String> = cn
                .pods
                .iter()
                .filter(|p| p.namespace == ns)
                .map(|p| p.name.clone())
                .collect();
            return Err(format!(
                "no pod with an address in namespace `{ns}` matches `{pattern}` one minute into the simulated cluster (pods there: {})",
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ));
        }
        return Ok(v);
    }
    if let Some(rest) = s.strip_prefix("service:") {
        let (ns, name) = split(rest);
        return match cn
            .objects
            .services
            .iter()
            .find(|x| x.namespace == ns && x.name == name)
        {
            Some(x) => Ok(vec![Endpoint {
                spec: format!("service:{}", x.key()),
                label: format!("Service {}", x.key()),
            }]),
            None => Err(format!("the manifests have no Service {ns}/{name}")),
        };
    }
    match &cn.network {
        Some(net) => resolve(net, tiers, s),
        None => Err(format!("`{s}` needs the design's network")),
    }
}

/// Grades a `reach` check with a cluster end (see the module doc).
pub fn reach(tiers_of: &[super::Tier], cn: &ClusterNetwork, s: &ReachSpec) -> Outcome {
    let Some(net) = cn.network.as_ref() else {
        return Outcome::fail("the cluster has no network to run on").code(None, "FLOW_ERROR");
    };
    let tiers = Tiers::classify(net, tiers_of);
    let index = NetworkIndex::build(net);
    let unknown = |what: &str, sel: &str, e: String| {
        Outcome::fail(format!("{what} `{sel}`: {e}")).code(None, "NO_SUCH_ENDPOINT")
    };
    let froms = match resolve_in(cn, &tiers, &s.from) {
        Ok(v) => v,
        Err(e) => return unknown("from", &s.from, e),
    };
    let tos = match resolve_in(cn, &tiers, &s.to) {
        Ok(v) => v,
        Err(e) => return unknown("to", &s.to, e),
    };
    let want = s.expect == Expect::Allowed;
    let (mut tested, mut met) = (0usize, 0usize);
    let mut first_met: Option<String> = None;
    let mut first_unmet: Option<Outcome> = None;
    for f in &froms {
        for t in tos.iter().filter(|t| t.spec != f.spec) {
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
            let text = flow_text(&flow, &f.label, &t.label);
            let trace = match cn.trace(Some(&index), &flow) {
                Ok(t) => t,
                Err(e) => {
                    if first_unmet.is_none() {
                        first_unmet = Some(
                            Outcome::fail(format!("{text}: cannot trace: {e}"))
                                .code(None, "FLOW_ERROR"),
                        );
                    }
                    continue;
                }
            };
            let reachable = trace.is_reachable();
            let blocker = trace.blockers.first().cloned();
            if reachable == want {
                met += 1;
                if first_met.is_none() {
                    first_met = Some(if reachable {
                        format!("{text}: reachable")
                    } else {
                        format!("{text}: {}", blocked_text(&blocker))
                    });
                }
            } else if first_unmet.is_none() {
                first_unmet = Some(if want {
                    let mut o =
                        Outcome::fail(format!("{text}: unreachable — {}", blocked_text(&blocker)));
                    o.blocked_by = blocker.as_ref().map(|b| b.component.clone());
                    o.reason_code = blocker.as_ref().map(|b| b.code.to_string());
                    o
                } else {
                    // The policy (or, where no policy isolates the pod, the hop) that let it in.
                    let hop = trace
                        .hops
                        .iter()
                        .rev()
                        .find(|h| {
                            h.kind == ComponentKind::Pod
                                && h.direction == HopDirection::Inbound
                                && h.decision == Decision::Allow
                        })
                        .or_else(|| {
                            trace
                                .hops
                                .iter()
                                .rev()
                                .find(|h| h.decision == Decision::Allow)
                        });
                    let mut o = Outcome::fail(format!(
                        "{text}: reachable, but it must not be — {}",
                        hop.map(|h| format!("{}: {}", h.component, h.explanation))
                            .unwrap_or_else(|| "every hop lets it through".into())
                    ));
                    o.blocked_by = hop.map(|h| h.component.clone());
                    o.reason_code = Some("REACHABLE".into());
                    o
                });
            }
        }
    }
    if tested == 0 {
        return Outcome::fail(format!(
            "`{}` and `{}` name the same single endpoint; nothing to trace",
            s.from, s.to
        ))
        .code(None, "NO_SUCH_ENDPOINT");
    }
    super::tally(s.quantifier, tested, met, first_met, first_unmet)
}
