//! The canvas's lines between shapes that are not containment: each transit gateway to its
//! attachments (and each VPC attachment's knob to its subnets), each VPN connection to its
//! customer gateway and virtual private gateway. Drawn under the shapes, never focusable
//! (the shapes at both ends carry the names); lit like the shapes when a trace passes them.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::view::Link;

/// The lines, with the trace's lighting (`lit`: component id → `trace-ok` / `trace-bad`).
pub fn links_layer(links: &[Link], lit: &BTreeMap<&str, &'static str>) -> Html {
    if links.is_empty() {
        return html! { <g class="transit-links" /> };
    }
    let num = |v: f64| format!("{v:.1}");
    let lines = links.iter().enumerate().map(|(i, l)| {
        let class = classes!(
            l.kind.slug(),
            lit.get(l.id.as_str())
                .map(|c| c.split_whitespace().next().unwrap_or(c))
        );
        html! {
            <line key={i} {class} data-testid="transit-link" data-link={l.id.clone()} data-kind={l.kind.slug()}
                x1={num(l.from.0)} y1={num(l.from.1)} x2={num(l.to.0)} y2={num(l.to.1)} />
        }
    });
    html! { <g class="transit-links" pointer-events="none" aria-hidden="true">{ for lines }</g> }
}
