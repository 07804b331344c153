//! Per-student variants (like Packet Tracer's activity variables): a rubric declares parameters
//! with their possible values, its text (and the scenario's statement) uses them as
//! `{{name}}`, and each student gets one combination — a **variant** — chosen from a seed and
//! the student's name.
//!
//! ```yaml
//! variants:
//!   vpc_cidr: {values: ["10.0.0.0/16", "10.1.0.0/16"], default: "any /16"}
//!   admin_ip: {values: [203.0.113.10, 203.0.113.25]}
//! ```
//!
//! A variant id is `v<n>`: the combination's number, counting through the parameters in name
//! order (the last name varies fastest). Without a variant, `{{name}}` renders as the
//! parameter's `default` (its first value when none is given) and `variant_only` checks are
//! left out, so the rubric grades like a plain one.
//!
//! **Invariants**: pure; the same seed and name give the same variant on every machine;
//! rendering never panics — an undeclared `{{name}}` is a [`RubricError`] naming its line.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::rubric::RubricError;

/// One parameter: its values and what un-varied text shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// The declared parameters, by name.
pub type Params = BTreeMap<String, Param>;

/// One combination of values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub id: String,
    pub values: BTreeMap<String, String>,
}

/// How many variants the parameters make (saturating).
pub fn count(params: &Params) -> u64 {
    params
        .values()
        .map(|p| p.values.len() as u64)
        .fold(1u64, u64::saturating_mul)
}

/// The variant with number `n` (`None` when out of range or a parameter has no value).
pub fn nth(params: &Params, n: u64) -> Option<Variant> {
    if n >= count(params) || params.values().any(|p| p.values.is_empty()) {
        return None;
    }
    let mut rest = n;
    let mut values = BTreeMap::new();
    for (name, p) in params.iter().rev() {
        let k = p.values.len() as u64;
        values.insert(name.clone(), p.values[(rest % k) as usize].clone());
        rest /= k;
    }
    Some(Variant {
        id: format!("v{n}"),
        values,
    })
}

/// The variant a `v<n>` id names.
pub fn by_id(params: &Params, id: &str) -> Option<Variant> {
    let n: u64 = id.trim().strip_prefix('v')?.parse().ok()?;
    nth(params, n)
}

/// FNV-1a, 64 bits: a stable hash of the student's (trimmed, lower-cased) name.
fn name_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.trim().to_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The variant of one student for a seed.
pub fn for_student(params: &Params, seed: u64, student: &str) -> Option<Variant> {
    let total = count(params);
    if total == 0 {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ name_hash(student));
    nth(params, rng.random_range(0..total))
}

/// The values un-varied text shows.
pub fn defaults(params: &Params) -> BTreeMap<String, String> {
    params
        .iter()
        .map(|(k, p)| {
            let v = p
                .default
                .clone()
                .or_else(|| p.values.first().cloned())
                .unwrap_or_default();
            (k.clone(), v)
        })
        .collect()
}

/// Replaces every `{{name}}` (spaces inside the braces allowed). An undeclared name is an
/// error naming the line of `text`.
pub fn render(
    file: &str,
    text: &str,
    values: &BTreeMap<String, String>,
) -> Result<String, RubricError> {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = after[..end].trim();
            match values.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    return Err(RubricError {
                        file: file.into(),
                        line: Some(i + 1),
                        location: String::new(),
                        message: format!(
                            "`{{{{{name}}}}}` is not a declared variant parameter (declared: {})",
                            if values.is_empty() {
                                "none".to_string()
                            } else {
                                values.keys().cloned().collect::<Vec<_>>().join(", ")
                            }
                        ),
                    })
                }
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
    }
    Ok(out)
}

/// The parameter names a piece of text uses, in order of first use.
pub fn used(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim().to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

/// At most this many variants are prepared for grading.
pub const MAX_VARIANTS: u64 = 256;

/// A rubric rendered for every variant, for grading a class.
#[derive(Clone, Debug)]
pub struct VariantRubrics {
    pub rubrics: BTreeMap<String, super::Rubric>,
}

impl VariantRubrics {
    /// Renders and parses every variant of a rubric text (an error for more than
    /// [`MAX_VARIANTS`]); empty for a rubric without parameters.
    pub fn build(file: &str, text: &str) -> Result<VariantRubrics, RubricError> {
        let base = super::Rubric::parse(file, text)?;
        let total = count(&base.variants);
        if base.variants.is_empty() {
            return Ok(VariantRubrics {
                rubrics: BTreeMap::new(),
            });
        }
        if total > MAX_VARIANTS {
            return Err(RubricError {
                file: file.into(),
                line: None,
                location: "field `variants`: ".into(),
                message: format!("{total} variants; at most {MAX_VARIANTS} are supported"),
            });
        }
        let mut rubrics = BTreeMap::new();
        for n in 0..total {
            let id = format!("v{n}");
            rubrics.insert(
                id.clone(),
                super::Rubric::parse_variant(file, text, Some(&id))?,
            );
        }
        Ok(VariantRubrics { rubrics })
    }

    pub fn get(&self, id: &str) -> Option<&super::Rubric> {
        self.rubrics.get(id)
    }

    /// When a design fails checks of its own variant's values but passes every such check of
    /// another variant, that variant (the student handed in someone else's values). Only the
    /// checks that use parameters are graded again.
    pub fn wrong_variant(
        &self,
        design: &crate::network::Design,
        own: &str,
        own_report: &super::Report,
    ) -> Option<String> {
        let varied = |r: &super::Rubric| -> Vec<String> {
            r.checks
                .iter()
                .filter(|c| !c.params.is_empty())
                .map(|c| c.id.clone())
                .collect()
        };
        let own_rubric = self.get(own)?;
        let ids = varied(own_rubric);
        let own_failed = own_report
            .checks
            .iter()
            .any(|c| !c.passed && ids.contains(&c.id));
        if !own_failed {
            return None;
        }
        for (id, r) in &self.rubrics {
            if id == own {
                continue;
            }
            let mut only = r.clone();
            only.checks.retain(|c| !c.params.is_empty());
            if only.checks.is_empty() {
                continue;
            }
            let report = super::grade_with(&only, design, super::GradeOptions { cluster: false });
            if report.score == report.max {
                return Some(id.clone());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        let mut p = Params::new();
        p.insert(
            "a".into(),
            Param {
                values: vec!["a0".into(), "a1".into(), "a2".into()],
                default: Some("any".into()),
            },
        );
        p.insert(
            "b".into(),
            Param {
                values: vec!["b0".into(), "b1".into()],
                default: None,
            },
        );
        p
    }

    #[test]
    fn variant_numbers_count_through_the_combinations() {
        let p = params();
        assert_eq!(count(&p), 6);
        let v = nth(&p, 3).unwrap();
        assert_eq!(v.id, "v3");
        assert_eq!(v.values["a"], "a1");
        assert_eq!(v.values["b"], "b1");
        assert_eq!(by_id(&p, "v3"), Some(v));
        assert_eq!(nth(&p, 6), None);
        assert_eq!(by_id(&p, "x3"), None);
    }

    #[test]
    fn the_same_seed_and_name_give_the_same_variant() {
        let p = params();
        for name in ["alice", "Bob", "김민지"] {
            assert_eq!(for_student(&p, 7, name), for_student(&p, 7, name));
            assert_eq!(
                for_student(&p, 7, name),
                for_student(&p, 7, &format!("  {}", name.to_uppercase())),
                "case and spaces do not matter"
            );
        }
        let spread: std::collections::BTreeSet<String> = (0..40)
            .filter_map(|i| for_student(&p, 7, &format!("student{i}")).map(|v| v.id))
            .collect();
        assert!(
            spread.len() >= 4,
            "a class spreads over the variants: {spread:?}"
        );
    }

    #[test]
    fn rendering_uses_defaults_and_refuses_undeclared_names() {
        let p = params();
        let d = defaults(&p);
        assert_eq!(
            render("r.yaml", "x: {{a}}\ny: {{ b }}\n", &d).unwrap(),
            "x: any\ny: b0\n"
        );
        let err = render("r.yaml", "ok\nz: {{c}}\n", &d)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.yaml:2: `{{c}}` is not a declared"),
            "{err}"
        );
        assert_eq!(used("{{a}} {{b}} {{a}}"), vec!["a", "b"]);
    }
}
