//! The hash that identifies a version of a source's text: 64-bit FNV-1a over
//! the text with its whitespace collapsed, so rewrapping a paragraph or
//! changing indentation does not make every translation outdated.
//!
//! FNV-1a ([`crate::hash::Fnv`]) is stable across platforms and releases,
//! and plenty for telling versions of one page apart.

use crate::hash::Fnv;

/// Separates the items of a list before hashing, so `["a b", "c"]` and
/// `["a", "b c"]` differ. It is not whitespace, so normalizing keeps it.
pub const ITEM_SEPARATOR: char = '\u{1f}';

/// The hash of a text, whitespace runs counting as one space.
pub fn hash_text(text: &str) -> u64 {
    let mut hash = Fnv::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hash.write(b" ");
        }
        hash.write(word.as_bytes());
    }
    hash.finish()
}

/// The hash of several named values, in the order given.
pub fn hash_named<'a>(values: impl IntoIterator<Item = (&'a str, u64)>) -> u64 {
    let mut hash = Fnv::new();
    for (name, value) in values {
        hash.write(name.as_bytes());
        hash.write(b"=");
        hash.write(&value.to_le_bytes());
    }
    hash.finish()
}

/// Sixteen hex digits: how the whole-source hash is written.
pub fn long_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Eight hex digits (the two halves folded): how a part's hash is written,
/// short enough to keep the front matter readable.
pub fn short_hex(hash: u64) -> String {
    format!("{:08x}", (hash >> 32) ^ (hash & 0xffff_ffff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fnv1a_values() {
        // Reference values of 64-bit FNV-1a.
        assert_eq!(hash_text(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_text("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash_text("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn whitespace_does_not_count_but_words_do() {
        assert_eq!(hash_text("a  b\n c "), hash_text("a b c"));
        assert_ne!(hash_text("a b c"), hash_text("a b d"));
        let sep = ITEM_SEPARATOR;
        assert_ne!(
            hash_text(&format!("a b{sep}c")),
            hash_text(&format!("a{sep}b c"))
        );
    }

    #[test]
    fn hex_forms() {
        assert_eq!(long_hex(0xab), "00000000000000ab");
        assert_eq!(short_hex(0x0000_0001_0000_0002), "00000003");
    }
}
