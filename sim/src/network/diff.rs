//! What changed from one design to another ("Compare with…" in the app): the components added,
//! removed or changed (by id), the rules added and removed (security-group rules, NACL entries,
//! routes), the test flows whose verdict differs and the annotations (notes, boxes, arrows)
//! added, removed or changed. Pure and ordered: the same two designs
//! give the same diff, in model order.
//!
//! Test flows are judged by the static tracer on each design's network alone; a flow whose
//! endpoint is a pod (known only from a cluster run) is reported as "unknown endpoint" here.

use serde::Serialize;
use serde_json::Value;

use super::annotation::{Annotation, AnnotationKind};
use super::trace::text::{peer_text, rule_text};
use super::{Design, Network, NetworkIndex, RouteDestination, TestFlow};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// A component (by id) that is only in one design or differs between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentChange {
    pub id: String,
    /// The component's kind, e.g. `security-group` (`Network::component_ids`).
    pub kind: &'static str,
    pub change: Change,
}

/// A rule of a security group, NACL or route table only in one design.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleChange {
    /// The group, NACL or route table holding it.
    pub owner: String,
    /// `ingress`, `egress` (security groups and NACLs) or `route`.
    pub side: &'static str,
    /// The rule in words, e.g. `TCP 22 from 203.0.113.10/32`.
    pub rule: String,
    pub change: Change,
}

/// A saved test flow whose verdict differs; `None` where the design does not have the flow.
/// A verdict is `Ok(reachable)` or the reason the flow could not be traced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowChange {
    /// `name` if the flow has one, else `from → to protocol/port`.
    pub flow: String,
    pub before: Option<Result<bool, String>>,
    pub after: Option<Result<bool, String>>,
}

/// A note, box or arrow (by id) only in one design or different between them (its text,
/// its place or size, where an arrow's ends are).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotationChange {
    pub id: String,
    /// `note`, `box` or `arrow` (the kind in `after`, or in `before` when removed).
    pub kind: &'static str,
    pub change: Change,
    /// What differs for a changed one, in field names (`text`, `rect`, `from`…); empty
    /// otherwise.
    pub fields: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct DesignDiff {
    pub components: Vec<ComponentChange>,
    pub rules: Vec<RuleChange>,
    pub flows: Vec<FlowChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<AnnotationChange>,
}

impl DesignDiff {
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.rules.is_empty()
            && self.flows.is_empty()
            && self.annotations.is_empty()
    }
}

/// The differences from `before` to `after`.
pub fn diff(before: &Design, after: &Design) -> DesignDiff {
    DesignDiff {
        components: components(&before.network, &after.network),
        rules: rules(&before.network, &after.network),
        flows: flows(before, after),
        annotations: annotations(before, after),
    }
}

/// The fields in which two annotations with one id differ.
fn annotation_fields(a: &Annotation, b: &Annotation) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.kind.slug() != b.kind.slug() {
        out.push("kind");
    }
    if a.text() != b.text() {
        out.push(match b.kind {
            AnnotationKind::Note { .. } => "text",
            _ => "label",
        });
    }
    if a.rect() != b.rect() {
        out.push("rect");
    }
    match (a.ends(), b.ends()) {
        (Some((af, at)), Some((bf, bt))) => {
            if af != bf {
                out.push("from");
            }
            if at != bt {
                out.push("to");
            }
        }
        (None, None) => {}
        _ => {
            if !out.contains(&"kind") {
                out.push("kind");
            }
        }
    }
    out
}

/// Annotations removed or changed (in `before`'s order), then added (in `after`'s).
fn annotations(before: &Design, after: &Design) -> Vec<AnnotationChange> {
    let mut out = Vec::new();
    for a in &before.annotations {
        match after.annotations.iter().find(|b| b.id == a.id) {
            None => out.push(AnnotationChange {
                id: a.id.clone(),
                kind: a.kind.slug(),
                change: Change::Removed,
                fields: Vec::new(),
            }),
            Some(b) if b != a => out.push(AnnotationChange {
                id: a.id.clone(),
                kind: b.kind.slug(),
                change: Change::Changed,
                fields: annotation_fields(a, b),
            }),
            Some(_) => {}
        }
    }
    for b in &after.annotations {
        if !before.annotations.iter().any(|a| a.id == b.id) {
            out.push(AnnotationChange {
                id: b.id.clone(),
                kind: b.kind.slug(),
                change: Change::Added,
                fields: Vec::new(),
            });
        }
    }
    out
}

/// Each component as JSON, by id, in model order.
fn by_id(net: &Network) -> Vec<(String, &'static str, Value)> {
    let json = serde_json::to_value(net).unwrap_or(Value::Null);
    let mut values = std::collections::BTreeMap::new();
    if let Value::Object(lists) = json {
        for list in lists.into_values() {
            if let Value::Array(items) = list {
                for item in items {
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        values.insert(id.to_string(), item.clone());
                    }
                }
            }
        }
    }
    net.component_ids()
        .into_iter()
        .map(|(id, kind)| {
            let v = values.get(id).cloned().unwrap_or(Value::Null);
            (id.to_string(), kind, v)
        })
        .collect()
}

fn components(before: &Network, after: &Network) -> Vec<ComponentChange> {
    let old = by_id(before);
    let new = by_id(after);
    let find = |list: &[(String, &'static str, Value)], id: &str| {
        list.iter().position(|(i, _, _)| i == id)
    };
    let mut out = Vec::new();
    for (id, kind, v) in &old {
        let change = match find(&new, id) {
            None => Some(Change::Removed),
            Some(i) if new[i].2 != *v => Some(Change::Changed),
            Some(_) => None,
        };
        if let Some(change) = change {
            out.push(ComponentChange {
                id: id.clone(),
                kind,
                change,
            });
        }
    }
    for (id, kind, _) in &new {
        if find(&old, id).is_none() {
            out.push(ComponentChange {
                id: id.clone(),
                kind,
                change: Change::Added,
            });
        }
    }
    out
}

/// Every rule of the network in words: (owner, side, rule).
fn rule_lines(net: &Network) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for g in &net.security_groups {
        for (side, list, dir) in [("ingress", &g.ingress, "from"), ("egress", &g.egress, "to")] {
            for r in list {
                let what = rule_text(r.protocol, r.ports, r.icmp);
                out.push((
                    g.id.clone(),
                    side,
                    format!("{what} {dir} {}", peer_text(&r.peer)),
                ));
            }
        }
    }
    for n in &net.network_acls {
        for e in &n.entries {
            let side = if e.egress { "egress" } else { "ingress" };
            let what = rule_text(e.protocol, e.ports, e.icmp);
            let action = format!("{:?}", e.action).to_lowercase();
            out.push((
                n.id.clone(),
                side,
                format!("#{} {action} {what} {}", e.rule_number, e.cidr),
            ));
        }
    }
    for t in &net.route_tables {
        for r in &t.routes {
            let dest = match &r.destination {
                RouteDestination::Cidr(c) => c.clone(),
                RouteDestination::PrefixList(p) => p.clone(),
            };
            out.push((t.id.clone(), "route", format!("{dest} → {}", r.target.id)));
        }
    }
    out
}

fn rules(before: &Network, after: &Network) -> Vec<RuleChange> {
    let old = rule_lines(before);
    let new = rule_lines(after);
    let change = |(owner, side, rule): &(String, &'static str, String), change| RuleChange {
        owner: owner.clone(),
        side,
        rule: rule.clone(),
        change,
    };
    let mut out: Vec<RuleChange> = old
        .iter()
        .filter(|r| !new.contains(r))
        .map(|r| change(r, Change::Removed))
        .collect();
    out.extend(
        new.iter()
            .filter(|r| !old.contains(r))
            .map(|r| change(r, Change::Added)),
    );
    out
}

fn flow_name(f: &TestFlow) -> String {
    if !f.name.is_empty() {
        return f.name.clone();
    }
    let port = f.port.map(|p| format!("/{p}")).unwrap_or_default();
    format!("{} → {} {}{port}", f.from, f.to, f.protocol.name())
}

fn same_flow(a: &TestFlow, b: &TestFlow) -> bool {
    (&a.from, &a.to, a.protocol, a.port) == (&b.from, &b.to, b.protocol, b.port)
}

fn verdict(index: &NetworkIndex, f: &TestFlow) -> Result<bool, String> {
    index
        .verdict(&f.to_flow())
        .map(|(reachable, _)| reachable)
        .map_err(|e| e.to_string())
}

fn flows(before: &Design, after: &Design) -> Vec<FlowChange> {
    let (old, new) = (
        NetworkIndex::build(&before.network),
        NetworkIndex::build(&after.network),
    );
    // Every flow of either design, once, in the order first seen.
    let mut all: Vec<&TestFlow> = Vec::new();
    for f in before.flows.iter().chain(&after.flows) {
        if !all.iter().any(|g| same_flow(g, f)) {
            all.push(f);
        }
    }
    all.into_iter()
        .filter_map(|f| {
            let has = |d: &Design| d.flows.iter().any(|g| same_flow(g, f));
            let b = has(before).then(|| verdict(&old, f));
            let a = has(after).then(|| verdict(&new, f));
            (b != a).then(|| FlowChange {
                flow: flow_name(f),
                before: b,
                after: a,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Expectation, Protocol};

    fn ssh(from: &str, to: &str) -> TestFlow {
        TestFlow {
            name: String::new(),
            from: from.into(),
            to: to.into(),
            protocol: Protocol::Tcp,
            port: Some(22),
            expect: Some(Expectation::Reachable),
        }
    }

    #[test]
    fn a_design_compared_with_itself_has_no_differences() {
        let d = crate::network::samples::sample_design();
        assert!(diff(&d, &d).is_empty());
    }

    #[test]
    fn the_broken_bastion_and_its_fix_differ_by_one_route_and_the_ssh_verdict() {
        let (mut start, mut fixed) = crate::scenarios::library::bastion_ssh_timeout();
        let bastion = start
            .network
            .instances
            .iter()
            .find(|i| i.name.contains("bastion"))
            .map(|i| i.id.clone())
            .expect("a bastion");
        let flow = ssh("203.0.113.10", &bastion);
        start.flows.push(flow.clone());
        fixed.flows.push(flow);
        let d = diff(&start, &fixed);
        let routes: Vec<_> = d.rules.iter().filter(|r| r.side == "route").collect();
        assert_eq!(routes.len(), 1, "{:?}", d.rules);
        assert_eq!(routes[0].change, Change::Added);
        assert!(
            routes[0].rule.starts_with("0.0.0.0/0 → igw-"),
            "{}",
            routes[0].rule
        );
        assert!(d
            .components
            .iter()
            .any(|c| c.kind == "route-table" && c.change == Change::Changed));
        assert_eq!(d.flows.len(), 1, "{:?}", d.flows);
        assert_eq!(
            (&d.flows[0].before, &d.flows[0].after),
            (&Some(Ok(false)), &Some(Ok(true)))
        );
    }

    #[test]
    fn added_and_removed_components_and_flows_are_named_by_id() {
        let before = crate::network::samples::sample_design();
        let mut after = before.clone();
        let removed = after.network.instances.remove(0);
        after.flows.push(ssh("203.0.113.10", "nowhere"));
        let d = diff(&before, &after);
        assert!(d.components.contains(&ComponentChange {
            id: removed.id.clone(),
            kind: "instance",
            change: Change::Removed
        }));
        // The new flow (to an unknown endpoint) exists only after; flows through the removed
        // instance change their verdict too.
        let new = d
            .flows
            .iter()
            .find(|f| f.flow.contains("nowhere"))
            .expect("the new flow");
        assert_eq!(new.before, None);
        assert!(matches!(&new.after, Some(Err(_))), "{new:?}");
        for f in d.flows.iter().filter(|f| !f.flow.contains("nowhere")) {
            assert!(f.before.is_some() && f.after.is_some(), "{f:?}");
        }
        // And the other way round: the instance is added back.
        let back = diff(&after, &before);
        assert!(back
            .components
            .iter()
            .any(|c| c.id == removed.id && c.change == Change::Added));
    }
}
