//! Golden least-privilege tests: for every `only_from` clause of every built-in scenario, the
//! reference solution with that clause's rule widened (to `0.0.0.0/0`, and to the whole VPC
//! CIDR) scores lower than the reference — even where routing hides the wider rule.

use sim::grade::{grade_with, CheckKind, GradeOptions};
use sim::network::{Design, Protocol, RulePeer};
use sim::scenarios;

/// The reference with every ingress rule of `groups` that covers tcp `port` widened to `peer`;
/// `None` when no rule changes.
fn widened(design: &Design, groups: &[String], port: u16, peer: &str) -> Option<Design> {
    let mut d = design.clone();
    let mut changed = false;
    for g in d
        .network
        .security_groups
        .iter_mut()
        .filter(|g| groups.contains(&g.id))
    {
        for r in &mut g.ingress {
            let covers = matches!(r.protocol, Protocol::Tcp | Protocol::All)
                && r.ports.is_none_or(|p| p.contains(port));
            if covers && r.peer != RulePeer::Cidr(peer.into()) {
                r.peer = RulePeer::Cidr(peer.into());
                changed = true;
            }
        }
    }
    changed.then_some(d)
}

#[test]
fn widening_any_only_from_rule_costs_points_in_every_scenario() {
    let options = GradeOptions { cluster: false };
    let mut clauses = 0;
    for s in scenarios::all() {
        let reference = grade_with(&s.rubric, &s.solution, options);
        let vpc_cidr = s.solution.network.vpcs[0].cidr_blocks[0].clone();
        for check in &s.rubric.checks {
            let CheckKind::OnlyFrom(spec) = &check.kind else {
                continue;
            };
            let port = spec
                .port
                .expect("only_from clauses of the library name a port");
            let groups: Vec<String> = s
                .solution
                .network
                .security_groups
                .iter()
                .map(|g| g.id.clone())
                .collect();
            for peer in ["0.0.0.0/0", vpc_cidr.as_str()] {
                // Widen one group at a time, so each variant breaks one rule; at least one of
                // them (the targets' group) must fail the clause and lower the score.
                let mut lowered = false;
                for g in &groups {
                    let Some(d) = widened(&s.solution, std::slice::from_ref(g), port, peer) else {
                        continue;
                    };
                    let r = grade_with(&s.rubric, &d, options);
                    let c = r.check(&check.id).expect("the check is graded");
                    if !c.passed {
                        assert!(
                            r.score < reference.score,
                            "{} / {}: widening {g} to {peer} fails the check but not the score",
                            s.id,
                            check.id
                        );
                        lowered = true;
                    }
                }
                assert!(
                    lowered,
                    "{} / {}: widening the rule for port {port} to {peer} must fail the check",
                    s.id, check.id
                );
                clauses += 1;
            }
        }
    }
    assert!(
        clauses >= 18,
        "the library has only_from clauses: {clauses}"
    );
}

#[test]
fn a_wide_rule_that_lets_another_tier_in_fails_with_the_rule_as_evidence() {
    let s = scenarios::get("vpc-week1").expect("vpc-week1");
    let mut d = s.solution.clone();
    let db = d
        .network
        .security_groups
        .iter_mut()
        .find(|g| g.name == "db")
        .expect("the db group");
    db.ingress
        .push(sim::network::SecurityGroupRule::tcp_from_cidr(
            3306,
            "0.0.0.0/0",
            "oops",
        ));
    let r = grade_with(&s.rubric, &d, GradeOptions { cluster: false });
    assert!(
        r.check("db-closed-to-internet").unwrap().passed,
        "routing hides it from the internet"
    );
    let c = r.check("db-3306-only-from-public").unwrap();
    assert!(!c.passed);
    assert_eq!(
        c.reason_code.as_deref(),
        Some("REACHABLE"),
        "the management host gets in"
    );
    assert_eq!(c.blocked_by.as_deref(), Some("sg-w1-db"));
    assert!(c.evidence.contains("0.0.0.0/0"), "{}", c.evidence);
}

#[test]
fn a_wide_rule_hidden_by_routing_still_fails_and_names_the_rule() {
    let s = scenarios::get("vpc-week1").expect("vpc-week1");
    let mut d = s.solution.clone();
    let db = d
        .network
        .security_groups
        .iter_mut()
        .find(|g| g.name == "db")
        .expect("the db group");
    db.ingress
        .push(sim::network::SecurityGroupRule::tcp_from_cidr(
            3306,
            "203.0.113.0/24",
            "oops",
        ));
    let r = grade_with(&s.rubric, &d, GradeOptions { cluster: false });
    // The private tier has no internet route: the internet still cannot reach it…
    assert!(r.check("db-closed-to-internet").unwrap().passed);
    // …but the rule is wider than "only from the public tier".
    let c = r.check("db-3306-only-from-public").unwrap();
    assert!(!c.passed);
    assert_eq!(c.reason_code.as_deref(), Some("RULE_TOO_WIDE"));
    assert_eq!(c.blocked_by.as_deref(), Some("sg-w1-db"));
    assert!(c.evidence.contains("203.0.113.0/24"), "{}", c.evidence);
    assert!(r.score < r.max);
}

#[test]
fn a_student_graded_against_their_variant_and_flagged_for_another_variants_values() {
    use sim::grade::variant::{self, VariantRubrics};
    let s = scenarios::get("vpc-week1").expect("vpc-week1");
    let all = VariantRubrics::build("vpc-week1/rubric.yaml", s.rubric_source).unwrap();
    assert_eq!(all.rubrics.len() as u64, variant::count(&s.rubric.variants));
    // The reference uses 10.0.0.0/16 and the admin 203.0.113.10: variant v0.
    let v0 = all.get("v0").unwrap();
    let r = grade_with(v0, &s.solution, GradeOptions { cluster: false });
    assert_eq!(r.score, r.max, "{:?}", r.failed());
    assert!(
        r.check("vpc-cidr").is_some(),
        "variant-only checks are graded"
    );
    // Graded as the student with v6 (the second admin IP, the same CIDR), the reference loses the admin checks
    // and is recognised as v0's values.
    let v1 = all.get("v6").unwrap();
    let r1 = grade_with(v1, &s.solution, GradeOptions { cluster: false });
    assert!(r1.score < r1.max);
    assert_eq!(
        r1.failed(),
        vec!["admin-ssh-management", "management-ssh-only-from-admin"]
    );
    assert_eq!(
        all.wrong_variant(&s.solution, "v6", &r1).as_deref(),
        Some("v0")
    );
    assert_eq!(all.wrong_variant(&s.solution, "v0", &r), None);
    // Statements carry each student's values.
    let text = scenarios::statement_for(s, "v6").unwrap();
    assert!(
        text.contains("203.0.113.25") && text.contains("10.0.0.0/16"),
        "{text}"
    );
    assert!(s.statement.contains("any /16") && s.statement.contains("203.0.113.10"));
}
