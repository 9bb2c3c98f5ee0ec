//! Every row of a sheet judged against the catalogue at once: what it creates or changes, or every
//! reason it cannot. Nothing is written here; the dry run shows this plan and the apply writes it.

use super::RowProblem;
use super::fields::Field;
use super::read::{Cell, Sheet};
use crate::products::ProductInput;
use pos_store::categories::Category;
use pos_store::products::Product;
use std::collections::HashMap;

/// What one valid row does.
#[derive(Debug, Clone)]
pub enum Step {
    Create {
        input: ProductInput,
        category: CategoryRef,
    },
    Update {
        id: String,
        version: i64,
        input: ProductInput,
        category: CategoryRef,
    },
    Unchanged,
}

/// A row's category: one the catalogue has, or a name to create (when the owner agreed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryRef {
    Known(String),
    New(String),
}

#[derive(Debug, Default)]
pub struct Plan {
    pub steps: Vec<(usize, Step)>,
    pub problems: Vec<RowProblem>,
    pub invalid_rows: usize,
    /// Category names no category has, in the order first met.
    pub unknown_categories: Vec<String>,
}

impl Plan {
    pub fn count(&self, f: impl Fn(&Step) -> bool) -> i64 {
        self.steps.iter().filter(|(_, s)| f(s)).count() as i64
    }
}

/// "1.250.000", "Rp 1,250,000", "1250000,00", " 95000 " → rupiah; None for anything else.
pub fn whole_number(s: &str) -> Option<i64> {
    let mut t = s.trim().to_lowercase().replace("rp", "").replace([' ', '\u{a0}'], "");
    for tail in [",00", ".00", ",0", ".0"] {
        if let Some(head) = t.strip_suffix(tail) {
            t = head.to_string();
            break;
        }
    }
    let negative = t.starts_with('-');
    let digits: String = t
        .trim_start_matches('-')
        .chars()
        .filter(|c| *c != '.' && *c != ',')
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "1" | "yes" | "y" | "ya" | "true" | "aktif" | "active" | "x" => Some(true),
        "0" | "no" | "n" | "tidak" | "false" | "nonaktif" | "inactive" | "" => Some(false),
        _ => None,
    }
}

/// Category names (lower-case) and paths ("gitar › elektrik") to their ids.
fn category_index(categories: &[Category]) -> HashMap<String, String> {
    let by_id: HashMap<&str, &Category> = categories.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut index = HashMap::new();
    for c in categories {
        index.entry(c.name.to_lowercase()).or_insert_with(|| c.id.clone());
        if let Some(parent) = c.parent_id.as_deref().and_then(|p| by_id.get(p)) {
            index.insert(format!("{} › {}", parent.name, c.name).to_lowercase(), c.id.clone());
            index.insert(format!("{} > {}", parent.name, c.name).to_lowercase(), c.id.clone());
        }
    }
    index
}

fn input_of(p: &Product) -> ProductInput {
    ProductInput::from(p)
}

fn add(problems: &mut Vec<RowProblem>, row: usize, f: Option<Field>, en: String, id: String) {
    problems.push(RowProblem {
        row: row as i64,
        column: f.map(|f| f.header().to_string()).unwrap_or_default(),
        en,
        id,
    });
}

/// Judges every row. `create_categories`: unknown category names are to be created rather than
/// refused.
pub fn plan(
    sheet: &Sheet,
    mapping: &[Option<Field>],
    catalogue: &[Product],
    categories: &[Category],
    create_categories: bool,
) -> Plan {
    let by_sku: HashMap<&str, &Product> = catalogue.iter().map(|p| (p.sku.as_str(), p)).collect();
    let by_barcode: HashMap<&str, &Product> = catalogue
        .iter()
        .filter_map(|p| p.barcode.as_deref().map(|b| (b, p)))
        .collect();
    let cats = category_index(categories);
    let column = |f: Field| mapping.iter().position(|m| *m == Some(f));
    let mut out = Plan::default();
    let mut seen_sku: HashMap<String, usize> = HashMap::new();
    let mut seen_barcode: HashMap<String, usize> = HashMap::new();
    if column(Field::Sku).is_none() && column(Field::Barcode).is_none() {
        out.problems.push(RowProblem {
            row: 1,
            column: String::new(),
            en: "Choose the column that holds the SKU (or the barcode): rows are matched by it".into(),
            id: "Pilih kolom yang berisi SKU (atau barcode): baris dicocokkan dengannya".into(),
        });
        out.invalid_rows = sheet.rows.len();
        return out;
    }
    for (row_no, cells) in &sheet.rows {
        let mut problems: Vec<RowProblem> = Vec::new();
        // Each mapped cell, formulas refused.
        let mut values: HashMap<Field, String> = HashMap::new();
        for (i, f) in mapping.iter().enumerate() {
            let Some(f) = f else { continue };
            match cells.get(i) {
                Some(Cell::Formula(src)) => add(
                    &mut problems,
                    *row_no,
                    Some(*f),
                    format!("{} is a formula ({src}); save the sheet with values", f.header()),
                    format!("{} berisi rumus ({src}); simpan lembarnya sebagai nilai", f.header()),
                ),
                Some(Cell::Text(t)) => {
                    values.insert(*f, t.clone());
                }
                None => {}
            }
        }
        let get = |f: Field| values.get(&f).map(String::as_str).filter(|v| !v.is_empty());
        let sku = get(Field::Sku).map(str::to_string);
        let barcode = get(Field::Barcode).map(str::to_string);
        if sku.is_none() && barcode.is_none() {
            add(
                &mut problems,
                *row_no,
                Some(Field::Sku),
                "No SKU and no barcode".into(),
                "Tidak ada SKU dan barcode".into(),
            );
        }
        if let Some(s) = &sku
            && let Some(first) = seen_sku.insert(s.to_lowercase(), *row_no)
        {
            add(
                &mut problems,
                *row_no,
                Some(Field::Sku),
                format!("SKU {s} is also on row {first}"),
                format!("SKU {s} juga ada di baris {first}"),
            );
        }
        if let Some(b) = &barcode
            && let Some(first) = seen_barcode.insert(b.clone(), *row_no)
        {
            add(
                &mut problems,
                *row_no,
                Some(Field::Barcode),
                format!("Barcode {b} is also on row {first}"),
                format!("Barcode {b} juga ada di baris {first}"),
            );
        }
        let existing = sku
            .as_deref()
            .and_then(|s| by_sku.get(s))
            .or_else(|| barcode.as_deref().and_then(|b| by_barcode.get(b)))
            .copied();
        let mut input = existing.map(input_of).unwrap_or(ProductInput {
            active: true,
            ..Default::default()
        });
        for f in Field::ALL {
            let Some(v) = values.get(&f) else { continue };
            if f.is_number() {
                if v.is_empty() && existing.is_some() {
                    continue;
                }
                let Some(n) = whole_number(v) else {
                    add(
                        &mut problems,
                        *row_no,
                        Some(f),
                        format!("{} is not a whole number: {v}", f.header()),
                        format!("{} bukan bilangan bulat: {v}", f.header()),
                    );
                    continue;
                };
                if n < 0 {
                    add(
                        &mut problems,
                        *row_no,
                        Some(f),
                        format!("{} cannot be negative: {v}", f.header()),
                        format!("{} tidak boleh negatif: {v}", f.header()),
                    );
                    continue;
                }
                match f {
                    Field::Price => input.price = n,
                    Field::Cost => input.cost = n,
                    Field::WeightG => input.weight_g = n,
                    Field::LengthMm => input.length_mm = n,
                    Field::WidthMm => input.width_mm = n,
                    Field::HeightMm => input.height_mm = n,
                    Field::MinStock => input.min_stock = n,
                    Field::LowStockThreshold => input.low_stock_threshold = n,
                    _ => {}
                }
                continue;
            }
            match f {
                Field::Featured | Field::Active => match yes_no(v) {
                    Some(b) if f == Field::Active => input.active = b || (v.is_empty() && existing.is_none()),
                    Some(b) => input.featured = b,
                    None => add(
                        &mut problems,
                        *row_no,
                        Some(f),
                        format!("{} must be yes or no (1/0): {v}", f.header()),
                        format!("{} harus ya atau tidak (1/0): {v}", f.header()),
                    ),
                },
                Field::Sku if !v.is_empty() => input.sku = v.clone(),
                Field::Barcode => input.barcode = v.clone(),
                Field::Name if !v.is_empty() => input.name = v.clone(),
                Field::Brand => input.brand = v.clone(),
                Field::Model => input.model = v.clone(),
                _ => {}
            }
        }
        let mut category = existing.map(|p| CategoryRef::Known(p.category_id.clone()));
        match get(Field::Category) {
            Some(name) => match cats.get(&name.to_lowercase()) {
                Some(id) => category = Some(CategoryRef::Known(id.clone())),
                None if create_categories => {
                    category = Some(CategoryRef::New(name.to_string()));
                    if !out.unknown_categories.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                        out.unknown_categories.push(name.to_string());
                    }
                }
                None => {
                    if !out.unknown_categories.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                        out.unknown_categories.push(name.to_string());
                    }
                    add(
                        &mut problems,
                        *row_no,
                        Some(Field::Category),
                        format!("No category is called {name} (create the missing categories to import it)"),
                        format!("Tidak ada kategori bernama {name} (buat kategori yang belum ada untuk mengimpornya)"),
                    );
                }
            },
            None if existing.is_none() => add(
                &mut problems,
                *row_no,
                Some(Field::Category),
                "A new product needs a category".into(),
                "Produk baru perlu kategori".into(),
            ),
            None => {}
        }
        if existing.is_none() && input.name.trim().is_empty() {
            add(
                &mut problems,
                *row_no,
                Some(Field::Name),
                "A new product needs a name".into(),
                "Produk baru perlu nama".into(),
            );
        }
        if existing.is_none() && input.sku.trim().is_empty() {
            add(
                &mut problems,
                *row_no,
                Some(Field::Sku),
                "A new product needs a SKU".into(),
                "Produk baru perlu SKU".into(),
            );
        }
        // The product's own rules (SKU characters, barcode check digit, lengths, ranges).
        if problems.is_empty()
            && let Err(e) = input.validate(String::new(), 1)
        {
            let f = e.field.as_deref().and_then(Field::guess);
            add(&mut problems, *row_no, f, e.en, e.id);
        }
        // A SKU or barcode changed to one another product holds.
        if problems.is_empty() {
            let other = |p: Option<&&Product>| p.is_some_and(|p| existing.is_none_or(|e| e.id != p.id));
            if other(by_sku.get(input.sku.trim())) {
                add(
                    &mut problems,
                    *row_no,
                    Some(Field::Sku),
                    format!("SKU {} belongs to another product", input.sku),
                    format!("SKU {} milik produk lain", input.sku),
                );
            } else if !input.barcode.trim().is_empty() && other(by_barcode.get(input.barcode.trim())) {
                add(
                    &mut problems,
                    *row_no,
                    Some(Field::Barcode),
                    format!("Barcode {} belongs to another product", input.barcode),
                    format!("Barcode {} milik produk lain", input.barcode),
                );
            }
        }
        if !problems.is_empty() {
            out.invalid_rows += 1;
            out.problems.extend(problems);
            continue;
        }
        let category = category.expect("checked above");
        if let CategoryRef::Known(id) = &category {
            input.category_id = id.clone();
        }
        let step = match existing {
            Some(p) if input_of(p) == input => Step::Unchanged,
            Some(p) => Step::Update {
                id: p.id.clone(),
                version: p.version,
                input,
                category,
            },
            None => Step::Create { input, category },
        };
        out.steps.push((*row_no, step));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_is_read_as_people_write_it() {
        for (s, n) in [
            ("1.250.000", Some(1_250_000)),
            ("Rp 1,250,000", Some(1_250_000)),
            ("1250000,00", Some(1_250_000)),
            (" 95000 ", Some(95_000)),
            ("-5", Some(-5)),
            ("12,5kg", None),
            ("", None),
            ("1e9", None),
            ("9999999999999999999", None),
        ] {
            assert_eq!(whole_number(s), n, "{s:?}");
        }
    }
}
