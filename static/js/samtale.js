// The interview's autosave (templates/mottak/samtale.html: htmx posts the section on every change) when it
// fails (#19 no. 12): the network down, the server stopped or answering an error. Then the status line says so
// at once, in its live region, instead of the last «Sist lagret» (which was about earlier text); the section is
// sent again after 2, 4, 8, 16 and then every 30 seconds, with everything typed since; and leaving the page
// while something is unsaved asks first. A rejected value (a message at the field) is an answer, not a failure.
// Without JavaScript the «Lagre» button posts the form.
(function () {
  "use strict";
  var PAUSER = [2, 4, 8, 16, 30];

  function oppsett(skjema) {
    var status = document.getElementById("lagret");
    var endret = false; // typed since the last answered save was sent
    var sendt = false; // a save is on its way with what was typed
    var feil = 0;
    var tidtaker = null;

    function vis(tekst) {
      var linje = document.getElementById("lagret") || status;
      linje.textContent = "";
      var span = document.createElement("span");
      span.className = "feiltekst";
      span.textContent = tekst;
      linje.appendChild(span);
    }

    skjema.addEventListener("submit", function () {
      // «Lagre» without htmx: the page itself posts everything, nothing to warn about
      endret = sendt = false;
      feil = 0;
    });
    skjema.addEventListener("input", function () { endret = true; });
    skjema.addEventListener("change", function () { endret = true; });
    skjema.addEventListener("htmx:beforeRequest", function () {
      sendt = endret;
      endret = false;
    });
    skjema.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.successful) {
        feil = 0;
        sendt = false;
        return;
      }
      endret = true; // nothing of this request was stored
      sendt = false;
      var pause = PAUSER[Math.min(feil, PAUSER.length - 1)];
      feil += 1;
      vis(
        (feil >= 3 ? "Lagring feilet. Det du har skrevet er ikke lagret ennå. " : "Ikke lagret. ") +
          "Prøver igjen om " + pause + " sekunder …"
      );
      clearTimeout(tidtaker);
      tidtaker = setTimeout(function () { htmx.trigger(skjema, "change"); }, pause * 1000);
    });
    window.addEventListener("beforeunload", function (e) {
      if (endret || sendt || feil) {
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
