//! Which calibre custom columns hold which story fields: the names FanFicFare users
//! commonly give them, and the `[calibre.columns]` config that overrides them.

use serde::{Deserialize, Serialize};

use crate::document::raw::FieldKey;

/// `[calibre.columns]`: story field → the custom column holding it, by lookup name
/// (`#myfandoms`, with or without the `#`) or by display name (`My Fandoms`).
/// A field left unset is looked for under the usual FanFicFare names
/// ([`DEFAULT_NAMES`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnMap {
    pub fandoms: Option<String>,
    pub relationships: Option<String>,
    pub characters: Option<String>,
    pub status: Option<String>,
    pub words: Option<String>,
    pub chapters: Option<String>,
    pub url: Option<String>,
    pub rating: Option<String>,
    pub warnings: Option<String>,
    pub tags: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
}

/// The story fields a custom column can hold, with the column names recognised
/// without any config (compared without case, `#`, spaces, `_` or `-`, against
/// both the lookup name and the display name). The first matching name wins.
pub const DEFAULT_NAMES: &[(FieldKey, &[&str])] = &[
    (
        FieldKey::Fandom,
        &["fandoms", "fandom", "category", "categories"],
    ),
    (
        FieldKey::Relationship,
        &[
            "ships",
            "ship",
            "relationships",
            "relationship",
            "pairings",
            "pairing",
        ],
    ),
    (FieldKey::Character, &["characters", "character"]),
    (
        FieldKey::Status,
        &["status", "storystatus", "complete", "completed"],
    ),
    (
        FieldKey::Words,
        &["wordcount", "words", "numwords", "wordcnt"],
    ),
    (
        FieldKey::Chapters,
        &["chapters", "numchapters", "chaptercount"],
    ),
    (FieldKey::Url, &["storyurl", "url", "sourceurl", "source"]),
    (FieldKey::Rating, &["rating", "contentrating", "ffrating"]),
    (
        FieldKey::Warning,
        &["warnings", "warning", "archivewarnings"],
    ),
    (
        FieldKey::Tag,
        &[
            "genre",
            "genres",
            "freeformtags",
            "freeforms",
            "additionaltags",
        ],
    ),
    (
        FieldKey::Published,
        &["published", "datepublished", "pubdate"],
    ),
    (
        FieldKey::Updated,
        &["updated", "dateupdated", "lastupdated", "lastupdate"],
    ),
];

impl ColumnMap {
    /// The column the config names for `key`, if any.
    pub fn configured(&self, key: FieldKey) -> Option<&str> {
        let slot = match key {
            FieldKey::Fandom => &self.fandoms,
            FieldKey::Relationship => &self.relationships,
            FieldKey::Character => &self.characters,
            FieldKey::Status => &self.status,
            FieldKey::Words => &self.words,
            FieldKey::Chapters => &self.chapters,
            FieldKey::Url => &self.url,
            FieldKey::Rating => &self.rating,
            FieldKey::Warning => &self.warnings,
            FieldKey::Tag => &self.tags,
            FieldKey::Published => &self.published,
            FieldKey::Updated => &self.updated,
            _ => return None,
        };
        slot.as_deref()
    }
}

/// A column name as compared: `#My_Fandoms` and `my fandoms` are the same.
pub fn comparable(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '#' | ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One custom column as `custom_columns` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: i64,
    pub label: String,
    pub name: String,
    pub datatype: String,
    pub is_multiple: bool,
    /// Values in `custom_column_N` linked through `books_custom_column_N_link`
    /// (text, series, enumeration, rating), rather than a `book` column in
    /// `custom_column_N` itself (int, float, bool, datetime, comments).
    pub normalized: bool,
}

/// For each story field, the column that holds it: the configured one when the
/// config names one (and it exists), else the first default name present. A
/// column is used for one field only, the first that claims it.
pub fn choose<'a>(columns: &'a [Column], map: &ColumnMap) -> Vec<(FieldKey, &'a Column)> {
    let find = |name: &str| {
        let want = comparable(name);
        columns
            .iter()
            .find(|c| comparable(&c.label) == want)
            .or_else(|| columns.iter().find(|c| comparable(&c.name) == want))
    };
    let mut chosen: Vec<(FieldKey, &Column)> = Vec::new();
    // Configured columns first, so a default name never takes a column the user
    // assigned to another field.
    for (key, _) in DEFAULT_NAMES {
        if let Some(column) = map.configured(*key).and_then(find) {
            chosen.push((*key, column));
        }
    }
    for (key, names) in DEFAULT_NAMES {
        if map.configured(*key).is_some() {
            continue;
        }
        let taken = |c: &Column| chosen.iter().any(|(_, t)| t.id == c.id);
        if let Some(column) = names.iter().filter_map(|n| find(n)).find(|c| !taken(c)) {
            chosen.push((*key, column));
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(id: i64, label: &str, name: &str) -> Column {
        Column {
            id,
            label: label.to_owned(),
            name: name.to_owned(),
            datatype: "text".to_owned(),
            is_multiple: true,
            normalized: true,
        }
    }

    #[test]
    fn defaults_and_config() {
        let columns = [
            column(1, "fandoms", "Fandoms"),
            column(2, "pairs", "Ships"),
            column(3, "universe", "Where it's set"),
            column(4, "word_count", "Length"),
        ];
        let picked = |map: &ColumnMap| -> Vec<(FieldKey, i64)> {
            choose(&columns, map)
                .into_iter()
                .map(|(k, c)| (k, c.id))
                .collect()
        };
        assert_eq!(
            picked(&ColumnMap::default()),
            [
                (FieldKey::Fandom, 1),
                (FieldKey::Relationship, 2),
                (FieldKey::Words, 4)
            ],
            "labels and display names, without case, `#` or `_`"
        );
        let map = ColumnMap {
            fandoms: Some("#Universe".to_owned()),
            characters: Some("fandoms".to_owned()),
            status: Some("#nonexistent".to_owned()),
            ..ColumnMap::default()
        };
        assert_eq!(
            picked(&map),
            [
                (FieldKey::Fandom, 3),
                (FieldKey::Character, 1),
                (FieldKey::Relationship, 2),
                (FieldKey::Words, 4)
            ],
            "configured columns win; a configured column that is missing means none"
        );
    }
}
