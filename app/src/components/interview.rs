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

use super::assignment::{checklist, hint_label, hint_list};
use crate::i18n::{tr, use_lang, Lang};
use crate::state::interview::{CandidateBrief, Clock, ClockState, LintLevel};
use crate::t;

fn clock_view(lang: Lang, clock: Clock) -> Html {
    let state = clock.state();
    let (class, note) = match state {
        ClockState::Running => ("clock", None),
        ClockState::Warning => ("clock warning", Some(t!(lang, "interview-time-nearly-up"))),
        ClockState::Over => ("clock over", Some(t!(lang, "interview-time-up"))),
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

/// The change as a class and `data-change` value (stable, for styles and tests).
fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

/// The change as the interviewer reads it.
fn change_label(lang: Lang, c: Change) -> String {
    match c {
        Change::Added => t!(lang, "interview-change-added"),
        Change::Removed => t!(lang, "interview-change-removed"),
        Change::Changed => t!(lang, "interview-change-changed"),
    }
}

fn verdict_word(lang: Lang, v: &Option<Result<bool, String>>) -> String {
    match v {
        None => t!(lang, "interview-verdict-none"),
        Some(Ok(true)) => t!(lang, "interview-verdict-allowed"),
        Some(Ok(false)) => t!(lang, "interview-verdict-blocked"),
        Some(Err(e)) => t!(lang, "interview-verdict-error", error = e.as_str()),
    }
}

/// The differences from a linked design to the one on screen.
fn comparison_view(lang: Lang, c: &Result<DesignDiff, String>) -> Html {
    let d = match c {
        Err(e) => return html! { <p class="error" data-testid="compare-error">{e.clone()}</p> },
        Ok(d) if d.is_empty() => {
            return html! { <p class="muted" data-testid="compare-same">{t!(lang, "interview-no-differences")}</p> }
        }
        Ok(d) => d,
    };
    html! {
        <div class="comparison" data-testid="comparison">
            if !d.components.is_empty() {
                <h5>{t!(lang, "interview-diff-components")}</h5>
                <ul>{ for d.components.iter().map(|c| html! {
                    <li class={classes!("diff", change_word(c.change))} data-testid="diff-component" data-change={change_word(c.change)}>
                        <strong>{change_label(lang, c.change)}</strong>{format!(" {} {}", c.kind, c.id)}
                    </li>
                }) }</ul>
            }
            if !d.rules.is_empty() {
                <h5>{t!(lang, "interview-diff-rules")}</h5>
                <ul>{ for d.rules.iter().map(|r| html! {
                    <li class={classes!("diff", change_word(r.change))} data-testid="diff-rule" data-change={change_word(r.change)}>
                        <strong>{change_label(lang, r.change)}</strong>{format!(" {} {}: {}", r.owner, r.side, r.rule)}
                    </li>
                }) }</ul>
            }
            if !d.annotations.is_empty() {
                <h5>{t!(lang, "interview-diff-annotations")}</h5>
                <ul>{ for d.annotations.iter().map(|c| html! {
                    <li class={classes!("diff", change_word(c.change))} data-testid="diff-annotation" data-change={change_word(c.change)}>
                        <strong>{change_label(lang, c.change)}</strong>
                        {format!(" {} {}", tr(lang, &format!("annotate-{}", c.kind)), c.id)}
                        if !c.fields.is_empty() { {format!(": {}", c.fields.join(", "))} }
                    </li>
                }) }</ul>
            }
            if !d.flows.is_empty() {
                <h5>{t!(lang, "interview-diff-flows")}</h5>
                <ul>{ for d.flows.iter().map(|f| html! {
                    <li class="diff changed" data-testid="diff-flow">{format!("{}: {} → {}", f.flow, verdict_word(lang, &f.before), verdict_word(lang, &f.after))}</li>
                }) }</ul>
            }
        </div>
    }
}

/// The interviewer's card.
#[function_component(InterviewCard)]
pub fn interview_card(p: &InterviewProps) -> Html {
    let lang = use_lang();
    let link = use_node_ref();
    let running = p.running;
    let head = html! {
        <div class="task-head">
            <span class="kind-tag interview">{t!(lang, "interview-kind")}</span><h3>{p.title.clone()}</h3>
            <button type="button" class="btn small" data-testid="card-toggle" aria-expanded={(!p.collapsed).to_string()}
                onclick={p.on_toggle.reform(|_| ())}>{ if p.collapsed { t!(lang, "interview-show") } else { t!(lang, "interview-hide") } }</button>
            <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{t!(lang, "assignment-leave")}</button>
        </div>
    };
    let timer = html! {
        <div class="timer">
            { clock_view(lang, p.clock) }
            <button type="button" class="btn small" data-testid="timer-toggle" onclick={p.on_timer.reform(move |_| !running)}>{ if running { t!(lang, "interview-pause") } else { t!(lang, "interview-resume") } }</button>
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
            html! { <p class="error" data-testid="answers-error">{t!(lang, "interview-answers-error", error = e.as_str())}</p> }
        }
        (None, None) => {
            html! { <p class="muted small">{t!(lang, "interview-answers-loading")}</p> }
        }
        (Some(a), None) => {
            let a = a.text_in(lang.tag());
            html! {
            <>
                if !a.follow_ups.is_empty() {
                    <h4>{t!(lang, "interview-follow-ups")}</h4>
                    <ul>{ for a.follow_ups.iter().map(|f| html! { <li>{f.clone()}</li> }) }</ul>
                }
                if !a.look_for.is_empty() {
                    <h4>{t!(lang, "interview-look-for")}</h4>
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
            <label class="field-row">{t!(lang, "interview-time-limit")}{" "}
                <input type="number" min="0" class="small-input" data-testid="timer-limit" value={p.limit_min.map(|m| m.to_string()).unwrap_or_default()} onchange={onlimit} />
            </label>
            <p class="question" data-testid="question">{p.prompt.clone()}</p>
            { answers }
            <h4>{t!(lang, "interview-hints-heading")}</h4>
            { hint_list(lang, p.answers.as_ref().map(|a| a.text_in(lang.tag()).hints), p.hints, &p.on_reveal_hint) }
            <h4>{t!(lang, "interview-notes")}</h4>
            <textarea class="notes" data-testid="interview-notes" rows="5" value={p.notes.clone()} {oninput} placeholder={t!(lang, "interview-notes-placeholder")} />
            <h4>{t!(lang, "interview-candidate-heading")}</h4>
            <label class="field-row">{t!(lang, "interview-candidate-lints")}{" "}
                <select data-testid="candidate-lints" onchange={onlints}>
                    { for LintLevel::ALL.into_iter().map(|l| html! { <option value={l.as_str()} selected={l == p.lints}>{l.label(lang)}</option> }) }
                </select>
            </label>
            <button type="button" class="btn small primary" data-testid="candidate-link" onclick={p.on_candidate_link.reform(|_| ())}>{t!(lang, "interview-copy-candidate-link")}</button>
            <p class="muted small">{format!("{} {}", t!(lang, "interview-candidate-link-carries"), t!(lang, "interview-candidate-link-again"))}</p>
            <h4>{t!(lang, "interview-live-heading")}</h4>
            if p.live {
                <label class="field-row">{t!(lang, "interview-live-link")}{" "}
                    <input type="text" readonly=true class="compare-link" data-testid="live-link" value={p.live_link.clone().unwrap_or_default()} />
                </label>
                <p class="muted small">{format!("{} {} {}", t!(lang, "interview-live-send"), t!(lang, "interview-live-key"), t!(lang, "interview-live-stays"))}</p>
            } else {
                <button type="button" class="btn small primary" data-testid="start-live" onclick={p.on_start_live.reform(|_| ())}>{t!(lang, "interview-start-live")}</button>
            }
            <button type="button" class="btn small" data-testid="share-candidate" onclick={p.on_share.reform(|_| ())}>{t!(lang, "interview-share-design")}</button>
            <h4>{t!(lang, "interview-compare-heading")}</h4>
            <form class="compare" onsubmit={
                let (on, link) = (p.on_compare.clone(), link.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(i) = link.cast::<HtmlInputElement>() {
                        on.emit(i.value());
                    }
                })
            }>
                <input ref={link} name="link" type="text" class="compare-link" data-testid="compare-link" placeholder={t!(lang, "interview-compare-placeholder")} aria-label={t!(lang, "interview-compare-label")} />
                <button type="submit" class="btn small" data-testid="compare">{t!(lang, "interview-compare")}</button>
            </form>
            <p class="muted small">{t!(lang, "interview-compare-note")}</p>
            { for p.comparison.as_ref().map(|c| comparison_view(lang, c)) }
            { for p.report.as_ref().map(|r| checklist(lang, r, &p.on_open_flow)) }
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
    let lang = use_lang();
    html! {
        <div class="task" data-testid="candidate-card">
            <div class="task-head"><span class="kind-tag interview">{t!(lang, "interview-kind")}</span><h3>{t!(lang, "interview-your-task")}</h3>
                <button type="button" class="btn small" data-testid="exit-mode" onclick={p.on_exit.reform(|_| ())}>{t!(lang, "assignment-leave")}</button>
            </div>
            <div class="timer">{ clock_view(lang, p.clock) }</div>
            <p class="question" data-testid="question">{p.brief.prompt.clone()}</p>
            { for p.brief.hints.iter().enumerate().map(|(i, h)| html! { <p class="hint" data-testid="hint"><strong>{hint_label(lang, i)}</strong>{h.clone()}</p> }) }
            <button type="button" class="btn small primary" data-testid="share-back" onclick={p.on_share.reform(|_| ())}>{t!(lang, "interview-share-back")}</button>
            <p class="muted small">{t!(lang, "interview-share-back-note")}</p>
        </div>
    }
}
