//! Evaluates a Terraform configuration: variables (defaults < `terraform.tfvars` <
//! `*.auto.tfvars` < `--var-file`/`--var` in order), locals, resources with `count` and
//! `for_each`, `dynamic` blocks, data sources, local child modules and outputs, in
//! dependency order.
//!
//! **Why**: references between resources (`aws_vpc.main.id`) are what ties a configuration
//! into a network, so every block is evaluated after the blocks it names, with an `hcl-rs`
//! evaluation context holding what is known so far. A resource's `id` (and `arn`) is its
//! address, so the network's component ids are addresses too.
//!
//! **Guarantees**: nodes are ordered by a deterministic topological sort (ties broken by
//! name); a cycle is an error listing it; a reference to something undeclared is an error
//! at the line that wrote it; expansion is bounded ([`MAX_INSTANCES_PER_BLOCK`],
//! [`MAX_RESOURCES`], [`MAX_MODULE_DEPTH`]); values nobody can know offline are either a
//! stated assumption (a warning) or an error.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use hcl::eval::{Context, Evaluate};
use hcl::expr::{Expression, ObjectKey, TraversalOperator};
use hcl::template::{Directive, Element, Template};
use hcl::{Map, Value};

use super::cache::ImportCache;
use super::paths::{join_path, normalize_path, parent_dir};
use super::syntax::{self, Attr, Block, File};
use super::types::{self, Type};
use super::{
    CliVariable, ImportWarning, Provenance, TerraformError, TerraformSource,
    MAX_INSTANCES_PER_BLOCK, MAX_MODULE_DEPTH, MAX_RESOURCES,
};
use crate::network::cidr::{parse_ip, Cidr};

/// One resource instance after evaluation.
#[derive(Clone, Debug)]
pub(super) struct Resource {
    pub address: String,
    pub kind: String,
    /// Attributes and nested blocks (each nested block kind is a list of objects).
    pub values: Map<String, Value>,
    pub at: Provenance,
    /// Line of each top-level nested block, per block kind, in order (`ingress` → [12, 19]).
    pub nested_lines: BTreeMap<String, Vec<usize>>,
    /// Sort key: module prefix, file, line, instance.
    order: (String, String, usize, usize),
}

impl Resource {
    /// A resource read from state or plan JSON (no lines, no nested-block lines).
    pub fn from_json(
        address: String,
        kind: String,
        values: Map<String, Value>,
        at: Provenance,
        seq: usize,
    ) -> Resource {
        Resource {
            address,
            kind,
            values,
            at,
            nested_lines: BTreeMap::new(),
            order: (String::new(), String::new(), 0, seq),
        }
    }
}

/// Fills in what AWS computes for planned resources (no ids yet, addresses unknown) with
/// the same assumptions as for HCL; returns the warnings and the assumed addresses.
pub(super) fn complete_planned(resources: &mut [Resource], region: &str) -> Evaluated {
    let source = TerraformSource::default();
    let mut cache = ImportCache::new();
    let mut env = Env {
        source: &source,
        cache: &mut cache,
        out: Evaluated::default(),
        values_by_address: BTreeMap::new(),
        used_ips: BTreeMap::new(),
        public_ips: 0,
        region: Some(region.to_string()),
        child_files: BTreeSet::new(),
    };
    for r in resources.iter() {
        env.values_by_address
            .insert(r.address.clone(), r.values.clone());
    }
    // Elastic IPs before NAT gateways and instances, which read their addresses.
    let mut idx: Vec<usize> = (0..resources.len()).collect();
    idx.sort_by_key(|&k| (resources[k].kind != "aws_eip", k));
    for k in idx {
        let r = &mut resources[k];
        let at = r.at.clone();
        let (kind, address) = (r.kind.clone(), r.address.clone());
        computed(&mut env, &kind, &address, &mut r.values, &at);
        env.values_by_address.insert(address, r.values.clone());
    }
    env.out
}

/// Sorts resources the way an evaluation lists them: module prefix, file, line, instance.
pub(super) fn sort_resources(rs: &mut [Resource]) {
    rs.sort_by(|a, b| a.order.cmp(&b.order));
}

/// Whether two resources were written on the same line of the same file and module (their
/// order then rests on the evaluation order, not on where they were written).
pub(super) fn same_line(a: &Resource, b: &Resource) -> bool {
    (&a.order.0, &a.order.1, a.order.2) == (&b.order.0, &b.order.1, b.order.2)
}

/// Everything the builder needs.
#[derive(Debug, Default)]
pub(super) struct Evaluated {
    pub resources: Vec<Resource>,
    pub warnings: Vec<ImportWarning>,
    pub region: String,
    /// Addresses whose values rest on an assumption → indexes into `warnings`.
    pub assumed: BTreeMap<String, Vec<usize>>,
}

const META_ATTRS: &[&str] = &["count", "for_each", "depends_on", "provider", "providers"];
const SKIPPED_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection", "timeouts"];
const IGNORED_TOP_BLOCKS: &[&str] = &["terraform", "moved", "import", "check", "removed"];

/// Evaluates a whole configuration, parsing through `cache`.
pub(super) fn evaluate(
    source: &TerraformSource,
    cache: &mut ImportCache,
) -> Result<Evaluated, TerraformError> {
    evaluate_keeping(source, cache).map(|(ev, _)| ev)
}

/// What a full evaluation leaves behind so that the next import of the same configuration
/// can re-evaluate only the blocks an edit changed ([`super::patch`]): the root module's
/// files, its dependency graph and its final scope (every value a root block can name).
pub(super) struct RootMemo {
    /// The root module's files as evaluated, in path order.
    pub files: Vec<Arc<File>>,
    pub deps: BTreeMap<Node, BTreeSet<Node>>,
    pub registry: BTreeSet<String>,
    pub scope: Scope,
    /// Every file some `module` block evaluated as a child module's (a file read both ways
    /// is never patched).
    pub child_files: BTreeSet<String>,
}

impl std::fmt::Debug for RootMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RootMemo")
            .field(
                "files",
                &self.files.iter().map(|f| &f.path).collect::<Vec<_>>(),
            )
            .field("nodes", &self.deps.len())
            .finish_non_exhaustive()
    }
}

/// [`evaluate`], and what the next import needs to patch this result.
pub(super) fn evaluate_keeping(
    source: &TerraformSource,
    cache: &mut ImportCache,
) -> Result<(Evaluated, RootMemo), TerraformError> {
    let root_dir = normalize_path(&source.root);
    let files = module_files(cache, source, &root_dir, source.single_file.as_deref())?;
    if files.is_empty() {
        return Err(TerraformError::Empty(format!(
            "no .tf files in `{}`",
            if root_dir.is_empty() { "." } else { &root_dir }
        )));
    }
    let mut env = Env {
        source,
        cache,
        out: Evaluated::default(),
        values_by_address: BTreeMap::new(),
        used_ips: BTreeMap::new(),
        public_ips: 0,
        region: None,
        child_files: BTreeSet::new(),
    };
    let inputs = root_variables(source, &root_dir, &files, &mut env)?;
    let mut root = None;
    eval_module(&mut env, &files, &root_dir, "", 0, inputs, Some(&mut root))?;
    let mut out = env.out;
    out.resources.sort_by(|a, b| a.order.cmp(&b.order));
    out.region = env.region.unwrap_or_default();
    let (deps, registry, scope) = root.expect("the root module keeps its state");
    let memo = RootMemo {
        files,
        deps,
        registry,
        scope,
        child_files: env.child_files,
    };
    Ok((out, memo))
}

pub(super) struct Env<'s> {
    pub source: &'s TerraformSource,
    pub cache: &'s mut ImportCache,
    pub out: Evaluated,
    pub values_by_address: BTreeMap<String, Map<String, Value>>,
    pub used_ips: BTreeMap<String, BTreeSet<u32>>,
    pub public_ips: u32,
    pub region: Option<String>,
    /// Paths of the files evaluated as a child module's.
    pub child_files: BTreeSet<String>,
}

impl Env<'_> {
    fn warn(&mut self, block: &str, at: &Provenance, message: String, assumed: Option<&str>) {
        let k = self.out.warnings.len();
        self.out.warnings.push(ImportWarning {
            block: block.to_string(),
            file: at.file.clone(),
            line: at.line,
            message,
        });
        if let Some(a) = assumed {
            self.out.assumed.entry(a.to_string()).or_default().push(k);
        }
    }

    fn region(&self) -> String {
        self.region.clone().unwrap_or_else(|| "us-east-1".into())
    }
}

/// The parsed `.tf` files of a module directory, in path order.
fn module_files(
    cache: &mut ImportCache,
    source: &TerraformSource,
    dir: &str,
    single: Option<&str>,
) -> Result<Vec<Arc<File>>, TerraformError> {
    let mut out = Vec::new();
    for (path, text) in &source.files {
        let wanted = match single {
            Some(s) => normalize_path(s) == normalize_path(path),
            None => path.ends_with(".tf") && parent_dir(path) == dir,
        };
        if wanted {
            out.push(cache.parse(path, text)?);
        }
    }
    Ok(out)
}

// ---- declarations -----------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NodeKind {
    Provider,
    Local,
    Data,
    Resource,
    Module,
    Output,
}

/// Something evaluated as a unit, in dependency order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Node {
    pub kind: NodeKind,
    /// `aws_vpc.main`, `main` (local/module/output), `aws_ami.ubuntu` (data).
    pub name: String,
}

impl Node {
    fn display(&self) -> String {
        match self.kind {
            NodeKind::Provider => "provider.aws".into(),
            NodeKind::Local => format!("local.{}", self.name),
            NodeKind::Data => format!("data.{}", self.name),
            NodeKind::Resource => self.name.clone(),
            NodeKind::Module => format!("module.{}", self.name),
            NodeKind::Output => format!("output.{}", self.name),
        }
    }
}

pub(super) enum Decl<'f> {
    Block(&'f Block),
    Local(&'f Attr),
}

pub(super) struct Declared<'f> {
    pub file: &'f str,
    pub decl: Decl<'f>,
}

impl Declared<'_> {
    fn line(&self) -> usize {
        match self.decl {
            Decl::Block(b) => b.line,
            Decl::Local(a) => a.line,
        }
    }
    fn block(&self) -> Option<&Block> {
        match self.decl {
            Decl::Block(b) => Some(b),
            Decl::Local(_) => None,
        }
    }
}

pub(super) struct Decls<'f> {
    pub variables: BTreeMap<String, (&'f str, &'f Block)>,
    pub nodes: BTreeMap<Node, Declared<'f>>,
}

fn invalid(file: &str, line: usize, message: String) -> TerraformError {
    TerraformError::Invalid {
        file: file.into(),
        line,
        message,
    }
}

fn labels<'b>(b: &'b Block, file: &str, n: usize) -> Result<&'b [String], TerraformError> {
    if b.labels.len() == n {
        Ok(&b.labels)
    } else {
        Err(invalid(
            file,
            b.line,
            format!(
                "a `{}` block needs {n} label(s), found {}",
                b.ident,
                b.labels.len()
            ),
        ))
    }
}

pub(super) fn declarations<'f>(files: &'f [Arc<File>]) -> Result<Decls<'f>, TerraformError> {
    let mut d = Decls {
        variables: BTreeMap::new(),
        nodes: BTreeMap::new(),
    };
    let add = |d: &mut Decls<'f>, node: Node, decl: Declared<'f>| -> Result<(), TerraformError> {
        if let Some(prev) = d.nodes.get(&node) {
            return Err(invalid(
                decl.file,
                decl.line(),
                format!(
                    "duplicate {}: already declared at {}:{}",
                    node.display(),
                    prev.file,
                    prev.line()
                ),
            ));
        }
        d.nodes.insert(node, decl);
        Ok(())
    };
    for f in files {
        let file = f.path.as_str();
        if let Some(a) = f.attrs.first() {
            return Err(invalid(
                file,
                a.line,
                format!(
                    "attribute `{}` outside a block: a .tf file holds only blocks",
                    a.name
                ),
            ));
        }
        for b in &f.blocks {
            match b.ident.as_str() {
                "variable" => {
                    let name = labels(b, file, 1)?[0].clone();
                    if let Some((pf, pb)) = d.variables.get(&name) {
                        return Err(invalid(
                            file,
                            b.line,
                            format!(
                                "duplicate variable `{name}`: already declared at {pf}:{}",
                                pb.line
                            ),
                        ));
                    }
                    d.variables.insert(name, (file, b));
                }
                "locals" => {
                    for a in &b.attrs {
                        let node = Node {
                            kind: NodeKind::Local,
                            name: a.name.clone(),
                        };
                        add(
                            &mut d,
                            node,
                            Declared {
                                file,
                                decl: Decl::Local(a),
                            },
                        )?;
                    }
                }
                "resource" | "data" => {
                    let l = labels(b, file, 2)?;
                    let kind = if b.ident == "resource" {
                        NodeKind::Resource
                    } else {
                        NodeKind::Data
                    };
                    let node = Node {
                        kind,
                        name: format!("{}.{}", l[0], l[1]),
                    };
                    add(
                        &mut d,
                        node,
                        Declared {
                            file,
                            decl: Decl::Block(b),
                        },
                    )?;
                }
                "module" | "output" => {
                    let l = labels(b, file, 1)?;
                    let kind = if b.ident == "module" {
                        NodeKind::Module
                    } else {
                        NodeKind::Output
                    };
                    let node = Node {
                        kind,
                        name: l[0].clone(),
                    };
                    add(
                        &mut d,
                        node,
                        Declared {
                            file,
                            decl: Decl::Block(b),
                        },
                    )?;
                }
                "provider" => {
                    let l = labels(b, file, 1)?;
                    if l[0] == "aws" && b.attr("alias").is_none() {
                        let node = Node {
                            kind: NodeKind::Provider,
                            name: "aws".into(),
                        };
                        add(
                            &mut d,
                            node,
                            Declared {
                                file,
                                decl: Decl::Block(b),
                            },
                        )?;
                    }
                }
                other if IGNORED_TOP_BLOCKS.contains(&other) => {}
                other => {
                    return Err(invalid(
                        file,
                        b.line,
                        format!("unsupported block type `{other}`"),
                    ));
                }
            }
        }
    }
    Ok(d)
}

// ---- references -------------------------------------------------------------------------

/// A reference as written: its root name and up to two attribute names after it.
struct Ref {
    root: String,
    attrs: Vec<String>,
    line: usize,
    /// What it reads of a resource instance (for `aws_x.y…` references).
    read: Read,
}

/// What a reference `aws_x.y…` reads of the resource's value.
#[derive(Clone, Debug, PartialEq)]
enum Read {
    /// One attribute of each instance it selects: `aws_x.y.id`, `aws_x.y[0].id`,
    /// `aws_x.y[*].id`, `aws_x.y["a"].tags`.
    Attr(String),
    /// The whole value (`aws_x.y`, `length(aws_x.y)`, `for s in aws_x.y : …`).
    Whole,
    /// Nothing: `depends_on` orders, it reads no value.
    Nothing,
}

/// What a traversal after `aws_x` reads: the first attribute after the name and any
/// instance selection.
fn traversal_read(ops: &[TraversalOperator]) -> Read {
    let mut rest = ops.iter().skip(1);
    for op in rest.by_ref() {
        match op {
            TraversalOperator::GetAttr(a) => return Read::Attr(a.as_str().to_string()),
            TraversalOperator::Index(_)
            | TraversalOperator::LegacyIndex(_)
            | TraversalOperator::FullSplat
            | TraversalOperator::AttrSplat => {}
        }
    }
    Read::Whole
}

/// What `decl` reads of the resource `target` (`aws_x.y`): `Some(attributes)` when every
/// reference to it selects an attribute of its instances, `None` when one uses the whole
/// value.
pub(super) fn resource_reads(decl: &Declared, target: &str) -> Option<BTreeSet<String>> {
    let mut refs = Vec::new();
    let mut bound = Vec::new();
    match decl.decl {
        Decl::Local(a) => refs_in_expr(&a.expr, a.line, &mut bound, &mut refs),
        Decl::Block(b) => refs_in_block(b, &mut bound, &mut refs),
    }
    let (kind, name) = target.split_once('.')?;
    let mut attrs = BTreeSet::new();
    for r in refs {
        if r.root != kind || r.attrs.first().map(String::as_str) != Some(name) {
            continue;
        }
        match r.read {
            Read::Attr(a) => {
                attrs.insert(a);
            }
            Read::Whole => return None,
            Read::Nothing => {}
        }
    }
    Some(attrs)
}

fn traversal_attrs(ops: &[TraversalOperator]) -> Vec<String> {
    let mut out = Vec::new();
    for op in ops {
        match op {
            TraversalOperator::GetAttr(i) if out.len() < 2 => out.push(i.as_str().to_string()),
            _ => break,
        }
    }
    out
}

fn refs_in_expr(e: &Expression, line: usize, bound: &mut Vec<String>, out: &mut Vec<Ref>) {
    match e {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        Expression::Array(items) => items.iter().for_each(|x| refs_in_expr(x, line, bound, out)),
        Expression::Object(obj) => {
            for (k, v) in obj {
                if let ObjectKey::Expression(k) = k {
                    // A bare name as a key is a literal; anything else is an expression.
                    if !matches!(k, Expression::Variable(_)) {
                        refs_in_expr(k, line, bound, out);
                    }
                }
                refs_in_expr(v, line, bound, out);
            }
        }
        Expression::TemplateExpr(t) => {
            if let Ok(tpl) = Template::from_expr(t) {
                refs_in_template(&tpl, line, bound, out);
            }
        }
        Expression::Variable(v) if !bound.iter().any(|b| b == v.as_str()) => {
            out.push(Ref {
                root: v.as_str().to_string(),
                attrs: Vec::new(),
                line,
                read: Read::Whole,
            });
        }
        Expression::Traversal(t) => {
            match &t.expr {
                Expression::Variable(v) => {
                    if !bound.iter().any(|b| b == v.as_str()) {
                        out.push(Ref {
                            root: v.as_str().to_string(),
                            attrs: traversal_attrs(&t.operators),
                            line,
                            read: traversal_read(&t.operators),
                        });
                    }
                }
                other => refs_in_expr(other, line, bound, out),
            }
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op {
                    refs_in_expr(i, line, bound, out);
                }
            }
        }
        Expression::FuncCall(f) => f
            .args
            .iter()
            .for_each(|x| refs_in_expr(x, line, bound, out)),
        Expression::Parenthesis(x) => refs_in_expr(x, line, bound, out),
        Expression::Conditional(c) => {
            refs_in_expr(&c.cond_expr, line, bound, out);
            refs_in_expr(&c.true_expr, line, bound, out);
            refs_in_expr(&c.false_expr, line, bound, out);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => refs_in_expr(&u.expr, line, bound, out),
            hcl::expr::Operation::Binary(b) => {
                refs_in_expr(&b.lhs_expr, line, bound, out);
                refs_in_expr(&b.rhs_expr, line, bound, out);
            }
        },
        Expression::ForExpr(f) => {
            refs_in_expr(&f.collection_expr, line, bound, out);
            let n = bound.len();
            if let Some(k) = &f.key_var {
                bound.push(k.as_str().to_string());
            }
            bound.push(f.value_var.as_str().to_string());
            if let Some(k) = &f.key_expr {
                refs_in_expr(k, line, bound, out);
            }
            refs_in_expr(&f.value_expr, line, bound, out);
            if let Some(c) = &f.cond_expr {
                refs_in_expr(c, line, bound, out);
            }
            bound.truncate(n);
        }
        _ => {}
    }
}

fn refs_in_template(t: &Template, line: usize, bound: &mut Vec<String>, out: &mut Vec<Ref>) {
    for el in t.elements() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => refs_in_expr(&i.expr, line, bound, out),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(i) => {
                    refs_in_expr(&i.cond_expr, line, bound, out);
                    refs_in_template(&i.true_template, line, bound, out);
                    if let Some(f) = &i.false_template {
                        refs_in_template(f, line, bound, out);
                    }
                }
                Directive::For(f) => {
                    refs_in_expr(&f.collection_expr, line, bound, out);
                    let n = bound.len();
                    if let Some(k) = &f.key_var {
                        bound.push(k.as_str().to_string());
                    }
                    bound.push(f.value_var.as_str().to_string());
                    refs_in_template(&f.template, line, bound, out);
                    bound.truncate(n);
                }
            },
        }
    }
}

fn refs_in_block(b: &Block, bound: &mut Vec<String>, out: &mut Vec<Ref>) {
    for a in &b.attrs {
        if a.name == "provider" || a.name == "providers" {
            continue;
        }
        let from = out.len();
        refs_in_expr(&a.expr, a.line, bound, out);
        if a.name == "depends_on" {
            for r in &mut out[from..] {
                r.read = Read::Nothing;
            }
        }
    }
    for nb in &b.blocks {
        if SKIPPED_BLOCKS.contains(&nb.ident.as_str()) {
            continue;
        }
        if nb.ident == "dynamic" {
            let label = nb.labels.first().cloned().unwrap_or_default();
            let iterator = dynamic_iterator(nb).unwrap_or(label);
            for a in &nb.attrs {
                if a.name != "iterator" {
                    refs_in_expr(&a.expr, a.line, bound, out);
                }
            }
            bound.push(iterator);
            for c in &nb.blocks {
                refs_in_block(c, bound, out);
            }
            bound.pop();
        } else {
            refs_in_block(nb, bound, out);
        }
    }
}

fn dynamic_iterator(b: &Block) -> Option<String> {
    match b.attr("iterator").map(|a| &a.expr) {
        Some(Expression::Variable(v)) => Some(v.as_str().to_string()),
        _ => None,
    }
}

/// The nodes a node depends on; undeclared names are errors.
pub(super) fn dependencies(
    node: &Node,
    decl: &Declared,
    decls: &Decls,
    registry_modules: &BTreeSet<String>,
) -> Result<BTreeSet<Node>, TerraformError> {
    let mut refs = Vec::new();
    let mut bound = Vec::new();
    match decl.decl {
        Decl::Local(a) => refs_in_expr(&a.expr, a.line, &mut bound, &mut refs),
        Decl::Block(b) => refs_in_block(b, &mut bound, &mut refs),
    }
    let (has_count, has_each) = match decl.block() {
        Some(b)
            if matches!(
                node.kind,
                NodeKind::Resource | NodeKind::Data | NodeKind::Module
            ) =>
        {
            (b.attr("count").is_some(), b.attr("for_each").is_some())
        }
        _ => (false, false),
    };
    let file = decl.file;
    let mut deps = BTreeSet::new();
    let undeclared = |line: usize, what: &str, name: String| TerraformError::Undeclared {
        file: file.into(),
        line,
        what: what.into(),
        name,
    };
    for r in refs {
        let first = r.attrs.first().cloned().unwrap_or_default();
        match r.root.as_str() {
            "var" => {
                if !decls.variables.contains_key(&first) {
                    return Err(undeclared(r.line, "variable", format!("var.{first}")));
                }
            }
            "local" => {
                let n = Node {
                    kind: NodeKind::Local,
                    name: first.clone(),
                };
                if !decls.nodes.contains_key(&n) {
                    return Err(undeclared(r.line, "local value", format!("local.{first}")));
                }
                deps.insert(n);
            }
            "module" => {
                let n = Node {
                    kind: NodeKind::Module,
                    name: first.clone(),
                };
                if !decls.nodes.contains_key(&n) {
                    return Err(undeclared(r.line, "module", format!("module.{first}")));
                }
                if registry_modules.contains(&first) {
                    return Err(invalid(
                        file,
                        r.line,
                        format!(
                            "module.{first} comes from a registry, so its outputs are not known offline; \
                             run `terraform show -json` and pass that file to --terraform for full fidelity"
                        ),
                    ));
                }
                deps.insert(n);
            }
            "data" => {
                let name = r.attrs.join(".");
                let n = Node {
                    kind: NodeKind::Data,
                    name: name.clone(),
                };
                if r.attrs.len() < 2 || !decls.nodes.contains_key(&n) {
                    return Err(undeclared(r.line, "data source", format!("data.{name}")));
                }
                deps.insert(n);
            }
            "count" => {
                if !has_count {
                    return Err(invalid(
                        file,
                        r.line,
                        "`count.index` is used in a block that has no `count`".into(),
                    ));
                }
            }
            "each" => {
                if !has_each {
                    return Err(invalid(
                        file,
                        r.line,
                        "`each` is used in a block that has no `for_each`".into(),
                    ));
                }
            }
            "self" | "path" | "terraform" => {}
            root => {
                if r.attrs.is_empty() {
                    return Err(undeclared(r.line, "name", root.to_string()));
                }
                let n = Node {
                    kind: NodeKind::Resource,
                    name: format!("{root}.{first}"),
                };
                if !decls.nodes.contains_key(&n) {
                    return Err(undeclared(r.line, "resource", n.name));
                }
                deps.insert(n);
            }
        }
    }
    if node.kind == NodeKind::Data {
        let p = Node {
            kind: NodeKind::Provider,
            name: "aws".into(),
        };
        if decls.nodes.contains_key(&p) {
            deps.insert(p);
        }
    }
    deps.remove(node);
    Ok(deps)
}

/// Kahn's algorithm with a sorted ready set; a leftover node is on (or behind) a cycle.
fn order(
    decls: &Decls,
    deps: &BTreeMap<Node, BTreeSet<Node>>,
) -> Result<Vec<Node>, TerraformError> {
    let mut waiting: BTreeMap<&Node, usize> = deps.iter().map(|(n, d)| (n, d.len())).collect();
    let mut users: BTreeMap<&Node, Vec<&Node>> = BTreeMap::new();
    for (n, d) in deps {
        for x in d {
            users.entry(x).or_default().push(n);
        }
    }
    let mut ready: BTreeSet<&Node> = waiting
        .iter()
        .filter(|(_, &c)| c == 0)
        .map(|(n, _)| *n)
        .collect();
    let mut out = Vec::new();
    while let Some(n) = ready.pop_first() {
        waiting.remove(n);
        out.push(n.clone());
        for u in users.get(n).map(|v| v.as_slice()).unwrap_or(&[]) {
            if let Some(c) = waiting.get_mut(u) {
                *c -= 1;
                if *c == 0 {
                    ready.insert(u);
                }
            }
        }
    }
    if let Some((&start, _)) = waiting.iter().next() {
        // Walk remaining dependencies until a node repeats: that is the cycle.
        let mut path: Vec<&Node> = vec![start];
        let mut cur = start;
        loop {
            let next = deps[cur].iter().find(|d| waiting.contains_key(d));
            let Some(next) = next else { break };
            if let Some(k) = path.iter().position(|p| *p == next) {
                let mut cycle: Vec<String> = path[k..].iter().map(|n| n.display()).collect();
                cycle.push(next.display());
                let d = &decls.nodes[next];
                return Err(TerraformError::Cycle {
                    file: d.file.into(),
                    line: d.line(),
                    cycle,
                });
            }
            path.push(next);
            cur = next;
        }
        let d = &decls.nodes[start];
        return Err(TerraformError::Cycle {
            file: d.file.into(),
            line: d.line(),
            cycle: vec![start.display()],
        });
    }
    Ok(out)
}

// ---- evaluation -------------------------------------------------------------------------

pub(super) struct Scope {
    ctx: Context<'static>,
    locals: Map<String, Value>,
    modules: Map<String, Value>,
    data: BTreeMap<String, Map<String, Value>>,
    resources: BTreeMap<String, Map<String, Value>>,
    outputs: Map<String, Value>,
    /// Iterator variables of enclosing `dynamic` blocks, innermost last.
    iterators: Vec<(String, Value)>,
}

impl Scope {
    fn new(dir: &str, root: &str, vars: Map<String, Value>) -> Scope {
        let mut ctx = Context::new();
        super::functions::register(&mut ctx);
        let mut path = Map::new();
        path.insert(
            "module".to_string(),
            Value::from(if dir.is_empty() { "." } else { dir }),
        );
        path.insert(
            "root".to_string(),
            Value::from(if root.is_empty() { "." } else { root }),
        );
        path.insert("cwd".to_string(), Value::from("."));
        ctx.declare_var("path", Value::Object(path));
        let mut tf = Map::new();
        tf.insert("workspace".to_string(), Value::from("default"));
        ctx.declare_var("terraform", Value::Object(tf));
        ctx.declare_var("var", Value::Object(vars));
        ctx.declare_var("local", Value::Object(Map::new()));
        ctx.declare_var("module", Value::Object(Map::new()));
        ctx.declare_var("data", Value::Object(Map::new()));
        Scope {
            ctx,
            locals: Map::new(),
            modules: Map::new(),
            data: BTreeMap::new(),
            resources: BTreeMap::new(),
            outputs: Map::new(),
            iterators: Vec::new(),
        }
    }

    /// Declares, for the block about to be evaluated, each resource type it refers to as an
    /// object of just the resources it refers to (`deps`, from `dependencies`). Why not every
    /// resource of the type: hcl's evaluator copies a variable's whole value at each reference,
    /// so with all 500 instances under `aws_instance` a reference cost 500 copies, and
    /// declaring the type again after each new instance did too.
    pub fn focus(&mut self, deps: &BTreeSet<Node>) {
        let mut by_kind: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
        for n in deps.iter().filter(|n| n.kind == NodeKind::Resource) {
            let Some((kind, name)) = n.name.split_once('.') else {
                continue;
            };
            let entry = by_kind.entry(kind).or_default();
            if let Some(v) = self.resources.get(kind).and_then(|m| m.get(name)) {
                entry.insert(name.to_string(), v.clone());
            }
        }
        for (kind, obj) in by_kind {
            self.ctx.declare_var(kind.to_string(), Value::Object(obj));
        }
    }

    fn set_local(&mut self, name: &str, v: Value) {
        self.locals.insert(name.to_string(), v);
        self.ctx
            .declare_var("local", Value::Object(self.locals.clone()));
    }

    fn set_module(&mut self, name: &str, v: Value) {
        self.modules.insert(name.to_string(), v);
        self.ctx
            .declare_var("module", Value::Object(self.modules.clone()));
    }

    fn set_data(&mut self, kind: &str, name: &str, v: Value) {
        self.data
            .entry(kind.to_string())
            .or_default()
            .insert(name.to_string(), v);
        let obj: Map<String, Value> = self
            .data
            .iter()
            .map(|(k, m)| (k.clone(), Value::Object(m.clone())))
            .collect();
        self.ctx.declare_var("data", Value::Object(obj));
    }

    fn set_resource(&mut self, kind: &str, name: &str, v: Value) {
        let m = self.resources.entry(kind.to_string()).or_default();
        m.insert(name.to_string(), v);
    }
}

/// Where an expression is, for error messages.
#[derive(Clone, Copy)]
struct At<'a> {
    file: &'a str,
    line: usize,
}

fn eval_error(at: At, what: &str, message: String) -> TerraformError {
    TerraformError::Eval {
        file: at.file.into(),
        line: at.line,
        what: what.into(),
        message: readable(message),
    }
}

/// Makes `hcl-rs`'s messages short and says what usually went wrong.
fn readable(message: String) -> String {
    let expr = message
        .rfind(" in expression `")
        .map(|k| message[k..].to_string())
        .unwrap_or_default();
    if message.starts_with("unexpected value `[") && message.contains("expected an object") {
        return format!(
            "the value is a list (a block with `count` is a list of instances: index it, \
             e.g. `[0]`){expr}"
        );
    }
    if message.starts_with("unexpected value `{") && message.contains("expected an array") {
        return format!("the value is an object or map, not a list{expr}");
    }
    let mut m = if message.contains("no such key") && expr.contains("data.") {
        format!(
            "{message}; data sources are not read offline (only their arguments and `id` are \
             known): run `terraform show -json` and pass that file for full fidelity"
        )
    } else {
        message
    };
    if m.chars().count() > 400 {
        m = m.chars().take(400).collect::<String>() + "…";
    }
    m
}

fn contains_try(e: &Expression) -> bool {
    match e {
        Expression::FuncCall(f) => {
            matches!(f.name.name.as_str(), "try" | "can") || f.args.iter().any(contains_try)
        }
        Expression::Array(a) => a.iter().any(contains_try),
        Expression::Object(o) => o.iter().any(|(_, v)| contains_try(v)),
        Expression::Traversal(t) => contains_try(&t.expr),
        Expression::Parenthesis(x) => contains_try(x),
        Expression::Conditional(c) => {
            contains_try(&c.cond_expr) || contains_try(&c.true_expr) || contains_try(&c.false_expr)
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => contains_try(&u.expr),
            hcl::expr::Operation::Binary(b) => {
                contains_try(&b.lhs_expr) || contains_try(&b.rhs_expr)
            }
        },
        Expression::ForExpr(f) => {
            contains_try(&f.collection_expr)
                || contains_try(&f.value_expr)
                || f.key_expr.as_ref().is_some_and(contains_try)
                || f.cond_expr.as_ref().is_some_and(contains_try)
        }
        _ => false,
    }
}

/// Evaluates an expression; `try` and `can` see their arguments unevaluated.
fn eval_expr(ctx: &Context, e: &Expression) -> Result<Value, String> {
    if !contains_try(e) {
        return e.evaluate(ctx).map_err(|err| err.to_string());
    }
    match e {
        Expression::FuncCall(f) if f.name.name.as_str() == "try" => {
            let mut last = "try() needs at least one argument".to_string();
            for a in &f.args {
                match eval_expr(ctx, a) {
                    Ok(v) => return Ok(v),
                    Err(err) => last = err,
                }
            }
            Err(format!("every argument of try() failed; the last: {last}"))
        }
        Expression::FuncCall(f) if f.name.name.as_str() == "can" => match f.args.as_slice() {
            [a] => Ok(Value::Bool(eval_expr(ctx, a).is_ok())),
            _ => Err("can() takes one argument".into()),
        },
        Expression::Conditional(c) => match eval_expr(ctx, &c.cond_expr)? {
            Value::Bool(true) => eval_expr(ctx, &c.true_expr),
            Value::Bool(false) => eval_expr(ctx, &c.false_expr),
            other => Err(format!(
                "a condition must be a bool, got {}",
                types::describe(&other)
            )),
        },
        Expression::ForExpr(f) => eval_for(ctx, f),
        Expression::Parenthesis(x) => eval_expr(ctx, x),
        other => {
            let literal = substitute(ctx, other)?;
            literal.evaluate(ctx).map_err(|err| err.to_string())
        }
    }
}

/// Replaces every sub-expression that calls `try`/`can` by its value.
fn substitute(ctx: &Context, e: &Expression) -> Result<Expression, String> {
    if !contains_try(e) {
        return Ok(e.clone());
    }
    Ok(match e {
        Expression::FuncCall(f) if matches!(f.name.name.as_str(), "try" | "can") => {
            Expression::from(eval_expr(ctx, e)?)
        }
        Expression::FuncCall(f) => {
            let mut g = f.as_ref().clone();
            g.args = f
                .args
                .iter()
                .map(|a| substitute(ctx, a))
                .collect::<Result<_, _>>()?;
            Expression::FuncCall(Box::new(g))
        }
        Expression::Array(items) => Expression::Array(
            items
                .iter()
                .map(|a| substitute(ctx, a))
                .collect::<Result<_, _>>()?,
        ),
        Expression::Object(obj) => {
            let mut o = hcl::Object::new();
            for (k, v) in obj {
                o.insert(k.clone(), substitute(ctx, v)?);
            }
            Expression::Object(o)
        }
        Expression::Traversal(t) => {
            let mut u = t.as_ref().clone();
            u.expr = substitute(ctx, &t.expr)?;
            Expression::Traversal(Box::new(u))
        }
        Expression::Operation(_) | Expression::Conditional(_) | Expression::ForExpr(_) => {
            Expression::from(eval_expr(ctx, e)?)
        }
        Expression::Parenthesis(x) => substitute(ctx, x)?,
        other => other.clone(),
    })
}

fn eval_for(ctx: &Context, f: &hcl::expr::ForExpr) -> Result<Value, String> {
    let collection = eval_expr(ctx, &f.collection_expr)?;
    let items: Vec<(Value, Value)> = match collection {
        Value::Array(a) => a
            .into_iter()
            .enumerate()
            .map(|(k, v)| (Value::from(k as u64), v))
            .collect(),
        Value::Object(o) => o.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
        other => return Err(format!("cannot iterate over {}", types::describe(&other))),
    };
    let mut list = Vec::new();
    let mut object = Map::new();
    for (k, v) in items {
        let mut c = ctx.clone();
        if let Some(kv) = &f.key_var {
            c.declare_var(kv.clone(), k);
        }
        c.declare_var(f.value_var.clone(), v);
        if let Some(cond) = &f.cond_expr {
            match eval_expr(&c, cond)? {
                Value::Bool(true) => {}
                Value::Bool(false) => continue,
                other => {
                    return Err(format!(
                        "a for condition must be a bool, got {}",
                        types::describe(&other)
                    ))
                }
            }
        }
        let value = eval_expr(&c, &f.value_expr)?;
        match &f.key_expr {
            Some(ke) => {
                let key = match eval_expr(&c, ke)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                if f.grouping {
                    let slot = object
                        .entry(key)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(a) = slot {
                        a.push(value);
                    }
                } else if object.insert(key.clone(), value).is_some() {
                    return Err(format!(
                        "duplicate key \"{key}\" in a for expression (use `...` to group)"
                    ));
                }
            }
            None => list.push(value),
        }
    }
    Ok(if f.key_expr.is_some() {
        Value::Object(object)
    } else {
        Value::Array(list)
    })
}

/// An evaluated block body: attributes plus nested blocks as lists of objects.
fn eval_body(
    scope: &mut Scope,
    b: &Block,
    file: &str,
    lines: Option<&mut BTreeMap<String, Vec<usize>>>,
) -> Result<Map<String, Value>, TerraformError> {
    let mut out = Map::new();
    for a in &b.attrs {
        if META_ATTRS.contains(&a.name.as_str()) {
            continue;
        }
        let v = eval_expr(&scope.ctx, &a.expr)
            .map_err(|m| eval_error(At { file, line: a.line }, &format!("`{}`", a.name), m))?;
        out.insert(a.name.clone(), v);
    }
    let mut lines = lines;
    for nb in &b.blocks {
        if SKIPPED_BLOCKS.contains(&nb.ident.as_str()) {
            continue;
        }
        if nb.ident == "dynamic" {
            let Some(label) = nb.labels.first().cloned() else {
                return Err(invalid(
                    file,
                    nb.line,
                    "a `dynamic` block needs a label".into(),
                ));
            };
            let iterator = dynamic_iterator(nb).unwrap_or_else(|| label.clone());
            let Some(fe) = nb.attr("for_each") else {
                return Err(invalid(
                    file,
                    nb.line,
                    format!("dynamic \"{label}\" needs `for_each`"),
                ));
            };
            let Some(content) = nb.blocks.iter().find(|c| c.ident == "content") else {
                return Err(invalid(
                    file,
                    nb.line,
                    format!("dynamic \"{label}\" needs a `content` block"),
                ));
            };
            let coll = eval_expr(&scope.ctx, &fe.expr).map_err(|m| {
                eval_error(
                    At {
                        file,
                        line: fe.line,
                    },
                    "`for_each`",
                    m,
                )
            })?;
            let items = iteration_items(coll).map_err(|m| TerraformError::WrongType {
                file: file.into(),
                line: fe.line,
                what: format!("dynamic \"{label}\" for_each"),
                message: m,
            })?;
            if items.len() > MAX_INSTANCES_PER_BLOCK {
                return Err(TerraformError::TooMany {
                    file: file.into(),
                    line: fe.line,
                    what: format!("dynamic \"{label}\""),
                    count: items.len(),
                    limit: MAX_INSTANCES_PER_BLOCK,
                });
            }
            for (k, v) in items {
                let mut it = Map::new();
                it.insert("key".to_string(), k);
                it.insert("value".to_string(), v);
                scope
                    .iterators
                    .push((iterator.clone(), Value::Object(it.clone())));
                scope.ctx.declare_var(iterator.clone(), Value::Object(it));
                let r = eval_body(scope, content, file, None);
                scope.iterators.pop();
                let restore = scope
                    .iterators
                    .iter()
                    .rev()
                    .find(|(n, _)| *n == iterator)
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::Null);
                scope.ctx.declare_var(iterator.clone(), restore);
                push_block(&mut out, &label, Value::Object(r?));
                if let Some(l) = lines.as_deref_mut() {
                    l.entry(label.clone()).or_default().push(content.line);
                }
            }
        } else {
            let v = eval_body(scope, nb, file, None)?;
            push_block(&mut out, &nb.ident, Value::Object(v));
            if let Some(l) = lines.as_deref_mut() {
                l.entry(nb.ident.clone()).or_default().push(nb.line);
            }
        }
    }
    Ok(out)
}

fn push_block(out: &mut Map<String, Value>, name: &str, v: Value) {
    match out.get_mut(name) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            out.insert(name.to_string(), Value::Array(vec![v]));
        }
    }
}

/// (key, value) pairs of a `for_each` collection: a map in key order, or a set of strings.
fn iteration_items(v: Value) -> Result<Vec<(Value, Value)>, String> {
    match v {
        Value::Object(o) => {
            let mut items: Vec<(String, Value)> = o.into_iter().collect();
            items.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(items
                .into_iter()
                .map(|(k, v)| (Value::String(k), v))
                .collect())
        }
        Value::Array(a) => Ok(a
            .into_iter()
            .enumerate()
            .map(|(k, v)| (Value::from(k as u64), v))
            .collect()),
        other => Err(format!(
            "expected a map or a list, got {}",
            types::describe(&other)
        )),
    }
}

/// Instance keys of a block: `None` (no count/for_each), or each instance's key and its
/// `count`/`each` value.
enum Instances {
    Single,
    Count(usize),
    Each(Vec<(String, Value)>),
}

fn instances(
    scope: &Scope,
    b: &Block,
    file: &str,
    what: &str,
) -> Result<Instances, TerraformError> {
    if let (Some(_), Some(fe)) = (b.attr("count"), b.attr("for_each")) {
        return Err(invalid(
            file,
            fe.line,
            format!("{what} sets both `count` and `for_each`"),
        ));
    }
    if let Some(c) = b.attr("count") {
        let v = eval_expr(&scope.ctx, &c.expr)
            .map_err(|m| eval_error(At { file, line: c.line }, "`count`", m))?;
        let n = match &v {
            Value::Number(n) => n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0),
            Value::String(s) => s.parse::<u32>().ok().map(f64::from),
            _ => None,
        };
        let Some(n) = n else {
            return Err(TerraformError::WrongType {
                file: file.into(),
                line: c.line,
                what: format!("{what} count"),
                message: format!("expected a whole number ≥ 0, got {v}"),
            });
        };
        if n > MAX_INSTANCES_PER_BLOCK as f64 {
            return Err(TerraformError::TooMany {
                file: file.into(),
                line: c.line,
                what: what.into(),
                count: n as usize,
                limit: MAX_INSTANCES_PER_BLOCK,
            });
        }
        return Ok(Instances::Count(n as usize));
    }
    if let Some(fe) = b.attr("for_each") {
        let v = eval_expr(&scope.ctx, &fe.expr).map_err(|m| {
            eval_error(
                At {
                    file,
                    line: fe.line,
                },
                "`for_each`",
                m,
            )
        })?;
        let wrong = |message: String| TerraformError::WrongType {
            file: file.into(),
            line: fe.line,
            what: format!("{what} for_each"),
            message,
        };
        let items: Vec<(String, Value)> = match v {
            Value::Object(o) => {
                let mut items: Vec<(String, Value)> = o.into_iter().collect();
                items.sort_by(|a, b| a.0.cmp(&b.0));
                items
            }
            Value::Array(a) => {
                let mut keys = Vec::new();
                for x in a {
                    match x {
                        Value::String(s) => keys.push(s),
                        other => {
                            return Err(wrong(format!(
                                "a set for for_each must hold strings, found {}",
                                types::describe(&other)
                            )))
                        }
                    }
                }
                keys.sort();
                keys.dedup();
                keys.into_iter()
                    .map(|k| (k.clone(), Value::String(k)))
                    .collect()
            }
            other => {
                return Err(wrong(format!(
                    "expected a map or a set of strings, got {}",
                    types::describe(&other)
                )))
            }
        };
        if items.len() > MAX_INSTANCES_PER_BLOCK {
            return Err(TerraformError::TooMany {
                file: file.into(),
                line: fe.line,
                what: what.into(),
                count: items.len(),
                limit: MAX_INSTANCES_PER_BLOCK,
            });
        }
        return Ok(Instances::Each(items));
    }
    Ok(Instances::Single)
}

/// `[3]` or `["key"]`.
fn index_suffix(key: &InstanceKey) -> String {
    match key {
        InstanceKey::None => String::new(),
        InstanceKey::Index(k) => format!("[{k}]"),
        InstanceKey::Key(k) => format!("[\"{k}\"]"),
    }
}

enum InstanceKey {
    None,
    Index(usize),
    Key(String),
}

/// Runs `f` once per instance with `count`/`each` declared; collects the values the way
/// Terraform exposes them (object, list by index, or map by key).
fn for_instances(
    scope: &mut Scope,
    inst: Instances,
    mut f: impl FnMut(&mut Scope, InstanceKey, usize) -> Result<Value, TerraformError>,
) -> Result<Value, TerraformError> {
    match inst {
        Instances::Single => f(scope, InstanceKey::None, 0),
        Instances::Count(n) => {
            let mut list = Vec::new();
            for k in 0..n {
                let mut c = Map::new();
                c.insert("index".to_string(), Value::from(k as u64));
                scope.ctx.declare_var("count", Value::Object(c));
                list.push(f(scope, InstanceKey::Index(k), k)?);
            }
            scope.ctx.declare_var("count", Value::Null);
            Ok(Value::Array(list))
        }
        Instances::Each(items) => {
            let mut map = Map::new();
            for (k, (key, value)) in items.into_iter().enumerate() {
                let mut e = Map::new();
                e.insert("key".to_string(), Value::String(key.clone()));
                e.insert("value".to_string(), value);
                scope.ctx.declare_var("each", Value::Object(e));
                let v = f(scope, InstanceKey::Key(key.clone()), k)?;
                map.insert(key, v);
            }
            scope.ctx.declare_var("each", Value::Null);
            Ok(Value::Object(map))
        }
    }
}

/// Evaluates one module instance; returns its outputs.
fn eval_module(
    env: &mut Env,
    files: &[Arc<File>],
    dir: &str,
    prefix: &str,
    depth: usize,
    inputs: Map<String, Value>,
    keep: Option<&mut Option<KeptRoot>>,
) -> Result<Map<String, Value>, TerraformError> {
    let decls = declarations(files)?;
    let root_dir = normalize_path(&env.source.root);
    let mut registry = BTreeSet::new();
    for (node, d) in &decls.nodes {
        if node.kind == NodeKind::Module {
            if let Some(b) = d.block() {
                match b.attr("source").map(|a| &a.expr) {
                    Some(Expression::String(s)) if syntax::is_local_source(s) => {}
                    Some(Expression::String(_)) => {
                        registry.insert(node.name.clone());
                    }
                    _ => {
                        return Err(invalid(
                            d.file,
                            b.line,
                            format!("module \"{}\" needs a literal `source` string", node.name),
                        ))
                    }
                }
            }
        }
    }
    let mut deps = BTreeMap::new();
    for (node, d) in &decls.nodes {
        deps.insert(node.clone(), dependencies(node, d, &decls, &registry)?);
    }
    // Variables: declared defaults overridden by inputs, converted to their types.
    let mut vars = Map::new();
    for (name, (file, b)) in &decls.variables {
        let ty = match b.attr("type") {
            Some(t) => types::parse_type(&t.expr).map_err(|m| TerraformError::WrongType {
                file: (*file).into(),
                line: t.line,
                what: format!("variable \"{name}\" type"),
                message: m,
            })?,
            None => Type::Any,
        };
        let value = match inputs.get(name) {
            Some(v) => v.clone(),
            None => match b.attr("default") {
                Some(d) => eval_expr(&Context::new(), &d.expr).map_err(|m| {
                    eval_error(At { file, line: d.line }, &format!("the default of variable \"{name}\""), m)
                })?,
                None => {
                    return Err(invalid(
                        file,
                        b.line,
                        format!(
                            "variable \"{name}\" has no default and no value: set it with --var {name}=…, \
                             --var-file or terraform.tfvars{}",
                            if prefix.is_empty() { "" } else { " (or as an argument of the module block)" }
                        ),
                    ))
                }
            },
        };
        let value = types::convert(value, &ty).map_err(|m| TerraformError::WrongType {
            file: (*file).into(),
            line: b.line,
            what: format!("variable \"{name}\""),
            message: m,
        })?;
        vars.insert(name.clone(), value);
    }
    for name in inputs.keys() {
        if !decls.variables.contains_key(name) {
            return Err(TerraformError::Undeclared {
                file: files.first().map(|f| f.path.clone()).unwrap_or_default(),
                line: 1,
                what: format!("input variable of module `{}`", dir),
                name: name.clone(),
            });
        }
    }
    let mut scope = Scope::new(dir, &root_dir, vars);
    for node in order(&decls, &deps)? {
        let d = &decls.nodes[&node];
        let file = d.file;
        scope.focus(&deps[&node]);
        match (&node.kind, &d.decl) {
            (NodeKind::Local, Decl::Local(a)) => {
                let v = eval_expr(&scope.ctx, &a.expr).map_err(|m| {
                    eval_error(At { file, line: a.line }, &format!("local.{}", a.name), m)
                })?;
                scope.set_local(&a.name, v);
            }
            (NodeKind::Provider, Decl::Block(b)) if prefix.is_empty() => {
                if let Some(r) = b.attr("region") {
                    let v = eval_expr(&scope.ctx, &r.expr).map_err(|m| {
                        eval_error(At { file, line: r.line }, "the provider's `region`", m)
                    })?;
                    if let Value::String(s) = v {
                        env.region = Some(s);
                    }
                }
            }
            (NodeKind::Output, Decl::Block(b)) => {
                let Some(v) = b.attr("value") else {
                    return Err(invalid(
                        file,
                        b.line,
                        format!("output \"{}\" needs `value`", node.name),
                    ));
                };
                let value = eval_expr(&scope.ctx, &v.expr).map_err(|m| {
                    eval_error(
                        At { file, line: v.line },
                        &format!("output \"{}\"", node.name),
                        m,
                    )
                })?;
                scope.outputs.insert(node.name.clone(), value);
            }
            (NodeKind::Resource, Decl::Block(b)) => {
                eval_resource(env, &mut scope, b, file, prefix)?;
            }
            (NodeKind::Data, Decl::Block(b)) => {
                eval_data(env, &mut scope, b, file, prefix)?;
            }
            (NodeKind::Module, Decl::Block(b)) => {
                let v = eval_module_call(env, &mut scope, b, file, dir, prefix, depth, &registry)?;
                scope.set_module(&node.name, v);
            }
            _ => {}
        }
    }
    if prefix.is_empty() && env.region.is_none() {
        let at = Provenance {
            file: files.first().map(|f| f.path.clone()).unwrap_or_default(),
            line: 1,
        };
        env.warn(
            "provider.aws",
            &at,
            "no `region` in a provider \"aws\" block: assumed us-east-1".into(),
            None,
        );
    }
    let outputs = std::mem::take(&mut scope.outputs);
    if let Some(keep) = keep {
        *keep = Some((deps, registry, scope));
    }
    Ok(outputs)
}

/// A root module's dependency graph, registry modules and final scope.
type KeptRoot = (BTreeMap<Node, BTreeSet<Node>>, BTreeSet<String>, Scope);

fn provenance(file: &str, line: usize) -> Provenance {
    Provenance {
        file: file.into(),
        line,
    }
}

pub(super) fn eval_resource(
    env: &mut Env,
    scope: &mut Scope,
    b: &Block,
    file: &str,
    prefix: &str,
) -> Result<(), TerraformError> {
    let kind = b.labels[0].clone();
    let name = b.labels[1].clone();
    let base = format!("{prefix}{kind}.{name}");
    let inst = instances(scope, b, file, &base)?;
    let value = for_instances(scope, inst, |scope, key, k| {
        let address = format!("{base}{}", index_suffix(&key));
        if env.out.resources.len() >= MAX_RESOURCES {
            return Err(TerraformError::TooMany {
                file: file.into(),
                line: b.line,
                what: "the configuration".into(),
                count: env.out.resources.len() + 1,
                limit: MAX_RESOURCES,
            });
        }
        let mut nested_lines = BTreeMap::new();
        let mut values = eval_body(scope, b, file, Some(&mut nested_lines))?;
        let at = provenance(file, b.line);
        computed(env, &kind, &address, &mut values, &at);
        env.values_by_address
            .insert(address.clone(), values.clone());
        env.out.resources.push(Resource {
            address: address.clone(),
            kind: kind.clone(),
            values: values.clone(),
            at,
            nested_lines,
            order: (prefix.to_string(), file.to_string(), b.line, k),
        });
        Ok(Value::Object(values))
    })?;
    scope.set_resource(&kind, &name, value);
    Ok(())
}

fn str_attr<'v>(values: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    values.get(key).and_then(|v| v.as_str())
}

/// Attributes AWS computes: ids are addresses; addresses AWS would assign are assumed.
fn computed(
    env: &mut Env,
    kind: &str,
    address: &str,
    values: &mut Map<String, Value>,
    at: &Provenance,
) {
    let mut set = |k: &str, v: Value| {
        values.insert(k.to_string(), v);
    };
    set("id", Value::from(address));
    set("arn", Value::from(address));
    let default = |values: &mut Map<String, Value>, k: &str, v: Value| {
        if values.get(k).is_none_or(|x| x.is_null()) {
            values.insert(k.to_string(), v);
        }
    };
    match kind {
        "aws_vpc" => {
            values.insert(
                "default_security_group_id".into(),
                Value::from(format!("{address}:default_security_group")),
            );
            values.insert(
                "default_network_acl_id".into(),
                Value::from(format!("{address}:default_network_acl")),
            );
            values.insert(
                "main_route_table_id".into(),
                Value::from(format!("{address}:main_route_table")),
            );
            values.insert(
                "default_route_table_id".into(),
                Value::from(format!("{address}:main_route_table")),
            );
            // X1: AWS assigns the /56 of `assign_generated_ipv6_cidr_block` from its pool.
            if values.get("assign_generated_ipv6_cidr_block") == Some(&Value::Bool(true))
                && values.get("ipv6_cidr_block").is_none_or(|v| v.is_null())
            {
                let taken = env
                    .values_by_address
                    .values()
                    .filter(|v| {
                        str_attr(v, "ipv6_cidr_block")
                            .is_some_and(|c| c.starts_with(super::build::ipv6::ASSUMED_PREFIX))
                    })
                    .count();
                let block = super::build::ipv6::assumed_vpc_block(taken);
                env.warn(
                    address,
                    at,
                    format!("assign_generated_ipv6_cidr_block: AWS assigns the IPv6 /56 from its pool, not known before apply; assumed {block}"),
                    Some(address),
                );
                values.insert("ipv6_cidr_block".into(), Value::from(block));
            }
        }
        "aws_security_group" | "aws_db_subnet_group" | "aws_lb" | "aws_lb_target_group" => {
            let name = str_attr(values, "name_prefix")
                .map(|p| format!("{p}assumed"))
                .unwrap_or_else(|| address.to_string());
            default(values, "name", Value::from(name));
            if kind == "aws_lb" {
                default(
                    values,
                    "dns_name",
                    Value::from(format!("{address}.elb.amazonaws.com")),
                );
            }
        }
        "aws_eip" => {
            values.insert("allocation_id".into(), Value::from(address));
            if values.get("public_ip").is_none_or(|v| v.is_null()) {
                let ip = next_public_ip(env);
                env.warn(
                    address,
                    at,
                    format!("AWS allocates an Elastic IP's address; assumed {ip}"),
                    Some(address),
                );
                values.insert("public_ip".into(), Value::from(ip));
            }
        }
        "aws_nat_gateway" => {
            if let Some(eip) =
                str_attr(values, "allocation_id").and_then(|a| env.values_by_address.get(a))
            {
                if let Some(ip) = str_attr(eip, "public_ip") {
                    let ip = ip.to_string();
                    values.insert("public_ip".into(), Value::from(ip));
                }
            }
        }
        "aws_vpn_connection" => {
            values.insert(
                "transit_gateway_attachment_id".into(),
                Value::from(format!("{address}:transit_gateway_attachment")),
            );
        }
        "aws_ec2_transit_gateway" => {
            for k in [
                "association_default_route_table_id",
                "propagation_default_route_table_id",
            ] {
                values.insert(
                    k.into(),
                    Value::from(format!("{address}:default_route_table")),
                );
            }
        }
        "aws_vpc_endpoint" => {
            values.insert(
                "prefix_list_id".into(),
                Value::from(format!("{address}:prefix_list")),
            );
        }
        "aws_instance" => {
            values.insert(
                "primary_network_interface_id".into(),
                Value::from(format!("{address}:eni")),
            );
            let subnet = str_attr(values, "subnet_id").map(String::from);
            let subnet_values = subnet
                .as_ref()
                .and_then(|s| env.values_by_address.get(s))
                .cloned();
            let explicit = str_attr(values, "private_ip").and_then(parse_ip);
            if let (Some(ip), Some(s)) = (explicit, &subnet) {
                env.used_ips
                    .entry(s.clone())
                    .or_default()
                    .insert(u32::from(ip));
            }
            if explicit.is_none() {
                if let (Some(s), Some(sv)) = (&subnet, &subnet_values) {
                    if let Some(c) =
                        str_attr(sv, "cidr_block").and_then(|c| Cidr::parse_lenient(c).ok())
                    {
                        let used = env.used_ips.entry(s.clone()).or_default();
                        let top = c.size().saturating_sub(1);
                        let pick = (10..top)
                            .chain(4..10.min(top))
                            .map(|k| c.network_u32().wrapping_add(k as u32))
                            .find(|a| !used.contains(a));
                        if let Some(a) = pick {
                            used.insert(a);
                            let ip = std::net::Ipv4Addr::from(a).to_string();
                            env.warn(
                                address,
                                at,
                                format!("no `private_ip`: AWS picks a free address in {s}; assumed {ip}"),
                                Some(address),
                            );
                            values.insert("private_ip".into(), Value::from(ip));
                        }
                    }
                }
            }
            let public = match values.get("associate_public_ip_address") {
                Some(Value::Bool(b)) => *b,
                _ => subnet_values
                    .as_ref()
                    .and_then(|sv| sv.get("map_public_ip_on_launch"))
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
            };
            if public && values.get("public_ip").is_none_or(|v| v.is_null()) {
                let ip = next_public_ip(env);
                env.warn(
                    address,
                    at,
                    format!("AWS assigns the public IPv4 address at launch; assumed {ip}"),
                    Some(address),
                );
                values.insert("public_ip".into(), Value::from(ip));
            }
        }
        _ => {}
    }
}

fn next_public_ip(env: &mut Env) -> String {
    env.public_ips += 1;
    let k = env.public_ips;
    if k < 255 {
        format!("192.0.2.{k}")
    } else {
        let n = 0xC612_0000u32.wrapping_add(k); // 198.18.0.0/15 (benchmarking range)
        std::net::Ipv4Addr::from(n).to_string()
    }
}

fn eval_data(
    env: &mut Env,
    scope: &mut Scope,
    b: &Block,
    file: &str,
    prefix: &str,
) -> Result<(), TerraformError> {
    let kind = b.labels[0].clone();
    let name = b.labels[1].clone();
    let base = format!("{prefix}data.{kind}.{name}");
    let inst = instances(scope, b, file, &base)?;
    let region = env.region();
    let at = provenance(file, b.line);
    let mut warned = false;
    let value = for_instances(scope, inst, |scope, key, _| {
        let address = format!("{base}{}", index_suffix(&key));
        let mut values = eval_body(scope, b, file, None)?;
        values.insert("id".into(), Value::from(address.clone()));
        let message = match kind.as_str() {
            "aws_availability_zones" => {
                let names: Vec<Value> = ["a", "b", "c"]
                    .iter()
                    .map(|s| Value::from(format!("{region}{s}")))
                    .collect();
                values.insert("names".into(), Value::Array(names));
                format!("availability zones are not known offline: assumed {region}a, {region}b, {region}c")
            }
            "aws_region" => {
                values.insert("name".into(), Value::from(region.clone()));
                values.insert("region".into(), Value::from(region.clone()));
                values.insert("id".into(), Value::from(region.clone()));
                format!("the region is assumed to be the provider's: {region}")
            }
            "aws_caller_identity" => {
                values.insert("account_id".into(), Value::from("123456789012"));
                "the account id is not known offline: assumed 123456789012".into()
            }
            "aws_partition" => {
                values.insert("partition".into(), Value::from("aws"));
                values.insert("dns_suffix".into(), Value::from("amazonaws.com"));
                "assumed the standard `aws` partition".into()
            }
            "aws_ami" => {
                values.insert("image_id".into(), Value::from("ami-00000000000000000"));
                values.insert("id".into(), Value::from("ami-00000000000000000"));
                "the AMI is not looked up offline: a placeholder AMI is assumed (it does not affect reachability)".into()
            }
            _ => "data sources are not read offline: only its arguments and `id` are known; \
                 run `terraform show -json` for full fidelity"
                .to_string(),
        };
        if !warned {
            env.warn(&base, &at, message, None);
            warned = true;
        }
        Ok(Value::Object(values))
    })?;
    scope.set_data(&kind, &name, value);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn eval_module_call(
    env: &mut Env,
    scope: &mut Scope,
    b: &Block,
    file: &str,
    dir: &str,
    prefix: &str,
    depth: usize,
    registry: &BTreeSet<String>,
) -> Result<Value, TerraformError> {
    let name = b.labels[0].clone();
    let base = format!("{prefix}module.{name}");
    let at = provenance(file, b.line);
    let source = match b.attr("source").map(|a| &a.expr) {
        Some(Expression::String(s)) => s.clone(),
        _ => String::new(),
    };
    if registry.contains(&name) {
        env.warn(
            &base,
            &at,
            format!(
                "module source \"{source}\" is not a local path: its resources are not imported; \
                 run `terraform show -json` and pass that file to --terraform for full fidelity"
            ),
            None,
        );
        return Ok(Value::Object(Map::new()));
    }
    if depth + 1 > MAX_MODULE_DEPTH {
        return Err(invalid(
            file,
            b.line,
            format!(
                "modules nest deeper than {MAX_MODULE_DEPTH} levels (does a module call itself?)"
            ),
        ));
    }
    let child_dir = join_path(dir, &source);
    let files = module_files(env.cache, env.source, &child_dir, None)?;
    env.child_files.extend(files.iter().map(|f| f.path.clone()));
    if files.is_empty() {
        return Err(invalid(
            file,
            b.line,
            format!("module \"{name}\": no .tf files in `{child_dir}`"),
        ));
    }
    let inst = instances(scope, b, file, &base)?;
    for_instances(scope, inst, |scope, key, _| {
        let mut inputs = Map::new();
        for a in &b.attrs {
            if [
                "source",
                "version",
                "count",
                "for_each",
                "providers",
                "depends_on",
            ]
            .contains(&a.name.as_str())
            {
                continue;
            }
            let v = eval_expr(&scope.ctx, &a.expr).map_err(|m| {
                eval_error(
                    At { file, line: a.line },
                    &format!("module argument `{}`", a.name),
                    m,
                )
            })?;
            inputs.insert(a.name.clone(), v);
        }
        let child_prefix = format!("{base}{}.", index_suffix(&key));
        let outputs = eval_module(
            env,
            &files,
            &child_dir,
            &child_prefix,
            depth + 1,
            inputs,
            None,
        )
        .map_err(|e| match e {
            TerraformError::Undeclared { what, name: n, .. }
                if what.starts_with("input variable") =>
            {
                invalid(
                    file,
                    b.line,
                    format!("module \"{name}\" has no variable `{n}` (unsupported argument)"),
                )
            }
            other => other,
        })?;
        Ok(Value::Object(outputs))
    })
}

// ---- root variables ---------------------------------------------------------------------

/// The root module's variable values with Terraform's precedence.
fn root_variables(
    source: &TerraformSource,
    root_dir: &str,
    files: &[Arc<File>],
    env: &mut Env,
) -> Result<Map<String, Value>, TerraformError> {
    let decls = declarations(files)?;
    let mut values = Map::new();
    let mut ctx = Context::new();
    super::functions::register(&mut ctx);
    let mut auto: Vec<&String> = source
        .files
        .keys()
        .filter(|p| parent_dir(p) == root_dir)
        .filter(|p| p.ends_with(".auto.tfvars"))
        .collect();
    auto.sort();
    let mut tfvars: Vec<(String, &str)> = Vec::new();
    let main = join_path(root_dir, "terraform.tfvars");
    if let Some(t) = source.files.get(&main) {
        tfvars.push((main.clone(), t));
    }
    for p in auto {
        tfvars.push((p.clone(), &source.files[p]));
    }
    for (path, text) in &tfvars {
        load_tfvars(path, text, &ctx, &decls, &mut values, env, false)?;
    }
    for cli in &source.cli_variables {
        match cli {
            CliVariable::File { path, text } => {
                load_tfvars(path, text, &ctx, &decls, &mut values, env, true)?;
            }
            CliVariable::Var { name, value } => {
                let Some((_, b)) = decls.variables.get(name) else {
                    return Err(TerraformError::CommandLine(format!(
                        "--var {name}=…: no variable \"{name}\" is declared in the root module"
                    )));
                };
                let ty = match b.attr("type").map(|t| types::parse_type(&t.expr)) {
                    Some(Ok(t)) => t,
                    _ => Type::Any,
                };
                let primitive = matches!(ty, Type::Any | Type::String | Type::Number | Type::Bool);
                let v = if primitive {
                    Value::String(value.clone())
                } else {
                    let e: Expression = value.parse().map_err(|e: hcl::Error| {
                        TerraformError::CommandLine(format!(
                            "--var {name}: not a valid HCL value: {e}"
                        ))
                    })?;
                    eval_expr(&ctx, &e)
                        .map_err(|m| TerraformError::CommandLine(format!("--var {name}: {m}")))?
                };
                let v = types::convert(v, &ty).map_err(|m| {
                    TerraformError::CommandLine(format!(
                        "--var {name}: wrong type for variable \"{name}\": {m}"
                    ))
                })?;
                values.insert(name.clone(), v);
            }
        }
    }
    Ok(values)
}

fn load_tfvars(
    path: &str,
    text: &str,
    ctx: &Context,
    decls: &Decls,
    values: &mut Map<String, Value>,
    env: &mut Env,
    strict: bool,
) -> Result<(), TerraformError> {
    let f = env.cache.parse(path, text)?;
    if let Some(b) = f.blocks.first() {
        return Err(invalid(
            path,
            b.line,
            "a .tfvars file holds only `name = value` lines".into(),
        ));
    }
    for a in &f.attrs {
        if !decls.variables.contains_key(&a.name) {
            if strict {
                return Err(TerraformError::Undeclared {
                    file: path.into(),
                    line: a.line,
                    what: "variable".into(),
                    name: a.name.clone(),
                });
            }
            env.warn(
                &format!("var.{}", a.name),
                &provenance(path, a.line),
                format!(
                    "a value is set for undeclared variable \"{}\"; ignored",
                    a.name
                ),
                None,
            );
            continue;
        }
        let v = eval_expr(ctx, &a.expr).map_err(|m| {
            eval_error(
                At {
                    file: path,
                    line: a.line,
                },
                &format!("variable \"{}\"", a.name),
                m,
            )
        })?;
        // Type errors point at the value's line rather than the declaration.
        if let Some((_, b)) = decls.variables.get(&a.name) {
            if let Some(Ok(ty)) = b.attr("type").map(|t| types::parse_type(&t.expr)) {
                types::convert(v.clone(), &ty).map_err(|m| TerraformError::WrongType {
                    file: path.into(),
                    line: a.line,
                    what: format!("variable \"{}\"", a.name),
                    message: m,
                })?;
            }
        }
        values.insert(a.name.clone(), v);
    }
    Ok(())
}
