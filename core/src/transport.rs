//! The one HTTP transport: a client per PHP process, made on first use and made
//! again after a fork; TLS always verified; redirects kept on the same origin;
//! reads retried with backoff, writes never blindly re-sent.

use crate::config::HttpSettings;
use crate::secret::Secret;
use once_cell::sync::Lazy;
use reqwest::blocking::Client;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use url::Url;

/// The error of a panel request or readiness check in a fuzzing build (`--cfg
/// fuzzing`, see `crate::fuzzing`): nothing leaves the process.
pub const NOT_SENT: &str = "nothing is sent from a fuzzing build";

/// Largest answer body read from a panel; a bigger one is an error, not an allocation.
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;
/// Tries of a read (the first one included).
pub const READ_ATTEMPTS: u32 = 3;
/// The longest `Retry-After` that is waited for inside one call.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Body {
    Empty,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
}

/// Whether a request may be sent again when its outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Reads: retried on network trouble, 5xx and 429.
    Read,
    /// Writes: retried only when the panel surely did not act (not sent, 429).
    /// Any other failure is handed back so the caller can read the state first.
    Write,
}

pub struct Request<'a> {
    /// The panel, for log records: `Enhance`, `Closte`.
    pub panel: &'static str,
    pub method: Method,
    pub url: Url,
    pub bearer: Option<&'a Secret>,
    pub body: Body,
    pub http: &'a HttpSettings,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub retry_after: Option<Duration>,
    pub location: Option<String>,
    pub elapsed: Duration,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why no answer was had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Nothing reached the panel (refused, DNS, TLS handshake): safe to send again.
    NotSent(String),
    /// The request may have reached the panel: it timed out, or the connection dropped.
    Unknown { timed_out: bool, detail: String },
    /// The answer was larger than [`MAX_BODY_BYTES`].
    TooLarge,
    /// The client could not be built (for example an unreadable `ca_file`).
    Setup(String),
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct ClientKey {
    ca_file: Option<String>,
    connect_timeout_ms: u128,
}

struct ProcessClients {
    pid: u32,
    clients: HashMap<ClientKey, Client>,
}

static CLIENTS: Lazy<Mutex<ProcessClients>> = Lazy::new(|| {
    Mutex::new(ProcessClients {
        pid: std::process::id(),
        clients: HashMap::new(),
    })
});

/// The client for these settings in this process. After a fork the parent's
/// clients are forgotten, not dropped: their worker threads do not exist in the
/// child, and dropping them would wait for those threads forever.
fn client_for(http: &HttpSettings) -> Result<Client, SendError> {
    let key = ClientKey {
        ca_file: http.ca_file.clone(),
        connect_timeout_ms: http.connect_timeout.as_millis(),
    };
    let mut guard = CLIENTS.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if guard.pid != pid {
        let inherited = std::mem::take(&mut guard.clients);
        std::mem::forget(inherited);
        guard.pid = pid;
    }
    if let Some(client) = guard.clients.get(&key) {
        return Ok(client.clone());
    }
    let client = build_client(http)?;
    guard.clients.insert(key, client.clone());
    Ok(client)
}

/// How many clients this process holds (for diagnostics and tests).
pub fn client_count() -> usize {
    let guard = CLIENTS.lock().unwrap_or_else(|e| e.into_inner());
    if guard.pid == std::process::id() {
        guard.clients.len()
    } else {
        0
    }
}

fn build_client(http: &HttpSettings) -> Result<Client, SendError> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 5 || !same_origin || attempt.url().scheme() != "https" {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    let mut builder = Client::builder()
        .use_rustls_tls()
        .https_only(true)
        .redirect(policy)
        .connect_timeout(http.connect_timeout)
        .timeout(None)
        .pool_idle_timeout(Duration::from_secs(90))
        .pool_max_idle_per_host(64)
        .tcp_nodelay(true)
        .user_agent(concat!("wu_hosting/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &http.ca_file {
        let pem = std::fs::read(path)
            .map_err(|e| SendError::Setup(format!("ca_file '{path}' cannot be read: {e}")))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            SendError::Setup(format!(
                "ca_file '{path}' is not a PEM certificate bundle: {e}"
            ))
        })?;
        if certs.is_empty() {
            return Err(SendError::Setup(format!(
                "ca_file '{path}' holds no PEM certificate"
            )));
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| {
        SendError::Setup(format!(
            "the HTTP client could not be built: {}",
            describe(&e)
        ))
    })
}

/// The attempts of the sends it was handed to that met strain (429, 5xx,
/// timeout, no connection), retried or not: what a bulk job reads to slow down.
/// A job makes one, gives it to each [`send`] it makes, and reads it after.
#[derive(Debug, Default)]
pub struct Trouble(Cell<u32>);

impl Trouble {
    /// Whether any attempt met strain.
    pub fn any(&self) -> bool {
        self.0.get() > 0
    }

    /// Notes one attempt that met strain.
    pub fn strained(&self) {
        self.0.set(self.0.get() + 1);
    }

    fn note(&self, result: &Result<Response, SendError>) {
        let strained = match result {
            Ok(resp) => resp.status == 429 || resp.status >= 500,
            Err(SendError::NotSent(_)) | Err(SendError::Unknown { .. }) => true,
            Err(_) => false,
        };
        if strained {
            self.strained();
        }
    }
}

fn log_attempt(
    req: &Request,
    attempt: u32,
    started: Instant,
    result: &Result<Response, SendError>,
) {
    crate::log::record(|| {
        let (status, error) = match result {
            Ok(resp) => (Some(resp.status), None),
            Err(SendError::NotSent(d)) => (None, Some(d.clone())),
            Err(SendError::Unknown { detail, .. }) => (None, Some(detail.clone())),
            Err(SendError::TooLarge) => (None, Some("answer too large".to_string())),
            Err(SendError::Setup(d)) => (None, Some(d.clone())),
        };
        let level = match status {
            Some(s) if s < 400 => "info",
            Some(s) if s < 500 && s != 429 => "warning",
            _ => "error",
        };
        crate::log::CallRecord {
            panel: req.panel,
            method: req.method.as_str(),
            path: req.url.path().to_string(),
            status,
            millis: started.elapsed().as_secs_f64() * 1000.0,
            attempt,
            error,
            level,
        }
    });
}

/// Sends a request, retrying as `retry` allows; each strained attempt is noted in `trouble`.
pub fn send(req: &Request, retry: Retry, trouble: &Trouble) -> Result<Response, SendError> {
    if cfg!(fuzzing) {
        return Err(SendError::Setup(NOT_SENT.into()));
    }
    let client = client_for(req.http)?;
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let started = Instant::now();
        let result = send_once(&client, req);
        trouble.note(&result);
        log_attempt(req, attempt, started, &result);
        let last = attempt >= READ_ATTEMPTS;
        let wait = match (&result, retry) {
            (Ok(resp), _) if resp.status == 429 => match resp.retry_after {
                Some(d) if d > MAX_RETRY_AFTER => None,
                Some(d) => Some(d),
                None => Some(backoff(attempt)),
            },
            (Ok(resp), Retry::Read) if resp.status >= 500 => Some(backoff(attempt)),
            (Err(SendError::NotSent(_)), _) => Some(backoff(attempt)),
            (Err(SendError::Unknown { .. }), Retry::Read) => Some(backoff(attempt)),
            _ => None,
        };
        match wait {
            Some(d) if !last => std::thread::sleep(d),
            _ => return result,
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    let base = 200u64 << (attempt.saturating_sub(1)).min(5);
    // A little spread so that many workers do not retry in step.
    let jitter = (std::process::id() as u64 * 7919 + attempt as u64 * 104_729) % 100;
    Duration::from_millis(base + jitter)
}

fn send_once(client: &Client, req: &Request) -> Result<Response, SendError> {
    let started = Instant::now();
    let method = match req.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
    };
    let mut builder = client
        .request(method, req.url.clone())
        .timeout(req.http.timeout)
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(token) = req.bearer {
        builder = builder.bearer_auth(token.expose());
    }
    builder = match &req.body {
        Body::Empty => builder,
        Body::Json(v) => builder.json(v),
        Body::Form(fields) => builder.form(fields),
    };
    // The URL is left out of messages: a query string may hold an API key.
    let mut resp = builder.send().map_err(|e| classify(&e.without_url()))?;
    let status = resp.status().as_u16();
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let location = header(reqwest::header::LOCATION);
    let retry_after = header(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    if resp.content_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(SendError::TooLarge);
    }
    let mut body = Vec::new();
    (&mut resp)
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| {
            let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                || std::error::Error::source(&e)
                    .and_then(|s| s.downcast_ref::<reqwest::Error>())
                    .is_some_and(|r| r.is_timeout());
            SendError::Unknown {
                timed_out,
                detail: format!("the answer was cut off: {}", io_describe(&e)),
            }
        })?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(SendError::TooLarge);
    }
    Ok(Response {
        status,
        body,
        content_type,
        retry_after,
        location,
        elapsed: started.elapsed(),
    })
}

fn classify(e: &reqwest::Error) -> SendError {
    let detail = describe(e);
    if e.is_timeout() {
        SendError::Unknown {
            timed_out: true,
            detail,
        }
    } else if e.is_connect() {
        SendError::NotSent(detail)
    } else if e.is_builder() {
        SendError::Setup(detail)
    } else {
        SendError::Unknown {
            timed_out: false,
            detail,
        }
    }
}

/// A one-line cause: what kind of failure, then the innermost reasons.
pub fn describe(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if e.is_timeout() {
        parts.push("timed out".into());
    } else if e.is_connect() {
        parts.push("could not connect".into());
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.join(": ")
}

fn io_describe(e: &std::io::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows() {
        assert!(backoff(1) < Duration::from_millis(300));
        assert!(backoff(2) >= Duration::from_millis(400));
        assert!(backoff(3) >= Duration::from_millis(800));
    }

    #[test]
    fn refused_connection_is_not_sent_and_retried() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let http = HttpSettings::default();
        let req = Request {
            panel: "Test",
            method: Method::Post,
            url: Url::parse(&format!("https://127.0.0.1:{port}/api/")).unwrap(),
            bearer: None,
            body: Body::Empty,
            http: &http,
        };
        let started = Instant::now();
        let trouble = Trouble::default();
        match send(&req, Retry::Write, &trouble) {
            Err(SendError::NotSent(detail)) => assert!(detail.contains("connect"), "{detail}"),
            other => panic!("unexpected {other:?}"),
        }
        // Three tries with backoff between them, each one strained.
        assert!(started.elapsed() >= Duration::from_millis(600));
        assert_eq!(trouble.0.get(), READ_ATTEMPTS);
    }

    #[test]
    fn unreadable_ca_file_is_a_setup_error() {
        let http = HttpSettings {
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..HttpSettings::default()
        };
        assert!(
            matches!(client_for(&http), Err(SendError::Setup(m)) if m.contains("/nonexistent/ca.pem"))
        );
    }
}
