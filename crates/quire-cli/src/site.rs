//! The site a post belongs to: its root and engine, from the files at the root.

use std::path::{Path, PathBuf};

use quire_core::dialect::{Site, SiteFiles};

/// Files that name a site's engine (the first parent holding one is the site's root).
const CONFIGS: [&str; 7] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "_config.yml",
    "config.fsx",
    "zola.toml",
];

/// Largest config file read to tell engines apart.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A post's site: its root folder and engine.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// The folder holding the site's config.
    pub root: PathBuf,
    /// The engine.
    pub site: Site,
    /// The config's values for Liquid's `{{ site.name }}`.
    pub values: Vec<(String, String)>,
}

impl SiteRoot {
    /// Where site-root paths (`/images/x.png`) are, by the engine's convention.
    pub fn static_dir(&self) -> PathBuf {
        match self.site.static_dir() {
            "" => self.root.clone(),
            d => self.root.join(d),
        }
    }
}

/// The site of the post in `post_dir`: the nearest parent with an engine's config, not
/// above a `.git` checkout's root.
pub fn find(post_dir: &Path) -> Option<SiteRoot> {
    let start = if post_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        post_dir
    };
    let start = start.canonicalize().ok()?;
    for dir in start.ancestors() {
        if CONFIGS.iter().any(|c| dir.join(c).is_file()) {
            let files = site_files(dir);
            return Site::detect(&files).map(|site| SiteRoot {
                root: dir.to_path_buf(),
                site,
                values: files.config_values(),
            });
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

fn read_small(path: &Path) -> Option<String> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_CONFIG_BYTES {
        return Some(String::new());
    }
    std::fs::read_to_string(path).ok()
}

fn site_files(dir: &Path) -> SiteFiles {
    let mut files = SiteFiles::default();
    files.hugo_config = ["hugo.toml", "hugo.yaml", "hugo.json"]
        .iter()
        .find_map(|c| read_small(&dir.join(c)));
    files.config_toml = read_small(&dir.join("config.toml"))
        .or_else(|| read_small(&dir.join("zola.toml")).map(|_| "base_url = \"\"".to_owned()));
    files.config_yml = read_small(&dir.join("_config.yml"));
    files.config_fsx = dir.join("config.fsx").is_file();
    files.package_json = read_small(&dir.join("package.json"));
    files.folders = [
        "archetypes",
        "content",
        "source/_posts",
        "_posts",
        "layouts",
        "templates",
        "themes",
    ]
    .iter()
    .filter(|f| dir.join(f).is_dir())
    .map(|f| (*f).to_owned())
    .collect();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_hugo_site_and_its_static_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
        std::fs::write(dir.path().join("hugo.toml"), "baseURL = 'https://x/'\n").unwrap();
        let s = find(&dir.path().join("content/posts")).unwrap();
        assert_eq!(s.site, Site::Hugo);
        assert!(s.static_dir().ends_with("static"));
    }

    #[test]
    fn finds_a_jekyll_site_at_its_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::write(dir.path().join("_config.yml"), "title: x\n").unwrap();
        let s = find(&dir.path().join("_posts")).unwrap();
        assert_eq!(s.site, Site::Jekyll);
        assert_eq!(s.static_dir(), s.root);
    }
}
