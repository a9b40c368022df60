//! Settings of one call: each key is looked up in the call's `$config` array first,
//! then in a PHP constant, then in an ini setting. The faces supply the lookups;
//! this module owns the table of names and the validation, so every face resolves
//! and rejects settings the same way.

use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::secret::Secret;
use std::time::Duration;
use url::Url;

/// The three places a setting can come from. A face implements this over PHP
/// values (or C strings); empty strings count as absent.
pub trait SettingSource {
    /// A key of the call's own `$config` array.
    fn config(&self, key: &str) -> Option<String>;
    /// A PHP constant such as `WU_ENHANCE_API_TOKEN`.
    fn constant(&self, name: &str) -> Option<String>;
    /// An ini setting such as `wu_hosting.timeout`.
    fn ini(&self, name: &str) -> Option<String>;
}

/// A source with nothing in it, plus explicit `$config` keys: for Rust callers and tests.
#[derive(Debug, Default, Clone)]
pub struct MapSource {
    pub config: Vec<(String, String)>,
    pub constants: Vec<(String, String)>,
    pub ini: Vec<(String, String)>,
}

impl MapSource {
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.config.push((key.into(), value.into()));
        self
    }
    pub fn with_constant(mut self, name: &str, value: &str) -> Self {
        self.constants.push((name.into(), value.into()));
        self
    }
    pub fn with_ini(mut self, name: &str, value: &str) -> Self {
        self.ini.push((name.into(), value.into()));
        self
    }
}

fn find(list: &[(String, String)], key: &str) -> Option<String> {
    list.iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

impl SettingSource for MapSource {
    fn config(&self, key: &str) -> Option<String> {
        find(&self.config, key)
    }
    fn constant(&self, name: &str) -> Option<String> {
        find(&self.constants, name)
    }
    fn ini(&self, name: &str) -> Option<String> {
        find(&self.ini, name)
    }
}

/// One setting: its `$config` key, and where else it may be defined.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub config: &'static str,
    pub constant: Option<&'static str>,
    pub ini: Option<&'static str>,
}

/// A value and the place it came from, so messages can name what to change.
#[derive(Debug, Clone)]
pub struct Found {
    pub value: String,
    pub origin: String,
}

impl Key {
    pub const fn new(
        config: &'static str,
        constant: Option<&'static str>,
        ini: Option<&'static str>,
    ) -> Self {
        Key {
            config,
            constant,
            ini,
        }
    }

    pub fn lookup(&self, src: &dyn SettingSource) -> Option<Found> {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(value) = clean(src.config(self.config)) {
            return Some(Found {
                value,
                origin: format!("$config['{}']", self.config),
            });
        }
        if let Some(name) = self.constant {
            if let Some(value) = clean(src.constant(name)) {
                return Some(Found {
                    value,
                    origin: name.to_string(),
                });
            }
        }
        if let Some(name) = self.ini {
            if let Some(value) = clean(src.ini(name)) {
                return Some(Found {
                    value,
                    origin: format!("ini {name}"),
                });
            }
        }
        None
    }

    /// How a message tells the admin where to put this setting.
    pub fn where_to_set(&self) -> String {
        match (self.constant, self.ini) {
            (Some(c), _) => format!(
                "define {c} in wp-config.php or pass '{}' in $config",
                self.config
            ),
            (None, Some(i)) => format!("set {i} in php.ini or pass '{}' in $config", self.config),
            (None, None) => format!("pass '{}' in $config", self.config),
        }
    }
}

pub const CA_FILE: Key = Key::new(
    "ca_file",
    Some("WU_HOSTING_CA_FILE"),
    Some("wu_hosting.ca_file"),
);
pub const TIMEOUT: Key = Key::new("timeout", None, Some("wu_hosting.timeout"));
pub const CONNECT_TIMEOUT: Key =
    Key::new("connect_timeout", None, Some("wu_hosting.connect_timeout"));

/// How many checks or panel calls one bulk call runs at the same time.
pub const MAX_CONCURRENCY: Key =
    Key::new("max_concurrency", None, Some("wu_hosting.max_concurrency"));
/// Default of [`MAX_CONCURRENCY`]: enough to hide network waits, few enough that a
/// shared web server's workers do not each open hundreds of sockets.
pub const DEFAULT_MAX_CONCURRENCY: usize = 16;
/// Largest accepted [`MAX_CONCURRENCY`].
pub const MAX_MAX_CONCURRENCY: usize = 256;

/// Reads [`MAX_CONCURRENCY`]: a whole number from 1 to [`MAX_MAX_CONCURRENCY`].
pub fn max_concurrency(src: &dyn SettingSource) -> Result<usize> {
    match MAX_CONCURRENCY.lookup(src) {
        None => Ok(DEFAULT_MAX_CONCURRENCY),
        Some(found) => match found.value.parse::<usize>() {
            Ok(n) if (1..=MAX_MAX_CONCURRENCY).contains(&n) => Ok(n),
            _ => Err(Error::config(format!(
                "{} must be a whole number from 1 to {MAX_MAX_CONCURRENCY}, got '{}'",
                found.origin,
                shorten(&found.value)
            ))),
        },
    }
}

/// Every setting the core reads, for faces that must collect constants and ini
/// values before a call (the C ABI's callers).
pub const ALL_KEYS: &[Key] = &[
    crate::enhance::settings::API_URL,
    crate::enhance::settings::API_TOKEN,
    crate::enhance::settings::ORG_ID,
    crate::enhance::settings::WEBSITE_ID,
    crate::enhance::settings::SERVER_ID,
    crate::enhance::settings::NETWORK_DOMAIN,
    crate::closte::API_KEY,
    crate::closte::API_URL,
    CA_FILE,
    TIMEOUT,
    CONNECT_TIMEOUT,
    MAX_CONCURRENCY,
];

/// The constant names and ini names of [`ALL_KEYS`], each once, in table order.
pub fn setting_names() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut constants = Vec::new();
    let mut ini = Vec::new();
    for key in ALL_KEYS {
        if let Some(c) = key.constant {
            if !constants.contains(&c) {
                constants.push(c);
            }
        }
        if let Some(i) = key.ini {
            if !ini.contains(&i) {
                ini.push(i);
            }
        }
    }
    (constants, ini)
}

/// The `$config` array of one call, checked: string keys from `known`, values
/// strings or numbers (or null, which counts as absent). Both faces hand it over
/// as JSON (see `crate::args`).
#[derive(Debug, Clone, Default)]
pub struct CallConfig {
    values: Vec<(String, String)>,
}

impl CallConfig {
    pub fn parse(config: Option<&serde_json::Value>, known: &[&str]) -> Result<Self> {
        use crate::args::{self, KeyProblem};
        let mut values = Vec::new();
        let Some(config) = config.filter(|v| !v.is_null()) else {
            return Ok(CallConfig { values });
        };
        let keys = known.join(", ");
        let error = |problem: KeyProblem| {
            Error::config(match problem {
                KeyProblem::NotArray => format!(
                    "$config must be an array ({keys}) or null, got {}",
                    args::type_name(config)
                ),
                KeyProblem::Index(i) => {
                    format!("$config must be an array with string keys ({keys}), got the index {i}")
                }
                KeyProblem::Unknown(name) => {
                    format!("Unknown key '{name}' in $config; the known keys are: {keys}")
                }
            })
        };
        for entry in args::named_entries(config, Some(known), &error)? {
            let (name, value) = entry?;
            if value.is_null() {
                continue;
            }
            match args::scalar_text(value) {
                Some(text) => values.push((name, text)),
                None => {
                    return Err(Error::config(format!(
                        "$config['{name}'] must be a string or a number, got {}",
                        args::type_name(value)
                    )))
                }
            }
        }
        Ok(CallConfig { values })
    }
}

/// One call's settings: its checked `$config`, over the constants and ini
/// settings of another source.
pub struct CallSource<'a> {
    config: CallConfig,
    outer: &'a dyn SettingSource,
}

impl<'a> CallSource<'a> {
    pub fn new(config: CallConfig, outer: &'a dyn SettingSource) -> Self {
        CallSource { config, outer }
    }
}

impl SettingSource for CallSource<'_> {
    fn config(&self, key: &str) -> Option<String> {
        find(&self.config.values, key)
    }
    fn constant(&self, name: &str) -> Option<String> {
        self.outer.constant(name)
    }
    fn ini(&self, name: &str) -> Option<String> {
        self.outer.ini(name)
    }
}

/// Default whole-request timeout, seconds.
pub const DEFAULT_TIMEOUT: f64 = 30.0;
/// Default connect timeout, seconds.
pub const DEFAULT_CONNECT_TIMEOUT: f64 = 10.0;

/// How one call reaches a panel: TLS trust and timeouts.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpSettings {
    pub ca_file: Option<String>,
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            ca_file: None,
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT),
            connect_timeout: Duration::from_secs_f64(DEFAULT_CONNECT_TIMEOUT),
        }
    }
}

impl HttpSettings {
    pub fn resolve(src: &dyn SettingSource) -> Result<Self> {
        let seconds = |key: &Key, default: f64| -> Result<Duration> {
            match key.lookup(src) {
                None => Ok(Duration::from_secs_f64(default)),
                Some(found) => match found.value.parse::<f64>() {
                    Ok(v) if v.is_finite() && v > 0.0 && v <= 3600.0 => {
                        Ok(Duration::from_secs_f64(v))
                    }
                    _ => Err(Error::config(format!(
                        "{} must be a number of seconds between 0 and 3600, got '{}'",
                        found.origin, found.value
                    ))),
                },
            }
        };
        let ca_file = CA_FILE.lookup(src).map(|f| f.value);
        if let Some(path) = &ca_file {
            if let Err(e) = std::fs::metadata(path) {
                return Err(Error::config(format!(
                    "ca_file '{path}' cannot be read ({e}); give the path of a PEM file holding the panel's CA certificate"
                )));
            }
        }
        Ok(HttpSettings {
            ca_file,
            timeout: seconds(&TIMEOUT, DEFAULT_TIMEOUT)?,
            connect_timeout: seconds(&CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT)?,
        })
    }
}

/// Reads a required secret, with the message the seed guide's readers know.
pub fn require_secret(src: &dyn SettingSource, key: &Key, what: &str) -> Result<Secret> {
    key.lookup(src)
        .map(|f| Secret::new(f.value))
        .ok_or_else(|| Error::config(format!("{what} not found: {}", key.where_to_set())))
}

/// Reads an optional UUID setting; a value that is not a UUID is an error naming it.
pub fn optional_uuid(src: &dyn SettingSource, key: &Key, what: &str) -> Result<Option<String>> {
    match key.lookup(src) {
        None => Ok(None),
        Some(found) => match uuid::Uuid::parse_str(&found.value) {
            Ok(id) => Ok(Some(id.hyphenated().to_string())),
            Err(_) => Err(Error::config(format!(
                "{} ({what}) is not a UUID: got '{}', expected the form 00000000-0000-0000-0000-000000000000",
                found.origin,
                shorten(&found.value)
            ))),
        },
    }
}

/// Reads an optional domain setting.
pub fn optional_domain(
    src: &dyn SettingSource,
    key: &Key,
    what: &str,
) -> Result<Option<DomainName>> {
    match key.lookup(src) {
        None => Ok(None),
        Some(found) => DomainName::parse(&found.value).map(Some).map_err(|e| {
            Error::config(format!(
                "{} ({what}) is not a valid domain: {}",
                found.origin,
                e.message()
            ))
        }),
    }
}

fn shorten(s: &str) -> String {
    crate::text::clip(s, crate::text::SETTING_VALUE)
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
            shorten(raw)
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
    use crate::error::ErrorKind;

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

    #[test]
    fn lookup_order_config_then_constant_then_ini() {
        let key = Key::new("timeout", Some("WU_T"), Some("wu.t"));
        let src = MapSource::default().with_ini("wu.t", "3");
        assert_eq!(key.lookup(&src).unwrap().value, "3");
        let src = src.with_constant("WU_T", "2");
        assert_eq!(key.lookup(&src).unwrap().origin, "WU_T");
        let src = src.with("timeout", "1");
        let found = key.lookup(&src).unwrap();
        assert_eq!(
            (found.value.as_str(), found.origin.as_str()),
            ("1", "$config['timeout']")
        );
        let blank = MapSource::default()
            .with("timeout", "  ")
            .with_constant("WU_T", "5");
        assert_eq!(key.lookup(&blank).unwrap().value, "5");
    }

    #[test]
    fn http_settings_validate() {
        let s = HttpSettings::resolve(&MapSource::default()).unwrap();
        assert_eq!(s, HttpSettings::default());
        let s = HttpSettings::resolve(&MapSource::default().with_ini("wu_hosting.timeout", "2.5"))
            .unwrap();
        assert_eq!(s.timeout, Duration::from_millis(2500));
        let e = HttpSettings::resolve(&MapSource::default().with("timeout", "-1")).unwrap_err();
        assert!(e.message().contains("$config['timeout']"));
        let e = HttpSettings::resolve(&MapSource::default().with("ca_file", "/nonexistent/ca.pem"))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.message().contains("/nonexistent/ca.pem"));
    }

    #[test]
    fn uuid_settings() {
        let key = Key::new("org_id", Some("WU_ENHANCE_ORG_ID"), None);
        let src = MapSource::default()
            .with_constant("WU_ENHANCE_ORG_ID", "D8554B6D-5D0D-6719-009B-FEC1189AA8F3");
        assert_eq!(
            optional_uuid(&src, &key, "org id").unwrap().unwrap(),
            "d8554b6d-5d0d-6719-009b-fec1189aa8f3"
        );
        let src = MapSource::default().with("org_id", "my-org");
        let e = optional_uuid(&src, &key, "org id").unwrap_err();
        assert!(e.message().contains("'my-org'") && e.message().contains("not a UUID"));
    }

    #[test]
    fn call_config_checks_keys_and_values() {
        use serde_json::json;
        let known = &["api_url", "timeout"];
        let c = CallConfig::parse(Some(&json!({"timeout": 2.5, "api_url": null})), known).unwrap();
        let env = MapSource::default();
        let src = CallSource::new(c, &env);
        assert_eq!(src.config("timeout").as_deref(), Some("2.5"));
        assert_eq!(src.config("api_url"), None);
        let e = CallConfig::parse(Some(&json!({"apiurl": "x"})), known).unwrap_err();
        assert!(e.message().starts_with("Unknown key 'apiurl' in $config"));
        let e = CallConfig::parse(Some(&json!(["x"])), known).unwrap_err();
        assert!(e.message().contains("got the index 0"), "{}", e.message());
        let e = CallConfig::parse(Some(&json!({"timeout": true})), known).unwrap_err();
        assert!(e.message().ends_with("got True"), "{}", e.message());
        assert!(CallConfig::parse(Some(&json!([])), known).is_ok());
    }

    #[test]
    fn every_key_is_listed_once() {
        let (constants, ini) = setting_names();
        assert!(constants.contains(&"WU_HOSTING_CA_FILE"));
        assert!(constants.contains(&"CLOSTE_CLIENT_API_KEY"));
        assert!(ini.contains(&"wu_hosting.max_concurrency"));
    }

    #[test]
    fn secret_missing_message() {
        let key = Key::new("api_token", Some("WU_ENHANCE_API_TOKEN"), None);
        let e = require_secret(&MapSource::default(), &key, "Enhance API Token").unwrap_err();
        assert!(e.message().starts_with("Enhance API Token not found"));
        assert!(e.message().contains("WU_ENHANCE_API_TOKEN"));
    }
}
