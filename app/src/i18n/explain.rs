//! What `sim` tells a learner (lint diagnostics, trace explanations, fixes, notes) in the UI's
//! language. `sim` writes English and records each sentence's message key and arguments
//! (`sim::network::msg`); English shows sim's own text unchanged, Korean renders the message
//! of the same key from `locales/ko/sim-*.ftl` with the same arguments.
//!
//! **Invariants**
//! - English output is byte for byte sim's text (the CLI's and the golden files' text).
//! - A Korean sentence is rendered whole or not at all: if any part of it (the message or a
//!   nested one) is missing or does not format, the learner gets sim's English sentence, never
//!   a mixture of a Korean frame and English parts.
//! - Values (ids, CIDRs, addresses, ports, rule numbers) are passed through untouched.

use sim::cluster::import::{Diagnostic as ManifestDiagnostic, Severity};
use sim::network::msg::{Arg, Msg, Text};
use sim::network::{Blocker, Diagnostic, Fix, Hop, Trace};

use super::{has, tr_args, FluentArgs, FluentValue, Lang};

/// A lint diagnostic's message.
pub fn lint_message(lang: Lang, d: &Diagnostic) -> String {
    in_lang(lang, d.message_msg.as_ref(), &d.message, false)
}

/// A fix's summary ("add 0.0.0.0/0 → igw-1 to rtb-2").
pub fn fix_text(lang: Lang, f: &Fix) -> String {
    in_lang(lang, f.summary_msg.as_ref(), &f.summary, false)
}

/// A hop's explanation, as a sentence.
pub fn hop_explanation(lang: Lang, h: &Hop) -> String {
    in_lang(lang, h.explanation_msg.as_ref(), &h.explanation, true)
}

/// A blocker's explanation, as a sentence.
pub fn blocker_explanation(lang: Lang, b: &Blocker) -> String {
    in_lang(lang, b.explanation_msg.as_ref(), &b.explanation, true)
}

/// The trace's notes (the assumptions its verdict rests on), one per entry.
pub fn trace_notes(lang: Lang, t: &Trace) -> Vec<String> {
    t.notes
        .iter()
        .enumerate()
        .map(|(i, en)| in_lang(lang, t.note_msgs.get(i).and_then(Option::as_ref), en, false))
        .collect()
}

/// A diagnostic of the manifest importer (or of the cluster network's build), as a line:
/// "error: document: field: message" — in English exactly its `Display`; in Korean the
/// severity and the message are translated, the document and the field (names) stay.
pub fn manifest_diagnostic(lang: Lang, d: &ManifestDiagnostic) -> String {
    if lang == Lang::En {
        return d.to_string();
    }
    let severity = match d.severity {
        Severity::Warning => super::tr(lang, "manifest-severity-warning"),
        Severity::Error => super::tr(lang, "manifest-severity-error"),
    };
    let message = in_lang(lang, d.message_msg.as_ref(), &d.message, false);
    if d.field.is_empty() {
        format!("{severity}: {}: {message}", d.document)
    } else {
        format!("{severity}: {}: {}: {message}", d.document, d.field)
    }
}

/// Any of sim's texts (a flow the tracer refused, …), as it is written: no full stop added.
pub fn text(lang: Lang, t: &Text) -> String {
    in_lang(lang, t.msg.as_ref(), &t.en, false)
}

fn in_lang(lang: Lang, msg: Option<&Msg>, en: &str, sentence: bool) -> String {
    if lang == Lang::En {
        return en.to_string();
    }
    match msg.and_then(|m| render(lang, m)) {
        // sim ends a hop's or a blocker's explanation with a full stop; so does Korean.
        Some(mut s) if sentence => {
            if !s.ends_with('.') {
                s.push('.');
            }
            s
        }
        Some(s) => s,
        None => en.to_string(),
    }
}

/// The message in `lang`, or `None` when it or a part of it has no translation that formats.
pub fn render(lang: Lang, m: &Msg) -> Option<String> {
    if !has(lang, m.key) {
        return None;
    }
    let mut args = FluentArgs::new();
    for (name, arg) in &m.args {
        args.set(*name, FluentValue::from(render_arg(lang, arg)?));
    }
    let s = tr_args(lang, m.key, Some(&args));
    // `tr_args` answers with the id itself when the message does not format (a missing
    // variable): that is no translation.
    (s != m.key).then_some(s)
}

fn render_arg(lang: Lang, a: &Arg) -> Option<String> {
    match a {
        Arg::Value(v) => Some(v.clone()),
        Arg::Msg(m) => render(lang, m),
        Arg::List { sep, items } => Some(
            items
                .iter()
                .map(|i| render_arg(lang, i))
                .collect::<Option<Vec<_>>>()?
                .join(sep),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::network::samples::sample_network;
    use sim::network::{lint, Flow, NetworkIndex, SecurityGroupRule, TargetKind};

    /// The sample network with a public subnet's internet route removed and SSH opened to the
    /// world: a lint error with a fix, a warning, and a blocked trace.
    fn broken() -> sim::network::Network {
        let mut net = sample_network();
        net.route_tables[1]
            .routes
            .retain(|r| r.target.kind != TargetKind::Igw);
        net.security_groups[2]
            .ingress
            .push(SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"));
        net
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn english_is_sims_text_and_korean_says_the_same_facts() {
        let diags = lint(&broken());
        let d = diags
            .iter()
            .find(|d| d.code == "PUBLIC_SUBNET_NO_IGW_ROUTE")
            .expect("the broken route is reported");
        assert_eq!(lint_message(Lang::En, d), d.message);
        let ko = lint_message(Lang::Ko, d);
        assert_ne!(ko, d.message);
        assert!(ko.contains("서브넷") && ko.contains(&d.component), "{ko}");
        let f = d.fix.as_ref().expect("a fix");
        assert_eq!(fix_text(Lang::En, f), f.summary);
        let ko_fix = fix_text(Lang::Ko, f);
        assert!(
            ko_fix.contains("0.0.0.0/0") && ko_fix.contains("경로 추가"),
            "{ko_fix}"
        );

        let ssh = diags
            .iter()
            .find(|d| d.code == "SSH_OPEN_TO_WORLD")
            .expect("SSH open to the world is reported");
        let ko = lint_message(Lang::Ko, ssh);
        assert!(
            ko.contains("보안 그룹") && ko.contains("22") && ko.contains("0.0.0.0/0"),
            "{ko}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn hops_and_blockers_are_sentences_in_both_languages() {
        let net = broken();
        let ix = NetworkIndex::build(&net);
        let bastion = &net.instances[0].id;
        let t = ix
            .trace(&Flow::tcp("internet", bastion, 22))
            .expect("a trace");
        assert!(!t.is_reachable(), "{t:#?}");
        let b = &t.blockers[0];
        assert_eq!(blocker_explanation(Lang::En, b), b.explanation);
        let ko = blocker_explanation(Lang::Ko, b);
        assert!(ko.ends_with('.') && ko != b.explanation, "{ko}");
        for h in t.hops.iter().chain(&t.return_hops) {
            assert_eq!(hop_explanation(Lang::En, h), h.explanation);
            let ko = hop_explanation(Lang::Ko, h);
            assert!(ko.ends_with('.') && ko != h.explanation, "{ko}");
        }
        assert_eq!(trace_notes(Lang::En, &t), t.notes);
        let notes = trace_notes(Lang::Ko, &t);
        assert!(notes[0].contains("소스 포트 49152"), "{notes:?}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_missing_translation_falls_back_to_the_whole_english_sentence() {
        let fake = Msg {
            key: "no-such-message",
            args: Vec::new(),
        };
        assert_eq!(render(Lang::Ko, &fake), None);
        // A known message whose nested part has no translation is not rendered half-way.
        let nested = Msg {
            key: "trace-name-vpc",
            args: vec![("id", Arg::Msg(fake))],
        };
        assert_eq!(render(Lang::Ko, &nested), None);
        // A message given too few arguments does not format.
        let short = Msg {
            key: "trace-name-vpc",
            args: Vec::new(),
        };
        assert_eq!(render(Lang::Ko, &short), None);
        let d = Diagnostic::new(
            "CODE",
            sim::network::Severity::Error,
            "c-1",
            "English.",
            None,
        );
        assert_eq!(lint_message(Lang::Ko, &d), "English.");
    }
}

/// Over a battery of real designs (the fixtures, sim's samples, every scenario's start and
/// solution, AWS captures, broken variants of the sample), every lint message and fix, and
/// every hop, blocker and note of the traces between the designs' endpoints, renders in
/// Korean and carries the English's facts. Native only: it reads the fixture files.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod battery {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::{Path, PathBuf};

    use sim::network::msg::{Arg, Msg};
    use sim::network::{
        import_aws_files, import_aws_json, lint, samples, Design, Flow, NaclEntry, Network,
        NetworkIndex, Protocol, RuleAction, SecurityGroupRule, TargetKind,
    };

    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn json_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
    }

    type Mutation = Box<dyn Fn(&mut Network)>;

    /// Broken variants of the sample network, each failing in a different way.
    fn broken_samples() -> Vec<(String, Network)> {
        let edits: Vec<(&str, Mutation)> = vec![
            (
                "no internet route, SSH open, host bits",
                Box::new(|n| {
                    n.route_tables[1]
                        .routes
                        .retain(|r| r.target.kind != TargetKind::Igw);
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"));
                    n.security_groups[2]
                        .ingress
                        .push(SecurityGroupRule::tcp_from_cidr(3306, "0.0.0.0/0", "db"));
                    n.subnets[1].cidr = "10.0.2.7/24".into();
                }),
            ),
            (
                "detached internet gateway",
                Box::new(|n| n.internet_gateways[0].attached_vpc = None),
            ),
            (
                "tiny and overlapping subnets, bad addresses",
                Box::new(|n| {
                    n.subnets[0].cidr = "10.0.1.0/30".into();
                    let mut twin = n.subnets[1].clone();
                    twin.id = "subnet-twin".into();
                    n.subnets.push(twin);
                    n.instances[0].public_ip = Some("300.1.1.1".into());
                    n.instances[0].ipv6_addresses = vec!["not-an-address".into()];
                }),
            ),
            (
                "no outbound rules",
                Box::new(|n| n.security_groups.iter_mut().for_each(|g| g.egress.clear())),
            ),
            (
                "network ACLs deny everything first",
                Box::new(|n| {
                    for a in &mut n.network_acls {
                        for egress in [false, true] {
                            a.entries.push(NaclEntry {
                                rule_number: 1,
                                egress,
                                protocol: Protocol::All,
                                ports: None,
                                icmp: None,
                                cidr: "0.0.0.0/0".into(),
                                action: RuleAction::Deny,
                            });
                        }
                    }
                }),
            ),
            (
                "dangling references",
                Box::new(|n| {
                    n.instances[0].subnet_id = "subnet-gone".into();
                    n.instances[1].security_groups.push("sg-gone".into());
                }),
            ),
        ];
        edits
            .into_iter()
            .map(|(what, edit)| {
                let mut net = samples::sample_network();
                edit(&mut net);
                (format!("sample: {what}"), net)
            })
            .collect()
    }

    fn battery() -> Vec<(String, Network)> {
        let root = repo().join("tests/fixtures");
        let mut out = Vec::new();
        for f in json_files(&root.join("designs")) {
            let d = Design::from_json(&read(&f)).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            out.push((f.display().to_string(), d.network));
        }
        out.push(("sample design".into(), samples::sample_design().network));
        out.push(("hub and spoke".into(), samples::hub_and_spoke(3)));
        for s in sim::scenarios::all() {
            out.push((format!("scenario {} start", s.id), s.start.network.clone()));
            out.push((
                format!("scenario {} solution", s.id),
                s.solution.network.clone(),
            ));
        }
        for f in [
            root.join("aws/full-stack.json"),
            root.join("aws/seed004-broken-bastion.json"),
            root.join("aws/week1-merged.json"),
            root.join("ipv6/dual-stack.json"),
        ] {
            let (net, _) = import_aws_json(&read(&f)).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            out.push((f.display().to_string(), net));
        }
        for dir in ["aws/week1", "aws/privatelink"] {
            let files: Vec<(String, String)> = json_files(&root.join(dir))
                .iter()
                .map(|f| (f.display().to_string(), read(f)))
                .collect();
            let (net, _) = import_aws_files(&files).unwrap_or_else(|e| panic!("{dir}: {e}"));
            out.push((dir.to_string(), net));
        }
        out.extend(broken_samples());
        out
    }

    /// The tokens of a sentence that state facts: every word with a digit in it (ids, CIDRs,
    /// addresses, ports, rule numbers, `EC2.19`).
    fn facts(s: &str) -> Vec<String> {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || "._/-:#*".contains(c)))
            .map(|t| t.trim_end_matches(['.', ':', '-']))
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    }

    /// Every value a message was given (but the English words Korean chooses by), and every
    /// key it uses.
    fn values(m: &Msg, keys: &mut BTreeSet<&'static str>, out: &mut Vec<String>) {
        keys.insert(m.key);
        for (name, a) in &m.args {
            arg_values(name, a, keys, out);
        }
    }

    fn arg_values(name: &str, a: &Arg, keys: &mut BTreeSet<&'static str>, out: &mut Vec<String>) {
        match a {
            Arg::Value(v) if !v.is_empty() && !["dir", "to_from", "action"].contains(&name) => {
                out.push(v.clone())
            }
            Arg::Value(_) => {}
            Arg::Msg(m) => values(m, keys, out),
            Arg::List { items, .. } => items.iter().for_each(|i| arg_values(name, i, keys, out)),
        }
    }

    struct Seen {
        keys: BTreeSet<&'static str>,
        codes: BTreeSet<String>,
        checked: usize,
        /// Flows the tracer refused (an endpoint it does not know), each checked like a hop.
        errors: usize,
    }

    /// The Korean of `en` (rendered from `msg`) says the same facts.
    fn check(seen: &mut Seen, origin: &str, en: &str, msg: Option<&Msg>, ko: &str) {
        let Some(m) = msg else {
            panic!("{origin}: no structured form for {en:?}");
        };
        assert!(
            render(Lang::Ko, m).is_some(),
            "{origin}: {} does not render in Korean ({en:?})",
            m.key
        );
        assert!(!ko.contains('{') && ko != en, "{origin}: {ko:?} for {en:?}");
        // A value is worded as the input writes it, never as Rust's Debug (`Number(81)`).
        assert!(
            !["Number(", "Name(\"", "Some("]
                .iter()
                .any(|d| en.contains(d)),
            "{origin}: a Debug form in {en:?}"
        );
        let mut vals = Vec::new();
        values(m, &mut seen.keys, &mut vals);
        for fact in facts(en).into_iter().chain(vals) {
            // sim capitalises a sentence's first letter, even of an id (`I-0bastion is …`).
            let capitalised =
                en.starts_with(&fact) && ko.to_lowercase().contains(&fact.to_lowercase());
            assert!(
                ko.contains(&fact) || capitalised,
                "{origin}: the Korean lacks `{fact}`\n  en: {en}\n  ko: {ko}"
            );
        }
        seen.checked += 1;
    }

    fn check_lints(seen: &mut Seen, origin: &str, net: &Network) {
        for d in lint(net) {
            seen.codes.insert(d.code.clone());
            let at = format!("{origin}: {}", d.code);
            let ko = lint_message(Lang::Ko, &d);
            check(seen, &at, &d.message, d.message_msg.as_ref(), &ko);
            if let Some(f) = &d.fix {
                check(
                    seen,
                    &at,
                    &f.summary,
                    f.summary_msg.as_ref(),
                    &fix_text(Lang::Ko, f),
                );
            }
        }
    }

    fn endpoints(net: &Network) -> Vec<String> {
        let mut e: Vec<String> = net.instances.iter().map(|i| i.id.clone()).take(8).collect();
        e.extend(net.load_balancers.iter().map(|l| l.id.clone()).take(3));
        e.extend(net.databases.iter().map(|d| d.id.clone()).take(3));
        e.extend(net.vpc_endpoints.iter().map(|v| v.id.clone()).take(3));
        e.extend(
            net.instances
                .iter()
                .filter_map(|i| i.ipv6_addresses.first().cloned())
                .take(3),
        );
        e.push("internet".into());
        // Ends the tracer refuses: an IPv4 literal (against an IPv6 end), an IPv6 host on the
        // internet (against an instance without IPv6) and an address of the first VPC that no
        // interface has.
        e.extend(net.instances.first().map(|i| i.private_ip.clone()));
        e.push("2001:db8::1".into());
        e.extend(
            net.vpcs
                .first()
                .and_then(|v| v.cidr_blocks.first())
                .and_then(|c| sim::network::Cidr::parse(c).ok())
                .map(|c| c.nth(250).to_string())
                .filter(|a| !net.instances.iter().any(|i| &i.private_ip == a)),
        );
        e
    }

    fn check_traces(seen: &mut Seen, origin: &str, net: &Network) {
        let ix = NetworkIndex::build(net);
        let ends = endpoints(net);
        for from in &ends {
            for to in &ends {
                if from == to {
                    continue;
                }
                let icmp = Flow {
                    protocol: Protocol::Icmp,
                    port: None,
                    ..Flow::tcp(from, to, 0)
                };
                for flow in [Flow::tcp(from, to, 22), Flow::tcp(from, to, 443), icmp] {
                    let at = format!("{origin}: {from} → {to} {:?}", flow.port);
                    let t = match ix.trace(&flow) {
                        Ok(t) => t,
                        Err(e) => {
                            let e = e.text();
                            check(seen, &at, &e.en, e.msg.as_ref(), &text(Lang::Ko, &e));
                            seen.errors += 1;
                            continue;
                        }
                    };
                    for h in t.hops.iter().chain(&t.return_hops) {
                        let ko = hop_explanation(Lang::Ko, h);
                        check(seen, &at, &h.explanation, h.explanation_msg.as_ref(), &ko);
                    }
                    for b in &t.blockers {
                        let ko = blocker_explanation(Lang::Ko, b);
                        check(seen, &at, &b.explanation, b.explanation_msg.as_ref(), &ko);
                        if let Some(f) = &b.fix {
                            let ko = fix_text(Lang::Ko, f);
                            check(seen, &at, &f.summary, f.summary_msg.as_ref(), &ko);
                        }
                    }
                    let ko = trace_notes(Lang::Ko, &t);
                    for (i, en) in t.notes.iter().enumerate() {
                        let m = t.note_msgs.get(i).and_then(Option::as_ref);
                        check(seen, &at, en, m, &ko[i]);
                    }
                }
            }
        }
    }

    #[test]
    fn every_lint_and_explanation_of_the_battery_says_the_same_facts_in_korean() {
        let mut seen = Seen {
            keys: BTreeSet::new(),
            codes: BTreeSet::new(),
            checked: 0,
            errors: 0,
        };
        let designs = battery();
        assert!(designs.len() > 20, "only {} designs", designs.len());
        for (origin, net) in &designs {
            check_lints(&mut seen, origin, net);
            check_traces(&mut seen, origin, net);
        }
        // The battery is worth something only if it reaches much of what sim can say.
        assert!(
            seen.checked > 1000,
            "only {} sentences checked",
            seen.checked
        );
        assert!(seen.codes.len() >= 14, "lint codes seen: {:?}", seen.codes);
        for key in [
            "end6-ipv4-literal",
            "end6-no-ipv6-address",
            "end-in-vpc-no-interface",
            "flow-unknown-endpoint",
        ] {
            assert!(seen.keys.contains(key), "no refused flow said {key}");
        }
        assert!(seen.errors > 20, "only {} refused flows", seen.errors);
        assert!(
            seen.keys.len() >= 120,
            "message keys seen: {}",
            seen.keys.len()
        );
    }

    /// Ingresses beside the shop's that the controller would plan differently: an internal
    /// scheme, its own security groups and two rules, no backend, a missing Service, a port the
    /// Service lacks, target type instance on a ClusterIP Service; and a NodePort Service that
    /// keeps the client's address.
    const MORE_SHOP: &str = r#"
---
apiVersion: v1
kind: Service
metadata: {name: web-local, namespace: shop}
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: web-cluster-ip, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: inside
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/security-groups: sg-0k8snode
spec:
  ingressClassName: alb
  rules:
  - host: a.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
  - host: b.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web-local, port: {number: 80}}}}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: empty, namespace: shop}
spec: {ingressClassName: alb}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: gone, namespace: shop}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: gone, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wrong-port, namespace: shop}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 81}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: cluster-ip, namespace: shop}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web-cluster-ip, port: {number: 80}}}
"#;

    /// Every cluster endpoint of `cn`, a few of the VPC's, and some that do not exist.
    fn cluster_ends(cn: &sim::cluster::kubenet::ClusterNetwork) -> Vec<String> {
        let mut e = cn.matrix_endpoints();
        e.extend(cn.nodes.iter().map(|n| format!("node:{}", n.name)));
        e.extend(cn.ingresses.iter().map(|p| format!("ingress:{}", p.key)));
        if let Some(net) = &cn.network {
            e.extend(net.databases.iter().map(|d| d.id.clone()).take(2));
            e.extend(net.instances.iter().map(|i| i.id.clone()).take(2));
        }
        e.push("internet".into());
        e.extend(
            [
                "pod:shop/nope",
                "pod:empty/nope",
                "service:shop/nope",
                "node:nope",
                "ingress:shop/nope",
            ]
            .map(String::from),
        );
        e
    }

    #[test]
    fn every_cluster_trace_sentence_and_endpoint_error_says_the_same_facts_in_korean() {
        let root = repo().join("tests/fixtures");
        let eks = Design::from_json(&read(&root.join("designs/eks-ingress-rds.json"))).unwrap();
        let nodes =
            Design::from_json(&read(&root.join("designs/cluster-network-nodes.json"))).unwrap();
        let shop = read(&root.join("k8s/network/shop.yaml"));
        let ingress_shop = read(&root.join("k8s/network/ingress-shop.yaml")) + MORE_SHOP;
        let cases: [(&str, &str, Option<&Network>); 3] = [
            (
                "ingress-shop on eks-ingress-rds",
                &ingress_shop,
                Some(&eks.network),
            ),
            ("shop on cluster-network-nodes", &shop, Some(&nodes.network)),
            ("shop alone", &shop, None),
        ];
        let mut seen = Seen {
            keys: BTreeSet::new(),
            codes: BTreeSet::new(),
            checked: 0,
            errors: 0,
        };
        let mut errors = 0;
        for (origin, manifests, net) in cases {
            let (cn, _) = sim::cluster::kubenet::ClusterNetwork::build(
                &[("cluster", manifests)],
                net,
                sim::cluster::DEFAULT_SEED,
            );
            let ix = cn.network.as_ref().map(NetworkIndex::build);
            let ends = cluster_ends(&cn);
            for from in &ends {
                for to in &ends {
                    if from == to {
                        continue;
                    }
                    for port in [80, 443, 5432, 8080, 30080, 30081, 30999] {
                        let flow = Flow::tcp(from, to, port);
                        let at = format!("{origin}: {from} → {to} {port}");
                        let t = match cn.trace(ix.as_ref(), &flow) {
                            Ok(t) => t,
                            Err(e) => {
                                // Every refusal, the cluster's and the VPC tracer's, has a key.
                                let e = e.text();
                                check(&mut seen, &at, &e.en, e.msg.as_ref(), &text(Lang::Ko, &e));
                                errors += 1;
                                continue;
                            }
                        };
                        for h in t.hops.iter().chain(&t.return_hops) {
                            let ko = hop_explanation(Lang::Ko, h);
                            check(
                                &mut seen,
                                &at,
                                &h.explanation,
                                h.explanation_msg.as_ref(),
                                &ko,
                            );
                        }
                        for b in &t.blockers {
                            let ko = blocker_explanation(Lang::Ko, b);
                            check(
                                &mut seen,
                                &at,
                                &b.explanation,
                                b.explanation_msg.as_ref(),
                                &ko,
                            );
                        }
                        let ko = trace_notes(Lang::Ko, &t);
                        for (i, en) in t.notes.iter().enumerate() {
                            let m = t.note_msgs.get(i).and_then(Option::as_ref);
                            check(&mut seen, &at, en, m, &ko[i]);
                        }
                    }
                }
            }
        }
        // The battery reaches every sentence this change gave a key.
        for key in [
            "np-replies-allowed",
            "k8s-node-port-no-service",
            "k8s-node-port-hop",
            "k8s-snat-local",
            "k8s-snat-cluster",
            "k8s-hop-on-node",
            "k8s-delivered",
            "k8s-note-manifests-only",
            "k8s-end-no-pod",
            "k8s-end-no-pods-in",
            "k8s-end-no-service",
            "k8s-end-no-node",
            "k8s-end-no-ingress",
            "k8s-end-service-only-destination",
            "k8s-end-ingress-only-destination",
            "ingress-note-subnets-public",
            "ingress-note-subnets-private",
            "ingress-note-first-backend",
            "ingress-note-own-groups",
            "ingress-no-backend",
            "ingress-no-service",
            "ingress-no-such-port",
            "ingress-instance-needs-node-port",
            "flow-unknown-endpoint",
        ] {
            assert!(seen.keys.contains(key), "no trace said {key}");
        }
        assert!(
            errors > 50 && seen.checked > 2000,
            "{errors} errors, {} sentences",
            seen.checked
        );
    }

    #[test]
    fn facts_are_the_words_with_digits() {
        assert_eq!(
            facts("route table rtb-1 (main) sends 10.0.0.0/16 to igw-2, port 443; rule #3."),
            ["rtb-1", "10.0.0.0/16", "igw-2", "443", "#3"]
        );
        assert_eq!(facts("no digits here"), Vec::<String>::new());
    }
}

/// The manifest importer's diagnostics (and the Ingress planner's refusals) in Korean: one
/// broken manifest per family of diagnostic.
#[cfg(test)]
mod manifest_tests {
    use super::*;
    use sim::cluster::import::import_manifests;
    use sim::cluster::kubenet::ClusterNetwork;

    /// Every value the message was given, nested ones included.
    fn values(m: &Msg, out: &mut Vec<String>) {
        for (_, a) in &m.args {
            arg_values(a, out);
        }
    }

    fn arg_values(a: &Arg, out: &mut Vec<String>) {
        match a {
            Arg::Value(v) if !v.is_empty() => out.push(v.clone()),
            Arg::Value(_) => {}
            Arg::Msg(m) => values(m, out),
            Arg::List { items, .. } => items.iter().for_each(|i| arg_values(i, out)),
        }
    }

    /// Runs of three plain English words of `en` (its values taken out): none may be left in a
    /// translation.
    fn english_phrases(en: &str, values: &[String]) -> Vec<String> {
        let mut text = en.to_string();
        for v in values {
            text = text.replace(v.as_str(), " | ");
        }
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(3)
            .filter(|w| w.iter().all(|x| x.chars().all(|c| c.is_ascii_lowercase())))
            .map(|w| w.join(" "))
            .collect()
    }

    fn check(case: &str, d: &ManifestDiagnostic) {
        let en = manifest_diagnostic(Lang::En, d);
        assert_eq!(en, d.to_string(), "{case}: English is sim's line");
        let ko = manifest_diagnostic(Lang::Ko, d);
        let m = d
            .message_msg
            .as_ref()
            .unwrap_or_else(|| panic!("{case}: no key for {en}"));
        assert!(
            render(Lang::Ko, m).is_some(),
            "{case}: {} has no Korean",
            m.key
        );
        assert!(
            ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{case}: {ko}"
        );
        let severity = match d.severity {
            Severity::Error => "오류: ",
            Severity::Warning => "경고: ",
        };
        assert!(ko.starts_with(severity), "{case}: {ko}");
        assert!(ko.contains(&d.document), "{case}: the document in {ko}");
        assert!(ko.contains(&d.field), "{case}: the field in {ko}");
        let mut vals = Vec::new();
        values(m, &mut vals);
        for v in &vals {
            assert!(
                ko.contains(v.as_str()),
                "{case}: `{v}` missing\n en: {en}\n ko: {ko}"
            );
        }
        for phrase in english_phrases(&d.message, &vals) {
            assert!(
                !ko.contains(&phrase),
                "{case}: untranslated `{phrase}`\n en: {en}\n ko: {ko}"
            );
        }
        assert!(!ko.contains("Some(") && !ko.contains('{'), "{case}: {ko}");
        assert!(
            !en.contains("Some(") && !en.contains("None"),
            "{case}: a Debug form in {en}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn each_family_of_manifest_diagnostic_reads_in_korean_with_its_field_and_value() {
        let pod = |spec: &str| {
            format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {spec}\n")
        };
        let cases: Vec<(&str, String, &str)> = vec![
            ("a wrong type", pod("{containers: {name: c}}"), "k8s-import-expected-list"),
            (
                "an unknown kind",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n".into(),
                "k8s-import-unknown-kind",
            ),
            (
                "a missing field",
                "apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n".into(),
                "k8s-import-missing",
            ),
            (
                "a bad quantity",
                pod("{containers: [{name: c, resources: {requests: {cpu: lots}}}]}"),
                "k8s-quantity-invalid",
            ),
            (
                "a negative quantity",
                pod("{containers: [{name: c, resources: {limits: {memory: -1Gi}}}]}"),
                "k8s-import-quantity-negative",
            ),
            (
                "a duplicate name",
                format!("{}---\n{}", pod("{containers: [{name: c}]}"), pod("{containers: [{name: c}]}")),
                "k8s-import-duplicate",
            ),
            (
                "an unknown value",
                pod("{containers: [{name: c}], restartPolicy: Sometimes}"),
                "k8s-import-bad-restart-policy",
            ),
            (
                "an absent value",
                pod("{containers: [{name: c}], topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone}]}"),
                "k8s-import-bad-when-unsatisfiable",
            ),
            (
                "a storage class missing from the manifests",
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: fast}\n".into(),
                "k8s-import-class-assumed",
            ),
            (
                "a storage class's binding mode",
                "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: x}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: Lazy\n".into(),
                "k8s-import-bad-binding-mode",
            ),
            (
                "an access mode",
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteSometimes], resources: {requests: {storage: 1Gi}}}\n".into(),
                "k8s-import-bad-access-mode",
            ),
            (
                "a cron schedule",
                "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: \"99 * * * *\"}\n".into(),
                "k8s-cron-in-field",
            ),
            ("a duplicate key", "a: 1\na: 2\n".into(), "yaml-duplicate-key"),
            ("YAML that does not parse", "[1, 2\n".into(), "k8s-import-not-yaml"),
        ];
        for (case, src, key) in &cases {
            let (_, diags) = import_manifests(src);
            let mut keys = Vec::new();
            for d in &diags {
                check(case, d);
                let m = d.message_msg.as_ref().expect("checked");
                keys.push(m.key);
                if let Some(Arg::Msg(inner)) = m.arg("e").or(m.arg("reason")) {
                    keys.push(inner.key);
                }
            }
            assert!(keys.contains(key), "{case}: {key} not among {keys:?}");
        }

        // The Ingress planner's refusal of an annotation, from the cluster network's build.
        let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n  annotations: {alb.ingress.kubernetes.io/scheme: sideways}\nspec:\n  ingressClassName: alb\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n";
        let net = sim::network::samples::sample_network();
        let (_, diags) = ClusterNetwork::build(&[("m", ingress)], Some(&net), 1);
        let refusal = diags
            .iter()
            .find(|d| d.document == "Ingress shop/web")
            .unwrap_or_else(|| panic!("{diags:?}"));
        check("an Ingress annotation", refusal);
        assert_eq!(
            refusal.message_msg.as_ref().map(|m| m.key),
            Some("ingress-bad-scheme")
        );
        assert!(manifest_diagnostic(Lang::Ko, refusal).contains("\"sideways\""));
    }

    /// Every diagnostic of `diags` passes [`check`]; their keys (nested ones included).
    fn checked_keys(case: &str, diags: &[ManifestDiagnostic]) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for d in diags {
            check(case, d);
            let m = d.message_msg.as_ref().expect("checked");
            keys.push(m.key);
            if let Some(Arg::Msg(inner)) = m.arg("e") {
                keys.push(inner.key);
            }
        }
        keys
    }

    /// The readers of Services, Ingresses, NetworkPolicies and Namespaces, and of the
    /// KubeSchedulerConfiguration, in Korean: one broken object per family of refusal.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn each_family_of_object_and_scheduler_config_diagnostic_reads_in_korean() {
        use sim::cluster::kubenet::objects::parse_objects;
        let svc = |spec: &str| {
            format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: shop}}\nspec: {spec}\n")
        };
        let policy = |spec: &str| {
            format!("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: np, namespace: shop}}\nspec: {spec}\n")
        };
        let objects: Vec<(&str, String, &str)> = vec![
            (
                "a wrong type",
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: [team]}\n".into(),
                "k8s-obj-expected-string-map",
            ),
            ("an unknown value", svc("{type: Magic, ports: [{port: 80}]}"), "k8s-obj-bad-service-type"),
            (
                "a missing field",
                "apiVersion: v1\nkind: Namespace\nmetadata: {labels: {a: b}}\n".into(),
                "k8s-obj-needs-name",
            ),
            ("a bad port", svc("{ports: [{port: 70000}]}"), "k8s-obj-expected-port"),
            ("a port without a number", svc("{ports: [{port: 70000}]}"), "k8s-obj-service-port-needs-number"),
            ("a bad target port", svc("{ports: [{port: 80, targetPort: 0}]}"), "k8s-obj-port-range"),
            (
                "a bad selector",
                policy("{podSelector: {matchExpressions: [{key: app, operator: Exists, values: [web]}]}}"),
                "k8s-obj-selector-takes-no-values",
            ),
            ("a selector of the wrong type", policy("{podSelector: [app]}"), "k8s-obj-expected-selector"),
            (
                "a bad ipBlock CIDR",
                policy("{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}"),
                "k8s-obj-bad-ip-block-cidr",
            ),
            (
                "an except outside its ipBlock",
                policy("{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [192.168.0.0/24]}}]}]}"),
                "k8s-obj-except-outside",
            ),
            (
                "an endPort below its port",
                policy("{podSelector: {}, ingress: [{ports: [{port: 8080, endPort: 80}]}]}"),
                "k8s-obj-end-port-below",
            ),
            ("a policy type", policy("{podSelector: {}, policyTypes: [Sideways]}"), "k8s-obj-bad-policy-type"),
            (
                "an unknown selector operator",
                policy("{podSelector: {matchExpressions: [{key: app, operator: Near}]}}"),
                "k8s-obj-bad-selector-operator",
            ),
            (
                "an Ingress backend",
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: {defaultBackend: {resource: {kind: Bucket, name: b}}}\n".into(),
                "k8s-obj-backend-not-service",
            ),
        ];
        for (case, src, key) in &objects {
            let (_, diags) = parse_objects(&[("m", src.as_str())]);
            let keys = checked_keys(case, &diags);
            assert!(keys.contains(key), "{case}: {key} not among {keys:?}");
        }

        let sched = |profile: &str| {
            format!("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{profile}]\n")
        };
        let configs: Vec<(&str, String, &str)> = vec![
            (
                "a bad plugin",
                sched("{plugins: {filter: {enabled: [{name: Bogus}]}}}"),
                "k8s-sched-unknown-plugin",
            ),
            (
                "a bad resource weight",
                sched("{pluginConfig: [{name: NodeResourcesBalancedAllocation, args: {resources: [{name: cpu, weight: 500}]}}]}"),
                "k8s-sched-out-of-range",
            ),
            (
                "a bad affinity weight",
                sched("{pluginConfig: [{name: InterPodAffinity, args: {hardPodAffinityWeight: 500}}]}"),
                "k8s-sched-integer-in",
            ),
            (
                "a plugin list of the wrong type",
                sched("{plugins: {score: {disabled: yes}}}"),
                "k8s-sched-expected-plugin-list",
            ),
            (
                "a score plugin among the filters",
                sched("{plugins: {filter: {enabled: [{name: ImageLocality}]}}}"),
                "k8s-sched-not-filter",
            ),
            (
                "another API version",
                "apiVersion: kubescheduler.config.k8s.io/v1beta9\nkind: KubeSchedulerConfiguration\nprofiles: []\n".into(),
                "k8s-sched-api-version",
            ),
            (
                "an absent whenUnsatisfiable",
                sched("{pluginConfig: [{name: PodTopologySpread, args: {defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone}]}}]}"),
                "k8s-sched-bad-when-unsatisfiable",
            ),
            (
                "a taint without its effect",
                "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec: {taints: [{key: k}]}\n".into(),
                "k8s-import-bad-node-taint-effect",
            ),
            (
                "args the simulator does not read",
                sched("{pluginConfig: [{name: TaintToleration, args: {}}]}"),
                "k8s-sched-args-not-simulated",
            ),
        ];
        for (case, src, key) in &configs {
            let (_, diags) = sim::cluster::import::import_manifests(src);
            let keys = checked_keys(case, &diags);
            assert!(keys.contains(key), "{case}: {key} not among {keys:?}");
        }
    }
}
