//! Writing results: atomically to files, or to standard output.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::fail::Failure;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// only when complete: a failed run leaves neither a partial file nor a clobbered old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
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
    if path.is_dir() {
        return Err(
            Failure::conversion(format!("{}: is a folder, not a file", path.display()))
                .hint("give -o a file name, e.g. -o out/post.txt"),
        );
    }
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
