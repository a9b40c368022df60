//! `wu_hosting_write_constants()`: a PHP array (as JSON) into the core's
//! wp-config.php writer.

use super::{answer, json};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use std::path::Path;
use wu_hosting_core::wpconfig;

/// Inserts or replaces `define()` lines in a wp-config.php, escaped and atomically.
#[php_function]
#[php(name = "wu_hosting_write_constants")]
pub fn wu_hosting_write_constants(
    path: &str,
    constants: &ZendHashTable,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(
        wpconfig::constants_from_json(&json::array(constants))
            .and_then(|c| wpconfig::write_constants(Path::new(path), &c)),
    )
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(wu_hosting_write_constants))
}
