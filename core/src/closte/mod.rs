//! The Closte client: a network hosted on Closte maps custom domains as domain
//! aliases of its Closte app. Closte issues SSL by itself. Requests are
//! form-encoded POSTs carrying the `apikey` field, reads are GETs, as Closte's own
//! plugin sends them; the key travels only over HTTPS.
//!
//! Closte publishes no API document. Idempotency is decided from the alias list
//! (`getdomains`) before each write, because the wording of Closte's error for an
//! existing or missing alias is not known; an error answer to a write is checked
//! against the list again before it is reported.

mod sync;

use crate::config::{self, HttpSettings, Key, SettingSource};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::provider::{self, settle_write, CallError};
use crate::secret::Secret;
use crate::transport::{Body, Method, Request, Retry, Trouble};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

pub const API_KEY: Key = Key::new("api_key", Some("CLOSTE_CLIENT_API_KEY"), None);
pub const API_URL: Key = Key::new("api_url", Some("WU_CLOSTE_API_URL"), None);

/// Closte's client API.
pub const DEFAULT_API_URL: &str = "https://app.closte.com/api/client";

/// Closte's own settings.
pub const SETTINGS: &[Key] = &[API_KEY, API_URL];

#[derive(Debug, Clone)]
pub struct ClosteSettings {
    /// The API base, ending in `/` so that actions join below it.
    pub base: Url,
    pub key: Secret,
    pub http: HttpSettings,
}

impl ClosteSettings {
    pub fn resolve(src: &dyn SettingSource) -> Result<Self> {
        let key = API_KEY.lookup(src).map(|f| Secret::new(f.value)).ok_or_else(|| {
            Error::config(
                "Closte API key not found: Closte defines CLOSTE_CLIENT_API_KEY in wp-config.php on its \
                 hosting; check that wp-config.php still has it, or pass 'api_key' in $config",
            )
        })?;
        let base = match API_URL.lookup(src) {
            None => Url::parse(&format!("{DEFAULT_API_URL}/"))
                .map_err(|e| Error::config(e.to_string()))?,
            Some(found) => api_base(&found)?,
        };
        Ok(ClosteSettings {
            base,
            key,
            http: HttpSettings::resolve(src)?,
        })
    }
}

/// Checks a Closte API URL (`https://host/api/client`, or a white-label twin's).
fn api_base(found: &config::Found) -> Result<Url> {
    let origin = &found.origin;
    let url = Url::parse(&found.value).map_err(|_| {
        Error::config(format!(
            "{origin} is not a URL: got '{}'; it should look like {DEFAULT_API_URL}",
            crate::text::head(&found.value, crate::text::SETTING_VALUE)
        ))
    })?;
    if url.scheme() != "https" {
        return Err(Error::config(format!(
            "{origin} must be an https:// URL like {DEFAULT_API_URL}: the API key must not travel unencrypted"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) || url.query().is_some() || url.fragment().is_some()
    {
        return Err(Error::config(format!(
            "{origin} must be a plain https:// URL with a host and no query, like {DEFAULT_API_URL}"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(format!(
            "{origin} must not hold a user name or password"
        )));
    }
    let mut base = url.clone();
    let path = url.path().trim_end_matches('/');
    base.set_path(&format!("{path}/"));
    Ok(base)
}

/// True when the site runs on Closte: `CLOSTE_CLIENT_API_KEY` is defined and non-empty.
pub fn detect(src: &dyn SettingSource) -> bool {
    API_KEY
        .constant
        .and_then(|name| src.constant(name))
        .is_some_and(|v| !v.trim().is_empty())
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AddOutcome {
    pub domain: String,
    pub wildcard: bool,
    pub created: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemoveOutcome {
    pub domain: String,
    pub removed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AliasEntry {
    pub domain: String,
    pub wildcard: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConnectionReport {
    pub ok: bool,
    pub domains: usize,
}

#[derive(Deserialize)]
pub(crate) struct Answer {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    pub(crate) domains: Option<Value>,
}

pub struct ClosteClient {
    settings: ClosteSettings,
}

impl ClosteClient {
    pub fn new(settings: ClosteSettings) -> Self {
        ClosteClient { settings }
    }

    pub fn from_source(src: &dyn SettingSource) -> Result<Self> {
        ClosteSettings::resolve(src).map(Self::new)
    }

    /// Calls `action`; a `{"success": false}` answer is an error with Closte's words.
    fn call(
        &self,
        method: Method,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Result<Answer, CallError> {
        self.call_noting(method, action, fields, &Trouble::default())
    }

    /// [`Self::call`], with the strained attempts noted in `trouble`.
    fn call_noting(
        &self,
        method: Method,
        action: &str,
        fields: &[(&str, &str)],
        trouble: &Trouble,
    ) -> Result<Answer, CallError> {
        let s = &self.settings;
        let mut url = s
            .base
            .join(action)
            .map_err(|e| Error::config(format!("cannot build the request URL: {e}")))?;
        let what = format!("{} {}", method.as_str(), url.path());
        let mut form: Vec<(String, String)> = vec![("apikey".into(), s.key.expose().into())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let (body, retry) = match method {
            Method::Get => {
                url.query_pairs_mut()
                    .extend_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                (Body::Empty, Retry::Read)
            }
            _ => (Body::Form(form), Retry::Write),
        };
        let req = Request {
            panel: "Closte",
            method,
            url,
            bearer: None,
            body,
            http: &s.http,
        };
        let resp = provider::send("Closte", &s.base, &what, &req, retry, trouble)?;
        let said = |text: &str| s.key.scrub(text);
        if !resp.is_success() {
            let text = said(&provider::summarize_body(&resp));
            let closte_error = serde_json::from_slice::<Answer>(&resp.body)
                .ok()
                .and_then(|a| a.error)
                .map(|e| said(&value_text(&e)));
            let shown = closte_error.clone().unwrap_or(text);
            let err = match resp.status {
                401 | 403 => Error::auth(format!(
                    "Closte API refused the API key (HTTP {}) on {what}: {shown}. Check CLOSTE_CLIENT_API_KEY in wp-config.php",
                    resp.status
                )),
                status => Error::api(format!("Closte API answered {what} with HTTP {status}: {shown}")),
            };
            return Err(CallError::new(
                err.with_status(resp.status)
                    .with_panel_error(None, closte_error),
                resp.status >= 500,
            ));
        }
        let answer: Answer = serde_json::from_slice(&resp.body).map_err(|e| {
            CallError::new(
                Error::api(format!(
                    "Closte API answered {what} with something that is not the expected JSON ({e}): {}",
                    said(&provider::summarize_body(&resp))
                )),
                true,
            )
        })?;
        if answer.success == Some(true) {
            return Ok(answer);
        }
        let message = answer
            .error
            .as_ref()
            .map(value_text)
            .map(|t| said(&t))
            .unwrap_or_else(|| "no error text".into());
        let lower = message.to_ascii_lowercase();
        let err = if lower.contains("api key")
            || lower.contains("apikey")
            || lower.contains("unauthori")
        {
            Error::auth(format!(
                "Closte API refused the API key on {what}: {message}. Check CLOSTE_CLIENT_API_KEY in wp-config.php"
            ))
        } else {
            Error::api(format!("Closte API refused {what}: {message}"))
        };
        Err(CallError::new(
            err.with_panel_error(None, Some(message)),
            false,
        ))
    }

    /// The app's domain aliases. An answer whose list this client cannot read
    /// fully is an `ApiException` naming the shape it saw, never an empty list.
    pub fn list_domains(&self) -> Result<Vec<AliasEntry>> {
        self.read_list()?
    }

    /// The outer error: the call failed. The inner one: Closte answered, with a
    /// list in a shape this client does not know.
    fn read_list(&self) -> Result<Result<Vec<AliasEntry>>> {
        let answer = self
            .call(Method::Get, "getdomains", &[])
            .map_err(|e| e.error)?;
        Ok(decode_list(answer.domains.as_ref()))
    }

    /// Adds `domain` (a `*.` wildcard too) as an alias of the app. Already in a
    /// list this client understood: `created` false, nothing sent. When the
    /// list cannot be read, the add is sent all the same and `created` says
    /// that Closte accepted it.
    pub fn add_domain(&self, domain: &DomainName) -> Result<AddOutcome> {
        let done = |created: bool| AddOutcome {
            domain: domain.to_string(),
            wildcard: domain.is_wildcard(),
            created,
        };
        if let Ok(list) = self.read_list()? {
            if holds(&list, domain) {
                return Ok(done(false));
            }
        }
        let flag = if domain.is_wildcard() { "1" } else { "0" };
        settle_write(
            || match self.call(
                Method::Post,
                "adddomainalias",
                &[("domain", domain.as_str()), ("wildcard", flag)],
            ) {
                Ok(_) => Ok(done(true)),
                // Another worker may have added it in between: a readable list tells.
                Err(e) if !e.unknown_outcome => match self.read_list() {
                    Ok(Ok(list)) if holds(&list, domain) => Ok(done(false)),
                    _ => Err(e),
                },
                Err(e) => Err(e),
            },
            || {
                self.list_domains()
                    .map(|l| holds(&l, domain).then(|| done(true)))
            },
        )
    }

    /// Removes the alias `domain`: `deletedomainalias` is sent unless a list
    /// this client fully understood shows the alias absent (`removed` false).
    pub fn remove_domain(&self, domain: &DomainName) -> Result<RemoveOutcome> {
        let done = |removed: bool| RemoveOutcome {
            domain: domain.to_string(),
            removed,
        };
        if let Ok(list) = self.read_list()? {
            if !holds(&list, domain) {
                return Ok(done(false));
            }
        }
        let flag = if domain.is_wildcard() { "1" } else { "0" };
        settle_write(
            || match self.call(
                Method::Post,
                "deletedomainalias",
                &[("domain", domain.as_str()), ("wildcard", flag)],
            ) {
                Ok(_) => Ok(done(true)),
                // Removed by another worker in between: a readable list tells.
                Err(e) if !e.unknown_outcome => match self.read_list() {
                    Ok(Ok(list)) if !holds(&list, domain) => Ok(done(false)),
                    _ => Err(e),
                },
                Err(e) => Err(e),
            },
            || {
                self.list_domains()
                    .map(|l| (!holds(&l, domain)).then(|| done(true)))
            },
        )
    }

    /// Lists the aliases: proves the key and the URL, changes nothing.
    pub fn test_connection(&self) -> Result<ConnectionReport> {
        Ok(ConnectionReport {
            ok: true,
            domains: self.list_domains()?.len(),
        })
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn holds(list: &[AliasEntry], domain: &DomainName) -> bool {
    list.iter()
        .any(|a| a.domain.eq_ignore_ascii_case(domain.as_str()))
}

/// The keys under which a `getdomains` item may name its alias. `hostname`
/// is how Closte's own add form names the field.
const NAME_KEYS: [&str; 6] = ["domain", "hostname", "name", "domain_name", "alias", "host"];

/// The `domains` of a `getdomains` answer: a list (or an object of items) whose
/// every item this client can read, else an error that shows the shape (keys
/// and JSON types, never values, which could carry anything).
pub(crate) fn decode_list(domains: Option<&Value>) -> Result<Vec<AliasEntry>> {
    let unreadable = |what: String| {
        Error::api(format!(
            "Closte API answered getdomains with {what}; wu_hosting cannot tell which aliases the app has, so \
             it lists nothing and syncs nothing rather than guess (adding and removing single domains still \
             send their request to Closte)"
        ))
    };
    let items: Vec<&Value> = match domains {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        Some(other) => {
            return Err(unreadable(format!(
                "'domains' that is not a list but {}",
                shape(other)
            )))
        }
        None => return Err(unreadable("no 'domains' list".into())),
    };
    items
        .into_iter()
        .map(|item| {
            alias_entry(item)
                .ok_or_else(|| unreadable(format!("an item of an unknown shape: {}", shape(item))))
        })
        .collect()
}

/// A value's shape for messages: its JSON type, and an object's keys with theirs.
fn shape(v: &Value) -> String {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    };
    match v {
        Value::Object(map) => {
            let keys: Vec<String> = map
                .iter()
                .take(12)
                .map(|(k, v)| format!("{}: {}", clip_key(k), kind(v)))
                .collect();
            format!("an object {{{}}}", keys.join(", "))
        }
        other => format!("a {}", kind(other)),
    }
}

/// A key as shown in a message: short, and only when it looks like a field
/// name (anything else could be a value used as a key).
fn clip_key(k: &str) -> String {
    let plain = k.len() <= 32
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        k.to_string()
    } else {
        "<key>".into()
    }
}

/// One `getdomains` item: a bare name, or an object naming it under exactly one
/// known key (two keys with different names are not understood).
pub(crate) fn alias_entry(item: &Value) -> Option<AliasEntry> {
    let (name, flag) = match item {
        Value::String(s) => (s.clone(), false),
        Value::Object(map) => {
            let mut names = NAME_KEYS.iter().filter_map(|k| map.get(*k));
            let first = names.next()?.as_str()?;
            if names.any(|other| {
                other
                    .as_str()
                    .is_none_or(|n| !n.eq_ignore_ascii_case(first))
            }) {
                return None;
            }
            let flag = match map.get("wildcard") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(Value::Number(n)) => n.as_i64() == Some(1),
                Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
                Some(_) => return None,
            };
            (first.to_string(), flag)
        }
        _ => return None,
    };
    let name = name.trim().to_ascii_lowercase();
    let bare = name.strip_prefix("*.").unwrap_or(&name);
    DomainName::parse(bare).ok()?;
    let wildcard = flag || name.starts_with("*.");
    Some(AliasEntry {
        domain: name,
        wildcard,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapSource;
    use crate::error::ErrorKind;
    use serde_json::json;

    #[test]
    fn key_comes_from_the_constant_closte_defines() {
        let src = MapSource::default().with_constant("CLOSTE_CLIENT_API_KEY", "k-123456");
        let s = ClosteSettings::resolve(&src).unwrap();
        assert_eq!(s.base.as_str(), "https://app.closte.com/api/client/");
        assert_eq!(s.key.expose(), "k-123456");
        assert!(detect(&src));
        assert!(!detect(
            &MapSource::default().with_constant("CLOSTE_CLIENT_API_KEY", " ")
        ));
        // A key passed in $config is not Closte hosting.
        assert!(!detect(&MapSource::default().with("api_key", "k")));
    }

    #[test]
    fn missing_key_says_where_it_is_normally_defined() {
        let e = ClosteSettings::resolve(&MapSource::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(
            e.message().contains("CLOSTE_CLIENT_API_KEY") && e.message().contains("wp-config.php")
        );
    }

    #[test]
    fn white_label_hosts_and_bad_urls() {
        let src = MapSource::default()
            .with("api_key", "k")
            .with("api_url", "https://panel.twin.example/api/client/");
        assert_eq!(
            ClosteSettings::resolve(&src).unwrap().base.as_str(),
            "https://panel.twin.example/api/client/"
        );
        let src = MapSource::default()
            .with("api_key", "k")
            .with("api_url", "http://app.closte.com/api/client");
        assert!(ClosteSettings::resolve(&src)
            .unwrap_err()
            .message()
            .contains("https://"));
    }

    #[test]
    fn getdomains_items_of_any_known_shape() {
        assert_eq!(
            alias_entry(&json!("A.com")),
            Some(AliasEntry {
                domain: "a.com".into(),
                wildcard: false
            })
        );
        assert_eq!(
            alias_entry(&json!({"domain": "*.b.com"})),
            Some(AliasEntry {
                domain: "*.b.com".into(),
                wildcard: true
            })
        );
        assert_eq!(
            alias_entry(&json!({"name": "c.com", "wildcard": "1"})),
            Some(AliasEntry {
                domain: "c.com".into(),
                wildcard: true
            })
        );
        assert_eq!(
            alias_entry(&json!({"hostname": "Shop.Example.com", "wildcard": false})),
            Some(AliasEntry {
                domain: "shop.example.com".into(),
                wildcard: false
            })
        );
        assert_eq!(alias_entry(&json!({"id": 4})), None);
        // Two names that disagree (an app domain beside an alias?) are not guessed at.
        assert_eq!(
            alias_entry(&json!({"domain": "app.closte.com", "alias": "shop.com"})),
            None
        );
        assert_eq!(alias_entry(&json!({"domain": "no spaces.com"})), None);
        assert_eq!(
            alias_entry(&json!({"domain": "a.com", "wildcard": [1]})),
            None
        );
    }

    #[test]
    fn a_list_not_fully_understood_is_an_error_that_names_its_shape() {
        let secretish = "k-0123456789abcdef";
        let e = decode_list(Some(&json!([
            {"domain": "a.com"},
            {"id": 7, "fqdn": secretish}
        ])))
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Api);
        assert!(
            e.message().contains("{id: number, fqdn: string}"),
            "{}",
            e.message()
        );
        assert!(!e.message().contains(secretish));
        let e = decode_list(Some(&json!({"count": 2}))).unwrap_err();
        assert!(e.message().contains("unknown shape"), "{}", e.message());
        let e = decode_list(Some(&json!("a.com b.com"))).unwrap_err();
        assert!(
            e.message().contains("not a list but a string"),
            "{}",
            e.message()
        );
        assert!(decode_list(None)
            .unwrap_err()
            .message()
            .contains("no 'domains' list"));
        assert_eq!(decode_list(Some(&json!([]))).unwrap(), vec![]);
        assert_eq!(
            decode_list(Some(&json!({"1": "a.com"}))).unwrap()[0].domain,
            "a.com"
        );
    }
}
