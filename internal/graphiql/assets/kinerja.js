// The GraphiQL page of Kinerja: a sign-in bar (username and password through
// the login mutation, or a pasted token) above GraphiQL, whose fetcher sends
// the token as "Authorization: Bearer <token>" with every request, so the
// documentation explorer works although introspection needs a token.
// Subscriptions go over WebSocket (graphql-transport-ws, through GraphiQL's
// createFetcher and its bundled graphql-ws) to the same endpoint, the token
// in the connection_init payload. The token is kept in sessionStorage: it
// lasts as long as the tab.
(function () {
  'use strict';
  var bar = document.getElementById('bar');
  var endpoint = bar.getAttribute('data-endpoint');
  var key = 'kinerja.token';
  var $ = function (id) { return document.getElementById(id); };

  function token() { return sessionStorage.getItem(key) || ''; }

  function post(body, tok) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/graphql-response+json, application/json' };
    if (tok) { headers.Authorization = 'Bearer ' + tok; }
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }

  // The WebSocket address of the endpoint.
  var socket = new URL(endpoint, location.href);
  socket.protocol = socket.protocol === 'https:' ? 'wss:' : 'ws:';
  var subscriptions = null; // made by render, with the token of the moment

  // isSubscription reports whether params run a subscription of the
  // document GraphiQL parsed (as createFetcher decides).
  function isSubscription(params, opts) {
    var doc = opts && opts.documentAST;
    return !!doc && doc.definitions.some(function (d) {
      return d.kind === 'OperationDefinition' && d.operation === 'subscription' &&
        (!params.operationName || (d.name && d.name.value === params.operationName));
    });
  }

  // fetcher is GraphiQL's: headers typed in GraphiQL's own pane win.
  function fetcher(params, opts) {
    if (subscriptions && isSubscription(params, opts)) { return subscriptions(params, opts); }
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/graphql-response+json, application/json' };
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (h) { headers[h] = extra[h]; });
    if (token() && !headers.Authorization && !headers.authorization) { headers.Authorization = 'Bearer ' + token(); }
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params) })
      .then(function (r) { return r.json(); });
  }

  var root = ReactDOM.createRoot($('graphiql'));
  var generation = 0;
  function render() {
    generation++;
    subscriptions = GraphiQL.createFetcher({
      url: new URL(endpoint, location.href).href,
      subscriptionUrl: socket.href,
      wsConnectionParams: token() ? { Authorization: 'Bearer ' + token() } : {}
    });
    // A new key mounts GraphiQL afresh, so it fetches the schema again with
    // the caller's token. Its editors keep their text in localStorage.
    root.render(React.createElement(GraphiQL, {
      key: 'g' + generation,
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: '# Sign in above, then run a query, e.g.\n{\n  me { username role orgUnit { name } }\n}\n'
    }));
  }

  function status(msg) { $('status').textContent = msg || ''; }

  function signedIn(tok) {
    return post({ query: '{ me { username role orgUnit { name } } }' }, tok).then(function (res) {
      if (!res.data || !res.data.me) {
        var e = res.errors && res.errors[0];
        throw new Error(e ? e.message : 'the token was refused');
      }
      sessionStorage.setItem(key, tok);
      var me = res.data.me;
      $('who').textContent = me.username + ' (' + me.role + ', ' + me.orgUnit.name + ')';
      $('who').hidden = false;
      $('signout').hidden = false;
      $('login').hidden = true;
      status('');
      render();
    });
  }

  $('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    status('');
    post({
      query: 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: $('username').value, p: $('password').value }
    }).then(function (res) {
      if (!res.data || !res.data.login) {
        var e = res.errors && res.errors[0];
        throw new Error(e ? e.message : 'sign-in failed');
      }
      $('password').value = '';
      return signedIn(res.data.login.token);
    }).catch(function (e) { status(e.message); });
  });

  $('usetoken').addEventListener('click', function () {
    var tok = $('token').value.trim().replace(/^Bearer\s+/i, '');
    if (!tok) { status('paste a token first'); return; }
    $('token').value = '';
    signedIn(tok).catch(function (e) { status(e.message); });
  });

  $('signout').addEventListener('click', function () {
    var tok = token();
    sessionStorage.removeItem(key);
    $('who').hidden = true;
    $('signout').hidden = true;
    $('login').hidden = false;
    // Revoke the server-side session too where the server offers it.
    if (tok) { post({ query: 'mutation { logout }' }, tok).catch(function () {}); }
    render();
  });

  if (token()) {
    signedIn(token()).catch(function () { sessionStorage.removeItem(key); render(); });
  } else {
    render();
  }
})();
