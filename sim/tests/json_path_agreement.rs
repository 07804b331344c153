//! `sim::json_path` must name the same field as `serde_path_to_error` would, on the real
//! design format: every scalar of every fixture design is replaced by a value of the wrong
//! type (and every object loses each key in turn), and wherever that makes the design
//! unreadable the two paths are compared.

use serde_json::Value;
use sim::network::Design;

fn fixtures() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/designs");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture designs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect()
}

/// Every mutation of `v`: each scalar swapped for a wrong-typed value, each key removed.
fn mutations(v: &Value, out: &mut Vec<Value>, root: &Value, path: &mut Vec<PathStep>) {
    match v {
        Value::Object(map) => {
            for key in map.keys() {
                let mut without = root.clone();
                if let Some(Value::Object(m)) = at_mut(&mut without, path) {
                    m.remove(key);
                }
                out.push(without);
                path.push(PathStep::Key(key.clone()));
                mutations(&map[key], out, root, path);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate().take(3) {
                path.push(PathStep::Index(i));
                mutations(item, out, root, path);
                path.pop();
            }
        }
        scalar => {
            let wrong = match scalar {
                Value::String(_) => Value::from(7),
                Value::Number(_) => Value::from("seven"),
                Value::Bool(_) => Value::from("yes"),
                _ => Value::from(vec![1]),
            };
            let mut changed = root.clone();
            if let Some(slot) = at_mut(&mut changed, path) {
                *slot = wrong;
            }
            out.push(changed);
        }
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

#[test]
fn json_path_names_the_same_field_as_serde_path_to_error_on_every_mutated_fixture() {
    let mut compared = 0;
    for (file, text) in fixtures() {
        let root: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let mut all = Vec::new();
        mutations(&root, &mut all, &root, &mut Vec::new());
        for mutated in all {
            // Pretty-printed, so positions span many lines as in real files.
            let text = serde_json::to_string_pretty(&mutated).expect("serialise");
            let mut de = serde_json::Deserializer::from_str(&text);
            let Err(tracked) = serde_path_to_error::deserialize::<_, Design>(&mut de) else {
                continue;
            };
            let plain = serde_json::from_str::<Design>(&text).expect_err("same input, same error");
            let got = sim::json_path::path_at(&text, plain.line(), plain.column());
            assert_eq!(got, tracked.path().to_string(), "{file}: {}", plain);
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} mutations were unreadable");
}
