//! Which engine a site is built with, decided from the files at its root.

/// A static-site engine whose syntax the dialect pass knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Site {
    /// Hugo: `{{< shortcode >}}`, `{{% shortcode %}}`; images in `static/`.
    Hugo,
    /// Jekyll: Liquid tags and `{{ site.baseurl }}`; images at the site root.
    Jekyll,
    /// Zola: `{{ name(args) }}` and `{% name(args) %}...{% end %}`; images in `static/`.
    Zola,
    /// Hexo: Liquid-like tag plugins (`{% codeblock %}`, `{% img %}`); images in `source/`.
    Hexo,
    /// FsBlog: Razor front matter and `.fsx` posts; images at the site root.
    FsBlog,
}

/// What the CLI found at a site's root, for [`Site::detect`] (quire-core reads no file).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SiteFiles {
    /// The text of `hugo.toml`, `hugo.yaml` or `hugo.json`, when one exists.
    pub hugo_config: Option<String>,
    /// The text of `config.toml` (Hugo's older name, and Zola's).
    pub config_toml: Option<String>,
    /// The text of `_config.yml` (Jekyll and Hexo).
    pub config_yml: Option<String>,
    /// Which of the folders that tell engines apart exist (`archetypes`, `content`,
    /// `source/_posts`, `_posts`, `layouts`, `templates`, `themes`).
    pub folders: Vec<String>,
    /// Whether a `config.fsx` (FsBlog) exists.
    pub config_fsx: bool,
    /// The text of `package.json`, when one exists (Hexo names itself there).
    pub package_json: Option<String>,
}

impl SiteFiles {
    fn has(&self, folder: &str) -> bool {
        self.folders.iter().any(|f| f == folder)
    }

    /// The top-level text and number values of `_config.yml` (Jekyll's and Hexo's
    /// `{{ site.name }}`), in file order; none when it does not parse.
    pub fn config_values(&self) -> Vec<(String, String)> {
        use yaml_rust2::{Yaml, YamlLoader};
        let Some(text) = &self.config_yml else {
            return Vec::new();
        };
        let Ok(docs) = YamlLoader::load_from_str(text) else {
            return Vec::new();
        };
        let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
            return Vec::new();
        };
        map.into_iter()
            .filter_map(|(k, v)| {
                let value = match v {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    _ => return None,
                };
                Some((k.as_str()?.to_owned(), value))
            })
            .collect()
    }
}

impl Site {
    /// The engine of a site from its root's files, or `None` when nothing says.
    pub fn detect(files: &SiteFiles) -> Option<Site> {
        if files.hugo_config.is_some() {
            return Some(Site::Hugo);
        }
        if let Some(toml) = &files.config_toml {
            // Zola spells it `base_url`, Hugo `baseURL` (or `baseurl`).
            if toml_key(toml, "base_url") || files.has("templates") && !files.has("layouts") {
                return Some(Site::Zola);
            }
            return Some(Site::Hugo);
        }
        if let Some(yml) = &files.config_yml {
            let hexo_keys = [
                "new_post_name:",
                "source_dir:",
                "public_dir:",
                "post_asset_folder:",
            ];
            let hexo_package = files
                .package_json
                .as_deref()
                .is_some_and(|p| p.contains("\"hexo\""));
            if files.has("source/_posts")
                || hexo_package
                || yml
                    .lines()
                    .any(|l| hexo_keys.iter().any(|k| l.starts_with(k)))
            {
                return Some(Site::Hexo);
            }
            return Some(Site::Jekyll);
        }
        if files.config_fsx {
            return Some(Site::FsBlog);
        }
        if files.has("archetypes") {
            return Some(Site::Hugo);
        }
        None
    }

    /// The folder, relative to the site's root, where `/x.png` is found.
    pub fn static_dir(self) -> &'static str {
        match self {
            Site::Hugo | Site::Zola => "static",
            Site::Hexo => "source",
            Site::Jekyll | Site::FsBlog => "",
        }
    }

    /// The engine's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Site::Hugo => "Hugo",
            Site::Jekyll => "Jekyll",
            Site::Zola => "Zola",
            Site::Hexo => "Hexo",
            Site::FsBlog => "FsBlog",
        }
    }
}

/// Whether a top-level `key =` line is in a TOML text (no TOML parse: a config may use
/// what our TOML crate rejects, and only the key's presence matters).
fn toml_key(toml: &str, key: &str) -> bool {
    toml.lines().any(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}
