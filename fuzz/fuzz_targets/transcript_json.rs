//! The transcript JSON reader (`onsite score x.json`, interview answers, archive sessions):
//! any bytes give a transcript that passes its own checks, or an error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onsite_transcript::Transcript;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = Transcript::from_json_slice(data) {
        // What was accepted is consistent: its checks pass and it survives a round trip.
        t.validate().expect("an accepted transcript validates");
        let again = serde_json::to_vec(&t).expect("serialise");
        Transcript::from_json_slice(&again).expect("a written transcript reads back");
        let _ = t.words().count();
    }
});
