use super::*;

fn md(html: &str) -> String {
    convert(html.as_bytes(), None).expect("converts").markdown
}

#[test]
fn headings_lists_and_tables_become_markdown() {
    let out = md("<h1>Privacy</h1><h2>Cookies</h2><p>We use cookies.</p>\
        <ol><li>First</li><li>Second</li></ol>\
        <table><tr><th>Data</th><th>Use</th></tr><tr><td>E-mail</td><td>Login</td></tr></table>");
    assert!(
        out.starts_with("# Privacy\n\n## Cookies\n\nWe use cookies."),
        "{out}"
    );
    assert!(out.contains("1. First\n2. Second"), "{out}");
    assert!(out.contains("| E-mail | Login |"), "{out}");
}

#[test]
fn chrome_is_dropped_and_main_content_kept() {
    let page = "<html><head><title>T</title><script>var x = 1;</script></head><body>\
        <header><a href='/'>Home</a> <a href='/about'>About</a></header>\
        <nav><ul><li><a href='/a'>A</a></li></ul></nav>\
        <div id='onetrust-banner'>We use cookies. <button>Accept</button></div>\
        <main><article><header><h1>Privacy Policy</h1></header>\
        <p>We collect your name and e-mail address to run the service.</p>\
        <footer>Last updated: May 4, 2021</footer></article></main>\
        <footer>© 2024 Example Inc. All rights reserved.</footer></body></html>";
    let page = convert(page.as_bytes(), None).expect("converts");
    assert!(
        page.markdown.starts_with("# Privacy Policy"),
        "{}",
        page.markdown
    );
    for chrome in [
        "Home",
        "About",
        "Accept",
        "var x",
        "rights reserved",
        "cookies",
    ] {
        assert!(
            !page.markdown.contains(chrome),
            "{chrome} in {}",
            page.markdown
        );
    }
    assert_eq!(page.date.as_deref(), Some("2021-05-04"));
}

#[test]
fn undeclared_chrome_is_dropped_by_text_share() {
    let body = "We collect data. ".repeat(60);
    let page = format!(
        "<body><div class='top'><span>Example Corp</span> <a href='/x'>Products</a></div>\
         <div class='wrap'><div class='policy'><h2>Collection</h2><p>{body}</p></div></div>\
         <div class='bottom'>Contact us at our offices.</div></body>"
    );
    let out = md(&page);
    assert!(out.starts_with("## Collection"), "{out}");
    assert!(
        !out.contains("Example Corp") && !out.contains("offices"),
        "{out}"
    );
}

#[test]
fn opp115_segments_are_blocks() {
    let out = md(
        "<strong> PRIVACY POLICY </strong> <br> <br> Copyright 2008|||We care about \
        privacy.|||<strong> Collection: </strong> <br> <br> We collect names.",
    );
    let blocks: Vec<&str> = out.split("\n\n").map(str::trim).collect();
    assert!(blocks.contains(&"We care about privacy."), "{out:?}");
    assert!(blocks.contains(&"We collect names."), "{out:?}");
}

#[test]
fn script_only_and_empty_pages_are_refused() {
    let script = "<html><head><script>document.write('hi')</script></head><body><script>x()</script></body></html>";
    assert_eq!(
        convert(script.as_bytes(), None).unwrap_err(),
        HtmlError::NoText
    );
    assert_eq!(convert(b"", None).unwrap_err(), HtmlError::NoText);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let page = format!("{}text{}", "<div>".repeat(2_000), "</div>".repeat(2_000));
    assert_eq!(
        convert(page.as_bytes(), None).unwrap_err(),
        HtmlError::TooDeep
    );
}

#[test]
fn truncated_and_malformed_pages_still_convert() {
    let out =
        md("<h2>Sharing</h2><p>We share <b>nothing</b> with <i>anyone<p>Really</h2></ul><div");
    assert!(out.contains("## Sharing"), "{out}");
    assert!(out.contains("We share **nothing**"), "{out}");
}

#[test]
fn meta_date_when_the_text_has_none() {
    let page =
        "<html><head><meta property='article:modified_time' content='2020-02-03T10:00:00Z'></head>\
        <body><p>Policy text.</p></body></html>";
    assert_eq!(
        convert(page.as_bytes(), None).unwrap().date.as_deref(),
        Some("2020-02-03")
    );
}

#[test]
fn html_names() {
    assert!(is_html_name("a/Privacy Policy.HTML"));
    assert!(is_html_name("x.htm") && is_html_name("x.xhtml"));
    assert!(!is_html_name("x.md") && !is_html_name("html"));
}

/// A paragraph of `word` said 120 times.
fn paragraph(word: &str) -> String {
    format!("<p>{}</p>", vec![word; 120].join(" "))
}

#[test]
fn a_block_repeated_verbatim_is_kept_once() {
    let tabs = format!(
        "<div class=\"tabs\"><h3>Good to know</h3>{}</div>",
        paragraph("tabpanel")
    );
    let page = format!(
        "<html><body><div><h2>Collection</h2>{}{tabs}<h2>Sharing</h2>{}{tabs}</div></body></html>",
        paragraph("collect"),
        paragraph("share")
    );
    let markdown = convert(page.as_bytes(), None).unwrap().markdown;
    assert_eq!(markdown.matches("Good to know").count(), 1, "{markdown}");
    assert!(markdown.contains("Sharing") && markdown.contains("share share"));
}

#[test]
fn terms_beside_the_privacy_policy_are_dropped() {
    let section =
        |title: &str, word: &str| format!("<section><h2>{title}</h2>{}</section>", paragraph(word));
    let page = format!(
        "<html><body><div>{}{}{}{}</div></body></html>",
        section("Terms of Use", "terms"),
        section("Privacy Policy", "privacy"),
        section("California Privacy Notice", "california"),
        section("Changes to these Terms of Use", "changes")
    );
    let markdown = convert(page.as_bytes(), None).unwrap().markdown;
    assert!(!markdown.contains("terms terms"), "{markdown}");
    for kept in [
        "privacy privacy",
        "california california",
        "changes changes",
    ] {
        assert!(markdown.contains(kept), "{kept} missing: {markdown}");
    }
}
