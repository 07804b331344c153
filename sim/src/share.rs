//! Share links: a design deflated and base64url-encoded in a URL fragment
//! (`#design=…&scenario=<id>&student=<name>&variant=<id>`). The app writes them and the CLI
//! (`stratosim grade LINK…`) reads them with this one codec, so a link graded on the command
//! line is the design the student saw.
//!
//! **Invariants**: pure; `decode(encode(x)) == x`; a damaged link is an `Err` saying what is
//! wrong with it, never a panic; the inflated size is capped (64 MiB) so a crafted link cannot
//! exhaust memory. Parameters other than `design` are optional and unknown ones are ignored
//! (an app newer than the CLI may add some).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::network::Design;

/// The fragment key of a shared design.
pub const KEY: &str = "design=";

/// A decoded link: the design and what the link says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedLink {
    pub design: Design,
    /// The scenario the design was submitted in.
    pub scenario: Option<String>,
    /// The student's name as typed on Submit.
    pub student: Option<String>,
    /// The student's id (a roll number), if given.
    pub student_id: Option<String>,
    /// The per-student variant id (`stratosim variants`).
    pub variant: Option<String>,
}

/// The `design=…` fragment part (deflate level 9: links are written once, opened many times).
pub fn encode(design: &Design) -> String {
    let json = serde_json::to_vec(design).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A whole fragment (without `#`) for a link: the design, then the optional parameters.
pub fn encode_link(link: &SharedLink) -> String {
    let mut out = encode(&link.design);
    for (key, value) in [
        ("scenario", &link.scenario),
        ("student", &link.student),
        ("student_id", &link.student_id),
        ("variant", &link.variant),
    ] {
        if let Some(v) = value {
            out.push('&');
            out.push_str(key);
            out.push('=');
            out.push_str(&percent_encode(v));
        }
    }
    out
}

/// Percent-encodes everything but unreserved URL characters (RFC 3986 §2.3), UTF-8 bytes.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`percent_encode`] (and `+` as a space); `None` for a broken escape or non-UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The fragment of a link or the fragment itself: everything after the first `#`.
fn fragment_of(link: &str) -> &str {
    let t = link.trim();
    match t.split_once('#') {
        Some((_, f)) => f,
        None => t,
    }
}

/// A parameter of a fragment, percent-decoded; `None` when absent or empty.
pub fn param(link: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}=");
    fragment_of(link)
        .split('&')
        .find_map(|p| p.strip_prefix(prefix.as_str()))
        .and_then(percent_decode)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The scenario id of a fragment, restricted to the characters ids use.
pub fn scenario_param(link: &str) -> Option<String> {
    param(link, "scenario")
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
}

/// True when the text looks like a share link or fragment (holds `design=`).
pub fn is_link(text: &str) -> bool {
    fragment_of(text).split('&').any(|p| p.starts_with(KEY))
}

/// Reads the design of a link or fragment. `Ok(None)` when it holds no design.
pub fn decode(link: &str) -> Result<Option<Design>, String> {
    let Some(payload) = fragment_of(link)
        .split('&')
        .find_map(|p| p.strip_prefix(KEY))
    else {
        return Ok(None);
    };
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim())
        .map_err(|e| format!("the share link is damaged (not base64url: {e})"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 64 << 20)
        .map_err(|e| format!("the share link is damaged (cannot inflate: {e:?})"))?;
    let text =
        String::from_utf8(json).map_err(|_| "the share link is damaged (not UTF-8)".to_string())?;
    Design::from_json(&text)
        .map(Some)
        .map_err(|e| format!("the shared design cannot be read: {e}"))
}

/// Reads a whole link: the design and its parameters. A link without a design is an `Err`.
pub fn decode_link(link: &str) -> Result<SharedLink, String> {
    let design = decode(link)?.ok_or_else(|| "the link holds no `design=` part".to_string())?;
    Ok(SharedLink {
        design,
        scenario: scenario_param(link),
        student: param(link, "student"),
        student_id: param(link, "student_id"),
        variant: param(link, "variant"),
    })
}

/// The checksum a report prints next to a score: FNV-1a (64 bits, hex) of the link's design
/// payload, the score and the maximum. `stratosim grade` recomputes it, so a score edited in a
/// report, or a report pasted next to another student's link, no longer matches. It is an
/// integrity check, not a signature: anyone with Stratosim can compute it for any score.
pub fn checksum(link: &str, score: u32, max: u32) -> String {
    let payload = fragment_of(link)
        .split('&')
        .find_map(|p| p.strip_prefix(KEY))
        .unwrap_or("");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{payload}|{score}/{max}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_survives_the_round_trip_with_its_parameters() {
        let d = crate::network::samples::sample_design();
        let link = SharedLink {
            design: d.clone(),
            scenario: Some("vpc-week1".into()),
            student: Some("Kim Min-ji & co, 김민지".into()),
            student_id: Some("2026-017".into()),
            variant: Some("v3".into()),
        };
        let fragment = encode_link(&link);
        assert!(
            fragment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "=-_&%.~".contains(c)),
            "URL-safe: {fragment}"
        );
        let url = format!("https://example.org/stratosim/#{fragment}");
        assert_eq!(decode_link(&url).unwrap(), link);
        assert_eq!(decode(&encode(&d)).unwrap(), Some(d));
    }

    #[test]
    fn the_checksum_binds_the_design_to_the_score() {
        let d = crate::network::samples::sample_design();
        let link = format!("https://x/#{}&student=a", encode(&d));
        let c = checksum(&link, 90, 110);
        assert_eq!(c.len(), 16);
        assert_eq!(
            c,
            checksum(&encode(&d), 90, 110),
            "only the design part counts"
        );
        assert_ne!(c, checksum(&link, 91, 110));
        assert_ne!(c, checksum("#design=other", 90, 110));
    }

    #[test]
    fn damaged_links_are_reported_not_loaded() {
        for (link, needle) in [
            ("#design=!!!", "not base64url"),
            ("#design=AAAA", "cannot inflate"),
            ("https://x/#student=a", "no `design=` part"),
        ] {
            let err = decode_link(link).unwrap_err();
            assert!(err.contains(needle), "{link}: {err}");
        }
        assert_eq!(decode("#something-else"), Ok(None));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(
            scenario_param("#design=abc&scenario=<x>").as_deref(),
            Some("x")
        );
    }
}
