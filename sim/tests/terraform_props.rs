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
];

const STATE: &str = include_str!("../../tests/fixtures/terraform/state/applied.json");

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
