import { get } from '../api.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { time, slaBadge, statusBadge } from '../format.js';
import { heading, myTelescopes } from './common.js';

export async function telescopesView(main, app) {
  const telescopes = await myTelescopes(app, get);
  fill(main, heading(t('telescopesTitle')),
    telescopes.length === 0
      ? h('p', { class: 'empty' }, t('noTelescopes'))
      : h('ul', { class: 'cards', id: 'telescope-list' }, telescopes.map((s) => h('li', { class: 'card' },
        h('h2', {}, h('a', { href: `#/telescopes/${s.id}` }, s.name)),
        details(s)))));
}

/** A telescope and its technical history: open tickets and the most recent ones. */
export async function telescopeView(main, id) {
  const detail = await get(`/telescopes/${encodeURIComponent(id)}`);
  const s = detail.telescope;
  fill(main,
    h('p', {}, h('a', { href: '#/telescopes' }, `← ${t('telescopesTitle')}`)),
    heading(s.name),
    h('div', { class: 'panel' }, details(s)),
    h('h2', {}, t('openTickets')), list(detail.openTickets, 'open-tickets'),
    h('h2', {}, t('history')), list(detail.recentTickets, 'telescope-history'));
}

function details(s) {
  const row = (label, value) => (value ? h('div', {}, h('dt', {}, label), h('dd', {}, value)) : null);
  return h('dl', { class: 'facts' },
    row(t('status'), t(`telescopeStatus.${s.status}`)),
    row(t('model'), s.model), row(t('mount'), s.mount), row(t('camera'), s.camera), row(t('location'), s.location));
}

function list(tickets, id) {
  if (tickets.length === 0) return h('p', { class: 'empty', id }, t('noTickets'));
  return h('table', { class: 'tickets', id },
    h('thead', {}, h('tr', {}, ...['code', 'title', 'status', 'lastUpdate', 'sla'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, tickets.map((x) => h('tr', { dataset: { code: x.code } },
      h('td', { class: 'code', 'data-label': t('code') }, x.code),
      h('td', { 'data-label': t('title') }, h('a', { href: `#/tickets/${encodeURIComponent(x.code)}` }, x.title)),
      h('td', { 'data-label': t('status') }, statusBadge(x.status)),
      h('td', { 'data-label': t('lastUpdate') }, time(x.updatedAt)),
      h('td', { 'data-label': t('sla') }, slaBadge(x))))));
}
