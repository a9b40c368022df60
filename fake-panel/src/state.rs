//! State shared by all connections: the world behind one mutex, the fault rules,
//! the added latency, the admin switches, the request and connection counters and
//! the log of recent API requests (Enhance `/api/` and Closte `/closte/api/client/`).
//!
//! `POST /__admin/reset` puts back the seeded world (same ids, same token), clears
//! fault rules, puts the latency back to `--latency-ms`, restores the switches, and zeroes the request
//! counter and the log. The connection counter is kept, so that connection numbers
//! stay unique while clients keep their connections open across a reset.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::certs::Pki;
use crate::closte::ClosteApp;
use crate::faults::{self, Chance, FaultRule};
use crate::world::World;

/// How many requests the log keeps.
pub const LOG_SIZE: usize = 1000;

/// The accepted bearer tokens. An access token belongs to exactly one org: the
/// master org's token reaches customer orgs (as their parent), the customer
/// org's token reaches its own org only.
pub struct Tokens {
    pub master: String,
    pub customer: String,
}

/// Admin switches that change how the API answers.
#[derive(Clone, Debug, Serialize)]
pub struct Switches {
    /// When false, even the master org's token gets 403 `only_mo_allowed` from
    /// `GET /servers`.
    pub mo_token: bool,
    /// When true, `GET /login/memberships` answers 403 `unauthorized` (whether an
    /// access token may call it is not known).
    pub memberships_refused: bool,
    /// The shape of Closte's `getdomains` items: `domain` (`{"domain", "wildcard",
    /// "type"}`), `hostname` (`{"hostname", "wildcard"}`), `string` (bare names)
    /// or `unknown` (`{"id", "fqdn"}`, a shape no client reads).
    pub closte_item_shape: String,
    /// When true, Let's Encrypt preflights fail (and issuing is refused).
    pub preflight_refuse: bool,
    /// The reason given when `preflight_refuse` is set.
    pub preflight_reason: String,
}

impl Default for Switches {
    fn default() -> Self {
        Switches {
            mo_token: true,
            memberships_refused: false,
            closte_item_shape: "domain".into(),
            preflight_refuse: false,
            preflight_reason:
                "Let's Encrypt preflight refused: the domain failed the HTTP-01 challenge check"
                    .into(),
        }
    }
}

/// One `/api/` request in the log.
#[derive(Clone, Debug, Serialize)]
pub struct LogEntry {
    #[serde(skip)]
    seq: u64,
    pub method: String,
    pub path: String,
    pub conn: u64,
    /// The status answered; null while pending or when no answer was sent.
    pub status: Option<u16>,
}

/// Everything behind the mutex.
pub struct Inner {
    pub world: World,
    pub closte: ClosteApp,
    pub faults: Vec<FaultRule>,
    /// Draws for the fault rules that have a `probability`.
    pub chance: Chance,
    pub latency_ms: u64,
    pub switches: Switches,
    pub requests: u64,
    pub log: VecDeque<LogEntry>,
    next_seq: u64,
}

/// The shared state.
pub struct Panel {
    pub tokens: Tokens,
    /// The latency given on the command line, which a reset restores.
    start_latency_ms: u64,
    /// The key of the Closte API (`apikey`).
    pub closte_key: String,
    pub alias_quota: usize,
    pub pki: Pki,
    seed: World,
    connections: AtomicU64,
    inner: Mutex<Inner>,
}

/// What the server needs to know when a request arrives.
pub struct Arrival {
    pub seq: u64,
    pub fault: Option<FaultRule>,
    pub latency_ms: u64,
}

impl Panel {
    pub fn new(
        tokens: Tokens,
        closte_key: String,
        alias_quota: usize,
        latency_ms: u64,
        pki: Pki,
        seed: World,
    ) -> Panel {
        Panel {
            tokens,
            start_latency_ms: latency_ms,
            closte_key,
            alias_quota,
            pki,
            connections: AtomicU64::new(0),
            inner: Mutex::new(Inner {
                world: seed.clone(),
                closte: ClosteApp::default(),
                faults: Vec::new(),
                chance: Chance::seeded(0),
                latency_ms,
                switches: Switches::default(),
                requests: 0,
                log: VecDeque::with_capacity(LOG_SIZE),
                next_seq: 0,
            }),
            seed,
        }
    }

    /// The seeded world (ids printed on the ready line).
    pub fn seed(&self) -> &World {
        &self.seed
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new connection and returns its number (from 1).
    pub fn next_connection(&self) -> u64 {
        self.connections.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// Counts and logs an `/api/` request and picks the fault rule that applies.
    pub fn arrive(&self, method: &str, path: &str, conn: u64) -> Arrival {
        let mut inner = self.lock();
        inner.requests += 1;
        let seq = inner.next_seq;
        inner.next_seq += 1;
        if inner.log.len() == LOG_SIZE {
            inner.log.pop_front();
        }
        inner.log.push_back(LogEntry {
            seq,
            method: method.to_string(),
            path: path.to_string(),
            conn,
            status: None,
        });
        let Inner { faults, chance, .. } = &mut *inner;
        let fault = faults::take(faults, method, path, &mut || chance.draw());
        Arrival {
            seq,
            fault,
            latency_ms: inner.latency_ms,
        }
    }

    /// Records the status answered to a logged request.
    pub fn answered(&self, seq: u64, status: Option<u16>) {
        let mut inner = self.lock();
        let Some(first) = inner.log.front().map(|e| e.seq) else {
            return;
        };
        if let Some(entry) = seq
            .checked_sub(first)
            .and_then(|i| inner.log.get_mut(i as usize))
        {
            if entry.seq == seq {
                entry.status = status;
            }
        }
    }

    /// Back to the seeded state (see the module documentation for what is kept).
    pub fn reset(&self) {
        let mut inner = self.lock();
        inner.world = self.seed.clone();
        inner.closte = ClosteApp::default();
        inner.faults.clear();
        inner.chance = Chance::seeded(0);
        inner.latency_ms = self.start_latency_ms;
        inner.switches = Switches::default();
        inner.requests = 0;
        inner.log.clear();
    }
}
