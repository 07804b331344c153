//! The catalogues agree with each other and with the code (native only: it reads `app/src`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

use super::*;

/// Message id → the variables its value and attributes use.
type Messages = BTreeMap<String, BTreeSet<String>>;

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, out),
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

fn messages(lang: Lang) -> BTreeMap<&'static str, Messages> {
    let mut files = BTreeMap::new();
    for (name, source) in lang.sources() {
        let resource = parser::parse(*source)
            .unwrap_or_else(|(_, errs)| panic!("{}/{name}: {errs:?}", lang.tag()));
        let mut found = Messages::new();
        for entry in &resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(v) = &m.value {
                        pattern_vars(v, &mut vars);
                    }
                    for a in &m.attributes {
                        pattern_vars(&a.value, &mut vars);
                    }
                    let fresh = found.insert(m.id.name.to_string(), vars).is_none();
                    assert!(fresh, "{}/{name}: {} twice", lang.tag(), m.id.name);
                }
                Entry::Junk { content } => {
                    panic!("{}/{name}: cannot parse {content:?}", lang.tag())
                }
                _ => {}
            }
        }
        files.insert(*name, found);
    }
    files
}

/// `sim-*.ftl`: Korean translations of the English that `sim` writes (`i18n::explain`), which
/// has no English catalogue of its own.
fn is_sim_translation(file: &str) -> bool {
    file.starts_with("sim-")
}

#[test]
fn both_languages_have_the_same_files_messages_and_variables() {
    let (en, mut ko) = (messages(Lang::En), messages(Lang::Ko));
    ko.retain(|file, _| !is_sim_translation(file));
    assert_eq!(
        en.keys().collect::<Vec<_>>(),
        ko.keys().collect::<Vec<_>>(),
        "catalogue files differ between en and ko"
    );
    for (file, en_msgs) in &en {
        let ko_msgs = &ko[file];
        for (id, vars) in en_msgs {
            let Some(ko_vars) = ko_msgs.get(id) else {
                panic!("ko/{file} lacks {id}");
            };
            assert_eq!(vars, ko_vars, "{file}: {id} uses different variables");
        }
        for id in ko_msgs.keys() {
            assert!(en_msgs.contains_key(id), "en/{file} lacks {id}");
        }
    }
}

#[test]
fn sims_sentences_are_translated_in_korean_only_with_exactly_sims_arguments() {
    use sim::network::msg::KEYS;
    assert!(
        messages(Lang::En).keys().all(|f| !is_sim_translation(f)),
        "sim's English is sim's own text: no en/sim-*.ftl"
    );
    let ko: Messages = messages(Lang::Ko)
        .into_iter()
        .filter(|(file, _)| is_sim_translation(file))
        .flat_map(|(_, m)| m)
        .collect();
    for (key, args) in KEYS {
        let Some(vars) = ko.get(*key) else {
            panic!("ko/sim-*.ftl lacks {key}");
        };
        let want: BTreeSet<String> = args.iter().map(|a| a.to_string()).collect();
        assert_eq!(
            vars, &want,
            "{key}: the Korean uses other variables than sim's English"
        );
    }
    // The canvas refusals are worded from their variant (`i18n::edits`), with these messages.
    for (id, args) in super::edits::REFUSAL_MESSAGES {
        let Some(vars) = ko.get(*id) else {
            panic!("ko/sim-edits.ftl lacks {id}");
        };
        let want: BTreeSet<String> = args.iter().map(|a| a.to_string()).collect();
        assert_eq!(vars, &want, "{id}: the Korean uses other variables");
    }
    for id in ko.keys() {
        assert!(
            KEYS.iter().any(|(k, _)| k == id)
                || super::edits::REFUSAL_MESSAGES.iter().any(|(k, _)| k == id),
            "ko/sim-*.ftl has {id}, which sim never writes"
        );
    }
    // Every lint code's messages, by the list sim keeps of them.
    for (code, keys) in sim::network::lint::CODES {
        assert!(!keys.is_empty(), "{code} lists no message");
        for k in *keys {
            assert!(ko.contains_key(*k), "{code}: ko/sim-lints.ftl lacks {k}");
        }
    }
}

#[test]
fn no_message_id_is_in_two_files() {
    let mut seen = BTreeMap::new();
    for (file, msgs) in messages(Lang::En) {
        for id in msgs.keys() {
            if let Some(other) = seen.insert(id.clone(), file) {
                panic!("{id} is in {other} and {file}");
            }
        }
    }
}

/// Every message id named by the `t!` macro in the sources, with its file.
fn ids_used_in(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_used_in(&path, out);
            continue;
        }
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("t!(") {
            // `t!(`, not the end of `assert!(` or `format!(`.
            let macro_name = at == 0 || {
                let before = rest.as_bytes()[at - 1];
                !(before.is_ascii_alphanumeric() || before == b'_')
            };
            rest = &rest[at + 3..];
            if !macro_name {
                continue;
            }
            // The language expression, then `, "id"`.
            let Some(comma) = rest.find(',') else { break };
            let after = rest[comma + 1..].trim_start();
            if let Some(lit) = after.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    out.push((path.display().to_string(), lit[..end].to_string()));
                }
            }
        }
    }
}

#[test]
fn every_message_the_code_names_exists_in_english() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut used = Vec::new();
    ids_used_in(&src, &mut used);
    assert!(
        used.len() > 20,
        "the scan found too few uses: {}",
        used.len()
    );
    let known: BTreeSet<String> = messages(Lang::En)
        .into_values()
        .flat_map(|m| m.into_keys())
        .collect();
    let missing: Vec<_> = used
        .iter()
        .filter(|(file, id)| !known.contains(id) && !file.ends_with("i18n/mod.rs"))
        .collect();
    assert!(missing.is_empty(), "unknown message ids: {missing:?}");
}

#[test]
fn every_message_formats_in_both_languages_with_its_variables() {
    for lang in Lang::ALL {
        let ko_only = messages(Lang::Ko)
            .into_iter()
            .filter(|(file, _)| is_sim_translation(file) && lang == Lang::Ko)
            .map(|(_, m)| m);
        for msgs in messages(Lang::En).into_values().chain(ko_only) {
            let msgs = &msgs;
            for (id, vars) in msgs {
                let mut args = FluentArgs::new();
                for v in vars {
                    args.set(v.as_str(), FluentValue::from(2));
                }
                let s = tr_args(lang, id, Some(&args));
                assert_ne!(&s, id, "{} {id} does not format", lang.tag());
                assert!(!s.contains('{'), "{} {id}: {s}", lang.tag());
            }
        }
    }
}

#[test]
fn browser_languages_choose_the_ui_language() {
    let cases: &[(&[&str], Lang)] = &[
        (&["ko-KR", "en-US"], Lang::Ko),
        (&["ko"], Lang::Ko),
        (&["fr-FR", "ko"], Lang::Ko),
        (&["en-GB", "ko"], Lang::En),
        (&["fr"], Lang::En),
        (&[], Lang::En),
        (&["KO_kr"], Lang::Ko),
    ];
    for (browser, want) in cases {
        assert_eq!(
            Lang::preferred(browser.iter().copied()),
            *want,
            "{browser:?}"
        );
    }
}

#[test]
fn plural_forms_follow_each_language() {
    assert_eq!(t!(Lang::En, "problems-count", count = 1), "1 problem");
    assert_eq!(t!(Lang::En, "problems-count", count = 3), "3 problems");
    assert_eq!(t!(Lang::Ko, "problems-count", count = 1), "문제 1개");
    assert_eq!(t!(Lang::Ko, "problems-count", count = 3), "문제 3개");
}

#[test]
fn a_missing_message_falls_back_to_its_id() {
    assert_eq!(tr(Lang::Ko, "no-such-message"), "no-such-message");
    assert!(!has(Lang::Ko, "no-such-message"));
}
