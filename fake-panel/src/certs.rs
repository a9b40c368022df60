//! Certificates: the local CA made at start, the server certificate it signs for the
//! loopback names, the TLS configuration built from them, and the per-domain
//! certificates (placeholder or Let's Encrypt-like) returned by the SSL endpoint.

use std::net::IpAddr;
use std::sync::Arc;

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::clock;

/// Key material created at start.
pub struct Pki {
    /// PEM of the CA that signed the server certificate (written to `ca.pem`).
    pub ca_pem: String,
    /// TLS settings for the listener (ALPN `http/1.1` only).
    pub tls: Arc<rustls::ServerConfig>,
    /// A stand-in for Let's Encrypt's `R11` intermediate.
    le_issuer: Issuer<'static, KeyPair>,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("certificate generation failed: {e}")
}

fn name(cn: &str, org: Option<&str>) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    if let Some(org) = org {
        dn.push(DnType::OrganizationName, org);
    }
    dn.push(DnType::CommonName, cn);
    dn
}

fn ymd(secs: i64) -> (i32, u8, u8) {
    let c = clock::civil(secs);
    (c.year as i32, c.month, c.day)
}

fn authority(cn: &str, org: Option<&str>, from: i64, until: i64) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(cn, org);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let (y, m, d) = ymd(from);
    params.not_before = date_time_ymd(y, m, d);
    let (y, m, d) = ymd(until);
    params.not_after = date_time_ymd(y, m, d);
    params
}

/// Creates the CA, the server certificate (for `localhost`, `127.0.0.1`, `::1` and
/// `extra_ips`) and the TLS configuration.
pub fn generate(extra_ips: &[IpAddr]) -> Result<Pki, String> {
    let now = clock::now();
    let ca_key = KeyPair::generate().map_err(err)?;
    let ca_params = authority(
        "fake-panel local CA",
        Some("fake-panel"),
        now - clock::DAY,
        now + 3650 * clock::DAY,
    );
    let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
    let ca = Issuer::new(ca_params, ca_key);

    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    for ip in extra_ips {
        let ip = ip.to_string();
        if !names.contains(&ip) {
            names.push(ip);
        }
    }
    let mut params = CertificateParams::new(names).map_err(err)?;
    params.distinguished_name = name("localhost", None);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let (y, m, d) = ymd(now - clock::DAY);
    params.not_before = date_time_ymd(y, m, d);
    let (y, m, d) = ymd(now + 825 * clock::DAY);
    params.not_after = date_time_ymd(y, m, d);
    let server_key = KeyPair::generate().map_err(err)?;
    let server_cert = params.signed_by(&server_key, &ca).map_err(err)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(err)?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .map_err(err)?;
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    tls.ticketer = rustls::crypto::ring::Ticketer::new().map_err(err)?;

    let le_key = KeyPair::generate().map_err(err)?;
    let le_params = authority(
        "R11",
        Some("Let's Encrypt"),
        now - clock::DAY,
        now + 3650 * clock::DAY,
    );
    let le_issuer = Issuer::new(le_params, le_key);

    Ok(Pki {
        ca_pem: ca_cert.pem(),
        tls: Arc::new(tls),
        le_issuer,
    })
}

impl Pki {
    /// A certificate and key (both PEM) for `domain`. Without `issued` it is the
    /// self-signed placeholder (issuer = the domain, 1975-01-01 to 4096-01-01);
    /// with it, a certificate from the `R11` stand-in valid for 90 days from then.
    pub fn domain_cert(
        &self,
        domain: &str,
        issued: Option<i64>,
    ) -> Result<(String, String), String> {
        let key = KeyPair::generate().map_err(err)?;
        let mut params = CertificateParams::new(vec![domain.to_string()]).map_err(err)?;
        params.distinguished_name = name(domain, None);
        let cert = match issued {
            None => {
                params.not_before = date_time_ymd(1975, 1, 1);
                params.not_after = date_time_ymd(4096, 1, 1);
                params.self_signed(&key).map_err(err)?
            }
            Some(at) => {
                let (y, m, d) = ymd(at);
                params.not_before = date_time_ymd(y, m, d);
                let (y, m, d) = ymd(at + 90 * clock::DAY);
                params.not_after = date_time_ymd(y, m, d);
                params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
                params.signed_by(&key, &self.le_issuer).map_err(err)?
            }
        };
        Ok((cert.pem(), key.serialize_pem()))
    }
}
