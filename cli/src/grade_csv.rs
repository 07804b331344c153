//! `stratosim grade --format csv`: a gradebook-ready sheet.
//!
//! Columns: `student,score,max,percent`, then one column per check holding the points earned
//! (`0` or the check's points, not 1/0), then `error`, `variant`, `copy_of`, `checksum` and
//! `submission`. A submission that could not be loaded has its student, `max` and `error`, and
//! empty score, percent and check cells — the same shape as in the JSON and the table, so a
//! gradebook import shows it as missing, not as zero. RFC 4180 quoting.

use std::fmt::Write as _;

use sim::grade::Rubric;

use crate::grade_cmd::{percent2, Graded};

/// RFC 4180 quoting of one cell; cells a spreadsheet would run as a formula (`=`, `+`, `-`,
/// `@` first) are prefixed with `'` so a student's name cannot inject one.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The sheet, one row per submission in input order.
pub fn to_csv(rubric: &Rubric, graded: &[Graded]) -> String {
    let mut out = String::from("student,score,max,percent");
    for c in &rubric.checks {
        out.push(',');
        out.push_str(&csv_field(&c.id));
    }
    out.push_str(",error,variant,copy_of,checksum,submission\n");
    let max = rubric.max_points();
    for g in graded {
        out.push_str(&csv_field(&g.student));
        match &g.result {
            Ok(r) => {
                let _ = write!(out, ",{},{},{:.2}", r.score, r.max, percent2(r));
                for c in &rubric.checks {
                    out.push(',');
                    if let Some(x) = r.check(&c.id) {
                        let _ = write!(out, "{}", x.earned);
                    }
                }
                out.push(',');
            }
            Err(e) => {
                let _ = write!(out, ",,{max},");
                for _ in &rubric.checks {
                    out.push(',');
                }
                out.push(',');
                out.push_str(&csv_field(e));
            }
        }
        let extra = crate::grade_copy::csv_fields(g);
        for cell in extra {
            out.push(',');
            out.push_str(&csv_field(&cell));
        }
        out.push(',');
        out.push_str(&csv_field(&g.submission));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        for (cell, want) in [
            ("alice", "alice"),
            ("Kim, Min-ji", "\"Kim, Min-ji\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
            ("-1", "'-1"),
        ] {
            assert_eq!(csv_field(cell), want, "{cell}");
        }
    }
}
