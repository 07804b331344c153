//! Interviews: what a candidate link carries (the prompt, the hints revealed so far, the lint
//! setting, the time limit — never the answer data), what the candidate is allowed to see of
//! the lints and fixes, the interview clock with its optional limit, and which of two copies
//! of the interviewer's notes wins when tabs disagree. Pure functions, tested natively and in
//! Chromium.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sim::network::{Diagnostic, Severity, Trace};

use crate::i18n::Lang;
use crate::t;

/// The fragment key of a candidate link's brief (beside `design=`).
pub const KEY: &str = "candidate=";

/// Which lints the candidate sees: the interviewer's setting. Errors usually name the bug of
/// a broken challenge, so "warnings only" hides them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LintLevel {
    #[default]
    Off,
    /// Warnings and informational notes, no errors.
    Warnings,
    All,
}

impl LintLevel {
    pub const ALL: [LintLevel; 3] = [LintLevel::Off, LintLevel::Warnings, LintLevel::All];

    pub fn as_str(self) -> &'static str {
        match self {
            LintLevel::Off => "off",
            LintLevel::Warnings => "warnings",
            LintLevel::All => "all",
        }
    }

    /// The setting as the interviewer's menu words it.
    pub fn label(self, lang: Lang) -> String {
        match self {
            LintLevel::Off => t!(lang, "interview-lints-off"),
            LintLevel::Warnings => t!(lang, "interview-lints-warnings"),
            LintLevel::All => t!(lang, "interview-lints-all"),
        }
    }

    /// `Err` names the value: an unknown setting is never read as a default.
    pub fn parse(s: &str) -> Result<LintLevel, String> {
        LintLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown lint setting `{s}` (off, warnings, all)"))
    }
}

/// What a candidate link carries besides the starting design. Nothing here is answer data:
/// the hints are only those the interviewer already revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateBrief {
    pub prompt: String,
    pub lints: LintLevel,
    /// Hints the interviewer revealed before copying the link, in order.
    #[serde(default)]
    pub hints: Vec<String>,
    /// The interview's time limit in minutes, if any.
    #[serde(default)]
    pub limit_min: Option<u32>,
}

impl CandidateBrief {
    /// The fragment part `candidate=<base64url of deflated JSON>`.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
        format!("{KEY}{}", URL_SAFE_NO_PAD.encode(packed))
    }

    /// The brief of a fragment (with or without `#`); `Ok(None)` when it carries none.
    pub fn decode(fragment: &str) -> Result<Option<CandidateBrief>, String> {
        let Some(payload) = fragment
            .trim_start_matches('#')
            .split('&')
            .find_map(|p| p.strip_prefix(KEY))
        else {
            return Ok(None);
        };
        let packed = URL_SAFE_NO_PAD
            .decode(payload.trim())
            .map_err(|e| format!("the candidate link is damaged (not base64url: {e})"))?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 1 << 20)
            .map_err(|e| format!("the candidate link is damaged (cannot inflate: {e:?})"))?;
        serde_json::from_slice(&json)
            .map(Some)
            .map_err(|e| format!("the candidate link's brief cannot be read: {e}"))
    }
}

/// The lints a candidate sees at `level`, with every one-click fix removed (a fix names the
/// bug as surely as the message does).
pub fn candidate_lints(level: LintLevel, lints: &[Diagnostic]) -> Vec<Diagnostic> {
    lints
        .iter()
        .filter(|l| match level {
            LintLevel::Off => false,
            LintLevel::Warnings => l.severity != Severity::Error,
            LintLevel::All => true,
        })
        .cloned()
        .map(|mut l| {
            l.fix = None;
            l
        })
        .collect()
}

/// A trace as a candidate sees it: the hops and blockers (the tool), without suggested fixes.
pub fn candidate_trace(trace: &Trace) -> Trace {
    let mut t = trace.clone();
    for b in &mut t.blockers {
        b.fix = None;
    }
    t
}

/// The interview clock at a moment: elapsed time, and against the limit, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    pub elapsed_ms: f64,
    pub limit_ms: Option<f64>,
}

/// How the clock should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockState {
    Running,
    /// Five minutes or less (or a fifth of the limit, if shorter) remain.
    Warning,
    Over,
}

impl Clock {
    pub fn state(&self) -> ClockState {
        let Some(limit) = self.limit_ms else {
            return ClockState::Running;
        };
        let left = limit - self.elapsed_ms;
        let warn = (5.0 * 60_000.0f64).min(limit / 5.0);
        if left <= 0.0 {
            ClockState::Over
        } else if left <= warn {
            ClockState::Warning
        } else {
            ClockState::Running
        }
    }

    /// `12:05`, or `12:05 / 45:00` with a limit.
    pub fn text(&self) -> String {
        let mmss = |ms: f64| {
            let s = (ms / 1000.0).max(0.0) as u64;
            format!("{:02}:{:02}", s / 60, s % 60)
        };
        match self.limit_ms {
            Some(l) => format!("{} / {}", mmss(self.elapsed_ms), mmss(l)),
            None => mmss(self.elapsed_ms),
        }
    }
}

/// The interviewer's notes as stored for one session: the text and when it was written
/// (wall-clock milliseconds of the tab that wrote it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredNotes {
    pub text: String,
    pub at: f64,
}

/// Whether `incoming` (read from storage, written by another tab) should replace what this
/// tab shows, written at `ours_at`: only when it is strictly newer. So an older tab's stale
/// copy never overwrites newer notes, in either direction.
pub fn newer(incoming: &StoredNotes, ours_at: f64) -> bool {
    incoming.at > ours_at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(severity: Severity) -> Diagnostic {
        let fix = sim::network::Fix::new("do it", vec![]);
        Diagnostic::new("CODE", severity, "c-1", "message", Some(fix))
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_brief_survives_the_link_and_a_damaged_one_is_an_error() {
        let brief = CandidateBrief {
            prompt: "Why does SSH time out?".into(),
            lints: LintLevel::Warnings,
            hints: vec!["trace it".into()],
            limit_min: Some(45),
        };
        let frag = format!("#design=abc&{}", brief.encode());
        assert_eq!(CandidateBrief::decode(&frag), Ok(Some(brief)));
        assert_eq!(CandidateBrief::decode("#design=abc"), Ok(None));
        for (frag, needle) in [
            ("#candidate=!!", "not base64url"),
            ("#candidate=AAAA", "cannot inflate"),
        ] {
            let e = CandidateBrief::decode(frag).unwrap_err();
            assert!(e.contains(needle), "{frag}: {e}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_candidate_sees_lints_by_the_interviewers_setting_and_never_a_fix() {
        let all = [
            lint(Severity::Error),
            lint(Severity::Warning),
            lint(Severity::Info),
        ];
        let cases = [
            (LintLevel::Off, vec![]),
            (LintLevel::Warnings, vec![Severity::Warning, Severity::Info]),
            (
                LintLevel::All,
                vec![Severity::Error, Severity::Warning, Severity::Info],
            ),
        ];
        for (level, want) in cases {
            let seen = candidate_lints(level, &all);
            let got: Vec<Severity> = seen.iter().map(|l| l.severity).collect();
            assert_eq!(got, want, "{level:?}");
            assert!(seen.iter().all(|l| l.fix.is_none()), "{level:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_lint_settings_are_worded_in_both_languages() {
        for (level, en, ko) in [
            (LintLevel::Off, "off", "끄기"),
            (LintLevel::Warnings, "warnings only", "경고만"),
            (LintLevel::All, "all", "모두"),
        ] {
            assert_eq!(level.label(Lang::En), en);
            assert_eq!(level.label(Lang::Ko), ko);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_unknown_lint_setting_is_an_error_naming_it() {
        assert_eq!(LintLevel::parse("warnings"), Ok(LintLevel::Warnings));
        let e = LintLevel::parse("some").unwrap_err();
        assert!(e.contains("`some`"), "{e}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_clock_warns_near_its_limit_and_says_when_it_is_over() {
        let min = 60_000.0;
        let cases = [
            (10.0 * min, None, ClockState::Running, "10:00"),
            (
                10.0 * min,
                Some(45.0 * min),
                ClockState::Running,
                "10:00 / 45:00",
            ),
            (
                41.0 * min,
                Some(45.0 * min),
                ClockState::Warning,
                "41:00 / 45:00",
            ),
            (
                46.0 * min,
                Some(45.0 * min),
                ClockState::Over,
                "46:00 / 45:00",
            ),
            // A 10-minute limit warns in its last 2 minutes, not its last 5.
            (
                7.0 * min,
                Some(10.0 * min),
                ClockState::Running,
                "07:00 / 10:00",
            ),
            (
                8.5 * min,
                Some(10.0 * min),
                ClockState::Warning,
                "08:30 / 10:00",
            ),
        ];
        for (elapsed_ms, limit_ms, state, text) in cases {
            let c = Clock {
                elapsed_ms,
                limit_ms,
            };
            assert_eq!((c.state(), c.text().as_str()), (state, text));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn only_strictly_newer_notes_from_another_tab_replace_ours() {
        let stored = StoredNotes {
            text: "x".into(),
            at: 100.0,
        };
        assert!(newer(&stored, 99.0));
        assert!(!newer(&stored, 100.0));
        assert!(!newer(&stored, 101.0));
    }
}
