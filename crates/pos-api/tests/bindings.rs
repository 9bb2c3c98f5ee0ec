//! The UI's TypeScript types are generated from the command list and committed. This test
//! regenerates them and fails when the committed copy differs; `make bindings` refreshes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn committed_typescript_matches_the_command_list() {
    let committed: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "ui",
        "src",
        "lib",
        "api",
        "generated",
    ]
    .iter()
    .collect();
    let tmp = tempfile::tempdir().unwrap();
    pos_api::write_typescript(tmp.path()).unwrap();
    let fresh = read_dir(tmp.path());
    assert!(
        fresh.contains_key("commands.ts") && fresh.contains_key("Product.ts"),
        "{:?}",
        fresh.keys()
    );
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &fresh {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let old = read_dir(&committed);
    let stale: Vec<_> = fresh
        .keys()
        .chain(old.keys())
        .filter(|k| fresh.get(*k) != old.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "TypeScript bindings drifted from the Rust types ({stale:?}); run `make bindings` and commit"
    );
}
