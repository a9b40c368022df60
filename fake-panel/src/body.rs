//! Response bodies (a whole buffer, a generated body of any size, or chunks fed
//! from a channel) and small builders for the answers the server sends.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::Serialize;
use tokio::sync::mpsc;

pub const JSON: &str = "application/json";
pub const TEXT: &str = "text/plain; charset=utf-8";
pub const HTML: &str = "text/html; charset=utf-8";

const FILL_CHUNK: usize = 64 * 1024;
static FILL: [u8; FILL_CHUNK] = [b'a'; FILL_CHUNK];

/// The body of every response.
pub enum Body {
    /// A complete buffer (`None` once sent).
    Full(Option<Bytes>),
    /// `head`, then `fill` bytes of filler, then `tail`, produced chunk by chunk.
    Generated {
        head: Option<Bytes>,
        fill: u64,
        tail: Option<Bytes>,
    },
    /// Chunks sent by another task; `remaining` is the announced length still due.
    Channel {
        rx: mpsc::Receiver<Bytes>,
        remaining: u64,
    },
}

impl Body {
    pub fn empty() -> Body {
        Body::Full(None)
    }

    pub fn bytes(b: impl Into<Bytes>) -> Body {
        let b = b.into();
        Body::Full((!b.is_empty()).then_some(b))
    }

    /// A valid JSON document of exactly `size` bytes, generated as it is sent.
    pub fn huge_json(size: u64) -> Body {
        const HEAD: &[u8] = b"{\"items\":[\"";
        const TAIL: &[u8] = b"\"]}";
        let frame = (HEAD.len() + TAIL.len()) as u64;
        if size < frame {
            let doc = b"{\"items\":[\"\"]}";
            return Body::bytes(Bytes::from_static(&doc[..size as usize]));
        }
        Body::Generated {
            head: Some(Bytes::from_static(HEAD)),
            fill: size - frame,
            tail: Some(Bytes::from_static(TAIL)),
        }
    }

    /// The bytes of a `Full` body (empty for the other kinds).
    pub fn full_bytes(&self) -> Bytes {
        match self {
            Body::Full(Some(b)) => b.clone(),
            _ => Bytes::new(),
        }
    }

    fn remaining(&self) -> u64 {
        match self {
            Body::Full(b) => b.as_ref().map_or(0, |b| b.len() as u64),
            Body::Generated { head, fill, tail } => {
                head.as_ref().map_or(0, |b| b.len() as u64)
                    + fill
                    + tail.as_ref().map_or(0, |b| b.len() as u64)
            }
            Body::Channel { remaining, .. } => *remaining,
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        let chunk = match this {
            Body::Full(b) => b.take(),
            Body::Generated { head, fill, tail } => {
                if let Some(h) = head.take() {
                    Some(h)
                } else if *fill > 0 {
                    let n = (*fill).min(FILL_CHUNK as u64);
                    *fill -= n;
                    Some(Bytes::from_static(&FILL[..n as usize]))
                } else {
                    tail.take()
                }
            }
            Body::Channel { rx, remaining } => match rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(b)) => {
                    *remaining = remaining.saturating_sub(b.len() as u64);
                    Some(b)
                }
                Poll::Ready(None) => None,
            },
        };
        Poll::Ready(chunk.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining() == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining())
    }
}

/// A response with the given status, content type and body.
pub fn response(status: u16, content_type: Option<&str>, body: Body) -> Response<Body> {
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(ct) = content_type {
        if let Ok(v) = HeaderValue::from_str(ct) {
            resp.headers_mut().insert(CONTENT_TYPE, v);
        }
    }
    resp
}

/// A JSON response.
pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(v) => response(status, Some(JSON), Body::bytes(v)),
        Err(e) => error(500, "internal", &format!("serialisation failed: {e}")),
    }
}

/// An error response with the spec's `{code, message}` body.
pub fn error(status: u16, code: &str, message: &str) -> Response<Body> {
    let body = serde_json::json!({ "code": code, "message": message });
    response(status, Some(JSON), Body::bytes(body.to_string()))
}

/// The error answer of a [`Failure`], with its `detail` when it has one.
pub fn failure(f: &crate::world::Failure) -> Response<Body> {
    let mut body = serde_json::json!({ "code": f.code, "message": f.message });
    if let Some(detail) = &f.detail {
        body["detail"] = serde_json::json!(detail);
    }
    response(f.status, Some(JSON), Body::bytes(body.to_string()))
}

/// A plain-text response.
pub fn text(status: u16, text: &'static str) -> Response<Body> {
    response(
        status,
        Some(TEXT),
        Body::bytes(Bytes::from_static(text.as_bytes())),
    )
}

/// A response without a body.
pub fn empty(status: u16) -> Response<Body> {
    response(status, None, Body::empty())
}
