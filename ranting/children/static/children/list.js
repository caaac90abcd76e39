// Choosing another posyandu shows its children at once. An inline onchange handler would be
// blocked by the Content-Security-Policy (script-src 'self'), so the page loads this instead.
(function () {
  "use strict";
  var select = document.getElementById("id_posyandu");
  if (!select || !select.form) { return; }
  select.addEventListener("change", function () { select.form.submit(); });
})();
