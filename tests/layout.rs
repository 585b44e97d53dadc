//! The code's layout, checked: data flows one way through the stage
//! folders of `src/`, so no module may import one that imports it back,
//! and no stage may import a later one. Each module's imports are read
//! from its source (`crate::` and `super::` paths, and a parent's paths
//! into its own child modules); test modules at the end of a file are
//! left out, as they may look anywhere. A new import loop, an upward
//! import or a file grown past 800 lines fails here with the modules or
//! the file named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages from the bottom up: a module may use modules of its own
/// stage or of stages listed before it, never after.
const STAGES: &[&str] = &[
    "text",
    "diagnostic",
    "yaml",
    "content",
    "output",
    "markdown",
    "site",
    "render",
    "search",
    "build",
    "serve",
    "scaffold",
];

/// The most lines a source file may have.
const MAX_LINES: usize = 800;

/// Every module of the library: its path (`render::pack`) and source.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    collect(&src, &src, &mut modules);
    modules
}

fn collect(src: &Path, dir: &Path, modules: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(src, &path, modules);
            continue;
        }
        let rel = path
            .strip_prefix(src)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        if !rel.ends_with(".rs") || rel == "main.rs" || rel.starts_with("cli/") {
            continue;
        }
        let name = match rel.as_str() {
            "lib.rs" => String::new(),
            _ => rel
                .trim_end_matches(".rs")
                .trim_end_matches("/mod")
                .replace('/', "::"),
        };
        modules.insert(name, std::fs::read_to_string(&path).unwrap());
    }
}

/// The source without its test module and comments.
fn code(source: &str) -> String {
    let end = source
        .find("#[cfg(test)]\nmod tests")
        .unwrap_or(source.len());
    source[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path written in `code` that starts with one of `heads`
/// (`crate`, `super`, a child module's name), with `use` groups
/// (`crate::{a, b::{c, d}}`) expanded into one path each.
fn paths(code: &str, heads: &[&str]) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':';
        let head = heads
            .iter()
            .find(|h| starts_word && bytes[i..].starts_with(format!("{h}::").as_bytes()));
        match head {
            Some(head) => {
                let (tree, end) = path_tree(code, i + head.len() + 2);
                for path in expand(&tree) {
                    found.push(format!("{head}::{path}"));
                }
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The path or `use` tree that starts at `start`, as written, and where
/// it ends.
fn path_tree(code: &str, start: usize) -> (String, usize) {
    let bytes = code.as_bytes();
    let mut depth = 0;
    let mut end = start;
    while end < bytes.len() {
        match bytes[end] {
            b'{' => depth += 1,
            b'}' if depth == 0 => break,
            b'}' => depth -= 1,
            b if depth > 0 || is_ident(b) || b == b':' => {}
            _ => break,
        }
        end += 1;
    }
    (
        code[start..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
        end,
    )
}

/// `a::{b, c::{d}}` as `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.trim_end_matches("::").to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.len().saturating_sub(1)];
    let mut parts = Vec::new();
    let (mut depth, mut last) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[last..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand)
        .map(|path| format!("{prefix}{path}").trim_end_matches("::").to_string())
        .collect()
}

/// Which modules each module uses (the library root, home of `Fatal` and
/// the map types, is left out: everything may use it).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (name, source) in &modules {
        let code = code(source);
        let children: Vec<String> = modules
            .keys()
            .filter_map(|m| m.strip_prefix(&format!("{name}::")).map(str::to_string))
            .filter(|m| !m.contains("::"))
            .collect();
        let mut heads = vec!["crate", "super"];
        if !name.is_empty() {
            heads.extend(children.iter().map(String::as_str));
        }
        let mut used = BTreeSet::new();
        for path in paths(&code, &heads) {
            let absolute = absolute(name, &path, &children);
            if let Some(target) = longest_module(&modules, &absolute)
                && !target.is_empty()
                && target != *name
                && !name.is_empty()
            {
                used.insert(target);
            }
        }
        graph.insert(name.clone(), used);
    }
    graph
}

/// `path` as written in module `name`, as a path from the crate root.
fn absolute(name: &str, path: &str, children: &[String]) -> String {
    if let Some(rest) = path.strip_prefix("crate::") {
        return rest.to_string();
    }
    if let Some(rest) = path.strip_prefix("super::") {
        let parent = name.rsplit_once("::").map_or("", |(parent, _)| parent);
        return if parent.is_empty() {
            rest.to_string()
        } else {
            format!("{parent}::{rest}")
        };
    }
    let child = path.split("::").next().unwrap_or("");
    debug_assert!(children.iter().any(|c| c == child));
    format!("{name}::{path}")
}

/// The module that `path` (from the crate root) names or names an item of.
fn longest_module(modules: &BTreeMap<String, String>, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (0..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
}

fn stage(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    STAGES
        .iter()
        .position(|s| *s == top)
        .unwrap_or_else(|| panic!("module {module} is in no stage: add its folder to STAGES"))
}

#[test]
fn no_module_imports_a_later_stage() {
    let mut upward = Vec::new();
    for (module, used) in imports() {
        for target in used {
            if stage(&target) > stage(&module) {
                upward.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "modules importing a later stage (move the shared piece down, or pass it in):\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    let loops: Vec<Vec<String>> = strongly_connected(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .collect();
    assert!(
        loops.is_empty(),
        "modules that import each other in a loop:\n{}",
        loops
            .iter()
            .map(|c| c.join(" <-> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_source_file_is_over_800_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let mut files = BTreeMap::new();
    collect_all(&src, &mut files);
    for (path, lines) in files {
        if lines > MAX_LINES {
            long.push(format!("{path}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by what they do):\n{}",
        long.join("\n")
    );
}

fn collect_all(dir: &Path, files: &mut BTreeMap<String, usize>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_all(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            files.insert(path.display().to_string(), lines);
        }
    }
}

/// Tarjan's strongly connected components of `graph`.
fn strongly_connected(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        components: Vec<Vec<String>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in state.graph.get(node).into_iter().flatten() {
            if !state.index.contains_key(next.as_str()) {
                visit(state, next);
                let low = state.low[next.as_str()].min(state.low[node]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next.as_str()) {
                let low = state.index[next.as_str()].min(state.low[node]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top.to_string());
                if top == node {
                    break;
                }
            }
            component.sort();
            state.components.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.components
}

#[test]
fn use_groups_expand_into_paths() {
    let found = paths(
        "use crate::{Fatal, render::{self, feeds}, site::Site};\nlet x = crate::text::html::escape(y);",
        &["crate"],
    );
    assert_eq!(
        found,
        [
            "crate::Fatal",
            "crate::render::self",
            "crate::render::feeds",
            "crate::site::Site",
            "crate::text::html::escape",
        ]
    );
}
