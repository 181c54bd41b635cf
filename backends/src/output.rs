//! Rendered files, and writing them atomically.

use crate::error::{Error, ErrorKind};
use std::fs;
use std::io::Write;
use std::path::Path;

/// One rendered file, with its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The relative path, `/`-separated.
    pub path: String,
    /// The contents.
    pub contents: String,
}

/// Writes every file under `dir`, each to a temporary file that is then renamed into place,
/// so a failure never leaves a half-written file. Everything is rendered before this is
/// called, so a rendering error writes nothing at all.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::from(ErrorKind::Io { path, source })
    };
    fs::create_dir_all(dir).map_err(io(dir))?;
    for file in files {
        let target = dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let written = fs::File::create(&temp).and_then(|mut f| {
            f.write_all(file.contents.as_bytes())?;
            f.sync_all()
        });
        if let Err(source) = written.and_then(|()| fs::rename(&temp, &target)) {
            let _ = fs::remove_file(&temp);
            return Err(io(&target)(source));
        }
    }
    Ok(())
}
