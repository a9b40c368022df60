//! Bulk sync: one listing of the panel, then the difference applied with a bounded,
//! adaptive number of requests in flight. A bad name or a failure for one domain
//! never stops the others; a write whose outcome is unknown is settled by one more
//! listing, never by sending it again blindly.

pub mod adaptive;
pub mod options;

use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::provider::CallError;
use crate::transport;
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

/// A name the panel holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelEntry {
    pub name: String,
    pub id: Option<String>,
    /// Not ours to remove: on Enhance every mapping that is not an alias (the
    /// website's own names, addon domains, subdomains).
    pub protected: bool,
}

/// What a panel offers a sync.
pub trait SyncPanel: Sync {
    /// Every name the panel holds now.
    fn snapshot(&self) -> Result<Vec<PanelEntry>>;
    /// Adds a name; the panel's id for it, when the panel has ids.
    fn add(&self, domain: &DomainName) -> Result<Option<String>, CallError>;
    /// Removes a name; false when it was already gone.
    fn remove(&self, entry: &PanelEntry) -> Result<bool, CallError>;
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

enum Outcome {
    Done(Option<String>),
    Gone,
    Failed(Error),
    Unknown(Error),
}

/// Called with (done, total) on the calling thread; false stops the sync.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Brings the panel in line with `wanted`.
pub fn run(
    panel: &dyn SyncPanel,
    wanted: Vec<Wanted>,
    opts: &SyncOptions,
    progress: Progress,
) -> Result<SyncReport> {
    let started = Instant::now();
    let held = panel.snapshot()?;
    let held_by_name: HashMap<String, PanelEntry> =
        held.iter().map(|e| (e.name.clone(), e.clone())).collect();

    // The plan: one entry per wanted name, in order, then the removals.
    let mut entries: Vec<SyncEntry> = Vec::with_capacity(wanted.len());
    let mut jobs: Vec<(usize, Job)> = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    let mut duplicates: Vec<(usize, usize)> = Vec::new();
    let (add, remove) = if opts.dry_run {
        ("would_add", "would_remove")
    } else {
        ("added", "removed")
    };
    for w in &wanted {
        let index = entries.len();
        match w {
            Wanted::Bad { input, error } => entries.push(failed(input.clone(), None, error)),
            Wanted::Name(d) => {
                let name = d.as_str().to_string();
                if let Some(&first) = first_of.get(&name) {
                    duplicates.push((index, first));
                    entries.push(SyncEntry {
                        domain: name,
                        action: "kept",
                        id: None,
                        error: None,
                    });
                    continue;
                }
                first_of.insert(name.clone(), index);
                match held_by_name.get(&name) {
                    Some(e) => entries.push(SyncEntry {
                        domain: name,
                        action: "kept",
                        id: e.id.clone(),
                        error: None,
                    }),
                    None => {
                        entries.push(SyncEntry {
                            domain: name,
                            action: add,
                            id: None,
                            error: None,
                        });
                        jobs.push((index, Job::Add(d.clone())));
                    }
                }
            }
        }
    }
    if opts.prune {
        let keep: HashSet<&str> = opts.keep.iter().map(DomainName::as_str).collect();
        for e in &held {
            if e.protected || keep.contains(e.name.as_str()) || first_of.contains_key(&e.name) {
                continue;
            }
            jobs.push((entries.len(), Job::Remove(e.clone())));
            entries.push(SyncEntry {
                domain: e.name.clone(),
                action: remove,
                id: e.id.clone(),
                error: None,
            });
        }
    }

    let limiter = Mutex::new(Limiter::new(opts.concurrency, opts.adaptive));
    if !opts.dry_run && !jobs.is_empty() {
        let total = entries.len();
        let mut done = total - jobs.len();
        let mut report = |done: usize| progress(done, total);
        let mut go_on = report(done);
        let mut unknown: Vec<(usize, Job, Error)> = Vec::new();
        let mut round = jobs;
        let stopped = || Error::api("not done: the sync was stopped by its progress callback");
        for attempt in 0..2 {
            if !go_on {
                for (index, _) in &round {
                    entries[*index] = failed(
                        entries[*index].domain.clone(),
                        entries[*index].id.clone(),
                        &stopped(),
                    );
                }
                break;
            }
            let results = execute(panel, round, opts, &limiter, &mut |n| {
                done += n;
                report(done)
            });
            unknown.clear();
            for (index, job, outcome) in results.finished {
                match outcome {
                    Outcome::Unknown(e) => unknown.push((index, job, e)),
                    other => settle(&mut entries[index], other),
                }
            }
            for (index, _job) in results.not_started {
                entries[index] = failed(
                    entries[index].domain.clone(),
                    entries[index].id.clone(),
                    &stopped(),
                );
            }
            if unknown.is_empty() || attempt == 1 || !results.go_on {
                break;
            }
            // Outcomes lost on the way: one listing says which writes took effect.
            let now: HashMap<String, PanelEntry> = match panel.snapshot() {
                Ok(list) => list.into_iter().map(|e| (e.name.clone(), e)).collect(),
                Err(_) => break,
            };
            round = Vec::new();
            for (index, job, _) in unknown.drain(..) {
                match &job {
                    Job::Add(d) => match now.get(d.as_str()) {
                        Some(e) => settle(&mut entries[index], Outcome::Done(e.id.clone())),
                        None => round.push((index, job)),
                    },
                    Job::Remove(e) => match now.get(&e.name) {
                        None => settle(&mut entries[index], Outcome::Done(e.id.clone())),
                        Some(_) => round.push((index, job)),
                    },
                }
            }
            done = entries.len() - round.len();
            go_on = report(done);
            if round.is_empty() {
                break;
            }
        }
        for (index, _, e) in unknown {
            settle(&mut entries[index], Outcome::Failed(e));
        }
    }
    // A name given twice is on the panel once: its second entry is "kept".
    for (index, first) in duplicates {
        let first = entries[first].clone();
        let action = match first.action {
            "added" | "kept" | "would_add" => "kept",
            other => other,
        };
        entries[index] = SyncEntry {
            domain: first.domain,
            action,
            id: first.id,
            error: first.error,
        };
    }
    let mut totals = Totals {
        total: entries.len(),
        ..Totals::default()
    };
    for e in &entries {
        match e.action {
            "added" | "would_add" => totals.added += 1,
            "removed" | "would_remove" => totals.removed += 1,
            "kept" => totals.kept += 1,
            _ => totals.failed += 1,
        }
    }
    let concurrency = limiter
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .stats();
    Ok(SyncReport {
        dry_run: opts.dry_run,
        entries,
        totals,
        concurrency,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn failed(domain: String, id: Option<String>, error: &Error) -> SyncEntry {
    SyncEntry {
        domain,
        action: "failed",
        id,
        error: Some(error.message().to_string()),
    }
}

fn settle(entry: &mut SyncEntry, outcome: Outcome) {
    match outcome {
        Outcome::Done(id) => {
            if id.is_some() {
                entry.id = id;
            }
        }
        // A removal whose name was already gone: nothing left to do.
        Outcome::Gone => {}
        Outcome::Failed(e) | Outcome::Unknown(e) => {
            entry.action = "failed";
            entry.error = Some(e.message().to_string());
        }
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
                transport::take_trouble();
                let t = Instant::now();
                let outcome = match &job {
                    Job::Add(d) => match panel.add(d) {
                        Ok(id) => Outcome::Done(id),
                        Err(e) if e.unknown_outcome => Outcome::Unknown(e.error),
                        Err(e) => Outcome::Failed(e.error),
                    },
                    Job::Remove(entry) => match panel.remove(entry) {
                        Ok(true) => Outcome::Done(entry.id.clone()),
                        Ok(false) => Outcome::Gone,
                        Err(e) if e.unknown_outcome => Outcome::Unknown(e.error),
                        Err(e) => Outcome::Failed(e.error),
                    },
                };
                let strained = transport::take_trouble() > 0
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
        /// Time each add takes, like a panel's answer.
        add_time: Duration,
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
            Ok(self.names.lock().unwrap().clone())
        }
        fn add(&self, d: &DomainName) -> Result<Option<String>, CallError> {
            let n = self.adds_sent.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(self.add_time);
            if self.refuse == Some(d.as_str()) {
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
                    });
                }
                return Err(CallError::new(Error::network("lost"), true));
            }
            self.names.lock().unwrap().push(PanelEntry {
                name: d.to_string(),
                id: Some(id.clone()),
                protected: false,
            });
            Ok(Some(id))
        }
        fn remove(&self, e: &PanelEntry) -> Result<bool, CallError> {
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
