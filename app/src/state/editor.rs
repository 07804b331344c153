//! The editor's state: the document being edited, the selection, the viewport and the theme.

use std::rc::Rc;

use yew::Reducible;

use crate::bridge::{self, Document};
use crate::kind::ComponentKind;

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
        Viewport { x: -20.0, y: -20.0, zoom: 1.0 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EditorState {
    pub doc: Document,
    pub selected: Option<String>,
    /// A palette item chosen for click-to-place (the keyboard/accessible path to dropping).
    pub armed: Option<ComponentKind>,
    pub viewport: Viewport,
    pub theme: Theme,
    /// The last thing the editor refused or reported, shown as a toast on the canvas.
    pub notice: Option<String>,
}

impl EditorState {
    pub fn new(doc: Document, theme: Theme) -> Self {
        EditorState { doc, selected: None, armed: None, viewport: Viewport::default(), theme, notice: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Select(Option<String>),
    Arm(Option<ComponentKind>),
    /// Place a new component at a point in design coordinates.
    Place { kind: ComponentKind, x: f64, y: f64 },
    ToggleTheme,
    ZoomBy(f64),
    ResetView,
    DismissNotice,
}

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Select(id) => next.selected = id,
            Action::Arm(kind) => next.armed = if next.armed == kind { None } else { kind },
            Action::Place { kind, x, y } => {
                next.armed = None;
                match bridge::place(&mut next.doc, kind, x, y) {
                    Ok(id) => {
                        next.selected = Some(id);
                        next.notice = None;
                    }
                    Err(refusal) => next.notice = Some(refusal),
                }
            }
            Action::ToggleTheme => next.theme = next.theme.toggled(),
            Action::ZoomBy(factor) => {
                next.viewport.zoom = (next.viewport.zoom * factor).clamp(0.2, 4.0);
            }
            Action::ResetView => next.viewport = Viewport::default(),
            Action::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}
