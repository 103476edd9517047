// Knowledge base: browse and search articles, read one (its Markdown as the server renders it,
// rebuilt here through an allow-list), write and edit (with a preview), delete and restore.
import { call, get, post, del, patch, ApiError } from '../../shared/api.js';
import { h, fill, field } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { heading, alertBox, showError, announce } from '../common.js';
import { app, isAdmin } from '../app.js';
import { articleContent } from './article-html.js';
import { labelCells } from './table-labels.js';

register({
  es: {
    'kb.title': 'Base de conocimiento',
    'kb.new': 'Nuevo artículo',
    'kb.search': 'Buscar artículos',
    'kb.searchLabel': 'Buscar',
    'kb.searchHint': 'No importan las tildes ni las mayúsculas.',
    'kb.searchButton': 'Buscar',
    'kb.clear': 'Ver todos',
    'kb.results': (n, q) => `${n} ${n === 1 ? 'resultado' : 'resultados'} para «${q}»`,
    'kb.noResults': (q) => `Ningún artículo coincide con «${q}».`,
    'kb.empty': 'Todavía no hay artículos.',
    'kb.more': 'Ver más',
    'kb.article': 'Artículo',
    'kb.visibility': 'Visibilidad',
    'kb.vis.internal': 'Interno',
    'kb.vis.customer_facing': 'Visible para clientes',
    'kb.visHint.internal': 'Solo el personal lo ve.',
    'kb.visHint.customer_facing': 'Los clientes lo ven en el portal y en las sugerencias.',
    'kb.tags': 'Etiquetas',
    'kb.tagsHint': 'Separadas por comas, hasta 10.',
    'kb.model': 'Modelo de telescopio',
    'kb.modelHint': 'Opcional: el modelo al que se refiere el artículo.',
    'kb.updated': 'Actualizado',
    'kb.author': 'Autor',
    'kb.by': (name) => `por ${name}`,
    'kb.revision': (n) => `revisión ${n}`,
    'kb.fromTicket': 'Creado a partir del ticket',
    'kb.edit': 'Editar',
    'kb.editTitle': 'Editar artículo',
    'kb.delete': 'Eliminar',
    'kb.confirmDelete': '¿Eliminar este artículo? Se podrá restaurar.',
    'kb.yesDelete': 'Sí, eliminar',
    'kb.deleted': 'Artículo eliminado.',
    'kb.restore': 'Restaurar',
    'kb.restored': 'Artículo restaurado.',
    'kb.fieldTitle': 'Título',
    'kb.body': 'Contenido (Markdown)',
    'kb.bodyHint': 'Markdown: # títulos, - listas, **negrita**, [texto](https://…). El HTML se muestra como texto.',
    'kb.preview': 'Vista previa',
    'kb.previewTitle': 'Vista previa',
    'kb.previewEmpty': 'Pulsa «Vista previa» para ver cómo quedará.',
    'kb.previewReady': 'Vista previa actualizada.',
    'kb.create': 'Publicar artículo',
    'kb.save': 'Guardar cambios',
    'kb.created': 'Artículo creado.',
    'kb.saved': 'Cambios guardados.',
    'kb.noModel': 'Sin modelo',
    'error.stale_article': 'Otra persona ha cambiado el artículo mientras lo editabas. Se ha recargado: revisa y vuelve a aplicar tu cambio.',
    'error.article_not_found': 'Este artículo no existe o se ha eliminado.',
  },
  en: {
    'kb.title': 'Knowledge base',
    'kb.new': 'New article',
    'kb.search': 'Search articles',
    'kb.searchLabel': 'Search',
    'kb.searchHint': 'Accents and capitals do not matter.',
    'kb.searchButton': 'Search',
    'kb.clear': 'Show all',
    'kb.results': (n, q) => `${n} ${n === 1 ? 'result' : 'results'} for “${q}”`,
    'kb.noResults': (q) => `No article matches “${q}”.`,
    'kb.empty': 'No articles yet.',
    'kb.more': 'Show more',
    'kb.article': 'Article',
    'kb.visibility': 'Visibility',
    'kb.vis.internal': 'Internal',
    'kb.vis.customer_facing': 'Customer-facing',
    'kb.visHint.internal': 'Only staff see it.',
    'kb.visHint.customer_facing': 'Customers see it on the portal and in suggestions.',
    'kb.tags': 'Tags',
    'kb.tagsHint': 'Comma-separated, up to 10.',
    'kb.model': 'Telescope model',
    'kb.modelHint': 'Optional: the model the article is about.',
    'kb.updated': 'Updated',
    'kb.author': 'Author',
    'kb.by': (name) => `by ${name}`,
    'kb.revision': (n) => `revision ${n}`,
    'kb.fromTicket': 'Created from ticket',
    'kb.edit': 'Edit',
    'kb.editTitle': 'Edit article',
    'kb.delete': 'Delete',
    'kb.confirmDelete': 'Delete this article? It can be restored.',
    'kb.yesDelete': 'Yes, delete',
    'kb.deleted': 'Article deleted.',
    'kb.restore': 'Restore',
    'kb.restored': 'Article restored.',
    'kb.fieldTitle': 'Title',
    'kb.body': 'Content (Markdown)',
    'kb.bodyHint': 'Markdown: # headings, - lists, **bold**, [text](https://…). HTML shows as text.',
    'kb.preview': 'Preview',
    'kb.previewTitle': 'Preview',
    'kb.previewEmpty': 'Press “Preview” to see how it will look.',
    'kb.previewReady': 'Preview updated.',
    'kb.create': 'Publish article',
    'kb.save': 'Save changes',
    'kb.created': 'Article created.',
    'kb.saved': 'Changes saved.',
    'kb.noModel': 'No model',
    'error.stale_article': 'Someone else changed the article while you were editing. It has been reloaded: check and apply your change again.',
    'error.article_not_found': 'This article does not exist or was deleted.',
  },
});

export const routes = [
  [/^#\/kb$/, (main) => listView(main)],
  [/^#\/kb\/new$/, (main) => editorView(main, null)],
  [/^#\/kb\/([a-f0-9]+)\/edit$/, (main, m) => editorView(main, m[1])],
  [/^#\/kb\/([a-f0-9]+)$/, (main, m) => articleView(main, m[1])],
];

// The last search is kept while the person opens an article and comes back.
let lastQuery = '';

const articleHref = (id) => `#/kb/${encodeURIComponent(id)}`;

function visibilityBadge(visibility) {
  return h('span', { class: `badge kb-vis kb-vis-${visibility}`, 'data-visibility': visibility }, t(`kb.vis.${visibility}`));
}

function tagList(tags) {
  return tags?.length ? h('ul', { class: 'kb-tags', 'aria-label': t('kb.tags') }, tags.map((x) => h('li', {}, x))) : null;
}

async function listView(main) {
  const input = h('input', { type: 'search', value: lastQuery, autocomplete: 'off' });
  const search = field('kb-search', t('kb.searchLabel'), input, t('kb.searchHint'));
  const clear = h('button', { type: 'button', class: 'secondary', hidden: !lastQuery }, t('kb.clear'));
  const summary = h('p', { class: 'muted', id: 'kb-summary', role: 'status' });
  const results = h('div', { id: 'kb-results' });
  const error = alertBox();
  fill(main,
    h('div', { class: 'kb-head' }, heading(t('kb.title')), h('a', { class: 'button', href: '#/kb/new' }, t('kb.new'))),
    h('form', { class: 'kb-search', role: 'search', 'aria-label': t('kb.search'), id: 'kb-search-form', onsubmit: (e) => { e.preventDefault(); run(); } },
      search.field, h('div', { class: 'kb-search-actions' }, h('button', { type: 'submit', class: 'primary' }, t('kb.searchButton')), clear)),
    error, summary, results);

  clear.addEventListener('click', () => { input.value = ''; run(); input.focus(); });

  // A search answered after a newer one was asked must not overwrite it.
  let generation = 0;

  async function run() {
    error.hidden = true;
    lastQuery = input.value.trim();
    clear.hidden = !lastQuery;
    const mine = ++generation;
    const current = () => mine === generation;
    try {
      if (lastQuery) await showHits(lastQuery, current);
      else await showAll(current);
    } catch (e) {
      showError(error, e);
    }
  }

  async function showHits(q, current) {
    const hits = (await get(`/knowledge/search?${new URLSearchParams({ q, limit: '20' })}`)).items;
    if (!current()) return;
    summary.textContent = hits.length ? t('kb.results', hits.length, q) : t('kb.noResults', q);
    fill(results, hits.length === 0 ? null : h('ol', { class: 'kb-list', id: 'kb-hits' }, hits.map((x) =>
      h('li', { dataset: { article: x.id } },
        h('h2', {}, h('a', { href: articleHref(x.id) }, x.title)),
        h('p', { class: 'kb-snippet' }, x.snippet),
        h('p', { class: 'kb-meta muted' }, visibilityBadge(x.visibility), x.telescopeModel ? ` · ${x.telescopeModel}` : '', ' · ', time(x.updatedAt)),
        tagList(x.tags)))));
  }

  async function showAll(current) {
    summary.textContent = '';
    const table = h('table', { class: 'tickets', id: 'kb-table' },
      h('caption', { class: 'visually-hidden' }, t('kb.title')),
      h('thead', {}, h('tr', {}, [t('kb.fieldTitle'), t('kb.visibility'), t('kb.tags'), t('kb.model'), t('kb.author'), t('kb.updated')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody'));
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('kb.more'));
    let cursor = null;
    const page = async () => {
      const data = await get(`/knowledge/articles?${new URLSearchParams({ limit: '25', ...(cursor ? { cursor } : {}) })}`);
      table.tBodies[0].append(...data.items.map((x) => h('tr', { dataset: { article: x.id } },
        h('th', { scope: 'row' }, h('a', { href: articleHref(x.id) }, x.title)),
        h('td', {}, visibilityBadge(x.visibility)),
        h('td', {}, tagList(x.tags)),
        h('td', {}, x.telescopeModel ?? ''),
        h('td', {}, x.authorName),
        h('td', {}, time(x.updatedAt)))));
      labelCells(table);
      cursor = data.nextCursor;
      more.hidden = !cursor;
      return data.items.length;
    };
    more.addEventListener('click', async () => {
      more.disabled = true;
      try { await page(); } catch (e) { showError(error, e); } finally { more.disabled = false; }
    });
    const first = await page();
    if (!current()) return;
    fill(results, first === 0 && !cursor ? h('p', { class: 'empty' }, t('kb.empty')) : [table, more]);
  }

  await run();
}

async function articleView(main, id) {
  const a = await get(`/knowledge/articles/${encodeURIComponent(id)}`);
  const error = alertBox();
  const canDelete = isAdmin() || a.authorId === app.me.id;
  const actions = h('div', { class: 'kb-actions' },
    h('a', { class: 'button', href: `${articleHref(a.id)}/edit`, id: 'kb-edit' }, t('kb.edit')));
  if (canDelete) {
    const remove = h('button', { type: 'button', class: 'secondary', id: 'kb-delete' }, t('kb.delete'));
    const confirmBox = h('div', { class: 'kb-confirm', hidden: true, role: 'group', 'aria-labelledby': 'kb-confirm-text' },
      h('p', { id: 'kb-confirm-text' }, t('kb.confirmDelete')),
      h('button', { type: 'button', class: 'primary', id: 'kb-confirm-delete', onclick: () => deleteArticle(main, a.id, error) }, t('kb.yesDelete')),
      h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; remove.focus(); } }, t('cancel')));
    remove.addEventListener('click', () => { confirmBox.hidden = false; confirmBox.querySelector('button').focus(); });
    actions.append(remove, confirmBox);
  }

  fill(main,
    h('p', {}, h('a', { href: '#/kb' }, `← ${t('kb.title')}`)),
    h('article', { class: 'kb-article', 'aria-labelledby': 'kb-article-title' },
      h('h1', { tabindex: '-1', id: 'kb-article-title' }, a.title),
      h('p', { class: 'kb-meta muted' },
        visibilityBadge(a.visibility), ' · ', t('kb.by', a.authorName), ' · ', t('kb.updated'), ' ', time(a.updatedAt),
        a.updatedByName && a.updatedByName !== a.authorName ? ` (${a.updatedByName})` : '', ' · ', t('kb.revision', a.revision)),
      a.telescopeModel ? h('p', { class: 'kb-model' }, `${t('kb.model')}: `, a.telescopeModel) : null,
      a.source ? h('p', { class: 'kb-source', id: 'kb-source' }, `${t('kb.fromTicket')} `,
        h('a', { href: `#/tickets/${encodeURIComponent(a.source.ticketCode)}` }, a.source.ticketCode)) : null,
      tagList(a.tags),
      h('div', { class: 'panel article-body kb-body', id: 'kb-body' }, articleContent(a.html))),
    error, actions);
}

async function deleteArticle(main, id, error) {
  try {
    await del(`/knowledge/articles/${encodeURIComponent(id)}`);
  } catch (e) {
    showError(error, e);
    return;
  }
  // A deleted article can no longer be read, only restored by id: offer that right here.
  const restore = h('button', { type: 'button', class: 'primary', id: 'kb-restore' }, t('kb.restore'));
  const restoreError = alertBox();
  restore.addEventListener('click', async () => {
    try {
      await post(`/knowledge/articles/${encodeURIComponent(id)}/restore`);
      announce(t('kb.restored'));
      await articleView(main, id);
      main.querySelector('h1')?.focus();
    } catch (e) {
      showError(restoreError, e);
    }
  });
  fill(main, heading(t('kb.deleted')), h('p', { class: 'notice', role: 'status' }, t('kb.deleted')), restoreError,
    h('div', { class: 'kb-actions' }, restore, h('a', { class: 'button secondary-link', href: '#/kb' }, t('kb.title'))));
  main.querySelector('h1').focus();
}

const parseTags = (text) => text.split(',').map((x) => x.trim()).filter(Boolean);

async function editorView(main, id) {
  let loaded = null;
  let etag = null;
  const load = async () => {
    const response = await call('GET', `/knowledge/articles/${encodeURIComponent(id)}`);
    loaded = response.body;
    etag = response.etag;
  };
  if (id) await load();

  // Telescope models already in the observatory, offered as suggestions (free text still allowed).
  let models = [];
  try { models = [...new Set((await get('/telescopes')).map((x) => x.model).filter(Boolean))].sort(); } catch { /* suggestions only */ }

  const title = field('kb-title', t('kb.fieldTitle'), h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off' }));
  const body = field('kb-body-input', t('kb.body'), h('textarea', { rows: '14', required: true, class: 'kb-source-text', 'data-field': 'body' }), t('kb.bodyHint'));
  const tags = field('kb-tags', t('kb.tags'), h('input', { type: 'text', autocomplete: 'off' }), t('kb.tagsHint'));
  const model = field('kb-model', t('kb.model'), h('input', { type: 'text', list: 'kb-models', maxlength: '100', autocomplete: 'off', 'data-field': 'telescopeModel' }), t('kb.modelHint'));
  const visibility = h('fieldset', { class: 'kb-visibility' }, h('legend', {}, t('kb.visibility')),
    ['internal', 'customer_facing'].map((v) => h('label', { class: 'kb-radio' },
      h('input', { type: 'radio', name: 'kb-visibility', value: v, id: `kb-vis-${v}`, 'aria-describedby': `kb-vis-${v}-hint` }),
      ` ${t(`kb.vis.${v}`)} `, h('span', { class: 'hint', id: `kb-vis-${v}-hint` }, t(`kb.visHint.${v}`)))));
  const preview = h('div', { class: 'panel article-body kb-preview', id: 'kb-preview' }, h('p', { class: 'muted' }, t('kb.previewEmpty')));
  const previewButton = h('button', { type: 'button', class: 'secondary', id: 'kb-preview-button' }, t('kb.preview'));
  const error = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, id ? t('kb.save') : t('kb.create'));

  const show = (a) => {
    title.input.value = a?.title ?? '';
    body.input.value = a?.body ?? '';
    tags.input.value = (a?.tags ?? []).join(', ');
    model.input.value = a?.telescopeModel ?? '';
    const v = a?.visibility ?? 'internal';
    visibility.querySelector(`input[value="${v}"]`).checked = true;
  };
  show(loaded);

  previewButton.addEventListener('click', async () => {
    try {
      const rendered = await post('/knowledge/preview', { body: body.input.value });
      fill(preview, articleContent(rendered.html));
      announce(t('kb.previewReady'));
    } catch (e) {
      showError(error, e);
    }
  });

  const form = h('form', { class: 'stack kb-editor', id: 'kb-editor', novalidate: true },
    title.field, body.field,
    h('div', { class: 'kb-preview-block' }, previewButton, h('h2', { class: 'kb-preview-title', id: 'kb-preview-title' }, t('kb.previewTitle')),
      preview),
    tags.field, model.field, h('datalist', { id: 'kb-models' }, models.map((m) => h('option', { value: m }))), visibility,
    error, h('div', { class: 'kb-actions' }, submit, h('a', { href: id ? articleHref(id) : '#/kb' }, t('cancel'))));
  preview.setAttribute('aria-labelledby', 'kb-preview-title');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const fields = {
      title: title.input.value.trim(),
      body: body.input.value,
      tags: parseTags(tags.input.value),
      visibility: form.querySelector('input[name="kb-visibility"]:checked').value,
      telescopeModel: model.input.value.trim() || null,
    };
    submit.disabled = true;
    try {
      if (id) {
        await patch(`/knowledge/articles/${encodeURIComponent(id)}`, fields, etag);
        announce(t('kb.saved'));
        location.hash = articleHref(id);
      } else {
        const created = await post('/knowledge/articles', fields);
        announce(t('kb.created'));
        location.hash = articleHref(created.id);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 412 && id) {
        // Someone saved in between: show their version and say so; the person re-applies.
        await load();
        show(loaded);
      }
      showError(error, err);
      submit.disabled = false;
    }
  });

  fill(main, h('p', {}, h('a', { href: id ? articleHref(id) : '#/kb' }, `← ${id ? loaded.title : t('kb.title')}`)),
    heading(id ? t('kb.editTitle') : t('kb.new')), form);
}
