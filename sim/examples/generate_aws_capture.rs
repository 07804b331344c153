//! Prints a synthetic AWS CLI capture (merged `describe-*` JSON) with N subnets, for measuring
//! `stratosim lint --aws` at scale (issue 13; docs/PERFORMANCE.md). Deterministic: the same N
//! gives the same bytes. Each VPC holds 250 /24 subnets with their own route table (every fourth
//! routes to the VPC's internet gateway), one instance per subnet (every third with a public IP),
//! one default NACL and one security group per VPC.
//!
//! `cargo run -p sim --release --example generate_aws_capture -- 20000 > /tmp/aws20k.json`

use serde_json::{json, Value};

/// The capture as JSON text.
pub fn capture(subnets: usize) -> String {
    const PER_VPC: usize = 250;
    let vpc_count = subnets.div_ceil(PER_VPC);
    let vpc_cidr = |v: usize| {
        if v < 256 {
            format!("10.{v}.0.0/16")
        } else {
            format!("172.{}.{}.0/16", 16 + (v / 256) % 16, v % 256)
        }
    };
    let (mut vpcs, mut igws, mut tables, mut acls, mut groups) =
        (vec![], vec![], vec![], vec![], vec![]);
    for v in 0..vpc_count {
        let (id, cidr) = (format!("vpc-{v:017x}"), vpc_cidr(v));
        vpcs.push(json!({"VpcId": id, "CidrBlock": cidr, "State": "available"}));
        igws.push(json!({"InternetGatewayId": format!("igw-{v:017x}"),
            "Attachments": [{"State": "available", "VpcId": id}]}));
        tables.push(
            json!({"RouteTableId": format!("rtb-m{v:016x}"), "VpcId": id,
            "Associations": [{"Main": true, "RouteTableId": format!("rtb-m{v:016x}")}],
            "Routes": [{"DestinationCidrBlock": cidr, "GatewayId": "local", "State": "active"}]}),
        );
        acls.push(
            json!({"NetworkAclId": format!("acl-{v:017x}"), "VpcId": id, "IsDefault": true,
            "Entries": [], "Associations": []}),
        );
        groups.push(
            json!({"GroupId": format!("sg-{v:017x}"), "GroupName": "default",
            "VpcId": id, "IpPermissions": [], "IpPermissionsEgress": []}),
        );
    }
    let (mut subnet_list, mut instances) = (vec![], vec![]);
    for i in 0..subnets {
        let (v, k) = (i / PER_VPC, i % PER_VPC);
        let cidr = vpc_cidr(v);
        let prefix: Vec<&str> = cidr.split('.').take(2).collect();
        let (vpc, sid) = (format!("vpc-{v:017x}"), format!("subnet-{i:017x}"));
        subnet_list.push(json!({"SubnetId": sid, "VpcId": vpc,
            "CidrBlock": format!("{}.{}.{k}.0/24", prefix[0], prefix[1]),
            "AvailabilityZone": format!("us-east-1{}", ["a", "b", "c"][k % 3]),
            "MapPublicIpOnLaunch": k % 2 == 0, "State": "available"}));
        let mut routes = vec![json!({"DestinationCidrBlock": cidr, "GatewayId": "local",
            "State": "active"})];
        if k % 4 == 0 {
            routes.push(json!({"DestinationCidrBlock": "0.0.0.0/0",
                "GatewayId": format!("igw-{v:017x}"), "State": "active"}));
        }
        tables.push(
            json!({"RouteTableId": format!("rtb-{i:017x}"), "VpcId": vpc,
            "Associations": [{"Main": false, "RouteTableId": format!("rtb-{i:017x}"),
                "SubnetId": sid}],
            "Routes": routes}),
        );
        if let Some(Value::Array(a)) = acls[v].get_mut("Associations") {
            a.push(json!({"NetworkAclId": format!("acl-{v:017x}"), "SubnetId": sid}));
        }
        let mut instance = json!({"InstanceId": format!("i-{i:017x}"), "SubnetId": sid,
            "VpcId": vpc, "PrivateIpAddress": format!("{}.{}.{k}.10", prefix[0], prefix[1]),
            "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": format!("sg-{v:017x}")}]});
        if k % 3 == 0 {
            instance["PublicIpAddress"] = json!(format!(
                "3.{}.{}.{}",
                (i >> 16) & 255,
                (i >> 8) & 255,
                i & 255
            ));
        }
        instances.push(instance);
    }
    json!({"Vpcs": vpcs, "Subnets": subnet_list, "InternetGateways": igws,
        "RouteTables": tables, "NetworkAcls": acls, "SecurityGroups": groups,
        "Reservations": [{"Instances": instances}]})
    .to_string()
}

#[allow(dead_code)] // the bench includes this file for `capture` only
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    println!("{}", capture(n));
}
