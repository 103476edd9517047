// The console's own words (navigation, sign-in); errors are shared/errors.js; each view registers the rest.
import { register } from '../shared/i18n.js';
import '../shared/words.js';
// Words for every error code the API can send (a site may override one after this import).
import '../shared/errors.js';

export { initLanguage, setLanguage, language, t, has } from '../shared/i18n.js';

register({
  es: {
    skip: 'Saltar al contenido',
    language: 'Idioma',
    navLabel: 'Principal',
    console: 'Consola de soporte',
    'nav.queues': 'Colas',
    'nav.telescopes': 'Telescopios',
    'nav.knowledge': 'Base de conocimiento',
    'nav.tasks': 'Tareas',
    'nav.reports': 'Informes',
    'nav.settings': 'Ajustes',
    signOut: 'Cerrar sesión',
    loading: 'Cargando…',
    notFound: 'No encontrado.',
    signInTitle: 'Acceso del personal',
    email: 'Correo electrónico',
    password: 'Contraseña',
    signIn: 'Entrar',
    staffOnly: 'Esta consola es para el personal del observatorio. Los clientes entran por el portal.',
    goToPortal: 'Ir al portal de clientes',
    adminOnly: 'Solo los administradores pueden ver esta página.',
    save: 'Guardar',
    saved: 'Guardado.',
    cancel: 'Cancelar',
    'role.admin': 'Administrador',
    'role.technician': 'Técnico',
  },
  en: {
    skip: 'Skip to content',
    language: 'Language',
    navLabel: 'Main',
    console: 'Support console',
    'nav.queues': 'Queues',
    'nav.telescopes': 'Telescopes',
    'nav.knowledge': 'Knowledge base',
    'nav.tasks': 'Tasks',
    'nav.reports': 'Reports',
    'nav.settings': 'Settings',
    signOut: 'Sign out',
    loading: 'Loading…',
    notFound: 'Not found.',
    signInTitle: 'Staff sign-in',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    staffOnly: 'This console is for the observatory\'s staff. Customers sign in on the portal.',
    goToPortal: 'Go to the customer portal',
    adminOnly: 'Only administrators can see this page.',
    save: 'Save',
    saved: 'Saved.',
    cancel: 'Cancel',
    'role.admin': 'Administrator',
    'role.technician': 'Technician',
  },
});
