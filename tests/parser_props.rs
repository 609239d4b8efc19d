//! Property tests of the parser: it never panics, and every word of the
//! policy text lands in a clause, a title or page furniture.

use clause::corpus::load::{parse_file, SourceFile};
use clause::corpus::Policy;
use proptest::prelude::*;
use std::collections::HashSet;

fn parse(name: &str, bytes: Vec<u8>) -> Option<Policy> {
    parse_file(&SourceFile::new(name.to_string(), bytes)).0
}

/// Every word a reader sees in the policy: clauses, titles and furniture.
fn parsed_words(policy: &Policy) -> HashSet<String> {
    let mut all = String::new();
    for c in &policy.clauses {
        all.push_str(&c.text);
        all.push(' ');
    }
    for s in &policy.sections {
        all.push_str(&s.title);
        all.push(' ');
    }
    for f in &policy.furniture {
        all.push_str(&f.text);
        all.push(' ');
    }
    all.push_str(&policy.meta.title);
    words(&all)
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Markdown-ish documents built from the constructs real policies use.
fn policy_text() -> impl Strategy<Value = String> {
    let word = "[a-zA-Z]{2,9}";
    let sentence = prop::collection::vec(word, 3..14).prop_map(|w| format!("{}.", w.join(" ")));
    let title = prop::collection::vec(word, 1..5).prop_map(|w| w.join(" "));
    let block = prop_oneof![
        sentence.clone(),
        (1u8..7, title.clone()).prop_map(|(l, t)| format!("{} {t}", "#".repeat(l as usize))),
        (title.clone(), sentence.clone()).prop_map(|(t, s)| format!("**{t}.** {s}")),
        (1u8..20, title.clone(), sentence.clone())
            .prop_map(|(n, t, s)| format!("**{n}\\. {t}.** {s}")),
        (1u8..9, 1u8..9, title.clone(), sentence.clone())
            .prop_map(|(a, b, t, s)| format!("{a}.{b} _{t}_ {s}")),
        title.clone().prop_map(|t| t.to_uppercase()),
        (title.clone(), sentence.clone()).prop_map(|(t, s)| format!("* {t}\n* {s}")),
        (title.clone(), title.clone())
            .prop_map(|(a, b)| format!("| {a} | {b} |\n|---|---|\n| {b} | {a} |")),
        sentence.clone().prop_map(|s| format!("> {s}")),
        (title.clone(), title.clone())
            .prop_map(|(t, u)| format!("[{t}](http://x/{u}) | [{u}](http://y)")),
        title
            .clone()
            .prop_map(|t| format!("#### [Accordion Toggle {t}](#)")),
        title.prop_map(|t| format!("* [{t}](#)")),
    ];
    prop::collection::vec(block, 1..25).prop_map(|blocks| blocks.join("\n\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse("fuzz.md", bytes.clone());
        let _ = parse("fuzz.txt", bytes);
    }

    #[test]
    fn parsing_markdown_like_text_never_panics(text in "[-*_#>|\\[\\]()!`\\\\0-9a-zA-Z .:\n\r\t]{0,600}") {
        let _ = parse("fuzz.md", text.clone().into_bytes());
        let _ = parse("fuzz.txt", text.into_bytes());
    }

    #[test]
    fn every_word_of_the_source_is_kept(text in policy_text()) {
        let policy = parse("p.md", text.clone().into_bytes()).expect("non-empty text parses");
        let kept = parsed_words(&policy);
        let source_words: HashSet<String> = words(&text.replace("http://x/", " ").replace("http://y", " "));
        let lost: Vec<&String> = source_words.iter().filter(|w| !kept.contains(*w)).collect();
        prop_assert!(lost.is_empty(), "lost words {:?}", lost);
    }

    #[test]
    fn clause_texts_are_never_repeated_from_one_block(text in policy_text()) {
        let policy = parse("p.md", text.into_bytes()).expect("parses");
        let mut spans = HashSet::new();
        for clause in &policy.clauses {
            // A block yields at most a title and one clause: no span twice.
            prop_assert!(spans.insert((clause.span.start, clause.span.end, clause.text.clone())));
        }
    }

    #[test]
    fn plain_text_lines_keep_every_word(lines in prop::collection::vec("[A-Za-z][a-z]{1,8}( [A-Za-z][a-z]{0,7}){0,12}[.:?]?", 1..30)) {
        let text = format!("http://example.com/privacy\r\n{}", lines.join("\r\n"));
        let policy = parse("p.md", text.clone().into_bytes()).expect("parses");
        let kept = parsed_words(&policy);
        for word in words(&text) {
            prop_assert!(kept.contains(&word), "lost {word}");
        }
    }

    #[test]
    fn plain_text_is_never_split_inside_a_word(
        lines in prop::collection::vec("[A-Z][a-z]{1,8}( ([A-Z]{2,6}|[A-Za-z][a-z]{0,7})){0,14}[.:?,]?", 1..30)
    ) {
        let text = format!("http://example.com/privacy\n{}", lines.join("\n"));
        let policy = parse("p.md", text.clone().into_bytes()).expect("parses");
        let mut pieces: Vec<&str> = policy.clauses.iter().map(|c| c.text.as_str()).collect();
        pieces.extend(policy.sections.iter().map(|s| s.title.as_str()));
        pieces.extend(policy.furniture.iter().map(|f| f.text.as_str()));
        pieces.push(&policy.meta.title);
        let whole: HashSet<&str> = pieces
            .iter()
            .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
            .collect();
        for word in text.lines().skip(1).flat_map(|l| l.split(|c: char| !c.is_alphanumeric())) {
            prop_assert!(word.is_empty() || whole.contains(word), "{word} was cut");
        }
    }
}
