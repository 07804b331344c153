//! `lint --aws` at scale (issue 13): import and lint a synthetic capture of 2,000 and 20,000
//! subnets (each with its own route table and an instance). Goal: 20,000 subnets under 1 s.
//! docs/PERFORMANCE.md records the figures.

use criterion::{criterion_group, criterion_main, Criterion};
use sim::network::import::aws::import_aws_json;
use sim::network::lint::lint;

#[path = "../examples/generate_aws_capture.rs"]
mod generate_aws_capture;

fn lint_at_scale(c: &mut Criterion) {
    let mut g = c.benchmark_group("lint");
    g.sample_size(10);
    for n in [2_000, 20_000] {
        let text = generate_aws_capture::capture(n);
        let (net, _) = import_aws_json(&text).expect("the generated capture imports");
        g.bench_function(format!("{n} subnets/lint"), |b| {
            b.iter(|| lint(std::hint::black_box(&net)).len())
        });
        g.bench_function(format!("{n} subnets/import+lint"), |b| {
            b.iter(|| {
                let (net, _) = import_aws_json(std::hint::black_box(&text)).expect("imports");
                lint(&net).len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, lint_at_scale);
criterion_main!(benches);
