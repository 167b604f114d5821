//! A Piper voice's `.onnx.json`, as `onsite voices install` and every voice open read it: any
//! bytes are accepted or refused with a message (`voice_config`); never a panic. An accepted
//! config then maps the same bytes, read as phonemes, to model ids without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onsite_voice::piper::PiperConfig;

fuzz_target!(|data: &[u8]| {
    if let Ok(config) = PiperConfig::parse(data) {
        let ids = config.ids(&String::from_utf8_lossy(data));
        assert!(ids.len() >= 3, "BOS, pad and EOS at least");
    }
});
