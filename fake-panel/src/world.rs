//! The panel's data: organisations, servers, websites and their domain mappings,
//! indexed by id and by domain name, the seeded start state, and the operations
//! that change it (with the panel's validation and error answers).

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use crate::clock;

/// `DomainMappingKind` of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MappingKind {
    Primary,
    Preview,
    Addon,
    Alias,
    Subdomain,
}

impl MappingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MappingKind::Primary => "primary",
            MappingKind::Preview => "preview",
            MappingKind::Addon => "addon",
            MappingKind::Alias => "alias",
            MappingKind::Subdomain => "subdomain",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "primary" => MappingKind::Primary,
            "preview" => MappingKind::Preview,
            "addon" => MappingKind::Addon,
            "alias" => MappingKind::Alias,
            "subdomain" => MappingKind::Subdomain,
            _ => return None,
        })
    }
}

/// `DnsStatus` of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsStatus {
    Resolved,
    ForeignServer,
    Failed,
    Mixed,
    Unknown,
    Error,
}

impl DnsStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DnsStatus::Resolved => "Resolved",
            DnsStatus::ForeignServer => "ForeignServer",
            DnsStatus::Failed => "Failed",
            DnsStatus::Mixed => "Mixed",
            DnsStatus::Unknown => "Unknown",
            DnsStatus::Error => "Error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "Resolved" => DnsStatus::Resolved,
            "ForeignServer" => DnsStatus::ForeignServer,
            "Failed" => DnsStatus::Failed,
            "Mixed" => DnsStatus::Mixed,
            "Unknown" => DnsStatus::Unknown,
            "Error" => DnsStatus::Error,
            _ => return None,
        })
    }
}

/// The certificate a domain is served with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cert {
    /// Enhance's self-signed placeholder (issuer = the domain, 1975 to 4096).
    Placeholder,
    /// A Let's Encrypt-like certificate issued by `R11` at this Unix time, for 90 days.
    Issued(i64),
}

/// Issuer name of the Let's Encrypt-like certificates.
pub const LE_ISSUER: &str = "R11";
/// Validity of the Let's Encrypt-like certificates, in days.
pub const LE_DAYS: i64 = 90;

impl Cert {
    pub fn issuer(self, domain: &str) -> &str {
        match self {
            Cert::Placeholder => domain,
            Cert::Issued(_) => LE_ISSUER,
        }
    }

    /// (issued, expires) as Unix times.
    pub fn validity(self) -> (i64, i64) {
        match self {
            Cert::Placeholder => (clock::from_ymd(1975, 1, 1), clock::from_ymd(4096, 1, 1)),
            Cert::Issued(at) => (at, at + LE_DAYS * clock::DAY),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Org {
    pub id: Uuid,
    pub name: String,
    pub is_master: bool,
    pub parent: Option<Uuid>,
    /// The token's login membership in this org.
    pub member_id: Uuid,
    pub roles: Vec<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Server {
    pub id: Uuid,
    pub group_id: Uuid,
    pub friendly_name: String,
    pub hostname: String,
    pub ip: String,
    pub is_control_panel: bool,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct Website {
    pub id: Uuid,
    pub org_id: Uuid,
    pub server_id: Uuid,
    /// `WebsiteKind`: `normal` or `controlPanel`.
    pub kind: &'static str,
    pub created_at: i64,
    pub color_code: &'static str,
    pub size: u64,
    /// Id of the primary domain mapping.
    pub primary: Uuid,
    /// Mapping ids in creation order (key: creation sequence number).
    pub mappings: BTreeMap<u64, Uuid>,
    pub alias_count: usize,
    /// `WebsiteStatus`: `active`, or `deleted` (still listed by a search unless
    /// `showDeleted=false`; its names are free for other websites).
    pub status: &'static str,
}

#[derive(Clone, Debug)]
pub struct Domain {
    pub id: Uuid,
    pub website_id: Uuid,
    pub name: String,
    pub kind: MappingKind,
    pub document_root: String,
    pub dns: DnsStatus,
    pub cert: Cert,
    order: u64,
}

/// An error answer: HTTP status and the spec's `{code, message, detail}` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub detail: Option<String>,
}

impl Failure {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Failure::new(404, "not_found", message)
    }

    /// The spec's validation error: code `invalid_argument`, the particulars in `detail`.
    pub fn invalid(detail: impl Into<String>) -> Self {
        Failure {
            detail: Some(detail.into()),
            ..Failure::new(400, "invalid_argument", "Invalid argument")
        }
    }

    /// A refusal of the token for this call (`403 unauthorized`).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Failure::new(403, "unauthorized", message)
    }
}

/// Everything the API can see and change.
#[derive(Clone, Debug)]
pub struct World {
    pub orgs: Vec<Org>,
    pub servers: Vec<Server>,
    pub websites: HashMap<Uuid, Website>,
    /// Website ids in creation order.
    pub website_order: Vec<Uuid>,
    pub domains: HashMap<Uuid, Domain>,
    pub by_name: HashMap<String, Uuid>,
    /// Names `domains/check` answers `prohibited` for, and that cannot be added.
    pub prohibited: Vec<String>,
    pub master_org: Uuid,
    pub customer_org: Uuid,
    pub network_website: Uuid,
    pub app_server: Uuid,
    next_order: u64,
}

/// Domain of the seeded network website.
pub const NETWORK_DOMAIN: &str = "network.test";
/// Hostname of the panel itself.
pub const PANEL_DOMAIN: &str = "panel.test";

const COLORS: [&str; 6] = [
    "#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6",
];

/// Checks that `name` is a lower-case hostname with at least two labels.
pub fn validate_domain(name: &str) -> Result<(), Failure> {
    let bad = |why: &str| Err(Failure::invalid(format!("Invalid domain '{name}': {why}")));
    if name.is_empty() || name.len() > 253 {
        return bad("length must be 1 to 253 characters");
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return bad("a domain needs at least two labels");
    }
    for label in &labels {
        if label.is_empty() || label.len() > 63 {
            return bad("each label must be 1 to 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return bad("only lower-case letters, digits, hyphens and dots are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return bad("a label cannot start or end with a hyphen");
        }
    }
    if labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return bad("the top-level label cannot be numeric");
    }
    Ok(())
}

impl World {
    /// The seeded state, with fresh random ids.
    pub fn seed(now: i64) -> World {
        let master_org = Uuid::new_v4();
        let customer_org = Uuid::new_v4();
        let group = Uuid::new_v4();
        let app_server = Uuid::new_v4();
        let app02 = Uuid::new_v4();
        let mut world = World {
            orgs: vec![
                Org {
                    id: master_org,
                    name: "Enhance Master".into(),
                    is_master: true,
                    parent: None,
                    member_id: Uuid::new_v4(),
                    roles: vec!["Owner"],
                },
                Org {
                    id: customer_org,
                    name: "Network Customer".into(),
                    is_master: false,
                    parent: Some(master_org),
                    member_id: Uuid::new_v4(),
                    roles: vec!["SuperAdmin"],
                },
            ],
            servers: vec![
                Server {
                    id: app_server,
                    group_id: group,
                    friendly_name: "app01".into(),
                    hostname: "app01.panel.test".into(),
                    ip: "127.0.0.1".into(),
                    is_control_panel: true,
                    created_at: now - 400 * clock::DAY,
                },
                Server {
                    id: app02,
                    group_id: group,
                    friendly_name: "app02".into(),
                    hostname: "app02.panel.test".into(),
                    ip: "127.0.0.2".into(),
                    is_control_panel: false,
                    created_at: now - 300 * clock::DAY,
                },
            ],
            websites: HashMap::new(),
            website_order: Vec::new(),
            domains: HashMap::new(),
            by_name: HashMap::new(),
            prohibited: Vec::new(),
            master_org,
            customer_org,
            network_website: Uuid::nil(),
            app_server,
            next_order: 0,
        };
        let seeded = [
            (
                customer_org,
                NETWORK_DOMAIN,
                app_server,
                "normal",
                true,
                200,
            ),
            (customer_org, "other.test", app02, "normal", true, 100),
            (
                master_org,
                PANEL_DOMAIN,
                app_server,
                "controlPanel",
                false,
                399,
            ),
        ];
        for (org, domain, server, kind, preview, age_days) in seeded {
            let id = world
                .create_website(
                    org,
                    domain,
                    server,
                    kind,
                    preview,
                    now - age_days * clock::DAY,
                )
                .expect("seed website");
            if domain == NETWORK_DOMAIN {
                world.network_website = id;
            }
        }
        world.prohibited = vec![
            PANEL_DOMAIN.into(),
            "app01.panel.test".into(),
            "app02.panel.test".into(),
        ];
        // The seeded sites are live: their names resolve and carry issued certificates.
        let issued = now - 30 * clock::DAY;
        for domain in world.domains.values_mut() {
            domain.dns = DnsStatus::Resolved;
            domain.cert = Cert::Issued(issued);
        }
        world
    }

    pub fn org(&self, id: Uuid) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn server(&self, id: Uuid) -> Option<&Server> {
        self.servers.iter().find(|s| s.id == id)
    }

    pub fn is_prohibited(&self, name: &str) -> bool {
        self.prohibited.iter().any(|p| p == name)
    }

    /// `org` and every org below it.
    pub fn org_tree(&self, org: Uuid) -> Vec<Uuid> {
        let mut out = vec![org];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                self.orgs
                    .iter()
                    .filter(|o| o.parent == Some(parent))
                    .map(|o| o.id),
            );
            i += 1;
        }
        out
    }

    /// The domain mappings of a website, in creation order.
    pub fn mappings<'a>(&'a self, website: &'a Website) -> impl Iterator<Item = &'a Domain> + 'a {
        website
            .mappings
            .values()
            .filter_map(move |id| self.domains.get(id))
    }

    /// Creates a website with its primary domain (and a preview domain when asked).
    pub fn create_website(
        &mut self,
        org: Uuid,
        domain: &str,
        server: Uuid,
        kind: &'static str,
        preview: bool,
        created_at: i64,
    ) -> Result<Uuid, Failure> {
        self.build_website(org, domain, server, kind, preview, created_at, "active")
    }

    /// Creates a website that is already deleted, as a panel's history leaves
    /// them: listed by searches, its names free for live websites.
    pub fn create_deleted_website(
        &mut self,
        org: Uuid,
        domain: &str,
        server: Uuid,
        created_at: i64,
    ) -> Result<Uuid, Failure> {
        self.build_website(org, domain, server, "normal", false, created_at, "deleted")
    }

    /// True when only a deleted website holds `name`.
    pub fn held_by_deleted(&self, name: &str) -> bool {
        !self.by_name.contains_key(name)
            && self.domains.values().any(|d| {
                d.name == name
                    && self
                        .websites
                        .get(&d.website_id)
                        .is_some_and(|w| w.status == "deleted")
            })
    }

    #[allow(clippy::too_many_arguments)]
    fn build_website(
        &mut self,
        org: Uuid,
        domain: &str,
        server: Uuid,
        kind: &'static str,
        preview: bool,
        created_at: i64,
        status: &'static str,
    ) -> Result<Uuid, Failure> {
        validate_domain(domain)?;
        if self.org(org).is_none() {
            return Err(Failure::not_found(format!("Organization {org} not found")));
        }
        if self.server(server).is_none() {
            return Err(Failure::not_found(format!("Server {server} not found")));
        }
        let live = status != "deleted";
        if live {
            self.check_free(domain)?;
        }
        let id = Uuid::new_v4();
        let primary = Uuid::new_v4();
        let color_code = COLORS[self.website_order.len() % COLORS.len()];
        self.websites.insert(
            id,
            Website {
                id,
                org_id: org,
                server_id: server,
                kind,
                created_at,
                color_code,
                size: 52_428_800 + 1_048_576 * self.website_order.len() as u64,
                primary,
                mappings: BTreeMap::new(),
                alias_count: 0,
                status,
            },
        );
        self.website_order.push(id);
        self.insert_mapping(id, primary, domain, MappingKind::Primary, "public_html");
        if !live {
            return Ok(id);
        }
        if preview {
            let mut label = domain.replace('.', "-");
            if label.len() > 63 {
                label = format!("site-{}", &id.simple().to_string()[..8]);
            }
            let mut name = format!("{label}.preview.{PANEL_DOMAIN}");
            if self.by_name.contains_key(&name) {
                name = format!(
                    "{label}-{}.preview.{PANEL_DOMAIN}",
                    &id.simple().to_string()[..8]
                );
            }
            self.insert_mapping(
                id,
                Uuid::new_v4(),
                &name,
                MappingKind::Preview,
                "public_html",
            );
        }
        Ok(id)
    }

    fn check_free(&self, name: &str) -> Result<(), Failure> {
        if self.by_name.contains_key(name) {
            return Err(Failure::invalid(format!("Domain {name} is already in use")));
        }
        if self.is_prohibited(name) {
            return Err(Failure::invalid(format!("Domain {name} is prohibited")));
        }
        Ok(())
    }

    /// Adds an alias without the panel-wide uniqueness check (admin API only).
    pub fn add_alias_unchecked(&mut self, website: Uuid, name: &str) -> Result<Uuid, Failure> {
        validate_domain(name)?;
        if !self.websites.contains_key(&website) {
            return Err(Failure::not_found(format!("Website {website} not found")));
        }
        let id = Uuid::new_v4();
        self.insert_mapping(website, id, name, MappingKind::Alias, "public_html");
        Ok(id)
    }

    fn insert_mapping(
        &mut self,
        website: Uuid,
        id: Uuid,
        name: &str,
        kind: MappingKind,
        root: &str,
    ) {
        let order = self.next_order;
        self.next_order += 1;
        let site = self.websites.get_mut(&website).expect("website exists");
        site.mappings.insert(order, id);
        if kind == MappingKind::Alias {
            site.alias_count += 1;
        }
        // A deleted website's names are free for live ones.
        if site.status != "deleted" {
            self.by_name.insert(name.to_string(), id);
        }
        self.domains.insert(
            id,
            Domain {
                id,
                website_id: website,
                name: name.to_string(),
                kind,
                document_root: root.to_string(),
                dns: DnsStatus::Unknown,
                cert: Cert::Placeholder,
                order,
            },
        );
    }

    /// Maps a new domain onto a website (`POST .../domains`).
    pub fn add_mapping(
        &mut self,
        website: Uuid,
        name: &str,
        kind: MappingKind,
        document_root: Option<&str>,
        alias_quota: usize,
    ) -> Result<Uuid, Failure> {
        validate_domain(name)?;
        if matches!(kind, MappingKind::Primary | MappingKind::Preview) {
            return Err(Failure::invalid(format!(
                "A {} domain cannot be created with this call",
                kind.as_str()
            )));
        }
        self.check_free(name)?;
        let site = self
            .websites
            .get(&website)
            .ok_or_else(|| Failure::not_found(format!("Website {website} not found")))?;
        if kind == MappingKind::Alias && site.alias_count >= alias_quota {
            return Err(Failure::invalid(format!(
                "Insufficient subscription resources: the website's subscription allows {alias_quota} domain aliases"
            )));
        }
        let id = Uuid::new_v4();
        self.insert_mapping(
            website,
            id,
            name,
            kind,
            document_root.unwrap_or("public_html"),
        );
        Ok(id)
    }

    /// Removes a domain mapping (`DELETE .../domains/{id}`).
    pub fn remove_mapping(&mut self, website: Uuid, domain: Uuid) -> Result<(), Failure> {
        let found = self
            .domains
            .get(&domain)
            .filter(|d| d.website_id == website)
            .ok_or_else(|| Failure::not_found(format!("Domain {domain} not found")))?;
        if matches!(found.kind, MappingKind::Primary | MappingKind::Preview) {
            return Err(Failure::invalid(format!(
                "The {} domain of a website cannot be removed",
                found.kind.as_str()
            )));
        }
        let removed = self.domains.remove(&domain).expect("found above");
        self.by_name.remove(&removed.name);
        if let Some(site) = self.websites.get_mut(&website) {
            site.mappings.remove(&removed.order);
            if removed.kind == MappingKind::Alias {
                site.alias_count -= 1;
            }
        }
        Ok(())
    }

    /// Sets a domain's DNS status; `Resolved` also gives it an issued certificate.
    pub fn set_dns(&mut self, name: &str, status: DnsStatus, now: i64) -> Result<(), Failure> {
        let id = self
            .by_name
            .get(name)
            .ok_or_else(|| Failure::not_found(format!("Domain {name} not found")))?;
        let domain = self.domains.get_mut(id).expect("indexed domain exists");
        domain.dns = status;
        if status == DnsStatus::Resolved && domain.cert == Cert::Placeholder {
            domain.cert = Cert::Issued(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_domains() {
        for ok in [
            "x.com",
            "a-b.example.co.uk",
            "xn--bcher-kva.de",
            "1.example",
        ] {
            assert!(validate_domain(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "com", "X.com", "a..b", "-a.com", "a-.com", "a b.com", "1.2.3.4", "a.com.",
        ] {
            assert!(validate_domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn add_and_remove_keep_indexes() {
        let mut w = World::seed(1_700_000_000);
        let site = w.network_website;
        let id = w
            .add_mapping(site, "x.com", MappingKind::Alias, None, 10)
            .unwrap();
        assert_eq!(w.by_name.get("x.com"), Some(&id));
        assert_eq!(w.websites[&site].alias_count, 1);
        let dup = w.add_mapping(site, "x.com", MappingKind::Alias, None, 10);
        assert_eq!(dup.unwrap_err().code, "invalid_argument");
        w.remove_mapping(site, id).unwrap();
        assert!(!w.by_name.contains_key("x.com"));
        assert_eq!(w.websites[&site].alias_count, 0);
        let primary = w.websites[&site].primary;
        assert_eq!(w.remove_mapping(site, primary).unwrap_err().status, 400);
    }
}
