//! What can go wrong while building a report, with stable codes for the UI and scripts.

use onsite_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no session with id {0}; `onsite sessions list` shows the sessions on this machine")]
    UnknownSession(String),
    #[error("{0:?} is not a session id (a lowercase UUID, as `onsite sessions list` prints)")]
    BadSessionId(String),
    #[error("unknown report format {0:?}; use html, pdf or md")]
    UnknownFormat(String),
    #[error("could not write the PDF: {0}")]
    Pdf(String),
    #[error("the bundled report font could not be read: {0}")]
    Font(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

impl ReportError {
    /// Stable identifier; never match on the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownSession(_) => "report_unknown_session",
            Self::BadSessionId(_) => "report_bad_session_id",
            Self::UnknownFormat(_) => "report_unknown_format",
            Self::Pdf(_) => "report_pdf",
            Self::Font(_) => "report_font",
            Self::Store(e) => e.code(),
        }
    }
}

impl From<StoreError> for ReportError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}
