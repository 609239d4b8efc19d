//! The query language: words (all must match), `"exact phrase"`, `OR`,
//! `-exclude`, `prefix*`, `company:NAME`, `section:WORD`. Parsed into the
//! project's own [`Query`] AST, with errors that point at the problem.

use std::fmt;

/// A query that could not be parsed, with the byte offset of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// Byte offset of the problem in `query`.
    pub position: usize,
    /// The query as given.
    pub query: String,
}

impl std::error::Error for QueryError {}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let column = self.query[..self.position.min(self.query.len())]
            .chars()
            .count();
        write!(
            f,
            "{}\n  {}\n  {}^",
            self.message,
            self.query,
            " ".repeat(column)
        )
    }
}

/// What one query item matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// A word; hyphenated words (`opt-out`) match as phrases.
    Word(String),
    /// An exact phrase.
    Phrase(String),
    /// Words starting with a prefix.
    Prefix(String),
    /// Clauses of a company (case-insensitive, exact name).
    Company(String),
    /// Clauses whose section titles contain the words.
    Section(String),
    /// Clauses the classifier tags with a data-practice category.
    Category(crate::categories::Category),
    /// Clauses new in their company's newest version (added or changed
    /// since the version before).
    Changed,
}

/// A parsed query: groups that must all match (each an OR of matchers),
/// and matchers that must not match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Groups that must all match; a group matches when any of its
    /// matchers does (`a OR b`).
    pub required: Vec<Vec<Matcher>>,
    /// Matchers none of which may match (`-word`).
    pub excluded: Vec<Matcher>,
}

impl Query {
    /// The matchers that contribute highlights (text matchers of required groups).
    pub fn highlight_matchers(&self) -> impl Iterator<Item = &Matcher> {
        self.required.iter().flatten().filter(|m| {
            matches!(
                m,
                Matcher::Word(_) | Matcher::Phrase(_) | Matcher::Prefix(_)
            )
        })
    }
}

#[derive(Debug)]
enum Token {
    Item {
        matcher: Matcher,
        negated: bool,
        pos: usize,
    },
    Or {
        pos: usize,
    },
}

/// Parses a query strictly: any problem is an error.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let err = |message: &str, position: usize| QueryError {
        message: message.to_string(),
        position,
        query: input.to_string(),
    };
    let tokens = lex(input, false).map_err(|(m, p)| err(&m, p))?;
    if tokens.is_empty() {
        return Err(err("empty query: give at least one word to search for", 0));
    }
    let mut query = Query::default();
    let mut pending_or: Option<usize> = None;
    for token in tokens {
        match token {
            Token::Or { pos } => {
                if pending_or.is_some() || query.required.is_empty() {
                    return Err(err("OR needs a term on both sides", pos));
                }
                pending_or = Some(pos);
            }
            Token::Item {
                matcher,
                negated: true,
                pos,
            } => {
                if let Some(p) = pending_or {
                    return Err(err("OR cannot join an excluded term", p.min(pos)));
                }
                query.excluded.push(matcher);
            }
            Token::Item {
                matcher,
                negated: false,
                ..
            } => match (pending_or.take(), query.required.last_mut()) {
                (Some(_), Some(group)) => group.push(matcher),
                _ => query.required.push(vec![matcher]),
            },
        }
    }
    if let Some(pos) = pending_or {
        return Err(err("OR needs a term on both sides", pos));
    }
    if query.required.is_empty() {
        return Err(err("the query only excludes: add a word to search for", 0));
    }
    Ok(query)
}

/// Parses a query as typed so far: drops what cannot be parsed (an open
/// quote is closed, a dangling OR or lone `-` ignored). `None` when nothing
/// searchable is left.
pub fn parse_lenient(input: &str) -> Option<Query> {
    let tokens = lex(input, true).ok()?;
    let mut query = Query::default();
    let mut pending_or = false;
    for token in tokens {
        match token {
            Token::Or { .. } => pending_or = !query.required.is_empty(),
            Token::Item {
                matcher,
                negated: true,
                ..
            } => query.excluded.push(matcher),
            Token::Item {
                matcher,
                negated: false,
                ..
            } => match (pending_or, query.required.last_mut()) {
                (true, Some(group)) => {
                    group.push(matcher);
                    pending_or = false;
                }
                _ => query.required.push(vec![matcher]),
            },
        }
    }
    (!query.required.is_empty()).then_some(query)
}

fn lex(input: &str, lenient: bool) -> Result<Vec<Token>, (String, usize)> {
    let mut tokens = Vec::new();
    let mut rest = input;
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        let pos = input.len() - trimmed.len();
        let (token, consumed) = lex_one(trimmed, pos, lenient)?;
        if let Some(t) = token {
            tokens.push(t);
        }
        rest = &trimmed[consumed..];
    }
    Ok(tokens)
}

fn lex_one(s: &str, pos: usize, lenient: bool) -> Result<(Option<Token>, usize), (String, usize)> {
    let word_end = |s: &str| s.find(char::is_whitespace).unwrap_or(s.len());
    let negated = s.starts_with('-');
    let body = if negated { &s[1..] } else { s };
    let offset = usize::from(negated);
    if negated && (body.is_empty() || body.starts_with(char::is_whitespace)) {
        return if lenient {
            Ok((None, 1))
        } else {
            Err((
                "'-' must be followed by the term to exclude, as in -marketing".into(),
                pos,
            ))
        };
    }
    if body.starts_with('"') {
        let (text, len) = quoted(body, pos + offset, lenient)?;
        return Ok((
            item(Matcher::Phrase(text), negated, pos, lenient)?,
            offset + len,
        ));
    }
    let end = word_end(body);
    let word = &body[..end];
    if word == "OR" && !negated {
        return Ok((Some(Token::Or { pos }), end));
    }
    if let Some((field, value)) = word.split_once(':') {
        let field_lower = field.to_ascii_lowercase();
        if let Some(matcher) = keyword_field(&field_lower, value) {
            return match matcher {
                Ok(matcher) => Ok((
                    Some(Token::Item {
                        matcher,
                        negated,
                        pos,
                    }),
                    offset + end,
                )),
                Err(_) if lenient => Ok((None, offset + end)),
                Err(message) => Err((message, pos + offset + field.len() + 1)),
            };
        }
        if matches!(field_lower.as_str(), "company" | "section") {
            let value_pos = pos + offset + field.len() + 1;
            let (value, len) = if value.starts_with('"') {
                let (text, len) = quoted(&body[field.len() + 1..], value_pos, lenient)?;
                (text, field.len() + 1 + len)
            } else {
                (value.to_string(), end)
            };
            if value.trim().is_empty() {
                return if lenient {
                    Ok((None, offset + len))
                } else {
                    Err((
                        format!("{field}: needs a value, as in {field_lower}:example"),
                        value_pos,
                    ))
                };
            }
            let matcher = if field_lower == "company" {
                Matcher::Company(value)
            } else {
                Matcher::Section(value)
            };
            return Ok((item(matcher, negated, pos, lenient)?, offset + len));
        }
        if !field.is_empty()
            && field.chars().all(|c| c.is_ascii_alphabetic())
            && !value.is_empty()
            && !lenient
        {
            return Err((
                format!("unknown field '{field}:' (known: company:, section:, category:, changed:); quote the term to search it as text"),
                pos + offset,
            ));
        }
    }
    let matcher = match word.strip_suffix('*') {
        Some(prefix) if !prefix.is_empty() && !prefix.contains('*') => {
            Matcher::Prefix(prefix.to_string())
        }
        Some(_) if lenient => return Ok((None, offset + end)),
        Some(_) => {
            return Err((
                "'*' must end a word prefix, as in track*".into(),
                pos + offset,
            ))
        }
        None => Matcher::Word(word.to_string()),
    };
    Ok((item(matcher, negated, pos, lenient)?, offset + end))
}

/// The matcher of a field whose value is a keyword (`category:`,
/// `changed:`), or why the value is wrong; `None` for other fields.
fn keyword_field(field: &str, value: &str) -> Option<Result<Matcher, String>> {
    let value = value.to_ascii_lowercase();
    match field {
        "category" => Some(
            crate::categories::Category::from_short_name(&value)
                .map(Matcher::Category)
                .ok_or_else(|| {
                    let names: Vec<&str> = crate::categories::Category::ALL
                        .iter()
                        .map(|c| c.short_name())
                        .collect();
                    format!(
                        "unknown category '{value}' (categories: {})",
                        names.join(", ")
                    )
                }),
        ),
        "changed" => Some(if value == "yes" {
            Ok(Matcher::Changed)
        } else {
            Err(format!(
                "changed: takes 'yes', not '{value}': changed:yes keeps clauses new in their company's newest version"
            ))
        }),
        _ => None,
    }
}

/// Reads a `"quoted"` string at the start of `s`; returns text and length.
fn quoted(s: &str, pos: usize, lenient: bool) -> Result<(String, usize), (String, usize)> {
    match s[1..].find('"') {
        Some(close) => Ok((s[1..1 + close].to_string(), close + 2)),
        None if lenient => Ok((s[1..].to_string(), s.len())),
        None => Err(("unclosed quote: add the closing \"".into(), pos)),
    }
}

fn item(
    matcher: Matcher,
    negated: bool,
    pos: usize,
    lenient: bool,
) -> Result<Option<Token>, (String, usize)> {
    let text = match &matcher {
        Matcher::Word(t) | Matcher::Phrase(t) | Matcher::Prefix(t) | Matcher::Section(t) => t,
        Matcher::Company(_) | Matcher::Category(_) | Matcher::Changed => {
            return Ok(Some(Token::Item {
                matcher,
                negated,
                pos,
            }))
        }
    };
    if !text.chars().any(char::is_alphanumeric) {
        return if lenient {
            Ok(None)
        } else {
            Err((
                format!("'{text}' has no letters or digits to search for"),
                pos,
            ))
        };
    }
    Ok(Some(Token::Item {
        matcher,
        negated,
        pos,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<Vec<Matcher>> {
        ws.iter()
            .map(|w| vec![Matcher::Word(w.to_string())])
            .collect()
    }

    #[test]
    fn words_phrases_or_and_exclusions() {
        let q = parse(r#"opt-out "personal data" sell OR share -marketing track* company:Reddit section:cookies"#).unwrap();
        assert_eq!(q.required[0], vec![Matcher::Word("opt-out".into())]);
        assert_eq!(q.required[1], vec![Matcher::Phrase("personal data".into())]);
        assert_eq!(
            q.required[2],
            vec![Matcher::Word("sell".into()), Matcher::Word("share".into())]
        );
        assert_eq!(q.required[3], vec![Matcher::Prefix("track".into())]);
        assert_eq!(q.required[4], vec![Matcher::Company("Reddit".into())]);
        assert_eq!(q.required[5], vec![Matcher::Section("cookies".into())]);
        assert_eq!(q.excluded, vec![Matcher::Word("marketing".into())]);
        assert_eq!(parse("a b").unwrap().required, words(&["a", "b"]));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse(r#"cookies "opt out"#).unwrap_err();
        assert_eq!(e.position, 8);
        assert!(e.to_string().contains("unclosed quote"));
        assert!(e.to_string().ends_with("\n          ^"));
        assert!(parse("").unwrap_err().message.starts_with("empty query"));
        assert!(parse("   ").is_err());
        assert_eq!(parse("sell OR").unwrap_err().position, 5);
        assert_eq!(parse("OR sell").unwrap_err().position, 0);
        assert!(parse("-marketing")
            .unwrap_err()
            .message
            .contains("only excludes"));
        assert!(parse("foo:bar")
            .unwrap_err()
            .message
            .contains("unknown field 'foo:'"));
        assert!(parse("company:")
            .unwrap_err()
            .message
            .contains("needs a value"));
        assert!(parse("--").is_err());
        assert!(parse("*").is_err());
    }

    #[test]
    fn lenient_parsing_keeps_what_it_can() {
        assert_eq!(
            parse_lenient(r#"cookies "opt ou"#).unwrap().required[1],
            vec![Matcher::Phrase("opt ou".into())]
        );
        assert_eq!(parse_lenient("sell OR").unwrap().required, words(&["sell"]));
        assert!(parse_lenient("-").is_none());
        assert!(parse_lenient("").is_none());
    }
}
