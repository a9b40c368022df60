//! The settings of one Enhance call, resolved and checked before anything is sent.

use crate::config::{self, enhance_api_base, HttpSettings, Key, SettingSource};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::secret::Secret;
use url::Url;

pub const API_URL: Key = Key::new("api_url", Some("WU_ENHANCE_API_URL"), None);
pub const API_TOKEN: Key = Key::new("api_token", Some("WU_ENHANCE_API_TOKEN"), None);
pub const ORG_ID: Key = Key::new("org_id", Some("WU_ENHANCE_ORG_ID"), None);
pub const WEBSITE_ID: Key = Key::new("website_id", Some("WU_ENHANCE_WEBSITE_ID"), None);
pub const SERVER_ID: Key = Key::new("server_id", Some("WU_ENHANCE_SERVER_ID"), None);
pub const NETWORK_DOMAIN: Key = Key::new("network_domain", Some("DOMAIN_CURRENT_SITE"), None);

/// The `$config` keys the Enhance functions accept.
pub const CONFIG_KEYS: &[&str] = &[
    API_URL.config,
    API_TOKEN.config,
    ORG_ID.config,
    WEBSITE_ID.config,
    SERVER_ID.config,
    NETWORK_DOMAIN.config,
    config::CA_FILE.config,
    config::TIMEOUT.config,
    config::CONNECT_TIMEOUT.config,
];

/// Everything an Enhance call needs; ids may still be unknown and be discovered.
#[derive(Debug, Clone)]
pub struct EnhanceSettings {
    pub base: Url,
    pub token: Secret,
    pub org_id: Option<String>,
    pub website_id: Option<String>,
    pub server_id: Option<String>,
    pub network_domain: Option<DomainName>,
    pub http: HttpSettings,
}

impl EnhanceSettings {
    pub fn resolve(src: &dyn SettingSource) -> Result<Self> {
        let token = config::require_secret(src, &API_TOKEN, "Enhance API Token")?;
        let url = API_URL.lookup(src).ok_or_else(|| {
            Error::config(format!(
                "Enhance API URL not found: {} (your panel's address with /api/, like https://panel.example.com/api/)",
                API_URL.where_to_set()
            ))
        })?;
        let base = enhance_api_base(&url)?;
        Ok(EnhanceSettings {
            base,
            token,
            org_id: config::optional_uuid(src, &ORG_ID, "Enhance organisation id")?,
            website_id: config::optional_uuid(src, &WEBSITE_ID, "Enhance website id")?,
            server_id: config::optional_uuid(src, &SERVER_ID, "Enhance server id")?,
            network_domain: config::optional_domain(src, &NETWORK_DOMAIN, "the network's domain")?,
            http: HttpSettings::resolve(src)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapSource;
    use crate::error::ErrorKind;

    #[test]
    fn seed_guide_configuration_resolves() {
        let src = MapSource::default()
            .with_constant("WU_ENHANCE_API_TOKEN", "secret-token")
            .with_constant("WU_ENHANCE_API_URL", "https://panel.example.com/api/")
            .with_constant(
                "WU_ENHANCE_SERVER_ID",
                "00000000-0000-0000-0000-0000000000aa",
            )
            .with_constant("DOMAIN_CURRENT_SITE", "Network.Example.com");
        let s = EnhanceSettings::resolve(&src).unwrap();
        assert_eq!(s.base.as_str(), "https://panel.example.com/api/");
        assert_eq!(s.org_id, None);
        assert_eq!(
            s.server_id.as_deref(),
            Some("00000000-0000-0000-0000-0000000000aa")
        );
        assert_eq!(s.network_domain.unwrap().as_str(), "network.example.com");
        assert!(!format!("{:?}", s.token).contains("secret-token"));
    }

    #[test]
    fn token_is_checked_first_with_the_seed_guide_words() {
        let e = EnhanceSettings::resolve(&MapSource::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(
            e.message().starts_with("Enhance API Token not found"),
            "{}",
            e.message()
        );
        let e = EnhanceSettings::resolve(&MapSource::default().with("api_token", "t")).unwrap_err();
        assert!(
            e.message().starts_with("Enhance API URL not found"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn config_keys_win_over_constants() {
        let src = MapSource::default()
            .with_constant("WU_ENHANCE_API_URL", "http://wrong")
            .with("api_url", "https://right.example.com")
            .with("api_token", "t");
        assert_eq!(
            EnhanceSettings::resolve(&src).unwrap().base.as_str(),
            "https://right.example.com/api/"
        );
    }
}
