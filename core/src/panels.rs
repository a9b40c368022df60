//! The panels this library speaks to, as one list: each panel's id and name,
//! the settings it reads (declared by the panel's own module), its `$config`
//! keys, whether it is configured, and whether its names may be `*.` wildcards.
//! Faces and the plugin ask here instead of keeping their own copies.

use crate::closte;
use crate::config::{self, Key, SettingSource};
use crate::domain::DomainName;
use crate::enhance::settings as enhance;
use crate::error::Result;

/// A hosting panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Enhance,
    Closte,
}

/// The settings every panel call reads besides the panel's own.
const HTTP_KEYS: &[Key] = &[config::CA_FILE, config::TIMEOUT, config::CONNECT_TIMEOUT];

impl Panel {
    pub const ALL: [Panel; 2] = [Panel::Enhance, Panel::Closte];

    /// The id the plugin and the function names use: `enhance`, `closte`.
    pub fn id(self) -> &'static str {
        match self {
            Panel::Enhance => "enhance",
            Panel::Closte => "closte",
        }
    }

    /// The name shown to people.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Enhance => "Enhance",
            Panel::Closte => "Closte",
        }
    }

    /// The panel's own settings, as its module declares them.
    pub fn settings(self) -> &'static [Key] {
        match self {
            Panel::Enhance => enhance::SETTINGS,
            Panel::Closte => closte::SETTINGS,
        }
    }

    /// Every setting a call to this panel reads: its own, then the HTTP ones.
    pub fn keys(self) -> impl Iterator<Item = &'static Key> {
        self.settings().iter().chain(HTTP_KEYS)
    }

    /// The keys a call's `$config` array may hold.
    pub fn config_keys(self) -> Vec<&'static str> {
        self.keys().map(|k| k.config).collect()
    }

    /// Whether the settings needed to reach the panel are there (from `$config`
    /// or constants); says nothing of whether they are right.
    pub fn is_configured(self, src: &dyn SettingSource) -> bool {
        let needed: &[Key] = match self {
            Panel::Enhance => &[enhance::API_TOKEN, enhance::API_URL],
            Panel::Closte => &[closte::API_KEY],
        };
        needed.iter().all(|k| k.lookup(src).is_some())
    }

    /// How this panel reads a domain name: Closte takes `*.` wildcards.
    pub fn domain_rule(self) -> fn(&str) -> Result<DomainName> {
        match self {
            Panel::Enhance => DomainName::parse,
            Panel::Closte => DomainName::parse_allow_wildcard,
        }
    }

    /// Reads a domain name by [`Panel::domain_rule`].
    pub fn domain(self, name: &str) -> Result<DomainName> {
        self.domain_rule()(name)
    }
}

/// Every setting the library reads, each once, in table order: the panels'
/// own, the HTTP ones, then the other ini settings.
pub fn all_settings() -> Vec<&'static Key> {
    let mut keys: Vec<&'static Key> = Vec::new();
    let every = Panel::ALL
        .iter()
        .flat_map(|p| p.keys())
        .chain(config::INI_KEYS);
    for key in every {
        if !keys
            .iter()
            .any(|k| k.config == key.config && k.constant == key.constant)
        {
            keys.push(key);
        }
    }
    keys
}

/// The constant names and ini names of [`all_settings`], each once, in table
/// order: what a C caller collects before a call.
pub fn setting_names() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut constants = Vec::new();
    let mut ini = Vec::new();
    for key in all_settings() {
        if let Some(c) = key.constant.filter(|c| !constants.contains(c)) {
            constants.push(c);
        }
        if let Some(i) = key.ini.filter(|i| !ini.contains(i)) {
            ini.push(i);
        }
    }
    (constants, ini)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapSource;

    #[test]
    fn every_key_is_listed_once() {
        let (constants, ini) = setting_names();
        assert!(constants.contains(&"WU_HOSTING_CA_FILE"));
        assert!(constants.contains(&"CLOSTE_CLIENT_API_KEY"));
        assert!(constants.contains(&"DOMAIN_CURRENT_SITE"));
        assert!(ini.contains(&"wu_hosting.max_concurrency"));
        let mut sorted = constants.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), constants.len());
    }

    #[test]
    fn config_keys_are_the_panels_own_then_http() {
        assert_eq!(
            Panel::Enhance.config_keys(),
            [
                "api_url",
                "api_token",
                "org_id",
                "website_id",
                "server_id",
                "network_domain",
                "ca_file",
                "timeout",
                "connect_timeout"
            ]
        );
        assert_eq!(
            Panel::Closte.config_keys(),
            [
                "api_key",
                "api_url",
                "ca_file",
                "timeout",
                "connect_timeout"
            ]
        );
    }

    #[test]
    fn configured_means_the_needed_settings_are_there() {
        let none = MapSource::default();
        assert!(!Panel::Enhance.is_configured(&none));
        assert!(!Panel::Closte.is_configured(&none));
        let enhance = MapSource::default()
            .with_constant("WU_ENHANCE_API_TOKEN", "t")
            .with("api_url", "https://panel.example.com/api/");
        assert!(Panel::Enhance.is_configured(&enhance));
        let token_only = MapSource::default().with_constant("WU_ENHANCE_API_TOKEN", "t");
        assert!(!Panel::Enhance.is_configured(&token_only));
        let closte = MapSource::default().with("api_key", " k ");
        assert!(Panel::Closte.is_configured(&closte));
        let blank = MapSource::default().with_constant("CLOSTE_CLIENT_API_KEY", " ");
        assert!(!Panel::Closte.is_configured(&blank));
    }

    #[test]
    fn only_closte_takes_wildcards() {
        assert!(Panel::Closte.domain("*.example.com").is_ok());
        assert!(Panel::Enhance.domain("*.example.com").is_err());
    }
}
