//! Images on disk: how a URL written in a post becomes a file.
//!
//! - `/images/x.png` (site root; also `~/images/x.png` and `@Model.Root/images/x.png`):
//!   each `--resource-path` folder, then the post's folder and each of its parents.
//! - `x.png`, `../x.png`: the post's folder, then each `--resource-path` folder.
//!
//! `?query` and `#fragment` are ignored and `%20`-style escapes decoded.

use std::path::{Path, PathBuf};

use quire_core::resource::is_remote;
use quire_core::{Resource, ResourceError, Resources};

/// Largest resource read into memory; bigger files are refused rather than embedded.
const MAX_RESOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Resources read from the file system.
#[derive(Debug, Clone)]
pub struct FsResources {
    post_dir: PathBuf,
    search: Vec<PathBuf>,
}

impl FsResources {
    /// Resources for a post in `post_dir`, with extra `--resource-path` folders.
    pub fn new(post_dir: PathBuf, search: Vec<PathBuf>) -> Self {
        FsResources { post_dir, search }
    }

    /// Every file the URL could name, in the order they are tried.
    fn candidates(&self, url: &str) -> Vec<PathBuf> {
        let path = clean(url);
        let site_root = path
            .strip_prefix("~/")
            .or_else(|| path.strip_prefix("@Model.Root/"))
            .or_else(|| path.strip_prefix('/'));
        match site_root {
            Some(rel) => {
                let rel = rel.trim_start_matches('/');
                let mut out: Vec<PathBuf> = self.search.iter().map(|d| d.join(rel)).collect();
                out.extend(self.post_dir.ancestors().map(|d| d.join(rel)));
                out
            }
            None => std::iter::once(self.post_dir.join(&path))
                .chain(self.search.iter().map(|d| d.join(&path)))
                .collect(),
        }
    }

    fn find(&self, url: &str) -> Result<PathBuf, ResourceError> {
        if is_remote(url) {
            return Err(ResourceError::Remote(url.to_owned()));
        }
        let candidates = self.candidates(url);
        if let Some(found) = candidates.iter().find(|p| p.is_file()) {
            return Ok(found.clone());
        }
        let mut dirs: Vec<String> = self
            .search
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        dirs.push(format!("{} and its parents", display_dir(&self.post_dir)));
        Err(ResourceError::NotFound {
            url: url.to_owned(),
            tried: dirs.join(", "),
        })
    }
}

fn display_dir(p: &Path) -> String {
    if p.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        p.display().to_string()
    }
}

impl Resources for FsResources {
    fn locate(&self, url: &str) -> Result<String, ResourceError> {
        self.find(url).map(|p| p.display().to_string())
    }

    fn load(&self, url: &str) -> Result<Resource, ResourceError> {
        let path = self.find(url)?;
        let io = |e: std::io::Error| ResourceError::Io {
            url: url.to_owned(),
            message: e.to_string(),
        };
        let size = std::fs::metadata(&path).map_err(io)?.len();
        if size > MAX_RESOURCE_BYTES {
            return Err(ResourceError::Io {
                url: url.to_owned(),
                message: format!(
                    "{} is {} MB, more than the {} MB limit",
                    path.display(),
                    size >> 20,
                    MAX_RESOURCE_BYTES >> 20
                ),
            });
        }
        let bytes = std::fs::read(&path).map_err(io)?;
        Ok(Resource::new(path.display().to_string(), bytes))
    }
}

/// The path part of a URL, decoded.
fn clean(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    percent_decode(&url[..end])
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_root_paths_search_resource_paths_then_parents() {
        let r = FsResources::new(
            PathBuf::from("blog/BlogContent/blog/2016"),
            vec![PathBuf::from("static")],
        );
        let c = r.candidates("/images/a.jpg?v=2");
        assert_eq!(c[0], PathBuf::from("static/images/a.jpg"));
        assert_eq!(
            c[1],
            PathBuf::from("blog/BlogContent/blog/2016/images/a.jpg")
        );
        assert!(c.contains(&PathBuf::from("blog/BlogContent/images/a.jpg")));
        assert_eq!(
            r.candidates("~/images/a.png")[0],
            PathBuf::from("static/images/a.png")
        );
        assert_eq!(
            r.candidates("@Model.Root/img/me.jpg")[0],
            PathBuf::from("static/img/me.jpg")
        );
    }

    #[test]
    fn relative_paths_start_at_the_post() {
        let r = FsResources::new(PathBuf::from("posts"), vec![PathBuf::from("assets")]);
        assert_eq!(
            r.candidates("my%20pic.png#x"),
            [
                PathBuf::from("posts/my pic.png"),
                PathBuf::from("assets/my pic.png")
            ]
        );
        // A `%` before a multi-byte character is not an escape, and must not panic.
        assert_eq!(clean("a%é%2"), "a%é%2");
    }

    #[test]
    fn finds_files_and_reports_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/images")).unwrap();
        std::fs::create_dir_all(dir.path().join("site/blog/2016")).unwrap();
        std::fs::write(dir.path().join("site/images/a.png"), b"\x89PNG").unwrap();
        let r = FsResources::new(dir.path().join("site/blog/2016"), Vec::new());
        assert!(r
            .locate("/images/a.png")
            .unwrap()
            .ends_with("site/images/a.png"));
        assert_eq!(r.load("/images/a.png").unwrap().bytes, b"\x89PNG");
        let err = r.locate("/images/missing.png").unwrap_err();
        assert!(matches!(err, ResourceError::NotFound { .. }));
        assert!(matches!(
            r.locate("https://x/a.png"),
            Err(ResourceError::Remote(_))
        ));
    }
}
