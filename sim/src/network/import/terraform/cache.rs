//! What one import keeps for the next import of the same configuration.
//!
//! **Why**: re-importing after a one-line change is the app's edit loop (change a file, pick
//! the folder again). Parsing is most of an import and a configuration's files rarely all
//! change at once, so a file whose text is unchanged is not parsed again; when no input
//! changed at all, or the only changes are ones the import never reads (a variable's
//! `description`, comments, spacing within a line: [`syntax::same_meaning`] of the parsed
//! trees), the previous result is returned without evaluating anything.
//!
//! **Guarantees**: an import through a cache equals, field for field, the import of the same
//! source without one ([`super::import_terraform`]), whatever was imported through it before.
//! A parsed file is reused only for the same path and byte-identical text (the whole text is
//! compared, no hash stands in for it); the previous result only when root, single file and
//! command-line variables are equal, the same paths are read, and every file's text is equal
//! or its new tree means the same as the tree the previous result was evaluated from. Files that fail to parse are never
//! kept. After an import the cache holds only the files of that source, so a file deleted
//! from the configuration is forgotten.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::eval::{Evaluated, RootMemo};
use super::syntax::{self, File};
use super::{CliVariable, TerraformError, TerraformImport, TerraformSource};

/// Parsed files by path, and the last import with its inputs. Pass the same cache to
/// [`super::import_terraform_cached`] for every import of one configuration.
#[derive(Debug, Default)]
pub struct ImportCache {
    parsed: BTreeMap<String, Parsed>,
    last: Option<(Inputs, TerraformImport)>,
    /// The last full evaluation (possibly patched since) and the root module's state, for
    /// [`super::patch`]: always the evaluation of `last`'s inputs when both are set.
    memo: Option<(RootMemo, Evaluated)>,
    /// How many times a text was actually parsed (not found in `parsed`).
    parses: usize,
    /// How many imports were answered with the previous result (nothing evaluated).
    reused: usize,
    /// How many imports re-evaluated only the edited blocks.
    patched: usize,
}

#[derive(Debug)]
struct Parsed {
    text: String,
    file: Arc<File>,
}

/// Everything an import's result depends on.
#[derive(Debug)]
struct Inputs {
    files: BTreeMap<String, String>,
    /// The parsed tree of each file the result was evaluated from, by path.
    trees: BTreeMap<String, Arc<File>>,
    root: String,
    single_file: Option<String>,
    cli_variables: Vec<CliVariable>,
}

impl Inputs {
    fn same_settings(&self, source: &TerraformSource) -> bool {
        self.root == source.root
            && self.single_file == source.single_file
            && self.cli_variables == source.cli_variables
            && self.files.keys().eq(source.files.keys())
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

    /// How many imports through this cache were answered with the previous result, nothing
    /// evaluated (for tests that an edit the import never reads is not evaluated again).
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// The previous result, when `source` gives the same import: every input equal, or the
    /// only changed files mean the same as before ([`syntax::same_meaning`]; each changed
    /// file is parsed through the cache, so the evaluation that follows a miss reuses it).
    pub(super) fn previous(&mut self, source: &TerraformSource) -> Option<TerraformImport> {
        let found = self.previous_result(source);
        self.reused += usize::from(found.is_some());
        found
    }

    fn previous_result(&mut self, source: &TerraformSource) -> Option<TerraformImport> {
        let (inputs, _) = self.last.as_ref()?;
        if inputs.matches(source) {
            return self.last.as_ref().map(|(_, import)| import.clone());
        }
        if !inputs.same_settings(source) {
            return None;
        }
        let changed: Vec<(String, String, Arc<File>)> = source
            .files
            .iter()
            .filter(|(path, text)| inputs.files.get(*path) != Some(*text))
            .map(|(path, text)| Some((path.clone(), text.clone(), inputs.trees.get(path)?.clone())))
            .collect::<Option<_>>()?;
        let mut trees = Vec::new();
        for (path, text, old) in changed {
            let new = self.parse(&path, &text).ok()?;
            if !syntax::same_meaning(&old, &new) {
                return None;
            }
            trees.push((path, text, new));
        }
        let (inputs, import) = self.last.as_mut()?;
        for (path, text, new) in trees {
            inputs.files.insert(path.clone(), text);
            inputs.trees.insert(path, new);
        }
        Some(import.clone())
    }

    /// How many imports through this cache re-evaluated only the blocks an edit changed (for
    /// tests that the patch path is the one taken).
    pub fn patched_imports(&self) -> usize {
        self.patched
    }

    /// The import of `source` from the last evaluation with only the edited blocks
    /// re-evaluated, when [`super::patch::patch`] applies: the settings and the set of files
    /// are unchanged and only root-module `.tf` files differ.
    pub(super) fn patched(&mut self, source: &TerraformSource) -> Option<TerraformImport> {
        let (mut memo, mut ev) = self.memo.take()?;
        let (inputs, _) = self.last.as_ref()?;
        if !inputs.same_settings(source) {
            return None;
        }
        let roots: Vec<&str> = memo.files.iter().map(|f| f.path.as_str()).collect();
        if source.files.iter().any(|(path, text)| {
            inputs.files.get(path) != Some(text) && !roots.contains(&path.as_str())
        }) {
            return None;
        }
        let mut files = Vec::with_capacity(memo.files.len());
        for f in &memo.files {
            let text = source.files.get(&f.path)?;
            files.push(self.parse(&f.path, text).ok()?);
        }
        super::patch::patch(&mut memo, &mut ev, files)?;
        let import = super::build::build(&ev);
        self.keep(source, &import);
        self.memo = Some((memo, ev));
        self.patched += 1;
        Some(import)
    }

    /// Keeps a full evaluation of the inputs just kept, for the next import to patch.
    pub(super) fn keep_memo(&mut self, memo: RootMemo, evaluated: Evaluated) {
        self.memo = Some((memo, evaluated));
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
        let trees = self
            .parsed
            .iter()
            .filter(|(path, _)| source.files.contains_key(*path))
            .map(|(path, p)| (path.clone(), p.file.clone()))
            .collect();
        let inputs = Inputs {
            files: source.files.clone(),
            trees,
            root: source.root.clone(),
            single_file: source.single_file.clone(),
            cli_variables: source.cli_variables.clone(),
        };
        self.last = Some((inputs, import.clone()));
    }

    /// Forgets the last result (parsed files stay): after a failed import.
    pub(super) fn forget_result(&mut self) {
        self.last = None;
        self.memo = None;
    }
}
