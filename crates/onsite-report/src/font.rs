//! The one font reports use, bundled so that HTML and PDF look the same on any machine and
//! nothing is fetched. DejaVu Sans, Bitstream Vera licence: fonts/LICENSE-DejaVu.txt.

pub const FAMILY: &str = "OnsiteReport";
pub const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
