//! The hop-by-hop packet tracer: `(&Network, &Flow) -> Trace`.
//!
//! **Invariants**
//! - Pure and deterministic: the same network and flow always give the same trace.
//! - Never panics on any network or flow; malformed *flows* (unknown endpoints, a TCP flow
//!   without a port) are `Err(FlowError)`, while an unreachable destination is a result.
//! - Every hop names the component, the direction, the decision and the rule that decided
//!   (or that no rule matched), with a sentence for a learner.
//! - Blocked-path analysis: after the first blocker the tracer keeps following the most
//!   plausible path (as if the blocker were fixed) and lists every further blocker.
//! - Routing loops end after [`MAX_STEPS`] forwarding steps with `ROUTING_LOOP`.
//!
//! Semantics follow `shared/reference/aws-vpc.md` (rule ids R*, I*, N*, S*, A*, P*, E*, L*).
//! Stated assumptions: a blackhole route is selected and drops (R10, no fallback); the
//! default client source port is 49152 (inside the Linux 32768–61000, Windows 49152–65535
//! and ELB/NAT 1024–65535 ephemeral ranges, A7); a NAT gateway keeps the client's source
//! port when it is already in 1024–65535 (N4); ALBs and NLBs proxy to one target chosen as
//! the first reachable one (L2), NLBs without security groups preserve the client address (L6).

mod amazon_service;
mod aws_services;
mod endpoint;
pub mod graph;
pub mod index;
mod interface;
mod interface_endpoint;
mod internet_gateway;
mod ipv6;
mod load_balancer;
pub mod matrix;
mod nacl;
mod nat_gateway;
mod peering;
mod prefix_list;
mod reason;
mod route;
mod rules;
mod security_group;
mod subnet;
pub(crate) mod text;
mod transit_gateway;
mod vpc_endpoint;
mod vpn_gateway;
mod walk;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::design::Design;
use super::fix::Fix;
use super::model::{Network, Protocol};
use super::msg::{msg, Msg, Text};
pub use endpoint::{Endpoint, INTERNET_HOST};
pub use index::NetworkIndex;
pub use ipv6::INTERNET_HOST6;
pub use matrix::{matrix_endpoints, reachability_matrix, Matrix, MatrixCell, VerdictEnd, Verdicts};
pub use reason::ReasonCode;
pub use text::{peer_label, peer_text, rule_text};

/// Forwarding steps after which a path is declared a routing loop.
pub const MAX_STEPS: u32 = 48;
/// The client source port used when a flow does not give one (A7).
pub const DEFAULT_SOURCE_PORT: u16 = 49152;

/// What to trace: the same fields as `stratosim trace`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Instance id, ENI id, private or public IP (an on-premises address behind a VPN
    /// attachment too), load balancer id/ARN, database id, AWS service id (`svc-…`, W1), or
    /// `internet`.
    pub from: String,
    pub to: String,
    pub protocol: Protocol,
    /// Destination port (TCP/UDP).
    #[serde(default)]
    pub port: Option<u16>,
    /// Source port; defaults to [`DEFAULT_SOURCE_PORT`].
    #[serde(default)]
    pub src_port: Option<u16>,
    /// ICMP type; defaults to 8 (echo request).
    #[serde(default)]
    pub icmp_type: Option<u8>,
    #[serde(default)]
    pub icmp_code: Option<u8>,
}

impl Flow {
    pub fn tcp(from: &str, to: &str, port: u16) -> Flow {
        Flow {
            from: from.into(),
            to: to.into(),
            protocol: Protocol::Tcp,
            port: Some(port),
            src_port: None,
            icmp_type: None,
            icmp_code: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FlowError {
    /// `hint` says what was expected or what exists; it carries its message key when it has one.
    #[error("unknown endpoint `{spec}`: {hint}")]
    UnknownEndpoint { spec: String, hint: Text },
    /// An AWS service whose `kind` the simulator does not know (W1).
    #[error("AWS service `{id}` has kind `{kind}`, which the simulator does not know; expected one of s3, dynamodb, sqs, sns, lambda, api-gateway, cloudfront, route53, elasticache")]
    UnknownServiceKind { id: String, kind: String },
    #[error("{protocol} flow from `{from}` to `{to}` needs a destination port (--port)")]
    PortRequired {
        protocol: String,
        from: String,
        to: String,
    },
}

impl FlowError {
    /// The error as the learner reads it: the English of `Display` and, when every part of it
    /// has a message key, its structured form (an endpoint hint without one has none, so a
    /// translation never frames an English hint).
    pub fn text(&self) -> Text {
        let en = self.to_string();
        let msg = match self {
            FlowError::UnknownEndpoint { spec, hint } if hint.msg.is_some() => {
                msg!("flow-unknown-endpoint", "unknown endpoint `{spec}`: {hint}", spec, hint).msg
            }
            FlowError::UnknownEndpoint { .. } => None,
            FlowError::UnknownServiceKind { id, kind } => msg!("flow-unknown-service-kind", "AWS service `{id}` has kind `{kind}`, which the simulator does not know; expected one of s3, dynamodb, sqs, sns, lambda, api-gateway, cloudfront, route53, elasticache", id, kind).msg,
            FlowError::PortRequired { protocol, from, to } => msg!(
                "flow-port-required",
                "{protocol} flow from `{from}` to `{to}` needs a destination port (--port)",
                protocol,
                from,
                to
            )
            .msg,
        };
        Text { en, msg }
    }
}

/// What a hop happens at (one list with the canvas's kinds).
pub use crate::network::kind::ComponentKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopDirection {
    /// Leaving a component (SG egress, NACL outbound).
    Outbound,
    /// Entering a component (SG ingress, NACL inbound).
    Inbound,
    /// Passing through (route tables, gateways, translations).
    Through,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allow,
    Deny,
    Forward,
    Translate,
    Deliver,
    Drop,
    /// Not evaluated, e.g. NACLs within one subnet or security groups on replies.
    Skip,
}

/// The rule that decided a hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DecidingRule {
    Route {
        route_table: String,
        destination: String,
        target: String,
        state: String,
        implicit: bool,
    },
    NaclEntry {
        network_acl: String,
        rule_number: Option<u32>,
        action: String,
        text: String,
    },
    SecurityGroupRule {
        security_group: String,
        index: usize,
        description: String,
        text: String,
    },
    Translation {
        from: String,
        to: String,
    },
    Listener {
        port: u16,
        target_group: Option<String>,
    },
    /// No rule matched: the implicit deny of a security group, or no route.
    NoRuleMatched {
        table: String,
    },
    /// A transit gateway route: the table the arrival attachment is associated with and the
    /// route in it that matched (T5–T8).
    TransitGatewayRoute {
        transit_gateway: String,
        route_table: String,
        /// The attachment the packet arrived on, whose association chose the table.
        association: String,
        destination: String,
        /// The attachment the route sends to, or `blackhole`.
        target: String,
        /// `static` or `propagated`.
        origin: String,
        /// `active` or `blackhole`.
        state: String,
    },
    /// Decided by AWS's fixed behaviour, not by a rule in the design.
    Behaviour {
        rule_id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    pub component: String,
    pub kind: ComponentKind,
    pub direction: HopDirection,
    pub decision: Decision,
    pub rule: DecidingRule,
    /// The packet as seen at this hop: `10.0.1.10:49152 → 10.0.2.20:22 tcp`.
    pub packet: String,
    pub explanation: String,
    /// The explanation's key and arguments, for the app's translation (not serialised).
    #[serde(skip)]
    pub explanation_msg: Option<Msg>,
    /// True for hops after a blocker: the tracer follows the path as if the blocker were fixed.
    #[serde(default)]
    pub after_blocker: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathSide {
    Forward,
    Return,
}

/// One thing that must change for the flow to pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blocker {
    pub component: String,
    pub kind: ComponentKind,
    /// Reachability Analyzer style code, e.g. `NO_ROUTE_TO_DESTINATION`.
    pub code: ReasonCode,
    pub side: PathSide,
    pub explanation: String,
    pub fix: Option<Fix>,
    /// The explanation's key and arguments, for the app's translation (not serialised).
    #[serde(skip)]
    pub explanation_msg: Option<Msg>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Reachable,
    Unreachable {
        /// The first blocking component in path order (forward, then return).
        blocked_by: String,
        code: ReasonCode,
        fix: Option<Fix>,
        /// Every further blocker found by following the most plausible path.
        also_blocked_by: Vec<Blocker>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub flow: Flow,
    pub verdict: Verdict,
    pub hops: Vec<Hop>,
    pub return_hops: Vec<Hop>,
    /// All blockers in path order (the first is the verdict's `blocked_by`).
    pub blockers: Vec<Blocker>,
    /// Assumptions the verdict rests on, in words.
    pub notes: Vec<String>,
    /// Each note's key and arguments, in the order of `notes`, for the app's translation (not
    /// serialised).
    #[serde(skip)]
    pub note_msgs: Vec<Option<Msg>>,
}

impl Trace {
    pub fn is_reachable(&self) -> bool {
        matches!(self.verdict, Verdict::Reachable)
    }

    /// The `stratosim trace --json` contract: `verdict`, `blocked_by`, `reason_code`,
    /// `also_blocked_by`, `hops`, `return_hops`, `suggested_fix` (plus `flow`, `notes` and
    /// `not_captured`, the components a capture lacked that the verdict depends on).
    pub fn to_contract_json(&self) -> serde_json::Value {
        let first = self.blockers.first();
        serde_json::json!({
            "verdict": if self.is_reachable() { "reachable" } else { "unreachable" },
            "blocked_by": first.map(|b| b.component.clone()),
            "reason_code": first.map(|b| b.code),
            "explanation": first.map(|b| b.explanation.clone()),
            "also_blocked_by": self.blockers.iter().skip(1).map(|b| serde_json::json!({
                "component": b.component,
                "kind": b.kind,
                "reason_code": b.code,
                "side": b.side,
                "explanation": b.explanation,
                "suggested_fix": b.fix,
            })).collect::<Vec<_>>(),
            "hops": self.hops,
            "return_hops": self.return_hops,
            "suggested_fix": first.and_then(|b| b.fix.clone()),
            "flow": self.flow,
            "notes": self.notes,
            // Components the verdict depends on that the capture did not hold (Q2, Q3).
            "not_captured": self.blockers.iter()
                .filter(|b| b.code == ReasonCode::NotInCapture)
                .map(|b| b.component.clone())
                .collect::<Vec<_>>(),
        })
    }
}

/// Traces a flow through a network (builds the index; for repeated traces build a
/// [`NetworkIndex`] once and call [`NetworkIndex::trace`]).
pub fn trace(network: &Network, flow: &Flow) -> Result<Trace, FlowError> {
    NetworkIndex::build(network).trace(flow)
}

/// Traces a flow through a design's network.
pub fn trace_design(design: &Design, flow: &Flow) -> Result<Trace, FlowError> {
    trace(&design.network, flow)
}

impl<'a> NetworkIndex<'a> {
    /// Traces a flow with full hop-by-hop explanations.
    pub fn trace(&self, flow: &Flow) -> Result<Trace, FlowError> {
        walk::run(self, flow, walk::Mode::Explain)
    }

    /// Only the verdict and the first blocker (with its explanation and fix), without hops.
    /// Reachable flows cost a fast walk (no strings are built); blocked ones add a full trace
    /// to explain the blocker. The matrix uses the fast walk alone.
    pub fn verdict(&self, flow: &Flow) -> Result<(bool, Option<Blocker>), FlowError> {
        let fast = walk::run(self, flow, walk::Mode::VerdictOnly)?;
        if fast.is_reachable() {
            return Ok((true, None));
        }
        let full = self.trace(flow)?;
        Ok((full.is_reachable(), full.blockers.into_iter().next()))
    }

    /// The address a named endpoint sends from: the address typed, an interface's private
    /// address (an instance, a database), the host behind `internet`; `None` for a load
    /// balancer (it has a node per zone) or a name nothing in the network has. The cluster
    /// tracer judges NetworkPolicy ipBlocks by it when an instance connects to a pod.
    pub fn address_of(&self, spec: &str) -> Option<u32> {
        let r = endpoint::resolve(self, spec).ok()?;
        r.addr.or(match r.endpoint {
            Endpoint::Eni(e) => Some(self.enis[e].private_ip),
            Endpoint::Internet { addr, .. }
            | Endpoint::OnPremises { addr, .. }
            | Endpoint::AmazonService { addr, .. } => Some(addr),
            Endpoint::LoadBalancer(_) => None,
        })
    }

    /// Only whether the flow gets through: the fast walk, no strings, no blocker. For callers
    /// that test many flows expected to be blocked (least-privilege grading, the high-risk
    /// port lint) and explain only the one that surprises them.
    pub fn reachable(&self, flow: &Flow) -> Result<bool, FlowError> {
        Ok(walk::run(self, flow, walk::Mode::VerdictOnly)?.is_reachable())
    }
}

#[cfg(test)]
mod tests;
