//! Browsing: the home page, categories, products, search with autocomplete, photos and the
//! sitemap. A listing (a category's or a search's) shares its filters, sorts and pager.

pub mod category;
pub mod home;
pub mod photos;
pub mod product;
pub mod search;
pub mod sitemap;
pub mod suggest;

use crate::html::parts;
use crate::site::Site;
use crate::store::catalogue::{Card, Filter, Sort, Words};
use crate::store::{carts, catalogue};
use crate::{ShopError, ShopState};
use maud::{Markup, html};
use serde::Deserialize;

pub const PER_PAGE: i64 = 24;

/// A listing's parameters as the address carries them; anything malformed is ignored, never an
/// error page (a customer edits addresses).
#[derive(Debug, Default, Deserialize)]
pub struct ListingQuery {
    pub q: Option<String>,
    pub brand: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub stock: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn rupiah_input(s: &Option<String>) -> Option<i64> {
    let digits: String = s.as_deref()?.chars().filter(char::is_ascii_digit).take(13).collect();
    digits.parse().ok()
}

impl ListingQuery {
    pub fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .clamp(1, 10_000)
    }

    pub fn sort(&self, searching: bool) -> Sort {
        match self.sort.as_deref().and_then(Sort::parse) {
            Some(Sort::Relevance) | None if !searching => Sort::BestSelling,
            Some(s) => s,
            None => Sort::Relevance,
        }
    }

    /// The filter for the store: prices the customer typed (PPN included) become catalogue prices.
    pub fn filter(&self, site: &Site, categories: Option<Vec<String>>) -> Filter {
        let words = self.q.as_deref().and_then(Words::parse);
        let net = |gross: i64| match site.settings.tax_mode {
            pos_domain::tax::TaxMode::Exclusive => {
                gross * 10_000 / (10_000 + i64::from(site.settings.tax_rate.basis_points()))
            }
            _ => gross,
        };
        Filter {
            categories,
            brand: self.brand.clone().filter(|b| !b.is_empty() && b.len() <= 200),
            min_price: rupiah_input(&self.min).map(net),
            max_price: rupiah_input(&self.max).map(net),
            in_stock: self.stock.as_deref() == Some("1"),
            sort: self.sort(words.is_some()),
            words,
            featured_only: false,
            offset: (self.page() - 1) * PER_PAGE,
            limit: PER_PAGE,
            count: true,
            rare: false,
        }
    }

    /// The parameters to keep in the pager's links.
    fn params(&self) -> Vec<(&'static str, String)> {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            ("q", s(&self.q)),
            ("brand", s(&self.brand)),
            ("min", s(&self.min)),
            ("max", s(&self.max)),
            ("stock", s(&self.stock)),
            ("sort", s(&self.sort)),
        ]
    }
}

/// The store's categories (cached for the shop's time to live).
pub async fn categories_of(state: &ShopState, store: uuid::Uuid) -> Result<crate::store::categories::Tree, ShopError> {
    let key = store.to_string();
    if let Some(t) = state.caches.categories.get(&key) {
        return Ok(t);
    }
    let db = state.app.pool.get().await?;
    let t = crate::store::categories::all(&db, store).await?;
    state.caches.categories.put(key, t.clone());
    Ok(t)
}

/// A listing's page. A word the catalogue's vocabulary does not have (no word of it starts so, no
/// digit in it) is a typo far more often than a product: it is corrected to the catalogue's
/// spelling first, and asked as typed only when the correction finds nothing. The page and the
/// corrected words, if they were used.
pub async fn find(
    state: &ShopState,
    site: &Site,
    filter: &mut Filter,
) -> Result<(catalogue::Listing, Option<String>), ShopError> {
    let typed = filter.words.clone();
    let fixed = match &typed {
        Some(words) => {
            let vocabulary = vocabulary(state, site.store).await?;
            let fixed = words.map(|w| crate::store::words::correct(w, &vocabulary));
            (&fixed != words).then_some(fixed)
        }
        None => None,
    };
    if let Some(fixed) = fixed {
        filter.words = Some(fixed.clone());
        let found = counted(state, site, filter).await?;
        if !found.cards.is_empty() || filter.offset > 0 {
            return Ok((found, Some(fixed.plain)));
        }
        // Nothing for the correction: the words as typed, few or no products (the word index).
        filter.words = typed;
        filter.rare = true;
    }
    Ok((counted(state, site, filter).await?, None))
}

/// A page of the listing, its count taken from the cache when this filter was counted lately.
async fn counted(state: &ShopState, site: &Site, filter: &Filter) -> Result<catalogue::Listing, ShopError> {
    let key = format!(
        "{}:{}:{}:{:?}:{:?}:{:?}:{:?}:{}:{}:{:?}",
        site.store,
        site.settings.branch,
        site.settings.safety_stock,
        filter.categories,
        filter.brand,
        filter.min_price,
        filter.max_price,
        filter.in_stock,
        filter.featured_only,
        filter.words.as_ref().map(|w| &w.plain)
    );
    let known = if filter.count {
        state.caches.counts.get(&key)
    } else {
        None
    };
    let mut f = filter.clone();
    f.count = filter.count && known.is_none();
    let db = state.app.pool.get().await?;
    let mut found = catalogue::list(&db, site.store, &site.settings.branch, site.settings.safety_stock, &f).await?;
    match known {
        Some((total, more)) => (found.total, found.more) = (total, more),
        None if filter.count => state.caches.counts.put(key, (found.total, found.more)),
        None => {}
    }
    Ok(found)
}

/// The store's vocabulary (cached ten minutes; built on the first typo of a store that has none).
async fn vocabulary(state: &ShopState, store: uuid::Uuid) -> Result<std::sync::Arc<Vec<String>>, ShopError> {
    let key = store.to_string();
    if let Some(v) = state.caches.words.get(&key) {
        return Ok(v);
    }
    let db = state.app.pool.get().await?;
    let mut v = crate::store::words::vocabulary(&db, store).await?;
    if v.is_empty() {
        crate::store::words::rebuild(&db, store).await?;
        v = crate::store::words::vocabulary(&db, store).await?;
    }
    let v = std::sync::Arc::new(v);
    state.caches.words.put(key, v.clone());
    Ok(v)
}

/// The units in the visitor's cart (every page's header shows them).
pub async fn cart_count(state: &ShopState, site: &Site) -> Result<i64, ShopError> {
    if site.visitor.new {
        return Ok(0);
    }
    let db = state.app.pool.get().await?;
    Ok(carts::count(&db, site.store, &site.visitor.hash()).await?)
}

/// A listing: filters on the side, cards, the pager.
pub async fn listing(
    state: &ShopState,
    site: &Site,
    base: &str,
    q: &ListingQuery,
    categories: Option<Vec<String>>,
) -> Result<(Vec<Card>, i64, Markup), ShopError> {
    let mut filter = q.filter(site, categories);
    let (found, corrected) = find(state, site, &mut filter).await?;
    let db = state.app.pool.get().await?;
    let (cards, total, more) = (found.cards, found.total, found.more);
    let brand_key = format!("{}:{:?}", site.store, filter.categories);
    let brands = match state.caches.brands.get(&brand_key) {
        Some(b) => b,
        None => {
            let b = catalogue::brands(&db, site.store, filter.categories.as_ref()).await?;
            state.caches.brands.put(brand_key, b.clone());
            b
        }
    };
    let t = |en, id| site.t(en, id);
    let searching = filter.words.is_some();
    let sort_name = |s: Sort| match s {
        Sort::Relevance => t("Best match", "Paling cocok"),
        Sort::BestSelling => t("Best selling", "Terlaris"),
        Sort::Newest => t("Newest", "Terbaru"),
        Sort::PriceAsc => t("Price: low to high", "Harga: termurah"),
        Sort::PriceDesc => t("Price: high to low", "Harga: termahal"),
        Sort::Name => t("Name", "Nama"),
    };
    let markup = html! {
        div.listing {
            @let narrowed = filter.brand.is_some() || filter.min_price.is_some() || filter.max_price.is_some() || filter.in_stock;
            details.filter-box open[narrowed] {
                summary { (t("Filter and sort", "Filter dan urutkan")) }
                form.filters method="get" action=(base) {
                    @if let Some(q) = &q.q { input type="hidden" name="q" value=(q); }
                    fieldset {
                        legend { (t("Sort", "Urutkan")) }
                        label.visually-hidden for="sort" { (t("Sort", "Urutkan")) }
                        select #sort name="sort" data-autosubmit {
                            @for s in Sort::ALL {
                                @if s != Sort::Relevance || searching {
                                    option value=(s.code()) selected[s == filter.sort] { (sort_name(s)) }
                                }
                            }
                        }
                    }
                    @if !brands.is_empty() {
                        fieldset {
                            legend { (t("Brand", "Merek")) }
                            label.visually-hidden for="brand" { (t("Brand", "Merek")) }
                            select #brand name="brand" data-autosubmit {
                                option value="" { (t("All brands", "Semua merek")) }
                                @for (b, n) in &brands {
                                    option value=(b) selected[filter.brand.as_deref() == Some(b.as_str())] { (b) " (" (n) ")" }
                                }
                            }
                        }
                    }
                    fieldset {
                        legend { (t("Price (Rp)", "Harga (Rp)")) }
                        label for="min" { (t("From", "Dari")) }
                        input #min type="number" name="min" min="0" step="1000" inputmode="numeric" value=[q.min.as_deref()];
                        label for="max" { (t("To", "Sampai")) }
                        input #max type="number" name="max" min="0" step="1000" inputmode="numeric" value=[q.max.as_deref()];
                    }
                    fieldset {
                        legend { (t("Availability", "Ketersediaan")) }
                        label { input type="checkbox" name="stock" value="1" checked[filter.in_stock]; " " (t("In stock only", "Hanya yang tersedia")) }
                    }
                    button.primary type="submit" { (t("Apply", "Terapkan")) }
                }
            }
            section aria-live="polite" {
                @if let Some(c) = &corrected {
                    p.notice role="status" { (site.lang.pick(&format!("Showing results for “{c}”"), &format!("Menampilkan hasil untuk “{c}”"))) }
                }
                @let shown = if more { format!("{total}+") } else { total.to_string() };
                p.count-line { (site.lang.pick(&format!("{shown} products"), &format!("{shown} produk"))) }
                @if cards.is_empty() {
                    p.notice { (t("Nothing matches. Try fewer words or another spelling, or ask us in the chat.",
                                  "Tidak ada yang cocok. Coba kata yang lebih sedikit atau ejaan lain, atau tanya kami di chat.")) }
                }
                (parts::cards(site, &cards))
                (parts::pager(site, base, &q.params(), q.page(), total, PER_PAGE))
            }
        }
    };
    Ok((cards, total, markup))
}
