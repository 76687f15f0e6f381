// Renders every chart of a monitor page with vega-embed. The CSP forbids eval, so Vega runs
// its expressions through vega-interpreter ({ast: true, expr: expressionInterpreter}).
import { expressionInterpreter } from "../vendor/vega-interpreter/vega-interpreter.js";

const english = document.documentElement.lang === "en";
const formatLocale = english
  ? { decimal: ".", thousands: ",", grouping: [3], currency: ["", " €"] }
  : { decimal: ",", thousands: ".", grouping: [3], currency: ["", " €"] };
const i18n = english
  ? {
      CLICK_TO_VIEW_ACTIONS: "Chart actions",
      PNG_ACTION: "Save as PNG",
      SVG_ACTION: "Save as SVG",
    }
  : {
      CLICK_TO_VIEW_ACTIONS: "Aktionen zur Grafik",
      PNG_ACTION: "Als PNG speichern",
      SVG_ACTION: "Als SVG speichern",
      COMPILED_ACTION: "Vega-Spezifikation",
      EDITOR_ACTION: "Im Editor öffnen",
      SOURCE_ACTION: "Quelltext",
    };

// vega-embed fills in an export link's address on mousedown only; keyboard users press Enter
// without a mousedown, so do the same on Enter and Space and then follow the link.
function enableKeyboardExport(container, view) {
  // The menu button is an icon only: give it a name that says which chart it belongs to.
  const summary = container.querySelector("details > summary");
  if (summary) {
    const title = container.closest("figure")?.querySelector("figcaption")?.textContent.trim();
    summary.setAttribute("aria-label", i18n.CLICK_TO_VIEW_ACTIONS + (title ? ": " + title : ""));
    summary.querySelectorAll("svg").forEach((icon) => icon.setAttribute("aria-hidden", "true"));
  }
  container.querySelectorAll(".vega-actions a[download]").forEach((link) => {
    const type = link.download.endsWith(".png") ? "png" : "svg";
    link.addEventListener("keydown", async (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      link.href = await view.toImageURL(type, type === "png" ? 2 : 1);
      link.click();
    });
  });
}

async function render(container) {
  const source = document.getElementById(container.dataset.vegaSpec);
  if (!source) return;
  const spec = JSON.parse(source.textContent);
  try {
    const result = await window.vegaEmbed(container, spec, {
      renderer: "svg",
      ast: true,
      expr: expressionInterpreter,
      // vega-embed and vega-tooltip would inject <style> elements, which the CSP blocks;
      // monitor.css carries the styles instead.
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      formatLocale,
      i18n,
      downloadFileName: container.dataset.vegaSpec.replace(/^spec-/, ""),
      actions: { export: true, source: false, compiled: false, editor: false },
      forceActionsMenu: true, // the menu, not bare links, although defaultStyle is off
    });
    enableKeyboardExport(container, result.view);
    container.dataset.rendered = "true";
  } catch (error) {
    container.dataset.rendered = "error";
    const note = document.createElement("p");
    note.className = "kern-body";
    note.textContent = english
      ? "The chart could not be drawn; the table below holds its data."
      : "Die Grafik konnte nicht gezeichnet werden; die Tabelle darunter enthält ihre Daten.";
    container.append(note);
    console.error(error);
  }
}

document.querySelectorAll("[data-vega-spec]").forEach(render);

// Printing: open every data table, and close those the reader had closed afterwards.
const opened = [];
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.chart__data:not([open])").forEach((details) => {
    details.open = true;
    opened.push(details);
  });
});
window.addEventListener("afterprint", () => {
  opened.splice(0).forEach((details) => {
    details.open = false;
  });
});

// Printing one chart or table: hide everything that is not it or one of its ancestors, open
// its data table, print, and undo all of it afterwards.
function printOne(target) {
  const hidden = [];
  for (let node = target; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement.children) {
      if (sibling !== node && !sibling.classList.contains("print-hidden")) {
        sibling.classList.add("print-hidden");
        hidden.push(sibling);
      }
    }
  }
  const closed = [...target.querySelectorAll("details.chart__data:not([open])")];
  closed.forEach((details) => (details.open = true));
  target.classList.add("print-target");
  const undo = () => {
    hidden.forEach((element) => element.classList.remove("print-hidden"));
    closed.forEach((details) => (details.open = false));
    target.classList.remove("print-target");
    window.removeEventListener("afterprint", undo);
  };
  window.addEventListener("afterprint", undo);
  window.print();
}

document.querySelectorAll("[data-print-one]").forEach((button) => {
  // A chart's button prints the figure; a table's the table just before its download line.
  const line = button.closest("p");
  const target = button.closest("figure.chart") || line?.previousElementSibling;
  if (!target) return;
  button.hidden = false;
  button.addEventListener("click", () => printOne(target));
});
