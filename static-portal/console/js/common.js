// Small pieces every console view uses: polling here; errors, announcements and headings are
// shared with the portal (shared/feedback.js).
import { config } from '../config.js';

export { errorText, alertBox, showError, showFieldErrors, clearFieldErrors, announce, heading } from '../shared/feedback.js';

/**
 * Calls refresh every config.pollSeconds while the page is visible, one call at a time;
 * returns the function that stops it (a view returns it as its cleanup).
 */
export function poll(refresh, seconds = config.pollSeconds) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') {
      try { await refresh(); } catch { /* the next tick tries again */ }
    }
    if (!stopped) timer = setTimeout(tick, seconds * 1000);
  };
  timer = setTimeout(tick, seconds * 1000);
  return () => { stopped = true; clearTimeout(timer); };
}
