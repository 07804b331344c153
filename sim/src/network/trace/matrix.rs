//! The reachability matrix: sources × destinations × ports, verdicts only.
//!
//! **Invariant**: cells are in row-major order (source, destination, port) following the
//! input order; each cell carries the first blocker and its code, so the app can open the
//! full trace of any cell with [`NetworkIndex::trace`].

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::endpoint::Resolved;
use super::{Blocker, Endpoint, Flow, FlowError, NetworkIndex, ReasonCode};
use crate::network::model::Protocol;

/// Verdict-only walks between endpoint specs, each spec resolved once: a cluster matrix asks
/// about the same pod addresses thousands of times. Each answer is what
/// [`NetworkIndex::trace`] of the same flow says first — its verdict and first blocker, with
/// the blocker's side — without building a sentence.
pub struct Verdicts<'i, 'a> {
    ix: &'i NetworkIndex<'a>,
    ids: BTreeMap<String, Option<VerdictEnd>>,
    /// Each resolved spec, and whether it is IPv6 (the IPv6 walk has no verdict-only form).
    ends: Vec<(Resolved, bool)>,
}

/// A spec [`Verdicts::end`] resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerdictEnd(usize);

impl<'i, 'a> Verdicts<'i, 'a> {
    pub fn new(ix: &'i NetworkIndex<'a>) -> Self {
        Verdicts {
            ix,
            ids: BTreeMap::new(),
            ends: Vec::new(),
        }
    }

    /// `spec` resolved (once), or `None` when it does not resolve.
    pub fn end(&mut self, spec: &str) -> Option<VerdictEnd> {
        if let Some(id) = self.ids.get(spec) {
            return *id;
        }
        let id = super::endpoint::resolve(self.ix, spec).ok().map(|r| {
            let v6 = crate::network::cidr6::parse_ipv6(spec).is_some();
            self.ends.push((r, v6));
            VerdictEnd(self.ends.len() - 1)
        });
        self.ids.insert(spec.to_string(), id);
        id
    }

    /// Where `end` sends from or arrives at: two ends with the same endpoint (pods on one
    /// node's interface) differ only in their address.
    pub fn endpoint(&self, end: VerdictEnd) -> Endpoint {
        self.ends[end.0].0.endpoint
    }

    /// The verdict of `flow` between `from` and `to`, which must be [`Self::end`] of
    /// `flow.from` and `flow.to`; `None` when the flow is IPv6 or the walk fails: then only a
    /// full trace can say what happens (it turns those into notes), and the caller runs one.
    pub fn verdict_between(
        &self,
        flow: &Flow,
        from: VerdictEnd,
        to: VerdictEnd,
    ) -> Option<(bool, Option<Blocker>)> {
        let ((src, src_v6), (dst, dst_v6)) = (&self.ends[from.0], &self.ends[to.0]);
        if *src_v6 || *dst_v6 {
            return None;
        }
        super::walk::verdict_resolved(self.ix, flow, src, dst).ok()
    }

    /// The verdict of `flow` (its `from` and `to` are the specs), or `None` when an end does
    /// not resolve, the flow is IPv6, or the walk fails.
    pub fn verdict(&mut self, flow: &Flow) -> Option<(bool, Option<Blocker>)> {
        if super::ipv6::is_ipv6_flow(flow) {
            return None;
        }
        let from = self.end(&flow.from);
        let to = self.end(&flow.to);
        self.verdict_between(flow, from?, to?)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub from: String,
    pub to: String,
    pub port: u16,
    pub reachable: bool,
    pub blocked_by: Option<String>,
    pub reason_code: Option<ReasonCode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub sources: Vec<String>,
    pub destinations: Vec<String>,
    pub protocol: Protocol,
    pub ports: Vec<u16>,
    pub cells: Vec<MatrixCell>,
}

impl Matrix {
    pub fn cell(&self, from: usize, to: usize, port: usize) -> Option<&MatrixCell> {
        self.cells
            .get((from * self.destinations.len() + to) * self.ports.len() + port)
    }
}

/// Every instance, database and load balancer that can be traced (has a parseable address
/// and, for a load balancer, a subnet), in model order.
pub fn default_endpoints(ix: &NetworkIndex) -> Vec<String> {
    let net = ix.net;
    let indexed = |id: &str| {
        ix.eni_by_id
            .get(id)
            .map(|e| ix.enis[*e].component == id)
            .unwrap_or(false)
    };
    let mut out: Vec<String> = net
        .instances
        .iter()
        .filter(|i| indexed(&i.id))
        .map(|i| i.id.clone())
        .collect();
    out.extend(
        net.databases
            .iter()
            .filter(|d| indexed(&d.id))
            .map(|d| d.id.clone()),
    );
    out.extend(
        net.load_balancers
            .iter()
            .filter(|l| !l.subnets.is_empty() && ix.lb_by_id.contains_key(l.id.as_str()))
            .map(|l| l.id.clone()),
    );
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|id| seen.insert(id.clone()));
    out
}

/// The matrix's rows and columns: the internet, then every [`default_endpoints`] entry. The
/// CLI's `stratosim matrix` and the app's matrix both use this list, for sources and
/// destinations alike (a load balancer is a source too: its nodes open connections to targets).
pub fn matrix_endpoints(ix: &NetworkIndex) -> Vec<String> {
    let mut out = vec!["internet".to_string()];
    out.extend(default_endpoints(ix));
    out
}

/// Computes the matrix. A source equal to its destination is skipped (unreachable: `SAME_ENDPOINT`).
/// Pairs in VPCs that neither peering nor the internet connect are answered from the component
/// graph's islands without a walk (`DISCONNECTED_VPCS`, as [`NetworkIndex::trace`] reports them).
pub fn reachability_matrix(
    ix: &NetworkIndex,
    sources: &[String],
    destinations: &[String],
    protocol: Protocol,
    ports: &[u16],
) -> Result<Matrix, FlowError> {
    // Resolve every endpoint once.
    let resolve_all = |specs: &[String]| {
        specs
            .iter()
            .map(|s| super::endpoint::resolve(ix, s))
            .collect::<Result<Vec<_>, _>>()
    };
    let (src_res, dst_res) = (resolve_all(sources)?, resolve_all(destinations)?);
    let vpc_of = |r: &super::endpoint::Resolved| match r.endpoint {
        super::Endpoint::Eni(e) => ix.enis[e].vpc,
        super::Endpoint::LoadBalancer(lb) => ix.lbs[lb].nodes.first().and_then(|n| ix.enis[*n].vpc),
        super::Endpoint::Internet { .. }
        | super::Endpoint::OnPremises { .. }
        | super::Endpoint::AmazonService { .. } => None,
    };
    let src_vpcs: Vec<Option<usize>> = src_res.iter().map(vpc_of).collect();
    let dst_vpcs: Vec<Option<usize>> = dst_res.iter().map(vpc_of).collect();
    let mut cells = Vec::with_capacity(sources.len() * destinations.len() * ports.len());
    for (a, from) in sources.iter().enumerate() {
        for (b, to) in destinations.iter().enumerate() {
            let connected = src_vpcs[a].is_none()
                || dst_vpcs[b].is_none()
                || ix.connected(src_vpcs[a], dst_vpcs[b]);
            for &port in ports {
                let cell = if from == to {
                    MatrixCell {
                        from: from.clone(),
                        to: to.clone(),
                        port,
                        reachable: false,
                        blocked_by: None,
                        reason_code: Some(ReasonCode::SameEndpoint),
                    }
                } else if !connected {
                    MatrixCell {
                        from: from.clone(),
                        to: to.clone(),
                        port,
                        reachable: false,
                        blocked_by: None,
                        reason_code: Some(ReasonCode::DisconnectedVpcs),
                    }
                } else {
                    let flow = Flow {
                        from: String::new(),
                        to: String::new(),
                        protocol,
                        port: Some(port),
                        src_port: None,
                        icmp_type: None,
                        icmp_code: None,
                    };
                    let (reachable, blocker) =
                        super::walk::verdict_resolved(ix, &flow, &src_res[a], &dst_res[b])?;
                    MatrixCell {
                        from: from.clone(),
                        to: to.clone(),
                        port,
                        reachable,
                        blocked_by: blocker.as_ref().map(|b| b.component.clone()),
                        reason_code: blocker.map(|b| b.code),
                    }
                };
                cells.push(cell);
            }
        }
    }
    Ok(Matrix {
        sources: sources.to_vec(),
        destinations: destinations.to_vec(),
        protocol,
        ports: ports.to_vec(),
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::edit::{self, ComponentKind, Container};
    use crate::network::{samples, Rect};

    #[test]
    fn matrix_endpoints_start_at_the_internet_and_keep_load_balancers() {
        let mut d = samples::sample_design();
        let public = d
            .network
            .subnets
            .iter()
            .find(|s| edit::is_public(&d.network, &s.id))
            .expect("the sample has a public subnet")
            .id
            .clone();
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            w: 64.0,
            h: 64.0,
        };
        let lb = edit::add(
            &mut d,
            ComponentKind::LoadBalancer,
            &Container::Subnet(public),
            rect,
        )
        .unwrap();
        let ix = NetworkIndex::build(&d.network);
        let eps = matrix_endpoints(&ix);
        assert_eq!(eps[0], "internet");
        assert_eq!(eps[1..], default_endpoints(&ix)[..]);
        assert!(eps.contains(&lb), "{eps:?}");
    }
}
