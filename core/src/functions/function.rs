//! What the table says of one native function (its typed parameters, what it
//! returns, who runs it), the checks of a call's arguments against it, and the
//! one call in progress that its core code receives.

use crate::args;
use crate::config::{CallConfig, CallSource, SettingSource};
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::panels::Panel;
use crate::sync::Progress;
use serde::Serialize;
use serde_json::Value;

/// What a parameter holds; its PHP type, default and checks follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A domain name for `Panel`, which decides whether `*.` wildcards may be given.
    Domain(Panel),
    /// A host name to check (readiness); a bad one is answered, not thrown.
    Host,
    /// A file path.
    Path,
    /// A plain string.
    Text,
    /// A whole number.
    Int,
    /// An array of names (a batch or the names a sync wants), keys kept.
    Names,
    /// `$expect` of the DNS checks: a list of strings, default `[]`.
    Expect,
    /// `name => value` constants for wp-config.php (may carry secrets).
    Constants,
    /// The `$config` array of a panel call, default null (carries secrets).
    Config(Panel),
    /// The `$options` array, default null.
    Options,
    /// A PHP callable or null, default null (a face's own plumbing).
    Callable,
}

impl Kind {
    /// The PHP type the signatures declare.
    pub fn php_type(self) -> &'static str {
        match self {
            Kind::Domain(_) | Kind::Host | Kind::Path | Kind::Text => "string",
            Kind::Int => "int",
            Kind::Names | Kind::Expect | Kind::Constants => "array",
            Kind::Config(_) | Kind::Options => "?array",
            Kind::Callable => "mixed",
        }
    }

    /// The PHP default value, for optional parameters.
    pub fn php_default(self) -> Option<&'static str> {
        match self {
            Kind::Expect => Some("[]"),
            Kind::Config(_) | Kind::Options | Kind::Callable => Some("null"),
            _ => None,
        }
    }

    /// Whether the value may carry a token or key (`#[\SensitiveParameter]`).
    pub fn is_sensitive(self) -> bool {
        matches!(self, Kind::Config(_) | Kind::Constants)
    }

    fn default_value(self) -> Value {
        match self {
            Kind::Expect => Value::Array(Vec::new()),
            _ => Value::Null,
        }
    }

    /// Whether `v` fits; `Err` holds what it should have been, for the message.
    fn fits(self, v: &Value) -> std::result::Result<(), Mismatch> {
        let ok = match self {
            Kind::Domain(_) | Kind::Host | Kind::Path | Kind::Text => v.is_string(),
            Kind::Int => v.is_i64(),
            Kind::Names | Kind::Constants => args::is_array(v),
            Kind::Config(_) | Kind::Options => v.is_null() || args::is_array(v),
            Kind::Callable => true,
            Kind::Expect => {
                if !args::is_array(v) {
                    false
                } else if let Some(bad) = args::entries(v)
                    .unwrap_or_default()
                    .into_iter()
                    .find(|(_, e)| !e.is_string())
                {
                    return Err(Mismatch::Element(args::type_name(bad.1)));
                } else {
                    true
                }
            }
        };
        if ok {
            Ok(())
        } else {
            Err(Mismatch::Type(args::type_name(v)))
        }
    }

    /// What a value should have been, in a message.
    fn wanted(self) -> &'static str {
        match self.php_type() {
            "string" => "a string",
            "int" => "an integer",
            "array" => "an array",
            "?array" => "an array or null",
            _ => "anything",
        }
    }
}

enum Mismatch {
    Type(String),
    Element(String),
}

/// One parameter: its PHP name (without `$`) and kind.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
}

/// What a function returns to PHP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    Array,
    Bool,
    String,
    Void,
}

impl Returns {
    pub fn php_type(self) -> &'static str {
        match self {
            Returns::Array => "array",
            Returns::Bool => "bool",
            Returns::String => "string",
            Returns::Void => "void",
        }
    }
}

/// Who carries a function out.
#[derive(Clone, Copy)]
pub enum Run {
    /// The core, through [`call`].
    Core(fn(&mut Call<'_>) -> Result<Value>),
    /// Each face itself (the logger: a PHP callable in the extension, PHP code
    /// over the C ABI's log capture in FFI mode).
    Face,
}

/// One native function.
#[derive(Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub params: &'static [Param],
    pub returns: Returns,
    /// The doc comment of the stub, one line per entry (`@return` included).
    pub doc: &'static [&'static str],
    /// Whether `$options['progress']` may hold a callable the face calls.
    pub progress: bool,
    pub run: Run,
}

impl Function {
    /// The PHP parameter list, as the stub declares it (without attributes).
    pub fn signature(&self) -> String {
        self.params
            .iter()
            .map(|p| match p.kind.php_default() {
                Some(d) => format!("{} ${} = {d}", p.kind.php_type(), p.name),
                None => format!("{} ${}", p.kind.php_type(), p.name),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// How many arguments must be given.
    pub fn required(&self) -> usize {
        self.params
            .iter()
            .filter(|p| p.kind.php_default().is_none())
            .count()
    }
}

/// Why arguments do not fit a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// Too few or too many.
    Count { given: usize },
    /// Argument `index` (from 0) has the wrong type.
    Type { index: usize, message: String },
}

impl ArgError {
    /// The message the C ABI gives (PHP's engine gives its own `TypeError`).
    pub fn into_error(self, f: &Function) -> Error {
        match self {
            ArgError::Count { given } => {
                let (required, all) = (f.required(), f.params.len());
                let expected = if required == all {
                    format!("{required}")
                } else {
                    format!("{required} to {all}")
                };
                let plural = if all == 1 { "" } else { "s" };
                Error::config(format!(
                    "{}() takes {expected} argument{plural} ({}), {given} given",
                    f.name,
                    f.signature()
                ))
            }
            ArgError::Type { message, .. } => Error::config(message),
        }
    }
}

/// Checks `args` against the function's parameters and fills in defaults.
pub fn check_args(f: &Function, mut args: Vec<Value>) -> std::result::Result<Vec<Value>, ArgError> {
    if args.len() < f.required() || args.len() > f.params.len() {
        return Err(ArgError::Count { given: args.len() });
    }
    for (index, param) in f.params.iter().enumerate() {
        let Some(v) = args.get(index) else {
            args.push(param.kind.default_value());
            continue;
        };
        let at = format!("{}(): argument #{} (${})", f.name, index + 1, param.name);
        let message = match param.kind.fits(v) {
            Ok(()) => continue,
            Err(Mismatch::Type(got)) => {
                format!("{at} must be {}, got {got}", param.kind.wanted())
            }
            Err(Mismatch::Element(got)) => format!(
                "{at} must be a list of strings (IP addresses or host names), got {got} in it"
            ),
        };
        return Err(ArgError::Type { index, message });
    }
    Ok(args)
}

/// One call of a function: its checked arguments, the constants and ini
/// settings of the face, and the progress callback of a sync.
pub struct Call<'a> {
    pub(super) function: &'static Function,
    pub(super) args: Vec<Value>,
    pub(super) env: &'a dyn SettingSource,
    pub(super) progress: Option<Progress<'a>>,
}

impl<'a> Call<'a> {
    /// Argument `i` as a string (checked by [`check_args`]).
    pub fn text(&self, i: usize) -> &str {
        self.args[i].as_str().unwrap_or_default()
    }

    /// Argument `i` as given.
    pub fn arg(&self, i: usize) -> &Value {
        &self.args[i]
    }

    /// Argument `i` as a domain name, by its panel's rule.
    pub fn domain(&self, i: usize) -> Result<DomainName> {
        match self.function.params[i].kind {
            Kind::Domain(panel) => panel.domain(self.text(i)),
            _ => DomainName::parse(self.text(i)),
        }
    }

    /// The settings of a panel call: argument `i` (its `$config`, checked
    /// against the panel's keys) over the face's constants and ini settings.
    pub fn settings(&self, i: usize) -> Result<CallSource<'a>> {
        let panel = match self.function.params[i].kind {
            Kind::Config(panel) => panel,
            _ => unreachable!("argument {i} of {} is not a $config", self.function.name),
        };
        let config = CallConfig::parse(Some(&self.args[i]), &panel.config_keys())?;
        Ok(CallSource::new(config, self.env))
    }

    /// The face's constants and ini settings.
    pub fn env(&self) -> &'a dyn SettingSource {
        self.env
    }

    /// Reports a sync's progress; false when the caller asked to stop.
    pub fn progress(&mut self, done: usize, total: usize) -> bool {
        match self.progress.as_mut() {
            Some(report) => report(done, total),
            None => true,
        }
    }
}

/// A core answer as JSON.
pub(super) fn to_json<T: Serialize>(result: Result<T>) -> Result<Value> {
    let value = result?;
    serde_json::to_value(value).map_err(|e| {
        Error::new(
            crate::error::ErrorKind::Api,
            format!("the answer could not be encoded: {e}"),
        )
    })
}
