//! What a sync is about, shared by its steps: the options, the names wanted and
//! held, the panel's side (`SyncPanel`), the actions and the report.

use super::adaptive::LimiterStats;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::provider::CallError;
use crate::transport::Trouble;
use serde::Serialize;
use std::time::Duration;

/// Default requests per second of a sync. The only public practice with a real
/// Enhance panel is about 5 requests/s with 2 in flight, and parallel heavy
/// writes were seen to time out there; 10/s with adaptive concurrency (which
/// backs off on slow or failing answers) stays near that and still syncs 1,000
/// domains in under two minutes. Callers that know their panel raise it.
pub const DEFAULT_RATE: f64 = 10.0;

/// Default time for further rounds of a sync: long enough to ride out a panel's
/// passing trouble (six or so rounds with growing pauses), short enough for a
/// WP-CLI run or a patient web request.
pub const DEFAULT_RETRY_BUDGET: Duration = Duration::from_secs(60);
/// The most `retry_budget` may be.
pub const MAX_RETRY_BUDGET: Duration = Duration::from_secs(3600);

/// A name the panel holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelEntry {
    pub name: String,
    pub id: Option<String>,
    /// Not ours to remove: on Enhance every mapping that is not an alias (the
    /// website's own names, addon domains, subdomains).
    pub protected: bool,
    /// Why the name, though the panel holds it, does not serve the network (an
    /// addon domain or a subdomain of its own): a wanted name with a conflict is
    /// reported failed with it instead of kept.
    pub conflict: Option<Error>,
}

/// What a panel offers a sync.
pub trait SyncPanel: Sync {
    /// Every name the panel holds now.
    fn snapshot(&self) -> Result<Vec<PanelEntry>>;
    /// Adds a name; the panel's id for it, when the panel has ids. Each attempt
    /// that meets strain (429, 5xx, timeout, no connection) is noted in `trouble`.
    fn add(&self, domain: &DomainName, trouble: &Trouble) -> Result<Option<String>, CallError>;
    /// Removes a name; false when it was already gone. Strain is noted in `trouble`.
    fn remove(&self, entry: &PanelEntry, trouble: &Trouble) -> Result<bool, CallError>;
}

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Remove names the network no longer has.
    pub prune: bool,
    /// Names never removed by `prune`.
    pub keep: Vec<DomainName>,
    /// Only return the plan.
    pub dry_run: bool,
    /// Requests in flight at most.
    pub concurrency: usize,
    /// Requests per second at most; 0 for no limit.
    pub rate: f64,
    /// Find the panel's capacity (start low, grow, back off); else use `concurrency` as is.
    pub adaptive: bool,
    /// Time for further rounds after the first, for writes that met a passing
    /// failure (network, timeout, 429, 5xx).
    pub retry_budget: Duration,
}

/// One of the network's names, as given by the caller.
#[derive(Debug, Clone)]
pub enum Wanted {
    Name(DomainName),
    /// A name that did not parse: reported, not sent.
    Bad {
        input: String,
        error: Error,
    },
}

/// What became of a name; in a report, its snake_case word (`added`, `would_add`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Added,
    Removed,
    Kept,
    Failed,
    /// In a dry run: would be added.
    WouldAdd,
    /// In a dry run: would be removed.
    WouldRemove,
}

impl Action {
    /// The word a report gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Removed => "removed",
            Action::Kept => "kept",
            Action::Failed => "failed",
            Action::WouldAdd => "would_add",
            Action::WouldRemove => "would_remove",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SyncEntry {
    pub domain: String,
    /// `added`, `removed`, `kept`, `failed`; in a dry run `would_add`, `would_remove`, `kept`, `failed`.
    pub action: Action,
    pub id: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub added: usize,
    pub removed: usize,
    pub kept: usize,
    pub failed: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub dry_run: bool,
    pub entries: Vec<SyncEntry>,
    pub totals: Totals,
    pub concurrency: LimiterStats,
    pub seconds: f64,
}

/// Called with (done, total) on the calling thread; false stops the sync.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;
