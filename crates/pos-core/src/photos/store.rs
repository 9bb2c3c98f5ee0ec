//! The port photos are kept through: blob files by hash. The file-backed core uses the folder
//! beside its database (`pos_store::blobs::BlobDir`); an in-memory core keeps them in memory.

use std::collections::HashMap;
use std::sync::Mutex;

pub trait PhotoStore: Send + Sync {
    fn put(&self, hash: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn get(&self, hash: &str) -> std::io::Result<Option<Vec<u8>>>;
    fn remove(&self, hash: &str) -> std::io::Result<()>;
}

impl PhotoStore for pos_store::blobs::BlobDir {
    fn put(&self, hash: &str, bytes: &[u8]) -> std::io::Result<()> {
        pos_store::blobs::BlobDir::put(self, hash, bytes)
    }
    fn get(&self, hash: &str) -> std::io::Result<Option<Vec<u8>>> {
        pos_store::blobs::BlobDir::get(self, hash)
    }
    fn remove(&self, hash: &str) -> std::io::Result<()> {
        pos_store::blobs::BlobDir::remove(self, hash)
    }
}

/// Blobs in memory, for a core with no file.
#[derive(Default)]
pub struct MemoryPhotos(Mutex<HashMap<String, Vec<u8>>>);

impl PhotoStore for MemoryPhotos {
    fn put(&self, hash: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(hash.into(), bytes.to_vec());
        Ok(())
    }
    fn get(&self, hash: &str) -> std::io::Result<Option<Vec<u8>>> {
        Ok(self.0.lock().unwrap_or_else(|e| e.into_inner()).get(hash).cloned())
    }
    fn remove(&self, hash: &str) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(hash);
        Ok(())
    }
}
