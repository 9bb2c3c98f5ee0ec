//! Who may do what. Every use case asks its [`Permission`] of the signed-in session before it
//! reads or writes anything; this table is the one place roles are mapped to permissions.

use pos_store::users::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Search and read products and categories: everyone at the counter or in the warehouse.
    ViewCatalogue,
    /// Create and edit products, categories and suppliers, including prices.
    EditCatalogue,
    /// Read suppliers' contact details.
    ViewSuppliers,
    /// Read stock levels, movements and the low-stock list.
    ViewStock,
    /// Record stock adjustments (opening, count, damage, correction).
    AdjustStock,
    ViewStoreProfile,
    /// Store profile and tax settings.
    EditStoreProfile,
    ManageUsers,
    ViewAudit,
    /// Change one's own password or PIN.
    OwnAccount,
}

pub fn allows(role: Role, p: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Owner => true,
        Role::Admin => !matches!(p, EditStoreProfile),
        Role::Cashier => matches!(p, ViewCatalogue | ViewStock | ViewStoreProfile | OwnAccount),
        Role::Warehouse => matches!(
            p,
            ViewCatalogue | ViewSuppliers | ViewStock | AdjustStock | ViewStoreProfile | OwnAccount
        ),
    }
}
