//! `ficread sync status`: what the sync folder holds, as text or JSON. Only reads:
//! it neither makes a device id nor writes a file.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::output::{self, one_line, path};
use super::{Context, SyncStatusArgs};
use crate::store::sync::{self, Folder};

/// `ficread sync status --json`.
#[derive(Debug, Serialize)]
struct Status {
    /// The sync folder; `null` when syncing is off.
    dir: Option<String>,
    /// This machine: its id (`null` until it first synced) and name.
    device: Option<Device>,
    /// Every machine with a file in the folder, this one included.
    devices: Vec<Seen>,
    /// Files left out, and why.
    skipped: Vec<SkippedJson>,
}

#[derive(Debug, Serialize)]
struct Device {
    id: Option<String>,
    name: String,
}

#[derive(Debug, Serialize)]
struct Seen {
    id: String,
    name: String,
    this_device: bool,
    file: String,
    /// Unix milliseconds of its last write.
    written_ms: u64,
    /// The same, as a local RFC 3339 time.
    written: String,
    works: usize,
}

#[derive(Debug, Serialize)]
struct SkippedJson {
    file: String,
    reason: String,
}

/// Runs `ficread sync status`.
pub fn status(ctx: &Context, args: &SyncStatusArgs) -> Result<ExitCode> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let Some(settings) = ctx.config.sync.settings() else {
        if args.json {
            let off = Status {
                dir: None,
                device: None,
                devices: Vec::new(),
                skipped: Vec::new(),
            };
            output::write_json(&mut out, &off)?;
        } else {
            writeln!(
                out,
                "Sync is off: set sync.dir in {} to a folder a sync tool shares between your machines.",
                path(&ctx.paths.config_file)
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::from(1));
    };
    let id = sync::read_device_id(&ctx.paths.data_dir).unwrap_or_else(|note| {
        eprintln!("ficread: {}", one_line(&note));
        None
    });
    let name = sync::device_name(settings.name.as_deref());
    let Folder { peers, skipped } = sync::read_folder(&settings.dir)
        .with_context(|| format!("{}: cannot read the sync folder", settings.dir.display()))?;
    let status = Status {
        dir: Some(settings.dir.to_string_lossy().into_owned()),
        devices: peers
            .iter()
            .map(|p| Seen {
                id: p.id.clone(),
                name: p.name.clone(),
                this_device: id.as_deref() == Some(p.id.as_str()),
                file: p.file.to_string_lossy().into_owned(),
                written_ms: p.written,
                written: local_time(p.written, "%Y-%m-%dT%H:%M:%S%:z"),
                works: p.stories.len(),
            })
            .collect(),
        device: Some(Device { id, name }),
        skipped: skipped
            .iter()
            .map(|s| SkippedJson {
                file: s.file.to_string_lossy().into_owned(),
                reason: s.reason.clone(),
            })
            .collect(),
    };
    if args.json {
        output::write_json(&mut out, &status)?;
    } else {
        write_text(&mut out, &status)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, status: &Status) -> Result<()> {
    writeln!(
        out,
        "Sync folder  {}",
        one_line(status.dir.as_deref().unwrap_or(""))
    )?;
    if let Some(device) = &status.device {
        let id = device
            .id
            .as_deref()
            .unwrap_or("none yet: made when ficread first saves");
        writeln!(out, "This device  {} ({id})", one_line(&device.name))?;
    }
    if status.devices.is_empty() {
        writeln!(out, "No machine has written here yet.")?;
    }
    for seen in &status.devices {
        let this = if seen.this_device {
            "  (this device)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {}  {}  last wrote {}  {} {}{this}",
            one_line(&seen.name),
            &seen.id[..8],
            local_time(seen.written_ms, "%Y-%m-%d %H:%M"),
            seen.works,
            if seen.works == 1 { "work" } else { "works" }
        )?;
    }
    for skipped in &status.skipped {
        writeln!(
            out,
            "Skipped {}: {}",
            one_line(&skipped.file),
            one_line(&skipped.reason)
        )?;
    }
    Ok(())
}

/// Unix milliseconds as local time (`?` when out of range).
fn local_time(ms: u64, format: &str) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map_or_else(
            || "?".to_owned(),
            |t| {
                t.to_zoned(jiff::tz::TimeZone::system())
                    .strftime(format)
                    .to_string()
            },
        )
}
