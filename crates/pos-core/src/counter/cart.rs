//! The cart's companions: customers named on a sale, parked carts and voided carts. A cart is not
//! a fact until checkout; parking keeps it on this terminal, voiding leaves an audit trail.

use super::checkout::CheckoutRequest;
use crate::error::{CoreError, Result, text};
use crate::permissions::Permission;
use crate::{Core, Empty};
use pos_store::customers::{self, Customer};
use pos_store::parked_sales;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewCustomer {
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CustomerSearch {
    pub query: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ParkRequest {
    pub label: String,
    pub cart: CheckoutRequest,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ParkedSale {
    pub id: String,
    pub label: String,
    pub user_name: String,
    pub created_at: i64,
    pub cart: CheckoutRequest,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ParkedId {
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct VoidRequest {
    pub cart: CheckoutRequest,
    pub reason: String,
}

fn parked(p: parked_sales::Parked) -> ParkedSale {
    ParkedSale {
        id: p.id,
        label: p.label,
        user_name: p.user_name,
        created_at: p.created_at,
        cart: serde_json::from_str(&p.cart).unwrap_or_default(),
    }
}

impl Core {
    pub fn create_customer(&self, token: Option<&str>, req: NewCustomer) -> Result<Customer> {
        let s = self.authorize(token, Permission::Sell)?;
        let phone = text("phone", ("Phone", "Telepon"), &req.phone, 30, false)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
        {
            return Err(CoreError::invalid(
                "phone",
                "The phone number has letters in it",
                "Nomor telepon berisi huruf",
            ));
        }
        let email = text("email", ("Email", "Email"), &req.email, 254, false)?;
        let email = if email.is_empty() {
            email
        } else {
            crate::setup::check_email("email", &email)?
        };
        let c = Customer {
            id: pos_domain::new_id(),
            name: text("name", ("Name", "Nama"), &req.name, 100, true)?,
            phone,
            email,
        };
        self.write(|tx| {
            customers::insert(tx, &c, self.now())?;
            self.outbox(tx, &s.user.id, "customer", &c.id, &c)?;
            Ok(c)
        })
    }

    pub fn search_customers(&self, token: Option<&str>, req: CustomerSearch) -> Result<Vec<Customer>> {
        self.authorize(token, Permission::Sell)?;
        let q = text("query", ("Search", "Pencarian"), &req.query, 100, false)?;
        self.read(|c| Ok(customers::search(c, &q, 20)?))
    }

    pub fn park_sale(&self, token: Option<&str>, req: ParkRequest) -> Result<ParkedSale> {
        let s = self.authorize(token, Permission::Sell)?;
        let label = text("label", ("Label", "Label"), &req.label, 60, false)?;
        if req.cart.lines.is_empty() || req.cart.lines.len() > super::checkout::MAX_LINES {
            return Err(CoreError::invalid("lines", "The cart is empty", "Keranjang kosong"));
        }
        let id = pos_domain::new_id();
        let now = self.now();
        let cart = serde_json::to_string(&req.cart).unwrap_or_default();
        self.write(|tx| {
            let terminal = super::settings::terminal(tx)?;
            let new = parked_sales::NewParked {
                id: &id,
                terminal: &terminal,
                user_id: &s.user.id,
                label: &label,
                cart: &cart,
                at: now,
            };
            parked_sales::insert(tx, &new)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "sale.parked",
                ("parked_sale", Some(&id)),
                None,
                Some(serde_json::json!({ "label": label })),
            )
        })?;
        Ok(ParkedSale {
            id,
            label,
            user_name: s.user.name,
            created_at: now,
            cart: req.cart,
        })
    }

    pub fn parked_sales(&self, token: Option<&str>) -> Result<Vec<ParkedSale>> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| {
            let terminal = super::settings::terminal(c)?;
            Ok(parked_sales::on_terminal(c, &terminal)?
                .into_iter()
                .map(parked)
                .collect())
        })
    }

    /// Takes a parked cart back to the till (it is no longer parked).
    pub fn resume_sale(&self, token: Option<&str>, req: ParkedId) -> Result<ParkedSale> {
        let s = self.authorize(token, Permission::Sell)?;
        self.write(|tx| {
            let parked = self
                .parked_sales_in(tx, &req.id)?
                .ok_or_else(|| CoreError::not_found("id", "Parked sale", "Transaksi tertunda"))?;
            parked_sales::delete(tx, &req.id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "sale.resumed",
                ("parked_sale", Some(&req.id)),
                None,
                None,
            )?;
            Ok(parked)
        })
    }

    fn parked_sales_in(&self, c: &pos_store::rusqlite::Connection, id: &str) -> Result<Option<ParkedSale>> {
        Ok(parked_sales::get(c, id)?.map(parked))
    }

    /// Abandons an open cart. Nothing was sold, but what was rung up and why it was voided is kept.
    pub fn void_sale(&self, token: Option<&str>, req: VoidRequest) -> Result<Empty> {
        let s = self.authorize(token, Permission::Sell)?;
        let reason = text("reason", ("Reason", "Alasan"), &req.reason, 200, true)?;
        self.write(|tx| {
            let after = serde_json::json!({ "reason": reason, "cart": req.cart });
            self.audit(
                tx,
                Some(&s.user.id),
                "sale.voided",
                ("cart", Some(&req.cart.client_ref)),
                None,
                Some(after),
            )
        })?;
        Ok(Empty {})
    }
}
