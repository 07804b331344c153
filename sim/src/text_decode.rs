//! Bytes of an input file → text, the way the tools that write them encode it.
//!
//! Every reader of user files (the CLI's `--aws`, `--design`, `--terraform`, manifests and
//! rubrics; the app's file import) goes through [`decode`], so one rule holds everywhere:
//! UTF-8 with or without a byte-order mark, and UTF-16 little- or big-endian *with* its
//! byte-order mark (what Windows PowerShell 5's `aws … > f.json` writes). Anything else that
//! is not valid UTF-8 is an error naming the file and the byte offset, never a lossy guess.

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TextDecodeError {
    #[error("{file}: not valid UTF-8 at byte {offset} (expected UTF-8, or UTF-16 with a byte-order mark)")]
    Utf8 { file: String, offset: usize },
    #[error("{file}: {encoding} with a byte-order mark, but {problem} at byte {offset}")]
    Utf16 {
        file: String,
        encoding: &'static str,
        problem: &'static str,
        offset: usize,
    },
}

/// Decodes a file's bytes: UTF-8 (a leading byte-order mark is dropped), or UTF-16 LE/BE
/// when the file starts with that encoding's byte-order mark. `file` names the file in errors.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, TextDecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(file, rest, "UTF-16 LE", u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(file, rest, "UTF-16 BE", u16::from_be_bytes);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let skipped = bytes.len() - body.len();
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(TextDecodeError::Utf8 {
            file: file.into(),
            offset: skipped + e.valid_up_to(),
        }),
    }
}

fn utf16(
    file: &str,
    body: &[u8],
    encoding: &'static str,
    unit: fn([u8; 2]) -> u16,
) -> Result<String, TextDecodeError> {
    let err = |problem, offset| TextDecodeError::Utf16 {
        file: file.into(),
        encoding,
        problem,
        offset,
    };
    if !body.len().is_multiple_of(2) {
        return Err(err("an odd number of bytes follows it", body.len() + 1));
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    // Code units read so far (a character outside the BMP is two); the BOM's two bytes lead.
    let mut read = 0;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                read += c.len_utf16();
            }
            Err(_) => return Err(err("a lone surrogate", 2 + 2 * read)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        v.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }
    fn be(text: &str) -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF];
        v.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        v
    }

    #[test]
    fn each_encoding_windows_and_unix_tools_write_decodes_to_the_same_text() {
        let text = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"ü €\"}]}]}";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("plain UTF-8", text.as_bytes().to_vec()),
            ("UTF-8 with a byte-order mark", bom),
            (
                "UTF-16 LE with a byte-order mark (PowerShell 5 `>`)",
                le(text),
            ),
            ("UTF-16 BE with a byte-order mark", be(text)),
        ];
        for (name, bytes) in cases {
            assert_eq!(decode("f.json", &bytes).as_deref(), Ok(text), "{name}");
        }
    }

    #[test]
    fn undecodable_bytes_are_an_error_naming_the_file_and_offset() {
        let mut odd = le("{}");
        odd.push(b'x');
        let mut lone = le("{😀");
        lone.extend(0xD800u16.to_le_bytes());
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "Latin-1 bytes are not UTF-8",
                b"{\"a\": \"caf\xe9\"}".to_vec(),
                "f.json: not valid UTF-8 at byte 10",
            ),
            (
                "UTF-16 with an odd byte count",
                odd,
                "f.json: UTF-16 LE with a byte-order mark, but an odd number of bytes follows it at byte 6",
            ),
            (
                "UTF-16 with a lone surrogate",
                lone,
                "f.json: UTF-16 LE with a byte-order mark, but a lone surrogate at byte 8",
            ),
        ];
        for (name, bytes, want) in cases {
            let got = decode("f.json", &bytes).expect_err(name).to_string();
            assert!(got.starts_with(want), "{name}: {got}");
        }
    }
}
