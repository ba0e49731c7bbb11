//! Time and ids from the browser.

/// Wall-clock milliseconds (`Date.now()`), comparable across reloads.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A fresh id: time in base 36 plus random digits, unique enough across tabs.
pub fn new_id(prefix: &str) -> String {
    let time = now_ms() as u64;
    let rand = (js_sys::Math::random() * 2f64.powi(40)) as u64;
    format!("{prefix}{}{}", base36(time), base36(rand))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
