//! The C ABI, described by `include/wu_hosting.h` (written by cbindgen at build
//! time), for PHP's FFI and other C callers.

use std::ffi::c_char;

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version as a NUL-terminated string owned by the library.
#[no_mangle]
pub extern "C" fn wu_hosting_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_nul_terminated() {
        let s = unsafe { std::ffi::CStr::from_ptr(super::wu_hosting_version()) };
        assert_eq!(s.to_str().unwrap(), crate::version());
    }
}
