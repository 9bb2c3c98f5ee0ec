//! Writing an import: the plan made again inside one write transaction (so it is judged against
//! the catalogue as it is at that moment), every valid row written, and nothing when anything
//! fails. Each product is queued for the other terminals; a change is audited as an edit is
//! (before and after, price changes as such), and the import itself is one audit event with its
//! file and counts (a hundred thousand new products are not a hundred thousand audit rows).

use super::plan::{self, CategoryRef, Step};
use super::*;
use crate::json;
use crate::products::unique_error;
use pos_store::categories;
use pos_store::products;

impl Core {
    /// Writes every valid row, or nothing. With rows that have problems it refuses unless asked to
    /// skip them (`skip_invalid`); the dry run lists them.
    pub fn import_products_apply(&self, token: Option<&str>, req: ImportFile) -> Result<ImportApplied> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let bytes = decode(&req)?;
        let sheet = read::read(&req.file_name, &bytes)?;
        let total = sheet.rows.len() as i64;
        self.set_import_progress(0, total, true);
        let result = self.write(|tx| {
            let m = mapping(tx, &sheet.headers, req.mapping.as_ref())?;
            let branch = Core::branch(tx)?;
            let catalogue = products::all(tx, &branch)?;
            let existing = categories::list(tx)?;
            let p = plan::plan(&sheet, &m, &catalogue, &existing, req.create_categories);
            if p.invalid_rows > 0 && !req.skip_invalid {
                return Err(CoreError::invalid(
                    "file",
                    format!(
                        "{} rows have problems: fix them, or import the other rows without them",
                        p.invalid_rows
                    ),
                    format!(
                        "{} baris bermasalah: perbaiki, atau impor baris lainnya tanpa baris itu",
                        p.invalid_rows
                    ),
                ));
            }
            let now = self.now();
            let mut out = ImportApplied {
                skipped: p.invalid_rows as i64,
                ..Default::default()
            };
            // New categories first, once each, at the top level.
            let mut made: HashMap<String, String> = HashMap::new();
            for name in &p.unknown_categories {
                let name = crate::error::text("category", ("Category", "Kategori"), name, 80, true)?;
                let c = self.add_category(tx, &s.user.id, None, name.clone())?;
                made.insert(name.to_lowercase(), c.id);
                out.categories_created += 1;
            }
            let names: HashMap<String, String> = categories::list(tx)?.into_iter().map(|c| (c.id, c.name)).collect();
            let category_id = |c: &CategoryRef| match c {
                CategoryRef::Known(id) => id.clone(),
                CategoryRef::New(name) => made.get(&name.to_lowercase()).cloned().unwrap_or_default(),
            };
            for (i, (_, step)) in p.steps.into_iter().enumerate() {
                if i % 1000 == 0 {
                    self.set_import_progress(i as i64, total, true);
                }
                match step {
                    Step::Unchanged => out.unchanged += 1,
                    Step::Create { mut input, category } => {
                        input.category_id = category_id(&category);
                        let mut row = input.validate(pos_domain::new_id(), 1)?;
                        products::insert(tx, &row, now).map_err(unique_error)?;
                        row.category_name = names.get(&row.category_id).cloned().unwrap_or_default();
                        // A new product goes out whole, on no base version (as `create_product`'s);
                        // the import's own audit event below says who brought it in, from which file.
                        let edit = serde_json::json!({ "state": row, "changed": null, "base": 0 });
                        pos_store::outbox::append(tx, "product", &row.id, &edit, now, Some(&s.user.id))?;
                        out.created += 1;
                    }
                    Step::Update {
                        id,
                        version,
                        mut input,
                        category,
                    } => {
                        input.category_id = category_id(&category);
                        let row = input.validate(id.clone(), version)?;
                        let before = products::get(tx, &id, &branch)?
                            .ok_or_else(|| CoreError::internal("an imported product vanished"))?;
                        if !products::update(tx, &row, version, now).map_err(unique_error)? {
                            return Err(CoreError::stale());
                        }
                        let after = products::get(tx, &id, &branch)?
                            .ok_or_else(|| CoreError::internal("an imported product vanished"))?;
                        self.product_changed(tx, &s.user.id, &before, &after, "import")?;
                        out.updated += 1;
                    }
                }
            }
            remember(tx, &sheet.headers, &m)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "catalogue.imported",
                ("catalogue", None),
                None,
                json(&serde_json::json!({
                    "file": req.file_name, "format": sheet.format, "created": out.created,
                    "updated": out.updated, "unchanged": out.unchanged, "skipped": out.skipped,
                    "categories_created": out.categories_created,
                })),
            )?;
            Ok(out)
        });
        self.set_import_progress(total, total, false);
        if result.is_ok() {
            self.nudge_sync();
        }
        result
    }
}
