//! The native functions, declared once. Each entry of [`TABLE`] gives a
//! function's name, its typed parameters, what it returns, its documentation and
//! the core call it makes. From the table come the dispatcher ([`call`]), the
//! argument checks and their messages ([`check_args`]), the PHP signatures, the
//! committed PHP stub file and the PHP FFI wrappers ([`generate`]). The faces
//! (the PHP extension, the C ABI) only move values in and out.
//!
//! Adding a function: one entry in `table.rs` and its core code (see the
//! README, "Adding a function").

mod function;
pub mod generate;
mod table;

use crate::config::SettingSource;
use crate::error::{Error, Result};
use crate::sync::Progress;
use serde_json::Value;

pub use function::{check_args, ArgError, Call, Function, Kind, Param, Returns, Run};
pub use table::TABLE;

/// The function named `name`.
pub fn find(name: &str) -> Option<&'static Function> {
    TABLE.iter().find(|f| f.name == name)
}

/// Runs `name` on `args` (PHP's arguments as JSON, see `crate::args`), with the
/// face's settings and progress callback.
pub fn call<'a>(
    name: &str,
    args: Vec<Value>,
    env: &'a dyn SettingSource,
    progress: Option<Progress<'a>>,
) -> Result<Value> {
    let function = find(name)
        .filter(|f| matches!(f.run, Run::Core(_)))
        .ok_or_else(|| Error::config(format!("{name}() is not a function of this library")))?;
    let args = check_args(function, args).map_err(|e| e.into_error(function))?;
    run(function, args, env, progress)
}

/// Runs a function on arguments [`check_args`] has passed.
pub fn run<'a>(
    function: &'static Function,
    args: Vec<Value>,
    env: &'a dyn SettingSource,
    progress: Option<Progress<'a>>,
) -> Result<Value> {
    let Run::Core(body) = function.run else {
        return Err(Error::config(format!(
            "{}() is not a function of the C ABI",
            function.name
        )));
    };
    body(&mut Call {
        function,
        args,
        env,
        progress,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_unique_and_prefixed() {
        let mut names: Vec<_> = TABLE.iter().map(|f| f.name).collect();
        assert!(names.iter().all(|n| n.starts_with("wu_")));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TABLE.len());
    }

    #[test]
    fn signatures_follow_the_kinds() {
        let f = find("wu_enhance_add_domain").unwrap();
        assert_eq!(f.signature(), "string $domain, ?array $config = null");
        let f = find("wu_dns_check_many").unwrap();
        assert_eq!(
            f.signature(),
            "array $domains, array $expect = [], ?array $options = null"
        );
        assert_eq!(find("wu_closte_detect").unwrap().signature(), "");
    }

    #[test]
    fn wrong_arguments_say_what_the_function_takes() {
        let f = find("wu_enhance_add_domain").unwrap();
        let e = check_args(f, vec![]).unwrap_err().into_error(f);
        assert_eq!(
            e.message(),
            "wu_enhance_add_domain() takes 1 to 2 arguments (string $domain, ?array $config = null), 0 given"
        );
        let e = check_args(f, vec![json!(42)]).unwrap_err();
        assert_eq!(
            e,
            ArgError::Type {
                index: 0,
                message:
                    "wu_enhance_add_domain(): argument #1 ($domain) must be a string, got Long"
                        .into()
            }
        );
        let f = find("wu_dns_check").unwrap();
        let e = check_args(f, vec![json!("a.example.com"), json!(["1.2.3.4", 5])]).unwrap_err();
        assert!(
            matches!(&e, ArgError::Type { index: 1, message } if message.ends_with("got Long in it"))
        );
        let args = check_args(f, vec![json!("a.example.com")]).unwrap();
        assert_eq!(args, vec![json!("a.example.com"), json!([]), json!(null)]);
        let e = call(
            "wu_no_such_function",
            vec![],
            &crate::config::MapSource::default(),
            None,
        )
        .unwrap_err();
        assert!(e.message().contains("is not a function"));
    }
}
