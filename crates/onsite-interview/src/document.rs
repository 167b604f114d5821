//! Plain text out of a résumé or job description: `.txt`, `.md`, `.pdf` or `.docx`.
//!
//! Only text is kept; layout, images and metadata are dropped. Inputs are bounded so that a
//! huge or hostile file gives an error instead of exhausting memory.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest document file read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest text kept from a document (a résumé is a few pages).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is {size} bytes; documents over {MAX_FILE_BYTES} bytes are not read", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{} has an unsupported extension; use .txt, .md, .pdf or .docx (or paste the text)", path.display())]
    UnsupportedFormat { path: PathBuf },
    #[error("{} is not a readable PDF: {reason}", path.display())]
    Pdf { path: PathBuf, reason: String },
    #[error("{} is not a readable .docx file: {reason}", path.display())]
    Docx { path: PathBuf, reason: String },
    #[error("{} contains no readable text (a scanned PDF needs OCR first; paste the text instead)", path.display())]
    Empty { path: PathBuf },
}

impl DocumentError {
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Io { .. } => "document_unreadable",
            DocumentError::TooLarge { .. } => "document_too_large",
            DocumentError::UnsupportedFormat { .. } => "document_unsupported_format",
            DocumentError::Pdf { .. } => "document_pdf_invalid",
            DocumentError::Docx { .. } => "document_docx_invalid",
            DocumentError::Empty { .. } => "document_empty",
        }
    }
}

/// Reads the text of a document, choosing the parser by extension.
pub fn read_text(path: &Path) -> Result<String, DocumentError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(
        ext.as_str(),
        "txt" | "md" | "markdown" | "text" | "pdf" | "docx"
    ) {
        return Err(DocumentError::UnsupportedFormat {
            path: path.to_path_buf(),
        });
    }
    let bytes = read_bounded(path)?;
    let text = match ext.as_str() {
        "pdf" => pdf_text(path, &bytes)?,
        "docx" => docx_text(path, &bytes)?,
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    };
    let text = truncate(text);
    if text.trim().is_empty() {
        return Err(DocumentError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, DocumentError> {
    let io = |source| DocumentError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(DocumentError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    std::fs::read(path).map_err(io)
}

fn truncate(mut text: String) -> String {
    if text.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

fn pdf_text(path: &Path, bytes: &[u8]) -> Result<String, DocumentError> {
    let err = |reason: String| DocumentError::Pdf {
        path: path.to_path_buf(),
        reason,
    };
    // pdf-extract can panic on malformed files rather than return an error; a bad résumé must
    // give the user a message, not take the app down.
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(err(e.to_string())),
        Err(_) => Err(err(
            "the PDF parser could not make sense of this file".into()
        )),
    }
}

/// The text of `word/document.xml`: runs of `w:t`, with paragraph and line breaks kept.
fn docx_text(path: &Path, bytes: &[u8]) -> Result<String, DocumentError> {
    use quick_xml::events::Event;

    let err = |reason: String| DocumentError::Docx {
        path: path.to_path_buf(),
        reason,
    };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
    let mut xml = Vec::new();
    {
        let entry = archive
            .by_name("word/document.xml")
            .map_err(|_| err("it has no word/document.xml".into()))?;
        // The declared size can lie; cap what is actually inflated (zip bombs).
        entry
            .take(MAX_FILE_BYTES * 4)
            .read_to_end(&mut xml)
            .map_err(|e| err(e.to_string()))?;
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().0 == "w:t" => in_text = true,
            Ok(Event::End(e)) => match e.name().0 {
                "w:t" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().0 {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                out.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name: &str = r.as_ref();
                out.push_str(&unescape(&format!("&{name};")));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(err(format!("broken XML: {e}"))),
        }
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
        buf.clear();
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    match quick_xml::escape::unescape(s) {
        Ok(c) => c.into_owned(),
        Err(_) => s.to_string(),
    }
}
