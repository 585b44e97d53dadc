//! The up-to-date check: one number standing for every input of a build
//! (each file's path, size, modification time and permissions, the
//! options and the dossier binary itself). `build` keeps it in the output folder's
//! manifest; when the next build finds the same number and the output
//! files as it left them, nothing can have changed and it stops before
//! reading a single file, the way `make` does.

use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::content::config::{BuildOptions, CONFIG_FILE};
use crate::content::fence::{Fence, Found, Refusal};
use crate::content::scan::CONTENT_DIR;
use crate::output::stamp::FileStamp;

/// The inputs of a build into `options.output`, as one number. Folders
/// that cannot be read hash as absent; the build itself reports them.
pub fn inputs(options: &BuildOptions) -> u64 {
    let mut hasher = crate::fingerprint_hasher();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    // A rebuilt dossier binary may render differently at the same version.
    std::env::current_exe()
        .ok()
        .and_then(|exe| FileStamp::read(&exe))
        .hash(&mut hasher);
    (
        options.drafts,
        &options.base_url,
        options.git,
        options.search,
        options.strict_mentions,
    )
        .hash(&mut hasher);
    if options.git {
        // Pages show their git history: a new commit changes them.
        git_head(&options.root).hash(&mut hasher);
    }
    let root = &options.root;
    let fence = Fence::new(root);
    match fence.resolve(&root.join(CONFIG_FILE)) {
        Ok(real) => file(&real, &mut hasher),
        Err(Refusal::Outside(target)) => target.hash(&mut hasher),
        Err(Refusal::Io(e)) => e.kind().to_string().hash(&mut hasher),
    }
    for folder in [CONTENT_DIR, "static", "themes"] {
        folder.hash(&mut hasher);
        tree(&fence, &root.join(folder), &options.output, &mut hasher);
    }
    hasher.finish()
}

/// The commit checked out around `root`, or why there is none (no git, no
/// repository, no commit yet), which is as much an input as a commit is.
fn git_head(root: &Path) -> Result<Vec<u8>, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD", "--is-shallow-repository"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| e.kind().to_string())?;
    Ok(output.stdout)
}

/// Hashes every file under `dir` (except inside `output`) in path order,
/// following links only inside the dossier, as the build does.
fn tree(fence: &Fence, dir: &Path, output: &Path, hasher: &mut impl Hasher) {
    let Some(found) = fence.walk(dir, Some(output)) else {
        return;
    };
    for item in found {
        match item {
            Found::File { path, .. } => {
                path.hash(hasher);
                file(&path, hasher);
            }
            // A refused or unreadable entry must not look like an
            // unchanged one; the build reports it.
            Found::Outside { path, target } => (path, target).hash(hasher),
            Found::BadName(path) => path.hash(hasher),
            Found::Unreadable { path, error } => (path, error.to_string()).hash(hasher),
        }
    }
}

/// Hashes what `stat` says of the file at `path`: its stamp, and who may
/// read it, since a `chmod` that makes it unreadable changes neither its
/// size nor its modification time.
fn file(path: &Path, hasher: &mut impl Hasher) {
    std::fs::metadata(path)
        .ok()
        .map(|m| (FileStamp::of(&m), access(&m)))
        .hash(hasher);
}

#[cfg(unix)]
fn access(metadata: &std::fs::Metadata) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    (metadata.mode(), metadata.uid(), metadata.gid())
}

#[cfg(not(unix))]
fn access(metadata: &std::fs::Metadata) -> (u32, u32, u32) {
    (u32::from(metadata.permissions().readonly()), 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn a_touched_file_changes_the_inputs() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let brief = dir.path().join("content/briefs/a.md");
        std::fs::create_dir_all(dir.path().join("content/briefs"))?;
        std::fs::write(&brief, "---\ntitle: A\n---\n")?;
        let options = BuildOptions::new(dir.path().to_path_buf());
        let before = inputs(&options);
        assert_eq!(before, inputs(&options));
        std::fs::write(&brief, "---\ntitle: B\n---\n")?;
        let file = std::fs::File::options().write(true).open(&brief)?;
        file.set_modified(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(7))?;
        assert_ne!(before, inputs(&options));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_dossier_is_not_followed() -> std::io::Result<()> {
        let (dir, outside) = (tempfile::tempdir()?, tempfile::tempdir()?);
        let secret = outside.path().join("secret");
        std::fs::write(&secret, "a")?;
        std::fs::create_dir_all(dir.path().join("content"))?;
        std::os::unix::fs::symlink(&secret, dir.path().join("content/leak.md"))?;
        let options = BuildOptions::new(dir.path().to_path_buf());
        let before = inputs(&options);
        // Were the link followed, the target's new size would show.
        std::fs::write(&secret, "a longer secret")?;
        assert_eq!(before, inputs(&options));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_chmod_changes_the_inputs() -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let brief = dir.path().join("content/briefs/a.md");
        std::fs::create_dir_all(dir.path().join("content/briefs"))?;
        std::fs::write(&brief, "---\ntitle: A\n---\n")?;
        let options = BuildOptions::new(dir.path().to_path_buf());
        let before = inputs(&options);
        std::fs::set_permissions(&brief, std::fs::Permissions::from_mode(0o000))?;
        assert_ne!(before, inputs(&options));
        Ok(())
    }
}
