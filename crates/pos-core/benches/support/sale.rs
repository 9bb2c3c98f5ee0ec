//! A cash sale of one unit of each product, as the till sends it: what the checkout benches ring up.

#![allow(dead_code)]

use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::store_types::TenderKind;

pub fn cash_sale(ids: &[String], cash: i64) -> CheckoutRequest {
    CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines: ids
            .iter()
            .map(|id| CartLine {
                product_id: id.clone(),
                quantity: 1,
                unit_price: None,
                discount: None,
            })
            .collect(),
        sale_discount: None,
        customer_id: None,
        tenders: vec![TenderInput {
            kind: Some(TenderKind::Cash),
            amount: cash,
            reference: String::new(),
        }],
        approval_id: None,
    }
}
