//! Amazon-provided addresses (docs/SEMANTICS.md#d1 … #d3): the Route 53 Resolver at VPC
//! base + 2 and 169.254.169.253, instance metadata at 169.254.169.254 and Time Sync at
//! 169.254.169.123, one table row per rule, on the hub-and-spoke sample, and a golden trace
//! (tests/fixtures/transit/golden; regenerate with `UPDATE_GOLDEN=1`).

mod support;
use sim::network::samples::hub_and_spoke;
use sim::network::*;

type Edit = fn(&mut Network);
/// (rule, destination, protocol, port, edit, the first blocker's component and code).
type Case = (
    &'static str,
    &'static str,
    Protocol,
    u16,
    Edit,
    Option<(&'static str, &'static str)>,
);

fn deny_everything(n: &mut Network) {
    n.network_acls.push(NetworkAcl {
        id: "acl-closed".into(),
        name: "closed".into(),
        vpc_id: "vpc-spoke-1".into(),
        is_default: false,
        entries: Vec::new(),
        associations: vec!["subnet-spoke-1-app-a".into()],
    });
    n.security_groups[1].egress.clear();
}

#[test]
fn amazon_provided_addresses_answer_as_documented() {
    let cases: Vec<Case> = vec![
        (
            "D1: the instance's own VPC resolver at base + 2 answers DNS",
            "10.1.0.2",
            Protocol::Udp,
            53,
            |_| {},
            None,
        ),
        (
            "D1: DNS over TCP is answered too",
            "169.254.169.253",
            Protocol::Tcp,
            53,
            |_| {},
            None,
        ),
        (
            "D1: another VPC's resolver is not reachable, even through the transit gateway",
            "10.0.0.2",
            Protocol::Udp,
            53,
            |_| {},
            Some(("10.0.0.2", "NO_PATH")),
        ),
        (
            "D2: network ACLs and security groups do not filter the resolver",
            "169.254.169.253",
            Protocol::Udp,
            53,
            deny_everything,
            None,
        ),
        (
            "D2: nor instance metadata",
            "169.254.169.254",
            Protocol::Tcp,
            80,
            deny_everything,
            None,
        ),
        (
            "D3: Time Sync answers NTP on UDP 123",
            "169.254.169.123",
            Protocol::Udp,
            123,
            |_| {},
            None,
        ),
        (
            "D3: Time Sync does not answer TCP",
            "169.254.169.123",
            Protocol::Tcp,
            123,
            |_| {},
            Some(("169.254.169.123", "NO_POSSIBLE_DESTINATION")),
        ),
        (
            "D1: the resolver answers only on port 53",
            "10.1.0.2",
            Protocol::Udp,
            54,
            |_| {},
            Some(("10.1.0.2", "NO_POSSIBLE_DESTINATION")),
        ),
    ];
    for (name, to, protocol, port, edit, blocked) in cases {
        let mut net = hub_and_spoke(1);
        edit(&mut net);
        let flow = Flow {
            protocol,
            ..Flow::tcp("i-spoke-1", to, port)
        };
        let t = trace::trace(&net, &flow).unwrap_or_else(|e| panic!("{name}: {e}"));
        let first = t
            .blockers
            .first()
            .map(|b| (b.component.as_str(), b.code.as_str()));
        assert_eq!(first, blocked, "{name}: {:#?}", t.blockers);
        if blocked.is_none() {
            assert_eq!(t.hops.len(), 1, "{name}: one unfiltered hop each way");
            assert_eq!(t.return_hops.len(), 1, "{name}");
        }
    }
}

#[test]
fn amazon_services_do_not_start_connections() {
    let net = hub_and_spoke(1);
    let t = trace::trace(&net, &Flow::tcp("169.254.169.254", "i-spoke-1", 443)).unwrap();
    assert_eq!(t.blockers[0].code.as_str(), "NO_PATH");
}

#[test]
fn the_resolver_trace_matches_its_golden_file() {
    let net = hub_and_spoke(1);
    let flow = Flow {
        protocol: Protocol::Udp,
        ..Flow::tcp("i-spoke-1", "10.1.0.2", 53)
    };
    let t = trace::trace(&net, &flow).unwrap();
    support::assert_golden("transit/golden/instance-to-resolver.json", &t);
}
