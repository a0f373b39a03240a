//! Hashing, in one place. Two kinds, never to be mixed up:
//!
//! - [`Fnv`]: 64-bit FNV-1a, for hashes that are *written down* (a source's
//!   `source_hash` in front matter, the search index's file names). It must
//!   give the same value on every platform and in every release, which
//!   `std`'s hasher does not promise. Not meant to resist forged collisions.
//! - [`FastMap`] and [`FastSet`]: `rustc-hash` (FxHash), for in-memory maps
//!   keyed by many short strings, such as the search index's words.

pub use rustc_hash::FxHashMap as FastMap;
pub use rustc_hash::FxHashSet as FastSet;

/// 64-bit FNV-1a, fed bytes in pieces.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    pub fn new() -> Fnv {
        Fnv(Fnv::OFFSET_BASIS)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(Fnv::PRIME);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_values() {
        let of = |text: &str| {
            let mut h = Fnv::new();
            h.write(text.as_bytes());
            h.finish()
        };
        assert_eq!(of(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(of("foobar"), 0x8594_4171_f739_67e8);
    }
}
