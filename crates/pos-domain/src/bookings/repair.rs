//! Repairs and setups follow their own path once the instrument is at the bench: dropped off
//! (a ticket with a QR label goes on the instrument), estimated, approved by the customer, in
//! progress, ready, collected. An estimate may be given again before it is approved.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RepairStage {
    #[default]
    DroppedOff,
    Estimated,
    Approved,
    InProgress,
    Ready,
    Collected,
}

impl RepairStage {
    pub const ALL: [RepairStage; 6] = [
        RepairStage::DroppedOff,
        RepairStage::Estimated,
        RepairStage::Approved,
        RepairStage::InProgress,
        RepairStage::Ready,
        RepairStage::Collected,
    ];

    /// The moves a repair may make (`None` is a booking with no ticket yet: it is dropped off).
    pub fn may_follow(now: Option<RepairStage>, next: RepairStage) -> bool {
        use RepairStage::*;
        matches!(
            (now, next),
            (None, DroppedOff)
                | (Some(DroppedOff), Estimated)
                | (Some(Estimated), Estimated | Approved)
                | (Some(Approved), InProgress)
                | (Some(InProgress), Ready)
                | (Some(Ready), Collected)
        )
    }

    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            RepairStage::DroppedOff => ("Dropped off", "Diterima di servis"),
            RepairStage::Estimated => ("Estimate sent", "Estimasi dikirim"),
            RepairStage::Approved => ("Approved by the customer", "Disetujui pelanggan"),
            RepairStage::InProgress => ("In progress", "Sedang dikerjakan"),
            RepairStage::Ready => ("Ready to collect", "Siap diambil"),
            RepairStage::Collected => ("Collected", "Sudah diambil"),
        }
    }
}

/// The repair's ticket: what the instrument is, what is wrong, and the estimate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RepairTicket {
    pub stage: RepairStage,
    pub instrument: String,
    pub serial: String,
    pub problem: String,
    /// Whole rupiah (0 until estimated).
    pub estimate: i64,
    pub estimate_note: String,
}

impl RepairTicket {
    /// `Err` with the reason (English, Indonesian) when the ticket cannot be kept.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        let len = |s: &str, max: usize| s.chars().count() <= max;
        if self.instrument.trim().is_empty() || !len(&self.instrument, 120) {
            return Err((
                "Name the instrument (120 characters at most).",
                "Sebutkan alat musiknya (paling banyak 120 karakter).",
            ));
        }
        if !(len(&self.serial, 60) && len(&self.problem, 2_000) && len(&self.estimate_note, 1_000)) {
            return Err((
                "The serial, problem or note is too long.",
                "Nomor seri, keluhan atau catatan terlalu panjang.",
            ));
        }
        if !(0..=crate::money::MAX_AMOUNT).contains(&self.estimate) {
            return Err((
                "The estimate is a whole number of rupiah, 0 or more.",
                "Estimasi berupa rupiah bulat, 0 atau lebih.",
            ));
        }
        if self.stage == RepairStage::Estimated && self.estimate == 0 {
            return Err(("An estimate needs its amount.", "Estimasi perlu nominalnya."));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RepairStage::*;

    #[test]
    fn a_repair_goes_step_by_step_and_never_back() {
        assert!(RepairStage::may_follow(None, DroppedOff));
        assert!(!RepairStage::may_follow(None, Ready), "not ready before it is in");
        let path = [DroppedOff, Estimated, Approved, InProgress, Ready, Collected];
        for w in path.windows(2) {
            assert!(RepairStage::may_follow(Some(w[0]), w[1]), "{w:?}");
            assert!(!RepairStage::may_follow(Some(w[1]), w[0]), "back: {w:?}");
        }
        assert!(RepairStage::may_follow(Some(Estimated), Estimated), "estimated again");
        assert!(
            !RepairStage::may_follow(Some(DroppedOff), InProgress),
            "not before approval"
        );
        assert!(
            RepairStage::ALL
                .iter()
                .all(|s| !RepairStage::may_follow(Some(Collected), *s))
        );
    }

    #[test]
    fn a_ticket_names_its_instrument_and_an_estimate_its_amount() {
        let mut t = RepairTicket {
            stage: DroppedOff,
            instrument: "Fender Stratocaster".into(),
            ..Default::default()
        };
        assert!(t.check().is_ok());
        t.stage = Estimated;
        assert!(t.check().is_err());
        t.estimate = 350_000;
        assert!(t.check().is_ok());
        t.instrument = " ".into();
        assert!(t.check().is_err());
    }
}
