//! Every built-in scenario is translated into every language of [`LANGS`], with exactly the
//! structure of its English: a new check, hint or list item without its translation fails here.

use std::collections::BTreeSet;

use super::super::ENTRIES;
use super::*;

/// The English texts a translation must mirror, as read from the raw (unrendered) files.
#[derive(Default)]
struct English {
    title: String,
    statement: String,
    prompt: String,
    hints: Vec<String>,
    follow_ups: Vec<String>,
    look_for: Vec<String>,
    /// (id, message, hint) of every check, `variant_only` ones included.
    checks: Vec<(String, String, String)>,
}

/// The same, in the other language.
#[derive(Default)]
struct Translated {
    title: String,
    statement: String,
    prompt: String,
    answers: AnswersTranslation,
}

fn english(text: &str, answers: &str, rubric: &str) -> English {
    #[derive(Deserialize)]
    struct Scenario {
        title: String,
        statement: String,
        question: PromptFile,
    }
    #[derive(Deserialize)]
    struct Answers {
        hints: Vec<String>,
        #[serde(default)]
        follow_ups: Vec<String>,
        #[serde(default)]
        look_for: Vec<String>,
    }
    #[derive(Deserialize)]
    struct Rubric {
        checks: Vec<Check>,
    }
    #[derive(Deserialize)]
    struct Check {
        id: String,
        message: String,
        #[serde(default)]
        hint: String,
    }
    let s: Scenario = serde_norway::from_str(text).unwrap();
    let a: Answers = serde_norway::from_str(answers).unwrap();
    let r: Rubric = serde_norway::from_str(rubric).unwrap();
    English {
        title: s.title,
        statement: s.statement,
        prompt: s.question.prompt,
        hints: a.hints,
        follow_ups: a.follow_ups,
        look_for: a.look_for,
        checks: r
            .checks
            .into_iter()
            .map(|c| (c.id, c.message, c.hint))
            .collect(),
    }
}

fn translated(text: &str, answers: &str) -> Result<Translated, String> {
    let t: TranslationFile = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    let answers: AnswersTranslation = serde_norway::from_str(answers).map_err(|e| e.to_string())?;
    Ok(Translated {
        title: t.title,
        statement: t.statement,
        prompt: t.question.prompt,
        answers,
    })
}

/// `{{name}}`s, in order.
fn variables(text: &str) -> Vec<String> {
    crate::grade::variant::used(text)
}

/// Backticked spans with their whitespace collapsed (a span may wrap in a YAML block), sorted.
fn code_spans(text: &str) -> Vec<String> {
    let mut spans: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    spans.sort();
    spans
}

/// Numbers as written: addresses, CIDRs, ports, counts (`10.0.0.0/16`, `8080`, `2`).
fn numbers(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut current = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || (!current.is_empty() && matches!(c, '.' | '/')) {
            current.push(c);
        } else if !current.is_empty() {
            out.insert(current.trim_end_matches(['.', '/']).to_string());
            current.clear();
        }
    }
    out
}

/// A statement's shape: per paragraph, the indentation of each list item.
fn shape(statement: &str) -> Vec<Vec<usize>> {
    statement
        .split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|l| l.trim_start().starts_with("- "))
                .map(|l| l.len() - l.trim_start().len())
                .collect()
        })
        .collect()
}

/// What differs between one English text and its translation (empty: they match).
fn text_problems(at: &str, en: &str, tr: &str, out: &mut Vec<String>) {
    if tr.trim().is_empty() {
        out.push(format!("{at}: empty"));
        return;
    }
    if variables(en) != variables(tr) {
        out.push(format!(
            "{at}: variables {:?}, English has {:?}",
            variables(tr),
            variables(en)
        ));
    }
    if code_spans(en) != code_spans(tr) {
        out.push(format!(
            "{at}: code spans {:?}, English has {:?}",
            code_spans(tr),
            code_spans(en)
        ));
    }
    let missing: Vec<_> = numbers(en).difference(&numbers(tr)).cloned().collect();
    if !missing.is_empty() {
        out.push(format!("{at}: lacks the English numbers {missing:?}"));
    }
}

fn list_problems(at: &str, en: &[String], tr: &[String], out: &mut Vec<String>) {
    if en.len() != tr.len() {
        out.push(format!(
            "{at}: {} items, English has {}",
            tr.len(),
            en.len()
        ));
    }
    for (i, (e, t)) in en.iter().zip(tr).enumerate() {
        text_problems(&format!("{at}[{i}]"), e, t, out);
    }
}

/// Every way `tr` departs from the structure of `en`.
fn problems(en: &English, tr: &Translated) -> Vec<String> {
    let mut out = Vec::new();
    text_problems("title", &en.title, &tr.title, &mut out);
    text_problems("statement", &en.statement, &tr.statement, &mut out);
    if shape(&en.statement) != shape(&tr.statement) {
        out.push(format!(
            "statement: paragraphs and list items {:?}, English has {:?}",
            shape(&tr.statement),
            shape(&en.statement)
        ));
    }
    text_problems("question.prompt", &en.prompt, &tr.prompt, &mut out);
    let a = &tr.answers;
    list_problems("hints", &en.hints, &a.hints, &mut out);
    list_problems("follow_ups", &en.follow_ups, &a.follow_ups, &mut out);
    list_problems("look_for", &en.look_for, &a.look_for, &mut out);
    let ids: BTreeSet<&str> = en.checks.iter().map(|c| c.0.as_str()).collect();
    let translated: BTreeSet<&str> = a.checks.keys().map(String::as_str).collect();
    for id in ids.difference(&translated) {
        out.push(format!("checks: `{id}` is not translated"));
    }
    for id in translated.difference(&ids) {
        out.push(format!("checks: `{id}` is not a check of the rubric"));
    }
    for (id, message, hint) in &en.checks {
        let Some(t) = a.checks.get(id) else { continue };
        text_problems(
            &format!("checks.{id}.message"),
            message,
            &t.message,
            &mut out,
        );
        match (hint.is_empty(), t.hint.is_empty()) {
            (true, true) => {}
            (false, false) => text_problems(&format!("checks.{id}.hint"), hint, &t.hint, &mut out),
            (true, false) => out.push(format!("checks.{id}.hint: the English check has none")),
            (false, true) => out.push(format!("checks.{id}.hint: missing")),
        }
    }
    out
}

#[test]
fn every_scenario_is_translated_with_the_structure_of_its_english() {
    let mut all = Vec::new();
    for e in ENTRIES {
        let en = english(e.text, e.answers, e.rubric);
        for lang in LANGS {
            let text = e.translations.iter().find(|(l, _)| l == lang);
            let answers = e.answer_translations.iter().find(|(l, _)| l == lang);
            let (Some((_, text)), Some((_, answers))) = (text, answers) else {
                all.push(format!("{}: no {lang}.yaml or answers.{lang}.yaml", e.id));
                continue;
            };
            match translated(text, answers) {
                Ok(tr) => all.extend(
                    problems(&en, &tr)
                        .into_iter()
                        .map(|p| format!("{} ({lang}): {p}", e.id)),
                ),
                Err(err) => all.push(format!("{} ({lang}): {err}", e.id)),
            }
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

type Mistake = fn(&mut Translated);

#[test]
fn the_structure_check_catches_what_a_translation_can_get_wrong() {
    let e = ENTRIES.iter().find(|e| e.id == "vpc-week1").unwrap();
    let en = english(e.text, e.answers, e.rubric);
    let good = || translated(e.translations[0].1, e.answer_translations[0].1).unwrap();
    assert_eq!(problems(&en, &good()), Vec::<String>::new());
    // (the problem expected, a mistake to make)
    let cases: [(&str, Mistake); 8] = [
        ("checks: `igw` is not translated", |t| {
            t.answers.checks.remove("igw");
        }),
        ("checks.igw.hint: missing", |t| {
            t.answers.checks.get_mut("igw").unwrap().hint.clear();
        }),
        ("hints: 3 items, English has 4", |t| {
            t.answers.hints.pop();
        }),
        ("hints[3]: variables", |t| {
            t.answers.hints[3] = t.answers.hints[3].replace("{{admin_ip}}", "203.0.113.10");
        }),
        ("hints[0]: lacks the English numbers", |t| {
            t.answers.hints[0] = t.answers.hints[0].replace("10.0.2.0/24", "10.0.3.0/24");
        }),
        ("hints[3]: code spans", |t| {
            t.answers.hints[3] = t.answers.hints[3].replace("`internet → mgmt:22`", "mgmt:22");
        }),
        ("statement: paragraphs and list items", |t| {
            t.statement = t.statement.replacen("  - ", "  ", 1);
        }),
        ("title: empty", |t| t.title.clear()),
    ];
    for (want, break_it) in cases {
        let mut t = good();
        break_it(&mut t);
        let found = problems(&en, &t);
        assert!(
            found.iter().any(|p| p.starts_with(want)),
            "{want}: {found:?}"
        );
    }
}

#[test]
fn a_scenario_shows_its_translation_with_the_variant_defaults_and_falls_back_to_english() {
    let s = crate::scenarios::get("vpc-week1").unwrap();
    let ko = s.text_in("ko");
    assert!(ko.title.starts_with("1주차"), "{}", ko.title);
    assert!(ko.statement.contains("203.0.113.10") && !ko.statement.contains("{{"));
    assert_ne!(ko.prompt, s.question.prompt);
    for lang in ["en", "fr", ""] {
        let t = s.text_in(lang);
        assert_eq!(
            (t.title, t.statement, t.prompt),
            (
                s.title.as_str(),
                s.statement.as_str(),
                s.question.prompt.as_str()
            ),
            "{lang:?}"
        );
    }
}

#[test]
fn fetched_answer_translations_render_the_variant_defaults_and_fall_back_to_english() {
    let e = ENTRIES.iter().find(|e| e.id == "vpc-week1").unwrap();
    let mut a = crate::scenarios::parse_answers(e.id, e.answers, e.rubric).unwrap();
    assert_eq!(
        a.text_in("ko").hints,
        a.hints.as_slice(),
        "before the fetch"
    );
    assert!(a.check_in("ko", "igw").is_none());
    a.add_translation("ko", e.answer_translations[0].1).unwrap();
    let ko = a.text_in("ko");
    assert_eq!(ko.hints.len(), a.hints.len());
    assert!(ko.hints[3].contains("203.0.113.10/32"), "{}", ko.hints[3]);
    assert_eq!(
        a.check_in("ko", "admin-ssh-management").unwrap().message,
        "관리자(203.0.113.10)가 관리 계층으로 SSH 접속할 수 있습니다"
    );
    assert!(a.check_in("ko", "no-such-check").is_none());
    assert_eq!(a.text_in("en").look_for, a.look_for.as_slice());
    let s = crate::scenarios::get("vpc-week1").unwrap();
    assert_eq!(Some(&a.translations["ko"]), s.answer_translations.get("ko"));
    for (lang, text, file) in [
        ("ko", "hints: [a]\nsurprise: 1\n", "answers.ko.yaml"),
        ("ko", "hints: [\"{{nope}}\"]\n", "answers.ko.yaml"),
        ("xx", "hints: [a]\n", "answers.yaml"),
    ] {
        let err = a.add_translation(lang, text).unwrap_err();
        assert_eq!((err.id.as_str(), err.file), ("vpc-week1", file), "{err}");
    }
}
