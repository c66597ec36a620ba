//! A small deterministic generator (SplitMix64) and the choices the generators make
//! with it. Input `i` of a run with seed `s` is built from `Rng::for_input(s, i)`
//! alone, so any input can be rebuilt from its seed and number.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The generator of input `index` in the run seeded `seed`.
    pub fn for_input(seed: u64, index: u64) -> Self {
        let mut rng = Self(seed ^ index.wrapping_mul(0xa076_1d64_78bd_642f));
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True `num` times in `den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A count skewed towards small values, up to `max`: most runs are short, a few
    /// are long (that is where the quadratic behaviour hides).
    pub fn count(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.leading_zeros();
        let cap = 1usize << self.below(bits as usize + 1);
        self.below(cap.min(max.saturating_add(1)))
    }

    /// A character from the kinds that break text handling.
    pub fn hostile_char(&mut self) -> char {
        let c = match self.below(14) {
            0 => self.range(0x20, 0x7e) as u32,
            1 => self.range(0, 0x1f) as u32,
            2 => self.range(0x7f, 0x9f) as u32,
            3 => self.pick(&[
                0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
                0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0x2028, 0x2029, 0x85, 0xa0, 0xad, 0x180e,
                0x3000,
            ]),
            4 => self.range(0x300, 0x36f) as u32,
            5 => self.range(0x590, 0x6ff) as u32,
            6 => self.range(0x4e00, 0x9fff) as u32,
            7 => self.range(0x1f300, 0x1faff) as u32,
            8 => self.pick(&[
                0xfffd, 0xfffe, 0xffff, 0x10_ffff, 0xe000, 0xf8ff, 0x1_d11e, 0xe_0001, 0xe_007f,
            ]),
            9 => self.pick(&[
                0x2014, 0x2013, 0x2026, 0x201c, 0x201d, 0x2018, 0x2019, 0x2042, 0xb7, 0xd7, 0x2022,
            ]),
            10 => self.range(0xc0, 0x24f) as u32,
            11 => self.pick(&[
                u32::from(b'*'),
                u32::from(b'_'),
                u32::from(b'~'),
                u32::from(b'-'),
                u32::from(b'#'),
                u32::from(b'='),
                u32::from(b'<'),
                u32::from(b'>'),
                u32::from(b'&'),
                u32::from(b'/'),
                u32::from(b'|'),
                u32::from(b':'),
                u32::from(b'"'),
            ]),
            12 => self.range(0x1100, 0x11ff) as u32,
            _ => self.next_u64() as u32 % 0x11_0000,
        };
        char::from_u32(c).unwrap_or('\u{fffd}')
    }

    /// A string of up to `max` hostile characters.
    pub fn junk_upto(&mut self, max: usize) -> String {
        let len = self.count(max);
        self.junk(len)
    }

    /// A string of `len` hostile characters.
    pub fn junk(&mut self, len: usize) -> String {
        (0..len).map(|_| self.hostile_char()).collect()
    }
}
