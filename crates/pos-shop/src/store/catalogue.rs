//! `shop_products` as customers browse it: listings (a category, a search, filters and sorts, a
//! page at a time), one product with its photos, autocomplete, the sitemap, and the best-selling
//! counts. Stock is the fulfilling branch's balance from the ledger; what unpaid checkouts hold
//! is `held`.

use super::{Db, execute, query, query_one, query_opt};
use pos_server::ApiError;
use serde_json::Value;
use uuid::Uuid;

/// A product as a listing shows it.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: String,
    pub name: String,
    pub brand: String,
    pub model: String,
    /// The catalogue's price (before PPN when the store adds it on top).
    pub price: i64,
    pub on_hand: i64,
    pub held: i64,
    /// The first photo's thumbnail, by content hash.
    pub thumb: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    PriceAsc,
    PriceDesc,
    Name,
    Newest,
    BestSelling,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Relevance,
        Sort::BestSelling,
        Sort::Newest,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Name,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Name => "name",
            Sort::Newest => "newest",
            Sort::BestSelling => "best_selling",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Words a customer typed, made safe for a text-search query: each word's letters and digits,
/// matched as a prefix ("strat" finds "Stratocaster"), all words required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// `strat:* & fender:*`
    pub prefixes: String,
    /// The words in lower case, space-separated (stems are made from this).
    pub plain: String,
}

impl Words {
    /// The same words with each replaced by `fix` (a typo by the catalogue's spelling).
    pub fn map(&self, fix: impl Fn(&str) -> String) -> Words {
        let fixed: Vec<String> = self.plain.split(' ').map(&fix).collect();
        Words::parse(&fixed.join(" ")).unwrap_or_else(|| self.clone())
    }

    /// None when nothing searchable is left (punctuation only, or empty).
    pub fn parse(q: &str) -> Option<Words> {
        let words: Vec<String> = q
            .chars()
            .take(100)
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .take(8)
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return None;
        }
        Some(Words {
            prefixes: words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & "),
            plain: words.join(" "),
        })
    }
}

/// What a listing asks for.
#[derive(Debug, Clone)]
pub struct Filter {
    /// A category and those under it.
    pub categories: Option<Vec<String>>,
    pub brand: Option<String>,
    /// Catalogue prices, inclusive.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: bool,
    pub words: Option<Words>,
    pub featured_only: bool,
    pub sort: Sort,
    pub offset: i64,
    pub limit: i64,
    /// Count the matches (a listing's "N products"; autocomplete and the home page need not).
    pub count: bool,
    /// Some word is not in the catalogue's vocabulary: few products (or none) will match, so they
    /// are found through the word index, not by walking the best sellers until enough match.
    pub rare: bool,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            categories: None,
            brand: None,
            min_price: None,
            max_price: None,
            in_stock: false,
            words: None,
            featured_only: false,
            sort: Sort::Relevance,
            offset: 0,
            limit: 24,
            count: true,
            rare: false,
        }
    }
}

/// How far a listing counts its matches ("1 000+ products" past it): counting every match of a
/// broad word in a large catalogue costs more than the page itself.
pub const COUNT_CAP: i64 = 1_000;

/// One page of a listing and how many match (up to [`COUNT_CAP`]; `more` past it).
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub cards: Vec<Card>,
    pub total: i64,
    pub more: bool,
}

/// A statement's text and its parameters, built together so that each listing's shape is its own
/// prepared statement with a plan that fits it (no `$n IS NULL OR …` that defeats the indexes).
struct Built {
    sql: String,
    params: Vec<Box<dyn tokio_postgres::types::ToSql + Sync + Send>>,
}

impl Built {
    fn arg<T: tokio_postgres::types::ToSql + Sync + Send + 'static>(&mut self, v: T) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    fn refs(&self) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p.as_ref() as &(dyn tokio_postgres::types::ToSql + Sync))
            .collect()
    }
}

/// The `FROM … WHERE …` of a listing.
fn filtered(b: &mut Built, store: Uuid, branch: &str, safety: i64, f: &Filter) -> String {
    let mut w = vec![format!("p.store_id = {} AND p.active AND p.online", b.arg(store))];
    if let Some(c) = &f.categories {
        w.push(format!("p.category_id = ANY({})", b.arg(c.clone())));
    }
    if let Some(brand) = &f.brand {
        w.push(format!("p.brand = {}", b.arg(brand.clone())));
    }
    if let Some(min) = f.min_price {
        w.push(format!("p.price >= {}", b.arg(min)));
    }
    if let Some(max) = f.max_price {
        w.push(format!("p.price <= {}", b.arg(max)));
    }
    if f.in_stock {
        let (br, sf) = (b.arg(branch.to_string()), b.arg(safety));
        w.push(format!(
            "coalesce((SELECT sb.on_hand FROM stock_balances sb
                       WHERE sb.store_id = p.store_id AND sb.product_id = p.id AND sb.branch = {br}), 0) - p.held - {sf} > 0"
        ));
    }
    if f.featured_only {
        w.push("p.featured".into());
    }
    if let Some(words) = &f.words {
        let (pre, plain) = (b.arg(words.prefixes.clone()), b.arg(words.plain.clone()));
        w.push(format!(
            "(p.words @@ to_tsquery('simple', {pre}) OR p.stems @@ plainto_tsquery('indonesian', {plain}))"
        ));
    }
    format!("FROM shop_products p WHERE {}", w.join(" AND "))
}

fn order_by(f: &Filter) -> &'static str {
    match (f.sort, &f.words) {
        // Every word matched: the best sellers first (an order an index gives, so a common word
        // reads only the first page's rows).
        (Sort::Relevance, Some(_)) if f.rare => "ORDER BY p.sold + 0 DESC, p.id DESC",
        (Sort::Relevance, Some(_)) => "ORDER BY p.sold DESC, p.id DESC",
        (Sort::Relevance, None) => "ORDER BY p.featured DESC, p.sold DESC, p.id DESC",
        (Sort::PriceAsc, _) => "ORDER BY p.price, p.id",
        (Sort::PriceDesc, _) => "ORDER BY p.price DESC, p.id",
        (Sort::Name, _) => "ORDER BY p.name, p.id",
        (Sort::Newest, _) => "ORDER BY p.id DESC",
        (Sort::BestSelling, _) => "ORDER BY p.sold DESC, p.id DESC",
    }
}

/// A page of a listing. Words match as prefixes and Indonesian stems (a typo is corrected by the
/// caller against the catalogue's vocabulary, `store::words`).
pub async fn list(db: &impl Db, store: Uuid, branch: &str, safety: i64, f: &Filter) -> Result<Listing, ApiError> {
    let mut b = Built {
        sql: String::new(),
        params: vec![],
    };
    let from = filtered(&mut b, store, branch, safety, f);
    let order = order_by(f);
    let (limit, offset) = (b.arg(f.limit), b.arg(f.offset));
    b.sql = format!("SELECT p.id {from} {order} LIMIT {limit} OFFSET {offset}");
    let ids: Vec<String> = query(db, &b.sql, &b.refs()).await?.iter().map(|r| r.get(0)).collect();
    let mut counted = Built {
        sql: String::new(),
        params: vec![],
    };
    let from = filtered(&mut counted, store, branch, safety, f);
    let cap = counted.arg(COUNT_CAP + 1);
    counted.sql = format!("SELECT count(*) FROM (SELECT 1 {from} LIMIT {cap}) x");
    let n: i64 = if !f.count || (f.offset == 0 && (ids.len() as i64) < f.limit) {
        ids.len() as i64
    } else {
        query_one(db, &counted.sql, &counted.refs()).await?.get(0)
    };
    let mut found = by_ids(db, store, branch, &ids).await?;
    let cards = ids
        .iter()
        .filter_map(|id| {
            found
                .iter()
                .position(|s| &s.card.id == id)
                .map(|i| found.swap_remove(i).card)
        })
        .collect();
    Ok(Listing {
        cards,
        total: n.min(COUNT_CAP),
        more: n > COUNT_CAP,
    })
}

fn card(r: &tokio_postgres::Row) -> Card {
    Card {
        id: r.get(0),
        name: r.get(1),
        brand: r.get(2),
        model: r.get(3),
        price: r.get(4),
        on_hand: r.get(5),
        held: r.get(6),
        thumb: r.get(7),
    }
}

/// Brands among a listing's products, with how many each.
pub async fn brands(
    db: &impl Db,
    store: Uuid,
    categories: Option<&Vec<String>>,
) -> Result<Vec<(String, i64)>, ApiError> {
    let rows = query(
        db,
        "SELECT brand, count(*) FROM shop_products
         WHERE store_id = $1 AND active AND online AND brand <> '' AND ($2::text[] IS NULL OR category_id = ANY($2))
         GROUP BY brand ORDER BY brand LIMIT 60",
        &[&store, &categories],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// A photo of a product: its picture and thumbnail hashes and size.
#[derive(Debug, Clone)]
pub struct Photo {
    pub hash: String,
    pub thumb: String,
    pub width: i64,
    pub height: i64,
}

/// A product as its own page shows it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub card: Card,
    pub sku: String,
    pub category_id: String,
    pub weight_g: i64,
    pub photos: Vec<Photo>,
}

/// A product for sale, with its photos.
pub async fn product(db: &impl Db, store: Uuid, branch: &str, id: &str) -> Result<Option<Detail>, ApiError> {
    let row = query_opt(
        db,
        "SELECT p.id, p.name, p.brand, p.model, p.price, coalesce(b.on_hand, 0), p.held, NULL::text, 0::bigint,
                p.sku, p.category_id, p.weight_g,
                (SELECT e.state -> 'photos' FROM entities e
                 WHERE e.store_id = p.store_id AND e.kind = 'product_photos' AND e.id = p.id)
         FROM shop_products p
         LEFT JOIN stock_balances b ON b.store_id = p.store_id AND b.product_id = p.id AND b.branch = $2
         WHERE p.store_id = $1 AND p.id = $3 AND p.active AND p.online",
        &[&store, &branch, &id],
    )
    .await?;
    Ok(row.map(|r| {
        let photos: Option<Value> = r.get(12);
        let photos: Vec<Photo> = photos
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let s = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_str)
                        .filter(|h| pos_protocol::is_blob_hash(h))
                        .map(str::to_string)
                };
                Some(Photo {
                    hash: s("hash")?,
                    thumb: s("thumb")?,
                    width: p.get("width").and_then(Value::as_i64).unwrap_or(0),
                    height: p.get("height").and_then(Value::as_i64).unwrap_or(0),
                })
            })
            .collect();
        let mut card = card(&r);
        card.thumb = photos.first().map(|p| p.thumb.clone());
        Detail {
            card,
            sku: r.get(9),
            category_id: r.get(10),
            weight_g: r.get(11),
            photos,
        }
    }))
}

/// A cart's product: for sale or not (the caller decides what an inactive one means), and what a
/// parcel of it weighs and measures.
#[derive(Debug, Clone)]
pub struct Stocked {
    pub card: Card,
    pub active: bool,
    pub weight_g: i64,
    pub dims_mm: (i64, i64, i64),
}

/// Products by id (a cart's).
pub async fn by_ids(db: &impl Db, store: Uuid, branch: &str, ids: &[String]) -> Result<Vec<Stocked>, ApiError> {
    let rows = query(
        db,
        "SELECT p.id, p.name, p.brand, p.model, p.price, coalesce(b.on_hand, 0), p.held,
                (SELECT e.state #>> '{photos,0,thumb}' FROM entities e
                 WHERE e.store_id = p.store_id AND e.kind = 'product_photos' AND e.id = p.id),
                0::bigint, p.active AND p.online, p.weight_g, p.length_mm, p.width_mm, p.height_mm
         FROM shop_products p
         LEFT JOIN stock_balances b ON b.store_id = p.store_id AND b.product_id = p.id AND b.branch = $2
         WHERE p.store_id = $1 AND p.id = ANY($3)",
        &[&store, &branch, &ids],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Stocked {
            card: card(r),
            active: r.get(9),
            weight_g: r.get(10),
            dims_mm: (r.get(11), r.get(12), r.get(13)),
        })
        .collect())
}

/// Every product for sale (id, name) for the sitemap, at most `limit`.
pub async fn all_for_sitemap(db: &impl Db, store: Uuid, limit: i64) -> Result<Vec<(String, String)>, ApiError> {
    let rows = query(
        db,
        "SELECT id, name FROM shop_products WHERE store_id = $1 AND active AND online ORDER BY id LIMIT $2",
        &[&store, &limit],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Refreshes every product's units sold from the sale lines (best selling).
pub async fn refresh_sold(db: &impl Db) -> Result<u64, ApiError> {
    execute(
        db,
        "UPDATE shop_products p SET sold = s.q
         FROM (SELECT store_id, product_id, sum(quantity)::bigint AS q FROM sale_lines GROUP BY store_id, product_id) s
         WHERE p.store_id = s.store_id AND p.id = s.product_id AND p.sold <> s.q",
        &[],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_prefixes_and_nothing_else_reaches_the_query() {
        let w = Words::parse("  Fender STRAT!! ").unwrap();
        assert_eq!(w.prefixes, "fender:* & strat:*");
        assert_eq!(w.plain, "fender strat");
        let hostile = Words::parse("a' | b:* & !c <-> (d)").unwrap();
        assert_eq!(hostile.prefixes, "a:* & b:* & c:* & d:*");
        assert!(Words::parse("!!! ... ").is_none());
        assert!(Words::parse("").is_none());
        assert_eq!(Words::parse(&"x ".repeat(100)).unwrap().plain.split(' ').count(), 8);
    }
}
