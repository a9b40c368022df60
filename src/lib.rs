//! wu_hosting: native domain sync between a WordPress network running Ultimate
//! Multisite and its hosting panel (Enhance). The core modules here hold no PHP
//! types; `php` (the extension) and `ffi` (the C ABI) are thin faces over them.

pub mod args;
pub mod closte;
pub mod config;
pub mod domain;
pub mod enhance;
pub mod error;
pub mod log;
pub mod provider;
pub mod readiness;
pub mod secret;
pub mod sync;
pub mod transport;
pub mod wpconfig;

pub mod ffi;

#[doc(hidden)]
pub mod fuzzing;

#[cfg(not(any(test, fuzzing)))]
mod php;

pub use domain::DomainName;
pub use error::{Error, ErrorKind, Result};

/// The version of this library, as PHP's `wu_hosting_version()` reports it.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
