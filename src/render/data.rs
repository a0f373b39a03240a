//! Data files written beside a resource list: `resources.json` and
//! `resources.csv`, so others can reuse the list in their own tools.

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
fn csv_field(field: &str) -> String {
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
}
