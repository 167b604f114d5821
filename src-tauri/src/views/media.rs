//! A take's recording as the replay's Media Source Extensions player reads it: its MSE type
//! and size, then chunks of raw bytes. A file is read only if it resolves (symlinks followed)
//! to a file inside the data folder's `media/`.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::ipc::{InvokeResponseBody, IpcResponse};

use crate::error::CommandError;

/// Largest chunk handed out at once: big enough that a take streams in a few calls, small
/// enough that playback starts before a long take is read.
pub const MAX_CHUNK: u32 = 4 * 1024 * 1024;

/// What the player needs before reading a take.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TakeMedia {
    pub take_id: u32,
    /// The `SourceBuffer` type, e.g. `video/mp4; codecs="avc1.42c01f,opus"`.
    pub mime: String,
    /// File size now (a take still being written grows).
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub duration_ms: u64,
    pub has_video: bool,
    /// `complete`, `recovered` (after a crash), `recording` or `failed`.
    pub status: String,
}

/// Raw bytes of a recording; reach the UI as an `ArrayBuffer`.
#[derive(Debug)]
pub struct MediaChunk(pub Vec<u8>);

impl IpcResponse for MediaChunk {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl specta::Type for MediaChunk {
    fn definition(_: &mut specta::Types) -> specta::datatype::DataType {
        specta::datatype::DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

/// `candidate` canonicalised, if it is a regular file inside `media_dir`.
pub fn resolve(media_dir: &Path, candidate: &Path) -> Result<PathBuf, CommandError> {
    let missing = || {
        CommandError::new(
            "media_missing",
            "this take's recording is no longer in the data folder; it cannot be replayed",
        )
    };
    let root = media_dir.canonicalize().map_err(|_| missing())?;
    let path = candidate.canonicalize().map_err(|_| missing())?;
    if !path.starts_with(&root) || !path.is_file() {
        tracing::warn!(path = %candidate.display(), "refused a media path outside media/");
        return Err(CommandError::new(
            "media_outside_data",
            "this take's recording is not inside the data folder's media/ and will not be opened",
        ));
    }
    Ok(path)
}

pub fn media_info(take_id: u32, path: &Path, status: String) -> Result<TakeMedia, CommandError> {
    let info = onsite_capture::inspect(path)?;
    let size_bytes = std::fs::metadata(path)
        .map_err(|e| io_error(path, &e))?
        .len();
    Ok(TakeMedia {
        take_id,
        mime: info.mime_type,
        size_bytes,
        duration_ms: info.duration_ms,
        has_video: info.tracks.iter().any(|t| t.kind == "video"),
        status,
    })
}

pub fn read_chunk(path: &Path, offset: u64, length: u32) -> Result<Vec<u8>, CommandError> {
    let mut file = File::open(path).map_err(|e| io_error(path, &e))?;
    let size = file.metadata().map_err(|e| io_error(path, &e))?.len();
    if offset >= size {
        return Ok(Vec::new());
    }
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| io_error(path, &e))?;
    let mut out = Vec::new();
    file.take(u64::from(length.min(MAX_CHUNK)))
        .read_to_end(&mut out)
        .map_err(|e| io_error(path, &e))?;
    Ok(out)
}

fn io_error(path: &Path, err: &std::io::Error) -> CommandError {
    CommandError::new(
        "media_read",
        format!("could not read the recording {}: {err}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use onsite_capture::camera::CameraChoice;
    use onsite_capture::recorder::{AudioChoice, RecordOptions, Recording};
    use onsite_capture::video::h264::VideoSettings;
    use onsite_datadir::DataDir;
    use onsite_store::{NewSession, QuestionSnapshot, Store, TakeEnd, TakeId};

    use super::*;

    /// A real one-second take (synthetic camera and tone) recorded into a session's folder.
    fn recorded() -> (tempfile::TempDir, Store, TakeId) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let mut store = Store::open(&dir).unwrap();
        let session = store
            .create_session(&NewSession {
                plan: "quick-15".into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: 1,
            })
            .unwrap();
        let asked = store
            .ask_question(
                &session,
                &QuestionSnapshot {
                    question_id: "q".into(),
                    question_version: "1".into(),
                    text: "Why?".into(),
                },
                2,
            )
            .unwrap();
        let take = store.start_take(asked, 3, Some("q1-take1.mp4")).unwrap();
        let out = store.absolute(take.media_path.as_deref().unwrap());
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let rec = Recording::start(RecordOptions {
            out,
            camera: CameraChoice::Synthetic,
            audio: AudioChoice::Synthetic,
            video: VideoSettings {
                width: 320,
                height: 240,
                fps: 15,
                bitrate_bps: 300_000,
            },
            max_duration: Some(Duration::from_secs(1)),
            speech: None,
            preview: None,
        })
        .unwrap();
        while !rec.is_done() {
            std::thread::sleep(Duration::from_millis(20));
        }
        rec.stop().unwrap();
        store.finish_take(take.id, TakeEnd::Complete, 4).unwrap();
        (tmp, store, take.id)
    }

    fn located(store: &Store, take: TakeId) -> PathBuf {
        let found = store.take_location(take).unwrap();
        resolve(
            &store.data_dir().media_dir(),
            &store.absolute(&found.media_path.unwrap()),
        )
        .unwrap()
    }

    #[test]
    fn a_recorded_take_is_described_and_read_back_byte_for_byte() {
        let (_tmp, store, take) = recorded();
        let path = located(&store, take);

        let info = media_info(7, &path, "complete".into()).unwrap();
        assert!(
            info.mime.starts_with("video/mp4; codecs=\"avc1."),
            "{}",
            info.mime
        );
        assert!(info.mime.ends_with(",opus\""), "{}", info.mime);
        assert!(info.has_video);
        assert!(
            (900..=1100).contains(&info.duration_ms),
            "{}",
            info.duration_ms
        );

        let whole = std::fs::read(&path).unwrap();
        assert_eq!(info.size_bytes, whole.len() as u64);
        let mut joined = Vec::new();
        loop {
            let chunk = read_chunk(&path, joined.len() as u64, 4096).unwrap();
            if chunk.is_empty() {
                break;
            }
            assert!(chunk.len() <= 4096);
            joined.extend(chunk);
        }
        assert_eq!(joined, whole);
        assert!(read_chunk(&path, u64::MAX / 2, 10).unwrap().is_empty());
        // A huge request is capped, not honoured.
        assert!(read_chunk(&path, 0, u32::MAX).unwrap().len() <= MAX_CHUNK as usize);
    }

    #[test]
    fn nothing_outside_media_is_ever_opened() {
        let (tmp, store, _) = recorded();
        let media = store.data_dir().media_dir();

        let db = resolve(&media, &store.data_dir().db_path()).unwrap_err();
        assert_eq!(db.code, "media_outside_data");
        let climbing = resolve(&media, &media.join("../onsite.db")).unwrap_err();
        assert_eq!(climbing.code, "media_outside_data");
        let secret = tmp.path().join("secret.txt");
        std::fs::write(&secret, b"not a recording").unwrap();
        #[cfg(unix)]
        {
            let link = media.join("link.mp4");
            std::os::unix::fs::symlink(&secret, &link).unwrap();
            assert_eq!(
                resolve(&media, &link).unwrap_err().code,
                "media_outside_data"
            );
        }
        assert_eq!(
            resolve(&media, &media.join("gone.mp4")).unwrap_err().code,
            "media_missing"
        );
        // A folder inside media/ is not a recording either.
        assert_eq!(
            resolve(&media, &media).unwrap_err().code,
            "media_outside_data"
        );
    }

    #[test]
    fn a_file_that_is_not_a_take_is_refused_with_the_capture_error() {
        let (_tmp, store, take) = recorded();
        let path = located(&store, take);
        std::fs::write(&path, b"garbage").unwrap();
        let err = media_info(1, &path, "complete".into()).unwrap_err();
        assert_eq!(err.code, "not_a_recording", "{err:?}");
    }
}
