//! Terraform type constraints (`type = list(string)`) and the conversions Terraform applies
//! to a variable's value.
//!
//! **Guarantees**: a value that does not fit its declared type is an `Err` saying what was
//! expected and what was given; conversions are Terraform's safe ones (number ↔ string,
//! `"true"` ↔ bool, tuple → list/set, object → map/object); sets come out sorted and
//! without duplicates, so iteration order never depends on how a value was written.

use hcl::expr::{Expression, ObjectKey};
use hcl::{Map, Number, Value};

/// A type constraint.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<ObjectAttr>),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct ObjectAttr {
    name: String,
    ty: Type,
    optional: bool,
    default: Option<Value>,
}

fn ident_of(expr: &Expression) -> Option<&str> {
    match expr {
        Expression::Variable(v) => Some(v.as_str()),
        _ => None,
    }
}

/// Reads a `type = …` expression.
pub(super) fn parse_type(expr: &Expression) -> Result<Type, String> {
    if let Some(name) = ident_of(expr) {
        return match name {
            "any" => Ok(Type::Any),
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "list" => Ok(Type::List(Box::new(Type::Any))),
            "set" => Ok(Type::Set(Box::new(Type::Any))),
            "map" => Ok(Type::Map(Box::new(Type::Any))),
            other => Err(format!("`{other}` is not a type")),
        };
    }
    let Expression::FuncCall(call) = expr else {
        return Err(
            "expected a type such as string, number, bool, list(string) or object({…})".into(),
        );
    };
    let name = call.name.name.as_str();
    let one = |args: &[Expression]| -> Result<Type, String> {
        match args {
            [a] => parse_type(a),
            _ => Err(format!("`{name}(…)` takes one element type")),
        }
    };
    match name {
        "list" => Ok(Type::List(Box::new(one(&call.args)?))),
        "set" => Ok(Type::Set(Box::new(one(&call.args)?))),
        "map" => Ok(Type::Map(Box::new(one(&call.args)?))),
        "tuple" => match call.args.as_slice() {
            [Expression::Array(items)] => Ok(Type::Tuple(
                items.iter().map(parse_type).collect::<Result<_, _>>()?,
            )),
            _ => Err("`tuple([…])` takes a list of types".into()),
        },
        "object" => match call.args.as_slice() {
            [Expression::Object(obj)] => {
                let mut attrs = Vec::new();
                for (k, v) in obj {
                    let key = match k {
                        ObjectKey::Identifier(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.clone(),
                        _ => return Err("object type attribute names must be names".into()),
                    };
                    attrs.push(parse_attr(key, v)?);
                }
                Ok(Type::Object(attrs))
            }
            _ => Err("`object({…})` takes an object of attribute types".into()),
        },
        other => Err(format!("`{other}(…)` is not a type constructor")),
    }
}

fn parse_attr(name: String, expr: &Expression) -> Result<ObjectAttr, String> {
    if let Expression::FuncCall(call) = expr {
        if call.name.name.as_str() == "optional" {
            let (ty, default) = match call.args.as_slice() {
                [t] => (parse_type(t)?, None),
                [t, d] => (parse_type(t)?, Some(constant(d)?)),
                _ => return Err("`optional(type, default)` takes one or two arguments".into()),
            };
            return Ok(ObjectAttr {
                name,
                ty,
                optional: true,
                default,
            });
        }
    }
    Ok(ObjectAttr {
        name,
        ty: parse_type(expr)?,
        optional: false,
        default: None,
    })
}

/// A constant expression (a default inside a type), evaluated without variables.
fn constant(expr: &Expression) -> Result<Value, String> {
    use hcl::eval::Evaluate;
    expr.evaluate(&hcl::eval::Context::new())
        .map_err(|e| e.to_string())
}

pub(super) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Converts `value` to `ty` as Terraform does, or says why it cannot.
pub(super) fn convert(value: Value, ty: &Type) -> Result<Value, String> {
    if value.is_null() {
        return Ok(value);
    }
    match ty {
        Type::Any => Ok(value),
        Type::String => match value {
            Value::String(_) => Ok(value),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            v => Err(format!("expected a string, got {}", describe(&v))),
        },
        Type::Number => match value {
            Value::Number(_) => Ok(value),
            Value::String(s) => parse_number(&s)
                .map(Value::Number)
                .ok_or_else(|| format!("expected a number, got the string \"{s}\"")),
            v => Err(format!("expected a number, got {}", describe(&v))),
        },
        Type::Bool => match value {
            Value::Bool(_) => Ok(value),
            Value::String(s) if s == "true" => Ok(Value::Bool(true)),
            Value::String(s) if s == "false" => Ok(Value::Bool(false)),
            v => Err(format!("expected a bool, got {}", describe(&v))),
        },
        Type::List(elem) | Type::Set(elem) => {
            let Value::Array(items) = value else {
                return Err(format!("expected a list, got {}", describe(&value)));
            };
            let mut out = Vec::with_capacity(items.len());
            for (k, item) in items.into_iter().enumerate() {
                out.push(convert(item, elem).map_err(|e| format!("element {k}: {e}"))?);
            }
            if matches!(ty, Type::Set(_)) {
                Ok(Value::Array(set_of(out)))
            } else {
                Ok(Value::Array(out))
            }
        }
        Type::Tuple(elems) => {
            let Value::Array(items) = value else {
                return Err(format!("expected a tuple, got {}", describe(&value)));
            };
            if items.len() != elems.len() {
                return Err(format!(
                    "expected a tuple of {} elements, got {}",
                    elems.len(),
                    items.len()
                ));
            }
            items
                .into_iter()
                .zip(elems)
                .enumerate()
                .map(|(k, (v, t))| convert(v, t).map_err(|e| format!("element {k}: {e}")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Type::Map(elem) => {
            let Value::Object(obj) = value else {
                return Err(format!("expected a map, got {}", describe(&value)));
            };
            let mut out = Map::new();
            for (k, v) in obj {
                let v = convert(v, elem).map_err(|e| format!("key \"{k}\": {e}"))?;
                out.insert(k, v);
            }
            out.sort_keys();
            Ok(Value::Object(out))
        }
        Type::Object(attrs) => {
            let Value::Object(mut obj) = value else {
                return Err(format!("expected an object, got {}", describe(&value)));
            };
            let mut out = Map::new();
            for a in attrs {
                match obj.shift_remove(&a.name) {
                    Some(v) if !v.is_null() => {
                        let v =
                            convert(v, &a.ty).map_err(|e| format!("attribute {}: {e}", a.name))?;
                        out.insert(a.name.clone(), v);
                    }
                    _ if a.optional => {
                        out.insert(a.name.clone(), a.default.clone().unwrap_or(Value::Null));
                    }
                    _ => return Err(format!("attribute \"{}\" is required", a.name)),
                }
            }
            Ok(Value::Object(out))
        }
    }
}

/// Sorted, without duplicates (Terraform orders sets of strings lexically).
pub(super) fn set_of(items: Vec<Value>) -> Vec<Value> {
    let mut keyed: Vec<(String, Value)> = items.into_iter().map(|v| (v.to_string(), v)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, v)| v).collect()
}

pub(super) fn parse_number(s: &str) -> Option<Number> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Number::from(i));
    }
    t.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        let e: Expression = text.parse().unwrap();
        parse_type(&e).unwrap()
    }

    #[test]
    fn strings_convert_to_numbers_and_bools_like_terraform() {
        assert_eq!(
            convert(Value::String("80".into()), &ty("number")),
            Ok(Value::Number(80.into()))
        );
        assert_eq!(
            convert(Value::String("true".into()), &ty("bool")),
            Ok(Value::Bool(true))
        );
        assert!(convert(Value::String("x".into()), &ty("number")).is_err());
    }

    #[test]
    fn sets_are_sorted_and_deduplicated() {
        let v = Value::Array(vec!["b".into(), "a".into(), "b".into()]);
        assert_eq!(
            convert(v, &ty("set(string)")),
            Ok(Value::Array(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn object_types_fill_optional_attributes_and_require_the_rest() {
        let t = ty("object({ cidr = string, public = optional(bool, false) })");
        let mut m = Map::new();
        m.insert("cidr".to_string(), Value::from("10.0.0.0/24"));
        let v = convert(Value::Object(m), &t).unwrap();
        assert_eq!(v.as_object().unwrap()["public"], Value::Bool(false));
        assert!(convert(Value::Object(Map::new()), &t).is_err());
    }
}
