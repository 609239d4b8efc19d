//! Tests of the category classifier: names, model checks, hand-written
//! clauses against the embedded model, and hostile input.

use super::*;

fn labels_of(text: &str) -> Vec<Label> {
    Classifier::embedded().classify(text)
}

fn assert_labelled(text: &str, expected: Category) -> Label {
    let labels = labels_of(text);
    labels
        .iter()
        .find(|l| l.category == expected)
        .cloned()
        .unwrap_or_else(|| panic!("{text:?}: expected {expected}, got {labels:?}"))
}

#[test]
fn names_round_trip() {
    for (i, c) in Category::ALL.into_iter().enumerate() {
        assert_eq!(c.index(), i);
        assert_eq!(Category::from_short_name(c.short_name()), Some(c));
        assert_eq!(Category::from_name(c.name()), Some(c));
        assert_eq!(c.to_string(), c.short_name());
    }
    assert_eq!(Category::from_short_name("Retention"), None);
    assert_eq!(Category::DoNotTrack.short_name(), "dnt");
    assert_eq!(Category::Access.name(), "User Access, Edit and Deletion");
}

#[test]
fn embedded_model_loads() {
    let c = Classifier::embedded();
    assert!(c.feature_count() > 1000);
    // A small asset: 10,000 features of 64 signed bytes each, in base64.
    assert!(include_str!("../../assets/categories.json").len() < 1_500_000);
}

#[test]
fn hand_written_clauses() {
    let cases = [
        (
            "We collect your name, email address and phone number when you register for an account.",
            Category::FirstParty,
        ),
        (
            "We may share your personal information with third-party advertisers and analytics partners.",
            Category::ThirdParty,
        ),
        (
            "You can opt out of receiving promotional emails from us by clicking the unsubscribe link in any email.",
            Category::Choice,
        ),
        (
            "You may access, correct or delete your account information at any time by logging in to your account settings.",
            Category::Access,
        ),
        (
            "We retain your personal information for as long as necessary to provide the services.",
            Category::Retention,
        ),
        (
            "We use industry-standard SSL encryption to protect your information against unauthorized access.",
            Category::Security,
        ),
        (
            "We may change this privacy policy from time to time. If we make material changes we will notify you by posting the revised policy on this page.",
            Category::PolicyChange,
        ),
        (
            "Our website does not respond to Do Not Track signals sent by your browser.",
            Category::DoNotTrack,
        ),
        (
            "Our services are not directed to children under 13, and we do not knowingly collect personal information from children under 13.",
            Category::Audiences,
        ),
        (
            "If you have any questions about this privacy policy, please contact us at privacy@example.com.",
            Category::Other,
        ),
    ];
    for (text, expected) in cases {
        let label = assert_labelled(text, expected);
        assert!(!label.cues.is_empty(), "{text:?}: no cues");
        for cue in &label.cues {
            assert!(
                text.to_lowercase().contains(cue.as_str()),
                "cue {cue:?} not in {text:?}"
            );
        }
    }
}

#[test]
fn retention_cue_names_the_verb() {
    let text =
        "We retain your personal information for as long as necessary to provide the services";
    let labels = labels_of(text);
    assert_eq!(labels[0].category, Category::Retention, "{labels:?}");
    assert!(
        labels[0].cues.iter().any(|c| c.contains("retain")),
        "{labels:?}"
    );
}

#[test]
fn labels_are_sorted_and_scores_are_probabilities() {
    let text = "We collect your name, email address and phone number when you register and use \
                them to provide the service. We share this information with advertisers.";
    let labels = labels_of(text);
    assert!(labels.len() >= 2, "{labels:?}");
    for pair in labels.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
    let scores = Classifier::embedded().scores(text);
    for l in &labels {
        assert!((0.0..=1.0).contains(&l.score));
        assert_eq!(scores[l.category.index()], l.score);
    }
}

#[test]
fn labels_serialize_with_short_names() {
    let label = Label {
        category: Category::PolicyChange,
        score: 0.5,
        cues: vec!["notify you".into()],
        context: 0.25,
    };
    let json = serde_json::to_string(&label).unwrap();
    assert_eq!(
        json,
        r#"{"category":"policy-change","score":0.5,"cues":["notify you"],"context":0.25}"#
    );
}

#[test]
fn empty_and_wordless_text_get_no_labels() {
    for text in ["", "   \n\t", "!!! ... ---", "\u{0}\u{1}"] {
        assert!(labels_of(text).is_empty(), "{text:?}");
    }
}

#[test]
fn binary_garbage_does_not_panic() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes);
    for l in labels_of(&text) {
        assert!(l.score.is_finite());
    }
}

#[test]
fn megabyte_lines_do_not_panic() {
    let words =
        "we retain your data as long as necessary and share it with partners ".repeat(15_000);
    assert!(words.len() > 1_000_000);
    let labels = labels_of(&words);
    assert!(labels.iter().all(|l| l.cues.len() <= 4));
    let one_word = "x".repeat(1_000_000);
    labels_of(&one_word);
    let digits = "9".repeat(1_000_000);
    labels_of(&digits);
    let accents = "é".repeat(500_000);
    labels_of(&accents);
}

fn model_json(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/categories.json")).unwrap();
    edit(&mut v);
    v.to_string()
}

#[test]
fn bad_models_are_rejected() {
    assert!(matches!(
        Classifier::from_json("{"),
        Err(ModelError::Json(_))
    ));
    let cases: Vec<(String, &str)> = vec![
        (model_json(|v| v["format"] = "x/2".into()), "format"),
        (model_json(|v| v["max_n"] = 7.into()), "n-gram"),
        (
            model_json(|v| v["categories"][0]["category"] = "spam".into()),
            "unknown category",
        ),
        (
            model_json(|v| v["categories"][1]["category"] = "first-party".into()),
            "twice",
        ),
        (
            model_json(|v| {
                v["categories"].as_array_mut().unwrap().pop();
            }),
            "missing",
        ),
        (
            model_json(|v| v["categories"][2]["threshold"] = 0.0.into()),
            "threshold",
        ),
        (model_json(|v| v["extra"] = 1.into()), "unknown field"),
    ];
    for (json, expected) in cases {
        let err = Classifier::from_json(&json).unwrap_err().to_string();
        assert!(err.contains(expected), "{err:?} lacks {expected:?}");
    }
}

#[test]
fn models_from_json_classify_by_their_weights() {
    let json = model_json(|v| {
        v.as_object_mut().unwrap().remove("hidden");
        for c in v["categories"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("units");
            c["weights"] = serde_json::json!({});
            c["bias"] = (-5.0).into();
        }
        v["categories"][4]["weights"] =
            serde_json::json!({"retain": 100.0, "long as necessari": 50.0});
        v["fallback"] = false.into();
    });
    let c = Classifier::from_json(&json).unwrap();
    assert_eq!(c.feature_count(), 2);
    let labels = c.classify("Kept as long as necessary; we RETAIN it.");
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].category, Category::Retention);
    assert_eq!(labels[0].cues, ["retain", "long as necessary"]);
    assert!(c.classify("nothing relevant here").is_empty());
    let with_fallback =
        Classifier::from_json(&json.replace(r#""fallback":false"#, r#""fallback":true"#)).unwrap();
    let labels = with_fallback.classify("nothing relevant here");
    assert_eq!(labels.len(), 1);
    assert!(labels[0].score < with_fallback.threshold(labels[0].category));
    assert!(labels[0].cues.is_empty());
}

#[test]
fn two_models_in_one_thread_keep_their_own_scores_for_a_text() {
    let model = |category: usize| {
        Classifier::from_json(&model_json(|v| {
            v.as_object_mut().unwrap().remove("hidden");
            for c in v["categories"].as_array_mut().unwrap() {
                c.as_object_mut().unwrap().remove("units");
                c["weights"] = serde_json::json!({});
                c["bias"] = (-5.0).into();
            }
            v["categories"][category]["weights"] = serde_json::json!({"retain": 100.0});
            v["fallback"] = false.into();
        }))
        .unwrap()
    };
    let (retention, other) = (model(4), model(2));
    let text = "We retain your data.";
    for _ in 0..2 {
        assert_eq!(
            retention.categories(text).iter().collect::<Vec<_>>(),
            [Category::ALL[4]]
        );
        assert_eq!(
            other.categories(text).iter().collect::<Vec<_>>(),
            [Category::ALL[2]]
        );
        assert_eq!(retention.scores(text), retention.clone().scores(text));
    }
}

#[test]
fn categories_agree_with_classify() {
    let c = Classifier::embedded();
    let texts = [
        "We collect your name and email address when you register. We may share this \
         information with third parties such as advertisers and analytics providers.",
        "We retain your personal information for as long as necessary.",
        "Our website does not respond to Do Not Track signals.",
        "If you have any questions, please contact us at privacy@example.com.",
        "nothing relevant here",
        "",
        "!!! ... ---",
    ];
    for text in texts {
        let labels: CategorySet = c.classify(text).iter().map(|l| l.category).collect();
        assert_eq!(c.categories(text), labels, "{text:?}");
    }
    let set = c.categories("We retain your personal information for as long as necessary.");
    assert!(set.contains(Category::Retention), "{set:?}");
    assert!(c.categories("").is_empty());
}

#[test]
fn category_sets_iterate_in_taxonomy_order() {
    let set: CategorySet = [Category::Other, Category::FirstParty, Category::Other]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 2);
    assert_eq!(
        set.iter().collect::<Vec<_>>(),
        [Category::FirstParty, Category::Other]
    );
    assert_eq!(CategorySet::from_bits(set.bits()), set);
    assert_eq!(CategorySet::from_bits(u16::MAX).len(), 10);
    assert!(!set.contains(Category::Access));
}

/// A model with two hidden units: unit 0 reads retention words and feeds
/// retention, unit 1 reads sharing words and feeds third-party.
fn hidden_model_json() -> String {
    let row = |w: [f32; 2]| serde_json::Value::from(HiddenLayer::encode_row(&w));
    let categories: Vec<serde_json::Value> = Category::ALL
        .iter()
        .map(|c| {
            let units = match c {
                Category::Retention => [40.0, 0.0],
                Category::ThirdParty => [0.0, 40.0],
                _ => [0.0, 0.0],
            };
            serde_json::json!({"category": c.short_name(), "bias": -5.0, "threshold": 0.3,
                               "units": units})
        })
        .collect();
    serde_json::json!({
        "format": FORMAT, "about": "test", "max_n": 3, "norm_power": 0.45, "fallback": false,
        "categories": categories,
        "hidden": {"bias": [-0.1, -0.1], "features": {
            "retain": row([1.0, 0.0]), "long as necessari": row([0.5, 0.0]),
            "share": row([0.0, 1.0]), "sell": row([0.0, -1.0]),
        }},
    })
    .to_string()
}

#[test]
fn hidden_layer_models_classify_through_their_units() {
    let c = Classifier::from_json(&hidden_model_json()).unwrap();
    assert_eq!(c.feature_count(), 4);
    let text = "Kept as long as necessary; we RETAIN it.";
    let labels = c.classify(text);
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].category, Category::Retention);
    assert_eq!(labels[0].cues, ["retain", "long as necessary"]);
    // The score is the units' sum, each feature counting the text's value.
    let unit = -0.1 + 1.5 * text::feature_value(8, 3, 0.45);
    let expected = 1.0 / (1.0 + (5.0 - 40.0 * unit).exp());
    let score = c.scores(text)[Category::Retention.index()];
    assert!((score - expected).abs() < 1e-3, "{score} vs {expected}");

    let both = c.classify("We share it and we retain it.");
    let cues = |cat| {
        both.iter()
            .find(|l| l.category == cat)
            .map(|l| l.cues.clone())
            .unwrap_or_default()
    };
    assert_eq!(cues(Category::Retention), ["retain"]);
    assert_eq!(cues(Category::ThirdParty), ["share"]);
    // A unit pushed below zero adds nothing: selling switches sharing off.
    let sold = c.classify("We share and sell and sell it.");
    assert!(
        sold.iter().all(|l| l.category != Category::ThirdParty),
        "{sold:?}"
    );
    assert!(c.classify("nothing relevant here").is_empty());
}

#[test]
fn hidden_layer_rows_survive_encoding() {
    let row = [0.5, -1.25, 0.0, 3.0, -0.01];
    let back = HiddenLayer::decode_row(&HiddenLayer::encode_row(&row), row.len()).unwrap();
    for (a, b) in row.iter().zip(&back) {
        assert!((a - b).abs() <= 3.0 / 254.0 + 1e-6, "{a} vs {b}");
    }
    assert_eq!(
        HiddenLayer::decode_row(&HiddenLayer::encode_row(&[0.0; 3]), 3),
        Some(vec![0.0; 3])
    );
    assert!(HiddenLayer::decode_row(&HiddenLayer::encode_row(&row), 4).is_none());
    assert!(HiddenLayer::decode_row("1.0 !!!", 2).is_none());
    assert!(HiddenLayer::decode_row("nan AAA", 2).is_none());
    assert!(HiddenLayer::decode_row("AAA", 2).is_none());
}

#[test]
fn bad_hidden_layer_models_are_rejected() {
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&hidden_model_json()).unwrap();
        f(&mut v);
        Classifier::from_json(&v.to_string())
            .unwrap_err()
            .to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            edit(&|v| v["hidden"]["features"]["retain"] = "1e0 AQ".into()),
            "retain",
        ),
        (
            edit(&|v| v["categories"][3]["units"] = serde_json::json!([1.0])),
            "size",
        ),
        (
            edit(&|v| v["categories"][3]["weights"] = serde_json::json!({"retain": 1.0})),
            "size",
        ),
        (
            edit(&|v| v["hidden"]["bias"] = serde_json::json!([])),
            "bias",
        ),
    ];
    for (err, expected) in cases {
        assert!(err.contains(expected), "{err:?} lacks {expected:?}");
    }
}

#[test]
fn in_context_sets_scores_and_labels_agree_and_neighbours_matter() {
    let classifier = Classifier::embedded();
    assert!(classifier.has_context());
    let middle = "This helps us understand how the service is used.";
    let collection = [
        "We collect your name, email address and postal address when you create an account.",
        "We collect information about your device.",
        middle,
        "",
        "We collect your location.",
    ];
    let labels = classifier.classify_in_context(&collection);
    let sets = classifier.categories_in_context(&collection);
    let scores = classifier.scores_in_context(&collection);
    assert_eq!(labels.len(), collection.len());
    for ((labels, set), scores) in labels.iter().zip(&sets).zip(&scores) {
        let from_labels: CategorySet = labels.iter().map(|l| l.category).collect();
        assert_eq!(from_labels, *set);
        for l in labels {
            assert_eq!(scores[l.category.index()], l.score);
        }
    }
    assert!(labels[3].is_empty(), "a text without words gets nothing");
    assert!(sets[2].contains(Category::FirstParty), "{:?}", labels[2]);
    assert!(!classifier.categories(middle).contains(Category::FirstParty));
    let sharing = [
        "We share your information with advertisers and analytics partners.",
        middle,
        "Third parties may use it for their own purposes.",
    ];
    let shared = classifier.scores_in_context(&sharing)[1][Category::FirstParty.index()];
    assert!(shared < scores[2][Category::FirstParty.index()]);
}
