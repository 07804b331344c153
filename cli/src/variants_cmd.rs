//! `stratosim variants --scenario ID --students roster.csv --seed S [--out DIR]`: gives every
//! student of a roster a variant of a scenario with variant parameters (`sim::grade::variant`),
//! writes each student's statement to `DIR/<student>.md` and prints the roster with the variant
//! ids as CSV (`student,student_id,variant,statement`) — the file `stratosim grade --roster`
//! reads back. Same roster and seed → the same variants and files, byte for byte.
//!
//! Also the grading side: [`Variants`] holds the rubric rendered for every variant and grades a
//! student against their own variant, flagging another variant's values.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use sim::grade::variant::{self, VariantRubrics};
use sim::grade::{grade, Report, Rubric, Submission};
use sim::scenarios;

use crate::grade_input::split_csv_line;

#[derive(Args, Debug)]
pub struct VariantsArgs {
    /// The built-in scenario (its rubric declares the parameters).
    #[arg(long)]
    pub scenario: String,
    /// A CSV of students: `name[,id]` per line (a `name`/`student` header is skipped).
    #[arg(long, value_name = "FILE")]
    pub students: PathBuf,
    /// The seed: the same seed gives every student the same variant again.
    #[arg(long)]
    pub seed: u64,
    /// Where the statements go (created if missing).
    #[arg(long, value_name = "DIR", default_value = "variants")]
    pub out: PathBuf,
}

/// A student of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub name: String,
    pub id: Option<String>,
    pub variant: Option<String>,
}

/// A roster: students in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub students: Vec<Student>,
}

impl Roster {
    /// The variant of a student, matched by name or id (case and spaces ignored).
    pub fn variant_of(&self, student: &str) -> Option<String> {
        let key = student.trim().to_lowercase();
        self.students
            .iter()
            .find(|s| {
                s.name.trim().to_lowercase() == key
                    || s.id
                        .as_deref()
                        .is_some_and(|i| i.trim().to_lowercase() == key)
            })
            .and_then(|s| s.variant.clone())
    }
}

/// Reads `name[,id[,variant]]` lines (or a `student,student_id,variant,…` file written by
/// `stratosim variants`). An empty name is an error naming the line.
pub fn read_roster(path: &Path) -> anyhow::Result<Roster> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read roster {}", path.display()))?;
    let mut students = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim().trim_start_matches('\u{feff}');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let fields = split_csv_line(t);
        let first = fields[0].to_lowercase();
        if columns.is_none() && students.is_empty() && (first == "name" || first == "student") {
            columns = Some(fields.iter().map(|f| f.to_lowercase()).collect());
            continue;
        }
        let col = |names: &[&str], default: usize| -> Option<String> {
            let at = match &columns {
                Some(c) => c.iter().position(|x| names.contains(&x.as_str()))?,
                None => default,
            };
            fields.get(at).filter(|f| !f.is_empty()).cloned()
        };
        let Some(name) = col(&["name", "student"], 0) else {
            bail!(
                "{}:{}: a roster line needs a student name, got `{t}`",
                path.display(),
                i + 1
            );
        };
        students.push(Student {
            name,
            id: col(&["id", "student_id"], 1),
            variant: col(&["variant"], 2),
        });
    }
    if students.is_empty() {
        bail!("roster {} lists no students", path.display());
    }
    Ok(Roster { students })
}

/// A file name for a student: letters, digits, `-` and `_` kept, the rest `_`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "student".into()
    } else {
        s
    }
}

pub fn run(a: VariantsArgs) -> anyhow::Result<ExitCode> {
    let Some(s) = scenarios::get(&a.scenario) else {
        bail!(
            "unknown scenario `{}` (known: {})",
            a.scenario,
            scenarios::ids().join(", ")
        )
    };
    if s.rubric.variants.is_empty() {
        bail!(
            "scenario `{}` declares no variant parameters (its rubric has no `variants` block)",
            s.id
        );
    }
    let roster = read_roster(&a.students)?;
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("cannot create {}", a.out.display()))?;
    let mut csv = String::from("student,student_id,variant,statement\n");
    let mut used = std::collections::BTreeSet::new();
    for st in &roster.students {
        let key = st.id.clone().unwrap_or_else(|| st.name.clone());
        let Some(v) = variant::for_student(&s.rubric.variants, a.seed, &key) else {
            bail!("scenario `{}` has a parameter without values", s.id);
        };
        let statement = scenarios::statement_for(s, &v.id).map_err(|e| anyhow::anyhow!(e))?;
        let mut file = slug(&st.name);
        while !used.insert(file.clone()) {
            file.push('_');
        }
        let path = a.out.join(format!("{file}.md"));
        let values: Vec<String> = v
            .values
            .iter()
            .map(|(k, x)| format!("`{k}` = {x}"))
            .collect();
        let body = format!(
            "# {} — {}\n\nStudent: {}{}  \nVariant: **{}** ({})\n\n{}\n",
            s.id,
            s.title,
            st.name,
            st.id
                .as_deref()
                .map(|i| format!(" ({i})"))
                .unwrap_or_default(),
            v.id,
            values.join(", "),
            statement.trim_end()
        );
        std::fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))?;
        let cell = crate::grade_csv::csv_field;
        csv.push_str(&format!(
            "{},{},{},{}\n",
            cell(&st.name),
            cell(st.id.as_deref().unwrap_or("")),
            v.id,
            cell(&path.display().to_string())
        ));
    }
    print!("{csv}");
    Ok(ExitCode::SUCCESS)
}

/// The rubric of every variant, when the rubric has variant parameters.
pub struct Variants {
    set: Option<VariantRubrics>,
}

/// What grading one student against their variant gives.
pub struct VariantGrade {
    pub report: Result<Report, String>,
    pub variant: Option<String>,
    /// Another variant whose values the design carries.
    pub flag: Option<String>,
}

impl Variants {
    pub fn for_rubric(rubric: &Rubric, file: &str, text: &str) -> anyhow::Result<Variants> {
        if rubric.variants.is_empty() {
            return Ok(Variants { set: None });
        }
        let set = VariantRubrics::build(file, text).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Variants { set: Some(set) })
    }

    /// The rubric whose checks are the columns: every check of variant v0 when the rubric
    /// has variants (variant-only checks included).
    pub fn columns<'a>(&'a self, base: &'a Rubric) -> &'a Rubric {
        self.set.as_ref().and_then(|s| s.get("v0")).unwrap_or(base)
    }

    pub fn grade(&self, base: &Rubric, sub: &Submission, variant: Option<&str>) -> VariantGrade {
        let (Some(set), Some(id)) = (&self.set, variant) else {
            return VariantGrade {
                report: Ok(grade(base, sub)),
                variant: None,
                flag: None,
            };
        };
        let Some(rubric) = set.get(id) else {
            return VariantGrade {
                report: Err(format!(
                    "unknown variant `{id}` (the rubric has v0 … v{})",
                    set.rubrics.len().saturating_sub(1)
                )),
                variant: Some(id.to_string()),
                flag: None,
            };
        };
        let report = grade(rubric, sub);
        let flag = set.wrong_variant(&sub.design, id, &report);
        VariantGrade {
            report: Ok(report),
            variant: Some(id.to_string()),
            flag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        for (n, want) in [
            ("Kim Min-ji", "Kim_Min-ji"),
            ("../x", "___x"),
            ("", "student"),
        ] {
            assert_eq!(slug(n), want);
        }
    }
}
