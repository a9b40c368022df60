//! The PHP files made from the table: the stub file IDEs and the tests read
//! (`php/stubs/wu_hosting.stub.php`) and the FFI-mode wrappers
//! (`php/native/ffi.php`). `make stubs` writes them; a test fails when the
//! committed files differ from what is made here.

use super::function::{Function, Kind, Run};
use super::table::TABLE;
use crate::error::{ErrorKind, BASE_CLASS};
use std::fmt::Write;

/// Where the files go, from the top of the repository.
pub const STUB_PATH: &str = "php/stubs/wu_hosting.stub.php";
pub const FFI_PATH: &str = "php/native/ffi.php";

/// A parameter list with `#[\SensitiveParameter]` where a value may carry a secret.
fn parameters(f: &Function) -> String {
    f.params
        .iter()
        .map(|p| {
            let attribute = if p.kind.is_sensitive() {
                "#[\\SensitiveParameter] "
            } else {
                ""
            };
            match p.kind.php_default() {
                Some(d) => format!("{attribute}{} ${} = {d}", p.kind.php_type(), p.name),
                None => format!("{attribute}{} ${}", p.kind.php_type(), p.name),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn declaration(f: &Function) -> String {
    format!(
        "function {}({}): {}",
        f.name,
        parameters(f),
        f.returns.php_type()
    )
}

fn doc_comment(out: &mut String, lines: &[&str], indent: &str) {
    if let [only] = lines {
        let _ = writeln!(out, "{indent}/** {only} */");
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let _ = writeln!(out, "{indent} * {line}");
    }
    let _ = writeln!(out, "{indent} */");
}

fn short_class(kind_class: &str) -> &str {
    kind_class.rsplit('\\').next().unwrap_or(kind_class)
}

/// `php/stubs/wu_hosting.stub.php`.
pub fn stub() -> String {
    let mut out = String::from(
        "<?php
/**
 * Stubs of the wu_hosting extension, for IDEs and static analysis.
 * Made from the table of native functions (core/src/functions/) by `make stubs`;
 * do not edit: tests/php/ExtensionTest.php and the core's tests compare it.
 *
 * Every panel function takes an optional $config array whose keys override the
 * PHP constants and ini settings it reads; wu_hosting_info() lists them. The
 * readiness checks (wu_dns_check*, wu_ssl_check*) take an $options array
 * instead, described with each; wu_hosting.max_concurrency bounds their batches.
 */

namespace WuHosting {
",
    );
    let _ = writeln!(
        out,
        "    /** Base of every exception the extension throws. */"
    );
    let _ = writeln!(
        out,
        "    class {} extends \\RuntimeException {{}}",
        short_class(BASE_CLASS)
    );
    for kind in ErrorKind::ALL {
        out.push('\n');
        let _ = writeln!(out, "    /** {} */", kind.doc());
        if kind == ErrorKind::Api {
            let _ = writeln!(
                out,
                "    class {} extends Exception
    {{
        /** The panel's own error code, e.g. \"not_found\". */
        public ?string $errorCode = null;
        /** The panel's own message, or its plain-text answer. */
        public ?string $panelMessage = null;
    }}",
                short_class(kind.class())
            );
        } else {
            let _ = writeln!(
                out,
                "    class {} extends Exception {{}}",
                short_class(kind.class())
            );
        }
    }
    out.push_str("}\n\nnamespace {\n");
    for (i, f) in TABLE.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        doc_comment(&mut out, f.doc, "    ");
        let _ = writeln!(out, "    {} {{}}", declaration(f));
    }
    out.push_str("}\n");
    out
}

/// The body of an FFI-mode wrapper.
fn ffi_body(f: &Function) -> String {
    let args = f
        .params
        .iter()
        .map(|p| format!("${}", p.name))
        .collect::<Vec<_>>()
        .join(", ");
    match f.run {
        Run::Face => {
            let method = f.name.trim_start_matches("wu_hosting_");
            format!("\\WuHosting\\Native\\Ffi_Library::{method}({args});")
        }
        Run::Core(_) => {
            let options_at = f
                .params
                .iter()
                .position(|p| p.kind == Kind::Options)
                .filter(|_| f.progress)
                .map(|i| format!(", {i}"))
                .unwrap_or_default();
            format!(
                "return \\WuHosting\\Native\\Ffi_Library::call('{}', [{args}]{options_at});",
                f.name
            )
        }
    }
}

/// `php/native/ffi.php`.
pub fn ffi() -> String {
    let mut out = String::from(
        "<?php
/**
 * The wu_hosting functions and exception classes over the library's C ABI,
 * through PHP's FFI, for hosts without the wu_hosting extension. Same
 * signatures, same answers, same exceptions as the extension (see
 * php/stubs/wu_hosting.stub.php). Nothing is defined when the extension is
 * loaded, or when FFI cannot be used; wu_hosting_native_mode() says which case
 * holds and WuHosting\\Native\\Ffi_Library::unavailable_reason() why FFI cannot.
 *
 * Settings: ffi.enable=1 (the default 'preload' allows FFI on the command line
 * only), and the library file: the WU_HOSTING_FFI_LIBRARY constant or
 * environment variable, else wu_hosting.so in PHP's extension directory.
 *
 * Made from the table of native functions (core/src/functions/) by
 * `make stubs`; do not edit.
 *
 * @package WuHosting
 */

declare(strict_types=1);

namespace WuHosting\\Native {
\trequire_once __DIR__ . '/class-ffi-library.php';
}

namespace WuHosting {
\tif (!extension_loaded('wu_hosting') && \\WuHosting\\Native\\Ffi_Library::precondition_failure() === null) {
\t\tif (!class_exists(Exception::class, false)) {
\t\t\t/** Base of every exception the functions throw. */
\t\t\tclass Exception extends \\RuntimeException {}
\t\t}
",
    );
    for kind in ErrorKind::ALL {
        let class = short_class(kind.class());
        let _ = writeln!(out, "\t\tif (!class_exists({class}::class, false)) {{");
        let _ = writeln!(out, "\t\t\t/** {} */", kind.doc());
        if kind == ErrorKind::Api {
            let _ = writeln!(
                out,
                "\t\t\tclass {class} extends Exception
\t\t\t{{
\t\t\t\t/** @var string|null the panel's own error code, e.g. \"not_found\" */
\t\t\t\tpublic $errorCode = null;
\t\t\t\t/** @var string|null the panel's own message, or its plain-text answer */
\t\t\t\tpublic $panelMessage = null;
\t\t\t}}"
            );
        } else {
            let _ = writeln!(out, "\t\t\tclass {class} extends Exception {{}}");
        }
        let _ = writeln!(out, "\t\t}}");
    }
    out.push_str(
        "\t}
}

namespace {
\tif (!function_exists('wu_hosting_native_mode')) {
\t\t/**
\t\t * How the wu_* functions are provided: 'extension' (the PHP extension is
\t\t * loaded), 'ffi' (this file, over the library through FFI) or 'none'.
\t\t */
\t\tfunction wu_hosting_native_mode(): string
\t\t{
\t\t\tif (extension_loaded('wu_hosting')) {
\t\t\t\treturn 'extension';
\t\t\t}
\t\t\tif (function_exists('wu_enhance_add_domain') && \\WuHosting\\Native\\Ffi_Library::unavailable_reason() === null) {
\t\t\t\treturn 'ffi';
\t\t\t}
\t\t\treturn 'none';
\t\t}
\t}

\tif (!extension_loaded('wu_hosting') && \\WuHosting\\Native\\Ffi_Library::precondition_failure() === null) {
",
    );
    for (i, f) in TABLE.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "\t\tif (!function_exists('{}')) {{", f.name);
        let _ = writeln!(out, "\t\t\t{}", declaration(f));
        let _ = writeln!(out, "\t\t\t{{");
        let _ = writeln!(out, "\t\t\t\t{}", ffi_body(f));
        let _ = writeln!(out, "\t\t\t}}");
        let _ = writeln!(out, "\t\t}}");
    }
    out.push_str("\t}\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed(path: &str) -> String {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_default()
    }

    /// Run `make stubs` when this fails after a change to the table.
    #[test]
    fn the_committed_php_files_are_the_generated_ones() {
        assert!(
            committed(STUB_PATH) == stub(),
            "{STUB_PATH} is not current: run `make stubs`"
        );
        assert!(
            committed(FFI_PATH) == ffi(),
            "{FFI_PATH} is not current: run `make stubs`"
        );
    }

    #[test]
    fn secrets_are_marked_and_sync_progress_is_passed() {
        let stub = stub();
        assert!(stub.contains("function wu_enhance_add_domain(string $domain, #[\\SensitiveParameter] ?array $config = null): array {}"));
        assert!(stub.contains("function wu_hosting_write_constants(string $path, #[\\SensitiveParameter] array $constants): array {}"));
        let ffi = ffi();
        assert!(
            ffi.contains("Ffi_Library::call('wu_closte_sync', [$domains, $options, $config], 1);")
        );
        assert!(ffi.contains("Ffi_Library::set_logger($logger);"));
    }
}
