//! The PHP exception classes, one per core [`ErrorKind`], and the translation of a
//! core error into a thrown exception.
//!
//! The classes are registered with a plain class builder rather than as Rust-backed
//! objects, so that they are ordinary exceptions: PHP fills in the file, line and
//! trace of the call that failed.

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::PropertyFlags;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{ce, ClassEntry, ExecutorGlobals};
use std::sync::atomic::{AtomicPtr, Ordering};
use wu_hosting_core::error::{Error, ErrorKind};

extern "C" {
    /// SPL's `RuntimeException`, always compiled into PHP 8.
    static spl_ce_RuntimeException: *mut ClassEntry;
}

fn runtime_exception() -> &'static ClassEntry {
    // SAFETY: SPL registers the class before any extension's MINIT and never frees it.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ce::exception)
}

pub const BASE: &str = wu_hosting_core::error::BASE_CLASS;
pub const CONFIG: &str = ErrorKind::Config.class();
pub const INVALID_DOMAIN: &str = ErrorKind::InvalidDomain.class();
pub const AUTH: &str = ErrorKind::Auth.class();
pub const NETWORK: &str = ErrorKind::Network.class();
pub const API: &str = ErrorKind::Api.class();

/// The registered class entries, in the order of [`CLASSES`].
static ENTRIES: [AtomicPtr<ClassEntry>; 6] = [const { AtomicPtr::new(std::ptr::null_mut()) }; 6];
const CLASSES: [&str; 6] = [BASE, CONFIG, INVALID_DOMAIN, AUTH, NETWORK, API];

fn keep<const I: usize>(entry: &'static mut ClassEntry, arg_info: ArgInfoTables) {
    ENTRIES[I].store(entry, Ordering::Release);
    // The engine points into these for the life of the process.
    Box::leak(arg_info);
}

fn entry(index: usize) -> &'static ClassEntry {
    // SAFETY: entries are stored once at startup and live in the persistent class table.
    unsafe { ENTRIES[index].load(Ordering::Acquire).as_ref() }.unwrap_or_else(runtime_exception)
}

fn base_class() -> &'static ClassEntry {
    entry(0)
}

fn null_property(name: &str) -> ClassProperty {
    ClassProperty {
        name: name.to_string(),
        flags: PropertyFlags::Public,
        default: Some(Box::new(|| Ok(Zval::null()))),
        docs: &[],
        ty: None,
        nullable: true,
        readonly: false,
        default_stub: Some("null".into()),
    }
}

/// Registers the classes; called from the module's startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(BASE)
        .extends((runtime_exception, "\\RuntimeException"))
        .registration(keep::<0>)
        .register()?;
    ClassBuilder::new(CONFIG)
        .extends((base_class, BASE))
        .registration(keep::<1>)
        .register()?;
    ClassBuilder::new(INVALID_DOMAIN)
        .extends((base_class, BASE))
        .registration(keep::<2>)
        .register()?;
    ClassBuilder::new(AUTH)
        .extends((base_class, BASE))
        .registration(keep::<3>)
        .register()?;
    ClassBuilder::new(NETWORK)
        .extends((base_class, BASE))
        .registration(keep::<4>)
        .register()?;
    ClassBuilder::new(API)
        .extends((base_class, BASE))
        .property(null_property("errorCode"))
        .property(null_property("panelMessage"))
        .registration(keep::<5>)
        .register()
}

fn class_of(kind: ErrorKind) -> &'static ClassEntry {
    let name = kind.class();
    entry(CLASSES.iter().position(|c| *c == name).unwrap_or(0))
}

/// Throws `err` as its PHP exception (code = the panel's HTTP status, if any).
pub fn throw(err: &Error) {
    let code = err.status().map(i32::from).unwrap_or(0);
    PhpException::new(err.message().to_string(), code, class_of(err.kind())).throw();
    if err.kind() != ErrorKind::Api {
        return;
    }
    if let Some(mut obj) = ExecutorGlobals::take_exception() {
        let _ = obj.set_property("errorCode", err.api_code().map(str::to_string));
        let _ = obj.set_property("panelMessage", err.api_message().map(str::to_string));
        let mut zv = Zval::new();
        zv.set_object(&mut obj);
        let _ = ext_php_rs::exception::throw_object(zv);
    }
}
