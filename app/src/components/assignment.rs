//! Assignment and interview modes: the scenario picker, the dialog that asks before a
//! scenario replaces the learner's design, the task card with a live checklist
//! that ticks as the design satisfies the rubric, progressive hints, Submit (a downloadable,
//! printable report and a share link). The interview cards are in `components::interview`.

use std::rc::Rc;

use sim::grade::Report;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::dialog::Modal;

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

/// The scenario library: start one as an assignment or use it in an interview.
#[function_component(ScenarioPicker)]
pub fn scenario_picker(p: &PickerProps) -> Html {
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal on_close={p.on_close.clone()} labelledby="picker-title" class="wide" overlay_testid="scenario-picker">
                <div class="dialog-head">
                    <h2 id="picker-title">{"Scenarios"}</h2>
                    <button type="button" class="btn" onclick={close}>{"Close"}</button>
                </div>
                <ul class="scenario-list">
                    { for p.catalogue.iter().cloned().map(|(id, title, kind, first)| {
                        let start = { let on = p.on_start.clone(); let id = id.to_string(); Callback::from(move |_: MouseEvent| on.emit((id.clone(), false))) };
                        let interview = { let on = p.on_start.clone(); let id = id.to_string(); Callback::from(move |_: MouseEvent| on.emit((id.clone(), true))) };
                        html! {
                            <li class="scenario" data-testid={format!("scenario-{id}")}>
                                <div class="scenario-text">
                                    <div><span class={classes!("kind-tag", kind)}>{kind}</span>{" "}<strong>{title}</strong>{" "}<code class="muted">{id}</code></div>
                                    <p class="muted">{first}</p>
                                </div>
                                <div class="scenario-actions">
                                    <button type="button" class="btn primary small" data-testid={format!("start-{id}")} onclick={start}>{"Start"}</button>
                                    <button type="button" class="btn small" data-testid={format!("interview-{id}")} onclick={interview}>{"Interview"}</button>
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
        "Start the interview"
    } else {
        "Start the scenario"
    };
    html! {
        <div class="overlay" onclick={p.on_cancel.reform(|_: MouseEvent| ())}>
            <div ref={dialog} tabindex="-1" class="dialog" data-testid="start-dialog" role="dialog" aria-modal="true" aria-labelledby="start-dialog-title"
                aria-describedby="start-dialog-text" onclick={stop} {onkeydown}>
                <div class="dialog-head">
                    <h2 id="start-dialog-title">{format!("Replace your design with “{}”?", p.title)}</h2>
                </div>
                <p id="start-dialog-text">
                    {format!("“{}” has work in it. Starting the scenario loads its starting design; yours is kept first as a snapshot you can restore from the File menu. Or keep your design and grade it against this assignment.", p.design_name)}
                </p>
                <div class="dialog-actions">
                    <button ref={first} type="button" class="btn primary" data-testid="start-dialog-start" onclick={p.on_start.reform(|_: MouseEvent| ())}>{start_label}</button>
                    <button type="button" class="btn" data-testid="start-dialog-grade" onclick={p.on_grade.reform(|_: MouseEvent| ())}>{"Grade my current design against this assignment"}</button>
                    <button ref={last} type="button" class="btn" data-testid="start-dialog-cancel" onclick={p.on_cancel.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                </div>
            </div>
        </div>
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
    pub on_submit: Callback<()>,
    pub on_exit: Callback<()>,
    /// Open the failing check's flow in the tracer.
    pub on_open_flow: Callback<sim::network::Flow>,
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
pub fn checklist(r: &Report, on_open_flow: &Callback<sim::network::Flow>) -> Html {
    html! {
        <div class="checklist" data-testid="checklist">
            <div class="score-line"><strong data-testid="score">{format!("{} / {}", r.score, r.max)}</strong><span class="muted">{format!(" points · {:.0}%", r.percent())}</span></div>
            <ul>
                { for r.checks.iter().map(|c| {
                    let open = c.flow.clone().map(|f| { let on = on_open_flow.clone(); Callback::from(move |_: MouseEvent| on.emit(f.clone())) });
                    html! {
                        <li class={classes!("check", if c.passed { "pass" } else { "fail" })} data-testid="check" data-check={c.id.clone()} data-passed={c.passed.to_string()}>
                            <span class="tick" aria-label={if c.passed { "done" } else { "not yet" }}>{ if c.passed { "✓" } else { "○" } }</span>
                            <div>
                                <div>{c.message.clone()}<span class="muted">{format!(" ({} pt)", c.points)}</span></div>
                                if !c.passed { <div class="evidence">{c.evidence.clone()}</div> }
                                if let Some(open) = open { <button type="button" class="link-btn" onclick={open}>{"Open this flow in the tracer"}</button> }
                            </div>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// The hints revealed so far and a button for the next one; `None` while the answer data is
/// being fetched.
pub fn hint_list(hints: Option<&[String]>, shown: usize, on_reveal: &Callback<()>) -> Html {
    let Some(hints) = hints else {
        return html! { <p class="muted small" data-testid="hints-loading">{"Loading the hints…"}</p> };
    };
    html! {
        <div class="hints">
            { for hints.iter().take(shown).enumerate().map(|(i, h)| html! { <p class="hint" data-testid="hint"><strong>{format!("Hint {}: ", i + 1)}</strong>{h.clone()}</p> }) }
            if shown < hints.len() {
                <button type="button" class="btn small" data-testid="reveal-hint" onclick={on_reveal.reform(|_| ())}>{format!("Reveal hint {} of {}", shown + 1, hints.len())}</button>
            }
        </div>
    }
}

/// The task card (assignment) or the review card; interviews have their own cards
/// (`components::interview`).
#[function_component(TaskCard)]
pub fn task_card(p: &TaskProps) -> Html {
    let Some(id) = p.mode.scenario() else {
        return html! {};
    };
    let Some(ScenarioRef(s)) = p.scenario else {
        return html! { <p class="empty-note">{format!("Unknown scenario `{id}`.")}</p> };
    };
    let hints_shown = match &p.mode {
        Mode::Assignment { hints, .. } | Mode::Interview { hints, .. } => *hints,
        _ => 0,
    };
    let checklist = p.report.as_ref().map(|r| checklist(r, &p.on_open_flow));
    let hints = hint_list(
        p.answers.as_ref().map(|a| a.hints.as_slice()),
        hints_shown,
        &p.on_reveal_hint,
    );
    let exit = html! { <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{"Leave"}</button> };
    match &p.mode {
        Mode::Review { .. } => html! {
            <div class="task" data-testid="review-card">
                <div class="task-head"><span class="kind-tag">{"review"}</span><h3>{s.title.clone()}</h3>{exit}</div>
                <p class="muted">{"A submitted design, graded against the scenario's rubric."}</p>
                { for checklist }
            </div>
        },
        _ => html! {
            <div class="task" data-testid="task-card">
                <div class="task-head"><span class={classes!("kind-tag", "assignment")}>{"assignment"}</span><h3>{s.title.clone()}</h3>{exit}</div>
                <div class="statement" data-testid="statement">{ for s.statement.split("\n\n").map(statement_block) }</div>
                { hints }
                { for checklist }
                <div class="submit-row">
                    <button type="button" class="btn primary" data-testid="submit" onclick={p.on_submit.reform(|_| ())}>{"Submit"}</button>
                    <span class="muted small">{"Downloads a printable report and copies a link to your design."}</span>
                </div>
            </div>
        },
    }
}
