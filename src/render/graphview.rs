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

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::markdown::page::Kind;
use crate::site::{PageId, Resolved, Site};
use crate::text::html::escape;
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
}

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
    }
}

/// The local graph of page `center` (a topic or actor), drawn for a page
/// at `root`; `None` when it has no neighbours.
pub fn local_svg(
    site: &Site,
    center: PageId,
    root: &str,
    layouts: Option<&Layouts>,
) -> Option<String> {
    let network = local_network(site, center);
    if network.nodes.len() < 2 {
        return None;
    }
    let positions = positions(&network, LOCAL_ROUNDS, layouts);
    let label = format!("Pages one link away from {}", site.pages[center].title);
    Some(svg(site, &network, &positions, root, Some(center), &label))
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

/// Page `center` first, then up to [`MAX_NEIGHBOURS`] pages one hop away:
/// the briefs naming it, what it links to and what links to it.
pub fn local_network(site: &Site, center: PageId) -> Network {
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
    connect(site, nodes)
}

/// Every edge between `nodes`: a brief to the topics and actors it names,
/// and any page to the pages its body links to.
fn connect(site: &Site, nodes: Vec<PageId>) -> Network {
    let index: HashMap<PageId, usize> = nodes.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut edges = HashSet::default();
    let mut ordered = Vec::new();
    for (from, &id) in nodes.iter().enumerate() {
        let linked = site.links[id].iter().filter_map(|r| match r {
            Resolved::Page { id, .. } => Some(*id),
            _ => None,
        });
        let targets = site.topics_of[id]
            .iter()
            .chain(site.actors_of[id].iter())
            .copied()
            .chain(linked);
        for target in targets {
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

/// The drawing: one path for all edges, then one link per node. Topic and
/// actor names are always shown; brief titles on hover and focus, and
/// always as the link's accessible name.
fn svg(
    site: &Site,
    network: &Network,
    pos: &[(f64, f64)],
    root: &str,
    center: Option<PageId>,
    label: &str,
) -> String {
    let mut out = String::with_capacity(200 + network.nodes.len() * 160);
    let _ = write!(
        out,
        "<svg class=\"graph\" viewBox=\"0 0 1000 1000\" role=\"group\" aria-label=\"{}\">",
        escape(label)
    );
    out.push_str("<path class=\"edges\" d=\"");
    for &(a, b) in &network.edges {
        let _ = write!(
            out,
            "M{:.0} {:.0}L{:.0} {:.0}",
            pos[a].0, pos[a].1, pos[b].0, pos[b].1
        );
    }
    out.push_str("\"/>");
    for (i, &id) in network.nodes.iter().enumerate() {
        let page = &site.pages[id];
        let (x, y) = pos[i];
        let noun = page.kind.noun();
        let class = if Some(id) == center { " center" } else { "" };
        let r = match page.kind {
            Kind::Brief => 7,
            _ => 11,
        };
        let title = escape(&page.title);
        // Labels on the right half read leftwards, so none leaves the box.
        let (label_x, anchor) = if x > 600.0 {
            (x - f64::from(r) - 4.0, " text-anchor=\"end\"")
        } else {
            (x + f64::from(r) + 4.0, "")
        };
        let _ = write!(
            out,
            "<a class=\"node {noun}{class}\" href=\"{root}{}\"><title>{title} ({noun})</title><circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"{r}\"/><text x=\"{label_x:.0}\" y=\"{:.0}\"{anchor}>{title}</text></a>",
            escape(&page.output_path()),
            y + 5.0,
        );
    }
    out.push_str("</svg>");
    out
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
