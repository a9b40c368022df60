//! The async runtime of the readiness checks: one per process, made on the first
//! check, so a PHP process that never checks starts nothing. It is a
//! current-thread runtime driven by the calling thread, so it starts no threads
//! at all. After a fork the child makes its own: the parent's runtime shares its
//! epoll instance with the parent, and using or even dropping it in the child
//! would unregister the parent's sockets.

use crate::error::{Error, Result};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use tokio::runtime::Runtime;

struct ProcessRuntime {
    pid: u32,
    runtime: Arc<Runtime>,
}

static RUNTIME: Mutex<Option<ProcessRuntime>> = Mutex::new(None);

fn runtime() -> Result<Arc<Runtime>> {
    let mut guard = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if let Some(current) = guard.as_ref() {
        if current.pid == pid {
            return Ok(current.runtime.clone());
        }
    }
    if let Some(inherited) = guard.take() {
        std::mem::forget(inherited);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::network(format!("cannot start the check runtime: {e}")))?;
    let runtime = Arc::new(runtime);
    *guard = Some(ProcessRuntime {
        pid,
        runtime: runtime.clone(),
    });
    Ok(runtime)
}

/// Whether this process has made its runtime yet (for tests).
pub fn started() -> bool {
    let guard = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    guard.as_ref().is_some_and(|r| r.pid == std::process::id())
}

/// Runs `future` to completion on this process's runtime. A panic inside a
/// check becomes an error here instead of unwinding into PHP.
pub fn block_on<F: Future>(future: F) -> Result<F::Output> {
    if cfg!(fuzzing) {
        return Err(Error::network(crate::transport::NOT_SENT));
    }
    let runtime = runtime()?;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async move {
            let out = future.await;
            // Background tasks of a resolver dropped above end only when polled;
            // polling them now closes their sockets before PHP gets control back.
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            out
        })
    }));
    outcome.map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        Error::network(format!("the check stopped on an internal error: {why}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_futures_and_turns_panics_into_errors() {
        assert_eq!(block_on(async { 41 + 1 }).unwrap(), 42);
        assert!(started());
        let e = block_on(async {
            if std::process::id() > 0 {
                panic!("boom");
            }
        })
        .unwrap_err();
        assert!(e.message().contains("boom"), "{}", e.message());
        // The runtime still works after a panic inside it.
        assert_eq!(block_on(async { 1 }).unwrap(), 1);
    }
}
