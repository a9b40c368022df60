//! The arguments of a call as JSON values, the one form both faces hand to the
//! core: the PHP face converts its arrays (see `php::json`), the C ABI parses the
//! request. PHP arrays become JSON lists when their keys are 0, 1, 2, ... and
//! JSON objects otherwise; a value JSON cannot hold (a PHP object, a resource)
//! becomes an object with the single key [`OPAQUE_KEY`] naming its type, so that
//! messages still name it.

use crate::error::{Error, Result};
use serde_json::{json, Value};

/// Arrays nested deeper than this (a reference cycle, say) are handed over as a
/// stand-in named `Array`: the limit both faces apply when they convert.
pub const MAX_DEPTH: usize = 32;

/// The key of the stand-in for a value JSON cannot hold.
pub const OPAQUE_KEY: &str = "\u{0}type";

/// The stand-in for a value of type `type_name` that JSON cannot hold.
pub fn opaque(type_name: &str) -> Value {
    json!({ OPAQUE_KEY: type_name })
}

fn opaque_name(v: &Value) -> Option<&str> {
    match v {
        Value::Object(map) if map.len() == 1 => map.get(OPAQUE_KEY)?.as_str(),
        _ => None,
    }
}

/// The name PHP's engine gives the value's type, as the extension's messages
/// show it: `Null`, `True`, `False`, `Long`, `Double`, `String`, `Array`, or a class.
pub fn type_name(v: &Value) -> String {
    if let Some(name) = opaque_name(v) {
        return name.to_string();
    }
    match v {
        Value::Null => "Null".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if n.is_i64() => "Long".into(),
        Value::Number(_) => "Double".into(),
        Value::String(_) => "String".into(),
        Value::Array(_) | Value::Object(_) => "Array".into(),
    }
}

/// The type as `gettype()`-like short words: `null`, `bool`, `int`, `float`,
/// `string`, `array`, or `object`.
pub fn short_type(v: &Value) -> &'static str {
    if opaque_name(v).is_some() {
        return "object";
    }
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "array",
    }
}

/// A key of a PHP array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Index(i64),
    Name(String),
}

impl Slot {
    /// A JSON object key as PHP stores it: a decimal integer string is an index.
    pub fn of(key: &str) -> Slot {
        match key.parse::<i64>() {
            Ok(i) if i.to_string() == key => Slot::Index(i),
            _ => Slot::Name(key.to_string()),
        }
    }
}

/// The entries of an array (a JSON list or object), or None for anything else.
pub fn entries(v: &Value) -> Option<Vec<(Slot, &Value)>> {
    if opaque_name(v).is_some() {
        return None;
    }
    match v {
        Value::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Slot::Index(i as i64), v))
                .collect(),
        ),
        Value::Object(map) => Some(map.iter().map(|(k, v)| (Slot::of(k), v)).collect()),
        _ => None,
    }
}

/// What is wrong with an array read by name (see [`named_entries`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem<'a> {
    /// The value is not an array.
    NotArray,
    /// An entry has an index, not a name.
    Index(i64),
    /// An entry's name is not one of the known names.
    Unknown(&'a str),
}

/// The entries of an array read by name, each checked as it is reached: an
/// index is an error, and so is a name not in `known` (when given). `error`
/// words each problem as the caller's messages say it.
pub fn named_entries<'v, 'k>(
    v: &'v Value,
    known: Option<&'k [&'k str]>,
    error: &'k dyn Fn(KeyProblem) -> Error,
) -> Result<impl Iterator<Item = Result<(String, &'v Value)>> + 'k>
where
    'v: 'k,
{
    let entries = entries(v).ok_or_else(|| error(KeyProblem::NotArray))?;
    Ok(entries.into_iter().map(move |(slot, value)| match slot {
        Slot::Index(i) => Err(error(KeyProblem::Index(i))),
        Slot::Name(name) => {
            if let Some(known) = known {
                known_name(&name, known, &|name| error(KeyProblem::Unknown(name)))?;
            }
            Ok((name, value))
        }
    }))
}

/// Whether `name` is one of `known`; else the error `unknown` words for it.
pub fn known_name(name: &str, known: &[&str], unknown: &dyn Fn(&str) -> Error) -> Result<()> {
    if known.contains(&name) {
        Ok(())
    } else {
        Err(unknown(name))
    }
}

/// Whether `v` is an array (a JSON list or object, not a stand-in).
pub fn is_array(v: &Value) -> bool {
    opaque_name(v).is_none() && matches!(v, Value::Array(_) | Value::Object(_))
}

/// A string or a number as text (numbers as PHP's string conversion of a
/// setting would read them); None for anything else.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(i.to_string()),
            None => n.as_f64().map(|f| f.to_string()),
        },
        _ => None,
    }
}

/// An answer keyed like the caller's array: a list when the keys are 0, 1, 2, ...
pub fn keyed(slots: Vec<Slot>, values: Vec<Value>) -> Value {
    let sequential = slots
        .iter()
        .enumerate()
        .all(|(i, s)| *s == Slot::Index(i as i64));
    if sequential {
        return Value::Array(values);
    }
    let mut map = serde_json::Map::new();
    for (slot, v) in slots.into_iter().zip(values) {
        let key = match slot {
            Slot::Index(i) => i.to_string(),
            Slot::Name(s) => s,
        };
        map.insert(key, v);
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_follow_php() {
        assert_eq!(type_name(&json!(1)), "Long");
        assert_eq!(type_name(&json!(1.5)), "Double");
        assert_eq!(type_name(&json!(true)), "True");
        assert_eq!(type_name(&json!({"a": 1})), "Array");
        assert_eq!(type_name(&opaque("stdClass")), "stdClass");
        assert!(!is_array(&opaque("stdClass")));
        assert_eq!(short_type(&json!(null)), "null");
    }

    #[test]
    fn named_entries_check_each_entry_as_it_is_reached() {
        let error = |p: KeyProblem| Error::config(format!("{p:?}"));
        let known: &[&str] = &["a", "b"];
        let message = |v: Value| match named_entries(&v, Some(known), &error) {
            Err(e) => e.message().to_string(),
            Ok(mut entries) => match entries.find(Result::is_err) {
                Some(Err(e)) => e.message().to_string(),
                _ => "ok".into(),
            },
        };
        assert_eq!(message(json!(3)), "NotArray");
        assert_eq!(message(json!(["x"])), "Index(0)");
        assert_eq!(message(json!({"a": 1, "c": 2})), "Unknown(\"c\")");
        assert_eq!(message(json!({"b": 1, "a": 2})), "ok");
        // The entries before a bad key come first, so their own checks come first.
        let v = json!({"a": 1, "zz": 2});
        let mut entries = named_entries(&v, Some(known), &error).unwrap();
        assert_eq!(entries.next().unwrap().unwrap().0, "a");
        assert!(entries.next().unwrap().is_err());
    }

    #[test]
    fn keys_as_php_stores_them() {
        assert_eq!(Slot::of("5"), Slot::Index(5));
        assert_eq!(Slot::of("-2"), Slot::Index(-2));
        assert_eq!(Slot::of("05"), Slot::Name("05".into()));
        assert_eq!(Slot::of("a"), Slot::Name("a".into()));
        assert_eq!(
            keyed(
                vec![Slot::Index(0), Slot::Index(1)],
                vec![json!(1), json!(2)]
            ),
            json!([1, 2])
        );
        assert_eq!(
            keyed(
                vec![Slot::Index(1), Slot::Name("x".into())],
                vec![json!(1), json!(2)]
            ),
            json!({"1": 1, "x": 2})
        );
    }
}
