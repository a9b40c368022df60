//! How many requests a bulk job keeps in flight: additive increase while the
//! panel answers fast and clean, multiplicative decrease at once on 429, 5xx or a
//! timeout, never above the configured ceiling. A panel's capacity is unknown,
//! and a fixed low limit makes bulk work slow; this finds the level it tolerates.

use serde::Serialize;
use std::time::{Duration, Instant};

/// The limit a job starts with: a panel that cannot take two at once is rare.
pub const START: f64 = 2.0;
/// Most history points kept for the answer.
const HISTORY_MAX: usize = 512;

/// What one finished request says about the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Answered, without any sign of strain.
    Clean,
    /// Answered, but slowly compared with the fastest answers seen.
    Slow,
    /// 429, 5xx, a timeout or a dropped connection: back off.
    Congested,
}

/// The limit, moved by each finished request.
#[derive(Debug)]
pub struct Limiter {
    limit: f64,
    ceiling: f64,
    adaptive: bool,
    fastest: Option<Duration>,
    last_cut: Option<Instant>,
    started: Instant,
    stats: LimiterStats,
}

/// What the limit did during a job, for the answer and for tests.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LimiterStats {
    pub adaptive: bool,
    pub ceiling: usize,
    pub start: usize,
    pub peak: usize,
    pub cuts: usize,
    #[serde(rename = "final")]
    pub last: usize,
    /// `[milliseconds since start, limit]` at each change of the whole-number limit.
    pub history: Vec<(u64, usize)>,
}

impl Limiter {
    /// `ceiling` requests at most; when `adaptive` is false the limit is the ceiling.
    pub fn new(ceiling: usize, adaptive: bool) -> Self {
        let ceiling = ceiling.max(1) as f64;
        let limit = if adaptive {
            START.min(ceiling)
        } else {
            ceiling
        };
        let now = Instant::now();
        Limiter {
            limit,
            ceiling,
            adaptive,
            fastest: None,
            last_cut: None,
            started: now,
            stats: LimiterStats {
                adaptive,
                ceiling: ceiling as usize,
                start: limit as usize,
                peak: limit as usize,
                cuts: 0,
                last: limit as usize,
                history: vec![(0, limit as usize)],
            },
        }
    }

    /// Requests allowed in flight now.
    pub fn allowed(&self) -> usize {
        self.limit.floor().max(1.0) as usize
    }

    /// Classifies a finished request from its duration and whether it met trouble.
    pub fn classify(&mut self, elapsed: Duration, trouble: bool) -> Signal {
        if trouble {
            return Signal::Congested;
        }
        let fastest = *self.fastest.get_or_insert(elapsed);
        if elapsed < fastest {
            self.fastest = Some(elapsed);
        }
        // Slow: well above the fastest answer seen, beyond jitter.
        if elapsed > fastest * 4 + Duration::from_millis(250) {
            Signal::Slow
        } else {
            Signal::Clean
        }
    }

    /// Moves the limit after a finished request.
    pub fn record(&mut self, signal: Signal) {
        if !self.adaptive {
            return;
        }
        let before = self.allowed();
        match signal {
            Signal::Clean => self.limit = (self.limit + 1.0 / self.limit).min(self.ceiling),
            Signal::Slow => {}
            Signal::Congested => {
                // One cut per burst of trouble: answers already in flight when the
                // panel degraded must not halve the limit again and again.
                let cooldown = self
                    .fastest
                    .unwrap_or(Duration::from_millis(50))
                    .max(Duration::from_millis(50))
                    * 2;
                if self.last_cut.is_none_or(|t| t.elapsed() >= cooldown) {
                    self.limit = (self.limit / 2.0).max(1.0);
                    self.last_cut = Some(Instant::now());
                    self.stats.cuts += 1;
                }
            }
        }
        let after = self.allowed();
        if after != before {
            self.stats.peak = self.stats.peak.max(after);
            self.stats.last = after;
            if self.stats.history.len() < HISTORY_MAX {
                self.stats
                    .history
                    .push((self.started.elapsed().as_millis() as u64, after));
            }
        }
    }

    pub fn stats(&self) -> LimiterStats {
        self.stats.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_additively_up_to_the_ceiling() {
        let mut l = Limiter::new(8, true);
        assert_eq!(l.allowed(), 2);
        for _ in 0..200 {
            l.record(Signal::Clean);
        }
        assert_eq!(l.allowed(), 8);
        assert_eq!(l.stats().peak, 8);
        // Growth is gradual: each step adds one to the whole-number limit.
        let steps: Vec<usize> = l.stats().history.iter().map(|(_, v)| *v).collect();
        assert_eq!(steps, vec![2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn halves_at_once_on_congestion_but_once_per_burst() {
        let mut l = Limiter::new(16, true);
        for _ in 0..500 {
            l.record(Signal::Clean);
        }
        assert_eq!(l.allowed(), 16);
        l.record(Signal::Congested);
        assert_eq!(l.allowed(), 8);
        l.record(Signal::Congested);
        assert_eq!(
            l.allowed(),
            8,
            "a second answer of the same burst does not cut again"
        );
        std::thread::sleep(Duration::from_millis(120));
        l.record(Signal::Congested);
        assert_eq!(l.allowed(), 4);
        assert_eq!(l.stats().cuts, 2);
    }

    #[test]
    fn never_below_one_and_slow_answers_hold() {
        let mut l = Limiter::new(4, true);
        for _ in 0..5 {
            l.record(Signal::Congested);
            std::thread::sleep(Duration::from_millis(110));
        }
        assert_eq!(l.allowed(), 1);
        l.record(Signal::Slow);
        assert_eq!(l.allowed(), 1);
    }

    #[test]
    fn classification_uses_the_fastest_answer_seen() {
        let mut l = Limiter::new(4, true);
        assert_eq!(l.classify(Duration::from_millis(10), false), Signal::Clean);
        assert_eq!(l.classify(Duration::from_millis(100), false), Signal::Clean);
        assert_eq!(l.classify(Duration::from_millis(400), false), Signal::Slow);
        assert_eq!(
            l.classify(Duration::from_millis(5), true),
            Signal::Congested
        );
    }

    #[test]
    fn fixed_mode_uses_the_ceiling() {
        let mut l = Limiter::new(6, false);
        assert_eq!(l.allowed(), 6);
        l.record(Signal::Congested);
        assert_eq!(l.allowed(), 6);
    }
}
