//! A synthetic class graded end to end: ten students built from the week-1 reference with their
//! own ids, names, CIDRs and layout, two planted copies (one byte-identical, one renamed with a
//! rule description changed), half of them handed in as share links with checksums; then
//! `--feedback`, `--report`, and `variants` with a roster.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sim::network::Design;
use sim::share::{self, SharedLink};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stratosim"))
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("stratosim-class-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Student `i`'s own take on the reference: ids, names, third octets and layout all differ.
fn student(i: usize) -> Design {
    let reference = &sim::scenarios::get("vpc-week1").unwrap().solution;
    let mut json = reference.to_json_pretty().replace("-w1", &format!("-s{i}"));
    for (octet, to) in [
        (100, 20 * i + 15),
        (11, 20 * i + 11),
        (12, 20 * i + 12),
        (1, 20 * i + 1),
        (2, 20 * i + 2),
    ] {
        json = json.replace(&format!("\"10.0.{octet}."), &format!("\"10.0.X{to}."));
    }
    let json = json.replace("\"10.0.X", "\"10.0.");
    let mut d = Design::from_json(&json).unwrap();
    for s in &mut d.network.subnets {
        s.name = format!("{}-team{i}", s.name);
    }
    for r in d.layout.values_mut() {
        r.x += 13.0 * i as f64;
        r.y += 7.0 * i as f64;
    }
    d
}

fn grade_json(args: &[&str], extra: &[PathBuf]) -> Value {
    let out = bin().args(args).args(extra).output().unwrap();
    assert!(
        out.status.code() == Some(0),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_class_with_two_planted_copies_flags_exactly_those_pairs() {
    let d = dir("copies");
    let mut designs: Vec<(String, Design)> = (0..10)
        .map(|i| (format!("student{i}"), student(i)))
        .collect();
    // Copy 1: student 7 hands in student 2's file unchanged.
    designs[7].1 = designs[2].1.clone();
    // Copy 2: student 8 takes student 4's design, renames every id and name, edits a rule text.
    let json = designs[4]
        .1
        .to_json_pretty()
        .replace("-s4", "-mine")
        .replace("team4", "TEAM-8");
    let mut copy = Design::from_json(&json).unwrap();
    copy.network.security_groups[0].ingress[0].description = "ssh for me".into();
    designs[8].1 = copy;
    // Half as files, half as links in a class list (with checksums to verify).
    let mut list = String::from("name,link,checksum\n");
    for (i, (name, design)) in designs.iter().enumerate() {
        if i % 2 == 0 {
            std::fs::write(d.join(format!("{name}.json")), design.to_json_pretty()).unwrap();
        } else {
            let link = format!(
                "https://example.org/stratosim/#{}",
                share::encode_link(&SharedLink {
                    design: design.clone(),
                    scenario: Some("vpc-week1".into()),
                    student: None,
                    student_id: None,
                    variant: None,
                })
            );
            let report =
                sim::grade::grade_design(&sim::scenarios::get("vpc-week1").unwrap().rubric, design);
            // Student 9's pasted report claims another score: the checksum no longer fits.
            let score = if i == 9 {
                report.score - 10
            } else {
                report.score
            };
            let sum = share::checksum(&link, score, report.max);
            list.push_str(&format!("{name},{link},{sum}\n"));
        }
    }
    let links = d.join("links.csv");
    std::fs::write(&links, list).unwrap();
    let files: Vec<PathBuf> = (0..10)
        .step_by(2)
        .map(|i| d.join(format!("student{i}.json")))
        .collect();
    let mut inputs = files;
    inputs.push(links);
    let report = d.join("class.html");
    let feedback = d.join("feedback");
    let v = grade_json(
        &[
            "grade",
            "--scenario",
            "vpc-week1",
            "--format",
            "json",
            "--report",
            report.to_str().unwrap(),
            "--feedback",
            feedback.to_str().unwrap(),
        ],
        &inputs,
    );
    let copies: Vec<(String, String, String)> = v["summary"]["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut pair = [
                p["a"].as_str().unwrap().to_string(),
                p["b"].as_str().unwrap().to_string(),
            ];
            pair.sort();
            (
                pair[0].clone(),
                pair[1].clone(),
                p["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut copies = copies;
    copies.sort();
    assert_eq!(
        copies,
        vec![
            ("student2".into(), "student7".into(), "identical".into()),
            (
                "student4".into(),
                "student8".into(),
                "near-identical".into()
            ),
        ]
    );
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    let by = |n: &str| results.iter().find(|r| r["student"] == n).unwrap();
    for r in results {
        assert_eq!(r["error"], Value::Null, "{}", r["student"]);
        assert_eq!(
            r["score"], r["max"],
            "{}: every student built a full answer",
            r["student"]
        );
    }
    assert_eq!(by("student1")["checksum_ok"], true);
    assert_eq!(
        by("student9")["checksum_ok"],
        false,
        "the edited score is caught"
    );
    assert_eq!(
        by("student0")["checksum"],
        Value::Null,
        "files carry no checksum"
    );
    // The report: self-contained, escaped, with the charts and the pairs.
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.matches("<svg").count() >= 2,
        "histogram and pass-rate charts"
    );
    assert!(html.contains("student2") && html.contains("near-identical"));
    assert!(html.contains("size: 210mm 297mm"));
    for banned in ["<script", " src=", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "no network requests: {banned}");
    }
    let notes: Vec<_> = std::fs::read_dir(&feedback).unwrap().collect();
    assert_eq!(notes.len(), 10, "one feedback file per student");
}

#[test]
fn feedback_names_the_failing_trace_the_rule_and_the_hint() {
    let d = dir("feedback");
    let out = bin()
        .current_dir(repo(""))
        .args([
            "grade",
            "--scenario",
            "vpc-week1",
            "--allow-errors",
            "--feedback",
        ])
        .arg(&d)
        .arg("tests/fixtures/submissions/week1-class")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let bob = std::fs::read_to_string(d.join("bob.md")).unwrap();
    let golden = repo("tests/fixtures/grading/feedback-bob.md");
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&golden, &bob).unwrap();
    }
    assert_eq!(
        bob,
        std::fs::read_to_string(&golden).expect("golden (UPDATE_GOLDEN=1 writes it)")
    );
    assert!(
        bob.contains("Rule that allows too much: `sg-bob-mgmt`"),
        "{bob}"
    );
    assert!(
        bob.contains("**Hint:**") && bob.contains("203.0.113.10/32"),
        "{bob}"
    );
    assert!(bob.contains("```text"), "the trace, hop by hop: {bob}");
    let carol = std::fs::read_to_string(d.join("carol.md")).unwrap();
    assert!(carol.contains("could not be loaded"), "{carol}");
}

fn run_variants(students: &Path, seed: &str, out: &Path) -> String {
    let o = bin()
        .args(["variants", "--scenario", "vpc-week1", "--students"])
        .arg(students)
        .args(["--seed", seed, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn variants_are_deterministic_by_seed_and_grading_checks_each_students_values() {
    let d = dir("variants");
    let students = d.join("roster.csv");
    let names: Vec<String> = (0..12).map(|i| format!("Student {i}")).collect();
    std::fs::write(
        &students,
        format!(
            "name,id\n{}\n",
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{n},2026-{i:03}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    )
    .unwrap();
    let a = run_variants(&students, "7", &d.join("a"));
    let b = run_variants(&students, "7", &d.join("b"));
    assert_eq!(
        a.replace(d.join("a").to_str().unwrap(), ""),
        b.replace(d.join("b").to_str().unwrap(), ""),
        "the same seed gives the same variants"
    );
    let c = run_variants(&students, "8", &d.join("c"));
    assert_ne!(
        a.replace(d.join("a").to_str().unwrap(), ""),
        c.replace(d.join("c").to_str().unwrap(), ""),
        "another seed deals differently"
    );
    let statement = std::fs::read_to_string(d.join("a").join("Student_0.md")).unwrap();
    assert!(statement.contains("Variant: **v"), "{statement}");
    assert!(!statement.contains("{{"), "every parameter is filled in");
    // Grade the reference (variant v0's values) as every student of the roster.
    let roster = d.join("a-roster.csv");
    std::fs::write(&roster, &a).unwrap();
    let reference = &sim::scenarios::get("vpc-week1").unwrap().solution;
    let mut list = String::new();
    for n in &names {
        let link = share::encode_link(&SharedLink {
            design: reference.clone(),
            scenario: None,
            student: Some(n.clone()),
            student_id: None,
            variant: None,
        });
        list.push_str(&format!("#{link}\n"));
    }
    let links = d.join("links.txt");
    std::fs::write(&links, list).unwrap();
    let v = grade_json(
        &[
            "grade",
            "--scenario",
            "vpc-week1",
            "--format",
            "json",
            "--roster",
            roster.to_str().unwrap(),
        ],
        &[links],
    );
    for r in v["results"].as_array().unwrap() {
        let variant = r["variant"].as_str().unwrap();
        if variant == "v0" {
            assert_eq!(r["score"], r["max"], "{}", r["student"]);
            assert_eq!(r["variant_flag"], Value::Null);
        } else {
            assert!(r["score"].as_u64() < r["max"].as_u64(), "{}", r["student"]);
            assert!(
                r["variant_flag"].as_str().unwrap().contains("variant v0"),
                "{}: {}",
                r["student"],
                r["variant_flag"]
            );
        }
    }
}
