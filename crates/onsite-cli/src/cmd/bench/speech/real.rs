//! Real-speech WER for `onsite bench speech`: every clip of the real-speech set
//! (`onsite_speech::eval::real_set`, fetched by `scripts/fetch-speech-set`) transcribed the way
//! `onsite transcribe` does a file, scored per category, with the fillers kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use onsite_speech::eval::real_set::{self, Category, RealSet, Tally};
use onsite_speech::{Model, StreamConfig};
use serde::Serialize;

use super::super::load_average;

/// Where the set is looked for when `--real` is not given: `$ONSITE_SPEECH_SET`, else the
/// fetch script's default folder in the checkout the binary or the current folder is in.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ONSITE_SPEECH_SET") {
        return Some(PathBuf::from(dir));
    }
    let starts = [std::env::current_exe().ok(), std::env::current_dir().ok()];
    starts
        .into_iter()
        .flatten()
        .find_map(|s| onsite_models::registry::checkout_models_dir(&s))
        .map(|models| models.join("cache").join("speech-set"))
}

/// Clips printed with what was said and heard, per category.
const WORST_PER_CATEGORY: usize = 3;

#[derive(Debug, Serialize)]
pub struct CategoryRow {
    pub category: &'static str,
    pub label: &'static str,
    #[serde(flatten)]
    pub tally: Tally,
    pub wer: f64,
    pub target_wer: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Worst {
    pub id: String,
    pub category: &'static str,
    pub wer: f64,
    pub reference: String,
    pub heard: String,
}

#[derive(Debug, Serialize)]
pub struct ModelReal {
    pub model: String,
    pub dir: PathBuf,
    pub speakers: usize,
    pub threads: usize,
    pub load_average: String,
    pub decode_seconds: f64,
    /// Decode time over audio time, the whole set through the file path (VAD windows).
    pub rtf: f64,
    pub categories: Vec<CategoryRow>,
    pub all: Tally,
    pub wer: f64,
    pub worst: Vec<Worst>,
}

/// Transcribes every clip with `model` and scores it.
pub fn measure(model: &Arc<Model>, dir: &Path, threads: usize) -> anyhow::Result<ModelReal> {
    let set = RealSet::builtin()?;
    let clips = set.locate(dir)?;
    let mut by_category: BTreeMap<Category, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut scored = Vec::new();
    let started = Instant::now();
    for (clip, path) in &clips {
        let mut cfg = StreamConfig::batch();
        cfg.decode.threads = threads;
        cfg.threads_after_stop = threads;
        let (t, _) = onsite_speech::transcribe_file(model.clone(), path, cfg)?;
        let s = real_set::score(&clip.reference, &t.text);
        by_category
            .entry(clip.category)
            .or_default()
            .add(s, clip.seconds);
        all.add(s, clip.seconds);
        scored.push((clip, s, t.text));
    }
    let decode_seconds = started.elapsed().as_secs_f64();
    scored.sort_by(|a, b| b.1.errors.cmp(&a.1.errors).then(a.0.id.cmp(&b.0.id)));
    // The clips with most errors in each category, so a category's figure can be read as
    // mishearing or as scoring by looking at what was said and what was written.
    let worst = Category::ALL
        .into_iter()
        .flat_map(|cat| {
            scored
                .iter()
                .filter(move |(c, s, _)| c.category == cat && s.errors > 0)
                .take(WORST_PER_CATEGORY)
        })
        .map(|(c, s, heard)| Worst {
            id: c.id.clone(),
            category: c.category.id(),
            wer: s.errors as f64 / s.words.max(1) as f64,
            reference: c.reference.clone(),
            heard: heard.trim().to_owned(),
        })
        .collect();
    let categories = Category::ALL
        .into_iter()
        .filter_map(|c| {
            by_category.get(&c).map(|t| CategoryRow {
                category: c.id(),
                label: c.label(),
                tally: *t,
                wer: t.wer(),
                target_wer: c.target_wer(),
            })
        })
        .collect();
    Ok(ModelReal {
        model: model.name().to_owned(),
        dir: dir.to_path_buf(),
        speakers: set.speakers(),
        threads,
        load_average: load_average(),
        decode_seconds,
        rtf: decode_seconds / all.seconds.max(1e-9),
        categories,
        wer: all.wer(),
        all,
        worst,
    })
}

pub fn print_text(r: &ModelReal) {
    println!();
    println!(
        "real speech, model {}: {} clips, {:.1} min, {} speakers ({})",
        r.model,
        r.all.clips,
        r.all.seconds / 60.0,
        r.speakers,
        r.dir.display()
    );
    println!(
        "  decoded in {:.1} s on {} thread(s), RTF {:.3}, load average {}",
        r.decode_seconds, r.threads, r.rtf, r.load_average
    );
    println!(
        "  {:<42} {:>5} {:>6} {:>6} {:>7}  target",
        "category", "clips", "min", "words", "WER"
    );
    for row in &r.categories {
        println!(
            "  {:<42} {:>5} {:>6.1} {:>6} {:>6.1}%  {}",
            row.label,
            row.tally.clips,
            row.tally.seconds / 60.0,
            row.tally.words,
            row.wer * 100.0,
            row.target_wer
                .map_or(String::new(), |t| format!("<= {:.0}%", t * 100.0))
        );
    }
    println!(
        "  {:<42} {:>5} {:>6.1} {:>6} {:>6.1}%",
        "all (fillers left out of WER)",
        r.all.clips,
        r.all.seconds / 60.0,
        r.all.words,
        r.wer * 100.0
    );
    println!(
        "  fillers kept: {}/{} ({:.0}%)   (target >= 80%)",
        r.all.fillers_kept,
        r.all.fillers_said,
        100.0 * r.all.fillers_kept as f64 / r.all.fillers_said.max(1) as f64
    );
    for w in &r.worst {
        println!(
            "  worst: {} ({}, {:.0}%): said \"{}\", heard \"{}\"",
            w.id,
            w.category,
            w.wer * 100.0,
            w.reference,
            w.heard
        );
    }
}
