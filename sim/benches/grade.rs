//! Grading cost per submission (docs/perf-grade.md records the numbers).
//!
//! - `week1/grade`: one week-1 design against the 17-check rubric (what the app's live
//!   checklist does on every edit, and what `stratosim grade` does per student).
//! - `week1/parse+grade`: the same from JSON text (the CLI's per-file work minus the read).
//! - `week1/start`: the nearly empty starting design (the app's first render).
//! - `three-tier/*`: a larger design with two cluster simulations (kill each AZ), with and
//!   without cluster checks (`GradeOptions { cluster: false }` for keystroke-rate grading).

use criterion::{criterion_group, criterion_main, Criterion};
use sim::grade::{grade, grade_design, grade_with, GradeOptions, Submission};

fn week1(c: &mut Criterion) {
    let s = sim::scenarios::get("vpc-week1").expect("built-in");
    let text = s.solution.to_json_pretty();
    c.bench_function("week1/grade", |b| {
        b.iter(|| grade_design(&s.rubric, std::hint::black_box(&s.solution)).score)
    });
    c.bench_function("week1/parse+grade", |b| {
        b.iter(|| {
            let sub = Submission::from_json(std::hint::black_box(&text)).expect("loads");
            grade(&s.rubric, &sub).score
        })
    });
    c.bench_function("week1/start", |b| {
        b.iter(|| grade_design(&s.rubric, std::hint::black_box(&s.start)).score)
    });
}

fn three_tier(c: &mut Criterion) {
    let s = sim::scenarios::get("three-tier").expect("built-in");
    let mut g = c.benchmark_group("three-tier");
    g.sample_size(20);
    g.bench_function("grade with cluster simulations", |b| {
        b.iter(|| grade_design(&s.rubric, std::hint::black_box(&s.solution)).score)
    });
    g.bench_function("grade without cluster checks", |b| {
        b.iter(|| {
            grade_with(
                &s.rubric,
                std::hint::black_box(&s.solution),
                GradeOptions { cluster: false },
            )
            .score
        })
    });
    g.finish();
}

criterion_group!(benches, week1, three_tier);
criterion_main!(benches);
