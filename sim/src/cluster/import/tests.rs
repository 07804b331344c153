//! Manifest import tests: documents load in order, every error names the document and the
//! field, and broken or absurd input is an `Err` or a warning, never a panic.

use super::*;

#[test]
fn yaml_multi_document_manifests_load_in_order() {
    let src = r#"
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {topology.kubernetes.io/zone: us-east-1a}}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "17"}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: c
    image: nginx
    resources: {requests: {cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: bound}
spec: {nodeName: n1, containers: [{name: c, image: x, resources: {requests: {cpu: "1e0"}}}]}
"#;
    let (m, diags) = import_manifests(src);
    assert!(diags.is_empty(), "{diags:?}");
    let c = &m.cluster;
    assert_eq!(c.nodes[0].allocatable.milli_cpu, 2000);
    assert_eq!(c.nodes[0].allocatable.memory, 4 << 30);
    assert_eq!(c.nodes[0].allowed_pod_number, 17);
    assert_eq!(
        c.nodes[0].labels.get(LABEL_HOSTNAME).map(String::as_str),
        Some("n1")
    );
    assert_eq!(c.pods[0].key(), "shop/web");
    assert_eq!(c.pods[0].requests.milli_cpu, 500);
    assert_eq!(c.pods[0].requests.memory, 256 << 20);
    assert_eq!(c.pods[1].node_name.as_deref(), Some("n1"));
    assert_eq!(
        c.pods[1].phase,
        PodPhase::Running,
        "a bound pod counts as existing"
    );
    assert_eq!(c.pods[1].requests.milli_cpu, 1000);
}

#[test]
fn json_lists_are_unpacked() {
    let src = r#"{"apiVersion":"v1","kind":"List","items":[
      {"apiVersion":"v1","kind":"Node","metadata":{"name":"a"},"status":{"capacity":{"cpu":"4","memory":"8Gi","pods":110}}},
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}]}"#;
    let (m, diags) = import_manifests(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m.cluster.nodes.len(), 1);
    assert_eq!(m.cluster.services[0].ports, vec![80]);
}

#[test]
fn errors_name_the_document_and_the_field() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {requests: {cpu: lots}}\n";
    let (m, diags) = import_manifests(src);
    assert!(
        m.cluster.pods.is_empty(),
        "a document with an error is skipped"
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Error);
    assert_eq!(diags[0].document, "manifest#1 Pod p");
    assert_eq!(diags[0].field, "spec.containers[0].resources.requests.cpu");
    assert!(diags[0].message.contains("lots"), "{}", diags[0].message);
}

#[test]
fn unknown_kinds_are_reported_and_skipped() {
    let src = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {allocatable: {cpu: 1, memory: 1Gi, pods: 10}}\n";
    let (m, diags) = import_manifests(src);
    assert_eq!(m.cluster.nodes.len(), 1);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(diags[0].message.contains("ConfigMap"));
}

#[test]
fn partial_manifests_load_with_warnings() {
    // kube-scheduler's own tests build nodes without pods capacity and pods without containers.
    let src = "kind: Node\napiVersion: v1\nmetadata: {name: n, labels: {node.kubernetes.io/instance-type: m5.large}}\nstatus: {allocatable: {cpu: 2, memory: 8Gi}}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec: {containers: []}\n";
    let (m, diags) = import_manifests(src);
    assert_eq!(m.cluster.nodes.len(), 1);
    assert_eq!(m.cluster.pods.len(), 1);
    assert_eq!(
        m.cluster.nodes[0].allowed_pod_number, 29,
        "m5.large: 3 × (10 − 1) + 2"
    );
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].field, "status.allocatable.pods");
    assert_eq!(diags[1].field, "spec.containers");
}

#[test]
fn deployments_get_rolling_update_defaults_and_scheduler_configs_are_read() {
    let src = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles: [{schedulerName: default-scheduler, pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: MostAllocated}}}]}]
"#;
    let (m, diags) = import_manifests(src);
    assert!(diags.is_empty(), "{diags:?}");
    let d = &m.cluster.deployments[0];
    assert_eq!(d.replicas, 3);
    assert_eq!(d.max_surge, IntOrPercent::Percent(25));
    assert_eq!(d.max_unavailable, IntOrPercent::Percent(25));
    let cfg = m.scheduler_config.expect("config");
    assert_eq!(
        cfg.profiles[0].args.fit_scoring.kind,
        crate::cluster::config::ScoringStrategyType::MostAllocated
    );
}

#[test]
fn broken_yaml_is_an_error_not_a_panic() {
    let (m, diags) = import_manifests("kind: Pod\nmetadata: {name: [unclosed\n");
    assert!(m.cluster.pods.is_empty());
    assert_eq!(diags[0].severity, Severity::Error);
    assert!(diags[0].message.starts_with("not valid YAML/JSON"));
}

#[test]
fn duplicate_names_are_errors_like_already_exists() {
    let src = "kind: Node\napiVersion: v1\nmetadata: {name: n}\nstatus: {allocatable: {pods: 1}}\n---\nkind: Node\napiVersion: v1\nmetadata: {name: n}\nstatus: {allocatable: {pods: 1}}\n";
    let (m, diags) = import_manifests(src);
    assert_eq!(m.cluster.nodes.len(), 1);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].document, "manifest#2 Node n");
}

#[test]
fn not_ready_nodes_carry_the_condition_taint() {
    let src = "kind: Node\napiVersion: v1\nmetadata: {name: n}\nstatus: {allocatable: {pods: 1}, conditions: [{type: Ready, status: 'False'}]}\n";
    let (m, _) = import_manifests(src);
    let n = &m.cluster.nodes[0];
    assert_eq!(n.ready, ConditionStatus::False);
    assert_eq!(n.taints[0].key, TAINT_NOT_READY);
    assert_eq!(n.taints[0].effect, TaintEffect::NoSchedule);
}

#[test]
fn absurdly_large_quantities_are_rejected_instead_of_overflowing() {
    let src = "kind: Node\napiVersion: v1\nmetadata: {name: n}\nstatus: {allocatable: {memory: 8Ei, pods: 1}}\n";
    let (m, diags) = import_manifests(src);
    assert!(m.cluster.nodes.is_empty());
    assert_eq!(diags[0].field, "status.allocatable.memory");
}

#[test]
fn every_diagnostic_of_the_importer_carries_its_message_key() {
    // One broken document per family of diagnostic; each must say its English with a key
    // (the app words it in Korean from the key), and the English stays the `Display`'s.
    let cases = [
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, resources: {requests: {cpu: lots}}}]}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}], restartPolicy: Sometimes}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: \"0 * 1 * *\", jobTemplate: {spec: {template: {spec: {containers: [{name: c}]}}}}}\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: \"99 * * * *\"}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}], topologySpreadConstraints: [{maxSkew: 0, topologyKey: \"\"}]}\n",
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteSometimes], resources: {requests: {storage: 1Gi}}, storageClassName: fast}\n",
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: fast}\n",
        "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {taints: [{key: k}]}\n",
        "a: 1\na: 2\n",
        "[1, 2\n",
    ];
    let mut keys = std::collections::BTreeSet::new();
    for src in cases {
        let (_, diags) = import_manifests(src);
        assert!(!diags.is_empty(), "{src}");
        for d in &diags {
            let m = d
                .message_msg
                .as_ref()
                .unwrap_or_else(|| panic!("no key for {d}"));
            assert!(
                crate::network::msg::KEYS.iter().any(|(k, _)| *k == m.key),
                "{}",
                m.key
            );
            keys.insert(m.key);
        }
    }
    for k in [
        "k8s-quantity-invalid",
        "k8s-import-unknown-kind",
        "k8s-import-missing",
        "k8s-import-bad-restart-policy",
        "k8s-import-duplicate",
        "k8s-cron-days-assumed",
        "k8s-import-bad-schedule",
        "k8s-import-at-least-one",
        "k8s-import-bad-access-mode",
        "k8s-import-class-assumed",
        "k8s-import-bad-node-taint-effect",
        "yaml-duplicate-key",
        "k8s-import-not-yaml",
    ] {
        assert!(keys.contains(k), "{k} not reached: {keys:?}");
    }
}

#[test]
fn a_quantity_errors_text_is_its_display() {
    for input in [
        "",
        "x",
        "1e99",
        "1Q",
        "1eq",
        "99999999999999999999999999999999999999999",
    ] {
        let e = crate::cluster::quantity::parse_value(input).unwrap_err();
        let t = e.text();
        assert_eq!(t.en, e.to_string());
        assert!(t.msg.is_some());
        assert!(
            !matches!(
                t.msg.unwrap().arg("why"),
                Some(crate::network::msg::Arg::Value(_))
            ),
            "{input}: the reason has a key"
        );
    }
}
