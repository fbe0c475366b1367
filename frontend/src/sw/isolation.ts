// Cross-origin isolation for hosts that cannot send headers (GitHub Pages, a
// USB stick served by any static server): the worker adds COOP and COEP to the
// responses it gives the site's pages and workers, so that the page gets a
// SharedArrayBuffer and Stop can interrupt Python without losing its variables.
// Headers the host did send are kept as they are.
import { withHeaders } from "./config";

// require-corp, as `ardoise serve` sends: the same behaviour on every host, and
// the value every browser with cross-origin isolation understands.
const ISOLATION: Record<string, string> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export function isolated(response: Response): Response {
  // Opaque and error responses cannot be changed, and need not be.
  if (response.type === "opaque" || response.type === "opaqueredirect" || response.status === 0) return response;
  const missing = Object.entries(ISOLATION).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  return withHeaders(response, Object.fromEntries(missing));
}
