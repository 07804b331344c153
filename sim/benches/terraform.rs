//! Terraform import benchmark: a generated 150-resource root module (VPC, subnets over three
//! AZs with for_each and cidrsubnet, a NAT gateway per AZ, route tables, security groups with
//! dynamic and separate rules, instances with count), parsed, evaluated and built into a
//! Network. Goal (issue 11): < 20 ms native. Also the app's re-import loop: the generated
//! 500-component design exported to Terraform, imported cold and re-imported through an
//! `ImportCache` after a one-line change of a rule's CIDR in `security.tf`. Figures and command:
//! docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sim::network::export::terraform::export_design_terraform;
use sim::network::import::terraform::{
    import_terraform, import_terraform_cached, ImportCache, TerraformSource,
};
use sim::network::samples::generated_design;

/// The root module's text; `instances` sets the instance count.
fn module(instances: usize) -> String {
    let mut s = String::from(
        r#"
provider "aws" { region = "eu-west-1" }
variable "cidr" { default = "10.0.0.0/16" }
locals {
  azs     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  public  = { for i, az in local.azs : az => cidrsubnet(var.cidr, 8, i) }
  private = { for i, az in local.azs : az => cidrsubnet(var.cidr, 8, i + 10) }
  ports   = [22, 80, 443, 8080, 8443]
}
resource "aws_vpc" "main" { cidr_block = var.cidr }
resource "aws_internet_gateway" "main" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "public" {
  for_each                = local.public
  vpc_id                  = aws_vpc.main.id
  availability_zone       = each.key
  cidr_block              = each.value
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  for_each          = local.private
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value
}
resource "aws_eip" "nat" {
  for_each = local.public
  domain   = "vpc"
}
resource "aws_nat_gateway" "main" {
  for_each      = local.public
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}
resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}
resource "aws_route_table" "private" {
  for_each = local.private
  vpc_id   = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[each.key].id
  }
}
resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}
resource "aws_security_group" "tier" {
  count  = 5
  name   = "tier-${count.index}"
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.cidr]
    }
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group_rule" "cross" {
  count                    = 10
  type                     = "ingress"
  security_group_id        = aws_security_group.tier[count.index % 5].id
  source_security_group_id = aws_security_group.tier[(count.index + 1) % 5].id
  from_port                = 9000 + count.index
  to_port                  = 9000 + count.index
  protocol                 = "tcp"
}
"#,
    );
    s.push_str(&format!(
        r#"
resource "aws_instance" "app" {{
  count                  = {instances}
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = values(aws_subnet.private)[count.index % 3].id
  private_ip             = cidrhost(values(aws_subnet.private)[count.index % 3].cidr_block, 10 + count.index)
  vpc_security_group_ids = [aws_security_group.tier[count.index % 5].id]
  tags = {{
    Name = format("app-%03d", count.index)
  }}
}}
"#
    ));
    s
}

/// 1 VPC + 1 IGW + 6 subnets + 3 EIPs + 3 NATs + 4 tables + 6 associations + 5 groups +
/// 10 rules = 39, plus 111 instances = 150 resources.
const INSTANCES: usize = 111;

fn import(c: &mut Criterion) {
    let source = TerraformSource {
        files: [("main.tf".to_string(), module(INSTANCES))]
            .into_iter()
            .collect(),
        ..TerraformSource::default()
    };
    let t = import_terraform(&source).expect("the generated module imports");
    let n = &t.network;
    let resources = t.provenance.keys().filter(|k| !k.contains(':')).count();
    assert_eq!(resources, 150, "150 resources");
    assert_eq!(n.instances.len(), INSTANCES);
    c.bench_function("terraform/import-150-resources", |b| {
        b.iter(|| import_terraform(black_box(&source)).unwrap())
    });
}

/// The app's edit loop on the 500-component export: a cold import, and a re-import through
/// the cache after one line the import reads changed (the first security-group rule's CIDR
/// in `security.tf`, alternating between two texts, so every iteration parses that file
/// again and evaluates what depends on it; the same edit `tests/perf/terraform-reimport.mjs`
/// times in the browser).
fn reimport(c: &mut Criterion) {
    let export = export_design_terraform(&generated_design(500));
    let source = TerraformSource {
        files: export.files.into_iter().collect(),
        ..TerraformSource::default()
    };
    let edited = |k: usize| {
        let mut s = source.clone();
        let sec = s.files.get_mut("security.tf").expect("security.tf");
        let from = r#"cidr_blocks = ["0.0.0.0/0"]"#;
        let to = [
            r#"cidr_blocks = ["10.0.0.0/8"]"#,
            r#"cidr_blocks = ["10.0.0.0/9"]"#,
        ][k];
        assert!(
            sec.contains(from),
            "security.tf opens something to the world"
        );
        *sec = sec.replacen(from, to, 1);
        s
    };
    let variants = [edited(0), edited(1)];
    let cold = import_terraform(&source).expect("the export imports");
    assert!(
        cold.network.instances.len() > 300,
        "the 500-component design"
    );
    c.bench_function("terraform/import-500-component-export", |b| {
        b.iter(|| import_terraform(black_box(&source)).unwrap())
    });
    let mut cache = ImportCache::new();
    import_terraform_cached(&source, &mut cache).unwrap();
    let mut k = 0;
    c.bench_function("terraform/reimport-500-component-export-one-line", |b| {
        b.iter(|| {
            k += 1;
            import_terraform_cached(black_box(&variants[k % 2]), &mut cache).unwrap()
        })
    });
}

criterion_group!(benches, import, reimport);
criterion_main!(benches);
