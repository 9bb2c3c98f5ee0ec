//! The owner's reports against figures computed here, independently, from what the till returned:
//! random sales (with line and receipt discounts, two cashiers) and returns at random instants
//! across WIB midnights, on a real SQLite file. Every breakdown must add up to the same totals,
//! each WIB day must hold exactly its own sales, returns and discounts must count once, the
//! incremental report rows must equal a rebuild from the facts, and the exports must carry the
//! same totals as the screen.

#[path = "../support/mod.rs"]
mod support;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::returns::{ReturnLineInput, ReturnRequest};
use pos_core::counter::settings::CounterSettings;
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::reports::*;
use pos_core::setup::ProfileInput;
use pos_core::staff::NewUserRequest;
use pos_core::store_types::{Product, Sale, TenderKind};
use pos_core::{Core, Role};
use pos_domain::pricing::Discount;
use pos_domain::{Clock, FixedClock};
use pos_print::{PaperWidth, PrinterConfig, Transport};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

struct Store {
    core: Core,
    clock: Arc<FixedClock>,
    /// Signed in again when the clock has moved past a session's life.
    tokens: std::cell::RefCell<(String, String, i64)>,
    products: Vec<Product>,
    _dir: tempfile::TempDir,
}

fn sign_in(core: &Core, email: &str, password: &str) -> String {
    core.sign_in(pos_core::auth::SignInRequest {
        email: email.into(),
        password: password.into(),
    })
    .unwrap()
    .token
}

impl Store {
    fn fresh(&self) -> std::cell::RefMut<'_, (String, String, i64)> {
        let mut t = self.tokens.borrow_mut();
        let now = self.clock.now_ms();
        if now - t.2 > 10 * 3_600_000 {
            *t = (
                sign_in(&self.core, "owner@hurtrock.test", "owner-pass-1"),
                sign_in(&self.core, "kasir@hurtrock.test", "kasir-pass-1"),
                now,
            );
        } else {
            // Hours pass between trades: a session nobody used locks itself; they come back.
            for (token, pw) in [(&t.0, "owner-pass-1"), (&t.1, "kasir-pass-1")] {
                if self.core.whoami(Some(token)).is_ok_and(|s| s.locked) {
                    let unlock = pos_core::auth::UnlockRequest { secret: pw.into() };
                    self.core.unlock(Some(token), unlock).unwrap();
                }
            }
        }
        t
    }

    fn owner(&self) -> String {
        self.fresh().0.clone()
    }

    fn cashier(&self) -> String {
        self.fresh().1.clone()
    }
}

/// 16:30 UTC on 30 April = 23:30 WIB: the first sales straddle midnight and a month end.
fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 30, 16, 30, 0).unwrap()
}

fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(start()));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock.clone()).unwrap();
    let mut profile = ProfileInput::hurtrock();
    profile.vat_registered = true;
    profile.npwp = "01.234.567.8-901.234".into();
    let owner = support::set_up(&core, profile, Some("258046"));
    let t = Some(owner.as_str());
    core.create_user(
        t,
        NewUserRequest {
            email: "kasir@hurtrock.test".into(),
            name: "Rina".into(),
            role: Some(Role::Cashier),
            password: "kasir-pass-1".into(),
            pin: Some("135792".into()),
        },
    )
    .unwrap();
    let cats: Vec<String> = ["Guitars", "Strings", "Effects"]
        .iter()
        .map(|n| {
            core.create_category(
                t,
                CategoryInput {
                    name: n.to_string(),
                    parent_id: None,
                },
            )
            .unwrap()
            .id
        })
        .collect();
    let specs = [
        ("GTR-1", "ESP LTD EC-1000", 17_800_000, 0),
        ("GTR-2", "Ibanez RG550", 14_250_000, 0),
        ("STR-1", "Ernie Ball Regular Slinky", 95_000, 1),
        ("STR-2", "D'Addario EXL110", 89_999, 1),
        ("FX-1", "Boss DS-1", 1_150_000, 2),
        ("FX-2", "MXR Phase 90", 1_875_500, 2),
    ];
    let products = specs
        .iter()
        .map(|(sku, name, price, cat)| {
            core.create_product(
                t,
                NewProduct {
                    fields: ProductInput {
                        sku: sku.to_string(),
                        name: name.to_string(),
                        category_id: cats[*cat].clone(),
                        price: *price,
                        cost: price * 63 / 100,
                        active: true,
                        ..Default::default()
                    },
                    opening_stock: 500,
                },
            )
            .unwrap()
        })
        .collect();
    core.update_counter_settings(
        t,
        CounterSettings {
            terminal: "T1".into(),
            printer: PrinterConfig {
                transport: Transport::File {
                    path: dir.path().join("receipts.bin").to_string_lossy().into(),
                },
                paper: PaperWidth::Mm80,
                drawer: false,
            },
            discount_limit_bp: 1000,
            returns_need_supervisor: false,
            receipt_footer: String::new(),
        },
    )
    .unwrap();
    let cashier = sign_in(&core, "kasir@hurtrock.test", "kasir-pass-1");
    core.open_shift(
        Some(&cashier),
        OpenShift {
            opening_float: 1_000_000,
        },
    )
    .unwrap();
    let now = clock.now_ms();
    Store {
        core,
        clock,
        tokens: std::cell::RefCell::new((owner, cashier, now)),
        products,
        _dir: dir,
    }
}

/// One operation of a generated trading history.
#[derive(Debug, Clone)]
enum Op {
    Sale {
        lines: Vec<(usize, i64, Option<u32>)>,
        sale_discount_bp: Option<u32>,
        by_owner: bool,
        card: bool,
    },
    /// Return `quantity` of line `line` of the `sale`-th sale so far (modulo), if any is left.
    Return { sale: usize, line: usize, quantity: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (
            proptest::collection::vec((0usize..6, 1i64..4, proptest::option::of(1u32..1000)), 1..5),
            proptest::option::of(1u32..900),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(lines, sale_discount_bp, by_owner, card)| Op::Sale { lines, sale_discount_bp, by_owner, card }),
        1 => (0usize..1000, 0usize..5, 1i64..3).prop_map(|(sale, line, quantity)| Op::Return { sale, line, quantity }),
    ]
}

/// What the reports must say for one WIB day, summed here from the till's own answers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Expected {
    transactions: i64,
    quantity: i64,
    gross: i64,
    discount: i64,
    returns: i64,
    revenue: i64,
    tax: i64,
    cost: i64,
}

/// The WIB calendar day of an instant, computed without the code under test: UTC + 7 hours.
fn wib_day(at_ms: i64) -> NaiveDate {
    Utc.timestamp_millis_opt(at_ms + 7 * 3_600_000).unwrap().date_naive()
}

struct History {
    days: BTreeMap<NaiveDate, Expected>,
    sales: Vec<Sale>,
    tendered: i64,
}

fn trade(s: &Store, ops: &[Op], gaps: &[i64]) -> History {
    let mut h = History {
        days: BTreeMap::new(),
        sales: Vec::new(),
        tendered: 0,
    };
    let mut returned: BTreeMap<String, i64> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        s.clock.advance(Duration::minutes(gaps[i % gaps.len()]));
        match op {
            Op::Sale {
                lines,
                sale_discount_bp,
                by_owner,
                card,
            } => {
                let token = &if *by_owner { s.owner() } else { s.cashier() };
                let req = CheckoutRequest {
                    client_ref: pos_domain::new_id(),
                    lines: lines
                        .iter()
                        .map(|(p, q, d)| CartLine {
                            product_id: s.products[*p].id.clone(),
                            quantity: *q,
                            unit_price: None,
                            discount: d.map(|bp| Discount::Percent(bp as i64)),
                        })
                        .collect(),
                    sale_discount: sale_discount_bp.map(|bp| Discount::Percent(bp as i64)),
                    customer_id: None,
                    tenders: vec![TenderInput {
                        kind: Some(TenderKind::Cash),
                        amount: 2_000_000_000,
                        reference: String::new(),
                    }],
                    approval_id: None,
                };
                let mut req = req;
                if *card {
                    // Priced first, so the card pays the exact total.
                    let total = s.core.checkout(Some(token), req.clone()).unwrap().sale.total.rupiah();
                    h.tendered += total;
                    let sale = s.core.with_db(|c| {
                        let id: String = c
                            .query_row("SELECT id FROM sales ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0))
                            .unwrap();
                        pos_store::sales::get(c, &id).unwrap().unwrap()
                    });
                    record_sale(&mut h, sale);
                    req.client_ref = pos_domain::new_id();
                    req.tenders = vec![TenderInput {
                        kind: Some(TenderKind::Card),
                        amount: total,
                        reference: "EDC-1".into(),
                    }];
                }
                let sale = s.core.checkout(Some(token), req).unwrap().sale;
                h.tendered += sale.total.rupiah();
                record_sale(&mut h, sale);
            }
            Op::Return { sale, line, quantity } => {
                if h.sales.is_empty() {
                    continue;
                }
                let sale = h.sales[sale % h.sales.len()].clone();
                let l = &sale.lines[line % sale.lines.len()];
                let left = l.quantity - returned.get(&l.id).copied().unwrap_or(0);
                let q = (*quantity).min(left);
                if q <= 0 {
                    continue;
                }
                let r = s
                    .core
                    .create_return(
                        Some(&s.cashier()),
                        ReturnRequest {
                            sale_id: sale.id.clone(),
                            lines: vec![ReturnLineInput {
                                sale_line_id: l.id.clone(),
                                quantity: q,
                            }],
                            // Refunded the way it was paid: a card sale's refund does not come
                            // out of a drawer that only card sales filled.
                            refund: Some(sale.tenders.first().map_or(TenderKind::Cash, |t| t.kind)),
                            reference: if sale.tenders.first().is_some_and(|t| t.kind == TenderKind::Card) {
                                "EDC-REFUND".into()
                            } else {
                                String::new()
                            },
                            reason: if q > 1 { "salah ukuran" } else { "cacat" }.into(),
                            approval_id: None,
                        },
                    )
                    .unwrap()
                    .ret;
                *returned.entry(l.id.clone()).or_default() += q;
                h.tendered -= r.total.rupiah();
                let e = h.days.entry(wib_day(r.at)).or_default();
                e.quantity -= q;
                e.returns += r.total.rupiah();
                e.revenue -= r.dpp.rupiah();
                e.tax -= r.ppn.rupiah();
                e.cost -= l.unit_cost.rupiah() * q;
            }
        }
    }
    h
}

fn record_sale(h: &mut History, sale: Sale) {
    let e = h.days.entry(wib_day(sale.at)).or_default();
    e.transactions += 1;
    for l in &sale.lines {
        e.quantity += l.quantity;
        e.gross += l.list_price.rupiah() * l.quantity;
        e.discount += l.list_price.rupiah() * l.quantity - l.net.rupiah();
        e.cost += l.unit_cost.rupiah() * l.quantity;
    }
    e.revenue += sale.dpp.rupiah();
    e.tax += sale.ppn.rupiah();
    h.sales.push(sale);
}

fn request(kind: ReportKind, from: NaiveDate, to: NaiveDate) -> ReportRequest {
    ReportRequest {
        kind,
        from: from.to_string(),
        to: to.to_string(),
        page_size: Some(500),
        lang: Some(pos_core::Lang::En),
        ..Default::default()
    }
}

fn column(r: &Report, key: &str) -> usize {
    r.columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("{key} in {:?}", r.kind))
}

fn total(r: &Report, key: &str) -> i64 {
    r.totals.as_ref().unwrap()[column(r, key)].num()
}

fn rows_sum(r: &Report, key: &str) -> i64 {
    let i = column(r, key);
    r.rows.iter().map(|row| row[i].num()).sum()
}

fn check(s: &Store, h: &History) -> Result<(), TestCaseError> {
    let owner = s.owner();
    let t = Some(owner.as_str());
    let from = *h.days.keys().next().unwrap();
    let to = *h.days.keys().last().unwrap();
    let all: Expected = h.days.values().fold(Expected::default(), |mut a, e| {
        a.transactions += e.transactions;
        a.quantity += e.quantity;
        a.gross += e.gross;
        a.discount += e.discount;
        a.returns += e.returns;
        a.revenue += e.revenue;
        a.tax += e.tax;
        a.cost += e.cost;
        a
    });
    // Each WIB day holds exactly its own figures.
    let by_day = s.core.report(t, request(ReportKind::Sales, from, to)).unwrap();
    let period = column(&by_day, "period");
    for row in &by_day.rows {
        let day: NaiveDate = row[period].text().parse().unwrap();
        let e = h.days.get(&day).copied().unwrap_or_default();
        let got = |k: &str| row[column(&by_day, k)].num();
        prop_assert_eq!(
            (
                got("transactions"),
                got("quantity"),
                got("gross"),
                got("discount"),
                got("returns")
            ),
            (e.transactions, e.quantity, e.gross, e.discount, e.returns),
            "day {}",
            day
        );
        prop_assert_eq!(
            (got("revenue"), got("tax"), got("cost")),
            (e.revenue, e.tax, e.cost),
            "day {}",
            day
        );
        prop_assert_eq!(got("margin"), e.revenue - e.cost);
        // Prices include PPN here: net sales with tax are gross − discounts − returns, each once.
        prop_assert_eq!(
            got("revenue") + got("tax"),
            got("gross") - got("discount") - got("returns")
        );
    }
    prop_assert_eq!(
        by_day.total_rows as i64,
        (to - from).num_days() + 1,
        "every day has a row"
    );
    // Every breakdown's rows add up to its totals, and every breakdown has the same totals.
    for kind in [
        ReportKind::Sales,
        ReportKind::Categories,
        ReportKind::Products,
        ReportKind::Cashiers,
        ReportKind::Branches,
        ReportKind::Terminals,
    ] {
        let r = s.core.report(t, request(kind, from, to)).unwrap();
        for key in [
            "quantity",
            "transactions",
            "gross",
            "discount",
            "returns",
            "revenue",
            "tax",
            "cost",
            "margin",
        ] {
            prop_assert_eq!(rows_sum(&r, key), total(&r, key), "{:?} {}", kind, key);
        }
        prop_assert_eq!(
            (
                total(&r, "transactions"),
                total(&r, "quantity"),
                total(&r, "gross"),
                total(&r, "discount")
            ),
            (all.transactions, all.quantity, all.gross, all.discount),
            "{:?}",
            kind
        );
        prop_assert_eq!(
            (
                total(&r, "returns"),
                total(&r, "revenue"),
                total(&r, "tax"),
                total(&r, "cost")
            ),
            (all.returns, all.revenue, all.tax, all.cost),
            "{:?}",
            kind
        );
    }
    // Within each category (read from the lines, not the hourly sums), and the categories
    // together make the whole.
    let mut by_category = (0, 0, 0);
    for cat in s.core.list_categories(t).unwrap() {
        let mut req = request(ReportKind::Sales, from, to);
        req.category_id = Some(cat.id.clone());
        let r = s.core.report(t, req).unwrap();
        by_category.0 += total(&r, "revenue");
        by_category.1 += total(&r, "returns");
        by_category.2 += total(&r, "discount");
    }
    prop_assert_eq!(by_category, (all.revenue, all.returns, all.discount));
    // Tenders: what came in less what went back.
    let tenders = s.core.report(t, request(ReportKind::Tenders, from, to)).unwrap();
    prop_assert_eq!(total(&tenders, "amount"), h.tendered);
    prop_assert_eq!(total(&tenders, "returns"), all.returns);
    // Tax: DPP and PPN of sales less those of returns.
    let tax = s.core.report(t, request(ReportKind::Tax, from, to)).unwrap();
    prop_assert_eq!((total(&tax, "dpp"), total(&tax, "ppn")), (all.revenue, all.tax));
    prop_assert_eq!(total(&tax, "total"), all.gross - all.discount - all.returns);
    // A range of more than two months is read through the product index rather than day by day:
    // widened to before the first sale, the product breakdowns and slow movers read the same.
    let wide = from - chrono::Duration::days(90);
    for kind in [ReportKind::Categories, ReportKind::Products, ReportKind::SlowMovers] {
        let (narrow, wide) = (
            s.core.report(t, request(kind, from, to)).unwrap(),
            s.core.report(t, request(kind, wide, to)).unwrap(),
        );
        // Rows that tie on the sort key may come in either order.
        let sorted = |r: &Report| {
            let mut rows: Vec<String> = r.rows.iter().map(|row| format!("{row:?}")).collect();
            rows.sort();
            rows
        };
        prop_assert_eq!(sorted(&narrow), sorted(&wide), "{:?}", kind);
        prop_assert_eq!(
            format!("{:?}", narrow.totals),
            format!("{:?}", wide.totals),
            "{:?}",
            kind
        );
    }
    // Returns and discounts listed once each.
    let returns = s.core.report(t, request(ReportKind::Returns, from, to)).unwrap();
    prop_assert_eq!(total(&returns, "amount"), all.returns);
    let discounts = s.core.report(t, request(ReportKind::Discounts, from, to)).unwrap();
    prop_assert_eq!(total(&discounts, "discount"), all.discount);
    // Weeks and months regroup the same days.
    for g in [Granularity::Week, Granularity::Month] {
        let mut req = request(ReportKind::Sales, from, to);
        req.granularity = Some(g);
        let r = s.core.report(t, req).unwrap();
        prop_assert_eq!(rows_sum(&r, "revenue"), all.revenue);
        prop_assert_eq!(rows_sum(&r, "transactions"), all.transactions);
    }
    // The dashboard's today is the last day traded.
    let dash = s.core.dashboard(t, DashboardRequest::default()).unwrap();
    let today: NaiveDate = dash.today.parse().unwrap();
    let e = h.days.get(&today).copied().unwrap_or_default();
    prop_assert_eq!(
        (dash.day.revenue, dash.day.transactions, dash.day.returns),
        (e.revenue, e.transactions, e.returns)
    );
    let month: i64 = h
        .days
        .iter()
        .filter(|(d, _)| d.format("%Y-%m").to_string() == today.format("%Y-%m").to_string())
        .map(|(_, e)| e.revenue)
        .sum();
    prop_assert_eq!(dash.month.revenue, month);
    prop_assert_eq!(dash.hours_today.iter().sum::<i64>(), e.revenue);
    prop_assert_eq!(dash.days_month.iter().sum::<i64>(), month);
    // The rows kept as the facts were written equal the rows rebuilt from the facts.
    let before: Vec<Vec<Cell>> = s.core.report(t, request(ReportKind::Products, from, to)).unwrap().rows;
    s.core.with_db(|c| pos_store::reporting::rebuild(c).unwrap());
    let after = s.core.report(t, request(ReportKind::Products, from, to)).unwrap().rows;
    prop_assert_eq!(before, after);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn every_breakdown_adds_up_to_the_independent_totals(
        ops in proptest::collection::vec(op(), 5..40),
        gaps in proptest::collection::vec(1i64..400, 1..20),
    ) {
        let s = store();
        let h = trade(&s, &ops, &gaps);
        if !h.days.is_empty() {
            check(&s, &h)?;
        }
    }
}

mod days;
mod exports;
use days::{at, sell};
