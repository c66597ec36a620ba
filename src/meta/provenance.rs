//! [`Provenance`]: where each field of a story's metadata came from.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Field name → where its value came from (`field "Pairing:" (line 7)`), ordered by
/// field name. A map of a few pairs kept in one small vector: the library keeps
/// one for every story, and a `BTreeMap`'s first node alone is half a kilobyte
/// (at 30,000 stories, 16 MB of the library's memory). Serialised as a map, the
/// same bytes and JSON as the `BTreeMap` it replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance(Vec<(String, String)>);

impl Provenance {
    /// Where `field` came from.
    pub fn get(&self, field: &str) -> Option<&String> {
        let at = self.find(field).ok()?;
        self.0.get(at).map(|(_, source)| source)
    }

    /// Whether the field's source is known.
    pub fn contains_key(&self, field: &str) -> bool {
        self.find(field).is_ok()
    }

    /// Records where `field` came from; returns the source it replaces.
    pub fn insert(&mut self, field: String, source: String) -> Option<String> {
        match self.find(&field) {
            Ok(at) => self
                .0
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, source)),
            Err(at) => {
                self.0.insert(at, (field, source));
                None
            }
        }
    }

    /// Keeps only the pairs `keep` accepts (and gives back the room of the others).
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut String) -> bool) {
        self.0.retain_mut(|(field, source)| keep(field, source));
        self.0.shrink_to_fit();
    }

    /// The pairs, by field name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &String)> {
        self.0.iter().map(|(field, source)| (field, source))
    }

    /// How many fields have a known source.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no field has a known source.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, field: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(f, _)| f.as_str().cmp(field))
    }
}

impl FromIterator<(String, String)> for Provenance {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut provenance = Self::default();
        for (field, source) in pairs {
            provenance.insert(field, source);
        }
        provenance
    }
}

impl<const N: usize> From<[(String, String); N]> for Provenance {
    fn from(pairs: [(String, String); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl Serialize for Provenance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Provenance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;

        impl<'de> Visitor<'de> for Pairs {
            type Value = Provenance;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of field names to sources")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Provenance, A::Error> {
                // A hint from the input, so bounded: a damaged length allocates
                // nothing much.
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                // Written sorted; anything else is sorted the way `insert` keeps it.
                if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
                    return Ok(Provenance(pairs));
                }
                Ok(pairs.into_iter().collect())
            }
        }

        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn pairs() -> Vec<(String, String)> {
        [
            ("title", "file name"),
            ("fandoms", "a"),
            ("characters", "b"),
        ]
        .iter()
        .map(|(f, s)| ((*f).to_owned(), (*s).to_owned()))
        .collect()
    }

    #[test]
    fn serialises_as_the_btreemap_it_replaces() {
        let map: BTreeMap<String, String> = pairs().into_iter().collect();
        let provenance: Provenance = pairs().into_iter().collect();
        let bytes = postcard::to_stdvec(&map).expect("serialises");
        assert_eq!(postcard::to_stdvec(&provenance).expect("serialises"), bytes);
        assert_eq!(
            postcard::from_bytes::<Provenance>(&bytes).expect("reads"),
            provenance
        );
        assert_eq!(
            serde_json::to_string(&provenance).expect("json"),
            serde_json::to_string(&map).expect("json")
        );
        let json = r#"{"z":"1","a":"2","z":"3"}"#;
        let read: Provenance = serde_json::from_str(json).expect("json");
        let map: BTreeMap<String, String> = serde_json::from_str(json).expect("json");
        assert_eq!(
            read.iter().collect::<Vec<_>>(),
            map.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn behaves_as_a_map() {
        let mut provenance = Provenance::default();
        assert!(provenance.is_empty());
        assert_eq!(provenance.insert("b".into(), "1".into()), None);
        assert_eq!(provenance.insert("a".into(), "2".into()), None);
        assert_eq!(provenance.insert("b".into(), "3".into()), Some("1".into()));
        assert_eq!(provenance.get("b").map(String::as_str), Some("3"));
        assert!(provenance.contains_key("a") && !provenance.contains_key("c"));
        let fields: Vec<&String> = provenance.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["a", "b"]);
        provenance.retain(|field, _| field == "b");
        assert_eq!(provenance.len(), 1);
    }
}
