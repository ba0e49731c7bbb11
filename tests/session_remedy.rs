//! The session controller: the action offered with each MiniMax error, and
//! doing it (another region, a setting reset, a retry after a rate limit).

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: serde_json costs nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::{ApiError, StreamPart};
use minimax_chat::chat::Status;
use minimax_chat::chat::remedy::{Param, Remedy};
use minimax_chat::session::ReplyJob;
use session_support::*;

fn minimax_error(status: u16, message: &str, retry_after: Option<&str>) -> ApiError {
    ApiError::from_http(
        status,
        "application/json",
        &format!(
            r#"{{"type":"error","error":{{"type":"x","message":"{message}","http_code":"{status}"}}}}"#
        ),
        retry_after,
    )
}

/// Send `text` and fail its reply with `err`.
fn fail(s: &mut Tab<'_>, text: &str, err: &ApiError) -> ReplyJob {
    let job = send(s, text);
    s.reply_failed(&job, err);
    s.reply_closed(&job);
    job
}

#[test]
fn a_key_refused_by_one_region_switches_to_the_other_and_retries() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.base_url = "./api/minimax/v1".into());
    let job = fail(
        &mut s,
        "Hi",
        &minimax_error(401, "invalid api key (2049)", None),
    );
    let Some(Remedy::OtherRegion(to)) = s.remedy(&job.reply_id) else {
        panic!("{:?}", s.remedy(&job.reply_id))
    };
    assert_eq!(to.name, "Local proxy (China)");
    let again = s.apply_remedy(&job.reply_id).expect("sent again");
    assert_eq!(s.settings().base_url, "./api/minimax-cn/v1");
    assert_eq!(again.url, "./api/minimax-cn/v1/chat/completions");
    // The empty failure is replaced, not kept as a version.
    assert_eq!(
        shown(&s),
        vec![
            ("Hi".into(), Status::Done),
            (String::new(), Status::Streaming)
        ]
    );
    assert!(s.message(&again.reply_id).unwrap().versions.is_empty());
    assert_eq!(s.remedy(&job.reply_id), None);
}

#[test]
fn a_refused_setting_is_reset_and_sent_again() {
    let w = World::new();
    let mut s = w.open();
    s.update_params(|p| p.temperature = 0.2);
    let err = minimax_error(400, "invalid params, temperature out of range (2013)", None);
    let job = fail(&mut s, "Hi", &err);
    assert_eq!(
        s.remedy(&job.reply_id),
        Some(Remedy::Reset(Param::Temperature))
    );
    let again = s.apply_remedy(&job.reply_id).expect("sent again");
    assert_eq!(s.params().temperature, 1.0);
    let body: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(body["temperature"], 1.0);
}

#[test]
fn a_rate_limit_retries_after_its_wait_unless_cancelled() {
    let w = World::new();
    let mut s = w.open();
    let err = minimax_error(429, "rate limit exceeded (1002)", Some("3"));
    let job = fail(&mut s, "Hi", &err);
    assert_eq!(s.remedy(&job.reply_id), Some(Remedy::RetryAfter(3)));
    assert_eq!(s.retry_seconds(&job.reply_id), Some(3));
    w.tick(1_200.0);
    assert_eq!(s.retry_seconds(&job.reply_id), Some(2));
    assert!(s.retry_tick().is_none(), "not yet");
    w.tick(1_800.0);
    assert_eq!(s.retry_seconds(&job.reply_id), Some(0));
    let again = s.retry_tick().expect("retried");
    assert_eq!(shown(&s).len(), 2, "the failure was replaced");
    assert_eq!(s.streaming_chat(), Some(again.chat_id.as_str()));

    // Cancelled: nothing goes by itself; Retry still sends at once.
    s.reply_failed(&again, &err);
    s.reply_closed(&again);
    s.cancel_retry();
    assert_eq!(s.retry_seconds(&again.reply_id), None);
    w.tick(10_000.0);
    assert!(s.retry_tick().is_none());
    assert!(s.apply_remedy(&again.reply_id).is_some());
}

#[test]
fn retries_by_themselves_stop_after_three_in_a_row() {
    let w = World::new();
    let mut s = w.open();
    let err = minimax_error(429, "rate limit exceeded", Some("1"));
    let mut job = fail(&mut s, "Hi", &err);
    for _ in 0..3 {
        w.tick(1_000.0);
        job = s.retry_tick().expect("retried by itself");
        s.reply_failed(&job, &err);
        s.reply_closed(&job);
    }
    assert_eq!(s.retry_seconds(&job.reply_id), None, "no fourth by itself");
    assert_eq!(s.remedy(&job.reply_id), Some(Remedy::RetryAfter(1)));
    // Sending resets the count.
    let next = send(&mut s, "Again");
    s.reply_failed(&next, &err);
    s.reply_closed(&next);
    assert_eq!(s.retry_seconds(&next.reply_id), Some(1));
}

#[test]
fn sending_or_switching_chats_cancels_a_waiting_retry() {
    let w = World::new();
    let mut s = w.open();
    let err = minimax_error(429, "rate limit exceeded", Some("5"));
    let job = fail(&mut s, "Hi", &err);
    s.new_chat();
    assert_eq!(s.retry_seconds(&job.reply_id), None);
    w.tick(6_000.0);
    assert!(s.retry_tick().is_none());
}

#[test]
fn an_error_inside_the_stream_gets_its_remedy_too() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Hi");
    let err = ApiError::from_chunk(
        None,
        Some(&minimax_chat::api::chunk::BaseResp {
            status_code: Some(1008),
            status_msg: Some("token plan usage limit reached for this window".into()),
        }),
    )
    .unwrap();
    s.reply_parts(
        &job,
        vec![StreamPart::Answer("Par".into()), StreamPart::Error(err)],
    );
    s.reply_closed(&job);
    assert!(matches!(
        s.remedy(&job.reply_id),
        Some(Remedy::Account { plan: true, .. })
    ));
    // Links and choices are not done by the session.
    assert!(s.apply_remedy(&job.reply_id).is_none());
}

#[test]
fn a_retry_of_a_reply_that_kept_text_keeps_it_as_a_version() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Hi");
    let err = minimax_error(429, "rate limit exceeded", Some("1"));
    s.reply_parts(&job, vec![StreamPart::Answer("Part".into())]);
    s.reply_failed(&job, &err);
    s.reply_closed(&job);
    let again = s.apply_remedy(&job.reply_id).unwrap();
    let reply = s.message(&again.reply_id).unwrap();
    assert_eq!(reply.versions.count(), 2);
}
