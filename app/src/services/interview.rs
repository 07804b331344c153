//! The browser I/O of interviews: fetching a scenario's answer data (a separate asset the
//! candidate's page never asks for), the interviewer's notes in localStorage under their
//! session's id (so every tab of this browser shares them), and asking the user to confirm.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::state::interview::StoredNotes;

/// The localStorage key prefix of a session's notes.
pub const NOTES_PREFIX: &str = "stratosim.notes.";

/// Fetches a text asset of this site (same origin, relative to the page).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path}: the request failed"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{path}: not a response"))?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| format!("{path}: no body"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{path}: the body is not text"))
}

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The notes stored for `session`, if any (unreadable ones count as none).
pub fn load_notes(session: &str) -> Option<StoredNotes> {
    let text = store()?
        .get_item(&format!("{NOTES_PREFIX}{session}"))
        .ok()
        .flatten()?;
    serde_json::from_str(&text).ok()
}

/// Stores `notes` for `session` unless storage already holds a newer copy (another tab wrote
/// later); then returns that copy so the caller shows it instead.
pub fn save_notes(session: &str, notes: &StoredNotes) -> Option<StoredNotes> {
    if let Some(stored) = load_notes(session) {
        if crate::state::interview::newer(&stored, notes.at) {
            return Some(stored);
        }
    }
    if let (Some(s), Ok(text)) = (store(), serde_json::to_string(notes)) {
        let _ = s.set_item(&format!("{NOTES_PREFIX}{session}"), &text);
    }
    None
}

/// The session whose notes a `storage` event is about, and the notes it now holds.
pub fn notes_event(e: &web_sys::Event) -> Option<(String, StoredNotes)> {
    let e = e.dyn_ref::<web_sys::StorageEvent>()?;
    let session = e.key()?.strip_prefix(NOTES_PREFIX)?.to_string();
    let notes = serde_json::from_str(&e.new_value()?).ok()?;
    Some((session, notes))
}

/// Asks the user (the browser's own confirm dialog); `false` when it cannot ask.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
