//! `chat_typing` and `chat_presence`: the live parts that need the server now (never queued):
//! staff typing in a conversation (the customer's widget says so for a few seconds), and which
//! of the store's terminals have their chat open.

use super::*;
use pos_sync::Local;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatTyping {
    pub conversation_id: String,
}

/// A terminal with its chat open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatTerminal {
    pub branch: String,
    pub terminal: String,
}

impl Core {
    /// Best effort: offline or not linked, nobody is told and nothing is kept.
    pub fn chat_typing(&self, token: Option<&str>, req: ChatTyping) -> Result<crate::Empty> {
        self.authorize(token, Permission::Sell)?;
        if let (Some(creds), Ok(api)) = (self.credentials(), self.server_api())
            && let Err(e) = api.chat_typing(&creds.server, &creds.token, &req.conversation_id)
        {
            tracing::debug!(error = %e, "chat typing not sent");
        }
        Ok(crate::Empty {})
    }

    /// Empty offline or when not linked.
    pub fn chat_presence(&self, token: Option<&str>) -> Result<Vec<ChatTerminal>> {
        self.authorize(token, Permission::Sell)?;
        let (Some(creds), Ok(api)) = (self.credentials(), self.server_api()) else {
            return Ok(Vec::new());
        };
        Ok(api
            .chat_presence(&creds.server, &creds.token)
            .map(|list| {
                list.into_iter()
                    .map(|p| ChatTerminal {
                        branch: p.branch,
                        terminal: p.terminal,
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}
