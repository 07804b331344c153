//! The top bar: product mark, design name, theme switch.

use yew::prelude::*;

use crate::state::editor::Theme;

#[derive(Properties, PartialEq)]
pub struct TopbarProps {
    pub design_name: AttrValue,
    pub theme: Theme,
    pub on_toggle_theme: Callback<()>,
}

#[function_component(Topbar)]
pub fn topbar(props: &TopbarProps) -> Html {
    let toggle = props.on_toggle_theme.reform(|_: MouseEvent| ());
    let (label, next) = match props.theme {
        Theme::Light => ("Dark theme", "dark"),
        Theme::Dark => ("Light theme", "light"),
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
            <span class="design-name" data-testid="design-name">{props.design_name.clone()}</span>
            <div class="spacer" />
            <span class="status-pill" title="Stratosim runs entirely in your browser; nothing leaves this machine">{"Offline · local"}</span>
            <button type="button" class="btn" data-testid="theme-toggle" aria-label={format!("Switch to the {next} theme")} onclick={toggle}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z" fill="currentColor" /></svg>
                {label}
            </button>
        </header>
    }
}
