//! The cluster matrix: sources × destinations × ports, each cell the verdict and first blocker
//! that [`super::trace::trace`] of the cell gives, without building its sentences.
//!
//! **Invariant**: a cell is what the full trace says first. The trace records its blockers in
//! path order — egress policy at a source pod, the VPC's forward path, ingress policy at a
//! destination pod, the VPC's return path — and the verdict-only answer picks the first of the
//! same four, each found without prose: policies through [`Isolation`] (the policies isolating
//! each pod found once per matrix), the VPC through [`Verdicts`] (each end resolved once).
//! Ends only the full trace can answer (Services, nodes, Ingresses, a protocol NetworkPolicy does
//! not speak, an address the VPC cannot resolve, a walk that fails) take it. The test
//! `sim/tests/cluster_matrix.rs` compares every cell with its trace.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::network_policy::{Connection, Direction, Isolation, Party, PodInfo, L4};
use super::trace::{packet_ends, parse_end, End};
use super::ClusterNetwork;
use crate::network::model::Protocol;
use crate::network::trace::{
    Blocker, Endpoint, Flow, FlowError, Matrix, MatrixCell, NetworkIndex, PathSide, ReasonCode,
    VerdictEnd, Verdicts, INTERNET_HOST,
};

/// A cell's first blocker: its component and code (`None`: reachable).
type First = Option<(String, ReasonCode)>;

/// One row or column as the verdict-only path sees it, settled once per matrix.
enum Side<'c> {
    /// A pod with an address: the address as the VPC tracer's spec, where the VPC resolves it
    /// (`None` without a network or when it does not), and the policies isolating it.
    Pod {
        pod: &'c PodInfo,
        spec: String,
        vpc: Option<VerdictEnd>,
        egress: Isolation<'c>,
        ingress: Isolation<'c>,
    },
    /// An endpoint the VPC tracer resolves (`internet`, an instance, a database, a load
    /// balancer, an address). As a source, a pod's ingress policy judges it at its own address
    /// (docs/SEMANTICS.md#np4): `party`.
    Vpc { vpc: VerdictEnd, party: Party<'c> },
    /// Only the full trace can answer.
    Full,
}

/// What the matrix knows across cells.
struct Ctx<'c, 'i, 'a> {
    cn: &'c ClusterNetwork,
    ix: Option<&'i NetworkIndex<'a>>,
    vpc: Option<Verdicts<'i, 'a>>,
    /// The address a pod's egress policy judges a VPC destination at, per (the interface the
    /// pod sends from, destination column, port): the first hop's destination of the VPC
    /// trace, which depends on the sending interface, not on which of its addresses sends.
    /// A map, not a list: interfaces × columns × ports grows with the cluster.
    egress_addr: BTreeMap<(Endpoint, usize, u16), u32>,
    /// The VPC flow of the cell at hand (its buffers reused across cells).
    flow: Flow,
}

/// See [`ClusterNetwork::matrix`].
pub(super) fn matrix(
    cn: &ClusterNetwork,
    ix: Option<&NetworkIndex>,
    sources: &[String],
    destinations: &[String],
    protocol: Protocol,
    ports: &[u16],
) -> Result<Matrix, FlowError> {
    let l4 = match protocol {
        Protocol::Tcp => Some(L4::Tcp),
        Protocol::Udp => Some(L4::Udp),
        _ => None,
    };
    let mut ctx = Ctx {
        cn,
        ix,
        vpc: ix.map(Verdicts::new),
        egress_addr: BTreeMap::new(),
        flow: Flow {
            from: String::new(),
            to: String::new(),
            protocol,
            port: None,
            src_port: None,
            icmp_type: None,
            icmp_code: None,
        },
    };
    let srcs: Vec<Side> = sources.iter().map(|s| ctx.side(s, l4)).collect();
    let dsts: Vec<Side> = destinations.iter().map(|s| ctx.side(s, l4)).collect();
    let mut cells = Vec::with_capacity(sources.len() * destinations.len() * ports.len());
    for (from, src) in sources.iter().zip(&srcs) {
        for (b, (to, dst)) in destinations.iter().zip(&dsts).enumerate() {
            for &port in ports {
                let first = if from == to {
                    None
                } else {
                    match l4.and_then(|l4| ctx.cell(src, dst, b, from, to, l4, port)) {
                        Some(first) => first,
                        None => {
                            let flow = Flow {
                                from: from.clone(),
                                to: to.clone(),
                                protocol,
                                port: Some(port),
                                src_port: None,
                                icmp_type: None,
                                icmp_code: None,
                            };
                            let t = cn.trace(ix, &flow)?;
                            t.blockers.first().map(|b| (b.component.clone(), b.code))
                        }
                    }
                };
                cells.push(MatrixCell {
                    from: from.clone(),
                    to: to.clone(),
                    port,
                    reachable: from != to && first.is_none(),
                    reason_code: if from == to {
                        Some(ReasonCode::SameEndpoint)
                    } else {
                        first.as_ref().map(|f| f.1)
                    },
                    blocked_by: first.map(|f| f.0),
                })
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

/// A VPC blocker split by side: (forward, return).
fn by_side(blocker: Option<Blocker>) -> (First, First) {
    match blocker {
        Some(b) if b.side == PathSide::Return => (None, Some((b.component, b.code))),
        Some(b) => (Some((b.component, b.code)), None),
        None => (None, None),
    }
}

impl<'c, 'i, 'a> Ctx<'c, 'i, 'a> {
    fn side(&mut self, spec: &str, l4: Option<L4>) -> Side<'c> {
        let cn = self.cn;
        let (Some(_), Ok(end)) = (l4, parse_end(cn, spec)) else {
            return Side::Full;
        };
        match end {
            End::Pod(pod) => {
                let Some(ip) = pod.ip else {
                    return Side::Full;
                };
                let spec = Ipv4Addr::from(ip).to_string();
                let vpc = self.vpc.as_mut().and_then(|v| v.end(&spec));
                Side::Pod {
                    pod,
                    vpc,
                    spec,
                    egress: Isolation::of(&cn.objects.policies, Direction::Egress, pod),
                    ingress: Isolation::of(&cn.objects.policies, Direction::Ingress, pod),
                }
            }
            End::Other => {
                let (Some(ix), Some(v)) = (self.ix, self.vpc.as_mut()) else {
                    return Side::Full;
                };
                let Some(vpc) = v.end(spec) else {
                    return Side::Full;
                };
                // The address the trace's ingress policy sees (trace.rs, `End::Other`).
                let addr = spec
                    .parse::<Ipv4Addr>()
                    .map(u32::from)
                    .ok()
                    .or_else(|| ix.address_of(spec))
                    .unwrap_or(u32::from(INTERNET_HOST));
                let party = match cn.pods.iter().find(|q| q.ip == Some(addr)) {
                    Some(q) => Party::Pod(q),
                    None => Party::Host(addr),
                };
                Side::Vpc { vpc, party }
            }
            End::Service(_) | End::Node(_) | End::Ingress(_) => Side::Full,
        }
    }

    /// The VPC verdict from `a` (spec `from`) to `b` (spec `to`) on `port`, split by side, or
    /// `None` when only the full trace can tell.
    fn vpc(
        &mut self,
        from: &str,
        a: VerdictEnd,
        to: &str,
        b: VerdictEnd,
        port: u16,
    ) -> Option<(First, First)> {
        let v = self.vpc.as_ref()?;
        self.flow.from.clear();
        self.flow.from.push_str(from);
        self.flow.to.clear();
        self.flow.to.push_str(to);
        self.flow.port = Some(port);
        let (_, blocker) = v.verdict_between(&self.flow, a, b)?;
        Some(by_side(blocker))
    }

    /// The first blocker of the cell `src` → `dst` (column `col`), `Some(None)` when
    /// reachable, or `None` when only the full trace can tell.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        src: &Side<'c>,
        dst: &Side<'c>,
        col: usize,
        from: &str,
        to: &str,
        l4: L4,
        port: u16,
    ) -> Option<First> {
        let ns = &self.cn.objects.namespaces;
        let conn = |src, dst| Connection {
            src,
            dst,
            protocol: l4,
            port,
        };
        match (src, dst) {
            (
                Side::Pod {
                    pod: a,
                    spec: a_spec,
                    vpc: a_vpc,
                    egress,
                    ..
                },
                Side::Pod {
                    pod: b,
                    spec: b_spec,
                    vpc: b_vpc,
                    ingress,
                    ..
                },
            ) => {
                let (fwd, ret) = match self.ix {
                    None => (None, None),
                    Some(_) => self.vpc(a_spec, (*a_vpc)?, b_spec, (*b_vpc)?, port)?,
                };
                let c = conn(Party::Pod(a), Party::Pod(b));
                let denied = |iso: &Isolation, subject: &PodInfo, code| {
                    iso.denies(ns, subject, &c).map(|p| (p.to_string(), code))
                };
                Some(
                    denied(egress, a, ReasonCode::NetworkPolicyEgress)
                        .or(fwd)
                        .or_else(|| denied(ingress, b, ReasonCode::NetworkPolicyIngress))
                        .or(ret),
                )
            }
            (
                Side::Pod {
                    pod: a,
                    spec: a_spec,
                    vpc: a_vpc,
                    egress,
                    ..
                },
                Side::Vpc { vpc: b_vpc, .. },
            ) => {
                let a_vpc = (*a_vpc)?;
                let (fwd, ret) = self.vpc(a_spec, a_vpc, to, *b_vpc, port)?;
                let egress_denied = if egress.isolates() {
                    let addr = self.egress_addr(a_vpc, col, to, port)?;
                    egress
                        .denies(ns, a, &conn(Party::Pod(a), Party::Host(addr)))
                        .map(|p| (p.to_string(), ReasonCode::NetworkPolicyEgress))
                } else {
                    None
                };
                Some(egress_denied.or(fwd).or(ret))
            }
            (
                Side::Vpc { vpc: a_vpc, party },
                Side::Pod {
                    pod: b,
                    spec: b_spec,
                    vpc: b_vpc,
                    ingress,
                    ..
                },
            ) => {
                let (fwd, ret) = self.vpc(from, *a_vpc, b_spec, (*b_vpc)?, port)?;
                let denied = ingress
                    .denies(ns, b, &conn(*party, Party::Pod(b)))
                    .map(|p| (p.to_string(), ReasonCode::NetworkPolicyIngress));
                Some(fwd.or(denied).or(ret))
            }
            (Side::Vpc { vpc: a_vpc, .. }, Side::Vpc { vpc: b_vpc, .. }) => {
                let (fwd, ret) = self.vpc(from, *a_vpc, to, *b_vpc, port)?;
                Some(fwd.or(ret))
            }
            _ => None,
        }
    }

    /// The address a pod sending from `from` judges destination `to` (column `col`) at: the
    /// first hop's destination of the explained VPC trace, as the cluster trace takes it, else
    /// `to` as an address, else the internet host. `None` when that trace fails (the cluster
    /// trace fails too).
    fn egress_addr(&mut self, from: VerdictEnd, col: usize, to: &str, port: u16) -> Option<u32> {
        let key = (self.vpc.as_ref()?.endpoint(from), col, port);
        if let Some(addr) = self.egress_addr.get(&key) {
            return Some(*addr);
        }
        // `self.flow` holds this cell's VPC flow (set by `Self::vpc`).
        let t = self.ix?.trace(&self.flow).ok()?;
        let addr = t
            .hops
            .first()
            .and_then(|h| packet_ends(&h.packet))
            .map(|(_, d)| d)
            .unwrap_or_else(|| {
                to.parse::<Ipv4Addr>()
                    .map(u32::from)
                    .unwrap_or(u32::from(INTERNET_HOST))
            });
        self.egress_addr.insert(key, addr);
        Some(addr)
    }
}
