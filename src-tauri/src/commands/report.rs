//! Exporting a session's report from the app: the same report `onsite report` writes.
//!
//! There is no file-dialog plugin (by design: no fs/dialog permissions), so reports go to the
//! data folder's `exports/` folder, private like the rest of it, and the UI shows the path.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use onsite_report::{Format, SessionReport};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::CommandError;
use crate::state::StoreThread;

/// The formats a report can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// One self-contained file: font and charts inlined, nothing remote.
    Html,
    Pdf,
    Md,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Html => Format::Html,
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Md => Format::Md,
        }
    }
}

/// Where an exported report was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ExportedReport {
    pub path: String,
    pub bytes: u32,
}

/// Writes the session's report into `<data folder>/exports/` and says where.
#[tauri::command]
#[specta::specta]
pub async fn report_export(
    session_id: String,
    format: ReportFormat,
    store: State<'_, StoreThread>,
) -> Result<ExportedReport, CommandError> {
    store
        .run(move |s| export(s, &session_id, format.into()))
        .await
}

fn export(
    store: &onsite_store::Store,
    session_id: &str,
    format: Format,
) -> Result<ExportedReport, CommandError> {
    let report = SessionReport::load(store, session_id)?;
    let bytes = report.render(format)?;
    let dir = store.data_dir().root().join("exports");
    let out = dir.join(format!("onsite-{session_id}.{}", format.extension()));
    let cannot_write = |path: &Path, e: std::io::Error| {
        CommandError::new(
            "report_write",
            format!(
                "could not write {}: {e}; check the free space in the data folder",
                path.display()
            ),
        )
    };
    // What the report refers to beside it (a Markdown report's whiteboard SVGs), first, as
    // `onsite report` writes them: the report never links to a file not yet there.
    for (name, contents) in report.companion_files(format) {
        let path = dir.join(name);
        write_private(&dir, &path, contents.as_bytes()).map_err(|e| cannot_write(&path, e))?;
    }
    write_private(&dir, &out, &bytes).map_err(|e| cannot_write(&out, e))?;
    Ok(ExportedReport {
        path: out.display().to_string(),
        bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
    })
}

/// A half-written report never replaces a good one: written beside it (owner-only), renamed.
fn write_private(dir: &Path, out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let tmp: PathBuf = out.with_extension("partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_store::{NewSession, Store};

    #[test]
    fn exports_a_real_session_privately_and_refuses_an_unknown_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = onsite_datadir::DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let mut store = Store::open(&dir).unwrap();
        let id = store
            .create_session(&NewSession {
                plan: "quick-15".into(),
                level: "senior".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: 1_780_000_000_000,
            })
            .unwrap();

        let done = export(&store, id.as_str(), Format::Html).unwrap();

        let path = PathBuf::from(&done.path);
        assert!(
            path.starts_with(dir.root().join("exports")),
            "{}",
            done.path
        );
        let html = std::fs::read_to_string(&path).unwrap();
        assert_eq!(html.len(), done.bytes as usize);
        assert!(html.contains("quick-15"), "the report names the plan");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }

        let err = export(&store, "no-such-session", Format::Md).unwrap_err();
        assert!(err.code.starts_with("report_"), "{err:?}");
    }

    /// A Markdown report links its whiteboard as an SVG file beside it: the app's export writes
    /// that file (as `onsite report` does), so the link is not dead.
    #[test]
    fn a_markdown_export_writes_the_whiteboard_svg_it_links_to() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = onsite_datadir::DataDir::open(Some(&tmp.path().join("data"))).unwrap();
        let mut store = Store::open(&dir).unwrap();
        let id = store
            .create_session(&NewSession {
                plan: "system-design-45".into(),
                level: "staff".into(),
                tailoring: serde_json::json!({}),
                started_at_ms: 1_780_000_000_000,
            })
            .unwrap();
        let q = store
            .ask_question(
                &id,
                &onsite_store::QuestionSnapshot {
                    question_id: "sd-orders".into(),
                    question_version: "1".into(),
                    text: "Design an order lookup.".into(),
                },
                1_780_000_000_000,
            )
            .unwrap();
        let take = store.start_take(q, 1_780_000_000_000, None).unwrap().id;
        let scene = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../crates/onsite-diagram/tests/scenes/single_db.excalidraw"),
        )
        .unwrap();
        let answer = "The web client calls an API server, which queries Postgres for the orders.";
        store
            .append_segment(
                take,
                &onsite_transcript::Segment {
                    start_ms: 0,
                    end_ms: 30_000,
                    text: answer.into(),
                    words: Vec::new(),
                },
            )
            .unwrap();
        store.append_scene(take, 25_000, &scene).unwrap();
        store
            .finish_take(take, onsite_store::TakeEnd::Complete, 1_780_000_031_000)
            .unwrap();
        // Scored, as a take is before its report shows it.
        let a = onsite_rubric::RubricPack::embedded()
            .unwrap()
            .assess(
                &onsite_rubric::Question::new(onsite_rubric::QuestionKind::SystemDesign),
                &onsite_rubric::Answer::from_text(answer),
            )
            .unwrap();
        store
            .save_rubric(
                take,
                &onsite_store::RubricRecord {
                    rubric_version: a.rubric_version.clone(),
                    scores: a
                        .competencies
                        .iter()
                        .into_iter()
                        .map(|(k, c)| (k.to_string(), c.score))
                        .collect(),
                    result: serde_json::to_value(&a).unwrap(),
                    scored_at_ms: 1_780_000_032_000,
                },
            )
            .unwrap();

        let done = export(&store, id.as_str(), Format::Md).unwrap();

        let md_path = PathBuf::from(&done.path);
        let md = std::fs::read_to_string(&md_path).unwrap();
        let name = format!("{id}-q1-diagram.svg");
        assert!(md.contains(&format!("]({name})")), "{md}");
        let svg_path = md_path.parent().unwrap().join(&name);
        let svg = std::fs::read_to_string(&svg_path)
            .unwrap_or_else(|e| panic!("{} beside the report: {e}", svg_path.display()));
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(">Postgres</text>"), "{svg}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&svg_path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // HTML carries the drawing inline: no file beside it.
        let html = export(&store, id.as_str(), Format::Html).unwrap();
        let html_text = std::fs::read_to_string(&html.path).unwrap();
        assert!(html_text.contains(">Postgres</text>"));
    }
}
