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

// Drafts that survive a stairwell: a form with data-xf-draft keeps what is typed on the phone (localStorage), brings
// it back when the page is opened again, and when there is no connection holds the submission and sends it when
// the connection returns. The form's idempotency key goes with the draft, so a form sent twice is filed once.
(function () {
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (e) {
      return e.name && e.name !== '_csrf' && e.type !== 'file' && e.type !== 'password' && e.type !== 'submit'
        && (e.type !== 'hidden' || e.name === 'idempotencyKey' || e.name === 'key');
    });
  }
  function save(form, key) {
    var draft = {};
    fields(form).forEach(function (e) {
      if (e.type === 'radio' || e.type === 'checkbox') { if (e.checked) { draft[e.name] = e.value; } }
      else { draft[e.name] = e.value; }
    });
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (ignored) { /* storage full or off */ }
  }
  function note(form, text) {
    var box = form.querySelector('[data-xf-draft-note]');
    if (box && text) { box.textContent = text; box.classList.remove('d-none'); }
  }
  function restore(form, key) {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (ignored) { return; }
    if (!raw) { return; }
    var draft = JSON.parse(raw);
    var typed = false;
    fields(form).forEach(function (e) {
      if (!(e.name in draft)) { return; }
      if (e.type === 'radio' || e.type === 'checkbox') { e.checked = draft[e.name] === e.value; }
      else { e.value = draft[e.name]; if (e.type !== 'hidden' && draft[e.name]) { typed = true; } }
    });
    if (typed) { note(form, form.getAttribute('data-xf-draft-restored')); }
  }
  // a draft is done when the page after its form is shown: another page, or the same one with its success message
  // (a proposal or an objection comes back to the page it was sent from). The same page without one is the form
  // again: refused, or opened anew after the line dropped, so the draft stays.
  var succeeded = document.querySelector('.alert-success[role=status]') !== null;
  Object.keys(sessionStorage).forEach(function (k) {
    if (k.indexOf('xf-draft-sent:') === 0 && (location.pathname !== sessionStorage.getItem(k) || succeeded)) {
      try { localStorage.removeItem(k.substring('xf-draft-sent:'.length)); } catch (ignored) { /* nothing */ }
      sessionStorage.removeItem(k);
    }
  });
  document.querySelectorAll('form[data-xf-draft]').forEach(function (form) {
    var key = 'xf-draft:' + form.getAttribute('data-xf-draft');
    // a page with errors from the server shows what was sent: that is the draft now
    if (form.querySelector('.is-invalid, .alert-danger')) { save(form, key); } else { restore(form, key); }
    form.addEventListener('input', function () { save(form, key); });
    form.addEventListener('change', function () { save(form, key); });
    form.addEventListener('submit', function (event) {
      save(form, key);
      if (navigator.onLine === false) {
        event.preventDefault();
        note(form, form.getAttribute('data-xf-draft-offline'));
        window.addEventListener('online', function again() {
          window.removeEventListener('online', again);
          note(form, form.getAttribute('data-xf-draft-sending'));
          sessionStorage.setItem('xf-draft-sent:' + key, location.pathname);
          form.submit();
        });
        return;
      }
      sessionStorage.setItem('xf-draft-sent:' + key, location.pathname);
    });
  });
})();

// Photos are made smaller on the phone before they go up a slow line: at most data-xf-resize pixels on the long
// side, as JPEG. A picture already small enough, or a browser that cannot, sends the original.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches || !input.matches('input[type=file][data-xf-resize]') || input.dataset.xfResized === '1') { return; }
  var max = parseInt(input.getAttribute('data-xf-resize'), 10) || 1600;
  var files = Array.prototype.slice.call(input.files || []);
  if (!files.length || typeof DataTransfer === 'undefined' || !window.createImageBitmap) { return; }
  Promise.all(files.map(function (file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (image) {
      var scale = Math.min(1, max / Math.max(image.width, image.height));
      if (scale === 1 && file.size < 600 * 1024) { return file; }
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size
            ? new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' }) : file);
        }, 'image/jpeg', 0.85);
      });
    }).catch(function () { return file; });
  })).then(function (smaller) {
    var list = new DataTransfer();
    smaller.forEach(function (f) { list.items.add(f); });
    input.dataset.xfResized = '1';
    input.files = list.files;
    input.dataset.xfResized = '';
    input.setAttribute('data-xf-resized-bytes', String(smaller.reduce(function (n, f) { return n + f.size; }, 0)));
  });
});

// Installable: the service worker keeps the shell and static files, and shows the offline page when a page cannot
// be loaded
if ('serviceWorker' in navigator) {
  window.addEventListener('load', function () { navigator.serviceWorker.register('/sw.js').catch(function () {}); });
}
