//! The import cache gives what a cold import gives: after every edit of a configuration
//! (a variable, a tfvars value, a module file, a deleted, moved or broken file, a command-line
//! variable), `import_terraform_cached` through one long-lived cache equals `import_terraform`
//! of the same source, network, provenance, warnings or error alike; an unchanged file is
//! not parsed again; and an edit of blocks whose changes no other block can see
//! re-evaluates only those blocks (and only then).

use std::collections::BTreeMap;

use proptest::prelude::*;
use sim::network::export::terraform::export_design_terraform;
use sim::network::import::terraform::{
    import_terraform, import_terraform_cached, CliVariable, ImportCache, TerraformSource,
};
use sim::network::samples::generated_design;

const TWO_TIER: &[(&str, &str)] = &[
    (
        "two-tier/main.tf",
        include_str!("../../tests/fixtures/terraform/two-tier/main.tf"),
    ),
    (
        "two-tier/variables.tf",
        include_str!("../../tests/fixtures/terraform/two-tier/variables.tf"),
    ),
    (
        "two-tier/terraform.tfvars",
        include_str!("../../tests/fixtures/terraform/two-tier/terraform.tfvars"),
    ),
];

const CHILD_MODULE: &[(&str, &str)] = &[
    (
        "child-module/main.tf",
        include_str!("../../tests/fixtures/terraform/child-module/main.tf"),
    ),
    (
        "child-module/modules/net/main.tf",
        include_str!("../../tests/fixtures/terraform/child-module/modules/net/main.tf"),
    ),
    (
        "child-module/modules/net/variables.tf",
        include_str!("../../tests/fixtures/terraform/child-module/modules/net/variables.tf"),
    ),
    (
        "child-module/modules/net/outputs.tf",
        include_str!("../../tests/fixtures/terraform/child-module/modules/net/outputs.tf"),
    ),
];

fn source(files: &[(&str, &str)], root: &str) -> TerraformSource {
    TerraformSource {
        files: files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
        root: root.into(),
        ..TerraformSource::default()
    }
}

/// Imports `source` through `cache` and cold, and says they agree.
fn check(cache: &mut ImportCache, source: &TerraformSource, step: &str) {
    let cold = import_terraform(source);
    let warm = import_terraform_cached(source, cache);
    assert_eq!(
        warm, cold,
        "{step}: cached import differs from a cold import"
    );
}

fn replace_in(files: &mut BTreeMap<String, String>, path: &str, from: &str, to: &str) {
    let text = files
        .get_mut(path)
        .unwrap_or_else(|| panic!("{path} is there"));
    assert!(text.contains(from), "{path} contains {from:?}");
    *text = text.replacen(from, to, 1);
}

/// An edit of a configuration, named for the test report.
struct Edit {
    name: &'static str,
    apply: fn(&mut TerraformSource),
    /// Does the edit change what the import gives (so a stale result would be caught)?
    changes_result: bool,
}

/// A configuration (name, files, root) and the edits made to it in turn.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a [Edit]);

#[test]
fn every_edit_through_a_cache_gives_the_cold_import() {
    let cases: &[Case] = &[
        (
            "two-tier",
            TWO_TIER,
            "two-tier",
            &[
                Edit {
                    name: "a variable's description (nothing else) changes",
                    apply: |s| {
                        replace_in(
                            &mut s.files,
                            "two-tier/variables.tf",
                            "Where SSH to the bastion may come from",
                            "edited",
                        )
                    },
                    changes_result: false,
                },
                Edit {
                    name: "a variable's default in variables.tf changes the VPC",
                    apply: |s| {
                        replace_in(
                            &mut s.files,
                            "two-tier/variables.tf",
                            "\"10.0.0.0/16\"",
                            "\"10.9.0.0/16\"",
                        )
                    },
                    changes_result: true,
                },
                Edit {
                    name: "a value in terraform.tfvars changes",
                    apply: |s| {
                        let t = s.files.get_mut("two-tier/terraform.tfvars").unwrap();
                        t.push_str("\napp_port = 9090\n");
                    },
                    changes_result: true,
                },
                Edit {
                    name: "a command-line variable is given",
                    apply: |s| {
                        s.cli_variables.push(CliVariable::Var {
                            name: "app_port".into(),
                            value: "7070".into(),
                        })
                    },
                    changes_result: true,
                },
                Edit {
                    name: "the command-line variable is dropped again",
                    apply: |s| s.cli_variables.clear(),
                    changes_result: true,
                },
                Edit {
                    name: "terraform.tfvars is deleted",
                    apply: |s| {
                        s.files.remove("two-tier/terraform.tfvars");
                    },
                    changes_result: true,
                },
                Edit {
                    name: "variables.tf is deleted (undeclared variables: an error)",
                    apply: |s| {
                        s.files.remove("two-tier/variables.tf");
                    },
                    changes_result: true,
                },
                Edit {
                    name: "variables.tf comes back",
                    apply: |s| {
                        s.files
                            .insert("two-tier/variables.tf".into(), TWO_TIER[1].1.to_string());
                    },
                    changes_result: true,
                },
                Edit {
                    name: "main.tf gets a syntax error",
                    apply: |s| {
                        s.files
                            .get_mut("two-tier/main.tf")
                            .unwrap()
                            .push_str("\n}{\n")
                    },
                    changes_result: true,
                },
                Edit {
                    name: "the syntax error is fixed",
                    apply: |s| {
                        s.files
                            .insert("two-tier/main.tf".into(), TWO_TIER[0].1.to_string());
                    },
                    changes_result: true,
                },
                Edit {
                    name: "main.tf moves to network.tf unchanged (provenance names the new file)",
                    apply: |s| {
                        let t = s.files.remove("two-tier/main.tf").unwrap();
                        s.files.insert("two-tier/network.tf".into(), t);
                    },
                    changes_result: true,
                },
            ],
        ),
        (
            "child-module",
            CHILD_MODULE,
            "child-module",
            &[
                Edit {
                    name: "the module call passes another CIDR",
                    apply: |s| {
                        replace_in(
                            &mut s.files,
                            "child-module/main.tf",
                            "10.40.0.0/16",
                            "10.41.0.0/16",
                        );
                        replace_in(
                            &mut s.files,
                            "child-module/main.tf",
                            "10.40.2.50",
                            "10.41.2.50",
                        );
                    },
                    changes_result: true,
                },
                Edit {
                    name: "a variable default in the module's variables.tf changes",
                    apply: |s| {
                        replace_in(
                            &mut s.files,
                            "child-module/modules/net/variables.tf",
                            "default = []",
                            "default = [\"203.0.113.0/24\"]",
                        )
                    },
                    changes_result: false,
                },
                Edit {
                    name: "the module's outputs.tf is deleted (an error)",
                    apply: |s| {
                        s.files.remove("child-module/modules/net/outputs.tf");
                    },
                    changes_result: true,
                },
                Edit {
                    name: "the module's outputs.tf comes back",
                    apply: |s| {
                        s.files.insert(
                            "child-module/modules/net/outputs.tf".into(),
                            CHILD_MODULE[3].1.to_string(),
                        );
                    },
                    changes_result: true,
                },
                Edit {
                    name: "the module's main.tf loses its last line",
                    apply: |s| {
                        let t = s.files.get_mut("child-module/modules/net/main.tf").unwrap();
                        let cut = t.trim_end().rfind('\n').unwrap_or(0);
                        t.truncate(cut);
                    },
                    changes_result: true,
                },
            ],
        ),
    ];
    for (name, files, root, edits) in cases {
        let mut s = source(files, root);
        let mut cache = ImportCache::new();
        check(&mut cache, &s, &format!("{name}: first import"));
        for e in edits.iter() {
            let before = import_terraform(&s);
            (e.apply)(&mut s);
            let step = format!("{name}: {}", e.name);
            check(&mut cache, &s, &step);
            if e.changes_result {
                assert_ne!(
                    import_terraform(&s),
                    before,
                    "{step}: the edit changes the result"
                );
            }
        }
    }
}

#[test]
fn only_the_changed_file_is_parsed_again() {
    let mut s = source(TWO_TIER, "two-tier");
    let mut cache = ImportCache::new();
    check(&mut cache, &s, "first import");
    assert_eq!(
        cache.parses(),
        3,
        "main.tf, variables.tf and terraform.tfvars"
    );
    check(&mut cache, &s, "same files again");
    assert_eq!(cache.parses(), 3, "nothing parsed for unchanged files");
    replace_in(
        &mut s.files,
        "two-tier/variables.tf",
        "\"10.0.0.0/16\"",
        "\"10.9.0.0/16\"",
    );
    check(&mut cache, &s, "variables.tf changed");
    assert_eq!(cache.parses(), 4, "only variables.tf parsed again");
}

#[test]
fn an_edit_the_import_never_reads_gives_the_previous_result_without_evaluating() {
    let mut s = source(TWO_TIER, "two-tier");
    let mut cache = ImportCache::new();
    check(&mut cache, &s, "first import");
    assert_eq!(cache.reused(), 0);
    replace_in(
        &mut s.files,
        "two-tier/variables.tf",
        "Where SSH to the bastion may come from",
        "edited",
    );
    check(&mut cache, &s, "a variable's description changed");
    assert_eq!(cache.reused(), 1, "nothing evaluated for a description");
    replace_in(
        &mut s.files,
        "two-tier/variables.tf",
        "edited",
        "edited  # a comment",
    );
    check(&mut cache, &s, "a comment added on the same line");
    assert_eq!(cache.reused(), 2, "nothing evaluated for a comment");
    replace_in(
        &mut s.files,
        "two-tier/variables.tf",
        "\"10.0.0.0/16\"",
        "\"10.9.0.0/16\"",
    );
    check(&mut cache, &s, "a default changed");
    assert_eq!(cache.reused(), 2, "a default is evaluated again");
    let main = s.files["two-tier/main.tf"].clone();
    s.files
        .insert("two-tier/main.tf".into(), format!("\n{main}"));
    check(&mut cache, &s, "every line of main.tf moved down");
    assert_eq!(cache.reused(), 2, "moved lines change the provenance");
    let sg = s.files["two-tier/main.tf"]
        .match_indices("description")
        .count();
    assert!(sg > 0, "main.tf has a description outside variable blocks");
    let t = s.files.get_mut("two-tier/main.tf").unwrap();
    let at = t.find("description").unwrap();
    let open = at + t[at..].find('"').unwrap() + 1;
    t.insert(open, 'x');
    check(&mut cache, &s, "a resource's description changed");
    assert_eq!(cache.reused(), 2, "a resource's description is evaluated");
}

/// One edit of two-tier/main.tf, from the fixture's text: whether only the edited block
/// may be re-evaluated, and that the result is the cold import's either way.
#[test]
fn an_edit_nothing_else_can_see_re_evaluates_only_its_block() {
    let cases: &[(&str, &str, &str, bool)] = &[
        (
            "a separate rule's port: nothing refers to the rule",
            "from_port         = 80\n  to_port           = 80",
            "from_port         = 8080\n  to_port           = 8080",
            true,
        ),
        (
            "an inline rule's CIDR: the instances read only the group's id",
            "cidr_blocks = [\"0.0.0.0/0\"]",
            "cidr_blocks = [\"10.0.0.0/8\"]",
            true,
        ),
        (
            "a route's destination: the association reads only the table's id",
            "cidr_block = \"0.0.0.0/0\"",
            "cidr_block = \"0.0.0.0/1\"",
            true,
        ),
        (
            "a rule that now names another group: nothing refers to the rule",
            "referenced_security_group_id = aws_security_group.app.id",
            "referenced_security_group_id = aws_security_group.bastion.id",
            true,
        ),
        (
            "a subnet's Name tag: its users read its id and CIDR only",
            "Name = \"${local.name}-public\"",
            "Name = \"${local.name}-dmz\"",
            true,
        ),
        (
            "a subnet's CIDR: an instance reads it (and an address is assumed from it)",
            "cidr_block              = cidrsubnet(var.vpc_cidr, 8, 1)",
            "cidr_block              = cidrsubnet(var.vpc_cidr, 8, 7)",
            false,
        ),
        (
            "a subnet's public addressing: an instance reads it by address",
            "map_public_ip_on_launch = true",
            "map_public_ip_on_launch = false",
            false,
        ),
        (
            "a group that now names another block: its users could be evaluated in another order",
            "name   = \"web\"",
            "name   = aws_internet_gateway.igw.id",
            false,
        ),
        (
            "an instance: its addresses are handed out in order",
            "instance_type          = \"t3.micro\"",
            "instance_type          = \"t3.nano\"",
            false,
        ),
        (
            "the VPC: AWS's defaults hang on it",
            "cidr_block = var.vpc_cidr\n  tags",
            "cidr_block = \"10.9.0.0/16\"\n  tags",
            false,
        ),
        (
            "a local value: not a resource",
            "az   = \"${var.region}a\"",
            "az   = \"${var.region}b\"",
            false,
        ),
        (
            "a line added in a rule moves every block below it, instances among them",
            "resource \"aws_security_group_rule\" \"web_http\" {",
            "resource \"aws_security_group_rule\" \"web_http\" {\n",
            false,
        ),
        (
            "a broken reference in a leaf: the full evaluation words the error",
            "referenced_security_group_id = aws_security_group.app.id",
            "referenced_security_group_id = aws_security_group.nope.id",
            false,
        ),
    ];
    for (name, from, to, patched) in cases {
        let mut s = source(TWO_TIER, "two-tier");
        let mut cache = ImportCache::new();
        check(&mut cache, &s, "first import");
        let text = s.files.get("two-tier/main.tf").unwrap();
        if !text.contains(from) {
            panic!("{name}: main.tf has no {from:?}");
        }
        replace_in(&mut s.files, "two-tier/main.tf", from, to);
        let cold = import_terraform(&s);
        assert_ne!(
            cold,
            import_terraform(&source(TWO_TIER, "two-tier")),
            "{name}: the edit changes the import"
        );
        check(&mut cache, &s, name);
        assert_eq!(
            cache.patched_imports(),
            usize::from(*patched),
            "{name}: patched or evaluated in full"
        );
        // And back: the patched state is a sound base for the next import.
        replace_in(&mut s.files, "two-tier/main.tf", to, from);
        check(&mut cache, &s, &format!("{name}, undone"));
    }
}

/// The edit loop `tests/perf/terraform-reimport.mjs` times, on an exported generated design:
/// a security group's egress CIDR, then a route's, through one cache.
#[test]
fn an_exported_design_re_imports_a_changed_rule_by_patching() {
    let export = export_design_terraform(&generated_design(60));
    let mut s = TerraformSource {
        files: export.files.into_iter().collect(),
        ..TerraformSource::default()
    };
    let mut cache = ImportCache::new();
    check(&mut cache, &s, "first import");
    replace_in(
        &mut s.files,
        "security.tf",
        "cidr_blocks = [\"0.0.0.0/0\"]",
        "cidr_blocks = [\"10.0.0.0/8\"]",
    );
    check(&mut cache, &s, "an egress CIDR");
    assert_eq!(cache.patched_imports(), 1, "the group alone re-evaluated");
    replace_in(
        &mut s.files,
        "security.tf",
        "cidr_blocks = [\"10.0.0.0/8\"]",
        "cidr_blocks = [\"10.0.0.0/9\"]",
    );
    check(&mut cache, &s, "the same rule again");
    assert_eq!(cache.patched_imports(), 2);
}

#[test]
fn a_deleted_file_is_forgotten() {
    let mut s = source(CHILD_MODULE, "child-module");
    let mut cache = ImportCache::new();
    check(&mut cache, &s, "first import");
    assert_eq!(cache.parsed_files(), 4);
    s.files.remove("child-module/modules/net/variables.tf");
    check(&mut cache, &s, "module variables.tf deleted (an error)");
    s.files.remove("child-module/modules/net/outputs.tf");
    s.files.insert(
        "child-module/modules/net/vars.tf".into(),
        CHILD_MODULE[2].1.to_string(),
    );
    s.files.insert(
        "child-module/modules/net/outs.tf".into(),
        CHILD_MODULE[3].1.to_string(),
    );
    check(&mut cache, &s, "the module's files renamed");
    assert_eq!(cache.parsed_files(), 4, "the old names are forgotten");
    let mut fewer = source(TWO_TIER, "two-tier");
    fewer.files.remove("two-tier/terraform.tfvars");
    check(&mut cache, &fewer, "another configuration");
    assert_eq!(
        cache.parsed_files(),
        2,
        "only the files of the last source are kept"
    );
}

#[test]
fn module_dirs_through_the_cache_match_the_plain_function() {
    let mut cache = ImportCache::new();
    let (path, text) = CHILD_MODULE[0];
    assert_eq!(
        cache.local_module_dirs(path, text),
        sim::network::import::terraform::local_module_dirs("child-module", text)
    );
    assert_eq!(
        cache.local_module_dirs(path, text),
        vec!["child-module/modules/net"]
    );
    assert_eq!(cache.parses(), 1, "the second call reused the tree");
    let s = source(CHILD_MODULE, "child-module");
    check(&mut cache, &s, "import after the module lookup");
    assert_eq!(
        cache.parses(),
        4,
        "main.tf was not parsed again by the import"
    );
}

/// One random edit: which file (by index), where (a fraction of its length) and what.
#[derive(Clone, Debug)]
enum RandomEdit {
    /// Replace one digit with another (CIDRs, ports, counts change).
    Digit {
        file: usize,
        at: f64,
        digit: u8,
    },
    /// Insert text (a comment, a brace, a new line).
    Insert {
        file: usize,
        at: f64,
        text: &'static str,
    },
    Delete {
        file: usize,
    },
    /// Put a file back with its fixture text.
    Restore {
        file: usize,
    },
    /// Change the text of one `description = "…"` (of a variable, a resource or a rule),
    /// or add a comment or spaces on one line: the edits the cache may answer without
    /// evaluating when they are in a variable block, and must not elsewhere.
    Describe {
        file: usize,
        at: f64,
        text: &'static str,
    },
}

fn random_edit() -> impl Strategy<Value = RandomEdit> {
    prop_oneof![
        4 => (0..4usize, 0.0..1.0f64, 0..10u8).prop_map(|(file, at, digit)| RandomEdit::Digit { file, at, digit }),
        2 => (0..4usize, 0.0..1.0f64, prop::sample::select(vec!["# note\n", "\n", "}", "\"", " x = 1\n"]))
            .prop_map(|(file, at, text)| RandomEdit::Insert { file, at, text }),
        1 => (0..4usize).prop_map(|file| RandomEdit::Delete { file }),
        2 => (0..4usize).prop_map(|file| RandomEdit::Restore { file }),
        3 => (0..4usize, 0.0..1.0f64, prop::sample::select(vec!["edited", "", "  ", " # note", "x\\\"y"]))
            .prop_map(|(file, at, text)| RandomEdit::Describe { file, at, text }),
    ]
}

fn apply(files: &[(&str, &str)], s: &mut TerraformSource, e: &RandomEdit) {
    let pick = |k: usize| files[k % files.len()];
    match e {
        RandomEdit::Digit { file, at, digit } => {
            let (path, _) = pick(*file);
            if let Some(t) = s.files.get_mut(path) {
                let digits: Vec<usize> = t
                    .char_indices()
                    .filter(|(_, c)| c.is_ascii_digit())
                    .map(|(k, _)| k)
                    .collect();
                if !digits.is_empty() {
                    let k = digits[((digits.len() as f64 * at) as usize).min(digits.len() - 1)];
                    t.replace_range(k..k + 1, &digit.to_string());
                }
            }
        }
        RandomEdit::Insert { file, at, text } => {
            let (path, _) = pick(*file);
            if let Some(t) = s.files.get_mut(path) {
                let mut k = ((t.len() as f64) * at) as usize;
                while !t.is_char_boundary(k) {
                    k -= 1;
                }
                t.insert_str(k, text);
            }
        }
        RandomEdit::Delete { file } => {
            s.files.remove(pick(*file).0);
        }
        RandomEdit::Restore { file } => {
            let (path, text) = pick(*file);
            s.files.insert(path.to_string(), text.to_string());
        }
        RandomEdit::Describe { file, at, text } => {
            let (path, _) = pick(*file);
            if let Some(t) = s.files.get_mut(path) {
                let found: Vec<usize> = t
                    .match_indices("description = \"")
                    .map(|(k, _)| k)
                    .collect();
                if found.is_empty() {
                    return;
                }
                let k = found[((found.len() as f64 * at) as usize).min(found.len() - 1)];
                let start = k + "description = \"".len();
                let Some(len) = t[start..].find('"') else {
                    return;
                };
                if text.trim_start().starts_with('#') || text.trim().is_empty() {
                    // A comment or spaces after the closing quote, on the same line.
                    t.insert_str(start + len + 1, text);
                } else {
                    t.replace_range(start..start + len, text);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn cached_import_equals_cold_import_over_random_edits(
        child in any::<bool>(),
        edits in prop::collection::vec(random_edit(), 1..10),
    ) {
        let (files, root) = if child { (CHILD_MODULE, "child-module") } else { (TWO_TIER, "two-tier") };
        let mut s = source(files, root);
        let mut cache = ImportCache::new();
        prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s));
        for e in &edits {
            apply(files, &mut s, e);
            prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s), "after {:?}", e);
        }
    }

    /// Numbers changed at random in an exported design's rules, routes and subnets (ports,
    /// CIDRs, rule numbers): most edits are patched, and each must give the cold import.
    #[test]
    fn patched_import_equals_cold_import_over_random_digit_edits(
        edits in prop::collection::vec((0..3usize, 0.0..1.0f64, 0..10u8), 1..6),
    ) {
        let export = export_design_terraform(&generated_design(25));
        let files: Vec<(String, String)> = export.files.into_iter().collect();
        let mut s = TerraformSource {
            files: files.iter().cloned().collect(),
            ..TerraformSource::default()
        };
        let names = ["security.tf", "network.tf", "compute.tf"];
        let mut cache = ImportCache::new();
        prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s));
        for (file, at, digit) in &edits {
            let t = s.files.get_mut(names[*file]).expect("the export writes it");
            let digits: Vec<usize> = t
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(k, _)| k)
                .collect();
            let k = digits[((digits.len() as f64 * at) as usize).min(digits.len() - 1)];
            t.replace_range(k..k + 1, &digit.to_string());
            prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s), "after {:?}", (file, at, digit));
        }
    }

    #[test]
    fn cached_import_equals_cold_import_over_description_edits(
        child in any::<bool>(),
        edits in prop::collection::vec(
            (0..4usize, 0.0..1.0f64, prop::sample::select(vec!["edited", "", "  ", " # note", "x\\\"y"]))
                .prop_map(|(file, at, text)| RandomEdit::Describe { file, at, text }),
            1..8,
        ),
    ) {
        let (files, root) = if child { (CHILD_MODULE, "child-module") } else { (TWO_TIER, "two-tier") };
        let mut s = source(files, root);
        let mut cache = ImportCache::new();
        prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s));
        for e in &edits {
            apply(files, &mut s, e);
            prop_assert_eq!(import_terraform_cached(&s, &mut cache), import_terraform(&s), "after {:?}", e);
        }
    }
}
