//! The parent's half: it starts the child (this test binary again, on one test), watches
//! its progress file and its memory, kills it on a hang or a runaway, and turns a dead
//! child into a finding with the input that killed it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{
    CHILD_ENV, DONE, INPUTS_ENV, LEFT_MS_ENV, Mode, PROGRESS_ENV, SEED_ENV, START_ENV, STARTING,
    Target, env_u64, keep, max_findings, replay_files, secs, seed, time_bound, why_kind,
};
use crate::measure;
use crate::rng::Rng;

/// The parent kills a child past this: the machine is shared, and a runaway input
/// must not take it down before the child can report.
const KILL_RSS: u64 = 2 << 30;

/// How long (wall time) one input may run before the parent calls it a hang and
/// kills the child: generous, as a shared machine may give the child a quarter of a
/// core; the child's own CPU-time check catches the merely slow.
fn hang_bound() -> Duration {
    time_bound() * 15
}

pub(super) fn parent(target: &Target, mode: Mode, test_name: &str) {
    let seed = seed();
    let secs = secs();
    if mode == Mode::Fuzz {
        println!(
            "fuzz {}: seed {seed}, {secs} s (replay with {SEED_ENV}={seed})",
            target.name
        );
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut findings = Vec::new();
    let mut inputs = 0;
    // `FICREAD_FUZZ_START` (with `FICREAD_FUZZ_INPUTS`) runs a chosen range alone.
    let mut start = env_u64(START_ENV).unwrap_or(0);
    // A child that dies (or is killed) is replaced, going on after the input that did
    // it, until the time is up.
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match run_child(
            target,
            mode,
            test_name,
            seed,
            start,
            left,
            &mut findings,
            &mut inputs,
        ) {
            Some(index)
                if findings.len() < max_findings() && (mode != Mode::Fuzz || !left.is_zero()) =>
            {
                start = index + 1;
            }
            _ => break,
        }
    }
    if mode == Mode::Fuzz {
        println!(
            "fuzz-total {}: {inputs} inputs in {:.0} s, {} finding(s)",
            target.name,
            started.elapsed().as_secs_f64(),
            findings.len()
        );
    }
    assert!(
        findings.is_empty(),
        "fuzz {}: {} finding(s) with seed {seed}:\n{}",
        target.name,
        findings.len(),
        findings.join("\n")
    );
}

/// Runs one child from input `start` for `left`, adding its findings and the inputs
/// it ran; returns the number of the input it died on, if it died.
#[allow(clippy::too_many_arguments)]
fn run_child(
    target: &Target,
    mode: Mode,
    test_name: &str,
    seed: u64,
    start: u64,
    left: Duration,
    findings: &mut Vec<String>,
    inputs: &mut u64,
) -> Option<u64> {
    let work = tempfile::tempdir().expect("temp dir");
    let progress = work.path().join("progress");
    std::fs::write(&progress, STARTING.to_le_bytes()).expect("progress file");
    let exe = std::env::current_exe().expect("the test binary");
    let mut child = Command::new(exe)
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .args(if mode == Mode::ReplayOpen {
            &["--ignored"][..]
        } else {
            &[]
        })
        .env(CHILD_ENV, "1")
        .env(PROGRESS_ENV, &progress)
        .env(SEED_ENV, seed.to_string())
        .env(START_ENV, start.to_string())
        .env(LEFT_MS_ENV, left.as_millis().to_string())
        .env(INPUTS_ENV, std::env::var(INPUTS_ENV).unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the fuzz child");
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");
    let out = thread::spawn(move || {
        let mut lines = Vec::new();
        // The test harness prints `test fuzz::x ... ` before the child's first line.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("fuzz-") {
                println!("{}", &line[at..]);
                lines.push(line[at..].to_owned());
            }
        }
        lines
    });
    let err = thread::spawn(move || {
        let mut tail: Vec<String> = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            tail.push(line);
            if tail.len() > 20 {
                tail.remove(0);
            }
        }
        tail
    });

    let mut current = (STARTING, Instant::now());
    let mut killed: Option<String> = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the fuzz child") {
            break status;
        }
        thread::sleep(Duration::from_millis(50));
        let index = read_progress(&progress);
        if index != current.0 {
            current = (index, Instant::now());
        }
        if killed.is_some() {
            continue;
        }
        if index < DONE && current.1.elapsed() > hang_bound() {
            killed = Some(format!("hang: still running after {:?}", hang_bound()));
        } else if let Some(rss) = measure::resident(child.id())
            && rss > KILL_RSS
        {
            killed = Some(format!("memory: {} MiB resident, killed", rss >> 20));
        }
        if killed.is_some() {
            child.kill().expect("kill the fuzz child");
        }
    };
    let lines = out.join().expect("stdout reader");
    let tail = err.join().expect("stderr reader");

    findings.extend(
        lines
            .iter()
            .filter(|l| l.starts_with("fuzz-finding"))
            .cloned(),
    );
    let summary = lines.iter().find_map(|l| {
        let rest = l.strip_prefix("fuzz-summary")?;
        rest.split_once(": ")?
            .1
            .split(' ')
            .next()?
            .parse::<u64>()
            .ok()
    });
    if let Some(ran) = summary
        && killed.is_none()
        && status.success()
    {
        *inputs += ran;
        return None;
    }
    let why = killed.unwrap_or_else(|| format!("crash: child {status}: {}", tail.join(" | ")));
    let index = current.0;
    if index < DONE {
        *inputs += index + 1 - start;
    }
    let what = match mode {
        _ if index >= DONE => "no input running".to_owned(),
        Mode::Fuzz => {
            let input = (target.generate)(&mut Rng::for_input(seed, index));
            let path = keep(target.name, why_kind(&why), &input);
            format!("input #{index}, kept as {}", path.display())
        }
        Mode::Replay | Mode::ReplayOpen => replay_files(target.name, mode)
            .get(index as usize)
            .map_or_else(String::new, |p| p.display().to_string()),
    };
    let finding = format!("fuzz-finding {}: {why}; {what}", target.name);
    println!("{finding}");
    findings.push(finding);
    (index < DONE).then_some(index)
}

fn read_progress(path: &Path) -> u64 {
    std::fs::read(path)
        .ok()
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(STARTING, u64::from_le_bytes)
}
