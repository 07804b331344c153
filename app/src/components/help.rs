//! The keyboard shortcut overlay (`?`).

use yew::prelude::*;

use crate::components::dialog::Modal;
use crate::i18n::{tr, use_lang};
use crate::t;

/// The shortcuts the overlay shows, by message id: `help-<id>-keys` (the keys) and
/// `help-<id>` (what they do), in `locales/*/help.ftl`.
pub const SHORTCUTS: &[&str] = &[
    "drag",
    "arm",
    "click",
    "marquee",
    "move",
    "nudge",
    "delete",
    "undo",
    "select-all",
    "save-open",
    "wheel",
    "zoom",
    "fit",
    "middle",
    "tab",
    "arrows",
    "enter-escape",
    "escape",
    "help",
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = use_lang();
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal on_close={props.on_close.clone()} labelledby="help-title" overlay_testid="help-overlay">
            <div class="dialog-head">
                <h2 id="help-title">{t!(lang, "help-title")}</h2>
                <button type="button" class="btn" data-testid="help-close" onclick={close}>{t!(lang, "close")}</button>
            </div>
            <table class="shortcuts">
                <tbody>
                    { for SHORTCUTS.iter().map(|id| html! {
                        <tr><th scope="row"><kbd>{tr(lang, &format!("help-{id}-keys"))}</kbd></th><td>{tr(lang, &format!("help-{id}"))}</td></tr>
                    }) }
                </tbody>
            </table>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::SHORTCUTS;
    use crate::i18n::{has, Lang};

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_shortcut_has_its_keys_and_words_in_every_language() {
        for lang in Lang::ALL {
            for id in SHORTCUTS {
                assert!(has(lang, &format!("help-{id}-keys")), "{id}");
                assert!(has(lang, &format!("help-{id}")), "{id}");
            }
        }
    }
}
