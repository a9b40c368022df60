//! The `$options` array of the readiness checks, validated before anything is
//! sent: an unknown key or a malformed value is a configuration error that names
//! the key and says what is expected. The faces hand the array over as JSON.

use crate::args::{self, KeyProblem};
use crate::config::{self, SettingSource};
use crate::error::{Error, Result};
use crate::text::{self, Escape};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use serde_json::{Map, Value};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The options of one call, as a JSON object.
pub type OptionMap = Map<String, Value>;

/// Longest accepted per-domain timeout.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(300);
/// Port of DNS servers given without one.
pub const DNS_PORT: u16 = 53;

/// Deepest nesting accepted in `$options` (a list of name servers is one level).
const MAX_DEPTH: usize = 4;

/// `$options` given as JSON (see `crate::args`): an array with string keys, or
/// null. Nested arrays count as lists, as the PHP face reads them.
pub fn from_json(options: Option<&Value>) -> Result<Option<OptionMap>> {
    let Some(options) = options.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    // Not an array and an index key are one mistake; unknown keys are for `Options::new`.
    let string_keys = |_: KeyProblem| {
        Error::config("$options must be an array with string keys, like ['timeout' => 5]")
    };
    let mut map = OptionMap::new();
    for entry in args::named_entries(options, None, &string_keys)? {
        let (name, value) = entry?;
        let value = plain(value, 1).map_err(|what| {
            Error::config(format!(
                "$options['{}'] cannot be {what}; use a string, a number or a list of strings",
                text::clip_with(&name, text::INPUT, Escape::Controls)
            ))
        })?;
        map.insert(name, value);
    }
    Ok(Some(map))
}

fn plain(v: &Value, depth: usize) -> std::result::Result<Value, String> {
    if !crate::args::is_array(v) {
        return match v {
            Value::Object(_) => Err(format!("of type {}", crate::args::short_type(v))),
            other => Ok(other.clone()),
        };
    }
    if depth >= MAX_DEPTH {
        return Err("an array nested so deep".into());
    }
    crate::args::entries(v)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, v)| plain(v, depth + 1))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// Checked access to one call's options.
pub struct Options<'a> {
    map: Option<&'a OptionMap>,
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", text::clip_with(s, text::INPUT, Escape::Controls)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an array with keys".into(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Number(n) => n.to_string(),
    }
}

impl<'a> Options<'a> {
    /// Accepts only the `known` keys.
    pub fn new(map: Option<&'a OptionMap>, known: &[&str]) -> Result<Self> {
        if let Some(map) = map {
            let unknown = |key: &str| {
                Error::config(format!(
                    "Unknown key '{}' in $options; the known keys are: {}",
                    text::clip_with(key, text::INPUT, Escape::Controls),
                    known.join(", ")
                ))
            };
            for key in map.keys() {
                args::known_name(key, known, &unknown)?;
            }
        }
        Ok(Options { map })
    }

    /// A set value: null and empty strings count as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        match self.map?.get(key)? {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            v => Some(v),
        }
    }

    /// A scalar value as text (for lookups shared with ini settings).
    fn scalar(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn bad(key: &str, value: &Value, expected: &str) -> Error {
        Error::config(format!(
            "$options['{key}'] must be {expected}, got {}",
            describe(value)
        ))
    }

    /// A number of seconds, more than 0 and at most [`MAX_TIMEOUT`].
    pub fn seconds(&self, key: &str, default: Duration) -> Result<Duration> {
        let Some(value) = self.get(key) else {
            return Ok(default);
        };
        let number = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        match number {
            Some(v) if v.is_finite() && v > 0.0 && v <= MAX_TIMEOUT.as_secs_f64() => {
                Ok(Duration::from_secs_f64(v))
            }
            _ => Err(Self::bad(
                key,
                value,
                &format!(
                    "a number of seconds above 0 and at most {}",
                    MAX_TIMEOUT.as_secs()
                ),
            )),
        }
    }

    /// A TCP port, 1 to 65535.
    pub fn port(&self, key: &str, default: u16) -> Result<u16> {
        let Some(value) = self.get(key) else {
            return Ok(default);
        };
        let port = match value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        match port {
            Some(p @ 1..=65535) => Ok(p as u16),
            _ => Err(Self::bad(key, value, "a port number from 1 to 65535")),
        }
    }

    /// DNS servers to ask instead of the system's: a list (or one string) of
    /// `ip`, `ip:port` or `[ipv6]:port`. `None`: use the system resolver.
    pub fn nameservers(&self, key: &str) -> Result<Option<Vec<SocketAddr>>> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let entries: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::String(_) => vec![value],
            _ => {
                return Err(Self::bad(
                    key,
                    value,
                    "a list of DNS server addresses like ['127.0.0.1:5353']",
                ))
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            let parsed = match entry {
                Value::String(s) => parse_address(s, DNS_PORT),
                _ => None,
            };
            match parsed {
                Some(addr) => out.push(addr),
                None => {
                    return Err(Self::bad(
                        key,
                        entry,
                        "a list of IP addresses, each optionally with :port (like 127.0.0.1:5353 or [::1]:53)",
                    ))
                }
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }

    /// An address to connect to instead of the domain's: `ip`, `ip:port` or
    /// `[ipv6]:port`, with the port `None` when not given.
    pub fn address(&self, key: &str) -> Result<Option<(IpAddr, Option<u16>)>> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let text = match value {
            Value::String(s) => s.trim(),
            _ => "",
        };
        if let Ok(ip) = text
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<IpAddr>()
        {
            return Ok(Some((ip, None)));
        }
        match text.parse::<SocketAddr>() {
            Ok(addr) if addr.port() != 0 => Ok(Some((addr.ip(), Some(addr.port())))),
            _ => Err(Self::bad(
                key,
                value,
                "an IP address or IP:port (like 203.0.113.10, 203.0.113.10:443 or [2001:db8::1]:443)",
            )),
        }
    }

    /// Certificates of a PEM file, to trust beside the public CAs.
    pub fn ca_file(&self, key: &str) -> Result<Vec<CertificateDer<'static>>> {
        let Some(value) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Value::String(path) = value else {
            return Err(Self::bad(key, value, "the path of a PEM file"));
        };
        let path = path.trim();
        let shown = text::clip_with(path, text::INPUT, Escape::Controls);
        let pem = std::fs::read(path).map_err(|e| {
            Error::config(format!(
                "$options['{key}'] '{shown}' cannot be read ({e}); give the path of a PEM file of CA certificates"
            ))
        })?;
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| {
                Error::config(format!(
                    "$options['{key}'] '{shown}' is not a PEM file of certificates: {e}"
                ))
            })?;
        if certs.is_empty() {
            return Err(Error::config(format!(
                "$options['{key}'] '{shown}' holds no PEM certificate"
            )));
        }
        Ok(certs)
    }

    /// The concurrency bound: `$options['max_concurrency']`, else the ini setting
    /// `wu_hosting.max_concurrency`, else the default.
    pub fn max_concurrency(&self, ini: &dyn SettingSource) -> Result<usize> {
        let key = config::MAX_CONCURRENCY.config;
        match (self.get(key), self.scalar(key)) {
            (None, _) => config::max_concurrency(&IniOnly(ini)),
            (Some(value), Some(text)) => match text.parse::<usize>() {
                Ok(n) if (1..=config::MAX_MAX_CONCURRENCY).contains(&n) => Ok(n),
                _ => Err(Self::bad(key, value, &concurrency_range())),
            },
            (Some(value), None) => Err(Self::bad(key, value, &concurrency_range())),
        }
    }
}

fn concurrency_range() -> String {
    format!("a whole number from 1 to {}", config::MAX_MAX_CONCURRENCY)
}

/// The ini settings of a source, without its `$config` keys or constants.
struct IniOnly<'a>(&'a dyn SettingSource);

impl SettingSource for IniOnly<'_> {
    fn config(&self, _key: &str) -> Option<String> {
        None
    }
    fn constant(&self, _name: &str) -> Option<String> {
        None
    }
    fn ini(&self, name: &str) -> Option<String> {
        self.0.ini(name)
    }
}

/// `ip`, `[ip]`, `ip:port` or `[ipv6]:port`; `default_port` when none is given.
pub fn parse_address(text: &str, default_port: u16) -> Option<SocketAddr> {
    let text = text.trim();
    if let Ok(ip) = text
        .trim_matches(|c| c == '[' || c == ']')
        .parse::<IpAddr>()
    {
        return Some(SocketAddr::new(ip, default_port));
    }
    text.parse::<SocketAddr>().ok().filter(|a| a.port() != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapSource;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn map(v: Value) -> OptionMap {
        match v {
            Value::Object(m) => m,
            _ => OptionMap::new(),
        }
    }

    #[test]
    fn unknown_keys_are_named() {
        let m = map(json!({"timeot": 1}));
        let e = Options::new(Some(&m), &["timeout"]).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.message().contains("'timeot'") && e.message().contains("timeout"));
    }

    /// Found by the readiness_options fuzz target: a key with a line break, or a
    /// long one, made a message of several lines or of any length.
    #[test]
    fn keys_in_messages_are_one_short_line() {
        let m = map(json!({"time\nout": 5}));
        let e = Options::new(Some(&m), &["timeout"]).err().unwrap();
        assert!(e.message().contains(r"'time\nout'"), "{}", e.message());
        assert!(!e.message().contains('\n'));
        let long = "k".repeat(5000);
        let e = from_json(Some(&json!({ long.clone(): [[[[1]]]] }))).unwrap_err();
        assert!(e
            .message()
            .starts_with(&format!("$options['{}…']", "k".repeat(100))));
        assert!(e.message().len() < 300, "{}", e.message());
        // The same for a path that cannot be read.
        let m = map(json!({"ca_file": format!("/nonexistent/a\nb{}", "c".repeat(500))}));
        let e = Options::new(Some(&m), &["ca_file"])
            .unwrap()
            .ca_file("ca_file")
            .unwrap_err();
        assert!(
            e.message().contains(r"/nonexistent/a\nb"),
            "{}",
            e.message()
        );
        assert!(
            !e.message().contains('\n') && e.message().len() < 400,
            "{}",
            e.message()
        );
    }

    #[test]
    fn seconds_ports_and_addresses() {
        let m = map(json!({"timeout": "2.5", "port": 8443, "connect_to": "[::1]:9443", "bad": -1}));
        let o = Options::new(Some(&m), &["timeout", "port", "connect_to", "bad"]).unwrap();
        assert_eq!(
            o.seconds("timeout", Duration::from_secs(1)).unwrap(),
            Duration::from_millis(2500)
        );
        assert_eq!(o.port("port", 443).unwrap(), 8443);
        assert_eq!(
            o.address("connect_to").unwrap(),
            Some(("::1".parse().unwrap(), Some(9443)))
        );
        let e = o.seconds("bad", Duration::from_secs(1)).unwrap_err();
        assert!(e.message().contains("$options['bad']"), "{}", e.message());
        assert!(o.port("bad", 1).is_err());
        let m = map(json!({"connect_to": "shop.example.com"}));
        let o = Options::new(Some(&m), &["connect_to"]).unwrap();
        assert!(o
            .address("connect_to")
            .unwrap_err()
            .message()
            .contains("IP address"));
    }

    #[test]
    fn nameservers_take_lists_or_one_string() {
        let m = map(json!({"a": ["127.0.0.1:5353", "::1"], "b": "10.0.0.1", "c": ["x"], "d": []}));
        let o = Options::new(Some(&m), &["a", "b", "c", "d"]).unwrap();
        assert_eq!(
            o.nameservers("a").unwrap().unwrap(),
            vec![
                "127.0.0.1:5353".parse::<SocketAddr>().unwrap(),
                "[::1]:53".parse().unwrap()
            ]
        );
        assert_eq!(
            o.nameservers("b").unwrap().unwrap(),
            vec!["10.0.0.1:53".parse::<SocketAddr>().unwrap()]
        );
        assert!(o.nameservers("c").is_err());
        assert_eq!(o.nameservers("d").unwrap(), None);
        assert_eq!(o.nameservers("missing").unwrap(), None);
    }

    #[test]
    fn max_concurrency_from_options_then_ini() {
        let ini = MapSource::default().with_ini("wu_hosting.max_concurrency", "4");
        let none = Options::new(None, &[]).unwrap();
        assert_eq!(none.max_concurrency(&MapSource::default()).unwrap(), 16);
        assert_eq!(none.max_concurrency(&ini).unwrap(), 4);
        let m = map(json!({"max_concurrency": 9}));
        let o = Options::new(Some(&m), &["max_concurrency"]).unwrap();
        assert_eq!(o.max_concurrency(&ini).unwrap(), 9);
        let m = map(json!({"max_concurrency": 0}));
        let o = Options::new(Some(&m), &["max_concurrency"]).unwrap();
        let e = o.max_concurrency(&ini).unwrap_err();
        assert!(e.message().contains("from 1 to"), "{}", e.message());
        let bad_ini = MapSource::default().with_ini("wu_hosting.max_concurrency", "lots");
        assert!(none
            .max_concurrency(&bad_ini)
            .unwrap_err()
            .message()
            .contains("ini wu_hosting.max_concurrency"));
    }

    #[test]
    fn ca_file_must_hold_certificates() {
        let m = map(json!({"ca_file": "/nonexistent/ca.pem"}));
        let o = Options::new(Some(&m), &["ca_file"]).unwrap();
        assert!(o
            .ca_file("ca_file")
            .unwrap_err()
            .message()
            .contains("cannot be read"));
    }
}
