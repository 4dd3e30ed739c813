//! Images on disk: how a URL written in a post becomes a file.
//!
//! - `/images/x.png` (site root; also `~/images/x.png` and `@Model.Root/images/x.png`):
//!   each `--resource-path` folder, then the post's folder and each of its parents.
//! - `x.png`, `../x.png`: the post's folder, then each `--resource-path` folder.
//!
//! `?query` and `#fragment` are ignored and `%20`-style escapes decoded.
//!
//! Files are read only inside allowed roots: the post's folder, its site root (the nearest
//! parent holding `.git`, `quire.toml` or a static-site config; without one, the working
//! folder when it holds the post), bundle folders and `--resource-path` folders. Paths are canonicalized
//! first, so `../..` and symlinks cannot leave them. `--allow-any-path` lifts the check
//! for trusted posts. Remote `http(s)` images are downloaded (`crate::fetch`) when a
//! [`Fetcher`] is given (not with `--offline`).
//!
//! A site's static folder (Hugo and Zola `static/`, Hexo `source/`, Jekyll the site's root)
//! is searched for site-root paths without `--resource-path`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::fetch::Fetcher;

use quire_core::resource::is_remote;
use quire_core::{Resource, ResourceError, Resources};

/// Largest resource read into memory; bigger files are refused rather than embedded.
const MAX_RESOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Resources read from the file system.
#[derive(Debug, Clone)]
pub struct FsResources {
    post_dir: PathBuf,
    search: Vec<PathBuf>,
    /// Any path may be read (`--allow-any-path`).
    any_path: bool,
    /// Canonical folders given besides the defaults (a bundle's folder).
    extra_roots: Vec<PathBuf>,
    /// The default canonical folders files may be read from, found at the first lookup: a
    /// post without images never needs them, and finding them takes some twenty calls to
    /// the file system.
    roots: OnceLock<Vec<PathBuf>>,
    /// The site's static folder, searched for site-root paths after `--resource-path`.
    static_dir: Option<PathBuf>,
    /// Downloads remote images; `None` with `--offline`.
    fetcher: Option<Arc<Fetcher>>,
}

/// Files that mark the root of a site's source tree.
pub(crate) const SITE_MARKERS: [&str; 7] = [
    ".git",
    "quire.toml",
    "config.toml",
    "hugo.toml",
    "_config.yml",
    "config.fsx",
    "package.json",
];

impl FsResources {
    /// Resources for a post in `post_dir`, with extra `--resource-path` folders, confined
    /// to the default roots (see the module's documentation).
    pub fn new(post_dir: PathBuf, search: Vec<PathBuf>) -> Self {
        FsResources {
            post_dir,
            search,
            any_path: false,
            extra_roots: Vec::new(),
            roots: OnceLock::new(),
            static_dir: None,
            fetcher: None,
        }
    }

    /// Also looks for site-root paths in `dir` (the site's static folder), which may be read.
    pub fn with_static_dir(mut self, dir: PathBuf) -> Self {
        self.extra_roots.extend(canonical_dir(&dir));
        self.static_dir = Some(dir);
        self
    }

    /// Downloads remote images with `fetcher`.
    pub fn with_fetcher(mut self, fetcher: Option<Arc<Fetcher>>) -> Self {
        self.fetcher = fetcher;
        self
    }

    /// The default roots: the search folders, the post's folder and its site's root.
    fn default_roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self
            .search
            .iter()
            .chain(std::iter::once(&self.post_dir))
            .filter_map(|d| canonical_dir(d))
            .collect();
        if let Some(post) = canonical_dir(&self.post_dir) {
            // The site's root bounds the lookup: a marked one, else the working folder
            // when it holds the post (quire run from the site's folder).
            let marked = post
                .ancestors()
                .find(|d| SITE_MARKERS.iter().any(|m| d.join(m).exists()))
                .map(Path::to_path_buf);
            let cwd = std::env::current_dir()
                .ok()
                .and_then(|c| c.canonicalize().ok())
                .filter(|c| post.starts_with(c));
            roots.extend(marked.or(cwd));
        }
        roots
    }

    /// Also allows files under `root` (a bundle's folder).
    pub fn with_root(mut self, root: &Path) -> Self {
        self.extra_roots.extend(canonical_dir(root));
        self
    }

    /// Allows any path (`--allow-any-path`, for trusted posts).
    pub fn allow_any_path(mut self, allow: bool) -> Self {
        self.any_path |= allow;
        self
    }

    /// The canonical path of `candidate` if it may be read.
    fn permitted(&self, candidate: &Path) -> Result<PathBuf, PathBuf> {
        let real = candidate
            .canonicalize()
            .unwrap_or_else(|_| candidate.to_path_buf());
        if self.any_path {
            return Ok(real);
        }
        let roots = self.roots.get_or_init(|| self.default_roots());
        if roots
            .iter()
            .chain(&self.extra_roots)
            .any(|r| real.starts_with(r))
        {
            Ok(real)
        } else {
            Err(real)
        }
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
                out.extend(self.static_dir.iter().map(|d| d.join(rel)));
                out.extend(self.post_dir.ancestors().map(|d| d.join(rel)));
                // The post's folder as given may have no parents to walk (`post.md` run
                // in its own folder): its canonical parents, up to the site root, too.
                if let Some(real) = canonical_dir(&self.post_dir) {
                    let roots = self.roots.get_or_init(|| self.default_roots());
                    out.extend(
                        real.ancestors()
                            .take_while(|a| {
                                roots
                                    .iter()
                                    .chain(&self.extra_roots)
                                    .any(|r| a.starts_with(r))
                            })
                            .map(|d| d.join(rel)),
                    );
                }
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
        let mut refused = None;
        for candidate in candidates.iter().filter(|p| p.is_file()) {
            match self.permitted(candidate) {
                Ok(_) => return Ok(candidate.clone()),
                Err(real) => refused = refused.or(Some(real)),
            }
        }
        if let Some(real) = refused {
            return Err(ResourceError::Refused {
                url: url.to_owned(),
                reason: format!(
                    "{} is outside the post's site (mark the site's root with .git or quire.toml, add --resource-path DIR, or trust the post with --allow-any-path)",
                    real.display()
                ),
            });
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

fn canonical_dir(p: &Path) -> Option<PathBuf> {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    p.canonicalize().ok()
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

    fn fetch(&self, url: &str) -> Option<Result<Resource, ResourceError>> {
        let fetcher = self.fetcher.as_ref()?;
        Fetcher::handles(url).then(|| fetcher.fetch(url))
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
    fn paths_that_leave_the_allowed_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"\x89PNG").unwrap();
        std::fs::create_dir_all(dir.path().join("site/posts")).unwrap();
        std::fs::create_dir(dir.path().join("site/.git")).unwrap();
        let rel = format!(
            "../../../{}/secret.png",
            outside.path().file_name().unwrap().to_string_lossy()
        );
        std::fs::copy(
            outside.path().join("secret.png"),
            dir.path().join("secret.png"),
        )
        .unwrap();
        let r = FsResources::new(dir.path().join("site/posts"), Vec::new());
        // `..` out of the site root (marked by .git), to a file that exists: refused.
        assert!(
            matches!(
                r.load("../../secret.png"),
                Err(ResourceError::Refused { .. })
            ),
            "{:?}",
            r.load("../../secret.png")
        );
        assert!(matches!(
            r.load(&rel),
            Err(ResourceError::Refused { .. }) | Err(ResourceError::NotFound { .. })
        ));
        // A symlink inside the post's folder that points outside: refused.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                outside.path().join("secret.png"),
                dir.path().join("site/posts/link.png"),
            )
            .unwrap();
            assert!(matches!(
                r.load("link.png"),
                Err(ResourceError::Refused { .. })
            ));
        }
        // Opting out reads it.
        let any = FsResources::new(dir.path().join("site/posts"), Vec::new()).allow_any_path(true);
        assert!(any.load("../../secret.png").is_ok());
    }

    #[test]
    fn finds_files_and_reports_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/images")).unwrap();
        std::fs::create_dir_all(dir.path().join("site/blog/2016")).unwrap();
        std::fs::write(dir.path().join("site/images/a.png"), b"\x89PNG").unwrap();
        // Without a marked site root, the parent folder is out of bounds...
        let unmarked = FsResources::new(dir.path().join("site/blog/2016"), Vec::new());
        assert!(matches!(
            unmarked.locate("/images/a.png"),
            Err(ResourceError::Refused { .. })
        ));
        // ...with one (a git checkout, a quire.toml), site-root paths resolve up to it.
        std::fs::create_dir(dir.path().join("site/.git")).unwrap();
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
