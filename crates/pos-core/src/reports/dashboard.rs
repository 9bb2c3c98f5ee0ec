//! The dashboard: today and this month against the day before and last month.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DashboardRequest {
    #[serde(default)]
    pub branch: Option<String>,
}

use pos_store::reports::dashboard::{self as desk, Alert};
pub use pos_store::reports::dashboard::{ShiftVariance, StockAlert, TopProduct};

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Dashboard {
    /// Today's WIB date.
    pub today: String,
    /// The WIB hour now (0–23): yesterday and the last day compared of last month are counted up
    /// to the end of this hour, so a morning is not held against a whole day.
    pub until_hour: i64,
    pub branches: Vec<String>,
    pub day: Figures,
    pub previous_day: Figures,
    /// The 1st of this month to today, against the same days of last month.
    pub month: Figures,
    pub previous_month: Figures,
    pub month_from: String,
    pub previous_from: String,
    pub previous_to: String,
    /// Net sales (DPP) by WIB hour, 0–23, today and yesterday.
    pub hours_today: Vec<i64>,
    pub hours_yesterday: Vec<i64>,
    /// Net sales by day of this month and of last month (index 0 = the 1st).
    pub days_month: Vec<i64>,
    pub days_previous: Vec<i64>,
    /// This month's best sellers by net sales.
    pub best_sellers: Vec<TopProduct>,
    pub low_stock: Vec<StockAlert>,
    pub low_stock_count: i64,
    pub oversold: Vec<StockAlert>,
    pub oversold_count: i64,
    /// Online orders waiting, by status (awaiting_payment, paid, picking, packed, backordered).
    pub orders_waiting: Vec<(String, i64)>,
    pub shift_variances: Vec<ShiftVariance>,
}

pub(super) fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub(super) fn previous_month_start(d: NaiveDate) -> NaiveDate {
    month_start(month_start(d) - Duration::days(1))
}

pub(super) fn dashboard(c: &Connection, today: NaiveDate, hour: i64, branch: Option<&str>) -> Result<Dashboard> {
    let yesterday = today - Duration::days(1);
    let m_from = month_start(today);
    let p_from = previous_month_start(today);
    let p_end = m_from - Duration::days(1);
    // The same number of days into last month (30 March compares with 28/29 February).
    let p_to = p_from + Duration::days((today.day() as i64 - 1).min((p_end - p_from).num_days()));
    let lo = p_from.min(yesterday);
    let (tk, yk, mk, pk, ptk) = (
        day_key(today),
        day_key(yesterday),
        day_key(m_from),
        day_key(p_from),
        day_key(p_to),
    );
    let mut d = Dashboard {
        today: today.to_string(),
        until_hour: hour,
        branches: Vec::new(),
        day: Figures::default(),
        previous_day: Figures::default(),
        month: Figures::default(),
        previous_month: Figures::default(),
        month_from: m_from.to_string(),
        previous_from: p_from.to_string(),
        previous_to: p_to.to_string(),
        hours_today: vec![0; 24],
        hours_yesterday: vec![0; 24],
        days_month: vec![0; today.day() as usize],
        days_previous: vec![0; (p_end - p_from).num_days() as usize + 1],
        best_sellers: Vec::new(),
        low_stock: Vec::new(),
        low_stock_count: 0,
        oversold: Vec::new(),
        oversold_count: 0,
        orders_waiting: Vec::new(),
        shift_variances: Vec::new(),
    };
    // One pass over two months of hourly sums, in their stored (day, hour) order.
    let two_months = Range {
        from: day_key(lo),
        to: tk,
        branch,
    };
    desk::each_hour(c, &two_months, |day, hour_of, f| {
        let h = hour_of.clamp(0, 23) as usize;
        if day == tk {
            d.day.add(f);
            d.hours_today[h] += f.revenue;
        }
        if day == yk {
            if hour_of <= hour {
                d.previous_day.add(f);
            }
            d.hours_yesterday[h] += f.revenue;
        }
        if (mk..=tk).contains(&day) {
            d.month.add(f);
            d.days_month[(day % 100 - 1) as usize] += f.revenue;
        }
        if (pk..=day_key(p_end)).contains(&day) {
            if day < ptk || (day == ptk && hour_of <= hour) {
                d.previous_month.add(f);
            }
            d.days_previous[(day % 100 - 1) as usize] += f.revenue;
        }
    })?;
    let month = Range {
        from: mk,
        to: tk,
        branch,
    };
    d.best_sellers = desk::best_sellers(c, &month)?;
    (d.low_stock, d.low_stock_count) = desk::stock_alerts(c, Alert::Low, branch)?;
    (d.oversold, d.oversold_count) = desk::stock_alerts(c, Alert::Oversold, branch)?;
    let counts = desk::orders_waiting(c, branch)?;
    d.orders_waiting = ["awaiting_payment", "paid", "picking", "packed", "backordered"]
        .iter()
        .map(|s| (s.to_string(), counts.get(*s).copied().unwrap_or(0)))
        .collect();
    d.shift_variances = desk::shift_variances(c, branch)?;
    d.branches = branches(c)?;
    Ok(d)
}

/// Every branch this file has trading for (its own first).
pub(super) fn branches(c: &Connection) -> Result<Vec<String>> {
    let own = Core::branch(c).unwrap_or_default();
    let mut all = desk::branches(c)?;
    all.retain(|b| *b != own);
    all.sort();
    if !own.is_empty() {
        all.insert(0, own);
    }
    Ok(all)
}
