//! Reads settings for the core from PHP: the call's `$config` array, PHP
//! constants, and this extension's ini settings.

use crate::config::SettingSource;
use crate::error::{Error, Result};
use ext_php_rs::types::{ArrayKey, ZendCallable, ZendHashTable, Zval};

/// The settings visible to one PHP call.
pub struct PhpSource<'a> {
    config: Option<&'a ZendHashTable>,
}

impl<'a> PhpSource<'a> {
    /// Checks the `$config` array: string keys from `known`, scalar values.
    pub fn new(config: Option<&'a ZendHashTable>, known: &[&str]) -> Result<Self> {
        if let Some(ht) = config {
            for (key, value) in ht.iter() {
                let name = match &key {
                    ArrayKey::String(s) => s.to_string(),
                    ArrayKey::Str(s) => s.to_string(),
                    ArrayKey::ZendString(s) => s.as_str().unwrap_or_default().to_string(),
                    ArrayKey::Long(i) => {
                        return Err(Error::config(format!(
                            "$config must be an array with string keys ({}), got the index {i}",
                            known.join(", ")
                        )))
                    }
                };
                if !known.contains(&name.as_str()) {
                    return Err(Error::config(format!(
                        "Unknown key '{name}' in $config; the known keys are: {}",
                        known.join(", ")
                    )));
                }
                if !value.is_null() && scalar(value).is_none() {
                    return Err(Error::config(format!(
                        "$config['{name}'] must be a string or a number, got {}",
                        value.get_type()
                    )));
                }
            }
        }
        Ok(PhpSource { config })
    }
}

fn scalar(zv: &Zval) -> Option<String> {
    let zv = zv.dereference();
    if let Some(s) = zv.str() {
        return Some(s.to_string());
    }
    if let Some(l) = zv.long() {
        return Some(l.to_string());
    }
    if let Some(d) = zv.double() {
        return Some(d.to_string());
    }
    None
}

fn call(function: &str, arg: &str) -> Option<Zval> {
    let f = ZendCallable::try_from_name(function).ok()?;
    f.try_call(vec![&arg]).ok()
}

impl SettingSource for PhpSource<'_> {
    fn config(&self, key: &str) -> Option<String> {
        self.config.and_then(|ht| ht.get(key)).and_then(scalar)
    }

    fn constant(&self, name: &str) -> Option<String> {
        if !call("defined", name)?.bool()? {
            return None;
        }
        scalar(&call("constant", name)?)
    }

    fn ini(&self, name: &str) -> Option<String> {
        call("ini_get", name).and_then(|v| v.str().map(str::to_string))
    }
}
