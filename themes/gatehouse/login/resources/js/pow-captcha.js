// Gatehouse's self-hosted proof-of-work captcha: finds the counter whose SHA-256 (over the
// challenge's salt, nonce and the counter as a big-endian 32-bit number) starts with the
// challenge's key prefix, and posts it with the signed challenge. No third party, no network,
// no cookie. Needs a secure context (HTTPS or localhost) for crypto.subtle.
/* global document, crypto, btoa */
(function () {
  'use strict';
  var widget = document.querySelector('.gh-pow-captcha');
  if (!widget) return;
  var field = document.getElementById('gh-captcha-response');
  var status = document.getElementById('gh-captcha-status');
  var form = widget.closest('form');
  var challenge;
  try {
    challenge = JSON.parse(widget.getAttribute('data-challenge'));
  } catch {
    return;
  }
  var params = challenge.parameters;
  var maxNumber = Number(widget.getAttribute('data-max-number')) || 10000000;

  function hexToBytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
  function bytesToHex(bytes) {
    var hex = '';
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return hex;
  }

  var salt = hexToBytes(params.salt);
  var nonce = hexToBytes(params.nonce);
  var buffer = new Uint8Array(salt.length + nonce.length + 4);
  buffer.set(salt, 0);
  buffer.set(nonce, salt.length);
  var view = new DataView(buffer.buffer);
  var prefix = String(params.keyPrefix).toLowerCase();
  var keyLength = params.keyLength || 32;
  var done = null;

  function setStatus(text) {
    if (status) status.textContent = text || '';
  }

  async function solve() {
    setStatus(widget.getAttribute('data-text-working'));
    for (var counter = 0; counter <= maxNumber * 2 && counter <= 0xffffffff; counter++) {
      view.setUint32(salt.length + nonce.length, counter, false);
      var digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
      var key = bytesToHex(digest.subarray(0, keyLength));
      if (key.indexOf(prefix) === 0) {
        field.value = btoa(JSON.stringify({ challenge: challenge, solution: { counter: counter, derivedKey: key } }));
        setStatus(widget.getAttribute('data-text-done'));
        widget.setAttribute('data-state', 'solved');
        return true;
      }
    }
    widget.setAttribute('data-state', 'failed');
    return false;
  }

  done = solve();
  if (form) {
    form.addEventListener('submit', function (event) {
      if (field.value) return;
      // Wait for the solution, then submit once.
      event.preventDefault();
      done.then(function () {
        form.submit();
      });
    });
  }
})();
