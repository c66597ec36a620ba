//! Each entry's fandoms or relationships as ids of their distinct values: a term
//! is tested once per distinct value (a few thousand in the largest library), then
//! every entry is answered by reading its ids from one block, where testing story
//! by story compares strings behind a pointer per value per story.

use std::collections::HashMap;
use std::hash::Hash;

use super::bits::Bits;

/// Distinct values and, entry by entry, the ids of its values.
#[derive(Debug)]
pub(super) struct Interned<T> {
    values: Vec<T>,
    /// Where each entry's ids begin in `ids`, and the end of the last.
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl<T: Eq + Hash + Clone> Interned<T> {
    /// The values of each entry, in entry order; None past 4 billion values.
    pub fn new<'a, I>(per_entry: impl Iterator<Item = I>) -> Option<Self>
    where
        I: Iterator<Item = &'a T>,
        T: 'a,
    {
        let mut known: HashMap<&'a T, u32> = HashMap::new();
        let mut values = Vec::new();
        let mut starts = Vec::new();
        let mut ids = Vec::new();
        for entry in per_entry {
            starts.push(u32::try_from(ids.len()).ok()?);
            for value in entry {
                let id = if let Some(&id) = known.get(value) {
                    id
                } else {
                    let id = u32::try_from(values.len()).ok()?;
                    values.push(value.clone());
                    known.insert(value, id);
                    id
                };
                ids.push(id);
            }
        }
        starts.push(u32::try_from(ids.len()).ok()?);
        Some(Self {
            values,
            starts,
            ids,
        })
    }

    /// Which entries have a value `accepts`.
    pub fn holding(&self, accepts: impl Fn(&T) -> bool) -> Bits {
        let entries = self.starts.len().saturating_sub(1);
        let accepted: Vec<bool> = self.values.iter().map(accepts).collect();
        let mut held = Bits::none(entries);
        if !accepted.contains(&true) {
            return held;
        }
        let accepted = |id: &u32| {
            usize::try_from(*id)
                .ok()
                .and_then(|id| accepted.get(id))
                .copied()
                .unwrap_or(false)
        };
        for (entry, w) in self.starts.windows(2).enumerate() {
            let (Ok(from), Ok(to)) = (usize::try_from(w[0]), usize::try_from(w[1])) else {
                continue;
            };
            if self
                .ids
                .get(from..to)
                .is_some_and(|ids| ids.iter().any(accepted))
            {
                held.insert(entry);
            }
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_each_entry_by_its_values() {
        let entries: Vec<Vec<String>> = vec![
            vec!["smallville".into(), "buffy".into()],
            vec![],
            vec!["angel".into()],
            vec!["buffy".into()],
        ];
        let interned = Interned::new(entries.iter().map(|e| e.iter())).expect("small");
        assert_eq!(interned.values.len(), 3);
        let held = |accepts: &dyn Fn(&String) -> bool| -> Vec<usize> {
            interned.holding(accepts).iter().collect()
        };
        assert_eq!(held(&|v| v == "buffy"), [0, 3]);
        assert_eq!(held(&|v| v.contains('l')), [0, 2]);
        assert_eq!(held(&|_| false), [0usize; 0]);
        assert_eq!(
            interned.holding(|_| true).count(),
            3,
            "the entry without values"
        );
    }
}
