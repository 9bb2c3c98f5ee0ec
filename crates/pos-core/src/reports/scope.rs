//! A request checked and turned into a day range, branch and language.

use super::*;

/// A validated request: the day range as keys, the branch, the language.
pub(super) struct Scope {
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    pub(super) branch: Option<String>,
    pub(super) lang: Lang,
}

impl Scope {
    pub(super) fn keys(&self) -> (i64, i64) {
        (day_key(self.from), day_key(self.to))
    }

    /// The range as the store reads it.
    pub(super) fn range(&self) -> Range<'_> {
        let (from, to) = self.keys();
        Range {
            from,
            to,
            branch: self.branch.as_deref(),
        }
    }

    /// The range as UTC milliseconds: WIB midnight of `from` to WIB midnight after `to`.
    pub(super) fn millis(&self) -> (i64, i64) {
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp_millis() - 7 * 3_600_000)
                .unwrap_or(0)
        };
        (start(self.from), start(self.to + Duration::days(1)))
    }
}

pub(super) fn parse_day(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::invalid(
            field,
            "Enter a date as YYYY-MM-DD",
            "Isi tanggal dengan format TTTT-BB-HH",
        )
    })
}

pub(super) fn scope(from: &str, to: &str, branch: &Option<String>, lang: Option<Lang>) -> Result<Scope> {
    let from = parse_day("from", from)?;
    let to = parse_day("to", to)?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "The end date is before the start date",
            "Tanggal akhir sebelum tanggal awal",
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(CoreError::invalid(
            "to",
            "Choose at most three years at once",
            "Pilih paling lama tiga tahun sekaligus",
        ));
    }
    let branch = branch.as_deref().map(str::trim).filter(|b| !b.is_empty());
    if branch.is_some_and(|b| b.len() > 32) {
        return Err(CoreError::invalid("branch", "Unknown branch", "Cabang tidak dikenal"));
    }
    Ok(Scope {
        from,
        to,
        branch: branch.map(str::to_string),
        lang: lang.unwrap_or_default(),
    })
}

pub(super) fn period_label(day: NaiveDate, g: Granularity) -> String {
    match g {
        Granularity::Day => day.format("%Y-%m-%d").to_string(),
        Granularity::Week => {
            let w = day.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Granularity::Month => day.format("%Y-%m").to_string(),
    }
}
