//! The CTranslate2 `model.bin` reader used by `onsite models import-ct2`: indexing any bytes
//! gives the variable index or a `ModelError`; never a panic.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use onsite_models::ct2::Ct2Reader;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(data).expect("write");
    if let Ok(mut reader) = Ct2Reader::open(&[f.path().to_path_buf()]) {
        let _ = reader.index();
    }
});
