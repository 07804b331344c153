//! The bottom panel: packet traces and the cluster timeline live here.

use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Traces,
    Timeline,
}

#[function_component(BottomPanel)]
pub fn bottom_panel() -> Html {
    let tab = use_state(|| Tab::Traces);
    let button = |t: Tab, label: &'static str| {
        let tab = tab.clone();
        let active = *tab == t;
        html! {
            <button type="button" role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))}
                onclick={Callback::from(move |_| tab.set(t))}>{label}</button>
        }
    };
    html! {
        <section class="bottom" data-testid="bottom-panel" aria-label="Simulation">
            <div class="tabs" role="tablist">
                { button(Tab::Traces, "Packet traces") }
                { button(Tab::Timeline, "Cluster timeline") }
            </div>
            <div class="tab-body" role="tabpanel">
                { match *tab {
                    Tab::Traces => "Pick a source and a destination to trace a packet hop by hop through security groups, network ACLs and route tables.",
                    Tab::Timeline => "Scheduling decisions and self-healing events of the cluster appear here on a simulated clock.",
                } }
            </div>
        </section>
    }
}
