//! Resources: what a writer needs from outside the document (the images a post uses).
//!
//! Writers never touch the file system; they ask a [`Resources`] for what an image URL
//! names. The CLI implements it over the disk, tests in memory.

/// Why a resource could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResourceError {
    /// A remote URL (`https://...`): quire never fetches.
    #[error("{0} is remote; quire does not fetch it")]
    Remote(String),
    /// Nothing at any place the URL can name.
    #[error("{url} not found (looked in {tried})")]
    NotFound {
        /// The URL as written.
        url: String,
        /// Where it was looked for, for the message.
        tried: String,
    },
    /// The path leaves the allowed folders.
    #[error("{url} is outside the allowed folders: {reason}")]
    Refused {
        /// The URL as written.
        url: String,
        /// Why.
        reason: String,
    },
    /// A download that failed (refused, timed out, too large, not found on the server).
    #[error("{url} could not be downloaded: {message}")]
    Download {
        /// The URL as written.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// Found but unreadable.
    #[error("{url}: {message}")]
    Io {
        /// The URL as written.
        url: String,
        /// The system's message.
        message: String,
    },
}

/// A resource that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resource {
    /// Where it was found, for messages (a path on disk, or a name in memory).
    pub location: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl Resource {
    /// A resource from its location and bytes.
    pub fn new(location: impl Into<String>, bytes: Vec<u8>) -> Self {
        Resource {
            location: location.into(),
            bytes,
        }
    }
}

/// Access to the files a document references.
pub trait Resources {
    /// Where the resource named by `url` is, without reading it.
    fn locate(&self, url: &str) -> Result<String, ResourceError>;

    /// The resource named by `url`, read.
    fn load(&self, url: &str) -> Result<Resource, ResourceError>;

    /// The remote (`http(s)://`) image at `url`, downloaded, or `None` when these resources
    /// do not fetch (the default: tests, `--offline`, a URL of another scheme). The
    /// resolution asks only when the output shows images itself (EPUB, PDF, embedded HTML).
    fn fetch(&self, url: &str) -> Option<Result<Resource, ResourceError>> {
        let _ = url;
        None
    }
}

/// No resources at all: every local lookup fails as not found. For writers run without
/// a file system (tests, `--to json`), or when resources do not matter.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoResources;

impl Resources for NoResources {
    fn locate(&self, url: &str) -> Result<String, ResourceError> {
        Err(if is_remote(url) {
            ResourceError::Remote(url.to_owned())
        } else {
            ResourceError::NotFound {
                url: url.to_owned(),
                tried: "nowhere (no resource access)".to_owned(),
            }
        })
    }

    fn load(&self, url: &str) -> Result<Resource, ResourceError> {
        self.locate(url)
            .map(|_| unreachable!("NoResources never locates"))
    }
}

/// `https://x`, `//cdn/x`, `mailto:`: anything with a scheme or a network path.
/// `data:` URIs count as remote too: they need no lookup and are embedded already.
pub fn is_remote(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) if i > 1 => url[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        _ => false,
    }
}

/// The media type of an image from its first bytes (and, for SVG, its text).
pub fn media_type(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
            let head = head.trim_start_matches('\u{feff}').trim_start();
            if head.starts_with("<svg")
                || (head.starts_with("<?xml") || head.starts_with("<!--")) && head.contains("<svg")
            {
                "image/svg+xml"
            } else {
                return None;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls() {
        for url in [
            "https://x.org/a.png",
            "http://x",
            "//cdn.x/a.png",
            "data:image/png;base64,AA",
            "mailto:a@b",
        ] {
            assert!(is_remote(url), "{url}");
        }
        for url in [
            "/images/a.png",
            "a.png",
            "~/images/a.png",
            "C:/x.png",
            "../x.png",
            "@Model.Root/img/x.jpg",
        ] {
            assert!(!is_remote(url), "{url}");
        }
    }

    #[test]
    fn sniffs_image_types() {
        assert_eq!(media_type(b"\x89PNG\r\n\x1a\n"), Some("image/png"));
        assert_eq!(media_type(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(media_type(b"GIF89a"), Some("image/gif"));
        assert_eq!(media_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            media_type(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"...\">"),
            Some("image/svg+xml")
        );
        assert_eq!(media_type(b"hello"), None);
    }

    #[test]
    fn no_resources_says_why() {
        assert!(matches!(
            NoResources.load("https://x/a.png"),
            Err(ResourceError::Remote(_))
        ));
        assert!(matches!(
            NoResources.load("/a.png"),
            Err(ResourceError::NotFound { .. })
        ));
    }
}
