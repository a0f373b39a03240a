//! Unit id lists as the browser reads them: sorted ids as varint gaps or as
//! a bitmap, in base64 (decoded by `decodeIds` in
//! `themes/default/static/js/search.js`). A common word's lists say which
//! units hold it, so the browser can match and count every one.

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A unit list as [`encode_ids`], or as a bitmap ([`encode_bitmap`], after
/// a `~`) when that is shorter: a word in more than about one unit in eight.
/// Gzip barely shrinks either (base64 hides the byte patterns), so the raw
/// size decides.
pub fn encode_id_list(ids: &[u32]) -> String {
    let gaps = encode_ids(ids);
    let bitmap_bytes = ids.last().map_or(0, |&last| last as usize / 8 + 1);
    if bitmap_bytes.div_ceil(3) * 4 + 1 < gaps.len() {
        format!("~{}", encode_bitmap(ids))
    } else {
        gaps
    }
}

/// Sorted ids as a bitmap: bit `id % 8` (lowest first) of byte `id / 8`,
/// up to the byte of the last id, in base64 without padding.
pub fn encode_bitmap(ids: &[u32]) -> String {
    let mut bytes = vec![0u8; ids.last().map_or(0, |&last| last as usize / 8 + 1)];
    for &id in ids {
        bytes[id as usize / 8] |= 1 << (id % 8);
    }
    base64(&bytes)
}

/// Sorted ids as gaps (the first id, then each id minus the previous), each
/// gap a LEB128 varint (7 bits a byte, low bits first, high bit set on all
/// but the last byte), the bytes in base64 without padding. 10,000 dense ids
/// take 10,000 bytes (13 KB of base64) that gzip to a few hundred; the
/// browser decodes them with `atob` and a loop (`decodeIds` in search.js).
pub fn encode_ids(ids: &[u32]) -> String {
    let mut bytes = Vec::with_capacity(ids.len() + 4);
    let mut previous = 0;
    for &id in ids {
        let mut gap = id - previous;
        previous = id;
        while gap >= 0x80 {
            bytes.push((gap as u8 & 0x7f) | 0x80);
            gap >>= 7;
        }
        bytes.push(gap as u8);
    }
    base64(&bytes)
}

/// Standard base64 without padding (`atob` accepts it).
fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..=chunk.len() {
            out.push(BASE64[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_lists_are_bitmaps() {
        // Ids 0, 1, 9: bytes 0b11, 0b10.
        assert_eq!(encode_bitmap(&[0, 1, 9]), "AwI");
        let dense: Vec<u32> = (0..300).filter(|i| i % 3 != 0).collect();
        let list = encode_id_list(&dense);
        assert!(list.starts_with('~') && list.len() < encode_ids(&dense).len());
        let sparse = [5, 900, 4000];
        assert_eq!(encode_id_list(&sparse), encode_ids(&sparse));
    }

    #[test]
    fn ids_are_varint_gaps_in_base64() {
        // Gaps 0, 200 (0xC8 0x01), 1: bytes 00 C8 01 01.
        assert_eq!(encode_ids(&[0, 200, 201]), "AMgBAQ");
        assert_eq!(encode_ids(&[]), "");
        // 300 dense ids: 300 bytes of 01 after the first.
        let dense: Vec<u32> = (0..300).collect();
        assert_eq!(encode_ids(&dense).len(), 400);
    }
}
