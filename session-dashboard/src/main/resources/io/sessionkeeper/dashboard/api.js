// The API as the page uses it: the token from this tab's sessionStorage in an Authorization header, never in a URL.
const TOKEN_KEY = 'sessionkeeper.token';

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function keepToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A query string of the given parameters, leaving out empty ones. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      q.set(name, String(value));
    }
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

/**
 * One request; resolves to the parsed JSON body of a 2xx answer. Rejects with an ApiError carrying the error shape's
 * code and message (and the body: a disconnect's 502 still says what the NAS answered).
 */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = token();
  if (current) {
    headers.Authorization = 'Bearer ' + current;
  }
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'the service cannot be reached', null);
  }
  let parsed = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      parsed = await response.json();
    } catch (e) {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = parsed && parsed.error ? parsed.error : {};
    throw new ApiError(response.status, error.code || 'http_' + response.status,
        error.message || 'the service answered ' + response.status, parsed);
  }
  return parsed;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

/**
 * GET of an endpoint a service may not have (issue 16's analytics): null when it is not there, or not for this token.
 * Not there is a 404, a 405, or a 400 about the path parameter "id" of another route the path fell into
 * (/api/nas/health is /api/nas/{id} on a service without it); not for this token is a 403.
 */
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    const error = e instanceof ApiError && e.body && e.body.error ? e.body.error : {};
    if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 403
        || (e.status === 400 && error.field === 'id'))) {
      return null;
    }
    throw e;
  }
}
