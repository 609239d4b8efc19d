//! The feature rows of a loaded model: an open-addressing table from a
//! feature's hash to its row of weights, and the builder that assigns
//! rows while a model file is read.

use super::text::key_hash;
use super::ModelError;
use std::collections::HashMap;

/// Open-addressing table from feature hash to weight row.
#[derive(Debug, Clone)]
pub(super) struct FeatureTable {
    slots: Vec<(u64, u32)>,
    bits: u32,
}

impl FeatureTable {
    const EMPTY: u32 = u32::MAX;

    /// A table of `entries` (distinct hashes), at most a quarter full.
    pub(super) fn new(entries: &[(u64, u32)]) -> FeatureTable {
        let bits = (entries.len() * 4)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let mut slots = vec![(0, Self::EMPTY); 1 << bits];
        let mask = slots.len() - 1;
        for &(hash, row) in entries {
            let mut i = slot(hash, bits);
            while slots[i].1 != Self::EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = (hash, row);
        }
        FeatureTable { slots, bits }
    }

    pub(super) fn get(&self, hash: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = slot(hash, self.bits);
        loop {
            let (key, row) = self.slots[i];
            if row == Self::EMPTY {
                return None;
            }
            if key == hash {
                return Some(row);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The feature rows of a model being loaded.
#[derive(Default)]
pub(super) struct Rows<'a> {
    width: usize,
    keys: HashMap<u64, &'a str>,
    /// Feature hash to row number.
    pub(super) table: HashMap<u64, u32>,
    /// The rows, `width` weights each.
    pub(super) weights: Vec<f32>,
}

impl<'a> Rows<'a> {
    /// No rows yet, `width` weights per row.
    pub(super) fn new(width: usize) -> Self {
        Rows {
            width,
            ..Rows::default()
        }
    }

    /// Where the row of `key` starts in `weights` (a new row of zeros the
    /// first time).
    pub(super) fn of(&mut self, key: &'a str) -> Result<usize, ModelError> {
        let hash = key_hash(key);
        match self.keys.insert(hash, key) {
            Some(old) if old != key => return Err(ModelError::HashCollision(key.into())),
            _ => {}
        }
        let next = self.table.len() as u32;
        let row = *self.table.entry(hash).or_insert(next);
        if row == next {
            self.weights.resize(self.weights.len() + self.width, 0.0);
        }
        Ok(row as usize * self.width)
    }
}

/// Slot of `hash` in a table of `2^bits` entries (Fibonacci hashing).
fn slot(hash: u64, bits: u32) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}
