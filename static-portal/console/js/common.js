// Small pieces every console view uses: errors in words, announcements, headings, polling.
import { ApiError } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { has, t } from './i18n.js';
import { config } from '../config.js';

/** What to tell the person about an error: our wording for known codes, else the API's detail. */
export function errorText(e) {
  if (e instanceof ApiError) {
    if (has(`error.${e.code}`)) return t(`error.${e.code}`);
    return e.message ? `${t('error.generic')} ${e.message}` : t('error.generic');
  }
  return t('error.generic');
}

export function alertBox() {
  return h('div', { class: 'error', role: 'alert', hidden: true });
}

export function showError(box, e) {
  box.textContent = errorText(e);
  box.hidden = false;
}

export function announce(text) {
  const live = document.getElementById('announcer');
  live.textContent = '';
  // A fresh text node after clearing makes screen readers read the same sentence again.
  requestAnimationFrame(() => { live.textContent = text; });
}

export function heading(text) {
  return h('h1', { tabindex: '-1' }, text);
}

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
