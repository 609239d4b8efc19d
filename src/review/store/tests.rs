use super::*;

#[test]
fn a_session_let_go_of_while_opening_is_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("session.json");
    let (first, _) = ReviewStore::open(&path, "corpus").expect("first open");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
    });
    let second = ReviewStore::open(&path, "corpus");
    release.join().expect("release thread");
    assert!(second.is_ok(), "{:?}", second.err());
}

#[test]
fn a_second_writer_is_refused_after_the_wait_and_a_reader_is_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("session.json");
    let (mut first, mut session) = ReviewStore::open(&path, "corpus").expect("first open");
    session.queries.push("cookies".into());
    first.save(&session).expect("saved");
    let started = Instant::now();
    let err = ReviewStore::open(&path, "corpus").expect_err("second writer refused");
    assert!(started.elapsed() >= LOCK_PATIENCE);
    assert!(err
        .to_string()
        .contains("is open in another clause process"));
    let (reader, read) = ReviewStore::read(&path, "corpus").expect("reader");
    assert!(reader.is_read_only());
    assert_eq!(read.queries, ["cookies"]);
    let (mut browser, _) = ReviewStore::open_or_read(&path, "corpus").expect("second browser");
    assert!(browser.is_read_only());
    let refused = browser.save(&read).expect_err("read-only save refused");
    assert!(refused.to_string().contains("open read-only"));
}

#[cfg(unix)]
#[test]
fn a_new_session_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("reviews").join("session.json");
    let (mut store, session) = ReviewStore::open(&path, "corpus").expect("open");
    store.save(&session).expect("saved");
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(path.parent().expect("folder")), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sibling(&path, "lock")), 0o600);
    store
        .save_draft(&Draft {
            finding: crate::review::Finding {
                id: "x@1/#1".into(),
                label: None,
                note: "draft".into(),
                text_hash: String::new(),
                text: String::new(),
                policy: "x@1".into(),
                section: Vec::new(),
                snapshot: None,
                updated: 0,
            },
            text: None,
        })
        .expect("draft kept");
    assert_eq!(mode(&store.draft_path()), 0o600);
}

#[cfg(unix)]
#[test]
fn a_session_others_can_read_is_reported_once() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("session.json");
    std::fs::write(&path, "{\"format\": \"clause-review\", \"version\": 1, \"corpus\": \"c\", \"labels\": [], \"findings\": {}, \"reviewed\": []}")
        .expect("written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (mut store, session) = ReviewStore::open(&path, "corpus").expect("open");
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("can be read by other users (mode 644)"));
    store.save(&session).expect("saved");
    assert!(store.take_notices()[0].contains("upgraded from format version 1 to 2"));
    assert_eq!(
        std::fs::metadata(&path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}
