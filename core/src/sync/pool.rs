//! A round's writes sent on worker threads: at most `limiter.allowed()` in
//! flight, at most `opts.rate` started per second. Each write's time and the
//! strain its attempts met (told by the transport through a [`Trouble`]) move
//! the adaptive limit.

use super::adaptive::Limiter;
use super::model::{SyncOptions, SyncPanel};
use super::plan::Job;
use crate::error::Error;
use crate::provider::CallError;
use crate::transport::Trouble;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What became of one write.
pub(super) enum Outcome {
    /// Made; the panel's id when it gave one.
    Done(Option<String>),
    /// A removal of a name that was already gone.
    Gone,
    /// Refused, or not sent.
    Failed(Error),
    /// The answer was lost: the panel may have made it.
    Unknown(Error),
}

impl Outcome {
    /// Sends `job`, noting its attempts' strain in `trouble`.
    fn of(panel: &dyn SyncPanel, job: &Job, trouble: &Trouble) -> Outcome {
        let failed = |e: CallError| {
            if e.unknown_outcome {
                Outcome::Unknown(e.error)
            } else {
                Outcome::Failed(e.error)
            }
        };
        match job {
            Job::Add(d) => panel.add(d, trouble).map_or_else(failed, Outcome::Done),
            Job::Remove(entry) => match panel.remove(entry, trouble) {
                Ok(true) => Outcome::Done(entry.id.clone()),
                Ok(false) => Outcome::Gone,
                Err(e) => failed(e),
            },
        }
    }

    /// A failure that says the panel is strained (network, timeout, 429, 5xx).
    fn is_passing_failure(&self) -> bool {
        matches!(self, Outcome::Unknown(e) | Outcome::Failed(e) if e.is_transient())
    }
}

pub(super) type Finished = (usize, Job, Outcome);

pub(super) struct Executed {
    pub(super) finished: Vec<Finished>,
    pub(super) not_started: Vec<(usize, Job)>,
    /// False once `finished` said stop.
    pub(super) go_on: bool,
}

/// Runs `jobs` on worker threads; `finished(n)` is called on this thread as
/// results come, and false from it stops the handing out of further jobs.
pub(super) fn execute(
    panel: &dyn SyncPanel,
    jobs: Vec<(usize, Job)>,
    opts: &SyncOptions,
    limiter: &Mutex<Limiter>,
    finished: &mut dyn FnMut(usize) -> bool,
) -> Executed {
    let workers = opts.concurrency.max(1).min(jobs.len().max(1));
    let pool = Pool {
        panel,
        limiter,
        queue: Mutex::new(VecDeque::from(jobs)),
        gate: Mutex::new(Gate {
            in_flight: 0,
            stop: false,
        }),
        wake: Condvar::new(),
        stopped: AtomicBool::new(false),
        spacing: (opts.rate > 0.0).then(|| Duration::from_secs_f64(1.0 / opts.rate)),
        next_slot: Mutex::new(Instant::now()),
    };
    let (tx, rx) = mpsc::channel::<Finished>();
    let mut out = Executed {
        finished: Vec::new(),
        not_started: Vec::new(),
        go_on: true,
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let pool = &pool;
            scope.spawn(move || pool.work(tx));
        }
        drop(tx);
        for item in rx {
            out.finished.push(item);
            if out.go_on && !finished(1) {
                out.go_on = false;
                pool.stopped.store(true, Ordering::Relaxed);
            }
            // The slot of a write is free once its caller has heard of it: a
            // stop then leaves at most `concurrency` writes to finish, however
            // far behind this thread runs.
            pool.leave();
        }
    });
    out.not_started = lock(pool.queue).into_iter().collect();
    out
}

fn lock<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|e| e.into_inner())
}

struct Gate {
    in_flight: usize,
    /// Set when the queue ran dry: no worker waits for a slot any more.
    stop: bool,
}

/// What the workers of one round share.
struct Pool<'a> {
    panel: &'a dyn SyncPanel,
    limiter: &'a Mutex<Limiter>,
    queue: Mutex<VecDeque<(usize, Job)>>,
    gate: Mutex<Gate>,
    wake: Condvar,
    /// Set when the caller said stop: no further job is taken.
    stopped: AtomicBool,
    /// The time between two starts, when the rate is limited.
    spacing: Option<Duration>,
    next_slot: Mutex<Instant>,
}

impl Pool<'_> {
    /// One worker: takes a slot, a job, its turn under the rate; sends it and
    /// hands back the outcome, until the queue runs dry or the caller stops.
    fn work(&self, tx: mpsc::Sender<Finished>) {
        while self.enter() {
            let Some((index, job)) = self.next_job() else {
                self.close();
                return;
            };
            self.wait_for_turn();
            let outcome = self.send(&job);
            // The slot is given back by the caller's thread, once it has the outcome.
            if tx.send((index, job, outcome)).is_err() {
                self.leave();
                return;
            }
        }
    }

    /// Waits until the limiter allows one more in flight and takes that slot;
    /// false once the pool is closed.
    fn enter(&self) -> bool {
        let mut g = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if g.stop {
                return false;
            }
            let allowed = self.limiter.lock().map(|l| l.allowed()).unwrap_or(1);
            if g.in_flight < allowed {
                break;
            }
            g = self.wake.wait(g).unwrap_or_else(|e| e.into_inner());
        }
        g.in_flight += 1;
        true
    }

    fn next_job(&self) -> Option<(usize, Job)> {
        if self.stopped.load(Ordering::Relaxed) {
            return None;
        }
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
    }

    /// Gives a slot back (the caller's thread does, for each outcome it takes).
    fn leave(&self) {
        let mut g = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        g.in_flight -= 1;
        self.wake.notify_all();
    }

    /// Gives the slot back and closes the pool: there is nothing left to take.
    fn close(&self) {
        let mut g = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        g.in_flight -= 1;
        g.stop = true;
        self.wake.notify_all();
    }

    /// Waits for this start's turn under the rate.
    fn wait_for_turn(&self) {
        let Some(spacing) = self.spacing else {
            return;
        };
        let wait = {
            let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + spacing;
            slot - now
        };
        std::thread::sleep(wait);
    }

    /// Sends `job` and moves the limit by how it went.
    fn send(&self, job: &Job) -> Outcome {
        let trouble = Trouble::default();
        let t = Instant::now();
        let outcome = Outcome::of(self.panel, job, &trouble);
        let strained = trouble.any() || outcome.is_passing_failure();
        let mut l = self.limiter.lock().unwrap_or_else(|e| e.into_inner());
        let signal = l.classify(t.elapsed(), strained);
        l.record(signal);
        outcome
    }
}
