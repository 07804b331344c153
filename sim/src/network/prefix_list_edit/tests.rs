//! Table tests of the prefix-list edits (M1, M4), each case naming its rule, and one trace
//! decided by a list an edit made.

use super::*;
use crate::network::fix::RuleDirection;
use crate::network::policy_edit::{add_security_group_rule, parse_security_group_rule};
use crate::network::samples::sample_design;
use crate::network::{trace_design, Flow};

/// The sample design with two IPv4 lists, `pl-new1` "office" (2 of 3 entries) and
/// `pl-new2` "partners" (full, 2 of 2), and the AWS-managed S3 list.
fn design() -> Design {
    let mut d = sample_design();
    let id = create_prefix_list(&mut d, "office", "IPv4", "3").unwrap();
    assert_eq!(id, "pl-new1");
    add_prefix_list_entry(&mut d, &id, "198.51.100.0/24", "head office").unwrap();
    add_prefix_list_entry(&mut d, &id, "192.0.2.0/24", "").unwrap();
    let full = create_prefix_list(&mut d, "partners", "ipv4", "2").unwrap();
    for c in ["203.0.113.0/25", "203.0.113.128/25"] {
        add_prefix_list_entry(&mut d, &full, c, "").unwrap();
    }
    d.network.prefix_lists.push(PrefixList {
        id: "pl-s3".into(),
        name: "com.amazonaws.ap-northeast-2.s3".into(),
        cidrs: vec!["52.219.56.0/22".into()],
        ..PrefixList::default()
    });
    d
}

type Op = fn(&mut Design) -> Result<(), PolicyError>;

#[test]
fn prefix_list_edits_refuse_what_aws_refuses() {
    let d = design();
    // (rule, edit, None = accepted / Some(the refusal, whole))
    let cases: &[(&str, Op, Option<&str>)] = &[
        ("M4: an entry of the list's family", |d| add_prefix_list_entry(d, "pl-new1", "203.0.113.0/24", ""), None),
        ("M4: an IPv6 block in an IPv4 list", |d| add_prefix_list_entry(d, "pl-new1", "2001:db8::/32", ""),
            Some("2001:db8::/32 is not an IPv4 block, and prefix list pl-new1 holds IPv4 entries only")),
        ("M4: a CIDR with host bits set", |d| add_prefix_list_entry(d, "pl-new1", "203.0.113.7/24", ""),
            Some("`203.0.113.7/24` is not a valid CIDR block: `203.0.113.7/24` has host bits set; the block starts at 203.0.113.0/24")),
        ("M4: a CIDR is in a list once", |d| add_prefix_list_entry(d, "pl-new1", "198.51.100.0/24", ""),
            Some("prefix list pl-new1 already has the entry 198.51.100.0/24")),
        ("M4: the maximum is respected", |d| add_prefix_list_entry(d, "pl-new2", "192.0.2.0/24", ""),
            Some("prefix list pl-new2 is full (max entries: 2): raise the maximum first")),
        ("M4: the maximum never drops below the entries", |d| set_prefix_list(d, "pl-new1", "office", "0"),
            Some("`0` is not a maximum number of entries: use a whole number from 1 to 1000")),
        ("M4: the maximum never drops below the entries held", |d| set_prefix_list(d, "pl-new1", "office", "1"),
            Some("prefix list pl-new1 holds 2 entries: its maximum cannot be 1")),
        ("M4: raising the maximum and renaming", |d| set_prefix_list(d, "pl-new1", "offices", "5"), None),
        ("M4: the family is IPv4 or IPv6", |d| create_prefix_list(d, "x", "ipv5", "3").map(|_| ()),
            Some("`ipv5` is not an address family: a prefix list is IPv4 or IPv6")),
        ("M4: a list needs a name", |d| create_prefix_list(d, " ", "IPv4", "3").map(|_| ()),
            Some("a prefix list needs a name")),
        ("M4: com.amazonaws names are AWS's", |d| create_prefix_list(d, "com.amazonaws.mine", "IPv4", "3").map(|_| ()),
            Some("`com.amazonaws.mine` cannot name a prefix list: names are up to 255 characters and may not start with com.amazonaws")),
        ("M1: an AWS-managed list is not edited", |d| add_prefix_list_entry(d, "pl-s3", "52.0.0.0/8", ""),
            Some("prefix list pl-s3 (com.amazonaws.ap-northeast-2.s3) is managed by AWS: it cannot be edited")),
        ("an entry that is not there", |d| remove_prefix_list_entry(d, "pl-new1", "10.9.0.0/16"),
            Some("prefix list pl-new1 has no entry 10.9.0.0/16")),
        ("an unknown list", |d| delete_prefix_list(d, "pl-nope"), Some("there is no prefix list `pl-nope`")),
        ("M4: an unused list is deleted", |d| delete_prefix_list(d, "pl-new1"), None),
    ];
    for (rule, op, refusal) in cases {
        let mut e = d.clone();
        let got = op(&mut e);
        match refusal {
            Some(text) => {
                assert_eq!(
                    got.map_err(|e| e.to_string()),
                    Err(text.to_string()),
                    "{rule}"
                );
                assert_eq!(e, d, "{rule}: a refused edit changes nothing");
            }
            None => assert!(got.is_ok(), "{rule}: {got:?}"),
        }
    }
}

#[test]
fn an_ipv6_list_takes_ipv6_entries_with_their_descriptions() {
    let mut d = sample_design();
    let id = create_prefix_list(&mut d, "v6 partners", "ipv6", "3").unwrap();
    add_prefix_list_entry(&mut d, &id, "2001:DB8:10::/48", "partner a").unwrap();
    let l = d.network.prefix_list(&id).unwrap();
    assert_eq!(l.family(), AddressFamily::Ipv6);
    assert_eq!(l.cidrs, vec!["2001:db8:10::/48".to_string()]);
    assert_eq!(
        l.descriptions.get("2001:db8:10::/48").map(String::as_str),
        Some("partner a")
    );
    assert!(add_prefix_list_entry(&mut d, &id, "10.0.0.0/8", "").is_err());
    remove_prefix_list_entry(&mut d, &id, "2001:db8:10::/48").unwrap();
    assert!(d.network.prefix_list(&id).unwrap().descriptions.is_empty());
}

#[test]
fn a_security_group_rule_from_a_list_decides_the_trace_and_keeps_the_list() {
    let mut d = design();
    let app = d
        .network
        .instances
        .iter()
        .find(|i| i.name == "app")
        .unwrap()
        .clone();
    let bastion = d
        .network
        .instances
        .iter()
        .find(|i| i.name == "bastion")
        .unwrap()
        .clone();
    let group = app.security_groups[0].clone();
    let flow = Flow::tcp(&bastion.id, &app.id, 5432);
    assert!(!trace_design(&d, &flow).unwrap().is_reachable());
    add_prefix_list_entry(
        &mut d,
        "pl-new1",
        &format!("{}/32", bastion.private_ip),
        "bastion",
    )
    .unwrap();
    // M2: the rule's source is the list; the trace's deciding rule is that rule.
    let rule = parse_security_group_rule(&d.network, "tcp", "5432", "pl-new1", "office").unwrap();
    assert_eq!(rule.peer, RulePeer::PrefixList("pl-new1".into()));
    add_security_group_rule(&mut d, &group, RuleDirection::Ingress, rule).unwrap();
    let t = trace_design(&d, &flow).unwrap();
    assert!(t.is_reachable(), "{t:?}");
    let decided = t
        .hops
        .iter()
        .find(|h| h.component == group)
        .expect("the app's group is a hop");
    assert!(
        decided.explanation.contains("pl-new1"),
        "{}",
        decided.explanation
    );
    // A list in use is not deleted; the rule names an unknown list only by mistake.
    assert_eq!(
        delete_prefix_list(&mut d, "pl-new1")
            .unwrap_err()
            .to_string(),
        format!("prefix list pl-new1 is used by {group}: remove its rules or routes first")
    );
    assert_eq!(
        parse_security_group_rule(&d.network, "tcp", "22", "pl-nope", "")
            .unwrap_err()
            .to_string(),
        "there is no prefix list `pl-nope`"
    );
}
