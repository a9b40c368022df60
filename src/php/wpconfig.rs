//! `wu_hosting_write_constants()`: PHP values into the core's wp-config.php writer.

use super::answer;
use crate::error::{Error, Result};
use crate::wpconfig::{self, Value};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use std::path::Path;

fn value(name: &str, zv: &Zval) -> Result<Value> {
    let zv = zv.dereference();
    if zv.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = zv.bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(i) = zv.long() {
        return Ok(Value::Int(i));
    }
    if let Some(f) = zv.double() {
        return Ok(Value::Float(f));
    }
    if let Some(s) = zv.str() {
        return Ok(Value::Str(s.to_string()));
    }
    Err(Error::config(format!(
        "the value of {name} must be a string, a number, a boolean or null, got {}",
        zv.get_type()
    )))
}

fn constants(list: &ZendHashTable) -> Result<Vec<(String, Value)>> {
    list.iter()
        .map(|(key, zv)| {
            let name = match key {
                ArrayKey::Long(i) => {
                    return Err(Error::config(format!(
                        "$constants must map constant names to values, got the index {i}"
                    )))
                }
                other => other.to_string(),
            };
            let v = value(&name, zv)?;
            Ok((name, v))
        })
        .collect()
}

/// Inserts or replaces `define()` lines in a wp-config.php, escaped and atomically.
#[php_function]
#[php(name = "wu_hosting_write_constants")]
pub fn wu_hosting_write_constants(
    path: &str,
    constants: &ZendHashTable,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(self::constants(constants).and_then(|c| wpconfig::write_constants(Path::new(path), &c)))
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(wu_hosting_write_constants))
}
