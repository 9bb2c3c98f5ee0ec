//! The warehouse: orders to deliver (online orders arrive through sync, counter sales to deliver
//! are made here), the order flow with its allowed transitions, stock reserved while an order is
//! paid and not yet shipped, pick lists, packing by scanning, courier rates, tracking numbers, and
//! shipping labels printed in batches that resume after a printer fault.

use crate::error::{CoreError, ErrorCode, Result, text};
use crate::permissions::Permission;
use crate::{Core, Session, json};
use pos_domain::shipping::{ParcelItem, Tariff, billable_kg, parcel_billable_kg, rate};
use pos_print::label::{self, LabelStock, Party, ShippingLabel};
use pos_print::transport::Sink;
use pos_store::orders::{self, CourierService, Order, OrderLine, OrderStatus};
use pos_store::rusqlite::Connection;
use pos_store::settings::Series;
use serde::{Deserialize, Serialize};

mod delivery_orders;
mod documents;
mod flow;
mod labels;
mod model;
mod packing;
mod pick_list;
mod product_labels;
mod shipping;
mod transitions;

pub(crate) use documents::pdf_file;
use flow::*;
use labels::*;
pub use model::*;
pub use product_labels::*;
