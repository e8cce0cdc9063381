// Worksheet grid: reorder rows (drag or keyboard buttons), keep row numbers and positions in step,
// count rows added by htmx, and warn before leaving with unsaved changes. No inline scripts (CSP).
(function () {
  "use strict";

  const form = document.querySelector("[data-worksheet-form]");
  if (!form) return;
  const dirtyNote = form.querySelector("[data-dirty-note]");
  let dirty = false;
  let submitting = false;

  function markDirty() {
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
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

  form.addEventListener("click", function (event) {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const row = button.closest("tr");
    const tbody = row.parentElement;
    if (button.dataset.move === "up" && row.previousElementSibling) {
      tbody.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "down" && row.nextElementSibling) {
      tbody.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumber(tbody);
    markDirty();
    button.focus();
  });

  document.querySelectorAll("tbody[data-rows]").forEach(function (tbody) {
    if (window.Sortable) {
      window.Sortable.create(tbody, {
        handle: "[data-drag-handle]",
        animation: 120,
        onEnd: function () {
          renumber(tbody);
          markDirty();
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
    markDirty();
    const rows = tbody.querySelectorAll(":scope > tr[data-row]");
    const added = rows[rows.length - 1];
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
    markDirty();
    field.focus();
  });
})();
