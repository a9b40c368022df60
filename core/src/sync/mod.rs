//! Bulk sync: one listing of the panel, then the difference applied with a bounded,
//! adaptive number of requests in flight. A bad name or a failure for one domain
//! never stops the others; a write whose outcome is unknown is settled by one more
//! listing, never by sending it again blindly.

pub mod adaptive;
mod model;
pub mod options;
mod plan;
mod pool;
mod rounds;

use crate::error::Result;
use adaptive::Limiter;
use plan::Plan;
use rounds::list_patiently;
use std::sync::Mutex;
use std::time::Instant;

pub use model::{
    Action, PanelEntry, Progress, SyncEntry, SyncOptions, SyncPanel, SyncReport, Totals, Wanted,
    DEFAULT_RATE, DEFAULT_RETRY_BUDGET, MAX_RETRY_BUDGET,
};

/// Brings the panel in line with `wanted`: one listing, the plan made from it,
/// the plan's writes sent in rounds, and the report.
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
    if !opts.dry_run && plan.has_writes() {
        rounds::apply(panel, &mut plan, opts, &limiter, progress);
    }
    let concurrency = limiter
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .stats();
    let (entries, totals) = plan.finish();
    Ok(SyncReport {
        dry_run: opts.dry_run,
        entries,
        totals,
        concurrency,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DomainName;
    use crate::error::Error;
    use crate::provider::CallError;
    use crate::transport::Trouble;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

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
        /// Every add meets a 429 the transport rides out: it succeeds, strained.
        strained: bool,
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
        fn add(&self, d: &DomainName, trouble: &Trouble) -> Result<Option<String>, CallError> {
            if self.strained {
                trouble.strained();
            }
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
            .map(|e| (e.domain.as_str(), e.action.as_str()))
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
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action.as_str()).collect();
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
        assert_eq!(r.entries[0].action.as_str(), "failed");
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
    fn a_report_words_each_action_as_before() {
        use Action::*;
        for a in [Added, Removed, Kept, Failed, WouldAdd, WouldRemove] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        assert_eq!(WouldRemove.as_str(), "would_remove");
    }

    #[test]
    fn strain_the_panel_rode_out_still_cuts_the_concurrency() {
        let names: Vec<String> = (0..8).map(|i| format!("s{i}.example.com")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let run_with = |strained| {
            let panel = Memory {
                strained,
                ..Memory::default()
            };
            let r = run(&panel, wanted(&names), &opts(), &mut no_progress()).unwrap();
            assert_eq!(r.totals.added, 8, "{:?}", r.entries);
            r.concurrency.cuts
        };
        assert_eq!(run_with(false), 0);
        assert!(run_with(true) > 0);
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
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action.as_str()).collect();
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
        let actions: Vec<&str> = r.entries.iter().map(|e| e.action.as_str()).collect();
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

        // Quick adds and a slow caller (a PHP callable on a busy machine): the
        // workers wait for the caller to hear of each write, so a stop still
        // leaves at most `concurrency` writes behind it.
        let panel = Memory::default();
        let r = run(&panel, wanted(&names), &o, &mut |d, _| {
            std::thread::sleep(Duration::from_millis(30));
            d < 2
        })
        .unwrap();
        assert!(panel.adds_sent.load(Ordering::SeqCst) <= 3, "{r:?}");
    }
}
