// How both sites tell people things: errors in words, alert boxes, live announcements, headings.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { has, t } from './i18n.js';

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
