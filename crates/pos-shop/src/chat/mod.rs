//! The live chat's customer side: the widget on every page (`widget`) and its socket
//! (`GET /chat/socket`), which this shop hands to `pos_chat` once it knows who is there: the
//! browser by its visitor cookie, and the account when signed in. Only a page of this shop may
//! open it (the Origin is checked: the cookie alone would let any site's page speak for the
//! visitor).

pub mod attach;
pub mod card;
pub mod widget;

use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use pos_chat::customer::{Account, Visitor};

pub async fn socket(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, ShopError> {
    let Some(hub) = state.chat.clone() else {
        return Err(ShopError::NotFound);
    };
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("");
    if origin.split("://").nth(1) != Some(site.host.as_str()) || site.visitor.new {
        return Err(ShopError::Forbidden);
    }
    let who = visitor_of(&site);
    Ok(ws
        .max_message_size(pos_chat::limits::MAX_FRAME_BYTES)
        .max_frame_size(pos_chat::limits::MAX_FRAME_BYTES)
        .read_buffer_size(pos_chat::limits::READ_BUFFER_BYTES)
        .write_buffer_size(0)
        .on_upgrade(move |socket| pos_chat::customer::serve(socket, hub, who)))
}

/// Who is on this page, as the chat knows them: the browser, and the account when signed in.
pub(crate) fn visitor_of(site: &Site) -> Visitor {
    Visitor {
        store: site.store,
        visitor_hash: site.visitor.hash(),
        account: site.customer.as_ref().map(|c| Account {
            id: c.id,
            name: c.name.clone(),
            email: c.email.clone(),
        }),
    }
}
