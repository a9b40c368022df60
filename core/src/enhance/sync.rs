//! Bulk sync of the network website's aliases (see `crate::sync`).

use super::api::{CreateDomain, DeleteDomain};
use super::{ids, EnhanceClient, Target};
use crate::domain::DomainName;
use crate::error::Result;
use crate::provider::CallError;
use crate::sync::{self, PanelEntry, Progress, SyncOptions, SyncPanel, SyncReport, Wanted};
use crate::transport::Trouble;

struct Website<'a> {
    client: &'a EnhanceClient,
    target: Target,
}

impl SyncPanel for Website<'_> {
    fn snapshot(&self) -> Result<Vec<PanelEntry>> {
        Ok(self
            .client
            .domains(&self.target, false)?
            .into_iter()
            .map(|m| PanelEntry {
                protected: !m.is_alias(),
                conflict: super::serves_not(&m),
                name: m.domain.to_ascii_lowercase(),
                id: Some(m.domain_id),
            })
            .collect())
    }

    fn add(&self, domain: &DomainName, trouble: &Trouble) -> Result<Option<String>, CallError> {
        let t = &self.target;
        let created = self.client.call_noting(
            &CreateDomain {
                org_id: &t.org_id,
                website_id: &t.website_id,
                domain: domain.as_str(),
            },
            trouble,
        )?;
        let known = ids::Known {
            id: created.id.clone(),
            kind: Some("alias".into()),
        };
        ids::insert(&self.client.ids_key(t), domain.as_str(), known);
        Ok(Some(created.id))
    }

    fn remove(&self, entry: &PanelEntry, trouble: &Trouble) -> Result<bool, CallError> {
        let t = &self.target;
        let Some(domain_id) = entry.id.as_deref() else {
            return Ok(false);
        };
        let gone = match self.client.call_noting(
            &DeleteDomain {
                org_id: &t.org_id,
                website_id: &t.website_id,
                domain_id,
            },
            trouble,
        ) {
            Ok(_) => true,
            Err(e) if e.error.status() == Some(404) => false,
            Err(e) => return Err(e),
        };
        ids::forget(&self.client.ids_key(t), &entry.name);
        Ok(gone)
    }
}

impl EnhanceClient {
    /// Brings the website's aliases in line with `wanted` (see `crate::sync::run`).
    pub fn sync(
        &self,
        wanted: Vec<Wanted>,
        opts: &SyncOptions,
        progress: Progress,
    ) -> Result<SyncReport> {
        self.on_target(|t| {
            let website = Website {
                client: self,
                target: t.clone(),
            };
            sync::run(&website, wanted, opts, progress)
        })
    }
}
