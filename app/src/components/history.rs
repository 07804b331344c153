//! The History tab: the design's edit steps (when, who, what) with a slider that replays
//! them on the canvas, a play button, and "Back to now". The steps and the replayed design
//! come from the editor (`state::history`, `Action::ReplayAt`); this view only asks.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::topbar::time_of;
use crate::i18n::{use_lang, Lang};
use crate::state::history::History;
use crate::t;

/// How long each step stays on screen while playing.
const PLAY_STEP_MS: u32 = 900;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub history: Rc<History>,
    /// The step being replayed (`None`: the design as it is now).
    pub at: Option<usize>,
    pub on_replay: Callback<Option<usize>>,
}

/// Who made a step, as the list says it: the recorded name of another person, else "you".
fn who(lang: Lang, by: Option<&str>) -> String {
    by.map_or_else(|| t!(lang, "hist-you"), str::to_string)
}

/// "step 3 of 12: you added NAT gateway nat-1 at 14:05:09", for the slider's screen-reader
/// value and the banner (the step's own words stay as recorded).
pub fn position_text(lang: Lang, history: &History, at: usize) -> String {
    let n = history.len();
    match at.checked_sub(1).and_then(|i| history.steps.get(i)) {
        None => t!(lang, "hist-position-start", count = n),
        Some(s) => t!(
            lang,
            "hist-position",
            at = at,
            count = n,
            who = who(lang, s.by.as_deref()),
            what = s.text.as_str(),
            time = time_of(s.at)
        ),
    }
}

/// "2 steps since 14:05:09." under the controls, saying so when older steps were let go.
fn summary_text(lang: Lang, count: usize, first: &str, dropped: usize) -> String {
    if dropped > 0 {
        t!(
            lang,
            "hist-summary-dropped",
            count = count,
            first = first,
            dropped = dropped
        )
    } else {
        t!(lang, "hist-summary", count = count, first = first)
    }
}

#[function_component(HistoryView)]
pub fn history_view(props: &HistoryProps) -> Html {
    let lang = use_lang();
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
                {t!(lang, "hist-empty")}
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
                    <span class="by">{who(lang, s.by.as_deref())}</span>
                    <span class="what">{s.text.clone()}</span>
                </button>
            </li>
        }
    };
    html! {
        <div class="history" data-testid="history">
            <div class="history-controls">
                <button type="button" class="btn small" data-testid="history-play" aria-pressed={(*playing).to_string()} onclick={on_play}>
                    { if *playing { t!(lang, "hist-pause") } else { t!(lang, "hist-play") } }
                </button>
                <label for="history-slider">{t!(lang, "hist-replay")}</label>
                <input type="range" id="history-slider" data-testid="history-slider" min="0" max={n.to_string()} step="1"
                    value={at.to_string()} aria-valuetext={position_text(lang, &props.history, at)} oninput={on_slide} />
                <output for="history-slider" data-testid="history-position">{t!(lang, "hist-output", at = at, count = n)}</output>
                <button type="button" class="btn small" data-testid="history-now" disabled={props.at.is_none()} onclick={go(n)}>{t!(lang, "hist-back-to-now")}</button>
            </div>
            <p class="muted small" data-testid="history-summary">
                {summary_text(lang, n, &first, props.history.dropped)}
            </p>
            <ol class="history-steps" data-testid="history-steps" aria-label={t!(lang, "hist-steps")}>
                <li class={classes!("history-step", (at == 0).then_some("current"))} data-testid="history-start">
                    <button type="button" aria-current={(at == 0).then_some("step")} onclick={go(0)}>
                        <span class="what">{t!(lang, "hist-start")}</span>
                    </button>
                </li>
                { for props.history.steps.iter().enumerate().map(|(i, s)| step(i, s)) }
            </ol>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_history_words_follow_the_language_and_the_steps_stay_as_recorded() {
        let cases = [
            (Lang::En, 2, 0, "2 steps since 14:05:09."),
            (Lang::En, 1, 0, "1 step since 14:05:09."),
            (
                Lang::En,
                3,
                1,
                "3 steps since 14:05:09; 1 earlier step is not kept.",
            ),
            (
                Lang::En,
                3,
                4,
                "3 steps since 14:05:09; 4 earlier steps are not kept.",
            ),
            (Lang::Ko, 2, 0, "14:05:09부터 2단계를 기록했습니다."),
            (
                Lang::Ko,
                3,
                4,
                "14:05:09부터 3단계를 기록했습니다. 그보다 이전의 4단계는 보관하지 않습니다.",
            ),
        ];
        for (lang, count, dropped, want) in cases {
            assert_eq!(summary_text(lang, count, "14:05:09", dropped), want);
        }
        assert_eq!(who(Lang::En, None), "you");
        assert_eq!(who(Lang::Ko, None), "나");
        assert_eq!(who(Lang::Ko, Some("candidate")), "candidate");
        let step = |lang| {
            t!(
                lang,
                "hist-position",
                at = 1,
                count = 2,
                who = who(lang, None),
                what = "added NAT gateway nat-1",
                time = "14:05:09"
            )
        };
        assert_eq!(
            step(Lang::En),
            "step 1 of 2: you added NAT gateway nat-1 at 14:05:09"
        );
        assert_eq!(
            step(Lang::Ko),
            "전체 2단계 중 1단계: 나 · added NAT gateway nat-1 (14:05:09)"
        );
        assert_eq!(t!(Lang::En, "hist-output", at = 1, count = 2), "1 of 2");
    }
}
