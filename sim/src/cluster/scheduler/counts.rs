//! The numbers behind a PodTopologySpread or InterPodAffinity verdict on one node
//! (docs/SEMANTICS.md#k8, #k9). kube-scheduler's reason ("node(s) didn't match pod topology spread
//! constraints") names the rule, not the arithmetic; a full explanation ([`super::Explain::Full`])
//! attaches these counts to the plugin's [`super::Status`] on every node, passing or not, so a
//! learner sees the domain, the matching pods, the global minimum and the skew that decided.
//!
//! Guarantees: the counts are the plugin's own PreFilter state read back for the node (the same
//! numbers the verdict was computed from, never recomputed another way), and
//! [`SpreadCount::satisfied`] / [`AffinityCount::satisfied`] agree with the plugin's Filter.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A filter plugin's counts on one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FilterCounts {
    /// One entry per DoNotSchedule constraint, in the pod's order.
    TopologySpread(Vec<SpreadCount>),
    /// One entry per required (anti-)affinity term of the pod, then one per topology key of the
    /// node where existing pods' required anti-affinity matches the pod.
    InterPodAffinity(Vec<AffinityCount>),
}

impl FilterCounts {
    /// Every entry in words, one each.
    pub fn lines(&self) -> Vec<String> {
        match self {
            FilterCounts::TopologySpread(v) => v.iter().map(ToString::to_string).collect(),
            FilterCounts::InterPodAffinity(v) => v.iter().map(ToString::to_string).collect(),
        }
    }

    /// Every entry in words, joined by "; ".
    pub fn summary(&self) -> String {
        self.lines().join("; ")
    }
}

/// One topology spread constraint evaluated on one node: `skew = matchingPods + selfMatch −
/// globalMinimum`, allowed when `skew ≤ maxSkew` (`podtopologyspread/filtering.go`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpreadCount {
    pub topology_key: String,
    /// The node's value of the key (`None`: the node lacks the label, which is unresolvable).
    pub value: Option<String>,
    /// Pods matching the constraint's selector in the node's domain (same namespace, not
    /// terminating, on nodes that the node inclusion policies count).
    pub matching_pods: i64,
    /// The incoming pod matches the selector itself, so placing it adds one.
    pub self_match: bool,
    /// The smallest count over the eligible domains (0 when fewer than `minDomains`); `None`
    /// when no domain is eligible.
    pub global_minimum: Option<i64>,
    /// Domains of the key among the nodes the constraint counts.
    pub eligible_domains: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_domains: Option<i64>,
    /// The skew placing the pod here would give (`None` without a value or an eligible domain).
    pub skew: Option<i64>,
    pub max_skew: i64,
    pub satisfied: bool,
}

impl fmt::Display for SpreadCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = &self.topology_key;
        let Some(value) = &self.value else {
            return write!(f, "the node has no {key} label");
        };
        let plural = if self.matching_pods == 1 { "" } else { "s" };
        write!(
            f,
            "{key}={value}: {} matching pod{plural}",
            self.matching_pods
        )?;
        if self.self_match {
            write!(f, " + 1 (this pod)")?;
        }
        match (self.global_minimum, self.skew) {
            (Some(min), Some(skew)) => {
                write!(f, " − global minimum {min}")?;
                if let Some(m) = self
                    .min_domains
                    .filter(|&m| (self.eligible_domains as i64) < m)
                {
                    write!(
                        f,
                        " ({} eligible domain(s) < minDomains {m})",
                        self.eligible_domains
                    )?;
                }
                let cmp = if self.satisfied { "≤" } else { ">" };
                write!(f, " = skew {skew} {cmp} maxSkew {}", self.max_skew)
            }
            _ => write!(f, "; no eligible domain, so no skew"),
        }
    }
}

/// Which kind of inter-pod affinity rule an [`AffinityCount`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AffinityRule {
    /// The pod's required affinity term: the domain must hold a pod matching all of them.
    Affinity,
    /// The pod's required anti-affinity term: the domain must hold no matching pod.
    AntiAffinity,
    /// Existing pods' required anti-affinity terms that match the incoming pod.
    ExistingAntiAffinity,
}

/// One inter-pod (anti-)affinity term evaluated on one node's domain (`interpodaffinity/filtering.go`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffinityCount {
    pub rule: AffinityRule,
    /// Index of the term in the pod's required list (`None` for existing pods' terms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<usize>,
    /// The term's label selector in words (`None` for existing pods' terms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    pub topology_key: String,
    /// The node's value of the key (`None`: the node lacks the label).
    pub value: Option<String>,
    /// Affinity: pods in the domain matching every required affinity term; anti-affinity: pods
    /// in the domain matching this term; existing: the terms of pods in the domain that match
    /// the incoming pod.
    pub matching_pods: i64,
    /// Existing anti-affinity: the pods whose terms match (`namespace/name`, at most ten).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pods: Vec<String>,
    /// Affinity with no matching pod anywhere: allowed when the pod matches its own terms
    /// (the first pod of a group).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_of_group: bool,
    pub satisfied: bool,
}

impl fmt::Display for AffinityCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = &self.topology_key;
        let n = self.matching_pods;
        let plural = if n == 1 { "" } else { "s" };
        let domain = match &self.value {
            Some(v) => format!("{key}={v}"),
            None => format!("no {key} label on the node"),
        };
        match self.rule {
            AffinityRule::Affinity | AffinityRule::AntiAffinity => {
                let what = if self.rule == AffinityRule::Affinity {
                    "required affinity"
                } else {
                    "required anti-affinity"
                };
                let term = self.term.map_or(0, |t| t + 1);
                let sel = self.selector.as_deref().unwrap_or("");
                write!(f, "{what} term {term} ({sel}; topologyKey {key}): ")?;
                if self.value.is_none() {
                    return write!(f, "{domain}");
                }
                write!(f, "{n} matching pod{plural} in {domain}")?;
                if self.first_of_group {
                    write!(
                        f,
                        " (no pod matches anywhere and this pod matches its own terms: allowed)"
                    )?;
                }
                Ok(())
            }
            AffinityRule::ExistingAntiAffinity => {
                write!(
                    f,
                    "{n} required anti-affinity term{plural} of pods in {domain} match this pod"
                )?;
                if !self.pods.is_empty() {
                    write!(f, " ({})", self.pods.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(value: Option<&str>, matching: i64, min: Option<i64>, skew: Option<i64>) -> String {
        SpreadCount {
            topology_key: "zone".into(),
            value: value.map(str::to_string),
            matching_pods: matching,
            self_match: true,
            global_minimum: min,
            eligible_domains: 2,
            min_domains: Some(3),
            skew,
            max_skew: 1,
            satisfied: skew.is_none_or(|s| s <= 1),
        }
        .to_string()
    }

    #[test]
    fn spread_counts_read_as_kube_schedulers_formula() {
        let cases = [
            (
                spread(Some("a"), 2, Some(0), Some(3)),
                "zone=a: 2 matching pods + 1 (this pod) − global minimum 0 (2 eligible domain(s) < minDomains 3) = skew 3 > maxSkew 1",
            ),
            (
                spread(Some("b"), 0, Some(0), Some(1)),
                "zone=b: 0 matching pods + 1 (this pod) − global minimum 0 (2 eligible domain(s) < minDomains 3) = skew 1 ≤ maxSkew 1",
            ),
            (spread(None, 0, Some(0), None), "the node has no zone label"),
            (
                spread(Some("c"), 1, None, None),
                "zone=c: 1 matching pod + 1 (this pod); no eligible domain, so no skew",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn affinity_counts_name_the_term_and_the_domain() {
        let term = |rule, matching, first| AffinityCount {
            rule,
            term: Some(0),
            selector: Some("app=cache".into()),
            topology_key: "zone".into(),
            value: Some("a".into()),
            matching_pods: matching,
            pods: vec![],
            first_of_group: first,
            satisfied: true,
        };
        let existing = AffinityCount {
            rule: AffinityRule::ExistingAntiAffinity,
            term: None,
            selector: None,
            pods: vec!["default/web-1".into()],
            ..term(AffinityRule::Affinity, 1, false)
        };
        let cases = [
            (
                term(AffinityRule::Affinity, 0, true),
                "required affinity term 1 (app=cache; topologyKey zone): 0 matching pods in zone=a (no pod matches anywhere and this pod matches its own terms: allowed)",
            ),
            (
                term(AffinityRule::AntiAffinity, 1, false),
                "required anti-affinity term 1 (app=cache; topologyKey zone): 1 matching pod in zone=a",
            ),
            (
                existing,
                "1 required anti-affinity term of pods in zone=a match this pod (default/web-1)",
            ),
        ];
        for (count, want) in cases {
            assert_eq!(count.to_string(), want);
        }
    }
}
