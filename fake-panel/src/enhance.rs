//! The Enhance API under `/api/`: bearer-token authentication, routing, and the
//! handlers for memberships, servers, websites, domain mappings, DNS status, the
//! domain check and the SSL (Let's Encrypt) calls, answering with the field names
//! of Enhance's OpenAPI 12.23.0 schemas.

use hyper::{Method, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::body::{self, Body};
use crate::clock;
use crate::state::{Inner, Panel};
use crate::world::{Cert, DnsStatus, Domain, Failure, MappingKind, Website, World};

/// An `/api/` request, with the path after `/api/`.
pub struct ApiRequest<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub authorization: Option<&'a [u8]>,
    pub body: &'a [u8],
}

enum Route {
    Memberships,
    Servers,
    Websites(Uuid),
    Website(Uuid, Uuid),
    Domains(Uuid, Uuid),
    AddDomain(Uuid, Uuid),
    Domain(Uuid, Uuid, Uuid),
    DeleteDomain(Uuid, Uuid, Uuid),
    DnsStatus(Uuid, Uuid, Uuid),
    CheckDomain(Uuid),
    Preflight(Uuid),
    LetsEncrypt(Uuid),
    Ssl(Uuid),
}

enum RouteError {
    NotFound,
    BadUuid,
}

fn id(segment: &str) -> Result<Uuid, RouteError> {
    Uuid::parse_str(segment).map_err(|_| RouteError::BadUuid)
}

fn route(method: &Method, path: &str) -> Result<Route, RouteError> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = path.split('/').collect();
    let (get, post, delete) = (
        method == Method::GET,
        method == Method::POST,
        method == Method::DELETE,
    );
    Ok(match segs.as_slice() {
        ["login", "memberships"] if get => Route::Memberships,
        ["servers"] if get => Route::Servers,
        ["orgs", o, "websites"] if get => Route::Websites(id(o)?),
        ["orgs", o, "websites", w] if get => Route::Website(id(o)?, id(w)?),
        ["orgs", o, "websites", w, "domains"] if get => Route::Domains(id(o)?, id(w)?),
        ["orgs", o, "websites", w, "domains"] if post => Route::AddDomain(id(o)?, id(w)?),
        ["orgs", o, "websites", w, "domains", d] if get => Route::Domain(id(o)?, id(w)?, id(d)?),
        ["orgs", o, "websites", w, "domains", d] if delete => {
            Route::DeleteDomain(id(o)?, id(w)?, id(d)?)
        }
        ["orgs", o, "websites", w, "domains", d, "dns-status"] if get => {
            Route::DnsStatus(id(o)?, id(w)?, id(d)?)
        }
        ["orgs", o, "domains", "check"] if post => Route::CheckDomain(id(o)?),
        ["v2", "domains", d, "letsencrypt_preflight"] if post => Route::Preflight(id(d)?),
        ["v2", "domains", d, "letsencrypt"] if post => Route::LetsEncrypt(id(d)?),
        ["v2", "domains", d, "ssl"] if get => Route::Ssl(id(d)?),
        _ => return Err(RouteError::NotFound),
    })
}

fn fail(f: Failure) -> Response<Body> {
    body::failure(&f)
}

/// Which org a bearer token belongs to.
fn caller_org(panel: &Panel, value: &[u8]) -> Option<Uuid> {
    let token = value
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case(b"bearer "))
        .map(|_| &value[7..])?;
    let world = panel.seed();
    if token == panel.tokens.master.as_bytes() {
        Some(world.master_org)
    } else if token == panel.tokens.customer.as_bytes() {
        Some(world.customer_org)
    } else {
        None
    }
}

/// The org a route works in, when it names one.
fn route_org(route: &Route) -> Option<Uuid> {
    match *route {
        Route::Websites(o)
        | Route::Website(o, _)
        | Route::Domains(o, _)
        | Route::AddDomain(o, _)
        | Route::Domain(o, _, _)
        | Route::DeleteDomain(o, _, _)
        | Route::DnsStatus(o, _, _)
        | Route::CheckDomain(o) => Some(o),
        _ => None,
    }
}

/// The caller may act in `org`: it is the caller's org or a customer below it.
/// An unknown org is a 404, as the panel answers it.
fn reach(world: &World, caller: Uuid, org: Uuid) -> Result<(), Failure> {
    org_check(world, org)?;
    if world.org_tree(caller).contains(&org) {
        Ok(())
    } else {
        Err(Failure::unauthorized(format!(
            "The access token has no access to organization {org}"
        )))
    }
}

fn master_only(world: &World, caller: Uuid) -> Result<(), Failure> {
    if caller == world.master_org {
        Ok(())
    } else {
        Err(Failure::unauthorized(
            "This call needs at least a SuperAdmin of the master organization",
        ))
    }
}

/// Answers an `/api/` request.
pub fn handle(panel: &Panel, req: &ApiRequest<'_>) -> Response<Body> {
    let caller =
        match req.authorization {
            None => {
                return body::error(
                    401,
                    "no_session_token",
                    "No session token or access token was provided",
                )
            }
            Some(value) => match caller_org(panel, value) {
                Some(org) => org,
                None => return body::error(
                    403,
                    "unauthorized",
                    "The access token is invalid, expired or lacks the privileges for this call",
                ),
            },
        };
    let route = match route(req.method, req.path) {
        Ok(r) => r,
        Err(RouteError::BadUuid) => return body::text(404, "UUID parsing failed"),
        Err(RouteError::NotFound) => {
            return body::error(
                404,
                "not_found",
                &format!("No route for {} /api/{}", req.method, req.path),
            )
        }
    };
    let allowed = {
        let inner = panel.lock();
        let world = &inner.world;
        match route {
            // Reading one mapping by id needs a SuperAdmin of the master org.
            Route::Domain(o, _, _) => {
                reach(world, caller, o).and_then(|_| master_only(world, caller))
            }
            Route::Preflight(d) | Route::LetsEncrypt(d) | Route::Ssl(d) => domain(world, d)
                .and_then(|dom| {
                    let org = world.websites.get(&dom.website_id).map(|w| w.org_id);
                    org.map_or(Ok(()), |o| reach(world, caller, o))
                }),
            ref r => route_org(r).map_or(Ok(()), |o| reach(world, caller, o)),
        }
    };
    if let Err(f) = allowed {
        return fail(f);
    }
    let query = Query::parse(req.query);
    let result = match route {
        Route::Memberships => memberships(&panel.lock(), caller),
        Route::Servers => servers(&panel.lock(), caller, &query),
        Route::Websites(org) => websites(&panel.lock().world, caller, org, &query),
        Route::Website(org, w) => {
            let inner = panel.lock();
            website(&inner.world, org, w)
                .map(|site| body::json(200, &website_out(&inner.world, site, false, true)))
        }
        Route::Domains(org, w) => list_domains(&panel.lock().world, org, w, &query),
        Route::AddDomain(org, w) => add_domain(panel, org, w, req.body),
        Route::Domain(org, w, d) => {
            let inner = panel.lock();
            mapping(&inner.world, org, w, d).map(|dom| body::json(200, &mapping_out(dom, false)))
        }
        Route::DeleteDomain(org, w, d) => {
            let mut inner = panel.lock();
            website(&inner.world, org, w)
                .map(|_| ())
                .and_then(|_| inner.world.remove_mapping(w, d))
                .map(|_| body::empty(204))
        }
        Route::DnsStatus(org, w, d) => {
            let inner = panel.lock();
            mapping(&inner.world, org, w, d).map(|dom| body::json(200, dom.dns.as_str()))
        }
        Route::CheckDomain(org) => check_domain(&panel.lock().world, org, req.body),
        Route::Preflight(d) => {
            let inner = panel.lock();
            domain(&inner.world, d).map(|dom| {
                let out = match preflight(&inner, dom) {
                    Ok(()) => json!({ "canIssue": true }),
                    Err(reason) => json!({ "canIssue": false, "error": reason }),
                };
                body::json(200, &out)
            })
        }
        Route::LetsEncrypt(d) => {
            let mut inner = panel.lock();
            let checked = domain(&inner.world, d).map(|dom| preflight(&inner, dom));
            match checked {
                Err(f) => Err(f),
                Ok(Err(reason)) => Err(Failure::invalid(reason)),
                Ok(Ok(())) => {
                    if let Some(dom) = inner.world.domains.get_mut(&d) {
                        dom.cert = Cert::Issued(clock::now());
                    }
                    Ok(body::empty(201))
                }
            }
        }
        Route::Ssl(d) => ssl(panel, d),
    };
    result.unwrap_or_else(fail)
}

/// Query-string parameters.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(query: Option<&str>) -> Query {
        Query(
            url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn bool(&self, name: &str) -> Result<bool, Failure> {
        match self.get(name) {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("") => Ok(true),
            Some(v) => Err(Failure::invalid(format!("Invalid boolean for {name}: {v}"))),
        }
    }

    fn usize(&self, name: &str) -> Result<Option<usize>, Failure> {
        self.get(name)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    Failure::invalid(format!(
                        "Invalid value for {name}: expected a non-negative integer"
                    ))
                })
            })
            .transpose()
    }

    /// Applies `offset` and `limit` to a list, keeping the total before paging.
    fn page<T>(&self, items: Vec<T>) -> Result<(Vec<T>, usize), Failure> {
        let total = items.len();
        let offset = self.usize("offset")?.unwrap_or(0);
        let limit = self.usize("limit")?.unwrap_or(usize::MAX);
        Ok((items.into_iter().skip(offset).take(limit).collect(), total))
    }
}

fn org_check(world: &World, org: Uuid) -> Result<(), Failure> {
    world
        .org(org)
        .map(|_| ())
        .ok_or_else(|| Failure::not_found(format!("Organization {org} not found")))
}

fn website(world: &World, org: Uuid, w: Uuid) -> Result<&Website, Failure> {
    org_check(world, org)?;
    world
        .websites
        .get(&w)
        .filter(|site| site.org_id == org)
        .ok_or_else(|| Failure::not_found(format!("Website {w} not found")))
}

fn mapping(world: &World, org: Uuid, w: Uuid, d: Uuid) -> Result<&Domain, Failure> {
    website(world, org, w)?;
    world
        .domains
        .get(&d)
        .filter(|dom| dom.website_id == w)
        .ok_or_else(|| Failure::not_found(format!("Domain {d} not found")))
}

fn domain(world: &World, d: Uuid) -> Result<&Domain, Failure> {
    world
        .domains
        .get(&d)
        .ok_or_else(|| Failure::not_found(format!("Domain {d} not found")))
}

fn parse_body<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(|e| Failure::invalid(format!("Invalid request body: {e}")))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MembershipOut<'a> {
    member_id: Uuid,
    org_id: Uuid,
    org_name: &'a str,
    is_master_org: bool,
    roles: &'a [&'static str],
    site_access_count: u32,
}

/// The memberships of the token's login: an access token belongs to one org.
fn memberships(inner: &Inner, caller: Uuid) -> Result<Response<Body>, Failure> {
    if inner.switches.memberships_refused {
        return Err(Failure::unauthorized(
            "The access token may not list login memberships",
        ));
    }
    let memberships: Vec<MembershipOut<'_>> = inner
        .world
        .orgs
        .iter()
        .filter(|o| o.id == caller)
        .map(|o| MembershipOut {
            member_id: o.member_id,
            org_id: o.id,
            org_name: &o.name,
            is_master_org: o.is_master,
            roles: &o.roles,
            site_access_count: 0,
        })
        .collect();
    Ok(body::json(200, &json!({ "memberships": memberships })))
}

fn servers(inner: &Inner, caller: Uuid, query: &Query) -> Result<Response<Body>, Failure> {
    if !inner.switches.mo_token || caller != inner.world.master_org {
        return Err(Failure::new(
            403,
            "only_mo_allowed",
            "Only members of the master organization may call this",
        ));
    }
    let items: Vec<serde_json::Value> = inner
        .world
        .servers
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "groupId": s.group_id,
                "isControlPanel": s.is_control_panel,
                "isConfigured": true,
                "friendlyName": s.friendly_name,
                "hostname": s.hostname,
                "ips": [{ "ip": s.ip, "isPrimary": true }],
                "roles": {
                    "application": "enabled",
                    "backup": "notInstalled",
                    "database": "enabled",
                    "dns": if s.is_control_panel { "enabled" } else { "notInstalled" },
                    "email": "notInstalled",
                    "postgresql": "notInstalled"
                },
                "createdAt": clock::rfc3339(s.created_at),
                "controld": "12.23.0",
                "isDecommissioned": false,
                "appcdVersion": "12.23.0",
                "updateRequired": false,
                "mysqlKind": "mysql80"
            })
        })
        .collect();
    let (items, total) = query.page(items)?;
    Ok(body::json(200, &json!({ "items": items, "total": total })))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebsiteDomainOut<'a> {
    id: Uuid,
    domain: &'a str,
    document_root: &'a str,
    kind: &'static str,
    cloudflare_status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebsiteOut<'a> {
    id: Uuid,
    domain: WebsiteDomainOut<'a>,
    aliases: Vec<WebsiteDomainOut<'a>>,
    subdomains: Vec<WebsiteDomainOut<'a>>,
    status: &'static str,
    color_code: &'static str,
    size: u64,
    org_id: Uuid,
    org: &'a str,
    kind: &'static str,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_server_id: Option<Uuid>,
    /// The addresses of the server the website runs on.
    server_ips: Vec<ServerIpOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServerIpOut<'a> {
    ip: &'a str,
    is_primary: bool,
}

fn website_domain(d: &Domain) -> WebsiteDomainOut<'_> {
    WebsiteDomainOut {
        id: d.id,
        domain: &d.name,
        document_root: &d.document_root,
        kind: d.kind.as_str(),
        cloudflare_status: "Disconnected",
    }
}

/// A website as the API shows it; `aliases` only when asked for (`showAliases`,
/// or a single website).
fn website_out<'a>(
    world: &'a World,
    site: &'a Website,
    with_server: bool,
    with_aliases: bool,
) -> WebsiteOut<'a> {
    let mut aliases = Vec::new();
    let mut subdomains = Vec::new();
    let mut primary = None;
    for d in world.mappings(site) {
        match d.kind {
            MappingKind::Primary => primary = Some(website_domain(d)),
            MappingKind::Alias if with_aliases => aliases.push(website_domain(d)),
            MappingKind::Alias => {}
            MappingKind::Subdomain => subdomains.push(website_domain(d)),
            MappingKind::Preview | MappingKind::Addon => {}
        }
    }
    let primary = primary.unwrap_or(WebsiteDomainOut {
        id: site.primary,
        domain: "",
        document_root: "public_html",
        kind: "primary",
        cloudflare_status: "Disconnected",
    });
    WebsiteOut {
        id: site.id,
        domain: primary,
        aliases,
        subdomains,
        status: site.status,
        color_code: site.color_code,
        size: site.size,
        org_id: site.org_id,
        org: world.org(site.org_id).map_or("", |o| o.name.as_str()),
        kind: site.kind,
        created_at: clock::rfc3339(site.created_at),
        app_server_id: with_server.then_some(site.server_id),
        server_ips: world
            .server(site.server_id)
            .map(|s| ServerIpOut {
                ip: &s.ip,
                is_primary: true,
            })
            .into_iter()
            .collect(),
    }
}

fn matches_search(world: &World, site: &Website, needle: &str, with_aliases: bool) -> bool {
    if site.id.to_string() == needle {
        return true;
    }
    world.mappings(site).any(|d| {
        (d.kind == MappingKind::Primary || (with_aliases && d.kind == MappingKind::Alias))
            && d.name.contains(needle)
    })
}

/// `GET /orgs/{org}/websites`: the org's own websites, its customers' with
/// `recursion`, deleted ones unless `showDeleted=false` (a master-org-only
/// parameter), aliases searched and shown only with `showAliases=true`.
fn websites(
    world: &World,
    caller: Uuid,
    org: Uuid,
    query: &Query,
) -> Result<Response<Body>, Failure> {
    org_check(world, org)?;
    let orgs = match query.get("recursion") {
        None => vec![org],
        Some("infinite") => world.org_tree(org),
        Some("directCustomers") => {
            let mut orgs = vec![org];
            orgs.extend(
                world
                    .orgs
                    .iter()
                    .filter(|o| o.parent == Some(org))
                    .map(|o| o.id),
            );
            orgs
        }
        Some(other) => {
            return Err(Failure::invalid(format!(
                "Invalid value for recursion: {other} (expected directCustomers or infinite)"
            )))
        }
    };
    let recursive = orgs.len() > 1 || query.get("recursion").is_some();
    if query.get("showDeleted").is_some() && caller != world.master_org {
        return Err(Failure::unauthorized(
            "Only the master organization may set showDeleted",
        ));
    }
    let show_deleted = query.get("showDeleted").is_none() || query.bool("showDeleted")?;
    let with_aliases = query.bool("showAliases")?;
    let servers = match query.get("servers").filter(|s| !s.is_empty()) {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(|s| {
                    Uuid::parse_str(s.trim())
                        .map_err(|_| Failure::invalid(format!("Invalid server id in servers: {s}")))
                })
                .collect::<Result<Vec<Uuid>, Failure>>()?,
        ),
    };
    let needle = query
        .get("search")
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let found: Vec<&Website> = world
        .website_order
        .iter()
        .filter_map(|id| world.websites.get(id))
        .filter(|site| orgs.contains(&site.org_id))
        .filter(|site| show_deleted || site.status != "deleted")
        .filter(|site| servers.as_ref().is_none_or(|s| s.contains(&site.server_id)))
        .filter(|site| {
            needle
                .as_deref()
                .is_none_or(|n| matches_search(world, site, n, with_aliases))
        })
        .collect();
    let (page, total) = query.page(found)?;
    // Server ids are shown only to the master org, and only in recursive queries.
    let with_server = recursive && caller == world.master_org;
    let items: Vec<WebsiteOut<'_>> = page
        .into_iter()
        .map(|site| website_out(world, site, with_server, with_aliases))
        .collect();
    Ok(body::json(200, &json!({ "items": items, "total": total })))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CertOut<'a> {
    cn: &'a str,
    expires: String,
    issued: String,
    issuer: &'a str,
    sans: [&'a str; 1],
    force_https: bool,
}

fn cert_out(d: &Domain) -> CertOut<'_> {
    let (issued, expires) = d.cert.validity();
    CertOut {
        cn: &d.name,
        expires: clock::cert_date(expires),
        issued: clock::cert_date(issued),
        issuer: d.cert.issuer(&d.name),
        sans: [&d.name],
        force_https: false,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MappingOut<'a> {
    domain_id: Uuid,
    website_id: Uuid,
    domain: &'a str,
    document_root: &'a str,
    mapping_kind: &'static str,
    cloudflare_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cert: Option<CertOut<'a>>,
}

fn mapping_out(d: &Domain, with_ssl: bool) -> MappingOut<'_> {
    MappingOut {
        domain_id: d.id,
        website_id: d.website_id,
        domain: &d.name,
        document_root: &d.document_root,
        mapping_kind: d.kind.as_str(),
        cloudflare_status: "Disconnected",
        // As captured from a real panel: a preview mapping comes without `cert`.
        cert: (with_ssl && d.kind != MappingKind::Preview).then(|| cert_out(d)),
    }
}

fn list_domains(
    world: &World,
    org: Uuid,
    w: Uuid,
    query: &Query,
) -> Result<Response<Body>, Failure> {
    let site = website(world, org, w)?;
    let with_ssl = query.bool("withSsl")?;
    let items: Vec<MappingOut<'_>> = world
        .mappings(site)
        .map(|d| mapping_out(d, with_ssl))
        .collect();
    Ok(body::json(200, &json!({ "items": items })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewMappedDomain {
    domain: String,
    #[serde(default)]
    document_root: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

fn add_domain(panel: &Panel, org: Uuid, w: Uuid, raw: &[u8]) -> Result<Response<Body>, Failure> {
    let mut inner = panel.lock();
    website(&inner.world, org, w)?;
    let new: NewMappedDomain = parse_body(raw)?;
    let kind = match new.kind.as_deref() {
        None => MappingKind::Alias,
        Some(k) => MappingKind::parse(k)
            .ok_or_else(|| Failure::invalid(format!("Invalid domain mapping kind: {k}")))?,
    };
    let id = inner.world.add_mapping(
        w,
        &new.domain,
        kind,
        new.document_root.as_deref(),
        panel.alias_quota,
    )?;
    Ok(body::json(201, &json!({ "id": id })))
}

#[derive(Deserialize)]
struct NewDomain {
    domain: String,
}

fn check_domain(world: &World, org: Uuid, raw: &[u8]) -> Result<Response<Body>, Failure> {
    org_check(world, org)?;
    let new: NewDomain = parse_body(raw)?;
    crate::world::validate_domain(&new.domain)?;
    let out = if world.is_prohibited(&new.domain) {
        json!({ "status": "prohibited" })
    } else {
        let owner = world
            .by_name
            .get(&new.domain)
            .and_then(|id| world.domains.get(id))
            .and_then(|d| world.websites.get(&d.website_id));
        match owner {
            None if world.held_by_deleted(&new.domain) => json!({ "status": "inUseDeletedSite" }),
            None => json!({ "status": "notInUse" }),
            Some(site) if site.org_id == org => {
                json!({ "status": "inUseCurrentOrg", "websiteId": site.id })
            }
            Some(_) => json!({ "status": "inUseAnotherOrg" }),
        }
    };
    Ok(body::json(200, &out))
}

/// Whether Let's Encrypt could issue for the domain now, and if not, why.
fn preflight(inner: &Inner, d: &Domain) -> Result<(), String> {
    if inner.switches.preflight_refuse {
        return Err(inner.switches.preflight_reason.clone());
    }
    if d.dns != DnsStatus::Resolved {
        return Err(format!(
            "DNS does not resolve to this server (DNS status of {}: {})",
            d.name,
            d.dns.as_str()
        ));
    }
    Ok(())
}

fn ssl(panel: &Panel, d: Uuid) -> Result<Response<Body>, Failure> {
    let (name, cert) = {
        let inner = panel.lock();
        let dom = domain(&inner.world, d)?;
        (dom.name.clone(), dom.cert)
    };
    let issued_at = match cert {
        Cert::Placeholder => None,
        Cert::Issued(at) => Some(at),
    };
    let (pem, key) = panel
        .pki
        .domain_cert(&name, issued_at)
        .map_err(|e| Failure::new(500, "internal", e))?;
    let (issued, expires) = cert.validity();
    Ok(body::json(
        200,
        &json!({
            "cn": name,
            "expires": clock::cert_date(expires),
            "issued": clock::cert_date(issued),
            "issuer": cert.issuer(&name),
            "sans": [name],
            "cert": pem,
            "key": key,
            "force_https": false,
            "forceHttps": false
        }),
    ))
}
