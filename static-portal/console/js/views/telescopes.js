// Telescopes (being built).
import { fill } from '../../shared/dom.js';
import { t } from '../i18n.js';
import { heading } from '../common.js';

export const routes = [
  [/^#\/telescopes(?:\/.*)?$/, (main) => fill(main, heading(t('nav.telescopes')))],
];
