//! The story bank: STAR stories in behavioural answers, grouped when they tell the same story.
//!
//! Similarity is deliberately transparent so the candidate can see why two answers were
//! grouped. From each answer we extract names (capitalised words and acronyms not opening a
//! sentence: people, products, systems), groups of people ("the payments team", roles), numbers
//! (spoken or written, normalised) and keywords (stemmed content words). Two answers score
//!
//! `similarity = 0.35·J(names ∪ people) + 0.25·J(numbers) + 0.40·J(keywords)`
//!
//! where J is the Jaccard overlap, and a part both answers lack is left out (its weight shared
//! by the others). Numbers only count when the answers also share a name or a keyword. Answers at or above [`SAME_STORY_THRESHOLD`] are linked, and linked answers
//! form one story (single linkage). Each link lists what the two answers share.

use std::collections::{BTreeMap, BTreeSet};

use onsite_rubric::{Assessment, QuestionKind, Star};
use onsite_store::{SessionDetail, Store};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::competency::{COMPETENCIES, COVERED_SCORE};
use crate::session::{assessment_of, latest_scored};
use crate::text::{content_words, is_stopword, numbers, words};
use crate::ReportError;

/// Two answers at or above this similarity tell the same story. Retellings of one story score
/// about 0.35–0.6 in our tests; different stories from the same candidate about 0.0–0.15.
pub const SAME_STORY_THRESHOLD: f64 = 0.28;

const W_NAMES: f64 = 0.35;
const W_NUMBERS: f64 = 0.25;
const W_KEYWORDS: f64 = 0.40;

/// Role words that name people in a story.
const ROLES: &[&str] = &[
    "manager",
    "director",
    "cto",
    "ceo",
    "vp",
    "pm",
    "architect",
    "lead",
    "tech-lead",
    "customer",
    "customers",
    "stakeholder",
    "stakeholders",
    "engineer",
    "engineers",
    "designer",
    "executive",
    "founder",
    "intern",
    "sre",
    "oncall",
    "on-call",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoryBank {
    /// Behavioural answers read (latest scored take of each question).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub behavioural_answers: usize,
    pub stories: Vec<Story>,
    /// Competencies no story has shown at or above the bar yet: what to prepare a story for.
    pub competencies_without_story: Vec<String>,
    pub threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Story {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub id: usize,
    /// The opening of the first telling, to recognise the story by.
    pub title: String,
    pub answers: Vec<StoryAnswer>,
    /// Competency -> best score any telling reached.
    pub competencies: BTreeMap<String, f64>,
    /// Competencies at or above the bar ([`COVERED_SCORE`]).
    pub covered: Vec<String>,
    pub entities: StoryEntities,
    /// Why the answers were grouped (empty for a story told once).
    pub links: Vec<StoryLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoryAnswer {
    pub session_id: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub take_id: i64,
    pub question_id: String,
    pub question_text: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub started_at_ms: i64,
    #[cfg_attr(feature = "specta", specta(type = StarParts))]
    pub star: Star,
    pub overall: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoryEntities {
    pub names: Vec<String>,
    pub people: Vec<String>,
    pub numbers: Vec<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoryLink {
    /// Take ids of the two answers.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub a: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub b: i64,
    pub similarity: Similarity,
}

/// The score and its parts, with what the two answers share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Similarity {
    pub score: f64,
    pub names: Option<f64>,
    pub numbers: Option<f64>,
    pub keywords: Option<f64>,
    pub shared: Vec<String>,
}

/// The rubric's STAR parts as they serialise (the shell's TypeScript type for [`Star`], which
/// lives in the rubric crate without IPC types).
#[cfg(feature = "specta")]
#[derive(Debug, specta::Type)]
pub struct StarParts {
    pub situation: bool,
    pub task: bool,
    pub action: bool,
    pub result: bool,
    pub quantified_result: bool,
}

/// What one answer is about. Names and people are compared in lowercase (a transcript may
/// write "ACME" once and "Acme" the next time); `spellings` keeps how they were written, for
/// display.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extracted {
    names: BTreeSet<String>,
    people: BTreeSet<String>,
    numbers: BTreeSet<String>,
    keywords: BTreeSet<String>,
    /// Lowercase key of a name or group of people -> each way it was written, in order of use.
    spellings: BTreeMap<String, Vec<String>>,
}

/// How to show `key`: its most frequent spelling across `answers` (the first written on a
/// tie), so "Priya" and "SRE" stay as the candidate said them.
fn spelled(key: &str, answers: &[&Extracted]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for written in answers
        .iter()
        .filter_map(|e| e.spellings.get(key))
        .flatten()
    {
        match counts.iter_mut().find(|c| c.0 == written) {
            Some(c) => c.1 += 1,
            None => counts.push((written, 1)),
        }
    }
    // max_by_key keeps the last maximum; reversing first keeps the first written on a tie.
    counts
        .into_iter()
        .rev()
        .max_by_key(|c| c.1)
        .map_or_else(|| key.to_string(), |c| c.0.to_string())
}

pub(crate) fn extract(text: &str) -> Extracted {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut e = Extracted::default();
    let mut sentence_start = true;
    let raw: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in raw.iter().enumerate() {
        let clean = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = clean.to_lowercase();
        let capitalised = clean.chars().next().is_some_and(char::is_uppercase);
        let acronym = clean.len() >= 2
            && clean.chars().any(|c| c.is_ascii_uppercase())
            && clean
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !clean.is_empty()
            && (acronym || (capitalised && !sentence_start))
            && lower != "i"
            && !is_stopword(&lower)
        {
            e.names.insert(lower.clone());
            e.spell(&lower, clean);
        }
        if ROLES.contains(&lower.as_str()) {
            e.people.insert(lower.clone());
            e.spell(&lower, clean);
        }
        if (lower == "team" || lower == "teams") && i > 0 {
            let prev_written = raw[i - 1].trim_matches(|c: char| !c.is_alphanumeric());
            let prev = prev_written.to_lowercase();
            if !prev.is_empty()
                && !is_stopword(&prev)
                && !["my", "our", "the", "a"].contains(&prev.as_str())
            {
                let key = format!("{prev} team");
                e.spell(
                    &key,
                    &format!("{prev_written} {}", clean.trim_end_matches('s')),
                );
                e.people.insert(key);
            }
        }
        if !clean.is_empty() {
            sentence_start = w.ends_with(['.', '!', '?']);
        }
    }
    e.numbers = numbers(text).into_iter().collect();
    e.keywords = content_words(text)
        .into_iter()
        .map(|w| stemmer.stem(&w).into_owned())
        .filter(|w| w.len() >= 3)
        .collect();
    e
}

impl Extracted {
    fn spell(&mut self, key: &str, written: &str) {
        self.spellings
            .entry(key.to_string())
            .or_default()
            .push(written.to_string());
    }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let inter = a.intersection(b).count() as f64;
    let union = a.union(b).count() as f64;
    Some(inter / union)
}

pub(crate) fn similarity(a: &Extracted, b: &Extracted) -> Similarity {
    let names_a: BTreeSet<String> = a.names.union(&a.people).cloned().collect();
    let names_b: BTreeSet<String> = b.names.union(&b.people).cloned().collect();
    let parts = [
        (W_NAMES, jaccard(&names_a, &names_b)),
        (W_NUMBERS, jaccard(&a.numbers, &b.numbers)),
        (W_KEYWORDS, jaccard(&a.keywords, &b.keywords)),
    ];
    let weight: f64 = parts.iter().filter(|p| p.1.is_some()).map(|p| p.0).sum();
    let words_shared = names_a.intersection(&names_b).next().is_some()
        || a.keywords.intersection(&b.keywords).next().is_some();
    // Numbers corroborate; on their own ("30%" in two unrelated stories) they prove nothing.
    let score = if weight > 0.0 && words_shared {
        parts
            .iter()
            .filter_map(|(w, j)| j.map(|j| w * j))
            .sum::<f64>()
            / weight
    } else {
        0.0
    };
    let mut shared: Vec<String> = names_a.intersection(&names_b).cloned().collect();
    shared.extend(a.numbers.intersection(&b.numbers).cloned());
    shared.extend(a.keywords.intersection(&b.keywords).cloned());
    let r = |x: f64| (x * 100.0).round() / 100.0;
    Similarity {
        score: r(score),
        names: parts[0].1.map(r),
        numbers: parts[1].1.map(r),
        keywords: parts[2].1.map(r),
        shared,
    }
}

/// A STAR story: the speaker did something (the rubric's STAR action) in a past setting. For
/// behavioural questions the setting is the rubric's situation, task or result, or else a
/// narrative in the past tense (the rubric's situation cue list misses openings such as "Our
/// cluster was running out of disk"). Outside behavioural questions the rubric's situation or
/// task and a result are all required, so design answers are not taken as stories.
pub(crate) fn is_story(a: &Assessment, text: &str) -> bool {
    let star = &a.star;
    if a.no_speech || !star.action {
        return false;
    }
    if a.kind == QuestionKind::Behavioural {
        star.situation || star.task || star.result || past_narrative(text)
    } else {
        (star.situation || star.task) && star.result
    }
}

/// At least three past-tense verbs ("was", "had", "-ed" words): someone is telling what happened.
fn past_narrative(text: &str) -> bool {
    words(text)
        .iter()
        .map(|w| w.to_lowercase())
        .filter(|w| {
            matches!(
                w.as_str(),
                "was" | "were" | "had" | "did" | "led" | "wrote" | "got" | "made" | "took"
            ) || (w.len() > 4 && w.ends_with("ed"))
        })
        .count()
        >= 3
}

struct Candidate {
    answer: StoryAnswer,
    text: String,
    scores: BTreeMap<String, f64>,
    extracted: Extracted,
}

impl StoryBank {
    pub fn load(store: &Store) -> Result<Self, ReportError> {
        let sessions = store
            .list_sessions()?
            .iter()
            .map(|s| store.session(&s.id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_sessions(&sessions))
    }

    pub fn from_sessions(sessions: &[SessionDetail]) -> Self {
        let mut cands: Vec<Candidate> = Vec::new();
        let mut behavioural = 0;
        for s in sessions {
            for q in &s.questions {
                let Some(take) = latest_scored(&q.takes) else {
                    continue;
                };
                let Some(a) = assessment_of(take) else {
                    continue;
                };
                if a.kind == QuestionKind::Behavioural {
                    behavioural += 1;
                }
                let text = take
                    .segments
                    .iter()
                    .map(|s| s.text.trim())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !is_story(&a, &text) {
                    continue;
                }
                cands.push(Candidate {
                    answer: StoryAnswer {
                        session_id: s.id.to_string(),
                        take_id: take.id.map(|i| i.0).unwrap_or(0),
                        question_id: q.question.question_id.clone(),
                        question_text: q.question.text.clone(),
                        started_at_ms: take.started_at_ms,
                        star: a.star,
                        overall: a.overall,
                    },
                    extracted: extract(&text),
                    text,
                    scores: take
                        .rubric
                        .as_ref()
                        .map(|r| r.scores.clone())
                        .unwrap_or_default(),
                });
            }
        }
        cands.sort_by_key(|c| (c.answer.started_at_ms, c.answer.take_id));
        let stories = group(&cands);
        let covered: BTreeSet<&str> = stories
            .iter()
            .flat_map(|s| s.covered.iter().map(String::as_str))
            .collect();
        Self {
            behavioural_answers: behavioural,
            competencies_without_story: COMPETENCIES
                .iter()
                .filter(|c| !covered.contains(*c))
                .map(|c| c.to_string())
                .collect(),
            stories,
            threshold: SAME_STORY_THRESHOLD,
        }
    }
}

fn group(cands: &[Candidate]) -> Vec<Story> {
    // Union-find over the links at or above the threshold.
    let mut parent: Vec<usize> = (0..cands.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut links: Vec<(usize, usize, Similarity)> = Vec::new();
    for i in 0..cands.len() {
        for j in i + 1..cands.len() {
            let sim = similarity(&cands[i].extracted, &cands[j].extracted);
            if sim.score >= SAME_STORY_THRESHOLD {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[rj.max(ri)] = ri.min(rj);
                links.push((i, j, sim));
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..cands.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups
        .into_values()
        .enumerate()
        .map(|(n, members)| {
            let mut competencies: BTreeMap<String, f64> = BTreeMap::new();
            let mut entities = StoryEntities::default();
            let (mut names, mut people, mut nums, mut kw) = (
                BTreeSet::new(),
                BTreeSet::new(),
                BTreeSet::new(),
                BTreeMap::<&String, usize>::new(),
            );
            let extracted: Vec<&Extracted> = members.iter().map(|&m| &cands[m].extracted).collect();
            for &m in &members {
                for (k, v) in &cands[m].scores {
                    let e = competencies.entry(k.clone()).or_insert(*v);
                    *e = e.max(*v);
                }
                let x = &cands[m].extracted;
                names.extend(x.names.iter().cloned());
                people.extend(x.people.iter().cloned());
                nums.extend(x.numbers.iter().cloned());
                for k in &x.keywords {
                    *kw.entry(k).or_default() += 1;
                }
            }
            let mut kw: Vec<(&String, usize)> = kw.into_iter().collect();
            kw.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            // In order of the lowercase keys: sorted without regard to case.
            entities.names = names.iter().map(|k| spelled(k, &extracted)).collect();
            entities.people = people.iter().map(|k| spelled(k, &extracted)).collect();
            entities.numbers = nums.into_iter().collect();
            entities.keywords = kw.into_iter().take(12).map(|(k, _)| k.clone()).collect();
            let covered = COMPETENCIES
                .iter()
                .filter(|c| competencies.get(**c).is_some_and(|s| *s >= COVERED_SCORE))
                .map(|c| c.to_string())
                .collect();
            let member_set: BTreeSet<usize> = members.iter().copied().collect();
            Story {
                id: n + 1,
                title: title(&cands[members[0]].text),
                answers: members.iter().map(|&m| cands[m].answer.clone()).collect(),
                competencies,
                covered,
                entities,
                links: links
                    .iter()
                    .filter(|(i, j, _)| member_set.contains(i) && member_set.contains(j))
                    .map(|(i, j, s)| StoryLink {
                        a: cands[*i].answer.take_id,
                        b: cands[*j].answer.take_id,
                        similarity: s.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The first sentence, cut to 14 words.
fn title(text: &str) -> String {
    let first = text
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(text)
        .trim();
    let ws: Vec<&str> = first.split_whitespace().collect();
    if ws.len() > 14 {
        format!("{}…", ws[..14].join(" "))
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYMENTS_A: &str = "At Acme I needed the payments team to change their retry logic, \
        which caused duplicate charges. I met their lead Priya, understood their roadmap and \
        offered to pair one of our engineers with theirs. We agreed a phased rollout. As a result \
        duplicate charges dropped by thirty percent within a month.";
    const PAYMENTS_B: &str = "When I was at Acme, retries in the payments service were double \
        charging customers. I set up time with Priya, who led the payments team, and proposed we \
        lend them an engineer for the change. We rolled it out in phases and duplicate charges \
        fell 30% in four weeks.";
    const MIGRATION: &str = "Our Postgres cluster was running out of disk, so I led the \
        migration to sharded storage. I wrote the design doc, got sign-off from the architecture \
        review and moved twelve services over two quarters without downtime.";
    const MENTORING: &str = "A new graduate on my team was struggling with code reviews. I set \
        up weekly pairing sessions and wrote a checklist with her. Within three months she was \
        reviewing the on-call runbooks herself.";

    #[test]
    fn retellings_link_and_different_stories_do_not() {
        let (a, b) = (extract(PAYMENTS_A), extract(PAYMENTS_B));
        assert!(
            a.names.contains("acme") && a.names.contains("priya"),
            "{:?}",
            a.names
        );
        assert!(a.people.contains("payments team"), "{:?}", a.people);
        assert!(a.numbers.contains("30%") && b.numbers.contains("30%"));
        let same = similarity(&a, &b);
        assert!(same.score >= SAME_STORY_THRESHOLD, "{same:?}");
        assert!(same.shared.iter().any(|s| s == "priya"), "{same:?}");
        for other in [MIGRATION, MENTORING] {
            for one in [&a, &b] {
                let diff = similarity(one, &extract(other));
                assert!(diff.score < SAME_STORY_THRESHOLD, "{other}: {diff:?}");
            }
        }
        let diff = similarity(&extract(MIGRATION), &extract(MENTORING));
        assert!(diff.score < SAME_STORY_THRESHOLD, "{diff:?}");
        // Numbers alone (two stories that both mention 30%) do not make one story.
        let n = similarity(
            &extract("Latency fell by 30%."),
            &extract("Costs dropped by 30%."),
        );
        assert!(n.score < SAME_STORY_THRESHOLD, "{n:?}");
    }

    fn candidate(take_id: i64, text: &str) -> Candidate {
        Candidate {
            answer: StoryAnswer {
                session_id: "s".into(),
                take_id,
                question_id: "ld-influence".into(),
                question_text: "Tell me about a time you influenced another team.".into(),
                started_at_ms: take_id,
                star: Star {
                    situation: true,
                    task: true,
                    action: true,
                    result: true,
                    quantified_result: true,
                },
                overall: 3.0,
            },
            text: text.into(),
            scores: BTreeMap::new(),
            extracted: extract(text),
        }
    }

    #[test]
    fn names_are_shown_as_spoken_and_grouped_regardless_of_case() {
        // The first telling's transcript wrote the company in capitals; the next two did not.
        let retold = [
            candidate(1, PAYMENTS_A.replace("Acme", "ACME").as_str()),
            candidate(2, PAYMENTS_B),
            candidate(
                3,
                "At Acme our SRE asked me to help the payments team: retries were double \
                 charging customers. I paired with Priya and duplicate charges fell 30%.",
            ),
        ];
        let stories = group(&retold);
        assert_eq!(stories.len(), 1, "one story, whatever the case");
        let e = &stories[0].entities;
        // The most frequent spelling, sorted without regard to case.
        assert_eq!(e.names, ["Acme", "Priya", "SRE"]);
        assert!(
            e.people.contains(&"SRE".to_string())
                && e.people.contains(&"payments team".to_string()),
            "{:?}",
            e.people
        );
        // Compared in lowercase: "ACME" and "Acme" are one name.
        let first_two = similarity(&retold[0].extracted, &retold[1].extracted);
        assert!(
            first_two.shared.iter().any(|s| s == "acme"),
            "{first_two:?}"
        );
        // On a tie the first spelling used wins.
        assert_eq!(
            spelled("acme", &[&retold[0].extracted, &retold[1].extracted]),
            "ACME"
        );
    }

    #[test]
    fn titles_are_the_first_sentence() {
        assert_eq!(title("We shipped. Then more."), "We shipped.");
        assert!(title(&"word ".repeat(30)).ends_with('…'));
    }
}
