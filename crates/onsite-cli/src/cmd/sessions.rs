//! `onsite sessions`: list, show, search, delete, export, import, re-score and back up recorded
//! sessions.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use onsite_live::rescore::{self, RescoreStatus, TakeRescore};
use onsite_store::{SearchOrder, SessionId, Store, StoreError};

use super::{print_json, Ctx, JsonOrText};

#[derive(Debug, clap::Subcommand)]
pub enum Args {
    #[command(flatten)]
    Stored(Stored),
    /// Move a damaged database aside (it is kept as onsite.db.corrupt-<time>) and start fresh
    Repair {
        /// Required: confirms the move
        #[arg(long)]
        move_aside: bool,
        #[command(flatten)]
        format: Format,
    },
}

/// Subcommands that work on an open store.
#[derive(Debug, clap::Subcommand)]
pub enum Stored {
    /// List sessions, newest first, with their per-competency scores
    List(Format),
    /// Show one session: questions, takes, transcripts, scores, follow-ups
    Show {
        id: String,
        #[command(flatten)]
        format: Format,
    },
    /// Full-text search in every transcript
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Result order
        #[arg(long, value_enum, default_value_t = Order::Newest)]
        order: Order,
        #[command(flatten)]
        format: Format,
    },
    /// Per-competency scores over time
    Trend {
        /// Only this competency (e.g. communication)
        #[arg(long)]
        competency: Option<String>,
        #[command(flatten)]
        format: Format,
    },
    /// Delete a session and its recordings, or everything with --all --yes
    Delete {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Delete every session, recording and setting ("delete all my data")
        #[arg(long, requires = "yes")]
        all: bool,
        /// Confirm --all
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        format: Format,
    },
    /// Export a session (or --all) as a zip archive: session.json, media, a report
    Export {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        format: Format,
    },
    /// Import an archive written by `export` (sessions already present are skipped)
    Import {
        file: PathBuf,
        #[command(flatten)]
        format: Format,
    },
    /// Score stored answers again with the current rubric pack; each old result is kept
    // One of the two, and clap names both when neither is given.
    #[command(group(clap::ArgGroup::new("sessions").required(true).args(["id", "all"])))]
    Rescore {
        /// The session whose scored takes to re-score
        id: Option<String>,
        /// Re-score every session
        #[arg(long)]
        all: bool,
        /// Rubric pack by name: `default` (embedded) or a pack in the data folder's rubrics/
        #[arg(long, value_name = "NAME")]
        rubric: Option<String>,
        #[command(flatten)]
        format: Format,
    },
    /// Online backup of the database (not media) with SQLite's backup API
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        format: Format,
    },
    /// Insert SYNTHETIC sessions for benchmarks and UI tests (clearly marked as synthetic)
    #[command(hide = true)]
    Seed {
        #[arg(long, default_value_t = 10)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Order {
    /// Most recently recorded first
    Newest,
    /// Best match first
    Relevance,
}

#[derive(Debug, clap::Args)]
pub struct Format {
    #[arg(long, value_enum, default_value_t)]
    format: JsonOrText,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let args = match args {
        Args::Repair { move_aside, format } => return repair(ctx, move_aside, format.format),
        Args::Stored(args) => args,
    };
    let mut store = open(ctx)?;
    match args {
        Stored::List(format) => {
            let sessions = store.list_sessions().map_err(with_code)?;
            if format.format == JsonOrText::Json {
                print_json(&sessions)?;
            } else if sessions.is_empty() {
                println!("No sessions yet.");
            } else {
                for s in &sessions {
                    let scores: Vec<String> = s
                        .scores
                        .iter()
                        .map(|(k, v)| format!("{k} {v:.1}"))
                        .collect();
                    println!(
                        "{}  {}  {:<18} {:<7} {} questions, {} takes  {}",
                        s.id,
                        onsite_store::format_utc(s.started_at_ms),
                        s.plan,
                        s.level,
                        s.questions,
                        s.takes,
                        scores.join(", ")
                    );
                }
            }
        }
        Stored::Show { id, format } => {
            let session = store.session(&parse_id(&id)?).map_err(with_code)?;
            if format.format == JsonOrText::Json {
                print_json(&session)?;
            } else {
                println!(
                    "Session {}  ({} / {})",
                    session.id, session.plan, session.level
                );
                println!(
                    "Started {}",
                    onsite_store::format_utc(session.started_at_ms)
                );
                for q in &session.questions {
                    println!("\nQ{}. {}", q.position, q.question.text);
                    for t in &q.takes {
                        println!("  take {} [{}]", t.attempt, t.status.as_str());
                        if let Some(r) = &t.rubric {
                            let scores: Vec<String> = r
                                .scores
                                .iter()
                                .map(|(k, v)| format!("{k} {v:.1}"))
                                .collect();
                            let earlier: Vec<&str> = t
                                .earlier_rubrics
                                .iter()
                                .map(|e| e.rubric_version.as_str())
                                .collect();
                            let earlier = if earlier.is_empty() {
                                String::new()
                            } else {
                                format!("; earlier results kept: {}", earlier.join(", "))
                            };
                            println!(
                                "    scores: {}  (rubric {}{earlier})",
                                scores.join(", "),
                                r.rubric_version
                            );
                        }
                        let text: Vec<&str> = t.segments.iter().map(|s| s.text.trim()).collect();
                        println!("    {}", text.join(" "));
                    }
                }
            }
        }
        Stored::Search {
            query,
            limit,
            order,
            format,
        } => {
            let order = match order {
                Order::Newest => SearchOrder::Newest,
                Order::Relevance => SearchOrder::Relevance,
            };
            let hits = store
                .search_ordered(&query, order, limit)
                .map_err(with_code)?;
            if format.format == JsonOrText::Json {
                print_json(&hits)?;
            } else {
                for h in &hits {
                    println!(
                        "{}  {}  {:>6.1}s  {}",
                        h.session_id,
                        onsite_store::format_utc(h.session_started_at_ms),
                        h.start_ms as f64 / 1000.0,
                        h.snippet
                    );
                }
            }
        }
        Stored::Trend { competency, format } => {
            let points = store
                .competency_trend(competency.as_deref())
                .map_err(with_code)?;
            if format.format == JsonOrText::Json {
                print_json(&points)?;
            } else {
                for p in &points {
                    println!(
                        "{:<24} {}  {:.2}  {}",
                        p.competency,
                        onsite_store::format_utc(p.started_at_ms),
                        p.score,
                        p.session_id
                    );
                }
            }
        }
        Stored::Delete {
            id, all, format, ..
        } => {
            if all {
                let count = store.list_sessions().map_err(with_code)?.len();
                store.delete_all().map_err(with_code)?;
                done(
                    format.format,
                    serde_json::json!({ "deleted_sessions": count }),
                    || {
                        format!(
                            "Deleted all data: {count} sessions, their recordings and settings."
                        )
                    },
                )?;
            } else {
                let id = parse_id(id.as_deref().unwrap_or_default())?;
                store.delete_session(&id).map_err(with_code)?;
                done(format.format, serde_json::json!({ "deleted": id }), || {
                    format!("Deleted session {id} and its recordings.")
                })?;
            }
        }
        Stored::Export {
            id,
            all,
            out,
            format,
        } => {
            let count = if all {
                store.export_all(&out).map_err(with_code)?
            } else {
                let id = parse_id(id.as_deref().unwrap_or_default())?;
                store.export_session(&id, &out).map_err(with_code)?;
                1
            };
            done(
                format.format,
                serde_json::json!({ "out": out, "sessions": count }),
                || format!("Exported {count} session(s) to {}", out.display()),
            )?;
        }
        Stored::Import { file, format } => {
            let report = store
                .import(&file)
                .map_err(with_code)
                .with_context(|| format!("could not import {}", file.display()))?;
            if format.format == JsonOrText::Json {
                print_json(&report)?;
            } else {
                println!(
                    "Imported {} session(s); {} already present.",
                    report.imported.len(),
                    report.already_present.len()
                );
            }
        }
        Stored::Rescore {
            id,
            all,
            rubric,
            format,
        } => {
            let pack = ctx.rubric(rubric.as_deref())?;
            let takes = if all {
                rescore::rescore_all(&mut store, &pack)?
            } else {
                let id = parse_id(id.as_deref().unwrap_or_default())?;
                rescore::rescore_session(&mut store, &pack, &id)?
            };
            if format.format == JsonOrText::Json {
                print_json(&takes)?;
            } else {
                print_rescored(&takes, &pack.version_label());
            }
        }
        Stored::Backup { out, format } => {
            store.backup_to(&out).map_err(with_code)?;
            done(format.format, serde_json::json!({ "out": out }), || {
                format!("Backed up the database to {}", out.display())
            })?;
        }
        Stored::Seed {
            count,
            seed,
            format,
        } => {
            let ids = store.seed_synthetic(count, seed).map_err(with_code)?;
            done(
                format.format,
                serde_json::json!({ "synthetic_sessions": ids }),
                || {
                    format!(
                        "Inserted {} SYNTHETIC sessions (plan \"synthetic\").",
                        ids.len()
                    )
                },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per take: old version → new version, old overall → new overall.
fn print_rescored(takes: &[TakeRescore], version: &str) {
    if takes.is_empty() {
        println!("No scored answers to re-score.");
        return;
    }
    let overall = |o: Option<f64>| o.map_or("-".to_string(), |o| format!("{o:.1}"));
    for t in takes {
        let head = format!("{}  take {:<5}", t.session_id, t.take_id);
        match (t.status, t.reason) {
            (RescoreStatus::Rescored, _) => println!(
                "{head} {} → {}  overall {} → {}",
                t.old_version,
                t.new_version.as_deref().unwrap_or(version),
                overall(t.old_overall),
                overall(t.new_overall)
            ),
            (RescoreStatus::Skipped, Some(reason)) => {
                println!("{head} {}: skipped, {}", t.old_version, reason.label())
            }
            (status, _) => println!(
                "{head} {}  overall {}: {}",
                t.old_version,
                overall(t.old_overall),
                status.label()
            ),
        }
    }
    let count = |s: RescoreStatus| takes.iter().filter(|t| t.status == s).count();
    println!(
        "{} re-scored with {version}, {} already current, {} skipped; every earlier result is \
         kept.",
        count(RescoreStatus::Rescored),
        count(RescoreStatus::AlreadyCurrent),
        count(RescoreStatus::Skipped)
    );
}

fn open(ctx: &Ctx) -> anyhow::Result<Store> {
    let store = Store::open(&ctx.data_dir).map_err(|err| {
        let hint = if err.code() == "store_corrupt" {
            "\nhint: `onsite sessions repair --move-aside` keeps it as onsite.db.corrupt-<time> \
             and starts a fresh database"
        } else {
            ""
        };
        anyhow::anyhow!("{err} [{}]{hint}", err.code())
    })?;
    for take in store.recovered_takes() {
        eprintln!(
            "note: recovered take {} of \"{}\" (session {}) interrupted by a crash; {} transcript \
             segments kept",
            take.attempt, take.question_text, take.session_id, take.segments_kept
        );
    }
    Ok(store)
}

fn repair(ctx: &Ctx, move_aside: bool, format: JsonOrText) -> anyhow::Result<ExitCode> {
    match Store::open(&ctx.data_dir) {
        Ok(_) => {
            done(format, serde_json::json!({ "status": "ok" }), || {
                "The database opens and passes its check; nothing to repair.".to_string()
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.code() == "store_corrupt" || err.code() == "store_migration" => {
            if !move_aside {
                anyhow::bail!(
                    "{err} [{}]\nrun again with --move-aside to keep it aside and start fresh",
                    err.code()
                );
            }
            let aside = Store::move_aside_corrupt(&ctx.data_dir).map_err(with_code)?;
            done(
                format,
                serde_json::json!({ "status": "moved_aside", "moved_to": aside }),
                || {
                    format!(
                        "Moved the damaged database to {} (kept, not deleted); a fresh one will \
                         be created.",
                        aside.display()
                    )
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => Err(with_code(err)),
    }
}

fn parse_id(id: &str) -> anyhow::Result<SessionId> {
    id.parse::<SessionId>().map_err(with_code)
}

fn with_code(err: StoreError) -> anyhow::Error {
    anyhow::anyhow!("{err} [{}]", err.code())
}

fn done(
    format: JsonOrText,
    json: serde_json::Value,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    match format {
        JsonOrText::Json => print_json(&json),
        JsonOrText::Text => {
            println!("{}", text());
            Ok(())
        }
    }
}
