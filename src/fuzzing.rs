//! Entry points for the fuzz targets in `fuzz/`: the parts of the core that read
//! untrusted input, reachable without a network or a file to write.
//!
//! When the core is built for fuzzing (`--cfg fuzzing`, set by the fuzz build),
//! nothing leaves the process: a panel request fails before it is sent
//! ([`NOT_SENT`]), a DNS or TLS check before it starts, and the wp-config.php
//! writer before it writes ([`NOT_WRITTEN`]). Everything up to that point runs as
//! in the extension.

use crate::closte::{self, AliasEntry};
use crate::error::{Error, Result};
use crate::wpconfig::{self, Value};

/// The error of a panel request or readiness check in a fuzzing build.
pub const NOT_SENT: &str = "nothing is sent from a fuzzing build";

/// The error of the wp-config.php writer in a fuzzing build.
pub const NOT_WRITTEN: &str = "nothing is written by a fuzzing build";

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
