// Queues: counts per queue and the tickets of the chosen one.
import { get } from '../../shared/api.js';
import { h, fill } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { slaBadge, statusBadge, time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { heading, poll } from '../common.js';

register({
  es: { 'queues.title': 'Colas', 'queue.mine': 'Mis tickets', 'queue.unassigned': 'Sin asignar', 'queue.atRisk': 'En riesgo', code: 'Código', title: 'Título', status: 'Estado', sla: 'Semáforo SLA', updated: 'Actualizado', noTickets: 'No hay tickets en esta cola.' },
  en: { 'queues.title': 'Queues', 'queue.mine': 'My tickets', 'queue.unassigned': 'Unassigned', 'queue.atRisk': 'At risk', code: 'Code', title: 'Title', status: 'Status', sla: 'SLA light', updated: 'Updated', noTickets: 'No tickets in this queue.' },
});

const queues = {
  mine: (app) => ({ assignee: app.me.id, active: 'true' }),
  unassigned: () => ({ assignee: 'none', active: 'true' }),
};

export const routes = [
  [/^#\/q\/([a-z0-9-]+)$/, (main, m, app) => queuesView(main, m[1], app)],
  [/^#?\/?$/, (main, m, app) => queuesView(main, 'mine', app)],
];

async function queuesView(main, queue, app) {
  const counts = h('nav', { class: 'queue-tabs', 'aria-label': t('queues.title') });
  const list = h('div', { class: 'ticket-list' });
  fill(main, heading(t('queues.title')), counts, list);
  const refresh = async () => {
    const data = await get('/queues');
    fill(counts, [['mine', data.counts.mine], ['unassigned', data.counts.unassigned]].map(([name, n]) =>
      h('a', { href: `#/q/${name}`, 'aria-current': name === queue ? 'page' : null }, `${t(`queue.${name}`)} (${n})`)));
    const query = new URLSearchParams((queues[queue] ?? queues.mine)(app));
    const page = await get(`/tickets?${query}`);
    fill(list, page.items.length === 0 ? h('p', {}, t('noTickets')) : h('table', { class: 'tickets' },
      h('thead', {}, h('tr', {}, [t('code'), t('title'), t('status'), t('sla'), t('updated')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, page.items.map((x) => h('tr', { dataset: { code: x.code } },
        h('td', {}, h('a', { href: `#/tickets/${encodeURIComponent(x.code)}` }, x.code)),
        h('td', {}, x.title), h('td', {}, statusBadge(x.status)), h('td', {}, slaBadge(x)), h('td', {}, time(x.updatedAt)))))));
  };
  await refresh();
  return poll(refresh);
}
