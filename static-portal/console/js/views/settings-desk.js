// Settings: canned replies (write, edit, delete, restore) and custom ticket fields (a
// structured editor of the whole set: key, labels, kind, options, whether customers see it).
import { get, post, put, del, call, ApiError } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { announce } from '../common.js';
import { saveForm, section, formError, cell } from './admin-kit.js';

register({
  es: {
    'cnd.title': 'Título',
    'cnd.body': 'Texto',
    'cnd.body.hint': 'Marcadores: {{cliente}}, {{código}}, {{telescopio}}, {{técnico}}; se rellenan al usar la respuesta en un ticket.',
    'cnd.placeholders': 'Marcadores',
    'cnd.updated': 'Actualizada',
    'cnd.none': 'Aún no hay respuestas predefinidas.',
    'cnd.new': 'Nueva respuesta predefinida',
    'cnd.editing': (title) => `Editar: ${title}`,
    'cnd.created': (title) => `Respuesta «${title}» creada.`,
    'cnd.deleted': (title) => `Respuesta «${title}» eliminada.`,
    'cnd.restored': (title) => `Respuesta «${title}» restaurada.`,
    'cnd.showDeleted': 'Eliminadas',
    'cnd.restore': 'Restaurar',
    'cnd.noDeleted': 'No hay respuestas eliminadas.',
    'fld.key': 'Clave',
    'fld.key.hint': 'Minúsculas, dígitos y _, empezando por letra; no cambia una vez usada.',
    'fld.label': 'Etiqueta (español)',
    'fld.labelEn': 'Etiqueta (inglés)',
    'fld.kind': 'Tipo',
    'fld.kind.text': 'Texto',
    'fld.kind.number': 'Número',
    'fld.kind.date': 'Fecha',
    'fld.kind.choice': 'Lista de opciones',
    'fld.options': 'Opciones (una por línea)',
    'fld.visible': 'Visible para el cliente',
    'fld.add': 'Añadir campo',
    'fld.none': 'Sin campos personalizados.',
    'fld.help': 'Los campos se guardan todos juntos. Quitar un campo lo oculta; sus valores siguen en los tickets y vuelven si se define de nuevo.',
    'fld.row': (n) => `campo ${n}`,
  },
  en: {
    'cnd.title': 'Title',
    'cnd.body': 'Text',
    'cnd.body.hint': 'Placeholders: {{customer}}, {{ticket}}, {{telescope}}, {{agent}}; filled in when the reply is used on a ticket.',
    'cnd.placeholders': 'Placeholders',
    'cnd.updated': 'Updated',
    'cnd.none': 'No canned replies yet.',
    'cnd.new': 'New canned reply',
    'cnd.editing': (title) => `Edit: ${title}`,
    'cnd.created': (title) => `Reply “${title}” created.`,
    'cnd.deleted': (title) => `Reply “${title}” deleted.`,
    'cnd.restored': (title) => `Reply “${title}” restored.`,
    'cnd.showDeleted': 'Deleted',
    'cnd.restore': 'Restore',
    'cnd.noDeleted': 'No deleted replies.',
    'fld.key': 'Key',
    'fld.key.hint': 'Lower-case letters, digits and _, starting with a letter; fixed once used.',
    'fld.label': 'Label (Spanish)',
    'fld.labelEn': 'Label (English)',
    'fld.kind': 'Kind',
    'fld.kind.text': 'Text',
    'fld.kind.number': 'Number',
    'fld.kind.date': 'Date',
    'fld.kind.choice': 'Choice list',
    'fld.options': 'Options (one per line)',
    'fld.visible': 'Customers see it',
    'fld.add': 'Add field',
    'fld.none': 'No custom fields.',
    'fld.help': 'Fields are saved all together. Removing a field hides it; its values stay on tickets and come back if it is defined again.',
    'fld.row': (n) => `field ${n}`,
  },
});

export async function canned(body, { id }) {
  const list = h('div', { id: 'canned-list' });
  const deletedList = h('div', { id: 'canned-deleted' });
  const listError = formError(null);
  const title = field('canned-title', t('cnd.title'), h('input', { type: 'text', required: true, maxlength: 200 }));
  const text = field('canned-body', t('cnd.body'), h('textarea', { rows: 6, required: true }), t('cnd.body.hint'));
  const formHeading = h('h2', { id: 'canned-form-heading' }, t('cnd.new'));
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => { location.hash = '#/settings/canned'; } }, t('cancel'));
  const form = h('form', { class: 'admin-form', id: 'canned-form', novalidate: true, 'aria-labelledby': 'canned-form-heading' }, title.field, text.field);
  let editing = null; // { id, etag } while a reply is being edited

  const refresh = async () => {
    const [live, gone] = await Promise.all([get('/canned'), get('/canned?deleted=true')]);
    const columns = [t('cnd.title'), t('cnd.body'), t('cnd.placeholders'), t('cnd.updated'), t('set.actions')];
    fill(list, live.items.length === 0 ? h('p', { class: 'empty' }, t('cnd.none')) : h('table', { class: 'tickets', id: 'canned-table' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, live.items.map((r) => h('tr', { dataset: { id: r.id } },
        h('th', { scope: 'row' }, r.title),
        cell(columns[1], r.body.length > 140 ? `${r.body.slice(0, 139)}…` : r.body),
        cell(columns[2], r.placeholders.map((p) => `{{${p}}}`).join(' ')),
        cell(columns[3], time(r.updatedAt)),
        cell(columns[4], h('div', { class: 'row' },
          h('a', { href: `#/settings/canned/${encodeURIComponent(r.id)}`, 'aria-label': `${t('set.edit')}: ${r.title}` }, t('set.edit')),
          h('button', {
            type: 'button', class: 'secondary danger', 'aria-label': `${t('set.delete')}: ${r.title}`,
            onclick: async () => {
              try { await del(`/canned/${encodeURIComponent(r.id)}`); announce(t('cnd.deleted', r.title)); await refresh(); } catch (e) { listError.show(e); }
            },
          }, t('set.delete')))))))));
    fill(deletedList, gone.items.length === 0 ? h('p', { class: 'muted' }, t('cnd.noDeleted')) : h('ul', {}, gone.items.map((r) => h('li', {}, r.title, ' ',
      h('button', {
        type: 'button', class: 'secondary', 'aria-label': `${t('cnd.restore')}: ${r.title}`,
        onclick: async () => {
          try { await post(`/canned/${encodeURIComponent(r.id)}/restore`); announce(t('cnd.restored', r.title)); await refresh(); } catch (e) { listError.show(e); }
        },
      }, t('cnd.restore'))))));
  };

  const { error, status } = saveForm(form, async () => {
    const request = { title: title.input.value.trim(), body: text.input.value };
    if (editing) {
      let answer;
      try {
        answer = await call('PUT', `/canned/${encodeURIComponent(editing.id)}`, { body: request, headers: editing.etag ? { 'If-Match': editing.etag } : {} });
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 412)) throw e;
        // Someone else saved it meanwhile: show theirs and say so; the person applies the change again.
        const fresh = await call('GET', `/canned/${encodeURIComponent(editing.id)}`);
        editing.etag = fresh.etag;
        title.input.value = fresh.body.title;
        text.input.value = fresh.body.body;
        throw new ApiError(412, 'precondition_failed', '');
      }
      editing.etag = answer.etag;
      await refresh();
      return t('set.saved');
    }
    const created = await post('/canned', request);
    form.reset();
    await refresh();
    return t('cnd.created', created.title);
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), cancel, status));

  if (id) {
    const answer = await call('GET', `/canned/${encodeURIComponent(id)}`);
    editing = { id, etag: answer.etag };
    title.input.value = answer.body.title;
    text.input.value = answer.body.body;
    formHeading.textContent = t('cnd.editing', answer.body.title);
    cancel.hidden = false;
  }
  await refresh();
  const formSection = h('section', { class: 'panel settings-section' }, formHeading, form);
  fill(body, section(t('set.canned'), listError.box, list), formSection, section(t('cnd.showDeleted'), deletedList));
  if (id) title.input.focus();
  return undefined;
}

const KINDS = ['text', 'number', 'date', 'choice'];

export async function fields(body) {
  const current = (await get('/fields')).fields;
  const rows = [];
  const tbody = h('tbody');
  const none = h('p', { class: 'muted' }, t('fld.none'));
  const grid = h('table', { class: 'editor', id: 'fields-table' });
  const sync = () => { none.hidden = rows.length > 0; grid.hidden = rows.length === 0; rows.forEach((r, i) => r.number(i + 1)); };

  const addRow = (f) => {
    const key = h('input', { type: 'text', value: f?.key ?? '', required: true, maxlength: 40, autocomplete: 'off', class: 'fld-key' });
    const label = h('input', { type: 'text', value: f?.label ?? '', required: true, maxlength: 80, class: 'fld-label' });
    const labelEn = h('input', { type: 'text', value: f?.labelEn ?? '', maxlength: 80, class: 'fld-label-en' });
    const kind = options(h('select', { class: 'fld-kind' }), KINDS.map((k) => [k, t(`fld.kind.${k}`)]), f?.kind ?? 'text');
    const choices = h('textarea', { rows: 3, value: (f?.options ?? []).join('\n'), class: 'fld-options' });
    const visible = h('input', { type: 'checkbox', checked: f?.customerVisible ? true : null, class: 'fld-visible' });
    const showChoices = () => { choices.disabled = kind.value !== 'choice'; choices.hidden = kind.value !== 'choice'; };
    kind.addEventListener('change', showChoices);
    showChoices();
    const remove = h('button', { type: 'button', class: 'secondary', onclick: () => { rows.splice(rows.indexOf(row), 1); tr.remove(); sync(); addButton.focus(); } }, t('set.remove'));
    const labels = [t('fld.key'), t('fld.label'), t('fld.labelEn'), t('fld.kind'), t('fld.options'), t('fld.visible'), ''];
    const tr = h('tr', { class: 'field-row' }, [key, label, labelEn, kind, choices, visible, remove].map((x, i) => h('td', { 'data-label': labels[i] || null }, x)));
    const row = {
      number: (n) => {
        const what = t('fld.row', n);
        // The API names a refused definition's part as fields[i].key, fields[i].options, ...
        for (const [control, part] of [[key, 'key'], [label, 'label'], [labelEn, 'labelEn'], [kind, 'kind'], [choices, 'options'], [visible, 'customerVisible']]) {
          control.dataset.field = `fields[${n - 1}].${part}`;
        }
        key.setAttribute('aria-label', `${t('fld.key')} (${what})`);
        label.setAttribute('aria-label', `${t('fld.label')} (${what})`);
        labelEn.setAttribute('aria-label', `${t('fld.labelEn')} (${what})`);
        kind.setAttribute('aria-label', `${t('fld.kind')} (${what})`);
        choices.setAttribute('aria-label', `${t('fld.options')} (${what})`);
        visible.setAttribute('aria-label', `${t('fld.visible')} (${what})`);
        remove.setAttribute('aria-label', `${t('set.remove')} ${what}`);
      },
      read: () => ({
        key: key.value.trim(), label: label.value.trim(), labelEn: labelEn.value.trim() === '' ? null : labelEn.value.trim(), kind: kind.value,
        options: kind.value === 'choice' ? choices.value.split('\n').map((x) => x.trim()).filter(Boolean) : [], customerVisible: visible.checked,
      }),
    };
    rows.push(row);
    tbody.append(tr);
    sync();
    return tr;
  };
  const addButton = h('button', { type: 'button', class: 'secondary', onclick: () => addRow(null).querySelector('input')?.focus() }, t('fld.add'));
  current.forEach(addRow);
  sync();

  const columns = [t('fld.key'), t('fld.label'), t('fld.labelEn'), t('fld.kind'), t('fld.options'), t('fld.visible'), t('set.actions')];
  const form = h('form', { class: 'admin-form', id: 'fields-form', novalidate: true },
    h('p', { class: 'hint' }, t('fld.help'), ' ', t('fld.key.hint')),
    fill(grid, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), tbody),
    none, h('div', { class: 'actions' }, addButton));
  const { error, status } = saveForm(form, async () => {
    const saved = await put('/fields', { fields: rows.map((r) => r.read()) });
    return `${t('set.saved')} (${saved.fields.length})`;
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));
  fill(body, section(t('set.fields'), form));
}
