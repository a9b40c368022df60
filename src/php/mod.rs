//! The PHP extension: every function of the core's table
//! (`wu_hosting_core::functions`) is registered with the signature the table
//! gives and one handler, [`handle`], which turns the zvals into the table's
//! arguments, calls the core and turns the answer into a PHP value and a core
//! error into a `WuHosting\*` exception. No function is written out here.

mod exceptions;
mod json;
mod logger;
mod sensitive;
mod source;

use ext_php_rs::args::Arg;
use ext_php_rs::builders::FunctionBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, IniEntryPermission};
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use ext_php_rs::zend::{ce, ExecuteData, IniEntryDef, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};
use serde_json::Value;
use source::PhpEnv;
use std::ffi::CString;
use wu_hosting_core::args::{self, Slot};
use wu_hosting_core::config::{self, SettingSource};
use wu_hosting_core::functions::{self, ArgError, Function, Kind, Returns, Run};

/// The extension's ini settings, declared from the core's key table.
fn register_ini(module_number: i32) {
    let leak = |s: &str| -> &'static std::ffi::CStr {
        Box::leak(CString::new(s).unwrap_or_default().into_boxed_c_str())
    };
    let mut defs: Vec<IniEntryDef> = config::INI_KEYS
        .iter()
        .filter_map(|k| {
            let name = k.ini?;
            Some(IniEntryDef::new(
                leak(name),
                leak(k.default.unwrap_or("")),
                IniEntryPermission::All,
            ))
        })
        .collect();
    defs.push(IniEntryDef::end());
    // The engine keeps the table for the life of the process.
    IniEntryDef::register(Box::leak(defs.into_boxed_slice()), module_number);
}

pub fn startup(_ty: i32, module_number: i32) -> i32 {
    register_ini(module_number);
    sensitive::mark("wu_hosting");
    match exceptions::register() {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `php --ri wu_hosting`: the version and the ini settings (none of them secret).
pub extern "C" fn info(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("wu_hosting support", "enabled");
    info_table_row!("version", wu_hosting_core::version());
    info_table_row!("panels", "Enhance, Closte");
    for key in config::INI_KEYS {
        if let Some(name) = key.ini {
            info_table_row!(name, PhpEnv.ini(name).unwrap_or_default());
        }
    }
    info_table_end!();
}

/// A core answer as a PHP value; object keys that are decimal integers become
/// integer keys, as PHP itself stores them.
fn to_zval(value: &Value) -> Zval {
    let mut zv = Zval::new();
    match value {
        Value::Null => zv.set_null(),
        Value::Bool(b) => zv.set_bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => zv.set_long(i),
            None => zv.set_double(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => {
            let _ = zv.set_string(s, false);
        }
        Value::Array(items) => {
            let mut ht = ZendHashTable::new();
            for item in items {
                let _ = ht.push(to_zval(item));
            }
            zv.set_hashtable(ht);
        }
        Value::Object(map) => {
            let mut ht = ZendHashTable::new();
            for (k, v) in map {
                let _ = match Slot::of(k) {
                    Slot::Index(i) => ht.insert_at_index(i, to_zval(v)),
                    Slot::Name(name) => ht.insert(name.as_str(), to_zval(v)),
                };
            }
            zv.set_hashtable(ht);
        }
    }
    zv
}

/// The name of the function PHP is calling.
fn called(ex: &ExecuteData) -> Option<&'static Function> {
    // SAFETY: the engine sets `func` for every call frame; a function's name is
    // an interned string that lives as long as the function.
    let name = unsafe {
        let func = ex.func.as_ref()?;
        let name = func.common.function_name.as_ref()?;
        std::str::from_utf8(std::slice::from_raw_parts(
            name.val.as_ptr().cast::<u8>(),
            name.len,
        ))
        .ok()?
    };
    functions::find(name)
}

/// The arguments PHP passed.
fn arguments(ex: &ExecuteData) -> Vec<&'static Zval> {
    // SAFETY: `num_args` counts the arguments the engine placed in this frame.
    let count = unsafe { ex.This.u2.num_args } as usize;
    (0..count)
        .filter_map(|n| unsafe { ex.zend_call_arg(n) }.map(|zv| &*zv))
        .collect()
}

/// The progress callable of a sync's `$options`, taken out: the core is told
/// only whether one was given (see `wu_hosting_core::sync::options`).
fn take_progress(
    f: &Function,
    given: &[&'static Zval],
    args: &mut [Value],
) -> Option<ZendCallable<'static>> {
    if !f.progress {
        return None;
    }
    let at = f.params.iter().position(|p| p.kind == Kind::Options)?;
    let zv = given.get(at)?.dereference().array()?.get("progress")?;
    if zv.is_null() {
        return None;
    }
    let Value::Object(map) = args.get_mut(at)? else {
        return None;
    };
    match ZendCallable::new(zv) {
        Ok(callable) => {
            map.insert("progress".into(), Value::Bool(true));
            Some(callable)
        }
        Err(_) => {
            map.insert("progress".into(), args::opaque("not callable"));
            None
        }
    }
}

/// The one handler of every function of the table.
extern "C" fn handle(ex: &mut ExecuteData, retval: &mut Zval) {
    let Some(f) = called(ex) else {
        return;
    };
    let given = arguments(ex);
    let values = given.iter().map(|zv| json::value(zv)).collect();
    let mut args = match functions::check_args(f, values) {
        Ok(args) => args,
        Err(ArgError::Count { .. }) => {
            let (min, max) = (f.required() as u32, f.params.len() as u32);
            // SAFETY: called from a PHP function; throws ArgumentCountError.
            unsafe { ext_php_rs::ffi::zend_wrong_parameters_count_error(min, max) };
            return;
        }
        Err(ArgError::Type { index, .. }) => {
            let message = format!(
                "Invalid value given for argument `{}`.",
                f.params[index].name
            );
            PhpException::new(message, 0, ce::type_error()).throw();
            return;
        }
    };
    let result = match f.run {
        Run::Face => logger::set(given.first().copied()),
        Run::Core(_) => {
            let progress = take_progress(f, &given, &mut args);
            let mut report = |done: usize, total: usize| match &progress {
                None => true,
                // A PHP exception from the callable stops the sync and reaches the caller.
                Some(callable) => callable
                    .try_call(vec![&(done as i64), &(total as i64)])
                    .is_ok(),
            };
            functions::run(f, args, &PhpEnv, Some(&mut report))
        }
    };
    // Log lines first: a PHP callable cannot run while an exception is pending.
    logger::flush();
    match result {
        Ok(value) if f.returns != Returns::Void => *retval = to_zval(&value),
        Ok(_) => retval.set_null(),
        Err(e) => exceptions::throw(&e),
    }
}

fn data_type(kind: Kind) -> DataType {
    match kind.php_type() {
        "string" => DataType::String,
        "int" => DataType::Long,
        "mixed" => DataType::Mixed,
        _ => DataType::Array,
    }
}

fn return_type(returns: Returns) -> DataType {
    match returns {
        Returns::Array => DataType::Array,
        Returns::Bool => DataType::Bool,
        Returns::String => DataType::String,
        Returns::Void => DataType::Void,
    }
}

/// The PHP declaration of a function of the table.
fn declare(f: &'static Function) -> FunctionBuilder<'static> {
    let mut builder = FunctionBuilder::new(f.name, handle);
    for (i, p) in f.params.iter().enumerate() {
        if i == f.required() {
            builder = builder.not_required();
        }
        let mut arg = Arg::new(p.name, data_type(p.kind));
        if p.kind.php_type().starts_with('?') {
            arg = arg.allow_null();
        }
        if let Some(default) = p.kind.php_default() {
            arg = arg.default(default);
        }
        builder = builder.arg(arg);
    }
    builder.returns(return_type(f.returns), false, false)
}

/// Forgets the logger at the end of each request: it may be a closure of that request.
pub extern "C" fn request_shutdown(_ty: i32, _module_number: i32) -> i32 {
    logger::forget();
    0
}

#[php_module]
#[php(startup = "startup")]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    functions::TABLE
        .iter()
        .fold(module.name("wu_hosting").info_function(info), |m, f| {
            m.function(declare(f))
        })
        .request_shutdown_function(request_shutdown)
}
