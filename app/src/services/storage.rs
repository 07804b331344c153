//! Autosave and local snapshots in localStorage.
//!
//! Guarantees: the autosaved design is rewritten on every change; a saved design that can
//! no longer be read is moved aside under its own key (never silently dropped) and the user
//! is told; snapshots keep the last few versions the user can restore.

use serde::{Deserialize, Serialize};
use sim::network::Design;
use web_sys::Storage;

pub const AUTOSAVE_KEY: &str = "stratosim.autosave.v1";
pub const SNAPSHOTS_KEY: &str = "stratosim.snapshots.v1";
pub const THEME_KEY: &str = "stratosim.theme";
const CORRUPT_PREFIX: &str = "stratosim.unreadable.";
/// How many snapshots are kept (oldest dropped first).
pub const SNAPSHOT_LIMIT: usize = 12;

fn store() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What was found in storage at start-up.
pub enum Restored {
    Nothing,
    /// Boxed: a design is hundreds of bytes, the other variants a few words.
    Design(Box<Design>),
    /// The saved text could not be read; it was kept under `kept_as`.
    Unreadable {
        error: String,
        kept_as: String,
    },
}

pub fn restore() -> Restored {
    let Some(s) = store() else {
        return Restored::Nothing;
    };
    let Ok(Some(text)) = s.get_item(AUTOSAVE_KEY) else {
        return Restored::Nothing;
    };
    match Design::from_json(&text) {
        Ok(d) => Restored::Design(Box::new(d)),
        Err(e) => {
            let kept_as = format!("{CORRUPT_PREFIX}{}", js_sys::Date::now() as u64);
            let _ = s.set_item(&kept_as, &text);
            let _ = s.remove_item(AUTOSAVE_KEY);
            Restored::Unreadable {
                error: e.to_string(),
                kept_as,
            }
        }
    }
}

/// Writes the design; `Err` when the browser refuses (quota, private mode).
pub fn autosave(design: &Design) -> Result<(), String> {
    let s = store().ok_or("this browser gives no localStorage")?;
    s.set_item(AUTOSAVE_KEY, &design.to_json_pretty())
        .map_err(|_| "the browser refused to store the design (storage full?)".to_string())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    pub label: String,
    pub design: Design,
}

pub fn snapshots() -> Vec<Snapshot> {
    store()
        .and_then(|s| s.get_item(SNAPSHOTS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn take_snapshot(design: &Design, label: &str) -> Result<Vec<Snapshot>, String> {
    let mut all = snapshots();
    if all.last().is_some_and(|s| s.design == *design) {
        return Ok(all);
    }
    all.push(Snapshot {
        saved_at: js_sys::Date::now(),
        label: label.to_string(),
        design: design.clone(),
    });
    while all.len() > SNAPSHOT_LIMIT {
        all.remove(0);
    }
    let s = store().ok_or("this browser gives no localStorage")?;
    s.set_item(
        SNAPSHOTS_KEY,
        &serde_json::to_string(&all).unwrap_or_default(),
    )
    .map_err(|_| "the browser refused to store the snapshot".to_string())?;
    Ok(all)
}

pub fn saved_theme() -> Option<String> {
    store()?.get_item(THEME_KEY).ok().flatten()
}

pub fn save_theme(theme: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(THEME_KEY, theme);
    }
}

pub const MODE_KEY: &str = "stratosim.mode.v1";

/// The workspace mode (assignment, interview…) as JSON, restored on reload.
pub fn saved_mode() -> Option<String> {
    store()?.get_item(MODE_KEY).ok().flatten()
}

pub fn save_mode(json: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(MODE_KEY, json);
    }
}
