//! The HTTPS listener: accepts TCP connections, runs TLS and HTTP/1.1 with
//! keep-alive on each, and sends requests to the Enhance API (`/api/`) or the
//! Closte API (`/closte/api/client/`), both with the added latency and fault
//! rules, or to the admin API (`/__admin/`).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::AUTHORIZATION;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

use crate::body::{self, Body};
use crate::closte::{self, ClosteRequest};
use crate::enhance::{self, ApiRequest};
use crate::faults::{self, FaultKind};
use crate::state::Panel;
use crate::{admin, world::Failure};

/// Largest request body read.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Time allowed for a TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Returned by the request handler to close the connection without answering.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault rule")
    }
}

impl std::error::Error for Dropped {}

/// Serves connections until `shutdown` completes.
pub async fn serve(listener: TcpListener, panel: Arc<Panel>, shutdown: impl Future<Output = ()>) {
    let acceptor = TlsAcceptor::from(panel.pki.tls.clone());
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => {
                    tokio::spawn(connection(tcp, acceptor.clone(), panel.clone()));
                }
                Err(e) => {
                    eprintln!("fake-panel: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }
}

async fn connection(tcp: TcpStream, acceptor: TlsAcceptor, panel: Arc<Panel>) {
    let _ = tcp.set_nodelay(true);
    let conn = panel.next_connection();
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        _ => return,
    };
    let service = service_fn(move |req| handle(panel.clone(), conn, req));
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), service)
        .await;
}

async fn read_body(body: Incoming) -> Result<Bytes, Failure> {
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => Err(Failure::invalid(format!(
            "Could not read the request body: {e}"
        ))),
    }
}

async fn handle(
    panel: Arc<Panel>,
    conn: u64,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let path = req.uri().path();
    if path.starts_with("/api/") {
        api(panel, conn, req, Api::Enhance).await
    } else if path.starts_with(CLOSTE_PREFIX) {
        api(panel, conn, req, Api::Closte).await
    } else if path == "/__admin" || path.starts_with("/__admin/") {
        let rest = path["/__admin".len()..].to_string();
        let method = req.method().clone();
        let raw = match read_body(req.into_body()).await {
            Ok(b) => b,
            Err(f) => return Ok(body::failure(&f)),
        };
        Ok(admin::handle(&panel, &method, &rest, &raw))
    } else {
        Ok(body::error(
            404,
            "not_found",
            &format!("No route for {path}"),
        ))
    }
}

/// Where Closte's client API lives on this server.
pub const CLOSTE_PREFIX: &str = "/closte/api/client/";

/// Which panel API a request is for; both get the same latency and fault rules.
#[derive(Clone, Copy)]
enum Api {
    Enhance,
    Closte,
}

async fn api(
    panel: Arc<Panel>,
    conn: u64,
    req: Request<Incoming>,
    which: Api,
) -> Result<Response<Body>, Dropped> {
    let target = req.uri().path_and_query().map_or_else(
        || req.uri().path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    let arrival = panel.arrive(req.method().as_str(), &target, conn);
    if arrival.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(arrival.latency_ms)).await;
    }
    let fault = arrival.fault;
    let kind = fault.as_ref().map(|f| f.kind);
    if kind == Some(FaultKind::Drop) {
        panel.answered(arrival.seq, None);
        return Err(Dropped);
    }
    if let Some(resp) = fault.as_ref().and_then(faults::canned) {
        panel.answered(arrival.seq, Some(resp.status().as_u16()));
        return Ok(resp);
    }
    if kind == Some(FaultKind::Delay) {
        tokio::time::sleep(fault.as_ref().map(|f| f.ms()).unwrap_or_default()).await;
    }

    let (parts, incoming) = req.into_parts();
    let resp = match read_body(incoming).await {
        Err(f) => body::failure(&f),
        Ok(raw) => {
            let path = parts.uri.path();
            match which {
                Api::Enhance => {
                    let request = ApiRequest {
                        method: &parts.method,
                        path: path.strip_prefix("/api/").unwrap_or(path),
                        query: parts.uri.query(),
                        authorization: parts.headers.get(AUTHORIZATION).map(|v| v.as_bytes()),
                        body: &raw,
                    };
                    enhance::handle(&panel, &request)
                }
                Api::Closte => {
                    let request = ClosteRequest {
                        method: &parts.method,
                        action: path.strip_prefix(CLOSTE_PREFIX).unwrap_or(path),
                        query: parts.uri.query(),
                        body: &raw,
                    };
                    closte::handle(&panel, &request)
                }
            }
        }
    };

    let status = resp.status().as_u16();
    match fault {
        Some(rule) if rule.kind == FaultKind::DropAfter => {
            panel.answered(arrival.seq, None);
            Err(Dropped)
        }
        Some(rule) if rule.kind == FaultKind::DelayAfter => {
            tokio::time::sleep(rule.ms()).await;
            panel.answered(arrival.seq, Some(status));
            Ok(resp)
        }
        Some(rule) if rule.kind == FaultKind::SlowBody => {
            panel.answered(arrival.seq, Some(status));
            Ok(faults::trickle(resp, rule.ms()))
        }
        _ => {
            panel.answered(arrival.seq, Some(status));
            Ok(resp)
        }
    }
}
