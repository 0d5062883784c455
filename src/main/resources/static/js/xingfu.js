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
// 长辈模式's "back": one step back in the history when there is one, the home page otherwise (the link's own href)
document.addEventListener('click', function (event) {
  var back = event.target.closest('[data-xf-back]');
  if (!back || window.history.length < 2 || !document.referrer) { return; }
  event.preventDefault();
  window.history.back();
});
