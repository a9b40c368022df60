//! The admin API under `/__admin/` (no authentication, JSON): lets tests and the
//! demo inspect the state and request log, inject faults and latency, set DNS
//! statuses, create websites, flip switches and reset to the seeded state.

use hyper::{Method, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::body::{self, Body};
use crate::clock;
use crate::faults::FaultRule;
use crate::state::Panel;
use crate::world::{DnsStatus, Failure};

fn bad(message: impl Into<String>) -> Failure {
    Failure::invalid(message)
}

fn parse<'a, T: Deserialize<'a>>(raw: &'a [u8]) -> Result<T, Failure> {
    serde_json::from_slice(raw).map_err(|e| bad(format!("Invalid request body: {e}")))
}

/// Answers an admin request; `path` is the part after `/__admin/`.
pub fn handle(panel: &Panel, method: &Method, path: &str, raw: &[u8]) -> Response<Body> {
    let path = path.trim_matches('/');
    let result = match (method.as_str(), path) {
        ("GET", "") => Ok(body::json(200, &index())),
        ("GET", "state") => Ok(state(panel)),
        ("POST", "faults") => add_faults(panel, raw),
        ("DELETE", "faults") => {
            panel.lock().faults.clear();
            Ok(body::json(200, &json!({ "faults": [] })))
        }
        ("POST", "latency") => set_latency(panel, raw),
        ("POST", "dns") => set_dns(panel, raw),
        ("POST", "websites") => add_website(panel, raw),
        ("POST", "switches") => set_switches(panel, raw),
        ("POST", "reset") => {
            panel.reset();
            Ok(body::json(200, &json!({ "reset": true })))
        }
        _ => Err(Failure::not_found(format!(
            "No admin route for {method} /__admin/{path}"
        ))),
    };
    result.unwrap_or_else(|f| body::failure(&f))
}

fn index() -> Value {
    json!({
        "routes": [
            "GET /__admin/state",
            "POST /__admin/faults {\"faults\":[rule...],\"seed\"?:N}",
            "DELETE /__admin/faults",
            "POST /__admin/latency {\"ms\":N}",
            "POST /__admin/dns {\"domain\":\"x.com\",\"status\":\"Resolved\"}",
            "POST /__admin/websites {\"org_id\"?,\"domain\",\"server_id\"?,\"aliases\"?,\"status\"?}",
            "POST /__admin/switches {\"mo_token\"?,\"memberships_refused\"?,\"closte_item_shape\"?,\"preflight_refuse\"?,\"preflight_reason\"?,\"prohibited\"?}",
            "POST /__admin/reset"
        ]
    })
}

fn state(panel: &Panel) -> Response<Body> {
    let inner = panel.lock();
    let world = &inner.world;
    let orgs: Vec<Value> = world
        .orgs
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "name": o.name,
                "is_master": o.is_master,
                "parent_id": o.parent,
            })
        })
        .collect();
    let servers: Vec<Value> = world
        .servers
        .iter()
        .map(|s| json!({ "id": s.id, "friendly_name": s.friendly_name, "hostname": s.hostname, "ip": s.ip }))
        .collect();
    let websites: Vec<Value> = world
        .website_order
        .iter()
        .filter_map(|id| world.websites.get(id))
        .map(|site| {
            let domains: Vec<Value> = world
                .mappings(site)
                .map(|d| {
                    json!({
                        "id": d.id,
                        "domain": d.name,
                        "kind": d.kind.as_str(),
                        "dns_status": d.dns.as_str(),
                        "cert_issuer": d.cert.issuer(&d.name),
                    })
                })
                .collect();
            json!({
                "id": site.id,
                "org_id": site.org_id,
                "domain": world.domains.get(&site.primary).map(|d| d.name.as_str()),
                "server_id": site.server_id,
                "kind": site.kind,
                "domains": domains,
            })
        })
        .collect();
    body::json(
        200,
        &json!({
            "requests": inner.requests,
            "connections": panel.connections(),
            "log": inner.log,
            "master_org_id": world.master_org,
            "customer_org_id": world.customer_org,
            "orgs": orgs,
            "servers": servers,
            "websites": websites,
            "closte": { "app_domain": crate::closte::APP_DOMAIN, "aliases": inner.closte.aliases },
            "faults": inner.faults,
            "latency_ms": inner.latency_ms,
            "switches": inner.switches,
            "prohibited": world.prohibited,
            "alias_quota": panel.alias_quota,
        }),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultsBody {
    faults: Vec<FaultRule>,
    /// Seeds the draws of rules with a `probability`.
    #[serde(default)]
    seed: Option<u64>,
}

fn add_faults(panel: &Panel, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let new: FaultsBody = parse(raw)?;
    for rule in &new.faults {
        rule.validate().map_err(bad)?;
    }
    let mut inner = panel.lock();
    if let Some(seed) = new.seed {
        inner.chance = crate::faults::Chance::seeded(seed);
    }
    inner
        .faults
        .extend(new.faults.into_iter().filter(|r| r.count != 0));
    Ok(body::json(200, &json!({ "faults": inner.faults })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LatencyBody {
    ms: u64,
}

fn set_latency(panel: &Panel, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let new: LatencyBody = parse(raw)?;
    panel.lock().latency_ms = new.ms;
    Ok(body::json(200, &json!({ "latency_ms": new.ms })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DnsBody {
    domain: String,
    status: String,
}

fn set_dns(panel: &Panel, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let new: DnsBody = parse(raw)?;
    let status = DnsStatus::parse(&new.status).ok_or_else(|| {
        bad(format!(
            "Unknown DNS status {}: use Resolved, ForeignServer, Failed, Mixed, Unknown or Error",
            new.status
        ))
    })?;
    let mut inner = panel.lock();
    inner.world.set_dns(&new.domain, status, clock::now())?;
    let id = inner.world.by_name[&new.domain];
    let d = &inner.world.domains[&id];
    Ok(body::json(
        200,
        &json!({
            "id": d.id,
            "domain": d.name,
            "dns_status": d.dns.as_str(),
            "cert_issuer": d.cert.issuer(&d.name),
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebsiteBody {
    #[serde(default)]
    org_id: Option<Uuid>,
    domain: String,
    #[serde(default)]
    server_id: Option<Uuid>,
    /// Aliases given to the new website even when another website already holds
    /// the name: lets a test stage the ambiguous states that a panel's history
    /// can leave behind, which the public API refuses to create.
    #[serde(default)]
    aliases: Vec<String>,
    /// `deleted` makes a website as deletion leaves it: listed by searches, its
    /// names free for live websites.
    #[serde(default)]
    status: Option<String>,
}

fn add_website(panel: &Panel, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let new: WebsiteBody = parse(raw)?;
    let mut inner = panel.lock();
    let world = &mut inner.world;
    let org = new.org_id.unwrap_or(world.customer_org);
    let server = new.server_id.unwrap_or(world.app_server);
    let id = match new.status.as_deref() {
        None | Some("active") => {
            world.create_website(org, &new.domain, server, "normal", true, clock::now())?
        }
        Some("deleted") => world.create_deleted_website(org, &new.domain, server, clock::now())?,
        Some(other) => {
            return Err(bad(format!(
                "Unknown status {other}: use active or deleted"
            )))
        }
    };
    for alias in &new.aliases {
        world.add_alias_unchecked(id, alias)?;
    }
    Ok(body::json(200, &json!({ "id": id })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SwitchesBody {
    #[serde(default)]
    mo_token: Option<bool>,
    #[serde(default)]
    preflight_refuse: Option<bool>,
    #[serde(default)]
    preflight_reason: Option<String>,
    #[serde(default)]
    prohibited: Option<Vec<String>>,
    #[serde(default)]
    memberships_refused: Option<bool>,
    #[serde(default)]
    closte_item_shape: Option<String>,
}

fn set_switches(panel: &Panel, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let new: SwitchesBody = parse(raw)?;
    let mut inner = panel.lock();
    if let Some(v) = new.mo_token {
        inner.switches.mo_token = v;
    }
    if let Some(v) = new.preflight_refuse {
        inner.switches.preflight_refuse = v;
    }
    if let Some(v) = new.preflight_reason {
        inner.switches.preflight_reason = v;
    }
    if let Some(v) = new.prohibited {
        inner.world.prohibited = v;
    }
    if let Some(v) = new.memberships_refused {
        inner.switches.memberships_refused = v;
    }
    if let Some(v) = new.closte_item_shape {
        if !["domain", "hostname", "string", "unknown"].contains(&v.as_str()) {
            return Err(bad(format!(
                "Unknown closte_item_shape {v}: use domain, hostname, string or unknown"
            )));
        }
        inner.switches.closte_item_shape = v;
    }
    Ok(body::json(
        200,
        &json!({ "switches": inner.switches, "prohibited": inner.world.prohibited }),
    ))
}
