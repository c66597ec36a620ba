//! Byte-level mutations (AFL's havoc stage, without coverage feedback): bit flips,
//! interesting bytes, deletions, duplications, splices from another input, dictionary
//! tokens, and runs repeated until the input is large.

use super::rng::Rng;

/// The largest input any target is given: the bound is stated for inputs up to 1 MiB.
pub const MAX_INPUT: usize = 1 << 20;

const INTERESTING: &[u8] = &[
    0, 0x7f, 0xff, 0x80, 0x81, 0x8d, 0x9b, 0xa0, 0xc0, 0xc3, 0xe2, 0xef, 0xf0, 0xfe, b'\n', b'\r',
    b'\t', b' ', b'<', b'>', b'&', b';', b'"', b'\'', b'/', b'\\', b'*', b'_', b'~', b'-', b':',
    b'|', b'=', b'#', b'[', b']', b'{', b'}', b',', 0x1b,
];

/// Applies 1–8 random mutations to `input`, drawing tokens from `dictionary` and
/// splices from `other`; the result is at most [`MAX_INPUT`] bytes.
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, dictionary: &[&str], other: &[u8]) {
    let rounds = 1 + rng.count(7);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(11) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.pick(INTERESTING);
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let n = rng.count(len - at).max(1);
                input.drain(at..at + n.min(len - at));
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let n = rng.count(len - at).max(1).min(len - at);
                let chunk = input[at..at + n].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, chunk);
            }
            4 if !other.is_empty() => {
                let at = rng.below(other.len());
                let n = rng.count(other.len() - at).max(1).min(other.len() - at);
                let to = rng.below(input.len() + 1);
                input.splice(to..to, other[at..at + n].iter().copied());
            }
            5 | 6 if !dictionary.is_empty() => {
                let token = rng.pick(dictionary).as_bytes();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, token.iter().copied());
            }
            7 if len > 0 => {
                input.truncate(rng.below(len));
            }
            8 if len > 0 => {
                // A run repeated until the input is large: where a cost per byte
                // turns into a cost per byte squared.
                let at = rng.below(len);
                let n = (1 + rng.count(64)).min(len - at);
                let chunk = input[at..at + n].to_vec();
                let times = rng.count(MAX_INPUT / n.max(1));
                let mut run = Vec::with_capacity(chunk.len() * times);
                for _ in 0..times {
                    run.extend_from_slice(&chunk);
                }
                let to = rng.below(input.len() + 1);
                input.splice(to..to, run);
            }
            9 if len > 0 => {
                let at = rng.below(len);
                let value = rng.pick(&[0u8, 0xff, b' ', b'a', b'\n']);
                let n = rng.count(len - at).min(len - at);
                input[at..at + n].fill(value);
            }
            _ => {
                let c = rng.hostile_char();
                let mut buf = [0u8; 4];
                let to = rng.below(input.len() + 1);
                input.splice(to..to, c.encode_utf8(&mut buf).bytes());
            }
        }
        input.truncate(MAX_INPUT);
    }
}
