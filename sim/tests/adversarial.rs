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
