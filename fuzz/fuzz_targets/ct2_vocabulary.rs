//! The CTranslate2 vocabulary reader used by `onsite models import-ct2` (`vocabulary.json`, and
//! the older one-token-a-line `vocabulary.txt`): any bytes give exactly the tokens before the
//! end-of-text id, or a `ModelError`; never a panic, never a read of an absurd file.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use onsite_models::ct2::vocab::Vocabulary;

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    // The first byte picks the form and an end-of-text id small enough for the fuzzer to
    // reach, so the token decoding behind it is exercised, not only the size check.
    let eot = usize::from(first & 0x3f);
    let suffix = if first & 0x40 == 0 {
        "vocabulary.json"
    } else {
        "vocabulary.txt"
    };
    let mut f = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile()
        .expect("temp file");
    f.write_all(body).expect("write");
    if let Ok(vocab) = Vocabulary::read(f.path(), eot) {
        assert_eq!(
            vocab.tokens.len(),
            eot,
            "the tokens before end-of-text, all of them"
        );
    }
});
