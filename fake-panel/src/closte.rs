//! Closte's client API under `/closte/api/client/<action>`, as Closte's own
//! must-use plugin and Ultimate Multisite's Closte integration call it: the key in
//! an `apikey` form field (POST) or query parameter (GET), answers
//! `{"success": true, ...}` or `{"success": false, "error": "..."}` with HTTP 200.
//!
//! Closte publishes no API document. Where public client code shows nothing
//! (the `getdomains` item shape, the answer to a bad key or to a duplicate alias),
//! this panel makes a plain choice and says so: items are
//! `{"domain", "wildcard", "type": "alias"}` (other shapes through the admin
//! switch `closte_item_shape`, one of them a shape no client reads), a bad key answers
//! `Invalid API key`, a duplicate alias answers `Domain alias already exists: <d>`
//! and removing an unknown one `Domain alias not found: <d>`.

use hyper::{Method, Response};
use serde::Serialize;
use serde_json::{json, Value};

use crate::body::{self, Body};
use crate::state::Panel;
use crate::world::validate_domain;

/// The Closte app's primary domain.
pub const APP_DOMAIN: &str = "network-closte.test";

/// One domain alias of the Closte app.
#[derive(Clone, Debug, Serialize)]
pub struct ClosteAlias {
    pub domain: String,
    pub wildcard: bool,
    #[serde(skip)]
    pub id: u64,
}

/// The Closte app behind the key.
#[derive(Clone, Debug, Default)]
pub struct ClosteApp {
    pub aliases: Vec<ClosteAlias>,
    pub tasks: u64,
}

/// A request under `/closte/api/client/`.
pub struct ClosteRequest<'a> {
    pub method: &'a Method,
    pub action: &'a str,
    pub query: Option<&'a str>,
    pub body: &'a [u8],
}

fn fail(message: &str) -> Response<Body> {
    body::json(200, &json!({ "success": false, "error": message }))
}

fn fields(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub fn handle(panel: &Panel, req: &ClosteRequest) -> Response<Body> {
    let form = if req.method == Method::POST {
        fields(&String::from_utf8_lossy(req.body))
    } else {
        fields(req.query.unwrap_or(""))
    };
    match field(&form, "apikey") {
        None | Some("") => return fail("API key is required"),
        Some(key) if key != panel.closte_key => return fail("Invalid API key"),
        Some(_) => {}
    }
    let post = req.method == Method::POST;
    match req.action.trim_end_matches('/') {
        "getdomains" if req.method == Method::GET => list(panel),
        "adddomainalias" if post => add(panel, &form),
        "deletedomainalias" if post => delete(panel, &form),
        "gettaskstatus" if post => task(&form),
        "getdomains" | "adddomainalias" | "deletedomainalias" | "gettaskstatus" => body::json(
            405,
            &json!({ "success": false, "error": "Method not allowed" }),
        ),
        other => body::json(
            404,
            &json!({ "success": false, "error": format!("Unknown action: {other}") }),
        ),
    }
}

fn list(panel: &Panel) -> Response<Body> {
    let inner = panel.lock();
    let domains: Vec<Value> = inner
        .closte
        .aliases
        .iter()
        .map(|a| match inner.switches.closte_item_shape.as_str() {
            "hostname" => json!({ "hostname": a.domain, "wildcard": a.wildcard }),
            "string" => json!(a.domain),
            "unknown" => json!({ "id": a.id, "fqdn": a.domain }),
            _ => json!({ "domain": a.domain, "wildcard": a.wildcard, "type": "alias" }),
        })
        .collect();
    body::json(200, &json!({ "success": true, "domains": domains }))
}

/// The name as Closte keeps it, and whether it is a wildcard.
fn parse_domain(form: &[(String, String)]) -> Result<(String, bool), String> {
    let raw = field(form, "domain")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (bare, star) = match raw.strip_prefix("*.") {
        Some(rest) => (rest.to_string(), true),
        None => (raw.clone(), false),
    };
    if bare.is_empty() || validate_domain(&bare).is_err() {
        return Err(format!("Invalid or empty domain: {raw}"));
    }
    let flag = matches!(field(form, "wildcard"), Some("1") | Some("true"));
    Ok((raw, star || flag))
}

fn add(panel: &Panel, form: &[(String, String)]) -> Response<Body> {
    let (domain, wildcard) = match parse_domain(form) {
        Ok(d) => d,
        Err(message) => return fail(&message),
    };
    let mut inner = panel.lock();
    if domain == APP_DOMAIN || inner.closte.aliases.iter().any(|a| a.domain == domain) {
        return fail(&format!("Domain alias already exists: {domain}"));
    }
    inner.closte.tasks += 1;
    let task = inner.closte.tasks;
    inner.closte.aliases.push(ClosteAlias {
        domain,
        wildcard,
        id: task,
    });
    body::json(200, &json!({ "success": true, "task_id": task }))
}

fn delete(panel: &Panel, form: &[(String, String)]) -> Response<Body> {
    let (domain, _) = match parse_domain(form) {
        Ok(d) => d,
        Err(message) => return fail(&message),
    };
    let mut inner = panel.lock();
    let before = inner.closte.aliases.len();
    inner.closte.aliases.retain(|a| a.domain != domain);
    if inner.closte.aliases.len() == before {
        return fail(&format!("Domain alias not found: {domain}"));
    }
    inner.closte.tasks += 1;
    let task = inner.closte.tasks;
    body::json(200, &json!({ "success": true, "task_id": task }))
}

fn task(form: &[(String, String)]) -> Response<Body> {
    match field(form, "id").and_then(|id| id.parse::<u64>().ok()) {
        Some(id) => body::json(
            200,
            &json!({ "success": true, "task": { "id": id, "status": "completed" } }),
        ),
        None => fail("Invalid task id"),
    }
}
