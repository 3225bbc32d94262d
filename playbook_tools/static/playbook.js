/* Interview Playbook: fill an email template's placeholders in the browser.
 *
 * For every embedded email template, add one field per variable, prefilled with the example
 * value from the variables table. The template keeps its {{ placeholders }} (so the copy button
 * copies the template's own text) until a field is edited or "Fill in all" is pressed; then the
 * placeholders are replaced in place and the copy button copies the filled text. Nothing leaves
 * the page. Without JavaScript the page shows the template with its placeholders.
 *
 * It also gives code blocks and tables that scroll sideways a tab stop, so a keyboard can
 * scroll them.
 */
(function () {
  "use strict";

  // The words the script shows, in the page's language: the extension writes them into
  // window.PLAYBOOK_LABELS from the translation catalog; English when a page has none.
  function label(key, english) {
    var labels = window.PLAYBOOK_LABELS || {};
    return labels[key] || english;
  }

  function variablesOf(box) {
    var rows = box.querySelectorAll("table.playbook-variables tbody tr");
    return Array.prototype.map.call(rows, function (row) {
      var cells = row.querySelectorAll("td");
      return { name: cells[0].textContent.trim(), example: cells[2].textContent.trim() };
    });
  }

  function fill(box, name, value) {
    var spans = box.querySelectorAll(".playbook-copyable .playbook-var-" + name);
    Array.prototype.forEach.call(spans, function (span) {
      var filled = value.length > 0;
      span.textContent = filled ? value : "{{ " + name + " }}";
      span.classList.toggle("playbook-filled", filled);
    });
  }

  function button(text, className, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function addForm(box, index) {
    var variables = variablesOf(box);
    if (!variables.length) return;
    var fieldset = document.createElement("fieldset");
    fieldset.className = "playbook-fill";
    var legend = document.createElement("legend");
    legend.textContent = label("legend", "Fill in the template (stays in your browser)");
    fieldset.appendChild(legend);
    var grid = document.createElement("div");
    grid.className = "playbook-fill-form";
    variables.forEach(function (variable) {
      var id = "playbook-fill-" + index + "-" + variable.name;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = variable.name;
      var multiline = variable.example.indexOf("\n") >= 0;
      var input = document.createElement(multiline ? "textarea" : "input");
      input.id = id;
      input.name = variable.name;
      input.value = variable.example;
      input.setAttribute("data-variable", variable.name);
      if (multiline) input.rows = variable.example.split("\n").length;
      input.addEventListener("input", function () { fill(box, variable.name, input.value); });
      grid.appendChild(label);
      grid.appendChild(input);
    });
    fieldset.appendChild(grid);
    fieldset.appendChild(button(label("fill", "Fill in all"), "playbook-fill-all", function () {
      Array.prototype.forEach.call(grid.querySelectorAll("[data-variable]"), function (input) {
        fill(box, input.getAttribute("data-variable"), input.value);
      });
    }));
    fieldset.appendChild(button(label("reset", "Show placeholders"), "playbook-fill-reset", function () {
      variables.forEach(function (variable) { fill(box, variable.name, ""); });
    }));
    var subject = box.querySelector(".playbook-copyable");
    box.insertBefore(fieldset, subject ? subject.previousElementSibling : null);
  }

  // A code block or table wider than the page scrolls sideways; keyboard users can only scroll
  // it if it can take focus (WCAG 2.1.1; axe: scrollable-region-focusable). Only blocks that
  // overflow at the current width get a tab stop, so the tab order isn't cluttered.
  function makeScrollableFocusable() {
    var blocks = document.querySelectorAll("div.highlight pre, div.table-wrapper");
    function update(block) {
      if (block.scrollWidth > block.clientWidth) {
        block.setAttribute("tabindex", "0");
      } else {
        block.removeAttribute("tabindex");
      }
    }
    Array.prototype.forEach.call(blocks, update);
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      Array.prototype.forEach.call(blocks, function (block) { observer.observe(block); });
    }
  }

  function start() {
    var boxes = document.querySelectorAll(".playbook-artifact.playbook-email");
    Array.prototype.forEach.call(boxes, addForm);
    makeScrollableFocusable();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
