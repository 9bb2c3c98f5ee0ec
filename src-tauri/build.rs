fn main() {
    // The app declares its one command so the capability file can grant exactly it.
    let manifest = tauri_build::AppManifest::new().commands(&["dispatch"]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build script failed: {e:#}");
    }
}
