//! The view model the canvas draws: flat, positioned shapes derived from the design by
//! `bridge`. Views never look inside the simulator's model; they get these.

pub use sim::network::field_edit::FieldKey;

use crate::kind::ComponentKind;

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
    pub fn area(&self) -> f64 {
        self.w * self.h
    }
}

/// Public vs private is a property of routing (R11: a route to an IGW), decided by `sim`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    Public,
    Private,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub id: String,
    pub kind: ComponentKind,
    pub label: String,
    /// A second line: CIDR for containers, private IP for instances.
    pub detail: String,
    pub rect: Rect,
    pub tier: Option<Tier>,
    /// Security groups and similar attachments, shown as badges rather than boxes.
    pub badges: Vec<String>,
    /// A subnet's route table and network ACL, shown as a badge on its box (lit red when a
    /// trace was blocked by one of them there).
    pub policies: Vec<PolicyBadge>,
    /// The container this shape is drawn in (VPC, AZ box or subnet id).
    pub parent: Option<String>,
    /// Rows for the properties panel.
    pub fields: Vec<Field>,
}

/// What a line between two shapes stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A transit gateway to one of its attachments (a VPC's knob or a VPN connection).
    Attachment,
    /// A VPC attachment's knob to one of its subnets (one per availability zone).
    AttachmentSubnet,
    /// A VPN connection to its customer gateway or its virtual private gateway.
    Vpn,
}

impl LinkKind {
    /// A CSS class and test hook.
    pub fn slug(self) -> &'static str {
        match self {
            LinkKind::Attachment => "attachment",
            LinkKind::AttachmentSubnet => "attachment-subnet",
            LinkKind::Vpn => "vpn",
        }
    }
}

/// A line the canvas draws between two shapes (transit gateway attachments, VPN tunnels),
/// in design units; lit with the trace when the packet passes `id`.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The attachment or VPN connection it draws.
    pub id: String,
    pub kind: LinkKind,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// A route table or network ACL drawn as a badge on the subnet it applies to.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyBadge {
    pub id: String,
    /// Its name (or id) as shown.
    pub label: String,
    /// "route table" or "network ACL".
    pub what: &'static str,
}

impl PolicyBadge {
    /// The words drawn on the badge ("RT main", "ACL web-acl"); a shape's accessible name
    /// repeats them, so what is on screen is what a screen reader says.
    pub fn text(&self) -> String {
        let short = if self.what == "route table" {
            "RT"
        } else {
            "ACL"
        };
        format!("{short} {}", self.label)
    }
}

/// How a property is edited in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    ReadOnly,
    Text,
    Toggle,
    /// One of a fixed list: (value, what the list shows), e.g. an AWS service's kind.
    Select(&'static [(&'static str, &'static str)]),
}

/// A value the properties panel words in the reader's language: a message id of
/// `locales/*/properties.ftl` and its text arguments (names and ids, never translated). The
/// view model stays free of a language, so one `shapes()` serves every language.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field `bridge::set_field` edits; `None` for read-only rows.
    pub key: Option<FieldKey>,
    /// The label's message id (`prop-…`), translated where the panel renders it.
    pub label: &'static str,
    pub value: String,
    /// Set for a read-only value that is words rather than data ("none", a note): shown
    /// instead of `value`.
    pub words: Option<Words>,
    pub kind: FieldKind,
}

impl Field {
    pub fn show(label: &'static str, value: &str) -> Field {
        Field {
            key: None,
            label,
            value: value.to_string(),
            words: None,
            kind: FieldKind::ReadOnly,
        }
    }
    /// A read-only row whose value is the message `id` with `args`.
    pub fn say(label: &'static str, id: &'static str, args: &[(&'static str, &str)]) -> Field {
        Field {
            words: Some(Words {
                id,
                args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            }),
            ..Field::show(label, "")
        }
    }
    /// A read-only row showing `value`, or the word "none" when there is none.
    pub fn show_or_none(label: &'static str, value: Option<&str>) -> Field {
        match value {
            Some(v) => Field::show(label, v),
            None => Field::say(label, "prop-value-none", &[]),
        }
    }
    /// A gateway's "Attached to": its VPC, or "detached".
    pub fn attached_to(vpc: Option<&str>) -> Field {
        match vpc {
            Some(vpc) => Field::show("prop-attached-to", vpc),
            None => Field::say("prop-attached-to", "prop-value-detached", &[]),
        }
    }
    pub fn edit(key: FieldKey, label: &'static str, value: &str) -> Field {
        Field {
            key: Some(key),
            label,
            value: value.to_string(),
            words: None,
            kind: FieldKind::Text,
        }
    }
    pub fn select(
        key: FieldKey,
        label: &'static str,
        value: &str,
        options: &'static [(&'static str, &'static str)],
    ) -> Field {
        Field {
            key: Some(key),
            label,
            value: value.to_string(),
            words: None,
            kind: FieldKind::Select(options),
        }
    }
    pub fn toggle(key: FieldKey, label: &'static str, on: bool) -> Field {
        Field {
            key: Some(key),
            label,
            value: on.to_string(),
            words: None,
            kind: FieldKind::Toggle,
        }
    }
}

/// What kind of drawing an annotation is (the palette's Annotate group).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnotationTool {
    Note,
    Box,
    Arrow,
}

impl AnnotationTool {
    pub const ALL: [AnnotationTool; 3] = [
        AnnotationTool::Note,
        AnnotationTool::Box,
        AnnotationTool::Arrow,
    ];

    /// `note`, `box`, `arrow`: the design format's kind, a test id and a CSS class.
    pub fn slug(self) -> &'static str {
        match self {
            AnnotationTool::Note => "note",
            AnnotationTool::Box => "box",
            AnnotationTool::Arrow => "arrow",
        }
    }

    pub fn from_slug(s: &str) -> Option<AnnotationTool> {
        AnnotationTool::ALL.into_iter().find(|t| t.slug() == s)
    }
}

/// One end of an arrow as drawn and named: what it is attached to (its id and the words it
/// is known by), or none for a free point.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowEnd {
    pub target: Option<String>,
    /// The target's label (a component's name, a note's text, a box's label).
    pub name: String,
    pub point: (f64, f64),
}

/// A note, box or arrow of the design's annotation layer, placed for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationShape {
    pub id: String,
    pub tool: AnnotationTool,
    /// A note's text, a box's or an arrow's label (user text: drawn as text, never markup).
    pub text: String,
    /// A note's or box's rectangle; an arrow's bounding box.
    pub rect: Rect,
    /// An arrow's line, from edge to edge of what it joins.
    pub line: Option<((f64, f64), (f64, f64))>,
    pub ends: Option<(ArrowEnd, ArrowEnd)>,
}
