//! The plan's writes sent in rounds. Passing failures (network, timeout, 429,
//! 5xx) go to further rounds with a growing pause until they succeed or
//! `retry_budget` runs out; a write whose answer was lost is settled by a listing
//! before it is sent again. What is still failed at the end is checked against
//! one more listing, so the report says what the panel holds.

use super::adaptive::Limiter;
use super::model::{PanelEntry, Progress, SyncOptions, SyncPanel};
use super::plan::{by_name, Job, Plan};
use super::pool::{self, Outcome};
use crate::error::Error;
use crate::error::Result;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Pause before the first further round; it doubles each round up to `MAX_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(500);
const MAX_PAUSE: Duration = Duration::from_secs(16);

/// Sends the plan's writes and settles what became of them (see the module's words).
pub(super) fn apply(
    panel: &dyn SyncPanel,
    plan: &mut Plan,
    opts: &SyncOptions,
    limiter: &Mutex<Limiter>,
    progress: Progress,
) {
    let pending = plan
        .take_jobs()
        .into_iter()
        .map(|(index, job)| Pending::new(index, job))
        .collect();
    let mut rounds = Rounds {
        panel,
        opts,
        limiter,
        progress,
        total: plan.entries.len(),
        pending,
        go_on: true,
        sent_any: false,
        pause: FIRST_PAUSE,
        deadline: None,
    };
    rounds.tell();
    loop {
        if rounds.go_on {
            rounds.settle_lost_answers(plan);
        }
        if !rounds.go_on {
            break;
        }
        rounds.send_round(plan);
        if rounds.pending.is_empty() || !rounds.go_on || !rounds.wait_for_next_round() {
            break;
        }
    }
    rounds.fail_unfinished(plan);
    if rounds.sent_any && rounds.go_on {
        verify(panel, plan);
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

impl Pending {
    fn new(index: usize, job: Job) -> Self {
        Pending {
            index,
            job,
            in_doubt: false,
            last_error: None,
        }
    }
}

/// Where the rounds stand.
struct Rounds<'a, 'p> {
    panel: &'a dyn SyncPanel,
    opts: &'a SyncOptions,
    limiter: &'a Mutex<Limiter>,
    progress: Progress<'p>,
    /// Entries of the plan: what progress counts to.
    total: usize,
    pending: Vec<Pending>,
    /// False once the progress callback said stop.
    go_on: bool,
    sent_any: bool,
    /// The pause before the next further round.
    pause: Duration,
    /// The end of `retry_budget`, counted from the end of the first round.
    deadline: Option<Instant>,
}

impl Rounds<'_, '_> {
    fn done(&self) -> usize {
        self.total - self.pending.len()
    }

    /// Tells the progress callback how far the sync is; false from it stops the sync.
    fn tell(&mut self) {
        let done = self.done();
        self.go_on = (self.progress)(done, self.total);
    }

    /// Lost answers: the panel's list says which writes took effect. A write in
    /// doubt whose listing failed waits for the next round.
    fn settle_lost_answers(&mut self, plan: &mut Plan) {
        if !self.pending.iter().any(|p| p.in_doubt) {
            return;
        }
        let Ok(list) = self.panel.snapshot() else {
            return;
        };
        let now = by_name(list);
        self.pending.retain_mut(|p| match p.job.took_effect(&now) {
            Some(id) => {
                plan.settle(p.index, id);
                false
            }
            None => {
                p.in_doubt = false;
                true
            }
        });
        self.tell();
    }

    /// Sends every pending write not in doubt; what did not finish stays pending.
    fn send_round(&mut self, plan: &mut Plan) {
        let total = self.total;
        let mut done = self.done();
        let (send, wait): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| !p.in_doubt);
        self.pending = wait;
        if send.is_empty() {
            return;
        }
        self.sent_any = true;
        let jobs = send.into_iter().map(|p| (p.index, p.job)).collect();
        let progress = &mut self.progress;
        let executed = pool::execute(self.panel, jobs, self.opts, self.limiter, &mut |n| {
            done += n;
            progress(done, total)
        });
        self.go_on = executed.go_on;
        for (index, job, outcome) in executed.finished {
            self.settle_outcome(plan, index, job, outcome);
        }
        for (index, job) in executed.not_started {
            self.pending.push(Pending::new(index, job));
        }
    }

    fn settle_outcome(&mut self, plan: &mut Plan, index: usize, job: Job, outcome: Outcome) {
        let again = |in_doubt, e| Pending {
            index,
            job,
            in_doubt,
            last_error: Some(e),
        };
        match outcome {
            Outcome::Done(id) => plan.settle(index, id),
            // A removal whose name was already gone: nothing left to do.
            Outcome::Gone => {}
            Outcome::Unknown(e) => self.pending.push(again(true, e)),
            Outcome::Failed(e) if e.is_transient() => self.pending.push(again(false, e)),
            Outcome::Failed(e) => plan.fail(index, &e),
        }
    }

    /// Waits the pause before a further round; false when `retry_budget` has no
    /// room for it.
    fn wait_for_next_round(&mut self) -> bool {
        let budget = self.opts.retry_budget;
        let end = *self.deadline.get_or_insert_with(|| Instant::now() + budget);
        if Instant::now() + self.pause > end {
            return false;
        }
        std::thread::sleep(self.pause);
        self.pause = (self.pause * 2).min(MAX_PAUSE);
        self.tell();
        true
    }

    /// The writes left pending are failed: with their last error, or why they
    /// were not sent again.
    fn fail_unfinished(&self, plan: &mut Plan) {
        let stopped = Error::api("not done: the sync was stopped by its progress callback");
        let out_of_time =
            Error::api("not done: the panel kept failing until the sync's retry_budget ran out");
        for p in &self.pending {
            let why = match (&p.last_error, self.go_on) {
                (_, false) => &stopped,
                (Some(e), true) => e,
                (None, true) => &out_of_time,
            };
            plan.fail(p.index, why);
        }
    }
}

/// One more listing after the writes: a write reported failed whose change the
/// panel nevertheless holds (made by a lost answer, or by another worker) is
/// reported done, so no name the panel has is `failed` and no failed removal is
/// still counted as there.
fn verify(panel: &dyn SyncPanel, plan: &mut Plan) {
    let failed = plan.failed();
    if failed.is_empty() {
        return;
    }
    let Ok(list) = list_patiently(panel) else {
        return;
    };
    let now = by_name(list);
    for index in failed {
        plan.done_after_all(index, &now);
    }
}

/// Tries of a listing that meets passing failures, on top of the transport's own.
const LIST_TRIES: u32 = 3;

/// The panel's list, asked again after a passing failure (1 s, then 2 s later):
/// the whole sync rests on it.
pub(super) fn list_patiently(panel: &dyn SyncPanel) -> Result<Vec<PanelEntry>> {
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
