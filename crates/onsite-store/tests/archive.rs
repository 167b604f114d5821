//! Export and import: round trips, idempotence, and crafted archives refused with nothing written.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{data_dir, record_session, walk};
use onsite_store::{ImportLimits, Store};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

#[test]
fn export_then_import_elsewhere_round_trips_rows_and_media() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, _) = record_session(&mut store, 1_000, "we chose a token bucket");
    record_session(&mut store, 2_000, "another session");
    let out_dir = tempfile::tempdir().unwrap();
    let archive = out_dir.path().join("one.zip");
    store.export_session(&id, &archive).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&archive).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    let report = other.import(&archive).unwrap();
    assert_eq!(report.imported, vec![id.clone()]);
    let mut original = store.session(&id).unwrap();
    let mut imported = other.session(&id).unwrap();
    // Row ids are local to each machine; everything else is identical.
    for s in [&mut original, &mut imported] {
        s.questions
            .iter_mut()
            .flat_map(|q| &mut q.takes)
            .for_each(|t| t.id = None);
    }
    assert_eq!(imported, original);
    for take in &imported.questions[0].takes {
        let rel = take.media_path.as_deref().unwrap();
        assert_eq!(
            fs::read(other.absolute(rel)).unwrap(),
            fs::read(store.absolute(rel)).unwrap()
        );
    }
    assert_eq!(other.search("token bucket", 10).unwrap().len(), 2);

    // Idempotent: a second import changes nothing.
    let before = walk(there.root());
    let again = other.import(&archive).unwrap();
    assert!(again.imported.is_empty());
    assert_eq!(again.already_present, vec![id]);
    assert_eq!(walk(there.root()), before);
    assert_eq!(other.list_sessions().unwrap().len(), 1);
}

#[test]
fn export_all_carries_every_session() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    for i in 0..3 {
        record_session(&mut store, i, "x");
    }
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("all.zip");
    assert_eq!(store.export_all(&archive).unwrap(), 3);
    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    assert_eq!(other.import(&archive).unwrap().imported.len(), 3);
    assert_eq!(
        other.list_sessions().unwrap(),
        store.list_sessions().unwrap()
    );
}

/// Writes a zip of `entries` (name, bytes, deflate?).
fn craft(path: &Path, entries: &[(&str, Vec<u8>, bool)]) {
    let mut zip = ZipWriter::new(fs::File::create(path).unwrap());
    for (name, bytes, deflate) in entries {
        let method = if *deflate {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default()
                .compression_method(method)
                .large_file(true),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A valid exported archive's entries, to be tampered with.
fn valid_entries() -> (String, Vec<(String, Vec<u8>)>) {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, _) = record_session(&mut store, 1_000, "x");
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.zip");
    store.export_session(&id, &archive).unwrap();
    let mut zip = zip::ZipArchive::new(fs::File::open(&archive).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        entries.push((f.name().unwrap().into_owned(), bytes));
    }
    (id.to_string(), entries)
}

fn assert_refused(entries: &[(&str, Vec<u8>, bool)], limits: ImportLimits, code: &str) {
    let (_tmp, there) = data_dir();
    let mut store = Store::open(&there).unwrap();
    let before = walk(there.root());
    let dir = tempfile::tempdir().unwrap();
    let archive: PathBuf = dir.path().join("bad.zip");
    craft(&archive, entries);
    let err = store.import_with_limits(&archive, &limits).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert!(
        store.list_sessions().unwrap().is_empty(),
        "nothing half-written"
    );
    let after: Vec<_> = walk(there.root())
        .into_iter()
        .filter(|p| !p.starts_with("logs"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|p| !p.starts_with("logs"))
        .collect();
    assert_eq!(after, before, "no files left behind");
    assert!(!there.root().parent().unwrap().join("evil").exists());
}

fn tampered(
    edit: impl Fn(&str, &str, &[u8]) -> Option<(String, Vec<u8>)>,
) -> Vec<(String, Vec<u8>, bool)> {
    let (id, entries) = valid_entries();
    entries
        .iter()
        .filter_map(|(name, bytes)| edit(&id, name, bytes))
        .map(|(n, b)| (n, b, true))
        .collect()
}

fn as_refs(entries: &[(String, Vec<u8>, bool)]) -> Vec<(&str, Vec<u8>, bool)> {
    entries
        .iter()
        .map(|(n, b, d)| (n.as_str(), b.clone(), *d))
        .collect()
}

#[test]
fn path_traversal_and_absolute_paths_are_refused() {
    for evil in ["../evil", "../../evil", "/tmp/evil"] {
        let mut entries = tampered(|_, n, b| Some((n.to_string(), b.to_vec())));
        entries.push((evil.to_string(), b"owned".to_vec(), false));
        assert_refused(
            &as_refs(&entries),
            ImportLimits::default(),
            "archive_unsafe_path",
        );
    }
    // A media file named to escape its folder.
    let entries = tampered(|id, n, b| {
        Some(if n.contains("/media/") {
            let file = n.rsplit('/').next().unwrap();
            (format!("{id}/media/../../../evil-{file}"), b.to_vec())
        } else {
            (n.to_string(), b.to_vec())
        })
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_unsafe_path",
    );
    // A media entry that is a symlink (to anywhere) is refused, not followed.
    let (id, valid) = valid_entries();
    let (_tmp, there) = data_dir();
    let mut store = Store::open(&there).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("link.zip");
    let mut zip = ZipWriter::new(fs::File::create(&archive).unwrap());
    for (name, bytes) in &valid {
        if name.contains("/media/") {
            zip.add_symlink(name.as_str(), "/etc/passwd", SimpleFileOptions::default())
                .unwrap();
        } else {
            zip.start_file(name.as_str(), SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap();
    let err = store.import(&archive).unwrap_err();
    assert_eq!(err.code(), "archive_unsafe_path", "{err}");
    assert!(store.list_sessions().unwrap().is_empty());
    assert!(!there.session_media_dir(&id).exists());

    // A session.json whose media path points outside its folder.
    let entries = tampered(|_, n, b| {
        let mut bytes = b.to_vec();
        if n.ends_with("session.json") {
            let text = String::from_utf8(bytes).unwrap();
            let re = text.replace("\"media/", "\"../../");
            bytes = re.into_bytes();
        }
        Some((n.to_string(), bytes))
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_invalid",
    );
}

#[test]
fn zip_bombs_and_absurd_sizes_are_refused() {
    // 64 MiB of zeros deflates ~1000x: a classic bomb, refused by ratio before inflating.
    let mut entries = tampered(|_, n, b| Some((n.to_string(), b.to_vec())));
    let id = entries[0].0.split('/').next().unwrap().to_string();
    let id = if id == "manifest.json" {
        entries[1].0.split('/').next().unwrap().to_string()
    } else {
        id
    };
    entries.push((format!("{id}/media/bomb.mp4"), vec![0u8; 64 << 20], true));
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_zip_bomb",
    );

    // Sizes over the limits (small limits, so the test does not need gigabytes).
    let entries = tampered(|_, n, b| Some((n.to_string(), b.to_vec())));
    let tight = ImportLimits {
        max_media_bytes: 10,
        ..ImportLimits::default()
    };
    assert_refused(&as_refs(&entries), tight, "archive_too_large");
    let tight = ImportLimits {
        max_archive_bytes: 100,
        ..ImportLimits::default()
    };
    assert_refused(&as_refs(&entries), tight, "archive_too_large");
    let tight = ImportLimits {
        max_entries: 2,
        ..ImportLimits::default()
    };
    assert_refused(&as_refs(&entries), tight, "archive_too_large");
    let tight = ImportLimits {
        max_total_bytes: 200,
        ..ImportLimits::default()
    };
    assert_refused(&as_refs(&entries), tight, "archive_too_large");
}

#[test]
fn unknown_versions_and_malformed_content_are_refused() {
    let bump = |file: &'static str| {
        tampered(move |_, n, b| {
            let mut bytes = b.to_vec();
            if n.ends_with(file) {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v["format_version"] = serde_json::json!(onsite_store::FORMAT_VERSION + 1);
                bytes = serde_json::to_vec(&v).unwrap();
            }
            Some((n.to_string(), bytes))
        })
    };
    assert_refused(
        &as_refs(&bump("manifest.json")),
        ImportLimits::default(),
        "archive_unknown_version",
    );
    assert_refused(
        &as_refs(&bump("session.json")),
        ImportLimits::default(),
        "archive_unknown_version",
    );

    // Truncated JSON.
    let entries = tampered(|_, n, b| {
        Some((
            n.to_string(),
            if n.ends_with("session.json") {
                b[..b.len() / 2].to_vec()
            } else {
                b.to_vec()
            },
        ))
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_invalid",
    );
    // A referenced media file missing.
    let entries = tampered(|_, n, b| (!n.contains("/media/")).then(|| (n.to_string(), b.to_vec())));
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_missing_entry",
    );
    // No manifest.
    let entries = tampered(|_, n, b| (n != "manifest.json").then(|| (n.to_string(), b.to_vec())));
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_missing_entry",
    );
    // A stray file.
    let mut entries = tampered(|_, n, b| Some((n.to_string(), b.to_vec())));
    entries.push(("notes.txt".into(), b"hi".to_vec(), true));
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_unexpected_entry",
    );
    // Backwards word timings inside an otherwise valid archive.
    let entries = tampered(|_, n, b| {
        let mut bytes = b.to_vec();
        if n.ends_with("session.json") {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            v["session"]["questions"][0]["takes"][0]["segments"][0]["start_ms"] =
                serde_json::json!(999_999);
            bytes = serde_json::to_vec(&v).unwrap();
        }
        Some((n.to_string(), bytes))
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_invalid",
    );
    // Earlier rubric results on a take with no current one.
    let entries = tampered(|_, n, b| {
        let mut bytes = b.to_vec();
        if n.ends_with("session.json") {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            let take = &mut v["session"]["questions"][0]["takes"][1];
            take["earlier_rubrics"] = serde_json::json!([take["rubric"].clone()]);
            take["rubric"] = serde_json::Value::Null;
            bytes = serde_json::to_vec(&v).unwrap();
        }
        Some((n.to_string(), bytes))
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_invalid",
    );
    // Not a zip at all.
    let (_tmp, there) = data_dir();
    let mut store = Store::open(&there).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.zip");
    fs::write(&junk, b"PK\x03\x04 but not really").unwrap();
    assert_eq!(
        store.import(&junk).unwrap_err().code(),
        "archive_unreadable"
    );
}

#[test]
fn a_failure_after_staging_leaves_nothing_behind() {
    // The session's media folder already exists (left by hand): refused before any write.
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, _) = record_session(&mut store, 1_000, "x");
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.zip");
    store.export_session(&id, &archive).unwrap();

    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    let blocker = there.session_media_dir(id.as_str());
    fs::create_dir_all(&blocker).unwrap();
    fs::write(blocker.join("mine.txt"), b"keep").unwrap();
    let before = walk(there.root());
    let err = other.import(&archive).unwrap_err();
    assert_eq!(err.code(), "store_invalid");
    assert_eq!(walk(there.root()), before);
    assert!(other.list_sessions().unwrap().is_empty());
}

/// What a process killed mid-import leaves, reproduced exactly: after the commit (rows in, media
/// still staged) the next open finishes the import; before it (no rows) the staged media goes
/// and the archive imports again.
#[test]
fn an_import_killed_before_or_after_its_commit_is_absent_or_whole_on_the_next_open() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let (id, _) = record_session(&mut store, 1_000, "we chose a token bucket");
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.zip");
    store.export_session(&id, &archive).unwrap();

    // Killed after the commit, before the media moved: the next open moves it into place.
    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    other.import(&archive).unwrap();
    drop(other);
    let media = there.session_media_dir(id.as_str());
    let staged = there.root().join(".import-killed").join(id.as_str());
    fs::create_dir_all(staged.parent().unwrap()).unwrap();
    fs::rename(&media, &staged).unwrap();
    let other = Store::open(&there).unwrap();
    assert!(!there.root().join(".import-killed").exists());
    let detail = other.session(&id).unwrap();
    for take in &detail.questions[0].takes {
        let rel = take.media_path.as_deref().unwrap();
        assert_eq!(
            fs::read(other.absolute(rel)).unwrap(),
            fs::read(store.absolute(rel)).unwrap()
        );
    }
    drop(other);

    // Killed before the commit: staged media but no rows. The next open deletes the staging and
    // the same archive imports.
    let (_tmp3, third) = data_dir();
    let staged = third.root().join(".import-early").join(id.as_str());
    fs::create_dir_all(&staged).unwrap();
    fs::write(staged.join("q1-take1.mp4"), b"half").unwrap();
    let mut again = Store::open(&third).unwrap();
    assert!(!third.root().join(".import-early").exists());
    assert!(!third.session_media_dir(id.as_str()).exists());
    assert!(again.list_sessions().unwrap().is_empty());
    assert_eq!(again.import(&archive).unwrap().imported, vec![id]);
}

#[test]
fn a_sessions_utc_offset_travels_with_it_and_an_impossible_one_is_refused() {
    let (_tmp, here) = data_dir();
    let mut store = Store::open(&here).unwrap();
    let new = onsite_store::NewSession {
        plan: "quick-15".into(),
        level: "senior".into(),
        tailoring: serde_json::json!({}),
        started_at_ms: 1_000,
    };
    let east = store.create_session_at_offset(&new, Some(-300)).unwrap();
    let unknown = store.create_session(&new).unwrap();
    assert_eq!(store.session(&east).unwrap().utc_offset_minutes, Some(-300));
    assert_eq!(store.session(&unknown).unwrap().utc_offset_minutes, None);
    let err = store
        .create_session_at_offset(&new, Some(15 * 60))
        .unwrap_err();
    assert_eq!(err.code(), "store_invalid", "{err}");

    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("all.zip");
    store.export_all(&archive).unwrap();
    let (_tmp2, there) = data_dir();
    let mut other = Store::open(&there).unwrap();
    assert_eq!(other.import(&archive).unwrap().imported.len(), 2);
    assert_eq!(other.session(&east).unwrap().utc_offset_minutes, Some(-300));
    assert_eq!(other.session(&unknown).unwrap().utc_offset_minutes, None);

    // An archive claiming an offset no clock has is refused, nothing written.
    let entries = tampered(|_, n, b| {
        let mut bytes = b.to_vec();
        if n.ends_with("session.json") {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            v["session"]["utc_offset_minutes"] = serde_json::json!(5_000);
            bytes = serde_json::to_vec(&v).unwrap();
        }
        Some((n.to_string(), bytes))
    });
    assert_refused(
        &as_refs(&entries),
        ImportLimits::default(),
        "archive_invalid",
    );
}
