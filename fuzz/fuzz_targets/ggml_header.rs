//! The ggml (whisper.cpp) model reader: `read_header` and the full structural `validate` on any
//! bytes give model information or a `ModelError`; never a panic, never an allocation sized by
//! the file's claims.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(data).expect("write");
    let _ = onsite_models::ggml::read_header(f.path());
    let _ = onsite_models::ggml::validate(f.path());
});
