//! Every AWS capture of `../shared/corpus/real-world/aws/` (third-party files, read in place,
//! never copied here) as a regression test: files marked `expect: accept` import, files
//! marked `expect: reject` are refused with an error naming the line, each `group:` imports
//! as a directory would, and the lint counts and key verdicts match the golden
//! `tests/fixtures/real-world-goldens/aws.txt`. Regenerate after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p sim --test real_world_aws` and review the diff.
//!
//! When `../shared` is absent (a clone without the shared corpus beside it) the test says so
//! loudly and skips.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sim::network::*;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/real-world/aws"
);

fn golden_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real-world-goldens/aws.txt")
}

/// One corpus file: its name, decoded text, `expect:` and `group:`.
struct Entry {
    name: String,
    text: Result<String, String>,
    expect: String,
    group: Option<String>,
}

fn corpus() -> Option<Vec<Entry>> {
    let dir = Path::new(CORPUS);
    if !dir.is_dir() {
        eprintln!(
            "\n!!!! SKIPPED: the real-world AWS corpus {CORPUS} is absent (../shared beside the clone); nothing was checked !!!!\n"
        );
        return None;
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let entries = names
        .into_iter()
        .map(|name| {
            let src = fs::read_to_string(dir.join(format!("{name}.src.txt")))
                .unwrap_or_else(|e| panic!("{name}.src.txt: {e}"));
            let field = |key: &str| {
                src.lines()
                    .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
            };
            let bytes = fs::read(dir.join(&name)).unwrap();
            Entry {
                text: sim::text_decode::decode(&name, &bytes).map_err(|e| e.to_string()),
                expect: field("expect:").unwrap_or_else(|| panic!("{name}: no expect:")),
                group: field("group:"),
                name,
            }
        })
        .collect();
    Some(entries)
}

/// `E3 W2 | E:CODE=1 W:CODE=2`: errors and warnings of import plus lint, by code.
fn summary(diags: &[Diagnostic]) -> String {
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let (mut e, mut w) = (0, 0);
    for d in diags {
        let s = match d.severity {
            Severity::Error => {
                e += 1;
                "E"
            }
            Severity::Warning => {
                w += 1;
                "W"
            }
            Severity::Info => continue,
        };
        *by_code.entry(format!("{s}:{}", d.code)).or_default() += 1;
    }
    let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c}={n}")).collect();
    format!("E{e} W{w} | {}", codes.join(" "))
}

fn import(files: &[(String, String)]) -> Result<(Network, Vec<Diagnostic>), String> {
    let (net, mut diags) = import_aws_files(files).map_err(|e| e.to_string())?;
    diags.extend(lint(&net));
    Ok((net, diags))
}

/// A trace's verdict in one line: `reachable`, or `CODE at component`, plus whether its
/// text says what it rests on ("not in the capture", "assumed").
fn verdict(net: &Network, from: &str, to: &str, port: u16) -> String {
    match trace(net, &Flow::tcp(from, to, port)) {
        Err(e) => format!("error: {e}"),
        Ok(t) => {
            let text = format!(
                "{} {}",
                t.blockers
                    .iter()
                    .map(|b| b.explanation.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                t.notes.join(" ")
            );
            let says = [
                ("not in the capture", "says not-in-capture"),
                ("assumed", "says assumed"),
                ("stopped", "says stopped"),
            ]
            .iter()
            .filter(|(w, _)| text.contains(w))
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", ");
            let v = match t.blockers.first() {
                None => "reachable".to_string(),
                Some(b) => format!("{} at {}", b.code, b.component),
            };
            format!("{v} [{says}]")
        }
    }
}

/// The flows each bullet of issue #12 is about: (group or file, from, to, port).
const FLOWS: &[(&str, &str, &str, u16)] = &[
    // A working web tier behind an ALB, captured without its internet gateway (Q2).
    ("seis-mish", "internet", "dynac-DynaE-1NG155CRPR0K", 80),
    ("seis-mish", "internet", "dynaweb1", 22),
    ("seis-stah", "internet", "dynaweb1", 80),
    // Stopped instances (Q4) and security groups outside an instances-only capture (Q3).
    (
        "aws-anastrk-instances.json",
        "prod-front",
        "i-0f6c522ee3fa67b69",
        22,
    ),
    ("aws-anastrk-instances.json", "prod-front", "iec-wp", 80),
    // A secondary interface (device index 1) names its instance (Q5).
    (
        "aws-anastrk-instances.json",
        "eni-075d9ca97f52f3095",
        "uat",
        80,
    ),
    // An ENI from describe-network-interfaces is a trace endpoint (Q5).
    (
        "aws-awscli-ec2-describe-network-interfaces-1.json",
        "eni-e5aa89a3",
        "eni-f9ba99bf",
        22,
    ),
    // The demo account: databases from rds describe-db-instances, ENIs, no route tables.
    ("cloudmapper-demo", "Web1", "database", 5432),
    ("cloudmapper-demo", "internet", "Web1", 443),
    // Routes to targets outside the capture.
    ("mandowa", "vault-tck", "pubsubredis", 6379),
    ("mandowa", "internet", "vault-tck", 80),
];

#[test]
fn every_real_world_aws_capture_imports_or_is_refused_as_marked_and_matches_its_golden() {
    let Some(entries) = corpus() else { return };
    assert_eq!(entries.len(), 69, "the corpus has 69 AWS files");
    let mut report = String::new();
    let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut nets: BTreeMap<String, Network> = BTreeMap::new();
    let mut problems = Vec::new();
    for e in &entries {
        let result = e
            .text
            .clone()
            .and_then(|t| import(&[(e.name.clone(), t)]).map(|r| (r, ())));
        let line = match (&result, e.expect.as_str()) {
            (Ok(((net, diags), ())), "accept" | "either") => {
                if diags.iter().any(|d| d.code == "UNKNOWN_REFERENCE") {
                    problems.push(format!(
                        "{}: an id outside the capture is an error, not `not captured`",
                        e.name
                    ));
                }
                nets.insert(e.name.clone(), net.clone());
                format!("accepted: {}", summary(diags))
            }
            (Err(msg), "reject" | "either") => {
                if !msg.contains(&e.name) || !msg.contains("line ") {
                    problems.push(format!(
                        "{}: the refusal does not name the file and line: {msg}",
                        e.name
                    ));
                }
                format!("refused: {msg}")
            }
            (Ok(_), _) => {
                problems.push(format!("{}: marked reject but imported", e.name));
                "accepted (WRONG)".into()
            }
            (Err(msg), _) => {
                problems.push(format!("{}: marked accept but refused: {msg}", e.name));
                format!("refused (WRONG): {msg}")
            }
        };
        report.push_str(&format!("file {} [{}]: {line}\n", e.name, e.expect));
        if let (Some(g), Ok(t)) = (&e.group, &e.text) {
            groups
                .entry(g.clone())
                .or_default()
                .push((e.name.clone(), t.clone()));
        }
    }
    for (g, files) in &groups {
        match import(files) {
            Ok((net, diags)) => {
                if diags.iter().any(|d| d.code == "UNKNOWN_REFERENCE") {
                    problems.push(format!("group {g}: UNKNOWN_REFERENCE in a capture"));
                }
                report.push_str(&format!(
                    "group {g} ({} files): accepted: {}\n",
                    files.len(),
                    summary(&diags)
                ));
                nets.insert(g.clone(), net);
            }
            Err(msg) => {
                problems.push(format!("group {g}: refused: {msg}"));
                report.push_str(&format!("group {g}: refused (WRONG): {msg}\n"));
            }
        }
    }
    for (input, from, to, port) in FLOWS {
        let net = nets
            .get(*input)
            .unwrap_or_else(|| panic!("{input} was not imported"));
        report.push_str(&format!(
            "trace {input}: {from} → {to}:{port}: {}\n",
            verdict(net, from, to, *port)
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let path = golden_path();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &report).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    if want != report {
        let diff: Vec<String> = want
            .lines()
            .zip(report.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "real-world AWS results changed (UPDATE_GOLDEN=1 to accept after review):\n{}\n(golden {} lines, now {})",
            diff.join("\n"),
            want.lines().count(),
            report.lines().count()
        );
    }
}

#[test]
fn a_powershell_utf16_capture_reads_exactly_as_its_utf8_twin() {
    let Some(entries) = corpus() else { return };
    let text = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| e.text.clone().ok())
            .unwrap_or_else(|| panic!("{name} did not decode"))
    };
    let utf16 = import_aws_json(&text("aws-budol-sg-check-utf16.json")).unwrap();
    let bom = import_aws_json(&text("aws-budol-sg-check-utf8bom.json")).unwrap();
    assert_eq!(utf16.0, bom.0);
    assert!(!utf16.0.security_groups.is_empty());
}
