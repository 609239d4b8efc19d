//! A small corpus whose companies enter, change wording and are undated
//! at known dates, for the trend tests of the command line and the browser.
#![allow(dead_code)]

use std::path::Path;

/// A company's versions: (date, whether the version says "do not track").
pub const CORPUS: &[(&str, &[(&str, bool)])] = &[
    ("alpha.com", &[("2015-03-01", false), ("2018-06-01", true)]),
    (
        "beta.com",
        &[
            ("2016-01-01", true),
            ("2019-12-31", false),
            ("2021-02-01", true),
        ],
    ),
    ("gamma.com", &[("2019-12-31", true)]),
    ("delta.com", &[("2017-07-07", false)]),
];

pub const DNT: &str = "\"do not track\"";

fn policy(company: &str, dnt: bool) -> String {
    let tracking = if dnt {
        "We honour Do Not Track signals sent by your browser."
    } else {
        "We ignore browser signals about tracking."
    };
    format!(
        "# {company} Privacy Policy\n\n## Information We Collect\n\nWe collect your e-mail address when you sign up.\n\n## Cookies\n\n{tracking}\n\n## Retention\n\nWe retain your personal information for as long as necessary.\n"
    )
}

/// Writes the corpus (and one undated policy) into `dir`.
pub fn write_corpus(dir: &Path) {
    for (company, versions) in CORPUS {
        for (date, dnt) in *versions {
            let file = dir.join(format!("{company}__{date}.md"));
            std::fs::write(file, policy(company, *dnt)).unwrap();
        }
    }
    std::fs::write(dir.join("undated-shop.md"), policy("undated-shop", true)).unwrap();
}
