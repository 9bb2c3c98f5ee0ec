//! The warehouse: orders to deliver (online orders arrive through sync, counter sales to deliver
//! are made here), the order flow with its allowed transitions, stock reserved while an order is
//! paid and not yet shipped, pick lists, packing by scanning, courier rates, tracking numbers, and
//! shipping labels printed in batches that resume after a printer fault.

use crate::error::{CoreError, ErrorCode, Result, text};
use crate::permissions::Permission;
use crate::{Core, Session, json};
use pos_domain::shipping::{Tariff, billable_kg, rate};
use pos_print::label::{self, LabelStock, Party, ShippingLabel};
use pos_print::transport::Sink;
use pos_store::orders::{self, CourierService, Order, OrderLine, OrderStatus};
use pos_store::rusqlite::{Connection, OptionalExtension, params};
use pos_store::settings::Series;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderFilter {
    /// Empty: every order.
    pub statuses: Vec<OrderStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderId {
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderIds {
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderLineInput {
    pub product_id: String,
    pub quantity: i64,
}

/// A sale to deliver, taken at the counter (or typed in for a phone order).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewDeliveryOrder {
    pub customer_name: String,
    pub customer_phone: String,
    pub ship_name: String,
    pub ship_phone: String,
    pub ship_address: String,
    pub ship_city: String,
    pub ship_postal: String,
    pub courier_service: String,
    pub lines: Vec<OrderLineInput>,
    /// Paid at the counter already (else it waits for payment).
    pub paid: bool,
    pub sale_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TransitionRequest {
    pub id: String,
    pub to: Option<OrderStatus>,
    pub note: String,
    pub expected_version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PackScan {
    pub id: String,
    /// A scanned barcode or a typed SKU.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PackResult {
    pub order: Order,
    /// The line the scan counted.
    pub line_no: i64,
    pub complete: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PackedWeight {
    pub id: String,
    pub weight_g: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TrackingRequest {
    pub id: String,
    /// From the courier's receipt (scanned or typed); none makes one for the store's own delivery.
    pub tracking_no: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ShippingQuoteRequest {
    pub courier_service: String,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
    pub distance_km: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShippingQuote {
    pub billable_kg: i64,
    pub cost: i64,
    pub min_days: i64,
    pub max_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickItem {
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    pub quantity: i64,
    pub orders: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickGroup {
    pub category: String,
    pub items: Vec<PickItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickList {
    pub orders: Vec<String>,
    pub groups: Vec<PickGroup>,
}

/// This workstation's label printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelPrinter {
    pub stock: LabelStock,
    pub transport: pos_print::Transport,
}

impl Default for LabelPrinter {
    fn default() -> Self {
        LabelPrinter {
            stock: LabelStock::SHIPPING_203,
            transport: pos_print::Transport::None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelPreview {
    pub svg: String,
    pub label: ShippingLabel,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelJobId {
    pub id: String,
}

/// A batch of labels: `done` counts labels the printer accepted, so a resumed job prints each
/// remaining label once and none twice.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelJob {
    pub id: String,
    pub total: i64,
    pub done: i64,
    pub error: Option<String>,
    pub order_ids: Vec<String>,
}

fn order_404() -> CoreError {
    CoreError::not_found("id", "Order", "Pesanan")
}

fn invalid_transition(from: OrderStatus, to: OrderStatus) -> CoreError {
    CoreError::invalid(
        "to",
        format!("An order that is {} cannot become {}", from.as_str(), to.as_str()),
        format!(
            "Pesanan berstatus {} tidak dapat menjadi {}",
            from.as_str(),
            to.as_str()
        ),
    )
}

pub(crate) fn label_printer(conn: &Connection) -> Result<LabelPrinter> {
    Ok(pos_store::settings::device(conn, "label_printer")?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

fn service(conn: &Connection, id: &str) -> Result<CourierService> {
    orders::courier_services(conn)?
        .into_iter()
        .find(|c| c.id == id && c.active)
        .ok_or_else(|| CoreError::not_found("courier_service", "Courier service", "Layanan kurir"))
}

fn tariff(c: &CourierService) -> Tariff {
    Tariff {
        base: c.base_price,
        per_kg: c.price_per_kg,
        per_km: c.price_per_km,
        volume_factor: c.volume_factor,
    }
}

impl Core {
    fn load_order(&self, conn: &Connection, id: &str) -> Result<Order> {
        orders::get(conn, id)?.ok_or_else(order_404)
    }

    /// Records a status change: the event, the audit line and the sync record.
    fn record_transition(
        &self,
        tx: &Connection,
        s: Option<&Session>,
        o: &Order,
        to: OrderStatus,
        note: &str,
    ) -> Result<()> {
        let now = self.now();
        let user = s.map(|s| s.user.id.as_str());
        orders::add_event(tx, &o.id, Some(o.status), to, user, note, now)?;
        let after = serde_json::json!({ "order_no": o.order_no, "from": o.status, "to": to, "note": note });
        self.audit(
            tx,
            user,
            "order.status",
            ("order", Some(&o.id)),
            None,
            Some(after.clone()),
        )?;
        let current: (Option<String>, Option<i64>) = tx.query_row(
            "SELECT tracking_no, packed_weight_g FROM orders WHERE id = ?1",
            [&o.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let ev = serde_json::json!({
            "id": pos_domain::new_id(), "order_id": o.id, "order_no": o.order_no, "from": o.status.as_str(),
            "to": to.as_str(), "note": note, "at": now, "tracking_no": current.0, "packed_weight_g": current.1,
        });
        pos_store::outbox::append(tx, "order_event", ev["id"].as_str().unwrap_or(""), &ev, now, user)?;
        Ok(())
    }

    pub fn courier_services(&self, token: Option<&str>) -> Result<Vec<CourierService>> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| Ok(orders::courier_services(c)?))
    }

    /// The rate formula of the reference: billable weight (actual or volumetric, rounded up to
    /// whole kilograms) times the per-kg price, plus the base (and per-km when the service has one).
    pub fn shipping_quote(&self, token: Option<&str>, req: ShippingQuoteRequest) -> Result<ShippingQuote> {
        self.authorize(token, Permission::ViewCatalogue)?;
        for (field, v, max) in [
            ("weight_g", req.weight_g, 1_000_000),
            ("length_mm", req.length_mm, 10_000),
            ("width_mm", req.width_mm, 10_000),
            ("height_mm", req.height_mm, 10_000),
            ("distance_km", req.distance_km, 10_000),
        ] {
            crate::error::bounded(field, (field, field), v, 0, max)?;
        }
        let c = self.read(|conn| service(conn, &req.courier_service))?;
        let kg = billable_kg(
            req.weight_g,
            (req.length_mm, req.width_mm, req.height_mm),
            c.volume_factor,
        );
        Ok(ShippingQuote {
            billable_kg: kg,
            cost: rate(&tariff(&c), kg, req.distance_km),
            min_days: c.min_days,
            max_days: c.max_days,
        })
    }

    pub fn list_orders(&self, token: Option<&str>, req: OrderFilter) -> Result<Vec<Order>> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(|c| Ok(orders::list(c, &req.statuses, 500)?))
    }

    pub fn get_order(&self, token: Option<&str>, req: OrderId) -> Result<Order> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(|c| self.load_order(c, &req.id))
    }

    /// A counter sale to deliver: the address as given now stays with the order.
    pub fn create_delivery_order(&self, token: Option<&str>, req: NewDeliveryOrder) -> Result<Order> {
        let s = self.authorize(token, Permission::Sell)?;
        let name = text(
            "customer_name",
            ("Customer", "Pelanggan"),
            &req.customer_name,
            100,
            true,
        )?;
        let phone = text("customer_phone", ("Phone", "Telepon"), &req.customer_phone, 30, false)?;
        let ship_name = text("ship_name", ("Recipient", "Penerima"), &req.ship_name, 100, true)?;
        let ship_phone = text(
            "ship_phone",
            ("Recipient's phone", "Telepon penerima"),
            &req.ship_phone,
            30,
            true,
        )?;
        let ship_address = text("ship_address", ("Address", "Alamat"), &req.ship_address, 300, true)?;
        let ship_city = text("ship_city", ("City", "Kota"), &req.ship_city, 80, false)?;
        let ship_postal = text("ship_postal", ("Postal code", "Kode pos"), &req.ship_postal, 10, false)?;
        if req.lines.is_empty() || req.lines.len() > 100 {
            return Err(CoreError::invalid(
                "lines",
                "An order needs 1 to 100 lines",
                "Pesanan perlu 1 sampai 100 baris",
            ));
        }
        let now = self.now();
        let order = self.write(|tx| {
            let c = service(tx, &req.courier_service)?;
            let branch = Core::branch(tx)?;
            let mut lines = Vec::new();
            let (mut subtotal, mut weight) = (0i64, 0i64);
            for (i, l) in req.lines.iter().enumerate() {
                crate::error::bounded("quantity", ("Quantity", "Jumlah"), l.quantity, 1, 10_000)?;
                let p = pos_store::products::get(tx, &l.product_id, &branch)?
                    .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
                subtotal += p.price.rupiah() * l.quantity;
                weight += p.weight_g * l.quantity;
                lines.push(OrderLine {
                    id: pos_domain::new_id(),
                    line_no: i as i64 + 1,
                    product_id: p.id,
                    sku: p.sku,
                    name: p.name,
                    quantity: l.quantity,
                    unit_price: p.price.rupiah(),
                    packed: 0,
                    barcode: p.barcode,
                    category: p.category_name,
                });
            }
            let shipping = rate(&tariff(&c), billable_kg(weight, (0, 0, 0), c.volume_factor), 0);
            let terminal = crate::counter::settings::terminal(tx)?;
            let order_no = pos_store::settings::next_free_number(tx, &branch, &terminal, Series::Delivery)?;
            let mut o = Order {
                id: pos_domain::new_id(),
                order_no,
                source: "counter".into(),
                status: OrderStatus::AwaitingPayment,
                branch: branch.clone(),
                customer_name: name,
                customer_phone: phone,
                customer_email: String::new(),
                ship_name,
                ship_phone,
                ship_address,
                ship_city,
                ship_postal,
                courier_service: c.id.clone(),
                shipping_cost: shipping,
                subtotal,
                total: subtotal + shipping,
                payment_status: "unpaid".into(),
                packed_weight_g: None,
                tracking_no: None,
                parent_id: None,
                sale_id: req.sale_id.clone().filter(|v| !v.is_empty()),
                note: String::new(),
                created_at: now,
                updated_at: now,
                version: 1,
                lines,
                events: Vec::new(),
            };
            if let Some(sale) = &o.sale_id
                && pos_store::sales::get(tx, sale)?.is_none()
            {
                return Err(CoreError::not_found("sale_id", "Sale", "Penjualan"));
            }
            orders::insert(tx, &o)?;
            orders::add_event(tx, &o.id, None, OrderStatus::AwaitingPayment, Some(&s.user.id), "", now)?;
            pos_store::outbox::append(tx, "order", &o.id, &o, now, Some(&s.user.id))?;
            self.audit(
                tx,
                Some(&s.user.id),
                "order.created",
                ("order", Some(&o.id)),
                None,
                json(&o.order_no),
            )?;
            if req.paid {
                self.apply_transition(tx, Some(&s), &o, OrderStatus::Paid, "paid at the counter")?;
                o = self.load_order(tx, &o.id)?;
            }
            self.load_order(tx, &o.id)
        })?;
        Ok(order)
    }

    /// Moves an order along its flow; only the allowed transitions, each audited.
    pub fn transition_order(&self, token: Option<&str>, req: TransitionRequest) -> Result<Order> {
        let s = self.authorize(token, Permission::Fulfil)?;
        let to = req
            .to
            .ok_or_else(|| CoreError::invalid("to", "Choose the new status", "Pilih status baru"))?;
        let note = text("note", ("Note", "Catatan"), &req.note, 300, false)?;
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if o.version != req.expected_version {
                return Err(CoreError::stale());
            }
            self.apply_transition(tx, Some(&s), &o, to, &note)?;
            self.load_order(tx, &o.id)
        })
    }

    /// The rules of each step, inside the caller's transaction.
    pub(crate) fn apply_transition(
        &self,
        tx: &Connection,
        s: Option<&Session>,
        o: &Order,
        to: OrderStatus,
        note: &str,
    ) -> Result<()> {
        if !o.status.can_become(to) {
            return Err(invalid_transition(o.status, to));
        }
        let now = self.now();
        let mut payment = o.payment_status.clone();
        match to {
            OrderStatus::Paid => {
                payment = "paid".into();
                // A counter sale's goods left the stock with the sale: nothing to hold.
                if o.sale_id.is_none() {
                    for l in &o.lines {
                        orders::reserve(tx, l, &o.branch, now)?;
                    }
                }
            }
            OrderStatus::Picking if o.sale_id.is_some() => {}
            OrderStatus::Picking => {
                // Every line must be on the shelf, after what orders already being picked or
                // packed took: the rest waits (backorder) or ships apart (split).
                for l in &o.lines {
                    let on_hand = pos_store::stock::on_hand(tx, &l.product_id, &o.branch)?;
                    let committed = orders::committed(tx, &l.product_id, &o.branch)?;
                    if on_hand - committed < l.quantity {
                        return Err(CoreError::new(
                            ErrorCode::Invalid,
                            format!(
                                "Not enough {} on the shelf: back-order the order or ship what is here",
                                l.name
                            ),
                            format!("Stok {} kurang: jadikan pesanan tertunda atau kirim yang ada", l.name),
                        )
                        .on("lines"));
                    }
                }
            }
            OrderStatus::Packed => {
                if o.lines.iter().any(|l| l.packed < l.quantity) {
                    return Err(CoreError::invalid(
                        "lines",
                        "Scan every item into the box first",
                        "Pindai semua barang ke dalam kotak dulu",
                    ));
                }
                if o.packed_weight_g.is_none() {
                    return Err(CoreError::invalid(
                        "weight_g",
                        "Enter the packed weight",
                        "Isi berat paket",
                    ));
                }
            }
            OrderStatus::Shipped => {
                if o.tracking_no.is_none() {
                    return Err(CoreError::invalid(
                        "tracking_no",
                        "Enter the tracking number",
                        "Isi nomor resi",
                    ));
                }
                orders::release(tx, &o.id, now)?;
                for l in o.lines.iter().filter(|_| o.sale_id.is_none()) {
                    let m = pos_store::stock::NewMovement {
                        product_id: &l.product_id,
                        branch: &o.branch,
                        quantity: -l.quantity,
                        reason: "shipment",
                        note: &o.order_no,
                        user_id: s.map(|s| s.user.id.as_str()),
                        at: now,
                        ref_id: Some(&o.id),
                    };
                    pos_store::stock::insert_with_id(tx, &l.id, &m)?;
                    self.outbox_movement(tx, &l.id, &m)?;
                }
                pos_store::reporting::index_shipment(tx, &o.id, now)?;
            }
            OrderStatus::Cancelled => {
                orders::release(tx, &o.id, now)?;
                if payment == "paid" {
                    // Refunded by the store's policy (transfer back, QRIS refund): the owner sees it.
                    payment = "refund_due".into();
                }
            }
            OrderStatus::Backordered | OrderStatus::Delivered | OrderStatus::AwaitingPayment => {}
        }
        orders::set_status(tx, &o.id, to, &payment, now)?;
        self.record_transition(tx, s, o, to, note)
    }

    /// Ships what is on the shelf now: the short part of each line moves to a new order that waits
    /// for stock (backordered), with its own reservation.
    pub fn split_order(&self, token: Option<&str>, req: OrderId) -> Result<Vec<Order>> {
        let s = self.authorize(token, Permission::Fulfil)?;
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if o.status != OrderStatus::Paid {
                return Err(CoreError::invalid("id", "Only a paid order waiting to be picked can be split", "Hanya pesanan lunas yang menunggu diambil yang dapat dipecah"));
            }
            let now = self.now();
            let mut rest = Vec::new();
            for l in &o.lines {
                let on_hand = pos_store::stock::on_hand(tx, &l.product_id, &o.branch)?;
                let committed = orders::committed(tx, &l.product_id, &o.branch)?;
                let here = (on_hand - committed).clamp(0, l.quantity);
                if here < l.quantity {
                    rest.push((l.clone(), l.quantity - here, here));
                }
            }
            if rest.is_empty() {
                return Err(CoreError::invalid("id", "Everything is on the shelf: nothing to split", "Semua stok ada: tidak ada yang dipecah"));
            }
            // The back-order is this terminal's own number (the parent may be another till's or the
            // shop's); its event says which order it was split from.
            let terminal = crate::counter::settings::terminal(tx)?;
            let back_no = pos_store::settings::next_free_number(tx, &Core::branch(tx)?, &terminal, Series::Backorder)?;
            let mut back = o.clone();
            back.id = pos_domain::new_id();
            back.order_no = back_no;
            back.parent_id = Some(o.id.clone());
            back.status = OrderStatus::Backordered;
            back.shipping_cost = 0;
            back.created_at = now;
            back.lines = rest
                .iter()
                .enumerate()
                .map(|(i, (l, short, _))| OrderLine { id: pos_domain::new_id(), line_no: i as i64 + 1, quantity: *short, packed: 0, ..l.clone() })
                .collect();
            back.subtotal = back.lines.iter().map(|l| l.unit_price * l.quantity).sum();
            back.total = back.subtotal;
            orders::insert(tx, &back)?;
            for l in &back.lines {
                orders::reserve(tx, l, &back.branch, now)?;
            }
            for (l, short, here) in &rest {
                if *here == 0 {
                    tx.execute("UPDATE stock_reservations SET released_at = ?2 WHERE order_line_id = ?1", params![l.id, now])?;
                    tx.execute("DELETE FROM stock_reservations WHERE order_line_id = ?1", [&l.id])?;
                    tx.execute("DELETE FROM order_lines WHERE id = ?1", [&l.id])?;
                } else {
                    tx.execute("UPDATE order_lines SET quantity = quantity - ?2 WHERE id = ?1", params![l.id, short])?;
                    tx.execute("UPDATE stock_reservations SET quantity = ?2 WHERE order_line_id = ?1", params![l.id, here])?;
                }
            }
            let sub: i64 = tx.query_row(
                "SELECT ifnull(sum(quantity * unit_price), 0) FROM order_lines WHERE order_id = ?1",
                [&o.id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE orders SET subtotal = ?2, total = ?2 + shipping_cost, updated_at = ?3, version = version + 1 WHERE id = ?1",
                params![o.id, sub, now],
            )?;
            orders::add_event(tx, &back.id, None, OrderStatus::Backordered, Some(&s.user.id), &format!("split from {}", o.order_no), now)?;
            pos_store::outbox::append(tx, "order", &back.id, &back, now, Some(&s.user.id))?;
            let after = serde_json::json!({ "order_no": o.order_no, "backorder": back.order_no });
            self.audit(tx, Some(&s.user.id), "order.split", ("order", Some(&o.id)), None, Some(after))?;
            Ok(vec![self.load_order(tx, &o.id)?, self.load_order(tx, &back.id)?])
        })
    }

    /// Packing: each scan counts one unit of the matching line. A product that is not in the
    /// order, or one more than ordered, is refused loudly and counts nothing.
    pub fn pack_scan(&self, token: Option<&str>, req: PackScan) -> Result<PackResult> {
        self.authorize(token, Permission::Fulfil)?;
        let code = req.code.trim();
        if code.is_empty() || code.len() > 64 {
            return Err(CoreError::invalid(
                "code",
                "Scan the item's barcode",
                "Pindai barcode barang",
            ));
        }
        let forms = pos_domain::Barcode::scan_forms(code);
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if o.status != OrderStatus::Picking {
                return Err(CoreError::invalid(
                    "id",
                    "Pick the order before packing it",
                    "Ambil barang pesanan sebelum mengemas",
                ));
            }
            let matches = |l: &OrderLine| {
                l.sku.eq_ignore_ascii_case(code) || l.barcode.as_ref().is_some_and(|b| forms.iter().any(|f| f == b))
            };
            let Some(line) = o.lines.iter().find(|l| matches(l)) else {
                return Err(CoreError::new(
                    ErrorCode::Invalid,
                    format!("WRONG ITEM: {code} is not in order {}", o.order_no),
                    format!("BARANG SALAH: {code} tidak ada di pesanan {}", o.order_no),
                )
                .on("code"));
            };
            let Some(line) = o.lines.iter().filter(|l| matches(l)).find(|l| l.packed < l.quantity) else {
                return Err(CoreError::new(
                    ErrorCode::Invalid,
                    format!("TOO MANY: all {} of {} are packed already", line.quantity, line.name),
                    format!("KELEBIHAN: {} {} sudah dikemas semua", line.quantity, line.name),
                )
                .on("code"));
            };
            orders::count_packed(tx, &line.id)?;
            orders::touch(tx, &o.id, self.now())?;
            let order = self.load_order(tx, &o.id)?;
            let complete = order.lines.iter().all(|l| l.packed == l.quantity);
            Ok(PackResult {
                line_no: line.line_no,
                complete,
                order,
            })
        })
    }

    pub fn set_packed_weight(&self, token: Option<&str>, req: PackedWeight) -> Result<Order> {
        self.authorize(token, Permission::Fulfil)?;
        let w = crate::error::bounded("weight_g", ("Weight", "Berat"), req.weight_g, 1, 200_000)?;
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if !matches!(o.status, OrderStatus::Picking | OrderStatus::Packed) {
                return Err(CoreError::invalid(
                    "id",
                    "Weigh the parcel while packing",
                    "Timbang paket saat mengemas",
                ));
            }
            orders::set_packed_weight(tx, &o.id, w, self.now())?;
            self.load_order(tx, &o.id)
        })
    }

    /// The courier's tracking number (scanned or typed), or a unique one for the store's own
    /// delivery: branch, date and a random part, checked against every order here.
    pub fn set_tracking(&self, token: Option<&str>, req: TrackingRequest) -> Result<Order> {
        self.authorize(token, Permission::Fulfil)?;
        let given = req
            .tracking_no
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_uppercase);
        if let Some(t) = &given
            && (t.len() < 6 || t.len() > 40 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(CoreError::invalid(
                "tracking_no",
                "A tracking number is 6 to 40 letters and digits",
                "Nomor resi 6 sampai 40 huruf dan angka",
            ));
        }
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if !matches!(o.status, OrderStatus::Picking | OrderStatus::Packed) {
                return Err(CoreError::invalid(
                    "id",
                    "Set the tracking number while packing",
                    "Isi nomor resi saat mengemas",
                ));
            }
            let tracking = match given.clone() {
                Some(t) => t,
                None => loop {
                    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
                    let mut raw = [0u8; 6];
                    getrandom::getrandom(&mut raw).map_err(CoreError::internal)?;
                    let tail: String = raw
                        .iter()
                        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                        .collect();
                    let day = pos_domain::wib_date(self.clock.now()).format("%y%m%d");
                    let t = format!("HR{}{day}{tail}", o.branch);
                    let taken: Option<i64> = tx
                        .query_row("SELECT 1 FROM orders WHERE tracking_no = ?1", [&t], |r| r.get(0))
                        .optional()?;
                    if taken.is_none() {
                        break t;
                    }
                },
            };
            let clash: Option<String> = tx
                .query_row(
                    "SELECT order_no FROM orders WHERE tracking_no = ?1 AND id <> ?2",
                    params![tracking, o.id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = clash {
                return Err(CoreError::new(
                    ErrorCode::Duplicate,
                    format!("That tracking number is already on order {other}"),
                    format!("Nomor resi itu sudah dipakai pesanan {other}"),
                )
                .on("tracking_no"));
            }
            orders::set_tracking(tx, &o.id, &tracking, self.now())?;
            self.load_order(tx, &o.id)
        })
    }

    /// One list for many orders: what to take from the shelves, grouped by category.
    pub fn pick_list(&self, token: Option<&str>, req: OrderIds) -> Result<PickList> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(|c| {
            let mut groups: std::collections::BTreeMap<String, std::collections::BTreeMap<String, PickItem>> =
                Default::default();
            let mut numbers = Vec::new();
            for id in &req.ids {
                let o = self.load_order(c, id)?;
                numbers.push(o.order_no.clone());
                for l in o.lines {
                    let item = groups
                        .entry(l.category.clone())
                        .or_default()
                        .entry(l.sku.clone())
                        .or_insert(PickItem {
                            sku: l.sku.clone(),
                            name: l.name.clone(),
                            barcode: l.barcode.clone(),
                            quantity: 0,
                            orders: Vec::new(),
                        });
                    item.quantity += l.quantity;
                    item.orders.push(o.order_no.clone());
                }
            }
            Ok(PickList {
                orders: numbers,
                groups: groups
                    .into_iter()
                    .map(|(category, items)| PickGroup {
                        category,
                        items: items.into_values().collect(),
                    })
                    .collect(),
            })
        })
    }

    fn shipping_label(&self, conn: &Connection, o: &Order) -> Result<ShippingLabel> {
        let p = pos_store::profile::get(conn)?
            .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
        let c = service(conn, &o.courier_service).or_else(|_| {
            orders::courier_services(conn)?
                .into_iter()
                .find(|c| c.id == o.courier_service)
                .ok_or_else(order_404)
        })?;
        let tracking = o.tracking_no.clone().unwrap_or_default();
        let qr = if !tracking.is_empty() && !c.tracking_url.is_empty() {
            c.tracking_url.replace("{tracking}", &tracking)
        } else {
            format!("HURTROCK-ORDER:{}", o.order_no)
        };
        let address = [o.ship_address.as_str(), o.ship_city.as_str(), o.ship_postal.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        Ok(ShippingLabel {
            sender: Party {
                name: p.name,
                phone: p.phone,
                address: p.address,
            },
            recipient: Party {
                name: o.ship_name.clone(),
                phone: o.ship_phone.clone(),
                address,
            },
            order_no: o.order_no.clone(),
            courier: c.courier,
            service: c.service,
            weight_g: o.packed_weight_g.unwrap_or(0),
            items: o.lines.iter().map(|l| format!("{}x {}", l.quantity, l.name)).collect(),
            tracking_no: tracking,
            qr,
            date: pos_domain::wib_date(self.clock.now()).format("%d/%m/%Y").to_string(),
        })
    }

    /// The label as the printer will print it, drawn for the screen.
    pub fn label_preview(&self, token: Option<&str>, req: OrderId) -> Result<LabelPreview> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(|c| {
            let o = self.load_order(c, &req.id)?;
            let printer = label_printer(c)?;
            let label = self.shipping_label(c, &o)?;
            Ok(LabelPreview {
                svg: label::shipping_svg(&label, &printer.stock),
                label,
            })
        })
    }

    pub fn label_printer(&self, token: Option<&str>) -> Result<LabelPrinter> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(label_printer)
    }

    pub fn update_label_printer(&self, token: Option<&str>, req: LabelPrinter) -> Result<LabelPrinter> {
        let s = self.authorize(token, Permission::Fulfil)?;
        req.stock
            .check()
            .map_err(|e| CoreError::invalid("stock", e.clone(), e))?;
        self.write(|tx| {
            let before = label_printer(tx)?;
            pos_store::settings::set_device(
                tx,
                "label_printer",
                &serde_json::to_string(&req).map_err(CoreError::internal)?,
            )?;
            self.audit(
                tx,
                Some(&s.user.id),
                "settings.label_printer",
                ("device", None),
                json(&before),
                json(&req),
            )?;
            Ok(req.clone())
        })
    }

    /// A batch of shipping labels for packed orders, printed one by one with [`Core::label_job_step`].
    pub fn start_label_job(&self, token: Option<&str>, req: OrderIds) -> Result<LabelJob> {
        self.authorize(token, Permission::Fulfil)?;
        if req.ids.is_empty() || req.ids.len() > 1000 {
            return Err(CoreError::invalid(
                "ids",
                "Choose 1 to 1000 orders",
                "Pilih 1 sampai 1000 pesanan",
            ));
        }
        let now = self.now();
        self.write(|tx| {
            for id in &req.ids {
                let o = self.load_order(tx, id)?;
                if o.tracking_no.is_none() {
                    return Err(CoreError::invalid("ids", format!("Order {} has no tracking number yet", o.order_no), format!("Pesanan {} belum punya nomor resi", o.order_no)));
                }
            }
            let id = pos_domain::new_id();
            tx.execute(
                "INSERT INTO label_jobs (id, kind, total, payload, created_at, updated_at) VALUES (?1, 'shipping', ?2, ?3, ?4, ?4)",
                params![id, req.ids.len() as i64, serde_json::to_string(&req.ids).unwrap_or_default(), now],
            )?;
            job(tx, &id)
        })
    }

    /// Prints the job's next label. The count moves only when the printer took the bytes, so after
    /// a fault (out of paper, unplugged) the same call resumes where it stopped.
    pub fn label_job_step(&self, token: Option<&str>, req: LabelJobId) -> Result<LabelJob> {
        self.authorize(token, Permission::Fulfil)?;
        let (mut j, bytes, printer) = self.read(|c| {
            let j = job(c, &req.id)?;
            let printer = label_printer(c)?;
            if j.done >= j.total {
                return Ok((j, None, printer));
            }
            let o = self.load_order(c, &j.order_ids[j.done as usize])?;
            let l = self.shipping_label(c, &o)?;
            Ok((j, Some(label::shipping(&l, &printer.stock)), printer))
        })?;
        let Some(bytes) = bytes else { return Ok(j) };
        if printer.transport == pos_print::Transport::None {
            return Err(CoreError::invalid(
                "transport",
                "Set up the label printer first",
                "Atur printer label dulu",
            ));
        }
        let result = send_labels(&printer, &bytes);
        let now = self.now();
        self.write(|tx| {
            match &result {
                Ok(()) => {
                    tx.execute(
                        "UPDATE label_jobs SET done = done + 1, error = NULL, updated_at = ?2 WHERE id = ?1",
                        params![req.id, now],
                    )?;
                }
                Err(e) => {
                    tx.execute(
                        "UPDATE label_jobs SET error = ?2, updated_at = ?3 WHERE id = ?1",
                        params![req.id, e.to_string(), now],
                    )?;
                }
            }
            Ok(())
        })?;
        j = self.read(|c| job(c, &req.id))?;
        Ok(j)
    }

    /// The labels of the given orders as one PDF (a page each), for an ordinary printer.
    pub fn labels_pdf(&self, token: Option<&str>, req: OrderIds) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        if req.ids.is_empty() || req.ids.len() > 1000 {
            return Err(CoreError::invalid(
                "ids",
                "Choose 1 to 1000 orders",
                "Pilih 1 sampai 1000 pesanan",
            ));
        }
        let labels = self.read(|c| {
            req.ids
                .iter()
                .map(|id| self.shipping_label(c, &self.load_order(c, id)?))
                .collect::<Result<Vec<_>>>()
        })?;
        let stock = LabelStock {
            language: pos_print::label::LabelLanguage::Pdf,
            ..self.read(label_printer)?.stock
        };
        use base64::Engine;
        let pdf = label::shipping_batch(&labels, &stock);
        Ok(crate::counter::receipts::ReceiptPdf {
            file_name: format!("labels-{}.pdf", labels.first().map_or("", |l| l.order_no.as_str())),
            saved_to: None,
            base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    }
}

impl Core {
    fn order_document(&self, conn: &Connection, o: &Order) -> Result<pos_print::document::OrderDocument> {
        let p = pos_store::profile::get(conn)?
            .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
        let c = orders::courier_services(conn)?
            .into_iter()
            .find(|c| c.id == o.courier_service);
        // Goods carry PPN the way the store prices them; shipping is outside the tax base here.
        let (mode, rate) = p.tax();
        let goods = pos_domain::Money::new(o.subtotal).map_err(CoreError::internal)?;
        let tax = pos_domain::tax::breakdown(goods, mode, rate).map_err(CoreError::internal)?;
        Ok(pos_print::document::OrderDocument {
            store_name: p.name,
            store_address: p.address,
            store_phone: p.phone,
            npwp: if p.vat_registered {
                crate::counter::receipts::npwp_display(&p.npwp)
            } else {
                String::new()
            },
            number: o.order_no.clone(),
            date: crate::counter::receipts::wib_time(o.created_at),
            customer: o.customer_name.clone(),
            ship_to: vec![
                o.ship_name.clone(),
                o.ship_phone.clone(),
                o.ship_address.clone(),
                format!("{} {}", o.ship_city, o.ship_postal).trim().to_string(),
            ],
            courier: c.map(|c| format!("{} {}", c.courier, c.service)).unwrap_or_default(),
            tracking_no: o.tracking_no.clone().unwrap_or_default(),
            lines: o
                .lines
                .iter()
                .map(|l| pos_print::document::DocLine {
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    amount: l.unit_price * l.quantity,
                })
                .collect(),
            shipping: o.shipping_cost,
            dpp: tax.dpp.rupiah(),
            ppn: tax.ppn.rupiah(),
            ppn_label: format!("PPN {}%", p.ppn_rate_bp as f64 / 100.0),
            total: tax.total.rupiah() + o.shipping_cost,
        })
    }

    /// The A4 invoice of an order (store profile, NPWP, lines, shipping, DPP and PPN).
    pub fn invoice_pdf(&self, token: Option<&str>, req: OrderId) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        let d = self.read(|c| self.order_document(c, &self.load_order(c, &req.id)?))?;
        Ok(pdf_file(
            format!("invoice-{}.pdf", d.number),
            pos_print::document::invoice_pdf(&d),
        ))
    }

    /// The packing slip that goes in the box.
    pub fn packing_slip_pdf(&self, token: Option<&str>, req: OrderId) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        let d = self.read(|c| self.order_document(c, &self.load_order(c, &req.id)?))?;
        Ok(pdf_file(
            format!("packing-slip-{}.pdf", d.number),
            pos_print::document::packing_slip_pdf(&d),
        ))
    }
}

/// Product or shelf labels: for products chosen by id, SKU or barcode.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductLabelsRequest {
    pub codes: Vec<String>,
    pub copies: u32,
    /// A PDF for an ordinary printer instead of the label printer.
    pub pdf: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductLabelsResult {
    pub labels: u32,
    pub printed: bool,
    pub pdf: Option<crate::counter::receipts::ReceiptPdf>,
}

impl Core {
    /// Name, price and barcode (EAN-13 when it is one, else Code128 of the SKU) on small labels,
    /// sent to this workstation's label printer or returned as a PDF.
    pub fn product_labels(&self, token: Option<&str>, req: ProductLabelsRequest) -> Result<ProductLabelsResult> {
        self.authorize(token, Permission::Fulfil)?;
        if req.codes.is_empty() || req.codes.len() > 500 {
            return Err(CoreError::invalid(
                "codes",
                "Choose 1 to 500 products",
                "Pilih 1 sampai 500 produk",
            ));
        }
        let copies =
            crate::error::bounded("copies", ("Copies", "Jumlah salinan"), i64::from(req.copies), 1, 100)? as u32;
        let (labels, printer) = self.read(|c| {
            let branch = Core::branch(c)?;
            let mut out = Vec::new();
            for code in &req.codes {
                let code = code.trim();
                let p = match pos_store::products::get(c, code, &branch)? {
                    Some(p) => Some(p),
                    None => {
                        let by_code =
                            pos_store::products::by_barcode(c, &pos_domain::Barcode::scan_forms(code), &branch)?;
                        match by_code {
                            Some(p) => Some(p),
                            None => pos_store::products::by_sku(c, code, &branch)?,
                        }
                    }
                }
                .ok_or_else(|| {
                    CoreError::invalid(
                        "codes",
                        format!("No product {code}"),
                        format!("Tidak ada produk {code}"),
                    )
                })?;
                out.push(pos_print::label::ProductLabel {
                    name: p.name,
                    price: p.price.to_string(),
                    barcode: p.barcode.unwrap_or_default(),
                    sku: p.sku,
                });
            }
            Ok((out, label_printer(c)?))
        })?;
        let n = labels.len() as u32 * copies;
        // Small labels: 50 × 30 mm on the same printer profile.
        let stock = LabelStock {
            width_mm: 50,
            height_mm: 30,
            ..printer.stock
        };
        if req.pdf {
            let pdf_stock = LabelStock {
                language: pos_print::label::LabelLanguage::Pdf,
                ..stock
            };
            let bytes = label::products(&labels, &pdf_stock, copies);
            return Ok(ProductLabelsResult {
                labels: n,
                printed: false,
                pdf: Some(pdf_file("product-labels.pdf".into(), bytes)),
            });
        }
        if printer.transport == pos_print::Transport::None {
            return Err(CoreError::invalid(
                "transport",
                "Set up the label printer first",
                "Atur printer label dulu",
            ));
        }
        let bytes = label::products(&labels, &stock, copies);
        send_labels(&printer, &bytes).map_err(|e| {
            CoreError::new(
                ErrorCode::Unavailable,
                format!("The label printer failed: {e}"),
                format!("Printer label gagal: {e}"),
            )
        })?;
        Ok(ProductLabelsResult {
            labels: n,
            printed: true,
            pdf: None,
        })
    }
}

/// Label printers get the bytes only; an ESC/POS printer the paper check first.
fn send_labels(printer: &LabelPrinter, bytes: &[u8]) -> std::result::Result<(), pos_print::PrintError> {
    if printer.stock.language == pos_print::label::LabelLanguage::EscPos {
        printer.transport.send(bytes)
    } else {
        printer.transport.send_label(bytes)
    }
}

fn pdf_file(file_name: String, pdf: Vec<u8>) -> crate::counter::receipts::ReceiptPdf {
    use base64::Engine;
    crate::counter::receipts::ReceiptPdf {
        file_name,
        saved_to: None,
        base64: base64::engine::general_purpose::STANDARD.encode(pdf),
    }
}

fn job(conn: &Connection, id: &str) -> Result<LabelJob> {
    let row: Option<(i64, i64, Option<String>, String)> = conn
        .query_row(
            "SELECT total, done, error, payload FROM label_jobs WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (total, done, error, payload) = row.ok_or_else(|| CoreError::not_found("id", "Print job", "Tugas cetak"))?;
    Ok(LabelJob {
        id: id.to_string(),
        total,
        done,
        error,
        order_ids: serde_json::from_str(&payload).unwrap_or_default(),
    })
}
