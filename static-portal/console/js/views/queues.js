// Queues: each console queue with its count, and its tickets in a filterable, sortable, paged
// table that refreshes itself (the filters, sort and pages loaded stay as they are).
// State lives in the hash: #/q/{queue}?type=repair&sort=sla&dir=asc, so a link or a reload keeps it.
import { get } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { statusBadge, timeText } from '../../shared/format.js';
import { t } from '../i18n.js';
import { alertBox, announce, errorText, heading, poll } from '../common.js';
import { QUEUES, FILTERS, apiQuery, fixedBy, queueNamed, readState, slaLeft, slaLight, sortRows, span, stateHash } from './queues-model.js';

register({
  es: {
    'q.title': 'Colas',
    'q.tabs': 'Colas de tickets',
    'q.queue.mine': 'Mis tickets',
    'q.queue.unassigned': 'Sin asignar',
    'q.queue.level-1': 'Primera línea',
    'q.queue.level-2': 'Segunda línea',
    'q.queue.level-3': 'Tercera línea',
    'q.queue.open': 'Abiertos',
    'q.queue.in-progress': 'En progreso',
    'q.queue.blocked': 'Bloqueados',
    'q.queue.waiting-customer': 'En espera del cliente',
    'q.queue.waiting-provider': 'En espera del proveedor',
    'q.queue.at-risk': 'En riesgo (SLA)',
    'q.queue.active': 'Todos los activos',
    'q.queue.all': 'Todos los tickets',
    'q.count': (n) => `${n} ${n === 1 ? 'ticket' : 'tickets'}`,
    'q.filters': 'Filtros',
    'q.f.q': 'Código o texto',
    'q.f.externalRef': 'Referencia del proveedor',
    'q.f.customerId': 'Cliente',
    'q.f.telescopeId': 'Telescopio',
    'q.f.responsible': 'Responsable',
    'q.f.assignee': 'Técnico asignado',
    'q.f.type': 'Tipo',
    'q.f.tag': 'Etiqueta',
    'q.f.light': 'Semáforo SLA',
    'q.f.any': 'Cualquiera',
    'q.f.fixed': 'Lo fija esta cola',
    'q.f.unassigned': 'Sin asignar',
    'q.f.clear': 'Quitar filtros',
    'q.f.apply': 'Filtrar',
    'q.col.code': 'Código',
    'q.col.title': 'Título',
    'q.col.customer': 'Cliente',
    'q.col.telescope': 'Telescopio',
    'q.col.status': 'Estado',
    'q.col.priority': 'Prioridad',
    'q.col.assignees': 'Asignado a',
    'q.col.waitingOn': 'En espera de',
    'q.col.externalRef': 'Ref. proveedor',
    'q.col.age': 'Antigüedad',
    'q.col.sla': 'Semáforo SLA',
    'q.sortBy': (col) => `Ordenar por ${col}`,
    'q.sorted': (col, dir) => `Ordenado por ${col}, ${dir === 'asc' ? 'ascendente' : 'descendente'}.`,
    'q.waiting.none': '—',
    'q.waiting.customer': 'Cliente',
    'q.waiting.provider': 'Proveedor',
    'q.waiting.support': 'Soporte',
    'q.nobody': 'Sin asignar',
    'q.level': (n) => `${n}ª línea`,
    'q.left': (s) => `quedan ${s}`,
    'q.overdue': (s) => `vencido hace ${s}`,
    'q.span.d': (d) => `${d} d`,
    'q.span.dh': (d, hh) => `${d} d ${hh} h`,
    'q.span.h': (hh) => `${hh} h`,
    'q.span.hm': (hh, m) => `${hh} h ${m} min`,
    'q.span.m': (m) => `${m} min`,
    'q.span.s': (s) => `${s} s`,
    'q.empty': 'No hay tickets en esta cola.',
    'q.emptyFiltered': 'Ningún ticket de esta cola coincide con los filtros.',
    'q.shown': (n, more) => `Se muestran ${n} ${n === 1 ? 'ticket' : 'tickets'}${more ? '; hay más' : ''}.`,
    'q.more': 'Cargar más',
    'q.arrived': (n) => (n === 1 ? 'Ha entrado 1 ticket en la cola.' : `Han entrado ${n} tickets en la cola.`),
    'q.load': 'Carga del equipo',
    'q.loadOpen': (n) => `${n} ${n === 1 ? 'abierto' : 'abiertos'}`,
    'q.paused': 'En pausa',
    'q.unknown': 'desconocido',
  },
  en: {
    'q.title': 'Queues',
    'q.tabs': 'Ticket queues',
    'q.queue.mine': 'My tickets',
    'q.queue.unassigned': 'Unassigned',
    'q.queue.level-1': 'First line',
    'q.queue.level-2': 'Second line',
    'q.queue.level-3': 'Third line',
    'q.queue.open': 'Open',
    'q.queue.in-progress': 'In progress',
    'q.queue.blocked': 'Blocked',
    'q.queue.waiting-customer': 'Waiting on customer',
    'q.queue.waiting-provider': 'Waiting on provider',
    'q.queue.at-risk': 'At risk (SLA)',
    'q.queue.active': 'All active',
    'q.queue.all': 'All tickets',
    'q.count': (n) => `${n} ${n === 1 ? 'ticket' : 'tickets'}`,
    'q.filters': 'Filters',
    'q.f.q': 'Code or text',
    'q.f.externalRef': 'Provider reference',
    'q.f.customerId': 'Customer',
    'q.f.telescopeId': 'Telescope',
    'q.f.responsible': 'Responsible',
    'q.f.assignee': 'Assigned technician',
    'q.f.type': 'Type',
    'q.f.tag': 'Tag',
    'q.f.light': 'SLA light',
    'q.f.any': 'Any',
    'q.f.fixed': 'Set by this queue',
    'q.f.unassigned': 'Unassigned',
    'q.f.clear': 'Clear filters',
    'q.f.apply': 'Filter',
    'q.col.code': 'Code',
    'q.col.title': 'Title',
    'q.col.customer': 'Customer',
    'q.col.telescope': 'Telescope',
    'q.col.status': 'Status',
    'q.col.priority': 'Priority',
    'q.col.assignees': 'Assigned to',
    'q.col.waitingOn': 'Waiting on',
    'q.col.externalRef': 'Provider ref.',
    'q.col.age': 'Age',
    'q.col.sla': 'SLA light',
    'q.sortBy': (col) => `Sort by ${col}`,
    'q.sorted': (col, dir) => `Sorted by ${col}, ${dir === 'asc' ? 'ascending' : 'descending'}.`,
    'q.waiting.none': '—',
    'q.waiting.customer': 'Customer',
    'q.waiting.provider': 'Provider',
    'q.waiting.support': 'Support',
    'q.nobody': 'Unassigned',
    'q.level': (n) => ['', 'First', 'Second', 'Third'][n] ? `${['', 'First', 'Second', 'Third'][n]} line` : `Line ${n}`,
    'q.left': (s) => `${s} left`,
    'q.overdue': (s) => `overdue by ${s}`,
    'q.span.d': (d) => `${d} d`,
    'q.span.dh': (d, hh) => `${d} d ${hh} h`,
    'q.span.h': (hh) => `${hh} h`,
    'q.span.hm': (hh, m) => `${hh} h ${m} min`,
    'q.span.m': (m) => `${m} min`,
    'q.span.s': (s) => `${s} s`,
    'q.empty': 'No tickets in this queue.',
    'q.emptyFiltered': 'No ticket in this queue matches the filters.',
    'q.shown': (n, more) => `Showing ${n} ${n === 1 ? 'ticket' : 'tickets'}${more ? '; there are more' : ''}.`,
    'q.more': 'Load more',
    'q.arrived': (n) => (n === 1 ? '1 ticket entered the queue.' : `${n} tickets entered the queue.`),
    'q.load': 'Team load',
    'q.loadOpen': (n) => `${n} open`,
    'q.paused': 'Paused',
    'q.unknown': 'unknown',
  },
});

const PAGE = 25;
const TYPES = ['question', 'installation', 'repair', 'upgrade', 'visit'];
const LIGHTS = ['green', 'yellow', 'red', 'none'];
const COLUMNS = ['code', 'title', 'customer', 'telescope', 'status', 'priority', 'assignees', 'waitingOn', 'externalRef', 'age', 'sla'];

export const routes = [
  [/^#\/q\/([a-z0-9-]+)(?:\?(.*))?$/, (main, m, app) => queuesView(main, m[1], m[2], app)],
  [/^#\/?(?:\?(.*))?$/, (main, m, app) => queuesView(main, 'mine', m[1], app)],
];

/** Names for ids, from the directory lists (loaded once per visit, again when an id is new). */
async function loadDirectory() {
  const [staff, customers, telescopes, tags] = await Promise.all([
    get('/staff'), get('/customers'), get('/telescopes'), get('/tags').catch(() => []),
  ]);
  const byId = (list) => new Map(list.map((x) => [x.id, x]));
  return {
    staff: staff.filter((p) => p.role !== 'customer'),
    customers,
    telescopes,
    tags: (Array.isArray(tags) ? tags : tags.items ?? []).map((x) => x.tag),
    maps: { staff: byId(staff), customers: byId(customers), telescopes: byId(telescopes) },
  };
}

async function queuesView(main, queueName, query, app) {
  const queue = queueNamed(queueName);
  const state = { ...readState(query), items: [], cursor: null, pages: 1, known: null };
  let directory = await loadDirectory();
  const names = {
    staff: (id) => directory.maps.staff.get(id)?.name ?? t('q.unknown'),
    customer: (id) => directory.maps.customers.get(id)?.name ?? t('q.unknown'),
    telescope: (id) => directory.maps.telescopes.get(id)?.name ?? t('q.unknown'),
  };

  const error = alertBox();
  const tabs = queueTabs(queue);
  const form = filterForm(queue, state, directory, app, () => apply());
  const table = h('table', { class: 'tickets q-table', id: 'queue-table' });
  const caption = h('caption', { class: 'visually-hidden' });
  const head = h('thead');
  const body = h('tbody');
  table.append(caption, head, body);
  const summary = h('p', { class: 'q-summary muted', id: 'queue-summary' });
  const empty = h('p', { class: 'empty', id: 'queue-empty', hidden: true });
  const more = h('button', { type: 'button', class: 'secondary', id: 'queue-more', hidden: true, onclick: () => loadMore() }, t('q.more'));
  const load = h('ul', { class: 'q-load-list' });
  fill(main,
    heading(`${t('q.title')} · ${t(`q.queue.${queue.name}`)}`),
    tabs.nav,
    h('div', { class: 'q-layout' },
      h('section', { class: 'q-main', 'aria-label': t(`q.queue.${queue.name}`) },
        form.element, error, summary, h('div', { class: 'q-table-wrap' }, table), empty, h('div', { class: 'q-more' }, more)),
      h('aside', { class: 'q-load panel', 'aria-labelledby': 'queue-load-title' },
        h('h2', { id: 'queue-load-title' }, t('q.load')), load)));

  // Each fetch is numbered: an answer to an older question (filters changed meanwhile) is dropped.
  let generation = 0;
  // Set when the person leaves the view: a late filter change must not rewrite the new page's hash.
  let stopped = false;
  const triedIds = new Set();

  async function fetchPages(pages) {
    const items = [];
    let cursor = null;
    for (let i = 0; i < pages; i++) {
      const params = apiQuery(queue, state.filters, app.me, PAGE);
      if (cursor) params.set('cursor', cursor);
      const page = await get(`/tickets?${params}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { items, cursor };
  }

  async function refreshCounts() {
    const data = await get('/queues');
    tabs.update(data.counts);
    fill(load, data.load.map((s) => h('li', {},
      h('a', { href: `#/q/active?assignee=${encodeURIComponent(s.userId)}` }, s.name), ' ',
      h('span', { class: 'badge' }, t('q.loadOpen', s.open)))));
  }

  async function refreshList() {
    const mine = ++generation;
    const { items, cursor } = await fetchPages(state.pages);
    if (mine !== generation || stopped) return;
    // A customer, telescope or technician added since the page opened: read the directory again
    // (once per unknown id, so an id that stays unknown does not cost a reload every refresh).
    const { maps } = directory;
    const unknown = items.flatMap((x) => [
      maps.customers.has(x.customerId) ? null : x.customerId,
      !x.telescopeId || maps.telescopes.has(x.telescopeId) ? null : x.telescopeId,
      ...x.assignees.filter((id) => !maps.staff.has(id)),
    ]).filter((id) => id && !triedIds.has(id));
    if (unknown.length > 0) {
      unknown.forEach((id) => triedIds.add(id));
      directory = await loadDirectory();
    }
    const before = state.known;
    state.items = items;
    state.cursor = cursor;
    state.known = new Set(items.map((x) => x.code));
    render();
    if (before) {
      const arrived = items.filter((x) => !before.has(x.code)).length;
      if (arrived > 0) announce(t('q.arrived', arrived));
    }
  }

  async function refresh() {
    try {
      await Promise.all([refreshCounts(), refreshList()]);
      error.hidden = true;
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
    }
  }

  // Loading more walks the pages again, one more than before: a refresh racing with it cannot
  // drop or repeat rows, and later refreshes keep that many pages.
  async function loadMore() {
    if (!state.cursor) return;
    more.disabled = true;
    state.pages += 1;
    try {
      await refreshList();
      announce(t('q.shown', state.items.length, Boolean(state.cursor)));
    } catch (e) {
      state.pages -= 1;
      error.textContent = errorText(e);
      error.hidden = false;
    } finally {
      more.disabled = false;
    }
  }

  async function apply() {
    if (stopped) return;
    state.filters = form.read();
    state.pages = 1;
    state.known = null;
    // replaceState: the hash records the filters without the router rebuilding the page.
    history.replaceState(null, '', stateHash(queue.name, state));
    try {
      await refreshList();
      error.hidden = true;
      announce(t('q.shown', state.items.length, Boolean(state.cursor)));
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
    }
  }

  function sortBy(column) {
    state.dir = state.sort === column && state.dir === 'asc' ? 'desc' : 'asc';
    state.sort = column;
    history.replaceState(null, '', stateHash(queue.name, state));
    renderHead();
    render();
    head.querySelector(`button[data-sort="${column}"]`)?.focus();
    announce(t('q.sorted', t(`q.col.${column}`), state.dir));
  }

  // The header is rebuilt only when the sort changes, so a refresh never takes focus off its buttons.
  function renderHead() {
    caption.textContent = `${t(`q.queue.${queue.name}`)}. ${t('q.sorted', t(`q.col.${state.sort}`), state.dir)}`;
    fill(head, h('tr', {}, COLUMNS.map((c) => h('th', {
      scope: 'col',
      'aria-sort': state.sort === c ? (state.dir === 'asc' ? 'ascending' : 'descending') : null,
    }, h('button', { type: 'button', class: 'q-sort', dataset: { sort: c }, title: t('q.sortBy', t(`q.col.${c}`)), onclick: () => sortBy(c) },
      t(`q.col.${c}`), h('span', { class: 'q-arrow', 'aria-hidden': 'true' }, state.sort === c ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''))))));
  }

  function render() {
    const now = Date.now();

    // Keep keyboard focus on the same ticket's link across a refresh.
    const focused = body.contains(document.activeElement) ? document.activeElement.closest('tr')?.dataset.code : null;
    const rows = sortRows(state.items, state.sort, state.dir, names);
    fill(body, rows.map((x) => ticketRow(x, names, now)));
    if (focused) body.querySelector(`tr[data-code="${CSS.escape(focused)}"] a`)?.focus();

    const filtered = Object.keys(state.filters).length > 0;
    table.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
    empty.textContent = filtered ? t('q.emptyFiltered') : t('q.empty');
    summary.textContent = t('q.shown', rows.length, Boolean(state.cursor));
    more.hidden = !state.cursor;
  }

  renderHead();
  await Promise.all([refreshCounts(), refreshList()]);
  const stopPolling = poll(refresh);
  return () => { stopped = true; stopPolling(); };
}

/** The queue links with their counts; the links stay put and only their counts change. */
function queueTabs(current) {
  const links = QUEUES.map((q) => {
    const count = q.count ? h('span', { class: 'q-count', dataset: { count: q.name } }) : null;
    const link = h('a', { href: `#/q/${q.name}`, 'aria-current': q === current ? 'page' : null, dataset: { queue: q.name } },
      h('span', {}, t(`q.queue.${q.name}`)), count);
    return { q, link, count };
  });
  return {
    nav: h('nav', { class: 'queue-tabs', 'aria-label': t('q.tabs') }, links.map((x) => x.link)),
    update(counts) {
      for (const { q, count } of links) {
        if (!count) continue;
        const n = counts[q.count] ?? 0;
        count.textContent = String(n);
        count.title = t('q.count', n);
      }
    },
  };
}

function filterForm(queue, state, directory, app, onChange) {
  const fixed = fixedBy(queue, app.me);
  const controls = {};
  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(onChange, 350); };
  const now = () => { clearTimeout(timer); onChange(); };

  const text = (name, extra = {}) => {
    const input = h('input', { type: 'search', value: state.filters[name] ?? '', autocomplete: 'off', oninput: soon, ...extra });
    controls[name] = input;
    return field(`qf-${name}`, t(`q.f.${name}`), input).field;
  };
  const choice = (name, items) => {
    const select = options(h('select', { onchange: now }), [['', t('q.f.any')], ...items], state.filters[name] ?? '');
    controls[name] = select;
    if (fixed.has(name)) {
      select.disabled = true;
      select.title = t('q.f.fixed');
    }
    return field(`qf-${name}`, t(`q.f.${name}`), select).field;
  };
  const byName = (list) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  const staffItems = byName(directory.staff).map((p) => [p.id, p.name]);
  const telescopeItems = () => byName(directory.telescopes
    .filter((x) => !controls.customerId?.value || x.customerId === controls.customerId.value))
    .map((x) => [x.id, `${x.name} · ${directory.maps.customers.get(x.customerId)?.name ?? ''}`]);

  const tagList = h('datalist', { id: 'qf-tags' }, directory.tags.map((tag) => h('option', { value: tag })));
  const element = h('form', {
    class: 'q-filters panel', role: 'search', 'aria-label': t('q.filters'),
    onsubmit: (e) => { e.preventDefault(); now(); },
  },
  h('div', { class: 'q-filter-grid' },
    text('q'),
    text('externalRef'),
    choice('customerId', byName(directory.customers).map((c) => [c.id, c.name])),
    choice('telescopeId', telescopeItems()),
    choice('responsible', staffItems),
    choice('assignee', [['none', t('q.f.unassigned')], ...staffItems]),
    choice('type', TYPES.map((x) => [x, t(`type.${x}`)])),
    text('tag', { list: 'qf-tags', type: 'text' }),
    choice('light', LIGHTS.map((x) => [x, t(`sla.${x}`)]))),
  tagList,
  h('div', { class: 'q-filter-actions' },
    h('button', { type: 'submit', class: 'primary' }, t('q.f.apply')),
    h('button', {
      type: 'button', class: 'secondary', id: 'queue-clear',
      onclick: () => {
        for (const control of Object.values(controls)) if (!control.disabled) control.value = '';
        now();
      },
    }, t('q.f.clear'))));

  // A customer narrows the telescopes to theirs.
  // (Listening before the select's own change handler applies the filters.)
  controls.customerId.addEventListener('change', () => {
    const selected = controls.telescopeId.value;
    fill(controls.telescopeId);
    options(controls.telescopeId, [['', t('q.f.any')], ...telescopeItems()], selected);
    if (controls.telescopeId.value !== selected) controls.telescopeId.value = '';
  }, { capture: true });

  return {
    element,
    read() {
      const filters = {};
      for (const name of FILTERS) {
        const control = controls[name];
        const value = control && !control.disabled ? control.value.trim() : '';
        if (value) filters[name] = value;
      }
      return filters;
    },
  };
}

function ticketRow(x, names, now) {
  const open = (e) => {
    if (e.target.closest('a, button')) return;
    location.hash = `#/tickets/${encodeURIComponent(x.code)}`;
  };
  const light = slaLight(x);
  const left = slaLeft(x, now);
  const words = light === 'paused' ? t('q.paused') : t(`sla.${light}`);
  return h('tr', { class: 'q-row', dataset: { code: x.code, light }, onclick: open },
    h('td', { class: 'code' }, h('a', { href: `#/tickets/${encodeURIComponent(x.code)}` }, x.code)),
    h('td', { class: 'q-title' }, x.title),
    h('td', {}, names.customer(x.customerId)),
    h('td', {}, x.telescopeId ? names.telescope(x.telescopeId) : h('span', { class: 'muted' }, '—')),
    h('td', {}, statusBadge(x.status), x.supportLevel > 1 ? [' ', h('span', { class: 'badge q-level', dataset: { level: x.supportLevel } }, t('q.level', x.supportLevel))] : null),
    h('td', {}, h('span', { class: `q-priority q-priority-${x.priority}` }, t(`priority.${x.priority}`))),
    h('td', { class: 'q-who' }, x.assignees.length ? x.assignees.map(names.staff).join(', ') : h('span', { class: 'muted' }, t('q.nobody'))),
    h('td', {}, x.waitingOn && x.waitingOn !== 'none' ? t(`q.waiting.${x.waitingOn}`) : h('span', { class: 'muted' }, '—')),
    h('td', {}, x.externalRef ?? h('span', { class: 'muted' }, '—')),
    h('td', {}, h('time', { datetime: x.createdAt, title: timeText(x.createdAt) }, span(now - new Date(x.createdAt).getTime()))),
    h('td', { class: 'q-sla' },
      h('span', { class: `sla sla-${light === 'paused' ? 'none' : light}`, 'data-light': light }, words),
      left ? h('span', { class: 'q-left' }, left) : null));
}
