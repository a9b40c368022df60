//! Bulk sync: one listing of the panel, then the difference applied with a bounded,
//! adaptive number of requests in flight. A bad name or a failure for one domain
//! never stops the others; a write whose outcome is unknown is settled by one more
//! listing, never by sending it again blindly.

pub mod adaptive;
pub mod options;

use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::provider::CallError;
use crate::transport::Trouble;
use adaptive::{Limiter, LimiterStats};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

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

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SyncEntry {
    pub domain: String,
    /// `added`, `removed`, `kept`, `failed`; in a dry run `would_add`, `would_remove`, `kept`, `failed`.
    pub action: &'static str,
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

#[derive(Debug, Clone)]
enum Job {
    Add(DomainName),
    Remove(PanelEntry),
}

impl Job {
    fn done_action(&self) -> &'static str {
        match self {
            Job::Add(_) => "added",
            Job::Remove(_) => "removed",
        }
    }
}

enum Outcome {
    Done(Option<String>),
    Gone,
    Failed(Error),
    Unknown(Error),
}

/// Called with (done, total) on the calling thread; false stops the sync.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Pause before the first further round; it doubles each round up to `MAX_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(500);
const MAX_PAUSE: Duration = Duration::from_secs(16);

/// Brings the panel in line with `wanted`.
pub fn run(
    panel: &dyn SyncPanel,
    wanted: Vec<Wanted>,
    opts: &SyncOptions,
    progress: Progress,
) -> Result<SyncReport> {
    let started = Instant::now();
    let held = list_patiently(panel)?;
    let mut plan = Plan::new(&wanted, &held, opts);
    let limiter = Mutex::new(Limiter::new(opts.concurrency, opts.adaptive));
    if !opts.dry_run && !plan.jobs.is_empty() {
        apply(panel, &mut plan, opts, &limiter, progress);
    }
    plan.fold_duplicates();
    let totals = plan.totals();
    let concurrency = limiter
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .stats();
    Ok(SyncReport {
        dry_run: opts.dry_run,
        entries: plan.entries,
        totals,
        concurrency,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What a sync will do: one entry per wanted name, in order, then the removals,
/// and the writes that get there.
struct Plan {
    entries: Vec<SyncEntry>,
    jobs: Vec<(usize, Job)>,
    /// (index of a name given again, index of its first entry)
    duplicates: Vec<(usize, usize)>,
    /// The write of each entry that has one, by entry index.
    writes: HashMap<usize, Job>,
}

impl Plan {
    fn new(wanted: &[Wanted], held: &[PanelEntry], opts: &SyncOptions) -> Plan {
        let held_by_name: HashMap<&str, &PanelEntry> =
            held.iter().map(|e| (e.name.as_str(), e)).collect();
        let (add, remove) = if opts.dry_run {
            ("would_add", "would_remove")
        } else {
            ("added", "removed")
        };
        let entry = |domain: String, action, id| SyncEntry {
            domain,
            action,
            id,
            error: None,
        };
        let mut plan = Plan {
            entries: Vec::with_capacity(wanted.len()),
            jobs: Vec::new(),
            duplicates: Vec::new(),
            writes: HashMap::new(),
        };
        let mut first_of: HashMap<String, usize> = HashMap::new();
        for w in wanted {
            let index = plan.entries.len();
            match w {
                Wanted::Bad { input, error } => {
                    plan.entries.push(failed(input.clone(), None, error))
                }
                Wanted::Name(d) => {
                    let name = d.as_str().to_string();
                    if let Some(&first) = first_of.get(&name) {
                        plan.duplicates.push((index, first));
                        plan.entries.push(entry(name, "kept", None));
                        continue;
                    }
                    first_of.insert(name.clone(), index);
                    match held_by_name.get(name.as_str()) {
                        Some(PanelEntry {
                            conflict: Some(why),
                            id,
                            ..
                        }) => plan.entries.push(failed(name, id.clone(), why)),
                        Some(e) => plan.entries.push(entry(name, "kept", e.id.clone())),
                        None => {
                            plan.entries.push(entry(name, add, None));
                            plan.jobs.push((index, Job::Add(d.clone())));
                        }
                    }
                }
            }
        }
        if opts.prune {
            let keep: HashSet<&str> = opts.keep.iter().map(DomainName::as_str).collect();
            for e in held {
                if e.protected || keep.contains(e.name.as_str()) || first_of.contains_key(&e.name) {
                    continue;
                }
                plan.jobs.push((plan.entries.len(), Job::Remove(e.clone())));
                plan.entries
                    .push(entry(e.name.clone(), remove, e.id.clone()));
            }
        }
        plan.writes = plan.jobs.iter().cloned().collect();
        plan
    }

    fn fail(&mut self, index: usize, error: &Error) {
        let e = &mut self.entries[index];
        *e = failed(e.domain.clone(), e.id.clone(), error);
    }

    /// A name given twice is on the panel once: its second entry is "kept".
    fn fold_duplicates(&mut self) {
        for &(index, first) in &self.duplicates {
            let first = self.entries[first].clone();
            let action = match first.action {
                "added" | "kept" | "would_add" => "kept",
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
                "added" | "would_add" => totals.added += 1,
                "removed" | "would_remove" => totals.removed += 1,
                "kept" => totals.kept += 1,
                _ => totals.failed += 1,
            }
        }
        totals
    }
}

/// A write still to make, and whether an earlier try of it may have reached the
/// panel (then a listing must say it did not before it is sent again).
struct Pending {
    index: usize,
    job: Job,
    in_doubt: bool,
    last_error: Option<Error>,
}

/// Sends the plan's writes. Passing failures (network, timeout, 429, 5xx) go to
/// further rounds with a growing pause until they succeed or `retry_budget` runs
/// out; a write whose answer was lost is settled by a listing before it is sent
/// again. What is still failed at the end is checked against one more listing,
/// so the report says what the panel holds.
fn apply(
    panel: &dyn SyncPanel,
    plan: &mut Plan,
    opts: &SyncOptions,
    limiter: &Mutex<Limiter>,
    progress: Progress,
) {
    let total = plan.entries.len();
    let mut pending: Vec<Pending> = std::mem::take(&mut plan.jobs)
        .into_iter()
        .map(|(index, job)| Pending {
            index,
            job,
            in_doubt: false,
            last_error: None,
        })
        .collect();
    let mut done = total - pending.len();
    let mut go_on = progress(done, total);
    let mut deadline: Option<Instant> = None;
    let mut pause = FIRST_PAUSE;
    let mut sent_any = false;
    loop {
        if go_on && pending.iter().any(|p| p.in_doubt) {
            // Lost answers: the panel's list says which writes took effect.
            if let Ok(list) = panel.snapshot() {
                let now = by_name(list);
                pending.retain_mut(|p| match took_effect(&p.job, &now) {
                    Some(id) => {
                        settle_done(&mut plan.entries[p.index], id);
                        false
                    }
                    _ => {
                        p.in_doubt = false;
                        true
                    }
                });
                done = total - pending.len();
                go_on = progress(done, total);
            }
        }
        if !go_on {
            break;
        }
        // A write in doubt whose listing failed waits for the next round.
        let (send, wait): (Vec<Pending>, Vec<Pending>) =
            pending.into_iter().partition(|p| !p.in_doubt);
        let jobs: Vec<(usize, Job)> = send.iter().map(|p| (p.index, p.job.clone())).collect();
        let mut again = wait;
        if !jobs.is_empty() {
            sent_any = true;
            let results = execute(panel, jobs, opts, limiter, &mut |n| {
                done += n;
                progress(done, total)
            });
            go_on = results.go_on;
            for (index, job, outcome) in results.finished {
                match outcome {
                    Outcome::Done(id) => settle_done(&mut plan.entries[index], id),
                    // A removal whose name was already gone: nothing left to do.
                    Outcome::Gone => {}
                    Outcome::Unknown(e) => again.push(Pending {
                        index,
                        job,
                        in_doubt: true,
                        last_error: Some(e),
                    }),
                    Outcome::Failed(e) if e.is_transient() => again.push(Pending {
                        index,
                        job,
                        in_doubt: false,
                        last_error: Some(e),
                    }),
                    Outcome::Failed(e) => plan.fail(index, &e),
                }
            }
            for (index, job) in results.not_started {
                again.push(Pending {
                    index,
                    job,
                    in_doubt: false,
                    last_error: None,
                });
            }
        }
        pending = again;
        if pending.is_empty() || !go_on {
            break;
        }
        let end = *deadline.get_or_insert_with(|| Instant::now() + opts.retry_budget);
        if Instant::now() + pause > end {
            break;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(MAX_PAUSE);
        done = total - pending.len();
        go_on = progress(done, total);
    }
    let stopped = Error::api("not done: the sync was stopped by its progress callback");
    let out_of_time =
        Error::api("not done: the panel kept failing until the sync's retry_budget ran out");
    for p in &pending {
        let why = match (&p.last_error, go_on) {
            (_, false) => &stopped,
            (Some(e), true) => e,
            (None, true) => &out_of_time,
        };
        plan.fail(p.index, why);
    }
    if sent_any && go_on {
        verify(panel, plan);
    }
}

/// One more listing after the writes: a write reported failed whose change the
/// panel nevertheless holds (made by a lost answer, or by another worker) is
/// reported done, so no name the panel has is `failed` and no failed removal is
/// still counted as there.
fn verify(panel: &dyn SyncPanel, plan: &mut Plan) {
    let failed_writes: Vec<usize> = plan
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.action == "failed")
        .map(|(i, _)| i)
        .collect();
    if failed_writes.is_empty() {
        return;
    }
    let Ok(list) = list_patiently(panel) else {
        return;
    };
    let now = by_name(list);
    for index in failed_writes {
        let Some(job) = plan.writes.get(&index).cloned() else {
            continue;
        };
        if let Some(id) = took_effect(&job, &now) {
            let e = &mut plan.entries[index];
            e.action = job.done_action();
            e.error = None;
            settle_done(e, id);
        }
    }
}

/// Tries of a listing that meets passing failures, on top of the transport's own.
const LIST_TRIES: u32 = 3;

/// The panel's list, asked again after a passing failure (1 s, then 2 s later):
/// the whole sync rests on it.
fn list_patiently(panel: &dyn SyncPanel) -> Result<Vec<PanelEntry>> {
    let mut pause = Duration::from_secs(1);
    for _ in 1..LIST_TRIES {
        match panel.snapshot() {
            Err(e) if e.is_transient() => {
                std::thread::sleep(pause);
                pause *= 2;
            }
            other => return other,
        }
    }
    panel.snapshot()
}

fn by_name(list: Vec<PanelEntry>) -> HashMap<String, PanelEntry> {
    list.into_iter().map(|e| (e.name.clone(), e)).collect()
}

/// Whether the panel's list shows `job` done; for an add, with the id it has there.
fn took_effect(job: &Job, now: &HashMap<String, PanelEntry>) -> Option<Option<String>> {
    match job {
        Job::Add(d) => now.get(d.as_str()).map(|e| e.id.clone()),
        Job::Remove(e) => (!now.contains_key(&e.name)).then(|| e.id.clone()),
    }
}

fn failed(domain: String, id: Option<String>, error: &Error) -> SyncEntry {
    SyncEntry {
        domain,
        action: "failed",
        id,
        error: Some(error.message().to_string()),
    }
}

fn settle_done(entry: &mut SyncEntry, id: Option<String>) {
    if id.is_some() {
        entry.id = id;
    }
}

struct Executed {
    finished: Vec<(usize, Job, Outcome)>,
    not_started: Vec<(usize, Job)>,
    go_on: bool,
}

struct Gate {
    in_flight: usize,
    stop: bool,
}

/// Runs `jobs` on worker threads, at most `limiter.allowed()` at a time and at most
/// `opts.rate` per second; `finished(n)` is called on this thread as results come.
fn execute(
    panel: &dyn SyncPanel,
    jobs: Vec<(usize, Job)>,
    opts: &SyncOptions,
    limiter: &Mutex<Limiter>,
    finished: &mut dyn FnMut(usize) -> bool,
) -> Executed {
    let queue = Mutex::new(VecDeque::from(jobs));
    let gate = Mutex::new(Gate {
        in_flight: 0,
        stop: false,
    });
    let wake = Condvar::new();
    let stopped = AtomicBool::new(false);
    let spacing = (opts.rate > 0.0).then(|| Duration::from_secs_f64(1.0 / opts.rate));
    let next_slot = Mutex::new(Instant::now());
    let workers = opts
        .concurrency
        .max(1)
        .min(queue.lock().map(|q| q.len()).unwrap_or(1).max(1));
    let (tx, rx) = mpsc::channel::<(usize, Job, Outcome)>();
    let mut out = Executed {
        finished: Vec::new(),
        not_started: Vec::new(),
        go_on: true,
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (queue, gate, wake, stopped, next_slot, limiter) =
                (&queue, &gate, &wake, &stopped, &next_slot, limiter);
            scope.spawn(move || loop {
                {
                    let mut g = gate.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if g.stop {
                            return;
                        }
                        let allowed = limiter.lock().map(|l| l.allowed()).unwrap_or(1);
                        if g.in_flight < allowed {
                            break;
                        }
                        g = wake.wait(g).unwrap_or_else(|e| e.into_inner());
                    }
                    g.in_flight += 1;
                }
                let job = if stopped.load(Ordering::Relaxed) {
                    None
                } else {
                    queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front()
                };
                let Some((index, job)) = job else {
                    let mut g = gate.lock().unwrap_or_else(|e| e.into_inner());
                    g.in_flight -= 1;
                    g.stop = true;
                    wake.notify_all();
                    return;
                };
                if let Some(spacing) = spacing {
                    let wait = {
                        let mut next = next_slot.lock().unwrap_or_else(|e| e.into_inner());
                        let now = Instant::now();
                        let slot = (*next).max(now);
                        *next = slot + spacing;
                        slot - now
                    };
                    std::thread::sleep(wait);
                }
                let trouble = Trouble::default();
                let t = Instant::now();
                let outcome = match &job {
                    Job::Add(d) => match panel.add(d, &trouble) {
                        Ok(id) => Outcome::Done(id),
                        Err(e) if e.unknown_outcome => Outcome::Unknown(e.error),
                        Err(e) => Outcome::Failed(e.error),
                    },
                    Job::Remove(entry) => match panel.remove(entry, &trouble) {
                        Ok(true) => Outcome::Done(entry.id.clone()),
                        Ok(false) => Outcome::Gone,
                        Err(e) if e.unknown_outcome => Outcome::Unknown(e.error),
                        Err(e) => Outcome::Failed(e.error),
                    },
                };
                let strained = trouble.any()
                    || matches!(&outcome, Outcome::Unknown(e) | Outcome::Failed(e) if e.is_transient());
                {
                    let mut l = limiter.lock().unwrap_or_else(|e| e.into_inner());
                    let signal = l.classify(t.elapsed(), strained);
                    l.record(signal);
                }
                {
                    let mut g = gate.lock().unwrap_or_else(|e| e.into_inner());
                    g.in_flight -= 1;
                    wake.notify_all();
                }
                if tx.send((index, job, outcome)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        for item in rx {
            out.finished.push(item);
            if out.go_on && !finished(1) {
                out.go_on = false;
                stopped.store(true, Ordering::Relaxed);
            }
        }
    });
    out.not_started = queue
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A panel in memory whose first adds can lose their answers.
    #[derive(Default)]
    struct Memory {
        names: Mutex<Vec<PanelEntry>>,
        adds_sent: AtomicUsize,
        removes_sent: AtomicUsize,
        /// Adds numbered below this lose their answer; `applied` says whether they took effect.
        lose_first: usize,
        applied: bool,
        refuse: Option<&'static str>,
        /// A refused add that the panel made all the same (a duplicate refused
        /// after a lost answer, another worker's add).
        refuse_but_apply: bool,
        /// Adds numbered below this fail before reaching the panel (503, 429, refused connection).
        busy_first: usize,
        /// Time each add takes, like a panel's answer.
        add_time: Duration,
        snapshots: AtomicUsize,
    }

    impl Memory {
        fn with(names: &[(&str, bool)]) -> Self {
            let m = Memory::default();
            *m.names.lock().unwrap() = names
                .iter()
                .enumerate()
                .map(|(i, (n, protected))| PanelEntry {
                    name: n.to_string(),
                    id: Some(format!("id{i}")),
                    protected: *protected,
                    conflict: None,
                })
                .collect();
            m
        }
        fn held(&self) -> Vec<String> {
            let mut v: Vec<String> = self
                .names
                .lock()
                .unwrap()
                .iter()
                .map(|e| e.name.clone())
                .collect();
            v.sort();
            v
        }
    }

    impl SyncPanel for Memory {
        fn snapshot(&self) -> Result<Vec<PanelEntry>> {
            self.snapshots.fetch_add(1, Ordering::SeqCst);
            Ok(self.names.lock().unwrap().clone())
        }
        fn add(&self, d: &DomainName, _: &Trouble) -> Result<Option<String>, CallError> {
            let n = self.adds_sent.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(self.add_time);
            if n < self.busy_first {
                return Err(CallError::new(
                    Error::api("busy").with_status(503 - 74 * (n as u16 % 2)),
                    false,
                ));
            }
            if self.refuse == Some(d.as_str()) {
                if self.refuse_but_apply {
                    self.names.lock().unwrap().push(PanelEntry {
                        name: d.to_string(),
                        id: Some("theirs".into()),
                        protected: false,
                        conflict: None,
                    });
                }
                return Err(CallError::new(
                    Error::api("refused").with_status(400),
                    false,
                ));
            }
            let id = format!("new-{}", d.as_str());
            if n < self.lose_first {
                if self.applied {
                    self.names.lock().unwrap().push(PanelEntry {
                        name: d.to_string(),
                        id: Some(id),
                        protected: false,
                        conflict: None,
                    });
                }
                return Err(CallError::new(Error::network("lost"), true));
            }
            self.names.lock().unwrap().push(PanelEntry {
                name: d.to_string(),
                id: Some(id.clone()),
                protected: false,
                conflict: None,
            });
            Ok(Some(id))
        }
        fn remove(&self, e: &PanelEntry, _: &Trouble) -> Result<bool, CallError> {
            self.removes_sent.fetch_add(1, Ordering::SeqCst);
            let mut names = self.names.lock().unwrap();
            let before = names.len();
            names.retain(|x| x.name != e.name);
            Ok(names.len() < before)
        }
    }

    fn wanted(names: &[&str]) -> Vec<Wanted> {
        names
            .iter()
            .map(|n| match DomainName::parse(n) {
                Ok(d) => Wanted::Name(d),
                Err(error) => Wanted::Bad {
                    input: n.to_string(),
                    error,
                },
            })
            .collect()
    }

    fn opts() -> SyncOptions {
        SyncOptions {
            prune: false,
            keep: Vec::new(),
            dry_run: false,
            concurrency: 4,
            rate: 0.0,
            adaptive: true,
            retry_budget: Duration::from_secs(30),
        }
    }

    fn no_progress() -> impl FnMut(usize, usize) -> bool {
        |_, _| true
    }

    #[test]
    fn adds_missing_keeps_present_reports_bad_names_in_order() {
        let panel = Memory::with(&[("www.example.com", true), ("b.example.com", false)]);
        let r = run(
            &panel,
            wanted(&[
                "a.example.com",
                "b.example.com",
                "bad name",
                "c.example.com",
            ]),
            &opts(),
            &mut no_progress(),
        )
        .unwrap();
        let actions: Vec<(&str, &str)> = r
            .entries
            .iter()
            .map(|e| (e.domain.as_str(), e.action))
            .collect();
        assert_eq!(
            actions,
            vec![
                ("a.example.com", "added"),
                ("b.example.com", "kept"),
                ("bad name", "failed"),
                ("c.example.com", "added")
            ]
        );
        assert_eq!(r.entries[1].id.as_deref(), Some("id1"));
        assert_eq!(
            r.totals,
            Totals {
                added: 2,
                removed: 0,
                kept: 1,
                failed: 1,
                total: 4
            }
        );
        assert_eq!(panel.adds_sent.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn prune_spares_protected_and_kept_names() {
        let panel = Memory::with(&[
            ("www.example.com", true),
            ("old.example.com", false),
            ("keep.example.com", false),
        ]);
        let o = SyncOptions {
            prune: true,
            keep: vec![DomainName::parse("keep.example.com").unwrap()],
            ..opts()
        };
        let r = run(&panel, wanted(&["new.example.com"]), &o, &mut no_progress()).unwrap();
        assert_eq!(r.totals.removed, 1);
        assert_eq!(
            panel.held(),
            vec!["keep.example.com", "new.example.com", "www.example.com"]
        );
    }

    #[test]
    fn dry_run_sends_nothing() {
        let panel = Memory::with(&[("old.example.com", false)]);
        let o = SyncOptions {
            prune: true,
            dry_run: true,
            ..opts()
        };
        let r = run(&panel, wanted(&["new.example.com"]), &o, &mut no_progress()).unwrap();
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, vec!["would_add", "would_remove"]);
        assert_eq!(
            panel.adds_sent.load(Ordering::SeqCst) + panel.removes_sent.load(Ordering::SeqCst),
            0
        );
        assert_eq!(panel.held(), vec!["old.example.com"]);
    }

    #[test]
    fn lost_answers_that_took_effect_are_not_sent_again() {
        let panel = Memory {
            lose_first: 3,
            applied: true,
            ..Memory::default()
        };
        let names: Vec<String> = (0..10).map(|i| format!("n{i}.example.com")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let r = run(&panel, wanted(&names), &opts(), &mut no_progress()).unwrap();
        assert_eq!(r.totals.added, 10);
        assert_eq!(
            panel.adds_sent.load(Ordering::SeqCst),
            10,
            "no add sent twice"
        );
        assert!(r.entries.iter().all(|e| e.id.is_some()));
    }

    #[test]
    fn lost_answers_that_did_not_take_effect_are_sent_again_once() {
        let panel = Memory {
            lose_first: 2,
            applied: false,
            ..Memory::default()
        };
        let r = run(
            &panel,
            wanted(&["a.example.com", "b.example.com", "c.example.com"]),
            &SyncOptions {
                concurrency: 1,
                ..opts()
            },
            &mut no_progress(),
        )
        .unwrap();
        assert_eq!(r.totals.added, 3);
        assert_eq!(panel.adds_sent.load(Ordering::SeqCst), 5);
        assert_eq!(panel.held().len(), 3);
    }

    #[test]
    fn writes_lost_again_and_again_are_settled_by_listings_never_failed() {
        let panel = Memory {
            lose_first: 6,
            applied: false,
            ..Memory::default()
        };
        let o = SyncOptions {
            concurrency: 1,
            ..opts()
        };
        let names = ["a.example.com", "b.example.com", "c.example.com"];
        let r = run(&panel, wanted(&names), &o, &mut no_progress()).unwrap();
        assert_eq!(r.totals.added, 3, "{:?}", r.entries);
        // Three rounds of three: each re-send only after a listing showed it missing.
        assert_eq!(panel.adds_sent.load(Ordering::SeqCst), 9);
        assert_eq!(panel.snapshots.load(Ordering::SeqCst), 3);
        assert_eq!(panel.held(), names);
    }

    #[test]
    fn passing_failures_are_retried_in_further_rounds() {
        let panel = Memory {
            busy_first: 5,
            ..Memory::default()
        };
        let o = SyncOptions {
            concurrency: 1,
            ..opts()
        };
        let names = ["a.example.com", "b.example.com"];
        let r = run(&panel, wanted(&names), &o, &mut no_progress()).unwrap();
        assert_eq!(r.totals.added, 2, "{:?}", r.entries);
        assert_eq!(panel.adds_sent.load(Ordering::SeqCst), 7);
        assert_eq!(panel.held(), names);
    }

    #[test]
    fn the_retry_budget_ends_the_rounds_and_the_report_says_what_the_panel_holds() {
        // Every add fails for good; with no budget there is no further round.
        let panel = Memory {
            busy_first: usize::MAX,
            ..Memory::default()
        };
        let o = SyncOptions {
            retry_budget: Duration::ZERO,
            ..opts()
        };
        let r = run(&panel, wanted(&["a.example.com"]), &o, &mut no_progress()).unwrap();
        assert_eq!(r.entries[0].action, "failed");
        assert_eq!(r.entries[0].error.as_deref(), Some("busy"));
        assert_eq!(panel.adds_sent.load(Ordering::SeqCst), 1);

        // Lost answers of writes that took effect: without a further round, the
        // last listing still reports them added, not failed.
        let panel = Memory {
            lose_first: 2,
            applied: true,
            ..Memory::default()
        };
        let r = run(
            &panel,
            wanted(&["a.example.com", "b.example.com"]),
            &o,
            &mut no_progress(),
        )
        .unwrap();
        assert_eq!(r.totals.added, 2, "{:?}", r.entries);
        assert!(r.entries.iter().all(|e| e.error.is_none()));
    }

    #[test]
    fn a_refused_add_of_a_name_the_panel_holds_is_not_failed() {
        let panel = Memory {
            refuse: Some("b.example.com"),
            refuse_but_apply: true,
            ..Memory::default()
        };
        let r = run(
            &panel,
            wanted(&["a.example.com", "b.example.com"]),
            &opts(),
            &mut no_progress(),
        )
        .unwrap();
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, vec!["added", "added"]);
        assert_eq!(r.entries[1].id.as_deref(), Some("theirs"));
    }

    #[test]
    fn one_refusal_does_not_stop_the_rest() {
        let panel = Memory {
            refuse: Some("b.example.com"),
            ..Memory::default()
        };
        let r = run(
            &panel,
            wanted(&["a.example.com", "b.example.com", "c.example.com"]),
            &opts(),
            &mut no_progress(),
        )
        .unwrap();
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, vec!["added", "failed", "added"]);
        assert_eq!(r.entries[1].error.as_deref(), Some("refused"));
    }

    #[test]
    fn progress_counts_to_the_total_and_can_stop() {
        let panel = Memory::default();
        let mut seen = Vec::new();
        let names: Vec<String> = (0..6).map(|i| format!("p{i}.example.com")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        run(&panel, wanted(&names), &opts(), &mut |d, t| {
            seen.push((d, t));
            true
        })
        .unwrap();
        assert_eq!(seen.first(), Some(&(0, 6)));
        assert_eq!(seen.last(), Some(&(6, 6)));

        // Adds that take a while, as on a real panel, so the stop lands between them.
        let panel = Memory {
            add_time: Duration::from_millis(20),
            ..Memory::default()
        };
        let o = SyncOptions {
            concurrency: 1,
            adaptive: false,
            ..opts()
        };
        let r = run(&panel, wanted(&names), &o, &mut |d, _| d < 2).unwrap();
        assert!(panel.adds_sent.load(Ordering::SeqCst) <= 3);
        assert!(r
            .entries
            .iter()
            .any(|e| e.error.as_deref().is_some_and(|m| m.contains("stopped"))));
    }
}
