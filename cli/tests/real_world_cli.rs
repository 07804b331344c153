//! The real-world AWS captures of `../shared/corpus/real-world/aws/` through the CLI path
//! (`stratosim lint --aws FILE` and `--aws DIR` for each `group:`), read in place: valid
//! files exit 0, invalid ones exit 2 naming the file and line; a verdict resting on what
//! the capture lacks says so in text and JSON. Skips loudly when `../shared` is absent.

mod common;
use common::run;
use std::fs;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/real-world/aws"
);

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(CORPUS);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("\n!!!! SKIPPED: the real-world AWS corpus {CORPUS} is absent (../shared beside the clone) !!!!\n");
        None
    }
}

fn field(dir: &Path, name: &str, key: &str) -> Option<String> {
    fs::read_to_string(dir.join(format!("{name}.src.txt")))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
}

/// A scratch directory outside the repository holding copies of one group's files.
fn group_dir(dir: &Path, group: &str, names: &[String]) -> PathBuf {
    let out = std::env::temp_dir().join(format!(
        "stratosim-real-world-{}-{group}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    for n in names {
        fs::copy(dir.join(n), out.join(n)).unwrap();
    }
    out
}

#[test]
fn every_capture_is_accepted_or_refused_by_the_cli_as_marked_and_groups_load_as_directories() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut wrong = Vec::new();
    for n in &names {
        let path = dir.join(n).display().to_string();
        let out = run(&["lint", "--aws", &path, "--json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        match (field(&dir, n, "expect:").as_deref(), out.status.code()) {
            (Some("accept" | "either"), Some(0)) => {}
            (Some("reject" | "either"), Some(2))
                if stderr.contains(n.as_str()) && stderr.contains("line ") => {}
            (expect, code) => {
                wrong.push(format!("{n}: expect {expect:?}, exit {code:?}: {stderr}"))
            }
        }
        if let Some(g) = field(&dir, n, "group:") {
            groups.entry(g).or_default().push(n.clone());
        }
    }
    for (g, files) in &groups {
        let d = group_dir(&dir, g, files);
        let out = run(&["lint", "--aws", &d.display().to_string(), "--json"]);
        if out.status.code() != Some(0) {
            wrong.push(format!(
                "group {g}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let _ = fs::remove_dir_all(&d);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_verdict_resting_on_what_the_capture_lacks_says_so_in_text_and_json() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("aws-anastrk-instances.json").display().to_string();
    let args = [
        "trace",
        "--aws",
        &file,
        "--from",
        "prod-front",
        "--to",
        "iec-wp",
        "--port",
        "80",
    ];
    let text = String::from_utf8_lossy(&run(&args).stdout).into_owned();
    assert!(text.contains("verdict: NOT KNOWN"), "{text}");
    assert!(text.contains("not in the capture"), "{text}");
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let v: serde_json::Value = serde_json::from_slice(&run(&with_json).stdout).unwrap();
    assert_eq!(v["reason_code"], "NOT_IN_CAPTURE");
    assert_eq!(v["not_captured"][0], "sg-03550300d0a4ae612");
    assert!(v["explanation"]
        .as_str()
        .unwrap()
        .contains("not in the capture"));
    let stopped = run(&[
        "trace",
        "--aws",
        &file,
        "--from",
        "prod-front",
        "--to",
        "i-0f6c522ee3fa67b69",
        "--port",
        "22",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&stopped.stdout).unwrap();
    assert_eq!(v["reason_code"], "INSTANCE_NOT_RUNNING");
    assert!(v["explanation"].as_str().unwrap().contains("stopped"));
}

#[test]
fn a_damaged_utf16_file_is_refused_naming_the_file() {
    let path =
        std::env::temp_dir().join(format!("stratosim-odd-utf16-{}.json", std::process::id()));
    fs::write(&path, [0xFF, 0xFE, b'{', 0, b'}']).unwrap();
    let out = run(&["lint", "--aws", &path.display().to_string()]);
    let _ = fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stratosim-odd-utf16") && stderr.contains("UTF-16 LE"),
        "{stderr}"
    );
}
