// Dates in the observatory's time zone, sizes, and the SLA light in words.
import { h } from './dom.js';
import { language, t } from './i18n.js';
import './words.js';

let zone = 'UTC';
export function setTimeZone(value) { if (value) zone = value; }
export function timeZone() { return zone; }

function locale() { return language() === 'en' ? 'en-GB' : 'es-ES'; }

// Two-digit 24-hour times ("05:19", not "5:19"), as a technician reads a log.
const DATE_TIME = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "12 mar 2026, 14:05" in the observatory's zone, in a <time> whose datetime is the exact instant. */
export function time(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  const text = new Intl.DateTimeFormat(locale(), { timeZone: zone, ...DATE_TIME }).format(at);
  return h('time', { datetime: at.toISOString(), title: `${text} (${zone})` }, text);
}

export function timeText(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, ...DATE_TIME }).format(new Date(iso));
}

export function size(bytes) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** The SLA light as a coloured dot plus words (never colour alone), with the next deadline. */
export function slaBadge(ticket) {
  const sla = ticket.sla;
  const active = Boolean(sla) && !['finished', 'cancelled', 'closed'].includes(ticket.status);
  const light = active && !sla.paused ? sla.light : 'none';
  const key = !active ? 'sla.none' : sla.paused ? 'sla.paused' : `sla.${light}`;
  const due = light !== 'none' ? (ticket.firstRespondedAt ? sla.resolutionDueAt : sla.firstResponseDueAt) : null;
  return h('span', { class: 'sla-cell' },
    h('span', { class: `sla sla-${light}`, 'data-light': light }, t(key)),
    due ? h('span', { class: 'sla-due muted' }, ` · ${t('slaDue', timeText(due))}`) : null);
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, t(`status.${status}`));
}
