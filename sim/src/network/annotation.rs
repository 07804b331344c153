//! The annotation layer of a design: free-text notes, labelled boxes ("on-premises",
//! "users", "CDN") and arrows drawn on the canvas beside the network, for system-design
//! questions that draw more than a VPC.
//!
//! An annotation is an id, a kind and its geometry. Notes and boxes have a rectangle like a
//! layout entry; an arrow has two ends, each either attached to a component (a layout key) or
//! to a note or box, or a free point on the canvas. An attached end follows what it is attached
//! to: its position is read from the design each time ([`arrow_line`]), never stored.
//!
//! **Invariants**:
//! - Annotations are drawings. The tracer, the lints, the grader and the matrix read
//!   `Design::network` only and never see them; the Terraform export names how many it left
//!   out.
//! - [`validate`] (called by `Design::from_json`) refuses, naming the JSON path and the value,
//!   more than [`MAX_ANNOTATIONS`], a text longer than [`MAX_TEXT`] characters, a label longer
//!   than [`MAX_LABEL`], an empty, over-long ([`MAX_ID`]) or repeated id, and an arrow end
//!   attached to something the design does not have. An unknown `kind` is refused while the
//!   JSON is read. Nothing is dropped silently and nothing panics.
//! - Every edit here ([`apply`], [`move_by`], [`resize`], [`duplicate`], [`remove`]) keeps
//!   those rules: a refused edit changes nothing. Removing a component or an annotation that
//!   arrows end on turns those ends into free points where it was ([`detach_missing`]), so no
//!   arrow ever points at nothing.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::design::{Design, Rect};

/// The most annotations one design holds.
pub const MAX_ANNOTATIONS: usize = 500;
/// The most characters a note's text has.
pub const MAX_TEXT: usize = 2_000;
/// The most characters a box's or an arrow's label has.
pub const MAX_LABEL: usize = 200;
/// The most characters an annotation id has.
pub const MAX_ID: usize = 64;
/// A new note's size, and the smallest a note can be resized to.
pub const NOTE_SIZE: (f64, f64) = (200.0, 100.0);
pub const NOTE_MIN: (f64, f64) = (80.0, 40.0);
/// A new box's size, and the smallest a box can be resized to.
pub const BOX_SIZE: (f64, f64) = (240.0, 160.0);
pub const BOX_MIN: (f64, f64) = (60.0, 40.0);
/// Coordinates further from the origin than this are refused (a canvas is a few thousand
/// units across; this only keeps arithmetic finite and sane).
pub const MAX_COORD: f64 = 1.0e6;

/// One drawing of the annotation layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawAnnotation", into = "RawAnnotation")]
pub struct Annotation {
    pub id: String,
    pub kind: AnnotationKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationKind {
    /// Free text in a rectangle.
    Note { text: String, rect: Rect },
    /// A labelled rectangle ("on-premises", "users", "CDN").
    Box { label: String, rect: Rect },
    /// An arrow from one end to the other, with an optional label.
    Arrow { label: String, from: End, to: End },
}

/// Where an arrow end is: on a component or a note or box (by id), or a free point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEnd", into = "RawEnd")]
pub enum End {
    Attached(String),
    Point { x: f64, y: f64 },
}

/// Which end of an arrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    From,
    To,
}

impl Which {
    fn key(self) -> &'static str {
        match self {
            Which::From => "from",
            Which::To => "to",
        }
    }
}

impl AnnotationKind {
    /// The `kind` of the JSON form: `note`, `box` or `arrow`.
    pub fn slug(&self) -> &'static str {
        match self {
            AnnotationKind::Note { .. } => "note",
            AnnotationKind::Box { .. } => "box",
            AnnotationKind::Arrow { .. } => "arrow",
        }
    }
}

impl Annotation {
    /// A note's text, a box's or an arrow's label.
    pub fn text(&self) -> &str {
        match &self.kind {
            AnnotationKind::Note { text, .. } => text,
            AnnotationKind::Box { label, .. } | AnnotationKind::Arrow { label, .. } => label,
        }
    }

    /// A note's or a box's rectangle (arrows have none).
    pub fn rect(&self) -> Option<Rect> {
        match &self.kind {
            AnnotationKind::Note { rect, .. } | AnnotationKind::Box { rect, .. } => Some(*rect),
            AnnotationKind::Arrow { .. } => None,
        }
    }

    fn rect_mut(&mut self) -> Option<&mut Rect> {
        match &mut self.kind {
            AnnotationKind::Note { rect, .. } | AnnotationKind::Box { rect, .. } => Some(rect),
            AnnotationKind::Arrow { .. } => None,
        }
    }

    /// An arrow's two ends.
    pub fn ends(&self) -> Option<(&End, &End)> {
        match &self.kind {
            AnnotationKind::Arrow { from, to, .. } => Some((from, to)),
            _ => None,
        }
    }
}

/// The JSON form, read leniently and checked by `TryFrom`, so a wrong kind or a missing part
/// is an error that says what was expected.
#[derive(Clone, Serialize, Deserialize)]
struct RawAnnotation {
    id: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rect: Option<Rect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<End>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<End>,
}

impl TryFrom<RawAnnotation> for Annotation {
    type Error = String;

    fn try_from(raw: RawAnnotation) -> Result<Annotation, String> {
        let id = raw.id;
        let needs =
            |what: &str, field: &str| format!("a {what} needs `{field}` (annotation `{id}`)");
        let refuse =
            |what: &str, field: &str| format!("a {what} has no `{field}` (annotation `{id}`)");
        let kind = match raw.kind.as_str() {
            "note" => {
                if raw.label.is_some() {
                    return Err(refuse("note", "label"));
                }
                if raw.from.is_some() || raw.to.is_some() {
                    return Err(refuse("note", "from/to"));
                }
                AnnotationKind::Note {
                    text: raw.text.unwrap_or_default(),
                    rect: raw.rect.ok_or_else(|| needs("note", "rect"))?,
                }
            }
            "box" => {
                if raw.text.is_some() {
                    return Err(refuse("box", "text"));
                }
                if raw.from.is_some() || raw.to.is_some() {
                    return Err(refuse("box", "from/to"));
                }
                AnnotationKind::Box {
                    label: raw.label.unwrap_or_default(),
                    rect: raw.rect.ok_or_else(|| needs("box", "rect"))?,
                }
            }
            "arrow" => {
                if raw.text.is_some() {
                    return Err(refuse("arrow", "text"));
                }
                if raw.rect.is_some() {
                    return Err(refuse("arrow", "rect"));
                }
                AnnotationKind::Arrow {
                    label: raw.label.unwrap_or_default(),
                    from: raw.from.ok_or_else(|| needs("arrow", "from"))?,
                    to: raw.to.ok_or_else(|| needs("arrow", "to"))?,
                }
            }
            other => {
                return Err(format!(
                    "unknown annotation kind `{other}` (expected `note`, `box` or `arrow`) (annotation `{id}`)"
                ))
            }
        };
        Ok(Annotation { id, kind })
    }
}

impl From<Annotation> for RawAnnotation {
    fn from(a: Annotation) -> RawAnnotation {
        let mut raw = RawAnnotation {
            id: a.id,
            kind: a.kind.slug().to_string(),
            text: None,
            label: None,
            rect: None,
            from: None,
            to: None,
        };
        match a.kind {
            AnnotationKind::Note { text, rect } => {
                raw.text = Some(text);
                raw.rect = Some(rect);
            }
            AnnotationKind::Box { label, rect } => {
                raw.label = Some(label);
                raw.rect = Some(rect);
            }
            AnnotationKind::Arrow { label, from, to } => {
                raw.label = (!label.is_empty()).then_some(label);
                raw.from = Some(from);
                raw.to = Some(to);
            }
        }
        raw
    }
}

/// An end as JSON: `{"id": "i-1"}` or `{"x": 10, "y": 20}`.
#[derive(Clone, Serialize, Deserialize)]
struct RawEnd {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
}

impl TryFrom<RawEnd> for End {
    type Error = String;

    fn try_from(raw: RawEnd) -> Result<End, String> {
        match raw {
            RawEnd {
                id: Some(id),
                x: None,
                y: None,
            } => Ok(End::Attached(id)),
            RawEnd {
                id: None,
                x: Some(x),
                y: Some(y),
            } => Ok(End::Point { x, y }),
            _ => Err(
                "an arrow end is either {\"id\": …} (a component, note or box) or {\"x\": …, \"y\": …} (a point)"
                    .into(),
            ),
        }
    }
}

impl From<End> for RawEnd {
    fn from(e: End) -> RawEnd {
        match e {
            End::Attached(id) => RawEnd {
                id: Some(id),
                x: None,
                y: None,
            },
            End::Point { x, y } => RawEnd {
                id: None,
                x: Some(x),
                y: Some(y),
            },
        }
    }
}

/// Why an annotation or an edit of one was refused. `path` is the JSON path of the value
/// (`annotations[3].text`); `Display` is the English the CLI shows; the app words the same
/// facts in the reader's language from the variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotationError {
    TooMany {
        count: usize,
    },
    TooLong {
        path: String,
        /// `text`, `label` or `id`.
        field: &'static str,
        chars: usize,
        max: usize,
    },
    EmptyId {
        path: String,
    },
    DuplicateId {
        path: String,
        id: String,
    },
    /// An end attached to an id that is no component, note or box of the design.
    UnknownEnd {
        path: String,
        id: String,
    },
    /// An end attached to another arrow (arrows join components, notes and boxes).
    EndOnArrow {
        path: String,
        id: String,
    },
    BadGeometry {
        path: String,
        value: String,
    },
    /// An edit named an annotation the design does not have.
    UnknownAnnotation {
        id: String,
    },
    /// An arrow end was set on something that is not an arrow.
    NotAnArrow {
        id: String,
    },
}

/// A number as a reader writes it: `2,345`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for AnnotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnnotationError::TooMany { count } => write!(
                f,
                "`annotations`: {} annotations, a design holds at most {}",
                grouped(*count),
                MAX_ANNOTATIONS
            ),
            AnnotationError::TooLong {
                path,
                field,
                chars,
                max,
            } => write!(
                f,
                "`{path}`: the {field} has {} characters, at most {} are allowed",
                grouped(*chars),
                grouped(*max)
            ),
            AnnotationError::EmptyId { path } => write!(f, "`{path}`: an annotation id cannot be empty"),
            AnnotationError::DuplicateId { path, id } => write!(
                f,
                "`{path}`: the id `{id}` is already used by another annotation or a component"
            ),
            AnnotationError::UnknownEnd { path, id } => write!(
                f,
                "`{path}`: `{id}` is not a component, note or box of this design"
            ),
            AnnotationError::EndOnArrow { path, id } => write!(
                f,
                "`{path}`: `{id}` is an arrow; an arrow ends on a component, a note, a box or a point"
            ),
            AnnotationError::BadGeometry { path, value } => write!(
                f,
                "`{path}`: {value} is not a position or size on the canvas"
            ),
            AnnotationError::UnknownAnnotation { id } => {
                write!(f, "there is no annotation `{id}` in this design")
            }
            AnnotationError::NotAnArrow { id } => write!(f, "annotation `{id}` is not an arrow"),
        }
    }
}

impl std::error::Error for AnnotationError {}

/// An edit of the annotation layer, as the app's reducer and a live session's ops carry it.
/// Moving, resizing and deleting go through `edit::move_by`, `edit::resize` and
/// `edit::remove`, which handle annotations beside components.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationEdit {
    /// A new, empty note centred on a point.
    AddNote { x: f64, y: f64 },
    /// A new, unlabelled box centred on a point.
    AddBox { x: f64, y: f64 },
    /// A new arrow between two ends.
    AddArrow { from: End, to: End },
    /// A note's text, or a box's or an arrow's label.
    SetText { id: String, text: String },
    /// Moves one end of an arrow.
    SetEnd { id: String, which: Which, end: End },
}

fn path_of(index: usize, field: &str) -> String {
    if field.is_empty() {
        format!("annotations[{index}]")
    } else {
        format!("annotations[{index}].{field}")
    }
}

/// Ids an arrow end may attach to: the design's components and canvas boxes (layout keys and
/// network ids) and its notes and boxes.
fn attachable(design: &Design, id: &str) -> Result<(), bool> {
    if design.layout.contains_key(id)
        || design.network.component_ids().iter().any(|(c, _)| *c == id)
    {
        return Ok(());
    }
    match design.annotations.iter().find(|a| a.id == id) {
        Some(a) if a.rect().is_some() => Ok(()),
        Some(_) => Err(true),
        None => Err(false),
    }
}

fn check_len(
    path: String,
    field: &'static str,
    s: &str,
    max: usize,
) -> Result<(), AnnotationError> {
    let chars = s.chars().count();
    if chars > max {
        return Err(AnnotationError::TooLong {
            path,
            field,
            chars,
            max,
        });
    }
    Ok(())
}

fn sane(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_COORD
}

fn check_rect(path: String, r: &Rect) -> Result<(), AnnotationError> {
    if [r.x, r.y, r.w, r.h].iter().all(|v| sane(*v)) && r.w > 0.0 && r.h > 0.0 {
        return Ok(());
    }
    Err(AnnotationError::BadGeometry {
        path,
        value: format!("(x {}, y {}, w {}, h {})", r.x, r.y, r.w, r.h),
    })
}

fn check_end(design: &Design, path: String, end: &End) -> Result<(), AnnotationError> {
    match end {
        End::Point { x, y } if sane(*x) && sane(*y) => Ok(()),
        End::Point { x, y } => Err(AnnotationError::BadGeometry {
            path,
            value: format!("(x {x}, y {y})"),
        }),
        End::Attached(id) => match attachable(design, id) {
            Ok(()) => Ok(()),
            Err(true) => Err(AnnotationError::EndOnArrow {
                path: format!("{path}.id"),
                id: id.clone(),
            }),
            Err(false) => Err(AnnotationError::UnknownEnd {
                path: format!("{path}.id"),
                id: id.clone(),
            }),
        },
    }
}

fn check_one(design: &Design, index: usize, a: &Annotation) -> Result<(), AnnotationError> {
    if a.id.is_empty() {
        return Err(AnnotationError::EmptyId {
            path: path_of(index, "id"),
        });
    }
    check_len(path_of(index, "id"), "id", &a.id, MAX_ID)?;
    match &a.kind {
        AnnotationKind::Note { text, rect } => {
            check_len(path_of(index, "text"), "text", text, MAX_TEXT)?;
            check_rect(path_of(index, "rect"), rect)
        }
        AnnotationKind::Box { label, rect } => {
            check_len(path_of(index, "label"), "label", label, MAX_LABEL)?;
            check_rect(path_of(index, "rect"), rect)
        }
        AnnotationKind::Arrow { label, from, to } => {
            check_len(path_of(index, "label"), "label", label, MAX_LABEL)?;
            check_end(design, path_of(index, "from"), from)?;
            check_end(design, path_of(index, "to"), to)
        }
    }
}

/// Checks a design's annotations (see the module's invariants); the first problem found, in
/// list order.
pub fn validate(design: &Design) -> Result<(), AnnotationError> {
    let list = &design.annotations;
    if list.len() > MAX_ANNOTATIONS {
        return Err(AnnotationError::TooMany { count: list.len() });
    }
    let components: BTreeSet<&str> = design
        .layout
        .keys()
        .map(String::as_str)
        .chain(design.network.component_ids().into_iter().map(|(id, _)| id))
        .collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, a) in list.iter().enumerate() {
        check_one(design, i, a)?;
        if components.contains(a.id.as_str()) || !seen.insert(a.id.as_str()) {
            return Err(AnnotationError::DuplicateId {
                path: path_of(i, "id"),
                id: a.id.clone(),
            });
        }
    }
    Ok(())
}

/// The first `<stem>-<n>` that no annotation or component uses.
fn fresh_id(design: &Design, stem: &str) -> String {
    let components = design.network.component_ids();
    let used = |id: &str| {
        design.annotations.iter().any(|a| a.id == id)
            || design.layout.contains_key(id)
            || components.iter().any(|(c, _)| *c == id)
    };
    (1..)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !used(id))
        .unwrap_or_else(|| stem.to_string())
}

fn index_of(design: &Design, id: &str) -> Result<usize, AnnotationError> {
    design
        .annotations
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| AnnotationError::UnknownAnnotation { id: id.to_string() })
}

/// Whether `id` names an annotation of the design.
pub fn is_annotation(design: &Design, id: &str) -> bool {
    design.annotations.iter().any(|a| a.id == id)
}

fn centred(x: f64, y: f64, (w, h): (f64, f64)) -> Rect {
    Rect {
        x: x - w / 2.0,
        y: y - h / 2.0,
        w,
        h,
    }
}

/// Adds `a` if the layer still holds the rules with it; a refused one changes nothing.
fn push_checked(design: &mut Design, a: Annotation) -> Result<String, AnnotationError> {
    if design.annotations.len() >= MAX_ANNOTATIONS {
        return Err(AnnotationError::TooMany {
            count: design.annotations.len() + 1,
        });
    }
    let index = design.annotations.len();
    check_one(design, index, &a)?;
    let id = a.id.clone();
    design.annotations.push(a);
    Ok(id)
}

/// Applies one edit; returns the id of a new annotation. A refused edit changes nothing.
pub fn apply(
    design: &mut Design,
    edit: &AnnotationEdit,
) -> Result<Option<String>, AnnotationError> {
    match edit {
        AnnotationEdit::AddNote { x, y } => {
            let a = Annotation {
                id: fresh_id(design, "note"),
                kind: AnnotationKind::Note {
                    text: String::new(),
                    rect: centred(*x, *y, NOTE_SIZE),
                },
            };
            push_checked(design, a).map(Some)
        }
        AnnotationEdit::AddBox { x, y } => {
            let a = Annotation {
                id: fresh_id(design, "box"),
                kind: AnnotationKind::Box {
                    label: String::new(),
                    rect: centred(*x, *y, BOX_SIZE),
                },
            };
            push_checked(design, a).map(Some)
        }
        AnnotationEdit::AddArrow { from, to } => {
            let a = Annotation {
                id: fresh_id(design, "arrow"),
                kind: AnnotationKind::Arrow {
                    label: String::new(),
                    from: from.clone(),
                    to: to.clone(),
                },
            };
            push_checked(design, a).map(Some)
        }
        AnnotationEdit::SetText { id, text } => {
            let i = index_of(design, id)?;
            let (field, max) = match design.annotations[i].kind {
                AnnotationKind::Note { .. } => ("text", MAX_TEXT),
                _ => ("label", MAX_LABEL),
            };
            check_len(path_of(i, field), field, text, max)?;
            match &mut design.annotations[i].kind {
                AnnotationKind::Note { text: t, .. }
                | AnnotationKind::Box { label: t, .. }
                | AnnotationKind::Arrow { label: t, .. } => *t = text.clone(),
            }
            Ok(None)
        }
        AnnotationEdit::SetEnd { id, which, end } => {
            let i = index_of(design, id)?;
            if design.annotations[i].ends().is_none() {
                return Err(AnnotationError::NotAnArrow { id: id.clone() });
            }
            if *end == End::Attached(id.clone()) {
                return Err(AnnotationError::EndOnArrow {
                    path: format!("{}.id", path_of(i, which.key())),
                    id: id.clone(),
                });
            }
            check_end(design, path_of(i, which.key()), end)?;
            if let AnnotationKind::Arrow { from, to, .. } = &mut design.annotations[i].kind {
                match which {
                    Which::From => *from = end.clone(),
                    Which::To => *to = end.clone(),
                }
            }
            Ok(None)
        }
    }
}

/// Moves the annotations among `ids` by (dx, dy): a note's or box's rectangle, an arrow's free
/// ends (its attached ends follow what they are attached to). Other ids are left alone.
pub fn move_by(design: &mut Design, ids: &[String], dx: f64, dy: f64) {
    if !(sane(dx) && sane(dy)) {
        return;
    }
    for a in &mut design.annotations {
        if ids.contains(&a.id) {
            shift(a, dx, dy);
        }
    }
}

/// Moves one drawing: a rectangle, or an arrow's free ends.
fn shift(a: &mut Annotation, dx: f64, dy: f64) {
    if let Some(r) = a.rect_mut() {
        r.x += dx;
        r.y += dy;
    } else if let AnnotationKind::Arrow { from, to, .. } = &mut a.kind {
        for end in [from, to] {
            if let End::Point { x, y } = end {
                *x += dx;
                *y += dy;
            }
        }
    }
}

/// Resizes a note or a box, never below its smallest size; an arrow has no size (nothing
/// changes). `Err` when there is no such annotation.
pub fn resize(design: &mut Design, id: &str, w: f64, h: f64) -> Result<(), AnnotationError> {
    let i = index_of(design, id)?;
    let path = path_of(i, "rect");
    let a = &mut design.annotations[i];
    let min = match a.kind {
        AnnotationKind::Note { .. } => NOTE_MIN,
        AnnotationKind::Box { .. } => BOX_MIN,
        AnnotationKind::Arrow { .. } => return Ok(()),
    };
    if !(sane(w) && sane(h)) {
        return Err(AnnotationError::BadGeometry {
            path,
            value: format!("(w {w}, h {h})"),
        });
    }
    if let Some(r) = a.rect_mut() {
        r.w = w.max(min.0);
        r.h = h.max(min.1);
    }
    Ok(())
}

/// Copies a note, box or arrow beside itself (30 units right and down) with a fresh id; an
/// arrow's copy keeps its attached ends and moves its free ones. Returns the copy's id.
pub fn duplicate(design: &mut Design, id: &str) -> Result<String, AnnotationError> {
    let i = index_of(design, id)?;
    let mut copy = design.annotations[i].clone();
    copy.id = fresh_id(design, copy.kind.slug());
    shift(&mut copy, 30.0, 30.0);
    push_checked(design, copy)
}

/// Removes an annotation; arrows that ended on it keep that end as a free point where it was.
pub fn remove(design: &mut Design, id: &str) -> Result<(), AnnotationError> {
    let i = index_of(design, id)?;
    let before = design.clone();
    design.annotations.remove(i);
    detach_missing(&before, design);
    Ok(())
}

/// The centre of what an end is attached to, or the end's own point.
pub fn end_point(design: &Design, end: &End) -> Option<(f64, f64)> {
    match end {
        End::Point { x, y } => Some((*x, *y)),
        End::Attached(id) => target_rect(design, id).map(|r| (r.x + r.w / 2.0, r.y + r.h / 2.0)),
    }
}

/// The rectangle an attached end is drawn to: a component's layout entry, a note's or box's.
pub fn target_rect(design: &Design, id: &str) -> Option<Rect> {
    design.layout.get(id).copied().or_else(|| {
        design
            .annotations
            .iter()
            .find(|a| a.id == id)
            .and_then(Annotation::rect)
    })
}

/// After an edit from `before` to `after`: every arrow end attached to an id that `after` no
/// longer has (a deleted component, note or box) becomes a free point at the centre of where
/// that thing was in `before`. An end whose old place is unknown too stays at the point the
/// other end is (the arrow then draws as a dot, never as an error).
pub fn detach_missing(before: &Design, after: &mut Design) {
    if after.annotations.is_empty() {
        return;
    }
    let components: BTreeSet<String> = after
        .network
        .component_ids()
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    let live: BTreeSet<String> = after
        .annotations
        .iter()
        .filter(|a| a.rect().is_some())
        .map(|a| a.id.clone())
        .collect();
    let gone = |id: &String| {
        !after.layout.contains_key(id) && !components.contains(id) && !live.contains(id)
    };
    let mut fixes: Vec<(usize, Which, End)> = Vec::new();
    for (i, a) in after.annotations.iter().enumerate() {
        let Some((from, to)) = a.ends() else { continue };
        for (which, end, other) in [(Which::From, from, to), (Which::To, to, from)] {
            if let End::Attached(id) = end {
                if gone(id) {
                    let at = end_point(before, end)
                        .or_else(|| end_point(before, other))
                        .unwrap_or((0.0, 0.0));
                    fixes.push((i, which, End::Point { x: at.0, y: at.1 }));
                }
            }
        }
    }
    for (i, which, end) in fixes {
        if let AnnotationKind::Arrow { from, to, .. } = &mut after.annotations[i].kind {
            match which {
                Which::From => *from = end,
                Which::To => *to = end,
            }
        }
    }
}

/// Where an arrow is drawn: from the edge of what its start is attached to (or its point) to
/// the edge of what its end is attached to, so the head is not hidden under a tile. `None`
/// when an end cannot be placed (it refers to something the design does not have).
pub fn arrow_line(design: &Design, arrow: &Annotation) -> Option<((f64, f64), (f64, f64))> {
    let (from, to) = arrow.ends()?;
    let (a, b) = (end_point(design, from)?, end_point(design, to)?);
    let clip = |end: &End, centre: (f64, f64), toward: (f64, f64)| match end {
        End::Attached(id) => target_rect(design, id)
            .map(|r| edge_point(&r, centre, toward))
            .unwrap_or(centre),
        End::Point { .. } => centre,
    };
    Some((clip(from, a, b), clip(to, b, a)))
}

/// Where the segment from the centre of `r` toward `toward` leaves `r` (the centre itself when
/// `toward` is inside).
fn edge_point(r: &Rect, centre: (f64, f64), toward: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (toward.0 - centre.0, toward.1 - centre.1);
    let (hw, hh) = (r.w / 2.0, r.h / 2.0);
    if dx.abs() * hh <= f64::EPSILON && dy.abs() * hw <= f64::EPSILON {
        return centre;
    }
    // The fraction of (dx, dy) at which the segment meets the box's border.
    let tx = if dx == 0.0 {
        f64::INFINITY
    } else {
        hw / dx.abs()
    };
    let ty = if dy == 0.0 {
        f64::INFINITY
    } else {
        hh / dy.abs()
    };
    let t = tx.min(ty);
    if t >= 1.0 {
        return centre;
    }
    (centre.0 + dx * t, centre.1 + dy * t)
}

#[cfg(test)]
mod tests;
