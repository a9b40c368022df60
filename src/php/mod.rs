//! The PHP extension: each `wu_*` function turns its PHP arguments into a core
//! call and the answer into a PHP array; core errors become `WuHosting\*`
//! exceptions. No logic lives here that the C face would need again.

mod closte;
mod exceptions;
mod json;
mod logger;
mod readiness;
mod sensitive;
mod source;
mod sync;
mod wpconfig;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};
use serde::Serialize;
use source::PhpSource;
use wu_hosting_core::config;
use wu_hosting_core::domain::DomainName;
use wu_hosting_core::enhance::{settings as es, EnhanceClient};

static INI_ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
    IniEntryDef::new(c"wu_hosting.ca_file", c"", IniEntryPermission::All),
    IniEntryDef::new(c"wu_hosting.timeout", c"30", IniEntryPermission::All),
    IniEntryDef::new(
        c"wu_hosting.connect_timeout",
        c"10",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(
        c"wu_hosting.max_concurrency",
        c"16",
        IniEntryPermission::All,
    ),
    IniEntryDef::end(),
]);

pub fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
    sensitive::mark("wu_hosting");
    match exceptions::register() {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `php --ri wu_hosting`: the version and the ini settings (none of them secret).
pub extern "C" fn info(_module: *mut ModuleEntry) {
    let source = PhpSource::new(None, &[]).ok();
    let ini = |name: &str| {
        source
            .as_ref()
            .and_then(|s| config::SettingSource::ini(s, name))
            .unwrap_or_default()
    };
    info_table_start!();
    info_table_row!("wu_hosting support", "enabled");
    info_table_row!("version", wu_hosting_core::version());
    info_table_row!("panels", "Enhance, Closte");
    info_table_row!("wu_hosting.ca_file", ini("wu_hosting.ca_file"));
    info_table_row!("wu_hosting.timeout", ini("wu_hosting.timeout"));
    info_table_row!(
        "wu_hosting.connect_timeout",
        ini("wu_hosting.connect_timeout")
    );
    info_table_row!(
        "wu_hosting.max_concurrency",
        ini("wu_hosting.max_concurrency")
    );
    info_table_end!();
}

const ENHANCE_KEYS: &[&str] = es::CONFIG_KEYS;

/// Converts a serialisable core answer into a PHP value.
fn to_zval(value: &serde_json::Value) -> Zval {
    let mut zv = Zval::new();
    match value {
        serde_json::Value::Null => zv.set_null(),
        serde_json::Value::Bool(b) => zv.set_bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => zv.set_long(i),
            None => zv.set_double(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => {
            let _ = zv.set_string(s, false);
        }
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            zv.set_hashtable(to_array(value))
        }
    }
    zv
}

fn to_array(value: &serde_json::Value) -> ZBox<ZendHashTable> {
    let mut ht = ZendHashTable::new();
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                let _ = ht.push(to_zval(item));
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let _ = ht.insert(k.as_str(), to_zval(v));
            }
        }
        _ => {}
    }
    ht
}

fn answer<T: Serialize>(result: wu_hosting_core::Result<T>) -> PhpResult<ZBox<ZendHashTable>> {
    // Log lines first: a PHP callable cannot run while an exception is pending.
    logger::flush();
    let value = exceptions::to_php(result)?;
    let json = serde_json::to_value(value).map_err(|e| PhpException::from(e.to_string()))?;
    Ok(to_array(&json))
}

fn enhance(config: Option<&ZendHashTable>) -> wu_hosting_core::Result<EnhanceClient> {
    let source = PhpSource::new(config, ENHANCE_KEYS)?;
    EnhanceClient::from_source(&source)
}

/// Maps a custom domain onto the network's Enhance website (as an alias).
#[php_function]
#[php(name = "wu_enhance_add_domain")]
pub fn wu_enhance_add_domain(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(domain).and_then(|d| enhance(config)?.add_domain(&d)))
}

/// Takes a custom domain off the network's Enhance website.
#[php_function]
#[php(name = "wu_enhance_remove_domain")]
pub fn wu_enhance_remove_domain(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(domain).and_then(|d| enhance(config)?.remove_domain(&d)))
}

/// Adds a site's own host (subdomain-mode networks) as an alias, idempotently.
#[php_function]
#[php(name = "wu_enhance_add_subdomain")]
pub fn wu_enhance_add_subdomain(
    subdomain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(subdomain).and_then(|d| enhance(config)?.add_domain(&d)))
}

/// Removes a site's own host (subdomain-mode networks).
#[php_function]
#[php(name = "wu_enhance_remove_subdomain")]
pub fn wu_enhance_remove_subdomain(
    subdomain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(subdomain).and_then(|d| enhance(config)?.remove_domain(&d)))
}

/// The network website's domains, with their certificates.
#[php_function]
#[php(name = "wu_enhance_list_domains")]
pub fn wu_enhance_list_domains(config: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
    answer(enhance(config).and_then(|c| c.list_domains()))
}

/// Proves URL, token and ids by reading the website; changes nothing.
#[php_function]
#[php(name = "wu_enhance_test_connection")]
pub fn wu_enhance_test_connection(
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(enhance(config).and_then(|c| c.test_connection()))
}

/// The websites the token can reach that carry the network's domain.
#[php_function]
#[php(name = "wu_enhance_discover")]
pub fn wu_enhance_discover(config: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
    answer(enhance(config).and_then(|c| c.discover()))
}

/// The extension's version.
#[php_function]
#[php(name = "wu_hosting_version")]
pub fn wu_hosting_version() -> &'static str {
    wu_hosting_core::version()
}

/// Forgets the logger at the end of each request: it may be a closure of that request.
pub extern "C" fn request_shutdown(_ty: i32, _module_number: i32) -> i32 {
    logger::forget();
    0
}

#[php_module]
#[php(startup = "startup")]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = module
        .name("wu_hosting")
        .info_function(info)
        .function(wrap_function!(wu_enhance_add_domain))
        .function(wrap_function!(wu_enhance_remove_domain))
        .function(wrap_function!(wu_enhance_add_subdomain))
        .function(wrap_function!(wu_enhance_remove_subdomain))
        .function(wrap_function!(wu_enhance_list_domains))
        .function(wrap_function!(wu_enhance_test_connection))
        .function(wrap_function!(wu_enhance_discover))
        .function(wrap_function!(wu_hosting_version))
        .request_shutdown_function(request_shutdown);
    let module = wpconfig::register(logger::register(module));
    sync::register(readiness::register(closte::register(module)))
}
