//! A tiny deterministic generator: tests and benchmarks need the same
//! "random" chunk sizes and documents on every run, and a rand crate would
//! only add compile time.

pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u32(&mut self) -> u32 {
        // Knuth's MMIX constants; the high bits are the well-mixed ones.
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// A number in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u32() as usize % (hi - lo)
    }

    /// One item of a non-empty slice (`None` only for an empty one).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.range(0, items.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic_and_in_range() {
        let a: Vec<usize> = {
            let mut r = Lcg::new(7);
            (0..100).map(|_| r.range(20, 121)).collect()
        };
        let mut r = Lcg::new(7);
        let b: Vec<usize> = (0..100).map(|_| r.range(20, 121)).collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|n| (20..121).contains(n)));
        assert_eq!(r.range(5, 5), 5);
    }
}
