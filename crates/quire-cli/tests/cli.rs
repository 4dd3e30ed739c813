//! Command tests written as files (`tests/cli/*.md` at the workspace root), run against the
//! real `quire` binary, each in a fresh temporary folder.
//!
//! A case file is free text, then sections that start with a `=== ` line:
//! - `=== file NAME`: written into the folder before the run; `=== dir NAME`: a folder;
//! - `=== symlink NAME`: a symbolic link, to the path in its body (Unix);
//! - `=== stdin`: piped to the command;
//! - `=== run`: the command line (`quire ...`; double quotes group words);
//! - `=== cwd NAME`: run it in that folder of the case's (default: the case's folder);
//! - `=== exit N`: the expected exit code (default 0);
//! - `=== stdout` / `=== stderr`: the exact expected output;
//! - `=== stdout-contains` / `=== stderr-contains`: lines that must each appear;
//! - `=== expect NAME`: the exact content of a file after the run;
//! - `=== absent NAME`: a file that must not exist after the run;
//! - `=== exists NAME`: a file that must exist after the run (binary outputs).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Section {
    kind: String,
    arg: String,
    body: String,
}

fn parse(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let flush = |out: &mut Vec<Section>, lines: &mut Vec<&str>| {
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        if let Some(s) = out.last_mut() {
            s.body = lines.iter().map(|l| format!("{l}\n")).collect();
        }
        lines.clear();
    };
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("=== ") {
            flush(&mut out, &mut lines);
            let (kind, arg) = header.split_once(' ').unwrap_or((header, ""));
            out.push(Section {
                kind: kind.to_owned(),
                arg: arg.trim().to_owned(),
                body: String::new(),
            });
        } else if !out.is_empty() {
            lines.push(line);
        }
    }
    flush(&mut out, &mut lines);
    out
}

fn split_command(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut has = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                has = true;
            }
            c if c.is_whitespace() && !quoted => {
                if has {
                    words.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            c => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        words.push(cur);
    }
    words
}

fn quire(dir: &Path, args: &[String], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Cases never reach for the network: remote images stay links.
        .env("QUIRE_OFFLINE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // A command that fails before reading its input closes the pipe: not the test's error.
    match pipe.write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run_case(path: &Path) -> Result<(), String> {
    let sections = parse(&std::fs::read_to_string(path).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut stdin = String::new();
    let mut command = None;
    let mut cwd = dir.path().to_path_buf();
    for s in &sections {
        match s.kind.as_str() {
            "file" => {
                let p = dir.path().join(&s.arg);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, &s.body).unwrap();
            }
            "dir" => std::fs::create_dir_all(dir.path().join(&s.arg)).unwrap(),
            #[cfg(unix)]
            "symlink" => {
                let p = dir.path().join(&s.arg);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(s.body.trim(), p).unwrap();
            }
            "stdin" => stdin = s.body.clone(),
            "run" => command = Some(s.body.trim().to_owned()),
            "cwd" => cwd = dir.path().join(&s.arg),
            _ => {}
        }
    }
    let command = command.ok_or("no `=== run` section")?;
    let words = split_command(&command);
    if words.first().map(String::as_str) != Some("quire") {
        return Err(format!("the command must start with `quire`: {command}"));
    }
    let (code, stdout, stderr) = quire(&cwd, &words[1..], &stdin);

    let mut problems = Vec::new();
    let expected_code: i32 = sections
        .iter()
        .find(|s| s.kind == "exit")
        .map_or(0, |s| s.arg.parse().unwrap());
    if code != expected_code {
        problems.push(format!("exit code {code}, expected {expected_code}"));
    }
    for s in &sections {
        match s.kind.as_str() {
            "stdout" if stdout != s.body => problems.push(format!(
                "stdout differs:\n--- expected\n{}--- actual\n{stdout}",
                s.body
            )),
            "stderr" if stderr != s.body => problems.push(format!(
                "stderr differs:\n--- expected\n{}--- actual\n{stderr}",
                s.body
            )),
            "stdout-contains" | "stderr-contains" => {
                let hay = if s.kind == "stdout-contains" {
                    &stdout
                } else {
                    &stderr
                };
                for line in s.body.lines().filter(|l| !l.is_empty()) {
                    if !hay.contains(line) {
                        problems.push(format!("{} lacks {line:?}; it was:\n{hay}", &s.kind[..6]));
                    }
                }
            }
            "expect" => match std::fs::read_to_string(dir.path().join(&s.arg)) {
                Ok(content) if content == s.body => {}
                Ok(content) => problems.push(format!(
                    "{} differs:\n--- expected\n{}--- actual\n{content}",
                    s.arg, s.body
                )),
                Err(e) => problems.push(format!("{}: {e}", s.arg)),
            },
            "exists" if !dir.path().join(&s.arg).is_file() => {
                problems.push(format!("{} was not written", s.arg))
            }
            "absent" if dir.path().join(&s.arg).exists() => {
                problems.push(format!("{} exists but should not", s.arg))
            }
            _ => {}
        }
    }
    // No temporary file may be left behind by a failed or successful write.
    let leftovers: Vec<PathBuf> = walk(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".quire-"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("temporary files left: {leftovers:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("stderr was:\n{stderr}\n{}", problems.join("\n")))
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        // Symbolic links are not followed: a case may link a folder to itself.
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn command_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cli");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected the command cases in {}",
        dir.display()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run_case(c)
                .err()
                .map(|e| format!("== {}\n{e}", c.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} command cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Bytes that are not text cannot be written in a case file, so these cases live here.
#[test]
fn invalid_utf8_and_binary_input_fail_with_position_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.md"),
        b"---\ntitle: x\n---\ncaf\xE9\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("image.md"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xd8",
    )
    .unwrap();
    for (name, needle) in [
        (
            "latin1.md",
            "latin1.md:4:4: invalid UTF-8 (byte 0xE9 at offset 20)",
        ),
        ("image.md", "binary file"),
    ] {
        let args: Vec<String> = ["convert", name, "-o", "out.txt"]
            .map(String::from)
            .to_vec();
        let (code, _, stderr) = quire(dir.path(), &args, "");
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(needle), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
        assert!(!dir.path().join("out.txt").exists());
    }
}

#[test]
fn utf16_post_converts() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\r\ntitle: Wide\r\n---\r\n\r\nHello\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("u16.md"), bytes).unwrap();
    let args: Vec<String> = ["convert", "u16.md", "--to", "text"]
        .map(String::from)
        .to_vec();
    let (code, stdout, _) = quire(dir.path(), &args, "");
    assert_eq!(code, 0);
    assert_eq!(stdout, "Wide\n====\n\nHello\n");
}

#[test]
fn version_is_printed() {
    let (code, stdout, _) = quire(Path::new("."), &["--version".to_owned()], "");
    assert_eq!(code, 0);
    assert!(stdout.starts_with("quire "), "{stdout}");
}

/// Regression: outputs were written with the temporary file's private mode (0600).
#[cfg(unix)]
#[test]
fn regression_output_file_gets_default_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.md"), "x\n").unwrap();
    let args: Vec<String> = ["convert", "p.md", "-o", "p.txt"]
        .map(String::from)
        .to_vec();
    let (code, _, _) = quire(dir.path(), &args, "");
    assert_eq!(code, 0);
    let mode = std::fs::metadata(dir.path().join("p.txt"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    // 0666 less the umask of the test process: group and others can read, as with any new file.
    assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
}

fn quire_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn bundles_are_reproducible_with_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/b.md"),
        "---\ntitle: Later\ndate: 2020-05-01\n---\n## Two\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Earlier\ndate: 2019-01-01\n---\nSee [later](b.md).\n",
    )
    .unwrap();
    let env = [("SOURCE_DATE_EPOCH", "1700000000")];
    let (c1, _, e1) = quire_env(
        dir.path(),
        &["bundle", "posts", "-o", "one.epub", "--title", "Book"],
        &env,
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (c2, _, _) = quire_env(
        dir.path(),
        &["bundle", "posts", "-o", "two.epub", "--title", "Book"],
        &env,
    );
    assert_eq!((c1, c2), (0, 0), "{e1}");
    let one = std::fs::read(dir.path().join("one.epub")).unwrap();
    assert_eq!(
        one,
        std::fs::read(dir.path().join("two.epub")).unwrap(),
        "two builds differ"
    );
    let opf = zip_entry(&dir.path().join("one.epub"), "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
    // Oldest first by default, and the link between posts points at the chapter.
    let nav = zip_entry(&dir.path().join("one.epub"), "OEBPS/nav.xhtml");
    assert!(
        nav.find("Earlier").unwrap() < nav.find("Later").unwrap(),
        "{nav}"
    );
    assert!(
        zip_entry(&dir.path().join("one.epub"), "OEBPS/post-001.xhtml")
            .contains("href=\"post-002.xhtml\"")
    );
    // `--order given` follows the command line.
    let (c3, _, _) = quire_env(
        dir.path(),
        &[
            "bundle",
            "posts/b.md",
            "posts/a.md",
            "-o",
            "given.epub",
            "--order",
            "given",
        ],
        &env,
    );
    assert_eq!(c3, 0);
    let nav = zip_entry(&dir.path().join("given.epub"), "OEBPS/nav.xhtml");
    assert!(
        nav.find("Later").unwrap() < nav.find("Earlier").unwrap(),
        "{nav}"
    );
}

/// Deep nesting converts to every format whichever thread runs it: the main thread (the
/// usual 8 MiB stack limit) or the large-stack worker (a small limit, here 1 MiB).
#[cfg(unix)]
#[test]
fn deep_nesting_converts_on_the_main_thread_and_on_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let mut post = String::new();
    for depth in 0..600 {
        post.push_str(&"> ".repeat(depth % 200));
        post.push_str(&"- ".repeat(depth % 50));
        post.push_str("*a [b](c) `d`*\n");
    }
    std::fs::write(dir.path().join("deep.md"), post).unwrap();
    // The test's own limit (usually 8 MiB: the main thread), then 1 MiB (the worker).
    for ulimit in ["", "ulimit -s 1024 && "] {
        for to in ["html", "txt", "json", "epub", "pdf"] {
            let script = format!("{ulimit}exec \"$0\" convert deep.md -o deep.{to} --quiet");
            let out = Command::new("sh")
                .args(["-c", &script, env!("CARGO_BIN_EXE_quire")])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{ulimit}{to}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Regression: SIGTERM or SIGINT while the output was being written left
/// `.quire-XXXXXX.tmp` beside it (5 of 5 tries). The temporary file is removed on those
/// signals: the test waits until it exists, signals, and checks nothing is left.
#[cfg(unix)]
#[test]
fn regression_a_signal_during_the_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let para = "A paragraph of words that the text writer wraps at seventy-two columns. ".repeat(8);
    let post = format!("{para}\n\n").repeat(40_000);
    std::fs::write(dir.path().join("big.md"), post).unwrap();
    for signal in ["TERM", "INT"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["convert", "big.md", "-o", "big.txt"])
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let tmp = |d: &Path| {
            std::fs::read_dir(d)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".quire-"))
        };
        let started = std::time::Instant::now();
        let mut signalled = false;
        while started.elapsed() < std::time::Duration::from_secs(60) {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if tmp(dir.path()) {
                // The file exists for the whole write of some 24 MB and its sync.
                std::thread::sleep(std::time::Duration::from_millis(5));
                let _ = Command::new("kill")
                    .args([format!("-{signal}"), child.id().to_string()])
                    .status();
                signalled = true;
                break;
            }
        }
        let status = child.wait().unwrap();
        assert!(!tmp(dir.path()), "SIG{signal}: a temporary file was left");
        if signalled && status.code().is_some() {
            let expected = if signal == "TERM" { 143 } else { 130 };
            assert_eq!(status.code(), Some(expected), "SIG{signal}");
        }
        let _ = std::fs::remove_file(dir.path().join("big.txt"));
    }
}

/// Regression: with standard output closed (`quire ... >&-`) quire exited 0 and the
/// output was lost: Rust's standard library ignores writes to a closed descriptor.
#[cfg(unix)]
#[test]
fn regression_a_closed_standard_output_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n").unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' convert post.md --to text >&-",
            env!("CARGO_BIN_EXE_quire")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output is closed"));
}

/// `-f commonmark` is the CommonMark spec, strictly: every example of the spec, piped
/// through the command line, gives the spec's HTML (normalized as the spec's own tests do).
#[test]
fn commonmark_spec_passes_from_the_command_line() {
    use quire_testkit::spec::{normalize, parse_spec, spec_dir};
    let path = spec_dir().join("commonmark+commonmark-spec/spec.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: no spec at {}", path.display());
        return;
    };
    let examples = parse_spec(&text);
    assert!(examples.len() > 600, "{} examples", examples.len());
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<String> = ["convert", "-f", "commonmark", "--fragment", "--quiet"]
        .map(String::from)
        .to_vec();
    let failed: Vec<String> = examples
        .iter()
        .filter_map(|e| {
            let (code, stdout, stderr) = quire(dir.path(), &args, &e.markdown);
            (code != 0 || normalize(&stdout) != normalize(&e.html)).then(|| {
                format!(
                    "example {} ({}): exit {code}\n  markdown: {:?}\n  expected: {}\n  actual:   {}\n{stderr}",
                    e.number,
                    e.section,
                    e.markdown,
                    normalize(&e.html),
                    normalize(&stdout)
                )
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} examples fail:\n{}",
        failed.len(),
        examples.len(),
        failed.join("\n")
    );
}

/// `-o FIFO` writes into the FIFO, read by a concurrent reader, and the FIFO stays one.
/// Regression: the atomic rename replaced FIFOs and device nodes with regular files.
#[cfg(unix)]
#[test]
fn regression_output_to_a_fifo_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n\nHello.\n").unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["convert", "post.md", "--to", "text", "-o", "out.fifo"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(reader.join().unwrap(), "Post\n====\n\nHello.\n");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".quire-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `-o >(cat)`: the shell's process substitution is a `/dev/fd/N` pipe.
#[cfg(unix)]
#[test]
fn output_to_a_process_substitution() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("skipping: no bash");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n").unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' convert post.md --to text -o >(cat > got.txt); wait $!",
            env!("CARGO_BIN_EXE_quire")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `wait $!` waits for the substitution's `cat`.
    let got = std::fs::read_to_string(dir.path().join("got.txt")).unwrap();
    assert_eq!(got, "Post\n====\n");
}

/// `-o /dev/stdout`, standard output a pipe: written in place, and `/dev/stdout` stays a
/// link (a run as root once replaced it with a regular file).
#[cfg(unix)]
#[test]
fn regression_output_to_dev_stdout_writes_into_the_pipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n").unwrap();
    let before = std::fs::symlink_metadata("/dev/stdout").map(|m| m.file_type());
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["convert", "post.md", "--to", "text", "-o", "/dev/stdout"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Post\n====\n");
    let after = std::fs::symlink_metadata("/dev/stdout").map(|m| m.file_type());
    assert_eq!(before.ok(), after.ok(), "/dev/stdout changed");
}

/// An existing output that is read-only (0444) is an error, even for root, and is left as
/// it was: a rename would have replaced it silently.
#[cfg(unix)]
#[test]
fn read_only_output_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n").unwrap();
    let out = dir.path().join("out.txt");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let args: Vec<String> = ["convert", "post.md", "-o", "out.txt"]
        .map(String::from)
        .to_vec();
    let (code, _, stderr) = quire(dir.path(), &args, "");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("out.txt: cannot write: permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
}

/// `-N` numbers are in the model, so the EPUB's contents and the PDF's outline show them.
#[test]
fn number_sections_reach_the_epub_contents_and_the_pdf_outline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.md"),
        "# The talk\n\n## Intro\n\nText.\n\n### Why\n\n## End\n",
    )
    .unwrap();
    for out in ["n.epub", "n.pdf"] {
        let (code, _, stderr) = quire_env(dir.path(), &["convert", "n.md", "-N", "-o", out], &[]);
        assert_eq!(code, 0, "{stderr}");
    }
    let nav = zip_entry(&dir.path().join("n.epub"), "OEBPS/nav.xhtml");
    // The ebook's contents go one level below the title.
    for entry in ["1 Intro", "2 End"] {
        assert!(nav.contains(entry), "{entry} not in {nav}");
    }
    let pdf = std::fs::read(dir.path().join("n.pdf")).unwrap();
    for title in ["(1 Intro)", "(1.1 Why)", "(2 End)"] {
        assert!(
            pdf.windows(title.len()).any(|w| w == title.as_bytes()),
            "outline lacks {title}"
        );
    }
}

/// A PDF or EPUB is never written to a terminal (the bytes would garble it); text is.
/// `script` gives the command a pseudo-terminal; its log goes to the temporary folder.
#[cfg(unix)]
#[test]
fn binary_output_to_a_terminal_is_refused() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipping: no script(1)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "# Post\n").unwrap();
    for (to, code) in [("pdf", 2), ("epub", 2), ("text", 0)] {
        let out = Command::new("script")
            .args(["-qec"])
            .arg(format!(
                "'{}' convert post.md --to {to}",
                env!("CARGO_BIN_EXE_quire")
            ))
            .arg(dir.path().join("typescript"))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{to}: {shown}");
        if code == 2 {
            assert!(shown.contains("will not write"), "{to}: {shown}");
        }
    }
}

/// One configuration: a `quire.toml` above the bundled folder (up to the site root) sets
/// the order by path, numbers, metadata and the PDF's paper; the command line wins.
#[test]
fn bundle_config_in_a_parent_sets_order_numbers_metadata_and_paper() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("site/.git")).unwrap();
    std::fs::create_dir_all(root.join("site/posts/2015")).unwrap();
    std::fs::create_dir_all(root.join("site/posts/2016")).unwrap();
    std::fs::write(
        root.join("site/quire.toml"),
        "order = \"name\"\nnumber-sections = true\n\n[metadata]\nlang = \"fr\"\n\n[pdf]\npaper = \"a5\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("site/posts/2016/a.md"),
        "---\ntitle: Later\n---\n## Part\n",
    )
    .unwrap();
    std::fs::write(
        root.join("site/posts/2015/z.md"),
        "---\ntitle: Earlier\n---\n## Part\n",
    )
    .unwrap();
    let (code, _, stderr) = quire_env(root, &["bundle", "site/posts", "-o", "b.epub"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let nav = zip_entry(&root.join("b.epub"), "OEBPS/nav.xhtml");
    // By path: 2015/z.md before 2016/a.md (by file name, a.md would come first).
    assert!(
        nav.find("Earlier").unwrap() < nav.find("Later").unwrap(),
        "{nav}"
    );
    assert!(nav.contains("1 Part"), "{nav}");
    let opf = zip_entry(&root.join("b.epub"), "OEBPS/content.opf");
    assert!(opf.contains(">fr</dc:language>"), "{opf}");

    let media_box = |name: &str| {
        let pdf = std::fs::read(root.join(name)).unwrap();
        let text = String::from_utf8_lossy(&pdf).into_owned();
        let at = text.find("/MediaBox").expect("a MediaBox");
        text[at..at + 40].to_owned()
    };
    let (code, _, stderr) = quire_env(root, &["bundle", "site/posts", "-o", "a5.pdf"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = quire_env(
        root,
        &[
            "bundle",
            "site/posts",
            "-o",
            "letter.pdf",
            "--paper",
            "letter",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        media_box("a5.pdf").contains("419."),
        "{}",
        media_box("a5.pdf")
    );
    assert!(
        media_box("letter.pdf").contains("612"),
        "{}",
        media_box("letter.pdf")
    );
}

/// `quire watch`: a changed post shows in the output within 2 s; a broken edit prints the
/// error and keeps the last good output; each rebuild prints one line with its time.
#[test]
fn watch_rebuilds_on_change_and_keeps_the_last_good_output() {
    use std::io::{BufRead, BufReader};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    let out = dir.path().join("post.txt");
    std::fs::write(&post, "# One\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["watch", "post.md", "-o", "post.txt"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |pred: &dyn Fn() -> bool| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if pred() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    let read = || std::fs::read_to_string(&out).unwrap_or_default();
    let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        first.starts_with("wrote post.txt in ") && first.ends_with(" ms"),
        "{first}"
    );
    assert_eq!(read(), "One\n===\n");

    std::fs::write(&post, "# Two\n").unwrap();
    let changed = wait_for(&|| read() == "Two\n===\n");

    std::fs::write(&post, "---\ntitle: [broken\n---\n").unwrap();
    let error = rx
        .iter()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_default();
    let kept = read();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        changed,
        "the output did not change within 2 s: {:?}",
        read()
    );
    assert!(error.contains("post.md:3:1: invalid YAML"), "{error}");
    assert_eq!(kept, "Two\n===\n", "the last good output was not kept");
}
