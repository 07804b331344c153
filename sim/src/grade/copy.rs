//! Copy detection for a class: which submissions are identical or nearly so once names and
//! ids are normalised.
//!
//! Each design becomes a set of **features**: one per component with its ids replaced by a
//! canonical token (`subnet#2`, the component's position in the model), one per security-group
//! rule and NACL entry (with its position, so rule order counts), one per normalised name
//! (lower case, runs of spaces, `-` and `_` folded) and one per canvas rectangle. Features shared
//! by many in the class (what the task or the reference solution dictates — the VPC CIDR of the
//! hints, the default route — or a common mistake) say nothing about copying and are dropped: a
//! feature counts only when at most a quarter of the class and at most [`MAX_HOLDERS`]
//! submissions have it (at least two may), and never when the reference solution has it. A whole
//! class handing in one design is therefore not flagged pair by pair: that is a common answer. Two submissions are
//! - `identical` when their canonical forms are equal (a renamed copy is identical) and they
//!   share at least [`MIN_SHARED`] distinctive features (two students who both built exactly
//!   the common answer are not evidence of anything), and
//! - `near-identical` when the Jaccard similarity of their remaining features is at least
//!   [`NEAR`] over at least [`MIN_SHARED`] shared features.
//!
//! **Invariants**: pure and deterministic (pairs in input order); the verdict is evidence for a
//! reviewer, never a penalty — the grader does not change a score because of it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::network::Design;

/// Similarity from which two submissions are reported as near-identical. The features compared
/// are the rare ones (see the module doc), which independent work almost never shares, so half
/// of them in common is already strong evidence.
pub const NEAR: f64 = 0.5;
/// A feature held by more submissions than this is common, never evidence of copying.
pub const MAX_HOLDERS: usize = 5;
/// Fewer shared distinctive features than this is not evidence.
pub const MIN_SHARED: usize = 4;

/// One flagged pair (indices into the class, `a < b`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CopyPair {
    pub a: usize,
    pub b: usize,
    /// `identical` or `near-identical`.
    pub kind: &'static str,
    /// Jaccard similarity of the distinctive features, 0..=1, two decimals.
    pub similarity: f64,
    /// How many distinctive features they share.
    pub shared: usize,
}

/// A design's normalised form: its canonical text and its features.
#[derive(Clone, Debug, PartialEq)]
pub struct Fingerprint {
    pub canonical: String,
    pub features: BTreeSet<String>,
}

fn normalise_name(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let c = if c == '_' || c == '-' || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Replaces every string that is a component id by its token, drops `name` and
/// `description` fields (they are features of their own), recursively.
fn canonical(v: &Value, ids: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => match ids.get(s) {
            Some(t) => Value::String(t.clone()),
            None => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(|x| canonical(x, ids)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| k.as_str() != "name" && k.as_str() != "description")
                .map(|(k, x)| (k.clone(), canonical(x, ids)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// Gives a token to every string under a key named `id` or ending in `_id` that has none yet.
fn collect_refs(v: &Value, ids: &mut BTreeMap<String, String>, n: &mut usize) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, ids, n)),
        Value::Object(o) => {
            for (k, x) in o {
                if let Value::String(s) = x {
                    if (k == "id" || k.ends_with("_id")) && !ids.contains_key(s) {
                        ids.insert(s.clone(), format!("ref#{n}"));
                        *n += 1;
                    }
                } else {
                    collect_refs(x, ids, n);
                }
            }
        }
        _ => {}
    }
}

/// The fingerprint of one design.
pub fn fingerprint(design: &Design) -> Fingerprint {
    let net = &design.network;
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, kind) in net.component_ids() {
        let n = per_kind.entry(kind).or_default();
        ids.entry(id.to_string())
            .or_insert_with(|| format!("{kind}#{n}"));
        *n += 1;
    }
    let value = serde_json::to_value(net).unwrap_or(Value::Null);
    // References that are not components (ENI ids, allocation ids, …) get tokens too.
    let mut refs = 0usize;
    collect_refs(&value, &mut ids, &mut refs);
    let canon = canonical(&value, &ids);
    let mut features = BTreeSet::new();
    if let Value::Object(o) = &canon {
        for (collection, items) in o {
            let Value::Array(items) = items else { continue };
            for (i, item) in items.iter().enumerate() {
                features.insert(format!("{collection}: {item}"));
                // Rules and entries one by one, with their position: rule order counts.
                if let Value::Object(fields) = item {
                    for key in ["ingress", "egress", "entries", "routes"] {
                        if let Some(Value::Array(rules)) = fields.get(key) {
                            for (k, r) in rules.iter().enumerate() {
                                features.insert(format!("{collection}[{i}].{key}[{k}]: {r}"));
                            }
                        }
                    }
                }
            }
        }
    }
    let mut add_name = |n: &str| {
        let n = normalise_name(n);
        if !n.is_empty() {
            features.insert(format!("name: {n}"));
        }
    };
    net.vpcs.iter().for_each(|x| add_name(&x.name));
    net.subnets.iter().for_each(|x| add_name(&x.name));
    net.security_groups.iter().for_each(|x| {
        add_name(&x.name);
        add_name(&x.description);
        x.ingress
            .iter()
            .chain(&x.egress)
            .for_each(|r| add_name(&r.description));
    });
    net.instances.iter().for_each(|x| add_name(&x.name));
    net.route_tables.iter().for_each(|x| add_name(&x.name));
    for (id, r) in &design.layout {
        let token = ids.get(id).cloned().unwrap_or_else(|| "?".into());
        features.insert(format!(
            "layout {token}: {:.0},{:.0},{:.0},{:.0}",
            r.x, r.y, r.w, r.h
        ));
    }
    let names: Vec<String> = features
        .iter()
        .filter(|f| f.starts_with("name: ") || f.starts_with("layout "))
        .cloned()
        .collect();
    Fingerprint {
        canonical: format!("{canon}\n{}", names.join("\n")),
        features,
    }
}

/// The flagged pairs of a class. `reference` (the reference solution) removes the features a
/// correct answer has anyway.
pub fn detect(class: &[Option<Fingerprint>], reference: Option<&Fingerprint>) -> Vec<CopyPair> {
    let present: Vec<&Fingerprint> = class.iter().flatten().collect();
    let n = present.len();
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &present {
        for x in &f.features {
            *df.entry(x.as_str()).or_default() += 1;
        }
    }
    // A feature at most a quarter of the class shares, and never more than five submissions:
    // a mistake or a choice many students make is common, not copied. At least two, so a pair
    // can share it.
    let limit = (n / 4).clamp(2, MAX_HOLDERS);
    let distinctive = |x: &str| {
        df.get(x).is_some_and(|&k| k <= limit) && reference.is_none_or(|r| !r.features.contains(x))
    };
    let kept: Vec<Option<BTreeSet<&str>>> = class
        .iter()
        .map(|f| {
            f.as_ref().map(|f| {
                f.features
                    .iter()
                    .map(String::as_str)
                    .filter(|x| distinctive(x))
                    .collect()
            })
        })
        .collect();
    // Candidate pairs share at least one distinctive feature (an inverted index), so a class
    // of independent work costs about n, not n².
    let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in kept.iter().enumerate() {
        for x in k.iter().flatten() {
            holders.entry(x).or_default().push(i);
        }
    }
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in holders.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                candidates.insert((a, b));
            }
        }
    }
    let mut out = Vec::new();
    for (a, b) in candidates {
        let (Some(fa), Some(fb)) = (&class[a], &class[b]) else {
            continue;
        };
        let (Some(ka), Some(kb)) = (&kept[a], &kept[b]) else {
            continue;
        };
        let shared = ka.intersection(kb).count();
        let union = ka.union(kb).count();
        let similarity = if union == 0 {
            0.0
        } else {
            shared as f64 / union as f64
        };
        let similarity = (similarity * 100.0).round() / 100.0;
        if fa.canonical == fb.canonical && shared >= MIN_SHARED {
            out.push(CopyPair {
                a,
                b,
                kind: "identical",
                similarity: 1.0,
                shared,
            });
        } else if similarity >= NEAR && shared >= MIN_SHARED {
            out.push(CopyPair {
                a,
                b,
                kind: "near-identical",
                similarity,
                shared,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_and_separators() {
        for (a, b) in [
            ("Web-A", "web a"),
            ("  DB__primary ", "db primary"),
            ("관리 망", "관리 망"),
        ] {
            assert_eq!(normalise_name(a), b);
        }
    }

    #[test]
    fn a_renamed_copy_has_the_same_canonical_form() {
        let d = crate::network::samples::sample_design();
        let json = d.to_json_pretty().replace("sg-0bastion", "sg-0mine");
        let renamed = Design::from_json(&json).unwrap();
        assert_eq!(fingerprint(&d).canonical, fingerprint(&renamed).canonical);
    }
}
