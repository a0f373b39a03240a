//! Writing the output: a rebuild into an existing output folder links the
//! files whose bytes did not change from the previous output instead of
//! writing them again, writes the rest, and gives exactly what a cold build
//! of the same toolkit gives.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::support::*;

const CARD: &str = "content/en/strategies/peer-support.md";
const CARD_PAGE: &str = "en/strategies/peer-support/index.html";

/// The inode of every file below `root` (hidden files too), by relative path.
fn inodes(root: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push((entry.path(), format!("{rel}/")));
            } else {
                out.insert(rel, meta.ino());
            }
        }
    }
    out
}

#[test]
fn a_rebuild_links_unchanged_files_and_equals_a_cold_build() {
    let ws = Workspace::from_fixture("minimal");
    ws.build().unwrap();
    let before_bytes = snapshot(&ws.out);
    let before = inodes(&ws.out);

    let card = ws.read(CARD);
    ws.write(CARD, &format!("{card}\nA sentence added by an editor.\n"));
    ws.build().unwrap();

    // Byte for byte what a cold build of the edited toolkit gives.
    let (_cold_dir, cold) = build_into_temp(&ws.toolkit, None);
    let rebuilt = snapshot(&ws.out);
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        snapshot(&cold.root).keys().collect::<Vec<_>>()
    );
    assert!(
        rebuilt == snapshot(&cold.root),
        "a rebuild differs from a cold build"
    );

    // Every file whose bytes are the same kept its inode (it was linked, not
    // written); the edited card's page is a new file.
    let after = inodes(&ws.out);
    let mut rewritten_unchanged = Vec::new();
    for (rel, ino) in &after {
        if before_bytes.get(rel) == rebuilt.get(rel) && before.get(rel) != Some(ino) {
            rewritten_unchanged.push(rel.clone());
        }
    }
    assert_eq!(rewritten_unchanged, Vec::<String>::new());
    assert_ne!(before_bytes[CARD_PAGE], rebuilt[CARD_PAGE]);
    assert_ne!(before[CARD_PAGE], after[CARD_PAGE]);
    // The marker file is linked like the rest.
    assert_eq!(before[".cardstock-output"], after[".cardstock-output"]);
}
