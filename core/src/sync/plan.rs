//! What a sync will do, made from one listing of the panel: an entry per wanted
//! name, then the removals, and the writes that get there.

use super::model::{Action, PanelEntry, SyncEntry, SyncOptions, Totals, Wanted};
use crate::domain::DomainName;
use crate::error::Error;
use std::collections::{HashMap, HashSet};

/// A write to the panel.
#[derive(Debug, Clone)]
pub(super) enum Job {
    Add(DomainName),
    Remove(PanelEntry),
}

impl Job {
    /// The entry's action once the write is made.
    fn done_action(&self) -> Action {
        match self {
            Job::Add(_) => Action::Added,
            Job::Remove(_) => Action::Removed,
        }
    }

    /// Whether the panel's list shows the write made; for an add, with the id
    /// it has there.
    pub(super) fn took_effect(&self, now: &Listing) -> Option<Option<String>> {
        match self {
            Job::Add(d) => now.get(d.as_str()).map(|e| e.id.clone()),
            Job::Remove(e) => (!now.contains_key(&e.name)).then(|| e.id.clone()),
        }
    }
}

/// The panel's list by name.
pub(super) type Listing = HashMap<String, PanelEntry>;

pub(super) fn by_name(list: Vec<PanelEntry>) -> Listing {
    list.into_iter().map(|e| (e.name.clone(), e)).collect()
}

pub(super) struct Plan {
    pub(super) entries: Vec<SyncEntry>,
    /// The writes still to hand out, with the index of their entry.
    jobs: Vec<(usize, Job)>,
    /// (index of a name given again, index of its first entry)
    duplicates: Vec<(usize, usize)>,
    /// The write of each entry that has one, by entry index.
    writes: HashMap<usize, Job>,
}

impl Plan {
    pub(super) fn new(wanted: &[Wanted], held: &[PanelEntry], opts: &SyncOptions) -> Plan {
        let mut plan = Plan {
            entries: Vec::with_capacity(wanted.len()),
            jobs: Vec::new(),
            duplicates: Vec::new(),
            writes: HashMap::new(),
        };
        let (add, remove) = if opts.dry_run {
            (Action::WouldAdd, Action::WouldRemove)
        } else {
            (Action::Added, Action::Removed)
        };
        let first_of = plan.plan_wanted(wanted, held, add);
        if opts.prune {
            plan.plan_removals(held, &first_of, &opts.keep, remove);
        }
        plan.writes = plan.jobs.iter().cloned().collect();
        plan
    }

    /// An entry per wanted name, in order: an add for a name the panel lacks.
    /// Returns the index of each name's first entry.
    fn plan_wanted(
        &mut self,
        wanted: &[Wanted],
        held: &[PanelEntry],
        add: Action,
    ) -> HashMap<String, usize> {
        let held_by_name: HashMap<&str, &PanelEntry> =
            held.iter().map(|e| (e.name.as_str(), e)).collect();
        let mut first_of: HashMap<String, usize> = HashMap::new();
        for w in wanted {
            let index = self.entries.len();
            let d = match w {
                Wanted::Bad { input, error } => {
                    self.entries.push(failed(input.clone(), None, error));
                    continue;
                }
                Wanted::Name(d) => d,
            };
            let name = d.as_str().to_string();
            if let Some(&first) = first_of.get(&name) {
                self.duplicates.push((index, first));
                self.entries.push(entry(name, Action::Kept, None));
                continue;
            }
            first_of.insert(name.clone(), index);
            match held_by_name.get(name.as_str()) {
                Some(PanelEntry {
                    conflict: Some(why),
                    id,
                    ..
                }) => self.entries.push(failed(name, id.clone(), why)),
                Some(e) => self.entries.push(entry(name, Action::Kept, e.id.clone())),
                None => {
                    self.entries.push(entry(name, add, None));
                    self.jobs.push((index, Job::Add(d.clone())));
                }
            }
        }
        first_of
    }

    /// A removal for each name the panel holds that is neither wanted, kept nor protected.
    fn plan_removals(
        &mut self,
        held: &[PanelEntry],
        wanted: &HashMap<String, usize>,
        keep: &[DomainName],
        remove: Action,
    ) {
        let keep: HashSet<&str> = keep.iter().map(DomainName::as_str).collect();
        for e in held {
            if e.protected || keep.contains(e.name.as_str()) || wanted.contains_key(&e.name) {
                continue;
            }
            self.jobs.push((self.entries.len(), Job::Remove(e.clone())));
            self.entries
                .push(entry(e.name.clone(), remove, e.id.clone()));
        }
    }

    pub(super) fn has_writes(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// The writes, handed out once.
    pub(super) fn take_jobs(&mut self) -> Vec<(usize, Job)> {
        std::mem::take(&mut self.jobs)
    }

    /// The entry's write is made; the panel's id for it when one came back.
    pub(super) fn settle(&mut self, index: usize, id: Option<String>) {
        if id.is_some() {
            self.entries[index].id = id;
        }
    }

    pub(super) fn fail(&mut self, index: usize, error: &Error) {
        let e = &mut self.entries[index];
        *e = failed(e.domain.clone(), e.id.clone(), error);
    }

    /// The indexes of the failed entries.
    pub(super) fn failed(&self) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.action == Action::Failed)
            .map(|(i, _)| i)
            .collect()
    }

    /// A failed entry whose write the panel's list shows made is done after all.
    pub(super) fn done_after_all(&mut self, index: usize, now: &Listing) {
        let Some(job) = self.writes.get(&index) else {
            return;
        };
        if let Some(id) = job.took_effect(now) {
            let e = &mut self.entries[index];
            e.action = job.done_action();
            e.error = None;
            self.settle(index, id);
        }
    }

    /// The entries, duplicates folded, and their totals.
    pub(super) fn finish(mut self) -> (Vec<SyncEntry>, Totals) {
        self.fold_duplicates();
        let totals = self.totals();
        (self.entries, totals)
    }

    /// A name given twice is on the panel once: its second entry is "kept".
    fn fold_duplicates(&mut self) {
        for &(index, first) in &self.duplicates {
            let first = self.entries[first].clone();
            let action = match first.action {
                Action::Added | Action::Kept | Action::WouldAdd => Action::Kept,
                other => other,
            };
            self.entries[index] = SyncEntry { action, ..first };
        }
    }

    fn totals(&self) -> Totals {
        let mut totals = Totals {
            total: self.entries.len(),
            ..Totals::default()
        };
        for e in &self.entries {
            match e.action {
                Action::Added | Action::WouldAdd => totals.added += 1,
                Action::Removed | Action::WouldRemove => totals.removed += 1,
                Action::Kept => totals.kept += 1,
                Action::Failed => totals.failed += 1,
            }
        }
        totals
    }
}

fn entry(domain: String, action: Action, id: Option<String>) -> SyncEntry {
    SyncEntry {
        domain,
        action,
        id,
        error: None,
    }
}

fn failed(domain: String, id: Option<String>, error: &Error) -> SyncEntry {
    SyncEntry {
        domain,
        action: Action::Failed,
        id,
        error: Some(error.message().to_string()),
    }
}
