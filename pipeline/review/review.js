// Review pages (written by `python -m pipeline review`): record details on hover and click, the records table
// sorted, filtered and linked to the highlights. The highlights themselves are in the HTML, cut in Python;
// this file only reads the page's data and never builds markup from it (all text goes in as textContent).
"use strict";
(function () {
  const dataNode = document.getElementById("records-data");
  if (!dataNode) return;                       // the index: nothing to do
  const records = JSON.parse(dataNode.textContent);
  const byId = new Map(records.map((r) => [String(r.id), r]));
  const fragments = records.map(() => []);     // record index -> its <mark> elements, in text order
  document.querySelectorAll("mark.hl").forEach((m) => {
    m.dataset.r.split(" ").forEach((i) => fragments[+i].push(m));
  });
  const rows = new Map();
  document.querySelectorAll("#records tbody tr").forEach((tr) => rows.set(+tr.dataset.i, tr));
  const box = document.getElementById("table-box");
  const detail = document.getElementById("detail");
  const tip = document.getElementById("tip");
  let selected = null;

  const text = (v) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

  function fields(r) {                         // [label, value] pairs shown for a record
    const n = r.normalized || {};
    const labels = r.labels || {};
    const out = [
      ["record", r.id + " · " + text(r.kind) + (r.stretch ? " · stretch" : "")],
      ["indicator", text(r.indicator)],
      ["indicator_id", text(r.indicator_id) + (Object.keys(labels).length
        ? "  (" + Object.keys(labels).map((k) => k + ": " + labels[k]).join(" · ") + ")" : "")],
      ["comparator", text(r.comparator) + "   measure: " + text(r.measure)],
      ["value", text(r.value) + (r.value_max !== null && r.value_max !== undefined ? " – " + r.value_max : "") + " " + text(r.unit)],
      ["normalized", text(n.value) + (n.value_max !== null && n.value_max !== undefined ? " – " + n.value_max : "") + " " + text(n.unit) + " (" + text(n.dimension) + ")"],
      ["period", text(r.period)],
      ["section", (r.section || []).join(" › ") || "—"],
      ["rule", text(r.rule) + (r.page ? "   page " + r.page : "")],
      ["match", text(r.match) + "   [" + r.start + ", " + r.end + ")"],
    ];
    if (r.also && r.also.length) out.push(["also", r.also.map((a) => a.value + " " + a.unit).join(", ")]);
    out.push(["warnings", r.warnings && r.warnings.length ? r.warnings.join("\n") : "none"]);
    if (!r.shown) out.push(["not shown", "its span is not its match in the text"]);
    if (r.twin) {
      const t = r.twin;
      out.push(["twin", t.id + (t.document ? " in " + t.document : " (document not found)")]);
      t.differences.forEach((d) => out.push(["≠ " + d[0], text(d[1]) + "  vs  " + text(d[2])]));
      if (t.document && !t.differences.length) out.push(["agree", "on " + "kind, indicator_id, measure, comparator, stretch, normalized, period"]);
      Object.keys(t.pair).forEach((k) => out.push(["pairs.csv " + k, t.pair[k]]));
    }
    return out;
  }

  function fill(node, list) {                  // the fields of several records, each a <dl>
    node.replaceChildren();
    list.forEach((r) => {
      const dl = document.createElement("dl");
      dl.className = "k-" + (["target", "actual"].includes(r.kind) ? r.kind : "other");
      fields(r).forEach(([k, v]) => {
        const dt = document.createElement("dt");
        const dd = document.createElement("dd");
        dt.textContent = k;
        dd.textContent = v;
        dl.append(dt, dd);
      });
      if (r.twin && r.twin.href && node === detail) {
        const a = document.createElement("a");
        a.href = r.twin.href;
        a.textContent = "open the twin";
        dl.append(document.createElement("dt"), a);
      }
      node.append(dl);
    });
  }

  function select(i, scrollText) {
    if (selected !== null) {
      fragments[selected].forEach((m) => m.classList.remove("sel"));
      rows.get(selected).classList.remove("sel");
    }
    selected = i;
    fragments[i].forEach((m) => m.classList.add("sel"));
    const row = rows.get(i);
    row.classList.add("sel");
    fill(detail, [records[i]]);                // first: the details pane's height changes the table's
    const rr = row.getBoundingClientRect();
    const br = box.getBoundingClientRect();
    if (rr.top < br.top + 30 || rr.bottom > br.bottom) box.scrollTop += rr.top - br.top - br.height / 3;
    if (scrollText && fragments[i].length) fragments[i][0].scrollIntoView({ block: "center" });
    history.replaceState(null, "", "#" + encodeURIComponent(records[i].id));
  }

  document.querySelectorAll("mark.hl").forEach((m) => {
    const here = () => m.dataset.r.split(" ").map(Number);
    m.addEventListener("click", () => {       // a segment of several records: each click selects the next
      const list = here();
      const at = list.indexOf(selected);
      select(list[(at + 1) % list.length], false);
    });
    m.addEventListener("mouseenter", (e) => {
      fill(tip, here().map((i) => records[i]));
      tip.hidden = false;
      place(e);
    });
    m.addEventListener("mousemove", place);
    m.addEventListener("mouseleave", () => { tip.hidden = true; });
  });

  function place(e) {
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(e.clientX + 12, window.innerWidth - w - 4)) + "px";
    tip.style.top = (e.clientY + 16 + h < window.innerHeight ? e.clientY + 16 : Math.max(4, e.clientY - h - 8)) + "px";
  }

  rows.forEach((tr, i) => {
    tr.tabIndex = 0;
    tr.addEventListener("click", () => select(i, true));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") select(i, true); });
  });

  const filters = [...document.querySelectorAll("select[data-filter]")];
  const count = document.getElementById("count");
  function applyFilters() {
    const want = filters.map((s) => [s.dataset.filter, s.value]).filter(([, v]) => v !== "*");
    let shown = 0;
    const visible = records.map((r, i) => {
      const tr = rows.get(i);
      const ok = want.every(([k, v]) => tr.dataset[k] === v);
      tr.hidden = !ok;
      shown += ok;
      return ok;
    });
    document.querySelectorAll("mark.hl").forEach((m) => {
      m.classList.toggle("off", !m.dataset.r.split(" ").some((i) => visible[+i]));
    });
    count.textContent = shown + " of " + records.length;
  }
  filters.forEach((s) => s.addEventListener("change", applyFilters));
  applyFilters();

  const tbody = document.querySelector("#records tbody");
  document.querySelectorAll("#records th[data-sort]").forEach((th) => {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      const up = th.getAttribute("aria-sort") !== "ascending";
      document.querySelectorAll("#records th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      const value = (tr) => tr.dataset[key];
      const sorted = [...rows.values()].sort((a, b) => {
        const x = value(a), y = value(b);
        let c;
        if (x === "" || y === "") c = (x === "") - (y === "");          // empty cells last either way
        else {
          const nx = Number(x), ny = Number(y);
          c = isFinite(nx) && isFinite(ny) ? nx - ny : x.localeCompare(y);
          if (!up) c = -c;
        }
        return c || a.dataset.start - b.dataset.start;
      });
      tbody.append(...sorted);
    });
  });

  const wanted = byId.get(decodeURIComponent(location.hash.slice(1)));
  if (wanted) select(wanted.i, true);
})();
