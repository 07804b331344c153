//! Truth tables for NetworkPolicy in the style of the upstream netpol e2e suite: pods a, b, c in
//! namespaces x, y, z (labels `pod=<name>`, namespaces labelled `ns=<name>`), one policy set per
//! case and the whole 9 × 9 reachability grid expected (rows: from, columns: to).

use super::*;
use crate::cluster::model::Requirement;

const NAMESPACES: [&str; 3] = ["x", "y", "z"];
const PODS: [&str; 3] = ["a", "b", "c"];

fn ip(ns: usize, pod: usize) -> u32 {
    u32::from(std::net::Ipv4Addr::new(10, 0, ns as u8, 10 + pod as u8))
}

fn world() -> (Vec<PodInfo>, Namespaces) {
    let mut pods = Vec::new();
    let mut namespaces = Namespaces::default();
    for (n, ns) in NAMESPACES.iter().enumerate() {
        namespaces.insert(ns, [("ns".to_string(), ns.to_string())].into());
        for (p, name) in PODS.iter().enumerate() {
            pods.push(PodInfo {
                namespace: ns.to_string(),
                name: name.to_string(),
                labels: [("pod".to_string(), name.to_string())].into(),
                ip: Some(ip(n, p)),
                node: None,
                ready: true,
                ports: vec![
                    NamedPort {
                        name: "serve-80-tcp".into(),
                        port: 80,
                        protocol: L4::Tcp,
                    },
                    NamedPort {
                        name: "serve-81-tcp".into(),
                        port: 81,
                        protocol: L4::Tcp,
                    },
                    NamedPort {
                        name: "serve-80-udp".into(),
                        port: 80,
                        protocol: L4::Udp,
                    },
                ],
            });
        }
    }
    (pods, namespaces)
}

fn labels(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        match_expressions: Vec::new(),
    }
}

fn pods_sel(pairs: &[(&str, &str)]) -> Peer {
    Peer::Pods {
        pods: Some(labels(pairs)),
        namespaces: None,
    }
}

fn ns_sel(pairs: &[(&str, &str)]) -> Peer {
    Peer::Pods {
        pods: None,
        namespaces: Some(labels(pairs)),
    }
}

fn both(pod: &[(&str, &str)], ns: &[(&str, &str)]) -> Peer {
    Peer::Pods {
        pods: Some(labels(pod)),
        namespaces: Some(labels(ns)),
    }
}

fn tcp(port: u16) -> PolicyPort {
    PolicyPort {
        protocol: L4::Tcp,
        port: Some(PortRef::Number(port)),
        end_port: None,
    }
}

fn ingress(ns: &str, name: &str, on: LabelSelector, rules: Vec<Rule>) -> NetworkPolicy {
    NetworkPolicy::new(ns, name, on, rules, Vec::new(), None)
}

fn rule(peers: Vec<Peer>, ports: Vec<PolicyPort>) -> Rule {
    Rule { peers, ports }
}

/// The grid for TCP `port`: `.` allowed, `X` denied; rows and columns x/a x/b x/c y/a … z/c.
fn grid(policies: &[NetworkPolicy], protocol: L4, port: u16) -> String {
    let (pods, namespaces) = world();
    let mut out = String::new();
    for src in &pods {
        for dst in &pods {
            let c = Connection {
                src: Party::Pod(src),
                dst: Party::Pod(dst),
                protocol,
                port,
            };
            agrees_with_isolation(policies, &namespaces, &c);
            out.push(if evaluate(policies, &namespaces, &c).allowed() {
                '.'
            } else {
                'X'
            });
        }
        out.push('\n');
    }
    out
}

/// The matrix's verdict-only [`Isolation::denies`] says what [`direction`] says, at both ends
/// of `c` and with each end replaced by a host at the pod's address (an ipBlock judges that).
fn agrees_with_isolation(policies: &[NetworkPolicy], namespaces: &Namespaces, c: &Connection) {
    let hosts = [
        *c,
        Connection {
            dst: Party::Host(c.dst.addr().unwrap()),
            ..*c
        },
        Connection {
            src: Party::Host(c.src.addr().unwrap()),
            ..*c
        },
    ];
    for c in &hosts {
        for (dir, end) in [(Direction::Egress, c.src), (Direction::Ingress, c.dst)] {
            let Party::Pod(subject) = end else { continue };
            let full = match direction(policies, namespaces, dir, subject, c) {
                DirectionVerdict::Denied { isolating } => {
                    Some(format!("networkpolicy:{}", isolating[0]))
                }
                _ => None,
            };
            let iso = Isolation::of(policies, dir, subject);
            let fast = iso.denies(namespaces, subject, c);
            assert_eq!(
                fast,
                full.as_deref(),
                "{dir:?} at {} of {c:?}",
                subject.key()
            );
        }
    }
}

fn expect(rows: &[&str]) -> String {
    rows.iter().map(|r| r.replace(' ', "") + "\n").collect()
}

#[test]
fn the_connectivity_grid_matches_the_api_for_every_policy_set() {
    let all: LabelSelector = LabelSelector::default();
    let cases: Vec<(&str, Vec<NetworkPolicy>, Vec<&str>)> = vec![
        (
            "no policy: every pod reaches every pod (np1)",
            vec![],
            vec!["... ... ..."; 9],
        ),
        (
            "deny-all ingress in x isolates x's pods, even from each other (np1, np2)",
            vec![ingress("x", "deny-all", all.clone(), vec![])],
            vec!["XXX ... ..."; 9],
        ),
        (
            "a podSelector peer without namespaceSelector means the policy's own namespace (np3)",
            vec![ingress("x", "allow-b", labels(&[("pod", "a")]), vec![rule(vec![pods_sel(&[("pod", "b")])], vec![])])],
            vec![
                "X.. ... ...", "... ... ...", "X.. ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
            ],
        ),
        (
            "podSelector AND namespaceSelector in one peer: only pod b of namespace y (np3)",
            vec![ingress("x", "and", labels(&[("pod", "a")]), vec![rule(vec![both(&[("pod", "b")], &[("ns", "y")])], vec![])])],
            vec![
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
                "X.. ... ...", "... ... ...", "X.. ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
            ],
        ),
        (
            "namespaceSelector OR podSelector as two peers: every pod of y, and pod b of x (np3)",
            vec![ingress("x", "or", labels(&[("pod", "a")]), vec![rule(vec![ns_sel(&[("ns", "y")]), pods_sel(&[("pod", "b")])], vec![])])],
            vec![
                "X.. ... ...", "... ... ...", "X.. ... ...",
                "... ... ...", "... ... ...", "... ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
            ],
        ),
        (
            "an empty namespaceSelector with a podSelector: pod c of every namespace (np3)",
            vec![ingress("x", "c-anywhere", labels(&[("pod", "a")]), vec![rule(vec![both(&[("pod", "c")], &[])], vec![])])],
            vec![
                "X.. ... ...", "X.. ... ...", "... ... ...",
                "X.. ... ...", "X.. ... ...", "... ... ...",
                "X.. ... ...", "X.. ... ...", "... ... ...",
            ],
        ),
        (
            "an ingress rule with no peers allows from everywhere (np3)",
            vec![ingress("x", "open", labels(&[("pod", "a")]), vec![rule(vec![], vec![])])],
            vec!["... ... ..."; 9],
        ),
        (
            "matchExpressions: pods not b, in namespaces x or y (np3)",
            vec![ingress("x", "expr", labels(&[("pod", "a")]), vec![rule(vec![Peer::Pods {
                pods: Some(LabelSelector { match_labels: Labels::new(), match_expressions: vec![Requirement { key: "pod".into(), operator: SelectorOperator::NotIn, values: vec!["b".into()] }] }),
                namespaces: Some(LabelSelector { match_labels: Labels::new(), match_expressions: vec![Requirement { key: "ns".into(), operator: SelectorOperator::In, values: vec!["x".into(), "y".into()] }] }),
            }], vec![])])],
            vec![
                "... ... ...", "X.. ... ...", "... ... ...",
                "... ... ...", "X.. ... ...", "... ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
            ],
        ),
        (
            "the kubernetes.io/metadata.name label selects a namespace by name (np5)",
            vec![ingress("x", "from-z", labels(&[("pod", "a")]), vec![rule(vec![ns_sel(&[(LABEL_NAMESPACE_NAME, "z")])], vec![])])],
            vec![
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
                "... ... ...", "... ... ...", "... ... ...",
            ],
        ),
        (
            "policies are additive: one allows x/b, another allows y/c (np1)",
            vec![
                ingress("x", "allow-b", labels(&[("pod", "a")]), vec![rule(vec![pods_sel(&[("pod", "b")])], vec![])]),
                ingress("x", "allow-yc", labels(&[("pod", "a")]), vec![rule(vec![both(&[("pod", "c")], &[("ns", "y")])], vec![])]),
            ],
            vec![
                "X.. ... ...", "... ... ...", "X.. ... ...",
                "X.. ... ...", "X.. ... ...", "... ... ...",
                "X.. ... ...", "X.. ... ...", "X.. ... ...",
            ],
        ),
        (
            "egress deny-all in y (policyTypes [Egress]) blocks y's pods as sources only (np2, np6)",
            vec![NetworkPolicy::new("y", "deny-egress", all.clone(), vec![], vec![], Some((false, true)))],
            vec![
                "... ... ...", "... ... ...", "... ... ...",
                "XXX XXX XXX", "XXX XXX XXX", "XXX XXX XXX",
                "... ... ...", "... ... ...", "... ... ...",
            ],
        ),
        (
            "egress rules without policyTypes default Egress on (and Ingress, with no ingress rules) (np2)",
            vec![NetworkPolicy::new("z", "egress-to-x", labels(&[("pod", "a")]), vec![], vec![rule(vec![ns_sel(&[("ns", "x")])], vec![])], None)],
            vec![
                "... ... X..", "... ... X..", "... ... X..",
                "... ... X..", "... ... X..", "... ... X..",
                "... XXX XXX", "... ... X..", "... ... X..",
            ],
        ),
        (
            "egress at the source AND ingress at the destination must both allow (np6)",
            vec![
                NetworkPolicy::new("x", "a-to-y", labels(&[("pod", "a")]), vec![], vec![rule(vec![ns_sel(&[("ns", "y")])], vec![])], Some((false, true))),
                ingress("y", "a-from-z", labels(&[("pod", "a")]), vec![rule(vec![ns_sel(&[("ns", "z")])], vec![])]),
            ],
            vec![
                "XXX X.. XXX", "... X.. ...", "... X.. ...",
                "... X.. ...", "... X.. ...", "... X.. ...",
                "... ... ...", "... ... ...", "... ... ...",
            ],
        ),
        (
            "ipBlock with except: all of 10.0.0.0/16 but y/b's address (np4)",
            vec![ingress("x", "cidr", labels(&[("pod", "a")]), vec![rule(vec![Peer::IpBlock {
                cidr: Cidr4::parse("10.0.0.0/16").unwrap(),
                except: vec![Cidr4::parse("10.0.1.11/32").unwrap()],
            }], vec![])])],
            vec![
                "... ... ...", "... ... ...", "... ... ...",
                "... ... ...", "X.. ... ...", "... ... ...",
                "... ... ...", "... ... ...", "... ... ...",
            ],
        ),
        (
            "a policy in x with a port rule for 81 does not allow port 80 (np5)",
            vec![ingress("x", "port-81", labels(&[("pod", "a")]), vec![rule(vec![], vec![tcp(81)])])],
            vec!["X.. ... ..."; 9],
        ),
    ];
    for (name, policies, want) in cases {
        assert_eq!(grid(&policies, L4::Tcp, 80), expect(&want), "{name}");
    }
}

#[test]
fn ports_match_by_number_range_name_and_protocol() {
    let named = |n: &str, proto: L4| PolicyPort {
        protocol: proto,
        port: Some(PortRef::Name(n.into())),
        end_port: None,
    };
    let cases: Vec<(&str, Vec<PolicyPort>, L4, u16, bool)> = vec![
        (
            "a numeric port allows exactly that port",
            vec![tcp(80)],
            L4::Tcp,
            80,
            true,
        ),
        (
            "a numeric port denies another port",
            vec![tcp(80)],
            L4::Tcp,
            81,
            false,
        ),
        (
            "a TCP rule does not allow UDP on the same port",
            vec![tcp(80)],
            L4::Udp,
            80,
            false,
        ),
        (
            "endPort makes an inclusive range (upper end)",
            vec![PolicyPort {
                protocol: L4::Tcp,
                port: Some(PortRef::Number(79)),
                end_port: Some(81),
            }],
            L4::Tcp,
            81,
            true,
        ),
        (
            "endPort range excludes the port after it",
            vec![PolicyPort {
                protocol: L4::Tcp,
                port: Some(PortRef::Number(79)),
                end_port: Some(80),
            }],
            L4::Tcp,
            81,
            false,
        ),
        (
            "a named port resolves on the destination pod",
            vec![named("serve-81-tcp", L4::Tcp)],
            L4::Tcp,
            81,
            true,
        ),
        (
            "a named port does not match another number",
            vec![named("serve-81-tcp", L4::Tcp)],
            L4::Tcp,
            80,
            false,
        ),
        (
            "a named UDP port matches UDP only",
            vec![named("serve-80-udp", L4::Udp)],
            L4::Udp,
            80,
            true,
        ),
        (
            "a name no container declares matches nothing",
            vec![named("metrics", L4::Tcp)],
            L4::Tcp,
            80,
            false,
        ),
        (
            "a protocol without a port allows every port of it",
            vec![PolicyPort {
                protocol: L4::Sctp,
                port: None,
                end_port: None,
            }],
            L4::Sctp,
            9000,
            true,
        ),
        (
            "SCTP rules do not allow TCP",
            vec![PolicyPort {
                protocol: L4::Sctp,
                port: None,
                end_port: None,
            }],
            L4::Tcp,
            9000,
            false,
        ),
    ];
    let (pods, namespaces) = world();
    for (name, ports, protocol, port, want) in cases {
        for dir in [Direction::Ingress, Direction::Egress] {
            let policy = match dir {
                Direction::Ingress => NetworkPolicy::new(
                    "x",
                    "p",
                    labels(&[("pod", "b")]),
                    vec![rule(vec![], ports.clone())],
                    vec![],
                    None,
                ),
                Direction::Egress => NetworkPolicy::new(
                    "x",
                    "p",
                    labels(&[("pod", "a")]),
                    vec![],
                    vec![rule(vec![], ports.clone())],
                    Some((false, true)),
                ),
            };
            let c = Connection {
                src: Party::Pod(&pods[0]),
                dst: Party::Pod(&pods[1]),
                protocol,
                port,
            };
            assert_eq!(
                evaluate(&[policy], &namespaces, &c).allowed(),
                want,
                "{name} ({})",
                dir.name()
            );
        }
    }
}

#[test]
fn a_named_port_in_an_egress_rule_never_matches_a_destination_that_is_not_a_pod() {
    let (pods, namespaces) = world();
    let p = NetworkPolicy::new(
        "x",
        "p",
        labels(&[("pod", "a")]),
        vec![],
        vec![rule(
            vec![],
            vec![PolicyPort {
                protocol: L4::Tcp,
                port: Some(PortRef::Name("serve-80-tcp".into())),
                end_port: None,
            }],
        )],
        Some((false, true)),
    );
    let c = Connection {
        src: Party::Pod(&pods[0]),
        dst: Party::Host(0x0808_0808),
        protocol: L4::Tcp,
        port: 80,
    };
    assert!(!evaluate(&[p], &namespaces, &c).allowed());
}

#[test]
fn the_explanation_names_the_allowing_rule_or_every_isolating_policy() {
    let (pods, namespaces) = world();
    let policies = vec![
        ingress("y", "zz-deny", labels(&[("pod", "a")]), vec![]),
        ingress(
            "y",
            "allow-api",
            labels(&[("pod", "a")]),
            vec![
                rule(vec![pods_sel(&[("pod", "c")])], vec![]),
                rule(vec![both(&[("pod", "a")], &[("ns", "x")])], vec![tcp(80)]),
            ],
        ),
    ];
    let (xa, yb, ya) = (&pods[0], &pods[4], &pods[3]);
    let c = Connection {
        src: Party::Pod(xa),
        dst: Party::Pod(ya),
        protocol: L4::Tcp,
        port: 80,
    };
    assert_eq!(
        evaluate(&policies, &namespaces, &c).ingress,
        Some(DirectionVerdict::Allowed {
            policy: "y/allow-api".into(),
            rule: 1,
            text: "NetworkPolicy y/allow-api allows TCP 80 from pods with pod=a in namespaces with ns=x".into(),
            said: evaluate(&policies, &namespaces, &c).ingress.and_then(|v| match v {
                DirectionVerdict::Allowed { said, .. } => said,
                _ => None,
            }),
        })
    );
    let c = Connection {
        src: Party::Pod(yb),
        dst: Party::Pod(ya),
        protocol: L4::Tcp,
        port: 80,
    };
    let v = evaluate(&policies, &namespaces, &c);
    assert_eq!(
        v.ingress,
        Some(DirectionVerdict::Denied {
            isolating: vec!["y/allow-api".into(), "y/zz-deny".into()]
        })
    );
    assert_eq!(v.egress, Some(DirectionVerdict::NotIsolated));
    assert_eq!(
        deny_text(Direction::Ingress, ya, &["y/allow-api".into(), "y/zz-deny".into()], &c),
        "pod y/a is isolated for ingress by NetworkPolicies y/allow-api, y/zz-deny, and no rule of them allows TCP 80 from pod y/b"
    );
}

#[test]
fn a_policy_in_another_namespace_never_selects_the_pod() {
    let (pods, namespaces) = world();
    let p = ingress("y", "deny-all", LabelSelector::default(), vec![]);
    let c = Connection {
        src: Party::Pod(&pods[1]),
        dst: Party::Pod(&pods[0]),
        protocol: L4::Tcp,
        port: 80,
    };
    assert_eq!(
        evaluate(&[p], &namespaces, &c).ingress,
        Some(DirectionVerdict::NotIsolated)
    );
}
