/* Arbeidsflate, edit mode: drag a panel by its heading and drop it on another panel (seed 002,
   «ARBEIDSFLATE»). The new order is POSTed to the server, which validates and stores it; only then
   does the page change. The buttons «Flytt opp»/«Flytt ned» do the same without a mouse, so this
   script is an addition, never the only way (WCAG 2.1.1, 2.5.7). CSP: loaded from 'self' only. */
(function () {
  "use strict";

  const flate = document.querySelector(".paneler.redigering[data-rekkefolge-url]");
  if (!flate) return;
  const status = document.getElementById("arbeidsflate-status");
  let dratt = null;

  const paneler = () => Array.from(flate.querySelectorAll(":scope > [data-panel]"));
  const tittel = (panel) => panel.querySelector("h2").textContent.trim();

  function csrfToken() {
    const felt = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (felt) return felt.value;
    const treff = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return treff ? decodeURIComponent(treff[1]) : "";
  }

  function meld(tekst) {
    if (status) status.textContent = tekst;
  }

  /* After a move the first panel has no «Flytt opp» and the last no «Flytt ned», as rendered. */
  function oppdaterKnapper() {
    const alle = paneler();
    alle.forEach((panel, i) => {
      const opp = panel.querySelector("button[value=opp]");
      const ned = panel.querySelector("button[value=ned]");
      if (opp) opp.hidden = i === 0;
      if (ned) ned.hidden = i === alle.length - 1;
    });
  }

  function ryddOpp() {
    paneler().forEach((p) => p.classList.remove("dras", "slippmaal"));
  }

  async function lagre(rekkefolge) {
    const data = new URLSearchParams();
    rekkefolge.forEach((nokkel) => data.append("panel", nokkel));
    const svar = await fetch(flate.dataset.rekkefolgeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: data,
    });
    if (svar.status !== 204) {
      let melding = "Rekkefølgen ble ikke lagret. Last siden på nytt og prøv igjen.";
      try {
        melding = (await svar.json()).feil || melding;
      } catch (e) {
        /* not JSON (e.g. the login page after a timeout): keep the general message */
      }
      throw new Error(melding);
    }
  }

  flate.addEventListener("dragstart", (e) => {
    const overskrift = e.target.closest && e.target.closest("h2[draggable=true]");
    if (!overskrift) return;
    dratt = overskrift.closest("[data-panel]");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dratt.dataset.panel);
    dratt.classList.add("dras");
  });

  flate.addEventListener("dragover", (e) => {
    const maal = e.target.closest && e.target.closest("[data-panel]");
    if (!dratt || !maal || maal === dratt) return;
    e.preventDefault(); // allow the drop
    e.dataTransfer.dropEffect = "move";
    paneler().forEach((p) => p.classList.toggle("slippmaal", p === maal));
  });

  flate.addEventListener("dragleave", (e) => {
    const maal = e.target.closest && e.target.closest("[data-panel]");
    if (maal && !maal.contains(e.relatedTarget)) maal.classList.remove("slippmaal");
  });

  flate.addEventListener("drop", async (e) => {
    const maal = e.target.closest && e.target.closest("[data-panel]");
    const flyttet = dratt;
    dratt = null;
    ryddOpp();
    if (!flyttet || !maal || maal === flyttet) return;
    e.preventDefault();
    const for_ = paneler();
    // Dropped on a later panel: after it; on an earlier one: before it.
    const etter = for_.indexOf(flyttet) < for_.indexOf(maal);
    const ny = for_.filter((p) => p !== flyttet);
    ny.splice(ny.indexOf(maal) + (etter ? 1 : 0), 0, flyttet);
    try {
      await lagre(ny.map((p) => p.dataset.panel));
    } catch (feil) {
      meld(feil.message);
      return;
    }
    if (etter) maal.after(flyttet);
    else maal.before(flyttet);
    oppdaterKnapper();
    const plass = ny.indexOf(flyttet) + 1;
    meld(`${tittel(flyttet)} er flyttet til plass ${plass} av ${ny.length}. Rekkefølgen er lagret.`);
  });

  flate.addEventListener("dragend", () => {
    dratt = null;
    ryddOpp();
  });
})();
