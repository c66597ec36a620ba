//! The driver. Each target runs in a child process (this test binary re-run on one
//! test with `FICREAD_FUZZ_CHILD` set), so the process's peak memory is the target's
//! own: before every input the child resets the kernel's high-water mark
//! (`/proc/self/clear_refs`), after it reads `VmHWM`. The parent watches the child:
//! an input still running after [`watchdog::hang_bound`] or a child over
//! [`watchdog::KILL_RSS`] is killed,
//! and an abort (a stack overflow) is caught; the input that did it is rebuilt from
//! the seed and its number, and kept.
//!
//! Per input, the child asserts: no panic, the target's own invariants, CPU time
//! within [`time_bound`] and peak resident memory within [`MEMORY_BOUND`]. An input
//! over a bound is measured again in a fresh process (see [`check`]) before it
//! counts, so allocator retention and a neighbour's load make no findings. A failing input is
//! written to `tests/fixtures/fuzz-regressions/<target>/<kind>-<hash>` and fails the
//! test; every file there is replayed by `replay::<target>` on every run.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

mod watchdog;

use super::corpus::manifest_dir;
use super::measure;
use super::rng::Rng;

/// One fuzz target: how to build an input, and how to run the code under test on it
/// (`Err` is a broken invariant; a panic is caught).
pub struct Target {
    pub name: &'static str,
    pub generate: fn(&mut Rng) -> Vec<u8>,
    pub run: fn(&[u8], &Scratch) -> Result<(), String>,
}

/// A private directory for targets that read files (the config and the state file).
pub struct Scratch {
    pub dir: PathBuf,
}

/// The bound: at most 256 MiB peak resident memory for any input of at most
/// 1 MiB. Measured for the whole child process, so it includes the harness's own
/// baseline (reported as `base`).
pub const MEMORY_BOUND: u64 = 256 << 20;
/// The bound on time per input of at most 1 MiB, for the release build.
const TIME_BOUND: Duration = Duration::from_secs(2);
/// How much slower a debug build is: the same 150 inputs (seed 7) took 12.5× the
/// CPU time for text, 12.8× for HTML and 15.6× for EPUB in a debug build than in
/// release (html5ever, roxmltree, zlib-rs and the text rules unoptimised); 20 leaves
/// room for the slowest.
const DEBUG_FACTOR: u32 = 20;
/// A run stops collecting after this many findings (`FICREAD_FUZZ_MAX_FINDINGS`
/// changes it, for a long run that keeps hitting a known open finding).
fn max_findings() -> usize {
    env_u64("FICREAD_FUZZ_MAX_FINDINGS").map_or(20, |n| n as usize)
}

const CHILD_ENV: &str = "FICREAD_FUZZ_CHILD";
const PROGRESS_ENV: &str = "FICREAD_FUZZ_PROGRESS";
const SEED_ENV: &str = "FICREAD_FUZZ_SEED";
const SECS_ENV: &str = "FICREAD_FUZZ_SECS";
/// The child's first input number, and the time it has left (after a child died).
const START_ENV: &str = "FICREAD_FUZZ_START";
const LEFT_MS_ENV: &str = "FICREAD_FUZZ_LEFT_MS";
/// Stops after this many inputs (to time one set of inputs in two builds).
const INPUTS_ENV: &str = "FICREAD_FUZZ_INPUTS";
/// Progress values that are not input numbers.
const STARTING: u64 = u64::MAX;
const DONE: u64 = u64::MAX - 1;

pub fn time_bound() -> Duration {
    if cfg!(debug_assertions) {
        TIME_BOUND * DEBUG_FACTOR
    } else {
        TIME_BOUND
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Generated and mutated inputs for `FICREAD_FUZZ_SECS` seconds.
    Fuzz,
    /// Every kept input of the target.
    Replay,
    /// Kept inputs of findings not fixed yet (`open/`): an ignored test.
    ReplayOpen,
}

/// Runs `target` in `mode`; `test_name` is this test's full name, to re-run it in the
/// child.
pub fn run(target: &Target, mode: Mode, test_name: &str) {
    if let Some(path) = std::env::var_os(measure::MEASURE_ENV) {
        let runs = env_u64(measure::RUNS_ENV).map_or(1, |n| n as u32);
        let scratch_dir = tempfile::tempdir().expect("scratch dir");
        let scratch = Scratch {
            dir: scratch_dir.path().to_owned(),
        };
        measure::measure_here(Path::new(&path), runs, |input| {
            let _ = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input, &scratch)));
        });
    } else if std::env::var_os(CHILD_ENV).is_some() {
        child(target, mode, test_name);
    } else {
        watchdog::parent(target, mode, test_name);
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// The seed of a `cargo test` run without `FICREAD_FUZZ_SECS`: fixed, so a known
/// open finding cannot fail an unrelated change in CI; its first thousands of inputs
/// pass.
const DEFAULT_SEED: u64 = 0x5eed;

/// `FICREAD_FUZZ_SEED`, else a fresh seed for a deliberate run (`FICREAD_FUZZ_SECS`
/// set), else [`DEFAULT_SEED`].
fn seed() -> u64 {
    if let Some(seed) = env_u64(SEED_ENV) {
        return seed;
    }
    if std::env::var_os(SECS_ENV).is_none() {
        return DEFAULT_SEED;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Rng::new(now.as_nanos() as u64 ^ u64::from(std::process::id())).next_u64()
}

fn secs() -> u64 {
    env_u64(SECS_ENV).unwrap_or(2)
}

pub fn regression_dir(target: &str) -> PathBuf {
    manifest_dir()
        .join("tests/fixtures/fuzz-regressions")
        .join(target)
}

/// The kept inputs replayed in `mode`, sorted by name.
fn replay_files(target: &str, mode: Mode) -> Vec<PathBuf> {
    let dir = match mode {
        Mode::ReplayOpen => regression_dir(target).join("open"),
        _ => regression_dir(target),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// FNV-1a: a stable name for a kept input.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Keeps `input` as a regression test and returns its path.
fn keep(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = regression_dir(target);
    std::fs::create_dir_all(&dir).expect("create the regression folder");
    let path = dir.join(format!("{kind}-{:016x}", fnv(input)));
    std::fs::write(&path, input).expect("write the regression input");
    path
}

fn why_kind(why: &str) -> &str {
    why.split(':').next().unwrap_or("crash")
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);

#[derive(Default)]
struct Stats {
    /// Inputs run.
    inputs: u64,
    executions: u64,
    bytes: u64,
    largest: usize,
    /// CPU time of all inputs.
    cpu: Duration,
    /// Most CPU time one input took, its size and its number (to run it alone:
    /// `FICREAD_FUZZ_SEED=<seed> FICREAD_FUZZ_START=<n> FICREAD_FUZZ_INPUTS=<n + 1>`).
    slowest: (Duration, usize, u64),
    /// Most wall time one input took, and its size.
    slowest_wall: (Duration, usize),
    peak: u64,
    findings: usize,
    /// Inputs over a bound measured again in a fresh process, and how many of them
    /// were within it there (not findings).
    remeasured: u64,
    cleared: u64,
}

fn child(target: &Target, mode: Mode, test_name: &str) {
    let progress = File::options()
        .write(true)
        .open(std::env::var_os(PROGRESS_ENV).expect("progress path"))
        .expect("progress file");
    let scratch_dir = tempfile::tempdir().expect("scratch dir");
    let scratch = Scratch {
        dir: scratch_dir.path().to_owned(),
    };
    panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = PANIC.lock() {
            *last = Some(info.to_string().replace('\n', " "));
        }
    }));
    // Warm up: the targets' lazily built tables (aliases, the metadata queries are
    // matched on) are not the first input's cost.
    let _ = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(b"", &scratch)));
    let resets = measure::reset_peak();
    let base = measure::peak();
    let checker = Checker {
        target,
        scratch: &scratch,
        test_name,
    };
    let mut stats = Stats::default();
    let started = Instant::now();
    let one = |index: u64, input: &[u8], kept: Option<&Path>, stats: &mut Stats| {
        progress
            .write_all_at(&index.to_le_bytes(), 0)
            .expect("write progress");
        stats.inputs += 1;
        if let Some(finding) = check(&checker, index, input, stats) {
            stats.findings += 1;
            let place = if let Some(path) = kept {
                path.display().to_string()
            } else {
                let kind = why_kind(&finding);
                format!(
                    "input #{index}, kept as {}",
                    keep(target.name, kind, input).display()
                )
            };
            println!("fuzz-finding {}: {finding}; {place}", target.name);
        }
    };
    match mode {
        Mode::Fuzz => {
            let seed = seed();
            let left = env_u64(LEFT_MS_ENV)
                .map_or_else(|| Duration::from_secs(secs()), Duration::from_millis);
            let deadline = started + left;
            let inputs = env_u64(INPUTS_ENV).unwrap_or(u64::MAX);
            let mut index = env_u64(START_ENV).unwrap_or(0);
            while Instant::now() < deadline && index < inputs && stats.findings < max_findings() {
                let input = (target.generate)(&mut Rng::for_input(seed, index));
                one(index, &input, None, &mut stats);
                index += 1;
            }
        }
        Mode::Replay | Mode::ReplayOpen => {
            let start = env_u64(START_ENV).unwrap_or(0) as usize;
            for (index, path) in replay_files(target.name, mode)
                .iter()
                .enumerate()
                .skip(start)
            {
                let input = std::fs::read(path).expect("read a kept input");
                one(index as u64, &input, Some(path), &mut stats);
            }
        }
    }
    progress
        .write_all_at(&DONE.to_le_bytes(), 0)
        .expect("write progress");
    let elapsed = started.elapsed();
    println!(
        "fuzz-summary {}: {} inputs, {} executions in {:.1} s ({:.0}/s; {:.1} s CPU in inputs), mean input {} B, largest {} B, \
         slowest {:.0} ms CPU (#{}, {} B; bound {:?}), {:.0} ms wall ({} B), peak {} MiB (base {} MiB{}; bound {} MiB), \
         {} re-measured in a fresh process ({} within bounds there), {} finding(s)",
        target.name,
        stats.inputs,
        stats.executions,
        elapsed.as_secs_f64(),
        stats.executions as f64 / elapsed.as_secs_f64().max(1e-9),
        stats.cpu.as_secs_f64(),
        stats.bytes / stats.executions.max(1),
        stats.largest,
        stats.slowest.0.as_secs_f64() * 1e3,
        stats.slowest.2,
        stats.slowest.1,
        time_bound(),
        stats.slowest_wall.0.as_secs_f64() * 1e3,
        stats.slowest_wall.1,
        stats.peak >> 20,
        base >> 20,
        if resets { "" } else { ", not reset per input" },
        MEMORY_BOUND >> 20,
        stats.remeasured,
        stats.cleared,
        stats.findings,
    );
}

/// An input over the time bound by at most this factor is re-timed in a fresh
/// process before it is kept: on a loaded 2-core machine a fine input can lose a
/// little CPU time to cache and frequency contention, but not twice its bound.
const SLIGHTLY: u32 = 2;
/// Pause before re-timing, to let a neighbour's burst (a link step) pass.
const RETIME_PAUSE: Duration = Duration::from_secs(1);

/// What `check` needs besides the input.
struct Checker<'a> {
    target: &'a Target,
    scratch: &'a Scratch,
    /// This test's name, to run it again in a fresh process.
    test_name: &'a str,
}

impl Checker<'_> {
    /// The input measured in a fresh process (`runs` runs), from a file in scratch.
    fn fresh(&self, input: &[u8], runs: u32) -> Option<measure::Fresh> {
        let path = self.scratch.dir.join("fresh-input");
        std::fs::write(&path, input).ok()?;
        let measured = measure::fresh(
            self.test_name,
            CHILD_ENV,
            &path,
            runs,
            time_bound() * (runs * SLIGHTLY + 2),
        );
        let _ = std::fs::remove_file(&path);
        measured
    }
}

/// Runs one input and returns what went wrong, if anything. Time is the CPU time the
/// input took (the machine is shared, so wall time measures the neighbours too);
/// wall time is reported beside it. An input over a bound is measured again in a
/// fresh process before it counts: memory always (the allocator keeps what earlier
/// inputs freed, and the peak counts it), time when it was over only slightly (and
/// then after a pause, the best of two runs).
fn check(checker: &Checker<'_>, index: u64, input: &[u8], stats: &mut Stats) -> Option<String> {
    let target = checker.target;
    measure::reset_peak();
    let start = Instant::now();
    let start_cpu = measure::cpu_time();
    let result = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input, checker.scratch)));
    let mut cpu = measure::cpu_time().saturating_sub(start_cpu);
    let wall = start.elapsed();
    let used = measure::peak();
    stats.executions += 1;
    stats.bytes += input.len() as u64;
    stats.largest = stats.largest.max(input.len());
    match result {
        Err(_) => {
            let message = PANIC
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_default();
            return Some(format!("panic: {message}"));
        }
        Ok(Err(message)) => return Some(format!("invariant: {message}")),
        Ok(Ok(())) => {}
    }
    let mut peak = used;
    if used > MEMORY_BOUND {
        stats.remeasured += 1;
        if let Some(fresh) = checker.fresh(input, 1) {
            peak = fresh.peak;
        }
        if peak > MEMORY_BOUND {
            return Some(format!(
                "memory: peak {} MiB resident for {} bytes ({} MiB in the fuzzing process; bound {} MiB)",
                peak >> 20,
                input.len(),
                used >> 20,
                MEMORY_BOUND >> 20
            ));
        }
        stats.cleared += 1;
    }
    stats.peak = stats.peak.max(peak);
    if cpu > time_bound() && cpu <= time_bound() * SLIGHTLY {
        stats.remeasured += 1;
        thread::sleep(RETIME_PAUSE);
        if let Some(fresh) = checker.fresh(input, 2) {
            cpu = cpu.min(fresh.cpu);
        }
        stats.cleared += u64::from(cpu <= time_bound());
    }
    stats.cpu += cpu;
    if cpu > stats.slowest.0 {
        stats.slowest = (cpu, input.len(), index);
    }
    if wall > stats.slowest_wall.0 {
        stats.slowest_wall = (wall, input.len());
    }
    (cpu > time_bound()).then(|| {
        format!(
            "slow: {:.2} s CPU ({:.2} s wall) for {} bytes (bound {:?})",
            cpu.as_secs_f64(),
            wall.as_secs_f64(),
            input.len(),
            time_bound()
        )
    })
}
