//! What one import keeps for the next import of the same configuration.
//!
//! **Why**: re-importing after a one-line change is the app's edit loop (change a file, pick
//! the folder again). Parsing is most of an import and a configuration's files rarely all
//! change at once, so a file whose text is unchanged is not parsed again; when no input
//! changed at all, the previous result is returned without evaluating anything.
//!
//! **Guarantees**: an import through a cache equals, field for field, the import of the same
//! source without one ([`super::import_terraform`]), whatever was imported through it before.
//! A parsed file is reused only for the same path and byte-identical text (the whole text is
//! compared, no hash stands in for it); the previous result only when every input (files,
//! root, single file, command-line variables) is equal. Files that fail to parse are never
//! kept. After an import the cache holds only the files of that source, so a file deleted
//! from the configuration is forgotten.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::syntax::{self, File};
use super::{CliVariable, TerraformError, TerraformImport, TerraformSource};

/// Parsed files by path, and the last import with its inputs. Pass the same cache to
/// [`super::import_terraform_cached`] for every import of one configuration.
#[derive(Debug, Default)]
pub struct ImportCache {
    parsed: BTreeMap<String, Parsed>,
    last: Option<(Inputs, TerraformImport)>,
    /// How many times a text was actually parsed (not found in `parsed`).
    parses: usize,
}

#[derive(Debug)]
struct Parsed {
    text: String,
    file: Arc<File>,
}

/// Everything an import's result depends on.
#[derive(Debug, PartialEq)]
struct Inputs {
    files: BTreeMap<String, String>,
    root: String,
    single_file: Option<String>,
    cli_variables: Vec<CliVariable>,
}

impl Inputs {
    fn of(source: &TerraformSource) -> Inputs {
        Inputs {
            files: source.files.clone(),
            root: source.root.clone(),
            single_file: source.single_file.clone(),
            cli_variables: source.cli_variables.clone(),
        }
    }

    fn matches(&self, source: &TerraformSource) -> bool {
        self.files == source.files
            && self.root == source.root
            && self.single_file == source.single_file
            && self.cli_variables == source.cli_variables
    }
}

impl ImportCache {
    pub fn new() -> ImportCache {
        ImportCache::default()
    }

    /// `path` parsed: the kept tree when its text is unchanged, else a fresh parse (kept
    /// when it succeeds).
    pub(super) fn parse(&mut self, path: &str, text: &str) -> Result<Arc<File>, TerraformError> {
        if let Some(p) = self.parsed.get(path) {
            if p.text == text {
                return Ok(p.file.clone());
            }
        }
        self.parses += 1;
        let file = Arc::new(syntax::parse_file(path, text)?);
        self.parsed.insert(
            path.to_string(),
            Parsed {
                text: text.to_string(),
                file: file.clone(),
            },
        );
        Ok(file)
    }

    /// The local module directories the `module` blocks of the file at `path` name, like
    /// [`super::local_module_dirs`], parsing through the cache (the import that follows
    /// then reuses the tree).
    pub fn local_module_dirs(&mut self, path: &str, text: &str) -> Vec<String> {
        match self.parse(path, text) {
            Ok(f) => syntax::module_sources(&f)
                .into_iter()
                .map(|s| super::normalize_path(&super::join_path(&super::parent_dir(path), &s)))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// How many parsed files are kept (for tests of what is forgotten).
    pub fn parsed_files(&self) -> usize {
        self.parsed.len()
    }

    /// How many texts were parsed through this cache so far, i.e. not reused (for tests that
    /// an unchanged file is not parsed again).
    pub fn parses(&self) -> usize {
        self.parses
    }

    pub(super) fn previous(&self, source: &TerraformSource) -> Option<&TerraformImport> {
        self.last
            .as_ref()
            .filter(|(inputs, _)| inputs.matches(source))
            .map(|(_, import)| import)
    }

    /// Keeps `import` as the result for `source` and forgets every parsed file `source`
    /// does not hold.
    pub(super) fn keep(&mut self, source: &TerraformSource, import: &TerraformImport) {
        let cli_files: Vec<&str> = source
            .cli_variables
            .iter()
            .filter_map(|c| match c {
                CliVariable::File { path, .. } => Some(path.as_str()),
                CliVariable::Var { .. } => None,
            })
            .collect();
        self.parsed.retain(|path, p| {
            source.files.get(path).is_some_and(|t| *t == p.text) || cli_files.contains(&&**path)
        });
        self.last = Some((Inputs::of(source), import.clone()));
    }

    /// Forgets the last result (parsed files stay): after a failed import.
    pub(super) fn forget_result(&mut self) {
        self.last = None;
    }
}
