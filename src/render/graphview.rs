//! The relationship graph: which briefs, topics and actors connect to which,
//! laid out at build time and drawn as inline SVG whose nodes are links, so
//! the picture works without JavaScript. `/graph/` shows the whole dossier;
//! each topic and actor page shows its neighbours within one hop.
//!
//! The layout is Fruchterman–Reingold with a fixed start (a golden-angle
//! spiral in page order) and a fixed number of rounds, so the same dossier
//! always gives the same drawing. Repulsion only acts between nodes in
//! neighbouring grid cells, and the node count is capped, so the cost stays
//! bounded however large the dossier grows.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::append;
use super::graphlabels::{Dot, Rect, place};
use crate::markdown::page::Kind;
use crate::site::{PageId, Resolved, Site};
use crate::{HashMap, HashSet};

/// At most this many briefs on `/graph/`: the most linked ones.
pub const MAX_BRIEFS: usize = 250;
/// At most this many topics and actors together on `/graph/`.
pub const MAX_NAMES: usize = 250;
/// At most this many neighbours in a topic's or actor's local graph.
pub const MAX_NEIGHBOURS: usize = 24;
const ROUNDS: usize = 150;
const LOCAL_ROUNDS: usize = 100;

/// Nodes (page ids) and the edges between them (indices into `nodes`).
#[derive(Debug, Default)]
pub struct Network {
    pub nodes: Vec<PageId>,
    pub edges: Vec<(usize, usize)>,
}

/// What `/graph/`'s template gets as `graph`.
#[derive(Serialize, Hash, Debug)]
pub struct GraphView {
    /// The drawing, ready to include with `| safe`.
    pub svg: String,
    pub briefs_shown: usize,
    pub briefs_total: usize,
    pub names_shown: usize,
    pub names_total: usize,
    /// The same nodes as a list, by kind, for narrow screens.
    pub groups: Vec<GraphGroup>,
}

/// The nodes of one kind in the graph's list.
#[derive(Serialize, Hash, Debug)]
pub struct GraphGroup {
    pub kind: &'static str,
    pub label: &'static str,
    pub items: Vec<GraphItem>,
}

/// A node in the graph's list, with the first of the pages it is joined
/// to and how many more there are.
#[derive(Serialize, Hash, Debug)]
pub struct GraphItem {
    pub title: String,
    pub href: String,
    pub links: Vec<GraphLink>,
    pub more: usize,
}

#[derive(Serialize, Hash, Debug)]
pub struct GraphLink {
    pub title: String,
    pub href: String,
}

/// How many of a node's neighbours the graph's list names.
const LISTED_LINKS: usize = 12;

/// Layouts kept from one render to the next. A layout depends only on the
/// network's shape, so a rebuild after a retitled page or an edited body
/// draws the same positions without computing them again.
#[derive(Default)]
pub struct Layouts {
    kept: Mutex<HashMap<Shape, Positions>>,
}

/// Node positions, shared between the renders that draw them.
type Positions = Arc<[(f64, f64)]>;

/// What a layout is computed from: node count, edges and rounds.
type Shape = (usize, Vec<(usize, usize)>, usize);

/// Layouts of more networks than this are forgotten all at once: a long
/// `serve` session sees many shapes, and only the latest ones matter.
const KEPT_LAYOUTS: usize = 4096;

impl Layouts {
    /// The layout of `network`, computed unless kept from before.
    fn of(&self, network: &Network, rounds: usize) -> Positions {
        let shape = (network.nodes.len(), network.edges.clone(), rounds);
        let lock = || self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(kept) = lock().get(&shape) {
            return kept.clone();
        }
        let positions: Positions = layout(shape.0, &shape.1, rounds).into();
        let mut kept = lock();
        if kept.len() >= KEPT_LAYOUTS {
            kept.clear();
        }
        kept.insert(shape, positions.clone());
        positions
    }
}

/// The layout of `network`, through `layouts` when there are some.
fn positions(network: &Network, rounds: usize, layouts: Option<&Layouts>) -> Positions {
    match layouts {
        Some(layouts) => layouts.of(network, rounds),
        None => layout(network.nodes.len(), &network.edges, rounds).into(),
    }
}

/// The whole dossier's graph, drawn for a page at `root`.
pub fn site_view(site: &Site, root: &str, layouts: Option<&Layouts>) -> GraphView {
    let network = site_network(site);
    let count = |kind: Kind| {
        network
            .nodes
            .iter()
            .filter(|&&id| site.pages[id].kind == kind)
            .count()
    };
    let names_total = site.of_kind(Kind::Topic).count() + site.of_kind(Kind::Actor).count();
    let positions = positions(&network, ROUNDS, layouts);
    GraphView {
        svg: svg(
            site,
            &network,
            &positions,
            root,
            None,
            "Graph of the dossier's briefs, topics and actors",
        ),
        briefs_shown: count(Kind::Brief),
        briefs_total: site.briefs_by_date.len(),
        names_shown: count(Kind::Topic) + count(Kind::Actor),
        names_total,
        groups: groups(site, &network, root),
    }
}

/// The graph's nodes as lists by kind (topics, actors, briefs), each
/// node with the pages it is joined to, names before briefs.
fn groups(site: &Site, network: &Network, root: &str) -> Vec<GraphGroup> {
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); network.nodes.len()];
    for &(a, b) in &network.edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let link = |i: usize| {
        let page = &site.pages[network.nodes[i]];
        GraphLink {
            title: page.title.clone(),
            href: format!("{root}{}", page.output_path()),
        }
    };
    let kinds = [
        (Kind::Topic, "topic", "Topics"),
        (Kind::Actor, "actor", "Actors"),
        (Kind::Brief, "brief", "Briefs"),
    ];
    let item = |i: usize| {
        let mut near = neighbours[i].clone();
        near.sort_by_key(|&j| (site.pages[network.nodes[j]].kind == Kind::Brief, j));
        let more = near.len().saturating_sub(LISTED_LINKS);
        let GraphLink { title, href } = link(i);
        GraphItem {
            title,
            href,
            links: near.into_iter().take(LISTED_LINKS).map(link).collect(),
            more,
        }
    };
    kinds
        .iter()
        .map(|&(kind, noun, label)| GraphGroup {
            kind: noun,
            label,
            items: (0..network.nodes.len())
                .filter(|&i| site.pages[network.nodes[i]].kind == kind)
                .map(item)
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

/// The local graph of page `center` (a topic or actor), drawn for a page
/// at `root`; `None` when it has no neighbours.
pub fn local_svg(
    site: &Site,
    center: PageId,
    root: &str,
    layouts: Option<&Layouts>,
) -> Option<String> {
    let nodes = local_nodes(site, center);
    if nodes.len() < 2 {
        return None;
    }
    let (network, positions) = match site.pages[center].kind {
        Kind::Brief => {
            // A star: the lines between its neighbours would cross the
            // circle and say little about the brief itself.
            let network = star(site, nodes);
            let positions = fit(ring(network.nodes.len())).into();
            (network, positions)
        }
        _ => {
            let network = connect(site, nodes);
            let positions = positions(&network, LOCAL_ROUNDS, layouts);
            (network, positions)
        }
    };
    let label = format!("Pages one link away from {}", site.pages[center].title);
    Some(svg(site, &network, &positions, root, Some(center), &label))
}

/// The page first, in the middle, and its neighbours evenly on a circle
/// around it, the first at the top. Briefs are drawn so: a brief's
/// neighbourhood is a star, and a force layout for each of 10,000 briefs
/// doubled a `--no-search` build (3.0 s to 5.9 s, measured).
fn ring(n: usize) -> Vec<(f64, f64)> {
    let around = n.saturating_sub(1).max(1) as f64;
    (0..n)
        .map(|i| match i {
            0 => (0.0, 0.0),
            _ => {
                let a =
                    (i - 1) as f64 * std::f64::consts::TAU / around - std::f64::consts::FRAC_PI_2;
                (100.0 * a.cos(), 100.0 * a.sin())
            }
        })
        .collect()
}

/// How connected a page is: what it names, links to and is linked from.
fn degree(site: &Site, id: PageId) -> usize {
    site.topics_of[id].len()
        + site.actors_of[id].len()
        + site.links[id].len()
        + site.backlinks[id].len()
        + site.named_by[id].len()
}

/// The `limit` pages of `ids` with the highest degree, in page order.
/// Linear: a selection, not a sort, for dossiers of any size.
fn most_linked(site: &Site, mut ids: Vec<PageId>, limit: usize) -> Vec<PageId> {
    if ids.len() > limit {
        let rank = |&id: &PageId| (std::cmp::Reverse(degree(site, id)), id);
        ids.select_nth_unstable_by_key(limit, rank);
        ids.truncate(limit);
    }
    ids.sort_unstable();
    ids
}

/// Topics, actors and briefs, capped, with every edge among them.
pub fn site_network(site: &Site) -> Network {
    let names: Vec<PageId> = site
        .of_kind(Kind::Topic)
        .chain(site.of_kind(Kind::Actor))
        .map(|(id, _)| id)
        .collect();
    let briefs: Vec<PageId> = site.of_kind(Kind::Brief).map(|(id, _)| id).collect();
    let mut nodes = most_linked(site, names, MAX_NAMES);
    nodes.extend(most_linked(site, briefs, MAX_BRIEFS));
    nodes.sort_unstable();
    connect(site, nodes)
}

/// Page `center` first, then up to [`MAX_NEIGHBOURS`] pages one hop away,
/// with every edge among them.
pub fn local_network(site: &Site, center: PageId) -> Network {
    connect(site, local_nodes(site, center))
}

/// Page `center` first, then up to [`MAX_NEIGHBOURS`] pages one hop away:
/// the briefs naming it, what it links to and what links to it.
fn local_nodes(site: &Site, center: PageId) -> Vec<PageId> {
    let mut seen: HashSet<PageId> = HashSet::from_iter([center]);
    let mut nodes = vec![center];
    let linked = site.links[center].iter().filter_map(|r| match r {
        Resolved::Page { id, .. } => Some(*id),
        _ => None,
    });
    let candidates = site.named_by[center]
        .iter()
        .copied()
        .chain(site.topics_of[center].iter().copied())
        .chain(site.actors_of[center].iter().copied())
        .chain(linked)
        .chain(site.backlinks[center].iter().map(|b| b.from));
    for id in candidates {
        if nodes.len() > MAX_NEIGHBOURS {
            break;
        }
        let kind = site.pages[id].kind;
        if matches!(kind, Kind::Brief | Kind::Topic | Kind::Actor) && seen.insert(id) {
            nodes.push(id);
        }
    }
    nodes
}

/// The pages page `id` is joined to: the topics and actors it names,
/// then the pages its body links to.
fn targets(site: &Site, id: PageId) -> impl Iterator<Item = PageId> + '_ {
    let linked = site.links[id].iter().filter_map(|r| match r {
        Resolved::Page { id, .. } => Some(*id),
        _ => None,
    });
    site.topics_of[id]
        .iter()
        .chain(site.actors_of[id].iter())
        .copied()
        .chain(linked)
}

/// The edges of `nodes` that [`connect`] gives and that touch the first
/// node, in the same order: a star around it, without looking up the
/// edges among the others.
fn star(site: &Site, nodes: Vec<PageId>) -> Network {
    let center = nodes[0];
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut add = |edge: (usize, usize)| {
        if !edges.contains(&edge) {
            edges.push(edge);
        }
    };
    for target in targets(site, center) {
        match nodes.iter().position(|&n| n == target) {
            Some(to) if to != 0 => add((0, to)),
            _ => {}
        }
    }
    for (from, &id) in nodes.iter().enumerate().skip(1) {
        if targets(site, id).any(|t| t == center) {
            add((0, from));
        }
    }
    Network { nodes, edges }
}

/// Every edge between `nodes`: a brief to the topics and actors it names,
/// and any page to the pages its body links to.
fn connect(site: &Site, nodes: Vec<PageId>) -> Network {
    let index: HashMap<PageId, usize> = nodes.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut edges = HashSet::default();
    let mut ordered = Vec::new();
    for (from, &id) in nodes.iter().enumerate() {
        for target in targets(site, id) {
            let Some(&to) = index.get(&target) else {
                continue;
            };
            let edge = (from.min(to), from.max(to));
            if from != to && edges.insert(edge) {
                ordered.push(edge);
            }
        }
    }
    Network {
        nodes,
        edges: ordered,
    }
}

/// Positions in a 1000 × 1000 box for `n` nodes joined by `edges`.
pub fn layout(n: usize, edges: &[(usize, usize)], rounds: usize) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let k = (1_000_000.0 / n as f64).sqrt().min(250.0);
    // A golden-angle spiral: even, deterministic and free of overlaps.
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = k * 0.6 * (i as f64).sqrt();
            let a = i as f64 * 2.399_963_229_728_653;
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let mut heat = 100.0_f64.max(k);
    let cool = heat / (rounds as f64 + 1.0);
    for _ in 0..rounds {
        let mut shift = repulsion(&pos, k);
        for &(a, b) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d / k;
            shift[a].0 -= dx * f;
            shift[a].1 -= dy * f;
            shift[b].0 += dx * f;
            shift[b].1 += dy * f;
        }
        for (p, s) in pos.iter_mut().zip(&mut shift) {
            // Gravity keeps loose components from drifting away.
            s.0 -= p.0 * 0.02 * k.sqrt();
            s.1 -= p.1 * 0.02 * k.sqrt();
            let len = (s.0 * s.0 + s.1 * s.1).sqrt().max(1e-9);
            let step = len.min(heat);
            p.0 += s.0 / len * step;
            p.1 += s.1 / len * step;
        }
        heat -= cool;
    }
    fit(pos)
}

/// Repulsion between nodes closer than `2k`, found through a grid of
/// `2k` cells so each node only meets its neighbours.
fn repulsion(pos: &[(f64, f64)], k: f64) -> Vec<(f64, f64)> {
    let cell = 2.0 * k;
    let key = |p: (f64, f64)| ((p.0 / cell).floor() as i64, (p.1 / cell).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::default();
    for (i, &p) in pos.iter().enumerate() {
        grid.entry(key(p)).or_default().push(i);
    }
    let mut shift = vec![(0.0, 0.0); pos.len()];
    for (i, &p) in pos.iter().enumerate() {
        let (cx, cy) = key(p);
        for gx in cx - 1..=cx + 1 {
            for gy in cy - 1..=cy + 1 {
                for &j in grid.get(&(gx, gy)).map_or(&[][..], Vec::as_slice) {
                    if i == j {
                        continue;
                    }
                    let (mut dx, mut dy) = (p.0 - pos[j].0, p.1 - pos[j].1);
                    if dx == 0.0 && dy == 0.0 {
                        // Two nodes on one spot part in a fixed direction.
                        (dx, dy) = (if i < j { -0.1 } else { 0.1 }, 0.0);
                    }
                    let d2 = (dx * dx + dy * dy).max(0.01);
                    if d2 < cell * cell {
                        let f = k * k / d2;
                        shift[i].0 += dx * f;
                        shift[i].1 += dy * f;
                    }
                }
            }
        }
    }
    shift
}

/// Scales positions into the box (40, 40)–(960, 960), keeping proportions.
fn fit(pos: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &pos {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1.0);
    let scale = 920.0 / span;
    let (off_x, off_y) = (
        (920.0 - (max_x - min_x) * scale) / 2.0,
        (920.0 - (max_y - min_y) * scale) / 2.0,
    );
    pos.into_iter()
        .map(|(x, y)| {
            (
                40.0 + off_x + (x - min_x) * scale,
                40.0 + off_y + (y - min_y) * scale,
            )
        })
        .collect()
}

/// Labels of the whole graph, in its 1000-unit box: the page draws the
/// box at least 800 px wide (below that the theme shows the list), so
/// 16 units are at least 12.8 px on screen.
const FONT: f64 = 16.0;
/// Labels of a local graph, drawn at its own size (a unit is a pixel)
/// unless its column is narrower than [`LOCAL_WIDTH`].
const LOCAL_FONT: f64 = 14.0;
/// The widest a local graph is drawn, labels included: a phone's column
/// and the page's rail both hold it without scaling it much.
const LOCAL_WIDTH: f64 = 300.0;
/// Brief titles in a local graph are cut to this many characters.
const LOCAL_TITLE: usize = 28;

/// Positions of a local graph's `n` nodes, moved from the layout's
/// 1000-unit box into a box that grows with the node count, centred in
/// [`LOCAL_WIDTH`]; and the bounds its labels must stay inside.
fn local_positions(pos: &[(f64, f64)]) -> (Vec<(f64, f64)>, Rect) {
    let side = (56.0 * (pos.len() as f64).sqrt()).clamp(80.0, 200.0);
    let scale = side / 920.0;
    let (left, top) = ((LOCAL_WIDTH - side) / 2.0, LOCAL_FONT + 16.0);
    let moved = pos
        .iter()
        .map(|&(x, y)| (left + (x - 40.0) * scale, top + (y - 40.0) * scale))
        .collect();
    (moved, Rect(0.0, 0.0, LOCAL_WIDTH, side + 2.0 * top))
}

/// A title cut to `max` characters, with an ellipsis when cut.
fn shortened(title: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match title.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", title[..end].trim_end()).into(),
        None => title.into(),
    }
}

/// The drawing: one path for all edges, then one link per node. Topic and
/// actor names are shown where they fit (see `graphlabels`), the most
/// linked first; brief titles on hover and focus (in a local graph, also
/// where they fit), and always as the link's accessible name. A local
/// graph is framed to fit its nodes and labels.
fn svg(
    site: &Site,
    network: &Network,
    pos: &[(f64, f64)],
    root: &str,
    center: Option<PageId>,
    label: &str,
) -> String {
    let local = center.is_some();
    let (font, (pos, bounds)) = if local {
        (LOCAL_FONT, local_positions(pos))
    } else {
        (FONT, (pos.to_vec(), Rect(0.0, 0.0, 1000.0, 1000.0)))
    };
    let texts: Vec<std::borrow::Cow<str>> = network
        .nodes
        .iter()
        .map(|&id| match site.pages[id].kind {
            Kind::Brief if local => shortened(&site.pages[id].title, LOCAL_TITLE),
            _ => site.pages[id].title.as_str().into(),
        })
        .collect();
    let dots: Vec<Dot> = network
        .nodes
        .iter()
        .enumerate()
        .map(|(i, &id)| Dot {
            x: pos[i].0,
            y: pos[i].1,
            r: radius(site.pages[id].kind),
            text: &texts[i],
            wanted: local || site.pages[id].kind != Kind::Brief,
        })
        .collect();
    let labels = place(&dots, &label_order(network, center), font, bounds);
    let mut out = String::with_capacity(200 + network.nodes.len() * 160);
    if local {
        let frame = dots
            .iter()
            .map(|d| Rect(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r))
            .chain(labels.iter().filter(|l| l.shown).map(|l| l.rect))
            .reduce(|a, b| a.union(&b))
            .unwrap_or(bounds);
        let (x, y) = (frame.0 - 4.0, frame.1 - 4.0);
        let (w, h) = (frame.2 - frame.0 + 8.0, frame.3 - frame.1 + 8.0);
        out.push_str("<svg class=\"graph local\" viewBox=\"");
        push_numbers(
            &mut out,
            &[(x, " "), (y, " "), (w, " "), (h, "\" width=\"")],
        );
        push_numbers(&mut out, &[(w, "\" height=\""), (h, "\"")]);
        out.push_str(" role=\"group\" aria-label=\"");
    } else {
        out.push_str("<svg class=\"graph\" viewBox=\"0 0 1000 1000\" role=\"group\" aria-label=\"");
    }
    append::escaped(&mut out, label);
    out.push_str("\"><path class=\"edges\" d=\"");
    for &(a, b) in &network.edges {
        out.push('M');
        push_numbers(
            &mut out,
            &[
                (pos[a].0, " "),
                (pos[a].1, "L"),
                (pos[b].0, " "),
                (pos[b].1, ""),
            ],
        );
    }
    out.push_str("\"/>");
    // A local graph's every page is also linked in the page's own lists
    // (chips, text, backlinks), and the rail comes before the text: out
    // of the tab order, its dots do not stand between a keyboard and
    // the text.
    let tab = if local { " tabindex=\"-1\"" } else { "" };
    for (i, &id) in network.nodes.iter().enumerate() {
        let page = &site.pages[id];
        let noun = page.kind.noun();
        let class = if Some(id) == center { " center" } else { "" };
        let crowded = if labels[i].shown || !dots[i].wanted {
            ""
        } else {
            " crowded"
        };
        for part in ["<a class=\"node ", noun, class, crowded, "\" href=\"", root] {
            out.push_str(part);
        }
        append::escaped(&mut out, &page.url);
        for part in ["index.html\"", tab, "><title>"] {
            out.push_str(part);
        }
        append::escaped(&mut out, &page.title);
        for part in [" (", noun, ")</title><circle cx=\""] {
            out.push_str(part);
        }
        let (x, y) = pos[i];
        let label = &labels[i];
        push_numbers(
            &mut out,
            &[
                (x, "\" cy=\""),
                (y, "\" r=\""),
                (dots[i].r, "\"/><text x=\""),
            ],
        );
        push_numbers(&mut out, &[(label.x, "\" y=\""), (label.y, "\"")]);
        if label.anchor != "start" {
            for part in [" text-anchor=\"", label.anchor, "\""] {
                out.push_str(part);
            }
        }
        out.push('>');
        append::escaped(&mut out, &texts[i]);
        out.push_str("</text></a>");
    }
    out.push_str("</svg>");
    out
}

/// Appends each number as a whole number (see [`append::number`]), each
/// followed by its text.
fn push_numbers(out: &mut String, numbers: &[(f64, &str)]) {
    for &(x, after) in numbers {
        append::number(out, x);
        out.push_str(after);
    }
}

/// A dot's radius: whole, so `append::number` writes it as `{}` did.
fn radius(kind: Kind) -> f64 {
    match kind {
        Kind::Brief => 7.0,
        _ => 11.0,
    }
}

/// The order labels are placed in: the centre of a local graph first,
/// then the most linked.
fn label_order(network: &Network, center: Option<PageId>) -> Vec<usize> {
    let mut degree = vec![0usize; network.nodes.len()];
    for &(a, b) in &network.edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut order: Vec<usize> = (0..network.nodes.len()).collect();
    order.sort_by_key(|&i| {
        (
            Some(network.nodes[i]) != center,
            std::cmp::Reverse(degree[i]),
            i,
        )
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_deterministic_and_inside_the_box() {
        let edges: Vec<(usize, usize)> = (1..40).map(|i| (i / 3, i)).collect();
        let a = layout(40, &edges, 100);
        let b = layout(40, &edges, 100);
        assert_eq!(a, b);
        for (x, y) in a {
            assert!(
                (39.0..=961.0).contains(&x) && (39.0..=961.0).contains(&y),
                "{x} {y}"
            );
        }
    }

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones() {
        let pos = layout(4, &[(0, 1), (2, 3)], 150);
        let d = |a: usize, b: usize| {
            ((pos[a].0 - pos[b].0).powi(2) + (pos[a].1 - pos[b].1).powi(2)).sqrt()
        };
        assert!(d(0, 1) < d(0, 2) && d(2, 3) < d(1, 3), "{pos:?}");
    }

    #[test]
    fn a_single_node_and_no_nodes_are_fine() {
        assert!(layout(0, &[], 10).is_empty());
        assert_eq!(layout(1, &[], 10).len(), 1);
    }
}
