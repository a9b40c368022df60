//! `fake-panel`: a local imitation of the Enhance control panel's HTTP API, served
//! over HTTPS on loopback for tests, demos and benchmarks.
//!
//! At start it makes a CA and a server certificate, writes the CA to
//! `<state-dir>/ca.pem`, seeds a small panel (two orgs, two servers, three
//! websites), prints one JSON line with the connection details on stdout and
//! serves until SIGTERM or SIGINT. Logs go to stderr.

mod admin;
mod body;
mod certs;
mod clock;
mod closte;
mod enhance;
mod faults;
mod server;
mod state;
mod world;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use uuid::Uuid;

const USAGE: &str = "\
Usage: fake-panel [OPTIONS]

A local imitation of the Enhance control panel API over HTTPS.

Options:
  --bind ADDR         address to listen on (default 127.0.0.1)
  --port N            port to listen on; 0 picks a free port (default 0)
  --latency-ms N      milliseconds added before every /api/ answer (default 0)
  --state-dir DIR     where ca.pem is written (default: a new directory under
                      the system temp dir, removed again on a clean exit)
  --token TOKEN       the master organisation's bearer token (default: 40 random
                      characters; the customer organisation's is always random)
  --closte-key KEY    the Closte API key (default: 32 random characters)
  --alias-quota N     domain aliases allowed per website (default 100000)
  -h, --help          print this help

When ready, prints one JSON line on stdout with enhance_api_url, ca_file,
enhance_token, enhance_customer_token, enhance_org_id, enhance_website_id, enhance_server_id,
enhance_network_domain, admin_url, closte_api_url and closte_api_key, then serves until SIGTERM or SIGINT.
";

struct Options {
    bind: IpAddr,
    port: u16,
    latency_ms: u64,
    state_dir: Option<PathBuf>,
    token: Option<String>,
    closte_key: Option<String>,
    alias_quota: usize,
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut opts = Options {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        latency_ms: 0,
        state_dir: None,
        token: None,
        closte_key: None,
        alias_quota: 100_000,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Parsed::Help);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |v: String| -> Result<u64, String> {
            v.parse::<u64>()
                .map_err(|_| format!("{name}: not a non-negative integer: {v}"))
        };
        match name.as_str() {
            "--bind" => {
                let v = value()?;
                opts.bind = v
                    .parse()
                    .map_err(|_| format!("--bind: not an IP address: {v}"))?;
            }
            "--port" => {
                let v = number(value()?)?;
                opts.port = u16::try_from(v).map_err(|_| format!("--port: out of range: {v}"))?;
            }
            "--latency-ms" => opts.latency_ms = number(value()?)?,
            "--state-dir" => opts.state_dir = Some(PathBuf::from(value()?)),
            "--token" => {
                let v = value()?;
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err("--token must be non-empty printable ASCII without spaces".into());
                }
                opts.token = Some(v);
            }
            "--closte-key" => {
                let v = value()?;
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(
                        "--closte-key must be non-empty printable ASCII without spaces".into(),
                    );
                }
                opts.closte_key = Some(v);
            }
            "--alias-quota" => opts.alias_quota = number(value()?)? as usize,
            _ => return Err(format!("unknown argument: {arg}")),
        }
    }
    Ok(Parsed::Run(opts))
}

/// A random alphanumeric string of `len` characters.
fn random_token(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in Uuid::new_v4().into_bytes() {
            if out.len() < len && usize::from(b) < 248 {
                out.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Ready<'a> {
    enhance_api_url: String,
    ca_file: String,
    enhance_token: &'a str,
    enhance_customer_token: &'a str,
    enhance_org_id: Uuid,
    enhance_website_id: Uuid,
    enhance_server_id: Uuid,
    enhance_network_domain: &'a str,
    admin_url: String,
    closte_api_url: String,
    closte_api_key: &'a str,
}

fn url_host(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("{v4}:{}", addr.port()),
        IpAddr::V6(v6) => format!("[{v6}]:{}", addr.port()),
    }
}

async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = term => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

async fn run(opts: Options) -> Result<(), String> {
    let (state_dir, owned_dir) = match opts.state_dir {
        Some(dir) => (dir, false),
        None => {
            let dir = std::env::temp_dir().join(format!(
                "fake-panel-{}-{}",
                std::process::id(),
                &Uuid::new_v4().simple().to_string()[..8]
            ));
            (dir, true)
        }
    };
    std::fs::create_dir_all(&state_dir)
        .map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let state_dir = std::fs::canonicalize(&state_dir)
        .map_err(|e| format!("cannot resolve {}: {e}", state_dir.display()))?;

    let extra_ips: Vec<IpAddr> = [opts.bind]
        .into_iter()
        .filter(|ip| !ip.is_unspecified())
        .collect();
    let pki = certs::generate(&extra_ips)?;
    let ca_file = state_dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem)
        .map_err(|e| format!("cannot write {}: {e}", ca_file.display()))?;

    let listener = tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;

    let token = opts.token.unwrap_or_else(|| random_token(40));
    let seed = world::World::seed(clock::now());
    let closte_key = opts.closte_key.unwrap_or_else(|| random_token(32));
    let customer_token = random_token(40);
    let panel = Arc::new(state::Panel::new(
        state::Tokens {
            master: token,
            customer: customer_token,
        },
        closte_key,
        opts.alias_quota,
        opts.latency_ms,
        pki,
        seed,
    ));

    let host = url_host(addr);
    let ready = Ready {
        enhance_api_url: format!("https://{host}/api/"),
        ca_file: ca_file.display().to_string(),
        enhance_token: &panel.tokens.master,
        enhance_customer_token: &panel.tokens.customer,
        enhance_org_id: panel.seed().customer_org,
        enhance_website_id: panel.seed().network_website,
        enhance_server_id: panel.seed().app_server,
        enhance_network_domain: world::NETWORK_DOMAIN,
        admin_url: format!("https://{host}/__admin/"),
        closte_api_url: format!("https://{host}/closte/api/client"),
        closte_api_key: &panel.closte_key,
    };
    let line = serde_json::to_string(&ready).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|_| stdout.flush())
        .map_err(|e| format!("cannot write the ready line: {e}"))?;
    drop(stdout);

    server::serve(listener, panel, shutdown_signal()).await;
    if owned_dir {
        remove_state_dir(&state_dir);
    }
    Ok(())
}

fn remove_state_dir(dir: &Path) {
    let _ = std::fs::remove_file(dir.join("ca.pem"));
    let _ = std::fs::remove_dir(dir);
}

fn main() {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(opts)) => opts,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("fake-panel: {e}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fake-panel: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(run(opts));
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    if let Err(e) = result {
        eprintln!("fake-panel: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_options() {
        let Ok(Parsed::Run(o)) = parse(&[
            "--bind",
            "::1",
            "--port=8443",
            "--latency-ms",
            "5",
            "--token",
            "abc",
            "--alias-quota",
            "2",
        ]) else {
            panic!("expected options");
        };
        assert_eq!(o.bind, "::1".parse::<IpAddr>().unwrap());
        assert_eq!((o.port, o.latency_ms, o.alias_quota), (8443, 5, 2));
        assert_eq!(o.token.as_deref(), Some("abc"));
        assert!(matches!(parse(&["--help"]), Ok(Parsed::Help)));
        assert!(parse(&["--port", "70000"]).is_err());
        assert!(parse(&["--nope"]).is_err());
        assert!(parse(&["--port"]).is_err());
    }

    #[test]
    fn makes_tokens() {
        let t = random_token(40);
        assert_eq!(t.len(), 40);
        assert!(t.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(t, random_token(40));
    }
}
