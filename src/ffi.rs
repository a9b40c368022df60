//! The C ABI, described by `include/wu_hosting.h` (written by cbindgen at build
//! time), for PHP's FFI and other C callers. Only plumbing lives here: the
//! functions themselves are the core's table (`wu_hosting_core::functions`),
//! reached through one entry point, [`wu_hosting_call`], with a JSON request and
//! a JSON answer to be released with [`wu_hosting_free`]:
//!
//! ```text
//! wu_hosting_call("wu_enhance_add_domain", request, NULL)
//! request: {"args": [the PHP function's arguments], "constants": {"NAME": "value"},
//!           "ini": {"wu_hosting.timeout": "5"}, "log": false}
//! answer:  {"ok": <what the PHP function returns>, "log": [...]}
//!      or  {"error": {"class": "WuHosting\\ApiException", "kind": "api", "code": 404,
//!                     "message": "...", "errorCode": "not_found", "panelMessage": "..."},
//!           "log": [...]}
//! ```
//!
//! `log` is in the answer when the request asked for it: one object per panel
//! request, the record the PHP logger receives plus its text under `line`.
//! Arguments and settings are checked by the core, so mistakes get the same
//! messages as through the extension. Nothing unwinds across the boundary.

use serde_json::{json, Map, Value};
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use wu_hosting_core::config::MapSource;
use wu_hosting_core::error::{Error, BASE_CLASS};
use wu_hosting_core::{args, functions, log, panels, Result};

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Called by a sync with (done, total) on the calling thread; returning false
/// stops the sync, as a PHP progress callable that throws does.
#[allow(non_camel_case_types)]
pub type wu_hosting_progress_fn = Option<extern "C" fn(done: u64, total: u64) -> bool>;

/// The library version as a NUL-terminated string owned by the library.
#[no_mangle]
pub extern "C" fn wu_hosting_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// Releases a string returned by this library; NULL is ignored.
///
/// # Safety
/// `s` must be NULL or a pointer this library returned and not yet released.
#[no_mangle]
pub unsafe extern "C" fn wu_hosting_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller hands back a pointer made by `CString::into_raw`.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// What a caller needs to know before a call, as JSON: `{"constants": [names],
/// "ini": [names], "functions": [names], "max_depth": n}`: the PHP constants and
/// ini values to pass in a request, the functions [`wu_hosting_call`] knows, and
/// how deep arrays may nest before they stand in as `Array`.
/// Release it with [`wu_hosting_free`].
#[no_mangle]
pub extern "C" fn wu_hosting_settings() -> *mut c_char {
    let (constants, ini) = panels::setting_names();
    let functions: Vec<&str> = functions::TABLE
        .iter()
        .filter(|f| matches!(f.run, functions::Run::Core(_)))
        .map(|f| f.name)
        .collect();
    into_c(&json!({
        "constants": constants,
        "ini": ini,
        "functions": functions,
        "max_depth": args::MAX_DEPTH,
    }))
}

/// Calls the native function `function` (a name such as `wu_enhance_add_domain`)
/// with a JSON request; `progress` (may be NULL) is called by a sync with (done,
/// total). Returns the JSON answer; release it with [`wu_hosting_free`].
///
/// # Safety
/// `function` and `request` must each be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_hosting_call(
    function: *const c_char,
    request: *const c_char,
    progress: wu_hosting_progress_fn,
) -> *mut c_char {
    // SAFETY: the caller passes NUL-terminated strings or NULL.
    let text = |p: *const c_char| (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_bytes());
    let name = text(function)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let request = text(request);
    let answer = catch_unwind(AssertUnwindSafe(|| respond(&name, request, progress)))
        .unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no details".into());
            json!({ "error": {
                "class": BASE_CLASS,
                "kind": "internal",
                "code": 0,
                "message": format!("{name}() failed unexpectedly ({why}); please report this"),
                "errorCode": null,
                "panelMessage": null,
            }})
        });
    into_c(&answer)
}

fn into_c(value: &Value) -> *mut c_char {
    // JSON text holds no NUL byte (serde_json escapes it), so this cannot fail.
    CString::new(value.to_string())
        .map(CString::into_raw)
        .unwrap_or(std::ptr::null_mut())
}

/// The answer to one request, as a JSON value (see the module documentation).
pub fn respond(function: &str, request: Option<&[u8]>, progress: wu_hosting_progress_fn) -> Value {
    let req = match Request::read(function, request) {
        Ok(req) => req,
        Err(e) => return json!({ "error": error_json(&e) }),
    };
    let capture = req.log.then(LogCapture::start);
    let mut report = |done: usize, total: usize| match progress {
        None => true,
        Some(f) => f(done as u64, total as u64),
    };
    let result = functions::call(function, req.args, &req.env, Some(&mut report));
    let mut out = Map::new();
    match result {
        Ok(v) => out.insert("ok".into(), v),
        Err(e) => out.insert("error".into(), error_json(&e)),
    };
    if let Some(capture) = capture {
        out.insert("log".into(), capture.finish());
    }
    Value::Object(out)
}

/// An error as the answer's `error` object; `class` is the PHP exception class.
pub fn error_json(e: &Error) -> Value {
    json!({
        "class": e.kind().class(),
        "kind": e.kind().name(),
        "code": e.status().map(i64::from).unwrap_or(0),
        "message": e.message(),
        "errorCode": e.api_code(),
        "panelMessage": e.api_message(),
    })
}

/// Queues log records for the length of one call.
struct LogCapture {
    was_on: bool,
}

impl LogCapture {
    fn start() -> Self {
        let was_on = log::enabled();
        if !was_on {
            log::enable(true);
        }
        LogCapture { was_on }
    }

    /// The records queued during the call: each record with its line under `line`.
    fn finish(self) -> Value {
        let lines = log::drain_lines()
            .into_iter()
            .map(|(line, record)| {
                let mut record = match record {
                    Value::Object(map) => map,
                    _ => Map::new(),
                };
                record.insert("line".into(), Value::String(line));
                Value::Object(record)
            })
            .collect();
        Value::Array(lines)
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        if !self.was_on {
            log::enable(false);
        }
    }
}

struct Request {
    args: Vec<Value>,
    env: MapSource,
    log: bool,
}

const REQUEST_KEYS: &[&str] = &["args", "constants", "ini", "log"];

impl Request {
    fn read(function: &str, text: Option<&[u8]>) -> Result<Request> {
        let shape = "pass a JSON object like {\"args\": [...], \"constants\": {...}, \"ini\": {...}, \"log\": false}";
        let text = text
            .ok_or_else(|| Error::config(format!("{function}(): the request is NULL; {shape}")))?;
        let text = std::str::from_utf8(text).map_err(|e| {
            Error::config(format!(
                "{function}(): the request is not UTF-8 text ({e}); {shape}"
            ))
        })?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::config(format!(
                "{function}(): the request is not valid JSON ({e}); {shape}"
            ))
        })?;
        let Value::Object(mut map) = value else {
            return Err(Error::config(format!(
                "{function}(): the request must be a JSON object; {shape}"
            )));
        };
        if let Some(key) = map.keys().find(|k| !REQUEST_KEYS.contains(&k.as_str())) {
            return Err(Error::config(format!(
                "{function}(): unknown key '{key}' in the request; the known keys are: {}",
                REQUEST_KEYS.join(", ")
            )));
        }
        let args = match map.remove("args") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(Error::config(format!(
                    "{function}(): \"args\" must be a list of the function's arguments ({})",
                    functions::find(function)
                        .map(|f| f.signature())
                        .unwrap_or_default()
                )))
            }
        };
        let env = MapSource {
            constants: names(function, "constants", map.remove("constants"))?,
            ini: names(function, "ini", map.remove("ini"))?,
            ..MapSource::default()
        };
        let log = match map.remove("log") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                return Err(Error::config(format!(
                    "{function}(): \"log\" must be true or false"
                )))
            }
        };
        Ok(Request { args, env, log })
    }
}

/// A request's `constants` or `ini` object. As with PHP's constants, only strings
/// and numbers are settings; other values count as absent.
fn names(function: &str, key: &str, value: Option<Value>) -> Result<Vec<(String, String)>> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.is_empty() => Ok(Vec::new()),
        Some(Value::Object(map)) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| args::scalar_text(&v).map(|v| (k, v)))
            .collect()),
        Some(_) => Err(Error::config(format!(
            "{function}(): \"{key}\" must be an object of names to values"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(function: &str, request: &str) -> Value {
        let f = CString::new(function).unwrap();
        let c = CString::new(request).unwrap();
        let out = unsafe { wu_hosting_call(f.as_ptr(), c.as_ptr(), None) };
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        serde_json::from_str(&text).unwrap()
    }

    fn error(answer: &Value) -> (&str, &str) {
        let e = &answer["error"];
        (e["class"].as_str().unwrap(), e["message"].as_str().unwrap())
    }

    #[test]
    fn version_is_nul_terminated() {
        let s = unsafe { CStr::from_ptr(super::wu_hosting_version()) };
        assert_eq!(s.to_str().unwrap(), wu_hosting_core::version());
    }

    #[test]
    fn free_of_null_is_a_no_op() {
        unsafe { wu_hosting_free(std::ptr::null_mut()) };
    }

    #[test]
    fn null_and_malformed_requests_are_config_errors() {
        let name = CString::new("wu_enhance_list_domains").unwrap();
        let out = unsafe { wu_hosting_call(name.as_ptr(), std::ptr::null(), None) };
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        let answer: Value = serde_json::from_str(&text).unwrap();
        let (class, message) = error(&answer);
        assert_eq!(class, "WuHosting\\ConfigException");
        assert!(message.contains("NULL"), "{message}");

        let answer = ask("wu_enhance_list_domains", "{\"args\": [");
        let (class, message) = error(&answer);
        assert_eq!(class, "WuHosting\\ConfigException");
        assert!(message.contains("not valid JSON"), "{message}");
        assert!(answer.get("log").is_none());

        let answer = respond("wu_enhance_list_domains", Some(b"{\"args\": [\xff]}"), None);
        assert!(error(&answer).1.contains("not UTF-8"));

        let answer = ask("wu_enhance_list_domains", r#"{"argz": []}"#);
        assert!(error(&answer).1.contains("unknown key 'argz'"));
    }

    #[test]
    fn wrong_arguments_say_what_the_function_takes() {
        let answer = ask("wu_enhance_add_domain", r#"{"args": []}"#);
        let (class, message) = error(&answer);
        assert_eq!(class, "WuHosting\\ConfigException");
        assert_eq!(
            message,
            "wu_enhance_add_domain() takes 1 to 2 arguments (string $domain, ?array $config = null), 0 given"
        );
        let answer = ask("wu_enhance_add_domain", r#"{"args": [42]}"#);
        assert!(error(&answer)
            .1
            .contains("argument #1 ($domain) must be a string, got Long"));
        let answer = ask("wu_no_such_function", r#"{"args": []}"#);
        assert!(error(&answer).1.contains("is not a function"));
    }

    #[test]
    fn config_mistakes_match_the_php_face() {
        let answer = ask(
            "wu_enhance_list_domains",
            r#"{"args": [{"apitoken": "x"}], "log": true}"#,
        );
        let (class, message) = error(&answer);
        assert_eq!(class, "WuHosting\\ConfigException");
        assert!(message.starts_with("Unknown key 'apitoken' in $config"));
        assert_eq!(answer["error"]["code"], 0);
        assert_eq!(answer["log"], json!([]));

        let answer = ask("wu_enhance_list_domains", r#"{"args": []}"#);
        assert!(error(&answer).1.starts_with("Enhance API Token not found"));

        let answer = ask("wu_enhance_add_domain", r#"{"args": ["not a domain"]}"#);
        assert_eq!(error(&answer).0, "WuHosting\\InvalidDomainException");

        let answer = ask(
            "wu_enhance_sync",
            r#"{"args": [["a.example.com"], {"prunes": true}, {"api_token": "t"}]}"#,
        );
        assert!(error(&answer).1.starts_with("Unknown option 'prunes'"));
    }

    #[test]
    fn constants_reach_the_core() {
        let answer = ask(
            "wu_closte_detect",
            r#"{"args": [], "constants": {"CLOSTE_CLIENT_API_KEY": "k"}}"#,
        );
        assert_eq!(answer, json!({"ok": true}));
        let answer = ask("wu_closte_detect", r#"{"constants": []}"#);
        assert_eq!(answer, json!({"ok": false}));
    }

    #[test]
    fn write_constants_through_json() {
        let dir = std::env::temp_dir().join(format!("wu-ffi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wp-config.php");
        let config = "<?php\n$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';\n";
        std::fs::write(&path, config).unwrap();
        let request = json!({"args": [path.to_str().unwrap(), {"WU_X": "a'b", "WU_N": 3}]});
        let answer = ask("wu_hosting_write_constants", &request.to_string());
        assert_eq!(answer["ok"]["changed"], true, "{answer}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("'a\\'b'"), "{text}");
        let answer = ask(
            "wu_hosting_write_constants",
            &json!({"args": [path.to_str().unwrap(), ["x"]]}).to_string(),
        );
        assert!(error(&answer).1.contains("got the index 0"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn settings_come_from_the_key_tables() {
        let out = wu_hosting_settings();
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        let v: Value = serde_json::from_str(&text).unwrap();
        for name in [
            "WU_ENHANCE_API_TOKEN",
            "DOMAIN_CURRENT_SITE",
            "CLOSTE_CLIENT_API_KEY",
            "WU_HOSTING_CA_FILE",
        ] {
            assert!(
                v["constants"].as_array().unwrap().contains(&json!(name)),
                "{name}"
            );
        }
        assert!(v["ini"]
            .as_array()
            .unwrap()
            .contains(&json!("wu_hosting.ca_file")));
    }

    #[test]
    fn every_function_of_the_table_but_the_faces_own_is_callable() {
        let out = wu_hosting_settings();
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        let v: Value = serde_json::from_str(&text).unwrap();
        let names = v["functions"].as_array().unwrap();
        assert!(names.contains(&json!("wu_hosting_info")));
        assert!(!names.contains(&json!("wu_hosting_set_logger")));
        assert_eq!(v["max_depth"], json!(args::MAX_DEPTH));
        let answer = ask("wu_hosting_set_logger", r#"{"args": []}"#);
        assert!(error(&answer).1.contains("is not a function"));
        let out = unsafe { wu_hosting_call(std::ptr::null(), std::ptr::null(), None) };
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        assert!(text.contains("the request is NULL"), "{text}");
    }

    #[test]
    fn info_names_settings_and_never_shows_a_secret() {
        let answer = ask(
            "wu_hosting_info",
            r#"{"constants": {"WU_ENHANCE_API_TOKEN": "secret-token-1234", "WU_ENHANCE_API_URL": "https://panel.example.com"}, "ini": {"wu_hosting.timeout": "7"}}"#,
        );
        let info = &answer["ok"];
        assert_eq!(info["version"], json!(env!("CARGO_PKG_VERSION")));
        assert_eq!(info["panels"]["enhance"]["configured"], json!(true));
        assert_eq!(info["panels"]["closte"]["configured"], json!(false));
        assert_eq!(
            info["panels"]["enhance"]["settings"]["WU_ENHANCE_API_TOKEN"],
            json!("api_token")
        );
        assert_eq!(info["ini"]["wu_hosting.timeout"], json!("7"));
        assert_eq!(info["ini"]["wu_hosting.connect_timeout"], json!("10"));
        assert!(!answer.to_string().contains("secret-token"), "{answer}");
    }
}
