//! Measuring one input: CPU time and peak resident memory of this process (from
//! `/proc`), and the same measured again in a fresh process, so that what earlier
//! inputs left behind (memory the allocator keeps, a neighbour's burst of load)
//! cannot make a finding of an input that is fine on its own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A process's `key` line in `/proc/<pid>/status`, in bytes.
fn status_bytes(pid: &str, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: u64 = line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

pub fn resident(pid: u32) -> Option<u64> {
    status_bytes(&pid.to_string(), "VmRSS:")
}

/// Resets this process's peak resident memory to what is resident now (Linux 4.0+).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

pub fn peak() -> u64 {
    status_bytes("self", "VmHWM:").unwrap_or(0)
}

/// This process's CPU time (user and system, all threads), from `/proc/self/stat`, in
/// the kernel's fixed 100 Hz ticks.
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces; after its `)` come fields 3 on, so
    // utime and stime (fields 14 and 15) are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let field = |n: usize| -> u64 {
        rest.split_whitespace()
            .nth(n)
            .and_then(|f| f.parse().ok())
            .unwrap_or(0)
    };
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

/// What a fresh process measured for one input.
#[derive(Debug, Clone, Copy)]
pub struct Fresh {
    /// Peak resident memory of the first run, the process's own baseline included.
    pub peak: u64,
    /// The least CPU time of its runs.
    pub cpu: Duration,
}

/// The environment variable that makes a child measure one input (its path) and
/// print a `fuzz-measure` line instead of fuzzing.
pub const MEASURE_ENV: &str = "FICREAD_FUZZ_MEASURE";
/// How many times the fresh process runs the input (the env value).
pub const RUNS_ENV: &str = "FICREAD_FUZZ_RUNS";

/// Runs this test binary's `test_name` in a fresh process on the input at `path`,
/// `runs` times; `None` when it failed to report within `limit` (then the caller
/// keeps its own measure).
pub fn fresh(
    test_name: &str,
    child_env: &str,
    path: &Path,
    runs: u32,
    limit: Duration,
) -> Option<Fresh> {
    let exe = std::env::current_exe().ok()?;
    let mut child = Command::new(exe)
        .args([
            test_name,
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "--include-ignored",
        ])
        .env(child_env, "1")
        .env(MEASURE_ENV, path)
        .env(RUNS_ENV, runs.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let started = Instant::now();
    loop {
        if child.try_wait().ok()?.is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.find("fuzz-measure ").map(|at| &l[at..]))?;
    let mut fields = line.split_whitespace().skip(1);
    let peak = fields.next()?.parse().ok()?;
    let cpu_ms = fields.next()?.parse().ok()?;
    Some(Fresh {
        peak,
        cpu: Duration::from_millis(cpu_ms),
    })
}

/// The fresh process's side: runs `run` on the input `runs` times after a warm-up
/// and prints `fuzz-measure <peak bytes> <least CPU ms>`.
pub fn measure_here(path: &Path, runs: u32, run: impl Fn(&[u8])) {
    let Ok(input) = std::fs::read(path) else {
        return;
    };
    run(b"");
    let mut first_peak = None;
    let mut least = Duration::MAX;
    for _ in 0..runs.max(1) {
        reset_peak();
        let start = cpu_time();
        run(&input);
        least = least.min(cpu_time().saturating_sub(start));
        first_peak.get_or_insert_with(peak);
    }
    println!(
        "fuzz-measure {} {}",
        first_peak.unwrap_or(0),
        least.as_millis()
    );
}
