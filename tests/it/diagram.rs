//! The driver diagram of a change package as built HTML: the wide SVG and the
//! narrow bands hold the same boxes, laid out in the page's direction, with box
//! text marked by its language on fallback pages; the list alternative names
//! each level once per list instead of on every item.

use crate::support::*;

fn example_site() -> BuiltSite {
    let (dir, site) = build_into_temp(&example_toolkit(), None);
    // Keep the folder for the life of the test run.
    std::mem::forget(dir);
    site
}

#[test]
fn the_list_alternative_names_each_level_once_per_list() {
    let site = example_site();
    let doc = site.page("en/change-packages/run-a-learning-collaborative/");
    let section = one(&doc, r#"section[aria-labelledby="driver-list"]"#);
    let labels: Vec<String> = select_in(section, ".driver-level")
        .into_iter()
        .map(text)
        .collect();
    let lists = select_in(section, "ul").len();
    assert_eq!(labels.len(), lists, "one label per list: {labels:?}");
    assert_eq!(labels[0], ui("en", "change_package.primary_drivers"));
    for li in select_in(section, "li") {
        let own = text(li);
        for level in ["primary_drivers", "secondary_drivers", "change_ideas"] {
            assert!(
                !own.starts_with(&ui("en", &format!("change_package.{level}"))),
                "an item starts with its level's name: {own}"
            );
        }
    }
    for list in select_in(section, "ul") {
        let label_id = attr(list, "aria-labelledby");
        assert!(
            select_in(section, &format!("#{label_id}")).len() == 1,
            "each list is labelled by its level's name"
        );
    }
}

#[test]
fn wide_and_narrow_drawings_hold_the_same_boxes() {
    let site = example_site();
    let doc = site.page("en/change-packages/run-a-learning-collaborative/");
    let svg = one(&doc, ".diagram svg.driver-diagram");
    let bands = one(&doc, ".diagram .dd-bands");
    assert_eq!(attr(bands, "role"), "img");
    assert_eq!(attr(bands, "aria-label"), attr(svg, "aria-label"));
    let boxes = select_in(bands, ".dd-box").len();
    assert_eq!(boxes, select_in(svg, "rect").len());
    // Body-size text: the SVG is drawn to be shown one unit per CSS pixel,
    // 1120 wide plus a 2-unit margin each side so no border is cut.
    assert_eq!(attr(svg, "width"), "1124");
    let view_box: Vec<String> = attr(svg, "viewBox")
        .split(' ')
        .map(str::to_string)
        .collect();
    assert_eq!(view_box[..3], ["-2", "-2", "1124"]);
    // Every secondary driver and idea names where it comes from.
    for band in &select_in(bands, ".dd-band")[2..] {
        for b in select_in(*band, ".dd-box") {
            assert!(
                select_in(b, ".dd-from").len() == 1,
                "{} says where it comes from",
                text(b)
            );
        }
    }
}

#[test]
fn fallback_pages_mark_box_text_not_the_level_names() {
    let site = example_site();
    // The Spanish site shows the English change package.
    let doc = site.page("es/change-packages/run-a-learning-collaborative/");
    let diagram = one(&doc, ".diagram");
    let lang = |e: scraper::ElementRef| e.value().attr("lang").map(str::to_string);
    assert_eq!(
        lang(diagram),
        None,
        "the drawing as a whole is in the page's language"
    );
    let svg = one(&doc, ".diagram svg");
    assert!(
        select_in(svg, ".dd-heading")
            .iter()
            .all(|h| lang(*h).is_none())
    );
    assert!(
        select_in(svg, ".dd-text")
            .iter()
            .all(|t| lang(*t).as_deref() == Some("en"))
    );
    assert!(
        select_in(diagram, ".dd-label")
            .iter()
            .all(|t| lang(*t).as_deref() == Some("en"))
    );
    assert_eq!(
        text(select_in(diagram, ".dd-band-title")[0]),
        ui("es", "change_package.aim")
    );
}

#[test]
fn right_to_left_pages_put_the_aim_on_the_right() {
    let (_dir, site) = build_into_temp(&fixture("i18n"), None);
    let doc = site.page("ar/change-packages/improve-follow-up/");
    let svg = one(&doc, ".diagram svg");
    assert_eq!(attr(svg, "direction"), "rtl");
    let x_of = |class: &str| -> f32 {
        attr(select_in(svg, &format!("rect.{class}"))[0], "x")
            .parse()
            .unwrap()
    };
    assert!(
        x_of("dd-col0") > x_of("dd-col3"),
        "aim to the right of the change ideas"
    );
}
