//! The `cardstock` command line: each verb parses its options and calls the library.
//!
//! Exit status (documented in README.md): 0 success, 1 the command failed
//! (problems in the toolkit, a failed check, a file that cannot be written),
//! 2 the command line is wrong (clap's usage errors, and values such as
//! `--base-url` that cannot work). When the reader of the output goes away
//! (`cardstock check | head -1`), the rest of the output is dropped and the
//! status is 0, as ripgrep does.

use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

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
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
        /// Skip the PDF handouts for this build (they are made when cardstock.yaml's `pdf: handouts:` is true, the default).
        #[arg(long)]
        no_pdf: bool,
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
        /// Also answer requests for this host name (repeatable), e.g. a name for
        /// this computer on your network; `.example.test` allows that name and
        /// every name below it. Requests for other names get 403, so other web
        /// sites cannot read the preview (DNS rebinding); localhost and IP
        /// addresses are always answered.
        #[arg(long = "allowed-host", value_name = "NAME", value_parser = parse_allowed_host)]
        allowed_hosts: Vec<String>,
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
    /// Write translation units for a translator's tool: XLIFF 1.2 or gettext
    /// PO, with each unit's state and, for outdated ones, the previous source.
    Export {
        /// The language to translate into, e.g. es.
        lang: String,
        #[arg(long, value_enum, default_value_t = ExchangeFormat::Xliff)]
        format: ExchangeFormat,
        /// One file for the whole language instead of one per page.
        #[arg(long)]
        bundle: bool,
        /// Where to write the files.
        #[arg(long, default_value = "translations")]
        out: PathBuf,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
    /// Write the translated units of XLIFF or PO files into content/LANG/.
    Import {
        /// The language of the translations, e.g. es.
        lang: String,
        /// The files (.xlf, .xliff or .po).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Overwrite translations changed since the files were exported.
        #[arg(long)]
        force: bool,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
    /// Print the theme's built-in UI strings of a language (YAML), to
    /// start `i18n/<code>.yaml` for a language the theme lacks.
    Strings {
        /// The language whose strings to print, e.g. en.
        #[arg(default_value = "en")]
        lang: String,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
    /// Show what changed in a page's source since its translation was
    /// reviewed, word by word per section (earlier text from git history).
    Diff {
        /// The language of the translation, e.g. es.
        lang: String,
        /// The page, e.g. strategies/external-facilitation.md.
        path: String,
        /// The toolkit folder.
        #[arg(long, default_value = ".")]
        toolkit: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExchangeFormat {
    Xliff,
    Po,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = if let Command::Check { toolkit, strict } = &cli.command {
        check(toolkit, *strict)
    } else {
        match run(cli.command) {
            Ok(code) => code,
            Err(err) => {
                warn(
                    err.to_string()
                        .lines()
                        .map(prefix_error)
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                ExitCode::FAILURE
            }
        }
    };
    if OUTPUT_CLOSED.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        code
    }
}

/// Set once standard output has gone away (a closed pipe).
static OUTPUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Prints a line on standard output. If the reader has gone away, this and
/// later output is dropped (the command still finishes what it does, such as
/// marking files) and the exit status becomes 0; `println!` would panic.
fn say(text: impl Display) {
    if OUTPUT_CLOSED.load(Ordering::SeqCst) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            OUTPUT_CLOSED.store(true, Ordering::SeqCst);
        } else {
            warn(format!("error: cannot write the output: {e}"));
        }
    }
}

/// Prints a line on standard error; if that is closed too, there is nobody to tell.
fn warn(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// `--base-url`: checked like `base_url` in cardstock.yaml.
fn parse_base_url(value: &str) -> Result<String, String> {
    cardstock::config::check_base_url(value)
        .map(|()| value.to_string())
        .map_err(|problem| format!("{}\n  help: {}", problem.message, problem.help))
}

/// `--allowed-host`: a host name, or `.name` for a name and the names below it.
fn parse_allowed_host(value: &str) -> Result<String, String> {
    cardstock::serve::host::parse_allowed_name(value)
}

/// `cardstock check`: prints every finding, then a summary; fails on errors (and warnings with --strict).
fn check(toolkit: &std::path::Path, strict: bool) -> ExitCode {
    let report = cardstock::check_toolkit(toolkit);
    for finding in &report.findings {
        say(finding);
    }
    say(report.summary());
    if report.fails(strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// "PDF: 12 typeset (median 310 ms, 250–900 ms), 3 from the cache".
fn handout_figures(typeset: &[std::time::Duration], cached: usize) -> String {
    let mut ms: Vec<f64> = typeset.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    match (ms.first(), ms.last()) {
        (Some(min), Some(max)) => format!(
            "  PDF: {} typeset (median {:.0} ms, {min:.0}–{max:.0} ms), {cached} from the cache",
            ms.len(),
            ms[ms.len() / 2]
        ),
        _ => format!("  PDF: none typeset, {cached} from the cache"),
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
            no_pdf,
        } => {
            let out = out.unwrap_or_else(|| toolkit.join("public"));
            let report = cardstock::build(&cardstock::BuildOptions {
                toolkit,
                out: out.clone(),
                base_url,
                pdf: !no_pdf,
            })?;
            for warning in &report.warnings {
                warn(format!("warning: {warning}"));
            }
            say(format!(
                "Built {} pages ({} files) into {} in {} ms",
                report.pages,
                report.files,
                out.display(),
                report.elapsed.as_millis()
            ));
            if timings {
                let resident = report.timings.resident.iter();
                for ((stage, took), resident) in report.timings.stages.iter().zip(resident) {
                    let memory = resident.map_or(String::new(), |bytes| {
                        format!(", {:>6} MB resident after", bytes / 1_000_000)
                    });
                    say(format!(
                        "  {stage:<8} {:>7.1} ms{memory}",
                        took.as_secs_f64() * 1000.0
                    ));
                }
                if let Some((typeset, cached)) = &report.timings.handouts {
                    say(handout_figures(typeset, *cached));
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
            allowed_hosts,
        } => {
            let mut options = cardstock::serve::ServeOptions::new(toolkit);
            options.port = port;
            options.bind = bind;
            options.allowed_hosts = allowed_hosts;
            let server = cardstock::serve::Server::start(options)?;
            let url = server.url();
            say(format!(
                "Serving at {url}\nWatching for changes; press Ctrl-C to stop."
            ));
            if open {
                cardstock::serve::open_browser(&url);
            }
            // Everything is in memory, so the default Ctrl-C (ending the process) is a clean stop.
            server.wait();
            Ok(ExitCode::SUCCESS)
        }
        Command::New { path } => {
            cardstock::scaffold::create(&path)?;
            say(format!(
                "Created a toolkit in {}.\nBuild it with: cardstock build {}",
                path.display(),
                path.display()
            ));
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
                    let text = translation::status::to_text(&report, &settings);
                    if let Some(text) = text
                        .strip_suffix('\n')
                        .or(Some(&text))
                        .filter(|t| !t.is_empty())
                    {
                        say(text)
                    }
                }
                ReportFormat::Json => {
                    say(serde_json::to_string_pretty(&report).unwrap_or_default())
                }
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
            say(format!(
                "Created {file}.\nTranslate its text, preview it with `cardstock build`, then record the review with:\n  cardstock translations mark {lang} {rel}"
            ));
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
                say(format!(
                    "Nothing to mark: every translation into {lang} is up to date."
                ));
            }
            for rel in rels {
                let file = workspace.mark(&lang, &rel)?;
                say(format!("Marked {file} as up to date with its source."));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(TranslationsAction::Export {
            lang,
            format,
            bundle,
            out,
            toolkit,
        }) => {
            let workspace = Workspace::open(&toolkit)?;
            let format = match format {
                ExchangeFormat::Xliff => translation::exchange_cli::Format::Xliff,
                ExchangeFormat::Po => translation::exchange_cli::Format::Po,
            };
            say(translation::exchange_cli::export(
                &workspace, &lang, format, bundle, &out,
            )?);
            Ok(ExitCode::SUCCESS)
        }
        Some(TranslationsAction::Import {
            lang,
            files,
            force,
            toolkit,
        }) => {
            let workspace = Workspace::open(&toolkit)?;
            say(translation::exchange_cli::import(
                &workspace, &lang, &files, force,
            )?);
            Ok(ExitCode::SUCCESS)
        }
        Some(TranslationsAction::Strings { lang, toolkit }) => {
            let toolkit = cardstock::load::load(&toolkit)?;
            say(translation::exchange_cli::built_in_strings(
                &toolkit.theme,
                &lang,
            )?);
            Ok(ExitCode::SUCCESS)
        }
        Some(TranslationsAction::Diff {
            lang,
            path,
            toolkit,
        }) => {
            let workspace = Workspace::open(&toolkit)?;
            let rel = workspace.source_path(&path)?;
            say(translation::diff::diff(&workspace, &lang, &rel)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
