//! What the network rule-table tests share: the expected outcome of one flow, the check that
//! compares a trace with it, and golden trace files. Each test file compiles this module on
//! its own and uses only part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::Path;

use sim::network::{PathSide, Trace};

/// The outcome a table row expects: reachable, or stopped first by `by` with `code`.
pub enum Expect {
    Reachable,
    Blocked {
        by: &'static str,
        code: &'static str,
        side: PathSide,
    },
}

/// Panics, naming the row, when `trace` does not end as `expect` says.
pub fn check(name: &str, trace: &Trace, expect: &Expect) {
    match expect {
        Expect::Reachable => assert!(
            trace.is_reachable(),
            "{name}: expected reachable, got {:#?}",
            trace.blockers
        ),
        Expect::Blocked { by, code, side } => {
            let first = trace
                .blockers
                .first()
                .unwrap_or_else(|| panic!("{name}: expected a blocker"));
            assert_eq!(
                (first.component.as_str(), first.code.as_str(), first.side),
                (*by, *code, *side),
                "{name}: {:#?}",
                trace.blockers
            );
        }
    }
}

/// Compares `trace`'s contract JSON with the golden file at `rel` (under the repository's
/// `tests/fixtures/`); `UPDATE_GOLDEN=1` rewrites the file instead, for review in the diff.
pub fn assert_golden(rel: &str, trace: &Trace) {
    let got = serde_json::to_string_pretty(&trace.to_contract_json()).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(got, want, "golden differs: {}", path.display());
}
