//! The App root's parts. `lib.rs`'s `App` owns the reducers and the few states shared by
//! several parts, and wires them; each part here is a hook (called once per render, always
//! in the same place) or a function that builds callbacks or a view for that render:
//! [`live`] (the live session), [`links`] (links pasted into an open tab), [`files`] (opening
//! and dropping files), [`traces`] (traces, their playback and the Traces tab), [`task`] (the
//! card of the session's mode) and [`effects`] (what the root keeps in step with the page:
//! `<html lang>` and the theme, autosave, shortcuts, the interview clock and notes, the
//! scenario's answer data, the live region).

pub mod effects;
pub mod files;
pub mod links;
pub mod live;
pub mod scenario;
pub mod task;
pub mod traces;

use yew::prelude::*;

/// A callback that turns a view's event into an action of one of the reducers.
pub fn dispatcher<R: Reducible + 'static, T: 'static>(
    state: &UseReducerHandle<R>,
    to_action: impl Fn(T) -> R::Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x| state.dispatch(to_action(x)))
}

/// The canvas's box on screen (x, y, width, height), for mapping the pointer into the design.
pub fn canvas_rect() -> Option<(f64, f64, f64, f64)> {
    let el = web_sys::window()?
        .document()?
        .query_selector("[data-testid=canvas]")
        .ok()??;
    let r = el.get_bounding_client_rect();
    Some((r.left(), r.top(), r.width(), r.height()))
}

/// The page's URL fragment, with its `#`.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}
