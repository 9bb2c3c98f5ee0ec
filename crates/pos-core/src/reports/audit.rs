//! The audit log as a report.

use super::*;

/// The longest audit listing one report holds (the screen pages through it; exports carry it).
pub(super) const MAX_AUDIT_ROWS: i64 = 100_000;

pub(super) fn audit(c: &Connection, sc: &Scope, user_id: Option<&str>, action: Option<&str>) -> Result<Table> {
    let (from, to) = sc.millis();
    let lang = sc.lang;
    let mut by_action: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = read::audit::rows(c, (from, to), user_id, action, MAX_AUDIT_ROWS)?
        .into_iter()
        .map(|a| {
            let read::audit::AuditRow {
                at,
                user,
                action,
                entity,
                entity_id,
                before,
                after,
            } = a;
            *by_action.entry(action.clone()).or_default() += 1;
            let detail = match (before.is_empty(), after.is_empty()) {
                (true, true) => String::new(),
                (true, false) => after,
                (false, true) => before,
                (false, false) => format!("{before} → {after}"),
            };
            vec![
                Cell::Num(at),
                Cell::Text(user),
                Cell::Text(action),
                Cell::Text(entity),
                Cell::Text(entity_id),
                Cell::Text(truncate(&detail, 400)),
            ]
        })
        .collect();
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
