//! Text helpers at the bottom of the pipeline, used by every stage and
//! using none: HTML escaping, slugs and name keys, partial dates, and
//! percent-decoding of link paths, and which addresses may be linked
//! (`urls`: nothing that runs script).

pub mod date;
pub mod html;
pub mod percent;
pub mod slug;
pub mod urls;
