//! `--static DIR`: serves the built app next to the mock API, so the local
//! demo is one process and same-origin. SPA-style: unknown extension-less
//! paths get index.html. `--static-prefix /sub/path/` serves it in a folder,
//! as a project site or a reverse proxy would: nothing outside that folder is
//! served, so a page that asks for a file at the site's root gets a 404.

use std::fs;
use std::path::{Path, PathBuf};

use crate::http::Response;

/// Where a request path falls relative to the folder the app is served in.
#[derive(Debug, PartialEq, Eq)]
enum Place<'a> {
    /// Inside it: the rest of the path, with a leading `/`.
    Inside(&'a str),
    /// The folder's own name without its trailing slash: hosts redirect it.
    FolderWithoutSlash,
    Outside,
}

/// `prefix` as a folder path: a leading and a trailing `/` (`""` is `/`).
pub fn folder(prefix: &str) -> String {
    let inner = prefix.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

fn place<'a>(folder: &str, url_path: &'a str) -> Place<'a> {
    if url_path.starts_with(folder) {
        // `folder` ends with `/`: the rest keeps that slash as its first.
        Place::Inside(&url_path[folder.len() - 1..])
    } else if folder.len() > 1 && url_path == &folder[..folder.len() - 1] {
        Place::FolderWithoutSlash
    } else {
        Place::Outside
    }
}

/// Serves `url_path` from `root` when it lies inside the folder `prefix`.
pub fn serve_under(root: &Path, prefix: &str, url_path: &str) -> Response {
    let folder = folder(prefix);
    match place(&folder, url_path) {
        Place::Inside(rest) => serve(root, rest),
        Place::FolderWithoutSlash => text(301, "moved").with_header("Location", folder.as_str()),
        Place::Outside => text(404, "not found (outside the static folder)"),
    }
}

pub fn serve(root: &Path, url_path: &str) -> Response {
    let Some(decoded) = percent_decode(url_path) else {
        return text(400, "bad path encoding");
    };
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if decoded.contains(['\\', '\0']) || segments.contains(&"..") {
        return text(400, "path traversal refused");
    }
    // Dotfiles (.git, .env) are never part of a built app.
    if segments.iter().any(|s| s.starts_with('.')) {
        return text(404, "not found");
    }
    let Ok(root) = root.canonicalize() else {
        return text(404, "static directory missing");
    };
    let mut path: PathBuf = segments.iter().collect();
    path = root.join(path);
    if path.is_dir() {
        path.push("index.html");
    }
    let has_extension = segments.last().is_some_and(|s| s.contains('.'));
    if !path.is_file() && !has_extension {
        path = root.join("index.html");
    }
    // A symlink inside DIR must not lead outside it.
    match path.canonicalize() {
        Ok(real) if real.starts_with(&root) && real.is_file() => match fs::read(&real) {
            Ok(bytes) => Response::new(200, content_type(&real), bytes)
                .with_header("Cache-Control", "no-cache")
                .with_header("X-Content-Type-Options", "nosniff"),
            Err(_) => text(500, "read failed"),
        },
        _ => text(404, "not found"),
    }
}

fn text(status: u16, body: &str) -> Response {
    Response::new(status, "text/plain; charset=utf-8", body)
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%XX` decoding; `None` for a broken escape or non-UTF-8 result.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses_broken_escapes() {
        assert_eq!(percent_decode("/a%20b"), Some("/a b".into()));
        assert_eq!(percent_decode("/%2e%2e/x"), Some("/../x".into()));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%2"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn places_paths_relative_to_the_folder() {
        assert_eq!(folder(""), "/");
        assert_eq!(folder("/"), "/");
        assert_eq!(folder("sub/path"), "/sub/path/");
        assert_eq!(folder("/sub/path/"), "/sub/path/");
        assert_eq!(place("/", "/"), Place::Inside("/"));
        assert_eq!(place("/", "/a/b.js"), Place::Inside("/a/b.js"));
        assert_eq!(place("/sub/path/", "/sub/path/"), Place::Inside("/"));
        assert_eq!(
            place("/sub/path/", "/sub/path/app.css"),
            Place::Inside("/app.css")
        );
        assert_eq!(place("/sub/path/", "/sub/path"), Place::FolderWithoutSlash);
        assert_eq!(place("/sub/path/", "/app.css"), Place::Outside);
        assert_eq!(place("/sub/path/", "/sub/pathx/app.css"), Place::Outside);
        assert_eq!(place("/sub/path/", "/sub/"), Place::Outside);
    }

    #[test]
    fn types() {
        assert_eq!(content_type(Path::new("a/app_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.JS")),
            "text/javascript; charset=utf-8"
        );
    }
}
