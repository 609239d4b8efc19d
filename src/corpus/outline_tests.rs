//! Tests of the section tree built from blocks.
use super::*;

fn titles(outline: &Outline) -> Vec<(usize, &str)> {
    outline
        .sections
        .iter()
        .map(|s| (s.depth, s.title.as_str()))
        .collect()
}

const BODY: &str = "We collect the information that you give us when you register.";

#[test]
fn title_is_kept_out_of_sections_and_levels_are_normalised() {
    let md = format!("# Privacy Policy\n\n{BODY}\n\n#### Data\n\n{BODY}\n\n###### Logs\n\n{BODY}\n\n#### Rights\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(o.title.as_deref(), Some("Privacy Policy"));
    assert_eq!(titles(&o), [(1, "Data"), (2, "Logs"), (1, "Rights")]);
    assert_eq!(o.sections[1].path, "s1.s1");
    assert_eq!(o.sections[2].path, "s2");
    assert_eq!(o.clauses.len(), 4);
    assert_eq!(o.clauses[0].section, None);
}

#[test]
fn numbered_lead_ins_nest_numbered_sub_clauses() {
    let md = format!(
        "**4\\. Collection.** {BODY}\n\n4.1 _Account_ {BODY}\n\n4.2 _Logs._ {BODY}\n\n**5\\. Use.** {BODY}\n\n5.1 {BODY}\n"
    );
    let o = parse(&md, Format::Markdown);
    assert_eq!(
        titles(&o),
        [
            (1, "4. Collection."),
            (2, "4.1 Account"),
            (2, "4.2 Logs."),
            (1, "5. Use.")
        ]
    );
    assert_eq!(o.clauses.iter().filter(|c| c.section == Some(3)).count(), 2);
}

#[test]
fn bold_styles_nest_by_first_appearance() {
    let md = format!("**SECTION 1 - Scope**\n\n**1.1 Who we are**\n\n{BODY}\n\n**Contact**\n\n{BODY}\n\n**1.2 Data**\n\n{BODY}\n\n**SECTION 2 - Use**\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(
        titles(&o),
        [
            (1, "SECTION 1 - Scope"),
            (2, "1.1 Who we are"),
            (3, "Contact"),
            (2, "1.2 Data"),
            (1, "SECTION 2 - Use")
        ]
    );
}

#[test]
fn plain_text_with_url_line_and_caps_headings() {
    let text = format!("http://www.example.com/privacy\r\nExample Privacy Policy\nINFORMATION WE COLLECT\n{BODY}\nHow We Use It\n{BODY}\n");
    let text = crate::corpus::sanitize::clean(&text);
    let o = parse(&text, Format::PlainText);
    assert_eq!(o.title.as_deref(), Some("Example Privacy Policy"));
    assert_eq!(
        titles(&o),
        [(1, "INFORMATION WE COLLECT"), (1, "How We Use It")]
    );
    assert_eq!(o.furniture[0].kind, FurnitureKind::SourceUrl);
}

#[test]
fn plain_text_sentence_case_headings_and_a_heading_after_a_date_line() {
    let long = format!("{BODY} {BODY}");
    let text = format!(
        "Who we are\n{BODY}\nHow long we keep your information\n{long}\nThis policy was last modified on 3/25/2011\nContacting Us\n{BODY}\nWe keep it short\nand simple.\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [
            (1, "Who we are"),
            (1, "How long we keep your information"),
            (1, "Contacting Us")
        ]
    );
    assert!(o
        .clauses
        .iter()
        .any(|c| c.text.starts_with("This policy was last modified")));
}

#[test]
fn a_shop_menu_above_the_title_is_furniture_and_the_first_question_heads_a_section() {
    let text = format!(
        "https://shop.example/privacy\nBottled Water Coolers\nReplacement Water Filters\nParts & Accessories\nHOME\nPrivacy Policy\nWhat information do we collect?\n{BODY}\nDo we use cookies?\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(o.title.as_deref(), Some("Privacy Policy"));
    assert_eq!(
        titles(&o),
        [
            (1, "What information do we collect?"),
            (1, "Do we use cookies?")
        ]
    );
    assert!(o.clauses.iter().all(|c| c.text == BODY));
    assert_eq!(o.furniture.len(), 5);
}

#[test]
fn menu_before_the_title_is_furniture() {
    let md = format!("* [Home](/)\n* [Products](/p)\n\nLogin\n\n# Privacy Notice\n\n{BODY}\n\n## Cookies\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert!(o.clauses.iter().all(|c| c.text == BODY));
    assert_eq!(
        o.furniture
            .iter()
            .filter(|f| matches!(f.kind, FurnitureKind::Navigation | FurnitureKind::Button))
            .count(),
        3
    );
}

#[test]
fn plain_text_list_labels_after_a_colon_are_not_headings() {
    let text = format!(
        "What do we use your information for?\nAny of the information we collect may be used in one of the following ways:\nTo improve customer service\n(your information helps us to respond to your requests)\nTo process transactions\n{BODY}\nTo send periodic emails\n{BODY}\nDo we use cookies?\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [
            (1, "What do we use your information for?"),
            (1, "Do we use cookies?")
        ]
    );
    assert!(o
        .clauses
        .iter()
        .any(|c| c.text == "To process transactions"));
}

/// A paragraph of prose long enough to be more than a list entry's gloss.
const PROSE: &str = "These cookies let the shop remember what you put in your basket, and they expire when you close the browser.";

#[test]
fn plain_text_labels_each_opening_prose_after_a_colon_are_headings() {
    let text = format!(
        "Example Privacy Policy\n{BODY}\nThe cookies we set fall into the groups of the industry guide, as follows:\nGroup 1: Essential cookies\n{PROSE}\n{PROSE}\nGroup 2: Analytics cookies\n{PROSE}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [
            (1, "Group 1: Essential cookies"),
            (1, "Group 2: Analytics cookies")
        ]
    );
    // Labels of any words, when the line after the first paragraph is one.
    let text = format!(
        "Example Privacy Policy\n{BODY}\nThe following explains how this site treats your data:\nSharing\n{PROSE}\nCookies\n{PROSE}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "Sharing"), (1, "Cookies")]);
    // One label before prose and no second one: a list entry.
    let text = format!(
        "Example Privacy Policy\n{BODY}\nThe following explains how this site treats your data:\nSharing\n{PROSE}\n{PROSE}\n"
    );
    assert!(titles(&parse(&text, Format::PlainText)).is_empty());
    // Purposes opening with an infinitive stay the list's entries.
    let text = format!(
        "Example Privacy Policy\n{BODY}\nAny of the information we collect may be used in one of the following ways:\nTo process transactions\n{PROSE}\nTo send periodic emails\n{PROSE}\n"
    );
    assert!(titles(&parse(&text, Format::PlainText)).is_empty());
}

#[test]
fn plain_text_last_entry_of_a_run_after_a_colon_is_no_heading() {
    let text = format!(
        "Example Privacy Policy\n{BODY}\nYou must not:\nRepublish material from this site\nSell, rent or lend material from this site\nRedistribute content from this site\nThis agreement starts today.\nContent Liability\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "Content Liability")]);
    // A question ends the list, and so does a title before a long line.
    let text = format!(
        "Example Privacy Policy\n{BODY}\nYou can change your settings:\nChoose the Tools menu of your browser\nClick the Advanced tab in the menu\nHow do other browsers handle cookies?\nMost browsers let you refuse them.\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "How do other browsers handle cookies?")]);
    let text = format!(
        "Example Privacy Policy\n{BODY}\nThis site gives users the following options:\nYou can send email to\nsupport@example.com\nContacting the Web Site\nIf you have any questions about this privacy statement or the practices of this site, you can contact:\nsupport@example.com\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "Contacting the Web Site")]);
}

#[test]
fn plain_text_heading_after_a_word_closing_a_wrapped_sentence() {
    let text = format!(
        "Example Privacy Policy\n{BODY}\nAll messages you send us remain ours and may not be used without our written permission from\nEXAMPLE.COM.\n6. Limitation of Liability\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "6. Limitation of Liability")]);
    // Two words closed by a stop may be a title of their own.
    let text = format!(
        "Example Privacy Policy\n{BODY}\nIf you are not of age and have entered this site you must leave this site\nNo Warranty.\nYour Use Of The Site\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert!(!titles(&o).contains(&(1, "Your Use Of The Site")));
}

#[test]
fn plain_text_heading_over_a_request_to_the_reader() {
    let text = format!(
        "Example Privacy Policy\n{BODY}\nYour Privacy\nPlease read our Privacy Policy\nReservation of Rights\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [(1, "Your Privacy"), (1, "Reservation of Rights")]
    );
}

#[test]
fn plain_text_links_calling_to_act_head_no_sub_heading() {
    let text = format!(
        "Example Privacy Policy\n{BODY}\nOur newsletter brings you the best of each issue, and we never share your address.\nSubscribe to our newsletter\nUnsubscribe from our newsletter\n{PROSE}\nInformation accuracy\n{BODY}\nGo to top\nYour choices\n{BODY}\n"
    );
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [(1, "Information accuracy"), (1, "Your choices")]
    );
}

#[test]
fn plain_text_caps_heading_over_a_sub_heading_right_after_a_paragraph() {
    let text = format!("{BODY}\nCOOKIES\n{BODY}\nPROTECTION OF INFORMATION:\nOur Commitment to Security\n{BODY}\nPOLICY CHANGE:\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    let found: Vec<&str> = titles(&o).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        o.title.as_deref(),
        Some("COOKIES"),
        "the first heading is taken for the title"
    );
    assert_eq!(
        found,
        [
            "PROTECTION OF INFORMATION:",
            "Our Commitment to Security",
            "POLICY CHANGE:"
        ]
    );
}

#[test]
fn markdown_questions_opening_a_policy_are_level_with_its_line_headings() {
    let md = format!("What Information Do We Collect?\n\n{BODY}\n\nHow Is Your Information Used?\n\n{BODY}\n\nDisclosures of Your Information\n\n{BODY}\n\nWhat Do We Collect from Other Sites?\n\n{BODY}\n\nSecurity Of Your Data\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert!(
        titles(&o).iter().all(|&(depth, _)| depth == 1),
        "{:?}",
        titles(&o)
    );
    assert_eq!(o.sections.len(), 5);
}

#[test]
fn a_cookie_settings_panel_after_the_last_banner_is_furniture() {
    let text = format!("Example Privacy Policy\nCONTACT DETAILS\n{BODY}\nThis site uses cookies to give you the best experience. By continuing to browse you agree to our use of cookies.\nI agree\nEdit cookie settings\nManage our use of cookies\nHere you can control cookies using the checkboxes below; some cookies are essential.\nCookie Type\nSave\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "CONTACT DETAILS")]);
    assert_eq!(o.clauses.len(), 1);
    assert!(o
        .furniture
        .iter()
        .any(|f| f.text == "Manage our use of cookies" && f.kind == FurnitureKind::CookieBanner));
}

#[test]
fn text_after_a_cookie_banner_stays_policy_text() {
    let text = format!("Example Privacy Policy\nThis site uses cookies to give you the best experience. By continuing to browse you agree to our use of cookies.\nI agree\nCONTACT DETAILS\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(titles(&o), [(1, "CONTACT DETAILS")]);
    assert_eq!(o.clauses.len(), 1);
}

fn furniture_texts(outline: &Outline) -> Vec<&str> {
    outline.furniture.iter().map(|f| f.text.as_str()).collect()
}

#[test]
fn a_table_of_contents_caption_is_never_a_section() {
    let md = format!("# Acme Privacy Notice\n\n## Table of Contents\n\n* [What we collect](#collect)\n* [Your rights](#rights)\n\n## What we collect\n\n{BODY}\n\n## Your rights\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(titles(&o), [(1, "What we collect"), (1, "Your rights")]);
    assert!(furniture_texts(&o).contains(&"Table of Contents"));
    // Entries written as paragraphs of one link each are the menu too.
    let md = format!("Contents\n--------\n\n[Introduction](https://acme.example/privacy#intro)\n\n[Sharing](https://acme.example/privacy#sharing)\n\n{BODY}\n\n## Sharing\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(titles(&o), [(1, "Sharing")]);
    assert_eq!(o.clauses.len(), 2);
    assert_eq!(furniture_texts(&o), ["Contents", "Introduction", "Sharing"]);
}

#[test]
fn a_menu_caption_needs_a_menu_after_it() {
    let md = format!("# Acme Privacy Notice\n\n## Contents\n\n{BODY}\n\n## Sharing\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(titles(&o), [(1, "Contents"), (1, "Sharing")]);
}

#[test]
fn a_language_switcher_is_furniture() {
    let md = format!("# Acme Privacy Statement\n\nAvailable in other languages:\n-----------------------------\n\n[Deutsch](https://acme.example/de)    [Français](https://acme.example/fr)    [Italiano](https://acme.example/it)\n\n{BODY}\n\n## Sharing\n\n{BODY}\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(titles(&o), [(1, "Sharing")]);
    assert_eq!(
        furniture_texts(&o),
        [
            "Available in other languages:",
            "Deutsch    Français    Italiano"
        ]
    );
    // A section about languages keeps its title.
    let md = format!("# Acme Privacy Statement\n\n## Language\n\n{BODY}\n");
    assert_eq!(titles(&parse(&md, Format::Markdown)), [(1, "Language")]);
}

#[test]
fn a_view_counter_is_furniture() {
    let text =
        format!("Example Privacy Policy\nCookies\n{BODY}\n2,304 total views, 7 views today\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(o.clauses.len(), 1);
    assert_eq!(furniture_texts(&o), ["2,304 total views, 7 views today"]);
    let text = format!("Example Privacy Policy\nCookies\n{BODY}\n1. View\n{BODY}\n");
    assert!(parse(&text, Format::PlainText).furniture.is_empty());
}

#[test]
fn a_menu_glued_onto_the_last_line_of_text_is_footer() {
    let text = format!("Example Privacy Policy\nCookies\n{BODY}\nYou may complain to the regulator at any time, and we will help you do so.Phone: 0160 4499E-mail: info@example.co.ukAbout usPrivacy policyTerms of website use\nMAKE AN ENQUIRY\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        furniture_texts(&o),
        [
            "About usPrivacy policyTerms of website use",
            "MAKE AN ENQUIRY"
        ]
    );
    assert!(o.clauses[1].text.ends_with("E-mail: info@example.co.uk"));
    // Brand names in the last paragraph are not a menu.
    let text = format!("Example Privacy Policy\nCookies\n{BODY}\nWe use services such as Google Analytics and SurveyMonkey\nMAKE AN ENQUIRY\n");
    let o = parse(&text, Format::PlainText);
    assert!(o.furniture.is_empty());
}

#[test]
fn text_stranded_between_the_footer_menus_and_the_copyright_is_furniture() {
    let md = format!("# Privacy Statement\n\n## Contact\n\n{BODY}\n\n* [About](/about)\n* [Careers](/jobs)\n\n* [Blog](/blog)\n* [Press](/press)\n\nYes, I want to receive news and product emails. Read our [privacy policy](/privacy).\n\n© 2020 Acme. All rights reserved\n\n[United Kingdom](/change-location)\n");
    let o = parse(&md, Format::Markdown);
    assert_eq!(o.clauses.len(), 1);
    assert!(furniture_texts(&o).contains(&"United Kingdom"));
    // A closing line right after the policy text stays text.
    let md = format!("# Privacy Statement\n\n## Contact\n\n{BODY}\n\nThank you for reading.\n\n© 2020 Acme. All rights reserved\n");
    assert_eq!(parse(&md, Format::Markdown).clauses.len(), 2);
}

#[test]
fn a_message_glued_onto_the_last_contact_address_starts_the_footer() {
    let text = format!("Example Privacy Policy\nContacting Us\n{BODY}\n1-800-555-0100 support@example.comFor faster service, please contact your store by visiting the location finder.\nFundraising\nJoin Our Team\nAccessibility\n© 2020 EXAMPLE OUTLET ALL RIGHTS RESERVED\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        o.clauses.last().map(|c| c.text.as_str()),
        Some("1-800-555-0100 support@example.com")
    );
    assert!(furniture_texts(&o).contains(
        &"For faster service, please contact your store by visiting the location finder."
    ));
    // A heading glued onto an address runs on into policy text.
    let text = format!("Example Privacy Policy\nContacting Us\n{BODY}\nE: privacy@example.comWill this policy be updated?Due to the nature of privacy law, we may update it.\nFundraising\nJoin Our Team\nAccessibility\n");
    let o = parse(&text, Format::PlainText);
    assert!(o
        .clauses
        .iter()
        .any(|c| c.text.contains("we may update it")));
}

#[test]
fn a_numbered_heading_after_a_date_line_heads_its_section() {
    let text = format!("Terms & Conditions\nEffective December 1, 2017\n1. Acceptance of Terms\n{BODY}\n2. Modifications\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [(1, "1. Acceptance of Terms"), (1, "2. Modifications")]
    );
    assert!(o
        .clauses
        .iter()
        .any(|c| c.text == "Effective December 1, 2017"));
}

#[test]
fn a_numbered_heading_may_head_a_one_word_sub_heading() {
    let text = format!("{BODY}\n3. Recording of data on our website\nAnalytics\n{BODY}\nServer log files\n{BODY}\nOn your taskbar click:\n1. View\n2. Internet Options\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        titles(&o),
        [
            (1, "3. Recording of data on our website"),
            (2, "Analytics"),
            (2, "Server log files")
        ]
    );
}

#[test]
fn the_policy_title_below_the_page_heading_and_a_breadcrumb_is_the_title() {
    let text = format!("https://example.com/about/privacy\nPrivacy Statement\nYou are here: Home\nAcme Motion Control Privacy Policy\nOverview\n{BODY}\nCookies\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(
        o.title.as_deref(),
        Some("Acme Motion Control Privacy Policy")
    );
    assert_eq!(titles(&o), [(1, "Overview"), (1, "Cookies")]);
    assert!(furniture_texts(&o).contains(&"Privacy Statement"));
    // A menu of the site's policies is no title.
    let text =
        format!("Terms of Use\nPrivacy Policy\nCalifornia Consumer Privacy Act\nPricing\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    assert_ne!(o.title.as_deref(), Some("California Consumer Privacy Act"));
}

#[test]
fn a_home_breadcrumb_is_furniture_and_the_title_repeated_below_it_is_dropped() {
    let text = format!("http://example.com/privacy-policy/\nPrivacy Policy\nHome/Privacy Policy\nPrivacy Policy\n{BODY}\nCookies\n{BODY}\n");
    let o = parse(&text, Format::PlainText);
    assert_eq!(o.title.as_deref(), Some("Privacy Policy"));
    assert_eq!(titles(&o), [(1, "Cookies")]);
    assert_eq!(o.clauses.len(), 2);
    assert!(furniture_texts(&o).contains(&"Home/Privacy Policy"));
}

#[test]
fn a_cookie_notice_on_the_page_s_last_line_is_furniture_but_the_same_words_in_the_policy_are_not() {
    let notice = "This website uses cookies to ensure you get the best experience on our website.";
    let text = format!("Privacy Policy\nCookies\n{notice}\n{BODY}\nContact\n{BODY}\n{notice}\n");
    let o = parse(&text, Format::PlainText);
    let kept: Vec<&str> = o.clauses.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        kept,
        [notice, BODY, BODY],
        "the policy's own sentence stays"
    );
    assert_eq!(
        o.furniture.last().map(|f| f.kind),
        Some(FurnitureKind::CookieBanner)
    );
}

#[test]
fn a_footer_menu_below_a_cookie_notice_and_a_screen_reader_caption_is_furniture() {
    let text = format!(
        "Privacy Policy\n{BODY}\n{BODY}\nFooter navigation follows, return to top?\nFind a Doctor\nPatient Education\nMedical Records\nContact Us\nWe use cookies and other tools to enhance your experience on our website and to analyze our web traffic.\n"
    );
    let o = parse(&text, Format::PlainText);
    assert!(o.clauses.iter().all(|c| c.text == BODY));
    assert_eq!(o.furniture.len(), 6);
}

#[test]
fn a_sign_up_widget_does_not_make_the_cookie_sentence_above_it_a_banner() {
    let analytics = "This Web site utilizes Google Analytics to track site visits. Google Analytics uses cookies to accomplish this.";
    let text =
        format!("Privacy Policy\n{BODY}\n{analytics}\nSign up for news and updates\nSign up:\n");
    let o = parse(&text, Format::PlainText);
    assert!(o.clauses.iter().any(|c| c.text == analytics));
    let cookie = "We use cookies to remember your settings.";
    let text = format!("Privacy Policy\n{BODY}\n{BODY}\n{cookie}\nAccept\n");
    let o = parse(&text, Format::PlainText);
    assert!(
        o.clauses.iter().all(|c| c.text != cookie),
        "a consent button still closes a dialog"
    );
}
