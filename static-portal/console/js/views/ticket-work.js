// Work on the ticket: the caller's timer (start, pause, resume, stop), the time entries with
// their billable and non-billable totals and a manual entry, and the products and expenses.
// Deleting an entry or a line is soft: an Undo follows each deletion, and "Show deleted" lists
// the deleted ones with a Restore button.
import { call, get, post, del, patch, ApiError } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register, language } from '../../shared/i18n.js';
import { time } from '../../shared/format.js';
import { t } from '../i18n.js';
import { alertBox, showError, announce } from '../common.js';
import { money } from './ticket-words.js';

register({
  es: {
    'tk.timer': 'Cronómetro',
    'tk.timerIdle': 'No tienes ningún cronómetro en marcha.',
    'tk.timerRunning': 'En marcha',
    'tk.timerPaused': 'En pausa',
    'tk.timerElsewhere': (code) => `Tu cronómetro está en marcha en ${code}. Detenlo allí antes de empezar otro.`,
    'tk.timerStart': 'Iniciar cronómetro',
    'tk.timerPause': 'Pausar',
    'tk.timerResume': 'Reanudar',
    'tk.timerStop': 'Detener y registrar',
    'tk.timerDiscard': 'Descartar',
    'tk.timerStarted': 'Cronómetro iniciado.',
    'tk.timerStopped': (m) => `Cronómetro detenido: ${m} registrados.`,
    'tk.elapsed': 'Tiempo transcurrido',
    'tk.time': 'Tiempo dedicado',
    'tk.noTime': 'Aún no hay tiempo registrado.',
    'tk.duration': 'Duración',
    'tk.totalBillable': 'Total facturable',
    'tk.totalNonBillable': 'Total no facturable',
    'tk.addTime': 'Registrar tiempo a mano',
    'tk.minutesLabel': 'Minutos',
    'tk.timeAdded': 'Tiempo registrado.',
    'tk.deleteEntry': (when) => `Eliminar el registro de ${when}`,
    'tk.entryDeleted': 'Registro eliminado.',
    'tk.edit': 'Editar',
    'tk.editEntry': (when) => `Editar el registro de ${when}`,
    'tk.entrySaved': 'Registro actualizado.',
    'tk.editCost': (what) => `Editar ${what}`,
    'tk.costSaved': 'Línea actualizada.',
    'tk.costs': 'Productos y gastos',
    'tk.noCosts': 'Sin productos ni gastos.',
    'tk.kindCost': 'Clase',
    'tk.cost.product': 'Producto',
    'tk.cost.expense': 'Gasto',
    'tk.description': 'Descripción',
    'tk.quantity': 'Cantidad',
    'tk.unitPrice': 'Precio unitario',
    'tk.addCost': 'Añadir producto o gasto',
    'tk.costAdded': 'Línea añadida.',
    'tk.deleteCost': (what) => `Eliminar ${what}`,
    'tk.costDeleted': 'Línea eliminada.',
    'tk.totals': 'Totales',
    'tk.undo': 'Deshacer',
    'tk.undoEntry': (what) => `Deshacer la eliminación del registro de ${what}`,
    'tk.undoCost': (what) => `Deshacer la eliminación de ${what}`,
    'tk.entryDeletedUndo': 'Registro eliminado. Puedes deshacerlo con el botón Deshacer.',
    'tk.costDeletedUndo': 'Línea eliminada. Puedes deshacerlo con el botón Deshacer.',
    'tk.showDeleted': 'Ver eliminados',
    'tk.deletedEntries': 'Registros eliminados',
    'tk.deletedCosts': 'Productos y gastos eliminados',
    'tk.noDeleted': 'No hay nada eliminado.',
    'tk.deletedAt': (when) => `eliminado el ${when}`,
    'tk.restore': 'Restaurar',
    'tk.restoreEntry': (what) => `Restaurar el registro de ${what}`,
    'tk.restoreCost': (what) => `Restaurar ${what}`,
    'tk.entryRestored': 'Registro restaurado.',
    'tk.costRestored': 'Línea restaurada.',
  },
  en: {
    'tk.timer': 'Timer',
    'tk.timerIdle': 'You have no timer running.',
    'tk.timerRunning': 'Running',
    'tk.timerPaused': 'Paused',
    'tk.timerElsewhere': (code) => `Your timer is running on ${code}. Stop it there before starting another.`,
    'tk.timerStart': 'Start timer',
    'tk.timerPause': 'Pause',
    'tk.timerResume': 'Resume',
    'tk.timerStop': 'Stop and log',
    'tk.timerDiscard': 'Discard',
    'tk.timerStarted': 'Timer started.',
    'tk.timerStopped': (m) => `Timer stopped: ${m} logged.`,
    'tk.elapsed': 'Elapsed time',
    'tk.time': 'Time spent',
    'tk.noTime': 'No time logged yet.',
    'tk.duration': 'Duration',
    'tk.totalBillable': 'Billable total',
    'tk.totalNonBillable': 'Non-billable total',
    'tk.addTime': 'Log time by hand',
    'tk.minutesLabel': 'Minutes',
    'tk.timeAdded': 'Time logged.',
    'tk.deleteEntry': (when) => `Delete the entry of ${when}`,
    'tk.entryDeleted': 'Entry deleted.',
    'tk.edit': 'Edit',
    'tk.editEntry': (when) => `Edit the entry of ${when}`,
    'tk.entrySaved': 'Entry updated.',
    'tk.editCost': (what) => `Edit ${what}`,
    'tk.costSaved': 'Line updated.',
    'tk.costs': 'Products and expenses',
    'tk.noCosts': 'No products or expenses.',
    'tk.kindCost': 'Kind',
    'tk.cost.product': 'Product',
    'tk.cost.expense': 'Expense',
    'tk.description': 'Description',
    'tk.quantity': 'Quantity',
    'tk.unitPrice': 'Unit price',
    'tk.addCost': 'Add a product or expense',
    'tk.costAdded': 'Line added.',
    'tk.deleteCost': (what) => `Delete ${what}`,
    'tk.costDeleted': 'Line deleted.',
    'tk.totals': 'Totals',
    'tk.undo': 'Undo',
    'tk.undoEntry': (what) => `Undo deleting the entry of ${what}`,
    'tk.undoCost': (what) => `Undo deleting ${what}`,
    'tk.entryDeletedUndo': 'Entry deleted. You can undo it with the Undo button.',
    'tk.costDeletedUndo': 'Line deleted. You can undo it with the Undo button.',
    'tk.showDeleted': 'Show deleted',
    'tk.deletedEntries': 'Deleted entries',
    'tk.deletedCosts': 'Deleted products and expenses',
    'tk.noDeleted': 'Nothing is deleted.',
    'tk.deletedAt': (when) => `deleted on ${when}`,
    'tk.restore': 'Restore',
    'tk.restoreEntry': (what) => `Restore the entry of ${what}`,
    'tk.restoreCost': (what) => `Restore ${what}`,
    'tk.entryRestored': 'Entry restored.',
    'tk.costRestored': 'Line restored.',
  },
});

const clock = (seconds) => {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Builds the work panels into container; returns the cleanup (the timer's ticking display). */
export async function workPanels(container, ws) {
  const timeSection = h('section', { class: 'panel tk-panel', id: 'tk-time', 'aria-labelledby': 'tk-time-heading' });
  const costSection = h('section', { class: 'panel tk-panel', id: 'tk-costs', 'aria-labelledby': 'tk-costs-heading' });
  const timerBox = h('div', { id: 'timer' });
  const entries = h('div', {});
  fill(timeSection, h('h2', { id: 'tk-time-heading' }, t('tk.time')),
    h('h3', {}, t('tk.timer')), timerBox, entries, manualEntry(ws, () => loadEntries()));
  container.append(timeSection, costSection);

  let tick = null;
  // The last deletion in each panel ({ id, what }), offered for Undo; whether deleted ones are listed.
  const undo = { time: null, costs: null };
  const showDeleted = { time: false, costs: false };

  /** DELETE, or POST …/restore, with the ETag read just before (a change made meanwhile is refused, not overwritten). */
  async function deleteWithETag(path) {
    const { etag } = await call('GET', path);
    await call('DELETE', path, { headers: etag ? { 'If-Match': etag } : {} });
  }
  async function restoreWithETag(path) {
    const { etag } = await call('GET', path);
    await call('POST', `${path}/restore`, { body: {}, headers: etag ? { 'If-Match': etag } : {} });
  }

  /** The Undo after a deletion (kind: time or costs), and the "Show deleted" switch with the deleted list. */
  function deletedParts(kind, deleted, { reload, restoreLabel, undoLabel, restored, describe, error }) {
    const restore = async (id, button) => {
      button.disabled = true;
      try {
        await restoreWithETag(`${ws.path}/${kind}/${encodeURIComponent(id)}`);
        if (undo[kind]?.id === id) undo[kind] = null;
        await reload();
        ws.worked();
        announce(restored);
        document.querySelector(`#${kind === 'time' ? 'time-entries' : 'cost-lines'} tr[data-id="${CSS.escape(id)}"] button`)?.focus();
      } catch (err) { button.disabled = false; showError(error, err); }
    };
    const last = undo[kind];
    let undoBar = null;
    if (last) {
      const button = h('button', { type: 'button', class: 'secondary tk-undo-button', id: `${kind}-undo`, 'aria-label': undoLabel(last.what) }, t('tk.undo'));
      button.addEventListener('click', () => restore(last.id, button));
      undoBar = h('p', { class: 'tk-undo' }, kind === 'time' ? t('tk.entryDeleted') : t('tk.costDeleted'), ' ', button);
    }
    const toggle = h('button', { type: 'button', class: 'link-button', id: `${kind}-show-deleted`, 'aria-pressed': String(showDeleted[kind]) }, t('tk.showDeleted'));
    toggle.addEventListener('click', async () => {
      showDeleted[kind] = !showDeleted[kind];
      try {
        await reload();
        document.getElementById(`${kind}-show-deleted`)?.focus();
      } catch (err) { showError(error, err); }
    });
    let list = null;
    if (showDeleted[kind]) {
      const heading = kind === 'time' ? t('tk.deletedEntries') : t('tk.deletedCosts');
      list = deleted.length === 0
        ? h('p', { class: 'muted', id: `${kind}-deleted` }, t('tk.noDeleted'))
        : h('ul', { class: 'tk-deleted', id: `${kind}-deleted`, 'aria-label': heading }, deleted.map((x) => {
          const button = h('button', { type: 'button', class: 'secondary tk-small tk-restore', 'aria-label': restoreLabel(describe(x)) }, t('tk.restore'));
          button.addEventListener('click', () => restore(x.id, button));
          return h('li', { dataset: { id: x.id } }, h('span', {}, describe(x)), ' ',
            x.deletedAt ? h('span', { class: 'muted' }, `(${t('tk.deletedAt', time(x.deletedAt))}) `) : null, button);
        }));
    }
    return [undoBar, h('div', { class: 'tk-deleted-switch' }, toggle), list];
  }

  async function loadTimer() {
    clearInterval(tick);
    let timer = null;
    try {
      timer = await get('/timer');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    const error = alertBox();
    const button = (id, label, cls, action) => {
      const b = h('button', { type: 'button', class: cls, id }, label);
      b.addEventListener('click', async () => {
        b.disabled = true;
        error.hidden = true;
        try {
          await action();
        } catch (e) {
          b.disabled = false;
          showError(error, e);
        }
      });
      return b;
    };
    if (!timer) {
      fill(timerBox, h('p', { class: 'muted', id: 'timer-state' }, t('tk.timerIdle')),
        h('div', { class: 'row' }, button('timer-start', t('tk.timerStart'), 'primary', async () => {
          await post(`${ws.path}/timer`);
          await loadTimer();
          announce(t('tk.timerStarted'));
          document.getElementById('timer-stop')?.focus();
        })), error);
      return;
    }
    if (timer.ticketCode !== ws.ticket.code) {
      fill(timerBox, h('p', { id: 'timer-state' }, t('tk.timerElsewhere', timer.ticketCode), ' ',
        h('a', { href: `#/tickets/${encodeURIComponent(timer.ticketCode)}` }, timer.ticketCode)));
      return;
    }
    // Elapsed time counted here from what the API said, so the display moves without asking it each second.
    const readAt = Date.now();
    const elapsed = h('span', { class: 'tk-clock', id: 'timer-elapsed', role: 'timer', 'aria-label': t('tk.elapsed') }, clock(timer.elapsedSeconds));
    if (timer.running) tick = setInterval(() => { elapsed.textContent = clock(timer.elapsedSeconds + (Date.now() - readAt) / 1000); }, 1000);
    fill(timerBox,
      h('p', { id: 'timer-state' }, h('span', { class: `tk-label ${timer.running ? 'tk-label-running' : 'tk-label-paused'}` }, timer.running ? t('tk.timerRunning') : t('tk.timerPaused')), ' ', elapsed),
      h('div', { class: 'row' },
        timer.running
          ? button('timer-pause', t('tk.timerPause'), 'secondary', async () => { await post('/timer/pause'); await loadTimer(); document.getElementById('timer-resume')?.focus(); })
          : button('timer-resume', t('tk.timerResume'), 'secondary', async () => { await post('/timer/resume'); await loadTimer(); document.getElementById('timer-pause')?.focus(); }),
        button('timer-stop', t('tk.timerStop'), 'primary', async () => {
          const entry = await post('/timer/stop');
          await Promise.all([loadTimer(), loadEntries()]);
          ws.worked();
          announce(t('tk.timerStopped', t('tk.minutes', entry.minutes)));
          document.getElementById('timer-start')?.focus();
        }),
        button('timer-discard', t('tk.timerDiscard'), 'secondary', async () => { await del('/timer'); await loadTimer(); })),
      error);
  }

  async function loadEntries() {
    const all = await get(`${ws.path}/time${showDeleted.time ? '?deleted=true' : ''}`);
    const list = { ...all, items: all.items.filter((e) => !e.deleted) };
    const lang = language();
    const timeColumns = [t('tk.date'), t('tk.who'), t('tk.duration'), t('tk.billable'), t('tk.note'), t('tk.amount'), t('tk.actions')];
    const error = alertBox();
    const describe = (e) => `${e.userName}, ${t('tk.minutes', e.minutes)}`;
    const rows = list.items.map((e) => {
      const remove = h('button', { type: 'button', class: 'link-button tk-small', 'aria-label': t('tk.deleteEntry', describe(e)) }, t('tk.delete'));
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await deleteWithETag(`${ws.path}/time/${encodeURIComponent(e.id)}`);
          undo.time = { id: e.id, what: describe(e) };
          await loadEntries();
          ws.worked();
          announce(t('tk.entryDeletedUndo'));
          document.getElementById('time-undo')?.focus();
        } catch (err) { remove.disabled = false; showError(error, err); }
      });
      const edit = h('button', { type: 'button', class: 'link-button tk-small tk-edit', 'aria-label': t('tk.editEntry', `${e.userName}, ${t('tk.minutes', e.minutes)}`), 'aria-expanded': 'false' }, t('tk.edit'));
      const cells = [time(e.startedAt), e.userName, t('tk.minutes', e.minutes), e.billable ? t('tk.billable') : t('tk.notBillable'),
        e.note || t('tk.none'), e.amount === null || e.amount === undefined ? t('tk.none') : money(e.amount, e.currency, lang), h('span', { class: 'tk-row-actions' }, edit, ' ', remove)];
      const row = h('tr', { dataset: { id: e.id } }, cells.map((c, i) => h('td', { 'data-label': timeColumns[i], class: [2, 5].includes(i) ? 'num' : null }, c)));
      edit.addEventListener('click', () => toggleEditor(row, edit, timeColumns.length, () => entryEditor(e, error)));
      return row;
    });
    const totals = list.totals;
    fill(entries,
      list.items.length === 0 ? h('p', { class: 'muted', id: 'time-empty' }, t('tk.noTime')) : h('div', { class: 'tk-table-wrap' }, h('table', { class: 'tickets tk-table', id: 'time-entries' },
        h('caption', { class: 'visually-hidden' }, t('tk.time')),
        h('thead', {}, h('tr', {}, timeColumns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))),
      h('dl', { class: 'tk-facts tk-totals', id: 'time-totals' },
        h('div', {}, h('dt', {}, t('tk.totalBillable')), h('dd', { id: 'time-billable' }, t('tk.minutes', totals.billableMinutes),
          totals.amounts.map((m) => ` · ${money(m.billable, m.currency, lang)}`))),
        h('div', {}, h('dt', {}, t('tk.totalNonBillable')), h('dd', { id: 'time-nonbillable' }, t('tk.minutes', totals.nonBillableMinutes)))),
      deletedParts('time', all.items.filter((e) => e.deleted), {
        reload: loadEntries, restoreLabel: (what) => t('tk.restoreEntry', what), undoLabel: (what) => t('tk.undoEntry', what),
        restored: t('tk.entryRestored'), describe: (e) => `${time(e.startedAt)} · ${describe(e)}${e.note ? ` · ${e.note}` : ''}`, error,
      }),
      error);
  }

  /** Opens (or closes) an editing row under a table row. */
  function toggleEditor(row, button, columns, editor) {
    if (row.nextElementSibling?.classList.contains('tk-edit-row')) {
      row.nextElementSibling.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    row.after(h('tr', { class: 'tk-edit-row' }, h('td', { colspan: String(columns) }, editor())));
    button.setAttribute('aria-expanded', 'true');
    row.nextElementSibling.querySelector('input')?.focus();
  }

  /** Saves a change with the ETag read just before: a change made meanwhile is refused (412), not overwritten. */
  async function saveWithETag(path, body) {
    const { etag } = await call('GET', path);
    await patch(path, body, etag);
  }

  /** A cost line's description, quantity, unit price and billable flag. */
  function costEditor(c, error) {
    const inputs = costInputs(`edit-${c.id}`, c, c.billable);
    const form = h('form', { class: 'tk-form tk-grid-form', id: `edit-${c.id}-form` },
      inputs.elements, h('div', {}, h('button', { type: 'submit', class: 'secondary' }, t('save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      try {
        await saveWithETag(`${ws.path}/costs/${encodeURIComponent(c.id)}`, inputs.body());
        await loadCosts();
        ws.worked();
        announce(t('tk.costSaved'));
      } catch (err) { showError(error, err, form); }
    });
    return form;
  }

  /** The entry's minutes, note and billable flag, saved with its ETag (a change made meanwhile is refused, not overwritten). */
  function entryEditor(e, error) {
    const id = `edit-${e.id}`;
    const minutes = field(`${id}-minutes`, t('tk.minutesLabel'), h('input', { type: 'number', min: '1', max: '1440', step: '1', required: true, inputmode: 'numeric', value: String(e.minutes) }));
    const note = field(`${id}-note`, t('tk.note'), h('input', { type: 'text', maxlength: '500', value: e.note ?? '' }));
    const billable = h('input', { type: 'checkbox', id: `${id}-billable`, checked: e.billable });
    const form = h('form', { class: 'tk-form tk-grid-form', id: `${id}-form` },
      minutes.field, note.field,
      h('div', { class: 'tk-check' }, billable, h('label', { for: `${id}-billable` }, t('tk.billable'))),
      h('div', {}, h('button', { type: 'submit', class: 'secondary' }, t('save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      try {
        await saveWithETag(`${ws.path}/time/${encodeURIComponent(e.id)}`, { minutes: Number(minutes.input.value), note: note.input.value || null, billable: billable.checked });
        await loadEntries();
        ws.worked();
        announce(t('tk.entrySaved'));
      } catch (err) { showError(error, err, form); }
    });
    return form;
  }

  async function loadCosts() {
    const all = await get(`${ws.path}/costs${showDeleted.costs ? '?deleted=true' : ''}`);
    const list = { ...all, items: all.items.filter((c) => !c.deleted) };
    const lang = language();
    const costColumns = [t('tk.kindCost'), t('tk.description'), t('tk.quantity'), t('tk.unitPrice'), t('tk.amount'), t('tk.billable'), t('tk.actions')];
    const error = alertBox();
    const rows = list.items.map((c) => {
      const remove = h('button', { type: 'button', class: 'link-button tk-small', 'aria-label': t('tk.deleteCost', c.description) }, t('tk.delete'));
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await deleteWithETag(`${ws.path}/costs/${encodeURIComponent(c.id)}`);
          undo.costs = { id: c.id, what: c.description };
          await loadCosts();
          ws.worked();
          announce(t('tk.costDeletedUndo'));
          document.getElementById('costs-undo')?.focus();
        } catch (err) { remove.disabled = false; showError(error, err); }
      });
      const edit = h('button', { type: 'button', class: 'link-button tk-small tk-edit', 'aria-label': t('tk.editCost', c.description), 'aria-expanded': 'false' }, t('tk.edit'));
      const cells = [t(`tk.cost.${c.kind}`), c.description, new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-ES').format(c.quantity),
        money(c.unitPrice, c.currency, lang), money(c.amount, c.currency, lang), c.billable ? t('tk.billable') : t('tk.notBillable'), h('span', { class: 'tk-row-actions' }, edit, ' ', remove)];
      const row = h('tr', { dataset: { id: c.id } }, cells.map((x, i) => h('td', { 'data-label': costColumns[i], class: [2, 3, 4].includes(i) ? 'num' : null }, x)));
      edit.addEventListener('click', () => toggleEditor(row, edit, costColumns.length, () => costEditor(c, error)));
      return row;
    });
    fill(costSection, h('h2', { id: 'tk-costs-heading' }, t('tk.costs')),
      list.items.length === 0 ? h('p', { class: 'muted' }, t('tk.noCosts')) : h('div', { class: 'tk-table-wrap' }, h('table', { class: 'tickets tk-table', id: 'cost-lines' },
        h('caption', { class: 'visually-hidden' }, t('tk.costs')),
        h('thead', {}, h('tr', {}, costColumns.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows))),
      list.totals.amounts.length ? h('dl', { class: 'tk-facts tk-totals', id: 'cost-totals' }, list.totals.amounts.map((m) => [
        h('div', {}, h('dt', {}, `${t('tk.totalBillable')} (${m.currency})`), h('dd', {}, money(m.billable, m.currency, lang))),
        h('div', {}, h('dt', {}, `${t('tk.totalNonBillable')} (${m.currency})`), h('dd', {}, money(m.nonBillable, m.currency, lang)))])) : null,
      deletedParts('costs', all.items.filter((c) => c.deleted), {
        reload: loadCosts, restoreLabel: (what) => t('tk.restoreCost', what), undoLabel: (what) => t('tk.undoCost', what),
        restored: t('tk.costRestored'), describe: (c) => `${c.description} · ${money(c.amount, c.currency, lang)}`, error,
      }),
      error,
      costForm(ws, () => loadCosts(), Boolean(costSection.querySelector('details')?.open)));
  }

  await Promise.all([loadTimer(), loadEntries(), loadCosts()]);
  return () => clearInterval(tick);
}

function manualEntry(ws, reload) {
  const minutes = field('time-minutes', t('tk.minutesLabel'), h('input', { type: 'number', min: '1', max: '1440', step: '1', required: true, inputmode: 'numeric' }));
  const note = field('time-note', t('tk.note'), h('input', { type: 'text', maxlength: '500' }));
  const billable = h('input', { type: 'checkbox', id: 'time-billable-check', checked: ws.ticket.billable, 'data-field': 'billable' });
  const error = alertBox();
  const form = h('form', { class: 'tk-form tk-grid-form', id: 'time-form' },
    minutes.field, note.field,
    h('div', { class: 'tk-check' }, billable, h('label', { for: 'time-billable-check' }, t('tk.billable'))),
    h('div', {}, h('button', { type: 'submit', class: 'secondary' }, t('tk.add'))), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      await call('POST', `${ws.path}/time`, { body: { minutes: Number(minutes.input.value), note: note.input.value || null, billable: billable.checked } });
      minutes.input.value = '';
      note.input.value = '';
      await reload();
      ws.worked();
      announce(t('tk.timeAdded'));
    } catch (e) { showError(error, e); }
  });
  return h('details', { class: 'tk-details' }, h('summary', {}, t('tk.addTime')), form);
}

/** The inputs of a cost line, to add one or correct one, and the API body they make. */
function costInputs(prefix, line, billableDefault) {
  const description = field(`${prefix}-description`, t('tk.description'), h('input', { type: 'text', required: true, maxlength: '500', value: line?.description ?? '' }));
  const quantity = field(`${prefix}-quantity`, t('tk.quantity'), h('input', { type: 'number', min: '0', step: 'any', value: String(line?.quantity ?? 1), required: true, inputmode: 'decimal' }));
  const price = field(`${prefix}-price`, t('tk.unitPrice'), h('input', { type: 'number', min: '0', step: '0.01', required: true, inputmode: 'decimal', value: line ? String(line.unitPrice) : null, 'data-field': 'unitPrice' }));
  const billable = h('input', { type: 'checkbox', id: `${prefix}-billable`, checked: billableDefault });
  return {
    description,
    elements: [description.field, quantity.field, price.field, h('div', { class: 'tk-check' }, billable, h('label', { for: `${prefix}-billable` }, t('tk.billable')))],
    body: () => ({
      description: description.input.value,
      quantity: Number(quantity.input.value),
      unitPrice: Number(price.input.value),
      billable: billable.checked,
    }),
  };
}

function costForm(ws, reload, open) {
  const kind = field('cost-kind', t('tk.kindCost'), options(h('select', {}), [['product', t('tk.cost.product')], ['expense', t('tk.cost.expense')]], 'product'));
  const inputs = costInputs('cost', null, ws.ticket.billable);
  const error = alertBox();
  const form = h('form', { class: 'tk-form tk-grid-form', id: 'cost-form' },
    kind.field, inputs.elements,
    h('div', {}, h('button', { type: 'submit', class: 'secondary' }, t('tk.add'))), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      await post(`${ws.path}/costs`, { kind: kind.input.value, ...inputs.body() });
      await reload();
      ws.worked();
      announce(t('tk.costAdded'));
      inputs.description.input.focus();
    } catch (e) { showError(error, e); }
  });
  return h('details', { class: 'tk-details', open }, h('summary', {}, t('tk.addCost')), form);
}
