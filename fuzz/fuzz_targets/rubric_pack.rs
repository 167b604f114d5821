//! The rubric pack parser (TOML files a user drops into `rubrics/`): any text gives a pack or
//! a `RubricError`, and an accepted pack can score an answer without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use onsite_rubric::{Answer, Question, QuestionKind, RubricPack};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pack) = RubricPack::from_toml(text, Path::new("fuzz.toml")) {
        let mut q = Question::new(QuestionKind::SystemDesign);
        q.text = "Design a URL shortener.".into();
        let a = Answer::from_text(
            "First I would clarify the scale. The trade-off is latency against cost; we alert on errors.",
        );
        let _ = pack.assess(&q, &a);
    }
});
