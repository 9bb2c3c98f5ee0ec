//! `GET /sitemap.xml` (every category and product for sale, up to the format's 50 000 addresses)
//! and `GET /robots.txt`.

use crate::html::{category_url, product_url};
use crate::site::Site;
use crate::store::{catalogue, categories};
use crate::{ShopError, ShopState};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

fn origin(state: &ShopState, site: &Site) -> String {
    state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", site.host))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub async fn sitemap(State(state): State<ShopState>, site: Site) -> Result<Response, ShopError> {
    let db = state.app.pool.get().await?;
    let tree = categories::all(&db, site.store).await?;
    let room = 50_000 - 1 - tree.all().len() as i64;
    let products = catalogue::all_for_sitemap(&db, site.store, room.max(0)).await?;
    let base = origin(&state, &site);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: String| {
        out.push_str("<url><loc>");
        out.push_str(&xml_escape(&format!("{base}{path}")));
        out.push_str("</loc></url>\n");
    };
    add("/".into());
    for c in tree.all() {
        add(category_url(&c.id, &c.name));
    }
    for (id, name) in &products {
        add(product_url(id, name));
    }
    out.push_str("</urlset>\n");
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        )],
        out,
    )
        .into_response())
}

pub async fn robots(State(state): State<ShopState>, site: Site) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /cart\nDisallow: /checkout\nDisallow: /order/\nDisallow: /search\nDisallow: /v1/\nSitemap: {}/sitemap.xml\n",
        origin(&state, &site)
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}
