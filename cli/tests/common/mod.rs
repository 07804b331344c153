//! Helpers every CLI test file shares: where the committed fixtures are and how to run the
//! built binary. Each test file compiles this module on its own and uses only some of it,
//! hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// A path under the repository's `tests/fixtures/`, as the argument string the CLI takes.
pub fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

/// Runs `stratosim` with `args` and returns what it printed and its exit status.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratosim"))
        .args(args)
        .output()
        .expect("run stratosim")
}
