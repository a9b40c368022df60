//! Does a domain's DNS point at the server? Asks a real resolver (the system's,
//! or the DNS servers given) for the domain's A and AAAA records, follows its
//! CNAME chain, and compares what it finds with what is expected: the server's
//! IPv4 and IPv6 addresses and/or host names (the network's domain). A host name
//! is matched anywhere in the CNAME chain, and also through its own addresses.
//!
//! IPv6 counts as much as IPv4: a domain whose A record points at the server
//! while its AAAA record points elsewhere is not ready (IPv6 visitors, and Let's
//! Encrypt, which prefers IPv6, reach the other host).

use super::options::{OptionMap, Options};
use super::{bounded, runtime, seconds, BatchItem};
use crate::config::SettingSource;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::text::{self, Escape};
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The `$options` keys of the DNS check.
pub const OPTION_KEYS: &[&str] = &["nameservers", "timeout", "max_concurrency"];
/// Default time one domain's check may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest CNAME chain followed; resolvers stop at about this depth too.
const MAX_CHAIN: usize = 16;

/// Why a check failed, as the answer's `reason` names it.
pub mod reason {
    pub const INVALID_DOMAIN: &str = "invalid domain";
    pub const NXDOMAIN: &str = "nxdomain";
    pub const NO_ADDRESS: &str = "no address";
    pub const MISMATCH: &str = "mismatch";
    pub const MIXED: &str = "mixed";
    pub const TIMEOUT: &str = "timeout";
    pub const DNS_ERROR: &str = "dns error";
}

/// How the DNS check runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DnsOptions {
    /// DNS servers to ask; `None`: the system resolver (`/etc/resolv.conf`).
    pub nameservers: Option<Vec<SocketAddr>>,
    /// Time one domain's check may take, all its queries included.
    pub timeout: Duration,
    pub max_concurrency: usize,
}

impl DnsOptions {
    pub fn parse(map: Option<&OptionMap>, ini: &dyn SettingSource) -> Result<Self> {
        let o = Options::new(map, OPTION_KEYS)?;
        Ok(DnsOptions {
            nameservers: o.nameservers("nameservers")?,
            timeout: o.seconds("timeout", DEFAULT_TIMEOUT)?,
            max_concurrency: o.max_concurrency(ini)?,
        })
    }
}

/// What the domain should point at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    pub ips: Vec<IpAddr>,
    pub hosts: Vec<DomainName>,
}

impl Expect {
    /// IP addresses and host names; anything else is a configuration error.
    pub fn parse(entries: &[String]) -> Result<Self> {
        let mut expect = Expect::default();
        for raw in entries {
            let entry = raw.trim();
            if entry.is_empty() {
                continue;
            }
            if let Ok(ip) = entry
                .trim_matches(|c| c == '[' || c == ']')
                .parse::<IpAddr>()
            {
                if !expect.ips.contains(&ip) {
                    expect.ips.push(ip);
                }
                continue;
            }
            let host = DomainName::parse(entry).map_err(|e| {
                Error::config(format!(
                    "$expect entry '{}' is neither an IP address nor a host name: {}",
                    text::clip_with(entry, text::INPUT, Escape::Controls),
                    e.message()
                ))
            })?;
            if !expect.hosts.contains(&host) {
                expect.hosts.push(host);
            }
        }
        Ok(expect)
    }

    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.hosts.is_empty()
    }
}

/// The answer for one domain.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DnsCheck {
    pub domain: String,
    pub ok: bool,
    pub a: Vec<String>,
    pub aaaa: Vec<String>,
    /// The CNAME chain from the domain, each target in order.
    pub cname: Vec<String>,
    /// Which record matched what, e.g. `cname network.example.com` or `a 203.0.113.10`.
    pub matched: Option<String>,
    pub error: Option<String>,
    pub reason: Option<&'static str>,
}

impl DnsCheck {
    fn empty(domain: &str) -> Self {
        DnsCheck {
            domain: domain.to_string(),
            ok: false,
            a: Vec::new(),
            aaaa: Vec::new(),
            cname: Vec::new(),
            matched: None,
            error: None,
            reason: None,
        }
    }

    fn failed(mut self, reason: &'static str, error: String) -> Self {
        self.ok = false;
        self.reason = Some(reason);
        self.error = Some(error);
        self
    }
}

/// The expected addresses, with the host name each came from (if any).
struct Targets {
    ips: HashMap<IpAddr, Option<String>>,
    hosts: Vec<String>,
    /// For messages: what was expected.
    shown: String,
}

/// A resolver for one call (its cache lives as long as the call, so every call
/// sees the DNS as it is now). Queries are bounded by `timeout`, in two tries.
pub(crate) fn resolver(
    nameservers: Option<&[SocketAddr]>,
    timeout: Duration,
    concurrency: usize,
) -> Result<TokioResolver> {
    let (config, mut opts) = match nameservers {
        Some(list) if !list.is_empty() => {
            let servers = list
                .iter()
                .map(|addr| {
                    let mut udp = ConnectionConfig::udp();
                    udp.port = addr.port();
                    let mut tcp = ConnectionConfig::tcp();
                    tcp.port = addr.port();
                    NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
                })
                .collect();
            (
                ResolverConfig::from_name_servers(servers),
                ResolverOpts::default(),
            )
        }
        _ => hickory_resolver::system_conf::read_system_conf().map_err(|e| {
            Error::config(format!(
                "the system's DNS settings (/etc/resolv.conf) cannot be read ({e}); pass \
                 $options['nameservers'] with the DNS servers to ask"
            ))
        })?,
    };
    opts.timeout = (timeout / 2).max(Duration::from_millis(50));
    opts.attempts = 2;
    // The hosts file says nothing about public DNS.
    opts.use_hosts_file = ResolveHosts::Never;
    opts.preserve_intermediates = true;
    opts.max_active_requests = (concurrency * 4).max(32);
    Resolver::builder_with_config(config, TokioRuntimeProvider::default())
        .with_options(opts)
        .build()
        .map_err(|e| Error::config(format!("the DNS resolver cannot be set up: {e}")))
}

fn fqdn(name: &str) -> Result<Name, String> {
    Name::from_ascii(format!("{}.", name.trim_end_matches('.')))
        .map_err(|e| format!("'{name}' is not a DNS name: {e}"))
}

fn plain(name: &Name) -> String {
    name.to_ascii().trim_end_matches('.').to_ascii_lowercase()
}

/// Why a lookup found no records.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// NXDOMAIN for `name` (the domain, or the end of its CNAME chain).
    NoSuchName(String),
    /// The name exists but has no record of this type.
    NoData,
    Timeout,
    /// The server answered with an error code (SERVFAIL, REFUSED, ...).
    Code(ResponseCode),
    Other(String),
}

impl Failure {
    fn of(e: &NetError) -> Failure {
        match e {
            NetError::Dns(DnsError::NoRecordsFound(nr)) => {
                if nr.response_code == ResponseCode::NXDomain {
                    Failure::NoSuchName(plain(nr.query.name()))
                } else {
                    Failure::NoData
                }
            }
            NetError::Dns(DnsError::ResponseCode(code)) => Failure::Code(*code),
            NetError::Timeout => Failure::Timeout,
            other => Failure::Other(other.to_string()),
        }
    }

    fn is_negative(&self) -> bool {
        matches!(self, Failure::NoSuchName(_) | Failure::NoData)
    }
}

/// The addresses and CNAME edges of one lookup.
#[derive(Default)]
struct Found {
    v4: Vec<IpAddr>,
    v6: Vec<IpAddr>,
    edges: HashMap<String, String>,
}

impl Found {
    fn add(&mut self, lookup: &hickory_resolver::lookup::Lookup) {
        for record in lookup.answers() {
            match &record.data {
                RData::A(a) => push_unique(&mut self.v4, IpAddr::V4(a.0)),
                RData::AAAA(a) => push_unique(&mut self.v6, IpAddr::V6(a.0)),
                RData::CNAME(c) => {
                    self.edges.insert(plain(&record.name), plain(&c.0));
                }
                _ => {}
            }
        }
    }

    fn chain_from(&self, start: &str) -> Vec<String> {
        let mut chain = Vec::new();
        let mut current = start.to_string();
        while let Some(next) = self.edges.get(&current) {
            if chain.len() >= MAX_CHAIN || chain.contains(next) || next == start {
                break;
            }
            chain.push(next.clone());
            current = next.clone();
        }
        chain
    }
}

fn push_unique(list: &mut Vec<IpAddr>, ip: IpAddr) {
    if !list.contains(&ip) {
        list.push(ip);
    }
}

/// The A and AAAA records of `name`, with its CNAME chain; a failure of either
/// lookup that is not "no such record" is returned beside what was found.
async fn lookup_both(resolver: &TokioResolver, name: &Name) -> (Found, Vec<Failure>) {
    let (a, aaaa) = futures_util::future::join(
        resolver.lookup(name.clone(), RecordType::A),
        resolver.lookup(name.clone(), RecordType::AAAA),
    )
    .await;
    let mut found = Found::default();
    let mut failures = Vec::new();
    for result in [a, aaaa] {
        match result {
            Ok(lookup) => found.add(&lookup),
            Err(e) => failures.push(Failure::of(&e)),
        }
    }
    (found, failures)
}

/// The addresses of a host (A first, then AAAA), for connecting to it.
pub(crate) async fn addresses(
    resolver: &TokioResolver,
    host: &str,
) -> std::result::Result<Vec<IpAddr>, Failure> {
    let name = fqdn(host).map_err(Failure::Other)?;
    let (found, failures) = lookup_both(resolver, &name).await;
    let mut all = found.v4;
    all.extend(found.v6);
    if !all.is_empty() {
        return Ok(all);
    }
    let nxdomain = failures
        .iter()
        .find(|f| matches!(f, Failure::NoSuchName(_)))
        .cloned();
    Err(failures
        .into_iter()
        .find(|f| !f.is_negative())
        .or(nxdomain)
        .unwrap_or(Failure::NoData))
}

/// Follows CNAME records one query at a time; used when the address lookups
/// failed and so carried no chain (a chain that ends nowhere).
async fn cname_chain(resolver: &TokioResolver, start: &str) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    let mut current = start.to_string();
    while chain.len() < MAX_CHAIN {
        let Ok(name) = fqdn(&current) else { break };
        let Ok(lookup) = resolver.lookup(name, RecordType::CNAME).await else {
            break;
        };
        let next = lookup.answers().iter().find_map(|r| match &r.data {
            RData::CNAME(c) if plain(&r.name) == current => Some(plain(&c.0)),
            _ => None,
        });
        match next {
            Some(n) if n != start && !chain.contains(&n) => {
                chain.push(n.clone());
                current = n;
            }
            _ => break,
        }
    }
    chain
}

async fn resolve_targets(resolver: &TokioResolver, expect: &Expect) -> Targets {
    let mut ips: HashMap<IpAddr, Option<String>> =
        expect.ips.iter().map(|ip| (*ip, None)).collect();
    let lookups = expect.hosts.iter().map(|host| async move {
        let found = addresses(resolver, host.as_str()).await.unwrap_or_default();
        (host.as_str().to_string(), found)
    });
    for (host, found) in futures_util::future::join_all(lookups).await {
        for ip in found {
            ips.entry(ip).or_insert_with(|| Some(host.clone()));
        }
    }
    let mut shown: Vec<String> = expect.ips.iter().map(IpAddr::to_string).collect();
    shown.extend(expect.hosts.iter().map(|h| h.as_str().to_string()));
    Targets {
        ips,
        hosts: expect
            .hosts
            .iter()
            .map(|h| h.as_str().to_string())
            .collect(),
        shown: shown.join(", "),
    }
}

fn kind_of(ip: &IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "a"
    } else {
        "aaaa"
    }
}

fn describe_failure(domain: &str, chain: &[String], failure: &Failure) -> (&'static str, String) {
    let via = if chain.is_empty() {
        String::new()
    } else {
        format!(" (through {})", chain.join(" -> "))
    };
    match failure {
        Failure::NoSuchName(name) if name != domain && !chain.is_empty() => (
            reason::NXDOMAIN,
            format!("{domain} is an alias of {name}{via}, which does not exist (NXDOMAIN)"),
        ),
        Failure::NoSuchName(_) => (
            reason::NXDOMAIN,
            format!("{domain} does not exist (NXDOMAIN)"),
        ),
        Failure::NoData => (
            reason::NO_ADDRESS,
            format!("{domain} has no A or AAAA record{via}"),
        ),
        Failure::Timeout => (
            reason::TIMEOUT,
            format!("the DNS server did not answer for {domain} in time"),
        ),
        Failure::Code(code) => (
            reason::DNS_ERROR,
            format!("the DNS server answered {code} for {domain}"),
        ),
        Failure::Other(detail) => (
            reason::DNS_ERROR,
            format!("the DNS lookup of {domain} failed: {detail}"),
        ),
    }
}

async fn check_one(resolver: &TokioResolver, domain: &DomainName, targets: &Targets) -> DnsCheck {
    let shown = domain.as_str();
    let mut out = DnsCheck::empty(shown);
    let name = match fqdn(shown) {
        Ok(n) => n,
        Err(e) => return out.failed(reason::INVALID_DOMAIN, e),
    };
    let (found, failures) = lookup_both(resolver, &name).await;
    let mut chain = found.chain_from(shown);
    out.a = found.v4.iter().map(IpAddr::to_string).collect();
    out.aaaa = found.v6.iter().map(IpAddr::to_string).collect();
    let addresses: Vec<IpAddr> = found.v4.iter().chain(found.v6.iter()).copied().collect();

    if addresses.is_empty() {
        if chain.is_empty() && failures.iter().all(Failure::is_negative) {
            chain = cname_chain(resolver, shown).await;
        }
        out.cname = chain;
        let failure = failures
            .iter()
            .find(|f| !f.is_negative())
            .or_else(|| {
                failures
                    .iter()
                    .find(|f| matches!(f, Failure::NoSuchName(_)))
            })
            .or(failures.first())
            .cloned()
            .unwrap_or(Failure::NoData);
        let (why, message) = describe_failure(shown, &out.cname, &failure);
        return out.failed(why, message);
    }
    out.cname = chain;

    // One of the two lookups failed for another reason than "no such record":
    // what was found may be half the truth.
    if let Some(failure) = failures.iter().find(|f| !f.is_negative()) {
        let (why, message) = describe_failure(shown, &out.cname, failure);
        return out.failed(
            why,
            format!("{message}; the other lookup found {}", join_ips(&addresses)),
        );
    }

    if targets.ips.is_empty() && targets.hosts.is_empty() {
        out.ok = true;
        return out;
    }

    // A name in the chain (or the domain itself) that is expected: everything
    // below it is the server's.
    let by_name = std::iter::once(shown.to_string())
        .chain(out.cname.iter().cloned())
        .find(|n| targets.hosts.contains(n));
    if let Some(host) = by_name {
        out.matched = Some(if host == shown {
            format!("domain {host}")
        } else {
            format!("cname {host}")
        });
        out.ok = true;
        return out;
    }

    let mut matched = Vec::new();
    let mut foreign = Vec::new();
    for ip in &addresses {
        match targets.ips.get(ip) {
            Some(Some(host)) => matched.push(format!("{} {ip} ({host})", kind_of(ip))),
            Some(None) => matched.push(format!("{} {ip}", kind_of(ip))),
            None => foreign.push(*ip),
        }
    }
    if !matched.is_empty() {
        out.matched = Some(matched.join(", "));
    }
    match (matched.is_empty(), foreign.is_empty()) {
        (false, true) => {
            out.ok = true;
            out
        }
        (false, false) => {
            let also = foreign
                .iter()
                .map(|ip| format!("{} {ip}", kind_of(ip).to_uppercase()))
                .collect::<Vec<_>>()
                .join(", ");
            out.failed(
                reason::MIXED,
                format!(
                    "{shown} also points at {also}, which is not the server ({}): visitors, and Let's Encrypt, may reach another host",
                    targets.shown
                ),
            )
        }
        _ => out.failed(
            reason::MISMATCH,
            format!(
                "{shown} points at {}, not at the server ({})",
                join_ips(&addresses),
                targets.shown
            ),
        ),
    }
}

fn join_ips(ips: &[IpAddr]) -> String {
    ips.iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

async fn run(
    items: Vec<std::result::Result<DomainName, Box<DnsCheck>>>,
    expect: &Expect,
    opts: &DnsOptions,
) -> Result<Vec<DnsCheck>> {
    let resolver = resolver(
        opts.nameservers.as_deref(),
        opts.timeout,
        opts.max_concurrency,
    )?;
    let targets = match tokio::time::timeout(opts.timeout, resolve_targets(&resolver, expect)).await
    {
        Ok(t) => t,
        // The expected host names did not resolve in time: match on names and IPs only.
        Err(_) => Targets {
            ips: expect.ips.iter().map(|ip| (*ip, None)).collect(),
            hosts: expect
                .hosts
                .iter()
                .map(|h| h.as_str().to_string())
                .collect(),
            shown: expect
                .ips
                .iter()
                .map(IpAddr::to_string)
                .chain(expect.hosts.iter().map(|h| h.as_str().to_string()))
                .collect::<Vec<_>>()
                .join(", "),
        },
    };
    let (resolver, targets) = (&resolver, &targets);
    let timeout = opts.timeout;
    Ok(bounded(items, opts.max_concurrency, |item| async move {
        match item {
            Err(answer) => *answer,
            Ok(domain) => {
                match tokio::time::timeout(timeout, check_one(resolver, &domain, targets)).await {
                    Ok(answer) => answer,
                    Err(_) => DnsCheck::empty(domain.as_str()).failed(
                        reason::TIMEOUT,
                        format!(
                            "no complete DNS answer for {} within {}",
                            domain,
                            seconds(timeout)
                        ),
                    ),
                }
            }
        }
    })
    .await)
}

/// Checks one domain. A name that is not a domain is an error (not an answer).
pub fn check(domain: &str, expect: &[String], opts: &DnsOptions) -> Result<DnsCheck> {
    let name = DomainName::parse(domain)?;
    let expect = Expect::parse(expect)?;
    let mut answers = runtime::block_on(run(vec![Ok(name)], &expect, opts))??;
    answers
        .pop()
        .ok_or_else(|| Error::network("the DNS check gave no answer"))
}

/// Checks many domains concurrently; one answer per item, in order. A bad name
/// is an answer with `reason` "invalid domain", not an error.
pub fn check_many(
    items: &[BatchItem],
    expect: &[String],
    opts: &DnsOptions,
) -> Result<Vec<DnsCheck>> {
    let expect = Expect::parse(expect)?;
    let parsed = items
        .iter()
        .map(|item| match item {
            BatchItem::Name(s) => DomainName::parse(s).map_err(|e| {
                Box::new(DnsCheck::empty(s).failed(reason::INVALID_DOMAIN, e.message().to_string()))
            }),
            BatchItem::NotAString(what) => Err(Box::new(DnsCheck::empty("").failed(
                reason::INVALID_DOMAIN,
                format!("a domain must be a string, got {what}"),
            ))),
        })
        .collect();
    runtime::block_on(run(parsed, &expect, opts))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::sync::OnceLock;

    fn fixtures() -> &'static wu_fixtures::Ready {
        static READY: OnceLock<wu_fixtures::Ready> = OnceLock::new();
        READY.get_or_init(|| {
            wu_fixtures::spawn(wu_fixtures::Config {
                bench_domains: 8,
                ..Default::default()
            })
            .expect("fixtures start")
        })
    }

    fn opts() -> DnsOptions {
        DnsOptions {
            nameservers: Some(vec![fixtures().dns]),
            timeout: Duration::from_secs(2),
            max_concurrency: 8,
        }
    }

    fn server() -> Vec<String> {
        vec!["192.0.2.10".into(), "2001:db8::10".into()]
    }

    fn network() -> Vec<String> {
        vec!["network.dns.test".into()]
    }

    #[test]
    fn expect_parses_ips_and_hosts() {
        let e = Expect::parse(&[
            "192.0.2.10".into(),
            "[2001:db8::10]".into(),
            "Network.Example.com".into(),
            " ".into(),
        ])
        .unwrap();
        assert_eq!(e.ips.len(), 2);
        assert_eq!(e.hosts[0].as_str(), "network.example.com");
        let err = Expect::parse(&["https://x.com".into()]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().contains("$expect entry 'https://x.com'"));
    }

    #[test]
    fn a_and_aaaa_match_the_server() {
        let r = check("both.dns.test", &server(), &opts()).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.a, vec!["192.0.2.10"]);
        assert_eq!(r.aaaa, vec!["2001:db8::10"]);
        assert_eq!(
            r.matched.as_deref(),
            Some("a 192.0.2.10, aaaa 2001:db8::10")
        );
        let r = check("aaaa.dns.test", &server(), &opts()).unwrap();
        assert!(r.ok && r.a.is_empty(), "{r:?}");
    }

    #[test]
    fn a_foreign_aaaa_makes_it_mixed() {
        let r = check("mixed.dns.test", &server(), &opts()).unwrap();
        assert!(!r.ok);
        assert_eq!(r.reason, Some(reason::MIXED));
        assert!(
            r.error
                .as_deref()
                .unwrap()
                .contains("AAAA 2001:db8:ffff::7"),
            "{r:?}"
        );
        assert_eq!(r.matched.as_deref(), Some("a 192.0.2.10"));
    }

    #[test]
    fn cname_chains_are_followed_and_reported() {
        let r = check("chain.dns.test", &network(), &opts()).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(
            r.cname,
            vec!["hop1.dns.test", "hop2.dns.test", "network.dns.test"]
        );
        assert_eq!(r.matched.as_deref(), Some("cname network.dns.test"));
        assert_eq!(r.a, vec!["192.0.2.10"]);
    }

    #[test]
    fn host_names_also_match_through_their_addresses() {
        let r = check("a.dns.test", &network(), &opts()).unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(
            r.matched.as_deref(),
            Some("a 192.0.2.10 (network.dns.test)")
        );
        let r = check("cname-foreign.dns.test", &network(), &opts()).unwrap();
        assert_eq!(r.reason, Some(reason::MISMATCH), "{r:?}");
        assert_eq!(r.cname, vec!["foreign.dns.test"]);
    }

    #[test]
    fn negative_answers_are_told_apart() {
        let r = check("nothing-here.dns.test", &server(), &opts()).unwrap();
        assert_eq!(r.reason, Some(reason::NXDOMAIN), "{r:?}");
        let r = check("dangling.dns.test", &server(), &opts()).unwrap();
        assert_eq!(r.reason, Some(reason::NXDOMAIN), "{r:?}");
        assert_eq!(r.cname, vec!["gone.dns.test"]);
        assert!(
            r.error.as_deref().unwrap().contains("gone.dns.test"),
            "{r:?}"
        );
        let r = check("txt.dns.test", &server(), &opts()).unwrap();
        assert_eq!(r.reason, Some(reason::NO_ADDRESS), "{r:?}");
        let r = check("servfail.dns.test", &server(), &opts()).unwrap();
        assert_eq!(r.reason, Some(reason::DNS_ERROR), "{r:?}");
    }

    #[test]
    fn no_expectation_means_it_resolves() {
        let r = check("foreign.dns.test", &[], &opts()).unwrap();
        assert!(r.ok && r.matched.is_none(), "{r:?}");
    }

    #[test]
    fn a_silent_name_costs_its_timeout_and_no_more() {
        let mut o = opts();
        o.timeout = Duration::from_millis(600);
        let started = std::time::Instant::now();
        let items: Vec<BatchItem> = vec!["silent.dns.test".into(), "a.dns.test".into()];
        let r = check_many(&items, &server(), &o).unwrap();
        assert_eq!(r[0].reason, Some(reason::TIMEOUT), "{:?}", r[0]);
        assert!(r[1].ok, "{:?}", r[1]);
        // Far below the resolver's own 5 s per try: the timeout was applied.
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn a_server_that_never_answers_is_a_timeout() {
        let mut o = opts();
        o.nameservers = Some(vec![fixtures().dns_silent]);
        o.timeout = Duration::from_millis(400);
        let r = check("a.dns.test", &server(), &o).unwrap();
        assert_eq!(r.reason, Some(reason::TIMEOUT), "{r:?}");
    }

    #[test]
    fn batches_keep_order_and_bad_names_do_not_abort() {
        let items: Vec<BatchItem> = vec![
            "b0.bench.test".into(),
            "not a domain".into(),
            BatchItem::NotAString("int".into()),
            "b3.bench.test".into(),
            "B2.Bench.Test".into(),
        ];
        let r = check_many(&items, &server(), &opts()).unwrap();
        assert_eq!(r.len(), 5);
        assert!(r[0].ok);
        assert_eq!(r[1].reason, Some(reason::INVALID_DOMAIN));
        assert_eq!(r[1].domain, "not a domain");
        assert_eq!(r[2].reason, Some(reason::INVALID_DOMAIN));
        assert_eq!(r[3].reason, Some(reason::MISMATCH));
        assert_eq!(r[4].domain, "b2.bench.test");
        // b2 is a CNAME to network.dns.test, whose addresses are the server's.
        assert!(r[4].ok, "{:?}", r[4]);
    }

    #[test]
    fn single_check_refuses_bad_names() {
        let e = check("https://x.com/", &[], &opts()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidDomain);
    }
}
