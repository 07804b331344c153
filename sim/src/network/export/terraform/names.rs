//! Terraform resource names from component names.
//!
//! **Guarantee**: every name returned is a valid Terraform identifier (`[a-z][a-z0-9_]*`,
//! at most 48 characters) and unique within its resource type, whatever the component's
//! name holds; the same design always gives the same names (first come, first served, in
//! model order).

use std::collections::{BTreeMap, BTreeSet};

/// `public-a (web)` → `public_a_web`; empty or symbol-only text gives `""`.
pub(super) fn sanitize(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_string();
    out.truncate(48);
    out.trim_end_matches('_').to_string()
}

/// Allocates names per resource type.
#[derive(Default)]
pub(super) struct Names {
    used: BTreeMap<String, BTreeSet<String>>,
}

impl Names {
    /// A unique name for `ty` from the first usable candidate; `fallback` (an identifier
    /// such as `subnet`) when none is usable, prefixed to names that start with a digit.
    pub(super) fn alloc(&mut self, ty: &str, candidates: &[&str], fallback: &str) -> String {
        let base = candidates
            .iter()
            .map(|c| sanitize(c))
            .find(|c| !c.is_empty())
            .unwrap_or_else(|| fallback.to_string());
        let base = if base.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{fallback}_{base}")
        } else {
            base
        };
        let used = self.used.entry(ty.to_string()).or_default();
        let mut name = base.clone();
        let mut k = 2;
        while used.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        used.insert(name.clone());
        name
    }

    /// Reserves a name that must not be handed out (e.g. a variable the exporter writes).
    pub(super) fn reserve(&mut self, ty: &str, name: &str) {
        self.used
            .entry(ty.to_string())
            .or_default()
            .insert(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_identifiers_and_unique_per_type() {
        let mut n = Names::default();
        assert_eq!(n.alloc("aws_subnet", &["public-a"], "subnet"), "public_a");
        assert_eq!(n.alloc("aws_subnet", &["Public A"], "subnet"), "public_a_2");
        assert_eq!(n.alloc("aws_vpc", &["public-a"], "vpc"), "public_a");
        assert_eq!(
            n.alloc("aws_instance", &["<script>alert(1)</script>"], "instance"),
            "script_alert_1_script"
        );
        assert_eq!(
            n.alloc("aws_instance", &["\"><", ""], "instance"),
            "instance"
        );
        assert_eq!(
            n.alloc("aws_instance", &["10.0.1.5"], "instance"),
            "instance_10_0_1_5"
        );
        assert_eq!(
            n.alloc("aws_instance", &["日本", "i-0abc"], "instance"),
            "i_0abc"
        );
    }
}
