//! The device token sealed with a key kept in a file beside the database (readable by the user only).

use super::*;

impl Core {
    pub(super) fn device_key(&self) -> Result<[u8; 32]> {
        let mut guard = lock(&self.device_key);
        if let Some(k) = *guard {
            return Ok(k);
        }
        let mut key = [0u8; 32];
        match &self.key_path {
            Some(path) if path.exists() => {
                let bytes = std::fs::read(path).map_err(CoreError::internal)?;
                if bytes.len() != 32 {
                    return Err(CoreError::internal(format!("{} is not a device key", path.display())));
                }
                key.copy_from_slice(&bytes);
            }
            other => {
                getrandom::getrandom(&mut key).map_err(CoreError::internal)?;
                if let Some(path) = other {
                    write_private(path, &key).map_err(CoreError::internal)?;
                }
            }
        }
        *guard = Some(key);
        Ok(key)
    }

    pub(super) fn seal(&self, secret: &str) -> Result<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, KeyInit};
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.device_key()?.into());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(CoreError::internal)?;
        let ct = cipher
            .encrypt(&nonce.into(), secret.as_bytes())
            .map_err(CoreError::internal)?;
        Ok(base64::engine::general_purpose::STANDARD.encode([nonce.as_slice(), &ct].concat()))
    }

    pub(super) fn open_sealed(&self, sealed: &str) -> Option<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, KeyInit};
        let raw = base64::engine::general_purpose::STANDARD.decode(sealed).ok()?;
        if raw.len() < 12 {
            return None;
        }
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.device_key().ok()?.into());
        let nonce: [u8; 12] = raw[..12].try_into().ok()?;
        String::from_utf8(cipher.decrypt(&nonce.into(), &raw[12..]).ok()?).ok()
    }
}

pub(super) fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    // The file's name is in its folder: sync that too, or a power cut can lose the key (and with
    // it the sealed device token) although the file's bytes were on disk.
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
