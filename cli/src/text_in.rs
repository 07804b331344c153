//! Reading a user's file as text: every input of the CLI comes through [`read_text`], so
//! UTF-8 with a byte-order mark and UTF-16 with one (Windows PowerShell's `>`) read the same
//! as plain UTF-8 (`sim::text_decode`).

use std::path::Path;

use anyhow::{Context, Result};

/// The file's text, decoded by `sim::text_decode::decode`; errors name the file.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(sim::text_decode::decode(
        &path.display().to_string(),
        &bytes,
    )?)
}
