//! Fault injection for `/api/` requests: the rule format, picking the rule that
//! applies to a request, and the broken answers (error statuses, HTML error pages,
//! invalid or huge JSON, bodies trickled slowly).

use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderValue, LOCATION, RETRY_AFTER};
use hyper::{Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::body::{self, Body};

/// What a rule does to the request it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer `status` with `body`; the request is not processed.
    Status,
    /// Answer `status` (default 502) with an HTML error page; not processed.
    Html,
    /// Close the connection without answering; not processed.
    Drop,
    /// Process the request, then close the connection without answering.
    DropAfter,
    /// Sleep `ms`, then process and answer.
    Delay,
    /// Process, then sleep `ms` before answering.
    DelayAfter,
    /// Answer 200 with a broken JSON body; not processed.
    InvalidJson,
    /// Answer 200 with a JSON body of `bytes` bytes; not processed.
    HugeBody,
    /// Process, send the headers, then trickle the body over `ms`.
    SlowBody,
}

/// A fault rule as posted to `/__admin/faults`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    pub kind: FaultKind,
    /// Matching requests this rule still applies to; -1 means forever.
    #[serde(default = "one")]
    pub count: i64,
    /// Only requests with this method (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only requests whose path (with query) contains this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Applies to a matching request with this chance (0 to 1), drawn from the
    /// seeded generator of `POST /__admin/faults {"seed": N}`; default: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Body for `status`: a string is sent as is, anything else as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Seconds for a `Retry-After` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// A `Location` header (for redirects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

fn one() -> i64 {
    1
}

/// Default size of a `huge_body` answer.
pub const HUGE_DEFAULT: u64 = 64 * 1024 * 1024;
/// Default duration of `delay`, `delay_after` and `slow_body`.
pub const MS_DEFAULT: u64 = 1000;

impl FaultRule {
    /// Rejects rules that could never be answered.
    pub fn validate(&self) -> Result<(), String> {
        if self.count < -1 {
            return Err(format!("count must be -1 or more, got {}", self.count));
        }
        if let Some(s) = self.status {
            if !(200..=599).contains(&s) {
                return Err(format!("status must be 200 to 599, got {s}"));
            }
        }
        if let Some(p) = self.probability {
            if !(p > 0.0 && p <= 1.0) {
                return Err(format!(
                    "probability must be above 0 and at most 1, got {p}"
                ));
            }
        }
        if let Some(ct) = &self.content_type {
            if HeaderValue::from_str(ct).is_err() {
                return Err("content_type is not a valid header value".into());
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.contains(p))
    }

    pub fn ms(&self) -> Duration {
        Duration::from_millis(self.ms.unwrap_or(MS_DEFAULT))
    }
}

/// Takes the first rule with uses left that matches (and whose chance, if it has
/// one, comes up in `draw`), using one of its uses.
pub fn take(
    rules: &mut Vec<FaultRule>,
    method: &str,
    path: &str,
    draw: &mut dyn FnMut() -> f64,
) -> Option<FaultRule> {
    let i = rules.iter().position(|r| {
        r.count != 0 && r.matches(method, path) && r.probability.is_none_or(|p| draw() < p)
    })?;
    let rule = rules[i].clone();
    if rules[i].count > 0 {
        rules[i].count -= 1;
        if rules[i].count == 0 {
            rules.remove(i);
        }
    }
    Some(rule)
}

/// The seeded generator behind `probability`: the same seed gives the same
/// sequence of draws.
pub struct Chance(rand_pcg::Pcg64);

impl Chance {
    pub fn seeded(seed: u64) -> Chance {
        use rand_pcg::rand_core::SeedableRng;
        Chance(rand_pcg::Pcg64::seed_from_u64(seed))
    }

    /// A number in [0, 1).
    pub fn draw(&mut self) -> f64 {
        use rand_pcg::rand_core::Rng;
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The answer for rules that replace the real one (`status`, `html`,
/// `invalid_json`, `huge_body`); `None` for the others.
pub fn canned(rule: &FaultRule) -> Option<Response<Body>> {
    let mut resp = match rule.kind {
        FaultKind::Status => {
            let status = rule.status.unwrap_or(500);
            let (default_ct, body) = match &rule.body {
                None => (
                    body::JSON,
                    Bytes::from_static(br#"{"code":"internal","message":"fake fault"}"#),
                ),
                Some(Value::String(s)) => (body::TEXT, Bytes::from(s.clone())),
                Some(v) => (body::JSON, Bytes::from(v.to_string())),
            };
            let ct = rule.content_type.as_deref().unwrap_or(default_ct);
            body::response(status, Some(ct), Body::bytes(body))
        }
        FaultKind::Html => {
            let status = rule.status.unwrap_or(502);
            let reason = StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            let page = format!(
                "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
                 </body>\r\n</html>\r\n"
            );
            let ct = rule.content_type.as_deref().unwrap_or(body::HTML);
            body::response(status, Some(ct), Body::bytes(page))
        }
        FaultKind::InvalidJson => body::response(
            rule.status.unwrap_or(200),
            Some(rule.content_type.as_deref().unwrap_or(body::JSON)),
            Body::bytes(Bytes::from_static(
                br#"{"items":[{"domainId":"6f1c2d0e-8a4b-4c1e-9d3f-2b7a5e"#,
            )),
        ),
        FaultKind::HugeBody => body::response(
            rule.status.unwrap_or(200),
            Some(rule.content_type.as_deref().unwrap_or(body::JSON)),
            Body::huge_json(rule.bytes.unwrap_or(HUGE_DEFAULT)),
        ),
        _ => return None,
    };
    if let Some(secs) = rule.retry_after {
        resp.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    if let Some(location) = rule.location.as_deref() {
        if let Ok(value) = HeaderValue::from_str(location) {
            resp.headers_mut().insert(LOCATION, value);
        }
    }
    Some(resp)
}

/// Re-sends a complete answer's body a few bytes at a time, spread over `over`.
pub fn trickle(resp: Response<Body>, over: Duration) -> Response<Body> {
    let (parts, body) = resp.into_parts();
    let data = body.full_bytes();
    if data.is_empty() {
        return Response::from_parts(parts, Body::empty());
    }
    let chunk = data.len().div_ceil(100).max(4);
    let pieces = data.len().div_ceil(chunk);
    let step = over / pieces as u32;
    let (tx, rx) = mpsc::channel(4);
    let total = data.len() as u64;
    tokio::spawn(async move {
        let mut start = 0;
        while start < data.len() {
            tokio::time::sleep(step).await;
            let end = (start + chunk).min(data.len());
            if tx.send(data.slice(start..end)).await.is_err() {
                break;
            }
            start = end;
        }
    });
    Response::from_parts(
        parts,
        Body::Channel {
            rx,
            remaining: total,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> FaultRule {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counts_down_and_matches() {
        let mut rules = vec![
            rule(r#"{"kind":"status","status":503,"method":"post","path":"/domains"}"#),
            rule(r#"{"kind":"drop","count":-1,"path":"/servers"}"#),
        ];
        let mut never = || unreachable!("no rule has a probability");
        assert!(take(
            &mut rules,
            "GET",
            "/api/orgs/x/websites/y/domains",
            &mut never
        )
        .is_none());
        let r = take(
            &mut rules,
            "POST",
            "/api/orgs/x/websites/y/domains",
            &mut never,
        )
        .unwrap();
        assert_eq!((r.kind, r.status), (FaultKind::Status, Some(503)));
        assert!(take(
            &mut rules,
            "POST",
            "/api/orgs/x/websites/y/domains",
            &mut never
        )
        .is_none());
        for _ in 0..3 {
            assert_eq!(
                take(&mut rules, "GET", "/api/servers", &mut never)
                    .unwrap()
                    .kind,
                FaultKind::Drop
            );
        }
        assert_eq!(rules.len(), 1);
    }

    #[test]
    fn chances_are_seeded_and_about_right() {
        let rule_set = || vec![rule(r#"{"kind":"drop","count":-1,"probability":0.1}"#)];
        let run = |seed| {
            let mut rules = rule_set();
            let mut chance = Chance::seeded(seed);
            (0..10_000)
                .map(|_| take(&mut rules, "GET", "/x", &mut || chance.draw()).is_some())
                .collect::<Vec<bool>>()
        };
        let hits = run(7).iter().filter(|h| **h).count();
        assert!((900..1100).contains(&hits), "{hits}");
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        assert!(rule(r#"{"kind":"drop","probability":1.5}"#)
            .validate()
            .is_err());
        assert!(rule(r#"{"kind":"drop","probability":0}"#)
            .validate()
            .is_err());
    }

    #[test]
    fn rejects_unknown_fields_and_bad_values() {
        assert!(serde_json::from_str::<FaultRule>(r#"{"kind":"status","stauts":500}"#).is_err());
        assert!(serde_json::from_str::<FaultRule>(r#"{"kind":"explode"}"#).is_err());
        assert!(rule(r#"{"kind":"status","status":99}"#).validate().is_err());
        assert!(rule(r#"{"kind":"delay","count":-2}"#).validate().is_err());
    }
}
