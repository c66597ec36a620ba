//! A set of entry indices as one bit per entry: what a query term matches over the
//! whole library fits in 12 KiB at 100,000 stories, so the terms' answers are
//! combined a word (64 entries) at a time and a story is tested by one bit.

/// A set of indices below a fixed length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// The empty set of indices below `len`.
    pub fn none(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every index below `len`.
    pub fn all(len: usize) -> Self {
        let mut all = Self {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        all.clear_tail();
        all
    }

    /// The indices in `indices` (those below `len`).
    pub fn of(len: usize, indices: &[usize]) -> Self {
        let mut bits = Self::none(len);
        for &i in indices {
            bits.insert(i);
        }
        bits
    }

    /// Adds `i` (ignored past the length).
    pub fn insert(&mut self, i: usize) {
        if i < self.len
            && let Some(word) = self.words.get_mut(i / 64)
        {
            *word |= 1 << (i % 64);
        }
    }

    /// Whether `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// Keeps the indices also in `other`.
    pub fn and(&mut self, other: &Self) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// Adds the indices in `other`.
    pub fn or(&mut self, other: &Self) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Keeps the indices not in `other`.
    pub fn and_not(&mut self, other: &Self) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// How many indices the set holds.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The indices in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(at, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(at * 64 + bit)
            })
        })
    }

    /// Bits past the length stay clear, so counts and iteration see only indices.
    fn clear_tail(&mut self) {
        let used = self.len % 64;
        if used != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << used) - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_combine_like_their_indices() {
        let a = Bits::of(130, &[0, 5, 64, 127, 129, 500]);
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 5, 64, 127, 129]);
        assert_eq!(a.count(), 5);
        assert!(a.contains(64) && !a.contains(63) && !a.contains(500));
        let all = Bits::all(130);
        assert_eq!(all.count(), 130);
        assert_eq!(all.iter().last(), Some(129));
        let b = Bits::of(130, &[5, 6, 129]);
        let mut and = a.clone();
        and.and(&b);
        assert_eq!(and.iter().collect::<Vec<_>>(), [5, 129]);
        let mut or = a.clone();
        or.or(&b);
        assert_eq!(or.iter().collect::<Vec<_>>(), [0, 5, 6, 64, 127, 129]);
        let mut not = a.clone();
        not.and_not(&b);
        assert_eq!(not.iter().collect::<Vec<_>>(), [0, 64, 127]);
        assert_eq!(Bits::all(128).count(), 128);
        assert_eq!(Bits::none(0).iter().count(), 0);
    }
}
