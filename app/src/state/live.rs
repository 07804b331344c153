//! Live sessions: how two browsers editing one design end in the same design.
//!
//! **Server-ordered operations.** Each client turns its design edits into [`Op`]s — the
//! editor's own `Action`s made explicit (the selection they act on is written into them) — and
//! sends them. The relay stamps each with the room's sequence number and sends it to everyone,
//! the sender included. Every client keeps the `confirmed` design (all ops applied in sequence
//! order: the same on every client, since [`apply`] is deterministic) and its own `pending` ops
//! (sent, not yet back). What it shows is `confirmed` with `pending` applied on top: its own
//! edits show at once, and when an op of the other side arrives first the pending ones are
//! replayed after it (rebased). An op that no longer applies (its component was deleted) does
//! nothing, the same on every client.
//!
//! **Undo undoes only your own edits**: each of your confirmed ops leaves its inverse, a
//! [`Patch`] of the design units (components by id, layout entries, flows) it changed; undo
//! sends that patch, which restores only the units still as your op left them, so an edit the
//! other side made since is kept. Edits with no explicit form (a fix, a loaded file) are sent as
//! a forward patch of the units they changed (the last one in sequence order wins per unit).
//!
//! **Reconnecting**: a client keeps `seq`, the last sequence number applied, and asks the relay
//! for what came after; pending ops stay pending and are sent again once it caught up (an op
//! that reaches the log twice is applied once: every client skips a `(client, n)` it has seen).
//! If the room died, the first client back sends its confirmed design as a [`Op::Snapshot`]
//! before its pending ops.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sim::network::{Design, TestFlow};

use crate::bridge::{self, PolicyOp};
use crate::kind::ComponentKind;
use crate::view::FieldKey;

/// One design edit as it travels: deterministic, applied in the same order by every client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Place {
        kind: ComponentKind,
        x: f64,
        y: f64,
    },
    Delete {
        ids: Vec<String>,
    },
    Move {
        ids: Vec<String>,
        dx: f64,
        dy: f64,
    },
    SetField {
        id: String,
        key: FieldKey,
        value: String,
    },
    Resize {
        id: String,
        w: f64,
        h: f64,
    },
    /// The canvas size the initiator tidied for travels with the op, so both sides lay out alike.
    Tidy {
        width: f64,
        height: f64,
    },
    Duplicate {
        ids: Vec<String>,
    },
    Policy(PolicyOp),
    AddTestFlow(TestFlow),
    RemoveTestFlow(usize),
    SetCluster(Value),
    /// An edit of the annotation layer (moving, resizing and deleting annotations travel as
    /// `Move`, `Resize` and `Delete` like components).
    Annotate(sim::network::annotation::AnnotationEdit),
    Patch(Patch),
    /// The whole design: the first op of a room.
    Snapshot(Box<Design>),
}

/// What one op changed, unit by unit, and whether it applies only where the design still
/// holds its `before` values (an undo) or regardless (a forward edit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    pub units: Vec<Unit>,
    pub only_if_unchanged: bool,
}

/// One unit of a design: a component of a `network` list (by id), a `layout` entry, or a
/// whole field (`flows`, `cluster`, `name`, a network setting). `None` is "absent".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub path: Vec<String>,
    pub id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Where an element of a list sits in `after`, to put it back in its place.
    pub index: usize,
}

/// Applies one op to a design; `Err` says why it did not apply (the design is then unchanged).
pub fn apply(design: &mut Design, op: &Op) -> Result<(), String> {
    match op {
        Op::Place { kind, x, y } => match kind {
            ComponentKind::Pod => bridge::drop_pod(design, *x, *y).map(drop),
            _ => bridge::place(design, *kind, *x, *y).map(drop),
        }
        .map_err(String::from),
        Op::Delete { ids } => {
            let mut d = design.clone();
            for id in ids {
                if bridge::exists(&d, id) {
                    bridge::remove(&mut d, id)?;
                }
            }
            *design = d;
            Ok(())
        }
        Op::Move { ids, dx, dy } => {
            bridge::move_by(design, ids, *dx, *dy);
            Ok(())
        }
        Op::SetField { id, key, value } => {
            bridge::set_field(design, id, *key, value).map_err(String::from)
        }
        Op::Resize { id, w, h } => bridge::resize(design, id, *w, *h).map_err(String::from),
        Op::Tidy { width, height } => {
            bridge::tidy(design, *width, *height);
            Ok(())
        }
        Op::Duplicate { ids } => bridge::duplicate(design, ids)
            .map(drop)
            .map_err(String::from),
        Op::Policy(p) => bridge::apply_policy(design, p).map_err(String::from),
        Op::AddTestFlow(flow) => {
            if !design.flows.contains(flow) {
                design.flows.push(flow.clone());
            }
            Ok(())
        }
        Op::RemoveTestFlow(i) => {
            if *i < design.flows.len() {
                design.flows.remove(*i);
            }
            Ok(())
        }
        Op::SetCluster(v) => {
            design.cluster = v.clone();
            Ok(())
        }
        Op::Annotate(e) => bridge::annotate(design, e).map(drop).map_err(String::from),
        Op::Patch(p) => apply_patch(design, p),
        Op::Snapshot(d) => {
            *design = (**d).clone();
            Ok(())
        }
    }
}

/// Applies `op` to a copy; a refused op leaves the design as it was. Whatever an op removed,
/// no arrow is left pointing at it (as in the editor's own edits).
fn applied(design: &Design, op: &Op) -> Design {
    let mut d = design.clone();
    match apply(&mut d, op) {
        Ok(()) => {
            bridge::settle_annotations(design, &mut d);
            d
        }
        Err(_) => design.clone(),
    }
}

/// The units in which `after` differs from `before`.
///
/// Part by part, compared as typed values first: an edit touches one or two parts of a design
/// (a drag only the layout), and serialising the untouched network of a big design was most
/// of an edit's cost. The parts come in the order of the design's JSON keys.
pub fn diff(before: &Design, after: &Design) -> Vec<Unit> {
    let mut out = Vec::new();
    if before.annotations != after.annotations {
        diff_field(
            vec!["annotations".into()],
            Some(&to_value(&before.annotations)),
            Some(&to_value(&after.annotations)),
            &mut out,
        );
    }
    if before.cluster != after.cluster {
        let shown = |v: &Value| (!v.is_null()).then(|| v.clone());
        part(
            &mut out,
            "cluster",
            shown(&before.cluster),
            shown(&after.cluster),
        );
    }
    if before.flows != after.flows {
        part(
            &mut out,
            "flows",
            Some(to_value(&before.flows)),
            Some(to_value(&after.flows)),
        );
    }
    if before.layout != after.layout {
        let ids: BTreeSet<&String> = before.layout.keys().chain(after.layout.keys()).collect();
        for id in ids {
            let (b, a) = (before.layout.get(id), after.layout.get(id));
            if b != a {
                diff_field(
                    vec!["layout".into(), id.clone()],
                    b.map(to_value).as_ref(),
                    a.map(to_value).as_ref(),
                    &mut out,
                );
            }
        }
    }
    if before.name != after.name {
        part(
            &mut out,
            "name",
            Some(to_value(&before.name)),
            Some(to_value(&after.name)),
        );
    }
    if before.network != after.network {
        part(
            &mut out,
            "network",
            Some(to_value(&before.network)),
            Some(to_value(&after.network)),
        );
    }
    if before.version != after.version {
        part(
            &mut out,
            "version",
            Some(to_value(&before.version)),
            Some(to_value(&after.version)),
        );
    }
    out
}

/// The units of one top-level part of a design: an object by its keys, anything else whole.
fn part(out: &mut Vec<Unit>, key: &str, b: Option<Value>, a: Option<Value>) {
    match (&b, &a) {
        (Some(Value::Object(bi)), Some(Value::Object(ai))) => {
            for k in keys(bi, ai) {
                diff_field(
                    vec![key.to_string(), k.clone()],
                    bi.get(&k),
                    ai.get(&k),
                    out,
                );
            }
        }
        _ => {
            if b != a {
                out.push(Unit {
                    path: vec![key.to_string()],
                    id: None,
                    before: b,
                    after: a,
                    index: 0,
                });
            }
        }
    }
}

fn keys(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> Vec<String> {
    let set: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    set.into_iter().cloned().collect()
}

/// The elements of a list of objects with string ids, if it is one.
fn by_id(v: Option<&Value>) -> Option<Vec<(String, &Value)>> {
    match v {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| Some((i.get("id")?.as_str()?.to_string(), i)))
            .collect(),
        Some(_) => None,
    }
}

fn diff_field(path: Vec<String>, b: Option<&Value>, a: Option<&Value>, out: &mut Vec<Unit>) {
    if b == a {
        return;
    }
    let listed = matches!(b, Some(Value::Array(_))) || matches!(a, Some(Value::Array(_)));
    if let (true, Some(bl), Some(al)) = (listed, by_id(b), by_id(a)) {
        let ids: BTreeSet<&String> = bl.iter().chain(al.iter()).map(|(id, _)| id).collect();
        for id in ids {
            let bv = bl.iter().find(|(i, _)| i == id).map(|(_, v)| (*v).clone());
            let av = al.iter().position(|(i, _)| i == id);
            let after = av.map(|p| al[p].1.clone());
            if bv != after {
                out.push(Unit {
                    path: path.clone(),
                    id: Some(id.clone()),
                    before: bv,
                    after,
                    index: av.unwrap_or(0),
                });
            }
        }
        return;
    }
    out.push(Unit {
        path,
        id: None,
        before: b.cloned(),
        after: a.cloned(),
        index: 0,
    });
}

fn to_value(d: &impl Serialize) -> Value {
    serde_json::to_value(d).unwrap_or(Value::Null)
}

/// The same units the other way round: what undoes them.
pub fn inverse(units: &[Unit]) -> Vec<Unit> {
    units
        .iter()
        .map(|u| Unit {
            path: u.path.clone(),
            id: u.id.clone(),
            before: u.after.clone(),
            after: u.before.clone(),
            index: u.index,
        })
        .collect()
}

fn apply_patch(design: &mut Design, patch: &Patch) -> Result<(), String> {
    let mut v = to_value(design);
    patch_value(&mut v, patch)?;
    *design = serde_json::from_value(v).map_err(|e| format!("patched design: {e}"))?;
    Ok(())
}

/// Applies a patch to a design's JSON form: replay undoes many steps in a row this way and
/// reads the design back once.
pub fn patch_value(v: &mut Value, patch: &Patch) -> Result<(), String> {
    for u in &patch.units {
        let Some((last, parents)) = u.path.split_last() else {
            continue;
        };
        let mut slot = &mut *v;
        for p in parents {
            let Some(obj) = slot.as_object_mut() else {
                return Err(format!("design field {p} is not an object"));
            };
            slot = obj
                .entry(p.clone())
                .or_insert_with(|| Value::Object(Default::default()));
        }
        let Some(obj) = slot.as_object_mut() else {
            return Err(format!(
                "design field {} is not an object",
                u.path.join(".")
            ));
        };
        match &u.id {
            None => {
                if patch.only_if_unchanged && obj.get(last) != u.before.as_ref() {
                    continue;
                }
                match &u.after {
                    Some(a) => {
                        obj.insert(last.clone(), a.clone());
                    }
                    None => {
                        obj.remove(last);
                    }
                }
            }
            Some(id) => {
                let list = obj
                    .entry(last.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Some(items) = list.as_array_mut() else {
                    return Err(format!("design field {} is not a list", u.path.join(".")));
                };
                let at = items
                    .iter()
                    .position(|i| i.get("id").and_then(Value::as_str) == Some(id));
                if patch.only_if_unchanged && at.map(|p| &items[p]) != u.before.as_ref() {
                    continue;
                }
                match (at, &u.after) {
                    (Some(p), Some(a)) => items[p] = a.clone(),
                    (Some(p), None) => {
                        items.remove(p);
                    }
                    (None, Some(a)) => items.insert(u.index.min(items.len()), a.clone()),
                    (None, None) => {}
                }
            }
        }
    }
    Ok(())
}

/// An op as it is encrypted and sent: who made it and their count, so every client can tell
/// its own ops and skip one that reached the log twice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub c: String,
    pub n: u64,
    pub op: Op,
}

/// Why an own op was made: an edit, or an undo or redo of one (their inverses go to the
/// other stack).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Edit,
    Undo,
    Redo,
}

#[derive(Clone, Debug, PartialEq)]
struct Pending {
    n: u64,
    op: Op,
    kind: Kind,
}

/// One client's view of a live session's ops.
#[derive(Clone, Debug, PartialEq)]
pub struct Sync {
    /// This client's id in the room (random, made by the caller).
    pub client: String,
    /// Every op up to `seq`, applied in order.
    pub confirmed: Rc<Design>,
    /// The last sequence number applied (0: none yet).
    pub seq: u64,
    /// The relay's id of the room incarnation `seq` counts in.
    pub epoch: Option<u64>,
    next_n: u64,
    pending: Vec<Pending>,
    seen: BTreeSet<(String, u64)>,
    /// Own confirmed edits, newest last, each with the units it changed (undo reverts them).
    undo: Vec<(u64, Vec<Unit>)>,
    redo: Vec<(u64, Vec<Unit>)>,
    /// The last time (ms) each other client's op arrived, for "who is editing".
    pub last_edit: Vec<(String, f64)>,
}

impl Sync {
    pub fn new(client: String, design: Rc<Design>) -> Sync {
        Sync {
            client,
            confirmed: design,
            seq: 0,
            epoch: None,
            next_n: 1,
            pending: Vec::new(),
            seen: BTreeSet::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: Vec::new(),
        }
    }

    /// The design this client shows: confirmed, then its own pending ops.
    pub fn shown(&self) -> Design {
        self.pending
            .iter()
            .fold((*self.confirmed).clone(), |d, p| applied(&d, &p.op))
    }

    /// The ops to send, oldest first.
    pub fn outbox(&self) -> Vec<Envelope> {
        self.pending
            .iter()
            .map(|p| Envelope {
                c: self.client.clone(),
                n: p.n,
                op: p.op.clone(),
            })
            .collect()
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn push(&mut self, op: Op, kind: Kind) -> u64 {
        let n = self.next_n;
        self.next_n += 1;
        self.pending.push(Pending { n, op, kind });
        n
    }

    /// Records an own edit (already shown); `units` is what it changed on screen, kept for
    /// undo until the confirmed order says what it really changed.
    pub fn edit(&mut self, op: Op, units: Vec<Unit>) {
        let n = self.push(op, Kind::Edit);
        self.undo.push((n, units));
        self.redo.clear();
    }

    /// The op that undoes this client's last edit (already queued), or `None`.
    pub fn undo(&mut self) -> Option<()> {
        let (_, units) = self.undo.pop()?;
        self.push(patch_back(&units), Kind::Undo);
        Some(())
    }

    pub fn redo(&mut self) -> Option<()> {
        let (_, units) = self.redo.pop()?;
        self.push(patch_back(&units), Kind::Redo);
        Some(())
    }

    /// The relay's greeting after (re)connecting. A room that is not the one `seq` counts in
    /// replays from the start; a new, empty room gets this client's design first.
    pub fn welcome(&mut self, epoch: u64, head: u64) {
        if self.epoch == Some(epoch) {
            return;
        }
        self.epoch = Some(epoch);
        self.seq = 0;
        self.seen.clear();
        if head == 0 {
            let n = self.next_n;
            self.next_n += 1;
            let snapshot = Pending {
                n,
                op: Op::Snapshot(Box::new((*self.confirmed).clone())),
                kind: Kind::Edit,
            };
            self.pending.insert(0, snapshot);
        }
    }

    /// Applies an op the relay sequenced; ops at or below `seq` were applied already.
    pub fn confirm(&mut self, seq: u64, env: &Envelope, now_ms: f64) {
        if seq <= self.seq {
            return;
        }
        self.seq = seq;
        if !self.seen.insert((env.c.clone(), env.n)) {
            return;
        }
        let before = self.confirmed.clone();
        let after = applied(&before, &env.op);
        let mine = env.c == self.client;
        if mine {
            if let Some(at) = self.pending.iter().position(|p| p.n == env.n) {
                let p = self.pending.remove(at);
                let units = diff(&before, &after);
                match p.kind {
                    Kind::Edit => {
                        if let Some(e) = self.undo.iter_mut().find(|(n, _)| *n == p.n) {
                            e.1 = units;
                        }
                    }
                    Kind::Undo => self.redo.push((p.n, units)),
                    Kind::Redo => self.undo.push((p.n, units)),
                }
            }
        } else {
            match self.last_edit.iter_mut().find(|(c, _)| *c == env.c) {
                Some(e) => e.1 = now_ms,
                None => self.last_edit.push((env.c.clone(), now_ms)),
            }
        }
        self.confirmed = Rc::new(after);
    }
}

/// The patch that takes units back from their `after` to their `before`, where they still
/// hold what the edit left.
fn patch_back(units: &[Unit]) -> Op {
    Op::Patch(Patch {
        units: inverse(units),
        only_if_unchanged: true,
    })
}

/// A random id of `bytes` random bytes, base64url (room ids, client ids).
pub fn encode_id(bytes: &[u8]) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The fragment key of a live link: `live=<room>.<key>` (the key never leaves the browser:
/// fragments are not sent with requests).
pub const KEY: &str = "live=";

/// A live link's room and key (base64url of the raw AES-GCM key), from the fragment.
pub fn parse_link(fragment: &str) -> Option<(String, String)> {
    let f = fragment.trim_start_matches('#');
    let part = f.split('&').find_map(|p| p.strip_prefix(KEY))?;
    let (room, key) = part.split_once('.')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (ok(room) && ok(key)).then(|| (room.to_string(), key.to_string()))
}

/// Presence: what a client shows the other of where it is (never logged by the relay).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Presence {
    pub c: String,
    /// "interviewer" or "candidate".
    pub role: String,
    /// The pointer in design coordinates, when it is over the canvas.
    pub cursor: Option<(f64, f64)>,
    pub selection: Vec<String>,
    /// The pointer is a laser pointer (drawn bright, with a short trail).
    pub laser: bool,
    /// From the interviewer: the text of the hints revealed so far (never the others).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::editor::{Action, EditorState, Theme};
    use yew::Reducible;

    /// A relay in memory: it numbers what it receives, in the order given.
    #[derive(Default)]
    struct Log(Vec<Envelope>);

    impl Log {
        /// Takes everything a client has pending (as the socket would) and sequences it.
        fn send(&mut self, s: &EditorState) -> usize {
            let sync = s.live.as_ref().expect("live");
            let mut sent = 0;
            for e in sync.outbox() {
                if !self.0.contains(&e) {
                    self.0.push(e);
                    sent += 1;
                }
            }
            sent
        }

        /// Delivers every op after the client's `seq`.
        fn deliver(&self, s: Rc<EditorState>) -> Rc<EditorState> {
            let seq = s.live.as_ref().unwrap().seq as usize;
            let batch: Vec<(u64, Envelope)> = self.0[seq..]
                .iter()
                .enumerate()
                .map(|(i, e)| ((seq + i + 1) as u64, e.clone()))
                .collect();
            s.reduce(Action::LiveConfirmed {
                ops: batch,
                now_ms: 0.0,
            })
        }
    }

    fn joined(client: &str, design: Design, log: &mut Log) -> Rc<EditorState> {
        let s = Rc::new(EditorState::new(design.clone(), Theme::Light));
        let s = s.reduce(Action::LiveStart {
            client: client.into(),
            peer: "the other side".into(),
        });
        let s = s.reduce(Action::LiveWelcome {
            epoch: 7,
            head: log.0.len() as u64,
        });
        log.send(&s);
        log.deliver(s)
    }

    fn both() -> (Rc<EditorState>, Rc<EditorState>, Log) {
        let mut log = Log::default();
        let a = joined("a", bridge::sample(), &mut log);
        // The candidate starts from something else: the room's snapshot replaces it.
        let b = joined("b", Design::new("empty", Default::default()), &mut log);
        (a, b, log)
    }

    /// Dropping an instance near the bottom-left of the design's first subnet.
    fn instance_in_first_subnet(s: &EditorState) -> Action {
        let sub = s
            .shapes
            .iter()
            .find(|s| s.kind == ComponentKind::Subnet)
            .unwrap()
            .rect;
        Action::Place {
            kind: ComponentKind::Instance,
            x: sub.x + 30.0,
            y: sub.y + sub.h - 30.0,
        }
    }

    fn first_instance(s: &EditorState) -> String {
        s.design.network.instances[0].id.clone()
    }

    fn rename(s: Rc<EditorState>, id: &str, name: &str) -> Rc<EditorState> {
        s.reduce(Action::SetField {
            id: id.into(),
            key: FieldKey::Name,
            value: name.into(),
        })
    }

    fn name_of(s: &EditorState, id: &str) -> String {
        s.design
            .network
            .instances
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.name.clone())
            .unwrap_or_default()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn annotations_travel_as_ops_and_own_undo_takes_back_only_own_notes() {
        use sim::network::annotation::{AnnotationEdit, End};
        let (a, b, mut log) = both();
        // a writes a note and draws an arrow; b adds a box meanwhile.
        let a = a
            .reduce(Action::Annotate(AnnotationEdit::AddNote {
                x: 0.0,
                y: 800.0,
            }))
            .reduce(Action::Annotate(AnnotationEdit::SetText {
                id: "note-1".into(),
                text: "users come from Seoul".into(),
            }))
            .reduce(Action::ArmAnnotation(Some(
                crate::view::AnnotationTool::Arrow,
            )))
            .reduce(Action::PickEnd(End::Attached("i-0bastion".into())))
            .reduce(Action::PickEnd(End::Attached("note-1".into())));
        let b = b.reduce(Action::Annotate(AnnotationEdit::AddBox {
            x: 1200.0,
            y: 200.0,
        }));
        assert!(matches!(
            a.live.as_ref().unwrap().outbox().last().map(|e| &e.op),
            Some(Op::Annotate(AnnotationEdit::AddArrow { .. }))
        ));
        log.send(&a);
        log.send(&b);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design, "both sides converge");
        let ids: Vec<&str> = a.design.annotations.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["note-1", "arrow-1", "box-1"]);
        // a undoes its arrow: the note stays, b's box stays.
        let a = a.reduce(Action::Undo);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        let ids: Vec<&str> = b.design.annotations.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["note-1", "box-1"]);
        // b deletes the bastion an arrow of a's would end on: nothing points at nothing.
        let a = a.reduce(Action::Redo);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        let b = b
            .reduce(Action::Select(Some("i-0bastion".into())))
            .reduce(Action::DeleteSelection);
        log.send(&b);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        let arrow = a
            .design
            .annotations
            .iter()
            .find(|n| n.id == "arrow-1")
            .unwrap();
        assert!(
            matches!(arrow.ends(), Some((End::Point { .. }, End::Attached(_)))),
            "{arrow:?}"
        );
        assert!(sim::network::annotation::validate(&a.design).is_ok());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_joining_client_gets_the_rooms_design_from_its_snapshot() {
        let (a, b, _) = both();
        assert_eq!(b.design, a.design);
        assert_eq!(*b.design, bridge::sample());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn concurrent_edits_of_one_component_converge_in_the_relays_order() {
        let (a, b, mut log) = both();
        let id = first_instance(&a);
        let vpc = a.design.network.vpcs[0].id.clone();
        // Both edit before either hears of the other: a renames and moves, b renames.
        let a = rename(a, &id, "from-a");
        let a = a
            .reduce(Action::Select(Some(vpc)))
            .reduce(Action::MoveSelection { dx: 40.0, dy: 0.0 });
        let b = rename(b, &id, "from-b");
        assert_eq!(name_of(&a, &id), "from-a", "own edits show at once");
        log.send(&b);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        assert_eq!(name_of(&a, &id), "from-a", "a's rename came last");
        assert!(!a.live.as_ref().unwrap().has_pending());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn two_placements_at_once_both_survive_with_distinct_ids() {
        let (a, b, mut log) = both();
        let place = instance_in_first_subnet(&a);
        let count = a.design.network.instances.len();
        let a = a.reduce(place.clone());
        let b = b.reduce(place);
        log.send(&a);
        log.send(&b);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        assert_eq!(a.design.network.instances.len(), count + 2);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_rename_overridden_by_the_other_side_keeps_both_steps() {
        let (a, b, mut log) = both();
        let id = first_instance(&a);
        let a = rename(a, &id, "from-a");
        let b = rename(b, &id, "from-b");
        log.send(&a);
        log.send(&b);
        let a = log.deliver(a);
        let steps: Vec<(Option<&str>, &str)> = a
            .history
            .steps
            .iter()
            .map(|s| (s.by.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(name_of(&a, &id), "from-b");
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(
            steps[0].0.is_none() && steps[0].1.contains("from-a"),
            "{steps:?}"
        );
        assert!(
            steps[1].0 == Some("the other side") && steps[1].1.contains("from-b"),
            "{steps:?}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn each_side_s_history_names_who_made_an_edit() {
        let (a, b, mut log) = both();
        let place = instance_in_first_subnet(&a);
        let a = a.reduce(place);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        let mine = a.history.steps.last().unwrap();
        let theirs = b.history.steps.last().unwrap();
        assert!(mine.text.starts_with("added instance"), "{}", mine.text);
        assert_eq!(mine.by, None);
        assert_eq!(theirs.text, mine.text);
        assert_eq!(theirs.by.as_deref(), Some("the other side"));
        // Both replay to the same design before the edit.
        let before_a = a.history.design_at(&a.design, a.history.len() - 1).unwrap();
        let before_b = b.history.design_at(&b.design, b.history.len() - 1).unwrap();
        assert_eq!(before_a, before_b);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn undo_reverts_only_your_own_edit_and_keeps_the_others() {
        let (a, b, mut log) = both();
        let id = first_instance(&a);
        let other = a.design.network.instances[1].id.clone();
        let original = name_of(&a, &id);
        let a = rename(a, &id, "a-edit");
        log.send(&a);
        let b = rename(log.deliver(b), &other, "b-edit");
        log.send(&b);
        let a = log.deliver(a).reduce(Action::Undo);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        assert_eq!(name_of(&a, &id), original, "a's rename is undone");
        assert_eq!(name_of(&a, &other), "b-edit", "b's edit stays");
        let b = b.reduce(Action::Undo);
        log.send(&b);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        assert_eq!(name_of(&b, &other), name_of(&bridge_sample_state(), &other));
        let a = a.reduce(Action::Redo);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(name_of(&b, &id), "a-edit", "redo brings a's edit back");
        assert_eq!(a.design, b.design);
    }

    fn bridge_sample_state() -> EditorState {
        EditorState::new(bridge::sample(), Theme::Light)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn undo_leaves_a_component_the_other_side_changed_since() {
        let (a, b, mut log) = both();
        let id = first_instance(&a);
        let a = rename(a, &id, "a-edit");
        log.send(&a);
        let b = rename(log.deliver(b), &id, "b-later");
        log.send(&b);
        let a = log.deliver(a).reduce(Action::Undo);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(name_of(&a, &id), "b-later");
        assert_eq!(a.design, b.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_client_cut_off_keeps_its_edits_and_catches_up_without_loss() {
        let (a, b, mut log) = both();
        let id = first_instance(&a);
        let other = a.design.network.instances[1].id.clone();
        // b is offline: its edit stays pending while a's go through.
        let b = rename(b, &other, "offline-edit");
        let a = rename(a, &id, "online-edit");
        log.send(&a);
        let a = log.deliver(a);
        // b reconnects to the same room (same epoch): catch-up, then its pending op is sent.
        let b = b.reduce(Action::LiveWelcome {
            epoch: 7,
            head: log.0.len() as u64,
        });
        let b = log.deliver(b);
        assert_eq!(
            name_of(&b, &other),
            "offline-edit",
            "still shown while pending"
        );
        assert_eq!(log.send(&b), 1);
        log.send(&b);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        assert_eq!(name_of(&a, &id), "online-edit");
        assert_eq!(name_of(&a, &other), "offline-edit");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_op_that_reached_the_log_twice_is_applied_once() {
        let (a, b, mut log) = both();
        let vpc = a.design.network.vpcs[0].id.clone();
        let a = a
            .reduce(Action::Select(Some(vpc)))
            .reduce(Action::MoveSelection { dx: 10.0, dy: 0.0 });
        let pending = a.live.as_ref().unwrap().outbox();
        log.0.extend(pending.iter().cloned());
        log.0.extend(pending);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(a.design, b.design);
        let once = applied(
            &bridge::sample(),
            &Op::Move {
                ids: vec![a.design.network.vpcs[0].id.clone()],
                dx: 10.0,
                dy: 0.0,
            },
        );
        assert_eq!(*a.design, once);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_client_back_in_a_room_that_died_recreates_it_from_its_design() {
        let (a, _b, mut log) = both();
        let id = first_instance(&a);
        let a = rename(a, &id, "kept");
        // The room died (everyone left); the relay's new room has another epoch and no log.
        let mut fresh = Log::default();
        let a = a.reduce(Action::LiveWelcome { epoch: 8, head: 0 });
        fresh.send(&a);
        let a = fresh.deliver(a);
        let c = joined("c", Design::new("empty", Default::default()), &mut fresh);
        assert_eq!(c.design, a.design);
        assert_eq!(name_of(&c, &id), "kept");
        log.0.clear();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_edit_without_an_explicit_form_travels_as_a_patch_of_what_it_changed() {
        let (a, b, mut log) = both();
        let mut other = (*a.design).clone();
        other.name = "loaded from a file".into();
        let a = a.reduce(Action::Load {
            design: Box::new(other),
            read_only: false,
        });
        let out = a.live.as_ref().unwrap().outbox();
        assert!(matches!(out[0].op, Op::Patch(_)), "{:?}", out[0].op);
        log.send(&a);
        let (a, b) = (log.deliver(a), log.deliver(b));
        assert_eq!(b.design.name, "loaded from a file");
        assert_eq!(a.design, b.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_patch_and_its_inverse_give_back_the_design() {
        let before = bridge::sample();
        let mut after = before.clone();
        after.network.instances.remove(0);
        after.name = "x".into();
        after.layout.clear();
        let units = diff(&before, &after);
        let mut d = before.clone();
        apply(
            &mut d,
            &Op::Patch(Patch {
                units: units.clone(),
                only_if_unchanged: true,
            }),
        )
        .unwrap();
        assert_eq!(d, after);
        apply(&mut d, &patch_back(&units)).unwrap();
        assert_eq!(d, before, "the instance is back in its place");
    }

    /// The diff of the whole designs' JSON, as `diff` was first written: the reference the
    /// part-by-part `diff` must equal.
    fn diff_by_value(before: &Design, after: &Design) -> Vec<Unit> {
        let (b, a) = (to_value(before), to_value(after));
        let (bo, ao) = (b.as_object().unwrap(), a.as_object().unwrap());
        let mut out = Vec::new();
        for key in keys(bo, ao) {
            match (bo.get(&key), ao.get(&key)) {
                (Some(Value::Object(bi)), Some(Value::Object(ai))) => {
                    for k in keys(bi, ai) {
                        diff_field(
                            vec![key.clone(), k.clone()],
                            bi.get(&k),
                            ai.get(&k),
                            &mut out,
                        );
                    }
                }
                (bv, av) => {
                    if bv != av {
                        out.push(Unit {
                            path: vec![key],
                            id: None,
                            before: bv.cloned(),
                            after: av.cloned(),
                            index: 0,
                        });
                    }
                }
            }
        }
        out
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_part_by_part_diff_equals_the_diff_of_the_whole_json() {
        let before = bridge::sample();
        let vpc = before.network.vpcs[0].id.clone();
        type Edit = Box<dyn Fn(&mut Design)>;
        let edits: Vec<Edit> = vec![
            Box::new(|_| {}),
            Box::new(|d| d.network.instances.remove(0).id.clear()),
            Box::new(|d| d.name = "renamed".into()),
            Box::new(|d| d.layout.clear()),
            Box::new(move |d| bridge::move_by(d, std::slice::from_ref(&vpc), 30.0, 0.0)),
            Box::new(|d| d.flows.clear()),
            Box::new(|d| d.cluster = serde_json::json!({"manifests": "kind: Pod"})),
            Box::new(|d| d.version += 1),
            Box::new(|d| {
                d.network.region = "eu-west-1".into();
                d.layout.remove(&d.network.subnets[0].id.clone());
                d.name.clear();
            }),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut after = before.clone();
            edit(&mut after);
            assert_eq!(
                diff(&before, &after),
                diff_by_value(&before, &after),
                "edit {i}"
            );
            assert_eq!(
                diff(&after, &before),
                diff_by_value(&after, &before),
                "edit {i} back"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_live_link_names_its_room_and_key() {
        let cases = [
            ("#live=room1.KEY-_9&candidate=x", Some(("room1", "KEY-_9"))),
            ("design=abc&live=r.k", Some(("r", "k"))),
            ("#live=room1", None),
            ("#live=ro/om.k", None),
            ("#design=abc", None),
        ];
        for (fragment, want) in cases {
            let got = parse_link(fragment);
            assert_eq!(
                got.as_ref().map(|(r, k)| (r.as_str(), k.as_str())),
                want,
                "{fragment}"
            );
        }
    }
}
