//! `wu_enhance_sync` and `wu_closte_sync`: PHP arrays and the progress callable
//! turned into a core sync.

use super::answer;
use super::source::PhpSource;
use crate::closte::{self, ClosteClient};
use crate::config::{self, SettingSource};
use crate::domain::DomainName;
use crate::enhance::EnhanceClient;
use crate::error::{Error, Result};
use crate::sync::{SyncOptions, Wanted, DEFAULT_RATE};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ArrayKey, ZendCallable, ZendHashTable, Zval};

const OPTION_KEYS: &[&str] = &[
    "prune",
    "keep",
    "dry_run",
    "concurrency",
    "rate",
    "adaptive",
    "progress",
];

fn bool_option(value: &Zval, name: &str) -> Result<bool> {
    value.bool().ok_or_else(|| {
        Error::config(format!(
            "option '{name}' must be true or false, got {}",
            value.get_type()
        ))
    })
}

fn names(list: &ZendHashTable, parse: fn(&str) -> Result<DomainName>) -> Vec<Wanted> {
    list.values()
        .map(|v| match v.dereference().str() {
            Some(s) => match parse(s) {
                Ok(d) => Wanted::Name(d),
                Err(error) => Wanted::Bad {
                    input: s.to_string(),
                    error,
                },
            },
            None => Wanted::Bad {
                input: format!("({})", v.get_type()),
                error: Error::invalid_domain(format!(
                    "a domain must be a string, got {}",
                    v.get_type()
                )),
            },
        })
        .collect()
}

/// The options, the progress callable (if any) aside.
fn options<'a>(
    raw: Option<&'a ZendHashTable>,
    src: &dyn SettingSource,
    parse: fn(&str) -> Result<DomainName>,
) -> Result<(SyncOptions, Option<ZendCallable<'a>>)> {
    let mut opts = SyncOptions {
        prune: false,
        keep: Vec::new(),
        dry_run: false,
        concurrency: config::max_concurrency(src)?,
        rate: DEFAULT_RATE,
        adaptive: true,
    };
    let mut progress = None;
    let Some(raw) = raw else {
        return Ok((opts, None));
    };
    for (key, value) in raw.iter() {
        let name = match key {
            ArrayKey::Long(i) => {
                return Err(Error::config(format!(
                    "$options must have string keys ({}), got the index {i}",
                    OPTION_KEYS.join(", ")
                )))
            }
            other => other.to_string(),
        };
        let value = value.dereference();
        match name.as_str() {
            "prune" => opts.prune = bool_option(value, "prune")?,
            "dry_run" => opts.dry_run = bool_option(value, "dry_run")?,
            "adaptive" => opts.adaptive = bool_option(value, "adaptive")?,
            "concurrency" => {
                opts.concurrency = value
                    .long()
                    .filter(|n| (1..=config::MAX_MAX_CONCURRENCY as i64).contains(n))
                    .ok_or_else(|| {
                        Error::config(format!(
                            "option 'concurrency' must be a whole number from 1 to {}",
                            config::MAX_MAX_CONCURRENCY
                        ))
                    })? as usize
            }
            "rate" => {
                opts.rate = value
                    .double()
                    .or_else(|| value.long().map(|l| l as f64))
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(|| {
                        Error::config(
                            "option 'rate' must be requests per second, 0 or more (0: no limit)",
                        )
                    })?
            }
            "keep" => {
                let list = value.array().ok_or_else(|| {
                    Error::config("option 'keep' must be an array of domain names")
                })?;
                for w in names(list, parse) {
                    match w {
                        Wanted::Name(d) => opts.keep.push(d),
                        Wanted::Bad { error, .. } => {
                            return Err(Error::config(format!(
                                "option 'keep': {}",
                                error.message()
                            )))
                        }
                    }
                }
            }
            "progress" => {
                if value.is_null() {
                    continue;
                }
                progress = Some(ZendCallable::new(value).map_err(|_| {
                    Error::config("option 'progress' must be a callable, called with (done, total)")
                })?);
            }
            other => {
                return Err(Error::config(format!(
                    "Unknown option '{other}'; the known options are: {}",
                    OPTION_KEYS.join(", ")
                )))
            }
        }
    }
    Ok((opts, progress))
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
        client.sync(names(domains, DomainName::parse), &opts, &mut |d, t| {
            report(&progress, d, t)
        })
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
        client.sync(
            names(domains, DomainName::parse_allow_wildcard),
            &opts,
            &mut |d, t| report(&progress, d, t),
        )
    })())
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(wu_enhance_sync))
        .function(wrap_function!(wu_closte_sync))
}
