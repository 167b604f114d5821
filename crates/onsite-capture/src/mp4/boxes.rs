//! A minimal ISO-BMFF box reader over an in-memory buffer or a file's top level.

use std::io::{Read, Seek, SeekFrom};

/// One box: type, where its header starts, header length and total size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxRef {
    pub kind: [u8; 4],
    pub start: u64,
    pub header: u64,
    pub size: u64,
}

impl BoxRef {
    pub fn payload(&self) -> std::ops::Range<usize> {
        (self.start + self.header) as usize..(self.start + self.size) as usize
    }
    pub fn end(&self) -> u64 {
        self.start + self.size
    }
}

/// The boxes inside `data[range]`, stopping at the first one that does not fit (torn write).
pub fn children(data: &[u8], range: std::ops::Range<usize>) -> Vec<BoxRef> {
    let mut out = Vec::new();
    let range = range.start..range.end.min(data.len());
    let mut pos = range.start;
    while pos + 8 <= range.end {
        let size32 = u32::from_be_bytes([data[pos], data[pos + 1], data[pos + 2], data[pos + 3]]);
        let kind = [data[pos + 4], data[pos + 5], data[pos + 6], data[pos + 7]];
        let (header, size) = match size32 {
            0 => (8, (range.end - pos) as u64),
            1 if pos + 16 <= range.end => {
                let mut b = [0u8; 8];
                b.copy_from_slice(&data[pos + 8..pos + 16]);
                (16, u64::from_be_bytes(b))
            }
            1 => break,
            n => (8, u64::from(n)),
        };
        if size < header || pos as u64 + size > range.end as u64 {
            break;
        }
        out.push(BoxRef {
            kind,
            start: pos as u64,
            header,
            size,
        });
        pos += size as usize;
    }
    out
}

pub fn find(boxes: &[BoxRef], kind: &[u8; 4]) -> Option<BoxRef> {
    boxes.iter().copied().find(|b| &b.kind == kind)
}

/// The complete top-level boxes of a file, and where the last complete one ends.
pub fn top_level<R: Read + Seek>(file: &mut R) -> std::io::Result<(Vec<BoxRef>, u64)> {
    let len = file.seek(SeekFrom::End(0))?;
    let mut out = Vec::new();
    let mut pos = 0u64;
    let mut header = [0u8; 16];
    while pos + 8 <= len {
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut header[..8])?;
        let size32 = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = [header[4], header[5], header[6], header[7]];
        let (hlen, size) = match size32 {
            0 => (8, len - pos),
            1 => {
                if pos + 16 > len {
                    break;
                }
                file.read_exact(&mut header[8..16])?;
                let mut b = [0u8; 8];
                b.copy_from_slice(&header[8..16]);
                (16, u64::from_be_bytes(b))
            }
            n => (8, u64::from(n)),
        };
        if size < hlen || pos + size > len {
            break;
        }
        out.push(BoxRef {
            kind,
            start: pos,
            header: hlen,
            size,
        });
        pos += size;
    }
    Ok((out, pos))
}

pub fn be_u32(data: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&data[at..at + 4]);
    u32::from_be_bytes(b)
}

pub fn be_u64(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&data[at..at + 8]);
    u64::from_be_bytes(b)
}
