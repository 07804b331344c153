//! A guard every YAML or JSON input passes before it is deserialised.
//!
//! Two things serde alone gets silently wrong are refused here, with where they are:
//! - a **duplicate mapping key** (`kind: Node` then `kind: Pod`): serde keeps the last one,
//!   so the error names the key's field path and both lines;
//! - an **expansion bomb**: YAML aliases repeat their anchor each time they are used, so a
//!   small file can expand to gigabytes while staying under the parser's repetition limit.
//!   The expanded size of a document is capped at [`MAX_NODES`] nodes and
//!   [`MAX_SCALAR_BYTES`] bytes of scalars.
//!
//! The guard walks the parser's events without building values, so it costs one extra parse
//! and no allocation beyond the keys of the mapping being read. Syntax errors are left to the
//! caller's own deserialiser, which reports them in its terms.

use std::cell::RefCell;
use std::fmt;

use crate::network::msg::{msg, Text};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The most nodes (scalars, sequences, mappings) one document may expand to.
pub const MAX_NODES: usize = 1_000_000;
/// The most bytes of scalar text one document may expand to.
pub const MAX_SCALAR_BYTES: usize = 64 * 1024 * 1024;

/// Why an input was refused. The caller adds the file name; [`GuardError::path`] and
/// [`GuardError::message`] are the two halves of the text for callers that show them apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    #[error("{path}: {}", self.message())]
    DuplicateKey {
        /// 0-based index of the document in a multi-document stream.
        document: usize,
        /// Field path of the duplicated key, e.g. `metadata.labels.app`.
        path: String,
        key: String,
        line: usize,
        first_line: usize,
    },
    #[error("{}", self.message())]
    TooDeep { line: usize },
    #[error("{}", self.message())]
    TooLarge {
        document: usize,
        line: usize,
        limit: String,
    },
}

impl GuardError {
    /// The line of the problem (the later one for a duplicate key).
    pub fn line(&self) -> usize {
        match self {
            GuardError::DuplicateKey { line, .. }
            | GuardError::TooLarge { line, .. }
            | GuardError::TooDeep { line } => *line,
        }
    }

    /// The field path of the problem; empty for a whole-document one.
    pub fn path(&self) -> &str {
        match self {
            GuardError::DuplicateKey { path, .. } => path,
            GuardError::TooLarge { .. } | GuardError::TooDeep { .. } => "",
        }
    }

    /// The problem without its path.
    pub fn message(&self) -> String {
        self.text().en
    }

    /// [`GuardError::message`] with its message key and arguments, for the app.
    pub fn text(&self) -> Text {
        match self {
            GuardError::DuplicateKey {
                key,
                line,
                first_line,
                ..
            } => msg!(
                "yaml-duplicate-key",
                "duplicate key `{key}` at line {line} (first at line {first_line}); give each key once",
                key,
                line,
                first_line
            ),
            GuardError::TooDeep { line } => msg!(
                "yaml-too-deep",
                "line {line}: brackets nested more than {max} deep; refusing to parse it",
                line,
                max = MAX_FLOW_DEPTH
            ),
            GuardError::TooLarge { line, limit, .. } => {
                let limit = if limit.ends_with(" nodes") {
                    msg!("yaml-limit-nodes", "{n} nodes", n = MAX_NODES)
                } else {
                    msg!("yaml-limit-text", "{mib} MiB of text", mib = MAX_SCALAR_BYTES >> 20)
                };
                msg!(
                    "yaml-too-large",
                    "line {line}: the document expands to more than {limit} once its aliases are repeated; refusing to load it",
                    line,
                    limit
                )
            }
        }
    }

    /// 0-based index of the offending document.
    pub fn document(&self) -> usize {
        match self {
            GuardError::DuplicateKey { document, .. } | GuardError::TooLarge { document, .. } => {
                *document
            }
            GuardError::TooDeep { .. } => 0,
        }
    }
}

/// The deepest `[`/`{` nesting handed to the YAML parser. serde stops at 128 levels anyway,
/// but only after the parser has read the whole document, which takes minutes for 50,000
/// levels; this lexical pre-check refuses such input at once.
pub const MAX_FLOW_DEPTH: usize = 1000;

/// Checks every document of a YAML stream (JSON is YAML). A [`GuardError::TooDeep`] is found
/// before anything is parsed; its [`GuardError::document`] is 0.
pub fn check_yaml(src: &str) -> Result<(), GuardError> {
    flow_depth(src)?;
    for (index, de) in serde_norway::Deserializer::from_str(src).enumerate() {
        let state = RefCell::new(State::default());
        let Err(e) = walk(de, &state) else { continue };
        let line = e.location().map(|l| l.line()).unwrap_or(0);
        let outcome = state.into_inner().outcome;
        match outcome {
            Some(Outcome::Duplicate {
                map,
                first_index,
                key,
                path,
            }) => {
                // A second walk stops on the first occurrence, so its error carries that line.
                let first_line = serde_norway::Deserializer::from_str(src)
                    .nth(index)
                    .and_then(|de| {
                        let again = RefCell::new(State {
                            stop_at: Some((map, first_index)),
                            ..State::default()
                        });
                        walk(de, &again).err()
                    })
                    .and_then(|e| e.location())
                    .map(|l| l.line())
                    .unwrap_or(0);
                return Err(GuardError::DuplicateKey {
                    document: index,
                    path,
                    key,
                    line,
                    first_line,
                });
            }
            Some(Outcome::TooLarge(limit)) => {
                return Err(GuardError::TooLarge {
                    document: index,
                    line,
                    limit,
                })
            }
            // Not ours (a syntax error, the parser's own limits): the caller reports it.
            None => return Ok(()),
        }
    }
    Ok(())
}

/// Checks one JSON text for duplicate keys. JSON has no aliases, so its size is its length
/// and is not capped (a large account export or generated design stays loadable).
pub fn check_json(src: &str) -> Result<(), GuardError> {
    let state = RefCell::new(State {
        uncapped: true,
        ..State::default()
    });
    let mut de = serde_json::Deserializer::from_str(src);
    let Err(e) = walk(&mut de, &state) else {
        return Ok(());
    };
    let line = e.line();
    match state.into_inner().outcome {
        Some(Outcome::Duplicate {
            map,
            first_index,
            key,
            path,
        }) => {
            let again = RefCell::new(State {
                stop_at: Some((map, first_index)),
                uncapped: true,
                ..State::default()
            });
            let first_line = walk(&mut serde_json::Deserializer::from_str(src), &again)
                .err()
                .map(|e| e.line())
                .unwrap_or(0);
            Err(GuardError::DuplicateKey {
                document: 0,
                path,
                key,
                line,
                first_line,
            })
        }
        Some(Outcome::TooLarge(limit)) => Err(GuardError::TooLarge {
            document: 0,
            line,
            limit,
        }),
        None => Ok(()),
    }
}

/// Counts `[`/`{` nesting, skipping quoted scalars and comments (roughly: a stray bracket in
/// a plain scalar only makes the count higher, and legitimate input is far below the limit).
fn flow_depth(src: &str) -> Result<(), GuardError> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    for c in src.chars() {
        if c == '\n' {
            line += 1;
            comment = false;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if comment => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(GuardError::TooDeep { line });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    Ok(())
}

#[derive(Default)]
struct State {
    nodes: usize,
    bytes: usize,
    /// How many mappings have been entered, in document order (aliases included).
    maps: usize,
    /// Fail on this key (mapping ordinal, key index), to learn its line.
    stop_at: Option<(usize, usize)>,
    /// JSON: no expansion, so no size cap.
    uncapped: bool,
    outcome: Option<Outcome>,
}

enum Outcome {
    Duplicate {
        map: usize,
        first_index: usize,
        key: String,
        path: String,
    },
    TooLarge(String),
}

fn walk<'de, D: Deserializer<'de>>(de: D, state: &RefCell<State>) -> Result<(), D::Error> {
    Node {
        state,
        path: &Seg::Root,
    }
    .deserialize(de)
}

/// A field path as links on the stack, rendered only when a duplicate is found (building a
/// string per node would be most of the guard's cost).
enum Seg<'a> {
    Root,
    Key(&'a Seg<'a>, &'a str),
    Index(&'a Seg<'a>, usize),
}

impl Seg<'_> {
    fn render(&self) -> String {
        match self {
            Seg::Root => String::new(),
            Seg::Key(parent, key) => join(&parent.render(), key),
            Seg::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn count<E: de::Error>(state: &RefCell<State>, bytes: usize) -> Result<(), E> {
    let mut s = state.borrow_mut();
    s.nodes += 1;
    s.bytes = s.bytes.saturating_add(bytes);
    let over = if s.uncapped {
        None
    } else if s.nodes > MAX_NODES {
        Some(format!("{MAX_NODES} nodes"))
    } else if s.bytes > MAX_SCALAR_BYTES {
        Some(format!("{} MiB of text", MAX_SCALAR_BYTES >> 20))
    } else {
        None
    };
    match over {
        Some(limit) => {
            s.outcome = Some(Outcome::TooLarge(limit));
            Err(E::custom("input too large"))
        }
        None => Ok(()),
    }
}

struct Node<'a> {
    state: &'a RefCell<State>,
    path: &'a Seg<'a>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        count(self.state, v.len())
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        count(self.state, v.len())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        count(self.state, 0)
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        count(self.state, 0)?;
        let mut i = 0;
        loop {
            let seg = Seg::Index(self.path, i);
            let node = Node {
                state: self.state,
                path: &seg,
            };
            if seq.next_element_seed(node)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        count(self.state, 0)?;
        let ordinal = {
            let mut s = self.state.borrow_mut();
            s.maps += 1;
            s.maps
        };
        let mut keys: Vec<String> = Vec::new();
        loop {
            let key = Key {
                state: self.state,
                map: ordinal,
                index: keys.len(),
                keys: &keys,
                path: self.path,
            };
            let Some(key) = map.next_key_seed(key)? else {
                return Ok(());
            };
            let seg = Seg::Key(self.path, &key);
            map.next_value_seed(Node {
                state: self.state,
                path: &seg,
            })?;
            keys.push(key);
        }
    }
}

/// A mapping key: a scalar compared with the keys before it (a complex key is walked and
/// compared by nothing, as YAML allows them but no input format of ours uses them).
struct Key<'a> {
    state: &'a RefCell<State>,
    map: usize,
    index: usize,
    keys: &'a [String],
    path: &'a Seg<'a>,
}

impl Key<'_> {
    fn scalar<E: de::Error>(self, key: String) -> Result<String, E> {
        count::<E>(self.state, key.len())?;
        let mut s = self.state.borrow_mut();
        if s.stop_at == Some((self.map, self.index)) {
            return Err(E::custom("first occurrence"));
        }
        if let Some(first_index) = self.keys.iter().position(|k| *k == key) {
            s.outcome = Some(Outcome::Duplicate {
                map: self.map,
                first_index,
                path: join(&self.path.render(), &key),
                key,
            });
            return Err(E::custom("duplicate key"));
        }
        Ok(key)
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<String, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.scalar(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.scalar(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.scalar(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.scalar(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.scalar(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.scalar("null".into())
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.scalar("null".into())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let node = Node {
            state: self.state,
            path: self.path,
        };
        node.visit_seq(seq)?;
        Ok(format!("<complex key {}>", self.index))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let node = Node {
            state: self.state,
            path: self.path,
        };
        node.visit_map(map)?;
        Ok(format!("<complex key {}>", self.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_names_its_path_and_both_lines() {
        let err = check_yaml("kind: Node\nmetadata:\n  name: a\nkind: Pod\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "kind: duplicate key `kind` at line 4 (first at line 1); give each key once"
        );
        let err =
            check_yaml("a: 1\n---\nmetadata:\n  labels:\n    app: x\n    app: y\n").unwrap_err();
        assert_eq!(err.document(), 1);
        assert!(
            err.to_string().starts_with(
                "metadata.labels.app: duplicate key `app` at line 6 (first at line 5)"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_duplicate_key_in_json_names_both_lines() {
        let err = check_json("{\"Vpcs\": [],\n \"Vpcs\": []}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Vpcs: duplicate key `Vpcs` at line 2 (first at line 1); give each key once"
        );
    }

    #[test]
    fn the_same_key_in_sibling_mappings_and_through_aliases_is_not_a_duplicate() {
        check_yaml("a: {x: 1}\nb: {x: 1}\nc: &m {y: 1}\nd: *m\ne: [*m, *m]\n").unwrap();
        check_yaml("- x: 1\n- x: 2\n").unwrap();
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        // 3,000 parser events and 1,000 alias uses: far under serde_norway's repetition limit
        // (100 jumps per event), but 2,000,000 nodes once expanded.
        let anchor = vec!["x"; 2000].join(", ");
        let uses = vec!["*a"; 1000].join(", ");
        let src = format!("a: &a [{anchor}]\nb: [{uses}]\n");
        let err = check_yaml(&src).unwrap_err();
        assert!(
            err.to_string()
                .contains("expands to more than 1000000 nodes"),
            "{err}"
        );
    }

    #[test]
    fn brackets_nested_past_the_limit_are_refused_before_parsing() {
        let err = check_yaml(&format!("a: 1\nb: {}", "[".repeat(50_000))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: brackets nested more than 1000 deep; refusing to parse it"
        );
        check_yaml("a: \"[[[[\"\nb: '{{{{' # [[[[\n").unwrap();
    }

    #[test]
    fn json_is_not_size_capped_as_it_has_no_aliases() {
        let big = format!("[{}]", vec!["1"; MAX_NODES + 10].join(","));
        check_json(&big).unwrap();
    }

    #[test]
    fn syntax_errors_are_left_to_the_caller() {
        check_yaml("a: [1, 2\n").unwrap();
        check_json("{\"a\": ").unwrap();
    }
}
