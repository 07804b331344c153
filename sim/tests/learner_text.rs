//! Text a learner reads never shows an unexplained rule id (docs/SEMANTICS.md, issue #10).
//!
//! Rule ids (`A2`, `R10`, `I1c`, `K8`, …) name the sections of `docs/SEMANTICS.md`. These tests
//! run every built-in scenario (lints, fixes, grades with the cluster simulation, traces between
//! every pair of endpoints), read the golden outputs in `tests/fixtures`, and scan the string
//! literals of the non-test code in `sim/src`, `cli/src` and `app/src`:
//! - outside the tracer, learner text cites no rule id at all: it says the rule in words;
//! - the tracer's prose (hop and blocker explanations, notes, and grader evidence that quotes
//!   them) may cite an id only while [`TRACER_PROSE_MAY_CITE_IDS`] is true, and every id it
//!   cites must have its section in `docs/SEMANTICS.md`;
//! - `docs/SEMANTICS.md` itself is consistent: each rule heading has its anchor, and the index
//!   table lists exactly the rules the page defines.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use sim::grade::{grade_with, GradeOptions};
use sim::network::{lint_design, samples, Design, Flow, NetworkIndex, Protocol};
use sim::scenarios;

/// True while the tracer (`sim/src/network/trace/`) still ends some explanations with rule ids
/// such as "(A2)" (issue #10: they are being reworded in plain words). Set it to false once they
/// are: then no learner-visible text anywhere may cite an id, the tracer's literals are scanned
/// too, and the golden files in `tests/fixtures/aws/golden/` must be regenerated without ids.
const TRACER_PROSE_MAY_CITE_IDS: bool = false;

const SEMANTICS: &str = include_str!("../../docs/SEMANTICS.md");

/// The letters our rule ids start with (docs/SEMANTICS.md's index).
const PREFIXES: &[u8] = b"RINSAPELVKCQTGDMXW";
/// Two-letter ids of the Kubernetes network: NetworkPolicy, Services, Ingress.
const LONG_PREFIXES: [&[u8]; 3] = [b"NP", b"SV", b"IG"];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Rule-id tokens in `text`: a prefix letter, one or two digits and an optional `a`–`d`
/// sub-item (`I1c`), standing alone as a word. "Amazon S3" is the service, not a rule.
fn rule_ids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        if i > 0 && is_word(b[i - 1]) {
            continue;
        }
        let prefix = if LONG_PREFIXES.iter().any(|p| b[i..].starts_with(p)) {
            2
        } else if PREFIXES.contains(&b[i]) {
            1
        } else {
            continue;
        };
        let mut j = i + prefix;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if !(1..=2).contains(&(j - i - prefix)) {
            continue;
        }
        if j < b.len() && (b'a'..=b'd').contains(&b[j]) {
            j += 1;
        }
        if j < b.len() && is_word(b[j]) {
            continue;
        }
        let token = &text[i..j];
        if token == "S3" && text[..i].ends_with("Amazon ") {
            continue;
        }
        // `M` is also an SVG path's move-to (`M20 0H0V20`, `M3 8l9-5`): a coordinate follows.
        let coordinate = |k: usize| b.get(k).is_some_and(|c| c.is_ascii_digit() || *c == b'-');
        if b[i] == b'M' && matches!(b.get(j), Some(b' ' | b',' | b'-' | b'.')) && coordinate(j + 1)
        {
            continue;
        }
        out.push(token.to_string());
    }
    out
}

/// The section a cited id belongs to: `I1c` → `I1`.
fn section_of(id: &str) -> String {
    id.trim_end_matches(|c: char| ('a'..='d').contains(&c))
        .to_string()
}

/// Rule ids defined in docs/SEMANTICS.md: `<a id="a2"></a>` directly above `### A2 — …`.
fn defined_ids() -> BTreeSet<String> {
    let lines: Vec<&str> = SEMANTICS.lines().collect();
    let mut ids = BTreeSet::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("### ") else {
            continue;
        };
        let Some((id, _title)) = rest.split_once(" — ") else {
            continue;
        };
        if rule_ids(id) != [id.to_string()] {
            continue;
        }
        let anchor = format!("<a id=\"{}\"></a>", id.to_lowercase());
        assert!(
            n > 0 && lines[n - 1] == anchor,
            "docs/SEMANTICS.md: `### {id} — …` needs the anchor {anchor} on the line above"
        );
        assert!(
            ids.insert(id.to_string()),
            "docs/SEMANTICS.md defines {id} twice"
        );
    }
    ids
}

/// Every string value in a JSON tree, except structured ids (`rule_id`).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                if k != "rule_id" {
                    strings(v, out);
                }
            }
        }
        _ => {}
    }
}

fn json_strings(value: &impl serde::Serialize) -> Vec<String> {
    let mut out = Vec::new();
    strings(&serde_json::to_value(value).expect("serializes"), &mut out);
    out
}

/// Learner text gathered from one run, split by who wrote it.
#[derive(Default)]
struct Texts {
    /// Must cite no id: scenario texts, lint messages and fixes, cluster events.
    plain: Vec<(String, String)>,
    /// The tracer's prose and grader evidence (which quotes it).
    tracer: Vec<(String, String)>,
}

impl Texts {
    fn plain(&mut self, origin: &str, texts: impl IntoIterator<Item = String>) {
        self.plain
            .extend(texts.into_iter().map(|t| (origin.to_string(), t)));
    }
    fn tracer(&mut self, origin: &str, texts: impl IntoIterator<Item = String>) {
        self.tracer
            .extend(texts.into_iter().map(|t| (origin.to_string(), t)));
    }
}

/// Traces between every pair of endpoints of a design (and from the internet) on a few ports.
fn trace_everything(texts: &mut Texts, origin: &str, design: &Design) {
    let net = &design.network;
    let mut endpoints: Vec<String> = net.instances.iter().map(|i| i.id.clone()).collect();
    endpoints.extend(net.load_balancers.iter().map(|l| l.id.clone()));
    endpoints.extend(net.databases.iter().map(|d| d.id.clone()));
    endpoints.extend(
        net.vpc_endpoints
            .iter()
            .filter_map(|e| e.prefix_list_id.clone()),
    );
    let ix = NetworkIndex::build(net);
    let sources: Vec<String> = std::iter::once("internet".to_string())
        .chain(endpoints.iter().cloned())
        .collect();
    let destinations: Vec<String> = endpoints
        .iter()
        .cloned()
        .chain(std::iter::once("internet".to_string()))
        .collect();
    for from in &sources {
        for to in &destinations {
            if from == to {
                continue;
            }
            let flows = [22, 80, 443, 3306, 8080]
                .into_iter()
                .map(|port| Flow {
                    from: from.clone(),
                    to: to.clone(),
                    protocol: Protocol::Tcp,
                    port: Some(port),
                    src_port: None,
                    icmp_type: None,
                    icmp_code: None,
                })
                .chain(std::iter::once(Flow {
                    from: from.clone(),
                    to: to.clone(),
                    protocol: Protocol::Icmp,
                    port: None,
                    src_port: None,
                    icmp_type: None,
                    icmp_code: None,
                }));
            for flow in flows {
                if let Ok(t) = ix.trace(&flow) {
                    texts.tracer(&format!("{origin}: trace {from} → {to}"), json_strings(&t));
                }
            }
        }
    }
}

fn lint_texts(texts: &mut Texts, origin: &str, design: &Design) {
    texts.plain(
        &format!("{origin}: lint"),
        json_strings(&lint_design(design)),
    );
}

/// Everything a learner can read, gathered once for all tests.
fn gathered() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(gather)
}

fn gather() -> Texts {
    let mut texts = Texts::default();
    for s in scenarios::all() {
        texts.plain(
            &format!("scenario {}", s.id),
            [
                s.title.clone(),
                s.statement.clone(),
                s.question.prompt.clone(),
            ]
            .into_iter()
            .chain(s.hints.iter().cloned())
            .chain(s.question.follow_ups.iter().cloned())
            .chain(s.question.look_for.iter().cloned()),
        );
        texts.plain(
            &format!("scenario {} rubric", s.id),
            json_strings(&s.rubric),
        );
        for t in &s.translations {
            texts.plain(
                &format!("scenario {} ({})", s.id, t.lang),
                [t.title.clone(), t.statement.clone(), t.prompt.clone()],
            );
        }
        for (lang, a) in &s.answer_translations {
            texts.plain(
                &format!("scenario {} answers ({lang})", s.id),
                a.hints
                    .iter()
                    .chain(&a.follow_ups)
                    .chain(&a.look_for)
                    .cloned()
                    .chain(
                        a.checks
                            .values()
                            .flat_map(|c| [c.message.clone(), c.hint.clone()]),
                    ),
            );
        }
        for (which, design) in [("start", &s.start), ("solution", &s.solution)] {
            let origin = format!("scenario {} {which}", s.id);
            lint_texts(&mut texts, &origin, design);
            let report = grade_with(&s.rubric, design, GradeOptions { cluster: true });
            texts.tracer(&format!("{origin}: grade"), json_strings(&report));
            trace_everything(&mut texts, &origin, design);
        }
    }
    let sample = samples::sample_design();
    lint_texts(&mut texts, "sample design", &sample);
    trace_everything(&mut texts, "sample design", &sample);

    // Golden outputs: traces, lints and the matrix of the AWS fixtures; the cluster event log.
    let fixtures = repo().join("tests/fixtures");
    for entry in fs::read_dir(fixtures.join("aws/golden")).expect("golden dir") {
        let path = entry.expect("entry").path();
        let value: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("golden")).expect("json");
        let mut out = Vec::new();
        strings(&value, &mut out);
        texts.tracer(&path.display().to_string(), out);
    }
    let log = fixtures.join("k8s/golden-scenario.log");
    texts.plain(
        &log.display().to_string(),
        fs::read_to_string(&log)
            .expect("log")
            .lines()
            .map(String::from),
    );
    texts
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn offenders(items: &[(String, String)], allowed: impl Fn(&str) -> bool) -> Vec<String> {
    let mut seen = BTreeSet::new();
    for (origin, text) in items {
        for id in rule_ids(text) {
            if !allowed(&id) {
                seen.insert(format!("{origin}: {id} in {text:?}"));
            }
        }
    }
    seen.into_iter().take(20).collect()
}

#[test]
fn the_id_scanner_finds_citations_and_nothing_else() {
    let cases: &[(&str, &[&str])] = &[
        ("so it passes (A2)", &["A2"]),
        ("(R9, R10: no fallback)", &["R9", "R10"]),
        ("public IP (I1c, I4)", &["I1c", "I4"]),
        (
            "the longest matching prefix, R6; the local route covers the VPC, R4",
            &["R6", "R4"],
        ),
        ("Amazon S3 through a gateway endpoint", &[]),
        (
            "K8s nodes m5.large t3.medium ap-northeast-2a us-east-1",
            &[],
        ),
        ("M20 0H0V20 and 10.0.1.0/24 and i-0a1 and sg-0app", &[]),
        (
            "M3 8l9-5 9 5-9 5z and M12 3a9 9 0 1 0 9 9 and M10.5 11.5v-1.2",
            &[],
        ),
        ("as M1. says", &["M1"]),
        ("a prefix list (M2), entries (M3)", &["M2", "M3"]),
        ("NO_ROUTE_TO_DESTINATION 1:1 NAT ENI_SG_RULES_MISMATCH", &[]),
        (
            "policies add up (NP1); endpoints, SV2 and IG3",
            &["NP1", "SV2", "IG3"],
        ),
        ("SNP1 NPX SV IGW", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(rule_ids(text), want.to_vec(), "ids in {text:?}");
    }
}

#[test]
fn semantics_md_defines_every_rule_once_and_indexes_exactly_those() {
    let defined = defined_ids();
    assert!(defined.len() > 50, "docs/SEMANTICS.md defines the rules");
    let mut indexed = BTreeSet::new();
    for line in SEMANTICS.lines().filter(|l| l.starts_with("| [")) {
        let id = &line[3..line.find(']').expect("a link")];
        let link = format!("[{id}](#{})", id.to_lowercase());
        assert!(
            line.starts_with(&format!("| {link} ")),
            "index row links its rule: {line}"
        );
        indexed.insert(id.to_string());
    }
    assert_eq!(
        indexed, defined,
        "the index table lists exactly the defined rules"
    );
    for id in &defined {
        let block = SEMANTICS
            .split(&format!("### {id} — "))
            .nth(1)
            .and_then(|rest| rest.split("\n### ").next())
            .expect("a section");
        assert!(
            block.contains("](https://docs.aws.amazon.com/")
                || block.contains("](https://kubernetes.io/docs/"),
            "{id} links the AWS or Kubernetes documentation page it comes from"
        );
    }
}

#[test]
fn learner_text_outside_the_tracer_cites_no_rule_id() {
    let texts = gathered();
    let found = offenders(&texts.plain, |_| false);
    assert!(
        found.is_empty(),
        "say the rule in words (docs/SEMANTICS.md explains it for readers of the code): {found:#?}"
    );
}

#[test]
fn every_rule_id_in_tracer_prose_is_explained_in_semantics_md() {
    let defined = defined_ids();
    let texts = gathered();
    assert!(texts.tracer.len() > 1000, "the scan sees the traces");
    let found = offenders(&texts.tracer, |id| {
        TRACER_PROSE_MAY_CITE_IDS && defined.contains(&section_of(id))
    });
    assert!(
        found.is_empty(),
        "a rule id a learner sees needs a section in docs/SEMANTICS.md (or plain words): {found:#?}"
    );
}

/// String literals on a line of Rust code (outside `//` comments, and not the value of a
/// structured `rule_id:` field); `in_string` carries a string that continues on the next line.
fn literals(line: &str, in_string: &mut bool, current: &mut String, out: &mut Vec<String>) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if *in_string {
            match c {
                '\\' => {
                    current.push(c);
                    if let Some(&n) = chars.get(i + 1) {
                        current.push(n);
                    }
                    i += 1;
                }
                '"' => {
                    *in_string = false;
                    out.push(std::mem::take(current));
                }
                _ => current.push(c),
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            return;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 2; // a char literal such as '"'
        } else if c == '"' {
            // `rule_id: "S1"` and `DecidingRule::behaviour("S1")` are structured ids (the
            // `rule_id` JSON field, documented in docs/SEMANTICS.md), not prose; they are skipped.
            let before: String = chars[..i].iter().collect();
            let before = before.trim_end();
            if before.ends_with("rule_id:") || before.ends_with("behaviour(") {
                let close = chars[i + 1..].iter().position(|&c| c == '"');
                i += close.map_or(chars.len(), |n| n + 1);
            } else {
                *in_string = true;
            }
        }
        i += 1;
    }
    if *in_string {
        current.push('\n');
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("source dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn string_literals_of_non_test_code_cite_no_rule_id() {
    let root = repo();
    let mut files = Vec::new();
    for dir in ["sim/src", "cli/src", "app/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(&root)
            .expect("in repo")
            .display()
            .to_string();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "tests.rs" || name == "testing.rs" {
            continue;
        }
        if TRACER_PROSE_MAY_CITE_IDS && rel.starts_with("sim/src/network/trace/") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("source");
        let (mut in_string, mut current, mut lits) = (false, String::new(), Vec::new());
        for line in text.lines() {
            if !in_string && line.trim_start() == "#[cfg(test)]" {
                break; // test modules sit at the end of a file
            }
            literals(line, &mut in_string, &mut current, &mut lits);
        }
        for lit in lits {
            for id in rule_ids(&lit) {
                found.push(format!("{rel}: {id} in {lit:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "learner-visible strings say the rule in words, not its id: {found:#?}"
    );
}
