//! Column headings and labels in the user's language.

use super::*;

pub(super) fn pick(lang: Lang, en: &'static str, id: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Id => id,
    }
}

/// A column's label in both languages.
pub(super) fn col(key: &str, kind: ColumnKind, lang: Lang) -> Column {
    let (en, id) = match key {
        "period" => ("Period", "Periode"),
        "day" => ("Date", "Tanggal"),
        "time" => ("Time", "Waktu"),
        "category" => ("Category", "Kategori"),
        "sku" => ("SKU", "SKU"),
        "product" => ("Product", "Produk"),
        "cashier" => ("Cashier", "Kasir"),
        "tender" => ("Tender", "Metode bayar"),
        "branch" => ("Branch", "Cabang"),
        "terminal" => ("Terminal", "Terminal"),
        "quantity" => ("Units", "Unit"),
        "transactions" => ("Transactions", "Transaksi"),
        "gross" => ("Gross (list price)", "Bruto (harga label)"),
        "discount" => ("Discounts", "Diskon"),
        "returns" => ("Returns", "Retur"),
        "revenue" => ("Net sales excl. PPN", "Penjualan bersih tanpa PPN"),
        "tax" => ("PPN", "PPN"),
        "cost" => ("Cost", "HPP"),
        "margin" => ("Gross margin", "Laba kotor"),
        "margin_pct" => ("Margin %", "Margin %"),
        "avg_basket" => ("Average basket", "Rata-rata belanja"),
        "payments" => ("Payments", "Pembayaran"),
        "amount" => ("Amount", "Jumlah"),
        "on_hand" => ("On hand", "Stok"),
        "unit_cost" => ("Unit cost", "HPP satuan"),
        "value" => ("Value at cost", "Nilai (HPP)"),
        "retail_value" => ("Value at price", "Nilai (harga jual)"),
        "reason" => ("Reason", "Alasan"),
        "change" => ("Change", "Perubahan"),
        "balance" => ("Balance", "Saldo"),
        "note" => ("Note", "Catatan"),
        "user" => ("User", "Pengguna"),
        "sold" => ("Units sold", "Unit terjual"),
        "last_sold" => ("Last sold", "Terakhir terjual"),
        "sales_dpp" => ("Sales DPP", "DPP penjualan"),
        "sales_ppn" => ("Sales PPN", "PPN penjualan"),
        "returns_dpp" => ("Returns DPP", "DPP retur"),
        "returns_ppn" => ("Returns PPN", "PPN retur"),
        "dpp" => ("Net DPP", "DPP bersih"),
        "ppn" => ("Net PPN", "PPN bersih"),
        "total" => ("Total incl. PPN", "Total termasuk PPN"),
        "return_no" => ("Return no.", "No. retur"),
        "receipt_no" => ("Receipt no.", "No. struk"),
        "approved_by" => ("Approved by", "Disetujui oleh"),
        "net" => ("Net", "Neto"),
        "action" => ("Action", "Aksi"),
        "entity" => ("Record", "Data"),
        "entity_id" => ("Record id", "Id data"),
        "detail" => ("Detail", "Rincian"),
        "booking_no" => ("Booking no.", "No. booking"),
        "service" => ("Service", "Layanan"),
        "package" => ("Package", "Paket"),
        "resource" => ("Room / person", "Ruang / orang"),
        "customer" => ("Customer", "Pelanggan"),
        "status" => ("Status", "Status"),
        "channel" => ("Booked", "Dibooking"),
        "price" => ("Price", "Harga"),
        "dp_received" => ("Down payment received", "DP diterima"),
        "deposit_held" => ("Deposits held", "Deposit ditahan"),
        "service_revenue" => ("Service revenue", "Pendapatan jasa"),
        "refund_due" => ("Refund due", "Perlu dikembalikan"),
        _ => ("", ""),
    };
    let label = if en.is_empty() {
        key.to_string()
    } else {
        pick(lang, en, id).to_string()
    };
    Column {
        key: key.into(),
        label,
        kind,
    }
}
