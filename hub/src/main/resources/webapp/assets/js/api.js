// The REST API with the staff session cookie; state-changing calls carry the CSRF token.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The signed-in staff user, or null. */
export async function currentSession() {
  const response = await fetch('/api/v1/auth/session', {headers: {Accept: 'application/json'}});
  if (!response.ok) return null;
  const session = await response.json();
  csrfToken = session.csrfToken;
  return session;
}

export async function signIn(username, password) {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({username, password}),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const session = await response.json();
  csrfToken = session.csrfToken;
  return session;
}

/** Calls the API; resolves to {body, etag}. A lost session sends the agent to sign in. */
export async function call(method, path, body, headers = {}) {
  const init = {method, headers: {Accept: 'application/json', ...headers}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken || '';
  const response = await fetch(path, init);
  if (response.status === 401) {
    window.location.assign('/login');
    throw new ApiError(401, {title: 'Signed out'});
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const text = response.status === 204 ? '' : await response.text();
  return {body: text ? JSON.parse(text) : null, etag: response.headers.get('ETag')};
}

export const get = path => call('GET', path).then(result => result.body);
export const post = (path, body) => call('POST', path, body).then(result => result.body);

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return {title: response.statusText};
  }
}

/** Builds a query string from the non-empty entries. */
export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  });
  const text = search.toString();
  return text ? '?' + text : '';
}
