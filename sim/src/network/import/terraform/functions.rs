//! The Terraform functions real AWS configurations call, registered on an `hcl-rs`
//! evaluation context. `try` and `can` are not here: they need the unevaluated arguments
//! and are handled by the evaluator.
//!
//! **Guarantees**: each function is pure and total: bad arguments are an `Err` message
//! (which the evaluator wraps with file and line), never a panic; arithmetic on CIDRs uses
//! checked integer operations.

use std::net::Ipv4Addr;

use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

use super::types::{convert, parse_number, set_of, Type};
use crate::network::cidr::Cidr;

fn any_variadic(f: hcl::eval::Func) -> FuncDef {
    FuncDef::builder().variadic_param(ParamType::Any).build(f)
}

/// Declares every function on `ctx`.
pub(super) fn register(ctx: &mut Context) {
    let table: &[(&str, hcl::eval::Func)] = &[
        ("abs", abs),
        ("ceil", ceil),
        ("cidrhost", cidrhost),
        ("cidrnetmask", cidrnetmask),
        ("cidrsubnet", cidrsubnet),
        ("cidrsubnets", cidrsubnets),
        ("coalesce", coalesce),
        ("coalescelist", coalescelist),
        ("compact", compact),
        ("concat", concat),
        ("contains", contains),
        ("distinct", distinct),
        ("element", element),
        ("endswith", endswith),
        ("flatten", flatten),
        ("floor", floor),
        ("format", format),
        ("formatlist", formatlist),
        ("index", index),
        ("join", join),
        ("jsonencode", jsonencode),
        ("keys", keys),
        ("length", length),
        ("lookup", lookup),
        ("lower", lower),
        ("max", max),
        ("merge", merge),
        ("min", min),
        ("one", one),
        ("range", range),
        ("replace", replace),
        ("reverse", reverse),
        ("setintersection", setintersection),
        ("setunion", setunion),
        ("slice", slice),
        ("sort", sort),
        ("split", split),
        ("startswith", startswith),
        ("strcontains", strcontains),
        ("substr", substr),
        ("sum", sum),
        ("title", title),
        ("tobool", tobool),
        ("tolist", tolist),
        ("tomap", tomap),
        ("tonumber", tonumber),
        ("toset", toset),
        ("tostring", tostring),
        ("trimprefix", trimprefix),
        ("trimspace", trimspace),
        ("trimsuffix", trimsuffix),
        ("upper", upper),
        ("values", values),
        ("zipmap", zipmap),
    ];
    for (name, f) in table {
        ctx.declare_func(*name, any_variadic(*f));
    }
}

// ---- argument helpers -------------------------------------------------------------------

fn arity(args: &FuncArgs, n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!("expected {n} argument(s), got {}", args.len()))
    }
}

fn arity_range(args: &FuncArgs, lo: usize, hi: usize) -> Result<(), String> {
    if (lo..=hi).contains(&args.len()) {
        Ok(())
    } else {
        Err(format!(
            "expected {lo} to {hi} arguments, got {}",
            args.len()
        ))
    }
}

fn string(v: &Value, what: &str) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "{what} must be a string, got {}",
            super::types::describe(other)
        )),
    }
}

fn number(v: &Value, what: &str) -> Result<f64, String> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("{what} is not a finite number")),
        Value::String(s) => parse_number(s)
            .and_then(|n| n.as_f64())
            .ok_or_else(|| format!("{what} must be a number, got \"{s}\"")),
        other => Err(format!(
            "{what} must be a number, got {}",
            super::types::describe(other)
        )),
    }
}

fn integer(v: &Value, what: &str) -> Result<i64, String> {
    let f = number(v, what)?;
    if f.fract() != 0.0 || !f.is_finite() || f.abs() > 9.0e15 {
        return Err(format!("{what} must be a whole number, got {f}"));
    }
    Ok(f as i64)
}

fn list<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    match v {
        Value::Array(a) => Ok(a),
        other => Err(format!(
            "{what} must be a list, got {}",
            super::types::describe(other)
        )),
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    match v {
        Value::Object(o) => Ok(o),
        other => Err(format!(
            "{what} must be a map or object, got {}",
            super::types::describe(other)
        )),
    }
}

fn num(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Number(Number::from(f as i64))
    } else {
        Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

fn cidr(v: &Value) -> Result<Cidr, String> {
    let s = string(v, "the prefix")?;
    Cidr::parse_lenient(&s).map_err(|e| format!("invalid CIDR \"{s}\": {e}"))
}

// ---- network ----------------------------------------------------------------------------

fn subnet_of(base: &Cidr, newbits: i64, netnum: i64) -> Result<Cidr, String> {
    let prefix = i64::from(base.prefix()) + newbits;
    if !(0..=32).contains(&prefix) || newbits < 0 {
        return Err(format!(
            "cannot extend prefix /{} by {newbits} bits (an IPv4 prefix is at most /32)",
            base.prefix()
        ));
    }
    let max = 1i64 << newbits;
    if netnum < 0 || netnum >= max {
        return Err(format!(
            "network number {netnum} does not fit in {newbits} new bits (0..{})",
            max - 1
        ));
    }
    let size = 1u64 << (32 - prefix);
    let addr = u64::from(base.network_u32()) + (netnum as u64) * size;
    let addr = u32::try_from(addr).map_err(|_| "address overflows IPv4".to_string())?;
    Ok(Cidr::new(Ipv4Addr::from(addr), prefix as u8))
}

fn cidrsubnet(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 3)?;
    // An IPv6 prefix (`aws_vpc.x.ipv6_cidr_block`, X1).
    if let Some(text) = args[0]
        .as_str()
        .filter(|t| crate::network::cidr6::looks_ipv6(t))
    {
        let base = crate::network::cidr6::Ipv6Cidr::parse_lenient(text)
            .map_err(|e| format!("invalid CIDR \"{text}\": {e}"))?;
        let c = base.subnet(integer(&args[1], "newbits")?, integer(&args[2], "netnum")?)?;
        return Ok(Value::String(c.to_string()));
    }
    let base = cidr(&args[0])?;
    let c = subnet_of(
        &base,
        integer(&args[1], "newbits")?,
        integer(&args[2], "netnum")?,
    )?;
    Ok(Value::String(c.to_string()))
}

fn cidrsubnets(args: FuncArgs) -> Result<Value, String> {
    if args.is_empty() {
        return Err("expected a prefix and new-bit counts".into());
    }
    let base = cidr(&args[0])?;
    let mut next = u64::from(base.network_u32());
    let end = u64::from(base.broadcast_u32()) + 1;
    let mut out = Vec::new();
    for v in args.iter().skip(1) {
        let bits = integer(v, "newbits")?;
        let prefix = i64::from(base.prefix()) + bits;
        if !(0..=32).contains(&prefix) || bits < 1 {
            return Err(format!("cannot extend /{} by {bits} bits", base.prefix()));
        }
        let size = 1u64 << (32 - prefix);
        next = next.div_ceil(size) * size;
        if next + size > end {
            return Err(format!("not enough space in {base} for another /{prefix}"));
        }
        out.push(Value::String(
            Cidr::new(Ipv4Addr::from(next as u32), prefix as u8).to_string(),
        ));
        next += size;
    }
    Ok(Value::Array(out))
}

fn cidrhost(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    let base = cidr(&args[0])?;
    let n = integer(&args[1], "hostnum")?;
    let size = base.size() as i64;
    let k = if n < 0 { size + n } else { n };
    if k < 0 || k >= size {
        return Err(format!(
            "host number {n} is outside {base} ({size} addresses)"
        ));
    }
    let addr = u64::from(base.network_u32()) + k as u64;
    Ok(Value::String(Ipv4Addr::from(addr as u32).to_string()))
}

fn cidrnetmask(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let base = cidr(&args[0])?;
    let mask = if base.prefix() == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(base.prefix()))
    };
    Ok(Value::String(Ipv4Addr::from(mask).to_string()))
}

// ---- collections ------------------------------------------------------------------------

fn length(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let n = match &args[0] {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        Value::String(s) => s.chars().count(),
        other => {
            return Err(format!(
                "cannot take the length of {}",
                super::types::describe(other)
            ))
        }
    };
    Ok(num(n as f64))
}

fn element(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    let items = list(&args[0], "the first argument")?;
    if items.is_empty() {
        return Err("cannot use element() on an empty list".into());
    }
    let k = integer(&args[1], "the index")?;
    if k < 0 {
        return Err("the index must not be negative".into());
    }
    Ok(items[(k as usize) % items.len()].clone())
}

fn index(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    let items = list(&args[0], "the first argument")?;
    items
        .iter()
        .position(|v| v == &args[1])
        .map(|k| num(k as f64))
        .ok_or_else(|| format!("{} is not in the list", args[1]))
}

fn lookup(args: FuncArgs) -> Result<Value, String> {
    arity_range(&args, 2, 3)?;
    let map = object(&args[0], "the first argument")?;
    let key = string(&args[1], "the key")?;
    match (map.get(&key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(format!(
            "the map has no key \"{key}\" and no default was given"
        )),
    }
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for (k, v) in args.iter().enumerate() {
        out.extend(list(v, &format!("argument {k}"))?.iter().cloned());
    }
    Ok(Value::Array(out))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut out = Map::new();
    for (k, v) in args.iter().enumerate() {
        if v.is_null() {
            continue;
        }
        for (key, val) in object(v, &format!("argument {k}"))? {
            out.insert(key.clone(), val.clone());
        }
    }
    Ok(Value::Object(out))
}

fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| flatten_into(x, out)),
        other => out.push(other.clone()),
    }
}

fn flatten(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut out = Vec::new();
    for v in list(&args[0], "the argument")? {
        flatten_into(v, &mut out);
    }
    Ok(Value::Array(out))
}

fn distinct(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut out: Vec<Value> = Vec::new();
    for v in list(&args[0], "the argument")? {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    Ok(Value::Array(out))
}

fn contains(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    Ok(Value::Bool(
        list(&args[0], "the first argument")?.contains(&args[1]),
    ))
}

fn keys(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut k: Vec<String> = object(&args[0], "the argument")?.keys().cloned().collect();
    k.sort();
    Ok(Value::Array(k.into_iter().map(Value::String).collect()))
}

fn values(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let map = object(&args[0], "the argument")?;
    let mut k: Vec<&String> = map.keys().collect();
    k.sort();
    Ok(Value::Array(
        k.into_iter().map(|k| map[k].clone()).collect(),
    ))
}

fn zipmap(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    let k = list(&args[0], "the keys")?;
    let v = list(&args[1], "the values")?;
    if k.len() != v.len() {
        return Err(format!("{} keys but {} values", k.len(), v.len()));
    }
    let mut out = Map::new();
    for (key, val) in k.iter().zip(v) {
        out.insert(string(key, "a key")?, val.clone());
    }
    Ok(Value::Object(out))
}

fn range(args: FuncArgs) -> Result<Value, String> {
    arity_range(&args, 1, 3)?;
    let n: Vec<f64> = args
        .iter()
        .map(|v| number(v, "an argument"))
        .collect::<Result<_, _>>()?;
    let (start, end, step) = match n.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, if e >= s { 1.0 } else { -1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Err("expected 1 to 3 arguments".into()),
    };
    if step == 0.0 {
        return Err("the step must not be zero".into());
    }
    let count = ((end - start) / step).ceil();
    if count > super::MAX_INSTANCES_PER_BLOCK as f64 * 10.0 {
        return Err(format!("range of {count} elements is too large"));
    }
    let out = (0..count.max(0.0) as usize)
        .map(|k| num(start + step * k as f64))
        .collect();
    Ok(Value::Array(out))
}

fn slice(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 3)?;
    let items = list(&args[0], "the list")?;
    let a = integer(&args[1], "the start")?;
    let b = integer(&args[2], "the end")?;
    if a < 0 || b < a || b as usize > items.len() {
        return Err(format!(
            "slice {a}..{b} is outside a list of {}",
            items.len()
        ));
    }
    Ok(Value::Array(items[a as usize..b as usize].to_vec()))
}

fn reverse(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut items = list(&args[0], "the argument")?.clone();
    items.reverse();
    Ok(Value::Array(items))
}

fn sort(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut items: Vec<String> = list(&args[0], "the argument")?
        .iter()
        .map(|v| string(v, "an element"))
        .collect::<Result<_, _>>()?;
    items.sort();
    Ok(Value::Array(items.into_iter().map(Value::String).collect()))
}

fn compact(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    Ok(Value::Array(
        list(&args[0], "the argument")?
            .iter()
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .cloned()
            .collect(),
    ))
}

fn one(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    match list(&args[0], "the argument")?.as_slice() {
        [] => Ok(Value::Null),
        [v] => Ok(v.clone()),
        more => Err(format!(
            "one() needs at most one element, got {}",
            more.len()
        )),
    }
}

fn setunion(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for (k, v) in args.iter().enumerate() {
        out.extend(list(v, &format!("argument {k}"))?.iter().cloned());
    }
    Ok(Value::Array(set_of(out)))
}

fn setintersection(args: FuncArgs) -> Result<Value, String> {
    let Some(first) = args.first() else {
        return Err("expected at least one set".into());
    };
    let mut out = list(first, "argument 0")?.clone();
    for (k, v) in args.iter().enumerate().skip(1) {
        let other = list(v, &format!("argument {k}"))?;
        out.retain(|x| other.contains(x));
    }
    Ok(Value::Array(set_of(out)))
}

fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.iter()
        .find(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty argument".to_string())
}

fn coalescelist(args: FuncArgs) -> Result<Value, String> {
    args.iter()
        .find(|v| matches!(v, Value::Array(a) if !a.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-empty list argument".to_string())
}

fn sum(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    let mut total = 0.0;
    for v in list(&args[0], "the argument")? {
        total += number(v, "an element")?;
    }
    Ok(num(total))
}

fn extreme(args: &FuncArgs, pick_max: bool) -> Result<Value, String> {
    let mut best: Option<f64> = None;
    for v in args.iter() {
        let n = number(v, "an argument")?;
        best = Some(match best {
            Some(b) if (pick_max && b >= n) || (!pick_max && b <= n) => b,
            _ => n,
        });
    }
    best.map(num)
        .ok_or_else(|| "expected at least one number".to_string())
}

fn max(args: FuncArgs) -> Result<Value, String> {
    extreme(&args, true)
}

fn min(args: FuncArgs) -> Result<Value, String> {
    extreme(&args, false)
}

fn abs(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    Ok(num(number(&args[0], "the argument")?.abs()))
}

fn ceil(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    Ok(num(number(&args[0], "the argument")?.ceil()))
}

fn floor(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    Ok(num(number(&args[0], "the argument")?.floor()))
}

// ---- strings ----------------------------------------------------------------------------

fn format_one(fmt: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        // Flags and width are accepted and ignored except a zero-padded width for %d.
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '-' || d == '+' || d == '.' || d == '#' || d == ' ' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(verb) = chars.next() else {
            return Err("format string ends in the middle of a verb".into());
        };
        let arg = args
            .get(next)
            .ok_or_else(|| format!("not enough arguments for the format string \"{fmt}\""))?;
        next += 1;
        let text = match verb {
            's' | 'v' => string(arg, "a %s argument").unwrap_or_else(|_| arg.to_string()),
            'd' => integer(arg, "a %d argument")?.to_string(),
            'f' | 'g' => number(arg, "a %f argument")?.to_string(),
            'q' => format!("\"{}\"", string(arg, "a %q argument")?),
            't' => match arg {
                Value::Bool(b) => b.to_string(),
                _ => return Err("a %t argument must be a bool".into()),
            },
            other => return Err(format!("unsupported format verb %{other}")),
        };
        let width: usize = spec
            .trim_start_matches(['-', '+', '#', ' '])
            .split('.')
            .next()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0)
            .min(256);
        if spec.starts_with('0') && verb == 'd' {
            out.push_str(&format!("{text:0>width$}"));
        } else if spec.starts_with('-') {
            out.push_str(&format!("{text:<width$}"));
        } else {
            out.push_str(&format!("{text:>width$}"));
        }
    }
    Ok(out)
}

fn format(args: FuncArgs) -> Result<Value, String> {
    let Some(fmt) = args.first() else {
        return Err("expected a format string".into());
    };
    let fmt = string(fmt, "the format")?;
    Ok(Value::String(format_one(&fmt, &args[1..])?))
}

fn formatlist(args: FuncArgs) -> Result<Value, String> {
    let Some(fmt) = args.first() else {
        return Err("expected a format string".into());
    };
    let fmt = string(fmt, "the format")?;
    let n = args[1..]
        .iter()
        .filter_map(|v| v.as_array().map(|a| a.len()))
        .max()
        .unwrap_or(1);
    let mut out = Vec::new();
    for k in 0..n {
        let row: Vec<Value> = args[1..]
            .iter()
            .map(|v| match v {
                Value::Array(a) => a.get(k).cloned().unwrap_or(Value::Null),
                other => other.clone(),
            })
            .collect();
        out.push(Value::String(format_one(&fmt, &row)?));
    }
    Ok(Value::Array(out))
}

fn join(args: FuncArgs) -> Result<Value, String> {
    if args.len() < 2 {
        return Err("expected a separator and at least one list".into());
    }
    let sep = string(&args[0], "the separator")?;
    let mut parts = Vec::new();
    for v in args.iter().skip(1) {
        for item in list(v, "a list")? {
            parts.push(string(item, "an element")?);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

fn split(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 2)?;
    let sep = string(&args[0], "the separator")?;
    let s = string(&args[1], "the string")?;
    if sep.is_empty() {
        return Err("the separator must not be empty".into());
    }
    Ok(Value::Array(
        s.split(sep.as_str()).map(Value::from).collect(),
    ))
}

fn replace(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 3)?;
    let s = string(&args[0], "the string")?;
    let from = string(&args[1], "the substring")?;
    let to = string(&args[2], "the replacement")?;
    if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
        return Err("regular-expression replace is not supported".into());
    }
    if from.is_empty() {
        return Ok(Value::String(s));
    }
    Ok(Value::String(s.replace(&from, &to)))
}

fn str_fn(args: &FuncArgs, f: fn(&str) -> String) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::String(f(&string(&args[0], "the argument")?)))
}

fn lower(args: FuncArgs) -> Result<Value, String> {
    str_fn(&args, str::to_lowercase)
}

fn upper(args: FuncArgs) -> Result<Value, String> {
    str_fn(&args, str::to_uppercase)
}

fn trimspace(args: FuncArgs) -> Result<Value, String> {
    str_fn(&args, |s| s.trim().to_string())
}

fn title(args: FuncArgs) -> Result<Value, String> {
    str_fn(&args, |s| {
        let mut out = String::new();
        let mut start = true;
        for c in s.chars() {
            if start && c.is_alphabetic() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            start = !c.is_alphanumeric();
        }
        out
    })
}

fn two_strings(args: &FuncArgs) -> Result<(String, String), String> {
    arity(args, 2)?;
    Ok((
        string(&args[0], "the string")?,
        string(&args[1], "the other string")?,
    ))
}

fn trimprefix(args: FuncArgs) -> Result<Value, String> {
    let (s, p) = two_strings(&args)?;
    Ok(Value::String(s.strip_prefix(&p).unwrap_or(&s).to_string()))
}

fn trimsuffix(args: FuncArgs) -> Result<Value, String> {
    let (s, p) = two_strings(&args)?;
    Ok(Value::String(s.strip_suffix(&p).unwrap_or(&s).to_string()))
}

fn startswith(args: FuncArgs) -> Result<Value, String> {
    let (s, p) = two_strings(&args)?;
    Ok(Value::Bool(s.starts_with(&p)))
}

fn endswith(args: FuncArgs) -> Result<Value, String> {
    let (s, p) = two_strings(&args)?;
    Ok(Value::Bool(s.ends_with(&p)))
}

fn strcontains(args: FuncArgs) -> Result<Value, String> {
    let (s, p) = two_strings(&args)?;
    Ok(Value::Bool(s.contains(&p)))
}

fn substr(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 3)?;
    let s: Vec<char> = string(&args[0], "the string")?.chars().collect();
    let off = integer(&args[1], "the offset")?;
    let len = integer(&args[2], "the length")?;
    let start = if off < 0 { s.len() as i64 + off } else { off }.clamp(0, s.len() as i64) as usize;
    let end = if len < 0 {
        s.len()
    } else {
        (start + len as usize).min(s.len())
    };
    Ok(Value::String(s[start..end].iter().collect()))
}

fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    arity(&args, 1)?;
    serde_json::to_string(&args[0])
        .map(Value::String)
        .map_err(|e| e.to_string())
}

// ---- conversions ------------------------------------------------------------------------

fn to(args: &FuncArgs, ty: Type) -> Result<Value, String> {
    arity(args, 1)?;
    convert(args[0].clone(), &ty)
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::String)
}

fn tonumber(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::Number)
}

fn tobool(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::Bool)
}

fn tolist(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::List(Box::new(Type::Any)))
}

fn toset(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::Set(Box::new(Type::Any)))
}

fn tomap(args: FuncArgs) -> Result<Value, String> {
    to(&args, Type::Map(Box::new(Type::Any)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::Evaluate;

    fn eval(text: &str) -> Result<Value, String> {
        let mut ctx = Context::new();
        register(&mut ctx);
        let e: hcl::Expression = text.parse().map_err(|e: hcl::Error| e.to_string())?;
        e.evaluate(&ctx).map_err(|e| e.to_string())
    }

    #[test]
    fn cidr_functions_follow_terraform_examples() {
        // Examples from Terraform's function documentation.
        let cases = [
            (
                r#"cidrsubnet("172.16.0.0/12", 4, 2)"#,
                Value::from("172.18.0.0/16"),
            ),
            (
                r#"cidrsubnet("10.1.2.0/24", 4, 15)"#,
                Value::from("10.1.2.240/28"),
            ),
            (
                r#"cidrhost("10.12.112.0/20", 16)"#,
                Value::from("10.12.112.16"),
            ),
            (
                r#"cidrhost("10.12.112.0/20", 268)"#,
                Value::from("10.12.113.12"),
            ),
            (
                r#"cidrnetmask("172.16.0.0/12")"#,
                Value::from("255.240.0.0"),
            ),
            (
                r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
                Value::Array(vec![
                    "10.1.0.0/20".into(),
                    "10.1.16.0/20".into(),
                    "10.1.32.0/24".into(),
                    "10.1.48.0/20".into(),
                ]),
            ),
        ];
        for (expr, want) in cases {
            assert_eq!(eval(expr), Ok(want), "{expr}");
        }
        assert!(eval(r#"cidrsubnet("10.0.0.0/30", 8, 1)"#).is_err());
        assert!(eval(r#"cidrsubnet("10.0.0.0/16", 8, 256)"#).is_err());
    }

    #[test]
    fn collection_functions_behave_like_terraform() {
        let cases = [
            ("length([1, 2, 3])", Value::from(3)),
            (r#"element(["a", "b"], 3)"#, Value::from("b")),
            (r#"lookup({a = 1}, "b", 7)"#, Value::from(7)),
            (
                "concat([1], [2, 3])",
                Value::Array(vec![1.into(), 2.into(), 3.into()]),
            ),
            (
                "flatten([[1], [2, [3]]])",
                Value::Array(vec![1.into(), 2.into(), 3.into()]),
            ),
            (
                "distinct([1, 1, 2])",
                Value::Array(vec![1.into(), 2.into()]),
            ),
            (r#"contains(["a"], "a")"#, Value::Bool(true)),
            (
                r#"keys({b = 1, a = 2})"#,
                Value::Array(vec!["a".into(), "b".into()]),
            ),
            (
                r#"values({b = 1, a = 2})"#,
                Value::Array(vec![2.into(), 1.into()]),
            ),
            ("range(3)", Value::Array(vec![0.into(), 1.into(), 2.into()])),
            (r#"format("web-%02d", 3)"#, Value::from("web-03")),
            (r#"join(",", ["a", "b"])"#, Value::from("a,b")),
            (
                r#"split(",", "a,b")"#,
                Value::Array(vec!["a".into(), "b".into()]),
            ),
            (r#"replace("a-b", "-", "_")"#, Value::from("a_b")),
            (r#"upper(lower("Ab"))"#, Value::from("AB")),
            (
                r#"toset(["b", "a", "b"])"#,
                Value::Array(vec!["a".into(), "b".into()]),
            ),
            (r#"coalesce("", "x")"#, Value::from("x")),
            ("max(1, 5, 3)", Value::from(5)),
            ("min(4, 2)", Value::from(2)),
        ];
        for (expr, want) in cases {
            assert_eq!(eval(expr), Ok(want), "{expr}");
        }
        let z = eval(r#"zipmap(["a", "b"], [1, 2])"#).unwrap();
        assert_eq!(z.as_object().unwrap()["b"], Value::from(2));
        let m = eval("merge({a = 1}, {a = 2, b = 3})").unwrap();
        assert_eq!(m.as_object().unwrap()["a"], Value::from(2));
    }
}
