//! Re-evaluates only what an edit changed, when that is provably all that changes.
//!
//! **Why**: the app's edit loop is "change one rule in security.tf, pick the folder again".
//! A full evaluation of a 500-resource configuration repeats hundreds of blocks whose inputs
//! did not change; re-evaluating just the edited block takes a fraction of that.
//!
//! **Guarantees**: [`patch`] either returns `Some` with an [`Evaluated`] equal, field for
//! field, to a full evaluation of the new files, or `None` (the caller then evaluates in
//! full, which also gives any error its authoritative wording). It applies only when every
//! block that differs is a root-module `resource` block that
//! - refers to no other edited block, and is referred to by none;
//! - is of a kind whose computed attributes read nothing from other resources or from the
//!   evaluation's running state (private and public addresses handed out in order, the
//!   IPv6 pool, Elastic IPs), and whose old and new values hold no `ipv6_cidr_block` (a
//!   later VPC counts those when it assumes its /56) and agree on the attributes other
//!   blocks' computed values read by address (`cidr_block`, `map_public_ip_on_launch`,
//!   `public_ip`);
//! - emits no warning (so the warnings list and the `assumed` indexes stay as they were);
//! - when other blocks refer to it: names the same blocks as before (so the evaluation
//!   order, and with it every address handed out in order, is unchanged), has the same
//!   instances, and every attribute those blocks read of it (`aws_x.y.id`,
//!   `aws_x.y[0].id`, `aws_x.y[*].id`) has its old value; a block that uses its whole
//!   value (`length(aws_x.y)`, `for s in aws_x.y`) must see an equal value. Then no other
//!   block's inputs changed, so its old result stands.
//!
//! Everything else (a variable, local, output, data source, module call, provider, an
//! instance, a block added, removed or renamed, tfvars) takes the full path. An edited
//! block's value depends only on the values of the blocks it names, which are unchanged and
//! are in the kept root scope, so evaluating it there gives what a full evaluation would.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::cache::ImportCache;
use super::eval::{self, Decl, Env, Evaluated, Node, NodeKind, RootMemo};
use super::syntax::File;
use super::{TerraformSource, MAX_RESOURCES};

/// Resource kinds whose computed attributes read other resources' values or the
/// evaluation's running counters (see `eval::computed`).
const STATEFUL_KINDS: &[&str] = &["aws_vpc", "aws_eip", "aws_nat_gateway", "aws_instance"];

/// Whether `address` is an instance of the root block `base` (`aws_x.y`, `aws_x.y[0]`,
/// `aws_x.y["a"]`).
fn instance_of(address: &str, base: &str) -> bool {
    address
        .strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
}

/// Patches `ev` (the evaluation `memo` was kept with) for the root module's new files
/// `files` (same paths, same order). On `None`, `memo` and `ev` may be partly updated and
/// must be dropped.
pub(super) fn patch(memo: &mut RootMemo, ev: &mut Evaluated, files: Vec<Arc<File>>) -> Option<()> {
    if files.len() != memo.files.len() {
        return None;
    }
    // The edited blocks, by node; every other block must be identical.
    let mut changed: BTreeMap<Node, (usize, usize)> = BTreeMap::new();
    for (k, (old, new)) in memo.files.iter().zip(&files).enumerate() {
        if old.path != new.path || memo.child_files.contains(&new.path) {
            return None;
        }
        if Arc::ptr_eq(old, new) {
            continue;
        }
        if old.attrs != new.attrs || old.blocks.len() != new.blocks.len() {
            return None;
        }
        for (j, (x, y)) in old.blocks.iter().zip(&new.blocks).enumerate() {
            if x == y {
                continue;
            }
            if x.ident != "resource" || y.ident != "resource" || x.labels != y.labels {
                return None;
            }
            let [kind, name] = y.labels.as_slice() else {
                return None;
            };
            if STATEFUL_KINDS.contains(&kind.as_str()) {
                return None;
            }
            let node = Node {
                kind: NodeKind::Resource,
                name: format!("{kind}.{name}"),
            };
            changed.insert(node, (k, j));
        }
    }
    if changed.is_empty() {
        memo.files = files;
        return Some(());
    }
    // The blocks that refer to each edited one.
    let mut users: BTreeMap<&Node, Vec<&Node>> = BTreeMap::new();
    for (user, ds) in &memo.deps {
        for d in ds.iter().filter(|d| changed.contains_key(*d)) {
            if changed.contains_key(user) {
                return None;
            }
            users.entry(d).or_default().push(user);
        }
    }
    let decls = eval::declarations(&files).ok()?;
    if !decls.nodes.keys().eq(memo.deps.keys()) {
        return None;
    }
    let mut new_deps = Vec::new();
    // What the users of each edited block read of it: `None` for its whole value.
    let mut reads: BTreeMap<&Node, Option<BTreeSet<String>>> = BTreeMap::new();
    for node in changed.keys() {
        let d = decls.nodes.get(node)?;
        let deps = eval::dependencies(node, d, &decls, &memo.registry).ok()?;
        if deps.iter().any(|x| changed.contains_key(x)) {
            return None;
        }
        if let Some(us) = users.get(node) {
            if memo.deps.get(node) != Some(&deps) {
                return None;
            }
            let mut read = Some(BTreeSet::new());
            for u in us {
                match (
                    eval::resource_reads(decls.nodes.get(*u)?, &node.name),
                    &mut read,
                ) {
                    (Some(attrs), Some(all)) => all.extend(attrs),
                    _ => read = None,
                }
            }
            reads.insert(node, read);
        }
        new_deps.push((node.clone(), deps));
    }
    let ipv6 = |values: &hcl::Map<String, hcl::Value>| values.contains_key("ipv6_cidr_block");
    let old: BTreeMap<&Node, Vec<&eval::Resource>> = changed
        .keys()
        .map(|n| {
            let rs = ev
                .resources
                .iter()
                .filter(|r| instance_of(&r.address, &n.name))
                .collect();
            (n, rs)
        })
        .collect();
    if old.values().flatten().any(|r| ipv6(&r.values)) {
        return None;
    }
    // Evaluate each edited block in the kept scope, collecting its instances apart.
    let source = TerraformSource::default();
    let mut cache = ImportCache::new();
    let mut env = Env {
        source: &source,
        cache: &mut cache,
        out: Evaluated::default(),
        values_by_address: BTreeMap::new(),
        used_ips: BTreeMap::new(),
        public_ips: 0,
        region: Some(ev.region.clone()),
        child_files: BTreeSet::new(),
    };
    for (node, deps) in &new_deps {
        let Decl::Block(b) = decls.nodes.get(node)?.decl else {
            return None;
        };
        let (k, _) = changed[node];
        memo.scope.focus(deps);
        eval::eval_resource(&mut env, &mut memo.scope, b, &files[k].path, "").ok()?;
    }
    if !env.out.warnings.is_empty() || env.out.resources.iter().any(|r| ipv6(&r.values)) {
        return None;
    }
    for (node, before) in &old {
        let after: Vec<&eval::Resource> = env
            .out
            .resources
            .iter()
            .filter(|r| instance_of(&r.address, &node.name))
            .collect();
        if !unchanged_for_others(before, &after, reads.get(node)) {
            return None;
        }
    }
    if env.out.resources.iter().any(|n| {
        ev.resources.iter().any(|r| {
            eval::same_line(r, n) && !changed.keys().any(|c| instance_of(&r.address, &c.name))
        })
    }) {
        return None;
    }
    ev.resources
        .retain(|r| !changed.keys().any(|n| instance_of(&r.address, &n.name)));
    if ev.resources.len() + env.out.resources.len() > MAX_RESOURCES {
        return None;
    }
    ev.resources.append(&mut env.out.resources);
    eval::sort_resources(&mut ev.resources);
    for (node, deps) in new_deps {
        memo.deps.insert(node, deps);
    }
    memo.files = files;
    Some(())
}

/// Attributes other blocks' computed values look up by address (`eval::computed`: an
/// instance reads its subnet's, a NAT gateway its Elastic IP's).
const READ_BY_ADDRESS: &[&str] = &["cidr_block", "map_public_ip_on_launch", "public_ip"];

/// Whether the new instances of an edited block look the same to every other block as the
/// old ones: what is read by address, and, when blocks refer to it (`reads` is `Some`),
/// the same instances with the same value of each attribute they read (`Some(None)`: they
/// read the whole value).
fn unchanged_for_others(
    before: &[&eval::Resource],
    after: &[&eval::Resource],
    reads: Option<&Option<BTreeSet<String>>>,
) -> bool {
    let same_keys = |attrs: &mut dyn Iterator<Item = &str>| {
        let attrs: Vec<&str> = attrs.collect();
        before.len() == after.len()
            && before.iter().zip(after).all(|(b, a)| {
                b.address == a.address && attrs.iter().all(|k| b.values.get(*k) == a.values.get(*k))
            })
    };
    let by_address = || -> bool {
        // Only the addresses the block still has can be looked up the same way: an instance
        // that went away or appeared changes a lookup, so both lists must match.
        same_keys(&mut READ_BY_ADDRESS.iter().copied())
    };
    match reads {
        None => by_address(),
        Some(Some(attrs)) => by_address() && same_keys(&mut attrs.iter().map(String::as_str)),
        Some(None) => {
            before.len() == after.len()
                && before
                    .iter()
                    .zip(after)
                    .all(|(b, a)| b.address == a.address && b.values == a.values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::instance_of;

    #[test]
    fn an_instance_address_belongs_to_its_block_only() {
        for (address, base, want) in [
            ("aws_security_group.web", "aws_security_group.web", true),
            ("aws_security_group.web[0]", "aws_security_group.web", true),
            (
                "aws_security_group.web[\"a\"]",
                "aws_security_group.web",
                true,
            ),
            ("aws_security_group.web2", "aws_security_group.web", false),
            (
                "aws_security_group.web_b[0]",
                "aws_security_group.web",
                false,
            ),
            (
                "module.m.aws_security_group.web",
                "aws_security_group.web",
                false,
            ),
        ] {
            assert_eq!(instance_of(address, base), want, "{address} vs {base}");
        }
    }
}
