// Helpers the admin views (reports, settings) share: local dates in the observatory's zone,
// numbers and money in the reader's language, downloads that need the bearer token, form errors.
import { ApiError, token, url } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { language } from '../../shared/i18n.js';
import { timeZone } from '../../shared/format.js';
import { errorText, announce, showFieldErrors, clearFieldErrors } from '../common.js';
import { t, has } from '../i18n.js';
import { register } from '../../shared/i18n.js';

register({
  es: { 'adm.refused': (detail) => `No se ha guardado: ${detail}` },
  en: { 'adm.refused': (detail) => `Not saved: ${detail}` },
});

/** A refusal in words: our own wording for known codes, else the API's reason for a 4xx (it names the field). */
export function refusalText(e) {
  if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 412 && !has(`error.${e.code}`) && e.message) {
    return t('adm.refused', e.message);
  }
  return e instanceof ApiError || !e?.message ? errorText(e) : e.message;
}

export function locale() { return language() === 'en' ? 'en-GB' : 'es-ES'; }

/** Today as yyyy-MM-dd in the observatory's time zone. */
export function today() {
  // en-CA writes dates as yyyy-MM-dd.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** yyyy-MM-dd plus n days (calendar arithmetic in UTC, so no zone or DST shifts it). */
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** "12 mar" for a yyyy-MM-dd date (no time, so no zone conversion). */
export function shortDate(date) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function longDate(date) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function number(value, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value ?? 0);
}

/** Minutes as hours with up to two decimals: "1,5 h". */
export function hours(minutes) {
  return `${number((minutes ?? 0) / 60, 2)} h`;
}

export function money(amount, currency) {
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency: currency || 'EUR' }).format(amount ?? 0);
  } catch {
    return `${number(amount, 2)} ${currency ?? ''}`.trim();
  }
}

export function percent(share) {
  return share === null || share === undefined ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** The file name a Content-Disposition header gives (the UTF-8 form first), or null. */
function fileName(disposition) {
  const encoded = disposition.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) {
    try { return decodeURIComponent(encoded); } catch { /* fall back to the plain form */ }
  }
  return disposition.match(/filename="?([^";]+)"?/i)?.[1] ?? null;
}

/**
 * Fetches an API file with the session's bearer token and hands it to the browser as a
 * download (an <a download> on a blob: URL), keeping the server's file name.
 */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(url(path), { headers: { Authorization: `Bearer ${token()}`, Accept: 'text/csv' }, credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { /* not problem+json */ }
    throw ApiError.fromProblem(response.status, data, response.statusText);
  }
  const name = fileName(response.headers.get('Content-Disposition') ?? '') || fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = h('a', { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

/** Calls an API route with a raw body (e.g. an image) and the session's token; returns the JSON answer. */
export async function sendRaw(method, path, body, contentType) {
  let response;
  try {
    response = await fetch(url(path), {
      method, body, credentials: 'omit',
      headers: { Authorization: `Bearer ${token()}`, 'Content-Type': contentType, Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) throw ApiError.fromProblem(response.status, data, response.statusText);
  return data;
}

/**
 * An error box tied to a form: shows the refusal in words beside the form and, when the API
 * names fields, beside each of those fields too.
 */
let errorSerial = 0;
export function formError(form) {
  const box = h('p', { class: 'error form-error', role: 'alert', hidden: true, id: `form-error-${++errorSerial}` });
  return {
    box,
    show(e) {
      box.textContent = refusalText(e);
      box.hidden = false;
      form?.setAttribute('aria-describedby', box.id);
      if (form) showFieldErrors(form, e);
    },
    clear() {
      box.hidden = true;
      box.textContent = '';
      if (form) clearFieldErrors(form);
    },
  };
}

/** A .NET TimeSpan ("1.16:00:00", "08:30:00") as hours. */
export function spanToHours(text) {
  if (!text) return 0;
  const m = String(text).match(/^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/);
  if (!m) return 0;
  const value = (Number(m[2] ?? 0) * 24) + Number(m[3]) + Number(m[4]) / 60 + Number(`${m[5]}.${m[6] ?? 0}`) / 3600;
  return m[1] ? -value : value;
}

/** Hours as a .NET TimeSpan, rounded to the minute. */
export function hoursToSpan(value) {
  const total = Math.round(Number(value) * 60);
  const days = Math.floor(total / 1440);
  const hh = Math.floor((total % 1440) / 60);
  const mm = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return `${days > 0 ? `${days}.` : ''}${pad(hh)}:${pad(mm)}:00`;
}

/** A cell with a label for the phone layout (tables collapse into rows there). */
export function cell(label, ...content) {
  return h('td', { 'data-label': label }, ...content);
}

/** A table with column headers (th scope=col), body rows and an optional footer row. */
export function table(className, columns, rows, foot = null, caption = null) {
  return h('table', { class: `tickets report-table ${className}` },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows),
    foot ? h('tfoot', {}, foot) : null);
}

/**
 * Wires a form: on submit, disables its button, runs save(), shows the API's refusal beside
 * the form or announces success. Returns { form, error } (put error.box where it should show).
 */
export function saveForm(form, save, { done = t('set.saved') } = {}) {
  const error = formError(form);
  const status = h('span', { class: 'muted save-status', role: 'status' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    error.clear();
    status.textContent = t('set.saving');
    if (button) button.disabled = true;
    try {
      const message = await save();
      status.textContent = message ?? done;
      announce(message ?? done);
    } catch (err) {
      status.textContent = '';
      error.show(err);
    } finally {
      if (button) button.disabled = false;
    }
  });
  return { error, status };
}

/** A section's frame: a heading (h2) and content. */
export function section(title, ...content) {
  return h('section', { class: 'panel settings-section' }, h('h2', {}, title), ...content);
}

/** Checkbox with its label after it. */
export function checkbox(id, label, checked) {
  const input = h('input', { type: 'checkbox', id, checked: checked ? true : null });
  return { field: h('label', { class: 'check', for: id }, input, label), input };
}
