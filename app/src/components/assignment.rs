//! Assignment and interview modes: the scenario picker, the dialog that asks before a
//! scenario replaces the learner's design, the task card with a live checklist
//! that ticks as the design satisfies the rubric, progressive hints, Submit (a downloadable,
//! printable report and a share link). The interview cards are in `components::interview`.

use std::rc::Rc;

use sim::grade::Report;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::dialog::Modal;
use crate::i18n::{use_lang, Lang};
use crate::t;

use sim::scenarios::{Answers, Scenario};

/// A scenario as the picker lists it: (id, title, kind word, first sentence).
pub type CatalogueEntry = (&'static str, String, &'static str, String);

/// A built-in scenario, compared by identity (scenarios are static).
#[derive(Clone, Copy)]
pub struct ScenarioRef(pub &'static Scenario);

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

pub use crate::state::session::Mode;

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The scenario library (from `bridge::assignment::catalogue`).
    pub catalogue: Rc<Vec<CatalogueEntry>>,
    pub on_start: Callback<(String, bool)>,
    pub on_close: Callback<()>,
}

/// A scenario's kind as the picker shows it (the kind word itself stays the tag's class).
pub fn kind_label(lang: Lang, kind: &str) -> String {
    match kind {
        "assignment" => t!(lang, "assignment-kind-assignment"),
        "challenge" => t!(lang, "assignment-kind-challenge"),
        other => other.to_string(),
    }
}

/// The scenario library: start one as an assignment or use it in an interview.
#[function_component(ScenarioPicker)]
pub fn scenario_picker(p: &PickerProps) -> Html {
    let lang = use_lang();
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal on_close={p.on_close.clone()} labelledby="picker-title" class="wide" overlay_testid="scenario-picker">
                <div class="dialog-head">
                    <h2 id="picker-title">{t!(lang, "scenarios")}</h2>
                    <button type="button" class="btn" onclick={close}>{t!(lang, "close")}</button>
                </div>
                <ul class="scenario-list">
                    { for p.catalogue.iter().cloned().map(|(id, title, kind, first)| {
                        let start = { let on = p.on_start.clone(); let id = id.to_string(); Callback::from(move |_: MouseEvent| on.emit((id.clone(), false))) };
                        let interview = { let on = p.on_start.clone(); let id = id.to_string(); Callback::from(move |_: MouseEvent| on.emit((id.clone(), true))) };
                        html! {
                            <li class="scenario" data-testid={format!("scenario-{id}")}>
                                <div class="scenario-text">
                                    <div><span class={classes!("kind-tag", kind)}>{kind_label(lang, kind)}</span>{" "}<strong>{title}</strong>{" "}<code class="muted">{id}</code></div>
                                    <p class="muted">{first}</p>
                                </div>
                                <div class="scenario-actions">
                                    <button type="button" class="btn primary small" data-testid={format!("start-{id}")} onclick={start}>{t!(lang, "assignment-start")}</button>
                                    <button type="button" class="btn small" data-testid={format!("interview-{id}")} onclick={interview}>{t!(lang, "assignment-interview")}</button>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct StartDialogProps {
    /// The scenario's title.
    pub title: AttrValue,
    /// The name of the design it would replace.
    pub design_name: AttrValue,
    pub interview: bool,
    /// Snapshot the current design, then load the scenario's.
    pub on_start: Callback<()>,
    /// Run the scenario on the current design, replacing nothing.
    pub on_grade: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// Asks before a scenario replaces a design with work in it. A modal dialog: focus moves
/// to its safest choice (Cancel) and stays inside while it is open; Escape or a click
/// outside cancels.
#[function_component(StartDialog)]
pub fn start_dialog(p: &StartDialogProps) -> Html {
    let lang = use_lang();
    let (dialog, first, last) = (use_node_ref(), use_node_ref(), use_node_ref());
    crate::components::dialog::use_focus_return();
    {
        let last = last.clone();
        use_effect_with((), move |_| {
            if let Some(b) = last.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let onkeydown = {
        let (dialog, first, last, cancel) = (
            dialog.clone(),
            first.clone(),
            last.clone(),
            p.on_cancel.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            // Keys here are the dialog's, not the canvas's shortcuts.
            e.stop_propagation();
            match e.key().as_str() {
                "Escape" => {
                    e.prevent_default();
                    cancel.emit(());
                }
                "Tab" => {
                    let active = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element());
                    // Wrap around at either end; from the dialog itself (focused by a
                    // click on its text) Shift Tab goes to the last control too.
                    let is = |r: &NodeRef| {
                        active
                            .as_ref()
                            .is_some_and(|a| r.get().is_some_and(|n| n == **a))
                    };
                    let (at_edge, to) = if e.shift_key() {
                        (is(&first) || is(&dialog), &last)
                    } else {
                        (is(&last), &first)
                    };
                    if at_edge {
                        e.prevent_default();
                        if let Some(b) = to.cast::<HtmlElement>() {
                            let _ = b.focus();
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    let start_label = if p.interview {
        t!(lang, "assignment-start-interview")
    } else {
        t!(lang, "assignment-start-scenario")
    };
    html! {
        <div class="overlay" onclick={p.on_cancel.reform(|_: MouseEvent| ())}>
            <div ref={dialog} tabindex="-1" class="dialog" data-testid="start-dialog" role="dialog" aria-modal="true" aria-labelledby="start-dialog-title"
                aria-describedby="start-dialog-text" onclick={stop} {onkeydown}>
                <div class="dialog-head">
                    <h2 id="start-dialog-title">{t!(lang, "assignment-replace-title", title = p.title.as_str())}</h2>
                </div>
                <p id="start-dialog-text">
                    {format!(
                        "{} {} {}",
                        t!(lang, "assignment-replace-has-work", design = p.design_name.as_str()),
                        t!(lang, "assignment-replace-keeps"),
                        t!(lang, "assignment-replace-or-grade"),
                    )}
                </p>
                <div class="dialog-actions">
                    <button ref={first} type="button" class="btn primary" data-testid="start-dialog-start" onclick={p.on_start.reform(|_: MouseEvent| ())}>{start_label}</button>
                    <button type="button" class="btn" data-testid="start-dialog-grade" onclick={p.on_grade.reform(|_: MouseEvent| ())}>{t!(lang, "assignment-grade-current")}</button>
                    <button ref={last} type="button" class="btn" data-testid="start-dialog-cancel" onclick={p.on_cancel.reform(|_: MouseEvent| ())}>{t!(lang, "assignment-cancel")}</button>
                </div>
            </div>
        </div>
    }
}

/// Who submits: the name (required) and an optional id, as typed on the task card.
#[derive(Clone, Debug, PartialEq)]
pub struct Submitter {
    pub name: String,
    pub id: Option<String>,
}

/// What a reviewer adds to a submission's report: a comment and, optionally, their own score.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewNote {
    pub comment: String,
    pub override_score: Option<u32>,
}

/// Reads a reviewer's score field: empty is "no override"; otherwise a whole number from 0 to
/// the rubric's maximum, else the error to show beside the field.
pub fn parse_override(lang: Lang, text: &str, max: u32) -> Result<Option<u32>, String> {
    let typed = text.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    match typed.parse::<u32>() {
        Ok(v) if v <= max => Ok(Some(v)),
        _ => Err(t!(lang, "assignment-score-error", max = max, text = typed)),
    }
}

#[derive(Properties, PartialEq)]
pub struct TaskProps {
    pub mode: Mode,
    /// The mode's scenario (`None` when it names none the library has).
    pub scenario: Option<ScenarioRef>,
    pub report: Option<Rc<Report>>,
    /// The scenario's answer data (hints), once fetched.
    pub answers: Option<Rc<Answers>>,
    pub on_reveal_hint: Callback<()>,
    /// The name and id to prefill on Submit (the last ones typed).
    pub student: (String, String),
    pub on_submit: Callback<Submitter>,
    /// In review: the student's name and id the link carries.
    pub submitted_by: (Option<String>, Option<String>),
    /// In review: download the report with the reviewer's comment and score.
    pub on_review_report: Callback<ReviewNote>,
    pub on_exit: Callback<()>,
    /// Open the failing check's flow in the tracer.
    pub on_open_flow: Callback<sim::network::Flow>,
    /// In review: the reviewer's own rubric file grading instead of the scenario's (its name),
    /// or why the last one picked could not be read.
    #[prop_or_default]
    pub rubric_file: Option<AttrValue>,
    #[prop_or_default]
    pub rubric_error: Option<AttrValue>,
    /// A rubric file was picked (`Some`), or back to the scenario's rubric (`None`).
    #[prop_or_default]
    pub on_rubric: Callback<Option<web_sys::File>>,
}

#[derive(Properties, PartialEq)]
struct RubricSourceProps {
    file: Option<AttrValue>,
    error: Option<AttrValue>,
    on_rubric: Callback<Option<web_sys::File>>,
}

/// Which rubric grades the submission, and the way to grade it with the reviewer's own file
/// (the YAML `stratosim grade --rubric` reads), e.g. a class's stricter rubric.
#[function_component(RubricSource)]
fn rubric_source(p: &RubricSourceProps) -> Html {
    let lang = use_lang();
    let input = use_node_ref();
    let pick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.set_value("");
                i.click();
            }
        })
    };
    let on_change = p.on_rubric.reform(|e: Event| {
        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
        i.files().and_then(|f| f.get(0))
    });
    let reset = p.on_rubric.reform(|_: MouseEvent| None);
    html! {
        <div class="rubric-source" data-testid="rubric-source">
            <p class="muted small">
                { match &p.file {
                    Some(f) => around(
                        &t!(lang, "assignment-rubric-yours", file = SLOT),
                        html! { <code data-testid="rubric-file">{f.clone()}</code> },
                    ),
                    None => html! { {t!(lang, "assignment-rubric-scenario")} },
                } }
            </p>
            <div class="row">
                <button type="button" class="btn small" data-testid="load-rubric" onclick={pick}>{t!(lang, "assignment-rubric-load")}</button>
                if p.file.is_some() {
                    <button type="button" class="btn small" data-testid="scenario-rubric" onclick={reset}>{t!(lang, "assignment-rubric-back")}</button>
                }
            </div>
            <input ref={input} type="file" accept=".yaml,.yml,.json" class="sr-only" data-testid="rubric-input" tabindex="-1" aria-hidden="true" onchange={on_change} />
            if let Some(e) = &p.error {
                <p class="field-error" role="alert" data-testid="rubric-error">{e.clone()}</p>
            }
        </div>
    }
}

/// Stands in for an element inside a translated sentence: the message is formatted with this
/// as the variable, then split around it (so the element's place follows each language's
/// word order).
const SLOT: &str = "\u{1}";

/// `text` (holding [`SLOT`] once) with `inner` in the slot's place.
fn around(text: &str, inner: Html) -> Html {
    let (before, after) = text.split_once(SLOT).unwrap_or((text, ""));
    html! { <>{before.to_string()}{inner}{after.to_string()}</> }
}

/// A paragraph of a statement; lines starting with "- " become a list (as text, never HTML).
fn statement_block(block: &str) -> Html {
    let mut intro = Vec::new();
    let mut items: Vec<(usize, String)> = Vec::new();
    for line in block.lines() {
        let depth = line.len() - line.trim_start().len();
        match line.trim_start().strip_prefix("- ") {
            Some(item) => items.push((depth, item.to_string())),
            None if !items.is_empty() => {
                if let Some(last) = items.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            }
            None => intro.push(line.trim().to_string()),
        }
    }
    html! {
        <>
            if !intro.is_empty() { <p>{intro.join(" ")}</p> }
            if !items.is_empty() {
                <ul>{ for items.into_iter().map(|(depth, text)| html! { <li class={if depth > 0 { "sub" } else { "" }}>{text}</li> }) }</ul>
            }
        </>
    }
}

/// The live checklist of a graded design: each check, its points and, when failing, the
/// evidence and the flow to open in the tracer.
pub fn checklist(lang: Lang, r: &Report, on_open_flow: &Callback<sim::network::Flow>) -> Html {
    html! {
        <div class="checklist" data-testid="checklist">
            <div class="score-line"><strong data-testid="score">{format!("{} / {}", r.score, r.max)}</strong><span class="muted">{format!(" {}", points_percent(lang, r))}</span></div>
            <ul>
                { for r.checks.iter().map(|c| {
                    let open = c.flow.clone().map(|f| { let on = on_open_flow.clone(); Callback::from(move |_: MouseEvent| on.emit(f.clone())) });
                    html! {
                        <li class={classes!("check", if c.passed { "pass" } else { "fail" })} data-testid="check" data-check={c.id.clone()} data-passed={c.passed.to_string()}>
                            <span class="tick" aria-label={if c.passed { t!(lang, "assignment-check-done") } else { t!(lang, "assignment-check-not-yet") }}>{ if c.passed { "✓" } else { "○" } }</span>
                            <div>
                                <div>{c.message.clone()}<span class="muted">{format!(" {}", t!(lang, "assignment-check-points", points = c.points))}</span></div>
                                if !c.passed { <div class="evidence">{c.evidence.clone()}</div> }
                                if let Some(open) = open { <button type="button" class="link-btn" onclick={open}>{t!(lang, "assignment-open-flow")}</button> }
                            </div>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// "points · 80%" after the score (the plural follows the maximum, as in "12 / 20 points").
pub fn points_percent(lang: Lang, r: &Report) -> String {
    t!(
        lang,
        "assignment-points-percent",
        max = r.max,
        percent = format!("{:.0}", r.percent())
    )
}

/// "Hint 2: " before the `index`th hint (from 0).
pub fn hint_label(lang: Lang, index: usize) -> String {
    format!("{} ", t!(lang, "assignment-hint-label", n = index + 1))
}

/// The hints revealed so far and a button for the next one; `None` while the answer data is
/// being fetched.
pub fn hint_list(
    lang: Lang,
    hints: Option<&[String]>,
    shown: usize,
    on_reveal: &Callback<()>,
) -> Html {
    let Some(hints) = hints else {
        return html! { <p class="muted small" data-testid="hints-loading">{t!(lang, "assignment-hints-loading")}</p> };
    };
    html! {
        <div class="hints">
            { for hints.iter().take(shown).enumerate().map(|(i, h)| html! { <p class="hint" data-testid="hint"><strong>{hint_label(lang, i)}</strong>{h.clone()}</p> }) }
            if shown < hints.len() {
                <button type="button" class="btn small" data-testid="reveal-hint" onclick={on_reveal.reform(|_| ())}>{t!(lang, "assignment-reveal-hint", n = shown + 1, total = hints.len())}</button>
            }
        </div>
    }
}

/// The task card (assignment) or the review card; interviews have their own cards
/// (`components::interview`).
#[function_component(TaskCard)]
pub fn task_card(p: &TaskProps) -> Html {
    let lang = use_lang();
    let Some(id) = p.mode.scenario() else {
        return html! {};
    };
    let Some(ScenarioRef(s)) = p.scenario else {
        return html! { <p class="empty-note">{t!(lang, "assignment-unknown-scenario", id = id)}</p> };
    };
    let hints_shown = match &p.mode {
        Mode::Assignment { hints, .. } | Mode::Interview { hints, .. } => *hints,
        _ => 0,
    };
    let checklist = p
        .report
        .as_ref()
        .map(|r| checklist(lang, r, &p.on_open_flow));
    let text = s.text_in(lang.tag());
    let hints = hint_list(
        lang,
        p.answers.as_ref().map(|a| a.text_in(lang.tag()).hints),
        hints_shown,
        &p.on_reveal_hint,
    );
    let exit = html! { <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{t!(lang, "assignment-leave")}</button> };
    match &p.mode {
        Mode::Review { .. } => html! {
            <div class="task" data-testid="review-card">
                <div class="task-head"><span class="kind-tag">{t!(lang, "assignment-kind-review")}</span><h3>{text.title}</h3>{exit}</div>
                <p class="muted">{t!(lang, "assignment-review-note")}</p>
                <p data-testid="submitted-by">{submitted_by(lang, &p.submitted_by)}</p>
                <RubricSource file={p.rubric_file.clone()} error={p.rubric_error.clone()} on_rubric={p.on_rubric.clone()} />
                { for checklist }
                // The form waits for the grade: its score field is bounded by the rubric's maximum.
                if let Some(r) = p.report.as_ref() {
                    <ReviewForm max={r.max} on_report={p.on_review_report.clone()} />
                }
            </div>
        },
        _ => html! {
            <div class="task" data-testid="task-card">
                <div class="task-head"><span class={classes!("kind-tag", "assignment")}>{t!(lang, "assignment-kind-assignment")}</span><h3>{text.title}</h3>{exit}</div>
                <div class="statement" data-testid="statement">{ for text.statement.split("\n\n").map(statement_block) }</div>
                { hints }
                { for checklist }
                <SubmitForm student={p.student.clone()} on_submit={p.on_submit.clone()} />
            </div>
        },
    }
}

/// "Submitted by …" from the link, or a note that the link names nobody.
pub fn submitted_by(lang: Lang, who: &(Option<String>, Option<String>)) -> String {
    match who {
        (Some(n), Some(i)) => t!(
            lang,
            "assignment-submitted-by-with-id",
            name = n.as_str(),
            id = i.as_str()
        ),
        (Some(n), None) => t!(lang, "assignment-submitted-by", name = n.as_str()),
        (None, Some(i)) => t!(lang, "assignment-submitted-by-id", id = i.as_str()),
        (None, None) => t!(lang, "assignment-submitted-by-nobody"),
    }
}

#[derive(Properties, PartialEq)]
struct SubmitFormProps {
    student: (String, String),
    on_submit: Callback<Submitter>,
}

/// Submit: the student's name (required, so the report and the link say whose design it is)
/// and an optional id, then the report download and the link.
#[function_component(SubmitForm)]
fn submit_form(p: &SubmitFormProps) -> Html {
    let lang = use_lang();
    let (name_ref, id_ref) = (use_node_ref(), use_node_ref());
    // Whether the name was missing at the last Submit (worded at render, in the UI's language).
    let error = use_state(|| false);
    let onsubmit = {
        let (name_ref, id_ref, error, on) = (
            name_ref.clone(),
            id_ref.clone(),
            error.clone(),
            p.on_submit.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<web_sys::HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let (name, id) = (value(&name_ref), value(&id_ref));
            if name.is_empty() {
                error.set(true);
                if let Some(i) = name_ref.cast::<HtmlElement>() {
                    let _ = i.focus();
                }
                return;
            }
            error.set(false);
            on.emit(Submitter {
                name,
                id: Some(id).filter(|i| !i.is_empty()),
            });
        })
    };
    html! {
        <form class="submit-row" data-testid="submit-form" aria-label={t!(lang, "assignment-submit-label")} {onsubmit} novalidate=true>
            <label class="field">{t!(lang, "assignment-your-name")}
                <input ref={name_ref} data-testid="student-name" autocomplete="name" value={p.student.0.clone()}
                    aria-invalid={error.then_some("true")} aria-describedby="submit-error" />
            </label>
            <label class="field">{t!(lang, "assignment-student-id")}
                <input ref={id_ref} data-testid="student-id" value={p.student.1.clone()} />
            </label>
            <button type="submit" class="btn primary" data-testid="submit">{t!(lang, "assignment-submit")}</button>
            <span class="muted small">{t!(lang, "assignment-submit-note")}</span>
            <span id="submit-error" class="field-error" role="alert" data-testid="submit-error">{ if *error { t!(lang, "assignment-name-required") } else { String::new() } }</span>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewFormProps {
    max: u32,
    on_report: Callback<ReviewNote>,
}

/// The reviewer's comment and score override, kept in the report they download.
#[function_component(ReviewForm)]
fn review_form(p: &ReviewFormProps) -> Html {
    let lang = use_lang();
    let (comment_ref, score_ref) = (use_node_ref(), use_node_ref());
    // The score field's text the last Report refused (its error is worded at render).
    let refused = use_state(|| None::<String>);
    let error = refused
        .as_deref()
        .and_then(|text| parse_override(lang, text, p.max).err());
    let onsubmit = {
        let (comment_ref, score_ref, refused, on, max) = (
            comment_ref.clone(),
            score_ref.clone(),
            refused.clone(),
            p.on_report.clone(),
            p.max,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let comment = comment_ref
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            let score = score_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match parse_override(lang, &score, max) {
                Ok(override_score) => {
                    refused.set(None);
                    on.emit(ReviewNote {
                        comment,
                        override_score,
                    });
                }
                Err(_) => refused.set(Some(score)),
            }
        })
    };
    html! {
        <form class="review-form" data-testid="review-form" aria-label={t!(lang, "assignment-review-label")} {onsubmit} novalidate=true>
            <label class="field">{t!(lang, "assignment-review-comment")}
                <textarea ref={comment_ref} data-testid="review-comment" rows="3" />
            </label>
            <label class="field">{t!(lang, "assignment-review-score", max = p.max)}
                <input ref={score_ref} data-testid="review-score" inputmode="numeric"
                    aria-invalid={error.is_some().then_some("true")} aria-describedby="review-error" />
            </label>
            <span id="review-error" class="field-error" role="alert" data-testid="review-error">{ error.clone().unwrap_or_default() }</span>
            <button type="submit" class="btn" data-testid="review-report">{t!(lang, "assignment-review-download")}</button>
        </form>
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_reviewers_score_is_empty_or_a_whole_number_up_to_the_maximum() {
        for (text, want) in [
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("0", Ok(Some(0))),
            (" 120 ", Ok(Some(120))),
            ("130", Ok(Some(130))),
            ("131", Err(())),
            ("-1", Err(())),
            ("12.5", Err(())),
            ("abc", Err(())),
        ] {
            assert_eq!(
                parse_override(Lang::En, text, 130).map_err(|_| ()),
                want,
                "{text:?}"
            );
        }
        for (lang, want) in [
            (
                Lang::En,
                "the score is a whole number from 0 to 130, not “abc”",
            ),
            (
                Lang::Ko,
                "점수는 0부터 130까지의 정수여야 합니다(입력: “abc”)",
            ),
        ] {
            assert_eq!(parse_override(lang, " abc ", 130), Err(want.to_string()));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_task_cards_words_are_in_both_languages() {
        let named = (Some("Kim".to_string()), Some("2026-017".to_string()));
        let cases = [
            (
                submitted_by(Lang::En, &named),
                "Submitted by Kim (2026-017)",
            ),
            (submitted_by(Lang::Ko, &named), "제출자: Kim (2026-017)"),
            (
                submitted_by(Lang::En, &(None, Some("7".into()))),
                "Submitted by student id 7",
            ),
            (
                submitted_by(Lang::En, &(None, None)),
                "The link does not name the student.",
            ),
            (
                submitted_by(Lang::Ko, &(None, None)),
                "링크에 학생 이름이 없습니다.",
            ),
            (hint_label(Lang::En, 0), "Hint 1: "),
            (hint_label(Lang::Ko, 1), "힌트 2: "),
            (kind_label(Lang::En, "challenge"), "challenge"),
            (kind_label(Lang::Ko, "challenge"), "도전 과제"),
            (kind_label(Lang::Ko, "assignment"), "과제"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_score_line_counts_points_in_each_language() {
        let report = |score, max| Report {
            rubric: "r".into(),
            score,
            max,
            checks: vec![],
        };
        for (lang, score, max, want) in [
            (Lang::En, 12, 20, "points · 60%"),
            (Lang::En, 1, 1, "point · 100%"),
            (Lang::Ko, 12, 20, "점 · 60%"),
            (Lang::Ko, 1, 1, "점 · 100%"),
        ] {
            assert_eq!(points_percent(lang, &report(score, max)), want);
        }
    }
}
