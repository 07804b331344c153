//! The built-in scenario library: assignments and broken challenges, each with a task
//! statement, progressive hints, an interview question card, a rubric, a starting design and
//! a reference solution.
//!
//! **Invariants**
//! - Ids are stable (the CLI and share links use them); [`all`] lists scenarios in a fixed order.
//! - Everything is embedded (`include_str!` of `sim/scenarios/**`), so the browser app works offline.
//! - Every reference solution scores 100 % on its rubric and every starting design scores less
//!   (checked by `sim/tests/grade_scenarios.rs`).
//!
//! Texts and rubrics live in `sim/scenarios/<id>/{scenario,rubric}.yaml`; designs are built in
//! code ([`library`]) with automatic canvas layout.

mod build;
pub mod library;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::grade::Rubric;
use crate::network::Design;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// Build a design from a (nearly) empty start.
    Assignment,
    /// Fix a broken design: the start is the mistake.
    Challenge,
}

/// What the interviewer sees (the candidate never does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionCard {
    pub prompt: String,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// What a good answer mentions.
    #[serde(default)]
    pub look_for: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Stable id, e.g. `vpc-week1`.
    pub id: &'static str,
    pub title: String,
    pub kind: ScenarioKind,
    /// The task, in English with key Korean terms in parentheses.
    pub statement: String,
    /// Progressive hints, to be revealed in order.
    pub hints: Vec<String>,
    pub question: QuestionCard,
    pub rubric: Rubric,
    /// The rubric's YAML text (what `stratosim grade --rubric` would read).
    pub rubric_source: &'static str,
    /// The scenario text before variant parameters are filled in (`grade::variant`).
    #[serde(skip)]
    pub text_source: &'static str,
    pub start: Design,
    pub solution: Design,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    title: String,
    kind: ScenarioKind,
    statement: String,
    hints: Vec<String>,
    question: QuestionCard,
}

struct Entry {
    id: &'static str,
    text: &'static str,
    rubric: &'static str,
    designs: fn() -> (Design, Design),
}

macro_rules! entry {
    ($id:literal, $designs:path) => {
        Entry {
            id: $id,
            text: include_str!(concat!("../../scenarios/", $id, "/scenario.yaml")),
            rubric: include_str!(concat!("../../scenarios/", $id, "/rubric.yaml")),
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
];

fn load(e: &Entry) -> Scenario {
    // Built-in data is checked by the tests; a failure here is a bug in this crate.
    let rubric = Rubric::parse(&format!("{}/rubric.yaml", e.id), e.rubric)
        .unwrap_or_else(|err| panic!("scenario {}: {err}", e.id));
    let text: Text = render_text(e.text, &rubric, None)
        .and_then(|t| serde_norway::from_str(&t).map_err(|err| err.to_string()))
        .unwrap_or_else(|err| panic!("scenario {}: scenario.yaml: {err}", e.id));
    assert_eq!(
        rubric.id, e.id,
        "scenario {}: the rubric id must equal the scenario id",
        e.id
    );
    let (start, solution) = (e.designs)();
    Scenario {
        id: e.id,
        title: text.title,
        kind: text.kind,
        statement: text.statement,
        hints: text.hints,
        question: text.question,
        rubric,
        rubric_source: e.rubric,
        text_source: e.text,
        start,
        solution,
    }
}

/// The scenario text rendered for a variant of its rubric (`None`: the defaults).
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
