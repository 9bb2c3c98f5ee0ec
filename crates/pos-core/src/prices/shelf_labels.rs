//! The queue of shelf labels to print again: every product whose price changed (an edit, an
//! import, a bulk change) until its new label is printed.

use super::*;
pub use pos_store::shelf_labels::QueuedLabel;

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShelfLabelQueue {
    pub count: i64,
    pub labels: Vec<QueuedLabel>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductIds {
    pub product_ids: Vec<String>,
}

impl Core {
    pub fn shelf_label_queue(&self, token: Option<&str>) -> Result<ShelfLabelQueue> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| {
            Ok(ShelfLabelQueue {
                count: pos_store::shelf_labels::count(c)?,
                labels: pos_store::shelf_labels::list(c, 1_000)?,
            })
        })
    }

    /// Takes printed labels off the queue.
    pub fn shelf_labels_printed(&self, token: Option<&str>, req: ProductIds) -> Result<ShelfLabelQueue> {
        self.authorize(token, Permission::Fulfil)?;
        if req.product_ids.len() > 1_000 {
            return Err(CoreError::invalid(
                "product_ids",
                "At most 1 000 at once",
                "Maksimal 1 000 sekaligus",
            ));
        }
        self.write(|tx| {
            pos_store::shelf_labels::done(tx, &req.product_ids)?;
            Ok(ShelfLabelQueue {
                count: pos_store::shelf_labels::count(tx)?,
                labels: pos_store::shelf_labels::list(tx, 1_000)?,
            })
        })
    }
}
