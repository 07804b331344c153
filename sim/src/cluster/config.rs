//! `KubeSchedulerConfiguration` (kubescheduler.config.k8s.io/v1) → resolved scheduler [`Profile`]s.
//!
//! Guarantees: the default profile is kube-scheduler's (`pkg/scheduler/apis/config/v1/default_plugins.go`,
//! docs/SEMANTICS.md#k2) with its default args (`defaults.go`); a user profile is resolved like `mergePlugins`:
//! `multiPoint` first (`disabled` names or `"*"`, then `enabled` with optional weights), then each
//! extension point's own `disabled`/`enabled`. Unknown plugin names and malformed args are errors
//! naming the field; the volume plugins filter like kube-scheduler's (VolumeBinding's Score, off by
//! default behind StorageCapacityScoring, is not simulated).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::network::msg::{msg, Msg, Text};

use super::model::{
    LabelSelector, NodeAffinity, NodeSelectorTerm, PreferredSchedulingTerm, Requirement,
    SelectorOperator, TopologySpreadConstraint, WhenUnsatisfiable,
};

/// The in-tree plugins the simulator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PluginName {
    SchedulingGates,
    PrioritySort,
    NodeUnschedulable,
    NodeName,
    TaintToleration,
    NodeAffinity,
    NodePorts,
    NodeResourcesFit,
    VolumeRestrictions,
    NodeVolumeLimits,
    VolumeBinding,
    VolumeZone,
    PodTopologySpread,
    InterPodAffinity,
    DefaultPreemption,
    NodeResourcesBalancedAllocation,
    ImageLocality,
    DefaultBinder,
}

use PluginName::*;

/// The default multiPoint list in order, with score weights (0 = not a score plugin).
pub const DEFAULT_PLUGINS: &[(PluginName, i64)] = &[
    (SchedulingGates, 0),
    (PrioritySort, 0),
    (NodeUnschedulable, 0),
    (NodeName, 0),
    (TaintToleration, 3),
    (NodeAffinity, 2),
    (NodePorts, 0),
    (NodeResourcesFit, 1),
    (VolumeRestrictions, 0),
    (NodeVolumeLimits, 0),
    (VolumeBinding, 0),
    (VolumeZone, 0),
    (PodTopologySpread, 2),
    (InterPodAffinity, 2),
    (DefaultPreemption, 0),
    (NodeResourcesBalancedAllocation, 1),
    (ImageLocality, 1),
    (DefaultBinder, 0),
];

impl PluginName {
    pub const ALL: &'static [PluginName] = &[
        SchedulingGates,
        PrioritySort,
        NodeUnschedulable,
        NodeName,
        TaintToleration,
        NodeAffinity,
        NodePorts,
        NodeResourcesFit,
        VolumeRestrictions,
        NodeVolumeLimits,
        VolumeBinding,
        VolumeZone,
        PodTopologySpread,
        InterPodAffinity,
        DefaultPreemption,
        NodeResourcesBalancedAllocation,
        ImageLocality,
        DefaultBinder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SchedulingGates => "SchedulingGates",
            PrioritySort => "PrioritySort",
            NodeUnschedulable => "NodeUnschedulable",
            NodeName => "NodeName",
            TaintToleration => "TaintToleration",
            NodeAffinity => "NodeAffinity",
            NodePorts => "NodePorts",
            NodeResourcesFit => "NodeResourcesFit",
            VolumeRestrictions => "VolumeRestrictions",
            NodeVolumeLimits => "NodeVolumeLimits",
            VolumeBinding => "VolumeBinding",
            VolumeZone => "VolumeZone",
            PodTopologySpread => "PodTopologySpread",
            InterPodAffinity => "InterPodAffinity",
            DefaultPreemption => "DefaultPreemption",
            NodeResourcesBalancedAllocation => "NodeResourcesBalancedAllocation",
            ImageLocality => "ImageLocality",
            DefaultBinder => "DefaultBinder",
        }
    }

    pub fn parse(s: &str) -> Option<PluginName> {
        PluginName::ALL.iter().copied().find(|p| p.as_str() == s)
    }

    /// Implements Filter (and its PreFilter) with an effect in the simulator.
    pub fn is_filter(self) -> bool {
        matches!(
            self,
            NodeUnschedulable
                | NodeName
                | TaintToleration
                | NodeAffinity
                | NodePorts
                | NodeResourcesFit
                | VolumeRestrictions
                | NodeVolumeLimits
                | VolumeBinding
                | VolumeZone
                | PodTopologySpread
                | InterPodAffinity
        )
    }

    /// Implements Score.
    pub fn is_score(self) -> bool {
        matches!(
            self,
            TaintToleration
                | NodeAffinity
                | NodeResourcesFit
                | PodTopologySpread
                | InterPodAffinity
                | NodeResourcesBalancedAllocation
                | ImageLocality
        )
    }

    fn default_weight(self) -> i64 {
        DEFAULT_PLUGINS
            .iter()
            .find(|(p, _)| *p == self)
            .map(|(_, w)| *w)
            .filter(|w| *w > 0)
            .unwrap_or(1)
    }
}

impl std::fmt::Display for PluginName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoringStrategyType {
    LeastAllocated,
    MostAllocated,
    RequestedToCapacityRatio,
}

/// `NodeResourcesFitArgs.scoringStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringStrategy {
    pub kind: ScoringStrategyType,
    /// (resource name, weight).
    pub resources: Vec<(String, i64)>,
    /// RequestedToCapacityRatio shape: (utilization 0..100, score 0..10).
    pub shape: Vec<(i64, i64)>,
}

impl Default for ScoringStrategy {
    fn default() -> Self {
        ScoringStrategy {
            kind: ScoringStrategyType::LeastAllocated,
            resources: vec![("cpu".into(), 1), ("memory".into(), 1)],
            shape: Vec::new(),
        }
    }
}

/// Resolved plugin args.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginArgs {
    pub fit_scoring: ScoringStrategy,
    pub balanced_resources: Vec<(String, i64)>,
    /// `PodTopologySpreadArgs.defaultingType: System` (true) or `List`.
    pub spread_system_defaulting: bool,
    pub spread_default_constraints: Vec<TopologySpreadConstraint>,
    pub hard_pod_affinity_weight: i64,
    /// `NodeAffinityArgs.addedAffinity`: node affinity every pod of the profile must also meet
    /// (required) and is scored by (preferred), docs/SEMANTICS.md#k7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity_added: Option<NodeAffinity>,
}

/// The system default spread constraints (docs/SEMANTICS.md#k8; `podtopologyspread/plugin.go systemDefaultConstraints`).
pub fn system_default_constraints() -> Vec<TopologySpreadConstraint> {
    let c = |skew, key: &str| TopologySpreadConstraint {
        max_skew: skew,
        topology_key: key.into(),
        when_unsatisfiable: WhenUnsatisfiable::ScheduleAnyway,
        label_selector: None,
        min_domains: None,
        match_label_keys: vec![],
        node_affinity_policy: None,
        node_taints_policy: None,
    };
    vec![
        c(3, "kubernetes.io/hostname"),
        c(5, "topology.kubernetes.io/zone"),
    ]
}

impl Default for PluginArgs {
    fn default() -> Self {
        PluginArgs {
            fit_scoring: ScoringStrategy::default(),
            balanced_resources: vec![("cpu".into(), 1), ("memory".into(), 1)],
            spread_system_defaulting: true,
            spread_default_constraints: Vec::new(),
            hard_pod_affinity_weight: 1,
            node_affinity_added: None,
        }
    }
}

/// One resolved scheduling profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub scheduler_name: String,
    /// Filter plugins in order (PreFilter runs for exactly these).
    pub filters: Vec<PluginName>,
    /// Score plugins in order with weights (PreScore runs for exactly these).
    pub scores: Vec<(PluginName, i64)>,
    /// DefaultPreemption enabled as PostFilter.
    pub preemption: bool,
    pub args: PluginArgs,
}

impl Default for Profile {
    fn default() -> Self {
        resolve_profile("default-scheduler", &Value::Null)
            .map(|(p, _)| p)
            .unwrap_or_else(|_| Profile {
                scheduler_name: "default-scheduler".into(),
                filters: vec![],
                scores: vec![],
                preemption: true,
                args: PluginArgs::default(),
            })
    }
}

/// A resolved configuration: profiles by scheduler name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulerConfig {
    pub profiles: Vec<Profile>,
    /// `percentageOfNodesToScore` (0 = adaptive).
    pub percentage_of_nodes_to_score: i64,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            profiles: vec![Profile::default()],
            percentage_of_nodes_to_score: 0,
        }
    }
}

impl SchedulerConfig {
    pub fn profile(&self, scheduler_name: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.scheduler_name == scheduler_name)
    }
}

/// A configuration problem, with the field (empty for a whole-file problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
    /// The message's key and arguments, so the app can word it in the reader's language.
    pub message_msg: Option<Msg>,
}

impl ConfigError {
    /// The message with its structured form.
    pub fn text(&self) -> Text {
        Text {
            en: self.message.clone(),
            msg: self.message_msg.clone(),
        }
    }

    /// The same problem, its field under `prefix` (a nested reader's error re-anchored).
    fn under(self, prefix: &str) -> ConfigError {
        ConfigError {
            field: format!("{prefix}.{}", self.field),
            ..self
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

fn cerr(field: impl Into<String>, message: Text) -> ConfigError {
    ConfigError {
        field: field.into(),
        message: message.en,
        message_msg: message.msg,
    }
}

/// Parses a KubeSchedulerConfiguration from YAML or JSON text; the warnings in English (the
/// CLI's words; the manifest importer keeps their keys through [`parse_scheduler_config_value`]).
pub fn parse_scheduler_config(src: &str) -> Result<(SchedulerConfig, Vec<String>), ConfigError> {
    crate::yaml::check_yaml(src).map_err(|e| cerr(e.path(), e.text()))?;
    let v: Value = serde_norway::from_str(src).map_err(|e| {
        cerr(
            "",
            msg!(
                "k8s-sched-not-yaml",
                "not valid YAML/JSON: {e}",
                e = e.to_string()
            ),
        )
    })?;
    let (cfg, warnings) = parse_scheduler_config_value(&v)?;
    Ok((cfg, warnings.into_iter().map(|w| w.en).collect()))
}

/// Parses an already-decoded KubeSchedulerConfiguration; returns warnings too (keyed, for the
/// app's translation).
pub fn parse_scheduler_config_value(
    v: &Value,
) -> Result<(SchedulerConfig, Vec<Text>), ConfigError> {
    let mut warnings = Vec::new();
    match v.get("kind").and_then(Value::as_str) {
        Some("KubeSchedulerConfiguration") => {}
        other => {
            return Err(cerr(
                "kind",
                msg!(
                    "k8s-sched-wrong-kind",
                    "expected KubeSchedulerConfiguration, got {value}",
                    value = crate::cluster::import::Got(other)
                ),
            ))
        }
    }
    match v.get("apiVersion").and_then(Value::as_str) {
        Some("kubescheduler.config.k8s.io/v1") => {}
        other => warnings.push(msg!(
            "k8s-sched-api-version",
            "apiVersion {value} is not kubescheduler.config.k8s.io/v1; reading it as v1",
            value = crate::cluster::import::Got(other)
        )),
    }
    let pct = v
        .get("percentageOfNodesToScore")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if !(0..=100).contains(&pct) {
        return Err(cerr(
            "percentageOfNodesToScore",
            msg!(
                "k8s-sched-out-of-range",
                "{n} must be in {range}",
                n = pct,
                range = "0..=100"
            ),
        ));
    }
    let mut profiles = Vec::new();
    match v.get("profiles") {
        None | Some(Value::Null) => profiles.push(Profile::default()),
        Some(Value::Array(ps)) => {
            for (i, p) in ps.iter().enumerate() {
                let name = p
                    .get("schedulerName")
                    .and_then(Value::as_str)
                    .unwrap_or("default-scheduler");
                let (profile, w) =
                    resolve_profile(name, p).map_err(|e| e.under(&format!("profiles[{i}]")))?;
                warnings.extend(w);
                profiles.push(profile);
            }
        }
        Some(_) => {
            return Err(cerr(
                "profiles",
                msg!("k8s-sched-expected-list", "expected a list"),
            ))
        }
    }
    Ok((
        SchedulerConfig {
            profiles,
            percentage_of_nodes_to_score: pct,
        },
        warnings,
    ))
}

/// (plugin, or `None` for `"*"`; weight) pairs of one plugin list.
type PluginList = Vec<(Option<PluginName>, Option<i64>)>;

fn plugin_list(v: &Value, field: &str) -> Result<PluginList, ConfigError> {
    let mut out = Vec::new();
    let Some(list) = v.get(field) else {
        return Ok(out);
    };
    let Some(list) = list.as_array() else {
        if list.is_null() {
            return Ok(out);
        }
        return Err(cerr(field, plugin_list_expected()));
    };
    for (i, item) in list.iter().enumerate() {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| cerr(format!("{field}[{i}].name"), missing()))?;
        let weight = item.get("weight").and_then(Value::as_i64);
        if name == "*" {
            out.push((None, weight));
        } else {
            let p = PluginName::parse(name).ok_or_else(|| {
                cerr(
                    format!("{field}[{i}].name"),
                    msg!(
                        "k8s-sched-unknown-plugin",
                        "unknown plugin {name}",
                        name = format!("{name:?}")
                    ),
                )
            })?;
            out.push((Some(p), weight));
        }
    }
    Ok(out)
}

/// Applies `disabled` then `enabled` of one plugin set onto `list` (mergePluginSet).
fn merge(list: &mut Vec<(PluginName, i64)>, set: &Value, path: &str) -> Result<(), ConfigError> {
    let disabled = plugin_list(set, "disabled").map_err(|e| e.under(path))?;
    for (p, _) in disabled {
        match p {
            None => list.clear(),
            Some(p) => list.retain(|(q, _)| *q != p),
        }
    }
    let enabled = plugin_list(set, "enabled").map_err(|e| e.under(path))?;
    for (p, w) in enabled {
        let Some(p) = p else {
            return Err(cerr(
                format!("{path}.enabled"),
                msg!("k8s-sched-star-enabled", "\"*\" can only be disabled"),
            ));
        };
        let weight = w.filter(|w| *w > 0).unwrap_or_else(|| p.default_weight());
        if let Some(e) = list.iter_mut().find(|(q, _)| *q == p) {
            e.1 = weight;
        } else {
            list.push((p, weight));
        }
    }
    Ok(())
}

/// Resolves one profile object (`Value::Null` = the default profile).
pub fn resolve_profile(name: &str, p: &Value) -> Result<(Profile, Vec<Text>), ConfigError> {
    let mut warnings = Vec::new();
    let plugins = p.get("plugins").cloned().unwrap_or(Value::Null);
    let mut multi: Vec<(PluginName, i64)> = DEFAULT_PLUGINS.to_vec();
    if let Some(mp) = plugins.get("multiPoint") {
        merge(&mut multi, mp, "plugins.multiPoint")?;
    }
    let mut filters: Vec<(PluginName, i64)> = multi
        .iter()
        .copied()
        .filter(|(p, _)| p.is_filter())
        .collect();
    let mut scores: Vec<(PluginName, i64)> = multi
        .iter()
        .copied()
        .filter(|(p, _)| p.is_score())
        .collect();
    let mut post: Vec<(PluginName, i64)> = multi
        .iter()
        .copied()
        .filter(|(p, _)| *p == DefaultPreemption)
        .collect();
    for (point, list) in [
        ("filter", &mut filters),
        ("preFilter", &mut Vec::new()),
        ("score", &mut scores),
        ("postFilter", &mut post),
    ] {
        if let Some(set) = plugins.get(point) {
            merge(list, set, &format!("plugins.{point}"))?;
        }
    }
    for (p, _) in &filters {
        if !p.is_filter() {
            return Err(cerr(
                "plugins.filter",
                msg!(
                    "k8s-sched-not-filter",
                    "{plugin} is not a filter plugin",
                    plugin = p.as_str()
                ),
            ));
        }
    }
    for (p, _) in &scores {
        if !p.is_score() {
            return Err(cerr(
                "plugins.score",
                msg!(
                    "k8s-sched-not-score",
                    "{plugin} is not a score plugin",
                    plugin = p.as_str()
                ),
            ));
        }
    }
    let mut args = PluginArgs::default();
    if let Some(cfgs) = p.get("pluginConfig").and_then(Value::as_array) {
        for (i, c) in cfgs.iter().enumerate() {
            let path = format!("pluginConfig[{i}]");
            let pname = c.get("name").and_then(Value::as_str).unwrap_or("");
            let a = c.get("args").cloned().unwrap_or(Value::Null);
            match pname {
                "NodeResourcesFit" => {
                    if let Some(s) = a.get("scoringStrategy") {
                        args.fit_scoring =
                            scoring_strategy(s, &format!("{path}.args.scoringStrategy"))?;
                    }
                }
                "NodeResourcesBalancedAllocation" => {
                    if let Some(r) = a.get("resources") {
                        args.balanced_resources = resources(r, &format!("{path}.args.resources"))?;
                    }
                }
                "PodTopologySpread" => {
                    match a.get("defaultingType").and_then(Value::as_str) {
                        None | Some("System") => args.spread_system_defaulting = true,
                        Some("List") => args.spread_system_defaulting = false,
                        Some(other) => {
                            return Err(cerr(
                                format!("{path}.args.defaultingType"),
                                msg!(
                                    "k8s-sched-bad-defaulting-type",
                                    "{value} is not System or List",
                                    value = format!("{other:?}")
                                ),
                            ))
                        }
                    }
                    if let Some(list) = a.get("defaultConstraints").and_then(Value::as_array) {
                        if args.spread_system_defaulting && !list.is_empty() {
                            return Err(cerr(
                                format!("{path}.args.defaultConstraints"),
                                msg!(
                                    "k8s-sched-constraints-with-system",
                                    "must be empty when defaultingType is System"
                                ),
                            ));
                        }
                        for (j, dc) in list.iter().enumerate() {
                            let f = format!("{path}.args.defaultConstraints[{j}]");
                            let max_skew = dc
                                .get("maxSkew")
                                .and_then(Value::as_i64)
                                .filter(|s| *s >= 1)
                                .ok_or_else(|| {
                                    cerr(
                                        format!("{f}.maxSkew"),
                                        msg!("k8s-sched-max-skew", "must be an integer ≥ 1"),
                                    )
                                })?;
                            let key = dc
                                .get("topologyKey")
                                .and_then(Value::as_str)
                                .filter(|k| !k.is_empty())
                                .ok_or_else(|| cerr(format!("{f}.topologyKey"), missing()))?;
                            let when = match dc.get("whenUnsatisfiable").and_then(Value::as_str) {
                                Some("DoNotSchedule") => WhenUnsatisfiable::DoNotSchedule,
                                Some("ScheduleAnyway") => WhenUnsatisfiable::ScheduleAnyway,
                                other => {
                                    return Err(cerr(
                                        format!("{f}.whenUnsatisfiable"),
                                        msg!(
                                            "k8s-sched-bad-when-unsatisfiable",
                                            "{value} is not DoNotSchedule or ScheduleAnyway",
                                            value = crate::cluster::import::Got(other)
                                        ),
                                    ))
                                }
                            };
                            if dc.get("labelSelector").is_some() {
                                return Err(cerr(
                                    format!("{f}.labelSelector"),
                                    msg!(
                                        "k8s-sched-constraint-label-selector",
                                        "default constraints must not have a labelSelector"
                                    ),
                                ));
                            }
                            args.spread_default_constraints
                                .push(TopologySpreadConstraint {
                                    max_skew: max_skew.min(i32::MAX as i64) as i32,
                                    topology_key: key.into(),
                                    when_unsatisfiable: when,
                                    label_selector: None::<LabelSelector>,
                                    min_domains: None,
                                    match_label_keys: vec![],
                                    node_affinity_policy: None,
                                    node_taints_policy: None,
                                });
                        }
                    }
                }
                "NodeAffinity" => {
                    if let Some(added) = a.get("addedAffinity").filter(|v| !v.is_null()) {
                        args.node_affinity_added = Some(added_affinity(
                            added,
                            &format!("{path}.args.addedAffinity"),
                        )?);
                    }
                }
                "InterPodAffinity" => {
                    if let Some(w) = a.get("hardPodAffinityWeight") {
                        let w = w
                            .as_i64()
                            .filter(|w| (0..=100).contains(w))
                            .ok_or_else(|| {
                                cerr(
                                    format!("{path}.args.hardPodAffinityWeight"),
                                    integer_in("0..=100"),
                                )
                            })?;
                        args.hard_pod_affinity_weight = w;
                    }
                }
                other => {
                    if PluginName::parse(other).is_none() {
                        return Err(cerr(
                            format!("{path}.name"),
                            msg!(
                                "k8s-sched-unknown-plugin",
                                "unknown plugin {name}",
                                name = format!("{other:?}")
                            ),
                        ));
                    }
                    warnings.push(msg!(
                        "k8s-sched-args-not-simulated",
                        "{path}: args for {plugin} are not simulated",
                        path,
                        plugin = other
                    ));
                }
            }
        }
    }
    let profile = Profile {
        scheduler_name: name.to_string(),
        filters: filters
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p.is_filter())
            .collect(),
        scores,
        preemption: !post.is_empty(),
        args,
    };
    Ok((profile, warnings))
}

/// `NodeAffinityArgs.addedAffinity` (a `v1.NodeAffinity`).
fn added_affinity(v: &Value, path: &str) -> Result<NodeAffinity, ConfigError> {
    let requirement = |r: &Value, at: &str| -> Result<Requirement, ConfigError> {
        let key = r
            .get("key")
            .and_then(Value::as_str)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| cerr(format!("{at}.key"), missing()))?;
        let operator = match r.get("operator").and_then(Value::as_str) {
            Some("In") => SelectorOperator::In,
            Some("NotIn") => SelectorOperator::NotIn,
            Some("Exists") => SelectorOperator::Exists,
            Some("DoesNotExist") => SelectorOperator::DoesNotExist,
            Some("Gt") => SelectorOperator::Gt,
            Some("Lt") => SelectorOperator::Lt,
            other => {
                return Err(cerr(
                    format!("{at}.operator"),
                    msg!(
                        "k8s-sched-bad-operator",
                        "{value} is not In, NotIn, Exists, DoesNotExist, Gt or Lt",
                        value = crate::cluster::import::Got(other)
                    ),
                ))
            }
        };
        let values = r
            .get("values")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Requirement {
            key: key.into(),
            operator,
            values,
        })
    };
    let term = |t: &Value, at: &str| -> Result<NodeSelectorTerm, ConfigError> {
        let mut out = NodeSelectorTerm::default();
        for (key, list) in [
            ("matchExpressions", &mut out.match_expressions),
            ("matchFields", &mut out.match_fields),
        ] {
            for (i, r) in t
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                list.push(requirement(r, &format!("{at}.{key}[{i}]"))?);
            }
        }
        Ok(out)
    };
    let mut out = NodeAffinity::default();
    let rk = "requiredDuringSchedulingIgnoredDuringExecution";
    if let Some(req) = v.get(rk).filter(|r| !r.is_null()) {
        let terms = req
            .get("nodeSelectorTerms")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                cerr(
                    format!("{path}.{rk}.nodeSelectorTerms"),
                    msg!("k8s-sched-expected-list", "expected a list"),
                )
            })?;
        let mut parsed = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            parsed.push(term(t, &format!("{path}.{rk}.nodeSelectorTerms[{i}]"))?);
        }
        out.required = Some(parsed);
    }
    let pk = "preferredDuringSchedulingIgnoredDuringExecution";
    for (i, p) in v
        .get(pk)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let at = format!("{path}.{pk}[{i}]");
        let weight = p
            .get("weight")
            .and_then(Value::as_i64)
            .filter(|w| (1..=100).contains(w))
            .ok_or_else(|| cerr(format!("{at}.weight"), integer_in("1..=100")))?;
        let preference = term(
            p.get("preference").unwrap_or(&Value::Null),
            &format!("{at}.preference"),
        )?;
        out.preferred.push(PreferredSchedulingTerm {
            weight: weight as i32,
            preference,
        });
    }
    Ok(out)
}

fn resources(v: &Value, path: &str) -> Result<Vec<(String, i64)>, ConfigError> {
    let list = v
        .as_array()
        .ok_or_else(|| cerr(path, plugin_list_expected()))?;
    let mut out = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let name = r
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| cerr(format!("{path}[{i}].name"), missing()))?;
        let weight = r.get("weight").and_then(Value::as_i64).unwrap_or(1);
        if !(1..=100).contains(&weight) {
            return Err(cerr(
                format!("{path}[{i}].weight"),
                msg!(
                    "k8s-sched-out-of-range",
                    "{n} must be in {range}",
                    n = weight,
                    range = "1..=100"
                ),
            ));
        }
        out.push((name.to_string(), weight));
    }
    Ok(out)
}

fn scoring_strategy(v: &Value, path: &str) -> Result<ScoringStrategy, ConfigError> {
    let kind = match v.get("type").and_then(Value::as_str) {
        None | Some("LeastAllocated") => ScoringStrategyType::LeastAllocated,
        Some("MostAllocated") => ScoringStrategyType::MostAllocated,
        Some("RequestedToCapacityRatio") => ScoringStrategyType::RequestedToCapacityRatio,
        Some(other) => {
            return Err(cerr(
                format!("{path}.type"),
                msg!(
                    "k8s-sched-bad-scoring-type",
                    "{value} is not LeastAllocated, MostAllocated or RequestedToCapacityRatio",
                    value = format!("{other:?}")
                ),
            ))
        }
    };
    let mut s = ScoringStrategy {
        kind,
        ..ScoringStrategy::default()
    };
    if let Some(r) = v.get("resources") {
        s.resources = resources(r, &format!("{path}.resources"))?;
    }
    if s.kind == ScoringStrategyType::RequestedToCapacityRatio {
        let shape = v
            .pointer("/requestedToCapacityRatio/shape")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                cerr(
                    format!("{path}.requestedToCapacityRatio.shape"),
                    msg!(
                        "k8s-sched-shape-required",
                        "required for RequestedToCapacityRatio"
                    ),
                )
            })?;
        for (i, pt) in shape.iter().enumerate() {
            let u = pt
                .get("utilization")
                .and_then(Value::as_i64)
                .filter(|u| (0..=100).contains(u))
                .ok_or_else(|| {
                    cerr(
                        format!("{path}.requestedToCapacityRatio.shape[{i}].utilization"),
                        integer_in("0..=100"),
                    )
                })?;
            let sc = pt
                .get("score")
                .and_then(Value::as_i64)
                .filter(|u| (0..=10).contains(u))
                .ok_or_else(|| {
                    cerr(
                        format!("{path}.requestedToCapacityRatio.shape[{i}].score"),
                        integer_in("0..=10"),
                    )
                })?;
            if let Some((prev, _)) = s.shape.last() {
                if u <= *prev {
                    return Err(cerr(
                        format!("{path}.requestedToCapacityRatio.shape[{i}].utilization"),
                        msg!(
                            "k8s-sched-shape-increasing",
                            "utilization values must be increasing"
                        ),
                    ));
                }
            }
            s.shape.push((u, sc));
        }
        if s.shape.is_empty() {
            return Err(cerr(
                format!("{path}.requestedToCapacityRatio.shape"),
                msg!("k8s-sched-must-not-be-empty", "must not be empty"),
            ));
        }
    }
    Ok(s)
}

fn missing() -> Text {
    msg!("k8s-sched-missing", "missing")
}

fn plugin_list_expected() -> Text {
    msg!(
        "k8s-sched-expected-plugin-list",
        "expected a list of {{name, weight}}"
    )
}

fn integer_in(range: &str) -> Text {
    msg!(
        "k8s-sched-integer-in",
        "must be an integer in {range}",
        range
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_has_kube_schedulers_plugins_and_weights() {
        // docs/SEMANTICS.md#k2 (default_plugins.go getDefaultPlugins).
        let p = Profile::default();
        assert_eq!(
            p.filters,
            vec![
                NodeUnschedulable,
                NodeName,
                TaintToleration,
                NodeAffinity,
                NodePorts,
                NodeResourcesFit,
                VolumeRestrictions,
                NodeVolumeLimits,
                VolumeBinding,
                VolumeZone,
                PodTopologySpread,
                InterPodAffinity
            ]
        );
        assert_eq!(
            p.scores,
            vec![
                (TaintToleration, 3),
                (NodeAffinity, 2),
                (NodeResourcesFit, 1),
                (PodTopologySpread, 2),
                (InterPodAffinity, 2),
                (NodeResourcesBalancedAllocation, 1),
                (ImageLocality, 1)
            ]
        );
        assert!(p.preemption);
    }

    #[test]
    fn multipoint_disable_star_then_enable_keeps_only_the_listed_plugins() {
        let src = r#"
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    multiPoint:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit, weight: 5}, {name: TaintToleration}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources: [{name: cpu, weight: 2}, {name: memory, weight: 1}]
"#;
        let (cfg, _) = parse_scheduler_config(src).unwrap();
        let p = &cfg.profiles[0];
        assert_eq!(p.filters, vec![NodeResourcesFit, TaintToleration]);
        assert_eq!(p.scores, vec![(NodeResourcesFit, 5), (TaintToleration, 3)]);
        assert!(!p.preemption);
        assert_eq!(p.args.fit_scoring.kind, ScoringStrategyType::MostAllocated);
        assert_eq!(
            p.args.fit_scoring.resources,
            vec![("cpu".to_string(), 2), ("memory".to_string(), 1)]
        );
    }

    #[test]
    fn per_extension_point_disable_removes_only_that_point() {
        let src = r#"{"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration",
          "profiles":[{"plugins":{"score":{"disabled":[{"name":"ImageLocality"}],"enabled":[{"name":"NodeAffinity","weight":7}]}},
          "pluginConfig":[{"name":"PodTopologySpread","args":{"defaultingType":"List"}},{"name":"InterPodAffinity","args":{"hardPodAffinityWeight":5}}]}]}"#;
        let (cfg, _) = parse_scheduler_config(src).unwrap();
        let p = &cfg.profiles[0];
        assert!(!p.scores.iter().any(|(n, _)| *n == ImageLocality));
        assert!(p.scores.contains(&(NodeAffinity, 7)));
        assert!(p.filters.contains(&NodeAffinity));
        assert!(!p.args.spread_system_defaulting);
        assert_eq!(p.args.hard_pod_affinity_weight, 5);
    }

    #[test]
    fn unknown_plugins_are_errors_naming_the_field() {
        let src = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    filter:\n      enabled: [{name: Bogus}]\n";
        let e = parse_scheduler_config(src).unwrap_err();
        assert_eq!(e.field, "profiles[0].plugins.filter.enabled[0].name");
        assert!(e.message.contains("Bogus"));
    }
}
