// What an officer typed and did not save is kept in the browser, keyed by the page's path (plan and worksheet), so
// that an expired session, a dropped network or a page left by mistake does not lose it; back on the page, a banner
// offers it again. Works on the worksheet grid (form[data-worksheet-form]) and any form marked data-keep-typed.
// No inline scripts (CSP).
//
// Where: a worksheet that saves itself (its save bar has data-autosave-store, the user's id) keeps it in
// localStorage, under a key with the user's id: it must outlive the tab, since what autosave could not send yet (the
// network dropped) is lost otherwise when the officer closes the tab or the laptop, or the browser restarts; the user's
// id keeps one officer's text from being offered to another who signs in on the same computer, and a copy older than
// KEEP_DAYS is dropped. Other forms keep it in the tab's sessionStorage, gone with the tab. What the autosave has
// saved is no longer "typed" (event worksheet:autosaved from autosave.js): only what the server has not confirmed
// stays kept.
//
// What is kept: only the fields the officer changed since the page loaded (and rows added to the grid that have
// something typed in them), together with the hidden fields a save is compared against (the page's revision and
// load time, each row's hidden fields) as they were then, so a restored save merges against the version the
// officer saw and never passes stale text off as a change to a colleague's newer version.
//
// Rows: a saved row is found again by its id, wherever it now stands; a row added to the grid is added again with
// the table's "add a row" button and filled. Text of a row a colleague deleted in the meantime cannot be put back:
// the banner says how many fields that leaves out.
//
// Clearing: submitting the form marks the kept text as sent; the page the save leads to clears it when it shows a
// success message, or when it shows exactly the kept text (a refused save hands the typed text back itself). A
// successful save therefore never brings old text back.
(function () {
  "use strict";

  const form = document.querySelector("form[data-worksheet-form], form[data-keep-typed]");
  const banner = document.querySelector("[data-keep-typed-banner]");
  if (!form) return;
  const owner = form.querySelector("[data-autosave-store]");
  const storage = lasting(owner) ? window.localStorage : window.sessionStorage;
  if (!storage) return;

  const STORE_KEY = "seimpact:typed:" + window.location.pathname + (owner ? ":" + owner.dataset.autosaveStore : "");
  const KEEP_DAYS = 14;
  const ROW_FIELD = /^(.+)-(\d+)-([^-]+)$/;
  const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  let restoring = false; // filling the form: keep once at the end, not field by field
  let pending = false; // an offer the officer has not answered: new typing does not replace it

  // --- reading the form ---------------------------------------------------------------------------------------

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      if (!element.name || element.disabled) return false;
      if (element.name === "csrfmiddlewaretoken" || MANAGEMENT.test(element.name)) return false;
      return !/^(submit|button|reset|file|image)$/.test(element.type || "");
    });
  }

  function valueOf(element) {
    if (element.type === "checkbox") return element.checked ? "on" : "";
    if (element.type === "radio") return element.checked ? element.value : null;
    return element.value;
  }

  function setValue(element, value) {
    if (element.type === "checkbox") element.checked = value === "on";
    else if (element.type === "radio") element.checked = element.value === value;
    else element.value = value;
  }

  // Where a field belongs: a saved row (by its id), a row added on the page (by its index), or the form itself.
  function placeOf(element) {
    const match = ROW_FIELD.exec(element.name);
    const row = element.closest("tr[data-row]");
    if (!match || !row) return { kind: "form", name: element.name };
    const table = match[1];
    const index = match[2];
    const idInput = form.elements.namedItem(table + "-" + index + "-id");
    const id = idInput && idInput.value ? idInput.value : "";
    return { kind: id ? "saved" : "new", table: table, index: Number(index), id: id, field: match[3] };
  }

  function placeKey(place) {
    if (place.kind === "form") return "form|" + place.name;
    if (place.kind === "saved") return "saved|" + place.table + "|" + place.id + "|" + place.field;
    return "new|" + place.table + "|" + place.index + "|" + place.field;
  }

  function snapshot() {
    const values = {};
    fields().forEach(function (element) {
      const value = valueOf(element);
      if (value !== null) values[placeKey(placeOf(element))] = value;
    });
    return values;
  }

  const loaded = snapshot(); // the page as the server sent it

  // --- keeping --------------------------------------------------------------------------------------------------

  function typed() {
    const changed = [];
    const hidden = {};
    fields().forEach(function (element) {
      const place = placeOf(element);
      const key = placeKey(place);
      if (element.type === "hidden") {
        if (place.field !== "position" && key in loaded) hidden[key] = loaded[key];
        return;
      }
      if (element.validity && element.validity.badInput) return; // a half-typed date reads "": nothing to keep
      const value = valueOf(element);
      if (value === null) return;
      const isNew = !(key in loaded);
      if (isNew ? value === "" || place.field === "DELETE" : value === loaded[key]) return;
      changed.push(Object.assign({ value: value }, place));
    });
    // The hidden fields of the form and of the rows that were changed, as loaded.
    const rows = {};
    changed.forEach(function (field) {
      if (field.kind === "saved") rows[field.table + "|" + field.id] = true;
    });
    const base = {};
    Object.keys(hidden).forEach(function (key) {
      const parts = key.split("|");
      if (parts[0] === "form" || (parts[0] === "saved" && rows[parts[1] + "|" + parts[2]])) base[key] = hidden[key];
    });
    return { fields: changed, base: base };
  }

  function lasting(element) {
    try {
      return Boolean(element && window.localStorage);
    } catch (error) {
      return false; // storage refused (a browser's privacy setting): the tab's storage then
    }
  }

  function read() {
    try {
      const kept = JSON.parse(storage.getItem(STORE_KEY) || "null");
      if (kept && kept.at && Date.now() - kept.at > KEEP_DAYS * 86400000) {
        storage.removeItem(STORE_KEY);
        return null;
      }
      return kept;
    } catch (error) {
      return null;
    }
  }

  function keep(extra) {
    if (restoring || pending) return true;
    const state = typed();
    try {
      if (!state.fields.length) {
        storage.removeItem(STORE_KEY);
      } else {
        storage.setItem(STORE_KEY, JSON.stringify(Object.assign(state, { submitted: false, at: Date.now() }, extra)));
      }
      return true;
    } catch (error) {
      return false; // storage full or refused: the browser's own warning before leaving still applies
    }
  }

  function forget() {
    storage.removeItem(STORE_KEY);
  }

  form.addEventListener("input", function () {
    keep();
  });
  form.addEventListener("change", function () {
    keep();
  });
  form.addEventListener("submit", function () {
    pending = false; // saving without restoring: the page's content was chosen over the offered text
    keep({ submitted: true });
  });
  // The autosave saved: the values it confirmed (detail.confirmed, a Map of element -> the value stored now) are the
  // page's new starting point, as are the hidden fields it updated (revision, ids, base digests; rows renumbered).
  form.addEventListener("worksheet:autosaved", function (event) {
    const confirmed = event.detail && event.detail.confirmed;
    fields().forEach(function (element) {
      const key = placeKey(placeOf(element));
      if (confirmed && confirmed.has(element)) loaded[key] = confirmed.get(element);
      else if (element.type === "hidden") loaded[key] = element.value;
    });
    if (!pending) keep();
  });

  // An htmx answer that sends the browser elsewhere (the session expired: the login page): keep what was typed,
  // and skip the "leave the page?" question, which would only stand between the officer and the login page. The
  // browser calls the page's beforeunload listeners in the order they were added: this script is loaded before
  // the worksheet's own (base.html), so this listener comes first and can stop the question.
  let keptForRedirect = false;
  window.addEventListener("beforeunload", function (event) {
    if (keptForRedirect) event.stopImmediatePropagation();
  });
  form.addEventListener("worksheet:leaving", function () {
    keptForRedirect = keep(); // the autosave's link to the login page: the session ended
  });
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    const xhr = event.detail && event.detail.xhr;
    if (!xhr || !xhr.getResponseHeader("HX-Redirect")) return;
    keptForRedirect = keep();
  });

  // --- offering it back -------------------------------------------------------------------------------------------

  function elementFor(field) {
    if (field.kind === "form") return form.elements.namedItem(field.name);
    if (field.kind === "saved") {
      const idInput = Array.prototype.find.call(form.querySelectorAll("input[name$='-id']"), function (input) {
        const name = ROW_FIELD.exec(input.name);
        return name && name[1] === field.table && name[3] === "id" && input.value === field.id;
      });
      if (!idInput) return null;
      const prefix = ROW_FIELD.exec(idInput.name);
      return form.elements.namedItem(prefix[1] + "-" + prefix[2] + "-" + field.field);
    }
    return null; // a row added on the page: added again on restoring
  }

  function single(element) {
    // namedItem gives a RadioNodeList for radios: the one to set is chosen by value in setValue.
    return element && element.length !== undefined && !element.tagName ? Array.prototype.slice.call(element) : [element];
  }

  function differs(kept) {
    return kept.fields.some(function (field) {
      const element = elementFor(field);
      if (!element) return true;
      return single(element).every(function (one) {
        return valueOf(one) !== field.value;
      });
    });
  }

  function fill(element, value) {
    single(element).forEach(function (one) {
      setValue(one, value);
      one.dispatchEvent(new Event("input", { bubbles: true }));
      one.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function addRow(table) {
    return new Promise(function (resolve) {
      const button = form.querySelector('[data-add-row="' + table + '"]');
      if (!button || !window.htmx) {
        resolve(null);
        return;
      }
      const done = function (event) {
        button.removeEventListener("htmx:afterRequest", done);
        const tbody = document.getElementById("rows-" + table);
        const rows = tbody ? tbody.querySelectorAll(":scope > tr[data-row]") : [];
        resolve(event.detail.successful && rows.length ? rows[rows.length - 1] : null);
      };
      button.addEventListener("htmx:afterRequest", done);
      button.click();
    });
  }

  async function restore(kept) {
    restoring = true;
    let missing = 0;
    Object.keys(kept.base || {}).forEach(function (key) {
      const parts = key.split("|");
      let element = null;
      if (parts[0] === "form") element = form.elements.namedItem(parts[1]);
      else element = elementFor({ kind: "saved", table: parts[1], id: parts[2], field: parts[3] });
      if (element && element.type === "hidden") {
        element.value = kept.base[key];
        loaded[key] = kept.base[key]; // kept again with this base, should the text have to be kept once more
      }
    });
    kept.fields.forEach(function (field) {
      if (field.kind === "new") return;
      const element = elementFor(field);
      if (element) fill(element, field.value);
      else missing += 1;
    });
    const added = {};
    kept.fields.forEach(function (field) {
      if (field.kind !== "new") return;
      const rows = (added[field.table] = added[field.table] || {});
      (rows[field.index] = rows[field.index] || []).push(field);
    });
    for (const table of Object.keys(added)) {
      const indexes = Object.keys(added[table]).sort(function (a, b) {
        return a - b;
      });
      for (const index of indexes) {
        const row = await addRow(table);
        added[table][index].forEach(function (field) {
          const name = row && table + "-" + row.dataset.formIndex + "-" + field.field;
          const element = row && form.elements.namedItem(name);
          if (element) fill(element, field.value);
          else missing += 1;
        });
      }
    }
    restoring = false;
    keep();
    return missing;
  }

  function offer() {
    const kept = read();
    if (!kept || !Array.isArray(kept.fields)) return;
    // The answer to the submit itself (saved, a conflict to resolve, fields to correct) already shows what was
    // typed, with the current revision and base: offering the kept text would bring back the old ones.
    const answered = document.querySelector(".messages .alert-success, .messages .alert-danger, #conflict");
    if ((kept.submitted && answered) || !differs(kept)) {
      forget();
      return;
    }
    if (!banner) return;
    const restoreButton = banner.querySelector("[data-keep-typed-restore]");
    const discardButton = banner.querySelector("[data-keep-typed-discard]");
    banner.hidden = false;
    pending = true;
    restoreButton.addEventListener("click", async function () {
      restoreButton.disabled = discardButton.disabled = true;
      pending = false;
      const missing = await restore(kept);
      banner.querySelector("[data-keep-typed-offer]").hidden = true;
      banner.querySelector("[data-keep-typed-restored]").hidden = false;
      if (missing) {
        banner.querySelector("[data-keep-typed-missing]").hidden = false;
        banner.querySelector("[data-keep-typed-missing-count]").textContent = String(missing);
      }
      restoreButton.hidden = discardButton.hidden = true;
    });
    discardButton.addEventListener("click", function () {
      pending = false;
      forget();
      keep(); // what was typed since the offer appeared
      banner.hidden = true;
    });
  }

  offer();
})();
