// Internal tasks: an admin assigns a technician a task with a due date (optionally about a
// ticket); the technician closes it saying what was done; the admin gives the VoBo or reopens it.
import { get, post } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register, language } from '../../shared/i18n.js';
import { t } from '../i18n.js';
import { heading, alertBox, showError, announce } from '../common.js';
import { app, isAdmin } from '../app.js';
import { labelCells } from './table-labels.js';

register({
  es: {
    'task.title': 'Tareas',
    'task.mineTitle': 'Tareas asignadas',
    'task.new': 'Nueva tarea',
    'task.fieldTitle': 'Título',
    'task.description': 'Descripción',
    'task.assignee': 'Técnico',
    'task.chooseAssignee': 'Elige un técnico',
    'task.due': 'Fecha límite',
    'task.dueHint': 'El último día para hacerla, en la zona horaria del observatorio.',
    'task.ticket': 'Ticket',
    'task.ticketHint': 'Opcional: el código del ticket al que se refiere (p. ej. ALPHA-12).',
    'task.create': 'Asignar tarea',
    'task.created': (who) => `Tarea asignada a ${who}.`,
    'task.filters': 'Filtrar tareas',
    'task.status': 'Estado',
    'task.allStatuses': 'Todos los estados',
    'task.allAssignees': 'Todos los técnicos',
    'task.onlyOverdue': 'Solo vencidas',
    'task.status.open': 'Pendiente',
    'task.status.done': 'Cerrada, pendiente de VoBo',
    'task.status.signed_off': 'Con VoBo',
    'task.overdue': 'Vencida',
    'task.actions': 'Acciones',
    'task.empty': 'No hay tareas con este filtro.',
    'task.more': 'Ver más',
    'task.complete': 'Cerrar tarea',
    'task.note': 'Qué se ha hecho',
    'task.noteHint': 'Obligatorio: lo leerá quien da el VoBo.',
    'task.confirmComplete': 'Cerrar la tarea',
    'task.completed': 'Tarea cerrada. Queda pendiente del VoBo.',
    'task.signoff': 'Dar el VoBo',
    'task.signedOff': 'VoBo dado. La tarea queda terminada.',
    'task.reopen': 'Reabrir',
    'task.reopenNote': 'Motivo (opcional)',
    'task.confirmReopen': 'Reabrir la tarea',
    'task.reopened': 'Tarea reabierta y devuelta al técnico.',
    'task.completionNote': 'Nota de cierre',
    'task.for': (title) => `Tarea «${title}»`,
    'error.assignee_only': 'Solo el técnico asignado puede cerrar la tarea.',
    'error.unknown_technician': 'Elige un técnico activo.',
    'error.unknown_ticket': 'Ese ticket no existe en este observatorio.',
    'error.stale_task': 'La tarea ha cambiado mientras tanto. Se ha recargado.',
  },
  en: {
    'task.title': 'Tasks',
    'task.mineTitle': 'Assigned tasks',
    'task.new': 'New task',
    'task.fieldTitle': 'Title',
    'task.description': 'Description',
    'task.assignee': 'Technician',
    'task.chooseAssignee': 'Choose a technician',
    'task.due': 'Due date',
    'task.dueHint': 'The last day to do it, in the observatory\'s time zone.',
    'task.ticket': 'Ticket',
    'task.ticketHint': 'Optional: the code of the ticket it is about (e.g. ALPHA-12).',
    'task.create': 'Assign task',
    'task.created': (who) => `Task assigned to ${who}.`,
    'task.filters': 'Filter tasks',
    'task.status': 'Status',
    'task.allStatuses': 'All statuses',
    'task.allAssignees': 'All technicians',
    'task.onlyOverdue': 'Overdue only',
    'task.status.open': 'To do',
    'task.status.done': 'Closed, awaiting sign-off',
    'task.status.signed_off': 'Signed off',
    'task.overdue': 'Overdue',
    'task.actions': 'Actions',
    'task.empty': 'No tasks with this filter.',
    'task.more': 'Show more',
    'task.complete': 'Close task',
    'task.note': 'What was done',
    'task.noteHint': 'Required: whoever signs it off reads it.',
    'task.confirmComplete': 'Close the task',
    'task.completed': 'Task closed. It awaits sign-off.',
    'task.signoff': 'Sign off',
    'task.signedOff': 'Signed off. The task is finished.',
    'task.reopen': 'Reopen',
    'task.reopenNote': 'Reason (optional)',
    'task.confirmReopen': 'Reopen the task',
    'task.reopened': 'Task reopened and sent back to the technician.',
    'task.completionNote': 'Closing note',
    'task.for': (title) => `Task “${title}”`,
    'error.assignee_only': 'Only the assigned technician can close the task.',
    'error.unknown_technician': 'Choose an active technician.',
    'error.unknown_ticket': 'That ticket does not exist in this observatory.',
    'error.stale_task': 'The task changed in the meantime. It has been reloaded.',
  },
});

export const routes = [
  [/^#\/tasks$/, (main) => tasksView(main)],
];

// Filters survive leaving the page and coming back in the same session.
const filter = { status: '', assignee: '', overdue: false };

/** A yyyy-MM-dd day as people read it ("10 dic 2026"); it is a calendar date, not an instant. */
function dayText(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'es-ES', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

async function tasksView(main) {
  const admin = isAdmin();
  const staff = await get('/staff');
  const names = new Map(staff.map((p) => [p.id, p.name]));
  const technicians = staff.filter((p) => p.role === 'technician' && p.active);

  const listError = alertBox();
  const list = h('div', { id: 'task-list' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('task.more'));
  let cursor = null;

  const status = field('task-filter-status', t('task.status'),
    options(h('select'), [['', t('task.allStatuses')], ...['open', 'done', 'signed_off'].map((s) => [s, t(`task.status.${s}`)])], filter.status));
  const assignee = admin ? field('task-filter-assignee', t('task.assignee'),
    options(h('select'), [['', t('task.allAssignees')], ...technicians.map((p) => [p.id, p.name])], filter.assignee)) : null;
  const overdue = h('input', { type: 'checkbox', id: 'task-filter-overdue' });
  overdue.checked = filter.overdue;
  const filters = h('form', { class: 'filters library-filters', 'aria-label': t('task.filters'), onsubmit: (e) => e.preventDefault() },
    status.field, assignee?.field, h('div', { class: 'field tasks-check' }, h('label', { for: 'task-filter-overdue' }, overdue, ` ${t('task.onlyOverdue')}`)));

  const table = h('table', { class: 'tickets', id: 'task-table' },
    h('caption', { class: 'visually-hidden' }, admin ? t('task.title') : t('task.mineTitle')),
    h('thead', {}, h('tr', {}, [t('task.fieldTitle'), t('task.ticket'), t('task.assignee'), t('task.due'), t('task.status'), t('task.actions')]
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody'));

  const query = () => {
    const q = { limit: '25' };
    if (filter.status) q.status = filter.status;
    if (admin && filter.assignee) q.assignee = filter.assignee;
    if (filter.overdue) q.overdue = 'true';
    if (cursor) q.cursor = cursor;
    return `/tasks?${new URLSearchParams(q)}`;
  };

  // Filters can change while a page is still loading: only the latest load may draw.
  let generation = 0;

  async function reload() {
    listError.hidden = true;
    cursor = null;
    await page(true);
  }

  async function page(fresh = false) {
    const mine = fresh ? ++generation : generation;
    const data = await get(query());
    if (mine !== generation) return;
    if (fresh) table.tBodies[0].replaceChildren();
    table.tBodies[0].append(...data.items.map(row));
    labelCells(table);
    cursor = data.nextCursor;
    more.hidden = !cursor;
    fill(list, table.tBodies[0].rows.length === 0 ? h('p', { class: 'empty' }, t('task.empty')) : table);
  }

  /** Runs a task action and redraws its row; errors show under the row's actions. */
  async function act(task, tr, error, action, done) {
    error.hidden = true;
    try {
      const changed = await action();
      tr.replaceWith(row(changed));
      labelCells(table);
      announce(done);
      table.querySelector(`tr[data-task="${changed.id}"] button, tr[data-task="${changed.id}"] a`)?.focus();
    } catch (e) {
      showError(error, e);
    }
  }

  function row(task) {
    const tr = h('tr', { dataset: { task: task.id, status: task.status } });
    const error = alertBox();
    const actions = h('div', { class: 'task-actions' });
    const base = `/tasks/${encodeURIComponent(task.id)}`;

    if (task.status === 'open' && task.assigneeId === app.me.id) {
      const note = field(`task-note-${task.id}`, t('task.note'), h('textarea', { rows: '3', required: true }), t('task.noteHint'));
      const form = h('form', { class: 'task-inline', hidden: true, 'aria-label': t('task.for', task.title) }, note.field,
        h('button', { type: 'submit', class: 'primary' }, t('task.confirmComplete')));
      const open = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, t('task.complete'));
      open.addEventListener('click', () => {
        form.hidden = !form.hidden;
        open.setAttribute('aria-expanded', String(!form.hidden));
        if (!form.hidden) note.input.focus();
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        act(task, tr, error, () => post(`${base}/complete`, { note: note.input.value }), t('task.completed'));
      });
      actions.append(open, form);
    }

    if (task.status === 'done' && isAdmin()) {
      const signoff = h('button', { type: 'button', class: 'primary' }, t('task.signoff'));
      signoff.addEventListener('click', () => act(task, tr, error, () => post(`${base}/signoff`), t('task.signedOff')));
      const reason = field(`task-reopen-${task.id}`, t('task.reopenNote'), h('textarea', { rows: '2' }));
      const form = h('form', { class: 'task-inline', hidden: true, 'aria-label': t('task.for', task.title) }, reason.field,
        h('button', { type: 'submit', class: 'secondary' }, t('task.confirmReopen')));
      const reopen = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('task.reopen'));
      reopen.addEventListener('click', () => {
        form.hidden = !form.hidden;
        reopen.setAttribute('aria-expanded', String(!form.hidden));
        if (!form.hidden) reason.input.focus();
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const text = reason.input.value.trim();
        act(task, tr, error, () => post(`${base}/reopen`, text ? { note: text } : {}), t('task.reopened'));
      });
      actions.append(signoff, reopen, form);
    }

    fill(tr,
      h('th', { scope: 'row' }, h('span', { class: 'task-name' }, task.title),
        task.description ? h('p', { class: 'task-description muted' }, task.description) : null,
        task.completionNote ? h('p', { class: 'task-note' }, h('strong', {}, `${t('task.completionNote')}: `), task.completionNote) : null),
      h('td', {}, task.ticketCode ? h('a', { href: `#/tickets/${encodeURIComponent(task.ticketCode)}` }, task.ticketCode) : ''),
      h('td', {}, names.get(task.assigneeId) ?? task.assigneeId),
      h('td', { class: task.overdue ? 'task-due is-overdue' : 'task-due' },
        h('time', { datetime: task.dueDate }, dayText(task.dueDate)),
        task.overdue ? [' ', h('span', { class: 'badge task-overdue', 'data-overdue': 'true' }, t('task.overdue'))] : null),
      h('td', {}, h('span', { class: `badge task-status task-${task.status}`, 'data-status': task.status }, t(`task.status.${task.status}`))),
      h('td', {}, actions, error));
    return tr;
  }

  const onFilter = () => {
    filter.status = status.input.value;
    filter.assignee = assignee?.input.value ?? '';
    filter.overdue = overdue.checked;
    reload().catch((e) => showError(listError, e));
  };
  status.input.addEventListener('change', onFilter);
  assignee?.input.addEventListener('change', onFilter);
  overdue.addEventListener('change', onFilter);
  more.addEventListener('click', async () => {
    more.disabled = true;
    try { await page(); } catch (e) { showError(listError, e); } finally { more.disabled = false; }
  });

  fill(main, heading(admin ? t('task.title') : t('task.mineTitle')),
    admin ? createForm(technicians, names, reload) : null,
    filters, listError, list, more);
  await reload();
}

function createForm(technicians, names, reload) {
  const title = field('task-title', t('task.fieldTitle'), h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off' }));
  const description = field('task-description', t('task.description'), h('textarea', { rows: '3' }));
  const assignee = field('task-assignee', t('task.assignee'),
    options(h('select', { required: true }), [['', t('task.chooseAssignee')], ...technicians.map((p) => [p.id, p.name])], ''));
  const due = field('task-due', t('task.due'), h('input', { type: 'date', required: true }), t('task.dueHint'));
  const ticket = field('task-ticket', t('task.ticket'), h('input', { type: 'text', autocomplete: 'off', maxlength: '40' }), t('task.ticketHint'));
  const error = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('task.create'));
  const form = h('form', { class: 'stack', id: 'task-form' },
    title.field, description.field, h('div', { class: 'two-col' }, assignee.field, due.field), ticket.field, error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!form.reportValidity()) return;
    submit.disabled = true;
    try {
      const created = await post('/tasks', {
        title: title.input.value.trim(),
        description: description.input.value.trim() || null,
        assigneeId: assignee.input.value,
        dueDate: due.input.value,
        ticketCode: ticket.input.value.trim() || null,
      });
      form.reset();
      announce(t('task.created', names.get(created.assigneeId) ?? ''));
      await reload();
    } catch (err) {
      showError(error, err);
    } finally {
      submit.disabled = false;
    }
  });
  return h('details', { class: 'panel task-new', open: true }, h('summary', {}, h('h2', { class: 'task-new-title' }, t('task.new'))), form);
}
