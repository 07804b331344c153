//! The design's edit history, for replay: every change to the design as a [`Step`] — when,
//! by whom, in words, and the design units it changed (the same [`Unit`]s a live session
//! sends, so one diff serves both).
//!
//! **Why units and not actions**: an action replays only against the exact design it was made
//! on, and the oldest steps are dropped (a size budget, a step limit); units carry their
//! `before` and `after`, so any step can be undone on its own. The history is kept *backward*
//! from the design on screen: the design after step `k` is the current design with steps
//! `k+1..` undone, newest first ([`History::design_at`]). No base design is stored, and
//! dropping the oldest steps loses only how the design looked before them.
//!
//! **Whose edit**: `by` is `None` for an edit made in this browser and names the other side of
//! a live session (or, once received through a link, the design's author) otherwise.
//!
//! **It belongs to one design**: saved beside it with the design's [`fingerprint`], and read
//! back only where the fingerprint still matches, so a history is never replayed over a design
//! it did not make.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sim::network::Design;

use crate::state::live::{self, Patch, Unit};

/// How many steps are kept in memory (the oldest are dropped first).
pub const STEP_LIMIT: usize = 1000;
/// Consecutive edits of the same units by the same person within this time are one step
/// (a drag nudged with the arrow keys, a name typed a letter at a time).
pub const COALESCE_MS: f64 = 10_000.0;
/// The most a share link's `history=` parameter may take, in characters: links travel
/// through chat apps and e-mail, and the design itself must still fit.
pub const LINK_BUDGET: usize = 24_000;
/// The most a history holds, in bytes of its steps' JSON, so autosave writes at most about
/// this much beside the design (localStorage holds ~5 MB); the oldest steps go first.
pub const STORAGE_BUDGET: usize = 1_000_000;
/// The most a received history may inflate to (a crafted link cannot exhaust memory).
const INFLATE_LIMIT: usize = 16 << 20;

/// One change to the design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Milliseconds since the epoch.
    pub at: f64,
    /// Who made it: `None` for this browser's user (see the module doc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// What it did, in words ("added NAT gateway nat-a (nat-1)").
    pub text: String,
    pub units: Vec<Unit>,
    /// The length of this step's JSON, counted once when it is recorded or read.
    #[serde(skip)]
    pub bytes: usize,
}

impl Step {
    fn sized(mut self) -> Step {
        self.bytes = serde_json::to_vec(&self).map_or(0, |v| v.len());
        self
    }
}

/// A design's steps, oldest first, and how many older ones were dropped. Steps are shared
/// (`Rc`): every edit makes a new editor revision, and copying the history must not copy
/// every step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct History {
    pub steps: Vec<Rc<Step>>,
    #[serde(default)]
    pub dropped: usize,
    /// The sum of the steps' `bytes`.
    #[serde(skip)]
    pub bytes: usize,
}

/// Why a step was made, for its wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Edit,
    Undo,
    Redo,
}

/// A history as it is saved: the history and the fingerprint of the design it ends at.
#[derive(Serialize, Deserialize)]
struct Sealed {
    fingerprint: String,
    #[serde(flatten)]
    history: History,
}

impl History {
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Records the change from `before` to `after` (nothing when they are equal).
    pub fn record(
        &mut self,
        before: &Design,
        after: &Design,
        at: f64,
        by: Option<String>,
        cause: Cause,
    ) {
        self.record_units(live::diff(before, after), at, by, cause);
    }

    /// Records a change given as the units it changed (`live::diff`), when the caller has them
    /// already (a live edit computes them for its op).
    pub fn record_units(&mut self, units: Vec<Unit>, at: f64, by: Option<String>, cause: Cause) {
        if units.is_empty() {
            return;
        }
        if cause == Cause::Edit {
            let continues = self.steps.last().is_some_and(|last| {
                last.by == by && at - last.at <= COALESCE_MS && same_units(&last.units, &units)
            });
            if continues {
                let last = self.steps.pop().expect("a last step");
                self.bytes -= last.bytes;
                let merged: Vec<Unit> = last
                    .units
                    .iter()
                    .zip(&units)
                    .map(|(old, new)| Unit {
                        before: old.before.clone(),
                        ..new.clone()
                    })
                    .filter(|u| u.before != u.after)
                    .collect();
                // An edit taken back within the window leaves no step.
                if !merged.is_empty() {
                    self.push(Step {
                        at,
                        by,
                        text: describe(&merged),
                        units: merged,
                        bytes: 0,
                    });
                }
                return;
            }
        }
        let text = match cause {
            Cause::Edit => describe(&units),
            Cause::Undo => format!("undid: {}", describe(&units)),
            Cause::Redo => format!("redid: {}", describe(&units)),
        };
        self.push(Step {
            at,
            by,
            text,
            units,
            bytes: 0,
        });
    }

    fn push(&mut self, step: Step) {
        let step = step.sized();
        self.bytes += step.bytes;
        self.steps.push(Rc::new(step));
        self.trim(STEP_LIMIT, STORAGE_BUDGET);
    }

    /// Drops the oldest steps until at most `steps` steps of at most `bytes` bytes are left
    /// (the newest step is kept whatever its size).
    fn trim(&mut self, steps: usize, bytes: usize) {
        let mut extra = self.steps.len().saturating_sub(steps);
        let mut total = self.bytes - self.steps[..extra].iter().map(|s| s.bytes).sum::<usize>();
        while total > bytes && extra + 1 < self.steps.len() {
            total -= self.steps[extra].bytes;
            extra += 1;
        }
        if extra > 0 {
            self.steps.drain(..extra);
            self.dropped += extra;
            self.bytes = total;
        }
    }

    /// Counts the steps' sizes again (after reading a history, whose sizes are not saved).
    fn sized(mut self) -> History {
        self.steps = self
            .steps
            .into_iter()
            .map(|s| Rc::new((*s).clone().sized()))
            .collect();
        self.bytes = self.steps.iter().map(|s| s.bytes).sum();
        self
    }

    /// The design after the first `k` steps (0: before any, `len()`: `current`), from the
    /// design the history ends at.
    pub fn design_at(&self, current: &Design, k: usize) -> Result<Design, String> {
        let mut v = serde_json::to_value(current).map_err(|e| e.to_string())?;
        for step in self.steps.iter().skip(k).rev() {
            live::patch_value(
                &mut v,
                &Patch {
                    units: live::inverse(&step.units),
                    only_if_unchanged: false,
                },
            )?;
        }
        serde_json::from_value(v).map_err(|e| format!("the design before that step: {e}"))
    }

    /// The same history with every step of this browser's user credited to `author`: what a
    /// recipient of a link reads ("the student added …"), and keeps if they edit on.
    pub fn received_from(mut self, author: &str) -> History {
        for s in &mut self.steps {
            if s.by.is_none() {
                Rc::make_mut(s).by = Some(author.to_string());
            }
        }
        self.sized()
    }

    /// The newest steps that fit in `budget` bytes of JSON (sealed with `design`), oldest
    /// dropped first; the count of dropped steps goes up accordingly.
    fn sealed_within(
        &self,
        design: &Design,
        budget: usize,
        encode: impl Fn(&str) -> String,
    ) -> Option<String> {
        let fingerprint = fingerprint(design);
        let mut keep = self.clone();
        loop {
            let json = serde_json::to_string(&Sealed {
                fingerprint: fingerprint.clone(),
                history: keep.clone(),
            })
            .ok()?;
            let out = encode(&json);
            if out.len() <= budget {
                return Some(out);
            }
            if keep.steps.is_empty() {
                return None;
            }
            // Drop about a tenth at a time: a long history shrinks in a few passes.
            let n = (keep.steps.len() / 10).max(1);
            keep.steps.drain(..n);
            keep.dropped += n;
        }
    }

    /// The JSON autosave keeps beside `design` (`None` when there is nothing to keep).
    pub fn to_storage(&self, design: &Design) -> Option<String> {
        if self.is_empty() && self.dropped == 0 {
            return None;
        }
        self.sealed_within(design, STORAGE_BUDGET, str::to_string)
    }

    /// The `history=…` link parameter for `design`, within [`LINK_BUDGET`].
    pub fn to_param(&self, design: &Design) -> Option<String> {
        self.param_within(design, LINK_BUDGET)
    }

    fn param_within(&self, design: &Design, budget: usize) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        self.sealed_within(design, budget, |json| {
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
        })
        .map(|p| format!("history={p}"))
    }

    /// Reads a saved history back; `Err` says why it does not belong to `design`.
    pub fn from_storage(text: &str, design: &Design) -> Result<History, String> {
        let sealed: Sealed = serde_json::from_str(text)
            .map_err(|e| format!("the saved history is unreadable: {e}"))?;
        if sealed.fingerprint != fingerprint(design) {
            return Err("the saved history belongs to another version of the design".into());
        }
        Ok(sealed.history.sized())
    }

    /// Reads a link's `history=` value (without the key) for the design the link carries.
    pub fn from_param(value: &str, design: &Design) -> Result<History, String> {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let packed = URL_SAFE_NO_PAD
            .decode(value.trim())
            .map_err(|e| format!("the link's history is not base64url: {e}"))?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, INFLATE_LIMIT)
            .map_err(|_| "the link's history is damaged (it does not inflate)".to_string())?;
        let text =
            String::from_utf8(json).map_err(|_| "the link's history is not UTF-8".to_string())?;
        History::from_storage(&text, design)
    }
}

/// Identifies a design's exact content: FNV-1a (64 bits) of its JSON, hex. Not a security
/// measure — it only keeps a history with the design it was recorded on.
pub fn fingerprint(design: &Design) -> String {
    let bytes = serde_json::to_vec(design).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Whether two changes touch the same units, so the second continues the first.
fn same_units(a: &[Unit], b: &[Unit]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.path == y.path && x.id == y.id)
        // Adding or removing a thing is a step of its own, never merged into an edit.
        && b.iter().all(|u| u.before.is_some() && u.after.is_some())
        && a.iter().all(|u| u.before.is_some() && u.after.is_some())
}

/// The noun of a design list (`["network", "nat_gateways"]` → "NAT gateway").
fn noun(path: &[String]) -> String {
    let last = path.last().map(String::as_str).unwrap_or("");
    let known = [
        ("vpcs", "VPC"),
        ("subnets", "subnet"),
        ("route_tables", "route table"),
        ("internet_gateways", "internet gateway"),
        ("nat_gateways", "NAT gateway"),
        ("peering_connections", "peering connection"),
        ("vpc_endpoints", "VPC endpoint"),
        ("prefix_lists", "prefix list"),
        ("security_groups", "security group"),
        ("network_acls", "network ACL"),
        ("instances", "instance"),
        ("load_balancers", "load balancer"),
        ("target_groups", "target group"),
        ("databases", "database"),
        ("transit_gateways", "transit gateway"),
        ("transit_gateway_attachments", "transit gateway attachment"),
        (
            "transit_gateway_route_tables",
            "transit gateway route table",
        ),
        ("vpn_gateways", "VPN gateway"),
        ("customer_gateways", "customer gateway"),
        ("vpn_connections", "VPN connection"),
        (
            "egress_only_internet_gateways",
            "egress-only internet gateway",
        ),
        ("availability_zones", "availability zones"),
    ];
    match known.iter().find(|(k, _)| *k == last) {
        Some((_, n)) => n.to_string(),
        None => last.trim_end_matches('s').replace('_', " "),
    }
}

/// "web (i-1)", or the id alone when the component has no name of its own.
fn named(id: &str, value: Option<&Value>) -> String {
    match value
        .and_then(|v| v.get("name"))
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty() && *n != id)
    {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    }
}

/// The fields of a component that differ, in words ("cidr, route table").
fn changed_fields(before: &Value, after: &Value) -> String {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return String::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| k.replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One unit in words. Pure moves never come here: `describe` counts them together.
fn unit_text(u: &Unit) -> String {
    if is_layout(u) {
        let id = u.path.get(1).cloned().unwrap_or_default();
        return match (&u.before, &u.after) {
            (None, _) => format!("drew {id} on the canvas"),
            (_, None) => format!("took {id} off the canvas"),
            _ => format!("resized {id}"),
        };
    }
    if u.path.first().map(String::as_str) == Some("annotations") {
        if let Some(id) = &u.id {
            return annotation_text(id, u);
        }
    }
    if let Some(id) = &u.id {
        let what = noun(&u.path);
        return match (&u.before, &u.after) {
            (None, a) => format!("added {what} {}", named(id, a.as_ref())),
            (b, None) => format!("removed {what} {}", named(id, b.as_ref())),
            (Some(b), Some(a)) => {
                let fields = changed_fields(b, a);
                let name = named(id, Some(a));
                if fields.is_empty() {
                    format!("changed {what} {name}")
                } else {
                    format!("changed {what} {name}: {fields}")
                }
            }
        };
    }
    let count = |v: &Option<Value>| v.as_ref().and_then(Value::as_array).map_or(0, Vec::len);
    match u.path.first().map(String::as_str).unwrap_or("") {
        "flows" => match count(&u.after).cmp(&count(&u.before)) {
            std::cmp::Ordering::Greater => "saved a test flow".to_string(),
            std::cmp::Ordering::Less => "removed a test flow".to_string(),
            std::cmp::Ordering::Equal => "changed the test flows".to_string(),
        },
        "cluster" => "changed the Kubernetes manifests".to_string(),
        "name" => format!(
            "named the design “{}”",
            u.after.as_ref().and_then(Value::as_str).unwrap_or("")
        ),
        _ => format!("changed {}", u.path.join(" ").replace('_', " ")),
    }
}

/// A note, box or arrow in words: "added note note-1 “users”", "moved box box-1",
/// "changed arrow arrow-1: to".
fn annotation_text(id: &str, u: &Unit) -> String {
    let value = u.after.as_ref().or(u.before.as_ref());
    let kind = value
        .and_then(|v| v.get("kind"))
        .and_then(Value::as_str)
        .unwrap_or("annotation");
    let quoted = |v: Option<&Value>| {
        let text = v
            .and_then(|v| v.get("text").or_else(|| v.get("label")))
            .and_then(Value::as_str)
            .unwrap_or("");
        if text.is_empty() {
            String::new()
        } else {
            let mut short: String = text.chars().take(40).collect();
            if text.chars().count() > 40 {
                short.push('…');
            }
            format!(" “{short}”")
        }
    };
    match (&u.before, &u.after) {
        (None, a) => format!("added {kind} {id}{}", quoted(a.as_ref())),
        (b, None) => format!("removed {kind} {id}{}", quoted(b.as_ref())),
        (Some(b), Some(a)) => {
            let fields = changed_fields(b, a);
            let size = |v: &Value| {
                let r = v.get("rect");
                let n = |k: &str| r.and_then(|r| r.get(k)).and_then(Value::as_f64);
                (n("w"), n("h"))
            };
            match fields.as_str() {
                "rect" if size(b) == size(a) => format!("moved {kind} {id}"),
                "rect" => format!("resized {kind} {id}"),
                "text" | "label" => format!("changed {kind} {id}: {fields}{}", quoted(Some(a))),
                _ => format!("changed {kind} {id}: {fields}"),
            }
        }
    }
}

fn is_layout(u: &Unit) -> bool {
    u.path.first().map(String::as_str) == Some("layout")
}

/// A number of a layout entry's rectangle (`x`, `w`, …).
fn dim(v: &Option<Value>, k: &str) -> Option<f64> {
    v.as_ref().and_then(|v| v.get(k)).and_then(Value::as_f64)
}

/// A layout entry that only changed position.
fn is_move(u: &Unit) -> bool {
    is_layout(u)
        && u.before.is_some()
        && u.after.is_some()
        && dim(&u.before, "w") == dim(&u.after, "w")
        && dim(&u.before, "h") == dim(&u.after, "h")
}

fn area(u: &Unit) -> f64 {
    dim(&u.after, "w").unwrap_or(0.0) * dim(&u.after, "h").unwrap_or(0.0)
}

/// A change in words: its first parts, and how many more.
pub fn describe(units: &[Unit]) -> String {
    let mut parts: Vec<String> = Vec::new();
    // Placing or removing a component makes room around it: that layout is not news. Only a
    // change of the layout alone is described by its moves and resizes.
    let layout_only = units.iter().all(is_layout);
    let shown: Vec<&Unit> = units
        .iter()
        .filter(|u| layout_only || !is_layout(u))
        .collect();
    // A moved container moves what is inside it: name the largest thing moved, count the rest.
    let moves: Vec<&Unit> = shown.iter().copied().filter(|u| is_move(u)).collect();
    if let Some(biggest) = moves.iter().max_by(|a, b| area(a).total_cmp(&area(b))) {
        let id = biggest.path.get(1).cloned().unwrap_or_default();
        parts.push(match moves.len() {
            1 => format!("moved {id}"),
            n => format!("moved {id} and {} more", n - 1),
        });
    }
    for u in shown.iter().filter(|u| !is_move(u)) {
        let t = unit_text(u);
        if !parts.contains(&t) {
            parts.push(t);
        }
    }
    // Additions and removals say the most; layout moves the least.
    parts.sort_by_key(|p| {
        if p.starts_with("added") || p.starts_with("removed") {
            0
        } else if p.starts_with("moved") || p.starts_with("resized") || p.starts_with("drew") {
            2
        } else {
            1
        }
    });
    match parts.len() {
        0 => "changed the design".to_string(),
        1 | 2 => parts.join("; "),
        n => format!("{}; {} and {} more", parts[0], parts[1], n - 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge;
    use crate::kind::ComponentKind;

    fn sample() -> Design {
        bridge::sample()
    }

    fn subnet_point(d: &Design) -> (f64, f64) {
        let s = &d.network.subnets[0];
        let r = d.layout[&s.id];
        (r.x + 30.0, r.y + r.h - 30.0)
    }

    /// The sample, then a NAT gateway, then an instance, then the instance renamed.
    fn three_steps() -> (Vec<Design>, History) {
        let d0 = sample();
        let (x, y) = subnet_point(&d0);
        let mut d1 = d0.clone();
        bridge::place(&mut d1, ComponentKind::NatGateway, x, y).unwrap();
        let mut d2 = d1.clone();
        let id = bridge::place(&mut d2, ComponentKind::Instance, x + 60.0, y).unwrap();
        let mut d3 = d2.clone();
        bridge::set_field(&mut d3, &id, crate::view::FieldKey::Name, "worker").unwrap();
        let mut h = History::default();
        h.record(&d0, &d1, 1_000.0, None, Cause::Edit);
        h.record(&d1, &d2, 60_000.0, Some("candidate".into()), Cause::Edit);
        h.record(&d2, &d3, 120_000.0, None, Cause::Edit);
        (vec![d0, d1, d2, d3], h)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_step_is_reconstructed_backward_from_the_current_design() {
        let (designs, h) = three_steps();
        assert_eq!(h.len(), 3);
        let current = designs.last().unwrap();
        for (k, want) in designs.iter().enumerate() {
            assert_eq!(&h.design_at(current, k).unwrap(), want, "after step {k}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn steps_say_what_changed_and_who_changed_it() {
        let (_, h) = three_steps();
        let texts: Vec<(&str, Option<&str>)> = h
            .steps
            .iter()
            .map(|s| (s.text.as_str(), s.by.as_deref()))
            .collect();
        assert!(texts[0].0.starts_with("added NAT gateway"), "{texts:?}");
        assert_eq!(texts[0].1, None);
        assert!(texts[1].0.starts_with("added instance"), "{texts:?}");
        assert_eq!(texts[1].1, Some("candidate"));
        assert!(
            texts[2].0.starts_with("changed instance worker") && texts[2].0.ends_with(": name"),
            "{texts:?}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn quick_edits_of_the_same_thing_are_one_step_and_an_edit_back_is_none() {
        let d0 = sample();
        let id = d0.network.vpcs[0].id.clone();
        let moved = |dx: f64| {
            let mut d = d0.clone();
            bridge::move_by(&mut d, std::slice::from_ref(&id), dx, 0.0);
            d
        };
        let mut h = History::default();
        h.record(&d0, &moved(10.0), 0.0, None, Cause::Edit);
        h.record(&moved(10.0), &moved(20.0), 500.0, None, Cause::Edit);
        assert_eq!(h.len(), 1);
        assert!(
            h.steps[0].text.starts_with(&format!("moved {id} and ")),
            "{}",
            h.steps[0].text
        );
        assert_eq!(h.design_at(&moved(20.0), 0).unwrap(), d0);
        // Later than the window: a step of its own. Someone else: a step of its own.
        h.record(
            &moved(20.0),
            &moved(30.0),
            500.0 + COALESCE_MS + 1.0,
            None,
            Cause::Edit,
        );
        h.record(
            &moved(30.0),
            &moved(40.0),
            500.0 + COALESCE_MS + 2.0,
            Some("candidate".into()),
            Cause::Edit,
        );
        assert_eq!(h.len(), 3);
        // Moving back where it was within the window cancels the step.
        let mut h = History::default();
        h.record(&d0, &moved(10.0), 0.0, None, Cause::Edit);
        h.record(&moved(10.0), &d0, 100.0, None, Cause::Edit);
        assert!(h.is_empty());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_saved_or_linked_history_reads_back_only_beside_its_design() {
        let (designs, h) = three_steps();
        let current = designs.last().unwrap();
        let stored = h.to_storage(current).unwrap();
        assert_eq!(History::from_storage(&stored, current).unwrap(), h);
        let err = History::from_storage(&stored, &designs[1]).unwrap_err();
        assert!(err.contains("another version"), "{err}");
        let param = h.to_param(current).unwrap();
        let value = param.strip_prefix("history=").unwrap();
        assert_eq!(History::from_param(value, current).unwrap(), h);
        for bad in ["", "!!!", "AAAA"] {
            assert!(
                History::from_param(bad, current).is_err(),
                "{bad:?} was read"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_link_keeps_the_newest_steps_that_fit_and_counts_the_rest() {
        let mut d = sample();
        let mut h = History::default();
        let id = d.network.vpcs[0].id.clone();
        for i in 0..600u64 {
            let mut next = d.clone();
            // Names that do not repeat, so the link cannot compress them away.
            let name = format!("vpc-{:x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            bridge::set_field(&mut next, &id, crate::view::FieldKey::Name, &name).unwrap();
            h.record(&d, &next, i as f64 * 20_000.0, None, Cause::Edit);
            d = next;
        }
        assert_eq!(h.len(), 600);
        // The whole history fits the real budget (names compress well) …
        let whole = h.to_param(&d).unwrap();
        let back = History::from_param(whole.strip_prefix("history=").unwrap(), &d).unwrap();
        assert_eq!(back, h);
        // … and a smaller budget keeps the newest steps.
        let param = h.param_within(&d, 3_000).unwrap();
        assert!(param.len() <= 3_000 + "history=".len());
        let back = History::from_param(param.strip_prefix("history=").unwrap(), &d).unwrap();
        assert!(
            back.len() < 600 && !back.is_empty(),
            "{} steps kept",
            back.len()
        );
        assert_eq!(back.dropped + back.len(), 600);
        assert_eq!(back.steps.last(), h.steps.last());
        // What is kept still reconstructs: its first step undone gives the design of then.
        let k = back.dropped;
        assert_eq!(back.design_at(&d, 0).unwrap(), h.design_at(&d, k).unwrap());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_received_history_credits_its_author_and_keeps_the_other_side() {
        let (_, h) = three_steps();
        let r = h.received_from("Kim");
        let by: Vec<_> = r.steps.iter().map(|s| s.by.as_deref()).collect();
        assert_eq!(by, [Some("Kim"), Some("candidate"), Some("Kim")]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_size_budget_drops_the_oldest_and_the_sizes_add_up() {
        let mut d = sample();
        let id = d.network.vpcs[0].id.clone();
        let mut h = History::default();
        let mut n = 0;
        // Long names make big steps: the budget, not the step limit, decides.
        while h.dropped == 0 {
            let mut next = d.clone();
            let name = format!("{n:0>2000}");
            bridge::set_field(&mut next, &id, crate::view::FieldKey::Name, &name).unwrap();
            h.record(&d, &next, n as f64 * (COALESCE_MS + 1.0), None, Cause::Edit);
            d = next;
            n += 1;
        }
        assert!(
            h.len() < STEP_LIMIT && h.bytes <= STORAGE_BUDGET,
            "{} steps, {} bytes",
            h.len(),
            h.bytes
        );
        assert_eq!(h.bytes, h.steps.iter().map(|s| s.bytes).sum::<usize>());
        assert_eq!(h.dropped + h.len(), n);
        // Read back, the sizes are counted again to the same total.
        let back = History::from_storage(&h.to_storage(&d).unwrap(), &d).unwrap();
        assert_eq!(back.bytes, h.bytes);
        assert_eq!(back, h);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_step_limit_drops_the_oldest_and_counts_them() {
        let d0 = sample();
        let id = d0.network.vpcs[0].id.clone();
        let mut h = History::default();
        let mut d = d0.clone();
        for i in 0..(STEP_LIMIT + 5) {
            let mut next = d.clone();
            bridge::move_by(&mut next, std::slice::from_ref(&id), 1.0, 0.0);
            h.record(&d, &next, i as f64 * (COALESCE_MS + 1.0), None, Cause::Edit);
            d = next;
        }
        assert_eq!((h.len(), h.dropped), (STEP_LIMIT, 5));
    }
}
