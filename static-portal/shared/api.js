// The AstroBlob API as the portal and the console use it: bearer token per observatory and
// site, problem+json errors. Each site's config.js (beside index.html) says which site it is.
import { config } from '../config.js';

/** The observatory: from config.js, else from the page's path (/portal/{observatory}/, /console/{observatory}/). */
export const observatory = config.observatory || (location.pathname.match(/\/(?:portal|console)\/([a-z0-9-]+)\//) ?? [])[1] || '';

const apiBase = (config.apiBase || location.origin).replace(/\/+$/, '');
// A customer's portal session and a staff console session live side by side in one browser.
const tokenKey = config.site === 'console' ? `astroblob.console.${observatory}` : `astroblob.session.${observatory}`;

export class ApiError extends Error {
  /**
   * status and the stable code; detail is the API's English explanation (for developers, and the
   * last resort for a code the site has no words for); fields is the problem's "errors": request
   * field name → English messages, for validation refusals only (else an empty object).
   */
  constructor(status, code, detail, fields) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.fields = fields && typeof fields === 'object' && !Array.isArray(fields) ? fields : {};
  }

  /** An ApiError from a problem+json body (or whatever else the answer held). */
  static fromProblem(status, data, fallbackDetail) {
    return new ApiError(status, data?.code ?? 'error', data?.detail ?? fallbackDetail, data?.errors);
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export function token() {
  try { return localStorage.getItem(tokenKey); } catch { return null; }
}

export function saveToken(value) {
  try {
    if (value) localStorage.setItem(tokenKey, value);
    else localStorage.removeItem(tokenKey);
  } catch { /* storage blocked (e.g. a third-party frame): the session lasts for this page only */ }
  memoryToken = value;
}

let memoryToken = null;

export function url(path) {
  return `${apiBase}/api/o/${encodeURIComponent(observatory)}${path}`;
}

/** Calls the API; returns { body, etag } or throws ApiError. */
export async function call(method, path, { body, headers = {}, anonymous = false } = {}) {
  const h = { Accept: 'application/json', ...headers };
  const bearer = token() ?? memoryToken;
  if (!anonymous && bearer) h.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(path), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !anonymous) {
      saveToken(null);
      onUnauthorized();
    }
    throw ApiError.fromProblem(response.status, data, response.statusText);
  }
  return { body: data, etag: response.headers.get('ETag') };
}

export const get = async (path) => (await call('GET', path)).body;

/** Restores the session of a saved token into app.me (both routers' resume step); false when there is none. */
export async function resumeSession(app) {
  if (!token()) return false;
  app.me = await get('/me');
  return true;
}
export const post = async (path, body) => (await call('POST', path, { body: body ?? {} })).body;
export const put = async (path, body) => (await call('PUT', path, { body: body ?? {} })).body;
export const del = async (path) => (await call('DELETE', path)).body;

/** PATCH with the ETag read before (If-Match): a concurrent change answers 412 instead of being overwritten. */
export async function patch(path, body, etag) {
  return call('PATCH', path, { body, headers: etag ? { 'If-Match': etag } : {} });
}

/**
 * PUTs a file to a write-only upload URL, reporting progress (fetch cannot report upload
 * progress; XMLHttpRequest can).
 */
export function putFile(slot, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(slot.uploadMethod || 'PUT', slot.uploadUrl);
    for (const [name, value] of Object.entries(slot.uploadHeaders ?? {})) xhr.setRequestHeader(name, value);
    if (file.type) xhr.setRequestHeader('x-ms-blob-content-type', file.type);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, 'upload_failed', xhr.statusText))));
    xhr.addEventListener('error', () => reject(new ApiError(0, 'upload_failed', '')));
    xhr.send(file);
  });
}
