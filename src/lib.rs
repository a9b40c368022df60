//! wu_hosting, the PHP extension and C library: the two faces over
//! `wu_hosting_core`. `php` turns zvals into the core's arguments and core errors
//! into PHP exceptions; `ffi` does the same for JSON requests through the C ABI.

pub mod ffi;

#[cfg(not(any(test, fuzzing)))]
mod php;
