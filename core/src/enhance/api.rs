//! The Enhance API calls this crate makes, one small struct each (method, path,
//! query, body, answer type), and the answer shapes of the official OpenAPI
//! document. Sending, retries, auth and error decoding live once, in the client.

use crate::transport::{Body, Method, Retry};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

/// One API call.
pub trait Endpoint {
    /// The decoded answer.
    type Output: DeserializeOwned;
    fn method(&self) -> Method;
    /// Path below the API base, without a leading slash.
    fn path(&self) -> String;
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn body(&self) -> Body {
        Body::Empty
    }
    fn retry(&self) -> Retry {
        match self.method() {
            Method::Get => Retry::Read,
            _ => Retry::Write,
        }
    }
    /// What a 404 means for this call, in words ("website X in organisation Y").
    fn subject(&self) -> String;
}

/// An answer with no body (204).
#[derive(Debug, Default)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginMembership {
    pub org_id: String,
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub is_master_org: bool,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoginMemberships {
    pub memberships: Vec<LoginMembership>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebsiteDomain {
    pub id: String,
    pub domain: String,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Website {
    pub id: String,
    pub domain: WebsiteDomain,
    #[serde(default)]
    pub aliases: Vec<WebsiteDomain>,
    #[serde(default)]
    pub org_id: Option<String>,
    /// The organisation's name.
    #[serde(default)]
    pub org: Option<String>,
    /// `active`, `disabled` or `deleted`: a search lists deleted websites too.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub app_server_id: Option<String>,
    /// The addresses of the server the website runs on (`ServerIp`: IPv4 only).
    #[serde(default)]
    pub server_ips: Vec<ServerIp>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerIp {
    pub ip: String,
    #[serde(default)]
    pub is_primary: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WebsitesListing {
    pub items: Vec<Website>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DomainSslCert {
    #[serde(default)]
    pub cn: String,
    #[serde(default)]
    pub expires: String,
    #[serde(default)]
    pub issued: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub sans: Vec<String>,
    #[serde(default)]
    pub force_https: bool,
}

impl DomainSslCert {
    /// Enhance serves a stand-in certificate until Let's Encrypt has issued one:
    /// its issuer is the domain itself, issued 1975-01-01, expiring 4096-01-01.
    pub fn is_placeholder(&self, domain: &str) -> bool {
        self.issuer.eq_ignore_ascii_case(domain)
            || (self.issued.starts_with("1975-01-01") && self.expires.starts_with("4096-01-01"))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainMapping {
    pub domain_id: String,
    pub domain: String,
    #[serde(default)]
    pub website_id: Option<String>,
    #[serde(default)]
    pub document_root: Option<String>,
    #[serde(default)]
    pub mapping_kind: Option<String>,
    #[serde(default)]
    pub cert: Option<DomainSslCert>,
}

impl DomainMapping {
    /// Only aliases are ours to add and remove; the website's own names, addon
    /// domains and subdomains are left alone.
    pub fn is_alias(&self) -> bool {
        self.mapping_kind.as_deref() == Some(ALIAS)
    }
}

/// The mapping kind of a network's domains.
pub const ALIAS: &str = "alias";

#[derive(Debug, Clone, Deserialize)]
pub struct DomainMappingsFullListing {
    pub items: Vec<DomainMapping>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewResourceUuid {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainInUseStatus {
    pub status: String,
    #[serde(default)]
    pub website_id: Option<String>,
}

pub struct GetMemberships;

impl Endpoint for GetMemberships {
    type Output = LoginMemberships;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        "login/memberships".into()
    }
    fn subject(&self) -> String {
        "the token's login".into()
    }
}

/// `GET /orgs/{org}/websites`, searching the org and every customer org below
/// it (`recursion=infinite`), aliases included (`showAliases=true`). Deleted
/// websites are listed too (`showDeleted` defaults to true and only the master
/// org may set it): the caller skips them by their `status`.
pub struct SearchWebsites<'a> {
    pub org_id: &'a str,
    pub search: Option<&'a str>,
    pub server_id: Option<&'a str>,
    pub offset: u64,
    pub limit: u64,
}

impl Endpoint for SearchWebsites<'_> {
    type Output = WebsitesListing;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        format!("orgs/{}/websites", self.org_id)
    }
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![
            ("offset", self.offset.to_string()),
            ("limit", self.limit.to_string()),
            ("recursion", "infinite".to_string()),
            ("showAliases", "true".to_string()),
        ];
        if let Some(s) = self.search {
            q.push(("search", s.to_string()));
        }
        if let Some(s) = self.server_id {
            q.push(("servers", s.to_string()));
        }
        q
    }
    fn subject(&self) -> String {
        format!("organisation {}", self.org_id)
    }
}

pub struct GetWebsite<'a> {
    pub org_id: &'a str,
    pub website_id: &'a str,
}

impl Endpoint for GetWebsite<'_> {
    type Output = Website;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        format!("orgs/{}/websites/{}", self.org_id, self.website_id)
    }
    fn subject(&self) -> String {
        format!(
            "website {} in organisation {}",
            self.website_id, self.org_id
        )
    }
}

pub struct ListDomains<'a> {
    pub org_id: &'a str,
    pub website_id: &'a str,
    pub with_ssl: bool,
}

impl Endpoint for ListDomains<'_> {
    type Output = DomainMappingsFullListing;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        format!("orgs/{}/websites/{}/domains", self.org_id, self.website_id)
    }
    fn query(&self) -> Vec<(&'static str, String)> {
        if self.with_ssl {
            vec![("withSsl", "true".into())]
        } else {
            Vec::new()
        }
    }
    fn subject(&self) -> String {
        format!(
            "website {} in organisation {}",
            self.website_id, self.org_id
        )
    }
}

pub struct CreateDomain<'a> {
    pub org_id: &'a str,
    pub website_id: &'a str,
    pub domain: &'a str,
}

impl Endpoint for CreateDomain<'_> {
    type Output = NewResourceUuid;
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> String {
        format!("orgs/{}/websites/{}/domains", self.org_id, self.website_id)
    }
    fn body(&self) -> Body {
        Body::Json(json!({ "domain": self.domain, "kind": ALIAS }))
    }
    fn subject(&self) -> String {
        format!(
            "website {} in organisation {}",
            self.website_id, self.org_id
        )
    }
}

pub struct DeleteDomain<'a> {
    pub org_id: &'a str,
    pub website_id: &'a str,
    pub domain_id: &'a str,
}

impl Endpoint for DeleteDomain<'_> {
    type Output = NoContent;
    fn method(&self) -> Method {
        Method::Delete
    }
    fn path(&self) -> String {
        format!(
            "orgs/{}/websites/{}/domains/{}",
            self.org_id, self.website_id, self.domain_id
        )
    }
    fn subject(&self) -> String {
        format!("domain {} of website {}", self.domain_id, self.website_id)
    }
}

pub struct CheckDomain<'a> {
    pub org_id: &'a str,
    pub domain: &'a str,
}

impl Endpoint for CheckDomain<'_> {
    type Output = DomainInUseStatus;
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> String {
        format!("orgs/{}/domains/check", self.org_id)
    }
    fn body(&self) -> Body {
        Body::Json(json!({ "domain": self.domain }))
    }
    /// A check changes nothing, so it is retried like a read.
    fn retry(&self) -> Retry {
        Retry::Read
    }
    fn subject(&self) -> String {
        format!("organisation {}", self.org_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_use_domain_id() {
        let listing: DomainMappingsFullListing = serde_json::from_str(
            r#"{"items":[{"domainId":"7f1b","websiteId":"w","domain":"a.com","documentRoot":"public_html",
                "mappingKind":"alias","cloudflareStatus":"Disconnected",
                "cert":{"cn":"a.com","expires":"4096-01-01 00:00:00 UTC","issued":"1975-01-01 00:00:00 UTC",
                        "issuer":"a.com","sans":["a.com"],"forceHttps":false}}]}"#,
        )
        .unwrap();
        let item = &listing.items[0];
        assert_eq!(item.domain_id, "7f1b");
        assert!(item.cert.as_ref().unwrap().is_placeholder("a.com"));
        // An `id` in a list item (what a broken client reads) is not a domain id.
        assert!(serde_json::from_str::<DomainMapping>(r#"{"id":"x","domain":"a.com"}"#).is_err());
    }

    #[test]
    fn real_certificate_is_not_a_placeholder() {
        let cert = DomainSslCert {
            cn: "a.com".into(),
            expires: "2026-02-01 00:00:00 UTC".into(),
            issued: "2025-11-03 00:00:00 UTC".into(),
            issuer: "R11".into(),
            sans: vec!["a.com".into()],
            force_https: false,
        };
        assert!(!cert.is_placeholder("a.com"));
    }

    #[test]
    fn search_reaches_customer_orgs_and_aliases() {
        let q = SearchWebsites {
            org_id: "o",
            search: Some("network.example"),
            server_id: Some("s"),
            offset: 0,
            limit: 100,
        }
        .query();
        for pair in [
            ("recursion", "infinite"),
            ("showAliases", "true"),
            ("search", "network.example"),
            ("servers", "s"),
        ] {
            assert!(
                q.contains(&(pair.0, pair.1.to_string())),
                "{pair:?} in {q:?}"
            );
        }
        // showDeleted is the master org's alone: deleted websites are skipped by status.
        assert!(q.iter().all(|(k, _)| *k != "showDeleted"));
    }

    #[test]
    fn only_alias_mappings_are_aliases() {
        let m = |kind: Option<&str>| DomainMapping {
            domain_id: "d".into(),
            domain: "a.com".into(),
            website_id: None,
            document_root: None,
            mapping_kind: kind.map(str::to_string),
            cert: None,
        };
        assert!(m(Some("alias")).is_alias());
        for other in [
            Some("addon"),
            Some("subdomain"),
            Some("primary"),
            Some("preview"),
            None,
        ] {
            assert!(!m(other).is_alias(), "{other:?}");
        }
    }

    #[test]
    fn create_sends_alias_kind() {
        let ep = CreateDomain {
            org_id: "o",
            website_id: "w",
            domain: "a.com",
        };
        match ep.body() {
            Body::Json(v) => assert_eq!(v, json!({"domain":"a.com","kind":"alias"})),
            other => panic!("{other:?}"),
        }
        assert_eq!(ep.path(), "orgs/o/websites/w/domains");
        assert_eq!(ep.retry(), Retry::Write);
    }
}
