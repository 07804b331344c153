//! The task column's card for the session's mode: the interviewer's card (question, clock,
//! notes, hints, candidate and live links, comparing a candidate's link), the candidate's card
//! (their brief only), or the learner's and reviewer's task card (checklist, hints, Submit,
//! review report, the reviewer's own rubric). Built once per render by the App root; its
//! callbacks turn gestures into reducer actions and `services` calls.

use std::rc::Rc;

use yew::prelude::*;

use super::{dispatcher, location_hash};
use crate::bridge;
use crate::components;
use crate::components::assignment::TaskCard;
use crate::components::interview::{CandidateCard, InterviewCard};
use crate::i18n::Lang;
use crate::services::{self, files, share, storage};
use crate::state;
use crate::state::editor::{Action, EditorState};
use crate::state::interview::{Clock, StoredNotes};
use crate::state::session::{Mode, Session, SessionAction};
use crate::state::trace::{FlowForm, TraceAction, TraceState};
use crate::t;

/// What the card is built from: the reducers, the grade of the design on screen, the scenario's
/// answer data (never present in a candidate's page) and the live session's handles.
pub struct TaskInputs {
    pub state: UseReducerHandle<EditorState>,
    pub session: UseReducerHandle<Session>,
    pub trace: UseReducerHandle<TraceState>,
    pub lang: Lang,
    /// The interview clock's "now" (ms since the epoch), ticking once a second.
    pub now: f64,
    pub report: Rc<Option<Rc<sim::grade::Report>>>,
    pub current_answers: Option<Rc<sim::scenarios::Answers>>,
    pub answers_error: Option<AttrValue>,
    pub custom_rubric: UseStateHandle<Option<Rc<(String, sim::grade::Rubric)>>>,
    pub rubric_error: UseStateHandle<Option<String>>,
    pub comparison: UseStateHandle<Option<Rc<Result<sim::network::diff::DesignDiff, String>>>>,
    /// Bumped to bring the Traces tab to the front when a checklist flow is opened.
    pub show_traces: UseStateHandle<Option<u64>>,
    pub live: super::live::LiveHandles,
}

/// The card for the session's mode.
pub fn task_card(inputs: TaskInputs) -> Html {
    let TaskInputs {
        state,
        session,
        trace,
        lang,
        now,
        report,
        current_answers,
        answers_error,
        custom_rubric,
        rubric_error,
        comparison,
        show_traces,
        live,
    } = inputs;
    let ui = lang;
    let lang = &lang;
    let now = &now;
    let super::live::LiveHandles {
        conn: live_conn,
        link: live_link,
        start: start_live,
    } = live;
    let on_submit = {
        let (state, session, report, lang) =
            (state.clone(), session.clone(), report.clone(), *lang);
        Callback::from(move |who: components::assignment::Submitter| {
            let (Some(id), Some(r)) = (session.mode.scenario(), report.as_ref().as_ref()) else {
                return;
            };
            let Some(s) = bridge::assignment::scenario(id) else {
                return;
            };
            storage::save_student(&who.name, who.id.as_deref().unwrap_or(""));
            let link = share::submission_link(
                &state.design,
                id,
                &who.name,
                who.id.as_deref(),
                &state.history,
            );
            let when = String::from(js_sys::Date::new_0().to_iso_string());
            let extras = bridge::assignment::ReportExtras {
                student: Some(who.name.clone()),
                student_id: who.id.clone(),
                picture_svg: services::export::svg_document(&state.shapes, "light").ok(),
                ..Default::default()
            };
            let html = bridge::assignment::report_html(
                lang,
                s,
                &state.design,
                r,
                &when,
                Some(&link),
                &extras,
            );
            let name =
                bridge::assignment::report_file_name(id, &state.design.name, Some(&who.name));
            let _ = files::download(&name, "text/html", &html);
            share::publish(&link);
            state.dispatch(Action::Notify(t!(
                ui,
                "notice-submitted",
                name = who.name.as_str(),
                score = r.score,
                max = r.max
            )));
        })
    };
    // Review: grade with the reviewer's own rubric file (or back to the scenario's).
    let on_rubric = {
        let (custom, error) = (custom_rubric.clone(), rubric_error.clone());
        Callback::from(move |file: Option<web_sys::File>| {
            let Some(file) = file else {
                custom.set(None);
                error.set(None);
                return;
            };
            let (custom, error) = (custom.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let parsed = files::read_text(file)
                    .await
                    .and_then(|text| bridge::assignment::parse_rubric(&name, &text));
                match parsed {
                    Ok(r) => {
                        custom.set(Some(Rc::new((name, r))));
                        error.set(None);
                    }
                    // The rubric grading so far stays; the reviewer reads why.
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_review_report = {
        let (state, session, report, lang) =
            (state.clone(), session.clone(), report.clone(), *lang);
        let custom = (*custom_rubric).clone();
        Callback::from(move |note: components::assignment::ReviewNote| {
            let (Some(id), Some(r)) = (session.mode.scenario(), report.as_ref().as_ref()) else {
                return;
            };
            let Some(s) = bridge::assignment::scenario(id) else {
                return;
            };
            let link = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let (student, student_id) = share::student_param(&location_hash());
            let when = String::from(js_sys::Date::new_0().to_iso_string());
            let extras = bridge::assignment::ReportExtras {
                student: student.clone(),
                student_id,
                picture_svg: services::export::svg_document(&state.shapes, "light").ok(),
                comment: Some(note.comment),
                override_score: note.override_score,
                rubric_file: custom.as_ref().map(|c| c.0.clone()),
            };
            let html = bridge::assignment::report_html(
                lang,
                s,
                &state.design,
                r,
                &when,
                Some(&link),
                &extras,
            );
            let name =
                bridge::assignment::report_file_name(id, &state.design.name, student.as_deref());
            let _ = files::download(
                &name.replace("-report.html", "-review.html"),
                "text/html",
                &html,
            );
            state.dispatch(Action::Notify(t!(ui, "notice-review-downloaded")));
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |()| {
            share::publish(&share::link_for(&state.design, None, Some(&state.history)));
            state.dispatch(Action::Notify(t!(ui, "notice-link-copied-read-only")));
        })
    };
    let on_timer = {
        let d = session.dispatcher();
        Callback::from(move |run: bool| {
            d.dispatch(SessionAction::Timer {
                run,
                now: js_sys::Date::now(),
            })
        })
    };
    let on_open_flow = {
        let (d, show) = (trace.dispatcher(), show_traces.clone());
        Callback::from(move |f: sim::network::Flow| {
            // The Traces tab comes to the front and the flow plays from its first hop.
            d.dispatch(TraceAction::RunFlow(FlowForm::of(&f)));
            show.set(Some(show.map_or(1, |n| n + 1)));
        })
    };
    // Leaving asks first: an interview's notes and clock, a learner's revealed hints.
    let on_exit = {
        let d = session.dispatcher();
        Callback::from(move |()| {
            if services::interview::confirm(&t!(ui, "confirm-leave-mode")) {
                d.dispatch(SessionAction::Exit);
            }
        })
    };
    let on_reveal_hint = dispatcher(&session, |()| SessionAction::RevealHint);
    match &session.mode {
        Mode::Interview {
            scenario,
            hints,
            started_at,
            paused_at,
            notes,
            session: sid,
            limit_min,
            lints,
            ..
        } => {
            let s = bridge::assignment::scenario(scenario);
            let clock = Clock {
                elapsed_ms: paused_at.unwrap_or(*now) - started_at,
                limit_ms: limit_min.map(|m| f64::from(m) * 60_000.0),
            };
            let on_notes = {
                let (d, sid) = (session.dispatcher(), sid.clone());
                Callback::from(move |text: String| {
                    let at = js_sys::Date::now();
                    d.dispatch(SessionAction::Notes {
                        text: text.clone(),
                        now: at,
                    });
                    if let Some(newer) =
                        services::interview::save_notes(&sid, &StoredNotes { text, at })
                    {
                        d.dispatch(SessionAction::NotesSynced(newer));
                    }
                })
            };
            let on_compare = {
                let (state, comparison) = (state.clone(), comparison.clone());
                Callback::from(move |link: String| {
                    let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or(&link);
                    let result = match share::decode(fragment) {
                        Ok(Some(other)) => Ok(bridge::compare(&other, &state.design)),
                        Ok(None) => Err(t!(ui, "not-a-design-link")),
                        Err(e) => Err(e),
                    };
                    comparison.set(Some(Rc::new(result)));
                })
            };
            let on_candidate_link = {
                let (state, id, answers) =
                    (state.clone(), scenario.clone(), current_answers.clone());
                let (hints, lints, limit, lang) = (*hints, *lints, *limit_min, *lang);
                Callback::from(move |()| {
                    let Some(brief) = bridge::assignment::candidate_brief(
                        &id,
                        answers.as_deref(),
                        hints,
                        lints,
                        limit,
                        lang,
                    ) else {
                        return;
                    };
                    share::publish(&share::candidate_link(&state.design, &brief));
                    state.dispatch(Action::Notify(t!(ui, "notice-candidate-link")));
                })
            };
            let on_start_live = {
                let (state, id, answers) =
                    (state.clone(), scenario.clone(), current_answers.clone());
                let (hints, lints, limit, lang) = (*hints, *lints, *limit_min, *lang);
                let (start, link_state) = (start_live.clone(), live_link.clone());
                let interview = sid.clone();
                Callback::from(move |()| {
                    let Some(brief) = bridge::assignment::candidate_brief(
                        &id,
                        answers.as_deref(),
                        hints,
                        lints,
                        limit,
                        lang,
                    ) else {
                        return;
                    };
                    let (design, state, start, link_state, interview) = (
                        state.design.clone(),
                        state.clone(),
                        start.clone(),
                        link_state.clone(),
                        interview.clone(),
                    );
                    wasm_bindgen_futures::spawn_local(async move {
                        let made = async {
                            let (key, raw) = services::live::new_key().await?;
                            Ok::<_, String>((services::live::random_id(12)?, key, raw))
                        };
                        match made.await {
                            Ok((room, key, raw)) => {
                                let link = format!(
                                    "{}&{}{room}.{raw}",
                                    share::candidate_link(&design, &brief),
                                    state::live::KEY
                                );
                                share::publish(&link);
                                storage::save_live(&interview, &link);
                                link_state.set(Some(link));
                                start(room, key);
                            }
                            Err(e) => state.dispatch(Action::Notify(t!(
                                ui,
                                "notice-live-not-started",
                                error = e.to_string()
                            ))),
                        }
                    });
                })
            };
            html! {
                <InterviewCard live_link={(*live_link).clone().map(AttrValue::from)} live={live_conn.is_some()} {on_start_live} title={s.map(|s| s.text_in(lang.tag()).title.to_string()).unwrap_or_default()} prompt={s.map(|s| s.text_in(lang.tag()).prompt.to_string()).unwrap_or_default()}
                    answers={current_answers.clone()} answers_error={answers_error.clone()} hints={*hints} {clock} running={paused_at.is_none()}
                    notes={notes.clone()} limit_min={*limit_min} lints={*lints} collapsed={session.card_collapsed} report={(*report).clone()}
                    {on_reveal_hint} {on_notes} {on_timer} on_limit={dispatcher(&session, SessionAction::SetLimit)}
                    on_lints={dispatcher(&session, SessionAction::SetCandidateLints)} on_toggle={dispatcher(&session, |()| SessionAction::ToggleCard)}
                    {on_exit} {on_share} {on_candidate_link} {on_open_flow}
                    comparison={(*comparison).clone()} {on_compare} />
            }
        }
        Mode::Candidate { brief, started_at } => {
            let clock = Clock {
                elapsed_ms: *now - started_at,
                limit_ms: brief.limit_min.map(|m| f64::from(m) * 60_000.0),
            };
            html! { <CandidateCard brief={brief.clone()} {clock} {on_share} {on_exit} /> }
        }
        _ => {
            html! { <TaskCard mode={session.mode.clone()} scenario={session.mode.scenario().and_then(bridge::assignment::scenario).map(components::assignment::ScenarioRef)} report={(*report).clone()}
            answers={current_answers.clone()} {on_reveal_hint} {on_submit} {on_exit} {on_open_flow}
            student={storage::saved_student()} submitted_by={share::student_param(&location_hash())} {on_review_report}
            rubric_file={custom_rubric.as_ref().map(|c| AttrValue::from(c.0.clone()))} rubric_error={(*rubric_error).clone().map(AttrValue::from)} {on_rubric} /> }
        }
    }
}
