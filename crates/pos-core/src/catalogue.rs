//! Categories (nested) and suppliers.

use crate::error::{CoreError, Result, text};
use crate::permissions::Permission;
use crate::{Core, json};
use pos_store::categories::{self, Category};
use pos_store::suppliers::{self, Supplier};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CategoryInput {
    pub name: String,
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CategoryUpdate {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub active: bool,
    pub expected_version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierInput {
    pub name: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub notes: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierUpdate {
    pub id: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: SupplierInput,
    pub active: bool,
    pub expected_version: i64,
}

fn duplicate_name(e: pos_store::StoreError) -> CoreError {
    match &e {
        pos_store::StoreError::Sqlite(se) if pos_store::unique_violation(se).is_some() => {
            CoreError::duplicate("name", "This name", "Nama ini")
        }
        _ => e.into(),
    }
}

fn blank_to_none(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl SupplierInput {
    fn validate(&self, id: String, active: bool, version: i64) -> Result<Supplier> {
        let email = text("email", ("Email", "Email"), &self.email, 254, false)?;
        if !email.is_empty() {
            crate::setup::check_email("email", &email)?;
        }
        Ok(Supplier {
            id,
            name: text("name", ("Name", "Nama"), &self.name, 120, true)?,
            contact_name: text("contact_name", ("Contact", "Kontak"), &self.contact_name, 100, false)?,
            phone: text("phone", ("Phone", "Telepon"), &self.phone, 30, false)?,
            email: email.to_lowercase(),
            address: text("address", ("Address", "Alamat"), &self.address, 300, false)?,
            notes: pos_domain::text::note(&self.notes, 2000).map_err(|_| {
                CoreError::invalid(
                    "notes",
                    "Notes are too long (2000 characters at most)",
                    "Catatan terlalu panjang (maksimal 2000 karakter)",
                )
            })?,
            active,
            version,
        })
    }
}

impl Core {
    pub fn list_categories(&self, token: Option<&str>) -> Result<Vec<Category>> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| Ok(categories::list(c)?))
    }

    pub fn create_category(&self, token: Option<&str>, req: CategoryInput) -> Result<Category> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let name = text("name", ("Name", "Nama"), &req.name, 80, true)?;
        let parent_id = blank_to_none(req.parent_id);
        self.write(|tx| {
            if let Some(p) = &parent_id
                && categories::get(tx, p)?.is_none()
            {
                return Err(CoreError::not_found("parent_id", "Parent category", "Kategori induk"));
            }
            self.add_category(tx, &s.user.id, parent_id, name)
        })
    }

    /// Writes a new category in the caller's transaction: stored, queued for sync, audited.
    pub(crate) fn add_category(
        &self,
        tx: &pos_store::rusqlite::Connection,
        by: &str,
        parent_id: Option<String>,
        name: String,
    ) -> Result<Category> {
        let c = Category {
            id: pos_domain::new_id(),
            parent_id,
            name,
            active: true,
            version: 1,
            product_count: 0,
        };
        categories::insert(tx, &c, self.now()).map_err(duplicate_name)?;
        self.outbox(tx, by, "category", &c.id, &c)?;
        self.audit(
            tx,
            Some(by),
            "category.created",
            ("category", Some(&c.id)),
            None,
            json(&c),
        )?;
        Ok(c)
    }

    pub fn update_category(&self, token: Option<&str>, req: CategoryUpdate) -> Result<Category> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let name = text("name", ("Name", "Nama"), &req.name, 80, true)?;
        let parent_id = blank_to_none(req.parent_id);
        self.write(|tx| {
            let before =
                categories::get(tx, &req.id)?.ok_or_else(|| CoreError::not_found("id", "Category", "Kategori"))?;
            if let Some(p) = &parent_id {
                if categories::get(tx, p)?.is_none() {
                    return Err(CoreError::not_found("parent_id", "Parent category", "Kategori induk"));
                }
                if categories::is_self_or_descendant(tx, &req.id, p)? {
                    return Err(CoreError::invalid(
                        "parent_id",
                        "A category cannot sit inside itself or its own sub-category",
                        "Kategori tidak bisa berada di dalam dirinya sendiri atau sub-kategorinya",
                    ));
                }
            }
            let c = Category {
                id: req.id.clone(),
                parent_id,
                name,
                active: req.active,
                ..before.clone()
            };
            if !categories::update(tx, &c, req.expected_version, self.now()).map_err(duplicate_name)? {
                return Err(CoreError::stale());
            }
            let after = categories::get(tx, &req.id)?.ok_or_else(CoreError::stale)?;
            self.outbox_edit(tx, &s.user.id, "category", &after.id, json(&before).as_ref(), &after)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "category.updated",
                ("category", Some(&req.id)),
                json(&before),
                json(&after),
            )?;
            Ok(after)
        })
    }

    pub fn list_suppliers(&self, token: Option<&str>) -> Result<Vec<Supplier>> {
        self.authorize(token, Permission::ViewSuppliers)?;
        self.read(|c| Ok(suppliers::list(c)?))
    }

    pub fn create_supplier(&self, token: Option<&str>, req: SupplierInput) -> Result<Supplier> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let sup = req.validate(pos_domain::new_id(), true, 1)?;
        self.write(|tx| {
            suppliers::insert(tx, &sup, self.now()).map_err(duplicate_name)?;
            self.outbox(tx, &s.user.id, "supplier", &sup.id, &sup)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "supplier.created",
                ("supplier", Some(&sup.id)),
                None,
                json(&sup),
            )?;
            Ok(sup)
        })
    }

    pub fn update_supplier(&self, token: Option<&str>, req: SupplierUpdate) -> Result<Supplier> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let sup = req.fields.validate(req.id.clone(), req.active, req.expected_version)?;
        self.write(|tx| {
            let before =
                suppliers::get(tx, &req.id)?.ok_or_else(|| CoreError::not_found("id", "Supplier", "Pemasok"))?;
            if !suppliers::update(tx, &sup, req.expected_version, self.now()).map_err(duplicate_name)? {
                return Err(CoreError::stale());
            }
            let after = suppliers::get(tx, &req.id)?.ok_or_else(CoreError::stale)?;
            self.outbox_edit(tx, &s.user.id, "supplier", &after.id, json(&before).as_ref(), &after)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "supplier.updated",
                ("supplier", Some(&req.id)),
                json(&before),
                json(&after),
            )?;
            Ok(after)
        })
    }
}
