// The scanning page: where the browser can read QR codes (BarcodeDetector, on Chrome for Android), staff point the
// phone's camera at a resident's code and the form sends itself; everywhere else the code is typed.
(function () {
  var button = document.getElementById('start-camera');
  var video = document.getElementById('camera');
  var input = document.getElementById('code');
  var form = document.getElementById('scan-form');
  if (!button || !('BarcodeDetector' in window) || !navigator.mediaDevices) { return; }
  button.classList.remove('d-none');
  button.addEventListener('click', function () {
    var detector = new BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.classList.remove('d-none');
      button.classList.add('d-none');
      return video.play().then(function () {
        var look = function () {
          detector.detect(video).then(function (codes) {
            var found = codes.map(function (c) { return c.rawValue; }).filter(function (v) { return /^P\d+-[A-Z2-9]{6}$/i.test(v); });
            if (found.length > 0) {
              input.value = found[0];
              stream.getTracks().forEach(function (t) { t.stop(); });
              var fields = form.querySelectorAll('input[name^="value."]');
              if (fields.length > 0) { fields[0].focus(); } else { form.submit(); }
            } else {
              requestAnimationFrame(look);
            }
          }).catch(function () { requestAnimationFrame(look); });
        };
        look();
      });
    }).catch(function () { button.textContent = button.getAttribute('data-denied') || button.textContent; });
  });
})();
