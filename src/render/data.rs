//! Data files written beside a resource list (`resources.json` and
//! `resources.csv`) and a change package (`change-package.json`), so others
//! can reuse them in their own tools.
//!
//! They carry author text as data only: JSON strings, and CSV cells that a
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
                "id": r.id,
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
                "also_available_in": r.also_available_in,
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

/// `change-package.json`: the aim (sentence and measurable fields), every
/// driver and change idea with its PDSA cycles and measures, the package's
/// measures and references, and the graph as parent → child edges.
pub fn change_package_file(site: &Site, page: &Page) -> OutputFile {
    let f = &page.front;
    let reference =
        |r: &crate::content::Reference| json!({ "title": r.title, "url": r.url, "doi": r.doi });
    let mut edges = Vec::new();
    for p in &f.primary_drivers {
        edges.extend(p.secondary.iter().map(|s| json!({ "from": p.id, "to": s })));
    }
    for s in &f.secondary_drivers {
        edges.extend(
            s.change_ideas
                .iter()
                .map(|c| json!({ "from": s.id, "to": c })),
        );
    }
    let drivers = |list: Vec<(&String, &String, &Option<String>)>| -> Vec<serde_json::Value> {
        list.into_iter()
            .map(|(id, title, description)| json!({ "id": id, "title": title, "description": description }))
            .collect()
    };
    let ideas: Vec<_> = f
        .change_ideas
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "title": c.title,
                "description": c.description,
                "pdsa": c.pdsa,
                "measures": c.measures,
            })
        })
        .collect();
    let document = json!({
        "title": f.title,
        "language": page.content_lang,
        "url": format!("{}{}", site.settings.base_url, page.path),
        "aim": {
            "text": super::change_package::aim_text(&site.ui, &page.content_lang, f),
            "measurable": f.measurable_aim,
        },
        "primary_drivers": drivers(f.primary_drivers.iter().map(|d| (&d.id, &d.title, &d.description)).collect()),
        "secondary_drivers": drivers(f.secondary_drivers.iter().map(|d| (&d.id, &d.title, &d.description)).collect()),
        "change_ideas": ideas,
        "measures": f.measures,
        "references": f.references.iter().map(reference).collect::<Vec<_>>(),
        "edges": edges,
    });
    OutputFile {
        path: format!("{}change-package.json", page.path),
        bytes: serde_json::to_string_pretty(&document)
            .unwrap_or_default()
            .into_bytes(),
    }
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
