//! NetworkPolicy evaluation exactly as the `networking.k8s.io/v1` API defines it, as a pure
//! function of the policies, the two ends of a connection and the namespaces' labels.
//!
//! Guarantees (docs/SEMANTICS.md#np1 … #np7):
//! - a pod is isolated for a direction only when at least one policy selects it *and* lists
//!   that direction in its (defaulted) `policyTypes`; a pod no policy isolates allows everything;
//! - policies are additive: a connection is allowed in a direction when any rule of any policy
//!   isolating the pod allows it, and the order of policies never matters;
//! - a connection needs the source's egress *and* the destination's ingress; replies of an
//!   allowed connection are allowed (policies are about connections, not packets);
//! - every answer is an explanation: the policy and rule that allowed, or every policy that
//!   isolates the pod when nothing allows.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cluster::model::{LabelSelector, Labels, SelectorOperator};
use crate::network::msg::{msg, Text};

/// The label every namespace carries with its own name (set by the API server since 1.22).
pub const LABEL_NAMESPACE_NAME: &str = "kubernetes.io/metadata.name";

/// The layer-4 protocols a NetworkPolicy port can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum L4 {
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "SCTP")]
    Sctp,
}

impl L4 {
    pub fn name(self) -> &'static str {
        match self {
            L4::Tcp => "TCP",
            L4::Udp => "UDP",
            L4::Sctp => "SCTP",
        }
    }
    /// `TCP`, `UDP` or `SCTP` as written in a manifest (case-sensitive, like the API).
    pub fn parse(text: &str) -> Option<L4> {
        match text {
            "TCP" => Some(L4::Tcp),
            "UDP" => Some(L4::Udp),
            "SCTP" => Some(L4::Sctp),
            _ => None,
        }
    }
}

/// A port as a number or as the name of a container port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortRef {
    Number(u16),
    Name(String),
}

/// As a manifest writes it: `8080`, or the name `http`.
impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(name) => write!(f, "{name}"),
        }
    }
}

/// One `ports` entry of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPort {
    pub protocol: L4,
    /// `None`: every port of the protocol.
    pub port: Option<PortRef>,
    /// With a numeric `port`: the range `port..=end_port`.
    pub end_port: Option<u16>,
}

/// An IPv4 CIDR as (network address, prefix length).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cidr4 {
    pub base: u32,
    pub len: u8,
}

impl Cidr4 {
    pub fn parse(text: &str) -> Option<Cidr4> {
        let (base, len) = crate::cluster::network::parse_cidr(text)?;
        Some(Cidr4 { base, len })
    }
    pub fn contains(self, addr: u32) -> bool {
        let mask = if self.len == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.len))
        };
        addr & mask == self.base
    }
}

impl std::fmt::Display for Cidr4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", std::net::Ipv4Addr::from(self.base), self.len)
    }
}

/// One `from` / `to` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    /// `podSelector` and/or `namespaceSelector` in ONE entry: both must match (AND).
    /// `pods: None` = every pod of the selected namespaces; `namespaces: None` = the policy's
    /// own namespace.
    Pods {
        pods: Option<LabelSelector>,
        namespaces: Option<LabelSelector>,
    },
    /// `ipBlock`: addresses in `cidr` but in none of `except`.
    IpBlock { cidr: Cidr4, except: Vec<Cidr4> },
}

/// One ingress or egress rule. Empty `peers` = every peer; empty `ports` = every port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub peers: Vec<Peer>,
    pub ports: Vec<PolicyPort>,
}

/// A NetworkPolicy with its `policyTypes` already defaulted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPolicy {
    pub namespace: String,
    pub name: String,
    pub pod_selector: LabelSelector,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    /// Isolates the selected pods for ingress.
    pub isolates_ingress: bool,
    /// Isolates the selected pods for egress.
    pub isolates_egress: bool,
}

impl NetworkPolicy {
    /// `policyTypes` defaulting (docs/SEMANTICS.md#np2): absent → Ingress always, Egress only
    /// when the policy has egress rules.
    pub fn new(
        namespace: &str,
        name: &str,
        pod_selector: LabelSelector,
        ingress: Vec<Rule>,
        egress: Vec<Rule>,
        policy_types: Option<(bool, bool)>,
    ) -> NetworkPolicy {
        let (isolates_ingress, isolates_egress) =
            policy_types.unwrap_or((true, !egress.is_empty()));
        NetworkPolicy {
            namespace: namespace.into(),
            name: name.into(),
            pod_selector,
            ingress,
            egress,
            isolates_ingress,
            isolates_egress,
        }
    }
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
    fn selects(&self, pod: &PodInfo) -> bool {
        self.namespace == pod.namespace && self.pod_selector.matches(&pod.labels)
    }
}

/// A named container port of a pod.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPort {
    pub name: String,
    pub port: u16,
    pub protocol: L4,
}

/// What the policies need to know about a pod.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodInfo {
    pub namespace: String,
    pub name: String,
    pub labels: Labels,
    pub ip: Option<u32>,
    pub node: Option<String>,
    pub ready: bool,
    /// Every container port (named or not).
    pub ports: Vec<NamedPort>,
}

impl PodInfo {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
    /// The number of the container port called `name` for `protocol`.
    pub fn named_port(&self, name: &str, protocol: L4) -> Option<u16> {
        self.ports
            .iter()
            .find(|p| !p.name.is_empty() && p.name == name && p.protocol == protocol)
            .map(|p| p.port)
    }
}

/// One end of a connection as policies see it.
#[derive(Debug, Clone, Copy)]
pub enum Party<'a> {
    Pod(&'a PodInfo),
    /// Anything that is not a pod: a node, a load balancer, the internet (by address).
    Host(u32),
}

impl Party<'_> {
    fn addr(&self) -> Option<u32> {
        match self {
            Party::Pod(p) => p.ip,
            Party::Host(a) => Some(*a),
        }
    }
}

/// The namespaces' labels. A namespace the manifests do not declare still has its
/// `kubernetes.io/metadata.name` label (docs/SEMANTICS.md#np5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespaces {
    pub labels: BTreeMap<String, Labels>,
}

impl Namespaces {
    pub fn insert(&mut self, name: &str, mut labels: Labels) {
        labels.insert(LABEL_NAMESPACE_NAME.into(), name.into());
        self.labels.insert(name.into(), labels);
    }
    fn matches(&self, ns: &str, sel: &LabelSelector) -> bool {
        match self.labels.get(ns) {
            Some(l) => sel.matches(l),
            None => {
                let mut l = Labels::new();
                l.insert(LABEL_NAMESPACE_NAME.into(), ns.into());
                sel.matches(&l)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// The answer for one direction at one pod.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum DirectionVerdict {
    /// No policy selects the pod for this direction: everything is allowed.
    NotIsolated,
    /// `policy`'s rule number `rule` (0-based) allows; `text` says how (in English; `said`
    /// is the same sentence as message keys, for the app, and is not serialised).
    Allowed {
        policy: String,
        rule: usize,
        text: String,
        #[serde(skip)]
        said: Option<crate::network::msg::Msg>,
    },
    /// Isolated and no rule allows; every isolating policy (`ns/name`), in name order.
    Denied { isolating: Vec<String> },
}

impl DirectionVerdict {
    pub fn allows(&self) -> bool {
        !matches!(self, DirectionVerdict::Denied { .. })
    }
}

/// A connection: who opens it, to whom, which protocol and destination port.
#[derive(Debug, Clone, Copy)]
pub struct Connection<'a> {
    pub src: Party<'a>,
    pub dst: Party<'a>,
    pub protocol: L4,
    pub port: u16,
}

/// Both directions of a connection (docs/SEMANTICS.md#np6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVerdict {
    /// At the source pod (`None` when the source is not a pod).
    pub egress: Option<DirectionVerdict>,
    /// At the destination pod (`None` when the destination is not a pod).
    pub ingress: Option<DirectionVerdict>,
}

impl PolicyVerdict {
    pub fn allowed(&self) -> bool {
        self.egress.as_ref().is_none_or(DirectionVerdict::allows)
            && self.ingress.as_ref().is_none_or(DirectionVerdict::allows)
    }
}

/// Evaluates a connection against every policy.
pub fn evaluate(
    policies: &[NetworkPolicy],
    namespaces: &Namespaces,
    c: &Connection,
) -> PolicyVerdict {
    let egress = match c.src {
        Party::Pod(p) => Some(direction(policies, namespaces, Direction::Egress, p, c)),
        Party::Host(_) => None,
    };
    let ingress = match c.dst {
        Party::Pod(p) => Some(direction(policies, namespaces, Direction::Ingress, p, c)),
        Party::Host(_) => None,
    };
    PolicyVerdict { egress, ingress }
}

/// The verdict of one direction at `subject` (the source for egress, the destination for
/// ingress).
pub fn direction(
    policies: &[NetworkPolicy],
    namespaces: &Namespaces,
    dir: Direction,
    subject: &PodInfo,
    c: &Connection,
) -> DirectionVerdict {
    let (other, dst_pod) = match dir {
        Direction::Egress => (c.dst, matches_pod(c.dst)),
        Direction::Ingress => (c.src, Some(subject)),
    };
    let mut isolating: Vec<&NetworkPolicy> = Vec::new();
    let mut allowed: Option<(&NetworkPolicy, usize, Option<&Peer>, Option<&PolicyPort>)> = None;
    for p in policies {
        let isolates = match dir {
            Direction::Ingress => p.isolates_ingress,
            Direction::Egress => p.isolates_egress,
        };
        if !isolates || !p.selects(subject) {
            continue;
        }
        isolating.push(p);
        let rules = match dir {
            Direction::Ingress => &p.ingress,
            Direction::Egress => &p.egress,
        };
        for (i, r) in rules.iter().enumerate() {
            let Some(peer) = peer_match(r, p, namespaces, other) else {
                continue;
            };
            let Some(port) = port_match(r, c.protocol, c.port, dst_pod) else {
                continue;
            };
            let better = match allowed {
                None => true,
                Some((q, j, _, _)) => (p.key(), i) < (q.key(), j),
            };
            if better {
                allowed = Some((p, i, peer, port));
            }
            break;
        }
    }
    if isolating.is_empty() {
        return DirectionVerdict::NotIsolated;
    }
    match allowed {
        Some((p, i, peer, port)) => {
            let text = allow_text(p, dir, peer, port, c, dst_pod);
            DirectionVerdict::Allowed {
                policy: p.key(),
                rule: i,
                text: text.en,
                said: text.msg,
            }
        }
        None => {
            let mut names: Vec<String> = isolating.iter().map(|p| p.key()).collect();
            names.sort();
            DirectionVerdict::Denied { isolating: names }
        }
    }
}

/// The policies isolating one pod in one direction, found once and asked about many
/// connections: a matrix asks about the same pod thousands of times and needs only whether a
/// connection is denied and by which policy, never the sentence [`direction`] builds.
#[derive(Debug, Clone)]
pub struct Isolation<'p> {
    dir: Direction,
    policies: Vec<&'p NetworkPolicy>,
    /// `networkpolicy:NS/NAME` of the first isolating policy by key, the component a denial's
    /// blocker names (every isolating policy is in the pod's namespace, so by name).
    first: Option<String>,
}

impl<'p> Isolation<'p> {
    pub fn of(policies: &'p [NetworkPolicy], dir: Direction, subject: &PodInfo) -> Isolation<'p> {
        let policies: Vec<&NetworkPolicy> = policies
            .iter()
            .filter(|p| {
                let isolates = match dir {
                    Direction::Ingress => p.isolates_ingress,
                    Direction::Egress => p.isolates_egress,
                };
                isolates && p.selects(subject)
            })
            .collect();
        let first = policies
            .iter()
            .map(|p| p.key())
            .min()
            .map(|k| format!("networkpolicy:{k}"));
        Isolation {
            dir,
            policies,
            first,
        }
    }

    /// Whether any policy isolates the pod in this direction.
    pub fn isolates(&self) -> bool {
        self.first.is_some()
    }

    /// The blocker component when [`direction`] of `c` at `subject` (the pod this was built
    /// for) is `Denied`, else `None`: the same answer without its explanation.
    pub fn denies(
        &self,
        namespaces: &Namespaces,
        subject: &PodInfo,
        c: &Connection,
    ) -> Option<&str> {
        let first = self.first.as_deref()?;
        let (other, dst_pod) = match self.dir {
            Direction::Egress => (c.dst, matches_pod(c.dst)),
            Direction::Ingress => (c.src, Some(subject)),
        };
        let allowed = self.policies.iter().any(|p| {
            let rules = match self.dir {
                Direction::Ingress => &p.ingress,
                Direction::Egress => &p.egress,
            };
            rules.iter().any(|r| {
                peer_match(r, p, namespaces, other).is_some()
                    && port_match(r, c.protocol, c.port, dst_pod).is_some()
            })
        });
        (!allowed).then_some(first)
    }
}

fn matches_pod<'a>(p: Party<'a>) -> Option<&'a PodInfo> {
    match p {
        Party::Pod(p) => Some(p),
        Party::Host(_) => None,
    }
}

/// Which peer of a rule matched: `Some(None)` for an empty list (every peer), `Some(Some(entry))`
/// for the first matching entry, `None` when no entry matches.
fn peer_match<'a>(
    r: &'a Rule,
    policy: &NetworkPolicy,
    namespaces: &Namespaces,
    other: Party,
) -> Option<Option<&'a Peer>> {
    if r.peers.is_empty() {
        return Some(None);
    }
    r.peers
        .iter()
        .find(|peer| peer_matches(peer, policy, namespaces, other))
        .map(Some)
}

/// docs/SEMANTICS.md#np3 (selectors) and #np4 (ipBlock).
fn peer_matches(
    peer: &Peer,
    policy: &NetworkPolicy,
    namespaces: &Namespaces,
    other: Party,
) -> bool {
    match peer {
        Peer::Pods {
            pods,
            namespaces: ns_sel,
        } => {
            let Party::Pod(pod) = other else {
                return false;
            };
            let ns_ok = match ns_sel {
                None => pod.namespace == policy.namespace,
                Some(sel) => namespaces.matches(&pod.namespace, sel),
            };
            ns_ok && pods.as_ref().is_none_or(|sel| sel.matches(&pod.labels))
        }
        Peer::IpBlock { cidr, except } => other
            .addr()
            .is_some_and(|a| cidr.contains(a) && !except.iter().any(|e| e.contains(a))),
    }
}

/// Which port entry matched: `Some(None)` for an empty list (every port). Named ports resolve
/// against the destination pod's container ports (docs/SEMANTICS.md#np5).
fn port_match<'a>(
    r: &'a Rule,
    protocol: L4,
    port: u16,
    dst_pod: Option<&PodInfo>,
) -> Option<Option<&'a PolicyPort>> {
    if r.ports.is_empty() {
        return Some(None);
    }
    r.ports
        .iter()
        .find(|pp| {
            pp.protocol == protocol
                && match &pp.port {
                    None => true,
                    Some(PortRef::Number(n)) => match pp.end_port {
                        Some(end) => (*n..=end).contains(&port),
                        None => *n == port,
                    },
                    Some(PortRef::Name(name)) => {
                        dst_pod.and_then(|d| d.named_port(name, protocol)) == Some(port)
                    }
                }
        })
        .map(Some)
}

/// "NetworkPolicy db/allow-backend allows TCP 5432 from pods with app=api in namespaces with
/// team=backend", with its message keys so the app can say it in the reader's language.
fn allow_text(
    p: &NetworkPolicy,
    dir: Direction,
    peer: Option<&Peer>,
    port: Option<&PolicyPort>,
    c: &Connection,
    dst_pod: Option<&PodInfo>,
) -> Text {
    let policy = p.key();
    let what = match port {
        None => msg!(
            "np-allow-port-all",
            "every port ({proto} {port})",
            proto = c.protocol.name(),
            port = c.port
        ),
        Some(pp) => match (&pp.port, pp.end_port) {
            (None, _) => msg!(
                "np-allow-port-all-proto",
                "every {proto} port ({port})",
                proto = pp.protocol.name(),
                port = c.port
            ),
            (Some(PortRef::Number(n)), Some(end)) => msg!(
                "np-allow-port-range",
                "{proto} {n}-{end} ({port})",
                proto = pp.protocol.name(),
                n = *n,
                end,
                port = c.port
            ),
            (Some(PortRef::Number(n)), None) => msg!(
                "np-allow-port",
                "{proto} {n}",
                proto = pp.protocol.name(),
                n = *n
            ),
            (Some(PortRef::Name(name)), _) => msg!(
                "np-allow-port-named",
                "{proto} port {name} ({port} on pod {pod})",
                proto = pp.protocol.name(),
                name = format!("{name:?}"),
                port = c.port,
                pod = dst_pod.map(PodInfo::key).unwrap_or_default()
            ),
        },
    };
    let who = match peer {
        None => msg!("np-allow-peer-any", "anywhere (the rule lists no peers)"),
        Some(Peer::IpBlock { cidr, except }) if except.is_empty() => msg!(
            "np-allow-peer-ips",
            "addresses in {cidr}",
            cidr = cidr.to_string()
        ),
        Some(Peer::IpBlock { cidr, except }) => msg!(
            "np-allow-peer-ips-except",
            "addresses in {cidr} except {except}",
            cidr = cidr.to_string(),
            except = except
                .iter()
                .map(Cidr4::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(Peer::Pods { pods, namespaces }) => {
            let pods = match pods {
                Some(sel) if !sel.is_empty() => msg!(
                    "np-allow-pods-with",
                    "pods with {sel}",
                    sel = selector_text(sel)
                ),
                _ => msg!("np-allow-pods-every", "every pod"),
            };
            let ns = match namespaces {
                None => msg!(
                    "np-allow-ns-own",
                    "namespace {ns}",
                    ns = p.namespace.as_str()
                ),
                Some(sel) if sel.is_empty() => msg!("np-allow-ns-every", "every namespace"),
                Some(sel) => msg!(
                    "np-allow-ns-with",
                    "namespaces with {sel}",
                    sel = selector_text(sel)
                ),
            };
            msg!("np-allow-peer-pods", "{pods} in {ns}", pods, ns)
        }
    };
    match dir {
        Direction::Ingress => msg!(
            "np-allow-from",
            "NetworkPolicy {policy} allows {what} from {who}",
            policy,
            what,
            who
        ),
        Direction::Egress => msg!(
            "np-allow-to",
            "NetworkPolicy {policy} allows {what} to {who}",
            policy,
            what,
            who
        ),
    }
}

/// `app=api, tier in (web, edge), !legacy` — kubectl's selector syntax.
pub fn selector_text(sel: &LabelSelector) -> String {
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for r in &sel.match_expressions {
        parts.push(match r.operator {
            SelectorOperator::In => format!("{} in ({})", r.key, r.values.join(", ")),
            SelectorOperator::NotIn => format!("{} notin ({})", r.key, r.values.join(", ")),
            SelectorOperator::Exists => r.key.clone(),
            SelectorOperator::DoesNotExist => format!("!{}", r.key),
            SelectorOperator::Gt => format!("{} > {}", r.key, r.values.join(",")),
            SelectorOperator::Lt => format!("{} < {}", r.key, r.values.join(",")),
        });
    }
    if parts.is_empty() {
        "any labels".into()
    } else {
        parts.join(", ")
    }
}

/// The sentence for a denial: which pod, which direction, every isolating policy.
pub fn deny_text(
    dir: Direction,
    subject: &PodInfo,
    isolating: &[String],
    c: &Connection,
) -> String {
    deny_msg(dir, subject, isolating, c).en
}

/// [`deny_text`] with its message key (`np-denied-…`), for the app to say it in Korean.
pub fn deny_msg(dir: Direction, subject: &PodInfo, isolating: &[String], c: &Connection) -> Text {
    let peer_pod = |p: &PodInfo| {
        let pod = p.key();
        msg!("np-peer-pod", "pod {pod}", pod)
    };
    let addr = |party: Party| {
        Text::from(
            party
                .addr()
                .map(|a| std::net::Ipv4Addr::from(a).to_string())
                .unwrap_or_default(),
        )
    };
    let other = match (dir, c.src, c.dst) {
        (Direction::Ingress, Party::Pod(p), _) => peer_pod(p),
        (Direction::Egress, _, Party::Pod(p)) => peer_pod(p),
        (Direction::Ingress, src, _) => addr(src),
        (Direction::Egress, _, dst) => addr(dst),
    };
    let pod = subject.key();
    let policies = isolating.join(", ");
    let proto = c.protocol.name();
    let port = c.port;
    match (dir, isolating.len() == 1) {
        (Direction::Ingress, true) => msg!("np-denied-ingress-one", "pod {pod} is isolated for ingress by NetworkPolicy {policies}, and no rule of it allows {proto} {port} from {other}", pod, policies, proto, port, other),
        (Direction::Ingress, false) => msg!("np-denied-ingress-many", "pod {pod} is isolated for ingress by NetworkPolicies {policies}, and no rule of them allows {proto} {port} from {other}", pod, policies, proto, port, other),
        (Direction::Egress, true) => msg!("np-denied-egress-one", "pod {pod} is isolated for egress by NetworkPolicy {policies}, and no rule of it allows {proto} {port} to {other}", pod, policies, proto, port, other),
        (Direction::Egress, false) => msg!("np-denied-egress-many", "pod {pod} is isolated for egress by NetworkPolicies {policies}, and no rule of them allows {proto} {port} to {other}", pod, policies, proto, port, other),
    }
}

/// The sentence for a direction no policy isolates.
pub fn not_isolated_msg(dir: Direction, subject: &PodInfo) -> Text {
    let pod = subject.key();
    match dir {
        Direction::Ingress => msg!("np-not-isolated-ingress", "no NetworkPolicy selects pod {pod} for ingress, so it is not isolated and every connection is allowed", pod),
        Direction::Egress => msg!("np-not-isolated-egress", "no NetworkPolicy selects pod {pod} for egress, so it is not isolated and every connection is allowed", pod),
    }
}
