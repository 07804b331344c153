//! Autosave and local snapshots in localStorage.
//!
//! Guarantees: the autosaved design is rewritten on every change; a saved design that can
//! no longer be read is moved aside under its own key (never silently dropped) and the user
//! is told; snapshots keep the last few versions the user can restore.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use sim::network::Design;
use web_sys::Storage;

pub const AUTOSAVE_KEY: &str = "stratosim.autosave.v1";
pub const SNAPSHOTS_KEY: &str = "stratosim.snapshots.v1";
pub const THEME_KEY: &str = "stratosim.theme";
/// The autosaved design's edit history (`state::history`), sealed with its fingerprint.
pub const HISTORY_KEY: &str = "stratosim.history.v1";
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

/// The live session this tab leads (its candidate link, with the room and key), kept in the
/// tab's sessionStorage: a reload of the interviewer's tab rejoins it, closing the tab forgets it.
const LIVE_KEY: &str = "stratosim.live.v1";

fn tab_store() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps the link of the session this tab leads for interview `session` (the mode's id).
pub fn save_live(session: &str, link: &str) {
    if let Some(s) = tab_store() {
        let _ = s.set_item(LIVE_KEY, &format!("{session}\n{link}"));
    }
}

/// The link of the live session this tab led for interview `session`, if any (never one of
/// another interview started since in this tab).
pub fn saved_live(session: &str) -> Option<String> {
    let text = tab_store()?.get_item(LIVE_KEY).ok().flatten()?;
    let (id, link) = text.split_once('\n')?;
    (id == session).then(|| link.to_string())
}

pub fn clear_live() {
    if let Some(s) = tab_store() {
        let _ = s.remove_item(LIVE_KEY);
    }
}

/// Writes the autosaved design's history beside it (removed when there is none). A history
/// the browser refuses to store is only lost for replay; the design itself is saved.
pub fn save_history(history: &crate::state::history::History, design: &Design) {
    let Some(s) = store() else {
        return;
    };
    match history.to_storage(design) {
        Some(text) => {
            let _ = s.set_item(HISTORY_KEY, &text);
        }
        None => {
            let _ = s.remove_item(HISTORY_KEY);
        }
    }
}

/// The saved history of the autosaved `design`: empty when there is none, or when it belongs
/// to another version of the design (the design is what matters; its history only explains it).
pub fn restore_history(design: &Design) -> crate::state::history::History {
    store()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|text| crate::state::history::History::from_storage(&text, design).ok())
        .unwrap_or_default()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    pub label: String,
    /// Shared: the list is copied whenever a snapshot is taken, its designs never.
    #[serde(serialize_with = "shared_design")]
    pub design: Rc<Design>,
}

fn shared_design<S: serde::Serializer>(d: &Rc<Design>, s: S) -> Result<S::Ok, S::Error> {
    d.as_ref().serialize(s)
}

/// The snapshot list the File menu shows, shared between the app's state and the top bar.
/// Two lists are equal when they are the same list: comparing twelve designs field by field
/// on every render would cost more than the render.
#[derive(Clone, Debug, Default)]
pub struct Snapshots(Rc<Vec<Snapshot>>);

impl PartialEq for Snapshots {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Snapshots {
    type Target = [Snapshot];
    fn deref(&self) -> &[Snapshot] {
        &self.0
    }
}

/// The stored list as this tab last read or wrote it: the text, its snapshots and each
/// one's JSON. Taking a snapshot compares the stored text with it instead of reading every
/// design in it again; a list another tab wrote since differs, and is read afresh, so no
/// tab's snapshot is overwritten by another's stale list.
struct Known {
    /// The stored text (`None`: no list is stored).
    text: Option<String>,
    list: Snapshots,
    /// Each snapshot's JSON, in the list's order: the stored text is their [`list_text`].
    entries: Vec<String>,
}

thread_local! {
    static KNOWN: std::cell::RefCell<Option<Known>> = const { std::cell::RefCell::new(None) };
}

/// A snapshot as stored. Its design is read by [`Design::from_json`], not by a derived
/// `Deserialize` of `Snapshot`: a second derive path would put another copy of every model
/// type's deserialiser in the bundle, and `from_json` checks the version and says where a
/// field is wrong.
#[derive(Deserialize)]
struct StoredSnapshot {
    saved_at: f64,
    label: String,
    design: serde_json::Value,
}

/// Reads the stored snapshot list. A list (or an entry) that can no longer be read is kept
/// aside under its own key before anything overwrites it, so no snapshot is silently lost.
pub fn snapshots() -> Snapshots {
    store()
        .map(|s| with_known(&s, |k| k.list.clone()))
        .unwrap_or_default()
}

/// Runs `f` on the stored list as this tab knows it, read afresh only when the stored text
/// is not the one the tab last saw.
fn with_known<R>(s: &Storage, f: impl FnOnce(&mut Known) -> R) -> R {
    let text = s.get_item(SNAPSHOTS_KEY).ok().flatten();
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        if k.as_ref().is_some_and(|known| known.text != text) {
            *k = None;
        }
        f(k.get_or_insert_with(|| read_known(s, text)))
    })
}

/// The list stored as `text`; what cannot be read in it is first kept aside under its own key.
fn read_known(s: &Storage, text: Option<String>) -> Known {
    let Some(stored) = text.as_deref() else {
        return Known {
            text,
            list: Snapshots::default(),
            entries: Vec::new(),
        };
    };
    let (all, unreadable) = parse_snapshots(stored);
    if unreadable {
        let kept_as = format!("{CORRUPT_PREFIX}snapshots.{}", js_sys::Date::now() as u64);
        let _ = s.set_item(&kept_as, stored);
    }
    let entries = all
        .iter()
        .map(|x| serde_json::to_string(x).unwrap_or_default())
        .collect();
    Known {
        text,
        list: Snapshots(Rc::new(all)),
        entries,
    }
}

/// The readable snapshots of a stored list, and whether anything in it was unreadable.
fn parse_snapshots(text: &str) -> (Vec<Snapshot>, bool) {
    let Ok(stored) = serde_json::from_str::<Vec<StoredSnapshot>>(text) else {
        return (Vec::new(), true);
    };
    let mut unreadable = false;
    let all = stored
        .into_iter()
        .filter_map(|raw| match Design::from_json(&raw.design.to_string()) {
            Ok(design) => Some(Snapshot {
                saved_at: raw.saved_at,
                label: raw.label,
                design: Rc::new(design),
            }),
            Err(_) => {
                unreadable = true;
                None
            }
        })
        .collect();
    (all, unreadable)
}

pub fn take_snapshot(design: &Design, label: &str) -> Result<Snapshots, String> {
    let s = store().ok_or("this browser gives no localStorage")?;
    with_known(&s, |k| {
        if k.list.last().is_some_and(|x| *x.design == *design) {
            return Ok(k.list.clone());
        }
        let taken = Snapshot {
            saved_at: js_sys::Date::now(),
            label: label.to_string(),
            design: Rc::new(design.clone()),
        };
        let entry = serde_json::to_string(&taken).unwrap_or_default();
        // The oldest go first; the list the tab knows changes only once the text is stored.
        let excess = (k.entries.len() + 1).saturating_sub(SNAPSHOT_LIMIT);
        let kept: Vec<&str> = k.entries[excess..]
            .iter()
            .chain([&entry])
            .map(String::as_str)
            .collect();
        let text = list_text(&kept);
        s.set_item(SNAPSHOTS_KEY, &text)
            .map_err(|_| "the browser refused to store the snapshot".to_string())?;
        let mut all = k.list[excess..].to_vec();
        all.push(taken);
        k.entries.drain(..excess);
        k.entries.push(entry);
        k.list = Snapshots(Rc::new(all));
        k.text = Some(text);
        Ok(k.list.clone())
    })
}

/// The stored text of a list from each entry's JSON: what `serde_json::to_string` writes for
/// the whole list, without writing every design in it again.
fn list_text(entries: &[&str]) -> String {
    format!("[{}]", entries.join(","))
}

pub fn saved_theme() -> Option<String> {
    store()?.get_item(THEME_KEY).ok().flatten()
}

pub fn save_theme(theme: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(THEME_KEY, theme);
    }
}

pub const LANG_KEY: &str = "stratosim.lang";

/// The UI language the user chose (`en`, `ko`), if they chose one.
pub fn saved_lang() -> Option<String> {
    store()?.get_item(LANG_KEY).ok().flatten()
}

pub fn save_lang(tag: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(LANG_KEY, tag);
    }
}

pub const STUDENT_KEY: &str = "stratosim.student.v1";

/// The name and id the learner typed on their last Submit, as `name\nid`, so the next
/// Submit is prefilled.
pub fn saved_student() -> (String, String) {
    let text = store()
        .and_then(|s| s.get_item(STUDENT_KEY).ok().flatten())
        .unwrap_or_default();
    let (name, id) = text.split_once('\n').unwrap_or((&text, ""));
    (name.to_string(), id.to_string())
}

pub fn save_student(name: &str, id: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(STUDENT_KEY, &format!("{name}\n{id}"));
    }
}

pub const PANELS_KEY: &str = "stratosim.panels.v1";

/// The panel sizes the user dragged (JSON, read by `state::panels::Panels::from_json`).
pub fn saved_panels() -> Option<String> {
    store()?.get_item(PANELS_KEY).ok().flatten()
}

pub fn save_panels(json: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(PANELS_KEY, json);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_snapshots_read_back_through_design_from_json() {
        let design = sim::network::samples::sample_design();
        let stored = serde_json::to_string(&vec![Snapshot {
            saved_at: 1.0,
            label: "before scenario".into(),
            design: Rc::new(design.clone()),
        }])
        .unwrap();
        let (all, unreadable) = parse_snapshots(&stored);
        assert!(!unreadable);
        assert_eq!(all.len(), 1);
        assert_eq!(*all[0].design, design);
        assert_eq!(all[0].label, "before scenario");
    }

    #[test]
    fn an_unreadable_entry_is_reported_and_the_others_kept() {
        let design = sim::network::samples::sample_design();
        let good = serde_json::to_value(Snapshot {
            saved_at: 2.0,
            label: "good".into(),
            design: Rc::new(design),
        })
        .unwrap();
        let text = serde_json::json!([
            good,
            {"saved_at": 3.0, "label": "bad", "design": {"version": 99}}
        ])
        .to_string();
        let (all, unreadable) = parse_snapshots(&text);
        assert!(unreadable);
        assert_eq!(
            all.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
            ["good"]
        );
        assert_eq!(parse_snapshots("not json"), (Vec::new(), true));
    }

    #[test]
    fn a_list_written_from_its_entries_is_the_list_serde_writes() {
        let design = Rc::new(sim::network::samples::sample_design());
        // (how many snapshots): none, one, several sharing one design.
        for n in [0usize, 1, 3] {
            let all: Vec<Snapshot> = (0..n)
                .map(|i| Snapshot {
                    saved_at: i as f64,
                    label: format!("snap \"{i}\""),
                    design: design.clone(),
                })
                .collect();
            let entries: Vec<String> = all
                .iter()
                .map(|x| serde_json::to_string(x).unwrap())
                .collect();
            let text = list_text(&entries.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(text, serde_json::to_string(&all).unwrap(), "{n}");
            let (back, unreadable) = parse_snapshots(&text);
            assert!(!unreadable);
            assert_eq!(back, all);
        }
    }
}
