//! wu_hosting's core: native domain sync between a WordPress network running
//! Ultimate Multisite and its hosting panel (Enhance, Closte), the readiness
//! checks, the wp-config.php editor, and the table of native functions the
//! faces (the PHP extension, the C ABI) are made from. Nothing here knows PHP.

pub mod args;
pub mod closte;
pub mod config;
pub mod domain;
pub mod enhance;
pub mod error;
pub mod functions;
pub mod log;
pub mod panels;
pub mod provider;
pub mod readiness;
pub mod secret;
pub mod sync;
pub mod text;
pub mod transport;
pub mod wpconfig;

#[doc(hidden)]
pub mod fuzzing;

pub use domain::DomainName;
pub use error::{Error, ErrorKind, Result};

/// The version of this library, as PHP's `wu_hosting_version()` reports it.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
