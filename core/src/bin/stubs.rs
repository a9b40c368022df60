//! `make stubs`: writes the PHP stub file and the FFI-mode wrappers, made from
//! the table of native functions, below the repository directory given (default
//! the current one).

use wu_hosting_core::functions::generate;

fn main() -> std::io::Result<()> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    for (path, text) in [
        (generate::STUB_PATH, generate::stub()),
        (generate::FFI_PATH, generate::ffi()),
    ] {
        let path = std::path::Path::new(&root).join(path);
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
