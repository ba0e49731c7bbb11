//! The literal thinking tags and the two questions both text channels ask
//! about them: where is the next closing tag, and how much of the end of the
//! text could be the start of a tag that the next delta completes.

pub const OPEN: &str = "<think>";
/// `</mm:think>` has been seen in the wild as the closing tag.
pub const CLOSERS: [&str; 2] = ["</think>", "</mm:think>"];
pub const ALL: [&str; 3] = [OPEN, CLOSERS[0], CLOSERS[1]];

/// The earliest closing tag in `text` at or after byte `from`: (start, length).
pub fn find_closer(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = text.get(from..)?;
    CLOSERS
        .iter()
        .filter_map(|tag| rest.find(tag).map(|at| (from + at, tag.len())))
        .min()
}

/// The closing tag `text` starts with, if any: its length.
pub fn starts_with_closer(text: &str) -> Option<usize> {
    CLOSERS
        .iter()
        .find(|tag| text.starts_with(*tag))
        .map(|tag| tag.len())
}

/// The length of the longest end of `text` that is a proper prefix of one of
/// `tags`: those bytes must be held back until the next delta shows whether
/// they are a tag. Tags are ASCII, so the cut is always a char boundary.
pub fn partial_tag_len(text: &str, tags: &[&str]) -> usize {
    tags.iter()
        .flat_map(|tag| (1..tag.len()).rev().map(move |k| &tag[..k]))
        .filter(|prefix| text.ends_with(prefix))
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// True when `text` is a proper prefix of one of `tags` (a tag may follow).
pub fn is_partial_tag(text: &str, tags: &[&str]) -> bool {
    tags.iter()
        .any(|tag| tag.len() > text.len() && tag.starts_with(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_tags() {
        assert_eq!(partial_tag_len("abc</thi", &CLOSERS), 5);
        assert_eq!(partial_tag_len("abc</mm:", &CLOSERS), 5);
        assert_eq!(partial_tag_len("abc<", &ALL), 1);
        assert_eq!(partial_tag_len("abc</think>", &CLOSERS), 0);
        assert_eq!(partial_tag_len("x<y", &CLOSERS), 0);
        assert!(is_partial_tag("</mm", &ALL));
        assert!(!is_partial_tag("<think>", &ALL));
        assert_eq!(find_closer("a</mm:think>b</think>", 0), Some((1, 11)));
        assert_eq!(find_closer("a</mm:think>b</think>", 2), Some((13, 8)));
    }
}
