//! Terraform in, for the app: the files the user picked or dropped (relative path → text)
//! go to `sim`'s Terraform importer, the same entry the CLI's `--terraform` uses, and come
//! back as a laid-out design plus what explains it (each component's and rule's file:line,
//! the assumptions made, the source text of every block).
//!
//! **Guarantees**:
//! - the root module is the shallowest folder holding `*.tf` files, with its
//!   `terraform.tfvars` and `*.auto.tfvars`; other folders are read only when a `module`
//!   block names them (as the CLI does). A picked `.json` file with no `.tf` beside it is
//!   read as `terraform show -json` output.
//! - an error names the file and line (the importer's message) and changes nothing.
//! - [`keep_layout`] is pure: a component whose address is in the old design keeps its
//!   rectangle; everything else is laid out by `sim::network::edit::auto_layout`. The old
//!   design's notes, boxes and arrows stay (an arrow end on a removed address becomes a point).
//! - provenance lives in the app's session ([`TerraformInfo`], held by the editor state),
//!   not in the design file: a saved or shared design carries no source text.

use std::collections::{BTreeMap, BTreeSet};

use sim::network::edit;
use sim::network::import::terraform::{
    import_terraform_cached, import_terraform_json, normalize_path, parent_dir, ImportWarning,
    Provenance, TerraformImport, TerraformSource,
};

/// What the session's earlier Terraform imports keep for the next one (parsed files, the
/// last result); held by the root for the whole session.
pub use sim::network::import::terraform::ImportCache;
use sim::network::{Design, Hop, Trace};

use crate::i18n::Lang;
use crate::t;

/// An import and the files it came from: what the Problems list and the Traces panel need
/// to show `main.tf:20` and that block's text.
#[derive(Debug, PartialEq)]
pub struct TerraformInfo {
    pub import: TerraformImport,
    /// Path → text of every file that was read.
    pub files: BTreeMap<String, String>,
    /// Path → the byte offset where each line starts: the Problems list asks for hundreds of
    /// blocks per render, and scanning a large file from its top for each was most of the
    /// render after an import.
    line_starts: BTreeMap<String, Vec<usize>>,
}

/// A place in the configuration, ready to show: `two-tier/main.tf:20` and the block there.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRef {
    pub location: String,
    /// The block's source text (shown as text, never as HTML); empty for JSON input.
    pub text: String,
}

/// A successful import: the design (laid out) and its explanation.
pub struct Imported {
    pub design: Design,
    pub info: TerraformInfo,
}

fn is_tf(path: &str) -> bool {
    path.ends_with(".tf")
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// Is this picked or dropped file one the importer reads? `*.tf`, `*.tfvars` and `*.json`,
/// outside `.terraform/` (which holds provider binaries and downloaded modules) and other
/// hidden folders.
pub fn wanted(path: &str) -> bool {
    let hidden = path
        .split('/')
        .any(|part| part.starts_with('.') && part.len() > 1);
    !hidden && (path.ends_with(".tf") || path.ends_with(".tfvars") || path.ends_with(".json"))
}

/// Does this text look like what `terraform show -json` prints (state or plan)?
pub fn looks_like_state(text: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    map.contains_key("format_version")
        && (map.contains_key("values") || map.contains_key("planned_values"))
}

/// Reads picked or dropped files into the importer's source: the root module, its tfvars
/// and the local modules its `module` blocks name, transitively (each file parsed through
/// `cache`, so the import that follows does not parse it again).
fn source_of(
    files: &[(String, String)],
    cache: &mut ImportCache,
) -> Result<TerraformSource, String> {
    let all: BTreeMap<String, String> = files
        .iter()
        .map(|(p, t)| (normalize_path(p), t.clone()))
        .collect();
    let root = all
        .keys()
        .filter(|p| is_tf(p))
        .min_by_key(|p| (depth(p), p.to_string()))
        .map(|p| parent_dir(p))
        .ok_or_else(|| "no .tf file among the files chosen".to_string())?;
    let mut source = TerraformSource {
        root: root.clone(),
        ..TerraformSource::default()
    };
    let in_dir = |dir: &str, with_tfvars: bool| -> Vec<(String, String)> {
        all.iter()
            .filter(|(p, _)| parent_dir(p) == dir)
            .filter(|(p, _)| {
                let n = file_name(p);
                is_tf(n)
                    || (with_tfvars && (n == "terraform.tfvars" || n.ends_with(".auto.tfvars")))
            })
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    };
    source.files.extend(in_dir(&root, true));
    let mut queue: Vec<(String, String)> = source
        .files
        .iter()
        .filter(|(k, _)| is_tf(k))
        .map(|(k, t)| (k.clone(), t.clone()))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some((path, text)) = queue.pop() {
        for m in cache.local_module_dirs(&path, &text) {
            if !seen.insert(m.clone()) {
                continue;
            }
            if seen.len() > 64 {
                return Err("more than 64 local module folders; refusing to read more".into());
            }
            for (k, t) in in_dir(&m, false) {
                queue.push((k.clone(), t.clone()));
                source.files.insert(k, t);
            }
        }
    }
    Ok(source)
}

/// The folder (or file) name to call the design by.
fn stem(files: &[(String, String)]) -> String {
    let first = files.first().map(|(p, _)| p.as_str()).unwrap_or("");
    match first.split_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_string(),
        _ => first
            .trim_end_matches(".json")
            .trim_end_matches(".tf")
            .to_string(),
    }
}

/// Imports Terraform files (HCL with tfvars and local modules, or one `terraform show
/// -json` file) and lays the design out, keeping the rectangle of every component whose
/// address is also in `previous`. `cache` is what the previous HCL imports of the session
/// left (files whose text is unchanged are not parsed again); the result is the same as
/// with a new cache.
pub fn import_files(
    files: &[(String, String)],
    previous: Option<&Design>,
    cache: &mut ImportCache,
) -> Result<Imported, String> {
    let has_tf = files.iter().any(|(p, _)| is_tf(p));
    let json: Vec<&(String, String)> = files.iter().filter(|(p, _)| p.ends_with(".json")).collect();
    let (import, read) = if !has_tf && json.len() == 1 {
        let (path, text) = json[0];
        let path = normalize_path(path);
        let import = import_terraform_json(&path, text).map_err(|e| e.to_string())?;
        (import, BTreeMap::from([(path, text.clone())]))
    } else if !has_tf && json.len() > 1 {
        return Err("choose one `terraform show -json` file at a time".into());
    } else {
        let source = source_of(files, cache)?;
        let import = import_terraform_cached(&source, cache).map_err(|e| e.to_string())?;
        (import, source.files)
    };
    let mut design = Design::new(
        &format!("Terraform: {}", stem(files)),
        import.network.clone(),
    );
    keep_layout(previous, &mut design);
    Ok(Imported {
        design,
        info: TerraformInfo::new(import, read),
    })
}

/// Lays out `design` (which has no layout yet): a component whose id is in `previous`'s
/// layout keeps that rectangle, an availability-zone box of a kept VPC keeps its box, and
/// everything else gets the automatic layout's place.
pub fn keep_layout(previous: Option<&Design>, design: &mut Design) {
    design.layout.clear();
    edit::auto_layout(design);
    let Some(old) = previous else { return };
    let ids: BTreeSet<String> = design
        .network
        .component_ids()
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    for (key, rect) in design.layout.iter_mut() {
        let known = ids.contains(key)
            || edit::parse_zone_key(key).is_some_and(|(vpc, _)| ids.contains(vpc));
        if known {
            if let Some(r) = old.layout.get(key) {
                *rect = *r;
            }
        }
    }
    // The notes, boxes and arrows are not in Terraform: they stay, and an arrow end on a
    // component the new files no longer have ends where that component was.
    if design.annotations.is_empty() && !old.annotations.is_empty() {
        design.annotations = old.annotations.clone();
        sim::network::annotation::detach_missing(old, design);
    }
}

/// The source text of the block starting at `line` (1-based) of `text`: that line and the
/// following ones until its braces close (at most 80 lines).
pub fn block_text(text: &str, line: usize) -> String {
    if line == 0 {
        return String::new();
    }
    let mut out = Vec::new();
    let mut depth: i64 = 0;
    let mut opened = false;
    for l in text.lines().skip(line - 1).take(80) {
        out.push(l);
        let mut in_string = false;
        let mut prev = ' ';
        for c in l.chars() {
            match c {
                '"' if prev != '\\' => in_string = !in_string,
                '#' if !in_string => break,
                '{' if !in_string => {
                    depth += 1;
                    opened = true;
                }
                '}' if !in_string => depth -= 1,
                _ => {}
            }
            prev = c;
        }
        if !opened || depth <= 0 {
            break;
        }
    }
    out.join("\n")
}

impl TerraformInfo {
    pub fn new(import: TerraformImport, files: BTreeMap<String, String>) -> TerraformInfo {
        let line_starts = files
            .iter()
            .map(|(path, text)| {
                let mut starts = vec![0];
                starts.extend(text.match_indices('\n').map(|(k, _)| k + 1));
                (path.clone(), starts)
            })
            .collect();
        TerraformInfo {
            import,
            files,
            line_starts,
        }
    }

    /// [`block_text`] of `file` at `line`, starting from that line's offset.
    fn block(&self, file: &str, line: usize) -> String {
        let (Some(text), Some(starts)) = (self.files.get(file), self.line_starts.get(file)) else {
            return String::new();
        };
        match line.checked_sub(1).and_then(|k| starts.get(k)) {
            Some(&start) => block_text(&text[start..], 1),
            None => String::new(),
        }
    }

    fn source(&self, p: &Provenance) -> SourceRef {
        SourceRef {
            location: if p.line == 0 {
                p.file.clone()
            } else {
                format!("{}:{}", p.file, p.line)
            },
            text: self.block(&p.file, p.line),
        }
    }

    /// Where a component was declared.
    pub fn component(&self, id: &str) -> Option<SourceRef> {
        self.import.component_provenance(id).map(|p| self.source(p))
    }

    /// The block that decided a hop (the rule's own block when a rule decided).
    pub fn hop(&self, h: &Hop) -> Option<SourceRef> {
        self.import.hop_provenance(h).map(|p| self.source(p))
    }

    /// Where a trace's first blocker was decided.
    pub fn blocker(&self, t: &Trace) -> Option<SourceRef> {
        self.import.blocker_provenance(t).map(|p| self.source(p))
    }

    /// Where a warning's block is.
    pub fn warning(&self, w: &ImportWarning) -> SourceRef {
        self.source(&Provenance {
            file: w.file.clone(),
            line: w.line,
        })
    }

    /// The assumptions a trace's verdict rests on.
    pub fn assumptions(&self, t: &Trace) -> Vec<&ImportWarning> {
        self.import
            .assumptions_used(t)
            .into_iter()
            .filter_map(|k| self.import.warnings.get(k))
            .collect()
    }

    /// One line for the notice after an import.
    pub fn summary(&self, lang: Lang) -> String {
        let components = self.import.network.component_ids().len();
        let files = self.files.len();
        let warnings = self.import.warnings.len();
        let imported = t!(
            lang,
            "terraform-imported",
            components = components,
            files = files
        );
        if warnings == 0 {
            return imported;
        }
        t!(
            lang,
            "terraform-imported-with-notes",
            imported = imported,
            warnings = warnings
        )
    }
}

// Native only: the fixtures are read from the repository.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn fixture(dir: &str) -> Vec<(String, String)> {
        let base = format!(
            "{}/../tests/fixtures/terraform/{dir}",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut out = Vec::new();
        let mut stack = vec![(base.clone(), dir.to_string())];
        while let Some((fs_dir, rel)) = stack.pop() {
            for e in std::fs::read_dir(&fs_dir).unwrap() {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().to_string();
                let path = e.path();
                if path.is_dir() {
                    stack.push((path.display().to_string(), format!("{rel}/{name}")));
                } else {
                    out.push((
                        format!("{rel}/{name}"),
                        std::fs::read_to_string(path).unwrap(),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_block_read_at_its_line_offset_is_the_block_read_from_the_top() {
        let imported =
            import_files(&fixture("child-module"), None, &mut ImportCache::new()).unwrap();
        let info = &imported.info;
        for (path, text) in &info.files {
            let lines = text.lines().count();
            for line in 0..=lines + 2 {
                assert_eq!(
                    info.block(path, line),
                    block_text(text, line),
                    "{path}:{line}"
                );
            }
        }
        assert_eq!(info.block("no-such.tf", 1), "");
    }

    #[test]
    fn reimports_through_the_session_cache_give_what_a_new_cache_gives() {
        let edit = |files: &[(String, String)], path: &str, f: &dyn Fn(&str) -> String| {
            files
                .iter()
                .map(|(p, t)| (p.clone(), if p == path { f(t) } else { t.clone() }))
                .collect::<Vec<_>>()
        };
        let two = fixture("two-tier");
        let child = fixture("child-module");
        let steps: Vec<(&str, Vec<(String, String)>)> = vec![
            ("two-tier as picked", two.clone()),
            (
                "a variable's description changed",
                edit(&two, "two-tier/variables.tf", &|t| {
                    t.replacen("Where SSH", "From where SSH", 1)
                }),
            ),
            (
                "the VPC's CIDR default changed",
                edit(&two, "two-tier/variables.tf", &|t| {
                    t.replacen("10.0.0.0/16", "10.9.0.0/16", 1)
                }),
            ),
            (
                "terraform.tfvars left out",
                two.iter()
                    .filter(|(p, _)| !p.ends_with(".tfvars"))
                    .cloned()
                    .collect(),
            ),
            (
                "main.tf broken",
                edit(&two, "two-tier/main.tf", &|t| format!("{t}\n}}{{\n")),
            ),
            ("two-tier again", two.clone()),
            ("another folder: child-module", child.clone()),
            (
                "a module file changed",
                edit(&child, "child-module/modules/net/main.tf", &|t| {
                    t.replacen("from_port  = 8080", "from_port  = 8000", 1)
                }),
            ),
            (
                "the module's outputs.tf left out",
                child
                    .iter()
                    .filter(|(p, _)| !p.ends_with("outputs.tf"))
                    .cloned()
                    .collect(),
            ),
            ("child-module again", child.clone()),
        ];
        let mut session = ImportCache::new();
        let mut shown: Option<Design> = None;
        for (step, files) in &steps {
            let warm = import_files(files, shown.as_ref(), &mut session);
            let cold = import_files(files, shown.as_ref(), &mut ImportCache::new());
            match (warm, cold) {
                (Ok(w), Ok(c)) => {
                    assert_eq!(w.design, c.design, "{step}: design");
                    assert_eq!(w.info, c.info, "{step}: provenance");
                    shown = Some(w.design);
                }
                (Err(w), Err(c)) => assert_eq!(w, c, "{step}: error"),
                (w, c) => panic!("{step}: cached {:?} but cold {:?}", w.is_ok(), c.is_ok()),
            }
        }
    }

    #[test]
    fn a_picked_folder_imports_with_addresses_as_ids_and_is_laid_out() {
        let imported = import_files(&fixture("two-tier"), None, &mut ImportCache::new()).unwrap();
        let d = &imported.design;
        assert!(d.network.instance("aws_instance.bastion").is_some());
        assert!(d.layout.contains_key("aws_instance.bastion"));
        assert!(d.layout.contains_key("aws_subnet.private"));
        let p = imported.info.component("aws_instance.app").unwrap();
        assert_eq!(p.location, "two-tier/main.tf:138");
        assert!(
            p.text.starts_with("resource \"aws_instance\" \"app\" {"),
            "{}",
            p.text
        );
        assert!(p.text.ends_with('}'), "{}", p.text);
        // terraform.tfvars was read: SSH to the bastion is only open to the admins.
        let sg = d
            .network
            .security_group("aws_security_group.bastion")
            .unwrap();
        assert!(format!("{:?}", sg.ingress).contains("203.0.113.0/24"));
    }

    #[test]
    fn the_import_summary_counts_in_each_language() {
        let imported = import_files(&fixture("two-tier"), None, &mut ImportCache::new()).unwrap();
        let info = &imported.info;
        let (n, files) = (info.import.network.component_ids().len(), info.files.len());
        let en = info.summary(Lang::En);
        assert!(
            en.starts_with(&format!("Imported {n} components from {files} files.")),
            "{en}"
        );
        let ko = info.summary(Lang::Ko);
        assert!(
            ko.starts_with(&format!(
                "파일 {files}개에서 구성 요소 {n}개를 가져왔습니다."
            )),
            "{ko}"
        );
        let notes = info.import.warnings.len();
        if notes > 0 {
            assert!(ko.contains(&format!("값 {notes}개")), "{ko}");
        }
    }

    #[test]
    fn a_child_module_is_read_from_its_folder_only_when_a_module_block_names_it() {
        let mut files = fixture("child-module");
        files.push((
            "child-module/unused/extra.tf".into(),
            "this is not HCL {".into(),
        ));
        let imported = import_files(&files, None, &mut ImportCache::new()).unwrap();
        assert!(imported
            .design
            .network
            .instance("module.net.aws_instance.bastion[0]")
            .is_some());
        assert!(!imported
            .info
            .files
            .contains_key("child-module/unused/extra.tf"));
    }

    #[test]
    fn an_error_names_the_file_and_line() {
        let files = vec![(
            "bad/main.tf".to_string(),
            "resource \"aws_subnet\" \"s\" {\n  vpc_id = aws_vpc.primary.id\n}\n".to_string(),
        )];
        let e = import_files(&files, None, &mut ImportCache::new())
            .err()
            .unwrap();
        assert!(e.starts_with("bad/main.tf:2"), "{e}");
    }

    #[test]
    fn state_json_imports_the_same_way() {
        let files = fixture("state");
        let applied: Vec<_> = files
            .into_iter()
            .filter(|(p, _)| p.ends_with("applied.json"))
            .collect();
        let imported = import_files(&applied, None, &mut ImportCache::new()).unwrap();
        assert!(!imported.design.network.instances.is_empty());
        assert!(!imported.design.layout.is_empty());
        let id = &imported.design.network.instances[0].id;
        assert_eq!(imported.info.component(id), None, "JSON has no lines");
    }

    #[test]
    fn reimport_keeps_the_rectangle_of_every_unchanged_address() {
        let files = fixture("two-tier");
        let mut first = import_files(&files, None, &mut ImportCache::new())
            .unwrap()
            .design;
        let moved = sim::network::Rect {
            x: 901.0,
            y: 77.0,
            w: 64.0,
            h: 64.0,
        };
        first.layout.insert("aws_instance.bastion".into(), moved);
        let zone = first
            .layout
            .keys()
            .find(|k| edit::parse_zone_key(k).is_some())
            .unwrap()
            .clone();
        first.layout.get_mut(&zone).unwrap().x += 13.0;
        // The edit: one more instance, and the bastion's SSH opened to everyone.
        let edited: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| {
                let t = if p.ends_with("terraform.tfvars") {
                    t.replace("203.0.113.0/24", "0.0.0.0/0")
                } else if p.ends_with("main.tf") {
                    format!("{t}\nresource \"aws_instance\" \"extra\" {{\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n  subnet_id = aws_subnet.private.id\n}}\n")
                } else {
                    t.clone()
                };
                (p.clone(), t)
            })
            .collect();
        let second = import_files(&edited, Some(&first), &mut ImportCache::new())
            .unwrap()
            .design;
        assert_eq!(second.layout["aws_instance.bastion"], moved);
        assert_eq!(second.layout[&zone], first.layout[&zone]);
        for (id, r) in &first.layout {
            assert_eq!(second.layout.get(id), Some(r), "{id} moved");
        }
        assert!(second.layout.contains_key("aws_instance.extra"));
        // Nothing kept from an unrelated design.
        let fresh = import_files(&edited, None, &mut ImportCache::new())
            .unwrap()
            .design;
        assert_ne!(fresh.layout["aws_instance.bastion"], moved);
    }

    #[test]
    fn reimport_keeps_the_annotations_and_detaches_arrows_from_what_is_gone() {
        use sim::network::annotation::{apply, AnnotationEdit, End};
        let files = fixture("two-tier");
        let mut first = import_files(&files, None, &mut ImportCache::new())
            .unwrap()
            .design;
        apply(&mut first, &AnnotationEdit::AddNote { x: 0.0, y: 0.0 }).unwrap();
        let to = |id: &str| AnnotationEdit::AddArrow {
            from: End::Point { x: 0.0, y: 0.0 },
            to: End::Attached(id.into()),
        };
        apply(&mut first, &to("aws_instance.bastion")).unwrap();
        apply(&mut first, &to("note-1")).unwrap();
        // The bastion is deleted from the files.
        let edited: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| {
                let t = match t.find("resource \"aws_instance\" \"bastion\"") {
                    Some(at) if p.ends_with("main.tf") => {
                        let end = t[at..].find("\n}\n").map_or(t.len(), |e| at + e + 3);
                        format!("{}{}", &t[..at], &t[end..])
                    }
                    _ => t.clone(),
                };
                (p.clone(), t)
            })
            .collect();
        let second = import_files(&edited, Some(&first), &mut ImportCache::new())
            .unwrap()
            .design;
        assert_eq!(
            second.network.instance("aws_instance.bastion"),
            None,
            "the bastion is gone"
        );
        let ids: Vec<&str> = second.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["note-1", "arrow-1", "arrow-2"]);
        let at = first.layout["aws_instance.bastion"];
        assert_eq!(
            second.annotations[1].ends().map(|(_, to)| to.clone()),
            Some(End::Point {
                x: at.x + at.w / 2.0,
                y: at.y + at.h / 2.0
            })
        );
        assert_eq!(
            second.annotations[2].ends().map(|(_, to)| to.clone()),
            Some(End::Attached("note-1".into()))
        );
        assert!(sim::network::annotation::validate(&second).is_ok());
    }

    #[test]
    fn an_unrelated_import_starts_without_annotations() {
        let files = fixture("two-tier");
        let mut first = import_files(&files, None, &mut ImportCache::new())
            .unwrap()
            .design;
        sim::network::annotation::apply(
            &mut first,
            &sim::network::annotation::AnnotationEdit::AddBox { x: 0.0, y: 0.0 },
        )
        .unwrap();
        let edited = files.clone();
        let fresh = import_files(&edited, None, &mut ImportCache::new())
            .unwrap()
            .design;
        assert!(fresh.annotations.is_empty());
    }

    #[test]
    fn only_terraform_files_outside_hidden_folders_are_read() {
        assert!(wanted("two-tier/main.tf") && wanted("terraform.tfvars") && wanted("plan.json"));
        assert!(!wanted(
            "two-tier/.terraform/providers/x/terraform-provider-aws.json"
        ));
        assert!(!wanted("two-tier/README.md") && !wanted("two-tier/terraform.tfstate"));
        let state = std::fs::read_to_string(format!(
            "{}/../tests/fixtures/terraform/state/applied.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert!(looks_like_state(&state));
        assert!(!looks_like_state("{\"version\": 1}"));
    }

    #[test]
    fn a_block_is_read_until_its_braces_close() {
        let text = "a = 1\nresource \"x\" \"y\" {\n  s = \"}\" # }\n  b {\n  }\n}\nnext {}\n";
        assert_eq!(
            block_text(text, 2),
            "resource \"x\" \"y\" {\n  s = \"}\" # }\n  b {\n  }\n}"
        );
        assert_eq!(block_text(text, 1), "a = 1");
        assert_eq!(block_text(text, 0), "");
    }
}
