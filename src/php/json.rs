//! PHP values as JSON, the form the core takes arguments in (see `wu_hosting_core::args`).

use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use serde_json::{Map, Value};
use wu_hosting_core::args::{opaque, MAX_DEPTH};

/// A PHP value as JSON: arrays with keys 0, 1, 2, ... as lists, other arrays as
/// objects; objects, resources and strings that are not UTF-8 as stand-ins
/// naming their type.
pub fn value(zv: &Zval) -> Value {
    // An argument sits one level below the argument list, as the FFI shim counts.
    value_at(zv, 1)
}

fn value_at(zv: &Zval, depth: usize) -> Value {
    let zv = zv.dereference();
    if zv.is_null() {
        return Value::Null;
    }
    if let Some(b) = zv.bool() {
        return Value::Bool(b);
    }
    if let Some(l) = zv.long() {
        return Value::from(l);
    }
    if let Some(d) = zv.double() {
        return serde_json::Number::from_f64(d)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(d.to_string()));
    }
    if let Some(s) = zv.str() {
        return Value::String(s.to_string());
    }
    if let Some(ht) = zv.array() {
        if depth >= MAX_DEPTH {
            return opaque("Array");
        }
        return array_at(ht, depth + 1);
    }
    opaque(&zv.get_type().to_string())
}

fn array_at(ht: &ZendHashTable, depth: usize) -> Value {
    let list = ht
        .iter()
        .enumerate()
        .all(|(i, (k, _))| matches!(k, ArrayKey::Long(n) if n == i as i64));
    if list {
        return Value::Array(ht.values().map(|v| value_at(v, depth)).collect());
    }
    let mut map = Map::new();
    for (key, v) in ht.iter() {
        map.insert(key.to_string(), value_at(v, depth));
    }
    Value::Object(map)
}
