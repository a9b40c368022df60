//! Writes `define()` lines into a wp-config.php safely: each value escaped so no
//! input can leave its string, inserted at the anchors Ultimate Multisite's wizard
//! uses (after `$table_prefix`, else above "That's all, stop editing!", else after
//! `<?php`) or replacing an existing define of the same name; written atomically
//! (temporary file, fsync, rename) with the file's permissions and owner, one
//! backup kept, nothing written when nothing changes.

use crate::error::{Error, Result};
use regex::Regex;
use serde::Serialize;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The error of the writer in a fuzzing build (`--cfg fuzzing`, see
/// `crate::fuzzing`): nothing is written.
pub const NOT_WRITTEN: &str = "nothing is written by a fuzzing build";

pub(crate) mod php_code;

/// The suffix of the one backup kept beside the file.
pub const BACKUP_SUFFIX: &str = ".wu-hosting.bak";

/// A constant's value, written as a PHP literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl Value {
    /// The PHP literal. Strings are single-quoted, where only `\\` and `\'` are
    /// escapes: a quote, a backslash or `?>` in the value stays inside the string.
    pub fn literal(&self) -> String {
        match self {
            Value::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => {
                let text = format!("{f:?}");
                if text.contains(['.', 'e', 'E']) {
                    text
                } else {
                    format!("{text}.0")
                }
            }
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
        }
    }
}

/// The `$constants` array (names to values) as JSON (see `crate::args`), checked.
pub fn constants_from_json(list: &serde_json::Value) -> Result<Vec<(String, Value)>> {
    use crate::args::{self, KeyProblem};
    let error = |problem: KeyProblem| {
        Error::config(match problem {
            KeyProblem::Index(i) => {
                format!("$constants must map constant names to values, got the index {i}")
            }
            _ => format!(
                "$constants must be an array of constant names to values, got {}",
                args::type_name(list)
            ),
        })
    };
    let constants = args::named_entries(list, None, &error)?
        .map(|entry| {
            let (name, v) = entry?;
            let value = match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(*b),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => Value::Int(i),
                    None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                },
                serde_json::Value::String(s) => Value::Str(s.clone()),
                other => {
                    return Err(Error::config(format!(
                        "the value of {name} must be a string, a number, a boolean or null, got {}",
                        args::type_name(other)
                    )))
                }
            };
            Ok((name, value))
        })
        .collect();
    constants
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WriteReport {
    /// The file written (symbolic links followed).
    pub path: String,
    pub changed: bool,
    /// The copy of the previous content, when something changed.
    pub backup: Option<String>,
    /// Each constant: `added`, `replaced` or `unchanged`.
    pub constants: serde_json::Map<String, serde_json::Value>,
}

pub(crate) fn check_name(name: &str) -> Result<()> {
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::config(format!(
            "'{}' is not a constant name: use letters, digits and underscores, not starting with a digit",
            crate::text::head(name, crate::text::SETTING_VALUE).escape_debug()
        )))
    }
}

pub(crate) fn check_value(name: &str, value: &Value) -> Result<()> {
    match value {
        Value::Str(s) if s.chars().any(|c| c.is_control() && c != '\t') => Err(Error::config(format!(
            "the value of {name} contains a line break or another control character; nothing was written"
        ))),
        Value::Float(f) if !f.is_finite() => Err(Error::config(format!("the value of {name} is not a finite number"))),
        _ => Ok(()),
    }
}

/// Whether `text` looks like a WordPress configuration file.
pub(crate) fn is_wp_config(text: &str) -> bool {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    body.starts_with("<?php")
        && (text.contains("wp-settings.php")
            || (text.contains("$table_prefix") && text.contains("DB_NAME")))
}

/// Writes `constants` into the wp-config.php at `path`.
pub fn write_constants(path: &Path, constants: &[(String, Value)]) -> Result<WriteReport> {
    for (name, value) in constants {
        check_name(name)?;
        check_value(name, value)?;
    }
    let shown = path.display().to_string();
    let real: PathBuf = fs::canonicalize(path).map_err(|e| {
        Error::config(format!(
            "cannot open '{shown}': {e}; give the path of the network's wp-config.php"
        ))
    })?;
    let meta =
        fs::metadata(&real).map_err(|e| Error::config(format!("cannot read '{shown}': {e}")))?;
    if !meta.is_file() {
        return Err(Error::config(format!(
            "'{shown}' is not a file; give the path of wp-config.php"
        )));
    }
    let bytes =
        fs::read(&real).map_err(|e| Error::config(format!("cannot read '{shown}': {e}")))?;
    let old = String::from_utf8(bytes)
        .map_err(|_| Error::config(format!("'{shown}' is not UTF-8 text; nothing was written")))?;
    if !is_wp_config(&old) {
        return Err(Error::config(format!(
            "'{shown}' is not a wp-config.php (it should start with <?php and load wp-settings.php); nothing was written"
        )));
    }
    let (new, report) = edit(&old, constants, &shown)?;
    let mut report = WriteReport {
        path: real.display().to_string(),
        changed: new != old,
        backup: None,
        constants: report,
    };
    if !report.changed {
        return Ok(report);
    }
    let backup = PathBuf::from(format!("{}{BACKUP_SUFFIX}", real.display()));
    write_atomically(&backup, old.as_bytes(), &meta)?;
    write_atomically(&real, new.as_bytes(), &meta)?;
    report.backup = Some(backup.display().to_string());
    Ok(report)
}

/// The new text, and what happened to each constant.
pub(crate) fn edit(
    old: &str,
    constants: &[(String, Value)],
    shown: &str,
) -> Result<(String, serde_json::Map<String, serde_json::Value>)> {
    let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = old.split_inclusive('\n').map(str::to_string).collect();
    // Where PHP code is read: a define in a comment or a string is no define. Read
    // as if the file ended with a line break, as it does once lines go after its
    // last one (`<<<EOT` at the very end opens a heredoc only then).
    let code = if old.ends_with('\n') {
        php_code::line_starts(old)
    } else {
        php_code::line_starts(&format!("{old}{eol}"))
    };
    let mut report = serde_json::Map::new();
    let mut added: Vec<String> = Vec::new();
    for (name, value) in constants {
        let line = format!("define( '{name}', {} );", value.literal());
        let quoted = regex::escape(name);
        let simple = Regex::new(&format!(
            r#"^[ \t]*define\s*\(\s*(?:'{quoted}'|"{quoted}")\s*,.*\)\s*;[ \t]*\r?\n?$"#
        ))
        .map_err(|e| Error::config(e.to_string()))?;
        let any = Regex::new(&format!(r#"define\s*\(\s*(?:'{quoted}'|"{quoted}")"#))
            .map_err(|e| Error::config(e.to_string()))?;
        let found: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| any.is_match(l) && (code[*i] || code[i + 1]))
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [] => {
                added.push(line);
                report.insert(name.clone(), "added".into());
            }
            [i] if simple.is_match(&lines[*i]) && code[*i] && code[i + 1] => {
                let ending = if lines[*i].ends_with('\n') { eol } else { "" };
                let indent: String = lines[*i].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
                let replacement = format!("{indent}{line}{ending}");
                let state = if lines[*i].trim_end() == replacement.trim_end() { "unchanged" } else { "replaced" };
                lines[*i] = replacement;
                report.insert(name.clone(), state.into());
            }
            [i] => {
                return Err(Error::config(format!(
                    "'{shown}' defines {name} in a form this writer does not change (line {}); change it by hand",
                    i + 1
                )))
            }
            many => {
                return Err(Error::config(format!(
                    "'{shown}' defines {name} {} times (lines {}); keep one and try again",
                    many.len(),
                    many.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }
    if !added.is_empty() {
        let at = anchor(&lines, &code).ok_or_else(|| {
            Error::config(format!(
                "'{shown}' has no place in its PHP code for new defines (after $table_prefix, above \"That's all, stop editing!\" or after <?php); add them by hand"
            ))
        })?;
        if at > 0 && !lines[at - 1].ends_with('\n') {
            lines[at - 1].push_str(eol);
        }
        let block: Vec<String> = added.into_iter().map(|l| format!("{l}{eol}")).collect();
        lines.splice(at..at, block);
    }
    Ok((lines.concat(), report))
}

/// Where new lines go: after the `$table_prefix` statement, else above "That's all,
/// stop editing!", else after the line that opens PHP; always where PHP code is
/// read (`code`: per line start, see [`php_code::line_starts`]).
fn anchor(lines: &[String], code: &[bool]) -> Option<usize> {
    let after_prefix = lines
        .iter()
        .enumerate()
        .position(|(i, l)| code[i] && l.trim_start().starts_with("$table_prefix"))
        .map(|start| {
            let end = lines[start..]
                .iter()
                .position(|l| l.contains(';'))
                .map_or(start, |off| start + off);
            end + 1
        });
    let above_stop = lines
        .iter()
        .enumerate()
        .position(|(i, l)| code[i] && l.contains("That's all, stop editing"));
    let after_open = lines
        .iter()
        .position(|l| l.contains("<?php"))
        .map(|i| i + 1);
    [after_prefix, above_stop, after_open]
        .into_iter()
        .flatten()
        .find(|&at| code[at])
}

/// Writes `bytes` to `path` through a temporary file in the same folder: write,
/// fsync, the permissions and owner of `like`, rename, fsync the folder.
fn write_atomically(path: &Path, bytes: &[u8], like: &fs::Metadata) -> Result<()> {
    if cfg!(fuzzing) {
        return Err(Error::config(NOT_WRITTEN));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |what: &str, e: std::io::Error| {
        let _ = fs::remove_file(&tmp);
        Error::config(format!(
            "cannot {what} '{}': {e}; nothing was changed",
            path.display()
        ))
    };
    let mode = like.permissions().mode() & 0o7777;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&tmp)
        .map_err(|e| fail("write next to", e))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(|e| fail("write", e))?;
    fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))
        .map_err(|e| fail("set the permissions of", e))?;
    // Keep the owner when allowed (as root); otherwise the writer's own stays.
    let _ = std::os::unix::fs::chown(&tmp, Some(like.uid()), Some(like.gid()));
    drop(file);
    fs::rename(&tmp, path).map_err(|e| fail("replace", e))?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "<?php\n/** The name of the database */\ndefine( 'DB_NAME', 'wp' );\n\n$table_prefix = 'wp_';\n\n/* That's all, stop editing! Happy publishing. */\nrequire_once ABSPATH . 'wp-settings.php';\n";

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "wu-wpconfig-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn file(text: &str, mode: u32) -> PathBuf {
        let p = dir().join("wp-config.php");
        fs::write(&p, text).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        p
    }

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn inserts_after_table_prefix_then_replaces_and_is_idempotent() {
        let p = file(CONFIG, 0o640);
        let r = write_constants(
            &p,
            &[
                ("WU_ENHANCE_API_TOKEN".into(), s("abc")),
                ("WU_X".into(), Value::Int(3)),
            ],
        )
        .unwrap();
        assert!(r.changed);
        assert_eq!(r.constants["WU_ENHANCE_API_TOKEN"], "added");
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains("$table_prefix = 'wp_';\ndefine( 'WU_ENHANCE_API_TOKEN', 'abc' );\ndefine( 'WU_X', 3 );\n"), "{text}");
        assert_eq!(fs::read_to_string(r.backup.unwrap()).unwrap(), CONFIG);
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );

        let r = write_constants(&p, &[("WU_ENHANCE_API_TOKEN".into(), s("new"))]).unwrap();
        assert_eq!(r.constants["WU_ENHANCE_API_TOKEN"], "replaced");
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains("define( 'WU_ENHANCE_API_TOKEN', 'new' );"));
        assert_eq!(text.matches("WU_ENHANCE_API_TOKEN").count(), 1);

        let before = fs::read_to_string(&p).unwrap();
        let r = write_constants(&p, &[("WU_ENHANCE_API_TOKEN".into(), s("new"))]).unwrap();
        assert!(!r.changed);
        assert_eq!(r.backup, None);
        assert_eq!(r.constants["WU_ENHANCE_API_TOKEN"], "unchanged");
        assert_eq!(fs::read_to_string(&p).unwrap(), before);
    }

    #[test]
    fn values_cannot_leave_their_string() {
        let nasty = r#"a'b\c"d?>e\'); system('x'); //"#;
        assert_eq!(
            s(nasty).literal(),
            r#"'a\'b\\c"d?>e\\\'); system(\'x\'); //'"#
        );
        assert_eq!(Value::Bool(true).literal(), "true");
        assert_eq!(Value::Null.literal(), "null");
        assert_eq!(Value::Float(2.0).literal(), "2.0");
        let p = file(CONFIG, 0o600);
        let e = write_constants(&p, &[("X".into(), s("line\nbreak"))]).unwrap_err();
        assert!(e.message().contains("line break"));
        assert_eq!(fs::read_to_string(&p).unwrap(), CONFIG, "nothing written");
    }

    /// Found by the wpconfig fuzz target: a define in a comment or a string was
    /// "replaced" there, and new lines could go into a comment, so the constant
    /// stayed undefined.
    #[test]
    fn defines_in_comments_and_strings_are_not_defines() {
        let one = |old: &str| {
            edit(old, &[("WP_HOME".into(), s("b"))], "w")
                .map(|(text, report)| (text, report["WP_HOME"].clone()))
        };
        let commented = "<?php\n/*\ndefine( 'WP_HOME', 'a' );\n*/\n$table_prefix = 'wp_';\n";
        let (text, state) = one(commented).unwrap();
        assert_eq!(state, "added");
        assert_eq!(text, format!("{commented}define( 'WP_HOME', 'b' );\n"));

        let in_string = "<?php\n$s = \"\ndefine( 'WP_HOME', 'a' );\n\";\n$table_prefix = 'wp_';\n";
        let (text, state) = one(in_string).unwrap();
        assert_eq!(state, "added");
        assert_eq!(text, format!("{in_string}define( 'WP_HOME', 'b' );\n"));

        // A define line whose end opens a string is not changed.
        let e = one("<?php\ndefine( 'WP_HOME', 'a' ); $x = 'q );\n';\n").unwrap_err();
        assert!(e.message().contains("change it by hand"), "{}", e.message());

        // $table_prefix in a comment, "That's all" inside a comment block: the
        // next place that is code.
        let old = "<?php\n/* $table_prefix = 'x';\n That's all, stop editing! */\nrequire_once 'wp-settings.php';\n";
        let (text, _) = one(old).unwrap();
        assert_eq!(text, "<?php\ndefine( 'WP_HOME', 'b' );\n/* $table_prefix = 'x';\n That's all, stop editing! */\nrequire_once 'wp-settings.php';\n");

        // Found by the fuzz target: the line break added after a last line that
        // ends in `<<<E` opens a heredoc, which would swallow the new lines.
        let old = "<?php\n$a = 1;\n$table_prefix = 'wp_'; $b = <<<E";
        let (text, _) = one(old).unwrap();
        assert_eq!(
            text,
            "<?php\ndefine( 'WP_HOME', 'b' );\n$a = 1;\n$table_prefix = 'wp_'; $b = <<<E"
        );

        // No code at all after <?php: refused.
        let e = one("<?php /*\nDB_NAME $table_prefix wp-settings.php\n").unwrap_err();
        assert!(e.message().contains("no place"), "{}", e.message());
    }

    #[test]
    fn other_anchors_and_line_endings() {
        let no_prefix = "<?php\r\ndefine('DB_NAME', 'wp');\r\n/* That's all, stop editing! */\r\nrequire_once ABSPATH . 'wp-settings.php';\r\n";
        let p = file(no_prefix, 0o644);
        write_constants(&p, &[("A".into(), s("1"))]).unwrap();
        let text = fs::read_to_string(&p).unwrap();
        assert!(
            text.contains("define('DB_NAME', 'wp');\r\ndefine( 'A', '1' );\r\n/* That's all"),
            "{text:?}"
        );

        let bare = "<?php\nrequire_once __DIR__ . '/wp-settings.php';\n";
        let p = file(bare, 0o644);
        write_constants(&p, &[("A".into(), s("1"))]).unwrap();
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            "<?php\ndefine( 'A', '1' );\nrequire_once __DIR__ . '/wp-settings.php';\n"
        );
    }

    #[test]
    fn refuses_what_it_must_not_touch() {
        let p = file("<?php echo 'hello';\n", 0o644);
        assert!(write_constants(&p, &[("A".into(), s("1"))])
            .unwrap_err()
            .message()
            .contains("is not a wp-config.php"));
        let p = file(
            &CONFIG.replace(
                "define( 'DB_NAME', 'wp' );",
                "defined('A') || define('A', 'x');\ndefine( 'DB_NAME', 'wp' );",
            ),
            0o644,
        );
        let e = write_constants(&p, &[("A".into(), s("1"))]).unwrap_err();
        assert!(
            e.message().contains("does not change (line 3)"),
            "{}",
            e.message()
        );
        let e = write_constants(&p, &[("1A".into(), s("1"))]).unwrap_err();
        assert!(e.message().contains("not a constant name"));
        let e = write_constants(
            Path::new("/nonexistent/wp-config.php"),
            &[("A".into(), s("1"))],
        )
        .unwrap_err();
        assert!(e.message().contains("cannot open"));
    }

    #[test]
    fn follows_a_symbolic_link_to_the_real_file() {
        let p = file(CONFIG, 0o600);
        let link = dir().join("wp-config.php");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        let r = write_constants(&link, &[("A".into(), s("1"))]).unwrap();
        assert_eq!(r.path, fs::canonicalize(&p).unwrap().display().to_string());
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(&p)
            .unwrap()
            .contains("define( 'A', '1' );"));
    }
}
