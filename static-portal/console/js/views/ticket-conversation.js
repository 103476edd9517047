// The ticket's conversation as staff see it (public replies and internal notes, with their files),
// and the composer: public reply or internal note, canned replies, @mentions, files with progress,
// and "send and set status" in one action.
import { call, get, post, ApiError } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { time, size, timeZone } from '../../shared/format.js';
import { uploadFiles } from '../../shared/uploads.js';
import { t } from '../i18n.js';
import { alertBox, showError, announce, errorText, poll } from '../common.js';

register({
  es: {
    'tk.conversation': 'Conversación',
    'tk.timesIn': (zone) => `Horas en ${zone}.`,
    'tk.noMessages': 'Todavía no hay mensajes.',
    'tk.internalNote': 'Nota interna',
    'tk.publicReply': 'Respuesta pública',
    'tk.customer': 'Cliente',
    'tk.staff': 'Personal',
    'tk.you': 'Tú',
    'tk.newMessages': (n) => (n === 1 ? 'Un mensaje nuevo en la conversación.' : `${n} mensajes nuevos en la conversación.`),
    'tk.compose': 'Escribir',
    'tk.kind': 'Tipo de mensaje',
    'tk.kindPublic': 'Respuesta pública (la ve el cliente)',
    'tk.kindInternal': 'Nota interna (solo el personal)',
    'tk.message': 'Mensaje',
    'tk.internalHint': 'Solo la ve el personal. Menciona a un compañero con @ (p. ej. @l2) y recibirá un aviso.',
    'tk.canned': 'Respuesta predefinida',
    'tk.cannedPick': 'Elige una respuesta…',
    'tk.cannedInsert': 'Insertar respuesta',
    'tk.cannedInserted': (title) => `Respuesta «${title}» insertada en el mensaje.`,
    'tk.cannedMissing': (names) => `Sin dato para: ${names}. Complétalo a mano.`,
    'tk.mention': 'Mencionar a',
    'tk.mentionInsert': 'Insertar mención',
    'tk.attach': 'Adjuntar archivos',
    'tk.afterStatus': 'Estado después de enviar',
    'tk.keepStatus': 'Sin cambios',
    'tk.sendReply': 'Enviar respuesta',
    'tk.addNote': 'Añadir nota interna',
    'tk.sendAndStatus': (status) => `Enviar y marcar como ${status}`,
    'tk.sent': 'Mensaje enviado.',
    'tk.sentAndStatus': (status) => `Mensaje enviado y ticket marcado como ${status}.`,
    'tk.sentStatusFailed': 'El mensaje se envió, pero el estado no cambió:',
    'tk.empty': 'Escribe un mensaje o adjunta un archivo.',
    'tk.processing': 'procesando…',
    'tk.rejected': (why) => `Archivo rechazado: ${why}`,
    'tk.download': (name) => `Descargar ${name}`,
    'tk.closedNoReply': 'El ticket está cerrado: ya no admite mensajes.',
  },
  en: {
    'tk.conversation': 'Conversation',
    'tk.timesIn': (zone) => `Times in ${zone}.`,
    'tk.noMessages': 'No messages yet.',
    'tk.internalNote': 'Internal note',
    'tk.publicReply': 'Public reply',
    'tk.customer': 'Customer',
    'tk.staff': 'Staff',
    'tk.you': 'You',
    'tk.newMessages': (n) => (n === 1 ? 'One new message in the conversation.' : `${n} new messages in the conversation.`),
    'tk.compose': 'Write',
    'tk.kind': 'Kind of message',
    'tk.kindPublic': 'Public reply (the customer sees it)',
    'tk.kindInternal': 'Internal note (staff only)',
    'tk.message': 'Message',
    'tk.internalHint': 'Only staff see it. Mention a colleague with @ (e.g. @l2) and they are notified.',
    'tk.canned': 'Canned reply',
    'tk.cannedPick': 'Choose a reply…',
    'tk.cannedInsert': 'Insert reply',
    'tk.cannedInserted': (title) => `Reply "${title}" inserted into the message.`,
    'tk.cannedMissing': (names) => `No value for: ${names}. Fill it in by hand.`,
    'tk.mention': 'Mention',
    'tk.mentionInsert': 'Insert mention',
    'tk.attach': 'Attach files',
    'tk.afterStatus': 'Status after sending',
    'tk.keepStatus': 'No change',
    'tk.sendReply': 'Send reply',
    'tk.addNote': 'Add internal note',
    'tk.sendAndStatus': (status) => `Send and mark as ${status}`,
    'tk.sent': 'Message sent.',
    'tk.sentAndStatus': (status) => `Message sent and ticket marked as ${status}.`,
    'tk.sentStatusFailed': 'The message was sent, but the status did not change:',
    'tk.empty': 'Write a message or attach a file.',
    'tk.processing': 'processing…',
    'tk.rejected': (why) => `File rejected: ${why}`,
    'tk.download': (name) => `Download ${name}`,
    'tk.closedNoReply': 'The ticket is closed: it takes no more messages.',
  },
});

const STATUSES = ['open', 'in_progress', 'blocked', 'finished', 'cancelled'];
// The same handles the API reads as mentions (MailAudience.Mentions): not inside an e-mail address.
const MENTION = /(?<![\w.@])@([\p{L}\p{N}._-]{1,64})/gu;

/** Builds the conversation and the composer into container; returns the function that stops polling. */
export async function conversationPart(container, ws) {
  const list = h('ol', { class: 'conversation tk-conversation', id: 'conversation', 'aria-labelledby': 'conversation-heading' });
  const composer = h('div', { id: 'composer' });
  container.append(
    h('section', { class: 'panel tk-thread', 'aria-labelledby': 'conversation-heading' },
      h('h2', { id: 'conversation-heading' }, t('tk.conversation')),
      h('p', { class: 'tz-note' }, t('tk.timesIn', timeZone())),
      list),
    composer);

  const pending = new Map(); // attachment id -> the element standing for it while it is processed
  const first = await get(`${ws.path}/messages`);
  let latest = first.latest;
  const canned = (await get('/canned')).items;

  function show(items, announceNew) {
    if (items.length === 0 && list.children.length === 0) {
      list.append(h('li', { class: 'empty', id: 'no-messages' }, t('tk.noMessages')));
      return;
    }
    let added = 0;
    for (const m of items) {
      if (list.querySelector(`[data-id="${CSS.escape(m.id)}"]`)) continue;
      document.getElementById('no-messages')?.remove();
      list.append(message(m, ws, pending));
      if (m.authorId !== ws.me.id) added++;
    }
    if (announceNew && added > 0) announce(t('tk.newMessages', added));
  }

  let ticks = 0;
  let running = null;
  /** One read at a time; a caller arriving meanwhile (e.g. right after sending) waits and reads again. */
  async function refresh(options = {}) {
    while (running) await running.catch(() => {});
    running = read(options);
    try {
      await running;
    } finally {
      running = null;
    }
  }

  async function read({ quiet = false }) {
    const fresh = await get(`${ws.path}/messages${latest ? `?after=${encodeURIComponent(latest)}` : ''}`);
    latest = fresh.latest ?? latest;
    show(fresh.items, !quiet);
    // Someone else's change (status, assignees...) shows within a few ticks even without a message.
    if (fresh.items.length > 0 || (++ticks % 2) === 0) {
      const before = ws.ticket.updatedAt;
      const { body, etag } = await call('GET', ws.path);
      if (body.updatedAt !== before) ws.set(body, etag);
    }
    for (const [id, el] of pending) {
      const a = await get(`${ws.path}/attachments/${encodeURIComponent(id)}`);
      if (a.state !== 'processing' && a.state !== 'awaiting_upload') {
        pending.delete(id);
        el.replaceWith(attachment(a, pending));
      }
    }
  }

  show(first.items, false);
  // The error box outlives the form, which is rebuilt when the status changes (e.g. by "send and set status").
  const error = alertBox();
  error.id = 'reply-error';
  const holder = h('div', {});
  fill(composer, h('section', { class: 'panel tk-compose', 'aria-labelledby': 'compose-heading' },
    h('h2', { id: 'compose-heading' }, t('tk.compose')), holder, error));
  const afterSend = async () => { await refresh({ quiet: true }); };
  composerForm(holder, error, ws, canned, afterSend);
  ws.onChange(() => composerForm(holder, error, ws, canned, afterSend, true));
  const stop = poll(async () => {
    try {
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) stop();
      throw e;
    }
  });
  return stop;
}

/** One message: who, when, public reply or internal note (in words, not only colour), text, files. */
function message(m, ws, pending) {
  const mine = m.authorId === ws.me.id;
  const customer = m.authorKind === 'customer';
  const internal = m.visibility === 'internal';
  const who = mine ? `${m.authorName} (${t('tk.you')})` : `${m.authorName} · ${customer ? t('tk.customer') : t('tk.staff')}`;
  const classes = ['message', customer ? 'other' : 'staff', mine ? 'mine' : '', internal ? 'internal' : 'public'].filter(Boolean).join(' ');
  return h('li', { class: classes, dataset: { id: m.id, visibility: m.visibility } },
    h('div', { class: 'message-meta' },
      h('span', { class: 'message-author' }, who),
      time(m.createdAt),
      internal ? h('span', { class: 'tk-label tk-label-internal' }, t('tk.internalNote'))
        : customer ? null : h('span', { class: 'tk-label tk-label-public' }, t('tk.publicReply'))),
    m.body ? h('p', { class: 'message-body' }, internal ? withMentions(m.body) : m.body) : null,
    m.attachments.length ? h('div', { class: 'files' }, m.attachments.map((a) => attachment(a, pending))) : null);
}

/** The text with each @mention set apart (as text nodes: nothing in it is ever read as HTML). */
function withMentions(text) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(MENTION)) {
    parts.push(text.slice(at, match.index), h('strong', { class: 'mention' }, match[0]));
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

/** Images inline (the thumbnail links to the full file), videos with their poster, documents as links. */
export function attachment(a, pending) {
  if (a.state === 'rejected') return h('p', { class: 'file error' }, t('tk.rejected', a.rejectReason ?? a.fileName));
  if (a.state !== 'ready' || !a.urls) {
    const el = h('p', { class: 'file file-pending', dataset: { attachment: a.id } }, `${a.fileName} · ${t('tk.processing')}`);
    if (a.state === 'processing' || a.state === 'awaiting_upload') pending.set(a.id, el);
    return el;
  }
  const caption = h('figcaption', {}, h('a', { href: a.urls.download, download: a.fileName }, t('tk.download', a.fileName)), ` · ${size(a.size)}`);
  if (a.kind === 'image') {
    return h('figure', { class: 'file file-image', dataset: { attachment: a.id } },
      h('a', { href: a.urls.preview ?? a.urls.download, target: '_blank', rel: 'noopener' },
        h('img', { src: a.urls.thumbnail ?? a.urls.preview ?? a.urls.download, alt: a.fileName, loading: 'lazy' })),
      caption);
  }
  if (a.kind === 'video') {
    return h('figure', { class: 'file file-video', dataset: { attachment: a.id } },
      h('video', { controls: true, preload: 'none', poster: a.urls.poster ?? null, src: a.urls.download, 'aria-label': a.fileName }),
      caption);
  }
  return h('p', { class: 'file file-document', dataset: { attachment: a.id } },
    h('a', { href: a.urls.download, download: a.fileName }, t('tk.download', a.fileName)), ` · ${size(a.size)}`);
}

/**
 * The composer. Rebuilt only when the ticket's status changes (the status choices depend on it)
 * and nobody is writing in it; otherwise left as it is.
 */
function composerForm(container, error, ws, canned, afterSend, onChange = false) {
  const closed = ws.ticket.status === 'closed' || Boolean(ws.ticket.mergedInto);
  const focused = container.contains(document.activeElement) ? document.activeElement.id : null;
  if (onChange) {
    if (container.dataset.status === ws.ticket.status && closed === !container.querySelector('form')) return;
    // Never throw away what someone is writing.
    if (container.querySelector('#reply-text')?.value || container.querySelector('#reply-files')?.files?.length) return;
  }
  container.dataset.status = ws.ticket.status;
  if (closed) {
    fill(container, h('p', { class: 'notice', id: 'reply-closed' }, t('tk.closedNoReply')));
    return;
  }

  const publicRadio = h('input', { type: 'radio', name: 'visibility', value: 'public', id: 'reply-public', checked: true });
  const internalRadio = h('input', { type: 'radio', name: 'visibility', value: 'internal', id: 'reply-internal' });
  const kind = h('fieldset', { class: 'tk-kind' }, h('legend', {}, t('tk.kind')),
    h('label', { for: 'reply-public' }, publicRadio, ` ${t('tk.kindPublic')}`),
    h('label', { for: 'reply-internal' }, internalRadio, ` ${t('tk.kindInternal')}`));

  const text = field('reply-text', t('tk.message'), h('textarea', { rows: '5' }), t('tk.internalHint'));
  const hint = text.field.querySelector('.hint');

  const cannedSelect = options(h('select', {}), [['', t('tk.cannedPick')], ...canned.map((c) => [c.id, c.title])], '');
  const cannedField = field('canned-select', t('tk.canned'), cannedSelect);
  const cannedInsert = h('button', { type: 'button', class: 'secondary', id: 'canned-insert' }, t('tk.cannedInsert'));
  const cannedNote = h('p', { class: 'hint', id: 'canned-note', hidden: true });
  const cannedRow = canned.length ? h('div', { class: 'tk-inline' }, cannedField.field, cannedInsert) : null;

  const handles = ws.staff.filter((s) => s.userId !== ws.me.id && s.email)
    .map((s) => [s.email.split('@')[0], `${s.name} (@${s.email.split('@')[0]})`]);
  const mentionSelect = options(h('select', {}), handles, handles[0]?.[0]);
  const mentionField = field('mention-select', t('tk.mention'), mentionSelect);
  const mentionInsert = h('button', { type: 'button', class: 'secondary', id: 'mention-insert' }, t('tk.mentionInsert'));
  const mentionRow = handles.length ? h('div', { class: 'tk-inline', id: 'mention-row' }, mentionField.field, mentionInsert) : null;

  const files = field('reply-files', t('tk.attach'), h('input', { type: 'file', multiple: true }));
  const uploads = h('div', { class: 'uploads', id: 'reply-uploads' });
  const statusSelect = options(h('select', {}),
    [['', t('tk.keepStatus')], ...STATUSES.filter((s) => s !== ws.ticket.status).map((s) => [s, t(`status.${s}`)])], '');
  const statusField = field('reply-status', t('tk.afterStatus'), statusSelect);
  const send = h('button', { type: 'submit', class: 'primary', id: 'reply-send' });
  const form = h('form', { class: 'stack tk-composer', id: 'reply-form' },
    kind, cannedRow, cannedNote, text.field, mentionRow, files.field, uploads,
    h('div', { class: 'tk-inline tk-send' }, statusField.field, send));

  const internal = () => internalRadio.checked;
  const label = () => {
    send.textContent = statusSelect.value ? t('tk.sendAndStatus', t(`status.${statusSelect.value}`)) : internal() ? t('tk.addNote') : t('tk.sendReply');
    form.classList.toggle('is-internal', internal());
    hint.hidden = !internal();
    if (mentionRow) mentionRow.hidden = !internal();
  };
  publicRadio.addEventListener('change', label);
  internalRadio.addEventListener('change', label);
  statusSelect.addEventListener('change', label);
  label();

  const insert = (snippet) => {
    const area = text.input;
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? start;
    area.value = area.value.slice(0, start) + snippet + area.value.slice(end);
    area.focus();
    area.setSelectionRange(start + snippet.length, start + snippet.length);
  };

  cannedInsert.addEventListener('click', async () => {
    if (!cannedSelect.value) return;
    error.hidden = true;
    cannedInsert.disabled = true;
    try {
      const rendered = await post(`${ws.path}/canned/${encodeURIComponent(cannedSelect.value)}/render`);
      insert(rendered.text);
      cannedNote.hidden = rendered.missing.length === 0;
      cannedNote.textContent = rendered.missing.length ? t('tk.cannedMissing', rendered.missing.join(', ')) : '';
      announce(t('tk.cannedInserted', rendered.title));
    } catch (e) {
      showError(error, e);
    } finally {
      cannedInsert.disabled = false;
    }
  });

  mentionInsert?.addEventListener('click', () => {
    const area = text.input;
    const before = area.value.slice(0, area.selectionStart ?? area.value.length);
    insert(`${before && !/\s$/.test(before) ? ' ' : ''}@${mentionSelect.value} `);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const picked = [...files.input.files];
    const body = text.input.value;
    if (!body.trim() && picked.length === 0) {
      error.textContent = t('tk.empty');
      error.hidden = false;
      return;
    }
    const status = statusSelect.value;
    error.hidden = true;
    send.disabled = true;
    let sent = false;
    try {
      const ids = picked.length ? await uploadFiles(ws.code, picked, uploads) : [];
      await post(`${ws.path}/messages`, { body, visibility: internal() ? 'internal' : 'public', attachmentIds: ids });
      sent = true;
      text.input.value = '';
      files.input.value = '';
      uploads.replaceChildren();
      cannedNote.hidden = true;
      statusSelect.value = '';
      label();
      await afterSend();
      // Posting changed the ticket (counters, first response): read its new ETag before the PATCH.
      await ws.reload();
      if (status) {
        await ws.patch({ status });
        announce(t('tk.sentAndStatus', t(`status.${status}`)));
      } else {
        announce(t('tk.sent'));
      }
    } catch (e) {
      if (sent && status) {
        error.textContent = `${t('tk.sentStatusFailed')} ${errorText(e)}`;
        error.hidden = false;
      } else {
        showError(error, e);
      }
    } finally {
      send.disabled = false;
    }
  });

  fill(container, form);
  if (focused) document.getElementById(focused)?.focus();
}
