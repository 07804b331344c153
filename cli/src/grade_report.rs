//! `stratosim grade --report class.html`: one self-contained page for the class.
//!
//! Sections: summary, score histogram, per-check pass rates, the most common failing traces
//! (failed checks grouped by check, blocking component and reason code), copy-detection pairs,
//! the variant distribution and one row per student (score, failed checks, checksum). Charts are
//! inline SVG drawn by `plotters`' SVG backend; the page loads nothing from the network (no
//! scripts, fonts or images from elsewhere), prints on A4 (`@page`), and every piece of text
//! that comes from a submission or a rubric is HTML-escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use plotters::prelude::*;
use sim::grade::Rubric;

use crate::grade_cmd::{summarize, Graded};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const BLUE: RGBColor = RGBColor(0x2b, 0x6c, 0xb0);
const WIDTH: u32 = 680;

/// A vertical bar chart of `(label, value)`; `max_y` fixes the scale. Labels are escaped by
/// the SVG backend.
fn bars(title: &str, x_desc: &str, data: &[(String, f64)], max_y: f64) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 260)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let n = data.len().max(1);
        let chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..n as f64, 0f64..max_y.max(1.0));
        if let Ok(mut chart) = chart {
            let labels: Vec<String> = data.iter().map(|(l, _)| l.clone()).collect();
            let _ = chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc(x_desc)
                .x_labels(n.min(12))
                .x_label_formatter(&|x| {
                    let i = x.floor() as usize;
                    labels.get(i).cloned().unwrap_or_default()
                })
                .draw();
            let _ = chart.draw_series(data.iter().enumerate().map(|(i, (_, v))| {
                Rectangle::new([(i as f64 + 0.1, 0.0), (i as f64 + 0.9, *v)], BLUE.filled())
            }));
        }
        let _ = root.present();
    }
    svg
}

/// Horizontal bars: one per check, its pass rate in percent.
fn pass_rates(rates: &[(String, f64)]) -> String {
    let mut svg = String::new();
    let h = (rates.len() as u32 * 18 + 70).max(120);
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let n = rates.len().max(1);
        let chart = ChartBuilder::on(&root)
            .caption("Pass rate per check (%)", ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(220)
            .build_cartesian_2d(0f64..100f64, 0f64..n as f64);
        if let Ok(mut chart) = chart {
            let labels: Vec<String> = rates.iter().map(|(l, _)| l.clone()).collect();
            let _ = chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(n)
                .y_label_formatter(&|y| {
                    let i = y.floor() as usize;
                    // Row 0 at the top.
                    labels
                        .get(n.saturating_sub(1).saturating_sub(i))
                        .cloned()
                        .unwrap_or_default()
                })
                .draw();
            let _ = chart.draw_series(rates.iter().enumerate().map(|(i, (_, v))| {
                let row = (n - 1 - i) as f64;
                Rectangle::new([(0.0, row + 0.15), (*v, row + 0.85)], BLUE.filled())
            }));
        }
        let _ = root.present();
    }
    svg
}

/// The page.
pub fn render(rubric: &Rubric, graded: &[Graded]) -> String {
    let s = summarize(rubric, graded);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
<title>{title} — class report</title><style>\
@page {{ size: 210mm 297mm; margin: 15mm; }}\
body {{ font-family: sans-serif; font-size: 11pt; max-width: 180mm; margin: auto; color: #111; }}\
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}\
th, td {{ border: 1px solid #bbb; padding: 2px 4px; text-align: left; vertical-align: top; }}\
section {{ break-inside: avoid; page-break-inside: avoid; margin-bottom: 6mm; }}\
svg {{ max-width: 100%; height: auto; }}\
.warn {{ color: #a40000; }}\
</style></head><body>\n",
        title = esc(&rubric.title)
    );
    let _ = writeln!(
        html,
        "<h1>{} — class report</h1>\n<p>Rubric <code>{}</code>: {} checks, {} points. {} submissions: {} graded, {} could not be loaded. Mean score {:.2}/{} ({:.1} %).</p>",
        esc(&rubric.title),
        esc(&rubric.id),
        rubric.checks.len(),
        rubric.max_points(),
        s.count,
        s.graded,
        s.errors,
        s.mean,
        rubric.max_points(),
        s.mean_percent
    );
    // Score histogram, 10 % bins.
    let mut bins = [0f64; 10];
    for g in graded {
        if let Ok(r) = &g.result {
            let b = ((r.percent() / 10.0).floor() as usize).min(9);
            bins[b] += 1.0;
        }
    }
    let hist: Vec<(String, f64)> = bins
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{}–{}", i * 10, i * 10 + 10), *v))
        .collect();
    let top = bins.iter().cloned().fold(0.0, f64::max);
    let _ = writeln!(
        html,
        "<section><h2>Scores</h2>{}</section>",
        bars("Students per score band (%)", "score (%)", &hist, top)
    );
    let rates: Vec<(String, f64)> = s
        .rates
        .iter()
        .map(|r| {
            let pct = if r.total == 0 {
                0.0
            } else {
                r.passed as f64 * 100.0 / r.total as f64
            };
            (r.id.clone(), pct)
        })
        .collect();
    let _ = writeln!(
        html,
        "<section><h2>Checks</h2>{}</section>",
        pass_rates(&rates)
    );
    // Most common failing traces.
    let mut failing: BTreeMap<(String, String, String), (usize, String)> = BTreeMap::new();
    for g in graded {
        if let Ok(r) = &g.result {
            for c in r.checks.iter().filter(|c| !c.passed) {
                let key = (
                    c.id.clone(),
                    c.blocked_by.clone().unwrap_or_default(),
                    c.reason_code.clone().unwrap_or_default(),
                );
                let e = failing.entry(key).or_insert((0, c.evidence.clone()));
                e.0 += 1;
            }
        }
    }
    let mut common: Vec<_> = failing.into_iter().collect();
    common.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    let _ = writeln!(
        html,
        "<section><h2>Most common failures</h2><table><tr><th>students</th><th>check</th><th>component</th><th>reason</th><th>example evidence</th></tr>"
    );
    for ((id, comp, code), (n, ev)) in common.iter().take(10) {
        let _ = writeln!(
            html,
            "<tr><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(id),
            esc(comp),
            esc(code),
            esc(ev)
        );
    }
    let _ = writeln!(html, "</table></section>");
    // Copy pairs.
    let pairs = crate::grade_copy::pairs(graded);
    let _ = writeln!(html, "<section><h2>Possible copies</h2>");
    if pairs.is_empty() {
        let _ = writeln!(
            html,
            "<p>No two submissions are identical or near-identical after normalising names and ids.</p>"
        );
    } else {
        let _ = writeln!(
            html,
            "<table><tr><th>student</th><th>student</th><th>kind</th><th>similarity</th></tr>"
        );
        for (i, m) in pairs {
            let _ = writeln!(
                html,
                "<tr class=\"warn\"><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
                esc(&graded[i].student),
                esc(&m.student),
                m.kind,
                m.similarity
            );
        }
        let _ = writeln!(html, "</table>");
    }
    let _ = writeln!(html, "</section>");
    // Variant distribution.
    let mut variants: BTreeMap<String, f64> = BTreeMap::new();
    for g in graded {
        *variants
            .entry(g.variant.clone().unwrap_or_else(|| "none".into()))
            .or_default() += 1.0;
    }
    if variants.keys().any(|k| k != "none") {
        let data: Vec<(String, f64)> = variants.into_iter().collect();
        let top = data.iter().map(|(_, v)| *v).fold(0.0, f64::max);
        let _ = writeln!(
            html,
            "<section><h2>Variants</h2>{}</section>",
            bars("Students per variant", "variant", &data, top)
        );
    }
    // Students.
    let _ = writeln!(
        html,
        "<section><h2>Students</h2><table><tr><th>student</th><th>score</th><th>%</th><th>failed checks / error</th><th>flags</th><th>checksum</th></tr>"
    );
    for g in graded {
        let [variant, copies, sum] = crate::grade_copy::csv_fields(g);
        let flags = [variant, copies]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        match &g.result {
            Ok(r) => {
                let _ = writeln!(
                    html,
                    "<tr><td>{}</td><td>{}/{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                    esc(&g.student),
                    r.score,
                    r.max,
                    r.percent(),
                    esc(&r.failed().join(", ")),
                    esc(&flags),
                    esc(&sum)
                );
            }
            Err(e) => {
                let _ = writeln!(
                    html,
                    "<tr class=\"warn\"><td>{}</td><td>-/{}</td><td>-</td><td>error: {}</td><td>{}</td><td></td></tr>",
                    esc(&g.student),
                    rubric.max_points(),
                    esc(e),
                    esc(&flags)
                );
            }
        }
    }
    let _ = writeln!(html, "</table></section>\n</body></html>");
    html
}

pub fn write(path: &Path, rubric: &Rubric, graded: &[Graded]) -> anyhow::Result<()> {
    std::fs::write(path, render(rubric, graded))
        .with_context(|| format!("cannot write report {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }
}
