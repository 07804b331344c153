//! `stratosim trace | lint | matrix`: the network subcommands.
//!
//! Input is AWS CLI output (`--aws`: a merged JSON file or a directory of
//! `describe-*.json` files), a native design (`--design`) or Terraform (`--terraform`: a
//! `.tf` file, a root-module directory or the JSON of `terraform show -json`, with
//! `--var`/`--var-file`). Results — reachable or not, lint findings — exit 0; only
//! unreadable or malformed input exits 2 (through `main`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use sim::network::import::terraform::TerraformImport;
use sim::network::trace::matrix::matrix_endpoints;
use sim::network::*;

#[derive(Subcommand, Debug)]
pub enum NetworkCommand {
    /// Trace a flow hop by hop through security groups, network ACLs, route tables and gateways.
    Trace(TraceArgs),
    /// Check a design for addressing and routing mistakes.
    Lint(LintArgs),
    /// Reachability matrix: every instance, database and load balancer × each port.
    Matrix(MatrixArgs),
}

#[derive(Args, Debug)]
#[group(required = false, multiple = false)]
pub struct Input {
    /// AWS CLI output: a merged JSON file or a directory of describe-*.json files.
    #[arg(long, value_name = "PATH")]
    aws: Option<PathBuf>,
    /// A Stratosim design file (native JSON format).
    #[arg(long, value_name = "FILE")]
    design: Option<PathBuf>,
    /// Terraform: one .tf file, a root-module directory (every *.tf, terraform.tfvars,
    /// *.auto.tfvars, local child modules) or the JSON of `terraform show -json`.
    #[arg(long, value_name = "PATH")]
    terraform: Option<PathBuf>,
}

/// Terraform variables, applied after terraform.tfvars and *.auto.tfvars, in command-line order.
#[derive(Args, Debug, Default)]
pub struct VarArgs {
    /// Set a root-module variable (Terraform's -var), e.g. --var vpc_cidr=10.1.0.0/16.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub(crate) vars: Vec<String>,
    /// Read variables from a .tfvars file (Terraform's -var-file).
    #[arg(long = "var-file", value_name = "FILE")]
    pub(crate) var_files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    #[command(flatten)]
    input: Input,
    /// Kubernetes manifests (a file or a directory of .yaml/.yml/.json): the cluster's pods,
    /// Services and NetworkPolicies join the trace, and --from/--to also take `pod:NS/NAME`,
    /// `service:NS/NAME` (--port is the Service port) and `node:NAME` (--port is a nodePort).
    /// Alone it traces the cluster network only; with --aws, --design or --terraform, nodes are
    /// matched to instances (spec.providerID or the private DNS name) and the path continues
    /// through the VPC.
    #[arg(long, value_name = "PATH")]
    manifests: Option<PathBuf>,
    /// With --manifests: the seed of the simulated cluster run that places the pods (pod-name
    /// suffixes, scheduling ties). The default is the app's and the grader's; the app's Cluster
    /// tab shows the seed its traces use.
    #[arg(long, default_value_t = sim::cluster::DEFAULT_SEED, requires = "manifests")]
    seed: u64,
    #[command(flatten)]
    tf_vars: VarArgs,
    /// Source: instance id (or its Name tag), ENI id, private/public IP, load balancer id, name or
    /// ARN, database id, prefix-list id (an address of that AWS service), or `internet`; for
    /// Terraform input a resource address (`aws_instance.web[1]`,
    /// `module.net.aws_instance.bastion[0]`) or, from state JSON, its real id.
    #[arg(long)]
    from: String,
    /// Destination: same forms as --from.
    #[arg(long)]
    to: String,
    /// tcp, udp, icmp or all.
    #[arg(long, default_value = "tcp", value_parser = parse_protocol)]
    protocol: Protocol,
    /// Destination port (tcp/udp).
    #[arg(long)]
    port: Option<u16>,
    /// Source port (default: the ephemeral port 49152).
    #[arg(long)]
    src_port: Option<u16>,
    /// ICMP type (default 8, echo request).
    #[arg(long)]
    icmp_type: Option<u8>,
    /// ICMP code (default 0).
    #[arg(long)]
    icmp_code: Option<u8>,
    /// Print exactly one JSON object: verdict, blocked_by, reason_code, also_blocked_by
    /// (objects with component, kind, reason_code, side, explanation, suggested_fix), hops,
    /// return_hops, suggested_fix, plus explanation, flow, notes and not_captured (components
    /// of a partial AWS capture the verdict depends on). For Terraform input, also
    /// blocked_by_file/blocked_by_line, file/line on every hop and blocker, `warnings` (every
    /// assumption) and `assumptions` (those this verdict rests on).
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    tf_vars: VarArgs,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct MatrixArgs {
    #[command(flatten)]
    input: Input,
    /// Kubernetes manifests: the matrix is then every running pod × every running pod
    /// (`pod:NS/NAME`), NetworkPolicies and the VPC (with a network input) deciding each cell.
    #[arg(long, value_name = "PATH")]
    manifests: Option<PathBuf>,
    /// With --manifests: the seed of the simulated cluster run that places the pods (pod-name
    /// suffixes, scheduling ties). The default is the app's and the grader's; the app's Cluster
    /// tab shows the seed its traces use.
    #[arg(long, default_value_t = sim::cluster::DEFAULT_SEED, requires = "manifests")]
    seed: u64,
    #[command(flatten)]
    tf_vars: VarArgs,
    /// Comma-separated destination ports.
    #[arg(long, default_value = "22,80,443", value_delimiter = ',')]
    ports: Vec<u16>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn parse_protocol(text: &str) -> std::result::Result<Protocol, String> {
    match text.to_ascii_lowercase().as_str() {
        "tcp" => Ok(Protocol::Tcp),
        "udp" => Ok(Protocol::Udp),
        "icmp" => Ok(Protocol::Icmp),
        "all" | "-1" => Ok(Protocol::All),
        _ => Err(format!("`{text}` is not one of tcp, udp, icmp, all")),
    }
}

pub fn run(cmd: NetworkCommand) -> Result<ExitCode> {
    match cmd {
        NetworkCommand::Trace(args) => trace_cmd(args),
        NetworkCommand::Lint(args) => lint_cmd(args),
        NetworkCommand::Matrix(args) => matrix_cmd(args),
    }
}

/// What was read: the network, import diagnostics and, for Terraform, the import's
/// provenance and warnings.
struct Loaded {
    net: Network,
    diags: Vec<Diagnostic>,
    terraform: Option<TerraformImport>,
}

/// Reads the input: the network and the diagnostics of importing it.
fn load(input: &Input, vars: &VarArgs) -> Result<Loaded> {
    if let Some(path) = &input.terraform {
        let import = crate::terraform_in::load(path, vars)?;
        return Ok(Loaded {
            net: import.network.clone(),
            diags: Vec::new(),
            terraform: Some(import),
        });
    }
    if !vars.vars.is_empty() || !vars.var_files.is_empty() {
        bail!("--var and --var-file apply only to --terraform input");
    }
    if let Some(path) = &input.design {
        let text = crate::text_in::read_text(path)
            .with_context(|| format!("cannot read design {}", path.display()))?;
        let design = Design::from_json(&text).with_context(|| format!("{}", path.display()))?;
        return Ok(Loaded {
            net: design.network,
            diags: Vec::new(),
            terraform: None,
        });
    }
    let Some(path) = &input.aws else {
        bail!("give --aws PATH, --design FILE or --terraform PATH")
    };
    let files = read_aws(path)?;
    let (net, diags) = import_aws_files(&files)?;
    Ok(Loaded {
        net,
        diags,
        terraform: None,
    })
}

/// The files of `--aws PATH`: the one file, or every `*.json` of the directory (sorted).
pub(crate) fn read_aws(path: &Path) -> Result<Vec<(String, String)>> {
    let files = if path.is_dir() {
        read_json_dir(path)?
    } else {
        vec![read_named(path)?]
    };
    if files.is_empty() {
        bail!("{}: no .json files in this directory", path.display());
    }
    Ok(files)
}

fn read_named(path: &Path) -> Result<(String, String)> {
    let text = crate::text_in::read_text(path)?;
    Ok((path.display().to_string(), text))
}

fn read_json_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().map(|x| x == "json").unwrap_or(false))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_named(p)).collect()
}

/// Import warnings go to stderr so stdout stays one JSON object.
pub(crate) fn warn_import(diags: &[Diagnostic]) {
    for d in diags.iter().filter(|d| d.severity != Severity::Info) {
        eprintln!("warning[{}] {}: {}", d.code, d.component, d.message);
    }
}

impl Input {
    fn is_given(&self) -> bool {
        self.aws.is_some() || self.design.is_some() || self.terraform.is_some()
    }
}

fn trace_cmd(args: TraceArgs) -> Result<ExitCode> {
    if args.manifests.is_some() {
        return cluster_trace_cmd(args);
    }
    let Loaded {
        net,
        diags,
        terraform,
    } = load(&args.input, &args.tf_vars)?;
    warn_import(&diags);
    let resolve = |spec: String| match &terraform {
        Some(t) => t.resolve_endpoint(&spec),
        None => spec,
    };
    let flow = Flow {
        from: resolve(args.from),
        to: resolve(args.to),
        protocol: args.protocol,
        port: args.port,
        src_port: args.src_port,
        icmp_type: args.icmp_type,
        icmp_code: args.icmp_code,
    };
    let t = match (trace(&net, &flow), &terraform) {
        (Ok(t), _) => t,
        (Err(e), Some(tf)) => match crate::terraform_in::endpoint_hint(tf, &flow) {
            Some(hint) => bail!("{e}; {hint}"),
            None => return Err(e.into()),
        },
        (Err(e), None) => return Err(e.into()),
    };
    if args.json {
        let mut v = t.to_contract_json();
        if let Some(tf) = &terraform {
            crate::terraform_in::annotate_trace(&mut v, &t, tf);
        }
        emit(&(serde_json::to_string_pretty(&v)? + "\n"));
    } else {
        let mut out = render_trace(&t, terraform.as_ref());
        if let Some(tf) = &terraform {
            crate::terraform_in::warn_stderr(tf);
            out.push_str(&crate::terraform_in::assumption_notes(&t, tf));
        }
        emit(&out);
    }
    Ok(ExitCode::SUCCESS)
}

/// `trace --manifests`: the cluster network (docs/SEMANTICS.md#np1, #sv1), and the VPC under it
/// when a network is given too.
fn cluster_trace_cmd(args: TraceArgs) -> Result<ExitCode> {
    let Some(path) = &args.manifests else {
        bail!("--manifests PATH is required here");
    };
    let loaded = if args.input.is_given() {
        let l = load(&args.input, &args.tf_vars)?;
        warn_import(&l.diags);
        Some(l)
    } else {
        None
    };
    let cn = cluster_network(path, loaded.as_ref().map(|l| &l.net), args.seed)?;
    let terraform = loaded.as_ref().and_then(|l| l.terraform.as_ref());
    let resolve = |spec: String| match terraform {
        Some(t) if !spec.contains(':') => t.resolve_endpoint(&spec),
        _ => spec,
    };
    let flow = Flow {
        from: resolve(args.from),
        to: resolve(args.to),
        protocol: args.protocol,
        port: args.port,
        src_port: args.src_port,
        icmp_type: args.icmp_type,
        icmp_code: args.icmp_code,
    };
    let ix = cn.network.as_ref().map(NetworkIndex::build);
    let t = cn.trace(ix.as_ref(), &flow)?;
    if args.json {
        emit(&(serde_json::to_string_pretty(&t.to_contract_json())? + "\n"));
    } else {
        emit(&render_trace(&t, terraform));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads `--manifests` and builds the cluster network on `net` with `seed` (`--seed`, default
/// [`sim::cluster::DEFAULT_SEED`], the app's and the grader's); manifest diagnostics go to stderr and any error
/// stops with exit 2.
fn cluster_network(
    path: &Path,
    net: Option<&Network>,
    seed: u64,
) -> Result<sim::cluster::kubenet::ClusterNetwork> {
    let files = crate::cluster_cmd::read_manifest_files(path)?;
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let (cn, diags) = sim::cluster::kubenet::ClusterNetwork::build(&refs, net, seed);
    let mut errors = 0;
    for d in &diags {
        eprintln!("{d}");
        if d.severity == sim::cluster::Severity::Error {
            errors += 1;
        }
    }
    if errors > 0 {
        bail!("{errors} error(s) in the manifests");
    }
    Ok(cn)
}

fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allow",
        Decision::Deny => "DENY",
        Decision::Forward => "forward",
        Decision::Translate => "translate",
        Decision::Deliver => "deliver",
        Decision::Drop => "DROP",
        Decision::Skip => "skip",
    }
}

fn render_hops(out: &mut String, hops: &[Hop], tf: Option<&TerraformImport>) {
    for (i, h) in hops.iter().enumerate() {
        let kind = serde_json::to_value(h.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let mark = if h.after_blocker {
            " (as if fixed)"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {:>2}. {:<9} {} [{kind}]{mark}\n",
            i + 1,
            decision_word(h.decision),
            h.component
        ));
        out.push_str(&format!("      {}\n", h.packet));
        out.push_str(&format!("      {}\n", h.explanation));
        if let Some(p) = tf.and_then(|tf| crate::terraform_in::hop_provenance(h, tf)) {
            out.push_str(&format!("      at {}:{}\n", p.file, p.line));
        }
    }
}

fn render_trace(t: &Trace, tf: Option<&TerraformImport>) -> String {
    let mut out = String::new();
    let port = t.flow.port.map(|p| format!(":{p}")).unwrap_or_default();
    // An IPv6 address with a port is written in brackets, `[2600:1f18::1]:443`.
    let to = if t.flow.to.parse::<std::net::Ipv6Addr>().is_ok() && !port.is_empty() {
        format!("[{}]", t.flow.to)
    } else {
        t.flow.to.clone()
    };
    out.push_str(&format!(
        "trace {} {} → {to}{port}\n",
        t.flow.protocol.name(),
        t.flow.from,
    ));
    match t.blockers.first() {
        None => out.push_str("verdict: reachable\n"),
        Some(b) => {
            let side = if b.side == PathSide::Forward {
                "forward path"
            } else {
                "return path"
            };
            let head = if b.code == ReasonCode::NotInCapture {
                "NOT KNOWN — depends on a component not in the capture,"
            } else {
                "UNREACHABLE — blocked by"
            };
            out.push_str(&format!(
                "verdict: {head} {} ({}, {side})\n",
                b.component, b.code
            ));
            out.push_str(&format!("  {}\n", b.explanation));
            if let Some(p) = tf.and_then(|tf| crate::terraform_in::blocker_provenance(t, tf)) {
                out.push_str(&format!("  decided at {}:{}\n", p.file, p.line));
            }
            if let Some(f) = &b.fix {
                out.push_str(&format!("  suggested fix: {}\n", f.summary));
            }
            if t.blockers.len() > 1 {
                out.push_str("also blocked by:\n");
                for b in &t.blockers[1..] {
                    out.push_str(&format!(
                        "  - {} ({}): {}\n",
                        b.component, b.code, b.explanation
                    ));
                    if let Some(f) = &b.fix {
                        out.push_str(&format!("    suggested fix: {}\n", f.summary));
                    }
                }
            }
        }
    }
    out.push_str("forward path:\n");
    render_hops(&mut out, &t.hops, tf);
    if !t.return_hops.is_empty() {
        out.push_str("return path:\n");
        render_hops(&mut out, &t.return_hops, tf);
    }
    for n in &t.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

fn lint_cmd(args: LintArgs) -> Result<ExitCode> {
    let Loaded {
        net,
        mut diags,
        terraform,
    } = load(&args.input, &args.tf_vars)?;
    diags.extend(lint(&net));
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if args.json {
        let mut v = serde_json::json!({
            "diagnostics": diags,
            "summary": {"errors": errors, "warnings": warnings, "infos": infos},
        });
        if let Some(tf) = &terraform {
            v["warnings"] = serde_json::to_value(&tf.warnings)?;
        }
        emit(&(serde_json::to_string_pretty(&v)? + "\n"));
    } else {
        let mut out = String::new();
        for d in &diags {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            out.push_str(&format!(
                "{sev}[{}] {}: {}\n",
                d.code, d.component, d.message
            ));
            if let Some(f) = &d.fix {
                out.push_str(&format!("  fix: {}\n", f.summary));
            }
        }
        if let Some(tf) = &terraform {
            for w in &tf.warnings {
                out.push_str(&format!(
                    "assumption {}: {} ({})\n",
                    w.block,
                    w.message,
                    crate::terraform_in::location(&w.file, w.line)
                ));
            }
        }
        out.push_str(&format!(
            "{errors} error(s), {warnings} warning(s), {infos} note(s)\n"
        ));
        emit(&out);
    }
    Ok(ExitCode::SUCCESS)
}

fn matrix_cmd(args: MatrixArgs) -> Result<ExitCode> {
    if args.ports.is_empty() {
        bail!("--ports needs at least one port");
    }
    let (net, terraform, endpoints, m) = match &args.manifests {
        Some(path) => {
            let loaded = if args.input.is_given() {
                let l = load(&args.input, &args.tf_vars)?;
                warn_import(&l.diags);
                Some(l)
            } else {
                None
            };
            let cn = cluster_network(path, loaded.as_ref().map(|l| &l.net), args.seed)?;
            let ix = cn.network.as_ref().map(NetworkIndex::build);
            let endpoints: Vec<String> = cn
                .matrix_endpoints()
                .into_iter()
                .filter(|e| e.starts_with("pod:"))
                .collect();
            let m = cn.matrix(
                ix.as_ref(),
                &endpoints,
                &endpoints,
                Protocol::Tcp,
                &args.ports,
            )?;
            let net = cn.network.clone().unwrap_or_default();
            (net, loaded.and_then(|l| l.terraform), endpoints, m)
        }
        None => {
            let Loaded {
                net,
                diags,
                terraform,
            } = load(&args.input, &args.tf_vars)?;
            warn_import(&diags);
            let ix = NetworkIndex::build(&net);
            let endpoints = matrix_endpoints(&ix);
            let m = reachability_matrix(&ix, &endpoints, &endpoints, Protocol::Tcp, &args.ports)?;
            (net, terraform, endpoints, m)
        }
    };
    if args.json {
        let mut v = serde_json::to_value(&m)?;
        if let Some(tf) = &terraform {
            v["warnings"] = serde_json::to_value(&tf.warnings)?;
        }
        emit(&(serde_json::to_string_pretty(&v)? + "\n"));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(tf) = &terraform {
        crate::terraform_in::warn_stderr(tf);
    }
    let short = |id: &str| -> String {
        let name = net
            .instances
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.name.clone())
            .or_else(|| {
                net.databases
                    .iter()
                    .find(|d| d.id == id)
                    .map(|d| d.name.clone())
            })
            .or_else(|| {
                net.load_balancers
                    .iter()
                    .find(|l| l.id == id)
                    .map(|l| l.name.clone())
            })
            .filter(|n| !n.is_empty());
        name.unwrap_or_else(|| id.to_string())
    };
    let names: Vec<String> = endpoints
        .iter()
        .enumerate()
        .map(|(k, e)| format!("{}. {}", k + 1, truncate(&short(e), 28)))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(8);
    let mut out = String::new();
    for (p, port) in args.ports.iter().enumerate() {
        out.push_str(&format!(
            "tcp port {port} (rows: from, columns: to; ✓ reachable, · blocked, ? not in the capture)\n"
        ));
        out.push_str(&" ".repeat(width + 1));
        for k in 0..names.len() {
            out.push_str(&format!("{:>3}", k + 1));
        }
        out.push('\n');
        for (a, from) in names.iter().enumerate() {
            out.push_str(&format!("{from:<width$} "));
            for b in 0..names.len() {
                let c = m
                    .cell(a, b, p)
                    .map(|c| {
                        if a == b {
                            "-"
                        } else if c.reachable {
                            "✓"
                        } else if c.reason_code == Some(ReasonCode::NotInCapture) {
                            "?"
                        } else {
                            "·"
                        }
                    })
                    .unwrap_or("?");
                out.push_str(&format!("{c:>3}"));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    // Once for the whole matrix, not per port or cell (docs/SEMANTICS.md Q2, Q4).
    let unknown = m
        .cells
        .iter()
        .filter(|c| c.reason_code == Some(ReasonCode::NotInCapture))
        .count();
    if unknown > 0 {
        out.push_str(&format!(
            "? {unknown} cell(s) depend on a component not in the capture (trace one to see which)\n"
        ));
    }
    if let Some(c) = &net.capture {
        for (id, why) in &c.assumed {
            out.push_str(&format!("note: {id} is {why}\n"));
        }
        for (id, state) in &c.not_running {
            out.push_str(&format!(
                "note: {id} was captured {state}: nothing reaches it or leaves it\n"
            ));
        }
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars()
            .take(n.saturating_sub(1))
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends the command quietly (see `output`).
fn emit(text: &str) {
    crate::output::write_str(text);
}
