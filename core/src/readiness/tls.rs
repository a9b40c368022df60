//! Does the server present a valid certificate for a domain? Connects (to the
//! domain's own addresses, or to `connect_to` so a certificate can be checked
//! before public DNS moves), sends the domain as SNI, and judges the certificate
//! the server presents: chain to a trusted CA and host name with rustls/webpki,
//! the fields with an X.509 parser. Enhance's stand-in certificate is told apart
//! from a real one.
//!
//! The handshake accepts any certificate so that a bad one can still be read
//! and described; webpki's verdict is recorded, not enforced, and the
//! connection is closed without sending anything.

use super::dns::{addresses, resolver, Failure};
use super::options::{OptionMap, Options};
use super::{bounded, runtime, seconds, BatchItem};
use crate::config::SettingSource;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{Resumption, WebPkiServerVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::Serialize;
use std::cell::Cell;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate, X509Name};

/// The `$options` keys of the TLS check.
pub const OPTION_KEYS: &[&str] = &[
    "connect_to",
    "port",
    "ca_file",
    "timeout",
    "nameservers",
    "max_concurrency",
];
/// Default time one domain's check may take (resolving, connecting, handshake).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The HTTPS port.
pub const DEFAULT_PORT: u16 = 443;
/// Addresses of a domain tried before giving up.
const MAX_ADDRESSES: usize = 4;

/// Why a check failed, as the answer's `reason` names it.
pub mod reason {
    pub const EXPIRED: &str = "expired";
    pub const NOT_YET_VALID: &str = "not yet valid";
    pub const HOST_MISMATCH: &str = "host mismatch";
    pub const UNTRUSTED_ISSUER: &str = "untrusted issuer";
    pub const SELF_SIGNED: &str = "self-signed";
    pub const PLACEHOLDER: &str = "placeholder";
    pub const HANDSHAKE_FAILED: &str = "handshake failed";
    pub const REFUSED: &str = "refused";
    pub const TIMEOUT: &str = "timeout";
    pub const UNRESOLVED: &str = "unresolved";
    pub const INVALID_DOMAIN: &str = "invalid domain";
}

/// How the TLS check runs.
#[derive(Debug, Clone)]
pub struct TlsOptions {
    /// Connect here instead of the domain's addresses: an IP, with a port or not.
    pub connect_to: Option<(IpAddr, Option<u16>)>,
    /// The port, unless `connect_to` names one.
    pub port: u16,
    /// CAs trusted beside the public ones (Mozilla's list, as browsers trust).
    pub extra_roots: Vec<CertificateDer<'static>>,
    pub timeout: Duration,
    /// DNS servers to find the domain's addresses with; `None`: the system's.
    pub nameservers: Option<Vec<SocketAddr>>,
    pub max_concurrency: usize,
}

impl TlsOptions {
    pub fn parse(map: Option<&OptionMap>, ini: &dyn SettingSource) -> Result<Self> {
        let o = Options::new(map, OPTION_KEYS)?;
        Ok(TlsOptions {
            connect_to: o.address("connect_to")?,
            port: o.port("port", DEFAULT_PORT)?,
            extra_roots: o.ca_file("ca_file")?,
            timeout: o.seconds("timeout", DEFAULT_TIMEOUT)?,
            nameservers: o.nameservers("nameservers")?,
            max_concurrency: o.max_concurrency(ini)?,
        })
    }
}

/// The answer for one domain.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TlsCheck {
    pub domain: String,
    pub ok: bool,
    pub reason: Option<&'static str>,
    /// The issuer's common name (its whole name when it has none).
    pub issuer: Option<String>,
    /// The subject's common name (its whole name when it has none).
    pub subject: Option<String>,
    pub sans: Vec<String>,
    /// ISO 8601, UTC.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// Whole days until `not_after`; negative once expired.
    pub days_left: Option<i64>,
    /// A stand-in certificate (Enhance's, or self-signed by the domain itself).
    pub placeholder: bool,
    /// The address the certificate came from (or the last one tried).
    pub address: Option<String>,
    pub error: Option<String>,
}

impl TlsCheck {
    fn empty(domain: &str) -> Self {
        TlsCheck {
            domain: domain.to_string(),
            ok: false,
            reason: None,
            issuer: None,
            subject: None,
            sans: Vec::new(),
            not_before: None,
            not_after: None,
            days_left: None,
            placeholder: false,
            address: None,
            error: None,
        }
    }

    fn failed(mut self, reason: &'static str, error: String) -> Self {
        self.ok = false;
        self.reason = Some(reason);
        self.error = Some(error);
        self
    }
}

/// What the server presented and what webpki said about it.
#[derive(Debug)]
struct Seen {
    chain: Vec<CertificateDer<'static>>,
    verdict: std::result::Result<(), rustls::Error>,
}

/// A verifier that records webpki's verdict and lets the handshake go on, so
/// that a certificate can be described whatever is wrong with it. Signatures
/// over the handshake are still checked: the server must hold the key.
#[derive(Debug)]
struct Recorder {
    webpki: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<Seen>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map(|_| ());
        let mut chain = vec![end_entity.clone().into_owned()];
        chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(Seen { chain, verdict });
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

impl Recorder {
    fn take(&self) -> Option<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// What every connection of one call shares.
struct Context {
    provider: Arc<CryptoProvider>,
    webpki: Arc<WebPkiServerVerifier>,
}

impl Context {
    fn new(extra_roots: &[CertificateDer<'static>]) -> Result<Self> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for cert in extra_roots {
            roots.add(cert.clone()).map_err(|e| {
                Error::config(format!(
                    "$options['ca_file'] holds a certificate that cannot be a trust anchor: {e}"
                ))
            })?;
        }
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| {
                Error::config(format!("the certificate verifier cannot be set up: {e}"))
            })?;
        Ok(Context { provider, webpki })
    }

    /// A client for one connection: its own recorder, and no session reuse (a
    /// resumed session shows no certificate).
    fn client(&self) -> Result<(TlsConnector, Arc<Recorder>)> {
        let recorder = Arc::new(Recorder {
            webpki: self.webpki.clone(),
            seen: Mutex::new(None),
        });
        let mut config = rustls::ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::network(format!("TLS cannot be set up: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(recorder.clone())
            .with_no_client_auth();
        config.resumption = Resumption::disabled();
        Ok((TlsConnector::from(Arc::new(config)), recorder))
    }
}

/// The fields of a certificate this check reports.
struct Facts {
    issuer: String,
    issuer_cn: Option<String>,
    subject: String,
    sans: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    self_signed: bool,
}

fn common_name(name: &X509Name<'_>) -> Option<String> {
    name.iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string)
}

fn facts(der: &[u8]) -> Option<Facts> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let issuer_cn = common_name(cert.issuer());
    let mut sans = Vec::new();
    if let Ok(Some(ext)) = cert.subject_alternative_name() {
        for name in &ext.value.general_names {
            match name {
                GeneralName::DNSName(dns) => sans.push(dns.to_string()),
                GeneralName::IPAddress(bytes) => match bytes.len() {
                    4 => sans.push(IpAddr::from(<[u8; 4]>::try_from(*bytes).ok()?).to_string()),
                    16 => sans.push(IpAddr::from(<[u8; 16]>::try_from(*bytes).ok()?).to_string()),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    Some(Facts {
        issuer: issuer_cn
            .clone()
            .unwrap_or_else(|| cert.issuer().to_string()),
        issuer_cn,
        subject: common_name(cert.subject()).unwrap_or_else(|| cert.subject().to_string()),
        sans,
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        self_signed: cert.issuer().as_raw() == cert.subject().as_raw(),
    })
}

impl Facts {
    /// Enhance's stand-in (issued 1975-01-01, expiring 4096-01-01), or any
    /// self-signed certificate whose issuer is the domain itself.
    fn is_placeholder(&self, domain: &str) -> bool {
        let enhance_dates = (self.not_before.year(), self.not_before.ordinal()) == (1975, 1)
            && (self.not_after.year(), self.not_after.ordinal()) == (4096, 1);
        let own_issuer = self.self_signed
            && self
                .issuer_cn
                .as_deref()
                .is_some_and(|cn| cn.eq_ignore_ascii_case(domain));
        enhance_dates || own_issuer
    }
}

fn iso(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn day(t: OffsetDateTime) -> String {
    iso(t).chars().take(10).collect()
}

/// Fills `out` from what the server presented and judges it.
fn judge(mut out: TlsCheck, domain: &str, seen: Seen) -> TlsCheck {
    let Some(leaf) = seen.chain.first() else {
        return out.failed(
            reason::HANDSHAKE_FAILED,
            "the server presented no certificate".into(),
        );
    };
    let facts = facts(leaf.as_ref());
    if let Some(f) = &facts {
        out.issuer = Some(f.issuer.clone());
        out.subject = Some(f.subject.clone());
        out.sans = f.sans.clone();
        out.not_before = Some(iso(f.not_before));
        out.not_after = Some(iso(f.not_after));
        let left = f.not_after.unix_timestamp() - OffsetDateTime::now_utc().unix_timestamp();
        out.days_left = Some(left.div_euclid(86_400));
        out.placeholder = f.is_placeholder(domain);
    }
    if out.placeholder {
        return out.failed(
            reason::PLACEHOLDER,
            format!(
                "the server presents a stand-in certificate issued by {domain} itself: no real certificate has been issued yet"
            ),
        );
    }
    let error = match seen.verdict {
        Ok(()) => {
            out.ok = true;
            return out;
        }
        Err(e) => e,
    };
    let issuer = out.issuer.clone().unwrap_or_else(|| "?".into());
    let names = if out.sans.is_empty() {
        out.subject.clone().unwrap_or_default()
    } else {
        out.sans.join(", ")
    };
    let (why, message) = match &error {
        rustls::Error::InvalidCertificate(cert_error) => match cert_error {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => (
                reason::EXPIRED,
                format!(
                    "the certificate expired on {}",
                    facts.as_ref().map_or("?".into(), |f| day(f.not_after))
                ),
            ),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
                reason::NOT_YET_VALID,
                format!(
                    "the certificate is valid only from {}",
                    facts.as_ref().map_or("?".into(), |f| day(f.not_before))
                ),
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                (
                    reason::HOST_MISMATCH,
                    format!("the certificate is for {names}, not for {domain}"),
                )
            }
            CertificateError::UnknownIssuer if facts.as_ref().is_some_and(|f| f.self_signed) => (
                reason::SELF_SIGNED,
                format!("the certificate is self-signed ({issuer}); browsers do not trust it"),
            ),
            CertificateError::UnknownIssuer => (
                reason::UNTRUSTED_ISSUER,
                format!(
                    "the certificate's issuer ({issuer}) is not a trusted certificate authority"
                ),
            ),
            other => (
                reason::UNTRUSTED_ISSUER,
                format!("the certificate cannot be trusted: {other:?}"),
            ),
        },
        other => (
            reason::UNTRUSTED_ISSUER,
            format!("the certificate cannot be trusted: {other}"),
        ),
    };
    out.failed(why, message)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Resolving,
    Connecting,
    Handshaking,
}

/// One domain: find where to connect, connect, shake hands, judge.
async fn check_one(
    ctx: &Context,
    dns: Option<&hickory_resolver::TokioResolver>,
    opts: &TlsOptions,
    domain: &DomainName,
    at: &Cell<Option<SocketAddr>>,
    phase: &Cell<Phase>,
) -> TlsCheck {
    let name = domain.as_str();
    let mut out = TlsCheck::empty(name);
    let targets: Vec<SocketAddr> = match (opts.connect_to, dns) {
        (Some((ip, port)), _) => vec![SocketAddr::new(ip, port.unwrap_or(opts.port))],
        (None, Some(resolver)) => {
            phase.set(Phase::Resolving);
            match addresses(resolver, name).await {
                Ok(ips) => ips
                    .into_iter()
                    .take(MAX_ADDRESSES)
                    .map(|ip| SocketAddr::new(ip, opts.port))
                    .collect(),
                Err(failure) => {
                    let why = match failure {
                        Failure::NoSuchName(_) => "it does not exist (NXDOMAIN)".to_string(),
                        Failure::NoData => "it has no A or AAAA record".to_string(),
                        Failure::Timeout => "the DNS server did not answer in time".to_string(),
                        Failure::Code(code) => format!("the DNS server answered {code}"),
                        Failure::Other(detail) => detail,
                    };
                    return out.failed(
                        reason::UNRESOLVED,
                        format!("{name} cannot be resolved: {why}; pass 'connect_to' to check a server directly"),
                    );
                }
            }
        }
        (None, None) => {
            return out.failed(reason::UNRESOLVED, format!("{name} cannot be resolved"))
        }
    };

    let mut refusals = Vec::new();
    let mut tcp = None;
    for addr in targets {
        at.set(Some(addr));
        phase.set(Phase::Connecting);
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                tcp = Some(stream);
                break;
            }
            Err(e) => refusals.push(format!("{addr}: {e}")),
        }
    }
    out.address = at.get().map(|a| a.to_string());
    let Some(tcp) = tcp else {
        return out.failed(
            reason::REFUSED,
            format!("no connection could be made ({})", refusals.join("; ")),
        );
    };
    let _ = tcp.set_nodelay(true);

    phase.set(Phase::Handshaking);
    let (connector, recorder) = match ctx.client() {
        Ok(c) => c,
        Err(e) => return out.failed(reason::HANDSHAKE_FAILED, e.message().to_string()),
    };
    let server_name = match ServerName::try_from(name.to_string()) {
        Ok(n) => n,
        Err(e) => return out.failed(reason::INVALID_DOMAIN, e.to_string()),
    };
    let handshake = connector.connect(server_name, tcp).await;
    let seen = recorder.take();
    match (handshake, seen) {
        (Ok(stream), Some(seen)) => {
            drop(stream);
            judge(out, name, seen)
        }
        (Ok(_), None) => out.failed(
            reason::HANDSHAKE_FAILED,
            "the server presented no certificate".into(),
        ),
        (Err(e), seen) => {
            // The certificate may have come before the failure: describe it too.
            if let Some(seen) = seen {
                out = judge(out, name, seen);
            }
            out.failed(
                reason::HANDSHAKE_FAILED,
                format!("the TLS handshake failed: {e}"),
            )
        }
    }
}

async fn run(
    items: Vec<std::result::Result<DomainName, Box<TlsCheck>>>,
    opts: &TlsOptions,
) -> Result<Vec<TlsCheck>> {
    let ctx = Context::new(&opts.extra_roots)?;
    let needs_dns = opts.connect_to.is_none() && items.iter().any(|i| i.is_ok());
    let dns = if needs_dns {
        Some(resolver(
            opts.nameservers.as_deref(),
            opts.timeout,
            opts.max_concurrency,
        )?)
    } else {
        None
    };
    let (ctx, dns) = (&ctx, dns.as_ref());
    let timeout = opts.timeout;
    Ok(bounded(items, opts.max_concurrency, |item| async move {
        let domain = match item {
            Err(answer) => return *answer,
            Ok(d) => d,
        };
        let at = Cell::new(None);
        let phase = Cell::new(Phase::Resolving);
        let checked =
            tokio::time::timeout(timeout, check_one(ctx, dns, opts, &domain, &at, &phase)).await;
        match checked {
            Ok(answer) => answer,
            Err(_) => {
                let mut out = TlsCheck::empty(domain.as_str());
                out.address = at.get().map(|a| a.to_string());
                let what = match (phase.get(), at.get()) {
                    (Phase::Resolving, _) => format!("resolving {domain}"),
                    (Phase::Connecting, Some(a)) => format!("connecting to {a}"),
                    (_, Some(a)) => format!("the TLS handshake with {a}"),
                    (_, None) => "the TLS handshake".to_string(),
                };
                out.failed(
                    reason::TIMEOUT,
                    format!("{what} took longer than {}", seconds(timeout)),
                )
            }
        }
    })
    .await)
}

/// Checks one domain. A name that is not a domain is an error (not an answer).
pub fn check(domain: &str, opts: &TlsOptions) -> Result<TlsCheck> {
    let name = DomainName::parse(domain)?;
    runtime::block_on(run(vec![Ok(name)], opts))??
        .pop()
        .ok_or_else(|| Error::network("the TLS check gave no answer"))
}

/// Checks many domains concurrently; one answer per item, in order. A bad name
/// is an answer with `reason` "invalid domain", not an error.
pub fn check_many(items: &[BatchItem], opts: &TlsOptions) -> Result<Vec<TlsCheck>> {
    let parsed = items
        .iter()
        .map(|item| match item {
            BatchItem::Name(s) => DomainName::parse(s).map_err(|e| {
                Box::new(TlsCheck::empty(s).failed(reason::INVALID_DOMAIN, e.message().to_string()))
            }),
            BatchItem::NotAString(what) => Err(Box::new(TlsCheck::empty("").failed(
                reason::INVALID_DOMAIN,
                format!("a domain must be a string, got {what}"),
            ))),
        })
        .collect();
    runtime::block_on(run(parsed, opts))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use rustls::pki_types::pem::PemObject;
    use std::sync::OnceLock;

    fn fixtures() -> &'static wu_fixtures::Ready {
        static READY: OnceLock<wu_fixtures::Ready> = OnceLock::new();
        READY.get_or_init(|| {
            wu_fixtures::spawn(wu_fixtures::Config::default()).expect("fixtures start")
        })
    }

    fn opts(scenario: &str) -> TlsOptions {
        let fx = fixtures();
        let addr = fx.tls(scenario);
        TlsOptions {
            connect_to: Some((addr.ip(), Some(addr.port()))),
            port: DEFAULT_PORT,
            extra_roots: CertificateDer::pem_slice_iter(fx.ca_pem.as_bytes())
                .collect::<std::result::Result<Vec<_>, _>>()
                .expect("fixture CA is PEM"),
            timeout: Duration::from_secs(3),
            nameservers: Some(vec![fx.dns]),
            max_concurrency: 8,
        }
    }

    #[test]
    fn a_valid_certificate_through_an_intermediate() {
        let r = check("valid.tls.test", &opts("valid")).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.reason, None);
        assert_eq!(r.issuer.as_deref(), Some("wu-fixtures Test R1"));
        assert_eq!(r.subject.as_deref(), Some("valid.tls.test"));
        assert_eq!(r.sans, vec!["valid.tls.test"]);
        assert!(matches!(r.days_left, Some(88..=90)), "{r:?}");
        assert!(r.not_after.as_deref().unwrap().ends_with('Z'));
        assert!(!r.placeholder);
    }

    #[test]
    fn without_the_test_ca_the_issuer_is_untrusted() {
        let mut o = opts("valid");
        o.extra_roots.clear();
        let r = check("valid.tls.test", &o).unwrap();
        assert_eq!(r.reason, Some(reason::UNTRUSTED_ISSUER), "{r:?}");
    }

    #[test]
    fn each_bad_certificate_has_its_reason() {
        let cases = [
            ("expired", "expired.tls.test", reason::EXPIRED),
            ("not_yet_valid", "notyet.tls.test", reason::NOT_YET_VALID),
            ("wrong_host", "wronghost.tls.test", reason::HOST_MISMATCH),
            ("untrusted", "untrusted.tls.test", reason::UNTRUSTED_ISSUER),
            ("self_signed", "selfsigned.tls.test", reason::SELF_SIGNED),
            ("placeholder", "placeholder.tls.test", reason::PLACEHOLDER),
            ("self_named", "selfnamed.tls.test", reason::PLACEHOLDER),
            ("refused", "valid.tls.test", reason::REFUSED),
            ("not_tls", "valid.tls.test", reason::HANDSHAKE_FAILED),
        ];
        for (scenario, domain, want) in cases {
            let r = check(domain, &opts(scenario)).unwrap();
            assert_eq!(r.reason, Some(want), "{scenario}: {r:?}");
            assert!(!r.ok && r.error.is_some(), "{scenario}: {r:?}");
        }
        let r = check("expired.tls.test", &opts("expired")).unwrap();
        assert!(r.days_left.unwrap() < 0, "{r:?}");
    }

    #[test]
    fn the_enhance_placeholder_is_recognised_by_its_dates() {
        let r = check("placeholder.tls.test", &opts("placeholder")).unwrap();
        assert!(r.placeholder);
        assert_eq!(r.not_before.as_deref(), Some("1975-01-01T00:00:00Z"));
        assert_eq!(r.not_after.as_deref(), Some("4096-01-01T00:00:00Z"));
        assert_eq!(r.issuer.as_deref(), Some("placeholder.tls.test"));
    }

    #[test]
    fn wildcards_cover_one_label() {
        let r = check("shop.wild.tls.test", &opts("wildcard")).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.sans, vec!["*.wild.tls.test"]);
        let r = check("a.b.wild.tls.test", &opts("wildcard")).unwrap();
        assert_eq!(r.reason, Some(reason::HOST_MISMATCH), "{r:?}");
    }

    #[test]
    fn a_silent_server_costs_the_timeout() {
        let mut o = opts("silent");
        o.timeout = Duration::from_millis(400);
        let started = std::time::Instant::now();
        let r = check("valid.tls.test", &o).unwrap();
        assert_eq!(r.reason, Some(reason::TIMEOUT), "{r:?}");
        assert!(r.error.as_deref().unwrap().contains("handshake"), "{r:?}");
        // Far below the 10 s default: the option was applied.
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn the_domain_is_resolved_when_no_address_is_given() {
        let fx = fixtures();
        let mut o = opts("valid");
        o.connect_to = None;
        o.port = fx.tls("valid").port();
        let r = check("valid.tls.test", &o).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.address, Some(fx.tls("valid").to_string()));
        let r = check("nothing.dns.test", &o).unwrap();
        assert_eq!(r.reason, Some(reason::UNRESOLVED), "{r:?}");
    }

    #[test]
    fn batches_keep_order() {
        let items: Vec<BatchItem> = vec![
            "a.wild.tls.test".into(),
            "bad domain".into(),
            "b.wild.tls.test".into(),
        ];
        let r = check_many(&items, &opts("wildcard")).unwrap();
        assert_eq!(r.len(), 3);
        assert!(r[0].ok && r[2].ok);
        assert_eq!(r[0].domain, "a.wild.tls.test");
        assert_eq!(r[1].reason, Some(reason::INVALID_DOMAIN));
        let e = check("not a domain", &opts("valid")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidDomain);
    }
}
