//! Entry points for the fuzz targets in `fuzz/`: the parts of the core that read
//! untrusted input, reachable without a network or a file to write.
//!
//! When the core is built for fuzzing (`--cfg fuzzing`, set by the fuzz build),
//! nothing leaves the process: a panel request fails before it is sent
//! (`transport::NOT_SENT`), a DNS or TLS check before it starts, and the
//! wp-config.php writer before it writes (`wpconfig::NOT_WRITTEN`). Everything up
//! to that point runs as in the extension. No module of the core uses this one.

use crate::closte::{self, AliasEntry};
use crate::error::{Error, Result};
use crate::wpconfig::{self, Value};

/// What the Closte client makes of a `getdomains` answer's body (a success):
/// `None` when the body is not the JSON object of a Closte answer.
pub fn closte_getdomains(body: &[u8]) -> Option<Result<Vec<AliasEntry>>> {
    serde_json::from_slice::<closte::Answer>(body)
        .ok()
        .map(|answer| closte::decode_list(answer.domains.as_ref()))
}

/// One item of a `getdomains` list, as the Closte client reads it.
pub fn closte_alias_entry(item: &serde_json::Value) -> Option<AliasEntry> {
    closte::alias_entry(item)
}

/// The text `wu_hosting_write_constants` would write over `old`, with the checks
/// it makes first, and without touching a file.
pub fn wpconfig_edit(old: &str, constants: &[(String, Value)]) -> Result<String> {
    for (name, value) in constants {
        wpconfig::check_name(name)?;
        wpconfig::check_value(name, value)?;
    }
    if !wpconfig::is_wp_config(old) {
        return Err(Error::config("not a wp-config.php"));
    }
    wpconfig::edit(old, constants, "wp-config.php").map(|(text, _)| text)
}

/// The input of the wp-config.php target: a first line with the `$constants`
/// array as JSON, then the file as it is before the write.
pub fn wpconfig_input(data: &[u8]) -> Option<(serde_json::Value, &str)> {
    let text = std::str::from_utf8(data).ok()?;
    let (first, file) = text.split_once('\n')?;
    let constants = serde_json::from_str(first.trim_end_matches('\r')).ok()?;
    Some((constants, file))
}

/// Per line of `text`, and for its end: whether PHP code is read there (what the
/// writer uses to tell a define from a comment or a string).
pub fn php_code_line_starts(text: &str) -> Vec<bool> {
    wpconfig::php_code::line_starts(text)
}

#[cfg(test)]
mod tests {
    //! The wp-config.php target's corpus through PHP itself: what the fuzz loop
    //! checks with Rust (fuzz/src/lib.rs), here with `php -l` and by running the
    //! file before and after the write.
    use super::*;
    use serde_json::{json, Map};
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// The user constants `file` defines when PHP runs it (an empty
    /// wp-settings.php beside it), as JSON; `None` when PHP fails on it.
    fn constants_of(file: &Path) -> Option<Map<String, serde_json::Value>> {
        let script = r#"define('ABSPATH', dirname($argv[1]) . '/');
            require $argv[1];
            echo "\n=constants=", json_encode(get_defined_constants(true)['user'] ?? new stdClass);"#;
        let out = Command::new("php")
            .args([
                "-d",
                "serialize_precision=-1",
                "-d",
                "display_errors=stderr",
                "-r",
            ])
            .arg(script)
            .arg(file)
            .output()
            .expect("php runs (php8.2-cli, installed by scripts/deps.sh)");
        if !out.status.success() {
            return None;
        }
        // What the file prints outside PHP comes first.
        let stdout = String::from_utf8_lossy(&out.stdout);
        let (_, json) = stdout.rsplit_once("\n=constants=")?;
        let mut map: Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("JSON from php");
        map.remove("ABSPATH");
        Some(map)
    }

    fn lints(file: &Path) -> bool {
        Command::new("php")
            .arg("-l")
            .arg(file)
            .output()
            .expect("php runs")
            .status
            .success()
    }

    fn as_json(value: &Value) -> serde_json::Value {
        match value {
            Value::Str(s) => json!(s),
            Value::Int(i) => json!(i),
            Value::Float(f) => json!(f),
            Value::Bool(b) => json!(b),
            Value::Null => serde_json::Value::Null,
        }
    }

    fn inputs(dir: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn the_wpconfig_corpus_through_php() {
        let work = std::env::temp_dir().join(format!("wu-fuzz-php-{}", std::process::id()));
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("wp-settings.php"), "<?php\n").unwrap();
        let seeds = inputs("fuzz/corpus/wpconfig");
        let regressions = inputs("fuzz/regressions/wpconfig");
        assert!(seeds.len() >= 5 && !regressions.is_empty());
        let mut written = 0;
        for path in seeds.iter().chain(&regressions) {
            let data = std::fs::read(path).unwrap();
            let is_seed =
                path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus"));
            let Some((json, old)) = wpconfig_input(&data) else {
                // A seed is a first line of JSON, then the file; a found input need not be.
                assert!(!is_seed, "the seed {} is not in the format", path.display());
                continue;
            };
            let Ok(constants) = wpconfig::constants_from_json(&json) else {
                continue;
            };
            let Ok(new) = wpconfig_edit(old, &constants) else {
                continue;
            };
            let (old_file, new_file) = (work.join("old.php"), work.join("new.php"));
            std::fs::write(&old_file, old).unwrap();
            std::fs::write(&new_file, &new).unwrap();
            if !lints(&old_file) {
                // A seed is a working wp-config.php; a found input need not be.
                assert!(!is_seed, "the seed {} is not PHP", path.display());
                continue;
            }
            assert!(
                lints(&new_file),
                "{}: the written file is not PHP:\n{new}",
                path.display()
            );
            let Some(mut wanted) = constants_of(&old_file) else {
                // A seed runs; a found input may stop with an error of its own.
                assert!(!is_seed, "the seed {} does not run", path.display());
                continue;
            };
            for (name, value) in &constants {
                wanted.insert(name.clone(), as_json(value));
            }
            let got = constants_of(&new_file)
                .unwrap_or_else(|| panic!("{}: the written file does not run", path.display()));
            assert_eq!(
                serde_json::Value::Object(got),
                serde_json::Value::Object(wanted),
                "{}: the constants after the write",
                path.display()
            );
            written += 1;
        }
        std::fs::remove_dir_all(&work).unwrap();
        // The seeds that are meant to be written, and both regressions, were.
        assert!(
            written >= 6,
            "only {written} inputs were written and checked"
        );
    }
}
