//! Who may do what: the staff roles and the one table mapping each role to its permissions. The
//! core asks it before every command on the terminal; the sync server asks the same table of the
//! person named on every pushed record, so a till cannot do through sync what its people could
//! not do at the counter.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Cashier,
    Warehouse,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Cashier, Role::Warehouse];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Cashier => "cashier",
            Role::Warehouse => "warehouse",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Search and read products and categories: everyone at the counter or in the warehouse.
    ViewCatalogue,
    /// Create and edit products, categories and suppliers, including prices.
    EditCatalogue,
    /// Read suppliers' contact details.
    ViewSuppliers,
    /// Read stock levels, movements and the low-stock list.
    ViewStock,
    /// Record stock adjustments (opening, count, damage, correction); open and cancel a stock
    /// count.
    AdjustStock,
    /// Count stock in an open stock count (scan, type a count): everyone on the floor.
    CountStock,
    /// Read a stock count's variance and post it (owner and admin).
    ApproveCount,
    /// Draft, send and cancel purchase orders, return goods to suppliers, change prices in bulk
    /// (owner and admin: they commit the store's money).
    Purchase,
    /// Receive goods against a purchase order, by scanning (everyone who works the warehouse).
    Receive,
    ViewStoreProfile,
    /// Store profile and tax settings.
    EditStoreProfile,
    ManageUsers,
    ViewAudit,
    /// Change one's own password or PIN.
    OwnAccount,
    /// Ring up sales, take payment, returns, park and void carts, open and close a shift.
    Sell,
    /// Terminal code, printer and the store's counter policies.
    ManageCounter,
    /// Approve a discount above the cashier's limit or a return, with one's PIN.
    Supervise,
    /// Link the store to the sync server, enrol terminals, make enrolment codes: the owner only.
    ManageSync,
    /// See and resolve the review list (oversold products, sync conflicts).
    ReviewSync,
    /// Work the order queue: pick, pack, label, ship, cancel.
    Fulfil,
    /// The dashboard and the reports: sales, margins, stock value, tax (owner and admin).
    ViewReports,
    /// Check for, install and restart into a signed app update on this terminal (owner and admin).
    UpdateApp,
    /// Take, schedule and restore copies of this terminal's database, and export every table
    /// (owner and admin, with the password).
    Backup,
    /// Book services at the desk, see the bookings calendar, take repairs in and hand them back.
    TakeBookings,
    /// Accept or reject a down payment's proof, cancel a booking with its refund (owner and admin).
    ApproveBookings,
    /// Services, packages, prices, resources and their hours, the portfolio (owner and admin).
    SetUpBookings,
}

impl Permission {
    pub const ALL: [Permission; 26] = [
        Permission::ViewCatalogue,
        Permission::EditCatalogue,
        Permission::ViewSuppliers,
        Permission::ViewStock,
        Permission::AdjustStock,
        Permission::CountStock,
        Permission::ApproveCount,
        Permission::Purchase,
        Permission::Receive,
        Permission::ViewStoreProfile,
        Permission::EditStoreProfile,
        Permission::ManageUsers,
        Permission::ViewAudit,
        Permission::OwnAccount,
        Permission::Sell,
        Permission::ManageCounter,
        Permission::Supervise,
        Permission::ManageSync,
        Permission::ReviewSync,
        Permission::Fulfil,
        Permission::ViewReports,
        Permission::UpdateApp,
        Permission::Backup,
        Permission::TakeBookings,
        Permission::ApproveBookings,
        Permission::SetUpBookings,
    ];
}

/// Everything `role` may do: the one table the UI reads too (it shows each person only what
/// they may use).
pub fn permissions_of(role: Role) -> Vec<Permission> {
    Permission::ALL.into_iter().filter(|p| allows(role, *p)).collect()
}

/// What a session opened with a PIN may do: the counter and the warehouse floor. The rest needs
/// the password (a PIN is six digits; every till holds every PIN's hash).
pub fn opens_with_pin(p: Permission) -> bool {
    use Permission::*;
    matches!(
        p,
        ViewCatalogue
            | ViewSuppliers
            | ViewStock
            | ViewStoreProfile
            | OwnAccount
            | Sell
            | Supervise
            | Fulfil
            | CountStock
            | Receive
            | TakeBookings
            | ApproveBookings
    )
}

pub fn allows(role: Role, p: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Owner => true,
        Role::Admin => !matches!(p, EditStoreProfile | ManageSync),
        Role::Cashier => matches!(
            p,
            ViewCatalogue | ViewStock | ViewStoreProfile | OwnAccount | Sell | CountStock | TakeBookings
        ),
        Role::Warehouse => matches!(
            p,
            ViewCatalogue
                | ViewSuppliers
                | ViewStock
                | AdjustStock
                | CountStock
                | ViewStoreProfile
                | OwnAccount
                | Fulfil
                | Receive
        ),
    }
}
