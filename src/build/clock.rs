//! How long each stage of a build took, for `--timings` and benchmarks.

use std::time::{Duration, Instant};

/// Measures stages one after another.
pub(super) struct Clock {
    last: Instant,
    pub(super) laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub(super) fn start() -> Self {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(super) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}
