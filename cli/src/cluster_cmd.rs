//! `stratosim schedule | simulate`: the cluster subcommands.

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum ClusterCommand {}

pub fn run(cmd: ClusterCommand) -> anyhow::Result<ExitCode> {
    match cmd {}
}
