//! What the panel clients share: sending through the transport with failures
//! named after the panel, and settling a write whose outcome is unknown by
//! reading the panel's state instead of sending it again blindly.

use crate::error::{Error, Result};
use crate::text;
use crate::transport::{self, Request, Response, Retry, SendError, Trouble};
use url::Url;

/// A failed call, and whether the panel may have acted on it anyway.
#[derive(Debug)]
pub struct CallError {
    pub error: Error,
    pub unknown_outcome: bool,
}

impl CallError {
    pub fn new(error: Error, unknown_outcome: bool) -> Self {
        CallError {
            error,
            unknown_outcome,
        }
    }
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        CallError {
            error,
            unknown_outcome: false,
        }
    }
}

/// Sends `req` to `panel` ("Enhance", "Closte") at `base`; `what` names the call
/// in messages (method and path, never a query that could hold a key). Strained
/// attempts are noted in `trouble`.
pub fn send(
    panel: &str,
    base: &Url,
    what: &str,
    req: &Request,
    retry: Retry,
    trouble: &Trouble,
) -> Result<Response, CallError> {
    let http = req.http;
    transport::send(req, retry, trouble).map_err(|e| match e {
        SendError::NotSent(detail) => CallError::new(
            Error::network(format!(
                "Failed to connect to {panel} API at {base}: {detail}"
            )),
            false,
        ),
        SendError::Unknown { timed_out, detail } => {
            let why = if timed_out {
                format!(
                    "{what} timed out after {:.1} s ({detail})",
                    http.timeout.as_secs_f64()
                )
            } else {
                format!("{what} got no complete answer ({detail})")
            };
            CallError::new(
                Error::network(format!("Failed to connect to {panel} API at {base}: {why}")),
                true,
            )
        }
        SendError::TooLarge => CallError::new(
            Error::api(format!(
                "{panel} API answered {what} with a body over {} MiB; refusing to read it",
                transport::MAX_BODY_BYTES / (1024 * 1024)
            )),
            true,
        ),
        SendError::Setup(detail) => CallError::new(Error::config(detail), false),
    })
}

/// Bytes of a body read for its summary: room for an HTML page's head.
const SUMMARY_SOURCE: usize = 64 * 1024;

/// A short, one-line description of a body for messages.
/// Any piece of a secret is taken out before the text is cut. Only the start of
/// the body is read: a summary never needs more.
pub fn summarize_body(resp: &Response) -> String {
    let head = &resp.body[..resp.body.len().min(SUMMARY_SOURCE)];
    let text = crate::secret::scrub_known(&String::from_utf8_lossy(head));
    let trimmed = text.trim();
    let is_html = resp
        .content_type
        .as_deref()
        .is_some_and(|c| c.contains("html"))
        || trimmed.starts_with('<');
    if is_html {
        let lower = trimmed.to_ascii_lowercase();
        let title = lower
            .find("<title>")
            .and_then(|start| {
                let rest = &trimmed[start + 7..];
                rest.to_ascii_lowercase()
                    .find("</title>")
                    .map(|end| rest[..end].trim().to_string())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(t) => format!("an HTML page titled '{}'", text::clip(&t, text::PANEL_TEXT)),
            None => "an HTML page".to_string(),
        };
    }
    text::clip(
        &trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
        text::PANEL_TEXT,
    )
}

/// Rounds of "write, and when the outcome is unknown read the state" before giving up.
pub const WRITE_ROUNDS: usize = 3;

/// Runs `write`; when its outcome is unknown, asks `settled` whether the change is
/// already made (`Some(answer)`) before writing again. Other errors end at once.
pub fn settle_write<T>(
    mut write: impl FnMut() -> Result<T, CallError>,
    mut settled: impl FnMut() -> Result<Option<T>>,
) -> Result<T> {
    let mut round = 0;
    loop {
        round += 1;
        match write() {
            Ok(answer) => return Ok(answer),
            Err(e) if e.unknown_outcome => {
                if let Some(answer) = settled()? {
                    return Ok(answer);
                }
                if round >= WRITE_ROUNDS {
                    return Err(e.error);
                }
            }
            Err(e) => return Err(e.error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn unknown() -> CallError {
        CallError::new(Error::network("lost"), true)
    }

    #[test]
    fn a_lost_write_that_took_effect_is_not_sent_again() {
        let writes = Cell::new(0);
        let r = settle_write(
            || {
                writes.set(writes.get() + 1);
                Err::<u8, _>(unknown())
            },
            || Ok(Some(7)),
        );
        assert_eq!(r.unwrap(), 7);
        assert_eq!(writes.get(), 1);
    }

    #[test]
    fn a_lost_write_that_did_not_take_effect_is_sent_again_a_bounded_number_of_times() {
        let writes = Cell::new(0);
        let reads = Cell::new(0);
        let r = settle_write(
            || {
                writes.set(writes.get() + 1);
                Err::<u8, _>(unknown())
            },
            || {
                reads.set(reads.get() + 1);
                Ok(None)
            },
        );
        assert_eq!(r.unwrap_err().message(), "lost");
        assert_eq!((writes.get(), reads.get()), (WRITE_ROUNDS, WRITE_ROUNDS));
    }

    #[test]
    fn a_refused_write_is_reported_without_reading() {
        let reads = Cell::new(0);
        let r = settle_write(
            || Err::<u8, _>(CallError::new(Error::api("no"), false)),
            || {
                reads.set(reads.get() + 1);
                Ok(Some(1))
            },
        );
        assert!(r.is_err());
        assert_eq!(reads.get(), 0);
    }
}
