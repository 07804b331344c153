//! The native design format on disk: tests/fixtures/designs holds designs the app and the
//! CLI read. They are generated from `samples` (regenerate with UPDATE_GOLDEN=1) so the
//! files and the code never drift apart.

use std::fs;
use std::path::{Path, PathBuf};

use sim::network::samples::sample_design;
use sim::network::*;

fn designs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/designs")
}

fn check_file(name: &str, design: &Design) {
    let path = designs().join(name);
    let text = design.to_json_pretty() + "\n";
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        fs::create_dir_all(designs()).unwrap();
        fs::write(&path, &text).unwrap();
    }
    let on_disk = fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(
        on_disk, text,
        "{name} is out of date; run with UPDATE_GOLDEN=1"
    );
    assert_eq!(
        &Design::from_json(&on_disk).unwrap(),
        design,
        "{name} loads back to the same design"
    );
}

/// The sample with seed 004's bug: the public route table lost its route to the IGW.
fn broken_bastion() -> Design {
    let mut d = sample_design();
    d.name = "seed 004: bastion without an IGW route".into();
    d.network.route_tables[1]
        .routes
        .retain(|r| r.target.kind != TargetKind::Igw);
    d.flows.truncate(1);
    d
}

#[test]
fn design_fixtures_match_the_samples() {
    check_file("week1-sample.json", &sample_design());
    check_file("bastion-no-igw-route.json", &broken_bastion());
}

#[test]
fn saved_flows_meet_their_expectations_in_the_sample() {
    let d = sample_design();
    for f in &d.flows {
        let t = trace_design(&d, &f.to_flow()).unwrap();
        let want = f.expect.map(|e| e == Expectation::Reachable);
        assert_eq!(Some(t.is_reachable()), want, "{}", f.name);
    }
}

#[test]
fn the_broken_bastion_is_fixed_by_its_suggested_fix() {
    let mut d = broken_bastion();
    let flow = Flow::tcp("203.0.113.10", "i-0bastion", 22);
    let t = trace_design(&d, &flow).unwrap();
    assert_eq!(t.blockers[0].component, "rtb-0public");
    t.blockers[0].fix.as_ref().unwrap().apply(&mut d).unwrap();
    assert!(trace_design(&d, &flow).unwrap().is_reachable());
    assert!(lint_design(&d).iter().all(|x| x.severity == Severity::Info));
}
