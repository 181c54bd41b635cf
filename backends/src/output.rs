//! Rendered files, and writing them atomically.

use crate::error::{Error, ErrorKind};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One rendered file, with its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The relative path, `/`-separated.
    pub path: String,
    /// The contents.
    pub contents: String,
}

/// Files written at the same time. Each file is synced to disk before it is renamed into
/// place, and a sync waits on the disk rather than the CPU: written one after another, the 79
/// syncs of a 1,000-spoke CloudFormation output took 90 ms on ext4, a third of the run. Writers
/// in parallel overlap those waits (the filesystem commits concurrent syncs together).
const WRITERS: usize = 8;

/// Writes every file under `dir`, each to a temporary file that is then renamed into place,
/// so a failure never leaves a half-written file. Everything is rendered before this is
/// called, so a rendering error writes nothing at all; and every temporary file is written
/// and synced before the first rename, so a failure to write one (a full disk) changes no
/// file either.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let mut places = Vec::with_capacity(files.len());
    for file in files {
        let target = dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        places.push((target, temp));
    }
    let chunk = files.len().div_ceil(WRITERS).max(1);
    let failed: Vec<Error> = std::thread::scope(|scope| {
        let writers: Vec<_> = files
            .chunks(chunk)
            .zip(places.chunks(chunk))
            .map(|(files, places)| scope.spawn(move || write_temps(files, places)))
            .collect();
        writers
            .into_iter()
            .filter_map(|writer| writer.join().expect("a writer does not panic").err())
            .collect()
    });
    if let Some(error) = failed.into_iter().next() {
        remove_temps(&places);
        return Err(error);
    }
    for (index, (target, temp)) in places.iter().enumerate() {
        if let Err(source) = fs::rename(temp, target) {
            remove_temps(&places[index..]);
            return Err(io_error(target)(source));
        }
    }
    Ok(())
}

/// Writes and syncs the temporary file of each of `files`, in order; stops at the first
/// failure.
fn write_temps(files: &[OutputFile], places: &[(PathBuf, PathBuf)]) -> Result<(), Error> {
    for (file, (target, temp)) in files.iter().zip(places) {
        fs::File::create(temp)
            .and_then(|mut f| {
                f.write_all(file.contents.as_bytes())?;
                f.sync_all()
            })
            .map_err(io_error(target))?;
    }
    Ok(())
}

/// Removes the temporary files that exist (best effort: the error reported is the one that
/// stopped the writing).
fn remove_temps(places: &[(PathBuf, PathBuf)]) {
    for (_, temp) in places {
        let _ = fs::remove_file(temp);
    }
}

/// Turns an I/O failure on `path` into the crate's error.
fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::from(ErrorKind::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            contents: contents.to_string(),
        }
    }

    /// Every entry under `dir`, as `/`-separated paths relative to it, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push(relative.replace('\\', "/"));
                if path.is_dir() {
                    walk(root, &path, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    /// More files than writers, some in subdirectories, one replacing an older file: each
    /// holds its contents, and no temporary file is left.
    #[test]
    fn every_file_is_written_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f3.json"), "old").unwrap();
        let mut files: Vec<OutputFile> = (0..3 * WRITERS + 1)
            .map(|i| file(&format!("f{i}.json"), &format!("contents {i}")))
            .collect();
        files.push(file("roots/a/main.tf", "a"));
        files.push(file("roots/b/main.tf", "b"));
        write_files(dir.path(), &files).unwrap();
        for f in &files {
            assert_eq!(
                fs::read_to_string(dir.path().join(&f.path)).unwrap(),
                f.contents
            );
        }
        let mut want: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        want.extend(["roots", "roots/a", "roots/b"].map(String::from));
        want.sort();
        assert_eq!(listing(dir.path()), want);
    }

    /// A file that cannot be put in place (a directory stands at its path) fails with that
    /// path, and leaves no temporary file behind.
    #[test]
    fn a_failure_names_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("b.json/inside")).unwrap();
        let files = [
            file("a.json", "a"),
            file("b.json", "b"),
            file("c.json", "c"),
        ];
        let error = write_files(dir.path(), &files).unwrap_err();
        match error.kind() {
            ErrorKind::Io { path, .. } => assert_eq!(path, &dir.path().join("b.json")),
            other => panic!("{other:?}"),
        }
        let left = listing(dir.path());
        assert!(
            left.iter().all(|p| !p.contains(".tmp-")),
            "temporary files left: {left:?}"
        );
        assert!(!dir.path().join("c.json").exists(), "{left:?}");
    }

    /// A file whose directory cannot be made (a file stands at its path) fails before any
    /// file is written.
    #[test]
    fn a_directory_that_cannot_be_made_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("roots"), "a file").unwrap();
        let files = [file("a.json", "a"), file("roots/x/main.tf", "x")];
        let error = write_files(dir.path(), &files).unwrap_err();
        match error.kind() {
            ErrorKind::Io { path, .. } => assert_eq!(path, &dir.path().join("roots/x")),
            other => panic!("{other:?}"),
        }
        assert_eq!(listing(dir.path()), ["roots"]);
    }
}
