//! `stratosim export --terraform DIR`: write a design (or an AWS capture) as a Terraform root
//! module.
//!
//! The HCL comes from `sim::network::export::terraform` (pure: design → files); this module
//! reads the input, refuses to overwrite a non-empty file unless `--force` (checked for every
//! file before any is written, so a refusal leaves the directory as it was), writes the
//! files, lists them on stdout and prints the exporter's warnings on stderr. Bad input exits
//! 2 through `main`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use sim::network::export::terraform::{export_design_terraform, TerraformExport};
use sim::network::{import_aws_files, Design};

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Write a design or an AWS capture as a Terraform root module in DIR.
    ///
    /// Writes main.tf, variables.tf, network.tf, security.tf, compute.tf and outputs.tf;
    /// prints what Terraform cannot express as warnings on stderr (docs/TERRAFORM.md,
    /// "Terraform out").
    Export(ExportArgs),
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false, id = "source")]
pub struct Source {
    /// A Stratosim design file (native JSON format).
    #[arg(long, value_name = "FILE")]
    design: Option<PathBuf>,
    /// AWS CLI output: a merged JSON file or a directory of describe-*.json files.
    #[arg(long, value_name = "PATH")]
    aws: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The directory to write the Terraform root module into (created when missing).
    #[arg(long, value_name = "DIR")]
    terraform: PathBuf,
    #[command(flatten)]
    source: Source,
    /// Overwrite files of the same name that already exist and are not empty.
    #[arg(long)]
    force: bool,
}

pub fn run(cmd: ExportCommand) -> Result<ExitCode> {
    match cmd {
        ExportCommand::Export(args) => export_cmd(args),
    }
}

fn load(source: &Source) -> Result<Design> {
    if let Some(path) = &source.design {
        let text = crate::text_in::read_text(path)
            .with_context(|| format!("cannot read design {}", path.display()))?;
        return Design::from_json(&text).with_context(|| format!("{}", path.display()));
    }
    let Some(path) = &source.aws else {
        bail!("give --design FILE or --aws PATH")
    };
    let files = crate::network_cmd::read_aws(path)?;
    let (net, diags) = import_aws_files(&files)?;
    crate::network_cmd::warn_import(&diags);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Design::new(&name, net))
}

/// Files that would be overwritten: they exist and are not empty.
fn occupied(dir: &Path, export: &TerraformExport) -> Vec<PathBuf> {
    export
        .files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| {
            fs::metadata(p)
                .map(|m| !m.is_file() || m.len() > 0)
                .unwrap_or(false)
        })
        .collect()
}

fn export_cmd(args: ExportArgs) -> Result<ExitCode> {
    let design = load(&args.source)?;
    let export = export_design_terraform(&design);
    let dir = &args.terraform;
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a directory", dir.display());
    }
    let taken = occupied(dir, &export);
    if !taken.is_empty() && !args.force {
        let list: Vec<String> = taken.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "{} already exist(s) and would be overwritten; nothing was written (use --force to overwrite)",
            list.join(", ")
        );
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, text) in &export.files {
        let path = dir.join(name);
        if path.is_dir() {
            bail!("{} is a directory", path.display());
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {} ({} lines)", path.display(), text.lines().count());
    }
    for w in &export.warnings {
        match export.addresses.get(&w.component) {
            Some(address) => eprintln!("warning: {} ({address}): {}", w.component, w.message),
            None if w.component.is_empty() => eprintln!("warning: {}", w.message),
            None => eprintln!("warning: {}: {}", w.component, w.message),
        }
    }
    let ids = design.network.component_ids();
    let exported = ids
        .iter()
        .filter(|(id, _)| export.addresses.contains_key(*id))
        .count();
    println!(
        "{exported} of {} components written as Terraform resources, {} warning(s); check with `stratosim lint --terraform {}`",
        ids.len(),
        export.warnings.len(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
