//! `assign_chat` and `chat_staff`: who answers a conversation. The assignment travels as an
//! internal note ("→ Rina") that carries the assignee, so every terminal and the server follow
//! it in the conversation's order (a terminal of the previous release shows the note).

use super::*;
use crate::error::CoreError;
use pos_domain::roles::Role;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatAssignRequest {
    pub conversation_id: String,
    /// The staff member's id; None to leave it to nobody.
    pub user_id: Option<String>,
}

/// Someone a conversation can be given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatStaff {
    pub id: String,
    pub name: String,
}

impl Core {
    /// The active staff who sell (and so answer customers).
    pub fn chat_staff(&self, token: Option<&str>) -> Result<Vec<ChatStaff>> {
        self.authorize(token, Permission::Sell)?;
        let users = self.read(|c| Ok(pos_store::users::list(c)?))?;
        Ok(users
            .into_iter()
            .filter(|u| u.active && u.role != Role::Warehouse)
            .map(|u| ChatStaff { id: u.id, name: u.name })
            .collect())
    }

    pub fn assign_chat(&self, token: Option<&str>, req: ChatAssignRequest) -> Result<ChatMessage> {
        let s = self.authorize(token, Permission::Sell)?;
        let name = match &req.user_id {
            None => String::new(),
            Some(id) => {
                let u = self
                    .read(|c| Ok(pos_store::users::by_id(c, id)?))?
                    .filter(|u| u.user.active && u.user.role != Role::Warehouse)
                    .ok_or_else(|| CoreError::not_found("user_id", "Staff member", "Staf"))?;
                u.user.name
            }
        };
        let m = ChatMessage {
            id: pos_domain::new_id(),
            conversation_id: req.conversation_id.clone(),
            author: s.user.name.clone(),
            body: if name.is_empty() {
                "→ —".into()
            } else {
                format!("→ {name}")
            },
            at: self.now(),
            seq: None,
            sender: ChatSender::Note,
            product_id: None,
            attachment: None,
            assign_to: Some(name),
        };
        self.write(|tx| {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM chat_conversations WHERE id = ?1)",
                [&m.conversation_id],
                |r| r.get(0),
            )?;
            if !known {
                return Err(CoreError::not_found("conversation_id", "Conversation", "Percakapan"));
            }
            pos_store::chat::insert(tx, &m)?;
            pos_store::outbox::append(tx, "chat_message", &m.id, &m, m.at, Some(&s.user.id))?;
            Ok(())
        })?;
        self.nudge_sync();
        Ok(m)
    }
}
