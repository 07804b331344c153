//! `stratosim export --terraform DIR`: the files it writes, that `--terraform DIR` reads
//! them back with the same verdicts, `--aws` as the source, the refusal to overwrite without
//! `--force`, and exit code 2 with a message on bad input.

use std::path::{Path, PathBuf};
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

fn ok(args: &[&str]) -> (String, String) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{args:?}\nstderr: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn fails(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2");
    String::from_utf8(out.stderr).unwrap()
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratosim-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_design_is_written_as_a_root_module_that_traces_the_same() {
    let dir = scratch("design");
    let design = "tests/fixtures/designs/week1-sample.json";
    let (stdout, stderr) = ok(&["export", "--terraform", s(&dir), "--design", design]);
    for f in [
        "main.tf",
        "variables.tf",
        "network.tf",
        "security.tf",
        "compute.tf",
        "outputs.tf",
    ] {
        assert!(
            stdout.contains(&format!("{f} (")),
            "{f} not listed: {stdout}"
        );
        assert!(dir.join(f).is_file(), "{f} not written");
    }
    assert!(
        stdout.contains("components written as Terraform resources"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: i-0bastion (aws_instance.bastion): AWS allocates the Elastic IP"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: 3 saved test flow(s)"), "{stderr}");
    let network = std::fs::read_to_string(dir.join("network.tf")).unwrap();
    assert!(network.contains("vpc_id = aws_vpc.week1.id"), "{network}");

    // The same verdicts as the design, by address.
    let (design_trace, _) = ok(&[
        "trace",
        "--design",
        design,
        "--from",
        "i-0bastion",
        "--to",
        "i-0app",
        "--port",
        "22",
    ]);
    let (tf_trace, _) = ok(&[
        "trace",
        "--terraform",
        s(&dir),
        "--from",
        "aws_instance.bastion",
        "--to",
        "aws_instance.app",
        "--port",
        "22",
    ]);
    assert!(
        design_trace.contains("verdict: reachable"),
        "{design_trace}"
    );
    assert!(tf_trace.contains("verdict: reachable"), "{tf_trace}");
    let (tf_trace, _) = ok(&[
        "trace",
        "--terraform",
        s(&dir),
        "--from",
        "internet",
        "--to",
        "aws_instance.app",
        "--port",
        "22",
    ]);
    assert!(tf_trace.contains("verdict: UNREACHABLE"), "{tf_trace}");
}

#[test]
fn an_aws_capture_directory_is_a_source_too() {
    let dir = scratch("aws");
    let (stdout, _) = ok(&[
        "export",
        "--terraform",
        s(&dir),
        "--aws",
        "tests/fixtures/aws/week1",
    ]);
    assert!(stdout.contains("security.tf"), "{stdout}");
    let (lint, _) = ok(&["lint", "--terraform", s(&dir)]);
    assert!(lint.contains("0 error(s)"), "{lint}");
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let dir = scratch("force");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("network.tf"), "# mine\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "kept\n").unwrap();
    let design = "tests/fixtures/designs/week1-sample.json";
    let err = fails(&["export", "--terraform", s(&dir), "--design", design]);
    assert!(err.contains("network.tf"), "{err}");
    assert!(err.contains("use --force"), "{err}");
    // Nothing was written: not even the files that were free.
    assert!(!dir.join("main.tf").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("network.tf")).unwrap(),
        "# mine\n"
    );
    ok(&[
        "export",
        "--terraform",
        s(&dir),
        "--design",
        design,
        "--force",
    ]);
    assert_ne!(
        std::fs::read_to_string(dir.join("network.tf")).unwrap(),
        "# mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "kept\n"
    );
    // An empty file of the same name is not in the way.
    let dir = scratch("empty");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), "").unwrap();
    ok(&["export", "--terraform", s(&dir), "--design", design]);
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let dir = scratch("bad");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--design", "README.md"],
            "README.md: design is not valid JSON at line 1",
        ),
        (
            &["--design", "no/such/design.json"],
            "cannot read design no/such/design.json",
        ),
        (&["--aws", "no/such/dir"], "cannot read no/such/dir"),
        (
            &["--aws", "tests/fixtures/k8s"],
            "no .json files in this directory",
        ),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["export", "--terraform", s(&dir)];
        args.extend_from_slice(extra);
        let err = fails(&args);
        assert!(
            err.contains(needle),
            "{extra:?}: `{err}` should contain `{needle}`"
        );
    }
    let file = scratch("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = fails(&[
        "export",
        "--terraform",
        s(&file),
        "--design",
        "tests/fixtures/designs/week1-sample.json",
    ]);
    assert!(err.contains("is not a directory"), "{err}");
    // Neither source, or both.
    assert_eq!(
        run(&["export", "--terraform", s(&dir)]).status.code(),
        Some(2)
    );
    let both = run(&[
        "export",
        "--terraform",
        s(&dir),
        "--design",
        "a.json",
        "--aws",
        "b.json",
    ]);
    assert_eq!(both.status.code(), Some(2));
}

/// Names that try to end a string, open an interpolation or a directive, or add a line.
fn hostile_design(dir: &Path) -> PathBuf {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/designs/week1-sample.json")).unwrap();
    let mut d: serde_json::Value = serde_json::from_str(&text).unwrap();
    let evil = [
        "\"}\nresource \"aws_instance\" \"pwned\" {",
        "${file(\"/etc/passwd\")}",
        "%%{ for x in [1] }x%{ endfor } $${",
        "back\\slash\ttab",
    ];
    let mut k = 0;
    for kind in [
        "vpcs",
        "subnets",
        "route_tables",
        "internet_gateways",
        "security_groups",
        "instances",
    ] {
        for c in d["network"][kind].as_array_mut().unwrap() {
            if c["name"] != "default" {
                c["name"] = serde_json::json!(format!("{} {k}", evil[k % evil.len()]));
                k += 1;
            }
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("hostile.json");
    std::fs::write(&path, d.to_string()).unwrap();
    path
}

#[test]
fn hostile_names_stay_inside_their_strings() {
    let dir = scratch("hostile");
    let design = hostile_design(&scratch("hostile-src"));
    ok(&["export", "--terraform", s(&dir), "--design", s(&design)]);
    let all: String = ["network.tf", "security.tf", "compute.tf"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    assert!(
        !all.contains("\"pwned\""),
        "a name ended its string:\n{all}"
    );
    assert!(all.contains("$${file("), "{all}");
    let (matrix, _) = ok(&["matrix", "--terraform", s(&dir), "--ports", "22"]);
    assert!(!matrix.contains("pwned"), "{matrix}");
}

/// `terraform fmt -check` agrees with the layout, when Terraform is installed (it is not a
/// dependency: the test says so and passes without it).
#[test]
fn terraform_fmt_finds_nothing_to_change() {
    if Command::new("terraform").arg("version").output().is_err() {
        eprintln!("terraform is not installed: skipping the `terraform fmt -check` comparison");
        return;
    }
    let root = scratch("fmt");
    let sources = [
        (
            "week1",
            "tests/fixtures/designs/week1-sample.json".to_string(),
        ),
        (
            "hostile",
            s(&hostile_design(&scratch("fmt-src"))).to_string(),
        ),
    ];
    for (name, design) in &sources {
        let dir = root.join(name);
        ok(&["export", "--terraform", s(&dir), "--design", design]);
    }
    ok(&[
        "export",
        "--terraform",
        s(&root.join("aws")),
        "--aws",
        "tests/fixtures/aws/full-stack.json",
    ]);
    let out = Command::new("terraform")
        .args(["fmt", "-check", "-diff", "-recursive", s(&root)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "terraform fmt would change:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `terraform validate` against the real AWS provider's schema, opt-in: set
/// `STRATOSIM_TF_PLUGIN_DIR` to a local provider mirror holding `hashicorp/aws` (the test
/// downloads nothing) and have `terraform` on the PATH.
#[test]
fn terraform_validate_accepts_the_export_with_a_local_provider_mirror() {
    let Ok(plugins) = std::env::var("STRATOSIM_TF_PLUGIN_DIR") else {
        eprintln!("STRATOSIM_TF_PLUGIN_DIR is not set: skipping `terraform validate`");
        return;
    };
    let root = scratch("validate");
    let mut dirs = Vec::new();
    for design in [
        "tests/fixtures/designs/week1-sample.json".to_string(),
        s(&hostile_design(&scratch("validate-src"))).to_string(),
    ] {
        let dir = root.join(dirs.len().to_string());
        ok(&["export", "--terraform", s(&dir), "--design", &design]);
        dirs.push(dir);
    }
    let dir = root.join("aws");
    ok(&[
        "export",
        "--terraform",
        s(&dir),
        "--aws",
        "tests/fixtures/aws/full-stack.json",
    ]);
    dirs.push(dir);
    for dir in dirs {
        let tf = |args: &[&str]| {
            Command::new("terraform")
                .current_dir(&dir)
                .args(args)
                .output()
                .expect("run terraform")
        };
        let init = tf(&[
            "init",
            "-backend=false",
            "-input=false",
            &format!("-plugin-dir={plugins}"),
        ]);
        assert!(
            init.status.success(),
            "{}",
            String::from_utf8_lossy(&init.stderr)
        );
        let v = tf(&["validate", "-no-color"]);
        assert!(
            v.status.success(),
            "{}: {}{}",
            dir.display(),
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }
}

#[test]
fn a_privatelink_capture_exports_interface_endpoints_and_prefix_lists_that_trace_the_same() {
    let dir = scratch("privatelink");
    let aws = "tests/fixtures/aws/privatelink";
    ok(&["export", "--terraform", s(&dir), "--aws", aws]);
    let network = std::fs::read_to_string(dir.join("network.tf")).unwrap();
    for needle in [
        "resource \"aws_ec2_managed_prefix_list\" \"app_subnets\"",
        "vpc_endpoint_type   = \"Interface\"",
        "private_dns_enabled = true",
    ] {
        assert!(network.contains(needle), "{needle}:\n{network}");
    }
    let verdict = |args: &[&str]| {
        let (out, _) = ok(args);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        (v["verdict"].clone(), v["reason_code"].clone())
    };
    for (from, to, port) in [
        ("i-0plapp000000000001", "vpce-0plsecrets00001", "443"),
        ("i-0plops000000000002", "vpce-0plsecrets00001", "443"),
        ("vpce-0plsecrets00001", "i-0plapp000000000001", "22"),
    ] {
        let (tf_from, tf_to) = (address(from), address(to));
        let want = verdict(&[
            "trace", "--aws", aws, "--from", from, "--to", to, "--port", port, "--json",
        ]);
        let got = verdict(&[
            "trace",
            "--terraform",
            s(&dir),
            "--from",
            tf_from,
            "--to",
            tf_to,
            "--port",
            port,
            "--json",
        ]);
        assert_eq!(want, got, "{from} → {to}");
    }
}

/// The exporter's address for the PrivateLink fixture's ids (their `Name` tags).
fn address(id: &str) -> &'static str {
    match id {
        "i-0plapp000000000001" => "aws_instance.app",
        "i-0plops000000000002" => "aws_instance.ops",
        "vpce-0plsecrets00001" => "aws_vpc_endpoint.secrets",
        other => panic!("no address for {other}"),
    }
}
