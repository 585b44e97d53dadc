//! Text helpers at the bottom of the pipeline, used by every stage and
//! using none: HTML escaping, slugs and name keys, partial dates, and
//! percent-decoding of link paths.

pub mod date;
pub mod html;
pub mod percent;
pub mod slug;
