// A table wider than its box scrolls inside it (.table-responsive). Keyboard users can scroll such a box only when it
// can take the focus: while it overflows, it gets tabindex="0", role="region" and the table's caption (or the nearest
// heading) as its name (WCAG 2.1.1; axe "scrollable-region-focusable"). Boxes the template already made focusable are
// left alone. No inline scripts (CSP).
(function () {
  "use strict";

  function nameOf(box) {
    const caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    let node = box;
    while (node && node !== document.body) {
      let sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName) || sibling.tagName === "SUMMARY") return sibling.textContent.trim();
        const heading = sibling.querySelector && sibling.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) return heading.textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }

  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-scroll-region")) return; // the template's own
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("data-scroll-region")) {
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", nameOf(box));
          box.setAttribute("data-scroll-region", "named");
        }
      } else if (!overflows && box.hasAttribute("data-scroll-region")) {
        if (box.getAttribute("data-scroll-region") === "named") box.removeAttribute("aria-label");
        box.removeAttribute("data-scroll-region");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  let pending = null;
  function later() {
    window.clearTimeout(pending);
    pending = window.setTimeout(mark, 150);
  }

  mark();
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true); // a <details> opened: its tables have a width now
  document.body.addEventListener("htmx:afterSwap", later);
})();
