//! A customer's picture in their conversation: checked to be a JPEG, PNG or WebP by decoding it
//! (never by its name or declared type), re-encoded as a JPEG of at most 2 048 px without any of
//! its metadata (`pos_media`), stored as the store's blob, and appended as a message that names
//! it. At most [`MAX_PER_CONVERSATION`] pictures a conversation, each file at most
//! [`MAX_FILE_BYTES`], within the store's picture quota.

use crate::customer::{Visitor, customer_message_id};
use crate::hub::Hub;
use crate::socket::now_ms;
use pos_server::ApiError;
use pos_server::store::chat_conversations::{self as conversations, Customer};
use pos_server::store::chat_messages::{self as messages, NewMessage, Sender};

pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_PER_CONVERSATION: i64 = 20;

/// Why a picture was not taken, in both languages.
#[derive(Debug)]
pub enum Refused {
    NoConversation,
    TooMany,
    Picture(pos_media::PhotoError),
    Quota,
    Failed(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Refused {
        Refused::Failed(e)
    }
}

impl Refused {
    pub fn words(&self) -> (String, String) {
        match self {
            Refused::NoConversation => ("Start the chat first.".into(), "Mulai chat dulu.".into()),
            Refused::TooMany => (
                format!("A conversation holds at most {MAX_PER_CONVERSATION} pictures."),
                format!("Satu percakapan paling banyak {MAX_PER_CONVERSATION} gambar."),
            ),
            Refused::Picture(pos_media::PhotoError::Heic) => (
                "This is a HEIC photo: share it as JPEG.".into(),
                "Ini foto HEIC: kirim sebagai JPEG.".into(),
            ),
            Refused::Picture(_) => (
                "Only JPEG, PNG or WebP pictures up to 8 MB.".into(),
                "Hanya gambar JPEG, PNG atau WebP sampai 8 MB.".into(),
            ),
            Refused::Quota => (
                "The store cannot take more pictures now.".into(),
                "Toko tidak bisa menerima gambar lagi saat ini.".into(),
            ),
            Refused::Failed(_) => (
                "The picture could not be saved; try again.".into(),
                "Gambar tidak bisa disimpan; coba lagi.".into(),
            ),
        }
    }
}

/// Stores the picture and appends it to the visitor's conversation; returns its number.
pub async fn picture(hub: &Hub, who: &Visitor, quota: i64, client_id: &str, bytes: &[u8]) -> Result<i64, Refused> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Refused::Picture(pos_media::PhotoError::TooLarge { bytes: bytes.len() }));
    }
    let db = hub.pool.get().await.map_err(ApiError::from)?;
    let me = Customer {
        visitor_hash: &who.visitor_hash,
        customer_id: who.account.as_ref().map(|a| a.id),
    };
    let Some((conv, _)) = conversations::find(&db, who.store, &me).await? else {
        return Err(Refused::NoConversation);
    };
    if messages::attachments(&db, who.store, &conv).await? >= MAX_PER_CONVERSATION {
        return Err(Refused::TooMany);
    }
    drop(db);
    // Decoded and re-encoded off the async threads: a large picture takes a few hundred ms.
    let input = bytes.to_vec();
    let photo = tokio::task::spawn_blocking(move || pos_media::process(&input))
        .await
        .map_err(|e| Refused::Failed(ApiError::internal(&e)))?
        .map_err(Refused::Picture)?
        .photo;
    let mut db = hub.pool.get().await.map_err(ApiError::from)?;
    if !pos_server::store::blobs::has(&db, who.store, &photo.hash).await?
        && pos_server::store::blobs::held(&db, who.store).await? + photo.bytes.len() as i64 > quota
    {
        return Err(Refused::Quota);
    }
    let tx = db.transaction().await.map_err(ApiError::from)?;
    pos_server::store::blobs::insert(&tx, who.store, &photo.hash, &photo.bytes, None).await?;
    let author = conversations::name(&tx, &conv).await?;
    let id = customer_message_id(&conv, client_id);
    let m = NewMessage {
        id: &id,
        conversation: &conv,
        sender: Sender::Customer,
        author: &author,
        body: "📷",
        product_id: None,
        attachment: Some(&photo.hash),
        at: now_ms(),
    };
    let Some((seq, _)) = messages::append(&tx, who.store, &m).await? else {
        return Err(Refused::NoConversation);
    };
    tx.commit().await.map_err(ApiError::from)?;
    Ok(seq)
}
