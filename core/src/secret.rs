//! A secret (API token, API key) that never prints itself, and the one place that
//! takes secrets out of text: every secret made in this process is remembered, and
//! [`scrub_known`] removes any piece of eight or more characters of any of them.
//! Errors and log records pass their text through it when they are made, so no
//! message, exception property or log line can carry a secret, whole or cut.

use once_cell::sync::Lazy;
use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;

/// Holds a credential. `Debug` and `Display` print `[redacted]`; only
/// [`Secret::expose`] gives the value, at the one place that sends it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

/// What a removed piece of a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// The shortest piece of a secret that is removed from text (a secret shorter than
/// this is removed where it appears whole).
pub const PIECE: usize = 8;

/// Secrets shorter than this are not looked for: they would match ordinary words.
const SHORTEST: usize = 4;

/// Secrets remembered at most (the oldest is forgotten first).
const REMEMBERED: usize = 64;

static KNOWN: Lazy<Mutex<Vec<String>>> = Lazy::new(|| Mutex::new(Vec::new()));

fn remember(value: &str) {
    if value.len() < SHORTEST {
        return;
    }
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = known.iter().position(|k| k == value) {
        let k = known.remove(i);
        known.push(k);
        return;
    }
    if known.len() == REMEMBERED {
        known.remove(0);
    }
    known.push(value.to_string());
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        remember(&value);
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` without any piece of this secret (see [`scrub_known`]).
    pub fn scrub(&self, text: &str) -> String {
        scrub_with(text, std::slice::from_ref(&self.0))
    }
}

/// `text` without any piece of any secret made in this process: every run of
/// [`PIECE`] or more characters that also occurs in a secret (and every whole
/// occurrence of a shorter secret) becomes `[redacted]`.
pub fn scrub_known(text: &str) -> String {
    if text.len() < SHORTEST {
        return text.to_string();
    }
    let known = KNOWN.lock().unwrap_or_else(|e| e.into_inner()).clone();
    scrub_with(text, &known)
}

fn scrub_with(text: &str, secrets: &[String]) -> String {
    let bytes = text.as_bytes();
    let mut hidden = vec![false; bytes.len()];
    let mut any = false;
    for secret in secrets.iter().filter(|s| s.len() >= SHORTEST) {
        let s = secret.as_bytes();
        let piece = PIECE.min(s.len());
        if bytes.len() < piece {
            continue;
        }
        let windows: HashSet<&[u8]> = s.windows(piece).collect();
        for (i, w) in bytes.windows(piece).enumerate() {
            if windows.contains(w) {
                hidden[i..i + piece].iter_mut().for_each(|h| *h = true);
                any = true;
            }
        }
    }
    if !any {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for (i, ch) in text.char_indices() {
        // A character is hidden when any of its bytes is.
        if hidden[i..i + ch.len_utf8()].iter().any(|h| *h) {
            if !in_run {
                out.push_str(REDACTED);
                in_run = true;
            }
        } else {
            out.push(ch);
            in_run = false;
        }
    }
    out
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let s = Secret::new("tok-123456");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(s.expose(), "tok-123456");
        assert_eq!(s.scrub("bad token tok-123456!"), "bad token [redacted]!");
    }

    #[test]
    fn pieces_of_eight_or_more_are_removed_wherever_they_are() {
        let s = Secret::new("Zq7MarkerToken0123456789abcdefXY");
        // Cut by a clip at either end, or split across two places.
        assert_eq!(s.scrub("…Zq7MarkerTo"), "…[redacted]");
        assert_eq!(s.scrub("789abcdefXY tail"), "[redacted] tail");
        assert_eq!(
            s.scrub("a Token012 b 0123456 c"),
            "a [redacted] b 0123456 c"
        );
        // Seven characters are not a piece.
        assert_eq!(s.scrub("Zq7Mark"), "Zq7Mark");
        // Multi-byte text around a piece stays whole.
        assert_eq!(s.scrub("é«Zq7MarkerToken»ü"), "é«[redacted]»ü");
        assert_eq!(scrub_known("x Zq7MarkerToken0123 y"), "x [redacted] y");
        // A short secret is removed only whole.
        let short = Secret::new("k-12345");
        assert_eq!(
            short.scrub("key k-12345 or k-1234"),
            "key [redacted] or k-1234"
        );
    }
}
