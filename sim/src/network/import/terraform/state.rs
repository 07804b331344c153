//! `terraform show -json` → `Network`: an applied state (`values.root_module` with
//! nested `child_modules`) or a plan (`planned_values.root_module`).
//!
//! **Why**: a state holds what the provider read back from AWS, so it answers what HCL
//! cannot know offline (registry modules, data sources, assigned addresses). The builder
//! is the same as for HCL; this module only turns the JSON into the same resource values.
//!
//! **Guarantees**: component ids are resource addresses; every real id found in the state
//! (`vpc-…`, `sg-…`, `i-…`, ARNs) is rewritten to its address wherever it is referenced and
//! listed in [`TerraformImport::aliases`], so `--from i-0abc…` works; for a plan, values
//! unknown until apply are recovered from `configuration` references where it names them,
//! and otherwise assumed with a warning (as for HCL). Malformed JSON is an error naming the
//! file, line and column; never a panic.

use std::collections::BTreeMap;

use hcl::{Map, Number, Value};

use super::eval::{complete_planned, Evaluated, Resource};
use super::{build, Provenance, TerraformError, TerraformImport};

fn to_hcl(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Number::from)
            .or_else(|| n.as_f64().and_then(Number::from_f64))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(to_hcl).collect()),
        serde_json::Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), to_hcl(v))).collect())
        }
    }
}

fn rewrite(v: &mut Value, aliases: &BTreeMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(a) = aliases.get(s.as_str()) {
                *s = a.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, aliases)),
        Value::Object(o) => o.values_mut().for_each(|x| rewrite(x, aliases)),
        _ => {}
    }
}

struct Raw {
    address: String,
    kind: String,
    values: Map<String, Value>,
}

fn collect(module: &serde_json::Value, out: &mut Vec<Raw>, depth: usize) {
    if depth > super::MAX_MODULE_DEPTH {
        return;
    }
    for r in module
        .get("resources")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(|m| m.as_str()) == Some("data") {
            continue;
        }
        let (Some(address), Some(kind)) = (
            r.get("address").and_then(|a| a.as_str()),
            r.get("type").and_then(|a| a.as_str()),
        ) else {
            continue;
        };
        let values = match r.get("values").map(to_hcl) {
            Some(Value::Object(o)) => o,
            _ => Map::new(),
        };
        out.push(Raw {
            address: address.to_string(),
            kind: kind.to_string(),
            values,
        });
    }
    for c in module
        .get("child_modules")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        collect(c, out, depth + 1);
    }
}

/// `configuration` resources by address (no index) → attribute → referenced addresses.
type ConfigRefs = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn config_refs(module: &serde_json::Value, prefix: &str, out: &mut ConfigRefs, depth: usize) {
    if depth > super::MAX_MODULE_DEPTH {
        return;
    }
    for r in module
        .get("resources")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        let Some(address) = r.get("address").and_then(|a| a.as_str()) else {
            continue;
        };
        let mut attrs = BTreeMap::new();
        for (k, e) in r
            .get("expressions")
            .and_then(|e| e.as_object())
            .into_iter()
            .flatten()
        {
            let refs: Vec<String> = e
                .get("references")
                .and_then(|r| r.as_array())
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str())
                .filter(|x| {
                    !x.ends_with(".id")
                        && !x.ends_with(".arn")
                        && !x.starts_with("var.")
                        && !x.starts_with("local.")
                })
                .map(|x| format!("{prefix}{x}"))
                .collect();
            if !refs.is_empty() {
                attrs.insert(k.clone(), refs);
            }
        }
        out.insert(format!("{prefix}{address}"), attrs);
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(|m| m.as_object())
        .into_iter()
        .flatten()
    {
        if let Some(m) = call.get("module") {
            config_refs(m, &format!("{prefix}module.{name}."), out, depth + 1);
        }
    }
}

fn base_address(address: &str) -> &str {
    match address.rfind('[') {
        Some(k) if address.ends_with(']') => &address[..k],
        _ => address,
    }
}

/// Attributes that hold references to other resources and matter for the network.
const REF_ATTRS: &[(&str, bool)] = &[
    ("vpc_id", false),
    ("peer_vpc_id", false),
    ("subnet_id", false),
    ("route_table_id", false),
    ("gateway_id", false),
    ("nat_gateway_id", false),
    ("allocation_id", false),
    ("instance", false),
    ("instance_id", false),
    ("security_group_id", false),
    ("source_security_group_id", false),
    ("referenced_security_group_id", false),
    ("network_acl_id", false),
    ("vpc_peering_connection_id", false),
    ("internet_gateway_id", false),
    ("vpc_endpoint_id", false),
    ("load_balancer_arn", false),
    ("target_group_arn", false),
    ("target_id", false),
    ("db_subnet_group_name", false),
    ("vpc_security_group_ids", true),
    ("subnet_ids", true),
    ("subnets", true),
    ("security_groups", true),
    ("route_table_ids", true),
];

/// For a plan: fills attributes unknown until apply from the configuration's references.
fn recover_references(raw: &mut [Raw], refs: &ConfigRefs) {
    let addresses: Vec<String> = raw.iter().map(|r| r.address.clone()).collect();
    let instance_of = |target: &str, own: &str| -> Option<String> {
        if addresses.iter().any(|a| a == target) {
            return Some(target.to_string());
        }
        // A counted or for_each target: the same index as the referrer, else the first.
        let own_index = own.rfind('[').map(|k| &own[k..]).unwrap_or("");
        let same = format!("{target}{own_index}");
        if !own_index.is_empty() && addresses.contains(&same) {
            return Some(same);
        }
        addresses
            .iter()
            .find(|a| base_address(a) == target)
            .cloned()
    };
    for r in raw.iter_mut() {
        let Some(attrs) = refs.get(base_address(&r.address)) else {
            continue;
        };
        for (attr, is_list) in REF_ATTRS {
            if r.values.get(*attr).is_some_and(|v| !v.is_null()) {
                continue;
            }
            let Some(targets) = attrs.get(*attr) else {
                continue;
            };
            let found: Vec<Value> = targets
                .iter()
                .filter_map(|t| instance_of(t, &r.address))
                .map(Value::String)
                .collect();
            if found.is_empty() {
                continue;
            }
            let v = if *is_list {
                Value::Array(found)
            } else {
                found[0].clone()
            };
            r.values.insert(attr.to_string(), v);
        }
    }
}

/// Kinds whose rules the provider reads back into the parent's inline list, so the
/// separate resource would count each rule twice.
const FOLDED_INTO_PARENT: &[(&str, &str, &str, &[&str])] = &[
    (
        "aws_security_group_rule",
        "security_group_id",
        "aws_security_group",
        &["ingress", "egress"],
    ),
    (
        "aws_vpc_security_group_ingress_rule",
        "security_group_id",
        "aws_security_group",
        &["ingress"],
    ),
    (
        "aws_vpc_security_group_egress_rule",
        "security_group_id",
        "aws_security_group",
        &["egress"],
    ),
    (
        "aws_network_acl_rule",
        "network_acl_id",
        "aws_network_acl",
        &["ingress", "egress"],
    ),
    ("aws_route", "route_table_id", "aws_route_table", &["route"]),
];

/// Imports the JSON of `terraform show -json` (state or plan).
pub fn import_terraform_json(file: &str, text: &str) -> Result<TerraformImport, TerraformError> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| TerraformError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let plan = doc.get("planned_values").is_some();
    let root = if plan {
        doc.pointer("/planned_values/root_module")
    } else {
        doc.pointer("/values/root_module")
    };
    let Some(root) = root else {
        return Err(TerraformError::State {
            file: file.into(),
            message:
                "neither `values.root_module` (state) nor `planned_values.root_module` (plan): \
                      is this the output of `terraform show -json`?"
                    .into(),
        });
    };
    let mut raw = Vec::new();
    collect(root, &mut raw, 0);
    // A plan leaves unknown what apply will compute; for resources that already exist,
    // `prior_state` holds what AWS reported last time (kept unless the plan changes it).
    let mut from_prior: Vec<(String, Vec<String>)> = Vec::new();
    if plan {
        let mut prior = Vec::new();
        if let Some(p) = doc.pointer("/prior_state/values/root_module") {
            collect(p, &mut prior, 0);
        }
        let prior: BTreeMap<&str, &Raw> = prior.iter().map(|r| (r.address.as_str(), r)).collect();
        for r in raw.iter_mut() {
            let Some(old) = prior.get(r.address.as_str()) else {
                continue;
            };
            let mut filled = Vec::new();
            for (k, v) in &old.values {
                if r.values.get(k).is_none_or(|x| x.is_null()) && !v.is_null() {
                    r.values.insert(k.clone(), v.clone());
                    filled.push(k.clone());
                }
            }
            let matters: Vec<String> = filled
                .into_iter()
                .filter(|k| {
                    ["private_ip", "public_ip", "cidr_block", "allocation_id"].contains(&k.as_str())
                })
                .collect();
            if !matters.is_empty() {
                from_prior.push((r.address.clone(), matters));
            }
        }
    }
    if plan {
        let mut refs = ConfigRefs::new();
        if let Some(c) = doc.pointer("/configuration/root_module") {
            config_refs(c, "", &mut refs, 0);
        }
        recover_references(&mut raw, &refs);
    }
    // Real ids → addresses. Own ids first; a VPC's implicit defaults only when no
    // `aws_default_*` resource holds that id.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for r in &raw {
        for key in ["id", "arn"] {
            if let Some(Value::String(id)) = r.values.get(key) {
                if !id.is_empty() && *id != r.address {
                    aliases
                        .entry(id.clone())
                        .or_insert_with(|| r.address.clone());
                }
            }
        }
    }
    for r in raw.iter().filter(|r| r.kind == "aws_vpc") {
        for (key, suffix) in [
            ("default_security_group_id", "default_security_group"),
            ("default_network_acl_id", "default_network_acl"),
            ("main_route_table_id", "main_route_table"),
            ("default_route_table_id", "main_route_table"),
        ] {
            if let Some(Value::String(id)) = r.values.get(key) {
                aliases
                    .entry(id.clone())
                    .or_insert_with(|| format!("{}:{suffix}", r.address));
            }
        }
    }
    for r in raw.iter_mut() {
        for v in r.values.values_mut() {
            rewrite(v, &aliases);
        }
        // An aws_default_* resource adopts its VPC's default: name it as HCL does.
        let vpc = r
            .values
            .get("vpc_id")
            .and_then(|v| v.as_str())
            .map(String::from);
        if let Some(vpc) = vpc {
            match r.kind.as_str() {
                "aws_default_route_table" => {
                    r.values.insert(
                        "default_route_table_id".into(),
                        Value::from(format!("{vpc}:main_route_table")),
                    );
                }
                "aws_default_network_acl" => {
                    r.values.insert(
                        "default_network_acl_id".into(),
                        Value::from(format!("{vpc}:default_network_acl")),
                    );
                }
                _ => {}
            }
        }
    }
    if !plan {
        let parents: BTreeMap<&str, &Raw> = raw.iter().map(|r| (r.address.as_str(), r)).collect();
        let folded: Vec<bool> = raw
            .iter()
            .map(|r| {
                FOLDED_INTO_PARENT
                    .iter()
                    .any(|(kind, attr, parent_kind, lists)| {
                        r.kind == *kind
                            && r.values
                                .get(*attr)
                                .and_then(|v| v.as_str())
                                .and_then(|p| parents.get(p))
                                .is_some_and(|p| {
                                    p.kind == *parent_kind
                                        && lists.iter().any(|l| p.values.contains_key(*l))
                                })
                    })
            })
            .collect();
        let mut k = 0;
        raw.retain(|_| {
            k += 1;
            !folded[k - 1]
        });
    }
    let at = Provenance {
        file: file.into(),
        line: 0,
    };
    let mut resources: Vec<Resource> = raw
        .into_iter()
        .enumerate()
        .map(|(k, r)| Resource::from_json(r.address, r.kind, r.values, at.clone(), k))
        .collect();
    let region = resources
        .iter()
        .filter(|r| r.kind == "aws_subnet")
        .find_map(|r| {
            r.values
                .get("availability_zone")
                .and_then(|v| v.as_str())
                .map(String::from)
        })
        .map(|az| {
            az.trim_end_matches(|c: char| c.is_ascii_lowercase())
                .to_string()
        })
        .filter(|r| !r.is_empty())
        .unwrap_or_default();
    let mut evaluated = if plan {
        complete_planned(
            &mut resources,
            if region.is_empty() {
                "us-east-1"
            } else {
                &region
            },
        )
    } else {
        for r in resources.iter_mut() {
            r.values.insert("id".into(), Value::from(r.address.clone()));
        }
        Evaluated::default()
    };
    for (address, attrs) in from_prior {
        let k = evaluated.warnings.len();
        evaluated.warnings.push(super::ImportWarning {
            block: address.clone(),
            file: file.into(),
            line: 0,
            message: format!(
                "{} unknown until apply: assumed unchanged from prior_state",
                attrs.join(", ")
            ),
        });
        evaluated.assumed.entry(address).or_default().push(k);
    }
    evaluated.resources = resources;
    evaluated.region = region;
    let mut out = build::build(&evaluated);
    out.aliases = aliases
        .into_iter()
        .filter(|(id, _)| !id.starts_with("arn:"))
        .collect();
    Ok(out)
}
