// The week field (imdinett/uker.py, UkeInput): as the user types, show which week that is and its dates,
// «uke 2 2027 (11.01.2027–17.01.2027)», in the element the input's data-uke names. It reads the spellings
// imdinett.uker.tolk_uke reads, with the same rule for a week number alone (the next such week from this
// one); the server decides what is stored, and draws the same line with the page. Without this script the
// field is a plain text input that works the same.
(function () {
  "use strict";
  var NUMMER = /^(?:(?:uke|veke|u\.?)\s*)?([0-9]{1,2})(?:(?:\s*[\/.,-]\s*|\s+)([0-9]{4}))?$/i;
  var ISO = /^([0-9]{4})\s*-?\s*W\s*([0-9]{1,2})$/i;
  var AAR_OMKRING = 5;
  var DAG = 86400000;

  function mandagIUke1(aar) {
    // 4 January is always in week 1 (ISO 8601); dates are UTC midnight, so no DST shift.
    var jan4 = Date.UTC(aar, 0, 4);
    return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAG;
  }

  function isoUke(tid) {
    // [ISO year, week] of a UTC-midnight time
    var torsdag = tid + (3 - ((new Date(tid).getUTCDay() + 6) % 7)) * DAG;
    var aar = new Date(torsdag).getUTCFullYear();
    return [aar, Math.floor((torsdag - mandagIUke1(aar)) / (7 * DAG)) + 1];
  }

  function mandag(aar, uke) {
    // the Monday of the week, or null when the year has no such week
    if (uke < 1) return null;
    var tid = mandagIUke1(aar) + (uke - 1) * 7 * DAG;
    return isoUke(tid)[0] === aar ? tid : null;
  }

  function tolk(tekst, idag) {
    var t = tekst.trim();
    var treff = ISO.exec(t);
    var aar, uke;
    if (treff) {
      aar = +treff[1];
      uke = +treff[2];
    } else if ((treff = NUMMER.exec(t))) {
      uke = +treff[1];
      aar = treff[2] ? +treff[2] : null;
    } else {
      return null;
    }
    if (aar === null) {
      var denne = isoUke(idag);
      aar = denne[0] + (uke < denne[1] ? 1 : 0);
    } else if (Math.abs(aar - new Date(idag).getUTCFullYear()) > AAR_OMKRING) {
      return null;
    }
    return mandag(aar, uke);
  }

  function dato(tid) {
    var d = new Date(tid);
    var to = function (n) { return (n < 10 ? "0" : "") + n; };
    return to(d.getUTCDate()) + "." + to(d.getUTCMonth() + 1) + "." + d.getUTCFullYear();
  }

  function vis(felt) {
    var ut = document.getElementById(felt.getAttribute("data-uke"));
    if (!ut) return;
    var naa = new Date();
    var tid = tolk(felt.value, Date.UTC(naa.getFullYear(), naa.getMonth(), naa.getDate()));
    var tekst = "";
    if (tid !== null) {
      var uke = isoUke(tid);
      tekst = "uke " + uke[1] + " " + uke[0] + " (" + dato(tid) + "–" + dato(tid + 6 * DAG) + ")";
    }
    if (ut.textContent !== tekst) ut.textContent = tekst;
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input[data-uke]")) vis(e.target);
  });
})();
