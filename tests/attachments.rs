//! Attachments: files beside the Markdown (a map, a PDF report) published
//! under `files/` when a published page links to them, links and images
//! written relative to whichever page shows them, and every local link
//! checked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks, broken_links};

/// A brief in `content/briefs/syunik/` with a map and a report beside it,
/// a topic and a static file; the brief's body is `body`.
fn dossier(body: &str) -> Dossier {
    let d = Dossier::new();
    d.bytes("content/briefs/syunik/maps/Syunik Map.PNG", b"\x89PNG map");
    d.bytes("content/briefs/syunik/report.pdf", b"%PDF report");
    d.bytes("content/shared/logo.svg", b"<svg/>");
    d.file("static/legend.svg", "<svg/>");
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\n\nThe [map](../briefs/syunik/maps/Syunik%20Map.PNG).\n",
    );
    d.file(
        "content/briefs/syunik/corridor.md",
        &format!("---\ntitle: Corridor\ndate: 2024-01-01\ntopics: [gas]\n---\n\n{body}"),
    );
    d
}

#[test]
fn relative_and_nested_links_publish_the_files_and_point_at_them_from_the_brief() {
    let d = dossier(
        "![The map](maps/Syunik%20Map.PNG) and the [report](report.pdf?dl=1) and ![](../../shared/logo.svg).\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    assert_has(
        &html,
        "<img src=\"../../files/briefs/syunik/maps/syunik-map.png\" alt=\"The map\">",
    );
    assert_has(
        &html,
        "<a href=\"../../files/briefs/syunik/report.pdf?dl=1\">report</a> <span class=\"file-meta\">(PDF, 11 bytes)</span>",
    );
    assert_has(
        &html,
        "<img src=\"../../files/shared/logo.svg\" alt=\"\" loading=\"lazy\" decoding=\"async\">",
    );
    assert_eq!(
        std::fs::read(
            d.path()
                .join("public/files/briefs/syunik/maps/syunik-map.png")
        )
        .unwrap(),
        b"\x89PNG map"
    );
    assert!(d.exists("public/files/briefs/syunik/report.pdf"));
    assert!(d.exists("public/files/shared/logo.svg"));
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
}

#[test]
fn root_relative_links_reach_static_files_and_generated_pages_relative_to_the_page() {
    let d = dossier(
        "![](/legend.svg) [css](/static/syntax.css) [tl](/timeline/) [gas](/topics/gas/#x) [feed](/atom.xml?v=1) [f](/files/briefs/syunik/report.pdf)\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    assert_has(&html, "<img src=\"../../legend.svg\" alt=\"\">");
    assert_has(&html, "<a href=\"../../static/syntax.css\">css</a>");
    assert_has(&html, "<a href=\"../../timeline/index.html\">tl</a>");
    assert_has(&html, "<a href=\"../../topics/gas/index.html#x\">gas</a>");
    assert_has(&html, "<a href=\"../../atom.xml?v=1\">feed</a>");
    assert_has(
        &html,
        "<a href=\"../../files/briefs/syunik/report.pdf\">f</a>",
    );
    assert!(d.exists("public/files/briefs/syunik/report.pdf"));
}

#[test]
fn packs_and_topic_pages_point_at_the_files_from_where_they_are() {
    let d = dossier("![The map](maps/Syunik%20Map.PNG)\n");
    d.build(&[]).success();
    let img = |root: &str| {
        format!("<img src=\"{root}files/briefs/syunik/maps/syunik-map.png\" alt=\"The map\">")
    };
    assert_has(&d.read("public/print/index.html"), &img("../"));
    assert_has(
        &d.read("public/topics/gas/print/index.html"),
        &img("../../../"),
    );
    // The topic page shows its own body.
    let topic = d.read("public/topics/gas/index.html");
    assert_has(
        &topic,
        "<a href=\"../../files/briefs/syunik/maps/syunik-map.png\">map</a>",
    );
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
}

#[test]
fn a_missing_file_is_an_error_with_the_nearest_name() {
    let d = dossier("See ![](maps/Syunik%20Mapp.PNG) and [x](nowhere.html) and [s](/legnd.svg).\n");
    let out = d.build(&[]).code(1);
    out.stderr_has("error[unknown-file-link]: no file 'maps/Syunik Mapp.PNG'");
    out.stderr_has("content/briefs/syunik/corridor.md:7:5");
    out.stderr_has("did you mean 'maps/Syunik Map.PNG'?");
    out.stderr_has("no file 'nowhere.html'");
    out.stderr_has("no file or page of the site at '/legnd.svg'");
    out.stderr_has("did you mean '/legend.svg'?");
    d.run(&["check"])
        .code(1)
        .stderr_has("no file 'nowhere.html'");
}

#[test]
fn a_link_that_climbs_out_of_content_is_an_error() {
    let d = dossier("![](../../../static/legend.svg) [x](/../../etc/passwd)\n");
    let out = d.build(&[]).code(1);
    out.stderr_has("link to '../../../static/legend.svg' leaves the content folder");
    out.stderr_has("link to '/../../etc/passwd' climbs above the site's root");
}

#[test]
fn files_only_drafts_or_nothing_link_to_stay_private_and_check_notes_them() {
    let d = dossier("No links.\n");
    d.file(
        "content/briefs/syunik/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\n\n[r](report.pdf)\n",
    );
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\n\nNothing.\n",
    );
    d.build(&[]).success();
    assert!(!d.exists("public/files"));
    let check = d.run(&["check"]).success();
    check.stderr_has("note[unused-attachment]: no published page links to content/briefs/syunik/report.pdf, so it is not published");
    check.stderr_has("content/shared/logo.svg");
    d.build(&["--drafts"]).success();
    assert!(d.exists("public/files/briefs/syunik/report.pdf"));
}

#[test]
fn two_files_with_one_url_are_an_error_naming_both() {
    let d = dossier("[r](report.pdf)\n");
    d.bytes("content/briefs/syunik/Report.PDF", b"other");
    d.build(&[])
        .code(1)
        .stderr_has("error[duplicate-attachment]: content/briefs/syunik/report.pdf and content/briefs/syunik/Report.PDF would both be published as /files/briefs/syunik/report.pdf");
}

#[test]
fn external_and_fragment_links_are_left_alone() {
    let d = dossier(
        "[a](https://x.org/a.png) [b](#top) [c](mailto:a@b.org) [d](//cdn.org/x.js) ![e](http://x.org/e.png)\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    assert_has(&html, "<a href=\"https://x.org/a.png\">a</a>");
    assert_has(&html, "<a href=\"#top\">b</a>");
    assert_has(&html, "<a href=\"mailto:a@b.org\">c</a>");
    assert_has(&html, "<a href=\"//cdn.org/x.js\">d</a>");
    assert_has(&html, "<img src=\"http://x.org/e.png\" alt=\"e\">");
    assert_lacks(&html, "unpublished");
}

#[test]
fn an_unlinked_file_is_removed_from_the_output_and_a_changed_one_copied_again() {
    let d = dossier("[r](report.pdf)\n");
    d.build(&[]).success();
    let out = d.path().join("public/files/briefs/syunik/report.pdf");
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF report");
    d.bytes(
        "content/briefs/syunik/report.pdf",
        b"%PDF report, second edition",
    );
    d.build(&[]).success();
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF report, second edition");
    d.file(
        "content/briefs/syunik/corridor.md",
        "---\ntitle: Corridor\ndate: 2024-01-01\n---\n\nNo link.\n",
    );
    d.build(&[]).success();
    assert!(!out.exists());
}

/// The peak resident memory (KiB) of `dossier build` on `d`, as GNU
/// time reports it; `None` without /usr/bin/time.
fn build_peak_kib(d: &Dossier) -> Option<u64> {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let output = std::process::Command::new(time)
        .args(["-f", "peak %M"])
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-r"])
        .arg(d.path())
        .output()
        .expect("run the build under /usr/bin/time");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().rev().find(|l| l.starts_with("peak "))?;
    line.trim_start_matches("peak ").trim().parse().ok()
}

#[test]
fn a_200_mb_attachment_is_copied_without_being_read_into_memory() {
    let d = dossier("[r](report.pdf) [big](big.bin)\n");
    d.bytes("content/briefs/syunik/big.bin", b"small");
    let small = build_peak_kib(&d);
    let big = d.path().join("content/briefs/syunik/big.bin");
    let file = std::fs::File::options().write(true).open(&big).unwrap();
    file.set_len(200 << 20).unwrap();
    drop(file);
    let large = build_peak_kib(&d);
    if small.is_none() {
        // No /usr/bin/time here: the copy is still checked below.
        eprintln!("note: /usr/bin/time is missing; the build's memory is not measured");
        d.build(&[]).success();
    }
    let copied = d.path().join("public/files/briefs/syunik/big.bin");
    assert_eq!(std::fs::metadata(&copied).unwrap().len(), 200 << 20);
    if let (Some(small), Some(large)) = (small, large) {
        assert!(
            large < small + 100 * 1024,
            "peak RSS grew from {small} KiB to {large} KiB"
        );
    }
}

/// The first bytes of a PNG of `width` × `height` pixels: enough header
/// for its size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

/// A GIF's header for `width` × `height` pixels.
fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(width.to_le_bytes());
    bytes.extend(height.to_le_bytes());
    bytes.extend([0, 0, 0]);
    bytes
}

#[test]
fn images_get_their_size_lazy_loading_after_the_first_and_a_caption_when_alone() {
    let d = dossier(
        "![First](a.png)\n\n![Map of Syunik](map.png \"Troop positions, May\")\n\nInline ![Small](b.gif \"A tip\") here.\n\n![Wide](vector.svg)\n",
    );
    d.bytes("content/briefs/syunik/a.png", &png(640, 480));
    d.bytes("content/briefs/syunik/map.png", &png(1200, 800));
    d.bytes("content/briefs/syunik/b.gif", &gif(10, 20));
    d.file(
        "content/briefs/syunik/vector.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 150\"/>",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    let files = "../../files/briefs/syunik";
    assert_has(
        &html,
        &format!(
            "<p dir=\"auto\"><img src=\"{files}/a.png\" alt=\"First\" width=\"640\" height=\"480\"></p>"
        ),
    );
    assert_has(
        &html,
        &format!(
            "</p>\n<figure><img src=\"{files}/map.png\" alt=\"Map of Syunik\" width=\"1200\" height=\"800\" \
             loading=\"lazy\" decoding=\"async\"><figcaption>Troop positions, May</figcaption></figure>\n<p dir=\"auto\">"
        ),
    );
    assert_has(
        &html,
        &format!(
            "<p dir=\"auto\">Inline <img src=\"{files}/b.gif\" alt=\"Small\" title=\"A tip\" width=\"10\" height=\"20\" \
             loading=\"lazy\" decoding=\"async\"> here.</p>"
        ),
    );
    assert_has(
        &html,
        &format!(
            "<p dir=\"auto\"><img src=\"{files}/vector.svg\" alt=\"Wide\" width=\"300\" height=\"150\" loading=\"lazy\" decoding=\"async\"></p>"
        ),
    );
}

#[test]
fn video_and_audio_embeds_are_players_and_links_to_files_say_type_and_size() {
    let d = dossier(
        "![clip](clip.mp4)\n\n![call](call.mp3 \"Intercepted call\")\n\nThe [report](big.pdf) and the [data](table.csv), the [map](map.png).\n",
    );
    d.bytes("content/briefs/syunik/clip.mp4", b"not really a video");
    d.bytes("content/briefs/syunik/call.mp3", b"ID3");
    d.bytes("content/briefs/syunik/big.pdf", &vec![b'%'; 1_200_000]);
    d.bytes("content/briefs/syunik/table.csv", b"a,b\n");
    d.bytes("content/briefs/syunik/map.png", &png(4, 3));
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    let files = "../../files/briefs/syunik";
    assert_has(
        &html,
        &format!(
            "<p dir=\"auto\"><video controls preload=\"metadata\" src=\"{files}/clip.mp4\">\
             <a href=\"{files}/clip.mp4\">Download the video</a></video></p>"
        ),
    );
    assert_has(
        &html,
        &format!(
            "<figure><audio controls preload=\"metadata\" src=\"{files}/call.mp3\">\
             <a href=\"{files}/call.mp3\">Download the audio</a></audio>\
             <figcaption>Intercepted call</figcaption></figure>"
        ),
    );
    assert_has(
        &html,
        &format!(
            "The <a href=\"{files}/big.pdf\">report</a> <span class=\"file-meta\">(PDF, 1.2 MB)</span> \
             and the <a href=\"{files}/table.csv\">data</a> <span class=\"file-meta\">(CSV file, 4 bytes)</span>, \
             the <a href=\"{files}/map.png\">map</a>.</p>"
        ),
    );
}

#[test]
fn an_image_without_alt_text_is_a_warning_unless_its_title_marks_it_decorative() {
    let d = dossier("Text.\n\n![](map.png)\n\n![](rule.png \"decorative\")\n");
    d.bytes("content/briefs/syunik/map.png", &png(4, 3));
    d.bytes("content/briefs/syunik/rule.png", &png(100, 1));
    let out = d.build(&[]).success();
    out.stderr_has(
        "warning[missing-alt]: image without alt text: screen readers cannot say what it shows",
    );
    out.stderr_has("content/briefs/syunik/corridor.md:9:1");
    out.stderr_has(
        "= help: describe it between the brackets, `![Troop positions in May](map.png)`; an image that only decorates takes the title \"decorative\": `![](rule.png \"decorative\")`",
    );
    assert_eq!(
        out.stderr.matches("missing-alt").count(),
        1,
        "{}",
        out.stderr
    );
    let html = d.read("public/briefs/corridor/index.html");
    assert_has(
        &html,
        "<p dir=\"auto\"><img src=\"../../files/briefs/syunik/rule.png\" alt=\"\" width=\"100\" height=\"1\" loading=\"lazy\" decoding=\"async\"></p>",
    );
    d.run(&["check"])
        .success()
        .stderr_has("warning[missing-alt]");
}

/// Every search record of the built site: Pagefind's fragments, each
/// gzipped JSON after a signature.
#[cfg(feature = "search")]
fn search_records(site: &std::path::Path) -> Vec<serde_json::Value> {
    use std::io::Read;
    let mut records = Vec::new();
    for (name, path) in common::files(site) {
        if !name.ends_with(".pf_fragment") {
            continue;
        }
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("a Pagefind fragment");
        records.push(serde_json::from_str(json).unwrap());
    }
    records
}

#[cfg(feature = "search")]
#[test]
fn search_and_previews_hold_pages_not_files_and_search_reads_alt_text_and_captions() {
    let d = dossier(
        "![Troop map](map.png \"Positions in May\")\n\nThe [report](report.pdf), ![Clip](clip.mp4).\n",
    );
    d.bytes("content/briefs/syunik/map.png", &png(4, 3));
    d.bytes("content/briefs/syunik/clip.mp4", b"video");
    d.build(&[]).success();
    assert!(d.exists("public/files/briefs/syunik/map.png"));
    let previews = d.previews();
    let keys: Vec<&str> = previews.keys().map(String::as_str).collect();
    assert_eq!(keys, ["briefs/corridor/", "topics/gas/"]);
    let records = search_records(&d.path().join("public"));
    let mut urls: Vec<&str> = records.iter().map(|r| r["url"].as_str().unwrap()).collect();
    urls.sort();
    assert_eq!(
        urls,
        ["briefs/corridor/index.html", "topics/gas/index.html"]
    );
    let brief = records
        .iter()
        .find(|r| r["url"] == "briefs/corridor/index.html")
        .unwrap();
    let text = brief["content"].as_str().unwrap();
    assert_has(text, "Troop map");
    assert_has(text, "Positions in May");
}

/// Rebuilds with `builder`, checks the result is file for file what a
/// fresh build of the same dossier gives, and returns the page at `page`.
fn rebuild_matches_fresh(
    builder: &mut dossier::build::rebuild::Builder,
    root: &std::path::Path,
    page: &str,
) -> String {
    let rebuilt = builder
        .rebuild()
        .unwrap_or_else(|_| panic!("rebuild failed"));
    let fresh = dossier::build::render_site(&dossier::BuildOptions::new(root))
        .unwrap_or_else(|_| panic!("fresh build failed"));
    let paths = |files: &[dossier::output::OutputFile]| {
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(&rebuilt.files), paths(&fresh.files));
    for (a, b) in rebuilt.files.iter().zip(fresh.files.iter()) {
        assert!(a == b, "{} differs from a fresh build", a.path);
    }
    let shown = rebuilt.files.iter().find(|f| f.path == page).unwrap();
    String::from_utf8(shown.bytes.to_vec()).unwrap()
}

#[test]
fn adding_replacing_and_deleting_an_image_rebuilds_to_what_a_fresh_build_gives() {
    let d = dossier("Text.\n");
    let brief = |body: &str| {
        format!("---\ntitle: Corridor\ndate: 2024-01-01\ntopics: [gas]\n---\n\n{body}")
    };
    let mut builder = dossier::build::rebuild::Builder::new(dossier::BuildOptions::new(d.path()));
    builder
        .rebuild()
        .unwrap_or_else(|_| panic!("first build failed"));
    let (page, topic) = ("briefs/corridor/index.html", "topics/gas/index.html");
    let img = |w: u32, h: u32| {
        format!(
            "<img src=\"../../files/briefs/syunik/new.png\" alt=\"New\" width=\"{w}\" height=\"{h}\">"
        )
    };

    d.bytes("content/briefs/syunik/new.png", &png(30, 20));
    d.file(
        "content/briefs/syunik/corridor.md",
        &brief("![New](new.png)\n"),
    );
    assert_has(
        &rebuild_matches_fresh(&mut builder, d.path(), page),
        &img(30, 20),
    );

    // The same file, another picture: no page changed, every one showing
    // it must.
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\n\n![New](../briefs/syunik/new.png)\n",
    );
    rebuild_matches_fresh(&mut builder, d.path(), topic);
    d.bytes(
        "content/briefs/syunik/new.png",
        &[png(60, 50), vec![0; 9]].concat(),
    );
    assert_has(
        &rebuild_matches_fresh(&mut builder, d.path(), page),
        &img(60, 50),
    );
    assert_has(
        &rebuild_matches_fresh(&mut builder, d.path(), topic),
        &img(60, 50),
    );

    d.remove("content/briefs/syunik/new.png");
    d.file("content/briefs/syunik/corridor.md", &brief("Text.\n"));
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n\nGas.\n");
    assert_lacks(&rebuild_matches_fresh(&mut builder, d.path(), page), "<img");
}
