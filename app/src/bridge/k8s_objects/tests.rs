//! Table tests of the object lists and of in-place manifest edits: comments and other documents
//! kept byte for byte, broken manifests refused with their line, field and value.

use super::*;
use crate::bridge::cluster as bc;

const SHOP: &str = include_str!("../../../../tests/fixtures/k8s/network/ingress-shop.yaml");
const EBS: &str = include_str!("../../../../tests/fixtures/k8s/ebs-statefulset-3az.yaml");
const RDS: &str = include_str!("../../../../tests/fixtures/designs/eks-ingress-rds.json");

fn design_with(manifests: &str) -> Design {
    let mut d = Design::from_json(RDS).expect("the fixture design");
    d.cluster = Value::String(manifests.to_string());
    d
}

/// A small text with comments around and inside its documents.
const COMMENTED: &str = "# header comment: keep me\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n---\n# the policy under test\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}  # inline comment\n  ingress:\n  - from: [{podSelector: {}}]\n--- # a separator with a comment\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => m["manifests"].as_str().unwrap().to_string(),
        other => panic!("unexpected shape {other}"),
    }
}

const NEW_POLICY: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n";

#[test]
fn replacing_one_object_keeps_every_other_byte() {
    let d = design_with(COMMENTED);
    let v = replace_object(&d, Kind::NetworkPolicy, "shop/web-only", NEW_POLICY).unwrap();
    let after = text_of(&v);
    let (head, rest) = COMMENTED.split_once("# the policy under test").unwrap();
    let tail = &rest[rest.find("--- # a separator").unwrap()..];
    assert_eq!(after, format!("{head}{NEW_POLICY}{tail}"));
    // The same through the events-keeping object shape.
    let mut d2 = d.clone();
    d2.cluster = serde_json::json!({"manifests": COMMENTED, "events": [{"at": "60s", "action": "zoneFailure", "zone": "ap-northeast-2c"}]});
    let v2 = replace_object(&d2, Kind::NetworkPolicy, "shop/web-only", NEW_POLICY).unwrap();
    assert_eq!(text_of(&v2), after);
    assert_eq!(v2["events"], d2.cluster["events"], "saved events are kept");
    // Reading it back gives the typed text.
    let mut d3 = d.clone();
    d3.cluster = v;
    assert_eq!(
        object_yaml(&d3, Kind::NetworkPolicy, "shop/web-only").unwrap(),
        NEW_POLICY
    );
}

#[test]
fn object_yaml_is_the_document_as_written() {
    let d = design_with(COMMENTED);
    let y = object_yaml(&d, Kind::NetworkPolicy, "shop/web-only").unwrap();
    assert!(y.starts_with("# the policy under test\n"), "{y}");
    assert!(y.contains("# inline comment"), "{y}");
    assert!(!y.contains("kind: Service"));
    assert_eq!(
        object_yaml(&d, Kind::Namespace, "shop").unwrap(),
        "# header comment: keep me\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n"
    );
    assert_eq!(object_yaml(&d, Kind::Service, "shop/nope"), None);
}

#[test]
fn broken_manifests_are_refused_with_their_line_field_and_value() {
    struct Case {
        what: &'static str,
        typed: &'static str,
        line: Option<usize>,
        field: &'static str,
        value: &'static str,
        problem: fn(&Problem) -> bool,
    }
    let cases = [
        Case {
            what: "a YAML syntax error names its line and the text there",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop\nspec: {}\n",
            line: Some(4),
            field: "",
            value: "spec: {}",
            problem: |p| matches!(p, Problem::Syntax(_)),
        },
        Case {
            what: "a duplicate key is the guard's refusal, at the second key",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\nspec:\n  podSelector: {}\n  podSelector: {}\n",
            line: Some(6),
            field: "spec.podSelector",
            value: "",
            problem: |p| matches!(p, Problem::Syntax(_)),
        },
        Case {
            what: "another kind in the policy's dialog",
            typed: "apiVersion: v1\nkind: Service\nmetadata: {name: web-only, namespace: shop}\n",
            line: Some(2),
            field: "kind",
            value: "\"Service\"",
            problem: |p| matches!(p, Problem::WrongKind { expected: "NetworkPolicy" }),
        },
        Case {
            what: "no name",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: shop\nspec: {podSelector: {}}\n",
            line: Some(3),
            field: "metadata.name",
            value: "",
            problem: |p| matches!(p, Problem::NoName),
        },
        Case {
            what: "sim refuses an unknown policyTypes entry: its line, field and value",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes:\n  - Ingress\n  - Sideways\n",
            line: Some(9),
            field: "spec.policyTypes[1]",
            value: "\"Sideways\"",
            problem: |p| matches!(p, Problem::Sim(m) if m.en.contains("Sideways") || m.en.contains("Ingress")),
        },
        Case {
            what: "sim refuses a port out of range deep in a rule",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n    ports:\n    - port: 70000\n",
            line: Some(10),
            field: "spec.ingress[0].ports[0].port",
            value: "70000",
            problem: |p| matches!(p, Problem::Sim(_)),
        },
        Case {
            what: "two documents in one dialog",
            typed: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-only, namespace: shop}\n---\nkind: Pod\n",
            line: Some(4),
            field: "",
            value: "---",
            problem: |p| matches!(p, Problem::SeveralDocuments),
        },
        Case {
            what: "nothing typed",
            typed: "  \n",
            line: None,
            field: "",
            value: "",
            problem: |p| matches!(p, Problem::Empty),
        },
    ];
    let d = design_with(COMMENTED);
    for c in &cases {
        let e =
            replace_object(&d, Kind::NetworkPolicy, "shop/web-only", c.typed).expect_err(c.what);
        assert_eq!(e.line, c.line, "{}: {e:?}", c.what);
        assert_eq!(e.field, c.field, "{}: {e:?}", c.what);
        assert_eq!(e.value, c.value, "{}: {e:?}", c.what);
        assert!((c.problem)(&e.problem), "{}: {e:?}", c.what);
        // Worded in both languages, the location first.
        let en = e.text(Lang::En);
        let ko = e.text(Lang::Ko);
        if let Some(l) = c.line {
            assert!(en.starts_with(&format!("Line {l}")), "{en}");
            assert!(ko.starts_with(&format!("{l}행")), "{ko}");
        }
        assert_ne!(en, ko, "{}", c.what);
    }
}

#[test]
fn renaming_onto_another_object_is_refused() {
    let text = format!("{COMMENTED}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: other, namespace: shop}}\nspec: {{podSelector: {{}}}}\n");
    let d = design_with(&text);
    let typed = NEW_POLICY.replace("web-only", "other");
    let e = replace_object(&d, Kind::NetworkPolicy, "shop/web-only", &typed).unwrap_err();
    assert_eq!(e.problem, Problem::Taken("shop/other".into()));
    assert_eq!((e.line, e.field.as_str()), (Some(3), "metadata.name"));
    assert_eq!(
        add_object(&d, Kind::NetworkPolicy, &typed)
            .unwrap_err()
            .problem,
        Problem::Taken("shop/other".into())
    );
}

#[test]
fn adding_and_deleting_touch_one_document() {
    let d = design_with(COMMENTED);
    for kind in Kind::ALL {
        let typed = new_object(&d, kind);
        let v = add_object(&d, kind, &typed).unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
        let after = text_of(&v);
        assert_eq!(after, format!("{COMMENTED}---\n{typed}"), "{kind:?}");
        let mut d2 = d.clone();
        d2.cluster = v;
        let key = docs(&after).last().unwrap().key.clone().unwrap();
        let back = delete_object(&d2, kind, &key).unwrap();
        assert_eq!(
            text_of(&back),
            COMMENTED,
            "{kind:?}: deleting the added one"
        );
    }
    // Deleting a middle document keeps the others and their comments.
    let v = delete_object(&d, Kind::NetworkPolicy, "shop/web-only").unwrap();
    let after = text_of(&v);
    assert!(after.starts_with("# header comment: keep me\n"));
    assert!(!after.contains("NetworkPolicy"));
    assert!(after.contains("kind: Service"));
    assert_eq!(split(&after).len(), 2);
    assert_eq!(
        delete_object(&d, Kind::Service, "shop/missing")
            .unwrap_err()
            .problem,
        Problem::Gone("shop/missing".into())
    );
}

#[test]
fn json_manifests_become_yaml_documents_to_edit() {
    let mut d = design_with("");
    d.cluster = Value::String(
        r#"[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}},{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}]"#.into(),
    );
    let y = object_yaml(&d, Kind::Service, "shop/web").unwrap();
    assert!(y.contains("kind: Service"), "{y}");
    let v = replace_object(&d, Kind::Service, "shop/web", &y.replace("80", "8080")).unwrap();
    assert!(text_of(&v).contains("kind: Namespace"));
    assert!(text_of(&v).contains("port: 8080"));
}

#[test]
fn a_kubectl_list_becomes_one_document_per_item_to_edit() {
    // What `kubectl get ns,svc -o yaml` writes, after a comment-carrying document of our own.
    let listed = "# ours\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops}\n---\napiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n    namespace: shop\n  spec:\n    selector:\n      app: web\n    ports:\n    - port: 80\n";
    let d = design_with(listed);
    let y = object_yaml(&d, Kind::Service, "shop/web").expect("the listed Service is an object");
    assert!(y.starts_with("apiVersion: v1\nkind: Service"), "{y}");
    assert!(object_yaml(&d, Kind::Namespace, "shop").is_some());
    let v = replace_object(
        &d,
        Kind::Service,
        "shop/web",
        &y.replace("port: 80", "port: 8080"),
    )
    .expect("edits like any document");
    let text = text_of(&v);
    assert!(
        text.starts_with("# ours\n"),
        "our document and its comment are kept: {text}"
    );
    assert!(
        text.contains("port: 8080") && !text.contains("kind: List"),
        "{text}"
    );
    assert_eq!(docs(&text).len(), 3, "{text}");
    // Text without a List is returned as it was, byte for byte.
    assert_eq!(expand_lists(COMMENTED.to_string()), COMMENTED);
}

fn lists_at(d: &Design, t: u64) -> ObjectLists {
    let tl = bc::timeline(d, &[], 0).expect("runs");
    let mut c = tl.cursor();
    c.snapshot_at(&tl, t);
    lists(&parse(d), &c.pods(), c.storage())
}

#[test]
fn the_shop_lists_say_what_each_object_does() {
    let l = lists_at(&design_with(SHOP), 60_000);
    let names: Vec<(&str, bool)> = l
        .namespaces
        .iter()
        .map(|n| (n.name.as_str(), n.declared))
        .collect();
    assert_eq!(names, [("shop", true)]);
    assert_eq!(l.namespaces[0].labels, ["kubernetes.io/metadata.name=shop"]);

    let s = &l.services[0];
    assert_eq!(
        (s.key.as_str(), s.kind, s.headless),
        ("shop/web", "NodePort", false)
    );
    assert_eq!(s.ports, ["80:30080 → http/TCP"]);
    assert_eq!(s.selector.as_deref(), Some("app=web"));
    assert_eq!(s.pods, ["shop/web-a", "shop/web-b"]);
    assert_eq!(s.ready, 2);

    let rules: Vec<(Option<&str>, &str)> = l
        .ingresses
        .iter()
        .flat_map(|i| i.rules.iter().map(|(a, b)| (a.as_deref(), b.as_str())))
        .collect();
    assert_eq!(rules, [(Some("*/"), "web:80"), (None, "web:http")]);
    assert_eq!(l.ingresses[0].class.as_deref(), Some("alb"));

    let p = &l.policies[0];
    assert_eq!(p.key, "shop/web-from-alb");
    assert_eq!(p.selector, "app=web");
    assert_eq!(p.pods, ["shop/web-a", "shop/web-b"]);
    assert!(p.isolates_ingress && p.isolates_egress);
    assert_eq!(isolates_text(Lang::En, p), "isolates ingress and egress");
    assert_eq!(isolates_text(Lang::Ko, p), "인그레스와 이그레스 격리");
    assert_eq!(
        rule_text(Lang::En, &p.ingress[0], false),
        "from 10.0.1.0/24 on TCP http"
    );
    assert_eq!(
        rule_text(Lang::Ko, &p.ingress[0], false),
        "출발 10.0.1.0/24 · 포트 TCP http"
    );
    assert_eq!(
        rule_text(Lang::En, &p.egress[0], true),
        "to 10.0.2.0/24 on TCP 5432"
    );
    assert_eq!(
        rule_text(Lang::Ko, &p.egress[0], true),
        "목적지 10.0.2.0/24 · 포트 TCP 5432"
    );
    assert!(l.claims.is_empty());
}

#[test]
fn peers_are_worded_in_each_language() {
    let table: [(PeerLine, &str, &str); 5] = [
        (
            PeerLine::Pods {
                pods: Some("app=api".into()),
                namespaces: None,
            },
            "pods with app=api in this namespace",
            "이 네임스페이스의 app=api 파드",
        ),
        (
            PeerLine::Pods {
                pods: Some("app=api".into()),
                namespaces: Some("team=backend".into()),
            },
            "pods with app=api in namespaces with team=backend",
            "team=backend 네임스페이스의 app=api 파드",
        ),
        (
            PeerLine::Pods {
                pods: None,
                namespaces: Some(String::new()),
            },
            "every pod in namespaces with any labels",
            "모든 레이블 네임스페이스의 모든 파드",
        ),
        (
            PeerLine::Pods {
                pods: Some(String::new()),
                namespaces: None,
            },
            "pods with any labels in this namespace",
            "이 네임스페이스의 모든 레이블 파드",
        ),
        (
            PeerLine::Ip {
                cidr: "10.0.0.0/16".into(),
                except: vec!["10.0.1.0/24".into()],
            },
            "10.0.0.0/16 except 10.0.1.0/24",
            "10.0.0.0/16 (10.0.1.0/24 제외)",
        ),
    ];
    for (p, en, ko) in &table {
        assert_eq!(peer_text(Lang::En, p), *en);
        assert_eq!(peer_text(Lang::Ko, p), *ko);
    }
    let r = RuleLine {
        peers: vec![table[0].0.clone(), table[4].0.clone()],
        ports: vec![],
    };
    assert_eq!(
        rule_text(Lang::En, &r, false),
        "from pods with app=api in this namespace, or 10.0.0.0/16 except 10.0.1.0/24 on every port"
    );
}

#[test]
fn statefulset_claims_are_listed_with_their_zone_and_owner() {
    let mut d = design_with(EBS);
    d.network = sim::network::Design::from_json(RDS).unwrap().network;
    let l = lists_at(&d, 120_000);
    let db: Vec<&ClaimRow> = l.claims.iter().filter(|c| c.owner.is_some()).collect();
    assert!(!db.is_empty(), "{:?}", l.claims);
    for c in &db {
        assert!(c.key.starts_with("default/data-db-"), "{}", c.key);
        assert_eq!(c.owner.as_deref(), Some("default/db"));
        assert_eq!((c.class.as_str(), c.size.as_str()), ("gp3", "10Gi"));
        assert!(!c.declared, "made from a template, not a document");
        if c.bound {
            assert!(c.volume.is_some() && c.zone.is_some(), "{c:?}");
        }
        // Each ordinal's claim is used by that ordinal's pod once it exists.
        if let Some(pod) = &c.pod {
            let ordinal = c.key.rsplit('-').next().unwrap();
            assert_eq!(pod, &format!("default/db-{ordinal}"), "{c:?}");
        }
    }
    assert!(db.iter().any(|c| c.bound), "{db:?}");
    assert!(db.iter().any(|c| c.pod.is_some()), "{db:?}");
}

#[test]
fn a_policy_edit_changes_the_pods_it_selects() {
    let d = design_with(SHOP);
    let before = lists_at(&d, 60_000);
    assert_eq!(before.policies[0].pods.len(), 2);
    let y = object_yaml(&d, Kind::NetworkPolicy, "shop/web-from-alb").unwrap();
    let typed = y.replace(
        "podSelector: {matchLabels: {app: web}}",
        "podSelector: {matchLabels: {app: db}}",
    );
    assert_ne!(typed, y);
    let mut d2 = d.clone();
    d2.cluster = replace_object(&d, Kind::NetworkPolicy, "shop/web-from-alb", &typed).unwrap();
    let after = lists_at(&d2, 60_000);
    assert!(after.policies[0].pods.is_empty());
    assert_eq!(after.services, before.services, "nothing else changed");
}
