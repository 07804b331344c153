//! The properties panel: every field of the selected component.

use yew::prelude::*;

use crate::icons;
use crate::view::Shape;

#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    pub selected: Option<Shape>,
}

#[function_component(PropertiesPanel)]
pub fn properties_panel(props: &PropertiesProps) -> Html {
    html! {
        <aside class="properties" data-testid="properties" aria-label="Properties">
            <h2 class="panel-title">{"Properties"}</h2>
            { match &props.selected {
                None => html! { <p class="empty-note">{"Select a component on the canvas to see and edit its properties."}</p> },
                Some(s) => html! {
                    <div class="props-body">
                        <div class="props-header">
                            { icons::icon(s.kind) }
                            <div>
                                <div class="kind">{s.kind.label()}</div>
                                <div class="name" data-testid="props-name">{s.label.clone()}</div>
                            </div>
                        </div>
                        <div class="field"><span class="k">{"ID"}</span><span class="v">{s.id.clone()}</span></div>
                        { for s.fields.iter().map(|(k, v)| html! {
                            <div class="field"><span class="k">{k.clone()}</span><span class="v">{v.clone()}</span></div>
                        }) }
                        if !s.badges.is_empty() {
                            <div class="field"><span class="k">{"Security groups"}</span><span class="v">{s.badges.join(", ")}</span></div>
                        }
                    </div>
                },
            } }
        </aside>
    }
}
