//! Putting a model the user names into a models folder, whatever form it comes in: a
//! CTranslate2 Whisper export (a folder) is converted, a whisper.cpp ggml file is validated
//! and copied. Either way the sha256 is recorded beside it and an installed model is never
//! replaced. The app's Settings → Model calls [`import`]; it lives here, beside the
//! conversion it drives, so that the rules (what is refused, where it lands) are the
//! engine's and any front end can share them. (`onsite models import-ct2` converts to a
//! file the user names, with [`crate::import_ct2`] directly.)

use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};
use crate::{checksum, convert, ct2, ggml, Ct2Files};

/// Imports `source` into `models_dir` and returns the installed file. Refuses an empty path,
/// a path that does not exist, a file whisper.cpp would refuse, and a model already
/// installed under the same file name (nothing is written then).
pub fn import(source: &Path, models_dir: &Path) -> Result<PathBuf> {
    if source.as_os_str().is_empty() {
        return Err(ModelError::ImportNoPath);
    }
    if source.is_dir() {
        let files = Ct2Files::locate(source, &[])?;
        // The name depends on the model's size, known only once its header is read.
        let mut reader = ct2::Ct2Reader::open(&files.model_parts)?;
        let name = convert::suggested_name(&reader.index()?);
        let out = models_dir.join(convert::default_file_name(&name));
        refuse_existing(&out)?;
        Ok(convert::import_ct2(&files, &out)?.out)
    } else if source.is_file() {
        ggml::validate(source)?;
        let file_name = source.file_name().ok_or(ModelError::ImportNoPath)?;
        let out = models_dir.join(file_name);
        refuse_existing(&out)?;
        let copy_failed = |source| ModelError::ImportCopy {
            dir: models_dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(models_dir).map_err(copy_failed)?;
        std::fs::copy(source, &out).map_err(copy_failed)?;
        let sha = checksum::sha256_file(&out)?;
        checksum::write_sidecar(&out, &sha)?;
        Ok(out)
    } else {
        Err(ModelError::ImportNotFound {
            path: source.to_path_buf(),
        })
    }
}

fn refuse_existing(out: &Path) -> Result<()> {
    if out.exists() {
        return Err(ModelError::ImportExists {
            path: out.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_write_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let models = tmp.path().join("models");
        let fake = tmp.path().join("ggml-fake.bin");
        std::fs::write(&fake, b"this is not a model").unwrap();

        assert_eq!(import(&fake, &models).unwrap_err().code(), "not_ggml");
        assert!(!models.join("ggml-fake.bin").exists());
        let missing = import(&tmp.path().join("nope"), &models).unwrap_err();
        assert_eq!(missing.code(), "model_import_not_found");
        assert!(missing.to_string().contains("nope"), "{missing}");
        assert_eq!(
            import(Path::new(""), &models).unwrap_err().code(),
            "model_import_no_path"
        );
        let empty_folder = tmp.path().join("empty");
        std::fs::create_dir(&empty_folder).unwrap();
        assert_eq!(
            import(&empty_folder, &models).unwrap_err().code(),
            "ct2_format",
            "a folder that is no CTranslate2 export"
        );
        assert!(!models.exists() || std::fs::read_dir(&models).unwrap().next().is_none());
    }
}
