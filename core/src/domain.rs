//! Domain names as the panels accept them: one type, validated once, before
//! anything is sent.

use crate::error::{Error, Result};
use crate::text;
use std::fmt;

/// A host name in its ASCII (punycode) form: lower-case, no trailing dot,
/// at least two labels, each 1–63 letters, digits or hyphens, not starting or
/// ending with a hyphen, 253 characters at most.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DomainName {
    ascii: String,
    wildcard: bool,
}

impl DomainName {
    /// Parses a plain host name. Wildcards are rejected (Enhance has none).
    pub fn parse(input: &str) -> Result<Self> {
        Self::parse_inner(input, false)
    }

    /// Parses a host name that may start with one `*.` label (Closte aliases).
    pub fn parse_allow_wildcard(input: &str) -> Result<Self> {
        Self::parse_inner(input, true)
    }

    fn parse_inner(input: &str, allow_wildcard: bool) -> Result<Self> {
        let shown = printable(input);
        let bad = |why: &str| Error::invalid_domain(format!("Invalid domain '{shown}': {why}"));
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid_domain(
                "Invalid domain '': the domain is empty; give a host name like shop.example.com",
            ));
        }
        if trimmed.contains("://") {
            return Err(bad(
                "remove the scheme (such as https://); give only the host name, like shop.example.com",
            ));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("it contains whitespace or control characters"));
        }
        if trimmed.contains('@') {
            return Err(bad(
                "it contains '@'; give only the host name, without a user part",
            ));
        }
        if trimmed.contains('/') || trimmed.contains('?') || trimmed.contains('#') {
            return Err(bad(
                "remove the path; give only the host name, like shop.example.com",
            ));
        }
        if trimmed.contains(':') || trimmed.starts_with('[') {
            return Err(bad("remove the port; give only the host name"));
        }
        let mut name = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if name.ends_with('.') || name.starts_with('.') || name.contains("..") {
            return Err(bad("it has an empty label (a leading dot or '..')"));
        }
        let mut wildcard = false;
        if let Some(rest) = name.strip_prefix("*.") {
            if !allow_wildcard {
                return Err(bad(
                    "wildcard domains are not supported here; map each host name on its own",
                ));
            }
            wildcard = true;
            name = rest;
        }
        if name.contains('*') {
            return Err(bad(if allow_wildcard {
                "a wildcard is allowed only as the whole first label, as in *.example.com"
            } else {
                "wildcard domains are not supported here; map each host name on its own"
            }));
        }
        let ascii = if name.is_ascii() {
            name.to_ascii_lowercase()
        } else {
            idna::domain_to_ascii(name)
                .map_err(|_| bad("it is not a valid internationalised domain name"))?
        };
        let labels: Vec<&str> = ascii.split('.').collect();
        if labels.len() < 2 {
            return Err(bad("it needs at least two labels, like example.com"));
        }
        for label in &labels {
            if label.is_empty() {
                return Err(bad("it has an empty label"));
            }
            if label.len() > 63 {
                return Err(bad("a label is longer than 63 characters"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(bad(
                    "only letters, digits, hyphens and dots are allowed in a host name",
                ));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(bad("a label may not start or end with a hyphen"));
            }
        }
        let full_len = ascii.len() + if wildcard { 2 } else { 0 };
        if full_len > 253 {
            return Err(bad("it is longer than 253 characters"));
        }
        if labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad("an IP address is not a domain name"));
        }
        let ascii = if wildcard {
            format!("*.{ascii}")
        } else {
            ascii
        };
        Ok(DomainName { ascii, wildcard })
    }

    /// The ASCII form sent to panels, e.g. `xn--bcher-kva.example` or `*.example.com`.
    pub fn as_str(&self) -> &str {
        &self.ascii
    }

    /// Whether the name starts with `*.`.
    pub fn is_wildcard(&self) -> bool {
        self.wildcard
    }

    /// The Unicode form, for people (`bücher.example`).
    pub fn to_unicode(&self) -> String {
        let (unicode, result) = idna::domain_to_unicode(&self.ascii);
        if result.is_ok() {
            unicode
        } else {
            self.ascii.clone()
        }
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ascii)
    }
}

/// The input as it can be shown in a message: control characters escaped and
/// cut to a sane length, so a message stays one readable line.
fn printable(input: &str) -> String {
    text::clip_with(input, text::INPUT, text::Escape::All).replace('\'', "\\'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn ok(input: &str) -> String {
        DomainName::parse(input).unwrap().as_str().to_string()
    }

    fn err(input: &str) -> String {
        let e = DomainName::parse(input).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidDomain, "{input}");
        e.message().to_string()
    }

    #[test]
    fn normalises() {
        assert_eq!(ok("  Shop.Example.COM. "), "shop.example.com");
        assert_eq!(ok("bücher.example"), "xn--bcher-kva.example");
        assert_eq!(ok("xn--bcher-kva.example"), "xn--bcher-kva.example");
        assert_eq!(ok("a-b.c0.io"), "a-b.c0.io");
        assert_eq!(
            DomainName::parse("bücher.example").unwrap().to_unicode(),
            "bücher.example"
        );
    }

    #[test]
    fn rejects_with_a_reason_naming_the_input() {
        assert!(err("https://shop.example.com").contains("scheme"));
        assert!(err("https://shop.example.com").contains("https://shop.example.com"));
        assert!(err("shop.example.com/path").contains("path"));
        assert!(err("shop.example.com:8443").contains("port"));
        assert!(err("shop example.com").contains("whitespace"));
        assert!(err("shop..example.com").contains("empty label"));
        assert!(err("user@example.com").contains("'@'"));
        assert!(err("*.example.com").contains("wildcard"));
        assert!(err("localhost").contains("two labels"));
        assert!(err("").contains("empty"));
        assert!(err("-a.example.com").contains("hyphen"));
        assert!(err("a-.example.com").contains("hyphen"));
        assert!(err(&format!("{}.com", "a".repeat(64))).contains("63"));
        assert!(err(&format!("{}com", "abcdefghi.".repeat(26))).contains("253"));
        assert!(err("shop_1.example.com").contains("letters, digits"));
        assert!(err("127.0.0.1").contains("IP address"));
        assert!(err("a\u{0}b.com").contains("control"));
    }

    #[test]
    fn wildcard_only_when_allowed() {
        let d = DomainName::parse_allow_wildcard("*.Example.com").unwrap();
        assert!(d.is_wildcard());
        assert_eq!(d.as_str(), "*.example.com");
        assert!(DomainName::parse_allow_wildcard("a.*.example.com").is_err());
        assert!(DomainName::parse_allow_wildcard("*.com").is_err());
    }

    #[test]
    fn longest_valid_name_is_accepted() {
        let name = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        assert_eq!(name.len(), 253);
        assert_eq!(ok(&name), name);
    }
}
