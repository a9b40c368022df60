//! The settings PHP holds for the core: constants and this extension's ini
//! settings (a call's own `$config` array is read by the core).

use ext_php_rs::types::{ZendCallable, Zval};
use wu_hosting_core::config::SettingSource;

/// PHP's constants and ini settings.
pub struct PhpEnv;

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
