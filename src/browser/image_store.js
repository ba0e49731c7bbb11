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

// `keep`: a record already under `id` stays as it is.
export function imagePut(id, url, keep) {
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

export function imageGet(id) {
  return run("readonly", (s) => s.get(id)).then((r) => (r && typeof r.url === "string" ? r.url : null));
}

export function imageDelete(id) {
  return run("readwrite", (s) => s.delete(id));
}

// [used, quota] in bytes for the whole site, as the browser estimates them.
export async function imageMeasure() {
  const storage = navigator.storage;
  if (!storage || !storage.estimate) return null;
  const e = await storage.estimate();
  return [e.usage || 0, e.quota || 0];
}
