//! The Enhance client: customer domains of a WordPress network are aliases of the
//! website that runs the network (`/orgs/{org}/websites/{website}/domains`).
//! Adding and removing are idempotent; a write whose outcome is unknown is settled
//! by reading the panel's state, never by sending it again blindly.

pub mod api;
pub mod errors;
mod ids;
pub mod settings;
pub mod status;
mod sync;

use crate::config::SettingSource;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::provider::{self, settle_write, CallError};
use crate::transport::{Request, Trouble};
use api::*;
use once_cell::sync::Lazy;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

pub use settings::EnhanceSettings;

/// The org and website the network's domains belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub org_id: String,
    pub website_id: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AddOutcome {
    pub domain: String,
    pub id: String,
    pub created: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemoveOutcome {
    pub domain: String,
    pub id: Option<String>,
    pub removed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SslInfo {
    pub issuer: String,
    pub cn: String,
    pub sans: Vec<String>,
    pub issued: String,
    pub expires: String,
    pub force_https: bool,
    /// Enhance's stand-in certificate: no real certificate yet.
    pub placeholder: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DomainEntry {
    pub domain: String,
    pub id: String,
    pub kind: Option<String>,
    pub document_root: Option<String>,
    pub ssl: Option<SslInfo>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConnectionReport {
    pub ok: bool,
    pub org_id: String,
    pub website_id: String,
    pub website_domain: String,
    pub domains: usize,
    /// The addresses of the website's server, the primary one first: what a
    /// mapped domain's A records should point at.
    pub server_ips: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Candidate {
    pub org_id: String,
    pub org_name: String,
    pub website_id: String,
    pub domain: String,
    pub server_id: Option<String>,
}

/// Page size used when searching websites.
const SEARCH_PAGE: u64 = 100;

static RESOLVED: Lazy<Mutex<HashMap<u64, Target>>> = Lazy::new(|| Mutex::new(HashMap::new()));

pub struct EnhanceClient {
    settings: EnhanceSettings,
}

impl EnhanceClient {
    pub fn new(settings: EnhanceSettings) -> Self {
        EnhanceClient { settings }
    }

    pub fn from_source(src: &dyn SettingSource) -> Result<Self> {
        EnhanceSettings::resolve(src).map(Self::new)
    }

    pub fn settings(&self) -> &EnhanceSettings {
        &self.settings
    }

    fn call<E: Endpoint>(&self, ep: &E) -> Result<E::Output> {
        self.call_raw(ep).map_err(|e| e.error)
    }

    fn call_raw<E: Endpoint>(&self, ep: &E) -> Result<E::Output, CallError> {
        self.call_noting(ep, &Trouble::default())
    }

    /// [`Self::call_raw`], with the strained attempts noted in `trouble`.
    fn call_noting<E: Endpoint>(&self, ep: &E, trouble: &Trouble) -> Result<E::Output, CallError> {
        let s = &self.settings;
        let mut url = s
            .base
            .join(&ep.path())
            .map_err(|e| Error::config(format!("cannot build the request URL: {e}")))?;
        let query = ep.query();
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let what = format!("{} {}", ep.method().as_str(), url.path());
        let req = Request {
            panel: "Enhance",
            method: ep.method(),
            url,
            bearer: Some(&s.token),
            body: ep.body(),
            http: &s.http,
        };
        let fail = CallError::new;
        let resp = provider::send("Enhance", &s.base, &what, &req, ep.retry(), trouble)?;
        if !resp.is_success() {
            let error = errors::from_status(&resp, &what, &ep.subject(), &s.token);
            return Err(fail(error, resp.status >= 500));
        }
        let body: &[u8] = if resp.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &resp.body
        };
        serde_json::from_slice(body).map_err(|e| {
            fail(
                Error::api(format!(
                    "Enhance API answered {what} (HTTP {}) with something that is not the expected JSON ({e}): {}",
                    resp.status,
                    s.token.scrub(&provider::summarize_body(&resp))
                ))
                .with_status(resp.status),
                true,
            )
        })
    }

    fn cache_key(&self) -> u64 {
        let s = &self.settings;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.base.as_str().hash(&mut h);
        s.token.expose().hash(&mut h);
        s.org_id.hash(&mut h);
        s.website_id.hash(&mut h);
        s.server_id.hash(&mut h);
        s.network_domain
            .as_ref()
            .map(DomainName::as_str)
            .hash(&mut h);
        h.finish()
    }

    /// The org and website to work on: configured, or discovered once per process.
    pub fn target(&self) -> Result<Target> {
        let s = &self.settings;
        if let (Some(org_id), Some(website_id)) = (&s.org_id, &s.website_id) {
            return Ok(Target {
                org_id: org_id.clone(),
                website_id: website_id.clone(),
            });
        }
        let key = self.cache_key();
        if let Some(t) = RESOLVED.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(t.clone());
        }
        let target = self.discover_target()?;
        RESOLVED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, target.clone());
        Ok(target)
    }

    /// Runs `f` on the target; a 404 drops a discovered target, so that a website
    /// made anew in the panel is found again on the next call.
    fn on_target<T>(&self, f: impl FnOnce(&Target) -> Result<T>) -> Result<T> {
        let target = self.target()?;
        let result = f(&target);
        if matches!(&result, Err(e) if e.status() == Some(404)) {
            RESOLVED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&self.cache_key());
        }
        result
    }

    /// The organisations to search: the configured one, else the token's login
    /// memberships. A panel that refuses the memberships is told by name what
    /// to define instead.
    fn orgs(&self) -> Result<Vec<LoginMembership>> {
        if let Some(org) = &self.settings.org_id {
            return Ok(vec![LoginMembership {
                org_id: org.clone(),
                org_name: String::new(),
                is_master_org: false,
                roles: Vec::new(),
            }]);
        }
        match self.call(&GetMemberships) {
            Ok(found) => Ok(found.memberships),
            Err(e) if refused(&e) => Err(Error::config(format!(
                "Enhance did not let the token list its organisations ({}): define WU_ENHANCE_ORG_ID (the \
                 organisation id shown with the token in Settings > Access tokens) and WU_ENHANCE_WEBSITE_ID \
                 (the id of the website that runs the network), so that nothing needs to be looked up",
                refusal(&e)
            ))),
            Err(e) => Err(e),
        }
    }

    fn discover_target(&self) -> Result<Target> {
        let s = &self.settings;
        if let Some(website_id) = &s.website_id {
            return self.find_owner(website_id);
        }
        if s.server_id.is_none() {
            return Err(Error::config(
                "Server ID is not configured: define WU_ENHANCE_SERVER_ID (the UUID of the Enhance server that runs \
                 the network) so the network's website can be found, or define WU_ENHANCE_ORG_ID and \
                 WU_ENHANCE_WEBSITE_ID",
            ));
        }
        let Some(domain) = &s.network_domain else {
            return Err(Error::config(
                "The network's domain is not known, so its Enhance website cannot be found: define \
                 DOMAIN_CURRENT_SITE (WordPress multisite does) or pass 'network_domain', or define \
                 WU_ENHANCE_ORG_ID and WU_ENHANCE_WEBSITE_ID",
            ));
        };
        let (orgs, found) = self.candidates(Some(domain), s.server_id.as_deref())?;
        match found.as_slice() {
            [one] => Ok(Target { org_id: one.org_id.clone(), website_id: one.website_id.clone() }),
            [] => Err(Error::config(format!(
                "No Enhance website with the domain {domain} was found on server {} in the token's organisations \
                 ({}) or their customers. Check DOMAIN_CURRENT_SITE and WU_ENHANCE_SERVER_ID, or define \
                 WU_ENHANCE_ORG_ID and WU_ENHANCE_WEBSITE_ID",
                s.server_id.as_deref().unwrap_or("?"),
                describe_orgs(&orgs)
            ))),
            many => Err(Error::config(format!(
                "Several Enhance websites match the domain {domain} on server {}: {}. Define WU_ENHANCE_ORG_ID and \
                 WU_ENHANCE_WEBSITE_ID to choose the one that runs the network",
                s.server_id.as_deref().unwrap_or("?"),
                many.iter()
                    .map(|c| format!("website {} in organisation {} ({})", c.website_id, c.org_id, c.org_name))
                    .collect::<Vec<_>>()
                    .join("; ")
            ))),
        }
    }

    /// The organisation that owns `website_id`: asked of each organisation of the
    /// token, then searched for by id below them (a master organisation's token
    /// reaches its customers' websites only that way).
    fn find_owner(&self, website_id: &str) -> Result<Target> {
        let orgs = self.orgs()?;
        let owner = |org_id: &str| Target {
            org_id: org_id.to_string(),
            website_id: website_id.to_string(),
        };
        for m in &orgs {
            match self.call(&GetWebsite {
                org_id: &m.org_id,
                website_id,
            }) {
                Ok(w) if !is_deleted(&w) => return Ok(owner(&m.org_id)),
                Ok(_) => {}
                Err(e) if matches!(e.status(), Some(403) | Some(404)) => {}
                Err(e) => return Err(e),
            }
        }
        let found = self.search(&orgs, Some(website_id), None)?;
        if let Some((w, m)) = found.iter().find(|(w, _)| w.id == website_id) {
            return Ok(owner(w.org_id.as_deref().unwrap_or(&m.org_id)));
        }
        Err(Error::config(format!(
            "Enhance website {website_id} (WU_ENHANCE_WEBSITE_ID) was not found in the token's organisations ({}) \
             or their customers; set WU_ENHANCE_ORG_ID to the organisation that owns it",
            describe_orgs(&orgs)
        )))
    }

    /// The live websites that `search` finds in each of `orgs` and the
    /// organisations below them, with the membership each was found through.
    /// Organisations the token may not search are skipped; when none may be
    /// searched, the error says what to define instead.
    fn search<'m>(
        &self,
        orgs: &'m [LoginMembership],
        search: Option<&str>,
        server_id: Option<&str>,
    ) -> Result<Vec<(Website, &'m LoginMembership)>> {
        let mut found: Vec<(Website, &LoginMembership)> = Vec::new();
        let mut refusals: Vec<String> = Vec::new();
        for m in orgs {
            let mut offset = 0;
            loop {
                let page = match self.call(&SearchWebsites {
                    org_id: &m.org_id,
                    search,
                    server_id,
                    offset,
                    limit: SEARCH_PAGE,
                }) {
                    Ok(page) => page,
                    Err(e) if refused(&e) || e.status() == Some(404) => {
                        refusals.push(format!("organisation {}: {}", m.org_id, refusal(&e)));
                        break;
                    }
                    Err(e) => return Err(e),
                };
                let count = page.items.len() as u64;
                for w in page.items {
                    if !is_deleted(&w) && !found.iter().any(|(seen, _)| seen.id == w.id) {
                        found.push((w, m));
                    }
                }
                offset += count;
                if count < SEARCH_PAGE || page.total.is_some_and(|t| offset >= t) {
                    break;
                }
            }
        }
        if !orgs.is_empty() && refusals.len() == orgs.len() {
            return Err(Error::config(format!(
                "Enhance did not let the token search for the network's website ({}): define WU_ENHANCE_ORG_ID \
                 and WU_ENHANCE_WEBSITE_ID (the organisation and the website that runs the network)",
                refusals.join("; ")
            )));
        }
        Ok(found)
    }

    /// Live websites of the token's organisations (and their customers') that
    /// carry `domain` (as primary or alias), on `server_id` when given.
    fn candidates(
        &self,
        domain: Option<&DomainName>,
        server_id: Option<&str>,
    ) -> Result<(Vec<LoginMembership>, Vec<Candidate>)> {
        let orgs = self.orgs()?;
        let websites = self.search(&orgs, domain.map(DomainName::as_str), server_id)?;
        let carries = |name: &str| domain.is_none_or(|d| name.eq_ignore_ascii_case(d.as_str()));
        let found = websites
            .into_iter()
            .filter(|(w, _)| {
                carries(&w.domain.domain) || w.aliases.iter().any(|a| carries(&a.domain))
            })
            .map(|(w, m)| Candidate {
                org_id: w.org_id.clone().unwrap_or_else(|| m.org_id.clone()),
                org_name: w
                    .org
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| m.org_name.clone()),
                website_id: w.id.clone(),
                domain: w.domain.domain.clone(),
                server_id: w
                    .app_server_id
                    .clone()
                    .or_else(|| server_id.map(str::to_string)),
            })
            .collect();
        Ok((orgs, found))
    }

    /// Websites the configured token can reach that match the network's domain
    /// (and server, when configured): the choices a setup wizard offers.
    pub fn discover(&self) -> Result<Vec<Candidate>> {
        let s = &self.settings;
        self.candidates(s.network_domain.as_ref(), s.server_id.as_deref())
            .map(|(_, c)| c)
    }

    fn find_domain(&self, t: &Target, domain: &DomainName) -> Result<Option<DomainMapping>> {
        Ok(self
            .domains(t, false)?
            .into_iter()
            .find(|m| m.domain.eq_ignore_ascii_case(domain.as_str())))
    }

    /// The website's domains; the listing also refreshes the known ids.
    fn domains(&self, t: &Target, with_ssl: bool) -> Result<Vec<DomainMapping>> {
        let listing = self.call(&ListDomains {
            org_id: &t.org_id,
            website_id: &t.website_id,
            with_ssl,
        })?;
        ids::replace(
            &self.ids_key(t),
            listing.items.iter().map(|m| {
                let known = ids::Known {
                    id: m.domain_id.clone(),
                    kind: m.mapping_kind.clone(),
                };
                (m.domain.to_ascii_lowercase(), known)
            }),
        );
        Ok(listing.items)
    }

    fn ids_key(&self, t: &Target) -> String {
        ids::key(&self.settings.base, &t.website_id)
    }

    /// Makes `domain` an alias of the network's website. Already there: `created` false.
    pub fn add_domain(&self, domain: &DomainName) -> Result<AddOutcome> {
        self.on_target(|t| self.add_to(t, domain))
    }

    fn add_to(&self, t: &Target, domain: &DomainName) -> Result<AddOutcome> {
        let done = |id: String, created: bool| AddOutcome {
            domain: domain.to_string(),
            id,
            created,
        };
        let check = self.call(&CheckDomain {
            org_id: &t.org_id,
            domain: domain.as_str(),
        })?;
        match check.status.as_str() {
            "inUseCurrentOrg" if check.website_id.as_deref().is_none_or(|w| w == t.website_id) => {
                if let Some(m) = self.find_domain(t, domain)? {
                    if let Some(conflict) = serves_not(&m) {
                        return Err(conflict);
                    }
                    return Ok(done(m.domain_id, false));
                }
            }
            "inUseCurrentOrg" => {
                return Err(Error::api(format!(
                    "{domain} is already mapped to another website ({}) of this Enhance organisation; remove it there first",
                    check.website_id.unwrap_or_default()
                ))
                .with_panel_error(Some(check.status), None))
            }
            "inUseAnotherOrg" => {
                return Err(Error::api(format!(
                    "{domain} is already used by another organisation on this Enhance panel; it cannot be mapped here"
                ))
                .with_panel_error(Some(check.status), None))
            }
            "inUseDeletedSite" => {
                return Err(Error::api(format!(
                    "{domain} is still held by a deleted website on this Enhance panel; purge that website first"
                ))
                .with_panel_error(Some(check.status), None))
            }
            "prohibited" => {
                return Err(Error::api(format!("The Enhance panel does not allow the domain {domain} (prohibited)"))
                    .with_panel_error(Some(check.status), None))
            }
            _ => {}
        }
        let create = CreateDomain {
            org_id: &t.org_id,
            website_id: &t.website_id,
            domain: domain.as_str(),
        };
        settle_write(
            || match self.call_raw(&create) {
                Ok(created) => {
                    let known = ids::Known {
                        id: created.id.clone(),
                        kind: Some("alias".into()),
                    };
                    ids::insert(&self.ids_key(t), domain.as_str(), known);
                    Ok(done(created.id, true))
                }
                Err(e)
                    if !e.unknown_outcome && matches!(e.error.status(), Some(400) | Some(409)) =>
                {
                    // Another worker may have added it in between.
                    match self.find_domain(t, domain) {
                        Ok(Some(m)) => Ok(done(m.domain_id, false)),
                        _ => Err(e),
                    }
                }
                Err(e) => Err(e),
            },
            // The panel may have made it while the answer was lost.
            || {
                Ok(self
                    .find_domain(t, domain)?
                    .map(|m| done(m.domain_id, true)))
            },
        )
    }

    /// Takes `domain` off the network's website. Not there: `removed` false.
    pub fn remove_domain(&self, domain: &DomainName) -> Result<RemoveOutcome> {
        self.on_target(|t| self.remove_from(t, domain))
    }

    fn remove_from(&self, t: &Target, domain: &DomainName) -> Result<RemoveOutcome> {
        let key = self.ids_key(t);
        // A known id needs no listing; if it proves stale, list and try once more.
        if let Some(known) = ids::get(&key, domain.as_str()) {
            let outcome = self.delete_known(t, domain, &known.id, known.kind.as_deref())?;
            if outcome.removed {
                return Ok(outcome);
            }
            ids::forget(&key, domain.as_str());
        }
        match self.find_domain(t, domain)? {
            Some(m) => self.delete_known(t, domain, &m.domain_id, m.mapping_kind.as_deref()),
            None => Ok(RemoveOutcome {
                domain: domain.to_string(),
                id: None,
                removed: false,
            }),
        }
    }

    /// Deletes the mapping `domain_id` of `domain`; `removed` false when it was gone.
    /// Only an alias is deleted: any other kind is refused, naming the kind.
    fn delete_known(
        &self,
        t: &Target,
        domain: &DomainName,
        domain_id: &str,
        kind: Option<&str>,
    ) -> Result<RemoveOutcome> {
        if kind != Some(ALIAS) {
            return Err(not_an_alias(domain, kind));
        }
        let done = |removed: bool| RemoveOutcome {
            domain: domain.to_string(),
            id: Some(domain_id.to_string()),
            removed,
        };
        let (org_id, website_id) = (&t.org_id[..], &t.website_id[..]);
        let outcome = settle_write(
            || match self.call_raw(&DeleteDomain {
                org_id,
                website_id,
                domain_id,
            }) {
                Ok(_) => Ok(done(true)),
                // Gone in between: someone else removed it.
                Err(e) if e.error.status() == Some(404) => Ok(done(false)),
                Err(e) => Err(e),
            },
            // The answer was lost: the website's domain list (which any token
            // that may delete may read) tells whether the mapping is gone.
            || {
                let still_there = self
                    .domains(t, false)?
                    .iter()
                    .any(|m| m.domain_id == domain_id);
                Ok((!still_there).then(|| done(true)))
            },
        )?;
        ids::forget(&self.ids_key(t), domain.as_str());
        Ok(outcome)
    }

    /// The website's domains with their certificates.
    pub fn list_domains(&self) -> Result<Vec<DomainEntry>> {
        let listing = self.on_target(|t| self.domains(t, true))?;
        Ok(listing
            .into_iter()
            .map(|m| {
                let ssl = m.cert.as_ref().map(|c| SslInfo::of(&m.domain, c));
                DomainEntry {
                    domain: m.domain,
                    id: m.domain_id,
                    kind: m.mapping_kind,
                    document_root: m.document_root,
                    ssl,
                }
            })
            .collect())
    }

    /// Reads the website and its domains: proves URL, token and ids, changes nothing.
    pub fn test_connection(&self) -> Result<ConnectionReport> {
        self.on_target(|t| self.read_website(t))
    }

    fn read_website(&self, t: &Target) -> Result<ConnectionReport> {
        let website = self.call(&GetWebsite {
            org_id: &t.org_id,
            website_id: &t.website_id,
        })?;
        let listing = self.call(&ListDomains {
            org_id: &t.org_id,
            website_id: &t.website_id,
            with_ssl: false,
        })?;
        let mut ips = website.server_ips;
        ips.sort_by_key(|ip| !ip.is_primary);
        Ok(ConnectionReport {
            ok: true,
            org_id: t.org_id.clone(),
            website_id: website.id,
            website_domain: website.domain.domain,
            domains: listing.items.len(),
            server_ips: ips.into_iter().map(|ip| ip.ip).collect(),
        })
    }
}

/// Why a mapping of the network's website does not serve the network although it
/// carries the name: an addon domain or a subdomain has a site of its own. The
/// website's own names (primary, preview) and aliases serve it.
pub(crate) fn serves_not(m: &DomainMapping) -> Option<Error> {
    match m.mapping_kind.as_deref() {
        Some(ALIAS | "primary" | "preview") => None,
        kind => Some(Error::invalid_domain(format!(
            "{} is mapped to the network's Enhance website as {}, not as an alias, so it does not serve the \
             network; remove that mapping in the Enhance panel, then map the domain again",
            m.domain,
            kind.map_or("a mapping of no stated kind".to_string(), |k| format!("its {k} domain"))
        ))),
    }
}

/// The refusal of a name that is mapped to the website, but not as an alias.
fn not_an_alias(domain: &DomainName, kind: Option<&str>) -> Error {
    match kind {
        Some(k @ ("primary" | "preview")) => Error::invalid_domain(format!(
            "{domain} is the {k} domain of the network's Enhance website; it is never removed"
        )),
        Some(k) => Error::invalid_domain(format!(
            "{domain} is mapped to the network's Enhance website as its {k} domain, not as an alias; wu_hosting \
             adds and removes aliases only. Remove it in the Enhance panel if it should go"
        )),
        None => Error::invalid_domain(format!(
            "{domain} is mapped to the network's Enhance website without a mapping kind in the panel's answer; \
             wu_hosting removes only what the panel names an alias. Remove it in the Enhance panel if it should go"
        )),
    }
}

/// The panel refused the token this call (401, 403).
fn refused(e: &Error) -> bool {
    matches!(e.status(), Some(401) | Some(403))
}

/// "HTTP 403 unauthorized": what a refusal said, without the advice for a bad token.
fn refusal(e: &Error) -> String {
    match (e.status(), e.api_code()) {
        (Some(status), Some(code)) => format!("HTTP {status} {code}"),
        (Some(status), None) => format!("HTTP {status}"),
        _ => e.message().to_string(),
    }
}

fn is_deleted(w: &Website) -> bool {
    w.status.as_deref() == Some("deleted")
}

fn describe_orgs(orgs: &[LoginMembership]) -> String {
    if orgs.is_empty() {
        return "none".into();
    }
    orgs.iter()
        .map(|m| {
            if m.org_name.is_empty() {
                m.org_id.clone()
            } else {
                format!("{} {}", m.org_name, m.org_id)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
