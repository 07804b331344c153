//! The honesty columns of `stratosim grade`: copy detection (`sim::grade::copy`), the variant
//! a student was graded against and the values of another variant they handed in, and the
//! checksum of link + score (`sim::share::checksum`) — recomputed, and compared with the one
//! given next to the link in a link list.
//!
//! Each appears the same way in every format: JSON fields `variant`, `variant_flag`,
//! `copy_of` (`[{"student", "submission", "kind", "similarity"}]`), `checksum`,
//! `checksum_given`, `checksum_ok`; CSV columns `variant`, `copy_of`, `checksum`; table lines
//! after the scores; a section of the HTML report.

use serde_json::{json, Value};
use sim::grade::copy;

use crate::grade_cmd::Graded;

/// One side of a flagged pair, as seen from the other.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyMark {
    pub index: usize,
    pub student: String,
    pub submission: String,
    pub kind: &'static str,
    pub similarity: f64,
}

/// Runs copy detection over the class and marks both sides of every pair.
pub fn flag(graded: &mut [Graded], reference: Option<&sim::network::Design>) {
    let prints: Vec<Option<copy::Fingerprint>> = graded
        .iter()
        .map(|g| g.design.as_ref().map(copy::fingerprint))
        .collect();
    let reference = reference.map(copy::fingerprint);
    for p in copy::detect(&prints, reference.as_ref()) {
        let mark = |g: &Graded, index: usize| CopyMark {
            index,
            student: g.student.clone(),
            submission: g.submission.clone(),
            kind: p.kind,
            similarity: p.similarity,
        };
        let (ma, mb) = (mark(&graded[p.b], p.b), mark(&graded[p.a], p.a));
        graded[p.a].copy_of.push(ma);
        graded[p.b].copy_of.push(mb);
    }
}

/// The pairs of the class, each once, in input order.
pub fn pairs(graded: &[Graded]) -> Vec<(usize, &CopyMark)> {
    let mut out = Vec::new();
    for (i, g) in graded.iter().enumerate() {
        for m in &g.copy_of {
            if m.index > i {
                out.push((i, m));
            }
        }
    }
    out
}

pub fn pairs_json(graded: &[Graded]) -> Value {
    Value::Array(
        pairs(graded)
            .into_iter()
            .map(|(i, m)| {
                json!({
                    "a": graded[i].student,
                    "a_submission": graded[i].submission,
                    "b": m.student,
                    "b_submission": m.submission,
                    "kind": m.kind,
                    "similarity": m.similarity,
                })
            })
            .collect(),
    )
}

/// The checksum of this submission's link and score, when it came from a link and was graded.
pub fn checksum(g: &Graded) -> Option<String> {
    let link = g.link.as_ref()?;
    let r = g.result.as_ref().ok()?;
    Some(sim::share::checksum(link, r.score, r.max))
}

pub fn json_fields(g: &Graded) -> Value {
    let sum = checksum(g);
    json!({
        "variant": g.variant,
        "variant_flag": g.variant_flag.as_ref().map(|v| format!("the design carries the values of variant {v}, not {}", g.variant.as_deref().unwrap_or("its own"))),
        "copy_of": g.copy_of.iter().map(|m| json!({
            "student": m.student,
            "submission": m.submission,
            "kind": m.kind,
            "similarity": m.similarity,
        })).collect::<Vec<_>>(),
        "checksum": sum,
        "checksum_given": g.given_checksum,
        "checksum_ok": g.given_checksum.as_ref().map(|given| sum.as_deref() == Some(given.trim())),
    })
}

/// The `variant`, `copy_of` and `checksum` CSV cells.
pub fn csv_fields(g: &Graded) -> [String; 3] {
    let variant = match (&g.variant, &g.variant_flag) {
        (Some(v), Some(f)) => format!("{v} (values of {f})"),
        (Some(v), None) => v.clone(),
        _ => String::new(),
    };
    let copies: Vec<String> = g
        .copy_of
        .iter()
        .map(|m| format!("{} ({} {:.2})", m.student, m.kind, m.similarity))
        .collect();
    let sum = match (checksum(g), &g.given_checksum) {
        (Some(s), Some(given)) if s != given.trim() => format!("{s} (given {given}: MISMATCH)"),
        (Some(s), _) => s,
        (None, _) => String::new(),
    };
    [variant, copies.join("; "), sum]
}

/// Lines for the table format: copy pairs, wrong variants, checksum mismatches.
pub fn table_lines(graded: &[Graded]) -> String {
    let mut out = String::new();
    let p = pairs(graded);
    if !p.is_empty() {
        out.push_str(
            "\npossible copies (identical or near-identical after normalising names and ids):\n",
        );
        for (i, m) in p {
            out.push_str(&format!(
                "  {} ↔ {}: {} (similarity {:.2})\n",
                graded[i].student, m.student, m.kind, m.similarity
            ));
        }
    }
    for g in graded {
        if let (Some(v), Some(f)) = (&g.variant, &g.variant_flag) {
            out.push_str(&format!(
                "\nwrong variant: {} was given {v} but the design carries the values of {f}\n",
                g.student
            ));
        }
        if let (Some(s), Some(given)) = (checksum(g), &g.given_checksum) {
            if s != given.trim() {
                out.push_str(&format!(
                    "\nchecksum mismatch: {} — given {given}, recomputed {s} (the score or the link was changed)\n",
                    g.student
                ));
            }
        }
    }
    out
}
