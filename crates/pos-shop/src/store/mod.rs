//! The shop's storage: one module per table or aggregate, each the only place its SQL lives. The
//! helpers (prepared-statement cache, `Db` for a connection or a transaction) are the server's.

pub mod carts;
pub mod catalogue;
pub mod categories;
pub mod checkouts;
pub mod customers;
pub mod settings;
pub mod words;

pub use pos_server::store::{Db, execute, query, query_one, query_opt};
