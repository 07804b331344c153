//! The top bar: product mark, design name, the file menu, undo/redo, the saved indicator,
//! read-only banner for shared designs, help, the theme and the language switch.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDetailsElement, HtmlElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::dialog;
use crate::i18n::{use_lang, Lang};
use crate::t;

use crate::services::storage::Snapshots;
use crate::state::editor::Theme;

/// Commands the top bar asks the app shell to run (they need I/O, so they are not actions).
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenScenarios,
    NewBlank,
    NewSample,
    Open,
    Save,
    ImportAws,
    /// File › Import Terraform files… (several `.tf`/`.tfvars`, or one `show -json` file).
    ImportTerraformFiles,
    /// File › Import Terraform folder… (a root module with its local modules).
    ImportTerraformFolder,
    CopyShareLink,
    ExportSvg,
    ExportPng,
    ExportTerraform,
    Tidy,
    TakeSnapshot,
    RestoreSnapshot(usize),
    MakeCopy,
    Undo,
    Redo,
    ToggleHelp,
    ToggleTheme,
    /// The language switch: the UI's words in another language.
    SetLang(Lang),
}

#[derive(Properties, PartialEq)]
pub struct TopbarProps {
    pub design_name: AttrValue,
    pub theme: Theme,
    pub can_undo: bool,
    pub can_redo: bool,
    pub read_only: bool,
    pub save_status: AttrValue,
    pub snapshots: Snapshots,
    pub on_command: Callback<Command>,
    /// Whether the scenario library is offered (not to an interview's candidate).
    #[prop_or(true)]
    pub library: bool,
}

/// `14:05:09`, the local time of a wall-clock instant (ms since the epoch).
pub fn time_of(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

#[function_component(Topbar)]
pub fn topbar(props: &TopbarProps) -> Html {
    let lang = use_lang();
    let cmd = |c: Command| props.on_command.reform(move |_: MouseEvent| c.clone());
    let item = |c: Command, label: String, testid: &'static str, keys: &'static str| {
        html! {
            <button type="button" role="menuitem" class="menu-item" data-testid={testid} onclick={cmd(c)}>
                <span>{label}</span><kbd>{keys}</kbd>
            </button>
        }
    };
    // The File menu as a menu button: opening it focuses its first item, the arrow keys,
    // Home and End move between items, Tab stays inside, Escape closes it and focuses File.
    let menu = use_node_ref();
    let ontoggle = {
        let menu = menu.clone();
        Callback::from(move |_: Event| {
            let Some(d) = menu.cast::<HtmlDetailsElement>() else {
                return;
            };
            if d.open() {
                if let Ok(Some(list)) = d.query_selector(".menu-list") {
                    if let Some(first) = dialog::focusables(&list).first() {
                        let _ = first.focus();
                    }
                }
            }
        })
    };
    let menu_keys = {
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(d) = menu.cast::<HtmlDetailsElement>() else {
                return;
            };
            if !d.open() {
                return;
            }
            let Ok(Some(list)) = d.query_selector(".menu-list") else {
                return;
            };
            let handled = match e.key().as_str() {
                "Escape" => {
                    d.set_open(false);
                    if let Ok(Some(s)) = d.query_selector("summary") {
                        if let Some(s) = s.dyn_ref::<HtmlElement>() {
                            let _ = s.focus();
                        }
                    }
                    e.prevent_default();
                    true
                }
                "Tab" => dialog::trap_tab(&d, &e),
                _ => dialog::arrow_focus(&dialog::focusables(&list), &e, true),
            };
            if handled || e.key() == "Tab" {
                e.stop_propagation();
            }
        })
    };
    let (theme_label, switch_label) = match props.theme {
        Theme::Light => (t!(lang, "theme-dark"), t!(lang, "switch-to-dark")),
        Theme::Dark => (t!(lang, "theme-light"), t!(lang, "switch-to-light")),
    };
    let on_lang = props.on_command.reform(|e: Event| {
        let tag = e
            .target_dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        Command::SetLang(Lang::from_tag(&tag).unwrap_or_default())
    });
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M3 8l9-5 9 5-9 5z" fill="currentColor" opacity="0.35" />
                    <path d="M3 12l9 5 9-5M3 16l9 5 9-5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
                </svg>
                <span>{"Stratosim"}</span>
            </div>
            <details ref={menu.clone()} class="menu" data-testid="file-menu" {ontoggle} onkeydown={menu_keys}>
                <summary class="btn" aria-haspopup="menu">{t!(lang, "file")}</summary>
                <div class="menu-list" role="menu" aria-label={t!(lang, "file")}>
                    { item(Command::NewBlank, t!(lang, "menu-new-blank"), "menu-new-blank", "") }
                    { item(Command::NewSample, t!(lang, "menu-new-sample"), "menu-new-sample", "") }
                    { item(Command::Open, t!(lang, "menu-open"), "menu-open", "Ctrl O") }
                    { item(Command::Save, t!(lang, "menu-save"), "menu-save", "Ctrl S") }
                    { item(Command::ImportAws, t!(lang, "menu-import-aws"), "menu-import-aws", "") }
                    { item(Command::ImportTerraformFolder, t!(lang, "menu-import-terraform-folder"), "menu-import-terraform-folder", "") }
                    { item(Command::ImportTerraformFiles, t!(lang, "menu-import-terraform-files"), "menu-import-terraform-files", "") }
                    <hr />
                    { item(Command::CopyShareLink, t!(lang, "menu-share"), "menu-share", "") }
                    { item(Command::ExportSvg, t!(lang, "menu-export-svg"), "menu-export-svg", "") }
                    { item(Command::ExportPng, t!(lang, "menu-export-png"), "menu-export-png", "") }
                    { item(Command::ExportTerraform, t!(lang, "menu-export-terraform"), "menu-export-terraform", "") }
                    { item(Command::Tidy, t!(lang, "menu-tidy"), "menu-tidy", "") }
                    <hr />
                    { item(Command::TakeSnapshot, t!(lang, "menu-snapshot"), "menu-snapshot", "") }
                    if props.snapshots.is_empty() {
                        <p class="menu-note">{t!(lang, "menu-no-snapshots")}</p>
                    }
                    { for props.snapshots.iter().enumerate().rev().map(|(i, s)| html! {
                        <button type="button" role="menuitem" class="menu-item" data-testid="menu-restore-snapshot" onclick={cmd(Command::RestoreSnapshot(i))}>
                            <span>{t!(lang, "menu-restore-snapshot", label = s.label.as_str())}</span><kbd>{time_of(s.saved_at)}</kbd>
                        </button>
                    }) }
                </div>
            </details>
            if props.library {
                <button type="button" class="btn" data-testid="open-scenarios" onclick={cmd(Command::OpenScenarios)}>{t!(lang, "scenarios")}</button>
            }
            <button type="button" class="btn icon-only" title={t!(lang, "undo-title")} aria-label={t!(lang, "undo")} data-testid="undo" disabled={!props.can_undo} onclick={cmd(Command::Undo)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 7L4 12l5 5M4 12h10a6 6 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" transform="translate(0 -4)" /></svg>
            </button>
            <button type="button" class="btn icon-only" title={t!(lang, "redo-title")} aria-label={t!(lang, "redo")} data-testid="redo" disabled={!props.can_redo} onclick={cmd(Command::Redo)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 7l5 5-5 5M20 12H10a6 6 0 0 0 0 12" fill="none" stroke="currentColor" stroke-width="2" transform="translate(0 -4)" /></svg>
            </button>
            <span class="design-name" data-testid="design-name">{props.design_name.clone()}</span>
            if props.read_only {
                <span class="readonly-banner" data-testid="read-only-banner">
                    {t!(lang, "read-only-banner")}
                    <button type="button" class="btn primary small" data-testid="make-copy" onclick={cmd(Command::MakeCopy)}>{t!(lang, "make-copy")}</button>
                </span>
            }
            <div class="spacer" />
            <span class="status-pill" data-testid="save-status" title={t!(lang, "save-status-title")}>{props.save_status.clone()}</span>
            <button type="button" class="btn icon-only" title={t!(lang, "shortcuts-title")} aria-label={t!(lang, "shortcuts")} data-testid="help" onclick={cmd(Command::ToggleHelp)}>{"?"}</button>
            <button type="button" class="btn" data-testid="theme-toggle" aria-label={switch_label} onclick={cmd(Command::ToggleTheme)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z" fill="currentColor" /></svg>
                {theme_label}
            </button>
            // Named in both languages, so whoever cannot read the current one still finds it.
            <select class="lang-switch" data-testid="lang-switch" aria-label={format!("{} / Language / 언어", t!(lang, "language"))} onchange={on_lang}>
                { for Lang::ALL.iter().map(|l| html! {
                    <option value={l.tag()} lang={l.tag()} selected={*l == lang}>{l.native_name()}</option>
                }) }
            </select>
        </header>
    }
}
