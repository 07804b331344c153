//! What `stratosim grade` reads besides design files and folders: share links, given as
//! arguments or in a text/CSV file of `name,link` lines, and the student name of every
//! submission. Links are decoded by `sim::share`, the codec the app writes them with.
//!
//! A link list line is `link`, `name,link` or `name,link,checksum` (CSV quoting allowed);
//! blank lines, `#` comments (a line that is not a `#design=…` fragment) and a `name,link`
//! header are skipped. A line that holds no link is
//! an `Err` naming the file and line (exit 2): a typo in the class list must not silently drop a
//! student. A link that does not decode is that student's load error, like an unreadable file.

use std::path::Path;

use anyhow::{bail, Context};

/// One link to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSource {
    /// The name given in the list, if any.
    pub name: Option<String>,
    pub link: String,
    /// Where it came from: `links.csv:3` or `argument 2`.
    pub origin: String,
    /// A checksum written next to the link (what the app's report showed), to verify.
    pub checksum: Option<String>,
}

/// True when a command-line argument is a link rather than a path.
pub fn is_link_argument(arg: &str) -> bool {
    sim::share::is_link(arg) && !Path::new(arg).exists()
}

/// True for a file that should be read as a link list: `.txt`/`.csv`, or any non-JSON file
/// whose text holds a `design=` fragment.
pub fn is_link_list(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt") | Some("csv") => true,
        Some("json") | Some("tf") => false,
        _ => std::fs::read_to_string(path)
            .is_ok_and(|t| !t.trim_start().starts_with('{') && t.lines().any(sim::share::is_link)),
    }
}

/// Splits one CSV line (RFC 4180 quoting; no embedded newlines).
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            (',', false) => out.push(std::mem::take(&mut cur).trim().to_string()),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// Reads a link list file.
pub fn read_link_list(path: &Path) -> anyhow::Result<Vec<LinkSource>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read link list {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim().trim_start_matches('\u{feff}');
        // `#` starts a comment, unless the line is a bare fragment (`#design=…`).
        if t.is_empty() || (t.starts_with('#') && !sim::share::is_link(t)) {
            continue;
        }
        let fields = split_csv_line(t);
        let origin = format!("{}:{}", path.display(), i + 1);
        let at = fields.iter().position(|f| sim::share::is_link(f));
        let Some(at) = at else {
            let header = fields
                .iter()
                .any(|f| f.eq_ignore_ascii_case("link") || f.eq_ignore_ascii_case("url"));
            if header && out.is_empty() {
                continue;
            }
            bail!(
                "{origin}: expected `name,link` with a share link (holding `#design=`), got `{t}`"
            );
        };
        let name = (at > 0)
            .then(|| fields[..at].join(" "))
            .filter(|n| !n.is_empty());
        out.push(LinkSource {
            name,
            link: fields[at].clone(),
            origin,
            checksum: fields.get(at + 1).filter(|c| !c.is_empty()).cloned(),
        });
    }
    if out.is_empty() {
        bail!("link list {} holds no links", path.display());
    }
    Ok(out)
}

/// The student of a file or folder submission: its file name without `.json`.
pub fn student_of_path(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match name.strip_suffix(".json") {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_split_with_quotes() {
        for (line, want) in [
            ("a,b", vec!["a", "b"]),
            ("\"Kim, Min-ji\",x", vec!["Kim, Min-ji", "x"]),
            ("\"say \"\"hi\"\"\",y", vec!["say \"hi\"", "y"]),
            (" a , b ,", vec!["a", "b", ""]),
        ] {
            assert_eq!(split_csv_line(line), want, "{line}");
        }
    }

    #[test]
    fn file_names_become_student_names() {
        for (p, want) in [
            ("class/alice.json", "alice"),
            ("class/dave", "dave"),
            ("x/.json", ".json"),
        ] {
            assert_eq!(student_of_path(Path::new(p)), want);
        }
    }
}
