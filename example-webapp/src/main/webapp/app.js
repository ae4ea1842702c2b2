'use strict';

/*
 * Tokens live only in this closure, in memory: never in localStorage, sessionStorage or a readable cookie.
 * Anything in Web Storage can be read by any script on this origin, so a single XSS bug (or a compromised
 * script) could copy a long-lived refresh token to an attacker, who could then use it from anywhere. Held in
 * memory, a token dies with the page. The trade-off: reloading the page loses the session (including the
 * refresh token), and you log in again. Everything this page writes into the DOM goes through textContent,
 * never innerHTML, so server data (usernames, error messages) cannot become markup.
 */
(function () {
  const session = { access: null, refresh: null, revoked: false };
  let expiryTimer = null;

  const $ = (id) => document.getElementById(id);

  function show(text, ok) {
    const m = $('message');
    m.textContent = text;
    m.className = 'message ' + (ok ? 'ok' : 'error');
    m.hidden = false;
  }

  /** One human sentence for each error the API returns (see the auth-servlet README). */
  function describeError(status, body, headers, action) {
    const server = body && typeof body.error === 'string' ? body.error : '';
    const retry = headers.get('Retry-After');
    switch (status) {
      case 400: {
        const fields = body && body.fields && typeof body.fields === 'object' ? body.fields : {};
        const lines = Object.keys(fields).map((name) => name + ': ' + [].concat(fields[name]).join('; '));
        return action + ' refused: ' + (server || 'invalid input') + (lines.length ? '\n' + lines.join('\n') : '');
      }
      case 401:
        return action + ' refused (401): ' + (server || 'not authenticated') + '.' + (session.revoked
          ? '\nThat token was revoked by logging out: log in again.'
          : session.access ? '' : '\nLog in first.');
      case 403: return action + ' refused (403): ' + (server || 'forbidden');
      case 409: return action + ' refused: that username is already taken.';
      case 413: return action + ' refused: the request is too large (over 16 KiB).';
      case 415: return action + ' refused: unsupported content type (415).';
      case 429: return 'Too many attempts: wait ' + (retry || 'a few') + ' seconds and try again.';
      case 503: return 'The account database is unavailable right now; try again in ' + (retry || 'a few') + ' seconds.';
      default: return action + ' failed: unexpected response ' + status + (server ? ' (' + server + ')' : '') + '.';
    }
  }

  /** Calls the API; resolves to {ok, status, body, headers} and never throws for HTTP errors. */
  async function call(method, path, payload, bearer) {
    const headers = { 'Accept': 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: payload === undefined ? undefined : JSON.stringify(payload),
        credentials: 'omit', cache: 'no-store'
      });
    } catch (e) {
      return { ok: false, status: 0, body: null, headers: new Headers() };
    }
    let body = null;
    const text = await response.text();
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = null; }
    }
    return { ok: response.ok, status: response.status, body, headers: response.headers };
  }

  function report(result, action) {
    if (result.status === 0) {
      show(action + ' failed: cannot reach the server.', false);
    } else {
      show(describeError(result.status, result.body, result.headers, action), false);
    }
  }

  /** The token's payload, decoded without verification: only for display. */
  function decodeClaims(jwt) {
    const part = jwt.split('.')[1] || '';
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function render() {
    clearInterval(expiryTimer);
    const status = $('status');
    if (!session.access) {
      $('claims').textContent = 'no token';
      $('expiry').textContent = '–';
      status.textContent = 'Not signed in';
      status.className = 'status';
      return;
    }
    let claims;
    try {
      claims = decodeClaims(session.access);
    } catch (e) {
      $('claims').textContent = 'cannot decode the token';
      return;
    }
    $('claims').textContent = JSON.stringify(claims, null, 2);
    status.textContent = session.revoked ? 'Logged out (holding a revoked token)' : 'Signed in as ' + claims.username;
    status.className = session.revoked ? 'status' : 'status signed-in';
    const tick = () => {
      const left = Math.round(claims.exp - Date.now() / 1000);
      $('expiry').textContent = new Date(claims.exp * 1000).toLocaleString()
        + (left > 0 ? ' (in ' + Math.floor(left / 60) + ' min ' + (left % 60) + ' s)' : ' (expired: refresh or log in)');
    };
    tick();
    expiryTimer = setInterval(tick, 1000);
  }

  function keep(tokens) {
    session.access = tokens.token;
    session.refresh = tokens.refresh_token;
    session.revoked = false;
    $('whoami').textContent = 'not called yet';
    render();
  }

  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const payload = { username: $('reg-username').value, password: $('reg-password').value };
    if ($('reg-email').value) payload.email = $('reg-email').value;
    const result = await call('POST', 'auth/register', payload);
    if (!result.ok) return report(result, 'Registration');
    $('reg-password').value = '';
    keep(result.body);
    show('Registered ' + result.body.username + ' (user id ' + result.body.user_id + ') and signed in.', true);
  });

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await call('POST', 'auth/login',
      { username: $('login-username').value, password: $('login-password').value });
    if (!result.ok) return report(result, 'Login');
    $('login-password').value = '';
    keep(result.body);
    show('Logged in. The access token expires in ' + result.body.expires_in + ' s.', true);
  });

  $('whoami-btn').addEventListener('click', async () => {
    const result = await call('GET', 'api/whoami', undefined, session.access);
    if (!result.ok) {
      $('whoami').textContent = 'refused: ' + result.status;
      return report(result, '/api/whoami');
    }
    $('whoami').textContent = JSON.stringify(result.body, null, 2);
    show('/api/whoami answered: you are ' + result.body.username + '.', true);
  });

  $('refresh-btn').addEventListener('click', async () => {
    if (!session.refresh) return show('No refresh token in this page: log in first.', false);
    const result = await call('POST', 'auth/refresh', { refresh_token: session.refresh });
    if (!result.ok) {
      if (result.status === 401) {
        session.refresh = null;
        return show('Refresh refused (401): the refresh token expired, was revoked or was already used. '
          + 'Log in again.', false);
      }
      return report(result, 'Refresh');
    }
    keep(result.body);
    show('New access and refresh tokens; the old refresh token no longer works.', true);
  });

  $('logout-btn').addEventListener('click', async () => {
    if (!session.access) return show('Not signed in.', false);
    const result = await call('POST', 'auth/logout', { refresh_token: session.refresh || undefined }, session.access);
    if (!result.ok) return report(result, 'Logout');
    // keep the now revoked access token so "Call /api/whoami" can show that the server refuses it
    session.refresh = null;
    session.revoked = true;
    render();
    show('Logged out: this session\'s tokens are revoked on the server. '
      + 'Call /api/whoami to see the old access token refused.', true);
  });

  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!session.access) return show('Log in before changing the password.', false);
    const result = await call('POST', 'auth/password',
      { current_password: $('pw-current').value, new_password: $('pw-new').value }, session.access);
    if (!result.ok) return report(result, 'Password change');
    $('pw-current').value = '';
    $('pw-new').value = '';
    session.access = null;
    session.refresh = null;
    render();
    show('Password changed. Every earlier token of this account was revoked: log in with the new password.', true);
  });

  render();
})();
