//! The built-in scenario library: assignments and broken challenges, each with a task
//! statement, progressive hints, an interview question card, a rubric, a starting design and
//! a reference solution.
//!
//! **Invariants**
//! - Ids are stable (the CLI and share links use them); [`all`] lists scenarios in a fixed order.
//! - With the `answers` feature (on by default; the CLI and the tests) everything is embedded
//!   (`include_str!` of `sim/scenarios/**`). Without it (the browser app) only what a candidate
//!   may see is: `scenario.yaml` (title, kind, statement, prompt) and the starting designs;
//!   the answer data (`answers.yaml`, `rubric.yaml`) is parsed at run time by [`parse_answers`]
//!   from texts the interviewer's page fetched.
//! - Every reference solution scores 100 % on its rubric and every starting design scores less
//!   (checked by `sim/tests/grade_scenarios.rs`).
//!
//! Texts and rubrics live in `sim/scenarios/<id>/{scenario,answers,rubric}.yaml`, their
//! translations beside them ([`translation`]); designs are built in code ([`library`]) with
//! automatic canvas layout.

mod build;
pub mod library;
pub mod translation;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::grade::Rubric;
use crate::network::Design;
pub use translation::{AnswerTexts, AnswersTranslation, CheckText, Texts, Translation};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// Build a design from a (nearly) empty start.
    Assignment,
    /// Fix a broken design: the start is the mistake.
    Challenge,
}

/// The interview question card. The prompt is public (it travels with a candidate link); the
/// follow-ups and what a good answer mentions are answer data, present only with the
/// `answers` feature (see [`Answers`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionCard {
    pub prompt: String,
    #[cfg(feature = "answers")]
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// What a good answer mentions.
    #[cfg(feature = "answers")]
    #[serde(default)]
    pub look_for: Vec<String>,
}

/// A scenario. Without the `answers` feature (the browser bundle) it holds only what a
/// candidate may see: title, kind, statement, prompt and starting design; hints, follow-ups,
/// look-fors, the rubric and the reference solution are read at run time with [`parse_answers`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Stable id, e.g. `vpc-week1`.
    pub id: &'static str,
    pub title: String,
    pub kind: ScenarioKind,
    /// The task, in English with key Korean terms in parentheses.
    pub statement: String,
    /// Progressive hints, to be revealed in order.
    #[cfg(feature = "answers")]
    pub hints: Vec<String>,
    pub question: QuestionCard,
    #[cfg(feature = "answers")]
    pub rubric: Rubric,
    /// The rubric's YAML text (what `stratosim grade --rubric` would read).
    #[cfg(feature = "answers")]
    pub rubric_source: &'static str,
    /// The scenario text before variant parameters are filled in (`grade::variant`).
    #[serde(skip)]
    pub text_source: &'static str,
    /// Title, statement and prompt in the other languages ([`Scenario::text_in`]).
    #[serde(skip)]
    pub translations: Vec<Translation>,
    /// The answer data in the other languages, by language tag.
    #[cfg(feature = "answers")]
    #[serde(skip)]
    pub answer_translations: BTreeMap<String, AnswersTranslation>,
    pub start: Design,
    #[cfg(feature = "answers")]
    pub solution: Design,
}

/// The answer data of a scenario: what only an interviewer (or a learner asking for help)
/// sees. `sim/scenarios/<id>/answers.yaml` plus the rubric.
#[derive(Clone, Debug, PartialEq)]
pub struct Answers {
    pub hints: Vec<String>,
    pub follow_ups: Vec<String>,
    pub look_for: Vec<String>,
    pub rubric: Rubric,
    /// The texts above in other languages, by language tag ([`Answers::add_translation`]).
    pub translations: BTreeMap<String, AnswersTranslation>,
}

impl Scenario {
    /// Title, statement and prompt in the language `lang` (a tag such as `ko`); English when
    /// the scenario has no translation into it.
    pub fn text_in(&self, lang: &str) -> Texts<'_> {
        match self.translations.iter().find(|t| t.lang == lang) {
            Some(t) => Texts {
                title: &t.title,
                statement: &t.statement,
                prompt: &t.prompt,
            },
            None => Texts {
                title: &self.title,
                statement: &self.statement,
                prompt: &self.question.prompt,
            },
        }
    }
}

impl Answers {
    /// Reads the translation of this answer data into `lang` (the text of
    /// `answers.<lang>.yaml`, fetched beside `answers.yaml`), replacing any earlier one.
    pub fn add_translation(&mut self, lang: &str, text: &str) -> Result<(), AnswersError> {
        let values = crate::grade::variant::defaults(&self.rubric.variants);
        let t = translation::parse_answers_translation(&self.rubric.id, lang, text, &values)?;
        self.translations.insert(lang.to_string(), t);
        Ok(())
    }

    /// Hints, follow-ups and look-fors in `lang`; English without a translation into it.
    pub fn text_in(&self, lang: &str) -> AnswerTexts<'_> {
        match self.translations.get(lang) {
            Some(t) => AnswerTexts {
                hints: &t.hints,
                follow_ups: &t.follow_ups,
                look_for: &t.look_for,
            },
            None => AnswerTexts {
                hints: &self.hints,
                follow_ups: &self.follow_ups,
                look_for: &self.look_for,
            },
        }
    }

    /// The texts of the rubric's check `id` in `lang`; `None` when untranslated (show the
    /// English of the report then).
    pub fn check_in(&self, lang: &str, id: &str) -> Option<&CheckText> {
        self.translations.get(lang)?.checks.get(id)
    }
}

/// Why a scenario's answer files could not be read: the file and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("scenario {id}: {file}: {message}")]
pub struct AnswersError {
    pub id: String,
    pub file: &'static str,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersText {
    hints: Vec<String>,
    #[serde(default)]
    follow_ups: Vec<String>,
    #[serde(default)]
    look_for: Vec<String>,
}

/// Reads a scenario's answer data from the texts of its `answers.yaml` and `rubric.yaml`
/// (embedded with the `answers` feature; fetched by the app's interviewer view). The
/// rubric's id must equal `id`.
pub fn parse_answers(id: &str, answers: &str, rubric: &str) -> Result<Answers, AnswersError> {
    let err = |file, message: String| AnswersError {
        id: id.to_string(),
        file,
        message,
    };
    crate::yaml::check_yaml(answers).map_err(|e| err("answers.yaml", e.to_string()))?;
    let rubric = Rubric::parse(&format!("{id}/rubric.yaml"), rubric)
        .map_err(|e| err("rubric.yaml", e.to_string()))?;
    // Hints may show the variant's values (`{{admin_ip}}`): the defaults here.
    let values = crate::grade::variant::defaults(&rubric.variants);
    let answers = crate::grade::variant::render("answers.yaml", answers, &values)
        .map_err(|e| err("answers.yaml", e.to_string()))?;
    let text: AnswersText =
        serde_norway::from_str(&answers).map_err(|e| err("answers.yaml", e.to_string()))?;
    if rubric.id != id {
        return Err(err(
            "rubric.yaml",
            format!("the rubric id `{}` is not the scenario id", rubric.id),
        ));
    }
    Ok(Answers {
        hints: text.hints,
        follow_ups: text.follow_ups,
        look_for: text.look_for,
        rubric,
        translations: BTreeMap::new(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    title: String,
    kind: ScenarioKind,
    statement: String,
    question: Prompt,
    /// Read by [`default_values`] before rendering; kept here so the field is allowed.
    #[serde(default)]
    #[allow(dead_code)]
    variant_defaults: BTreeMap<String, String>,
}

/// The `{{name}}` values a scenario's text shows without a per-student variant. They live in
/// `scenario.yaml` (equal to the rubric's variant defaults, checked by a test) so that builds
/// without the answer data render the statement too.
fn default_values(text: &str) -> BTreeMap<String, String> {
    #[derive(Deserialize)]
    struct Defaults {
        #[serde(default)]
        variant_defaults: BTreeMap<String, String>,
    }
    serde_norway::from_str::<Defaults>(text)
        .map(|d| d.variant_defaults)
        .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Prompt {
    prompt: String,
}

struct Entry {
    id: &'static str,
    text: &'static str,
    /// (language tag, text of `<lang>.yaml`), one per language of [`translation::LANGS`].
    translations: &'static [(&'static str, &'static str)],
    #[cfg(feature = "answers")]
    answers: &'static str,
    #[cfg(feature = "answers")]
    rubric: &'static str,
    /// (language tag, text of `answers.<lang>.yaml`).
    #[cfg(feature = "answers")]
    answer_translations: &'static [(&'static str, &'static str)],
    designs: fn() -> (Design, Design),
}

#[cfg(feature = "answers")]
macro_rules! entry {
    ($id:literal, $designs:path) => {
        Entry {
            id: $id,
            text: include_str!(concat!("../../scenarios/", $id, "/scenario.yaml")),
            translations: &[(
                "ko",
                include_str!(concat!("../../scenarios/", $id, "/ko.yaml")),
            )],
            answers: include_str!(concat!("../../scenarios/", $id, "/answers.yaml")),
            rubric: include_str!(concat!("../../scenarios/", $id, "/rubric.yaml")),
            answer_translations: &[(
                "ko",
                include_str!(concat!("../../scenarios/", $id, "/answers.ko.yaml")),
            )],
            designs: $designs,
        }
    };
}

#[cfg(not(feature = "answers"))]
macro_rules! entry {
    ($id:literal, $designs:path) => {
        Entry {
            id: $id,
            text: include_str!(concat!("../../scenarios/", $id, "/scenario.yaml")),
            translations: &[(
                "ko",
                include_str!(concat!("../../scenarios/", $id, "/ko.yaml")),
            )],
            designs: $designs,
        }
    };
}

/// Every scenario, in the order the picker shows them.
const ENTRIES: &[Entry] = &[
    entry!("vpc-week1", library::vpc_week1),
    entry!("bastion-eks", library::bastion_eks),
    entry!("three-tier", library::three_tier_designs),
    entry!("bastion-ssh-timeout", library::bastion_ssh_timeout),
    entry!("eks-one-az", library::eks_one_az_designs),
    entry!("nacl-ephemeral", library::nacl_ephemeral),
    entry!("nat-in-private", library::nat_in_private),
    entry!("peering-transitive", library::peering_transitive),
    entry!("no-public-ip", library::no_public_ip),
    entry!("sg-wrong-group", library::sg_wrong_group),
    entry!("deployment-one-zone", library::deployment_one_zone),
    entry!("alb-one-az", library::alb_one_az),
    entry!("tgw-hub-spoke", library::tgw_hub_spoke),
    entry!("hybrid-vpn-endpoint", library::hybrid_vpn_endpoint),
    entry!("netpol-frontend-api", library::netpol_frontend_api),
    entry!("statefulset-az-pending", library::statefulset_az_pending),
];

fn load(e: &Entry) -> Scenario {
    // Built-in data is checked by the tests; a failure here is a bug in this crate.
    let values = default_values(e.text);
    let text: Text = crate::grade::variant::render("scenario.yaml", e.text, &values)
        .map_err(|err| err.to_string())
        .and_then(|t| serde_norway::from_str(&t).map_err(|err| err.to_string()))
        .unwrap_or_else(|err| panic!("scenario {}: scenario.yaml: {err}", e.id));
    let translations = e
        .translations
        .iter()
        .map(|(lang, t)| {
            translation::parse_translation(lang, t, &values)
                .unwrap_or_else(|err| panic!("scenario {}: {lang}.yaml: {err}", e.id))
        })
        .collect();
    #[cfg(feature = "answers")]
    let answers = {
        let mut a = parse_answers(e.id, e.answers, e.rubric).unwrap_or_else(|err| panic!("{err}"));
        for (lang, t) in e.answer_translations {
            a.add_translation(lang, t)
                .unwrap_or_else(|err| panic!("{err}"));
        }
        a
    };
    #[cfg_attr(not(feature = "answers"), allow(unused_variables))]
    let (start, solution) = (e.designs)();
    Scenario {
        id: e.id,
        title: text.title,
        kind: text.kind,
        statement: text.statement,
        #[cfg(feature = "answers")]
        hints: answers.hints,
        question: QuestionCard {
            prompt: text.question.prompt,
            #[cfg(feature = "answers")]
            follow_ups: answers.follow_ups,
            #[cfg(feature = "answers")]
            look_for: answers.look_for,
        },
        #[cfg(feature = "answers")]
        rubric: answers.rubric,
        #[cfg(feature = "answers")]
        rubric_source: e.rubric,
        text_source: e.text,
        translations,
        #[cfg(feature = "answers")]
        answer_translations: answers.translations,
        start,
        #[cfg(feature = "answers")]
        solution,
    }
}

/// The scenario text rendered for a variant of its rubric (`None`: the defaults).
#[cfg(feature = "answers")]
fn render_text(text: &str, rubric: &Rubric, variant: Option<&str>) -> Result<String, String> {
    let values = match variant {
        None => crate::grade::variant::defaults(&rubric.variants),
        Some(id) => {
            crate::grade::variant::by_id(&rubric.variants, id)
                .ok_or_else(|| format!("unknown variant `{id}`"))?
                .values
        }
    };
    crate::grade::variant::render("scenario.yaml", text, &values).map_err(|e| e.to_string())
}

/// One student's statement: the scenario's statement with the values of `variant`.
#[cfg(feature = "answers")]
pub fn statement_for(scenario: &Scenario, variant: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Statement {
        statement: String,
    }
    let text = render_text(scenario.text_source, &scenario.rubric, Some(variant))?;
    serde_norway::from_str::<Statement>(&text)
        .map(|s| s.statement)
        .map_err(|e| e.to_string())
}

/// Every built-in scenario (built once, on first use).
pub fn all() -> &'static [Scenario] {
    static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
    ALL.get_or_init(|| ENTRIES.iter().map(load).collect())
}

/// One scenario by id.
pub fn get(id: &str) -> Option<&'static Scenario> {
    all().iter().find(|s| s.id == id)
}

/// The ids, in order (cheap; does not build the designs).
pub fn ids() -> Vec<&'static str> {
    ENTRIES.iter().map(|e| e.id).collect()
}

#[cfg(all(test, feature = "answers"))]
mod variant_default_tests {
    use super::*;

    #[test]
    fn every_scenario_statement_shows_its_rubrics_variant_defaults() {
        for e in ENTRIES {
            let rubric = Rubric::parse(e.id, e.rubric).unwrap();
            assert_eq!(
                default_values(e.text),
                crate::grade::variant::defaults(&rubric.variants),
                "scenario {}: scenario.yaml's variant_defaults must equal the rubric's defaults",
                e.id
            );
        }
    }
}
