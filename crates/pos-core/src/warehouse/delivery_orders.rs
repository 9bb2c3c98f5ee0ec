//! Orders listed and read, and a counter sale taken as a delivery order.

use super::*;

impl Core {
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
            let mut subtotal = 0i64;
            let mut parcel = Vec::with_capacity(req.lines.len());
            for (i, l) in req.lines.iter().enumerate() {
                crate::error::bounded("quantity", ("Quantity", "Jumlah"), l.quantity, 1, 10_000)?;
                let p = pos_store::products::get(tx, &l.product_id, &branch)?
                    .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
                subtotal += p.price.rupiah() * l.quantity;
                parcel.push((p.clone(), l.quantity));
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
            let shipping = super::shipping::parcel_quote(&c, &parcel)?.cost;
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
}
