//! The session controller: what the open chat and this month cost, from
//! each reply's reported usage at the catalogue's prices.

mod session_support;

use minimax_chat::api::{StreamPart, Usage};
use minimax_chat::session::ReplyJob;
use session_support::*;

fn usage(prompt: u64, completion: u64) -> Usage {
    Usage {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        ..Usage::default()
    }
}

/// Answer `job` with a reply that reports `u`.
fn answer_with_usage(s: &mut Tab<'_>, job: &ReplyJob, u: Usage) {
    s.reply_parts(
        job,
        vec![
            StreamPart::Answer("ok".into()),
            StreamPart::Usage(u),
            StreamPart::Done,
        ],
    );
    s.reply_ended(job, false);
    s.reply_closed(job);
}

#[test]
fn nothing_is_spent_before_a_reply_reports_usage() {
    let w = World::new();
    let mut s = w.open();
    assert_eq!(s.spending(), None);
    exchange(&mut s, "Q", "A");
    assert_eq!(s.spending(), None, "a reply without usage counts nothing");
}

#[test]
fn the_chat_and_the_month_add_up_their_replies() {
    let w = World::new();
    let mut s = w.open();
    // Room for the million-token replies below.
    s.set_context_window(10_000_000);
    // MiniMax-M3: $0.60 per 1M in, $2.40 per 1M out.
    let job = send(&mut s, "Q1");
    answer_with_usage(&mut s, &job, usage(1_000_000, 0));
    assert_eq!(
        s.spending().as_deref(),
        Some("This chat $0.6000 · This month $0.6000")
    );
    let job = send(&mut s, "Q2");
    answer_with_usage(&mut s, &job, usage(0, 500_000));
    assert_eq!(
        s.spending().as_deref(),
        Some("This chat $1.80 · This month $1.80")
    );
    // Another chat: its own total, the month's goes on.
    s.new_chat();
    assert_eq!(s.spending().as_deref(), Some("This month $1.80"));
    let job = send(&mut s, "Q3");
    answer_with_usage(&mut s, &job, usage(100_000, 0));
    assert_eq!(
        s.spending().as_deref(),
        Some("This chat $0.0600 · This month $1.86")
    );
    // After a reload, the same (usage is stored with the reply), once every
    // chat has been read: the month is not shown short before.
    let mut again = w.open();
    assert_eq!(again.spending().as_deref(), Some("This chat $0.0600"));
    again.read_all();
    assert_eq!(again.spending(), s.spending());
}

#[test]
fn a_regenerated_answer_was_paid_for_too() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    answer_with_usage(&mut s, &job, usage(1_000_000, 0));
    let job = s.regenerate().expect("regenerate");
    answer_with_usage(&mut s, &job, usage(1_000_000, 0));
    assert_eq!(
        s.spending().as_deref(),
        Some("This chat $1.20 · This month $1.20")
    );
}

#[test]
fn last_months_replies_leave_the_month() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    answer_with_usage(&mut s, &job, usage(1_000_000, 0));
    // 40 days on: another month.
    w.tick(40.0 * 86_400_000.0);
    assert_eq!(s.spending().as_deref(), Some("This chat $0.6000"));
}

#[test]
fn a_model_without_a_price_shows_tokens_but_no_cost() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.model = "local-7b".into());
    let job = send(&mut s, "Q");
    answer_with_usage(&mut s, &job, usage(1_000, 100));
    assert_eq!(
        s.spending().as_deref(),
        Some("This chat 1 reply without a price · This month 1 reply without a price")
    );
    let reply = s.message(&job.reply_id).unwrap();
    let line = minimax_chat::chat::cost::usage_line(reply);
    assert!(line.contains("1,000 in · 100 out"), "{line}");
    assert!(!line.contains('$'), "{line}");
}
