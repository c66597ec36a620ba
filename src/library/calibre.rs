//! calibre libraries as a library source.
//!
//! A folder holding `metadata.db` is a calibre library: its books are read from the
//! database, not guessed from the files. Each book is one work whose formats (the
//! `data` table, `Author/Title (id)/name.ext`) are its files; calibre's fields
//! (title, authors, series, tags, publisher, language, `url:` identifier, comments,
//! publication date) and the FanFicFare custom columns ([`columns`]) win over what
//! the file states, and the file's own metadata fills the rest ([`merge`]).
//!
//! The database is opened read-only with a short busy timeout and read in one
//! snapshot: ficread never takes a write lock, so calibre running at the same time
//! is never locked out, and a calibre that holds its write lock too long makes the
//! read fail (the caller then scans the files) instead of hanging.
//! [`database_stamp`] (the file's size and mtime) tells cheaply whether anything
//! changed since the last read; each book's `last_modified` tells which books did.

pub mod columns;
mod merge;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::document::raw::{FieldKey, Origin, RawField};

pub use columns::ColumnMap;
pub use merge::merge;

/// The database file that makes a folder a calibre library.
pub const DATABASE: &str = "metadata.db";

/// How long a read waits for calibre to finish writing before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_millis(1500);

/// One calibre book: where its files are and what calibre says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    /// calibre's book id.
    pub id: i64,
    /// `books.last_modified`: changes whenever calibre edits the book's metadata or
    /// formats.
    pub last_modified: String,
    /// The book's format files, relative to the library folder.
    /// (Paths built from the database's text, so always UTF-8.)
    pub files: Vec<PathBuf>,
    /// What calibre states, as raw fields with [`Origin::Calibre`].
    pub fields: Vec<RawField>,
    /// The publisher, which FanFicFare sets to the story's site.
    pub site: Option<String>,
}

impl Book {
    /// Identifies this book's metadata as read: a cached story of one of its files
    /// is valid only while the stamp is unchanged.
    pub fn stamp(&self) -> String {
        format!("calibre:{}:{}", self.id, self.last_modified)
    }
}

/// Whether `dir` is a calibre library.
pub fn is_library(dir: &Path) -> bool {
    dir.join(DATABASE).is_file()
}

/// The database's size and modification time (and its write-ahead log's, when
/// there is one): unchanged means no book changed since the stamp was taken.
pub fn database_stamp(root: &Path) -> Option<String> {
    let stamp = |path: &Path| {
        let stat = std::fs::metadata(path).ok()?;
        let modified = stat
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(format!("{}-{modified}", stat.len()))
    };
    let db = stamp(&root.join(DATABASE))?;
    let wal = stamp(&root.join(format!("{DATABASE}-wal"))).unwrap_or_default();
    Some(format!("{db}/{wal}"))
}

/// Reads every book of the calibre library at `root`. The error is one line saying
/// why the database could not be read (it does not name the file).
pub fn read(root: &Path, map: &ColumnMap) -> Result<Vec<Book>, String> {
    read_db(&root.join(DATABASE), map).map_err(|e| describe(&e))
}

fn describe(error: &rusqlite::Error) -> String {
    let text = match error {
        rusqlite::Error::SqliteFailure(failure, Some(message)) => {
            format!("{message} ({})", failure.code_name())
        }
        rusqlite::Error::SqliteFailure(failure, None) => failure.to_string(),
        other => other.to_string(),
    };
    format!("cannot read the calibre database: {text}")
}

trait CodeName {
    fn code_name(&self) -> &'static str;
}

impl CodeName for rusqlite::ffi::Error {
    fn code_name(&self) -> &'static str {
        match self.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                "calibre is writing to it"
            }
            rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt => {
                "not a valid database"
            }
            rusqlite::ErrorCode::CannotOpen => "cannot open",
            _ => "database error",
        }
    }
}

fn read_db(path: &Path, map: &ColumnMap) -> rusqlite::Result<Vec<Book>> {
    // Read-only, and no URI `immutable=1`: calibre may be writing, and an
    // immutable reader would read its half-written pages without locking.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", true)?;
    // One read transaction: every query sees the same snapshot even if calibre
    // commits between them.
    conn.execute_batch("BEGIN")?;
    let books = read_books(&conn, map);
    // Nothing was written; ending the transaction only releases the shared lock.
    let _ = conn.execute_batch("COMMIT");
    books
}

/// `(book, value)` rows grouped by book, in query order.
fn grouped(conn: &Connection, sql: &str) -> rusqlite::Result<HashMap<i64, Vec<String>>> {
    let mut statement = conn.prepare(sql)?;
    let mut rows = statement.query([])?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let book: i64 = row.get(0)?;
        if let Some(value) = text(row.get_ref(1)?) {
            out.entry(book).or_default().push(value);
        }
    }
    Ok(out)
}

/// A column value as text: numbers as written (`2.0` → `2`), blobs and nulls as nothing.
fn text(value: ValueRef<'_>) -> Option<String> {
    let text = match value {
        ValueRef::Null | ValueRef::Blob(_) => return None,
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).trim().to_owned(),
    };
    (!text.is_empty()).then_some(text)
}

/// calibre's dates (`2020-01-02 00:00:00+00:00`) as `2020-01-02`; its "no date"
/// (year 101) as nothing.
fn date(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    (!day.starts_with("0101-")).then(|| day.to_owned())
}

struct BookRow {
    id: i64,
    title: Option<String>,
    path: String,
    last_modified: String,
    pubdate: Option<String>,
    series_index: Option<String>,
}

fn read_books(conn: &Connection, map: &ColumnMap) -> rusqlite::Result<Vec<Book>> {
    let mut statement = conn.prepare(
        "SELECT id, title, path, last_modified, pubdate, series_index FROM books ORDER BY id",
    )?;
    let rows: Vec<BookRow> = statement
        .query_map([], |row| {
            Ok(BookRow {
                id: row.get(0)?,
                title: text(row.get_ref(1)?),
                path: text(row.get_ref(2)?).unwrap_or_default(),
                last_modified: text(row.get_ref(3)?).unwrap_or_default(),
                pubdate: text(row.get_ref(4)?),
                series_index: text(row.get_ref(5)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let authors = grouped(
        conn,
        "SELECT l.book, a.name FROM books_authors_link l JOIN authors a ON a.id = l.author \
         ORDER BY l.book, l.id",
    )?;
    let tags = grouped(
        conn,
        "SELECT l.book, t.name FROM books_tags_link l JOIN tags t ON t.id = l.tag \
         ORDER BY l.book, t.name",
    )?;
    let series = grouped(
        conn,
        "SELECT l.book, s.name FROM books_series_link l JOIN series s ON s.id = l.series",
    )?;
    let publishers = grouped(
        conn,
        "SELECT l.book, p.name FROM books_publishers_link l \
         JOIN publishers p ON p.id = l.publisher",
    )?;
    let languages = grouped(
        conn,
        "SELECT l.book, g.lang_code FROM books_languages_link l \
         JOIN languages g ON g.id = l.lang_code ORDER BY l.book, l.item_order",
    )?;
    let urls = grouped(
        conn,
        "SELECT book, val FROM identifiers WHERE lower(type) IN ('url', 'uri') ORDER BY id",
    )?;
    let comments = grouped(conn, "SELECT book, text FROM comments")?;
    let mut formats: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    {
        let mut statement = conn.prepare("SELECT book, format, name FROM data ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let (Some(format), Some(name)) = (text(row.get_ref(1)?), text(row.get_ref(2)?)) {
                formats.entry(row.get(0)?).or_default().push((format, name));
            }
        }
    }
    let custom = custom_values(conn, map)?;

    let mut books = Vec::with_capacity(rows.len());
    for row in rows {
        let mut fields = Vec::new();
        let mut push = |key: FieldKey, label: &str, values: Vec<String>, itemised: bool| {
            if !values.is_empty() {
                fields.push(RawField {
                    key,
                    label: label.to_owned(),
                    values,
                    itemised,
                    origin: Origin::Calibre,
                    line: None,
                });
            }
        };
        let of = |map: &HashMap<i64, Vec<String>>| map.get(&row.id).cloned().unwrap_or_default();
        push(
            FieldKey::Title,
            "title",
            row.title.into_iter().collect(),
            false,
        );
        push(FieldKey::Author, "authors", of(&authors), true);
        if let Some(name) = of(&series).into_iter().next() {
            let value = match &row.series_index {
                Some(index) => format!("{name} [{index}]"),
                None => name,
            };
            push(FieldKey::Series, "series", vec![value], false);
        }
        push(FieldKey::Tag, "tags", of(&tags), true);
        push(FieldKey::Language, "languages", of(&languages), false);
        push(FieldKey::Url, "identifier url", of(&urls), true);
        if let Some(html) = of(&comments).into_iter().next() {
            push(FieldKey::Summary, "comments", html_paragraphs(&html), false);
        }
        let pubdate = row.pubdate.as_deref().and_then(date);
        push(
            FieldKey::Published,
            "pubdate",
            pubdate.into_iter().collect(),
            false,
        );
        for (key, label, values, itemised) in custom.iter().filter_map(|c| c.of(row.id)) {
            push(key, label, values, itemised);
        }
        let files = formats
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .map(|(format, name)| {
                Path::new(&row.path).join(format!("{name}.{}", format.to_lowercase()))
            })
            .collect();
        books.push(Book {
            id: row.id,
            last_modified: row.last_modified,
            files,
            fields,
            site: of(&publishers).into_iter().next(),
        });
    }
    Ok(books)
}

/// calibre's comments are HTML; the summary is its paragraphs as text.
fn html_paragraphs(html: &str) -> Vec<String> {
    let fragment = crate::format::html::dom::parse_fragment(html);
    crate::format::html::flow::paragraphs(fragment.root_element())
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One mapped custom column's values, by book.
struct CustomValues {
    key: FieldKey,
    label: String,
    itemised: bool,
    values: HashMap<i64, Vec<String>>,
}

impl CustomValues {
    fn of(&self, book: i64) -> Option<(FieldKey, &str, Vec<String>, bool)> {
        let values = self.values.get(&book)?.clone();
        Some((self.key, self.label.as_str(), values, self.itemised))
    }
}

fn custom_values(conn: &Connection, map: &ColumnMap) -> rusqlite::Result<Vec<CustomValues>> {
    let mut statement = conn.prepare(
        "SELECT id, label, name, datatype, is_multiple, normalized FROM custom_columns \
         WHERE mark_for_delete = 0 ORDER BY id",
    )?;
    let all: Vec<columns::Column> = statement
        .query_map([], |row| {
            Ok(columns::Column {
                id: row.get(0)?,
                label: text(row.get_ref(1)?).unwrap_or_default(),
                name: text(row.get_ref(2)?).unwrap_or_default(),
                datatype: text(row.get_ref(3)?).unwrap_or_default(),
                is_multiple: row.get::<_, Option<bool>>(4)?.unwrap_or(false),
                normalized: row.get::<_, Option<bool>>(5)?.unwrap_or(false),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (key, column) in columns::choose(&all, map) {
        // A star rating is the reader's opinion of the book, not a content rating.
        if column.datatype == "rating" || column.datatype == "composite" {
            continue;
        }
        // `id` is calibre's integer key, so the table names are safe to build.
        let id = column.id;
        let sql = if column.normalized {
            format!(
                "SELECT l.book, v.value FROM books_custom_column_{id}_link l \
                 JOIN custom_column_{id} v ON v.id = l.value ORDER BY l.book, l.id"
            )
        } else {
            format!("SELECT book, value FROM custom_column_{id} ORDER BY id")
        };
        let mut values = grouped(conn, &sql)?;
        for list in values.values_mut() {
            for value in list.iter_mut() {
                *value = match column.datatype.as_str() {
                    "bool" if key == FieldKey::Status => if value == "1" {
                        "Complete"
                    } else {
                        "In-Progress"
                    }
                    .to_owned(),
                    "datetime" => date(value).unwrap_or_default(),
                    _ => std::mem::take(value),
                };
            }
            list.retain(|v| !v.is_empty());
        }
        out.push(CustomValues {
            key,
            label: format!("#{}", column.label),
            itemised: column.is_multiple,
            values,
        });
    }
    Ok(out)
}
