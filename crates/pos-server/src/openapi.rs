//! The API's document, made from the handlers themselves: each handler's `#[utoipa::path]` names
//! its route, body, answers and the constraints its checks apply (on the `pos-protocol` types), and
//! [`crate::router`] registers the routes through the same attributes, so a route cannot be served
//! without being documented. `tests/api/openapi.rs` holds the document to the live server: every
//! constraint in it, broken, is refused with a status the document lists.

use pos_protocol::ErrorBody;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoResponses, Modify, OpenApi};

pub const OWNER: &str = "ownerSession";
pub const DEVICE: &str = "deviceToken";
pub const SHOP: &str = "shopKey";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hurtrock sync server",
        description = "Sync for Hurtrock POS terminals, the owner's account and devices, and the online shop's orders. \
                       Every error answers {code, message}; clients match on `code`. Request bodies may be gzip-encoded.",
        license(name = "Proprietary")
    ),
    modifiers(&Schemes),
    tags(
        (name = "health", description = "Load balancer probes"),
        (name = "owner", description = "The owner's server account, branches, enrolment codes and devices"),
        (name = "sync", description = "Terminals: enrolment, push, pull, their own records, app updates"),
        (name = "shop", description = "The online shop's keys and orders"),
    )
)]
pub struct ApiDoc;

struct Schemes;

impl Modify for Schemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        for (name, what) in [
            (OWNER, "From /v1/signup or /v1/login; 12 hours."),
            (DEVICE, "From /v1/enrol; the owner may revoke it."),
            (SHOP, "From /v1/shop-keys, given to the online shop."),
        ] {
            let mut http = Http::new(HttpAuthScheme::Bearer);
            http.description = Some(what.to_string());
            components.add_security_scheme(name, SecurityScheme::Http(http));
        }
    }
}

/// What every endpoint may answer when the fault is the server's.
#[derive(IntoResponses)]
pub enum Faults {
    /// The request took longer than 60 seconds.
    #[response(status = 408)]
    Timeout(ErrorBody),
    /// A server fault (details in the server's log only).
    #[response(status = 500)]
    Internal(ErrorBody),
    /// The database cannot be reached; try again.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}

/// Answers of an endpoint that takes a JSON body.
#[derive(IntoResponses)]
pub enum BodyErrors {
    /// Malformed JSON, an unknown or missing field, or a value that breaks a constraint of the
    /// schema; `message` names it.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// The body is larger than the endpoint accepts.
    #[response(status = 413)]
    TooLarge(ErrorBody),
}

/// The owner's session is missing, unknown or expired.
#[derive(IntoResponses)]
pub enum OwnerAuth {
    /// `unauthorized`: sign in again.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
}

/// The device token is missing or unknown (`unauthorized`), or revoked by the owner (`revoked`).
#[derive(IntoResponses)]
pub enum DeviceAuth {
    /// `unauthorized` or `revoked`.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
}

/// The shop key is missing, unknown or revoked.
#[derive(IntoResponses)]
pub enum ShopAuth {
    /// `unauthorized`.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
}

/// A path id that is not a UUID (400), or no such thing in this store (404).
#[derive(IntoResponses)]
pub enum ById {
    /// The id is not a UUID.
    #[response(status = 400)]
    BadId(ErrorBody),
    /// Nothing with this id in this store.
    #[response(status = 404)]
    NotFound(ErrorBody),
}
