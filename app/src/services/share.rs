//! Share links: the whole design, deflated and base64url-encoded, in the URL fragment
//! (`#design=…`). Fragments never reach a server, so sharing needs none.
//!
//! The codec is `sim::share`, the one `stratosim grade` reads links with; this module adds the
//! browser side (the page's URL, the clipboard). `encode` then `decode` gives the design back.

use sim::network::Design;

use crate::i18n::Lang;
use crate::state::history::History;
use crate::t;

/// The fragment key of a shared design.
pub const KEY: &str = sim::share::KEY;

/// Deflate level 9: share links are written once and opened many times.
pub fn encode(design: &Design) -> String {
    sim::share::encode(design)
}

/// This page's URL without its fragment.
fn page_base() -> Option<String> {
    let loc = web_sys::window()?.location();
    Some(format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    ))
}

/// The full URL of this page carrying `design` (and the scenario it was submitted in), with
/// its edit history when one is given (the newest steps that fit `history::LINK_BUDGET`).
pub fn link_for(design: &Design, scenario: Option<&str>, history: Option<&History>) -> String {
    let Some(base) = page_base() else {
        return String::new();
    };
    let fragment = match scenario {
        Some(id) => encode_with_scenario(design, id),
        None => encode(design),
    };
    format!("{base}#{fragment}{}", history_part(design, history))
}

/// `&history=…`, or nothing.
fn history_part(design: &Design, history: Option<&History>) -> String {
    history
        .and_then(|h| h.to_param(design))
        .map(|p| format!("&{p}"))
        .unwrap_or_default()
}

/// The edit history a link carries for its design, credited to its author: `None` when it
/// carries none, `Err` (the sentence to show) when it is damaged or belongs to another design.
pub fn history_param(
    lang: Lang,
    fragment: &str,
    design: &Design,
) -> Option<Result<History, String>> {
    let value = sim::share::param(fragment, "history")?;
    let author = student_param(fragment)
        .0
        .unwrap_or_else(|| t!(lang, "history-link-author"));
    Some(
        History::from_param(&value, design)
            .map(|h| h.received_from(&author))
            .map_err(|e| t!(lang, "history-link-damaged", error = e.to_string())),
    )
}

/// The link of a submission: this page, the design, the scenario and the student's name and
/// id (`sim::share::encode_link`, the form `stratosim grade` reads).
pub fn submission_link(
    design: &Design,
    scenario: &str,
    student: &str,
    student_id: Option<&str>,
    history: &History,
) -> String {
    let Some(base) = page_base() else {
        return String::new();
    };
    let fragment = sim::share::encode_link(&sim::share::SharedLink {
        design: design.clone(),
        scenario: Some(scenario.to_string()),
        student: Some(student.to_string()),
        student_id: student_id.map(str::to_string),
        variant: None,
    });
    format!("{base}#{fragment}{}", history_part(design, Some(history)))
}

/// The student's name and id a link carries, if it carries them.
pub fn student_param(fragment: &str) -> (Option<String>, Option<String>) {
    (
        sim::share::param(fragment, "student"),
        sim::share::param(fragment, "student_id"),
    )
}

/// A candidate link: this page, the brief (prompt, revealed hints, lint setting) and the
/// design — no scenario id, no answer data.
pub fn candidate_link(design: &Design, brief: &crate::state::interview::CandidateBrief) -> String {
    // Never the history: how the interviewer prepared the design would give the answer away.
    let link = link_for(design, None, None);
    format!("{link}&{}", brief.encode())
}

/// Removes the fragment from the address bar (without reloading or a `hashchange`), so a
/// reload shows the user's own (autosaved) design.
pub fn drop_fragment() {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let path = format!(
                "{}{}",
                w.location().pathname().unwrap_or_default(),
                w.location().search().unwrap_or_default()
            );
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// Replaces the fragment (without reloading or a `hashchange`), e.g. a live candidate link
/// by its `live=` part alone, so a reload rejoins the session with the candidate's autosave.
pub fn replace_fragment(fragment: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let path = format!(
                "{}{}#{fragment}",
                w.location().pathname().unwrap_or_default(),
                w.location().search().unwrap_or_default()
            );
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// Copies a link to the clipboard and shows it in the page's `#share-link` output, where a
/// user (or a test) can read it when the clipboard is not available.
pub fn publish(link: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let _ = window.navigator().clipboard().write_text(link);
    if let Some(el) = window
        .document()
        .and_then(|d| d.get_element_by_id("share-link"))
    {
        el.set_text_content(Some(link));
    }
}

/// A link for a design submitted in a scenario: the design, then `&scenario=<id>`, so the
/// recipient sees it graded against the same rubric.
pub fn encode_with_scenario(design: &Design, scenario: &str) -> String {
    let safe: String = scenario
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{}&scenario={safe}", encode(design))
}

/// The scenario id of a fragment, if it names one.
pub fn scenario_param(fragment: &str) -> Option<String> {
    sim::share::scenario_param(fragment)
}

/// Reads a fragment (with or without the leading `#`). `Ok(None)` when it holds no design.
pub fn decode(fragment: &str) -> Result<Option<Design>, String> {
    sim::share::decode(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_design_survives_the_round_trip() {
        let d = sim::network::samples::sample_design();
        let link = encode(&d);
        assert!(link.starts_with(KEY));
        assert!(
            link.chars()
                .all(|c| c.is_ascii_alphanumeric() || "=-_".contains(c)),
            "URL-safe: {link}"
        );
        assert_eq!(decode(&format!("#{link}")).unwrap(), Some(d.clone()));
        let with = encode_with_scenario(&d, "vpc-week1");
        assert_eq!(decode(&with).unwrap(), Some(d));
        assert_eq!(scenario_param(&with).as_deref(), Some("vpc-week1"));
        assert_eq!(
            scenario_param("#design=abc&scenario=<x>").as_deref(),
            Some("x")
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn damaged_links_are_reported_not_loaded() {
        let cases = [
            ("#design=!!!", "not base64url"),
            ("#design=AAAA", "cannot inflate"),
        ];
        for (frag, needle) in cases {
            let err = decode(frag).unwrap_err();
            assert!(err.contains(needle), "{frag}: {err}");
        }
        assert_eq!(decode("#something-else"), Ok(None));
        assert_eq!(decode(""), Ok(None));
    }
}
