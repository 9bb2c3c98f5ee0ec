//! Quick replies: the owner's ready answers ("Stok ada, kak", opening hours, the bank account),
//! kept as a store policy that syncs to every terminal.

use super::*;
use crate::error::CoreError;
use pos_store::settings;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuickReplies {
    pub replies: Vec<String>,
}

const KEY: &str = "chat_quick_replies";
pub const MAX_REPLIES: usize = 30;

fn load(conn: &pos_store::rusqlite::Connection) -> Result<QuickReplies> {
    let raw = settings::policy(conn, KEY)?.unwrap_or_default();
    Ok(QuickReplies {
        replies: serde_json::from_str(&raw).unwrap_or_default(),
    })
}

impl Core {
    pub fn chat_quick_replies(&self, token: Option<&str>) -> Result<QuickReplies> {
        self.authorize(token, Permission::Sell)?;
        self.read(load)
    }

    pub fn update_chat_quick_replies(&self, token: Option<&str>, req: QuickReplies) -> Result<QuickReplies> {
        let s = self.authorize(token, Permission::ManageCounter)?;
        let replies: Vec<String> = req
            .replies
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        if replies.len() > MAX_REPLIES || replies.iter().any(|r| r.chars().count() > 1000) {
            return Err(CoreError::invalid(
                "replies",
                "At most 30 quick replies of up to 1 000 characters",
                "Paling banyak 30 balasan cepat, masing-masing sampai 1.000 karakter",
            ));
        }
        let new = QuickReplies { replies };
        self.write(|tx| {
            let before = load(tx)?;
            if before == new {
                return Ok(before);
            }
            let text = serde_json::to_string(&new.replies).unwrap_or_else(|_| "[]".into());
            settings::set_policy(tx, KEY, &text)?;
            self.outbox(
                tx,
                &s.user.id,
                "store_policies",
                "policies",
                &serde_json::json!({ KEY: text }),
            )?;
            self.audit(
                tx,
                Some(&s.user.id),
                "settings.chat_quick_replies",
                ("chat", None),
                crate::json(&before),
                crate::json(&new),
            )?;
            Ok(new.clone())
        })
    }
}
