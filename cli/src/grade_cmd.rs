//! `stratosim scenarios | grade`: the built-in scenario library and class grading.
//!
//! `grade` reads every submission, grades them in parallel (rayon) and prints one row per
//! submission plus per-check pass rates. A submission that cannot be read or parsed gets its
//! error in the report and does not stop the others (exit 0). A bad rubric, an unknown
//! scenario, a path that does not exist or no submission at all is an `Err` (exit 2).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde_json::{json, Value};
use sim::grade::{grade, Report, Rubric, Submission};
use sim::scenarios;

#[derive(Subcommand, Debug)]
pub enum GradeCommand {
    /// List the built-in scenarios (assignments and broken challenges) with their stable ids.
    Scenarios(ScenariosArgs),
    /// Grade submissions (design files, AWS CLI JSON, or directories of them) against a rubric.
    Grade(GradeArgs),
}

#[derive(Args, Debug)]
pub struct ScenariosArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Show one scenario: statement, hints, question card and rubric (with --json: everything,
    /// including the starting design and the reference solution).
    #[arg(long, value_name = "ID")]
    pub show: Option<String>,
}

#[derive(Args, Debug)]
pub struct GradeArgs {
    /// A rubric file (YAML or JSON; see docs/RUBRICS.md).
    #[arg(
        long,
        required_unless_present = "scenario",
        conflicts_with = "scenario"
    )]
    pub rubric: Option<PathBuf>,
    /// The id of a built-in scenario whose rubric to use (see `stratosim scenarios`).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Native design files, AWS CLI JSON files, `terraform show -json` files, or directories.
    /// A directory holding describe-*.json files is one AWS submission, one holding *.tf
    /// files is one Terraform submission (a root module); any other directory is expanded to
    /// its .json files and subdirectories, each one submission.
    #[arg(required = true)]
    pub submissions: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Largest submission graded, in megabytes (10^6 bytes; a directory counts all its files).
    /// A larger one gets an error line and the others are graded: the size bounds each
    /// submission's work, so the class's results do not depend on the machine's speed.
    #[arg(long, value_name = "MB", default_value_t = 8)]
    pub max_submission_mb: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

pub fn run(cmd: GradeCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GradeCommand::Scenarios(a) => list_scenarios(a),
        GradeCommand::Grade(a) => run_grade(a),
    }
}

fn show_scenario(id: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let Some(s) = scenarios::get(id) else {
        bail!(
            "unknown scenario `{id}` (known: {})",
            scenarios::ids().join(", ")
        )
    };
    if as_json {
        println!("{}", serde_json::to_string_pretty(s)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n", s.id, s.title);
    let _ = writeln!(out, "{}", s.statement.trim_end());
    let _ = writeln!(out, "\nhints (reveal one at a time):");
    for (i, h) in s.hints.iter().enumerate() {
        let _ = writeln!(out, "  {}. {h}", i + 1);
    }
    let _ = writeln!(out, "\ninterview question: {}", s.question.prompt);
    for f in &s.question.follow_ups {
        let _ = writeln!(out, "  - {f}");
    }
    let _ = writeln!(
        out,
        "\nrubric {} ({} points):",
        s.rubric.id,
        s.rubric.max_points()
    );
    for c in &s.rubric.checks {
        let _ = writeln!(out, "  {:>3}  {:<36} {}", c.points, c.id, c.message);
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn list_scenarios(a: ScenariosArgs) -> anyhow::Result<ExitCode> {
    if let Some(id) = &a.show {
        return show_scenario(id, a.json);
    }
    let all = scenarios::all();
    if a.json {
        let v: Vec<Value> = all
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "title": s.title,
                    "kind": s.kind,
                    "checks": s.rubric.checks.len(),
                    "points": s.rubric.max_points(),
                    "hints": s.hints.len(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let w = all.iter().map(|s| s.id.len()).max().unwrap_or(2).max(2);
        println!(
            "{:<w$}  {:<10}  {:>6}  {:>6}  TITLE",
            "ID", "KIND", "CHECKS", "POINTS"
        );
        for s in all {
            let kind = match s.kind {
                scenarios::ScenarioKind::Assignment => "assignment",
                scenarios::ScenarioKind::Challenge => "challenge",
            };
            println!(
                "{:<w$}  {:<10}  {:>6}  {:>6}  {}",
                s.id,
                kind,
                s.rubric.checks.len(),
                s.rubric.max_points(),
                s.title
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One submission to read: a file (native, AWS merged JSON or `terraform show -json`), a
/// directory of AWS JSON files, or a directory holding `*.tf` (a Terraform root module).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    File(PathBuf),
    AwsDir(PathBuf),
    TerraformDir(PathBuf),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::File(p) | Source::AwsDir(p) | Source::TerraformDir(p) => p,
        }
    }
}

fn has_tf_files(dir: &Path) -> bool {
    sorted_entries(dir)
        .map(|v| {
            v.iter()
                .any(|p| p.is_file() && p.extension().is_some_and(|e| e == "tf"))
        })
        .unwrap_or(false)
}

/// A Terraform submission (a root module directory or `terraform show -json`) as a design.
fn terraform_submission(path: &Path) -> Result<Submission, String> {
    let import = crate::terraform_in::load(path, &crate::network_cmd::VarArgs::default())
        .map_err(|e| format!("{e:#}"))?;
    let notes = import
        .warnings
        .iter()
        .map(|w| {
            format!(
                "TERRAFORM_ASSUMPTION {}: {} ({})",
                w.block,
                w.message,
                crate::terraform_in::location(&w.file, w.line)
            )
        })
        .collect();
    let mut design = sim::network::Design::new("terraform import", import.network);
    sim::network::edit::auto_layout(&mut design);
    Ok(Submission { design, notes })
}

/// True for the JSON of `terraform show -json` (state or plan).
fn is_terraform_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| {
        v.get("planned_values").is_some()
            || (v.get("format_version").is_some() && v.get("values").is_some())
    })
}

fn sorted_entries(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    v.sort();
    Ok(v)
}

fn is_json(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn has_describe_files(dir: &Path) -> bool {
    sorted_entries(dir)
        .map(|v| {
            v.iter().any(|p| {
                is_json(p)
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("describe-"))
            })
        })
        .unwrap_or(false)
}

/// Expands the command-line paths into submissions, in a deterministic order.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(Source::File(p.clone()));
        } else if p.is_dir() {
            if has_describe_files(p) {
                out.push(Source::AwsDir(p.clone()));
                continue;
            }
            if has_tf_files(p) {
                out.push(Source::TerraformDir(p.clone()));
                continue;
            }
            for e in sorted_entries(p)? {
                if e.is_dir() && has_tf_files(&e) {
                    out.push(Source::TerraformDir(e));
                } else if e.is_dir() {
                    out.push(Source::AwsDir(e));
                } else if is_json(&e) {
                    out.push(Source::File(e));
                }
            }
        } else {
            bail!("submission {} does not exist", p.display());
        }
    }
    if out.is_empty() {
        bail!(
            "no submissions found (give design files, AWS CLI JSON files or directories of them)"
        );
    }
    Ok(out)
}

/// Bytes of a file, or of every file under a directory (symbolic links are not followed).
fn size_on_disk(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0u64;
    for e in std::fs::read_dir(path)? {
        total = total.saturating_add(size_on_disk(&e?.path())?);
    }
    Ok(total)
}

/// The per-submission size limit (issue 13): checked before anything is read, so one huge
/// submission costs nothing and the limit is the same on every machine.
fn within_limit(source: &Source, max_mb: u64) -> Result<(), String> {
    let path = source.path();
    let bytes = size_on_disk(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let limit = max_mb.saturating_mul(1_000_000);
    if bytes > limit {
        return Err(format!(
            "{} is {:.1} MB, over the {max_mb} MB per-submission limit (--max-submission-mb); not graded",
            path.display(),
            bytes as f64 / 1e6
        ));
    }
    Ok(())
}

fn load(source: &Source) -> Result<Submission, String> {
    match source {
        Source::File(p) => {
            let text = crate::text_in::read_text(p).map_err(|e| format!("{e:#}"))?;
            if is_terraform_json(&text) {
                return terraform_submission(p);
            }
            Submission::from_json(&text).map_err(|e| e.to_string())
        }
        Source::TerraformDir(d) => terraform_submission(d),
        Source::AwsDir(d) => {
            let mut files = Vec::new();
            for p in sorted_entries(d).map_err(|e| e.to_string())? {
                if is_json(&p) {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let text = crate::text_in::read_text(&p).map_err(|e| format!("{e:#}"))?;
                    files.push((name, text));
                }
            }
            if files.is_empty() {
                return Err(format!("directory {} holds no .json files", d.display()));
            }
            Submission::from_aws_files(&files).map_err(|e| e.to_string())
        }
    }
}

struct Graded {
    submission: String,
    result: Result<Report, String>,
}

fn run_grade(a: GradeArgs) -> anyhow::Result<ExitCode> {
    let rubric = match (&a.rubric, &a.scenario) {
        (Some(path), _) => {
            let text = crate::text_in::read_text(path)
                .with_context(|| format!("cannot read rubric {}", path.display()))?;
            Rubric::parse(&path.display().to_string(), &text).map_err(|e| anyhow::anyhow!("{e}"))?
        }
        (None, Some(id)) => match scenarios::get(id) {
            Some(s) => s.rubric.clone(),
            None => bail!(
                "unknown scenario `{id}` (known: {})",
                scenarios::ids().join(", ")
            ),
        },
        (None, None) => bail!("give --rubric FILE or --scenario ID"),
    };
    let sources = expand(&a.submissions)?;
    let graded: Vec<Graded> = sources
        .par_iter()
        .map(|s| Graded {
            submission: s.path().display().to_string(),
            result: within_limit(s, a.max_submission_mb)
                .and_then(|()| load(s))
                .map(|sub| grade(&rubric, &sub)),
        })
        .collect();
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&to_json(&rubric, &graded))? + "\n",
        Format::Csv => to_csv(&rubric, &graded),
        Format::Table => to_table(&rubric, &graded),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

struct CheckRate {
    id: String,
    points: u32,
    passed: usize,
    total: usize,
}

struct Summary {
    count: usize,
    graded: usize,
    errors: usize,
    mean: f64,
    mean_percent: f64,
    rates: Vec<CheckRate>,
}

fn summarize(rubric: &Rubric, graded: &[Graded]) -> Summary {
    let ok: Vec<&Report> = graded
        .iter()
        .filter_map(|g| g.result.as_ref().ok())
        .collect();
    let n = ok.len();
    let mean = if n == 0 {
        0.0
    } else {
        ok.iter().map(|r| f64::from(r.score)).sum::<f64>() / n as f64
    };
    let mean_percent = if n == 0 {
        0.0
    } else {
        ok.iter().map(|r| r.percent()).sum::<f64>() / n as f64
    };
    let rates = rubric
        .checks
        .iter()
        .map(|c| CheckRate {
            id: c.id.clone(),
            points: c.points,
            passed: ok
                .iter()
                .filter(|r| r.check(&c.id).is_some_and(|x| x.passed))
                .count(),
            total: n,
        })
        .collect();
    Summary {
        count: graded.len(),
        graded: n,
        errors: graded.len() - n,
        mean,
        mean_percent,
        rates,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn to_json(rubric: &Rubric, graded: &[Graded]) -> Value {
    let max = rubric.max_points();
    let results: Vec<Value> = graded
        .iter()
        .map(|g| match &g.result {
            Ok(r) => json!({
                "submission": g.submission,
                "score": r.score,
                "max": r.max,
                "error": null,
                "checks": r.checks.iter().map(|c| json!({"id": c.id, "passed": c.passed, "points": c.points, "evidence": c.evidence})).collect::<Vec<_>>(),
            }),
            Err(e) => json!({"submission": g.submission, "score": 0, "max": max, "error": e, "checks": []}),
        })
        .collect();
    let s = summarize(rubric, graded);
    json!({
        "results": results,
        "summary": {
            "rubric": rubric.id,
            "count": s.count,
            "graded": s.graded,
            "errors": s.errors,
            "max": max,
            "mean": round2(s.mean),
            "mean_percent": round2(s.mean_percent),
            "checks": s.rates.iter().map(|r| json!({
                "id": r.id,
                "points": r.points,
                "passed": r.passed,
                "total": r.total,
                "pass_rate": if r.total == 0 { 0.0 } else { round2(r.passed as f64 / r.total as f64) },
            })).collect::<Vec<_>>(),
        }
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per submission: score, max, error, then 1/0 per check (empty for errors).
fn to_csv(rubric: &Rubric, graded: &[Graded]) -> String {
    let mut out = String::from("submission,score,max,error");
    for c in &rubric.checks {
        out.push(',');
        out.push_str(&csv_field(&c.id));
    }
    out.push('\n');
    let max = rubric.max_points();
    for g in graded {
        match &g.result {
            Ok(r) => {
                let _ = write!(out, "{},{},{},", csv_field(&g.submission), r.score, r.max);
                for c in &r.checks {
                    out.push_str(if c.passed { ",1" } else { ",0" });
                }
            }
            Err(e) => {
                let _ = write!(out, "{},0,{max},{}", csv_field(&g.submission), csv_field(e));
                for _ in &rubric.checks {
                    out.push(',');
                }
            }
        }
        out.push('\n');
    }
    out
}

fn to_table(rubric: &Rubric, graded: &[Graded]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "rubric {}: {} ({} checks, {} points)\n",
        rubric.id,
        rubric.title,
        rubric.checks.len(),
        rubric.max_points()
    );
    let w = graded
        .iter()
        .map(|g| g.submission.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 60);
    let _ = writeln!(
        out,
        "{:<w$}  {:>9}  {:>6}  FAILED CHECKS / ERROR",
        "SUBMISSION", "SCORE", "%"
    );
    for g in graded {
        match &g.result {
            Ok(r) => {
                let failed = r.failed();
                let _ = writeln!(
                    out,
                    "{:<w$}  {:>9}  {:>5.1}%  {}",
                    g.submission,
                    format!("{}/{}", r.score, r.max),
                    r.percent(),
                    if failed.is_empty() {
                        "-".to_string()
                    } else {
                        failed.join(", ")
                    }
                );
            }
            Err(e) => {
                let _ = writeln!(
                    out,
                    "{:<w$}  {:>9}  {:>6}  error: {e}",
                    g.submission, "-", "-"
                );
            }
        }
    }
    let s = summarize(rubric, graded);
    let _ = writeln!(out, "\nper-check pass rates ({} graded):", s.graded);
    let cw = s.rates.iter().map(|r| r.id.len()).max().unwrap_or(5).max(5);
    let _ = writeln!(
        out,
        "{:<cw$}  {:>6}  {:>9}  {:>6}",
        "CHECK", "POINTS", "PASSED", "RATE"
    );
    for r in &s.rates {
        let pct = if r.total == 0 {
            0.0
        } else {
            r.passed as f64 * 100.0 / r.total as f64
        };
        let _ = writeln!(
            out,
            "{:<cw$}  {:>6}  {:>9}  {:>5.1}%",
            r.id,
            r.points,
            format!("{}/{}", r.passed, r.total),
            pct
        );
    }
    let _ = writeln!(
        out,
        "\n{} submissions: {} graded, {} with errors; mean score {:.2}/{} ({:.1}%)",
        s.count,
        s.graded,
        s.errors,
        s.mean,
        rubric.max_points(),
        s.mean_percent
    );
    out
}
