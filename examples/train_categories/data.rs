//! The training data: the OPP-115 segments with their annotators' labels,
//! the teacher's texts with their probabilities by teacher, and every
//! text's features as ids into one key table.

use crate::{Options, C, OUTER_FOLDS};
use anyhow::{anyhow, bail, Context as _, Result};
use clause::categories::{text, Category};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One OPP-115 segment with its majority labels (bit i = Category::ALL[i]).
pub(crate) struct Segment {
    /// Index of its policy in [`Data::policies`].
    pub(crate) policy: usize,
    pub(crate) text: String,
    pub(crate) labels: u16,
    /// Share of the policy's annotators who gave each category.
    pub(crate) soft: [f32; C],
}

/// Segments turned into feature ids (into a corpus-wide key table).
pub(crate) struct Data {
    pub(crate) segments: Vec<Segment>,
    /// Feature keys by id.
    pub(crate) keys: Vec<String>,
    /// Features of the segments, then of the teacher's texts.
    pub(crate) docs: Vec<(Vec<u32>, f32)>,
    /// Policy names (file stems), sorted.
    pub(crate) policies: Vec<String>,
    /// Per teacher text (doc `segments.len() + i`): the probabilities of
    /// the teacher trained without outer fold k (`[k]`), of the final
    /// model's teacher (`[OUTER_FOLDS]`) and of the pair teachers (see
    /// [`pair_slot`]).
    pub(crate) teacher: Vec<TeacherProbs>,
}

/// Teacher slots: one per outer fold, the final teacher, one per pair of
/// outer folds.
pub(crate) const SLOTS: usize = OUTER_FOLDS + 1 + OUTER_FOLDS * (OUTER_FOLDS - 1) / 2;

/// A teacher text's probabilities by teacher slot (see [`Data::teacher`]);
/// `None` for a teacher the file does not have for that text. The fold
/// teachers and the final one label every text or none; a pair teacher
/// may label only the first texts.
pub(crate) type TeacherProbs = [Option<[f32; C]>; SLOTS];

/// One line of the `--teacher` file.
#[derive(serde::Deserialize)]
struct TeacherLine {
    text: String,
    /// Category probabilities (in `Category::ALL` order) by teacher:
    /// `"0"`..`"4"` trained without that outer fold, `"all"` for the final
    /// model.
    probs: HashMap<String, [f32; C]>,
}

/// Reads the OPP-115 policies and annotations under `dir` (and the
/// `--teacher` file), and turns every text into feature ids.
pub(crate) fn load(
    dir: &Path,
    teacher_file: Option<&Path>,
    max_n: usize,
    norm_power: f32,
) -> Result<Data> {
    let read = |p: PathBuf| std::fs::read_to_string(&p).with_context(|| p.display().to_string());
    let ann_dir = dir.join("annotations");
    let mut names: Vec<String> = std::fs::read_dir(&ann_dir)
        .with_context(|| ann_dir.display().to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".csv").map(str::to_string))
        .collect();
    names.sort();
    let mut segments = Vec::new();
    for (policy, name) in names.iter().enumerate() {
        let html = read(dir.join("sanitized_policies").join(format!("{name}.html")))?;
        let texts: Vec<String> = html.split("|||").map(clean_html).collect();
        let csv_path = ann_dir.join(format!("{name}.csv"));
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&csv_path)
            .with_context(|| csv_path.display().to_string())?;
        let mut votes: HashMap<(usize, usize), HashSet<String>> = HashMap::new();
        let mut annotators: HashSet<String> = HashSet::new();
        for (line, row) in csv.records().enumerate() {
            let row = row.with_context(|| format!("{name}.csv"))?;
            let bad = || anyhow!("{name}.csv row {}: malformed", line + 1);
            if row.len() < 6 {
                return Err(bad());
            }
            let seg: usize = row[4].trim().parse().map_err(|_| bad())?;
            let Some(cat) = Category::from_name(row[5].trim()) else {
                bail!("{name}.csv: unknown category {}", &row[5]);
            };
            if seg >= texts.len() {
                bail!("{name}.csv: segment {seg} out of range");
            }
            votes
                .entry((seg, cat.index()))
                .or_default()
                .insert(row[2].to_string());
            annotators.insert(row[2].to_string());
        }
        for (i, text) in texts.into_iter().enumerate() {
            let labels = (0..C)
                .filter(|&c| votes.get(&(i, c)).is_some_and(|v| v.len() >= 2))
                .fold(0u16, |m, c| m | 1 << c);
            if text.is_empty() && labels == 0 {
                continue;
            }
            let mut soft = [0.0; C];
            for (c, v) in soft.iter_mut().enumerate() {
                let n = votes.get(&(i, c)).map_or(0, HashSet::len);
                *v = n as f32 / annotators.len().max(3) as f32;
            }
            segments.push(Segment {
                policy,
                text,
                labels,
                soft,
            });
        }
    }
    let mut texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let lines = match teacher_file {
        Some(path) => read_teacher(&read(path.to_path_buf())?)?,
        None => Vec::new(),
    };
    texts.extend(lines.iter().map(|l| l.0.as_str()));
    let teacher = lines.iter().map(|l| l.1).collect();
    let featurized: Vec<(Vec<String>, usize)> =
        texts.par_iter().map(|t| text::features(t, max_n)).collect();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut keys = Vec::new();
    let docs = featurized
        .into_iter()
        .map(|(ks, words)| {
            let x = text::feature_value(words, max_n, norm_power);
            let mut f: Vec<u32> = ks
                .into_iter()
                .map(|k| {
                    *ids.entry(k.clone()).or_insert_with(|| {
                        keys.push(k);
                        (keys.len() - 1) as u32
                    })
                })
                .collect();
            f.sort_unstable();
            (f, x)
        })
        .collect();
    Ok(Data {
        segments,
        keys,
        docs,
        policies: names,
        teacher,
    })
}

/// The texts of a `--teacher` file with their probabilities by teacher.
fn read_teacher(s: &str) -> Result<Vec<(String, TeacherProbs)>> {
    s.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let line: TeacherLine =
                serde_json::from_str(l).with_context(|| format!("teacher file line {}", i + 1))?;
            let probs: TeacherProbs =
                std::array::from_fn(|k| line.probs.get(&teacher_key(k)).copied());
            Ok((line.text, probs))
        })
        .collect::<Result<Vec<_>>>()
        .and_then(|lines| {
            let whole = |p: &TeacherProbs| -> [bool; OUTER_FOLDS + 1] {
                std::array::from_fn(|k| p[k].is_some())
            };
            let first = lines.first().map(|l| whole(&l.1));
            match lines.iter().position(|l| Some(whole(&l.1)) != first) {
                Some(i) => Err(anyhow!(
                    "teacher file: text {} does not have the same teachers as the first",
                    i + 1
                )),
                None => Ok(lines),
            }
        })
}

/// The key of teacher slot `k` in a teacher file: the outer fold it never
/// saw, `"all"` for the final model's, or `"a-b"` for the pair of outer
/// folds a pair teacher never saw.
pub(crate) fn teacher_key(k: usize) -> String {
    match k {
        k if k < OUTER_FOLDS => k.to_string(),
        OUTER_FOLDS => "all".to_string(),
        _ => {
            let (a, b) = pair_of(k);
            format!("{a}-{b}")
        }
    }
}

/// The slot of the teacher trained without outer folds `a` and `b`.
pub(crate) fn pair_slot(a: usize, b: usize) -> usize {
    let (a, b) = (a.min(b), a.max(b));
    let before: usize = (0..a).map(|i| OUTER_FOLDS - 1 - i).sum();
    OUTER_FOLDS + 1 + before + (b - a - 1)
}

/// The pair of outer folds of a pair slot.
fn pair_of(slot: usize) -> (usize, usize) {
    (0..OUTER_FOLDS)
        .flat_map(|a| (a + 1..OUTER_FOLDS).map(move |b| (a, b)))
        .find(|&(a, b)| pair_slot(a, b) == slot)
        .unwrap_or((0, 1))
}

/// Whether the teacher texts (if any) have teacher `k`.
pub(crate) fn has_teacher(data: &Data, k: usize) -> bool {
    data.teacher.first().is_none_or(|t| t[k].is_some())
}

/// Segment indices of the given policies.
pub(crate) fn segments_of(data: &Data, policies: &[usize]) -> Vec<usize> {
    let set: HashSet<usize> = policies.iter().copied().collect();
    (0..data.segments.len())
        .filter(|&i| set.contains(&data.segments[i].policy))
        .collect()
}

/// What a model is trained on: policies, the teacher whose texts join
/// them, and their segments.
pub(crate) struct TrainingSet<'a> {
    /// The policies, as indices into [`Data::policies`].
    pub(crate) policies: &'a [usize],
    /// A teacher slot of [`Data::teacher`].
    pub(crate) teacher: usize,
    /// The segments of the policies, in order.
    pub(crate) segments: Vec<usize>,
    /// Where each segment stands in `segments`.
    pub(crate) position: HashMap<usize, usize>,
}

impl<'a> TrainingSet<'a> {
    /// The segments of `policies`, with the texts of `teacher`.
    pub(crate) fn new(data: &Data, policies: &'a [usize], teacher: usize) -> TrainingSet<'a> {
        let segments = segments_of(data, policies);
        let position = segments.iter().enumerate().map(|(p, &s)| (s, p)).collect();
        TrainingSet {
            policies,
            teacher,
            segments,
            position,
        }
    }

    /// The labels of each segment, in order.
    pub(crate) fn gold(&self, data: &Data) -> Vec<u16> {
        self.segments
            .iter()
            .map(|&s| data.segments[s].labels)
            .collect()
    }
}

/// How the model was distilled, for its `about` (empty without a teacher).
pub(crate) fn distilled(data: &Data, opts: &Options) -> String {
    if data.teacher.is_empty() {
        return String::new();
    }
    format!(
        "; distilled: also {} corpus paragraphs with a teacher's probabilities as targets \
         (weight {})",
        data.teacher.len(),
        opts.teacher_weight
    )
}

/// Plain text of a segment: tags dropped, entities decoded, spaces collapsed.
fn clean_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match rest.find('>') {
                Some(j) => {
                    out.push(' ');
                    rest = &rest[j + 1..];
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 10);
            let decoded = end.and_then(|j| decode_entity(&rest[1..j]));
            match (end, decoded) {
                (Some(j), Some(c)) => {
                    out.push(c);
                    rest = &rest[j + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character of an HTML entity (`amp`, `#39`, `#x27`, ...).
fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}
