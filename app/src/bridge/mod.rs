//! The only module that talks to the simulator core: it turns the design into the shapes
//! the views draw, and turns editor gestures into design edits.

use crate::kind::ComponentKind;
use crate::view::{Rect, Shape, Tier};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Document {
    pub name: String,
    pub shapes: Vec<Shape>,
    next_id: u32,
}

impl Document {
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }
}

/// Which containers a component may be dropped into, mirroring AWS's hierarchy: a subnet
/// lives in one AZ of one VPC, an instance's ENI lives in one subnet, a pod on one node.
pub fn allowed_parents(kind: ComponentKind) -> &'static [ComponentKind] {
    use ComponentKind::*;
    match kind {
        Vpc => &[],
        AvailabilityZone => &[Vpc],
        Subnet => &[AvailabilityZone, Vpc],
        InternetGateway => &[Vpc],
        NatGateway | Bastion | Instance | LoadBalancer | Database | KubernetesNode => &[Subnet],
        Pod => &[KubernetesNode],
    }
}

fn default_size(kind: ComponentKind) -> (f64, f64) {
    match kind {
        ComponentKind::Vpc => (520.0, 340.0),
        ComponentKind::AvailabilityZone => (240.0, 260.0),
        ComponentKind::Subnet => (210.0, 150.0),
        ComponentKind::KubernetesNode => (150.0, 96.0),
        ComponentKind::Pod => (36.0, 36.0),
        _ => (56.0, 56.0),
    }
}

/// The innermost container under a point.
pub fn container_at(doc: &Document, x: f64, y: f64) -> Option<&Shape> {
    doc.shapes
        .iter()
        .filter(|s| s.kind.is_container() && s.rect.contains(x, y))
        .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn any_of(kinds: &[ComponentKind]) -> String {
    kinds.iter().map(|k| k.noun()).collect::<Vec<_>>().join(" or ")
}

/// Adds a component centred on (x, y) inside the innermost container there, or explains
/// why it cannot live there.
pub fn place(doc: &mut Document, kind: ComponentKind, x: f64, y: f64) -> Result<String, String> {
    let parents = allowed_parents(kind);
    let parent = container_at(doc, x, y);
    let parent_tier = parent.and_then(|p| p.tier);
    let this = kind.noun();
    match parent {
        None if parents.is_empty() => {}
        None => return Err(format!("{} must be placed inside {}.", capitalise(this), any_of(parents))),
        Some(p) if parents.is_empty() => {
            return Err(format!("{} cannot live inside {}: drop it on an empty part of the canvas.", capitalise(this), p.kind.noun()))
        }
        Some(p) if !parents.contains(&p.kind) => {
            return Err(format!("{} cannot live inside {}: drop it on {}.", capitalise(this), p.kind.noun(), any_of(parents)))
        }
        Some(_) => {}
    }
    doc.next_id += 1;
    let (w, h) = default_size(kind);
    let id = format!("{}-{}", kind.slug(), doc.next_id);
    let label = format!("{} {}", kind.label(), doc.next_id);
    let tier = if kind == ComponentKind::Subnet { Some(Tier::Private) } else { parent_tier };
    doc.shapes.push(Shape {
        id: id.clone(),
        kind,
        label,
        detail: String::new(),
        rect: Rect { x: x - w / 2.0, y: y - h / 2.0, w, h },
        tier,
        badges: vec![],
        fields: vec![("Kind".into(), kind.label().into())],
    });
    Ok(id)
}

/// The design shown on first visit: one VPC with a public and a private subnet, a bastion
/// and an application instance.
pub fn sample() -> Document {
    let mut shapes = vec![];
    let mut add = |id: &str, kind, label: &str, detail: &str, rect: Rect, tier, badges: &[&str], fields: &[(&str, &str)]| {
        shapes.push(Shape {
            id: id.into(),
            kind,
            label: label.into(),
            detail: detail.into(),
            rect,
            tier,
            badges: badges.iter().map(|b| b.to_string()).collect(),
            fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        })
    };
    use ComponentKind::*;
    add("vpc-main", Vpc, "main", "10.0.0.0/16", Rect { x: 0.0, y: 0.0, w: 760.0, h: 400.0 }, None, &[], &[("CIDR", "10.0.0.0/16"), ("Region", "ap-northeast-2")]);
    add("igw-main", InternetGateway, "igw", "", Rect { x: 352.0, y: -28.0, w: 56.0, h: 56.0 }, None, &[], &[("Attached to", "vpc-main")]);
    add("az-a", AvailabilityZone, "ap-northeast-2a", "", Rect { x: 30.0, y: 50.0, w: 700.0, h: 320.0 }, None, &[], &[]);
    add("subnet-public-a", Subnet, "public-a", "10.0.1.0/24", Rect { x: 60.0, y: 100.0, w: 300.0, h: 240.0 }, Some(Tier::Public), &[], &[("CIDR", "10.0.1.0/24"), ("Route", "0.0.0.0/0 → igw-main")]);
    add("subnet-private-a", Subnet, "private-a", "10.0.2.0/24", Rect { x: 400.0, y: 100.0, w: 300.0, h: 240.0 }, Some(Tier::Private), &[], &[("CIDR", "10.0.2.0/24"), ("Route", "10.0.0.0/16 → local")]);
    add("i-bastion", Bastion, "bastion", "10.0.1.10", Rect { x: 182.0, y: 190.0, w: 56.0, h: 56.0 }, Some(Tier::Public), &["sg-bastion"], &[("Private IP", "10.0.1.10"), ("Public IP", "3.35.10.20")]);
    add("i-app", Instance, "app", "10.0.2.20", Rect { x: 522.0, y: 190.0, w: 56.0, h: 56.0 }, Some(Tier::Private), &["sg-app"], &[("Private IP", "10.0.2.20"), ("Instance type", "t3.micro")]);
    Document { name: "Sample: bastion and app".into(), shapes, next_id: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_dropped_in_a_subnet_is_placed() {
        let mut doc = sample();
        let before = doc.shapes.len();
        let id = place(&mut doc, ComponentKind::Instance, 120.0, 150.0).expect("inside public-a");
        assert_eq!(doc.shapes.len(), before + 1);
        assert_eq!(doc.shape(&id).unwrap().tier, Some(Tier::Public));
    }

    #[test]
    fn an_instance_dropped_outside_any_subnet_is_refused_with_the_reason() {
        let mut doc = sample();
        let err = place(&mut doc, ComponentKind::Instance, 2000.0, 2000.0).unwrap_err();
        assert!(err.contains("inside a subnet"), "{err}");
        let err = place(&mut doc, ComponentKind::Instance, 40.0, 80.0).unwrap_err();
        assert_eq!(err, "An EC2 instance cannot live inside an availability zone: drop it on a subnet.");
    }

    #[test]
    fn a_vpc_goes_on_the_empty_canvas_only() {
        let mut doc = sample();
        assert!(place(&mut doc, ComponentKind::Vpc, 1200.0, 200.0).is_ok());
        assert!(place(&mut doc, ComponentKind::Vpc, 100.0, 150.0).is_err());
    }
}
