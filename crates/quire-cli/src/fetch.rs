//! Remote images, downloaded as pandoc does: over HTTPS with rustls (ureq), with a time
//! limit and a size cap, cached under the user's cache folder, the type sniffed from the
//! bytes. Only the CLI fetches; the resolution pass asks through `Resources::fetch`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use quire_core::resource::media_type;
use quire_core::{Resource, ResourceError};

/// Largest remote image downloaded.
pub const MAX_DOWNLOAD_BYTES: u64 = 20 * 1024 * 1024;

/// Longest a download may take, connection included.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(20);

/// Downloads remote images, through a cache.
#[derive(Debug)]
pub struct Fetcher {
    agent: ureq::Agent,
    cache: Option<PathBuf>,
    max_bytes: u64,
}

impl Fetcher {
    /// A fetcher caching in `cache` (`None`: no cache), with the default limits.
    pub fn new(cache: Option<PathBuf>) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(DOWNLOAD_TIMEOUT))
            .user_agent(concat!("quire/", env!("CARGO_PKG_VERSION")))
            .max_redirects(5)
            .build()
            .into();
        Fetcher {
            agent,
            cache,
            max_bytes: MAX_DOWNLOAD_BYTES,
        }
    }

    /// The same fetcher with another size cap (tests).
    #[cfg(test)]
    pub fn with_max_bytes(mut self, max: u64) -> Self {
        self.max_bytes = max;
        self
    }

    /// Whether `url` is one this fetcher downloads (`http://`, `https://`).
    pub fn handles(url: &str) -> bool {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    }

    /// The image at `url`: from the cache, else downloaded (and then cached).
    pub fn fetch(&self, url: &str) -> Result<Resource, ResourceError> {
        let fail = |message: String| ResourceError::Download {
            url: url.to_owned(),
            message,
        };
        let cached = self.cache.as_ref().map(|c| c.join(cache_name(url)));
        if let Some(bytes) = cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
            if media_type(&bytes).is_some() {
                return Ok(Resource::new(url, bytes));
            }
        }
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| fail(e.to_string()))?;
        let bytes = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    fail(format!("larger than the {} MB limit", self.max_bytes >> 20))
                }
                e => fail(e.to_string()),
            })?;
        if media_type(&bytes).is_none() {
            return Err(fail(
                "what the server sent is not a PNG, JPEG, GIF, WebP or SVG image".to_owned(),
            ));
        }
        if let Some(path) = &cached {
            // A cache that cannot be written only costs the next run a download.
            let _ = store(path, &bytes);
        }
        Ok(Resource::new(url, bytes))
    }
}

/// The fetcher a run shares between its posts, `None` when `offline`.
pub fn shared(offline: bool) -> Option<std::sync::Arc<Fetcher>> {
    (!offline).then(|| std::sync::Arc::new(Fetcher::new(cache_dir())))
}

/// The user's cache folder for images: `$XDG_CACHE_HOME/quire/images`, else
/// `~/.cache/quire/images`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("quire").join("images"))
}

/// A cache file's name: a hash of the URL (FNV-1a, 64 bits, stable across builds) and its
/// length, so that different URLs practically never share one.
fn cache_name(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", url.len())
}

/// Writes a cache entry atomically (a temporary file renamed), so a reader never sees half.
fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read};
    use std::net::TcpListener;

    /// A one-thread HTTP server on 127.0.0.1 answering `routes` (path, status, body); it
    /// counts the requests it served.
    pub(crate) fn serve(
        routes: Vec<(&'static str, u16, Vec<u8>)>,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = first.split(' ').nth(1).unwrap_or("/").to_owned();
                let (status, body) = routes
                    .iter()
                    .find(|(p, _, _)| *p == path)
                    .map_or((404, b"no".to_vec()), |(_, s, b)| (*s, b.clone()));
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(&body);
                let _ = s.flush();
                let mut rest = Vec::new();
                let _ = reader.read_to_end(&mut rest);
            }
        });
        (base, count)
    }

    #[test]
    fn downloads_sniffs_and_caches() {
        let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
        let (base, count) = serve(vec![
            ("/a.png", 200, png.clone()),
            ("/page", 200, b"<html>".to_vec()),
        ]);
        let cache = tempfile::tempdir().unwrap();
        let f = Fetcher::new(Some(cache.path().to_path_buf()));
        let url = format!("{base}/a.png");
        assert_eq!(f.fetch(&url).unwrap().bytes, png);
        // The second time comes from the cache: the server sees no new request.
        let served = count.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(f.fetch(&url).unwrap().bytes, png);
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), served);
        let e = f.fetch(&format!("{base}/page")).unwrap_err().to_string();
        assert!(e.contains("not a PNG"), "{e}");
        let e = f
            .fetch(&format!("{base}/missing.png"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("404"), "{e}");
    }

    #[test]
    fn refuses_what_is_too_large() {
        let big = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0u8; 4096]].concat();
        let (base, _) = serve(vec![("/big.png", 200, big)]);
        let f = Fetcher::new(None).with_max_bytes(1024);
        let e = f.fetch(&format!("{base}/big.png")).unwrap_err().to_string();
        assert!(e.contains("limit"), "{e}");
    }

    #[test]
    fn only_http_is_fetched() {
        assert!(Fetcher::handles("https://x/a.png"));
        assert!(Fetcher::handles("HTTP://x/a.png"));
        assert!(!Fetcher::handles("ftp://x/a.png"));
        assert!(!Fetcher::handles("//cdn/x.png"));
    }
}
