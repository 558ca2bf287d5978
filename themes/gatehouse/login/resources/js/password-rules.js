/*
 * Ticks off the password rules listed next to a new-password field (register-password.liquid)
 * while the user types. Loaded from a file with `defer`, no inline code, so it runs under a
 * Content-Security-Policy without 'unsafe-inline'. Without it the list is plain guidance.
 *
 * The list (#kc-password-rules) names the fields it watches in data-password-field,
 * data-username-field and data-email-field, its texts in data-text-met / data-text-unmet /
 * data-text-progress ("{0} of {1} …"), and the live region in data-status. Each item is
 * <li data-rule="<policy id>" data-value="<n>"> (else data-param-0, else Keycloak's default);
 * rules this script cannot check (passwordHistory, regexPattern, …) are left as they are.
 *
 * The checks follow Keycloak's password policies (Java's Character classes → Unicode
 * categories). Username and email are compared case-insensitively, since Keycloak stores both
 * in lower case: a rule is never shown as met when the server could still refuse it.
 */
/* global document */
(function () {
  'use strict';

  var list = document.getElementById('kc-password-rules');
  if (!list) return;
  var byId = function (id) { return id ? document.getElementById(id) : null; };
  var password = byId(list.getAttribute('data-password-field') || 'password');
  if (!password) return;
  var username = byId(list.getAttribute('data-username-field'));
  var email = byId(list.getAttribute('data-email-field'));
  var status = byId(list.getAttribute('data-status'));
  var textMet = list.getAttribute('data-text-met') || 'met';
  var textUnmet = list.getAttribute('data-text-unmet') || 'not met';
  var textProgress = list.getAttribute('data-text-progress') || '{0} / {1}';

  var valueOf = function (input) { return input ? String(input.value || '') : ''; };
  /* Java counts per UTF-16 unit (a lone surrogate is neither letter nor digit), and so do we. */
  var count = function (text, pattern) {
    var n = 0;
    for (var i = 0; i < text.length; i++) if (pattern.test(text.charAt(i))) n++;
    return n;
  };
  var lower = function (text) { return text.toLocaleLowerCase(); };

  /* id → [default parameter, check(password, parameter)] */
  var checks = {
    length: [8, function (p, n) { return p.length >= n; }],
    maxLength: [64, function (p, n) { return p.length <= n; }],
    digits: [1, function (p, n) { return count(p, /\p{Nd}/u) >= n; }],
    lowerCase: [1, function (p, n) { return count(p, /\p{Lowercase}/u) >= n; }],
    upperCase: [1, function (p, n) { return count(p, /\p{Uppercase}/u) >= n; }],
    specialChars: [1, function (p, n) { return count(p, /[^\p{L}\p{Nd}]/u) >= n; }],
    notUsername: [0, function (p) { return lower(p) !== lower(valueOf(username)); }],
    notContainsUsername: [0, function (p) { var u = lower(valueOf(username)); return u === '' || lower(p).indexOf(u) < 0; }],
    notEmail: [0, function (p) { return lower(p) !== lower(valueOf(email)); }]
  };

  var items = Array.prototype.filter.call(list.querySelectorAll('li[data-rule]'), function (item) {
    return Object.prototype.hasOwnProperty.call(checks, item.getAttribute('data-rule'));
  });
  if (items.length === 0) return;
  list.classList.add('gh-rules-live');

  var announceTimer;
  var lastAnnounced = '';

  function update(announce) {
    var value = String(password.value || '');
    var met = 0;
    items.forEach(function (item) {
      var check = checks[item.getAttribute('data-rule')];
      var param = parseInt(item.getAttribute('data-value') || item.getAttribute('data-param-0'), 10);
      var ok = value !== '' && check[1](value, isNaN(param) ? check[0] : param);
      if (ok) met++;
      item.classList.toggle('gh-rule-met', ok);
      item.classList.toggle('gh-rule-unmet', !ok);
      item.setAttribute('data-met', ok ? 'true' : 'false');
      var state = item.querySelector('.gh-rule-state');
      if (state) state.textContent = ' (' + (ok ? textMet : textUnmet) + ')';
    });
    if (!status || !announce) return;
    /* One polite summary once typing pauses, not a message per key press. */
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      var text = value === '' ? '' : textProgress.replace('{0}', String(met)).replace('{1}', String(items.length));
      if (text !== lastAnnounced) status.textContent = lastAnnounced = text;
    }, 900);
  }

  var onInput = function () { update(true); };
  password.addEventListener('input', onInput);
  if (username) username.addEventListener('input', onInput);
  if (email && email !== username) email.addEventListener('input', onInput);
  update(false);
})();
