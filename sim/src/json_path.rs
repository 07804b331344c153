//! The JSON path of the value at a parse error's position, e.g. `network.subnets[0].cidr`.
//!
//! Importers report *where* a field is wrong. `serde_path_to_error` can tell, but it wraps
//! every `Deserialize` impl in its own tracking types, so each model type is compiled a
//! second time (in the browser bundle that was about a tenth of the code). serde_json already
//! says at which byte it gave up; this module re-reads the (syntactically valid) text up to
//! that byte and names the value being read there, in `serde_path_to_error`'s notation
//! (`.` joins keys, `[i]` indexes arrays, `.` alone is the root). A differential test keeps
//! the two in agreement.

/// One level of nesting while scanning.
enum Frame {
    /// In an object: the key whose value is being read (set once the key is read, cleared at
    /// the next comma).
    Object(Option<String>),
    /// In an array: the index of the element being read, once one has started.
    Array(Option<usize>),
}

/// The path of the value that serde_json was reading when it reported an error at `line`
/// and `column` (its 1-based line and its column, which counts the bytes consumed on that
/// line). The text must be syntactically valid JSON up to that point; anything else gives
/// the deepest path reached.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset_of(text, line, column);
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object(None));
                i += 1;
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array(None));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object(key)) => *key = None,
                    Some(Frame::Array(index)) => *index = Some(index.map_or(0, |n| n + 1)),
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let (string, next) = read_string(bytes, i);
                let is_key = matches!(stack.last(), Some(Frame::Object(None)));
                if is_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(string);
                    }
                } else {
                    start_value(&mut stack);
                }
                i = next;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            _ => {
                // A number, true, false or null.
                start_value(&mut stack);
                while i < bytes.len() && !b",}] \t\n\r".contains(&bytes[i]) {
                    i += 1;
                }
            }
        }
    }
    render(&stack)
}

/// A value starts in the innermost container: in an array, that is an element (the first
/// one is index 0; later ones were counted at their comma).
fn start_value(stack: &mut [Frame]) {
    if let Some(Frame::Array(index)) = stack.last_mut() {
        if index.is_none() {
            *index = Some(0);
        }
    }
}

/// The byte offset just past what serde_json consumed.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// Reads a JSON string starting at the quote at `at`; returns its (unescaped enough for
/// keys) text and the offset after the closing quote.
fn read_string(bytes: &[u8], at: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                let escaped = bytes[i + 1];
                match escaped {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'u' => {
                        let hex = std::str::from_utf8(
                            &bytes[(i + 2).min(bytes.len())..(i + 6).min(bytes.len())],
                        )
                        .ok()
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}');
                        let mut buf = [0; 4];
                        out.extend_from_slice(hex.encode_utf8(&mut buf).as_bytes());
                        i += 4;
                    }
                    other => out.push(other),
                }
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), bytes.len())
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Array(Some(index)) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Frame::Object(None) | Frame::Array(None) => {}
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // the fields are only deserialised
    struct Doc {
        name: String,
        items: Vec<Item>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, u8>,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        cidr: String,
        port: u16,
        #[serde(default)]
        nested: Vec<Vec<u8>>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum Kind {
        Plain,
        Rich { level: u8 },
    }

    /// What `serde_path_to_error` says for this input, and what `path_at` says.
    fn both(text: &str) -> (String, String) {
        let mut de = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, Doc>(&mut de)
            .expect_err("the case must be a shape error");
        let plain = serde_json::from_str::<Doc>(text).expect_err("same input");
        (
            tracked.path().to_string(),
            path_at(text, plain.line(), plain.column()),
        )
    }

    #[test]
    fn agrees_with_serde_path_to_error_on_shape_errors() {
        let cases = [
            // (what is wrong, document)
            ("wrong type at the root field", r#"{"name": 5, "items": []}"#),
            ("missing field at the root", r#"{"items": []}"#),
            ("unknown field at the root", r#"{"name": "a", "items": [], "extra": 1}"#),
            (
                "wrong type in the second element",
                r#"{"name": "a", "items": [{"cidr": "x", "port": 1}, {"cidr": 7, "port": 1}]}"#,
            ),
            (
                "number out of range, multi-line",
                "{\n  \"name\": \"a\",\n  \"items\": [\n    {\"cidr\": \"x\", \"port\": 70000}\n  ]\n}",
            ),
            (
                "missing field in an element",
                r#"{"name": "a", "items": [{"cidr": "x"}]}"#,
            ),
            (
                "unknown field in an element",
                r#"{"name": "a", "items": [{"cidr": "x", "port": 1, "bogus": true}]}"#,
            ),
            (
                "object where a string goes",
                r#"{"name": {"first": "a"}, "items": []}"#,
            ),
            (
                "array where a struct goes",
                r#"{"name": "a", "items": [[1, 2]]}"#,
            ),
            (
                "deeply nested array element",
                r#"{"name": "a", "items": [{"cidr": "x", "port": 1, "nested": [[1], [2, 300]]}]}"#,
            ),
            ("map value of the wrong type", r#"{"name": "a", "items": [], "tags": {"a": 1, "b": "x"}}"#),
            ("unknown enum variant", r#"{"name": "a", "items": [], "kind": "Other"}"#),
            (
                "field inside an enum variant",
                r#"{"name": "a", "items": [], "kind": {"Rich": {"level": "high"}}}"#,
            ),
            ("escaped key", r#"{"name": "a", "items": [], "ta\"gs": 1}"#),
            ("the root is an array", r#"[1, 2]"#),
        ];
        for (what, text) in cases {
            let (expected, got) = both(text);
            assert_eq!(got, expected, "{what}: {text}");
        }
    }

    #[test]
    fn position_past_the_end_gives_the_deepest_path() {
        assert_eq!(path_at(r#"{"a": [1, {"b": 2"#, 99, 99), "a[1].b");
        assert_eq!(path_at("", 1, 0), ".");
    }
}
