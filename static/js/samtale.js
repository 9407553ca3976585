// The interview's autosave (templates/mottak/samtale.html: htmx posts the section on every change) when it
// fails (#19 no. 12): the network down, the server stopped or answering an error. Then the status line says so
// at once, in its live region, instead of the last «Sist lagret» (which was about earlier text); the section is
// sent again after 2, 4, 8, 16 and then every 30 seconds, with everything typed since; and leaving the page
// while something is unsaved asks first. What counts as saved is what the last answered request carried, so
// text typed while a save is on its way is never called saved (it goes in the next request). A rejected value
// (a message at the field) is an answer, not a failure. Without JavaScript the «Lagre» button posts the form.
(function () {
  "use strict";
  var PAUSER = [2, 4, 8, 16, 30];

  function oppsett(skjema) {
    function verdier() {
      return new URLSearchParams(new FormData(skjema)).toString();
    }
    var lagret = verdier(); // the page was drawn from what is stored
    var underveis = null; // what the save on its way carries
    var sendes = false; // «Lagre» posts the page itself
    var feil = 0;
    var tidtaker = null;

    function vis(tekst, klasse) {
      var linje = document.getElementById("lagret");
      linje.textContent = "";
      var span = document.createElement("span");
      span.className = klasse;
      span.textContent = tekst;
      linje.appendChild(span);
    }

    skjema.addEventListener("submit", function () { sendes = true; });
    skjema.addEventListener("htmx:beforeRequest", function () {
      clearTimeout(tidtaker); // this request is the retry
      underveis = verdier();
    });
    skjema.addEventListener("htmx:beforeSwap", function (e) {
      // 400: the server refused a value and says why at the field; sending it again would not help
      if (e.detail.xhr.status === 400) {
        e.detail.shouldSwap = true;
        e.detail.isError = false;
      }
    });
    skjema.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.successful) {
        feil = 0;
        lagret = underveis;
        // typed while this save was on its way: «Sist lagret» would be about the older text
        if (verdier() !== lagret) vis("Lagrer endringene …", "");
        return;
      }
      var pause = PAUSER[Math.min(feil, PAUSER.length - 1)];
      feil += 1;
      vis(
        (feil >= 3 ? "Lagring feilet. Det du har skrevet er ikke lagret ennå. Prøver" : "Ikke lagret – prøver") +
          " igjen om " + pause + " sekunder …",
        "feiltekst"
      );
      clearTimeout(tidtaker);
      tidtaker = setTimeout(function () { htmx.trigger(skjema, "change"); }, pause * 1000);
    });
    window.addEventListener("beforeunload", function (e) {
      if (!sendes && verdier() !== lagret) {
        e.preventDefault();
        e.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var skjema = document.querySelector("form.samtaleskjema[hx-post]");
    if (skjema) oppsett(skjema);
  });
})();
