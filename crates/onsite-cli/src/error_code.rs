//! The stable code of a failed command, for scripts: the first engine error in the chain that
//! has one (`store_corrupt`, `speech_unsupported`, `archive_zip_bomb`, …). `main` prints it on
//! its own line after the message (`code: …`), so scripts need not match message text.

use std::error::Error as StdError;

/// The stable code of the first engine error in `err`'s chain, if any.
pub fn of(err: &anyhow::Error) -> Option<&'static str> {
    err.chain().find_map(code_of)
}

fn code_of(e: &(dyn StdError + 'static)) -> Option<&'static str> {
    macro_rules! try_types {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = e.downcast_ref::<$t>() {
                return Some(e.code());
            })*
        };
    }
    try_types!(
        onsite_speech::SpeechError,
        onsite_speech::vocab::VocabularyError,
        onsite_models::ModelError,
        onsite_rubric::RubricError,
        onsite_store::StoreError,
        onsite_store::ArchiveError,
        onsite_transcript::TranscriptError,
        onsite_datadir::DataDirError,
        onsite_capture::CaptureError,
        onsite_interview::BankError,
        onsite_interview::PlanError,
        onsite_interview::document::DocumentError,
        onsite_live::LiveError,
        onsite_voice::VoiceError,
        onsite_diagram::DiagramError,
        onsite_meaning::MeaningError,
    );
    None
}
