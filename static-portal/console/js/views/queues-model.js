// The queues' rules without DOM: which queue asks the API for what, the state kept in the
// hash (#/q/{queue}?filters), sorting within the loaded rows, and SLA time left in words.
import { t } from '../i18n.js';

/** Each queue: the API filters it fixes, and its count in GET /queues (null: not counted). */
export const QUEUES = [
  ['mine', (me) => ({ assignee: me.id, active: 'true' }), 'mine'],
  ['unassigned', () => ({ assignee: 'none', active: 'true' }), 'unassigned'],
  ['level-1', () => ({ active: 'true', level: '1' }), 'level1'],
  ['level-2', () => ({ active: 'true', level: '2' }), 'level2'],
  ['level-3', () => ({ active: 'true', level: '3' }), 'level3'],
  ['open', () => ({ status: 'open' }), 'open'],
  ['in-progress', () => ({ status: 'in_progress' }), 'inProgress'],
  ['blocked', () => ({ status: 'blocked' }), 'blocked'],
  ['waiting-customer', () => ({ active: 'true', waitingOn: 'customer' }), 'waitingCustomer'],
  ['waiting-provider', () => ({ active: 'true', waitingOn: 'provider' }), 'waitingProvider'],
  ['at-risk', () => ({ active: 'true', atRisk: 'true' }), 'atRisk'],
  ['active', () => ({ active: 'true' }), null],
  ['all', () => ({}), null],
].map(([name, params, count]) => ({ name, params, count }));

export const queueNamed = (name) => QUEUES.find((q) => q.name === name) ?? QUEUES[0];

/** The filters a person can set, as the API names them (all kept in the hash). */
export const FILTERS = ['q', 'externalRef', 'customerId', 'telescopeId', 'responsible', 'assignee', 'type', 'tag', 'light'];

export const SORTS = ['code', 'title', 'customer', 'telescope', 'status', 'priority', 'assignees', 'waitingOn', 'externalRef', 'age', 'sla'];

/** The view's state from the hash's query: filters, sort column and direction. */
export function readState(query) {
  const params = new URLSearchParams(query ?? '');
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const sort = SORTS.includes(params.get('sort')) ? params.get('sort') : 'age';
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  return { filters, sort, dir };
}

/** The hash for a queue and state; the default sort (newest first) is left out. */
export function stateHash(queue, { filters, sort, dir }) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
  if (sort !== 'age' || dir !== 'asc') { params.set('sort', sort); params.set('dir', dir); }
  const query = params.toString();
  return `#/q/${queue}${query ? `?${query}` : ''}`;
}

/** The API query of a queue with the person's filters; the queue's own filters win. */
export function apiQuery(queue, filters, me, limit) {
  const params = new URLSearchParams({ ...filters, ...queue.params(me), limit: String(limit) });
  return params;
}

/** Which filters the queue fixes itself (their controls are disabled). */
export function fixedBy(queue, me) {
  return new Set(Object.keys(queue.params(me)));
}

const PRIORITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 };
const STATUS_RANK = { open: 0, in_progress: 1, blocked: 2, finished: 3, cancelled: 4, closed: 5 };
const DONE = ['finished', 'cancelled', 'closed'];

/** The deadline the light is about: first response until someone answered, then resolution. */
export function slaDue(ticket) {
  const sla = ticket.sla;
  if (!sla || sla.paused || DONE.includes(ticket.status)) return null;
  const due = ticket.firstRespondedAt ? sla.resolutionDueAt : sla.firstResponseDueAt;
  return due ? new Date(due) : null;
}

/** The light to show: none for finished tickets and paused clocks' own wording. */
export function slaLight(ticket) {
  const sla = ticket.sla;
  if (!sla || DONE.includes(ticket.status)) return 'none';
  if (sla.paused) return 'paused';
  return sla.light ?? 'none';
}

/** "2 h 10 min", "3 d 4 h", "45 s": a duration in the two largest units that matter. */
export function span(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (d > 0) return hours > 0 ? t('q.span.dh', d, hours) : t('q.span.d', d);
  if (hours > 0) return min > 0 ? t('q.span.hm', hours, min) : t('q.span.h', hours);
  if (min > 0) return t('q.span.m', min);
  return t('q.span.s', s);
}

/** "quedan 2 h 10 min" or "vencido hace 5 min" (null without a running deadline). */
export function slaLeft(ticket, now) {
  const due = slaDue(ticket);
  if (!due) return null;
  const ms = due.getTime() - now;
  return ms >= 0 ? t('q.left', span(ms)) : t('q.overdue', span(-ms));
}

/** Rows sorted by a column (stable; ties keep the API's newest-first order). */
export function sortRows(items, sort, dir, names) {
  const sign = dir === 'desc' ? -1 : 1;
  const text = (a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
  const key = {
    code: (x) => Number((x.code.match(/(\d+)$/) ?? [])[1] ?? 0),
    title: (x) => x.title,
    customer: (x) => names.customer(x.customerId),
    telescope: (x) => (x.telescopeId ? names.telescope(x.telescopeId) : ''),
    status: (x) => STATUS_RANK[x.status] ?? 9,
    priority: (x) => -(PRIORITY_RANK[x.priority] ?? 0),
    assignees: (x) => x.assignees.map(names.staff).join(', '),
    waitingOn: (x) => (x.waitingOn === 'none' ? '' : t(`q.waiting.${x.waitingOn}`)),
    externalRef: (x) => x.externalRef ?? '',
    // Age ascending = youngest first, the API's own order.
    age: (x) => -new Date(x.createdAt).getTime(),
    // Most urgent first: overdue the longest, then the least time left; no deadline last.
    sla: (x) => slaDue(x)?.getTime() ?? Number.MAX_SAFE_INTEGER,
  }[sort] ?? (() => 0);
  return items
    .map((item, index) => ({ item, index, k: key(item) }))
    .sort((a, b) => {
      const c = typeof a.k === 'string' ? text(a.k, b.k) : a.k - b.k;
      return c !== 0 ? c * sign : a.index - b.index;
    })
    .map((x) => x.item);
}
