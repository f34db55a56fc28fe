// Horreum dashboard: plain JavaScript, no framework, no CDN. Every value from the server is set as text, never as HTML.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const nf = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const tokenKey = "horreum.token";
  let pending = 0;
  let progressEvents = 0;

  const fmtMs = (ms) => ms == null ? "" : ms < 1000 ? `${nf.format(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  const fmtN = (n) => n == null ? "" : nf.format(n);

  function cell(text, cls) {
    const td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    if (cls) td.className = cls;
    return td;
  }
  function badge(text) {
    const td = document.createElement("td");
    const span = document.createElement("span");
    span.className = "state " + text;
    span.textContent = String(text).replace(/_/g, " ");
    td.appendChild(span);
    return td;
  }
  function fill(tbody, rows) {
    tbody.replaceChildren(...rows.map((cells) => { const tr = document.createElement("tr"); tr.append(...cells); return tr; }));
  }
  function say(text, error) {
    const m = $("message");
    m.textContent = text;
    m.className = error ? "error" : "";
  }

  function headers(json) {
    const h = { "Accept": "application/json" };
    if (json) h["Content-Type"] = "application/json";
    const token = sessionStorage.getItem(tokenKey);
    if (token) h["Authorization"] = "Bearer " + token;
    return h;
  }

  // Returns the parsed body; throws an Error whose message is the problem's detail.
  async function api(path, body) {
    const init = body === undefined ? { headers: headers(false) } : { method: "POST", headers: headers(true), body: JSON.stringify(body) };
    const res = await fetch("api/" + path, init);
    const text = await res.text();
    const doc = text ? JSON.parse(text) : null;
    if (!res.ok) {
      let detail = doc && doc.detail ? doc.detail : `HTTP ${res.status}`;
      if (res.status === 401) { $("auth").open = true; detail += " Enter the token above."; }
      if (res.status === 409 && doc && doc.holder) detail = `Busy: the migration lock is held by ${doc.holder.host} pid ${doc.holder.pid} (${doc.holder.operation || "run"}${doc.holder.current_migration ? ", " + doc.holder.current_migration : ""}).`;
      const err = new Error(detail);
      err.status = res.status;
      throw err;
    }
    return doc;
  }

  async function loadStatus() {
    const s = await api("status");
    pending = s.pending;
    const holder = s.lock_holder ? ` · lock held by ${s.lock_holder.host} pid ${s.lock_holder.pid}` : "";
    $("summary").textContent = `${s.migrations.length} migrations, ${s.pending} pending${holder}`;
    fill($("migrations").tBodies[0], s.migrations.map((m) => [
      cell(m.id, "id"), badge(m.code_missing ? "code_missing" : m.state), cell(fmtMs(m.duration_ms)), cell(fmtN(m.scanned), "num"), cell(fmtN(m.modified), "num"),
    ]));
    $("run").disabled = s.pending === 0;
  }

  async function loadHistory() {
    const h = await api("history?limit=200");
    const events = h.events.slice().reverse();
    fill($("history").tBodies[0], events.slice(0, 50).map((e) => [
      cell(new Date(e.at).toISOString().replace("T", " ").slice(0, 19)), cell(e.migration_id, "id"), badge(e.status), cell(fmtMs(e.duration_ms)),
      cell(fmtN(e.processed), "num"), cell(e.records_per_second == null ? "" : nf.format(e.records_per_second), "num"),
    ]));
    drawChart(h.events.filter((e) => e.records_per_second != null).slice(-24));
  }

  function svg(name, attrs, text) {
    const el = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text != null) el.textContent = text;
    return el;
  }

  function drawChart(events) {
    const chart = $("chart");
    const title = $("chart-title");
    chart.replaceChildren(title);
    const W = 600, H = 180, left = 48, bottom = 22, top = 10;
    chart.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom, class: "axis" }));
    chart.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: H - bottom, class: "axis" }));
    if (events.length === 0) {
      chart.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No runs with records yet"));
      return;
    }
    const max = Math.max(...events.map((e) => e.records_per_second));
    chart.appendChild(svg("text", { x: left - 4, y: top + 10, "text-anchor": "end" }, nf.format(max)));
    chart.appendChild(svg("text", { x: left - 4, y: H - bottom, "text-anchor": "end" }, "0"));
    const slot = (W - left - 8) / Math.max(events.length, 8);
    events.forEach((e, i) => {
      const h = Math.max(1, (e.records_per_second / max) * (H - bottom - top));
      const rect = svg("rect", { x: left + 4 + i * slot, y: H - bottom - h, width: Math.max(2, slot * 0.7), height: h, class: "bar-rect", "data-rps": Math.round(e.records_per_second) });
      rect.appendChild(svg("title", {}, `${e.migration_id}: ${nf.format(e.records_per_second)} records/s, ${fmtN(e.processed)} records`));
      chart.appendChild(rect);
      chart.appendChild(svg("text", { x: left + 4 + i * slot + slot * 0.35, y: H - 6, "text-anchor": "middle" }, String(i + 1)));
    });
  }

  async function loadDrift(data) {
    const d = await api(data ? "drift?data=true&sample=1000" : "drift");
    $("drift-summary").textContent = d.items.length === 0
      ? `No drift${d.records_checked ? ` (${fmtN(d.records_checked)} records checked)` : ""}.`
      : `Drift: ${d.severity}${d.records_checked ? ` (${fmtN(d.records_checked)} records checked)` : ""}.`;
    $("drift-summary").className = "sev-" + d.severity;
    fill($("drift").tBodies[0], d.items.map((i) => [
      cell(i.severity, "sev-" + i.severity), cell(i.kind), cell(i.subject, "id"), cell(i.field), cell(i.change), cell(i.detail),
    ]));
  }

  async function refresh() {
    try {
      await Promise.all([loadStatus(), loadHistory(), loadDrift(false)]);
    } catch (e) {
      say(e.message, true);
    }
  }

  async function dryRun() {
    $("dry-run").disabled = true;
    say("Dry run in progress (reads everything, writes nothing)…");
    try {
      const r = await api("dry-run", {});
      $("preview-section").hidden = false;
      fill($("preview").tBodies[0], r.migrations.map((m) => [
        cell(m.id, "id"), badge(m.outcome), cell(fmtN(m.scanned), "num"), cell(fmtN(m.modified), "num"), cell(fmtN(m.fields_changed), "num"),
      ]));
      const planned = r.migrations.flatMap((m) => m.planned_writes.slice(0, 3));
      $("planned").replaceChildren(...planned.map((w) => { const li = document.createElement("li"); li.textContent = w; return li; }));
      const records = r.migrations.reduce((a, m) => a + m.modified, 0);
      say(r.migrations.length === 0 ? "Nothing pending: the dry run has nothing to preview." : `Dry run: ${r.migrations.length} migrations would change ${fmtN(records)} records. Nothing was written.`);
    } catch (e) {
      say(e.message, true);
    } finally {
      $("dry-run").disabled = false;
    }
  }

  function askRun() {
    $("confirm-text").textContent = `Apply ${pending} pending migration${pending === 1 ? "" : "s"} to this Redis? This writes data; a rollback is possible only for reversible migrations.`;
    $("confirm").hidden = false;
    $("confirm-run").focus();
  }

  async function run() {
    $("confirm").hidden = true;
    const throttle = Number($("throttle").value);
    const body = throttle > 0 ? { max_records_per_second: throttle } : {};
    try {
      const started = await api("run", body);
      say(`Run ${started.run_id} started.`);
      document.body.dataset.run = "running";
      // The bar sits below the migrations and the preview: bring it into view for the person who started the run.
      $("progress-section").scrollIntoView({ block: "center" });
    } catch (e) {
      say(e.message, true);
    }
  }

  function showProgress(p) {
    progressEvents++;
    const bar = $("progress-bar");
    bar.dataset.events = String(progressEvents);
    bar.classList.remove("done");
    const pct = p.fraction == null ? null : Math.round(p.fraction * 100);
    bar.classList.toggle("indeterminate", pct == null);
    if (pct != null) {
      bar.querySelector(".fill").style.width = pct + "%";
      bar.setAttribute("aria-valuenow", String(pct));
      bar.dataset.max = String(Math.max(pct, Number(bar.dataset.max || 0)));
    }
    $("progress-label").textContent = `${p.migration_id}: ${fmtN(p.processed)}${p.estimated_total != null ? " / " + fmtN(p.estimated_total) : ""} records${pct != null ? ` (${pct} %)` : ""}`;
    $("progress-stats").textContent = `${fmtN(p.records_per_second)} records/s` + (p.eta_seconds != null && pct !== 100 ? ` · ETA ${Math.ceil(p.eta_seconds)} s` : "") + ` · ${fmtN(p.modified)} changed`;
  }

  function showEnd(state) {
    const bar = $("progress-bar");
    bar.classList.remove("indeterminate");
    document.body.dataset.run = state.error ? "failed" : "done";
    if (state.error) {
      $("progress-label").textContent = `Run ${state.run_id} stopped: ${state.error}`;
      say(state.error, true);
    } else if (state.result) {
      const ok = state.result.succeeded;
      if (ok) { bar.classList.add("done"); bar.querySelector(".fill").style.width = "100%"; bar.setAttribute("aria-valuenow", "100"); }
      const applied = state.result.migrations.filter((m) => m.outcome === "applied").length;
      const failed = state.result.migrations.find((m) => m.outcome === "failed");
      $("progress-label").textContent = ok ? `Run finished: ${applied} applied, ${state.result.migrations.length - applied} not needed.` : `Run failed at ${failed.id}: ${failed.error}`;
      say(ok ? "Run finished." : "Run failed.", !ok);
    }
    refresh();
  }

  function onEvent(name, data) {
    const doc = JSON.parse(data);
    if (name === "state") {
      if (doc.running) { document.body.dataset.run = "running"; if (doc.progress) showProgress(doc.progress); }
    } else if (name === "started") {
      document.body.dataset.run = "running";
      const bar = $("progress-bar");
      bar.dataset.max = "0";
      bar.setAttribute("aria-valuenow", "0");
      bar.querySelector(".fill").style.width = "0";
      $("progress-label").textContent = `Run ${doc.run_id} started…`;
    } else if (name === "progress") {
      showProgress(doc);
    } else if (name === "done" || name === "failed") {
      showEnd(doc);
    }
  }

  // A wait that a new token cuts short, so the progress stream reconnects with it at once.
  let wake = () => {};
  const pause = (ms) => new Promise((r) => { const t = setTimeout(r, ms); wake = () => { clearTimeout(t); r(); }; });

  // Server-Sent Events read with fetch (EventSource cannot send the Authorization header); reconnects when the stream ends.
  async function follow() {
    for (;;) {
      try {
        const res = await fetch("api/progress", { headers: headers(false) });
        if (!res.ok || !res.body) throw new Error("progress stream: HTTP " + res.status);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let end;
          while ((end = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let name = "message", data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event: ")) name = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (data) onEvent(name, data);
          }
        }
      } catch (e) {
        await pause(3000);
      }
      await pause(500);
    }
  }

  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const t = $("token").value.trim();
    if (t) sessionStorage.setItem(tokenKey, t); else sessionStorage.removeItem(tokenKey);
    $("token").value = "";
    $("auth").open = false;
    wake();
    refresh();
  });
  $("dry-run").addEventListener("click", dryRun);
  $("run").addEventListener("click", askRun);
  $("confirm-run").addEventListener("click", run);
  $("cancel-run").addEventListener("click", () => { $("confirm").hidden = true; });
  $("refresh").addEventListener("click", refresh);
  $("check-data").addEventListener("click", () => loadDrift(true).catch((e) => say(e.message, true)));
  refresh();
  follow();
})();
