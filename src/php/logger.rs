//! `wu_hosting_set_logger()`: a PHP callable that receives one line per panel
//! request. Records queued by the core are handed over on the PHP thread after
//! each call, before its answer or exception.

use super::to_zval;
use ext_php_rs::types::{ZendCallable, Zval};
use serde_json::Value;
use std::cell::RefCell;
use wu_hosting_core::log;

thread_local! {
    static LOGGER: RefCell<Option<Zval>> = const { RefCell::new(None) };
}

/// `wu_hosting_set_logger()`: registers `$logger` (called as
/// `$logger(string $line, array $record)`), or removes it with `null`. The
/// logger lives until the end of the request.
pub fn set(logger: Option<&Zval>) -> wu_hosting_core::Result<Value> {
    match logger.map(Zval::dereference).filter(|zv| !zv.is_null()) {
        None => forget(),
        Some(zv) => {
            if !zv.is_callable() {
                return Err(wu_hosting_core::Error::config(
                    "wu_hosting_set_logger() takes a callable, or null to remove the logger",
                ));
            }
            LOGGER.with(|l| *l.borrow_mut() = Some(zv.shallow_clone()));
            log::enable(true);
        }
    }
    Ok(Value::Null)
}

/// Drops the logger (at the end of each request, and on `null`).
pub fn forget() {
    log::enable(false);
    LOGGER.with(|l| l.borrow_mut().take());
}

/// Hands the queued records to the logger. A logger that throws receives no more
/// lines for this call; its exception reaches the caller.
pub fn flush() {
    if !log::enabled() {
        return;
    }
    let lines = log::drain_lines();
    LOGGER.with(|l| {
        let guard = l.borrow();
        let Some(zv) = guard.as_ref() else {
            return;
        };
        let Ok(callable) = ZendCallable::new(zv) else {
            return;
        };
        for (line, record) in lines {
            let record = to_zval(&record);
            if callable.try_call(vec![&line, &record]).is_err() {
                return;
            }
        }
    });
}
