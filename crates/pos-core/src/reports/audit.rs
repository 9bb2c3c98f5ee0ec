//! The audit log as a report.

use super::*;

/// The longest audit listing one report holds (the screen pages through it; exports carry it).
pub(super) const MAX_AUDIT_ROWS: i64 = 100_000;

pub(super) fn audit(c: &Connection, sc: &Scope, user_id: Option<&str>, action: Option<&str>) -> Result<Table> {
    let (from, to) = sc.millis();
    let action = action.map(|a| format!("{}%", a.replace(['%', '_'], "")));
    let mut stmt = c.prepare_cached(
        "SELECT a.at, ifnull(u.name, ''), a.action, a.entity, ifnull(a.entity_id, ''), ifnull(a.before, ''), ifnull(a.after, '')
         FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.at >= ?1 AND a.at < ?2 AND (?3 IS NULL OR a.user_id = ?3) AND (?4 IS NULL OR a.action LIKE ?4)
         ORDER BY a.at DESC LIMIT ?5",
    )?;
    let lang = sc.lang;
    let mut by_action: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![from, to, user_id, action, MAX_AUDIT_ROWS], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .map(|row| {
            let (at, user, action, entity, entity_id, before, after) = row?;
            *by_action.entry(action.clone()).or_default() += 1;
            let detail = match (before.is_empty(), after.is_empty()) {
                (true, true) => String::new(),
                (true, false) => after,
                (false, true) => before,
                (false, false) => format!("{before} → {after}"),
            };
            Ok(vec![
                Cell::Num(at),
                Cell::Text(user),
                Cell::Text(action),
                Cell::Text(entity),
                Cell::Text(entity_id),
                Cell::Text(truncate(&detail, 400)),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let mut chart = reason_chart(by_action, lang);
    chart.kind = ChartKind::Bar;
    chart.series[0].key = "events".into();
    chart.series[0].label = pick(lang, "Events", "Kejadian").into();
    Ok(Table {
        columns: vec![
            col("time", ColumnKind::Time, lang),
            col("user", ColumnKind::Text, lang),
            col("action", ColumnKind::Text, lang),
            col("entity", ColumnKind::Text, lang),
            col("entity_id", ColumnKind::Text, lang),
            col("detail", ColumnKind::Text, lang),
        ],
        rows,
        totals: None,
        chart: Some(chart),
        default_sort: "time",
        default_desc: true,
        lazy: None,
    })
}

pub(super) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}
