// htmx requests carry the CSRF token of the page (inline scripts are forbidden by the CSP)
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) { event.detail.headers[header.content] = token.content; }
});
// "use the suggested category": picks it in the select (no inline handlers under the CSP)
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-xf-pick]');
  if (!button) { return; }
  var select = document.getElementById('category');
  if (select) { select.value = button.getAttribute('data-xf-pick'); select.focus(); }
});
