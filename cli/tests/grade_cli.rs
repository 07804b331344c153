//! The `scenarios` / `grade` command-line contract, on the class folder of
//! tests/fixtures/submissions/week1-class (good, partial and malformed submissions).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stratosim"))
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn class() -> PathBuf {
    repo("tests/fixtures/submissions/week1-class")
}

fn tmp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratosim-grade-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

fn name_of(result: &Value) -> String {
    PathBuf::from(result["submission"].as_str().unwrap())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn grading_a_class_folder_reports_scores_errors_and_pass_rates_and_exits_0() {
    let out = bin()
        .args(["grade", "--scenario", "vpc-week1", "--format", "json"])
        .arg(class())
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(keys(&v), vec!["results", "summary"]);
    let results = v["results"].as_array().unwrap();
    let names: Vec<String> = results.iter().map(name_of).collect();
    assert_eq!(
        names,
        vec![
            "alice.json",
            "bob.json",
            "carol.json",
            "dave",
            "erin.json",
            "frank.json"
        ],
        "sorted; the README is not a submission"
    );
    let by = |n: &str| results.iter().find(|r| name_of(r) == n).unwrap();
    for r in results {
        assert_eq!(
            keys(r),
            vec!["checks", "error", "max", "score", "submission"]
        );
        assert_eq!(r["max"], 110);
    }
    // Good: a native design with its own ids, and an AWS describe-*.json directory.
    for good in ["alice.json", "dave"] {
        assert_eq!(by(good)["score"], 110, "{good}");
        assert_eq!(by(good)["error"], Value::Null);
    }
    // Partial: exactly the two mistakes cost points, with evidence.
    let bob = by("bob.json");
    assert_eq!(bob["score"], 95);
    let failed: Vec<&Value> = bob["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .collect();
    assert_eq!(
        failed
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["private-subnets", "management-ssh-closed-to-internet"]
    );
    for c in bob["checks"].as_array().unwrap() {
        assert_eq!(keys(c), vec!["evidence", "id", "passed", "points"]);
    }
    let ssh = failed[1]["evidence"].as_str().unwrap();
    assert!(
        ssh.contains("reachable, but it must not be") && ssh.contains("sg-bob-mgmt"),
        "{ssh}"
    );
    // Malformed: the error is reported, the others are still graded.
    for (bad, needle) in [
        ("carol.json", "not valid JSON at line"),
        ("erin.json", "neither a Stratosim design"),
        ("frank.json", "version 9 is not supported"),
    ] {
        let r = by(bad);
        assert!(
            r["error"].as_str().unwrap().contains(needle),
            "{bad}: {}",
            r["error"]
        );
        assert_eq!(r["score"], 0);
        assert_eq!(r["checks"], Value::Array(vec![]));
    }
    let s = &v["summary"];
    assert_eq!(
        (
            s["count"].as_u64(),
            s["graded"].as_u64(),
            s["errors"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
    assert_eq!(s["mean"], 105.0);
    let rates = s["checks"].as_array().unwrap();
    assert_eq!(rates.len(), 17);
    let rate = |id: &str| {
        rates.iter().find(|r| r["id"] == id).unwrap()["pass_rate"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(rate("vpc-16"), 1.0);
    assert_eq!(rate("private-subnets"), 0.67);
}

#[test]
fn the_table_and_csv_formats_list_every_submission() {
    let out = bin()
        .args(["grade", "--scenario", "vpc-week1"])
        .arg(class())
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("bob.json")
            && table.contains("95/110")
            && table.contains("private-subnets, management-ssh-closed-to-internet"),
        "{table}"
    );
    assert!(table.contains("error: not valid JSON"), "{table}");
    assert!(
        table.contains("6 submissions: 3 graded, 3 with errors"),
        "{table}"
    );

    let out = bin()
        .args(["grade", "--scenario", "vpc-week1", "--format", "csv"])
        .arg(class())
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 7, "header + 6 rows");
    assert!(lines[0].starts_with("submission,score,max,error,vpc-16,public-subnets,"));
    let bob = lines.iter().find(|l| l.contains("bob.json")).unwrap();
    assert!(bob.contains(",95,110,,1,1,0,"), "{bob}");
    assert_eq!(lines[0].split(',').count(), bob.split(',').count());
}

#[test]
fn a_rubric_file_grades_like_the_built_in_scenario() {
    let rubric = repo("sim/scenarios/vpc-week1/rubric.yaml");
    let a = bin()
        .args(["grade", "--format", "json", "--rubric"])
        .arg(&rubric)
        .arg(class())
        .output()
        .unwrap();
    let b = bin()
        .args(["grade", "--format", "json", "--scenario", "vpc-week1"])
        .arg(class())
        .output()
        .unwrap();
    assert_eq!(json_of(&a)["results"], json_of(&b)["results"]);
}

#[test]
fn an_aws_describe_directory_given_directly_is_one_submission() {
    let out = bin()
        .args(["grade", "--scenario", "vpc-week1", "--format", "json"])
        .arg(class().join("dave"))
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    assert_eq!(v["results"][0]["score"], 110);
}

#[test]
fn bad_rubrics_and_bad_arguments_exit_2_with_a_located_message() {
    let bad = tmp("bad-rubric.yaml", "id: x\ntitle: X\nchecks:\n- id: a\n  reach: {from: 'tier:dmz', to: internet, port: 80, expect: allowed}\n");
    let cases: Vec<(&str, Vec<std::ffi::OsString>, &str)> = vec![
        (
            "an invalid rubric",
            vec![
                "grade".into(),
                "--rubric".into(),
                bad.clone().into(),
                class().into(),
            ],
            "bad-rubric.yaml:4: checks[0] (id `a`): field `reach.from`: unknown tier `dmz`",
        ),
        (
            "an unknown scenario",
            vec![
                "grade".into(),
                "--scenario".into(),
                "nope".into(),
                class().into(),
            ],
            "unknown scenario `nope`",
        ),
        (
            "a missing submission",
            vec![
                "grade".into(),
                "--scenario".into(),
                "vpc-week1".into(),
                "/nonexistent/sub.json".into(),
            ],
            "does not exist",
        ),
        (
            "both a rubric and a scenario",
            vec![
                "grade".into(),
                "--scenario".into(),
                "vpc-week1".into(),
                "--rubric".into(),
                bad.clone().into(),
                class().into(),
            ],
            "cannot be used with",
        ),
        (
            "no submission",
            vec!["grade".into(), "--scenario".into(), "vpc-week1".into()],
            "required",
        ),
    ];
    for (name, args, needle) in cases {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
    }
}

#[test]
fn scenarios_lists_stable_ids() {
    let out = bin().args(["scenarios", "--json"]).output().unwrap();
    let v = json_of(&out);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 10);
    assert_eq!(ids[0], "vpc-week1");
    assert!(ids.contains(&"bastion-eks") && ids.contains(&"three-tier"));
    let out = bin().arg("scenarios").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("vpc-week1") && l.contains("assignment")),
        "{table}"
    );
}

#[test]
fn scenarios_show_prints_the_task_and_exports_the_designs() {
    let out = bin()
        .args(["scenarios", "--show", "bastion-ssh-timeout"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("hints (reveal one at a time):") && text.contains("admin-ssh-bastion"),
        "{text}"
    );
    let v = json_of(
        &bin()
            .args(["scenarios", "--show", "vpc-week1", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["id"], "vpc-week1");
    assert_eq!(
        v["start"]["version"], 1,
        "the starting design is a loadable native design"
    );
    assert!(
        v["solution"]["network"]["subnets"]
            .as_array()
            .unwrap()
            .len()
            >= 5
    );
    let start = tmp("week1-start.json", &v["start"].to_string());
    let graded = json_of(
        &bin()
            .args(["grade", "--scenario", "vpc-week1", "--format", "json"])
            .arg(&start)
            .output()
            .unwrap(),
    );
    assert_eq!(
        graded["results"][0]["score"], 10,
        "the exported starting design grades like in the library"
    );
    let out = bin()
        .args(["scenarios", "--show", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_submission_over_the_size_limit_gets_its_own_error_and_the_rest_are_graded_in_order() {
    let dir = std::env::temp_dir().join(format!("stratosim-grade-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let alice = std::fs::read_to_string(class().join("alice.json")).unwrap();
    std::fs::write(dir.join("a-alice.json"), &alice).unwrap();
    // 1.2 MB of valid JSON: the size is checked before the file is read or parsed.
    let padded = format!("{}{}", " ".repeat(1_200_000), alice);
    std::fs::write(dir.join("b-huge.json"), padded).unwrap();
    std::fs::write(dir.join("c-alice.json"), &alice).unwrap();
    let out = bin()
        .args(["grade", "--scenario", "vpc-week1", "--format", "json"])
        .args(["--max-submission-mb", "1"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap();
    let names: Vec<String> = results
        .iter()
        .map(|r| {
            let s = r["submission"].as_str().unwrap();
            s.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(names, ["a-alice.json", "b-huge.json", "c-alice.json"]);
    let err = results[1]["error"].as_str().unwrap();
    assert!(
        err.contains("b-huge.json is 1.2 MB, over the 1 MB per-submission limit"),
        "{err}"
    );
    assert!(results[0]["error"].is_null() && results[2]["error"].is_null());
    assert_eq!(results[0]["score"], results[2]["score"]);
}
