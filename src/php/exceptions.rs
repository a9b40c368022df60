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

const BASE: &str = wu_hosting_core::error::BASE_CLASS;

/// The registered class entries: the base class at 0, then each kind at its
/// number (`ErrorKind` counts from 1).
static ENTRIES: [AtomicPtr<ClassEntry>; 6] = [const { AtomicPtr::new(std::ptr::null_mut()) }; 6];

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

/// Registers the class of `kind`, kept at `I` (its number).
fn register_kind<const I: usize>(kind: ErrorKind) -> ext_php_rs::error::Result<()> {
    let mut class = ClassBuilder::new(kind.class())
        .extends((base_class, BASE))
        .registration(keep::<I>);
    if kind == ErrorKind::Api {
        class = class
            .property(null_property("errorCode"))
            .property(null_property("panelMessage"));
    }
    class.register()
}

/// Registers the classes; called from the module's startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(BASE)
        .extends((runtime_exception, "\\RuntimeException"))
        .registration(keep::<0>)
        .register()?;
    register_kind::<{ ErrorKind::Config as usize }>(ErrorKind::Config)?;
    register_kind::<{ ErrorKind::InvalidDomain as usize }>(ErrorKind::InvalidDomain)?;
    register_kind::<{ ErrorKind::Auth as usize }>(ErrorKind::Auth)?;
    register_kind::<{ ErrorKind::Network as usize }>(ErrorKind::Network)?;
    register_kind::<{ ErrorKind::Api as usize }>(ErrorKind::Api)
}

fn class_of(kind: ErrorKind) -> &'static ClassEntry {
    entry(kind as usize)
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
