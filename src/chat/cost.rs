//! What a reply cost and how fast it came, from its reported usage and the
//! catalogue's prices, and the line that shows it. Money is counted in
//! picodollars (10^-12 USD: tokens times micro-dollars per million tokens)
//! and written with integer arithmetic, so no float formatting reaches the
//! wasm (see `decimal.rs`).

use super::catalogue::{PRICES_CHECKED, Price, model_info};
use super::message::Message;
use crate::api::Usage;
use crate::decimal::{grouped, tenths};

/// 10^-12 US dollars.
pub type Picodollars = u64;

const PER_DOLLAR: u64 = 1_000_000_000_000;

/// What `usage` cost at `price`: uncached input, cached input at its own
/// price, and output (thinking included: it is billed as output).
pub fn cost(usage: &Usage, price: &Price) -> Picodollars {
    let cached = usage.cached_tokens.unwrap_or(0).min(usage.prompt_tokens);
    let fresh = usage.prompt_tokens - cached;
    [
        (fresh, price.input),
        (cached, price.cached),
        (usage.completion_tokens, price.output),
    ]
    .iter()
    .fold(0u64, |sum, &(tokens, micro)| {
        sum.saturating_add(tokens.saturating_mul(u64::from(micro)))
    })
}

/// A reply's cost, when its model's price is known and it reported usage.
pub fn reply_cost(m: &Message) -> Option<Picodollars> {
    let price = &model_info(m.model.as_deref()?)?.price;
    Some(cost(m.usage.as_ref()?, price))
}

/// "$0.0004" under a dollar (four places), "$12.35" from a dollar up,
/// "<$0.0001" for a cost too small to show, "$0" for nothing. Rounded half up.
pub fn dollars(amount: Picodollars) -> String {
    match amount {
        0 => "$0".into(),
        a if a < PER_DOLLAR / 20_000 => "<$0.0001".into(),
        a if a < PER_DOLLAR => fixed(a, 4),
        a => fixed(a, 2),
    }
}

/// `amount` in dollars with `places` decimals, rounded half up.
fn fixed(amount: Picodollars, places: u32) -> String {
    let unit = PER_DOLLAR / 10u64.pow(places);
    let shown = amount / unit + u64::from(amount % unit >= unit / 2);
    let scale = 10u64.pow(places);
    format!(
        "${}.{:0width$}",
        grouped(shown / scale),
        shown % scale,
        width = places as usize
    )
}

/// A model's prices for Settings: "$0.60 in · $0.06 cached · $2.40 out per
/// 1M tokens (prices of 2026-12-04)".
pub fn price_note(price: &Price) -> String {
    let per_million = |micro: u32| fixed(u64::from(micro) * 1_000_000, 2);
    format!(
        "{} in · {} cached · {} out per 1M tokens (prices of {PRICES_CHECKED})",
        per_million(price.input),
        per_million(price.cached),
        per_million(price.output)
    )
}

/// The chosen model's prices for Settings, or why replies show no cost.
pub fn price_hint(model: &str) -> String {
    match model_info(model) {
        Some(m) => price_note(&m.price),
        None => {
            "No price is known for this model: replies show their tokens without a cost.".into()
        }
    }
}

/// Spending over several replies: what is known, and how many replies had
/// no known price (a custom endpoint's model).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    pub amount: Picodollars,
    pub unpriced: u32,
}

impl Spent {
    /// Count one reply (one that reported no usage is not counted).
    pub fn add(&mut self, m: &Message) {
        if m.usage.is_none() {
            return;
        }
        match reply_cost(m) {
            Some(c) => self.amount = self.amount.saturating_add(c),
            None => self.unpriced += 1,
        }
    }

    /// "$0.0123", with "(+2 replies without a price)" when some had none;
    /// `None` when nothing was counted at all.
    pub fn label(&self) -> Option<String> {
        match (self.amount, self.unpriced) {
            (0, 0) => None,
            (0, n) => Some(format!("{} {} without a price", n, replies(n))),
            (a, 0) => Some(dollars(a)),
            (a, n) => Some(format!(
                "{} (+{n} {} without a price)",
                dollars(a),
                replies(n)
            )),
        }
    }
}

fn replies(n: u32) -> &'static str {
    if n == 1 { "reply" } else { "replies" }
}

/// "MiniMax-M3 · 769 in · 116 out (37 thinking) · $0.0005 · 38.2 tokens/s ·
/// first token 0.4 s · 3.4 s", as far as known. A model without a known
/// price shows its tokens and no cost.
pub fn usage_line(m: &Message) -> String {
    let mut parts = Vec::new();
    if let Some(model) = &m.model {
        parts.push(model.clone());
    }
    if let Some(u) = &m.usage {
        let mut s = format!(
            "{} in · {} out",
            grouped(u.prompt_tokens),
            grouped(u.completion_tokens)
        );
        if let Some(r) = u.reasoning_tokens {
            s.push_str(&format!(" ({} thinking)", grouped(r)));
        }
        parts.push(s);
    }
    if let Some(c) = reply_cost(m) {
        parts.push(dollars(c));
    }
    if let Some(rate) = tokens_per_second(m) {
        parts.push(format!("{rate} tokens/s"));
    }
    let t = &m.timing;
    if let Some(first) = t.first_token_ms {
        parts.push(format!("first token {} s", seconds(first - t.started_ms)));
    }
    if let Some(end) = t.ended_ms {
        parts.push(format!("{} s", seconds(end - t.started_ms)));
    }
    parts.join(" · ")
}

fn seconds(ms: f64) -> String {
    tenths(ms.max(0.0) / 1000.0)
}

/// Output tokens a second from the first token to the end ("38.2"), when
/// the reply reported usage and streamed for at least a tenth of a second.
pub fn tokens_per_second(m: &Message) -> Option<String> {
    let tokens = m.usage.as_ref()?.completion_tokens;
    let ms = m.timing.ended_ms? - m.timing.first_token_ms?;
    (tokens > 0 && ms >= 100.0).then(|| tenths(tokens as f64 * 1000.0 / ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::catalogue::MODELS;

    fn usage(prompt: u64, cached: Option<u64>, completion: u64) -> Usage {
        Usage {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt.saturating_add(completion),
            reasoning_tokens: None,
            cached_tokens: cached,
        }
    }

    fn price(model: &str) -> Price {
        MODELS.iter().find(|m| m.id == model).unwrap().price
    }

    #[test]
    fn cost_counts_input_cached_and_output_at_their_prices() {
        // M3: $0.60 in, $0.06 cached, $2.40 out per million tokens.
        let p = price("MiniMax-M3");
        assert_eq!(cost(&usage(1_000_000, None, 0), &p), 600_000 * 1_000_000);
        assert_eq!(cost(&usage(0, None, 1_000_000), &p), 2_400_000 * 1_000_000);
        // 769 in (443 cached), 116 out: 326×0.6 + 443×0.06 + 116×2.4 µ$.
        let c = cost(&usage(769, Some(443), 116), &p);
        assert_eq!(c, 326 * 600_000 + 443 * 60_000 + 116 * 2_400_000);
        assert_eq!(dollars(c), "$0.0005");
        // A cached count above the prompt is taken as the whole prompt.
        assert_eq!(
            cost(&usage(10, Some(50), 0), &p),
            cost(&usage(10, Some(10), 0), &p)
        );
        assert_eq!(cost(&usage(u64::MAX, None, u64::MAX), &p), u64::MAX);
    }

    #[test]
    fn dollars_are_written_from_integers() {
        let cents = |c: u64| c * (PER_DOLLAR / 100);
        assert_eq!(dollars(0), "$0");
        assert_eq!(dollars(1), "<$0.0001");
        assert_eq!(dollars(49_999_999), "<$0.0001");
        assert_eq!(dollars(50_000_000), "$0.0001");
        assert_eq!(dollars(400_000_000), "$0.0004");
        assert_eq!(dollars(cents(50)), "$0.5000");
        assert_eq!(dollars(PER_DOLLAR - 1), "$1.0000");
        assert_eq!(dollars(PER_DOLLAR), "$1.00");
        assert_eq!(dollars(cents(1234)), "$12.34");
        assert_eq!(dollars(cents(1234) + PER_DOLLAR / 200), "$12.35");
        assert_eq!(dollars(cents(123_456_789)), "$1,234,567.89");
        assert_eq!(dollars(u64::MAX), "$18,446,744.07");
    }

    #[test]
    fn dollars_agree_with_float_rounding_away_from_ties() {
        for i in 0..5_000u64 {
            let amount = i * 7_919_113_u64 * 1_000 + 13;
            let x = amount as f64 / PER_DOLLAR as f64;
            let places = if x < 1.0 { 4 } else { 2 };
            let scaled = x * 10f64.powi(places);
            if (scaled - scaled.floor() - 0.5).abs() < 1e-6 || scaled < 0.5 {
                continue;
            }
            let want = format!("${x:.*}", places as usize).replace("$1000", "$1,000");
            assert_eq!(dollars(amount), want, "{amount}");
        }
    }

    #[test]
    fn the_usage_line_shows_cost_speed_and_first_token() {
        let mut m = Message::pending_reply("a".into(), "MiniMax-M3".into(), 1_000.0);
        m.timing.first_token_ms = Some(1_400.0);
        m.timing.ended_ms = Some(4_400.0);
        m.usage = Some(Usage {
            reasoning_tokens: Some(37),
            ..usage(769, Some(443), 116)
        });
        assert_eq!(
            usage_line(&m),
            "MiniMax-M3 · 769 in · 116 out (37 thinking) · $0.0005 · 38.7 tokens/s · first token 0.4 s · 3.4 s"
        );
        // A model the catalogue does not know: tokens, no cost.
        m.model = Some("local-7b".into());
        let line = usage_line(&m);
        assert!(line.starts_with("local-7b · 769 in · 116 out"), "{line}");
        assert!(!line.contains('$'), "{line}");
        // No usage reported: no cost, no speed.
        m.model = Some("MiniMax-M3".into());
        m.usage = None;
        assert_eq!(usage_line(&m), "MiniMax-M3 · first token 0.4 s · 3.4 s");
    }

    #[test]
    fn speed_needs_usage_and_a_measurable_stream() {
        let mut m = Message::pending_reply("a".into(), "MiniMax-M3".into(), 0.0);
        m.usage = Some(usage(10, None, 50));
        assert_eq!(tokens_per_second(&m), None);
        m.timing.first_token_ms = Some(0.0);
        m.timing.ended_ms = Some(50.0);
        assert_eq!(tokens_per_second(&m), None);
        m.timing.ended_ms = Some(2_000.0);
        assert_eq!(tokens_per_second(&m).as_deref(), Some("25.0"));
    }

    #[test]
    fn spending_adds_priced_replies_and_counts_the_others() {
        let mut priced = Message::pending_reply("a".into(), "MiniMax-M2.7".into(), 0.0);
        priced.usage = Some(usage(1_000_000, None, 0));
        let mut unknown = priced.clone();
        unknown.model = Some("local-7b".into());
        let silent = Message::pending_reply("c".into(), "MiniMax-M3".into(), 0.0);
        let mut s = Spent::default();
        assert_eq!(s.label(), None);
        s.add(&silent);
        assert_eq!(s.label(), None);
        s.add(&unknown);
        assert_eq!(s.label().as_deref(), Some("1 reply without a price"));
        s.add(&priced);
        s.add(&priced);
        assert_eq!(s.amount, 600_000 * 1_000_000);
        assert_eq!(
            s.label().as_deref(),
            Some("$0.6000 (+1 reply without a price)")
        );
    }

    #[test]
    fn unknown_models_have_no_price() {
        assert!(price_hint("local-7b").contains("without a cost"));
        assert!(price_hint("MiniMax-M3").starts_with("$0.60 in"));
    }

    #[test]
    fn price_notes_name_the_date() {
        assert_eq!(
            price_note(&price("MiniMax-M2.7")),
            format!(
                "$0.30 in · $0.03 cached · $1.20 out per 1M tokens (prices of {PRICES_CHECKED})"
            )
        );
    }
}
