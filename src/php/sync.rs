//! `wu_enhance_sync` and `wu_closte_sync`: PHP arrays (as JSON) and the progress
//! callable handed to the core's sync.

use super::answer;
use super::json;
use super::source::PhpSource;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable};
use serde_json::Value;
use wu_hosting_core::args::opaque;
use wu_hosting_core::closte::{self, ClosteClient};
use wu_hosting_core::domain::DomainName;
use wu_hosting_core::enhance::EnhanceClient;
use wu_hosting_core::error::Result;
use wu_hosting_core::sync::options::{self, Parse};
use wu_hosting_core::sync::SyncOptions;

/// The options, checked by the core; the progress callable (if any) aside.
fn options<'a>(
    raw: Option<&'a ZendHashTable>,
    src: &PhpSource,
    parse: Parse,
) -> Result<(SyncOptions, Option<ZendCallable<'a>>)> {
    let mut callable = None;
    let mut json = raw.map(json::array);
    if let (Some(ht), Some(Value::Object(map))) = (raw, json.as_mut()) {
        if let Some(zv) = ht.get("progress").filter(|zv| !zv.is_null()) {
            let verdict = match ZendCallable::new(zv) {
                Ok(f) => {
                    callable = Some(f);
                    Value::Bool(true)
                }
                Err(_) => opaque("not callable"),
            };
            map.insert("progress".into(), verdict);
        }
    }
    let (opts, _) = options::parse(json.as_ref(), src, parse)?;
    Ok((opts, callable))
}

/// Calls the progress callable; a PHP exception from it stops the sync and reaches the caller.
fn report(progress: &Option<ZendCallable>, done: usize, total: usize) -> bool {
    match progress {
        None => true,
        Some(f) => f.try_call(vec![&(done as i64), &(total as i64)]).is_ok(),
    }
}

/// Brings the network website's aliases on Enhance in line with `$domains`.
#[php_function]
#[php(name = "wu_enhance_sync")]
pub fn wu_enhance_sync(
    domains: &ZendHashTable,
    options: Option<&ZendHashTable>,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer((|| {
        let src = PhpSource::new(config, super::ENHANCE_KEYS)?;
        let (opts, progress) = self::options(options, &src, DomainName::parse)?;
        let client = EnhanceClient::from_source(&src)?;
        let wanted = options::wanted(&json::array(domains), DomainName::parse);
        client.sync(wanted, &opts, &mut |d, t| report(&progress, d, t))
    })())
}

/// Brings the Closte app's aliases in line with `$domains`.
#[php_function]
#[php(name = "wu_closte_sync")]
pub fn wu_closte_sync(
    domains: &ZendHashTable,
    options: Option<&ZendHashTable>,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer((|| {
        let src = PhpSource::new(config, closte::CONFIG_KEYS)?;
        let (opts, progress) = self::options(options, &src, DomainName::parse_allow_wildcard)?;
        let client = ClosteClient::from_source(&src)?;
        let wanted = options::wanted(&json::array(domains), DomainName::parse_allow_wildcard);
        client.sync(wanted, &opts, &mut |d, t| report(&progress, d, t))
    })())
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(wu_enhance_sync))
        .function(wrap_function!(wu_closte_sync))
}
