//! The `netform` command line, reusable with any [`Registry`]: a user's own blueprints get
//! the same CLI from a few lines of `main.rs` (see `examples/custom_blueprint.rs`).
//!
//! Exit codes: 0 valid (warnings allowed), 1 invalid network, 2 usage error, 3 output could
//! not be produced or written.
//!
//! Streams: stdout carries the diagnostics (rustc-like text, or a JSON array with
//! `--format json`), `dump`'s JSON and `plan-ip`'s plan; stderr carries usage errors,
//! progress messages and `plan-ip`'s warnings.

use clap::{Args, Parser, Subcommand, ValueEnum};
use netform_backends::ResourceGraph;
use netform_backends::{lower, render_terraform, write_files, ErrorKind, Target, TerraformLayout};
use netform_blueprints::{Registry, UsageError};
use netform_dsl::{Code, Diagnostic, Diagnostics, Network, Path, ValidNetwork};
use netform_reach::{Analysis, Endpoint};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: the network is valid (warnings allowed) and any output was written.
pub const EXIT_OK: u8 = 0;
/// Exit code: the network has errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: the command line is wrong (unknown blueprint, parameter or value).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the output could not be produced or written (a file system error, or an
/// internal rendering failure such as stacks that depend on each other in a cycle).
pub const EXIT_IO: u8 = 3;

#[derive(Parser)]
#[command(
    name = "netform",
    version,
    about = "Typed AWS hub-and-spoke networks, validated, rendered to CloudFormation or Terraform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the blueprints (with their parameters under --verbose).
    List {
        /// Show each blueprint's parameters, kinds, defaults and help.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Check a network and report every problem at once.
    Validate {
        #[command(flatten)]
        input: Input,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate a network and write its infrastructure as code.
    Synth {
        #[command(flatten)]
        input: Input,
        /// What to write.
        #[arg(long, value_enum)]
        target: TargetArg,
        /// How to split Terraform output: one root module for the whole network, or one per
        /// account, region and stage wired by a manifest.json (--target terraform only).
        #[arg(long, value_enum, value_name = "LAYOUT")]
        terraform_layout: Option<LayoutArg>,
        /// The directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a network as JSON, to edit and feed back with --file.
    Dump {
        #[command(flatten)]
        input: Input,
    },
    /// Draw a valid network: regions and accounts as clusters, VPCs with their subnet tiers
    /// per AZ, hubs, inspection, on-premises ends, and attachments as labelled edges.
    Diagram {
        #[command(flatten)]
        input: Input,
        /// The drawing's format.
        #[arg(long = "format", value_enum)]
        diagram_format: DiagramFormat,
        /// The file to write (stdout if absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a valid network's monthly cost estimate: what bills by the hour and by the GB,
    /// per region, with the unit prices used (from data/prices.json) and the total.
    Cost {
        #[command(flatten)]
        input: Input,
        /// GB a month assumed through each per-GB item of each region (NAT gateways, Transit
        /// Gateway, Cloud WAN, Network Firewall, interface endpoints).
        #[arg(long, value_name = "N", default_value_t = 0.0)]
        gb_per_month: f64,
        /// How to print the estimate (and the diagnostics of an invalid network).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Prove or refute the network's traffic intents (its blueprint's defaults and its own)
    /// over the routing netform generates; exit 1 with a counterexample path when one fails.
    Check {
        #[command(flatten)]
        input: Input,
        /// How to print the report (and the diagnostics of an invalid network).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the hop-by-hop path of a packet through the routing netform generates.
    Path {
        #[command(flatten)]
        input: Input,
        /// The source: vpc:NAME or onprem.
        #[arg(long)]
        from: String,
        /// The destination: vpc:NAME, internet, onprem or ip:A.B.C.D.
        #[arg(long)]
        to: String,
        /// How to print the path (and the diagnostics of an invalid network).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a valid network's IP plan: IPAM pools, IP blocks and VPC CIDRs, used and free.
    PlanIp {
        #[command(flatten)]
        input: Input,
        /// How to print the plan (and the diagnostics of an invalid network).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// List each VPC's subnet groups with their IPv4 and IPv6 blocks per AZ.
        #[arg(long)]
        subnets: bool,
    },
}

#[derive(Args)]
struct Input {
    #[command(flatten)]
    source: Source,
    /// A blueprint parameter, as key=value (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", requires = "blueprint")]
    sets: Vec<String>,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct Source {
    /// A blueprint from `netform list`.
    blueprint: Option<String>,
    /// A network as JSON (from `netform dump`) instead of a blueprint.
    #[arg(long)]
    file: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiagramFormat {
    /// A Mermaid flowchart.
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg` renders it).
    Dot,
    /// A self-contained SVG, laid out by netform.
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Cloudformation,
    Terraform,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    /// One root module, one aliased provider per account and region (the default).
    OneRoot,
    /// One root module per account, region and stage, and a manifest.json with the wiring
    /// and the order to apply them in.
    PerAccountRegion,
}

impl From<LayoutArg> for TerraformLayout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::OneRoot => TerraformLayout::OneRoot,
            LayoutArg::PerAccountRegion => TerraformLayout::PerAccountRegion,
        }
    }
}

/// Runs the CLI on the process's arguments and exits with its code.
pub fn main(registry: &Registry) -> ExitCode {
    let code = run(
        registry,
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// Runs the CLI on `args` (the first is the program name), writing to `out` and `err`, and
/// returns the exit code.
pub fn run<I, T>(registry: &Registry, args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return code;
        }
    };
    match cli.command {
        Command::List { verbose } => list(registry, verbose, out),
        Command::Validate { input, format } => match load(registry, &input, format, out, err) {
            Ok(network) => validate(&network, format, out),
            Err(code) => code,
        },
        Command::Synth {
            input,
            target,
            terraform_layout,
            out: dir,
            format,
        } => {
            let output = match (target, terraform_layout) {
                (TargetArg::Cloudformation, Some(_)) => {
                    let _ = writeln!(
                        err,
                        "error: --terraform-layout applies to --target terraform only, not cloudformation"
                    );
                    return EXIT_USAGE;
                }
                (TargetArg::Cloudformation, None) => Output::CloudFormation,
                (TargetArg::Terraform, layout) => {
                    Output::Terraform(layout.map_or_else(TerraformLayout::default, Into::into))
                }
            };
            match load(registry, &input, format, out, err) {
                Ok(network) => synth(&network, output, &dir, format, out, err),
                Err(code) => code,
            }
        }
        Command::Dump { input } => match load(registry, &input, Format::Text, out, err) {
            Ok(network) => {
                let _ = writeln!(out, "{}", network.to_json());
                EXIT_OK
            }
            Err(code) => code,
        },
        Command::Diagram {
            input,
            diagram_format,
            out: file,
        } => match load(registry, &input, Format::Text, out, err) {
            Ok(network) => diagram(&network, diagram_format, file.as_deref(), out, err),
            Err(code) => code,
        },
        Command::Cost {
            input,
            gb_per_month,
            format,
        } => {
            if !(gb_per_month.is_finite() && gb_per_month >= 0.0) {
                let _ = writeln!(
                    err,
                    "error: --gb-per-month must be a number of GB, 0 or more, not {gb_per_month}"
                );
                return EXIT_USAGE;
            }
            match load(registry, &input, format, out, err) {
                Ok(network) => cost(&network, gb_per_month, format, out, err),
                Err(code) => code,
            }
        }
        Command::Check { input, format } => match load(registry, &input, format, out, err) {
            Ok(network) => reach(&network, Question::Check, format, out, err),
            Err(code) => code,
        },
        Command::Path {
            input,
            from,
            to,
            format,
        } => {
            let ends = from
                .parse::<netform_reach::Endpoint>()
                .and_then(|f| to.parse().map(|t| (f, t)));
            let (from, to) = match ends {
                Ok(ends) => ends,
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return EXIT_USAGE;
                }
            };
            match load(registry, &input, format, out, err) {
                Ok(network) => reach(&network, Question::Path(&from, &to), format, out, err),
                Err(code) => code,
            }
        }
        Command::PlanIp {
            input,
            format,
            subnets,
        } => match load(registry, &input, format, out, err) {
            Ok(network) => plan_ip(&network, format, subnets, out, err),
            Err(code) => code,
        },
    }
}

fn list(registry: &Registry, verbose: bool, out: &mut dyn Write) -> u8 {
    let width = registry.iter().map(|b| b.name.len()).max().unwrap_or(0);
    for blueprint in registry.iter() {
        let _ = writeln!(out, "{:width$}  {}", blueprint.name, blueprint.summary);
        if verbose {
            for p in blueprint.params {
                let _ = writeln!(
                    out,
                    "    --set {}=...  {} (default {}; {})",
                    p.name,
                    p.help,
                    p.default,
                    p.kind.describe()
                );
            }
        }
    }
    EXIT_OK
}

/// The network from a blueprint or a file; on failure, the message is printed and the exit
/// code returned: a usage error as one line on stderr, a malformed network file as a
/// diagnostic on stdout in the chosen format.
fn load(
    registry: &Registry,
    input: &Input,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Network, u8> {
    let usage = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "error: {message}");
        EXIT_USAGE
    };
    if let Some(path) = &input.source.file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| usage(err, format!("cannot read {}: {e}", path.display())))?;
        return Network::from_json(&text).map_err(|e| {
            let diag = Diagnostic::error(Code::NetworkJson, Path::root(), e.to_string())
                .with_help("write the file with `netform dump`, then edit it");
            print_diagnostics(&Diagnostics::from_iter([diag]), format, out);
            EXIT_INVALID
        });
    }
    let name = input.source.blueprint.as_deref().unwrap_or_default();
    let sets = input
        .sets
        .iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) => Ok((k.to_string(), v.to_string())),
            None => Err(UsageError::BadSet(s.clone())),
        })
        .collect::<Result<Vec<_>, _>>()
        .and_then(|sets| registry.network(name, &sets));
    sets.map_err(|e| usage(err, e.to_string()))
}

/// Validation and lowering: everything that can be wrong with the network itself.
fn check(network: &Network) -> Result<(netform_backends::ResourceGraph, Diagnostics), Diagnostics> {
    let valid = network.validate()?;
    let graph = lower(&valid)?;
    Ok((graph, valid.warnings().clone()))
}

fn validate(network: &Network, format: Format, out: &mut dyn Write) -> u8 {
    let (diags, code) = match check(network) {
        Ok((_, warnings)) => (warnings, EXIT_OK),
        Err(diags) => (diags, EXIT_INVALID),
    };
    print_diagnostics(&diags, format, out);
    code
}

/// Prints the IP plan of a network that `validate` accepts (warnings go to stderr, so that
/// stdout is the plan alone); otherwise the diagnostics, as `validate` prints them.
fn plan_ip(
    network: &Network,
    format: Format,
    subnets: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let valid = match network
        .validate()
        .and_then(|valid| lower(&valid).map(|_| valid))
    {
        Ok(valid) => valid,
        Err(diags) => {
            print_diagnostics(&diags, format, out);
            return EXIT_INVALID;
        }
    };
    if !valid.warnings().is_empty() {
        let _ = writeln!(err, "{}", valid.warnings());
    }
    let options = crate::plan_ip::Options { subnets };
    let plan = match format {
        Format::Text => crate::plan_ip::text(&valid, options),
        Format::Json => crate::plan_ip::json(&valid, options),
    };
    let _ = write!(out, "{plan}");
    EXIT_OK
}

fn diagram(
    network: &Network,
    format: DiagramFormat,
    file: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let valid = match network.validate() {
        Ok(valid) => valid,
        Err(diags) => {
            print_diagnostics(&diags, Format::Text, out);
            return EXIT_INVALID;
        }
    };
    let picture = crate::diagram::Diagram::new(&valid);
    let text = match format {
        DiagramFormat::Mermaid => crate::diagram::mermaid(&picture),
        DiagramFormat::Dot => crate::diagram::dot(&picture),
        DiagramFormat::Svg => crate::diagram::svg(&picture),
    };
    let Some(path) = file else {
        let _ = write!(out, "{text}");
        return EXIT_OK;
    };
    // Written whole or not at all, as synth writes its files.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    let (Some(name), dir) = (name, dir.unwrap_or(std::path::Path::new("."))) else {
        let _ = writeln!(err, "error: --out {} names no file", path.display());
        return EXIT_USAGE;
    };
    let file = netform_backends::OutputFile {
        path: name,
        contents: text,
    };
    match write_files(dir, &[file]) {
        Ok(()) => {
            let _ = writeln!(err, "wrote {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_IO
        }
    }
}

fn cost(
    network: &Network,
    gb_per_month: f64,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (_, graph) = match valid_graph(network, format, out, err) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let estimate = netform_backends::estimate(
        network,
        &graph,
        &netform_backends::Prices::builtin(),
        gb_per_month,
    );
    let text = match format {
        Format::Text => crate::cost::text(&estimate),
        Format::Json => crate::cost::json(&estimate),
    };
    let _ = write!(out, "{text}");
    EXIT_OK
}

/// Validation and lowering for the commands that read a valid network's graph: the
/// diagnostics (exit 1) of one that is not valid.
fn valid_graph(
    network: &Network,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(ValidNetwork, ResourceGraph), u8> {
    match network
        .validate()
        .and_then(|valid| lower(&valid).map(|graph| (valid, graph)))
    {
        Ok((valid, graph)) => {
            if !valid.warnings().is_empty() {
                let _ = writeln!(err, "{}", valid.warnings());
            }
            Ok((valid, graph))
        }
        Err(diags) => {
            print_diagnostics(&diags, format, out);
            Err(EXIT_INVALID)
        }
    }
}

/// What `check` and `path` ask of a valid network's routing.
enum Question<'a> {
    /// Every intent: exit 1 when one fails.
    Check,
    /// One packet from an endpoint to another: exit 1 when it is dropped.
    Path(&'a Endpoint, &'a Endpoint),
}

fn reach(
    network: &Network,
    question: Question<'_>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (valid, graph) = match valid_graph(network, format, out, err) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let analysis = Analysis::new(&valid, &graph);
    let (text, holds) = match question {
        Question::Check => {
            let report = analysis.check(&network.intents);
            let text = match format {
                Format::Text => crate::intents::text(&report),
                Format::Json => crate::intents::json(&report) + "\n",
            };
            (text, report.holds())
        }
        Question::Path(from, to) => {
            let paths = match analysis.path(from, to) {
                Ok(paths) => paths,
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return EXIT_USAGE;
                }
            };
            let text = match format {
                Format::Text => crate::intents::paths_text(&paths),
                Format::Json => crate::intents::paths_json(&paths) + "\n",
            };
            (text, paths.iter().all(|p| p.reached))
        }
    };
    let _ = write!(out, "{text}");
    if holds {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

fn print_diagnostics(diags: &Diagnostics, format: Format, out: &mut dyn Write) {
    let _ = match format {
        Format::Text => writeln!(out, "{diags}"),
        Format::Json => writeln!(out, "{}", diags.to_json()),
    };
}

/// What `synth` writes: a target, and for Terraform its layout.
#[derive(Clone, Copy)]
enum Output {
    CloudFormation,
    Terraform(TerraformLayout),
}

impl Output {
    fn target(self) -> Target {
        match self {
            Output::CloudFormation => Target::CloudFormation,
            Output::Terraform(_) => Target::Terraform,
        }
    }
}

fn synth(
    network: &Network,
    output: Output,
    dir: &std::path::Path,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (graph, warnings) = match check(network) {
        Ok(checked) => checked,
        Err(diags) => {
            print_diagnostics(&diags, format, out);
            return EXIT_INVALID;
        }
    };
    let rendered = match output {
        Output::CloudFormation => Target::CloudFormation.render(&graph),
        Output::Terraform(layout) => render_terraform(&graph, layout),
    };
    let files = match rendered {
        Ok(files) => files,
        Err(e) => {
            return match e.kind() {
                ErrorKind::Quota(diags) | ErrorKind::Unsupported(diags) => {
                    // The target's errors, with the warnings validation found.
                    let mut all = diags.clone();
                    all.extend(warnings);
                    all.sort();
                    print_diagnostics(&all, format, out);
                    EXIT_INVALID
                }
                _ => {
                    let _ = writeln!(err, "error: {e}");
                    EXIT_IO
                }
            };
        }
    };
    if let Err(e) = write_files(dir, &files) {
        let _ = writeln!(err, "error: {e}");
        return EXIT_IO;
    }
    // stdout carries only diagnostics (a JSON array under --format json); the summary goes to
    // stderr with the other messages for people.
    if !warnings.is_empty() || matches!(format, Format::Json) {
        print_diagnostics(&warnings, format, out);
    }
    let _ = writeln!(
        err,
        "wrote {} {} files to {}",
        files.len(),
        output.target().as_str(),
        dir.display()
    );
    // The process ends here, and the OS takes its memory back at once: freeing the graph and
    // the files one allocation at a time first took 20–30 ms at 1,000 spokes, a tenth of the
    // run (docs/performance.md).
    std::mem::forget(graph);
    std::mem::forget(files);
    EXIT_OK
}
