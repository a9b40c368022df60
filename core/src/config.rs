//! Settings of one call: each key is looked up in the call's `$config` array first,
//! then in a PHP constant, then in an ini setting. The faces supply the lookups;
//! this module owns the table of names and the validation, so every face resolves
//! and rejects settings the same way.

use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::text;
use std::time::Duration;

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
    /// The value when nothing sets it; for an ini setting, the ini default too.
    pub default: Option<&'static str>,
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
            default: None,
        }
    }

    /// This key with a default value.
    pub const fn with_default(self, default: &'static str) -> Self {
        Key {
            default: Some(default),
            ..self
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
)
.with_default("");
/// The whole-request timeout of a panel call, seconds.
pub const TIMEOUT: Key = Key::new("timeout", None, Some("wu_hosting.timeout")).with_default("30");
/// The connect timeout of a panel call, seconds.
pub const CONNECT_TIMEOUT: Key =
    Key::new("connect_timeout", None, Some("wu_hosting.connect_timeout")).with_default("10");

/// How many checks or panel calls one bulk call runs at the same time. The
/// default is enough to hide network waits, few enough that a shared web
/// server's workers do not each open hundreds of sockets.
pub const MAX_CONCURRENCY: Key =
    Key::new("max_concurrency", None, Some("wu_hosting.max_concurrency")).with_default("16");

/// The settings that are also ini settings of the extension, with their
/// defaults: the PHP face declares them from this list.
pub const INI_KEYS: &[Key] = &[CA_FILE, TIMEOUT, CONNECT_TIMEOUT, MAX_CONCURRENCY];
/// Largest accepted [`MAX_CONCURRENCY`].
pub const MAX_MAX_CONCURRENCY: usize = 256;

/// Reads [`MAX_CONCURRENCY`]: a whole number from 1 to [`MAX_MAX_CONCURRENCY`].
pub fn max_concurrency(src: &dyn SettingSource) -> Result<usize> {
    match MAX_CONCURRENCY.lookup(src) {
        None => Ok(MAX_CONCURRENCY
            .default
            .and_then(|d| d.parse().ok())
            .unwrap_or(1)),
        Some(found) => match found.value.parse::<usize>() {
            Ok(n) if (1..=MAX_MAX_CONCURRENCY).contains(&n) => Ok(n),
            _ => Err(Error::config(format!(
                "{} must be a whole number from 1 to {MAX_MAX_CONCURRENCY}, got '{}'",
                found.origin,
                text::clip(&found.value, text::SETTING_VALUE)
            ))),
        },
    }
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

/// A key's default number of seconds (the defaults above are numbers).
fn default_seconds(key: &Key) -> Duration {
    Duration::from_secs_f64(key.default.and_then(|d| d.parse().ok()).unwrap_or(0.0))
}

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
            timeout: default_seconds(&TIMEOUT),
            connect_timeout: default_seconds(&CONNECT_TIMEOUT),
        }
    }
}

impl HttpSettings {
    pub fn resolve(src: &dyn SettingSource) -> Result<Self> {
        let seconds = |key: &Key| -> Result<Duration> {
            match key.lookup(src) {
                None => Ok(default_seconds(key)),
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
            timeout: seconds(&TIMEOUT)?,
            connect_timeout: seconds(&CONNECT_TIMEOUT)?,
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
                text::clip(&found.value, text::SETTING_VALUE)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

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
    fn secret_missing_message() {
        let key = Key::new("api_token", Some("WU_ENHANCE_API_TOKEN"), None);
        let e = require_secret(&MapSource::default(), &key, "Enhance API Token").unwrap_err();
        assert!(e.message().starts_with("Enhance API Token not found"));
        assert!(e.message().contains("WU_ENHANCE_API_TOKEN"));
    }
}
