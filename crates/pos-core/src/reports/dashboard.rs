//! The dashboard: today and this month against the day before and last month.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DashboardRequest {
    #[serde(default)]
    pub branch: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TopProduct {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub revenue: i64,
    pub margin: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct StockAlert {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub branch: String,
    pub on_hand: i64,
    pub threshold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShiftVariance {
    pub shift_id: String,
    pub branch: String,
    pub terminal: String,
    pub cashier: String,
    pub closed_at: i64,
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected: negative is cash missing.
    pub variance: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Dashboard {
    /// Today's WIB date.
    pub today: String,
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

pub(super) fn dashboard(c: &Connection, today: NaiveDate, branch: Option<&str>) -> Result<Dashboard> {
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
    {
        // One pass over two months of hourly sums, in their stored (day, hour) order.
        let mut stmt = c.prepare_cached(&format!(
            "SELECT day, hour, {HOUR_SUMS} FROM report_hours
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day, hour"
        ))?;
        let mut rows = stmt.query(params![day_key(lo), tk, branch])?;
        while let Some(r) = rows.next()? {
            let (day, hour): (i64, i64) = (r.get(0)?, r.get(1)?);
            let f = figures_row(r, 2)?;
            let h = hour.clamp(0, 23) as usize;
            if day == tk {
                d.day.add(&f);
                d.hours_today[h] += f.revenue;
            }
            if day == yk {
                d.previous_day.add(&f);
                d.hours_yesterday[h] += f.revenue;
            }
            if (mk..=tk).contains(&day) {
                d.month.add(&f);
                d.days_month[(day % 100 - 1) as usize] += f.revenue;
            }
            if (pk..=day_key(p_end)).contains(&day) {
                if day <= ptk {
                    d.previous_month.add(&f);
                }
                d.days_previous[(day % 100 - 1) as usize] += f.revenue;
            }
        }
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT t.product_id, ifnull(p.sku, ''), ifnull(p.name, ''), t.q, t.rev, t.rev - t.cost FROM
                (SELECT product_id, sum(quantity) AS q, sum(revenue) AS rev, sum(cost) AS cost
                 FROM report_lines NOT INDEXED
                 WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY product_id
                 ORDER BY rev DESC LIMIT 10) t
             LEFT JOIN products p ON p.id = t.product_id ORDER BY t.rev DESC",
        )?;
        d.best_sellers = stmt
            .query_map(params![mk, tk, branch], |r| {
                Ok(TopProduct {
                    product_id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    quantity: r.get(3)?,
                    revenue: r.get(4)?,
                    margin: r.get(5)?,
                })
            })?
            .collect::<pos_store::rusqlite::Result<_>>()?;
    }
    {
        // Low: at or under the product's alert level in a branch that stocks it; oversold:
        // below zero. Both read partial indexes (see migration V5), and the count rides along.
        for (cond, index, low) in [
            (
                "alert_at > 0 AND on_hand >= 0 AND on_hand <= alert_at",
                "stock_levels_low",
                true,
            ),
            ("on_hand < 0", "stock_levels_negative", false),
        ] {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT p.id, p.sku, p.name, l.branch, l.on_hand, l.alert_at, l.n FROM
                    (SELECT product_id, branch, on_hand, alert_at, count(*) OVER () AS n
                     FROM stock_levels INDEXED BY {index} WHERE {cond} AND (?1 IS NULL OR branch = ?1)
                     ORDER BY on_hand - alert_at, product_id LIMIT 10) l
                 JOIN products p ON p.id = l.product_id ORDER BY l.on_hand - l.alert_at, p.name_key"
            ))?;
            let mut count = 0;
            let alerts = stmt
                .query_map(params![branch], |r| {
                    count = r.get(6)?;
                    alert(r)
                })?
                .collect::<pos_store::rusqlite::Result<Vec<_>>>()?;
            if low {
                (d.low_stock, d.low_stock_count) = (alerts, count);
            } else {
                (d.oversold, d.oversold_count) = (alerts, count);
            }
        }
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT status, count(*) FROM orders
             WHERE status IN ('awaiting_payment', 'paid', 'picking', 'packed', 'backordered') AND (?1 IS NULL OR branch = ?1)
             GROUP BY status",
        )?;
        let counts: HashMap<String, i64> = stmt
            .query_map(params![branch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<pos_store::rusqlite::Result<_>>()?;
        d.orders_waiting = ["awaiting_payment", "paid", "picking", "packed", "backordered"]
            .iter()
            .map(|s| (s.to_string(), counts.get(*s).copied().unwrap_or(0)))
            .collect();
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT s.id, s.branch, s.terminal, ifnull(u.name, ''), s.closed_at, s.expected_cash, s.counted_cash
             FROM shifts s LEFT JOIN users u ON u.id = s.closed_by
             WHERE s.closed_at IS NOT NULL AND s.counted_cash <> s.expected_cash AND (?1 IS NULL OR s.branch = ?1)
             ORDER BY s.closed_at DESC LIMIT 10",
        )?;
        d.shift_variances = stmt
            .query_map(params![branch], |r| {
                let (expected, counted): (i64, i64) = (r.get(5)?, r.get(6)?);
                Ok(ShiftVariance {
                    shift_id: r.get(0)?,
                    branch: r.get(1)?,
                    terminal: r.get(2)?,
                    cashier: r.get(3)?,
                    closed_at: r.get(4)?,
                    expected,
                    counted,
                    variance: counted - expected,
                })
            })?
            .collect::<pos_store::rusqlite::Result<_>>()?;
    }
    d.branches = branches(c)?;
    Ok(d)
}

pub(super) fn alert(r: &pos_store::rusqlite::Row<'_>) -> pos_store::rusqlite::Result<StockAlert> {
    Ok(StockAlert {
        product_id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        branch: r.get(3)?,
        on_hand: r.get(4)?,
        threshold: r.get(5)?,
    })
}

/// Every branch this file has trading for (its own first).
pub(super) fn branches(c: &Connection) -> Result<Vec<String>> {
    let own = Core::branch(c).unwrap_or_default();
    // Each next branch is one step down the branch index (a skip scan), never a read of every
    // product's stock row; shifts are few (one per terminal and day).
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE b(branch) AS (
             SELECT min(branch) FROM stock_levels
             UNION ALL
             SELECT (SELECT min(branch) FROM stock_levels WHERE branch > b.branch) FROM b WHERE b.branch IS NOT NULL)
         SELECT branch FROM b WHERE branch IS NOT NULL
         UNION SELECT DISTINCT branch FROM shifts",
    )?;
    let mut all: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<pos_store::rusqlite::Result<_>>()?;
    all.retain(|b| *b != own);
    all.sort();
    if !own.is_empty() {
        all.insert(0, own);
    }
    Ok(all)
}
