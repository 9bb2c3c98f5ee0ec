//! Who may do what. Every use case asks its [`Permission`] of the signed-in session before it
//! reads or writes anything. The table itself lives in `pos_domain::roles`, shared with the sync
//! server, which checks the same permissions of the person named on each pushed record.

pub use pos_domain::roles::{Permission, allows, opens_with_pin, permissions_of};
