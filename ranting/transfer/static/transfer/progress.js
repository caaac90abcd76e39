// Import progress: poll the job's status every second and update the <progress> bar; when the
// job is no longer running, reload the page to show the result. Loaded only while it runs.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var label = document.getElementById("import-progress-label");
  if (!bar || !label || !window.fetch) { return; }
  var url = bar.getAttribute("data-status-url");
  var rowsWord = bar.getAttribute("data-rows-word") || "";
  var number = function (n) { return Number(n).toLocaleString("id-ID"); };

  function show(data) {
    if (data.total) {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
      label.textContent = data.label + " — " + number(data.done) + " / " + number(data.total) +
        " " + rowsWord + " (" + data.percent + "%)";
    } else {
      bar.removeAttribute("value");
      label.textContent = data.label;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.running) { window.location.reload(); return; }
        show(data);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
