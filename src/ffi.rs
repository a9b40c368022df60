//! The C ABI, described by `include/wu_hosting.h` (written by cbindgen at build
//! time), for PHP's FFI and other C callers.
//!
//! Every PHP function of the extension (but `wu_hosting_version` and
//! `wu_hosting_set_logger`) has a C function of the same name that takes a JSON
//! request and returns a JSON answer, to be released with [`wu_hosting_free`]:
//!
//! ```text
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
//! Arguments and settings are checked by the same core code as the PHP face's,
//! so mistakes get the same messages. Nothing unwinds across the boundary.

use serde::Serialize;
use serde_json::{json, Map, Value};
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use wu_hosting_core::args;
use wu_hosting_core::closte::{self, ClosteClient};
use wu_hosting_core::config::{self, CallConfig, CallSource, MapSource};
use wu_hosting_core::domain::DomainName;
use wu_hosting_core::enhance::{settings as es, EnhanceClient};
use wu_hosting_core::error::{Error, ErrorKind, Result, BASE_CLASS};
use wu_hosting_core::readiness::{self, dns, tls};
use wu_hosting_core::sync::options as sync_options;
use wu_hosting_core::{log, wpconfig};

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

/// The settings the library reads, as JSON: `{"constants": [names], "ini": [names]}`,
/// so a caller knows which PHP constants and ini values to pass in a request.
/// Release it with [`wu_hosting_free`].
#[no_mangle]
pub extern "C" fn wu_hosting_settings() -> *mut c_char {
    let (constants, ini) = config::setting_names();
    into_c(&json!({ "constants": constants, "ini": ini }))
}

/// Each function of the ABI with its PHP parameters, as the stub declares them.
pub const FUNCTIONS: &[(&str, &str)] = &[
    (
        "wu_enhance_add_domain",
        "string $domain, ?array $config = null",
    ),
    (
        "wu_enhance_remove_domain",
        "string $domain, ?array $config = null",
    ),
    (
        "wu_enhance_add_subdomain",
        "string $subdomain, ?array $config = null",
    ),
    (
        "wu_enhance_remove_subdomain",
        "string $subdomain, ?array $config = null",
    ),
    ("wu_enhance_list_domains", "?array $config = null"),
    ("wu_enhance_test_connection", "?array $config = null"),
    ("wu_enhance_discover", "?array $config = null"),
    (
        "wu_enhance_domain_status",
        "string $domain, ?array $config = null",
    ),
    (
        "wu_enhance_issue_ssl",
        "string $domain, ?array $config = null",
    ),
    (
        "wu_dns_check",
        "string $domain, array $expect = [], ?array $options = null",
    ),
    (
        "wu_dns_check_many",
        "array $domains, array $expect = [], ?array $options = null",
    ),
    ("wu_ssl_check", "string $domain, ?array $options = null"),
    (
        "wu_ssl_check_many",
        "array $domains, ?array $options = null",
    ),
    (
        "wu_closte_add_domain",
        "string $domain, ?array $config = null",
    ),
    (
        "wu_closte_remove_domain",
        "string $domain, ?array $config = null",
    ),
    ("wu_closte_list_domains", "?array $config = null"),
    ("wu_closte_test_connection", "?array $config = null"),
    ("wu_closte_detect", ""),
    (
        "wu_enhance_sync",
        "array $domains, ?array $options = null, ?array $config = null",
    ),
    (
        "wu_closte_sync",
        "array $domains, ?array $options = null, ?array $config = null",
    ),
    (
        "wu_hosting_write_constants",
        "string $path, array $constants",
    ),
];

// One C function per PHP function. cbindgen reads these, so they are written out.

/// `wu_enhance_add_domain(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_add_domain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_add_domain", request, None) }
}

/// `wu_enhance_remove_domain(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_remove_domain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_remove_domain", request, None) }
}

/// `wu_enhance_add_subdomain(string $subdomain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_add_subdomain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_add_subdomain", request, None) }
}

/// `wu_enhance_remove_subdomain(string $subdomain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_remove_subdomain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_remove_subdomain", request, None) }
}

/// `wu_enhance_list_domains(?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_list_domains(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_list_domains", request, None) }
}

/// `wu_enhance_test_connection(?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_test_connection(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_test_connection", request, None) }
}

/// `wu_enhance_discover(?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_discover(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_discover", request, None) }
}

/// `wu_enhance_domain_status(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_domain_status(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_domain_status", request, None) }
}

/// `wu_enhance_issue_ssl(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_issue_ssl(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_enhance_issue_ssl", request, None) }
}

/// `wu_dns_check(string $domain, array $expect = [], ?array $options = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_dns_check(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_dns_check", request, None) }
}

/// `wu_dns_check_many(array $domains, array $expect = [], ?array $options = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_dns_check_many(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_dns_check_many", request, None) }
}

/// `wu_ssl_check(string $domain, ?array $options = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_ssl_check(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_ssl_check", request, None) }
}

/// `wu_ssl_check_many(array $domains, ?array $options = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_ssl_check_many(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_ssl_check_many", request, None) }
}

/// `wu_closte_add_domain(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_add_domain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_closte_add_domain", request, None) }
}

/// `wu_closte_remove_domain(string $domain, ?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_remove_domain(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_closte_remove_domain", request, None) }
}

/// `wu_closte_list_domains(?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_list_domains(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_closte_list_domains", request, None) }
}

/// `wu_closte_test_connection(?array $config = null): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_test_connection(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_closte_test_connection", request, None) }
}

/// `wu_closte_detect(): bool`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_detect(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_closte_detect", request, None) }
}

/// `wu_enhance_sync(array $domains, ?array $options = null, ?array $config = null): array`;
/// `progress` (may be NULL) is called with (done, total).
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_enhance_sync(
    request: *const c_char,
    progress: wu_hosting_progress_fn,
) -> *mut c_char {
    unsafe { call("wu_enhance_sync", request, progress) }
}

/// `wu_closte_sync(array $domains, ?array $options = null, ?array $config = null): array`;
/// `progress` (may be NULL) is called with (done, total).
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_closte_sync(
    request: *const c_char,
    progress: wu_hosting_progress_fn,
) -> *mut c_char {
    unsafe { call("wu_closte_sync", request, progress) }
}

/// `wu_hosting_write_constants(string $path, array $constants): array`
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wu_hosting_write_constants(request: *const c_char) -> *mut c_char {
    unsafe { call("wu_hosting_write_constants", request, None) }
}

// ---------------------------------------------------------------------------

/// Reads the request, runs the function, and answers; never unwinds.
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string.
unsafe fn call(
    function: &'static str,
    request: *const c_char,
    progress: wu_hosting_progress_fn,
) -> *mut c_char {
    let text = if request.is_null() {
        None
    } else {
        // SAFETY: the caller passes a NUL-terminated string.
        Some(unsafe { CStr::from_ptr(request) }.to_bytes())
    };
    let answer = catch_unwind(AssertUnwindSafe(|| respond(function, text, progress)))
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
                "message": format!("{function}() failed unexpectedly ({why}); please report this"),
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
    let result = run(function, req.args, &req.env, progress);
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
                    signature(function)
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

fn signature(function: &str) -> &'static str {
    FUNCTIONS
        .iter()
        .find(|(name, _)| *name == function)
        .map(|(_, sig)| *sig)
        .unwrap_or("")
}

/// Checks the arguments against the function's PHP parameters; fills in defaults.
fn check_args(function: &str, mut args: Vec<Value>) -> Result<Vec<Value>> {
    let sig = signature(function);
    let params: Vec<&str> = sig.split(", ").filter(|p| !p.is_empty()).collect();
    let required = params.iter().filter(|p| !p.contains(" = ")).count();
    if args.len() < required || args.len() > params.len() {
        let expected = if required == params.len() {
            format!("{required}")
        } else {
            format!("{required} to {}", params.len())
        };
        let plural = if params.len() == 1 { "" } else { "s" };
        return Err(Error::config(format!(
            "{function}() takes {expected} argument{plural} ({sig}), {} given",
            args.len()
        )));
    }
    for (i, param) in params.iter().enumerate() {
        let mut words = param.split(' ');
        let ty = words.next().unwrap_or("");
        let name = words.next().unwrap_or("");
        if i >= args.len() {
            args.push(if param.ends_with("= []") {
                Value::Array(Vec::new())
            } else {
                Value::Null
            });
            continue;
        }
        let v = &args[i];
        let fits = match ty {
            "string" => v.is_string(),
            "array" => args::is_array(v),
            "?array" => v.is_null() || args::is_array(v),
            _ => true,
        };
        if !fits {
            let what = match ty {
                "string" => "a string",
                "array" => "an array",
                _ => "an array or null",
            };
            return Err(Error::config(format!(
                "{function}(): argument #{} ({name}) must be {what}, got {}",
                i + 1,
                args::type_name(v)
            )));
        }
    }
    Ok(args)
}

fn to_json<T: Serialize>(result: Result<T>) -> Result<Value> {
    let value = result?;
    serde_json::to_value(value).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            format!("the answer could not be encoded: {e}"),
        )
    })
}

fn enhance(config: &Value, env: &MapSource) -> Result<EnhanceClient> {
    let config = CallConfig::parse(Some(config), es::CONFIG_KEYS)?;
    EnhanceClient::from_source(&CallSource::new(config, env))
}

fn closte_client(config: &Value, env: &MapSource) -> Result<ClosteClient> {
    let config = CallConfig::parse(Some(config), closte::CONFIG_KEYS)?;
    ClosteClient::from_source(&CallSource::new(config, env))
}

/// `$expect` of the DNS checks: a list of strings.
fn strings(function: &str, list: &Value) -> Result<Vec<String>> {
    args::entries(list)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, v)| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                Error::config(format!(
                    "{function}(): argument #2 ($expect) must be a list of strings (IP addresses or host names), got {} in it",
                    args::type_name(v)
                ))
            })
        })
        .collect()
}

fn batch<T: Serialize>(slots: Vec<args::Slot>, answers: Result<Vec<T>>) -> Result<Value> {
    let values = answers?
        .into_iter()
        .map(|a| to_json(Ok(a)))
        .collect::<Result<Vec<_>>>()?;
    Ok(args::keyed(slots, values))
}

fn sync_call<P>(
    args: &[Value],
    env: &MapSource,
    keys: &[&str],
    parse: sync_options::Parse,
    progress: wu_hosting_progress_fn,
    run: impl FnOnce(
        &CallSource,
        Vec<wu_hosting_core::sync::Wanted>,
        &wu_hosting_core::sync::SyncOptions,
        wu_hosting_core::sync::Progress,
    ) -> Result<P>,
) -> Result<Value>
where
    P: Serialize,
{
    let src = CallSource::new(CallConfig::parse(Some(&args[2]), keys)?, env);
    let (opts, _) = sync_options::parse(Some(&args[1]), &src, parse)?;
    let wanted = sync_options::wanted(&args[0], parse);
    let mut report = |done: usize, total: usize| match progress {
        None => true,
        Some(f) => f(done as u64, total as u64),
    };
    to_json(run(&src, wanted, &opts, &mut report))
}

/// Runs one function on checked arguments, in the order the PHP face checks them.
fn run(
    function: &str,
    args: Vec<Value>,
    env: &MapSource,
    progress: wu_hosting_progress_fn,
) -> Result<Value> {
    if !FUNCTIONS.iter().any(|(name, _)| *name == function) {
        return Err(Error::config(format!(
            "{function}() is not a function of this library"
        )));
    }
    let a = check_args(function, args)?;
    let s = |i: usize| a[i].as_str().unwrap_or_default();
    match function {
        "wu_enhance_add_domain" | "wu_enhance_add_subdomain" => {
            to_json(DomainName::parse(s(0)).and_then(|d| enhance(&a[1], env)?.add_domain(&d)))
        }
        "wu_enhance_remove_domain" | "wu_enhance_remove_subdomain" => {
            to_json(DomainName::parse(s(0)).and_then(|d| enhance(&a[1], env)?.remove_domain(&d)))
        }
        "wu_enhance_list_domains" => to_json(enhance(&a[0], env).and_then(|c| c.list_domains())),
        "wu_enhance_test_connection" => {
            to_json(enhance(&a[0], env).and_then(|c| c.test_connection()))
        }
        "wu_enhance_discover" => to_json(enhance(&a[0], env).and_then(|c| c.discover())),
        "wu_enhance_domain_status" => {
            to_json(DomainName::parse(s(0)).and_then(|d| enhance(&a[1], env)?.domain_status(&d)))
        }
        "wu_enhance_issue_ssl" => {
            to_json(DomainName::parse(s(0)).and_then(|d| enhance(&a[1], env)?.issue_ssl(&d)))
        }
        "wu_dns_check" => {
            let expect = strings(function, &a[1])?;
            to_json(
                readiness::options::from_json(Some(&a[2]))
                    .and_then(|o| dns::DnsOptions::parse(o.as_ref(), env))
                    .and_then(|o| dns::check(s(0), &expect, &o)),
            )
        }
        "wu_dns_check_many" => {
            let expect = strings(function, &a[1])?;
            let (slots, items) = readiness::batch_items(&a[0]);
            let answers = readiness::options::from_json(Some(&a[2]))
                .and_then(|o| dns::DnsOptions::parse(o.as_ref(), env))
                .and_then(|o| dns::check_many(&items, &expect, &o));
            batch(slots, answers)
        }
        "wu_ssl_check" => to_json(
            readiness::options::from_json(Some(&a[1]))
                .and_then(|o| tls::TlsOptions::parse(o.as_ref(), env))
                .and_then(|o| tls::check(s(0), &o)),
        ),
        "wu_ssl_check_many" => {
            let (slots, items) = readiness::batch_items(&a[0]);
            let answers = readiness::options::from_json(Some(&a[1]))
                .and_then(|o| tls::TlsOptions::parse(o.as_ref(), env))
                .and_then(|o| tls::check_many(&items, &o));
            batch(slots, answers)
        }
        "wu_closte_add_domain" => to_json(
            DomainName::parse_allow_wildcard(s(0))
                .and_then(|d| closte_client(&a[1], env)?.add_domain(&d)),
        ),
        "wu_closte_remove_domain" => to_json(
            DomainName::parse_allow_wildcard(s(0))
                .and_then(|d| closte_client(&a[1], env)?.remove_domain(&d)),
        ),
        "wu_closte_list_domains" => {
            to_json(closte_client(&a[0], env).and_then(|c| c.list_domains()))
        }
        "wu_closte_test_connection" => {
            to_json(closte_client(&a[0], env).and_then(|c| c.test_connection()))
        }
        "wu_closte_detect" => Ok(Value::Bool(closte::detect(env))),
        "wu_enhance_sync" => sync_call(
            &a,
            env,
            es::CONFIG_KEYS,
            DomainName::parse,
            progress,
            |src, wanted, opts, report| EnhanceClient::from_source(src)?.sync(wanted, opts, report),
        ),
        "wu_closte_sync" => sync_call(
            &a,
            env,
            closte::CONFIG_KEYS,
            DomainName::parse_allow_wildcard,
            progress,
            |src, wanted, opts, report| ClosteClient::from_source(src)?.sync(wanted, opts, report),
        ),
        "wu_hosting_write_constants" => to_json(
            wpconfig::constants_from_json(&a[1])
                .and_then(|c| wpconfig::write_constants(Path::new(s(0)), &c)),
        ),
        other => Err(Error::config(format!(
            "{other}() is not a function of this library"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(function: &str, request: &str) -> Value {
        let c = CString::new(request).unwrap();
        let out = unsafe { call(leak(function), c.as_ptr(), None) };
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { wu_hosting_free(out) };
        serde_json::from_str(&text).unwrap()
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
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
        let out = unsafe { wu_enhance_list_domains(std::ptr::null()) };
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
    fn signatures_match_the_stub() {
        // The attribute marks parameters for PHP's traces; the C ABI has no such thing.
        let stub = include_str!("../php/stubs/wu_hosting.stub.php")
            .replace("#[\\SensitiveParameter] ", "");
        for (name, sig) in FUNCTIONS {
            let decl = format!("function {name}({sig}): ");
            assert!(stub.contains(&decl), "the stub has no `{decl}`");
        }
        assert_eq!(
            stub.matches("    function wu_").count(),
            FUNCTIONS.len() + 2
        );
    }
}
