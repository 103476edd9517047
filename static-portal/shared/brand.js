// The observatory's name, logo and colours on either site's header.
import { safeUrl } from './dom.js';

/** Shows the observatory's name and logo (or none) and sets --primary, --on-primary and --accent. */
export function brand(portal) {
  document.getElementById('brand-name').textContent = portal.name;
  const logo = document.getElementById('brand-logo');
  logo.hidden = !portal.logoUrl;
  if (portal.logoUrl) {
    logo.src = safeUrl(portal.logoUrl);
    logo.alt = `${portal.name} (logo)`;
  }
  const root = document.documentElement.style;
  root.setProperty('--primary', portal.primaryColor);
  root.setProperty('--on-primary', readableOn(portal.primaryColor));
  root.setProperty('--accent', portal.accentColor);
}

/** Black or white, whichever contrasts more with the colour (WCAG relative luminance). */
function readableOn(hex) {
  const channel = (i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
