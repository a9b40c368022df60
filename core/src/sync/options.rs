//! The `$domains` list and the `$options` array of a sync, as JSON (see
//! `crate::args`), checked the same way for every face before anything is sent.

use super::model::{SyncOptions, Wanted, DEFAULT_RATE, DEFAULT_RETRY_BUDGET, MAX_RETRY_BUDGET};
use crate::args::{self, KeyProblem};
use crate::config::{self, SettingSource};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use serde_json::Value;

/// The keys of `$options`.
pub const OPTION_KEYS: &[&str] = &[
    "prune",
    "keep",
    "dry_run",
    "concurrency",
    "rate",
    "adaptive",
    "retry_budget",
    "progress",
];

/// How a domain name is read: plain, or with `*.` wildcards allowed.
pub type Parse = fn(&str) -> Result<DomainName>;

/// The options of one sync, and whether a progress callable was given.
///
/// `progress` is the face's verdict, not the callable: `null` (none), `true` (a
/// callable the face will call); anything else is rejected. The PHP face puts
/// `true` there for a callable and a stand-in for anything else; the C ABI takes
/// the callback as its own parameter.
pub fn parse(
    raw: Option<&Value>,
    src: &dyn SettingSource,
    parse: Parse,
) -> Result<(SyncOptions, bool)> {
    let mut opts = SyncOptions {
        prune: false,
        keep: Vec::new(),
        dry_run: false,
        concurrency: config::max_concurrency(src)?,
        rate: DEFAULT_RATE,
        adaptive: true,
        retry_budget: DEFAULT_RETRY_BUDGET,
    };
    let mut progress = false;
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return Ok((opts, false));
    };
    let keys = OPTION_KEYS.join(", ");
    let error = |problem: KeyProblem| {
        Error::config(match problem {
            KeyProblem::NotArray => format!(
                "$options must be an array ({keys}) or null, got {}",
                args::type_name(raw)
            ),
            KeyProblem::Index(i) => {
                format!("$options must have string keys ({keys}), got the index {i}")
            }
            KeyProblem::Unknown(name) => {
                format!("Unknown option '{name}'; the known options are: {keys}")
            }
        })
    };
    for entry in args::named_entries(raw, Some(OPTION_KEYS), &error)? {
        let (name, value) = entry?;
        match name.as_str() {
            "prune" => opts.prune = bool_option(value, "prune")?,
            "dry_run" => opts.dry_run = bool_option(value, "dry_run")?,
            "adaptive" => opts.adaptive = bool_option(value, "adaptive")?,
            "concurrency" => {
                opts.concurrency = value
                    .as_i64()
                    .filter(|n| (1..=config::MAX_MAX_CONCURRENCY as i64).contains(n))
                    .ok_or_else(|| {
                        Error::config(format!(
                            "option 'concurrency' must be a whole number from 1 to {}",
                            config::MAX_MAX_CONCURRENCY
                        ))
                    })? as usize
            }
            "rate" => {
                opts.rate = value
                    .as_f64()
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(|| {
                        Error::config(
                            "option 'rate' must be requests per second, 0 or more (0: no limit)",
                        )
                    })?
            }
            "retry_budget" => {
                let max = MAX_RETRY_BUDGET.as_secs();
                opts.retry_budget = value
                    .as_f64()
                    .filter(|s| s.is_finite() && (0.0..=max as f64).contains(s))
                    .map(std::time::Duration::from_secs_f64)
                    .ok_or_else(|| {
                        Error::config(format!(
                            "option 'retry_budget' must be seconds from 0 to {max} (0: no further rounds)"
                        ))
                    })?
            }
            "keep" => {
                if !args::is_array(value) {
                    return Err(Error::config(
                        "option 'keep' must be an array of domain names",
                    ));
                }
                for w in wanted(value, parse) {
                    match w {
                        Wanted::Name(d) => opts.keep.push(d),
                        Wanted::Bad { error, .. } => {
                            return Err(Error::config(format!(
                                "option 'keep': {}",
                                error.message()
                            )))
                        }
                    }
                }
            }
            "progress" => match value {
                Value::Null => {}
                Value::Bool(true) => progress = true,
                _ => {
                    return Err(Error::config(
                        "option 'progress' must be a callable, called with (done, total)",
                    ))
                }
            },
            // named_entries lets only the OPTION_KEYS through.
            _ => {}
        }
    }
    Ok((opts, progress))
}

fn bool_option(value: &Value, name: &str) -> Result<bool> {
    value.as_bool().ok_or_else(|| {
        Error::config(format!(
            "option '{name}' must be true or false, got {}",
            args::type_name(value)
        ))
    })
}

/// The names of a `$domains` array (its keys ignored); entries that are not
/// strings or do not parse are kept as [`Wanted::Bad`], to be reported. Anything
/// but an array is an empty list: the faces check the argument's type.
pub fn wanted(list: &Value, parse: Parse) -> Vec<Wanted> {
    args::entries(list)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, v)| match v {
            Value::String(s) => match parse(s) {
                Ok(d) => Wanted::Name(d),
                Err(error) => Wanted::Bad {
                    input: s.to_string(),
                    error,
                },
            },
            other => {
                let ty = args::type_name(other);
                Wanted::Bad {
                    input: format!("({ty})"),
                    error: Error::invalid_domain(format!("a domain must be a string, got {ty}")),
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapSource;
    use serde_json::json;

    fn err(options: Value) -> String {
        parse(Some(&options), &MapSource::default(), DomainName::parse)
            .unwrap_err()
            .message()
            .to_string()
    }

    #[test]
    fn options_parse_and_say_what_is_wrong() {
        let (o, p) = parse(
            Some(&json!({"prune": true, "keep": ["a.example.com"], "concurrency": 4, "rate": 0, "progress": true})),
            &MapSource::default(),
            DomainName::parse,
        )
        .unwrap();
        assert!(o.prune && p);
        assert_eq!((o.concurrency, o.rate, o.keep.len()), (4, 0.0, 1));
        let (o, p) = parse(Some(&json!([])), &MapSource::default(), DomainName::parse).unwrap();
        assert!(!p && !o.prune && o.adaptive);
        assert_eq!(
            (o.rate, o.retry_budget),
            (DEFAULT_RATE, DEFAULT_RETRY_BUDGET)
        );
        let (o, _) = parse(
            Some(&json!({"retry_budget": 2.5})),
            &MapSource::default(),
            DomainName::parse,
        )
        .unwrap();
        assert_eq!(o.retry_budget, std::time::Duration::from_millis(2500));
        assert!(err(json!({"retry_budget": -1})).contains("seconds from 0 to 3600"));
        assert!(err(json!({"retry_budget": "soon"})).contains("seconds from 0 to 3600"));
        assert!(err(json!({"prunes": true})).starts_with("Unknown option 'prunes'"));
        assert!(err(json!({"prune": "yes"})).ends_with("got String"));
        assert!(err(json!({"concurrency": 2.0})).contains("whole number"));
        assert!(
            err(json!({"keep": ["https://x.com"]})).starts_with("option 'keep': Invalid domain")
        );
        assert!(err(json!({"progress": "f"})).contains("must be a callable"));
        assert!(err(json!(["x"])).contains("got the index 0"));
    }

    #[test]
    fn domain_lists_keep_bad_entries() {
        let w = wanted(&json!({"3": "a.example.com", "x": 42}), DomainName::parse);
        assert!(matches!(&w[0], Wanted::Name(d) if d.as_str() == "a.example.com"));
        assert!(
            matches!(&w[1], Wanted::Bad { input, error } if input == "(Long)" && error.message().ends_with("got Long"))
        );
    }
}
