// Registers the app's service worker (sw.js, next to index.html; see
// scripts/service-worker.mjs) once the page has loaded, and calls
// `onUpdateReady` when a newer build's worker is installed and waiting.
// `applyUpdate` lets it take over; the page then reloads, all new files.
let reloading = false;

export function watchServiceWorker(onUpdateReady) {
  const container = navigator.serviceWorker;
  if (!container) return; // not a secure context, or no support: no offline
  container.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  const register = async () => {
    // Resolved against the page, so the worker's scope is the app's folder.
    const registration = await container.register(new URL("sw.js", document.baseURI).href);
    if (!registration) return; // blocked (the end-to-end tests do so)
    const check = () => {
      // A waiting worker with none in control would be the first install.
      if (registration.waiting && container.controller) onUpdateReady();
    };
    check();
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => worker.state === "installed" && check());
    });
    // A tab left open for days still hears of a new deployment.
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  };
  const start = () => register().catch(() => {}); // offline use is a bonus, never an error
  if (document.readyState === "complete") start();
  else addEventListener("load", start, { once: true });
}

export async function applyUpdate() {
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => null);
  if (!registration?.waiting) return location.reload();
  reloading = true;
  registration.waiting.postMessage("skip-waiting");
}
