'use strict';

/*
 * Cookie mode: the session lives in two HttpOnly cookies that the accounts webapp sets when you sign in on its
 * sign-in page (auth/signin): the access token, sent with every request to this host, and the refresh token,
 * sent only to auth/renew and auth/signout. HttpOnly means no script can read them, this one included, so a
 * single XSS bug (or a compromised script) cannot copy a token to an attacker; the price is that this page
 * never sees a token. That is why no token, claim or refresh token is shown here any more: the page asks the
 * server who it is (GET api/whoami, a same-origin fetch that carries the cookie) and shows the answer, so a
 * reload keeps you signed in. Signing in, renewing and signing out are plain navigations and form posts that
 * the server answers with cookies and a redirect back here.
 *
 * A cookie goes along with requests other sites make, too, so any request that changes something with the
 * cookie needs a CSRF proof the other site cannot know: the filter hands it to this page in whoami's
 * csrf_token, and the sign-out form posts it as _csrf. (The JSON API itself, auth/password and auth/logout,
 * keeps wanting a Bearer token, which is why changing the password signs in once more with the current one.)
 * Everything this page writes into the DOM goes through textContent, never innerHTML, so server data
 * (usernames, error messages) cannot become markup.
 */
(function () {
  let me = null;
  let expiryTimer = null;

  const $ = (id) => document.getElementById(id);
  /** Back to this very page after signing in or renewing (the server only accepts a path on this host). */
  const here = () => encodeURIComponent(location.pathname);

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
        return action + ' refused (401): ' + (server || 'not authenticated') + '.'
          + (/revoked/i.test(server) ? '\nThat session has ended (signed out or password changed): sign in again.'
            : /expired/i.test(server) ? '\nThe access token expired: Refresh tokens, or sign in again.' : '');
      case 403: return action + ' refused (403): ' + (server || 'forbidden');
      case 409: return action + ' refused: that username is already taken.';
      case 413: return action + ' refused: the request is too large (over 16 KiB).';
      case 415: return action + ' refused: unsupported content type (415).';
      case 429: return 'Too many attempts: wait ' + (retry || 'a few') + ' seconds and try again.';
      case 503: return 'The account database is unavailable right now; try again in ' + (retry || 'a few') + ' seconds.';
      default: return action + ' failed: unexpected response ' + status + (server ? ' (' + server + ')' : '') + '.';
    }
  }

  /**
   * Calls the server; resolves to {ok, status, body, headers} and never throws for HTTP errors. Same-origin
   * fetches carry the cookies; Accept: application/json makes the filter answer 401 JSON, not a redirect.
   */
  async function call(method, path, payload, bearer) {
    const headers = { 'Accept': 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: payload === undefined ? undefined : JSON.stringify(payload),
        credentials: 'same-origin', cache: 'no-store'
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

  /** whoami's answer without the CSRF proof: what the server knows about you, not a secret to display. */
  function visible(whoami) {
    const copy = Object.assign({}, whoami);
    delete copy.csrf_token;
    return JSON.stringify(copy, null, 2);
  }

  function render() {
    clearInterval(expiryTimer);
    const signedIn = me !== null;
    // what the page settled on, for whoever drives it (the browser test waits for it)
    document.body.dataset.session = signedIn ? 'signed-in' : 'signed-out';
    $('signed-out').hidden = signedIn;
    $('register').hidden = signedIn;
    $('signed-in').hidden = !signedIn;
    $('password').hidden = !signedIn;
    const status = $('status');
    if (!signedIn) {
      status.textContent = 'Not signed in';
      status.className = 'status';
      $('logout-csrf').value = '';
      return;
    }
    status.textContent = 'Signed in as ' + me.username;
    status.className = 'status signed-in';
    $('username').textContent = me.username;
    $('roles').textContent = me.roles.length ? me.roles.join(', ') : 'none';
    $('logout-csrf').value = typeof me.csrf_token === 'string' ? me.csrf_token : '';
    if (typeof me.expires_at !== 'number') {
      $('expiry').textContent = 'unknown';
      return;
    }
    const tick = () => {
      const left = Math.round(me.expires_at - Date.now() / 1000);
      $('expiry').textContent = new Date(me.expires_at * 1000).toLocaleString()
        + (left > 0 ? ' (in ' + Math.floor(left / 60) + ' min ' + (left % 60) + ' s)' : ' (expired: Refresh tokens)');
    };
    tick();
    expiryTimer = setInterval(tick, 1000);
  }

  /** Asks the server who this browser is signed in as; the answer decides what the page shows. */
  async function whoami() {
    const result = await call('GET', 'api/whoami');
    if (result.ok && result.body && typeof result.body.username === 'string') {
      me = result.body;
      $('expired').hidden = true;
    } else {
      me = null;
      // an expired access cookie can still be renewed with the refresh cookie, which only auth/renew receives
      const server = result.body && typeof result.body.error === 'string' ? result.body.error : '';
      $('expired').hidden = !(result.status === 401 && /expired/i.test(server));
      if (result.status !== 401) report(result, '/api/whoami');
    }
    render();
    return result;
  }

  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const payload = { username: $('reg-username').value, password: $('reg-password').value };
    if ($('reg-email').value) payload.email = $('reg-email').value;
    const result = await call('POST', 'auth/register', payload);
    if (!result.ok) return report(result, 'Registration');
    // the response also carries tokens, for API clients; this page keeps none and signs in through the
    // sign-in page, which is what puts the session into HttpOnly cookies
    $('reg-password').value = '';
    $('signin-link').focus();
    show('Registered ' + result.body.username + ' (user id ' + result.body.user_id + '). Sign in to start a session.', true);
  });

  $('whoami-btn').addEventListener('click', async () => {
    const result = await whoami();
    if (!result.ok) {
      $('whoami').textContent = 'refused: ' + result.status;
      return report(result, '/api/whoami');
    }
    $('whoami').textContent = visible(result.body);
    show('/api/whoami answered: you are ' + result.body.username + '.', true);
  });

  $('logout-form').addEventListener('submit', (event) => {
    // a real form post (the server answers with cleared cookies and a redirect); without the proof it is refused
    if (!$('logout-csrf').value) {
      event.preventDefault();
      show('Log out needs the CSRF proof from /api/whoami, which did not come: reload the page.', false);
    }
  });

  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!me) return show('Sign in before changing the password.', false);
    // the JSON endpoint wants a Bearer token, which the cookie session never shows this page: get one by
    // signing in once more with the current password
    const login = await call('POST', 'auth/login', { username: me.username, password: $('pw-current').value });
    if (!login.ok) {
      if (login.status === 401) return show('Password change refused: the current password is wrong.', false);
      return report(login, 'Password change');
    }
    const result = await call('POST', 'auth/password',
      { current_password: $('pw-current').value, new_password: $('pw-new').value }, login.body.token);
    if (!result.ok) {
      // end the session that was opened only for this change
      await call('POST', 'auth/logout', { refresh_token: login.body.refresh_token }, login.body.token);
      return report(result, 'Password change');
    }
    $('pw-current').value = '';
    $('pw-new').value = '';
    me = null;
    $('whoami').textContent = 'not called yet';
    render();
    show('Password changed. Every session of this account was revoked, this one too: sign in with the new password.', true);
  });

  // without this script the links still work, and come back to the default page
  $('signin-link').href = 'auth/signin?return=' + here();
  $('refresh-btn').href = 'auth/renew?return=' + here();
  $('renew-link').href = 'auth/renew?return=' + here();
  whoami();
})();
