//! The bad-input catalogue (README, "Bad input"): one row per case, each run through the real
//! `onsite` binary against a real data folder that holds saved sessions. Every row asserts the
//! exit status, the stable error code and words of a message that says what to do, that nothing
//! panicked, that the run ended within its time limit, and — at the end — that the saved
//! sessions are all still there and the database is intact.
//!
//! Rows that accept the input (odd sample rates, channel counts, sample formats) assert that the
//! real Whisper model transcribed it.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::JFK_WAV;
use onsite_testkit::Ran;

const ROW_TIMEOUT: Duration = Duration::from_secs(90);

/// What a row expects.
enum Expect {
    /// Exit status 1, `code` (printed as `code: …` or `[…]`) and `says` in stderr.
    Refused {
        code: &'static str,
        says: &'static str,
    },
    /// Refused by argument parsing (exit status 2), `says` in stderr.
    Usage { says: &'static str },
    /// Success, `says` in stdout (case-insensitive).
    Accepted { says: &'static str },
}

struct Case {
    id: &'static str,
    /// Builds the input in `work` and returns the arguments after `--data-dir DATA`.
    args: fn(&Env) -> Vec<String>,
    expect: Expect,
}

/// Where a row builds its input, and the shared data folder with saved sessions.
struct Env {
    work: PathBuf,
    data: PathBuf,
    archive: PathBuf,
}

impl Env {
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.work.join(name);
        std::fs::write(&p, bytes).expect("write");
        s(&p)
    }
    /// A data folder of its own (for rows that damage the folder itself).
    fn own_data(&self, name: &str) -> PathBuf {
        let d = self.work.join(name);
        std::fs::create_dir_all(&d).expect("mkdir");
        d
    }
    fn sox(&self, name: &str, effects: &[&str]) -> String {
        let out = self.work.join(name);
        let st = Command::new("sox")
            .arg(JFK_WAV)
            .args(effects.iter().take_while(|a| **a != "--"))
            .arg(&out)
            .args(effects.iter().skip_while(|a| **a != "--").skip(1))
            .status()
            .expect("sox is installed (scripts/setup)");
        assert!(st.success(), "sox {effects:?}");
        s(&out)
    }
    /// Runs a short Python program (zip crafting) with the work folder as its argument.
    fn python(&self, program: &str) {
        let st = Command::new("python3")
            .arg("-c")
            .arg(program)
            .arg(&self.work)
            .arg(&self.archive)
            .status()
            .expect("python3 is installed (scripts/setup)");
        assert!(st.success(), "python3 {program}");
    }
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn v(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

/// A canonical 44-byte WAV header followed by `data`.
fn wav(channels: u16, rate: u32, bits: u16, format: u16, data_len: u32, data: &[u8]) -> Vec<u8> {
    let block = channels.saturating_mul(bits / 8);
    let mut h = Vec::new();
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_len).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&format.to_le_bytes());
    h.extend_from_slice(&channels.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    h.extend_from_slice(&block.to_le_bytes());
    h.extend_from_slice(&bits.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h.extend_from_slice(data);
    h
}

/// The real model's first `n` bytes (or all of it), optionally with hparam `index` replaced.
fn model_bytes(n: Option<usize>, hparam: Option<(usize, i32)>) -> Vec<u8> {
    let mut m = std::fs::read(onsite_testkit::default_model())
        .expect("the default model is installed (make setup)");
    if let Some(n) = n {
        m.truncate(n);
    }
    if let Some((i, value)) = hparam {
        let at = 4 + 4 * i;
        m[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    m
}

fn transcribe(file: String) -> Vec<String> {
    vec!["transcribe".into(), file, "--format".into(), "text".into()]
}

fn with_model(e: &Env, name: &str, bytes: &[u8]) -> Vec<String> {
    let model = e.file(name, bytes);
    vec![
        "transcribe".into(),
        JFK_WAV.into(),
        "--model".into(),
        model,
        "--format".into(),
        "text".into(),
    ]
}

fn score(file: String) -> Vec<String> {
    vec!["score".into(), file]
}

fn rubric(e: &Env, dir: &str, pack: &str) -> Vec<String> {
    let data = e.own_data(dir);
    std::fs::create_dir_all(data.join("rubrics")).expect("mkdir");
    std::fs::write(data.join("rubrics/mine.toml"), pack).expect("write");
    let answer = e.file("answer.txt", b"We chose Kafka because of latency.");
    v(&[
        "--data-dir",
        &s(&data),
        "score",
        &answer,
        "--rubric",
        "mine",
    ])
}

fn questions(e: &Env, dir: &str, pack: &str) -> Vec<String> {
    let data = e.own_data(dir);
    std::fs::create_dir_all(data.join("questions")).expect("mkdir");
    std::fs::write(data.join("questions/mine.toml"), pack).expect("write");
    v(&["--data-dir", &s(&data), "questions", "list"])
}

fn default_pack() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../onsite-rubric/packs/default.toml"
    ))
    .expect("default pack")
}

fn import(e: &Env, name: &str, program: &str) -> Vec<String> {
    e.python(program);
    v(&["sessions", "import", &s(&e.work.join(name))])
}

fn db(e: &Env, dir: &str, damage: fn(&Path)) -> Vec<String> {
    let data = e.own_data(dir);
    let seeded = run_row(&data, &v(&["sessions", "seed", "--count", "2"]));
    assert_eq!(seeded.status, Some(0), "{}", seeded.stderr);
    damage(&data.join("onsite.db"));
    v(&["--data-dir", &s(&data), "sessions", "list"])
}

/// The real default package's CTranslate2 export (unpacked by `make setup`).
fn ct2_package() -> PathBuf {
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let manifest = std::fs::read_to_string(repo.join("models/manifest.toml")).expect("manifest");
    let key = |key: &str| {
        manifest
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
            .expect("manifest key")
    };
    let dir = repo
        .join("models/cache")
        .join(key("wheel").trim_end_matches(".whl"))
        .join(key("ct2_dir"));
    assert!(dir.join("model.bin").is_file(), "run make setup first");
    dir
}

/// The data folder every CT2 row imports into; it must end with an empty models folder.
const CT2_DATA: &str = "ct2-data";

/// `onsite models import-ct2` on a folder `name` holding the real package's files (linked, not
/// copied) except those in `files`: written with the given bytes, or left out for `None`.
fn ct2(e: &Env, name: &str, files: &[(&str, Option<Vec<u8>>)]) -> Vec<String> {
    let dir = e.work.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let real = ct2_package();
    for f in ["model.bin", "vocabulary.txt", "config.json"] {
        if !files.iter().any(|(n, _)| *n == f) {
            std::os::unix::fs::symlink(real.join(f), dir.join(f)).expect("symlink");
        }
    }
    for (f, bytes) in files {
        if let Some(bytes) = bytes {
            std::fs::write(dir.join(f), bytes).expect("write");
        }
    }
    let data = e.own_data(CT2_DATA);
    v(&["--data-dir", &s(&data), "models", "import-ct2", &s(&dir)])
}

/// A `model.bin` header: `version`, `spec`, revision 3, then `n_vars` claimed and `vars`
/// written as (name, dims, dtype id, declared size) with no data.
fn ct2_header(version: u32, spec: &str, n_vars: u32, vars: &[(&str, &[u32], u8, u32)]) -> Vec<u8> {
    let mut b = version.to_le_bytes().to_vec();
    let string = |b: &mut Vec<u8>, t: &str| {
        b.extend_from_slice(&(t.len() as u16 + 1).to_le_bytes());
        b.extend_from_slice(t.as_bytes());
        b.push(0);
    };
    string(&mut b, spec);
    b.extend_from_slice(&3u32.to_le_bytes());
    b.extend_from_slice(&n_vars.to_le_bytes());
    for (name, dims, dtype, size) in vars {
        string(&mut b, name);
        b.push(dims.len() as u8);
        for d in *dims {
            b.extend_from_slice(&d.to_le_bytes());
        }
        b.push(*dtype);
        b.extend_from_slice(&size.to_le_bytes());
    }
    b
}

/// The real `model.bin` with variable `name`'s header changed by `edit(dims, dtype)`.
fn ct2_model_edited(name: &str, edit: fn(&mut [[u8; 4]], &mut u8)) -> Vec<u8> {
    let mut m = std::fs::read(ct2_package().join("model.bin")).expect("model.bin");
    let u32_at = |m: &[u8], p: usize| u32::from_le_bytes(m[p..p + 4].try_into().expect("4"));
    let u16_at = |m: &[u8], p: usize| usize::from(u16::from_le_bytes([m[p], m[p + 1]]));
    let mut p = 4;
    p += 2 + u16_at(&m, p); // spec name
    let n_vars = u32_at(&m, p + 4);
    p += 8;
    for _ in 0..n_vars {
        let len = u16_at(&m, p);
        let this = &m[p + 2..p + 2 + len - 1] == name.as_bytes();
        p += 2 + len;
        let rank = usize::from(m[p]);
        let dims_at = p + 1;
        let dtype_at = dims_at + 4 * rank;
        if this {
            let mut dims: Vec<[u8; 4]> = (0..rank)
                .map(|i| {
                    m[dims_at + 4 * i..dims_at + 4 * i + 4]
                        .try_into()
                        .expect("4")
                })
                .collect();
            let mut dtype = m[dtype_at];
            edit(&mut dims, &mut dtype);
            for (i, d) in dims.iter().enumerate() {
                m[dims_at + 4 * i..dims_at + 4 * i + 4].copy_from_slice(d);
            }
            m[dtype_at] = dtype;
            return m;
        }
        p = dtype_at + 5 + u32_at(&m, dtype_at + 1) as usize;
    }
    panic!("model.bin has no variable {name}");
}

const QUESTION: &str = "[[question]]\nid = \"mine-1\"\ntrack = \"learning\"\nlevel = \"senior\"\n\
    kind = \"general\"\nprep_s = 30\nanswer_s = 120\ntext = \"What did you learn most recently, and how did you apply it?\"\n\
    talking_points = [\"a\"]\nfollow_ups.no_result = \"So what?\"\n";

fn cases() -> Vec<Case> {
    use Expect::{Accepted, Refused, Usage};
    vec![
        // --- audio ---------------------------------------------------------------------------
        Case {
            id: "A1",
            args: |e| transcribe(e.file("empty.wav", b"")),
            expect: Refused {
                code: "speech_empty_audio",
                says: "holds no audio",
            },
        },
        Case {
            id: "A2",
            args: |e| transcribe(e.file("text.wav", b"this is not audio\n")),
            expect: Refused {
                code: "speech_unsupported_format",
                says: "use WAV, FLAC",
            },
        },
        Case {
            id: "A3",
            args: |e| transcribe(e.file("random.wav", &pseudo_random(64 << 10))),
            expect: Refused {
                code: "speech_unsupported_format",
                says: "not audio Onsite can read",
            },
        },
        Case {
            id: "A4",
            args: |e| {
                let head = std::fs::read(JFK_WAV).expect("jfk");
                transcribe(e.file("cut.wav", &head[..20]))
            },
            expect: Refused {
                code: "speech_corrupt_audio",
                says: "damaged or cut short",
            },
        },
        Case {
            id: "A5",
            args: |e| {
                // Header promises 100 MB of samples; 1 KB follows.
                transcribe(e.file("liar.wav", &wav(1, 16_000, 16, 1, 100_000_000, &[0; 1024])))
            },
            expect: Refused {
                code: "speech_corrupt_audio",
                says: "cut short",
            },
        },
        Case {
            id: "A6",
            args: |e| transcribe(e.file("zero-ch.wav", &wav(0, 16_000, 16, 1, 0, &[]))),
            expect: Refused {
                code: "speech_corrupt_audio",
                says: "zero channels",
            },
        },
        Case {
            id: "A7",
            args: |e| transcribe(e.file("rate-0.wav", &wav(1, 0, 16, 1, 2048, &[0; 2048]))),
            expect: Refused {
                code: "",
                says: "sample rate",
            },
        },
        Case {
            id: "A8",
            args: |e| {
                transcribe(e.file("rate-huge.wav", &wav(1, 2_000_000, 16, 1, 2048, &[0; 2048])))
            },
            expect: Refused {
                code: "",
                says: "sample rate",
            },
        },
        Case {
            id: "A9",
            args: |e| transcribe(e.file("ch-64.wav", &wav(64, 16_000, 16, 1, 4096, &[0; 4096]))),
            expect: Refused {
                code: "",
                says: "channels",
            },
        },
        Case {
            id: "A10",
            args: |e| transcribe(e.file("bits-12.wav", &wav(1, 16_000, 12, 1, 2048, &[0; 2048]))),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "A11",
            args: |e| transcribe(e.file("header-only.wav", &wav(1, 16_000, 16, 1, 0, &[]))),
            expect: Refused {
                code: "speech_empty_audio",
                says: "holds no audio",
            },
        },
        Case {
            id: "A12",
            args: |e| {
                // 4 GB promised, sparse on disk: refused by its length, never read to the end.
                let p = e.work.join("huge.wav");
                let mut f = std::fs::File::create(&p).expect("create");
                f.write_all(&wav(1, 16_000, 16, 1, u32::MAX - 65, &[]))
                    .expect("write");
                f.set_len(u64::from(u32::MAX)).expect("sparse");
                transcribe(s(&p))
            },
            expect: Refused {
                code: "speech_audio_too_long",
                says: "split it first",
            },
        },
        Case {
            id: "A13",
            args: |e| transcribe(e.sox("8k.wav", &["-r", "8000", "--", "trim", "0", "3"])),
            expect: Accepted { says: "fellow" },
        },
        Case {
            id: "A14",
            args: |e| {
                transcribe(e.sox(
                    "96k-6ch.wav",
                    &["-r", "96000", "-c", "6", "--", "trim", "0", "3"],
                ))
            },
            expect: Accepted { says: "fellow" },
        },
        Case {
            id: "A15",
            args: |e| {
                transcribe(e.sox(
                    "11k-u8.wav",
                    &[
                        "-r", "11025", "-b", "8", "-e", "unsigned", "--", "trim", "0", "2",
                    ],
                ))
            },
            expect: Accepted { says: "fellow" },
        },
        Case {
            id: "A16",
            args: |e| {
                transcribe(e.sox(
                    "f32-stereo.wav",
                    &[
                        "-b",
                        "32",
                        "-e",
                        "floating-point",
                        "-c",
                        "2",
                        "--",
                        "trim",
                        "0",
                        "3",
                    ],
                ))
            },
            expect: Accepted { says: "fellow" },
        },
        Case {
            id: "A17",
            args: |e| {
                transcribe(e.file("silence.wav", &wav(1, 16_000, 16, 1, 64_000, &[0; 64_000])))
            },
            expect: Accepted { says: "" },
        },
        Case {
            id: "A18",
            args: |e| transcribe(e.file("fake.mp3", &pseudo_random(16 << 10))),
            expect: Refused {
                code: "speech_unsupported_format",
                says: "use WAV, FLAC",
            },
        },
        Case {
            id: "A19",
            args: |e| transcribe(s(&e.work.join("missing.wav"))),
            expect: Refused {
                code: "speech_io",
                says: "missing.wav",
            },
        },
        Case {
            id: "A20",
            args: |e| transcribe(s(&e.work)),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "A21",
            args: |e| {
                v(&[
                    "record",
                    "--seconds",
                    "0",
                    "--out",
                    &s(&e.work.join("x.mp4")),
                ])
            },
            expect: Usage {
                says: "not in 1..=7200",
            },
        },
        // --- transcripts and text answers ------------------------------------------------------
        Case {
            id: "T1",
            args: |e| score(e.file("bad-syntax.json", b"{\"text\": ")),
            expect: Refused {
                code: "transcript_json",
                says: "onsite transcribe",
            },
        },
        Case {
            id: "T2",
            args: |e| score(e.file("wrong-shape.json", b"[1, 2, 3]")),
            expect: Refused {
                code: "transcript_json",
                says: "not a transcript",
            },
        },
        Case {
            id: "T3",
            args: |e| {
                score(e.file("backwards.json", br#"{"text":"a","duration_ms":100,"model":"x","segments":[{"start_ms":50,"end_ms":10,"text":"a","words":[]}],"pauses":[]}"#))
            },
            expect: Refused {
                code: "",
                says: "ends before it starts",
            },
        },
        Case {
            id: "T4",
            args: |e| score(e.file("latin1.txt", b"caf\xe9 and na\xefve design")),
            expect: Refused {
                code: "",
                says: "not UTF-8",
            },
        },
        Case {
            id: "T5",
            args: |e| score(e.file("latin1.json", b"{\"text\": \"caf\xe9\"}")),
            expect: Refused {
                code: "transcript_json",
                says: "not a transcript",
            },
        },
        Case {
            id: "T6",
            args: |e| {
                score(e.file(
                    "ten-mb.txt",
                    &"latency trade-off ".repeat(600_000).into_bytes(),
                ))
            },
            expect: Refused {
                code: "rubric_answer_too_long",
                says: "the limit is",
            },
        },
        Case {
            id: "T7",
            args: |e| {
                let answer = e.file("eleven-mb.txt", &b"trade-off ".repeat(1_100_000));
                v(&["interview", "--plan", "quick-15", "--answers", &answer])
            },
            expect: Refused {
                code: "",
                says: "a text answer is at most",
            },
        },
        Case {
            id: "T8",
            args: |e| score(e.file("ten-mb.json", &big_transcript_json())),
            expect: Refused {
                code: "",
                says: "limit",
            },
        },
        Case {
            id: "T9",
            args: |e| score(e.file("empty.txt", b"")),
            expect: Accepted { says: "" },
        },
        Case {
            id: "T10",
            args: |e| score(e.file("nul.txt", b"we chose\0kafka\0\0because")),
            expect: Accepted { says: "" },
        },
        // --- rubric packs ----------------------------------------------------------------------
        Case {
            id: "R1",
            args: |e| rubric(e, "r1", "[pack]\nname = \"mine\"\n[[[\n"),
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "line 3",
            },
        },
        Case {
            id: "R2",
            args: |e| rubric(e, "r2", "[pack]\nname = \"mine\"\nversion = \"1\"\n"),
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "rubric pack",
            },
        },
        Case {
            id: "R3",
            args: |e| {
                rubric(
                    e,
                    "r3",
                    &default_pack().replacen("name = \"default\"", "name = 5", 1),
                )
            },
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "line",
            },
        },
        Case {
            id: "R4",
            args: |e| {
                rubric(
                    e,
                    "r4",
                    &default_pack()
                        .replacen("name = \"default\"", "name = \"mine\"", 1)
                        .replacen("wpm_band = [120.0, 160.0]", "wpm_band = [160.0, -1.0]", 1),
                )
            },
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "WPM range",
            },
        },
        Case {
            id: "R5",
            args: |e| {
                rubric(
                    e,
                    "r5",
                    &default_pack()
                        .replacen("name = \"default\"", "name = \"mine\"", 1)
                        .replacen("long_pause_ms = 2500", "long_pause_ms = -7", 1),
                )
            },
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "expected u64",
            },
        },
        Case {
            id: "R6",
            args: |e| rubric(e, "r6", "\u{feff}\0\0\0binary"),
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "rubric pack",
            },
        },
        Case {
            id: "R7",
            args: |e| {
                let mut v = score(e.file("a.txt", b"We chose Kafka."));
                v.extend(["--rubric".into(), "no-such-pack".into()]);
                v
            },
            expect: Refused {
                code: "rubric_pack_not_found",
                says: "available: default",
            },
        },
        Case {
            id: "R8",
            args: |e| {
                rubric(
                    e,
                    "r8",
                    &default_pack()
                        .replacen("name = \"default\"", "name = \"mine\"", 1)
                        .replacen("warranted_at = \"large\"", "warranted_at = \"huge\"", 1),
                )
            },
            expect: Refused {
                code: "rubric_pack_invalid",
                says: "small, medium, large or reason",
            },
        },
        // --- question packs --------------------------------------------------------------------
        Case {
            id: "Q1",
            args: |e| questions(e, "q1", "[[question]]\nid = \"x\"\ntext = 5\n"),
            expect: Refused {
                code: "question_file_invalid",
                says: "mine.toml:3:",
            },
        },
        Case {
            id: "Q2",
            args: |e| questions(e, "q2", &format!("{QUESTION}{QUESTION}")),
            expect: Refused {
                code: "question_duplicate_id",
                says: "must be unique",
            },
        },
        Case {
            id: "Q3",
            args: |e| questions(e, "q3", &QUESTION.replace("learning", "cooking")),
            expect: Refused {
                code: "",
                says: "mine.toml",
            },
        },
        Case {
            id: "Q4",
            args: |e| {
                questions(
                    e,
                    "q4",
                    &QUESTION.replace("answer_s = 120", "answer_s = -5"),
                )
            },
            expect: Refused {
                code: "",
                says: "mine.toml",
            },
        },
        Case {
            id: "Q5",
            args: |e| {
                questions(
                    e,
                    "q5",
                    &QUESTION.replace("id = \"mine-1\"", "id = \"am-vague-project\""),
                )
            },
            expect: Refused {
                code: "question_duplicate_id",
                says: "already used",
            },
        },
        Case {
            id: "Q6",
            args: |e| questions(e, "q6", &"# padding\n".repeat(2_000_000)),
            expect: Refused {
                code: "question_file_too_large",
                says: "mine.toml",
            },
        },
        Case {
            id: "Q7",
            args: |_| v(&["questions", "pick", "--plan", "no-such-plan"]),
            expect: Refused {
                code: "plan_unknown",
                says: "choose quick-15",
            },
        },
        // --- import archives -------------------------------------------------------------------
        Case {
            id: "I1",
            args: |e| {
                import(
                    e,
                    "not.zip",
                    "import sys; open(sys.argv[1]+'/not.zip','w').write('hello')",
                )
            },
            expect: Refused {
                code: "archive_unreadable",
                says: "",
            },
        },
        Case {
            id: "I2",
            args: |e| {
                import(
                    e,
                    "empty.zip",
                    "import sys; open(sys.argv[1]+'/empty.zip','w')",
                )
            },
            expect: Refused {
                code: "archive_unreadable",
                says: "",
            },
        },
        Case {
            id: "I3",
            args: |e| import(e, "traversal.zip", ZIP_TRAVERSAL),
            expect: Refused {
                code: "archive_unsafe_path",
                says: "outside its folder",
            },
        },
        Case {
            id: "I4",
            args: |e| import(e, "absolute.zip", ZIP_ABSOLUTE),
            expect: Refused {
                code: "archive_unsafe_path",
                says: "outside its folder",
            },
        },
        Case {
            id: "I5",
            args: |e| import(e, "bomb.zip", ZIP_BOMB),
            expect: Refused {
                code: "archive_zip_bomb",
                says: "zip bomb",
            },
        },
        Case {
            id: "I6",
            args: |e| import(e, "v99.zip", ZIP_VERSION_99),
            expect: Refused {
                code: "archive_unknown_version",
                says: "format version 99",
            },
        },
        Case {
            id: "I7",
            args: |e| import(e, "no-manifest.zip", ZIP_NO_MANIFEST),
            expect: Refused {
                code: "archive_missing_entry",
                says: "manifest.json",
            },
        },
        Case {
            id: "I8",
            args: |e| import(e, "bad-session.zip", ZIP_BAD_SESSION),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "I9",
            args: |e| import(e, "truncated.zip", ZIP_TRUNCATED),
            expect: Refused {
                code: "archive_unreadable",
                says: "",
            },
        },
        Case {
            id: "I10",
            args: |e| import(e, "huge-manifest.zip", ZIP_HUGE_MANIFEST),
            expect: Refused {
                code: "archive_too_large",
                says: "the limit is",
            },
        },
        // --- model files -----------------------------------------------------------------------
        Case {
            id: "M1",
            args: |e| {
                with_model(
                    e,
                    "bad-magic.bin",
                    &[b"JUNK".as_slice(), &model_bytes(Some(4096), None)[4..]].concat(),
                )
            },
            expect: Refused {
                code: "",
                says: "ggml magic",
            },
        },
        Case {
            id: "M2",
            args: |e| {
                with_model(
                    e,
                    "llama.gguf",
                    &[b"GGUF".as_slice(), &[3, 0, 0, 0], &[0; 64]].concat(),
                )
            },
            expect: Refused {
                code: "",
                says: "GGUF",
            },
        },
        Case {
            id: "M3",
            args: |e| with_model(e, "vocab.bin", &model_bytes(None, Some((0, i32::MAX)))),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "M4",
            args: |e| with_model(e, "layers.bin", &model_bytes(None, Some((4, -3)))),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "M5",
            args: |e| with_model(e, "mels.bin", &model_bytes(None, Some((9, 100_000)))),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "M6",
            args: |e| with_model(e, "cut.bin", &model_bytes(Some(1 << 20), None)),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "M7",
            args: |e| with_model(e, "empty.bin", b""),
            expect: Refused { code: "", says: "" },
        },
        Case {
            id: "M8",
            args: |_| v(&["transcribe", JFK_WAV, "--model", "no-such-model"]),
            expect: Refused {
                code: "",
                says: "onsite models list",
            },
        },
        // --- CTranslate2 exports for `onsite models import-ct2` ---------------------------------
        Case {
            id: "C1",
            args: |e| ct2(e, "ct2-no-model", &[("model.bin", None)]),
            expect: Refused {
                code: "ct2_format",
                says: "no model.bin",
            },
        },
        Case {
            id: "C2",
            args: |e| {
                let mut m = std::fs::read(ct2_package().join("model.bin")).expect("model.bin");
                m.truncate(m.len() / 2);
                ct2(e, "ct2-cut", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_truncated",
                says: "truncated or missing a part",
            },
        },
        Case {
            id: "C3",
            args: |e| {
                ct2(
                    e,
                    "ct2-text",
                    &[("model.bin", Some(b"JUNK not a model\n".to_vec()))],
                )
            },
            expect: Refused {
                code: "ct2_format",
                says: "not a CTranslate2 version number",
            },
        },
        Case {
            id: "C4",
            args: |e| {
                let m = ct2_header(5, "WhisperSpec", 0, &[]);
                ct2(e, "ct2-v5", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_unsupported",
                says: "only version 6 is supported",
            },
        },
        Case {
            id: "C5",
            args: |e| {
                let m = ct2_header(6, "TransformerSpec", 0, &[]);
                ct2(e, "ct2-translator", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_format",
                says: "not WhisperSpec",
            },
        },
        Case {
            id: "C6",
            args: |e| {
                let m = ct2_header(6, "WhisperSpec", 4_000_000_000, &[]);
                ct2(e, "ct2-many", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_format",
                says: "cannot fit",
            },
        },
        Case {
            id: "C7",
            args: |e| {
                let huge: &[u32] = &[u32::MAX, u32::MAX, u32::MAX];
                let m = ct2_header(6, "WhisperSpec", 1, &[("encoder/conv1/weight", huge, 4, 0)]);
                ct2(e, "ct2-huge", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_format",
                says: "overflows",
            },
        },
        Case {
            id: "C8",
            args: |e| {
                let m =
                    ct2_model_edited("encoder/layer_0/ffn/linear_0/weight", |d, _| d.swap(0, 1));
                ct2(e, "ct2-shape", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_layout",
                says: "expected [1536, 384]",
            },
        },
        Case {
            id: "C9",
            args: |e| {
                let m = ct2_model_edited("encoder/layer_0/ffn/linear_0/weight", |_, t| *t = 2);
                ct2(e, "ct2-int16", &[("model.bin", Some(m))])
            },
            expect: Refused {
                code: "ct2_unsupported",
                says: "use a float16 export",
            },
        },
        Case {
            id: "C10",
            args: |e| ct2(e, "ct2-no-vocab", &[("vocabulary.txt", None)]),
            expect: Refused {
                code: "ct2_format",
                says: "no vocabulary.json or vocabulary.txt",
            },
        },
        Case {
            id: "C11",
            args: |e| {
                let bad = Some(b"{\"tokens\": [\"a\"".to_vec());
                ct2(
                    e,
                    "ct2-vocab-json",
                    &[("vocabulary.txt", None), ("vocabulary.json", bad)],
                )
            },
            expect: Refused {
                code: "vocabulary",
                says: "not a JSON array of token strings",
            },
        },
        Case {
            id: "C12",
            args: |e| {
                let real = std::fs::read_to_string(ct2_package().join("vocabulary.txt"))
                    .expect("vocabulary");
                let short: Vec<&str> = real.lines().take(1000).collect();
                ct2(
                    e,
                    "ct2-vocab-short",
                    &[("vocabulary.txt", Some(short.join("\n").into_bytes()))],
                )
            },
            expect: Refused {
                code: "vocabulary",
                says: "only 1000 entries",
            },
        },
        Case {
            id: "C13",
            args: |e| {
                ct2(
                    e,
                    "ct2-config-text",
                    &[("config.json", Some(b"alignment_heads = 1".to_vec()))],
                )
            },
            expect: Refused {
                code: "config",
                says: "not JSON",
            },
        },
        Case {
            id: "C14",
            args: |e| {
                let llama = br#"{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}"#;
                ct2(
                    e,
                    "ct2-config-llama",
                    &[("config.json", Some(llama.to_vec()))],
                )
            },
            expect: Refused {
                code: "config",
                says: "another kind of model",
            },
        },
        Case {
            id: "C15",
            args: |e| {
                let large = br#"{"alignment_heads": [[1, 0], [31, 19]], "lang_ids": []}"#;
                ct2(
                    e,
                    "ct2-config-large",
                    &[("config.json", Some(large.to_vec()))],
                )
            },
            expect: Refused {
                code: "config",
                says: "config.json belongs to a different model",
            },
        },
        // --- database --------------------------------------------------------------------------
        Case {
            id: "D1",
            args: |e| {
                db(e, "d1", |p| {
                    std::fs::write(p, pseudo_random(8192)).expect("write")
                })
            },
            expect: Refused {
                code: "store_corrupt",
                says: "sessions repair --move-aside",
            },
        },
        Case {
            id: "D2",
            args: |e| {
                db(e, "d2", |p| {
                    let f = std::fs::OpenOptions::new()
                        .write(true)
                        .open(p)
                        .expect("open");
                    f.set_len(1000).expect("truncate");
                })
            },
            expect: Refused {
                code: "store_corrupt",
                says: "moved aside",
            },
        },
        Case {
            id: "D3",
            args: |e| {
                db(e, "d3", |p| {
                    std::fs::remove_file(p).expect("rm");
                    std::fs::create_dir(p).expect("mkdir");
                })
            },
            expect: Refused {
                code: "",
                says: "onsite.db",
            },
        },
        Case {
            id: "D4",
            args: |e| {
                db(e, "d4", |p| {
                    // A page in the middle overwritten: the header is intact, a table is not.
                    let mut b = std::fs::read(p).expect("read");
                    let page = 4096 * 2;
                    let end = (page + 4096).min(b.len());
                    b[page..end].fill(0xA5);
                    std::fs::write(p, b).expect("write");
                })
            },
            expect: Refused {
                code: "store_corrupt",
                says: "damaged",
            },
        },
        Case {
            id: "D5",
            args: |e| {
                let f = e.file("plain-file", b"x");
                v(&["--data-dir", &f, "sessions", "list"])
            },
            expect: Refused {
                code: "data_dir_not_a_directory",
                says: "choose another --data-dir",
            },
        },
        // --- re-scoring stored sessions --------------------------------------------------------
        Case {
            id: "S1",
            args: |_| v(&["sessions", "rescore", "last-tuesday"]),
            expect: Refused {
                code: "store_invalid",
                says: "is not a UUID",
            },
        },
        Case {
            id: "S2",
            args: |_| {
                v(&[
                    "sessions",
                    "rescore",
                    "00000000-0000-4000-8000-000000000000",
                ])
            },
            expect: Refused {
                code: "store_not_found",
                says: "no session",
            },
        },
        Case {
            id: "S3",
            args: |_| v(&["sessions", "rescore"]),
            expect: Usage { says: "--all" },
        },
        Case {
            id: "S4",
            // The saved sessions are synthetic: their results name no question kind.
            args: |_| v(&["sessions", "rescore", "--all"]),
            expect: Accepted {
                says: "does not record the question's kind",
            },
        },
        // --- vocabulary files: refused before the model or the audio is read ------------------
        Case {
            id: "V1",
            args: |e| vocabulary(e.file("v1.toml", b"[[group]]\nterm = [\"Kafka\"]\n")),
            expect: Refused {
                code: "vocabulary_invalid",
                says: "[[group]]",
            },
        },
        Case {
            id: "V2",
            args: |e| vocabulary(e.file("v2.txt", b"# nothing yet\n\n")),
            expect: Refused {
                code: "vocabulary_empty",
                says: "one per line",
            },
        },
        Case {
            id: "V3",
            args: |e| vocabulary(e.file("v3.txt", b"Kafka\n---\n")),
            expect: Refused {
                code: "vocabulary_bad_term",
                says: "\"---\"",
            },
        },
        Case {
            id: "V4",
            args: |e| vocabulary(s(&e.work.join("v4-missing.txt"))),
            expect: Refused {
                code: "vocabulary_unreadable",
                says: "v4-missing.txt",
            },
        },
        // --- whiteboard scenes (`onsite diagram`) --------------------------------------------
        Case {
            id: "W1",
            args: |e| {
                let good = std::fs::read(good_scene()).expect("scene");
                diagram(e.file("w1.excalidraw", &good[..good.len() / 2]))
            },
            expect: Refused {
                code: "diagram_truncated",
                says: "cut short",
            },
        },
        Case {
            id: "W2",
            args: |e| diagram(e.file("w2.excalidraw", &pseudo_random(64 << 10))),
            expect: Refused {
                code: "diagram_not_json",
                says: "Save to disk",
            },
        },
        Case {
            id: "W3",
            args: |e| {
                let other = br#"{"text":"hi","segments":[],"duration_ms":0,"model":"x"}"#;
                diagram(e.file("w3.excalidraw", other))
            },
            expect: Refused {
                code: "diagram_not_excalidraw",
                says: "\"type\": \"excalidraw\"",
            },
        },
        Case {
            id: "W4",
            args: |e| {
                let bad = br#"{"type":"excalidraw","elements":[{"id":7,"type":"rectangle"}]}"#;
                diagram(e.file("w4.excalidraw", bad))
            },
            expect: Refused {
                code: "diagram_invalid",
                says: "wrong shape",
            },
        },
        Case {
            id: "W5",
            args: |e| {
                let mut scene = String::from(r#"{"type":"excalidraw","elements":["#);
                scene.push_str(&r#"{"id":"x","type":"text"},"#.repeat(1_000_000));
                scene.push_str(r#"{"id":"y","type":"text"}]}"#);
                diagram(e.file("w5.excalidraw", scene.as_bytes()))
            },
            expect: Refused {
                code: "diagram_too_many_elements",
                says: "split it",
            },
        },
        Case {
            id: "W6",
            args: |e| {
                let p = e.work.join("w6.excalidraw");
                let f = std::fs::File::create(&p).expect("create");
                f.set_len(65 << 20).expect("sparse");
                diagram(s(&p))
            },
            expect: Refused {
                code: "diagram_too_large",
                says: "byte limit",
            },
        },
        Case {
            id: "W7",
            args: |e| {
                let lib = br#"{"type":"excalidrawlib","version":2,"libraryItems":[]}"#;
                diagram(e.file("w7.excalidrawlib", lib))
            },
            expect: Refused {
                code: "diagram_not_excalidraw",
                says: "library",
            },
        },
        Case {
            id: "W8",
            args: |e| {
                let t = e.file("w8.txt", b"Caf\xe9 and Postgres");
                v(&["diagram", &good_scene(), "--transcript", &t])
            },
            expect: Refused {
                code: "diagram_unreadable",
                says: "not UTF-8",
            },
        },
    ]
}

/// `onsite diagram FILE --format text`.
fn diagram(file: String) -> Vec<String> {
    v(&["diagram", &file, "--format", "text"])
}

fn good_scene() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../onsite-diagram/tests/scenes/good.excalidraw"
    )
    .to_string()
}

/// `transcribe` of audio that does not exist with the vocabulary `file`: the vocabulary is
/// checked first, so its refusal is what the row sees.
fn vocabulary(file: String) -> Vec<String> {
    v(&["transcribe", "no-such-audio.wav", "--vocabulary", &file])
}

const ZIP_TRAVERSAL: &str = r#"import sys, zipfile
z = zipfile.ZipFile(sys.argv[1] + '/traversal.zip', 'w')
z.writestr('manifest.json', '{"format":"onsite-export","format_version":1,"sessions":[]}')
z.writestr('../../escaped.txt', 'gotcha')
"#;
const ZIP_ABSOLUTE: &str = r#"import sys, zipfile
z = zipfile.ZipFile(sys.argv[1] + '/absolute.zip', 'w')
z.writestr('manifest.json', '{"format":"onsite-export","format_version":1,"sessions":[]}')
z.writestr(zipfile.ZipInfo('/tmp/onsite-absolute.txt'), 'gotcha')
"#;
const ZIP_HUGE_MANIFEST: &str = r#"import sys, zipfile
z = zipfile.ZipFile(sys.argv[1] + '/huge-manifest.zip', 'w', zipfile.ZIP_DEFLATED)
z.writestr('manifest.json', '{"format":"onsite-export","format_version":1,"sessions":[]}' + ' ' * (200 << 20))
"#;
const ZIP_BOMB: &str = r#"import sys, json, zipfile
src = zipfile.ZipFile(sys.argv[2])
sid = json.loads(src.read('manifest.json'))['sessions'][0]
z = zipfile.ZipFile(sys.argv[1] + '/bomb.zip', 'w', zipfile.ZIP_DEFLATED)
for i in src.infolist():
    z.writestr(i, src.read(i))
z.writestr(sid + '/media/bomb.mp4', bytes(48 << 20))
"#;
const ZIP_VERSION_99: &str = r#"import re, sys, zipfile
src = zipfile.ZipFile(sys.argv[2])
z = zipfile.ZipFile(sys.argv[1] + '/v99.zip', 'w')
for i in src.infolist():
    data = src.read(i)
    if i.filename == 'manifest.json': data = re.sub(rb'"format_version":\s*\d+', b'"format_version": 99', data)
    z.writestr(i, data)
"#;
const ZIP_NO_MANIFEST: &str = r#"import sys, zipfile
src = zipfile.ZipFile(sys.argv[2])
z = zipfile.ZipFile(sys.argv[1] + '/no-manifest.zip', 'w')
for i in src.infolist():
    if i.filename != 'manifest.json': z.writestr(i, src.read(i))
"#;
const ZIP_BAD_SESSION: &str = r#"import sys, zipfile
src = zipfile.ZipFile(sys.argv[2])
z = zipfile.ZipFile(sys.argv[1] + '/bad-session.zip', 'w')
for i in src.infolist():
    z.writestr(i, b'{"format_version": 1, "session": 42}' if i.filename.endswith('session.json') else src.read(i))
"#;
const ZIP_TRUNCATED: &str = r#"import sys
b = open(sys.argv[2], 'rb').read()
open(sys.argv[1] + '/truncated.zip', 'wb').write(b[: len(b) // 2])
"#;

/// Deterministic noise (xorshift): the same bytes every run.
fn pseudo_random(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A syntactically valid transcript JSON of about 12 MB.
fn big_transcript_json() -> Vec<u8> {
    let words: Vec<String> = (0..120_000)
        .map(|i| {
            format!(
                r#"{{"text":"latency","start_ms":{},"end_ms":{},"p":0.9}}"#,
                i * 10,
                i * 10 + 5
            )
        })
        .collect();
    format!(
        r#"{{"text":"latency","duration_ms":1200000,"model":"x","segments":[{{"start_ms":0,"end_ms":1200000,"text":"latency","words":[{}]}}],"pauses":[]}}"#,
        words.join(",")
    )
    .into_bytes()
}

/// Runs `onsite --data-dir DATA ARGS` (unless the row brings its own `--data-dir`) with no
/// log filter from the environment, killing it after [`ROW_TIMEOUT`].
fn run_row(data: &Path, args: &[String]) -> Ran {
    let mut run = common::onsite_without_data_dir();
    if args.first().map(String::as_str) != Some("--data-dir") {
        run.data_dir(data);
    }
    run.args(args)
        .env_remove("RUST_LOG")
        .run_within(ROW_TIMEOUT)
}

/// What is wrong with a row's run, if anything.
fn check(case: &Case, ran: &Ran) -> Option<String> {
    let mut wrong = Vec::new();
    if ran.status.is_none() {
        wrong.push(format!("no exit within {ROW_TIMEOUT:?} (hang)"));
    }
    if ran.stderr.contains("panicked") || ran.status == Some(101) {
        wrong.push("panicked".into());
    }
    match &case.expect {
        Expect::Refused { code, says } => {
            if ran.status != Some(1) {
                wrong.push(format!("exit {:?}, expected 1", ran.status));
            }
            if !ran.stderr.contains("error: ") {
                wrong.push("no `error:` line".into());
            }
            let has_code = ran.stderr.lines().any(|l| l == format!("code: {code}"))
                || ran.stderr.contains(&format!("[{code}]"));
            if !code.is_empty() && !has_code {
                wrong.push(format!("code {code} missing"));
            }
            if !ran.stderr.contains(says) {
                wrong.push(format!("message lacks {says:?}"));
            }
        }
        Expect::Usage { says } => {
            if ran.status != Some(2) {
                wrong.push(format!("exit {:?}, expected 2", ran.status));
            }
            if !ran.stderr.contains(says) {
                wrong.push(format!("message lacks {says:?}"));
            }
        }
        Expect::Accepted { says } => {
            if ran.status != Some(0) {
                wrong.push(format!("exit {:?}, expected 0", ran.status));
            }
            if !ran.stdout.to_lowercase().contains(says) {
                wrong.push(format!("output lacks {says:?}"));
            }
        }
    }
    (!wrong.is_empty()).then(|| {
        format!(
            "{}: {}\n    stderr: {}",
            case.id,
            wrong.join("; "),
            ran.stderr.trim().replace('\n', "\n            ")
        )
    })
}

#[test]
fn every_row_of_the_bad_input_catalogue_fails_cleanly_and_loses_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let env = Env {
        work: tmp.path().join("work"),
        data: tmp.path().join("data"),
        archive: tmp.path().join("export.zip"),
    };
    std::fs::create_dir_all(&env.work).expect("mkdir");
    // Saved sessions that no bad input may touch, and a real archive to tamper with.
    let seeded = run_row(&env.data, &v(&["sessions", "seed", "--count", "3"]));
    assert_eq!(seeded.status, Some(0), "{}", seeded.stderr);
    let exported = run_row(
        &env.data,
        &v(&["sessions", "export", "--all", "--out", &s(&env.archive)]),
    );
    assert_eq!(exported.status, Some(0), "{}", exported.stderr);
    let before = run_row(&env.data, &v(&["sessions", "list", "--format", "json"]));

    let cases = cases();
    assert!(cases.len() >= 40, "the catalogue has {} rows", cases.len());
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), cases.len(), "row ids are unique");

    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for case in &cases {
        let args = (case.args)(&env);
        let ran = run_row(&env.data, &args);
        if ran.elapsed > Duration::from_secs(3) {
            eprintln!("{}: {:.1} s", case.id, ran.elapsed.as_secs_f64());
        }
        if ran.elapsed > slowest.0 {
            slowest = (ran.elapsed, case.id);
        }
        if let Some(f) = check(case, &ran) {
            failures.push(f);
        }
    }
    eprintln!(
        "{} rows; slowest {} in {:.1} s",
        cases.len(),
        slowest.1,
        slowest.0.as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // No refused CT2 import left a file, whole or partial, in the models folder.
    let models = env.work.join(CT2_DATA).join("models");
    let left: Vec<_> = std::fs::read_dir(&models)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "import-ct2 left {left:?} in {}",
        models.display()
    );

    // Nothing saved was lost or changed, and nothing escaped the archive's folder.
    let after = run_row(&env.data, &v(&["sessions", "list", "--format", "json"]));
    assert_eq!(after.status, Some(0), "{}", after.stderr);
    assert_eq!(before.stdout, after.stdout);
    assert!(!tmp.path().join("escaped.txt").exists());
    assert!(!env
        .work
        .parent()
        .expect("parent")
        .join("escaped.txt")
        .exists());
    assert!(!Path::new("/tmp/onsite-absolute.txt").exists());
}

/// The README's catalogue and this file list the same rows.
#[test]
fn the_readme_catalogue_matches_the_rows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README");
    let section = readme
        .split("## Bad input")
        .nth(1)
        .expect("README has a `## Bad input` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|id| id.len() >= 2 && id[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    // Rows whose input needs a model or a package this file does not set up are checked in
    // their own test file, which names the row; every other row is a case here.
    for (id, file) in ELSEWHERE {
        assert!(listed.contains(id), "{id} is in the README");
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/..").to_owned() + file)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            text.contains(&format!("{id}:")) || text.contains(&format!("{id} ")),
            "{file} checks row {id}"
        );
    }
    let here: Vec<&str> = listed
        .into_iter()
        .filter(|id| !ELSEWHERE.iter().any(|(e, _)| e == id))
        .collect();
    let rows: Vec<&str> = cases().iter().map(|c| c.id).collect();
    assert_eq!(here, rows);
}

/// README rows checked in another test file (path from `crates/`), which names the row.
const ELSEWHERE: &[(&str, &str)] = &[
    ("P1", "/onsite-cli/tests/models_install.rs"),
    ("P2", "/onsite-cli/tests/models_install.rs"),
    ("P3", "/onsite-cli/tests/models_install.rs"),
    ("P4", "/onsite-cli/tests/models_install.rs"),
    ("E1", "/onsite-meaning/tests/model.rs"),
    ("E2", "/onsite-meaning/tests/model.rs"),
    ("E3", "/onsite-meaning/tests/model.rs"),
    ("E4", "/onsite-meaning/tests/model.rs"),
    ("E5", "/onsite-meaning/tests/model.rs"),
    ("E6", "/onsite-meaning/tests/model.rs"),
    ("E7", "/onsite-meaning/tests/model.rs"),
    ("W9", "/onsite-cli/tests/drawing.rs"),
    ("W10", "/onsite-cli/tests/drawing.rs"),
    ("W11", "/onsite-store/tests/scenes.rs"),
    // The room's scene_append is a shell command: its time check is unit-tested there.
    ("W12", "/../src-tauri/src/commands/scenes.rs"),
];
