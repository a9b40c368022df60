//! Turns an Enhance answer that is not a success into an [`Error`] that says what
//! happened and what to fix.

use crate::error::Error;
use crate::provider::summarize_body;
use crate::secret::Secret;
use crate::text;
use crate::transport::Response;
use serde::Deserialize;

#[derive(Deserialize)]
struct PanelError {
    code: Option<String>,
    message: Option<String>,
    detail: Option<String>,
}

/// The panel's error code and message, read from JSON when possible, else the raw text.
pub fn panel_error(resp: &Response, token: &Secret) -> (Option<String>, Option<String>) {
    if let Ok(e) = serde_json::from_slice::<PanelError>(&resp.body) {
        let message = match (e.message, e.detail) {
            (Some(m), Some(d)) if !d.is_empty() && d != m => Some(format!("{m} ({d})")),
            (Some(m), _) => Some(m),
            (None, d) => d,
        };
        // Scrubbed before it is cut, so that no cut piece of the token survives.
        return (
            e.code,
            message.map(|m| text::clip(&token.scrub(&m), text::PANEL_TEXT)),
        );
    }
    let text = summarize_body(resp);
    (
        None,
        if text.is_empty() {
            None
        } else {
            Some(token.scrub(&text))
        },
    )
}

/// The error for a non-success answer of `what` (e.g. "GET orgs/…/domains").
pub fn from_status(resp: &Response, what: &str, subject: &str, token: &Secret) -> Error {
    let status = resp.status;
    let (code, message) = panel_error(resp, token);
    let said = match (&code, &message) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.clone(),
        (None, Some(m)) => m.clone(),
        (None, None) => "no details".to_string(),
    };
    let err = match status {
        401 => Error::auth(format!(
            "Enhance API answered 401 ({said}) to {what}: no valid credential reached the panel. \
             Check WU_ENHANCE_API_TOKEN, and that no proxy strips the Authorization header"
        )),
        403 if code.as_deref() == Some("only_mo_allowed") => Error::auth(format!(
            "Enhance API answered 403 ({said}) to {what}: this call needs a token of the panel's master organisation"
        )),
        403 => Error::auth(format!(
            "Enhance API answered 403 ({said}) to {what}: the token is invalid, expired, restricted to \
             other IP addresses, or its role is below SuperAdmin in the organisation it works in. Create a \
             token with at least the SuperAdmin role in Settings > Access Tokens and set WU_ENHANCE_API_TOKEN"
        )),
        404 if message.as_deref().is_some_and(|m| m.contains("UUID parsing failed")) => Error::api(format!(
            "Enhance API could not read an id in {what} (UUID parsing failed): check WU_ENHANCE_ORG_ID and \
             WU_ENHANCE_WEBSITE_ID"
        )),
        404 => Error::api(format!(
            "Enhance API: {subject} was not found ({said}); check WU_ENHANCE_ORG_ID and WU_ENHANCE_WEBSITE_ID"
        )),
        429 => Error::api(format!(
            "Enhance API is rate limiting this client (HTTP 429{}) on {what}; try again later",
            resp.retry_after
                .map(|d| format!(", retry after {} s", d.as_secs()))
                .unwrap_or_default()
        )),
        300..=399 => Error::api(format!(
            "Enhance API answered {what} with a redirect (HTTP {status}) to {}; redirects to another \
             address are not followed: set WU_ENHANCE_API_URL to the panel's real https:// address",
            resp.location.as_deref().unwrap_or("an unnamed place")
        )),
        500..=599 => Error::api(format!("Enhance API failed on {what} with HTTP {status}: {said}")),
        _ => Error::api(format!("Enhance API rejected {what} with HTTP {status}: {said}")),
    };
    err.with_status(status).with_panel_error(code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::time::Duration;

    fn resp(status: u16, body: &str, ct: &str) -> Response {
        Response {
            status,
            body: body.as_bytes().to_vec(),
            content_type: Some(ct.into()),
            retry_after: None,
            location: None,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn forbidden_names_the_causes_and_keeps_the_code() {
        let t = Secret::new("tok-abcdef");
        let e = from_status(
            &resp(
                403,
                r#"{"code":"unauthorized","message":"bad tok-abcdef"}"#,
                "application/json",
            ),
            "GET x",
            "s",
            &t,
        );
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert!(
            e.message().contains("expired") && e.message().contains("at least the SuperAdmin role")
        );
        assert!(!e.message().contains("tok-abcdef"));
        assert_eq!(e.api_code(), Some("unauthorized"));
        assert_eq!(e.status(), Some(403));
    }

    #[test]
    fn plain_text_uuid_404() {
        let e = from_status(
            &resp(404, "UUID parsing failed", "text/plain"),
            "GET orgs/x",
            "s",
            &Secret::new("t"),
        );
        assert_eq!(e.kind(), ErrorKind::Api);
        assert_eq!(e.status(), Some(404));
        assert!(e.message().contains("UUID parsing failed"));
    }

    #[test]
    fn not_found_names_the_subject() {
        let e = from_status(
            &resp(404, r#"{"code":"not_found"}"#, "application/json"),
            "GET w",
            "website W in organisation O",
            &Secret::new("t"),
        );
        assert!(
            e.message()
                .contains("website W in organisation O was not found"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn html_pages_are_summarised() {
        let e = from_status(
            &resp(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body>x</body></html>",
                "text/html",
            ),
            "GET w",
            "s",
            &Secret::new("t"),
        );
        assert!(
            e.message().contains("HTML page titled '502 Bad Gateway'"),
            "{}",
            e.message()
        );
        assert!(e.is_transient());
    }
}
