//! Writes a large generated design as native JSON, for performance tests of the app:
//! `cargo run -p sim --example generate_design -- 500 > big.json` (about that many components:
//! VPCs with AZ boxes, subnets, instances, NAT gateways and databases, laid out automatically).
use sim::network::edit::{add, auto_layout, ComponentKind, Container};
use sim::network::{Design, Network, Rect};

fn main() {
    let target: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let mut d = Design::new(
        &format!("generated: {target} components"),
        Network {
            region: "ap-northeast-2".into(),
            ..Network::default()
        },
    );
    let r = Rect {
        x: 0.0,
        y: 0.0,
        w: 64.0,
        h: 64.0,
    };
    let count = |d: &Design| {
        d.network.vpcs.len()
            + d.network.subnets.len()
            + d.network.instances.len()
            + d.network.nat_gateways.len()
            + d.network.databases.len()
            + d.network.internet_gateways.len()
    };
    'outer: while count(&d) < target {
        let vpc = add(&mut d, ComponentKind::Vpc, &Container::Canvas, r).expect("a free /16");
        add(
            &mut d,
            ComponentKind::InternetGateway,
            &Container::Vpc(vpc.clone()),
            r,
        )
        .expect("igw");
        for zone in ["ap-northeast-2a", "ap-northeast-2c"] {
            for _ in 0..4 {
                let subnet = add(
                    &mut d,
                    ComponentKind::Subnet,
                    &Container::Zone {
                        vpc: vpc.clone(),
                        zone: zone.into(),
                    },
                    r,
                )
                .expect("a free /24");
                let inside = Container::Subnet(subnet);
                for k in 0..8 {
                    let what = match k % 8 {
                        0 => ComponentKind::Bastion,
                        6 => ComponentKind::Database,
                        7 => ComponentKind::NatGateway,
                        _ => ComponentKind::Instance,
                    };
                    add(&mut d, what, &inside, r).expect("a free address");
                    if count(&d) >= target {
                        break 'outer;
                    }
                }
            }
        }
    }
    // Only VPCs and components get rectangles from auto_layout: drop the placeholder ones.
    d.layout.clear();
    auto_layout(&mut d);
    println!("{}", d.to_json_pretty());
}
