#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wu_hosting_fuzz::readiness_options(data));
