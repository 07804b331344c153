//! HCL text → a block tree that remembers lines.
//!
//! **Why**: `hcl-rs` evaluates expressions but its `Body` forgets where things were written;
//! `hcl-edit` (the parser underneath) keeps byte spans. This module parses once with
//! `hcl-edit`, converts each expression to `hcl-rs`'s type and keeps the 1-based line of
//! every block and attribute, so every error and every component can name its line.
//!
//! **Guarantees**: never panics; a syntax error names file, line and column; input nested
//! deeper than [`MAX_NESTING`] is refused before the recursive parser sees it.

use hcl::edit::parser::parse_body;
use hcl::edit::structure::{Body as EditBody, Structure};
use hcl::edit::Span;
use hcl::Expression;

use super::{TerraformError, MAX_NESTING};

/// A block with its labels, line and contents in source order.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Block {
    pub ident: String,
    pub labels: Vec<String>,
    pub line: usize,
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Attr {
    pub name: String,
    pub line: usize,
    pub expr: Expression,
}

impl Block {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct File {
    pub path: String,
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Block>,
}

struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(k, _)| k + 1));
        Lines(starts)
    }
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

fn check_nesting(path: &str, text: &str) -> Result<(), TerraformError> {
    let mut depth = 0usize;
    let mut line = 1;
    for c in text.chars() {
        match c {
            '\n' => line += 1,
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(TerraformError::Invalid {
                        file: path.into(),
                        line,
                        message: format!(
                            "brackets nest deeper than {MAX_NESTING} levels; simplify the expression"
                        ),
                    });
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Parses one HCL file.
pub(super) fn parse_file(path: &str, text: &str) -> Result<File, TerraformError> {
    check_nesting(path, text)?;
    let body = parse_body(text).map_err(|e| TerraformError::Syntax {
        file: path.into(),
        line: e.location().line(),
        column: e.location().column(),
        message: e.message().to_string(),
    })?;
    let lines = Lines::new(text);
    let (attrs, blocks) = convert_body(&body, &lines);
    Ok(File {
        path: path.into(),
        attrs,
        blocks,
    })
}

fn convert_body(body: &EditBody, lines: &Lines) -> (Vec<Attr>, Vec<Block>) {
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => attrs.push(Attr {
                name: a.key.as_str().to_string(),
                line: a.span().map(|r| lines.line(r.start)).unwrap_or(1),
                expr: Expression::from(a.value.clone()),
            }),
            Structure::Block(b) => {
                let (a, bl) = convert_body(&b.body, lines);
                blocks.push(Block {
                    ident: b.ident.as_str().to_string(),
                    labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                    line: b.span().map(|r| lines.line(r.start)).unwrap_or(1),
                    attrs: a,
                    blocks: bl,
                });
            }
        }
    }
    (attrs, blocks)
}

/// `source` strings of `module` blocks that are local paths (`./…`, `../…`).
pub(super) fn local_module_sources(text: &str) -> Vec<String> {
    match parse_file("", text) {
        Ok(file) => module_sources(&file),
        Err(_) => Vec::new(),
    }
}

/// Do two parsed files mean the same to the import? Equal trees, except that the
/// `description` of a top-level `variable` block is not compared: the evaluator never reads
/// it (a variable's value comes from its `type`, `default` and the inputs) and no reference
/// in a variable block is resolved, so changing it changes no component, line or warning.
pub(super) fn same_meaning(a: &File, b: &File) -> bool {
    fn variable_eq(x: &Block, y: &Block) -> bool {
        let meant = |b: &Block| -> Vec<Attr> {
            b.attrs
                .iter()
                .filter(|a| a.name != "description")
                .cloned()
                .collect()
        };
        x.ident == y.ident
            && x.labels == y.labels
            && x.line == y.line
            && x.blocks == y.blocks
            && meant(x) == meant(y)
    }
    a.path == b.path
        && a.attrs == b.attrs
        && a.blocks.len() == b.blocks.len()
        && a.blocks.iter().zip(&b.blocks).all(|(x, y)| {
            if x.ident == "variable" && y.ident == "variable" {
                variable_eq(x, y)
            } else {
                x == y
            }
        })
}

/// `source` strings of a parsed file's `module` blocks that are local paths.
pub(super) fn module_sources(file: &File) -> Vec<String> {
    file.blocks
        .iter()
        .filter(|b| b.ident == "module")
        .filter_map(|b| match b.attr("source").map(|a| &a.expr) {
            Some(Expression::String(s)) if is_local_source(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../")
}
