//! The Closte functions of the extension: `wu_closte_*`.

use super::answer;
use super::source::PhpSource;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use wu_hosting_core::closte::{self, ClosteClient};
use wu_hosting_core::domain::DomainName;

fn client(config: Option<&ZendHashTable>) -> wu_hosting_core::Result<ClosteClient> {
    ClosteClient::from_source(&PhpSource::new(config, closte::CONFIG_KEYS)?)
}

/// Adds a domain (a `*.` wildcard too) as an alias of the Closte app.
#[php_function]
#[php(name = "wu_closte_add_domain")]
pub fn wu_closte_add_domain(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse_allow_wildcard(domain).and_then(|d| client(config)?.add_domain(&d)))
}

/// Removes a domain alias from the Closte app.
#[php_function]
#[php(name = "wu_closte_remove_domain")]
pub fn wu_closte_remove_domain(
    domain: &str,
    config: Option<&ZendHashTable>,
) -> PhpResult<ZBox<ZendHashTable>> {
    answer(DomainName::parse_allow_wildcard(domain).and_then(|d| client(config)?.remove_domain(&d)))
}

/// The Closte app's domain aliases.
#[php_function]
#[php(name = "wu_closte_list_domains")]
pub fn wu_closte_list_domains(config: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
    answer(client(config).and_then(|c| c.list_domains()))
}

/// Proves the key by reading the aliases; changes nothing.
#[php_function]
#[php(name = "wu_closte_test_connection")]
pub fn wu_closte_test_connection(config: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
    answer(client(config).and_then(|c| c.test_connection()))
}

/// True when the site runs on Closte (`CLOSTE_CLIENT_API_KEY` is defined and non-empty).
#[php_function]
#[php(name = "wu_closte_detect")]
pub fn wu_closte_detect() -> bool {
    PhpSource::new(None, &[]).is_ok_and(|s| closte::detect(&s))
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(wu_closte_add_domain))
        .function(wrap_function!(wu_closte_remove_domain))
        .function(wrap_function!(wu_closte_list_domains))
        .function(wrap_function!(wu_closte_test_connection))
        .function(wrap_function!(wu_closte_detect))
}
