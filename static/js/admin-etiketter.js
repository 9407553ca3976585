// Django's admin autocomplete (select2) names its combobox after the chosen value only, so an empty
// choice has no accessible name (axe: aria-input-field-name, WCAG 4.1.2). Name each combobox after its
// field's label, followed by the chosen value, on every page and in inline rows added later.
(function () {
  "use strict";
  function navngi() {
    document.querySelectorAll('.select2-selection[role="combobox"]:not([data-etikett])').forEach(function (boks) {
      var beholder = boks.closest(".select2");
      var felt = beholder && beholder.previousElementSibling;
      var etikett = felt && felt.id && document.querySelector('label[for="' + felt.id + '"]');
      var tekst = boks.querySelector('[role="textbox"]');
      if (!etikett || !tekst) return;
      etikett.id = etikett.id || felt.id + "-etikett";
      boks.setAttribute("aria-labelledby", etikett.id + " " + tekst.id);
      tekst.setAttribute("aria-labelledby", etikett.id);
      boks.setAttribute("data-etikett", "");
    });
  }
  new MutationObserver(navngi).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", navngi);
})();
