//! Readiness of a mapped domain, the two things Ultimate Multisite waits for
//! before it marks a domain active: its DNS points at the server ([`dns`]), and
//! the server presents a valid certificate for it ([`tls`]).
//!
//! Checks of many domains run concurrently on one per-process runtime
//! ([`runtime`]), at most `max_concurrency` at a time, each bounded by its own
//! timeout, and come back in the order they were asked for: one answer per
//! domain, whatever happened to the others.

pub mod dns;
pub mod options;
pub mod runtime;
pub mod tls;

use futures_util::stream::{self, StreamExt};
use std::future::Future;

/// One entry of a batch as the caller gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchItem {
    /// A string, to be checked as a domain name.
    Name(String),
    /// Something that is not a string; the text describes it for the answer.
    NotAString(String),
}

impl From<&str> for BatchItem {
    fn from(s: &str) -> Self {
        BatchItem::Name(s.to_string())
    }
}

/// A batch's `$domains` array as JSON (see `crate::args`): each entry's key, to
/// answer under, and its item. Anything but an array is an empty batch: the faces
/// check the argument's type.
pub fn batch_items(list: &serde_json::Value) -> (Vec<crate::args::Slot>, Vec<BatchItem>) {
    crate::args::entries(list)
        .unwrap_or_default()
        .into_iter()
        .map(|(slot, v)| {
            let item = match v {
                serde_json::Value::String(s) => BatchItem::Name(s.clone()),
                other => BatchItem::NotAString(crate::args::short_type(other).to_string()),
            };
            (slot, item)
        })
        .unzip()
}

/// Runs `check` on every item, at most `limit` at a time, and returns the
/// answers in the order of `items`. Answers are collected as they come, so a
/// slow item holds only its own slot: the others keep starting behind it.
pub(crate) async fn bounded<T, F, Fut>(
    items: Vec<T>,
    limit: usize,
    mut check: F,
) -> Vec<Fut::Output>
where
    F: FnMut(T) -> Fut,
    Fut: Future,
{
    let mut answers: Vec<(usize, Fut::Output)> = stream::iter(items.into_iter().enumerate())
        .map(|(i, item)| {
            let answer = check(item);
            async move { (i, answer.await) }
        })
        .buffer_unordered(limit.max(1))
        .collect()
        .await;
    answers.sort_unstable_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, answer)| answer).collect()
}

/// A duration in seconds for messages ("2.5 s").
pub(crate) fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bounded_keeps_order_and_limit() {
        let in_flight = std::cell::Cell::new(0usize);
        let peak = std::cell::Cell::new(0usize);
        let out = runtime::block_on(bounded((0..20u64).collect(), 3, |i| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                in_flight.set(in_flight.get() + 1);
                peak.set(peak.get().max(in_flight.get()));
                // Later items finish first, so order must come from the runner.
                tokio::time::sleep(Duration::from_millis(20 - i)).await;
                in_flight.set(in_flight.get() - 1);
                i * 2
            }
        }))
        .unwrap();
        assert_eq!(out, (0..20u64).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(peak.get(), 3);
    }

    #[test]
    fn a_slow_item_does_not_hold_back_the_ones_behind_it() {
        let finished = std::cell::RefCell::new(Vec::new());
        let out = runtime::block_on(bounded((0..10u64).collect(), 2, |i| {
            let finished = &finished;
            async move {
                let ms = if i == 0 { 800 } else { 5 };
                tokio::time::sleep(Duration::from_millis(ms)).await;
                finished.borrow_mut().push(i);
                i
            }
        }))
        .unwrap();
        assert_eq!(out, (0..10u64).collect::<Vec<_>>());
        // With one slot taken by item 0, the other slot ran items 1 to 9.
        assert_eq!(finished.borrow().last(), Some(&0));
    }

    #[test]
    fn seconds_are_readable() {
        assert_eq!(seconds(Duration::from_secs(5)), "5 s");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 s");
    }
}
