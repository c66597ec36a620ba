//! Whether one query narrows another: every story the narrower one matches, the
//! other matches too. The library's filter bar uses it to test only the previous
//! result when a keystroke narrows the query (one more letter of a word, one more
//! term), instead of every story. The answer may say no when it cannot tell (then
//! the caller matches every story): it must never say yes wrongly.

use super::{Comparison, FandomPattern, Matcher, Query, RelationshipPattern, Term};

impl Query {
    /// True when every story this query matches is sure to match `wider` too,
    /// whatever the story and the reader's state of it.
    pub fn narrows(&self, wider: &Query) -> bool {
        wider
            .terms
            .iter()
            .all(|w| self.terms.iter().any(|t| term_implies(t, w)))
    }
}

/// Whether a story matching term `a` surely matches term `b`.
fn term_implies(a: &Term, b: &Term) -> bool {
    match (a.negated, b.negated) {
        (false, false) => alternatives_imply(&a.any_of, &b.any_of),
        // Excluding more stories implies excluding fewer: `-x` implies `-y` when
        // every story with `y` has `x`.
        (true, true) => alternatives_imply(&b.any_of, &a.any_of),
        _ => false,
    }
}

/// Whether matching one of `a` surely matches one of `b`.
fn alternatives_imply(a: &[Matcher], b: &[Matcher]) -> bool {
    a.iter().all(|x| b.iter().any(|y| implies(x, y)))
}

/// Whether a story `x` matches surely matches `y`.
fn implies(x: &Matcher, y: &Matcher) -> bool {
    use Matcher as M;
    if x == y {
        return true;
    }
    match (x, y) {
        // A word in any of the fields bare words search is in their text.
        (M::Text(a) | M::Title(a) | M::Author(a) | M::Summary(a) | M::Series(a), M::Text(b))
        | (M::Title(a), M::Title(b))
        | (M::Author(a), M::Author(b))
        | (M::Summary(a), M::Summary(b))
        | (M::Series(a), M::Series(b))
        | (M::Warning(a), M::Warning(b))
        | (M::Tag(a), M::Tag(b))
        | (M::Fandom(FandomPattern::Contains(a)), M::Fandom(FandomPattern::Contains(b))) => {
            a.text().contains(b.text())
        }
        // Both sides are lower-cased: a fandom equal to `name` holds what `name` holds.
        (M::Fandom(FandomPattern::Canonical(name)), M::Fandom(FandomPattern::Contains(b))) => {
            name.contains(b.text())
        }
        (
            M::Relationship(RelationshipPattern::Exact { members, .. }),
            M::Relationship(RelationshipPattern::WithMember(name)),
        ) => members.contains(name),
        (M::Rating(a), M::Rating(b)) => a.within(*b),
        (M::Words(a), M::Words(b))
        | (M::Chapters(a), M::Chapters(b))
        | (M::Progress(a), M::Progress(b)) => a.within(*b),
        _ => false,
    }
}

/// One end of the values a comparison accepts: unbounded, or a value with
/// whether the value itself is accepted.
type End<T> = Option<(T, bool)>;

impl<T: PartialOrd + Copy> Comparison<T> {
    fn low(self) -> End<T> {
        match self {
            Comparison::Eq(x) | Comparison::Ge(x) | Comparison::Between(x, _) => Some((x, true)),
            Comparison::Gt(x) => Some((x, false)),
            Comparison::Lt(_) | Comparison::Le(_) => None,
        }
    }

    fn high(self) -> End<T> {
        match self {
            Comparison::Eq(x) | Comparison::Le(x) | Comparison::Between(_, x) => Some((x, true)),
            Comparison::Lt(x) => Some((x, false)),
            Comparison::Gt(_) | Comparison::Ge(_) => None,
        }
    }

    /// Whether every value this comparison accepts, `wider` accepts.
    fn within(self, wider: Self) -> bool {
        let low_ok = match (self.low(), wider.low()) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((a, a_in)), Some((b, b_in))) => a > b || (a == b && (b_in || !a_in)),
        };
        let high_ok = match (self.high(), wider.high()) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((a, a_in)), Some((b, b_in))) => a < b || (a == b && (b_in || !a_in)),
        };
        low_ok && high_ok
    }
}
