// Words more than one part of the ticket workspace uses.
import { register } from '../../shared/i18n.js';

register({
  es: {
    'tk.yes': 'Sí',
    'tk.no': 'No',
    'tk.level': (n) => (n === 1 ? 'Primera línea' : n === 2 ? 'Segunda línea' : `Nivel ${n}`),
    'tk.minutes': (m) => `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`,
    'tk.none': '—',
    'tk.add': 'Añadir',
    'tk.delete': 'Eliminar',
    'tk.saveChanges': 'Guardar cambios',
    'tk.saved': 'Cambios guardados.',
    'tk.noChanges': 'No hay cambios que guardar.',
    'tk.billable': 'Facturable',
    'tk.notBillable': 'No facturable',
    'tk.date': 'Fecha',
    'tk.who': 'Quién',
    'tk.note': 'Nota',
    'tk.amount': 'Importe',
    'tk.actions': 'Acciones',
  },
  en: {
    'tk.yes': 'Yes',
    'tk.no': 'No',
    'tk.level': (n) => (n === 1 ? 'First line' : n === 2 ? 'Second line' : `Level ${n}`),
    'tk.minutes': (m) => `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`,
    'tk.none': '—',
    'tk.add': 'Add',
    'tk.delete': 'Delete',
    'tk.saveChanges': 'Save changes',
    'tk.saved': 'Changes saved.',
    'tk.noChanges': 'Nothing to save.',
    'tk.billable': 'Billable',
    'tk.notBillable': 'Not billable',
    'tk.date': 'Date',
    'tk.who': 'Who',
    'tk.note': 'Note',
    'tk.amount': 'Amount',
    'tk.actions': 'Actions',
  },
});

/** Money as the observatory's currency says (e.g. "45,00 €"). */
export function money(amount, currency, language) {
  try {
    return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'es-ES', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}
