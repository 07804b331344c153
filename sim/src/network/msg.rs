//! Learner text as data: each sentence the lints and the tracer write, and each reason an
//! edit of a route table, security group, network ACL or properties field is refused, is built
//! by `msg!`, which formats the English and records a message key with the named arguments it
//! used, so the app can say the same facts in another language from the key and the arguments
//! alone.
//!
//! **Invariants**
//! - The English is exactly what a plain `format!` of the same literal gives: the CLI and the
//!   golden files read only the English, and the structured form is never serialised.
//! - Every key `msg!` is given is in [`KEYS`] (a compile-time check in the macro), so a
//!   translation can be tested for every sentence `sim` can produce.
//! - Argument values are the English text's own values (ids, CIDRs, ports, rule numbers),
//!   or nested messages for the parts of a sentence that are themselves words.

use std::fmt;

/// A message key and its arguments: what a translation needs to say a sentence again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// The Fluent id of the message (`lint-blackhole-route`).
    pub key: &'static str,
    /// The values the English sentence was formatted with, by the names its literal uses.
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// The argument called `name`, if the message has one.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A value shown as it is in every language: an id, an address, a number.
    Value(String),
    /// A part of the sentence that is words (a reason, a clause), said in the reader's language.
    Msg(Msg),
    /// Several parts, joined by `sep` (the English joins them the same way).
    List { sep: &'static str, items: Vec<Arg> },
}

/// A sentence in English with, when it came from `msg!`, its structured form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub msg: Option<Msg>,
}

impl Text {
    /// The English with its structured form (what `msg!` builds).
    pub fn new(en: String, msg: Msg) -> Text {
        Text { en, msg: Some(msg) }
    }

    /// Several texts joined by `sep`, in English and as a list argument alike.
    pub fn join(items: Vec<Text>, sep: &'static str) -> Text {
        let en = items
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(sep);
        let args = items.iter().map(ToArg::to_arg).collect();
        Text {
            en,
            msg: Some(Msg {
                key: LIST.0,
                args: vec![("items", Arg::List { sep, items: args })],
            }),
        }
    }
}

/// The key of [`Text::join`]'s messages (a list, said item by item) and its argument.
pub const LIST: (&str, &[&str]) = ("list", &["items"]);

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl From<String> for Text {
    /// English only: a sentence that carries no structured form (the app shows it as it is).
    fn from(en: String) -> Text {
        Text { en, msg: None }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text::from(en.to_string())
    }
}

/// How a value becomes an argument: as it is, or (a [`Text`]) as a nested message.
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl ToArg for Text {
    fn to_arg(&self) -> Arg {
        match &self.msg {
            Some(m) => Arg::Msg(m.clone()),
            None => Arg::Value(self.en.clone()),
        }
    }
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

impl<T: ToArg> ToArg for Option<T> {
    /// An absent value is an empty one, as `unwrap_or_default` would show it.
    fn to_arg(&self) -> Arg {
        match self {
            Some(t) => t.to_arg(),
            None => Arg::Value(String::new()),
        }
    }
}

macro_rules! value_args {
    ($($t:ty),* $(,)?) => {
        $(impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Value(self.to_string())
            }
        })*
    };
}

value_args!(
    str,
    String,
    u8,
    u16,
    u32,
    u64,
    usize,
    i64,
    std::net::Ipv4Addr,
    std::net::Ipv6Addr,
    super::cidr::Cidr,
    super::cidr6::Ipv6Cidr,
    std::borrow::Cow<'_, str>,
);

/// Whether `key` is one of [`KEYS`] with exactly the arguments `args` (in any order); `const`
/// so that `msg!` checks it at compile time.
pub const fn known(key: &str, args: &[&str]) -> bool {
    let mut i = 0;
    while i < KEYS.len() {
        let (k, names) = KEYS[i];
        if eq(k, key) {
            if names.len() != args.len() {
                return false;
            }
            let mut a = 0;
            while a < args.len() {
                let mut found = false;
                let mut n = 0;
                while n < names.len() {
                    found |= eq(names[n], args[a]);
                    n += 1;
                }
                if !found {
                    return false;
                }
                a += 1;
            }
            return true;
        }
        i += 1;
    }
    false
}

const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `msg!("key", "english {name} …", name = value, other)`: the English of `format!` with the
/// same literal and arguments, plus the key and the arguments by name. `other` alone stands
/// for `other = other`. Values are borrowed, so a local can still be used afterwards.
macro_rules! msg {
    (@value $name:ident) => { &$name };
    (@value $name:ident $value:expr) => { &$value };
    ($key:literal, $fmt:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {{
        const _: () = assert!(
            $crate::network::msg::known($key, &[$(stringify!($name)),*]),
            concat!("message key ", $key, " is not in KEYS with these arguments")
        );
        #[allow(unused_parens, clippy::needless_borrow)]
        let ($($name,)*) = ($($crate::network::msg::msg!(@value $name $($value)?),)*);
        $crate::network::msg::Text::new(
            format!($fmt $(, $name = $name)*),
            $crate::network::msg::Msg {
                key: $key,
                args: vec![$((stringify!($name), $crate::network::msg::ToArg::to_arg($name))),*],
            },
        )
    }};
}
pub(crate) use msg;

/// Every key `msg!` may be given, with the names of its arguments, for the app's tests that
/// each has a translation using exactly those arguments.
pub const KEYS: &[(&str, &[&str])] = &[
    LIST,
    ("field-cgw-bad-asn", &["value"]),
    ("field-cgw-bad-ip", &["value"]),
    ("field-what-customer-gateway", &[]),
    ("field-what-tgw-attachment", &[]),
    ("field-bad-cidr", &["e", "value"]),
    ("field-bad-ipv4", &["value"]),
    ("field-bad-service-kind", &["kinds", "value"]),
    ("field-service-kind-in-vpc", &["kind"]),
    ("field-what-aws-service", &[]),
    ("field-bad-label", &["l"]),
    ("field-bad-listener", &["x"]),
    ("field-id-no-field", &["field", "id"]),
    ("field-invalid-cidr", &["e"]),
    ("field-invalid-ipv4", &[]),
    ("field-invalid-port", &[]),
    ("field-lb-needs-subnet", &[]),
    ("field-no-instance", &["n"]),
    ("field-no-subnet-in-vpc", &["n", "vpc"]),
    ("field-no-such-field", &["field", "what"]),
    ("field-no-zone-box", &["from_key"]),
    ("field-not-a-port", &["value"]),
    ("field-subnet-needs-zone", &[]),
    ("field-what-database", &[]),
    ("field-what-instance", &[]),
    ("field-what-load-balancer", &[]),
    ("field-what-nat-gateway", &[]),
    ("field-what-subnet", &[]),
    ("field-what-vpc", &[]),
    ("field-zone-box-exists", &["to", "vpc"]),
    ("field-zone-box-needs-zone", &[]),
    ("field-zone-box-no-field", &["field"]),
    ("field-zone-not-in-region", &["region", "zone", "zones"]),
    ("fix-add-default-route", &["table", "target"]),
    ("fix-add-route", &["cidr", "table", "target"]),
    ("fix-attach-igw", &["igw", "vpc"]),
    (
        "lint-admin-port-open",
        &["group", "port", "rule_index", "service", "why"],
    ),
    (
        "lint-blackhole-route",
        &["dest", "reason", "table", "target"],
    ),
    ("lint-capacity-in-use", &["used"]),
    ("lint-capacity-over", &["used"]),
    ("lint-cidr-host-bits", &["expected", "input"]),
    ("lint-cidr-prefix-too-long", &["input"]),
    ("lint-cidr-size", &["c", "what", "why"]),
    ("lint-cidr-syntax", &["input"]),
    ("lint-cidr-too-large", &["p"]),
    ("lint-cidr-too-small", &["p"]),
    ("lint-cidr6-prefix-too-long", &["input"]),
    ("lint-cidr6-syntax", &["input"]),
    ("lint-db-single-az", &["count", "db"]),
    ("lint-eks-single-az", &["count"]),
    ("lint-endpoint-https-fix", &["cidr", "group"]),
    (
        "lint-endpoint-no-https",
        &["endpoint", "groups", "service", "vpc"],
    ),
    ("lint-exposure-blocked", &[]),
    ("lint-exposure-no-member", &[]),
    ("lint-exposure-no-member-captured", &[]),
    ("lint-exposure-not-known", &[]),
    ("lint-exposure-reached", &["m", "port", "proto"]),
    ("lint-fix-admin-from-address", &["admin", "service"]),
    ("lint-fix-admin-from-bastion", &["b", "service"]),
    ("lint-fix-delete-route", &["dest", "table", "target"]),
    ("lint-fix-move-nat", &["nat", "subnet"]),
    ("lint-fix-point-route", &["dest", "table", "target"]),
    ("lint-fix-use-cidr", &["expected"]),
    ("lint-fix-v6-twin", &["group", "what"]),
    (
        "lint-high-risk-port-open",
        &["group", "listed", "proto", "rule_index", "why"],
    ),
    (
        "lint-high-risk-ports-open",
        &["group", "listed", "proto", "rule_index", "why"],
    ),
    ("lint-igw-not-attached", &["igw"]),
    (
        "lint-instance-ip-outside-subnet",
        &["c", "instance", "ip", "subnet"],
    ),
    ("lint-instance-ip-reserved", &["c", "instance", "ip"]),
    (
        "lint-interface-other-vpc",
        &["eni", "instance", "instance_vpc", "subnet", "vpc"],
    ),
    (
        "lint-interface-other-zone",
        &["eni", "instance", "instance_zone", "subnet", "zone"],
    ),
    ("lint-intent-auto-public-ip", &[]),
    ("lint-intent-internet-lb", &["lb"]),
    ("lint-intent-name-public", &[]),
    ("lint-intent-public-instance", &["instance"]),
    ("lint-intent-public-nat", &["nat"]),
    ("lint-invalid-cidr", &["component", "e", "what"]),
    ("lint-invalid-ipv6-address", &["a", "id"]),
    ("lint-invalid-private-ip", &["id", "ip"]),
    ("lint-invalid-public-ip", &["id", "ip"]),
    (
        "lint-ipv6-no-default-route",
        &["block", "igw", "subnet", "table"],
    ),
    ("lint-kind-prefix-list", &[]),
    ("lint-kind-security-group", &[]),
    ("lint-kind-subnet", &[]),
    ("lint-kind-target-group", &[]),
    ("lint-kind-vpc", &[]),
    ("lint-lb-private-subnet", &["lb", "subnet"]),
    ("lint-lb-single-az", &["count", "lb"]),
    ("lint-name-subnet", &["name"]),
    ("lint-name-vpc", &["name"]),
    ("lint-nat-no-eip", &["nat"]),
    ("lint-nat-no-igw-route", &["nat", "subnet"]),
    ("lint-no-route-table", &[]),
    ("lint-not-captured", &["component", "id", "what"]),
    ("lint-peered-vpc-overlap", &["a", "b", "pcx", "x", "y"]),
    ("lint-port-110", &["port"]),
    ("lint-port-135", &["port"]),
    ("lint-port-143", &["port"]),
    ("lint-port-1433", &["port"]),
    ("lint-port-1434", &["port"]),
    ("lint-port-20", &["port"]),
    ("lint-port-21", &["port"]),
    ("lint-port-22", &["port"]),
    ("lint-port-23", &["port"]),
    ("lint-port-25", &["port"]),
    ("lint-port-3306", &["port"]),
    ("lint-port-3389", &["port"]),
    ("lint-port-4333", &["port"]),
    ("lint-port-445", &["port"]),
    ("lint-port-5432", &["port"]),
    ("lint-port-5500", &["port"]),
    ("lint-port-5601", &["port"]),
    ("lint-port-8080", &["port"]),
    ("lint-port-dev", &["port"]),
    ("lint-port-elasticsearch", &["port"]),
    ("lint-port-http-alt", &["port"]),
    (
        "lint-public-subnet-no-igw-route",
        &["subnet", "table", "why"],
    ),
    ("lint-reason-eigw-missing", &["id"]),
    ("lint-reason-eigw-not-attached", &["id", "vpc"]),
    ("lint-reason-eni-missing", &["id"]),
    ("lint-reason-igw-missing", &["id"]),
    ("lint-reason-igw-not-attached", &["id", "vpc"]),
    ("lint-reason-instance-missing", &["id"]),
    ("lint-reason-marked-unavailable", &["target"]),
    ("lint-reason-nat-missing", &["id"]),
    ("lint-reason-nat-state", &["id", "state"]),
    ("lint-reason-pcx-missing", &["id"]),
    ("lint-reason-pcx-not-active", &["id", "status"]),
    ("lint-reason-state-blackhole", &["target"]),
    ("lint-reason-vpce-missing", &["id"]),
    (
        "lint-route-target-not-captured",
        &["dest", "table", "target"],
    ),
    ("lint-sg-world-open-ipv4-only", &["group", "vpc", "what"]),
    (
        "lint-sg-world-open-ipv4-only-member",
        &["group", "vpc", "what"],
    ),
    (
        "lint-subnet-capacity",
        &["c", "reserved", "size", "subnet", "tail", "usable"],
    ),
    ("lint-subnet-outside-vpc", &["blocks", "c", "subnet", "vpc"]),
    ("lint-subnet-overlap", &["a", "a_cidr", "b", "b_cidr"]),
    (
        "lint-tgw-attachment-not-captured",
        &["dest", "table", "tgw", "vpc"],
    ),
    ("lint-tgw-attachment-unassociated", &["att", "g"]),
    (
        "lint-tgw-no-route-back",
        &[
            "back", "cidr", "from", "from_vpc", "home", "table", "to", "to_vpc",
        ],
    ),
    (
        "lint-tgw-route-without-attachment",
        &["dest", "table", "tgw", "vpc"],
    ),
    ("lint-unknown-reference", &["component", "id", "what"]),
    ("lint-unknown-service-kind", &["kind", "known", "svc"]),
    (
        "lint-unknown-service-kind-near",
        &["kind", "known", "near", "svc"],
    ),
    ("lint-v4-only-port", &["port", "proto"]),
    ("lint-v4-only-ports", &["from", "proto", "to"]),
    (
        "lint-vpn-attachment-without-routes",
        &["att", "reason", "tgw"],
    ),
    (
        "lint-vpn-connection-without-routes",
        &["g", "reason", "vpn"],
    ),
    ("lint-vpn-reason-gateway-unused", &[]),
    ("lint-vpn-reason-no-ranges", &[]),
    ("lint-vpn-reason-no-static-routes", &[]),
    ("lint-vpn-reason-not-propagated", &[]),
    ("lint-what-nacl-rule-cidr", &["number"]),
    ("lint-what-prefix-list-entry", &[]),
    ("lint-what-route-destination", &[]),
    ("lint-what-sg-rule-cidr", &[]),
    ("lint-what-subnet-cidr", &[]),
    ("lint-what-subnet-ipv6-cidr", &[]),
    ("lint-what-vpc-cidr", &[]),
    ("lint-what-vpc-ipv6-cidr", &[]),
    ("pl-aws-managed", &["id", "name"]),
    ("pl-bad-family", &["input"]),
    ("pl-bad-max-entries", &["input", "limit"]),
    ("pl-bad-name", &["name"]),
    ("pl-description-too-long", &["chars", "cidr"]),
    ("pl-entry-exists", &["cidr", "id"]),
    ("pl-entry-wrong-family", &["cidr", "family", "id"]),
    ("pl-full", &["id", "max"]),
    ("pl-in-use", &["id", "user"]),
    ("pl-max-below-entries", &["count", "id", "max"]),
    ("pl-name-empty", &[]),
    ("pl-no-entry", &["cidr", "id"]),
    ("policy-bad-cidr", &["e", "input"]),
    ("policy-bad-ports", &["t"]),
    ("policy-bad-protocol", &["input"]),
    (
        "policy-group-instance-other-vpc",
        &["g_vpc", "group", "i_vpc"],
    ),
    ("policy-eigw-ipv6-only", &["destination", "target"]),
    ("policy-eigw-not-attached", &["id", "vpc"]),
    ("policy-group-name-taken", &["name", "vpc"]),
    ("policy-group-other-vpc", &["other", "other_vpc", "vpc"]),
    ("policy-last-group", &[]),
    ("policy-local-route-by-hand", &[]),
    ("policy-local-route-kept", &[]),
    ("policy-nacl-inbound-rule-exists", &["acl", "rule_number"]),
    ("policy-nacl-no-inbound-rule", &["acl", "rule_number"]),
    ("policy-nacl-no-outbound-rule", &["acl", "rule_number"]),
    (
        "policy-nacl-other-vpc",
        &["acl", "n_vpc", "s_vpc", "subnet"],
    ),
    ("policy-nacl-outbound-rule-exists", &["acl", "rule_number"]),
    ("policy-nat-ipv4-only", &["destination", "target"]),
    ("policy-no-instance", &["id"]),
    ("policy-no-network-acl", &["id"]),
    ("policy-no-prefix-list", &["destination"]),
    ("policy-no-route-at", &["index", "table"]),
    ("policy-no-route-table", &["id"]),
    ("policy-no-route-target", &["id"]),
    ("policy-no-rule-at", &["group", "index"]),
    ("policy-no-security-group", &["id"]),
    ("policy-no-subnet", &["id"]),
    ("policy-no-vpc", &["id"]),
    ("policy-no-vpn-gateway", &["id"]),
    ("transit-no-route-table", &["id"]),
    ("field-ipv6-host-bits", &["expected", "value"]),
    ("field-bad-ipv6-cidr", &["value"]),
    ("field-ipv6-vpc-prefix", &["value"]),
    ("field-ipv6-subnet-prefix", &["value"]),
    ("field-ipv6-outside-vpc", &["value", "vpc"]),
    ("field-ipv6-overlap", &["other", "value"]),
    ("transit-no-gateway", &["id"]),
    ("transit-already-attached", &["attachment", "tgw", "vpc"]),
    ("transit-no-subnets", &["vpc"]),
    ("transit-subnet-other-vpc", &["other", "subnet", "vpc"]),
    ("transit-two-subnets-one-zone", &["first", "second", "zone"]),
    ("transit-no-customer-gateway", &["id"]),
    ("transit-no-vpn-gateway", &["id"]),
    ("transit-bad-cidr", &["e", "value"]),
    ("transit-no-attachment", &["id"]),
    (
        "transit-attachment-other-gateway",
        &["attachment", "other", "tgw"],
    ),
    ("transit-route-exists", &["cidr", "table"]),
    ("transit-route-propagated", &["cidr"]),
    ("transit-no-route", &["index", "table"]),
    ("transit-associated-elsewhere", &["attachment", "other"]),
    ("policy-ports-backwards", &["t"]),
    ("policy-route-exists", &["destination", "table"]),
    ("policy-route-ipv6-without-block", &["destination", "vpc"]),
    ("policy-route-is-local", &["c", "vpc"]),
    ("policy-route-inside-vpc", &["c"]),
    (
        "policy-route-table-other-vpc",
        &["subnet", "subnet_vpc", "table", "table_vpc"],
    ),
    ("policy-rule-exists", &[]),
    ("policy-rule-number-range", &["rule_number"]),
    ("policy-tgw-not-attached", &["id", "vpc"]),
    ("policy-too-many-groups", &[]),
    ("policy-vgw-not-attached", &["id", "vpc"]),
    ("region-none", &[]),
    ("region-unknown", &["region"]),
    ("taint-bad-effect", &["text"]),
    ("taint-needs-effect", &["text"]),
    ("taint-no-key", &["text"]),
    ("trace-all-traffic", &[]),
    ("trace-arrives", &["addr", "eni"]),
    (
        "trace-blackhole-route",
        &["dest", "dst", "reason", "subnet", "table_id", "target"],
    ),
    ("trace-customer-gateway", &["cgw"]),
    ("trace-customer-gateway-at", &["addr", "cgw"]),
    ("trace-destination-not-running", &["id", "state"]),
    ("trace-disconnected-vpcs", &["a", "b"]),
    ("trace-endpoint-initiates-nothing", &["endpoint", "service"]),
    ("trace-endpoint-not-available", &["id", "state"]),
    ("trace-endpoint-tcp-only", &["id", "proto"]),
    ("trace-ends-not-at-destination", &["at"]),
    ("trace-ends-not-at-source", &["at"]),
    ("trace-eni-own-address-only", &["dst", "eni"]),
    ("trace-fix-add-listener", &["lb", "port"]),
    ("trace-fix-elastic-ip", &["addr", "id"]),
    (
        "trace-fix-nacl-add-entry",
        &["acl", "cidr", "dir", "number", "rule", "to_from"],
    ),
    (
        "trace-fix-sg-add-rule",
        &["dir", "group", "peer", "rule", "to_from"],
    ),
    ("trace-fix-source-dest-check", &["instance"]),
    ("trace-igw-detached", &["igw", "vpc_id"]),
    ("trace-igw-egress-nat", &["igw_id", "public", "src"]),
    ("trace-igw-foreign-source", &["igw_id", "src"]),
    (
        "trace-igw-ingress-nat",
        &["eni", "igw_id", "private", "public"],
    ),
    ("trace-igw-no-public-ip", &["eni", "igw_id"]),
    ("trace-igw-not-captured", &["eni", "vpc_id"]),
    ("trace-igw-private-destination", &["dst", "igw_id"]),
    ("trace-igw-private-ingress", &["dst", "eni", "igw_id"]),
    ("trace-igw-private-nat", &["eni", "igw_id"]),
    ("trace-igw-private-source", &["igw_id", "src"]),
    ("trace-internet-delivers", &["dst"]),
    ("trace-ipv4-to-eigw", &["dst", "eigw", "subnet"]),
    (
        "trace-lb-forwards",
        &["count", "lb_label", "port", "protocol", "tg_id"],
    ),
    (
        "trace-lb-forwards-one",
        &["count", "lb_label", "port", "protocol", "tg_id"],
    ),
    ("trace-lb-no-listener", &["lb_label", "ports", "proto"]),
    ("trace-lb-no-listeners", &["lb_label", "proto"]),
    (
        "trace-lb-no-target-group",
        &["lb_label", "port", "protocol"],
    ),
    ("trace-lb-no-targets", &["lb_label", "port", "protocol"]),
    ("trace-lb-target-unreachable", &[]),
    ("trace-main-route-table-of", &["vpc"]),
    ("trace-middlebox-forwards", &["eni"]),
    ("trace-nacl-default", &["subnet"]),
    (
        "trace-nacl-entry",
        &["action", "cidr", "number", "rule", "to_from"],
    ),
    (
        "trace-nacl-final-deny",
        &["acl_label", "addr", "dir", "proto", "subnet", "to_from"],
    ),
    (
        "trace-nacl-final-deny-reply",
        &[
            "acl_label",
            "addr",
            "dir",
            "port",
            "proto",
            "subnet",
            "to_from",
        ],
    ),
    (
        "trace-nacl-match-dropped",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    (
        "trace-nacl-match-dropped-reply",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    (
        "trace-nacl-match-passes",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    (
        "trace-nacl-match-passes-reply",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    ("trace-name-database", &["name"]),
    ("trace-name-instance", &["name"]),
    ("trace-name-instance-interface", &["eni", "name"]),
    ("trace-name-instance-primary", &["eni", "name"]),
    ("trace-name-interface-endpoint", &["name", "service"]),
    (
        "trace-name-interface-endpoint-eni",
        &["eni", "name", "service", "subnet"],
    ),
    (
        "trace-name-interface-endpoint-in",
        &["name", "service", "subnet"],
    ),
    ("trace-name-internet", &[]),
    ("trace-name-load-balancer", &["name"]),
    ("trace-name-nat-gateway", &["name"]),
    ("trace-name-vpc", &["id"]),
    ("trace-nat-asymmetric", &["nat_id", "src"]),
    ("trace-nat-foreign-source", &["nat_id", "src"]),
    ("trace-nat-no-inbound", &["eni"]),
    (
        "trace-nat-translates",
        &["addr", "nat_id", "new_port", "src"],
    ),
    ("trace-no-attached-igw", &[]),
    ("trace-no-interface-with-address", &["dst", "vpc"]),
    ("trace-no-route", &["dst", "subnet", "table_id"]),
    ("trace-no-route-internet", &["dst", "subnet", "table_id"]),
    (
        "trace-no-route-internet-reply",
        &["dst", "subnet", "table_id"],
    ),
    ("trace-no-route-reply", &["dst", "subnet", "table_id"]),
    ("trace-no-security-group", &[]),
    ("trace-not-in-subnet", &["comp"]),
    ("trace-note-assumed", &["id", "why"]),
    ("trace-note-assumptions", &["port"]),
    ("trace-note-endpoint-address-assumed", &["addr", "endpoint"]),
    ("trace-note-lb-node", &["ip", "subnet"]),
    ("trace-note-lb-node-public", &["ip", "public", "subnet"]),
    ("trace-note-lb-nodes", &["lb", "nodes"]),
    ("trace-note-not-in-capture", &[]),
    ("trace-note-prefix-list-not-captured", &["c", "pl"]),
    ("trace-note-prefix-list-without-entries", &["c", "pl"]),
    (
        "trace-note-primary-interface-destination",
        &["addr", "instance", "others"],
    ),
    (
        "trace-note-primary-interface-source",
        &["addr", "instance", "others"],
    ),
    ("trace-note-private-dns-off", &["service"]),
    ("trace-note-private-dns-on", &["service", "vpc"]),
    ("trace-name-aws-service", &["name", "title"]),
    ("trace-name-elasticache", &["name"]),
    ("trace-svc-ports-web", &[]),
    ("trace-svc-ports-dns", &[]),
    ("trace-svc-ports-https", &[]),
    ("trace-svc-to-service", &["service"]),
    ("trace-svc-starts-nothing", &["service"]),
    ("trace-svc-sends-cloudfront", &["addr", "service"]),
    ("trace-svc-sends-lambda", &["addr", "service"]),
    ("trace-svc-sends", &["addr", "service"]),
    (
        "trace-svc-private-api-dns",
        &["endpoint", "name", "service", "vpc"],
    ),
    ("trace-svc-wrong-endpoint", &["endpoint", "name", "service"]),
    ("trace-svc-port", &["port", "ports", "sent", "service"]),
    (
        "trace-svc-reached-gateway",
        &["endpoint", "ports", "service"],
    ),
    (
        "trace-svc-reached-interface",
        &["endpoint", "ports", "service"],
    ),
    ("trace-svc-reached-public", &["addr", "ports", "service"]),
    ("trace-note-svc-gateway", &["endpoint", "service", "table"]),
    (
        "trace-note-svc-other-region",
        &["addr", "region", "service"],
    ),
    ("trace-note-svc-public", &["addr", "service"]),
    ("trace-pcx-forwards", &["dst", "other", "pcx_id"]),
    ("trace-pcx-not-involved", &["here", "pcx_id"]),
    ("trace-pcx-outside-peer", &["dst", "other", "pcx_id"]),
    ("trace-pcx-peer-unknown", &["other"]),
    ("trace-peer-members", &["group"]),
    ("trace-peer-prefix-list", &["list"]),
    ("trace-proto-icmp", &["icmp_type"]),
    ("trace-proto-other", &["proto"]),
    ("trace-proto-port", &["port", "proto"]),
    ("trace-route-dest-prefix-list", &["cidr", "pl"]),
    ("trace-route-dest-propagated", &["cidr"]),
    (
        "trace-route-forward",
        &["dest", "dst", "subnet", "table_words", "target"],
    ),
    (
        "trace-route-local",
        &["dest", "dst", "subnet", "table_words", "target"],
    ),
    (
        "trace-route-target-not-captured",
        &["dest", "dst", "subnet", "table_id", "target"],
    ),
    ("trace-route-target-unknown", &["target"]),
    ("trace-routing-loop", &["steps"]),
    ("trace-rule-all-icmp", &[]),
    ("trace-rule-all-ports", &["proto"]),
    ("trace-rule-port", &["port", "proto"]),
    ("trace-rule-port-range", &["from", "proto", "to"]),
    ("trace-same-subnet", &["subnet"]),
    ("trace-service-answers", &["component", "service"]),
    ("trace-service-dns", &[]),
    ("trace-service-instances-only", &["here", "service"]),
    ("trace-service-metadata", &[]),
    ("trace-service-other-resolver", &["here", "vpc"]),
    (
        "trace-service-port-tcp",
        &["port", "sent", "sent_port", "words"],
    ),
    (
        "trace-service-port-udp",
        &["port", "sent", "sent_port", "words"],
    ),
    (
        "trace-service-port-udp-or-tcp",
        &["port", "sent", "sent_port", "words"],
    ),
    ("trace-service-reached", &["component", "here", "service"]),
    ("trace-service-starts-nothing", &["service"]),
    ("trace-service-time-sync", &[]),
    (
        "trace-sg-allows",
        &[
            "dir",
            "group_label",
            "k",
            "peer_words",
            "rule_words",
            "to_from",
        ],
    ),
    (
        "trace-sg-allows-member",
        &[
            "addr",
            "dir",
            "group_label",
            "k",
            "peer_words",
            "rule_words",
            "to_from",
        ],
    ),
    (
        "trace-sg-allows-prefix-entry",
        &[
            "addr",
            "dir",
            "entry",
            "group_label",
            "k",
            "peer_words",
            "pl",
            "rule_words",
            "to_from",
        ],
    ),
    (
        "trace-sg-denies",
        &["at", "dir", "groups", "peer_text", "proto", "to_from"],
    ),
    (
        "trace-sg-denies-combined",
        &["at", "dir", "groups", "peer_text", "proto", "to_from"],
    ),
    ("trace-sg-not-captured", &["dir", "eni", "missing", "proto"]),
    ("trace-sg-reply", &[]),
    ("trace-source-dest-check", &["dst", "eni"]),
    ("trace-source-not-running", &["id", "state"]),
    ("trace-subnet-not-captured", &["comp", "subnet"]),
    ("trace-target-not-modelled", &["id", "kind"]),
    ("trace-tgw-attachment-no-subnet", &["att", "vpc_id"]),
    ("trace-tgw-attachment-not-available", &["att", "state"]),
    (
        "trace-tgw-attachment-not-captured",
        &["dst", "subnet", "tgw_id", "vpc_id"],
    ),
    ("trace-tgw-attachment-unknown-gateway", &["att", "tgw"]),
    ("trace-tgw-blackhole", &["att_id", "cidr", "dst", "rt_id"]),
    (
        "trace-tgw-enters",
        &["att", "az", "subnet", "tgw_id", "vpc_id"],
    ),
    (
        "trace-tgw-exits",
        &["att_id", "subnet", "tgw_id", "vpc_id", "zone"],
    ),
    (
        "trace-tgw-exits-appliance",
        &["att_id", "subnet", "tgw_id", "vpc_id", "zone"],
    ),
    ("trace-tgw-from-vpn", &["att_id", "tgw"]),
    ("trace-tgw-from-vpn-connection", &["att_id", "tgw", "vpn"]),
    ("trace-tgw-no-route", &["att_id", "dst", "rt_id"]),
    ("trace-tgw-no-route-reply", &["att_id", "dst", "rt_id"]),
    ("trace-tgw-no-subnet-at-all", &[]),
    ("trace-tgw-not-in-design", &["id"]),
    ("trace-tgw-peer-unknown", &["att"]),
    ("trace-tgw-propagated-route", &["cidr", "target"]),
    (
        "trace-tgw-routes",
        &["att_id", "dst", "route", "rt_id", "tgw_id"],
    ),
    (
        "trace-tgw-routes-static-wins",
        &["att_id", "dst", "route", "rt_id", "tgw_id"],
    ),
    ("trace-tgw-static-route", &["cidr", "target"]),
    ("trace-tgw-subnets-only-in", &["zones"]),
    ("trace-tgw-target-unknown", &["dst", "rt_id", "target"]),
    ("trace-tgw-to-peer", &["att", "other", "tgw_id"]),
    ("trace-tgw-to-vpn", &["att", "tgw_id"]),
    ("trace-tgw-to-vpn-connection", &["att", "tgw_id", "vpn"]),
    ("trace-tgw-unassociated", &["att_id", "tgw_id"]),
    (
        "trace-tgw-vpc-not-attached",
        &["dst", "subnet", "tgw_id", "vpc_id"],
    ),
    ("trace-tgw-vpn-outside-ranges", &["att", "dst"]),
    (
        "trace-tgw-zone-without-subnet",
        &["att", "az", "subnet", "tgw_id", "vpc_id", "zones"],
    ),
    ("trace-the-internet-stand-in", &["addr"]),
    ("trace-untranslate-reply", &["addr", "eni"]),
    ("trace-vgw-from-premises", &["cgw", "vgw", "vpc", "vpn"]),
    ("trace-vgw-no-route", &["dst", "vgw"]),
    ("trace-vgw-not-attached", &["vgw"]),
    ("trace-vgw-not-attached-to", &["vgw", "vpc"]),
    ("trace-vgw-not-in-design", &["id"]),
    ("trace-vgw-to-premises", &["cgw", "vgw", "vpn"]),
    ("trace-vpc-no-igw", &["eni", "vpc_id"]),
    ("trace-vpce-delivers", &["service", "vpce_id"]),
    ("trace-vpce-foreign-source", &["src", "vpce_id"]),
    ("trace-vpce-protocol", &["service", "vpce_id"]),
    ("trace-vpce-reply", &["id", "service"]),
    ("trace-vpn-not-available", &["state", "vpn"]),
    ("trace-vpn-unknown-gateway", &["vpn"]),
    ("trace6-blackhole", &["cidr", "table", "target"]),
    ("trace6-both-on-internet", &[]),
    ("trace6-delivered", &["dst", "instance"]),
    ("trace6-eigw-drops-reply", &["dst", "id", "vpc"]),
    ("trace6-eigw-egress", &["id", "name", "src"]),
    ("trace6-eigw-inbound", &["dst", "eigw", "src", "vpc"]),
    ("trace6-eigw-reply-in", &["dst", "id"]),
    ("trace6-fix-add-route", &["table", "target"]),
    ("trace6-fix-create-igw", &["igw", "vpc"]),
    (
        "trace6-fix-nacl-allow",
        &["acl", "dir", "free", "proto", "to_from"],
    ),
    ("trace6-fix-sg-allow", &["block", "g", "proto", "to_from"]),
    ("trace6-gateway-not-attached", &["id", "name", "vpc"]),
    ("trace6-igw-egress", &["id", "name", "src"]),
    ("trace6-igw-ingress", &["dst", "igw", "instance", "vpc"]),
    ("trace6-igw-reply-in", &["dst", "id", "vpc"]),
    ("trace6-instance-no-subnet", &["id"]),
    ("trace6-nacl-default", &["subnet"]),
    (
        "trace6-nacl-denies",
        &[
            "acl_label",
            "addr",
            "dir",
            "proto",
            "subnet",
            "to_from",
            "why",
        ],
    ),
    ("trace6-nacl-final-deny", &[]),
    ("trace6-nacl-first-match-drops", &["entry"]),
    ("trace6-nacl-no-ipv6-entries", &[]),
    (
        "trace6-nacl-passes",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    (
        "trace6-nacl-passes-reply",
        &["acl_label", "dir", "entry", "subnet"],
    ),
    ("trace6-no-instance-with-address", &["dst", "vpc"]),
    ("trace6-no-route", &["dst", "subnet", "table"]),
    ("trace6-no-route-table", &["subnet"]),
    ("trace6-note-assumptions", &["port"]),
    ("trace6-note-internet", &["host"]),
    ("trace6-route-forward", &["cidr", "dst", "table", "target"]),
    ("trace6-route-local", &["dst", "local", "table", "vpc"]),
    ("trace6-same-subnet", &[]),
    (
        "trace6-sg-allows",
        &["dir", "group", "k", "peer_words", "rule_words", "to_from"],
    ),
    (
        "trace6-sg-denies",
        &["addr", "dir", "instance", "proto", "to_from"],
    ),
    (
        "trace6-sg-denies-ipv4-twin",
        &["addr", "dir", "g", "instance", "k", "proto", "to_from"],
    ),
    ("trace6-target-not-modelled", &["kind", "target"]),
    ("trace6-target-unknown", &["id", "name"]),
    ("trace6-vpc-no-igw", &["dst", "vpc"]),
    ("trace6-word-eigw", &[]),
    ("trace6-word-igw", &[]),
    // Kubernetes NetworkPolicy hops (`cluster::kubenet`).
    ("np-not-isolated-ingress", &["pod"]),
    ("np-not-isolated-egress", &["pod"]),
    (
        "np-denied-ingress-one",
        &["pod", "policies", "proto", "port", "other"],
    ),
    (
        "np-denied-ingress-many",
        &["pod", "policies", "proto", "port", "other"],
    ),
    (
        "np-denied-egress-one",
        &["pod", "policies", "proto", "port", "other"],
    ),
    (
        "np-denied-egress-many",
        &["pod", "policies", "proto", "port", "other"],
    ),
    ("np-peer-pod", &["pod"]),
    ("np-allow-from", &["policy", "what", "who"]),
    ("np-allow-to", &["policy", "what", "who"]),
    ("np-allow-port-all", &["proto", "port"]),
    ("np-allow-port-all-proto", &["proto", "port"]),
    ("np-allow-port-range", &["proto", "n", "end", "port"]),
    ("np-allow-port", &["proto", "n"]),
    ("np-allow-port-named", &["proto", "name", "port", "pod"]),
    ("np-allow-peer-any", &[]),
    ("np-allow-peer-ips", &["cidr"]),
    ("np-allow-peer-ips-except", &["cidr", "except"]),
    ("np-allow-pods-with", &["sel"]),
    ("np-allow-pods-every", &[]),
    ("np-allow-ns-own", &["ns"]),
    ("np-allow-ns-every", &[]),
    ("np-allow-ns-with", &["sel"]),
    ("np-allow-peer-pods", &["pods", "ns"]),
    // Kubernetes Services (`cluster::kubenet::service`).
    ("svc-no-port", &["svc_key", "n", "proto", "have"]),
    ("svc-no-port-none", &["svc_key", "n", "proto"]),
    ("svc-no-node-port", &["svc_key", "n", "proto", "have"]),
    ("svc-no-node-port-none", &["svc_key", "n", "proto"]),
    ("svc-no-selector", &["svc_key"]),
    ("svc-selects-nothing", &["svc_key", "selector", "ns"]),
    ("svc-none-ready", &["svc_key", "count", "pods"]),
    (
        "svc-target-port-unresolved",
        &["svc_key", "port", "name", "count", "proto"],
    ),
    ("svc-local-no-endpoint", &["svc_key", "count", "node"]),
    ("svc-front-headless", &["p"]),
    ("svc-cluster-ip-assumed", &[]),
    (
        "svc-hop-headless",
        &["svc_key", "front", "pod", "ip", "port", "count", "assumed"],
    ),
    (
        "svc-hop-kube-proxy",
        &["svc_key", "front", "pod", "ip", "port", "count", "assumed"],
    ),
    ("np-replies-allowed", &[]),
    // Node ports, delivery and the cluster trace's notes (`cluster::kubenet::trace`).
    ("k8s-node-port-no-service", &["port", "proto_name", "node"]),
    ("k8s-node-port-hop", &["hop", "node", "snat"]),
    ("k8s-snat-local", &[]),
    ("k8s-snat-cluster", &[]),
    ("k8s-hop-on-node", &["hop", "node"]),
    ("k8s-delivered", &["pod", "node"]),
    ("k8s-note-vpc-untraceable", &["from", "to", "e"]),
    ("k8s-note-manifests-only", &[]),
    // Cluster endpoints that cannot be traced (`pod:`, `service:`, `node:`, `ingress:`).
    ("k8s-end-no-pod", &["ns", "name", "pods"]),
    ("k8s-end-no-pods-in", &["ns"]),
    ("k8s-end-no-service", &["ns", "name"]),
    ("k8s-end-no-node", &["name"]),
    ("k8s-end-ingress-needs-network", &[]),
    ("k8s-end-no-ingress", &["key"]),
    ("k8s-end-needs-tcp-or-udp", &[]),
    ("k8s-end-needs-cluster-end", &[]),
    ("k8s-end-service-only-destination", &[]),
    ("k8s-end-ingress-only-destination", &[]),
    ("k8s-end-pod-no-ip", &["pod"]),
    ("k8s-end-ingress-in-vpc", &[]),
    // The ALB the AWS Load Balancer Controller would create (`cluster::kubenet::ingress`).
    ("ingress-note-no-subnet-found", &[]),
    ("ingress-note-subnets-public", &["subnets"]),
    ("ingress-note-subnets-private", &["subnets"]),
    ("ingress-note-first-backend", &[]),
    ("ingress-note-own-groups", &["annotation"]),
    ("ingress-no-backend", &["ingress"]),
    ("ingress-no-service", &["ingress", "service"]),
    ("ingress-no-such-port", &["ingress", "port", "service"]),
    ("ingress-instance-needs-node-port", &["service"]),
    // The Kubernetes manifest importer's diagnostics (`cluster::import`, `yaml`, `quantity`).
    ("k8s-import-not-yaml", &["e"]),
    ("yaml-duplicate-key", &["key", "line", "first_line"]),
    ("yaml-too-deep", &["line", "max"]),
    ("yaml-too-large", &["line", "limit"]),
    ("yaml-limit-nodes", &["n"]),
    ("yaml-limit-text", &["mib"]),
    ("k8s-quantity-invalid", &["input", "why"]),
    ("k8s-quantity-empty", &[]),
    ("k8s-quantity-not-a-number", &[]),
    ("k8s-quantity-too-large", &[]),
    ("k8s-quantity-bad-exponent", &[]),
    ("k8s-quantity-exponent-range", &[]),
    ("k8s-quantity-unknown-suffix", &[]),
    ("k8s-import-what-node-affinity", &[]),
    ("k8s-import-what-node-selector", &["selector"]),
    ("k8s-import-daemon-set-no-node", &["what", "n"]),
    (
        "k8s-import-replica-set-assumed",
        &["rs", "deployment", "hash"],
    ),
    ("k8s-import-expected-string", &[]),
    ("k8s-import-expected-integer", &["value"]),
    ("k8s-import-expected-bool", &[]),
    ("k8s-import-expected-list", &[]),
    ("k8s-import-expected-mapping", &[]),
    ("k8s-import-expected-string-value", &[]),
    ("k8s-import-expected-quantity", &[]),
    ("k8s-import-expected-quantity-got", &["value"]),
    ("k8s-import-quantity-negative", &["q"]),
    ("k8s-import-quantity-too-large", &["q"]),
    ("k8s-import-not-an-object", &[]),
    ("k8s-import-missing", &[]),
    ("k8s-import-duplicate", &["kind", "name"]),
    ("k8s-import-bad-pod-management-policy", &["value"]),
    ("k8s-import-pdb-exclusive", &[]),
    ("k8s-import-unknown-kind", &["kind"]),
    ("k8s-import-expected-int-or-percent-non-negative", &[]),
    ("k8s-import-not-int-or-percent", &["value"]),
    ("k8s-import-expected-int-or-percent", &[]),
    ("k8s-import-missing-job-spec", &[]),
    ("k8s-import-out-of-range", &["n", "range"]),
    ("k8s-import-job-restart-policy", &["got"]),
    ("k8s-import-no-value", &[]),
    ("k8s-import-bad-schedule", &["schedule", "e"]),
    ("k8s-import-cron-simulated-time", &["schedule"]),
    ("k8s-import-cron-time-zone", &[]),
    ("k8s-import-bad-concurrency-policy", &["value"]),
    ("k8s-import-no-selector", &[]),
    ("k8s-import-selector-mismatch", &[]),
    ("k8s-import-bad-node-taint-effect", &["got"]),
    ("k8s-import-node-no-allocatable", &[]),
    ("k8s-import-node-pods-from-type", &["n"]),
    ("k8s-import-node-pods-default", &["n"]),
    ("k8s-import-bad-selector-operator", &["value"]),
    ("k8s-import-must-not-be-empty", &[]),
    ("k8s-import-weight-range", &["n"]),
    ("k8s-import-below-minimum", &["n", "min"]),
    ("k8s-import-missing-pod-spec", &[]),
    ("k8s-import-no-containers", &[]),
    ("k8s-import-pod-level-resource", &["name"]),
    ("k8s-import-bad-restart-policy", &["value"]),
    ("k8s-import-bad-toleration-operator", &["value"]),
    ("k8s-import-bad-toleration-effect", &["value"]),
    ("k8s-import-at-least-one", &[]),
    ("k8s-import-bad-when-unsatisfiable", &["got"]),
    ("k8s-import-bad-inclusion-policy", &["value"]),
    ("k8s-cron-unknown-macro", &["s"]),
    ("k8s-cron-field-count", &["n"]),
    ("k8s-cron-in-field", &["what", "e"]),
    ("k8s-cron-minute", &[]),
    ("k8s-cron-hour", &[]),
    ("k8s-cron-day-of-month", &[]),
    ("k8s-cron-month", &[]),
    ("k8s-cron-day-of-week", &[]),
    ("k8s-cron-assumed-field", &["what", "value"]),
    ("k8s-cron-days-assumed", &["fields"]),
    ("k8s-cron-bad-step", &["s"]),
    ("k8s-cron-step-zero", &[]),
    ("k8s-cron-bad-value", &["v"]),
    ("k8s-cron-outside", &["part", "lo", "hi"]),
    ("k8s-import-class-needs-provisioner", &[]),
    ("k8s-import-bad-binding-mode", &["value"]),
    ("k8s-import-required", &[]),
    ("k8s-import-needs-a-value", &[]),
    ("k8s-import-bad-access-mode", &["value"]),
    ("k8s-import-needs-access-mode", &[]),
    ("k8s-import-must-be-positive", &["q"]),
    ("k8s-import-must-not-be-negative", &["n"]),
    ("k8s-import-claim-no-default-class", &[]),
    ("k8s-import-class-not-in-manifests", &["class"]),
    ("k8s-import-class-assumed", &["reason", "driver"]),
    ("k8s-import-volume-not-in-manifests", &["volume"]),
    ("k8s-node-no-instance", &[]),
    // The reader of Services, Ingresses, NetworkPolicies and Namespaces (`kubenet::objects`).
    ("k8s-obj-expected-string", &["value"]),
    ("k8s-obj-expected-string-map", &["value"]),
    ("k8s-obj-expected-list", &["value"]),
    ("k8s-obj-expected-selector", &["value"]),
    ("k8s-obj-bad-selector-operator", &["value"]),
    ("k8s-obj-selector-needs-values", &[]),
    ("k8s-obj-selector-takes-no-values", &[]),
    ("k8s-obj-requirement-needs-key", &[]),
    ("k8s-obj-bad-protocol", &["value"]),
    ("k8s-obj-expected-protocol", &["value"]),
    ("k8s-obj-port-range", &["port"]),
    ("k8s-obj-expected-port-or-name", &["value"]),
    ("k8s-obj-expected-port", &["value"]),
    ("k8s-obj-needs-name", &[]),
    ("k8s-obj-peer-empty", &[]),
    ("k8s-obj-bad-ip-block-cidr", &["value"]),
    ("k8s-obj-except-outside", &["except", "cidr"]),
    ("k8s-obj-bad-except-cidr", &["value"]),
    ("k8s-obj-peer-ip-block-combined", &[]),
    ("k8s-obj-end-port-below", &["end", "port"]),
    ("k8s-obj-end-port-needs-number", &[]),
    ("k8s-obj-bad-policy-type", &["value"]),
    ("k8s-obj-bad-service-type", &["value"]),
    ("k8s-obj-bad-cluster-ip", &["value"]),
    ("k8s-obj-service-port-needs-number", &[]),
    ("k8s-obj-node-port-type", &[]),
    ("k8s-obj-bad-traffic-policy", &["value"]),
    ("k8s-obj-backend-not-service", &[]),
    ("k8s-obj-backend-incomplete", &[]),
    // The KubeSchedulerConfiguration reader (`cluster::config`).
    ("k8s-sched-not-yaml", &["e"]),
    ("k8s-sched-wrong-kind", &["value"]),
    ("k8s-sched-api-version", &["value"]),
    ("k8s-sched-out-of-range", &["n", "range"]),
    ("k8s-sched-expected-list", &[]),
    ("k8s-sched-expected-plugin-list", &[]),
    ("k8s-sched-missing", &[]),
    ("k8s-sched-unknown-plugin", &["name"]),
    ("k8s-sched-star-enabled", &[]),
    ("k8s-sched-not-filter", &["plugin"]),
    ("k8s-sched-not-score", &["plugin"]),
    ("k8s-sched-bad-defaulting-type", &["value"]),
    ("k8s-sched-constraints-with-system", &[]),
    ("k8s-sched-max-skew", &[]),
    ("k8s-sched-bad-when-unsatisfiable", &["value"]),
    ("k8s-sched-constraint-label-selector", &[]),
    ("k8s-sched-args-not-simulated", &["path", "plugin"]),
    ("k8s-sched-bad-operator", &["value"]),
    ("k8s-sched-integer-in", &["range"]),
    ("k8s-sched-bad-scoring-type", &["value"]),
    ("k8s-sched-shape-required", &[]),
    ("k8s-sched-shape-increasing", &[]),
    ("k8s-sched-must-not-be-empty", &[]),
    (
        "ingress-listen-ports-not-json",
        &["annotation", "value", "e"],
    ),
    ("ingress-listen-ports-not-a-port", &["annotation", "port"]),
    (
        "ingress-listen-ports-bad-protocol",
        &["annotation", "proto"],
    ),
    ("ingress-listen-ports-empty", &["annotation", "value"]),
    ("ingress-not-alb", &["ingress", "class"]),
    ("ingress-bad-scheme", &["annotation", "value"]),
    ("ingress-bad-target-type", &["annotation", "value"]),
    ("ingress-no-such-subnet", &["annotation", "subnet"]),
    // A flow the tracer cannot read (`trace::FlowError::text`).
    ("flow-unknown-endpoint", &["spec", "hint"]),
    // Why the VPC tracer does not know an endpoint (the hint of `flow-unknown-endpoint`).
    ("end-lb-no-subnets", &[]),
    ("end-prefix-list-empty", &[]),
    ("end-in-vpc-no-interface", &["ip", "vpc"]),
    ("end-expected", &[]),
    ("end-elasticache-in-vpc", &["id"]),
    ("end6-further-interface", &["eni", "instance"]),
    ("end6-in-vpc-no-instance", &["vpc"]),
    ("end6-ipv4-literal", &[]),
    ("end6-only-instances", &[]),
    ("end6-no-ipv6-address", &["instance"]),
    ("flow-unknown-service-kind", &["id", "kind"]),
    ("flow-port-required", &["protocol", "from", "to"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_is_the_format_and_the_arguments_are_named() {
        let id = "igw-1".to_string();
        let t = msg!("trace-name-vpc", "VPC {id}", id);
        assert_eq!(t.en, "VPC igw-1");
        let m = t.msg.unwrap();
        assert_eq!(m.key, "trace-name-vpc");
        assert_eq!(m.arg("id"), Some(&Arg::Value("igw-1".into())));
        // The local is only borrowed.
        assert_eq!(id, "igw-1");
        let t = msg!(
            "trace-proto-port",
            "{proto} port {port}",
            proto = "tcp",
            port = 443u16
        );
        assert_eq!(t.en, "tcp port 443");
        assert_eq!(t.msg.unwrap().arg("port"), Some(&Arg::Value("443".into())));
    }

    #[test]
    fn a_text_argument_nests_its_message() {
        let a = msg!("trace-name-vpc", "VPC {id}", id = "vpc-a");
        let t = msg!(
            "trace-disconnected-vpcs",
            "{a} and {b}",
            a,
            b = msg!("trace-name-internet", "the internet")
        );
        assert_eq!(t.en, "VPC vpc-a and the internet");
        let m = t.msg.unwrap();
        assert!(matches!(m.arg("a"), Some(Arg::Msg(i)) if i.key == "trace-name-vpc"));
        assert!(matches!(m.arg("b"), Some(Arg::Msg(i)) if i.key == "trace-name-internet"));
    }

    #[test]
    fn a_joined_list_keeps_each_item() {
        let t = Text::join(
            vec![
                msg!("trace-name-vpc", "VPC {id}", id = 1u8),
                Text::from("b"),
            ],
            "; ",
        );
        assert_eq!(t.en, "VPC 1; b");
        let m = t.msg.unwrap();
        assert_eq!(m.key, LIST.0);
        let Some(Arg::List { sep, items }) = m.arg("items") else {
            panic!("{m:?}")
        };
        assert_eq!(*sep, "; ");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn keys_are_unique_and_checked_with_their_arguments() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, _) in KEYS {
            assert!(seen.insert(k), "{k} twice");
        }
        assert!(known("trace-name-vpc", &["id"]));
        assert!(!known("trace-name-vpc", &["name"]));
        assert!(!known("trace-name-vpc", &[]));
        assert!(!known("no-such-key", &[]));
    }
}
