//! The editor's state: the design being edited with its undo history, the selection, the
//! viewport and the theme. A pure reducer: every gesture is an `Action`, every design
//! change goes through `commit`, so undo/redo, autosave and lint refresh cannot be skipped.

use std::rc::Rc;

use sim::network::annotation::{AnnotationEdit, End};
use sim::network::{Design, Diagnostic};
use yew::Reducible;

use crate::bridge;
use crate::bridge::analysis::Analysis;
use crate::i18n::Lang;
use crate::kind::ComponentKind;
use crate::state::history::{Cause, History};
use crate::state::live::{self, Op, Sync};
use crate::t;
use crate::view::{AnnotationShape, AnnotationTool, Shape};

/// Why nothing edits the design while the history is on screen.
/// What the canvas tells the user after a gesture. Kept as a value, not words, so it is
/// written in the language the UI has when it is shown (`text`).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Words made elsewhere, already in the user's language.
    Text(String),
    /// Why an edit changed nothing, worded when shown.
    Refused(bridge::Refused),
    /// An edit while the history is replayed.
    Replaying,
    /// An edit of a shared, read-only design.
    ReadOnly,
    /// A history step whose design cannot be rebuilt, and why.
    StepNotShown(String),
    /// Ctrl C: how many components were copied.
    Copied(usize),
}

impl Notice {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Notice::Text(s) => s.clone(),
            Notice::Refused(r) => r.text(lang),
            Notice::Replaying => t!(lang, "notice-replaying"),
            Notice::ReadOnly => t!(lang, "notice-read-only"),
            Notice::StepNotShown(why) => t!(lang, "notice-step-not-shown", why = why.as_str()),
            Notice::Copied(n) => t!(lang, "notice-copied", count = *n),
        }
    }
}

/// How many design changes undo can walk back (the issue asks for at least 200).
pub const UNDO_LIMIT: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The visible window onto the design, in design coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            x: -20.0,
            y: -20.0,
            zoom: 1.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EditorState {
    pub design: Rc<Design>,
    /// Derived from `design` on every commit, so views never recompute them.
    pub shapes: Rc<Vec<Shape>>,
    /// The annotation layer (notes, boxes, arrows) as drawn, derived with `shapes`.
    pub annotations: Rc<Vec<AnnotationShape>>,
    /// `analysis.lints`, shared.
    pub lints: Rc<Vec<Diagnostic>>,
    /// What `sim` says about this revision, recomputed on commit only where the edit touched.
    pub analysis: Rc<Analysis>,
    /// The seed of the cluster run (the cluster panel's and the pods' addresses').
    pub cluster_seed: u64,
    undo: Vec<Rc<Design>>,
    redo: Vec<Rc<Design>>,
    /// Increases on every design change; autosave and re-tracing key on it.
    pub revision: u64,
    pub selection: Vec<String>,
    /// A palette item chosen for click-to-place (the keyboard/accessible path to dropping).
    pub armed: Option<ComponentKind>,
    /// An Annotate tool chosen in the palette: the next click places a note or box, or picks
    /// an arrow's start and then its end.
    pub annotating: Option<Annotating>,
    pub viewport: Viewport,
    pub theme: Theme,
    /// Opened from a share link: nothing can change until the user makes a copy.
    pub read_only: bool,
    /// The last thing the editor refused or reported, shown as a toast on the canvas.
    pub notice: Option<Notice>,
    /// Ids copied with Ctrl C, pasted (duplicated) with Ctrl V.
    pub clipboard: Vec<String>,
    /// The last pod dropped from the palette (`namespace/name`) and a count of drops, so the
    /// shell can open the cluster view on its scheduling decision.
    pub dropped_pod: Option<(u64, String)>,
    /// When the design came from File › Import › Terraform in this session: each
    /// component's file:line and the files' text (kept for the session only, never saved).
    pub terraform: Option<Rc<bridge::terraform::TerraformInfo>>,
    /// In a live session: the room's ops (confirmed and own pending); the design shown is
    /// its `shown()`, and undo/redo act on own edits only (`state::live`).
    pub live: Option<Rc<Sync>>,
    /// In a live session, what the other side is called in the history ("candidate").
    pub peer: Option<String>,
    /// Every change to the design, for replay (`state::history`); reset when another design
    /// is loaded.
    pub history: Rc<History>,
    /// Watching the history: the design after that many steps, drawn instead of the design
    /// (which nothing edits meanwhile).
    pub replay: Option<Rc<Replay>>,
}

/// A moment of the history on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// How many steps are applied (0: the design before the first kept step).
    pub at: usize,
    pub design: Rc<Design>,
    pub shapes: Rc<Vec<Shape>>,
    pub annotations: Rc<Vec<AnnotationShape>>,
}

/// The Annotate tool in use, and for an arrow the start already picked.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotating {
    pub tool: AnnotationTool,
    pub from: Option<End>,
}

/// The wall clock for history steps: the browser's in the app, a settable one in native tests
/// (the reducer stays deterministic there).
#[cfg(target_arch = "wasm32")]
fn clock() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    pub static TEST_CLOCK: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

#[cfg(not(target_arch = "wasm32"))]
fn clock() -> f64 {
    TEST_CLOCK.with(|c| c.get())
}

/// What an action means for the history.
enum Effect {
    /// Another design: its history starts here.
    Reset,
    /// A change (if the design changed) by this browser's user or by someone else.
    Record(Option<String>, Cause),
    Keep,
}

impl EditorState {
    pub fn new(design: Design, theme: Theme) -> Self {
        Self::at_revision(design, theme, 0)
    }

    /// A fresh editor (no history) whose first revision is `revision`.
    fn at_revision(design: Design, theme: Theme, revision: u64) -> Self {
        let design = Rc::new(design);
        let cluster_seed = bridge::cluster::DEFAULT_SEED;
        let analysis = Rc::new(Analysis::new(design.clone(), cluster_seed));
        let shapes = bridge::shapes(&design);
        EditorState {
            annotations: Rc::new(bridge::annotation_shapes(&design, &shapes)),
            shapes: Rc::new(shapes),
            lints: analysis.lints.clone(),
            analysis,
            cluster_seed,
            design,
            undo: Vec::new(),
            redo: Vec::new(),
            revision,
            selection: Vec::new(),
            armed: None,
            annotating: None,
            viewport: Viewport::default(),
            theme,
            read_only: false,
            notice: None,
            clipboard: Vec::new(),
            dropped_pod: None,
            terraform: None,
            live: None,
            peer: None,
            history: Rc::new(History::default()),
            replay: None,
        }
    }

    /// The shapes the canvas draws: the design's, or those of the moment being replayed.
    pub fn shown_shapes(&self) -> Rc<Vec<Shape>> {
        match &self.replay {
            Some(r) => r.shapes.clone(),
            None => self.shapes.clone(),
        }
    }

    /// The annotations the canvas draws: the design's, or those of the moment being replayed.
    pub fn shown_annotations(&self) -> Rc<Vec<AnnotationShape>> {
        match &self.replay {
            Some(r) => r.annotations.clone(),
            None => self.annotations.clone(),
        }
    }

    /// The annotation `id` as drawn.
    pub fn annotation(&self, id: &str) -> Option<&AnnotationShape> {
        self.annotations.iter().find(|a| a.id == id)
    }

    /// Shows the design after `at` steps (`None` or the last step: the design itself).
    fn replay_at(&mut self, at: Option<usize>) {
        self.replay = match at.filter(|k| *k < self.history.len()) {
            None => None,
            Some(k) => match self.history.design_at(&self.design, k) {
                Ok(d) => {
                    let shapes = bridge::shapes(&d);
                    Some(Rc::new(Replay {
                        at: k,
                        annotations: Rc::new(bridge::annotation_shapes(&d, &shapes)),
                        shapes: Rc::new(shapes),
                        design: Rc::new(d),
                    }))
                }
                Err(why) => {
                    self.notice = Some(Notice::StepNotShown(why));
                    None
                }
            },
        };
    }

    pub fn can_undo(&self) -> bool {
        match &self.live {
            Some(l) => l.can_undo(),
            None => !self.undo.is_empty(),
        }
    }
    pub fn can_redo(&self) -> bool {
        match &self.live {
            Some(l) => l.can_redo(),
            None => !self.redo.is_empty(),
        }
    }
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }

    /// Replaces the design, recording the old one for undo.
    fn commit(&mut self, design: Design) {
        if design == *self.design {
            return;
        }
        let old = std::mem::replace(&mut self.design, Rc::new(design));
        self.undo.push(old);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.refresh();
    }

    fn refresh(&mut self) {
        self.revision += 1;
        let shapes = bridge::shapes(&self.design);
        self.annotations = Rc::new(bridge::annotation_shapes(&self.design, &shapes));
        self.shapes = Rc::new(shapes);
        self.analysis = self.analysis.next(self.design.clone(), self.cluster_seed);
        self.lints = self.analysis.lints.clone();
        let (shapes, annotations) = (self.shapes.clone(), self.annotations.clone());
        self.selection.retain(|id| {
            shapes.iter().any(|s| &s.id == id) || annotations.iter().any(|a| &a.id == id)
        });
    }

    /// Runs an edit on a copy of the design; commits it if it succeeds, reports if not.
    fn edit<T>(&mut self, f: impl FnOnce(&mut Design) -> Result<T, bridge::Refused>) -> Option<T> {
        if self.replay.is_some() {
            self.notice = Some(Notice::Replaying);
            return None;
        }
        if self.read_only {
            self.notice = Some(Notice::ReadOnly);
            return None;
        }
        let mut design = (*self.design).clone();
        match f(&mut design) {
            Ok(out) => {
                // Whatever the edit removed, no arrow is left pointing at it.
                bridge::settle_annotations(&self.design, &mut design);
                self.notice = None;
                self.commit(design);
                Some(out)
            }
            Err(why) => {
                self.notice = Some(Notice::Refused(why));
                None
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Select one component, or clear the selection.
    Select(Option<String>),
    /// Shift-click: add to or remove from the selection.
    ToggleSelect(String),
    /// Marquee selection.
    SelectMany(Vec<String>),
    Arm(Option<ComponentKind>),
    /// Choose an Annotate tool (note, box, arrow), or put it down.
    ArmAnnotation(Option<AnnotationTool>),
    /// With the arrow tool: the arrow's start, then its end (which adds the arrow).
    PickEnd(End),
    /// An arrow dropped from the palette: the arrow tool with its start picked.
    StartArrow(End),
    /// An edit of the annotation layer: add a note, box or arrow, set a text, move an end.
    Annotate(AnnotationEdit),
    /// Place a new component at a point in design coordinates.
    Place {
        kind: ComponentKind,
        x: f64,
        y: f64,
    },
    DeleteSelection,
    /// Move the selection (and everything inside it) by a distance in design units.
    MoveSelection {
        dx: f64,
        dy: f64,
    },
    SetField {
        id: String,
        key: crate::view::FieldKey,
        value: String,
    },
    /// Resize a container (never smaller than its contents).
    Resize {
        id: String,
        w: f64,
        h: f64,
    },
    /// Lay the whole design out again (undoable), the VPCs side by side to fit a canvas of
    /// this many pixels.
    Tidy {
        width: f64,
        height: f64,
    },
    Copy,
    Paste,
    /// Copy and paste the selection at once.
    Duplicate,
    /// Edit a route table, security group or network ACL from the list views.
    Policy(bridge::PolicyOp),
    /// Apply a fix suggested by the tracer for a blocked flow.
    ApplyTraceFix(sim::network::Fix),
    /// Save a flow as a test the design must pass.
    AddTestFlow(sim::network::TestFlow),
    RemoveTestFlow(usize),
    /// Run the cluster with another seed (the pods' addresses follow).
    SetClusterSeed(u64),
    /// Replace the design's Kubernetes manifests (`design.cluster`), e.g. from the cluster view.
    SetCluster(serde_json::Value),
    /// Apply the suggested fix of the lint at this index of `lints`.
    ApplyFix(usize),
    Undo,
    Redo,
    /// Replace the whole design (file open, import, snapshot restore, share link).
    /// The design is boxed so every other (small) action does not carry its size.
    Load {
        design: Box<Design>,
        read_only: bool,
    },
    /// Replace the design with one imported from Terraform (undoable), keeping where each
    /// component was written for the Problems list and the Traces panel.
    ImportTerraform {
        design: Box<Design>,
        info: Rc<bridge::terraform::TerraformInfo>,
    },
    /// Leave read-only mode: the shared design becomes the user's own.
    MakeCopy,
    ToggleTheme,
    ZoomBy(f64),
    Pan {
        dx: f64,
        dy: f64,
    },
    ResetView,
    /// Zoom and pan so the whole design fits a canvas of this size (pixels), with a margin.
    FitToScreen {
        width: f64,
        height: f64,
    },
    Notify(String),
    DismissNotice,
    /// Join a live session as this client id: from now on design edits are also ops of the
    /// room, starting from the design on screen.
    LiveStart {
        client: String,
        /// What the other side is called in the history ("candidate", "interviewer").
        peer: String,
    },
    LiveStop,
    /// The relay's greeting after (re)connecting: the room's epoch and last sequence number.
    LiveWelcome {
        epoch: u64,
        head: u64,
    },
    /// Ops the relay sequenced, in order, with the time (ms) they arrived.
    LiveConfirmed {
        ops: Vec<(u64, live::Envelope)>,
        now_ms: f64,
    },
    /// Show the design after this many history steps; `None`: back to the design itself.
    ReplayAt(Option<usize>),
    /// The history that belongs to the design on screen (from a link or the autosave).
    SetHistory(Rc<History>),
}

/// The viewport that shows every shape in a `width`×`height` canvas, never zooming in
/// past 100 % (a tiny design stays readable at its natural size).
pub fn fit(shapes: &[Shape], width: f64, height: f64) -> Viewport {
    const MARGIN: f64 = 48.0;
    let mut it = shapes.iter().map(|s| s.rect);
    let Some(first) = it.next() else {
        return Viewport::default();
    };
    let (mut x0, mut y0, mut x1, mut y1) = (
        first.x,
        first.y,
        first.x + first.w,
        first.y + first.h + 40.0,
    );
    for r in it {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h + 40.0); // leaf labels hang below their tile
    }
    let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let zoom = ((width - 2.0 * MARGIN) / w)
        .min((height - 2.0 * MARGIN) / h)
        .clamp(0.1, 1.0);
    Viewport {
        x: x0 - (width / zoom - w) / 2.0,
        y: y0 - (height / zoom - h) / 2.0,
        zoom,
    }
}

impl EditorState {
    /// Shows the live session's design (no undo entry: history is the session's).
    fn show(&mut self, sync: Sync) {
        let design = sync.shown();
        self.live = Some(Rc::new(sync));
        if design != *self.design {
            self.design = Rc::new(design);
            self.refresh();
        }
    }

    /// The explicit, replayable form of a design action: what it does written out, with the
    /// selection or clipboard it acts on. `None` for an action sent as a patch instead.
    fn op_of(&self, action: &Action) -> Option<Op> {
        Some(match action {
            Action::Place { kind, x, y } => Op::Place {
                kind: *kind,
                x: *x,
                y: *y,
            },
            Action::DeleteSelection => Op::Delete {
                ids: self.selection.clone(),
            },
            Action::MoveSelection { dx, dy } => Op::Move {
                ids: self.selection.clone(),
                dx: *dx,
                dy: *dy,
            },
            Action::SetField { id, key, value } => Op::SetField {
                id: id.clone(),
                key: *key,
                value: value.clone(),
            },
            Action::Resize { id, w, h } => Op::Resize {
                id: id.clone(),
                w: *w,
                h: *h,
            },
            Action::Tidy { width, height } => Op::Tidy {
                width: *width,
                height: *height,
            },
            Action::Paste => Op::Duplicate {
                ids: self.clipboard.clone(),
            },
            Action::Duplicate => Op::Duplicate {
                ids: self.selection.clone(),
            },
            Action::Policy(p) => Op::Policy(p.clone()),
            Action::AddTestFlow(f) => Op::AddTestFlow(f.clone()),
            Action::RemoveTestFlow(i) => Op::RemoveTestFlow(*i),
            Action::SetCluster(v) => Op::SetCluster(v.clone()),
            Action::Annotate(e) => Op::Annotate(e.clone()),
            Action::PickEnd(to) => match &self.annotating {
                Some(Annotating {
                    tool: AnnotationTool::Arrow,
                    from: Some(from),
                }) => Op::Annotate(AnnotationEdit::AddArrow {
                    from: from.clone(),
                    to: to.clone(),
                }),
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let effect = match &action {
            Action::Load { .. } => Effect::Reset,
            Action::Undo => Effect::Record(None, Cause::Undo),
            Action::Redo => Effect::Record(None, Cause::Redo),
            Action::LiveConfirmed { .. } | Action::LiveWelcome { .. } => Effect::Record(
                Some(self.peer.clone().unwrap_or_else(|| "the other side".into())),
                Cause::Edit,
            ),
            Action::ReplayAt(_)
            | Action::SetHistory(_)
            | Action::LiveStart { .. }
            | Action::LiveStop => Effect::Keep,
            _ => Effect::Record(None, Cause::Edit),
        };
        if self.replay.is_some() && matches!(action, Action::Undo | Action::Redo) {
            let mut next = (*self).clone();
            next.notice = Some(Notice::Replaying);
            return Rc::new(next);
        }
        let before = self.design.clone();
        let (mut next, units) = self.reduce_design(action);
        match effect {
            Effect::Reset => {
                let n = Rc::make_mut(&mut next);
                n.history = Rc::new(History::default());
                n.replay = None;
            }
            Effect::Record(by, cause) if next.design != before => {
                let n = Rc::make_mut(&mut next);
                let mut h = (*n.history).clone();
                let units = units.unwrap_or_else(|| live::diff(&before, &n.design));
                h.record_units(units, clock(), by, cause);
                n.history = Rc::new(h);
                if let Some(at) = n.replay.as_ref().map(|r| r.at) {
                    n.replay_at(Some(at));
                }
            }
            _ => {}
        }
        next
    }
}

impl EditorState {
    /// The action itself (the history is kept by `reduce` around it), and the units it
    /// changed when it computed them already (a local edit in a live session), so the
    /// history does not diff the design a second time.
    fn reduce_design(self: Rc<Self>, action: Action) -> (Rc<Self>, Option<Vec<live::Unit>>) {
        let Some(sync) = self.live.clone() else {
            let next = match action {
                Action::LiveStart { client, peer } => {
                    let mut next = (*self).clone();
                    next.read_only = false;
                    next.peer = Some(peer);
                    next.show(Sync::new(client, self.design.clone()));
                    Rc::new(next)
                }
                other => self.step(other),
            };
            return (next, None);
        };
        let mut sync = (*sync).clone();
        let mut next = (*self).clone();
        match action {
            Action::LiveStart { client, peer } => {
                next.peer = Some(peer);
                next.show(Sync::new(client, self.design.clone()))
            }
            Action::LiveStop => {
                next.live = None;
                next.peer = None;
            }
            Action::LiveWelcome { epoch, head } => {
                sync.welcome(epoch, head);
                next.show(sync);
            }
            Action::LiveConfirmed { ops, now_ms } => {
                for (seq, env) in &ops {
                    sync.confirm(*seq, env, now_ms);
                }
                next.show(sync);
            }
            Action::Undo => {
                if sync.undo().is_some() {
                    next.show(sync);
                }
            }
            Action::Redo => {
                if sync.redo().is_some() {
                    next.show(sync);
                }
            }
            other => {
                let op = self.op_of(&other);
                let before = self.design.clone();
                let mut after = (*self.clone().step(other)).clone();
                if *after.design == *before {
                    return (Rc::new(after), None);
                }
                let units = live::diff(&before, &after.design);
                let op = op.unwrap_or_else(|| {
                    Op::Patch(live::Patch {
                        units: units.clone(),
                        only_if_unchanged: false,
                    })
                });
                sync.edit(op, units.clone());
                after.live = Some(Rc::new(sync));
                return (Rc::new(after), Some(units));
            }
        }
        (Rc::new(next), None)
    }
}

impl EditorState {
    /// One action on this editor alone (outside a live session, or a local edit inside one).
    fn step(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Select(id) => next.selection = id.into_iter().collect(),
            Action::ToggleSelect(id) => match next.selection.iter().position(|s| *s == id) {
                Some(i) => {
                    next.selection.remove(i);
                }
                None => next.selection.push(id),
            },
            Action::SelectMany(ids) => next.selection = ids,
            Action::Arm(kind) => {
                next.armed = if next.armed == kind { None } else { kind };
                next.annotating = None;
            }
            Action::ArmAnnotation(tool) => {
                let same = next.annotating.as_ref().map(|a| a.tool) == tool;
                next.annotating = match tool {
                    Some(tool) if !same => Some(Annotating { tool, from: None }),
                    _ => None,
                };
                next.armed = None;
            }
            Action::StartArrow(end) => {
                if !next.read_only && next.replay.is_none() {
                    next.armed = None;
                    next.annotating = Some(Annotating {
                        tool: AnnotationTool::Arrow,
                        from: Some(end),
                    });
                }
            }
            Action::PickEnd(end) => match next.annotating.take() {
                Some(Annotating {
                    tool: AnnotationTool::Arrow,
                    from: None,
                }) => {
                    next.annotating = Some(Annotating {
                        tool: AnnotationTool::Arrow,
                        from: Some(end),
                    });
                }
                Some(Annotating {
                    tool: AnnotationTool::Arrow,
                    from: Some(from),
                }) => {
                    let edit = AnnotationEdit::AddArrow { from, to: end };
                    if let Some(Some(id)) = next.edit(|d| bridge::annotate(d, &edit)) {
                        next.selection = vec![id];
                    }
                }
                other => next.annotating = other,
            },
            Action::Annotate(e) => {
                if matches!(
                    e,
                    AnnotationEdit::AddNote { .. } | AnnotationEdit::AddBox { .. }
                ) {
                    next.annotating = None;
                }
                if let Some(Some(id)) = next.edit(|d| bridge::annotate(d, &e)) {
                    next.selection = vec![id];
                }
            }
            Action::Place {
                kind: ComponentKind::Pod,
                x,
                y,
            } => {
                next.armed = None;
                if let Some(pod) = next.edit(|d| bridge::drop_pod(d, x, y)) {
                    let n = next.dropped_pod.as_ref().map_or(0, |(n, _)| n + 1);
                    next.dropped_pod = Some((n, pod));
                }
            }
            Action::Place { kind, x, y } => {
                next.armed = None;
                if let Some(id) = next.edit(|d| bridge::place(d, kind, x, y)) {
                    next.selection = vec![id];
                }
            }
            Action::DeleteSelection => {
                let ids = next.selection.clone();
                if !ids.is_empty() {
                    next.edit(|d| {
                        for id in &ids {
                            // Deleting a container first may already have removed a child.
                            if bridge::exists(d, id) {
                                bridge::remove(d, id)?;
                            }
                        }
                        Ok(())
                    });
                }
            }
            Action::MoveSelection { dx, dy } => {
                let ids = next.selection.clone();
                if !ids.is_empty() && (dx != 0.0 || dy != 0.0) {
                    next.edit(|d| {
                        bridge::move_by(d, &ids, dx, dy);
                        Ok(())
                    });
                }
            }
            Action::Resize { id, w, h } => {
                next.edit(|d| bridge::resize(d, &id, w, h));
            }
            Action::Tidy { width, height } => {
                next.edit(|d| {
                    bridge::tidy(d, width, height);
                    Ok(())
                });
            }
            Action::Copy => {
                next.clipboard = next.selection.clone();
                if !next.clipboard.is_empty() {
                    next.notice = Some(Notice::Copied(next.clipboard.len()));
                }
            }
            Action::Paste | Action::Duplicate => {
                let ids = if action == Action::Paste {
                    next.clipboard.clone()
                } else {
                    next.selection.clone()
                };
                if !ids.is_empty() {
                    if let Some(copies) = next.edit(|d| bridge::duplicate(d, &ids)) {
                        next.selection = copies;
                    }
                }
            }
            Action::SetField { id, key, value } => {
                next.edit(|d| bridge::set_field(d, &id, key, &value));
            }
            Action::Policy(op) => {
                next.edit(|d| bridge::apply_policy(d, &op));
            }
            Action::ApplyTraceFix(fix) => {
                next.edit(|d| bridge::apply_trace_fix(d, &fix));
            }
            Action::AddTestFlow(flow) => {
                next.edit(|d| {
                    if d.flows.contains(&flow) {
                        return Err(bridge::Refused::FlowAlreadySaved);
                    }
                    d.flows.push(flow);
                    Ok(())
                });
            }
            Action::RemoveTestFlow(index) => {
                next.edit(|d| {
                    if index < d.flows.len() {
                        d.flows.remove(index);
                    }
                    Ok(())
                });
            }
            Action::SetCluster(value) => {
                next.edit(|d| {
                    d.cluster = value;
                    Ok(())
                });
            }
            Action::SetClusterSeed(seed) => {
                if seed != next.cluster_seed {
                    next.cluster_seed = seed;
                    next.analysis = next.analysis.next(next.design.clone(), seed);
                }
            }
            Action::ApplyFix(index) => {
                if let Some(diag) = next.lints.get(index).cloned() {
                    next.edit(|d| bridge::apply_fix(d, &diag));
                }
            }
            Action::Undo => {
                if let Some(prev) = next.undo.pop() {
                    let cur = std::mem::replace(&mut next.design, prev);
                    next.redo.push(cur);
                    next.refresh();
                }
            }
            Action::Redo => {
                if let Some(again) = next.redo.pop() {
                    let cur = std::mem::replace(&mut next.design, again);
                    next.undo.push(cur);
                    next.refresh();
                }
            }
            Action::Load { design, read_only } => {
                if read_only {
                    // A shared design is viewed, not edited: no history to undo into.
                    next = EditorState::at_revision(*design, next.theme, self.revision + 1);
                    next.read_only = true;
                } else {
                    next.read_only = false;
                    next.commit(*design);
                }
                next.selection.clear();
                next.terraform = None;
            }
            Action::ImportTerraform { design, info } => {
                next.read_only = false;
                next.commit(*design);
                next.selection.clear();
                next.terraform = Some(info);
            }
            Action::MakeCopy => {
                next.read_only = false;
                next.revision += 1;
            }
            Action::ToggleTheme => next.theme = next.theme.toggled(),
            Action::ZoomBy(factor) => {
                next.viewport.zoom = (next.viewport.zoom * factor).clamp(0.1, 4.0)
            }
            Action::Pan { dx, dy } => {
                next.viewport.x += dx;
                next.viewport.y += dy;
            }
            Action::ResetView => next.viewport = Viewport::default(),
            Action::FitToScreen { width, height } => {
                next.viewport = fit(&next.shapes, width, height)
            }
            Action::Notify(text) => next.notice = Some(Notice::Text(text)),
            Action::DismissNotice => next.notice = None,
            Action::ReplayAt(at) => next.replay_at(at),
            Action::SetHistory(h) => {
                next.history = h;
                next.replay = None;
            }
            Action::LiveStart { .. }
            | Action::LiveStop
            | Action::LiveWelcome { .. }
            | Action::LiveConfirmed { .. } => {}
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<EditorState> {
        Rc::new(EditorState::new(bridge::sample(), Theme::Light))
    }

    fn notice_text(s: &EditorState) -> String {
        s.notice
            .as_ref()
            .map(|n| n.text(Lang::En))
            .unwrap_or_default()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn notices_are_written_in_the_language_shown() {
        let cases = [
            (
                Notice::Copied(1),
                "Copied 1 component; Ctrl V pastes them.",
                "구성 요소 1개를 복사했습니다. Ctrl V로 붙여 넣습니다.",
            ),
            (
                Notice::Copied(3),
                "Copied 3 components; Ctrl V pastes them.",
                "구성 요소 3개를 복사했습니다. Ctrl V로 붙여 넣습니다.",
            ),
            (
                Notice::ReadOnly,
                "This shared design is read-only. Choose “Make a copy” to edit it.",
                "공유된 설계는 읽기 전용입니다. 편집하려면 “사본 만들기”를 고르세요.",
            ),
            (
                Notice::Text("as it came".into()),
                "as it came",
                "as it came",
            ),
            (
                Notice::Refused(bridge::Refused::Edit(
                    sim::network::edit::Refusal::NoFreeVpcRange,
                )),
                "No free 10.x.0.0/16 range is left for another VPC.",
                "새 VPC에 쓸 빈 10.x.0.0/16 범위가 남아 있지 않습니다.",
            ),
            (
                Notice::Refused(bridge::Refused::FlowAlreadySaved),
                "This test flow is already saved.",
                "이 테스트 흐름은 이미 저장되어 있습니다.",
            ),
        ];
        for (notice, en, ko) in cases {
            assert_eq!(notice.text(Lang::En), en);
            assert_eq!(notice.text(Lang::Ko), ko);
        }
    }

    fn subnet_point(s: &EditorState) -> (f64, f64) {
        let sub = s
            .shapes
            .iter()
            .find(|s| s.kind == ComponentKind::Subnet)
            .unwrap();
        (sub.rect.x + 30.0, sub.rect.y + sub.rect.h - 30.0)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn fit_to_screen_shows_every_shape_inside_the_canvas() {
        let s = state();
        let vp = fit(&s.shapes, 800.0, 500.0);
        for sh in s.shapes.iter() {
            let (sx, sy) = ((sh.rect.x - vp.x) * vp.zoom, (sh.rect.y - vp.y) * vp.zoom);
            let (ex, ey) = (sx + sh.rect.w * vp.zoom, sy + sh.rect.h * vp.zoom);
            assert!(
                sx >= 0.0 && sy >= 0.0 && ex <= 800.0 && ey <= 500.0,
                "{} is off screen: {sx},{sy}..{ex},{ey}",
                sh.id
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn fit_to_screen_never_magnifies_a_small_design() {
        assert_eq!(fit(&state().shapes, 10_000.0, 10_000.0).zoom, 1.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_refused_drop_leaves_the_design_unchanged_and_says_why() {
        let s = state();
        let next = s.clone().reduce(Action::Place {
            kind: ComponentKind::Database,
            x: 5000.0,
            y: 5000.0,
        });
        assert_eq!(next.design, s.design);
        assert!(!next.can_undo());
        assert_eq!(
            notice_text(&next),
            "A database must be placed inside a subnet."
        );
        // The notice is a value: the same refusal reads in Korean when the UI is Korean.
        let ko = next.notice.as_ref().unwrap().text(Lang::Ko);
        assert_eq!(ko, "데이터베이스은(는) 서브넷 안에 놓아야 합니다.");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_design_change_is_a_history_step_and_replay_shows_the_design_of_then() {
        let s = state();
        let (x, y) = subnet_point(&s);
        let placed = s.clone().reduce(Action::Place {
            kind: ComponentKind::NatGateway,
            x,
            y,
        });
        // Selecting and panning change no design: no step.
        let placed = placed
            .reduce(Action::Select(None))
            .reduce(Action::Pan { dx: 5.0, dy: 0.0 });
        let undone = placed.clone().reduce(Action::Undo);
        let texts: Vec<&str> = undone
            .history
            .steps
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].starts_with("added NAT gateway"), "{texts:?}");
        assert!(
            texts[1].starts_with("undid: removed NAT gateway"),
            "{texts:?}"
        );
        // Step 1 of 2 is the design with the gateway; editing is refused meanwhile.
        let watching = undone.clone().reduce(Action::ReplayAt(Some(1)));
        let replay = watching.replay.clone().expect("replaying");
        assert_eq!(replay.design, placed.design);
        assert!(watching.shown_shapes().len() > undone.shapes.len());
        let refused = watching.clone().reduce(Action::Place {
            kind: ComponentKind::Instance,
            x,
            y,
        });
        assert_eq!(refused.design, undone.design);
        assert!(notice_text(&refused).contains("Back to now"));
        assert!(refused
            .notice
            .as_ref()
            .unwrap()
            .text(Lang::Ko)
            .contains("현재로 돌아가기"));
        let refused = watching.reduce(Action::Redo);
        assert_eq!(refused.design, undone.design);
        // Back to now, then another design: its history starts empty.
        let now = refused.reduce(Action::ReplayAt(None));
        assert!(now.replay.is_none());
        let other = now.reduce(Action::Load {
            design: Box::new(Design::new("other", Default::default())),
            read_only: false,
        });
        assert!(other.history.is_empty());
    }

    /// Native only: in the browser the clock is the browser's.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn steps_carry_the_time_they_were_made() {
        let s = state();
        let (x, y) = subnet_point(&s);
        TEST_CLOCK.with(|c| c.set(1_700_000_000_000.0));
        let placed = s.reduce(Action::Place {
            kind: ComponentKind::Instance,
            x,
            y,
        });
        TEST_CLOCK.with(|c| c.set(0.0));
        assert_eq!(placed.history.steps[0].at, 1_700_000_000_000.0);
        assert_eq!(placed.history.steps[0].by, None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn undo_and_redo_walk_the_history() {
        let s = state();
        let (x, y) = subnet_point(&s);
        let placed = s.clone().reduce(Action::Place {
            kind: ComponentKind::Instance,
            x,
            y,
        });
        assert_eq!(
            placed.design.network.instances.len(),
            s.design.network.instances.len() + 1
        );
        let undone = placed.clone().reduce(Action::Undo);
        assert_eq!(undone.design, s.design);
        let redone = undone.reduce(Action::Redo);
        assert_eq!(redone.design, placed.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn undo_reaches_back_at_least_200_steps() {
        let mut s = state();
        let original = s.design.clone();
        let vpc = s.design.network.vpcs[0].id.clone();
        s = s.reduce(Action::Select(Some(vpc)));
        for _ in 0..250 {
            s = s.reduce(Action::MoveSelection { dx: 1.0, dy: 0.0 });
        }
        assert_eq!(s.undo_depth(), 250);
        for _ in 0..250 {
            s = s.reduce(Action::Undo);
        }
        assert_eq!(s.design, original);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_new_edit_clears_the_redo_stack() {
        let s = state();
        let id = s.design.network.vpcs[0].id.clone();
        let s = s.reduce(Action::Select(Some(id)));
        let s = s
            .reduce(Action::MoveSelection { dx: 5.0, dy: 0.0 })
            .reduce(Action::Undo);
        assert!(s.can_redo());
        let s = s.reduce(Action::MoveSelection { dx: 0.0, dy: 5.0 });
        assert!(!s.can_redo());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn deleting_a_subnet_takes_its_instances_and_is_undoable() {
        let s = state();
        let subnet = s.design.network.subnets[0].id.clone();
        let inside = s
            .design
            .network
            .instances
            .iter()
            .filter(|i| i.subnet_id == subnet)
            .count();
        assert!(inside > 0);
        let after = s
            .clone()
            .reduce(Action::Select(Some(subnet.clone())))
            .reduce(Action::DeleteSelection);
        assert!(after.design.network.subnet(&subnet).is_none());
        assert_eq!(
            after.design.network.instances.len(),
            s.design.network.instances.len() - inside
        );
        assert!(after.selection.is_empty());
        assert_eq!(after.reduce(Action::Undo).design, s.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn tidy_lays_everything_out_again_in_one_undo_step() {
        let s = state();
        let vpc = s.design.network.vpcs[0].id.clone();
        let moved = s
            .clone()
            .reduce(Action::Select(Some(vpc)))
            .reduce(Action::MoveSelection {
                dx: 400.0,
                dy: 400.0,
            });
        let tidied = moved.clone().reduce(Action::Tidy {
            width: 1000.0,
            height: 600.0,
        });
        assert!(
            tidied.design.layout.keys().any(|k| k.starts_with("az:")),
            "AZ columns are drawn"
        );
        assert_eq!(
            tidied.design.network, s.design.network,
            "only the layout changes"
        );
        assert_eq!(tidied.reduce(Action::Undo).design, moved.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn copy_paste_duplicates_the_selection_in_one_undo_step() {
        let s = state();
        let inst = s.design.network.instances[0].id.clone();
        let pasted = s
            .clone()
            .reduce(Action::Select(Some(inst)))
            .reduce(Action::Copy)
            .reduce(Action::Paste);
        assert_eq!(
            pasted.design.network.instances.len(),
            s.design.network.instances.len() + 1
        );
        assert_eq!(pasted.selection.len(), 1, "the copy is selected");
        assert_eq!(pasted.reduce(Action::Undo).design, s.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_shared_design_is_read_only_until_copied() {
        let s = state().reduce(Action::Load {
            design: Box::new(bridge::sample()),
            read_only: true,
        });
        let (x, y) = subnet_point(&s);
        let refused = s.clone().reduce(Action::Place {
            kind: ComponentKind::Instance,
            x,
            y,
        });
        assert_eq!(refused.design, s.design);
        assert!(notice_text(&refused).contains("read-only"));
        let copied = s.reduce(Action::MakeCopy).reduce(Action::Place {
            kind: ComponentKind::Instance,
            x,
            y,
        });
        assert!(!copied.read_only);
        assert_eq!(
            copied.design.network.instances.len(),
            bridge::sample().network.instances.len() + 1
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn applying_a_lint_fix_removes_the_lint_and_is_undoable() {
        let mut design = bridge::sample();
        // Break the public subnet: drop its route to the internet gateway (seed 004's bug).
        for t in &mut design.network.route_tables {
            t.routes
                .retain(|r| r.target.kind != sim::network::TargetKind::Igw);
        }
        let s = Rc::new(EditorState::new(design, Theme::Light));
        let index = s
            .lints
            .iter()
            .position(|l| l.fix.is_some())
            .expect("a fixable lint");
        let code = s.lints[index].code.clone();
        let fixed = s.clone().reduce(Action::ApplyFix(index));
        assert!(
            !fixed.lints.iter().any(|l| l.code == code),
            "{code} still reported"
        );
        assert_eq!(fixed.reduce(Action::Undo).design, s.design);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn moving_a_component_keeps_the_analysis_and_an_edit_renews_it() {
        let s = state();
        let inst = s.design.network.instances[0].id.clone();
        let moved = s
            .clone()
            .reduce(Action::Select(Some(inst.clone())))
            .reduce(Action::MoveSelection { dx: 20.0, dy: 0.0 });
        assert_ne!(moved.revision, s.revision, "autosave sees the move");
        assert_eq!(moved.analysis.key, s.analysis.key, "nothing re-analysed");
        assert!(Rc::ptr_eq(&moved.lints, &s.lints));
        let renamed = moved.clone().reduce(Action::SetField {
            id: inst,
            key: crate::view::FieldKey::Name,
            value: "web".into(),
        });
        assert_ne!(renamed.analysis.key, moved.analysis.key);
        assert!(Rc::ptr_eq(&renamed.lints, &renamed.analysis.lints));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn another_cluster_seed_reruns_the_cluster_without_touching_the_design() {
        let s = state();
        let reseeded = s.clone().reduce(Action::SetClusterSeed(42));
        assert_eq!(reseeded.cluster_seed, 42);
        assert_eq!(reseeded.analysis.seed, 42);
        assert_eq!(reseeded.design, s.design);
        assert!(!reseeded.can_undo(), "a seed is not a design edit");
    }

    #[test]
    fn annotations_are_placed_typed_undone_and_refused_when_read_only() {
        use sim::network::annotation::{AnnotationEdit, End};
        let s = state()
            .reduce(Action::ArmAnnotation(Some(AnnotationTool::Note)))
            .reduce(Action::Annotate(AnnotationEdit::AddNote {
                x: 100.0,
                y: 800.0,
            }));
        assert_eq!(s.annotating, None, "placing a note puts the tool down");
        assert_eq!(s.selection, ["note-1"]);
        assert_eq!(s.annotations.len(), 1);
        let s = s.reduce(Action::Annotate(AnnotationEdit::SetText {
            id: "note-1".into(),
            text: "x".repeat(2_001),
        }));
        assert!(
            notice_text(&s).contains("2,001 characters"),
            "{}",
            notice_text(&s)
        );
        assert_eq!(s.design.annotations[0].text(), "");
        let s = s
            .reduce(Action::Annotate(AnnotationEdit::SetText {
                id: "note-1".into(),
                text: "users".into(),
            }))
            .reduce(Action::Undo);
        assert_eq!(s.design.annotations[0].text(), "");
        let s = s.reduce(Action::Redo);
        assert_eq!(s.design.annotations[0].text(), "users");
        // The arrow tool: a start, then an end; the arrow is selected.
        let s = s
            .reduce(Action::ArmAnnotation(Some(AnnotationTool::Arrow)))
            .reduce(Action::PickEnd(End::Attached("i-0bastion".into())));
        assert!(s.design.annotations.len() == 1 && s.annotating.is_some());
        let s = s.reduce(Action::PickEnd(End::Point { x: 0.0, y: 0.0 }));
        assert_eq!(s.selection, ["arrow-1"]);
        assert!(s.annotating.is_none());
        // Ctrl D copies a note beside itself; undo takes the copy back.
        let copied = s
            .clone()
            .reduce(Action::Select(Some("note-1".into())))
            .reduce(Action::Duplicate);
        assert_eq!(copied.selection, ["note-2"]);
        assert_eq!(copied.design.annotations[2].text(), "users");
        assert_eq!(copied.reduce(Action::Undo).design, s.design);
        // Moving the note with the selection, deleting it: the arrow is untouched.
        let s = s
            .reduce(Action::Select(Some("note-1".into())))
            .reduce(Action::MoveSelection { dx: 20.0, dy: 0.0 })
            .reduce(Action::DeleteSelection);
        assert_eq!(s.design.annotations.len(), 1);
        let steps: Vec<&str> = s.history.steps.iter().map(|st| st.text.as_str()).collect();
        for want in [
            "added note note-1",
            "changed note note-1: text “users”",
            "added arrow arrow-1",
            "moved note note-1",
            "removed note note-1 “users”",
        ] {
            assert!(
                steps.iter().any(|t| t.contains(want)),
                "{want} in {steps:?}"
            );
        }
        // A shared design refuses every annotation edit.
        let shared = state().reduce(Action::Load {
            design: Box::new((*s.design).clone()),
            read_only: true,
        });
        let after = shared
            .clone()
            .reduce(Action::Annotate(AnnotationEdit::AddBox { x: 0.0, y: 0.0 }))
            .reduce(Action::Select(Some("arrow-1".into())))
            .reduce(Action::DeleteSelection);
        assert_eq!(after.design, shared.design);
        assert_eq!(after.notice, Some(Notice::ReadOnly));
    }
}
