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
    /// Zoom and pan so the whole design fits a canvas of this size (pixels), with a margin.
    FitToScreen { width: f64, height: f64 },
    DismissNotice,
}

/// The viewport that shows every shape in a `width`×`height` canvas, never zooming in
/// past 100 % (a tiny design stays readable at its natural size).
pub fn fit(shapes: &[crate::view::Shape], width: f64, height: f64) -> Viewport {
    const MARGIN: f64 = 48.0;
    let mut it = shapes.iter().map(|s| s.rect);
    let Some(first) = it.next() else { return Viewport::default() };
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for r in it {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h + 40.0); // leaf labels hang below their tile
    }
    let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let zoom = ((width - 2.0 * MARGIN) / w).min((height - 2.0 * MARGIN) / h).clamp(0.2, 1.0);
    Viewport { x: x0 - (width / zoom - w) / 2.0, y: y0 - (height / zoom - h) / 2.0, zoom }
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
            Action::FitToScreen { width, height } => next.viewport = fit(&next.doc.shapes, width, height),
            Action::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge;

    #[test]
    fn fit_to_screen_shows_every_shape_inside_the_canvas() {
        let doc = bridge::sample();
        let vp = fit(&doc.shapes, 800.0, 500.0);
        for s in &doc.shapes {
            let (sx, sy) = ((s.rect.x - vp.x) * vp.zoom, (s.rect.y - vp.y) * vp.zoom);
            let (ex, ey) = (sx + s.rect.w * vp.zoom, sy + s.rect.h * vp.zoom);
            assert!(sx >= 0.0 && sy >= 0.0 && ex <= 800.0 && ey <= 500.0, "{} is off screen: {sx},{sy}..{ex},{ey}", s.id);
        }
    }

    #[test]
    fn fit_to_screen_never_magnifies_a_small_design() {
        let doc = bridge::sample();
        assert_eq!(fit(&doc.shapes, 10_000.0, 10_000.0).zoom, 1.0);
    }

    #[test]
    fn a_refused_drop_leaves_the_design_unchanged_and_says_why() {
        let state = Rc::new(EditorState::new(bridge::sample(), Theme::Light));
        let next = state.clone().reduce(Action::Place { kind: ComponentKind::Database, x: 5000.0, y: 5000.0 });
        assert_eq!(next.doc, state.doc);
        assert!(next.notice.as_deref().unwrap_or("").contains("subnet"));
    }
}
