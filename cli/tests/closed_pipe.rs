//! Every subcommand ends quietly when its standard output is a pipe nobody reads
//! (`stratosim … | head -1`): exit 0, no panic message. The pipe's read end is closed before
//! the command starts, so its very first write fails with EPIPE — deterministic, no timing.

mod common;
use common::fixture;
use std::process::{Command, Stdio};

#[test]
fn every_subcommand_exits_zero_without_a_panic_when_stdout_is_closed() {
    let design = fixture("designs/week1-sample.json");
    let manifests = fixture("k8s/three-node-two-az.yaml");
    let events = fixture("k8s/kill-node-a1.yaml");
    let class = fixture("submissions/week1-class");
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec![
            "trace",
            "--design",
            &design,
            "--from",
            "internet",
            "--to",
            "10.0.1.10",
            "--port",
            "8080",
        ],
        vec![
            "trace",
            "--design",
            &design,
            "--from",
            "internet",
            "--to",
            "10.0.1.10",
            "--port",
            "8080",
            "--json",
        ],
        vec!["lint", "--design", &design],
        vec!["lint", "--design", &design, "--json"],
        vec!["matrix", "--design", &design, "--ports", "22,80"],
        vec!["schedule", "--manifests", &manifests],
        vec!["schedule", "--manifests", &manifests, "--json"],
        vec![
            "simulate",
            "--manifests",
            &manifests,
            "--events",
            &events,
            "--until",
            "10m",
        ],
        vec![
            "simulate",
            "--manifests",
            &manifests,
            "--events",
            &events,
            "--until",
            "10m",
            "--json",
        ],
        vec!["scenarios"],
        vec!["scenarios", "--json"],
        vec![
            "grade",
            "--scenario",
            "vpc-week1",
            &class,
            "--format",
            "table",
        ],
        vec![
            "grade",
            "--scenario",
            "vpc-week1",
            &class,
            "--format",
            "json",
        ],
        vec![
            "grade",
            "--scenario",
            "vpc-week1",
            &class,
            "--format",
            "csv",
        ],
    ];
    for args in cases {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_stratosim"))
            .args(&args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .expect("run stratosim");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "stratosim {}: {stderr}",
            args.join(" ")
        );
        assert!(
            !stderr.contains("panicked"),
            "stratosim {}: {stderr}",
            args.join(" ")
        );
    }
}
