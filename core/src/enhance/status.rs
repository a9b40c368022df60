//! What Enhance itself says about one domain of the network's website: its DNS
//! status and its certificate, and asking it to issue a Let's Encrypt
//! certificate (after the panel's own preflight says it can).

use super::api::{DomainMapping, DomainSslCert, Endpoint, NoContent};
use super::{EnhanceClient, SslInfo, Target};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::transport::{Method, Retry};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Issuing waits for Let's Encrypt; Enhance can take about a minute to answer.
pub const ISSUE_TIMEOUT: Duration = Duration::from_secs(120);

/// `GET /orgs/{org}/websites/{website}/domains/{domain}/dns-status`: a bare JSON
/// string, `Resolved`, `ForeignServer`, `Failed`, `Mixed`, `Unknown` or `Error`.
pub struct GetDnsStatus<'a> {
    pub org_id: &'a str,
    pub website_id: &'a str,
    pub domain_id: &'a str,
}

impl Endpoint for GetDnsStatus<'_> {
    type Output = String;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        format!(
            "orgs/{}/websites/{}/domains/{}/dns-status",
            self.org_id, self.website_id, self.domain_id
        )
    }
    fn subject(&self) -> String {
        format!("domain {} of website {}", self.domain_id, self.website_id)
    }
}

/// The preflight's answer: whether Let's Encrypt could issue now, and if not why.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Preflight {
    pub can_issue: bool,
    #[serde(default)]
    pub error: Option<String>,
}

/// `POST /v2/domains/{domain}/letsencrypt_preflight`.
pub struct LetsEncryptPreflight<'a> {
    pub domain_id: &'a str,
}

impl Endpoint for LetsEncryptPreflight<'_> {
    type Output = Preflight;
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> String {
        format!("v2/domains/{}/letsencrypt_preflight", self.domain_id)
    }
    /// A preflight changes nothing, so it is retried like a read.
    fn retry(&self) -> Retry {
        Retry::Read
    }
    fn subject(&self) -> String {
        format!("domain {}", self.domain_id)
    }
}

/// `POST /v2/domains/{domain}/letsencrypt`: 201, no body.
pub struct IssueLetsEncrypt<'a> {
    pub domain_id: &'a str,
}

impl Endpoint for IssueLetsEncrypt<'_> {
    type Output = NoContent;
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> String {
        format!("v2/domains/{}/letsencrypt", self.domain_id)
    }
    fn subject(&self) -> String {
        format!("domain {}", self.domain_id)
    }
}

/// `GET /v2/domains/{domain}/ssl`: the certificate the panel serves.
pub struct GetSsl<'a> {
    pub domain_id: &'a str,
}

impl Endpoint for GetSsl<'_> {
    type Output = DomainSslCert;
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> String {
        format!("v2/domains/{}/ssl", self.domain_id)
    }
    fn subject(&self) -> String {
        format!("domain {}", self.domain_id)
    }
}

/// `wu_enhance_domain_status()`'s answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DomainStatus {
    pub domain: String,
    pub id: String,
    /// Enhance's DNS status: `Resolved`, `ForeignServer`, `Failed`, `Mixed`, `Unknown`, `Error`.
    pub dns: String,
    pub ssl: Option<SslInfo>,
    /// The domain is served with Enhance's stand-in certificate.
    pub placeholder: bool,
}

/// `wu_enhance_issue_ssl()`'s answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IssueOutcome {
    pub domain: String,
    pub issued: bool,
    /// Why the panel would not issue (its own words), when it would not.
    pub reason: Option<String>,
}

impl SslInfo {
    /// The certificate of a domain mapping, as `wu_enhance_list_domains()` shows it.
    pub fn of(domain: &str, cert: &DomainSslCert) -> SslInfo {
        SslInfo {
            placeholder: cert.is_placeholder(domain),
            issuer: cert.issuer.clone(),
            cn: cert.cn.clone(),
            sans: cert.sans.clone(),
            issued: cert.issued.clone(),
            expires: cert.expires.clone(),
            force_https: cert.force_https,
        }
    }
}

impl EnhanceClient {
    /// The website and its mapping of `domain` (with its certificate).
    fn mapping_of(&self, domain: &DomainName) -> Result<(Target, DomainMapping)> {
        let (target, listing) = self.on_target(|t| Ok((t.clone(), self.domains(t, true)?)))?;
        let mapping = listing
            .into_iter()
            .find(|m| m.domain.eq_ignore_ascii_case(domain.as_str()))
            .ok_or_else(|| {
                Error::api(format!(
                    "{domain} is not a domain of the network's Enhance website ({}); add it with \
                     wu_enhance_add_domain() first",
                    target.website_id
                ))
                .with_status(404)
            })?;
        Ok((target, mapping))
    }

    /// Enhance's DNS status and certificate of one domain of the network's website.
    pub fn domain_status(&self, domain: &DomainName) -> Result<DomainStatus> {
        let (t, m) = self.mapping_of(domain)?;
        let dns = self.call(&GetDnsStatus {
            org_id: &t.org_id,
            website_id: &t.website_id,
            domain_id: &m.domain_id,
        })?;
        let ssl = m.cert.as_ref().map(|c| SslInfo::of(&m.domain, c));
        Ok(DomainStatus {
            domain: domain.to_string(),
            id: m.domain_id,
            dns,
            placeholder: ssl.as_ref().is_some_and(|s| s.placeholder),
            ssl,
        })
    }

    /// Asks Enhance to issue a Let's Encrypt certificate, if its preflight says it
    /// can. A refusal (by the preflight, or by the issue call with a 4xx) is an
    /// answer with `issued` false and the panel's reason, not an error.
    pub fn issue_ssl(&self, domain: &DomainName) -> Result<IssueOutcome> {
        let (_, m) = self.mapping_of(domain)?;
        let answer = |issued: bool, reason: Option<String>| IssueOutcome {
            domain: domain.to_string(),
            issued,
            reason,
        };
        let preflight = self.call(&LetsEncryptPreflight {
            domain_id: &m.domain_id,
        })?;
        if !preflight.can_issue {
            return Ok(answer(
                false,
                Some(preflight.error.unwrap_or_else(|| {
                    "Enhance's preflight says Let's Encrypt cannot issue for this domain now".into()
                })),
            ));
        }
        let mut settings = self.settings().clone();
        settings.http.timeout = settings.http.timeout.max(ISSUE_TIMEOUT);
        let patient = EnhanceClient::new(settings);
        match patient.call_raw(&IssueLetsEncrypt {
            domain_id: &m.domain_id,
        }) {
            Ok(_) => Ok(answer(true, None)),
            Err(e) if matches!(e.error.status(), Some(400 | 409 | 422)) => {
                let why = e
                    .error
                    .api_message()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.error.message().to_string());
                Ok(answer(false, Some(why)))
            }
            // The answer was lost: issuing is slow and rate-limited at Let's
            // Encrypt, so look at the certificate instead of asking again.
            Err(e) if e.unknown_outcome => {
                match self.call(&GetSsl {
                    domain_id: &m.domain_id,
                }) {
                    Ok(cert) if !cert.is_placeholder(&m.domain) => Ok(answer(true, None)),
                    _ => Err(e.error),
                }
            }
            Err(e) => Err(e.error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_have_the_spec_paths() {
        let dns = GetDnsStatus {
            org_id: "o",
            website_id: "w",
            domain_id: "d",
        };
        assert_eq!(dns.path(), "orgs/o/websites/w/domains/d/dns-status");
        assert_eq!(dns.retry(), Retry::Read);
        let pre = LetsEncryptPreflight { domain_id: "d" };
        assert_eq!(pre.path(), "v2/domains/d/letsencrypt_preflight");
        assert_eq!(pre.retry(), Retry::Read);
        let issue = IssueLetsEncrypt { domain_id: "d" };
        assert_eq!(issue.path(), "v2/domains/d/letsencrypt");
        assert_eq!(issue.retry(), Retry::Write);
    }

    #[test]
    fn answers_decode() {
        let s: String = serde_json::from_str(r#""ForeignServer""#).unwrap();
        assert_eq!(s, "ForeignServer");
        let p: Preflight =
            serde_json::from_str(r#"{"canIssue":false,"error":"DNS is not pointing here"}"#)
                .unwrap();
        assert!(!p.can_issue);
        assert_eq!(p.error.as_deref(), Some("DNS is not pointing here"));
        let p: Preflight = serde_json::from_str(r#"{"canIssue":true}"#).unwrap();
        assert!(p.can_issue && p.error.is_none());
    }

    #[test]
    fn ssl_info_marks_the_placeholder() {
        let cert = DomainSslCert {
            cn: "a.com".into(),
            expires: "4096-01-01 00:00:00 UTC".into(),
            issued: "1975-01-01 00:00:00 UTC".into(),
            issuer: "a.com".into(),
            sans: vec!["a.com".into()],
            force_https: false,
        };
        let info = SslInfo::of("a.com", &cert);
        assert!(info.placeholder);
        assert_eq!(info.issued, "1975-01-01 00:00:00 UTC");
    }
}
