// Autosave of the worksheet grid: what the officer changes is saved a moment after they stop typing (DELAY), or
// after they leave the cell, tick a box, move or add a row (LEAVE), through the page's own forms and the same
// cell-level merge as the Save button (POST to the save bar's data-autosave, answered with JSON:
// worksheets/views/autosave.py).
// No inline scripts (CSP).
//
// One save is in flight at a time; changes made meanwhile go in the next. The save bar says where things stand
// (role=status, polite): saving, saved at what time, not saved and retrying (no network, a server error: again after
// 2, 4, 8 … 60 s, and at once when the browser is back online), fields to correct (marked as the server marks
// them), a conflict with a colleague's change (the Save button then shows both values), the session ended. Every
// text comes from the server in the officer's language (the save bar's data attributes, the answer's message).
//
// After a save the page goes on from the answer: the worksheet's revision, each row's id (new rows get theirs) and
// base digests, and the stored value of every cell a colleague changed meanwhile (shown instead of the page's stale
// one, so the next save never writes over it). A cell typed in while the save was under way keeps its old digest,
// so a colleague's change to that very cell still comes out as a conflict. Rows are then numbered again as Django's
// formsets want them (saved rows first, in their stored order), so the Save button keeps working; a row deleted is
// removed from the grid, with a note.
//
// Nothing typed is lost: until the server has confirmed it, it stays in the page (and is sent again), and in the
// browser's storage (keep-typed.js, which this script tells what the server confirmed: event worksheet:autosaved).
// worksheet.js warns before leaving while anything is unconfirmed (event worksheet:saved ends that).
(function () {
  "use strict";

  const form = document.querySelector("form[data-worksheet-form]");
  const bar = form && form.querySelector("[data-autosave]");
  if (!form || !bar || !window.fetch || !window.FormData) return;

  const status = bar.querySelector("[data-autosave-status]");
  const announcer = bar.querySelector("[data-autosave-announce]");
  let announced = ""; // the first "Saved" is heard: the officer learns that the worksheet saves itself

  // An unfinished date (a part deleted, an impossible day) reads as "" while the browser knows it is bad input:
  // posting it would erase the stored date. Neither the Save button nor an autosave posts while one is on the page.
  form.addEventListener(
    "submit",
    function (event) {
      const bad = badInputs();
      if (!bad.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      markBadInputs(bad);
      show("invalid", text("invalid"), { focus: bad[0] });
      focusField(bad[0]);
    },
    true,
  );

  if (document.getElementById("conflict")) {
    // A collision to resolve: the officer chooses, then presses Save; nothing saves itself meanwhile.
    show("paused", text("paused"));
    return;
  }
  const DELAY = 1500; // ms after the last keystroke
  // ms after leaving a cell, ticking a box, choosing from a list, moving or adding a row: a moment, reset by the next
  // of these, so that leaving a cell for Delete, the next cell or another move goes in one save with it
  const LEAVE = 800;
  const MAX_RETRY = 60000;
  const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  const ROW_ATTRIBUTES = [
    "name",
    "id",
    "for",
    "aria-describedby",
    "aria-labelledby",
    "aria-controls",
    "data-use-theirs",
    "headers",
  ];

  let generation = 0; // changes made on the page
  let confirmed = 0; // the changes the server has confirmed
  let inFlight = false;
  let timer = null;
  let retryDelay = 0;
  let halted = false; // a conflict, the session ended, no right to save any more, or the page is being submitted
  let changedInFlight = false;
  let submitAfter = null;

  // --- the save bar ---------------------------------------------------------------------------------------------

  // Screen readers hear what needs the officer (trouble, a conflict, the end of the session) and the first "Saved"
  // after it, not every "Saving…" and "Saved" while they type: the visible state has no live region of its own.

  function announce(state, text) {
    if (!announcer || state === "saving" || (state === "saved" && announced === "saved")) return;
    announced = state;
    announcer.textContent = text;
  }

  function show(state, text, link) {
    if (!status) return;
    announce(state, text);
    status.dataset.state = state;
    const tone = {
      saving: "text-body-secondary",
      saved: "text-body-secondary",
      retrying: "text-warning-emphasis",
      paused: "text-warning-emphasis",
    };
    status.className = "small ws-autosave ws-autosave-" + state + " " + (tone[state] || "text-danger");
    status.textContent = text;
    if (link && link.focus) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0 align-baseline";
      button.textContent = link.text || bar.dataset.goTo || "";
      button.addEventListener("click", function () {
        focusField(link.focus);
      });
      status.append(" ", button);
    } else if (link) {
      const anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      anchor.addEventListener("click", function () {
        form.dispatchEvent(new CustomEvent("worksheet:leaving", { bubbles: true }));
      });
      status.append(" ", anchor);
    }
  }

  function text(name) {
    return bar.dataset[name] || "";
  }

  function focusField(field) {
    if (!field || !field.isConnected) return;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  // The first field marked to correct (or the first field of the first row marked), for the bar's "Go to the field".
  function firstMarked() {
    const field = form.querySelector(".is-invalid");
    if (field) return field;
    const row = form.querySelector("tr.ws-row-invalid");
    return row && row.querySelector("input:not([type=hidden]), select, textarea");
  }

  // --- unfinished input the browser cannot give a value for -------------------------------------------------------

  // Each input's value as last saved (or as loaded): what a half-typed date is sent as.
  const settled = new Map();
  form.querySelectorAll("input").forEach(function (input) {
    settled.set(input, input.value);
  });

  function badInputs() {
    return Array.prototype.filter.call(form.querySelectorAll("input"), function (input) {
      return !input.disabled && input.validity && input.validity.badInput;
    });
  }

  function clearBadInputs() {
    form.querySelectorAll("[data-autosave-bad-input-error]").forEach(function (element) {
      element.remove();
    });
    form.querySelectorAll("[data-autosave-bad-input]").forEach(function (field) {
      field.removeAttribute("data-autosave-bad-input");
      unmarkField(field);
    });
  }

  function markBadInputs(bad) {
    clearBadInputs();
    bad.forEach(function (field) {
      field.setAttribute("data-autosave-bad-input", "");
      const block = markField(field, text("badInput"));
      if (block) block.setAttribute("data-autosave-bad-input-error", "");
    });
  }

  // --- what changed -----------------------------------------------------------------------------------------------

  function changed(delay) {
    generation += 1;
    if (inFlight) changedInFlight = true;
    schedule(delay);
  }

  function schedule(delay) {
    if (halted) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function counts(target) {
    return target && target.name && !MANAGEMENT.test(target.name) && target.name !== "csrfmiddlewaretoken";
  }

  form.addEventListener("input", function (event) {
    if (counts(event.target)) changed(DELAY);
  });
  form.addEventListener("change", function (event) {
    if (counts(event.target)) changed(LEAVE);
  });
  form.addEventListener("focusout", function (event) {
    leftRow(event);
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosave-bad-input") && !event.target.validity.badInput) {
      changed(LEAVE); // cleared or completed without an input event
      return;
    }
    if (!counts(event.target) || generation === confirmed || inFlight) return;
    // Left for the Save button: that save takes the change (and says what it saved); else saved in a moment.
    const next = event.relatedTarget;
    schedule(next && next.form === form && next.type === "submit" ? DELAY : LEAVE);
  });
  // A row moved or added, or anything else the grid (worksheet.js) changes without an input event.
  form.addEventListener("worksheet:changed", function () {
    changed(LEAVE);
  });
  // Adding a row asks the server for its form (htmx, worksheet.js): without network nothing would happen.
  ["htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      const element = event.detail && event.detail.elt;
      if (element && element.closest && element.closest("[data-add-row]")) show("add-failed", text("addFailed"));
    });
  });
  // Leaving the page (closing the tab, switching away on a phone) with a save pending: sent now, as a request the
  // browser completes after the page is gone. The browser's copy stays until a confirmed answer clears it.
  function flush() {
    if (!halted && !inFlight && generation !== confirmed) save({ keepalive: true });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("online", function () {
    if (generation !== confirmed) {
      retryDelay = 0;
      schedule(0);
    }
  });

  // The Save button: not while an autosave is under way (its answer gives new rows their ids, which the page must
  // send, or they would be added twice); once it is back, the page is submitted as the officer asked.
  form.addEventListener(
    "submit",
    function (event) {
      if (inFlight) {
        event.preventDefault();
        event.stopImmediatePropagation();
        submitAfter = event.submitter || form.querySelector("[type=submit]");
        return;
      }
      halted = true;
      window.clearTimeout(timer);
    },
    true,
  );

  // --- reading and writing the form -------------------------------------------------------------------------------

  function valueOf(element) {
    if (element.type === "checkbox") return element.checked ? "on" : "";
    if (element.type === "radio") return element.checked ? element.value : null;
    return element.value;
  }

  function named(name) {
    const element = form.elements.namedItem(name);
    if (element && !element.tagName && element.length !== undefined) return Array.prototype.slice.call(element);
    return element ? [element] : [];
  }

  function currentValue(name) {
    const values = named(name)
      .map(valueOf)
      .filter(function (value) {
        return value !== null;
      });
    return values.length ? values[0] : "";
  }

  function setValue(name, value) {
    named(name).forEach(function (element) {
      if (element.type === "checkbox") element.checked = value === "on";
      else if (element.type === "radio") element.checked = element.value === value;
      else element.value = value;
    });
  }

  function snapshot() {
    const values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled) return;
      const value = valueOf(element);
      if (value !== null) values[element.name] = value;
    });
    return values;
  }

  function rowOf(prefix) {
    const cut = prefix.lastIndexOf("-");
    const tbody = document.getElementById("rows-" + prefix.slice(0, cut));
    if (!tbody) return null;
    return tbody.querySelector(':scope > tr[data-row][data-form-index="' + prefix.slice(cut + 1) + '"]');
  }

  function parseBase(value) {
    const digests = {};
    (value || "").split(";").forEach(function (part) {
      const at = part.indexOf("=");
      if (at > 0) digests[part.slice(0, at)] = part.slice(at + 1);
    });
    return digests;
  }

  // --- saving -----------------------------------------------------------------------------------------------------

  const KEEPALIVE_LIMIT = 60000; // bytes: browsers refuse keepalive bodies over 64 KB in all

  async function save(options) {
    const keepalive = Boolean(options && options.keepalive);
    window.clearTimeout(timer);
    timer = null;
    if (halted || inFlight || generation === confirmed) return;
    // A half-typed date reads as "" in the browser: it is sent with its last saved value instead (so it is neither
    // erased nor holds up the other cells), marked until it is completed or cleared.
    const bad = badInputs();
    if (bad.length) markBadInputs(bad);
    else clearBadInputs();
    const sent = generation;
    const posted = snapshot();
    let body = new FormData(form);
    bad.forEach(function (input) {
      const value = settled.has(input) ? settled.get(input) : "";
      body.set(input.name, value);
      posted[input.name] = value;
    });
    const sentValues = new Map();
    form.querySelectorAll("input").forEach(function (input) {
      sentValues.set(input, bad.indexOf(input) >= 0 ? posted[input.name] : input.value);
    });
    if (keepalive) {
      const encoded = new URLSearchParams();
      body.forEach(function (value, name) {
        if (typeof value === "string") encoded.append(name, value);
      });
      body = encoded.toString();
      if (new Blob([body]).size > KEEPALIVE_LIMIT) return; // too large: the browser's copy keeps it
    }
    inFlight = true;
    changedInFlight = false;
    show("saving", text("saving"));
    let response = null;
    let answer = null;
    try {
      response = await fetch(bar.dataset.autosave, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        keepalive: keepalive,
        headers: keepalive
          ? { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" }
          : { Accept: "application/json" },
      });
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
        answer = await response.json();
      }
    } catch (error) {
      response = null; // no network, or the answer broke off
    }
    inFlight = false;
    handle(response, answer, sent, posted, sentValues);
    if (submitAfter) {
      const submitter = submitAfter;
      submitAfter = null;
      if (form.requestSubmit) form.requestSubmit(submitter.form === form ? submitter : undefined);
      else form.submit();
    }
  }

  function handle(response, answer, sent, posted, sentValues) {
    if (response && (response.type === "opaqueredirect" || response.status === 401)) {
      halted = true; // signed out (a redirect: the session's CSRF check sent us to the login page)
      const login = (answer && answer.login) || window.location.pathname;
      show("signed-out", text("signedOut"), { href: login, text: text("logIn") });
      return;
    }
    if (response && !answer && response.status !== 200 && response.status < 500) {
      halted = true; // not found any more, the page's CSRF token no longer valid (signed in again elsewhere): reload
      show("expired", text("expired"));
      return;
    }
    if (!response || response.status >= 500 || !answer) {
      retryDelay = Math.min(Math.max(2000, retryDelay * 2), MAX_RETRY);
      show("retrying", text("retrying"));
      schedule(retryDelay);
      return;
    }
    retryDelay = 0;
    if (response.status === 200 && answer && answer.state === "saved") {
      clearErrors();
      const unfinished = pendingRows(answer.pending || {}); // before apply numbers the rows again
      apply(answer, posted);
      confirmed = sent;
      if (sentValues) sentValues.forEach((value, input) => settled.set(input, value));
      const stillBad = badInputs();
      if (stillBad.length) markBadInputs(stillBad);
      pending = unfinished;
      pending.forEach(function (errors, row) {
        if (!row.contains(document.activeElement)) markPending(row);
      });
      let saved = text("saved").replace("%(time)s", answer.saved_at);
      if (answer.pending_message) saved += " · " + answer.pending_message;
      const first = firstPendingField();
      show("saved", saved, first ? { focus: first } : null);
      const notes = (answer.notes || []).join(" ");
      if (notes) status.append(" " + notes);
      if (generation !== confirmed) schedule(DELAY);
      else if (!pending.size) form.dispatchEvent(new CustomEvent("worksheet:saved", { bubbles: true }));
      return;
    }
    if (response.status === 409 && answer && answer.state === "conflict") {
      halted = true;
      show("conflict", answer.message || text("conflict"));
      return;
    }
    if (answer && answer.errors) {
      clearErrors();
      markErrors(answer);
      pending = pendingRows(answer.pending || {});
      pending.forEach(function (errors, row) {
        if (!row.contains(document.activeElement)) markPending(row);
      });
      const first = firstMarked();
      show("invalid", response.status === 400 ? text("invalid") : answer.message, first ? { focus: first } : null);
      return; // saved again when the officer changes something
    }
    halted = response.status === 403;
    const first = firstMarked();
    show("refused", (answer && answer.message) || text("expired"), first && !halted ? { focus: first } : null);
  }

  // --- new rows still being filled --------------------------------------------------------------------------------

  // New rows the server set aside (they do not validate yet): row element -> [[field name after the row's prefix, or
  // "" for the row's own errors, message]]. Marked once the officer has left the row, not while they fill it.
  let pending = new Map();

  function pendingRows(answered) {
    const rows = new Map();
    Object.keys(answered).forEach(function (prefix) {
      const row = rowOf(prefix);
      if (!row) return;
      const errors = Object.keys(answered[prefix]).map(function (id) {
        const start = "id_" + prefix + "-";
        return [id.indexOf(start) === 0 ? id.slice(start.length) : "", answered[prefix][id]];
      });
      rows.set(row, errors);
    });
    return rows;
  }

  function fieldOf(row, name) {
    const tbody = row.parentElement;
    const key = tbody && tbody.id.replace(/^rows-/, "");
    return name ? document.getElementById("id_" + key + "-" + row.dataset.formIndex + "-" + name) : null;
  }

  function firstPendingField() {
    let first = null;
    pending.forEach(function (errors, row) {
      if (first || !row.isConnected) return;
      errors.forEach(function (error) {
        first = first || fieldOf(row, error[0]);
      });
      first = first || row.querySelector("input:not([type=hidden]), select, textarea");
    });
    return first;
  }

  function markPending(row) {
    const errors = pending.get(row);
    if (!errors || row.classList.contains("ws-row-invalid")) return;
    row.classList.add("ws-row-invalid");
    errors.forEach(function (error) {
      const field = fieldOf(row, error[0]);
      const cell = row.querySelector("td");
      if (field) markField(field, error[1]);
      else if (cell) cell.append(feedback("", error[1], "ws-row-error"));
    });
  }

  function leftRow(event) {
    const row = event.target.closest && event.target.closest("tr[data-row]");
    if (!row || !pending.has(row)) return;
    if (event.relatedTarget && row.contains(event.relatedTarget)) return;
    markPending(row);
  }

  // --- fields to correct ----------------------------------------------------------------------------------------

  function clearErrors() {
    form.querySelectorAll("[data-autosave-error], .ws-row-error, .invalid-feedback[id$='_errors']").forEach(
      function (element) {
        element.remove();
      },
    );
    form.querySelectorAll(".is-invalid").forEach(function (element) {
      element.classList.remove("is-invalid");
      element.removeAttribute("aria-invalid");
      const described = (element.getAttribute("aria-describedby") || "")
        .split(/\s+/)
        .filter(function (id) {
          return id && id !== element.id + "_errors";
        });
      if (described.length) element.setAttribute("aria-describedby", described.join(" "));
      else element.removeAttribute("aria-describedby");
    });
    form.querySelectorAll("tr.ws-row-invalid").forEach(function (row) {
      row.classList.remove("ws-row-invalid");
    });
  }

  function feedback(id, message, extra) {
    const block = document.createElement("div");
    block.className = "invalid-feedback d-block" + (extra ? " " + extra : "");
    if (id) block.id = id;
    block.dataset.autosaveError = "";
    block.textContent = message;
    return block;
  }

  // Marks ``field`` as to be corrected with ``message`` below it; returns the message's element.
  function markField(field, message) {
    const id = field.id;
    const old = document.getElementById(id + "_errors");
    if (old) old.remove();
    field.classList.add("is-invalid");
    field.setAttribute("aria-invalid", "true");
    const described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (other) {
      return other && other !== id + "_errors";
    });
    field.setAttribute("aria-describedby", [id + "_errors"].concat(described).join(" "));
    const after = field.nextElementSibling && field.nextElementSibling.id === id + "_note" ? field.nextElementSibling : field;
    const block = feedback(id + "_errors", message);
    after.after(block);
    const row = field.closest("tr[data-row]");
    if (row) row.classList.add("ws-row-invalid");
    return block;
  }

  function unmarkField(field) {
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
    const described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== field.id + "_errors";
    });
    if (described.length) field.setAttribute("aria-describedby", described.join(" "));
    else field.removeAttribute("aria-describedby");
    const row = field.closest("tr[data-row]");
    if (row && !row.querySelector(".is-invalid, .ws-row-error")) row.classList.remove("ws-row-invalid");
  }

  function markErrors(answer) {
    Object.keys(answer.errors || {}).forEach(function (id) {
      const field = document.getElementById(id);
      if (field) markField(field, answer.errors[id]);
    });
    Object.keys(answer.row_errors || {}).forEach(function (prefix) {
      const row = prefix && rowOf(prefix);
      const cell = row && row.querySelector("td");
      if (!cell) return;
      row.classList.add("ws-row-invalid");
      answer.row_errors[prefix].forEach(function (message) {
        cell.append(feedback("", message, "ws-row-error"));
      });
    });
  }

  // --- going on from a save ---------------------------------------------------------------------------------------

  // One form's new starting point: its base digests (a cell typed in meanwhile keeps its old one) and the cells a
  // colleague changed (shown, unless typed in meanwhile). ``done``: element -> value the server now holds.
  function takeIn(baseName, info, posted, done) {
    const baseInputs = named(baseName);
    if (!baseInputs.length) return;
    const prefix = baseName.slice(0, -"base".length);
    const old = parseBase(baseInputs[0].value);
    const parts = [];
    Object.keys(info.base).forEach(function (name) {
      const fieldName = prefix + name;
      const typedSince = currentValue(fieldName) !== (posted[fieldName] === undefined ? "" : posted[fieldName]);
      if (typedSince) {
        if (old[name]) parts.push(name + "=" + old[name]);
        return;
      }
      let value = posted[fieldName] === undefined ? "" : posted[fieldName];
      if (Object.prototype.hasOwnProperty.call(info.theirs, fieldName)) {
        value = info.theirs[fieldName];
        setValue(fieldName, value);
      }
      named(fieldName).forEach(function (element) {
        done.set(element, value);
      });
      parts.push(name + "=" + info.base[name]);
    });
    baseInputs[0].value = parts.join(";");
    done.set(baseInputs[0], baseInputs[0].value);
  }

  function apply(answer, posted) {
    const done = new Map();
    setValue("revision", String(answer.revision));
    setValue("loaded_at", answer.loaded_at);
    let removed = 0;
    Object.keys(answer.rows || {}).forEach(function (prefix) {
      const row = rowOf(prefix);
      if (!row) return;
      const info = answer.rows[prefix];
      const idName = prefix + "-id";
      if (info.deleted || info.gone) {
        const ticked = currentValue(prefix + "-DELETE") === "on";
        if ((info.deleted && ticked) || (info.gone && !typedInRow(row, posted))) {
          row.remove();
          removed += 1;
        } else {
          // Unticked (or typed in) while it was deleted: what the page shows is kept, as a new row.
          setValue(idName, "");
          setValue(prefix + "-base", "");
        }
        return;
      }
      setValue(idName, String(info.id));
      row.id = "row-" + prefix.slice(0, prefix.lastIndexOf("-")) + "-" + info.id; // as the server names it
      takeIn(prefix + "-base", info, posted, done);
    });
    Object.keys(answer.forms || {}).forEach(function (baseName) {
      takeIn(baseName, answer.forms[baseName], posted, done);
    });
    Object.keys(answer.order || {}).forEach(function (key) {
      renumber(key, answer.order[key]);
    });
    form.dispatchEvent(new CustomEvent("worksheet:autosaved", { bubbles: true, detail: { confirmed: done } }));
    if (removed) form.dispatchEvent(new CustomEvent("worksheet:rows-removed", { bubbles: true }));
  }

  function typedInRow(row, posted) {
    return Array.prototype.some.call(row.querySelectorAll("[name]"), function (element) {
      const value = valueOf(element);
      return value !== null && element.type !== "hidden" && value !== (posted[element.name] || "");
    });
  }

  // The table's rows as the formset wants them: saved rows first, in the stored order, then the new ones; the grid
  // also shows the stored order, unless the officer moved a row while the save was under way (their order is then
  // saved next).
  function renumber(key, order) {
    const tbody = document.getElementById("rows-" + key);
    const total = form.elements.namedItem(key + "-TOTAL_FORMS");
    const initial = form.elements.namedItem(key + "-INITIAL_FORMS");
    if (!tbody || !total || !initial) return;
    const rank = {};
    order.forEach(function (id, index) {
      rank[String(id)] = index;
    });
    const rows = Array.prototype.slice.call(tbody.querySelectorAll(":scope > tr[data-row]"));
    const idOf = function (row) {
      return currentValue(key + "-" + row.dataset.formIndex + "-id");
    };
    const saved = rows.filter(function (row) {
      return idOf(row) !== "" && rank[idOf(row)] !== undefined;
    });
    saved.sort(function (a, b) {
      return rank[idOf(a)] - rank[idOf(b)];
    });
    const fresh = rows.filter(function (row) {
      return saved.indexOf(row) < 0;
    });
    if (!changedInFlight && tbody.hasAttribute("data-rows")) showOrder(tbody, rows, saved);
    const renames = [];
    saved.concat(fresh).forEach(function (row, index) {
      if (String(index) !== row.dataset.formIndex) renames.push([row, row.dataset.formIndex, String(index)]);
    });
    renames.forEach(function (rename) {
      renameRow(rename[0], key, rename[1], rename[2]);
    });
    initial.value = String(saved.length);
    total.value = String(rows.length);
  }

  function showOrder(tbody, rows, saved) {
    const shownSaved = rows.filter(function (row) {
      return saved.indexOf(row) >= 0;
    });
    if (
      shownSaved.every(function (row, index) {
        return row === saved[index];
      })
    )
      return;
    // The stored order (a colleague moved rows): new rows stay after the row they followed.
    const follows = new Map();
    let previous = null;
    rows.forEach(function (row) {
      if (saved.indexOf(row) >= 0) previous = row;
      else follows.set(row, previous);
    });
    const sequence = [];
    rows.forEach(function (row) {
      if (saved.indexOf(row) < 0 && follows.get(row) === null) sequence.push(row);
    });
    saved.forEach(function (row) {
      sequence.push(row);
      rows.forEach(function (other) {
        if (follows.get(other) === row) sequence.push(other);
      });
    });
    sequence.forEach(function (row, index) {
      tbody.appendChild(row);
      const position = row.querySelector("input[data-position]");
      if (position) position.value = String(index + 1);
      const number = row.querySelector("[data-row-number]");
      if (number && tbody.hasAttribute("data-renumber")) number.textContent = String(index + 1);
    });
  }

  function renameRow(row, key, from, to) {
    const pattern = new RegExp("(^|\\s|id_)" + key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-" + from + "-", "g");
    const replacement = "$1" + key + "-" + to + "-";
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (element) {
      ROW_ATTRIBUTES.forEach(function (attribute) {
        const value = element.getAttribute(attribute);
        if (value && value.indexOf(key + "-" + from + "-") >= 0) {
          element.setAttribute(attribute, value.replace(pattern, replacement));
        }
      });
    });
    row.dataset.formIndex = to;
    if (row.id.indexOf("new-") === 0) row.id = "new-" + key + "-" + key + "-" + to;
  }
})();
