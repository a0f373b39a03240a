//! Table rules: data tables need header cells, so a screen reader can say
//! which column a value belongs to (WCAG 1.3.1).

use super::Finding;
use super::body::BodyDoc;
use crate::error::Diagnostic;
use crate::html::tags_named;

/// `table-header` (error): a Markdown table whose header row is empty, or an
/// HTML table without any `<th>`.
pub fn missing_header_row(doc: &BodyDoc, findings: &mut Vec<Finding>) {
    let help = "write a heading for each column in the table's first row: | Measure | Definition |";
    for table in &doc.tables {
        if table.header.iter().all(|cell| cell.trim().is_empty()) {
            findings.push(Finding::error(
                "table-header",
                Diagnostic::new(&doc.file, "table has no header row")
                    .at_line(table.line)
                    .help(help),
            ));
        }
    }
    for html in &doc.html {
        if !tags_named(&html.html, "table").is_empty() && tags_named(&html.html, "th").is_empty() {
            findings.push(Finding::error(
                "table-header",
                Diagnostic::new(&doc.file, "HTML table has no header cells (`<th>`)")
                    .at_line(html.line)
                    .help("mark the heading cells of the first row (or column) as <th>, or write the table in Markdown"),
            ));
        }
    }
}
