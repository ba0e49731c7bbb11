//! Incremental UTF-8 decoding: bytes arrive in arbitrary pieces, so a
//! multibyte character may be split between two feeds. This module owns
//! carrying that split sequence over, replacing invalid bytes with U+FFFD
//! (never panicking), and dropping one leading byte-order mark.

/// Decodes a byte stream fed in pieces into text.
#[derive(Debug, Default, Clone)]
pub struct Utf8Decoder {
    /// The bytes of an incomplete sequence at the end of the last feed (at most 3).
    pending: Vec<u8>,
    /// Whether the first character has been produced (the BOM check is done).
    started: bool,
}

impl Utf8Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes `bytes`, holding back an incomplete trailing sequence.
    pub fn decode(&mut self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() + self.pending.len());
        if self.pending.is_empty() {
            self.decode_into(bytes, &mut out);
        } else {
            // Only the carried bytes need joining with the new ones; copying the
            // whole feed keeps the code simple and costs one pass.
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(bytes);
            self.decode_into(&joined, &mut out);
        }
        self.strip_bom(out)
    }

    /// End of input: an incomplete sequence left over becomes one U+FFFD.
    pub fn finish(&mut self) -> String {
        let out = if self.pending.is_empty() {
            String::new()
        } else {
            self.pending.clear();
            String::from(char::REPLACEMENT_CHARACTER)
        };
        self.strip_bom(out)
    }

    /// Decodes `bytes` into `out`; an incomplete sequence at the very end is
    /// kept in `self.pending` for the next feed.
    fn decode_into(&mut self, bytes: &[u8], out: &mut String) {
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.push_str(text);
                    return;
                }
                Err(err) => {
                    let (valid, after) = rest.split_at(err.valid_up_to());
                    // `valid` was just checked by from_utf8, so this cannot fail.
                    out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    match err.error_len() {
                        Some(bad) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            rest = after.get(bad..).unwrap_or_default();
                        }
                        None => {
                            // Truncated sequence at the end: wait for more bytes.
                            self.pending = after.to_vec();
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Drops U+FEFF once, if it is the very first character of the stream.
    fn strip_bom(&mut self, out: String) -> String {
        if self.started || out.is_empty() {
            return out;
        }
        self.started = true;
        match out.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Utf8Decoder;

    #[test]
    fn split_emoji_is_carried() {
        let bytes = "a😀b".as_bytes();
        for cut in 0..=bytes.len() {
            let mut dec = Utf8Decoder::new();
            let mut text = dec.decode(&bytes[..cut]);
            text.push_str(&dec.decode(&bytes[cut..]));
            text.push_str(&dec.finish());
            assert_eq!(text, "a😀b", "cut at {cut}");
        }
    }

    #[test]
    fn invalid_and_truncated_bytes_become_replacement() {
        let mut dec = Utf8Decoder::new();
        let mut text = dec.decode(&[b'a', 0xff, b'b', 0xf0, 0x9f]);
        text.push_str(&dec.finish());
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn bom_is_stripped_once_even_when_split() {
        let mut dec = Utf8Decoder::new();
        let mut text = dec.decode(&[0xef]);
        text.push_str(&dec.decode(&[0xbb]));
        text.push_str(&dec.decode(&[0xbf, b'x', 0xef, 0xbb, 0xbf]));
        assert_eq!(text, "x\u{FEFF}");
    }
}
