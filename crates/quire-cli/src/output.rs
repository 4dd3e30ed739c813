//! Writing results: atomically to files, or to standard output.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::fail::Failure;

/// Where an output path leads, decided before the conversion runs so that a wrong `-o` is
/// reported at once rather than after a long typesetting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file (or a new one): written through a temporary file and renamed into
    /// place. The path is where the rename goes: a symbolic link is followed, so the link
    /// stays a link.
    Regular(PathBuf),
    /// A FIFO, a device, a socket or a descriptor (`/dev/stdout`, `>(cat)`): written into,
    /// in place. Renaming over such a node would replace it with a regular file.
    Special(PathBuf),
}

/// Checks that `path` can be written and says how: the folder exists, the path is not a
/// folder, and an existing file is writable. The mode bits are checked as well as the
/// system's answer: root may write anything, but a 0444 file was made read-only on
/// purpose, and replacing it silently (as a rename would) is not what the user meant.
pub fn check_target(path: &Path) -> Result<Target, Failure> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Failure::conversion(format!(
            "{shown}: is a folder, not a file"
        ))
        .hint("give -o a file name, e.g. -o out/post.txt")),
        Ok(meta) if !meta.is_file() => Ok(Target::Special(path.to_path_buf())),
        Ok(meta) => {
            // `/dev/stdout` redirected to a file, `/dev/fd/N`, `/proc/self/fd/N`: the
            // descriptor's file is written in place, as the shell that opened it expects.
            if is_descriptor_path(path) {
                return Ok(Target::Special(path.to_path_buf()));
            }
            if meta.permissions().readonly() || !writable(path) {
                return Err(Failure::conversion(format!(
                    "{shown}: cannot write: permission denied (the file is read-only)"
                ))
                .hint(format!(
                    "make it writable (chmod u+w {shown}) or choose another -o file"
                )));
            }
            // A symbolic link to a regular file: the file it points to is replaced, and
            // the link stays.
            let real = if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) {
                path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
            } else {
                path.to_path_buf()
            };
            check_folder(&real)?;
            Ok(Target::Regular(real))
        }
        Err(_) => {
            check_folder(path)?;
            Ok(Target::Regular(path.to_path_buf()))
        }
    }
}

/// Paths that name an open descriptor rather than a file of their own.
fn is_descriptor_path(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"]
        .iter()
        .any(|p| path.to_string_lossy().starts_with(p))
}

/// Whether this user may write the file (the mode bits were checked already; this asks
/// the system about owner, group and ACLs).
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        nix::unistd::access(path, nix::unistd::AccessFlags::W_OK).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

fn check_folder(path: &Path) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Failure::conversion(format!(
            "{}: the output folder does not exist",
            dir.display()
        ))
        .hint(format!("create it first: mkdir -p {}", dir.display())));
    }
    Ok(())
}

/// Writes `bytes` to `path`: a regular file through a temporary file in the same folder,
/// renamed into place only when complete (a failed run leaves neither a partial file nor a
/// clobbered old one); a FIFO, device or descriptor in place ([`Target::Special`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    match check_target(path)? {
        Target::Special(p) => write_in_place(&p, bytes),
        Target::Regular(p) => write_renamed(&p, bytes),
    }
}

fn write_in_place(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let io =
        |e: std::io::Error| Failure::conversion(format!("{}: cannot write: {e}", path.display()));
    // No `create`: the node exists, and if it vanished since, a new regular file is not
    // what the user named. `truncate` matters for `/dev/stdout` redirected to a file and
    // is ignored by FIFOs and devices.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(io)?;
    match file.write_all(bytes).and_then(|()| file.flush()) {
        // The reader of a FIFO or pipe went away, as with `| head`.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(io),
    }
}

fn write_renamed(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let io =
        |e: std::io::Error| Failure::conversion(format!("{}: cannot write: {e}", path.display()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".quire-").suffix(".tmp");
    // A temporary file is private (0600); the output should get what any new file gets
    // (0666 less the umask), as if it had been written directly.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // The signal watcher runs before the file exists, so the file is never unwatched
    // for longer than the registration takes.
    crate::interrupt::watch();
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    let _pending = crate::interrupt::Pending::new(tmp.path());
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Writes to standard output; a closed pipe (`| head`) is not an error, but a closed
/// standard output (`>&-`) is: Rust's standard library would silently drop the bytes.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    if !crate::interrupt::stdout_was_open() {
        anyhow::bail!("standard output is closed: nothing was written");
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
