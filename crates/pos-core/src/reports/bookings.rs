//! Bookings: each booking of the period (by the day of the service), its status, and its money as
//! the books see it. A down payment is money received for a service not yet given: it is a
//! deposit held while the booking is open, revenue once the service is done, owed back when a
//! cancellation refunds it; a booking that expired or was refused with money on it shows it as
//! due back. The chart splits what was received into deposits held, revenue and refunds due.

use super::*;
use pos_domain::bookings::BookingStatus;

pub(super) fn bookings(c: &Connection, sc: &Scope) -> Result<Table> {
    let lang = sc.lang;
    let (from, to) = (sc.from.to_string(), sc.to.to_string());
    let (mut held_sum, mut revenue_sum, mut refund_sum) = (0, 0, 0);
    let rows: Vec<Vec<Cell>> = read::bookings::rows(c, &from, &to)?
        .into_iter()
        .map(|r| {
            let status = BookingStatus::parse(&r.status).unwrap_or(BookingStatus::Pencilled);
            let (en, id) = status.words();
            let done = status == BookingStatus::Done;
            let open = status.holds_slot() || status == BookingStatus::Pencilled;
            let revenue = if done { r.dp_paid } else { 0 };
            let held = if open { r.dp_paid } else { 0 };
            held_sum += held;
            revenue_sum += revenue;
            refund_sum += r.refund_due;
            vec![
                Cell::Text(r.day),
                Cell::Text(r.booking_no),
                Cell::Text(r.service),
                Cell::Text(r.package),
                Cell::Text(r.resource),
                Cell::Text(r.customer),
                Cell::Text(pick(lang, en, id).into()),
                Cell::Text(
                    pick(
                        lang,
                        if r.online { "Online" } else { "Desk" },
                        if r.online { "Online" } else { "Meja" },
                    )
                    .into(),
                ),
                Cell::Num(r.price),
                Cell::Num(r.dp_paid),
                Cell::Num(held),
                Cell::Num(revenue),
                Cell::Num(r.refund_due),
            ]
        })
        .collect();
    let columns = vec![
        col("day", ColumnKind::Date, lang),
        col("booking_no", ColumnKind::Text, lang),
        col("service", ColumnKind::Text, lang),
        col("package", ColumnKind::Text, lang),
        col("resource", ColumnKind::Text, lang),
        col("customer", ColumnKind::Text, lang),
        col("status", ColumnKind::Text, lang),
        col("channel", ColumnKind::Text, lang),
        col("price", ColumnKind::Money, lang),
        col("dp_received", ColumnKind::Money, lang),
        col("deposit_held", ColumnKind::Money, lang),
        col("service_revenue", ColumnKind::Money, lang),
        col("refund_due", ColumnKind::Money, lang),
    ];
    let chart = Chart {
        kind: ChartKind::Doughnut,
        labels: vec![
            col("deposit_held", ColumnKind::Money, lang).label,
            col("service_revenue", ColumnKind::Money, lang).label,
            col("refund_due", ColumnKind::Money, lang).label,
        ],
        series: vec![Series {
            key: "amount".into(),
            label: col("amount", ColumnKind::Money, lang).label,
            values: vec![held_sum, revenue_sum, refund_sum],
        }],
    };
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        chart: Some(chart),
        columns,
        rows,
        default_sort: "day",
        default_desc: false,
        lazy: None,
    })
}
