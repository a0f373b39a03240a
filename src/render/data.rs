//! Data files written beside a resource list: `resources.json` and
//! `resources.csv`, so others can reuse the list in their own tools.
//!
//! Both carry author text as data only: JSON strings, and CSV cells that a
//! spreadsheet cannot take for a formula (OWASP's CSV-injection rule).

use serde_json::json;

use crate::artifact::OutputFile;
use crate::content::Resource;
use crate::model::{Page, Site};

/// Where a resource points: its URL, or its DOI as a doi.org link.
pub fn resource_href(r: &Resource) -> Option<String> {
    r.url
        .clone()
        .or_else(|| r.doi.as_ref().map(|d| format!("https://doi.org/{d}")))
}

pub fn resource_files(site: &Site, page: &Page) -> Vec<OutputFile> {
    let mut rows = Vec::new();
    for cat in &page.front.categories {
        for r in &cat.resources {
            rows.push((cat, r));
        }
    }
    let json_rows: Vec<_> = rows
        .iter()
        .map(|(cat, r)| {
            json!({
                "category": cat.id,
                "category_title": cat.title,
                "title": r.title,
                "url": resource_href(r),
                "doi": r.doi,
                "kind": r.kind.as_str(),
                "description": r.description,
                "audience": r.audience,
                "tags": r.tags,
                "year": r.year,
                "language": r.language,
            })
        })
        .collect();
    let document = json!({
        "title": page.front.title,
        "language": page.content_lang,
        "url": format!("{}{}", site.settings.base_url, page.path),
        "resources": json_rows,
    });
    let json_text = serde_json::to_string_pretty(&document).unwrap_or_default();

    let mut csv =
        String::from("category,title,url,doi,kind,description,audience,tags,year,language\r\n");
    for (cat, r) in &rows {
        let fields = [
            cat.title.clone(),
            r.title.clone(),
            resource_href(r).unwrap_or_default(),
            r.doi.clone().unwrap_or_default(),
            r.kind.as_str().to_string(),
            r.description.clone().unwrap_or_default(),
            r.audience.join("; "),
            r.tags.join("; "),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.language.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    vec![
        OutputFile {
            path: format!("{}resources.json", page.path),
            bytes: json_text.into_bytes(),
        },
        OutputFile {
            path: format!("{}resources.csv", page.path),
            bytes: csv.into_bytes(),
        },
    ]
}

/// RFC 4180 quoting: quote fields holding commas, quotes or line breaks.
/// A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// would be read as a formula by spreadsheets (`=HYPERLINK(…)` exfiltrates,
/// `=cmd|…` runs commands in old ones): it gets a leading `'`, as OWASP
/// advises, so it is shown as the text it is.
fn csv_field(field: &str) -> String {
    let neutralized;
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutralized = format!("'{field}");
        neutralized.as_str()
    } else {
        field
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_csv_fields() {
        assert_eq!(super::csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(super::csv_field("plain"), "plain");
    }

    #[test]
    fn formula_cells_are_neutralized() {
        use super::csv_field;
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("a = b"), "a = b");
    }
}
