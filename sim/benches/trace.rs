//! Tracer benchmarks on generated topologies (samples::generated_network).
//!
//! Goals (issue 3): on 1,000 subnets and 10,000 security-group rules, one trace ≤ 50 µs
//! median and the 300-instance × 3-port reachability matrix ≤ 1 s; plus the same at 10× and
//! 100× smaller sizes to show how cost grows. Figures and commands: docs/perf-network.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use sim::network::samples::{generated_network, GeneratedSizes};
use sim::network::trace::matrix::default_endpoints;
use sim::network::{reachability_matrix, Flow, NetworkIndex, Protocol};

const SCALES: &[(&str, usize, usize, usize)] = &[
    // (label, subnets, security-group rules, matrix instances)
    ("1000-subnets-10000-rules", 1000, 10_000, 300),
    ("100-subnets-1000-rules", 100, 1_000, 30),
    ("10-subnets-100-rules", 10, 100, 3),
];

fn network(subnets: usize, rules: usize, instances: usize) -> sim::network::Network {
    generated_network(GeneratedSizes {
        subnets,
        security_group_rules: rules,
        instances: instances.max(subnets),
    })
}

fn one_trace(c: &mut Criterion) {
    let mut group = c.benchmark_group("trace");
    for &(label, subnets, rules, _) in SCALES {
        let net = network(subnets, rules, 0);
        let ix = NetworkIndex::build(&net);
        // A private host to a host in another subnet (local route, custom NACL, SG rules scanned to the end).
        let east_west = Flow::tcp("i-00001", "i-00003", 443);
        // A private host to the internet through a NAT gateway: two subnets, NAT and IGW translations.
        let via_nat = Flow::tcp("i-00001", "internet", 443);
        assert!(ix.trace(&east_west).unwrap().is_reachable());
        assert!(ix.trace(&via_nat).unwrap().is_reachable());
        group.bench_with_input(
            BenchmarkId::new("explain-east-west", label),
            &east_west,
            |b, f| b.iter(|| ix.trace(black_box(f)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("explain-via-nat", label),
            &via_nat,
            |b, f| b.iter(|| ix.trace(black_box(f)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("verdict-via-nat", label),
            &via_nat,
            |b, f| b.iter(|| ix.verdict(black_box(f)).unwrap()),
        );
        group.bench_function(BenchmarkId::new("index-build", label), |b| {
            b.iter(|| NetworkIndex::build(black_box(&net)))
        });
    }
    group.finish();
}

fn matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("matrix");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &(label, subnets, rules, instances) in SCALES {
        let net = generated_network(GeneratedSizes {
            subnets,
            security_group_rules: rules,
            instances,
        });
        let ix = NetworkIndex::build(&net);
        let eps = default_endpoints(&ix);
        assert_eq!(eps.len(), instances);
        group.bench_function(
            BenchmarkId::new(format!("{instances}x{instances}x3"), label),
            |b| {
                b.iter(|| {
                    reachability_matrix(
                        &ix,
                        black_box(&eps),
                        black_box(&eps),
                        Protocol::Tcp,
                        &[22, 443, 8080],
                    )
                    .unwrap()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, one_trace, matrix);
criterion_main!(benches);
