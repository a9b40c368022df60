//! The one error type of the core. Each [`ErrorKind`] maps one-to-one to a PHP
//! exception class (`WuHosting\...Exception`) and to a C error code, so a face only
//! translates, it never decides.

use std::fmt;

/// What went wrong, in the terms a network admin can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum ErrorKind {
    /// A setting is missing or malformed; nothing was sent.
    Config = 1,
    /// A domain name was rejected before anything was sent.
    InvalidDomain = 2,
    /// The panel refused the credentials (401, 403 `unauthorized`, `only_mo_allowed`).
    Auth = 3,
    /// The panel could not be reached: refused, DNS, TLS, timeout.
    Network = 4,
    /// The panel answered with an error, or with something that is not its API.
    Api = 5,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 5] = [
        ErrorKind::Config,
        ErrorKind::InvalidDomain,
        ErrorKind::Auth,
        ErrorKind::Network,
        ErrorKind::Api,
    ];

    /// The kind whose PHP class is `class` (with or without a leading `\`).
    pub fn from_class(class: &str) -> Option<ErrorKind> {
        let class = class.strip_prefix('\\').unwrap_or(class);
        Self::ALL.into_iter().find(|k| k.class() == class)
    }

    /// The doc comment of the PHP class.
    pub fn doc(self) -> &'static str {
        match self {
            ErrorKind::Config => "A setting is missing or wrong; nothing was sent.",
            ErrorKind::InvalidDomain => "A domain name was rejected; nothing was sent.",
            ErrorKind::Auth => "The panel refused the token (HTTP 401/403).",
            ErrorKind::Network => "The panel could not be reached (refused, DNS, TLS, timeout).",
            ErrorKind::Api => "The panel answered with an error; getCode() is the HTTP status.",
        }
    }

    /// Whether a failure of this kind with this HTTP status may pass if tried
    /// again later: network trouble, a 5xx, 429 or 408. The one rule the sync's
    /// further rounds and the plugin's retry queue both follow.
    pub fn is_transient(self, status: Option<u16>) -> bool {
        match self {
            ErrorKind::Network => true,
            ErrorKind::Api => matches!(status, Some(408) | Some(429) | Some(500..=599)),
            _ => false,
        }
    }

    /// The short name used by the C ABI and in logs.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::InvalidDomain => "invalid_domain",
            ErrorKind::Auth => "auth",
            ErrorKind::Network => "network",
            ErrorKind::Api => "api",
        }
    }

    /// The PHP exception class of this kind; the C ABI names the same class.
    pub const fn class(self) -> &'static str {
        match self {
            ErrorKind::Config => "WuHosting\\ConfigException",
            ErrorKind::InvalidDomain => "WuHosting\\InvalidDomainException",
            ErrorKind::Auth => "WuHosting\\AuthException",
            ErrorKind::Network => "WuHosting\\NetworkException",
            ErrorKind::Api => "WuHosting\\ApiException",
        }
    }
}

/// The base class of every `WuHosting\...Exception`; also the class of an
/// unexpected internal failure reported through the C ABI.
pub const BASE_CLASS: &str = "WuHosting\\Exception";

/// An error with a message that says what to fix. Messages never hold a secret:
/// [`Error::new`] and [`Error::with_panel_error`] scrub what they are given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    /// HTTP status of the panel's answer, when there was one.
    status: Option<u16>,
    /// The panel's own error code (`{"code": ...}`), when it sent one.
    api_code: Option<String>,
    /// The panel's own message (`message`, else `detail`, else the raw text).
    api_message: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Every error is made here: its message loses any piece of a secret.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: crate::secret::scrub_known(&message.into()),
            status: None,
            api_code: None,
            api_message: None,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub fn invalid_domain(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidDomain, message)
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth, message)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, message)
    }

    pub fn api(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Api, message)
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The panel's own code and message, without any piece of a secret.
    pub fn with_panel_error(mut self, code: Option<String>, message: Option<String>) -> Self {
        let scrub = |t: String| crate::secret::scrub_known(&t);
        self.api_code = code.map(scrub);
        self.api_message = message.map(scrub);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn status(&self) -> Option<u16> {
        self.status
    }

    pub fn api_code(&self) -> Option<&str> {
        self.api_code.as_deref()
    }

    pub fn api_message(&self) -> Option<&str> {
        self.api_message.as_deref()
    }

    /// Whether trying again later may succeed (network trouble, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        self.kind.is_transient(self.status)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
