//! Where a Terraform block was written, as the Problems list and the Traces panel show it:
//! `main.tf:20`, expanding to that block's source text. The text is a text node inside a
//! `<pre>`, never HTML, so an imported file cannot inject markup or run script.

use yew::prelude::*;

use crate::bridge::terraform::SourceRef;

/// `file:line`, expanding (a `<details>`) to the block's source; just the file for JSON
/// input, which has no lines.
pub fn source_view(r: &SourceRef, testid: &'static str) -> Html {
    if r.text.is_empty() {
        return html! { <span class="source mono" data-testid={testid} data-location={r.location.clone()}>{r.location.clone()}</span> };
    }
    // A click on the location opens the block, not the row it sits in.
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <details class="source" data-testid={testid} data-location={r.location.clone()} onclick={stop}>
            <summary class="mono" title="Show this block's source">{r.location.clone()}</summary>
            <pre class="source-text" data-testid="source-text">{r.text.clone()}</pre>
        </details>
    }
}
