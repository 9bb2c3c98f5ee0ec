//! The store's profile as the owner types it (at setup and in settings), with its checks: name,
//! address, tax registration, branch. What both first-run setup and the demo store start from.

use crate::error::{CoreError, Result, text};
use pos_store::profile::StoreProfile;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProfileInput {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// 15 or 16 digits; dots and dashes are ignored.
    pub npwp: String,
    pub branch_code: String,
    pub opening_hours: String,
    pub vat_registered: bool,
    pub ppn_rate_bp: i64,
    pub prices_include_tax: bool,
}

impl ProfileInput {
    /// The Hurtrock defaults (../shared/reference/indonesia.md), offered on the setup screen.
    pub fn hurtrock() -> ProfileInput {
        ProfileInput {
            name: "Hurtrock Music Store".into(),
            address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
            phone: "0821-1555-8035".into(),
            npwp: String::new(),
            branch_code: "BDG1".into(),
            opening_hours: "Sen–Jum 09.30–18.00, Sab 09.30–17.00, Minggu tutup".into(),
            vat_registered: false,
            ppn_rate_bp: pos_domain::TaxRate::STANDARD.basis_points() as i64,
            prices_include_tax: true,
        }
    }

    pub(crate) fn validate(&self, version: i64) -> Result<StoreProfile> {
        let npwp: String = self.npwp.chars().filter(|c| !matches!(c, '.' | '-' | ' ')).collect();
        if !npwp.is_empty() && (!(15..=16).contains(&npwp.len()) || !npwp.bytes().all(|b| b.is_ascii_digit())) {
            return Err(CoreError::invalid(
                "npwp",
                "An NPWP has 15 or 16 digits",
                "NPWP terdiri dari 15 atau 16 angka",
            ));
        }
        if self.vat_registered && npwp.is_empty() {
            return Err(CoreError::invalid(
                "npwp",
                "A VAT-registered store (PKP) needs its NPWP",
                "Toko PKP wajib mengisi NPWP",
            ));
        }
        let branch = self.branch_code.trim().to_uppercase();
        if !(2..=8).contains(&branch.len()) || !branch.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CoreError::invalid(
                "branch_code",
                "The branch code is 2 to 8 letters or digits, like BDG1",
                "Kode cabang 2 sampai 8 huruf atau angka, misalnya BDG1",
            ));
        }
        let phone = text("phone", ("Phone", "Telepon"), &self.phone, 30, true)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
        {
            return Err(CoreError::invalid(
                "phone",
                "The phone number has letters in it",
                "Nomor telepon berisi huruf",
            ));
        }
        if pos_domain::TaxRate::from_basis_points(self.ppn_rate_bp).is_none() {
            return Err(CoreError::invalid(
                "ppn_rate_bp",
                "The PPN rate must be between 0 and 100%",
                "Tarif PPN harus antara 0 dan 100%",
            ));
        }
        Ok(StoreProfile {
            name: text("name", ("Store name", "Nama toko"), &self.name, 120, true)?,
            address: text("address", ("Address", "Alamat"), &self.address, 300, true)?,
            phone,
            npwp,
            branch_code: branch,
            opening_hours: text(
                "opening_hours",
                ("Opening hours", "Jam buka"),
                &self.opening_hours,
                200,
                false,
            )?,
            vat_registered: self.vat_registered,
            ppn_rate_bp: self.ppn_rate_bp,
            prices_include_tax: self.prices_include_tax,
            version,
        })
    }
}

impl From<StoreProfile> for ProfileInput {
    fn from(p: StoreProfile) -> Self {
        ProfileInput {
            name: p.name,
            address: p.address,
            phone: p.phone,
            npwp: p.npwp,
            branch_code: p.branch_code,
            opening_hours: p.opening_hours,
            vat_registered: p.vat_registered,
            ppn_rate_bp: p.ppn_rate_bp,
            prices_include_tax: p.prices_include_tax,
        }
    }
}
