//! Tidy: rules about the source tree itself, checked by `cargo test` (like rust-analyzer's
//! xtask tidy). `sim/src` stays deterministic and free of I/O, and every module says what it
//! guarantees in a `//!` doc; a failure names the file and line. This test may read files.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// The crates whose every `.rs` file must open with a `//!` module doc.
const DOCUMENTED_TREES: &[&str] = &["sim/src", "cli/src", "app/src", "server/src"];

/// The tree the determinism and purity rules apply to.
const SIM_SRC: &str = "sim/src";

/// Words banned from code under `sim/src` (comments are not code), with the reason shown.
/// `whole_word: false` also catches aliases such as `FxHashMap` or `StdHashMap`.
const BANNED: &[Banned] = &[
    Banned {
        needle: "HashMap",
        whole_word: false,
        why: "iteration order is nondeterministic; use BTreeMap or a sorted Vec",
    },
    Banned {
        needle: "HashSet",
        whole_word: false,
        why: "iteration order is nondeterministic; use BTreeSet or a sorted Vec",
    },
    Banned {
        needle: "Instant",
        whole_word: true,
        why: "wall clock: sim takes time as an argument (and Instant::now panics on wasm32)",
    },
    Banned {
        needle: "SystemTime",
        whole_word: true,
        why: "wall clock: sim takes time as an argument",
    },
    Banned {
        needle: "thread_rng",
        whole_word: true,
        why: "OS randomness: sim's randomness comes from a seed passed in",
    },
    Banned {
        needle: "OsRng",
        whole_word: true,
        why: "OS randomness: sim's randomness comes from a seed passed in",
    },
    Banned {
        needle: "from_os_rng",
        whole_word: true,
        why: "OS randomness: sim's randomness comes from a seed passed in",
    },
    Banned {
        needle: "from_entropy",
        whole_word: true,
        why: "OS randomness: sim's randomness comes from a seed passed in",
    },
    Banned {
        needle: "std::fs",
        whole_word: true,
        why: "file I/O: sim parses strings, the CLI and the app read files",
    },
    Banned {
        needle: "TcpStream",
        whole_word: true,
        why: "network I/O: sim does none",
    },
    Banned {
        needle: "TcpListener",
        whole_word: true,
        why: "network I/O: sim does none",
    },
    Banned {
        needle: "UdpSocket",
        whole_word: true,
        why: "network I/O: sim does none",
    },
    Banned {
        needle: "ToSocketAddrs",
        whole_word: true,
        why: "network I/O (DNS lookups): sim does none",
    },
];

/// What `std::net::…` may name in `sim/src`: the address types, which are plain data (they are
/// also in `core::net`). Anything else there is a socket or a DNS lookup.
const NET_ADDRESS_TYPES: &[&str] = &[
    "Ipv4Addr",
    "Ipv6Addr",
    "IpAddr",
    "SocketAddr",
    "SocketAddrV4",
    "SocketAddrV6",
    "AddrParseError",
];

/// Deliberate exceptions: (file, banned word, why the rule does not apply there).
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "sim/src/network/trace/index.rs",
        "HashMap",
        "lookup-only maps by id or address with a fixed hasher; never iterated (see its //! doc)",
    ),
    (
        "sim/src/network/lint/lookup.rs",
        "HashMap",
        "the lints' lookups by id, with trace::index's fixed hasher; never iterated",
    ),
    (
        "sim/src/network/lint/lookup.rs",
        "HashSet",
        "the lints' membership tests by id, with trace::index's fixed hasher; never iterated",
    ),
];

struct Banned {
    needle: &'static str,
    whole_word: bool,
    why: &'static str,
}

/// One broken rule, printed as `path:line: message` so editors can jump to it.
#[derive(Debug, PartialEq, Eq)]
struct Problem {
    path: String,
    line: usize,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

#[test]
fn source_tree_is_tidy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for tree in DOCUMENTED_TREES {
        rust_files(&root.join(tree), &mut files);
    }
    assert!(
        files.len() > 50,
        "found only {} .rs files under {root:?}",
        files.len()
    );
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {file:?}: {e}"));
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        problems.extend(check_file(&rel, &text));
    }
    let report: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert!(
        problems.is_empty(),
        "{} tidy problem(s):\n{}",
        problems.len(),
        report.join("\n")
    );
}

/// Every `.rs` file under `dir`, in sorted order so the report is stable.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("listing {dir:?}: {e}"));
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// All rules for one file; `path` is relative to the workspace root with `/` separators.
fn check_file(path: &str, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if DOCUMENTED_TREES
        .iter()
        .any(|t| path.starts_with(&format!("{t}/")))
    {
        problems.extend(check_module_doc(path, text));
    }
    if path.starts_with(&format!("{SIM_SRC}/")) {
        problems.extend(check_sim_purity(path, text));
    }
    if path == APP_ROOT {
        problems.extend(check_thin_root(text));
    }
    problems
}

/// The app's root component, which must stay a thin root that wires (issue 10): its parts
/// (effects, the live session, files, traces, the task card) are hooks and functions in
/// `app/src/root/`.
const APP_ROOT: &str = "app/src/lib.rs";
/// How long `pub fn app()` may grow: today's wiring and page layout with room to add a panel.
/// A part that needs more goes into `app/src/root/`.
const APP_ROOT_MAX_LINES: usize = 450;

/// `pub fn app()` in `app/src/lib.rs` is at most [`APP_ROOT_MAX_LINES`] lines long.
fn check_thin_root(text: &str) -> Option<Problem> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("pub fn app()"))?;
    let end = lines[start..].iter().position(|l| *l == "}")? + start;
    let len = end - start + 1;
    (len > APP_ROOT_MAX_LINES).then(|| Problem {
        path: APP_ROOT.to_string(),
        line: start + 1,
        message: format!(
            "`app()` is {len} lines (at most {APP_ROOT_MAX_LINES}): move a part into a hook or \
             function in app/src/root/ so the root only wires"
        ),
    })
}

/// The file's first line must be a `//!` doc with some text.
fn check_module_doc(path: &str, text: &str) -> Option<Problem> {
    let first = text.lines().next().unwrap_or("");
    match first.strip_prefix("//!") {
        Some(rest) if !rest.trim().is_empty() => None,
        _ => Some(Problem {
            path: path.to_string(),
            line: 1,
            message: "does not start with a `//!` module doc saying what the module guarantees"
                .to_string(),
        }),
    }
}

/// Banned words, and `std::net` items other than the address types, in code (not comments).
fn check_sim_purity(path: &str, text: &str) -> Vec<Problem> {
    let code = strip_line_comments(text);
    let mut problems = Vec::new();
    let mut report = |offset: usize, message: String| {
        problems.push(Problem {
            path: path.to_string(),
            line: code[..offset].matches('\n').count() + 1,
            message,
        })
    };
    for banned in BANNED {
        if EXCEPTIONS
            .iter()
            .any(|(p, word, _)| *p == path && *word == banned.needle)
        {
            continue;
        }
        for (offset, _) in code.match_indices(banned.needle) {
            if !banned.whole_word || is_whole_word(&code, offset, banned.needle.len()) {
                report(
                    offset,
                    format!("`{}` in sim: {}", banned.needle, banned.why),
                );
            }
        }
    }
    for (offset, _) in code.match_indices("std::net::") {
        let after = &code[offset + "std::net::".len()..];
        let items: Vec<&str> = match after.strip_prefix('{') {
            Some(group) => group[..group.find('}').unwrap_or(group.len())]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec![after],
        };
        for item in items {
            let name: String = item.chars().take_while(|c| is_ident_char(*c)).collect();
            if !NET_ADDRESS_TYPES.contains(&name.as_str()) {
                report(
                    offset,
                    format!(
                        "`std::net::{name}` in sim: network I/O (only address types are allowed)"
                    ),
                );
            }
        }
    }
    problems.sort_by_key(|p| p.line);
    problems
}

/// The text with `//…` comments blanked out, lines kept so offsets map to the same line.
/// (A `//` inside a string literal also ends the line's code; rare in `sim/src`, and it can
/// only hide a word, never invent one.)
fn strip_line_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_whole_word(text: &str, offset: usize, len: usize) -> bool {
    let before = text[..offset].chars().next_back();
    let after = text[offset + len..].chars().next();
    !before.is_some_and(is_ident_char) && !after.is_some_and(is_ident_char)
}

/// The checkers themselves, one case per rule: a file, its text, the lines expected to be
/// flagged, and a word each message must contain.
#[test]
fn checkers_flag_what_they_should() {
    let long_root = format!(
        "//! The root.\npub fn app() -> Html {{\n{}}}\n",
        "    let x = 1;\n".repeat(500)
    );
    let flagged = check_file(APP_ROOT, &long_root);
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].message.contains("502 lines"), "{}", flagged[0]);
    let short_root = "pub fn app() -> Html {\n    html! {}\n}\n";
    assert!(check_thin_root(short_root).is_none());
    struct Case {
        name: &'static str,
        path: &'static str,
        text: &'static str,
        expected: &'static [(usize, &'static str)],
    }
    let cases = [
        Case {
            name: "a HashMap import in sim is flagged with its line",
            path: "sim/src/a.rs",
            text: "//! Doc.\nuse std::collections::HashMap;\n",
            expected: &[(2, "HashMap")],
        },
        Case {
            name: "a HashSet and an aliased FxHashMap are both flagged",
            path: "sim/src/a.rs",
            text: "//! Doc.\n\nfn f(s: HashSet<u8>) {}\ntype M = FxHashMap<u8, u8>;\n",
            expected: &[(3, "HashSet"), (4, "HashMap")],
        },
        Case {
            name: "a HashMap mentioned only in a comment is not flagged",
            path: "sim/src/a.rs",
            text: "//! Never a HashMap here.\nlet m = BTreeMap::new(); // not a HashMap\n",
            expected: &[],
        },
        Case {
            name: "ordered collections are fine",
            path: "sim/src/a.rs",
            text: "//! Doc.\nuse std::collections::{BTreeMap, BTreeSet};\n",
            expected: &[],
        },
        Case {
            name: "the wall clock is flagged",
            path: "sim/src/a.rs",
            text: "//! Doc.\nlet t = std::time::Instant::now();\nlet s = SystemTime::now();\n",
            expected: &[(2, "Instant"), (3, "SystemTime")],
        },
        Case {
            name: "a word that merely contains Instant is not flagged",
            path: "sim/src/a.rs",
            text: "//! Doc.\nfn instantiate(x: Instantiated) {}\n",
            expected: &[],
        },
        Case {
            name: "OS randomness is flagged",
            path: "sim/src/a.rs",
            text: "//! Doc.\nlet mut r = rand::thread_rng();\nlet o = OsRng;\n",
            expected: &[(2, "thread_rng"), (3, "OsRng")],
        },
        Case {
            name: "file I/O is flagged",
            path: "sim/src/a.rs",
            text: "//! Doc.\nlet s = std::fs::read_to_string(p);\n",
            expected: &[(2, "std::fs")],
        },
        Case {
            name: "std::net address types are allowed",
            path: "sim/src/a.rs",
            text: "//! Doc.\nuse std::net::{IpAddr, Ipv4Addr};\n\
                   let a = std::net::Ipv4Addr::new(10, 0, 0, 1);\n",
            expected: &[],
        },
        Case {
            name: "a socket from std::net is flagged, also inside a use group",
            path: "sim/src/a.rs",
            text: "//! Doc.\nuse std::net::{Ipv4Addr,\n    UdpSocket};\n\
                   let s = std::net::TcpStream::connect(a);\n",
            expected: &[
                (2, "std::net::UdpSocket"),
                (3, "UdpSocket"),
                (4, "std::net::TcpStream"),
                (4, "`TcpStream`"),
            ],
        },
        Case {
            name: "the purity rules apply only under sim/src",
            path: "cli/src/main.rs",
            text: "//! Doc.\nuse std::collections::HashMap;\nlet s = std::fs::read(p);\n",
            expected: &[],
        },
        Case {
            name: "an exception covers only its file and its word",
            path: "sim/src/network/trace/index.rs",
            text: "//! Doc.\npub type HashMap<K, V> = StdHashMap<K, V>;\nlet t = Instant::now();\n",
            expected: &[(3, "Instant")],
        },
        Case {
            name: "a file without a //! doc is flagged at line 1",
            path: "app/src/main.rs",
            text: "fn main() {\n    app::start();\n}\n",
            expected: &[(1, "//!")],
        },
        Case {
            name: "a //! doc that is not the first line is flagged",
            path: "cli/src/a.rs",
            text: "use std::io;\n//! Late doc.\n",
            expected: &[(1, "//!")],
        },
        Case {
            name: "an empty //! line is not a doc",
            path: "sim/src/a.rs",
            text: "//!\n//! Doc on the second line.\n",
            expected: &[(1, "//!")],
        },
        Case {
            name: "an empty file is flagged",
            path: "sim/src/a.rs",
            text: "",
            expected: &[(1, "//!")],
        },
        Case {
            name: "files outside the three source trees are not checked",
            path: "sim/tests/a.rs",
            text: "use std::collections::HashMap;\n",
            expected: &[],
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let got = check_file(case.path, case.text);
        let matches = got.len() == case.expected.len()
            && case.expected.iter().all(|(line, word)| {
                got.iter()
                    .any(|p| p.line == *line && p.path == case.path && p.message.contains(word))
            });
        if !matches {
            let got: Vec<String> = got.iter().map(Problem::to_string).collect();
            failures.push(format!(
                "{}: expected {:?}, got {:?}",
                case.name, case.expected, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
