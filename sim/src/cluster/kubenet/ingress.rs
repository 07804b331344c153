//! The ALB the AWS Load Balancer Controller would create for an Ingress of class `alb`, added
//! to the network so the VPC tracer can follow internet → ALB → target.
//!
//! Guarantees (docs/SEMANTICS.md#ig1 … #ig3): the load balancer, its listeners, target group,
//! targets and security groups follow the controller's annotations and defaults (scheme
//! `internal`, target type `instance`, listener HTTP 80, a managed frontend group open to the
//! listener ports and a backend rule on the targets' groups unless `security-groups` is given);
//! what the model cannot know (subnet tags, host/path routing) is stated as an assumption in the
//! plan's notes. Never panics; a problem is an [`IngressPlan::refusal`] with a reason code.

use std::collections::BTreeSet;

use super::network_policy::{PodInfo, PortRef, L4};
use super::objects::{IngressDef, Objects, ServiceDef, ServiceType};
use super::service::{self, Via};
use super::NodeInfo;
use crate::network::model::{
    Listener, LoadBalancer, LoadBalancerKind, LoadBalancerScheme, Network, PortRange, Protocol,
    RulePeer, SecurityGroup, SecurityGroupRule, Target, TargetGroup,
};
use crate::network::msg::{msg, Text};
use crate::network::trace::ReasonCode;

/// How the ALB reaches pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    /// Pod addresses are registered directly.
    Ip,
    /// Every node is registered on the Service's nodePort.
    Instance,
}

/// The controller's answer for one Ingress.
#[derive(Debug, Clone, PartialEq)]
pub struct IngressPlan {
    pub key: String,
    /// The load balancer's id in the network (`k8s-alb-NS-NAME`).
    pub lb_id: String,
    pub target_type: TargetType,
    /// The backend Service (`NS/NAME`) the listener forwards to, if one was found.
    pub service: Option<String>,
    /// Assumptions and simplifications, in words (with their message keys, for the app).
    pub notes: Vec<Text>,
    /// Why the ALB has no usable target group: the component to blame, the code, the reason.
    pub refusal: Option<(String, ReasonCode, Text)>,
}

const ANN: &str = "alb.ingress.kubernetes.io/";

fn ann<'a>(ing: &'a IngressDef, key: &str) -> Option<&'a str> {
    ing.annotations
        .get(&format!("{ANN}{key}"))
        .map(String::as_str)
}

/// `[{"HTTP": 80}, {"HTTPS": 443}]` → listener (protocol, port) pairs.
fn listen_ports(ing: &IngressDef) -> Result<Vec<(String, u16)>, Text> {
    let annotation = format!("{ANN}listen-ports");
    let Some(text) = ann(ing, "listen-ports") else {
        return Ok(if ann(ing, "certificate-arn").is_some() {
            vec![("HTTPS".into(), 443)]
        } else {
            vec![("HTTP".into(), 80)]
        });
    };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        msg!(
            "ingress-listen-ports-not-json",
            "{annotation} {value} is not JSON: {e}",
            annotation,
            value = format!("{text:?}"),
            e = e.to_string()
        )
    })?;
    let mut out = Vec::new();
    for item in v.as_array().into_iter().flatten() {
        for (proto, port) in item.as_object().into_iter().flatten() {
            let port = port
                .as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .ok_or_else(|| {
                    msg!(
                        "ingress-listen-ports-not-a-port",
                        "{annotation}: {port} is not a port",
                        annotation,
                        port = port.to_string()
                    )
                })?;
            if proto != "HTTP" && proto != "HTTPS" {
                return Err(msg!(
                    "ingress-listen-ports-bad-protocol",
                    "{annotation}: {proto} is not HTTP or HTTPS",
                    annotation,
                    proto = format!("{proto:?}")
                ));
            }
            out.push((proto.clone(), port));
        }
    }
    if out.is_empty() {
        return Err(msg!(
            "ingress-listen-ports-empty",
            "{annotation} {value} lists no listener",
            annotation,
            value = format!("{text:?}")
        ));
    }
    Ok(out)
}

/// Plans the ALB of `ing` and adds it to `net`. `Err` is an Ingress the controller would not
/// reconcile (another class, unreadable annotations); a plan with a refusal is an ALB without
/// usable targets.
pub fn plan(
    ing: &IngressDef,
    objects: &Objects,
    pods: &[PodInfo],
    nodes: &[NodeInfo],
    net: &mut Network,
) -> Result<IngressPlan, Text> {
    if ing.class.as_deref() != Some("alb") {
        return Err(msg!(
            "ingress-not-alb",
            "Ingress {ingress} has class {class}; only the AWS Load Balancer Controller's `alb` class is modelled",
            ingress = ing.key(),
            class = format!("{:?}", ing.class.as_deref().unwrap_or("(none)"))
        ));
    }
    let mut notes = Vec::new();
    let scheme = match ann(ing, "scheme") {
        None | Some("internal") => LoadBalancerScheme::Internal,
        Some("internet-facing") => LoadBalancerScheme::InternetFacing,
        Some(other) => {
            return Err(msg!(
                "ingress-bad-scheme",
                "{annotation} {value} is not internal or internet-facing",
                annotation = format!("{ANN}scheme"),
                value = format!("{other:?}")
            ))
        }
    };
    let target_type = match ann(ing, "target-type") {
        None | Some("instance") => TargetType::Instance,
        Some("ip") => TargetType::Ip,
        Some(other) => {
            return Err(msg!(
                "ingress-bad-target-type",
                "{annotation} {value} is not instance or ip",
                annotation = format!("{ANN}target-type"),
                value = format!("{other:?}")
            ))
        }
    };
    let listeners = listen_ports(ing)?;
    // Subnets: the annotation, else one per zone of the kind the scheme needs (ig1).
    let subnets: Vec<String> = match ann(ing, "subnets") {
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                net.subnets
                    .iter()
                    .find(|x| x.id == s || x.name == s)
                    .map(|x| x.id.clone())
                    .ok_or_else(|| {
                        msg!(
                            "ingress-no-such-subnet",
                            "{annotation}: no subnet {subnet} in the network",
                            annotation = format!("{ANN}subnets"),
                            subnet = format!("{s:?}")
                        )
                    })
            })
            .collect::<Result<_, _>>()?,
        None => {
            let want_public = scheme == LoadBalancerScheme::InternetFacing;
            let vpc = nodes
                .iter()
                .filter_map(|n| n.instance.as_deref())
                .find_map(|i| net.instances.iter().find(|x| x.id == i))
                .and_then(|i| net.subnet(&i.subnet_id))
                .map(|s| s.vpc_id.clone());
            let mut zones = BTreeSet::new();
            let mut ids: Vec<&crate::network::model::Subnet> = net
                .subnets
                .iter()
                .filter(|s| vpc.as_deref().is_none_or(|v| s.vpc_id == v))
                .filter(|s| crate::network::edit::is_public(net, &s.id) == want_public)
                .collect();
            ids.sort_by(|a, b| a.id.cmp(&b.id));
            let picked: Vec<String> = ids
                .into_iter()
                .filter(|s| zones.insert(s.availability_zone.clone()))
                .map(|s| s.id.clone())
                .collect();
            let subnets: Text = if picked.is_empty() {
                msg!("ingress-note-no-subnet-found", "none found")
            } else {
                picked.join(", ").into()
            };
            notes.push(if want_public {
                msg!("ingress-note-subnets-public", "subnet tags are not in the model: the ALB is assumed to be in the public subnets the controller would discover by the kubernetes.io/role/elb tag, one per zone ({subnets})", subnets)
            } else {
                msg!("ingress-note-subnets-private", "subnet tags are not in the model: the ALB is assumed to be in the private subnets the controller would discover by the kubernetes.io/role/internal-elb tag, one per zone ({subnets})", subnets)
            });
            picked
        }
    };
    let vpc_id = subnets
        .first()
        .and_then(|s| net.subnet(s))
        .map(|s| s.vpc_id.clone())
        .unwrap_or_default();
    let lb_id = format!("k8s-alb-{}-{}", ing.namespace, ing.name);
    let tg_id = format!("{lb_id}-tg");
    // The backend: the first rule's, then the default backend (ig2).
    if ing.backends.len() > 1 {
        notes.push(msg!(
            "ingress-note-first-backend",
            "host and path rules are not evaluated: every listener forwards to the Ingress's first backend"
        ));
    }
    let backend = ing.backends.first();
    let svc: Option<&ServiceDef> = backend.and_then(|b| {
        objects
            .services
            .iter()
            .find(|s| s.namespace == ing.namespace && s.name == b.service)
    });
    let mut refusal = None;
    let mut targets = Vec::new();
    let mut target_ports: Vec<u16> = Vec::new();
    let ingress = ing.key();
    match (backend, svc) {
        (None, _) => {
            refusal = Some((
                format!("ingress:{ingress}"),
                ReasonCode::ListenerHasNoTargetGroup,
                msg!(
                    "ingress-no-backend",
                    "Ingress {ingress} has no backend",
                    ingress
                ),
            ))
        }
        (Some(b), None) => {
            let service = format!("{}/{}", ing.namespace, b.service);
            refusal = Some((
                format!("service:{service}"),
                ReasonCode::ServiceNoEndpoints,
                msg!(
                    "ingress-no-service",
                    "Ingress {ingress} sends to Service {service}, which the manifests do not have",
                    ingress,
                    service
                ),
            ))
        }
        (Some(b), Some(s)) => {
            let sp = s.ports.iter().find(|p| {
                p.protocol == L4::Tcp
                    && match &b.port {
                        PortRef::Number(n) => p.port == *n,
                        PortRef::Name(name) => &p.name == name,
                    }
            });
            match (sp, target_type) {
                (None, _) => {
                    let (port, service) = (b.port.to_string(), s.key());
                    refusal = Some((
                        format!("service:{service}"),
                        ReasonCode::ServicePortMismatch,
                        msg!(
                            "ingress-no-such-port",
                            "Ingress {ingress} names port {port} of Service {service}, which has no such TCP port",
                            ingress,
                            port,
                            service
                        ),
                    ))
                }
                (Some(_), TargetType::Instance)
                    if !matches!(s.kind, ServiceType::NodePort | ServiceType::LoadBalancer) =>
                {
                    let service = s.key();
                    refusal = Some((
                        format!("ingress:{ingress}"),
                        ReasonCode::ListenerHasNoTargetGroup,
                        msg!(
                            "ingress-instance-needs-node-port",
                            "target type instance needs Service {service} to be NodePort or LoadBalancer; the controller refuses a ClusterIP Service, so the ALB gets no target group",
                            service
                        ),
                    ));
                }
                (Some(sp), TargetType::Instance) => {
                    let node_port = sp.node_port.unwrap_or(0);
                    for n in nodes {
                        if let Some(i) = &n.instance {
                            targets.push(Target {
                                id: i.clone(),
                                port: Some(node_port),
                            });
                        }
                    }
                    target_ports.push(node_port);
                }
                (Some(sp), TargetType::Ip) => {
                    match service::resolve(s, pods, L4::Tcp, Via::Port(sp.port), None) {
                        Ok(r) => {
                            for e in &r.endpoints {
                                if let Some(ip) = e.pod.ip {
                                    targets.push(Target {
                                        id: std::net::Ipv4Addr::from(ip).to_string(),
                                        port: Some(e.port),
                                    });
                                    target_ports.push(e.port);
                                }
                            }
                        }
                        Err(e) => {
                            refusal = Some((format!("service:{}", s.key()), e.code, e.explanation))
                        }
                    }
                }
            }
        }
    }
    // Security groups (ig3).
    let security_groups: Vec<String> = match ann(ing, "security-groups") {
        Some(list) => {
            let ids: Vec<String> = list
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let manage = ann(ing, "manage-backend-security-group-rules") == Some("true");
            if manage {
                add_backend_rules(
                    net,
                    &ids[..ids.len().min(1)],
                    &targets,
                    &target_ports,
                    target_type,
                );
            } else {
                let annotation = format!("{ANN}security-groups");
                notes.push(msg!(
                    "ingress-note-own-groups",
                    "{annotation} is set, so the controller adds no rule to the targets' groups: they must allow the ALB's group themselves",
                    annotation
                ));
            }
            ids
        }
        None => {
            let front = format!("{lb_id}-frontend");
            let back = format!("{lb_id}-backend");
            let cidrs: Vec<String> = ann(ing, "inbound-cidrs")
                .map(|c| c.split(',').map(|s| s.trim().to_string()).collect())
                .unwrap_or_else(|| vec!["0.0.0.0/0".into()]);
            let mut ingress = Vec::new();
            for (_, port) in &listeners {
                for c in &cidrs {
                    ingress.push(SecurityGroupRule::tcp_from_cidr(
                        *port,
                        c,
                        "listener (managed by the AWS Load Balancer Controller)",
                    ));
                }
            }
            net.security_groups.push(SecurityGroup {
                id: front.clone(),
                name: front.clone(),
                vpc_id: vpc_id.clone(),
                description: format!("frontend of Ingress {}", ing.key()),
                ingress,
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            });
            net.security_groups.push(SecurityGroup {
                id: back.clone(),
                name: back.clone(),
                vpc_id: vpc_id.clone(),
                description: "shared backend group of the AWS Load Balancer Controller".into(),
                ingress: Vec::new(),
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            });
            add_backend_rules(
                net,
                std::slice::from_ref(&back),
                &targets,
                &target_ports,
                target_type,
            );
            vec![front, back]
        }
    };
    net.target_groups.push(TargetGroup {
        id: tg_id.clone(),
        name: tg_id.clone(),
        protocol: "HTTP".into(),
        port: target_ports.first().copied().unwrap_or(80),
        vpc_id: vpc_id.clone(),
        targets,
    });
    net.load_balancers.push(LoadBalancer {
        id: lb_id.clone(),
        arn: None,
        name: lb_id.clone(),
        kind: LoadBalancerKind::Application,
        scheme,
        vpc_id,
        subnets,
        security_groups,
        listeners: listeners
            .iter()
            .map(|(proto, port)| Listener {
                port: *port,
                protocol: proto.clone(),
                target_group: refusal.is_none().then(|| tg_id.clone()),
            })
            .collect(),
    });
    Ok(IngressPlan {
        key: ing.key(),
        lb_id,
        target_type,
        service: svc.map(ServiceDef::key),
        notes,
        refusal,
    })
}

/// The controller's backend rule: the targets' security groups admit `group` on the target
/// ports (the node's groups, which a pod's VPC CNI address shares).
fn add_backend_rules(
    net: &mut Network,
    group: &[String],
    targets: &[Target],
    ports: &[u16],
    tt: TargetType,
) {
    let Some(group) = group.first() else {
        return;
    };
    let (Some(lo), Some(hi)) = (ports.iter().min().copied(), ports.iter().max().copied()) else {
        return;
    };
    let mut target_groups: BTreeSet<String> = BTreeSet::new();
    for t in targets {
        let inst = match tt {
            TargetType::Instance => net.instances.iter().find(|i| i.id == t.id),
            TargetType::Ip => net
                .instances
                .iter()
                .find(|i| i.private_ip == t.id || i.secondary_private_ips.contains(&t.id)),
        };
        if let Some(i) = inst {
            target_groups.extend(i.security_groups.iter().cloned());
        }
    }
    for g in net
        .security_groups
        .iter_mut()
        .filter(|g| target_groups.contains(&g.id))
    {
        g.ingress.push(SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange { from: lo, to: hi }),
            icmp: None,
            peer: RulePeer::SecurityGroup(group.clone()),
            description: "from the ALB (added by the AWS Load Balancer Controller)".into(),
        });
    }
}
