//! The hub-and-spoke design the app's e2e opens (tests/fixtures/transit/hub-and-spoke-design.json):
//! `samples::hub_and_spoke(2)` laid out by `edit::auto_layout`, which draws the transit
//! gateway outside the VPCs. Regenerate after an intended layout change with
//! `UPDATE_GOLDEN=1 cargo test -p sim --test transit_layout` and review the diff.

use sim::network::edit::auto_layout;
use sim::network::samples::hub_and_spoke;
use sim::network::Design;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/transit/hub-and-spoke-design.json"
);

#[test]
fn the_hub_and_spoke_fixture_is_the_sample_laid_out() {
    let mut d = Design::new("Hub and spoke", hub_and_spoke(2));
    auto_layout(&mut d);
    let want = d.to_json_pretty() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(FIXTURE, &want).unwrap();
    }
    let have = std::fs::read_to_string(FIXTURE).unwrap();
    assert_eq!(have, want, "regenerate with UPDATE_GOLDEN=1");
    let back = Design::from_json(&have).unwrap();
    for t in &back.network.transit_gateways {
        assert!(back.layout.contains_key(&t.id), "{} is drawn", t.id);
    }
}
