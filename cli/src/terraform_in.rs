//! `--terraform PATH`: read the files `sim` needs, and annotate results with where the
//! deciding block was written.
//!
//! **Why**: `sim` never touches the filesystem, so this module reads a `.tf` file, a root
//! module directory (its `*.tf`, `terraform.tfvars`, `*.auto.tfvars`, and the local child
//! modules its `module` blocks name, transitively) or a `terraform show -json` file, plus
//! `--var-file`s, and hands `sim` a map path → text. After the trace it adds `file`/`line`
//! to hops and blockers from the importer's provenance table; the tracer is unchanged.
//!
//! **Guarantees**: files are read in sorted order; at most [`MAX_MODULE_DIRS`] module
//! directories are read; `--var` and `--var-file` keep their command-line order (later
//! wins, as in Terraform).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use sim::network::import::terraform::{
    import_terraform, import_terraform_json, local_module_dirs, normalize_path, parent_dir,
    CliVariable, Provenance, TerraformImport, TerraformSource,
};
use sim::network::{Hop, Trace};

use crate::network_cmd::VarArgs;

/// Local module directories read at most (a module tree larger than this is refused).
pub const MAX_MODULE_DIRS: usize = 64;

fn key(path: &Path) -> String {
    normalize_path(&path.display().to_string())
}

fn read(path: &Path) -> Result<String> {
    crate::text_in::read_text(path)
}

/// The `.tf` files (and, for the root, tfvars) of one directory, sorted.
fn read_dir_files(dir: &str, with_tfvars: bool, source: &mut TerraformSource) -> Result<()> {
    let fs_dir = if dir.is_empty() { "." } else { dir };
    let mut names: Vec<String> = fs::read_dir(fs_dir)
        .with_context(|| format!("cannot list {fs_dir}"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| {
            n.ends_with(".tf")
                || (with_tfvars && (n == "terraform.tfvars" || n.ends_with(".auto.tfvars")))
        })
        .collect();
    names.sort();
    for n in names {
        let k = sim::network::import::terraform::join_path(dir, &n);
        let text = read(Path::new(&k))?;
        source.files.insert(k, text);
    }
    Ok(())
}

/// Reads the local child modules the given files name, transitively.
fn read_modules(source: &mut TerraformSource, start: Vec<(String, String)>) -> Result<()> {
    let mut queue = start;
    let mut seen = BTreeSet::new();
    while let Some((dir, text)) = queue.pop() {
        for m in local_module_dirs(&dir, &text) {
            if !seen.insert(m.clone()) {
                continue;
            }
            if seen.len() > MAX_MODULE_DIRS {
                bail!(
                    "more than {MAX_MODULE_DIRS} local module directories; refusing to read more"
                );
            }
            if !Path::new(if m.is_empty() { "." } else { &m }).is_dir() {
                continue; // the importer reports the missing module with its file and line
            }
            let before: BTreeSet<String> = source.files.keys().cloned().collect();
            read_dir_files(&m, false, source)?;
            for (k, t) in &source.files {
                if !before.contains(k) {
                    queue.push((parent_dir(k), t.clone()));
                }
            }
        }
    }
    Ok(())
}

/// `--var` and `--var-file` in the order they were given on the command line.
fn cli_variables(vars: &VarArgs) -> Result<Vec<CliVariable>> {
    let mut out = Vec::new();
    let args: Vec<String> = std::env::args().collect();
    let mut k = 0;
    let (mut vi, mut fi) = (0, 0);
    while k < args.len() {
        let a = &args[k];
        let (is_var, inline) = if a == "--var" {
            (Some(true), None)
        } else if a == "--var-file" {
            (Some(false), None)
        } else if let Some(v) = a.strip_prefix("--var=") {
            (Some(true), Some(v.to_string()))
        } else if let Some(v) = a.strip_prefix("--var-file=") {
            (Some(false), Some(v.to_string()))
        } else {
            (None, None)
        };
        k += 1;
        let Some(is_var) = is_var else { continue };
        if inline.is_none() {
            k += 1;
        }
        if is_var {
            let Some(spec) = vars.vars.get(vi) else {
                continue;
            };
            vi += 1;
            let Some((name, value)) = spec.split_once('=') else {
                bail!("--var {spec}: expected NAME=VALUE");
            };
            out.push(CliVariable::Var {
                name: name.trim().to_string(),
                value: value.to_string(),
            });
        } else {
            let Some(path) = vars.var_files.get(fi) else {
                continue;
            };
            fi += 1;
            out.push(CliVariable::File {
                path: key(path),
                text: read(path)?,
            });
        }
    }
    Ok(out)
}

/// Reads and imports `--terraform PATH`.
pub fn load(path: &Path, vars: &VarArgs) -> Result<TerraformImport> {
    let is_json = path.is_file() && path.extension().map(|e| e == "json").unwrap_or(false);
    if is_json {
        if !vars.vars.is_empty() || !vars.var_files.is_empty() {
            bail!("--var and --var-file apply to HCL input, not to `terraform show -json` output");
        }
        let text = read(path)?;
        return Ok(import_terraform_json(&key(path), &text)?);
    }
    let mut source = TerraformSource {
        cli_variables: cli_variables(vars)?,
        ..TerraformSource::default()
    };
    if path.is_dir() {
        source.root = key(path);
        read_dir_files(&source.root.clone(), true, &mut source)?;
        if !source.files.keys().any(|k| k.ends_with(".tf")) {
            bail!("{}: no .tf files in this directory", path.display());
        }
    } else {
        let k = key(path);
        source.root = parent_dir(&k);
        source.files.insert(k.clone(), read(path)?);
        source.single_file = Some(k);
    }
    let start: Vec<(String, String)> = source
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".tf"))
        .map(|(k, t)| (parent_dir(k), t.clone()))
        .collect();
    read_modules(&mut source, start)?;
    Ok(import_terraform(&source)?)
}

/// For an endpoint written without its index (`aws_instance.web` of a block with `count`
/// or `for_each`), the addresses it could mean.
pub fn endpoint_hint(tf: &TerraformImport, flow: &sim::network::Flow) -> Option<String> {
    for spec in [&flow.from, &flow.to] {
        if tf.provenance.contains_key(spec.as_str()) {
            continue;
        }
        let prefix = format!("{spec}[");
        let matches: Vec<&str> = tf
            .network
            .component_ids()
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| id.starts_with(&prefix))
            .collect();
        if !matches.is_empty() {
            return Some(format!(
                "`{spec}` uses count or for_each: name one instance, e.g. {}",
                matches
                    .iter()
                    .take(3)
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    None
}

/// The block that decided a hop (see [`TerraformImport::hop_provenance`]).
pub fn hop_provenance<'a>(h: &Hop, tf: &'a TerraformImport) -> Option<&'a Provenance> {
    tf.hop_provenance(h)
}

fn set_location(obj: &mut Value, p: Option<&Provenance>, file_key: &str, line_key: &str) {
    if let Some(o) = obj.as_object_mut() {
        o.insert(
            file_key.into(),
            p.map(|p| Value::from(p.file.clone()))
                .unwrap_or(Value::Null),
        );
        o.insert(
            line_key.into(),
            p.map(|p| Value::from(p.line)).unwrap_or(Value::Null),
        );
    }
}

fn component_provenance<'a>(tf: &'a TerraformImport, id: &str) -> Option<&'a Provenance> {
    tf.component_provenance(id)
}

/// The first blocker's deciding block (see [`TerraformImport::blocker_provenance`]).
pub fn blocker_provenance<'a>(t: &Trace, tf: &'a TerraformImport) -> Option<&'a Provenance> {
    tf.blocker_provenance(t)
}

/// The warnings a trace's components rest on, in warning order.
fn assumptions_used(t: &Trace, tf: &TerraformImport) -> Vec<usize> {
    tf.assumptions_used(t)
}

/// Adds file/line to hops and blockers, `warnings` and `assumptions` to a trace's JSON;
/// for state input also the real AWS id (`aws_id`) of each component that has one.
pub fn annotate_trace(v: &mut Value, t: &Trace, tf: &TerraformImport) {
    let mut real: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for (id, address) in &tf.aliases {
        real.entry(address.as_str()).or_insert(id.as_str());
    }
    let set_id = |j: &mut Value, component: &str, key: &str| {
        if let (Some(o), Some(id)) = (j.as_object_mut(), real.get(component)) {
            o.insert(key.into(), Value::from(*id));
        }
    };
    for (key, hops) in [("hops", &t.hops), ("return_hops", &t.return_hops)] {
        if let Some(list) = v.get_mut(key).and_then(|x| x.as_array_mut()) {
            for (j, h) in list.iter_mut().zip(hops) {
                set_location(j, hop_provenance(h, tf), "file", "line");
                set_id(j, &h.component, "aws_id");
            }
        }
    }
    if let Some(b) = t.blockers.first() {
        set_id(v, &b.component, "blocked_by_aws_id");
    }
    set_location(
        v,
        blocker_provenance(t, tf),
        "blocked_by_file",
        "blocked_by_line",
    );
    if let Some(list) = v.get_mut("also_blocked_by").and_then(|x| x.as_array_mut()) {
        for (j, b) in list.iter_mut().zip(t.blockers.iter().skip(1)) {
            set_location(j, component_provenance(tf, &b.component), "file", "line");
            set_id(j, &b.component, "aws_id");
        }
    }
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "warnings".into(),
            serde_json::to_value(&tf.warnings).unwrap_or(Value::Null),
        );
        let used: Vec<Value> = assumptions_used(t, tf)
            .into_iter()
            .filter_map(|k| tf.warnings.get(k))
            .map(|w| serde_json::to_value(w).unwrap_or(Value::Null))
            .collect();
        o.insert("assumptions".into(), Value::Array(used));
    }
}

/// Human output: the assumptions a verdict rests on.
pub fn assumption_notes(t: &Trace, tf: &TerraformImport) -> String {
    let mut out = String::new();
    for k in assumptions_used(t, tf) {
        if let Some(w) = tf.warnings.get(k) {
            out.push_str(&format!(
                "assumption: this verdict rests on {}: {} ({})\n",
                w.block,
                w.message,
                location(&w.file, w.line)
            ));
        }
    }
    out
}

/// `file:line`, or the file alone for JSON input (no lines).
pub fn location(file: &str, line: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

/// Every import warning on stderr, so stdout stays the result.
pub fn warn_stderr(tf: &TerraformImport) {
    for w in &tf.warnings {
        eprintln!(
            "warning[terraform] {}: {} ({}:{})",
            w.block, w.message, w.file, w.line
        );
    }
}
