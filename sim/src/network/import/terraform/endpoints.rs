//! Terraform interface endpoints and prefix-list entries → the model (docs/SEMANTICS.md#e5,
//! #m1; docs/TERRAFORM.md): `aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`
//! (`subnet_ids`, `security_group_ids`, `private_dns_enabled`) and
//! `aws_ec2_managed_prefix_list_entry` (one `cidr` added to a list).
//!
//! The provider's defaults apply: no `security_group_ids` means the VPC's default group (E6);
//! `private_dns_enabled` defaults to `false`. The interfaces' addresses are chosen by AWS at
//! apply time, so they are unknown here: one assumption warning per endpoint says the
//! simulator picks free addresses of the subnets.

use super::*;

/// The network side of an interface endpoint (E5, E6).
pub(super) fn interface_of(b: &mut Builder, r: &Resource, vpc: &str) -> InterfaceEndpoint {
    let subnets: Vec<String> = strings(&r.values, "subnet_ids")
        .iter()
        .map(|s| b.canon(s))
        .collect();
    if subnets.is_empty() {
        b.warn(
            r,
            "an interface endpoint without `subnet_ids` has no network interface, so nothing reaches it".into(),
        );
    } else {
        let at = r.at.clone();
        b.warn_at(
            &r.address,
            &at,
            "AWS picks the addresses of the endpoint's network interfaces at apply time; assumed free addresses of its subnets".into(),
            true,
        );
    }
    let mut groups: Vec<String> = strings(&r.values, "security_group_ids")
        .iter()
        .map(|g| b.canon(g))
        .collect();
    if groups.is_empty() {
        groups.push(b.canon(&format!("{vpc}:default_security_group")));
    }
    InterfaceEndpoint {
        network_interfaces: subnets
            .into_iter()
            .map(|subnet_id| EndpointInterface {
                subnet_id,
                eni_id: None,
                private_ip: None,
            })
            .collect(),
        security_groups: groups,
        private_dns: flag(&r.values, "private_dns_enabled").unwrap_or(false),
        state: EndpointState::Available,
    }
}

/// `aws_ec2_managed_prefix_list_entry`: a `cidr` added to `prefix_list_id` (M1).
pub(super) fn build_prefix_list_entries(b: &mut Builder, rs: &[Resource]) {
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_ec2_managed_prefix_list_entry")
    {
        let (Some(list), Some(cidr)) = (text(&r.values, "prefix_list_id"), text(&r.values, "cidr"))
        else {
            b.warn(r, "needs `prefix_list_id` and `cidr`; ignored".into());
            continue;
        };
        let list = b.canon(&list);
        match b.net.prefix_lists.iter_mut().find(|p| p.id == list) {
            Some(p) => {
                if let Some(d) = text(&r.values, "description") {
                    p.descriptions.insert(cidr.clone(), d);
                }
                if !p.cidrs.contains(&cidr) {
                    p.cidrs.push(cidr);
                }
            }
            None => b.warn(
                r,
                format!("prefix list `{list}` is not declared here, so the entry cannot be added; ignored"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::network::import::terraform::{import_terraform, TerraformSource};
    use crate::network::trace::{trace, Flow};
    use crate::network::AddressFamily;

    fn import(main: &str) -> crate::network::import::terraform::TerraformImport {
        let source = TerraformSource {
            files: [("main.tf".to_string(), main.to_string())].into(),
            ..TerraformSource::default()
        };
        import_terraform(&source).unwrap_or_else(|e| panic!("{e}"))
    }

    const VPC: &str = r#"
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "app" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.a.id
  vpc_security_group_ids = [aws_security_group.app.id]
}
"#;

    #[test]
    fn an_interface_endpoint_imports_subnets_groups_and_dns_with_assumed_addresses() {
        let t = import(&format!(
            r#"{VPC}
resource "aws_security_group" "vpce" {{
  vpc_id = aws_vpc.main.id
  ingress {{
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }}
}}
resource "aws_vpc_endpoint" "ssm" {{
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.a.id]
  security_group_ids  = [aws_security_group.vpce.id]
  private_dns_enabled = true
}}
resource "aws_vpc_endpoint" "bare" {{
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.eu-west-1.logs"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.a.id]
}}"#
        ));
        let e = &t.network.vpc_endpoints[0];
        let spec = e.interface.as_ref().expect("interface side");
        assert!(spec.private_dns);
        assert_eq!(spec.security_groups, vec!["aws_security_group.vpce"]);
        assert_eq!(spec.network_interfaces[0].subnet_id, "aws_subnet.a");
        assert!(t.assumed.contains_key("aws_vpc_endpoint.ssm"));
        let bare = t.network.vpc_endpoints[1].interface.as_ref().unwrap();
        assert_eq!(
            bare.security_groups,
            vec!["aws_vpc.main:default_security_group"],
            "no security_group_ids: the VPC's default group (E6)"
        );
        let ok = trace(
            &t.network,
            &Flow::tcp("aws_instance.app", "aws_vpc_endpoint.ssm", 443),
        )
        .unwrap();
        assert!(ok.is_reachable(), "{:#?}", ok.blockers);
        let no = trace(
            &t.network,
            &Flow::tcp("aws_instance.app", "aws_vpc_endpoint.bare", 443),
        )
        .unwrap();
        assert!(
            !no.is_reachable(),
            "the default group admits only its members"
        );
    }

    #[test]
    fn prefix_list_entries_inline_and_separate_are_one_list_for_rules_and_routes() {
        let t = import(&format!(
            r#"{VPC}
resource "aws_ec2_managed_prefix_list" "office" {{
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5
  entry {{
    cidr        = "192.168.0.0/24"
    description = "head office"
  }}
}}
resource "aws_ec2_managed_prefix_list_entry" "branch" {{
  prefix_list_id = aws_ec2_managed_prefix_list.office.id
  cidr           = "10.0.1.0/24"
  description    = "branch"
}}
resource "aws_security_group_rule" "from_office" {{
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  prefix_list_ids   = [aws_ec2_managed_prefix_list.office.id]
}}"#
        ));
        let p = t
            .network
            .prefix_list("aws_ec2_managed_prefix_list.office")
            .expect("the list");
        assert_eq!(p.cidrs, vec!["192.168.0.0/24", "10.0.1.0/24"]);
        assert_eq!(p.address_family, Some(AddressFamily::Ipv4));
        assert_eq!(p.max_entries, Some(5));
        assert_eq!(
            p.descriptions.get("192.168.0.0/24").map(String::as_str),
            Some("head office")
        );
        assert_eq!(
            p.descriptions.get("10.0.1.0/24").map(String::as_str),
            Some("branch")
        );
        assert!(
            t.warnings
                .iter()
                .all(|w| !w.message.contains("not supported")),
            "{:#?}",
            t.warnings
        );
    }
}
