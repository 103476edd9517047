import { call, get, post, ApiError } from '../api.js';
import { config } from '../../config.js';
import { h, fill, field } from '../dom.js';
import { t } from '../i18n.js';
import { time, size, slaBadge, statusBadge, timeZone } from '../format.js';
import { uploadFiles } from '../uploads.js';
import { alertBox, showError, heading, myTelescopes, announce } from './common.js';

/** One ticket as a conversation; new replies arrive by polling for messages newer than the last one. */
export async function ticketView(main, code, app) {
  const path = `/tickets/${encodeURIComponent(code)}`;
  const [ticket, telescopes] = await Promise.all([get(path), myTelescopes(app, get)]);
  const page = await get(`${path}/messages`);
  const names = new Map(telescopes.map((s) => [s.id, s.name]));

  const head = h('section', { class: 'panel ticket-head', 'aria-labelledby': 'ticket-title' });
  const conversation = h('ol', { class: 'conversation', id: 'conversation', 'aria-label': t('conversation') });
  const actions = h('div', { id: 'ticket-actions' });
  const replyBox = h('div', { id: 'reply' });
  fill(main,
    h('p', {}, h('a', { href: '#/' }, `← ${t('back')}`)),
    head,
    h('section', { 'aria-labelledby': 'conversation-heading' },
      h('h2', { id: 'conversation-heading' }, t('conversation')),
      h('p', { class: 'tz-note', id: 'tz-note' }, t('timesIn', timeZone())),
      conversation),
    actions,
    replyBox);

  let current = ticket;
  let latest = page.latest;
  const pending = new Map(); // attachment id -> element showing it while it is processed

  function renderHead() {
    fill(head,
      h('p', { class: 'muted code', id: 'ticket-code' }, current.code),
      h('h1', { id: 'ticket-title', tabindex: '-1' }, current.title),
      h('dl', { class: 'facts' },
        fact(t('status'), statusBadge(current.status), 'ticket-status'),
        fact(t('sla'), slaBadge(current)),
        fact(t('type_'), t(`type.${current.type}`)),
        fact(t('priority'), t(`priority.${current.priority}`)),
        fact(t('telescope'), current.telescopeId ? h('a', { href: `#/telescopes/${current.telescopeId}` }, names.get(current.telescopeId) ?? '') : '—'),
        fact(t('createdAt'), time(current.createdAt)),
        fact(t('lastUpdate'), time(current.updatedAt))),
      current.waitingOn === 'customer' && !isDone(current) ? h('p', { class: 'notice' }, t('waitingOnYou')) : null,
      current.description ? h('p', { class: 'description' }, current.description) : null);
  }

  function renderMessages(items, announceNew) {
    if (items.length === 0 && conversation.children.length === 0) {
      conversation.append(h('li', { class: 'empty', id: 'no-messages' }, t('noMessages')));
      return;
    }
    document.getElementById('no-messages')?.remove();
    for (const m of items) {
      if (conversation.querySelector(`[data-id="${CSS.escape(m.id)}"]`)) continue;
      conversation.append(message(m, app.me, pending));
    }
    if (announceNew && items.length > 0) announce(t('newReplies', items.length));
  }

  async function renderActions() {
    const parts = [];
    if (current.status === 'finished') {
      const error = alertBox();
      const signOff = h('button', { type: 'button', class: 'primary', id: 'sign-off' }, t('signOff'));
      signOff.addEventListener('click', async () => {
        signOff.disabled = true;
        try { current = await post(`${path}/signoff`); refresh(); } catch (e) { showError(error, e); signOff.disabled = false; }
      });
      const reason = field('reopen-reason', t('reopenReason'), h('textarea', { rows: '3', required: true }));
      const reopen = h('button', { type: 'submit', class: 'secondary' }, t('reopen'));
      const reopenForm = h('form', { class: 'stack', id: 'reopen-form' }, reason.field, h('div', {}, reopen));
      reopenForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        reopen.disabled = true;
        try { current = await post(`${path}/reopen`, { message: reason.input.value }); await poll(); refresh(); } catch (e) { showError(error, e); reopen.disabled = false; }
      });
      parts.push(h('section', { class: 'panel', 'aria-labelledby': 'finish-heading' },
        h('h2', { id: 'finish-heading' }, t('finishedPrompt')), h('div', { class: 'row' }, signOff), error,
        h('details', {}, h('summary', {}, t('reopen')), reopenForm)));
    }
    if (current.status === 'closed' && current.signedOffBy) parts.push(h('p', { class: 'notice', id: 'signed-off' }, t('signedOff')));
    if (['finished', 'closed'].includes(current.status)) parts.push(await ratingPanel(path));
    fill(actions, parts);
  }

  function renderReply() {
    if (['closed', 'cancelled'].includes(current.status)) { replyBox.replaceChildren(); return; }
    if (replyBox.firstChild) return;
    const text = field('reply-text', t('yourReply'), h('textarea', { rows: '4' }));
    const files = field('reply-files', t('attach'), h('input', { type: 'file', multiple: true }));
    const uploads = h('div', { class: 'uploads' });
    const error = alertBox();
    const send = h('button', { type: 'submit', class: 'primary' }, t('send'));
    const form = h('form', { class: 'stack', id: 'reply-form' }, text.field, files.field, uploads, error, h('div', {}, send));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const picked = [...files.input.files];
      if (!text.input.value.trim() && picked.length === 0) return;
      error.hidden = true;
      send.disabled = true;
      try {
        const ids = picked.length ? await uploadFiles(current.code, picked, uploads) : [];
        await call('POST', `${path}/messages`, { body: { body: text.input.value, attachmentIds: ids } });
        text.input.value = '';
        files.input.value = '';
        uploads.replaceChildren();
        await poll();
      } catch (e) {
        showError(error, e);
      } finally {
        send.disabled = false;
      }
    });
    fill(replyBox, h('section', { class: 'panel', 'aria-labelledby': 'reply-heading' }, h('h2', { id: 'reply-heading' }, t('reply')), form));
  }

  function refresh() { renderHead(); renderActions(); renderReply(); }

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const fresh = await get(`${path}/messages${latest ? `?after=${encodeURIComponent(latest)}` : ''}`);
      latest = fresh.latest ?? latest;
      const foreign = fresh.items.filter((m) => m.authorId !== app.me.id);
      renderMessages(fresh.items, foreign.length > 0);
      if (fresh.items.length > 0 || ticketDue()) {
        const before = `${current.status}|${current.updatedAt}`;
        current = await get(path);
        if (`${current.status}|${current.updatedAt}` !== before) refresh();
      }
      for (const [id, el] of pending) {
        const a = await get(`${path}/attachments/${encodeURIComponent(id)}`);
        if (a.state !== 'processing' && a.state !== 'awaiting_upload') {
          pending.delete(id);
          el.replaceWith(attachment(a, pending));
        }
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) stop();
    } finally {
      polling = false;
    }
  }
  // Status changes without a message (e.g. finished) show within a few polls.
  let ticks = 0;
  const ticketDue = () => (++ticks % 2) === 0;

  refresh();
  renderMessages(page.items, false);
  document.getElementById('ticket-title').focus();
  const timer = setInterval(poll, Math.max(1, config.pollSeconds) * 1000);
  const stop = () => clearInterval(timer);
  return stop;
}

const isDone = (ticket) => ['finished', 'cancelled', 'closed'].includes(ticket.status);

function fact(label, value, id) {
  return h('div', {}, h('dt', {}, label), h('dd', { id }, value));
}

function message(m, me, pending) {
  const mine = m.authorId === me.id;
  const who = mine ? t('you') : m.authorKind === 'customer' ? m.authorName : `${m.authorName} · ${t('staff')}`;
  return h('li', { class: `message ${mine ? 'mine' : m.authorKind === 'customer' ? 'other' : 'staff'}`, dataset: { id: m.id } },
    h('div', { class: 'message-meta' }, h('span', { class: 'message-author' }, who), time(m.createdAt)),
    m.body ? h('p', { class: 'message-body' }, m.body) : null,
    m.attachments.length ? h('div', { class: 'files' }, m.attachments.map((a) => attachment(a, pending))) : null);
}

/** Images inline (thumbnail linking to the full file), videos playable with their poster, documents to download. */
function attachment(a, pending) {
  if (a.state === 'rejected') return h('p', { class: 'file error' }, t('rejected', a.rejectReason ?? a.fileName));
  if (a.state !== 'ready' || !a.urls) {
    const el = h('p', { class: 'file file-pending', dataset: { attachment: a.id } }, `${a.fileName} · ${t('processing')}`);
    if (a.state === 'processing' || a.state === 'awaiting_upload') pending.set(a.id, el);
    return el;
  }
  const caption = h('span', {}, `${a.fileName} · ${size(a.size)}`);
  if (a.kind === 'image') {
    return h('figure', { class: 'file file-image', dataset: { attachment: a.id } },
      h('a', { href: a.urls.preview ?? a.urls.download, target: '_blank', rel: 'noopener' },
        h('img', { src: a.urls.thumbnail ?? a.urls.preview ?? a.urls.download, alt: a.fileName, width: a.width ? String(Math.min(a.width, 240)) : null, loading: 'lazy' })),
      h('figcaption', {}, h('a', { href: a.urls.download, download: a.fileName }, t('download', a.fileName)), ` · ${size(a.size)}`));
  }
  if (a.kind === 'video') {
    return h('figure', { class: 'file file-video', dataset: { attachment: a.id } },
      h('video', { controls: true, preload: 'none', poster: a.urls.poster ?? null, src: a.urls.download, 'aria-label': a.fileName }),
      h('figcaption', {}, h('a', { href: a.urls.download, download: a.fileName }, t('download', a.fileName)), ` · ${size(a.size)}`));
  }
  return h('p', { class: 'file file-document', dataset: { attachment: a.id } }, h('a', { href: a.urls.download, download: a.fileName }, t('download', a.fileName)), ' · ', caption);
}

async function ratingPanel(path) {
  const panel = h('section', { class: 'panel', id: 'rating', 'aria-labelledby': 'rating-heading' }, h('h2', { id: 'rating-heading' }, t('ratingTitle')));
  try {
    const rating = await get(`${path}/rating`);
    panel.append(h('p', { id: 'rated' }, t('rated', rating.score)));
    return panel;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  const stars = h('fieldset', { class: 'rating-stars' }, h('legend', {}, t('ratingScore')),
    [1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name: 'score', value: String(n), required: true }), ` ${t('ratingStar', n)}`)));
  const comment = field('rating-comment', t('ratingComment'), h('textarea', { rows: '2' }));
  const error = alertBox();
  const send = h('button', { type: 'submit', class: 'primary' }, t('rate'));
  const form = h('form', { class: 'stack', id: 'rating-form' }, stars, comment.field, error, h('div', {}, send));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const score = form.querySelector('input[name="score"]:checked');
    if (!score) return;
    send.disabled = true;
    try {
      const rating = await post(`${path}/rating`, { score: Number(score.value), comment: comment.input.value || null });
      fill(panel, h('h2', { id: 'rating-heading' }, t('ratingTitle')), h('p', { id: 'rated' }, t('rated', rating.score)));
    } catch (e) {
      showError(error, e);
      send.disabled = false;
    }
  });
  panel.append(form);
  return panel;
}
