//! The properties the fuzz targets check, one function per target. Each takes the
//! raw input of its target (the formats are in fuzz/README.md) and panics when a
//! property does not hold; libFuzzer keeps the input that did it.

use serde_json::Value;
use std::ffi::{c_char, CStr, CString};
use std::time::Duration;
use wu_hosting_core::config::MapSource;
use wu_hosting_core::enhance::{api, errors, status};
use wu_hosting_core::error::{Error, ErrorKind};
use wu_hosting_core::fuzzing;
use wu_hosting_core::secret::{Secret, PIECE, REDACTED};
use wu_hosting_core::transport::Response;
use wu_hosting_core::wpconfig;
use wu_hosting_core::DomainName;

mod php;

/// The C face of the extension, compiled here from its own source (the extension
/// crate is a cdylib only, so it cannot be linked as a Rust library).
#[path = "../../src/ffi.rs"]
#[allow(dead_code)]
mod ffi;

/// The Enhance token of the enhance_answer and ffi_request targets (the seeds
/// carry pieces of it in answers and requests).
pub const ENHANCE_TOKEN: &str = "wuFuzzTok-2b9c7e41d5a3f08e6c1b";
/// The Closte key of the closte_answer and ffi_request targets.
pub const CLOSTE_KEY: &str = "wuFuzzKey-7f3a9d2c5e8b1f4a6d0c";

/// Whether `text` holds a piece of [`PIECE`] characters of `secret`. The
/// `[redacted]` marks that replaced pieces do not count (a secret could contain
/// the word `redacted`).
pub fn leaks(text: &str, secret: &str) -> bool {
    let text = text.replace(REDACTED, "\u{1}");
    let (text, secret) = (text.as_bytes(), secret.as_bytes());
    let piece = PIECE.min(secret.len());
    secret
        .windows(piece)
        .any(|w| text.windows(piece).any(|t| t == w))
}

fn assert_no_leak(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !leaks(text, secret),
            "{what} holds a piece of a secret: {text:?}"
        );
    }
}

fn assert_error_clean(e: &Error, secrets: &[&str]) {
    assert!(!e.message().is_empty(), "an empty message");
    assert_no_leak("the message", e.message(), secrets);
    if let Some(code) = e.api_code() {
        assert_no_leak("the error code", code, secrets);
    }
    if let Some(message) = e.api_message() {
        assert_no_leak("the panel's message", message, secrets);
    }
}

/// One line, no control character, of a readable length.
fn assert_one_line(message: &str, longest: usize) {
    assert!(
        !message.chars().any(char::is_control),
        "a control character in the message {message:?}"
    );
    assert!(
        message.chars().count() <= longest,
        "a message of {} characters: {message:?}",
        message.chars().count()
    );
}

// ---------------------------------------------------------------------------
// domain

/// `DomainName::parse` and `parse_allow_wildcard`: never panic; a parsed name is
/// lower-case ASCII, at most 253 characters, and parses again to itself; an
/// error is an invalid-domain error on one line.
pub fn domain(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let plain = DomainName::parse(&input);
    let wild = DomainName::parse_allow_wildcard(&input);
    for (parsed, allow) in [(&plain, false), (&wild, true)] {
        match parsed {
            Ok(d) => {
                let text = d.as_str();
                assert!(
                    text.bytes()
                        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_control()),
                    "not lower-case ASCII: {text:?}"
                );
                assert!(text.len() <= 253, "longer than 253: {text:?}");
                assert_eq!(d.is_wildcard(), text.starts_with("*."));
                assert!(allow || !d.is_wildcard());
                let again = if allow {
                    DomainName::parse_allow_wildcard(text)
                } else {
                    DomainName::parse(text)
                };
                assert_eq!(again.as_ref(), Ok(d), "{text:?} does not parse to itself");
                let _ = d.to_unicode();
            }
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidDomain);
                // 100 characters of the input, each escaped in at most 10.
                assert_one_line(e.message(), 1200);
            }
        }
    }
    // What a plain parse accepts, the wildcard parse accepts the same.
    if let Ok(d) = &plain {
        assert_eq!(wild.as_ref(), Ok(d));
    }
}

// ---------------------------------------------------------------------------
// enhance_answer

/// An answer as the transport hands it over: header lines (`status: 403`,
/// `content-type: ...`, `location: ...`, `retry-after: 5`) up to an empty line,
/// then the body.
pub fn enhance_response(data: &[u8]) -> Response {
    let mut resp = Response {
        status: 200,
        body: Vec::new(),
        content_type: None,
        retry_after: None,
        location: None,
        elapsed: Duration::ZERO,
    };
    let mut rest = data;
    while let Some(end) = rest.iter().position(|b| *b == b'\n') {
        let line = String::from_utf8_lossy(&rest[..end]);
        rest = &rest[end + 1..];
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "status" => resp.status = value.parse().unwrap_or(0),
            "content-type" => resp.content_type = Some(value.to_string()),
            "location" => resp.location = Some(value.to_string()),
            "retry-after" => resp.retry_after = value.parse().ok().map(Duration::from_secs),
            _ => {}
        }
    }
    resp.body = rest.to_vec();
    resp
}

fn decodes<T: serde::de::DeserializeOwned>(body: &[u8]) {
    let _ = serde_json::from_slice::<T>(body);
}

/// Enhance answers: every answer shape decodes without panicking (as the client
/// decodes a success), and an error answer of any status, type and body becomes
/// an error without a piece of the token in its message, code or panel message.
pub fn enhance_answer(data: &[u8]) {
    let token = Secret::new(ENHANCE_TOKEN);
    let resp = enhance_response(data);
    let body = &resp.body;
    decodes::<api::NoContent>(body);
    decodes::<api::LoginMemberships>(body);
    decodes::<api::WebsitesListing>(body);
    decodes::<api::Website>(body);
    decodes::<api::DomainMappingsFullListing>(body);
    decodes::<api::DomainMapping>(body);
    decodes::<api::DomainSslCert>(body);
    decodes::<api::NewResourceUuid>(body);
    decodes::<api::DomainInUseStatus>(body);
    decodes::<String>(body);
    decodes::<status::Preflight>(body);

    let (code, message) = errors::panel_error(&resp, &token);
    if let Some(m) = &message {
        assert_no_leak("panel_error's message", m, &[ENHANCE_TOKEN]);
    }
    drop(code);
    let summary = wu_hosting_core::provider::summarize_body(&resp);
    assert_no_leak("the body's summary", &summary, &[ENHANCE_TOKEN]);
    let e = errors::from_status(
        &resp,
        "GET /api/orgs/o/websites/w/domains",
        "website w",
        &token,
    );
    assert_eq!(e.status(), Some(resp.status));
    assert!(matches!(e.kind(), ErrorKind::Api | ErrorKind::Auth));
    assert_error_clean(&e, &[ENHANCE_TOKEN]);
}

// ---------------------------------------------------------------------------
// closte_answer

/// The same JSON with every string value (not the keys) in upper case.
fn upper_values(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.to_ascii_uppercase()),
        Value::Array(items) => Value::Array(items.iter().map(upper_values).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), upper_values(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Closte `getdomains` answers: never a panic; an alias read is a lower-case
/// host name that parses (after its `*.`); an error names the answer's shape and
/// never a value: the answer with its string values in upper case (which reads
/// as the same aliases) gives the same error, word for word, and no piece of the
/// key shows.
pub fn closte_answer(data: &[u8]) {
    let _key = Secret::new(CLOSTE_KEY);
    let Some(result) = fuzzing::closte_getdomains(data) else {
        return;
    };
    match &result {
        Ok(list) => {
            for entry in list {
                let name = &entry.domain;
                assert!(!name.bytes().any(|b| b.is_ascii_uppercase()), "{name:?}");
                let bare = name.strip_prefix("*.").unwrap_or(name);
                assert!(
                    DomainName::parse(bare).is_ok(),
                    "{name:?} is not a host name"
                );
                assert!(entry.wildcard || !name.starts_with("*."));
            }
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Api);
            assert_error_clean(e, &[CLOSTE_KEY]);
            assert_one_line(e.message(), 1000);
        }
    }
    // Strings that decoding skips need not be valid: such a body is not JSON
    // text to rewrite.
    let Ok(answer) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let upper = serde_json::to_vec(&upper_values(&answer)).expect("JSON encodes");
    let result_upper = fuzzing::closte_getdomains(&upper).expect("still a Closte answer");
    match (&result, &result_upper) {
        (Ok(list), Ok(list_upper)) => assert_eq!(list, list_upper),
        (Err(e), Err(e_upper)) => {
            assert_eq!(e.message(), e_upper.message(), "a value shows in the error");
        }
        _ => panic!("upper-case values changed the outcome: {result:?} / {result_upper:?}"),
    }
    // Each item of a list on its own, as the list reads it.
    if let Some(Value::Array(items)) = answer.get("domains") {
        for item in items {
            let _ = fuzzing::closte_alias_entry(item);
        }
    }
}

// ---------------------------------------------------------------------------
// wpconfig

/// The PHP literal `lit` holds `value`: a single-quoted string decodes to it
/// whole (nothing after its closing quote), numbers read back equal.
fn literal_holds(lit: &str, value: &wpconfig::Value) -> bool {
    match value {
        wpconfig::Value::Str(s) => php::single_quoted(lit).as_deref() == Some(s.as_str()),
        wpconfig::Value::Int(i) => lit.parse::<i64>().ok() == Some(*i),
        wpconfig::Value::Float(f) => {
            lit.contains(['.', 'e', 'E']) && lit.parse::<f64>().ok() == Some(*f)
        }
        wpconfig::Value::Bool(b) => lit == if *b { "true" } else { "false" },
        wpconfig::Value::Null => lit == "null",
    }
}

/// The wp-config.php writer: never a panic; every constant given is defined by
/// exactly one line, `define( 'NAME', literal );`, in PHP code (not in a string,
/// comment or heredoc, nor outside `<?php ... ?>`), whose literal holds the value
/// given; the other lines are as they were, in the same order.
pub fn wpconfig(data: &[u8]) {
    let Some((json, old)) = fuzzing::wpconfig_input(data) else {
        return;
    };
    let Ok(constants) = wpconfig::constants_from_json(&json) else {
        return;
    };
    let new = match fuzzing::wpconfig_edit(old, &constants) {
        Ok(new) => new,
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Config);
            return;
        }
    };
    let eol_free = |l: &str| l.trim_end_matches(['\r', '\n']).to_string();
    let old_lines: Vec<String> = old.split_inclusive('\n').map(eol_free).collect();
    let new_lines: Vec<String> = new.split_inclusive('\n').map(eol_free).collect();
    let starts = fuzzing::php_code_line_starts(&new);
    let old_starts = fuzzing::php_code_line_starts(old);
    // A define is a line that names the constant in `define(` and starts or
    // ends in PHP code (one in a comment or a string defines nothing).
    let defines = |lines: &[String], starts: &[bool], i: usize, name: &str| {
        php::defines(&lines[i], name) && (starts[i] || starts[i + 1])
    };
    // The last value given for a name is the one defined.
    let mut wanted: Vec<(&str, &wpconfig::Value)> = Vec::new();
    for (name, value) in &constants {
        wanted.retain(|(n, _)| n != name);
        wanted.push((name, value));
    }
    let mut ours = vec![false; new_lines.len()];
    for (name, value) in &wanted {
        let lines: Vec<usize> = (0..new_lines.len())
            .filter(|&i| defines(&new_lines, &starts, i, name))
            .collect();
        let [i] = lines[..] else {
            panic!("{name} is defined by {} lines:\n{new}", lines.len());
        };
        let line = new_lines[i].trim_start_matches([' ', '\t']);
        let lit = line
            .strip_prefix(&format!("define( '{name}', "))
            .and_then(|rest| rest.strip_suffix(" );"))
            .unwrap_or_else(|| panic!("not the writer's form: {line:?}"));
        assert!(literal_holds(lit, value), "{lit} does not hold {value:?}");
        assert!(
            starts[i] && starts[i + 1],
            "the define of {name} is not in PHP code:\n{new}"
        );
        ours[i] = true;
    }
    // Nothing else changed: the other lines, and the old lines that did not
    // define a constant given, are the same.
    let others: Vec<&String> = new_lines
        .iter()
        .zip(&ours)
        .filter(|(_, ours)| !**ours)
        .map(|(l, _)| l)
        .collect();
    let kept: Vec<&String> = (0..old_lines.len())
        .filter(|&i| {
            !wanted
                .iter()
                .any(|(name, _)| defines(&old_lines, &old_starts, i, name))
        })
        .map(|i| &old_lines[i])
        .collect();
    assert_eq!(others, kept, "lines other than the defines changed:\n{new}");
}

// ---------------------------------------------------------------------------
// readiness_options

/// The readiness checks' `$options`: never a panic; an error is a configuration
/// error on one line of a readable length.
pub fn readiness_options(data: &[u8]) {
    let Ok(json) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let ini = MapSource::default();
    let clean = |e: &Error| {
        assert_eq!(e.kind(), ErrorKind::Config, "{}", e.message());
        assert_one_line(e.message(), 1000);
    };
    let map = match wu_hosting_core::readiness::options::from_json(Some(&json)) {
        Ok(map) => map,
        Err(e) => return clean(&e),
    };
    use wu_hosting_core::readiness::{dns, options::Options, tls};
    if let Err(e) = dns::DnsOptions::parse(map.as_ref(), &ini) {
        clean(&e);
    }
    if let Err(e) = tls::TlsOptions::parse(map.as_ref(), &ini) {
        clean(&e);
    }
    // Every reader on every key the checks know, whatever it holds.
    let mut keys: Vec<&str> = dns::OPTION_KEYS.to_vec();
    keys.extend(
        tls::OPTION_KEYS
            .iter()
            .filter(|k| !dns::OPTION_KEYS.contains(k)),
    );
    let options = match Options::new(map.as_ref(), &keys) {
        Ok(options) => options,
        Err(e) => return clean(&e),
    };
    for key in &keys {
        let results = [
            options.seconds(key, Duration::from_secs(5)).err(),
            options.port(key, 443).err(),
            options.nameservers(key).err(),
            options.address(key).err(),
        ];
        for e in results.iter().flatten() {
            clean(e);
        }
    }
    if let Err(e) = options.max_concurrency(&ini) {
        clean(&e);
    }
}

// ---------------------------------------------------------------------------
// ffi_request

extern "C" fn go_on(_done: u64, _total: u64) -> bool {
    true
}

const CLASSES: &[&str] = &[
    "WuHosting\\ConfigException",
    "WuHosting\\InvalidDomainException",
    "WuHosting\\AuthException",
    "WuHosting\\NetworkException",
    "WuHosting\\ApiException",
];

/// The C ABI's JSON requests: a first line naming the function, then the
/// request (up to a NUL byte, as C passes it). The answer is always a JSON
/// object with `ok` or an `error` of a known class (`log` when asked), released
/// with `wu_hosting_free`; no piece of the token or key shows in it.
pub fn ffi_request(data: &[u8]) {
    let _token = Secret::new(ENHANCE_TOKEN);
    let _key = Secret::new(CLOSTE_KEY);
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let name = String::from_utf8_lossy(&data[..split]);
    let rest = data.get(split + 1..).unwrap_or_default();
    let request =
        CString::new(rest.split(|b| *b == 0).next().unwrap_or_default()).expect("no NUL byte left");
    // Any first line, a function of the table or not, a NUL byte cut off as C would.
    let function =
        CString::new(name.split('\0').next().unwrap_or_default()).expect("no NUL byte left");
    // SAFETY: NUL-terminated strings; the answer is released by `take`.
    let answer: Value = unsafe {
        take(ffi::wu_hosting_call(
            function.as_ptr(),
            request.as_ptr(),
            Some(go_on),
        ))
    };
    let Value::Object(map) = &answer else {
        panic!("the answer is not a JSON object: {answer}");
    };
    assert!(
        map.keys().all(|k| k == "ok" || k == "error" || k == "log"),
        "{answer}"
    );
    assert!(
        map.contains_key("ok") != map.contains_key("error"),
        "{answer}"
    );
    if let Some(error) = map.get("error") {
        let class = error["class"].as_str().unwrap_or_default();
        assert!(
            CLASSES.contains(&class),
            "an error of class {class:?}: {answer}"
        );
        let message = error["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{answer}");
    }
    for_each_string(&answer, &mut |s| {
        assert_no_leak("the answer", s, &[ENHANCE_TOKEN, CLOSTE_KEY]);
    });
}

/// Every string of a JSON value, keys too (the text as decoded: JSON's escapes
/// could make pieces that the strings do not hold).
fn for_each_string(v: &Value, f: &mut impl FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|i| for_each_string(i, f)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            f(k);
            for_each_string(v, f);
        }),
        _ => {}
    }
}

/// The JSON answer of a C function, released with `wu_hosting_free`.
unsafe fn take(answer: *mut c_char) -> Value {
    assert!(!answer.is_null(), "a NULL answer");
    // SAFETY: the library returns a NUL-terminated string it owns.
    let text = unsafe { CStr::from_ptr(answer) }
        .to_str()
        .expect("the answer is UTF-8")
        .to_string();
    // SAFETY: released once, as the header asks.
    unsafe { ffi::wu_hosting_free(answer) };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the answer is not JSON ({e}): {text}"))
}
