//! Tracer benchmarks on generated topologies (samples::generated_network).
//!
//! Goals (issue 3): on 1,000 subnets and 10,000 security-group rules, one trace ≤ 50 µs
//! median and the 300-instance × 3-port reachability matrix ≤ 1 s; plus the same at 10× and
//! 100× smaller sizes to show how cost grows. Issue 14: a 50-spoke transit gateway
//! hub-and-spoke (samples::hub_and_spoke), one explained trace through the gateway ≤ 50 µs and
//! the index build ≤ 5 ms. Figures and commands: docs/perf-network.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use sim::network::samples::{generated_network, hub_and_spoke, GeneratedSizes};
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

fn transit(c: &mut Criterion) {
    let mut group = c.benchmark_group("transit");
    let net = hub_and_spoke(50);
    let ix = NetworkIndex::build(&net);
    // A spoke to the shared-services VPC through the gateway and back (two gateway tables).
    let to_shared = Flow::tcp("i-spoke-37", "i-shared", 443);
    // Spoke to spoke: isolated, blocked at the spokes' table, explained.
    let isolated = Flow::tcp("i-spoke-37", "i-spoke-12", 443);
    assert!(ix.trace(&to_shared).unwrap().is_reachable());
    assert!(!ix.trace(&isolated).unwrap().is_reachable());
    group.bench_function("explain-spoke-to-shared/50-spokes", |b| {
        b.iter(|| ix.trace(black_box(&to_shared)).unwrap())
    });
    group.bench_function("explain-spoke-to-spoke-blocked/50-spokes", |b| {
        b.iter(|| ix.trace(black_box(&isolated)).unwrap())
    });
    group.bench_function("verdict-spoke-to-shared/50-spokes", |b| {
        b.iter(|| ix.verdict(black_box(&to_shared)).unwrap())
    });
    group.bench_function("index-build/50-spokes", |b| {
        b.iter(|| NetworkIndex::build(black_box(&net)))
    });
    group.finish();
}

criterion_group!(benches, one_trace, matrix, transit);
criterion_main!(benches);
