//! The designs of every built-in scenario: `(starting design, reference solution)`.
//!
//! Assignments start from an (almost) empty VPC; broken challenges start from the broken
//! design and their solution is the smallest fix. Ids differ from scenario to scenario on
//! purpose: rubrics select by tier, role and name, never by id.

use crate::network::{
    CustomerGateway, Design, EgressOnlyInternetGateway, EndpointInterface, EndpointState,
    EndpointType, InstanceRole as Role, InterfaceEndpoint, LoadBalancerKind, NaclEntry, NetworkAcl,
    PeeringConnection, PeeringStatus, SecurityGroupRule, TargetKind as T, TgwAttachmentKind,
    TransitGateway, TransitGatewayAttachment, TransitGatewayRouteTable, Vpc, VpcEndpoint,
    VpnConnection, VpnGateway, VpnState,
};

use super::build::*;

pub const EKS_MANIFESTS: &str = include_str!("../../scenarios/manifests/bastion-eks.yaml");
pub const EKS_MANIFESTS_START: &str =
    include_str!("../../scenarios/manifests/bastion-eks-start.yaml");
pub const WEB_MANIFESTS: &str = include_str!("../../scenarios/manifests/three-tier-web.yaml");
pub const ONE_ZONE_MANIFESTS: &str =
    include_str!("../../scenarios/manifests/deployment-one-zone.yaml");

// ---- vpc-week1 ------------------------------------------------------------------------------

fn week1_base() -> Builder {
    let mut b = Builder::new();
    b.vpc("vpc-w1", "week1", "10.0.0.0/16");
    b
}

fn week1_solution() -> Builder {
    let v = "vpc-w1";
    let mut b = week1_base();
    b.igw("igw-w1", Some(v))
        .subnet("subnet-pub-a", "public-a", v, "10.0.1.0/24", AZ_A, true)
        .subnet("subnet-pub-c", "public-c", v, "10.0.2.0/24", AZ_C, true)
        .subnet("subnet-priv-a", "private-a", v, "10.0.11.0/24", AZ_A, false)
        .subnet("subnet-priv-c", "private-c", v, "10.0.12.0/24", AZ_C, false)
        .subnet("subnet-mgmt-a", "mgmt-a", v, "10.0.100.0/24", AZ_A, true)
        .table(
            "rtb-w1-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-w1")],
            &["subnet-pub-a", "subnet-pub-c", "subnet-mgmt-a"],
        )
        .group(
            "sg-w1-mgmt",
            "mgmt",
            v,
            vec![tcp_cidr(22, ADMIN_CIDR, "SSH from the admin's own IP")],
        )
        .group(
            "sg-w1-web",
            "web",
            v,
            vec![
                tcp_cidr(8080, "0.0.0.0/0", "app port from anywhere"),
                tcp_group(22, "sg-w1-mgmt", "SSH from management"),
            ],
        )
        .group(
            "sg-w1-db",
            "db",
            v,
            vec![
                tcp_group(3306, "sg-w1-web", "MySQL from the public tier"),
                tcp_group(22, "sg-w1-mgmt", "SSH from management"),
            ],
        )
        .instance(
            "i-w1-web-a",
            "web-a",
            "subnet-pub-a",
            "10.0.1.10",
            Some("3.36.1.10"),
            &["sg-w1-web"],
            Role::Web,
            "t3.micro",
        )
        .instance(
            "i-w1-web-c",
            "web-c",
            "subnet-pub-c",
            "10.0.2.10",
            Some("3.36.2.10"),
            &["sg-w1-web"],
            Role::Web,
            "t3.micro",
        )
        .instance(
            "i-w1-db-a",
            "db-a",
            "subnet-priv-a",
            "10.0.11.10",
            None,
            &["sg-w1-db"],
            Role::App,
            "t3.small",
        )
        .instance(
            "i-w1-db-c",
            "db-c",
            "subnet-priv-c",
            "10.0.12.10",
            None,
            &["sg-w1-db"],
            Role::App,
            "t3.small",
        )
        .instance(
            "i-w1-mgmt",
            "mgmt",
            "subnet-mgmt-a",
            "10.0.100.10",
            Some("3.36.100.10"),
            &["sg-w1-mgmt"],
            Role::Bastion,
            "t3.micro",
        );
    b
}

pub fn vpc_week1() -> (Design, Design) {
    (
        week1_base().design("week-1: start", None),
        week1_solution().design("week-1: reference", None),
    )
}

// ---- bastion-eks ----------------------------------------------------------------------------

fn eks_solution() -> Builder {
    let v = "vpc-eks";
    let mut b = Builder::new();
    b.vpc(v, "eks-lab", "10.10.0.0/16")
        .igw("igw-eks", Some(v))
        .subnet(
            "subnet-eks-pub-a",
            "public-a",
            v,
            "10.10.1.0/24",
            AZ_A,
            true,
        )
        .subnet(
            "subnet-eks-pub-c",
            "public-c",
            v,
            "10.10.2.0/24",
            AZ_C,
            true,
        )
        .subnet(
            "subnet-eks-priv-a",
            "private-a",
            v,
            "10.10.11.0/24",
            AZ_A,
            false,
        )
        .subnet(
            "subnet-eks-priv-c",
            "private-c",
            v,
            "10.10.12.0/24",
            AZ_C,
            false,
        )
        .nat(
            "nat-eks-a",
            "nat-a",
            "subnet-eks-pub-a",
            "10.10.1.100",
            "3.36.50.1",
        )
        .table(
            "rtb-eks-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-eks")],
            &["subnet-eks-pub-a", "subnet-eks-pub-c"],
        )
        .table(
            "rtb-eks-private",
            "private",
            v,
            vec![route("0.0.0.0/0", T::Nat, "nat-eks-a")],
            &["subnet-eks-priv-a", "subnet-eks-priv-c"],
        )
        .group(
            "sg-eks-bastion",
            "bastion",
            v,
            vec![tcp_cidr(22, ADMIN_CIDR, "SSH from the admin only")],
        )
        .group(
            "sg-eks-lb",
            "app-lb",
            v,
            vec![tcp_cidr(80, "0.0.0.0/0", "HTTP from anywhere")],
        )
        .group(
            "sg-eks-nodes",
            "nodes",
            v,
            vec![
                tcp_group(22, "sg-eks-bastion", "SSH from the bastion"),
                tcp_group(30080, "sg-eks-lb", "NodePort from the load balancer"),
                all_from_group("sg-eks-nodes", "node to node"),
            ],
        )
        .instance(
            "i-eks-bastion",
            "bastion",
            "subnet-eks-pub-a",
            "10.10.1.10",
            Some("3.36.50.10"),
            &["sg-eks-bastion"],
            Role::Bastion,
            "t3.micro",
        )
        .instance(
            "i-eks-node-a",
            "node-a",
            "subnet-eks-priv-a",
            "10.10.11.10",
            None,
            &["sg-eks-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-eks-node-c",
            "node-c",
            "subnet-eks-priv-c",
            "10.10.12.10",
            None,
            &["sg-eks-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .load_balancer(
            "lb-eks-app",
            "app-lb",
            LoadBalancerKind::Application,
            v,
            &["subnet-eks-pub-a", "subnet-eks-pub-c"],
            &["sg-eks-lb"],
            80,
            30080,
            &["i-eks-node-a", "i-eks-node-c"],
        );
    b
}

pub fn bastion_eks() -> (Design, Design) {
    let mut start = Builder::new();
    start
        .vpc("vpc-eks", "eks-lab", "10.10.0.0/16")
        .igw("igw-eks", None);
    (
        start.design("bastion + EKS: start", Some(EKS_MANIFESTS_START)),
        eks_solution().design("bastion + EKS: reference", Some(EKS_MANIFESTS)),
    )
}

// ---- three-tier -----------------------------------------------------------------------------

fn three_tier(multi_az: bool) -> Builder {
    let v = "vpc-shop";
    let mut b = Builder::new();
    b.vpc(v, "shop", "10.20.0.0/16")
        .igw("igw-shop", Some(v))
        .subnet(
            "subnet-shop-pub-a",
            "public-a",
            v,
            "10.20.1.0/24",
            AZ_A,
            true,
        )
        .subnet(
            "subnet-shop-app-a",
            "app-a",
            v,
            "10.20.11.0/24",
            AZ_A,
            false,
        )
        .subnet("subnet-shop-db-a", "db-a", v, "10.20.21.0/24", AZ_A, false)
        .nat(
            "nat-shop-a",
            "nat-a",
            "subnet-shop-pub-a",
            "10.20.1.100",
            "3.36.60.1",
        )
        .group(
            "sg-shop-bastion",
            "bastion",
            v,
            vec![tcp_cidr(22, ADMIN_CIDR, "SSH from the admin only")],
        )
        .group(
            "sg-shop-alb",
            "alb",
            v,
            vec![tcp_cidr(80, "0.0.0.0/0", "HTTP from anywhere")],
        )
        .group(
            "sg-shop-web",
            "web",
            v,
            vec![
                tcp_group(8080, "sg-shop-alb", "from the ALB"),
                tcp_group(22, "sg-shop-bastion", "SSH from the bastion"),
                all_from_group("sg-shop-web", "node to node"),
            ],
        )
        .group(
            "sg-shop-db",
            "db",
            v,
            vec![tcp_group(3306, "sg-shop-web", "MySQL from the web tier")],
        )
        .instance(
            "i-shop-bastion",
            "bastion",
            "subnet-shop-pub-a",
            "10.20.1.10",
            Some("3.36.60.10"),
            &["sg-shop-bastion"],
            Role::Bastion,
            "t3.micro",
        )
        .instance(
            "i-shop-web-a1",
            "web-a1",
            "subnet-shop-app-a",
            "10.20.11.10",
            None,
            &["sg-shop-web"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-shop-web-a2",
            "web-a2",
            "subnet-shop-app-a",
            "10.20.11.11",
            None,
            &["sg-shop-web"],
            Role::KubernetesNode,
            "t3.medium",
        );
    if multi_az {
        b.subnet(
            "subnet-shop-pub-c",
            "public-c",
            v,
            "10.20.2.0/24",
            AZ_C,
            true,
        )
        .subnet(
            "subnet-shop-app-c",
            "app-c",
            v,
            "10.20.12.0/24",
            AZ_C,
            false,
        )
        .subnet("subnet-shop-db-c", "db-c", v, "10.20.22.0/24", AZ_C, false)
        .nat(
            "nat-shop-c",
            "nat-c",
            "subnet-shop-pub-c",
            "10.20.2.100",
            "3.36.60.2",
        )
        .table(
            "rtb-shop-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-shop")],
            &["subnet-shop-pub-a", "subnet-shop-pub-c"],
        )
        .table(
            "rtb-shop-private-a",
            "private-a",
            v,
            vec![route("0.0.0.0/0", T::Nat, "nat-shop-a")],
            &["subnet-shop-app-a", "subnet-shop-db-a"],
        )
        .table(
            "rtb-shop-private-c",
            "private-c",
            v,
            vec![route("0.0.0.0/0", T::Nat, "nat-shop-c")],
            &["subnet-shop-app-c", "subnet-shop-db-c"],
        )
        .instance(
            "i-shop-web-c1",
            "web-c1",
            "subnet-shop-app-c",
            "10.20.12.10",
            None,
            &["sg-shop-web"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-shop-web-c2",
            "web-c2",
            "subnet-shop-app-c",
            "10.20.12.11",
            None,
            &["sg-shop-web"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .load_balancer(
            "lb-shop-web",
            "web-alb",
            LoadBalancerKind::Application,
            v,
            &["subnet-shop-pub-a", "subnet-shop-pub-c"],
            &["sg-shop-alb"],
            80,
            8080,
            &[
                "i-shop-web-a1",
                "i-shop-web-a2",
                "i-shop-web-c1",
                "i-shop-web-c2",
            ],
        )
        .database(
            "db-shop-orders",
            "orders",
            &["subnet-shop-db-a", "subnet-shop-db-c"],
            "10.20.21.10",
            &["sg-shop-db"],
            true,
        );
    } else {
        b.table(
            "rtb-shop-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-shop")],
            &["subnet-shop-pub-a"],
        )
        .table(
            "rtb-shop-private-a",
            "private-a",
            v,
            vec![route("0.0.0.0/0", T::Nat, "nat-shop-a")],
            &["subnet-shop-app-a", "subnet-shop-db-a"],
        )
        .load_balancer(
            "lb-shop-web",
            "web-alb",
            LoadBalancerKind::Application,
            v,
            &["subnet-shop-pub-a"],
            &["sg-shop-alb"],
            80,
            8080,
            &["i-shop-web-a1", "i-shop-web-a2"],
        )
        .database(
            "db-shop-orders",
            "orders",
            &["subnet-shop-db-a"],
            "10.20.21.10",
            &["sg-shop-db"],
            false,
        );
    }
    b
}

pub fn three_tier_designs() -> (Design, Design) {
    (
        three_tier(false).design("three-tier: start", Some(WEB_MANIFESTS)),
        three_tier(true).design("three-tier: reference", Some(WEB_MANIFESTS)),
    )
}

// ---- broken challenges ----------------------------------------------------------------------

/// A VPC with a bastion in a public subnet and an app server in a private one (seed 004's start).
fn bastion_app(igw_route: bool) -> Builder {
    let v = "vpc-lab";
    let mut b = Builder::new();
    b.vpc(v, "lab", "10.10.0.0/16")
        .igw("igw-lab", Some(v))
        .subnet("subnet-lab-pub", "public-a", v, "10.10.1.0/24", AZ_A, true)
        .subnet(
            "subnet-lab-priv",
            "private-a",
            v,
            "10.10.11.0/24",
            AZ_A,
            false,
        )
        .table(
            "rtb-lab-public",
            "public",
            v,
            if igw_route {
                vec![route("0.0.0.0/0", T::Igw, "igw-lab")]
            } else {
                vec![]
            },
            &["subnet-lab-pub"],
        )
        .group(
            "sg-lab-bastion",
            "bastion",
            v,
            vec![tcp_cidr(22, ADMIN_CIDR, "SSH from the admin only")],
        )
        .group(
            "sg-lab-app",
            "app",
            v,
            vec![tcp_group(22, "sg-lab-bastion", "SSH from the bastion")],
        )
        .instance(
            "i-lab-bastion",
            "bastion",
            "subnet-lab-pub",
            "10.10.1.10",
            Some("3.36.70.10"),
            &["sg-lab-bastion"],
            Role::Bastion,
            "t3.micro",
        )
        .instance(
            "i-lab-app",
            "app",
            "subnet-lab-priv",
            "10.10.11.10",
            None,
            &["sg-lab-app"],
            Role::App,
            "t3.small",
        );
    b
}

pub fn bastion_ssh_timeout() -> (Design, Design) {
    (
        bastion_app(false).design("bastion and app server", None),
        bastion_app(true).design("bastion and app server: reference", None),
    )
}

/// Seed 004: a /22 VPC split in two halves, so the private half sits in one AZ and no room is left.
fn eks_one_az(fixed: bool) -> Builder {
    let v = "vpc-exam";
    let mut b = Builder::new();
    b.vpc(v, "exam", "10.10.4.0/22")
        .igw("igw-exam", Some(v))
        .subnet("subnet-exam-pub", "public-a", v, "10.10.4.0/23", AZ_A, true);
    if fixed {
        b.subnet(
            "subnet-exam-priv-a",
            "private-a",
            v,
            "10.10.6.0/24",
            AZ_A,
            false,
        )
        .subnet(
            "subnet-exam-priv-c",
            "private-c",
            v,
            "10.10.7.0/24",
            AZ_C,
            false,
        );
    } else {
        b.subnet(
            "subnet-exam-priv-a",
            "private-a",
            v,
            "10.10.6.0/23",
            AZ_A,
            false,
        );
    }
    b.nat(
        "nat-exam",
        "nat",
        "subnet-exam-pub",
        "10.10.4.100",
        "3.36.80.1",
    )
    .table(
        "rtb-exam-public",
        "public",
        v,
        vec![route("0.0.0.0/0", T::Igw, "igw-exam")],
        &["subnet-exam-pub"],
    )
    .group(
        "sg-exam-nodes",
        "nodes",
        v,
        vec![all_from_group("sg-exam-nodes", "node to node")],
    )
    .instance(
        "i-exam-node-1",
        "node-1",
        "subnet-exam-priv-a",
        "10.10.6.10",
        None,
        &["sg-exam-nodes"],
        Role::KubernetesNode,
        "t3.medium",
    );
    let mut private = vec!["subnet-exam-priv-a"];
    if fixed {
        private.push("subnet-exam-priv-c");
        b.instance(
            "i-exam-node-2",
            "node-2",
            "subnet-exam-priv-c",
            "10.10.7.10",
            None,
            &["sg-exam-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        );
    } else {
        b.instance(
            "i-exam-node-2",
            "node-2",
            "subnet-exam-priv-a",
            "10.10.6.11",
            None,
            &["sg-exam-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        );
    }
    b.table(
        "rtb-exam-private",
        "private",
        v,
        vec![route("0.0.0.0/0", T::Nat, "nat-exam")],
        &private,
    );
    b
}

pub fn eks_one_az_designs() -> (Design, Design) {
    (
        eks_one_az(false).design("cluster network", None),
        eks_one_az(true).design("cluster network: reference", None),
    )
}

/// A web server behind a custom NACL whose outbound rule only allows the service port back.
fn nacl(fixed: bool) -> Builder {
    let v = "vpc-nacl";
    let mut b = Builder::new();
    b.vpc(v, "nacl-lab", "10.30.0.0/16")
        .igw("igw-nacl", Some(v))
        .subnet("subnet-nacl-pub", "public-a", v, "10.30.1.0/24", AZ_A, true)
        .table(
            "rtb-nacl-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-nacl")],
            &["subnet-nacl-pub"],
        )
        .group(
            "sg-nacl-web",
            "web",
            v,
            vec![
                tcp_cidr(8080, "0.0.0.0/0", "app port"),
                tcp_cidr(22, ADMIN_CIDR, "admin SSH"),
            ],
        )
        .instance(
            "i-nacl-web",
            "web",
            "subnet-nacl-pub",
            "10.30.1.10",
            Some("3.36.90.10"),
            &["sg-nacl-web"],
            Role::Web,
            "t3.micro",
        );
    let outbound = if fixed {
        nacl_entry(100, true, Some((1024, 65535)), "0.0.0.0/0")
    } else {
        nacl_entry(100, true, Some((8080, 8080)), "0.0.0.0/0")
    };
    let inbound: Vec<NaclEntry> = vec![
        nacl_entry(100, false, Some((8080, 8080)), "0.0.0.0/0"),
        nacl_entry(110, false, Some((22, 22)), ADMIN_CIDR),
    ];
    let mut entries = inbound;
    entries.push(outbound);
    b.net.network_acls.push(NetworkAcl {
        id: "acl-nacl-public".into(),
        name: "public".into(),
        vpc_id: v.into(),
        is_default: false,
        entries,
        associations: vec!["subnet-nacl-pub".into()],
    });
    b
}

pub fn nacl_ephemeral() -> (Design, Design) {
    (
        nacl(false).design("web server subnet", None),
        nacl(true).design("web server subnet: reference", None),
    )
}

/// A NAT gateway created in the private subnet it is meant to serve.
fn nat_private(fixed: bool) -> Builder {
    let v = "vpc-nat";
    let mut b = Builder::new();
    let nat_subnet = if fixed {
        "subnet-nat-pub"
    } else {
        "subnet-nat-priv"
    };
    let nat_ip = if fixed { "10.40.1.100" } else { "10.40.11.100" };
    b.vpc(v, "nat-lab", "10.40.0.0/16")
        .igw("igw-nat", Some(v))
        .subnet("subnet-nat-pub", "public-a", v, "10.40.1.0/24", AZ_A, true)
        .subnet(
            "subnet-nat-priv",
            "private-a",
            v,
            "10.40.11.0/24",
            AZ_A,
            false,
        )
        .nat("nat-lab", "nat", nat_subnet, nat_ip, "3.36.91.1")
        .table(
            "rtb-nat-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-nat")],
            &["subnet-nat-pub"],
        )
        .table(
            "rtb-nat-private",
            "private",
            v,
            vec![route("0.0.0.0/0", T::Nat, "nat-lab")],
            &["subnet-nat-priv"],
        )
        .group("sg-nat-app", "app", v, vec![])
        .instance(
            "i-nat-app",
            "app",
            "subnet-nat-priv",
            "10.40.11.10",
            None,
            &["sg-nat-app"],
            Role::App,
            "t3.small",
        );
    b
}

pub fn nat_in_private() -> (Design, Design) {
    (
        nat_private(false).design("private app tier", None),
        nat_private(true).design("private app tier: reference", None),
    )
}

/// Three VPCs: app ↔ shared and shared ↔ data are peered; app tries to reach data through shared.
fn peering(fixed: bool) -> Builder {
    let mut b = Builder::new();
    for (v, name, cidr) in [
        ("vpc-app", "app", "10.0.0.0/16"),
        ("vpc-shared", "shared", "10.1.0.0/16"),
        ("vpc-data", "data", "10.2.0.0/16"),
    ] {
        b.vpc(v, name, cidr);
    }
    b.net
        .vpcs
        .sort_by(|a: &Vpc, c: &Vpc| a.cidr_blocks.cmp(&c.cidr_blocks));
    let pcx = |id: &str, a: &str, c: &str| PeeringConnection {
        id: id.into(),
        name: id.trim_start_matches("pcx-").into(),
        requester_vpc: a.into(),
        accepter_vpc: c.into(),
        status: PeeringStatus::Active,
    };
    b.net
        .peering_connections
        .push(pcx("pcx-app-shared", "vpc-app", "vpc-shared"));
    b.net
        .peering_connections
        .push(pcx("pcx-shared-data", "vpc-shared", "vpc-data"));
    let to_data = if fixed {
        "pcx-app-data"
    } else {
        "pcx-app-shared"
    };
    if fixed {
        b.net
            .peering_connections
            .push(pcx("pcx-app-data", "vpc-app", "vpc-data"));
    }
    b.subnet("subnet-app", "app-a", "vpc-app", "10.0.1.0/24", AZ_A, false)
        .subnet(
            "subnet-shared",
            "shared-a",
            "vpc-shared",
            "10.1.1.0/24",
            AZ_A,
            false,
        )
        .subnet(
            "subnet-data",
            "data-a",
            "vpc-data",
            "10.2.1.0/24",
            AZ_A,
            false,
        )
        .table(
            "rtb-app",
            "app",
            "vpc-app",
            vec![
                route("10.1.0.0/16", T::Pcx, "pcx-app-shared"),
                route("10.2.0.0/16", T::Pcx, to_data),
            ],
            &["subnet-app"],
        )
        .table(
            "rtb-shared",
            "shared",
            "vpc-shared",
            vec![
                route("10.0.0.0/16", T::Pcx, "pcx-app-shared"),
                route("10.2.0.0/16", T::Pcx, "pcx-shared-data"),
            ],
            &["subnet-shared"],
        )
        .table(
            "rtb-data",
            "data",
            "vpc-data",
            vec![
                route("10.1.0.0/16", T::Pcx, "pcx-shared-data"),
                route(
                    "10.0.0.0/16",
                    T::Pcx,
                    if fixed {
                        "pcx-app-data"
                    } else {
                        "pcx-shared-data"
                    },
                ),
            ],
            &["subnet-data"],
        )
        .group("sg-app", "app", "vpc-app", vec![])
        .group(
            "sg-shared",
            "shared",
            "vpc-shared",
            vec![tcp_cidr(443, "10.0.0.0/16", "HTTPS from the app VPC")],
        )
        .group(
            "sg-data",
            "data",
            "vpc-data",
            vec![
                tcp_cidr(5432, "10.0.0.0/16", "PostgreSQL from the app VPC"),
                tcp_cidr(5432, "10.1.0.0/16", "PostgreSQL from the shared VPC"),
            ],
        )
        .instance(
            "i-app",
            "app-server",
            "subnet-app",
            "10.0.1.10",
            None,
            &["sg-app"],
            Role::App,
            "t3.small",
        )
        .instance(
            "i-shared",
            "shared-service",
            "subnet-shared",
            "10.1.1.10",
            None,
            &["sg-shared"],
            Role::App,
            "t3.small",
        )
        .instance(
            "i-data",
            "orders-db",
            "subnet-data",
            "10.2.1.10",
            None,
            &["sg-data"],
            Role::App,
            "t3.small",
        );
    b
}

pub fn peering_transitive() -> (Design, Design) {
    (
        peering(false).design("three VPCs", None),
        peering(true).design("three VPCs: reference", None),
    )
}

fn web_public_ip(fixed: bool) -> Builder {
    let v = "vpc-pip";
    let mut b = Builder::new();
    b.vpc(v, "pip-lab", "10.50.0.0/16")
        .igw("igw-pip", Some(v))
        .subnet("subnet-pip-pub", "public-a", v, "10.50.1.0/24", AZ_A, false)
        .table(
            "rtb-pip-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-pip")],
            &["subnet-pip-pub"],
        )
        .group(
            "sg-pip-web",
            "web",
            v,
            vec![tcp_cidr(8080, "0.0.0.0/0", "app port")],
        )
        .instance(
            "i-pip-web",
            "web",
            "subnet-pip-pub",
            "10.50.1.10",
            if fixed { Some("3.36.92.10") } else { None },
            &["sg-pip-web"],
            Role::Web,
            "t3.micro",
        );
    b
}

pub fn no_public_ip() -> (Design, Design) {
    (
        web_public_ip(false).design("public web server", None),
        web_public_ip(true).design("public web server: reference", None),
    )
}

fn wrong_group(fixed: bool) -> Builder {
    let v = "vpc-sgx";
    let mut b = Builder::new();
    let peer = if fixed {
        "sg-sgx-web"
    } else {
        "sg-sgx-bastion"
    };
    b.vpc(v, "sg-lab", "10.60.0.0/16")
        .igw("igw-sgx", Some(v))
        .subnet("subnet-sgx-pub", "public-a", v, "10.60.1.0/24", AZ_A, true)
        .subnet("subnet-sgx-db-a", "db-a", v, "10.60.21.0/24", AZ_A, false)
        .subnet("subnet-sgx-db-c", "db-c", v, "10.60.22.0/24", AZ_C, false)
        .table(
            "rtb-sgx-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-sgx")],
            &["subnet-sgx-pub"],
        )
        .group(
            "sg-sgx-bastion",
            "bastion",
            v,
            vec![tcp_cidr(22, ADMIN_CIDR, "admin SSH")],
        )
        .group(
            "sg-sgx-web",
            "web",
            v,
            vec![tcp_cidr(8080, "0.0.0.0/0", "app port")],
        )
        .group(
            "sg-sgx-db",
            "db",
            v,
            vec![tcp_group(3306, peer, "MySQL from the web tier")],
        )
        .instance(
            "i-sgx-bastion",
            "bastion",
            "subnet-sgx-pub",
            "10.60.1.5",
            Some("3.36.93.5"),
            &["sg-sgx-bastion"],
            Role::Bastion,
            "t3.micro",
        )
        .instance(
            "i-sgx-web",
            "web",
            "subnet-sgx-pub",
            "10.60.1.10",
            Some("3.36.93.10"),
            &["sg-sgx-web"],
            Role::Web,
            "t3.micro",
        )
        .database(
            "db-sgx",
            "orders",
            &["subnet-sgx-db-a", "subnet-sgx-db-c"],
            "10.60.21.10",
            &["sg-sgx-db"],
            true,
        );
    b
}

pub fn sg_wrong_group() -> (Design, Design) {
    (
        wrong_group(false).design("web and database tiers", None),
        wrong_group(true).design("web and database tiers: reference", None),
    )
}

/// Two nodes per AZ in private subnets; the Deployment pins itself to one zone.
fn one_zone_cluster() -> Builder {
    let v = "vpc-k8s";
    let mut b = Builder::new();
    b.vpc(v, "k8s", "10.70.0.0/16")
        .subnet("subnet-k8s-a", "private-a", v, "10.70.11.0/24", AZ_A, false)
        .subnet("subnet-k8s-c", "private-c", v, "10.70.12.0/24", AZ_C, false)
        .group(
            "sg-k8s-nodes",
            "nodes",
            v,
            vec![all_from_group("sg-k8s-nodes", "node to node")],
        )
        .instance(
            "i-k8s-a1",
            "node-a1",
            "subnet-k8s-a",
            "10.70.11.10",
            None,
            &["sg-k8s-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-k8s-a2",
            "node-a2",
            "subnet-k8s-a",
            "10.70.11.11",
            None,
            &["sg-k8s-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-k8s-c1",
            "node-c1",
            "subnet-k8s-c",
            "10.70.12.10",
            None,
            &["sg-k8s-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        )
        .instance(
            "i-k8s-c2",
            "node-c2",
            "subnet-k8s-c",
            "10.70.12.11",
            None,
            &["sg-k8s-nodes"],
            Role::KubernetesNode,
            "t3.medium",
        );
    b
}

pub fn deployment_one_zone() -> (Design, Design) {
    let b = one_zone_cluster();
    (
        b.design("web cluster", Some(ONE_ZONE_MANIFESTS)),
        b.design("web cluster: reference", Some(WEB_MANIFESTS)),
    )
}

fn alb(fixed: bool) -> Builder {
    let v = "vpc-alb";
    let mut b = Builder::new();
    b.vpc(v, "alb-lab", "10.80.0.0/16")
        .igw("igw-alb", Some(v))
        .subnet(
            "subnet-alb-pub-a",
            "public-a",
            v,
            "10.80.1.0/24",
            AZ_A,
            true,
        )
        .subnet(
            "subnet-alb-pub-c",
            "public-c",
            v,
            "10.80.2.0/24",
            AZ_C,
            true,
        )
        .subnet("subnet-alb-app-a", "app-a", v, "10.80.11.0/24", AZ_A, false)
        .subnet("subnet-alb-app-c", "app-c", v, "10.80.12.0/24", AZ_C, false)
        .table(
            "rtb-alb-public",
            "public",
            v,
            vec![route("0.0.0.0/0", T::Igw, "igw-alb")],
            &["subnet-alb-pub-a", "subnet-alb-pub-c"],
        )
        .group(
            "sg-alb-lb",
            "alb",
            v,
            vec![tcp_cidr(80, "0.0.0.0/0", "HTTP")],
        )
        .group(
            "sg-alb-web",
            "web",
            v,
            vec![tcp_group(8080, "sg-alb-lb", "from the ALB")],
        )
        .instance(
            "i-alb-web-a",
            "web-a",
            "subnet-alb-app-a",
            "10.80.11.10",
            None,
            &["sg-alb-web"],
            Role::Web,
            "t3.small",
        )
        .instance(
            "i-alb-web-c",
            "web-c",
            "subnet-alb-app-c",
            "10.80.12.10",
            None,
            &["sg-alb-web"],
            Role::Web,
            "t3.small",
        );
    let subnets: &[&str] = if fixed {
        &["subnet-alb-pub-a", "subnet-alb-pub-c"]
    } else {
        &["subnet-alb-pub-a"]
    };
    b.load_balancer(
        "lb-alb",
        "web-alb",
        LoadBalancerKind::Application,
        v,
        subnets,
        &["sg-alb-lb"],
        80,
        8080,
        &["i-alb-web-a", "i-alb-web-c"],
    );
    b
}

pub fn alb_one_az() -> (Design, Design) {
    (
        alb(false).design("web front end", None),
        alb(true).design("web front end: reference", None),
    )
}

// ---- tgw-hub-spoke --------------------------------------------------------------------------

/// One VPC of the hub and spoke: app subnets and a /28 for the transit gateway's interfaces
/// in each AZ, a route table sending 10.0.0.0/8 to the gateway, two app servers.
fn hub_vpc(
    b: &mut Builder,
    key: &str,
    name: &str,
    second_octet: u8,
    ingress: Vec<SecurityGroupRule>,
) {
    let v = format!("vpc-{key}");
    let n = second_octet;
    let (app_a, app_c) = (format!("subnet-{key}-app-a"), format!("subnet-{key}-app-c"));
    let (tgw_a, tgw_c) = (format!("subnet-{key}-tgw-a"), format!("subnet-{key}-tgw-c"));
    b.vpc(&v, name, &format!("10.{n}.0.0/16"))
        .subnet(
            &app_a,
            &format!("{name}-app-a"),
            &v,
            &format!("10.{n}.1.0/24"),
            AZ_A,
            false,
        )
        .subnet(
            &app_c,
            &format!("{name}-app-c"),
            &v,
            &format!("10.{n}.2.0/24"),
            AZ_C,
            false,
        )
        .subnet(
            &tgw_a,
            &format!("{name}-tgw-a"),
            &v,
            &format!("10.{n}.240.0/28"),
            AZ_A,
            false,
        )
        .subnet(
            &tgw_c,
            &format!("{name}-tgw-c"),
            &v,
            &format!("10.{n}.240.16/28"),
            AZ_C,
            false,
        )
        .table(
            &format!("rtb-{key}-app"),
            &format!("{name}-app"),
            &v,
            vec![route("10.0.0.0/8", T::Tgw, "tgw-hub")],
            &[&app_a, &app_c],
        )
        .group(
            &format!("sg-{key}-app"),
            &format!("{name}-app"),
            &v,
            ingress,
        );
    for (az, subnet, last) in [("a", &app_a, 1u8), ("c", &app_c, 2u8)] {
        b.instance(
            &format!("i-{key}-app-{az}"),
            &format!("{name}-app-{az}"),
            subnet,
            &format!("10.{n}.{last}.10"),
            None,
            &[&format!("sg-{key}-app")],
            Role::App,
            "t3.small",
        );
    }
    b.net
        .transit_gateway_attachments
        .push(TransitGatewayAttachment {
            id: format!("tgw-attach-{key}"),
            name: name.into(),
            transit_gateway_id: "tgw-hub".into(),
            kind: TgwAttachmentKind::Vpc,
            vpc_id: Some(v.clone()),
            subnet_ids: vec![tgw_a, tgw_c],
            ..TransitGatewayAttachment::default()
        });
}

/// Prod, dev and shared-services VPCs on one transit gateway with two route tables: the
/// spokes' table (prod and dev associated) and the shared-services table (shared associated,
/// learning the spokes' routes). `isolated`: the spokes' table learns only the shared VPC's
/// routes; otherwise every attachment propagates into it.
fn hub_and_spoke_tgw(isolated: bool) -> Builder {
    let mut b = Builder::new();
    b.net.transit_gateways.push(TransitGateway {
        id: "tgw-hub".into(),
        name: "hub".into(),
    });
    let internal = || {
        vec![tcp_cidr(
            443,
            "10.0.0.0/8",
            "HTTPS from the internal network",
        )]
    };
    hub_vpc(&mut b, "prd", "prod", 10, internal());
    hub_vpc(&mut b, "dev", "dev", 20, internal());
    let from_spokes = [
        "10.10.1.0/24",
        "10.10.2.0/24",
        "10.20.1.0/24",
        "10.20.2.0/24",
    ]
    .iter()
    .map(|c| tcp_cidr(443, c, "HTTPS from the spokes' app subnets"))
    .collect();
    hub_vpc(&mut b, "svc", "shared", 30, from_spokes);
    let spoke_propagations: Vec<String> = if isolated {
        vec!["tgw-attach-svc".into()]
    } else {
        ["tgw-attach-svc", "tgw-attach-prd", "tgw-attach-dev"]
            .map(String::from)
            .to_vec()
    };
    b.net.transit_gateway_route_tables = vec![
        TransitGatewayRouteTable {
            id: "tgw-rtb-spokes".into(),
            name: "spokes".into(),
            transit_gateway_id: "tgw-hub".into(),
            associations: vec!["tgw-attach-prd".into(), "tgw-attach-dev".into()],
            propagations: spoke_propagations,
            routes: vec![],
        },
        TransitGatewayRouteTable {
            id: "tgw-rtb-shared".into(),
            name: "shared-services".into(),
            transit_gateway_id: "tgw-hub".into(),
            associations: vec!["tgw-attach-svc".into()],
            propagations: vec!["tgw-attach-prd".into(), "tgw-attach-dev".into()],
            routes: vec![],
        },
    ];
    b
}

pub fn tgw_hub_spoke() -> (Design, Design) {
    (
        hub_and_spoke_tgw(false).design("hub and spoke", None),
        hub_and_spoke_tgw(true).design("hub and spoke: reference", None),
    )
}

// ---- hybrid-vpn-endpoint --------------------------------------------------------------------

/// The hybrid VPC's IPv6 block (an Amazon-provided /56) and its app subnets' /64s.
const HYBRID_V6: &str = "2406:da12:7c0:b100::/56";

/// A dual-stack VPC with private app subnets in two AZs and one app server in each; the
/// solution adds the office over Site-to-Site VPN, the private API's interface endpoint and
/// IPv6 egress through an egress-only internet gateway.
fn hybrid(solution: bool) -> Builder {
    let v = "vpc-hyb";
    let mut b = Builder::new();
    b.vpc(v, "hybrid", "10.40.0.0/16")
        .subnet("subnet-hyb-app-a", "app-a", v, "10.40.11.0/24", AZ_A, false)
        .subnet("subnet-hyb-app-c", "app-c", v, "10.40.12.0/24", AZ_C, false);
    b.net.vpcs[0].ipv6_cidr_blocks = vec![HYBRID_V6.into()];
    b.net.subnets[0].ipv6_cidr = Some("2406:da12:7c0:b111::/64".into());
    b.net.subnets[1].ipv6_cidr = Some("2406:da12:7c0:b112::/64".into());
    // AWS adds the IPv6 allow entries to a default ACL that was unmodified (X5).
    for egress in [false, true] {
        b.net.network_acls[0].entries.push(NaclEntry {
            cidr: "::/0".into(),
            ..NaclEntry::allow_all(101, egress)
        });
    }
    let mut routes = Vec::new();
    if solution {
        routes.push(route("::/0", T::Eigw, "eigw-hyb"));
    }
    b.table(
        "rtb-hyb-app",
        "app",
        v,
        routes,
        &["subnet-hyb-app-a", "subnet-hyb-app-c"],
    );
    let mut app_rules = vec![tcp_cidr(443, "10.40.0.0/16", "HTTPS inside the VPC")];
    if solution {
        app_rules.push(tcp_cidr(443, "192.168.0.0/16", "HTTPS from the office"));
        app_rules.push(tcp_cidr(
            22,
            "192.168.10.25/32",
            "SSH from the office admin host",
        ));
    }
    b.group("sg-hyb-app", "app", v, app_rules);
    b.net
        .security_groups
        .last_mut()
        .expect("just added")
        .egress
        .push(SecurityGroupRule::allow_all("::/0"));
    for (az, subnet, third, v6) in [
        ("a", "subnet-hyb-app-a", 11u8, "2406:da12:7c0:b111::10"),
        ("c", "subnet-hyb-app-c", 12u8, "2406:da12:7c0:b112::10"),
    ] {
        b.instance(
            &format!("i-hyb-app-{az}"),
            &format!("app-{az}"),
            subnet,
            &format!("10.40.{third}.10"),
            None,
            &["sg-hyb-app"],
            Role::App,
            "t3.small",
        );
        b.net
            .instances
            .last_mut()
            .expect("just added")
            .ipv6_addresses = vec![v6.into()];
    }
    if !solution {
        return b;
    }
    b.group(
        "sg-hyb-api-endpoint",
        "private-api-endpoint",
        v,
        vec![
            tcp_cidr(443, "10.40.11.0/24", "HTTPS from app-a"),
            tcp_cidr(443, "10.40.12.0/24", "HTTPS from app-c"),
            tcp_cidr(443, "192.168.0.0/16", "HTTPS from the office"),
        ],
    );
    b.net.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-hyb-api".into(),
        name: "private-api".into(),
        vpc_id: v.into(),
        service: format!("com.amazonaws.{REGION}.execute-api"),
        endpoint_type: EndpointType::Interface,
        route_table_ids: vec![],
        prefix_list_id: None,
        interface: Some(InterfaceEndpoint {
            network_interfaces: vec![
                EndpointInterface {
                    subnet_id: "subnet-hyb-app-a".into(),
                    eni_id: Some("eni-hyb-api-a".into()),
                    private_ip: Some("10.40.11.50".into()),
                },
                EndpointInterface {
                    subnet_id: "subnet-hyb-app-c".into(),
                    eni_id: Some("eni-hyb-api-c".into()),
                    private_ip: Some("10.40.12.50".into()),
                },
            ],
            security_groups: vec!["sg-hyb-api-endpoint".into()],
            private_dns: true,
            state: EndpointState::Available,
        }),
    });
    b.net.vpn_gateways.push(VpnGateway {
        id: "vgw-hyb".into(),
        name: "office-vgw".into(),
        attached_vpc: Some(v.into()),
        propagates_to: vec!["rtb-hyb-app".into()],
    });
    b.net.customer_gateways.push(CustomerGateway {
        id: "cgw-office".into(),
        name: "office-router".into(),
        ip_address: "203.0.113.77".into(),
        bgp_asn: None,
    });
    b.net.vpn_connections.push(VpnConnection {
        id: "vpn-office".into(),
        name: "office".into(),
        customer_gateway_id: "cgw-office".into(),
        vpn_gateway_id: Some("vgw-hyb".into()),
        transit_gateway_id: None,
        routes: vec!["192.168.0.0/16".into()],
        state: VpnState::Available,
    });
    b.net
        .egress_only_internet_gateways
        .push(EgressOnlyInternetGateway {
            id: "eigw-hyb".into(),
            name: "ipv6-egress".into(),
            attached_vpc: Some(v.into()),
        });
    b
}

pub fn hybrid_vpn_endpoint() -> (Design, Design) {
    (
        hybrid(false).design("hybrid: start", None),
        hybrid(true).design("hybrid: reference", None),
    )
}

// ---- netpol-frontend-api --------------------------------------------------------------------

pub const SHOP_MANIFESTS: &str = include_str!("../../scenarios/manifests/netpol-frontend-api.yaml");
pub const SHOP_MANIFESTS_SOLUTION: &str =
    include_str!("../../scenarios/manifests/netpol-frontend-api-solution.yaml");

/// Four EKS nodes, two per AZ, in private subnets; the nodes' group lets them talk to each
/// other on every port (what EKS's cluster security group does), so only NetworkPolicy
/// decides between pods.
fn cluster_vpc(v: &str, name: &str, second_octet: u8) -> Builder {
    let mut b = Builder::new();
    let key = v.trim_start_matches("vpc-");
    let n = second_octet;
    let (a, c) = (format!("subnet-{key}-a"), format!("subnet-{key}-c"));
    let group = format!("sg-{key}-nodes");
    b.vpc(v, name, &format!("10.{n}.0.0/16"))
        .subnet(&a, "private-a", v, &format!("10.{n}.11.0/24"), AZ_A, false)
        .subnet(&c, "private-c", v, &format!("10.{n}.12.0/24"), AZ_C, false)
        .group(
            &group,
            "nodes",
            v,
            vec![all_from_group(&group, "node to node")],
        );
    for (node, subnet, third, last) in [
        ("a1", &a, 11u8, 10u8),
        ("a2", &a, 11, 11),
        ("c1", &c, 12, 10),
        ("c2", &c, 12, 11),
    ] {
        b.instance(
            &format!("i-{key}-{node}"),
            &format!("node-{node}"),
            subnet,
            &format!("10.{n}.{third}.{last}"),
            None,
            &[&group],
            Role::KubernetesNode,
            "t3.medium",
        );
    }
    b
}

pub fn netpol_frontend_api() -> (Design, Design) {
    let b = cluster_vpc("vpc-shop", "shop", 90);
    (
        b.design("shop cluster", Some(SHOP_MANIFESTS)),
        b.design("shop cluster: reference", Some(SHOP_MANIFESTS_SOLUTION)),
    )
}

// ---- statefulset-az-pending -----------------------------------------------------------------

pub const ORDERS_MANIFESTS: &str =
    include_str!("../../scenarios/manifests/statefulset-az-pending.yaml");
pub const ORDERS_MANIFESTS_SOLUTION: &str =
    include_str!("../../scenarios/manifests/statefulset-az-pending-solution.yaml");

/// The third availability zone of the orders cluster.
const AZ_B: &str = "ap-northeast-2b";

/// Two EKS nodes in a private subnet of each of three AZs.
fn orders_cluster() -> Builder {
    let v = "vpc-ord";
    let mut b = Builder::new();
    b.net.availability_zones = vec![AZ_A.into(), AZ_B.into(), AZ_C.into()];
    b.vpc(v, "orders", "10.95.0.0/16").group(
        "sg-ord-nodes",
        "nodes",
        v,
        vec![all_from_group("sg-ord-nodes", "node to node")],
    );
    for (z, az, third) in [("a", AZ_A, 11u8), ("b", AZ_B, 12), ("c", AZ_C, 13)] {
        let subnet = format!("subnet-ord-{z}");
        b.subnet(
            &subnet,
            &format!("private-{z}"),
            v,
            &format!("10.95.{third}.0/24"),
            az,
            false,
        );
        for k in 1..=2u8 {
            b.instance(
                &format!("i-ord-{z}{k}"),
                &format!("node-{z}{k}"),
                &subnet,
                &format!("10.95.{third}.{}", 9 + k),
                None,
                &["sg-ord-nodes"],
                Role::KubernetesNode,
                "t3.large",
            );
        }
    }
    b
}

pub fn statefulset_az_pending() -> (Design, Design) {
    let b = orders_cluster();
    (
        b.design("orders cluster", Some(ORDERS_MANIFESTS)),
        b.design("orders cluster: reference", Some(ORDERS_MANIFESTS_SOLUTION)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_design_lays_out_every_subnet_and_instance() {
        for (start, solution) in [
            vpc_week1(),
            bastion_eks(),
            three_tier_designs(),
            bastion_ssh_timeout(),
            eks_one_az_designs(),
            nacl_ephemeral(),
            nat_in_private(),
            peering_transitive(),
            no_public_ip(),
            sg_wrong_group(),
            deployment_one_zone(),
            alb_one_az(),
            tgw_hub_spoke(),
            hybrid_vpn_endpoint(),
            netpol_frontend_api(),
            statefulset_az_pending(),
        ] {
            for d in [start, solution] {
                for s in &d.network.subnets {
                    assert!(
                        d.layout.contains_key(&s.id),
                        "{}: subnet {} has a rectangle",
                        d.name,
                        s.id
                    );
                }
                for i in &d.network.instances {
                    assert!(
                        d.layout.contains_key(&i.id),
                        "{}: instance {} has a rectangle",
                        d.name,
                        i.id
                    );
                }
            }
        }
    }
}
