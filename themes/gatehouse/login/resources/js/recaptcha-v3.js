// Score-based reCAPTCHA (v3 and Enterprise): asks for a token when the form is submitted and
// posts it in the hidden field; the server checks the score and the action.
/* global document, window */
(function () {
  'use strict';
  var widget = document.querySelector('.gh-recaptcha-v3');
  if (!widget) return;
  var field = document.getElementById('gh-captcha-response');
  var form = widget.closest('form');
  var siteKey = widget.getAttribute('data-sitekey');
  var action = widget.getAttribute('data-action') || 'register';
  if (!form) return;
  form.addEventListener('submit', function (event) {
    if (field.value) return;
    event.preventDefault();
    var api = widget.getAttribute('data-enterprise') === 'true' ? window.grecaptcha && window.grecaptcha.enterprise : window.grecaptcha;
    if (!api) return form.submit();
    api.ready(function () {
      api.execute(siteKey, { action: action }).then(function (token) {
        field.value = token;
        form.submit();
      });
    });
  });
})();
