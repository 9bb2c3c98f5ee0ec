//! Products: create and edit with every field checked, search as you type, and the scan look-up.
//! A price or cost change is audited with the values before and after; an edit of a product that
//! someone else saved in the meantime is refused as stale.

use crate::error::{CoreError, Result, bounded, text};
use crate::permissions::Permission;
use crate::{Core, json};
use pos_domain::{Barcode, BarcodeError, Money};
use pos_store::products::{self, Product, Search};
use pos_store::{categories, stock, suppliers};
use serde::{Deserialize, Serialize};

/// The most of anything the shop would stock of one product; more is a typo.
pub const MAX_QUANTITY: i64 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductInput {
    pub sku: String,
    /// EAN-13, UPC-A or Code128 text; empty for none.
    pub barcode: String,
    pub name: String,
    pub brand: String,
    pub model: String,
    pub category_id: String,
    pub supplier_id: Option<String>,
    pub price: i64,
    pub cost: i64,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
    pub min_stock: i64,
    pub low_stock_threshold: i64,
    pub featured: bool,
    pub active: bool,
    /// The online shop offers it (on unless the owner takes it off).
    #[serde(default = "online_default")]
    pub online: bool,
}

fn online_default() -> bool {
    true
}

impl Default for ProductInput {
    fn default() -> ProductInput {
        ProductInput {
            sku: String::new(),
            barcode: String::new(),
            name: String::new(),
            brand: String::new(),
            model: String::new(),
            category_id: String::new(),
            supplier_id: None,
            price: 0,
            cost: 0,
            weight_g: 0,
            length_mm: 0,
            width_mm: 0,
            height_mm: 0,
            min_stock: 0,
            low_stock_threshold: 0,
            featured: false,
            active: false,
            online: true,
        }
    }
}

/// A product's editable fields as they are (to change some and save).
impl From<&Product> for ProductInput {
    fn from(p: &Product) -> ProductInput {
        ProductInput {
            sku: p.sku.clone(),
            barcode: p.barcode.clone().unwrap_or_default(),
            name: p.name.clone(),
            brand: p.brand.clone(),
            model: p.model.clone(),
            category_id: p.category_id.clone(),
            supplier_id: p.supplier_id.clone(),
            price: p.price.rupiah(),
            cost: p.cost.rupiah(),
            weight_g: p.weight_g,
            length_mm: p.length_mm,
            width_mm: p.width_mm,
            height_mm: p.height_mm,
            min_stock: p.min_stock,
            low_stock_threshold: p.low_stock_threshold,
            featured: p.featured,
            active: p.active,
            online: p.online,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewProduct {
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: ProductInput,
    /// Units on the shelf now; recorded as an opening stock movement.
    pub opening_stock: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductUpdate {
    pub id: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: ProductInput,
    pub expected_version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductSearch {
    pub query: String,
    pub category_id: Option<String>,
    pub include_inactive: bool,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductId {
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BarcodeLookup {
    pub code: String,
}

pub(crate) fn barcode_error(e: BarcodeError) -> CoreError {
    let (en, id) = match e {
        BarcodeError::Empty => ("The barcode is empty".to_string(), "Barcode kosong".to_string()),
        BarcodeError::CheckDigit { expected } => (
            format!("Wrong check digit: this EAN/UPC should end in {expected}. Check for a typo or a misread."),
            format!(
                "Digit pemeriksa salah: EAN/UPC ini seharusnya berakhir {expected}. Periksa salah ketik atau salah baca."
            ),
        ),
        BarcodeError::TooLong => (
            format!("A barcode has at most {} characters", pos_domain::barcode::CODE128_MAX),
            format!("Barcode maksimal {} karakter", pos_domain::barcode::CODE128_MAX),
        ),
        BarcodeError::BadCharacter => (
            "A barcode may hold only letters, digits and plain symbols".to_string(),
            "Barcode hanya boleh berisi huruf, angka, dan simbol biasa".to_string(),
        ),
    };
    CoreError::invalid("barcode", en, id)
}

pub(crate) fn unique_error(e: pos_store::StoreError) -> CoreError {
    match &e {
        pos_store::StoreError::Sqlite(se) => match pos_store::unique_violation(se).as_deref() {
            Some("sku") => CoreError::duplicate("sku", "This SKU", "SKU ini"),
            Some("barcode") => CoreError::duplicate("barcode", "This barcode", "Barcode ini"),
            _ => e.into(),
        },
        _ => e.into(),
    }
}

impl ProductInput {
    /// Checks every field and returns the row to save (ids of category and supplier are checked
    /// against the database by the caller, inside its transaction).
    pub(crate) fn validate(&self, id: String, version: i64) -> Result<Product> {
        let sku = text("sku", ("SKU", "SKU"), &self.sku, 40, true)?;
        if !sku
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        {
            return Err(CoreError::invalid(
                "sku",
                "A SKU may hold letters, digits and - _ . / only",
                "SKU hanya boleh berisi huruf, angka, dan - _ . /",
            ));
        }
        let barcode = match self.barcode.trim() {
            "" => None,
            code => Some(Barcode::parse(code).map_err(barcode_error)?),
        };
        let price = Money::non_negative(self.price).map_err(|_| {
            CoreError::invalid(
                "price",
                "The price must be between 0 and Rp 1.000.000.000.000",
                "Harga harus antara 0 dan Rp 1.000.000.000.000",
            )
        })?;
        let cost = Money::non_negative(self.cost).map_err(|_| {
            CoreError::invalid(
                "cost",
                "The cost must be between 0 and Rp 1.000.000.000.000",
                "Modal harus antara 0 dan Rp 1.000.000.000.000",
            )
        })?;
        Ok(Product {
            id,
            sku,
            barcode_kind: barcode.as_ref().map(Barcode::kind),
            barcode: barcode.map(|b| b.as_str().to_string()),
            name: text("name", ("Name", "Nama"), &self.name, 200, true)?,
            brand: text("brand", ("Brand", "Merek"), &self.brand, 80, false)?,
            model: text("model", ("Model", "Model"), &self.model, 80, false)?,
            category_id: self.category_id.trim().to_string(),
            category_name: String::new(),
            supplier_id: self
                .supplier_id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            price,
            cost,
            weight_g: bounded("weight_g", ("Weight", "Berat"), self.weight_g, 0, 1_000_000)?,
            length_mm: bounded("length_mm", ("Length", "Panjang"), self.length_mm, 0, 10_000)?,
            width_mm: bounded("width_mm", ("Width", "Lebar"), self.width_mm, 0, 10_000)?,
            height_mm: bounded("height_mm", ("Height", "Tinggi"), self.height_mm, 0, 10_000)?,
            min_stock: bounded(
                "min_stock",
                ("Minimum stock", "Stok minimum"),
                self.min_stock,
                0,
                MAX_QUANTITY,
            )?,
            low_stock_threshold: bounded(
                "low_stock_threshold",
                ("Low-stock threshold", "Batas stok menipis"),
                self.low_stock_threshold,
                0,
                MAX_QUANTITY,
            )?,
            featured: self.featured,
            active: self.active,
            online: self.online,
            version,
            on_hand: 0,
            thumb: None,
        })
    }
}

fn check_references(conn: &pos_store::rusqlite::Connection, p: &Product) -> Result<()> {
    if p.category_id.is_empty() {
        return Err(CoreError::invalid("category_id", "Choose a category", "Pilih kategori"));
    }
    if categories::get(conn, &p.category_id)?.is_none() {
        return Err(CoreError::not_found("category_id", "Category", "Kategori"));
    }
    if let Some(s) = &p.supplier_id
        && suppliers::get(conn, s)?.is_none()
    {
        return Err(CoreError::not_found("supplier_id", "Supplier", "Pemasok"));
    }
    Ok(())
}

fn product_404() -> CoreError {
    CoreError::not_found("id", "Product", "Produk")
}

impl Core {
    pub fn search_products(&self, token: Option<&str>, req: ProductSearch) -> Result<Vec<Product>> {
        self.authorize(token, Permission::ViewCatalogue)?;
        let query = text("query", ("Search", "Pencarian"), &req.query, 100, false)?;
        self.read(|c| {
            let branch = Core::branch(c)?;
            let s = Search {
                query: &query,
                branch: &branch,
                category_id: req.category_id.as_deref().filter(|s| !s.is_empty()),
                include_inactive: req.include_inactive,
                limit: req.limit.unwrap_or(50) as usize,
            };
            Ok(products::search(c, &s)?)
        })
    }

    pub fn get_product(&self, token: Option<&str>, req: ProductId) -> Result<Product> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| products::get(c, &req.id, &Core::branch(c)?)?.ok_or_else(product_404))
    }

    /// The scan path: a keyboard-wedge scanner's code to its product, or `None`.
    pub fn product_by_barcode(&self, token: Option<&str>, req: BarcodeLookup) -> Result<Option<Product>> {
        self.authorize(token, Permission::ViewCatalogue)?;
        match Barcode::parse(&req.code) {
            Err(e @ BarcodeError::CheckDigit { .. }) => return Err(barcode_error(e)),
            Err(e @ (BarcodeError::TooLong | BarcodeError::BadCharacter | BarcodeError::Empty)) => {
                return Err(barcode_error(e));
            }
            Ok(_) => {}
        }
        self.read(|c| {
            Ok(products::by_barcode(
                c,
                &Barcode::scan_forms(&req.code),
                &Core::branch(c)?,
            )?)
        })
    }

    pub fn create_product(&self, token: Option<&str>, req: NewProduct) -> Result<Product> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let p = req.fields.validate(pos_domain::new_id(), 1)?;
        let opening = bounded(
            "opening_stock",
            ("Opening stock", "Stok awal"),
            req.opening_stock,
            0,
            MAX_QUANTITY,
        )?;
        self.write(|tx| {
            check_references(tx, &p)?;
            let branch = Core::branch(tx)?;
            let now = self.now();
            products::insert(tx, &p, now).map_err(unique_error)?;
            let mut opening_movement = None;
            if opening > 0 {
                let m = stock::NewMovement {
                    product_id: &p.id,
                    branch: &branch,
                    quantity: opening,
                    reason: "opening",
                    note: "",
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: None,
                };
                opening_movement = Some((stock::insert(tx, &m)?, m));
            }
            let saved = products::get(tx, &p.id, &branch)?.ok_or_else(product_404)?;
            // The product before its first movement, so every terminal can apply them in order.
            self.outbox(tx, &s.user.id, "product", &saved.id, &saved)?;
            if let Some((id, m)) = &opening_movement {
                self.outbox_movement(tx, id, m)?;
            }
            self.audit(
                tx,
                Some(&s.user.id),
                "product.created",
                ("product", Some(&p.id)),
                None,
                json(&saved),
            )?;
            Ok(saved)
        })
    }

    pub fn update_product(&self, token: Option<&str>, req: ProductUpdate) -> Result<Product> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let p = req.fields.validate(req.id.clone(), req.expected_version)?;
        self.write(|tx| {
            let branch = Core::branch(tx)?;
            let before = products::get(tx, &req.id, &branch)?.ok_or_else(product_404)?;
            check_references(tx, &p)?;
            if !products::update(tx, &p, req.expected_version, self.now()).map_err(unique_error)? {
                return Err(CoreError::stale());
            }
            let after = products::get(tx, &req.id, &branch)?.ok_or_else(product_404)?;
            self.product_changed(tx, &s.user.id, &before, &after, "edit")?;
            Ok(after)
        })
    }

    /// A product rewritten (an edit, an import, a bulk price change, a receipt's cost): the edit
    /// queued for sync with the fields that changed, audited (price and cost changes as such),
    /// and a changed price queued for a new shelf label.
    pub(crate) fn product_changed(
        &self,
        tx: &pos_store::rusqlite::Connection,
        by: &str,
        before: &Product,
        after: &Product,
        why: &str,
    ) -> Result<()> {
        self.outbox_edit(tx, by, "product", &after.id, json(before).as_ref(), after)?;
        let action = if before.price != after.price || before.cost != after.cost {
            "product.price_changed"
        } else {
            "product.updated"
        };
        self.audit(
            tx,
            Some(by),
            action,
            ("product", Some(&after.id)),
            json(before),
            json(after),
        )?;
        if before.price != after.price {
            pos_store::shelf_labels::queue(
                tx,
                &after.id,
                before.price.rupiah(),
                after.price.rupiah(),
                self.now(),
                why,
            )?;
        }
        Ok(())
    }
}
