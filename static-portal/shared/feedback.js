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

/**
 * Shows the error in box and, for a validation refusal, beside each field it names (see
 * showFieldErrors). scope holds the fields: by default the form the box sits in.
 */
export function showError(box, e, scope = box?.closest?.('form')) {
  box.textContent = errorText(e);
  box.hidden = false;
  if (scope) showFieldErrors(scope, e);
}

/** The control in scope for an API field name: [data-field] or [name], else an id ending in -field. */
function controlFor(scope, name) {
  const key = String(name).replace(/^\$\.?/, '');
  if (!key) return null;
  const quoted = CSS.escape(key);
  const named = scope.querySelector(`[data-field="${quoted}"], [name="${quoted}"]`);
  if (named) return named;
  // Ids are "{form}-{field}" in lower case, e.g. staff-email for email, cust-taxid for taxId.
  const flat = `-${key.toLowerCase()}`;
  const kebab = `-${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  return [...scope.querySelectorAll('input, select, textarea')]
    .find((c) => c.id && !c.disabled && (c.id.toLowerCase().endsWith(flat) || c.id.toLowerCase().endsWith(kebab))) ?? null;
}

/** Removes the field messages showFieldErrors put in scope. */
export function clearFieldErrors(scope) {
  for (const control of scope?.querySelectorAll?.('[aria-invalid="true"]') ?? []) clearFieldError(control);
}

let serial = 0;

// The listener that clears each marked control's message when it changes.
const clearers = new WeakMap();

function clearFieldError(control) {
  const clear = clearers.get(control);
  if (clear) {
    control.removeEventListener('input', clear);
    control.removeEventListener('change', clear);
    clearers.delete(control);
  }
  const id = `${control.id}-error`;
  document.getElementById(id)?.remove();
  control.removeAttribute('aria-invalid');
  const rest = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
  if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
  else control.removeAttribute('aria-describedby');
}

/**
 * For a refusal with per-field errors (problem+json "errors"), marks each named control in scope
 * aria-invalid and puts the site's words for the refusal's code beside it (the API's per-field
 * messages are English), tied to the control with aria-describedby. A message goes away when
 * its field changes. Returns how many fields were marked; the first one gets the focus.
 */
export function showFieldErrors(scope, e) {
  clearFieldErrors(scope);
  if (!(e instanceof ApiError) || !scope) return 0;
  const text = errorText(e);
  const marked = [];
  for (const name of Object.keys(e.fields ?? {})) {
    const control = controlFor(scope, name);
    if (!control || marked.includes(control)) continue;
    if (!control.id) control.id = `field-${++serial}`;
    const id = `${control.id}-error`;
    const message = h('span', { class: 'field-error', id }, text);
    // A checkbox sits inside its label or before it; the message goes after the pair.
    const anchor = control.closest('label')
      ?? (control.type === 'checkbox' && control.nextElementSibling?.tagName === 'LABEL' ? control.nextElementSibling : control);
    anchor.after(message);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
    const clear = () => clearFieldError(control);
    clearers.set(control, clear);
    control.addEventListener('input', clear);
    control.addEventListener('change', clear);
    marked.push(control);
  }
  marked[0]?.focus();
  return marked.length;
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
