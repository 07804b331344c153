//! The canvas's annotation layer: notes, boxes and arrows drawn above the network. User text
//! is drawn as SVG `<text>`/`<tspan>` nodes (never markup), wrapped to the note's or box's
//! width; arrows have an arrowhead and are drawn from edge to edge of what they join, so they
//! follow a component that moves. Each drawing is a `role=button` reachable from the canvas's
//! one tab stop, named "note: …", "box: …", "arrow from … to …". The wrapping and the names are
//! pure and tested natively.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::t;
use crate::view::{AnnotationShape, AnnotationTool, ArrowEnd};

/// The font size of a note's text and of labels (design units).
const FONT: f64 = 13.0;
const LINE: f64 = 17.0;
/// About how wide a character is at `FONT`, in design units: Latin letters and digits one
/// unit, Hangul and other wide scripts nearly two.
const CHAR_W: f64 = 7.0;

fn char_width(c: char) -> f64 {
    if (c as u32) >= 0x1100 {
        1.8
    } else {
        1.0
    }
}

fn width_of(s: &str) -> f64 {
    s.chars().map(char_width).sum()
}

/// `text` in lines of at most `cols` character widths (explicit line breaks kept, words kept
/// whole unless one alone is too wide), at most `max_lines` of them; when it does not fit, the
/// last line ends with "…".
pub fn wrap(text: &str, cols: f64, max_lines: usize) -> Vec<String> {
    let cols = cols.max(4.0);
    let mut lines: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let sep = if line.is_empty() { 0.0 } else { 1.0 };
            if width_of(&line) + sep + width_of(word) <= cols {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it reaches the edge.
            for c in word.chars() {
                if width_of(&line) + char_width(c) > cols {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && width_of(last) + 1.0 > cols {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// The words an end is known by: what it is attached to, or "a point".
fn end_name(lang: Lang, e: &ArrowEnd) -> String {
    match &e.target {
        Some(_) => e.name.clone(),
        None => t!(lang, "annotate-name-point"),
    }
}

/// What a drawing says to a screen reader.
pub fn accessible_name(lang: Lang, a: &AnnotationShape) -> String {
    let text = a.text.trim();
    match a.tool {
        AnnotationTool::Note if text.is_empty() => t!(lang, "annotate-name-note-empty"),
        AnnotationTool::Note => t!(lang, "annotate-name-note", text = text),
        AnnotationTool::Box if text.is_empty() => t!(lang, "annotate-name-box-empty"),
        AnnotationTool::Box => t!(lang, "annotate-name-box", label = text),
        AnnotationTool::Arrow => {
            let (from, to) = match &a.ends {
                Some((f, t)) => (end_name(lang, f), end_name(lang, t)),
                None => (String::new(), String::new()),
            };
            if text.is_empty() {
                t!(lang, "annotate-name-arrow", from = from, to = to)
            } else {
                t!(
                    lang,
                    "annotate-name-arrow-labelled",
                    from = from,
                    to = to,
                    label = text
                )
            }
        }
    }
}

/// How the layer is drawn this frame.
pub struct LayerLook<'a> {
    pub selected: &'a BTreeSet<&'a str>,
    /// The drawing holding the canvas's tab stop, if one does.
    pub stop: Option<&'a str>,
    /// What is being dragged (components and annotations) and by how much.
    pub moving: &'a BTreeSet<String>,
    pub offset: (f64, f64),
    /// The arrow tool's start, once picked (drawn as a dot).
    pub arrow_start: Option<(f64, f64)>,
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// Wrapped lines as one `<text>`: a `<tspan>` per line with a space between them, so the
/// text read out (and what a screen reader's name check sees) is the words as written; an
/// ellipsis that cuts a long note is drawn but not read.
fn text_lines(lines: &[String], x: f64, y: f64, anchor: &'static str) -> Html {
    let last = lines.len().saturating_sub(1);
    html! {
        <text class="annotation-text" x={num(x)} y={num(y)} text-anchor={anchor}>
            { for lines.iter().enumerate().map(|(i, l)| {
                let dy = if i == 0 { "0".to_string() } else { num(LINE) };
                let (words, cut) = match l.strip_suffix('…') {
                    Some(w) if i == last => (w.to_string(), true),
                    _ => (l.clone(), false),
                };
                html! {
                    <>
                        if i > 0 { {" "} }
                        <tspan x={num(x)} {dy}>{words}if cut { <tspan aria-hidden="true">{"…"}</tspan> }</tspan>
                    </>
                }
            }) }
        </text>
    }
}

/// The whole layer: boxes first, then notes, then arrows on top.
pub fn layer(lang: Lang, annotations: &[AnnotationShape], look: &LayerLook) -> Html {
    let order = |t: AnnotationTool| match t {
        AnnotationTool::Box => 0,
        AnnotationTool::Note => 1,
        AnnotationTool::Arrow => 2,
    };
    let mut sorted: Vec<&AnnotationShape> = annotations.iter().collect();
    sorted.sort_by_key(|a| order(a.tool));
    let start = look.arrow_start.map(|(x, y)| {
        html! { <circle class="arrow-start" data-testid="arrow-start" cx={num(x)} cy={num(y)} r="6" /> }
    });
    html! {
        <g class="annotation-layer" data-testid="annotation-layer">
            <g class="annotation-drawings">{ for sorted.into_iter().map(|a| drawing(lang, a, look)) }</g>
            { for start }
        </g>
    }
}

fn drawing(lang: Lang, a: &AnnotationShape, look: &LayerLook) -> Html {
    let selected = look.selected.contains(a.id.as_str());
    let tabindex = if look.stop == Some(a.id.as_str()) {
        "0"
    } else {
        "-1"
    };
    let class = classes!("annotation", a.tool.slug(), selected.then_some("selected"));
    let name = accessible_name(lang, a);
    let moved = look.moving.contains(&a.id);
    let shift = |p: (f64, f64), on: bool| {
        if on {
            (p.0 + look.offset.0, p.1 + look.offset.1)
        } else {
            p
        }
    };
    let r = a.rect;
    let (x, y) = shift((r.x, r.y), moved);
    let body = match a.tool {
        AnnotationTool::Note => {
            let cols = (r.w - 20.0) / CHAR_W;
            let rows = (((r.h - 14.0) / LINE).floor() as usize).max(1);
            let lines = wrap(&a.text, cols, rows);
            html! {
                <>
                    <rect class="note-paper" x={num(x)} y={num(y)} width={num(r.w)} height={num(r.h)} rx="4" />
                    { text_lines(&lines, x + 10.0, y + 10.0 + FONT, "start") }
                </>
            }
        }
        AnnotationTool::Box => {
            let lines = wrap(&a.text, (r.w - 20.0) / CHAR_W, 2);
            html! {
                <>
                    // The frame is selectable by its border and its label only, so what is drawn
                    // inside it stays clickable.
                    <rect class="box-frame" x={num(x)} y={num(y)} width={num(r.w)} height={num(r.h)} rx="8" pointer-events="none" />
                    <rect class="box-hit" x={num(x)} y={num(y)} width={num(r.w)} height={num(r.h)} rx="8" pointer-events="stroke" />
                    <rect class="box-tab" x={num(x)} y={num(y)} width={num(r.w.min(20.0 + CHAR_W * lines.first().map_or(6.0, |l| width_of(l).max(6.0))))} height={num(12.0 + LINE * lines.len() as f64)} rx="8" />
                    { text_lines(&lines, x + 10.0, y + 6.0 + FONT, "start") }
                </>
            }
        }
        AnnotationTool::Arrow => {
            let ((x1, y1), (x2, y2)) = a.line.unwrap_or(((r.x, r.y), (r.x, r.y)));
            let end_moves = |e: Option<&ArrowEnd>| {
                e.is_some_and(|e| match &e.target {
                    Some(t) => look.moving.contains(t),
                    None => moved,
                })
            };
            let (from, to) = match &a.ends {
                Some((f, t)) => (Some(f), Some(t)),
                None => (None, None),
            };
            let (x1, y1) = shift((x1, y1), end_moves(from));
            let (x2, y2) = shift((x2, y2), end_moves(to));
            let lines = wrap(&a.text, 30.0, 2);
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            html! {
                <>
                    <line class="arrow-hit" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} pointer-events="stroke" />
                    <line class="arrow-line" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} marker-end="url(#annotation-arrowhead)" pointer-events="none" />
                    if !a.text.is_empty() {
                        { text_lines(&lines, mx, my - 6.0, "middle") }
                    }
                </>
            }
        }
    };
    html! {
        <g key={a.id.clone()} {class} data-id={a.id.clone()} data-annotation={a.tool.slug()} data-testid={format!("annotation-{}", a.id)}
            role="button" aria-label={name} aria-pressed={selected.to_string()} {tabindex}>
            { body }
        </g>
    }
}

/// The next drawing in the layer's order for an arrow key (Right/Down: the next one,
/// Left/Up: the one before); `None` past either end.
pub fn neighbour<'a>(
    annotations: &'a [AnnotationShape],
    from: &str,
    forward: bool,
) -> Option<&'a AnnotationShape> {
    let i = annotations.iter().position(|a| a.id == from)?;
    if forward {
        annotations.get(i + 1)
    } else {
        i.checked_sub(1).and_then(|j| annotations.get(j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Rect;

    fn shape(
        tool: AnnotationTool,
        text: &str,
        ends: Option<(ArrowEnd, ArrowEnd)>,
    ) -> AnnotationShape {
        AnnotationShape {
            id: "a-1".into(),
            tool,
            text: text.into(),
            rect: Rect::default(),
            line: None,
            ends,
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn text_wraps_at_words_keeps_line_breaks_and_ends_with_an_ellipsis_when_cut() {
        let cases: &[(&str, f64, usize, &[&str])] = &[
            ("users in Seoul", 20.0, 3, &["users in Seoul"]),
            (
                "users in Seoul reach the CDN",
                12.0,
                5,
                &["users in", "Seoul reach", "the CDN"],
            ),
            ("one\ntwo", 20.0, 3, &["one", "two"]),
            ("abcdefghij", 4.0, 5, &["abcd", "efgh", "ij"]),
            ("a b c d e f", 4.0, 2, &["a b", "c d…"]),
            // Hangul is about twice as wide as Latin letters.
            ("사용자가 접속", 8.0, 3, &["사용자가", "접속"]),
            ("", 10.0, 3, &[""]),
        ];
        for (text, cols, rows, want) in cases {
            assert_eq!(wrap(text, *cols, *rows), *want, "{text:?}");
        }
        // Markup is just characters: it is wrapped like any text.
        assert_eq!(
            wrap("<img src=x onerror=alert(1)>", 40.0, 2),
            ["<img src=x onerror=alert(1)>"]
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_drawing_says_what_it_is_in_both_languages() {
        let on = |name: &str| ArrowEnd {
            target: Some("i-1".into()),
            name: name.into(),
            point: (0.0, 0.0),
        };
        let point = ArrowEnd {
            target: None,
            name: String::new(),
            point: (5.0, 5.0),
        };
        let cases = [
            (
                shape(AnnotationTool::Note, "users come from Seoul", None),
                "note: users come from Seoul",
                "메모: users come from Seoul",
            ),
            (
                shape(AnnotationTool::Note, " ", None),
                "empty note",
                "빈 메모",
            ),
            (
                shape(AnnotationTool::Box, "on-premises", None),
                "box: on-premises",
                "상자: on-premises",
            ),
            (shape(AnnotationTool::Box, "", None), "empty box", "빈 상자"),
            (
                shape(AnnotationTool::Arrow, "", Some((on("bastion"), on("app")))),
                "arrow from bastion to app",
                "bastion에서 app(으)로 가는 화살표",
            ),
            (
                shape(AnnotationTool::Arrow, "HTTPS", Some((point, on("CDN")))),
                "arrow from a point to CDN: HTTPS",
                "한 점에서 CDN(으)로 가는 화살표: HTTPS",
            ),
        ];
        for (a, en, ko) in cases {
            assert_eq!(accessible_name(Lang::En, &a), en);
            assert_eq!(accessible_name(Lang::Ko, &a), ko);
        }
    }
}
