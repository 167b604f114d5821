//! The question pack parser (TOML files a user drops into `questions/`): any text gives a bank
//! or a `BankError` naming the file and line; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onsite_interview::Bank;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bank) = Bank::from_texts([("fuzz.toml", text)]) {
        for q in bank.questions() {
            assert!(bank.get(&q.id).is_some());
        }
    }
});
