//! One record per request sent to a panel (method, path, status, time), queued
//! for the face to hand to the user's logger on the calling PHP thread: bulk work
//! sends from worker threads, which must never call into PHP. Nothing is queued
//! unless a logger is registered. Records never hold a token, a key or a query
//! string.

use once_cell::sync::Lazy;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Records kept between two deliveries; older ones are dropped and counted.
pub const QUEUE_MAX: usize = 10_000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CallRecord {
    /// `Enhance` or `Closte`.
    pub panel: &'static str,
    pub method: &'static str,
    /// The URL path, without the query string.
    pub path: String,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    pub millis: f64,
    /// 1 for the first try of a request, 2 and up for retries.
    pub attempt: u32,
    /// Why no answer came (refused, timed out, cut off).
    pub error: Option<String>,
    /// `info` for a success, `warning` for a 4xx, `error` for a 5xx or no answer.
    pub level: &'static str,
}

impl CallRecord {
    /// The line written to a log: `Enhance POST /api/orgs/…/domains 201 12.3 ms`.
    pub fn line(&self) -> String {
        let outcome = match (self.status, &self.error) {
            (Some(s), _) => s.to_string(),
            (None, Some(e)) => format!("failed: {e}"),
            (None, None) => "no answer".into(),
        };
        let retry = if self.attempt > 1 {
            format!(" (try {})", self.attempt)
        } else {
            String::new()
        };
        format!(
            "{} {} {} {} {:.1} ms{retry}",
            self.panel, self.method, self.path, outcome, self.millis
        )
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);
static DROPPED: AtomicUsize = AtomicUsize::new(0);
static QUEUE: Lazy<Mutex<VecDeque<CallRecord>>> = Lazy::new(|| Mutex::new(VecDeque::new()));

/// Starts or stops queueing records.
pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Release);
    if !on {
        QUEUE.lock().unwrap_or_else(|e| e.into_inner()).clear();
        DROPPED.store(0, Ordering::Relaxed);
    }
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Acquire)
}

/// Queues a record, if a logger is registered.
pub fn record(make: impl FnOnce() -> CallRecord) {
    if !enabled() {
        return;
    }
    let mut record = make();
    // The text fields lose any piece of a secret, as error messages do.
    record.path = crate::secret::scrub_known(&record.path);
    record.error = record.error.map(|e| crate::secret::scrub_known(&e));
    let mut queue = QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    if queue.len() >= QUEUE_MAX {
        queue.pop_front();
        DROPPED.fetch_add(1, Ordering::Relaxed);
    }
    queue.push_back(record);
}

/// Takes the queued records, and how many were dropped since the last take.
pub fn drain() -> (Vec<CallRecord>, usize) {
    let records = QUEUE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .drain(..)
        .collect();
    (records, DROPPED.swap(0, Ordering::Relaxed))
}

/// The notice delivered first when records were dropped.
pub fn dropped_line(dropped: usize) -> String {
    format!("wu_hosting: {dropped} log records were dropped (over {QUEUE_MAX} between two calls)")
}

/// Takes the queued records as the faces deliver them: `(line, record)` pairs,
/// a dropped-records notice first when records were dropped.
pub fn drain_lines() -> Vec<(String, serde_json::Value)> {
    let (records, dropped) = drain();
    let mut out = Vec::with_capacity(records.len() + 1);
    if dropped > 0 {
        out.push((
            dropped_line(dropped),
            serde_json::json!({ "level": "warning", "dropped": dropped }),
        ));
    }
    for r in records {
        out.push((r.line(), serde_json::to_value(&r).unwrap_or_default()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(status: Option<u16>) -> CallRecord {
        CallRecord {
            panel: "Enhance",
            method: "GET",
            path: "/api/orgs/o/websites/w/domains".into(),
            status,
            millis: 12.34,
            attempt: 1,
            error: status.is_none().then(|| "timed out".into()),
            level: "info",
        }
    }

    #[test]
    fn lines_and_queue() {
        assert_eq!(
            rec(Some(200)).line(),
            "Enhance GET /api/orgs/o/websites/w/domains 200 12.3 ms"
        );
        assert_eq!(
            rec(None).line(),
            "Enhance GET /api/orgs/o/websites/w/domains failed: timed out 12.3 ms"
        );
        // One test owns the global queue to avoid races between tests.
        enable(false);
        record(|| rec(Some(200)));
        assert!(drain().0.is_empty(), "nothing is kept without a logger");
        enable(true);
        for _ in 0..QUEUE_MAX + 5 {
            record(|| rec(Some(201)));
        }
        let (records, dropped) = drain();
        // Other tests of this binary may send requests meanwhile and add to the count.
        assert_eq!(records.len(), QUEUE_MAX);
        assert!(dropped >= 5, "{dropped}");
        enable(false);
    }
}
