//! `onsite score`: scores one answer with the rubric engine and prints the assessment.
//!
//! INPUT is a plain-text transcript (`.txt`), the JSON `onsite transcribe` prints (`.json`), or an
//! audio file, which is transcribed first with the default Whisper model.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use onsite_rubric::{
    Answer, Assessment, DiagramReading, DrawnElement, Evidence, Question, QuestionKind,
};
use onsite_transcript::Transcript;

use super::{Ctx, JsonOrText};

/// Largest text or JSON input read; bigger files are refused before reading.
const MAX_INPUT_BYTES: u64 = onsite_transcript::MAX_JSON_BYTES as u64;
const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "mp3", "ogg", "oga", "opus", "flac", "m4a", "webm", "aac", "mka", "mp4",
];

/// `--kind`: one of the rubric's question kinds, by the id results use ("system-design").
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = QuestionKind> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(QuestionKind::IDS)
        .try_map(|id| id.parse::<QuestionKind>())
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What kind of question the answer responds to
    #[arg(long, value_parser = kind_parser(), default_value = "general")]
    kind: QuestionKind,
    /// The question text (shown in the report)
    #[arg(long, value_name = "TEXT")]
    question: Option<String>,
    /// A point a strong answer covers; repeat for several
    #[arg(long = "talking-point", value_name = "TEXT")]
    talking_points: Vec<String>,
    /// Rubric pack by name: `default` (embedded) or a pack in the data folder's rubrics/
    #[arg(long, value_name = "NAME")]
    rubric: Option<String>,
    /// Whisper model for audio input [default: the default installed model]
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// Also read talking points and relevance by meaning, with the sentence-embedding model
    /// (scripts/fetch-meaning installs it). Off by default: it takes seconds on a long answer,
    /// far over the rubric's time budget (`onsite bench rubric` prints it)
    #[arg(long)]
    meaning: bool,
    /// The whiteboard drawn during the answer, a `.excalidraw` scene: read beside the words
    /// (its findings, and the framework steps it is evidence for) under a `diagram` key. It
    /// never changes a score
    #[arg(long, value_name = "FILE.excalidraw")]
    diagram: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    format: JsonOrText,
    /// Answer: .txt transcript, .json from `onsite transcribe`, or audio
    input: PathBuf,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let pack = ctx.rubric(args.rubric.as_deref())?;
    // The drawing first: a bad scene is refused before any transcription work.
    let graph = args
        .diagram
        .as_deref()
        .map(|p| {
            super::diagram::read_scene(p)
                .with_context(|| format!("cannot read the diagram {}", p.display()))
        })
        .transpose()?;
    let answer = read_answer(ctx, &args.input, args.model.as_deref())?;
    let question = Question {
        kind: args.kind,
        text: args.question.clone().unwrap_or_default(),
        talking_points: args.talking_points.clone(),
    };
    let embedder = if args.meaning {
        Some(load_meaning(ctx)?)
    } else {
        None
    };
    let drawn = pack
        .assess_drawn(
            &question,
            &answer,
            embedder.as_ref().map(|e| e as &dyn onsite_rubric::Meaning),
            graph.as_ref(),
        )
        .with_context(|| format!("cannot score {}", args.input.display()))?;
    if let Some(failure) = embedder.as_ref().and_then(|e| e.take_failure()) {
        eprintln!("onsite: warning: scored by words alone: {failure}");
    }
    match args.format {
        JsonOrText::Json => super::print_json(&drawn)?,
        JsonOrText::Text => {
            print!("{}", render_text(&drawn.assessment, &question));
            if let Some(d) = &drawn.diagram {
                print!("{}", render_diagram(d));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The sentence-embedding model from the models search path (the data folder's `models/`,
/// `$ONSITE_MODELS_DIR`, the installed share folder, a checkout's `models/`), checked against
/// the sha256s recorded on import.
pub(crate) fn load_meaning(
    ctx: &Ctx,
) -> Result<onsite_meaning::Embedder, onsite_meaning::MeaningError> {
    let registry = onsite_models::Registry::standard(&ctx.data_dir.models_dir());
    let dir = onsite_meaning::locate(registry.dirs())?;
    onsite_meaning::Embedder::load(&dir)
}

fn read_answer(ctx: &Ctx, path: &Path, model: Option<&str>) -> anyhow::Result<Answer> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if AUDIO_EXTENSIONS.contains(&ext.as_str()) {
        let transcript = super::transcribe::transcribe_file(ctx, path, model)?;
        return Ok(Answer::from_transcript(&transcript));
    }
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > MAX_INPUT_BYTES {
        bail!(
            "{} is {} bytes; a transcript is at most {MAX_INPUT_BYTES} bytes (about 40 hours of speech)",
            path.display(),
            meta.len()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if ext == "json" {
        let t = Transcript::from_json_slice(&bytes)
            .with_context(|| format!("{} is not a transcript", path.display()))?;
        return Ok(Answer::from_transcript(&t));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not UTF-8 text (invalid byte at offset {}); give a .txt transcript, the JSON from `onsite transcribe`, or an audio file",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Answer::from_text(&text))
}

fn clock(ms: u64) -> String {
    format!("{}:{:04.1}", ms / 60_000, (ms % 60_000) as f64 / 1000.0)
}

fn cite(e: &Evidence) -> String {
    let place = match (e.start_ms, e.end_ms) {
        (Some(s), Some(t)) => format!("{}–{}", clock(s), clock(t)),
        _ => format!("words {}–{}", e.start_word, e.end_word),
    };
    let words: Vec<&str> = e.text.split_whitespace().collect();
    let text = if words.len() > 18 {
        format!("{} …", words[..18].join(" "))
    } else {
        words.join(" ")
    };
    format!("\u{201c}{text}\u{201d} ({place})")
}

/// The human-readable report.
pub fn render_text(a: &Assessment, q: &Question) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Overall {:.1} / 5   ({}; rubric {})",
        a.overall,
        q.kind.as_str(),
        a.rubric_version
    );
    if !q.text.is_empty() {
        let _ = writeln!(s, "Question: {}", q.text);
    }
    let _ = writeln!(s, "{}\n", a.summary);
    if a.no_speech {
        return s;
    }
    let _ = writeln!(s, "Competencies");
    for (name, c) in a.competencies.iter() {
        let filled = ((c.score - 1.0) / 4.0 * 10.0).round() as usize;
        let bar = format!("{}{}", "#".repeat(filled), ".".repeat(10 - filled.min(10)));
        let _ = writeln!(s, "  {:<24} {:.1}  {bar}", name.replace('_', " "), c.score);
        let _ = writeln!(s, "      next: {}", c.advice);
        for e in &c.evidence {
            let _ = writeln!(s, "      heard: {}", cite(e));
        }
    }
    // The design framework means little for a story about people; STAR means little for a design.
    if q.kind != QuestionKind::Behavioural {
        render_framework(&mut s, a);
    }
    if q.kind != QuestionKind::SystemDesign {
        render_star(&mut s, a);
    }
    render_rest(&mut s, a, q);
    s
}

/// The drawing's reading: components, what it is evidence for, what to fix (element ids in
/// brackets, as Replay highlights them).
pub fn render_diagram(d: &DiagramReading) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nDiagram  {} components, {} connections",
        d.nodes.len(),
        d.edges.len()
    );
    let quote = |e: &DrawnElement| match &e.label {
        Some(l) => format!("\u{201c}{l}\u{201d} [{}]", e.id),
        None => format!("an unlabelled shape [{}]", e.id),
    };
    for step in &d.framework {
        let _ = writeln!(s, "  + {}: {}", step.step.replace('_', " "), step.message);
        if !step.elements.is_empty() {
            let drawn: Vec<String> = step.elements.iter().map(quote).collect();
            let _ = writeln!(s, "      drawn: {}", drawn.join(", "));
        }
        if !step.lowered.is_empty() {
            let lowered: Vec<String> = step.lowered.iter().map(quote).collect();
            let _ = writeln!(s, "      no failure story: {}", lowered.join(", "));
        }
    }
    for f in &d.findings {
        let _ = writeln!(s, "  - {}: {}", f.id, f.message);
        if !f.evidence.is_empty() {
            let drawn: Vec<String> = f.evidence.iter().map(quote).collect();
            let _ = writeln!(s, "      drawn: {}", drawn.join(", "));
        }
    }
    s
}

fn render_framework(s: &mut String, a: &Assessment) {
    let _ = writeln!(s, "\nFramework");
    for (name, step) in a.framework.steps() {
        let mark = if step.covered { "x" } else { " " };
        let first = step.evidence.first().map(cite).unwrap_or_default();
        let _ = writeln!(s, "  [{mark}] {:<24} {first}", name.replace('_', " "));
    }
    let order = match a.framework.constraints_before_architecture {
        Some(true) => "yes",
        Some(false) => "no",
        None => "n/a",
    };
    let _ = writeln!(s, "  constraints before architecture: {order}");
}

fn render_star(s: &mut String, a: &Assessment) {
    let st = &a.star;
    let yn = |b: bool| if b { "yes" } else { "no" };
    let _ = writeln!(
        s,
        "\nSTAR  situation {}, task {}, action {}, result {}, quantified result {}   (I {} / we {} / they {})",
        yn(st.situation),
        yn(st.task),
        yn(st.action),
        yn(st.result),
        yn(st.quantified_result),
        a.agency.i,
        a.agency.we,
        a.agency.they
    );
}

fn render_rest(s: &mut String, a: &Assessment, q: &Question) {
    if !a.red_flags.is_empty() {
        let _ = writeln!(s, "\nRed flags");
        for f in &a.red_flags {
            let _ = writeln!(s, "  ! {}: {}", f.id, f.message);
        }
    }
    if !a.positive_signals.is_empty() {
        let _ = writeln!(s, "\nStrengths");
        for f in &a.positive_signals {
            let _ = writeln!(s, "  + {}", f.message);
        }
    }
    let d = &a.delivery;
    let _ = writeln!(s, "\nDelivery");
    let timing = match (d.duration_s, d.wpm) {
        (Some(dur), Some(wpm)) => format!(", {:.0} s, {wpm:.0} words/min", dur),
        _ => " (no timings: plain text)".into(),
    };
    let _ = writeln!(s, "  {} words{timing}", d.words);
    let by: Vec<String> = d
        .fillers
        .by_word
        .iter()
        .map(|(w, n)| format!("{w} {n}"))
        .collect();
    let per_min = d
        .fillers
        .per_min
        .map(|p| format!(" ({p:.1}/min)"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "  fillers {}{per_min}{}",
        d.fillers.count,
        if by.is_empty() {
            String::new()
        } else {
            format!(": {}", by.join(", "))
        }
    );
    let hedges: Vec<String> = d
        .hedges
        .by_phrase
        .iter()
        .map(|(w, n)| format!("\"{w}\" {n}"))
        .collect();
    let _ = writeln!(
        s,
        "  hedges {}{}",
        d.hedges.count,
        if hedges.is_empty() {
            String::new()
        } else {
            format!(": {}", hedges.join(", "))
        }
    );
    if let Some(p) = &d.long_pauses {
        let _ = writeln!(s, "  long pauses {}", p.len());
    }
    if !d.flags.is_empty() {
        let _ = writeln!(s, "  flags: {}", d.flags.join(", "));
    }
    if !q.talking_points.is_empty() {
        let _ = writeln!(s, "\nTalking points");
        for t in &a.talking_points.covered {
            let _ = writeln!(s, "  [x] {t}");
        }
        for t in &a.talking_points.missed {
            let _ = writeln!(s, "  [ ] {t}");
        }
    }
    if let Some(g) = a.biggest_gap() {
        let _ = writeln!(
            s,
            "\nAn interviewer would probe next: {}",
            g.as_str().replace('_', " ")
        );
    }
}
