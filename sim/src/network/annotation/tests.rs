//! Table tests of the annotation layer: the JSON form round trips, every limit and refusal
//! names its path and value, edits keep the rules, and a deleted end becomes a point.

use super::*;
use crate::network::samples::sample_design;

fn note(id: &str, text: &str) -> Annotation {
    Annotation {
        id: id.into(),
        kind: AnnotationKind::Note {
            text: text.into(),
            rect: Rect {
                x: 40.0,
                y: 700.0,
                w: 200.0,
                h: 100.0,
            },
        },
    }
}

fn arrow(id: &str, from: End, to: End) -> Annotation {
    Annotation {
        id: id.into(),
        kind: AnnotationKind::Arrow {
            label: String::new(),
            from,
            to,
        },
    }
}

fn at(id: &str) -> End {
    End::Attached(id.into())
}

/// The sample with one of each kind: a note, a box and an arrow from the bastion to the box.
fn annotated() -> Design {
    let mut d = sample_design();
    d.annotations
        .push(note("note-1", "users reach the bastion over SSH"));
    d.annotations.push(Annotation {
        id: "box-1".into(),
        kind: AnnotationKind::Box {
            label: "on-premises".into(),
            rect: Rect {
                x: 1100.0,
                y: 100.0,
                w: 240.0,
                h: 160.0,
            },
        },
    });
    d.annotations
        .push(arrow("arrow-1", at("i-0bastion"), at("box-1")));
    d
}

fn with(json_annotations: &str) -> String {
    let base = sample_design().to_json_pretty();
    let body = base.trim_end().trim_end_matches('}');
    format!("{body},\n  \"annotations\": {json_annotations}\n}}")
}

#[test]
fn every_kind_round_trips_through_json_and_a_design_without_any_keeps_its_bytes() {
    let d = annotated();
    let text = d.to_json_pretty();
    assert!(text.contains("\"annotations\""), "{text}");
    assert_eq!(Design::from_json(&text).expect("loads"), d);
    let plain = sample_design();
    assert!(!plain.to_json_pretty().contains("annotations"));
    let mut emptied = d.clone();
    emptied.annotations.clear();
    assert_eq!(emptied.to_json_pretty(), plain.to_json_pretty());
}

#[test]
fn loading_refuses_what_breaks_the_rules_naming_the_path_and_the_value() {
    let long = "x".repeat(MAX_TEXT + 1);
    let long_label = "y".repeat(MAX_LABEL + 1);
    let long_id = "z".repeat(MAX_ID + 1);
    let rect = r#""rect": {"x": 0, "y": 0, "w": 100, "h": 50}"#;
    let many: Vec<String> = (0..=MAX_ANNOTATIONS)
        .map(|i| format!(r#"{{"id": "n{i}", "kind": "note", {rect}}}"#))
        .collect();
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "an unknown kind is named with the kinds there are",
            format!(r#"[{{"id": "c", "kind": "circle", {rect}}}]"#),
            vec!["`annotations", "unknown annotation kind `circle`", "`note`, `box` or `arrow`", "annotation `c`"],
        ),
        (
            "a note's text is at most 2,000 characters",
            format!(r#"[{{"id": "n", "kind": "note", "text": "{long}", {rect}}}]"#),
            vec!["annotations[0].text", "2,001 characters", "at most 2,000"],
        ),
        (
            "a box's label is at most 200 characters",
            format!(r#"[{{"id": "b", "kind": "box", "label": "{long_label}", {rect}}}]"#),
            vec!["annotations[0].label", "201 characters", "at most 200"],
        ),
        (
            "an id is at most 64 characters",
            format!(r#"[{{"id": "{long_id}", "kind": "note", {rect}}}]"#),
            vec!["annotations[0].id", "65 characters"],
        ),
        (
            "an empty id is refused",
            format!(r#"[{{"id": "", "kind": "note", {rect}}}]"#),
            vec!["annotations[0].id", "cannot be empty"],
        ),
        (
            "ids are unique among annotations",
            format!(r#"[{{"id": "a", "kind": "note", {rect}}}, {{"id": "a", "kind": "box", {rect}}}]"#),
            vec!["annotations[1].id", "`a` is already used"],
        ),
        (
            "an annotation cannot take a component's id",
            format!(r#"[{{"id": "i-0app", "kind": "note", {rect}}}]"#),
            vec!["annotations[0].id", "`i-0app`"],
        ),
        (
            "at most 500 annotations",
            format!("[{}]", many.join(",")),
            vec!["`annotations`", "501 annotations", "at most 500"],
        ),
        (
            "an arrow end on nothing is refused",
            r#"[{"id": "a", "kind": "arrow", "from": {"id": "i-gone"}, "to": {"x": 1, "y": 2}}]"#.into(),
            vec!["annotations[0].from.id", "`i-gone` is not a component, note or box"],
        ),
        (
            "an arrow end on another arrow is refused",
            r#"[{"id": "a", "kind": "arrow", "from": {"x": 0, "y": 0}, "to": {"x": 1, "y": 2}},
                {"id": "b", "kind": "arrow", "from": {"id": "a"}, "to": {"x": 1, "y": 2}}]"#.into(),
            vec!["annotations[1].from.id", "`a` is an arrow"],
        ),
        (
            "an end is an id or a point, not both",
            r#"[{"id": "a", "kind": "arrow", "from": {"id": "i-0app", "x": 1, "y": 1}, "to": {"x": 1, "y": 2}}]"#.into(),
            vec!["`annotations", "either {\"id\""],
        ),
        (
            "an arrow needs both ends",
            r#"[{"id": "a", "kind": "arrow", "from": {"x": 0, "y": 0}}]"#.into(),
            vec!["`annotations", "needs `to`", "annotation `a`"],
        ),
        (
            "a note needs its rectangle",
            r#"[{"id": "n", "kind": "note", "text": "hi"}]"#.into(),
            vec!["`annotations", "needs `rect`"],
        ),
        (
            "a note has no label",
            format!(r#"[{{"id": "n", "kind": "note", "label": "x", {rect}}}]"#),
            vec!["`annotations", "has no `label`"],
        ),
        (
            "a rectangle has a positive size",
            r#"[{"id": "n", "kind": "note", "rect": {"x": 0, "y": 0, "w": 0, "h": 50}}]"#.into(),
            vec!["annotations[0].rect", "w 0"],
        ),
        (
            "a position far off the canvas is refused",
            r#"[{"id": "a", "kind": "arrow", "from": {"x": 1e300, "y": 0}, "to": {"x": 1, "y": 2}}]"#.into(),
            vec!["annotations[0].from", "not a position"],
        ),
    ];
    for (name, annotations, needles) in cases {
        let err = Design::from_json(&with(&annotations))
            .expect_err(name)
            .to_string();
        for needle in needles {
            assert!(
                err.contains(needle),
                "{name}: `{err}` should contain `{needle}`"
            );
        }
    }
}

#[test]
fn the_limits_themselves_are_allowed() {
    let text = "가".repeat(MAX_TEXT);
    let label = "y".repeat(MAX_LABEL);
    let mut d = sample_design();
    d.annotations.push(note(&"n".repeat(MAX_ID), &text));
    d.annotations.push(Annotation {
        id: "b".into(),
        kind: AnnotationKind::Box {
            label,
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 10.0,
            },
        },
    });
    for i in d.annotations.len()..MAX_ANNOTATIONS {
        d.annotations.push(note(&format!("n{i}"), ""));
    }
    assert_eq!(Design::from_json(&d.to_json_pretty()), Ok(d));
}

#[test]
fn edits_add_set_and_refuse_without_changing_anything() {
    let mut d = sample_design();
    let n = apply(&mut d, &AnnotationEdit::AddNote { x: 100.0, y: 800.0 }).unwrap();
    assert_eq!(n.as_deref(), Some("note-1"));
    assert_eq!(
        d.annotations[0].rect(),
        Some(Rect {
            x: 0.0,
            y: 750.0,
            w: NOTE_SIZE.0,
            h: NOTE_SIZE.1
        })
    );
    let b = apply(&mut d, &AnnotationEdit::AddBox { x: 0.0, y: 0.0 }).unwrap();
    assert_eq!(b.as_deref(), Some("box-1"));
    let a = apply(
        &mut d,
        &AnnotationEdit::AddArrow {
            from: at("i-0bastion"),
            to: at("i-0app"),
        },
    )
    .unwrap();
    assert_eq!(a.as_deref(), Some("arrow-1"));
    let ok: &[(&str, AnnotationEdit)] = &[
        (
            "a note's text",
            AnnotationEdit::SetText {
                id: "note-1".into(),
                text: "<img src=x onerror=alert(1)>".into(),
            },
        ),
        (
            "a box's label",
            AnnotationEdit::SetText {
                id: "box-1".into(),
                text: "CDN".into(),
            },
        ),
        (
            "an arrow's end onto a box",
            AnnotationEdit::SetEnd {
                id: "arrow-1".into(),
                which: Which::To,
                end: at("box-1"),
            },
        ),
        (
            "an arrow's start onto a point",
            AnnotationEdit::SetEnd {
                id: "arrow-1".into(),
                which: Which::From,
                end: End::Point { x: 5.0, y: 6.0 },
            },
        ),
    ];
    for (name, edit) in ok {
        apply(&mut d, edit).unwrap_or_else(|e| panic!("{name}: {e}"));
        validate(&d).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert_eq!(d.annotations[0].text(), "<img src=x onerror=alert(1)>");
    assert_eq!(
        d.annotations[2].ends(),
        Some((&End::Point { x: 5.0, y: 6.0 }, &at("box-1")))
    );
    let refused: Vec<(&str, AnnotationEdit, &str)> = vec![
        (
            "text over the limit",
            AnnotationEdit::SetText {
                id: "note-1".into(),
                text: "x".repeat(MAX_TEXT + 1),
            },
            "`annotations[0].text`: the text has 2,001 characters",
        ),
        (
            "a label over the limit",
            AnnotationEdit::SetText {
                id: "arrow-1".into(),
                text: "x".repeat(MAX_LABEL + 1),
            },
            "`annotations[2].label`",
        ),
        (
            "an unknown annotation",
            AnnotationEdit::SetText {
                id: "note-9".into(),
                text: String::new(),
            },
            "no annotation `note-9`",
        ),
        (
            "an end on nothing",
            AnnotationEdit::SetEnd {
                id: "arrow-1".into(),
                which: Which::To,
                end: at("i-nope"),
            },
            "`annotations[2].to.id`: `i-nope`",
        ),
        (
            "an arrow onto itself",
            AnnotationEdit::SetEnd {
                id: "arrow-1".into(),
                which: Which::To,
                end: at("arrow-1"),
            },
            "is an arrow",
        ),
        (
            "an end of a note",
            AnnotationEdit::SetEnd {
                id: "note-1".into(),
                which: Which::To,
                end: at("box-1"),
            },
            "`note-1` is not an arrow",
        ),
    ];
    for (name, edit, needle) in refused {
        let before = d.clone();
        let err = apply(&mut d, &edit).expect_err(name).to_string();
        assert!(
            err.contains(needle),
            "{name}: `{err}` should contain `{needle}`"
        );
        assert_eq!(d, before, "{name}: a refused edit changes nothing");
    }
}

#[test]
fn the_five_hundred_and_first_annotation_is_refused() {
    let mut d = sample_design();
    for i in 0..MAX_ANNOTATIONS {
        apply(
            &mut d,
            &AnnotationEdit::AddNote {
                x: i as f64,
                y: 0.0,
            },
        )
        .unwrap();
    }
    let before = d.clone();
    let err = apply(&mut d, &AnnotationEdit::AddBox { x: 0.0, y: 0.0 }).unwrap_err();
    assert_eq!(err, AnnotationError::TooMany { count: 501 });
    assert_eq!(d, before);
}

#[test]
fn moving_and_resizing_follow_the_layer_rules() {
    let mut d = annotated();
    d.annotations.push(arrow(
        "arrow-2",
        End::Point { x: 0.0, y: 0.0 },
        at("note-1"),
    ));
    crate::network::edit::move_by(
        &mut d,
        &["note-1".into(), "arrow-2".into(), "i-0app".into()],
        20.0,
        -40.0,
    );
    assert_eq!(
        d.annotations[0].rect().map(|r| (r.x, r.y)),
        Some((60.0, 660.0))
    );
    // The free end moved; the attached end follows the note it is on.
    assert_eq!(
        d.annotations[3].ends(),
        Some((&End::Point { x: 20.0, y: -40.0 }, &at("note-1")))
    );
    assert_eq!(d.layout["i-0app"].x, 768.0);
    // The box did not move: it was not selected.
    assert_eq!(d.annotations[1].rect().map(|r| r.x), Some(1100.0));
    crate::network::edit::resize(&mut d, "box-1", 10.0, 500.0).unwrap();
    assert_eq!(
        d.annotations[1].rect().map(|r| (r.w, r.h)),
        Some((BOX_MIN.0, 500.0))
    );
    crate::network::edit::resize(&mut d, "note-1", 300.0, 10.0).unwrap();
    assert_eq!(
        d.annotations[0].rect().map(|r| (r.w, r.h)),
        Some((300.0, NOTE_MIN.1))
    );
}

#[test]
fn a_deleted_end_becomes_a_free_point_where_it_was() {
    let cases: &[(&str, &str, usize, (f64, f64))] = &[
        // i-0bastion's tile is (288, 340) 64×64: its centre.
        ("a deleted instance", "i-0bastion", 0, (320.0, 372.0)),
        // The box (1100, 100) 240×160.
        ("a deleted box", "box-1", 1, (1220.0, 180.0)),
        // Deleting the subnet takes the bastion with it.
        (
            "a deleted container's child",
            "subnet-0a11",
            0,
            (320.0, 372.0),
        ),
    ];
    for (name, id, end, point) in cases {
        let mut d = annotated();
        crate::network::edit::remove(&mut d, id).unwrap_or_else(|e| panic!("{name}: {e}"));
        let kept = d
            .annotations
            .iter()
            .find(|a| a.id == "arrow-1")
            .expect("the arrow stays");
        let (from, to) = kept.ends().unwrap();
        let moved = [from, to][*end];
        assert_eq!(
            moved,
            &End::Point {
                x: point.0,
                y: point.1
            },
            "{name}"
        );
        validate(&d).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The design still loads: nothing points at nothing.
        assert_eq!(
            Design::from_json(&d.to_json_pretty()).as_ref(),
            Ok(&d),
            "{name}"
        );
    }
}

#[test]
fn an_arrow_is_drawn_from_edge_to_edge() {
    let d = annotated();
    let drawn = &d.annotations[2];
    let ((x1, y1), (x2, y2)) = arrow_line(&d, drawn).unwrap();
    // From the bastion tile's right edge (x 352) toward the box; into the box's left edge (x 1100).
    assert!((x1 - 352.0).abs() < 1e-9, "{x1}");
    assert!((x2 - 1100.0).abs() < 1e-9, "{x2}");
    assert!(y1 < 372.0 && y2 > 180.0, "{y1} {y2}");
    let free = arrow(
        "a",
        End::Point { x: 1.0, y: 2.0 },
        End::Point { x: 3.0, y: 4.0 },
    );
    assert_eq!(arrow_line(&d, &free), Some(((1.0, 2.0), (3.0, 4.0))));
}

#[test]
fn annotations_change_no_trace_or_lint() {
    use crate::network::{lint_design, trace_design, Flow};
    let (plain, drawn) = (sample_design(), annotated());
    assert_eq!(lint_design(&plain), lint_design(&drawn));
    for f in &plain.flows {
        assert_eq!(
            trace_design(&plain, &f.to_flow()).unwrap(),
            trace_design(&drawn, &f.to_flow()).unwrap()
        );
    }
    let flow = Flow::tcp("i-0bastion", "i-0app", 22);
    assert_eq!(
        trace_design(&plain, &flow).unwrap(),
        trace_design(&drawn, &flow).unwrap()
    );
}

#[test]
fn a_copy_sits_beside_its_original_with_a_fresh_id() {
    let mut d = annotated();
    d.annotations.push(arrow(
        "arrow-2",
        End::Point { x: 0.0, y: 0.0 },
        at("note-1"),
    ));
    let cases: &[(&str, &str)] = &[
        ("note-1", "note-2"),
        ("box-1", "box-2"),
        ("arrow-2", "arrow-3"),
    ];
    for (id, want) in cases {
        let copy =
            crate::network::edit::duplicate(&mut d, id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(copy, *want);
    }
    let by = |id: &str| d.annotations.iter().find(|a| a.id == id).unwrap().clone();
    assert_eq!(by("note-2").text(), by("note-1").text());
    assert_eq!(by("note-2").rect().map(|r| (r.x, r.y)), Some((70.0, 730.0)));
    assert_eq!(
        by("arrow-3").ends(),
        Some((&End::Point { x: 30.0, y: 30.0 }, &at("note-1")))
    );
    validate(&d).unwrap();
}
