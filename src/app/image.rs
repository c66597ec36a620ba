//! Opening a story's image with the system viewer (`o` in the reader): the bytes are
//! read from the EPUB's zip or from beside an HTML file (never from outside the
//! story's folder, never more than [`MAX_IMAGE_BYTES`]), written to a temporary file,
//! and the viewer is started on it with null stdio so it cannot touch the terminal.
//! Runs as a [`super::job::Job`]; the reader shows the outcome on its status line.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{App, Effects, Job};
use crate::format::FormatKind;
use crate::format::epub::archive::{Archive, Limits};

/// The largest image read.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Opening one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageJob {
    /// The story file.
    pub story: PathBuf,
    /// The image's source as the document states it ([`crate::document::Image::src`]).
    pub src: String,
    /// The viewer command and its arguments; the temporary file's path is added last.
    pub opener: Vec<String>,
}

/// The platform's viewer: `open` on macOS, `xdg-open` elsewhere.
pub fn default_opener() -> Vec<String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![program.to_owned()]
}

impl ImageJob {
    /// Reads the image, writes it to a temporary file and starts the viewer on it
    /// (without waiting for the viewer to close); the temporary file on success.
    pub fn run(&self) -> Result<PathBuf, String> {
        let bytes = read_image(&self.story, &self.src)?;
        let file = write_temporary(&self.src, &bytes)?;
        let Some((program, args)) = self.opener.split_first() else {
            return Err("no image viewer is set".to_owned());
        };
        let mut child = Command::new(program)
            .args(args)
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {program}: {e}"))?;
        // Reaped on a thread of its own so the viewer leaves no zombie behind and the
        // reader does not wait for it.
        std::thread::spawn(move || child.wait());
        Ok(file)
    }
}

/// The image's bytes: an entry of the EPUB, or a file beside the HTML story inside
/// its folder.
pub fn read_image(story: &Path, src: &str) -> Result<Vec<u8>, String> {
    if src.is_empty() {
        return Err("the image has no source".to_owned());
    }
    match FormatKind::from_path(story) {
        Some(FormatKind::Epub) => {
            let book = crate::format::read_bounded(story).map_err(|e| e.to_string())?;
            // Images are stored, not deflated, in real books: the cap is the image's.
            let limits = Limits {
                entry_bytes: MAX_IMAGE_BYTES,
                total_bytes: MAX_IMAGE_BYTES,
                ..Limits::for_book(book.len())
            };
            let mut archive = Archive::open(&book, limits).map_err(|e| e.to_string())?;
            archive.read(src).map_err(|e| e.to_string())
        }
        _ => read_beside(story, src),
    }
}

/// A file named by `src` relative to the story's folder, refused when it (or a link
/// on the way) leads outside that folder.
fn read_beside(story: &Path, src: &str) -> Result<Vec<u8>, String> {
    let folder = story
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folder = folder
        .canonicalize()
        .map_err(|e| format!("cannot read the story's folder: {e}"))?;
    let relative = Path::new(src);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err("the image is outside the story's folder".to_owned());
    }
    let path = folder
        .join(relative)
        .canonicalize()
        .map_err(|e| format!("cannot find the image: {e}"))?;
    if !path.starts_with(&folder) {
        return Err("the image is outside the story's folder".to_owned());
    }
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read the image: {e}"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err("the image is not a file".to_owned());
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the image: {e}"))?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err("the image is too large to open".to_owned());
    }
    Ok(bytes)
}

/// Writes the bytes to a new file in the temporary folder, keeping the image's
/// extension (viewers choose by it).
fn write_temporary(src: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let extension: String = Path::new(src)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("img")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let dir = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for attempt in 0..16u32 {
        let path = dir.join(format!(
            "ficread-image-{}-{stamp}-{attempt}.{extension}",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)
                    .map_err(|e| format!("cannot write the image: {e}"))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot write the image: {e}")),
        }
    }
    Err("cannot write the image: no free temporary name".to_owned())
}

impl App {
    /// Sets the image viewer command (the temporary file's path is added last):
    /// tests use a stand-in, a front end may read it from its settings.
    pub fn set_image_opener(&mut self, opener: Vec<String>) {
        self.image_opener = opener;
    }

    /// Starts opening the open story's image `src`.
    pub(super) fn open_image(&mut self, src: String) -> Effects {
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        open.reader.set_message("Opening the image…");
        let mut effects = Effects::job(Job::OpenImage(ImageJob {
            story: open.path.clone(),
            src,
            opener: self.image_opener.clone(),
        }));
        effects.redraw = true;
        effects
    }

    /// The viewer was started, or why not: one clean line on the status line.
    pub(super) fn image_opened(&mut self, result: Result<PathBuf, String>) -> Effects {
        if let Ok(path) = &result {
            self.temporary_images.push(path.clone());
        }
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        let message = match result {
            Ok(_) => "Opened the image in the viewer".to_owned(),
            Err(why) => format!("Cannot open the image: {}", crate::display::one_line(&why)),
        };
        open.reader.set_message(message);
        Effects::redraw()
    }
}
