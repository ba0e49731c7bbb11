//! Numbers as text, without `format!`'s heavier parts. With one decimal
//! ("1.2 s", "3.4 MB") without `{:.1}`: core's float formatting (flt2dec with
//! its Grisu and Dragon tables) was 9.4 KB gzipped of the app's wasm, linked
//! by these labels and by `f64::clamp` (whose check formats its bounds;
//! chat/request.rs uses max/min). In base 36, for short ids.

/// `x` rounded to one decimal, half away from zero: `tenths(1.25)` is "1.3",
/// `tenths(2.0)` is "2.0". Not finite or beyond ±10^17 reads as "0.0".
pub fn tenths(x: f64) -> String {
    let scaled = (x * 10.0).round();
    let t = if scaled.is_finite() && scaled.abs() < 1e18 {
        scaled as i64
    } else {
        0
    };
    let sign = if t < 0 { "-" } else { "" };
    let t = t.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// `n` in base 36, lower case (`base36(71)` is "1z"): short ids from
/// numbers, for the browser's fresh ids and for imported ids' hashes.
pub fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().map(|&d| char::from(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::{base36, tenths};

    #[test]
    fn base36_digits() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(71), "1z");
        assert_eq!(base36(u64::MAX), "3w5e11264sgsf");
    }

    #[test]
    fn rounds_to_one_decimal() {
        assert_eq!(tenths(0.0), "0.0");
        assert_eq!(tenths(1.0), "1.0");
        assert_eq!(tenths(1.24), "1.2");
        assert_eq!(tenths(1.25), "1.3");
        assert_eq!(tenths(9.96), "10.0");
        assert_eq!(tenths(123.45678), "123.5");
        assert_eq!(tenths(0.04), "0.0");
        assert_eq!(tenths(-1.26), "-1.3");
        assert_eq!(tenths(-0.04), "0.0");
    }

    #[test]
    fn odd_input_reads_as_zero() {
        assert_eq!(tenths(f64::NAN), "0.0");
        assert_eq!(tenths(f64::INFINITY), "0.0");
        assert_eq!(tenths(1e300), "0.0");
    }

    #[test]
    fn agrees_with_std_away_from_ties() {
        for i in 0..20_000u32 {
            let x = f64::from(i) * 0.0137;
            let t = x * 10.0;
            if (t - t.floor() - 0.5).abs() > 1e-6 {
                assert_eq!(tenths(x), format!("{x:.1}"), "{x}");
            }
        }
    }
}
