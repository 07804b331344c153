//! `stratosim trace | lint | matrix`: the network subcommands.

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum NetworkCommand {}

pub fn run(cmd: NetworkCommand) -> anyhow::Result<ExitCode> {
    match cmd {}
}
