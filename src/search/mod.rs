//! Search, with Pagefind's library. The stage takes the linked site and
//! gives its index as output files under `pagefind/`, beside Pagefind's
//! own scripts, so `build` writes them and `serve` serves them like any
//! page; the theme's `/search/` page runs Pagefind's search.
//!
//! The build and `serve` see one type, [`indexer::Indexer`]: it makes the
//! index while a build's pages render, or in the background for `serve`,
//! and takes unchanged shards back from the last index. Without the
//! `search` feature `indexer` is `off.rs`, an indexer that makes nothing,
//! so no other stage names the feature.
//!
//! Inside, in the order of the data: `records` (what each brief, topic
//! and actor gives Pagefind), `shards` (records split into Pagefind
//! bundles, made in parallel or kept), `bundle` (one run of Pagefind),
//! `background` (the index on a low-priority thread for `serve`). `files`
//! is the index among the site's files, with or without the feature.

#[cfg(feature = "search")]
mod background;
#[cfg(feature = "search")]
mod bundle;
pub mod files;
#[cfg_attr(not(feature = "search"), path = "off.rs")]
pub mod indexer;
#[cfg(feature = "search")]
mod records;
#[cfg(feature = "search")]
mod shards;
