//! The `cardstock` command line: each verb parses its options and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "cardstock",
    version,
    about = "Build accessible, translatable websites for collaborative toolkits: strategy cards, change packages and resource lists."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a toolkit into a static site.
    ///
    /// The site is written into a new folder and swapped in only when the whole
    /// build succeeds, so a failed build leaves the previous site untouched.
    Build {
        /// The toolkit folder, holding cardstock.yaml.
        #[arg(default_value = ".")]
        toolkit: PathBuf,
        /// Where to write the site [default: public/ inside the toolkit folder].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// The URL the site will be served from, e.g. https://example.org/toolkit/ (replaces base_url from cardstock.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Check a toolkit for accessibility and link problems, without building it.
    ///
    /// Reports each finding with file, line and a fix. Exits with failure on
    /// errors, and with --strict on warnings too. No network access: external
    /// URLs and DOIs are checked for syntax only.
    Check {
        /// The toolkit folder, holding cardstock.yaml.
        #[arg(default_value = ".")]
        toolkit: PathBuf,
        /// Fail on warnings as well as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Preview a toolkit while you edit it: serves it on this computer and
    /// rebuilds and reloads open pages when a file changes.
    ///
    /// Nothing is written to the toolkit folder; the site is kept in memory.
    /// Press Ctrl-C to stop.
    Serve {
        /// The toolkit folder, holding cardstock.yaml.
        #[arg(default_value = ".")]
        toolkit: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = cardstock::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Anything other than 127.0.0.1 (or ::1) lets other computers on the network see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new toolkit folder with a working example of each kind of page.
    New {
        /// The folder to create; it must not exist or be empty.
        path: PathBuf,
    },
    /// Report, per language, which pages are translated, outdated or missing;
    /// start a translation; mark one as reviewed.
    Translations(TranslationsArgs),
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
struct TranslationsArgs {
    #[command(subcommand)]
    action: Option<TranslationsAction>,
    /// The toolkit folder, holding cardstock.yaml.
    #[arg(default_value = ".")]
    toolkit: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Exit with status 1 when a translation is missing, outdated, not yet
    /// reviewed or lacks a part of its source (for a toolkit's CI).
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum TranslationsAction {
    /// Create a translation from its source: the source's text and
    /// translatable front matter, and the version it starts from.
    Start {
        /// The language to translate into, e.g. es.
        lang: String,
        /// The source page, e.g. strategies/external-facilitation.md.
        path: String,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
    /// Record that translations match their source's current text, after a
    /// translator has reviewed them (writes `source_hash` into their front matter).
    Mark {
        /// The language of the translations, e.g. es.
        lang: String,
        /// The pages, e.g. strategies/external-facilitation.md.
        #[arg(required_unless_present = "all")]
        paths: Vec<String>,
        /// Mark every outdated or not yet reviewed translation into LANG.
        #[arg(long, conflicts_with = "paths")]
        all: bool,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check { toolkit, strict } = &cli.command {
        return check(toolkit, *strict);
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "{}",
                err.to_string()
                    .lines()
                    .map(prefix_error)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            ExitCode::FAILURE
        }
    }
}

/// `cardstock check`: prints every finding, then a summary; fails on errors (and warnings with --strict).
fn check(toolkit: &std::path::Path, strict: bool) -> ExitCode {
    let report = cardstock::check_toolkit(toolkit);
    for finding in &report.findings {
        println!("{finding}");
    }
    println!("{}", report.summary());
    if report.fails(strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn prefix_error(line: &str) -> String {
    if line.starts_with("error:") || line.starts_with("  ") || line.ends_with(" errors") {
        line.to_string()
    } else {
        format!("error: {line}")
    }
}

fn run(command: Command) -> cardstock::Result<ExitCode> {
    match command {
        Command::Build {
            toolkit,
            out,
            base_url,
            timings,
        } => {
            let out = out.unwrap_or_else(|| toolkit.join("public"));
            let report = cardstock::build(&cardstock::BuildOptions {
                toolkit,
                out: out.clone(),
                base_url,
            })?;
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "Built {} pages ({} files) into {} in {} ms",
                report.pages,
                report.files,
                out.display(),
                report.elapsed.as_millis()
            );
            if timings {
                for (stage, took) in &report.timings.stages {
                    println!("  {stage:<8} {:>7.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { .. } => unreachable!("handled in main"),
        Command::Serve {
            toolkit,
            port,
            bind,
            open,
        } => {
            let mut options = cardstock::serve::ServeOptions::new(toolkit);
            options.port = port;
            options.bind = bind;
            let server = cardstock::serve::Server::start(options)?;
            let url = server.url();
            println!("Serving at {url}\nWatching for changes; press Ctrl-C to stop.");
            if open {
                cardstock::serve::open_browser(&url);
            }
            // Everything is in memory, so the default Ctrl-C (ending the process) is a clean stop.
            server.wait();
            Ok(ExitCode::SUCCESS)
        }
        Command::New { path } => {
            cardstock::scaffold::create(&path)?;
            println!(
                "Created a toolkit in {}.\nBuild it with: cardstock build {}",
                path.display(),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Translations(args) => run_translations(args),
    }
}

fn run_translations(args: TranslationsArgs) -> cardstock::Result<ExitCode> {
    use cardstock::translation::{self, files::Workspace};
    match args.action {
        None => {
            let (settings, report) = translation::report(&args.toolkit)?;
            match args.format {
                ReportFormat::Text => {
                    print!("{}", translation::status::to_text(&report, &settings))
                }
                ReportFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                ),
            }
            Ok(if args.strict && report.needs_work() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(TranslationsAction::Start {
            lang,
            path,
            toolkit,
        }) => {
            let workspace = Workspace::open(&toolkit)?;
            let rel = workspace.source_path(&path)?;
            let file = workspace.start(&lang, &rel)?;
            println!(
                "Created {file}.\nTranslate its text, preview it with `cardstock build`, then record the review with:\n  cardstock translations mark {lang} {rel}"
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(TranslationsAction::Mark {
            lang,
            paths,
            all,
            toolkit,
        }) => {
            let workspace = Workspace::open(&toolkit)?;
            let rels = if all {
                workspace.needing_review(&lang)?
            } else {
                paths
                    .iter()
                    .map(|p| workspace.source_path(p))
                    .collect::<cardstock::Result<Vec<_>>>()?
            };
            if rels.is_empty() {
                println!("Nothing to mark: every translation into {lang} is up to date.");
            }
            for rel in rels {
                let file = workspace.mark(&lang, &rel)?;
                println!("Marked {file} as up to date with its source.");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
