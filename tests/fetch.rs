//! `clause fetch` against a local HTTP server on 127.0.0.1: a page saved
//! as today's version, an unchanged page, 404, a timeout, a redirect, an
//! oversized page and a response that is not HTML.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread;
use std::time::Duration;

const PAGE: &str = "<html><head><title>Privacy</title></head><body><nav><a href='/'>Home</a></nav>\
    <main><h1>Privacy Policy</h1><h2>Collection</h2><p>We collect your e-mail address.</p>\
    <h2>Sharing</h2><p>We never sell your data.</p></main><footer>© Example</footer></body></html>";

/// Serves canned answers by path, one thread per connection, forever.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || answer(stream));
        }
    });
    address
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = |status: &str, kind: &str, body: &[u8], extra: &str| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
            body.len()
        );
        let mut stream = &stream;
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match path.as_str() {
        "/privacy" => reply("200 OK", "text/html; charset=utf-8", PAGE.as_bytes(), ""),
        "/old-privacy" => reply(
            "301 Moved Permanently",
            "text/html",
            b"",
            "Location: /privacy\r\n",
        ),
        "/big" => reply("200 OK", "text/html", &vec![b'a'; 3_000_000], ""),
        "/policy.pdf" => reply("200 OK", "application/pdf", b"%PDF-1.4", ""),
        "/slow" => thread::sleep(Duration::from_secs(5)),
        _ => reply("404 Not Found", "text/html", b"<h1>Not found</h1>", ""),
    }
    let _ = stream.flush();
}

fn fetch(corpus: &Path, url: &str, extra: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("clause")
        .expect("binary builds")
        .env_remove("CLAUSE_CORPUS")
        .env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(corpus)
        .args(["fetch", url, "--company", "example.com"])
        .args(extra)
        .output()
        .expect("clause runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn saved(corpus: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

#[test]
fn a_page_is_saved_once_and_then_found_unchanged() {
    let server = serve();
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("example.com__2020-01-01.md"),
        "# Privacy Policy\n\n## Collection\n\nWe collect your e-mail address.\n",
    )
    .unwrap();
    let (ok, out, err) = fetch(corpus.path(), &format!("{server}/privacy"), &[]);
    assert!(ok, "{err}");
    assert!(
        out.contains("saved") && out.contains("clause diff example.com"),
        "{out}"
    );
    let names = saved(corpus.path());
    assert_eq!(names.len(), 2, "{names:?}");
    let today = names.iter().find(|n| !n.contains("2020")).unwrap();
    let text = std::fs::read_to_string(corpus.path().join(today)).unwrap();
    assert!(
        text.contains("## Sharing") && text.contains("never sell"),
        "{text}"
    );
    assert!(!text.contains("Home") && !text.contains("©"), "{text}");

    let (ok, out, err) = fetch(corpus.path(), &format!("{server}/old-privacy"), &[]);
    assert!(ok, "{err}");
    assert!(out.contains("unchanged since example.com@"), "{out}");
    assert_eq!(saved(corpus.path()).len(), 2);

    let diff = Command::cargo_bin("clause")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(corpus.path())
        .args(["diff", "example.com"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&diff.stdout).contains("never sell"));
}

#[test]
fn each_failure_has_its_own_message_and_saves_nothing() {
    let server = serve();
    let corpus = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], &str); 4] = [
        ("/missing", &[], "the server answered 404 Not Found"),
        (
            "/slow",
            &["--timeout", "1"],
            "no complete answer within 1 s",
        ),
        (
            "/big",
            &["--max-file-size", "1000000"],
            "larger than 1000000 bytes",
        ),
        ("/policy.pdf", &[], "sent application/pdf, not an HTML page"),
    ];
    for (path, extra, message) in cases {
        let (ok, _, err) = fetch(corpus.path(), &format!("{server}{path}"), extra);
        assert!(!ok, "{path} succeeded");
        assert!(err.contains(message), "{path}: {err}");
        assert!(!err.contains("panicked"));
    }
    assert!(saved(corpus.path()).is_empty());
}

#[test]
fn fetch_needs_a_corpus_directory_and_a_plain_name() {
    let corpus = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("clause")
        .unwrap()
        .env_remove("CLAUSE_CORPUS")
        .args(["fetch", "http://127.0.0.1:9/x", "--company", "x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --corpus DIR"));
    let (ok, _, err) = fetch(corpus.path(), "ftp://127.0.0.1/x", &[]);
    assert!(!ok && err.contains("only http:// and https://"), "{err}");
    let out = Command::cargo_bin("clause")
        .unwrap()
        .arg("--corpus")
        .arg(corpus.path())
        .args(["fetch", "http://127.0.0.1:9/x", "--company", "../evil"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot name a file"));
}
