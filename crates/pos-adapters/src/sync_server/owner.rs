//! The owner's commands, blocking: sign-up, sign-in, branches, enrolment codes, enrolment, devices.

use super::{SyncHttp, refusal, url};
use pos_core::sync::{ServerApi, ServerError};
use pos_sync::protocol::ErrorCode;
use pos_sync::protocol::owner::{
    Branch, BranchRequest, CodeRequest, CodeResponse, DeviceAction, DeviceInfo, EnrolRequest, EnrolResponse,
    LoginRequest, SessionResponse, SignupRequest, StaffTrust,
};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

fn send<T: DeserializeOwned>(req: reqwest::blocking::RequestBuilder, owner: Option<&str>) -> Result<T, ServerError> {
    let req = match owner {
        Some(t) => req.bearer_auth(t),
        None => req,
    };
    let resp = req
        .send()
        .map_err(|e| ServerError::Unreachable(e.without_url().to_string()))?;
    let status = resp.status().as_u16();
    let bytes = resp
        .bytes()
        .map_err(|e| ServerError::Unreachable(e.without_url().to_string()))?;
    if !(200..300).contains(&status) {
        return Err(ServerError::Refused {
            status,
            body: refusal(status, &bytes),
        });
    }
    serde_json::from_slice(&bytes).map_err(|e| ServerError::Refused {
        status,
        body: pos_sync::protocol::ErrorBody {
            code: ErrorCode::Unknown,
            message: format!("the server's answer could not be read: {e}"),
            acked: None,
        },
    })
}

impl SyncHttp {
    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        server: &str,
        path: &str,
        owner: Option<&str>,
        body: &B,
    ) -> Result<T, ServerError> {
        send(self.blocking().post(url(server, path)).json(body), owner)
    }
}

impl ServerApi for SyncHttp {
    fn signup(&self, server: &str, req: &SignupRequest) -> Result<SessionResponse, ServerError> {
        self.post(server, "/v1/signup", None, req)
    }

    fn login(&self, server: &str, req: &LoginRequest) -> Result<SessionResponse, ServerError> {
        self.post(server, "/v1/login", None, req)
    }

    fn branch(&self, server: &str, owner: &str, req: &BranchRequest) -> Result<Branch, ServerError> {
        self.post(server, "/v1/branches", Some(owner), req)
    }

    fn enrolment_code(&self, server: &str, owner: &str, req: &CodeRequest) -> Result<CodeResponse, ServerError> {
        self.post(server, "/v1/enrolment-codes", Some(owner), req)
    }

    fn enrol(&self, server: &str, req: &EnrolRequest) -> Result<EnrolResponse, ServerError> {
        self.post(server, "/v1/enrol", None, req)
    }

    fn devices(&self, server: &str, owner: &str) -> Result<Vec<DeviceInfo>, ServerError> {
        send(self.blocking().get(url(server, "/v1/devices")), Some(owner))
    }

    fn chat_typing(&self, server: &str, device: &str, conversation: &str) -> Result<(), ServerError> {
        let resp = self
            .blocking()
            .post(url(server, "/v1/chat/typing"))
            .bearer_auth(device)
            .json(&pos_sync::protocol::chat::Typing {
                conversation: conversation.to_string(),
            })
            .send()
            .map_err(|e| ServerError::Unreachable(e.without_url().to_string()))?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let bytes = resp.bytes().unwrap_or_default();
        Err(ServerError::Refused {
            status,
            body: refusal(status, &bytes),
        })
    }

    fn chat_presence(&self, server: &str, device: &str) -> Result<Vec<pos_sync::protocol::chat::Present>, ServerError> {
        send(self.blocking().get(url(server, "/v1/chat/presence")), Some(device))
    }

    fn device_action(&self, server: &str, owner: &str, device: &str, action: &DeviceAction) -> Result<(), ServerError> {
        let path = format!("/v1/devices/{device}/{}", action.path());
        let _: IgnoredAny = match action {
            DeviceAction::Revoke => self.post(server, &path, Some(owner), &serde_json::json!({}))?,
            DeviceAction::ManagesStaff(on) => {
                self.post(server, &path, Some(owner), &StaffTrust { manages_staff: *on })?
            }
        };
        Ok(())
    }
}
