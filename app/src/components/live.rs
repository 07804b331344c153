//! The live session's layer over the canvas: the bar (connection state, who is here and who
//! is editing, the laser pointer toggle, leaving) and the other side's cursor, laser pointer
//! and selection, drawn at screen positions the app computed from the shared design.

use yew::prelude::*;

use crate::i18n::{use_lang, Lang};
use crate::services::live::Status;
use crate::t;

/// Another client as drawn: screen positions (CSS pixels of the page).
#[derive(Clone, Debug, PartialEq)]
pub struct PeerView {
    pub role: String,
    pub cursor: Option<(f64, f64)>,
    pub laser: bool,
    /// Their selected shapes: (left, top, width, height).
    pub selection: Vec<(f64, f64, f64, f64)>,
    pub editing: bool,
}

#[derive(Properties, PartialEq)]
pub struct LiveProps {
    /// What the connection is doing (`None` before its first report).
    pub status: Option<Status>,
    pub role: AttrValue,
    pub peers: Vec<PeerView>,
    pub laser: bool,
    pub on_laser: Callback<bool>,
    pub on_stop: Callback<()>,
}

/// What the connection is doing, in words, and whether it is up (or coming back) rather than
/// unreachable. Worded here, not by the connection, so it follows the UI's language.
pub fn status_text(lang: Lang, status: Option<&Status>) -> (bool, String) {
    match status {
        None | Some(Status::Connecting) => (true, t!(lang, "live-connecting")),
        Some(Status::Connected) => (true, t!(lang, "live-connected")),
        Some(Status::Reconnecting(why)) => {
            (true, t!(lang, "live-reconnecting", reason = why.as_str()))
        }
        Some(Status::Unreachable) => (
            false,
            format!(
                "{} {}",
                t!(lang, "live-unreachable"),
                t!(lang, "live-unreachable-rest")
            ),
        ),
    }
}

/// A side of the session by name; the role itself is the protocol's word.
pub fn role_name(lang: Lang, role: &str) -> String {
    match role {
        "interviewer" => t!(lang, "live-role-interviewer"),
        "candidate" => t!(lang, "live-role-candidate"),
        other => other.to_string(),
    }
}

/// Who else is here, and who of them is editing.
pub fn presence_text(lang: Lang, role: &str, peers: &[PeerView]) -> String {
    let who = if peers.is_empty() {
        t!(lang, "live-waiting")
    } else {
        peers
            .iter()
            .map(|x| {
                let name = role_name(lang, &x.role);
                if x.editing {
                    t!(lang, "live-peer-editing", role = name)
                } else {
                    name
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    t!(
        lang,
        "live-presence",
        role = role_name(lang, role),
        peers = who
    )
}

#[function_component(LiveLayer)]
pub fn live_layer(p: &LiveProps) -> Html {
    let lang = use_lang();
    let (ok, status) = status_text(lang, p.status.as_ref());
    let laser = p.laser;
    html! {
        <>
            <div class={classes!("live-bar", (!ok).then_some("error"))} data-testid="live-bar" role="status">
                <strong>{t!(lang, "live-title")}</strong>
                <span data-testid="live-status">{status}</span>
                <span data-testid="live-presence">{presence_text(lang, &p.role, &p.peers)}</span>
                <button type="button" class={classes!("btn", "small", laser.then_some("primary"))} data-testid="laser" aria-pressed={laser.to_string()}
                    onclick={p.on_laser.reform(move |_| !laser)}>{t!(lang, "live-laser")}</button>
                <button type="button" class="btn small" data-testid="live-stop" onclick={p.on_stop.reform(|_| ())}>{t!(lang, "live-leave")}</button>
            </div>
            { for p.peers.iter().map(|peer| html! {
                <>
                    { for peer.selection.iter().map(|(x, y, w, h)| html! {
                        <div class="peer-selection" data-testid="peer-selection"
                            style={format!("left:{x:.0}px;top:{y:.0}px;width:{w:.0}px;height:{h:.0}px")} />
                    }) }
                    if let Some((x, y)) = peer.cursor {
                        <div class={classes!("peer-cursor", peer.laser.then_some("laser"))} data-testid="peer-cursor" data-laser={peer.laser.to_string()}
                            style={format!("left:{x:.0}px;top:{y:.0}px")}>
                            <span class="peer-label">{role_name(lang, &peer.role)}</span>
                        </div>
                    }
                </>
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(role: &str, editing: bool) -> PeerView {
        PeerView {
            role: role.into(),
            cursor: None,
            laser: false,
            selection: vec![],
            editing,
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_bar_says_who_is_here_in_both_languages() {
        let cases: [(Lang, &[PeerView], &str); 5] = [
            (
                Lang::En,
                &[],
                "You: interviewer · here: waiting for the other side",
            ),
            (
                Lang::En,
                &[peer("candidate", false)],
                "You: interviewer · here: candidate",
            ),
            (
                Lang::En,
                &[peer("candidate", true), peer("observer", false)],
                "You: interviewer · here: candidate (editing), observer",
            ),
            (Lang::Ko, &[], "나: 면접관 · 참여 중: 상대방을 기다리는 중"),
            (
                Lang::Ko,
                &[peer("candidate", true)],
                "나: 면접관 · 참여 중: 지원자(편집 중)",
            ),
        ];
        for (lang, peers, want) in cases {
            assert_eq!(presence_text(lang, "interviewer", peers), want);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_connection_state_is_worded_in_both_languages() {
        let lost = Status::Reconnecting("closed".into());
        let cases = [
            (Lang::En, None, true, "connecting…"),
            (Lang::En, Some(&Status::Connected), true, "connected, end-to-end encrypted"),
            (
                Lang::En,
                Some(&lost),
                true,
                "reconnecting (closed); your edits are kept and sent when it is back",
            ),
            (
                Lang::En,
                Some(&Status::Unreachable),
                false,
                "the live server is not reachable: this page is served without stratosim-serve (start the app with scripts/run). Everything else works as before.",
            ),
            (Lang::Ko, Some(&Status::Connected), true, "연결됨, 종단 간 암호화"),
            (
                Lang::Ko,
                Some(&lost),
                true,
                "다시 연결하는 중(closed). 편집 내용은 보관했다가 연결되면 보냅니다.",
            ),
        ];
        for (lang, status, ok, text) in cases {
            assert_eq!(status_text(lang, status), (ok, text.to_string()));
        }
    }
}
