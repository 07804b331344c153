//! Scenario texts in the app's other languages (today Korean: the learners study in Korean).
//!
//! Two files per scenario and language, split like the English ones so the answer data never
//! reaches a candidate's browser:
//! - `sim/scenarios/<id>/<lang>.yaml` mirrors `scenario.yaml` (title, statement, prompt): public,
//!   embedded in every build;
//! - `sim/scenarios/<id>/answers.<lang>.yaml` mirrors `answers.yaml` (hints, follow-ups,
//!   look-fors) and holds the rubric's check messages and hints by check id: answer data,
//!   embedded only with the `answers` feature and otherwise fetched with `answers.yaml`.
//!
//! Grading, the CLI and reports made by `stratosim` stay English; a translation only replaces
//! texts for display, looked up by language tag, with English as the fallback.
//!
//! **Invariant** (checked by this module's tests for every built-in scenario): a translation
//! has exactly the structure of its English — the same check ids, as many hints, follow-ups and
//! look-fors, the same paragraphs and list items in the statement — and every text keeps its
//! English `{{variables}}`, backticked spans and numbers (CIDRs, ports, counts).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::AnswersError;

/// The languages a built-in scenario is translated into (tags as the app's `Lang` writes them).
pub const LANGS: &[&str] = &["ko"];

/// The answer-data file of a language of [`LANGS`] (`AnswersError` names files statically).
fn answers_file(lang: &str) -> Option<&'static str> {
    match lang {
        "ko" => Some("answers.ko.yaml"),
        _ => None,
    }
}

/// The public texts of a scenario in one language (`<lang>.yaml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub lang: &'static str,
    pub title: String,
    pub statement: String,
    pub prompt: String,
}

/// What a scenario shows in one language: borrowed from its translation, or its English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Texts<'a> {
    pub title: &'a str,
    pub statement: &'a str,
    pub prompt: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    title: String,
    statement: String,
    question: PromptFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptFile {
    prompt: String,
}

/// Reads `<lang>.yaml`, rendering `{{name}}` with `values` as `scenario.yaml` is.
pub(super) fn parse_translation(
    lang: &'static str,
    text: &str,
    values: &BTreeMap<String, String>,
) -> Result<Translation, String> {
    let rendered = crate::grade::variant::render(&format!("{lang}.yaml"), text, values)
        .map_err(|e| e.to_string())?;
    let t: TranslationFile = serde_norway::from_str(&rendered).map_err(|e| e.to_string())?;
    Ok(Translation {
        lang,
        title: t.title,
        statement: t.statement,
        prompt: t.question.prompt,
    })
}

/// The answer data of a scenario in one language (`answers.<lang>.yaml`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersTranslation {
    pub hints: Vec<String>,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub look_for: Vec<String>,
    /// The rubric's checks, by check id.
    #[serde(default)]
    pub checks: BTreeMap<String, CheckText>,
}

/// A rubric check's texts in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckText {
    /// What the learner should achieve (the checklist and the report show it).
    pub message: String,
    /// What to tell a student who failed it; empty when the English check has none.
    #[serde(default)]
    pub hint: String,
}

/// What a scenario's answer data shows in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerTexts<'a> {
    pub hints: &'a [String],
    pub follow_ups: &'a [String],
    pub look_for: &'a [String],
}

/// Reads `answers.<lang>.yaml`, rendering `{{name}}` with the rubric's variant defaults as
/// `answers.yaml` and the rubric are.
pub(super) fn parse_answers_translation(
    id: &str,
    lang: &str,
    text: &str,
    values: &BTreeMap<String, String>,
) -> Result<AnswersTranslation, AnswersError> {
    let err = |file, message: String| AnswersError {
        id: id.to_string(),
        file,
        message,
    };
    let Some(file) = answers_file(lang) else {
        return Err(err(
            "answers.yaml",
            format!("no translation into `{lang}` (known: {})", LANGS.join(", ")),
        ));
    };
    let err = |message: String| err(file, message);
    crate::yaml::check_yaml(text).map_err(|e| err(e.to_string()))?;
    let rendered =
        crate::grade::variant::render(file, text, values).map_err(|e| err(e.to_string()))?;
    serde_norway::from_str(&rendered).map_err(|e| err(e.to_string()))
}

#[cfg(all(test, feature = "answers"))]
mod tests;
