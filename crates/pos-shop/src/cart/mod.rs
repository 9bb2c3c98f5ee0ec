//! The cart, kept on the server under the visitor's cookie (it survives a closed browser): view it,
//! add to it, change or remove a line. Quantities are checked against what can be sold online.

pub mod change;
pub mod view;

use crate::site::Site;
use crate::store::catalogue::{self, Card};
use crate::store::{Db, carts};
use pos_server::ApiError;
use uuid::Uuid;

/// A cart's line as the customer sees it.
#[derive(Debug, Clone)]
pub struct Line {
    pub card: Card,
    pub quantity: i64,
    /// What can be sold online now.
    pub sellable: i64,
    pub weight_g: i64,
    pub dims_mm: (i64, i64, i64),
}

/// What was in the visitor's cart and is no longer as it was.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    /// Products no longer sold (removed from the cart).
    pub removed: Vec<String>,
    /// Lines cut to what is left: (name, from, to).
    pub reduced: Vec<(String, i64, i64)>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.reduced.is_empty()
    }
}

/// The visitor's cart with its products, corrected: a product no longer sold leaves the cart, a
/// quantity above what can be sold is cut to it (a line that can sell none stays, marked).
pub async fn load(db: &impl Db, site: &Site) -> Result<(Option<Uuid>, Vec<Line>, Corrections), ApiError> {
    let mut fixes = Corrections::default();
    let Some(cart) = carts::find(db, site.store, &site.visitor.hash()).await? else {
        return Ok((None, vec![], fixes));
    };
    let wanted = carts::lines(db, cart).await?;
    let ids: Vec<String> = wanted.iter().map(|(p, _)| p.clone()).collect();
    let found = catalogue::by_ids(db, site.store, &site.settings.branch, &ids).await?;
    let mut lines = Vec::new();
    for (id, quantity) in wanted {
        let Some(found) = found.iter().find(|s| s.card.id == id).cloned() else {
            carts::set(db, cart, &id, 0).await?;
            fixes.removed.push(id);
            continue;
        };
        let card = found.card;
        if !found.active {
            carts::set(db, cart, &id, 0).await?;
            fixes.removed.push(card.name);
            continue;
        }
        let sellable = site.settings.sellable(card.on_hand, card.held);
        let mut quantity = quantity;
        if quantity > sellable && sellable > 0 {
            carts::set(db, cart, &id, sellable).await?;
            fixes.reduced.push((card.name.clone(), quantity, sellable));
            quantity = sellable;
        }
        lines.push(Line {
            card,
            quantity,
            sellable,
            weight_g: found.weight_g,
            dims_mm: found.dims_mm,
        });
    }
    Ok((Some(cart), lines, fixes))
}
