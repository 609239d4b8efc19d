//! A network with one hidden layer over the n-gram features: `h =
//! relu(b1 + x · Σ E[f])`, `logits = W2 h + b2`, trained by Adam on
//! weighted soft targets (binary cross-entropy per category), with dropout
//! on the hidden units. The embedding rows are updated lazily (only the
//! rows of a batch's features), as in sparse Adam. Deterministic: one
//! thread, seeded.

use super::C;

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub hidden: usize,
    pub learning_rate: f32,
    pub dropout: f32,
    pub batch: usize,
    pub seed: u64,
}

/// A trained network (f32, row-major: `emb[f * hidden + j]`,
/// `w2[c * hidden + j]`).
#[derive(Debug, Clone)]
pub struct Net {
    pub hidden: usize,
    pub emb: Vec<f32>,
    pub b1: Vec<f32>,
    pub w2: Vec<f32>,
    pub b2: [f32; C],
}

impl Net {
    /// Category probabilities of a document (features, value).
    pub fn probs(&self, ids: &[u32], x: f32) -> [f64; C] {
        let mut h = self.b1.clone();
        for &f in ids {
            let row = &self.emb[f as usize * self.hidden..][..self.hidden];
            h.iter_mut().zip(row).for_each(|(h, e)| *h += x * e);
        }
        h.iter_mut().for_each(|v| *v = v.max(0.0));
        std::array::from_fn(|c| {
            let w = &self.w2[c * self.hidden..][..self.hidden];
            let z = self.b2[c] + h.iter().zip(w).map(|(a, b)| a * b).sum::<f32>();
            1.0 / (1.0 + (-f64::from(z)).exp())
        })
    }
}

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f32 {
        let u = self.unit().max(1e-7);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Adam moments of a parameter vector.
struct Moments {
    m: Vec<f32>,
    v: Vec<f32>,
}

impl Moments {
    fn new(n: usize) -> Moments {
        Moments {
            m: vec![0.0; n],
            v: vec![0.0; n],
        }
    }

    /// One Adam step on `params[range]` with gradient `grad[range]`.
    fn step(&mut self, params: &mut [f32], grad: &[f32], range: std::ops::Range<usize>, lr_t: f32) {
        const B1: f32 = 0.9;
        const B2: f32 = 0.999;
        for i in range {
            let g = grad[i];
            self.m[i] = B1 * self.m[i] + (1.0 - B1) * g;
            self.v[i] = B2 * self.v[i] + (1.0 - B2) * g * g;
            params[i] -= lr_t * self.m[i] / (self.v[i].sqrt() + 1e-8);
        }
    }
}

/// Trains on `docs` (local feature ids, value) with `targets` (soft
/// targets, weight) over `vocab` features, calling `checkpoint(epoch,
/// net)` after each epoch in `epochs` (sorted; training stops after the
/// last).
pub fn train(
    docs: &[(Vec<u32>, f32)],
    targets: &[([f32; C], f32)],
    vocab: usize,
    settings: Settings,
    epochs: &[usize],
    mut checkpoint: impl FnMut(usize, &Net),
) {
    let h = settings.hidden;
    let mut rng = Rng(settings.seed);
    let bound = 1.0 / (h as f32).sqrt();
    let mut net = Net {
        hidden: h,
        emb: (0..vocab * h).map(|_| 0.01 * rng.normal()).collect(),
        b1: vec![0.0; h],
        w2: (0..C * h)
            .map(|_| bound * (2.0 * rng.unit() - 1.0))
            .collect(),
        b2: std::array::from_fn(|_| bound * (2.0 * rng.unit() - 1.0)),
    };
    let (mut m_emb, mut m_b1, mut m_w2, mut m_b2) = (
        Moments::new(vocab * h),
        Moments::new(h),
        Moments::new(C * h),
        Moments::new(C),
    );
    let mut g_emb = vec![0.0f32; vocab * h];
    let mut touched = vec![false; vocab];
    let mut rows: Vec<u32> = Vec::new();
    let (mut g_b1, mut g_w2, mut g_b2) = (vec![0.0f32; h], vec![0.0f32; C * h], [0.0f32; C]);
    let (mut pre, mut act, mut keep, mut d_pre) = (
        vec![0.0f32; h],
        vec![0.0f32; h],
        vec![0.0f32; h],
        vec![0.0f32; h],
    );
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let last = epochs.last().copied().unwrap_or(0);
    let mut t = 0i32;
    let scale = 1.0 / (1.0 - settings.dropout);
    for epoch in 1..=last {
        rng.shuffle(&mut order);
        for batch in order.chunks(settings.batch) {
            g_b1.fill(0.0);
            g_w2.fill(0.0);
            g_b2.fill(0.0);
            for &d in batch {
                let (ids, x) = &docs[d];
                let (y, weight) = &targets[d];
                pre.copy_from_slice(&net.b1);
                for &f in ids {
                    let row = &net.emb[f as usize * h..][..h];
                    pre.iter_mut().zip(row).for_each(|(p, e)| *p += x * e);
                }
                for j in 0..h {
                    keep[j] = if rng.unit() < settings.dropout {
                        0.0
                    } else {
                        scale
                    };
                    act[j] = pre[j].max(0.0) * keep[j];
                }
                let norm = weight / (C * batch.len()) as f32;
                d_pre.fill(0.0);
                for c in 0..C {
                    let w = &net.w2[c * h..][..h];
                    let z = net.b2[c] + act.iter().zip(w).map(|(a, b)| a * b).sum::<f32>();
                    let dz = norm * (1.0 / (1.0 + (-z).exp()) - y[c]);
                    g_b2[c] += dz;
                    for j in 0..h {
                        g_w2[c * h + j] += dz * act[j];
                        d_pre[j] += dz * w[j];
                    }
                }
                for j in 0..h {
                    d_pre[j] = if pre[j] > 0.0 {
                        d_pre[j] * keep[j]
                    } else {
                        0.0
                    };
                    g_b1[j] += d_pre[j];
                }
                for &f in ids {
                    if !std::mem::replace(&mut touched[f as usize], true) {
                        rows.push(f);
                    }
                    let g = &mut g_emb[f as usize * h..][..h];
                    g.iter_mut().zip(&d_pre).for_each(|(g, d)| *g += x * d);
                }
            }
            t += 1;
            let lr_t =
                settings.learning_rate * (1.0 - 0.999f32.powi(t)).sqrt() / (1.0 - 0.9f32.powi(t));
            m_b1.step(&mut net.b1, &g_b1, 0..h, lr_t);
            m_w2.step(&mut net.w2, &g_w2, 0..C * h, lr_t);
            m_b2.step(&mut net.b2, &g_b2, 0..C, lr_t);
            for &f in &rows {
                let range = f as usize * h..(f as usize + 1) * h;
                m_emb.step(&mut net.emb, &g_emb, range.clone(), lr_t);
                g_emb[range].fill(0.0);
                touched[f as usize] = false;
            }
            rows.clear();
        }
        if epochs.contains(&epoch) {
            checkpoint(epoch, &net);
        }
    }
}
