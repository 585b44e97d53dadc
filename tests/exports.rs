//! The data exports under `exports/`: each file is written from the
//! published pages, in its format (TimelineJS, FollowTheMoney, RFC 4180
//! CSV, dossier.json with its schema), the same for the same content,
//! listed on `/exports/` and in the sitemap, and never shows a draft. The
//! fixture is `tests/exports/fixture`, which .ci/run also validates with
//! FollowTheMoney and the JSON Schema.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{Dossier, assert_has, assert_lacks};
use serde_json::Value;

const FILES: &[&str] = &[
    "timeline.json",
    "entities.ftm.json",
    "events.csv",
    "sources.csv",
    "briefs.csv",
    "dossier.json",
    "dossier.schema.json",
];

/// The fixture dossier, copied into a temporary folder.
fn fixture() -> Dossier {
    let d = Dossier::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exports/fixture");
    for (rel, path) in common::files(&root) {
        d.file(
            &rel,
            &std::fs::read_to_string(path).expect("read the fixture"),
        );
    }
    d
}

fn built() -> Dossier {
    let d = fixture();
    d.build(&["--no-git"]).success();
    d
}

fn json(d: &Dossier, name: &str) -> Value {
    serde_json::from_str(&d.read(&format!("public/exports/{name}"))).expect("valid JSON")
}

#[test]
fn every_export_is_written_and_listed_on_the_exports_page_and_in_the_sitemap() {
    let d = built();
    let page = d.read("public/exports/index.html");
    let sitemap = d.read("public/sitemap.xml");
    assert_has(&sitemap, "<loc>https://example.org/fixture/exports/</loc>");
    for name in FILES {
        let bytes = std::fs::metadata(d.path().join("public/exports").join(name))
            .unwrap_or_else(|e| panic!("exports/{name}: {e}"))
            .len();
        assert!(bytes > 0, "exports/{name} is empty");
        assert_has(&page, &format!("href=\"../exports/{name}\""));
        assert_has(
            &sitemap,
            &format!("<loc>https://example.org/fixture/exports/{name}</loc>"),
        );
    }
    // Each file's size, as a reader reads it, beside its own name: the
    // page is rendered from sizes the build hands it, not from files of
    // its own.
    for name in FILES {
        let bytes = std::fs::metadata(d.path().join("public/exports").join(name))
            .unwrap()
            .len();
        // SI units, as attachments' sizes: one decimal below ten.
        let size = match bytes {
            0..1000 => format!("{bytes} bytes"),
            1000..9950 => format!("{:.1} kB", bytes as f64 / 1000.0),
            9950..999_500 => format!("{:.0} kB", bytes as f64 / 1000.0),
            _ => panic!("exports/{name} is {bytes} bytes: the fixture is small"),
        };
        assert_has(
            &page,
            &format!("download>{name}</a> <span class=\"size\">({size})</span>"),
        );
    }
    // The footer of every page leads to the exports.
    assert_has(
        &d.read("public/briefs/treaty/index.html"),
        "<a href=\"../../exports/index.html\">Exports</a>",
    );
}

#[test]
fn csv_fields_are_quoted_as_rfc_4180_says_with_crlf_line_ends() {
    let d = built();
    let briefs = d.read("public/exports/briefs.csv");
    assert!(briefs.starts_with("slug,title,date,updated,url,summary,topics,actors,sources\r\n"));
    // A comma and quotes quote the field and double the quotes; a line
    // break inside a field stays inside its quotes.
    assert_has(
        &briefs,
        "treaty,\"Treaty, \"\"signed\"\"\",2025-01-17,,https://example.org/fixture/briefs/treaty/,\"Two lines,\nwith a comma and \"\"quotes\"\".\",Gas,",
    );
    for csv in ["briefs.csv", "events.csv", "sources.csv"] {
        let text = d.read(&format!("public/exports/{csv}"));
        assert!(text.ends_with("\r\n"), "{csv} does not end its last line");
        let bare = text.replace("\r\n", "");
        // The only bare LF is the one inside the quoted summary.
        let allowed = usize::from(csv == "briefs.csv");
        assert_eq!(bare.matches('\n').count(), allowed, "{csv} has bare LFs");
    }
    // Dates as written: a year, a month, a day.
    let events = d.read("public/exports/events.csv");
    assert_has(&events, "\r\n2024,Talks begin,event,");
    assert_has(&events, "\r\n2024-03,Draft text agreed,event,");
    assert_has(&events, "\r\n2024-06,Gas deal,brief,");
    assert_eq!(
        d.read("public/exports/sources.csv"),
        "id,title,author,publisher,url,date,reliability,archive,cited_by\r\n\
         kumar-2025,Russia and Iran's pact of convenience,Ruchi Kumar,The Globe and Mail,https://example.org/kumar,2025-01-21,B,,\"Treaty, \"\"signed\"\"\"\r\n\
         local-1,A local report,,Desk,,2024-06,,,Gas deal\r\n"
    );
}

#[test]
fn timeline_json_keeps_partial_dates_and_links_each_row_to_its_brief() {
    let d = built();
    let timeline = json(&d, "timeline.json");
    assert_eq!(timeline["title"]["text"]["headline"], "Export fixture");
    let events = timeline["events"].as_array().expect("events");
    let find = |headline: &str| {
        events
            .iter()
            .find(|e| e["text"]["headline"] == headline)
            .unwrap_or_else(|| panic!("no event {headline}"))
    };
    assert_eq!(
        find("Talks begin")["start_date"],
        serde_json::json!({"year": "2024"})
    );
    assert_eq!(
        find("Draft text agreed")["start_date"],
        serde_json::json!({"year": "2024", "month": "3"})
    );
    let signed = find("The treaty is signed");
    assert_eq!(
        signed["start_date"],
        serde_json::json!({"year": "2025", "month": "1", "day": "17"})
    );
    assert_eq!(signed["unique_id"], "event-treaty-3");
    assert_eq!(
        signed["credit"],
        "Russia and Iran&#39;s pact of convenience"
    );
    assert_has(
        signed["text"]["text"].as_str().unwrap(),
        "<a href=\"https://example.org/fixture/briefs/treaty/\">Treaty, &quot;signed&quot;</a>",
    );
    assert_eq!(find("Gas deal")["unique_id"], "brief-gas-deal");
}

#[test]
fn ftm_entities_have_stable_ids_and_a_schema_by_kind() {
    let d = built();
    let text = d.read("public/exports/entities.ftm.json");
    let entities: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let schema_of = |id: &str| {
        let entity = entities.iter().find(|e| e["id"] == id);
        entity.unwrap_or_else(|| panic!("no entity {id}"))["schema"].clone()
    };
    assert_eq!(schema_of("dossier-actor-vladimir-putin"), "Person");
    assert_eq!(schema_of("dossier-actor-gazprom"), "Organization");
    assert_eq!(schema_of("dossier-actor-iran"), "PublicBody");
    // Named in front matter only: no kind.
    assert_eq!(schema_of("dossier-actor-masoud-pezeshkian"), "LegalEntity");
    assert_eq!(schema_of("dossier-topic-gas"), "Note");
    assert_eq!(schema_of("dossier-event-treaty-1"), "Event");
    assert_eq!(schema_of("dossier-source-kumar-2025"), "Article");
    assert_eq!(
        schema_of("dossier-source-kumar-2025-documents-dossier-event-treaty-3"),
        "Documentation"
    );
    let event = entities
        .iter()
        .find(|e| e["id"] == "dossier-event-treaty-1")
        .unwrap();
    assert_eq!(event["properties"]["date"], serde_json::json!(["2024"]));
    assert_eq!(
        event["properties"]["involved"],
        serde_json::json!(["dossier-actor-iran", "dossier-actor-vladimir-putin"])
    );
    let putin = entities
        .iter()
        .find(|e| e["id"] == "dossier-actor-vladimir-putin")
        .unwrap();
    assert_eq!(putin["properties"]["alias"], serde_json::json!(["Putin"]));
    assert_eq!(
        putin["properties"]["position"],
        serde_json::json!(["President of Russia"])
    );
}

#[test]
fn dossier_json_has_schema_version_1_and_the_linked_model() {
    let d = built();
    let model = json(&d, "dossier.json");
    assert_eq!(model["schema_version"], 1);
    let pages = model["pages"].as_array().unwrap();
    let treaty = pages
        .iter()
        .find(|p| p["url"] == "briefs/treaty/")
        .expect("the treaty brief");
    assert_eq!(treaty["kind"], "brief");
    assert_eq!(treaty["date"], "2025-01-17");
    assert_eq!(treaty["topics"], serde_json::json!(["topics/gas/"]));
    assert_eq!(treaty["sources"], serde_json::json!(["kumar-2025"]));
    assert_eq!(
        treaty["backlinks"],
        serde_json::json!(["", "briefs/gas-deal/"])
    );
    let links = model["links"].as_array().unwrap();
    let to_treaty = links
        .iter()
        .find(|l| l["from"] == "briefs/gas-deal/" && l["to"] == "briefs/treaty/")
        .expect("gas deal links to the treaty");
    assert_eq!(to_treaty["sentence"], "Swaps began, after the treaty.");
    let events = model["events"].as_array().unwrap();
    assert_eq!(events[0]["date"], "2024");
    assert_eq!(events[0]["type"], "event");
    let sources = model["sources"].as_array().unwrap();
    assert_eq!(sources[0]["id"], "kumar-2025");
    // The schema is published beside it, as the repository has it.
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/dossier.schema.json"),
    )
    .unwrap();
    assert_eq!(d.read("public/exports/dossier.schema.json"), schema);
    let schema: Value = serde_json::from_str(&schema).unwrap();
    assert_eq!(schema["properties"]["schema_version"]["const"], 1);
}

#[test]
fn drafts_never_appear_in_any_export_even_when_built_with_drafts() {
    let d = fixture();
    d.build(&["--no-git", "--drafts"]).success();
    // The draft is on the site itself…
    assert!(d.exists("public/briefs/secret/index.html"));
    // …but in no export: not it, nor its event, source, or the topic and
    // actor only it names.
    for name in FILES {
        let text = d.read(&format!("public/exports/{name}"));
        assert_lacks(&text, "Secretdraft");
        assert_lacks(&text, "secretdraft");
    }
}

#[test]
fn exports_are_the_same_bytes_in_every_build() {
    let d = built();
    let first = d.snapshot("public/exports");
    d.build(&["--no-git", "-o", "again"]).success();
    let again = d.snapshot("again/exports");
    assert_eq!(first.len(), FILES.len() + 1);
    for (name, (bytes, _)) in &first {
        assert_eq!(
            Some(bytes),
            again.get(name).map(|(b, _)| b),
            "{name} differs"
        );
    }
}

#[test]
fn a_csv_field_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote() {
    let d = Dossier::new();
    d.brief(
        "f",
        "'=HYPERLINK(\"http://x\")'",
        "date: 2024\nsummary: \"@SUM(A1)\"\n",
        "Text.\n",
    );
    d.build(&["--no-git"]).success();
    let briefs = d.read("public/exports/briefs.csv");
    assert_has(&briefs, "\r\nf,\"'=HYPERLINK(\"\"http://x\"\")\",2024,,");
    assert_has(&briefs, ",'@SUM(A1),");
    // The JSON exports keep the title as written: they are data, not cells.
    assert_has(
        &d.read("public/exports/dossier.json"),
        "\"title\": \"=HYPERLINK(\\\"http://x\\\")\"",
    );
}
