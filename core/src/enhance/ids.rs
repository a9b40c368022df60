//! Domain ids this process has seen, per website: filled by listings and creates,
//! dropped on a 404. A removal by name then needs no listing, which matters for a
//! website with tens of thousands of aliases.

use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::sync::Mutex;
use url::Url;

/// What is known of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub id: String,
    pub kind: Option<String>,
}

type Website = HashMap<String, Known>;

static IDS: Lazy<Mutex<HashMap<String, Website>>> = Lazy::new(|| Mutex::new(HashMap::new()));

fn with<T>(f: impl FnOnce(&mut HashMap<String, Website>) -> T) -> T {
    f(&mut IDS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The cache key of a website of a panel.
pub fn key(base: &Url, website_id: &str) -> String {
    format!("{base}|{website_id}")
}

/// Replaces what is known of a website with a fresh listing.
pub fn replace(key: &str, names: impl IntoIterator<Item = (String, Known)>) {
    let fresh: Website = names.into_iter().collect();
    with(|all| all.insert(key.to_string(), fresh));
}

pub fn insert(key: &str, name: &str, known: Known) {
    with(|all| {
        all.entry(key.to_string())
            .or_default()
            .insert(name.to_string(), known)
    });
}

pub fn get(key: &str, name: &str) -> Option<Known> {
    with(|all| all.get(key).and_then(|w| w.get(name)).cloned())
}

pub fn forget(key: &str, name: &str) {
    with(|all| all.get_mut(key).and_then(|w| w.remove(name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_replaces_and_single_changes_apply() {
        let base = Url::parse("https://p.example/api/").unwrap();
        let k = key(&base, "w-ids-test");
        let known = |id: &str| Known {
            id: id.into(),
            kind: Some("alias".into()),
        };
        insert(&k, "old.example.com", known("1"));
        replace(&k, [("a.example.com".to_string(), known("2"))]);
        assert_eq!(get(&k, "old.example.com"), None);
        assert_eq!(get(&k, "a.example.com"), Some(known("2")));
        insert(&k, "b.example.com", known("3"));
        forget(&k, "a.example.com");
        assert_eq!(get(&k, "a.example.com"), None);
        assert_eq!(get(&k, "b.example.com").map(|k| k.id), Some("3".into()));
    }
}
