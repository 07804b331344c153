//! Standard output that ends quietly when its reader goes away.
//!
//! `stratosim … | head -1` closes the pipe after one line; std's `println!` then panics
//! ("failed printing to stdout: Broken pipe", exit 134). Like ripgrep, a closed pipe means
//! the reader has what it wanted: the command exits 0 at once, printing nothing more. Any
//! other write error (a full disk, a revoked descriptor) is reported and exits 2, so output
//! is never silently cut short.

use std::io::{ErrorKind, Write};

/// Writes `text` to stdout and flushes it (see the module doc for what a failure does).
pub fn write_str(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        fail(e);
    }
}

/// Writes formatted arguments to stdout (the body of the crate's `print!`/`println!`).
pub fn write_fmt(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args) {
        fail(e);
    }
}

fn fail(e: std::io::Error) -> ! {
    if e.kind() == ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(2);
}
