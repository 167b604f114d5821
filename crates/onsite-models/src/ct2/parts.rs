//! One logical `model.bin` that may be stored as several files to concatenate.
//!
//! PyPI limits package sizes, so some publishers split `model.bin` into `model.bin.part1`,
//! `model.bin.part2`, … across packages. Concatenating them on disk would double the space
//! needed; this reader presents them as one seekable stream instead.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};

#[derive(Debug)]
struct Part {
    path: PathBuf,
    file: File,
    /// Offset of this part's first byte in the logical stream.
    start: u64,
    len: u64,
}

/// The parts of one logical file, read as if they were concatenated.
#[derive(Debug)]
pub struct PartsReader {
    parts: Vec<Part>,
    total: u64,
    pos: u64,
}

impl PartsReader {
    pub fn open(paths: &[PathBuf]) -> Result<Self> {
        let mut parts = Vec::with_capacity(paths.len());
        let mut start = 0u64;
        for path in paths {
            let file = File::open(path).map_err(|e| ModelError::io(path, e))?;
            let len = file.metadata().map_err(|e| ModelError::io(path, e))?.len();
            parts.push(Part {
                path: path.clone(),
                file,
                start,
                len,
            });
            start += len;
        }
        Ok(Self {
            parts,
            total: start,
            pos: 0,
        })
    }

    pub fn total_len(&self) -> u64 {
        self.total
    }

    /// A name for error messages: the single file, or the first part with a count.
    pub fn display_path(&self) -> PathBuf {
        match self.parts.as_slice() {
            [] => PathBuf::from("model.bin"),
            [one] => one.path.clone(),
            [first, ..] => {
                let mut name = first.path.clone().into_os_string();
                name.push(format!(" (+{} more parts)", self.parts.len() - 1));
                PathBuf::from(name)
            }
        }
    }

    pub fn first_path(&self) -> Option<&Path> {
        self.parts.first().map(|p| p.path.as_path())
    }
}

impl Read for PartsReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.pos >= self.total {
            return Ok(0);
        }
        let Some(part) = self
            .parts
            .iter_mut()
            .find(|p| self.pos >= p.start && self.pos < p.start + p.len)
        else {
            return Ok(0);
        };
        let local = self.pos - part.start;
        let room = usize::try_from(part.len - local).unwrap_or(usize::MAX);
        let want = buf.len().min(room);
        part.file.seek(SeekFrom::Start(local))?;
        let n = part.file.read(&mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for PartsReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.total.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target.ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "seek before start of file")
        })?;
        self.pos = target;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parts_as_one_stream_across_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        let c = dir.path().join("c");
        std::fs::write(&a, b"hello ").unwrap();
        std::fs::write(&b, b"").unwrap();
        std::fs::write(&c, b"world").unwrap();
        let mut r = PartsReader::open(&[a, b, c]).unwrap();
        assert_eq!(r.total_len(), 11);
        let mut all = Vec::new();
        r.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"hello world");
        r.seek(SeekFrom::Start(4)).unwrap();
        let mut mid = [0u8; 4];
        r.read_exact(&mut mid).unwrap();
        assert_eq!(&mid, b"o wo");
        assert!(r.seek(SeekFrom::Current(-100)).is_err());
    }
}
