//! The entries of the table: one per native function, in the order the stub
//! lists them. Each says what its parameters are and which core call it makes.

use super::function::{to_json, Call, Function, Kind, Param, Returns, Run};
use crate::closte::{self, ClosteClient};
use crate::enhance::EnhanceClient;
use crate::error::{ErrorKind, Result};
use crate::panels::Panel;
use crate::readiness::{self, dns, options as check_options, tls};
use crate::sync::options as sync_options;
use crate::{args, config, wpconfig};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::path::Path;

const ENHANCE: Panel = Panel::Enhance;
const CLOSTE: Panel = Panel::Closte;

const fn p(name: &'static str, kind: Kind) -> Param {
    Param { name, kind }
}

const ENHANCE_DOMAIN: &[Param] = &[
    p("domain", Kind::Domain(ENHANCE)),
    p("config", Kind::Config(ENHANCE)),
];
const ENHANCE_SUBDOMAIN: &[Param] = &[
    p("subdomain", Kind::Domain(ENHANCE)),
    p("config", Kind::Config(ENHANCE)),
];
const ENHANCE_CONFIG: &[Param] = &[p("config", Kind::Config(ENHANCE))];
const CLOSTE_DOMAIN: &[Param] = &[
    p("domain", Kind::Domain(CLOSTE)),
    p("config", Kind::Config(CLOSTE)),
];
const CLOSTE_CONFIG: &[Param] = &[p("config", Kind::Config(CLOSTE))];

const fn core(
    name: &'static str,
    params: &'static [Param],
    returns: Returns,
    doc: &'static [&'static str],
    body: fn(&mut Call<'_>) -> Result<Value>,
) -> Function {
    Function {
        name,
        params,
        returns,
        doc,
        progress: false,
        run: Run::Core(body),
    }
}

fn enhance(c: &Call, i: usize) -> Result<EnhanceClient> {
    EnhanceClient::from_source(&c.settings(i)?)
}

fn closte(c: &Call, i: usize) -> Result<ClosteClient> {
    ClosteClient::from_source(&c.settings(i)?)
}

/// A batch's answers, under the caller's keys.
fn batch<T: Serialize>(slots: Vec<args::Slot>, answers: Result<Vec<T>>) -> Result<Value> {
    let values = answers?
        .into_iter()
        .map(|a| to_json(Ok(a)))
        .collect::<Result<Vec<_>>>()?;
    Ok(args::keyed(slots, values))
}

fn strings(v: &Value) -> Vec<String> {
    args::entries(v)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, v)| v.as_str().map(str::to_string))
        .collect()
}

fn dns_options(c: &Call, i: usize) -> Result<dns::DnsOptions> {
    let map = check_options::from_json(Some(c.arg(i)))?;
    dns::DnsOptions::parse(map.as_ref(), c.env())
}

fn tls_options(c: &Call, i: usize) -> Result<tls::TlsOptions> {
    let map = check_options::from_json(Some(c.arg(i)))?;
    tls::TlsOptions::parse(map.as_ref(), c.env())
}

/// `wu_*_sync(array $domains, ?array $options, ?array $config)` for `panel`.
fn sync(c: &mut Call, panel: Panel) -> Result<Value> {
    let src = c.settings(2)?;
    let rule = panel.domain_rule();
    let (opts, _) = sync_options::parse(Some(c.arg(1)), &src, rule)?;
    let wanted = sync_options::wanted(c.arg(0), rule);
    let mut report = |done, total| c.progress(done, total);
    match panel {
        Panel::Enhance => {
            to_json(EnhanceClient::from_source(&src)?.sync(wanted, &opts, &mut report))
        }
        Panel::Closte => to_json(ClosteClient::from_source(&src)?.sync(wanted, &opts, &mut report)),
    }
}

/// `wu_hosting_info()`: what this build is and sees; never a secret (settings
/// are named, and only ini values, which hold none, are shown).
fn info(c: &mut Call) -> Result<Value> {
    let env = c.env();
    let panels: Map<String, Value> = Panel::ALL
        .iter()
        .map(|p| {
            let settings: Map<String, Value> = p
                .settings()
                .iter()
                .filter_map(|k| Some((k.constant?.to_string(), json!(k.config))))
                .collect();
            let about = json!({
                "title": p.title(),
                "configured": p.is_configured(env),
                "settings": settings,
                "config_keys": p.config_keys(),
            });
            (p.id().to_string(), about)
        })
        .collect();
    let ini: Map<String, Value> = config::INI_KEYS
        .iter()
        .filter_map(|k| {
            let name = k.ini?;
            let value = env.ini(name).or(k.default.map(str::to_string))?;
            Some((name.to_string(), json!(value)))
        })
        .collect();
    let functions: Vec<&str> = TABLE.iter().map(|f| f.name).collect();
    Ok(json!({
        "version": crate::version(),
        "build": {
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "target": format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
        },
        "panels": panels,
        "ini": ini,
        "functions": functions,
    }))
}

/// `wu_hosting_is_transient()`: the passing-failure rule of [`ErrorKind::is_transient`].
fn is_transient(c: &mut Call) -> Result<Value> {
    let status = c.arg(1).as_i64().and_then(|s| u16::try_from(s).ok());
    let transient = ErrorKind::from_class(c.text(0)).is_some_and(|kind| kind.is_transient(status));
    Ok(Value::Bool(transient))
}

/// Every native function.
pub static TABLE: &[Function] = &[
    core(
        "wu_enhance_add_domain",
        ENHANCE_DOMAIN,
        Returns::Array,
        &["Maps a custom domain onto the network's Enhance website as an alias.", "@return array{domain: string, id: string, created: bool}"],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.add_domain(&d))),
    ),
    core(
        "wu_enhance_remove_domain",
        ENHANCE_DOMAIN,
        Returns::Array,
        &["Takes a custom domain off the network's Enhance website.", "@return array{domain: string, id: ?string, removed: bool}"],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.remove_domain(&d))),
    ),
    core(
        "wu_enhance_add_subdomain",
        ENHANCE_SUBDOMAIN,
        Returns::Array,
        &["Adds a site's own host (subdomain-mode networks) as an alias, idempotently.", "@return array{domain: string, id: string, created: bool}"],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.add_domain(&d))),
    ),
    core(
        "wu_enhance_remove_subdomain",
        ENHANCE_SUBDOMAIN,
        Returns::Array,
        &["Removes a site's own host (subdomain-mode networks).", "@return array{domain: string, id: ?string, removed: bool}"],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.remove_domain(&d))),
    ),
    core(
        "wu_enhance_list_domains",
        ENHANCE_CONFIG,
        Returns::Array,
        &[
            "The network website's domains with their certificates.",
            "@return list<array{domain: string, id: string, kind: ?string, document_root: ?string, ssl: ?array{issuer: string, cn: string, sans: list<string>, issued: string, expires: string, force_https: bool, placeholder: bool}}>",
        ],
        |c| to_json(enhance(c, 0).and_then(|e| e.list_domains())),
    ),
    core(
        "wu_enhance_test_connection",
        ENHANCE_CONFIG,
        Returns::Array,
        &[
            "Reads the website and its domains; changes nothing. `server_ips` are the",
            "addresses of the website's server (the panel's `serverIps`), the primary first.",
            "@return array{ok: true, org_id: string, website_id: string, website_domain: string, domains: int, server_ips: list<string>}",
        ],
        |c| to_json(enhance(c, 0).and_then(|e| e.test_connection())),
    ),
    core(
        "wu_enhance_discover",
        ENHANCE_CONFIG,
        Returns::Array,
        &[
            "The websites the token reaches that carry the network's domain (and run on",
            "the configured server, when one is set): the choices for a setup wizard.",
            "@return list<array{org_id: string, org_name: string, website_id: string, domain: string, server_id: ?string}>",
        ],
        |c| to_json(enhance(c, 0).and_then(|e| e.discover())),
    ),
    core(
        "wu_enhance_domain_status",
        ENHANCE_DOMAIN,
        Returns::Array,
        &[
            "Enhance's own view of one domain of the network's website: its DNS status",
            "and its certificate (the `ssl` array is the one wu_enhance_list_domains()",
            "gives). A domain that is not on the website is an ApiException (404).",
            "@return array{domain: string, id: string, dns: 'Resolved'|'ForeignServer'|'Failed'|'Mixed'|'Unknown'|'Error'|string, ssl: ?array{issuer: string, cn: string, sans: list<string>, issued: string, expires: string, force_https: bool, placeholder: bool}, placeholder: bool}",
        ],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.domain_status(&d))),
    ),
    core(
        "wu_enhance_issue_ssl",
        ENHANCE_DOMAIN,
        Returns::Array,
        &[
            "Asks Enhance for a Let's Encrypt certificate after its preflight. A refusal",
            "(preflight says no, or the issue call answers 400/409/422) is issued=false",
            "with the panel's reason.",
            "@return array{domain: string, issued: bool, reason: ?string}",
        ],
        |c| to_json(c.domain(0).and_then(|d| enhance(c, 1)?.issue_ssl(&d))),
    ),
    core(
        "wu_enhance_is_configured",
        ENHANCE_CONFIG,
        Returns::Bool,
        &[
            "Whether the Enhance API token and URL are there, in $config or as",
            "constants; says nothing of whether they are right (see",
            "wu_enhance_test_connection()).",
        ],
        |c| Ok(Value::Bool(Panel::Enhance.is_configured(&c.settings(0)?))),
    ),
    core(
        "wu_dns_check",
        &[p("domain", Kind::Host), p("expect", Kind::Expect), p("options", Kind::Options)],
        Returns::Array,
        &[
            "Whether $domain's DNS points at the server: its A and AAAA records (through",
            "its CNAME chain) compared with $expect, IP addresses and/or host names.",
            "$options: nameservers (list of 'ip' or 'ip:port'; default the system",
            "resolver), timeout (seconds per domain, default 5), max_concurrency.",
            "reason: 'invalid domain', 'nxdomain', 'no address', 'mismatch', 'mixed',",
            "'timeout', 'dns error'.",
            "@param list<string> $expect",
            "@return array{domain: string, ok: bool, a: list<string>, aaaa: list<string>, cname: list<string>, matched: ?string, error: ?string, reason: ?string}",
        ],
        |c| {
            let expect = strings(c.arg(1));
            to_json(dns_options(c, 2).and_then(|o| dns::check(c.text(0), &expect, &o)))
        },
    ),
    core(
        "wu_dns_check_many",
        &[p("domains", Kind::Names), p("expect", Kind::Expect), p("options", Kind::Options)],
        Returns::Array,
        &[
            "wu_dns_check() for many domains concurrently (at most max_concurrency at a",
            "time); one answer per entry, under the same keys, in the same order. A bad",
            "entry gives an answer with reason 'invalid domain'.",
            "@param array<array-key, string> $domains",
            "@param list<string> $expect",
            "@return array<array-key, array{domain: string, ok: bool, a: list<string>, aaaa: list<string>, cname: list<string>, matched: ?string, error: ?string, reason: ?string}>",
        ],
        |c| {
            let expect = strings(c.arg(1));
            let (slots, items) = readiness::batch_items(c.arg(0));
            batch(slots, dns_options(c, 2).and_then(|o| dns::check_many(&items, &expect, &o)))
        },
    ),
    core(
        "wu_ssl_check",
        &[p("domain", Kind::Host), p("options", Kind::Options)],
        Returns::Array,
        &[
            "Whether the server presents a valid certificate for $domain (sent as SNI).",
            "$options: connect_to ('ip' or 'ip:port', instead of the domain's",
            "addresses), port (default 443), ca_file (extra trusted CAs, PEM), timeout",
            "(seconds, default 10), nameservers, max_concurrency.",
            "reason: 'expired', 'not yet valid', 'host mismatch', 'untrusted issuer',",
            "'self-signed', 'placeholder', 'handshake failed', 'refused', 'timeout',",
            "'unresolved', 'invalid domain'.",
            "@return array{domain: string, ok: bool, reason: ?string, issuer: ?string, subject: ?string, sans: list<string>, not_before: ?string, not_after: ?string, days_left: ?int, placeholder: bool, address: ?string, error: ?string}",
        ],
        |c| to_json(tls_options(c, 1).and_then(|o| tls::check(c.text(0), &o))),
    ),
    core(
        "wu_ssl_check_many",
        &[p("domains", Kind::Names), p("options", Kind::Options)],
        Returns::Array,
        &[
            "wu_ssl_check() for many domains concurrently; one answer per entry, under",
            "the same keys, in the same order.",
            "@param array<array-key, string> $domains",
            "@return array<array-key, array{domain: string, ok: bool, reason: ?string, issuer: ?string, subject: ?string, sans: list<string>, not_before: ?string, not_after: ?string, days_left: ?int, placeholder: bool, address: ?string, error: ?string}>",
        ],
        |c| {
            let (slots, items) = readiness::batch_items(c.arg(0));
            batch(slots, tls_options(c, 1).and_then(|o| tls::check_many(&items, &o)))
        },
    ),
    core(
        "wu_closte_add_domain",
        CLOSTE_DOMAIN,
        Returns::Array,
        &[
            "Adds a domain alias to the Closte app; `*.example.com` wildcards are supported.",
            "$config keys: api_key (else CLOSTE_CLIENT_API_KEY), api_url (else",
            "WU_CLOSTE_API_URL, default https://app.closte.com/api/client), ca_file,",
            "timeout, connect_timeout.",
            "@return array{domain: string, wildcard: bool, created: bool}",
        ],
        |c| to_json(c.domain(0).and_then(|d| closte(c, 1)?.add_domain(&d))),
    ),
    core(
        "wu_closte_remove_domain",
        CLOSTE_DOMAIN,
        Returns::Array,
        &["Removes a domain alias from the Closte app.", "@return array{domain: string, removed: bool}"],
        |c| to_json(c.domain(0).and_then(|d| closte(c, 1)?.remove_domain(&d))),
    ),
    core(
        "wu_closte_list_domains",
        CLOSTE_CONFIG,
        Returns::Array,
        &["The Closte app's domain aliases.", "@return list<array{domain: string, wildcard: bool}>"],
        |c| to_json(closte(c, 0).and_then(|e| e.list_domains())),
    ),
    core(
        "wu_closte_test_connection",
        CLOSTE_CONFIG,
        Returns::Array,
        &["Reads the aliases; changes nothing.", "@return array{ok: true, domains: int}"],
        |c| to_json(closte(c, 0).and_then(|e| e.test_connection())),
    ),
    core(
        "wu_closte_detect",
        &[],
        Returns::Bool,
        &["True when CLOSTE_CLIENT_API_KEY is defined and non-empty (the site runs on Closte)."],
        |c| Ok(Value::Bool(closte::detect(c.env()))),
    ),
    core(
        "wu_closte_is_configured",
        CLOSTE_CONFIG,
        Returns::Bool,
        &[
            "Whether the Closte API key is there, in $config or as a constant; says",
            "nothing of whether it is right (see wu_closte_test_connection()).",
        ],
        |c| Ok(Value::Bool(Panel::Closte.is_configured(&c.settings(0)?))),
    ),
    Function {
        progress: true,
        ..core(
            "wu_enhance_sync",
            &[p("domains", Kind::Names), p("options", Kind::Options), p("config", Kind::Config(ENHANCE))],
            Returns::Array,
            &[
                "Brings the network website's Enhance aliases in line with $domains (the full",
                "list the network wants): one listing, then the difference applied.",
                "$options: prune (bool; only aliases are ever removed), keep (list of names",
                "never pruned), dry_run (bool), concurrency (int, default ini",
                "wu_hosting.max_concurrency), rate (requests per second, default 10, 0 for no",
                "limit), adaptive (bool, default true), retry_budget (seconds for further",
                "rounds of writes that met a passing failure, default 60, 0 to 3600),",
                "progress (callable(int $done, int $total)). Lost answers are settled by a",
                "listing before anything is sent again; the report says what the panel holds.",
                "@return array{dry_run: bool, entries: list<array{domain: string, action: string, id: ?string, error: ?string}>, totals: array{added: int, removed: int, kept: int, failed: int, total: int}, concurrency: array, seconds: float}",
            ],
            |c| sync(c, Panel::Enhance),
        )
    },
    Function {
        progress: true,
        ..core(
            "wu_closte_sync",
            &[p("domains", Kind::Names), p("options", Kind::Options), p("config", Kind::Config(CLOSTE))],
            Returns::Array,
            &[
                "Brings the Closte app's aliases in line with $domains; options as wu_enhance_sync().",
                "@return array{dry_run: bool, entries: list<array{domain: string, action: string, id: null, error: ?string}>, totals: array{added: int, removed: int, kept: int, failed: int, total: int}, concurrency: array, seconds: float}",
            ],
            |c| sync(c, Panel::Closte),
        )
    },
    Function {
        name: "wu_hosting_set_logger",
        params: &[p("logger", Kind::Callable)],
        returns: Returns::Void,
        doc: &[
            "Registers a logger for panel requests, called as",
            "$logger(string $line, array $record) after each call with one line per request",
            "(\"Enhance POST /api/orgs/…/domains 201 12.3 ms\"); the record holds panel,",
            "method, path, status, millis, attempt, error and level (info, warning, error).",
            "null removes it; it is forgotten at the end of each request.",
        ],
        progress: false,
        run: Run::Face,
    },
    core(
        "wu_hosting_write_constants",
        &[p("path", Kind::Path), p("constants", Kind::Constants)],
        Returns::Array,
        &[
            "Inserts or replaces define() lines in a wp-config.php: values escaped, written",
            "atomically with the file's permissions, one backup kept (<file>.wu-hosting.bak),",
            "nothing written when nothing changes. Values: string, int, float, bool, null.",
            "@param array<string, string|int|float|bool|null> $constants",
            "@return array{path: string, changed: bool, backup: ?string, constants: array<string, string>}",
        ],
        |c| {
            to_json(
                wpconfig::constants_from_json(c.arg(1))
                    .and_then(|list| wpconfig::write_constants(Path::new(c.text(0)), &list)),
            )
        },
    ),
    core(
        "wu_hosting_is_transient",
        &[p("exception_class", Kind::Text), p("code", Kind::Int)],
        Returns::Bool,
        &[
            "Whether a failure of this WuHosting exception class with this code (the",
            "HTTP status) may pass if tried again later: a NetworkException, or an",
            "ApiException with 408, 429 or 5xx. The rule the sync's own retries follow.",
        ],
        is_transient,
    ),
    core(
        "wu_hosting_info",
        &[],
        Returns::Array,
        &[
            "What this build is and sees: its version, build profile and target, each",
            "panel (configured in this process by its constants, the constants it reads",
            "and the $config key of each, its $config keys), the ini settings and the",
            "native functions. Never a secret: settings are named, not shown.",
            "@return array{version: string, build: array{profile: string, target: string}, panels: array<string, array{title: string, configured: bool, settings: array<string, string>, config_keys: list<string>}>, ini: array<string, string>, functions: list<string>}",
        ],
        info,
    ),
    core(
        "wu_hosting_version",
        &[],
        Returns::String,
        &["The extension's version."],
        |_| Ok(Value::String(crate::version().to_string())),
    ),
];
