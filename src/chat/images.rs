//! Images the user attaches to a message: the limits, the size they are
//! scaled to, and which stored values may be shown as an image at all.
//!
//! The browser layer re-encodes images to JPEG no larger than [`MAX_SIDE`]
//! on the long side, as `data:` URLs (MiniMax accepts them), so a photo
//! from a phone costs a few hundred KB, not tens of MB. Since schema 3 a
//! message names each image by a reference, `img:<id>`, and the image
//! itself is a record of the image store (IndexedDB, which holds far more
//! than localStorage's ~5 MB): see `session/images.rs`. An entry may still
//! be the `data:` URL itself: a chat stored before schema 3, an imported
//! one, or an image just sent. The session moves those into the image
//! store and writes the chat again with the reference, in that order, so
//! an image is never only in memory.

/// The long side of an attached image after scaling, in pixels.
pub const MAX_SIDE: u32 = 1568;
/// JPEG quality the browser encodes with.
pub const JPEG_QUALITY: f64 = 0.85;
/// Images per message.
pub const MAX_PER_MESSAGE: usize = 4;
/// The largest encoded image kept (characters of its `data:` URL).
pub const MAX_URL_CHARS: usize = 2_000_000;
/// Files larger than this are refused before decoding (MiniMax's own limit).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// The size to draw an image of `width` × `height` at: the same, or scaled
/// down to fit [`MAX_SIDE`] with its proportions kept (never below 1 px).
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= MAX_SIDE || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(MAX_SIDE) / f64::from(long);
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// What a message's image entry starts with when it names a record of the
/// image store.
pub const IMAGE_REF_PREFIX: &str = "img:";

/// The entry naming the image store's record `id`.
pub fn image_ref(id: &str) -> String {
    format!("{IMAGE_REF_PREFIX}{id}")
}

/// The image store's id, when `entry` is a reference.
pub fn ref_id(entry: &str) -> Option<&str> {
    entry
        .strip_prefix(IMAGE_REF_PREFIX)
        .filter(|id| !id.is_empty())
}

/// Whether `entry` is the image itself, kept in the chat (see the module
/// doc), rather than a reference.
pub fn is_inline(entry: &str) -> bool {
    entry.starts_with("data:")
}

/// Whether a stored value may be put in an `<img src>`: a base64 `data:` URL
/// of a raster type MiniMax takes. Anything else (an imported file can hold
/// any string) is shown as a note, never loaded.
pub fn is_safe_image_url(url: &str) -> bool {
    const TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];
    let Some(rest) = url.strip_prefix("data:") else {
        return false;
    };
    let Some((kind, data)) = rest.split_once(";base64,") else {
        return false;
    };
    TYPES.contains(&kind)
        && !data.is_empty()
        && data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Why a chosen file cannot be attached, before reading it; `None` if it may be.
pub fn check_file(name: &str, mime: &str, bytes: f64, already: usize) -> Option<String> {
    if already >= MAX_PER_MESSAGE {
        return Some(format!(
            "A message can carry {MAX_PER_MESSAGE} images; {name} was not added."
        ));
    }
    if !mime.starts_with("image/") || mime == "image/svg+xml" {
        return Some(format!(
            "{name} is not a photo or picture (JPEG, PNG, WebP or GIF), so it was not attached."
        ));
    }
    if bytes > MAX_FILE_BYTES {
        return Some(format!(
            "{name} is larger than 10 MB, the most MiniMax takes; it was not attached."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_images_are_scaled_to_the_long_side_and_keep_their_shape() {
        assert_eq!(fit(4032, 3024), (1568, 1176));
        assert_eq!(fit(3024, 4032), (1176, 1568));
        assert_eq!(fit(800, 600), (800, 600));
        assert_eq!(fit(100_000, 1), (1568, 1));
        assert_eq!(fit(0, 0), (1, 1));
    }

    #[test]
    fn only_base64_raster_data_urls_are_shown() {
        assert!(is_safe_image_url("data:image/jpeg;base64,/9j/4AAQSk+Z="));
        assert!(is_safe_image_url("data:image/png;base64,iVBORw0KGgo="));
        for bad in [
            "https://example.com/a.png",
            "javascript:alert(1)",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png,<svg onload=alert(1)>",
            "data:image/png;base64,",
            "data:image/png;base64,abc\" onerror=\"x",
            " data:image/png;base64,iVBO",
            "",
        ] {
            assert!(!is_safe_image_url(bad), "{bad}");
        }
    }

    #[test]
    fn references_name_an_image_store_record() {
        assert_eq!(image_ref("i1"), "img:i1");
        assert_eq!(ref_id("img:i1"), Some("i1"));
        assert_eq!(ref_id("img:"), None);
        assert_eq!(ref_id("data:image/png;base64,AAAA"), None);
        assert!(is_inline("data:image/png;base64,AAAA"));
        assert!(!is_inline("img:i1"));
    }

    #[test]
    fn files_are_checked_before_reading() {
        assert_eq!(check_file("a.jpg", "image/jpeg", 1e6, 0), None);
        assert!(
            check_file("a.pdf", "application/pdf", 1e3, 0).is_some_and(|m| m.contains("a.pdf"))
        );
        assert!(check_file("a.svg", "image/svg+xml", 1e3, 0).is_some());
        assert!(
            check_file("big.png", "image/png", 11e6 * 1.1, 0).is_some_and(|m| m.contains("10 MB"))
        );
        assert!(check_file("e.png", "image/png", 1e3, MAX_PER_MESSAGE).is_some());
    }
}
