//! The scene file as Excalidraw writes it, before any meaning is given to it: serde structs that
//! accept every field we use and ignore the rest (Excalidraw adds fields between versions), and
//! the two-step parse that keeps the work bounded.
//!
//! Step one reads only the top level (`type`, and `elements` kept as unparsed text), so a JSON
//! file of some other kind is reported as "not Excalidraw" rather than as a shape error deep in
//! it. Step two reads the elements one by one and stops at [`crate::MAX_ELEMENTS`], so a scene of
//! a million elements costs the time of reading the first twenty thousand, not a hang.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::DiagramError;

/// The top level of a scene file; `elements` stays unparsed until `type` has been checked.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    elements: Option<&'a RawValue>,
}

/// One drawing element. Only fields this crate reads; unknown ones are ignored.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawElement {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub is_deleted: Option<bool>,
    pub container_id: Option<String>,
    pub bound_elements: Option<Vec<RawBound>>,
    pub start_binding: Option<RawBinding>,
    pub end_binding: Option<RawBinding>,
    pub start_arrowhead: Option<String>,
    pub end_arrowhead: Option<String>,
    pub group_ids: Option<Vec<String>>,
    pub frame_id: Option<String>,
    pub text: Option<String>,
    pub original_text: Option<String>,
    /// A frame's title.
    pub name: Option<String>,
    /// A linear element's points, relative to (x, y). Kept loose: only used for hints.
    pub points: Option<Vec<Vec<f64>>>,
}

/// An entry of `boundElements`: an arrow or text attached to this element.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawBound {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// One end of an arrow attached to an element.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawBinding {
    pub element_id: String,
}

/// What is accepted as an Excalidraw scene's `type`: a saved scene, and a scene copied to the
/// clipboard (the same elements).
const SCENE_TYPES: &[&str] = &["excalidraw", "excalidraw/clipboard"];

/// Parses `bytes` into raw elements, in drawing order (deleted ones included).
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<RawElement>, DiagramError> {
    if bytes.len() > crate::MAX_BYTES {
        return Err(DiagramError::TooLarge {
            bytes: bytes.len(),
            limit: crate::MAX_BYTES,
        });
    }
    let head: Head<'_> = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Eof => DiagramError::Truncated {
            line: e.line(),
            column: e.column(),
        },
        serde_json::error::Category::Data => DiagramError::NotExcalidraw {
            found: describe_top_level(bytes),
        },
        _ => DiagramError::NotJson {
            detail: e.to_string(),
        },
    })?;
    match head.kind.as_deref() {
        Some(t) if SCENE_TYPES.contains(&t) => {}
        Some("excalidrawlib") => {
            return Err(DiagramError::NotExcalidraw {
                found: "an Excalidraw library of shapes, not a scene; place them on a canvas and \
                        save that"
                    .into(),
            })
        }
        Some(other) => {
            return Err(DiagramError::NotExcalidraw {
                found: format!("its \"type\" is {other:?}"),
            })
        }
        None => {
            return Err(DiagramError::NotExcalidraw {
                found: "it has no \"type\" field".into(),
            })
        }
    }
    let Some(raw) = head.elements else {
        return Err(DiagramError::NotExcalidraw {
            found: "it has no \"elements\" array".into(),
        });
    };
    let exceeded = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let elements = Bounded {
        exceeded: &exceeded,
    }
    .deserialize(&mut de);
    match elements {
        Ok(v) => Ok(v),
        Err(_) if exceeded.get() => Err(DiagramError::TooManyElements {
            limit: crate::MAX_ELEMENTS,
        }),
        Err(e) => Err(DiagramError::Invalid {
            detail: format!("in \"elements\": {e}"),
        }),
    }
}

/// A few words on what a JSON document that is not a scene looks like, for the error message.
fn describe_top_level(bytes: &[u8]) -> String {
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    match first {
        Some(b'[') => "a JSON array".into(),
        Some(b'{') => "an object whose \"type\" is not text".into(),
        Some(b'"') => "a JSON string".into(),
        _ => "a single JSON value".into(),
    }
}

/// Reads the `elements` array, refusing (and flagging) the element past the limit.
struct Bounded<'a> {
    exceeded: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Vec<RawElement>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Vec<RawElement>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of elements")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(e) = seq.next_element::<RawElement>()? {
            if out.len() == crate::MAX_ELEMENTS {
                self.exceeded.set(true);
                return Err(de::Error::custom("too many elements"));
            }
            out.push(e);
        }
        Ok(out)
    }
}
