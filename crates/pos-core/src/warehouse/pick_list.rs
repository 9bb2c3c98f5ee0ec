//! The pick list of a set of orders, grouped by shelf.

use super::*;

impl Core {
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
                            product_id: l.product_id.clone(),
                            thumb: None,
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
            for item in groups.values_mut().flat_map(|g| g.values_mut()) {
                item.thumb = pos_store::photos::of_product(c, &item.product_id)?
                    .into_iter()
                    .next()
                    .map(|p| p.thumb);
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
}
