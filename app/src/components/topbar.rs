//! The top bar: product mark, design name, the file menu, undo/redo, the saved indicator,
//! read-only banner for shared designs, help and theme switch.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDetailsElement, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::dialog;

use crate::services::storage::Snapshot;
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
}

#[derive(Properties, PartialEq)]
pub struct TopbarProps {
    pub design_name: AttrValue,
    pub theme: Theme,
    pub can_undo: bool,
    pub can_redo: bool,
    pub read_only: bool,
    pub save_status: AttrValue,
    pub snapshots: Vec<Snapshot>,
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
    let cmd = |c: Command| props.on_command.reform(move |_: MouseEvent| c.clone());
    let item = |c: Command, label: &'static str, testid: &'static str, keys: &'static str| {
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
    let (theme_label, next) = match props.theme {
        Theme::Light => ("Dark", "dark"),
        Theme::Dark => ("Light", "light"),
    };
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
                <summary class="btn" aria-haspopup="menu">{"File"}</summary>
                <div class="menu-list" role="menu" aria-label="File">
                    { item(Command::NewBlank, "New blank design", "menu-new-blank", "") }
                    { item(Command::NewSample, "New from sample", "menu-new-sample", "") }
                    { item(Command::Open, "Open design file…", "menu-open", "Ctrl O") }
                    { item(Command::Save, "Save design file", "menu-save", "Ctrl S") }
                    { item(Command::ImportAws, "Import AWS CLI JSON…", "menu-import-aws", "") }
                    { item(Command::ImportTerraformFolder, "Import Terraform folder…", "menu-import-terraform-folder", "") }
                    { item(Command::ImportTerraformFiles, "Import Terraform files or show -json…", "menu-import-terraform-files", "") }
                    <hr />
                    { item(Command::CopyShareLink, "Copy share link", "menu-share", "") }
                    { item(Command::ExportSvg, "Export SVG", "menu-export-svg", "") }
                    { item(Command::ExportPng, "Export PNG", "menu-export-png", "") }
                    { item(Command::ExportTerraform, "Export Terraform (zip)", "menu-export-terraform", "") }
                    { item(Command::Tidy, "Tidy layout", "menu-tidy", "") }
                    <hr />
                    { item(Command::TakeSnapshot, "Take snapshot", "menu-snapshot", "") }
                    if props.snapshots.is_empty() {
                        <p class="menu-note">{"No snapshots yet. One is taken before a design is replaced."}</p>
                    }
                    { for props.snapshots.iter().enumerate().rev().map(|(i, s)| html! {
                        <button type="button" role="menuitem" class="menu-item" data-testid="menu-restore-snapshot" onclick={cmd(Command::RestoreSnapshot(i))}>
                            <span>{format!("Restore “{}”", s.label)}</span><kbd>{time_of(s.saved_at)}</kbd>
                        </button>
                    }) }
                </div>
            </details>
            if props.library {
                <button type="button" class="btn" data-testid="open-scenarios" onclick={cmd(Command::OpenScenarios)}>{"Scenarios"}</button>
            }
            <button type="button" class="btn icon-only" title="Undo (Ctrl Z)" aria-label="Undo" data-testid="undo" disabled={!props.can_undo} onclick={cmd(Command::Undo)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 7L4 12l5 5M4 12h10a6 6 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" transform="translate(0 -4)" /></svg>
            </button>
            <button type="button" class="btn icon-only" title="Redo (Ctrl Shift Z)" aria-label="Redo" data-testid="redo" disabled={!props.can_redo} onclick={cmd(Command::Redo)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 7l5 5-5 5M20 12H10a6 6 0 0 0 0 12" fill="none" stroke="currentColor" stroke-width="2" transform="translate(0 -4)" /></svg>
            </button>
            <span class="design-name" data-testid="design-name">{props.design_name.clone()}</span>
            if props.read_only {
                <span class="readonly-banner" data-testid="read-only-banner">
                    {"Shared design · read-only"}
                    <button type="button" class="btn primary small" data-testid="make-copy" onclick={cmd(Command::MakeCopy)}>{"Make a copy"}</button>
                </span>
            }
            <div class="spacer" />
            <span class="status-pill" data-testid="save-status" title="Designs are saved in this browser only; nothing leaves this machine">{props.save_status.clone()}</span>
            <button type="button" class="btn icon-only" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="help" onclick={cmd(Command::ToggleHelp)}>{"?"}</button>
            <button type="button" class="btn" data-testid="theme-toggle" aria-label={format!("Switch to the {next} theme")} onclick={cmd(Command::ToggleTheme)}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z" fill="currentColor" /></svg>
                {theme_label}
            </button>
        </header>
    }
}
