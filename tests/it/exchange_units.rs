//! Translation exchange beyond page text: the exported XLIFF checked against
//! the OASIS XLIFF 1.2 strict schema, UI strings as exchange units (plural
//! forms, placeholders, import into `i18n/<lang>.yaml`), and sections whose
//! paragraphs do not line up exported whole (helpers in `exchange`).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::exchange::{commit, export, have, ok, toolkit_in_git};

/// The OASIS XLIFF 1.2 strict schema as Debian's `php-symfony-translation`
/// ships it (with the W3C `xml.xsd` it imports), installed by `.ci/run`.
const SCHEMAS: &str = "/usr/share/php/Symfony/Component/Translation/Resources/schemas";

/// Validates an XLIFF file with `xmllint --schema`, offline: the schema's
/// import of `xml.xsd` is pointed at the copy beside it.
fn validate_xliff(file: &Path, scratch: &Path) {
    let strict = Path::new(SCHEMAS).join("xliff-core-1.2-strict.xsd");
    if !strict.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the XLIFF 1.2 schema is missing; .ci/run installs php-symfony-translation"
        );
        eprintln!("note: {} is missing; skipping", strict.display());
        return;
    }
    if !have("xmllint", &["--version"]) {
        return;
    }
    let dir = scratch.join("schema");
    fs::create_dir_all(&dir).unwrap();
    let xsd = fs::read_to_string(&strict)
        .unwrap()
        .replace("http://www.w3.org/2001/xml.xsd", "xml.xsd");
    fs::write(dir.join("xliff.xsd"), xsd).unwrap();
    fs::copy(Path::new(SCHEMAS).join("xml.xsd"), dir.join("xml.xsd")).unwrap();
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(dir.join("xliff.xsd"))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exported_xliff_validates_against_the_oasis_1_2_strict_schema() {
    let ws = toolkit_in_git();
    // An outdated section, so the file has an <alt-trans> and every state.
    let file = "content/en/strategies/peer-coaching.md";
    let text = ws.read(file);
    ws.write(
        file,
        &text.replacen("## How\n\n", "## How\n\nRotate pairs every month. ", 1),
    );
    commit(&ws.toolkit, "how changes");
    let (out, _) = export(&ws, "xliff", true);
    let xlf = out.join("es.xlf");
    let xml = fs::read_to_string(&xlf).unwrap();
    assert!(xml.contains("<alt-trans"), "{xml}");
    validate_xliff(&xlf, &ws.toolkit);
    // And per page.
    let (out, _) = export(&ws, "xliff", false);
    validate_xliff(&out.join("es/strategies/peer-coaching.xlf"), &ws.toolkit);
    let _ = ok;
}
