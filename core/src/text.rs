//! Text cut to a length for messages: one helper, and the lengths that are rules.

/// A panel's own words (an error message, a body's summary, a page title).
pub const PANEL_TEXT: usize = 200;
/// A setting's value, or a constant name, shown back in a message.
pub const SETTING_VALUE: usize = 60;
/// A caller's input shown back in a message: an option's key or value, a domain name.
pub const INPUT: usize = 100;

/// How the kept characters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// As they are.
    None,
    /// Control characters escaped (`\n`, `\u{1b}`), so a message stays one line.
    Controls,
    /// Every character as `char::escape_debug` writes it.
    All,
}

/// The first `max_chars` characters of `s`, written as `escape` says, and `…`
/// when something was cut.
pub fn clip_with(s: &str, max_chars: usize, escape: Escape) -> String {
    let mut out = String::new();
    for c in s.chars().take(max_chars) {
        match escape {
            Escape::All => out.extend(c.escape_debug()),
            Escape::Controls if c.is_control() => out.extend(c.escape_debug()),
            _ => out.push(c),
        }
    }
    if s.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}

/// The first `max_chars` characters of `s`, and `…` when something was cut.
pub fn clip(s: &str, max_chars: usize) -> String {
    clip_with(s, max_chars, Escape::None)
}

/// The first `max_chars` characters of `s`, with no mark of the cut.
pub fn head(s: &str, max_chars: usize) -> &str {
    match s.char_indices().nth(max_chars) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_at_characters_and_marks_the_cut() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(head("ééé", 2), "éé");
        assert_eq!(head("ab", 5), "ab");
        assert_eq!(clip_with("a\nb'", 10, Escape::Controls), "a\\nb'");
        assert_eq!(clip_with("a\nb'", 10, Escape::All), "a\\nb\\'");
        assert_eq!(clip_with("a\nbc", 2, Escape::Controls), "a\\n…");
    }
}
