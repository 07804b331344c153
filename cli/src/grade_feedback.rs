//! `stratosim grade --feedback DIR`: one Markdown file per student (`DIR/<student>.md`).
//!
//! Each failed check gets its message, the points lost, the evidence (for reachability and
//! least-privilege checks: the component that blocked the flow or the rule that allowed too
//! much, with the reason code, and the failing trace hop by hop, re-traced with `sim`), and the
//! check's hint from the rubric. A submission that could not be loaded gets a file saying why.
//! Student text is Markdown-escaped; file names are slugs, made unique with `_`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use sim::grade::{CheckResult, Rubric};
use sim::network::{trace, Design};

use crate::grade_cmd::Graded;
use crate::variants_cmd::slug;

/// Escapes the characters Markdown would read as formatting.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>#|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The hops of the flow a check failed on, one line each (forward, then the return path).
fn trace_lines(design: &Design, c: &CheckResult) -> Vec<String> {
    let Some(flow) = &c.flow else {
        return Vec::new();
    };
    let Ok(t) = trace(&design.network, flow) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (side, hops) in [("→", &t.hops), ("←", &t.return_hops)] {
        for h in hops.iter().filter(|h| !h.after_blocker) {
            out.push(format!(
                "{side} {} {:?} {:?}: {}",
                h.component, h.kind, h.decision, h.explanation
            ));
        }
    }
    out
}

/// The Markdown of one student.
pub fn feedback(rubric: &Rubric, g: &Graded) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — {}\n",
        md_escape(&g.student),
        md_escape(&rubric.title)
    );
    let _ = writeln!(out, "Submission: `{}`  ", g.submission.replace('`', "'"));
    if let Some(v) = &g.variant {
        let _ = writeln!(out, "Variant: {v}  ");
    }
    let r = match &g.result {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                out,
                "\n**Not graded: the submission could not be loaded.**\n\n> {}\n\nFix the file and hand it in again.",
                md_escape(e)
            );
            return out;
        }
    };
    let _ = writeln!(
        out,
        "Score: **{}/{}** ({:.1} %)\n",
        r.score,
        r.max,
        r.percent()
    );
    if let Some(f) = &g.variant_flag {
        let _ = writeln!(
            out,
            "> ⚠ Your design carries the values of variant {f}, not yours: check the statement you were given.\n"
        );
    }
    let failed: Vec<&CheckResult> = r.checks.iter().filter(|c| !c.passed).collect();
    if failed.is_empty() {
        let _ = writeln!(out, "Every check passed.");
        return out;
    }
    let _ = writeln!(out, "## What to fix ({} checks)\n", failed.len());
    for c in failed {
        let _ = writeln!(
            out,
            "### {} — {} (−{} points)\n",
            md_escape(&c.id),
            md_escape(&c.message),
            c.points
        );
        let _ = writeln!(out, "{}\n", md_escape(&c.evidence));
        match (&c.blocked_by, &c.reason_code) {
            (Some(b), Some(code)) if code == "REACHABLE" || code == "RULE_TOO_WIDE" => {
                let _ = writeln!(out, "- Rule that allows too much: `{b}` ({code})");
            }
            (Some(b), Some(code)) => {
                let _ = writeln!(out, "- Blocked by: `{b}` ({code})");
            }
            (None, Some(code)) => {
                let _ = writeln!(out, "- Reason: {code}");
            }
            _ => {}
        }
        if let Some(d) = &g.design {
            let lines = trace_lines(d, c);
            if !lines.is_empty() {
                let _ = writeln!(out, "- The trace:\n\n```text");
                for l in lines {
                    let _ = writeln!(out, "{}", l.replace("```", "'''"));
                }
                let _ = writeln!(out, "```");
            }
        }
        let hint = rubric
            .checks
            .iter()
            .find(|x| x.id == c.id)
            .map(|x| x.hint.as_str())
            .unwrap_or("");
        if !hint.is_empty() {
            let _ = writeln!(out, "\n**Hint:** {}", md_escape(hint));
        }
        out.push('\n');
    }
    out
}

/// Writes every student's file; returns how many were written.
pub fn write_all(dir: &Path, rubric: &Rubric, graded: &[Graded]) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut used = BTreeSet::new();
    for g in graded {
        let mut name = slug(&g.student);
        while !used.insert(name.clone()) {
            name.push('_');
        }
        let path = dir.join(format!("{name}.md"));
        std::fs::write(&path, feedback(rubric, g))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(graded.len())
}

#[cfg(test)]
mod tests {
    use super::md_escape;

    #[test]
    fn markdown_in_names_is_escaped() {
        assert_eq!(md_escape("a*b_[c]<x>"), "a\\*b\\_\\[c\\]\\<x\\>");
    }
}
