//! The index schema: one tantivy document per clause, and the text
//! analyser that makes `opt-out` match `opt out` and `cookie` match
//! `cookies`.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
use tantivy::Index;

/// Version of the schema and of what is stored; a mismatch forces a rebuild.
pub(crate) const FORMAT_VERSION: u32 = 13;

/// Name of the analyser for policy text: split on non-alphanumerics,
/// lower-case, English stemming.
pub(crate) const ANALYZER: &str = "clause_en";

/// The fields of a clause document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Clause id (`atera.com@2017-06-06/4.2#3`).
    pub id: Field,
    /// Company as written.
    pub company: Field,
    /// Company lower-cased, for `company:` filters and per-company counts (a column).
    pub company_key: Field,
    /// `YYYY-MM-DD`, or `nodate` for an undated policy (stored): of the
    /// last version the document stands for, as are `id` and `policy`.
    pub date: Field,
    /// `company@date`.
    pub policy: Field,
    /// Source file path or `embedded:NAME` of each version the document
    /// stands for, oldest first; deletions on update use it.
    pub source: Field,
    /// The first day (`YYYYMMDD`) of each of those versions, in the same
    /// order (stored).
    pub days: Field,
    /// Section titles from the root, one value per level (stored).
    pub section_title: Field,
    /// Section titles from the root as searchable text (`section:`, and
    /// a ranking boost for matches in the section path).
    pub section_text: Field,
    /// Clause text: indexed with positions and stored.
    pub body: Field,
    /// Position of the clause in its policy, for document order (stored).
    pub ordinal: Field,
    /// `clause`, or `heading` for a section title's own document (indexed
    /// and stored).
    pub kind: Field,
    /// The section, the kind and the position of a text in one column
    /// that a search reads for every match (see [`Place`]).
    pub place: Field,
    /// When the document's version is in force: its first day and the day
    /// the next version replaces it (a column, see [`super::scope`]).
    pub validity: Field,
    /// Hash of the company and the clause text: one value for a text
    /// repeated across a company's versions (a column, read only to merge
    /// versions).
    pub text_key: Field,
    /// The section's position in its policy plus one, 0 for the preamble
    /// (indexed): with the source or the company and
    /// validity, it names the section the clauses and the title share.
    pub section: Field,
    /// Data-practice categories of a clause: facets `/retention`, ... (one
    /// value each, by short name).
    pub category: Field,
    /// `yes` on clauses new in their company's newest version.
    pub changed: Field,
}

impl Fields {
    /// Builds the schema and returns it with its fields.
    pub(crate) fn build() -> (Schema, Fields) {
        let mut builder = SchemaBuilder::new();
        let text = |record| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER)
                    .set_index_option(record),
            )
        };
        let fields = Fields {
            id: builder.add_text_field("id", STORED),
            company: builder.add_text_field("company", STORED),
            company_key: builder.add_text_field("company_key", STRING | FAST),
            date: builder.add_text_field("date", STORED),
            policy: builder.add_text_field("policy", STORED),
            source: builder.add_text_field("source", STRING | STORED),
            days: builder.add_u64_field("days", STORED),
            section_title: builder.add_text_field("section_title", STORED),
            section_text: builder.add_text_field("section_text", text(IndexRecordOption::Basic)),
            body: builder.add_text_field(
                "body",
                text(IndexRecordOption::WithFreqsAndPositions).set_stored(),
            ),
            ordinal: builder.add_u64_field("ordinal", STORED),
            kind: builder.add_text_field("kind", STRING | STORED),
            place: builder.add_u64_field(PLACE, FAST),
            validity: builder.add_u64_field("validity", FAST),
            text_key: builder.add_u64_field("text_key", FAST),
            section: builder.add_u64_field("section", INDEXED),
            category: builder.add_facet_field(
                "category",
                tantivy::schema::FacetOptions::default().set_stored(),
            ),
            changed: builder.add_text_field("changed", STRING),
        };
        (builder.build(), fields)
    }

    /// Looks the fields up in an opened index's schema.
    pub(crate) fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: get("id")?,
            company: get("company")?,
            company_key: get("company_key")?,
            date: get("date")?,
            policy: get("policy")?,
            source: get("source")?,
            days: get("days")?,
            section_title: get("section_title")?,
            section_text: get("section_text")?,
            body: get("body")?,
            ordinal: get("ordinal")?,
            kind: get("kind")?,
            place: get(PLACE)?,
            validity: get("validity")?,
            text_key: get("text_key")?,
            section: get("section")?,
            category: get("category")?,
            changed: get("changed")?,
        })
    }
}

/// Name of the [`Fields::place`] column.
pub(crate) const PLACE: &str = "place";

/// Where a text stands in its policy, packed in one column value: its
/// section (above the low 24 bits) and its position, 0 for a section
/// title and the clause's ordinal plus one for a clause. One column read
/// per match instead of three, and one column opened per segment. A
/// position past 2^24 - 1 (a policy of more than 16 million clauses) is
/// kept at that bound: those clauses then tie in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// The `section` field's value.
    pub section: u64,
    /// The clause's ordinal; `None` for a section title.
    pub clause: Option<u64>,
}

/// Bits of a [`Place`] value that hold the position.
const POSITION_BITS: u32 = 24;

impl Place {
    /// The column value.
    pub(crate) fn value(self) -> u64 {
        let limit = (1 << POSITION_BITS) - 1;
        let position = self.clause.map_or(0, |ordinal| (ordinal + 1).min(limit));
        (self.section << POSITION_BITS) | position
    }

    /// The place a column value stands for.
    pub(crate) fn of(value: u64) -> Place {
        let position = value & ((1 << POSITION_BITS) - 1);
        Place {
            section: value >> POSITION_BITS,
            clause: position.checked_sub(1),
        }
    }
}

/// The analyser for policy text.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(super::plurals::IrregularPlurals)
        .filter(super::stemmer::CachedStemmer)
        .build()
}

/// Registers the analyser on an index (needed after every open).
pub(crate) fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// Analyses `text` into (term, byte range) pairs.
pub(crate) fn tokens(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from..token.offset_to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn a_place_keeps_its_section_and_tells_a_title_from_a_clause() {
        let title = Place {
            section: 7,
            clause: None,
        };
        let first_clause = Place {
            section: 7,
            clause: Some(0),
        };
        let preamble_clause = Place {
            section: 0,
            clause: Some(41),
        };
        for place in [title, first_clause, preamble_clause] {
            assert_eq!(Place::of(place.value()), place);
        }
        assert_ne!(title.value(), first_clause.value());
        let far = Place {
            section: 3,
            clause: Some(1 << 30),
        };
        assert_eq!(
            Place::of(far.value()).section,
            3,
            "a huge ordinal stays in its section"
        );
    }
}
