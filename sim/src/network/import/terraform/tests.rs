//! Table tests for the Terraform importer: one case per resource kind and per semantic
//! rule, each naming the rule it checks (provider documentation or reference id).

use super::*;
use crate::network::model::*;
use crate::network::trace::{trace, Flow};

fn source(files: &[(&str, &str)]) -> TerraformSource {
    TerraformSource {
        files: files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
        ..TerraformSource::default()
    }
}

fn import(main: &str) -> TerraformImport {
    import_terraform(&source(&[("main.tf", main)])).unwrap_or_else(|e| panic!("{e}"))
}

fn error(main: &str) -> TerraformError {
    match import_terraform(&source(&[("main.tf", main)])) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

const VPC: &str = r#"
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
"#;

fn with_vpc(extra: &str) -> TerraformImport {
    import(&format!("{VPC}\n{extra}"))
}

fn group<'a>(t: &'a TerraformImport, id: &str) -> &'a SecurityGroup {
    t.network
        .security_group(id)
        .unwrap_or_else(|| panic!("no group {id}"))
}

#[test]
fn component_ids_are_terraform_addresses() {
    let t = with_vpc("");
    assert_eq!(t.network.vpcs[0].id, "aws_vpc.main");
    assert_eq!(t.network.subnets[0].id, "aws_subnet.a");
    assert_eq!(t.network.subnets[0].vpc_id, "aws_vpc.main");
    assert_eq!(t.network.region, "eu-west-1");
    assert_eq!(
        t.provenance["aws_subnet.a"],
        Provenance {
            file: "main.tf".into(),
            line: 4
        }
    );
}

#[test]
fn unmanaged_defaults_keep_aws_defaults_under_stable_names() {
    // Issue #11: the main route table (local routes), the default NACL (allow all) and
    // the default SG (all from itself, all out) exist even when not written (R3, A4, S6).
    let t = with_vpc("");
    let main = t
        .network
        .route_table("aws_vpc.main:main_route_table")
        .unwrap();
    assert!(main.main && main.routes.is_empty());
    let acl = t
        .network
        .network_acls
        .iter()
        .find(|a| a.id == "aws_vpc.main:default_network_acl")
        .unwrap();
    assert!(acl.is_default);
    assert_eq!(acl.entries.len(), 2);
    let sg = group(&t, "aws_vpc.main:default_security_group");
    assert_eq!(
        sg.ingress[0].peer,
        RulePeer::SecurityGroup("aws_vpc.main:default_security_group".into())
    );
    assert_eq!(sg.egress, vec![SecurityGroupRule::allow_all("0.0.0.0/0")]);
}

#[test]
fn a_terraform_security_group_has_no_egress_unless_written() {
    // The provider removes AWS's default allow-all egress rule (aws_security_group docs).
    let t = with_vpc(r#"resource "aws_security_group" "s" { vpc_id = aws_vpc.main.id }"#);
    assert!(group(&t, "aws_security_group.s").egress.is_empty());
}

#[test]
fn inline_rules_self_security_groups_and_cidrs_become_one_rule_per_peer() {
    let t = with_vpc(
        r#"
resource "aws_security_group" "other" { vpc_id = aws_vpc.main.id }
resource "aws_security_group" "s" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    cidr_blocks     = ["10.0.0.0/8", "192.168.0.0/16"]
    security_groups = [aws_security_group.other.id]
    self            = true
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
    );
    let s = group(&t, "aws_security_group.s");
    let peers: Vec<&RulePeer> = s.ingress.iter().map(|r| &r.peer).collect();
    assert_eq!(
        peers,
        vec![
            &RulePeer::Cidr("10.0.0.0/8".into()),
            &RulePeer::Cidr("192.168.0.0/16".into()),
            &RulePeer::SecurityGroup("aws_security_group.other".into()),
            &RulePeer::SecurityGroup("aws_security_group.s".into()),
        ]
    );
    assert_eq!(s.ingress[0].ports, Some(PortRange::single(443)));
    assert_eq!(s.egress[0].protocol, Protocol::All);
    assert_eq!(s.egress[0].ports, None);
    let key = (
        "aws_security_group.s".to_string(),
        RuleKey::SecurityGroup {
            egress: true,
            index: 0,
        },
    );
    assert_eq!(t.rule_provenance[&key].line, 22);
}

#[test]
fn separate_rule_resources_add_to_their_group_and_mixing_is_warned() {
    let t = with_vpc(
        r#"
resource "aws_security_group" "s" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group_rule" "r" {
  type              = "egress"
  security_group_id = aws_security_group.s.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
resource "aws_vpc_security_group_ingress_rule" "v5" {
  security_group_id            = aws_security_group.s.id
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.s.id
}
resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.s.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.0.0.0/16"
}"#,
    );
    let s = group(&t, "aws_security_group.s");
    assert_eq!(s.ingress.len(), 2);
    assert_eq!(
        s.ingress[1].peer,
        RulePeer::SecurityGroup("aws_security_group.s".into())
    );
    assert_eq!(s.egress.len(), 2);
    assert_eq!(s.egress[1].protocol, Protocol::All);
    let mixing = t
        .warnings
        .iter()
        .filter(|w| w.message.contains("mixing inline rules"))
        .count();
    assert_eq!(mixing, 3, "{:#?}", t.warnings);
    let key = (
        "aws_security_group.s".to_string(),
        RuleKey::SecurityGroup {
            egress: true,
            index: 0,
        },
    );
    assert_eq!(t.rule_provenance[&key].line, 20);
}

#[test]
fn default_resources_lose_every_rule_they_do_not_restate() {
    // aws_default_security_group / _network_acl / _route_table docs: the provider removes
    // rules that are not in the configuration.
    let t = with_vpc(
        r#"
resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
resource "aws_default_network_acl" "d" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = 22
    to_port    = 22
  }
}
resource "aws_default_route_table" "d" {
  default_route_table_id = aws_vpc.main.default_route_table_id
}
resource "aws_instance" "i" {
  subnet_id  = aws_subnet.a.id
  private_ip = "10.0.1.5"
}"#,
    );
    let sg = group(&t, "aws_default_security_group.d");
    assert!(sg.egress.is_empty(), "egress not restated");
    assert_eq!(
        sg.ingress[0].peer,
        RulePeer::SecurityGroup("aws_default_security_group.d".into())
    );
    assert!(t
        .network
        .security_group("aws_vpc.main:default_security_group")
        .is_none());
    let acl = t
        .network
        .network_acls
        .iter()
        .find(|a| a.id == "aws_default_network_acl.d")
        .unwrap();
    assert!(acl.is_default);
    assert_eq!(acl.entries.len(), 1);
    assert!(
        t.network
            .route_table("aws_default_route_table.d")
            .unwrap()
            .main
    );
    assert!(t
        .network
        .route_table("aws_vpc.main:main_route_table")
        .is_none());
    // An instance without vpc_security_group_ids gets the (managed) default group.
    assert_eq!(
        t.network.instances[0].security_groups,
        vec!["aws_default_security_group.d"]
    );
}

#[test]
fn routes_inline_and_separate_associations_and_main_association() {
    let t = with_vpc(
        r#"
resource "aws_internet_gateway" "g" { vpc_id = aws_vpc.main.id }
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.g.id
  }
}
resource "aws_route_table" "m" { vpc_id = aws_vpc.main.id }
resource "aws_route" "x" {
  route_table_id         = aws_route_table.m.id
  destination_cidr_block = "192.168.0.0/16"
  gateway_id             = aws_internet_gateway.g.id
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.r.id
}
resource "aws_main_route_table_association" "m" {
  vpc_id         = aws_vpc.main.id
  route_table_id = aws_route_table.m.id
}"#,
    );
    let r = t.network.route_table("aws_route_table.r").unwrap();
    assert_eq!(r.associations, vec!["aws_subnet.a"]);
    assert_eq!(r.routes[0].target.kind, TargetKind::Igw);
    assert_eq!(r.routes[0].target.id, "aws_internet_gateway.g");
    let m = t.network.route_table("aws_route_table.m").unwrap();
    assert!(m.main);
    assert_eq!(m.routes.len(), 1);
    assert!(
        !t.network
            .route_table("aws_vpc.main:main_route_table")
            .unwrap()
            .main
    );
    assert_eq!(
        t.network.internet_gateways[0].attached_vpc.as_deref(),
        Some("aws_vpc.main")
    );
}

#[test]
fn network_acls_inline_rules_separate_rules_and_associations() {
    let t = with_vpc(
        r#"
resource "aws_network_acl" "n" {
  vpc_id = aws_vpc.main.id
  egress {
    rule_no    = 200
    action     = "deny"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
resource "aws_network_acl_rule" "in" {
  network_acl_id = aws_network_acl.n.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}
resource "aws_network_acl_association" "a" {
  network_acl_id = aws_network_acl.n.id
  subnet_id      = aws_subnet.a.id
}"#,
    );
    let n = t
        .network
        .network_acls
        .iter()
        .find(|a| a.id == "aws_network_acl.n")
        .unwrap();
    assert_eq!(n.associations, vec!["aws_subnet.a"]);
    assert_eq!(n.entries.len(), 2);
    assert_eq!(n.entries[0].action, RuleAction::Deny);
    assert!(n.entries[0].egress);
    assert_eq!(n.entries[1].ports, Some(PortRange::single(443)));
    assert!(t
        .warnings
        .iter()
        .any(|w| w.block == "aws_network_acl_rule.in"));
}

#[test]
fn instances_get_addresses_groups_and_public_ips_like_aws() {
    let t = with_vpc(
        r#"
resource "aws_subnet" "pub" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = true
}
resource "aws_instance" "plain" { subnet_id = aws_subnet.a.id }
resource "aws_instance" "pub" {
  subnet_id         = aws_subnet.pub.id
  source_dest_check = false
}
resource "aws_instance" "opt_out" {
  subnet_id                   = aws_subnet.pub.id
  associate_public_ip_address = false
}
resource "aws_instance" "eip" {
  subnet_id  = aws_subnet.a.id
  private_ip = "10.0.1.99"
}
resource "aws_eip" "e" { domain = "vpc" }
resource "aws_eip_association" "x" {
  instance_id   = aws_instance.eip.id
  allocation_id = aws_eip.e.id
}"#,
    );
    let by = |id: &str| t.network.instance(id).unwrap();
    assert_eq!(by("aws_instance.plain").private_ip, "10.0.1.10");
    assert_eq!(by("aws_instance.plain").public_ip, None);
    assert_eq!(
        by("aws_instance.plain").security_groups,
        vec!["aws_vpc.main:default_security_group"]
    );
    assert!(by("aws_instance.pub").public_ip.is_some());
    assert!(!by("aws_instance.pub").source_dest_check);
    assert_eq!(by("aws_instance.opt_out").public_ip, None);
    assert!(by("aws_instance.eip").elastic_ip);
    assert!(t.assumed.contains_key("aws_instance.plain"));
    assert!(!t.assumed.contains_key("aws_instance.eip"));
}

#[test]
fn nat_gateways_take_their_elastic_ip() {
    let t = with_vpc(
        r#"
resource "aws_eip" "n" { domain = "vpc" }
resource "aws_nat_gateway" "n" {
  subnet_id     = aws_subnet.a.id
  allocation_id = aws_eip.n.id
}
resource "aws_nat_gateway" "p" {
  subnet_id         = aws_subnet.a.id
  connectivity_type = "private"
}"#,
    );
    let n = &t.network.nat_gateways[0];
    assert_eq!(n.public_ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(n.allocation_id.as_deref(), Some("aws_eip.n"));
    assert_eq!(
        t.network.nat_gateways[1].connectivity,
        NatConnectivity::Private
    );
}

#[test]
fn peering_is_active_only_when_accepted() {
    let t = import(
        r#"
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "c" { cidr_block = "10.2.0.0/16" }
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
  auto_accept = true
}
resource "aws_vpc_peering_connection" "ac" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.c.id
}
resource "aws_vpc_peering_connection" "bc" {
  vpc_id      = aws_vpc.b.id
  peer_vpc_id = aws_vpc.c.id
}
resource "aws_vpc_peering_connection_accepter" "bc" {
  vpc_peering_connection_id = aws_vpc_peering_connection.bc.id
  auto_accept               = true
}"#,
    );
    let status: Vec<PeeringStatus> = t
        .network
        .peering_connections
        .iter()
        .map(|p| p.status)
        .collect();
    assert_eq!(
        status,
        vec![
            PeeringStatus::Active,
            PeeringStatus::PendingAcceptance,
            PeeringStatus::Active
        ]
    );
}

#[test]
fn gateway_endpoints_add_prefix_list_routes_to_their_tables() {
    let t = with_vpc(
        r#"
resource "aws_route_table" "r" { vpc_id = aws_vpc.main.id }
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = [aws_route_table.r.id]
}"#,
    );
    let e = &t.network.vpc_endpoints[0];
    assert_eq!(
        e.prefix_list_id.as_deref(),
        Some("aws_vpc_endpoint.s3:prefix_list")
    );
    let r = t.network.route_table("aws_route_table.r").unwrap();
    assert_eq!(r.routes[0].target.kind, TargetKind::Vpce);
    assert!(t.assumed.contains_key("aws_vpc_endpoint.s3"));
}

#[test]
fn load_balancers_listeners_target_groups_and_databases() {
    let t = with_vpc(
        r#"
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1b"
}
resource "aws_instance" "w" { subnet_id = aws_subnet.a.id }
resource "aws_lb" "l" {
  subnets  = [aws_subnet.a.id, aws_subnet.b.id]
  internal = true
}
resource "aws_lb_target_group" "t" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}
resource "aws_lb_listener" "h" {
  load_balancer_arn = aws_lb.l.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.t.arn
  }
}
resource "aws_lb_target_group_attachment" "w" {
  target_group_arn = aws_lb_target_group.t.arn
  target_id        = aws_instance.w.id
}
resource "aws_db_subnet_group" "g" {
  name       = "dbs"
  subnet_ids = [aws_subnet.b.id, aws_subnet.a.id]
}
resource "aws_db_instance" "d" {
  engine               = "postgres"
  db_subnet_group_name = aws_db_subnet_group.g.name
}"#,
    );
    let lb = &t.network.load_balancers[0];
    assert_eq!(lb.scheme, LoadBalancerScheme::Internal);
    assert_eq!(lb.vpc_id, "aws_vpc.main");
    assert_eq!(
        lb.listeners[0].target_group.as_deref(),
        Some("aws_lb_target_group.t")
    );
    assert_eq!(t.network.target_groups[0].targets[0].id, "aws_instance.w");
    let db = &t.network.databases[0];
    assert_eq!(db.port, 5432);
    assert_eq!(db.subnet_group[0], "aws_subnet.b");
}

#[test]
fn count_for_each_and_modules_name_instances_by_address() {
    let files = [
        (
            "main.tf",
            r#"
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  for_each          = { a = 1, b = 2 }
  vpc_id            = aws_vpc.v.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, each.value)
  availability_zone = "us-east-1${each.key}"
}
resource "aws_instance" "i" {
  count     = 2
  subnet_id = aws_subnet.s["b"].id
}
module "m" {
  source = "./mod"
  vpc    = aws_vpc.v.id
}
"#,
        ),
        (
            "mod/main.tf",
            r#"
variable "vpc" { type = string }
resource "aws_subnet" "x" {
  vpc_id            = var.vpc
  cidr_block        = "10.0.9.0/24"
  availability_zone = "us-east-1a"
}
output "id" { value = aws_subnet.x.id }
"#,
        ),
    ];
    let t = import_terraform(&source(&files)).unwrap();
    let ids: Vec<&str> = t.network.subnets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "aws_subnet.s[\"a\"]",
            "aws_subnet.s[\"b\"]",
            "module.m.aws_subnet.x"
        ]
    );
    assert_eq!(t.network.subnets[1].cidr, "10.0.2.0/24");
    assert_eq!(t.network.instances[1].id, "aws_instance.i[1]");
    assert_eq!(t.network.instances[1].subnet_id, "aws_subnet.s[\"b\"]");
    assert_eq!(t.provenance["module.m.aws_subnet.x"].file, "mod/main.tf");
}

#[test]
fn variables_follow_terraforms_precedence() {
    // defaults < terraform.tfvars < *.auto.tfvars (lexical) < --var-file / --var in order.
    let main = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags = { a = var.a, b = var.b, c = var.c, d = var.d, e = var.e }
}
"#;
    let mut s = source(&[
        ("main.tf", main),
        (
            "terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"",
        ),
        (
            "x.auto.tfvars",
            "c = \"x.auto\"\nd = \"x.auto\"\ne = \"x.auto\"",
        ),
        ("y.auto.tfvars", "d = \"y.auto\"\ne = \"y.auto\""),
    ]);
    s.cli_variables = vec![
        CliVariable::Var {
            name: "e".into(),
            value: "cli".into(),
        },
        CliVariable::File {
            path: "late.tfvars".into(),
            text: "e = \"file after var\"".into(),
        },
    ];
    let t = import_terraform(&s).unwrap();
    let ev = eval::evaluate(&s, &mut super::ImportCache::new()).unwrap();
    let tags = ev.resources[0].values["tags"].as_object().unwrap().clone();
    let got: Vec<&str> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|k| tags[*k].as_str().unwrap())
        .collect();
    assert_eq!(
        got,
        vec!["default", "tfvars", "x.auto", "y.auto", "file after var"]
    );
    assert_eq!(t.network.vpcs.len(), 1);
}

#[test]
fn expressions_cover_conditionals_splats_for_templates_try_and_can() {
    let text = r#"
variable "public" { default = true }
locals {
  cidrs  = [for i in range(3) : cidrsubnet("10.0.0.0/16", 8, i) if i != 1]
  named  = { for c in local.cidrs : replace(c, "/", "_") => c }
  pick   = var.public ? "yes" : "no"
  safe   = try(local.named.missing, "fallback")
  ok     = can(local.named.missing)
  nested = [for k, v in local.named : try(v.nope, upper(k))]
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags = {
    first = local.cidrs[0]
    pick  = "${local.pick}-${length(local.named)}"
    safe  = local.safe
    ok    = local.ok ? "can" : "cannot"
    n     = local.nested[0]
  }
}
resource "aws_subnet" "s" {
  count             = length(local.cidrs)
  vpc_id            = aws_vpc.v.id
  cidr_block        = local.cidrs[count.index]
  availability_zone = "us-east-1a"
}
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.v.id
  tags   = { subnets = join(",", aws_subnet.s[*].id) }
}
"#;
    let t = import(text);
    let cidrs: Vec<&str> = t.network.subnets.iter().map(|s| s.cidr.as_str()).collect();
    assert_eq!(cidrs, vec!["10.0.0.0/24", "10.0.2.0/24"]);
    let ev = eval::evaluate(
        &source(&[("main.tf", text)]),
        &mut super::ImportCache::new(),
    )
    .unwrap();
    let tag = |addr: &str, k: &str| -> String {
        let r = ev.resources.iter().find(|r| r.address == addr).unwrap();
        r.values["tags"].as_object().unwrap()[k]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(tag("aws_vpc.v", "first"), "10.0.0.0/24");
    assert_eq!(tag("aws_vpc.v", "pick"), "yes-2");
    assert_eq!(tag("aws_vpc.v", "safe"), "fallback");
    assert_eq!(tag("aws_vpc.v", "ok"), "cannot");
    assert_eq!(tag("aws_vpc.v", "n"), "10.0.0.0_24");
    assert_eq!(
        tag("aws_route_table.r", "subnets"),
        "aws_subnet.s[0],aws_subnet.s[1]"
    );
}

#[test]
fn data_sources_and_registry_modules_are_stated_assumptions() {
    let t = import(
        r#"
provider "aws" { region = "ap-south-1" }
data "aws_availability_zones" "az" {}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.0.0/24"
  availability_zone = data.aws_availability_zones.az.names[1]
}"#,
    );
    assert_eq!(t.network.subnets[0].availability_zone, "ap-south-1b");
    assert!(t
        .warnings
        .iter()
        .any(|w| w.block == "data.aws_availability_zones.az"));
    let reg = t.warnings.iter().find(|w| w.block == "module.vpc").unwrap();
    assert!(reg.message.contains("terraform show -json"));
    let e = error(
        r#"
module "vpc" { source = "terraform-aws-modules/vpc/aws" }
resource "aws_vpc" "v" { cidr_block = module.vpc.cidr }"#,
    );
    assert!(e.to_string().contains("registry"), "{e}");
}

#[test]
fn errors_name_file_line_and_what_is_wrong() {
    let cases: &[(&str, &str, &str)] = &[
        ("syntax", "resource \"aws_vpc\" \"v\" {\n  cidr_block = \n}", "main.tf:2:16: HCL syntax error"),
        (
            "undeclared resource",
            "resource \"aws_subnet\" \"s\" {\n  vpc_id = aws_vpc.nope.id\n}",
            "main.tf:2: reference to undeclared resource `aws_vpc.nope`",
        ),
        (
            "undeclared variable",
            "resource \"aws_vpc\" \"v\" {\n  cidr_block = var.cidr\n}",
            "main.tf:2: reference to undeclared variable `var.cidr`",
        ),
        (
            "undeclared local",
            "locals {\n  a = local.b\n}",
            "main.tf:2: reference to undeclared local value `local.b`",
        ),
        (
            "wrong type",
            "variable \"n\" {\n  type    = number\n  default = \"eighty\"\n}",
            "main.tf:1: wrong type for variable \"n\"",
        ),
        (
            "cycle",
            "locals {\n  a = local.b\n  b = local.a\n}",
            "dependency cycle: local.a → local.b → local.a",
        ),
        (
            "count.index without count",
            "resource \"aws_vpc\" \"v\" {\n  cidr_block = count.index\n}",
            "main.tf:2: `count.index` is used in a block that has no `count`",
        ),
        (
            "huge count",
            "resource \"aws_vpc\" \"v\" {\n  count      = 100000\n  cidr_block = \"10.0.0.0/16\"\n}",
            "main.tf:2: aws_vpc.v expands to 100000 instances, more than the limit of 1000",
        ),
        (
            "missing variable value",
            "variable \"x\" {}\nresource \"aws_vpc\" \"v\" { cidr_block = var.x }",
            "main.tf:1: variable \"x\" has no default and no value",
        ),
        (
            "bad function call",
            "resource \"aws_vpc\" \"v\" {\n  cidr_block = cidrsubnet(\"10.0.0.0/30\", 8, 1)\n}",
            "main.tf:2: cannot evaluate `cidr_block`",
        ),
        (
            "unsupported block",
            "resourse \"aws_vpc\" \"v\" {}",
            "main.tf:1: unsupported block type `resourse`",
        ),
    ];
    for (name, text, want) in cases {
        let e = error(text).to_string();
        assert!(e.contains(want), "{name}: got `{e}`, want `{want}`");
    }
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!(
        "locals {{\n  a = {}1{}\n}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let e = error(&deep).to_string();
    assert!(e.contains("nest deeper than"), "{e}");
}

#[test]
fn a_module_that_calls_itself_hits_the_depth_limit() {
    let files = [
        ("main.tf", "module \"m\" { source = \"./m\" }"),
        ("m/main.tf", "module \"m\" { source = \"./\" }"),
    ];
    let e = import_terraform(&source(&files)).err().unwrap().to_string();
    assert!(e.contains("modules nest deeper"), "{e}");
}

#[test]
fn tfvars_type_errors_point_at_the_value() {
    let s = source(&[
        ("main.tf", "variable \"n\" { type = number }"),
        ("terraform.tfvars", "\n\nn = \"x\""),
    ]);
    let e = import_terraform(&s).err().unwrap().to_string();
    assert!(e.starts_with("terraform.tfvars:3: wrong type"), "{e}");
}

#[test]
fn a_traced_flow_names_addresses_end_to_end() {
    let t = with_vpc(
        r#"
resource "aws_internet_gateway" "g" { vpc_id = aws_vpc.main.id }
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.g.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.r.id
}
resource "aws_security_group" "s" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "i" {
  subnet_id                   = aws_subnet.a.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.s.id]
}"#,
    );
    let tr = trace(&t.network, &Flow::tcp("internet", "aws_instance.i", 22)).unwrap();
    assert!(tr.is_reachable(), "{:#?}", tr.blockers);
    // No egress rule: the instance cannot start a connection out (Terraform semantics).
    let out = trace(&t.network, &Flow::tcp("aws_instance.i", "internet", 443)).unwrap();
    assert_eq!(out.blockers[0].component, "aws_security_group.s");
}

#[test]
fn the_same_input_gives_the_same_import() {
    let text = include_str!("../../../../../tests/fixtures/terraform/three-az/main.tf");
    let a = import(text);
    let b = import(text);
    assert_eq!(a, b);
}

#[test]
fn applied_state_uses_addresses_and_keeps_real_ids_as_aliases() {
    let text = include_str!("../../../../../tests/fixtures/terraform/state/applied.json");
    let t = import_terraform_json("applied.json", text).unwrap();
    assert_eq!(t.aliases["i-0a1b2c3d4e5f60001"], "aws_instance.bastion");
    assert_eq!(
        t.aliases["sg-0a1b2c3d4e5f60001"],
        "aws_vpc.main:default_security_group"
    );
    let bastion = t.network.instance("aws_instance.bastion").unwrap();
    assert_eq!(bastion.public_ip.as_deref(), Some("54.170.10.20"));
    assert_eq!(bastion.security_groups, vec!["aws_security_group.bastion"]);
    assert_eq!(bastion.subnet_id, "aws_subnet.public");
    // The provider reads separate rules back into the group: counted once.
    assert_eq!(group(&t, "aws_security_group.app").ingress.len(), 1);
    assert!(group(&t, "aws_security_group.app").egress.is_empty());
    assert_eq!(t.network.region, "eu-west-1");
    assert!(t
        .network
        .instance("module.app.aws_instance.server[0]")
        .is_some());
    assert!(t
        .warnings
        .iter()
        .all(|w| w.block != "aws_security_group_rule.app_https"));
}

#[test]
fn a_plan_recovers_references_from_the_configuration() {
    let text = include_str!("../../../../../tests/fixtures/terraform/state/plan.json");
    let t = import_terraform_json("plan.json", text).unwrap();
    let web = t.network.instance("aws_instance.web[1]").unwrap();
    assert_eq!(web.subnet_id, "aws_subnet.a");
    assert_eq!(web.security_groups, vec!["aws_security_group.web"]);
    assert_eq!(t.network.subnets[0].vpc_id, "aws_vpc.main");
    assert!(t.assumed.contains_key("aws_instance.web[1]"));
}

#[test]
fn state_errors_name_the_file_and_position() {
    let e = import_terraform_json("s.json", "{\n  \"values\": [").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("s.json: not valid JSON at line 2"),
        "{e}"
    );
    let e = import_terraform_json("s.json", "{}").unwrap_err();
    assert!(e.to_string().contains("terraform show -json"), "{e}");
}

#[test]
fn expansion_is_bounded_in_total_too() {
    let mut text = String::from("resource \"aws_vpc\" \"v\" { cidr_block = \"10.0.0.0/16\" }\n");
    for k in 0..11 {
        text.push_str(&format!(
            "resource \"aws_security_group\" \"g{k}\" {{\n  count  = 1000\n  vpc_id = aws_vpc.v.id\n}}\n"
        ));
    }
    let e = error(&text).to_string();
    assert!(e.contains("more than the limit of 10000"), "{e}");
}

#[test]
fn attachments_endpoint_associations_and_attribute_syntax_rules() {
    let t = with_vpc(
        r#"
resource "aws_internet_gateway" "g" {}
resource "aws_internet_gateway_attachment" "a" {
  internet_gateway_id = aws_internet_gateway.g.id
  vpc_id              = aws_vpc.main.id
}
resource "aws_route_table" "r" { vpc_id = aws_vpc.main.id }
resource "aws_vpc_endpoint" "d" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.eu-west-1.dynamodb"
}
resource "aws_vpc_endpoint_route_table_association" "d" {
  vpc_endpoint_id = aws_vpc_endpoint.d.id
  route_table_id  = aws_route_table.r.id
}
resource "aws_security_group" "attr" {
  vpc_id = aws_vpc.main.id
  egress = [{
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
    description      = "https out"
  }]
}
resource "aws_instance" "a" {
  subnet_id  = aws_subnet.a.id
  private_ip = "10.0.1.7"
}
resource "aws_instance" "b" {
  subnet_id  = aws_subnet.a.id
  private_ip = "10.0.1.7"
}"#,
    );
    assert_eq!(
        t.network.internet_gateways[0].attached_vpc.as_deref(),
        Some("aws_vpc.main")
    );
    let r = t.network.route_table("aws_route_table.r").unwrap();
    assert_eq!(
        r.routes[0].destination,
        RouteDestination::PrefixList("aws_vpc_endpoint.d:prefix_list".into())
    );
    let g = group(&t, "aws_security_group.attr");
    assert_eq!(g.egress.len(), 1);
    assert_eq!(g.egress[0].description, "https out");
    assert!(t
        .warnings
        .iter()
        .any(|w| w.block == "aws_instance.b" && w.message.contains("10.0.1.7")));
}

#[test]
fn modules_with_for_each_prefix_every_address_with_the_key() {
    let files = [
        (
            "main.tf",
            r#"
module "env" {
  for_each = { dev = "10.1.0.0/16", prod = "10.2.0.0/16" }
  source   = "./env"
  cidr     = each.value
}
resource "aws_vpc_peering_connection" "p" {
  vpc_id      = module.env["dev"].vpc
  peer_vpc_id = module.env["prod"].vpc
  auto_accept = true
}
"#,
        ),
        (
            "env/main.tf",
            r#"
variable "cidr" { type = string }
resource "aws_vpc" "v" { cidr_block = var.cidr }
output "vpc" { value = aws_vpc.v.id }
"#,
        ),
    ];
    let t = import_terraform(&source(&files)).unwrap();
    let ids: Vec<&str> = t.network.vpcs.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "module.env[\"dev\"].aws_vpc.v",
            "module.env[\"prod\"].aws_vpc.v"
        ]
    );
    assert_eq!(
        t.network.peering_connections[0].accepter_vpc,
        "module.env[\"prod\"].aws_vpc.v"
    );
}

#[test]
fn a_plan_takes_what_apply_would_compute_from_prior_state_and_says_so() {
    let text = include_str!("../../../../../tests/fixtures/terraform/state/plan.json");
    let t = import_terraform_json("plan.json", text).unwrap();
    let web0 = t.network.instance("aws_instance.web[0]").unwrap();
    assert_eq!(web0.private_ip, "10.9.1.77");
    assert_eq!(t.aliases["i-0prior0000000000001"], "aws_instance.web[0]");
    assert!(t
        .warnings
        .iter()
        .any(|w| w.block == "aws_instance.web[0]" && w.message.contains("prior_state")));
}

#[test]
fn long_operator_chains_do_not_overflow_the_stack() {
    let chain = vec!["1"; 20_000].join(" + ");
    let _ = import_terraform(&source(&[(
        "main.tf",
        &format!("locals {{\n  a = {chain}\n}}"),
    )]));
    let cond = "true ? 1 : ".repeat(5_000) + "0";
    let _ = import_terraform(&source(&[(
        "main.tf",
        &format!("locals {{\n  a = {cond}\n}}"),
    )]));
}

#[test]
fn a_load_balancer_and_a_peering_connection_trace_by_address() {
    let t = import(
        r#"
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_internet_gateway" "g" { vpc_id = aws_vpc.a.id }
resource "aws_subnet" "pub" {
  count             = 2
  vpc_id            = aws_vpc.a.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.b.id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_route_table" "pub" {
  vpc_id = aws_vpc.a.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.g.id
  }
  route {
    cidr_block                = aws_vpc.b.cidr_block
    vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
  }
}
resource "aws_route_table_association" "pub" {
  count          = 2
  subnet_id      = aws_subnet.pub[count.index].id
  route_table_id = aws_route_table.pub.id
}
resource "aws_route" "back" {
  route_table_id            = aws_vpc.b.main_route_table_id
  destination_cidr_block    = aws_vpc.a.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
}
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
  auto_accept = true
}
resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.a.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.a.id
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
  egress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.b.cidr_block]
  }
}
resource "aws_instance" "web" {
  subnet_id              = aws_subnet.pub[0].id
  vpc_security_group_ids = [aws_security_group.web.id]
}
resource "aws_instance" "db" {
  subnet_id  = aws_subnet.b.id
  private_ip = "10.1.1.50"
}
resource "aws_lb" "web" {
  subnets         = aws_subnet.pub[*].id
  security_groups = [aws_security_group.lb.id]
}
resource "aws_lb_target_group" "web" {
  port   = 8080
  vpc_id = aws_vpc.a.id
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.web.id
}"#,
    );
    let lb = trace(&t.network, &Flow::tcp("internet", "aws_lb.web", 80)).unwrap();
    assert!(lb.is_reachable(), "{:#?}", lb.blockers);
    assert!(lb.hops.iter().any(|h| h.component == "aws_instance.web"));
    // The db's default group admits only its own members: blocked at the peer's group.
    let pcx = trace(
        &t.network,
        &Flow::tcp("aws_instance.web", "aws_instance.db", 5432),
    )
    .unwrap();
    assert!(pcx
        .hops
        .iter()
        .any(|h| h.component == "aws_vpc_peering_connection.ab"));
    assert_eq!(
        pcx.blockers[0].component,
        "aws_vpc.b:default_security_group"
    );
}

const HUB: &str = r#"
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "a" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.2.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.a.id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.b.id
  cidr_block        = "10.2.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_route_table" "a" {
  vpc_id = aws_vpc.a.id
  route {
    cidr_block         = "10.2.0.0/16"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}
resource "aws_route_table" "b" {
  vpc_id = aws_vpc.b.id
  route {
    cidr_block         = "10.1.0.0/16"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.b.id
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.b.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group" "client" {
  vpc_id = aws_vpc.a.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "client" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.a.id
  private_ip             = "10.1.1.10"
  vpc_security_group_ids = [aws_security_group.client.id]
}
resource "aws_instance" "web" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.b.id
  private_ip             = "10.2.1.10"
  vpc_security_group_ids = [aws_security_group.web.id]
}
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.a.id
  subnet_ids         = [aws_subnet.a.id]
}
resource "aws_ec2_transit_gateway_vpc_attachment" "b" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.b.id
  subnet_ids         = [aws_subnet.b.id]
}
"#;

#[test]
fn transit_gateway_resources_import_with_the_providers_default_route_table() {
    // T5/T6: without settings, attachments associate with and propagate into the default table.
    let t = import(HUB);
    let rt = &t.network.transit_gateway_route_tables;
    assert_eq!(rt.len(), 1, "{:#?}", t.warnings);
    assert_eq!(rt[0].id, "aws_ec2_transit_gateway.hub:default_route_table");
    assert_eq!(rt[0].associations.len(), 2);
    assert_eq!(rt[0].propagations.len(), 2);
    let tr = trace(
        &t.network,
        &Flow::tcp("aws_instance.client", "aws_instance.web", 443),
    )
    .unwrap();
    assert!(tr.is_reachable(), "{:#?}", tr.blockers);
    assert!(
        t.warnings
            .iter()
            .all(|w| !w.message.contains("not part of the network model")),
        "{:#?}",
        t.warnings
    );
}

#[test]
fn transit_gateway_route_tables_associations_and_routes_import_as_written() {
    let t = import(&format!(
        r#"{HUB}
resource "aws_ec2_transit_gateway_route_table" "spokes" {{
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
}}
resource "aws_ec2_transit_gateway_route_table_association" "a" {{
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}}
resource "aws_ec2_transit_gateway_route" "drop_b" {{
  destination_cidr_block         = "10.2.0.0/16"
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}}
resource "aws_ec2_managed_prefix_list" "office" {{
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5
  entry {{
    cidr = "192.168.0.0/16"
  }}
}}
"#
    ));
    let spokes = t
        .network
        .transit_gateway_route_tables
        .iter()
        .find(|r| r.id == "aws_ec2_transit_gateway_route_table.spokes")
        .unwrap();
    // T5: the explicit association replaces the default one.
    assert_eq!(
        spokes.associations,
        vec!["aws_ec2_transit_gateway_vpc_attachment.a".to_string()]
    );
    assert!(spokes.routes[0].blackhole);
    assert_eq!(
        t.network
            .prefix_list("aws_ec2_managed_prefix_list.office")
            .unwrap()
            .cidrs,
        vec!["192.168.0.0/16".to_string()]
    );
    let tr = trace(
        &t.network,
        &Flow::tcp("aws_instance.client", "aws_instance.web", 443),
    )
    .unwrap();
    assert_eq!(
        tr.blockers.first().map(|b| b.code.as_str()),
        Some("BAD_STATE_ROUTE"),
        "T8: {:#?}",
        tr.blockers
    );
}

#[test]
fn vpn_gateway_resources_import_with_propagation_and_static_routes() {
    // G1–G3: a gateway attached to the VPC, a connection with a static route, propagation on.
    let t = import(&format!(
        r#"{HUB}
resource "aws_vpn_gateway" "office" {{
  vpc_id = aws_vpc.a.id
}}
resource "aws_customer_gateway" "office" {{
  bgp_asn    = 65000
  ip_address = "198.51.100.7"
  type       = "ipsec.1"
}}
resource "aws_vpn_connection" "office" {{
  vpn_gateway_id      = aws_vpn_gateway.office.id
  customer_gateway_id = aws_customer_gateway.office.id
  type                = "ipsec.1"
  static_routes_only  = true
}}
resource "aws_vpn_connection_route" "office" {{
  destination_cidr_block = "172.16.0.0/16"
  vpn_connection_id      = aws_vpn_connection.office.id
}}
resource "aws_vpn_gateway_route_propagation" "a" {{
  vpn_gateway_id = aws_vpn_gateway.office.id
  route_table_id = aws_route_table.a.id
}}
"#
    ));
    let g = &t.network.vpn_gateways[0];
    assert_eq!(g.attached_vpc.as_deref(), Some("aws_vpc.a"));
    assert_eq!(g.propagates_to, vec!["aws_route_table.a".to_string()]);
    assert_eq!(
        t.network.vpn_connections[0].routes,
        vec!["172.16.0.0/16".to_string()]
    );
    assert_eq!(t.network.customer_gateways[0].ip_address, "198.51.100.7");
    assert_eq!(t.network.customer_gateways[0].bgp_asn, Some(65000));
    let tr = trace(
        &t.network,
        &Flow::tcp("aws_instance.client", "172.16.5.5", 443),
    )
    .unwrap();
    assert!(tr.is_reachable(), "{:#?}", tr.blockers);
}

#[test]
fn further_network_interfaces_are_attached_with_their_own_subnet_and_groups_q5() {
    let t = with_vpc(
        r#"
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_security_group" "back" { vpc_id = aws_vpc.main.id }
resource "aws_security_group" "front" { vpc_id = aws_vpc.main.id }
resource "aws_network_interface" "back" {
  subnet_id         = aws_subnet.b.id
  security_groups   = [aws_security_group.back.id]
  private_ips       = ["10.0.2.7", "10.0.2.8"]
  source_dest_check = false
}
resource "aws_network_interface" "side" {
  subnet_id       = aws_subnet.b.id
  security_groups = [aws_security_group.back.id]
}
resource "aws_network_interface" "front" {
  subnet_id       = aws_subnet.a.id
  security_groups = [aws_security_group.front.id]
  private_ips     = ["10.0.1.50"]
}
resource "aws_instance" "app" {
  subnet_id = aws_subnet.a.id
  network_interface {
    network_interface_id = aws_network_interface.side.id
    device_index         = 2
  }
}
resource "aws_network_interface_attachment" "back" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.back.id
  device_index         = 1
}
resource "aws_instance" "on_eni" {
  network_interface {
    network_interface_id = aws_network_interface.front.id
    device_index         = 0
  }
}"#,
    );
    let app = t.network.instance("aws_instance.app").unwrap();
    let ids: Vec<_> = app
        .network_interfaces
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["aws_network_interface.back", "aws_network_interface.side"]
    );
    let back = &app.network_interfaces[0];
    assert_eq!(
        (
            back.device_index,
            back.subnet_id.as_str(),
            back.private_ip.as_str()
        ),
        (1, "aws_subnet.b", "10.0.2.7")
    );
    assert_eq!(back.secondary_private_ips, vec!["10.0.2.8"]);
    assert_eq!(back.security_groups, vec!["aws_security_group.back"]);
    assert!(!back.source_dest_check);
    // No `private_ips`: AWS picks one; the importer assumes a free one and says so.
    assert_eq!(app.network_interfaces[1].private_ip, "10.0.2.10");
    assert!(t.warnings.iter().any(
        |w| w.block == "aws_network_interface.side" && w.message.contains("assumed 10.0.2.10")
    ));
    // Launched on an interface: the instance has its subnet, groups and address.
    let on = t.network.instance("aws_instance.on_eni").unwrap();
    assert_eq!(on.subnet_id, "aws_subnet.a");
    assert_eq!(on.private_ip, "10.0.1.50");
    assert_eq!(on.eni_id.as_deref(), Some("aws_network_interface.front"));
    assert_eq!(on.security_groups, vec!["aws_security_group.front"]);
    assert!(!t.warnings.iter().any(
        |w| w.message.contains("not modelled") && w.block.starts_with("aws_network_interface")
    ));
    // The tracer sees the further interface: its own group (no rules) decides traffic to it
    // (after the source's group, which has no egress rule in Terraform either).
    let tr = trace(
        &t.network,
        &Flow::tcp("aws_instance.on_eni", "aws_network_interface.back", 22),
    )
    .unwrap();
    let at: Vec<_> = tr.blockers.iter().map(|b| b.component.as_str()).collect();
    assert_eq!(at, ["aws_security_group.front", "aws_security_group.back"]);
}
