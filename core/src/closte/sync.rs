//! Bulk sync of the Closte app's aliases (see `crate::sync`).

use super::ClosteClient;
use crate::domain::DomainName;
use crate::error::Result;
use crate::provider::CallError;
use crate::sync::{self, PanelEntry, Progress, SyncOptions, SyncPanel, SyncReport, Wanted};
use crate::transport::{Method, Trouble};

impl SyncPanel for ClosteClient {
    fn snapshot(&self) -> Result<Vec<PanelEntry>> {
        Ok(self
            .list_domains()?
            .into_iter()
            .map(|a| PanelEntry {
                name: a.domain,
                id: None,
                protected: false,
                conflict: None,
            })
            .collect())
    }

    fn add(&self, domain: &DomainName, trouble: &Trouble) -> Result<Option<String>, CallError> {
        let flag = if domain.is_wildcard() { "1" } else { "0" };
        self.call_noting(
            Method::Post,
            "adddomainalias",
            &[("domain", domain.as_str()), ("wildcard", flag)],
            trouble,
        )?;
        Ok(None)
    }

    fn remove(&self, entry: &PanelEntry, trouble: &Trouble) -> Result<bool, CallError> {
        let flag = if entry.name.starts_with("*.") {
            "1"
        } else {
            "0"
        };
        self.call_noting(
            Method::Post,
            "deletedomainalias",
            &[("domain", entry.name.as_str()), ("wildcard", flag)],
            trouble,
        )?;
        Ok(true)
    }
}

impl ClosteClient {
    /// Brings the app's aliases in line with `wanted` (see `crate::sync::run`).
    pub fn sync(
        &self,
        wanted: Vec<Wanted>,
        opts: &SyncOptions,
        progress: Progress,
    ) -> Result<SyncReport> {
        sync::run(self, wanted, opts, progress)
    }
}
