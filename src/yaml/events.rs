//! A safe, streaming view of libyaml's parse events with their positions.
//!
//! serde_norway parses with this same libyaml port (`unsafe-libyaml-norway`)
//! but keeps its events private. Reading them here, from the same parser,
//! means the limits and positions found by [`super::scan`] are about exactly
//! the text serde_norway will accept: no second YAML grammar to disagree with.
//! Events are pulled one at a time, so a scan can stop at the first limit
//! without the parser reading the rest of a hostile document.
//!
//! All the `unsafe` of the crate's YAML handling lives in this file.

use std::mem::MaybeUninit;
use std::ptr::{NonNull, addr_of_mut};

use unsafe_libyaml_norway as unsafe_sys;

/// A 0-based position in the YAML text, as libyaml counts it (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
}

/// One parse event; only what the scan needs is kept.
#[derive(Debug)]
pub enum Event {
    DocumentStart,
    DocumentEnd,
    StreamEnd,
    Scalar {
        value: String,
        anchor: Option<String>,
    },
    Alias {
        anchor: String,
    },
    SequenceStart {
        anchor: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
    },
    MappingEnd,
}

/// A libyaml parser reading `input`. The parser state lives in a box that is
/// never moved, since libyaml keeps pointers into its own buffers.
pub struct EventParser<'input> {
    parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    _input: &'input [u8],
    /// Set on a parse error or after the stream's end: no more events.
    finished: bool,
}

impl<'input> EventParser<'input> {
    pub fn new(input: &'input str) -> EventParser<'input> {
        let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` writes every field of the parser
        // before anything reads it; `input` outlives the parser (the lifetime
        // ties them) and is only read.
        unsafe {
            let raw = parser.as_mut_ptr();
            if unsafe_sys::yaml_parser_initialize(raw).fail {
                panic!("libyaml could not allocate its parser");
            }
            unsafe_sys::yaml_parser_set_encoding(raw, unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(raw, input.as_ptr(), input.len() as _);
        }
        EventParser {
            parser,
            _input: input.as_bytes(),
            finished: false,
        }
    }

    /// The next event and where it starts; `None` after the stream's end or
    /// once the text is not valid YAML (serde_norway, on the same parser,
    /// reports that error).
    pub fn next_event(&mut self) -> Option<(Event, Mark)> {
        while !self.finished {
            if let Some(found) = self.parse_one() {
                if matches!(found.0, Event::StreamEnd) {
                    self.finished = true;
                }
                return Some(found);
            }
        }
        None
    }

    /// One libyaml event; `None` for one the scan has no use for, or on failure.
    fn parse_one(&mut self) -> Option<(Event, Mark)> {
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized in `new`; a successful
        // `yaml_parser_parse` fills `event`, which is read, then freed once.
        unsafe {
            let parser = addr_of_mut!(*self.parser.as_mut_ptr());
            if unsafe_sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                self.finished = true;
                return None;
            }
            let raw = event.as_mut_ptr();
            let mark = Mark {
                line: (*raw).start_mark.line as usize,
                column: (*raw).start_mark.column as usize,
            };
            let converted = convert(&*raw);
            unsafe_sys::yaml_event_delete(raw);
            converted.map(|e| (e, mark))
        }
    }
}

impl Drop for EventParser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialized in `new`, deleted once here.
        unsafe { unsafe_sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

/// The event as owned data; `None` for the stream start, which says nothing.
///
/// SAFETY: `event` must have been filled by `yaml_parser_parse`, so the union
/// member read matches `type_` and its pointers are valid or null.
unsafe fn convert(event: &unsafe_sys::yaml_event_t) -> Option<Event> {
    Some(match event.type_ {
        unsafe_sys::YAML_STREAM_START_EVENT => return None,
        unsafe_sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
        unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
        unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
        unsafe_sys::YAML_ALIAS_EVENT => Event::Alias {
            anchor: unsafe { c_string(event.data.alias.anchor) }.unwrap_or_default(),
        },
        unsafe_sys::YAML_SCALAR_EVENT => {
            let scalar = unsafe { &event.data.scalar };
            let bytes = if scalar.value.is_null() {
                &[][..]
            } else {
                unsafe { std::slice::from_raw_parts(scalar.value, scalar.length as usize) }
            };
            Event::Scalar {
                value: String::from_utf8_lossy(bytes).into_owned(),
                anchor: unsafe { c_string(scalar.anchor) },
            }
        }
        unsafe_sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart {
            anchor: unsafe { c_string(event.data.sequence_start.anchor) },
        },
        unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
        unsafe_sys::YAML_MAPPING_START_EVENT => Event::MappingStart {
            anchor: unsafe { c_string(event.data.mapping_start.anchor) },
        },
        unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
        // After the stream's end libyaml answers "no event"; the caller has
        // stopped by then, as `next_event` stops at `StreamEnd`.
        _ => return None,
    })
}

/// A NUL-terminated string owned by libyaml, copied; `None` for null.
unsafe fn c_string(ptr: *const u8) -> Option<String> {
    let ptr = NonNull::new(ptr.cast_mut())?;
    let c = unsafe { std::ffi::CStr::from_ptr(ptr.as_ptr().cast()) };
    Some(c.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_positions() {
        let mut p = EventParser::new("a: [b, *c]\n");
        let mut seen = Vec::new();
        while let Some((event, mark)) = p.next_event() {
            let end = matches!(event, Event::StreamEnd);
            seen.push((format!("{event:?}"), mark.line, mark.column));
            if end {
                break;
            }
        }
        assert!(
            seen.iter()
                .any(|(e, l, c)| e.contains("\"b\"") && (*l, *c) == (0, 4)),
            "{seen:?}"
        );
        assert!(
            seen.iter().any(|(e, _, c)| e.contains("Alias") && *c == 7),
            "{seen:?}"
        );
    }

    #[test]
    fn no_events_after_the_end_of_the_stream() {
        let mut p = EventParser::new("a: b\n");
        let mut count = 0;
        while p.next_event().is_some() {
            count += 1;
            assert!(count < 100);
        }
        assert!(p.next_event().is_none());
    }

    #[test]
    fn invalid_yaml_ends_the_events() {
        let mut p = EventParser::new("a: [b\n");
        let mut count = 0;
        while p.next_event().is_some() {
            count += 1;
            assert!(count < 100);
        }
        assert!(p.next_event().is_none());
    }
}
