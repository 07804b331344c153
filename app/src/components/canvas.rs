//! The SVG canvas: draws the design's shapes, takes drops from the palette, and turns
//! pointer gestures into editor actions: click to select, shift-click to add to the
//! selection, drag to move (one undo step per drag, snapped to the grid), drag on empty
//! space for a marquee, wheel to pan, ctrl/⌘-wheel or pinch to zoom. Coordinates are
//! converted from screen to design space here and nowhere else.

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::components::annotations::{self, LayerLook};
use crate::components::canvas_nav::{self, Dir, TraceMark};
use crate::components::palette::{ANNOTATION_PREFIX, DRAG_MIME};
use crate::i18n::{use_lang, Lang};
use crate::icons;
use crate::kind::ComponentKind;
use crate::state::editor::Viewport;
use crate::t;
use crate::view::{AnnotationShape, AnnotationTool, Rect, Shape};
use sim::network::annotation::{AnnotationEdit, End};

/// Labels are never drawn smaller than this many screen pixels: zoomed out, they grow in
/// design units up to twice their size, then the canvas drops detail instead.
pub const MIN_LABEL_PX: f64 = 9.0;
const MAX_LABEL_SCALE: f64 = 2.0;
const LEAF_LABEL: f64 = 12.0;

/// How much the canvas draws at a zoom (level of detail): every label; the main labels only
/// (kept readable); icons without labels; plain boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lod {
    Full,
    Labels,
    Icons,
    Boxes,
}

impl Lod {
    pub fn at(zoom: f64) -> Lod {
        let px = LEAF_LABEL * zoom;
        if px >= MIN_LABEL_PX {
            Lod::Full
        } else if px * MAX_LABEL_SCALE >= MIN_LABEL_PX {
            Lod::Labels
        } else if zoom >= 0.2 {
            Lod::Icons
        } else {
            Lod::Boxes
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Lod::Full => "full",
            Lod::Labels => "labels",
            Lod::Icons => "icons",
            Lod::Boxes => "boxes",
        }
    }
}

/// The factor labels are scaled by (in design units) so they stay at least MIN_LABEL_PX.
fn label_scale(zoom: f64, font: f64, max: f64) -> f64 {
    (MIN_LABEL_PX / (font * zoom)).clamp(1.0, max)
}

/// Moves snap to this grid (design units); the background grid has the same pitch.
pub const GRID: f64 = 20.0;

/// A shared list of shapes compared by pointer, so unchanged layers skip re-rendering.
#[derive(Clone)]
pub struct Shapes(pub Rc<Vec<Shape>>);

impl PartialEq for Shapes {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The annotation layer's drawings, compared by pointer like [`Shapes`].
#[derive(Clone)]
pub struct Annotations(pub Rc<Vec<AnnotationShape>>);

impl PartialEq for Annotations {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One hop of a packet trace, placed on the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct TracePoint {
    pub anchor: String,
    /// The component that decided the hop (a route table or network ACL id for those hops).
    pub component: String,
    pub x: f64,
    pub y: f64,
    pub bad: bool,
    pub skip: bool,
    pub ret: bool,
    /// After a blocker: the path as if the blocker were fixed.
    pub after: bool,
}

/// A packet trace drawn over the design: the path so far, the packet, lit components.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceOverlay {
    pub points: Vec<TracePoint>,
    pub step: usize,
    pub internet: Option<(f64, f64)>,
    /// Components that block the flow: they pulse.
    pub blocked: Vec<String>,
}

/// The ALB the AWS Load Balancer Controller would create for an `alb` Ingress, drawn dashed in
/// its subnets when the design has no such component (a trace through the Ingress passes it).
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedAlb {
    /// The load balancer's id in the cluster network (`k8s-alb-NS-NAME`).
    pub id: String,
    /// The Ingress (`NS/NAME`).
    pub ingress: String,
    /// One box (x, y, w, h) per subnet it is placed in; a trace's hop is drawn at the first.
    pub boxes: Vec<(f64, f64, f64, f64)>,
}

/// One Kubernetes node of the simulated cluster, drawn on its instance's tile.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeMark {
    /// The instance (shape) id the node runs on.
    pub anchor: String,
    pub name: String,
    pub ready: bool,
    pub cordoned: bool,
    /// CPU requested / allocatable, 0–100.
    pub cpu_pct: f64,
    /// (pod name, CSS status class) per pod bound to the node.
    pub pods: Vec<(String, &'static str)>,
}

/// The cluster at the cluster view's current time, over the network's Kubernetes nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterOverlay {
    pub nodes: Vec<NodeMark>,
    /// Services with the pods they select, drawn as a badge joined to those pods.
    pub services: Vec<ServiceMark>,
    /// Pods to highlight (`namespace/name`): those of the NetworkPolicy the cluster view shows.
    pub highlighted: Vec<String>,
    /// Bound EBS volumes, drawn in their availability zone with a line to the pod using them.
    pub volumes: Vec<VolumeMark>,
}

/// A bound volume on the canvas: where it lives and who uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeMark {
    /// The claim, `namespace/name`.
    pub claim: String,
    pub volume: String,
    pub zone: String,
    /// The pod (`namespace/name`) using it now; none while its pod is Pending or gone.
    pub pod: Option<String>,
    /// The accessible title, worded by the cluster view.
    pub title: String,
}

/// A Service on the canvas: its badge and the pods (`namespace/name`) it selects.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceMark {
    pub key: String,
    /// The badge's accessible title, worded by the cluster view.
    pub title: String,
    pub pods: Vec<String>,
}

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub shapes: Shapes,
    /// Lines between shapes (transit gateway attachments, VPN tunnels).
    #[prop_or_default]
    pub links: Rc<Vec<crate::view::Link>>,
    pub selection: Vec<String>,
    /// Components to draw attention to (lint targets, trace hops), by id.
    #[prop_or_default]
    pub highlighted: Vec<String>,
    #[prop_or_default]
    pub trace: Option<TraceOverlay>,
    /// The Ingresses' ALBs that are not design components.
    #[prop_or_default]
    pub planned_albs: Rc<Vec<PlannedAlb>>,
    /// Pods and node conditions from the cluster view, drawn on Kubernetes node tiles.
    #[prop_or_default]
    pub cluster: Option<ClusterOverlay>,
    /// Picking a trace endpoint: clicks choose, they do not select or move.
    #[prop_or_default]
    pub picking: bool,
    pub armed: Option<ComponentKind>,
    pub viewport: Viewport,
    pub notice: Option<String>,
    pub read_only: bool,
    pub on_select: Callback<Option<String>>,
    pub on_toggle_select: Callback<String>,
    pub on_select_many: Callback<Vec<String>>,
    pub on_place: Callback<(ComponentKind, f64, f64)>,
    pub on_move: Callback<(f64, f64)>,
    /// Resize a container: (id, new width, new height) in design units.
    pub on_resize: Callback<(String, f64, f64)>,
    pub on_zoom: Callback<f64>,
    pub on_pan: Callback<(f64, f64)>,
    pub on_reset_view: Callback<()>,
    /// Asks for the viewport that fits the design into the canvas (width, height in pixels).
    pub on_fit: Callback<(f64, f64)>,
    pub on_dismiss_notice: Callback<()>,
    /// Replaying the design's history: where in it (shown over the canvas), and the way back.
    #[prop_or_default]
    pub replaying: Option<String>,
    #[prop_or_default]
    pub on_back_to_now: Callback<()>,
    /// Opens the scenario picker (from the empty state).
    #[prop_or_default]
    pub on_open_scenarios: Callback<()>,
    /// Notes, boxes and arrows, drawn above the network.
    pub annotations: Annotations,
    /// The Annotate tool in use, and where an arrow's start was picked.
    #[prop_or_default]
    pub annotating: Option<AnnotationTool>,
    #[prop_or_default]
    pub arrow_start: Option<(f64, f64)>,
    /// Add a note or a box (a click with the tool, or a drop from the palette).
    pub on_annotate: Callback<AnnotationEdit>,
    /// With the arrow tool: a click picks the arrow's start, then its end.
    pub on_pick_end: Callback<End>,
    /// An arrow dropped from the palette: its start is where it was dropped.
    pub on_start_arrow: Callback<End>,
}

/// Screen point → design point, given the canvas element and the viewport.
fn to_design(
    svg: &NodeRef,
    viewport: Viewport,
    client_x: i32,
    client_y: i32,
) -> Option<(f64, f64)> {
    let el = svg.cast::<Element>()?;
    let r = el.get_bounding_client_rect();
    Some((
        (client_x as f64 - r.left()) / viewport.zoom + viewport.x,
        (client_y as f64 - r.top()) / viewport.zoom + viewport.y,
    ))
}

fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    None,
    /// Dragging the selection: where the pointer went down, and where it is now (design units).
    Moving {
        from: (f64, f64),
        to: (f64, f64),
    },
    Marquee {
        from: (f64, f64),
        to: (f64, f64),
    },
    /// Dragging a container's resize handle.
    Resizing {
        id: String,
        from: (f64, f64),
        to: (f64, f64),
        w: f64,
        h: f64,
    },
    Panning {
        last: (i32, i32),
    },
}

/// Is `shape` inside (or equal to) one of `roots`, following parent links?
fn under(shape: &Shape, roots: &BTreeSet<String>, shapes: &[Shape]) -> bool {
    let mut cur = Some(shape);
    let mut hops = 0;
    while let Some(s) = cur {
        if roots.contains(&s.id) {
            return true;
        }
        hops += 1;
        if hops > 16 {
            return false;
        }
        cur = s
            .parent
            .as_deref()
            .and_then(|p| shapes.iter().find(|x| x.id == p));
    }
    false
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let lang = use_lang();
    let svg_ref = use_node_ref();
    let minimap_ref = use_node_ref();
    let drag_over = use_state(|| false);
    let gesture = use_state(|| Gesture::None);
    // The shape holding the canvas's one tab stop (roving tabindex): the last one focused.
    let current = use_state(|| None::<String>);
    let vp = props.viewport;

    // Fit the design to the canvas once it has a size, so a loaded design is never cropped.
    {
        let svg_ref = svg_ref.clone();
        let on_fit = props.on_fit.clone();
        use_effect_with((), move |_| {
            if let Some(el) = svg_ref.cast::<Element>() {
                on_fit.emit((el.client_width() as f64, el.client_height() as f64));
            }
        });
    }
    let fit_click = {
        let svg_ref = svg_ref.clone();
        let on_fit = props.on_fit.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = svg_ref.cast::<Element>() {
                on_fit.emit((el.client_width() as f64, el.client_height() as f64));
            }
        })
    };

    let ondragover = {
        let drag_over = drag_over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !*drag_over {
                drag_over.set(true);
            }
        })
    };
    let ondragleave = {
        let drag_over = drag_over.clone();
        Callback::from(move |_: DragEvent| drag_over.set(false))
    };
    let ondrop = {
        let svg_ref = svg_ref.clone();
        let on_place = props.on_place.clone();
        let on_annotate = props.on_annotate.clone();
        let on_start_arrow = props.on_start_arrow.clone();
        let drag_over = drag_over.clone();
        let (shapes, notes) = (props.shapes.0.clone(), props.annotations.0.clone());
        let read_only = props.read_only;
        Callback::from(move |e: DragEvent| {
            drag_over.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let payload = dt.get_data(DRAG_MIME).unwrap_or_default();
            if let Some(tool) = payload
                .strip_prefix(ANNOTATION_PREFIX)
                .and_then(AnnotationTool::from_slug)
            {
                e.prevent_default();
                e.stop_propagation();
                let Some((x, y)) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) else {
                    return;
                };
                if read_only {
                    return;
                }
                let (x, y) = (snap(x), snap(y));
                match tool {
                    AnnotationTool::Note => on_annotate.emit(AnnotationEdit::AddNote { x, y }),
                    AnnotationTool::Box => on_annotate.emit(AnnotationEdit::AddBox { x, y }),
                    AnnotationTool::Arrow => {
                        let target = e.target_dyn_into::<Element>();
                        on_start_arrow.emit(end_at(target, &shapes, &notes, (x, y)))
                    }
                }
                return;
            }
            // Files dropped on the canvas are handled by the app shell (open a design).
            let Some(kind) = ComponentKind::from_slug(&payload) else {
                return;
            };
            e.prevent_default();
            e.stop_propagation();
            if let Some((x, y)) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                on_place.emit((kind, x, y));
            }
        })
    };

    let onpointerdown = {
        let svg_ref = svg_ref.clone();
        let gesture = gesture.clone();
        let on_place = props.on_place.clone();
        let on_select = props.on_select.clone();
        let on_toggle = props.on_toggle_select.clone();
        let shapes = props.shapes.0.clone();
        let notes = props.annotations.0.clone();
        let selection = props.selection.clone();
        let armed = props.armed;
        let annotating = props.annotating.filter(|_| !props.read_only);
        let on_annotate = props.on_annotate.clone();
        let on_pick_end = props.on_pick_end.clone();
        let read_only = props.read_only || props.picking;
        let current = current.clone();
        Callback::from(move |e: PointerEvent| {
            let Some((x, y)) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) else {
                return;
            };
            if e.button() == 1 {
                gesture.set(Gesture::Panning {
                    last: (e.client_x(), e.client_y()),
                });
                return;
            }
            if e.button() != 0 {
                return;
            }
            if let Some(kind) = armed {
                on_place.emit((kind, x, y));
                return;
            }
            match annotating {
                Some(AnnotationTool::Note) => {
                    on_annotate.emit(AnnotationEdit::AddNote {
                        x: snap(x),
                        y: snap(y),
                    });
                    return;
                }
                Some(AnnotationTool::Box) => {
                    on_annotate.emit(AnnotationEdit::AddBox {
                        x: snap(x),
                        y: snap(y),
                    });
                    return;
                }
                Some(AnnotationTool::Arrow) => {
                    let target = e.target_dyn_into::<Element>();
                    on_pick_end.emit(end_at(target, &shapes, &notes, (snap(x), snap(y))));
                    return;
                }
                None => {}
            }
            if let Some(el) = svg_ref.cast::<Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            let target = e.target_dyn_into::<Element>();
            if let Some(id) = target.as_ref().and_then(|t| t.get_attribute("data-resize")) {
                let rect = shapes
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.rect)
                    .or_else(|| notes.iter().find(|a| a.id == id).map(|a| a.rect));
                if let Some(r) = rect.filter(|_| !read_only) {
                    gesture.set(Gesture::Resizing {
                        id,
                        from: (x, y),
                        to: (x, y),
                        w: r.w,
                        h: r.h,
                    });
                    return;
                }
            }
            // The shape hit is the one found by the event target's data-id.
            let hit = e
                .target_dyn_into::<Element>()
                .and_then(|t| t.closest("[data-id]").ok().flatten())
                .and_then(|g| g.get_attribute("data-id"))
                .filter(|id| {
                    shapes.iter().any(|s| &s.id == id) || notes.iter().any(|a| &a.id == id)
                });
            match hit {
                Some(id) => {
                    if current.as_deref() != Some(id.as_str()) {
                        current.set(Some(id.clone()));
                    }
                    if e.shift_key() {
                        on_toggle.emit(id);
                        return;
                    }
                    if !selection.contains(&id) {
                        on_select.emit(Some(id));
                    }
                    if !read_only {
                        gesture.set(Gesture::Moving {
                            from: (x, y),
                            to: (x, y),
                        });
                    }
                }
                None => gesture.set(Gesture::Marquee {
                    from: (x, y),
                    to: (x, y),
                }),
            }
        })
    };
    let onpointermove = {
        let svg_ref = svg_ref.clone();
        let gesture = gesture.clone();
        let on_pan = props.on_pan.clone();
        Callback::from(move |e: PointerEvent| match &*gesture {
            Gesture::None => {}
            Gesture::Panning { last } => {
                let (dx, dy) = (
                    (last.0 - e.client_x()) as f64 / vp.zoom,
                    (last.1 - e.client_y()) as f64 / vp.zoom,
                );
                on_pan.emit((dx, dy));
                gesture.set(Gesture::Panning {
                    last: (e.client_x(), e.client_y()),
                });
            }
            Gesture::Moving { from, .. } => {
                if let Some(p) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                    gesture.set(Gesture::Moving { from: *from, to: p });
                }
            }
            Gesture::Marquee { from, .. } => {
                if let Some(p) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                    gesture.set(Gesture::Marquee { from: *from, to: p });
                }
            }
            Gesture::Resizing { id, from, w, h, .. } => {
                if let Some(p) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                    gesture.set(Gesture::Resizing {
                        id: id.clone(),
                        from: *from,
                        to: p,
                        w: *w,
                        h: *h,
                    });
                }
            }
        })
    };
    let onpointerup = {
        let gesture = gesture.clone();
        let on_move = props.on_move.clone();
        let on_resize = props.on_resize.clone();
        let on_select = props.on_select.clone();
        let on_select_many = props.on_select_many.clone();
        let shapes = props.shapes.0.clone();
        let notes = props.annotations.0.clone();
        Callback::from(move |_: PointerEvent| {
            match &*gesture {
                Gesture::Moving { from, to } => {
                    let (dx, dy) = (snap(to.0 - from.0), snap(to.1 - from.1));
                    if dx != 0.0 || dy != 0.0 {
                        on_move.emit((dx, dy));
                    }
                }
                Gesture::Resizing { id, from, to, w, h } => {
                    let (nw, nh) = (
                        snap(w + to.0 - from.0).max(GRID),
                        snap(h + to.1 - from.1).max(GRID),
                    );
                    if nw != *w || nh != *h {
                        on_resize.emit((id.clone(), nw, nh));
                    }
                }
                Gesture::Marquee { from, to } => {
                    let r = Rect {
                        x: from.0.min(to.0),
                        y: from.1.min(to.1),
                        w: (to.0 - from.0).abs(),
                        h: (to.1 - from.1).abs(),
                    };
                    if r.w < 4.0 && r.h < 4.0 {
                        on_select.emit(None);
                    } else {
                        let within =
                            |q: &Rect| r.contains(q.x, q.y) && r.contains(q.x + q.w, q.y + q.h);
                        let inside: Vec<String> = shapes
                            .iter()
                            .filter(|s| within(&s.rect))
                            .map(|s| s.id.clone())
                            .chain(
                                notes
                                    .iter()
                                    .filter(|a| within(&a.rect))
                                    .map(|a| a.id.clone()),
                            )
                            .collect();
                        on_select_many.emit(inside);
                    }
                }
                _ => {}
            }
            gesture.set(Gesture::None);
        })
    };
    // Wheel: Yew's own wheel listeners are passive and cannot stop the page from scrolling,
    // so this one is attached natively with preventDefault enabled.
    {
        let svg_ref = svg_ref.clone();
        let on_zoom = props.on_zoom.clone();
        let on_pan = props.on_pan.clone();
        let zoom = vp.zoom;
        use_effect_with((svg_ref, zoom), move |(svg_ref, zoom)| {
            let zoom = *zoom;
            let listener = svg_ref.cast::<Element>().map(|el| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&el, "wheel", options, move |e| {
                    let Some(e) = e.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    e.prevent_default();
                    if e.ctrl_key() || e.meta_key() {
                        // Pinch on a trackpad arrives as ctrl+wheel.
                        on_zoom.emit((-e.delta_y() * 0.002).exp());
                    } else {
                        on_pan.emit((e.delta_x() / zoom, e.delta_y() / zoom));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The keyboard on the canvas: arrows between the shapes of one container, Enter selects
    // a shape and goes into a container, Escape goes out to the container (the app's own
    // Escape then clears the selection). Shift or Alt with an arrow nudges the selection
    // (the app's shortcut), so those are left alone.
    // A shape to focus once the next render is on screen (the keys that move focus also
    // change the selection, which re-renders).
    let pending_focus = use_mut_ref(|| None::<String>);
    {
        let (svg_ref, pending_focus) = (svg_ref.clone(), pending_focus.clone());
        use_effect(move || {
            if let Some(id) = pending_focus.borrow_mut().take() {
                // Only when focus was lost to the page or is still on the canvas: never
                // taken back from a control the user went to meanwhile.
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element());
                let svg = svg_ref.cast::<Element>();
                let ours = active.as_ref().is_none_or(|a| {
                    a.tag_name() == "BODY" || svg.as_ref().is_some_and(|s| s.contains(Some(a)))
                });
                if ours {
                    focus_in(&svg_ref, &id);
                }
            }
        });
    }
    let focus_shape = {
        let (svg_ref, pending_focus) = (svg_ref.clone(), pending_focus.clone());
        move |id: &str| {
            *pending_focus.borrow_mut() = Some(id.to_string());
            focus_in(&svg_ref, id);
        }
    };
    let onkeydown = {
        let shapes = props.shapes.0.clone();
        let notes = props.annotations.0.clone();
        let on_select = props.on_select.clone();
        let armed = props.armed;
        let annotating = props.annotating;
        let focus_shape = focus_shape.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(id) = e
                .target_dyn_into::<Element>()
                .and_then(|t| t.get_attribute("data-id"))
            else {
                return;
            };
            let plain = !(e.shift_key() || e.alt_key() || e.ctrl_key() || e.meta_key());
            let key = e.key();
            // The annotations come after the top level of the network: an arrow key walks
            // them in order, and steps back out to the network past the first one.
            if notes.iter().any(|a| a.id == id) {
                let dir = Dir::of_key(&key).filter(|_| plain);
                if let Some(dir) = dir {
                    e.prevent_default();
                    e.stop_propagation();
                    let forward = matches!(dir, Dir::Right | Dir::Down);
                    match annotations::neighbour(&notes, &id, forward) {
                        Some(to) => focus_shape(&to.id),
                        None if !forward => {
                            if let Some(s) = canvas_nav::children(&shapes, None).last() {
                                focus_shape(&s.id);
                            }
                        }
                        None => {}
                    }
                } else if matches!(key.as_str(), "Enter" | " ")
                    && plain
                    && armed.is_none()
                    && annotating.is_none()
                {
                    e.prevent_default();
                    e.stop_propagation();
                    on_select.emit(Some(id.clone()));
                }
                return;
            }
            let Some(from) = shapes.iter().find(|s| s.id == id) else {
                return;
            };
            if let (Some(dir), true) = (Dir::of_key(&key), plain) {
                e.prevent_default();
                e.stop_propagation();
                match canvas_nav::neighbour(&shapes, from, dir) {
                    Some(to) => focus_shape(&to.id),
                    None if from.parent.is_none() && matches!(dir, Dir::Right | Dir::Down) => {
                        if let Some(first) = notes.first() {
                            focus_shape(&first.id);
                        }
                    }
                    None => {}
                }
                return;
            }
            match key.as_str() {
                "Enter" | " " if plain && armed.is_none() && annotating.is_none() => {
                    e.prevent_default();
                    e.stop_propagation();
                    on_select.emit(Some(id.clone()));
                    if let Some(first) = canvas_nav::children(&shapes, Some(&id)).first() {
                        focus_shape(&first.id);
                    }
                }
                "Escape" => {
                    if let Some(p) = canvas_nav::parent_of(&shapes, from) {
                        focus_shape(&p.id);
                    }
                }
                _ => {}
            }
        })
    };
    let onfocusin = {
        let current = current.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(id) = e
                .target_dyn_into::<Element>()
                .and_then(|t| t.get_attribute("data-id"))
            {
                if current.as_deref() != Some(id.as_str()) {
                    current.set(Some(id));
                }
            }
        })
    };

    // What moves while dragging: the selection and everything drawn inside it.
    let shapes = &props.shapes.0;
    let notes = &props.annotations.0;
    let (offset, moving): ((f64, f64), BTreeSet<String>) = match &*gesture {
        Gesture::Moving { from, to } => {
            let roots: BTreeSet<String> = props.selection.iter().cloned().collect();
            (
                (snap(to.0 - from.0), snap(to.1 - from.1)),
                shapes
                    .iter()
                    .filter(|s| under(s, &roots, shapes))
                    .map(|s| s.id.clone())
                    .chain(
                        notes
                            .iter()
                            .filter(|a| roots.contains(&a.id))
                            .map(|a| a.id.clone()),
                    )
                    .collect(),
            )
        }
        _ => ((0.0, 0.0), BTreeSet::new()),
    };
    let selected: BTreeSet<&str> = props.selection.iter().map(String::as_str).collect();
    let highlighted: BTreeSet<&str> = props.highlighted.iter().map(String::as_str).collect();
    // Trace lighting: every component the packet has reached so far, green or red.
    let mut lit: std::collections::BTreeMap<&str, &'static str> = std::collections::BTreeMap::new();
    if let Some(t) = &props.trace {
        for p in t.points.iter().take(t.step + 1) {
            let class = if p.bad { "trace-bad" } else { "trace-ok" };
            let e = lit.entry(p.anchor.as_str()).or_insert(class);
            if p.bad {
                *e = "trace-bad";
            }
        }
        if t.step + 1 >= t.points.len() {
            for b in &t.blocked {
                lit.insert(b.as_str(), "trace-bad pulse");
            }
        }
    }

    // A subnet's route table / ACL badge lights red once the packet reached a hop that this
    // table or ACL blocked in that subnet (the hop is anchored on the subnet or inside it).
    let mut lit_policies: BTreeSet<(String, String)> = BTreeSet::new();
    if let Some(t) = &props.trace {
        for p in t.points.iter().take(t.step + 1).filter(|p| p.bad) {
            let mut cur = shapes.iter().find(|s| s.id == p.anchor);
            let mut hops = 0;
            while let Some(s) = cur {
                if s.kind == ComponentKind::Subnet {
                    lit_policies.insert((s.id.clone(), p.component.clone()));
                    break;
                }
                hops += 1;
                if hops > 16 {
                    break;
                }
                cur = s
                    .parent
                    .as_deref()
                    .and_then(|id| shapes.iter().find(|x| x.id == id));
            }
        }
    }
    let lod = Lod::at(vp.zoom);

    // Containers first (largest underneath), then leaves on top.
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&shapes[a], &shapes[b]);
        b.kind
            .is_container()
            .cmp(&a.kind.is_container())
            .then(b.rect.area().total_cmp(&a.rect.area()))
    });
    let stop = current
        .as_deref()
        .filter(|id| shapes.iter().any(|s| s.id == *id) || notes.iter().any(|a| a.id == *id))
        .map(str::to_string)
        .or_else(|| canvas_nav::first_stop(shapes).map(|s| s.id.clone()))
        .or_else(|| notes.first().map(|a| a.id.clone()));
    let inside = canvas_nav::child_counts(shapes);
    let keys = shape_keys(shapes);
    let draw = |&ix: &usize| {
        let s = &shapes[ix];
        let lit = lit.get(s.id.as_str()).copied();
        let blocked: Vec<String> = lit_policies
            .iter()
            .filter(|(sid, _)| *sid == s.id)
            .map(|(_, p)| p.clone())
            .collect();
        html! {
            <ShapeNode key={keys[ix].clone()} shapes={props.shapes.0.clone()} {ix}
                selected={selected.contains(s.id.as_str())}
                highlighted={highlighted.contains(s.id.as_str())}
                {lit}
                tab_stop={stop.as_deref() == Some(s.id.as_str())}
                inside={inside.get(s.id.as_str()).copied().unwrap_or(0)}
                {blocked} {lod} zoom={vp.zoom} {lang} />
        }
    };
    let still: Html = order
        .iter()
        .filter(|&&i| !moving.contains(&shapes[i].id))
        .map(draw)
        .collect();
    let moved: Html = order
        .iter()
        .filter(|&&i| moving.contains(&shapes[i].id))
        .map(draw)
        .collect();

    // The resize handle and the marquee are always one element each (empty when unused): a
    // child appearing before the shapes' layers would make Yew rebuild every shape, and a
    // focused shape would lose focus.
    let handle = match (props.selection.as_slice(), props.read_only) {
        ([one], false) => shapes.iter().find(|s| &s.id == one && s.kind.is_container()).map(|s| {
            let (w, h) = match &*gesture {
                Gesture::Resizing { id, from, to, w, h } if id == one => ((w + to.0 - from.0).max(GRID), (h + to.1 - from.1).max(GRID)),
                _ => (s.rect.w, s.rect.h),
            };
            html! {
                <g class="resize">
                    if matches!(&*gesture, Gesture::Resizing { .. }) {
                        <rect class="resize-preview" x={s.rect.x.to_string()} y={s.rect.y.to_string()} width={w.to_string()} height={h.to_string()} rx="10" />
                    }
                    <rect class="resize-handle" data-resize={s.id.clone()} data-testid="resize-handle" x={(s.rect.x + w - 7.0).to_string()} y={(s.rect.y + h - 7.0).to_string()} width="14" height="14" rx="3" />
                </g>
            }
        }),
        _ => None,
    }
    .or_else(|| match (props.selection.as_slice(), props.read_only) {
        // A note or a box is resized like a container, from its bottom-right corner.
        ([one], false) => notes.iter().find(|a| &a.id == one && a.tool != AnnotationTool::Arrow).map(|a| {
            let (w, h) = match &*gesture {
                Gesture::Resizing { id, from, to, w, h } if id == one => ((w + to.0 - from.0).max(GRID), (h + to.1 - from.1).max(GRID)),
                _ => (a.rect.w, a.rect.h),
            };
            html! {
                <g class="resize">
                    if matches!(&*gesture, Gesture::Resizing { .. }) {
                        <rect class="resize-preview" x={a.rect.x.to_string()} y={a.rect.y.to_string()} width={w.to_string()} height={h.to_string()} rx="6" />
                    }
                    <rect class="resize-handle" data-resize={a.id.clone()} data-testid="resize-handle" x={(a.rect.x + w - 7.0).to_string()} y={(a.rect.y + h - 7.0).to_string()} width="14" height="14" rx="3" />
                </g>
            }
        }),
        _ => None,
    })
    .unwrap_or_else(|| html! { <g class="resize" /> });
    let marquee = match &*gesture {
        Gesture::Marquee { from, to } => html! {
            <rect class="marquee" x={from.0.min(to.0).to_string()} y={from.1.min(to.1).to_string()}
                width={(to.0 - from.0).abs().to_string()} height={(to.1 - from.1).abs().to_string()} />
        },
        _ => html! { <g class="marquee-none" /> },
    };

    let transform = format!(
        "translate({} {}) scale({})",
        -vp.x * vp.zoom,
        -vp.y * vp.zoom,
        vp.zoom
    );
    let zoom_in = props.on_zoom.reform(|_: MouseEvent| 1.2);
    let zoom_out = props.on_zoom.reform(|_: MouseEvent| 1.0 / 1.2);
    let reset = props.on_reset_view.reform(|_: MouseEvent| ());
    let dismiss = props.on_dismiss_notice.reform(|_: MouseEvent| ());
    let empty = shapes.is_empty() && notes.is_empty();
    let minimap = {
        let size = svg_ref
            .cast::<Element>()
            .map(|el| (el.client_width() as f64, el.client_height() as f64))
            .filter(|(w, h)| *w > 0.0 && *h > 0.0)
            .unwrap_or((1000.0, 600.0));
        minimap(
            lang,
            shapes,
            vp,
            size,
            minimap_ref.clone(),
            props.on_pan.clone(),
        )
    };

    html! {
        <main class="canvas-wrap" id="canvas">
            <svg
                ref={svg_ref}
                class={classes!("canvas", drag_over.then_some("drop-target"), (props.armed.is_some() || props.annotating.is_some()).then_some("placing"), format!("lod-{}", lod.slug()))}
                data-annotating={props.annotating.map(|t| t.slug())}
                data-testid="canvas"
                data-zoom={format!("{:.3}", vp.zoom)}
                data-lod={lod.slug()}
                role="application"
                aria-label={t!(lang, "canvas-label")}
                aria-roledescription={t!(lang, "canvas-roledescription")}
                aria-describedby="canvas-keys"
                xmlns="http://www.w3.org/2000/svg"
                {ondragover} {ondragleave} {ondrop} {onpointerdown} {onpointermove} {onpointerup} {onkeydown} {onfocusin}
            >
                <defs>
                    <pattern id="grid" width={GRID.to_string()} height={GRID.to_string()} patternUnits="userSpaceOnUse">
                        <path d="M20 0H0V20" fill="none" stroke="var(--grid)" stroke-width="1" />
                    </pattern>
                    <marker id="annotation-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M0 0L10 5L0 10z" class="arrowhead" />
                    </marker>
                </defs>
                <g class="viewport" transform={transform}>
                    <rect class="grid-bg" x="-20000" y="-20000" width="40000" height="40000" fill="url(#grid)" />
                    { super::canvas_transit::links_layer(&props.links, &lit) }
                    <g class="layer-still">{ still }</g>
                    <g class="layer-moving" transform={format!("translate({} {})", offset.0, offset.1)}>{ moved }</g>
                    { annotations::layer(lang, notes, &LayerLook {
                        selected: &selected,
                        stop: stop.as_deref(),
                        moving: &moving,
                        offset,
                        arrow_start: props.arrow_start,
                    }) }
                    { marquee }
                    { handle }
                    { planned_alb_layer(lang, &props.planned_albs, &lit) }
                    { trace_layer(lang, props.trace.as_ref()) }
                    { cluster_layer(props.cluster.as_ref(), shapes) }
                </g>
            </svg>
            <p id="canvas-keys" class="sr-only">{t!(lang, "canvas-keys")}</p>
            if empty {
                <div class="canvas-empty" data-testid="canvas-empty">
                    <p class="big">{t!(lang, "canvas-empty-title")}</p>
                    <p>{t!(lang, "canvas-empty-text")}</p>
                    <button type="button" class="btn primary" data-testid="empty-scenarios" onclick={props.on_open_scenarios.reform(|_: MouseEvent| ())}>{t!(lang, "canvas-empty-scenarios")}</button>
                </div>
            }
            if let Some(at) = &props.replaying {
                <div class="replay-banner" role="status" data-testid="replay-banner">
                    <span>{t!(lang, "canvas-replaying", position = at.as_str())}</span>
                    <button type="button" class="btn small primary" data-testid="replay-back-to-now" onclick={props.on_back_to_now.reform(|_: MouseEvent| ())}>{t!(lang, "canvas-back-to-now")}</button>
                </div>
            }
            if let Some(notice) = &props.notice {
                <div class="canvas-toast" role="status" aria-live="polite" data-testid="canvas-notice" onclick={dismiss}>{notice.clone()}</div>
            }
            { for minimap }
            <div class="canvas-toolbar" role="toolbar" aria-label={t!(lang, "canvas-toolbar")}>
                <button type="button" class="btn icon-only" title={t!(lang, "canvas-zoom-out-title")} aria-label={t!(lang, "canvas-zoom-out")} onclick={zoom_out}>{"−"}</button>
                <button type="button" class="btn" title={t!(lang, "canvas-zoom-reset-title")} aria-label={t!(lang, "canvas-zoom-reset", percent = format!("{:.0}", vp.zoom * 100.0))} data-testid="zoom-level" onclick={reset}>{format!("{:.0}%", vp.zoom * 100.0)}</button>
                <button type="button" class="btn icon-only" title={t!(lang, "canvas-zoom-in-title")} aria-label={t!(lang, "canvas-zoom-in")} onclick={zoom_in}>{"+"}</button>
                <button type="button" class="btn" title={t!(lang, "canvas-fit-title")} data-testid="fit-to-screen" onclick={fit_click}>{t!(lang, "canvas-fit")}</button>
            </div>
        </main>
    }
}

/// Where an arrow end picked at `at` is: on the component, note or box whose drawing the
/// pointer is over (never another arrow), else that point of the canvas.
fn end_at(
    target: Option<Element>,
    shapes: &[Shape],
    notes: &[AnnotationShape],
    at: (f64, f64),
) -> End {
    let id = target
        .and_then(|t| t.closest("[data-id]").ok().flatten())
        .and_then(|g| g.get_attribute("data-id"));
    match id {
        Some(id)
            if shapes.iter().any(|s| s.id == id)
                || notes
                    .iter()
                    .any(|a| a.id == id && a.tool != AnnotationTool::Arrow) =>
        {
            End::Attached(id)
        }
        _ => End::Point { x: at.0, y: at.1 },
    }
}

/// Focuses the shape `id` drawn in the canvas `svg`.
fn focus_in(svg: &NodeRef, id: &str) {
    let el = svg.cast::<Element>().and_then(|svg| {
        svg.query_selector(&format!("[data-id=\"{}\"]", id.replace('"', "")))
            .ok()
            .flatten()
    });
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = el.focus();
    }
}

/// The minimap: the design's outer boxes in miniature with the part on screen framed; a click
/// centres the canvas on that point.
fn minimap(
    lang: Lang,
    shapes: &[Shape],
    vp: Viewport,
    (cw, ch): (f64, f64),
    node: NodeRef,
    on_pan: Callback<(f64, f64)>,
) -> Option<Html> {
    const W: f64 = 180.0;
    const H: f64 = 120.0;
    let tops: Vec<&Shape> = shapes.iter().filter(|s| s.parent.is_none()).collect();
    let first = tops.first()?.rect;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for s in &tops {
        x0 = x0.min(s.rect.x);
        y0 = y0.min(s.rect.y);
        x1 = x1.max(s.rect.x + s.rect.w);
        y1 = y1.max(s.rect.y + s.rect.h);
    }
    let pad = 40.0;
    let (bx, by, bw, bh) = (x0 - pad, y0 - pad, x1 - x0 + 2.0 * pad, y1 - y0 + 2.0 * pad);
    let scale = (W / bw).min(H / bh);
    let (mw, mh) = (bw * scale, bh * scale);
    let num = |v: f64| format!("{v:.1}");
    let (view_w, view_h) = (cw / vp.zoom, ch / vp.zoom);
    let onclick = {
        let node = node.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = node.cast::<Element>() else {
                return;
            };
            let r = el.get_bounding_client_rect();
            if r.width() <= 0.0 || r.height() <= 0.0 {
                return;
            }
            let x = bx + (e.client_x() as f64 - r.left()) / r.width() * bw;
            let y = by + (e.client_y() as f64 - r.top()) / r.height() * bh;
            on_pan.emit((x - (vp.x + view_w / 2.0), y - (vp.y + view_h / 2.0)));
        })
    };
    let boxes = shapes.iter().filter(|s| s.kind.is_container()).map(|s| {
        html! { <rect class={classes!("mm-box", s.kind.slug())} x={num(s.rect.x)} y={num(s.rect.y)} width={num(s.rect.w)} height={num(s.rect.h)} rx="10" /> }
    });
    Some(html! {
        <svg ref={node} class="minimap" data-testid="minimap" width={num(mw)} height={num(mh)}
            viewBox={format!("{} {} {} {}", num(bx), num(by), num(bw), num(bh))}
            role="img" aria-label={t!(lang, "canvas-minimap")} {onclick}>
            { for boxes }
            <rect class="mm-view" data-testid="minimap-view" x={num(vp.x)} y={num(vp.y)} width={num(view_w)} height={num(view_h)} />
        </svg>
    })
}

/// The planned ALBs: a dashed box per subnet, lit like a component when a trace reaches it.
fn planned_alb_layer(
    lang: Lang,
    albs: &[PlannedAlb],
    lit: &std::collections::BTreeMap<&str, &'static str>,
) -> Html {
    let num = |v: f64| format!("{v:.1}");
    let boxes = albs.iter().flat_map(|a| {
        let class = classes!("planned-alb", lit.get(a.id.as_str()).copied());
        let label = t!(lang, "canvas-planned-alb", ingress = a.ingress.as_str());
        a.boxes.iter().map(move |(x, y, w, h)| html! {
            <g class={class.clone()} data-testid="planned-alb" data-id={a.id.clone()} data-ingress={a.ingress.clone()}>
                <title>{t!(lang, "canvas-planned-alb-title", ingress = a.ingress.as_str(), id = a.id.as_str())}</title>
                <rect x={num(*x)} y={num(*y)} width={num(*w)} height={num(*h)} rx="8" />
                <text x={num(x + w / 2.0)} y={num(y + h / 2.0 + 4.0)} text-anchor="middle">{label.clone()}</text>
            </g>
        })
    });
    html! { <g class="planned-albs" pointer-events="none">{ for boxes }</g> }
}

/// The trace path up to the current hop and the packet glyph at it.
fn trace_layer(lang: Lang, trace: Option<&TraceOverlay>) -> Html {
    let Some(t) = trace else { return html! {} };
    let num = |v: f64| format!("{v:.1}");
    let internet = t.internet.map(|(x, y)| html! {
        <g class="internet-cloud" data-testid="internet-cloud">
            <path d={format!("M{} {}h70a22 22 0 0 0 2-44 30 30 0 0 0-56-8 20 20 0 0 0-16 52z", num(x - 40.0), num(y + 22.0))} />
            <text x={num(x)} y={num(y + 40.0)} text-anchor="middle">{t!(lang, "canvas-internet")}</text>
        </g>
    });
    let segs = t.points.windows(2).enumerate().take(t.step).map(|(i, w)| {
        let (a, b) = (&w[0], &w[1]);
        let class = classes!(
            "trace-seg",
            if b.bad { "bad" } else { "ok" },
            b.ret.then_some("ret"),
            b.after.then_some("after")
        );
        html! { <line key={i} {class} x1={num(a.x)} y1={num(a.y)} x2={num(b.x)} y2={num(b.y)} /> }
    });
    let packet = t.points.get(t.step).map(|p| html! {
        <g class={classes!("packet", p.bad.then_some("bad"), p.ret.then_some("ret"))} data-testid="packet" style={format!("transform: translate({}px, {}px)", num(p.x), num(p.y))}>
            <circle r="9" />
            <path d="M-4 -2h8M-4 2h8" />
        </g>
    });
    html! { <g class="trace-layer" data-testid="trace-layer" pointer-events="none">{ for internet }{ for segs }{ for packet }</g> }
}

/// Pods as dots beside each Kubernetes node tile (columns of 7), a CPU bar under it, a red
/// ring on a node that is not Ready; the shown NetworkPolicy's pods ringed; each Service as a
/// badge above its pods with a line to each of them.
fn cluster_layer(cluster: Option<&ClusterOverlay>, shapes: &[Shape]) -> Html {
    let Some(c) = cluster else { return html! {} };
    let num = |v: f64| format!("{v:.1}");
    const DOT: f64 = 7.0;
    const PITCH: f64 = 9.0;
    // Where each pod's dot is (its top-left corner).
    let mut at: Vec<(&str, f64, f64)> = Vec::new();
    for m in &c.nodes {
        let Some(r) = shapes.iter().find(|s| s.id == m.anchor).map(|s| s.rect) else {
            continue;
        };
        for (i, (name, _)) in m.pods.iter().enumerate() {
            let (col, row) = ((i / 7) as f64, (i % 7) as f64);
            at.push((
                name.as_str(),
                r.x + r.w + 5.0 + col * PITCH,
                r.y + row * PITCH,
            ));
        }
    }
    let marks = c.nodes.iter().filter_map(|m| {
        let r = shapes.iter().find(|s| s.id == m.anchor)?.rect;
        let dots = m.pods.iter().map(|(name, class)| {
            let (_, x, y) = at.iter().find(|(n, _, _)| *n == name.as_str()).copied().unwrap_or(("", 0.0, 0.0));
            let lit = c.highlighted.contains(name);
            html! {
                <rect class={classes!("k8s-pod", *class, lit.then_some("np-selected"))} data-pod={name.clone()} data-highlighted={lit.to_string()}
                    x={num(x)} y={num(y)} width={num(DOT)} height={num(DOT)} rx="1.5">
                    <title>{name.clone()}</title>
                </rect>
            }
        });
        Some(html! {
            <g class={classes!("k8s-mark", (!m.ready).then_some("down"), m.cordoned.then_some("cordoned"))} data-testid="k8s-mark" data-node={m.name.clone()} data-anchor={m.anchor.clone()} data-pods={m.pods.len().to_string()} data-ready={m.ready.to_string()}>
                <rect class="k8s-ring" x={num(r.x - 4.0)} y={num(r.y - 4.0)} width={num(r.w + 8.0)} height={num(r.h + 8.0)} rx="13" />
                <rect class="k8s-cpu-track" x={num(r.x)} y={num(r.y - 9.0)} width={num(r.w)} height="3" rx="1.5" />
                <rect class="k8s-cpu" x={num(r.x)} y={num(r.y - 9.0)} width={num(r.w * m.cpu_pct / 100.0)} height="3" rx="1.5" />
                { for dots }
            </g>
        })
    });
    let badges = c.services.iter().enumerate().filter_map(|(k, s)| {
        let dots: Vec<(f64, f64)> = s
            .pods
            .iter()
            .filter_map(|p| at.iter().find(|(n, _, _)| *n == p.as_str()))
            .map(|(_, x, y)| (x + DOT / 2.0, y + DOT / 2.0))
            .collect();
        if dots.is_empty() {
            return None;
        }
        let min_x = dots.iter().map(|d| d.0).fold(f64::MAX, f64::min);
        let min_y = dots.iter().map(|d| d.1).fold(f64::MAX, f64::min);
        let label = s.key.rsplit('/').next().unwrap_or(&s.key).to_string();
        let w = 10.0 + 5.6 * label.chars().count() as f64;
        let (bx, by) = (min_x - 4.0, min_y - 26.0 - 14.0 * k as f64);
        let lines = dots.iter().map(|(x, y)| html! {
            <line class="k8s-svc-link" x1={num(bx + w / 2.0)} y1={num(by + 11.0)} x2={num(*x)} y2={num(*y)} />
        });
        Some(html! {
            <g class="k8s-svc" data-testid="k8s-service-badge" data-service={s.key.clone()} data-pods={dots.len().to_string()}>
                <title>{s.title.clone()}</title>
                { for lines }
                <rect class="k8s-svc-badge" x={num(bx)} y={num(by)} width={num(w)} height="11" rx="5.5" />
                <text class="k8s-svc-text" x={num(bx + 5.0)} y={num(by + 8.5)}>{label}</text>
            </g>
        })
    });
    let volumes = volume_marks(c, shapes, &at, DOT);
    html! { <g class="cluster-layer" data-testid="cluster-layer" pointer-events="none">{ for marks }{ for badges }{ volumes }</g> }
}

/// The volumes as small cylinders along the bottom of their zone's box (the zone box that holds
/// the cluster's nodes when several VPCs have that zone), each joined to its pod's dot.
fn volume_marks(c: &ClusterOverlay, shapes: &[Shape], at: &[(&str, f64, f64)], dot: f64) -> Html {
    let num = |v: f64| format!("{v:.1}");
    let anchors: Vec<Rect> = c
        .nodes
        .iter()
        .filter_map(|m| shapes.iter().find(|s| s.id == m.anchor).map(|s| s.rect))
        .collect();
    let zone_box = |zone: &str| {
        let mut boxes = shapes
            .iter()
            .filter(|s| s.kind == ComponentKind::AvailabilityZone && s.label == zone);
        let first = boxes.clone().next();
        boxes
            .find(|s| {
                anchors
                    .iter()
                    .any(|a| s.rect.contains(a.x + a.w / 2.0, a.y + a.h / 2.0))
            })
            .or(first)
            .map(|s| s.rect)
    };
    let mut per_zone: Vec<(&str, usize)> = Vec::new();
    let marks = c.volumes.iter().filter_map(|v| {
        let r = zone_box(&v.zone)?;
        let i = match per_zone.iter_mut().find(|(z, _)| *z == v.zone) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                per_zone.push((&v.zone, 1));
                0
            }
        };
        let (w, h) = (14.0, 16.0);
        let x = r.x + 10.0 + i as f64 * (w + 6.0);
        let y = r.y + r.h - h - 10.0;
        let pod = v
            .pod
            .as_deref()
            .and_then(|p| at.iter().find(|(n, _, _)| *n == p))
            .map(|(_, px, py)| (px + dot / 2.0, py + dot / 2.0));
        Some(html! {
            <g class={classes!("k8s-volume", pod.is_none().then_some("detached"))} data-testid="k8s-volume"
                data-claim={v.claim.clone()} data-volume={v.volume.clone()} data-zone={v.zone.clone()}
                data-pod={pod.and(v.pod.clone()).unwrap_or_default()}>
                <title>{v.title.clone()}</title>
                if let Some((px, py)) = pod {
                    <line class="k8s-volume-link" x1={num(x + w / 2.0)} y1={num(y)} x2={num(px)} y2={num(py)} />
                }
                <rect class="k8s-volume-body" x={num(x)} y={num(y + 2.5)} width={num(w)} height={num(h - 2.5)} rx="2" />
                <ellipse class="k8s-volume-top" cx={num(x + w / 2.0)} cy={num(y + 2.5)} rx={num(w / 2.0)} ry="2.5" />
            </g>
        })
    });
    html! { { for marks } }
}

/// A key per shape for the keyed list of shape components: its id, and for a later shape
/// with an id already used (a hand-edited design file can hold two) the id and its index, so
/// no key is given twice (Yew would then drop or misplace a shape).
fn shape_keys(shapes: &[Shape]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    shapes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if seen.insert(s.id.as_str()) {
                s.id.clone()
            } else {
                format!("{}\u{1f}{i}", s.id)
            }
        })
        .collect()
}

/// One shape of the canvas, as its own component: a render of the canvas that leaves a shape
/// as it was (most of them on a re-import, a selection, a trace step) skips drawing it and
/// diffing its DOM, which on a 500-shape design was most of the canvas's render.
#[derive(Properties)]
struct ShapeNodeProps {
    /// The canvas's shapes and which one this is: shared, not copied per shape.
    shapes: Rc<Vec<Shape>>,
    ix: usize,
    selected: bool,
    highlighted: bool,
    lit: Option<&'static str>,
    tab_stop: bool,
    /// How many shapes are drawn directly in it.
    inside: usize,
    /// Its route-table and ACL badges the trace marks as blocking.
    blocked: Vec<String>,
    lod: Lod,
    zoom: f64,
    lang: Lang,
}

impl ShapeNodeProps {
    fn shape(&self) -> &Shape {
        &self.shapes[self.ix]
    }
}

impl PartialEq for ShapeNodeProps {
    fn eq(&self, o: &Self) -> bool {
        let same_shape =
            (Rc::ptr_eq(&self.shapes, &o.shapes) && self.ix == o.ix) || self.shape() == o.shape();
        same_shape
            && self.selected == o.selected
            && self.highlighted == o.highlighted
            && self.lit == o.lit
            && self.tab_stop == o.tab_stop
            && self.inside == o.inside
            && self.blocked == o.blocked
            && self.lod == o.lod
            && self.zoom == o.zoom
            && self.lang == o.lang
    }
}

/// How one shape is drawn, with its accessible name.
#[function_component(ShapeNode)]
fn shape_view(p: &ShapeNodeProps) -> Html {
    let s = p.shape();
    let (selected, highlighted, lit, tab_stop) = (p.selected, p.highlighted, p.lit, p.tab_stop);
    let (blocked, lod, zoom, lang) = (&p.blocked, p.lod, p.zoom, p.lang);
    let mark = lit.map(|c| {
        if c.starts_with("trace-bad") {
            TraceMark::Blocked
        } else {
            TraceMark::Passed
        }
    });
    let name = canvas_nav::accessible_name(lang, s, p.inside, mark, highlighted);
    let tabindex = if tab_stop { "0" } else { "-1" };
    let tier = s.tier.map(|t| match t {
        crate::view::Tier::Public => "public",
        crate::view::Tier::Private => "private",
    });
    let class = classes!(
        "shape",
        s.kind.slug(),
        tier,
        selected.then_some("selected"),
        highlighted.then_some("highlighted"),
        lit
    );
    let r = s.rect;
    let num = |v: f64| format!("{v:.1}");
    let detail = lod == Lod::Full;
    let labelled = matches!(lod, Lod::Full | Lod::Labels);
    if s.kind.is_container() {
        // The title keeps at least MIN_LABEL_PX on screen; under it, the box alone.
        let k = label_scale(zoom, 13.0, 3.0);
        let titled = lod != Lod::Boxes;
        let title_style = (k > 1.0).then(|| format!("font-size: {:.1}px", 13.0 * k));
        let (ks, kb) = (
            label_scale(zoom, 11.5, MAX_LABEL_SCALE),
            label_scale(zoom, 10.0, MAX_LABEL_SCALE),
        );
        let sub_style = (ks > 1.0).then(|| format!("font-size: {:.1}px", 11.5 * ks));
        let badge_style = (kb > 1.0).then(|| format!("font-size: {:.1}px", 10.0 * kb));
        let mut policies = s.policies.iter().enumerate().rev().scan(r.x + r.w - 8.0, |right, (i, p)| {
            let text = p.text();
            let w = (12.0 + text.chars().count() as f64 * 6.0) * kb;
            let h = 16.0 * kb;
            *right -= w + 6.0;
            let x = *right + 6.0;
            let red = blocked.contains(&p.id);
            Some(html! {
                <g key={i} class={classes!("policy-badge", red.then_some("blocked"))} data-testid="policy-badge" data-policy={p.id.clone()} data-what={p.what} data-blocked={red.to_string()}>
                    // No <title>: its words would join the subnet's name; the badge's own text says it.
                    {" "}
                    <rect x={num(x)} y={num(r.y + r.h - 8.0 - h)} width={num(w)} height={num(h)} rx="4" />
                    <text x={num(x + w / 2.0)} y={num(r.y + r.h - 8.0 - h * 0.28)} text-anchor="middle" style={badge_style.clone()}>{text}</text>
                </g>
            })
        }).collect::<Vec<_>>();
        // Laid out from the right edge, drawn (and read) in their own order: route table first.
        policies.reverse();
        html! {
            <g {class} data-id={s.id.clone()} data-testid={format!("shape-{}", s.id)} data-kind={s.kind.slug()}
                role="button" aria-label={name.clone()} aria-pressed={selected.to_string()} {tabindex}>
                <rect class="box" x={num(r.x)} y={num(r.y)} width={num(r.w)} height={num(r.h)} rx="10" />
                if titled {
                    <svg x={num(r.x + 10.0)} y={num(r.y + 8.0)} width={num(18.0 * k)} height={num(18.0 * k)} viewBox="0 0 24 24" class={format!("kind-{}", s.kind.slug())}>{ icons::glyph(s.kind) }</svg>
                    {" "}
                    <text class="title" x={num(r.x + 10.0 + 24.0 * k)} y={num(r.y + 8.0 + 14.0 * k)} style={title_style.clone()}>{container_title(s, lang)}</text>
                    // The document runs top to bottom (title row with the tier tag, CIDR, then
                    // the badges at the foot), as the name does: whatever part of a box the
                    // viewport clips, the words still on screen are one run of its name.
                    {" "}
                    if let Some(t) = s.tier {
                        <text class="tier-tag title" x={num(r.x + r.w - 12.0)} y={num(r.y + 8.0 + 14.0 * k)} text-anchor="end" style={title_style}>{canvas_nav::tier_tag(lang, t).to_uppercase()}</text>
                    }
                }
                // Unrendered spaces between the words drawn, so their text reads as words.
                {" "}
                if labelled {
                    <text class="subtitle" x={num(r.x + 10.0 + 24.0 * k)} y={num(r.y + 8.0 + 14.0 * k + 16.0 * ks)} style={sub_style}>{s.detail.clone()}</text>
                }
                {" "}
                if labelled { { for policies } }
            </g>
        }
    } else {
        let cx = r.x + r.w / 2.0;
        let lines = leaf_lines(&s.label);
        let k = label_scale(zoom, LEAF_LABEL, MAX_LABEL_SCALE);
        let line_h = 13.0 * k;
        let extra = (lines.len() as f64 - 1.0) * line_h;
        let style = (k > 1.0).then(|| format!("font-size: {:.1}px", LEAF_LABEL * k));
        html! {
            <g {class} data-id={s.id.clone()} data-testid={format!("shape-{}", s.id)} data-kind={s.kind.slug()}
                role="button" aria-label={name.clone()} aria-pressed={selected.to_string()} {tabindex}>
                <rect class="tile" x={num(r.x)} y={num(r.y)} width={num(r.w)} height={num(r.h)} rx="10" />
                if lod != Lod::Boxes {
                    <svg x={num(r.x + r.w * 0.18)} y={num(r.y + r.h * 0.18)} width={num(r.w * 0.64)} height={num(r.h * 0.64)} viewBox="0 0 24 24" class={format!("kind-{}", s.kind.slug())}>{ icons::glyph(s.kind) }</svg>
                }
                if labelled {
                    { for lines.iter().enumerate().map(|(i, l)| {
                        // A long label is fitted to the cell rather than run into its neighbour.
                        let fitted = (l.chars().count() as f64 * k > LEAF_CHARS as f64).then(|| num(LEAF_WIDTH));
                        html! { <text class="leaf-label" x={num(cx)} y={num(r.y + r.h + 15.0 * k + i as f64 * line_h)} text-anchor="middle" style={style.clone()}
                            textLength={fitted.clone()} lengthAdjust={fitted.as_ref().map(|_| "spacingAndGlyphs")}>{l.clone()}</text> }
                    }) }
                }
                {" "}
                if detail {
                    <text class="leaf-sub" x={num(cx)} y={num(r.y + r.h + 28.0 + extra)} text-anchor="middle">{s.detail.clone()}</text>
                    { for s.badges.iter().enumerate().map(|(i, b)| {
                        let w = 10.0 + b.chars().count() as f64 * 6.2;
                        let y = r.y + r.h + 34.0 + extra + i as f64 * 18.0;
                        html! {
                            <g class="badge" aria-label={t!(lang, "canvas-badge-group", group = b.as_str())}>
                                {" "}
                                <rect x={num(cx - w / 2.0)} y={num(y)} width={num(w)} height="15" rx="7.5" />
                                <text x={num(cx)} y={num(y + 11.0)} text-anchor="middle">{b.clone()}</text>
                            </g>
                        }
                    }) }
                }
            </g>
        }
    }
}

/// A container's title: its label, or for the on-premises box (no model object, no name)
/// the words "On-premises" in the UI's language, which its accessible name also starts with.
fn container_title(s: &Shape, lang: Lang) -> String {
    if s.kind == ComponentKind::OnPremises && s.label.is_empty() {
        use crate::kind::KindText;
        s.kind.label(lang)
    } else {
        s.label.clone()
    }
}

/// Characters a leaf label shows at its natural width (a grid cell is 120 units wide).
const LEAF_CHARS: usize = 16;
/// The width a longer leaf label is fitted to.
const LEAF_WIDTH: f64 = 112.0;

/// A leaf's label in one line, or, for a long resource address
/// (`module.net.aws_instance.bastion[0]`), two: the type with its module path, then the name.
fn leaf_lines(label: &str) -> Vec<String> {
    if label.chars().count() <= LEAF_CHARS || !crate::bridge::is_address(label) {
        return vec![label.to_string()];
    }
    // The name starts after the last `.` outside an index (`["a.b"]`).
    let mut depth = 0;
    let mut split = None;
    for (i, c) in label.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => split = Some(i),
            _ => {}
        }
    }
    match split {
        Some(i) => vec![label[..=i].to_string(), label[i + 1..].to_string()],
        None => vec![label.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::{leaf_lines, shape_keys};
    use crate::kind::ComponentKind;
    use crate::view::{Rect, Shape};

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_shape_gets_its_own_key_even_when_ids_repeat() {
        let shape = |id: &str| Shape {
            id: id.into(),
            kind: ComponentKind::Instance,
            label: id.into(),
            detail: String::new(),
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: 60.0,
                h: 60.0,
            },
            tier: None,
            badges: vec![],
            parent: None,
            fields: vec![],
            policies: vec![],
        };
        // (ids, keys): a unique id is its own key; a repeated one is told apart by its index.
        let cases: [(&[&str], &[&str]); 3] = [
            (&[], &[]),
            (&["a", "b"], &["a", "b"]),
            (&["a", "b", "a", "a"], &["a", "b", "a\u{1f}2", "a\u{1f}3"]),
        ];
        for (ids, want) in cases {
            let shapes: Vec<Shape> = ids.iter().map(|id| shape(id)).collect();
            assert_eq!(shape_keys(&shapes), want.to_vec(), "{ids:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_long_address_is_drawn_as_its_type_then_its_name() {
        assert_eq!(leaf_lines("aws_instance.app"), ["aws_instance.app"]);
        assert_eq!(
            leaf_lines("aws_instance.web[0]"),
            ["aws_instance.", "web[0]"]
        );
        assert_eq!(
            leaf_lines("aws_instance.bastion"),
            ["aws_instance.", "bastion"]
        );
        assert_eq!(
            leaf_lines("module.net.aws_instance.bastion[0]"),
            ["module.net.aws_instance.", "bastion[0]"]
        );
        assert_eq!(
            leaf_lines("aws_instance.app[\"eu.west\"]"),
            ["aws_instance.", "app[\"eu.west\"]"]
        );
        assert_eq!(leaf_lines("a long instance name"), ["a long instance name"]);
    }
}
