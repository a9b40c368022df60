//! Writes `include/wu_hosting.h`, the C header of the functions in `src/ffi.rs`,
//! and the same file as `php/native/wu_hosting.h`, the declarations the PHP FFI
//! shim loads.

fn main() {
    println!("cargo:rerun-if-changed=src/ffi.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=php/native/wu_hosting.h");
    let crate_dir =
        std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let config =
        cbindgen::Config::from_file(format!("{crate_dir}/cbindgen.toml")).unwrap_or_default();
    match cbindgen::Builder::new()
        .with_config(config)
        .with_src(format!("{crate_dir}/src/ffi.rs"))
        .generate()
    {
        Ok(bindings) => {
            bindings.write_to_file(format!("{crate_dir}/include/wu_hosting.h"));
            let shim_dir = format!("{crate_dir}/php/native");
            if std::path::Path::new(&shim_dir).is_dir() {
                bindings.write_to_file(format!("{shim_dir}/wu_hosting.h"));
            }
        }
        Err(e) => println!("cargo:warning=include/wu_hosting.h was not regenerated: {e}"),
    }
}
