//! Round trip through Terraform: for every built-in scenario (start and solution), every
//! design in tests/fixtures/designs and the hub-and-spoke one in tests/fixtures/transit,
//! every AWS capture in tests/fixtures/aws (an instance with a further interface among them)
//! and a design with names built to break HCL, `import(export(design))` has the same components, the
//! same lint codes per component and the same verdicts.
//!
//! Ids become resource addresses, so the design's side is first renamed through the
//! exporter's `addresses` map, then both networks are put in a canonical form: rules as
//! sorted sets, "all ports" written one way, AWS-assigned public addresses compared as
//! "has one" (the exporter warns that their values are AWS's), local routes dropped (AWS
//! adds them to every table), and the importer's stand-ins for what a VPC has without
//! being managed (`aws_vpc.NAME:main_route_table` …) dropped when the design had none and
//! they hold AWS's defaults. Verdicts: every saved test flow, and the matrix of every
//! instance, database, load balancer and the internet × TCP 22, 80, 443, 3306, 8080.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sim::network::export::terraform::{
    aws_rule_description, export_design_terraform, TerraformExport,
};
use sim::network::import::terraform::{import_terraform, TerraformSource};
use sim::network::trace::matrix::default_endpoints;
use sim::network::*;

const PORTS: &[u16] = &[22, 80, 443, 3306, 8080];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().map(|x| x == "json").unwrap_or(false))
        .collect();
    out.sort();
    out
}

/// Names that would end a string, open an interpolation or a directive, or add a line.
fn hcl_hostile(mut d: Design) -> Design {
    let evil = [
        "\"}\nresource \"aws_instance\" \"pwned\" {",
        "${file(\"/etc/passwd\")}",
        "%{ for x in [1] }x%{ endfor }",
        "back\\slash \\\" and $${ and %%{",
        "tab\tcr\r\u{7}bell",
        "日本語 ✓ <b>",
    ];
    let mut k = 0;
    let mut next = || {
        k += 1;
        format!("{} #{k}", evil[k % evil.len()])
    };
    let n = &mut d.network;
    n.vpcs.iter_mut().for_each(|x| x.name = next());
    n.subnets.iter_mut().for_each(|x| x.name = next());
    n.route_tables.iter_mut().for_each(|x| x.name = next());
    n.internet_gateways.iter_mut().for_each(|x| x.name = next());
    n.network_acls.iter_mut().for_each(|x| x.name = next());
    n.instances.iter_mut().for_each(|x| x.name = next());
    for g in &mut n.security_groups {
        if g.name != "default" {
            g.name = next();
        }
        g.description = next();
        for r in g.ingress.iter_mut().chain(g.egress.iter_mut()) {
            r.description = next();
        }
    }
    d
}

fn designs() -> Vec<(String, Design)> {
    let mut out = Vec::new();
    for s in sim::scenarios::all() {
        out.push((format!("scenario {} start", s.id), s.start.clone()));
        out.push((format!("scenario {} solution", s.id), s.solution.clone()));
    }
    let designs = json_files(&repo().join("tests/fixtures/designs"));
    let transit = json_files(&repo().join("tests/fixtures/transit"));
    for p in designs.into_iter().chain(transit) {
        let d = Design::from_json(&fs::read_to_string(&p).unwrap()).unwrap();
        out.push((format!("design {}", p.display()), d));
    }
    let aws = repo().join("tests/fixtures/aws");
    let ipv6 = repo().join("tests/fixtures/ipv6");
    for p in json_files(&aws).into_iter().chain(json_files(&ipv6)) {
        let (net, _) = import_aws_json(&fs::read_to_string(&p).unwrap()).unwrap();
        out.push((format!("aws {}", p.display()), Design::new("aws", net)));
    }
    let week1: Vec<(String, String)> = json_files(&aws.join("week1"))
        .iter()
        .map(|p| (p.display().to_string(), fs::read_to_string(p).unwrap()))
        .collect();
    let (net, _) = import_aws_files(&week1).unwrap();
    out.push(("aws week1/".into(), Design::new("aws", net)));
    let hostile = Design::from_json(
        &fs::read_to_string(repo().join("tests/fixtures/designs/hostile-names.json")).unwrap(),
    )
    .unwrap();
    out.push(("HCL-hostile names".into(), hcl_hostile(hostile)));
    out
}

fn import_back(export: &TerraformExport) -> sim::network::import::terraform::TerraformImport {
    let files = export
        .files
        .iter()
        .map(|(name, text)| (format!("out/{name}"), text.clone()))
        .collect();
    let source = TerraformSource {
        files,
        root: "out".into(),
        single_file: None,
        cli_variables: Vec::new(),
    };
    match import_terraform(&source) {
        Ok(i) => i,
        Err(e) => {
            let all: Vec<String> = export
                .files
                .iter()
                .map(|(n, t)| format!("==== {n}\n{t}"))
                .collect();
            panic!("the export does not import: {e}\n{}", all.join("\n"))
        }
    }
}

// ---- canonical form ----------------------------------------------------------------------

/// How one side names things: the design's ids renamed to addresses, or the import as is.
struct Side<'a> {
    net: &'a Network,
    map: Option<&'a BTreeMap<String, String>>,
}

impl Side<'_> {
    fn id(&self, id: &str) -> String {
        self.map
            .and_then(|m| m.get(id).cloned())
            .unwrap_or_else(|| id.to_string())
    }
    fn ids(&self, ids: &[String]) -> Vec<String> {
        let mut v: Vec<String> = ids.iter().map(|i| self.id(i)).collect();
        v.sort();
        v.dedup();
        v
    }
    /// Is this component on the canonical side at all (exported, or imported)?
    fn has(&self, id: &str) -> bool {
        self.map.map(|m| m.contains_key(id)).unwrap_or(true)
    }
    fn name(&self, name: &str, id: &str) -> String {
        if name == id || name == self.id(id) {
            String::new()
        } else {
            name.to_string()
        }
    }
}

fn ports(protocol: Protocol, ports: Option<PortRange>) -> Value {
    match (protocol.has_ports(), ports) {
        (true, Some(p)) if !(p.from == 0 && p.to == 65535) => json!([p.from, p.to]),
        _ => Value::Null,
    }
}

fn icmp(protocol: Protocol, icmp: Option<IcmpMatch>) -> Value {
    match (protocol, icmp) {
        (Protocol::Icmp, Some(m)) if m.icmp_type.is_some() || m.code.is_some() => {
            json!([m.icmp_type, m.code])
        }
        _ => Value::Null,
    }
}

fn sg_rules(s: &Side, rules: &[SecurityGroupRule]) -> Value {
    let set: BTreeSet<String> = rules
        .iter()
        .map(|r| {
            let peer = match &r.peer {
                RulePeer::Cidr(c) => format!("cidr {c}"),
                RulePeer::SecurityGroup(g) => format!("sg {}", s.id(g)),
                RulePeer::PrefixList(p) => format!("pl {}", s.id(p)),
            };
            // As AWS accepts it: the exporter warns when that differs.
            json!([
                r.protocol.name(),
                ports(r.protocol, r.ports),
                icmp(r.protocol, r.icmp),
                peer,
                aws_rule_description(&r.description)
            ])
            .to_string()
        })
        .collect();
    json!(set)
}

fn eni_of(s: &Side, instance: &str) -> String {
    s.net
        .instance(instance)
        .and_then(|i| i.eni_id.clone())
        .map(|e| s.id(&e))
        .unwrap_or_else(|| format!("{}:eni", s.id(instance)))
}

fn canonical(
    s: &Side,
    rds_addresses: &mut Vec<(String, String)>,
) -> BTreeMap<String, BTreeMap<String, Value>> {
    let net = s.net;
    let mut out: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut put = |kind: &str, id: &str, v: Value| {
        out.entry(kind.to_string()).or_default().insert(s.id(id), v);
    };
    put("network", "region", json!(net.region));
    for v in &net.vpcs {
        put(
            "vpc",
            &v.id,
            json!({"name": s.name(&v.name, &v.id), "cidrs": v.cidr_blocks}),
        );
    }
    for x in &net.subnets {
        put(
            "subnet",
            &x.id,
            json!({
                "name": s.name(&x.name, &x.id), "vpc": s.id(&x.vpc_id), "cidr": x.cidr,
                "az": x.availability_zone, "map_public": x.map_public_ip_on_launch,
            }),
        );
    }
    for t in net.route_tables.iter().filter(|t| s.has(&t.id)) {
        let vpc_cidrs = net
            .vpc(&t.vpc_id)
            .map(|v| [v.cidr_blocks.clone(), v.ipv6_cidr_blocks.clone()].concat())
            .unwrap_or_default();
        let routes: BTreeSet<String> = t
            .routes
            .iter()
            .filter(|r| {
                !(r.target.kind == TargetKind::Local
                    && matches!(&r.destination, RouteDestination::Cidr(c) if vpc_cidrs.contains(c)))
            })
            .map(|r| {
                let dest = match (&r.destination, r.target.kind) {
                    (RouteDestination::Cidr(c), _) => c.clone(),
                    (RouteDestination::PrefixList(_), TargetKind::Vpce) => {
                        format!("{}:prefix_list", s.id(&r.target.id))
                    }
                    (RouteDestination::PrefixList(p), _) => s.id(p),
                };
                let target = match r.target.kind {
                    TargetKind::Instance => format!("eni {}", eni_of(s, &r.target.id)),
                    TargetKind::Eni => format!("eni {}", s.id(&r.target.id)),
                    k => format!("{k:?} {}", s.id(&r.target.id)),
                };
                format!("{dest} → {target}")
            })
            .collect();
        put(
            "route-table",
            &t.id,
            json!({
                "name": s.name(&t.name, &t.id), "vpc": s.id(&t.vpc_id), "main": t.main,
                "routes": routes, "associations": s.ids(&t.associations),
            }),
        );
    }
    for g in &net.internet_gateways {
        put(
            "igw",
            &g.id,
            json!({"name": s.name(&g.name, &g.id), "vpc": g.attached_vpc.as_deref().map(|v| s.id(v))}),
        );
    }
    for g in net.nat_gateways.iter().filter(|g| s.has(&g.id)) {
        put(
            "nat",
            &g.id,
            json!({
                "name": s.name(&g.name, &g.id), "subnet": s.id(&g.subnet_id),
                "connectivity": format!("{:?}", g.connectivity), "public": g.public_ip.is_some(),
                "private_ip": g.private_ip,
            }),
        );
    }
    for p in &net.peering_connections {
        put(
            "peering",
            &p.id,
            json!({
                "name": s.name(&p.name, &p.id), "requester": s.id(&p.requester_vpc),
                "accepter": s.id(&p.accepter_vpc), "active": p.status == PeeringStatus::Active,
            }),
        );
    }
    for e in &net.vpc_endpoints {
        let mut tables = e.route_table_ids.clone();
        for t in &net.route_tables {
            if t.routes
                .iter()
                .any(|r| r.target.kind == TargetKind::Vpce && r.target.id == e.id)
            {
                tables.push(t.id.clone());
            }
        }
        put(
            "endpoint",
            &e.id,
            json!({
                "name": s.name(&e.name, &e.id), "vpc": s.id(&e.vpc_id), "service": e.service,
                "type": format!("{:?}", e.endpoint_type), "tables": s.ids(&tables),
                "prefix_list": (e.endpoint_type == EndpointType::Gateway).then(|| format!("{}:prefix_list", s.id(&e.id))),
            }),
        );
    }
    for g in net.security_groups.iter().filter(|g| s.has(&g.id)) {
        let default = g.name == "default";
        put(
            "security-group",
            &g.id,
            json!({
                "name": s.name(&g.name, &g.id), "vpc": s.id(&g.vpc_id),
                // AWS writes the default group's description; Terraform cannot set it.
                "description": if default { "" } else { g.description.as_str() },
                "ingress": sg_rules(s, &g.ingress), "egress": sg_rules(s, &g.egress),
            }),
        );
    }
    for a in &net.network_acls {
        let entries: BTreeSet<String> = a
            .entries
            .iter()
            .map(|e| {
                json!([
                    e.egress,
                    e.rule_number,
                    e.protocol.name(),
                    ports(e.protocol, e.ports),
                    icmp(e.protocol, e.icmp),
                    e.cidr,
                    format!("{:?}", e.action)
                ])
                .to_string()
            })
            .collect();
        put(
            "network-acl",
            &a.id,
            json!({
                "name": s.name(&a.name, &a.id), "vpc": s.id(&a.vpc_id), "default": a.is_default,
                "entries": entries, "associations": s.ids(&a.associations),
            }),
        );
    }
    for i in &net.instances {
        put(
            "instance",
            &i.id,
            json!({
                "name": s.name(&i.name, &i.id), "subnet": s.id(&i.subnet_id), "private_ip": i.private_ip,
                "public": i.public_ip.is_some(), "elastic": i.elastic_ip,
                "secondary": i.secondary_private_ips, "groups": s.ids(&i.security_groups),
                "source_dest_check": i.source_dest_check, "role": format!("{:?}", i.role),
                // Terraform requires a type: the exporter writes t3.micro for none, and warns
                // (checked in `check`).
                "type": if s.map.is_some() && i.instance_type.is_empty() {
                    "t3.micro"
                } else {
                    i.instance_type.as_str()
                },
                // Further interfaces (Q5); their public addresses are AWS's and not exported.
                "interfaces": i.network_interfaces.iter().map(|f| json!({
                    "id": s.id(&f.id), "device_index": f.device_index, "subnet": s.id(&f.subnet_id),
                    "private_ip": f.private_ip, "secondary": f.secondary_private_ips,
                    "groups": s.ids(&f.security_groups), "source_dest_check": f.source_dest_check,
                })).collect::<Vec<_>>(),
            }),
        );
    }
    for l in &net.load_balancers {
        let listeners: BTreeSet<String> = l
            .listeners
            .iter()
            .map(|x| {
                json!([
                    x.port,
                    x.protocol,
                    x.target_group.as_deref().map(|t| s.id(t))
                ])
                .to_string()
            })
            .collect();
        put(
            "load-balancer",
            &l.id,
            json!({
                "name": s.name(&l.name, &l.id), "kind": format!("{:?}", l.kind),
                "scheme": format!("{:?}", l.scheme), "vpc": s.id(&l.vpc_id), "subnets": s.ids(&l.subnets),
                "groups": s.ids(&l.security_groups), "listeners": listeners,
            }),
        );
    }
    for t in &net.target_groups {
        let targets: BTreeSet<String> = t
            .targets
            .iter()
            .map(|x| json!([s.id(&x.id), x.port]).to_string())
            .collect();
        put(
            "target-group",
            &t.id,
            json!({
                "name": s.name(&t.name, &t.id), "protocol": t.protocol, "port": t.port,
                "vpc": s.id(&t.vpc_id), "targets": targets,
            }),
        );
    }
    for d in net.databases.iter().filter(|d| s.has(&d.id)) {
        put(
            "database",
            &d.id,
            json!({
                "name": s.name(&d.name, &d.id), "engine": d.engine, "port": d.port,
                "subnets": d.subnet_group.iter().map(|x| s.id(x)).collect::<Vec<_>>(),
                "groups": s.ids(&d.security_groups), "multi_az": d.multi_az,
                // RDS picks the address; the exporter warns when the design fixed one.
                "public": d.publicly_accessible,
            }),
        );
        if let (Some(ip), Some(_)) = (&d.private_ip, s.map) {
            rds_addresses.push((d.id.clone(), ip.clone()));
        }
    }
    out
}

/// The importer's stand-ins for what a VPC has without being managed, when they still
/// hold AWS's defaults.
fn untouched_default(net: &Network, id: &str) -> bool {
    if id.ends_with(":main_route_table") {
        return net
            .route_table(id)
            .map(|t| t.routes.is_empty() && t.associations.is_empty())
            .unwrap_or(false);
    }
    if id.ends_with(":default_network_acl") {
        return net
            .network_acls
            .iter()
            .find(|a| a.id == id)
            .map(|a| {
                a.associations.is_empty()
                    && a.entries
                        == vec![
                            NaclEntry::allow_all(100, false),
                            NaclEntry::allow_all(100, true),
                        ]
            })
            .unwrap_or(false);
    }
    if id.ends_with(":default_security_group") {
        return net
            .security_group(id)
            .map(|g| {
                g.egress == vec![SecurityGroupRule::allow_all("0.0.0.0/0")] && g.ingress.len() == 1
            })
            .unwrap_or(false);
    }
    false
}

fn lints(s: &Side) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in lint(s.net) {
        out.entry(s.id(&d.component)).or_default().push(d.code);
    }
    out.values_mut().for_each(|v| v.sort());
    out
}

/// A flow endpoint on the import's side: an id becomes its address; a public address the
/// design gave becomes the one the import assumed for the same component.
fn endpoint(
    design: &Network,
    import: &Network,
    map: &BTreeMap<String, String>,
    spec: &str,
) -> String {
    if let Some(a) = map.get(spec) {
        return a.clone();
    }
    for i in &design.instances {
        if i.public_ip.as_deref() == Some(spec) {
            if let Some(back) = map.get(&i.id).and_then(|a| import.instance(a)) {
                if let Some(ip) = &back.public_ip {
                    return ip.clone();
                }
            }
        }
    }
    spec.to_string()
}

fn verdicts(net: &Network, flows: &[Flow]) -> Vec<String> {
    let ix = NetworkIndex::build(net);
    flows
        .iter()
        .map(|f| match ix.trace(f) {
            Ok(t) => format!(
                "{} → {} {:?}: {}",
                f.from,
                f.to,
                f.port,
                if t.is_reachable() {
                    "reachable"
                } else {
                    "unreachable"
                }
            ),
            Err(e) => format!("{} → {}: error {e}", f.from, f.to),
        })
        .collect()
}

fn check(label: &str, design: &Design) -> (usize, usize) {
    let export = export_design_terraform(design);
    // Exported twice, byte for byte the same.
    assert_eq!(
        export,
        export_design_terraform(design),
        "{label}: export is not deterministic"
    );
    let import = import_back(&export);
    let map = &export.addresses;
    let original = &design.network;
    let back = &import.network;

    // Every component the exporter left out is named by a warning.
    for (id, _) in original.component_ids() {
        let prefix_list = original.prefix_list(id).is_some();
        if !map.contains_key(id) && !prefix_list {
            assert!(
                export.warnings.iter().any(|w| w.component == id),
                "{label}: {id} was neither exported nor warned about"
            );
        }
    }

    for i in &original.instances {
        if i.instance_type.is_empty() {
            assert!(
                export
                    .warnings
                    .iter()
                    .any(|w| w.component == i.id && w.message.contains("t3.micro")),
                "{label}: {} has no instance type and no warning says what was written",
                i.id
            );
        }
    }

    let ours = Side {
        net: original,
        map: Some(map),
    };
    let theirs = Side {
        net: back,
        map: None,
    };
    let mut rds_addresses = Vec::new();
    let mut want = canonical(&ours, &mut rds_addresses);
    let mut got = canonical(&theirs, &mut Vec::new());
    for (id, ip) in &rds_addresses {
        assert!(
            export
                .warnings
                .iter()
                .any(|w| w.component == *id && w.message.contains(ip.as_str())),
            "{label}: the fixed address of {id} is not warned about"
        );
    }
    // The design's region, when it had none, is the one the exporter wrote.
    if original.region.is_empty() {
        want.insert(
            "network".into(),
            [("region".to_string(), json!("us-east-1"))].into(),
        );
    }
    for kind in ["route-table", "network-acl", "security-group"] {
        if let Some(g) = got.get_mut(kind) {
            let stand_ins: Vec<String> = g
                .keys()
                .filter(|id| {
                    !want.get(kind).map(|w| w.contains_key(*id)).unwrap_or(false)
                        && untouched_default(back, id)
                })
                .cloned()
                .collect();
            for id in stand_ins {
                g.remove(&id);
            }
        }
    }
    for kind in want.keys().chain(got.keys()).collect::<BTreeSet<_>>() {
        let empty = BTreeMap::new();
        let w = want.get(kind).unwrap_or(&empty);
        let g = got.get(kind).unwrap_or(&empty);
        assert_eq!(
            w.keys().collect::<Vec<_>>(),
            g.keys().collect::<Vec<_>>(),
            "{label}: {kind} ids differ"
        );
        for (id, value) in w {
            assert_eq!(
                Some(value),
                g.get(id),
                "{label}: {kind} {id} differs\n{}",
                export
                    .files
                    .iter()
                    .map(|(n, t)| format!("==== {n}\n{t}"))
                    .collect::<String>()
            );
        }
    }

    // Lint codes per component.
    let mut lint_back = lints(&theirs);
    lint_back
        .retain(|id, _| !untouched_default(back, id) || want.values().any(|m| m.contains_key(id)));
    assert_eq!(lints(&ours), lint_back, "{label}: lints differ");

    // Verdicts: saved flows, then the endpoint matrix.
    let mut flows: Vec<Flow> = design.flows.iter().map(|f| f.to_flow()).collect();
    let ix = NetworkIndex::build(original);
    let mut ends = default_endpoints(&ix);
    ends.push("internet".into());
    for from in &ends {
        for to in &ends {
            if from != to {
                for p in PORTS {
                    flows.push(Flow::tcp(from, to, *p));
                }
            }
        }
    }
    let theirs_flows: Vec<Flow> = flows
        .iter()
        .map(|f| Flow {
            from: endpoint(original, back, map, &f.from),
            to: endpoint(original, back, map, &f.to),
            ..f.clone()
        })
        .collect();
    let a = verdicts(original, &flows);
    let b = verdicts(back, &theirs_flows);
    for (k, (x, y)) in a.iter().zip(&b).enumerate() {
        let (xv, yv) = (x.rsplit(": ").next(), y.rsplit(": ").next());
        assert_eq!(
            xv, yv,
            "{label}: flow {k} differs: design says `{x}`, import says `{y}`"
        );
    }
    println!(
        "{label}: {} components, {} verdicts, {} warnings",
        want.values().map(|m| m.len()).sum::<usize>(),
        flows.len(),
        export.warnings.len()
    );
    for w in &export.warnings {
        println!("  warning: {}: {}", w.component, w.message);
    }
    (flows.len(), want.values().map(|m| m.len()).sum())
}

#[test]
fn every_scenario_and_fixture_survives_a_terraform_round_trip() {
    let all = designs();
    let mut flows = 0;
    let mut components = 0;
    for (label, design) in &all {
        let (f, c) = check(label, design);
        flows += f;
        components += c;
    }
    println!(
        "{} designs, {components} components, {flows} verdicts compared",
        all.len()
    );
    // 16 scenarios × 2, 7 fixture designs and the hub-and-spoke one, 4 AWS captures (one
    // with a further interface, Q5) and the week1 directory, the IPv6 dual-stack capture and
    // the hostile names: nothing silently skipped.
    assert_eq!(all.len(), 16 * 2 + 7 + 1 + 5 + 1 + 1);
}
