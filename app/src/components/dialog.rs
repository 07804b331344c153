//! The keyboard contract of the app's modal dialogs and menus, in one place (WAI-ARIA
//! Authoring Practices, "Dialog (Modal)" and "Menu Button"): a dialog takes focus when it
//! opens, keeps Tab and Shift+Tab inside, closes on Escape and gives focus back to the
//! control that opened it. `Modal` is the dialog; `trap_tab` and `focusables` serve the
//! File menu too.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// What can take focus by Tab inside a dialog or a menu.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The controls inside `root` that Tab stops at, in document order.
pub fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        // Hidden ones (a closed `<details>`' content) have no layout box.
        .filter(|e| e.offset_parent().is_some() || e.get_client_rects().length() > 0)
        .collect()
}

fn active() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

/// Keeps Tab inside `root`: from the last control Tab goes to the first, from the first (or
/// the container itself) Shift+Tab goes to the last. Returns whether it moved focus.
pub fn trap_tab(root: &Element, e: &KeyboardEvent) -> bool {
    if e.key() != "Tab" {
        return false;
    }
    let all = focusables(root);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        e.prevent_default();
        return true;
    };
    let now = active();
    let is = |el: &HtmlElement| {
        now.as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    let outside = now
        .as_ref()
        .is_none_or(|a| a == root || !root.contains(Some(a)));
    let to = if e.shift_key() {
        (is(first) || outside).then_some(last)
    } else {
        (is(last) || outside).then_some(first)
    };
    match to {
        Some(el) => {
            e.prevent_default();
            let _ = el.focus();
            true
        }
        None => false,
    }
}

/// Moves focus among `items` with the arrow keys, Home and End (wrapping around). Returns
/// whether the key was one of those.
pub fn arrow_focus(items: &[HtmlElement], e: &KeyboardEvent, vertical: bool) -> bool {
    let (prev, next) = if vertical {
        ("ArrowUp", "ArrowDown")
    } else {
        ("ArrowLeft", "ArrowRight")
    };
    let n = items.len();
    if n == 0 {
        return false;
    }
    let now = active();
    let at = items.iter().position(|el| {
        now.as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    });
    let to = match e.key().as_str() {
        k if k == next => at.map_or(0, |i| (i + 1) % n),
        k if k == prev => at.map_or(n - 1, |i| (i + n - 1) % n),
        "Home" => 0,
        "End" => n - 1,
        _ => return false,
    };
    e.prevent_default();
    let _ = items[to].focus();
    true
}

/// Gives focus back, when the component calling it goes away, to the control that had it
/// when it appeared (its opener), unless something that appeared meanwhile took focus.
#[hook]
pub fn use_focus_return() {
    // Read while the component first renders, before any effect (its own, or a child's that
    // focuses the first control) has moved focus into it: this is the control that opened it.
    let opener = use_memo((), |_| active());
    use_effect_with((), move |_| {
        let opener = (*opener).clone();
        move || {
            if let Some(opener) = opener.and_then(|o| o.dyn_into::<HtmlElement>().ok()) {
                // After this render: the component is gone and another may have focused.
                // The opener may have been drawn anew meanwhile: then the control with its
                // test id is the same control.
                let testid = opener.get_attribute("data-testid");
                gloo::timers::callback::Timeout::new(0, move || {
                    let lost = active().is_none_or(|a| a.tag_name() == "BODY" || !a.is_connected());
                    if !lost {
                        return;
                    }
                    let again = || {
                        let id = testid.as_ref()?;
                        web_sys::window()?
                            .document()?
                            .query_selector(&format!("[data-testid=\"{id}\"]"))
                            .ok()
                            .flatten()?
                            .dyn_into::<HtmlElement>()
                            .ok()
                    };
                    let target = if opener.is_connected() {
                        Some(opener)
                    } else {
                        again()
                    };
                    if let Some(t) = target {
                        let _ = t.focus();
                    }
                })
                .forget();
            }
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub on_close: Callback<()>,
    /// The id of the dialog's heading.
    pub labelledby: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// `data-testid` of the overlay (the dimmed page behind the dialog).
    #[prop_or_default]
    pub overlay_testid: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog over a dimmed page: a click outside or Escape closes it.
#[function_component(Modal)]
pub fn modal(p: &ModalProps) -> Html {
    let dialog = use_node_ref();
    use_focus_return();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(root) = dialog.cast::<HtmlElement>() {
                match focusables(&root).first() {
                    Some(first) => {
                        let _ = first.focus();
                    }
                    None => {
                        let _ = root.focus();
                    }
                }
            }
        });
    }
    let onkeydown = {
        let (dialog, close) = (dialog.clone(), p.on_close.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Keys here are the dialog's, not the canvas's shortcuts.
            e.stop_propagation();
            if e.key() == "Escape" {
                e.prevent_default();
                close.emit(());
            } else if let Some(root) = dialog.cast::<Element>() {
                trap_tab(&root, &e);
            }
        })
    };
    let close = p.on_close.reform(|_: MouseEvent| ());
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="overlay" data-testid={p.overlay_testid.clone()} onclick={close}>
            <div ref={dialog} tabindex="-1" class={classes!("dialog", p.class.clone())} role="dialog" aria-modal="true"
                aria-labelledby={p.labelledby.clone()} onclick={stop} {onkeydown}>
                { p.children.clone() }
            </div>
        </div>
    }
}

/// The keys of a `role=tablist` (WAI-ARIA "Tabs" with automatic activation): the arrow keys,
/// Home and End move to another tab and show its panel.
pub fn tablist_keys(e: KeyboardEvent) {
    let Some(list) = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[role=tablist]").ok().flatten())
    else {
        return;
    };
    let Ok(tabs) = list.query_selector_all("[role=tab]") else {
        return;
    };
    let tabs: Vec<HtmlElement> = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect();
    if arrow_focus(&tabs, &e, false) {
        e.stop_propagation();
        if let Some(a) = active().and_then(|a| a.dyn_into::<HtmlElement>().ok()) {
            a.click();
        }
    }
}
