//! Just enough of PHP's lexical rules to check the wp-config.php writer from
//! Rust, fast enough for a fuzz loop: single-quoted literals and which lines
//! define a constant (which lines are PHP code: `wu_hosting_core::fuzzing`). The
//! regression test replays the corpus through `php` itself
//! (tests/fuzz_wpconfig.rs).

/// The value of a single-quoted PHP string literal that is all of `lit`.
pub fn single_quoted(lit: &str) -> Option<String> {
    let mut chars = lit.strip_prefix('\'')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('\\' | '\'') => out.push(e),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '\'' => return chars.as_str().is_empty().then_some(out),
            c => out.push(c),
        }
    }
    None
}

/// Whether `line` has `define( 'NAME'` (or `"NAME"`), spaces allowed.
pub fn defines(line: &str, name: &str) -> bool {
    line.match_indices("define").any(|(at, _)| {
        let rest = line[at + 6..].trim_start();
        let Some(rest) = rest.strip_prefix('(') else {
            return false;
        };
        let rest = rest.trim_start();
        ['\'', '"'].iter().any(|q| {
            rest.strip_prefix(*q)
                .and_then(|r| r.strip_prefix(name))
                .is_some_and(|r| r.starts_with(*q))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(single_quoted(r"'a\'b\\c\n'").as_deref(), Some(r"a'b\c\n"));
        assert_eq!(single_quoted(r"'a' . 'b'"), None);
        assert_eq!(single_quoted(r"'a\'"), None);
    }

    #[test]
    fn defines_lines() {
        assert!(defines("define( 'A', 1 );", "A"));
        assert!(defines("  define (\"A\",1);", "A"));
        assert!(!defines("defined( 'A' ) || define( 'AB', 1 );", "A"));
        assert!(defines("defined( 'A' ) || define( 'A', 1 );", "A"));
    }
}
