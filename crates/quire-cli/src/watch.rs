//! `quire watch`: convert a post, then again whenever what it is made of changes.
//!
//! The post's folder is watched (not the file: editors save by writing a new file and
//! renaming it over the old one, which a watch on the file itself would lose), and so are
//! the folders of `--css` files and `--resource-path`. Events are debounced: a save is
//! several events, and one rebuild follows the last of them. Each rebuild writes
//! atomically (`output::write_atomic`), so a viewer never sees half a file, and a broken
//! edit prints its error and leaves the last good output in place.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use quire_core::Diagnostic;

use crate::args::ConvertArgs;
use crate::fail::Failure;

/// How long the files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Builds once, then on every change until interrupted.
pub fn run(args: &ConvertArgs, warn: &mut dyn FnMut(&Diagnostic)) -> Result<(), Failure> {
    let [input] = args.inputs.as_slice() else {
        return Err(
            Failure::usage("quire watch takes one post").hint("quire watch post.md -o post.html")
        );
    };
    if input.as_os_str() == "-" {
        return Err(Failure::usage("cannot watch standard input").hint("name a post file"));
    }
    let Some(output) = args.output.clone().filter(|o| o.as_os_str() != "-") else {
        return Err(
            Failure::usage("quire watch needs -o FILE").hint("quire watch post.md -o post.html")
        );
    };
    if !input.is_file() {
        return Err(
            Failure::conversion(format!("{}: no such post", input.display()))
                .hint("check the path and the current folder"),
        );
    }
    let inputs = Inputs::of(args, input);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event {
            let _ = tx.send(e);
        }
    })
    .map_err(|e| Failure::conversion(format!("cannot watch files: {e}")))?;
    for dir in folders(args, input) {
        watcher
            .watch(&dir, RecursiveMode::NonRecursive)
            .map_err(|e| Failure::conversion(format!("{}: cannot watch: {e}", dir.display())))?;
    }

    build(args, &output, warn);
    loop {
        // Block until something we depend on changes, then until it has been quiet for
        // DEBOUNCE. Only relevant events restart the wait: a viewer reading the output
        // in the same folder must not postpone the rebuild.
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        if !inputs.concern(&first) {
            continue;
        }
        let mut quiet_at = Instant::now() + DEBOUNCE;
        loop {
            let now = Instant::now();
            if now >= quiet_at {
                break;
            }
            match rx.recv_timeout(quiet_at - now) {
                Ok(e) if inputs.concern(&e) => quiet_at = Instant::now() + DEBOUNCE,
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        build(args, &output, warn);
    }
}

/// One rebuild and its line: what was written and how long it took, or the error.
fn build(args: &ConvertArgs, output: &Path, warn: &mut dyn FnMut(&Diagnostic)) {
    let started = Instant::now();
    match crate::convert::run_again(args, warn) {
        Ok(()) => eprintln!(
            "wrote {} in {} ms",
            output.display(),
            started.elapsed().as_millis()
        ),
        Err(f) => eprintln!("error: {f}\n  (the last good {} is kept)", output.display()),
    }
}

/// The folders whose changes matter: the post's, the stylesheets' and the resource paths.
fn folders(args: &ConvertArgs, input: &Path) -> Vec<PathBuf> {
    let parent = |p: &Path| match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut dirs = vec![parent(input)];
    dirs.extend(
        args.css
            .iter()
            .filter(|c| !quire_core::resource::is_remote(c))
            .map(|c| parent(Path::new(c))),
    );
    dirs.extend(args.resource_path.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    dirs.retain(|d| d.is_dir() && seen.insert(d.canonicalize().unwrap_or_else(|_| d.clone())));
    dirs
}

/// What a rebuild depends on: the post, the stylesheets, and images (any image file in a
/// watched folder: which ones the post uses is known only after reading it). Everything
/// else, our own output and its temporary file included, is left alone, so a rebuild never
/// triggers the next one.
struct Inputs {
    files: Vec<PathBuf>,
}

impl Inputs {
    fn of(args: &ConvertArgs, input: &Path) -> Inputs {
        let mut files = vec![absolute(input)];
        files.extend(
            args.css
                .iter()
                .filter(|c| !quire_core::resource::is_remote(c))
                .map(|c| absolute(Path::new(c))),
        );
        Inputs { files }
    }

    fn concern(&self, event: &notify::Event) -> bool {
        const IMAGES: [&str; 8] = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"];
        if event.kind.is_access() {
            return false;
        }
        event.paths.iter().any(|p| {
            let image = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| IMAGES.contains(&e.to_ascii_lowercase().as_str()));
            image || self.files.iter().any(|f| same(f, p))
        })
    }
}

/// The path from the root, without resolving links (the watcher reports them so).
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Two absolute paths, compared without `.` components (the watcher reports `dir/./x`).
fn same(a: &Path, b: &Path) -> bool {
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    clean(a) == clean(b)
}
