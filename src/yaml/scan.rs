//! One pass over a YAML text's events before it is deserialized: enforces the
//! limits (nesting depth, what aliases may repeat), finds keys written twice
//! in one mapping, and records where each value was written.
//!
//! Why before: serde_norway expands every alias while deserializing, so a few
//! kilobytes of nested aliases become gigabytes; and libyaml's work per token
//! grows with the nesting depth, so `[[[[…` is quadratic. Pulling events one
//! at a time and stopping at the first limit keeps both cheap.

use std::collections::HashMap;

use super::events::{Event, EventParser, Mark};
use super::positions::{Pos, Positions};

/// Collections may nest this deep (a card needs 4 levels; 64 is generous).
pub const MAX_DEPTH: usize = 64;
/// Aliases (`*name`) may repeat at most this many values per file in total…
pub const MAX_ALIAS_VALUES: u64 = 10_000;
/// …and at most this much text (bytes of the scalars they repeat).
pub const MAX_ALIAS_BYTES: u64 = 1024 * 1024;
/// The paths of a document's values (`a.b[3].c`), added up, may be this
/// long: every value keeps its path for messages, and long keys nested deep
/// above many values would otherwise make a 1 MiB text need gigabytes.
pub const MAX_PATH_BYTES: usize = 16 * 1024 * 1024;

/// What the scan refuses; marks are positions in the YAML text.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooDeep {
        at: Mark,
    },
    AliasesRepeatTooMuch {
        at: Mark,
        values: u64,
        bytes: u64,
    },
    DuplicateKey {
        key: String,
        first: Mark,
        again: Mark,
    },
    PathsTooLong {
        at: Mark,
    },
}

/// How much a node holds once its aliases are expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    values: u64,
    bytes: u64,
}

impl Weight {
    fn add(&mut self, other: Weight) {
        self.values = self.values.saturating_add(other.values);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

struct Frame {
    is_mapping: bool,
    /// Length of `path` for this collection's own path.
    path_len: usize,
    anchor: Option<String>,
    weight: Weight,
    next_index: usize,
    /// Mappings: keys seen, and the key awaiting its value.
    keys: HashMap<String, Mark>,
    pending_key: Option<(String, Mark)>,
}

/// The scan's state over one stream.
struct Scan {
    first_line: usize,
    stack: Vec<Frame>,
    path: String,
    anchors: HashMap<String, Weight>,
    repeated: Weight,
    positions: Positions,
    document: usize,
    /// The bytes of the value paths so far ([`MAX_PATH_BYTES`]).
    path_bytes: usize,
}

/// Scans `text`; `first_line` is the file line of its first line.
pub fn scan(text: &str, first_line: usize) -> Result<Positions, Refusal> {
    let mut parser = EventParser::new(text);
    let mut scan = Scan {
        first_line,
        stack: Vec::new(),
        path: String::new(),
        anchors: HashMap::new(),
        repeated: Weight::default(),
        positions: Positions::default(),
        document: 0,
        path_bytes: 0,
    };
    // Invalid YAML ends the events early; serde_norway reports why.
    while let Some((event, mark)) = parser.next_event() {
        match event {
            Event::StreamEnd => {
                scan.positions.read_to_the_end = true;
                break;
            }
            Event::DocumentStart => {
                scan.document += 1;
                scan.anchors.clear();
            }
            Event::DocumentEnd => {}
            Event::Scalar { value, anchor } => {
                let weight = Weight {
                    values: 1,
                    bytes: value.len() as u64,
                };
                scan.node(mark, Some(&value), anchor, weight)?;
            }
            Event::Alias { anchor } => {
                // An unknown anchor is serde_norway's error to report.
                let weight = scan.anchors.get(&anchor).copied().unwrap_or_default();
                scan.repeated.add(weight);
                if scan.repeated.values > MAX_ALIAS_VALUES || scan.repeated.bytes > MAX_ALIAS_BYTES
                {
                    return Err(Refusal::AliasesRepeatTooMuch {
                        at: mark,
                        values: scan.repeated.values,
                        bytes: scan.repeated.bytes,
                    });
                }
                scan.node(mark, None, None, weight)?;
            }
            Event::SequenceStart { anchor } => scan.open(mark, false, anchor)?,
            Event::MappingStart { anchor } => scan.open(mark, true, anchor)?,
            Event::SequenceEnd | Event::MappingEnd => scan.close(),
        }
    }
    scan.positions.finish();
    Ok(scan.positions)
}

impl Scan {
    fn pos(&self, mark: Mark) -> Pos {
        Pos {
            line: self.first_line + mark.line,
            column: mark.column + 1,
        }
    }

    /// A node has started at `mark`: a key, or a value to record. Returns the
    /// path of a value (None for a key).
    fn place(&mut self, mark: Mark, scalar: Option<&str>) -> Result<Option<String>, Refusal> {
        let recording = self.document <= 1;
        let Some(parent) = self.stack.last_mut() else {
            if recording {
                let pos = self.pos(mark);
                self.positions.record("", None, pos, scalar, None);
            }
            return Ok(Some(String::new()));
        };
        let parent_path = &self.path[..parent.path_len];
        let (path, key, under_key) = if parent.is_mapping {
            match parent.pending_key.take() {
                None => {
                    // This node is a key.
                    let key = scalar.unwrap_or("?").to_string();
                    if scalar.is_some() && key != "<<" {
                        if let Some(&first) = parent.keys.get(&key) {
                            return Err(Refusal::DuplicateKey {
                                key,
                                first,
                                again: mark,
                            });
                        }
                        parent.keys.insert(key.clone(), mark);
                    }
                    parent.pending_key = Some((key, mark));
                    return Ok(None);
                }
                Some((key, key_mark)) => {
                    let path = if parent_path.is_empty() {
                        key.clone()
                    } else {
                        format!("{parent_path}.{key}")
                    };
                    (path, Some(key_mark), Some(key))
                }
            }
        } else {
            let path = format!("{parent_path}[{}]", parent.next_index);
            parent.next_index += 1;
            (path, None, None)
        };
        self.path_bytes += path.len();
        if self.path_bytes > MAX_PATH_BYTES {
            return Err(Refusal::PathsTooLong { at: mark });
        }
        if recording {
            let key = key.map(|k| self.pos(k));
            let value = self.pos(mark);
            self.positions
                .record(&path, key, value, scalar, under_key.as_deref());
        }
        Ok(Some(path))
    }

    /// A scalar or an alias: a leaf of `weight`.
    fn node(
        &mut self,
        mark: Mark,
        scalar: Option<&str>,
        anchor: Option<String>,
        weight: Weight,
    ) -> Result<(), Refusal> {
        self.place(mark, scalar)?;
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, weight);
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.weight.add(weight);
        }
        Ok(())
    }

    fn open(
        &mut self,
        mark: Mark,
        is_mapping: bool,
        anchor: Option<String>,
    ) -> Result<(), Refusal> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Refusal::TooDeep { at: mark });
        }
        // A collection used as a key gets the path segment `?`.
        let path = self.place(mark, None)?.unwrap_or_else(|| {
            let parent = &self.path[..self.stack.last().map_or(0, |f| f.path_len)];
            format!("{parent}.?")
        });
        self.path = path;
        self.stack.push(Frame {
            is_mapping,
            path_len: self.path.len(),
            anchor,
            weight: Weight {
                values: 1,
                bytes: 0,
            },
            next_index: 0,
            keys: HashMap::new(),
            pending_key: None,
        });
        Ok(())
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if let Some(anchor) = frame.anchor {
            self.anchors.insert(anchor, frame.weight);
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.weight.add(frame.weight);
            self.path.truncate(parent.path_len);
        } else {
            self.path.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_paths_with_file_positions() {
        let p = scan("title: A\nlist:\n  - x: \"a\\x62\"\n    y: [1, 2]\n", 2).unwrap();
        let paths: Vec<&str> = p.paths().collect();
        assert_eq!(
            paths,
            [
                "",
                "title",
                "list",
                "list[0]",
                "list[0].x",
                "list[0].y",
                "list[0].y[0]",
                "list[0].y[1]"
            ]
        );
        assert_eq!(p.value("list[0].x"), Some(Pos { line: 4, column: 8 }));
        assert_eq!(p.key("list[0].y"), Some(Pos { line: 5, column: 5 }));
        assert_eq!(
            p.value("list[0].y[1]"),
            Some(Pos {
                line: 5,
                column: 12
            })
        );
        assert_eq!(p.first_scalar("ab", &[]), Some(Pos { line: 4, column: 8 }));
    }

    #[test]
    fn refuses_deep_nesting_where_it_passes_the_limit() {
        let text = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        let refusal = scan(&text, 1).unwrap_err();
        // The 64th collection is the `[` at column 67 (0-based 66): the mapping is the first.
        assert_eq!(
            refusal,
            Refusal::TooDeep {
                at: Mark {
                    line: 0,
                    column: 66
                }
            }
        );
    }

    #[test]
    fn counts_what_nested_aliases_repeat() {
        let text = "a: &a [x, y]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n";
        // *a repeats 3 values; *b repeats 1 + 3*3 = 10.
        scan(text, 1).unwrap();
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..6 {
            let prev = level - 1;
            let items = vec![format!("*l{prev}"); 10].join(", ");
            bomb.push_str(&format!("l{level}: &l{level} [{items}]\n").replace("*l0", "*a"));
        }
        match scan(&bomb, 1).unwrap_err() {
            Refusal::AliasesRepeatTooMuch { values, .. } => assert!(values > MAX_ALIAS_VALUES),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_key_written_twice_is_found_where_it_repeats() {
        let refusal = scan("a: 1\nb:\n  c: 2\n  c: 3\n", 1).unwrap_err();
        assert_eq!(
            refusal,
            Refusal::DuplicateKey {
                key: "c".into(),
                first: Mark { line: 2, column: 2 },
                again: Mark { line: 3, column: 2 }
            }
        );
        // The same key in two mappings is fine.
        scan("- a: 1\n- a: 2\n", 1).unwrap();
    }
}
