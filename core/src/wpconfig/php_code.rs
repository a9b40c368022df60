//! Just enough of PHP's lexical rules for the wp-config.php writer to know where
//! PHP code is: outside strings, comments and heredocs, inside `<?php ... ?>`.
//! It needs no more: a line it does not understand is refused, never changed.

#[derive(Clone, Debug, PartialEq)]
enum State {
    Html,
    Code,
    Single,
    Double,
    Backtick,
    LineComment,
    Block,
    Heredoc(String),
}

fn ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// For each line of `text` (split after `\n`), and for its end: whether PHP code
/// is read there, outside any string, comment or heredoc and inside `<?php ... ?>`.
/// One more entry than lines: the last is the state at the end of the text.
pub fn line_starts(text: &str) -> Vec<bool> {
    let b = text.as_bytes();
    let mut state = State::Html;
    let mut at_line_start = vec![];
    let mut line_start = true;
    let mut i = 0;
    while i <= b.len() {
        if line_start {
            if let State::Heredoc(label) = &state {
                let rest = &b[i..];
                let indent = rest
                    .iter()
                    .take_while(|c| **c == b' ' || **c == b'\t')
                    .count();
                let rest = &rest[indent..];
                if rest.starts_with(label.as_bytes())
                    && !rest.get(label.len()).copied().is_some_and(ident)
                {
                    i += indent + label.len();
                    at_line_start.push(state.clone());
                    state = State::Code;
                    line_start = false;
                    continue;
                }
            }
            at_line_start.push(state.clone());
            line_start = false;
        }
        if i == b.len() {
            break;
        }
        let rest = &b[i..];
        let c = b[i];
        let mut step = 1;
        match &state {
            State::Html => {
                if rest.len() >= 5
                    && rest[..5].eq_ignore_ascii_case(b"<?php")
                    // PHP opens only with a space, a tab or a line break after it.
                    && rest
                        .get(5)
                        .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
                {
                    state = State::Code;
                    step = 5;
                } else if rest.starts_with(b"<?=") {
                    state = State::Code;
                    step = 3;
                }
            }
            State::Code => {
                if c == b'\'' {
                    state = State::Single;
                } else if c == b'"' {
                    state = State::Double;
                } else if c == b'`' {
                    state = State::Backtick;
                } else if rest.starts_with(b"//") || (c == b'#' && !rest.starts_with(b"#[")) {
                    state = State::LineComment;
                } else if rest.starts_with(b"/*") {
                    state = State::Block;
                    step = 2;
                } else if rest.starts_with(b"?>") {
                    state = State::Html;
                    step = 2;
                } else if rest.starts_with(b"<<<") {
                    let mut j = 3;
                    while rest.get(j).is_some_and(|c| *c == b' ' || *c == b'\t') {
                        j += 1;
                    }
                    let quote = rest.get(j).copied().filter(|c| *c == b'\'' || *c == b'"');
                    if quote.is_some() {
                        j += 1;
                    }
                    let start = j;
                    while rest.get(j).copied().is_some_and(ident) {
                        j += 1;
                    }
                    let label = String::from_utf8_lossy(&rest[start..j]).to_string();
                    if quote.is_some() && rest.get(j) == quote.as_ref() {
                        j += 1;
                    }
                    let newline = match rest.get(j) {
                        Some(b'\n') => Some(1),
                        Some(b'\r') if rest.get(j + 1) == Some(&b'\n') => Some(2),
                        _ => None,
                    };
                    if let (false, Some(n)) = (label.is_empty(), newline) {
                        state = State::Heredoc(label);
                        step = j + n;
                        i += step;
                        line_start = true;
                        continue;
                    }
                }
            }
            State::Single => {
                if c == b'\\' {
                    step = 2;
                } else if c == b'\'' {
                    state = State::Code;
                }
            }
            State::Double | State::Backtick => {
                let end = if state == State::Double { b'"' } else { b'`' };
                if c == b'\\' {
                    step = 2;
                } else if c == end {
                    state = State::Code;
                }
            }
            State::LineComment => {
                if c == b'\n' {
                    state = State::Code;
                } else if rest.starts_with(b"?>") {
                    state = State::Html;
                    step = 2;
                }
            }
            State::Block => {
                if rest.starts_with(b"*/") {
                    state = State::Code;
                    step = 2;
                }
            }
            State::Heredoc(_) => {}
        }
        // A step never jumps over a line break unseen.
        let end = (i + step).min(b.len());
        if b[i..end].contains(&b'\n') {
            line_start = true;
        }
        i = end;
    }
    let lines = text.split_inclusive('\n').count();
    at_line_start.resize(lines + 1, state);
    at_line_start.iter().map(|s| *s == State::Code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_comments_heredocs_and_html_are_not_code() {
        let text = "<?php\n$a = 1;\n/*\nx\n*/\n$b = 'a\nb';\n$c = <<<EOT\nq\nEOT;\n// ?>\nhtml\n<?php\n# c\n";
        let starts = line_starts(text);
        let code: Vec<usize> = (0..starts.len()).filter(|&i| starts[i]).collect();
        // Line 1 ($a), 2 (/*), 5 ($b), 7 ($c), 10 (// ?>), 13 (# c) and the end.
        assert_eq!(code, vec![1, 2, 5, 7, 10, 13, 14]);
        assert_eq!(
            line_starts("<?php\n$s = \"{$a}\\\"\n\";\n"),
            vec![false, true, false, true]
        );
        assert_eq!(
            line_starts("<?php\n#[Attr]\nfoo();"),
            vec![false, true, true, true]
        );
        assert_eq!(line_starts(""), vec![false]);
        // Found by replaying the fuzz corpus through php: a form feed (or a letter)
        // after <?php does not open PHP.
        assert_eq!(
            line_starts("<?phpe\n<?php\x0c\nx;\n"),
            vec![false, false, false, false]
        );
    }
}
