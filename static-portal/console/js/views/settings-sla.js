// Settings: the SLA policy as a form (no JSON): targets per priority, when the light turns
// yellow, what a reopened ticket's clock does, the business calendar and the escalation ladder.
import { get, put } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { t } from '../i18n.js';
import { saveForm, section, checkbox, spanToHours, hoursToSpan, number } from './admin-kit.js';

register({
  es: {
    'sla.targets': 'Objetivos por prioridad (horas laborables)',
    'sla.priority': 'Prioridad',
    'sla.firstResponse': 'Primera respuesta (h)',
    'sla.resolution': 'Resolución (h)',
    'sla.warning': 'Cuándo se pone en amarillo el semáforo SLA',
    'sla.warn.percent': 'Al consumir un porcentaje del plazo',
    'sla.warn.percentValue': 'Porcentaje del plazo consumido (1-99)',
    'sla.warn.lead': 'Un tiempo antes del vencimiento',
    'sla.warn.leadValue': 'Horas laborables antes del vencimiento',
    'sla.reopen': 'Al reabrir un ticket, el plazo de resolución',
    'sla.reopen.restart': 'vuelve a empezar de cero',
    'sla.reopen.continue': 'continúa con el tiempo ya consumido',
    'sla.calendar': 'Calendario laboral',
    'sla.zone': 'Zona horaria del calendario',
    'sla.alwaysOpen': 'Servicio 24x7 (se ignoran horario y festivos)',
    'sla.hours': 'Horario',
    'sla.day': 'Día',
    'sla.start': 'Desde',
    'sla.end': 'Hasta',
    'sla.addHours': 'Añadir franja horaria',
    'sla.holidays': 'Festivos',
    'sla.holiday': 'Fecha del festivo',
    'sla.addHoliday': 'Añadir festivo',
    'sla.noHolidays': 'Sin festivos.',
    'sla.ladder': 'Escalado (primera línea → segunda línea → …)',
    'sla.ladder.hint': 'Al primer incumplimiento el ticket pasa al nivel 2; cada escalón indica cuánto tiempo laborable permanece en ese nivel antes del siguiente.',
    'sla.level': 'Nivel',
    'sla.timeAtLevel': 'Horas en este nivel',
    'sla.reassign': 'Reasignar al nivel',
    'sla.notify': 'Avisar a',
    'sla.addStep': 'Añadir escalón',
    'sla.noSteps': 'Sin escalado.',
    'sla.rowRemove': (what) => `Quitar ${what}`,
    'sla.positive': (what, priority) => `${what} de la prioridad ${priority} debe ser mayor que cero.`,
    'day.monday': 'Lunes', 'day.tuesday': 'Martes', 'day.wednesday': 'Miércoles', 'day.thursday': 'Jueves', 'day.friday': 'Viernes', 'day.saturday': 'Sábado', 'day.sunday': 'Domingo',
  },
  en: {
    'sla.targets': 'Targets per priority (business hours)',
    'sla.priority': 'Priority',
    'sla.firstResponse': 'First response (h)',
    'sla.resolution': 'Resolution (h)',
    'sla.warning': 'When the SLA light turns yellow',
    'sla.warn.percent': 'After a share of the target is used',
    'sla.warn.percentValue': 'Share of the target used (1-99)',
    'sla.warn.lead': 'Some time before the deadline',
    'sla.warn.leadValue': 'Business hours before the deadline',
    'sla.reopen': 'When a ticket is reopened, the resolution clock',
    'sla.reopen.restart': 'starts again from zero',
    'sla.reopen.continue': 'carries on from the time already used',
    'sla.calendar': 'Business calendar',
    'sla.zone': 'Calendar time zone',
    'sla.alwaysOpen': 'Always open, 24x7 (hours and holidays are ignored)',
    'sla.hours': 'Working hours',
    'sla.day': 'Day',
    'sla.start': 'From',
    'sla.end': 'To',
    'sla.addHours': 'Add working hours',
    'sla.holidays': 'Holidays',
    'sla.holiday': 'Holiday date',
    'sla.addHoliday': 'Add holiday',
    'sla.noHolidays': 'No holidays.',
    'sla.ladder': 'Escalation (first line → second line → …)',
    'sla.ladder.hint': 'At the first breach the ticket moves to level 2; each step says how many business hours it stays at that level before the next.',
    'sla.level': 'Level',
    'sla.timeAtLevel': 'Hours at this level',
    'sla.reassign': 'Reassign to the level',
    'sla.notify': 'Notify',
    'sla.addStep': 'Add step',
    'sla.noSteps': 'No escalation.',
    'sla.rowRemove': (what) => `Remove ${what}`,
    'sla.positive': (what, priority) => `${what} of priority ${priority} must be more than zero.`,
    'day.monday': 'Monday', 'day.tuesday': 'Tuesday', 'day.wednesday': 'Wednesday', 'day.thursday': 'Thursday', 'day.friday': 'Friday', 'day.saturday': 'Saturday', 'day.sunday': 'Sunday',
  },
});

const PRIORITIES = ['critical', 'high', 'medium', 'low'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const hoursInput = (value, label) => h('input', { type: 'number', min: 0.01, step: 'any', required: true, value: String(Math.round(value * 100) / 100), 'aria-label': label });
const hourText = (input) => Number(String(input.value).replace(',', '.'));
const timeValue = (text) => String(text ?? '').slice(0, 5);
const timeWire = (value) => (value.length === 5 ? `${value}:00` : value);

/**
 * A table whose rows are added and removed: makeRow(data, n) returns { cells: [td], read() };
 * read() of the editor gives the rows' values in order.
 */
function rowsEditor({ id, columns, items, makeRow, addLabel, empty }) {
  const rows = [];
  const tbody = h('tbody');
  const none = h('p', { class: 'muted' }, empty);
  const grid = h('table', { class: 'editor' });
  const refresh = () => { none.hidden = rows.length > 0; grid.hidden = rows.length === 0; };
  const add = (data) => {
    const row = makeRow(data, rows.length + 1);
    row.cells.forEach((td, i) => td.setAttribute('data-label', columns[i]));
    const tr = h('tr', {}, row.cells, h('td', {}, h('button', {
      type: 'button', class: 'secondary', 'aria-label': t('sla.rowRemove', row.name ?? ''),
      onclick: () => { rows.splice(rows.indexOf(row), 1); tr.remove(); refresh(); addButton.focus(); },
    }, t('set.remove'))));
    rows.push(row);
    tbody.append(tr);
    refresh();
    return tr;
  };
  const addButton = h('button', {
    type: 'button', class: 'secondary', onclick: () => { const tr = add(null); tr.querySelector('input, select')?.focus(); },
  }, addLabel);
  fill(grid, h('thead', {}, h('tr', {}, [...columns, t('set.actions')].map((c) => h('th', { scope: 'col' }, c)))), tbody);
  items.forEach((x) => add(x));
  refresh();
  const element = h('div', { id }, grid, none, h('div', { class: 'actions' }, addButton));
  return { element, read: () => rows.map((r) => r.read()) };
}

export async function slaSection(body) {
  const [policy, staff] = await Promise.all([get('/settings/sla'), get('/staff')]);
  render(body, policy, staff);
}

function render(body, policy, staff) {
  // Targets: one row per priority, first response and resolution in hours.
  const targets = PRIORITIES.map((p) => {
    const target = policy.targets.find((x) => x.priority === p) ?? { firstResponse: '01:00:00', resolution: '08:00:00' };
    const first = hoursInput(spanToHours(target.firstResponse), `${t('sla.firstResponse')} · ${t(`priority.${p}`)}`);
    const resolution = hoursInput(spanToHours(target.resolution), `${t('sla.resolution')} · ${t(`priority.${p}`)}`);
    first.id = `sla-first-${p}`;
    resolution.id = `sla-resolution-${p}`;
    return { p, first, resolution };
  });
  const targetTable = h('table', { class: 'editor', id: 'sla-targets' },
    h('thead', {}, h('tr', {}, [t('sla.priority'), t('sla.firstResponse'), t('sla.resolution')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, targets.map((x) => h('tr', {}, h('th', { scope: 'row' }, t(`priority.${x.p}`)), h('td', { 'data-label': t('sla.firstResponse') }, x.first), h('td', { 'data-label': t('sla.resolution') }, x.resolution)))));

  // Warning: exactly one of a percentage or a lead time.
  const byPercent = policy.warning.percent !== null && policy.warning.percent !== undefined;
  const percentRadio = h('input', { type: 'radio', name: 'sla-warning', id: 'sla-warn-percent', value: 'percent', checked: byPercent ? true : null });
  const leadRadio = h('input', { type: 'radio', name: 'sla-warning', id: 'sla-warn-lead', value: 'lead', checked: byPercent ? null : true });
  const percent = field('sla-warn-percent-value', t('sla.warn.percentValue'), h('input', { type: 'number', min: 1, max: 99, step: 1, value: String(policy.warning.percent ?? 75) }));
  const lead = field('sla-warn-lead-value', t('sla.warn.leadValue'), h('input', { type: 'number', min: 0.01, step: 'any', value: String(Math.round(spanToHours(policy.warning.leadTime ?? '01:00:00') * 100) / 100) }));
  const syncWarning = () => { percent.input.disabled = !percentRadio.checked; lead.input.disabled = !leadRadio.checked; };
  percentRadio.addEventListener('change', syncWarning);
  leadRadio.addEventListener('change', syncWarning);
  syncWarning();
  const warning = h('fieldset', {}, h('legend', {}, t('sla.warning')),
    h('label', { class: 'check', for: 'sla-warn-percent' }, percentRadio, t('sla.warn.percent')), percent.field,
    h('label', { class: 'check', for: 'sla-warn-lead' }, leadRadio, t('sla.warn.lead')), lead.field);

  const reopen = field('sla-reopen', t('sla.reopen'),
    options(h('select'), [['restart_resolution', t('sla.reopen.restart')], ['continue_resolution', t('sla.reopen.continue')]], policy.reopen));

  // Calendar: zone, 24x7, working hours (any number of periods per day), holidays.
  const zone = field('sla-zone', t('sla.zone'), h('input', { type: 'text', value: policy.calendar.timeZone, required: true }));
  const always = checkbox('sla-always-open', t('sla.alwaysOpen'), policy.calendar.alwaysOpen);
  const sortedHours = [...(policy.calendar.hours ?? [])].sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day) || a.start.localeCompare(b.start));
  const hoursEditor = rowsEditor({
    id: 'sla-hours', columns: [t('sla.day'), t('sla.start'), t('sla.end')], items: sortedHours, addLabel: t('sla.addHours'), empty: '—',
    makeRow: (x, n) => {
      const day = options(h('select', { 'aria-label': `${t('sla.day')} ${n}`, class: 'sla-day' }), DAYS.map((d) => [d, t(`day.${d}`)]), x?.day ?? 'monday');
      const start = h('input', { type: 'time', value: timeValue(x?.start ?? '09:00'), required: true, 'aria-label': `${t('sla.start')} ${n}`, class: 'sla-start' });
      const end = h('input', { type: 'time', value: timeValue(x?.end ?? '18:00'), required: true, 'aria-label': `${t('sla.end')} ${n}`, class: 'sla-end' });
      return { name: `${t('sla.hours')} ${n}`, cells: [h('td', {}, day), h('td', {}, start), h('td', {}, end)], read: () => ({ day: day.value, start: timeWire(start.value), end: timeWire(end.value) }) };
    },
  });
  const holidayEditor = rowsEditor({
    id: 'sla-holidays', columns: [t('sla.holiday')], items: [...(policy.calendar.holidays ?? [])].sort(), addLabel: t('sla.addHoliday'), empty: t('sla.noHolidays'),
    makeRow: (x, n) => {
      const date = h('input', { type: 'date', value: x ?? '', required: true, 'aria-label': `${t('sla.holiday')} ${n}`, class: 'sla-holiday' });
      return { name: `${t('sla.holiday')} ${n}`, cells: [h('td', {}, date)], read: () => date.value };
    },
  });
  const syncCalendar = () => { hoursEditor.element.hidden = always.input.checked; };
  always.input.addEventListener('change', syncCalendar);
  syncCalendar();
  const calendar = h('fieldset', {}, h('legend', {}, t('sla.calendar')), zone.field, always.field,
    h('h3', {}, t('sla.hours')), hoursEditor.element, h('h3', {}, t('sla.holidays')), holidayEditor.element);

  // Ladder: levels from 2 upwards, time at each, reassign, people to notify.
  const staffOptions = staff.filter((p) => p.active).map((p) => [p.id, `${p.name}${p.level ? ` (${t('sla.level')} ${p.level})` : ''}`]);
  const ladderEditor = rowsEditor({
    id: 'sla-ladder', columns: [t('sla.level'), t('sla.timeAtLevel'), t('sla.reassign'), t('sla.notify')], items: policy.ladder ?? [],
    addLabel: t('sla.addStep'), empty: t('sla.noSteps'),
    makeRow: (x, n) => {
      const level = h('input', { type: 'number', min: 2, max: 9, step: 1, value: String(x?.level ?? n + 1), 'aria-label': `${t('sla.level')} (${n})`, class: 'sla-level' });
      const time = hoursInput(spanToHours(x?.timeAtLevel ?? '08:00:00'), `${t('sla.timeAtLevel')} (${n})`);
      time.classList.add('sla-time-at-level');
      const reassign = h('input', { type: 'checkbox', checked: x?.reassignToLevel ? true : null, 'aria-label': `${t('sla.reassign')} (${n})` });
      const notify = h('select', { multiple: true, size: Math.min(4, Math.max(2, staffOptions.length)), 'aria-label': `${t('sla.notify')} (${n})` });
      for (const [value, label] of staffOptions) notify.append(h('option', { value, selected: (x?.notifyUserIds ?? []).includes(value) ? true : null }, label));
      return {
        name: `${t('sla.level')} ${level.value}`,
        cells: [h('td', {}, level), h('td', {}, time), h('td', {}, reassign), h('td', {}, notify)],
        read: () => ({
          level: Number(level.value), timeAtLevel: hoursToSpan(hourText(time)), reassignToLevel: reassign.checked,
          notifyUserIds: [...notify.selectedOptions].map((o) => o.value),
        }),
      };
    },
  });
  const ladder = h('fieldset', {}, h('legend', {}, t('sla.ladder')), h('p', { class: 'hint' }, t('sla.ladder.hint')), ladderEditor.element);

  const form = h('form', { class: 'admin-form', id: 'sla-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, t('sla.targets')), targetTable), warning, reopen.field, calendar, ladder);
  const { error, status } = saveForm(form, async () => {
    for (const x of targets) {
      for (const [input, label] of [[x.first, t('sla.firstResponse')], [x.resolution, t('sla.resolution')]]) {
        if (!(hourText(input) > 0)) {
          input.focus();
          throw new Error(t('sla.positive', label.replace(/ \(h\)$/, ''), t(`priority.${x.p}`)));
        }
      }
    }
    const saved = await put('/settings/sla', {
      targets: targets.map((x) => ({ priority: x.p, firstResponse: hoursToSpan(hourText(x.first)), resolution: hoursToSpan(hourText(x.resolution)) })),
      warning: percentRadio.checked ? { percent: Number(percent.input.value) } : { leadTime: hoursToSpan(hourText(lead.input)) },
      reopen: reopen.input.value,
      calendar: { timeZone: zone.input.value.trim(), alwaysOpen: always.input.checked, hours: hoursEditor.read(), holidays: holidayEditor.read().filter(Boolean) },
      ladder: ladderEditor.read(),
    });
    render(body, saved, staff);
    const message = `${t('set.saved')} ${t(`priority.critical`)}: ${number(spanToHours(saved.targets.find((x) => x.priority === 'critical')?.firstResponse), 2)} h / ${number(spanToHours(saved.targets.find((x) => x.priority === 'critical')?.resolution), 2)} h.`;
    body.querySelector('.save-status').textContent = message;
    return message;
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));
  fill(body, section(t('set.sla'), form));
}
