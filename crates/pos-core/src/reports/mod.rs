//! The owner's desk: the dashboard and the reports, all read from the local file (offline), over
//! every branch that sync brought in. Sales figures come from `report_lines` (pos-store's
//! reporting module): revenue is the DPP share of each line — no PPN, no shipping — and margin is
//! revenue minus the cost frozen on the sale line. Returns count on the day they happen, as
//! negative rows; a discount counts once, on its sale.
//!
//! A report is built whole (every row), then sorted and paged here, so the screen, the totals and
//! the exports always come from the same rows.

use crate::permissions::Permission;
use crate::{Core, CoreError, ErrorCode, Lang, Result};
use chrono::{Datelike, Duration, NaiveDate};
use pos_store::reporting::{day_key, key_day};
use pos_store::reports::grouped::{Group, grouped, sold_by_product};
use pos_store::reports::lines::each_product;
use pos_store::reports::{self as read, Range};
use pos_store::rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod audit;
mod bookings;
mod commands;
mod dashboard;
mod discounts;
mod figures;
pub(crate) mod files;
mod labels;
mod model;
mod movements;
mod returns;
mod run;
mod sales;
mod scope;
mod slow_movers;
mod stock_value;
mod table;
mod tax;
mod tenders;

use audit::*;
use bookings::*;
pub use commands::*;
pub use dashboard::*;
use discounts::*;
pub use figures::*;
use labels::*;
pub use model::*;
use movements::*;
use returns::*;
use run::*;
use sales::*;
use scope::*;
use slow_movers::*;
use stock_value::*;
use table::*;
use tax::*;
use tenders::*;
