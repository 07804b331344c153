//! The scenario's answer data and the live grade, as the App root uses them. The answers
//! (hints, follow-ups, rubric) are fetched for the interviewer's and the learner's views —
//! never in a candidate's page — and a reviewer's own rubric file grades instead of the
//! scenario's in review mode. The grade is recomputed when the network, the manifests, the
//! answers or the language change (a layout-only edit keeps the analysis key).

use std::rc::Rc;

use yew::prelude::*;

use crate::bridge;
use crate::i18n::Lang;
use crate::services;
use crate::state::editor::EditorState;
use crate::state::session::{Mode, Session};

/// The answers the views use, why they could not be read, and the grade of the design.
pub struct ScenarioAnswers {
    pub current: Option<Rc<sim::scenarios::Answers>>,
    pub error: Option<AttrValue>,
    pub report: Rc<Option<Rc<sim::grade::Report>>>,
}

/// Fetches and grades for this render (a hook).
#[hook]
pub fn use_scenario_answers(
    state: &UseReducerHandle<EditorState>,
    session: &UseReducerHandle<Session>,
    custom_rubric: &UseStateHandle<Option<Rc<(String, sim::grade::Rubric)>>>,
    lang: Lang,
) -> ScenarioAnswers {
    let lang = &lang;
    let analysis = state.analysis.clone();
    // (scenario id, the answers or why they could not be read)
    let answers = use_state(|| None::<(String, Result<Rc<sim::scenarios::Answers>, String>)>);
    {
        let answers = answers.clone();
        let scenario = session.mode.scenario().map(str::to_string);
        use_effect_with(scenario, move |id| {
            let loaded = answers.as_ref().map(|(a, _)| a.clone());
            if let Some(id) = id.clone().filter(|id| loaded.as_ref() != Some(id)) {
                if let Some([a, r, ko]) = bridge::assignment::answer_paths(&id) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let fetched = async {
                            let a = services::interview::fetch_text(&a).await?;
                            let r = services::interview::fetch_text(&r).await?;
                            let ko = services::interview::fetch_text(&ko).await?;
                            bridge::assignment::parse_answers(&id, &a, &r, &ko)
                        };
                        answers.set(Some((id.clone(), fetched.await.map(Rc::new))));
                    });
                }
            }
        });
    }
    // The live grade: regraded when the network, the manifests or the scenario change (a
    // layout-only edit keeps the analysis key).
    let fetched_answers: Option<Rc<sim::scenarios::Answers>> = answers
        .as_ref()
        .filter(|(id, _)| session.mode.scenario() == Some(id.as_str()))
        .and_then(|(_, r)| r.as_ref().ok().cloned());
    // A reviewer's own rubric file grades instead of the scenario's, in review mode only.
    let reviewing = matches!(session.mode, Mode::Review { .. });
    let current_answers: Option<Rc<sim::scenarios::Answers>> = {
        let custom = (**custom_rubric).clone().filter(|_| reviewing);
        let fetched = fetched_answers.clone();
        (*use_memo(
            (
                custom.as_ref().map(|c| Rc::as_ptr(c) as usize),
                fetched.as_ref().map(|a| Rc::as_ptr(a) as usize),
            ),
            move |_| match custom {
                Some(c) => Some(Rc::new(bridge::assignment::with_rubric(
                    fetched.as_deref(),
                    &c.1,
                ))),
                None => fetched,
            },
        ))
        .clone()
    };
    let answers_error: Option<AttrValue> = answers
        .as_ref()
        .filter(|(id, _)| session.mode.scenario() == Some(id.as_str()))
        .and_then(|(_, r)| r.as_ref().err().map(|e| AttrValue::from(e.clone())));
    let report = {
        let design = state.design.clone();
        let a = current_answers.clone();
        let key = a.as_ref().map(|a| Rc::as_ptr(a) as usize);
        use_memo((analysis.key, key, *lang), move |(_, _, lang)| {
            a.as_ref()
                .map(|a| Rc::new(bridge::assignment::grade(a, &design, *lang)))
        })
    };
    ScenarioAnswers {
        current: current_answers,
        error: answers_error,
        report,
    }
}
