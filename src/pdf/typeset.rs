//! One handout through Typst: compile the main source against the page's
//! data, export a tagged PDF/UA-1, and turn whatever Typst reports into the
//! project's diagnostics (a template's file:line:column, or the page's source
//! file), never a Typst trace.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::syntax::Source;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::world::{Engine, Job, file_id};
use crate::error::Diagnostic;

/// Typesets one document. `main` is the entry source (it imports the theme's
/// templates and reads `/data.json`); `ident` is a stable identifier for the
/// PDF's trailer, so rebuilds give the same bytes; `source_file` is the
/// toolkit file problems with the page's content are reported on.
pub fn typeset(
    engine: &Engine,
    main: &str,
    data: Vec<u8>,
    ident: &str,
    source_file: &str,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let job = Job {
        engine,
        main: Source::new(file_id("/main.typ"), main.to_string()),
        data: Bytes::new(data),
    };
    let document: PagedDocument = typst::compile(&job)
        .output
        .map_err(|errors| diagnostics(&job, &errors, source_file))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .expect("PDF/UA-1 alone is a valid choice of standards"),
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| diagnostics(&job, &errors, source_file))
}

fn diagnostics(job: &Job, errors: &[SourceDiagnostic], source_file: &str) -> Vec<Diagnostic> {
    errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|e| diagnostic(job, e, source_file))
        .collect()
}

/// A problem in a template points at the template; anything else (an
/// accessibility rule of PDF/UA the page breaks, a font missing a glyph) at
/// the page's source.
fn diagnostic(job: &Job, error: &SourceDiagnostic, source_file: &str) -> Diagnostic {
    let hints: Vec<&str> = error.hints.iter().map(|h| h.v.as_str()).collect();
    let message = format!("PDF handout: {}", error.message);
    let in_template = error.span.id().and_then(|id| {
        let file = job.engine.template_file(id)?;
        let source = job.engine.template_source(id)?;
        let start = job.range(error.span)?.start;
        let (line, column) = source.lines().byte_to_line_column(start)?;
        Some((file.to_string(), line + 1, column + 1))
    });
    match in_template {
        Some((file, line, column)) => Diagnostic::new(file, message)
            .at(line, column)
            .help(join_help(
                &hints,
                "fix the PDF template (see docs/pdf.md), or turn handouts off with `pdf: { handouts: false }` in cardstock.yaml",
            )),
        None => Diagnostic::new(source_file, message).help(join_help(
            &hints,
            "`cardstock check` names what makes a page inaccessible; see docs/pdf.md, or turn handouts off with `pdf: { handouts: false }` in cardstock.yaml",
        )),
    }
}

fn join_help(hints: &[&str], fallback: &str) -> String {
    if hints.is_empty() {
        fallback.to_string()
    } else {
        format!("{}; {fallback}", hints.join("; "))
    }
}
