/* marsad dashboard: map, timeline, table and evidence panel over the REST API.
 * Article text is untrusted: it is only ever inserted with textContent / createTextNode,
 * never as HTML. Filters live in the URL (deep links). */
(function () {
  "use strict";

  const I18N = {
    en: {title: "marsad", switch: "العربية", since: "From", until: "To", country: "Country", event_type: "Type",
      actor: "Actor", claim_status: "Claim", weapon: "Weapon", q: "Text", apply: "Apply", reset: "Reset",
      download: "Download CSV", date: "Date", location: "Location", actor1: "Actor 1", actor2: "Actor 2",
      fatalities: "Fatalities", sources: "Sources", more: "More", close: "Close", any: "any",
      events: "events", admin1: "Governorate", precision: "Geo precision", weapons: "Weapons", reports: "reports",
      first: "First reported", scale: "Source scale", merge: "why merged", open: "open the source",
      Battles: "Battles", "Explosions/Remote violence": "Explosions/Remote violence",
      "Violence against civilians": "Violence against civilians", Protests: "Protests", Riots: "Riots",
      "Strategic developments": "Strategic developments", reported: "reported", claimed: "claimed",
      confirmed: "confirmed", denied: "denied"},
    ar: {title: "مرصد", switch: "English", since: "من", until: "إلى", country: "البلد", event_type: "النوع",
      actor: "الفاعل", claim_status: "التبني", weapon: "السلاح", q: "نص", apply: "تطبيق", reset: "مسح",
      download: "تنزيل CSV", date: "التاريخ", location: "المكان", actor1: "الفاعل الأول", actor2: "الفاعل الثاني",
      fatalities: "القتلى", sources: "المصادر", more: "المزيد", close: "إغلاق", any: "الكل",
      events: "حدث", admin1: "المحافظة", precision: "دقة الموقع", weapons: "الأسلحة", reports: "تقارير",
      first: "أول تقرير", scale: "نطاق المصدر", merge: "سبب الدمج", open: "فتح المصدر",
      Battles: "معارك", "Explosions/Remote violence": "تفجيرات/عنف عن بعد",
      "Violence against civilians": "عنف ضد المدنيين", Protests: "احتجاجات", Riots: "أعمال شغب",
      "Strategic developments": "تطورات استراتيجية", reported: "مُبلغ عنه", claimed: "متبنى",
      confirmed: "مؤكد", denied: "منفي"}
  };
  const COLORS = {"Battles": "#c0392b", "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad", "Protests": "#27ae60", "Riots": "#16a085",
    "Strategic developments": "#2c3e50"};
  const FILTERS = ["since", "until", "country", "event_type", "actor", "claim_status", "weapon", "q"];
  const PAGE = 100;

  let lang = new URLSearchParams(location.search).get("lang") || "en";
  let cursor = null;
  let markers = null;
  const byId = new Map();
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => (I18N[lang] && I18N[lang][key]) || key;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return e;
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
    drawLegend();
  }

  function currentFilters() {
    const out = new URLSearchParams();
    const form = $("#filters");
    for (const name of FILTERS) {
      const v = form.elements[name].value.trim();
      if (v) out.set(name, v);
    }
    return out;
  }

  function syncUrl(extra) {
    const p = currentFilters();
    if (lang !== "en") p.set("lang", lang);
    for (const [k, v] of Object.entries(extra || {})) if (v) p.set(k, v);
    const sel = new URLSearchParams(location.search).get("event");
    if (sel && !(extra && "event" in extra)) p.set("event", sel);
    history.replaceState(null, "", "?" + p.toString());
    $("#download").href = "/api/export?format=acled-csv&" + currentFilters().toString();
  }

  async function api(path, params) {
    const r = await fetch(path + (params ? "?" + params.toString() : ""), {headers: {Accept: "application/json"}});
    const body = await r.json();
    if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
    return body;
  }

  // -- map --------------------------------------------------------------------------------
  const map = L.map("map", {zoomControl: true, attributionControl: true}).setView([34.5, 41.5], 6);
  // the offline boundaries arrive after the first markers: their own pane keeps them underneath
  map.createPane("basemap");
  map.getPane("basemap").style.zIndex = 250;
  async function basemap() {
    const cfg = await api("/api/config");
    if (cfg.tile_url) {
      L.tileLayer(cfg.tile_url, {maxZoom: 18, attribution: "tiles: " + new URL(cfg.tile_url.replace("{s}", "a")).host}).addTo(map);
    } else {
      const topo = await (await fetch("/static/vendor/countries-50m.json")).json();
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {pane: "basemap", interactive: false,
        style: {color: "#7a8699", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1}}).addTo(map);
      map.attributionControl.addAttribution("Natural Earth via world-atlas");
    }
    const govs = await api("/api/places/admin1");
    for (const g of govs) {
      L.circleMarker([g.latitude, g.longitude], {pane: "basemap", radius: 2, color: "#99a", weight: 1,
        interactive: false}).addTo(map);
      const label = L.divIcon({className: "gov-label", html: "", iconSize: null});
      const m = L.marker([g.latitude, g.longitude], {icon: label, interactive: false}).addTo(map);
      m.getElement().textContent = lang === "ar" ? g.name_ar : g.name;
      m.options.gov = g;
      govMarkers.push(m);
    }
  }
  const govMarkers = [];

  function drawMarkers(items, replace) {
    if (replace && markers) { markers.remove(); markers = null; }
    if (!markers) markers = L.layerGroup().addTo(map);
    for (const e of items) {
      if (e.latitude == null || e.longitude == null) continue;
      const m = L.circleMarker([e.latitude, e.longitude], {radius: 5 + Math.min(6, (e.cluster && e.cluster.reports || 1) - 1),
        color: "#222", weight: 1, fillColor: COLORS[e.event_type] || "#555", fillOpacity: 0.85, className: "event-marker"});
      m.on("click", () => openEvent(e.event_id));
      m.bindTooltip(() => el("span", {}, (e.event_date || "") + " · " + t(e.event_type) + " · " + (e.location || e.country || "")));
      m.addTo(markers);
    }
  }

  function drawLegend() {
    const box = $("#legend");
    box.replaceChildren(...Object.entries(COLORS).map(([k, c]) => {
      const sw = el("span", {class: "swatch"});
      sw.style.background = c;
      return el("span", {}, sw, t(k));
    }));
    for (const m of govMarkers) {
      const g = m.options.gov;
      if (m.getElement()) m.getElement().textContent = lang === "ar" ? g.name_ar : g.name;
    }
  }

  // -- timeline (SVG by hand) -------------------------------------------------------------------
  function drawTimeline(series) {
    const svg = $("#timeline");
    const NS = "http://www.w3.org/2000/svg";
    svg.replaceChildren();
    const W = svg.clientWidth || 600, H = svg.clientHeight || 120, pad = 18;
    if (!series.length) return;
    const max = Math.max(...series.map((s) => s.count));
    const bw = Math.max(1, (W - 2 * pad) / series.length);
    series.forEach((s, i) => {
      const h = (H - 2 * pad) * s.count / max;
      const r = document.createElementNS(NS, "rect");
      r.setAttribute("x", pad + i * bw); r.setAttribute("y", H - pad - h);
      r.setAttribute("width", Math.max(1, bw - 1)); r.setAttribute("height", h);
      const tip = document.createElementNS(NS, "title");
      tip.textContent = s.period + ": " + s.count;
      r.append(tip);
      svg.append(r);
    });
    for (const [i, anchor] of [[0, "start"], [series.length - 1, "end"]]) {
      const tx = document.createElementNS(NS, "text");
      tx.setAttribute("x", anchor === "start" ? pad : W - pad); tx.setAttribute("y", H - 4);
      tx.setAttribute("text-anchor", anchor);
      tx.textContent = series[i].period;
      svg.append(tx);
    }
  }

  // -- table ----------------------------------------------------------------------------
  function rows(items, replace) {
    const tb = $("#events tbody");
    if (replace) tb.replaceChildren();
    for (const e of items) {
      byId.set(e.event_id, e);
      const tr = el("tr", {"data-id": e.event_id},
        el("td", {}, e.event_date || ""), el("td", {}, t(e.event_type)),
        el("td", {}, e.location || e.admin1 || e.country || ""), el("td", {}, e.actor1 || ""),
        el("td", {}, e.fatalities == null ? "" : e.fatalities), el("td", {}, (e.cluster && e.cluster.reports) || 1));
      tr.addEventListener("click", () => openEvent(e.event_id));
      tb.append(tr);
    }
  }

  async function load(replace) {
    const p = currentFilters();
    p.set("limit", PAGE);
    if (!replace && cursor) p.set("cursor", cursor);
    const page = await api("/api/events", p);
    cursor = page.next_cursor;
    $("#more").hidden = !cursor;
    rows(page.items, replace);
    drawMarkers(page.items, replace);
    if (replace) {
      const f = currentFilters(); f.set("interval", "day");
      const st = await api("/api/stats", f);
      drawTimeline(st.series);
      $("#total").textContent = st.total + " " + t("events");
    }
  }

  // -- event panel --------------------------------------------------------------------------
  function highlighted(ctx) {
    // the article text around the evidence, the evidence spans marked; every piece is a text node
    const box = el("div", {class: "evidence", dir: "rtl", lang: "ar"});
    let pos = 0;
    for (const sp of [...ctx.spans].sort((a, b) => a.start - b.start)) {
      if (sp.start < pos) continue;
      box.append(document.createTextNode(ctx.text.slice(pos, sp.start)));
      box.append(el("mark", {}, ctx.text.slice(sp.start, sp.end)));
      pos = sp.end;
    }
    box.append(document.createTextNode(ctx.text.slice(pos)));
    return box;
  }

  async function openEvent(id) {
    const e = await api("/api/events/" + encodeURIComponent(id));
    document.querySelectorAll("#events tr.selected").forEach((r) => r.classList.remove("selected"));
    const row = document.querySelector('#events tr[data-id="' + CSS.escape(id) + '"]');
    if (row) row.classList.add("selected");
    $("#panel").hidden = false;
    $("#p-title").textContent = (e.event_date || "") + " — " + t(e.event_type) + (e.sub_event_type ? " / " + e.sub_event_type : "");
    const f = [["location", [e.location, e.admin1, e.country].filter(Boolean).join(", ")], ["actor1", e.actor1],
      ["actor2", e.actor2], ["fatalities", e.fatalities], ["claim_status", t(e.claim_status)],
      ["weapons", (e.weapons || []).join(", ")], ["precision", e.geo_precision],
      ["first", e.cluster && e.cluster.first_reported], ["scale", e.cluster && e.cluster.source_scale]];
    $("#p-fields").replaceChildren(...f.filter(([, v]) => v !== null && v !== undefined && v !== "")
      .flatMap(([k, v]) => [el("dt", {}, t(k)), el("dd", {}, v)]));
    const box = $("#p-sources");
    box.replaceChildren();
    for (const r of e.reports) {
      const link = el("a", {href: /^https?:\/\//.test(r.url || "") ? r.url : null, target: "_blank",
        rel: "noopener noreferrer nofollow"}, r.title || r.url || r.report_id);
      const meta = el("div", {class: "meta"}, (r.outlet || "") + " · " + (r.published || "") + " · " + t(r.claim_status || ""));
      const div = el("div", {class: "source", "data-report": r.report_id}, link, meta);
      try {
        div.append(highlighted(await api("/api/reports/" + encodeURIComponent(r.report_id) + "/context")));
      } catch (err) {
        div.append(el("div", {class: "evidence", dir: "rtl", lang: "ar"}, r.evidence || ""));
      }
      if (r.merge && r.merge.joined) {
        div.append(el("div", {class: "meta"}, t("merge") + ": " + JSON.stringify(r.merge)));
      }
      box.append(div);
    }
    syncUrl({event: id});
    $("#panel").scrollIntoView({block: "nearest"});
    if (e.latitude != null) map.panTo([e.latitude, e.longitude]);
  }

  // -- wiring -----------------------------------------------------------------------------------
  function fromUrl() {
    const p = new URLSearchParams(location.search);
    const form = $("#filters");
    for (const name of FILTERS) form.elements[name].value = p.get(name) || "";
  }

  $("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); syncUrl({event: ""}); load(true); });
  $("#reset").addEventListener("click", () => { $("#filters").reset(); syncUrl({event: ""}); load(true); });
  $("#more").addEventListener("click", () => load(false));
  $("#close").addEventListener("click", () => { $("#panel").hidden = true; syncUrl({event: ""}); });
  $("#lang").addEventListener("click", async () => {
    lang = lang === "en" ? "ar" : "en";
    applyLang();
    syncUrl();
    await load(true);                       // table cells and the panel carry translated labels too
    const sel = new URLSearchParams(location.search).get("event");
    if (sel && !$("#panel").hidden) await openEvent(sel);
  });

  fromUrl();
  applyLang();
  syncUrl();
  basemap().catch((err) => console.error(err));
  load(true).then(async () => {
    const sel = new URLSearchParams(location.search).get("event");
    if (sel) await openEvent(sel);
    const actors = await api("/api/actors", new URLSearchParams({limit: 200}));
    $("#actors").replaceChildren(...actors.map((a) => el("option", {value: a.actor})));
    const st = await api("/api/stats");
    $("#countries").replaceChildren(...st.by_country.map((c) => el("option", {value: c.key})));
    document.body.dataset.ready = "1";
  }).catch((err) => { $("#total").textContent = String(err.message || err); });
})();
