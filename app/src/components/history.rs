//! The History tab: the design's edit steps (when, who, what) with a slider that replays
//! them on the canvas, a play button, and "Back to now". The steps and the replayed design
//! come from the editor (`state::history`, `Action::ReplayAt`); this view only asks.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::topbar::time_of;
use crate::state::history::History;

/// How long each step stays on screen while playing.
const PLAY_STEP_MS: u32 = 900;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub history: Rc<History>,
    /// The step being replayed (`None`: the design as it is now).
    pub at: Option<usize>,
    pub on_replay: Callback<Option<usize>>,
}

/// Who made a step, as the list says it.
fn who(by: Option<&str>) -> &str {
    by.unwrap_or("you")
}

/// "step 3 of 12: added NAT gateway nat-1", for the slider's screen-reader value and the banner.
pub fn position_text(history: &History, at: usize) -> String {
    let n = history.len();
    match at.checked_sub(1).and_then(|i| history.steps.get(i)) {
        None => format!("step 0 of {n}: before the first step"),
        Some(s) => format!(
            "step {at} of {n}: {} {} at {}",
            who(s.by.as_deref()),
            s.text,
            time_of(s.at)
        ),
    }
}

#[function_component(HistoryView)]
pub fn history_view(props: &HistoryProps) -> Html {
    let playing = use_state(|| false);
    let n = props.history.len();
    let at = props.at.unwrap_or(n);
    {
        // While playing, each step shows for a moment, then the next; at the end, back to now.
        let (playing, on_replay) = (playing.clone(), props.on_replay.clone());
        use_effect_with((*playing, at, n), move |&(on, at, n)| {
            let timer = on.then(|| {
                gloo::timers::callback::Timeout::new(PLAY_STEP_MS, move || {
                    if at + 1 >= n {
                        on_replay.emit(None);
                        playing.set(false);
                    } else {
                        on_replay.emit(Some(at + 1));
                    }
                })
            });
            move || drop(timer)
        });
    }
    if n == 0 {
        return html! {
            <p class="muted" data-testid="history-empty">
                {"No edits yet. Every change to this design is recorded here — when, by whom and what — so it can be replayed step by step."}
            </p>
        };
    }
    let go = |k: usize| {
        let on_replay = props.on_replay.clone();
        Callback::from(move |_: MouseEvent| on_replay.emit((k < n).then_some(k)))
    };
    let on_slide = {
        let (on_replay, playing) = (props.on_replay.clone(), playing.clone());
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(k) = v.parse::<usize>() {
                playing.set(false);
                on_replay.emit((k < n).then_some(k));
            }
        })
    };
    let on_play = {
        let (on_replay, playing) = (props.on_replay.clone(), playing.clone());
        Callback::from(move |_: MouseEvent| {
            if *playing {
                playing.set(false);
            } else {
                if at >= n {
                    on_replay.emit(Some(0));
                }
                playing.set(true);
            }
        })
    };
    let first = props
        .history
        .steps
        .first()
        .map(|s| time_of(s.at))
        .unwrap_or_default();
    let step = |i: usize, s: &crate::state::history::Step| {
        let k = i + 1;
        let current = k == at;
        html! {
            <li class={classes!("history-step", current.then_some("current"), (k > at).then_some("later"))} data-testid="history-step">
                <button type="button" aria-current={current.then_some("step")} onclick={go(k)}>
                    <time class="mono">{time_of(s.at)}</time>
                    <span class="by">{who(s.by.as_deref())}</span>
                    <span class="what">{s.text.clone()}</span>
                </button>
            </li>
        }
    };
    html! {
        <div class="history" data-testid="history">
            <div class="history-controls">
                <button type="button" class="btn small" data-testid="history-play" aria-pressed={(*playing).to_string()} onclick={on_play}>
                    { if *playing { "Pause" } else { "Play" } }
                </button>
                <label for="history-slider">{"Replay"}</label>
                <input type="range" id="history-slider" data-testid="history-slider" min="0" max={n.to_string()} step="1"
                    value={at.to_string()} aria-valuetext={position_text(&props.history, at)} oninput={on_slide} />
                <output for="history-slider" data-testid="history-position">{format!("{at} of {n}")}</output>
                <button type="button" class="btn small" data-testid="history-now" disabled={props.at.is_none()} onclick={go(n)}>{"Back to now"}</button>
            </div>
            <p class="muted small" data-testid="history-summary">
                {format!("{n} step{} since {first}", if n == 1 { "" } else { "s" })}
                if props.history.dropped > 0 {
                    {format!("; {} earlier step{} not kept", props.history.dropped, if props.history.dropped == 1 { " is" } else { "s are" })}
                }
                {"."}
            </p>
            <ol class="history-steps" data-testid="history-steps" aria-label="Edit steps">
                <li class={classes!("history-step", (at == 0).then_some("current"))} data-testid="history-start">
                    <button type="button" aria-current={(at == 0).then_some("step")} onclick={go(0)}>
                        <span class="what">{"Before the first step"}</span>
                    </button>
                </li>
                { for props.history.steps.iter().enumerate().map(|(i, s)| step(i, s)) }
            </ol>
        </div>
    }
}
