//! Editing customer-managed prefix lists (docs/SEMANTICS.md#m1, #m4): create one with a name,
//! an address family and a maximum number of entries; rename it or change its maximum; add
//! and remove entries (a CIDR and a description); delete it. Each refuses what AWS refuses,
//! with the field and the value, and changes nothing when it refuses:
//! - the family is `IPv4` or `IPv6` and is fixed once the list exists; every entry is a
//!   valid block of that family, and a CIDR is in a list once;
//! - the maximum is 1–1000 and never below the entries the list holds;
//! - AWS-managed lists (`com.amazonaws.…`, a gateway endpoint's service ranges) are not
//!   edited, and no list is deleted while a security-group rule or route uses it.
//!
//! Values arrive as the text the form holds (`"IPv6"`, `"10"`), parsed here so the app and
//! any other caller accept the same spellings.

use super::cidr::Cidr;
use super::cidr6::{looks_ipv6, Ipv6Cidr};
use super::design::Design;
use super::fix::fresh_id;
use super::lint::invalid_cidr::{cidr6_error, cidr_error};
use super::model::*;
use super::msg::msg;
use super::policy_edit::PolicyError;

/// AWS's ceiling on a customer-managed list's `MaxEntries`.
pub const MAX_ENTRIES_LIMIT: u32 = 1000;
/// The longest name and entry description AWS takes.
const MAX_TEXT: usize = 255;

fn err<T>(text: super::msg::Text) -> Result<T, PolicyError> {
    Err(PolicyError(text))
}

fn no_prefix_list(id: &str) -> PolicyError {
    PolicyError(msg!(
        "policy-no-prefix-list",
        "there is no prefix list `{destination}`",
        destination = id
    ))
}

/// `IPv4` / `IPv6` (any case) as the form and the AWS CLI write them.
pub fn parse_family(text: &str) -> Result<AddressFamily, PolicyError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "ipv4" => Ok(AddressFamily::Ipv4),
        "ipv6" => Ok(AddressFamily::Ipv6),
        _ => err(msg!(
            "pl-bad-family",
            "`{input}` is not an address family: a prefix list is IPv4 or IPv6",
            input = text.trim()
        )),
    }
}

fn parse_max(text: &str) -> Result<u32, PolicyError> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_ENTRIES_LIMIT).contains(&n) => Ok(n),
        _ => err(msg!(
            "pl-bad-max-entries",
            "`{input}` is not a maximum number of entries: use a whole number from 1 to {limit}",
            input = text.trim(),
            limit = MAX_ENTRIES_LIMIT
        )),
    }
}

fn check_name(name: &str) -> Result<String, PolicyError> {
    let name = name.trim();
    if name.is_empty() {
        return err(msg!("pl-name-empty", "a prefix list needs a name"));
    }
    if name.len() > MAX_TEXT || name.to_ascii_lowercase().starts_with("com.amazonaws") {
        return err(msg!(
            "pl-bad-name",
            "`{name}` cannot name a prefix list: names are up to 255 characters and may not start with com.amazonaws",
            name
        ));
    }
    Ok(name.to_string())
}

/// Is this list one AWS manages (a service's ranges), which nobody edits (M1)?
pub fn is_aws_managed(list: &PrefixList) -> bool {
    list.name.starts_with("com.amazonaws.")
}

fn editable<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut PrefixList, PolicyError> {
    let list = net
        .prefix_lists
        .iter_mut()
        .find(|l| l.id == id)
        .ok_or_else(|| no_prefix_list(id))?;
    if is_aws_managed(list) {
        return err(msg!(
            "pl-aws-managed",
            "prefix list {id} ({name}) is managed by AWS: it cannot be edited",
            id,
            name = list.name.clone()
        ));
    }
    Ok(list)
}

/// A new empty customer-managed list; returns its id.
pub fn create_prefix_list(
    design: &mut Design,
    name: &str,
    family: &str,
    max_entries: &str,
) -> Result<String, PolicyError> {
    let name = check_name(name)?;
    let family = parse_family(family)?;
    let max = parse_max(max_entries)?;
    let net = &mut design.network;
    let id = fresh_id(net, "pl");
    net.prefix_lists.push(PrefixList {
        id: id.clone(),
        name,
        cidrs: Vec::new(),
        address_family: Some(family),
        max_entries: Some(max),
        descriptions: Default::default(),
    });
    Ok(id)
}

/// Renames a list and sets its maximum number of entries (the family stays, as in AWS).
pub fn set_prefix_list(
    design: &mut Design,
    id: &str,
    name: &str,
    max_entries: &str,
) -> Result<(), PolicyError> {
    let name = check_name(name)?;
    let max = parse_max(max_entries)?;
    let list = editable(&mut design.network, id)?;
    if (list.cidrs.len() as u64) > u64::from(max) {
        return err(msg!(
            "pl-max-below-entries",
            "prefix list {id} holds {count} entries: its maximum cannot be {max}",
            id,
            count = list.cidrs.len(),
            max
        ));
    }
    list.name = name;
    list.max_entries = Some(max);
    Ok(())
}

/// The block `text` in the list's family, written canonically, or why not.
fn entry_cidr(list: &PrefixList, text: &str) -> Result<String, PolicyError> {
    let text = text.trim();
    let family = list.family();
    let (parsed, is_v6) = if looks_ipv6(text) {
        (
            Ipv6Cidr::parse(text)
                .map(|c| c.to_string())
                .map_err(|e| cidr6_error(&e)),
            true,
        )
    } else {
        (
            Cidr::parse(text)
                .map(|c| c.to_string())
                .map_err(|e| cidr_error(&e)),
            false,
        )
    };
    let c = parsed.map_err(|e| {
        PolicyError(msg!(
            "policy-bad-cidr",
            "`{input}` is not a valid CIDR block: {e}",
            input = text,
            e
        ))
    })?;
    if is_v6 != (family == AddressFamily::Ipv6) {
        let family = match family {
            AddressFamily::Ipv4 => "IPv4",
            AddressFamily::Ipv6 => "IPv6",
        };
        return err(msg!(
            "pl-entry-wrong-family",
            "{cidr} is not an {family} block, and prefix list {id} holds {family} entries only",
            cidr = c,
            family,
            id = list.id.clone()
        ));
    }
    Ok(c)
}

/// Adds an entry: a block of the list's family, not already in it, within its maximum.
pub fn add_prefix_list_entry(
    design: &mut Design,
    id: &str,
    cidr: &str,
    description: &str,
) -> Result<(), PolicyError> {
    let list = editable(&mut design.network, id)?;
    let c = entry_cidr(list, cidr)?;
    if list.cidrs.contains(&c) {
        return err(msg!(
            "pl-entry-exists",
            "prefix list {id} already has the entry {cidr}",
            id,
            cidr = c
        ));
    }
    if let Some(max) = list.max_entries {
        if list.cidrs.len() as u64 >= u64::from(max) {
            return err(msg!(
                "pl-full",
                "prefix list {id} is full (max entries: {max}): raise the maximum first",
                id,
                max
            ));
        }
    }
    let description = description.trim();
    if description.len() > MAX_TEXT {
        return err(msg!(
            "pl-description-too-long",
            "the description of {cidr} is {chars} characters long; AWS takes up to 255",
            cidr = c,
            chars = description.len()
        ));
    }
    if !description.is_empty() {
        list.descriptions.insert(c.clone(), description.to_string());
    }
    list.cidrs.push(c);
    Ok(())
}

/// Removes the entry `cidr` (as the list writes it).
pub fn remove_prefix_list_entry(
    design: &mut Design,
    id: &str,
    cidr: &str,
) -> Result<(), PolicyError> {
    let list = editable(&mut design.network, id)?;
    let cidr = cidr.trim();
    let Some(at) = list.cidrs.iter().position(|c| c == cidr) else {
        return err(msg!(
            "pl-no-entry",
            "prefix list {id} has no entry {cidr}",
            id,
            cidr
        ));
    };
    list.cidrs.remove(at);
    list.descriptions.remove(cidr);
    Ok(())
}

/// What uses a list: the first security group or route table naming it.
fn used_by(net: &Network, id: &str) -> Option<String> {
    let peer = RulePeer::PrefixList(id.to_string());
    let group = net
        .security_groups
        .iter()
        .find(|g| g.ingress.iter().chain(&g.egress).any(|r| r.peer == peer));
    if let Some(g) = group {
        return Some(g.id.clone());
    }
    let dest = RouteDestination::PrefixList(id.to_string());
    net.route_tables
        .iter()
        .find(|t| t.routes.iter().any(|r| r.destination == dest))
        .map(|t| t.id.clone())
}

/// Deletes a list no rule or route uses (AWS refuses to delete one in use).
pub fn delete_prefix_list(design: &mut Design, id: &str) -> Result<(), PolicyError> {
    editable(&mut design.network, id)?;
    if let Some(user) = used_by(&design.network, id) {
        return err(msg!(
            "pl-in-use",
            "prefix list {id} is used by {user}: remove its rules or routes first",
            id,
            user
        ));
    }
    design.network.prefix_lists.retain(|l| l.id != id);
    Ok(())
}

#[cfg(test)]
mod tests;
