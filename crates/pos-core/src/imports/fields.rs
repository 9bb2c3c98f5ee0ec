//! The catalogue's columns in a spreadsheet: which field each is, guessed from its header (English
//! or Bahasa Indonesia, as our export writes them or as a distributor's list names them).

use serde::{Deserialize, Serialize};

/// A product field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Sku,
    Barcode,
    Name,
    Brand,
    Model,
    /// The category's name ("Gitar" or "Gitar › Elektrik").
    Category,
    Price,
    Cost,
    WeightG,
    LengthMm,
    WidthMm,
    HeightMm,
    MinStock,
    LowStockThreshold,
    Featured,
    Active,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Sku,
        Field::Barcode,
        Field::Name,
        Field::Brand,
        Field::Model,
        Field::Category,
        Field::Price,
        Field::Cost,
        Field::WeightG,
        Field::LengthMm,
        Field::WidthMm,
        Field::HeightMm,
        Field::MinStock,
        Field::LowStockThreshold,
        Field::Featured,
        Field::Active,
    ];

    /// The header our export writes.
    pub fn header(self) -> &'static str {
        match self {
            Field::Sku => "sku",
            Field::Barcode => "barcode",
            Field::Name => "name",
            Field::Brand => "brand",
            Field::Model => "model",
            Field::Category => "category",
            Field::Price => "price",
            Field::Cost => "cost",
            Field::WeightG => "weight_g",
            Field::LengthMm => "length_mm",
            Field::WidthMm => "width_mm",
            Field::HeightMm => "height_mm",
            Field::MinStock => "min_stock",
            Field::LowStockThreshold => "low_stock_threshold",
            Field::Featured => "featured",
            Field::Active => "active",
        }
    }

    /// Other names a header may have (compared lower-case, without spaces, dots or underscores).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Sku => &[
                "sku",
                "kode",
                "kodebarang",
                "kodeproduk",
                "itemcode",
                "code",
                "partnumber",
                "partno",
            ],
            Field::Barcode => &["barcode", "ean", "ean13", "upc", "gtin", "kodebarcode"],
            Field::Name => &[
                "name",
                "nama",
                "namabarang",
                "namaproduk",
                "product",
                "produk",
                "description",
                "deskripsi",
            ],
            Field::Brand => &["brand", "merek", "merk"],
            Field::Model => &["model", "tipe", "type"],
            Field::Category => &["category", "kategori", "group", "golongan"],
            Field::Price => &[
                "price",
                "harga",
                "hargajual",
                "sellingprice",
                "retailprice",
                "hargaecer",
            ],
            Field::Cost => &[
                "cost",
                "modal",
                "hargamodal",
                "hargabeli",
                "hpp",
                "costprice",
                "purchaseprice",
            ],
            Field::WeightG => &["weightg", "weight", "berat", "beratg", "beratgram"],
            Field::LengthMm => &["lengthmm", "length", "panjang", "panjangmm"],
            Field::WidthMm => &["widthmm", "width", "lebar", "lebarmm"],
            Field::HeightMm => &["heightmm", "height", "tinggi", "tinggimm"],
            Field::MinStock => &["minstock", "stokminimum", "minimumstock", "min"],
            Field::LowStockThreshold => &[
                "lowstockthreshold",
                "bataspenipisan",
                "batasstokmenipis",
                "reorderpoint",
            ],
            Field::Featured => &["featured", "unggulan"],
            Field::Active => &["active", "aktif", "status"],
        }
    }

    /// The field a header names, if any.
    pub fn guess(header: &str) -> Option<Field> {
        let key: String = header.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        if key.is_empty() {
            return None;
        }
        Field::ALL.into_iter().find(|f| f.aliases().contains(&key.as_str()))
    }

    /// Whole numbers (money in rupiah, grams, millimetres, units).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Field::Price
                | Field::Cost
                | Field::WeightG
                | Field::LengthMm
                | Field::WidthMm
                | Field::HeightMm
                | Field::MinStock
                | Field::LowStockThreshold
        )
    }
}

/// The suggested field of each header: a field claimed by an earlier column is not given twice.
pub fn suggest(headers: &[String]) -> Vec<Option<Field>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = Field::guess(h).filter(|f| !taken.contains(f));
            if let Some(f) = f {
                taken.push(f);
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_either_language_or_our_own_are_recognised() {
        let h: Vec<String> = [
            "Kode Barang",
            "Nama Barang",
            "Harga Jual",
            "Harga Beli",
            "Merk",
            "Berat (g)",
            "Catatan",
            "SKU",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            suggest(&h),
            vec![
                Some(Field::Sku),
                Some(Field::Name),
                Some(Field::Price),
                Some(Field::Cost),
                Some(Field::Brand),
                Some(Field::WeightG),
                None,
                None, // a second SKU column is not taken twice
            ]
        );
        for f in Field::ALL {
            assert_eq!(Field::guess(f.header()), Some(f), "our export's header {}", f.header());
        }
    }
}
