//! FNV-1a hashing of bytes and a hasher for keys that already are hashes.

use std::hash::Hasher;

/// The FNV-1a offset basis: the hash of no bytes.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues the FNV-1a hash `hash` over `bytes`.
pub fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Hasher for keys that already are hashes: cheap, and mixes well enough
/// for the tables' bucket bits.
#[derive(Default)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let z = self.0 ^ (self.0 >> 33);
        let z = z.wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^ (z >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0 ^ FNV_OFFSET, bytes);
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}
