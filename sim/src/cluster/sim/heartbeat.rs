//! A kubelet's heartbeats as streams instead of events (docs/SEMANTICS.md#c1), so that a quiet
//! month of a thousand-node cluster costs nothing: a heartbeat changes no decision by itself, only
//! the time of the *last* one matters, and that is arithmetic on the stream.
//!
//! The step-by-step engine (`World::step_by_step`) queues one event per heartbeat: a running node
//! beats at `start + k × interval` (k ≥ 1) and each beat queues the next one, dropped when the node
//! is stopped at that moment. Stopping and restarting a node therefore leaves the old stream
//! running if its next beat falls after the restart (two streams then beat on one node), and a
//! restart starts a new stream. [`Heartbeats`] keeps exactly that: the streams' phases
//! (residues modulo the interval) and the last heartbeat, so [`Heartbeats::last`] is what the
//! step-by-step engine's `lastHeartbeat` would be, for any sequence of stops and restarts.
//!
//! Order at equal times follows the step-by-step engine's queue: an injected stop or restart at
//! time t is handled before a beat due at t (injections are queued first, at t = 0), so a beat at
//! the very moment of a stop is not counted and a stream whose beat is due at the very moment of a
//! restart survives.

use std::collections::BTreeSet;

use super::SimTime;

/// One node's heartbeat streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heartbeats {
    /// The last heartbeat set by an explicit act: the start of the run (0) or the last restart;
    /// once stopped, the last heartbeat before the stop.
    last: SimTime,
    /// Phases (time modulo the interval) of the running streams; a stream of phase `r` beats at
    /// every time ≡ r after it started.
    phases: BTreeSet<SimTime>,
    /// When the kubelet stopped posting (`None` while it posts).
    stopped_at: Option<SimTime>,
}

impl Heartbeats {
    /// A node whose kubelet posts from t = 0 (first beat at one interval) or one that is silent.
    pub(super) fn at_start(posting: bool) -> Heartbeats {
        Heartbeats {
            last: 0,
            phases: if posting {
                BTreeSet::from([0])
            } else {
                BTreeSet::new()
            },
            stopped_at: (!posting).then_some(0),
        }
    }

    /// The last heartbeat at time `now`, counting a beat due exactly at `now`.
    pub(super) fn last(&self, now: SimTime, interval: SimTime) -> SimTime {
        match self.stopped_at {
            Some(_) => self.last,
            None => self.latest_beat(now.saturating_add(1), interval),
        }
    }

    /// The step-by-step engine's explicit record (`World::step_by_step`): a heartbeat event or a
    /// restart sets it.
    pub(super) fn record(&mut self, at: SimTime) {
        self.last = at;
    }

    /// What [`Heartbeats::record`] set last.
    pub(super) fn recorded(&self) -> SimTime {
        self.last
    }

    /// The kubelet stops at `at`: the last beat is the latest one strictly before `at`.
    pub(super) fn stop(&mut self, at: SimTime, interval: SimTime) {
        if self.stopped_at.is_some() {
            return;
        }
        self.last = self.latest_beat(at, interval);
        self.stopped_at = Some(at);
    }

    /// The kubelet posts again from `at` (a heartbeat now, then one every interval). A stream
    /// whose next beat after the stop falls before `at` fired while the node was stopped and
    /// ended; the others go on.
    pub(super) fn restart(&mut self, at: SimTime, interval: SimTime) {
        let Some(stopped) = self.stopped_at.take() else {
            return;
        };
        if interval > 0 {
            self.phases
                .retain(|&r| next_at_or_after(r, stopped, interval) >= at);
            self.phases.insert(at % interval);
        }
        self.last = at;
    }

    /// `max(last, the latest beat of any stream strictly before t)`. A "beat" computed before a
    /// stream started is never later than `last` (the stream's start), so the maximum hides it.
    fn latest_beat(&self, t: SimTime, interval: SimTime) -> SimTime {
        if interval == 0 {
            return t.saturating_sub(1).max(self.last);
        }
        self.phases
            .iter()
            .filter_map(|&r| latest_before(r, t, interval))
            .fold(self.last, SimTime::max)
    }
}

/// The latest time ≡ `r` (mod `interval`) strictly before `t`, if any is ≥ 0.
fn latest_before(r: SimTime, t: SimTime, interval: SimTime) -> Option<SimTime> {
    if t <= r {
        return None;
    }
    let x = t - 1;
    Some(x - (x - r) % interval)
}

/// The earliest time ≡ `r` (mod `interval`) at or after `t`.
fn next_at_or_after(r: SimTime, t: SimTime, interval: SimTime) -> SimTime {
    if t <= r {
        return r;
    }
    let back = (t - r) % interval;
    if back == 0 {
        t
    } else {
        t.saturating_add(interval - back)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step-by-step engine's heartbeats, event by event, for a list of stop/restart times:
    /// the reference the streams must agree with.
    fn stepped(posting: bool, acts: &[(SimTime, bool)], probe: SimTime, i: SimTime) -> SimTime {
        // (due time, stream) events; acts are processed before beats at the same time.
        let mut alive = posting;
        let mut last = 0;
        let mut due: Vec<SimTime> = if posting { vec![i] } else { vec![] };
        let mut acts = acts.to_vec();
        acts.sort_by_key(|a| a.0);
        let mut next_act = 0;
        loop {
            let beat = due.iter().copied().min();
            let act = acts.get(next_act).copied();
            let take_act = match (act, beat) {
                (Some((ta, _)), Some(tb)) => ta <= tb,
                (Some(_), None) => true,
                (None, _) => false,
            };
            let t = if take_act {
                act.unwrap().0
            } else {
                beat.unwrap_or(SimTime::MAX)
            };
            if t > probe {
                return last;
            }
            if take_act {
                let (at, up) = act.unwrap();
                next_act += 1;
                if up && !alive {
                    alive = true;
                    last = at;
                    due.push(at + i);
                } else if !up {
                    alive = false;
                }
            } else {
                let pos = due.iter().position(|&d| d == t).unwrap();
                due.remove(pos);
                if alive {
                    last = t;
                    due.push(t + i);
                }
            }
        }
    }

    fn streams(posting: bool, acts: &[(SimTime, bool)], probe: SimTime, i: SimTime) -> SimTime {
        let mut h = Heartbeats::at_start(posting);
        let mut acts = acts.to_vec();
        acts.sort_by_key(|a| a.0);
        for (at, up) in acts.into_iter().filter(|a| a.0 <= probe) {
            if up {
                h.restart(at, i);
            } else {
                h.stop(at, i);
            }
        }
        h.last(probe, i)
    }

    #[test]
    fn the_last_heartbeat_of_the_streams_is_the_step_by_step_one() {
        // (posting at start, stop/restart acts, interval): each probed at every second to 200 s.
        type Acts<'a> = &'a [(SimTime, bool)];
        let cases: &[(&str, bool, Acts, SimTime)] = &[
            ("never stopped", true, &[], 10_000),
            ("stopped between beats", true, &[(15_000, false)], 10_000),
            (
                "stopped at a beat: that beat is not counted",
                true,
                &[(20_000, false)],
                10_000,
            ),
            (
                "restarted before the old stream's next beat: two streams",
                true,
                &[(15_000, false), (17_000, true), (60_000, false)],
                10_000,
            ),
            (
                "restarted after the old stream's next beat: one stream",
                true,
                &[(15_000, false), (25_000, true), (62_000, false)],
                10_000,
            ),
            (
                "restarted at the old stream's next beat: it survives",
                true,
                &[(15_000, false), (20_000, true), (33_000, false)],
                10_000,
            ),
            (
                "silent at start, started later",
                false,
                &[
                    (7_000, true),
                    (40_000, false),
                    (41_000, true),
                    (95_000, false),
                ],
                10_000,
            ),
            (
                "stop and restart at the same time",
                true,
                &[(30_000, false), (30_000, true), (45_000, false)],
                10_000,
            ),
            (
                "a long interval",
                true,
                &[(5_000, false), (9_000, true), (120_000, false)],
                70_000,
            ),
        ];
        for (name, posting, acts, i) in cases {
            for probe in (0..=200_000).step_by(1_000) {
                assert_eq!(
                    streams(*posting, acts, probe, *i),
                    stepped(*posting, acts, probe, *i),
                    "{name}: at {probe} ms"
                );
            }
        }
    }

    #[test]
    fn times_on_a_phase_are_found_on_both_sides() {
        assert_eq!(latest_before(0, 20_000, 10_000), Some(10_000));
        assert_eq!(latest_before(0, 20_001, 10_000), Some(20_000));
        assert_eq!(latest_before(7_000, 7_000, 10_000), None);
        assert_eq!(next_at_or_after(7_000, 20_000, 10_000), 27_000);
        assert_eq!(next_at_or_after(7_000, 27_000, 10_000), 27_000);
        assert_eq!(next_at_or_after(7_000, 3_000, 10_000), 7_000);
    }
}
