//! A request run: the report built, sorted, paged, and the permission it needs.

use super::*;

pub(super) fn build(c: &Connection, req: &ReportRequest, sc: &Scope) -> Result<Table> {
    let category = req.category_id.as_deref().filter(|s| !s.is_empty());
    let g = req.granularity.unwrap_or_default();
    match req.kind {
        ReportKind::Sales => sales_by_period(c, sc, g, category),
        ReportKind::Categories => sales_by_category(c, sc, category),
        ReportKind::Products => sales_by_product(c, sc, category),
        ReportKind::Cashiers => sales_by_cashier(c, sc, category),
        ReportKind::Tenders => tenders(c, sc),
        ReportKind::Branches => sales_by_branch(c, sc, category),
        ReportKind::Terminals => sales_by_terminal(c, sc, category),
        ReportKind::StockValue => stock_value(c, sc, category),
        ReportKind::Movements => movements(c, sc, req.product_id.as_deref()),
        ReportKind::SlowMovers => slow_movers(c, sc, category),
        ReportKind::Tax => tax(
            c,
            sc,
            if req.granularity.is_none() {
                Granularity::Month
            } else {
                g
            },
        ),
        ReportKind::Returns => returns(c, sc),
        ReportKind::Discounts => discounts(c, sc),
        ReportKind::Bookings => bookings(c, sc),
        ReportKind::Audit => audit(
            c,
            sc,
            req.user_id.as_deref().filter(|s| !s.is_empty()),
            req.action.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        ),
    }
}

/// Sorts rows on one column, stably: numbers as numbers, text without regard to case (each
/// row's key lowered once, not once per comparison).
pub(super) fn sort_rows(rows: &mut [Vec<Cell>], i: usize, desc: bool) {
    let numeric = rows.iter().all(|r| matches!(r[i], Cell::Num(_)));
    if numeric {
        rows.sort_by(|a, b| {
            let o = a[i].num().cmp(&b[i].num());
            if desc { o.reverse() } else { o }
        });
    } else if desc {
        rows.sort_by_cached_key(|r| std::cmp::Reverse(r[i].text().to_lowercase()));
    } else {
        rows.sort_by_cached_key(|r| r[i].text().to_lowercase());
    }
}

/// Builds the whole report and sorts it; `page` None keeps every row (exports).
pub(super) fn run(c: &Connection, req: &ReportRequest, page: Option<(u32, u32)>) -> Result<Report> {
    let sc = scope(&req.from, &req.to, &req.branch, req.lang)?;
    let t = build(c, req, &sc)?;
    let sort_key = req
        .sort
        .as_deref()
        .filter(|k| t.columns.iter().any(|c| c.key == *k))
        .unwrap_or(t.default_sort)
        .to_string();
    let desc = req
        .desc
        .unwrap_or(if req.sort.is_some() { false } else { t.default_desc });
    let mut rows = t.rows;
    let sort_at = t.columns.iter().position(|c| c.key == sort_key);
    // Sorting by SKU or name, or taking every row (an export), needs every product's label.
    let mut lazy = t.lazy;
    if let Some(l) = lazy
        && (page.is_none() || sort_at.is_some_and(|i| i == l.0 || i == l.1))
    {
        resolve_products(c, l, &mut rows)?;
        lazy = None;
    }
    if let Some(i) = sort_at
        && !(req.kind == ReportKind::Movements)
    {
        sort_rows(&mut rows, i, desc);
    }
    let total_rows = rows.len() as u32;
    let (page_no, size) = page.unwrap_or((0, total_rows.max(1)));
    let mut rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .skip(page_no as usize * size as usize)
        .take(size as usize)
        .collect();
    if let Some(l) = lazy {
        resolve_products(c, l, &mut rows)?;
    }
    if req.kind == ReportKind::SlowMovers {
        fill_last_sold(c, &sc.branch, &mut rows)?;
    }
    Ok(Report {
        kind: req.kind,
        title: req.kind.title(sc.lang).into(),
        from: sc.from.to_string(),
        to: sc.to.to_string(),
        columns: t.columns,
        rows,
        total_rows,
        page: page_no,
        page_size: size,
        sort: sort_key,
        desc,
        totals: t.totals,
        chart: t.chart,
        branches: branches(c)?,
    })
}

pub(super) fn permission_for(kind: ReportKind) -> Permission {
    if kind == ReportKind::Audit {
        Permission::ViewAudit
    } else {
        Permission::ViewReports
    }
}
