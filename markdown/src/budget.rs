//! How much work one slice of rendering may do before it lets the browser
//! run: a clock in the page (the module's `Deadline`), a count of units in
//! tests, so that slicing is exercised the same way on every run.

/// Work units: one DOM node built or patched, or [`PARSE_UNIT`] bytes parsed.
pub trait Budget {
    fn spend(&mut self, units: usize);
    /// True once the slice should end; then true until the slice ends.
    fn spent(&mut self) -> bool;
    /// False for a budget that never runs out: then the work is done the
    /// plain way, with no preview, and text is parsed as soon as it comes.
    fn sliced(&self) -> bool {
        true
    }
}

/// Bytes of text parsed that count as one unit.
pub const PARSE_UNIT: usize = 64;

/// Never spent: everything in one go (`LiveMarkdown::update`, the
/// benchmark's unsliced baseline).
pub struct Unlimited;

impl Budget for Unlimited {
    fn spend(&mut self, _: usize) {}
    fn spent(&mut self) -> bool {
        false
    }
    fn sliced(&self) -> bool {
        false
    }
}

/// This many units per slice.
pub struct Units(pub usize);

impl Budget for Units {
    fn spend(&mut self, units: usize) {
        self.0 = self.0.saturating_sub(units);
    }
    fn spent(&mut self) -> bool {
        self.0 == 0
    }
}
