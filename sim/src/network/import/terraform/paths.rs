//! Lexical `/`-separated paths for the file map the CLI hands over.
//!
//! **Guarantees**: pure string functions (no filesystem); the CLI and the importer call the
//! same ones, so a module directory the CLI read is found under the same key.

/// Removes `.` and empty parts and folds `dir/..`; keeps a leading `/` and leading `..`s.
pub fn normalize_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `dir` joined with `name` (`""` is the current directory), normalized.
pub fn join_path(dir: &str, name: &str) -> String {
    if name.starts_with('/') || dir.is_empty() {
        normalize_path(name)
    } else {
        normalize_path(&format!("{dir}/{name}"))
    }
}

/// The directory part of a path (`""` for a bare file name).
pub fn parent_dir(path: &str) -> String {
    let p = normalize_path(path);
    match p.rfind('/') {
        Some(0) => "/".into(),
        Some(k) => p[..k].to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fold_dots_and_parents() {
        assert_eq!(normalize_path("./a/b/../c/"), "a/c");
        assert_eq!(normalize_path("../x/./y"), "../x/y");
        assert_eq!(normalize_path("/r/../s"), "/s");
        assert_eq!(join_path("root", "./modules/net"), "root/modules/net");
        assert_eq!(join_path("root/env", "../modules/net"), "root/modules/net");
        assert_eq!(join_path("", "main.tf"), "main.tf");
        assert_eq!(parent_dir("root/main.tf"), "root");
        assert_eq!(parent_dir("main.tf"), "");
    }
}
