//! The injected-events file: what happens to the cluster, and when.
//!
//! Format (YAML or JSON), a list under `events`, each with a simulated time `at` (a duration from
//! the start: `90s`, `10m`, `1h30m`, `500ms`, or a number of seconds) and an `action`:
//!
//! ```yaml
//! events:
//! - {at: 0s,  action: nodeFailure,  node: node-a}          # kubelet stops: no more heartbeats
//! - {at: 10m, action: nodeRecovery, node: node-a}
//! - {at: 60s, action: zoneFailure,  zone: us-east-1a}      # every node of the zone fails
//! - {at: 20m, action: zoneRecovery, zone: us-east-1a}
//! - {at: 30s, action: podCrash, selector: {app: web}, times: 3}  # or pod: default/web-abc12
//! - {at: 2m,  action: scale, deployment: web, replicas: 10}      # or replicaSet: name
//! - {at: 3m,  action: imageUpdate, deployment: web, image: nginx:1.27, container: web}
//! - {at: 4m,  action: drain, node: node-b}                 # cordon + evictions honouring PDBs
//! - {at: 5m,  action: readinessFailure, selector: {app: web}, duration: 2m}  # probe fails, no restart
//! - {at: 6m,  action: podCrash, pod: web-abc12, times: 5, runFor: 30s}  # runs 30 s before each exit
//! - {at: 7m,  action: nodeCondition, node: node-a, condition: Ready, status: "False"}  # kubelet posts NotReady
//! - {at: 8m,  action: nodeCondition, node: node-a, condition: MemoryPressure, status: "True"}
//! - {at: 9m,  action: outOfService, zone: us-east-1a}         # or node: node-a
//! - {at: 30m, action: outOfServiceRemoved, zone: us-east-1a}
//! ```
//! `namespace` defaults to `default`. `podCrash` picks the first running pod (by name) matching
//! `selector` when `pod` is not given; `times` (default 1) is how many consecutive starts crash and
//! `runFor` (default 1s) how long the container runs before each exit. `nodeCondition` sets what
//! the node's kubelet reports: `Ready`, `MemoryPressure` or `DiskPressure`, `status` True or False
//! (docs/SEMANTICS.md#c2). [`parse_events`] reads the actions [`Action`] holds; [`parse_events_file`]
//! reads them all ([`EventsFile`]).
//!
//! Guarantees: parsing never panics; every error names the event index and field. The `events`
//! list is required (a file without one would run nothing and say nothing), an event is at most
//! [`MAX_SIM_TIME`] (30 days) in, and `.nan` or `.inf` is named as such.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cluster::model::SimTime;

/// Parses `90s`, `10m`, `1h30m`, `500ms`, `2.5s` or a bare number of seconds into milliseconds.
pub fn parse_duration(s: &str) -> Result<SimTime, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = t.parse::<f64>() {
        if secs.is_finite() && (0.0..1e12).contains(&secs) {
            return Ok((secs * 1000.0).round() as SimTime);
        }
        return Err(format!("duration {s:?} out of range"));
    }
    let mut total: f64 = 0.0;
    let mut rest = t;
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_end == 0 {
            return Err(format!("invalid duration {s:?}: expected a number"));
        }
        let n: f64 = rest[..num_end]
            .parse()
            .map_err(|_| format!("invalid duration {s:?}"))?;
        rest = &rest[num_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let ms = match &rest[..unit_end] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            other => {
                return Err(format!(
                    "invalid duration {s:?}: unknown unit {other:?} (use ms, s, m, h)"
                ))
            }
        };
        rest = &rest[unit_end..];
        total += n * ms;
    }
    if !total.is_finite() || total >= 1e15 {
        return Err(format!("duration {s:?} out of range"));
    }
    Ok(total.round() as SimTime)
}

/// Which pod a `podCrash` targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodTarget {
    Name {
        namespace: String,
        name: String,
    },
    Selector {
        namespace: String,
        labels: BTreeMap<String, String>,
    },
}

/// Which workload a `scale`/`imageUpdate` targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkloadRef {
    Deployment { namespace: String, name: String },
    ReplicaSet { namespace: String, name: String },
}

/// One validated injected event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    NodeFailure {
        node: String,
    },
    NodeRecovery {
        node: String,
    },
    ZoneFailure {
        zone: String,
    },
    ZoneRecovery {
        zone: String,
    },
    PodCrash {
        target: PodTarget,
        times: u32,
    },
    Scale {
        target: WorkloadRef,
        replicas: i32,
    },
    ImageUpdate {
        target: WorkloadRef,
        container: Option<String>,
        image: String,
    },
    Drain {
        node: String,
    },
    /// The readiness probe fails for `duration` ms: Ready=False after `failureThreshold × period`,
    /// Ready again `successThreshold × period` after it passes; the container is not restarted.
    ReadinessFailure {
        target: PodTarget,
        duration: SimTime,
    },
    /// `kubectl taint nodes … node.kubernetes.io/out-of-service=nodeshutdown:NoExecute` (added)
    /// or its removal, on one node or every node of a zone (docs/SEMANTICS.md#c16).
    OutOfService {
        node: Option<String>,
        zone: Option<String>,
        add: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injected {
    pub at: SimTime,
    pub action: Action,
}

/// A node condition the kubelet reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NodeCondition {
    Ready,
    MemoryPressure,
    DiskPressure,
}

/// `nodeCondition`: from `at` on, the node's kubelet reports `condition` with `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionInjected {
    pub at: SimTime,
    pub node: String,
    pub condition: NodeCondition,
    pub status: bool,
}

/// Everything an events file says: the [`Action`]s, the node conditions, and for a `podCrash`
/// with `runFor` (by index into `injected`) how long its container runs before each exit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsFile {
    pub injected: Vec<Injected>,
    pub conditions: Vec<ConditionInjected>,
    pub crash_run_for: BTreeMap<usize, SimTime>,
}

impl EventsFile {
    /// The time of the last event (0 for none).
    pub fn last_time(&self) -> SimTime {
        let a = self.injected.iter().map(|e| e.at).max().unwrap_or(0);
        let b = self.conditions.iter().map(|e| e.at).max().unwrap_or(0);
        a.max(b)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFile {
    /// Required: a file without it would run nothing and say nothing. `serde_norway::Value`,
    /// not JSON's, so `.nan` and `.inf` reach the checks instead of becoming null.
    events: Option<Vec<serde_norway::Value>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawEvent {
    at: Option<serde_norway::Value>,
    action: Option<String>,
    node: Option<String>,
    zone: Option<String>,
    pod: Option<String>,
    selector: Option<BTreeMap<String, String>>,
    times: Option<u32>,
    deployment: Option<String>,
    replica_set: Option<String>,
    replicas: Option<i64>,
    container: Option<String>,
    image: Option<String>,
    namespace: Option<String>,
    duration: Option<serde_norway::Value>,
    run_for: Option<serde_norway::Value>,
    condition: Option<String>,
    status: Option<serde_norway::Value>,
}

/// The latest simulated time an event may be at (and the longest run the CLI allows).
pub const MAX_SIM_TIME: SimTime = 30 * 24 * 3_600_000;

/// A duration field: a string such as `90s` or a number of seconds; NaN and infinities are
/// named as such, not reported as missing.
fn duration_field(
    v: &Option<serde_norway::Value>,
    path: &str,
    example: &str,
) -> Result<SimTime, EventsError> {
    match v {
        None | Some(serde_norway::Value::Null) => {
            Err(err(path, format!("missing (a duration such as {example})")))
        }
        Some(serde_norway::Value::String(s)) => parse_duration(s).map_err(|m| err(path, m)),
        Some(serde_norway::Value::Number(n)) => match n.as_f64() {
            Some(f) if f.is_nan() => Err(err(
                path,
                format!("`{n}` is not a number: expected a duration such as {example}"),
            )),
            Some(f) if f.is_infinite() => Err(err(
                path,
                format!("`{n}` is infinite: expected a duration such as {example}"),
            )),
            _ => parse_duration(&n.to_string()).map_err(|m| err(path, m)),
        },
        Some(_) => Err(err(path, format!("expected a duration such as {example}"))),
    }
}

/// An events-file problem, naming the event and field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct EventsError {
    pub location: String,
    pub message: String,
}

fn err(location: impl Into<String>, message: impl Into<String>) -> EventsError {
    EventsError {
        location: location.into(),
        message: message.into(),
    }
}

/// Parses an events file holding only [`Action`]s; events are returned sorted by time (stable
/// for equal times). A `nodeCondition` or a `runFor` is refused here: read such a file with
/// [`parse_events_file`].
pub fn parse_events(src: &str) -> Result<Vec<Injected>, EventsError> {
    let file = parse_events_file(src)?;
    if let Some(c) = file.conditions.first() {
        return Err(err(
            "events",
            format!(
                "nodeCondition at {} needs the full events reader (parse_events_file)",
                crate::cluster::sim::format_time(c.at)
            ),
        ));
    }
    if !file.crash_run_for.is_empty() {
        return Err(err(
            "events",
            "podCrash runFor needs the full events reader (parse_events_file)",
        ));
    }
    Ok(file.injected)
}

/// Parses an events file with every action; each list is sorted by time (stable).
pub fn parse_events_file(src: &str) -> Result<EventsFile, EventsError> {
    crate::yaml::check_yaml(src).map_err(|e| {
        let path = if e.path().is_empty() {
            "events file"
        } else {
            e.path()
        };
        err(path, e.message())
    })?;
    let raw: RawFile = serde_norway::from_str(src).map_err(|e| {
        err(
            "events file",
            format!(
                "not valid YAML/JSON with an `events` list: {}",
                e.to_string()
                    .replace("struct RawFile", "a mapping with an `events:` list")
            ),
        )
    })?;
    let Some(events) = raw.events else {
        return Err(err(
            "events",
            "missing: an events file is `events:` followed by a list (`events: []` for none)",
        ));
    };
    let mut out: Vec<(Injected, Option<SimTime>)> = Vec::new();
    let mut conditions = Vec::new();
    for (i, v) in events.into_iter().enumerate() {
        let loc = format!("events[{i}]");
        let e: RawEvent = serde_path_to_error::deserialize(v).map_err(|e| {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            if path.is_empty() || path == "." {
                err(&loc, message)
            } else {
                err(format!("{loc}.{path}"), message)
            }
        })?;
        let at = duration_field(&e.at, &format!("{loc}.at"), "90s")?;
        if at > MAX_SIM_TIME {
            return Err(err(
                format!("{loc}.at"),
                format!(
                    "{} is after the last simulated time an event may have (30 days)",
                    crate::cluster::sim::format_time(at)
                ),
            ));
        }
        let ns = e.namespace.clone().unwrap_or_else(|| "default".into());
        let need = |v: &Option<String>, f: &str| {
            v.clone()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| err(format!("{loc}.{f}"), "missing"))
        };
        let workload = |e: &RawEvent| -> Result<WorkloadRef, EventsError> {
            match (&e.deployment, &e.replica_set) {
                (Some(d), None) => Ok(WorkloadRef::Deployment {
                    namespace: ns.clone(),
                    name: d.clone(),
                }),
                (None, Some(r)) => Ok(WorkloadRef::ReplicaSet {
                    namespace: ns.clone(),
                    name: r.clone(),
                }),
                _ => Err(err(
                    format!("{loc}.deployment"),
                    "give exactly one of deployment or replicaSet",
                )),
            }
        };
        if e.run_for.is_some() && e.action.as_deref() != Some("podCrash") {
            return Err(err(format!("{loc}.runFor"), "only a podCrash has runFor"));
        }
        let mut run_for = None;
        let action = match e.action.as_deref() {
            Some("nodeCondition") => {
                let node = need(&e.node, "node")?;
                let condition = match e.condition.as_deref() {
                    Some("Ready") => NodeCondition::Ready,
                    Some("MemoryPressure") => NodeCondition::MemoryPressure,
                    Some("DiskPressure") => NodeCondition::DiskPressure,
                    Some(other) => {
                        return Err(err(
                            format!("{loc}.condition"),
                            format!("{other:?} is not Ready, MemoryPressure or DiskPressure"),
                        ))
                    }
                    None => return Err(err(format!("{loc}.condition"), "missing")),
                };
                let status = match &e.status {
                    Some(serde_norway::Value::Bool(b)) => *b,
                    Some(serde_norway::Value::String(s)) if s == "True" => true,
                    Some(serde_norway::Value::String(s)) if s == "False" => false,
                    None => return Err(err(format!("{loc}.status"), "missing (True or False)")),
                    Some(other) => {
                        return Err(err(
                            format!("{loc}.status"),
                            format!("{other:?} is not True or False"),
                        ))
                    }
                };
                conditions.push(ConditionInjected {
                    at,
                    node,
                    condition,
                    status,
                });
                continue;
            }
            Some("nodeFailure") => Action::NodeFailure { node: need(&e.node, "node")? },
            Some("nodeRecovery") => Action::NodeRecovery { node: need(&e.node, "node")? },
            Some("zoneFailure") => Action::ZoneFailure { zone: need(&e.zone, "zone")? },
            Some("zoneRecovery") => Action::ZoneRecovery { zone: need(&e.zone, "zone")? },
            Some("drain") => Action::Drain { node: need(&e.node, "node")? },
            Some(a @ ("outOfService" | "outOfServiceRemoved")) => match (&e.node, &e.zone) {
                (Some(_), None) | (None, Some(_)) => Action::OutOfService { node: e.node.clone(), zone: e.zone.clone(), add: a == "outOfService" },
                _ => return Err(err(format!("{loc}.node"), "give exactly one of node or zone")),
            },
            Some("readinessFailure") => {
                let target = match (&e.pod, &e.selector) {
                    (Some(p), None) => {
                        let (namespace, name) = match p.split_once('/') {
                            Some((n, p)) => (n.to_string(), p.to_string()),
                            None => (ns.clone(), p.clone()),
                        };
                        PodTarget::Name { namespace, name }
                    }
                    (None, Some(sel)) if !sel.is_empty() => PodTarget::Selector { namespace: ns.clone(), labels: sel.clone() },
                    _ => return Err(err(format!("{loc}.pod"), "give exactly one of pod or a non-empty selector")),
                };
                let duration = duration_field(&e.duration, &format!("{loc}.duration"), "2m")?;
                Action::ReadinessFailure { target, duration }
            }
            Some("podCrash") => {
                let target = match (&e.pod, &e.selector) {
                    (Some(p), None) => {
                        let (namespace, name) = match p.split_once('/') {
                            Some((n, p)) => (n.to_string(), p.to_string()),
                            None => (ns.clone(), p.clone()),
                        };
                        PodTarget::Name { namespace, name }
                    }
                    (None, Some(sel)) if !sel.is_empty() => PodTarget::Selector { namespace: ns.clone(), labels: sel.clone() },
                    _ => return Err(err(format!("{loc}.pod"), "give exactly one of pod or a non-empty selector")),
                };
                let times = e.times.unwrap_or(1);
                if times == 0 || times > 1000 {
                    return Err(err(format!("{loc}.times"), "must be in 1..=1000"));
                }
                if e.run_for.is_some() {
                    let d = duration_field(&e.run_for, &format!("{loc}.runFor"), "30s")?;
                    if d == 0 || d > 86_400_000 {
                        return Err(err(format!("{loc}.runFor"), "must be more than 0 and at most 1 day"));
                    }
                    run_for = Some(d);
                }
                Action::PodCrash { target, times }
            }
            Some("scale") => {
                let replicas = e.replicas.ok_or_else(|| err(format!("{loc}.replicas"), "missing"))?;
                if !(0..=100_000).contains(&replicas) {
                    return Err(err(format!("{loc}.replicas"), format!("{replicas} is out of range 0..=100000")));
                }
                Action::Scale { target: workload(&e)?, replicas: replicas as i32 }
            }
            Some("imageUpdate") => Action::ImageUpdate { target: workload(&e)?, container: e.container.clone(), image: need(&e.image, "image")? },
            Some(other) => {
                return Err(err(
                    format!("{loc}.action"),
                    format!("unknown action {other:?} (nodeFailure, nodeRecovery, zoneFailure, zoneRecovery, nodeCondition, podCrash, readinessFailure, scale, imageUpdate, drain, outOfService, outOfServiceRemoved)"),
                ))
            }
            None => return Err(err(format!("{loc}.action"), "missing")),
        };
        out.push((Injected { at, action }, run_for));
    }
    out.sort_by_key(|(e, _)| e.at);
    conditions.sort_by_key(|c| c.at);
    let crash_run_for = out
        .iter()
        .enumerate()
        .filter_map(|(i, (_, r))| r.map(|r| (i, r)))
        .collect();
    Ok(EventsFile {
        injected: out.into_iter().map(|(e, _)| e).collect(),
        conditions,
        crash_run_for,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_go_style_units_and_bare_seconds() {
        for (s, ms) in [
            ("90s", 90_000),
            ("10m", 600_000),
            ("1h", 3_600_000),
            ("1h30m", 5_400_000),
            ("500ms", 500),
            ("2.5s", 2500),
            ("42", 42_000),
        ] {
            assert_eq!(parse_duration(s), Ok(ms), "{s}");
        }
        for bad in ["", "10x", "m", "-5s", "1e400"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn events_parse_and_sort_by_time_with_errors_naming_the_event() {
        let src = "events:\n- {at: 2m, action: scale, deployment: web, replicas: 5}\n- {at: 0s, action: nodeFailure, node: n1}\n";
        let evs = parse_events(src).unwrap();
        assert_eq!(evs[0].action, Action::NodeFailure { node: "n1".into() });
        assert_eq!(evs[1].at, 120_000);
        let bad = parse_events("events:\n- {at: 1s, action: explode}\n").unwrap_err();
        assert_eq!(bad.location, "events[0].action");
        let bad = parse_events("events:\n- {at: soon, action: drain, node: n}\n").unwrap_err();
        assert_eq!(bad.location, "events[0].at");
    }

    #[test]
    fn a_file_without_an_events_list_is_an_error_not_an_empty_run() {
        for src in ["{}", "evnts: []", "# nothing\n"] {
            let e = parse_events(src).unwrap_err();
            assert!(
                e.location == "events" || e.location == "events file",
                "{src:?}: {e}"
            );
        }
        assert!(parse_events("events: []").unwrap().is_empty());
        let e = parse_events("- {at: 1s, action: drain, node: n}\n").unwrap_err();
        assert!(
            e.message
                .contains("expected a mapping with an `events:` list"),
            "{e}"
        );
    }

    #[test]
    fn a_nan_or_infinite_time_is_named_as_such() {
        let e = parse_events("events:\n- {at: .nan, action: drain, node: n}\n").unwrap_err();
        assert_eq!(e.location, "events[0].at");
        assert!(e.message.contains("not a number"), "{e}");
        let e = parse_events("events:\n- {at: .inf, action: drain, node: n}\n").unwrap_err();
        assert!(e.message.contains("infinite"), "{e}");
        let e =
            parse_events("events:\n- {at: 1s, action: readinessFailure, pod: p, duration: .nan}\n")
                .unwrap_err();
        assert_eq!(e.location, "events[0].duration");
    }

    #[test]
    fn a_wrongly_typed_field_is_named() {
        let e =
            parse_events("events:\n- {at: 1s, action: podCrash, pod: p, times: -1}\n").unwrap_err();
        assert_eq!(e.location, "events[0].times");
        assert!(e.message.contains("-1"), "{e}");
    }

    #[test]
    fn an_event_after_thirty_days_names_the_event() {
        let e = parse_events("events:\n- {at: 1s, action: drain, node: n}\n- {at: 1000000h, action: drain, node: n}\n")
            .unwrap_err();
        assert_eq!(e.location, "events[1].at");
        assert!(e.message.contains("1000000h"), "{e}");
        assert!(parse_events("events:\n- {at: 30d, action: drain, node: n}\n").is_ok());
    }
}
