//! The settings of one Enhance call, resolved and checked before anything is sent.

use crate::config::{self, Found, HttpSettings, Key, SettingSource};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::text;
use url::Url;

pub const API_URL: Key = Key::new("api_url", Some("WU_ENHANCE_API_URL"), None);
pub const API_TOKEN: Key = Key::new("api_token", Some("WU_ENHANCE_API_TOKEN"), None);
pub const ORG_ID: Key = Key::new("org_id", Some("WU_ENHANCE_ORG_ID"), None);
pub const WEBSITE_ID: Key = Key::new("website_id", Some("WU_ENHANCE_WEBSITE_ID"), None);
pub const SERVER_ID: Key = Key::new("server_id", Some("WU_ENHANCE_SERVER_ID"), None);
pub const NETWORK_DOMAIN: Key = Key::new("network_domain", Some("DOMAIN_CURRENT_SITE"), None);

/// Enhance's own settings, in the order messages list them.
pub const SETTINGS: &[Key] = &[
    API_URL,
    API_TOKEN,
    ORG_ID,
    WEBSITE_ID,
    SERVER_ID,
    NETWORK_DOMAIN,
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

/// Checks and normalises the base URL of an Enhance API to `https://host[:port][/prefix]/api/`.
/// Accepts `https://host`, `https://host/api` and `https://host/api/`.
pub fn enhance_api_base(found: &Found) -> Result<Url> {
    let raw = &found.value;
    let origin = &found.origin;
    let example = "https://panel.example.com/api/";
    let url = Url::parse(raw).map_err(|_| {
        Error::config(format!(
            "{origin} is not a URL: got '{}'; it should look like {example}",
            text::clip(raw, text::SETTING_VALUE)
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" => {
            return Err(Error::config(format!(
                "{origin} must use https:// (got http://): the API token must not travel unencrypted; use {}",
                raw.replacen("http://", "https://", 1)
            )))
        }
        other => {
            return Err(Error::config(format!(
                "{origin} must be an https:// URL like {example}, got scheme '{other}'"
            )))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::config(format!(
            "{origin} has no host name; it should look like {example}"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(format!(
            "{origin} must not hold a user name or password; the token goes in WU_ENHANCE_API_TOKEN"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "{origin} must not have a query string or fragment; it should look like {example}"
        )));
    }
    let path = url.path().trim_end_matches('/');
    let mut base = url.clone();
    let host_part = {
        let mut u = url.clone();
        u.set_path("/");
        u.to_string()
    };
    if path.is_empty() {
        base.set_path("/api/");
    } else if path == "/api" || path.ends_with("/api") {
        base.set_path(&format!("{path}/"));
    } else {
        return Err(Error::config(format!(
            "{origin} path '{}' is not the Enhance API: the API lives under /api/, so use {}api/",
            url.path(),
            host_part
        )));
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Found;

    fn base(raw: &str) -> Result<String> {
        enhance_api_base(&Found {
            value: raw.into(),
            origin: "WU_ENHANCE_API_URL".into(),
        })
        .map(|u| u.to_string())
    }

    #[test]
    fn api_base_forms() {
        assert_eq!(
            base("https://panel.example.com").unwrap(),
            "https://panel.example.com/api/"
        );
        assert_eq!(
            base("https://panel.example.com/").unwrap(),
            "https://panel.example.com/api/"
        );
        assert_eq!(
            base("https://panel.example.com/api").unwrap(),
            "https://panel.example.com/api/"
        );
        assert_eq!(
            base("https://panel.example.com/api/").unwrap(),
            "https://panel.example.com/api/"
        );
        assert_eq!(
            base("https://127.0.0.1:8443/api/").unwrap(),
            "https://127.0.0.1:8443/api/"
        );
        assert_eq!(
            base("https://h.example/panel/api").unwrap(),
            "https://h.example/panel/api/"
        );
    }

    #[test]
    fn api_base_mistakes_say_what_to_fix() {
        let e = base("http://panel.example.com/api/").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(
            e.message().contains("https://panel.example.com/api/"),
            "{}",
            e.message()
        );
        assert!(base("panel.example.com")
            .unwrap_err()
            .message()
            .contains("not a URL"));
        assert!(base("ftp://panel.example.com/api/")
            .unwrap_err()
            .message()
            .contains("https://"));
        let e = base("https://panel.example.com/admin").unwrap_err();
        assert!(e.message().contains("/api/"), "{}", e.message());
        assert!(e.message().contains("'/admin'"), "{}", e.message());
        assert!(base("https://panel.example.com/api/v2")
            .unwrap_err()
            .message()
            .contains("is not the Enhance API"));
        assert!(base("https://u:p@panel.example.com/api/")
            .unwrap_err()
            .message()
            .contains("user name"));
        assert!(base("https://panel.example.com/api/?x=1")
            .unwrap_err()
            .message()
            .contains("query"));
    }

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
