//! What the process was started with and what may stop it: interrupted runs leave no
//! temporary file (while an output is being written, SIGINT, SIGTERM and SIGHUP remove
//! its temporary file before the process ends), and a closed standard output is noticed.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The temporary files being written now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static WATCHER: OnceLock<()> = OnceLock::new();
static STDOUT_OPEN: OnceLock<bool> = OnceLock::new();

/// Notes whether standard output was open when quire started. Rust's runtime reopens a
/// closed standard descriptor on `/dev/null` (read-write) before `main`, so a closed one
/// (`>&-`) shows as `/dev/null` opened read-write; a shell's `> /dev/null` opens it
/// write-only, and stays a success.
pub fn note_stdout() {
    STDOUT_OPEN.get_or_init(|| {
        #[cfg(unix)]
        {
            use nix::fcntl::{fcntl, FcntlArg, OFlag};
            use nix::sys::stat::{fstat, stat};
            let out = std::io::stdout();
            let (Ok(st), Ok(null)) = (fstat(&out), stat("/dev/null")) else {
                return true;
            };
            // The same file as `/dev/null` (compared by identity: on some machines it is
            // not even a device).
            let is_null = st.st_dev == null.st_dev && st.st_ino == null.st_ino;
            let read_write = fcntl(&out, FcntlArg::F_GETFL)
                .is_ok_and(|fl| OFlag::from_bits_truncate(fl) & OFlag::O_ACCMODE == OFlag::O_RDWR);
            !(is_null && read_write)
        }
        #[cfg(not(unix))]
        {
            true
        }
    });
}

/// Whether standard output was open when the process started.
pub fn stdout_was_open() -> bool {
    *STDOUT_OPEN.get().unwrap_or(&true)
}

/// Registers a temporary file for removal if a signal ends the run before it is renamed
/// into place; dropping the guard unregisters it.
pub struct Pending {
    path: PathBuf,
}

impl Pending {
    pub fn new(path: &Path) -> Self {
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(path.to_path_buf());
        }
        Pending {
            path: path.to_path_buf(),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            pending.retain(|p| p != &self.path);
        }
    }
}

/// Starts, once and only for runs that write a file, the thread that waits for signals.
/// It is small and allocates almost nothing: a second thread is not free for a small post.
pub fn watch() {
    WATCHER.get_or_init(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("signals".into())
                .stack_size(64 * 1024)
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        if let Ok(pending) = PENDING.lock() {
                            for p in pending.iter() {
                                let _ = std::fs::remove_file(p);
                            }
                        }
                        std::process::exit(128 + signal);
                    }
                });
        }
    });
}
