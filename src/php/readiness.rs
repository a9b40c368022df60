//! The PHP face of the readiness checks (`wu_dns_check*`, `wu_ssl_check*`) and of
//! Enhance's own view of a domain (`wu_enhance_domain_status`,
//! `wu_enhance_issue_ssl`): PHP arrays in, core calls, PHP arrays out.

use super::source::PhpSource;
use super::{answer, enhance, exceptions, to_zval};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use serde::Serialize;
use serde_json::Value;
use wu_hosting_core::domain::DomainName;
use wu_hosting_core::error::{Error, Result};
use wu_hosting_core::readiness::options::OptionMap;
use wu_hosting_core::readiness::{dns, tls, BatchItem};

/// Deepest nesting accepted in `$options` (a list of name servers is one level).
const MAX_DEPTH: usize = 4;

/// The PHP name of a value's type, for messages.
fn php_type(zv: &Zval) -> &'static str {
    let zv = zv.dereference();
    if zv.is_null() {
        "null"
    } else if zv.is_bool() {
        "bool"
    } else if zv.is_long() {
        "int"
    } else if zv.is_double() {
        "float"
    } else if zv.is_string() {
        "string"
    } else if zv.is_array() {
        "array"
    } else if zv.is_object() {
        "object"
    } else {
        "resource"
    }
}

/// A PHP value as JSON, for the core's option checks; `Err` names its type.
fn json_of(zv: &Zval, depth: usize) -> std::result::Result<Value, String> {
    let zv = zv.dereference();
    if zv.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = zv.bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(l) = zv.long() {
        return Ok(Value::from(l));
    }
    if let Some(d) = zv.double() {
        return serde_json::Number::from_f64(d)
            .map(Value::Number)
            .ok_or_else(|| format!("the float {d}"));
    }
    if let Some(s) = zv.str() {
        return Ok(Value::String(s.to_string()));
    }
    if let Some(ht) = zv.array() {
        if depth >= MAX_DEPTH {
            return Err("an array nested so deep".into());
        }
        return ht
            .iter()
            .map(|(_, v)| json_of(v, depth + 1))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    Err(format!("of type {}", php_type(zv)))
}

fn key_text(key: &ArrayKey<'_>) -> Option<String> {
    match key {
        ArrayKey::String(s) => Some(s.clone()),
        ArrayKey::Str(s) => Some(s.to_string()),
        ArrayKey::ZendString(s) => s.as_str().ok().map(str::to_string),
        ArrayKey::Long(_) => None,
    }
}

/// `$options` as a JSON object; keys must be strings.
fn options(options: Option<&ZendHashTable>) -> Result<Option<OptionMap>> {
    let Some(ht) = options else {
        return Ok(None);
    };
    let mut map = OptionMap::new();
    for (key, value) in ht.iter() {
        let Some(name) = key_text(&key) else {
            return Err(Error::config(
                "$options must be an array with string keys, like ['timeout' => 5]",
            ));
        };
        let value = json_of(value, 1).map_err(|what| {
            Error::config(format!(
                "$options['{name}'] cannot be {what}; use a string, a number or a list of strings"
            ))
        })?;
        map.insert(name, value);
    }
    Ok(Some(map))
}

/// The ini settings (for `wu_hosting.max_concurrency`); no `$config` keys.
fn ini() -> Result<PhpSource> {
    PhpSource::new(None, &[])
}

/// Where each answer of a batch goes: the caller's keys are kept.
enum Slot {
    Index(i64),
    Name(String),
}

fn batch(domains: &ZendHashTable) -> (Vec<Slot>, Vec<BatchItem>) {
    let mut slots = Vec::with_capacity(domains.len());
    let mut items = Vec::with_capacity(domains.len());
    for (key, value) in domains.iter() {
        slots.push(match &key {
            ArrayKey::Long(i) => Slot::Index(*i),
            other => Slot::Name(key_text(other).unwrap_or_default()),
        });
        let value = value.dereference();
        items.push(match value.str() {
            Some(s) => BatchItem::Name(s.to_string()),
            None => BatchItem::NotAString(php_type(value).to_string()),
        });
    }
    (slots, items)
}

/// One answer per slot, under the caller's keys.
fn batch_answer<T: Serialize>(
    slots: Vec<Slot>,
    result: Result<Vec<T>>,
) -> PhpResult<ZBox<ZendHashTable>> {
    let answers = exceptions::to_php(result)?;
    let mut ht = ZendHashTable::new();
    for (slot, one) in slots.into_iter().zip(answers) {
        let json = serde_json::to_value(one).map_err(|e| PhpException::from(e.to_string()))?;
        let zv = to_zval(&json);
        let inserted = match slot {
            Slot::Index(i) => ht.insert_at_index(i, zv),
            Slot::Name(name) => ht.insert(name.as_str(), zv),
        };
        inserted.map_err(|e| PhpException::from(e.to_string()))?;
    }
    Ok(ht)
}

/// Whether `$domain`'s DNS points at what `$expect` lists (IPs and/or host names).
#[php_function]
#[php(name = "wu_dns_check")]
#[php(defaults(expect = Vec::<String>::new()))]
pub fn wu_dns_check(
    domain: &str,
    expect: Vec<String>,
    options: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(
        self::options(options)
            .and_then(|o| dns::DnsOptions::parse(o.as_ref(), &ini()?))
            .and_then(|o| dns::check(domain, &expect, &o)),
    )
}

/// `wu_dns_check()` for many domains at once; one answer per input, same keys.
#[php_function]
#[php(name = "wu_dns_check_many")]
#[php(defaults(expect = Vec::<String>::new()))]
pub fn wu_dns_check_many(
    domains: &ZendHashTable,
    expect: Vec<String>,
    options: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    let (slots, items) = batch(domains);
    let result = self::options(options)
        .and_then(|o| dns::DnsOptions::parse(o.as_ref(), &ini()?))
        .and_then(|o| dns::check_many(&items, &expect, &o));
    batch_answer(slots, result)
}

/// Whether the server presents a valid certificate for `$domain`.
#[php_function]
#[php(name = "wu_ssl_check")]
pub fn wu_ssl_check(
    domain: &str,
    options: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(
        self::options(options)
            .and_then(|o| tls::TlsOptions::parse(o.as_ref(), &ini()?))
            .and_then(|o| tls::check(domain, &o)),
    )
}

/// `wu_ssl_check()` for many domains at once; one answer per input, same keys.
#[php_function]
#[php(name = "wu_ssl_check_many")]
pub fn wu_ssl_check_many(
    domains: &ZendHashTable,
    options: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    let (slots, items) = batch(domains);
    let result = self::options(options)
        .and_then(|o| tls::TlsOptions::parse(o.as_ref(), &ini()?))
        .and_then(|o| tls::check_many(&items, &o));
    batch_answer(slots, result)
}

/// Enhance's DNS status and certificate of one domain of the network's website.
#[php_function]
#[php(name = "wu_enhance_domain_status")]
pub fn wu_enhance_domain_status(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(domain).and_then(|d| enhance(config)?.domain_status(&d)))
}

/// Asks Enhance for a Let's Encrypt certificate, after its preflight.
#[php_function]
#[php(name = "wu_enhance_issue_ssl")]
pub fn wu_enhance_issue_ssl(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse(domain).and_then(|d| enhance(config)?.issue_ssl(&d)))
}

/// Adds this file's functions to the module.
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(wu_dns_check))
        .function(wrap_function!(wu_dns_check_many))
        .function(wrap_function!(wu_ssl_check))
        .function(wrap_function!(wu_ssl_check_many))
        .function(wrap_function!(wu_enhance_domain_status))
        .function(wrap_function!(wu_enhance_issue_ssl))
}
