//! Writes a large generated design as native JSON, for performance tests of the app:
//! `cargo run -p sim --example generate_design -- 500 > big.json` (about that many components:
//! VPCs with AZ boxes, subnets, instances, NAT gateways and databases, laid out automatically;
//! `sim::network::samples::generated_design`).

fn main() {
    let target: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    println!(
        "{}",
        sim::network::samples::generated_design(target).to_json_pretty()
    );
}
