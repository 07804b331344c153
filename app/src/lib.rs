//! Stratosim's browser app: a Yew single-page app that edits a design on an SVG canvas and
//! asks the `sim` crate (through `bridge`, the only module that calls it) what it means.
//!
//! Data flow: `state::editor` (a reducer over `Action`) holds the design → `bridge` derives
//! the view model (`view::Shape`) → `components` draw it and report gestures as actions.

pub mod bridge;
pub mod components;
pub mod icons;
pub mod kind;
pub mod state;
pub mod view;

use yew::prelude::*;

use components::bottom_panel::BottomPanel;
use components::canvas::Canvas;
use components::palette::Palette;
use components::properties::PropertiesPanel;
use components::topbar::Topbar;
use state::editor::{Action, EditorState, Theme};

/// The theme the user's system asks for, so first paint matches their OS.
fn preferred_theme() -> Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false);
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// A callback that turns a view's event into an editor action.
fn dispatcher<T: 'static>(state: &UseReducerHandle<EditorState>, to_action: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x| state.dispatch(to_action(x)))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| EditorState::new(bridge::sample(), preferred_theme()));

    {
        let theme = state.theme;
        use_effect_with(theme, move |theme| {
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-theme", theme.as_str());
            }
        });
    }

    let on_arm = dispatcher(&state, Action::Arm);
    let on_select = dispatcher(&state, Action::Select);
    let on_zoom = dispatcher(&state, Action::ZoomBy);
    let on_place = dispatcher(&state, |(kind, x, y)| Action::Place { kind, x, y });
    let on_toggle_theme = dispatcher(&state, |()| Action::ToggleTheme);
    let on_reset_view = dispatcher(&state, |()| Action::ResetView);
    let on_fit = dispatcher(&state, |(width, height)| Action::FitToScreen { width, height });
    let on_dismiss_notice = dispatcher(&state, |()| Action::DismissNotice);
    let selected = state.selected.as_deref().and_then(|id| state.doc.shape(id)).cloned();

    html! {
        <div class="app" data-testid="app">
            <Topbar design_name={state.doc.name.clone()} theme={state.theme} {on_toggle_theme} />
            <Palette armed={state.armed} {on_arm} />
            <Canvas
                shapes={state.doc.shapes.clone()}
                selected={state.selected.clone()}
                armed={state.armed}
                viewport={state.viewport}
                notice={state.notice.clone()}
                {on_select} {on_place} {on_zoom} {on_reset_view} {on_fit} {on_dismiss_notice}
            />
            <PropertiesPanel {selected} />
            <BottomPanel />
        </div>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
