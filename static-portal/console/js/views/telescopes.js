// Telescopes: every telescope with its open tickets and worst SLA light, and one telescope's
// tickets (open ones with their light, then its whole history, newest first).
import { get } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { slaBadge, statusBadge, time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { heading, poll, announce, alertBox, showError } from '../common.js';
import { labelCells } from './table-labels.js';

register({
  es: {
    'tel.title': 'Telescopios',
    'tel.filters': 'Filtrar telescopios',
    'tel.customer': 'Cliente',
    'tel.allCustomers': 'Todos los clientes',
    'tel.search': 'Buscar',
    'tel.searchHint': 'Nombre, modelo o ubicación',
    'tel.name': 'Telescopio',
    'tel.model': 'Modelo',
    'tel.mount': 'Montura',
    'tel.camera': 'Cámara',
    'tel.location': 'Ubicación',
    'tel.state': 'Estado del equipo',
    'tel.open': 'Tickets abiertos',
    'tel.light': 'Semáforo SLA',
    'tel.worst': 'peor semáforo',
    'tel.none': 'Ninguno',
    'tel.empty': 'Ningún telescopio coincide con el filtro.',
    'tel.count': (shown, all) => `${shown} de ${all} telescopios`,
    'tel.status.active': 'En servicio',
    'tel.status.maintenance': 'En mantenimiento',
    'tel.status.offline': 'Fuera de línea',
    'tel.status.retired': 'Retirado',
    'tel.back': 'Todos los telescopios',
    'tel.openTickets': 'Tickets abiertos',
    'tel.noOpen': 'Este telescopio no tiene tickets abiertos.',
    'tel.history': 'Historial',
    'tel.noHistory': 'Este telescopio no tiene tickets.',
    'tel.more': 'Ver más',
    'tel.loadedMore': (n) => `${n} tickets más en el historial.`,
    'tel.code': 'Código',
    'tel.ticket': 'Título',
    'tel.status': 'Estado',
    'tel.created': 'Abierto',
    'tel.updated': 'Actualizado',
  },
  en: {
    'tel.title': 'Telescopes',
    'tel.filters': 'Filter telescopes',
    'tel.customer': 'Customer',
    'tel.allCustomers': 'All customers',
    'tel.search': 'Search',
    'tel.searchHint': 'Name, model or location',
    'tel.name': 'Telescope',
    'tel.model': 'Model',
    'tel.mount': 'Mount',
    'tel.camera': 'Camera',
    'tel.location': 'Location',
    'tel.state': 'Equipment status',
    'tel.open': 'Open tickets',
    'tel.light': 'SLA light',
    'tel.worst': 'worst light',
    'tel.none': 'None',
    'tel.empty': 'No telescope matches the filter.',
    'tel.count': (shown, all) => `${shown} of ${all} telescopes`,
    'tel.status.active': 'In service',
    'tel.status.maintenance': 'In maintenance',
    'tel.status.offline': 'Offline',
    'tel.status.retired': 'Retired',
    'tel.back': 'All telescopes',
    'tel.openTickets': 'Open tickets',
    'tel.noOpen': 'This telescope has no open tickets.',
    'tel.history': 'History',
    'tel.noHistory': 'This telescope has no tickets.',
    'tel.more': 'Show more',
    'tel.loadedMore': (n) => `${n} more tickets in the history.`,
    'tel.code': 'Code',
    'tel.ticket': 'Title',
    'tel.status': 'Status',
    'tel.created': 'Opened',
    'tel.updated': 'Updated',
  },
});

export const routes = [
  [/^#\/telescopes$/, (main) => listView(main)],
  [/^#\/telescopes\/([A-Za-z0-9_-]+)$/, (main, m) => detailView(main, m[1])],
];

// The filter survives going into a telescope and back (same page session).
const filter = { customer: '', text: '' };

/** Case- and accent-insensitive, like the API's own text filters. */
const fold = (s) => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const ticketLink = (code) => h('a', { href: `#/tickets/${encodeURIComponent(code)}` }, code);

/** The worst light of a telescope's open tickets, in words and colour. */
function lightBadge(load) {
  if (!load) return h('span', { class: 'muted' }, t('tel.none'));
  return h('span', { class: `sla sla-${load.light}`, 'data-light': load.light, title: t('tel.worst') }, t(`sla.${load.light}`));
}

async function listView(main) {
  const [telescopes, customers] = await Promise.all([get('/telescopes'), get('/customers')]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  let load = new Map((await get('/telescopes/open')).map((x) => [x.telescopeId, x]));

  const customer = field('tel-customer', t('tel.customer'),
    options(h('select', {}), [['', t('tel.allCustomers')], ...customers.map((c) => [c.id, c.name])], filter.customer));
  const search = field('tel-search', t('tel.search'), h('input', { type: 'search', value: filter.text, autocomplete: 'off' }), t('tel.searchHint'));
  const count = h('p', { class: 'muted', id: 'telescope-count', role: 'status' });
  const list = h('div', { id: 'telescope-list' });
  fill(main, heading(t('tel.title')),
    h('form', { class: 'filters library-filters', role: 'search', 'aria-label': t('tel.filters'), onsubmit: (e) => e.preventDefault() }, customer.field, search.field),
    count, list);

  const draw = () => {
    const words = fold(filter.text).split(/\s+/).filter(Boolean);
    const shown = telescopes.filter((x) => (!filter.customer || x.customerId === filter.customer)
      && words.every((w) => fold([x.name, x.model, x.location, x.mount, x.camera, customerName.get(x.customerId)].join(' ')).includes(w)));
    count.textContent = t('tel.count', shown.length, telescopes.length);
    fill(list, shown.length === 0 ? h('p', { class: 'empty' }, t('tel.empty')) : labelCells(h('table', { class: 'tickets', id: 'telescope-table' },
      h('caption', { class: 'visually-hidden' }, t('tel.title')),
      h('thead', {}, h('tr', {}, [t('tel.name'), t('tel.customer'), t('tel.model'), t('tel.state'), t('tel.open'), t('tel.light')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map((x) => {
        const open = load.get(x.id);
        return h('tr', { dataset: { telescope: x.id } },
          h('th', { scope: 'row' }, h('a', { href: `#/telescopes/${encodeURIComponent(x.id)}` }, x.name)),
          h('td', {}, customerName.get(x.customerId) ?? ''),
          h('td', {}, x.model ?? ''),
          h('td', {}, t(`tel.status.${x.status}`)),
          h('td', { class: 'tel-open-count' }, String(open?.open ?? 0)),
          h('td', { class: 'tel-light' }, lightBadge(open)));
      })))));
  };
  customer.input.addEventListener('change', () => { filter.customer = customer.input.value; draw(); });
  search.input.addEventListener('input', () => { filter.text = search.input.value; draw(); });
  draw();
  // Refreshes only the counts and lights in place, so focus and scroll stay where the person is.
  return poll(async () => {
    load = new Map((await get('/telescopes/open')).map((x) => [x.telescopeId, x]));
    for (const row of list.querySelectorAll('tr[data-telescope]')) {
      const open = load.get(row.dataset.telescope);
      row.querySelector('.tel-open-count').textContent = String(open?.open ?? 0);
      fill(row.querySelector('.tel-light'), lightBadge(open));
    }
  });
}

function ticketTable(id, tickets, withLight) {
  const columns = [t('tel.code'), t('tel.ticket'), t('tel.status'), ...(withLight ? [t('tel.light')] : []), t('tel.created'), t('tel.updated')];
  return labelCells(h('table', { class: 'tickets', id },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, tickets.map((x) => ticketRow(x, withLight)))));
}

function ticketRow(x, withLight) {
  return h('tr', { dataset: { code: x.code } },
    h('td', { class: 'code' }, ticketLink(x.code)),
    h('td', {}, x.title),
    h('td', {}, statusBadge(x.status)),
    withLight ? h('td', {}, slaBadge(x)) : null,
    h('td', {}, time(x.createdAt)),
    h('td', {}, time(x.updatedAt)));
}

async function detailView(main, id) {
  const detail = await get(`/telescopes/${encodeURIComponent(id)}`);
  const scope = detail.telescope;
  let customerName = '';
  try { customerName = (await get(`/customers/${encodeURIComponent(scope.customerId)}`)).customer.name; } catch { /* the id stays shown below */ }

  const fact = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : null);
  const open = h('div', { id: 'telescope-open' });
  const history = h('div', { id: 'telescope-history' });
  fill(main,
    h('p', {}, h('a', { href: '#/telescopes' }, `← ${t('tel.back')}`)),
    heading(scope.name),
    h('dl', { class: 'facts tel-facts' },
      fact(t('tel.customer'), customerName || scope.customerId),
      fact(t('tel.model'), scope.model), fact(t('tel.mount'), scope.mount), fact(t('tel.camera'), scope.camera),
      fact(t('tel.location'), scope.location), fact(t('tel.state'), t(`tel.status.${scope.status}`))),
    h('section', { 'aria-labelledby': 'tel-open-title' }, h('h2', { id: 'tel-open-title' }, t('tel.openTickets')), open),
    h('section', { 'aria-labelledby': 'tel-history-title' }, h('h2', { id: 'tel-history-title' }, t('tel.history')), history));

  // Redrawn only when something shown changed, so a refresh does not take focus away.
  let shown = '';
  const drawOpen = (tickets) => {
    const signature = JSON.stringify(tickets.map((x) => [x.code, x.title, x.status, x.updatedAt, x.sla?.light, x.sla?.paused]));
    if (signature === shown) return;
    shown = signature;
    fill(open, tickets.length === 0 ? h('p', { class: 'empty' }, t('tel.noOpen')) : ticketTable('telescope-open-table', tickets, true));
  };
  drawOpen(detail.openTickets);

  // The whole history, a page at a time (the detail's "recent" list stops at ten).
  const query = (cursor) => `/tickets?${new URLSearchParams({ telescopeId: id, limit: '50', ...(cursor ? { cursor } : {}) })}`;
  const first = await get(query());
  if (first.items.length === 0) {
    fill(history, h('p', { class: 'empty' }, t('tel.noHistory')));
  } else {
    const table = ticketTable('telescope-history-table', first.items, false);
    const tbody = table.querySelector('tbody');
    let next = first.nextCursor;
    const more = h('button', { type: 'button', class: 'secondary', hidden: !next }, t('tel.more'));
    const error = alertBox();
    more.addEventListener('click', async () => {
      more.disabled = true;
      error.hidden = true;
      try {
        const page = await get(query(next));
        tbody.append(...page.items.map((x) => ticketRow(x, false)));
        labelCells(table);
        next = page.nextCursor;
        more.hidden = !next;
        announce(t('tel.loadedMore', page.items.length));
      } catch (e) {
        showError(error, e);
      } finally {
        more.disabled = false;
      }
    });
    fill(history, table, error, more);
  }

  return poll(async () => drawOpen((await get(`/telescopes/${encodeURIComponent(id)}`)).openTickets));
}
