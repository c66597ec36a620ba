//! Raw metadata: what a file states about its story, as written, before any
//! normalisation. Format readers fill it; `meta` interprets it.

use serde::{Deserialize, Serialize};

/// What a raw field is about. Format readers map their own labels onto these
/// (`Pairing:` and AO3's `Relationships:` are both [`FieldKey::Relationship`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKey {
    Title,
    /// A subtitle such as `A Buffy the Vampire Slayer/Smallville Crossover`.
    Subtitle,
    Author,
    Fandom,
    Relationship,
    Character,
    Rating,
    Warning,
    /// AO3 categories (`F/M`, `Gen`) and genres: never relationships.
    Category,
    /// Free-form tags.
    Tag,
    Summary,
    /// A series statement in any form (`Part 1 of S`, `S [2]`, a TtH banner).
    Series,
    /// A completion statement in any form (`Complete`, `In-Progress`, a TtH footer).
    Status,
    Words,
    Chapters,
    Published,
    Updated,
    Language,
    Url,
    Disclaimer,
    /// Author's notes, dedications, beta credits, feedback requests.
    Note,
    /// An end marker such as `The End` or `The End?`.
    EndMarker,
    /// The bracketed part of a post's subject line, one item per value: `Fic: Salt
    /// Lines (SPN/BtVS, Dean/Faith, Sam & Willow, PG-13)` gives `SPN/BtVS`,
    /// `Dean/Faith`, `Sam & Willow` (the title and the rating become their own
    /// loose fields). Whether an item names fandoms or a relationship takes the alias
    /// tables to tell, so `meta` decides; it is evidence, below any stated field.
    Subject,
}

/// Where a raw field was found, for `ficread info`'s provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A calibre library's database (`metadata.db`): the user's own curated
    /// metadata, trusted above anything the file says.
    Calibre,
    /// A labelled field (`Rating: G`, an AO3 `dt`/`dd` pair).
    Field,
    /// An unlabelled header line whose role was recognised (`by Annie`, a series banner).
    Loose,
    /// Container metadata (EPUB OPF, HTML `<title>`).
    Container,
    /// The end of the file (end markers, archive footers).
    Footer,
}

/// One statement about the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawField {
    pub key: FieldKey,
    /// The label as written (`Pairing`, `DISCLAIMER`, `series banner`).
    pub label: String,
    /// The value(s). When the format itemises values (AO3 tag links) each item is
    /// separate and `itemised` is true; otherwise there is one string to split.
    pub values: Vec<String>,
    pub itemised: bool,
    pub origin: Origin,
    /// 1-based line in the source, when the format has lines.
    pub line: Option<usize>,
}

impl RawField {
    /// A single-valued field.
    pub fn new(
        key: FieldKey,
        label: impl Into<String>,
        value: impl Into<String>,
        origin: Origin,
    ) -> Self {
        Self {
            key,
            label: label.into(),
            values: vec![value.into()],
            itemised: false,
            origin,
            line: None,
        }
    }

    /// The same field with its source line.
    #[must_use]
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The value(s) joined with `, `.
    pub fn joined(&self) -> String {
        self.values.join(", ")
    }
}

/// Everything a file states about its story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMeta {
    pub fields: Vec<RawField>,
    /// The site the file came from, when recognisable (`tthfanfic.org`, `dreamwidth.org`).
    pub site: Option<String>,
    /// How the reader had to work around damage or placeholders in the file (a
    /// package file that is not well-formed XML, a downloader's `Untitled`), one
    /// sentence each, for `ficread info`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl RawMeta {
    /// Fields with the given key, in source order.
    pub fn get(&self, key: FieldKey) -> impl Iterator<Item = &RawField> {
        self.fields.iter().filter(move |f| f.key == key)
    }

    /// The first field with the given key.
    pub fn first(&self, key: FieldKey) -> Option<&RawField> {
        self.get(key).next()
    }

    /// Appends a field.
    pub fn push(&mut self, field: RawField) {
        self.fields.push(field);
    }
}
