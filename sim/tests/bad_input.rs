//! Inputs that used to load silently wrong (issue #13): each is now an error naming the
//! field path and the value, or the lines involved.

use sim::cluster::sim::parse_events;
use sim::cluster::{import_manifest_files, parse_scheduler_config, Severity};
use sim::grade::Rubric;

/// 3,000 parser events and 1,000 alias uses: under serde_norway's repetition limit, but
/// 2,000,000 nodes once expanded.
fn alias_bomb(key: &str) -> String {
    let anchor = vec!["x"; 2000].join(", ");
    let uses = vec!["*a"; 1000].join(", ");
    format!("anchor: &a [{anchor}]\n{key}: [{uses}]\n")
}

#[test]
fn a_duplicate_kind_does_not_turn_a_node_into_a_pod() {
    let src = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nkind: Pod\n";
    let (m, diags) = import_manifest_files(&[("nodes.yaml", src)]);
    assert!(m.cluster.pods.is_empty() && m.cluster.nodes.is_empty());
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        d.to_string(),
        "error: nodes.yaml#1: kind: duplicate key `kind` at line 5 (first at line 2); give each key once"
    );
}

#[test]
fn a_duplicate_key_in_a_later_document_keeps_the_earlier_ones() {
    let src = "kind: Node\nmetadata: {name: n1}\n---\nkind: Pod\nmetadata:\n  name: p\n  name: q\n";
    let (m, diags) = import_manifest_files(&[("m.yaml", src)]);
    assert_eq!(m.cluster.nodes.len(), 1);
    let d = diags
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert_eq!(d.document, "m.yaml#2");
    assert_eq!(d.field, "metadata.name");
}

#[test]
fn a_duplicate_key_in_json_manifests_is_an_error() {
    let src = "{\"kind\": \"Node\",\n \"kind\": \"Pod\", \"metadata\": {\"name\": \"n\"}}";
    let (_, diags) = import_manifest_files(&[("m.json", src)]);
    assert!(
        diags[0].message.contains("at line 2 (first at line 1)"),
        "{diags:?}"
    );
}

#[test]
fn a_duplicate_key_in_an_events_file_is_an_error() {
    let err = parse_events(
        "events:\n  - at: 10s\n    action: nodeFailure\n    action: drain\n    node: n1\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "events[0].action: duplicate key `action` at line 4 (first at line 3); give each key once"
    );
}

#[test]
fn a_duplicate_key_in_a_scheduler_config_is_an_error() {
    let err = parse_scheduler_config(
        "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nkind: Other\n",
    )
    .unwrap_err();
    assert_eq!(err.field, "kind");
    assert!(err.message.contains("line 3 (first at line 2)"));
}

#[test]
fn a_duplicate_key_in_a_rubric_names_the_line() {
    let err = Rubric::parse("r.yaml", "title: a\ntitle: b\nchecks: []\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("r.yaml:2: field `title`: duplicate key `title`"),
        "{err}"
    );
}

#[test]
fn alias_bombs_are_refused_by_every_yaml_reader_before_they_expand() {
    let (_, diags) = import_manifest_files(&[("bomb.yaml", &alias_bomb("items"))]);
    assert!(
        diags[0]
            .message
            .contains("expands to more than 1000000 nodes"),
        "{diags:?}"
    );
    let err = parse_events(&alias_bomb("events")).unwrap_err().to_string();
    assert!(err.contains("expands to more than"), "{err}");
    let err = parse_scheduler_config(&alias_bomb("profiles"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("the document expands"), "{err}");
    let err = Rubric::parse("rubric.yaml", &alias_bomb("tiers"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("rubric.yaml: line "), "{err}");
    assert!(err.contains("the document expands"), "{err}");
}

/// Three nodes in one zone, so one failing is not a full zone disruption (which stops evictions).
const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {topology.kubernetes.io/zone: a}}\nstatus: {allocatable: {cpu: '2', memory: 4Gi, pods: '10'}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2, labels: {topology.kubernetes.io/zone: a}}\nstatus: {allocatable: {cpu: '2', memory: 4Gi, pods: '10'}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n3, labels: {topology.kubernetes.io/zone: a}}\nstatus: {allocatable: {cpu: '2', memory: 4Gi, pods: '10'}}\n";

fn world(pod_spec: &str, events: &str) -> sim::cluster::sim::World {
    let src = format!(
        "{NODE}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p, labels: {{app: p}}}}\nspec:\n{pod_spec}"
    );
    let (m, diags) = import_manifest_files(&[("m.yaml", &src)]);
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
    sim::cluster::sim::World::new(
        m.cluster,
        Default::default(),
        parse_events(events).unwrap(),
        1,
        Default::default(),
    )
}

#[test]
fn toleration_seconds_at_i64_max_never_evicts() {
    let spec = "  nodeName: n1\n  containers: [{name: c, image: x}]\n  tolerations:\n  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 9223372036854775807}\n  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 9223372036854775807}\n";
    let mut w = world(
        spec,
        "events:\n- {at: 10s, action: nodeFailure, node: n1}\n",
    );
    w.run_until(3_600_000);
    let evictions: Vec<_> = w
        .log()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction")
        .collect();
    assert!(evictions.is_empty(), "{evictions:?}");
    assert!(
        w.log().iter().any(|e| e.reason == "NodeNotReady"),
        "the node did fail"
    );
    assert_eq!(w.snapshot().pods[0].node.as_deref(), Some("n1"));
}

#[test]
fn readiness_probe_fields_at_i64_max_saturate_instead_of_failing_after_a_second() {
    let max = i64::MAX;
    let spec = format!("  containers:\n  - name: c\n    image: x\n    readinessProbe: {{periodSeconds: {max}, failureThreshold: {max}, successThreshold: {max}}}\n");
    let mut w = world(
        &spec,
        "events:\n- {at: 10s, action: readinessFailure, pod: p, duration: 5s}\n",
    );
    w.run_until(3_600_000);
    assert!(w.snapshot().pods[0].ready, "{:?}", w.log());

    let spec = format!("  containers:\n  - name: c\n    image: x\n    readinessProbe: {{initialDelaySeconds: {max}}}\n");
    let mut w = world(&spec, "events: []\n");
    w.run_until(3_600_000);
    let pod = &w.snapshot().pods[0];
    assert!(
        pod.node.is_some() && !pod.ready,
        "never ready within the hour"
    );
}

#[test]
fn a_duplicate_key_in_a_design_is_an_error() {
    let err = sim::network::Design::from_json("{\"version\": 1,\n \"version\": 1}")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "design field `version`: duplicate key `version` at line 2 (first at line 1); give each key once"
    );
}

#[test]
fn the_parsers_own_repetition_limit_is_reported_without_an_empty_path_segment() {
    // Billion laughs: 10 levels of 10 aliases trips serde_norway's own repetition limit.
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let uses = vec![format!("*a{p}"); 10].join(", ");
        src.push_str(&format!("a{i}: &a{i} [{uses}]\n"));
    }
    let err = parse_scheduler_config(&src).unwrap_err().to_string();
    assert!(
        err.starts_with("not valid YAML/JSON: repetition limit exceeded"),
        "{err}"
    );
}

#[test]
fn a_readiness_probe_field_below_its_minimum_is_an_error_not_clamped() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: x, readinessProbe: {periodSeconds: -5}}\n";
    let (_, diags) = import_manifest_files(&[("p.yaml", src)]);
    let d = diags
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("refused");
    assert_eq!(d.field, "spec.containers[0].readinessProbe.periodSeconds");
    assert_eq!(d.message, "-5 is below the minimum of 1");
}
