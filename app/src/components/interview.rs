//! The two sides of an interview. The interviewer's card: the prompt, follow-ups, what a good
//! answer mentions, hints to reveal, the clock with an optional limit, notes, the live
//! checklist, what the candidate may see of the lints, and the candidate link; it folds to its
//! header. The candidate's card: the prompt and the hints revealed to them, the clock, and
//! a link to send their design back — nothing else.

use std::rc::Rc;

use sim::grade::Report;
use sim::network::diff::{Change, DesignDiff};
use sim::scenarios::Answers;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::assignment::{checklist, hint_list};
use crate::state::interview::{CandidateBrief, Clock, ClockState, LintLevel};

fn clock_view(clock: Clock) -> Html {
    let state = clock.state();
    let (class, note) = match state {
        ClockState::Running => ("clock", None),
        ClockState::Warning => ("clock warning", Some("Time is nearly up")),
        ClockState::Over => ("clock over", Some("Time is up")),
    };
    html! {
        <>
            <span class={class} data-testid="timer" data-state={format!("{state:?}").to_lowercase()}>{clock.text()}</span>
            if let Some(n) = note { <span class="timer-note" role="status" data-testid="timer-note">{n}</span> }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct InterviewProps {
    pub title: AttrValue,
    pub prompt: AttrValue,
    /// The scenario's answer data, once fetched (`answers_error` when it could not be).
    pub answers: Option<Rc<Answers>>,
    pub answers_error: Option<AttrValue>,
    pub hints: usize,
    pub clock: Clock,
    pub running: bool,
    pub notes: AttrValue,
    pub limit_min: Option<u32>,
    pub lints: LintLevel,
    pub collapsed: bool,
    pub report: Option<Rc<Report>>,
    pub on_reveal_hint: Callback<()>,
    pub on_notes: Callback<String>,
    pub on_timer: Callback<bool>,
    pub on_limit: Callback<Option<u32>>,
    pub on_lints: Callback<LintLevel>,
    pub on_toggle: Callback<()>,
    pub on_exit: Callback<()>,
    /// Copy a link to the design on screen (read-only for its recipient).
    pub on_share: Callback<()>,
    /// Copy the candidate link: the prompt, revealed hints, lint setting and starting design.
    pub on_candidate_link: Callback<()>,
    pub on_open_flow: Callback<sim::network::Flow>,
    /// "Compare with…": a pasted link's design against the one on screen.
    pub comparison: Option<Rc<Result<DesignDiff, String>>>,
    pub on_compare: Callback<String>,
    /// "Start live session": a room, a key in the link's fragment, the candidate link.
    pub on_start_live: Callback<()>,
    pub live: bool,
    /// The live candidate link, once the session started.
    pub live_link: Option<AttrValue>,
}

fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

fn verdict_word(v: &Option<Result<bool, String>>) -> String {
    match v {
        None => "no such flow".into(),
        Some(Ok(true)) => "allowed".into(),
        Some(Ok(false)) => "blocked".into(),
        Some(Err(e)) => format!("cannot trace: {e}"),
    }
}

/// The differences from a linked design to the one on screen.
fn comparison_view(c: &Result<DesignDiff, String>) -> Html {
    let d = match c {
        Err(e) => return html! { <p class="error" data-testid="compare-error">{e.clone()}</p> },
        Ok(d) if d.is_empty() => {
            return html! { <p class="muted" data-testid="compare-same">{"No differences."}</p> }
        }
        Ok(d) => d,
    };
    html! {
        <div class="comparison" data-testid="comparison">
            if !d.components.is_empty() {
                <h5>{"Components"}</h5>
                <ul>{ for d.components.iter().map(|c| html! {
                    <li class={classes!("diff", change_word(c.change))} data-testid="diff-component" data-change={change_word(c.change)}>
                        <strong>{change_word(c.change)}</strong>{format!(" {} {}", c.kind, c.id)}
                    </li>
                }) }</ul>
            }
            if !d.rules.is_empty() {
                <h5>{"Rules"}</h5>
                <ul>{ for d.rules.iter().map(|r| html! {
                    <li class={classes!("diff", change_word(r.change))} data-testid="diff-rule" data-change={change_word(r.change)}>
                        <strong>{change_word(r.change)}</strong>{format!(" {} {}: {}", r.owner, r.side, r.rule)}
                    </li>
                }) }</ul>
            }
            if !d.flows.is_empty() {
                <h5>{"Test flows"}</h5>
                <ul>{ for d.flows.iter().map(|f| html! {
                    <li class="diff changed" data-testid="diff-flow">{format!("{}: {} → {}", f.flow, verdict_word(&f.before), verdict_word(&f.after))}</li>
                }) }</ul>
            }
        </div>
    }
}

/// The interviewer's card.
#[function_component(InterviewCard)]
pub fn interview_card(p: &InterviewProps) -> Html {
    let lang = crate::i18n::use_lang();
    let link = use_node_ref();
    let running = p.running;
    let head = html! {
        <div class="task-head">
            <span class="kind-tag interview">{"interview"}</span><h3>{p.title.clone()}</h3>
            <button type="button" class="btn small" data-testid="card-toggle" aria-expanded={(!p.collapsed).to_string()}
                onclick={p.on_toggle.reform(|_| ())}>{ if p.collapsed { "Show" } else { "Hide" } }</button>
            <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{"Leave"}</button>
        </div>
    };
    let timer = html! {
        <div class="timer">
            { clock_view(p.clock) }
            <button type="button" class="btn small" data-testid="timer-toggle" onclick={p.on_timer.reform(move |_| !running)}>{ if running { "Pause" } else { "Resume" } }</button>
        </div>
    };
    if p.collapsed {
        return html! { <div class="task collapsed" data-testid="interview-card">{head}{timer}</div> };
    }
    let on_notes = p.on_notes.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_notes.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let on_limit = p.on_limit.clone();
    let onlimit = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        on_limit.emit(v.trim().parse::<u32>().ok().filter(|m| *m > 0))
    });
    let on_lints = p.on_lints.clone();
    let onlints = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Ok(l) = LintLevel::parse(&v) {
            on_lints.emit(l)
        }
    });
    let answers = match (&p.answers, &p.answers_error) {
        (_, Some(e)) => {
            html! { <p class="error" data-testid="answers-error">{format!("The answer data could not be loaded: {e}")}</p> }
        }
        (None, None) => html! { <p class="muted small">{"Loading the answer data…"}</p> },
        (Some(a), None) => {
            let a = a.text_in(lang.tag());
            html! {
            <>
                if !a.follow_ups.is_empty() {
                    <h4>{"Follow-ups"}</h4>
                    <ul>{ for a.follow_ups.iter().map(|f| html! { <li>{f.clone()}</li> }) }</ul>
                }
                if !a.look_for.is_empty() {
                    <h4>{"A good answer mentions"}</h4>
                    <ul>{ for a.look_for.iter().map(|f| html! { <li>{f.clone()}</li> }) }</ul>
                }
            </>
            }
        }
    };
    html! {
        <div class="task" data-testid="interview-card">
            { head }
            { timer }
            <label class="field-row">{"Time limit (minutes) "}
                <input type="number" min="0" class="small-input" data-testid="timer-limit" value={p.limit_min.map(|m| m.to_string()).unwrap_or_default()} onchange={onlimit} />
            </label>
            <p class="question" data-testid="question">{p.prompt.clone()}</p>
            { answers }
            <h4>{"Hints for the interviewer to give"}</h4>
            { hint_list(p.answers.as_ref().map(|a| a.text_in(lang.tag()).hints), p.hints, &p.on_reveal_hint) }
            <h4>{"Notes"}</h4>
            <textarea class="notes" data-testid="interview-notes" rows="5" value={p.notes.clone()} {oninput} placeholder="What the candidate said, what they missed…" />
            <h4>{"The candidate"}</h4>
            <label class="field-row">{"Show lints to the candidate: "}
                <select data-testid="candidate-lints" onchange={onlints}>
                    { for LintLevel::ALL.into_iter().map(|l| html! { <option value={l.as_str()} selected={l == p.lints}>{l.label()}</option> }) }
                </select>
            </label>
            <button type="button" class="btn small primary" data-testid="candidate-link" onclick={p.on_candidate_link.reform(|_| ())}>{"Copy the candidate link"}</button>
            <p class="muted small">{"It carries the prompt, the hints revealed so far, the lint setting and the design on screen — never the answer data. Reveal a hint, then copy the link again to pass it on."}</p>
            <h4>{"Live session"}</h4>
            if p.live {
                <label class="field-row">{"Candidate link: "}
                    <input type="text" readonly=true class="compare-link" data-testid="live-link" value={p.live_link.clone().unwrap_or_default()} />
                </label>
                <p class="muted small">{"Send it to the candidate: you both see the design change as either edits. The key is in the link's #fragment, so the server relays only ciphertext. Your notes, the checklist, hints not revealed and the timer stay here."}</p>
            } else {
                <button type="button" class="btn small primary" data-testid="start-live" onclick={p.on_start_live.reform(|_| ())}>{"Start live session"}</button>
            }
            <button type="button" class="btn small" data-testid="share-candidate" onclick={p.on_share.reform(|_| ())}>{"Copy link to the design on screen (read-only)"}</button>
            <h4>{"Compare with…"}</h4>
            <form class="compare" onsubmit={
                let (on, link) = (p.on_compare.clone(), link.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(i) = link.cast::<HtmlInputElement>() {
                        on.emit(i.value());
                    }
                })
            }>
                <input ref={link} name="link" type="text" class="compare-link" data-testid="compare-link" placeholder="Paste a link to another design" aria-label="A link to the design to compare with" />
                <button type="submit" class="btn small" data-testid="compare">{"Compare"}</button>
            </form>
            <p class="muted small">{"Shows what changed from the linked design (e.g. the starting design, or an earlier link of the candidate's) to the design on screen."}</p>
            { for p.comparison.as_ref().map(|c| comparison_view(c)) }
            { for p.report.as_ref().map(|r| checklist(r, &p.on_open_flow)) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CandidateProps {
    pub brief: CandidateBrief,
    pub clock: Clock,
    /// Copy a link to the candidate's design, to send to the interviewer.
    pub on_share: Callback<()>,
    pub on_exit: Callback<()>,
}

/// The candidate's card.
#[function_component(CandidateCard)]
pub fn candidate_card(p: &CandidateProps) -> Html {
    html! {
        <div class="task" data-testid="candidate-card">
            <div class="task-head"><span class="kind-tag interview">{"interview"}</span><h3>{"Your task"}</h3>
                <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{"Leave"}</button>
            </div>
            <div class="timer">{ clock_view(p.clock) }</div>
            <p class="question" data-testid="question">{p.brief.prompt.clone()}</p>
            { for p.brief.hints.iter().enumerate().map(|(i, h)| html! { <p class="hint" data-testid="hint"><strong>{format!("Hint {}: ", i + 1)}</strong>{h.clone()}</p> }) }
            <button type="button" class="btn small primary" data-testid="share-back" onclick={p.on_share.reform(|_| ())}>{"Copy a link to my design"}</button>
            <p class="muted small">{"Send it to your interviewer; it opens read-only for them."}</p>
        </div>
    }
}
