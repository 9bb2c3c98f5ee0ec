//! The catalogue as a spreadsheet in the import's own columns (CSV in UTF-8 with a BOM, or XLSX).

use super::*;
use pos_store::products;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    #[default]
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CatalogueExportRequest {
    #[serde(default)]
    pub format: SheetFormat,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CatalogueFile {
    pub file_name: String,
    pub base64: String,
    pub rows: i64,
}

/// A cell a spreadsheet would run as a formula is written as text (a leading apostrophe).
fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

impl Core {
    pub fn export_catalogue(&self, token: Option<&str>, req: CatalogueExportRequest) -> Result<CatalogueFile> {
        self.authorize(token, Permission::EditCatalogue)?;
        let (rows, today) = self.read(|c| {
            let branch = Core::branch(c)?;
            let paths = pos_store::reports::names::category_paths(c)?;
            let rows: Vec<Vec<String>> = products::all(c, &branch)?
                .into_iter()
                .map(|p| {
                    Field::ALL
                        .iter()
                        .map(|f| match f {
                            Field::Sku => p.sku.clone(),
                            Field::Barcode => p.barcode.clone().unwrap_or_default(),
                            Field::Name => p.name.clone(),
                            Field::Brand => p.brand.clone(),
                            Field::Model => p.model.clone(),
                            Field::Category => paths.get(&p.category_id).cloned().unwrap_or(p.category_name.clone()),
                            Field::Price => p.price.rupiah().to_string(),
                            Field::Cost => p.cost.rupiah().to_string(),
                            Field::WeightG => p.weight_g.to_string(),
                            Field::LengthMm => p.length_mm.to_string(),
                            Field::WidthMm => p.width_mm.to_string(),
                            Field::HeightMm => p.height_mm.to_string(),
                            Field::MinStock => p.min_stock.to_string(),
                            Field::LowStockThreshold => p.low_stock_threshold.to_string(),
                            Field::Featured => u8::from(p.featured).to_string(),
                            Field::Active => u8::from(p.active).to_string(),
                        })
                        .collect()
                })
                .collect();
            Ok((rows, pos_domain::wib_date(self.clock.now())))
        })?;
        let n = rows.len() as i64;
        let name = format!("katalog-{today}");
        let (file_name, bytes) = match req.format {
            SheetFormat::Csv => {
                let mut w = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
                w.write_record(Field::ALL.iter().map(|f| f.header()))
                    .map_err(CoreError::internal)?;
                for r in &rows {
                    w.write_record(r.iter().map(|c| safe(c))).map_err(CoreError::internal)?;
                }
                (format!("{name}.csv"), w.into_inner().map_err(CoreError::internal)?)
            }
            SheetFormat::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet();
                for (j, f) in Field::ALL.iter().enumerate() {
                    sheet
                        .write_string(0, j as u16, f.header())
                        .map_err(CoreError::internal)?;
                }
                for (i, r) in rows.iter().enumerate() {
                    for (j, (f, v)) in Field::ALL.iter().zip(r).enumerate() {
                        let (row, col) = (i as u32 + 1, j as u16);
                        if f.is_number() {
                            sheet.write_number(row, col, v.parse::<f64>().unwrap_or(0.0))
                        } else {
                            // Written as text: a leading "=" stays a string, never a formula.
                            sheet.write_string(row, col, v)
                        }
                        .map_err(CoreError::internal)?;
                    }
                }
                (
                    format!("{name}.xlsx"),
                    book.save_to_buffer().map_err(CoreError::internal)?,
                )
            }
        };
        Ok(CatalogueFile {
            file_name,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            rows: n,
        })
    }
}
