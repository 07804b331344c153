//! The live session's layer over the canvas: the bar (connection state, who is here and who
//! is editing, the laser pointer toggle, leaving) and the other side's cursor, laser pointer
//! and selection, drawn at screen positions the app computed from the shared design.

use yew::prelude::*;

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
    /// What the connection is doing, in words.
    pub status: AttrValue,
    /// The connection is up (or reconnecting) rather than unreachable.
    pub ok: bool,
    pub role: AttrValue,
    pub peers: Vec<PeerView>,
    pub laser: bool,
    pub on_laser: Callback<bool>,
    pub on_stop: Callback<()>,
}

#[function_component(LiveLayer)]
pub fn live_layer(p: &LiveProps) -> Html {
    let who = if p.peers.is_empty() {
        "waiting for the other side".to_string()
    } else {
        p.peers
            .iter()
            .map(|x| {
                if x.editing {
                    format!("{} (editing)", x.role)
                } else {
                    x.role.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let laser = p.laser;
    html! {
        <>
            <div class={classes!("live-bar", (!p.ok).then_some("error"))} data-testid="live-bar" role="status">
                <strong>{"Live"}</strong>
                <span data-testid="live-status">{p.status.clone()}</span>
                <span data-testid="live-presence">{format!("You: {} · here: {who}", p.role)}</span>
                <button type="button" class={classes!("btn", "small", laser.then_some("primary"))} data-testid="laser" aria-pressed={laser.to_string()}
                    onclick={p.on_laser.reform(move |_| !laser)}>{"Laser pointer"}</button>
                <button type="button" class="btn small" data-testid="live-stop" onclick={p.on_stop.reform(|_| ())}>{"Leave live session"}</button>
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
                            <span class="peer-label">{peer.role.clone()}</span>
                        </div>
                    }
                </>
            }) }
        </>
    }
}
