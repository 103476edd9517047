import { call, get, post } from '../api.js';
import { h, fill, field, options } from '../dom.js';
import { t } from '../i18n.js';
import { uploadFiles } from '../uploads.js';
import { alertBox, showError, heading, myTelescopes } from './common.js';

const TYPES = ['question', 'installation', 'repair', 'upgrade', 'visit'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];

/** Open a ticket: type, title (with knowledge-base suggestions), description, priority, telescope, files. */
export async function newTicketView(main, app) {
  const telescopes = await myTelescopes(app, get);
  const type = field('new-type', t('type'), options(h('select'), TYPES.map((x) => [x, t(`type.${x}`)]), 'question'));
  const title = field('new-title', t('title'), h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off' }));
  const suggestions = h('div', { class: 'suggestions', id: 'kb-suggestions', hidden: true, 'aria-live': 'polite' });
  const description = field('new-description', t('description'), h('textarea', { rows: '6' }));
  const priority = field('new-priority', t('priority'), options(h('select'), PRIORITIES.map((x) => [x, t(`priority.${x}`)]), 'medium'));
  const telescope = field('new-telescope', t('telescope'), options(h('select'), [['', t('noTelescope')], ...telescopes.map((s) => [s.id, s.name])], telescopes.length === 1 ? telescopes[0].id : ''));
  const files = field('new-files', t('files'), h('input', { type: 'file', multiple: true }), t('filesHint'));
  const uploads = h('div', { class: 'uploads', id: 'new-uploads' });
  const error = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('create'));
  const form = h('form', { class: 'stack', id: 'new-ticket-form' },
    h('div', { class: 'two-col' }, type.field, priority.field),
    title.field, suggestions, description.field, telescope.field, files.field, uploads, error, h('div', {}, submit));
  fill(main, heading(t('newTitle')), h('div', { class: 'panel' }, form));

  let debounce = null;
  let asked = '';
  title.input.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => suggest(title.input.value.trim()), 350);
  });
  async function suggest(text) {
    if (text.length < 4 || text === asked) return;
    asked = text;
    try {
      const hits = (await get(`/knowledge/suggest?title=${encodeURIComponent(text)}`)).items;
      if (text !== asked) return;
      suggestions.hidden = hits.length === 0;
      fill(suggestions, h('p', {}, t('suggestionsTitle')),
        h('ul', {}, hits.map((a) => h('li', {}, h('a', { href: `#/kb/${a.id}`, target: '_blank' }, a.title), h('div', { class: 'hint' }, a.snippet)))));
    } catch {
      suggestions.hidden = true; // suggestions are a help, never a blocker
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    let code = null;
    try {
      const ticket = await post('/tickets', {
        type: type.input.value,
        title: title.input.value,
        description: description.input.value || null,
        priority: priority.input.value,
        telescopeId: telescope.input.value || null,
      });
      code = ticket.code;
      const picked = [...files.input.files];
      if (picked.length > 0) {
        const ids = await uploadFiles(code, picked, uploads);
        await call('POST', `/tickets/${encodeURIComponent(code)}/messages`, { body: { body: '', attachmentIds: ids } });
      }
      location.hash = `#/tickets/${encodeURIComponent(code)}`;
    } catch (e) {
      showError(error, e);
      submit.disabled = false;
      // The ticket exists even when a file failed: go on from the ticket rather than open it twice.
      if (code) setTimeout(() => { location.hash = `#/tickets/${encodeURIComponent(code)}`; }, 4000);
    }
  });
  title.input.focus();
  return () => clearTimeout(debounce);
}
