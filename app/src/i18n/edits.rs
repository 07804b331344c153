//! Why an edit changed nothing, in the UI's language: the canvas's refusals
//! (`sim::network::edit::Refusal`, worded here from its variant and fields) and the sentences
//! `sim` writes with `msg!` for list-view, properties-field and taint refusals (rendered from
//! their key and arguments like the lints, `locales/ko/sim-edits.ftl`).
//!
//! **Invariants** (as in [`super::explain`])
//! - English is byte for byte `sim`'s text (`Display`), which the e2e suite and the CLI read.
//! - A Korean sentence is rendered whole or not at all: a missing or unformattable message
//!   gives `sim`'s English sentence, never a Korean frame around English parts.
//! - Ids, CIDRs, zones and regions are passed through untouched.

use sim::network::annotation::{self, grouped, AnnotationError};
use sim::network::edit::{accepts, Container, Refusal};
use sim::network::msg::Text;
use sim::network::ComponentKind;

use super::{explain, has, tr_args, FluentArgs, FluentValue, Lang};
use crate::kind::KindText;

/// A sentence `sim` wrote, in `lang` (its English when it carries no structured form).
pub fn sim_text(lang: Lang, t: &Text) -> String {
    if lang == Lang::En {
        return t.en.clone();
    }
    t.msg
        .as_ref()
        .and_then(|m| explain::render(lang, m))
        .unwrap_or_else(|| t.en.clone())
}

/// Every message the Korean wording of a [`Refusal`] uses, with its variables: the catalogue
/// test checks each is in `ko/sim-edits.ftl` with exactly these.
pub const REFUSAL_MESSAGES: &[(&str, &[&str])] = &[
    ("refusal-must-be-inside", &["allowed", "what"]),
    ("refusal-wrong-container", &["allowed", "inside", "what"]),
    ("refusal-pod-not-placeable", &[]),
    ("refusal-not-placeable", &["what"]),
    ("refusal-unknown-component", &["id"]),
    ("refusal-vpc-full", &["vpc"]),
    ("refusal-subnet-full", &["subnet"]),
    ("refusal-no-free-zone", &["vpc"]),
    ("refusal-one-igw-per-vpc", &["existing", "vpc"]),
    ("refusal-no-free-vpc-range", &[]),
    ("refusal-cannot-copy", &["id"]),
    ("refusal-one-vgw-per-vpc", &["existing", "vpc"]),
    ("refusal-place-canvas", &[]),
    ("refusal-place-vpc", &[]),
    ("refusal-place-zone", &[]),
    ("refusal-place-subnet", &[]),
    ("refusal-place-zone-or-vpc", &[]),
    ("refusal-annotation-too-many", &["count", "max"]),
    (
        "refusal-annotation-too-long",
        &["chars", "field", "max", "path"],
    ),
    ("refusal-annotation-field-text", &[]),
    ("refusal-annotation-field-label", &[]),
    ("refusal-annotation-field-id", &[]),
    ("refusal-annotation-empty-id", &["path"]),
    ("refusal-annotation-duplicate-id", &["id", "path"]),
    ("refusal-annotation-unknown-end", &["id", "path"]),
    ("refusal-annotation-end-on-arrow", &["id", "path"]),
    ("refusal-annotation-bad-geometry", &["path", "value"]),
    ("refusal-annotation-unknown", &["id"]),
    ("refusal-annotation-not-an-arrow", &["id"]),
];

/// A canvas refusal in `lang`.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    korean_refusal(lang, r).unwrap_or_else(|| r.to_string())
}

fn korean_refusal(lang: Lang, r: &Refusal) -> Option<String> {
    let kind = |k: &ComponentKind| k.label(lang);
    match r {
        Refusal::WrongContainer { what, inside } if *inside == Container::Canvas => say(
            lang,
            "refusal-must-be-inside",
            &[("what", kind(what)), ("allowed", allowed(lang, *what)?)],
        ),
        Refusal::WrongContainer { what, inside } => say(
            lang,
            "refusal-wrong-container",
            &[
                ("what", kind(what)),
                ("inside", place(lang, inside)?),
                ("allowed", allowed(lang, *what)?),
            ],
        ),
        Refusal::NotPlaceable {
            what: ComponentKind::Pod,
        } => say(lang, "refusal-pod-not-placeable", &[]),
        Refusal::NotPlaceable { what } => {
            say(lang, "refusal-not-placeable", &[("what", kind(what))])
        }
        Refusal::UnknownComponent(id) => {
            say(lang, "refusal-unknown-component", &[("id", id.clone())])
        }
        Refusal::VpcFull { vpc } => say(lang, "refusal-vpc-full", &[("vpc", vpc.clone())]),
        Refusal::SubnetFull { subnet } => {
            say(lang, "refusal-subnet-full", &[("subnet", subnet.clone())])
        }
        Refusal::UnknownRegion(why) => {
            let t = why.text();
            explain::render(lang, t.msg.as_ref()?)
        }
        Refusal::NoFreeZone { vpc } => say(lang, "refusal-no-free-zone", &[("vpc", vpc.clone())]),
        Refusal::OneInternetGatewayPerVpc { vpc, existing } => say(
            lang,
            "refusal-one-igw-per-vpc",
            &[("vpc", vpc.clone()), ("existing", existing.clone())],
        ),
        Refusal::NoFreeVpcRange => say(lang, "refusal-no-free-vpc-range", &[]),
        Refusal::CannotCopy(id) => say(lang, "refusal-cannot-copy", &[("id", id.clone())]),
        Refusal::Annotation(e) => annotation_refusal(lang, e),
        Refusal::OneVpnGatewayPerVpc { vpc, existing } => say(
            lang,
            "refusal-one-vgw-per-vpc",
            &[("vpc", vpc.clone()), ("existing", existing.clone())],
        ),
    }
}

/// An annotation edit or a loaded design's annotation that breaks a rule of the layer.
fn annotation_refusal(lang: Lang, e: &AnnotationError) -> Option<String> {
    let s = |v: &String| v.clone();
    match e {
        AnnotationError::TooMany { count } => say(
            lang,
            "refusal-annotation-too-many",
            &[
                ("count", grouped(*count)),
                ("max", grouped(annotation::MAX_ANNOTATIONS)),
            ],
        ),
        AnnotationError::TooLong {
            path,
            field,
            chars,
            max,
        } => {
            let field = say(lang, &format!("refusal-annotation-field-{field}"), &[])?;
            say(
                lang,
                "refusal-annotation-too-long",
                &[
                    ("path", s(path)),
                    ("field", field),
                    ("chars", grouped(*chars)),
                    ("max", grouped(*max)),
                ],
            )
        }
        AnnotationError::EmptyId { path } => {
            say(lang, "refusal-annotation-empty-id", &[("path", s(path))])
        }
        AnnotationError::DuplicateId { path, id } => say(
            lang,
            "refusal-annotation-duplicate-id",
            &[("path", s(path)), ("id", s(id))],
        ),
        AnnotationError::UnknownEnd { path, id } => say(
            lang,
            "refusal-annotation-unknown-end",
            &[("path", s(path)), ("id", s(id))],
        ),
        AnnotationError::EndOnArrow { path, id } => say(
            lang,
            "refusal-annotation-end-on-arrow",
            &[("path", s(path)), ("id", s(id))],
        ),
        AnnotationError::BadGeometry { path, value } => say(
            lang,
            "refusal-annotation-bad-geometry",
            &[("path", s(path)), ("value", s(value))],
        ),
        AnnotationError::UnknownAnnotation { id } => {
            say(lang, "refusal-annotation-unknown", &[("id", s(id))])
        }
        AnnotationError::NotAnArrow { id } => {
            say(lang, "refusal-annotation-not-an-arrow", &[("id", s(id))])
        }
    }
}

/// The container a drop landed in, as a noun.
fn place(lang: Lang, c: &Container) -> Option<String> {
    let id = match c {
        Container::Canvas => "refusal-place-canvas",
        Container::Vpc(_) => "refusal-place-vpc",
        Container::Zone { .. } => "refusal-place-zone",
        Container::Subnet(_) => "refusal-place-subnet",
    };
    say(lang, id, &[])
}

/// Where `what` may be dropped, from `sim`'s own rule ([`accepts`]), so the words cannot
/// drift from what the canvas enforces.
fn allowed(lang: Lang, what: ComponentKind) -> Option<String> {
    let zone = Container::Zone {
        vpc: String::new(),
        zone: String::new(),
    };
    let places = [
        Container::Canvas,
        Container::Vpc(String::new()),
        zone,
        Container::Subnet(String::new()),
    ];
    let ok: Vec<bool> = places.iter().map(|p| accepts(p, what)).collect();
    match ok.as_slice() {
        [false, true, true, false] => say(lang, "refusal-place-zone-or-vpc", &[]),
        _ => {
            let at = ok.iter().position(|x| *x).unwrap_or(3);
            place(lang, &places[at])
        }
    }
}

fn say(lang: Lang, id: &str, args: &[(&str, String)]) -> Option<String> {
    if !has(lang, id) {
        return None;
    }
    let mut fa = FluentArgs::new();
    for (name, value) in args {
        fa.set(*name, FluentValue::from(value.clone()));
    }
    let s = tr_args(lang, id, Some(&fa));
    (s != id).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::network::msg::Arg;
    use sim::network::regions::UnknownRegion;

    fn every_refusal() -> Vec<Refusal> {
        let mut out = vec![
            Refusal::NotPlaceable {
                what: ComponentKind::Pod,
            },
            Refusal::NotPlaceable {
                what: ComponentKind::RouteTable,
            },
            Refusal::UnknownComponent("subnet-9".into()),
            Refusal::VpcFull {
                vpc: "vpc-1".into(),
            },
            Refusal::SubnetFull {
                subnet: "subnet-2".into(),
            },
            Refusal::NoFreeZone {
                vpc: "vpc-1".into(),
            },
            Refusal::UnknownRegion(UnknownRegion("mars-1".into())),
            Refusal::UnknownRegion(UnknownRegion(String::new())),
            Refusal::OneInternetGatewayPerVpc {
                vpc: "vpc-1".into(),
                existing: "igw-7".into(),
            },
            Refusal::NoFreeVpcRange,
            Refusal::CannotCopy("rtb-3".into()),
            Refusal::Annotation(AnnotationError::TooMany { count: 501 }),
            Refusal::Annotation(AnnotationError::TooLong {
                path: "annotations[3].text".into(),
                field: "text",
                chars: 2_345,
                max: 2_000,
            }),
            Refusal::Annotation(AnnotationError::TooLong {
                path: "annotations[0].label".into(),
                field: "label",
                chars: 201,
                max: 200,
            }),
            Refusal::Annotation(AnnotationError::TooLong {
                path: "annotations[0].id".into(),
                field: "id",
                chars: 65,
                max: 64,
            }),
            Refusal::Annotation(AnnotationError::EmptyId {
                path: "annotations[0].id".into(),
            }),
            Refusal::Annotation(AnnotationError::DuplicateId {
                path: "annotations[1].id".into(),
                id: "note-1".into(),
            }),
            Refusal::Annotation(AnnotationError::UnknownEnd {
                path: "annotations[2].to.id".into(),
                id: "i-gone".into(),
            }),
            Refusal::Annotation(AnnotationError::EndOnArrow {
                path: "annotations[2].to.id".into(),
                id: "arrow-1".into(),
            }),
            Refusal::Annotation(AnnotationError::BadGeometry {
                path: "annotations[0].rect".into(),
                value: "(x 0, y 0, w 0, h 5)".into(),
            }),
            Refusal::Annotation(AnnotationError::UnknownAnnotation {
                id: "note-9".into(),
            }),
            Refusal::Annotation(AnnotationError::NotAnArrow { id: "box-2".into() }),
            Refusal::OneVpnGatewayPerVpc {
                vpc: "vpc-1".into(),
                existing: "vgw-2".into(),
            },
        ];
        let places = [
            Container::Canvas,
            Container::Vpc("vpc-1".into()),
            Container::Zone {
                vpc: "vpc-1".into(),
                zone: "ap-northeast-2a".into(),
            },
            Container::Subnet("subnet-1".into()),
        ];
        for what in ComponentKind::PALETTE {
            for inside in &places {
                if sim::network::edit::placeable(what) && !accepts(inside, what) {
                    out.push(Refusal::WrongContainer {
                        what,
                        inside: inside.clone(),
                    });
                }
            }
        }
        out
    }

    /// Every word with a digit or a dash in the English (ids, zones, regions, CIDRs), which
    /// the Korean must repeat; words of a kind's English name ("egress-only") are words, not
    /// facts, and are translated.
    fn facts(en: &str) -> Vec<&str> {
        let kind_words: Vec<&str> = ComponentKind::PALETTE
            .iter()
            .flat_map(|k| k.noun().split_whitespace())
            .collect();
        en.split(|c: char| c.is_whitespace() || "`,;:()".contains(c))
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| w.contains('-') && w.chars().any(|c| c.is_ascii_alphanumeric()))
            .filter(|w| !kind_words.contains(&w.to_lowercase().as_str()))
            .collect()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_refusal_is_sims_english_and_whole_korean_with_the_same_ids() {
        let all = every_refusal();
        assert!(all.len() > 20, "{}", all.len());
        for r in &all {
            assert_eq!(refusal(Lang::En, r), r.to_string());
            let ko = korean_refusal(Lang::Ko, r).unwrap_or_else(|| panic!("no Korean: {r:?}"));
            assert!(!ko.contains('{') && ko != r.to_string(), "{r:?}: {ko}");
            for fact in facts(&r.to_string()) {
                assert!(ko.contains(fact), "{r:?}: `{fact}` missing in {ko}");
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn refusals_read_as_written_in_both_languages() {
        let cases: &[(Refusal, &str, &str)] = &[
            (
                Refusal::WrongContainer {
                    what: ComponentKind::Instance,
                    inside: Container::Vpc("vpc-1".into()),
                },
                "An EC2 instance cannot live inside a VPC: drop it on a subnet.",
                "EC2 인스턴스은(는) VPC 안에 둘 수 없습니다. 서브넷에 놓으세요.",
            ),
            (
                Refusal::WrongContainer {
                    what: ComponentKind::Subnet,
                    inside: Container::Canvas,
                },
                "A subnet must be placed inside an availability zone or a VPC.",
                "서브넷은(는) 가용 영역 또는 VPC 안에 놓아야 합니다.",
            ),
            (
                Refusal::SubnetFull {
                    subnet: "subnet-2".into(),
                },
                "Subnet subnet-2 has no free address left (AWS reserves 5 per subnet).",
                "서브넷 subnet-2에 남은 주소가 없습니다(AWS는 서브넷마다 주소 5개를 예약합니다).",
            ),
            (
                Refusal::OneInternetGatewayPerVpc {
                    vpc: "vpc-1".into(),
                    existing: "igw-7".into(),
                },
                "VPC vpc-1 already has internet gateway igw-7 attached; a VPC can have only one.",
                "VPC vpc-1에는 이미 인터넷 게이트웨이 igw-7이(가) 연결되어 있습니다. VPC에는 하나만 연결할 수 있습니다.",
            ),
        ];
        for (r, en, ko) in cases {
            assert_eq!(refusal(Lang::En, r), *en);
            assert_eq!(refusal(Lang::Ko, r), *ko);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_sim_sentence_is_english_as_written_and_korean_from_its_key() {
        use sim::network::field_edit::{validate, FieldKey};
        let t = validate(FieldKey::Cidr, "10.0.0.1/24").expect("host bits are refused");
        assert_eq!(sim_text(Lang::En, &t), t.en);
        let ko = sim_text(Lang::Ko, &t);
        assert!(
            ko.contains("10.0.0.1/24") && ko.contains("10.0.0.0/24") && ko.contains("CIDR"),
            "{ko}"
        );
        assert_ne!(ko, t.en);
        // No structured form, or a key without a translation: the English, whole.
        assert_eq!(sim_text(Lang::Ko, &Text::from("as it came")), "as it came");
        let odd = Text {
            en: "English.".into(),
            msg: Some(sim::network::msg::Msg {
                key: "no-such-key",
                args: vec![("x", Arg::Value("1".into()))],
            }),
        };
        assert_eq!(sim_text(Lang::Ko, &odd), "English.");
    }
}
