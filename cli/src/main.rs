//! The `stratosim` command: parse arguments, read files, call `sim`, print, set the exit code.
//!
//! Each family of subcommands lives in its own module (`network_cmd`, `cluster_cmd`, `grade_cmd`, `export_cmd`) and
//! returns an `ExitCode`; `main` only owns the mapping of errors to exit code 2 with a
//! message on stderr, so bad input never panics.

// `print!`/`println!` in this crate go through `output`, which ends quietly on a closed pipe
// instead of panicking like std's. Defined before the modules so that they all use them.
macro_rules! print {
    ($($arg:tt)*) => { $crate::output::write_fmt(format_args!($($arg)*)) };
}
macro_rules! println {
    () => { $crate::output::write_str("\n") };
    ($($arg:tt)*) => {
        $crate::output::write_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod cluster_cmd;
mod export_cmd;
mod grade_cmd;
mod network_cmd;
mod output;
mod terraform_in;
mod text_in;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "stratosim",
    version,
    about = "Simulate AWS VPC designs and Kubernetes clusters: trace packets, lint designs, schedule pods",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    #[command(flatten)]
    Network(network_cmd::NetworkCommand),
    #[command(flatten)]
    Cluster(cluster_cmd::ClusterCommand),
    #[command(flatten)]
    Grade(grade_cmd::GradeCommand),
    #[command(flatten)]
    Export(export_cmd::ExportCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            println!(
                "stratosim {} — run `stratosim --help` for commands",
                sim::VERSION
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Network(cmd)) => network_cmd::run(cmd),
        Some(Command::Cluster(cmd)) => cluster_cmd::run(cmd),
        Some(Command::Grade(cmd)) => grade_cmd::run(cmd),
        Some(Command::Export(cmd)) => export_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
