//! Who may do what. Every use case asks its [`Permission`] of the signed-in session before it
//! reads or writes anything. The table itself lives in `pos_domain::roles`, shared with the sync
//! server, which checks the same permissions of the person named on each pushed record.

pub use pos_domain::roles::{Permission, allows, opens_with_pin, permissions_of};

/// Owner and admin accounts and store-wide settings (profile, policies) of a linked store change
/// only at a terminal the owner trusts with them: the sync server sets such edits aside from any
/// other, so the terminal refuses them first. A terminal not linked yet is its own store.
pub(crate) fn trusted_desk(conn: &pos_store::rusqlite::Connection) -> crate::Result<()> {
    if pos_sync::local::state(conn, "device_id")?.is_some() && !pos_sync::local::owner_desk(conn)? {
        return Err(crate::CoreError::new(
            crate::ErrorCode::Forbidden,
            "Owner and admin accounts and store-wide settings are changed at a terminal the owner trusts with them (Sync → terminals); this one is not.",
            "Akun pemilik dan admin serta pengaturan seluruh toko diubah di terminal yang dipercaya pemilik (Sinkronisasi → terminal); terminal ini tidak.",
        ));
    }
    Ok(())
}
