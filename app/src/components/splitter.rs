//! The drag handle on a panel's edge (palette, properties, bottom panel): drag it to resize
//! the panel, drag it nearly shut or press its button to collapse it, arrow keys to resize
//! from the keyboard. The sizes live in `state::panels`; this only turns gestures into sizes.

use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::i18n::use_lang;
use crate::state::panels::{Pane, Panel};

#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    pub panel: Panel,
    pub pane: Pane,
    /// The size the pointer asks for, in CSS pixels.
    pub on_resize: Callback<(Panel, f64)>,
    pub on_toggle: Callback<Panel>,
}

/// The panel size the pointer at (x, y) asks for: the palette grows from the left edge of
/// the window, the properties panel from the right, the bottom panel from the bottom.
fn size_at(panel: Panel, x: f64, y: f64) -> f64 {
    let window = web_sys::window();
    let inner =
        |f: fn(&web_sys::Window) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
            window
                .as_ref()
                .and_then(|w| f(w).ok())
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
        };
    match panel {
        Panel::Palette => x,
        Panel::Properties => inner(web_sys::Window::inner_width) - x,
        Panel::Bottom => inner(web_sys::Window::inner_height) - y,
    }
}

#[function_component(Splitter)]
pub fn splitter(props: &SplitterProps) -> Html {
    let lang = use_lang();
    let dragging = use_state(|| false);
    let panel = props.panel;
    let vertical = panel != Panel::Bottom;
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(el) = e.target_dyn_into::<Element>() {
                if el.closest("button").ok().flatten().is_some() {
                    return;
                }
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            dragging.set(true);
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        let on_resize = props.on_resize.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging {
                on_resize.emit((
                    panel,
                    size_at(panel, e.client_x() as f64, e.client_y() as f64),
                ));
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let onkeydown = {
        let (on_resize, on_toggle, pane) =
            (props.on_resize.clone(), props.on_toggle.clone(), props.pane);
        Callback::from(move |e: KeyboardEvent| {
            let grow = match (e.key().as_str(), vertical) {
                ("ArrowRight", true) | ("ArrowUp", false) => 16.0,
                ("ArrowLeft", true) | ("ArrowDown", false) => -16.0,
                ("Enter", _) => {
                    e.prevent_default();
                    on_toggle.emit(panel);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let grow = if panel.grows_forward() || !vertical {
                grow
            } else {
                -grow
            };
            let from = if pane.collapsed { 0.0 } else { pane.size };
            on_resize.emit((panel, from + grow));
        })
    };
    let ondblclick = props.on_toggle.reform(move |_: MouseEvent| panel);
    let toggle = props.on_toggle.reform(move |_: MouseEvent| panel);
    let (_, min, max) = panel.limits();
    let shown = if props.pane.collapsed {
        0.0
    } else {
        props.pane.size
    };
    let toggle_label = panel.toggle_label(lang, props.pane.collapsed);
    // The arrow on the button points the way the panel will go.
    let arrow = match (panel, props.pane.collapsed) {
        (Panel::Palette, false) | (Panel::Properties, true) => "M15 6l-6 6 6 6",
        (Panel::Palette, true) | (Panel::Properties, false) => "M9 6l6 6-6 6",
        (Panel::Bottom, false) => "M6 9l6 6 6-6",
        (Panel::Bottom, true) => "M6 15l6-6 6 6",
    };
    // The focusable separator and the collapse button are siblings, never one inside the
    // other (a control nested in a control is announced wrongly: axe `nested-interactive`).
    html! {
        <div class={classes!("splitter", format!("splitter-{}", panel.slug()), props.pane.collapsed.then_some("collapsed"), dragging.then_some("dragging"))}
            {onpointerdown} {onpointermove} {onpointerup} {ondblclick}>
            <div class="splitter-handle" role="separator" tabindex="0"
                aria-orientation={if vertical { "vertical" } else { "horizontal" }}
                aria-label={panel.resize_label(lang)}
                aria-valuemin={min.to_string()} aria-valuemax={max.to_string()} aria-valuenow={shown.to_string()}
                data-testid={format!("splitter-{}", panel.slug())}
                {onkeydown}></div>
            <button type="button" class="splitter-toggle" data-testid={format!("collapse-{}", panel.slug())}
                aria-expanded={(!props.pane.collapsed).to_string()}
                aria-label={toggle_label.clone()}
                title={toggle_label}
                onclick={toggle}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d={arrow} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" /></svg>
            </button>
        </div>
    }
}
