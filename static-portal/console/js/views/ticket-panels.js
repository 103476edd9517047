// The workspace's side panels: the ticket's properties, assignment and escalation, SLA, tags,
// custom fields, the requester and the telescope, merge / spam / delete, the knowledge-base
// button, and the activity trail.
import { call, get, post, del, ApiError } from '../../shared/api.js';
import { h, fill, field, options, append } from '../../shared/dom.js';
import { register, language } from '../../shared/i18n.js';
import { time, slaBadge, statusBadge } from '../../shared/format.js';
import { t } from '../i18n.js';
import { alertBox, showError, announce, poll } from '../common.js';

register({
  es: {
    'tk.props': 'Gestión del ticket',
    'tk.status': 'Estado',
    'tk.priority': 'Prioridad',
    'tk.type': 'Tipo',
    'tk.waitingOn': 'En espera de',
    'tk.waiting.none': 'Nadie',
    'tk.waiting.customer': 'En espera del cliente',
    'tk.waiting.provider': 'En espera del proveedor',
    'tk.waiting.support': 'En espera de soporte',
    'tk.externalRef': 'Referencia del proveedor',
    'tk.billableTicket': 'Ticket facturable',
    'tk.assign': 'Asignación',
    'tk.assignees': 'Técnicos asignados',
    'tk.openLoad': (n) => (n === 1 ? '1 abierto' : `${n} abiertos`),
    'tk.assignMe': 'Asignármelo',
    'tk.assignedToMe': 'Te has asignado el ticket.',
    'tk.saveAssignees': 'Guardar asignación',
    'tk.unassigned': 'Sin asignar',
    'tk.supportLevel': 'Nivel de soporte',
    'tk.escalate': (level) => `Escalar a ${level.toLowerCase()}`,
    'tk.escalated': (level) => `Ticket escalado a ${level}.`,
    'tk.sla': 'Semáforo SLA',
    'tk.firstResponseDue': 'Primera respuesta antes de',
    'tk.resolutionDue': 'Resolución antes de',
    'tk.firstRespondedAt': 'Primera respuesta dada',
    'tk.paused': 'Reloj en pausa',
    'tk.escalationLevel': 'Nivel de escalado',
    'tk.breachedFirst': 'Plazo de primera respuesta incumplido',
    'tk.breachedResolution': 'Plazo de resolución incumplido',
    'tk.noSla': 'Este ticket no tiene plazos.',
    'tk.tags': 'Etiquetas',
    'tk.noTags': 'Sin etiquetas.',
    'tk.newTag': 'Nueva etiqueta',
    'tk.addTag': 'Añadir etiqueta',
    'tk.removeTag': (tag) => `Quitar la etiqueta ${tag}`,
    'tk.tagAdded': (tag) => `Etiqueta ${tag} añadida.`,
    'tk.tagRemoved': (tag) => `Etiqueta ${tag} quitada.`,
    'tk.fields': 'Campos personalizados',
    'tk.saveFields': 'Guardar campos',
    'tk.fieldsSaved': 'Campos guardados.',
    'tk.choose': '(sin valor)',
    'tk.requester': 'Solicitante',
    'tk.company': 'Empresa',
    'tk.contact': 'Contacto',
    'tk.lastTickets': 'Sus últimos tickets',
    'tk.noOtherTickets': 'No tiene más tickets.',
    'tk.rating': 'Satisfacción',
    'tk.notRated': 'Aún sin valorar.',
    'tk.rated': (score) => `${score} de 5`,
    'tk.telescope': 'Telescopio',
    'tk.noTelescope': 'El ticket no indica telescopio.',
    'tk.model': 'Modelo',
    'tk.telescopeStatus': 'Estado del telescopio',
    'tk.location': 'Ubicación',
    'tk.scope.active': 'Activo',
    'tk.scope.maintenance': 'En mantenimiento',
    'tk.scope.offline': 'Fuera de servicio',
    'tk.scope.retired': 'Retirado',
    'tk.recentTickets': 'Tickets recientes del telescopio',
    'tk.more': 'Más acciones',
    'tk.mergeInto': 'Fusionar en el ticket',
    'tk.mergeHint': 'Código del ticket que se conserva (del mismo cliente). Este se cancelará.',
    'tk.merge': 'Fusionar',
    'tk.mergeConfirm': (code) => `¿Fusionar este ticket en ${code}? Sus mensajes, archivos y horas pasarán allí.`,
    'tk.merged': (code) => `Ticket fusionado en ${code}.`,
    'tk.spam': 'Marcar como spam',
    'tk.spamConfirm': '¿Marcar este ticket como spam? Saldrá de todas las colas.',
    'tk.deleteTicket': 'Eliminar ticket',
    'tk.deleteConfirm': '¿Eliminar este ticket? Un administrador puede restaurarlo.',
    'tk.restore': 'Restaurar ticket',
    'tk.flagsChanged': 'Hecho.',
    'tk.kbFromTicket': 'Crear artículo de la base de conocimiento con la resolución',
    'tk.kbHint': 'Disponible cuando el ticket está finalizado o cerrado.',
    'tk.activity': 'Actividad',
    'tk.noActivity': 'Sin actividad.',
    'tk.field': (name) => ({ status: 'Estado', priority: 'Prioridad', type: 'Tipo', assignees: 'Asignados', waitingOn: 'En espera de', externalRef: 'Referencia del proveedor', billable: 'Facturable', supportLevel: 'Nivel de soporte', tags: 'Etiquetas', title: 'Título', description: 'Descripción', telescopeId: 'Telescopio', responsibleId: 'Responsable', cc: 'En copia', spam: 'Spam', deleted: 'Eliminado', minutes: 'Minutos', rating: 'Valoración', userName: 'Persona', note: 'Nota', hourlyRate: 'Tarifa por hora', quantity: 'Cantidad', unitPrice: 'Precio unitario', kind: 'Clase', date: 'Fecha', startedAt: 'Inicio', endedAt: 'Fin', mergedInto: 'Fusionado en', mergedFrom: 'Fusionados aquí' })[name] ?? name,
    'tk.action': (name) => ({ time_entry_restored: 'restauró un registro de tiempo', cost_restored: 'restauró un coste', timer_started: 'inició el cronómetro', timer_paused: 'pausó el cronómetro', timer_resumed: 'reanudó el cronómetro', timer_stopped: 'detuvo el cronómetro', timer_discarded: 'descartó el cronómetro', sla_breached: 'incumplió un plazo', sla_escalated: 'escaló por el SLA', sla_warning: 'avisó de un plazo a punto de vencer', task_created: 'creó una tarea', task_completed: 'completó una tarea', task_signed_off: 'dio el VoBo a una tarea', task_reopened: 'reabrió una tarea', knowledge_article_created: 'creó un artículo de la base de conocimiento', created: 'creó el ticket', updated: 'cambió el ticket', escalated: 'escaló el ticket', message_added: 'escribió un mensaje', tag_added: 'añadió una etiqueta', tag_removed: 'quitó una etiqueta', merged: 'fusionó el ticket', merged_from: 'recibió un ticket fusionado', marked_spam: 'lo marcó como spam', deleted: 'lo eliminó', restored: 'lo restauró', time_entry_added: 'registró tiempo', time_entry_updated: 'cambió un registro de tiempo', time_entry_deleted: 'eliminó un registro de tiempo', cost_added: 'añadió un coste', cost_updated: 'cambió un coste', cost_deleted: 'eliminó un coste', signed_off: 'dio el VoBo', reopened: 'reabrió el ticket', rated: 'valoró el ticket' })[name] ?? name.replaceAll('_', ' '),
  },
  en: {
    'tk.props': 'Ticket management',
    'tk.status': 'Status',
    'tk.priority': 'Priority',
    'tk.type': 'Type',
    'tk.waitingOn': 'Waiting on',
    'tk.waiting.none': 'Nobody',
    'tk.waiting.customer': 'Waiting on the customer',
    'tk.waiting.provider': 'Waiting on the provider',
    'tk.waiting.support': 'Waiting on support',
    'tk.externalRef': 'Provider reference',
    'tk.billableTicket': 'Billable ticket',
    'tk.assign': 'Assignment',
    'tk.assignees': 'Assigned technicians',
    'tk.openLoad': (n) => `${n} open`,
    'tk.assignMe': 'Assign to me',
    'tk.assignedToMe': 'You assigned the ticket to yourself.',
    'tk.saveAssignees': 'Save assignment',
    'tk.unassigned': 'Unassigned',
    'tk.supportLevel': 'Support level',
    'tk.escalate': (level) => `Escalate to ${level.toLowerCase()}`,
    'tk.escalated': (level) => `Ticket escalated to ${level}.`,
    'tk.sla': 'SLA light',
    'tk.firstResponseDue': 'First response due',
    'tk.resolutionDue': 'Resolution due',
    'tk.firstRespondedAt': 'First responded',
    'tk.paused': 'Clock paused',
    'tk.escalationLevel': 'Escalation level',
    'tk.breachedFirst': 'First-response deadline missed',
    'tk.breachedResolution': 'Resolution deadline missed',
    'tk.noSla': 'This ticket has no deadlines.',
    'tk.tags': 'Tags',
    'tk.noTags': 'No tags.',
    'tk.newTag': 'New tag',
    'tk.addTag': 'Add tag',
    'tk.removeTag': (tag) => `Remove the tag ${tag}`,
    'tk.tagAdded': (tag) => `Tag ${tag} added.`,
    'tk.tagRemoved': (tag) => `Tag ${tag} removed.`,
    'tk.fields': 'Custom fields',
    'tk.saveFields': 'Save fields',
    'tk.fieldsSaved': 'Fields saved.',
    'tk.choose': '(no value)',
    'tk.requester': 'Requester',
    'tk.company': 'Company',
    'tk.contact': 'Contact',
    'tk.lastTickets': 'Their latest tickets',
    'tk.noOtherTickets': 'No other tickets.',
    'tk.rating': 'Satisfaction',
    'tk.notRated': 'Not rated yet.',
    'tk.rated': (score) => `${score} out of 5`,
    'tk.telescope': 'Telescope',
    'tk.noTelescope': 'The ticket names no telescope.',
    'tk.model': 'Model',
    'tk.telescopeStatus': 'Telescope status',
    'tk.location': 'Location',
    'tk.scope.active': 'Active',
    'tk.scope.maintenance': 'In maintenance',
    'tk.scope.offline': 'Out of service',
    'tk.scope.retired': 'Retired',
    'tk.recentTickets': 'The telescope\'s recent tickets',
    'tk.more': 'More actions',
    'tk.mergeInto': 'Merge into ticket',
    'tk.mergeHint': 'Code of the ticket that stays (same customer). This one will be cancelled.',
    'tk.merge': 'Merge',
    'tk.mergeConfirm': (code) => `Merge this ticket into ${code}? Its messages, files and time move there.`,
    'tk.merged': (code) => `Ticket merged into ${code}.`,
    'tk.spam': 'Mark as spam',
    'tk.spamConfirm': 'Mark this ticket as spam? It leaves every queue.',
    'tk.deleteTicket': 'Delete ticket',
    'tk.deleteConfirm': 'Delete this ticket? An administrator can restore it.',
    'tk.restore': 'Restore ticket',
    'tk.flagsChanged': 'Done.',
    'tk.kbFromTicket': 'Create a knowledge-base article from the resolution',
    'tk.kbHint': 'Available once the ticket is finished or closed.',
    'tk.activity': 'Activity',
    'tk.noActivity': 'No activity.',
    'tk.field': (name) => ({ status: 'Status', priority: 'Priority', type: 'Type', assignees: 'Assignees', waitingOn: 'Waiting on', externalRef: 'Provider reference', billable: 'Billable', supportLevel: 'Support level', tags: 'Tags', title: 'Title', description: 'Description', telescopeId: 'Telescope', responsibleId: 'Responsible', cc: 'Cc', spam: 'Spam', deleted: 'Deleted', minutes: 'Minutes', rating: 'Rating', userName: 'Person', note: 'Note', hourlyRate: 'Hourly rate', quantity: 'Quantity', unitPrice: 'Unit price', kind: 'Kind', date: 'Date', startedAt: 'Start', endedAt: 'End', mergedInto: 'Merged into', mergedFrom: 'Merged here' })[name] ?? name,
    'tk.action': (name) => ({ time_entry_restored: 'restored a time entry', cost_restored: 'restored a cost', timer_started: 'started the timer', timer_paused: 'paused the timer', timer_resumed: 'resumed the timer', timer_stopped: 'stopped the timer', timer_discarded: 'discarded the timer', sla_breached: 'missed a deadline', sla_escalated: 'escalated by the SLA', sla_warning: 'warned of a deadline due soon', task_created: 'created a task', task_completed: 'completed a task', task_signed_off: 'signed off a task', task_reopened: 'reopened a task', knowledge_article_created: 'created a knowledge-base article', created: 'opened the ticket', updated: 'changed the ticket', escalated: 'escalated the ticket', message_added: 'wrote a message', tag_added: 'added a tag', tag_removed: 'removed a tag', merged: 'merged the ticket', merged_from: 'received a merged ticket', marked_spam: 'marked it as spam', deleted: 'deleted it', restored: 'restored it', time_entry_added: 'logged time', time_entry_updated: 'changed a time entry', time_entry_deleted: 'deleted a time entry', cost_added: 'added a cost', cost_updated: 'changed a cost', cost_deleted: 'deleted a cost', signed_off: 'gave the sign-off', reopened: 'reopened the ticket', rated: 'rated the ticket' })[name] ?? name.replaceAll('_', ' '),
  },
});

const STATUSES = ['open', 'in_progress', 'blocked', 'finished', 'cancelled', 'closed'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const TYPES = ['question', 'installation', 'repair', 'upgrade', 'visit'];
const WAITING = ['none', 'customer', 'provider', 'support'];

/** A panel: a section with its heading; heading ids double as the section's accessible name. */
function panel(id, title, ...children) {
  return h('section', { class: 'panel tk-panel', id, 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, title), ...children);
}

/** Wraps a render so that the focused control (by id) keeps the focus across the re-render. */
function keepingFocus(render) {
  return () => {
    const id = document.activeElement?.id;
    render();
    const again = id ? document.getElementById(id) : null;
    if (again && again !== document.activeElement) again.focus();
  };
}

/** Re-renders a panel when the ticket changes, unless someone is working in it right now. */
function live(ws, el, render) {
  render();
  ws.onChange(() => { if (!el.contains(document.activeElement)) render(); });
}

export async function sidePanels(side, ws) {
  const [fieldDefs, customer] = await Promise.all([
    get('/fields').then((x) => x.fields),
    get(`/customers/${encodeURIComponent(ws.ticket.customerId)}`).catch(() => null),
  ]);
  ws.contacts = customer?.contacts ?? [];
  const activity = activityPanel(ws);
  append(side, [
    propsPanel(ws),
    assignPanel(ws),
    slaPanel(ws),
    tagsPanel(ws),
    fieldDefs.length ? fieldsPanel(ws, fieldDefs) : null,
    requesterPanel(ws, customer),
    telescopePanel(ws),
    morePanel(ws),
    activity.el]);
  // Time, costs and tags change the trail without changing what this page shows of the ticket.
  return poll(activity.render, 10);
}

// ---- properties ---------------------------------------------------------------------------

function propsPanel(ws) {
  const body = h('div', {});
  const el = panel('tk-props', t('tk.props'), body);
  const render = keepingFocus(() => {
    const x = ws.ticket;
    const select = (id, label, values, current, words) => field(id, label,
      options(h('select', {}), values.map((v) => [v, words(v)]), current));
    // Only the transitions staff may make; "closed" comes from the customer's VoBo only.
    const statuses = STATUSES.filter((s) => s === x.status || s !== 'closed');
    const status = select('prop-status', t('tk.status'), statuses, x.status, (v) => t(`status.${v}`));
    const priority = select('prop-priority', t('tk.priority'), PRIORITIES, x.priority, (v) => t(`priority.${v}`));
    const type = select('prop-type', t('tk.type'), TYPES, x.type, (v) => t(`type.${v}`));
    const waiting = select('prop-waiting', t('tk.waitingOn'), WAITING, x.waitingOn, (v) => t(`tk.waiting.${v}`));
    waiting.input.dataset.field = 'waitingOn';
    const ref = field('prop-external-ref', t('tk.externalRef'), h('input', { type: 'text', value: x.externalRef ?? '', maxlength: '200' }));
    const billable = h('input', { type: 'checkbox', id: 'prop-billable', checked: x.billable });
    const error = alertBox();
    const save = h('button', { type: 'submit', class: 'primary', id: 'props-save' }, t('tk.saveChanges'));
    const form = h('form', { class: 'tk-form', id: 'props-form' },
      status.field, priority.field, type.field, waiting.field, ref.field,
      h('div', { class: 'tk-check' }, billable, h('label', { for: 'prop-billable' }, t('tk.billableTicket'))),
      error, h('div', {}, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const change = {};
      if (status.input.value !== x.status) change.status = status.input.value;
      if (priority.input.value !== x.priority) change.priority = priority.input.value;
      if (type.input.value !== x.type) change.type = type.input.value;
      if (waiting.input.value !== x.waitingOn) change.waitingOn = waiting.input.value;
      if (ref.input.value.trim() !== (x.externalRef ?? '')) change.externalRef = ref.input.value.trim() || null;
      if (billable.checked !== x.billable) change.billable = billable.checked;
      if (Object.keys(change).length === 0) { announce(t('tk.noChanges')); return; }
      save.disabled = true;
      try {
        await ws.patch(change);
        render();
        announce(t('tk.saved'));
      } catch (e) {
        render();
        showError(body.querySelector('.error'), e);
      }
    });
    fill(body, form);
  });
  live(ws, el, render);
  return el;
}

// ---- assignment and escalation --------------------------------------------------------------

function assignPanel(ws) {
  const body = h('div', {});
  const el = panel('tk-assign', t('tk.assign'), body);
  const render = keepingFocus(() => {
    const x = ws.ticket;
    const error = alertBox();
    const mine = x.assignees.includes(ws.me.id);
    const boxes = ws.staff.map((s) => {
      const id = `assignee-${s.userId}`;
      return h('li', { class: 'tk-check' },
        h('input', { type: 'checkbox', id, value: s.userId, checked: x.assignees.includes(s.userId) }),
        h('label', { for: id }, s.name, ' ', h('span', { class: 'muted' }, `· ${t('tk.openLoad', s.open)}`)));
    });
    // Assignees no longer in the directory stay visible so that saving does not drop them silently.
    const unknown = x.assignees.filter((id) => !ws.staff.some((s) => s.userId === id));
    const form = h('form', { class: 'tk-form', id: 'assign-form' },
      h('fieldset', { class: 'tk-fieldset' }, h('legend', {}, t('tk.assignees')),
        h('ul', { class: 'tk-checklist' }, boxes, unknown.map((id) => h('li', { class: 'muted' }, id)))),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'secondary', id: 'assign-save' }, t('tk.saveAssignees')),
        mine ? null : h('button', { type: 'button', class: 'primary', id: 'assign-me' }, t('tk.assignMe'))),
      error);
    const save = async (assignees, said) => {
      try {
        await ws.patch({ assignees });
        await refreshLoad(ws);
        render();
        announce(said);
      } catch (e) {
        render();
        showError(body.querySelector('.error'), e);
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = [...form.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value);
      save([...chosen, ...unknown], t('tk.saved'));
    });
    form.querySelector('#assign-me')?.addEventListener('click', () => save([...x.assignees, ws.me.id], t('tk.assignedToMe')));

    const level = x.supportLevel ?? x.sla?.escalationLevel ?? 1;
    const escalate = h('button', { type: 'button', class: 'secondary', id: 'escalate' }, t('tk.escalate', t('tk.level', level + 1)));
    escalate.addEventListener('click', async () => {
      escalate.disabled = true;
      try {
        const result = await call('POST', `${ws.path}/escalate`, { body: {} });
        ws.set(result.body, result.etag ?? ws.etag);
        await ws.reload();
        render();
        announce(t('tk.escalated', t('tk.level', ws.ticket.supportLevel ?? level + 1)));
      } catch (e) {
        escalate.disabled = false;
        showError(error, e);
      }
    });
    fill(body, form,
      h('dl', { class: 'tk-facts' }, fact(t('tk.supportLevel'), h('span', { id: 'support-level' }, t('tk.level', level)))),
      ['finished', 'cancelled', 'closed'].includes(x.status) ? null : escalate);
  });
  live(ws, el, render);
  return el;
}

async function refreshLoad(ws) {
  try {
    const queues = await get('/queues');
    for (const s of ws.staff) s.open = queues.load.find((l) => l.userId === s.userId)?.open ?? s.open;
  } catch { /* the load is a hint; the next change refreshes it */ }
}

function fact(label, value, id) {
  return h('div', {}, h('dt', {}, label), h('dd', { id }, value));
}

// ---- SLA ----------------------------------------------------------------------------------

function slaPanel(ws) {
  const body = h('div', {});
  const el = panel('tk-sla', t('tk.sla'), body);
  live(ws, el, () => {
    const x = ws.ticket;
    const sla = x.sla;
    if (!sla) { fill(body, h('p', { class: 'muted' }, t('tk.noSla'))); return; }
    fill(body,
      h('p', { id: 'sla-light' }, slaBadge(x)),
      h('dl', { class: 'tk-facts' },
        sla.firstResponseDueAt && !x.firstRespondedAt ? fact(t('tk.firstResponseDue'), time(sla.firstResponseDueAt)) : null,
        x.firstRespondedAt ? fact(t('tk.firstRespondedAt'), time(x.firstRespondedAt)) : null,
        fact(t('tk.resolutionDue'), sla.resolutionDueAt ? time(sla.resolutionDueAt) : t('tk.none')),
        fact(t('tk.paused'), sla.paused ? t('tk.yes') : t('tk.no'), 'sla-paused'),
        fact(t('tk.escalationLevel'), sla.escalationLevel ? t('tk.level', sla.escalationLevel) : t('tk.none'))),
      sla.firstResponseBreached ? h('p', { class: 'tk-warn' }, t('tk.breachedFirst')) : null,
      sla.resolutionBreached ? h('p', { class: 'tk-warn' }, t('tk.breachedResolution')) : null);
  });
  return el;
}

// ---- tags ---------------------------------------------------------------------------------

function tagsPanel(ws) {
  const list = h('ul', { class: 'tk-tags', id: 'tag-list' });
  const error = alertBox();
  const input = field('tag-input', t('tk.newTag'), h('input', { type: 'text', maxlength: '40', autocomplete: 'off', 'data-field': 'tag' }));
  const add = h('button', { type: 'submit', class: 'secondary' }, t('tk.addTag'));
  const form = h('form', { class: 'tk-inline', id: 'tag-form' }, input.field, add);
  const el = panel('tk-tags', t('tk.tags'), list, form, error);
  const render = () => {
    fill(list, ws.ticket.tags.length === 0 ? h('li', { class: 'muted' }, t('tk.noTags')) : ws.ticket.tags.map((tag) => {
      const remove = h('button', { type: 'button', class: 'tk-tag-remove', 'aria-label': t('tk.removeTag', tag), title: t('tk.removeTag', tag) }, '×');
      remove.addEventListener('click', async () => {
        try {
          await del(`${ws.path}/tags/${encodeURIComponent(tag)}`);
          await ws.reload(); // a tag is a change of the ticket: a new ETag
          announce(t('tk.tagRemoved', tag));
          input.input.focus();
        } catch (e) { showError(error, e); }
      });
      return h('li', { class: 'tk-tag', dataset: { tag } }, h('span', {}, tag), remove);
    }));
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tag = input.input.value.trim();
    if (!tag) return;
    error.hidden = true;
    add.disabled = true;
    try {
      const result = await post(`${ws.path}/tags`, { tag });
      input.input.value = '';
      await ws.reload();
      render();
      announce(t('tk.tagAdded', result.tags.find((x) => x === tag.toLowerCase()) ?? tag));
    } catch (e) {
      showError(error, e, form);
    } finally {
      add.disabled = false;
    }
  });
  render();
  ws.onChange(render);
  return el;
}

// ---- custom fields ------------------------------------------------------------------------

function fieldsPanel(ws, defs) {
  const body = h('div', {});
  const el = panel('tk-fields', t('tk.fields'), body);
  const render = keepingFocus(() => {
    const values = ws.ticket.fields ?? {};
    const inputs = defs.map((d) => {
      const label = language() === 'en' && d.labelEn ? d.labelEn : d.label;
      const value = values[d.key] ?? '';
      const id = `cf-${d.key}`;
      let control;
      if (d.kind === 'number') control = h('input', { type: 'number', step: 'any', value: String(value), inputmode: 'decimal' });
      else if (d.kind === 'date') control = h('input', { type: 'date', value: String(value) });
      else if (d.kind === 'choice') control = options(h('select', {}), [['', t('tk.choose')], ...d.options.map((o) => [o, o])], String(value));
      else control = h('input', { type: 'text', value: String(value), maxlength: '500' });
      control.dataset.key = d.key;
      control.dataset.field = `fields.${d.key}`;
      control.dataset.kind = d.kind;
      return field(id, label, control);
    });
    const error = alertBox();
    const save = h('button', { type: 'submit', class: 'primary', id: 'fields-save' }, t('tk.saveFields'));
    const form = h('form', { class: 'tk-form', id: 'fields-form' }, inputs.map((i) => i.field), error, h('div', {}, save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const change = {};
      for (const { input } of inputs) {
        const before = values[input.dataset.key] ?? '';
        const now = input.value.trim();
        if (now === String(before)) continue;
        if (now === '') change[input.dataset.key] = null;
        else change[input.dataset.key] = input.dataset.kind === 'number' ? Number(now) : now;
      }
      if (Object.keys(change).length === 0) { announce(t('tk.noChanges')); return; }
      save.disabled = true;
      try {
        await ws.patch({ fields: change });
        render();
        announce(t('tk.fieldsSaved'));
      } catch (e) {
        render();
        showError(body.querySelector('.error'), e);
      }
    });
    fill(body, form);
  });
  live(ws, el, render);
  return el;
}

// ---- requester ----------------------------------------------------------------------------

function requesterPanel(ws, customer) {
  const body = h('div', {});
  const el = panel('tk-requester', t('tk.requester'), body);
  (async () => {
    const contact = customer?.contacts.find((c) => c.id === ws.ticket.requesterId);
    const [others, rating] = await Promise.all([
      get(`/tickets?customerId=${encodeURIComponent(ws.ticket.customerId)}&limit=5`).then((p) => p.items).catch(() => []),
      get(`${ws.path}/rating`).catch((e) => { if (e instanceof ApiError && e.status === 404) return null; throw e; }).catch(() => null),
    ]);
    fill(body,
      h('dl', { class: 'tk-facts' },
        fact(t('tk.company'), customer ? customer.customer.name : t('tk.none'), 'requester-company'),
        fact(t('tk.contact'), contact ? [contact.name, h('br'), h('a', { href: `mailto:${contact.email}` }, contact.email), contact.phone ? [h('br'), contact.phone] : null] : t('tk.none'), 'requester-contact'),
        fact(t('tk.rating'), rating ? [t('tk.rated', rating.score), rating.comment ? [h('br'), h('q', {}, rating.comment)] : null] : t('tk.notRated'), 'requester-rating')),
      h('h3', {}, t('tk.lastTickets')),
      ticketList(others, ws.code, 'requester-tickets'));
  })().catch((e) => fill(body, h('p', { class: 'error' }, e.message)));
  return el;
}

function ticketList(items, current, id) {
  if (items.length === 0) return h('p', { class: 'muted', id }, t('tk.noOtherTickets'));
  return h('ul', { class: 'tk-mini-list', id }, items.map((x) => h('li', {},
    x.code === current ? h('span', { 'aria-current': 'page' }, x.code) : h('a', { href: `#/tickets/${encodeURIComponent(x.code)}` }, x.code),
    ` · ${x.title} `, statusBadge(x.status))));
}

// ---- telescope ----------------------------------------------------------------------------

function telescopePanel(ws) {
  const body = h('div', {});
  const el = panel('tk-telescope', t('tk.telescope'), body);
  let shown = null;
  const render = async () => {
    const id = ws.ticket.telescopeId;
    if (id === shown) return;
    shown = id;
    if (!id) { fill(body, h('p', { class: 'muted' }, t('tk.noTelescope'))); return; }
    try {
      const detail = await get(`/telescopes/${encodeURIComponent(id)}`);
      const s = detail.telescope;
      fill(body,
        h('p', {}, h('a', { href: `#/telescopes/${encodeURIComponent(s.id)}`, id: 'telescope-name' }, s.name)),
        h('dl', { class: 'tk-facts' },
          fact(t('tk.model'), s.model ?? t('tk.none'), 'telescope-model'),
          fact(t('tk.telescopeStatus'), t(`tk.scope.${s.status}`), 'telescope-status'),
          s.location ? fact(t('tk.location'), s.location) : null),
        h('h3', {}, t('tk.recentTickets')),
        ticketList(detail.recentTickets.slice(0, 5), ws.code, 'telescope-tickets'));
    } catch (e) {
      fill(body, h('p', { class: 'error' }, e.message));
    }
  };
  render();
  ws.onChange(render);
  return el;
}

// ---- merge, spam, delete, knowledge base --------------------------------------------------

function morePanel(ws) {
  const body = h('div', {});
  const el = panel('tk-more', t('tk.more'), body);
  const error = alertBox();
  const render = keepingFocus(() => {
    const x = ws.ticket;
    const parts = [];
    if (!x.mergedInto && x.status !== 'closed') {
      const into = field('merge-into', t('tk.mergeInto'), h('input', { type: 'text', autocomplete: 'off', pattern: '[A-Za-z0-9-]+' }), t('tk.mergeHint'));
      const form = h('form', { class: 'tk-inline', id: 'merge-form' }, into.field, h('button', { type: 'submit', class: 'secondary' }, t('tk.merge')));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const code = into.input.value.trim().toUpperCase();
        if (!code || !window.confirm(t('tk.mergeConfirm', code))) return;
        error.hidden = true;
        try {
          const result = await post(`${ws.path}/merge`, { into: code });
          await ws.reload();
          render();
          announce(t('tk.merged', result.into.code));
        } catch (e) { showError(error, e, form); }
      });
      parts.push(form);
    }
    const flag = (id, label, path, confirmText) => {
      const button = h('button', { type: 'button', class: 'secondary', id }, label);
      button.addEventListener('click', async () => {
        if (confirmText && !window.confirm(confirmText)) return;
        error.hidden = true;
        try {
          await post(`${ws.path}/${path}`);
          await ws.reload();
          render();
          announce(t('tk.flagsChanged'));
        } catch (e) { showError(error, e); }
      });
      return button;
    };
    parts.push(h('div', { class: 'row' },
      x.spam ? null : flag('mark-spam', t('tk.spam'), 'spam', t('tk.spamConfirm')),
      ws.admin && !x.deleted ? flag('delete-ticket', t('tk.deleteTicket'), 'delete', t('tk.deleteConfirm')) : null,
      ws.admin && (x.spam || x.deleted) ? flag('restore-ticket', t('tk.restore'), 'restore', null) : null));
    const done = ['finished', 'closed'].includes(x.status);
    const kb = h('button', { type: 'button', class: 'secondary', id: 'kb-from-ticket', disabled: !done, 'aria-describedby': done ? null : 'kb-hint' }, t('tk.kbFromTicket'));
    kb.addEventListener('click', async () => {
      error.hidden = true;
      kb.disabled = true;
      try {
        const article = await post(`/knowledge/articles/from-ticket/${encodeURIComponent(ws.code)}`);
        location.hash = `#/kb/${encodeURIComponent(article.id)}`;
      } catch (e) { kb.disabled = false; showError(error, e); }
    });
    parts.push(h('div', {}, kb, done ? null : h('p', { class: 'hint', id: 'kb-hint' }, t('tk.kbHint'))));
    fill(body, parts, error);
  });
  live(ws, el, render);
  return el;
}

// ---- activity -----------------------------------------------------------------------------

function activityPanel(ws) {
  // It scrolls once long: focusable, so keyboard users can scroll it too.
  const list = h('ol', { class: 'tk-activity', id: 'activity', tabindex: '0', 'aria-label': t('tk.activity') });
  const el = panel('tk-activity', t('tk.activity'), list);
  const names = (value) => (value ? value.split(',').filter(Boolean).map((id) => ws.name(id.trim())).join(', ') : t('tk.none'));
  const show = (c, value) => {
    if (value === null || value === undefined || value === '') return t('tk.none');
    if (['assignees', 'responsibleId', 'cc'].includes(c.field)) return names(value);
    if (c.field === 'status') return t(`status.${value}`);
    if (c.field === 'priority') return t(`priority.${value}`);
    if (c.field === 'type') return t(`type.${value}`);
    if (c.field === 'waitingOn') return t(`tk.waiting.${value}`);
    if (c.field === 'billable' || c.field === 'spam' || c.field === 'deleted') return value === 'true' ? t('tk.yes') : t('tk.no');
    if (c.field === 'supportLevel') return t('tk.level', Number(value));
    return value;
  };
  let last = '';
  const render = async () => {
    const entries = await get(`${ws.path}/activity`);
    const key = entries.map((e) => e.id).join();
    if (key === last) return;
    last = key;
    fill(list, entries.length === 0 ? h('li', { class: 'muted' }, t('tk.noActivity')) : [...entries].reverse().map((e) => h('li', { class: e.internal ? 'tk-act internal' : 'tk-act' },
      h('div', {}, time(e.at), ' · ', h('strong', {}, e.actorName), ` ${t('tk.action', e.action)}`),
      e.changes.length ? h('ul', { class: 'tk-changes' }, e.changes.map((c) => h('li', {},
        `${fieldName(c.field)}: ${show(c, c.from)} → ${show(c, c.to)}`))) : null)));
  };
  const fieldName = (f) => (f.startsWith('fields.') ? f.slice(7) : t('tk.field', f));
  const quiet = () => { render().catch(() => {}); };
  quiet();
  ws.onChange(quiet);
  ws.onWork(quiet);
  return { el, render };
}
