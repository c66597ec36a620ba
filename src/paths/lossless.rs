//! Paths written to ficread's own files without losing a byte. On Unix a file name is
//! any bytes, not UTF-8; serde's own `PathBuf` support refuses such a name, and one
//! refusal used to make the whole index cache and reading-state file unwritable.
//!
//! - [`bytes`] (the index cache, a postcard file): always the path's bytes.
//! - [`text_or_bytes`] (the reading-state JSON): a UTF-8 path as a plain string, as
//!   before, and any other as `{"unix_bytes": [..]}`; both read back.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The path's bytes (Unix), or its UTF-8 text with unpaired surrogates replaced
/// (elsewhere: such names cannot reach ficread there anyway).
fn to_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        match path.to_string_lossy() {
            std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
            std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
        }
    }
}

fn from_bytes(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// `#[serde(with = "crate::paths::lossless::bytes")]`: the path as bytes.
pub mod bytes {
    use super::{Deserialize, Deserializer, Path, PathBuf, Serializer, from_bytes, to_bytes};

    /// Writes the path's bytes.
    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&to_bytes(path))
    }

    /// Reads a path written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        let bytes: serde_bytes_compat::ByteBuf = Deserialize::deserialize(deserializer)?;
        Ok(from_bytes(bytes.0))
    }

    /// A byte buffer that accepts serde's bytes (postcard) and a sequence of numbers.
    mod serde_bytes_compat {
        use serde::de::{Error, SeqAccess, Visitor};
        use serde::{Deserialize, Deserializer};

        pub struct ByteBuf(pub Vec<u8>);

        impl<'de> Deserialize<'de> for ByteBuf {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_byte_buf(BytesVisitor)
            }
        }

        struct BytesVisitor;

        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = ByteBuf;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a path's bytes")
            }

            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.to_vec()))
            }

            fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v))
            }

            fn visit_str<E: Error>(self, v: &str) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.as_bytes().to_vec()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ByteBuf, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(byte) = seq.next_element::<u8>()? {
                    out.push(byte);
                }
                Ok(ByteBuf(out))
            }
        }
    }
}

/// `#[serde(with = "crate::paths::lossless::text_or_bytes")]`: a UTF-8 path as a
/// string, any other as its bytes.
pub mod text_or_bytes {
    use super::{
        Deserialize, Deserializer, Path, PathBuf, Serialize, Serializer, from_bytes, to_bytes,
    };

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Bytes { unix_bytes: Vec<u8> },
    }

    /// Writes a UTF-8 path as a string, any other as `{"unix_bytes": [...]}`.
    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        match path.to_str() {
            Some(text) => serializer.serialize_str(text),
            None => Repr::Bytes {
                unix_bytes: to_bytes(path).into_owned(),
            }
            .serialize(serializer),
        }
    }

    /// Reads either form.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => PathBuf::from(text),
            Repr::Bytes { unix_bytes } => from_bytes(unix_bytes),
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct InCache {
        #[serde(with = "bytes")]
        path: PathBuf,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct InState {
        #[serde(with = "text_or_bytes")]
        path: PathBuf,
    }

    fn latin1() -> PathBuf {
        PathBuf::from(OsStr::from_bytes(b"lib/caf\xe9.txt"))
    }

    #[test]
    fn non_utf8_names_round_trip_through_postcard() {
        for path in [latin1(), PathBuf::from("lib/plain.txt")] {
            let value = InCache { path };
            let bytes = postcard::to_allocvec(&value).expect("encodes");
            let back: InCache = postcard::from_bytes(&bytes).expect("decodes");
            assert_eq!(back, value);
        }
    }

    #[test]
    fn state_json_keeps_plain_strings_and_round_trips_bytes() {
        let plain = InState {
            path: PathBuf::from("lib/plain.txt"),
        };
        let json = serde_json::to_string(&plain).expect("encodes");
        assert_eq!(
            json, r#"{"path":"lib/plain.txt"}"#,
            "older files stay readable"
        );
        let odd = InState { path: latin1() };
        let json = serde_json::to_string(&odd).expect("encodes");
        let back: InState = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, odd);
    }
}
