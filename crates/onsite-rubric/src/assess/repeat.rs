//! Saying a thing again earns nothing: near-repeat detection between sentences, and the
//! moving type-token ratio that tells a rambling answer from one that moves forward.

use std::collections::{HashMap, HashSet};

/// A sentence's distinct stems, with a 128-bit signature for cheap rejection.
pub(super) struct StemSet {
    pub(super) stems: Vec<u32>,
    mask: u128,
}

impl StemSet {
    pub(super) fn new(seq: &[u32]) -> Self {
        let mut stems = seq.to_vec();
        stems.sort_unstable();
        stems.dedup();
        let mask = stems.iter().fold(0u128, |m, s| m | 1u128 << (s % 128));
        Self { stems, mask }
    }

    /// Jaccard similarity of at least 0.8. Each signature bit set on one side only stands for at
    /// least one stem the other lacks, so when those bits alone exceed the 20% the threshold
    /// allows, the exact comparison is skipped.
    pub(super) fn near_repeat_of(&self, other: &StemSet) -> bool {
        let only = (self.mask & !other.mask).count_ones() + (other.mask & !self.mask).count_ones();
        if f64::from(only) > 0.2 * (self.stems.len() + other.stems.len()) as f64 {
            return false;
        }
        jaccard(&self.stems, &other.stems) >= 0.8
    }
}

pub(super) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    // Sets whose sizes differ by more than the threshold allows cannot be near-repeats; this
    // skips most comparisons.
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    if (small as f64) < 0.8 * large as f64 {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        1.0
    } else {
        both as f64 / union as f64
    }
}

/// Mean share of distinct stems over every window of `w` content words (MATTR), which unlike a
/// plain type-token ratio does not fall just because an answer is long.
pub(super) fn moving_type_token_ratio(stream: &[u32], w: usize) -> f64 {
    if stream.is_empty() {
        return 0.0;
    }
    if stream.len() <= w {
        let distinct: HashSet<u32> = stream.iter().copied().collect();
        return distinct.len() as f64 / stream.len() as f64;
    }
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for s in &stream[..w] {
        *counts.entry(*s).or_insert(0) += 1;
    }
    let mut total = counts.len() as f64;
    for i in w..stream.len() {
        *counts.entry(stream[i]).or_insert(0) += 1;
        if let Some(c) = counts.get_mut(&stream[i - w]) {
            *c -= 1;
            if *c == 0 {
                counts.remove(&stream[i - w]);
            }
        }
        total += counts.len() as f64;
    }
    total / ((stream.len() - w + 1) * w) as f64
}
