//! The `stratosim` command: parse arguments, read files, call `sim`, print, set the exit code.

use clap::Parser;

#[derive(Parser, Debug)]
#[command(name = "stratosim", version, about = "Simulate AWS VPC designs and Kubernetes clusters: trace packets, lint designs, schedule pods")]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
    println!("stratosim {} — run `stratosim --help` for commands", sim::VERSION);
}
