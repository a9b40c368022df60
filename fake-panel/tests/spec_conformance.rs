//! Starts the built `fake-panel`, calls every Enhance endpoint it imitates and
//! checks each answer against `tests/schema/enhance.json` (component schemas of
//! Enhance's OpenAPI 12.23.0 document), then exercises authentication, error
//! answers, the alias quota, certificates, every fault kind, latency, keep-alive,
//! the admin API and shutdown. Every test starts its own instance.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::Method;
use serde_json::{json, Value};

const SCHEMA: &str = include_str!("schema/enhance.json");
const READY_KEYS: [&str; 11] = [
    "enhance_api_url",
    "ca_file",
    "enhance_token",
    "enhance_customer_token",
    "enhance_org_id",
    "enhance_website_id",
    "enhance_server_id",
    "enhance_network_domain",
    "admin_url",
    "closte_api_url",
    "closte_api_key",
];

// ---------------------------------------------------------------- schema checks

fn schema_root() -> Value {
    serde_json::from_str(SCHEMA).expect("schema file is JSON")
}

/// Validates `value` against `#/$defs/<def>`.
fn check(def: &str, value: &Value) {
    let mut schema = schema_root();
    assert!(schema["$defs"].get(def).is_some(), "no schema named {def}");
    schema["$ref"] = json!(format!("#/$defs/{def}"));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} (at {})", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{def}: {errors:#?}\nin {value:#}");
    assert_known_fields(&schema["$defs"], &schema["$defs"][def], value, def);
}

/// Every object key must be a property (or required name) of its schema: the
/// schemas stay open, but the panel must not invent field names.
fn assert_known_fields(defs: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &defs[r.trim_start_matches("#/$defs/")],
        None => schema,
    };
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let Some(props) = props else { return };
            for (key, v) in map {
                assert!(
                    props.contains_key(key) || required.contains(&key.as_str()),
                    "{at}: field {key:?} is not in the spec's schema"
                );
                if let Some(sub) = props.get(key) {
                    assert_known_fields(defs, sub, v, &format!("{at}.{key}"));
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    assert_known_fields(defs, sub, v, &format!("{at}[{i}]"));
                }
            }
        }
        _ => {}
    }
}

#[test]
fn schema_checks_reject_wrong_answers() {
    let good = json!({
        "domainId": "6f1c2d0e-8a4b-4c1e-9d3f-2b7a5e000001",
        "websiteId": "6f1c2d0e-8a4b-4c1e-9d3f-2b7a5e000002",
        "domain": "x.com", "documentRoot": "public_html",
        "mappingKind": "alias", "cloudflareStatus": "Disconnected"
    });
    check("DomainMapping", &good);
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("domainId");
    let mut bad_enum = good.clone();
    bad_enum["mappingKind"] = json!("mirror");
    let mut bad_uuid = good.clone();
    bad_uuid["websiteId"] = json!("nope");
    let mut invented = good.clone();
    invented["id"] = json!("6f1c2d0e-8a4b-4c1e-9d3f-2b7a5e000001");
    for wrong in [missing, bad_enum, bad_uuid, invented] {
        let outcome = std::panic::catch_unwind(|| check("DomainMapping", &wrong));
        assert!(outcome.is_err(), "accepted {wrong}");
    }
}

// ---------------------------------------------------------------- the instance

static NEXT_DIR: AtomicUsize = AtomicUsize::new(0);

/// A running `fake-panel`; killed (and its state dir removed) when dropped.
struct Instance {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    dir: PathBuf,
    ready: Value,
    api: String,
    admin: String,
    token: String,
    customer_token: String,
    org: String,
    website: String,
    client: Client,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn state_dir() -> PathBuf {
    let n = NEXT_DIR.fetch_add(1, Ordering::Relaxed);
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fake-panel-test-{}-{n}", std::process::id()))
}

fn new_client(ca_file: &str) -> Client {
    let pem = std::fs::read(ca_file).expect("ca.pem readable");
    Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("ca.pem is PEM"))
        .tls_built_in_root_certs(false)
        .http1_only()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

impl Instance {
    fn start(args: &[&str]) -> Instance {
        let dir = state_dir();
        Self::launch(args, Some(dir))
    }

    fn launch(args: &[&str], dir: Option<PathBuf>) -> Instance {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fake-panel"));
        if let Some(dir) = &dir {
            cmd.arg("--state-dir").arg(dir);
        }
        let mut child = cmd
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("fake-panel starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("ready line");
        let ready: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                let _ = child.kill();
                panic!("bad ready line {line:?}: {e}");
            }
        };
        let s = |k: &str| ready[k].as_str().unwrap_or_default().to_string();
        let ca_file = s("ca_file");
        let dir = dir.unwrap_or_else(|| {
            Path::new(&ca_file)
                .parent()
                .expect("ca_file has a parent")
                .to_path_buf()
        });
        Instance {
            client: new_client(&ca_file),
            api: s("enhance_api_url"),
            admin: s("admin_url"),
            token: s("enhance_token"),
            customer_token: s("enhance_customer_token"),
            org: s("enhance_org_id"),
            website: s("enhance_website_id"),
            ready,
            child,
            _stdout: stdout,
            dir,
        }
    }

    fn other_client(&self) -> Client {
        new_client(self.ready["ca_file"].as_str().unwrap())
    }

    fn site(&self) -> String {
        format!("orgs/{}/websites/{}", self.org, self.website)
    }

    /// A GET with another token; the answer's status and body.
    fn get_status_as(&self, token: &str, path: &str) -> (u16, Value) {
        let resp = self
            .client
            .get(format!("{}{path}", self.api))
            .bearer_auth(token)
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn get_as(&self, token: &str, path: &str) -> Value {
        let (status, body) = self.get_status_as(token, path);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    fn request(
        &self,
        client: &Client,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Result<Response> {
        let mut req = client
            .request(method, format!("{}{path}", self.api))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send()
    }

    fn call(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.request(&self.client, method, path, body)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Calls the API, asserts the status and returns the JSON answer.
    fn json(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> Value {
        let resp = self.call(method, path, body);
        assert_eq!(resp.status().as_u16(), status, "status of {path}");
        let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
        assert!(
            ct.starts_with("application/json"),
            "{path}: content type {ct}"
        );
        resp.json().expect("JSON answer")
    }

    fn get(&self, path: &str) -> Value {
        self.json(Method::GET, path, None, 200)
    }

    fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.client.request(method, format!("{}{path}", self.admin));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("admin call");
        assert!(
            resp.status().is_success(),
            "admin {path}: {}",
            resp.status()
        );
        resp.json().expect("admin JSON")
    }

    fn faults(&self, rules: Value) {
        self.admin(Method::POST, "faults", Some(json!({ "faults": rules })));
    }

    fn state(&self) -> Value {
        self.admin(Method::GET, "state", None)
    }

    fn add(&self, domain: &str) -> String {
        let created = self.json(
            Method::POST,
            &format!("{}/domains", self.site()),
            Some(json!({ "domain": domain })),
            201,
        );
        check("NewResourceUuid", &created);
        created["id"].as_str().unwrap().to_string()
    }

    fn domain_names(&self) -> Vec<String> {
        self.get(&format!("{}/domains", self.site()))["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["domain"].as_str().unwrap().to_string())
            .collect()
    }

    fn mapping(&self, domain: &str) -> Value {
        let list = self.get(&format!("{}/domains?withSsl=true", self.site()));
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"] == domain)
            .cloned()
            .unwrap_or_else(|| panic!("{domain} not listed"))
    }
}

fn error_code(resp: Response, status: u16) -> String {
    assert_eq!(resp.status().as_u16(), status);
    let body: Value = resp.json().expect("error body is JSON");
    check("HttpError", &body);
    body["code"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------- tests

#[test]
fn ready_line_certificate_and_clean_exit() {
    let p = Instance::launch(&[], None);
    let keys: Vec<&String> = p.ready.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), READY_KEYS.len(), "{keys:?}");
    for k in READY_KEYS {
        assert!(p.ready[k].is_string(), "{k} missing");
    }
    assert!(p.api.starts_with("https://127.0.0.1:") && p.api.ends_with("/api/"));
    assert_eq!(p.admin, p.api.replace("/api/", "/__admin/"));
    assert_eq!(p.ready["enhance_network_domain"], "network.test");
    assert_eq!(p.token.len(), 40);
    assert!(p.token.bytes().all(|b| b.is_ascii_alphanumeric()));
    let ca_file = PathBuf::from(p.ready["ca_file"].as_str().unwrap());
    assert!(ca_file.is_absolute());
    let pem = std::fs::read_to_string(&ca_file).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));

    // The seeded ids printed are the ones the API serves.
    let memberships = p.get_as(&p.customer_token, "login/memberships");
    let customer = &memberships["memberships"][0];
    assert_eq!(customer["orgId"], p.ready["enhance_org_id"]);
    assert_eq!(customer["isMasterOrg"], false);
    assert_ne!(p.customer_token, p.token);
    let site = p.get(&p.site());
    assert_eq!(site["domain"]["domain"], "network.test");
    let servers = p.get("servers");
    assert!(servers["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == p.ready["enhance_server_id"] && s["friendlyName"] == "app01"));

    // SIGTERM ends it cleanly, and the state dir it made is removed.
    let mut p = p;
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(p.child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = p.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(!ca_file.exists());
}

#[test]
fn help_prints_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_fake-panel"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--bind",
        "--port",
        "--latency-ms",
        "--state-dir",
        "--token",
        "--alias-quota",
    ] {
        assert!(text.contains(flag), "{flag} not in usage");
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_fake-panel"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

#[test]
fn every_endpoint_matches_the_spec() {
    let p = Instance::start(&["--token", "test-token"]);
    assert_eq!(p.token, "test-token");

    let memberships = p.get("login/memberships");
    check("LoginMemberships", &memberships);
    // A token belongs to exactly one org: the master token's login is a member
    // of the master org only.
    let m = memberships["memberships"].as_array().unwrap();
    assert_eq!(m.len(), 1);
    let master = &m[0];
    assert_eq!(master["isMasterOrg"], true);
    assert_eq!(master["orgName"], "Enhance Master");
    assert_eq!(master["roles"], json!(["Owner"]));
    let master_org = master["orgId"].as_str().unwrap().to_string();
    let customer = p.get_as(&p.customer_token, "login/memberships");
    check("LoginMemberships", &customer);
    let customer = &customer["memberships"][0];
    assert_eq!(customer["orgName"], "Network Customer");
    assert_eq!(customer["isMasterOrg"], false);
    assert_eq!(customer["roles"], json!(["SuperAdmin"]));
    assert_eq!(customer["orgId"], p.org.as_str());

    let servers = p.get("servers");
    check("ServersListing", &servers);
    assert_eq!(servers["total"], 2);
    let paged = p.get("servers?offset=1&limit=1");
    check("ServersListing", &paged);
    assert_eq!(paged["total"], 2);
    assert_eq!(paged["items"].as_array().unwrap().len(), 1);
    assert_eq!(paged["items"][0]["friendlyName"], "app02");
    let app01 = &servers["items"][0];
    assert_eq!(app01["hostname"], "app01.panel.test");
    assert_eq!(
        app01["ips"],
        json!([{ "ip": "127.0.0.1", "isPrimary": true }])
    );

    let sites = p.get(&format!("orgs/{}/websites", p.org));
    check("WebsitesListing", &sites);
    assert_eq!(sites["total"], 2);
    assert!(sites["items"][0].get("appServerId").is_none());
    let network = &sites["items"][0];
    assert_eq!(network["id"], p.website.as_str());
    assert_eq!(network["domain"]["kind"], "primary");
    assert_eq!(network["status"], "active");

    let found = p.get(&format!("orgs/{}/websites?search=OTHER.T", p.org));
    check("WebsitesListing", &found);
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["domain"]["domain"], "other.test");

    let server_id = p.ready["enhance_server_id"].as_str().unwrap();
    let on_app01 = p.get(&format!("orgs/{}/websites?servers={server_id}", p.org));
    assert_eq!(on_app01["total"], 1);
    assert_eq!(on_app01["items"][0]["id"], p.website.as_str());

    let all = p.get(&format!(
        "orgs/{master_org}/websites?recursion=infinite&limit=2"
    ));
    check("WebsitesListing", &all);
    assert_eq!(all["total"], 3);
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert!(all["items"][0]["appServerId"].is_string());
    let own = p.get(&format!("orgs/{master_org}/websites"));
    assert_eq!(own["total"], 1);
    assert_eq!(own["items"][0]["kind"], "controlPanel");
    assert_eq!(own["items"][0]["domain"]["domain"], "panel.test");

    let site = p.get(&p.site());
    check("Website", &site);
    // The website's server addresses, as a mapped domain's A record should hold them.
    assert_eq!(site["serverIps"][0]["ip"], "127.0.0.1");
    assert_eq!(site["serverIps"][0]["isPrimary"], true);

    let id = p.add("shop.example");
    let site = p.get(&p.site());
    check("Website", &site);
    assert_eq!(site["aliases"][0]["id"], id.as_str());
    assert_eq!(site["aliases"][0]["kind"], "alias");
    // Aliases take part in a search, and are listed, only with showAliases.
    let found = p.get(&format!("orgs/{}/websites?search=shop", p.org));
    check("WebsitesListing", &found);
    assert_eq!(found["total"], 0);
    let found = p.get(&format!(
        "orgs/{}/websites?search=shop&showAliases=true",
        p.org
    ));
    check("WebsitesListing", &found);
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["aliases"][0]["domain"], "shop.example");
    let plain = p.get(&format!("orgs/{}/websites", p.org));
    assert_eq!(plain["items"][0]["aliases"], json!([]));

    let list = p.get(&format!("{}/domains", p.site()));
    check("DomainMappingsFullListing", &list);
    assert!(list.get("total").is_none());
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["mappingKind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["primary", "preview", "alias"]);
    assert!(list["items"][0].get("cert").is_none());
    let with_ssl = p.get(&format!("{}/domains?withSsl=true", p.site()));
    check("DomainMappingsFullListing", &with_ssl);
    for item in with_ssl["items"].as_array().unwrap() {
        // A preview mapping comes without `cert`, as seen on a real panel.
        if item["mappingKind"] == "preview" {
            assert!(item.get("cert").is_none(), "{item}");
        } else {
            check("DomainSslCert", &item["cert"]);
        }
    }

    let one = p.get(&format!("{}/domains/{id}", p.site()));
    check("DomainMapping", &one);
    assert_eq!(one["domainId"], id.as_str());
    assert_eq!(one["websiteId"], p.website.as_str());
    assert_eq!(one["documentRoot"], "public_html");
    assert_eq!(one["cloudflareStatus"], "Disconnected");

    let dns = p.get(&format!("{}/domains/{id}/dns-status", p.site()));
    check("DnsStatus", &dns);
    assert_eq!(dns, "Unknown");

    let check_path = format!("orgs/{}/domains/check", p.org);
    for (domain, status) in [
        ("free.example", "notInUse"),
        ("shop.example", "inUseCurrentOrg"),
        ("panel.test", "prohibited"),
    ] {
        let answer = p.json(
            Method::POST,
            &check_path,
            Some(json!({ "domain": domain })),
            200,
        );
        check("DomainInUseStatus", &answer);
        assert_eq!(answer["status"], status, "{domain}");
    }
    let current = p.json(
        Method::POST,
        &check_path,
        Some(json!({ "domain": "shop.example" })),
        200,
    );
    assert_eq!(current["websiteId"], p.website.as_str());
    let other = p.json(
        Method::POST,
        &format!("orgs/{master_org}/domains/check"),
        Some(json!({ "domain": "network.test" })),
        200,
    );
    check("DomainInUseStatus", &other);
    assert_eq!(other, json!({ "status": "inUseAnotherOrg" }));

    let pre = p.json(
        Method::POST,
        &format!("v2/domains/{id}/letsencrypt_preflight"),
        None,
        200,
    );
    check("LetsEncryptPreflightResult", &pre);
    assert_eq!(pre["canIssue"], false);

    let ssl = p.get(&format!("v2/domains/{id}/ssl"));
    check("DomainSslCertWithData", &ssl);
    assert!(ssl["cert"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(ssl["key"].as_str().unwrap().contains("PRIVATE KEY-----"));

    p.admin(
        Method::POST,
        "dns",
        Some(json!({ "domain": "shop.example", "status": "Resolved" })),
    );
    let pre = p.json(
        Method::POST,
        &format!("v2/domains/{id}/letsencrypt_preflight"),
        None,
        200,
    );
    check("LetsEncryptPreflightResult", &pre);
    assert_eq!(pre, json!({ "canIssue": true }));
    let issued = p.call(Method::POST, &format!("v2/domains/{id}/letsencrypt"), None);
    assert_eq!(issued.status().as_u16(), 201);
    assert!(issued.bytes().unwrap().is_empty());

    let deleted = p.call(Method::DELETE, &format!("{}/domains/{id}", p.site()), None);
    assert_eq!(deleted.status().as_u16(), 204);
    assert!(deleted.bytes().unwrap().is_empty());
}

#[test]
fn authentication_and_error_answers() {
    let p = Instance::start(&[]);
    let url = format!("{}servers", p.api);

    let none = p.client.get(&url).send().unwrap();
    assert_eq!(error_code(none, 401), "no_session_token");
    let wrong = p.client.get(&url).bearer_auth("wrong").send().unwrap();
    assert_eq!(error_code(wrong, 403), "unauthorized");
    let basic = p
        .client
        .get(&url)
        .basic_auth("a", Some("b"))
        .send()
        .unwrap();
    assert_eq!(error_code(basic, 403), "unauthorized");

    for path in [
        "orgs/not-a-uuid/websites".to_string(),
        format!("orgs/{}/websites/123", p.org),
        format!("{}/domains/xyz", p.site()),
        "v2/domains/nope/ssl".to_string(),
    ] {
        let resp = p.call(Method::GET, &path, None);
        assert_eq!(resp.status().as_u16(), 404, "{path}");
        let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("text/plain"), "{path}: {ct}");
        assert_eq!(resp.text().unwrap(), "UUID parsing failed");
    }

    let unknown = "2f0e3c1a-0000-4000-8000-000000000000";
    for (path, what) in [
        (format!("orgs/{unknown}/websites"), "Organization"),
        (format!("orgs/{}/websites/{unknown}", p.org), "Website"),
        (format!("{}/domains/{unknown}", p.site()), "Domain"),
        (format!("v2/domains/{unknown}/ssl"), "Domain"),
        ("no/such/route".to_string(), "route"),
    ] {
        let resp = p.call(Method::GET, &path, None);
        assert_eq!(resp.status().as_u16(), 404);
        let body: Value = resp.json().unwrap();
        check("HttpError", &body);
        assert_eq!(body["code"], "not_found", "{path}");
        assert!(body["message"].as_str().unwrap().contains(what), "{body}");
    }
    // A website of another org is not found through this org.
    let master = p.state()["master_org_id"].as_str().unwrap().to_string();
    let resp = p.call(
        Method::GET,
        &format!("orgs/{master}/websites/{}", p.website),
        None,
    );
    assert_eq!(error_code(resp, 404), "not_found");

    let add = format!("{}/domains", p.site());
    let raw = p
        .client
        .post(format!("{}{add}", p.api))
        .bearer_auth(&p.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .unwrap();
    assert_eq!(error_code(raw, 400), "invalid_argument");
    for body in [
        json!({}),
        json!({ "domain": 5 }),
        json!({ "domain": "Upper.Example" }),
        json!({ "domain": "no_underscore.example" }),
        json!({ "domain": "single" }),
        json!({ "domain": "ok.example", "kind": "mirror" }),
        json!({ "domain": "ok.example", "kind": "primary" }),
    ] {
        let resp = p.call(Method::POST, &add, Some(body.clone()));
        assert_eq!(error_code(resp, 400), "invalid_argument", "{body}");
    }
    let resp = p.call(
        Method::POST,
        &format!("orgs/{}/domains/check", p.org),
        Some(json!({})),
    );
    assert_eq!(error_code(resp, 400), "invalid_argument");
    let resp = p.call(Method::GET, "servers?limit=x", None);
    assert_eq!(error_code(resp, 400), "invalid_argument");

    let primary = p.get(&p.site())["domain"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = p.call(
        Method::DELETE,
        &format!("{}/domains/{primary}", p.site()),
        None,
    );
    assert_eq!(error_code(resp, 400), "invalid_argument");
    assert!(p.domain_names().contains(&"network.test".to_string()));

    p.admin(Method::POST, "switches", Some(json!({ "mo_token": false })));
    let resp = p.call(Method::GET, "servers", None);
    assert_eq!(error_code(resp, 403), "only_mo_allowed");
    p.admin(Method::POST, "switches", Some(json!({ "mo_token": true })));
    check("ServersListing", &p.get("servers"));
}

#[test]
fn tokens_belong_to_one_org_and_search_follows_the_spec() {
    let p = Instance::start(&[]);
    let master = p.state()["master_org_id"].as_str().unwrap().to_string();
    let customer = p.customer_token.clone();

    // A customer-org token works in its own org, not in the master org, and not
    // on the calls the spec reserves for the master org.
    check(
        "WebsitesListing",
        &p.get_as(&customer, &format!("orgs/{}/websites", p.org)),
    );
    let (status, body) = p.get_status_as(&customer, &format!("orgs/{master}/websites"));
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("unauthorized")),
        "{body}"
    );
    let (status, body) = p.get_status_as(&customer, "servers");
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("only_mo_allowed"))
    );
    let id = p.add("one.example");
    check(
        "DomainMappingsFullListing",
        &p.get_as(&customer, &format!("{}/domains", p.site())),
    );
    let (status, body) = p.get_status_as(&customer, &format!("{}/domains/{id}", p.site()));
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("unauthorized")),
        "{body}"
    );
    check(
        "DomainMapping",
        &p.get(&format!("{}/domains/{id}", p.site())),
    );
    let (status, _) = p.get_status_as(
        &customer,
        &format!("orgs/{}/websites?showDeleted=false", p.org),
    );
    assert_eq!(status, 403);

    // The master org reaches its customers' websites only through `recursion`.
    let own = p.get(&format!("orgs/{master}/websites?search=network.test"));
    assert_eq!(own["total"], 0);
    for recursion in ["directCustomers", "infinite"] {
        let all = p.get(&format!(
            "orgs/{master}/websites?search=network.test&recursion={recursion}"
        ));
        check("WebsitesListing", &all);
        assert_eq!(all["total"], 1, "{recursion}");
        assert_eq!(all["items"][0]["orgId"], p.org.as_str());
        assert!(all["items"][0]["appServerId"].is_string());
    }
    let (status, body) =
        p.get_status_as(&p.token, &format!("orgs/{master}/websites?recursion=all"));
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_argument")),
        "{body}"
    );
    assert!(body["detail"].as_str().unwrap().contains("recursion"));
    // Server ids are shown to the master org only.
    let mine = p.get_as(
        &customer,
        &format!("orgs/{}/websites?recursion=infinite", p.org),
    );
    assert!(mine["items"][0].get("appServerId").is_none());

    // Deleted websites are listed unless showDeleted=false; their names are free.
    let gone = p.admin(
        Method::POST,
        "websites",
        Some(json!({ "domain": "network.test", "status": "deleted" })),
    );
    let listed = p.get(&format!("orgs/{}/websites?search=network.test", p.org));
    check("WebsitesListing", &listed);
    let statuses: Vec<(&str, &str)> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["id"].as_str().unwrap(), w["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            (p.website.as_str(), "active"),
            (gone["id"].as_str().unwrap(), "deleted")
        ]
    );
    let live = p.get(&format!(
        "orgs/{master}/websites?search=network.test&recursion=infinite&showDeleted=false"
    ));
    assert_eq!(live["total"], 1);
    p.admin(
        Method::POST,
        "websites",
        Some(json!({ "domain": "was-here.example", "status": "deleted" })),
    );
    let check_path = format!("orgs/{}/domains/check", p.org);
    let held = p.json(
        Method::POST,
        &check_path,
        Some(json!({ "domain": "was-here.example" })),
        200,
    );
    check("DomainInUseStatus", &held);
    assert_eq!(held["status"], "inUseDeletedSite");

    // Login memberships can be refused, as a panel may refuse them to a token.
    p.admin(
        Method::POST,
        "switches",
        Some(json!({ "memberships_refused": true })),
    );
    let (status, body) = p.get_status_as(&p.token, "login/memberships");
    assert_eq!((status, body["code"].as_str()), (403, Some("unauthorized")));
}

#[test]
fn closte_item_shapes_are_switchable() {
    let p = Instance::start(&[]);
    let key = p.ready["closte_api_key"].as_str().unwrap().to_string();
    let base = p.ready["closte_api_url"].as_str().unwrap().to_string();
    let added = p
        .client
        .post(format!("{base}/adddomainalias"))
        .form(&[
            ("apikey", key.as_str()),
            ("domain", "shop.example"),
            ("wildcard", "0"),
        ])
        .send()
        .unwrap();
    assert_eq!(added.json::<Value>().unwrap()["success"], true);
    let list = |shape: &str| -> Value {
        p.admin(
            Method::POST,
            "switches",
            Some(json!({ "closte_item_shape": shape })),
        );
        let resp = p
            .client
            .get(format!("{base}/getdomains?apikey={key}"))
            .send()
            .unwrap();
        resp.json::<Value>().unwrap()["domains"][0].clone()
    };
    assert_eq!(list("domain")["domain"], "shop.example");
    assert_eq!(
        list("hostname"),
        json!({ "hostname": "shop.example", "wildcard": false })
    );
    assert_eq!(list("string"), json!("shop.example"));
    let unknown = list("unknown");
    assert_eq!(unknown["fqdn"], "shop.example");
    assert!(unknown.get("domain").is_none() && unknown.get("hostname").is_none());
    let refused = p
        .client
        .post(format!("{}switches", p.admin))
        .json(&json!({ "closte_item_shape": "xml" }))
        .send()
        .unwrap();
    assert_eq!(refused.status().as_u16(), 400);
}

#[test]
fn add_list_delete_round_trip_and_duplicates() {
    let p = Instance::start(&[]);
    let id = p.add("alias-one.example");
    let list = p.get(&format!("{}/domains", p.site()));
    let listed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "alias-one.example")
        .expect("listed after add");
    assert_eq!(listed["domainId"], id.as_str());
    assert!(listed.get("id").is_none());
    assert_eq!(listed["mappingKind"], "alias");

    let dup = p.call(
        Method::POST,
        &format!("{}/domains", p.site()),
        Some(json!({ "domain": "alias-one.example" })),
    );
    assert_eq!(dup.status().as_u16(), 400);
    let body: Value = dup.json().unwrap();
    assert_eq!(
        body,
        json!({ "code": "invalid_argument", "message": "Invalid argument",
                "detail": "Domain alias-one.example is already in use" })
    );
    // A name used by another website (even of another org) is taken too.
    for taken in [
        "other.test",
        "panel.test",
        "network-test.preview.panel.test",
    ] {
        let resp = p.call(
            Method::POST,
            &format!("{}/domains", p.site()),
            Some(json!({ "domain": taken })),
        );
        assert_eq!(error_code(resp, 400), "invalid_argument", "{taken}");
    }

    let addon = p.json(
        Method::POST,
        &format!("{}/domains", p.site()),
        Some(json!({ "domain": "addon.example", "kind": "addon", "documentRoot": "public_html/addon" })),
        201,
    );
    let addon_id = addon["id"].as_str().unwrap();
    let one = p.get(&format!("{}/domains/{addon_id}", p.site()));
    assert_eq!(one["mappingKind"], "addon");
    assert_eq!(one["documentRoot"], "public_html/addon");

    let path = format!("{}/domains/{id}", p.site());
    let deleted = p.call(Method::DELETE, &path, None);
    assert_eq!(deleted.status().as_u16(), 204);
    assert!(deleted.bytes().unwrap().is_empty());
    assert!(!p.domain_names().contains(&"alias-one.example".to_string()));
    assert_eq!(
        error_code(p.call(Method::GET, &path, None), 404),
        "not_found"
    );
    assert_eq!(
        error_code(p.call(Method::DELETE, &path, None), 404),
        "not_found"
    );
    // The name is free again.
    let again = p.add("alias-one.example");
    assert_ne!(again, id);
}

#[test]
fn alias_quota_is_enforced() {
    let p = Instance::start(&["--alias-quota", "2"]);
    let first = p.add("q1.example");
    p.add("q2.example");
    let add = format!("{}/domains", p.site());
    let over = p.call(Method::POST, &add, Some(json!({ "domain": "q3.example" })));
    assert_eq!(error_code(over, 400), "invalid_argument");
    // Other kinds do not use the alias quota.
    p.json(
        Method::POST,
        &add,
        Some(json!({ "domain": "q3.example", "kind": "addon" })),
        201,
    );
    // Removing frees a slot.
    let deleted = p.call(Method::DELETE, &format!("{add}/{first}"), None);
    assert_eq!(deleted.status().as_u16(), 204);
    p.add("q4.example");
    assert_eq!(p.state()["alias_quota"], 2);
}

#[test]
fn placeholder_certificate_until_dns_resolves() {
    let p = Instance::start(&[]);
    let id = p.add("cert.example");
    let cert = p.mapping("cert.example")["cert"].clone();
    check("DomainSslCert", &cert);
    assert_eq!(cert["cn"], "cert.example");
    assert_eq!(cert["issuer"], "cert.example");
    assert_eq!(cert["issued"], "1975-01-01 00:00:00 UTC");
    assert_eq!(cert["expires"], "4096-01-01 00:00:00 UTC");
    assert_eq!(cert["sans"], json!(["cert.example"]));

    let pre = p.json(
        Method::POST,
        &format!("v2/domains/{id}/letsencrypt_preflight"),
        None,
        200,
    );
    assert_eq!(pre["canIssue"], false);
    assert!(pre["error"]
        .as_str()
        .unwrap()
        .contains("DNS does not resolve to this server"));
    let refused = p.call(Method::POST, &format!("v2/domains/{id}/letsencrypt"), None);
    assert_eq!(error_code(refused, 400), "invalid_argument");
    let ssl = p.get(&format!("v2/domains/{id}/ssl"));
    assert_eq!(ssl["issuer"], "cert.example");

    let set = p.admin(
        Method::POST,
        "dns",
        Some(json!({ "domain": "cert.example", "status": "Resolved" })),
    );
    assert_eq!(set["cert_issuer"], "R11");
    let dns = p.get(&format!("{}/domains/{id}/dns-status", p.site()));
    assert_eq!(dns, "Resolved");
    let cert = p.mapping("cert.example")["cert"].clone();
    check("DomainSslCert", &cert);
    assert_eq!(cert["issuer"], "R11");
    assert_eq!(cert["sans"], json!(["cert.example"]));
    let issued = cert["issued"].as_str().unwrap();
    let expires = cert["expires"].as_str().unwrap();
    assert!(issued.ends_with(" UTC") && issued.len() == 23, "{issued}");
    let year: i32 = issued[..4].parse().unwrap();
    assert!(year >= 2025, "{issued}");
    assert_ne!(issued, expires);
    assert!(expires > issued);
    let ssl = p.get(&format!("v2/domains/{id}/ssl"));
    check("DomainSslCertWithData", &ssl);
    assert_eq!(ssl["issuer"], "R11");
    assert_eq!(ssl["issued"], issued);

    let pre = p.json(
        Method::POST,
        &format!("v2/domains/{id}/letsencrypt_preflight"),
        None,
        200,
    );
    assert_eq!(pre["canIssue"], true);
    p.admin(
        Method::POST,
        "switches",
        Some(json!({ "preflight_refuse": true, "preflight_reason": "CAA record forbids Let's Encrypt" })),
    );
    let pre = p.json(
        Method::POST,
        &format!("v2/domains/{id}/letsencrypt_preflight"),
        None,
        200,
    );
    check("LetsEncryptPreflightResult", &pre);
    assert_eq!(
        pre,
        json!({ "canIssue": false, "error": "CAA record forbids Let's Encrypt" })
    );
    let refused = p.call(Method::POST, &format!("v2/domains/{id}/letsencrypt"), None);
    assert_eq!(error_code(refused, 400), "invalid_argument");

    // Other statuses are reported as set, and do not issue.
    let other = p.add("foreign.example");
    p.admin(
        Method::POST,
        "dns",
        Some(json!({ "domain": "foreign.example", "status": "ForeignServer" })),
    );
    assert_eq!(
        p.get(&format!("{}/domains/{other}/dns-status", p.site())),
        "ForeignServer"
    );
    assert_eq!(
        p.mapping("foreign.example")["cert"]["issuer"],
        "foreign.example"
    );
}

#[test]
fn faults_that_replace_the_answer() {
    let p = Instance::start(&[]);
    let add = format!("{}/domains", p.site());

    p.faults(json!([{ "kind": "status", "status": 503, "method": "POST", "path": "/domains" }]));
    // A GET does not match the rule.
    p.get(&add);
    let resp = p.call(Method::POST, &add, Some(json!({ "domain": "f1.example" })));
    assert_eq!(resp.status().as_u16(), 503);
    let body: Value = resp.json().unwrap();
    assert_eq!(body, json!({ "code": "internal", "message": "fake fault" }));
    assert!(
        !p.domain_names().contains(&"f1.example".to_string()),
        "processed"
    );
    // Used up: the next one goes through.
    p.json(
        Method::POST,
        &add,
        Some(json!({ "domain": "f1.example" })),
        201,
    );

    p.faults(json!([{ "kind": "status", "status": 429, "retry_after": 7, "body": { "code": "too_many" } }]));
    let resp = p.call(Method::GET, "servers", None);
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(resp.headers()["retry-after"], "7");
    assert_eq!(resp.json::<Value>().unwrap(), json!({ "code": "too_many" }));

    p.faults(
        json!([{ "kind": "status", "status": 500, "body": "oops", "content_type": "text/plain" }]),
    );
    let resp = p.call(Method::GET, "servers", None);
    assert_eq!(resp.status().as_u16(), 500);
    assert_eq!(resp.headers()["content-type"], "text/plain");
    assert_eq!(resp.text().unwrap(), "oops");

    p.faults(json!([{ "kind": "html" }]));
    let resp = p.call(Method::GET, "servers", None);
    assert_eq!(resp.status().as_u16(), 502);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(resp.text().unwrap().contains("<h1>502 Bad Gateway</h1>"));

    p.faults(json!([{ "kind": "invalid_json", "path": "/domains" }]));
    let resp = p.call(Method::POST, &add, Some(json!({ "domain": "f2.example" })));
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let text = resp.text().unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(
        !p.domain_names().contains(&"f2.example".to_string()),
        "processed"
    );

    p.faults(json!([{ "kind": "huge_body", "bytes": 3_000_001 }, { "kind": "huge_body" }]));
    let mut resp = p.call(Method::GET, "servers", None);
    assert_eq!(resp.status().as_u16(), 200);
    let mut body = Vec::new();
    resp.read_to_end(&mut body).unwrap();
    assert_eq!(body.len(), 3_000_001);
    serde_json::from_slice::<Value>(&body).expect("huge body is JSON");
    let mut resp = p.call(Method::GET, "servers", None);
    assert_eq!(resp.content_length(), Some(64 * 1024 * 1024));
    let n = std::io::copy(&mut resp, &mut std::io::sink()).unwrap();
    assert_eq!(n, 64 * 1024 * 1024);

    // Rules with count -1 stay; DELETE clears them.
    p.faults(json!([{ "kind": "status", "status": 502, "count": -1, "path": "/servers" }]));
    for _ in 0..3 {
        assert_eq!(p.call(Method::GET, "servers", None).status().as_u16(), 502);
    }
    assert_eq!(p.state()["faults"][0]["count"], -1);
    p.admin(Method::DELETE, "faults", None);
    p.get("servers");
    // Admin requests are not subject to faults, and are not counted.
    p.faults(json!([{ "kind": "drop", "count": 2 }]));
    let state = p.state();
    assert_eq!(state["faults"][0]["count"], 2);
    let requests = state["requests"].as_u64().unwrap();
    assert_eq!(p.state()["requests"].as_u64().unwrap(), requests);
}

#[test]
fn drop_faults_close_the_connection() {
    let p = Instance::start(&[]);
    let add = format!("{}/domains", p.site());

    p.faults(json!([{ "kind": "drop", "method": "POST" }]));
    let client = p.other_client();
    let err = p
        .request(
            &client,
            Method::POST,
            &add,
            Some(json!({ "domain": "d1.example" })),
        )
        .expect_err("no answer");
    assert!(!err.is_status(), "{err}");
    assert!(
        !p.domain_names().contains(&"d1.example".to_string()),
        "processed"
    );

    p.faults(json!([{ "kind": "drop_after", "method": "POST" }]));
    let client = p.other_client();
    let err = p
        .request(
            &client,
            Method::POST,
            &add,
            Some(json!({ "domain": "d2.example" })),
        )
        .expect_err("no answer");
    assert!(!err.is_status(), "{err}");
    assert!(
        p.domain_names().contains(&"d2.example".to_string()),
        "not processed"
    );

    let log = p.state()["log"].as_array().unwrap().clone();
    let posts: Vec<&Value> = log.iter().filter(|e| e["method"] == "POST").collect();
    assert_eq!(posts.len(), 2);
    assert!(posts.iter().all(|e| e["status"].is_null()));
}

#[test]
fn delay_faults_and_slow_bodies() {
    let p = Instance::start(&[]);
    let add = format!("{}/domains", p.site());

    p.faults(json!([{ "kind": "delay", "ms": 400 }]));
    let t = Instant::now();
    check("ServersListing", &p.get("servers"));
    assert!(t.elapsed() >= Duration::from_millis(400));

    // The change is made before the (late) answer: a client that gives up still changed it.
    p.faults(json!([{ "kind": "delay_after", "ms": 2500, "method": "POST" }]));
    let impatient = Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(
                &std::fs::read(p.ready["ca_file"].as_str().unwrap()).unwrap(),
            )
            .unwrap(),
        )
        .timeout(Duration::from_millis(600))
        .build()
        .unwrap();
    // Open the connection first, so that only the answer can be late.
    let warm = p.request(&impatient, Method::GET, "servers", None).unwrap();
    assert_eq!(warm.status().as_u16(), 200);
    let t = Instant::now();
    let err = p
        .request(
            &impatient,
            Method::POST,
            &add,
            Some(json!({ "domain": "late.example" })),
        )
        .expect_err("times out");
    assert!(err.is_timeout(), "{err}");
    assert!(t.elapsed() < Duration::from_millis(2500));
    assert!(p.domain_names().contains(&"late.example".to_string()));
    // A patient client gets the real answer.
    p.faults(json!([{ "kind": "delay_after", "ms": 300 }]));
    let t = Instant::now();
    let created = p.json(
        Method::POST,
        &add,
        Some(json!({ "domain": "late2.example" })),
        201,
    );
    assert!(t.elapsed() >= Duration::from_millis(300));
    check("NewResourceUuid", &created);

    let normal = p.get("login/memberships");
    p.faults(json!([{ "kind": "slow_body", "ms": 600 }]));
    let t = Instant::now();
    let slow = p.get("login/memberships");
    assert!(
        t.elapsed() >= Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(slow, normal);
}

#[test]
fn latency_is_added_without_serializing_requests() {
    let p = Instance::start(&["--latency-ms", "300"]);
    assert_eq!(p.state()["latency_ms"], 300);
    let t = Instant::now();
    p.get("servers");
    assert!(t.elapsed() >= Duration::from_millis(300));

    let t = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let client = p.other_client();
                let p = &p;
                s.spawn(move || {
                    let resp = p
                        .request(&client, Method::GET, "login/memberships", None)
                        .unwrap();
                    assert_eq!(resp.status().as_u16(), 200);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
    let elapsed = t.elapsed();
    assert!(elapsed >= Duration::from_millis(300));
    assert!(
        elapsed < Duration::from_millis(1500),
        "serialized: {elapsed:?}"
    );

    // The admin API is not delayed, and can change the latency.
    let t = Instant::now();
    p.state();
    assert!(t.elapsed() < Duration::from_millis(300));
    p.admin(Method::POST, "latency", Some(json!({ "ms": 0 })));
    let t = Instant::now();
    p.get("servers");
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[test]
fn keep_alive_reuses_one_connection() {
    let p = Instance::start(&[]);
    for _ in 0..5 {
        p.get("login/memberships");
        p.get(&format!("{}/domains", p.site()));
    }
    let state = p.state();
    assert_eq!(state["connections"], 1, "{}", state["log"]);
    assert_eq!(state["requests"], 10);
    let log = state["log"].as_array().unwrap();
    assert_eq!(log.len(), 10);
    assert!(log.iter().all(|e| e["conn"] == 1 && e["status"] == 200));
    assert_eq!(log[0]["path"], "/api/login/memberships");

    // A second client opens a second connection.
    let other = p.other_client();
    p.request(&other, Method::GET, "servers", None).unwrap();
    assert_eq!(p.state()["connections"], 2);
}

#[test]
fn admin_websites_state_and_reset() {
    let p = Instance::start(&[]);
    let created = p.admin(
        Method::POST,
        "websites",
        Some(json!({ "domain": "network.example" })),
    );
    let new_site = created["id"].as_str().unwrap().to_string();
    let found = p.get(&format!("orgs/{}/websites?search=network", p.org));
    check("WebsitesListing", &found);
    assert_eq!(found["total"], 2);
    let exact = p.get(&format!("orgs/{}/websites?search={new_site}", p.org));
    assert_eq!(exact["total"], 1);
    let site = p.get(&format!("orgs/{}/websites/{new_site}", p.org));
    check("Website", &site);

    let server_b = p.state()["servers"][1]["id"].as_str().unwrap().to_string();
    let master = p.state()["master_org_id"].as_str().unwrap().to_string();
    p.admin(
        Method::POST,
        "websites",
        Some(json!({ "domain": "mo-site.example", "org_id": master, "server_id": server_b })),
    );
    let on_b = p.get(&format!(
        "orgs/{master}/websites?recursion=infinite&servers={server_b}"
    ));
    let names: Vec<&str> = on_b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["domain"]["domain"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["other.test", "mo-site.example"]);
    // Duplicate names are refused by the admin API too.
    let dup = p
        .client
        .post(format!("{}websites", p.admin))
        .json(&json!({ "domain": "network.test" }))
        .send()
        .unwrap();
    assert_eq!(dup.status().as_u16(), 400);

    p.add("before-reset.example");
    p.faults(json!([{ "kind": "delay", "ms": 1, "count": 5 }]));
    p.admin(Method::POST, "latency", Some(json!({ "ms": 5 })));
    let state = p.state();
    assert_eq!(state["websites"].as_array().unwrap().len(), 5);
    let network = state["websites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == p.website.as_str())
        .unwrap();
    assert_eq!(network["domain"], "network.test");
    assert_eq!(network["org_id"], p.org.as_str());
    assert_eq!(network["server_id"], p.ready["enhance_server_id"]);
    let alias = network["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "before-reset.example")
        .unwrap();
    assert_eq!(alias["kind"], "alias");
    assert_eq!(alias["dns_status"], "Unknown");
    assert_eq!(alias["cert_issuer"], "before-reset.example");

    p.admin(Method::POST, "reset", None);
    let state = p.state();
    assert_eq!(state["websites"].as_array().unwrap().len(), 3);
    assert_eq!(state["faults"], json!([]));
    assert_eq!(state["latency_ms"], 0);
    assert_eq!(state["requests"], 0);
    assert!(state["connections"].as_u64().unwrap() >= 1);
    assert!(!p
        .domain_names()
        .contains(&"before-reset.example".to_string()));
    // Same ids and token after the reset.
    assert_eq!(p.get(&p.site())["id"], p.website.as_str());
    assert_eq!(p.state()["requests"], 2);
}
