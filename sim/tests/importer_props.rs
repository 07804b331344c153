//! Property tests for every importer (issue 13, "fuzzing as a habit"): arbitrary bytes and
//! structurally valid but wrong documents — a stored fixture with one value replaced by the wrong
//! type, an extreme number, an unknown word, or a key removed — never panic, give the same answer
//! twice, and either load or give an error that names where (the file, the field path or line).
//! Share-link fragments (`sim::share`, which the app and `stratosim grade LINK` both use) are
//! fuzzed at every layer: the fragment's parameters, the base64url text, the deflate stream and
//! the design JSON inside. Terraform has its own in `terraform_props.rs`. Case counts stay small
//! so CI stays fast.

use proptest::prelude::*;
use serde_json::Value;
use sim::cluster::sim::parse_events;
use sim::cluster::{import_manifest_files, parse_scheduler_config, Severity};
use sim::grade::Rubric;
use sim::network::{import_aws_files, Design};
use sim::share;

const AWS: &str = include_str!("../../tests/fixtures/aws/full-stack.json");
/// The PrivateLink capture's interface-endpoint, interface and prefix-list files (E5–E8, M1–M3).
const PRIVATELINK: &[&str] = &[
    include_str!("../../tests/fixtures/aws/privatelink/describe-vpc-endpoints.json"),
    include_str!("../../tests/fixtures/aws/privatelink/describe-network-interfaces.json"),
    include_str!("../../tests/fixtures/aws/privatelink/describe-managed-prefix-lists.json"),
    include_str!("../../tests/fixtures/aws/privatelink/describe-security-groups.json"),
];
const IPV6: &str = include_str!("../../tests/fixtures/ipv6/dual-stack.json");
const DESIGN: &str = include_str!("../../tests/fixtures/designs/bastion-no-igw-route.json");
const MANIFESTS: &str = include_str!("../../tests/fixtures/k8s/three-node-two-az.yaml");
const EVENTS: &str = include_str!("../../tests/fixtures/k8s/kill-node-a1.yaml");
const RUBRIC: &str = include_str!("../scenarios/vpc-week1/rubric.yaml");
const SCHEDULER_CONFIG: &str = "apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 50
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      disabled: [{name: ImageLocality}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
";

/// Wrong values a document might carry where something else belongs.
const WRONG: &[&str] = &[
    "null",
    "-1",
    "9223372036854775807",
    "1e308",
    "\"banana\"",
    "[]",
    "{}",
    "true",
    "\"10.0.0.0/33\"",
    "\"\"",
    "\"2600:1f18::/129\"",
    "\"::zz\"",
    "\"::/0\"",
];

/// Same rule as `adversarial.rs`: not empty, no empty path segment, and holds `needle`.
fn names_a_location(message: &str, needle: &str) -> bool {
    !message.trim().is_empty()
        && !message.starts_with(':')
        && !message.contains(": : ")
        && message.contains(needle)
}

/// Every leaf of a JSON value, as a mutable reference, in document order.
fn leaves(v: &mut Value) -> Vec<&mut Value> {
    match v {
        Value::Array(a) => a.iter_mut().flat_map(leaves).collect(),
        Value::Object(m) => m.values_mut().flat_map(leaves).collect(),
        leaf => vec![leaf],
    }
}

/// A JSON document with leaf `at` (modulo the leaf count) replaced by `WRONG[with]`, or, when
/// `drop` is set, the first key of the object holding it removed.
fn mutate_json(text: &str, at: usize, with: usize, drop: bool) -> String {
    let mut v: Value = serde_json::from_str(text).expect("fixtures are JSON");
    if drop {
        let objects = count_objects(&v);
        if objects > 0 {
            drop_key(&mut v, &mut (at % objects), with);
        }
    } else {
        let mut all = leaves(&mut v);
        let n = all.len();
        *all[at % n] = serde_json::from_str(WRONG[with % WRONG.len()]).expect("valid JSON");
    }
    serde_json::to_string_pretty(&v).expect("serialises")
}

fn count_objects(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(count_objects).sum(),
        Value::Object(m) => 1 + m.values().map(count_objects).sum::<usize>(),
        _ => 0,
    }
}

/// Removes key `key` (modulo its key count) of the `*nth` object in document order.
fn drop_key(v: &mut Value, nth: &mut usize, key: usize) -> bool {
    match v {
        Value::Array(a) => a.iter_mut().any(|x| drop_key(x, nth, key)),
        Value::Object(m) => {
            if *nth == 0 {
                if let Some(k) = m.keys().nth(key % m.len().max(1)).cloned() {
                    m.remove(&k);
                }
                return true;
            }
            *nth -= 1;
            m.values_mut().any(|x| drop_key(x, nth, key))
        }
        _ => false,
    }
}

/// A YAML document with the value after `key:` on line `at` replaced by `WRONG[with]`.
fn mutate_yaml(text: &str, at: usize, with: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(": "))
        .collect();
    if candidates.is_empty() {
        return text.to_string();
    }
    let i = candidates[at % candidates.len()];
    let (key, _) = lines[i].split_once(": ").expect("has ': '");
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[i] = format!("{key}: {}", WRONG[with % WRONG.len()]);
    out.join("\n") + "\n"
}

/// Runs each importer on `text` (as the file `name`); `Err` describes a failure of the rule.
fn check_all(name: &str, text: &str) -> Result<(), String> {
    let aws = || import_aws_files(&[(name.to_string(), text.to_string())]).map(|_| ());
    let first = aws();
    if first != aws() {
        return Err("aws: two runs differ".into());
    }
    if let Err(e) = first {
        let e = e.to_string();
        if !names_a_location(&e, name) {
            return Err(format!("aws: no location in `{e}`"));
        }
    }
    if let Err(e) = Design::from_json(text) {
        let e = e.to_string();
        if !names_a_location(&e, "") {
            return Err(format!("design: no location in `{e}`"));
        }
    }
    let (_, diags) = import_manifest_files(&[(name, text)]);
    if let Some(d) = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .find(|d| !names_a_location(d, &format!("{name}#")))
    {
        return Err(format!("manifests: no location in `{d}`"));
    }
    if let Err(e) = parse_events(text) {
        if e.location.is_empty() || !names_a_location(&e.to_string(), "") {
            return Err(format!("events: no location in `{e}`"));
        }
    }
    if let Err(e) = parse_scheduler_config(text) {
        let e = e.to_string();
        if !names_a_location(&e, "") {
            return Err(format!("scheduler config: no location in `{e}`"));
        }
    }
    if let Err(e) = Rubric::parse(name, text) {
        let e = e.to_string();
        if !names_a_location(&e, name) {
            return Err(format!("rubric: no location in `{e}`"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic_and_errors_name_the_file(
        bytes in prop::collection::vec(any::<u8>(), 0..300)
    ) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert_eq!(check_all("fuzz.bin", &text), Ok(()));
    }

    #[test]
    fn json_documents_with_one_wrong_value_never_panic_and_errors_name_a_location(
        at in 0usize..4096, with in 0usize..64, drop in any::<bool>()
    ) {
        for (name, doc) in [("capture.json", AWS), ("dual-stack.json", IPV6), ("design.json", DESIGN)] {
            let text = mutate_json(doc, at, with, drop);
            prop_assert_eq!(check_all(name, &text), Ok(()), "{}", name);
        }
        for doc in PRIVATELINK {
            let text = mutate_json(doc, at, with, drop);
            prop_assert_eq!(check_all("privatelink.json", &text), Ok(()), "{}", text);
        }
    }

    #[test]
    fn a_mutated_dual_stack_capture_that_loads_traces_ipv6_flows_without_panicking(
        at in 0usize..4096, with in 0usize..64, drop in any::<bool>(), host in any::<u16>()
    ) {
        let text = mutate_json(IPV6, at, with, drop);
        if let Ok((net, _)) = import_aws_files(&[("dual-stack.json".to_string(), text)]) {
            let outside = format!("2600:1f18::{host:x}");
            for (from, to) in [
                ("internet", "2600:1f18:1234:5601::10"),
                ("i-worker", outside.as_str()),
                (outside.as_str(), "2600:1f18:abcd:ef02::20"),
                ("2600:1f18:1234:5601::10", "2600:1f18:abcd:ef02::20"),
            ] {
                let flow = sim::network::Flow::tcp(from, to, 443);
                let a = sim::network::trace::trace(&net, &flow);
                prop_assert_eq!(a, sim::network::trace::trace(&net, &flow), "deterministic");
            }
        }
    }

    #[test]
    fn yaml_documents_with_one_wrong_value_never_panic_and_errors_name_a_location(
        at in 0usize..4096, with in 0usize..64
    ) {
        for (name, doc) in [
            ("manifests.yaml", MANIFESTS),
            ("events.yaml", EVENTS),
            ("rubric.yaml", RUBRIC),
            ("scheduler.yaml", SCHEDULER_CONFIG),
        ] {
            let text = mutate_yaml(doc, at, with);
            prop_assert_eq!(check_all(name, &text), Ok(()), "{}", name);
        }
    }
}

/// A share link's answer: loaded (and then it is the same design every time, re-encoding to the
/// same link) or an error that says the link is damaged or names the design's field.
fn check_link(fragment: &str) -> Result<(), String> {
    let first = share::decode(fragment);
    if first != share::decode(fragment) {
        return Err("two decodes differ".into());
    }
    match first {
        Ok(Some(design)) => {
            let again = share::decode(&share::encode(&design));
            if again != Ok(Some(design)) {
                return Err(format!("re-encoding changed the design: {again:?}"));
            }
        }
        Ok(None) => {
            if share::is_link(fragment) {
                return Err("a fragment with `design=` decoded to nothing".into());
            }
        }
        Err(e) => {
            if !(e.starts_with("the share link is damaged (")
                || e.starts_with("the shared design cannot be read: "))
                || !names_a_location(&e, "")
            {
                return Err(format!("unclear error `{e}`"));
            }
        }
    }
    // The other parameters never panic either, whatever the bytes.
    let _ = share::decode_link(fragment);
    let _ = share::scenario_param(fragment);
    Ok(())
}

/// A valid link to a real design, the thing mutations start from.
fn valid_link() -> String {
    share::encode_link(&share::SharedLink {
        design: Design::from_json(DESIGN).expect("fixture design loads"),
        scenario: Some("vpc-week1".into()),
        student: Some("김민지".into()),
        student_id: None,
        variant: None,
    })
}

#[test]
fn an_inflate_bomb_in_a_link_is_refused_before_it_fills_memory() {
    // 100 MiB of spaces deflate to ~100 KB; the decoder stops at its 64 MiB cap.
    let bomb = deflated_spaces(100 << 20);
    let err = share::decode(&format!("#design={bomb}")).unwrap_err();
    assert!(err.contains("cannot inflate"), "{err}");
}

/// The `design=` payload of `n` spaces deflated: tiny on the wire, huge once inflated.
fn deflated_spaces(n: usize) -> String {
    use base64::Engine as _;
    let packed = miniz_oxide::deflate::compress_to_vec(&vec![b' '; n], 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_link_fragments_never_panic_and_errors_say_what_is_wrong(
        tail in "[A-Za-z0-9_%&=+#~.-]{0,200}", raw in prop::collection::vec(any::<u8>(), 0..200)
    ) {
        prop_assert_eq!(check_link(&format!("design={tail}")), Ok(()));
        prop_assert_eq!(check_link(&String::from_utf8_lossy(&raw)), Ok(()));
        // Arbitrary bytes deflated and encoded: a real stream whose content is not a design.
        use base64::Engine as _;
        let packed = miniz_oxide::deflate::compress_to_vec(&raw, 6);
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
        prop_assert_eq!(check_link(&format!("#design={payload}&student=%E0%A4")), Ok(()));
    }

    #[test]
    fn a_link_with_one_character_changed_loads_or_says_it_is_damaged(
        at in 0usize..4096, with in "[A-Za-z0-9_=&%-]"
    ) {
        let link = valid_link();
        let at = at % link.len();
        let mutated = format!("{}{}{}", &link[..at], with, &link[at + 1..]);
        prop_assert_eq!(check_link(&mutated), Ok(()), "{}", mutated);
    }

    #[test]
    fn a_link_to_a_mutated_design_loads_or_names_the_field(
        at in 0usize..4096, with in 0usize..64, drop in any::<bool>()
    ) {
        use base64::Engine as _;
        let json = mutate_json(DESIGN, at, with, drop);
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
        prop_assert_eq!(check_link(&format!("design={payload}")), Ok(()));
    }
}
