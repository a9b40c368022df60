//! Reads settings for the core from PHP: the call's `$config` array (checked by
//! the core), PHP constants, and this extension's ini settings.

use super::json;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use wu_hosting_core::config::{CallConfig, CallSource, SettingSource};
use wu_hosting_core::error::Result;

/// PHP's constants and ini settings.
pub struct PhpEnv;

/// The settings visible to one PHP call.
pub struct PhpSource {
    inner: CallSource<'static>,
}

impl PhpSource {
    /// Checks the `$config` array: string keys from `known`, scalar values.
    pub fn new(config: Option<&ZendHashTable>, known: &[&str]) -> Result<Self> {
        let config = config.map(json::array);
        let config = CallConfig::parse(config.as_ref(), known)?;
        Ok(PhpSource {
            inner: CallSource::new(config, &PhpEnv),
        })
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

impl SettingSource for PhpEnv {
    fn config(&self, _key: &str) -> Option<String> {
        None
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

impl SettingSource for PhpSource {
    fn config(&self, key: &str) -> Option<String> {
        self.inner.config(key)
    }

    fn constant(&self, name: &str) -> Option<String> {
        self.inner.constant(name)
    }

    fn ini(&self, name: &str) -> Option<String> {
        self.inner.ini(name)
    }
}
