//! localStorage / sessionStorage behind the store's `KeyValue` interface.
//! Every storage exception (quota, storage disabled) becomes a `StoreError`.

use wasm_bindgen::{JsCast, JsValue};

use crate::store::{KeyValue, StoreError};

/// Which of the browser's two storages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Local,
    Session,
}

pub struct BrowserKv {
    area: Area,
}

impl BrowserKv {
    pub fn local() -> Self {
        BrowserKv { area: Area::Local }
    }

    pub fn session() -> Self {
        BrowserKv {
            area: Area::Session,
        }
    }

    fn storage(&self) -> Result<web_sys::Storage, StoreError> {
        let window =
            web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
        let storage = match self.area {
            Area::Local => window.local_storage(),
            Area::Session => window.session_storage(),
        };
        storage
            .map_err(to_store_error)?
            .ok_or_else(|| StoreError::Unavailable("storage is disabled".into()))
    }
}

/// `QuotaExceededError` (and Firefox's old name) is the full-storage case.
pub fn to_store_error(err: JsValue) -> StoreError {
    if let Some(ex) = err.dyn_ref::<web_sys::DomException>() {
        let name = ex.name();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" || ex.code() == 22 {
            return StoreError::Quota;
        }
        return StoreError::Unavailable(format!("{name}: {}", ex.message()));
    }
    StoreError::Unavailable(
        err.as_string()
            .unwrap_or_else(|| "unknown storage error".into()),
    )
}

impl KeyValue for BrowserKv {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage()?.get_item(key).map_err(to_store_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage()?.set_item(key, value).map_err(to_store_error)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.storage()?.remove_item(key).map_err(to_store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let storage = self.storage()?;
        let len = storage.length().map_err(to_store_error)?;
        let mut keys = Vec::with_capacity(len as usize);
        for i in 0..len {
            if let Some(k) = storage.key(i).map_err(to_store_error)? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}
