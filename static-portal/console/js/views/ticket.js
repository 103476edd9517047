// The ticket workspace (being built): the ticket's conversation and everything staff do on it.
import { get } from '../../shared/api.js';
import { h, fill } from '../../shared/dom.js';
import { statusBadge } from '../../shared/format.js';
import { heading } from '../common.js';

export const routes = [
  [/^#\/tickets\/([A-Za-z0-9-]+)$/, (main, m, app) => ticketView(main, decodeURIComponent(m[1]), app)],
];

async function ticketView(main, code) {
  const ticket = await get(`/tickets/${encodeURIComponent(code)}`);
  fill(main, heading(`${ticket.code} · ${ticket.title}`), h('p', {}, statusBadge(ticket.status)));
}
