//! The order flow: a transition asked for and applied, and an order split into what can ship and a back-order.

use super::*;

impl Core {
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
                return Err(CoreError::invalid(
                    "id",
                    "Only a paid order waiting to be picked can be split",
                    "Hanya pesanan lunas yang menunggu diambil yang dapat dipecah",
                ));
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
                return Err(CoreError::invalid(
                    "id",
                    "Everything is on the shelf: nothing to split",
                    "Semua stok ada: tidak ada yang dipecah",
                ));
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
                .map(|(i, (l, short, _))| OrderLine {
                    id: pos_domain::new_id(),
                    line_no: i as i64 + 1,
                    quantity: *short,
                    packed: 0,
                    ..l.clone()
                })
                .collect();
            back.subtotal = back.lines.iter().map(|l| l.unit_price * l.quantity).sum();
            back.total = back.subtotal;
            orders::insert(tx, &back)?;
            for l in &back.lines {
                orders::reserve(tx, l, &back.branch, now)?;
            }
            for (l, short, here) in &rest {
                pos_store::order_lines::shorten(tx, &l.id, *short, *here, now)?;
            }
            pos_store::order_lines::retotal(tx, &o.id, now)?;
            orders::add_event(
                tx,
                &back.id,
                None,
                OrderStatus::Backordered,
                Some(&s.user.id),
                &format!("split from {}", o.order_no),
                now,
            )?;
            pos_store::outbox::append(tx, "order", &back.id, &back, now, Some(&s.user.id))?;
            let after = serde_json::json!({ "order_no": o.order_no, "backorder": back.order_no });
            self.audit(
                tx,
                Some(&s.user.id),
                "order.split",
                ("order", Some(&o.id)),
                None,
                Some(after),
            )?;
            Ok(vec![self.load_order(tx, &o.id)?, self.load_order(tx, &back.id)?])
        })
    }
}
