//! Prints the built-in sample design as native JSON: `cargo run -p sim --example sample_design`.
fn main() {
    println!(
        "{}",
        sim::network::samples::sample_design().to_json_pretty()
    );
}
