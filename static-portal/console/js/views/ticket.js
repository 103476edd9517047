// The ticket workspace at #/tickets/{code}: the conversation in the middle, the panels staff work
// with on the right. This module loads the ticket, keeps its ETag and tells every part when the
// ticket changed; the parts live in ticket-conversation.js, ticket-panels.js and ticket-work.js.
import { call, get, ApiError } from '../../shared/api.js';
import { h, fill } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { statusBadge, slaBadge, time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { announce } from '../common.js';
import './ticket-words.js';
import { conversationPart } from './ticket-conversation.js';
import { sidePanels } from './ticket-panels.js';
import { workPanels } from './ticket-work.js';

register({
  es: { 'tk.back': 'Volver a las colas', 'tk.workspace': 'Espacio de trabajo del ticket', 'tk.mergedInto': (code) => `Este ticket se fusionó en ${code}: continúa allí.`, 'tk.goTo': (code) => `Ir a ${code}`, 'tk.spamFlag': 'Marcado como spam', 'tk.deletedFlag': 'Eliminado', 'tk.panels': 'Paneles del ticket', 'tk.stale': 'Otra persona ha cambiado este ticket mientras lo editabas. Se ha recargado: revisa y vuelve a intentarlo.' },
  en: { 'tk.back': 'Back to the queues', 'tk.workspace': 'Ticket workspace', 'tk.mergedInto': (code) => `This ticket was merged into ${code}: carry on there.`, 'tk.goTo': (code) => `Go to ${code}`, 'tk.spamFlag': 'Marked as spam', 'tk.deletedFlag': 'Deleted', 'tk.panels': 'Ticket panels', 'tk.stale': 'Someone else changed this ticket while you were editing. It has been reloaded: check and try again.' },
});

export const routes = [
  [/^#\/tickets\/([A-Za-z0-9-]+)$/, (main, m, app) => ticketView(main, decodeURIComponent(m[1]), app)],
];

/**
 * What every part of the workspace shares: the ticket as last read with its ETag, the staff
 * (names and open load), and the way to change the ticket (PATCH with If-Match).
 */
function workspace(code, app, first, staff) {
  const listeners = [];
  const workListeners = [];
  const ws = {
    code,
    path: `/tickets/${encodeURIComponent(code)}`,
    me: app.me,
    admin: app.me.role === 'admin',
    ticket: first.body,
    etag: first.etag,
    staff,
    /** fn(ticket) after every change of the ticket, ours or someone else's. */
    onChange(fn) { listeners.push(fn); },
    /** fn() after time, costs or the timer changed (the ticket itself did not). */
    onWork(fn) { workListeners.push(fn); },
    worked() { for (const fn of workListeners) fn(); },
    set(ticket, etag) {
      ws.ticket = ticket;
      ws.etag = etag;
      for (const fn of listeners) fn(ticket);
    },
    async reload() {
      const fresh = await call('GET', ws.path);
      ws.set(fresh.body, fresh.etag);
      return fresh.body;
    },
    /** PATCHes with the ETag read; a 412 reloads the ticket and rethrows (errorText then says why). */
    async patch(body) {
      try {
        const result = await call('PATCH', ws.path, { body, headers: { 'If-Match': ws.etag } });
        ws.set(result.body, result.etag);
        return result.body;
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          await ws.reload();
          announce(t('tk.stale'));
          throw new ApiError(412, 'precondition_failed', t('tk.stale'));
        }
        throw e;
      }
    },
    /** The customer's contacts (the side panels read them), so that the trail names them too. */
    contacts: [],
    /** A person's name, else the id (someone removed from the directory). */
    name(id) {
      return ws.staff.find((s) => s.userId === id)?.name ?? ws.contacts.find((c) => c.id === id)?.name ?? id;
    },
  };
  return ws;
}

async function ticketView(main, code, app) {
  const [first, queues, people] = await Promise.all([
    call('GET', `/tickets/${encodeURIComponent(code)}`),
    get('/queues'),
    get('/staff'),
  ]);
  // The open load comes from /queues; e-mails (for @mentions) from /staff.
  const staff = queues.load.map((s) => ({ ...s, email: people.find((p) => p.id === s.userId)?.email ?? '' }));
  const ws = workspace(code, app, first, staff);

  const head = h('header', { class: 'tk-head', id: 'tk-head' });
  const banner = h('div', { class: 'tk-banner' });
  const middle = h('div', { class: 'tk-main' });
  const side = h('aside', { class: 'tk-side', 'aria-label': t('tk.panels') });
  fill(main,
    h('p', { class: 'tk-back' }, h('a', { href: '#/' }, `← ${t('tk.back')}`)),
    h('div', { class: 'tk-workspace', id: 'ticket-workspace' }, h('div', { class: 'tk-column' }, head, banner, middle), side));

  const renderHead = (ticket) => {
    fill(head,
      h('p', { class: 'muted tk-code', id: 'ticket-code' }, ticket.code),
      h('h1', { id: 'ticket-title', tabindex: '-1' }, ticket.title),
      h('p', { class: 'tk-head-facts' },
        h('span', { id: 'ticket-status' }, statusBadge(ticket.status)), ' ',
        slaBadge(ticket), ' ',
        h('span', { class: 'muted' }, time(ticket.createdAt))),
      ticket.description ? h('p', { class: 'description', id: 'ticket-description' }, ticket.description) : null);
    fill(banner,
      ticket.mergedInto ? h('p', { class: 'notice', id: 'merged-into' }, t('tk.mergedInto', ticket.mergedInto), ' ',
        h('a', { href: `#/tickets/${encodeURIComponent(ticket.mergedInto)}` }, t('tk.goTo', ticket.mergedInto))) : null,
      ticket.spam ? h('p', { class: 'error', id: 'flag-spam' }, t('tk.spamFlag')) : null,
      ticket.deleted ? h('p', { class: 'error', id: 'flag-deleted' }, t('tk.deletedFlag')) : null);
  };
  renderHead(ws.ticket);
  ws.onChange(renderHead);

  const stops = [];
  stops.push(await conversationPart(middle, ws));
  const work = h('div', { class: 'tk-work' });
  middle.append(work);
  stops.push(await workPanels(work, ws));
  stops.push(await sidePanels(side, ws));
  document.getElementById('ticket-title').focus();
  return () => { for (const stop of stops) stop?.(); };
}
