//! Plain-text parsing speed: each seed, and a ~5 MB book made of the Austen novels
//! from `../shared/corpus/janeaustenr` (skipped with a message when absent); and
//! `count_words` over the same book (English) and over ~5 MB of Chinese, Japanese
//! and Korean prose (`words` group).
//!
//! Goals: the 5 MB text parses in well under 100 ms in release; counting its words
//! takes a small fraction of that.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ficread::document::words::count_words;
use ficread::format::{encoding, txt};

fn seeds(c: &mut Criterion) {
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut paths: Vec<_> = std::fs::read_dir(&library)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut group = c.benchmark_group("txt_seed");
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = encoding::decode(&bytes);
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| txt::parse(black_box(&text))));
    }
    group.finish();
}

/// The Austen novels repeated to about `size` bytes, or `None` when the corpus is absent.
fn austen_book(size: usize) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/janeaustenr");
    let names = [
        "prideprejudice.txt",
        "sensesensibility.txt",
        "emma.txt",
        "persuasion.txt",
    ];
    let mut book = String::new();
    for name in names {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!(
                "skipping the 5 MB benches: {} not found",
                dir.join(name).display()
            );
            return None;
        };
        book.push_str(&encoding::decode(&bytes));
    }
    let one_pass = book.clone();
    while book.len() < size {
        book.push_str("\n\n\n");
        book.push_str(&one_pass);
    }
    Some(book)
}

fn austen_5mb(c: &mut Criterion) {
    let Some(book) = austen_book(5 * 1024 * 1024) else {
        return;
    };
    let mut group = c.benchmark_group("txt_austen");
    group.throughput(Throughput::Bytes(book.len() as u64));
    group.sample_size(20);
    group.bench_function(format!("{}_bytes", book.len()), |b| {
        b.iter(|| txt::parse(black_box(&book)));
    });
    group.finish();
}

/// Paragraphs of CJK prose as stories have them: Han and kana without spaces,
/// Hangul with spaces, CJK and Western punctuation, a few Latin words.
const CJK_PARAGRAPHS: &[&str] = &[
    "云深不知处的第一场雪落下来的时候，魏婴正趴在静室的窗边数雪花。“蓝湛，”他说，“你看，这一片比上一片大。”",
    "John站在221B的窗前，看着贝克街上的行人撑着黑色的伞走过……他在等雨停——或者说，他在等一个理由。",
    "「またブラック？」と虎杖が聞いた。彼のカップには砂糖が三つも入っている。『雨宿り・喫茶』と書かれた看板が、風に揺れている。",
    "연습이 끝난 밤, 정국은 옥상으로 올라갔다. 서울의 하늘에는 별이 거의 보이지 않았지만, 그래도 그는 매일 밤 그곳에 갔다.",
];

fn words(c: &mut Criterion) {
    let mut group = c.benchmark_group("words");
    group.sample_size(20);
    if let Some(book) = austen_book(5 * 1024 * 1024) {
        let paragraphs: Vec<&str> = book.split("\n\n").collect();
        group.throughput(Throughput::Bytes(book.len() as u64));
        group.bench_function("english_5mb_by_paragraph", |b| {
            b.iter(|| {
                paragraphs
                    .iter()
                    .map(|p| count_words(black_box(p)))
                    .sum::<usize>()
            });
        });
    }
    let mut cjk: Vec<&str> = Vec::new();
    let mut bytes = 0;
    while bytes < 5 * 1024 * 1024 {
        for p in CJK_PARAGRAPHS {
            cjk.push(p);
            bytes += p.len();
        }
    }
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("cjk_5mb_by_paragraph", |b| {
        b.iter(|| cjk.iter().map(|p| count_words(black_box(p))).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, seeds, austen_5mb, words);
criterion_main!(benches);
