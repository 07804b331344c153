//! A design with annotations through the CLI: `trace`, `lint` and `matrix` print exactly what
//! they print for the same design without them, `export --terraform` writes the same files and
//! says how many annotations it left out, and a design whose annotations break a rule exits 2
//! naming the JSON path and the value.

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratosim"))
        .current_dir(repo())
        .args(args)
        .output()
        .expect("run stratosim")
}

const PLAIN: &str = "tests/fixtures/designs/week1-sample.json";

/// The fixture with `annotations` added, written to a scratch file.
fn annotated(name: &str, annotations: serde_json::Value) -> PathBuf {
    let text = std::fs::read_to_string(repo().join(PLAIN)).expect("the fixture");
    let mut design: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    design["annotations"] = annotations;
    let dir = std::env::temp_dir().join(format!(
        "stratosim-annotations-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join("design.json");
    std::fs::write(&path, serde_json::to_string_pretty(&design).unwrap()).expect("written");
    path
}

fn drawings() -> serde_json::Value {
    serde_json::json!([
        {"id": "note-1", "kind": "note", "text": "users in Seoul", "rect": {"x": 40, "y": 700, "w": 200, "h": 100}},
        {"id": "box-1", "kind": "box", "label": "on-premises", "rect": {"x": 1100, "y": 100, "w": 240, "h": 160}},
        {"id": "arrow-1", "kind": "arrow", "from": {"id": "box-1"}, "to": {"id": "i-0bastion"}}
    ])
}

#[test]
fn trace_lint_and_matrix_print_the_same_with_or_without_annotations() {
    let drawn = annotated("same", drawings());
    let drawn = drawn.to_str().unwrap();
    let commands: [&[&str]; 4] = [
        &[
            "trace",
            "--from",
            "203.0.113.10",
            "--to",
            "i-0bastion",
            "--port",
            "22",
            "--json",
        ],
        &[
            "trace", "--from", "internet", "--to", "i-0app", "--port", "22",
        ],
        &["lint", "--json"],
        &["matrix", "--ports", "22,443"],
    ];
    for args in commands {
        let with = |design: &str| {
            let mut all = args.to_vec();
            all.extend(["--design", design]);
            let out = run(&all);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{all:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        assert_eq!(with(PLAIN), with(drawn), "{args:?}");
    }
}

#[test]
fn the_terraform_export_leaves_annotations_out_and_says_so() {
    let drawn = annotated("export", drawings());
    let dirs = [
        std::env::temp_dir().join(format!("stratosim-annotations-tf-a-{}", std::process::id())),
        std::env::temp_dir().join(format!("stratosim-annotations-tf-b-{}", std::process::id())),
    ];
    for d in &dirs {
        let _ = std::fs::remove_dir_all(d);
    }
    let export = |design: &str, dir: &PathBuf| {
        let out = run(&[
            "export",
            "--terraform",
            dir.to_str().unwrap(),
            "--design",
            design,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
    };
    let plain = export(PLAIN, &dirs[0]);
    let with = export(drawn.to_str().unwrap(), &dirs[1]);
    assert!(!plain.contains("annotation(s)"), "{plain}");
    assert!(
        with.contains("3 annotation(s)") && with.contains("were not exported"),
        "{with}"
    );
    for f in ["main.tf", "network.tf", "security.tf", "compute.tf"] {
        assert_eq!(
            std::fs::read_to_string(dirs[0].join(f)).ok(),
            std::fs::read_to_string(dirs[1].join(f)).ok(),
            "{f}"
        );
    }
}

#[test]
fn annotations_that_break_a_rule_exit_2_naming_the_path_and_the_value() {
    let cases = [
        (
            serde_json::json!([{"id": "n", "kind": "note", "text": "x".repeat(2001), "rect": {"x": 0, "y": 0, "w": 10, "h": 10}}]),
            "annotations[0].text",
            "2,001 characters",
        ),
        (
            serde_json::json!([{"id": "a", "kind": "arrow", "from": {"id": "i-nowhere"}, "to": {"x": 0, "y": 0}}]),
            "annotations[0].from.id",
            "`i-nowhere`",
        ),
        (
            serde_json::json!([{"id": "c", "kind": "circle", "rect": {"x": 0, "y": 0, "w": 10, "h": 10}}]),
            "annotations",
            "unknown annotation kind `circle`",
        ),
    ];
    for (i, (annotations, path, value)) in cases.into_iter().enumerate() {
        let bad = annotated(&format!("bad{i}"), annotations);
        let out = run(&["lint", "--design", bad.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(path) && stderr.contains(value), "{stderr}");
    }
}
