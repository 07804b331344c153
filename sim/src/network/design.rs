//! The versioned native design format that the app saves and the CLI reads.
//!
//! A minimal design, traced:
//!
//! ```
//! use sim::network::{Design, Flow, trace_design};
//!
//! let text = r#"{
//!   "version": 1,
//!   "name": "two subnets",
//!   "network": {
//!     "vpcs": [{"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]}],
//!     "subnets": [
//!       {"id": "subnet-a", "vpc_id": "vpc-1", "cidr": "10.0.1.0/24"},
//!       {"id": "subnet-b", "vpc_id": "vpc-1", "cidr": "10.0.2.0/24"}
//!     ],
//!     "security_groups": [{"id": "sg-1", "vpc_id": "vpc-1",
//!       "ingress": [{"protocol": "tcp", "ports": {"from": 22, "to": 22}, "peer": {"cidr": "10.0.0.0/16"}}],
//!       "egress": [{"protocol": "all", "peer": {"cidr": "0.0.0.0/0"}}]}],
//!     "instances": [
//!       {"id": "i-a", "subnet_id": "subnet-a", "private_ip": "10.0.1.10", "security_groups": ["sg-1"]},
//!       {"id": "i-b", "subnet_id": "subnet-b", "private_ip": "10.0.2.10", "security_groups": ["sg-1"]}
//!     ]
//!   },
//!   "layout": {"vpc-1": {"x": 80, "y": 80, "w": 900, "h": 500}}
//! }"#;
//! let design = Design::from_json(text).unwrap();
//! // No route tables or NACLs in the design: the VPC's implicit main table (local route,
//! // R3/R4) and default NACL (allow all, A4) are assumed.
//! let t = trace_design(&design, &Flow::tcp("i-a", "i-b", 22)).unwrap();
//! assert!(t.is_reachable());
//! assert!(!trace_design(&design, &Flow::tcp("i-a", "i-b", 3389)).unwrap().is_reachable());
//! ```
//!
//! **API boundary**: `Design::from_json` never panics; every error names where in the
//! JSON it happened (path, line and column) and what was wrong. A design with an unknown
//! `version` is refused with a message that says which versions this build reads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::annotation::{self, Annotation, AnnotationError};
use super::model::{Network, Protocol};

/// The format version this build writes and reads.
pub const DESIGN_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Design {
    pub version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub network: Network,
    /// Canvas rectangles by component id (SVG user units, origin top-left).
    #[serde(default)]
    pub layout: BTreeMap<String, Rect>,
    /// Flows the learner wants checked, e.g. "SSH from the admin to the bastion".
    #[serde(default)]
    pub flows: Vec<TestFlow>,
    /// The cluster model, opaque to the network simulator.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub cluster: serde_json::Value,
    /// Notes, boxes and arrows drawn beside the network ([`super::annotation`]); left out of
    /// the JSON when there are none, so a design without them keeps its bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A saved flow to trace: the same fields as `stratosim trace`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestFlow {
    #[serde(default)]
    pub name: String,
    pub from: String,
    pub to: String,
    #[serde(default = "tcp")]
    pub protocol: Protocol,
    #[serde(default)]
    pub port: Option<u16>,
    /// What the learner expects; the app shows a mismatch.
    #[serde(default)]
    pub expect: Option<Expectation>,
}

impl TestFlow {
    /// The flow to trace (default source port and ICMP echo).
    pub fn to_flow(&self) -> crate::network::trace::Flow {
        crate::network::trace::Flow {
            from: self.from.clone(),
            to: self.to.clone(),
            protocol: self.protocol,
            port: self.port,
            src_port: None,
            icmp_type: None,
            icmp_code: None,
        }
    }
}

fn tcp() -> Protocol {
    Protocol::Tcp
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    Reachable,
    Unreachable,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DesignError {
    #[error("design is not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("design has no `version` field (this build reads version {supported})")]
    MissingVersion { supported: u32 },
    #[error("design version {found} is not supported (this build reads version {supported})")]
    UnsupportedVersion { found: String, supported: u32 },
    /// A duplicate key (JSON keeps the last one silently), from [`crate::yaml::check_json`].
    #[error("design field `{path}`: {message}")]
    DuplicateKey { path: String, message: String },
    #[error("design field `{path}` (line {line}, column {column}): {message}")]
    Field {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The annotation layer breaks one of its rules (a limit, a repeated id, an arrow end on
    /// nothing); the error names the JSON path and the value.
    #[error("design {0}")]
    Annotation(AnnotationError),
}

impl Design {
    /// Reads a design, checking the version first.
    pub fn from_json(text: &str) -> Result<Design, DesignError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| DesignError::Syntax {
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            })?;
        crate::yaml::check_json(text).map_err(|e| DesignError::DuplicateKey {
            path: e.path().into(),
            message: e.message(),
        })?;
        match value.get("version") {
            None => {
                return Err(DesignError::MissingVersion {
                    supported: DESIGN_VERSION,
                })
            }
            Some(v) if v.as_u64() == Some(u64::from(DESIGN_VERSION)) => {}
            Some(v) => {
                return Err(DesignError::UnsupportedVersion {
                    found: v.to_string(),
                    supported: DESIGN_VERSION,
                })
            }
        }
        // Plain serde_json, with the path recovered from the error's position: see
        // `crate::json_path` for why not `serde_path_to_error`.
        let design: Design = serde_json::from_str(text).map_err(|e| DesignError::Field {
            path: crate::json_path::path_at(text, e.line(), e.column()),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        annotation::validate(&design).map_err(DesignError::Annotation)?;
        Ok(design)
    }

    /// Pretty JSON with stable key order (struct order; layout sorted by id).
    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A new empty design.
    pub fn new(name: &str, network: Network) -> Design {
        Design {
            version: DESIGN_VERSION,
            name: name.into(),
            network,
            layout: BTreeMap::new(),
            flows: Vec::new(),
            cluster: serde_json::Value::Null,
            annotations: Vec::new(),
        }
    }
}

/// serde_json appends " at line L column C"; we report those separately.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_design;

    #[test]
    fn the_sample_round_trips_through_json() {
        let design = sample_design();
        let text = design.to_json_pretty();
        let back = Design::from_json(&text).expect("sample loads");
        assert_eq!(back, design);
    }

    #[test]
    fn loading_errors_name_where_they_happened() {
        let cases: &[(&str, &str, &str)] = &[
            ("broken JSON gives line and column", "{\"version\": 1,", "line 1"),
            ("a missing version is refused", "{\"name\": \"x\"}", "no `version`"),
            ("a future version is refused", "{\"version\": 7}", "version 7 is not supported"),
            (
                "a wrong field type names the path",
                "{\"version\": 1, \"network\": {\"subnets\": [{\"id\": \"subnet-1\", \"vpc_id\": \"vpc-1\", \"cidr\": 5}]}}",
                "network.subnets[0].cidr",
            ),
            (
                "a missing field names the path",
                "{\"version\": 1, \"network\": {\"vpcs\": [{\"id\": \"vpc-1\"}]}}",
                "cidr_blocks",
            ),
            (
                "an unknown protocol is explained",
                "{\"version\": 1, \"flows\": [{\"from\": \"a\", \"to\": \"b\", \"protocol\": \"sctpx\"}]}",
                "unknown protocol `sctpx`",
            ),
        ];
        for (name, input, needle) in cases {
            let err = Design::from_json(input).expect_err(name).to_string();
            assert!(
                err.contains(needle),
                "{name}: `{err}` should contain `{needle}`"
            );
        }
    }
}
