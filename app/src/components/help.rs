//! The keyboard shortcut overlay (`?`).

use yew::prelude::*;

use crate::components::dialog::Modal;

/// (keys, what they do) — the single list the overlay shows and the README mirrors.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Drag from palette",
        "Place a component inside the container under the pointer",
    ),
    (
        "Click palette item, then click canvas",
        "Place without dragging (Enter on a focused container places inside it)",
    ),
    ("Click / Shift-click", "Select / add to the selection"),
    ("Drag on empty canvas", "Marquee selection"),
    (
        "Drag a selected component",
        "Move it with everything inside it (snaps to the 20-unit grid)",
    ),
    (
        "Shift + arrow keys (Alt + arrows: one step)",
        "Nudge the selection (×5 with Shift)",
    ),
    (
        "Delete / Backspace",
        "Delete the selection and what lives inside it",
    ),
    ("Ctrl Z / Ctrl Shift Z / Ctrl Y", "Undo / redo (500 steps)"),
    ("Ctrl A", "Select everything"),
    ("Ctrl S / Ctrl O", "Save / open a design file"),
    ("Wheel / Shift-wheel", "Pan"),
    ("Ctrl-wheel or pinch, + and −", "Zoom"),
    ("0 / F", "Reset zoom / fit the design to the screen"),
    ("Middle-button drag", "Pan"),
    (
        "Tab",
        "The canvas is one stop (the first Tab offers a skip link to it)",
    ),
    (
        "Arrow keys on the canvas",
        "Move between the components of one container",
    ),
    (
        "Enter / Escape on the canvas",
        "Select the focused component and go inside a container / go back out",
    ),
    (
        "Escape",
        "Clear the selection, cancel placing, close this help",
    ),
    ("?", "Show or hide this help"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal on_close={props.on_close.clone()} labelledby="help-title" overlay_testid="help-overlay">
            <div class="dialog-head">
                <h2 id="help-title">{"Keyboard and mouse"}</h2>
                <button type="button" class="btn" data-testid="help-close" onclick={close}>{"Close"}</button>
            </div>
            <table class="shortcuts">
                <tbody>
                    { for SHORTCUTS.iter().map(|(k, v)| html! { <tr><th scope="row"><kbd>{*k}</kbd></th><td>{*v}</td></tr> }) }
                </tbody>
            </table>
        </Modal>
    }
}
