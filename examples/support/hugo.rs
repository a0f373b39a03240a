//! The synthetic toolkit as a Hugo site, for comparing build times on the
//! same corpus (`bench_build --hugo`): the same Markdown files (a folder's
//! `index.md` becomes Hugo's `_index.md`), the same two languages and three
//! facets as Hugo taxonomies, and small templates that show what Cardstock's
//! pages show of a card: title, summary, body, facet terms and related cards,
//! with list pages for the card index and every term.

#![allow(dead_code)]

use std::fs;
use std::io;
use std::path::Path;

/// Writes the Hugo site mirroring the toolkit at `toolkit` into `site`.
pub fn mirror(toolkit: &Path, site: &Path) -> io::Result<()> {
    if site.exists() {
        fs::remove_dir_all(site)?;
    }
    copy_content(&toolkit.join("content"), &site.join("content"))?;
    write(site, "config.toml", CONFIG)?;
    for (name, text) in LAYOUTS {
        write(site, &format!("layouts/_default/{name}"), text)?;
    }
    Ok(())
}

fn copy_content(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            copy_content(&entry.path(), &to.join(&name))?;
        } else {
            // A folder's index.md is a leaf bundle in Hugo; _index.md a list page.
            let name = if name == "index.md" {
                "_index.md".into()
            } else {
                name
            };
            fs::copy(entry.path(), to.join(name))?;
        }
    }
    Ok(())
}

fn write(dir: &Path, rel: &str, text: &str) -> io::Result<()> {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("a file in a folder"))?;
    fs::write(path, text)
}

const CONFIG: &str = r#"baseURL = "https://example.org/toolkit/"
title = "Synthetic Toolkit"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
[taxonomies]
  tag = "tags"
  audience = "audience"
  setting = "settings"
[languages.en]
  contentDir = "content/en"
  languageName = "English"
  weight = 1
[languages.es]
  contentDir = "content/es"
  languageName = "Español"
  weight = 2
"#;

const LAYOUTS: [(&str, &str); 3] = [
    (
        "baseof.html",
        r#"<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Params.summary }}"></head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#,
    ),
    (
        "single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
{{ range $facet, $_ := .Site.Taxonomies }}{{ with $.GetTerms $facet }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
{{ .Content }}
{{ with .Params.related }}<h2>Related</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#,
    ),
    (
        "list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <p>{{ .Params.summary }}</p></li>{{ end }}</ul>
{{ end }}
"#,
    ),
];
