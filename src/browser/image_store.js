// The image store (src/browser/image_store.rs): IndexedDB database
// "mmchat-images", object store "images", one record {url, at} per image
// under its id. Each call returns a promise; a failure rejects with the
// browser's DOMException (QuotaExceededError when the site has no room).
let opened = null;

function db() {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open("mmchat-images", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("images");
    req.onsuccess = () => {
      const d = req.result;
      // A newer version of the app wants the database: let it have it.
      d.onversionchange = () => {
        d.close();
        opened = null;
      };
      resolve(d);
    };
    req.onerror = () => {
      opened = null;
      reject(req.error);
    };
  });
  return opened;
}

function run(mode, work) {
  return db().then(
    (d) =>
      new Promise((resolve, reject) => {
        const tx = d.transaction("images", mode);
        const req = work(tx.objectStore("images"));
        tx.oncomplete = () => resolve(req.result);
        tx.onabort = tx.onerror = () => reject(tx.error || req.error);
      }),
  );
}

// One call for every job (fewer bindings in the app's wasm): `kind` 0
// writes `url` as `id` (`keep`: a record already there stays), 1 reads it
// (its URL, or null), 2 deletes it, 3 says how much the site stores and
// may store ([used, quota] in bytes, or null).
export function imageJob(kind, id, url, keep) {
  if (kind === 3) {
    const storage = navigator.storage;
    return storage && storage.estimate
      ? storage.estimate().then((e) => [e.usage || 0, e.quota || 0])
      : Promise.resolve(null);
  }
  if (kind === 1) {
    return run("readonly", (s) => s.get(id)).then((r) => (r && typeof r.url === "string" ? r.url : null));
  }
  if (kind === 2) return run("readwrite", (s) => s.delete(id));
  return run("readwrite", (s) => {
    const record = { url, at: Date.now() };
    if (!keep) return s.put(record, id);
    const req = s.add(record, id);
    req.onerror = (e) => {
      if (req.error && req.error.name === "ConstraintError") e.preventDefault();
    };
    return req;
  });
}
