//! Marks every parameter of the extension's functions that can carry a token or a
//! key (`$config`, and the `$constants` written into wp-config.php) as
//! `#[\SensitiveParameter]`, as PHP's own arginfo does for its internal functions:
//! then a stack trace (with `zend.exception_ignore_args=0`, PHP's default) shows
//! `Object(SensitiveParameterValue)` in their place, never the array.

use ext_php_rs::ffi;
use std::ffi::{c_char, c_void, CStr};

/// Whether parameter `index` of the function `name` may carry a secret, as the
/// core's table says.
fn is_sensitive(name: &str, index: usize) -> bool {
    wu_hosting_core::functions::find(name)
        .and_then(|f| f.params.get(index))
        .is_some_and(|p| p.kind.is_sensitive())
}

/// `ZEND_ATTRIBUTE_PERSISTENT`: the attribute of an internal function lives as
/// long as the process.
const PERSISTENT: u32 = 1;

extern "C" {
    static mut module_registry: ffi::HashTable;
    fn zend_add_attribute(
        attributes: *mut *mut ffi::HashTable,
        name: *mut ffi::zend_string,
        argc: u32,
        flags: u32,
        offset: u32,
        lineno: u32,
    ) -> *mut c_void;
}

/// Adds the attribute to the sensitive parameters of the functions of `module`
/// (the extension's own name); returns how many were marked. Call at startup,
/// after the functions are registered.
pub fn mark(module: &str) -> usize {
    let mut marked = 0;
    // SAFETY: at module startup the module registry and the function table are
    // complete and nothing else runs; every pointer read is checked for null and
    // comes from the engine's own tables.
    unsafe {
        let entry = ffi::zend_hash_str_find_ptr_lc(
            &raw const module_registry,
            module.as_ptr().cast::<c_char>(),
            module.len(),
        )
        .cast::<ffi::zend_module_entry>();
        if entry.is_null() || (*entry).functions.is_null() {
            return 0;
        }
        let Some(intern) = ffi::zend_string_init_interned else {
            return 0;
        };
        let name = intern(
            c"SensitiveParameter".as_ptr(),
            "SensitiveParameter".len(),
            true,
        );
        // At startup the functions are in the compiler's table (the executor's is
        // not set up before the first request).
        let functions = (*ffi::ext_php_rs_compiler_globals()).function_table;
        if functions.is_null() {
            return 0;
        }
        let mut f = (*entry).functions;
        while !(*f).fname.is_null() {
            let fname = CStr::from_ptr((*f).fname).to_bytes();
            let func = ffi::zend_hash_str_find_ptr_lc(
                functions,
                fname.as_ptr().cast::<c_char>(),
                fname.len(),
            )
            .cast::<ffi::zend_function>();
            if !func.is_null() {
                let internal = &mut (*func).internal_function;
                for i in 0..internal.num_args {
                    let arg = internal.arg_info.add(i as usize);
                    if arg.is_null() || (*arg).name.is_null() {
                        continue;
                    }
                    if is_sensitive(&String::from_utf8_lossy(fname), i as usize) {
                        zend_add_attribute(
                            &raw mut internal.attributes,
                            name,
                            0,
                            PERSISTENT,
                            i + 1,
                            0,
                        );
                        marked += 1;
                    }
                }
            }
            f = f.add(1);
        }
    }
    marked
}
