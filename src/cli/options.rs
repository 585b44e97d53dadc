//! The options several commands take, each declared once and flattened
//! into every command that takes it, so a flag reads and behaves the same
//! wherever it appears.

use std::path::PathBuf;

use dossier::BuildOptions;

/// The dossier a command works on (`build`, `serve`, `watch`, `check`, `new`).
#[derive(clap::Args)]
pub struct RootArgs {
    /// The dossier folder, holding content/ and dossier.yaml.
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
}

/// The dossier and which of its pages count (`build`, `serve`, `watch`,
/// `check`).
#[derive(clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// Options for a build of these pages, everything else as by default.
    pub fn options(self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root.root);
        options.drafts = self.drafts;
        options
    }
}

/// What `build` and `watch` take: the site, where it is written and for
/// which address, and what the build may leave out.
#[derive(clap::Args)]
pub struct WriteArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: ROOT/public).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override base_url from dossier.yaml (used by feeds, sitemap and canonical links).
    #[arg(long)]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub skip: SkipArgs,
}

impl WriteArgs {
    /// Options for a build into the output folder.
    pub fn options(self) -> BuildOptions {
        let mut options = self.site.options();
        if let Some(output) = self.output {
            options.output = output;
        }
        options.base_url = self.base_url;
        self.skip.apply(&mut options);
        options
    }
}

/// What a build may leave out to go faster (`build`, `serve`, `watch`).
#[derive(clap::Args)]
pub struct SkipArgs {
    /// Do not read page history from git.
    #[arg(long)]
    pub no_git: bool,
    /// Do not build the search index (a large dossier builds much faster).
    #[arg(long)]
    pub no_search: bool,
}

impl SkipArgs {
    /// Turns off in `options` what was left out.
    pub fn apply(self, options: &mut BuildOptions) {
        options.git = !self.no_git;
        options.search = !self.no_search;
    }
}

/// How changes are noticed (`serve`, `watch`).
#[derive(clap::Args)]
pub struct PollArgs {
    /// Poll for changes instead of relying on file-system events (network drives, some containers).
    #[arg(long)]
    pub poll: bool,
}
