// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A wide table scrolls sideways inside its own region, never the page (WCAG 2.2 1.4.10):
// the region can be reached with the keyboard and is named by the table's caption.
for (const table of document.querySelectorAll("table.govuk-table")) {
  if (table.parentElement.classList.contains("app-table-scroll")) continue;
  const region = document.createElement("div");
  region.className = "app-table-scroll";
  region.setAttribute("role", "region");
  region.setAttribute("tabindex", "0");
  const caption = table.caption && table.caption.textContent.trim();
  region.setAttribute("aria-label", caption || table.dataset.label || document.title);
  table.replaceWith(region);
  region.appendChild(table);
}
