//! The annotation layer seen from outside `sim`: every scenario's reference solution, annotated
//! with a note, a box and arrows on its components, loads back the same, grades the same,
//! traces and lints the same, gives the same matrix, and exports the same Terraform with one
//! more warning; the design diff names the annotation changes.

use sim::grade::grade_design;
use sim::network::annotation::{self, AnnotationEdit, End, Which};
use sim::network::diff::{diff, Change};
use sim::network::export::terraform::export_design_terraform;
use sim::network::{
    lint_design, matrix_endpoints, reachability_matrix, trace_design, Design, NetworkIndex,
    Protocol,
};
use sim::scenarios;

/// `design` with a note, a box and two arrows: between its first two laid-out components,
/// and from the first one to the box.
fn annotate(design: &Design) -> Design {
    let mut d = design.clone();
    let keys: Vec<String> = d.layout.keys().take(2).cloned().collect();
    let add = |d: &mut Design, e: AnnotationEdit| {
        annotation::apply(d, &e)
            .unwrap_or_else(|err| panic!("{}: {e:?}: {err}", design.name))
            .expect("a new id")
    };
    add(&mut d, AnnotationEdit::AddNote { x: -300.0, y: 0.0 });
    let b = add(
        &mut d,
        AnnotationEdit::AddBox {
            x: -300.0,
            y: 400.0,
        },
    );
    let first = End::Attached(keys[0].clone());
    let second = keys
        .get(1)
        .map(|k| End::Attached(k.clone()))
        .unwrap_or(End::Point { x: 0.0, y: 0.0 });
    add(
        &mut d,
        AnnotationEdit::AddArrow {
            from: first.clone(),
            to: second,
        },
    );
    let a = add(
        &mut d,
        AnnotationEdit::AddArrow {
            from: first,
            to: End::Attached(b.clone()),
        },
    );
    annotation::apply(
        &mut d,
        &AnnotationEdit::SetText {
            id: a,
            text: "users → <b>CDN</b>".into(),
        },
    )
    .expect("a label");
    d
}

#[test]
fn annotated_reference_solutions_load_grade_trace_lint_and_export_as_before() {
    for s in scenarios::all() {
        let plain = &s.solution;
        let drawn = annotate(plain);
        let back =
            Design::from_json(&drawn.to_json_pretty()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(back, drawn, "{}: round trip", s.id);
        assert_eq!(
            grade_design(&s.rubric, plain),
            grade_design(&s.rubric, &drawn),
            "{}: the grade ignores annotations",
            s.id
        );
        assert_eq!(lint_design(plain), lint_design(&drawn), "{}: lints", s.id);
        for f in &plain.flows {
            assert_eq!(
                trace_design(plain, &f.to_flow()).ok(),
                trace_design(&drawn, &f.to_flow()).ok(),
                "{}: trace",
                s.id
            );
        }
        let (a, b) = (
            NetworkIndex::build(&plain.network),
            NetworkIndex::build(&drawn.network),
        );
        let ends = matrix_endpoints(&a);
        assert_eq!(
            reachability_matrix(&a, &ends, &ends, Protocol::Tcp, &[22, 443]),
            reachability_matrix(&b, &ends, &ends, Protocol::Tcp, &[22, 443]),
            "{}: matrix",
            s.id
        );
        let (before, after) = (
            export_design_terraform(plain),
            export_design_terraform(&drawn),
        );
        assert_eq!(before.files, after.files, "{}: the same HCL", s.id);
        let extra: Vec<_> = after
            .warnings
            .iter()
            .filter(|w| !before.warnings.contains(w))
            .collect();
        assert_eq!(extra.len(), 1, "{}: {extra:?}", s.id);
        assert!(
            extra[0].message.starts_with("4 annotation(s)")
                && extra[0].message.ends_with("were not exported"),
            "{}: {}",
            s.id,
            extra[0].message
        );
    }
}

#[test]
fn the_design_diff_names_annotations_added_changed_and_removed() {
    let plain = scenarios::all()[0].solution.clone();
    let drawn = annotate(&plain);
    let added = diff(&plain, &drawn);
    assert!(added.components.is_empty() && added.rules.is_empty());
    let kinds: Vec<(&str, &str, Change)> = added
        .annotations
        .iter()
        .map(|c| (c.id.as_str(), c.kind, c.change))
        .collect();
    assert_eq!(
        kinds,
        [
            ("note-1", "note", Change::Added),
            ("box-1", "box", Change::Added),
            ("arrow-1", "arrow", Change::Added),
            ("arrow-2", "arrow", Change::Added),
        ]
    );
    let mut edited = drawn.clone();
    annotation::apply(
        &mut edited,
        &AnnotationEdit::SetText {
            id: "note-1".into(),
            text: "the CDN caches images".into(),
        },
    )
    .unwrap();
    annotation::apply(
        &mut edited,
        &AnnotationEdit::SetEnd {
            id: "arrow-2".into(),
            which: Which::To,
            end: End::Point { x: 1.0, y: 1.0 },
        },
    )
    .unwrap();
    sim::network::edit::remove(&mut edited, "box-1").unwrap();
    let d = diff(&drawn, &edited);
    let got: Vec<(&str, Change, Vec<&str>)> = d
        .annotations
        .iter()
        .map(|c| (c.id.as_str(), c.change, c.fields.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("note-1", Change::Changed, vec!["text"]),
            ("box-1", Change::Removed, vec![]),
            ("arrow-2", Change::Changed, vec!["to"]),
        ]
    );
    assert!(!d.is_empty());
    assert!(diff(&edited, &edited).is_empty());
}

#[test]
fn golden_designs_without_annotations_keep_their_bytes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/designs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the fixtures") {
        let path = entry.expect("an entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let Ok(design) = Design::from_json(&text) else {
            continue;
        };
        seen += 1;
        assert!(design.annotations.is_empty());
        let again = design.to_json_pretty();
        assert!(!again.contains("\"annotations\""), "{}", path.display());
        assert_eq!(Design::from_json(&again).unwrap(), design);
    }
    assert!(seen > 0, "some fixture designs were read");
}
