//! The cluster's network and storage objects for the cluster view's lists: Namespaces, Services,
//! Ingresses, NetworkPolicies and PersistentVolumeClaims summarised row by row (what each one
//! selects, routes or binds, read through `sim::cluster::kubenet::objects` and the run's
//! storage), and edits of one object's manifest done in place in the design's manifests text.
//!
//! Editing works on the text: the manifests are cut into their YAML documents at `---` lines,
//! and an edit replaces, appends or removes exactly one document, so comments and every other
//! document stay byte for byte as they were. A typed manifest is checked on its own first
//! (YAML syntax, the duplicate-key guard, the kind, a name, the same checks `sim` makes when it
//! reads that kind) and then in the whole text; a refusal names the line in the object, the
//! field and its value. The result is a new `design.cluster` value for the editor to commit
//! (undoable, sent to live sessions like any design edit).
//!
//! Guarantees: pure and deterministic; never panics on any text; nothing here decides cluster
//! semantics (selection uses `sim`'s label selectors, endpoints are the run's ready pods).

use serde_json::Value;
use sim::cluster::import::{import_manifests, Diagnostic, Severity};
use sim::cluster::kubenet::network_policy::{Peer, PolicyPort, PortRef, Rule};
use sim::cluster::kubenet::objects::{parse_objects, Objects, ServiceType};
use sim::cluster::model::{LabelSelector, Labels};
use sim::cluster::storage::{pv_zone, Storage};
use sim::network::msg::Text;
use sim::network::Design;

use crate::i18n::Lang;
use crate::t;

/// The kinds the lists show and edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Namespace,
    Service,
    Ingress,
    NetworkPolicy,
    PersistentVolumeClaim,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Namespace,
        Kind::Service,
        Kind::Ingress,
        Kind::NetworkPolicy,
        Kind::PersistentVolumeClaim,
    ];

    /// The manifest's `kind`.
    pub fn api(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Service => "Service",
            Kind::Ingress => "Ingress",
            Kind::NetworkPolicy => "NetworkPolicy",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
        }
    }

    /// A short id for test ids and element ids.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Namespace => "namespace",
            Kind::Service => "service",
            Kind::Ingress => "ingress",
            Kind::NetworkPolicy => "networkpolicy",
            Kind::PersistentVolumeClaim => "pvc",
        }
    }

    fn namespaced(self) -> bool {
        self != Kind::Namespace
    }

    fn from_api(kind: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.api() == kind)
    }

    /// A starting manifest for a new object of this kind in `namespace`.
    pub fn template(self, name: &str, namespace: &str) -> String {
        match self {
            Kind::Namespace => format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:\n    team: {name}\n"
            ),
            Kind::Service => format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  type: ClusterIP\n  selector:\n    app: {name}\n  ports:\n  - port: 80\n    targetPort: 8080\n"
            ),
            Kind::Ingress => format!(
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  ingressClassName: alb\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: {name}\n            port:\n              number: 80\n"
            ),
            Kind::NetworkPolicy => format!(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  podSelector:\n    matchLabels:\n      app: {name}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector: {{}}\n"
            ),
            Kind::PersistentVolumeClaim => format!(
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 10Gi\n"
            ),
        }
    }
}

// ----- the manifests text and its documents ------------------------------------------------------

/// One YAML document of the manifests text: where it is and what it declares.
#[derive(Clone, Debug, PartialEq)]
struct Doc {
    /// Byte range of the document's own lines (without the `---` line before it).
    start: usize,
    end: usize,
    kind: Option<Kind>,
    /// `namespace/name` (`name` for a Namespace).
    key: Option<String>,
}

/// The manifests as text: a YAML string as the design holds it, or JSON forms written as YAML
/// documents (JSON has no comments to keep).
fn manifests_text(design: &Design) -> Result<String, String> {
    let raw = match &design.cluster {
        Value::Null => return Ok(String::new()),
        Value::String(s) => s.clone(),
        Value::Object(m) if matches!(m.get("manifests"), Some(Value::String(_))) => {
            m["manifests"].as_str().unwrap_or_default().to_string()
        }
        _ => sim::grade::manifest_text(design)?.unwrap_or_default(),
    };
    let lead = raw.trim_start();
    if lead.starts_with('{') || lead.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(&raw) {
            let items = match v {
                Value::Array(a) => a,
                Value::Object(ref m) if m.get("kind").and_then(Value::as_str) == Some("List") => m
                    .get("items")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                other => vec![other],
            };
            let docs: Vec<String> = items
                .iter()
                .filter_map(|i| serde_norway::to_string(i).ok())
                .collect();
            return Ok(docs.join("---\n"));
        }
    }
    Ok(expand_lists(raw))
}

/// `kubectl get … -o yaml` writes one `kind: List` document holding every object under
/// `items`; each item becomes a document of its own so that it can be listed and edited on its
/// own. Other documents are kept byte for byte (a List has no comments worth keeping: kubectl
/// writes none).
fn expand_lists(raw: String) -> String {
    if !raw.contains("List") {
        return raw;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut expanded = false;
    for (start, end) in split(&raw) {
        let text = &raw[start..end];
        let items = parse_doc(text).and_then(|v| {
            (v.get("kind").and_then(Value::as_str) == Some("List"))
                .then(|| v.get("items").and_then(Value::as_array).cloned())
                .flatten()
        });
        match items {
            Some(items) => {
                expanded = true;
                parts.extend(items.iter().filter_map(|i| serde_norway::to_string(i).ok()));
            }
            None if text.trim().is_empty() => {}
            None => {
                let mut t = text.to_string();
                if !t.ends_with('\n') {
                    t.push('\n');
                }
                parts.push(t);
            }
        }
    }
    if expanded {
        parts.join("---\n")
    } else {
        raw
    }
}

/// The new `design.cluster` holding `text` in the shape the design had (a string, or the
/// `{"manifests": …, "events": …}` object with its events kept).
fn with_text(design: &Design, text: String) -> Value {
    match &design.cluster {
        Value::Object(m) if m.contains_key("manifests") => {
            let mut m = m.clone();
            m.insert("manifests".into(), Value::String(text));
            Value::Object(m)
        }
        _ => Value::String(text),
    }
}

/// Is this line a document separator (`---`, maybe with a comment after it)?
fn is_separator(line: &str) -> bool {
    let l = line.trim_end_matches(['\r', '\n']);
    match l.strip_prefix("---") {
        Some(rest) => rest.trim().is_empty() || rest.trim_start().starts_with('#'),
        None => false,
    }
}

/// The document ranges of `text`: split at separator lines, each range the lines between.
fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if is_separator(line) {
            out.push((start, at));
            start = at + line.len();
        }
        at += line.len();
    }
    out.push((start, text.len()));
    out
}

fn key_of(kind: Kind, v: &Value) -> Option<String> {
    let meta = v.get("metadata")?;
    let name = meta.get("name")?.as_str()?;
    if !kind.namespaced() {
        return Some(name.to_string());
    }
    let ns = meta
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("default");
    Some(format!("{ns}/{name}"))
}

fn parse_doc(text: &str) -> Option<Value> {
    if sim::yaml::check_yaml(text).is_err() {
        return None;
    }
    serde_norway::from_str::<Value>(text).ok()
}

fn docs(text: &str) -> Vec<Doc> {
    split(text)
        .into_iter()
        .map(|(start, end)| {
            let v = parse_doc(&text[start..end]);
            let kind = v
                .as_ref()
                .and_then(|v| v.get("kind"))
                .and_then(Value::as_str)
                .and_then(Kind::from_api);
            let key = match (kind, v.as_ref()) {
                (Some(k), Some(v)) => key_of(k, v),
                _ => None,
            };
            Doc {
                start,
                end,
                kind,
                key,
            }
        })
        .collect()
}

fn find(text: &str, kind: Kind, key: &str) -> Option<Doc> {
    docs(text)
        .into_iter()
        .find(|d| d.kind == Some(kind) && d.key.as_deref() == Some(key))
}

/// The manifest of one object as written (comments and all), for the YAML dialog.
pub fn object_yaml(design: &Design, kind: Kind, key: &str) -> Option<String> {
    let text = manifests_text(design).ok()?;
    let d = find(&text, kind, key)?;
    Some(text[d.start..d.end].trim_end().to_string() + "\n")
}

// ----- refusals ----------------------------------------------------------------------------------

/// Why a typed manifest was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Nothing was typed.
    Empty,
    /// More than one document (a `---` line inside).
    SeveralDocuments,
    /// The YAML does not parse (the parser's words).
    Syntax(String),
    /// Not a mapping at the top.
    NotAMapping,
    /// `kind` is not the list's kind.
    WrongKind { expected: &'static str },
    /// `metadata.name` missing or not a string.
    NoName,
    /// Another object of the kind already has this key.
    Taken(String),
    /// `sim` refused a field when it read the object (its words, with their message key when
    /// it has one, so the refusal is worded in the reader's language).
    Sim(Box<Text>),
    /// The object is not in the manifests text (changed meanwhile).
    Gone(String),
}

/// A refused edit: where in the typed object, which field, its value, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct EditError {
    /// 1-based line in the typed object, when known.
    pub line: Option<usize>,
    /// Dotted field path (`spec.podSelector.matchLabels`), empty for the whole object.
    pub field: String,
    /// The value found there, compact (`"web"`, `{"app":"api"}`), empty when none.
    pub value: String,
    pub problem: Problem,
}

impl EditError {
    fn whole(problem: Problem) -> EditError {
        EditError {
            line: None,
            field: String::new(),
            value: String::new(),
            problem,
        }
    }

    /// The refusal in `lang`: the location, then the reason. `sim`'s sentences are worded from
    /// their message key (English where one has none); the YAML parser's own stay as it wrote
    /// them.
    pub fn text(&self, lang: Lang) -> String {
        let why = match &self.problem {
            Problem::Empty => t!(lang, "k8s-error-empty"),
            Problem::SeveralDocuments => t!(lang, "k8s-error-several"),
            Problem::Syntax(s) => t!(lang, "k8s-error-syntax", detail = s.as_str()),
            Problem::NotAMapping => t!(lang, "k8s-error-not-mapping"),
            Problem::WrongKind { expected } => t!(lang, "k8s-error-kind", kind = *expected),
            Problem::NoName => t!(lang, "k8s-error-no-name"),
            Problem::Taken(key) => t!(lang, "k8s-error-taken", key = key.as_str()),
            Problem::Sim(s) => crate::i18n::explain::text(lang, s),
            Problem::Gone(key) => t!(lang, "k8s-error-gone", key = key.as_str()),
        };
        let place = match (self.line, self.field.is_empty(), self.value.is_empty()) {
            (Some(l), false, false) => t!(
                lang,
                "k8s-error-at-field-value",
                line = l,
                field = self.field.as_str(),
                value = self.value.as_str()
            ),
            (Some(l), false, true) => {
                t!(
                    lang,
                    "k8s-error-at-field",
                    line = l,
                    field = self.field.as_str()
                )
            }
            (Some(l), true, _) => t!(lang, "k8s-error-at-line", line = l),
            (None, false, _) => t!(lang, "k8s-error-field", field = self.field.as_str()),
            (None, true, _) => String::new(),
        };
        if place.is_empty() {
            why
        } else {
            format!("{place}: {why}")
        }
    }
}

/// The value at a dotted field path with `[n]` indexes, compact JSON (strings quoted).
fn value_at(v: &Value, path: &str) -> Option<String> {
    let mut cur = v;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (key, rest) = match seg.find('[') {
            Some(i) => (&seg[..i], &seg[i..]),
            None => (seg, ""),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        for ix in rest.split('[').filter(|s| !s.is_empty()) {
            let n: usize = ix.trim_end_matches(']').parse().ok()?;
            cur = cur.get(n)?;
        }
    }
    Some(cur.to_string())
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The 1-based line of a dotted field path in YAML text: each key is looked for in the block
/// of the one before it (deeper indentation), `[n]` steps to the n-th `- ` item; flow style on
/// one line (`{app: web}`, `[…]`) ends at that line. The deepest key found is the answer.
fn line_of(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0usize;
    let mut parent: Option<usize> = None; // indentation of the enclosing key
    let mut found: Option<usize> = None;
    let live = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    'segs: for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (key, rest) = match seg.find('[') {
            Some(i) => (&seg[..i], &seg[i..]),
            None => (seg, ""),
        };
        if let Some(f) = found {
            // Flow style: the rest of the path is on this line.
            let after = lines[f].split_once(':').map(|x| x.1).unwrap_or("");
            if after.trim_start().starts_with(['{', '[']) {
                break;
            }
        }
        let mut hit = None;
        for (i, l) in lines.iter().enumerate().skip(from) {
            if !live(l) {
                continue;
            }
            let ind = indent(l);
            if i > from && parent.is_some_and(|p| ind <= p) && found.is_some() {
                break;
            }
            let body = l.trim_start().trim_start_matches("- ");
            if body.starts_with(&format!("{key}:")) {
                hit = Some((i, ind + (l.trim_start().len() - body.len())));
                break;
            }
        }
        let Some((i, ind)) = hit else { break };
        found = Some(i);
        parent = Some(ind);
        from = i + 1;
        for ix in rest.split('[').filter(|s| !s.is_empty()) {
            let Ok(n) = ix.trim_end_matches(']').parse::<usize>() else {
                break 'segs;
            };
            let after = lines[i].split_once(':').map(|x| x.1).unwrap_or("");
            if after.trim_start().starts_with('[') {
                break 'segs;
            }
            let mut seen = 0;
            let mut item = None;
            for (j, l) in lines.iter().enumerate().skip(from) {
                if !live(l) {
                    continue;
                }
                let ind_j = indent(l);
                if ind_j < ind || (ind_j == ind && !l.trim_start().starts_with("- ")) {
                    break;
                }
                if l.trim_start().starts_with("- ") && parent.is_some_and(|p| ind_j >= p) {
                    let item_ind = ind_j;
                    if seen == n {
                        item = Some((j, item_ind));
                        break;
                    }
                    seen += 1;
                }
            }
            let Some((j, item_ind)) = item else {
                break 'segs;
            };
            found = Some(j);
            // Keys of the item are at its dash's indentation + 2.
            parent = Some(item_ind);
            from = j;
        }
    }
    found.map(|i| i + 1)
}

/// Checks one typed manifest of `kind`; returns its key (`namespace/name`, `name`).
fn check_one(kind: Kind, text: &str) -> Result<String, EditError> {
    if text.trim().is_empty() {
        return Err(EditError::whole(Problem::Empty));
    }
    let parts = split(text);
    if parts.len() > 1 {
        let line = text[..parts[0].1].lines().count() + 1;
        return Err(EditError {
            line: Some(line),
            field: String::new(),
            value: "---".into(),
            problem: Problem::SeveralDocuments,
        });
    }
    if let Err(e) = sim::yaml::check_yaml(text) {
        return Err(EditError {
            line: Some(e.line()).filter(|l| *l > 0),
            field: e.path().to_string(),
            value: String::new(),
            problem: Problem::Syntax(e.message()),
        });
    }
    let v: Value = match serde_norway::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map(|l| l.line());
            let value = line
                .and_then(|l| text.lines().nth(l.saturating_sub(1)))
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            let detail = e.to_string();
            // The parser's sentence ends with its own "at line L column C": the line is shown
            // in front already.
            let detail = detail
                .split(" at line ")
                .next()
                .unwrap_or(&detail)
                .to_string();
            return Err(EditError {
                line,
                field: String::new(),
                value,
                problem: Problem::Syntax(detail),
            });
        }
    };
    let at = |field: &str, problem: Problem| EditError {
        line: line_of(text, field),
        field: field.to_string(),
        value: value_at(&v, field).unwrap_or_default(),
        problem,
    };
    if !v.is_object() {
        return Err(EditError {
            line: Some(1),
            field: String::new(),
            value: String::new(),
            problem: Problem::NotAMapping,
        });
    }
    if v.get("kind").and_then(Value::as_str) != Some(kind.api()) {
        return Err(at(
            "kind",
            Problem::WrongKind {
                expected: kind.api(),
            },
        ));
    }
    let Some(key) = key_of(kind, &v).filter(|k| !k.ends_with('/') && !k.is_empty()) else {
        return Err(at("metadata.name", Problem::NoName));
    };
    // What `sim` says when it reads this object alone: the network kinds' reader and the
    // scheduler's importer (storage, Services).
    let (_, net) = parse_objects(&[("object", text)]);
    let (_, imp) = import_manifests(text);
    let first = net
        .iter()
        .chain(imp.iter())
        .find(|d| d.severity == Severity::Error);
    if let Some(d) = first {
        return Err(sim_error(text, &v, d));
    }
    Ok(key)
}

fn sim_error(text: &str, v: &Value, d: &Diagnostic) -> EditError {
    EditError {
        line: if d.field.is_empty() {
            None
        } else {
            line_of(text, &d.field)
        },
        field: d.field.clone(),
        value: if d.field.is_empty() {
            String::new()
        } else {
            value_at(v, &d.field).unwrap_or_default()
        },
        problem: Problem::Sim(Box::new(Text {
            en: d.message.clone(),
            msg: d.message_msg.clone(),
        })),
    }
}

/// The errors `sim` finds in a whole manifests text (both readers).
fn error_count(text: &str) -> usize {
    let (_, net) = parse_objects(&[("manifests", text)]);
    let (_, imp) = import_manifests(text);
    net.iter()
        .chain(imp.iter())
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// `doc` as a document of the text: ends with a newline.
fn tidy(doc: &str) -> String {
    let mut d = doc.trim_end().to_string();
    d.push('\n');
    d
}

/// Checks the whole new text: it must not have more errors than the old one.
fn check_whole(old: &str, new: &str, typed: &str) -> Result<(), EditError> {
    if error_count(new) > error_count(old) {
        let (_, net) = parse_objects(&[("manifests", new)]);
        let (_, imp) = import_manifests(new);
        let v: Value = serde_norway::from_str(typed).unwrap_or(Value::Null);
        if let Some(d) = net
            .iter()
            .chain(imp.iter())
            .find(|d| d.severity == Severity::Error)
        {
            return Err(sim_error(typed, &v, d));
        }
    }
    Ok(())
}

/// The new `design.cluster` with object `key` of `kind` replaced by `typed` (its document only:
/// the text before and after it is kept as it was), or why the typed manifest is refused.
pub fn replace_object(
    design: &Design,
    kind: Kind,
    key: &str,
    typed: &str,
) -> Result<Value, EditError> {
    let new_key = check_one(kind, typed)?;
    let text = manifests_text(design)
        .map_err(|e| EditError::whole(Problem::Sim(Box::new(Text::from(e)))))?;
    let Some(doc) = find(&text, kind, key) else {
        return Err(EditError::whole(Problem::Gone(key.to_string())));
    };
    if new_key != key && find(&text, kind, &new_key).is_some() {
        return Err(EditError {
            line: line_of(typed, "metadata.name"),
            field: "metadata.name".into(),
            value: new_key.clone(),
            problem: Problem::Taken(new_key),
        });
    }
    let new = format!("{}{}{}", &text[..doc.start], tidy(typed), &text[doc.end..]);
    check_whole(&text, &new, typed)?;
    Ok(with_text(design, new))
}

/// The new `design.cluster` with `typed` appended as a new document of `kind`.
pub fn add_object(design: &Design, kind: Kind, typed: &str) -> Result<Value, EditError> {
    let key = check_one(kind, typed)?;
    let text = manifests_text(design)
        .map_err(|e| EditError::whole(Problem::Sim(Box::new(Text::from(e)))))?;
    if find(&text, kind, &key).is_some() {
        return Err(EditError {
            line: line_of(typed, "metadata.name"),
            field: "metadata.name".into(),
            value: key.clone(),
            problem: Problem::Taken(key),
        });
    }
    let new = if text.trim().is_empty() {
        tidy(typed)
    } else {
        let mut t = text.clone();
        if !t.ends_with('\n') {
            t.push('\n');
        }
        format!("{t}---\n{}", tidy(typed))
    };
    check_whole(&text, &new, typed)?;
    Ok(with_text(design, new))
}

/// The new `design.cluster` without object `key` of `kind` (its document and one separator).
pub fn delete_object(design: &Design, kind: Kind, key: &str) -> Result<Value, EditError> {
    let text = manifests_text(design)
        .map_err(|e| EditError::whole(Problem::Sim(Box::new(Text::from(e)))))?;
    let all = docs(&text);
    let Some(i) = all
        .iter()
        .position(|d| d.kind == Some(kind) && d.key.as_deref() == Some(key))
    else {
        return Err(EditError::whole(Problem::Gone(key.to_string())));
    };
    // Remove the document with the separator line after it (or before it, for the last one).
    let (from, to) = if i + 1 < all.len() {
        (all[i].start, all[i + 1].start)
    } else if i > 0 {
        (all[i - 1].end, all[i].end)
    } else {
        (all[i].start, all[i].end)
    };
    let new = format!("{}{}", &text[..from], &text[to..]);
    Ok(with_text(design, new))
}

/// A free name for a new object of `kind` (`<kind>-<n>`), in `default` for namespaced kinds.
pub fn new_object(design: &Design, kind: Kind) -> String {
    let text = manifests_text(design).unwrap_or_default();
    let taken: Vec<String> = docs(&text)
        .into_iter()
        .filter(|d| d.kind == Some(kind))
        .filter_map(|d| d.key)
        .collect();
    let base = match kind {
        Kind::Namespace => "team",
        Kind::Service => "svc",
        Kind::Ingress => "ingress",
        Kind::NetworkPolicy => "policy",
        Kind::PersistentVolumeClaim => "data",
    };
    let name = (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|n| {
            let key = if kind.namespaced() {
                format!("default/{n}")
            } else {
                n.clone()
            };
            !taken.contains(&key)
        })
        .expect("a free name");
    kind.template(&name, "default")
}

// ----- the lists ---------------------------------------------------------------------------------

/// A pod as the lists see it at the view's current time.
#[derive(Clone, Debug, PartialEq)]
pub struct LivePod {
    /// `namespace/name`.
    pub key: String,
    pub namespace: String,
    pub labels: Labels,
    pub ready: bool,
    pub node: Option<String>,
    /// The claims its volumes name (`spec.volumes[].persistentVolumeClaim.claimName`).
    pub claims: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NamespaceRow {
    pub name: String,
    /// `key=value`, the automatic `kubernetes.io/metadata.name` included.
    pub labels: Vec<String>,
    /// Declared by a document (editable), else only named by other objects.
    pub declared: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRow {
    pub key: String,
    /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
    pub kind: &'static str,
    pub headless: bool,
    pub cluster_ip: Option<String>,
    /// kubectl's notation: `80:30080 → http/TCP`.
    pub ports: Vec<String>,
    /// `app=web`; `None` = no selector (endpoints managed by hand).
    pub selector: Option<String>,
    /// Pods the selector picks (not terminating), ready or not.
    pub pods: Vec<String>,
    pub ready: usize,
    pub declared: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IngressRow {
    pub key: String,
    pub class: Option<String>,
    /// `host/path → service:port`, `*` for any host; `None` host and path = the default backend.
    pub rules: Vec<(Option<String>, String)>,
    pub declared: bool,
}

/// One peer of a policy rule.
#[derive(Clone, Debug, PartialEq)]
pub enum PeerLine {
    /// `pods` / `namespaces`: the selector text, `Some("")` = every pod / namespace,
    /// `namespaces: None` = the policy's own namespace.
    Pods {
        pods: Option<String>,
        namespaces: Option<String>,
    },
    Ip {
        cidr: String,
        except: Vec<String>,
    },
}

/// One ingress or egress rule: empty `peers` = every peer, empty `ports` = every port.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleLine {
    pub peers: Vec<PeerLine>,
    pub ports: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    pub key: String,
    pub namespace: String,
    /// The podSelector; empty = every pod of the namespace.
    pub selector: String,
    pub isolates_ingress: bool,
    pub isolates_egress: bool,
    pub ingress: Vec<RuleLine>,
    pub egress: Vec<RuleLine>,
    /// Pods it selects now.
    pub pods: Vec<String>,
    pub declared: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClaimRow {
    pub key: String,
    pub class: String,
    /// `10Gi`.
    pub size: String,
    pub access: Vec<String>,
    pub volume: Option<String>,
    pub zone: Option<String>,
    pub bound: bool,
    /// The StatefulSet (`namespace/name`) whose volumeClaimTemplates made it.
    pub owner: Option<String>,
    /// The pod (`namespace/name`) that uses it now, if any.
    pub pod: Option<String>,
    pub declared: bool,
}

/// Every list of the cluster view's objects section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectLists {
    pub namespaces: Vec<NamespaceRow>,
    pub services: Vec<ServiceRow>,
    pub ingresses: Vec<IngressRow>,
    pub policies: Vec<PolicyRow>,
    pub claims: Vec<ClaimRow>,
}

/// The manifests' network objects and which documents declare what (computed once per design).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    objects: Objects,
    declared: Vec<(Kind, String)>,
    /// StatefulSets' `(namespace, name, template names)`.
    templates: Vec<(String, String, Vec<String>)>,
}

/// Reads the design's manifests for the lists.
pub fn parse(design: &Design) -> Parsed {
    let Ok(text) = manifests_text(design) else {
        return Parsed::default();
    };
    let (objects, _) = parse_objects(&[("manifests", text.as_str())]);
    let declared = docs(&text)
        .into_iter()
        .filter_map(|d| Some((d.kind?, d.key?)))
        .collect();
    let (m, _) = import_manifests(&text);
    let templates = m
        .cluster
        .stateful_sets
        .iter()
        .map(|s| {
            (
                s.namespace.clone(),
                s.name.clone(),
                s.volume_claim_templates
                    .iter()
                    .map(|c| c.name.clone())
                    .collect(),
            )
        })
        .collect();
    Parsed {
        objects,
        declared,
        templates,
    }
}

fn labels_text(l: &Labels) -> String {
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// kubectl's selector text, empty for a selector that selects everything.
fn selector(sel: &LabelSelector) -> String {
    if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
        String::new()
    } else {
        sim::cluster::kubenet::network_policy::selector_text(sel)
    }
}

fn port_ref(p: &PortRef) -> String {
    match p {
        PortRef::Number(n) => n.to_string(),
        PortRef::Name(s) => s.clone(),
    }
}

fn policy_port(p: &PolicyPort) -> String {
    match (&p.port, p.end_port) {
        (None, _) => p.protocol.name().to_string(),
        (Some(PortRef::Number(a)), Some(b)) => format!("{} {a}-{b}", p.protocol.name()),
        (Some(r), _) => format!("{} {}", p.protocol.name(), port_ref(r)),
    }
}

fn rule_line(r: &Rule) -> RuleLine {
    RuleLine {
        peers: r
            .peers
            .iter()
            .map(|p| match p {
                Peer::Pods { pods, namespaces } => PeerLine::Pods {
                    pods: pods.as_ref().map(selector),
                    namespaces: namespaces.as_ref().map(selector),
                },
                Peer::IpBlock { cidr, except } => PeerLine::Ip {
                    cidr: cidr.to_string(),
                    except: except.iter().map(|c| c.to_string()).collect(),
                },
            })
            .collect(),
        ports: r.ports.iter().map(policy_port).collect(),
    }
}

fn size_text(bytes: i64) -> String {
    crate::bridge::cluster::memory_text(bytes)
}

/// The lists at one moment: `pods` are the live pods then, `storage` the run's storage then.
pub fn lists(parsed: &Parsed, pods: &[LivePod], storage: &Storage) -> ObjectLists {
    let declared =
        |kind: Kind, key: &str| parsed.declared.iter().any(|(k, x)| *k == kind && x == key);
    let o = &parsed.objects;
    let mut namespaces: Vec<NamespaceRow> = o
        .namespaces
        .labels
        .iter()
        .map(|(name, labels)| NamespaceRow {
            name: name.clone(),
            labels: labels.iter().map(|(k, v)| format!("{k}={v}")).collect(),
            declared: declared(Kind::Namespace, name),
        })
        .collect();
    // Namespaces the pods live in without a Namespace document (`default`): only the
    // automatic name label.
    let mut used: Vec<&str> = pods.iter().map(|p| p.namespace.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    for ns in used {
        if !namespaces.iter().any(|n| n.name == ns) {
            namespaces.push(NamespaceRow {
                name: ns.to_string(),
                labels: vec![format!("kubernetes.io/metadata.name={ns}")],
                declared: false,
            });
        }
    }
    namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    let services = o
        .services
        .iter()
        .map(|s| {
            let picked: Vec<&LivePod> = match &s.selector {
                Some(sel) if !sel.is_empty() => pods
                    .iter()
                    .filter(|p| {
                        p.namespace == s.namespace
                            && sel.iter().all(|(k, v)| p.labels.get(k) == Some(v))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let target = |sp: &sim::cluster::kubenet::objects::ServicePort| {
                let front = match sp.node_port {
                    Some(n) if s.kind != ServiceType::ClusterIp => format!("{}:{n}", sp.port),
                    _ => sp.port.to_string(),
                };
                format!(
                    "{front} → {}/{}",
                    port_ref(&sp.target_port),
                    sp.protocol.name()
                )
            };
            ServiceRow {
                key: s.key(),
                kind: match s.kind {
                    ServiceType::ClusterIp => "ClusterIP",
                    ServiceType::NodePort => "NodePort",
                    ServiceType::LoadBalancer => "LoadBalancer",
                    ServiceType::ExternalName => "ExternalName",
                },
                headless: s.cluster_ip.is_none() && s.kind == ServiceType::ClusterIp,
                cluster_ip: s
                    .cluster_ip
                    .map(|ip| std::net::Ipv4Addr::from(ip).to_string()),
                ports: s.ports.iter().map(target).collect(),
                selector: s.selector.as_ref().map(labels_text),
                ready: picked
                    .iter()
                    .filter(|p| p.ready && p.node.is_some())
                    .count(),
                pods: picked.iter().map(|p| p.key.clone()).collect(),
                declared: declared(Kind::Service, &s.key()),
            }
        })
        .collect();
    let ingresses = o
        .ingresses
        .iter()
        .map(|i| IngressRow {
            key: i.key(),
            class: i.class.clone(),
            rules: i
                .backends
                .iter()
                .map(|b| {
                    let to = format!("{}:{}", b.service, port_ref(&b.port));
                    if b.host.is_empty() && b.path.is_empty() {
                        (None, to)
                    } else {
                        let host = if b.host.is_empty() { "*" } else { &b.host };
                        (Some(format!("{host}{}", b.path)), to)
                    }
                })
                .collect(),
            declared: declared(Kind::Ingress, &i.key()),
        })
        .collect();
    let policies = o
        .policies
        .iter()
        .map(|p| PolicyRow {
            key: p.key(),
            namespace: p.namespace.clone(),
            selector: selector(&p.pod_selector),
            isolates_ingress: p.isolates_ingress,
            isolates_egress: p.isolates_egress,
            ingress: p.ingress.iter().map(rule_line).collect(),
            egress: p.egress.iter().map(rule_line).collect(),
            pods: pods
                .iter()
                .filter(|x| x.namespace == p.namespace && p.pod_selector.matches(&x.labels))
                .map(|x| x.key.clone())
                .collect(),
            declared: declared(Kind::NetworkPolicy, &p.key()),
        })
        .collect();
    let claims = storage
        .claims
        .iter()
        .map(|c| {
            let key = format!("{}/{}", c.namespace, c.name);
            let pv = c
                .volume_name
                .as_deref()
                .and_then(|v| storage.volume(v))
                .filter(|_| storage.is_bound(c));
            let owner = parsed.templates.iter().find_map(|(ns, sts, names)| {
                (*ns == c.namespace
                    && names.iter().any(|t| {
                        c.name
                            .strip_prefix(&format!("{t}-{sts}-"))
                            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()))
                    }))
                .then(|| format!("{ns}/{sts}"))
            });
            ClaimRow {
                class: c.storage_class.clone(),
                size: size_text(c.request),
                access: c.access_modes.iter().map(|a| format!("{a:?}")).collect(),
                volume: pv.map(|v| v.name.clone()),
                zone: pv.and_then(pv_zone),
                bound: pv.is_some(),
                owner,
                pod: pods
                    .iter()
                    .find(|p| p.namespace == c.namespace && p.claims.contains(&c.name))
                    .map(|p| p.key.clone()),
                declared: declared(Kind::PersistentVolumeClaim, &key),
                key,
            }
        })
        .collect();
    ObjectLists {
        namespaces,
        services,
        ingresses,
        policies,
        claims,
    }
}

/// One peer in words.
pub fn peer_text(lang: Lang, p: &PeerLine) -> String {
    let any = |s: &str| {
        if s.is_empty() {
            t!(lang, "k8s-any-labels")
        } else {
            s.to_string()
        }
    };
    match p {
        PeerLine::Pods {
            pods: Some(p),
            namespaces: None,
        } => t!(lang, "k8s-peer-pods-here", pods = any(p)),
        PeerLine::Pods {
            pods: Some(p),
            namespaces: Some(n),
        } => t!(lang, "k8s-peer-pods-in", pods = any(p), namespaces = any(n)),
        PeerLine::Pods {
            pods: None,
            namespaces: Some(n),
        } => t!(lang, "k8s-peer-namespaces", namespaces = any(n)),
        PeerLine::Pods {
            pods: None,
            namespaces: None,
        } => t!(lang, "k8s-peer-pods-here", pods = any("")),
        PeerLine::Ip { cidr, except } if except.is_empty() => cidr.clone(),
        PeerLine::Ip { cidr, except } => t!(
            lang,
            "k8s-peer-ip-except",
            cidr = cidr.as_str(),
            except = except.join(", ")
        ),
    }
}

/// One rule in words: from whom (an ingress rule) or to whom (`egress`), on which ports.
pub fn rule_text(lang: Lang, r: &RuleLine, egress: bool) -> String {
    let peers = if r.peers.is_empty() {
        t!(lang, "k8s-peer-anyone")
    } else {
        r.peers
            .iter()
            .map(|p| peer_text(lang, p))
            .collect::<Vec<_>>()
            .join(t!(lang, "k8s-or").as_str())
    };
    let ports = if r.ports.is_empty() {
        t!(lang, "k8s-every-port")
    } else {
        r.ports.join(", ")
    };
    if egress {
        t!(lang, "k8s-rule-to", peers = peers, ports = ports)
    } else {
        t!(lang, "k8s-rule-from", peers = peers, ports = ports)
    }
}

/// Which directions a policy isolates, in words.
pub fn isolates_text(lang: Lang, p: &PolicyRow) -> String {
    match (p.isolates_ingress, p.isolates_egress) {
        (true, true) => t!(lang, "k8s-isolates-both"),
        (true, false) => t!(lang, "k8s-isolates-ingress"),
        (false, true) => t!(lang, "k8s-isolates-egress"),
        (false, false) => t!(lang, "k8s-isolates-none"),
    }
}

#[cfg(test)]
mod tests;
