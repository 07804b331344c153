//! A small HCL writer in `terraform fmt` style: two-space indents, `=` aligned across a run
//! of one-line attributes, a blank line around multi-line values.
//!
//! **Guarantee**: user text only ever appears inside a quoted string literal, escaped by
//! [`quote`] (quotes, backslashes, control characters, and the template markers `${` and
//! `%{`), so a component name cannot end a string, open an interpolation or a directive, or
//! add a line; the round-trip test reads hostile names back through the importer's parser. References ([`Expr::Ref`]) and keys are built only from Terraform identifiers
//! that the exporter made itself.

/// An HCL expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Expr {
    /// A quoted string: any text, escaped.
    Str(String),
    /// A traversal or call text made by the exporter from identifiers (`aws_vpc.main.id`).
    Ref(String),
    Num(i64),
    Bool(bool),
    List(Vec<Expr>),
    /// An object; keys that are not identifiers are quoted.
    Map(Vec<(String, Expr)>),
    /// A function call, e.g. `cidrhost(aws_subnet.a.cidr_block, 10)`.
    Call(&'static str, Vec<Expr>),
}

impl Expr {
    pub(super) fn str(s: impl Into<String>) -> Expr {
        Expr::Str(s.into())
    }
}

/// One item of a block body.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Item {
    Attr(String, Expr),
    Block(Block),
}

/// A block: `kind "label" "label" { … }`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub items: Vec<Item>,
}

impl Block {
    pub(super) fn new(kind: &str, labels: &[&str]) -> Block {
        Block {
            kind: kind.into(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            items: Vec::new(),
        }
    }
    pub(super) fn attr(mut self, key: &str, value: Expr) -> Block {
        self.items.push(Item::Attr(key.into(), value));
        self
    }
    pub(super) fn opt(self, key: &str, value: Option<Expr>) -> Block {
        match value {
            Some(v) => self.attr(key, v),
            None => self,
        }
    }
    pub(super) fn block(mut self, b: Block) -> Block {
        self.items.push(Item::Block(b));
        self
    }
    pub(super) fn push(&mut self, key: &str, value: Expr) {
        self.items.push(Item::Attr(key.into(), value));
    }
}

/// A quoted, escaped string literal: `"` and `\` escaped, control characters as `\n`,
/// `\r`, `\t` or `\uXXXX`, and every `${` / `%{` doubled to `$${` / `%%{` (so `%%{`
/// becomes `%%%{`, which reads back as `%%{`).
///
/// Written here rather than with `hcl::format`: hcl-rs 0.20 skips a marker that follows the
/// same character (`%%{` comes out as `%%{`, which reads back as `%{`), which the
/// round-trip test with hostile names caught.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

const WIDTH: usize = 100;

/// Renders an expression at an indent (in levels); multi-line values end without a newline.
fn expr(e: &Expr, indent: usize) -> String {
    match e {
        Expr::Str(s) => quote(s),
        Expr::Ref(r) => r.clone(),
        Expr::Num(n) => n.to_string(),
        Expr::Bool(b) => b.to_string(),
        Expr::Call(f, args) => {
            let args: Vec<String> = args.iter().map(|a| expr(a, indent)).collect();
            format!("{f}({})", args.join(", "))
        }
        Expr::List(items) => {
            let flat: Vec<String> = items.iter().map(|i| expr(i, indent + 1)).collect();
            let one = format!("[{}]", flat.join(", "));
            if !one.contains('\n') && one.len() + indent * 2 <= WIDTH {
                return one;
            }
            let pad = "  ".repeat(indent + 1);
            let mut out = String::from("[\n");
            for i in flat {
                out.push_str(&format!("{pad}{i},\n"));
            }
            out.push_str(&"  ".repeat(indent));
            out.push(']');
            out
        }
        Expr::Map(entries) => {
            if entries.is_empty() {
                return "{}".into();
            }
            let keys: Vec<String> = entries
                .iter()
                .map(|(k, _)| {
                    if is_identifier(k) {
                        k.clone()
                    } else {
                        quote(k)
                    }
                })
                .collect();
            let width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
            let pad = "  ".repeat(indent + 1);
            let mut out = String::from("{\n");
            for (k, (_, v)) in keys.iter().zip(entries) {
                let fill = " ".repeat(width - k.chars().count());
                out.push_str(&format!("{pad}{k}{fill} = {}\n", expr(v, indent + 1)));
            }
            out.push_str(&"  ".repeat(indent));
            out.push('}');
            out
        }
    }
}

fn block_into(b: &Block, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    out.push_str(&pad);
    out.push_str(&b.kind);
    for l in &b.labels {
        out.push(' ');
        out.push_str(&quote(l));
    }
    if b.items.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    // Runs of one-line attributes are aligned; multi-line values and blocks stand apart.
    let rendered: Vec<Option<(String, String)>> = b
        .items
        .iter()
        .map(|i| match i {
            Item::Attr(k, v) => Some((k.clone(), expr(v, indent + 1))),
            Item::Block(_) => None,
        })
        .collect();
    let mut k = 0;
    let mut previous_was_run = false;
    while k < b.items.len() {
        match &rendered[k] {
            Some((_, v)) if !v.contains('\n') => {
                let start = k;
                while k < b.items.len() && matches!(&rendered[k], Some((_, v)) if !v.contains('\n'))
                {
                    k += 1;
                }
                let width = rendered[start..k]
                    .iter()
                    .flatten()
                    .map(|(key, _)| key.len())
                    .max()
                    .unwrap_or(0);
                if start > 0 {
                    out.push('\n');
                }
                for (key, v) in rendered[start..k].iter().flatten() {
                    let fill = " ".repeat(width - key.len());
                    out.push_str(&format!("{pad}  {key}{fill} = {v}\n"));
                }
                previous_was_run = true;
            }
            Some((key, v)) => {
                if k > 0 {
                    out.push('\n');
                }
                out.push_str(&format!("{pad}  {key} = {v}\n"));
                k += 1;
                previous_was_run = false;
            }
            None => {
                if k > 0 {
                    out.push('\n');
                }
                if let Item::Block(inner) = &b.items[k] {
                    block_into(inner, indent + 1, out);
                }
                k += 1;
                previous_was_run = false;
            }
        }
    }
    let _ = previous_was_run;
    out.push_str(&pad);
    out.push_str("}\n");
}

/// A file: blocks separated by one blank line.
pub(super) fn file(header: &str, blocks: &[Block]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    for b in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        block_into(b, 0, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_break_out_of_their_quotes() {
        let cases = [
            ("plain", "\"plain\""),
            ("a \"quote\"", "\"a \\\"quote\\\"\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("new\nline", "\"new\\nline\""),
            (
                "${file(\"/etc/passwd\")}",
                "\"$${file(\\\"/etc/passwd\\\")}\"",
            ),
            ("%{ if true }x%{ endif }", "\"%%{ if true }x%%{ endif }\""),
            ("%%{ and $${", "\"%%%{ and $$${\""),
            ("bell\u{7}", "\"bell\\u0007\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "{input:?}");
        }
    }

    #[test]
    fn a_run_of_attributes_is_aligned_and_blocks_stand_apart() {
        let b = Block::new("resource", &["aws_subnet", "a"])
            .attr("vpc_id", Expr::Ref("aws_vpc.main.id".into()))
            .attr("cidr_block", Expr::str("10.0.1.0/24"))
            .attr(
                "tags",
                Expr::Map(vec![
                    ("Name".into(), Expr::str("a")),
                    ("Role".into(), Expr::str("web")),
                ]),
            )
            .block(Block::new("timeouts", &[]).attr("create", Expr::str("5m")));
        let want = r#"resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"

  tags = {
    Name = "a"
    Role = "web"
  }

  timeouts {
    create = "5m"
  }
}
"#;
        assert_eq!(file("", &[b]), want);
    }
}
