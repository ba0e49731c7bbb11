//! Being told when an element's size changes, after layout and before paint.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Watches one element; stops watching when dropped.
pub struct SizeWatch {
    observer: web_sys::ResizeObserver,
    // Kept alive for as long as the observer may call it.
    _callback: Closure<dyn FnMut()>,
}

impl SizeWatch {
    /// Calls `on_resize` whenever `element` changes size (and once at start).
    pub fn new(element: &web_sys::Element, on_resize: impl FnMut() + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut()>::new(on_resize);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
