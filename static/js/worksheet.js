// Worksheet grid: reorder rows (drag or keyboard buttons) and announce a move to screen readers, keep row numbers
// and positions in step, count rows added by htmx, warn before leaving with unsaved changes, keep Enter in a one-line
// field from submitting the whole worksheet, and show or hide the optional columns (remembered per worksheet table in
// localStorage; read-only grids too). A change made without an input event (a move, a row added, a colleague's value
// taken) is announced to other scripts (the autosave) as a bubbling "worksheet:changed" event on the form.
// No inline scripts (CSP).
(function () {
  "use strict";

  setUpColumnToggles();

  const form = document.querySelector("[data-worksheet-form]");
  if (!form) return;
  const dirtyNote = form.querySelector("[data-dirty-note]");
  let dirty = false;
  let submitting = false;

  function markDirty() {
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
  }

  // A change the form's own input and change events do not report: marked unsaved, and told to the autosave.
  function changed() {
    markDirty();
    form.dispatchEvent(new CustomEvent("worksheet:changed", { bubbles: true }));
  }

  // "Row 3 moved to position 2." in the page's polite live region (the text is translated in the template).
  function announceMove(from, to) {
    const status = document.querySelector("[data-move-status]");
    if (!status || from === to) return;
    const text = (status.dataset.movedText || "").replace("%(number)s", from).replace("%(position)s", to);
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function rowIndex(row) {
    return Array.prototype.indexOf.call(row.parentElement.querySelectorAll(":scope > tr[data-row]"), row) + 1;
  }

  function renumber(tbody) {
    const rows = tbody.querySelectorAll(":scope > tr[data-row]");
    rows.forEach(function (row, index) {
      const position = row.querySelector("input[data-position]");
      if (position) position.value = index + 1;
      if (tbody.hasAttribute("data-renumber")) {
        const number = row.querySelector("[data-row-number]");
        if (number) number.textContent = index + 1;
      }
    });
  }

  function updateTotal(tbody) {
    const key = tbody.id.replace(/^rows-/, "");
    const total = document.getElementById("id_" + key + "-TOTAL_FORMS");
    let max = -1;
    tbody.querySelectorAll(":scope > tr[data-row]").forEach(function (row) {
      max = Math.max(max, parseInt(row.dataset.formIndex, 10));
    });
    if (total) total.value = max + 1;
  }

  function grow(textarea) {
    if (window.CSS && CSS.supports("field-sizing", "content")) return;
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  form.addEventListener("input", function (event) {
    markDirty();
    if (event.target.matches("textarea")) grow(event.target);
  });
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    submitting = true;
    form.querySelectorAll("tbody[data-rows]").forEach(renumber);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Autosave (autosave.js) has everything typed confirmed by the server: nothing left to warn about.
  form.addEventListener("worksheet:saved", function () {
    dirty = false;
    if (dirtyNote) dirtyNote.hidden = true;
  });

  form.addEventListener("click", function (event) {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const row = button.closest("tr");
    const tbody = row.parentElement;
    const from = rowIndex(row);
    if (button.dataset.move === "up" && row.previousElementSibling) {
      tbody.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "down" && row.nextElementSibling) {
      tbody.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumber(tbody);
    changed();
    button.focus();
    announceMove(from, rowIndex(row));
  });

  // Enter in a one-line field would submit the whole worksheet (the browser's implicit submission): it does nothing
  // there instead. Textareas keep their line breaks; buttons and the save button work as usual.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || event.defaultPrevented) return;
    const target = event.target;
    if (target.tagName !== "INPUT") return;
    if (/^(submit|button|reset|image|checkbox|radio|file)$/.test(target.type)) return;
    event.preventDefault();
  });

  document.querySelectorAll("tbody[data-rows]").forEach(function (tbody) {
    if (window.Sortable) {
      window.Sortable.create(tbody, {
        handle: "[data-drag-handle]",
        animation: 120,
        onEnd: function (event) {
          renumber(tbody);
          changed();
          announceMove(event.oldIndex + 1, event.newIndex + 1);
        },
      });
    }
    tbody.querySelectorAll("textarea").forEach(grow);
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    const tbody = event.detail.target;
    if (!tbody.matches || !tbody.matches("tbody[data-rows]")) return;
    updateTotal(tbody);
    renumber(tbody);
    changed();
    const rows = tbody.querySelectorAll(":scope > tr[data-row]");
    const added = rows[rows.length - 1];
    const table = tbody.closest("table[data-grid]");
    if (table) applyHiddenColumns(table);
    const first = added && added.querySelector("textarea, input:not([type=hidden]), select");
    if (first) first.focus();
  });

  // After a save collided with a colleague's: put the colleague's value into the cell (the officer's own stays
  // until they choose), then the page is saved again as usual.
  form.addEventListener("click", function (event) {
    const button = event.target.closest("[data-use-theirs]");
    if (!button) return;
    const field = document.getElementById(button.dataset.useTheirs);
    if (!field) return;
    if (field.type === "checkbox") {
      field.checked = button.dataset.value === "on";
    } else {
      field.value = button.dataset.value;
      if (field.tagName === "TEXTAREA") grow(field);
    }
    field.dispatchEvent(new Event("change", { bubbles: true }));
    changed();
    field.focus();
  });

  // --- optional columns -----------------------------------------------------------------------------------------
  // Each grid with optional columns has a "Columns shown" disclosure (details[data-columns="<worksheet>-<table>"])
  // whose checkboxes (data-column-toggle="<column name>") show or hide the cells of class ws-col-<column name> in
  // table[data-grid] of the same key. Hidden cells stay in the form (display: none), so their fields are still
  // posted and saved. The hidden columns are kept in localStorage under "seimpact:columns:<worksheet>-<table>" (a
  // JSON list of names); a table not chosen for yet hides those its disclosure lists in data-hidden-default. A
  // column with an error or a colleague's value to choose is shown whatever was chosen.
  function storedHiddenColumns(key, fallback) {
    try {
      const raw = window.localStorage.getItem("seimpact:columns:" + key);
      if (raw === null) return fallback;
      const names = JSON.parse(raw);
      return Array.isArray(names) ? names.filter(function (name) { return typeof name === "string"; }) : fallback;
    } catch (error) {
      return fallback; // storage switched off, or a value that is not ours
    }
  }

  function storeHiddenColumns(key, names) {
    try {
      window.localStorage.setItem("seimpact:columns:" + key, JSON.stringify(names));
    } catch (error) {
      // storage full or switched off: the choice lasts until the page is left
    }
  }

  function hiddenColumnsOf(details) {
    const fallback = (details.dataset.hiddenDefault || "").split(" ").filter(Boolean);
    const offered = Array.prototype.map.call(details.querySelectorAll("[data-column-toggle]"), function (box) {
      return box.dataset.columnToggle;
    });
    return storedHiddenColumns(details.dataset.columns, fallback).filter(function (name) {
      return offered.indexOf(name) !== -1;
    });
  }

  function applyHiddenColumns(table) {
    const details = document.querySelector('details[data-columns="' + table.dataset.grid + '"]');
    if (!details) return;
    const hidden = hiddenColumnsOf(details);
    details.querySelectorAll("[data-column-toggle]").forEach(function (box) {
      const name = box.dataset.columnToggle;
      if (!/^[A-Za-z0-9_-]+$/.test(name)) return;
      // A column with an error or a colleague's value to choose is shown, whatever was chosen: nothing to act on
      // is hidden.
      const flagged = table.querySelector(
        ".ws-col-" + name + " .is-invalid, .ws-col-" + name + " .invalid-feedback, .ws-col-" + name + " .ws-conflict"
      );
      const hide = hidden.indexOf(name) !== -1 && !flagged;
      box.checked = !hide;
      table.querySelectorAll(".ws-col-" + name).forEach(function (cell) {
        cell.classList.toggle("ws-col-hidden", hide);
      });
    });
    const hiddenCount = details.querySelectorAll("[data-column-toggle]:not(:checked)").length;
    const count = details.querySelector("[data-columns-count]");
    if (count) {
      count.textContent = hiddenCount ? (count.dataset.hiddenText || "").replace("%(count)s", hiddenCount) : "";
    }
  }

  function setUpColumnToggles() {
    document.querySelectorAll("details[data-columns]").forEach(function (details) {
      const table = document.querySelector('table[data-grid="' + details.dataset.columns + '"]');
      if (!table) return;
      details.hidden = false;
      applyHiddenColumns(table);
      // The checkboxes are the page's own settings, not the worksheet's content: their events stop here, so the
      // worksheet is not marked changed (nor autosaved) by them.
      ["input", "change"].forEach(function (type) {
        details.addEventListener(type, function (event) {
          event.stopPropagation();
          if (type !== "change" || !event.target.matches("[data-column-toggle]")) return;
          const hidden = Array.prototype.filter
            .call(details.querySelectorAll("[data-column-toggle]"), function (box) { return !box.checked; })
            .map(function (box) { return box.dataset.columnToggle; });
          storeHiddenColumns(details.dataset.columns, hidden);
          applyHiddenColumns(table);
        });
      });
    });
  }
})();
