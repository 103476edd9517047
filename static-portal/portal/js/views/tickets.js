import { get } from '../api.js';
import { h, fill, field, options } from '../dom.js';
import { t } from '../i18n.js';
import { time, slaBadge, statusBadge } from '../format.js';
import { heading, myTelescopes, announce } from './common.js';

const STATUSES = ['open', 'in_progress', 'blocked', 'finished', 'cancelled', 'closed'];

/** My tickets: code, title, status, telescope, last update and SLA light; filter by status and telescope; search. */
export async function ticketListView(main, app) {
  const telescopes = await myTelescopes(app, get);
  const names = new Map(telescopes.map((s) => [s.id, s.name]));
  const filters = new URLSearchParams(sessionStorage.getItem('astroblob.filters') ?? '');

  const search = field('filter-q', t('search'), h('input', { type: 'search', value: filters.get('q') ?? '', placeholder: t('searchHint') }));
  const status = field('filter-status', t('status'),
    options(h('select'), [['', t('anyStatus')], ...STATUSES.map((s) => [s, t(`status.${s}`)])], filters.get('status') ?? ''));
  const telescope = field('filter-telescope', t('telescope'),
    options(h('select'), [['', t('anyTelescope')], ...telescopes.map((s) => [s.id, s.name])], filters.get('telescopeId') ?? ''));
  const form = h('form', { class: 'filters', role: 'search' }, search.field, status.field, telescope.field);
  const count = h('p', { class: 'muted', role: 'status', id: 'ticket-count' });
  const body = h('tbody');
  const table = h('table', { class: 'tickets', id: 'ticket-table' },
    h('caption', { class: 'visually-hidden' }, t('ticketsTitle')),
    h('thead', {}, h('tr', {}, ...['code', 'title', 'status', 'telescope', 'lastUpdate', 'sla'].map((k) => h('th', { scope: 'col' }, t(k))))),
    body);
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('loadMore'));
  fill(main, heading(t('ticketsTitle')), form, count, table, h('p', {}, more));

  let cursor = null;
  let shown = 0;
  let generation = 0;

  async function load(reset) {
    const mine = ++generation;
    const query = new URLSearchParams();
    if (search.input.value.trim()) query.set('q', search.input.value.trim());
    if (status.input.value) query.set('status', status.input.value);
    if (telescope.input.value) query.set('telescopeId', telescope.input.value);
    sessionStorage.setItem('astroblob.filters', query.toString());
    if (!reset && cursor) query.set('cursor', cursor);
    const page = await get(`/tickets?${query}`);
    if (mine !== generation) return; // a newer search has started
    if (reset) { body.replaceChildren(); shown = 0; }
    for (const ticket of page.items) body.append(row(ticket, names));
    shown += page.items.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    if (shown === 0) body.append(h('tr', {}, h('td', { colspan: '6', class: 'empty' }, t('noTickets'))));
    count.textContent = t('ticketsFound', shown);
    if (reset) announce(count.textContent);
  }

  let debounce = null;
  search.input.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => load(true), 300); });
  form.addEventListener('submit', (e) => { e.preventDefault(); load(true); });
  status.input.addEventListener('change', () => load(true));
  telescope.input.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  await load(true);
  return () => clearTimeout(debounce);
}

function row(ticket, names) {
  const link = h('a', { href: `#/tickets/${encodeURIComponent(ticket.code)}` }, ticket.title);
  return h('tr', { dataset: { code: ticket.code } },
    h('td', { class: 'code', 'data-label': t('code') }, ticket.code),
    h('td', { 'data-label': t('title') }, link, ticket.waitingOn === 'customer' ? h('div', { class: 'hint' }, t('waitingOnYou')) : null),
    h('td', { 'data-label': t('status') }, statusBadge(ticket.status)),
    h('td', { 'data-label': t('telescope') }, ticket.telescopeId ? names.get(ticket.telescopeId) ?? '' : '—'),
    h('td', { 'data-label': t('lastUpdate') }, time(ticket.updatedAt)),
    h('td', { 'data-label': t('sla') }, slaBadge(ticket)));
}
