//! Where ficread keeps things, resolved once at start-up and passed down.
//!
//! Order of precedence for each directory: the command-line flag (`--config FILE`),
//! then `FICREAD_CONFIG_DIR` / `FICREAD_DATA_DIR` / `FICREAD_CACHE_DIR` /
//! `FICREAD_STATE_DIR`, then the platform directories from the `directories` crate,
//! which on Linux follow `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_CACHE_HOME` and
//! `XDG_STATE_HOME`. ficread never writes into the config directory.

pub mod lossless;

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Serialize;
use thiserror::Error;

/// The resolved locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paths {
    /// The config file to read (it may not exist unless `config_explicit`).
    pub config_file: PathBuf,
    /// True when the file was named with `--config`: then it must exist.
    pub config_explicit: bool,
    /// Reading state: positions, bookmarks, shelves (precious user data).
    pub data_dir: PathBuf,
    /// The library index (can be deleted at any time).
    pub cache_dir: PathBuf,
    /// History and logs.
    pub state_dir: PathBuf,
}

/// No home directory and no overrides: nowhere to keep anything.
#[derive(Debug, Error)]
#[error(
    "cannot find a home directory; set XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME or FICREAD_*_DIR"
)]
pub struct NoHome;

impl Paths {
    /// Resolves every location from the flag, the environment and the platform.
    pub fn resolve(config_flag: Option<&Path>) -> Result<Self, NoHome> {
        Self::resolve_with(config_flag, |name| std::env::var_os(name))
    }

    /// [`Paths::resolve`] with an injectable environment, for tests.
    pub fn resolve_with(
        config_flag: Option<&Path>,
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, NoHome> {
        let project = ProjectDirs::from("", "", "ficread");
        let pick = |var: &str, platform: Option<&Path>| -> Result<PathBuf, NoHome> {
            env(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| platform.map(Path::to_path_buf))
                .ok_or(NoHome)
        };
        let config_dir = pick(
            "FICREAD_CONFIG_DIR",
            project.as_ref().map(ProjectDirs::config_dir),
        )?;
        let data_dir = pick(
            "FICREAD_DATA_DIR",
            project.as_ref().map(ProjectDirs::data_dir),
        )?;
        let cache_dir = pick(
            "FICREAD_CACHE_DIR",
            project.as_ref().map(ProjectDirs::cache_dir),
        )?;
        // Not every platform has a state dir; the data dir is the closest relative.
        let state_dir = pick(
            "FICREAD_STATE_DIR",
            project
                .as_ref()
                .and_then(ProjectDirs::state_dir)
                .or(Some(data_dir.as_path())),
        )?;
        let (config_file, config_explicit) = match config_flag {
            Some(file) => (file.to_path_buf(), true),
            None => (config_dir.join("config.toml"), false),
        };
        Ok(Self {
            config_file,
            config_explicit,
            data_dir,
            cache_dir,
            state_dir,
        })
    }

    /// The index file of the library made of `roots`: one file per library, named
    /// by its folders' canonical paths, so `-L lib`, `-L ./lib`, an absolute path
    /// and a symlink share one index, and switching between two libraries keeps
    /// both indexes instead of each scan evicting the other's.
    pub fn index_file(&self, roots: &[PathBuf]) -> PathBuf {
        use std::hash::Hasher as _;
        let mut canonical: Vec<PathBuf> = roots
            .iter()
            .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
            .collect();
        canonical.sort();
        canonical.dedup();
        let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0x6669_6372, 0x0069_6e64_6578);
        for root in &canonical {
            hasher.write(root.as_os_str().as_encoded_bytes());
            // A separator no path contains, so two roots never hash as one.
            hasher.write_u8(0);
        }
        self.cache_dir
            .join(format!("index-{:016x}.bin", hasher.finish()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn overrides_win() {
        let env = |name: &str| -> Option<OsString> {
            match name {
                "FICREAD_CONFIG_DIR" => Some("/c".into()),
                "FICREAD_DATA_DIR" => Some("/d".into()),
                "FICREAD_CACHE_DIR" => Some("/k".into()),
                "FICREAD_STATE_DIR" => Some("/s".into()),
                _ => None,
            }
        };
        let paths = Paths::resolve_with(None, env).expect("resolves");
        assert_eq!(paths.config_file, PathBuf::from("/c/config.toml"));
        assert!(!paths.config_explicit);
        assert_eq!(paths.data_dir, PathBuf::from("/d"));
        let index = paths.index_file(&[PathBuf::from("/nonexistent/lib")]);
        assert_eq!(index.parent(), Some(Path::new("/k")));
        assert_eq!(paths.state_dir, PathBuf::from("/s"));

        let dir = tempfile::tempdir().expect("tempdir");
        let lib = dir.path().join("lib");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&lib).expect("mkdir");
        std::fs::create_dir_all(&other).expect("mkdir");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&lib, dir.path().join("link")).expect("symlink");
        let mut spellings = vec![
            lib.clone(),
            dir.path().join("./lib"),
            dir.path().join("other/../lib"),
        ];
        #[cfg(unix)]
        spellings.push(dir.path().join("link"));
        for spelled in &spellings {
            assert_eq!(
                paths.index_file(std::slice::from_ref(spelled)),
                paths.index_file(std::slice::from_ref(&lib)),
                "{}",
                spelled.display()
            );
        }
        assert_ne!(
            paths.index_file(std::slice::from_ref(&other)),
            paths.index_file(std::slice::from_ref(&lib))
        );
        assert_ne!(
            paths.index_file(&[lib.clone(), other]),
            paths.index_file(&[lib])
        );

        let flagged = Paths::resolve_with(Some(Path::new("/x.toml")), env).expect("resolves");
        assert_eq!(flagged.config_file, PathBuf::from("/x.toml"));
        assert!(flagged.config_explicit);
    }
}
