//! Keyboard navigation of the canvas and what a shape says to a screen reader. The canvas
//! is one tab stop (a roving tabindex, WAI-ARIA Authoring Practices "Managing focus within
//! composite widgets"): the arrow keys move between the shapes of one container, Enter goes
//! into a container, Escape goes back out to it. Pure functions over the view model, so
//! they are tested natively.

use crate::i18n::Lang;
use crate::kind::{ComponentKind, KindText};
use crate::t;
use crate::view::{Shape, Tier};

/// An arrow key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Left,
    Right,
    Up,
    Down,
}

impl Dir {
    pub fn of_key(key: &str) -> Option<Dir> {
        match key {
            "ArrowLeft" => Some(Dir::Left),
            "ArrowRight" => Some(Dir::Right),
            "ArrowUp" => Some(Dir::Up),
            "ArrowDown" => Some(Dir::Down),
            _ => None,
        }
    }
}

fn centre(s: &Shape) -> (f64, f64) {
    (s.rect.x + s.rect.w / 2.0, s.rect.y + s.rect.h / 2.0)
}

/// The container a shape is drawn in, if that container is on the canvas.
pub fn parent_of<'a>(shapes: &'a [Shape], s: &Shape) -> Option<&'a Shape> {
    let p = s.parent.as_deref()?;
    shapes.iter().find(|x| x.id == p)
}

/// The shapes drawn directly in `parent` (`None`: the top level), in reading order (top to
/// bottom, then left to right).
pub fn children<'a>(shapes: &'a [Shape], parent: Option<&str>) -> Vec<&'a Shape> {
    // One set of the ids on the canvas, not a search per shape: the canvas asks this for its
    // tab stop on every render.
    let ids: std::collections::HashSet<&str> = shapes.iter().map(|s| s.id.as_str()).collect();
    let mut v: Vec<&Shape> = shapes
        .iter()
        .filter(|s| s.parent.as_deref().filter(|p| ids.contains(p)) == parent)
        .collect();
    v.sort_by(|a, b| {
        a.rect
            .y
            .total_cmp(&b.rect.y)
            .then(a.rect.x.total_cmp(&b.rect.x))
    });
    v
}

/// How many shapes each container has drawn directly in it, by container id: one pass over
/// the shapes, so naming every shape of a render stays linear in their number (asking
/// [`children`] once per container made a 500-shape canvas spend most of its render on it).
pub fn child_counts(shapes: &[Shape]) -> std::collections::HashMap<&str, usize> {
    let ids: std::collections::HashSet<&str> = shapes.iter().map(|s| s.id.as_str()).collect();
    let mut counts = std::collections::HashMap::new();
    for p in shapes.iter().filter_map(|s| s.parent.as_deref()) {
        if let Some(&id) = ids.get(p) {
            *counts.entry(id).or_insert(0) += 1;
        }
    }
    counts
}

/// The canvas's tab stop when none was focused yet: the first top-level container (a VPC),
/// else the first top-level shape.
pub fn first_stop(shapes: &[Shape]) -> Option<&Shape> {
    let top = children(shapes, None);
    top.iter()
        .find(|s| s.kind.is_container())
        .or(top.first())
        .copied()
}

/// The shape the arrow key `dir` moves to from `from`: among the shapes of the same
/// container, the nearest one whose centre lies in that direction (distance along the
/// arrow plus twice the distance across it). `None` when there is none that way.
pub fn neighbour<'a>(shapes: &'a [Shape], from: &Shape, dir: Dir) -> Option<&'a Shape> {
    let parent = parent_of(shapes, from).map(|p| p.id.as_str());
    let (fx, fy) = centre(from);
    children(shapes, parent)
        .into_iter()
        .filter(|s| s.id != from.id)
        .filter_map(|s| {
            let (x, y) = centre(s);
            let (along, across) = match dir {
                Dir::Right => (x - fx, (y - fy).abs()),
                Dir::Left => (fx - x, (y - fy).abs()),
                Dir::Down => (y - fy, (x - fx).abs()),
                Dir::Up => (fy - y, (x - fx).abs()),
            };
            (along > 0.5).then_some((along + 2.0 * across, s))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}

/// What a packet trace did at a shape, as the canvas lights it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceMark {
    Passed,
    Blocked,
}

/// The tier tag drawn on a subnet box (the canvas writes it in capitals).
pub fn tier_tag(lang: Lang, tier: Tier) -> String {
    match tier {
        Tier::Public => t!(lang, "canvas-tier-public"),
        Tier::Private => t!(lang, "canvas-tier-private"),
    }
}

/// A shape's accessible name in `lang`: what is drawn (kind, name, CIDR or address, tier,
/// security groups) and what is shown on it (the trace, an error, how much is inside:
/// `inside` is the number of shapes drawn directly in it, see [`child_counts`]).
pub fn accessible_name(
    lang: Lang,
    s: &Shape,
    inside: usize,
    trace: Option<TraceMark>,
    flagged: bool,
) -> String {
    // An AZ box's icon is the letters "AZ", so its name starts with them.
    let mut parts = match s.kind {
        ComponentKind::AvailabilityZone => {
            vec![
                t!(lang, "canvas-name-az", name = s.label.as_str()),
                t!(lang, "canvas-name-az-word"),
            ]
        }
        _ => vec![short_name(lang, s)],
    };
    let tier = s.tier.map(|t| match t {
        Tier::Public => t!(lang, "canvas-name-tier-public"),
        Tier::Private => t!(lang, "canvas-name-tier-private"),
    });
    // The words drawn on the shape come first and in the order they are drawn, top to bottom
    // (a container: title, tier tag, CIDR, route-table/ACL badges; a leaf: label, address,
    // security groups), so the words on screen are one run of the name (WCAG 2.5.3), however
    // the zoom level or the viewport's edge cuts the shape. A word said but not drawn goes in
    // parentheses ("public (tier)" for the tag PUBLIC), which speech-input matching skips.
    if s.kind.is_container() {
        parts.extend(tier.clone());
    }
    if !s.detail.is_empty() {
        parts.push(s.detail.clone());
    }
    if s.kind.is_container() {
        parts.extend(s.policies.iter().map(|p| p.text()));
    }
    if !s.badges.is_empty() {
        parts.push(t!(
            lang,
            "canvas-name-groups",
            groups = s.badges.join(", "),
            count = s.badges.len()
        ));
    }
    if !s.kind.is_container() {
        parts.extend(tier);
    }
    match trace {
        Some(TraceMark::Passed) => parts.push(t!(lang, "canvas-name-traced")),
        Some(TraceMark::Blocked) => parts.push(t!(lang, "canvas-name-blocks")),
        None => {}
    }
    if flagged {
        parts.push(t!(lang, "canvas-name-flagged"));
    }
    if s.kind.is_container() {
        match inside {
            0 => parts.push(t!(lang, "canvas-name-empty")),
            n => parts.push(t!(lang, "canvas-name-inside", count = n)),
        }
    }
    parts.join(", ")
}

/// The kind words a move announcement uses ("EC2 instance web-1").
pub fn short_name(lang: Lang, s: &Shape) -> String {
    if s.label.is_empty() {
        return s.kind.label(lang);
    }
    t!(
        lang,
        "canvas-name-shape",
        kind = s.kind.label(lang),
        name = s.label.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Rect;

    fn shape(id: &str, kind: ComponentKind, parent: Option<&str>, x: f64, y: f64) -> Shape {
        let (w, h) = if kind.is_container() {
            (200.0, 150.0)
        } else {
            (60.0, 60.0)
        };
        Shape {
            id: id.into(),
            kind,
            label: id.into(),
            detail: String::new(),
            rect: Rect { x, y, w, h },
            tier: None,
            badges: vec![],
            parent: parent.map(Into::into),
            fields: vec![],
            policies: vec![],
        }
    }

    /// A VPC with two subnets side by side; the left one holds a row of two instances and
    /// one below them.
    fn design() -> Vec<Shape> {
        use ComponentKind::*;
        vec![
            shape("vpc", Vpc, None, 0.0, 0.0),
            shape("igw", InternetGateway, None, 600.0, 0.0),
            shape("left", Subnet, Some("vpc"), 20.0, 40.0),
            shape("right", Subnet, Some("vpc"), 300.0, 40.0),
            shape("a", Instance, Some("left"), 30.0, 60.0),
            shape("b", Instance, Some("left"), 130.0, 60.0),
            shape("c", Instance, Some("left"), 40.0, 140.0),
            // Its container is not drawn: it counts as top level.
            shape("orphan", Instance, Some("gone"), 900.0, 0.0),
        ]
    }

    /// How many shapes are drawn in `shapes[i]`, as the canvas counts them.
    fn inside(shapes: &[Shape], i: usize) -> usize {
        child_counts(shapes)
            .get(shapes[i].id.as_str())
            .copied()
            .unwrap_or(0)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_container_counts_the_shapes_drawn_directly_in_it() {
        let shapes = design();
        // (container, shapes directly inside): a VPC counts its subnets, not their instances;
        // an instance whose container is not drawn counts nowhere.
        let cases = [
            ("vpc", 2),
            ("left", 3),
            ("right", 0),
            ("igw", 0),
            ("a", 0),
            ("gone", 0),
        ];
        let counts = child_counts(&shapes);
        for (id, want) in cases {
            assert_eq!(counts.get(id).copied().unwrap_or(0), want, "{id}");
        }
        // The same as listing each one's children.
        for s in &shapes {
            assert_eq!(
                counts.get(s.id.as_str()).copied().unwrap_or(0),
                children(&shapes, Some(&s.id)).len(),
                "{}",
                s.id
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn arrow_keys_move_to_the_nearest_shape_of_the_same_container_in_that_direction() {
        let shapes = design();
        let find = |id: &str| shapes.iter().find(|s| s.id == id).unwrap();
        let cases = [
            ("a", Dir::Right, Some("b")),
            ("b", Dir::Left, Some("a")),
            ("a", Dir::Down, Some("c")),
            ("b", Dir::Down, Some("c")),
            ("c", Dir::Up, Some("a")),
            ("a", Dir::Left, None),
            ("left", Dir::Right, Some("right")),
            ("right", Dir::Down, None),
            ("vpc", Dir::Right, Some("igw")),
            ("igw", Dir::Right, Some("orphan")),
        ];
        for (from, dir, want) in cases {
            let got = neighbour(&shapes, find(from), dir).map(|s| s.id.as_str());
            assert_eq!(got, want, "{from} {dir:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_first_stop_is_the_first_top_level_container_and_enter_goes_to_its_first_child() {
        let shapes = design();
        assert_eq!(first_stop(&shapes).map(|s| s.id.as_str()), Some("vpc"));
        let inside: Vec<&str> = children(&shapes, Some("left"))
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(inside, ["a", "b", "c"]);
        assert_eq!(first_stop(&[]).map(|s| s.id.as_str()), None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_shape_is_named_by_what_is_drawn_and_what_the_trace_did_there() {
        let mut shapes = design();
        shapes[2].detail = "10.0.1.0/24".into();
        shapes[2].tier = Some(Tier::Public);
        shapes[4].detail = "10.0.1.10".into();
        shapes[4].badges = vec!["web".into(), "default".into()];
        let cases = [
            (
                2,
                None,
                false,
                "Subnet left, public (tier), 10.0.1.0/24, 3 components inside, Enter to go in",
            ),
            (3, None, false, "Subnet right, empty"),
            (
                4,
                Some(TraceMark::Passed),
                false,
                "EC2 instance a, 10.0.1.10, web, default (security groups), on the traced path",
            ),
            (
                5,
                Some(TraceMark::Blocked),
                true,
                "EC2 instance b, blocks the traced flow, has an error in Problems",
            ),
        ];
        for (i, trace, flagged, want) in cases {
            assert_eq!(
                accessible_name(Lang::En, &shapes[i], inside(&shapes, i), trace, flagged),
                want
            );
        }
        // A subnet reads top to bottom: title, tier tag, CIDR, then its route-table and ACL
        // badges; a zoom level that hides the lower rows leaves a prefix of the name on screen.
        shapes[2].policies = vec![
            crate::view::PolicyBadge {
                id: "rtb-1".into(),
                label: "public".into(),
                what: "route table",
            },
            crate::view::PolicyBadge {
                id: "acl-1".into(),
                label: "main".into(),
                what: "network ACL",
            },
        ];
        assert_eq!(
            accessible_name(Lang::En, &shapes[2], inside(&shapes, 2), None, false),
            "Subnet left, public (tier), 10.0.1.0/24, RT public, ACL main, 3 components inside, Enter to go in"
        );
        // An AZ box is drawn with the letters "AZ" as its icon.
        let az = shape(
            "az-a",
            ComponentKind::AvailabilityZone,
            Some("vpc"),
            0.0,
            300.0,
        );
        assert_eq!(
            accessible_name(Lang::En, &az, 0, None, false),
            "AZ az-a, availability zone, empty"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_shape_is_named_in_the_ui_language_in_the_same_order() {
        let mut shapes = design();
        shapes[2].detail = "10.0.1.0/24".into();
        shapes[2].tier = Some(Tier::Public);
        shapes[4].detail = "10.0.1.10".into();
        shapes[4].badges = vec!["web".into()];
        shapes[4].tier = Some(Tier::Private);
        // (shape, trace, flagged, English, Korean)
        let cases = [
            (
                2,
                None,
                false,
                "Subnet left, public (tier), 10.0.1.0/24, 3 components inside, Enter to go in",
                "서브넷 left, 퍼블릭 (계층), 10.0.1.0/24, 구성 요소 3개가 안에 있음, Enter 키로 들어가기",
            ),
            (
                4,
                Some(TraceMark::Passed),
                true,
                "EC2 instance a, 10.0.1.10, web (security group), private (tier), on the traced path, has an error in Problems",
                "EC2 인스턴스 a, 10.0.1.10, web (보안 그룹), 프라이빗 (계층), 추적한 경로에 있음, 문제 탭에 오류가 있음",
            ),
            (3, None, false, "Subnet right, empty", "서브넷 right, 비어 있음"),
        ];
        for (i, trace, flagged, en, ko) in cases {
            assert_eq!(
                accessible_name(Lang::En, &shapes[i], inside(&shapes, i), trace, flagged),
                en
            );
            assert_eq!(
                accessible_name(Lang::Ko, &shapes[i], inside(&shapes, i), trace, flagged),
                ko
            );
        }
        assert_eq!(short_name(Lang::Ko, &shapes[4]), "EC2 인스턴스 a");
        assert_eq!(tier_tag(Lang::En, Tier::Public).to_uppercase(), "PUBLIC");
        assert_eq!(tier_tag(Lang::Ko, Tier::Private), "프라이빗");
    }
}
