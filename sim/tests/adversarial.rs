//! The adversarial corpus (`tests/fixtures/adversarial/`, plus large inputs generated here)
//! replayed through every importer: none may panic, and every error names where it is (the
//! file, or a field path / document for the readers that are given no file name).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use sim::cluster::sim::parse_events;
use sim::cluster::{import_manifest_files, parse_scheduler_config, Severity};
use sim::grade::Rubric;
use sim::network::{import_aws_files, Design};

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/adversarial");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    // Large inputs are generated, not stored.
    let anchor = vec!["x"; 1100].join(", ");
    let uses = vec!["*a"; 1000].join(", ");
    files.push((
        "generated-alias-bomb.yaml".into(),
        format!("anchor: &a [{anchor}]\nevents: [{uses}]\n"),
    ));
    files.push(("generated-deep-nesting.yaml".into(), "[".repeat(100_000)));
    files.push((
        "generated-deep-nesting.json".into(),
        "{\"a\":".repeat(50_000),
    ));
    files.push((
        "generated-long-string.yaml".into(),
        format!("kind: Pod\nmetadata: {{name: {}}}\n", "p".repeat(2 << 20)),
    ));
    files.push((
        "generated-many-documents.yaml".into(),
        "kind: ConfigMap\nmetadata: {name: c}\n---\n".repeat(5_000),
    ));
    files
}

/// One importer run on one input: `Some(message)` when its error names no location.
type Importer<'a> = Box<dyn Fn() -> Option<String> + 'a>;

/// A message names a location unless it is empty or starts with, or holds, an empty segment.
fn names_a_location(message: &str, needle: &str) -> bool {
    !message.trim().is_empty()
        && !message.starts_with(':')
        && !message.contains(": : ")
        && message.contains(needle)
}

#[test]
fn no_importer_panics_and_every_error_names_its_location() {
    let mut failures = Vec::new();
    for (name, text) in corpus() {
        let importers: Vec<(&str, Importer)> = vec![
            (
                "aws",
                Box::new(|| {
                    let e = import_aws_files(&[(name.clone(), text.clone())]).err()?;
                    let e = e.to_string();
                    (!names_a_location(&e, &name)).then_some(e)
                }),
            ),
            (
                "design",
                Box::new(|| {
                    let e = Design::from_json(&text).err()?.to_string();
                    (!names_a_location(&e, "")).then_some(e)
                }),
            ),
            (
                "manifests",
                Box::new(|| {
                    let (_, diags) = import_manifest_files(&[(name.as_str(), text.as_str())]);
                    diags
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(|d| d.to_string())
                        .find(|d| !names_a_location(d, &format!("{name}#")))
                }),
            ),
            (
                "events",
                Box::new(|| {
                    let e = parse_events(&text).err()?;
                    (e.location.is_empty() || !names_a_location(&e.to_string(), ""))
                        .then(|| e.to_string())
                }),
            ),
            (
                "scheduler config",
                Box::new(|| {
                    let e = parse_scheduler_config(&text).err()?.to_string();
                    (!names_a_location(&e, "")).then_some(e)
                }),
            ),
            (
                "rubric",
                Box::new(|| {
                    let e = Rubric::parse(&name, &text).err()?.to_string();
                    (!names_a_location(&e, &name)).then_some(e)
                }),
            ),
        ];
        for (importer, run) in &importers {
            match catch_unwind(AssertUnwindSafe(run)) {
                Ok(None) => {}
                Ok(Some(bad)) => {
                    failures.push(format!("{name} via {importer}: no location in `{bad}`"))
                }
                Err(_) => failures.push(format!("{name} via {importer}: panicked")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What each stored corpus file must produce through the importer it targets: the text of the
/// error (or, for `aws-warning`, the warning). Every stored file has a row.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("array.json", "aws", "array.json: expected a JSON object"),
    ("bad-addresses.json", "aws-lint", "`10.0.0.0/33` has a prefix length above 32"),
    ("banana-nacl-protocol.json", "aws", "banana-nacl-protocol.json: NetworkAcls[0].Entries[0].Protocol: `banana` is not a protocol"),
    ("banana-protocol.json", "aws", "banana-protocol.json: SecurityGroups[0].IpPermissions[0].IpProtocol: `banana` is not a protocol"),
    ("byte-order-mark.json", "aws-ok", ""),
    ("design-future-version.json", "design", "design version 999 is not supported"),
    ("duplicate-json-key.json", "aws", "duplicate-json-key.json: Vpcs: duplicate key `Vpcs` at line 2 (first at line 1)"),
    ("duplicate-kind.yaml", "manifests", "duplicate-kind.yaml#1: kind: duplicate key `kind` at line 5 (first at line 2)"),
    ("duplicate-vpc.json", "aws", "duplicate-vpc.json: Vpcs[1].VpcId: duplicate VPC id `vpc-1` (first at duplicate-vpc.json: Vpcs[0])"),
    ("coip-pools-only.json", "aws-warning", "coip-pools-only.json holds only CoipPools"),
    ("empty.txt", "events", "events: missing"),
    ("events-after-30-days.yaml", "events", "events[0].at: 1000000h0m0s is after"),
    ("events-nan-at.yaml", "events", "events[0].at: `.nan` is not a number"),
    ("events-negative-times.yaml", "events", "events[0].times: invalid value: integer `-1`"),
    ("events-without-list.yaml", "events", "unknown field `evnts`, expected `events`"),
    ("huge-quantities.yaml", "manifests", "spec.containers[0].resources.requests.cpu"),
    ("i64-max-seconds.yaml", "manifests-ok", ""),
    ("null.yaml", "events", "expected a mapping with an `events:` list"),
    ("only-separators.yaml", "manifests-ok", ""),
    ("route-table-without-id.json", "aws", "route-table-without-id.json: RouteTables[0].RouteTableId: missing"),
    ("route-without-target.json", "aws", "route-without-target.json: RouteTables[0].Routes[0]: a route with no target"),
    ("rubric-duplicate-title.yaml", "rubric", "rubric-duplicate-title.yaml:2: field `title`: duplicate key `title`"),
    ("scalar.yaml", "manifests", "scalar.yaml#1: expected a Kubernetes object"),
    ("tab-indent.yaml", "manifests", "tab-indent.yaml#1: not valid YAML/JSON: found a tab character"),
    // Transit gateways are modelled since issue 14: the file imports its gateways, no warning.
    ("transit-gateways-only.json", "aws-ok", ""),
    ("unknown-anchor.yaml", "manifests", "unknown-anchor.yaml#1: not valid YAML/JSON: unknown anchor at line 1"),
    ("wrong-shapes.json", "aws", "wrong-shapes.json: unexpected shape at `Vpcs`"),
];

#[test]
fn each_corpus_file_gives_its_expected_error() {
    let stored: Vec<(String, String)> = corpus()
        .into_iter()
        .filter(|(name, _)| !name.starts_with("generated-"))
        .collect();
    let mut failures = Vec::new();
    for (name, text) in &stored {
        let Some((_, importer, needle)) = EXPECTED.iter().find(|(n, _, _)| n == name) else {
            failures.push(format!("{name}: no row in EXPECTED"));
            continue;
        };
        let got = match *importer {
            "aws-ok" => import_aws_files(&[(name.clone(), text.clone())])
                .err()
                .map(|e| e.to_string()),
            "aws" => import_aws_files(&[(name.clone(), text.clone())])
                .err()
                .map(|e| e.to_string()),
            "aws-warning" | "aws-lint" => match import_aws_files(&[(name.clone(), text.clone())]) {
                Ok((network, diags)) => {
                    let mut all: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
                    if *importer == "aws-lint" {
                        all.extend(
                            sim::network::lint(&network)
                                .iter()
                                .map(|d| d.message.clone()),
                        );
                    }
                    Some(all.join("\n"))
                }
                Err(e) => Some(format!("unexpected error: {e}")),
            },
            "design" => Design::from_json(text).err().map(|e| e.to_string()),
            "events" => parse_events(text).err().map(|e| e.to_string()),
            "rubric" => Rubric::parse(name, text).err().map(|e| e.to_string()),
            "manifests" | "manifests-ok" => {
                let (_, diags) = import_manifest_files(&[(name.as_str(), text.as_str())]);
                let errors: Vec<String> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.to_string())
                    .collect();
                (!errors.is_empty()).then(|| errors.join("\n"))
            }
            other => panic!("unknown importer {other}"),
        };
        let ok = match (*importer, &got) {
            ("manifests-ok" | "aws-ok", None) => true,
            (_, Some(text)) => !needle.is_empty() && text.contains(needle),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name} via {importer}: expected `{needle}`, got {got:?}"
            ));
        }
    }
    for (name, _, _) in EXPECTED {
        if !stored.iter().any(|(n, _)| n == name) {
            failures.push(format!("{name}: in EXPECTED but not in the corpus"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
