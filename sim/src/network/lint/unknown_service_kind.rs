//! An AWS service whose `kind` Stratosim does not know (W1). The design still loads so that a
//! typo costs nothing, but every flow to or from that service is refused by the tracer; this
//! check says so up front, with the nearest known spelling when the typo is a small one.

use super::{label, Diagnostic, Severity};
use crate::network::model::AwsServiceKind;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    for s in &ix.net.aws_services {
        if AwsServiceKind::parse(&s.kind).is_some() {
            continue;
        }
        let known = AwsServiceKind::ALL.map(AwsServiceKind::key).join(", ");
        let text = match nearest(&s.kind) {
            Some(k) => msg!(
                "lint-unknown-service-kind-near",
                "service {svc} has kind `{kind}`, which is not an AWS service Stratosim knows (did you mean `{near}`?); every flow to or from it is refused until it is one of: {known}",
                svc = label(&s.name, &s.id),
                kind = s.kind,
                near = k.key(),
                known
            ),
            None => msg!(
                "lint-unknown-service-kind",
                "service {svc} has kind `{kind}`, which is not an AWS service Stratosim knows; every flow to or from it is refused until it is one of: {known}",
                svc = label(&s.name, &s.id),
                kind = s.kind,
                known
            ),
        };
        out.push(Diagnostic::new(
            "UNKNOWN_SERVICE_KIND",
            Severity::Error,
            &s.id,
            text,
            None,
        ));
    }
}

/// The one known kind nearest `kind` (case-insensitive) within two edits, if no other is as
/// near: a suggestion, never a guess between two.
fn nearest(kind: &str) -> Option<AwsServiceKind> {
    let typed = kind.trim().to_ascii_lowercase();
    let mut best: Vec<(usize, AwsServiceKind)> = AwsServiceKind::ALL
        .into_iter()
        .map(|k| (edit_distance(&typed, k.key()), k))
        // At most two edits, and fewer than the typed letters: `` or `x` suggests nothing.
        .filter(|(d, _)| *d <= 2 && *d < typed.chars().count())
        .collect();
    best.sort();
    match best.as_slice() {
        [(d, k), rest @ ..] if rest.first().is_none_or(|(e, _)| e > d) => Some(*k),
        _ => None,
    }
}

/// Levenshtein distance over chars; inputs are a typed kind and a short key, so the
/// two-row table is small.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::model::{AwsService, Network};

    #[test]
    fn unknown_service_kind_cases() {
        // (kind as written, diagnostics, suggested key)
        let cases: &[(&str, usize, Option<&str>)] = &[
            ("s3", 0, None),
            ("DynamoDB", 0, None),
            (" api-gateway ", 0, None),
            ("dynamo", 1, Some("dynamodb")),
            ("kinesis", 1, None),
            ("dynamodbb", 1, Some("dynamodb")),
            ("lamda", 1, Some("lambda")),
            ("sqss", 1, Some("sqs")),
            // Two keys two edits away (sqs, sns): no suggestion rather than a coin toss.
            ("sxs", 1, None),
            ("", 1, None),
            ("kafka", 1, None),
        ];
        for (kind, count, near) in cases {
            let net = Network {
                aws_services: vec![AwsService {
                    id: "svc-1".into(),
                    kind: kind.to_string(),
                    ..AwsService::default()
                }],
                ..Network::default()
            };
            let mut out = Vec::new();
            check(&crate::network::lint::Lookup::new(&net), &mut out);
            assert_eq!(out.len(), *count, "{kind:?}: {out:#?}");
            if let Some(d) = out.first() {
                assert_eq!(d.code, "UNKNOWN_SERVICE_KIND");
                assert_eq!(d.component, "svc-1");
                assert!(d.message.contains(&format!("`{kind}`")), "{}", d.message);
                match near {
                    Some(k) => assert!(
                        d.message.contains(&format!("did you mean `{k}`")),
                        "{kind:?}: {}",
                        d.message
                    ),
                    None => assert!(!d.message.contains("did you mean"), "{}", d.message),
                }
            }
        }
    }
}
