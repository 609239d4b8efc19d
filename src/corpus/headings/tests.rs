use super::*;
use crate::corpus::blocks::markdown_blocks;

fn first_heading(md: &str) -> Option<Heading> {
    let blocks = markdown_blocks(md);
    detect(&blocks[0], blocks.get(1))
}

/// The title of the first line of plain text, if it is title-shaped.
fn plain_title(text: &str) -> Option<String> {
    let blocks = crate::corpus::plain::plain_blocks(text);
    title_shaped_line(&blocks[0]).map(|h| h.title)
}

const BODY: &str = "\n\nWe collect the information you give us when you register.\n";

#[test]
fn atx_and_setext() {
    let h = first_heading("#### Cookies\n").unwrap();
    assert_eq!(
        (h.title.as_str(), h.marker),
        ("Cookies", Marker::Markdown(4))
    );
    let h = first_heading("Your Choices\n---\n").unwrap();
    assert_eq!(h.marker, Marker::Markdown(2));
}

#[test]
fn bold_lead_in_splits_title_and_text() {
    let h = first_heading("**4\\. Choice.** You may opt out at any time.\n").unwrap();
    assert_eq!(h.title, "4. Choice.");
    assert_eq!(h.marker, Marker::BoldLeadIn);
    assert_eq!(h.numbering, Numbering::Dotted(1));
    assert_eq!(h.rest.as_deref(), Some("You may opt out at any time."));
}

#[test]
fn unnumbered_bold_lead_in_is_body() {
    assert_eq!(
        first_heading("**Note.** We may share data with partners.\n"),
        None
    );
}

#[test]
fn bold_line_and_bold_first_line() {
    let h = first_heading(&format!("**Overview**{BODY}")).unwrap();
    assert_eq!((h.title.as_str(), h.marker), ("Overview", Marker::BoldLine));
    let h = first_heading("**General**  \nWe take privacy seriously.\n").unwrap();
    assert_eq!(h.rest.as_deref(), Some("We take privacy seriously."));
}

#[test]
fn numbered_sub_clause_with_emphasis() {
    let h = first_heading("4.1 _Account_ In order to use the service you register.\n").unwrap();
    assert_eq!(h.title, "4.1 Account");
    assert_eq!(h.number.as_deref(), Some("4.1"));
    assert_eq!(h.numbering, Numbering::Dotted(2));
}

#[test]
fn plain_lines_caps_numbered_and_questions() {
    let h = first_heading(&format!("How We Use Information collected{BODY}")).unwrap();
    assert_eq!(h.marker, Marker::PlainLine);
    assert!(first_heading(&format!("INFORMATION WE COLLECT{BODY}")).is_some());
    let h = first_heading(&format!("What are cookies?{BODY}")).unwrap();
    assert_eq!(h.marker, Marker::Question);
    let blocks = crate::corpus::plain::plain_blocks(
        "1. INFORMATION WE COLLECT\nWe collect your name and address when you sign up.\n",
    );
    assert_eq!(
        detect(&blocks[0], blocks.get(1)).unwrap().numbering,
        Numbering::Dotted(1)
    );
}

#[test]
fn title_case_lines_closed_by_a_period() {
    let h = first_heading(&format!("Limitation Of Liability.{BODY}")).unwrap();
    assert_eq!(h.title, "Limitation Of Liability.");
    assert!(first_heading(&format!("No Warranties.{BODY}")).is_some());
    assert_eq!(first_heading(&format!("We sell nothing.{BODY}")), None);
    assert_eq!(
        first_heading(&format!("Thank you for visiting.{BODY}")),
        None
    );
}

#[test]
fn date_lines_are_body_but_date_titles_are_headings() {
    assert!(is_date_line("Modified September 06, 2017"));
    assert_eq!(
        first_heading(&format!("## Last updated: December 10, 2025{BODY}")),
        None
    );
    assert_eq!(
        first_heading(&format!("**Effective May 1, 2020**{BODY}")),
        None
    );
    assert!(first_heading(&format!("Effective Date and Updates{BODY}")).is_some());
}

#[test]
fn sentences_are_not_headings() {
    assert_eq!(first_heading(&format!("We do not sell data.{BODY}")), None);
    assert_eq!(first_heading("Standalone at the end\n"), None);
    assert_eq!(
        first_heading("We may collect:\n\n* your name\n* your email\n"),
        None
    );
}

#[test]
fn contact_lines_with_an_e_mail_address_are_not_headings() {
    assert_eq!(
        first_heading(&format!("Email: privacy@example.com{BODY}")),
        None
    );
    assert_eq!(
        first_heading(&format!("SERVICE CONTACT : webmaster@example.org{BODY}")),
        None
    );
    assert!(first_heading(&format!("Contact Us{BODY}")).is_some());
}

#[test]
fn numbered_phrases_in_sentence_case_are_titles_but_numbered_sentences_are_not() {
    let title = plain_title;
    assert_eq!(
        title("3. Providing your personal data to others\n").as_deref(),
        Some("3. Providing your personal data to others")
    );
    assert_eq!(title("8.3 You must satisfy yourself that all\n"), None);
    assert_eq!(
        title("1.5 In this policy, we and our refer to Acme Limited\n"),
        None
    );
    assert_eq!(title("9.1\n"), None);
}

#[test]
fn a_long_question_is_a_heading_when_it_is_one_question() {
    let long = "What partners or service providers have access to Personally Identifiable Information from Visitors and Customers on the Site?";
    assert!(long.chars().count() > 120);
    let h = first_heading(&format!("{long}{BODY}")).unwrap();
    assert_eq!(h.marker, Marker::Question);
    let not = "We may also collect information about you from other third-party sites, as described below in the part of this policy headed What Information Do We Collect?";
    assert!(not.chars().count() > 120);
    assert_eq!(first_heading(&format!("{not}{BODY}")), None);
}

#[test]
fn word_limits_count_as_split_whitespace_does() {
    for text in ["", " ", "one", " a  b\tc\u{a0}d\u{2003}e ", "x\u{3000}y z"] {
        let words = text.split_whitespace().count();
        for n in 0..7 {
            assert_eq!(more_words_than(text, n), words > n, "{text:?} {n}");
        }
    }
}

#[test]
fn numbering_schemes() {
    assert_eq!(numbering_of("SECTION 2 - Use").0, Numbering::Named);
    assert_eq!(
        numbering_of("4.1.2 Logs"),
        (Numbering::Dotted(3), Some("4.1.2".into()))
    );
    assert_eq!(numbering_of("(a) Cookies").0, Numbering::LowerLetter);
    assert_eq!(numbering_of("B. Sharing").0, Numbering::UpperLetter);
    assert_eq!(numbering_of("IV. Rights").0, Numbering::Roman);
    assert_eq!(numbering_of("2019 was a year").0, Numbering::None);
}

#[test]
fn bold_headings_whose_markup_the_page_broke() {
    let h = first_heading("**International transfers  \n\u{200d}**In managing our business we may transfer your data.\n").unwrap();
    assert_eq!(
        (h.title.as_str(), h.marker),
        ("International transfers", Marker::BoldLine)
    );
    assert_eq!(
        h.rest.as_deref(),
        Some("In managing our business we may transfer your data.")
    );
    let h = first_heading(
        "**Information we collect from other sources\n\n\u{200d}**We may also receive data.\n",
    )
    .unwrap();
    assert_eq!(h.title, "Information we collect from other sources");
    let h =
        first_heading("Use of private information policy (GDPR)**  \nWe are a charity.\n").unwrap();
    assert_eq!(h.title, "Use of private information policy (GDPR)");
    assert_eq!(
        first_heading("**Note: we never sell your data. Ever.\n"),
        None
    );
}

#[test]
fn a_question_wrapped_after_its_first_word_is_a_heading() {
    let mut block = Block::new(BlockKind::Paragraph);
    block.text = "What\nPersonally Identifiable Information is collected?".to_string();
    block.breaks = vec![4];
    assert_eq!(
        title_shaped_line(&block).map(|h| h.marker),
        Some(Marker::Question)
    );
    block.text = "If you have any questions about\nthis policy, why not ask?".to_string();
    block.breaks = vec![31];
    assert_eq!(title_shaped_line(&block), None);
}

#[test]
fn numbered_titles_closed_by_a_period_but_not_numbered_sentences() {
    let title = plain_title;
    assert_eq!(
        title("2. Mandatory Information.").as_deref(),
        Some("2. Mandatory Information.")
    );
    assert_eq!(
        title("3. Transfer and Collection of Information.").as_deref(),
        Some("3. Transfer and Collection of Information.")
    );
    assert_eq!(title("3. We collect your name."), None);
    assert_eq!(title("4. Providers we work with, such as banks."), None);
}

#[test]
fn a_trail_of_pages_is_no_title() {
    let blocks = crate::corpus::plain::plain_blocks("Vacation Paradise >About Us\n");
    assert_eq!(title_shaped_line(&blocks[0]), None);
}

fn line(text: &str) -> Block {
    let mut block = Block::new(BlockKind::Paragraph);
    block.text = text.to_string();
    block
}

#[test]
fn a_sentence_opening_a_list_is_no_title() {
    for lead_in in [
        "You agree and confirm that:",
        "We may share it with:",
        "Examples of such data include:",
        "THE SHOP MAY SHARE DATA WITH THE FOLLOWING:",
        "Your Resume may not contain:",
        "Job Postings Must Not Include:",
    ] {
        assert_eq!(title_shaped_line(&line(lead_in)), None, "{lead_in}");
    }
    let h = title_shaped_line(&line("Information You Give Us:")).unwrap();
    assert_eq!(h.title, "Information You Give Us:");
    assert!(title_shaped_line(&line("Payment:")).is_some());
    // A lead-in is a sentence: body text a heading stands over.
    assert!(is_body(&line("We promise:")));
    assert!(!is_body(&line("Payment:")));
}

#[test]
fn a_request_to_the_reader_is_a_sentence() {
    assert_eq!(
        title_shaped_line(&line("Please read our Privacy Policy")),
        None
    );
    assert_eq!(title_shaped_line(&line("See our cookie notice")), None);
    assert!(is_body(&line("Please read our Privacy Policy")));
    assert!(!is_body(&line("Click here to opt out")));
    assert!(title_shaped_line(&line("Please Note")).is_some());
}

#[test]
fn a_long_title_in_strict_title_case_is_a_title() {
    let long = "How We Use Data and When We May Share and Disclose Your Data Generally";
    assert!(title_shaped_line(&line(long)).is_some());
    // Capitals throughout are a sentence, a run of names with no small
    // words a menu, and sentence case a sentence.
    for not_title in [
        "MATERIALS YOU PROVIDE TO THE SHOP OR POST AT ANY OF ITS WEB SITES OR FORUMS",
        "Home Pricing Partners Who We Serve A Few of Our Clients Blog Careers Contact",
        "How we use data and when we may share and disclose your data in general terms",
    ] {
        assert_eq!(title_shaped_line(&line(not_title)), None, "{not_title}");
    }
}

#[test]
fn a_link_back_to_the_top_is_no_title() {
    assert_eq!(title_shaped_line(&line("Return to top")), None);
    assert_eq!(title_shaped_line(&line("Back to top")), None);
    assert!(is_call_to_action("Subscribe to our newsletter"));
    assert!(!is_call_to_action("Subscriptions and Cancellation"));
    // A call to act is still title-shaped on its own.
    assert!(title_shaped_line(&line("Unsubscribe from marketing")).is_some());
}

#[test]
fn a_table_answer_on_its_own_line_is_no_title() {
    assert_eq!(plain_title("Yes\n"), None);
    assert_eq!(plain_title("Yes, for Independent Consultants\n"), None);
    assert_eq!(plain_title("N/A\n"), None);
    assert_eq!(
        plain_title("No Warranties\n").as_deref(),
        Some("No Warranties")
    );
    assert_eq!(
        plain_title("Notice of Privacy Practices\n").as_deref(),
        Some("Notice of Privacy Practices")
    );
}
