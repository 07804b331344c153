//! Property tests: the Terraform importers never panic on arbitrary or mutated input, and
//! the same input always gives the same result (network, provenance, warnings or error).

use proptest::prelude::*;
use sim::network::import::terraform::{
    import_terraform, import_terraform_json, CliVariable, TerraformSource,
};
use sim::network::trace::{trace, Flow};

const FIXTURES: &[&str] = &[
    include_str!("../../tests/fixtures/terraform/two-tier/main.tf"),
    include_str!("../../tests/fixtures/terraform/three-az/main.tf"),
    include_str!("../../tests/fixtures/terraform/nat-per-az/main.tf"),
    include_str!("../../tests/fixtures/terraform/child-module/main.tf"),
    include_str!("../../tests/fixtures/terraform/child-module/modules/net/main.tf"),
    PRIVATELINK,
];

const STATE: &str = include_str!("../../tests/fixtures/terraform/state/applied.json");

/// Interface endpoints, prefix lists with inline and separate entries, a transit gateway and a
/// VPN (E5, M1, T1, G1): the resources of `import/terraform/endpoints.rs` and `transit.rs`.
const PRIVATELINK: &str = r#"
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_security_group" "vpce" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.apps.id]
  }
}
resource "aws_ec2_managed_prefix_list" "apps" {
  name           = "apps"
  address_family = "IPv4"
  max_entries    = 2
  entry { cidr = "10.0.1.0/24" }
}
resource "aws_ec2_managed_prefix_list_entry" "more" {
  prefix_list_id = aws_ec2_managed_prefix_list.apps.id
  cidr           = "10.0.2.0/24"
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.a.id]
  security_group_ids  = [aws_security_group.vpce.id]
  private_dns_enabled = true
}
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_ec2_transit_gateway_vpc_attachment" "main" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.main.id
  subnet_ids         = [aws_subnet.a.id]
}
resource "aws_customer_gateway" "office" {
  bgp_asn    = 65000
  ip_address = "198.51.100.7"
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "office" {
  customer_gateway_id = aws_customer_gateway.office.id
  transit_gateway_id  = aws_ec2_transit_gateway.hub.id
  type                = "ipsec.1"
}
"#;

/// Snippets that exercise the evaluator when spliced in anywhere.
const SNIPPETS: &[&str] = &[
    "}",
    "{",
    "\"",
    "${",
    "]",
    "[",
    "(",
    ")",
    "count.index",
    "each.value",
    "var.nope",
    "local.x",
    "aws_vpc.main.id",
    "for x in [1] : x",
    "? 1 : 2",
    "cidrsubnet(\"10.0.0.0/16\", 40, 1)",
    "try(",
    "can(x)",
    "dynamic \"ingress\" {",
    "content {",
    "count = 3",
    "for_each = {a = 1}",
    "module \"m\" { source = \"./\" }",
    "\n",
    "#",
    "/*",
    "<<EOT\n",
    "-1",
    "1e999",
    "null",
    "*",
];

fn source(text: &str) -> TerraformSource {
    TerraformSource {
        files: [
            ("main.tf".to_string(), text.to_string()),
            (
                "modules/net/variables.tf".to_string(),
                "variable \"name\" {}\nvariable \"cidr\" {}\nvariable \"ssh_from\" { default = [] }"
                    .to_string(),
            ),
            ("modules/net/main.tf".to_string(), FIXTURES[4].to_string()),
        ]
        .into_iter()
        .collect(),
        cli_variables: vec![CliVariable::Var {
            name: "region".into(),
            value: "eu-west-1".into(),
        }],
        ..TerraformSource::default()
    }
}

/// Applies byte-level edits: delete a range, insert a snippet, duplicate a line.
fn mutate(text: &str, ops: &[(u8, usize, usize)]) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for &(op, a, b) in ops {
        if s.is_empty() {
            break;
        }
        let i = a % s.len();
        match op % 3 {
            0 => {
                let j = (i + b % 40).min(s.len());
                s.drain(i..j);
            }
            1 => {
                let snippet = SNIPPETS[b % SNIPPETS.len()];
                for (k, c) in snippet.chars().enumerate() {
                    s.insert(i + k, c);
                }
            }
            _ => {
                let line: String = s[i..].iter().take_while(|c| **c != '\n').collect();
                for (k, c) in line.chars().enumerate() {
                    s.insert(i + k, c);
                }
            }
        }
    }
    s.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_configurations_never_panic_and_import_deterministically(
        fixture in 0..FIXTURES.len() - 1,
        ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..6),
    ) {
        let text = mutate(FIXTURES[fixture], &ops);
        let a = import_terraform(&source(&text));
        let b = import_terraform(&source(&text));
        prop_assert_eq!(&a, &b);
        if let Ok(t) = a {
            // Whatever imported can be traced without a panic.
            if let Some(i) = t.network.instances.first() {
                let _ = trace(&t.network, &Flow::tcp("internet", &i.id, 22));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let a = import_terraform(&source(&text));
        prop_assert_eq!(&a, &import_terraform(&source(&text)));
    }

    #[test]
    fn mutated_state_json_never_panics(
        ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..4),
    ) {
        let text = mutate(STATE, &ops);
        let a = import_terraform_json("state.json", &text);
        prop_assert_eq!(&a, &import_terraform_json("state.json", &text));
    }
}
